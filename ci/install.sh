#!/usr/bin/env bash
# Installs schemac from this checkout on Debian 12, for CI jobs (github/action.yml,
# gitlab/schemac.gitlab-ci.yml): tools/package builds the .deb (installing the build's
# packages first) and apt-get installs it with the libraries it needs. SCHEMAC_BUILD_DIR names
# the build folder to keep between jobs (default: build/ in this checkout). Prints the version.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(./tools/package | tail -1)
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null
schemac --version
