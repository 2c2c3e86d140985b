#!/usr/bin/env bash
# The designer's loop: the server (debug build, demo data) on :3000 and `trunk serve` on :8080,
# which rebuilds the client and reloads the browser on every change in src/, style/ or
# index.html, proxying /api/ to the server. Open http://127.0.0.1:8080 (the app) or
# http://127.0.0.1:8080/gallery (every component in every state, no server needed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
cd "$ROOT"
cargo build --features ssr --bin partner-benefits
PB_DIST="$ROOT/dist" PB_ACTIVATION_DELAY_SECS="${PB_ACTIVATION_DELAY_SECS:-30}" "$ROOT/target/debug/partner-benefits" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
# Debug client builds are quick; CSS changes reload without recompiling Rust.
trunk serve
