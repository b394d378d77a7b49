"""Tag stage: one Aho-Corasick scan of the normalised text against every lexicon."""
from __future__ import annotations

from .document import Document
from .lexicon import Lexicon, default_lexicon


def tag(doc: Document, lexicon: Lexicon | None = None) -> None:
    lexicon = lexicon or default_lexicon()
    doc.matches = lexicon.scan(doc.text)
    for index, match in enumerate(doc.matches):
        first = doc.token_at(match.start)
        last = doc.token_at(match.end - 1)
        for tok in range(first, last + 1):
            doc.match_at_token.setdefault(tok, index)


def match_of(doc: Document, tok: int, lexicon: str):
    """(match, entry) of `lexicon` that starts at token `tok`, or (None, None)."""
    index = doc.match_at_token.get(tok)
    if index is None:
        return None, None
    match = doc.matches[index]
    if doc.token_at(match.start) != tok:
        return None, None
    entry = match.entry(lexicon)
    return (match, entry) if entry else (None, None)


def match_span(doc: Document, match) -> tuple[int, int]:
    """Token range [first, last + 1) a match covers."""
    return doc.token_at(match.start), doc.token_at(match.end - 1) + 1
