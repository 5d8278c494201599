# Quick start: `make demo` runs newsdash on the bundled sample data; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench clean wheel

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("newsdash needs Python 3.11+") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsdash demo

test: $(STAMP)
	$(BIN)/python -m pytest

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
