"""A compact signature of a document for the cross-document stage: its most frequent content words (normalised,
clitics stripped), so incidents can be built without keeping the texts."""
from __future__ import annotations

import collections
from operator import itemgetter

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


# The proclitics of each length, the longest first: a word starts with at most one of each length, so looking its
# first n letters up is cheaper than trying every proclitic.
_PROCLITICS_BY_LENGTH = tuple((n, frozenset(p for p in _PROCLITICS if len(p) == n))
                              for n in sorted({len(p) for p in _PROCLITICS}, reverse=True))


def stem(word: str) -> str:
    """`word` without the longest proclitic it opens with that leaves three letters or more."""
    size = len(word)
    for n, proclitics in _PROCLITICS_BY_LENGTH:
        if size - n >= 3 and word[:n] in proclitics:
            return word[n:]
    return word


@settings.knowledge
def _signature_words() -> SignatureWords:
    """Each token met so far and the word it counts as in a signature, for the current stopwords."""
    return SignatureWords(stopwords())


class SignatureWords(dict):
    """{token: the word it counts as in a signature ("" for none)} for the tokens met so far and the given stopwords,
    emptied past `size` tokens: news repeats its words, so most are stemmed once per process. A word of three letters
    and more (a token is a run of letters, a number or one mark) counts, stopwords left out before and after their
    proclitics are stripped. (A lexicon.WordMemo with the work done in __missing__ itself: a token met for the first
    time costs one Python call, not three.)"""

    def __init__(self, stop: frozenset, size: int = 1 << 16):
        super().__init__()
        self.stop, self.size = stop, size

    def __missing__(self, token: str) -> str:
        if len(self) > self.size:
            self.clear()
        stop = self.stop
        if len(token) < 3 or token[0].isdecimal() or token in stop:
            word = ""
        else:
            word = stem(token)
            if word in stop:
                word = ""
        self[token] = word
        return word


def signature(doc: Document) -> dict[str, int]:
    # map, filter and Counter walk the tokens in C: a word's first token still decides its place among ties. A stable
    # sort is what most_common(n) returns (heapq.nlargest, whose loop runs in Python), all in C.
    counts = collections.Counter(filter(None, map(_signature_words().__getitem__, doc.tokens)))
    ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)
    return dict(ranked[:max(0, settings.current().incidents.signature_size)])  # as most_common(n) for n < 0
