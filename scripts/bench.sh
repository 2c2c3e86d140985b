#!/usr/bin/env bash
# Benchmarks: figures to compare over time, not pass/fail tests. Prints
#   1. the built client in dist/ (every wasm, JS and CSS file) raw, gzip -9 and brotli -q 11;
#   2. static files as served against a plain axum handler, then the client as people get it
#      (scripts/bench-client.sh): bytes on the wire per page in headless Chromium and
#      Lighthouse's mobile figures, for sign-in, Benefits and a bare Leptos page (the floor);
#   3. server-function latency over real HTTP against the optimised server on SQLite:
#      the user picker's search with 10,000 users (round trip, median and p99), a read
#      function at a fixed 5,000 requests a second (median, p99), and the seat-assignment
#      path under contention (requests a second); then a sign-in storm (examples/
#      sign_in_storm.rs: 400 wrong sign-ins at once; peak memory, /healthz and a signed-in
#      call meanwhile, and the wall clock of each kind of failing sign-in).
#      Each server figure is measured on SQLite and on PostgreSQL (a throwaway cluster with
#      durable settings), then with two servers sharing one PostgreSQL.
# Budgets (README): sign-in at most 120 KB on the wire, Benefits 180 KB; Lighthouse mobile LCP
# <= 1.5 s, TBT <= 100 ms, CLS 0, score >= 98; p99 under 2 ms at 5,000 rps.
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
echo "== the built client in dist/ (every file; what each page loads is measured below) =="
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
printf 'all of dist/: %s KB brotli\n' "$(awk "BEGIN{printf \"%.1f\", $total_br/1024}")"

log "building the server (profile 'server')"
cargo build --profile server --features ssr --bin partner-benefits
work="$(mktemp -d)"
# A copy: a build elsewhere sharing the target directory may replace the binary meanwhile.
cp "${CARGO_TARGET_DIR:-$ROOT/target}/server/partner-benefits" "$work/partner-benefits"
bin="$work/partner-benefits"
servers=()
cleanup() { for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done; stop_postgres; rm -rf "$work"; }
trap cleanup EXIT
export PB_DEMO_DATA=1 PB_LOG=warn PB_DIST="$ROOT/dist" PB_ACTIVATION_DELAY_SECS=3600 PB_DATA_KEY="$(printf 'ab%.0s' $(seq 32))"

# Starts a server on $PB_DATABASE pinned to core 0; its base URL is left in $BASE (not printed:
# a command substitution would run it in a subshell and lose its pid).
start_server() { # name
  local port=$((39000 + RANDOM % 900))
  PB_ADDR="127.0.0.1:$port" taskset -c 0 "$bin" > "$work/$1.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 200); do grep -q listening "$work/$1.log" && break; sleep 0.1; done
  BASE="http://127.0.0.1:$port"
}
sign_in() { # base
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d '{"email":"ga@contoso.example","password":"demo-pass-2026"}' "$1/api/sign_in" \
    | tr -d '\r' | awk -F': ' 'tolower($1)=="set-cookie"{split($2,a,";"); print a[1]}'
}

# hey prints "  50%% in 0.0012 secs" lines; report milliseconds.
pct() { awk -v p="$1%" '$1==p && $2=="in" {printf "%.2f ms", $3*1000}' "$2"; }
rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$1"; }
codes() { awk '/Status code distribution/ {f=1; next} f && /\[/ {printf "%s%s", sep, $0; sep=","} f && !/\[/ && NF==0 {f=0}' "$1" | tr -s ' '; }
call() { # base cookie fn body out [hey options...]
  local base=$1 cookie=$2 fn=$3 body=$4 out=$5; shift 5
  taskset -c 1 hey "$@" -m POST -T application/json -H "cookie: $cookie" -d "$body" "$base/api/$fn" > "$out"
}

# The same figures for one database: a read function at a fixed rate, a list, search with
# 10,000 users, and seat assignment under contention. One line each, prefixed by the database.
suite() { # label base
  local db=$1 base=$2 cookie vs
  cookie=$(sign_in "$base")
  call "$base" "$cookie" me '{}' "$work/me.txt" -z 10s -c 50 -q 100
  printf '%-10s %-46s median %s, p99 %s, %s req/s held\n' "$db" "me at 5,000 req/s offered" "$(pct 50 "$work/me.txt")" "$(pct 99 "$work/me.txt")" "$(rps "$work/me.txt")"
  call "$base" "$cookie" list_benefits '{"category":"Software"}' "$work/list.txt" -z 10s -c 50 -q 40
  printf '%-10s %-46s median %s, p99 %s, %s req/s held\n' "$db" "list_benefits (Software) at 2,000 req/s offered" "$(pct 50 "$work/list.txt")" "$(pct 99 "$work/list.txt")" "$(rps "$work/list.txt")"
  call "$base" "$cookie" search_users '{"view":{"search":""},"offset":0}' "$work/page.txt" -n 2000 -c 4
  printf '%-10s %-46s median %s, p99 %s, %s req/s\n' "$db" "list users (first page of 10,000+)" "$(pct 50 "$work/page.txt")" "$(pct 99 "$work/page.txt")" "$(rps "$work/page.txt")"
  call "$base" "$cookie" search_users '{"view":{"search":"park ji"},"offset":0}' "$work/search.txt" -n 2000 -c 4
  printf '%-10s %-46s median %s, p99 %s, %s req/s\n' "$db" "search \"park ji\" among 10,000+ users" "$(pct 50 "$work/search.txt")" "$(pct 99 "$work/search.txt")" "$(rps "$work/search.txt")"
  call "$base" "$cookie" search_users '{"view":{"search":"k"},"offset":0}' "$work/search1.txt" -n 2000 -c 4
  printf '%-10s %-46s median %s, p99 %s, %s req/s\n' "$db" "search \"k\" (broadest)" "$(pct 50 "$work/search1.txt")" "$(pct 99 "$work/search1.txt")" "$(rps "$work/search1.txt")"
  vs=$(curl -s -H 'content-type: application/json' -H "cookie: $cookie" -d '{"category":"VisualStudio"}' "$base/api/list_benefits" \
    | tr '{' '\n' | awk -F'"id":' '/Visual Studio Professional subscription/ {split($2,a,","); print a[1]; exit}')
  call "$base" "$cookie" assign_seat "{\"benefit_id\":$vs,\"user_id\":3}" "$work/seat.txt" -n 3000 -c 50
  printf '%-10s %-46s %s req/s, median %s, p99 %s; codes %s\n' "$db" "assign_seat, 50 clients on one subscription" "$(rps "$work/seat.txt")" "$(pct 50 "$work/seat.txt")" "$(pct 99 "$work/seat.txt")" "$(codes "$work/seat.txt")"
}

