#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release
exec node scripts/run.mjs
