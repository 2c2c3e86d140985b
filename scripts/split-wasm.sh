#!/usr/bin/env bash
# trunk post_build hook, release builds only: cuts the client into chunks loaded on demand.
#
# trunk links the client (release: src/ui/lazy.rs marks each page, and an expanded benefit row, as a
# split point) and runs wasm-bindgen on the whole module. It cannot split, so this hook redoes
# the steps after linking from cargo's own output, in the order the splitter needs:
#   1. wasm-split-cli cuts the linked module (kept with `--emit-relocs`, .cargo/config.toml)
#      into the main module, one module per page and the modules pages share, plus the loader
#      `__wasm_split.js`;
#   1b. scripts/merge-chunks.mjs folds wasm-split's many small shared modules into the modules
#      always loaded before what needs them (the app chunk above all) and three common ones
#      (what Benefits needs, what the Overview needs, the rest);
#   2. wasm-bindgen (`--keep-lld-exports`: the chunks import the main module's functions by
#      their linker names) writes the JS glue for the main module;
#   2b. scripts/shorten-imports.mjs gives the main module's imports from the glue short names
#      in both files (wasm-bindgen's carry a 16-digit hash each: 5 KB of brotli per first load);
#   3. wasm-opt optimises every module (trunk's own pass is off: data-wasm-opt="0"): -Os the
#      first module, -O3 the chunks (below), and drops the sections only tools read (producers,
#      target features: wasm-bindgen has run). -Os, not -Oz: its output is 3% larger raw but
#      0.4% smaller as brotli sends it (the first module: 107.3 KB against 107.8 KB);
#   3b. scripts/pack-wasm.mjs orders each module's functions so that alike ones are
#      neighbours (brotli finds more repeats) and drops table segments that change nothing;
#   4. every chunk and the loader get a content hash in their name, so they can be cached for
#      good, and the glue trunk named (and index.html loads) is replaced by this one;
#   5. the first module imports a stub of the loader, which fetches the loader itself when a
#      chunk is first asked for (an English sign-in page needs none);
#   6. esbuild minifies the glue and the loaders (trunk's own JS minifier fails on the glue);
#   7. index.html asks for the code only after its first paint (scripts/paint-first.mjs).
# trunk's debug builds (`trunk serve`) are left alone: with debug assertions on, `on_demand!`
# makes ordinary functions, so there is nothing to split.
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
node "$root/scripts/merge-chunks.mjs" "$work/split" "$work/split/$stem.wasm"
wasm-bindgen --target web --keep-lld-exports --no-typescript \
  --out-name "$stem" --out-dir "$work/out" "$work/split/$stem.wasm"
node "$root/scripts/shorten-imports.mjs" "$work/out/${stem}_bg.wasm" "$work/out/$stem.js"
cp "$work/split/__wasm_split.js" "$work/out/"
find "$work/split" -maxdepth 1 -name '*.wasm' ! -name "$stem.wasm" -exec cp {} "$work/out/" \;

# The features the Rust toolchain emits for wasm32 (trunk passes the same to wasm-opt).
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue"
# One module: optimise (-Os for the first module; -O3 for chunks, whose calls into the first
# module go through small stubs -O3 inlines: 0.7 to 0.9 KB less per chunk as sent, measured
# 2026-12-04, where -Os gave the first module 0.5 KB less), then order its functions for
# brotli and drop no-op table segments (scripts/pack-wasm.sh).
opt_one() {
  local module="$1" level=-O3
  [ "$(basename "$module")" = "${stem}_bg.wasm" ] && level=-Os
  # shellcheck disable=SC2086 # $features is a list of flags
  wasm-opt "$level" --strip-producers --strip-target-features $features "$module" -o "$module.opt" 2>/dev/null
  mv "$module.opt" "$module"
  "$root/scripts/pack-wasm.sh" "$module"
}
export -f opt_one
export features stem root
# Two at a time: these machines have two cores, and the main module takes longest.
# (`set -e` again: a function run by `bash -c` does not inherit it, and a failed wasm-opt must
# stop the build, not ship the module unoptimised.)
find "$work/out" -name '*.wasm' -print0 | sort -z \
  | xargs -0 -P 2 -I{} bash -c 'set -euo pipefail; opt_one "$1"' _ {}

hash16() { sha256sum "$1" | cut -c1-16; }
# The first module and its glue carry the name trunk gave them, a hash of cargo's output. A
# change to these steps alone (or to a chunk: the glue names the loader stub, which names the
# loader, which names every chunk) leaves that name as it was while what the files hold
# changes, and a browser keeps them for good (immutable): it would pair its old glue with
# this build's other files, or ask for a stub this build no longer has. So they are named
# after what decides everything this build writes: the modules and the loader as they are
# here, by name (in one order whatever the locale), this script (it writes the stub) and
# esbuild's version (it minifies the JS).
build_id="$( { (cd "$work/out" && LC_ALL=C sha256sum -- *); sha256sum < "$root/scripts/split-wasm.sh"; esbuild --version; } \
  | sha256sum | cut -c1-16)"
