# Lärlabb – `make run` starts the demo, `make test` runs the whole suite.
PYTHON ?= python3.13
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt typecheck pytest bench setup messages clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==0.13.9

$(STAMP): requirements.lock | $(PY)
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	touch $(STAMP)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

messages: $(STAMP) ## Compile the translation catalogues
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

setup: $(STAMP) messages ## Install, migrate and load the demo data
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_demo

run: setup ## Run the platform with demo data on $(HOST):$(PORT) (web server and task worker)
	$(PY) bin/serve.py --host $(HOST) --port $(PORT)

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

fmt: $(STAMP) ## Format and auto-fix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

pytest: $(STAMP) messages node_modules/.package-lock.json ## Only the tests
	$(PY) -m pytest -q

test: lint pytest ## The whole suite: ruff, mypy and every test (browser tests included)

bench: setup ## Every benchmark in its quick mode
	for script in bench/*.py; do $(PY) $$script --quick || exit 1; done

clean: ## Remove the virtualenv, node modules and local data
	rm -rf $(VENV) node_modules var
