#!/usr/bin/env bash
# Configures and builds the sanitizer build: clang, AddressSanitizer (leak checking on) and
# UndefinedBehaviorSanitizer, the tests and the libFuzzer targets, at -O1 with line tables so
# that reports name the line. Installs clang and its sanitizer runtimes when missing (through
# tools/setup). Usage: tools/lib/sanitizer-build.sh BUILD_DIR [TESTS: ON|OFF]
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=$1
tests=${2:-ON}
SCHEMAC_BUILD_DIR="$build_dir" \
SCHEMAC_EXTRA_PACKAGES="${SCHEMAC_EXTRA_PACKAGES:-} clang libclang-rt-14-dev" \
  ./tools/setup -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DSCHEMAC_SANITIZE=ON -DSCHEMAC_FUZZ=ON -DSCHEMAC_TESTS="$tests" -DSCHEMAC_WERROR=ON \
    -DSCHEMAC_CORPUS_DIR=