new_stem="${stem%-*}-$build_id"
mv "$work/out/${stem}_bg.wasm" "$work/out/${new_stem}_bg.wasm"
mv "$work/out/$stem.js" "$work/out/$new_stem.js"
# Only the file names: the glue's `./<stem>_bg.js` is also the module name the wasm imports
# from. Each must have been there: a rename that matched nothing would ship a page that asks
# for files this build deleted.
rename_in() { # file, sed expression
  grep -q "$new_stem" "$1" && { echo "split-wasm: $1 already names $new_stem" >&2; exit 1; }
  sed -i "$2" "$1"
  grep -q "$new_stem" "$1" || { echo "split-wasm: the first module's name not found in $1" >&2; exit 1; }
}
rename_in "$staging/index.html" "s#$stem\(_bg\.wasm\|\.js\)\b#$new_stem\1#g"
rename_in "$work/out/$new_stem.js" "s#$stem\(_bg\.wasm\)#$new_stem\1#g"
rename_in "$work/out/__wasm_split.js" "s|\"\./$stem\.js\"|\"./$new_stem.js\"|g"
grep -q "$stem" "$staging/index.html" && { echo "split-wasm: index.html still names $stem" >&2; exit 1; }
rm -f "$staging/$stem.js" "$staging/${stem}_bg.wasm"
stem="$new_stem"
loader="$work/out/__wasm_split.js"
for chunk in "$work"/out/*.wasm; do
  name="$(basename "$chunk" .wasm)"
  [ "$name" = "${stem}_bg" ] && continue
  hashed="$name-$(hash16 "$chunk")"
  mv "$chunk" "$work/out/$hashed.wasm"
  sed -i "s|\"\./$name\.wasm\"|\"./$hashed.wasm\"|g" "$loader"
done
real_name="split-loader-$(hash16 "$loader").js"
mv "$loader" "$work/out/$real_name"
# The first module imports one loading function per split point from the loader, but the
# loader names every chunk and what each needs (2.5 KB brotli), and an English sign-in page
# wants no chunk. So the module the first module imports is a stub that fetches the real
# loader the first time a chunk is asked for, at once on a page the server marked Korean
# (its texts are a chunk, wanted before the first render). If that fetch fails, the stub
# answers the waiting split point "failed", as the loader does for a chunk (the app then
# offers Try again), and the next try asks again under a new address: a browser may remember
# a failed module import for the page's life.
stub="$work/out/__wasm_split_stub.js"
{
  echo "import { initSync } from \"./$stem.js\";"
  echo "let loader;"
  echo "let tries = 0;"
  echo "const fetchLoader = () => (loader ??= import(\"./$real_name\" + (tries++ ? \"?retry=\" + tries : \"\")));"
  echo "if (document.documentElement.lang === \"ko\") fetchLoader().catch(() => { loader = undefined; });"
  echo "const via = (name) => (callback, data) => {"
  echo "  fetchLoader().then((m) => m[name](callback, data), (e) => {"
  echo "    loader = undefined;"
  echo "    console.error(e);"
  echo "    initSync(undefined, undefined).__indirect_function_table.get(callback)(data, false);"
  echo "  });"
  echo "};"
  grep -o 'export const __wasm_split_load_[A-Za-z0-9_]*' "$work/out/$real_name" \
    | sed 's/export const \(.*\)/export const \1 = via("\1");/'
} > "$stub"
grep -q 'via("__wasm_split_load_' "$stub" || { echo "split-wasm: no loading functions in the loader" >&2; exit 1; }
loader_name="__wasm_split-$(hash16 "$stub").js"
mv "$stub" "$work/out/$loader_name"
# Only the import statements: the same string is also the wasm's import module name, a key
# of the imports object, which must stay as the module says.
sed -i "s|from \"\./__wasm_split\.js\"|from \"./$loader_name\"|g" "$work/out/$stem.js"

for js in "$work/out/$stem.js" "$work/out/$loader_name" "$work/out/$real_name"; do
  esbuild "$js" --minify --format=esm --log-level=warning --outfile="$js.min"
  mv "$js.min" "$js"
done

# Replace trunk's whole-module glue and wasm with the split ones (index.html names them
# already: renamed above), and add the chunks beside them.
cp "$work"/out/* "$staging/"

node "$root/scripts/paint-first.mjs" "$staging/index.html"
