#!/usr/bin/env bash
# `make bench`: the bench's own npm packages (pinned by bench/package-lock.json, kept out of
# `make test`'s setup), then bench/run.mjs on the release build in $ANYWHERE_DIST (default dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
# The tools `make` puts on PATH (wasm-opt from binaryen's npm package, wasm-bindgen), for a direct run.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ ! -d bench/node_modules/esbuild ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  printf '\033[1;34m[bench]\033[0m installing the bench'"'"'s npm packages (esbuild, aws-sdk-js v3)\n'
  npm ci --prefix bench --no-audit --no-fund --loglevel=error
fi

exec node bench/run.mjs "$@"
