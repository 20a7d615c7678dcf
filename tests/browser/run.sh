#!/usr/bin/env bash
# The console's browser test, run by CTest (tests/browser/CMakeLists.txt passes the paths):
# installs playwright-core (pinned, package-lock.json) into the build dir when missing, then
# runs node's test runner, which starts fake-exchange, fake-cns and `enp serve` (stack.js) and
# drives Debian's chromium. Screenshots go to $SCREENSHOT_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${NPM_DIR:?}" "${SCREENSHOT_DIR:?}" "${ENP_BIN:?}"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "browser test: $tool missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "browser test: ${CHROMIUM:-/usr/bin/chromium} missing (scripts/setup.sh installs chromium)" >&2; exit 1; }

# node_modules lives in the build dir, next to a copy of the manifest it was installed from.
mkdir -p "$NPM_DIR" "$SCREENSHOT_DIR"
if ! cmp -s "$here/package-lock.json" "$NPM_DIR/package-lock.json" || [ ! -d "$NPM_DIR/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$NPM_DIR/"
  rm -rf "$NPM_DIR/node_modules"
  (cd "$NPM_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
rm -f "$SCREENSHOT_DIR"/*.png
export NODE_PATH="$NPM_DIR/node_modules"
exec node --test --test-reporter=spec "$here/console.test.js"
