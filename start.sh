#!/usr/bin/env bash
# One command: install Digicoach into .venv (first time, or when pyproject.toml changed) and run it.
# With no credentials configured this opens the console chat on SQLite with the demo directory and FAQ.
# Arguments are digicoach's (./start.sh tickets list); the installed command itself is .venv/bin/digicoach,
# not on PATH unless you `source .venv/bin/activate` (README, Quick start).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
exec .venv/bin/digicoach "${@:-run}"
