#!/usr/bin/env bash
# Uploads the built console to S3: hashed assets cached for a year (their names change with their
# content), index.html and config.json revalidated on every load, each with its content type.
#
#   deploy/deploy.sh BUCKET [PREFIX]
#   env: DIST (default dist), CONFIG (a config.json to publish next to index.html),
#        AWS (the aws CLI, default the sandbox venv's), AWS_ENDPOINT_URL / AWS_PROFILE as usual.
#
# Assets go first and index.html last, so a visitor never gets a page whose assets are missing; old
# assets are kept, since a cached index.html may still name them.
set -euo pipefail
cd "$(dirname "$0")/.."

BUCKET=${1:?usage: deploy/deploy.sh BUCKET [PREFIX]}
PREFIX=${2:-}
PREFIX=${PREFIX#/}
PREFIX=${PREFIX%/}
DEST="s3://$BUCKET${PREFIX:+/$PREFIX}"
DIST=${DIST:-dist}
AWS=${AWS:-sandbox/.venv/bin/aws}
IMMUTABLE="public, max-age=31536000, immutable"

fail() { echo "deploy: $*" >&2; exit 1; }
[ -f "$DIST/index.html" ] || fail "$DIST/index.html is missing: run \`make dist\` first"
grep -q 'http-equiv="Content-Security-Policy"' "$DIST/index.html" \
  || fail "$DIST/index.html has no Content-Security-Policy: build it with trunk (Trunk.toml's post_build hook)"
[ -x "$AWS" ] || command -v "$AWS" >/dev/null || fail "no aws CLI at $AWS: run \`make setup\`"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$DIST"/. "$STAGE"/
rm -f "$STAGE/config.json"
if [ -n "${CONFIG:-}" ]; then
  [ -f "$CONFIG" ] || fail "CONFIG=$CONFIG does not exist"
  # A custom endpoint and the user pool's sign-in domain (its token and revoke endpoints) must be
  # allowed by the page's CSP, or the browser blocks every call to them.
  ORIGINS=$(node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8");
    let config;
    try { config = JSON.parse(text); } catch (e) { console.error(`${process.argv[1]} is not valid JSON: ${e.message}`); process.exit(1); }
    if (typeof config !== "object" || config === null || Array.isArray(config)) { console.error(`${process.argv[1]} must hold one JSON object`); process.exit(1); }
    process.stdout.write([config.endpoint, config.cognitoDomain].filter((url) => typeof url === "string").join("\n"));
  ' "$CONFIG") || fail "CONFIG=$CONFIG is not a usable config.json"
  cp "$CONFIG" "$STAGE/config.json"
  while IFS= read -r url; do
    [ -z "$url" ] || node deploy/csp.mjs --connect "$url" "$STAGE/index.html"
  done <<< "$ORIGINS"
fi

# One pass per content type, since the CLI's guess has no entry for .wasm.
handled=()
upload_type() {
  local pattern=$1 type=$2
  "$AWS" s3 sync "$STAGE" "$DEST" --only-show-errors --exclude '*' --include "$pattern" \
    --exclude index.html --exclude config.json --content-type "$type" --cache-control "$IMMUTABLE"
  handled+=(--exclude "$pattern")
}
upload_type '*.wasm' application/wasm
upload_type '*.js' text/javascript
upload_type '*.css' text/css
upload_type '*.svg' image/svg+xml
"$AWS" s3 sync "$STAGE" "$DEST" --only-show-errors "${handled[@]}" \
  --exclude index.html --exclude config.json --cache-control "$IMMUTABLE"
if [ -f "$STAGE/config.json" ]; then
  "$AWS" s3 cp "$STAGE/config.json" "$DEST/config.json" --only-show-errors \
    --content-type application/json --cache-control no-cache
fi
"$AWS" s3 cp "$STAGE/index.html" "$DEST/index.html" --only-show-errors \
  --content-type "text/html; charset=utf-8" --cache-control no-cache
echo "deployed $DIST to $DEST"
