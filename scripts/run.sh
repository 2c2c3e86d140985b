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
# The demo companies and their accounts (one published password): on here, never by default.
export PB_DEMO_DATA="${PB_DEMO_DATA:-1}"
# No mail server on a developer's machine: emails go to a mail drop folder, one .eml file each
# (an invited user's sign-up link is there, and only there). Set PB_SMTP_URL for a real relay.
export PB_SMTP_URL="${PB_SMTP_URL:-file://$ROOT/data/mail}"
log "starting: open http://${PB_ADDR:-127.0.0.1:3000} and sign in as ga@contoso.example / demo-pass-2026"
exec "$ROOT/target/server/partner-benefits"
