"""Claims stage: turn number mentions into claims — what is counted (category), who (subject), how many (value,
qualifier), who says so (claimed_by, via, skeptical) and the evidence span — and drop what is not a claim."""
from __future__ import annotations

from ..document import Document
from .attribution import attribute, speech_cues
from .counts import counted_noun, not_a_count
from .model import Claim, claim_interval
from .predicates import blocked_by_modality, find_predicate
from .qualifiers import qualifier
from .subjects import ARMED_CLASSES, subject
from .view import Hit, View, view_of

__all__ = ["Claim", "claim_interval", "extract_claims"]


def extract_claims(doc: Document) -> None:
    view = view_of(doc)
    cues = speech_cues(view)
    claims: list[Claim] = []
    seen: dict[tuple, int] = {}
    for mention in doc.numbers:
        claim = _claim_for(view, mention, cues, claims)
        if claim is None:
            continue
        key = (claim.category, claim.subject, claim.value, claim.qualifier)
        if key in seen:  # repeated mentions of one figure are one claim
            kept = seen[key]
            if claims[kept].claimed_by == "outlet" and claim.claimed_by != "outlet":
                claims[kept] = claim  # a headline repeats a figure that the body attributes
            continue
        seen[key] = len(claims)
        claims.append(claim)
    doc.claims = claims


def _claim_for(view: View, m, cues, earlier) -> Claim | None:
    if not_a_count(view, m):
        return None
    counted = counted_noun(view, m)
    if counted.nonperson:
        return None
    sentence = view.doc.sentence_of(m.tok_start)
    if _dangling_others(view, m, sentence, earlier):
        return None
    pred, side = find_predicate(view, m, counted, sentence)
    if pred is None:
        pred = _force_size(view, m, counted, sentence)
        if pred is None:
            return None
    elif blocked_by_modality(view, m, pred):
        return None
    elif side == "right" and counted.noun is None and counted.count_predicate is None and counted.end == m.tok_end:
        return None  # a predicate after the number needs a counted noun between ("عدد من أحيائها اعتقلت")
    qual, hedge_first, hedge_end = qualifier(view, m, counted)
    claimed_by, via, skeptical = attribute(cues, view, m, sentence)
    who = subject(view, m, counted, pred, (claimed_by, via), sentence, earlier)
    start_tok = min(t for t in (m.tok_start, pred.first, hedge_first) if t is not None)
    end_tok = max(t for t in (m.tok_end, counted.end, pred.end, hedge_end) if t is not None)
    value = m.value if m.vagueness == "exact" else None
    return Claim(pred.entry["category"], who, value, qual, claimed_by, view.doc.tok_starts[start_tok],
                 view.doc.tok_ends[end_tok - 1], via, skeptical, sentence.tok_start, upper=m.upper)


def _dangling_others(view, m, sentence, earlier):
    """"وإصابة آخرين" is a figure only beside one it is "other" to, right after its predicate."""
    number = view.get(m.tok_start, "numbers")
    if m.vagueness != "some" or number is None or number.entry["kind"] != "some_others":
        return False
    before = view.prev_word(m.tok_start)
    return not any(c.sentence == sentence.tok_start for c in earlier) or not view.get(before, "predicates")


def _force_size(view, m, counted, sentence) -> Hit | None:
    """A count of armed men with no event and no modality in its sentence is the force that attacked
    ("ويقدر عدد العناصر 150 عنصراً")."""
    if counted.noun is None or counted.noun["class"] not in ARMED_CLASSES or m.vagueness == "some":
        return None
    for tok in range(sentence.tok_start, sentence.tok_end):
        if view.get(tok, "modality") and view.kind(tok, "modality") != "idiom":
            return None
    return Hit(None, _ATTACKERS, m.tok_start, m.tok_end)


class _Attackers(dict):
    def get(self, key, default=None):
        return super().get(key, default)


_ATTACKERS = _Attackers(category="attackers", pos="count", needs="")
