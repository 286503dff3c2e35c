# govkg — two commands set up a fresh clone: `make build`, then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt pyproject.toml | sha256sum | cut -c1-12)
SYSTEM_STAMP := build/.system-ok
PORT ?= 7878
HOST ?= 127.0.0.1
SIZES ?= 100 1000 10000

.PHONY: build test test-fast check eval serve bench fuzz crash system venv clean

build: venv system
	$(PY) build.py build

# Two processes (pytest-xdist; whole files per worker, so a module's fixtures are built once).
TEST_JOBS ?= 2

test: venv system check
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile

# The inner loop: everything but the tests marked slow (tests/conftest.py), under a minute.
test-fast: venv check
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile -m "not slow"

# The layer contract (import-linter, [tool.importlinter] in pyproject.toml) and ruff with
# the rule set stated in pyproject.toml ([tool.ruff.lint]).
check: venv
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Debian packages the project needs: Java (HermiT), Chromium and its driver (browser
# test), CJK fonts (figures). Installed once; `apt-get update` runs first.
system: $(SYSTEM_STAMP)

$(SYSTEM_STAMP):
	@missing=""; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi; \
	command -v java >/dev/null || { echo "error: Java is required for HermiT (apt-get install default-jre-headless)"; exit 2; }
	mkdir -p build && touch $@

# Commitment extraction against the gold documents of tests/gold/docs (per document and
# overall: P/R per type, bearer accuracy, flipped polarity, commitments in non-commitment
# sentences); `make eval ARGS=-v` lists every disagreement.
eval: venv
	$(PY) -m govkg.evaluate $(ARGS)
	$(PY) -m govkg.evaluate tests/gold/heldout $(ARGS)

serve: venv
	$(PY) build.py serve --host $(HOST) --port $(PORT)

bench: venv system
	$(PY) build.py bench --sizes "$(SIZES)"

# Whole generated documents are built under a virtual-memory cap (8 GiB; HermiT's JVM
# included), so a document that blows up memory fails the run instead of the machine.
fuzz: venv
	GOVKG_FUZZ_EXAMPLES=5000 $(PY) -m pytest tests/ingest/test_fuzz.py tests/ingest/test_fs_safety.py
	(ulimit -v 8388608; GOVKG_FUZZ_BUILDS=150 $(PY) -m pytest -p no:cacheprovider tests/pipeline/test_fuzz_build.py)

crash: venv
	GOVKG_KILL_ALL=1 $(PY) -m pytest tests/publish/test_crash.py

clean:
	rm -rf build dist .dist.releases .dist.lock .dist.newlink
