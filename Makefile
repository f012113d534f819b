# Wire Desk. `make help` lists the targets; `make demo` and `make test` do their own set-up.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'

# The stamp files make set-up happen once, and again whenever pyproject.toml changes.
$(VENV)/.stamp-base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# pip 23.2 fails resolving trafilatura + newspaper4k together (lxml extras); a current pip works.
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

# Charts are drawn by kaleido through Debian's chromium; installed when we may (root), else say how.
$(VENV)/.stamp-system:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "Charts need Chromium: run 'sudo apt-get install chromium' (or set BROWSER_PATH)"; \
	  fi
	@mkdir -p $(VENV) && touch $@

# The deck tests open the PPTX in LibreOffice Impress and turn pages into PNGs with poppler; the
# export tests open the CSVs in LibreOffice Calc (formula cells must arrive as text). The stamp
# follows the Makefile, so a venv made before a package joined this list installs it too.
OFFICE_PACKAGES := libreoffice-calc libreoffice-impress poppler-utils
$(VENV)/.stamp-office: Makefile
	@if command -v libreoffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && \
	    { ! command -v dpkg >/dev/null 2>&1 || dpkg -s $(OFFICE_PACKAGES) >/dev/null 2>&1; }; then :; \
	  elif [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	       $(OFFICE_PACKAGES) >/dev/null); \
	  else \
	    echo "Office tests need LibreOffice: run 'sudo apt-get install $(OFFICE_PACKAGES)'"; \
	  fi
	@mkdir -p $(VENV) && touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-base $(VENV)/.stamp-system $(VENV)/.stamp-office
	$(PY) -m pip install -q -e '.[test]'
	touch $@

## install: create .venv and install the workbook (done by demo/test/lab as needed)
install: $(VENV)/.stamp-base

# PROFILE names a conflict profile (data/profiles/); empty: the bundled Kursk sample corpus.
PROFILE ?=

## demo: set up, then run the main job on the sample corpus (no network; PROFILE=israel-lebanon ...)
demo: $(VENV)/.stamp-base $(VENV)/.stamp-system
	$(PY) -m helpers.demo $(if $(PROFILE),--profile $(PROFILE))

## test: set up, then run the whole test suite
test: $(VENV)/.stamp-test
	$(PY) -m pytest

## lab: open JupyterLab on notebooks/
lab: $(VENV)/.stamp-base
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

## share: execute notebooks 01-04 on the sample workbook into reports/ (outputs, widgets, HTML)
share: $(VENV)/.stamp-base $(VENV)/.stamp-system
	$(PY) -m helpers.share reports $(if $(PROFILE),--profile $(PROFILE))

## bench: run the benchmarks in bench/ (prints ratios against their peers)
bench: $(VENV)/.stamp-test
	$(PY) bench/extraction.py
	$(PY) bench/extract.py
	# spaCy only for the comparison in bench/matchers.py: the workbook does not use it
	$(PY) -m pip install -q spacy && $(PY) bench/matchers.py
	$(PY) bench/store.py
	$(PY) bench/charts.py
	$(PY) bench/export.py

## lint: ruff and mypy over helpers/
lint: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check helpers tests bench
	$(VENV)/bin/mypy

## clean: remove the venv and caches (keeps data/)
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache data/cache

.PHONY: help install demo test lab share bench lint clean
