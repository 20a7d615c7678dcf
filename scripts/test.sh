#!/usr/bin/env bash
# The test command: installs dependencies, builds everything and runs every test.
#   scripts/test.sh             normal build (build/)
#   scripts/test.sh --sanitize  AddressSanitizer + UBSan build (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${1:-}" = "--sanitize" ]; then
  export BUILD_DIR=build-asan
  scripts/build.sh -DENP_SANITIZE=ON -DENP_WERROR=ON -DENP_BUILD_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  export BUILD_DIR=build
  scripts/build.sh -DENP_WERROR=ON
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" --timeout 600
