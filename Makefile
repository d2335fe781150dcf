# One entry point for readers, authors and CI. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup system-deps data assets html pdf book notebooks test lint preview bench bench-quick clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP)  ## create .venv and install the pinned dependencies

# The dataset is rebuilt only when a file the build reads changed: an annotation (the codebook, the
# sources, the contrasts, every coding and adjudication of the reliability folder), a raw text, or the
# package, or CITATION.cff, whose list of sources the build then writes (`--citation`) (tests/test_rebuild.py compares
# this list with the files `make data` opens). The virtual environment is order-only: a fresh one does not
# rewrite the committed tables. The target is touched last, so that it is newer than CITATION.cff.
DATA_INPUTS := $(shell find data/annotations data/raw -type f -not -name '*.md' | sort) $(shell find analysis -name '*.py' | sort) CITATION.cff
VEGA := book/_static/vega-bundle.js

data/datapackage.json: $(DATA_INPUTS) | $(STAMP)
	$(BIN)/python -m analysis build --citation
	touch $@

data: data/datapackage.json  ## check the annotations, rebuild data/tables and data/datapackage.json, list the sources in CITATION.cff

# The JavaScript packages of package.json: axe-core for the tests, world-atlas for the map's boundaries.
NODE_MODULES := node_modules/.installed
$(NODE_MODULES): package.json package-lock.json
	scripts/system-deps.sh node
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VEGA): $(STAMP) requirements.lock $(NODE_MODULES) analysis/book/assets.py analysis/dataset/geography.py
	$(BIN)/python -m analysis assets
	touch $@

assets: $(VEGA)  ## write the book's local copy of Vega, Vega-Lite and Vega-Embed, and the map's boundaries

# Strict: a warning, a notebook that raises or an unknown reference fails the build.
JB_FLAGS := --toc book/_toc.yml --config _config.yml -W -n --keep-going

# What the book is built from: its pages, templates and static files (not the pages the build
# writes into book/texts and book/_generated), its configuration, the package, the dataset
# (which the data zip ships whole), the files the chapters, the data zip and the wheel read, and
# the pinned packages. The HTML and the PDF are rebuilt only when one of these is newer than
# them, so `make book` with nothing changed does nothing.
BOOK_INPUTS := _config.yml $(VEGA) data/datapackage.json $(STAMP) \
	$(shell find book -type f -not -path 'book/texts/*' -not -path 'book/_generated/*' -not -path '*/.ipynb_checkpoints/*') \
	$(shell find analysis -name '*.py') $(shell find data -type f) \
	CITATION.cff CHANGELOG.md LICENSE LICENSE-DATA.md pyproject.toml package-lock.json requirements.lock
# Chapters executed at once before Sphinx reads them, and figure images drawn at once while it writes
# (`make JOBS=1 html` does each one after another). A chapter's kernel waits on its client part of the
# time, so one chapter more than JOBS is executed at once (on two cores, three at a time build the book
# faster than two: `make bench`), but one when JOBS=1.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
CHAPTER_JOBS = $(if $(filter 1,$(JOBS)),1,$(shell echo $$(($(JOBS) + 1))))
HTML := _build/html/index.html
PDF := _build/book.pdf

# The front door, index.html, is written last; a failed build removes it, so the next `make html` builds again.
$(HTML): $(BOOK_INPUTS)
	$(BIN)/python -m analysis refresh-cache --jobs $(CHAPTER_JOBS)
	BOOK_JOBS=$(JOBS) $(BIN)/jupyter-book build . $(JB_FLAGS) --builder html || { rm -f $@; exit 1; }
	touch $@

$(PDF): $(BOOK_INPUTS)
	scripts/system-deps.sh pdf
	$(BIN)/python -m analysis refresh-cache --jobs $(CHAPTER_JOBS)
	BOOK_JOBS=$(JOBS) $(BIN)/jupyter-book build . $(JB_FLAGS) --builder pdflatex
	cp _build/latex/book.pdf $@

# The site offers the PDF for download.
_build/html/book.pdf: $(PDF)
	mkdir -p $(@D) && cp $< $@

html: $(HTML)  ## build the HTML book in _build/html (only if an input changed)

pdf: $(PDF) _build/html/book.pdf  ## build the PDF book: _build/book.pdf (only if an input changed)

book: html pdf  ## build the whole book (HTML and PDF); does nothing when nothing changed

notebooks: data  ## execute every chapter on its own (outputs to _build/executed/<chapter>.ipynb)
	$(BIN)/python -m tools.execute --out _build/executed

system-deps:  ## install the Debian packages the tests need (Chromium, TeX Live, fonts), when missing
	scripts/system-deps.sh test

# One test process per core (pytest-xdist): each test file stays on one process (its fixtures made once), and the
# processes build the book, and grow its copy by a third source, once between them (tests/conftest.py).
test: $(STAMP) system-deps assets $(NODE_MODULES)  ## run the test suite, one process per core (builds the HTML book and the PDF once each); lists the 30 slowest tests
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder --durations=30

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check analysis tools tests
	$(BIN)/ruff format --check analysis tools tests

preview: data assets  ## live preview for authors: rebuilds and reloads on save (http://127.0.0.1:8000)
	$(BIN)/jupyter-book config sphinx . --toc $(CURDIR)/book/_toc.yml --config $(CURDIR)/_config.yml
	mkdir -p _build/preview && sed -e "s#'book/#'$(CURDIR)/book/#g" -e 's#"book/#"$(CURDIR)/book/#g' conf.py > _build/preview/conf.py && rm conf.py
	BOOK_ROOT=$(CURDIR) $(BIN)/sphinx-autobuild -c _build/preview . _build/preview/html --host 127.0.0.1 --port 8000 \
		--ignore "_build/*" --ignore ".venv/*" --ignore "data/*" --ignore "node_modules/*" --ignore ".git/*" --watch analysis

bench: $(STAMP) system-deps  ## benchmark builds and dataset growth; writes _build/bench.json
	$(BIN)/python -m tools.bench

bench-quick: $(STAMP) system-deps assets $(NODE_MODULES)  ## the quick benchmark end to end, with its checks (tests marked `bench`; part of CI, not of `make test`)
	$(BIN)/python -m pytest -m bench --durations=10

clean:  ## remove build outputs (not the venv)
	rm -rf _build
