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

lint: setup
	npm run --silent lint

typecheck: setup
	npm run --silent typecheck

build: setup
	npm run --silent build

# Webhook ingress vs direct signal-with-start on a dev server; appends to bench/results.md.
bench: setup
	npm run --silent bench -- $(BENCH_ARGS)

# A5 copy throughput (copyPartnerObject vs a bare GetObject → Upload pipe) on moto; appends to bench/results.md.
bench-files: setup
	npm run --silent bench:files -- $(BENCH_ARGS)

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
