"""The package's build (setuptools reads everything else from pyproject.toml): the loops over lexicon matches
compiled by Cython (rasd/_match_loops.pyx). The extension is optional: where no C compiler is present it is
skipped and Rasd runs the same loops in Python (rasd/match_loops.py)."""
from setuptools import Extension, setup

from pathlib import Path

SOURCE = "rasd/_match_loops.pyx"

try:
    from Cython.Build import cythonize
except ImportError:  # built without Cython (pyproject.toml asks for it): the Python loops
    cythonize = None
if cythonize is None or not Path(SOURCE).exists():
    extensions = []
else:
    extensions = cythonize([Extension("rasd._match_loops", [SOURCE])],
                           compiler_directives={"language_level": 3}, quiet=True)
    for extension in extensions:
        extension.optional = True  # set after cythonize, which does not copy it

setup(ext_modules=extensions)
