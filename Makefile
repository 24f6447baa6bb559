# Gongzhi — the two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run install dev-install system-deps chromium bench-deps test lint lock clean-venv vendor-echarts

## Install into .venv from the lock files (re-runs only when a lock file changes).
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed

## Debian packages PDFs need: Pango (WeasyPrint), the Noto CJK fonts (Chinese typesetting) and HarfBuzz's
## subsetter (without it WeasyPrint subsets the CJK fonts with fontTools, 4-5 s a PDF instead of well under one).
system-deps:
	@if ! fc-list 2>/dev/null | grep -q "Noto Serif CJK" || ! ldconfig -p | grep -q libpangoft2-1.0 \
	    || ! ldconfig -p | grep -q libharfbuzz-subset; then \
	  echo "Installing Debian's fonts-noto-cjk, Pango and HarfBuzz-subset for PDF documents"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk libpango-1.0-0 \
	    libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	fi

## 1. Install, create the SQLite database, load the demo district, serve on http://$(HOST):$(PORT)
## Debian's packages install while pip does, and static files are collected (`gongzhi static`) while the demo
## loads, so `serve` finds them current and starts at once.
run:
	@$(MAKE) --no-print-directory -j2 install system-deps
	$(BIN)/gongzhi migrate --noinput
	$(BIN)/gongzhi static & static=$$!; $(BIN)/gongzhi demo; demo=$$?; wait $$static && exit $$demo
	$(BIN)/gongzhi serve --host $(HOST) --port $(PORT)

## Debian's Chromium (Playwright cannot download browsers here) and poppler (tests read PDFs back as images).
## Debian's wrk, the load generator `gongzhi bench_throughput` drives a running server with (benchmarks only).
bench-deps:
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

chromium:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then \
	  echo "Installing Debian's chromium and poppler-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi

## 2. Install what the tests need and run the whole suite (lint, migrations check, unit, API, browser stories).
test: dev-install system-deps chromium
	$(BIN)/ruff check src
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/gongzhi makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: dev-install
	$(BIN)/ruff check src

## Re-pin the lock files from requirements*.in (a maintainer's step, not a newcomer's).
lock:
	rm -rf /tmp/gongzhi-lock && $(PYTHON) -m venv /tmp/gongzhi-lock
	/tmp/gongzhi-lock/bin/pip install --quiet -r requirements.in
	/tmp/gongzhi-lock/bin/pip freeze --exclude-editable > requirements.lock
	/tmp/gongzhi-lock/bin/pip install --quiet -r requirements-dev.in
	( echo "-r requirements.lock"; /tmp/gongzhi-lock/bin/pip freeze --exclude-editable | grep -vxFf requirements.lock ) > requirements-dev.lock

clean-venv:
	rm -rf $(VENV)

## Re-fetch Apache ECharts from npm into src/gongzhi/static/vendor/ (a maintainer's step; not run by `make test`).
## Update the version and sha256 in src/gongzhi/static/vendor/README.md with what this prints.
ECHARTS_VERSION ?= 5.6.0
vendor-echarts:
	rm -rf /tmp/gongzhi-echarts && mkdir -p /tmp/gongzhi-echarts
	cd /tmp/gongzhi-echarts && npm pack --silent echarts@$(ECHARTS_VERSION) && tar xzf echarts-$(ECHARTS_VERSION).tgz
	cp /tmp/gongzhi-echarts/package/dist/echarts.min.js src/gongzhi/static/vendor/echarts.min.js
	sha256sum src/gongzhi/static/vendor/echarts.min.js
