#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release
trunk build --release true --dist dist-self-service index-self-service.html
exec node scripts/run.mjs
