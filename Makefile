# The console's commands. Every target runs the idempotent setup first, so a fresh machine needs nothing else.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER := /usr/bin/chromedriver

.PHONY: setup run test dist dist-self-service size bench deploy screenshots

setup:
	@scripts/setup.sh

## Start the local sandbox and serve the console at http://127.0.0.1:8080, connected to it.
run: setup
	@scripts/run.sh

## Every test: native core, sandbox, wasm components in headless Chromium, Playwright journeys.
test: setup
	@scripts/test.sh

## Release build of the admin console into dist/ (wasm-opt -Oz, hashed assets, relative URLs).
dist: setup
	@trunk build --release

## Release build of the self-service console into dist-self-service/: onboarding and sign-in only
## (the crate without its default `admin` feature; index-self-service.html).
dist-self-service: setup
	@trunk build --release true --dist dist-self-service index-self-service.html

## Retake the README's screenshots (docs/screenshots/: light and dark, and the fleet of two regions) with
## the journeys against the sandbox; `make test` writes its copies to target/e2e/readme/ instead.
screenshots: dist dist-self-service
	@README_SCREENSHOTS=1 node --test --test-concurrency=1 \
	  --test-name-pattern='screenshots for the README|two regions load into one table' \
	  tests/e2e/accessibility.test.mjs tests/e2e/all-regions.test.mjs

## Raw / gzip / brotli bytes of each build's files and first-visit transfer (admin and self-service).
size: dist dist-self-service
	@scripts/size.sh

## Size, fleet load (replayed), first paint on slow links, rendering vs a plain-JS table, memory, signing;
## writes BENCHMARKS.md (not in `test`). BENCH_ARGS="--quick" tries it; "--build NAME=DIR" picks builds.
bench: dist dist-self-service
	@bench/bench.sh $(BENCH_ARGS)

## Upload a build to S3: make deploy BUCKET=name [PREFIX=path] [CONFIG=config.json] [BUILD=self-service]
## (BUILD=admin, the default, uploads dist/; BUILD=self-service dist-self-service/; see README, "Deploy to S3").
BUILD ?= admin
deploy:
	@test -n "$(BUCKET)" || { echo "usage: make deploy BUCKET=name [PREFIX=path] [CONFIG=config.json] [BUILD=admin|self-service]" >&2; exit 2; }
	@case "$(BUILD)" in \
	  admin) $(MAKE) --no-print-directory dist && DIST=dist deploy/deploy.sh "$(BUCKET)" "$(PREFIX)" ;; \
	  self-service) $(MAKE) --no-print-directory dist-self-service && DIST=dist-self-service deploy/deploy.sh "$(BUCKET)" "$(PREFIX)" ;; \
	  *) echo "make deploy: BUILD must be admin or self-service, not $(BUILD)" >&2; exit 2 ;; \
	esac
