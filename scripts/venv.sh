# Sourced by run-sample.sh and run-tests.sh: picks a Python (3.11 to 3.13) and creates the virtualenv $VENV.
# PYTHON=python3.13 ./run-tests.sh chooses the interpreter; VENV=.venv-3.13 keeps its environment apart.
VENV=${VENV:-.venv}
if [ -z "${PYTHON:-}" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c \
        'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13)))' 2>/dev/null; then
      PYTHON=$candidate; break
    fi
  done
fi
if [ -z "${PYTHON:-}" ]; then
  echo "Rasd needs Python 3.11, 3.12 or 3.13 (Debian/Ubuntu: apt-get install python3.11 python3.11-venv)" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" || {
    echo "Could not create $VENV with $PYTHON (Debian/Ubuntu: apt-get install $PYTHON-venv)" >&2; exit 1; }
fi
