#!/usr/bin/env bash
# Installs dependencies, builds ENP and runs it in the foreground with ./enp.conf if present
# (data in ./var/, admin console on https://127.0.0.1:8443). Arguments go to `enp serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=build-run scripts/build.sh -DENP_BUILD_TESTS=OFF -DENP_BUILD_BENCH=OFF
args=()
[ -f enp.conf ] && args+=(--config enp.conf)
exec build-run/enp/enp serve "${args[@]}" "$@"
