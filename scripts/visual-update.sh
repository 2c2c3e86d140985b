#!/usr/bin/env bash
# Writes the gallery's reference screenshots (tests/visual/) anew, on purpose, after a change to
# a component or a style that is meant: the client as `make run` builds it, the server, then
# tests/browser/visual.test.mjs in update mode. Review the changed images (git diff shows which)
# before committing them. About 6 minutes with the builds in place.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
ensure_chromium
cd "$ROOT"
"$ROOT/scripts/build-client.sh"
cargo build --features ssr --bin partner-benefits
PB_UPDATE_VISUAL=1 PB_SERVER_BIN="$ROOT/target/debug/partner-benefits" PB_DIST="$ROOT/dist" \
  node --test tests/browser/visual.test.mjs
git -C "$ROOT" status --short tests/visual | head -50
