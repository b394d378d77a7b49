#!/usr/bin/env bash
# Set up Rasd with its test dependencies in .venv (Python 3.11 to 3.13) and run the tests (they need ../shared and
# Debian's Chromium at /usr/bin/chromium for the browser tests).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f ../shared/eval/score.py ]; then
  echo "The tests need ../shared (the seeds, the gold sets and the judge) beside this checkout." >&2
  exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "The browser tests need Debian's Chromium at /usr/bin/chromium. Install it with:" >&2
  echo "    sudo apt-get install -y chromium" >&2
  exit 1
fi
source scripts/venv.sh
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q -c constraints.txt -e '.[test]'
"$VENV/bin/python" -m pytest -q "$@"
