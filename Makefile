# kinerja_web: `make run` installs, prepares the database and serves; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000
PLUGINS = $(wildcard plugins/*/pyproject.toml)
export FLASK_APP = wsgi:app

.PHONY: install install-dev translations run test bench bench-flood lint clean

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
	@# axe-core and the Nu Html Checker for the page-quality browser tests (needs npm; vnu.jar runs on Java)
	@if command -v npm >/dev/null 2>&1 && [ ! -d node_modules/axe-core ] || [ ! -d node_modules/vnu-jar ]; then \
	  command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --no-package-lock >/dev/null || true; fi

translations:
	$(BIN)/pybabel compile -d kinerja_web/translations 2>&1 | grep -v "^compiling catalog" || true

# Two pools (kinerja_web/serve.py): the staff on PORT, the public survey on PORT+1 at a lower CPU priority.
run: install
	$(BIN)/flask kinerja init
	@echo "Serving on http://127.0.0.1:$(PORT), the public survey on http://127.0.0.1:$$(($(PORT)+1))  (Ctrl-C to stop)"
	$(BIN)/python -m kinerja_web.serve --port $(PORT)

# The suite runs on every core (pytest-xdist, one test file per worker at a time); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# make bench BENCH_EMPLOYEES=2000 for a quick run; BENCH_ARGS="--rebuild", "--database postgresql+psycopg://..."
BENCH_EMPLOYEES ?= 50000
BENCH_ARGS ?=
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/pages.py --employees $(BENCH_EMPLOYEES) $(BENCH_ARGS)
	$(BIN)/python bench/import_employees.py --rows $(BENCH_EMPLOYEES)
	$(BIN)/python bench/simulate.py --employees $(BENCH_EMPLOYEES)

# Optional: two minutes of public survey posts while the staff pages are measured (bench/flood.py);
# FLOOD_ARGS="--mode writes", "--database postgresql+psycopg://...", "--flood 30" for a quick look.
FLOOD_ARGS ?=
bench-flood: install-dev
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/flood.py --employees $(BENCH_EMPLOYEES) $(FLOOD_ARGS)

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
