"""Tag stage: the normalised text and its words matched against every lexicon (rasd/lexicon.py Lexicon.scan)."""
from __future__ import annotations

from .document import Document
from .knowledge import default_lexicon
from .lexicon import Lexicon
from .match_loops import match_at_token


def tag(doc: Document, lexicon: Lexicon | None = None) -> None:
    lexicon = lexicon or default_lexicon()
    doc.matches = matches = lexicon.scan(doc.text, doc.tok_starts, doc.tok_ends, doc.tokens)
    doc.match_at_token = match_at_token(matches)
