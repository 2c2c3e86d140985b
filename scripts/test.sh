#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs what is missing, then
#   1. domain unit tests, the server functions over real HTTP against real SQLite files, and the
#      reliability proofs (the real binary killed with kill -9 under load; every function fuzzed),
#   2. the release client build,
#   3. the browser tests in headless Chromium against the real server binary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
ensure_chromium
cd "$ROOT"

log "unit tests, server functions over HTTP, crash and fuzz proofs (cargo test --features ssr)"
cargo test --features ssr

log "building the client (release)"
trunk build --release --offline

log "browser tests (headless Chromium, playwright-core)"
export PB_SERVER_BIN="$ROOT/target/debug/partner-benefits"
export PB_DIST="$ROOT/dist"
node --test --test-concurrency=1 tests/browser/
log "all tests passed"
