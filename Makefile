# The two commands a new user needs: `make dev` runs the whole local stack, `make test` passes every test.
.PHONY: setup dev test lint typecheck build bench clean

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

clean:
	rm -rf dist coverage .tools/dev
