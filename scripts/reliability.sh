#!/usr/bin/env bash
# Prints the figures of the README's Reliability section: the server killed with kill -9 under
# a write load (PB_CRASH_CYCLES, default 200) and every server function fed 2,000 generated
# bodies per kind of caller. The same tests run in `make test`; this shows their output.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
log "crash and fuzz proofs (cargo test --test reliability), a few minutes"
cargo test --features ssr --test reliability -- --nocapture --test-threads 1 2>&1 \
  | grep -oE '(crash|fuzz): .*|^function .*|^[a-z_]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$|^test result.*'
