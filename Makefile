# The two commands a new user needs: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench loadtest install install-dev messages translations format screenshots clean

# Runtime dependencies only; reinstalled when requirements.txt changes.
$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations

# Compile the committed .po files (polib, so no system gettext is needed).
translations: $(VENV)/.installed
	$(PY) -c 'import glob, polib; [polib.pofile(p).save_as_mofile(p[:-3] + ".mo") for p in glob.glob("locale/*/LC_MESSAGES/*.po")]'

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# The suite in parallel, one process per core (pytest-xdist: each worker has a test database of
# its own); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install-dev
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=lint-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdefghij ALLOWED_HOSTS=example.org \
		$(MANAGE) check --deploy --fail-level WARNING

# Queries, time and memory of every page for a typical and the largest promise, as ratios to
# the floor, on DATABASE_URL's database seeded at national scale (a throw-away SQLite seeded
# small without it); first the imports of large files (BENCH_IMPORTS=0 skips them). Prints
# figures, a JSON line last.
bench: install-dev
	if [ "$${BENCH_IMPORTS:-1}" != 0 ]; then $(PY) bench/import_bench.py; fi
	$(PY) bench/pages_bench.py

# Many people at once under gunicorn (locust, 60 s, 20 users) on the same data set: prints
# requests/s and answer times, fails on any error or a post lost or stored twice.
loadtest: install-dev
	$(PY) bench/loadtest.py

# Retake the README's screenshots (needs Debian's chromium).
screenshots: install-dev
	$(VENV)/bin/pytest tests/browser/screenshots.py

# Update the .po files from the source (needs GNU gettext; developers only).
messages: install-dev
	$(MANAGE) makemessages --locale sv --no-obsolete --add-location file --ignore '.venv/*'

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
