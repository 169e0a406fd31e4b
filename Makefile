# Wayfinder: the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint bench clean screenshots

run: $(VENV)/.runtime
	$(BIN)/python -m assessment init
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev
	scripts/system-deps.sh
	$(BIN)/python -m pytest

# Every page at desktop and phone size in headless Chromium, checked with axe-core; PNGs in out/screenshots/.
screenshots: $(VENV)/.dev
	scripts/system-deps.sh
	$(BIN)/python -m pytest tests/e2e/test_pages.py -q

# Every performance figure the issues name, one script each (see docs/operations.md, docs/scoring.md).
bench: $(VENV)/.dev
	for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

clean:
	rm -rf $(VENV) .pytest_cache
