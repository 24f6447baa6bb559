# Gongzhi — the two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run install dev-install chromium test lint lock clean-venv

## Install into .venv from the lock files (re-runs only when a lock file changes).
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed

## 1. Install, create the SQLite database, load the demo district, serve on http://$(HOST):$(PORT)
run: install
	$(BIN)/gongzhi migrate --noinput
	$(BIN)/gongzhi demo
	$(BIN)/gongzhi serve --host $(HOST) --port $(PORT)

## Debian's Chromium (Playwright cannot download browsers here) and CJK fonts for screenshots.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  echo "Installing Debian's chromium and fonts-noto-cjk"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

## 2. Install what the tests need and run the whole suite (lint, migrations check, unit, API, browser stories).
test: dev-install chromium
	$(BIN)/ruff check src
	$(BIN)/gongzhi makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

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
