#!/usr/bin/env bash
# Builds the browser client into dist/: release profile (opt-level z, LTO), wasm-opt -Oz.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
cd "$ROOT"
# trunk --offline passes --offline to cargo: fetch the wasm-only crates first.
cargo fetch --locked >/dev/null
log "building the client (release, wasm-opt -Oz) into dist/"
trunk build --release --offline
"$ROOT/scripts/compress-dist.sh"
