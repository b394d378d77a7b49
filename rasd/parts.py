"""Parts of a document: an article that reports events in places far apart (a roundup: "وفي بغداد … وفي الموصل
…") is split into one part per place, so that each event can join its own incident. The place of a figure is the
most specific place named in its sentence; a figure with none stays with the part before it."""
from __future__ import annotations

import collections
import dataclasses

from . import settings
from .gazetteer import gazetteer, km
from .records import ReportUnit


def split_reports(unit: ReportUnit) -> list[ReportUnit]:
    """The unit itself when it reports one place, else one unit per place (DOC@1, DOC@2 …) with its figures and
    the place mentions of their sentences that lie by the part's place."""
    gaz = gazetteer()
    parts: list[dict] = []  # {"anchor": Place | None, "claims": [...], "sentences": set()}
    current = None
    if (lead := unit.lead_ref()) is not None:  # figures told of no place of their own are the lead's story's
        current = {"anchor": gaz.places[lead.place_id], "claims": [], "sentences": {lead.sentence}}
        parts.append(current)
    part_of: dict[str, dict] = {}  # by place id: its part, the first near it (earlier parts keep their anchors)
    for claim in unit.claims:
        place = _place_of(gaz, unit, claim)
        if place is not None and place.id in part_of:
            current = part_of[place.id]
        elif place is not None:
            current = next((p for p in parts if p["anchor"] is not None and _near(gaz, p["anchor"], place)), None)
            if current is None:
                if parts and parts[0]["anchor"] is None:  # figures before any place belong to the first one
                    parts[0]["anchor"] = place
                    current = parts[0]
                else:
                    current = {"anchor": place, "claims": [], "sentences": set()}
                    parts.append(current)
            part_of[place.id] = current
        elif current is None:
            current = parts[0] if parts else {"anchor": None, "claims": [], "sentences": set()}
            if not parts:
                parts.append(current)
        current["claims"].append(claim)
        current["sentences"].add(unit.claim(claim).sentence)
    parts = [p for p in parts if p["claims"]]
    if len(parts) < 2:
        return [unit]
    by_sentence = collections.defaultdict(list)  # the indexes of the place mentions of each sentence
    for index, mention in enumerate(unit.places):
        by_sentence[mention.sentence].append(index)
    return [dataclasses.replace(unit, id=f"{unit.id}@{index}", claims=part["claims"],
                                places=_places_by(gaz, unit, part, by_sentence))
            for index, part in enumerate(parts, 1)]


def _place_of(gaz, unit: ReportUnit, claim: dict):
    """The place a figure is told of (rasd/claim_places.py), or None."""
    index = unit.claim(claim).place
    return gaz.places[unit.features.places[index].place_id] if index is not None else None


def _places_by(gaz, unit: ReportUnit, part: dict, by_sentence: dict) -> tuple:
    """The place mentions of a part's sentences, in the unit's order (`by_sentence`: their indexes by sentence), but
    those of other parts' places: «بعد هجوم كابول … مقتل ثمانية أطفال في هجوم آخر خوست» places the part of Khost
    only."""
    anchor = part["anchor"]
    mentions = [unit.places[i] for i in sorted(i for s in part["sentences"] for i in by_sentence.get(s, ()))]
    if anchor is None:
        return tuple(mentions)
    return tuple(p for p in mentions if _by(gaz, anchor, gaz.places[p.place_id]))


def _by(gaz, anchor, place) -> bool:
    """Is `place` the part's: its anchor, inside it or near it (a state the anchor lies in says nothing more)?"""
    if place.feature == "country" and anchor.feature != "country":
        return False
    return _near(gaz, anchor, place)


def _near(gaz, a, b) -> bool:
    if a.id == b.id or gaz.contains(a, b) or gaz.contains(b, a):
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return True
    return km(a.lat, a.lon, b.lat, b.lon) <= settings.current().places.part_km  # else separate events
