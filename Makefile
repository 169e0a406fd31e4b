# Wayfinder: the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint bench clean screenshots messages

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

# Interface strings: extract every marked string and bring each catalogue up to date
# (locales/<lang>/LC_MESSAGES/wayfinder.po; translate the new and fuzzy entries, then `make test`).
# A new language: `$(BIN)/pybabel init -D wayfinder -i locales/wayfinder.pot -d locales -l xx`.
messages: $(VENV)/.dev
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k help_text --no-location --no-wrap --sort-output \
		--project Wayfinder --copyright-holder "Wayfinder contributors" -o locales/wayfinder.pot \
		app.py ui cli reports scoring questionnaires assessment
	$(BIN)/pybabel update -D wayfinder -i locales/wayfinder.pot -d locales --no-wrap --ignore-obsolete --no-fuzzy-matching

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
