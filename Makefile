# Kunde: `make run` serves the app with demo data; `make test` runs the whole suite.
# Everything is installed into .venv from the lock file; nothing else is needed but python3.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
KUNDE := $(BIN)/kunde
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test setup lint types unit check i18n browser-deps demo clean bench help interop-deps

help:
	@echo "make run    set up, load the taxonomy and demo data, serve http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole suite (lint, types, tests)"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras --python $(PYTHON) --quiet
	@touch $@

setup: $(VENV)/.synced

var/.demo-loaded: $(VENV)/.synced
	$(KUNDE) db upgrade
	$(KUNDE) taxonomy import --bundled
	$(KUNDE) demo load
	@mkdir -p var && touch $@

demo: var/.demo-loaded

run: demo
	$(KUNDE) db upgrade
	$(KUNDE) serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

types: setup
	$(BIN)/mypy src

unit: setup
	$(BIN)/pytest tests/unit -q

# npm packages the credential interop tests check Kunde against (tests/interop/node).
tests/interop/node/node_modules/.installed: tests/interop/node/package.json tests/interop/node/package-lock.json
	cd tests/interop/node && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

interop-deps: tests/interop/node/node_modules/.installed

# The browser suite drives Debian's Chromium (Playwright's own browser download is not used)
# and injects axe-core from npm.
tests/browser/node/node_modules/.installed: tests/browser/node/package.json tests/browser/node/package-lock.json
	cd tests/browser/node && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	else \
		echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser tests need it)"; exit 1; \
	fi

browser-deps: /usr/bin/chromium tests/browser/node/node_modules/.installed

# The suite runs on SQLite always, and again on PostgreSQL when KUNDE_TEST_POSTGRES_URL
# is set (.ci/run starts a throwaway cluster and sets it).
test: lint types interop-deps browser-deps
	$(BIN)/pytest -q
	@if [ -n "$$KUNDE_TEST_POSTGRES_URL" ]; then \
		echo "== the database suites again on PostgreSQL =="; \
		$(BIN)/pytest -q tests/integration tests/functional --db-url "$$KUNDE_TEST_POSTGRES_URL"; \
	else \
		echo "PostgreSQL suite skipped: set KUNDE_TEST_POSTGRES_URL or run .ci/run"; \
	fi

i18n: setup
	$(BIN)/pybabel extract -F babel.cfg -k gettext:2 -o src/kunde/web/locale/messages.pot --no-location --omit-header .
	$(BIN)/pybabel update -i src/kunde/web/locale/messages.pot -d src/kunde/web/locale --no-fuzzy-matching --omit-header

bench: setup
	$(BIN)/python benchmarks/taxonomy_search.py

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache
