#!/usr/bin/env bash
# The designer's loop, measured: from saving a change to the gallery showing it, for a change in
# style/ (applied in place, no rebuild) and for a change in a component's Rust source (trunk
# rebuilds the debug client and reloads). Runs `trunk serve` and scripts/dev-styles.mjs as
# `make dev` does (ports 8080 and 8081: stop `make dev` first), into a scratch dist/, then
# edits style/gallery.css and src/ui/components/status_badge.rs and puts them back. Prints
# figures, not pass/fail. The first debug build of the client takes a few minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
ensure_chromium
cd "$ROOT"
work="$(mktemp -d)"
pids=()
# The two files the benchmark edits, kept as they are now (uncommitted changes included) and
# put back whatever happens.
cp style/gallery.css "$work/gallery.css"
cp src/ui/components/status_badge.rs "$work/status_badge.rs"
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  cmp -s "$work/gallery.css" style/gallery.css || cp "$work/gallery.css" style/gallery.css
  cmp -s "$work/status_badge.rs" src/ui/components/status_badge.rs \
    || cp "$work/status_badge.rs" src/ui/components/status_badge.rs
  rm -rf "$work"
}
trap cleanup EXIT
node scripts/dev-styles.mjs "$work/dist" >"$work/styles.log" 2>&1 &
pids+=($!)
log "trunk serve (debug client) into a scratch dist; the first build takes a few minutes"
trunk serve --dist "$work/dist" >"$work/trunk.log" 2>&1 &
pids+=($!)
for _ in $(seq 900); do
  curl -sf http://127.0.0.1:8080/ >/dev/null 2>&1 && grep -q "success" "$work/trunk.log" && break
  sleep 1
done
curl -sf http://127.0.0.1:8080/ >/dev/null || { tail -30 "$work/trunk.log" >&2; echo "trunk serve did not come up" >&2; exit 1; }
echo
echo "== the designer's loop: save to the gallery showing it =="
node scripts/bench-designer-loop.mjs http://127.0.0.1:8080
