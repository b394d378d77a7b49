"""Tag stage: one Aho-Corasick scan of the normalised text against every lexicon."""
from __future__ import annotations

from .document import Document
from .knowledge import default_lexicon
from .lexicon import Lexicon


def tag(doc: Document, lexicon: Lexicon | None = None) -> None:
    lexicon = lexicon or default_lexicon()
    doc.matches = lexicon.scan(doc.text, doc.tok_starts, doc.tok_ends)
    # Built backwards, so that where two matches share a token the first one wins.
    doc.match_at_token = {tok: index for index, match in reversed(list(enumerate(doc.matches)))
                          for tok in range(match.first, match.last + 1)}
