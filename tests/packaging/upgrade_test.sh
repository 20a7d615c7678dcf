#!/usr/bin/env bash
# Upgrade test: builds the package at version N and N+1 (same tree, patch version bumped),
# installs N, edits enp.conf, adds settings and a registration through the running daemon,
# upgrades to N+1 with dpkg -i, and checks that the edit, the settings, the registration and the
# database schema survived and that the new daemon serves them. Purges at the end.
#   tests/packaging/upgrade_test.sh [DEB_N DEB_N+1]   (root)
# ENP_UPGRADE_FROM=<git ref> builds N from that commit instead (a real upgrade across
# migrations, e.g. from the last release tag).
set -euo pipefail
# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
require_root_and_clean_machine

if [ $# -eq 2 ]; then
  old_deb=$1
  new_deb=$2
else
  if [ -n "${ENP_UPGRADE_FROM:-}" ]; then
    mkdir -p "$REPO/build-pkg-from/src"
    git -C "$REPO" archive "$ENP_UPGRADE_FROM" | tar -x -C "$REPO/build-pkg-from/src"
    old_deb=$(BUILD_DIR="$REPO/build-pkg-from/build" "$REPO/build-pkg-from/src/scripts/package.sh" |
      tail -n 1)
  else
    old_deb=$("$REPO/scripts/package.sh" | tail -n 1)
  fi
  old_version=$(dpkg-deb -f "$old_deb" Version)
  next=$(echo "$old_version" | awk -F. '{ $NF = $NF + 1; print }' OFS=.)
  new_deb=$("$REPO/scripts/package.sh" --version "$next" | tail -n 1)
fi
old_version=$(dpkg-deb -f "$old_deb" Version)
new_version=$(dpkg-deb -f "$new_deb" Version)
dpkg --compare-versions "$new_version" gt "$old_version" || fail "$new_version is not newer"
log "upgrade $old_version -> $new_version"

log "install $old_version, edit enp.conf locally"
dpkg -i "$old_deb" >/dev/null
stop_system_service
sed -i 's|^base_url =.*|base_url = https://enp-upgrade.test.example|' /etc/enp/enp.conf
sed -i 's|^level = info|level = debug|' /etc/enp/enp.conf

log "settings and a registration through the running daemon"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/cns.key" 2>/dev/null
key_json=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' \
  "$WORK/cns.key")
reg_key=upgrade-test-registration-key-0123456789
cat >"$WORK/settings.json" <<JSON
{
  "exchange": [{"name": "mail1", "ewsUrl": "https://mail.contoso.example/EWS/Exchange.asmx",
    "version": "Exchange2016",
    "auth": {"type": "basic", "username": "svc-enp@contoso.example", "password": "s3cret-pw"},
    "caFile": "", "domains": ["contoso.example"]}],
  "cns": {"url": "https://cns.example.net/v1/notifications", "organizationId": "org-contoso",
    "token": "cns-token-123", "audience": "cns.example.net", "algorithm": "ES256",
    "key": $key_json, "keyId": "enp-1"},
  "registrationKeys": [{"label": "uem", "key": "$reg_key"}],
  "policy": {"privacy": "no-snippet", "snippetLength": 100, "maxAgeMinutes": 30}
}
JSON
start_daemon
as_enp enp settings import - <"$WORK/settings.json"
as_enp enp settings export - >"$WORK/settings-before.json"
registration='{"mailbox": "alice@contoso.example", "deviceToken": "device-token-1",
  "platform": "ios", "timeZone": "W. Europe Standard Time",
  "workHours": {"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "17:30"},
  "workHoursOnly": true, "weekendAlerts": false, "vipAfterHours": true,
  "vips": ["ceo@contoso.example"], "detailed": true}'
# The daemon picks up imported settings within a second.
for _ in $(seq 50); do
  code=$(https_get /api/v1/registrations -o "$WORK/registered.json" -w '%{http_code}' \
    -X POST -H "Authorization: Bearer $reg_key" -H 'Content-Type: application/json' \
    --data "$registration")
  [ "$code" = 201 ] && break
  sleep 0.2
done
[ "$code" = 201 ] || fail "registration: HTTP $code $(cat "$WORK/registered.json")"
# field FILE NAME: a top-level field of a JSON file.
field() {
  /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"
}
reg_id=$(field "$WORK/registered.json" id)
reg_secret=$(field "$WORK/registered.json" secret)
field "$WORK/registered.json" callbackUrl |
  grep -q '^https://enp-upgrade.test.example/ews/notify/' ||
  fail "callbackUrl ignores the edited base_url"
[ "$(https_get /readyz -o /dev/null -w '%{http_code}')" = 200 ] || fail "not ready after import"
# The README's backup, taken while the daemon runs: SQLite's online backup, as the enp user.
as_enp sqlite3 -readonly /var/lib/enp/enp.db ".backup /var/lib/enp/backup.db"
[ "$(sqlite3 /var/lib/enp/backup.db 'PRAGMA integrity_check')" = ok ] &&
  [ "$(sqlite3 /var/lib/enp/backup.db 'SELECT COUNT(*) FROM registrations')" = 1 ] ||
  fail "online backup"
rm /var/lib/enp/backup.db
stop_daemon
schema_before=$(sqlite3 /var/lib/enp/enp.db 'SELECT MAX(version) FROM schema_migrations')

log "dpkg -i $new_version"
dpkg -i "$new_deb" >/dev/null
stop_system_service
[ "$(enp version)" = "enp $new_version" ] || fail "enp version after upgrade: $(enp version)"
grep -q '^base_url = https://enp-upgrade.test.example$' /etc/enp/enp.conf &&
  grep -q '^level = debug$' /etc/enp/enp.conf || fail "the upgrade overwrote enp.conf"
[ ! -e /etc/enp/enp.conf.dpkg-dist ] || fail "enp.conf.dpkg-dist after an upgrade"
[ -L /etc/systemd/system/multi-user.target.wants/enp.service ] || fail "unit no longer enabled"
[ "$(stat -c '%a %U:%G' /var/lib/enp)" = "750 enp:enp" ] || fail "/var/lib/enp changed"

log "the new daemon: schema, settings, registration"
start_daemon
schema_after=$(sqlite3 /var/lib/enp/enp.db 'SELECT MAX(version) FROM schema_migrations')
grep -q "database /var/lib/enp/enp.db (schema version $schema_after)" "$WORK/daemon.log" ||
  fail "the daemon does not report schema version $schema_after"
[ "$(sqlite3 /var/lib/enp/enp.db 'SELECT COUNT(*) FROM schema_migrations')" -eq \
  $((schema_after + 1)) ] || fail "schema_migrations has gaps"
log "  schema version $schema_before -> $schema_after"
as_enp enp settings export - >"$WORK/settings-after.json"
cmp -s "$WORK/settings-before.json" "$WORK/settings-after.json" ||
  fail "settings changed: $(diff "$WORK/settings-before.json" "$WORK/settings-after.json")"
as_enp enp check-config >/dev/null || fail "check-config after the upgrade"
code=$(https_get "/api/v1/registrations/$reg_id" -o "$WORK/fetched.json" -w '%{http_code}' \
  -H "Authorization: Bearer $reg_secret")
[ "$code" = 200 ] || fail "GET registration after the upgrade: HTTP $code"
[ "$(field "$WORK/fetched.json" mailbox)" = alice@contoso.example ] || fail "registration data"
[ "$(https_get /readyz -o /dev/null -w '%{http_code}')" = 200 ] || fail "not ready after upgrade"
stop_daemon

dpkg --purge enp >/dev/null
log "PASS upgrade_test ($old_version -> $new_version)"
