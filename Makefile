# The console's commands. Every target runs the idempotent setup first, so a fresh machine needs nothing else.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER := /usr/bin/chromedriver

.PHONY: setup run test dist size bench deploy

setup:
	@scripts/setup.sh

## Start the local sandbox and serve the console at http://127.0.0.1:8080, connected to it.
run: setup
	@scripts/run.sh

## Every test: native core, sandbox, wasm components in headless Chromium, Playwright journeys.
test: setup
	@scripts/test.sh

## Release build into dist/ (wasm-opt -Oz, hashed assets, relative URLs).
dist: setup
	@trunk build --release

## Raw / gzip / brotli bytes of each dist file and of the initial transfer.
size: dist
	@scripts/size.sh dist

## Size, fleet load, rendering and signing next to aws-sdk-js v3 and boto3; writes BENCHMARKS.md (not in `test`).
bench: dist
	@bench/bench.sh

## Upload dist/ to S3: make deploy BUCKET=name [PREFIX=path] [CONFIG=config.json] (see README, "Deploy to S3").
deploy:
	@test -n "$(BUCKET)" || { echo "usage: make deploy BUCKET=name [PREFIX=path] [CONFIG=config.json]" >&2; exit 2; }
	@$(MAKE) --no-print-directory dist
	@deploy/deploy.sh "$(BUCKET)" "$(PREFIX)"
