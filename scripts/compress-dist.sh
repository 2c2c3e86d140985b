#!/usr/bin/env bash
# Writes the brotli (quality 11) and gzip (-9) copy of every file of the built client next to
# it (`app-….wasm.br`, `app-….wasm.gz`): the server reads them at start and sends them as they
# are, never compressing a static file per request. Files under 512 bytes stay as they are.
#
# And a third copy of every chunk (`split_….wasm.dcb`, `chunk_….wasm.dcb`): brotli against the
# first module as a dictionary (Compression Dictionary Transport, RFC 9842, "dcb"). The browser always has the
# first module before it asks for a chunk, and the server marks it as a dictionary, so a
# browser that supports it (Chromium 130+) says it has it and gets the smaller copy: the
# chunks share much of the first module's code (13 KB less for the Benefits page's four).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_brotli
dist="${1:-$ROOT/dist}"
# Copies against a dictionary are made anew below, for this build's first module.
find "$dist" -name '*.dcb' -delete
find "$dist" -type f ! -name '*.br' ! -name '*.gz' ! -name '*.dcb' -size +511c | while read -r f; do
  brotli -q 11 -f -o "$f.br" "$f"
  gzip -9 -n -c "$f" > "$f.gz"
done
log "compressed copies written in $dist (brotli 11, gzip 9)"

first_module="$(find "$dist" -maxdepth 1 -name '*_bg.wasm')"
[ "$(printf '%s' "$first_module" | grep -c .)" -le 1 ] || { echo "compress-dist: more than one first module in $dist" >&2; exit 1; }
if [ -n "$first_module" ] && [ -n "$(find "$dist" -maxdepth 1 -name '*.wasm' ! -name '*_bg.wasm')" ]; then
  if ensure_brotli_dictionary; then
    # The header RFC 9842 gives a "dcb" body: a magic number, then the dictionary's SHA-256.
    header="$(sha256sum < "$first_module" | cut -c1-64 | sed 's/../\\x&/g')"
    body="$(mktemp)"
    find "$dist" -maxdepth 1 -name '*.wasm' ! -name '*_bg.wasm' -print0 | while IFS= read -r -d '' f; do
      # -w21: a 2 MB window holds the dictionary (357 KB) and any chunk (the largest 217 KB),
      # so every byte of both can be referred to.
      "$BROTLI_DICT" -c -q11 -w21 -customdictionary="$first_module" "$f" "$body"
      { printf '\xff\x44\x43\x42'; printf '%b' "$header"; cat "$body"; } > "$f.dcb"
      # Only where it wins (the English texts share nothing with code; a file too small to
      # have a brotli copy goes as it is).
      if [ ! -f "$f.br" ] || [ "$(stat -c %s "$f.dcb")" -ge "$(stat -c %s "$f.br")" ]; then rm "$f.dcb"; fi
    done
    rm -f "$body"
    log "chunks compressed against the first module written in $dist (.dcb)"
  else
    log "no dictionary-compressed copies: the brotli crate's CLI could not be installed (chunks go as brotli)"
  fi
fi
