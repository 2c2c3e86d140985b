#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing on this machine.
# Sourced by scripts/run.sh, scripts/test.sh and scripts/bench.sh; safe to run again
# (every step first checks whether its tool is already there).
#
# What works on these machines (see TOOLCHAIN.md): crates.io, npm and Debian packages are
# reachable, release-page downloads are not. So trunk and wasm-bindgen come from crates.io,
# wasm-opt from npm (binaryen), Chromium from Debian.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  # trunk 0.22 needs a newer rustc than the machine has; 0.21 is the line that builds here.
  if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
    log "installing trunk 0.21 from crates.io (no TLS client or update check, nothing we use offline: ~6 minutes on 2 cores)"
    cargo install trunk --version '~0.21' --locked --no-default-features
  fi
}

ensure_wasm_bindgen() {
  # trunk --offline uses the wasm-bindgen on PATH; it must equal the version in Cargo.lock.
  local want
  want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    log "installing wasm-bindgen-cli $want (must match Cargo.lock)"
    # Without --locked: the CLI's own lock file names a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_wasm_split() {
  # Cuts the release client into chunks loaded on demand (scripts/split-wasm.sh). 0.2.3 or
  # newer reads what wasm-bindgen 0.2.128+ writes.
  # (it has no --version: ask cargo what it installed)
  if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -q '^wasm_split_cli_support v0\.2\.4:'; then
    log "installing wasm-split-cli 0.2.4 from crates.io (1–5 minutes)"
    cargo install wasm_split_cli_support --version 0.2.4 --features build-binary --locked
  fi
}

ensure_node_tools() {
  # wasm-opt (binaryen, runs on node) for trunk, the browser-test driver, and Lighthouse for
  # the client benchmark (scripts/bench-client.sh), pixelmatch and pngjs for the gallery's
  # screenshots compared with their references (tests/browser/visual.test.mjs).
  if [ ! -x "$ROOT/.tools/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/.tools/node_modules/playwright-core" ] \
     || [ ! -d "$ROOT/.tools/node_modules/lighthouse" ] || [ ! -d "$ROOT/.tools/node_modules/pixelmatch" ] \
     || [ "$ROOT/tools/package-lock.json" -nt "$ROOT/.tools/.installed" ]; then
    log "installing node tools (binaryen, playwright-core, axe-core, lighthouse) into .tools/"
    mkdir -p "$ROOT/.tools"
    cp "$ROOT/tools/package.json" "$ROOT/tools/package-lock.json" "$ROOT/.tools/"
    (cd "$ROOT/.tools" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$ROOT/.tools/.installed"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    need_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq chromium chromium-driver
  fi
  # The page's Latin font (the system sans-serif, DejaVu Sans on Debian), named so the
  # screenshot references compare on a fresh machine too.
  if ! fc-list 2>/dev/null | grep -i 'DejaVuSans.ttf' >/dev/null; then
    log "installing the DejaVu fonts for the browser"
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq fonts-dejavu-core \
      || { need_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq fonts-dejavu-core; }
  fi
  # Korean and Japanese text (language names, the Korean UI) in screenshots.
  if ! fc-list 2>/dev/null | grep -i 'noto.*cjk' >/dev/null; then
    log "installing CJK fonts for the browser"
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq fonts-noto-cjk \
      || { need_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq fonts-noto-cjk; }
  fi
}

ensure_brotli() {
  # Only the size benchmark needs it.
  if ! command -v brotli >/dev/null; then
    log "installing brotli"
    need_root apt-get install -y -qq brotli || { need_root apt-get update -qq && need_root apt-get install -y -qq brotli; }
  fi
}

# Google's brotli CLI (Debian's is 1.0.9) cannot compress against a dictionary; the Rust
# crate's own CLI can (`-customdictionary=`). Kept apart from PATH: its flags differ and it
# must not shadow the other `brotli`.
BROTLI_DICT="$ROOT/.tools/rust-brotli/bin/brotli"
ensure_brotli_dictionary() {
  # (it has no --version: ask cargo what it installed there)
  if [ ! -x "$BROTLI_DICT" ] || ! cargo install --list --root "$ROOT/.tools/rust-brotli" | grep -q '^brotli v9\.1\.1:'; then
    log "installing the brotli crate's CLI 9.1.1 (compresses against a dictionary; ~1 minute)"
    cargo install --locked brotli@9.1.1 --root "$ROOT/.tools/rust-brotli"
  fi
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing Debian's postgresql (the server binaries; no service is started)"
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq postgresql \
      || { need_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq postgresql; }
  fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# Starts a throwaway PostgreSQL cluster in a temporary directory on a free loopback port and
# exports PB_TEST_POSTGRES (a superuser URL). `initdb` refuses root, so the cluster belongs to
# the `postgres` user the package creates. Stopped and deleted by stop_postgres (set a trap).
# $1 = "fast" trades durability for speed (tests); anything else keeps the defaults (benchmarks).
start_postgres() {
  ensure_postgres
  local bin port dir
  bin="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
  port=$((20000 + RANDOM % 20000))
  while (: > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  dir="$(mktemp -d /tmp/pb-postgres.XXXXXX)"
  chown postgres "$dir" 2>/dev/null || need_root chown postgres "$dir"
  chmod 700 "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  local opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400"
  if [ "${1:-}" = fast ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_postgres "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/log" -w start >/dev/null
  export PB_PG_DIR="$dir" PB_PG_BIN="$bin"
  export PB_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway, $dir)"
}

stop_postgres() {
  if [ -n "${PB_PG_DIR:-}" ] && [ -d "$PB_PG_DIR/data" ]; then
    as_postgres "$PB_PG_BIN/pg_ctl" -D "$PB_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PB_PG_DIR"
  fi
}

# The release client is built with a pinned nightly (the designer's `trunk serve` and the
# server stay on stable): std rebuilt for size (`build-std`, `optimize_for_size`), panics that
# abort at once without formatting a message (`panic=immediate-abort`), no file and line
# strings (`location-detail=none`) and no Debug formatting (`fmt-debug=none`; the client never
# shows `{:?}` to anyone). Together 17 KB less brotli on the first load (166 → 149 KB main
# module). `client_release_env` sets it up for a command (build-client.sh, bench-client.sh).
CLIENT_NIGHTLY=nightly-2026-05-20

ensure_client_toolchain() {
  if ! rustup run "$CLIENT_NIGHTLY" rustc --version >/dev/null 2>&1 \
     || ! rustup component list --toolchain "$CLIENT_NIGHTLY" --installed | grep -q '^rust-src'; then
    log "installing the client's toolchain $CLIENT_NIGHTLY with rust-src (~1 minute)"
    rustup toolchain install "$CLIENT_NIGHTLY" --profile minimal --component rust-src
  fi
}

# `client_release_env split` also keeps the linker's relocations, which only the splitter
# needs (scripts/split-wasm.sh drops them); an unsplit build (the benchmark's bare floor) must
# not ship them.
client_release_env() {
  export RUSTUP_TOOLCHAIN="$CLIENT_NIGHTLY"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # RUSTFLAGS replaces .cargo/config.toml's flags for the target: keep those first.
  local relocs=""
  if [ "${1:-}" = split ]; then relocs=" -Clink-args=--emit-relocs"; fi
  export RUSTFLAGS="--cfg erase_components$relocs -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_client_toolchain
  ensure_node_tools
}
