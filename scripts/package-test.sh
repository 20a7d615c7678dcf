#!/usr/bin/env bash
# Builds the .deb (scripts/package.sh) and runs the package tests on this machine: install,
# check and purge (tests/packaging/install_test.sh), then upgrade N -> N+1 with data
# (tests/packaging/upgrade_test.sh). Needs root; leaves the package purged. What CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
deb=$(scripts/package.sh | tail -n 1)
version=$(dpkg-deb -f "$deb" Version)
next=$(echo "$version" | awk -F. '{ $NF = $NF + 1; print }' OFS=.)
next_deb=$(scripts/package.sh --version "$next" | tail -n 1)
echo "package-test: built $deb and $next_deb in $((SECONDS - start)) s"
tests/packaging/install_test.sh "$deb"
tests/packaging/upgrade_test.sh "$deb" "$next_deb"
echo "package-test: passed in $((SECONDS - start)) s"
