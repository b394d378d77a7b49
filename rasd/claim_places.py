"""Claim places stage: the place each figure is told of. Arabic tells the figure, then its event, then «في» and the
place («قتل عشرة مقاتلين في مواجهات في الحسكة»), so the place is the one named nearest after the figure within its
own clause (a roundup joins its items with «فيما», «بينما»: rasd/data/clause_breaks.tsv), else the most specific
before it. A clause that names no place finer than a country leaves the figure to another telling of it: the lead's
«قتل عشرة مقاتلين … في شرق سوريا» is the «10 قتلى في الحسكة» of the body."""
from __future__ import annotations

import bisect

from .view import view_of

COARSE = frozenset({"country"})  # a place that says nothing finer than the state's


def place_claims(doc) -> None:
    """Set each claim's `place`: the index in doc.places of the mention that says where it happened, or None."""
    view = view_of(doc)
    clauses: dict[int, tuple] = {}  # id(claim) -> _figure_clause: a claim is looked at up to three times
    for claim in doc.claims:
        claim.place = _own_place(doc, view, claim, fine=True, clauses=clauses)
    coarse = [index for index, claim in enumerate(doc.claims) if claim.place is None]
    if coarse:
        _place_from_other_tellings(doc, view, coarse, clauses)
    for index in coarse:
        if doc.claims[index].place is None:
            doc.claims[index].place = _own_place(doc, view, doc.claims[index], fine=False, clauses=clauses)


def _place_from_other_tellings(doc, view, coarse: list[int], clauses: dict) -> None:
    """A figure whose clause names no town takes the place of another telling of it that does: a repeat of it (the
    headline's, the body's) or a claim of the same category, subject and value."""
    repeats: dict[int, list] = {}
    for told, kept in doc.repeats:
        repeats.setdefault(kept, []).append(told)
    placed: dict[tuple, int] = {}
    for claim in doc.claims:
        if claim.place is not None:
            placed.setdefault((claim.category, claim.subject, claim.value), claim.place)
    for index in coarse:
        claim = doc.claims[index]
        found = (_own_place(doc, view, told, fine=True, clauses=clauses) for told in repeats.get(index, ()))
        claim.place = next((place for place in found if place is not None),
                           placed.get((claim.category, claim.subject, claim.value)))


def _own_place(doc, view, claim, fine: bool, clauses: dict) -> int | None:
    """The place named nearest after the figure in its clause, else the most specific before it: of places finer
    than a country (fine), or of countries. `clauses` keeps each claim's _figure_clause."""
    found = clauses.get(id(claim))
    if found is None:
        found = clauses[id(claim)] = _figure_clause(doc, view, claim)
    first, start, end = found
    toks, places = view.place_toks, doc.places  # sorted: the places stage records mentions in text order
    candidates = [(i, places[i]) for i in range(bisect.bisect_left(toks, start), bisect.bisect_left(toks, end))
                  if places[i].weight >= 1.0 and (places[i].place.feature in COARSE) != fine]
    after = [(m.tok, i) for i, m in candidates if m.tok >= first]
    if after:
        return min(after)[1]
    # a place before the figure is its clause's topic («في حمص، قتل ثلاثة»): the most specific, the first of equals
    return max(candidates, key=lambda c: (c[1].place.specificity, c[1].weight, -c[1].tok))[0] if candidates else None


def _figure_clause(doc, view, claim) -> tuple[int, int, int]:
    """(the figure's first token, the token range of its clause)."""
    first, last = doc.token_at(claim.start), doc.token_at(max(claim.start, claim.end - 1))
    sentence = doc.sentence_of(first)
    return (first, *_clause(view, sentence.tok_start, sentence.tok_end, first, last))


def _clause(view, sentence_start: int, sentence_end: int, first: int, last: int) -> tuple[int, int]:
    """The token range of the clause around a figure's tokens [first, last], within its sentence."""
    breaks = view.place_clause_breaks
    before = bisect.bisect_left(breaks, first) - 1
    after = bisect.bisect_right(breaks, last)
    start = breaks[before] if before >= 0 and breaks[before] >= sentence_start else sentence_start
    end = breaks[after] if after < len(breaks) and breaks[after] < sentence_end else sentence_end
    return _within_aside(view.aside_marks, start, end, first, last)


def _within_aside(marks: list[int], start: int, end: int, first: int, last: int) -> tuple[int, int]:
    """A figure between two dashes of its clause is told in an aside («وقال سامر – وهو أحد الجرحى الثلاثة – إن القصف
    الذي طال حي الوعر توقف»): the aside is its clause. One dash alone joins two names (طريق تدمر – دير
    الزور) or follows a dateline, and bounds nothing."""
    before = bisect.bisect_left(marks, first) - 1
    after = bisect.bisect_right(marks, last)
    if before >= 0 and after < len(marks) and start <= marks[before] and marks[after] < end:
        return marks[before], marks[after]
    return start, end


def lead_place(doc) -> int | None:
    """The index in doc.places of where the lead (the headline and first sentences) says the story happened: its
    first place finer than a country, else its first country; figures whose clause names no place are told of it."""
    lead_end = doc.lead_end()
    lead = [(i, m) for i, m in enumerate(doc.places) if m.tok < lead_end and m.weight >= 1.0]
    fine = [i for i, m in lead if m.place.feature not in COARSE]
    return (fine or [i for i, _ in lead] or [None])[0]
