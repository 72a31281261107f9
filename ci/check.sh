#!/usr/bin/env bash
# The CI gate of the GitHub action and the GitLab template: `schemac check` in the project's
# folder. The findings go to the job's log (as workflow annotations on GitHub when no SARIF log
# is written) and, as a SARIF log, to $SCHEMAC_SARIF_FILE for code scanning. Exits with check's
# code: 0 nothing found, 1 findings, 2 could not run (then no SARIF file: an empty upload would
# close every open alert).
# Settings, from the environment:
#   SCHEMAC_WORKING_DIRECTORY  the project's folder (default: .); schemac.toml is found from it
#   SCHEMAC_VERIFY             true (default): also replay the migrations on a scratch PostgreSQL
#   SCHEMAC_ENV                an environment of schemac.toml (--env); default: none
#   SCHEMAC_SARIF_FILE         where the SARIF log goes, relative to the project's folder
#                              (default: schemac.sarif; empty: no log)
# On GitHub, `exit-code=N` is added to $GITHUB_OUTPUT.
set -uo pipefail
cd "${SCHEMAC_WORKING_DIRECTORY:-.}" || exit 2
args=(check)
if [ "${SCHEMAC_VERIFY:-true}" = true ]; then args+=(--verify); fi
if [ -n "${SCHEMAC_ENV:-}" ]; then args+=(--env "$SCHEMAC_ENV"); fi
sarif=${SCHEMAC_SARIF_FILE-schemac.sarif}
if [ -n "$sarif" ]; then
  schemac "${args[@]}" --format sarif >"$sarif"
  status=$?
  if [ "$status" -eq 2 ]; then rm -f "$sarif"; fi
elif [ -n "${GITHUB_ACTIONS:-}" ]; then
  schemac "${args[@]}" --format github
  status=$?
else
  schemac "${args[@]}"
  status=$?
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit-code=$status" >>"$GITHUB_OUTPUT"; fi
exit "$status"
