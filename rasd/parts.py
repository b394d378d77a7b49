"""Parts of a document: an article that reports events in places far apart (a roundup: "وفي بغداد … وفي الموصل
…") is split into one part per place, so that each event can join its own incident. The place of a figure is the
most specific place named in its sentence; a figure with none stays with the part before it."""
from __future__ import annotations

import dataclasses

from . import settings
from .gazetteer import gazetteer, km
from .records import ReportUnit


def split_reports(unit: ReportUnit) -> list[ReportUnit]:
    """The unit itself when it reports one place, else one unit per place (DOC@1, DOC@2 …) with its figures and
    the place mentions of their sentences."""
    gaz = gazetteer()
    by_sentence: dict = {}
    for place_id, sentence, weight in unit.places:
        by_sentence.setdefault(sentence, []).append((gaz.places[place_id], weight))
    parts: list[dict] = []  # {"anchor": Place | None, "claims": [...], "sentences": set()}
    current = None
    for claim in unit.claims:
        sentence = unit.claim(claim).sentence
        place = _place_of(by_sentence.get(sentence, []))
        if place is not None:
            current = next((p for p in parts if p["anchor"] is not None and _near(gaz, p["anchor"], place)), None)
            if current is None:
                if parts and parts[0]["anchor"] is None:  # figures before any place belong to the first one
                    parts[0]["anchor"] = place
                    current = parts[0]
                else:
                    current = {"anchor": place, "claims": [], "sentences": set()}
                    parts.append(current)
        elif current is None:
            current = parts[0] if parts else {"anchor": None, "claims": [], "sentences": set()}
            if not parts:
                parts.append(current)
        current["claims"].append(claim)
        current["sentences"].add(sentence)
    if len(parts) < 2:
        return [unit]
    return [dataclasses.replace(unit, id=f"{unit.id}@{index}", claims=part["claims"],
                                places=tuple(p for p in unit.places if p.sentence in part["sentences"]))
            for index, part in enumerate(parts, 1)]


def _place_of(mentions):
    """The place a figure's sentence says it happened: not where it was announced or where the wounded were taken
    (mentions weighted below 1)."""
    mentions = [m for m in mentions if m[1] >= 1.0]
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m[0].specificity, m[1]))[0]


def _near(gaz, a, b) -> bool:
    if a.id == b.id or gaz.contains(a, b) or gaz.contains(b, a):
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return True
    return km(a.lat, a.lon, b.lat, b.lon) <= settings.current().places.part_km  # else separate events
