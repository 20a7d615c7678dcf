#!/usr/bin/env bash
# Installs what ENP needs to build, run and test on Debian 12. Idempotent; needs root.
#   scripts/setup.sh [--packaging]
set -euo pipefail

packages=(
  cmake ninja-build ccache g++ pkg-config
  libpoco-dev libcurl4-openssl-dev libpugixml-dev libsqlitecpp-dev libsqlite3-dev
  libspdlog-dev libfmt-dev libssl-dev libhowardhinnant-date-dev tzdata unicode-cldr-core
  libboost-dev libsystemd-dev libgtest-dev libgmock-dev libxml2-utils libxml2-dev openssl curl sqlite3 python3
  chromium nodejs
  python3-aiosmtpd dovecot-imapd dovecot-pop3d nghttp2-server
  postgresql libpq-dev
)
# python3-aiosmtpd: the SMTP server the alert mail tests talk to (tests/support/smtp_server.py).
# nghttp2-server: nghttpd, the HTTP/2 server the outgoing loop's test multiplexes streams on.
# dovecot-*: the IMAP/POP3 tests start their own Dovecot (tests/imap/dovecot_server.h); the
# system service the packages install is stopped and disabled below when this script installed it.
# postgresql (15, binaries in /usr/lib/postgresql/15/bin): the PostgreSQL tests start their own
# throw-away cluster (tests/support/postgres_server.h); libpq-dev: ENP's client (enp/store/pg/).
# The system cluster the package starts is stopped and disabled below, as Dovecot's is.
# The console's browser test (tests/browser): Debian's npm, unless a nodejs that bundles npm
# (and conflicts with Debian's npm package) is installed already.
command -v npm >/dev/null || packages+=(npm)

# --packaging: also what scripts/package.sh and tests/packaging/ use (dpkg-shlibdeps, file,
# systemd-analyze, the maintainer scripts' tools).
if [ "${1:-}" = "--packaging" ]; then
  packages+=(dpkg-dev file systemd adduser init-system-helpers util-linux)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [[ " ${missing[*]} " == *" dovecot-imapd "* ]] && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
  fi
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    if [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now postgresql.service >/dev/null 2>&1 || true
    elif command -v pg_ctlcluster >/dev/null; then
      # No systemd (a container): the package started its cluster with pg_ctlcluster.
      for conf in /etc/postgresql/*/*/postgresql.conf; do
        [ -e "$conf" ] || continue
        v=$(basename "$(dirname "$(dirname "$conf")")"); c=$(basename "$(dirname "$conf")")
        $SUDO pg_ctlcluster "$v" "$c" stop >/dev/null 2>&1 || true
        echo manual | $SUDO tee "/etc/postgresql/$v/$c/start.conf" >/dev/null
      done
    fi
  fi
fi
