#!/usr/bin/env bash
# Set up Rasd with its test dependencies in .venv (Python 3.11) and run the tests (they need ../shared).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -c constraints.txt -e '.[test]'
.venv/bin/python -m pytest -q "$@"
