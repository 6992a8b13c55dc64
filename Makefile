# openita's front door. Every target creates and reuses .venv itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
OPENITA := $(BIN)/openita
PORT ?= 8000
PYTEST_WORKERS ?= 2
export OPENITA_DATA_DIR ?= $(CURDIR)/var

.PHONY: help setup run test lint format typecheck migrations-check pytest bench deploy-test faults messages clean

help:
	@echo "make run    set up, load frameworks and demo data, serve http://127.0.0.1:$(PORT) with a task worker"
	@echo "make test   set up, lint, type-check, check migrations, run every test"
	@echo "make bench  run the benchmarks under bench/ and update docs/benchmarks.md"
	@echo "make deploy-test  two gunicorn servers and a worker on PostgreSQL (DATABASE_URL): nothing lost or made twice"
	@echo "make faults  database restart, killed worker, full disk on a PostgreSQL cluster of its own (docs/deploy.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed
	@$(OPENITA) compiletranslations

run: export DEBUG ?= true
run: setup
	$(OPENITA) migrate --no-input
	$(OPENITA) setupdata
	$(OPENITA) loaddemo
	@echo ""
	@echo "openita is starting on http://127.0.0.1:$(PORT)/ with a task worker beside it (Ctrl+C stops both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(OPENITA) worker --no-reload --interval 1 & worker=$$!; \
	$(OPENITA) runserver 127.0.0.1:$(PORT)

# Tests never need a real secret; DATABASE_URL, when set, selects the database the suite runs on.
test: export SECRET_KEY ?= openita-test-only-not-secret
test: setup lint typecheck migrations-check pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck:
	$(BIN)/mypy openita

migrations-check:
	$(OPENITA) makemigrations --check --dry-run

# Prints the coverage of openita (files fully covered left out) and fails below the floor in pyproject.toml.
# Work stealing: a process that runs out of tests takes some of the other's, so neither ends alone with the
# slow ones (docs/adr/0032-speed-shared-demo.md).
# PYTEST_COVERAGE= (empty) runs the tests without coverage, for about half the CPU (docs/benchmarks.md,
# "The test suite"); `make test` measures it unless told otherwise.
PYTEST_COVERAGE ?= --cov=openita --cov-report=term:skip-covered
# Compiled modules and pytest's rewritten test modules are kept in __pycache__ even where the environment
# says PYTHONDONTWRITEBYTECODE (as many container images do): each test process would otherwise compile
# openita and its 400 test modules again, about 3.5 s of CPU each (docs/adr/0020-cleanup-test-speed.md).
pytest: export PYTHONDONTWRITEBYTECODE =
pytest:
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_COVERAGE)

bench: setup
	$(BIN)/python bench/run.py

# Two gunicorn servers and a task worker on one PostgreSQL database (DATABASE_URL's server; a database of its
# own is made and dropped): survey answers and a batch of documents through both, nothing lost or made twice.
deploy-test: setup
	$(BIN)/python bench/deploy_test.py

# Faults survived, on a PostgreSQL cluster of its own (bench/faults.py): counts for docs/benchmarks.md.
faults: setup
	$(BIN)/python bench/faults.py

# Extract the strings of every app and of the project templates into their Thai .po files (needs GNU gettext),
# then compile. Fill every empty msgstr in Thai afterwards: `make test` fails while one is empty.
messages: setup
	$(OPENITA) updatemessages
	$(OPENITA) compiletranslations

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
