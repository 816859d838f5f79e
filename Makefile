# The README's two commands: `make serve` (set up, build, serve) and `make test` (set up, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
export WUGRAPH_STORE ?= $(CURDIR)/var/store

.PHONY: setup serve build test test-fast bench conformance lint clean browser-deps remote-deps

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/wugraph build

serve: build
	$(BIN)/wugraph serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests; installed only when missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian) for browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); }

# The SPARQL servers the remote-store tests start: Oxigraph server (PyPI) and Virtuoso (Debian); only when missing.
remote-deps: setup
	@test -x $(BIN)/oxigraph || $(BIN)/pip install --quiet 'oxigraph>=0.5.13,<0.6'
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "installing virtuoso-opensource (Debian) for remote-store tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
	  || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null); }

test: setup browser-deps remote-deps
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not browser and not slow"

bench: build
	$(BIN)/python bench/run.py

conformance: setup
	$(BIN)/python -m wugraph.conformance ../shared/w3c-sparql11

clean:
	rm -rf $(VENV) var build *.egg-info
