#!/usr/bin/env bash
# Benchmarks: figures to compare over time, not pass/fail tests. Prints
#   1. the first-load bundle in dist/ (wasm, JS, CSS) raw, gzip -9 and brotli -q 11;
#   2. server-function latency over real HTTP against the optimised server on SQLite:
#      the user picker's search with 10,000 users (round trip, median and p99), a read
#      function at a fixed 5,000 requests a second (median, p99), and the seat-assignment
#      path under contention (requests a second).
# Budgets (DEVELOPERS.md): first load at most 120 KB brotli; p99 under 2 ms at 5,000 rps.
# Server and load generator are pinned to different cores (taskset) on these 2-core machines.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-client.sh"
ensure_brotli
if ! command -v hey >/dev/null; then
  log "installing hey (HTTP load generator) from Debian"
  need_root apt-get install -y -qq hey || { need_root apt-get update -qq && need_root apt-get install -y -qq hey; }
fi
cd "$ROOT"

echo
echo "== first load (dist/) =="
printf '%-8s %10s %10s %10s\n' kind raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for kind in wasm js css; do
  raw=0; gz=0; br=0
  for f in dist/*."$kind"; do
    [ -e "$f" ] || continue
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
  done
  printf '%-8s %10d %10d %10d\n' "$kind" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '%-8s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
printf 'first load: %s KB brotli (budget 120 KB)\n' "$(awk "BEGIN{printf \"%.1f\", $total_br/1024}")"

log "building the server (profile 'server')"
cargo build --profile server --features ssr --bin partner-benefits
bin="$ROOT/target/server/partner-benefits"
work="$(mktemp -d)"
port=39$((RANDOM % 90 + 10))
export PB_DATABASE="$work/bench.db" PB_ADDR="127.0.0.1:$port" PB_LOG=warn PB_DIST="$ROOT/dist" PB_ACTIVATION_DELAY_SECS=3600
"$bin" seed-users partner@contoso.example 10000 >/dev/null   # creates the demo database, then adds 10,000 users
taskset -c 0 "$bin" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/server.log" && break; sleep 0.1; done
base="http://127.0.0.1:$port"
users=$(sqlite3 "$PB_DATABASE" "SELECT COUNT(*) FROM users WHERE company_id = 1" 2>/dev/null || echo "10,000+")
cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"ga@contoso.example","password":"demo-pass-2026"}' "$base/api/sign_in" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="set-cookie"{split($2,a,";"); print a[1]}')

# hey prints "  50%% in 0.0012 secs" lines; report milliseconds.
pct() { awk -v p="$1%" '$1==p && $2=="in" {printf "%.2f ms", $3*1000}' "$2"; }
rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$1"; }
codes() { awk '/Status code distribution/ {f=1; next} f && /\[/ {printf "%s%s", sep, $0; sep=","} f && !/\[/ && NF==0 {f=0}' "$1" | tr -s ' '; }
call() { # name body out [hey options...]
  local fn=$1 body=$2 out=$3; shift 3
  taskset -c 1 hey "$@" -m POST -T application/json -H "cookie: $cookie" -d "$body" "$base/api/$fn" > "$out"
}

echo
echo "== user picker search, Contoso with $users users (4 clients back to back, 2,000 calls) =="
call search_users '{"query":"park ji","offset":0,"include_inactive":false}' "$work/search.txt" -n 2000 -c 4
echo "search_users \"park ji\": median $(pct 50 "$work/search.txt"), p99 $(pct 99 "$work/search.txt"), $(rps "$work/search.txt") req/s"
call search_users '{"query":"k","offset":0,"include_inactive":false}' "$work/search1.txt" -n 2000 -c 4
echo "search_users \"k\" (broadest prefix): median $(pct 50 "$work/search1.txt"), p99 $(pct 99 "$work/search1.txt")"

echo
echo "== a read function at a fixed 5,000 requests a second for 10 s (50 clients x 100/s) =="
call me '{}' "$work/me.txt" -z 10s -c 50 -q 100
echo "me: median $(pct 50 "$work/me.txt"), p99 $(pct 99 "$work/me.txt"), achieved $(rps "$work/me.txt") req/s"
call list_benefits '{"category":"Software"}' "$work/list.txt" -z 10s -c 50 -q 100
echo "list_benefits (Software, with downloads): median $(pct 50 "$work/list.txt"), p99 $(pct 99 "$work/list.txt"), achieved $(rps "$work/list.txt") req/s"

echo
echo "== seat assignment under contention (BEGIN IMMEDIATE; 50 clients, 3,000 calls) =="
vs=$(curl -s -H 'content-type: application/json' -H "cookie: $cookie" -d '{"category":"VisualStudio"}' "$base/api/list_benefits" \
  | tr '{' '\n' | awk -F'"id":' '/Visual Studio Professional subscription/ {split($2,a,","); print a[1]; exit}')
call assign_seat "{\"benefit_id\":$vs,\"user_id\":3}" "$work/seat.txt" -n 3000 -c 50
echo "assign_seat (1 success, then 'already holds a seat'): $(rps "$work/seat.txt") req/s, median $(pct 50 "$work/seat.txt"), p99 $(pct 99 "$work/seat.txt"); status codes: $(codes "$work/seat.txt")"
