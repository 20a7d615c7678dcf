#!/usr/bin/env bash
# A walk through ENP with the stand-alone fakes: fake Exchange (tests/fakes/example_fixtures.json),
# fake CNS, a fresh ENP, a registration, one push from "Exchange", and the JWT CNS accepted.
# Needs a build with tests (scripts/test.sh, or BUILD_DIR=... pointing at one). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD_DIR:-build}
for bin in "$B/enp/enp" "$B/tests/fakes/fake-exchange" "$B/tests/fakes/fake-cns" "$B/tests/fakes/fake-push"; do
  [ -x "$bin" ] || { echo "demo: $bin missing: run scripts/test.sh first" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/enp-demo-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() {  # wait_for FILE PATTERN: until FILE has a line matching PATTERN (10 s at most)
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "demo: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}

secret="demo-shared-secret-0123456789abcdef"
"$B/tests/fakes/fake-exchange" --listen 127.0.0.1:0 --fixtures tests/fakes/example_fixtures.json \
  > "$tmp/exchange.out" 2> "$tmp/exchange.err" & pids+=($!)
"$B/tests/fakes/fake-cns" --listen 127.0.0.1:0 --secret "$secret" --issuer org-demo \
  --audience cns.demo > "$tmp/cns.out" 2> "$tmp/cns.err" & pids+=($!)
wait_for "$tmp/exchange.out" '^[0-9]'
wait_for "$tmp/cns.out" '^[0-9]'
ex_port=$(head -1 "$tmp/exchange.out"); cns_port=$(head -1 "$tmp/cns.out")

cat > "$tmp/enp.conf" <<CONF
[public]
listen = 127.0.0.1:0
[admin]
listen = 127.0.0.1:0
[storage]
data_dir = $tmp/var
CONF
cat > "$tmp/settings.json" <<JSON
{"exchange": [{"name": "fake", "ewsUrl": "http://127.0.0.1:$ex_port/EWS/Exchange.asmx",
   "version": "Exchange2016",
   "auth": {"type": "basic", "username": "svc-enp@contoso.com", "password": "Passw0rd!"}}],
 "cns": {"url": "http://127.0.0.1:$cns_port/v1/notifications", "organizationId": "org-demo",
   "token": "cns-org-token", "audience": "cns.demo", "algorithm": "HS256", "key": "$secret"},
 "registrationKeys": [{"label": "demo", "key": "demo-registration-key-0123456789"}]}
JSON
echo "== enp settings import"
"$B/enp/enp" settings import --config "$tmp/enp.conf" "$tmp/settings.json"
"$B/enp/enp" serve --config "$tmp/enp.conf" 2> "$tmp/enp.log" & pids+=($!)
wait_for "$tmp/enp.log" 'ready: public='
public=$(sed -n 's/^public=//p' "$tmp/var/ports"); admin=$(sed -n 's/^admin=//p' "$tmp/var/ports")

echo "== register alice@contoso.com"
reg=$(curl -sS -X POST "http://$public/api/v1/registrations" \
  -H "Authorization: Bearer demo-registration-key-0123456789" -H "Content-Type: application/json" \
  -d '{"mailbox":"alice@contoso.com","deviceToken":"demo-device","timeZone":"W. Europe Standard Time"}')
echo "$reg"
callback=$(echo "$reg" | python3 -c 'import json,sys; print(json.load(sys.stdin)["callbackUrl"])')

echo "== Exchange pushes a new mail"
"$B/tests/fakes/fake-push" --url "$callback" --item AAMkADAliceMessage0001=
wait_for "$tmp/enp.log" '] delivered: '
grep -E '\[pipeline\]' "$tmp/enp.log" | tail -2
echo "== ENP metrics"
curl -sk "https://$admin/metrics" | grep -E '^enp_(events|notify)'
cleanup
echo "== fake CNS"
cat "$tmp/cns.err"
rm -rf "$tmp"
