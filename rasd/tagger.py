"""Tag stage: one Aho-Corasick scan of the normalised text against every lexicon."""
from __future__ import annotations

from .document import Document, match_span  # noqa: F401 - the stages' name for it
from .knowledge import default_lexicon
from .lexicon import Lexicon


def tag(doc: Document, lexicon: Lexicon | None = None) -> None:
    lexicon = lexicon or default_lexicon()
    doc.matches = lexicon.scan(doc.text, doc.tok_starts, doc.tok_ends)
    # Built backwards, so that where two matches share a token the first one wins.
    doc.match_at_token = {tok: index for index, match in reversed(list(enumerate(doc.matches)))
                          for tok in range(match.first, match.last + 1)}


def match_of(doc: Document, tok: int, lexicon: str):
    """(match, entry) of `lexicon` that starts at token `tok`, or (None, None)."""
    index = doc.match_at_token.get(tok)
    if index is None:
        return None, None
    match = doc.matches[index]
    if match.first != tok:
        return None, None
    entry = match.entry(lexicon)
    return (match, entry) if entry else (None, None)


