#!/usr/bin/env bash
# Every test of the console, cheapest first, so a failure shows up as early as it can.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "lint: rustfmt, and clippy with warnings as errors (native crates, then the console for wasm32)"
cargo fmt --all --check
cargo clippy --workspace --exclude anywhere-console --all-targets -- -D warnings
cargo clippy -p anywhere-console --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native: anywhere-core and the anywhere CLI"
cargo test --workspace --exclude anywhere-console

step "local sandbox (pytest)"
(cd sandbox && .venv/bin/python -m pytest -q tests)

step "deployment: deploy script against the sandbox's S3, CloudFormation template (cfn-lint)"
sandbox/.venv/bin/python -m pytest -q -p no:cacheprovider deploy/tests

step "components in headless Chromium (wasm-bindgen-test)"
cargo test -p anywhere-console --target wasm32-unknown-unknown --tests

step "release builds: the admin console (dist/), then the self-service console (dist-self-service/)"
trunk build --release
started=$SECONDS
trunk build --release true --dist dist-self-service index-self-service.html
echo "the self-service build took $((SECONDS - started)) s"

step "end-to-end journeys (Playwright, Debian Chromium)"
node --test --test-concurrency=1 tests/e2e/
