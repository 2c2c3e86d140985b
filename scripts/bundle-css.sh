#!/usr/bin/env sh
# The page's stylesheets: the parts in style/ (one file per part, as designers edit them)
# joined in cascade order into the two files index.html links. trunk runs this
# before every build (a pre_build hook in Trunk.toml) and minifies the result in release builds.
set -eu
cd "$(dirname "$0")/.."
mkdir -p target/style
# Three stylesheets: first.css is all the sign-in page needs and blocks the first paint;
# app.css is the shell and the pages one lands on (the Overview, Benefits and its rows; an
# expanded row's inside, the go-to-market contact panel and the toasts are drawn by chunks
# that bring more.css),
# fetched by the app chunk alongside itself (ui::lazy::app_styles) and linked again by the
# server in a signed-in page's frame, which it styles (first_paint.rs); more.css is the rest
# (every other page, dialogs, the user picker), fetched alongside the chunks that draw them
# (ui::lazy::more), so a Benefits page's first load goes without it (it comes when a
# row is first pointed at).
bundle() {
  out="target/style/$1"; shift
  cat "$@" > "$out.tmp"
  mv "$out.tmp" "$out"
}
bundle first.css style/tokens.css style/base.css style/sign-in.css style/fields.css
bundle app.css style/shell.css style/page.css style/list-tools.css style/benefit-table.css \
  style/overview.css
bundle more.css style/details.css style/contact-panel.css style/toast.css style/picker.css \
  style/dialog.css style/packages.css style/pages.css
# The designers' workshop: its own file, linked by the workshop when it opens (index.html copies it).
bundle gallery.css style/gallery.css
