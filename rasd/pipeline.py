"""The per-document pipeline: tokenize → tag → numbers → places (deferred) → outlet → framing → dates → claims →
claim places → claim dates → events and relevance, each stage a function of a Document."""
from __future__ import annotations

import gc
import time

from . import settings
from .claim_places import place_claims
from .claims import extract_claims
from .dates import date_claims, resolve_dates
from .document import Document, tokenize
from .events import find_events
from .geo import find_places
from .limits import check_time_limit
from .numbers import find_numbers
from .outlets import find_outlet, record_framing
from .tagger import tag


def defer_places(doc: Document) -> None:
    """The places stage, deferred: geo.find_places runs when a later stage first reads doc.places (the claims stage,
    for a figure's who and where, and the claim places; the features of a report that may form an incident). A
    report of other news that tells no figure needs none: a fifth of the news2013 stream's."""
    doc.place_finder = find_places


PLACES_STAGE = find_places.__name__  # the deferred stage's name in a benchmark's timings

STAGES = [tokenize, tag, find_numbers, defer_places, find_outlet, record_framing, resolve_dates, extract_claims,
          place_claims, date_claims, find_events]


def warm_up() -> None:
    """Build the lexicons and the gazetteer now (before forking workers, so they share them), then move every object
    alive to the collector's permanent generation: the cyclic GC would otherwise walk the lexicons' hundreds of
    thousands of objects again and again while documents are analysed."""
    from .gazetteer import gazetteer
    from .knowledge import default_lexicon
    global _warmed_for
    if _warmed_for is settings.current():
        return  # frozen once: a later freeze would keep the documents' garbage of every batch since for good
    default_lexicon()
    gazetteer()
    gc.freeze()
    _warmed_for = settings.current()


_warmed_for = None  # the settings whose knowledge warm_up last built and froze


def process(doc: Document, stages=STAGES, timings: dict | None = None) -> Document:
    """Run every stage on one document; a stage that fails marks the document failed instead of raising.
    With `timings`, each stage's seconds are added to timings[stage name] (for the benchmark: _StageTimer)."""
    if doc.status != "ok":
        return doc
    run = _run if timings is None else _StageTimer(timings)
    for stage in stages:
        check_time_limit()
        try:
            run(stage, doc)
        except MemoryError:  # the machine's state, not the document's: a later run tries it again
            failed_for_now(doc, f"in stage {stage.__name__}")
            break
        except Exception as e:  # one bad document must never stop a run: record and move on
            doc.status = "failed"
            doc.error = f"{doc.source or doc.doc_id}: internal error in stage {stage.__name__}: {type(e).__name__}: {e}"
            doc.claims = []
            break
    return doc


NOT_CACHED = "not cached: a rerun tries it again"  # said of a failure of the machine's, not the document's


def failed_for_now(doc: Document, where: str) -> None:
    """Fail the document for want of memory (`where`: "in stage tag", "while reading"): the machine's state, not
    the document's, which a later run tries again."""
    doc.failed_for_now = f"out of memory {where}; {NOT_CACHED}"
    doc.status, doc.claims = "failed", []
    doc.error = f"{doc.source or doc.doc_id}: {doc.failed_for_now}"


def _run(stage, doc: Document) -> None:
    stage(doc)


class _StageTimer:
    """Runs each stage timed into `timings` ({stage name: seconds}); the deferred places stage, wherever it runs,
    under its own name (find_places), not the stage's that first read the places."""

    def __init__(self, timings: dict):
        self.timings, self.deferred = timings, 0.0  # the places stage's seconds so far

    def __call__(self, stage, doc: Document) -> None:
        started, deferred_before = time.perf_counter(), self.deferred
        stage(doc)
        self._add(stage.__name__, time.perf_counter() - started - (self.deferred - deferred_before))
        if doc.place_finder is find_places:
            doc.place_finder = self.find_places

    def find_places(self, doc: Document) -> None:
        started = time.perf_counter()
        try:
            find_places(doc)
        finally:
            spent = time.perf_counter() - started
            self.deferred += spent
            self._add(PLACES_STAGE, spent)

    def _add(self, name: str, seconds: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + seconds
