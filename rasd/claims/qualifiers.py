"""The qualifier of a figure: from a vague quantity, a range, or a hedge before or after it."""
from __future__ import annotations

from .. import settings
from ..lexicon import AFFIXES, PROCLITICS
from ..view import View

_BI = PROCLITICS["bi"]  # ب, joined to the number or written apart (بـ 150)
_WA = PROCLITICS["wa"]  # و on a number: the next item of a list
_VERB_PROCLITICS = ("",) + AFFIXES["conjunction"]  # و، ف before a verb; never a preposition or the article


def qualifier(view: View, m, counted) -> tuple[str, int | None, int | None]:
    """(qualifier, first token, end token) of the hedge, if any."""
    if m.vagueness != "exact":
        return m.vagueness, None, None
    if m.upper is not None:
        return "at_least", None, None  # a range: at least the lower bound, value_max the upper
    before = _hedge_before(view, m)
    if before:
        return before
    after = _hedge_after(view, m, counted)
    if after:
        return after
    estimate = _estimate(view, m)
    if estimate:
        return estimate
    return "exact", None, None


def _hedge_before(view, m):
    tok = view.prev_word(m.tok_start)
    for distance in range(3):
        if tok is None:
            return None
        hit = _hedge_ending_at(view, tok)
        if hit and (hit.entry["position"] == "before" and (distance == 0 or hit.entry["qualifier"] == "approx")
                    or hit.entry["position"] == "either" and distance == 0 and _adjoins(view, hit, m)):
            return hit.entry["qualifier"], hit.first, hit.end
        tok = view.prev_word(tok)
    return None


def _hedge_after(view, m, counted):
    end = max(m.tok_end, counted.end)
    for tok in view.tagged_in(m.tok_end, min(end + 4, len(view.tokens))):  # a hedge and a predicate are hits
        hits = view.hits_at(tok)
        hit = hits.get("hedges")
        if hit and hit.entry["position"] in ("after", "either"):
            return hit.entry["qualifier"], hit.first, hit.end
        if hits.get("predicates") and tok >= end:
            return None
    return None


def _estimate(view, m):
    """قدّرت المصادر عدد النازحين بنحو… / يقدر عدد X بـ N: an estimate verb far before a number marked with ب."""
    number_hit = view.get(m.tok_start, "numbers")
    marked = view.word(m.tok_start - 1) == _BI or (number_hit is not None and number_hit.match.prefix == _BI)
    if not marked:
        return None
    sentence = view.doc.sentence_of(m.tok_start)
    for tok in range(m.tok_start - 1, max(sentence.tok_start, m.tok_start - 30) - 1, -1):
        if view.word_distance(tok, m.tok_start) > settings.current().claims.estimate_window:
            break
        hit = view.get(tok, "hedges")
        if hit and hit.entry["qualifier"] == "approx":
            return "approx", hit.first, hit.end
        estimate = view.get(tok, "estimates")  # قدرت، يقدر، وقدروا; not قدرة، قدرات (ability), بقدر ما
        if estimate is not None and estimate.match.prefix in _VERB_PROCLITICS:
            return "approx", tok, tok + 1
    return None


def _adjoins(view, hit, m) -> bool:
    """Does the hedge stand right before the number (only a space between, no «و» on the number) and after no figure
    of its own? «قتل 20 شخصا على الأقل، 5 منهم أطفال»، «قتل 20 شخصا على الأقل 5 منهم» and «قتل مقاتلان على الأقل
    وخمسة» hedge the figure before."""
    doc = view.doc
    number = view.get(m.tok_start, "numbers")
    joined = number is not None and number.match is not None and number.match.prefix.startswith(_WA)
    before = view.prev_word(hit.first)
    after_a_figure = before is not None and (view.get(before, "nouns") is not None
                                             or view.number_ending_at(before) is not None)
    return not joined and not after_a_figure \
        and not doc.text[doc.tok_ends[hit.end - 1]:doc.tok_starts[m.tok_start]].strip()


def _hedge_ending_at(view, tok):
    lo = max(tok - 4, 0)
    if view.first_start("hedges", lo, tok + 1) is None:
        return None  # no hedge starts near: most words
    for first in reversed(view.tagged_in(lo, tok + 1)):
        hit = view.get(first, "hedges")
        if hit and hit.end == tok + 1:
            return hit
    return None
