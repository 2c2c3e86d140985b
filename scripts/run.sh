#!/usr/bin/env bash
# The one command that builds and runs Partner Benefits on a fresh machine: installs what is
# missing, builds the client and the server, and serves both on SQLite with the demo data.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-client.sh"
cd "$ROOT"
log "building the server (profile 'server': optimised for speed)"
cargo build --profile server --features ssr --bin partner-benefits
# The demo shows activations completing: "several days" become 30 seconds unless set.
export PB_ACTIVATION_DELAY_SECS="${PB_ACTIVATION_DELAY_SECS:-30}"
log "starting: open http://${PB_ADDR:-127.0.0.1:3000} and sign in as ga@contoso.example / demo-pass-2026"
exec "$ROOT/target/server/partner-benefits"
