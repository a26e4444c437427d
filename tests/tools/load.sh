#!/usr/bin/env bash
# Load run of the axum example server (not part of CI; run by hand):
#   tests/tools/load.sh            # needs wrk: apt-get install -y wrk
#
# Serves runtime/examples/axum_seed.rs (release build) on 127.0.0.1, port chosen by the OS, and
# loads two routes that answer the same bytes and headers (seed 004's 429 with Retry-After and
# X-RateLimit-*): /errors/rate-limited, errcat's handler (typed error -> WithContext ->
# IntoResponse, request-context middleware), and /baseline/rate-limited, a hand-written axum
# handler with `format!` and without errcat's middleware. Every response is checked in wrk's
# Lua hook (status 429, exact body); any bad response, a dead server or a panic in its log
# fails the run. Prints requests/sec of both and the ratio errcat / hand-written.
#
# The two routes alternate for ROUNDS rounds (default 3) and the medians are compared, so a
# burst of other work on the machine does not land on one side only.
#
# Bounded: DURATION per run (default 5s), at most MAX_REQUESTS per run (default 2,000,000;
# each wrk thread stops after its share), loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
MAX_REQUESTS=${MAX_REQUESTS:-2000000}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}

command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 2; }

cargo build --quiet --release -p errcat --example axum_seed --features axum
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
server="$target_dir/release/examples/axum_seed"

work=$(mktemp -d)
log="$work/server.log"
"$server" 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 100); do
  grep -q '^listening on ' "$log" && break
  sleep 0.1
done
addr=$(sed -n 's/^listening on //p' "$log")
case "$addr" in
  http://127.0.0.1:*) ;;
  *) echo "the server did not start on loopback:" >&2; cat "$log" >&2; exit 1 ;;
esac

expected='{"code":429,"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Retry after 60 seconds.","tier":"public_key"}}'
cat >"$work/check.lua" <<LUA
local expected = '$expected'
local limit = math.floor($MAX_REQUESTS / $THREADS)
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) seen = 0; bad = 0 end
function response(status, headers, body)
  seen = seen + 1
  if status ~= 429 or body ~= expected or headers["retry-after"] ~= "60"
     or headers["x-ratelimit-remaining"] ~= "0" then
    bad = bad + 1
  end
  if seen >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local total_bad, total_seen = 0, 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    total_seen = total_seen + t:get("seen")
  end
  io.write(string.format("checked %d responses, %d bad\n", total_seen, total_bad))
end
LUA

run() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 2s -s "$work/check.lua" "$addr$1" | tee "$work/out" >&2
  if ! grep -q '^checked [0-9]* responses, 0 bad$' "$work/out"; then
    echo "bad responses from $1" >&2
    exit 1
  fi
  if grep -q 'Socket errors' "$work/out"; then
    echo "socket errors on $1" >&2
    exit 1
  fi
  sed -n 's/^Requests\/sec: *//p' "$work/out"
}

# Warm up both routes briefly, then measure.
DURATION=2s run /errors/rate-limited >/dev/null
DURATION=2s run /baseline/rate-limited >/dev/null
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
errcat_runs=()
baseline_runs=()
for round in $(seq "$ROUNDS"); do
  echo "== round $round: errcat handler" >&2
  errcat_runs+=("$(run /errors/rate-limited | tail -1)")
  echo "== round $round: hand-written handler" >&2
  baseline_runs+=("$(run /baseline/rate-limited | tail -1)")
done
echo "errcat req/s per round: ${errcat_runs[*]}"
echo "hand-written req/s per round: ${baseline_runs[*]}"
errcat=$(printf '%s\n' "${errcat_runs[@]}" | median)
baseline=$(printf '%s\n' "${baseline_runs[@]}" | median)

kill -0 "$pid" 2>/dev/null || { echo "the server died" >&2; cat "$log" >&2; exit 1; }
if grep -q 'panicked' "$log"; then echo "the server panicked:" >&2; cat "$log" >&2; exit 1; fi

awk -v e="$errcat" -v b="$baseline" 'BEGIN {
  printf "medians: errcat %.0f req/s, hand-written %.0f req/s, ratio errcat/hand-written %.3f\n", e, b, e / b
}'
