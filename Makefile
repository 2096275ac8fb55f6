# Trama: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
UV := .venv/bin/uv
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: setup run serve data test test-fast test-postgres e2e lint migrations-check deploy-check bench browser clean

# Idempotent: creates .venv in the repo and installs exactly what uv.lock pins.
setup: .venv/.synced
.venv/.synced: pyproject.toml uv.lock
	@test -x $(PY) || python3 -m venv .venv
	@test -x $(UV) || .venv/bin/pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) sync --frozen --quiet
	@touch $@

# Migrate, load the real PSM and territory data and the process demo (idempotent), print the demo login, serve over ASGI.
run: setup data
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo_users
	$(PY) manage.py analysis_demo
	$(PY) manage.py load_demo
	$(PY) -m daphne -b $(HOST) -p $(PORT) trama.asgi:application

data: setup
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_psm_data

# The whole suite: lint, types, migrations, unit tests on SQLite and PostgreSQL, browser tests.
test: setup browser
	bash scripts/test-all.sh

test-fast: setup
	$(PY) -m pytest

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy trama

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

deploy-check: setup
	PRODUCTION=true SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=trama.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

e2e: setup browser
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest -m e2e tests/e2e

# Debian's chromium for the browser tests (installed when missing and we are root).
browser:
	@bash scripts/ensure-chromium.sh

# Each benchmark prints its figures; the last line of each is one JSON object.
bench: setup
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done
	@echo "== bench/contributions.py --db postgresql"; $(PY) bench/contributions.py --db postgresql
	@echo "== bench/live_event.py --kill"; $(PY) bench/live_event.py --kill

clean:
	rm -rf .venv staticfiles db.sqlite3
