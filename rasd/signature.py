"""A compact signature of a document for the cross-document stage: its most frequent content words (normalised,
clitics stripped), so incidents can be built without keeping the texts."""
from __future__ import annotations

import collections
import functools

from . import settings
from .document import Document
from .lexicon import AFFIXES, ARTICLE, LAM_ARTICLE, PROCLITICS, read_rows
from .normalize import normalize_term



def _with_article(proclitic: str) -> str:
    return LAM_ARTICLE if proclitic == PROCLITICS["li"] else proclitic + ARTICLE  # ل + ال is written لل


# One proclitic with the article (وال، بال، لل، كال …) or without it (و، ب …; not ك: كان، كبير), longest first.
_SINGLE = AFFIXES["conjunction"] + AFFIXES["preposition"]
_PROCLITICS = tuple(sorted({_with_article(p) for p in ("",) + _SINGLE} | set(_SINGLE) - {PROCLITICS["ka"]},
                           key=lambda p: (-len(p), p)))


@settings.knowledge
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
    # the words of three letters and more: a token is a run of letters, a number or one mark
    words = (t for t in doc.tokens if len(t) >= 3 and not t[0].isdecimal())
    for word, n in collections.Counter(words).items():
        if word not in stop:
            word = stem(word)
            if word not in stop:
                counts[word] += n
    return dict(counts.most_common(settings.current().incidents.signature_size))
