# kinerja_web: `make run` installs, prepares the database and serves; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000
PLUGINS = $(wildcard plugins/*/pyproject.toml)
export FLASK_APP = wsgi:app

.PHONY: install install-dev translations run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet $(foreach p,$(dir $(PLUGINS)),-e $(p))
	$(MAKE) --no-print-directory translations

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet $(foreach p,$(dir $(PLUGINS)),-e $(p))
	$(MAKE) --no-print-directory translations

translations:
	$(BIN)/pybabel compile -d kinerja_web/translations 2>&1 | grep -v "^compiling catalog" || true

run: install
	$(BIN)/flask kinerja init
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

test: install-dev
	$(BIN)/pytest

bench: install-dev
	$(BIN)/python bench/pages.py

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
