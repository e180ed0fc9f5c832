# The two commands a new user needs: `make dev` runs the whole local stack, `make test` passes every test.
.PHONY: setup dev test lint typecheck build bench bench-files clean ui-check uploader-check

setup:
	@bash scripts/setup.sh

dev: setup
	@bash scripts/dev.sh

test: setup
	npm run --silent lint
	npm run --silent typecheck
	npx jest --ci
	npm run --silent chaos -- --reduced

lint: setup
	npm run --silent lint

typecheck: setup
	npm run --silent typecheck

build: setup
	npm run --silent build

# Every benchmark in turn (each under 15 minutes on 2 cores; see docs/benchmarks.md), then the
# charts: each writes bench/results/<name>.json, bench:charts draws docs/benchmarks/*.svg.
# One alone: npm run bench:<name> -- <its options>, e.g. make bench BENCHES=intake.
BENCHES ?= ingress intake sla sla:burst files
bench: setup
	@for name in $(BENCHES); do npm run --silent --if-present bench:$$name || exit 1; done
	npm run --silent bench:charts

# A5 copy throughput (copyPartnerObject vs a bare GetObject → Upload pipe) on moto; appends to bench/results.md.
bench-files: setup
	npm run --silent bench:files -- $(BENCH_ARGS)

# Issue 16's chaos run: 200 ticket lifecycles through worker kills, a Temporal restart, server
# restarts and simulator fault storms; prints its table, exits 1 on any difference (about 10 min).
chaos: setup
	npm run --silent chaos -- $(CHAOS_ARGS)

# The Temporal Web UI in headless Chromium (Debian's chromium): starts the local stack, files a
# ticket, checks the list filter and the ticket's page, saves docs/ui/*.png. Not part of `test`.
ui-check: setup
	npx tsx scripts/ui-check.ts

# The S5 Support Uploader in headless Chromium (Debian's chromium): a 25 MB file through the page to
# moto, the note in the Zendesk simulator. Starts its own stack on free ports. Not part of `test`;
# without Chromium it says so and fails.
uploader-check: setup
	npx tsx scripts/uploader-check.ts

clean:
	rm -rf dist coverage .tools/dev
