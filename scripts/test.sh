#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs what is missing, then
#   1. domain unit tests, the server functions over real HTTP against real SQLite files, and the
#      reliability proofs (the real binary killed with kill -9 under load; every function fuzzed),
#      then the same server-function suite against a throwaway PostgreSQL cluster, and two
#      server processes sharing that PostgreSQL (tests/servers),
#   2. the release client build,
#   3. the browser tests in headless Chromium against the real server binary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
ensure_chromium
cd "$ROOT"

# A throwaway PostgreSQL cluster for the second pass (installed if missing, stopped on exit).
start_postgres fast
trap stop_postgres EXIT
POSTGRES_URL="$PB_TEST_POSTGRES"
unset PB_TEST_POSTGRES

log "unit tests, server functions over HTTP on SQLite, crash and fuzz proofs"
cargo test --features ssr --lib --test api --test reliability

log "server functions over HTTP on PostgreSQL, and two servers against one PostgreSQL"
PB_TEST_POSTGRES="$POSTGRES_URL" cargo test --features ssr --test api --test servers

# The client exactly as `make run` builds it: pinned nightly, split into chunks, compressed.
"$ROOT/scripts/build-client.sh"

# The designer's debug client, as `trunk serve` (make dev) builds it: its debug-only code
# (ui::dev) is compiled by nothing else, and once went broken unnoticed (a web-sys feature
# that a dropped dependency used to turn on).
log "the designer's debug client compiles (what trunk serve builds)"
cargo check --locked --target wasm32-unknown-unknown --no-default-features --features csr

log "browser tests (headless Chromium, playwright-core)"
export PB_SERVER_BIN="$ROOT/target/debug/partner-benefits"
export PB_DIST="$ROOT/dist"
node --test --test-concurrency=1 tests/browser/
log "all tests passed"
