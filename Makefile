# Backcheck: `make run` serves the app on SQLite; `make test` lints, then runs the whole suite on SQLite and PostgreSQL.
SHELL := /bin/bash
PORT ?= 8000
PG_PORT ?= 54329
PG_DIR ?= /tmp/backcheck-pg-$(PG_PORT)
VENV := .venv
PY := $(VENV)/bin/python
FIXTURES := $(sort $(wildcard fixtures/*.json))

# Django 6.1 needs Python >= 3.12: take one from PATH, else pyenv's, else stop with a clear message.
define find_python
for p in python3.14 python3.13 python3.12 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  for v in $$(ls -r "$$(pyenv root)/versions" 2>/dev/null); do \
    p="$$(pyenv root)/versions/$$v/bin/python3"; \
    if [ -x "$$p" ] && "$$p" -c 'import sys; sys.exit(not (3, 12) <= sys.version_info < (4,))' 2>/dev/null; then echo "$$p"; exit 0; fi; \
  done; \
fi; \
echo "Backcheck needs Python 3.12 or newer (Django 6.1); none was found on PATH or in pyenv." >&2; exit 1
endef

.PHONY: run serve lint test test-sqlite test-postgres bench content clean chromium screenshots wrk valgrind

$(VENV)/.installed: requirements.txt
	@python=$$($(find_python)) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-tests: $(VENV)/.installed tests/requirements.txt
	$(PY) -m pip install -q -r tests/requirements.txt
	touch $@

# Loads the shipped content into an empty database; later runs keep what editors changed in the admin.
content: $(VENV)/.installed
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_content

run: content
	@echo
	@echo "Backcheck is at http://127.0.0.1:$(PORT)/"
	@echo "To use the admin, create a user first:  $(PY) manage.py createsuperuser"
	@echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with DEBUG off; SECRET_KEY and ALLOWED_HOSTS must come from the environment
# (see .env.example and the README's "Running in production"). Rate limits count in the database cache
# (the table createcachetable makes), shared by every worker, unless CACHE_URL=redis://... is set.
serve: $(VENV)/.installed
	DEBUG=false $(PY) manage.py check --deploy --fail-level WARNING
	DEBUG=false $(PY) manage.py collectstatic --no-input -v0
	DEBUG=false $(PY) manage.py migrate --no-input
	DEBUG=false $(PY) manage.py createcachetable
	DEBUG=false $(PY) manage.py seed_content
	DEBUG=false $(PY) -m gunicorn -c backend/config/gunicorn.py

# Browser tests drive Debian's Chromium (Playwright's own download is unreachable on these machines).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -ne 0 ]; then echo "Chromium is missing: sudo apt-get install -y chromium" >&2; exit 1; fi; \
	  echo "Installing Chromium from apt..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

lint: $(VENV)/.installed-tests
	$(PY) -m ruff check backend tests

test: $(VENV)/.installed-tests chromium
	$(MAKE) --no-print-directory lint
	$(PY) manage.py collectstatic --no-input -v0
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(VENV)/.installed-tests
	@echo "== test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests marked rendering_only (tests/browser/conftest.py: layout, accessibility, escaping, CSP, which
# no database changes) skip themselves here: the SQLite pass checks them, and every test that reads or
# writes data runs in both.
test-postgres: $(VENV)/.installed-tests
	@echo "== test suite on PostgreSQL =="
	@url=$$(tests/postgres.sh start $(PG_DIR) $(PG_PORT)) || exit 1; \
	trap 'tests/postgres.sh stop $(PG_DIR)' EXIT; \
	DATABASE_URL=$$url $(PY) -m pytest $(PYTEST_ARGS)

# Screenshots of each quiz step and the result at 390x844, light and dark, into ./screenshots/.
screenshots: $(VENV)/.installed-tests chromium
	SCREENSHOTS_DIR=$(CURDIR)/screenshots $(PY) -m pytest tests/browser/test_screenshots.py
	@echo "Screenshots are in $(CURDIR)/screenshots/"

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

wrk:
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; }

valgrind:
	@command -v valgrind >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; } || \
	  { echo "valgrind is missing: sudo apt-get install -y valgrind" >&2; exit 1; }

bench: $(VENV)/.installed-tests chromium wrk valgrind frontend/node_modules/.installed
	@echo "== engine on the shipped knowledge base =="
	$(PY) -m tests.bench.real_kb
	@echo "== engine on generated knowledge bases up to commercial scale =="
	$(PY) -m tests.bench.engine_bench
	@echo "== page weight and Lighthouse (gunicorn, production settings) =="
	$(PY) -m tests.bench.page_weight
	@echo "== production: long load, submissions, outage, speed against the floor =="
	$(PY) -m tests.bench.production_bench
	@echo "== instructions per quiz step and per floor request (callgrind) =="
	$(PY) -m tests.bench.instructions
	@echo "== free text: parse and answers under gunicorn, memory =="
	$(PY) -m tests.bench.language_bench

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-* .pytest_cache
