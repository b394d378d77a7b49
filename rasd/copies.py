"""Copies: documents that are copies or light rewrites of one another (one wire story carried by several outlets, a
page saved twice) are found in near-linear time and kept as one report with its copies listed.

Each document's text is reduced in the per-document stage to a MinHash of its word shingles (rensa's RMinHash,
in the workers); the cross-document stage indexes them in rensa's MinHash LSH and, in input order, takes each
document whose estimated Jaccard similarity with an earlier one reaches the settings' copies.threshold as a copy of
that earlier one's original. A copy's claims are kept (with their incident) but count once: a claim its original
also makes is marked as carried, not counted again, and the incident stage does no pairwise work among copies."""
from __future__ import annotations

import datetime as dt
from itertools import compress

from . import settings
from .view import token_word_flags

SEED = 20130101  # fixed, so that fingerprints of different runs and processes compare


def fingerprint(doc) -> bytes | None:
    """The MinHash of the shingles of a tokenised document's words and numbers (a rewrite that changes a figure is
    still a rewrite), in rensa's own state format (it travels in the cache and between processes); None for a text
    too short to tell a copy from a coincidence."""
    from rensa import RMinHash
    tuning = settings.current().copies
    words = _counted_words(doc)
    if len(words) < tuning.min_words:
        return None
    n = tuning.shingle_words
    minhash = RMinHash(tuning.permutations, SEED)
    minhash.update(word_shingles(words, n))
    return minhash.__getstate__()


def word_shingles(words: list[str], n: int) -> list[bytes]:
    """Each n words in a row, from each word on while n are left, joined by a space, as UTF-8 (rensa hashes a str as
    its UTF-8 bytes: each word is encoded once, not once in each of its n shingles). The loops run in C (zip stops
    at the last whole shingle); where the build compiled the tokenizer, rasd/_token_split.pyx makes each shingle at
    once."""
    encoded = list(map(str.encode, words))
    return list(map(b" ".join, zip(*(encoded[i:] for i in range(n)))))


PYTHON_WORD_SHINGLES = word_shingles  # which tests compare with the compiled one

try:
    from ._token_split import word_shingles  # noqa: F811
except ImportError:
    pass


def _counted_words(doc) -> list[str]:
    """The document's words and numbers, in order (one mark is no word): its View's word flags when the pipeline
    built one, else the same flags worked out here (for any object with tokens, as signature() reads)."""
    view = getattr(doc, "view", None)
    flags = view.word_flags if view is not None and view.tokens is doc.tokens else token_word_flags(doc.tokens)
    return list(compress(doc.tokens, flags))


def find_copies(fingerprints: list[tuple]) -> dict[str, str]:
    """{copy's id: its original's id} for (document id, fingerprint[, publication day]) tuples in input order: the
    original is the first document of a set of copies. Two texts alike but published more than the settings'
    max_gap_days apart are not copies (a statement that repeats its wording week after week is news each week): the
    known days of a set of copies, its original's and its copies', lie within max_gap_days of each other (an
    undated original took copies months apart, which then joined one incident). A text whose LSH candidates close
    enough in time to take it are already the settings' copies.crowded originals or more, and is a copy of none,
    becomes no original for later texts: rewrites of one story just below the threshold (each a new original in the
    same buckets) made every later text meet every earlier one. A later copy of it is then a copy of another
    original or none. (A story rewritten each day from a template gathers originals over months, but only a week's
    can take a text: counting them all, a template's copies went unfound after a hundred days.)"""
    from rensa import RMinHashLSH
    tuning = settings.current().copies
    index = RMinHashLSH(tuning.threshold, tuning.permutations, tuning.bands)
    originals: list[tuple[str, object]] = []  # by LSH key
    spans: list[tuple[dt.date, dt.date] | None] = []  # by LSH key: the first and last known day of its set
    copy_of: dict[str, str] = {}
    for doc_id, data, *published in fingerprints:
        if data is None:
            continue
        minhash, day = _minhash(data), _day(published[0] if published else None)
        candidates = [key for key in index.query(minhash) if _close(day, spans[key])]  # those it may join
        best = max(((minhash.jaccard(originals[key][1]), key) for key in candidates), default=None)
        if best is not None and best[0] >= tuning.threshold:
            copy_of[doc_id] = originals[best[1]][0]
            spans[best[1]] = _with(spans[best[1]], day)
            continue
        if len(candidates) >= tuning.crowded:
            continue
        index.insert(len(originals), minhash)
        originals.append((doc_id, minhash))
        spans.append(_with(None, day))
    return copy_of


def _day(published: str | None) -> dt.date | None:
    return dt.date.fromisoformat(published) if published else None


def _close(day: dt.date | None, span: tuple[dt.date, dt.date] | None) -> bool:
    """May a document of `day` join a set of copies whose known days span `span`: all within max_gap_days?"""
    return day is None or span is None or (max(span[1], day) - min(span[0], day)).days <= settings.current().max_gap_days


def _with(span: tuple[dt.date, dt.date] | None, day: dt.date | None) -> tuple[dt.date, dt.date] | None:
    if day is None:
        return span
    return (day, day) if span is None else (min(span[0], day), max(span[1], day))


def _minhash(state: bytes):
    """The MinHash a fingerprint holds (rensa parses its own format only: no pickle)."""
    from rensa import RMinHash
    minhash = RMinHash(settings.current().copies.permutations, SEED)
    minhash.__setstate__(state)
    return minhash
