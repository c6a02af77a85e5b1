#!/usr/bin/env bash
# Installs what the console needs to build, run and test, and skips what is already there.
# Idempotent: every step checks before it acts, so a warm machine passes through in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly, or the generated glue breaks.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; sub(/version = "/, ""); sub(/"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy: `make test` checks the formatting and the lints first.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WBG_VERSION=$(wasm_bindgen_version)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION\$"; then
  say "installing wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
  # --locked first, so the CLI builds from the dependency versions its authors tested. 0.2.130's
  # own lockfile pins webpki-roots 1.0.11, which crates.io no longer serves (cargo stops at once:
  # "failed to select a version ... locked to 1.0.11"), so it falls back to a fresh resolution.
  if ! cargo install wasm-bindgen-cli --version "$WBG_VERSION" --locked --force 2>/dev/null; then
    say "wasm-bindgen-cli $WBG_VERSION cannot build --locked (its lockfile names a crate version the registry no longer serves): resolving afresh"
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
  fi
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# gpg and gpgv: the install command's signature check is tested with real keys.
if ! command -v gpg >/dev/null || ! command -v gpgv >/dev/null; then
  say "installing Debian's gnupg and gpgv"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq gnupg gpgv >/dev/null
fi

# binaryen 132 (wasm-opt), playwright-core and axe-core (the journeys' accessibility checks) come from npm, pinned by package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The sandbox venv is rebuilt when its locked requirements change. Every package, transitive ones
# included, is pinned with its hashes (its `aws` CLI is what `make deploy` runs against production):
# pip refuses any file whose hash differs, installs wheels only (no build step runs setup code),
# and nothing beyond the lock.
VENV=sandbox/.venv
if [ ! -x "$VENV/bin/python" ] || ! cmp -s sandbox/requirements.txt "$VENV/.requirements.txt"; then
  say "creating the sandbox's Python venv"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    --require-hashes --only-binary :all: --no-deps -r sandbox/requirements.txt
  cp sandbox/requirements.txt "$VENV/.requirements.txt"
fi

# trunk builds offline (it must never try to download a tool), so every crate must be fetched first.
cargo fetch --quiet
say "ready"
