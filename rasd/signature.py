"""A compact signature of a document for the cross-document stage: its most frequent content words (normalised,
clitics stripped), so incidents can be built without keeping the texts."""
from __future__ import annotations

import collections
import functools
import re

from .document import Document
from .lexicon import read_rows
from .normalize import normalize_term

SIGNATURE_SIZE = 60
_WORD = re.compile(r"[^\W\d_]{3,}")
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset:
    return frozenset(normalize_term(r["term"]) for r in read_rows("stopwords"))


@functools.lru_cache(maxsize=1 << 16)  # news repeats its words: most are stemmed once per process
def stem(word: str) -> str:
    for prefix in _PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix):]
    return word


def signature(doc: Document) -> dict[str, int]:
    stop = stopwords()
    counts: collections.Counter = collections.Counter()
    for word, n in collections.Counter(_WORD.findall(doc.text)).items():
        if word not in stop:
            word = stem(word)
            if word not in stop:
                counts[word] += n
    return dict(counts.most_common(SIGNATURE_SIZE))
