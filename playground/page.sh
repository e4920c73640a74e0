#!/bin/sh
# usage: sh playground/page.sh MODULE.wasm > index.html
#
# Writes the playground page: playground/index.html with its three marked
# lines replaced by playground/playground.css, playground/playground.js and
# the WebAssembly module in base64. The result is one file that needs
# nothing else: no server, no network, no other file.
set -eu
dir=$(dirname "$0")
wasm=$1
[ -s "$wasm" ] || { echo "page.sh: $wasm is missing or empty" >&2; exit 1; }
b64=$(mktemp)
trap 'rm -f "$b64"' EXIT
base64 -w 100 "$wasm" >"$b64"
awk -v css="$dir/playground.css" -v js="$dir/playground.js" -v mod="$b64" '
  function cat(f,   line) { while ((getline line < f) > 0) print line; close(f) }
  $0 == "/*@STYLE@*/"  { cat(css); next }
  $0 == "/*@SCRIPT@*/" { cat(js); next }
  $0 == "/*@MODULE@*/" { cat(mod); next }
  { print }
' "$dir/index.html"
