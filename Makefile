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

.PHONY: help setup book html page serve test test-fast bench lighthouse clean chromium lab shots

help:
	@echo "make book    - set up and build the whole site strictly (full rebuild) and the PDF into _build/html"
	@echo "make html    - incremental strict rebuild (only changed pages re-execute)"
	@echo "make page P=chapters/concept.md - build one page quickly into _build/_page"
	@echo "make serve   - serve _build/html on http://$(HOST):$(PORT)"
	@echo "make test    - set up and run every test (data, units, notebooks, build, browser)"
	@echo "make lab     - open the chapters in JupyterLab (MyST notebooks via jupytext)"
	@echo "make bench   - time builds, rebuilds and page loads; check the budgets (several minutes)"
	@echo "make shots   - a PNG of every chart at desktop and phone width in _build/shots (after make book)"
	@echo "make linkcheck - check every external link (needs network; report in _build/linkcheck)"
	@echo "make check-workflow - validate the publishing workflows against the Makefile"
	@echo "make lighthouse - Lighthouse (mobile) on every page of the site; check its budgets (a few minutes)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	# The Vega bundle the site serves depends only on the packages just installed: made once, here.
	$(BIN)/python -m booktools.vega_bundle
	touch $@

setup: $(STAMP)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# The site, then the PDF from a single-page build that reuses the site's executed notebooks
# (booktools/build.py: each notebook runs once).
book: $(STAMP) chromium
	rm -rf _build/html _build/singlehtml _build/.doctrees _build/jupyter_execute _build/print
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m booktools.build

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

# Rebuilds _build several times (cold, no-change, one chapter touched) and loads every page in Chromium,
# then audits the site it leaves with Lighthouse.
bench: $(STAMP) chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/bench.py $(BENCH_ARGS)
	$(MAKE) --no-print-directory lighthouse

# Lighthouse, pinned in bench/lighthouse/package-lock.json, installed by npm into bench/lighthouse.
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Debian's nodejs and npm for Lighthouse"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Mobile, Lighthouse's default throttling, every page of an up-to-date _build/html; fails below budget.
lighthouse: html chromium $(LIGHTHOUSE)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

# A PNG of every chart at desktop and phone width, and an index page, from the last build of the site.
shots: $(STAMP) chromium
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' (or 'make html') first"; exit 2; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m booktools.shots _build/html _build/shots

lab: $(STAMP)
	$(BIN)/pip install --quiet -r requirements-author.txt
	$(BIN)/jupyter lab chapters/

clean:
	rm -rf _build

# --- Publishing checks ------------------------------------------------------------------------------
# The Debian release these targets assume: its python3 is 3.11 and the apt package names here are its
# own. The publishing workflow builds in a container of this release (tests/test_workflow.py checks).
DEBIAN_RELEASE := bookworm
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
.PHONY: vnu linkcheck check-workflow

# The Nu HTML checker, which tests/test_html_validity.py runs on every page: vnu.jar from npm (version
# and hash pinned in package-lock.json), run by Debian's Java. --ignore-scripts: the package's install
# script would download a Java runtime from another host when it finds none.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
vnu: $(VNU_JAR)
$(VNU_JAR): package.json package-lock.json
	@command -v java >/dev/null || { echo "Installing Debian's Java runtime for the HTML checker"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) default-jre-headless >/dev/null; }
	@command -v npm >/dev/null || { echo "Installing Debian's npm to fetch the HTML checker"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) npm >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@
# Every test run checks the built pages with it.
test: vnu

# Sphinx's link check over the whole book, with the polite settings in _config.yml (linkcheck_*).
# A dead link fails this target, never the build or the publication.
# Jupyter Book writes the report where an html build would go, so it gets its own output folder.
LINKCHECK_REPORT := _build/linkcheck/_build/html/output.json
linkcheck: $(STAMP)
	@echo "make linkcheck needs network access: it requests every external link in the book (a few hundred,"
	@echo "4 at a time, 30 s timeout each). Without network every link is reported dead."
	rm -rf _build/linkcheck
	$(BIN)/jupyter-book build . --builder linkcheck --path-output _build/linkcheck || test -s $(LINKCHECK_REPORT)
	$(BIN)/python -m booktools.linkreport $(LINKCHECK_REPORT)

# The publishing workflows: valid GitHub workflows (schema shipped with check-jsonschema, offline),
# actions pinned to commits, the build in a Debian $(DEBIAN_RELEASE) container running `make test` and
# `make book`, and Debian package names that exist in that release.
check-workflow: $(STAMP)
	@. /etc/os-release 2>/dev/null; [ "$${VERSION_CODENAME:-}" = "$(DEBIAN_RELEASE)" ] || \
	  echo "Note: this machine is not Debian $(DEBIAN_RELEASE): package names cannot be looked up here"
	$(BIN)/python -m pytest -q -ra tests/test_workflow.py
