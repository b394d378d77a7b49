"""The knowledge a run works with, assembled from the layers below it: one automaton over every lexicon and the
gazetteer's place names (built once per settings)."""
from __future__ import annotations

from . import settings
from .gazetteer import place_rows
from .lexicon import LEXICONS, Lexicon, lexicon_rows, read_rows


@settings.knowledge
def default_lexicon() -> Lexicon:
    return Lexicon(LEXICONS, rows_of=lambda name: place_rows() if name == "places" else lexicon_rows(name))


@settings.knowledge
def event_kinds() -> dict[str, dict]:
    """Each kind of event (events.tsv) with its ACLED type and sub-type and its relevance (event_kinds.tsv)."""
    return {row["kind"]: row for row in read_rows("event_kinds")}
