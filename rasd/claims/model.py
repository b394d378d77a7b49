"""The claim record and the contract's intervals."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import VAGUE_INTERVALS


@dataclass
class Claim:
    category: str
    subject: str
    value: int | None
    qualifier: str
    claimed_by: str
    start: int                 # normalised span of the evidence
    end: int
    via: list = field(default_factory=list)
    skeptical: str | None = None
    sentence: int = 0          # first token of its sentence
    date: str | None = None    # the day it is told as of (its sentence's day, else the publication day)
    event_date: str | None = None  # the day of the event it counts, when the text tells it (else None)
    upper: int | None = None   # value_max of a range ("بين 30 و35")
    date_expr: int | None = None  # index of the date expression that dates it, in doc.dates
    part_of: int | None = None    # index of the claim it is a part of ("…، بينهم ثلاثة أطفال")
    total: bool = False           # a cumulative total ("ارتفع عدد القتلى إلى"، "الحصيلة"، "منذ بدء الهجوم")
    recalled: list | None = None  # [first, last] day of an earlier event its sentence recalls ("هجوم آذار الماضي")
    background: bool = False      # a total for a whole war or period ("منذ بدء النزاع"): not the story's figure
    added: bool = False           # more of them, added to an earlier count ("ضبط 4 جدد"): no update, no contradiction
    party: str | None = None      # whose people: a state's ISO alpha-3 code or an armed group's id
    role: str | None = None       # what they are: military, police, civilians, fighters …
    rule: str | None = None       # the rules that decided subject and party, for a reader
    place: int | None = None      # index in doc.places of where it happened (rasd/claim_places.py)

    @property
    def interval(self) -> tuple[int | None, int | None]:
        low, high = claim_interval(self.value, self.qualifier)
        return low, self.upper if self.upper is not None else high


def claim_interval(value, qualifier):
    """The contract's [min, max] for a value and qualifier (None = unbounded)."""
    if qualifier in VAGUE_INTERVALS:
        return VAGUE_INTERVALS[qualifier]
    if qualifier == "approx":
        return int(0.85 * value), -(-int(115 * value) // 100)
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "at_least":
        return value, None
    if qualifier == "less_than":
        return 0, max(value - 1, 0)
    return value, value


def sentence_tail(earlier: list, sentence_start: int) -> range:
    """Indices of the claims of `earlier` told in the sentence that starts at `sentence_start`. Figures come in
    text order, so they are the end of the list: found from the end, whatever the document's length."""
    first = len(earlier)
    while first > 0 and earlier[first - 1].sentence == sentence_start:
        first -= 1
    return range(first, len(earlier))


def lexicon_starts(view, lexicon: str, lo: int, hi: int):
    """The tokens in [lo, hi) where a hit of `lexicon` starts, in order: a walk over a sparse lexicon's words, not
    over every tagged token."""
    tok = view.first_start(lexicon, lo, hi)
    while tok is not None:
        yield tok
        tok = view.first_start(lexicon, tok + 1, hi)


def last_whole(claims: list) -> object | None:
    """The last claim that is not a part of another (…، بينهم ثلاثة أطفال)."""
    return next((c for c in reversed(claims) if c.part_of is None), None)
