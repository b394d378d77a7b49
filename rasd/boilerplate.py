"""The lines outlets put inside an article's body that are not the article («اقرأ أيضا», a share bar, a
copyright line: rasd/data/boilerplate.tsv): knowledge that the HTML extraction, the links stage and the headlines
read, below them all."""
from __future__ import annotations

from . import settings
from .lexicon import read_rows
from .normalize import normalize_term


@settings.knowledge
def boilerplate_terms() -> tuple:
    """(normalised term, match) of each boilerplate.tsv row."""
    rows = read_rows("boilerplate")
    return tuple((normalize_term(r["term"]), r["match"]) for r in rows)


def is_boilerplate(line: str) -> bool:
    """A line to drop; a links line stays, so that rasd/links.py blanks it with the headlines under it."""
    norm = normalize_term(line.strip())
    for term, how in boilerplate_terms():
        if how == "prefix" and norm.startswith(term) or how == "line" and norm == term:
            return True
        if how == "contains" and term in norm:
            return True
    return False
