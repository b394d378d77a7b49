#!/usr/bin/env bash
# Set up Rasd in .venv (Python 3.11) and run it on the bundled sample corpus.
# With --serve, then open the analyst's page on it at http://127.0.0.1:8321/ (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -c constraints.txt -e .
.venv/bin/rasd run samples/corpus --lexicon samples/lexicon --out out/sample
echo "Output: $(pwd)/out/sample/{documents,claims,incidents}.jsonl"
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/rasd serve out/sample --open
fi
