# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: run test install install-dev lint test-sqlite test-postgres bench clean docs-screens

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# Browser tests drive the system's chromium: Playwright cannot download its own here.
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; }
	@# GNU gettext: makemessages and compilemessages, for whoever updates the translations.
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q gettext; }
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## Run the app on SQLite with the synthetic demo data (loaded on the first run only).
run: install
	$(BIN)/salw init --country SLE
	$(BIN)/salw demo --if-empty
	$(BIN)/salw serve --port $(PORT)

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

test-sqlite: install-dev
	env -u SALW_DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider

test-postgres: install-dev
	scripts/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider

## Lint, then the whole suite on SQLite and on a throwaway PostgreSQL 15.
test: lint test-sqlite test-postgres

bench: install-dev
	$(BIN)/python bench/import_registry.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
