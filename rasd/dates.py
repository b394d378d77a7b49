"""Dates stage (first version): the publication date from metadata, else the latest full date written in the text
(day, month name, year); claims are dated to the publication day until relative dates are resolved."""
from __future__ import annotations

import datetime as dt

from .document import Document


def resolve_dates(doc: Document) -> None:
    if doc.published is None:
        inferred = _latest_full_date(doc)
        if inferred:
            doc.published, doc.published_inferred = inferred, True


def _latest_full_date(doc: Document) -> str | None:
    from .tagger import match_of, match_span
    found = []
    for index, match in enumerate(doc.matches):
        month = match.entry("months")
        if month is None or month["calendar"] != "gregorian":
            continue
        first, end = match_span(doc, match)
        day = _digits_before(doc, first)
        year = _year_after(doc, end)
        if day and year:
            try:
                found.append(dt.date(year, int(month["month"]), day))
            except ValueError:
                continue
    return max(found).isoformat() if found else None


def _digits_before(doc, tok):
    for t in (tok - 1, tok - 2):
        if t >= 0 and doc.tokens[t].isdigit() and 1 <= int(doc.tokens[t]) <= 31:
            return int(doc.tokens[t])
        if t >= 0 and doc.tokens[t] not in ("من", "/", "-"):
            break
    return None


def _year_after(doc, tok):
    for t in range(tok, min(tok + 5, len(doc.tokens))):
        token = doc.tokens[t]
        if token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100:
            return int(token)
    return None
