#!/usr/bin/env bash
# Set up Rasd in .venv (Python 3.11 to 3.13) and run it on the bundled sample corpus.
# With --serve, then open the analyst's page on it at http://127.0.0.1:8321/ (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q -c constraints.txt -e .
# Bytecode once, as pip writes it for a package it installs whole: where PYTHONDONTWRITEBYTECODE is set (container
# images often set it), every run would otherwise compile Rasd's modules again before its workers start (0.13 s).
"$VENV/bin/python" -m compileall -q rasd
"$VENV/bin/rasd" run samples/corpus --lexicon samples/lexicon --out out/sample
echo "Output: $(pwd)/out/sample/{documents,claims,incidents}.jsonl"
if [ "${1:-}" = "--serve" ]; then
  exec "$VENV/bin/rasd" serve out/sample --open
fi
