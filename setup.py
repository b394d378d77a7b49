"""The package's build (setuptools reads everything else from pyproject.toml): the loops over lexicon matches
(rasd/_match_loops.pyx) and the loops over a document's characters and tokens (the tokenizer, the word flags, the
numbers' tokens, the copies' word shingles, the normaliser, the signature's word counts: rasd/_token_split.pyx)
compiled by Cython. The extensions are optional:
where no C compiler is present they are skipped and Rasd runs the same loops in Python (rasd/match_loops.py,
document.regex_split_tokens and the Python loops beside each caller). The parent process's interning of the records
it gathers is compiled too (rasd/_records.pyx; records.py's shared_strings the fallback), and the incidents stage's
cosine and TF-IDF vectors (rasd/_similarity.pyx; similarity.py's Python the fallback)."""
from setuptools import Extension, setup

from pathlib import Path

SOURCES = {"rasd._match_loops": "rasd/_match_loops.pyx", "rasd._token_split": "rasd/_token_split.pyx",
           "rasd._records": "rasd/_records.pyx", "rasd._similarity": "rasd/_similarity.pyx"}

try:
    from Cython.Build import cythonize
except ImportError:  # built without Cython (pyproject.toml asks for it): the Python loops
    cythonize = None
present = {name: source for name, source in SOURCES.items() if Path(source).exists()}
if cythonize is None or not present:
    extensions = []
else:
    extensions = cythonize([Extension(name, [source]) for name, source in present.items()],
                           compiler_directives={"language_level": 3}, quiet=True)
    for extension in extensions:
        extension.optional = True  # set after cythonize, which does not copy it

setup(ext_modules=extensions)
