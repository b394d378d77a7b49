"""Exports that conflict-data tools read: ACLED-style CSV, GeoJSON of incidents, JSON Lines of claims."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from . import settings
from .lexicon import read_rows

ACLED_COLUMNS = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location", "latitude",
                 "longitude", "geo_precision", "time_precision", "source", "notes", "fatalities"]
SUB_EVENT = {"Battles": "Armed clash", "Explosions/Remote violence": "Remote explosive/landmine/IED",
             "Violence against civilians": "Attack", "Strategic developments": "Other", "Protests":
             "Peaceful protest", "Riots": "Violent demonstration"}
VOICES = {"outlet", "media", "anonymous", "officials", "witnesses", "medical", "sohr"}


@settings.knowledge
def _actor_names() -> dict[str, str]:
    return {row["id"]: row["name"] for row in read_rows("acled_actors")}


def fatalities(incident: dict) -> int:
    """ACLED's conservative rule: the lowest credible count of the killed, summed over the groups killed (parts
    of a figure — "بينهم ثلاثة أطفال" — are inside their whole and not added again)."""
    total = 0
    for figure in incident["figures"]:
        if figure["category"] == "killed" and figure["low"] is not None and not figure.get("part_only"):
            total += figure["low"]
    return total


PARTIES = {"isis", "sdf", "asayish", "coalition", "turkey", "syrian_government", "syrian_national_army", "hts",
           "taliban", "al_qaeda", "hamas", "hezbollah", "houthis", "al_shabaab", "pmf", "rsf", "sudanese_army",
           "police", "army", "soldiers", "militants", "fighters"}


def _actors(incident: dict) -> tuple[str, str]:
    """actor1: the side that attacked (an "attackers" figure), else the party that suffered least; actor2: the
    armed party on the other side, else civilians."""
    names = _actor_names()
    figures = sorted(incident["figures"], key=lambda f: -(f["low"] or 0))
    attackers = [f["subject"] for f in figures if f["category"] == "attackers"]
    hit = [f["subject"] for f in figures if f["category"] in ("killed", "wounded", "held", "arrested", "released")]
    parties = [s for s in hit if s in PARTIES and s not in attackers]
    actor1 = attackers[0] if attackers else (parties[-1] if len(parties) > 1 else "")
    actor2 = next((p for p in parties if p != actor1), next((s for s in hit if s != actor1), ""))
    return names.get(actor1, actor1), names.get(actor2, actor2)


def _time_precision(incident: dict) -> int:
    if not incident.get("start"):
        return 3
    if incident["start"] == incident.get("end"):
        return 1
    span = dt.date.fromisoformat(incident["end"]) - dt.date.fromisoformat(incident["start"])
    return 2 if span.days <= 7 else 3


def acled_rows(incidents: list[dict]) -> list[dict]:
    rows = []
    for incident in incidents:
        loc = incident.get("location") or {}
        actor1, actor2 = _actors(incident)
        figures = "; ".join(f"{f['category']} {f['subject']}: {f['low']}–{f['high']}" + (" (contested)" if f[
            "conflict"] else "") for f in incident["figures"])
        rows.append({
            "event_date": incident.get("start") or "", "event_type": incident["event_type"],
            "sub_event_type": SUB_EVENT.get(incident["event_type"], "Other"), "actor1": actor1, "actor2": actor2,
            "admin1": loc.get("admin1") or "", "location": loc.get("name") or "",
            "latitude": loc.get("lat") if loc.get("lat") is not None else "",
            "longitude": loc.get("lon") if loc.get("lon") is not None else "",
            "geo_precision": loc.get("geo_precision") or "", "time_precision": _time_precision(incident),
            "source": "; ".join(incident.get("outlets") or incident["docs"]),
            "notes": f"{incident['title']} [{incident['incident']}] {figures}".strip(),
            "fatalities": fatalities(incident)})
    return rows


def acled_csv(incidents: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in acled_rows(incidents))
    return buffer.getvalue()


def _cell(value):
    """A text cell that a spreadsheet would read as a formula (=, +, -, @ first) is quoted with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def geojson(incidents: list[dict]) -> str:
    features = []
    for incident in incidents:
        loc = incident.get("location") or {}
        if loc.get("lat") is None:
            continue
        properties = {k: incident[k] for k in ("incident", "title", "event_type", "start", "end", "docs")}
        properties.update(place=loc.get("name"), admin1=loc.get("admin1"), geo_precision=loc.get("geo_precision"),
                          fatalities=fatalities(incident), contested=any(f["conflict"] for f in incident["figures"]))
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
