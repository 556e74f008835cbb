# Every target sets up what it needs, so `make book` and `make test` work on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian's Chromium: Playwright cannot download its own browser here.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# -W: any warning fails the build; -n: every cross-reference must resolve;
# --keep-going: report every problem, not just the first one.
STRICT := -W -n --keep-going

.PHONY: help setup book html page serve test test-fast bench clean chromium lab shots

help:
	@echo "make book    - set up and build the whole site strictly (full rebuild) and the PDF into _build/html"
	@echo "make html    - incremental strict rebuild (only changed pages re-execute)"
	@echo "make page P=chapters/concept.md - build one page quickly into _build/_page"
	@echo "make serve   - serve _build/html on http://$(HOST):$(PORT)"
	@echo "make test    - set up and run every test (data, units, notebooks, build, browser)"
	@echo "make lab     - open the chapters in JupyterLab (MyST notebooks via jupytext)"
	@echo "make bench   - time builds, rebuilds and page loads; check the budgets (several minutes)"
	@echo "make shots   - a PNG of every chart at desktop and phone width in _build/shots (after make book)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

setup: $(STAMP)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

book: $(STAMP) chromium
	rm -rf _build/html _build/.doctrees _build/jupyter_execute _build/print
	$(BIN)/jupyter-book build . $(STRICT) --all
	@echo "Building the PDF edition (single page, charts as images, printed by Chromium)"
	$(BIN)/jupyter-book build . --builder singlehtml $(STRICT) --all --path-output _build/print
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m booktools.pdf _build/print/_build/singlehtml/index.html _build/html/briefing.pdf

html: $(STAMP)
	$(BIN)/jupyter-book build . $(STRICT)

page: $(STAMP)
	@test -n "$(P)" || { echo "usage: make page P=chapters/<name>.md"; exit 2; }
	$(BIN)/jupyter-book build $(P) --config _config.yml
	@page="$(P)"; page="$${page%.md}"; echo "Open _build/_page/$${page//\//-}/html/$$(basename $$page).html"

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first"; exit 2; }
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory _build/html

test: $(STAMP) chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser"

# Rebuilds _build several times (cold, no-change, one chapter touched) and loads every page in Chromium.
bench: $(STAMP) chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/bench.py $(BENCH_ARGS)

# A PNG of every chart at desktop and phone width, and an index page, from the last build of the site.
shots: $(STAMP) chromium
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' (or 'make html') first"; exit 2; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m booktools.shots _build/html _build/shots

lab: $(STAMP)
	$(BIN)/pip install --quiet -r requirements-author.txt
	$(BIN)/jupyter lab chapters/

clean:
	rm -rf _build
