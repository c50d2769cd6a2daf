#!/usr/bin/env bash
# One command: install Digicoach into .venv (first time, or when pyproject.toml changed) and run it.
# With no credentials configured this opens the console chat on SQLite with the demo directory and FAQ.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch .venv/.installed
fi
exec .venv/bin/digicoach "${@:-run}"
