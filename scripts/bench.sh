#!/usr/bin/env bash
# Benchmarks (figures to compare over time, not pass/fail tests):
#   the first-load bundle in dist/: wasm, JS and CSS bytes raw, gzip -9 and brotli -q 11.
# Budget (DEVELOPERS.md): the whole first load at most 120 KB brotli.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-client.sh"
ensure_brotli
cd "$ROOT/dist"

printf '\n%-8s %10s %10s %10s\n' kind raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for kind in wasm js css; do
  raw=0; gz=0; br=0
  for f in $(ls *."$kind" 2>/dev/null); do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
  done
  printf '%-8s %10d %10d %10d\n' "$kind" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '%-8s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
budget=$((120 * 1024))
if [ "$total_br" -le "$budget" ]; then verdict="within"; else verdict="OVER"; fi
printf '\nfirst load: %.1f KB brotli (%s the 120 KB budget)\n' "$(awk "BEGIN{print $total_br/1024}")" "$verdict"
