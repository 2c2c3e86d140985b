#!/usr/bin/env bash
# Writes the brotli (quality 11) and gzip (-9) copy of every file of the built client next to
# it (`app-….wasm.br`, `app-….wasm.gz`): the server reads them at start and sends them as they
# are, never compressing a static file per request. Files under 512 bytes stay as they are.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_brotli
dist="${1:-$ROOT/dist}"
find "$dist" -type f ! -name '*.br' ! -name '*.gz' -size +511c | while read -r f; do
  brotli -q 11 -f -o "$f.br" "$f"
  gzip -9 -n -c "$f" > "$f.gz"
done
log "compressed copies written in $dist (brotli 11, gzip 9)"
