"""Lists of links to other articles inside a body text («اقرأ أيضًا» and the headlines under it): not the article.

Outlets put the headlines of other stories in the middle of a body («اقرأ أيضًا\\nمقتل 3 في انفجار …\\n…»); read
as the article's own, their figures, places and events join the wrong incident. A line that boilerplate.tsv marks as
`links` and the headline lines right after it (at most Settings.link_headlines lines, each with no closing
punctuation and at most Settings.link_headline_words words) are blanked in the normalised copy: their characters
become spaces, so every offset still maps to the original and nothing later reads them.
"""
from __future__ import annotations

import dataclasses
import re

from . import settings
from .boilerplate import boilerplate_terms
from .normalize import NormalizedText

_NOT_SPACE = re.compile(r"\S")


@settings.knowledge
def _link_markers() -> frozenset:
    return frozenset(term.strip() for term, how in boilerplate_terms() if how == "links")


def blank_link_lists(norm: NormalizedText, closing: tuple[str, ...]) -> NormalizedText:
    """`norm` with each list of links blanked (the same length, the same offset map). closing: the marks that end a
    line of the body (a headline ends with none of them)."""
    markers = _link_markers()
    text = norm.text
    if not any(marker in text for marker in markers):
        return norm
    lines = text.split("\n")
    blank = [False] * len(lines)
    for index, line in enumerate(lines):
        if line.strip().rstrip(":").strip() in markers:
            blank[index] = True
            for after in range(index + 1, min(index + 1 + settings.current().link_headlines, len(lines))):
                if not _reads_as_headline(lines[after], closing):
                    break
                blank[after] = True
    if not any(blank):
        return norm
    kept = [_NOT_SPACE.sub(" ", line) if blank[i] else line for i, line in enumerate(lines)]
    return dataclasses.replace(norm, text="\n".join(kept))


def _reads_as_headline(line: str, closing: tuple[str, ...]) -> bool:
    words = line.split()
    return 0 < len(words) <= settings.current().link_headline_words and not line.rstrip().endswith(closing)
