# Convene: `make demo` serves the demo network; `make test` runs every check.
# Both set themselves up from nothing: a virtual environment in .venv, then the package.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= sqlite:///var/demo.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint bench clean chromium

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Convene needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	mkdir -p var
	CONVENE_STORE=$(STORE) $(BIN)/convene demo --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test lint chromium
	$(BIN)/python -m pytest

# Headless Chromium for the pages' browser tests and `convene viz --png` (Debian's package).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium is not installed (apt-get install chromium): browser tests will be skipped"; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph api loaders viz tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python -m bench all

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
