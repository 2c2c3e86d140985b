#!/usr/bin/env bash
# Builds the browser client into dist/: release profile (opt-level z, LTO) on the pinned
# nightly (tools.sh: client_release_env), split into chunks, wasm-opt -Os, minified, and the
# brotli and gzip copies the server sends.
#
# Skipped when dist/ was built from exactly these inputs (the sources, styles, texts, build
# scripts, lock files and the tools' versions): a second `make run` starts in seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
cd "$ROOT"

if ! need_client; then
  step client_again "the client in dist/ was built from these sources: kept as it is"
else
  # What compresses the built files, before the build's own step (the order run.sh plans).
  ensure_brotli
  ensure_brotli_dictionary
  step client "building the client (release, $CLIENT_NIGHTLY, split, wasm-opt -Os) into dist/"
  rm -f "$CLIENT_STAMP"
  # The inputs as they are now: a file saved while the build runs makes the next run build again.
  inputs="$(client_inputs)"
  # In a subshell: scripts that source this one (run.sh, bench.sh) build the server next, on
  # stable and without the client's flags.
  (
    client_release_env split
    # trunk --offline passes --offline to cargo, and build-std needs std's own crates: build
    # the same thing online first (trunk's cargo step then finds it done).
    cargo build --locked --release --target wasm32-unknown-unknown --bin partner-benefits \
      --no-default-features --features csr
    trunk build --release --offline
  )
  "$ROOT/scripts/compress-dist.sh"
  mkdir -p "$ROOT/target"
  client_built "$inputs" > "$CLIENT_STAMP"
fi
