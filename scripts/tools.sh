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

# ---- Progress: a line per step, which of how many, and roughly how long the rest takes -------
# A command that knows its steps up front (run.sh) lists them with `plan NAME...`; each step
# then starts with `step NAME "what it does"`. The estimates are seconds on a 2-core machine
# with nothing built yet, measured (README, "The first run"); a step that finds its work done
# ends sooner. Outside a plan, `step` prints its line without the count.
declare -A STEP_SECONDS=(
  [wasm_target]=15 [trunk]=115 [wasm_bindgen]=100 [wasm_split]=40 [client_toolchain]=60
  [node_tools]=60 [brotli]=10 [brotli_dictionary]=15 [client]=180 [client_again]=1
  [server]=185 [server_again]=15
)
# Kept when this file is sourced again (run.sh plans, then sources build-client.sh).
[[ -v STEP_PLAN ]] || STEP_PLAN=()
STEP_T0="${STEP_T0:-$(date +%s)}"

plan() { STEP_PLAN+=("$@"); }

minutes() { # seconds → "4 min" / "30 s"
  if [ "$1" -ge 90 ]; then echo "$(( ($1 + 30) / 60 )) min"; else echo "$1 s"; fi
}

step() { # name, what it does
  local name=$1 k left=0 i in_plan=0
  shift
  for i in "${!STEP_PLAN[@]}"; do
    if [ "${STEP_PLAN[$i]}" = "$name" ]; then in_plan=1; k=$((i + 1)); fi
  done
  if [ "$in_plan" = 0 ]; then
    log "$* (about $(minutes "${STEP_SECONDS[$name]:-30}"))"
    return
  fi
  for i in $(seq $((k - 1)) $((${#STEP_PLAN[@]} - 1))); do
    left=$((left + ${STEP_SECONDS[${STEP_PLAN[$i]}]:-30}))
  done
  log "[$k/${#STEP_PLAN[@]}] $* (about $(minutes "${STEP_SECONDS[$name]:-30}"); about $(minutes "$left") left in all; $(minutes $(( $(date +%s) - STEP_T0 ))) so far)"
}

# ---- Rust tools, built to run rather than to be fast ------------------------------------------
# trunk, wasm-bindgen and wasm-split each run for seconds in a build; compiled
# with their own release settings (full optimisation, often LTO and one codegen unit) they took
# most of a first run (trunk alone about 12 minutes on 2 cores). Here: no optimisation for trunk
# (it orchestrates: cargo, wasm-bindgen and wasm-opt do the work; 306 s → 114 s to build),
# level 1 for the tools that do work on every build ($1, default 1); no LTO, many codegen units,
# no debug info; and one target directory for all of them, so what they share (serde, clap,
# syn, ...) is compiled once. Figures before and after: README, "The first run".
TOOLS_TARGET="$ROOT/target/tools"
quick_install() { # [optimisation level] cargo install arguments...
  local level=1
  if [[ "$1" =~ ^[0-3]$ ]]; then level=$1; shift; fi
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false CARGO_TARGET_DIR="$TOOLS_TARGET" \
    cargo install "$@"
}

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

need_wasm_target() { ! rustup target list --installed | grep -qx wasm32-unknown-unknown; }
ensure_wasm_target() {
  if need_wasm_target; then
    step wasm_target "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# trunk 0.22 needs a newer rustc than the machine has; 0.21 is the line that builds here.
need_trunk() { ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; }
ensure_trunk() {
  if need_trunk; then
    step trunk "installing trunk 0.21 from crates.io (no TLS client or update check, nothing we use offline)"
    quick_install 0 trunk --version '~0.21' --locked --no-default-features
  fi
}

# trunk --offline uses the wasm-bindgen on PATH; it must equal the version in Cargo.lock.
wasm_bindgen_wanted() {
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock"
}
need_wasm_bindgen() { ! wasm-bindgen --version 2>/dev/null | grep -q " $(wasm_bindgen_wanted)\$"; }
ensure_wasm_bindgen() {
  if need_wasm_bindgen; then
    step wasm_bindgen "installing wasm-bindgen-cli $(wasm_bindgen_wanted) (must match Cargo.lock)"
    # Without --locked: the CLI's own lock file names a crate version the registry lacks.
    quick_install wasm-bindgen-cli --version "$(wasm_bindgen_wanted)" --force
  fi
}

# Cuts the release client into chunks loaded on demand (scripts/split-wasm.sh). 0.2.3 or
# newer reads what wasm-bindgen 0.2.128+ writes. (It has no --version: ask cargo what it
# installed.)
need_wasm_split() {
  ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -q '^wasm_split_cli_support v0\.2\.4:'
}
ensure_wasm_split() {
  if need_wasm_split; then
    step wasm_split "installing wasm-split-cli 0.2.4 from crates.io"
    quick_install wasm_split_cli_support --version 0.2.4 --features build-binary --locked
  fi
}

# wasm-opt (binaryen, runs on node) and esbuild for the build, the browser-test driver, and
# Lighthouse for the client benchmark (scripts/bench-client.sh), pixelmatch and pngjs for the
# gallery's screenshots compared with their references (tests/browser/visual.test.mjs).
need_node_tools() {
  [ ! -x "$ROOT/.tools/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/.tools/node_modules/playwright-core" ] \
    || [ ! -d "$ROOT/.tools/node_modules/lighthouse" ] || [ ! -d "$ROOT/.tools/node_modules/pixelmatch" ] \
    || [ "$ROOT/tools/package-lock.json" -nt "$ROOT/.tools/.installed" ]
}
ensure_node_tools() {
  if need_node_tools; then
    step node_tools "installing node tools (binaryen, esbuild, playwright-core, axe-core, lighthouse) into .tools/"
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

# The compressed copies of the client (compress-dist.sh) and the size benchmark.
need_brotli() { ! command -v brotli >/dev/null; }
ensure_brotli() {
  if need_brotli; then
    step brotli "installing brotli from Debian"
    need_root apt-get install -y -qq brotli || { need_root apt-get update -qq && need_root apt-get install -y -qq brotli; }
  fi
}

# Google's brotli CLI (Debian's is 1.0.9) cannot compress against a dictionary; the Rust
# crate's own CLI can (`-customdictionary=`). Kept apart from PATH: its flags differ and it
# must not shadow the other `brotli`.
BROTLI_DICT="$ROOT/.tools/rust-brotli/bin/brotli"
# (It has no --version: ask cargo what it installed there.)
need_brotli_dictionary() {
  [ ! -x "$BROTLI_DICT" ] || ! cargo install --list --root "$ROOT/.tools/rust-brotli" | grep -q '^brotli v9\.1\.1:'
}
ensure_brotli_dictionary() {
  if need_brotli_dictionary; then
    step brotli_dictionary "installing the brotli crate's CLI 9.1.1 (compresses against a dictionary)"
    # Its own release profile, not the quick one: it compresses every chunk at quality 11 on
    # each client build, and builds in well under a minute either way.
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

need_client_toolchain() {
  ! rustup run "$CLIENT_NIGHTLY" rustc --version >/dev/null 2>&1 \
    || ! rustup component list --toolchain "$CLIENT_NIGHTLY" --installed | grep -q '^rust-src'
}
ensure_client_toolchain() {
  if need_client_toolchain; then
    step client_toolchain "installing the client's toolchain $CLIENT_NIGHTLY with rust-src"
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

# The tools the release client build needs, in the order they are installed (the last two by
# build-client.sh, before it compresses: the designer's loop needs neither).
BUILD_TOOLS=(wasm_target trunk wasm_bindgen wasm_split client_toolchain node_tools brotli brotli_dictionary)

# Adds to the plan each of those that is missing.
plan_build_tools() {
  local t
  for t in "${BUILD_TOOLS[@]}"; do
    if "need_$t"; then plan "$t"; fi
  done
}

# ---- Whether dist/ is up to date -------------------------------------------------------------
# What dist/ is made from, as one hash: every file the client build reads, and the versions of
# the tools that read them. The stamp holds it and the hash of the index.html built from it
# (which names every hashed file of that build); it lives outside dist/, which is served as is.
CLIENT_STAMP="$ROOT/target/client-built-from"
client_inputs() {
  {
    # Not the server's code (compiled into the server only) nor the scripts that run, test or
    # measure: a change there leaves the client as it was.
    (cd "$ROOT" && find src style locales scripts tools/package-lock.json index.html Trunk.toml \
      Cargo.toml Cargo.lock build.rs .cargo -path src/server -prune -o -type f \
      ! -name 'run.sh' ! -name 'test.sh' ! -name 'bench*' ! -name 'reliability.sh' \
      ! -name 'dev.sh' ! -name 'dev-styles.mjs' ! -name 'visual-update.sh' ! -name 'measure-*' \
      -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    echo "$CLIENT_NIGHTLY"
    trunk --version 2>/dev/null || echo "no trunk"
    wasm-bindgen --version 2>/dev/null || echo "no wasm-bindgen"
  } | sha256sum | cut -c1-64
}
client_built() { # [inputs, if hashed before the build]
  echo "${1:-$(client_inputs)} $(sha256sum < "$ROOT/dist/index.html" | cut -c1-64)"
}
need_client() {
  [ ! -f "$ROOT/dist/index.html" ] || [ "$(cat "$CLIENT_STAMP" 2>/dev/null)" != "$(client_built)" ]
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_client_toolchain
  ensure_node_tools
}
