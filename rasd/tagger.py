"""Tag stage: the normalised text and its words matched against every lexicon (rasd/lexicon.py Lexicon.scan)."""
from __future__ import annotations

from itertools import compress, count
from operator import itemgetter, lt

from .document import Document
from .knowledge import default_lexicon
from .lexicon import Lexicon


def tag(doc: Document, lexicon: Lexicon | None = None) -> None:
    lexicon = lexicon or default_lexicon()
    doc.matches = matches = lexicon.scan(doc.text, doc.tok_starts, doc.tok_ends, doc.tokens)
    doc.match_at_token = _match_at_token(matches)


_FIRST_TOKEN, _LAST_TOKEN = itemgetter(4), itemgetter(5)  # Match.first and Match.last, read as a tuple's (cheaper)


def _match_at_token(matches) -> dict:
    """{token: index of the first match that covers it}. Most matches are one word: their first tokens are mapped in
    C (built backwards, so that where two matches share a token the first one wins), then the longer ones fill in
    the tokens after their first."""
    firsts, lasts = list(map(_FIRST_TOKEN, matches)), list(map(_LAST_TOKEN, matches))
    at = dict(zip(reversed(firsts), range(len(matches) - 1, -1, -1)))
    for index in compress(count(), map(lt, firsts, lasts)):
        for tok in range(firsts[index] + 1, lasts[index] + 1):
            if at.get(tok, index) >= index:
                at[tok] = index
    return at
