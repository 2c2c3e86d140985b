#!/usr/bin/env bash
# Orders an optimised module's functions for brotli and drops its no-op table segments, in
# place (scripts/pack-wasm.mjs says why): the client's modules (split-wasm.sh) and the bench's
# bare floor (bench-client.sh), so the floor gets what the app gets.
# Usage: pack-wasm.sh <module.wasm>
set -euo pipefail
module="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
# The features the Rust toolchain emits for wasm32 (trunk passes the same to wasm-opt).
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
node "$root/scripts/pack-wasm.mjs" "$module" "$module.keyed"
# --strip-debug drops the sort keys (the name section) once they have done their work.
wasm-opt --reorder-functions-by-name --strip-debug "${features[@]}" "$module.keyed" -o "$module"
rm "$module.keyed"
