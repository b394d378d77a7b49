"""Outlets and framing: who published a document (metadata, URL host, or the text's references to itself) and how
it frames the actors (the names it gives them, loaded words, doubt), recorded per document for the analyst."""
from __future__ import annotations

import collections
from urllib.parse import urlparse

from . import settings
from .view import view_of
from .document import Document
from .lexicon import read_rows
from .normalize import normalize_term

CITING = frozenset(normalize_term(row["term"].strip()) for row in read_rows("citing", user_folders=False))


@settings.knowledge
def voices() -> dict[str, str]:
    """Outlets that are a party to the story and the speaker id their own voice stands for (SOHR → sohr)."""
    return {row["outlet"]: row["voice"] for row in read_rows("outlets") if row.get("voice")}


@settings.knowledge
def _hosts() -> dict[str, str]:
    return {row["host"]: row["outlet"] for row in read_rows("outlets") if row["host"]}


def find_outlet(doc: Document) -> None:
    """Outlet stage: keep the metadata's outlet; else the URL host's; else the outlet the text calls its own."""
    if doc.outlet:
        return
    if doc.url:
        try:
            host = urlparse(doc.url).netloc.lower().removeprefix("www.")
        except ValueError:  # "http://[bad": no host to read
            host = ""
        for known, outlet in _hosts().items():
            if host == known or host.endswith("." + known):
                doc.outlet = outlet
                return
    votes = collections.Counter()
    view = view_of(doc)
    for hit in view.hits("outlets"):
        if _self_reference(view, hit):
            votes[hit.entry["outlet"]] += 1
    if votes:
        doc.outlet = votes.most_common(1)[0][0]


def _self_reference(view, hit) -> bool:
    before = view.prev_word(hit.first)
    marker_before = view.kind(before, "outlet_markers", "position") == "before" if before is not None else False
    after = view.next_word(hit.end)
    marker_after = view.kind(after, "outlet_markers", "position") == "after" if after is not None else False
    if view.word(before) in CITING:
        return False
    return marker_before or marker_after or _in_dateline(view, hit)


def _in_dateline(view, hit) -> bool:
    """دير الزور – شبكة الفرات اليوم – الثلاثاء 14 آذار 2023: an outlet named in a byline near the top."""
    text, start = view.doc.text, view.doc.tok_starts[hit.first]
    if start > 400:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if line.strip() == text[start:view.doc.tok_ends[hit.end - 1]].strip():
        return True  # the outlet's name alone on a line at the top: a byline
    return ("–" in line or " - " in line) and len(line.split()) <= 12


def record_framing(doc: Document) -> None:
    """Framing stage: the names the document gives each actor, its loaded words and its doubt markers."""
    view = view_of(doc)
    names: dict[str, set] = collections.defaultdict(set)
    loaded: dict[str, set] = collections.defaultdict(set)
    for actor in view.hits("actors"):
        if actor.entry["kind"] == "group":
            names[actor.entry["id"]].add(actor.entry.term)
    for word in view.hits("framing"):
        loaded[word.entry["kind"]].add(word.entry.term)
    doc.framing = {"actor_names": {k: sorted(v) for k, v in sorted(names.items())},
                   **{k: sorted(v) for k, v in sorted(loaded.items())}}
