# make setup   - install everything (idempotent; a few seconds when already done)
# make build   - build the static site into site/ (runs build.py)
# make serve   - build, then serve site/ at http://127.0.0.1:8000
# make test    - setup, then run all tests
# make clean   - remove build outputs (site/, build/, dist/, caches); `make distclean` also removes the envs
#
# Works on a fresh Debian machine as root with only the package registries reachable
# (PyPI, Debian, npm). Nothing downloads a browser or a toolchain of its own.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PORT ?= 8000
VENV := .venv
VENV_PY := $(VENV)/bin/python
PYO_VENV := .venv-pyodide
PYODIDE_CLI := $(PYO_VENV)/bin/pyodide
CHROMIUM := /usr/bin/chromium
APT_ENV := DEBIAN_FRONTEND=noninteractive

# Never let Playwright fetch a browser: tests use Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# First interpreter of the wanted minor version that actually runs
# ($(1) = "3.11"). pyenv shims exist for versions that are installed but
# not selected and then fail, so each candidate is tried, not just found.
find_python = $(firstword $(foreach c,python$(1) $(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python$(1)) /usr/local/bin/python$(1) /usr/bin/python$(1),$(shell $(c) -c 'import sys; assert sys.version_info[:2] == ($(subst .,$(comma),$(1))); print(sys.executable)' 2>/dev/null)))
comma := ,
PY311 = $(call find_python,3.11)
PY312 = $(call find_python,3.12)

.PHONY: help setup chromium node build serve test clean distclean wheel lockfile pyodide-assets

help:
	@sed -n '1,6p' Makefile | sed 's/^# \{0,1\}//'

setup: chromium node $(VENV)/.requirements.stamp $(PYO_VENV)/.requirements.stamp node_modules/.package-lock.json

# --- system packages (apt) -------------------------------------------------
# Chromium for the browser tests, and CJK fonts so Chinese text is laid out
# (and screenshotted) with real glyphs, as on a phone, instead of tofu boxes.
chromium:
	@need=(); \
	[ -x $(CHROMIUM) ] || need+=(chromium); \
	if ! command -v fc-list >/dev/null || [ -z "$$(fc-list :lang=zh family 2>/dev/null)" ]; then need+=(fonts-noto-cjk); fi; \
	if [ $${#need[@]} -gt 0 ]; then \
	  echo "apt-get install $${need[*]}"; \
	  $(APT_ENV) apt-get update -qq; \
	  $(APT_ENV) apt-get install -y -qq --no-install-recommends "$${need[@]}" >/dev/null; \
	fi

node:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  echo "apt-get install nodejs npm"; \
	  $(APT_ENV) apt-get update -qq; \
	  $(APT_ENV) apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	fi

# --- Python 3.11 venv: site build, tests, wheel build ----------------------
$(VENV)/.requirements.stamp: requirements.txt
	@if ! $(VENV_PY) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then \
	  py="$(PY311)"; [ -n "$$py" ] || { echo "no working python3.11 found" >&2; exit 1; }; \
	  echo "creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); \
	fi
	$(VENV_PY) -m pip install -q -r requirements.txt 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
	@touch $@

# --- Python 3.12 venv: pyodide-build (`pyodide lockfile add-wheels`) -------
$(PYO_VENV)/.requirements.stamp: requirements/pyodide-build.txt
	@if ! $(PYO_VENV)/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then \
	  py="$(PY312)"; [ -n "$$py" ] || { echo "no working python3.12 found (pyodide-lock needs >= 3.12)" >&2; exit 1; }; \
	  echo "creating $(PYO_VENV) with $$py"; rm -rf $(PYO_VENV); "$$py" -m venv $(PYO_VENV); \
	fi
	$(PYO_VENV)/bin/python -m pip install -q -r requirements/pyodide-build.txt 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
	@touch $@

# --- npm: the Pyodide runtime (pinned in package-lock.json) ----------------
node_modules/.package-lock.json: package.json package-lock.json | node
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# --- calculator wheel + pyodide-lock.json (dist/) --------------------------
wheel: $(VENV)/.requirements.stamp
	$(VENV_PY) tools/build_wheel.py

lockfile: setup
	$(VENV_PY) tools/build_wheel.py --lock

# Built before the site so build.py can vendor them (skipped until calculator/ exists).
pyodide-assets: setup
	@if [ -f calculator/__init__.py ]; then $(VENV_PY) tools/build_wheel.py --lock; \
	else echo "calculator/ not there yet: no wheel built"; fi

# --- site ------------------------------------------------------------------
build: setup pyodide-assets
	$(VENV_PY) build.py

serve: build
	$(VENV_PY) tools/serve.py --root site --port $(PORT)

# Three workers (pytest-xdist): browser and Pyodide tests mostly wait on Chromium and node, so three
# share the 2-core machine well. --dist loadfile: a file's module fixtures (a Pyodide batch, a parsed
# site) are made once, on one worker; a built site is still built once per run (tests/conftest.py).
# --no-loadscope-reorder: files go out in the order collected (conftest.LONGEST_FIRST: the build first,
# files that need no site while it runs, then the longest).
test: setup
	$(VENV_PY) -m pytest -q -n 3 --dist loadfile --no-loadscope-reorder tests

clean:
	rm -rf site build dist .pytest_cache .hypothesis calculator.egg-info
	find . -path ./.venv -prune -o -path ./.venv-pyodide -prune -o -path ./node_modules -prune -o \
	  -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(PYO_VENV) node_modules
