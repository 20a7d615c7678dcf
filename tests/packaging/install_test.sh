#!/usr/bin/env bash
# Package test: builds the .deb, installs it with dpkg -i, checks what the package promises
# (user, directories, conffile, certificate, enabled unit, hardening score), runs the installed
# daemon as enp.service would on port 443, then removes and purges the package.
#   tests/packaging/install_test.sh [DEB]    (root; builds with scripts/package.sh without DEB)
set -euo pipefail
# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
require_root_and_clean_machine

deb=${1:-$("$REPO/scripts/package.sh" | tail -n 1)}
version=$(dpkg-deb -f "$deb" Version)
log "package $deb"
dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ */  depends: /'
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/enp/enp.conf ||
  fail "/etc/enp/enp.conf is not a conffile"

log "dpkg -i"
dpkg -i "$deb"

log "user, directories, files"
getent passwd enp | grep -q ':/var/lib/enp:/usr/sbin/nologin$' || fail "system user enp"
[ "$(stat -c '%a %U:%G' /var/lib/enp)" = "750 enp:enp" ] || fail "/var/lib/enp not 0750 enp:enp"
[ "$(stat -c '%a %U:%G' /etc/enp/enp.conf)" = "644 root:root" ] || fail "/etc/enp/enp.conf"
[ "$(stat -c '%a %U:%G' /etc/enp/tls/public.key)" = "640 root:enp" ] || fail "public.key mode"
openssl x509 -in /etc/enp/tls/public.pem -noout -checkend 86400 >/dev/null || fail "public.pem"
[ -f /lib/systemd/system/enp.service ] || fail "enp.service not installed"
[ -L /etc/systemd/system/multi-user.target.wants/enp.service ] || fail "enp.service not enabled"

log "enp version, enp check-config (as enp, with the package's configuration)"
[ "$(enp version)" = "enp $version" ] || fail "enp version: $(enp version)"
rc=0
out=$(as_enp enp check-config 2>&1) || rc=$?
sed 's/^/  /' <<<"$out"
# A fresh install has no Exchange/CNS settings yet: the file is fine, the settings are not.
echo "$out" | grep -q "^bootstrap: ok (data in /var/lib/enp, public 0.0.0.0:443" ||
  fail "check-config did not accept the package's enp.conf"
[ "$rc" -eq 1 ] && echo "$out" | grep -q "^settings: incomplete" ||
  fail "check-config on a fresh install: expected exit 1 (settings incomplete), got $rc"
[ "$(stat -c '%U' /var/lib/enp/enp.db)" = enp ] || fail "enp.db not owned by enp"

log "systemd-analyze verify / security"
systemd-analyze verify /lib/systemd/system/enp.service
score=$(systemd-analyze security --offline=true /lib/systemd/system/enp.service 2>/dev/null |
  sed -n 's/.*Overall exposure level for enp.service: \([0-9.]*\).*/\1/p')
log "  exposure level $score (must be <= 2.0)"
systemd-analyze security --offline=true --threshold=20 /lib/systemd/system/enp.service \
  >/dev/null || fail "systemd-analyze security: $score is above 2.0"

if [ -d /run/systemd/system ]; then
  log "systemd runs here: the real enp.service, in its sandbox"
  systemctl is-active --quiet enp.service ||
    fail "enp.service is not active: $(systemctl status enp.service --no-pager 2>&1)"
  [ "$(https_get /healthz -o /dev/null -w '%{http_code}')" = 200 ] || fail "GET /healthz (unit)"
  journalctl -u enp.service -p warning --no-pager | grep -q '\[main\] not ready:' ||
    fail "the journal has no warning-priority line from enp"
  stop_system_service
fi

log "the daemon as enp.service runs it: port 443 without root"
if [ "$(sysctl -n net.ipv4.ip_unprivileged_port_start)" -gt 443 ]; then
  # Without the capability the same user cannot bind 443: the capability is what makes it work.
  if (cd /tmp && setpriv --reuid=enp --regid=enp --init-groups --no-new-privs -- \
      /usr/bin/enp serve --config /etc/enp/enp.conf) >"$WORK/nocap.log" 2>&1; then
    fail "enp serve bound 443 without CAP_NET_BIND_SERVICE?"
  fi
  grep -q "cannot listen" "$WORK/nocap.log" || fail "unexpected failure: $(cat "$WORK/nocap.log")"
fi
start_daemon
grep -q "READY=1 STATUS=public 0.0.0.0:443, admin 127.0.0.1:8443" "$WORK/notify.log" ||
  fail "READY status: $(cat "$WORK/notify.log")"
wait_for "$WORK/notify.log" "WATCHDOG=1" 5 || fail "no watchdog ping"
[ "$(https_get /healthz -o /dev/null -w '%{http_code}')" = 200 ] || fail "GET /healthz"
[ "$(https_get /readyz -o /dev/null -w '%{http_code}')" = 503 ] || fail "GET /readyz (unconfigured)"
[ "$(curl -sk -o /dev/null -w '%{http_code}' https://127.0.0.1:8443/metrics)" != 000 ] ||
  fail "admin listener on 127.0.0.1:8443 (HTTPS)"
# Journal lines: a syslog priority number, the level and the logger's name.
grep -q '^<6>info \[main\] ready: public=0.0.0.0:443' "$WORK/daemon.log" || fail "journal format"
grep -q '^<4>warning \[main\] not ready: ' "$WORK/daemon.log" || fail "journal warning priority"
# The README's first login: a generated password only root and enp can read.
[ "$(stat -c '%a %U' /var/lib/enp/initial-admin-password)" = "600 enp" ] ||
  fail "no /var/lib/enp/initial-admin-password (mode 0600, owner enp)"
[ "$(ps -o user= -p "$daemon_pid")" = enp ] || fail "daemon not running as enp"
[ "$(awk '/^CapEff:/ {print $2}' "/proc/$daemon_pid/status")" = 0000000000000400 ] ||
  fail "daemon capabilities are not exactly CAP_NET_BIND_SERVICE"
stop_daemon

log "dpkg -r: data and configuration stay"
dpkg -r enp
[ ! -e /usr/bin/enp ] || fail "/usr/bin/enp left after remove"
[ -f /var/lib/enp/enp.db ] && [ -f /etc/enp/enp.conf ] && [ -f /etc/enp/tls/public.key ] ||
  fail "remove deleted data or configuration"

log "dpkg --purge: data and configuration go"
dpkg --purge enp
[ ! -e /var/lib/enp ] && [ ! -e /etc/enp ] || fail "purge left /var/lib/enp or /etc/enp"
[ ! -e /etc/systemd/system/multi-user.target.wants/enp.service ] || fail "purge left the unit"
log "PASS install_test ($version, exposure $score)"
