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

# Also builds the self-service build where this Makefile has a rule for it (`make -n` fails without one).
SELF_SERVICE_IF_DEFINED = if $(MAKE) -n dist-self-service >/dev/null 2>&1; then $(MAKE) --no-print-directory dist-self-service; fi

## Raw / gzip / brotli bytes of each build's files and initial transfer (admin console; self-service once it exists).
size: dist
	@$(SELF_SERVICE_IF_DEFINED)
	@scripts/size.sh

## Size, fleet load (replayed), first paint on slow links, rendering vs a plain-JS table, memory, signing;
## writes BENCHMARKS.md (not in `test`). BENCH_ARGS="--quick" tries it; "--build NAME=DIR" picks builds.
bench: dist
	@$(SELF_SERVICE_IF_DEFINED)
	@bench/bench.sh $(BENCH_ARGS)

## Upload dist/ to S3: make deploy BUCKET=name [PREFIX=path] [CONFIG=config.json] (see README, "Deploy to S3").
deploy:
	@test -n "$(BUCKET)" || { echo "usage: make deploy BUCKET=name [PREFIX=path] [CONFIG=config.json]" >&2; exit 2; }
	@$(MAKE) --no-print-directory dist
	@deploy/deploy.sh "$(BUCKET)" "$(PREFIX)"
