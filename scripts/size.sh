#!/usr/bin/env bash
# `make size`: bytes of each build (default: the admin console in dist/ and the self-service build
# in dist-self-service/); a build not made yet is reported as missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  set -- "admin=${ANYWHERE_DIST:-dist}" "self-service=${ANYWHERE_DIST_SELF_SERVICE:-dist-self-service}"
fi
exec node scripts/size.mjs "$@"
