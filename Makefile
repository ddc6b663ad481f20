# Two commands on a fresh clone: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PORT ?= 8000
# Links in mails: honcho gives every process its own PORT (the workers too), so the web server's address is fixed here.
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install assets migrate demo ci clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 ontbreekt: installeer python3.11 en python3.11-venv"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js en npm ontbreken: installeer nodejs en npm (zie README)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP)

# Starts web server, the sweep and mail workers and beat on the embedded defaults; Ctrl-C stops them all.
run: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py referentiedata_laden
	DEBUG=$${DEBUG:-true} $(PY) manage.py demo --kandidaten 200 --vacatures 40
	DEBUG=$${DEBUG:-true} $(PY) manage.py monitor_verversen
	DEBUG=$${DEBUG:-true} $(PY) manage.py monitor_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py matchingindex_bouwen
	@echo ""
	@echo "Portaal: http://127.0.0.1:$(PORT)/   (stoppen: Ctrl-C)"
	DEBUG=$${DEBUG:-true} SITE_URL=$(SITE_URL) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

# One pytest worker more than there are cores (pytest-xdist; conftest.py's pytest_xdist_auto_num_workers: a browser
# test or one with real processes leaves its core partly idle), each with its own test database, Chromium and
# live server;
# a test file stays on one worker, so a module's real processes (Celery, clamd, moto) start once.
# --no-loadscope-reorder: files go out in the order conftest.py gives them, the longest first (xdist would
# otherwise sort them by number of tests, which put the page walk and the outage test last).
# TEST_WORKERS=0 runs everything in this one process.
# Bytecode caches (__pycache__, ignored by git) are written even where PYTHONDONTWRITEBYTECODE is set, as in many
# container images: a run starts about a hundred Python processes (workers, Celery, gunicorn, manage.py), and without
# the caches each compiles the portal's modules (and pytest rewrites every test module) again, 0.3-0.4 s a process.
TEST_WORKERS ?= auto
test: install
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

clean:
	rm -rf var/ .pytest_cache
