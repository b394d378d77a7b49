"""A compact signature of a document for the cross-document stage: its most frequent content words (normalised,
clitics stripped), so incidents can be built without keeping the texts."""
from __future__ import annotations

import collections
import functools
import re
from operator import itemgetter

from . import settings
from .document import Document
from .lexicon import AFFIXES, ARTICLE, LAM_ARTICLE, PROCLITICS, WORD_MEMO_SIZE, read_rows
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


# stem() for each line of a text at once: a token has no line break, so the words of a document's new tokens, one a
# line, are stemmed by one substitution instead of a Python call each.
_LEADING_PROCLITIC = re.compile("^(?:" + "|".join(
    "(?:" + "|".join(map(re.escape, sorted(proclitics))) + ")(?=.{3})" for _, proclitics in _PROCLITICS_BY_LENGTH)
    + ")", re.MULTILINE)


def stem_lines(tokens: list[str]) -> list[str]:
    """[stem(token) for token in tokens] (one call each where a token holds a line break)."""
    stems = _LEADING_PROCLITIC.sub("", "\n".join(tokens)).split("\n")
    return stems if len(stems) == len(tokens) else [stem(token) for token in tokens]


MIN_WORD_LENGTH = 3  # a token is a run of letters, a number or one mark: a word of fewer letters counts as none


def _may_be_word(token: str, min_length: int = MIN_WORD_LENGTH) -> bool:
    """Can `token` count as a word in a signature: `min_length` characters and more, and no number?"""
    return len(token) >= min_length and not token[0].isdecimal()


@settings.knowledge
def _signature_words() -> SignatureWords:
    """Each token met so far that may be a word, and the word it counts as in a signature, for the current
    stopwords."""
    return SignatureWords(stopwords())


class SignatureWords:
    """`words`: {token: the word it counts as in a signature ("" for none)} for the tokens met so far that may be
    words (_may_be_word: the others count as none without a lookup) and the given stopwords (_signature_word),
    begun afresh when a document comes to it holding more than `size` tokens: news repeats its words, so most are
    stemmed once per process. A document's new tokens are stemmed together (_learnt), not one Python call each."""

    def __init__(self, stop: frozenset, size: int = WORD_MEMO_SIZE):
        self.stop, self.size = stop, size
        self.words: dict[str, str] = {}  # a plain dict: the compiled word_counts reads it with C lookups

    def counts(self, tokens: list[str]) -> dict[str, int]:
        """{word: how many of `tokens` count as it} for the words of `tokens` ("" is none), in order of first use.
        Each distinct token's word is looked up once: the memo is large, and its lookups are most of the cost."""
        words = self._current()
        return word_counts(tokens, words, functools.partial(self._learnt, words), MIN_WORD_LENGTH)

    def _current(self) -> dict[str, str]:
        if len(self.words) > self.size:  # a new dict, not cleared: another thread may be reading this one
            self.words = {}
        return self.words

    def _learnt(self, words: dict[str, str], new: list[str]) -> list[str]:
        """The words of tokens `new`, none of them in `words`, added to `words`."""
        stop = self.stop
        learnt = [_signature_word(token, stem, stop) for token, stem in zip(new, stem_lines(new))]
        words.update(zip(new, learnt))
        return learnt


def word_counts(tokens: list[str], words: dict[str, str], learn,
                min_length: int = MIN_WORD_LENGTH) -> dict[str, int]:
    """{word: how many of `tokens` count as it}, in order of first use: each distinct token's word read from `words`
    once, those of the tokens it lacks given by learn(those tokens). A token that cannot be a word (_may_be_word:
    shorter than `min_length`, a number) counts as none and is not looked up. Where the build compiled the
    tokenizer, rasd/_token_split.pyx's loops run instead."""
    token_counts = collections.Counter(tokens)
    for token in [token for token in token_counts if not _may_be_word(token, min_length)]:
        del token_counts[token]
    found = list(map(words.get, token_counts))
    missing = [token for token, word in zip(token_counts, found) if word is None]
    if missing:
        learnt = dict(zip(missing, learn(missing)))
        found = [learnt[token] if word is None else word for token, word in zip(token_counts, found)]
    counts: dict[str, int] = {}
    for word, n in zip(found, token_counts.values()):
        if word:
            counts[word] = counts.get(word, 0) + n
    return counts


PYTHON_WORD_COUNTS = word_counts  # which tests compare with the compiled one

try:
    from ._token_split import signature_word_counts as word_counts  # noqa: F811
except ImportError:
    pass


def _signature_word(token: str, stem: str, stop: frozenset) -> str:
    """The word `token` (whose stem is `stem`) counts as: one that may be a word (_may_be_word), stopwords left out
    before and after their proclitics are stripped."""
    return stem if _may_be_word(token) and token not in stop and stem not in stop else ""


def signature(doc: Document) -> dict[str, int]:
    # A word's first token decides its place among ties. A stable sort is what most_common(n) returns
    # (heapq.nlargest, whose loop runs in Python), all in C.
    counts = _signature_words().counts(doc.tokens)
    ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)
    return dict(ranked[:max(0, settings.current().incidents.signature_size)])  # as most_common(n) for n < 0
