#!/usr/bin/env bash
# Builds the Debian package with CPack: build-pkg/enp_<version>_amd64.deb (Release, no tests).
#   scripts/package.sh                    version from project(VERSION) in CMakeLists.txt
#   scripts/package.sh --version 0.1.1    another version from the same tree (the upgrade test)
# BUILD_DIR overrides build-pkg/. The last line printed is the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
scripts/setup.sh --packaging >&2
BUILD_DIR=${BUILD_DIR:-build-pkg}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DENP_BUILD_TESTS=OFF \
  -DENP_BUILD_BENCH=OFF -DENP_VERSION_OVERRIDE="$version" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" >&2
cpack --config "$BUILD_DIR/CPackConfig.cmake" -B "$BUILD_DIR" >/dev/null
built=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BUILD_DIR/CPackConfig.cmake")
deb="$BUILD_DIR/enp_${built}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "package.sh: $deb was not built" >&2; exit 1; }
echo "$deb"
