#!/usr/bin/env bash
# One command: install everything the project needs into .venv, then run the whole test suite.
# Runs: .venv/bin/python -m pytest
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
exec .venv/bin/python -m pytest "$@"
