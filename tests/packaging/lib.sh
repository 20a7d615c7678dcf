# shellcheck shell=bash
# Helpers for the package tests (sourced). They need root and a machine where installing and
# purging the enp package is fine (CI). systemd need not run: the daemon is started the way
# enp.service starts it (user enp, only CAP_NET_BIND_SERVICE as an ambient capability, no new
# privileges, umask 0077, NOTIFY_SOCKET/WATCHDOG_USEC/JOURNAL_STREAM set).

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d /tmp/enp-pkgtest-XXXXXX)
chmod 0755 "$WORK"
daemon_pid=""
listener_pid=""

log() { echo "[$(date +%T)] $*"; }
fail() {
  echo "FAIL: $*" >&2
  if [ -f "$WORK/daemon.log" ]; then
    echo "--- daemon log:" >&2
    tail -n 30 "$WORK/daemon.log" >&2
  fi
  exit 1
}

require_root_and_clean_machine() {
  [ "$(id -u)" -eq 0 ] || fail "run as root (installs the package)"
  if dpkg-query -W -f='${Status}' enp 2>/dev/null | grep -q "installed\|config-files"; then
    fail "the enp package is already on this machine; remove it first: dpkg --purge enp"
  fi
}

# Leaves the machine as found: daemon stopped, package purged, work directory removed.
cleanup() {
  local rc=$?
  stop_daemon >/dev/null 2>&1 || true
  if dpkg-query -W -f='${Status}' enp 2>/dev/null | grep -q "installed\|config-files"; then
    dpkg --purge enp >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit $rc
}

# wait_for FILE PATTERN SECONDS: until a line of FILE matches the grep pattern.
wait_for() {
  local deadline=$((SECONDS + $3))
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    if [ -n "$daemon_pid" ] && ! kill -0 "$daemon_pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.2
  done
}

# On a machine where systemd runs (a VM rather than a container), postinst started the real
# enp.service: stop it so that the tests' own daemon can take the ports.
stop_system_service() {
  if [ -d /run/systemd/system ]; then
    systemctl stop enp.service
  fi
}

# Runs an enp CLI command as the service user, from the data directory.
as_enp() { (cd /var/lib/enp && runuser -u enp -- "$@"); }

# Starts /usr/bin/enp serve with the package's configuration, as enp.service would, and waits
# for READY=1 on a stand-in notify socket.
start_daemon() {
  /usr/bin/python3 "$REPO/tests/packaging/notify_listener.py" "$WORK/notify.sock" 300 \
    >"$WORK/notify.log" &
  listener_pid=$!
  for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
  : >"$WORK/daemon.log"
  (
    cd /var/lib/enp || exit 1
    umask 0077
    exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin JOURNAL_STREAM=8:1 \
      NOTIFY_SOCKET="$WORK/notify.sock" WATCHDOG_USEC=2000000 \
      setpriv --reuid=enp --regid=enp --init-groups --no-new-privs \
      --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service \
      --bounding-set=-all,+net_bind_service -- /usr/bin/enp serve --config /etc/enp/enp.conf
  ) 2>>"$WORK/daemon.log" &
  daemon_pid=$!
  wait_for "$WORK/notify.log" "READY=1" 60 || fail "no READY=1 from enp serve"
}

# SIGTERM, as systemctl stop; checks STOPPING=1 and exit status 0.
stop_daemon() {
  [ -n "$daemon_pid" ] || return 0
  kill -TERM "$daemon_pid"
  local rc=0
  wait "$daemon_pid" || rc=$?
  daemon_pid=""
  wait "$listener_pid" 2>/dev/null || true
  listener_pid=""
  [ "$rc" -eq 0 ] || fail "enp serve exited with $rc after SIGTERM"
  grep -q "STOPPING=1" "$WORK/notify.log" || fail "no STOPPING=1 on shutdown"
}

# https_get PATH [curl args...]: the public listener on 443 with the package's certificate.
https_get() {
  local path=$1
  shift
  curl -sS --cacert /etc/enp/tls/public.pem --resolve "$(cert_host):443:127.0.0.1" \
    "https://$(cert_host)$path" "$@"
}
cert_host() { openssl x509 -in /etc/enp/tls/public.pem -noout -subject | sed 's/.*CN *= *//'; }
