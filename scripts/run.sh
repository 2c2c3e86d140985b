#!/usr/bin/env bash
# The one command that builds and runs Partner Benefits on a fresh machine: installs what is
# missing, builds the client and the server, and serves both on SQLite with the demo data.
#
# It says what it does a line per step: which of how many, about how long that step and the
# rest take, and how long it has run (estimates measured on a 2-core machine: README).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

# The server for the demo is the debug build the tests use (`cargo build`): it compiles in
# about half the time of the optimised one and `make test` afterwards reuses it instead of
# building the crate and its dependencies again. What that costs in speed is measured (README,
# "The first run"); `make bench` measures the optimised profile 'server'.
SERVER_BIN="$ROOT/target/debug/partner-benefits"

# Downloads beside the compiling: the client's nightly and the node tools are mostly network,
# the Rust tools all processor; on 2 cores the two overlap well (about 2 minutes of a first run).
downloads=()
for t in client_toolchain node_tools; do
  if "need_$t"; then downloads+=("$t"); fi
done
for t in "${BUILD_TOOLS[@]}"; do
  case " ${downloads[*]} " in *" $t "*) ;; *) if "need_$t"; then plan "$t"; fi ;; esac
done
if need_client; then plan client; else plan client_again; fi
if [ -x "$SERVER_BIN" ]; then plan server_again; else plan server; fi
total=0
for s in "${STEP_PLAN[@]}"; do total=$((total + ${STEP_SECONDS[$s]:-30})); done
log "about $(minutes "$total") of work ahead, in ${#STEP_PLAN[@]} steps: ${STEP_PLAN[*]}"

if [ "${#downloads[@]}" -gt 0 ]; then
  log "meanwhile, beside the compiling: ${downloads[*]} (log: target/downloads.log)"
  mkdir -p "$ROOT/target"
  (for t in "${downloads[@]}"; do "ensure_$t"; done) > "$ROOT/target/downloads.log" 2>&1 &
  downloads_pid=$!
fi
ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_wasm_split
if [ -n "${downloads_pid:-}" ]; then
  wait "$downloads_pid" || { tail -20 "$ROOT/target/downloads.log" >&2; exit 1; }
fi
source "$ROOT/scripts/build-client.sh"
cd "$ROOT"
if [ -x "$SERVER_BIN" ]; then
  step server_again "building the server (debug, as the tests do): only what changed"
else
  step server "building the server (debug, as the tests do)"
fi
cargo build --locked --features ssr --bin partner-benefits
# The demo shows activations completing: "several days" become 30 seconds unless set.
export PB_ACTIVATION_DELAY_SECS="${PB_ACTIVATION_DELAY_SECS:-30}"
# The demo companies and their accounts (one published password): on here, never by default.
export PB_DEMO_DATA="${PB_DEMO_DATA:-1}"
# No mail server on a developer's machine: emails go to a mail drop folder, one .eml file each
# (an invited user's sign-up link is there, and only there). Set PB_SMTP_URL for a real relay.
export PB_SMTP_URL="${PB_SMTP_URL:-file://$ROOT/data/mail}"
log "ready after $(minutes $(( $(date +%s) - STEP_T0 ))): open http://${PB_ADDR:-127.0.0.1:3000} and sign in as ga@contoso.example / demo-pass-2026"
exec "$SERVER_BIN"
