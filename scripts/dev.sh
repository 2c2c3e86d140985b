#!/usr/bin/env bash
# The designer's loop: the server (debug build, demo data) on :3000 and `trunk serve` on :8080,
# which rebuilds the client and reloads the browser on every change in src/, locales/ or
# index.html, proxying /api/ to the server; a change in style/ is applied in place without a
# rebuild (scripts/dev-styles.mjs, events on :8081). Open http://127.0.0.1:8080 (the app) or
# http://127.0.0.1:8080/gallery (the workshop: every component's stories, no server needed).
# How long each loop takes: scripts/bench-designer-loop.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
cd "$ROOT"
cargo build --features ssr --bin partner-benefits
PB_DEMO_DATA="${PB_DEMO_DATA:-1}" PB_DIST="$ROOT/dist" PB_ACTIVATION_DELAY_SECS="${PB_ACTIVATION_DELAY_SECS:-30}" "$ROOT/target/debug/partner-benefits" &
server=$!
node "$ROOT/scripts/dev-styles.mjs" "$ROOT/dist" &
styles=$!
trap 'kill $server $styles 2>/dev/null' EXIT
trunk serve
