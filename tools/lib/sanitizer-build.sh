#!/usr/bin/env bash
# Configures and builds the sanitizer build: clang, AddressSanitizer (leak checking on) and
# UndefinedBehaviorSanitizer, the libFuzzer targets, and the tests when TESTS is ON. OPT is the
# optimisation level: -O0 (the default) builds fastest, for the test suite; tools/fuzz builds
# with -O1, which runs the targets several times faster. Line tables are kept so that every
# report names the line. Installs clang and its sanitizer runtimes when missing (tools/setup).
# Usage: tools/lib/sanitizer-build.sh BUILD_DIR [TESTS: ON|OFF] [OPT] [more CMake arguments]
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=$1
tests=${2:-ON}
opt=${3:--O0}
shift $(($# < 3 ? $# : 3))
SCHEMAC_BUILD_DIR="$build_dir" \
SCHEMAC_EXTRA_PACKAGES="${SCHEMAC_EXTRA_PACKAGES:-} clang libclang-rt-14-dev" \
  ./tools/setup -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt -gline-tables-only" \
    -DSCHEMAC_SANITIZE=ON -DSCHEMAC_FUZZ=ON -DSCHEMAC_TESTS="$tests" -DSCHEMAC_WERROR=ON "$@"
