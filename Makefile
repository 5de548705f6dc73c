# Lärlabb – `make run` starts the demo, `make test` runs the whole suite.
PYTHON ?= python3.13
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.synced
NODE_STAMP := node_modules/.package-lock.json

.DEFAULT_GOAL := help
.PHONY: help run test test-js test-fast test-scaleout test-browser lint fmt pytest bench setup messages clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(UV):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==0.13.9

# Re-sync only when the lock file is newer than the last sync.
$(STAMP): requirements.lock | $(UV)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	touch $(STAMP)

$(NODE_STAMP): package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error

# compilemessages refuses to run when no locale directory exists at all. The recipes that
# `make run` passes through are not echoed: its terminal shows the address and the login.
messages: $(STAMP) ## Compile the translation catalogues (locale/)
	@mkdir -p locale
	@$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

setup: $(STAMP) $(NODE_STAMP) messages ## Install, migrate, collect static files and load the demo data
	@mkdir -p var
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py load_demo

# Links in the demo's mails (sent while it loads) point at the address this run serves.
run: export LARLABB_SITE_URL ?= http://$(HOST):$(PORT)
# Only warnings and errors after the address and the login; LOG_LEVEL=INFO make run shows a
# line per mail and per background task as well.
run: export LOG_LEVEL ?= WARNING
run: setup ## Serve the demo on HOST:PORT (127.0.0.1:8000) with the task worker
	@$(PY) bin/serve.py --host $(HOST) --port $(PORT)

lint: $(STAMP) $(NODE_STAMP) ## ruff check, ruff format --check, mypy and ESLint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	node_modules/.bin/eslint .

# Node's own test runner: the board's JavaScript needs no packages to be tested.
test-js: ## Unit tests of the board's JavaScript (node --test)
	node --test tests/js/

fmt: $(STAMP) ## Format and auto-fix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The suite runs in three tiers, each its own pytest run; together they hold every test once
# (conftest.py refuses a test marked both browser and scaleout).
FAST_TESTS := -m "not browser and not scaleout"

test-fast: $(STAMP) messages $(NODE_STAMP) ## Unit and integration tests, on every core (pytest-xdist)
	$(PY) -m pytest -q -n auto --dist loadfile $(FAST_TESTS)

# One process: its tests share one deployment and one demo site, each made once (xdist workers
# tear module fixtures down between the chunks they are sent, and would make them again).
test-scaleout: $(STAMP) messages $(NODE_STAMP) ## Tests on real servers: PostgreSQL, Redis, uvicorn, bin/serve.py
	$(PY) -m pytest -q -m scaleout

# Two workers: a page or a server is being waited on much of the time, so a second Chromium
# fills the gaps. The live board's tests stay on one worker (xdist_group), which serves its
# demo once.
test-browser: $(STAMP) messages $(NODE_STAMP) ## Browser tests in Chromium with axe-core
	$(PY) -m pytest -q -n 2 --dist loadgroup -m browser

# The fast tier keeps every core busy. The scale-out and browser tiers wait on servers and
# pages much of the time, so they share the cores, in `make test` with lint (ruff and mypy)
# as well: on two cores both tiers together took 5 min 25 s, against 11 min one after the
# other. --output-sync keeps each report in one piece.
pytest: test-fast ## Only the tests: every tier, browser and scale-out included
	$(MAKE) --no-print-directory --output-sync=target -j 2 test-scaleout test-browser

# The fast tier keeps both cores busy; then lint and the JavaScript's tests run beside the two
# tiers that mostly wait on servers and pages.
test: test-fast ## The whole suite: ruff, mypy, ESLint and every test
	$(MAKE) --no-print-directory --output-sync=target -j 3 lint test-js test-scaleout test-browser

bench: $(STAMP) messages $(NODE_STAMP) ## Every benchmark in bench/ in its quick mode
	for script in bench/*.py; do $(PY) $$script --quick || exit 1; done

clean: ## Remove the virtualenv, node modules and local data
	rm -rf $(VENV) node_modules var
