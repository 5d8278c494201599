# Quick start: `make demo` runs newsdash on the bundled sample data; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench bench-collect clean wheel i18n

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("newsdash needs Python 3.11+") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsdash demo

# The clock guard: the tests marked `clock` run again with the machine's clock (libfaketime)
# started 30 s before 2026-12-06 15:00 UTC, Monday 00:00 in Seoul, where the hour, the site day
# and the Monday-first week turn at once, and with the suite's own clock one second before it.
# A test that reads the wall clock instead of NEWSDASH_NOW fails here, not at random.
CLOCK_GUARD_START ?= 2026-12-06 14:59:30
CLOCK_GUARD_NOW ?= 2026-12-06T14:59:59Z

# The suite runs on TEST_WORKERS processes (pytest-xdist; `make test TEST_WORKERS=0` runs it in
# this one). Most tests wait on another process (the Streamlit server, chromium, the collector,
# the CLI, the JVM, pip), so two workers pay off on two cores. `--dist loadfile` keeps each
# module on one worker: its module-scoped fixtures (a Spark session, a dashboard server, a
# browser, a warehouse) start once; modules go out in the order tests/conftest.py gives them
# (its LONG_MODULES first), not xdist's by number of tests. README, "Tests".
TEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)
	@if command -v faketime >/dev/null 2>&1; then \
	  echo "clock guard: tests marked clock, wall clock from $(CLOCK_GUARD_START) UTC"; \
	  TZ=UTC FAKETIME_DONT_RESET=1 NEWSDASH_TEST_NOW=$(CLOCK_GUARD_NOW) \
	    faketime -f '@$(CLOCK_GUARD_START)' $(BIN)/python -m pytest -q -m clock -p no:cacheprovider \
	      $(PYTEST_PARALLEL); \
	else \
	  echo "clock guard skipped: faketime is not installed (Debian: apt-get install faketime)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q tests/test_layers.py  # the import-linter layer contract

wheel: $(STAMP)
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

format: $(STAMP)
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) newsdash-data .pytest_cache build dist

bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 1M,10M

# Load on the collector (locust, headless, on this machine): see docs/performance.md, "Collector".
bench-collect: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/collect_load.py --events-per-second 5000 --batch 5 --seconds 60

# The dashboard's catalogs (docs/i18n.md): extract every _() string of dashboard/ into the
# template, merge it into the Korean catalog (new strings arrive untranslated: translate them
# in dashboard/locale/ko/LC_MESSAGES/newsdash.po, then run this again), compile the .mo files
# (not committed: the dashboard compiles the .po at first use when there is no newer .mo).
LOCALES := dashboard/locale
i18n: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -k ngettext:1,2 \
	  --project newsdash -o $(LOCALES)/newsdash.pot dashboard
	@if [ -f $(LOCALES)/ko/LC_MESSAGES/newsdash.po ]; then \
	  $(BIN)/pybabel update --no-fuzzy-matching -i $(LOCALES)/newsdash.pot -d $(LOCALES) -D newsdash -l ko; \
	else \
	  $(BIN)/pybabel init -i $(LOCALES)/newsdash.pot -d $(LOCALES) -D newsdash -l ko; \
	fi
	$(BIN)/pybabel compile --statistics -d $(LOCALES) -D newsdash

