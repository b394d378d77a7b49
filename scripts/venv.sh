# Sourced by run-sample.sh and run-tests.sh: picks a Python (3.11 to 3.13) and creates the virtualenv $VENV.
# PYTHON=python3.13 ./run-tests.sh chooses the interpreter; VENV=.venv-3.13 keeps its environment apart.
#
# Without PYTHON, the distribution's interpreter (/usr/bin/python3.X) comes before one found first on the PATH:
# Debian and Ubuntu build theirs with profile-guided and link-time optimisation and link it statically, where a
# version manager's default build (pyenv's: no --enable-optimizations, a shared libpython) runs Rasd 10-13 % slower
# (docs/speed.md, the twenty-seventh section). A candidate must be able to make a virtualenv (ensurepip); one with
# its C headers (Python.h: Debian's python3.X-dev) comes first, since without them the hot loops cannot be compiled
# and run a fifth slower in Python.
VENV=${VENV:-.venv}
_rasd_usable() {
  command -v "$1" >/dev/null && "$1" -c \
    'import sys, ensurepip; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13)))' 2>/dev/null
}
_rasd_has_headers() {
  "$1" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null
}
if [ -z "${PYTHON:-}" ]; then
  for wanted in headers any; do
    for candidate in /usr/bin/python3.11 python3.11 /usr/bin/python3.12 python3.12 /usr/bin/python3.13 python3.13 \
        python3; do
      if _rasd_usable "$candidate" && { [ "$wanted" = any ] || _rasd_has_headers "$candidate"; }; then
        PYTHON=$candidate; break 2
      fi
    done
  done
fi
if [ -z "${PYTHON:-}" ]; then
  echo "Rasd needs Python 3.11, 3.12 or 3.13 with venv (Debian/Ubuntu: apt-get install python3.11 python3.11-venv)" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV with $PYTHON ($("$PYTHON" -c 'import sys; print(sys.version.split()[0])'))" >&2
  if ! _rasd_has_headers "$PYTHON"; then
    echo "Note: $PYTHON has no C headers (Debian/Ubuntu: apt-get install $(basename "$PYTHON")-dev): Rasd's hot loops" \
      "will run in Python, about a fifth slower" >&2
  fi
  "$PYTHON" -m venv "$VENV" || {
    echo "Could not create $VENV with $PYTHON (Debian/Ubuntu: apt-get install $(basename "$PYTHON")-venv)" >&2
    exit 1
  }
fi
