"""The knowledge a run works with, assembled from the layers below it: one automaton over every lexicon and the
gazetteer's place names (built once per settings)."""
from __future__ import annotations

from . import settings
from .gazetteer import place_rows
from .lexicon import LEXICONS, Lexicon, lexicon_rows


@settings.knowledge
def default_lexicon() -> Lexicon:
    return Lexicon(LEXICONS, rows_of=lambda name: place_rows() if name == "places" else lexicon_rows(name))
