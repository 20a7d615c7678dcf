#!/usr/bin/env bash
# Runs ENP's benchmarks against an existing build (builds nothing) and prints the medians.
#
#   bench/run.sh BUILD_DIR [RUNS]        e.g. bench/run.sh build-bench 3
#
# 1. reference: bench/reference_server (Poco, same server params, no parsing/storing) under
#    notify_load; 2. ack: `enp serve` under the same load, with the pipeline stalled (the ack
#    path alone) and pushing at full concurrency (100 mailboxes; 1 mailbox); 3. e2e: pushes/s at
#    the fake CNS for Exchange 0 ms (instant fakes), 50 ms and 300 ms, CNS 20 ms, max_in_flight 64,
#    256 and 1024 (the default), one notification per mailbox, and a backlog on one mailbox
#    (batched GetItem).
# Everything runs on 127.0.0.1 and stops by itself. Env: DURATION (s, default 10),
# WARMUP (s, 2), CONNECTIONS (64), COUNT (e2e notifications, 4000).
set -euo pipefail

build=${1:?usage: bench/run.sh BUILD_DIR [RUNS]}
runs=${2:-3}
duration=${DURATION:-10}
warmup=${WARMUP:-2}
connections=${CONNECTIONS:-64}
count=${COUNT:-4000}
bin="$build/bench"
enp="$build/enp/enp"
for f in "$bin/notify_load" "$bin/reference_server" "$bin/e2e_bench" "$enp"; do
  [[ -x $f ]] || { echo "missing $f (build first)" >&2; exit 1; }
done

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# field KEY from key=value lines on stdin
field() { tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "# loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== reference server (Poco, no parse/store), $connections connections, ${duration}s"
ref_out=$(mktemp)
"$bin/reference_server" >"$ref_out" &
ref_pid=$!
trap 'kill $ref_pid 2>/dev/null || true; rm -f "$ref_out"' EXIT
for _ in $(seq 50); do grep -q '^port=' "$ref_out" && break; sleep 0.1; done
ref_port=$(sed -n 's/^port=//p' "$ref_out")
ref_rps=()
for i in $(seq "$runs"); do
  line=$("$bin/notify_load" --url "http://127.0.0.1:$ref_port/ews/notify/reference" \
    --connections "$connections" --duration "$duration" --warmup "$warmup" \
    --id-base $((i * 10000000)))
  echo "run $i: $line"
  ref_rps+=("$(field rps <<<"$line")")
done
kill "$ref_pid"; wait "$ref_pid" 2>/dev/null || true
ref_median=$(printf '%s\n' "${ref_rps[@]}" | median)
echo "reference median rps=$ref_median"

# ack NAME EXCHANGE_MS MAILBOXES: enp acks under the reference's load, the default pipeline.
ack() {
  local name=$1 ex=$2 mailboxes=$3 rates=() out i median
  echo "== enp acks (durable), $name: $connections connections, ${duration}s, $mailboxes" \
    "mailbox(es), Exchange $ex ms, CNS 20 ms, max_in_flight 1024"
  for i in $(seq "$runs"); do
    out=$("$bin/e2e_bench" --enp "$enp" --mode ack --max-in-flight 1024 --exchange-latency-ms "$ex" \
      --cns-latency-ms 20 --connections "$connections" --duration "$duration" \
      --warmup "$warmup" --mailboxes "$mailboxes")
    echo "run $i:"; sed 's/^/  /' <<<"$out"
    rates+=("$(grep '^acks:' <<<"$out" | field rps)")
  done
  median=$(printf '%s\n' "${rates[@]}" | median)
  echo "ack $name median rps=$median ratio_to_reference=$(awk -v a="$median" \
    -v r="$ref_median" 'BEGIN {printf "%.2f", a / r}')"
}
# The ack path alone: Exchange does not answer, so every batch waits and nothing is pushed.
ack stalled-pipeline 600000 100
# A storm spread over 100 mailboxes while the pipeline pushes at full concurrency.
ack draining-100-mailboxes 50 100
# A storm on one mailbox: its backlog is read in batches, so the pipeline pushes ~3x faster.
ack draining-1-mailbox 50 1

# e2e NAME MAX_IN_FLIGHT EXCHANGE_MS MAILBOXES
e2e() {
  local name=$1 w=$2 ex=$3 mailboxes=$4 rates=() out i
  echo "== e2e $name: max_in_flight $w, Exchange ${ex} ms, CNS 20 ms, $count notifications over" \
    "$mailboxes mailbox(es)"
  for i in $(seq "$runs"); do
    out=$("$bin/e2e_bench" --enp "$enp" --mode e2e --max-in-flight "$w" --exchange-latency-ms "$ex" \
      --cns-latency-ms 20 --connections "$connections" --count "$count" --mailboxes "$mailboxes")
    echo "run $i:"; sed 's/^/  /' <<<"$out"
    rates+=("$(grep '^push_rps=' <<<"$out" | field push_rps)")
  done
  echo "e2e $name max_in_flight=$w exchange_ms=$ex mailboxes=$mailboxes" \
    "median push_rps=$(printf '%s\n' "${rates[@]}" | median)"
}
# One notification per mailbox: every item is its own GetItem (Little's law applies as is).
for w in 64 256 1024; do
  e2e spread "$w" 50 1000
done
e2e instant 1024 0 1000
e2e slow-exchange 1024 300 1000
# Every notification for one mailbox: the backlog is read up to 8 items per GetItem.
e2e one-mailbox 1024 50 1
echo "# loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
