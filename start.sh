#!/usr/bin/env bash
# One command: install Digicoach into .venv (first time, or when pyproject.toml changed) and run it.
# With no credentials configured this opens the console chat on SQLite with the demo directory and FAQ.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
exec .venv/bin/digicoach "${@:-run}"
