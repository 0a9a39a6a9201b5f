# The README's two commands are `make run` and `make test`; everything else here is for developers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test setup lab pdf bench samples catalogs dictionary clean

run: setup  ## build the workbooks of the bundled sample municipalities (HTML + XLSX) into build/workbooks
	$(BIN)/workbook build data/cases --lang ru --format html,xlsx --out build/workbooks

test: setup  ## run the test suite
	$(BIN)/pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV) || { $(PYTHON) -m pip install --user virtualenv && $(PYTHON) -m virtualenv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

lab: setup  ## open the stage notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks

pdf: setup  ## also make PDFs (needs Debian's chromium: sudo apt install chromium)
	$(BIN)/workbook build data/cases --lang ru --format html,pdf,xlsx --out build/workbooks

bench: setup  ## the batch benchmark (see benchmarks/README.md)
	$(BIN)/python benchmarks/batch.py

samples: setup  ## regenerate the bundled sample cases after changing the generator
	rm -rf data/cases && $(BIN)/workbook generate --samples --out data/cases

catalogs: setup  ## merge new messages into the Kyrgyz and Russian catalogs
	$(BIN)/python -m workbook.i18n.catalogs

dictionary: setup  ## regenerate docs/data-dictionary.*.md from the schema
	$(BIN)/python -m workbook.case.dictionary

clean:
	rm -rf build
