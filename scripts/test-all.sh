#!/usr/bin/env bash
# The whole test suite (what `make test` and CI run).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
start=$(date +%s)

step() { printf '\n=== %s\n' "$*"; }

step "lint: ruff, mypy"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy trama

step "migrations are up to date"
$PY manage.py makemigrations --check --dry-run

step "production settings pass check --deploy"
PRODUCTION=true SECRET_KEY="$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=trama.example.org \
  $PY manage.py check --deploy --fail-level WARNING

$PY manage.py collectstatic --noinput --verbosity 0

step "tests on SQLite (unit + end-to-end)"
DATABASE_URL="sqlite:///$(mktemp -d)/trama.sqlite3" $PY -m pytest -m "e2e or not e2e" -p no:cacheprovider

PG_HOST=${PG_HOST:-127.0.0.1}
if [[ -n "${SKIP_POSTGRES:-}" ]]; then
  echo "SKIP_POSTGRES set: PostgreSQL run skipped"
elif ! $PY - <<PYEOF
import socket, sys
s = socket.socket(); s.settimeout(2)
sys.exit(s.connect_ex(("$PG_HOST", 5432)))
PYEOF
then
  if [[ "${CI:-}" == "true" ]]; then echo "PostgreSQL is not reachable at $PG_HOST:5432 (required under CI)"; exit 1; fi
  echo "PostgreSQL not reachable at $PG_HOST:5432: PostgreSQL run skipped"
else
  step "tests on PostgreSQL (unit + end-to-end)"
  # pytest-django creates and drops the throwaway test_<name> database itself.
  DATABASE_URL="postgres://${PG_USER:-postgres}@$PG_HOST:5432/trama_ci_$$" \
    $PY -m pytest -m "e2e or not e2e" -p no:cacheprovider --create-db
fi

printf '\nwhole suite finished in %ss\n' "$(( $(date +%s) - start ))"
