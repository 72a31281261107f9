#!/usr/bin/env bash
# Applies the pending migrations for the GitHub action and the GitLab template (their default
# branch only): `schemac migrate` in the project's folder, on $DATABASE_URL or on the database
# of an environment of schemac.toml. Exits with migrate's code (0 applied or nothing to apply,
# 1 a migration failed, 2 could not run).
# Settings, from the environment:
#   SCHEMAC_WORKING_DIRECTORY  the project's folder (default: .)
#   SCHEMAC_ENV                an environment of schemac.toml (--env), which names its database
#   DATABASE_URL               the database otherwise (from a secret: never printed)
set -uo pipefail
cd "${SCHEMAC_WORKING_DIRECTORY:-.}" || exit 2
args=(migrate)
if [ -n "${SCHEMAC_ENV:-}" ]; then
  args+=(--env "$SCHEMAC_ENV")
elif [ -z "${DATABASE_URL:-}" ]; then
  echo "schemac: error: no database to migrate" >&2
  echo "help: give the database URL from a secret (DATABASE_URL; the action's database-url), or an environment of schemac.toml (SCHEMAC_ENV)" >&2
  exit 2
fi
if [ -n "${GITHUB_ACTIONS:-}" ]; then args+=(--format github); fi
schemac "${args[@]}"
