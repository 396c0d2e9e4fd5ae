# thuvien — one command file; CI (.ci/run) calls these same targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Each run gets its own database name, so two runs on one server never collide.
RUN_ID := $(shell date +%s)_$(shell echo $$PPID)
PG_URL ?= postgresql://postgres@127.0.0.1:5432/thuvien_$(RUN_ID)
TEST_ARGS ?=
# Coverage of the SQLite run; `make test-sqlite TEST_ARGS=tests/demo COV=` runs a part without it
# (a part alone would fall under fail_under).
COV ?= --cov --cov-report=term:skip-covered

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/thuvien: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# The administrative units before 2025-07-01 come from an older release of the same PyPI
# package; its wheel is downloaded once and read (never installed), so later runs are offline.
PRE_2025_WHEEL := .cache/wheels/vietnam_provinces-0.6.0-py3-none-any.whl

$(PRE_2025_WHEEL): | $(BIN)/thuvien
	$(BIN)/pip download --quiet --no-deps --only-binary=:all: --dest .cache/wheels vietnam-provinces==0.6.0

setup: $(BIN)/thuvien $(PRE_2025_WHEEL) ## Install thuvien and its tools into .venv (and the Debian tools the tests use)
	@bash .ci/system-packages
	@cd src/thuvien && ../../$(BIN)/thuvien compilemessages --verbosity 0
	@[ -d node_modules/axe-core ] && [ -d node_modules/openseadragon ] || npm ci --silent --no-audit --no-fund

demo: setup ## Set up, load the demo network and serve it on http://127.0.0.1:8000/
	$(BIN)/thuvien demo

run: setup ## Serve the existing data on http://127.0.0.1:8000/
	$(BIN)/thuvien serve

test: setup ## Run the whole test suite on SQLite, then on PostgreSQL
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Coverage (branches too, [tool.coverage] in pyproject.toml) is measured on the SQLite run and
# fails it under fail_under; the 15 slowest tests are listed after it.
test-sqlite: ## The test suite on the embedded SQLite database, with coverage
	@dir=$$(mktemp -d); echo "== tests on SQLite ($$dir)"; \
	THUVIEN_DATA_DIR=$$dir THUVIEN_DATABASE_URL= $(BIN)/pytest -n 2 -p no:cacheprovider \
	  $(COV) --durations=15 $(TEST_ARGS); \
	rc=$$?; rm -rf $$dir; exit $$rc

test-postgres: ## The test suite on PostgreSQL (starts a local server if none runs)
	@bash .ci/postgres
	@dir=$$(mktemp -d); echo "== tests on PostgreSQL ($(PG_URL))"; \
	THUVIEN_DATA_DIR=$$dir THUVIEN_DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -p no:cacheprovider $(TEST_ARGS); \
	rc=$$?; rm -rf $$dir; exit $$rc

lint: setup ## ruff (lint + format check), mypy, and the layers (lint-imports, [tool.importlinter])
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	cd src && ../$(BIN)/lint-imports --no-cache ../pyproject.toml

format: setup ## Format the code with ruff
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

docs: setup ## Rewrite docs/reference/ from the code (commands, settings, URLs); the tests check it
	$(BIN)/cog -r -I src docs/reference/*.md

# Not part of `make test`: it needs PyPI's JSON API for every installed version (network, and
# a mirror without per-version pages makes every package "not found"); --strict turns such a
# skipped package into a failure instead of a silent "No known vulnerabilities found".
audit: setup ## pip-audit the installed dependencies against PyPI's advisory data (needs the network)
	$(BIN)/pip-audit --strict --progress-spinner off --skip-editable

bench: setup ## Run the benchmarks (see bench/README.md; RECORDS=100000 by default)
	$(BIN)/python bench/import_export.py --records $${RECORDS:-100000}

.PHONY: help setup demo run test test-sqlite test-postgres lint format docs audit bench
