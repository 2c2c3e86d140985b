#!/usr/bin/env bash
# trunk post_build hook, release builds only: cuts the client into chunks loaded on demand.
#
# trunk links the client (cargo, `--features split`: src/ui/lazy.rs marks each page as a
# split point) and runs wasm-bindgen on the whole module. It cannot split, so this hook redoes
# the steps after linking from cargo's own output, in the order the splitter needs:
#   1. wasm-split-cli cuts the linked module (kept with `--emit-relocs`, .cargo/config.toml)
#      into the main module, one module per page and the modules pages share, plus the loader
#      `__wasm_split.js`;
#   2. wasm-bindgen (`--keep-lld-exports`: the chunks import the main module's functions by
#      their linker names) writes the JS glue for the main module;
#   3. wasm-opt -Os optimises every module (trunk's own pass is off: data-wasm-opt="0") and
#      drops the sections only tools read (producers, target features: wasm-bindgen has run).
#      -Os, not -Oz: its output is 3% larger raw but 0.4% smaller as brotli sends it (the
#      first module: 107.3 KB against 107.8 KB);
#   4. every chunk and the loader get a content hash in their name, so they can be cached for
#      good, and the glue trunk named (and index.html loads) is replaced by this one;
#   5. esbuild minifies the glue and the loader (trunk's own JS minifier fails on the glue).
# trunk's debug builds (`trunk serve`) are left alone: without the feature nothing is split.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PATH"
staging="${TRUNK_STAGING_DIR:?run by trunk}"
target="${CARGO_TARGET_DIR:-$root/target}"
input="$target/wasm32-unknown-unknown/release/partner-benefits.wasm"

glue="$(find "$staging" -maxdepth 1 -name 'partner-benefits-*.js' | head -n1)"
[ -n "$glue" ] || { echo "split-wasm: no glue from trunk in $staging" >&2; exit 1; }
stem="$(basename "$glue" .js)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/split" "$work/out"

wasm-split-cli "$input" "$work/split" --out-name "$stem" >&2
wasm-bindgen --target web --keep-lld-exports --no-typescript \
  --out-name "$stem" --out-dir "$work/out" "$work/split/$stem.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
find "$work/split" -maxdepth 1 -name '*.wasm' ! -name "$stem.wasm" -exec cp {} "$work/out/" \;

# The features the Rust toolchain emits for wasm32 (trunk passes the same to wasm-opt).
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue"
# Two at a time: these machines have two cores, and the main module takes longest.
find "$work/out" -name '*.wasm' -print0 | sort -z \
  | xargs -0 -P 2 -I{} sh -c "wasm-opt -Os --strip-producers --strip-target-features $features '{}' -o '{}.opt' 2>/dev/null && mv '{}.opt' '{}'"

hash16() { sha256sum "$1" | cut -c1-16; }
loader="$work/out/__wasm_split.js"
for chunk in "$work"/out/*.wasm; do
  name="$(basename "$chunk" .wasm)"
  [ "$name" = "${stem}_bg" ] && continue
  hashed="$name-$(hash16 "$chunk")"
  mv "$chunk" "$work/out/$hashed.wasm"
  sed -i "s|\"\./$name\.wasm\"|\"./$hashed.wasm\"|g" "$loader"
done
loader_name="__wasm_split-$(hash16 "$loader").js"
mv "$loader" "$work/out/$loader_name"
# Only the import statements: the same string is also the wasm's import module name, a key
# of the imports object, which must stay as the module says.
sed -i "s|from \"\./__wasm_split\.js\"|from \"./$loader_name\"|g" "$work/out/$stem.js"

for js in "$work/out/$stem.js" "$work/out/$loader_name"; do
  esbuild "$js" --minify --format=esm --log-level=warning --outfile="$js.min"
  mv "$js.min" "$js"
done

# Replace trunk's whole-module glue and wasm with the split ones (same names: index.html
# already loads them), and add the chunks beside them.
cp "$work"/out/* "$staging/"
