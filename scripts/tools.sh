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

ensure_node_tools() {
  # wasm-opt (binaryen, runs on node) for trunk, and the browser-test driver.
  if [ ! -x "$ROOT/.tools/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/.tools/node_modules/playwright-core" ] \
     || [ "$ROOT/tools/package-lock.json" -nt "$ROOT/.tools/.installed" ]; then
    log "installing node tools (binaryen, playwright-core, axe-core) into .tools/"
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
  # Korean and Japanese text (language names, the Korean UI) in screenshots.
  if ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then
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

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_tools
}
