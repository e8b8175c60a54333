PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-all lint format lock bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The demo's training report adds the real MTurk working times when ../shared is beside the clone.
REAL_LABELS := $(wildcard ../shared/real-labels/mturk_requester_exports.csv)

run: $(STAMP)
	TASKRANK_LABELLED_EXPORTS=$(REAL_LABELS) $(BIN)/taskrank run

# Both cores, whole test files per worker (module fixtures start once), the slowest tests listed at the end.
PYTEST := $(BIN)/pytest -n 2 --dist loadfile --durations=15

# Every real component (Scrapy, DuckDB, DuckLake on PostgreSQL, Airflow's scheduler on PostgreSQL, the model,
# apprise, the fuzz tests with fewer examples): what CI runs, and what to run before every commit.
test: $(STAMP)
	$(PYTEST) -m "not full"

# Everything: the slower tier too (Airflow on SQLite as well) and the larger Hypothesis profile; before a release.
test-all: $(STAMP)
	HYPOTHESIS_PROFILE=full $(PYTEST)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-resolve the pinned ranges in pyproject.toml into requirements.lock.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^taskrank' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) data
