#!/usr/bin/env bash
# What a first `make run` spends its time on, measured (figures for the README, "The first
# run"): each Rust tool installed as cargo would by default and as tools.sh does (quick profile,
# one shared target directory), then the client and the server built from nothing in a fresh
# clone (the server twice: as `make run` builds it, debug, and as `make bench` does).
# Everything happens in a scratch directory; nothing installed here is kept. About 50 minutes on
# 2 cores. Crates already downloaded into ~/.cargo are not downloaded again (a fresh machine
# also downloads them: about a minute on these machines).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
scratch="$(mktemp -d /tmp/pb-first-run.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
wasm_bindgen="$(wasm_bindgen_wanted)"

timed() { # label, command...
  local label=$1 t0
  shift
  t0=$(date +%s)
  "$@" > "$scratch/last.log" 2>&1 || { tail -20 "$scratch/last.log"; exit 1; }
  printf '%-44s %6d s\n' "$label" $(( $(date +%s) - t0 ))
}

# The four tools as tools.sh names them (name, then cargo install's arguments).
tool_args() {
  case $1 in
    trunk) echo "trunk --version ~0.21 --locked --no-default-features" ;;
    wasm-bindgen) echo "wasm-bindgen-cli --version $wasm_bindgen --force" ;;
    wasm-split) echo "wasm_split_cli_support --version 0.2.4 --features build-binary --locked" ;;
    brotli) echo "--locked brotli@9.1.1" ;;
  esac
}
tools=(trunk wasm-bindgen wasm-split brotli)

echo "== Rust tools: cargo install as is (each its own target directory, its own release profile) =="
for t in "${tools[@]}"; do
  # shellcheck disable=SC2046
  timed "$t, default profile" env CARGO_TARGET_DIR="$scratch/before-$t" \
    cargo install $(tool_args "$t") --root "$scratch/before"
  rm -rf "$scratch/before-$t"
done

echo "== Rust tools as tools.sh installs them (opt-level 1, no LTO, 256 codegen units, one target directory) =="
for t in "${tools[@]}"; do
  # shellcheck disable=SC2046
  TOOLS_TARGET="$scratch/tools-target" timed "$t, quick profile, shared target" \
    quick_install $(tool_args "$t") --root "$scratch/after"
done

echo "== a fresh clone: the client and the server from nothing =="
git clone -q "$ROOT" "$scratch/clone"
cd "$scratch/clone"
timed "node tools (npm ci)" bash -c 'source scripts/tools.sh; ensure_node_tools'
timed "client (release, nightly, split, compressed)" ./scripts/build-client.sh
timed "server, debug (make run, make test)" cargo build --locked --features ssr --bin partner-benefits
timed "server, profile 'server' (make bench)" cargo build --locked --profile server --features ssr --bin partner-benefits
timed "client again, nothing changed" ./scripts/build-client.sh
timed "server again, nothing changed" cargo build --locked --features ssr --bin partner-benefits
