# govkg — two commands set up a fresh clone: `make build`, then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt pyproject.toml | sha256sum | cut -c1-12)
SYSTEM_BUILD_STAMP := build/.system-build-ok
SYSTEM_TEST_STAMP := build/.system-test-ok
PORT ?= 7878
HOST ?= 127.0.0.1
SIZES ?= 100 1000 10000

.PHONY: build test test-fast check eval serve bench fuzz crash system-build system-test venv lock clean

build: venv system-build
	$(PY) build.py build

# Two processes (pytest-xdist; whole files per worker, so a module's fixtures are built once).
TEST_JOBS ?= 2

test: venv system-build system-test check
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

# requirements.txt is the lock (every distribution pinned); the project itself is then
# installed editable without dependencies, which gives .venv/bin/govkg.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Regenerate the lock from pyproject.toml: a fresh venv, the project with every extra
# (versions already locked are kept: delete a line, or the file, to take a newer one),
# then pip freeze without the project.
LOCK_VENV := build/lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check $$(test -f requirements.txt && echo -c requirements.txt) ".[test,bench,dask,docs]"
	{ sed -n '/^#/p' requirements.txt 2>/dev/null | head -n 8; \
	  $(LOCK_VENV)/bin/pip freeze --exclude govkg | LC_ALL=C sort -f; } > requirements.txt.new
	mv requirements.txt.new requirements.txt
	rm -rf $(LOCK_VENV)

# Debian packages. Building needs Java (HermiT) and a CJK font (the figures); the tests
# add Chromium and its driver (the browser tests). Installed once; `apt-get update` first.
system-build: $(SYSTEM_BUILD_STAMP)

$(SYSTEM_BUILD_STAMP):
	@missing=""; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi; \
	command -v java >/dev/null || { echo "error: Java is required for HermiT (apt-get install default-jre-headless)"; exit 2; }
	mkdir -p build && touch $@

system-test: $(SYSTEM_TEST_STAMP)

$(SYSTEM_TEST_STAMP):
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi; \
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { echo "error: the browser tests need Chromium and its driver (apt-get install chromium chromium-driver)"; exit 2; }
	mkdir -p build && touch $@

# Commitment extraction against the gold documents of tests/gold/docs (per document and
# overall: P/R per type, bearer accuracy, flipped polarity, commitments in non-commitment
# sentences); `make eval ARGS=-v` lists every disagreement.
eval: venv
	$(PY) -m govkg.evaluate $(ARGS)
	$(PY) -m govkg.evaluate tests/gold/heldout $(ARGS)

serve: venv
	$(PY) build.py serve --host $(HOST) --port $(PORT)

bench: venv system-build
	$(PY) build.py bench --sizes "$(SIZES)"

# Whole generated documents are built under a virtual-memory cap (8 GiB; HermiT's JVM
# included), so a document that blows up memory fails the run instead of the machine.
fuzz: venv
	GOVKG_FUZZ_EXAMPLES=5000 $(PY) -m pytest tests/ingest/test_fuzz.py tests/ingest/test_fs_safety.py
	GOVKG_DIFF_EXAMPLES=5000 $(PY) -m pytest -p no:cacheprovider tests/gate/test_differential.py
	(ulimit -v 8388608; GOVKG_FUZZ_BUILDS=150 $(PY) -m pytest -p no:cacheprovider tests/pipeline/test_fuzz_build.py)

crash: venv
	GOVKG_KILL_ALL=1 $(PY) -m pytest tests/publish/test_crash.py

clean:
	rm -rf build dist .dist.releases .dist.lock .dist.newlink