echo
echo "== static files as served (from memory, precompressed), against a plain axum handler =="
export PB_DATABASE="$work/bench.db"
"$bin" seed-users partner@contoso.example 10000 >/dev/null   # creates the demo database, then adds 10,000 users
start_server static; static_base=$BASE
wasm_path="/$(cd dist && ls -S *.wasm | head -1)"   # the largest, if the client is split
get() { # path out
  taskset -c 1 hey -n 20000 -c 16 -H 'accept-encoding: gzip, deflate, br' "$static_base$1" > "$2"
}
get /healthz "$work/hello.txt"
get /index.html "$work/index.txt"
get "$wasm_path" "$work/wasm.txt"
printf '%-40s %8s req/s, median %s, p99 %s\n' "/healthz (plain axum handler)" "$(rps "$work/hello.txt")" "$(pct 50 "$work/hello.txt")" "$(pct 99 "$work/hello.txt")"
printf '%-40s %8s req/s, median %s, p99 %s\n' "/index.html (br)" "$(rps "$work/index.txt")" "$(pct 50 "$work/index.txt")" "$(pct 99 "$work/index.txt")"
printf '%-40s %8s req/s, median %s, p99 %s\n' "$wasm_path (br)" "$(rps "$work/wasm.txt")" "$(pct 50 "$work/wasm.txt")" "$(pct 99 "$work/wasm.txt")"
kill "${servers[@]}"; servers=()

# Bytes on the wire per page and Lighthouse, in a real browser (its own servers and databases).
PB_SERVER_BIN="$bin" "$ROOT/scripts/bench-client.sh"

echo
echo "== server functions, SQLite and PostgreSQL side by side (server on core 0, hey on core 1) =="
start_server sqlite; sqlite_base=$BASE
suite SQLite "$sqlite_base"
kill "${servers[@]}"; servers=()

echo
echo "== a sign-in storm: 400 wrong sign-ins from 400 addresses at once (SQLite; server on core 0) =="
# Password checks are bounded (a worker per core, a short queue, then 503): the server's memory
# and /healthz stay where they were, and a signed-in person is served meanwhile.
cargo build --features ssr --example sign_in_storm
PB_DATABASE="$work/storm.db" PB_CLIENT_IP_HEADER=X-Forwarded-For start_server storm
taskset -c 1 "${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/sign_in_storm" "$BASE" "${servers[-1]}"
kill "${servers[@]}"; servers=()

start_postgres   # durable settings, unlike the tests' cluster
pg_port=$(echo "$PB_TEST_POSTGRES" | sed -E 's|.*:([0-9]+)/.*|\1|')
as_postgres "$PB_PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres bench
export PB_DATABASE="${PB_TEST_POSTGRES%/*}/bench"
"$bin" seed-users partner@contoso.example 10000 >/dev/null
start_server postgres; pg_base=$BASE
suite PostgreSQL "$pg_base"

echo
echo "== two servers against one PostgreSQL (both on core 0, two load generators on core 1) =="
start_server postgres2; pg_base2=$BASE
c1=$(sign_in "$pg_base"); c2=$(sign_in "$pg_base2")
call "$pg_base" "$c1" me '{}' "$work/two1.txt" -z 10s -c 25 -q 100 &
other=$!
call "$pg_base2" "$c2" me '{}' "$work/two2.txt" -z 10s -c 25 -q 100
wait "$other"   # not a bare `wait`: that would wait for the servers too
echo "me at 2 x 2,500 req/s offered: server A median $(pct 50 "$work/two1.txt"), p99 $(pct 99 "$work/two1.txt"), $(rps "$work/two1.txt") req/s; server B median $(pct 50 "$work/two2.txt"), p99 $(pct 99 "$work/two2.txt"), $(rps "$work/two2.txt") req/s"
vs=$(curl -s -H 'content-type: application/json' -H "cookie: $c1" -d '{"category":"VisualStudio"}' "$pg_base/api/list_benefits" \
  | tr '{' '\n' | awk -F'"id":' '/Visual Studio Premium|Visual Studio Enterprise subscription/ {split($2,a,","); print a[1]; exit}')
if [ -n "$vs" ]; then
  call "$pg_base" "$c1" assign_seat "{\"benefit_id\":$vs,\"user_id\":4}" "$work/tseat1.txt" -n 1500 -c 25 &
  other=$!
  call "$pg_base2" "$c2" assign_seat "{\"benefit_id\":$vs,\"user_id\":4}" "$work/tseat2.txt" -n 1500 -c 25
  wait "$other"
  echo "assign_seat split across both, 50 clients: A $(rps "$work/tseat1.txt") + B $(rps "$work/tseat2.txt") req/s, p99 $(pct 99 "$work/tseat1.txt") / $(pct 99 "$work/tseat2.txt")"
fi
