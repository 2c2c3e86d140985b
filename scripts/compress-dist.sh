#!/usr/bin/env bash
# Writes the brotli (quality 11) and gzip (-9) copy of every file of the built client next to
# it (`app-….wasm.br`, `app-….wasm.gz`): the server reads them at start and sends them as they
# are, never compressing a static file per request. Files under 512 bytes stay as they are.
#
# And a third copy of every chunk (`split_…wasm.dcb`): brotli against the first module as a
# dictionary (Compression Dictionary Transport, RFC 9842, "dcb"). The browser always has the
# first module before it asks for a chunk, and the server marks it as a dictionary, so a
# browser that supports it (Chromium 130+) says it has it and gets the smaller copy: the
# chunks share much of the first module's code (13 KB less for the Benefits page's four).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_brotli
dist="${1:-$ROOT/dist}"
find "$dist" -type f ! -name '*.br' ! -name '*.gz' ! -name '*.dcb' -size +511c | while read -r f; do
  brotli -q 11 -f -o "$f.br" "$f"
  gzip -9 -n -c "$f" > "$f.gz"
done
log "compressed copies written in $dist (brotli 11, gzip 9)"

find "$dist" -name '*.dcb' -delete
dict="$(find "$dist" -maxdepth 1 -name '*_bg.wasm' | head -n1)"
chunks="$(find "$dist" -maxdepth 1 -name '*.wasm' ! -name '*_bg.wasm')"
if [ -n "$dict" ] && [ -n "$chunks" ]; then
  ensure_brotli_dictionary
  # The header RFC 9842 gives a "dcb" body: a magic number, then the dictionary's SHA-256.
  header="$(sha256sum "$dict" | cut -c1-64 | sed 's/../\\x&/g')"
  for f in $chunks; do
    # -w24: the window must hold the dictionary (357 KB) and the chunk together.
    "$BROTLI_DICT" -c -q11 -w24 -customdictionary="$dict" "$f" "$f.dcb.body"
    { printf '\xff\x44\x43\x42'; printf "$header"; cat "$f.dcb.body"; } > "$f.dcb"
    rm "$f.dcb.body"
    # Only where it wins (the English texts share nothing with code; a file too small to
    # have a brotli copy goes as it is).
    if [ ! -f "$f.br" ] || [ "$(stat -c %s "$f.dcb")" -ge "$(stat -c %s "$f.br")" ]; then rm "$f.dcb"; fi
  done
  log "chunks compressed against the first module written in $dist (.dcb)"
fi
