#!/usr/bin/env bash
set -euo pipefail
exec node "$(dirname "$0")/size.mjs" "${1:-dist}"
