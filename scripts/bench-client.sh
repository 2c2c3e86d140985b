#!/usr/bin/env bash
# The client as people get it: figures to compare over time, not pass/fail. Prints, for the
# sign-in page and the Benefits page (signed in as the demo Global admin), and for the
# framework's floor (a bare Leptos page with a router, examples/bare_leptos.rs, built the same
# way and served by the same server binary):
#   1. bytes on the wire per page in headless Chromium, by kind (document, script, wasm, css,
#      API calls, other) and in total, beside the budgets (sign-in <= 120 KB, Benefits <= 180 KB);
#   2. Lighthouse, mobile preset, median of 3 runs: LCP, TBT, CLS, score, beside the budgets
#      (LCP <= 1.5 s, TBT <= 100 ms, CLS 0, score >= 98).
# Run alone (`scripts/bench-client.sh`, ~5 minutes with the builds in place) or as part of
# `make bench`. Uses dist/ as it is (builds it when missing; PB_DIST=<dir> measures another
# build) and PB_SERVER_BIN if set (else builds the server). BENCH_LIGHTHOUSE_RUNS=0 skips
# Lighthouse; BENCH_CLIENT_FILES=1 lists every file loaded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools   # trunk, wasm-bindgen, wasm-opt, playwright-core and lighthouse
ensure_chromium
ensure_brotli
cd "$ROOT"

dist="${PB_DIST:-$ROOT/dist}"
if [ ! -f "$dist/index.html" ]; then
  "$ROOT/scripts/build-client.sh"
fi

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${PB_SERVER_BIN:-}" ]; then
  bin="$PB_SERVER_BIN"
else
  log "building the server (profile 'server')"
  cargo build --profile server --features ssr --bin partner-benefits
  # A copy: a build elsewhere sharing the target directory may replace the binary meanwhile.
  cp "${CARGO_TARGET_DIR:-$ROOT/target}/server/partner-benefits" "$work/partner-benefits"
  bin="$work/partner-benefits"
fi

# The floor: the bare page, built exactly like the client (release profile, trunk with
# wasm-opt -Os and minify, the same precompression).
bare_dist="$work/bare-dist"
log "building the bare Leptos page (examples/bare_leptos.rs) like the client"
(
  # The same toolchain and size flags as build-client.sh; not split, so no relocations
  # (left in, wasm-opt would ship them: 840 KB raw).
  client_release_env
  cargo build --locked --release --target wasm32-unknown-unknown --example bare_leptos \
    --no-default-features --features csr >"$work/bare-build.log" 2>&1 \
    && trunk --config "$ROOT/bench/bare/Trunk.toml" build --release --offline --dist "$bare_dist" >>"$work/bare-build.log" 2>&1
) || { cat "$work/bare-build.log" >&2; exit 1; }
# The client's imports get short names and its glue is minified by esbuild
# (scripts/split-wasm.sh); the floor's too, so the ratio measures the app, not the pipeline.
bare_wasm="$(find "$bare_dist" -maxdepth 1 -name '*_bg.wasm' | head -n1)"
node "$ROOT/scripts/shorten-imports.mjs" "$bare_wasm" "${bare_wasm%_bg.wasm}.js"
"$ROOT/scripts/pack-wasm.sh" "$bare_wasm"
for js in "$bare_dist"/*.js; do
  esbuild "$js" --minify --format=esm --log-level=warning --outfile="$js.min" && mv "$js.min" "$js"
done
"$ROOT/scripts/compress-dist.sh" "$bare_dist" 2>/dev/null

# Starts a server on a fresh SQLite database with the demo data; its base URL is left in $BASE.
start_server() { # name dist
  local log="$work/$1.log"
  mkdir -p "$work/$1"; : >"$log"
  PB_ADDR=127.0.0.1:0 PB_DATABASE="$work/$1/bench.db" PB_DIST="$2" PB_LOG=warn PB_DEMO_DATA=1 \
    PB_DATA_KEY="$(printf 'ab%.0s' $(seq 32))" "$bin" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  BASE="$(grep -o 'listening on http://[^ ]*' "$log" | head -1 | sed 's/listening on //')"
  [ -n "$BASE" ] || { cat "$log" >&2; echo "the $1 server did not start" >&2; exit 1; }
}
start_server product "$dist"; product=$BASE
start_server bare "$bare_dist"; bare=$BASE

echo
echo "== the client as people get it: pages in headless Chromium, against the bare Leptos floor =="
node "$ROOT/scripts/bench-client.mjs" "$product" "$bare"
