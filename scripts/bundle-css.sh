#!/usr/bin/env sh
# One stylesheet for the page: the parts in style/ (one file per part, as designers edit them)
# joined in cascade order into target/style/app.css, which index.html links. trunk runs this
# before every build (a pre_build hook in Trunk.toml) and minifies the result in release builds.
set -eu
cd "$(dirname "$0")/.."
mkdir -p target/style
cat style/tokens.css style/base.css style/shell.css style/sign-in.css style/benefit-table.css \
    style/details.css style/fields.css style/picker.css style/dialog.css style/toast.css \
    style/packages.css style/pages.css > target/style/app.css.tmp
mv target/style/app.css.tmp target/style/app.css
