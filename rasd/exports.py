"""Exports that conflict-data tools read: ACLED-style CSV, GeoJSON of incidents, JSON Lines of claims."""
from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import json
import zlib

from . import settings
from .knowledge import parties
from .lexicon import read_rows

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]  # ACLED's 31 columns, in its order
CSV_COLUMNS = ACLED_COLUMNS + ["review_state"]  # and Rasd's: what analysts made of the row (rasd/review.py)
SUB_EVENT = {"Battles": "Armed clash", "Explosions/Remote violence": "Remote explosive/landmine/IED",
             "Violence against civilians": "Attack", "Strategic developments": "Other", "Protests":
             "Peaceful protest", "Riots": "Violent demonstration"}
DISORDER = {"Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
# ACLED's actor types: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
# 6 protesters, 7 civilians, 8 external/other forces
INTER_OF_SECTOR = {"state": 1, "nonstate": 2, "international": 8}
STATE_FORCE = {"military": "Military Forces", "police": "Police Forces", "security": "Security Forces",
               "officials": "Government", "peacekeepers": "Military Forces"}


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


@settings.knowledge
def _states() -> dict[str, dict]:
    """ISO alpha-3 and alpha-2 codes to the state's numeric code, English name and ACLED region."""
    rows = read_rows("country_codes")
    return {**{r["iso3"]: r for r in rows}, **{r["iso2"]: r for r in rows}}


def _sides(incident: dict) -> list[dict]:
    """The people of each figure: category, subject, party, role and lowest count (from the claims matrix)."""
    sides = []
    for row in (incident.get("matrix") or {}).get("rows", []):
        cell = next((c for cells in row["cells"].values() for c in cells), {})
        figure = next((f for f in incident["figures"] if (f["category"], f["subject"]) ==
                       (row["category"], row["subject"])), {})
        sides.append({"category": row["category"], "subject": row["subject"], "party": cell.get("party"),
                      "role": cell.get("role"), "low": figure.get("low") or 0})
    return sorted(sides, key=lambda s: -s["low"])


def _actor(side: dict | None, country: dict | None) -> tuple[str, int | str]:
    """(ACLED-style actor name, inter code) of a side."""
    if side is None:
        return "", ""
    party, role = side.get("party"), side.get("role")
    place = (_states().get(party) or country or {}).get("name_en", "")
    if role in CIVILIAN_ROLES and (party in _states() or party in (None, "none", "unknown")):
        return (f"Civilians ({place})" if place else "Civilians"), 7
    if party in _states():
        return f"{STATE_FORCE.get(role, 'Military Forces')} of {place}", 1
    group = parties().get(party or side["subject"])
    if group:  # ACLED's own name for it when acled_actors.tsv has one
        name = _actor_names().get(party) or _actor_names().get(side["subject"]) or group["name_en"]
        return name, INTER_OF_SECTOR.get(group["sector"], "")
    names = _actor_names()
    name = names.get(side["subject"], side["subject"])
    return (name, 2 if role == "fighters" else "") if name else ("", "")


def _actors(incident: dict, country: dict | None) -> tuple[tuple, tuple]:
    """((actor1, inter1), (actor2, inter2)): the side that attacked (an "attackers" figure, else the party its events
    name as acting: «هجوم شنه مسلحو حركة الشباب»), the crowd of a protest or riot, else the armed side that suffered
    least; and the side acted upon, civilians when they are counted."""
    sides = _sides(incident)
    hit = [s for s in sides if s["category"] in ("killed", "wounded", "held", "arrested", "released", "casualties")]
    attackers = [s for s in sides if s["category"] == "attackers"]
    place = (country or {}).get("name_en", "")
    agents = collections.Counter(e["actor1"]["party"] for e in incident.get("events") or []
                                 if e.get("actor1") and e["actor1"].get("party"))
    if attackers:
        first = _actor(attackers[0], country)
    elif agents and incident["event_type"] in VIOLENT_TYPES:  # the side its events name as acting
        party = agents.most_common(1)[0][0]
        first = _actor({"party": party, "subject": party, "role": parties().get(party, {}).get("role")}, country)
    elif incident["event_type"] in ("Protests", "Riots"):
        crowd = "Protesters" if incident["event_type"] == "Protests" else "Rioters"
        first = (f"{crowd} ({place})" if place else crowd, 6 if crowd == "Protesters" else 5)
    else:
        armed = [s for s in hit if s["role"] not in CIVILIAN_ROLES]
        first = _actor(armed[-1], country) if len(armed) > 1 else ("", "")
    if not first[0] and incident["event_type"] in VIOLENT_TYPES:
        first = (f"Unidentified Armed Group ({place})" if place else "Unidentified Armed Group", 3)  # ACLED's
    if incident["event_type"] == "Battles":  # the other armed side first: a battle is fought with it
        hit = sorted(hit, key=lambda s: s["role"] in CIVILIAN_ROLES)
    second = next((a for a in (_actor(s, country) for s in hit) if a[0] and a[0] != first[0]), ("", ""))
    return first, second


VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
CIVILIAN_ROLES = frozenset({"civilians", "minors", "journalists", "aid_workers", "staff", "foreigners", "refugees",
                            "detainees"})


def _event_side(side: dict | None, country: dict | None) -> str:
    """The ACLED-style name of an event mention's side that names a party ("" when it names only a role)."""
    if not side or not side.get("party"):
        return ""
    party = side["party"]
    row = parties().get(party) or {}
    if row.get("sector") == "state" and not row.get("party") and country:  # «الجيش»: the army of the article's state
        party = country.get("iso3") or party
    return _actor({"party": party, "subject": side["party"], "role": side.get("role") or row.get("role")}, country)[0]


def _interaction(inter1, inter2) -> str:
    codes = sorted(str(c) for c in (inter1, inter2) if c != "")
    return "".join(codes) if len(codes) == 2 else (codes[0] + "0" if codes else "")


def _event_id(incident: dict, country: dict | None) -> str:
    """ACLED's country code and a number, stable across runs (from the incident's id)."""
    prefix = (country or {}).get("iso3", "xxx").upper()
    return f"{prefix}{zlib.crc32(incident['incident'].encode())}"


def _time_precision(incident: dict) -> int:
    """ACLED's: 1 the day is known, 2 the week, 3 only the month or less."""
    if not incident.get("start"):
        return 3
    if incident["start"] == incident.get("end"):
        return 1
    span = dt.date.fromisoformat(incident["end"]) - dt.date.fromisoformat(incident["start"])
    return 2 if span.days <= 7 else 3


def _timestamp(incident: dict) -> int | str:
    """The day of the last report, as a Unix time (the same across runs of the same corpus)."""
    last = incident.get("end") or incident.get("start")
    if not last:
        return ""
    return int(dt.datetime.combine(dt.date.fromisoformat(last), dt.time(), dt.timezone.utc).timestamp())


def acled_rows(incidents: list[dict]) -> list[dict]:
    rows = []
    for incident in incidents:
        loc = incident.get("location") or {}
        country = _states().get(loc.get("country") or "")
        (actor1, inter1), (actor2, inter2) = _actors(incident, country)
        figures = "; ".join(f"{f['category']} {f['subject']}: {f['low']}–{f['high']}" + (" (contested)" if f[
            "conflict"] else "") for f in incident["figures"])
        event_type = incident["event_type"]
        rows.append({
            "event_id_cnty": _event_id(incident, country), "event_date": incident.get("start") or "",
            "year": (incident.get("start") or "")[:4], "time_precision": _time_precision(incident),
            "disorder_type": DISORDER.get(event_type, "Political violence"), "event_type": event_type,
            "sub_event_type": incident.get("sub_event_type") or SUB_EVENT.get(event_type, "Other"),
            "actor1": actor1, "assoc_actor_1": "", "inter1": inter1, "actor2": actor2, "assoc_actor_2": "",
            "inter2": inter2, "interaction": _interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
            "iso": (country or {}).get("numeric", ""), "region": (country or {}).get("region", ""),
            "country": (country or {}).get("name_en", ""), "admin1": loc.get("admin1") or "", "admin2": "",
            "admin3": "", "location": loc.get("name") or "",
            "latitude": loc.get("lat") if loc.get("lat") is not None else "",
            "longitude": loc.get("lon") if loc.get("lon") is not None else "",
            "geo_precision": loc.get("geo_precision") or "",
            "source": "; ".join(incident.get("outlets") or incident["docs"]),
            "source_scale": "Other",
            "notes": f"{incident['title']} [{incident['incident']}] {figures}".strip(),
            "fatalities": fatalities(incident),
            "tags": "contested figures" if any(f["conflict"] for f in incident["figures"]) else "",
            "timestamp": _timestamp(incident), "review_state": review_state(incident)})
    return rows


def review_state(incident: dict) -> str:
    """machine (no analyst has looked at it), accepted, corrected (its place, day or type), regrouped (only its
    documents moved), claims_reviewed (only some of its claims), merged or not_relevant (hidden from the reviewed
    reading)."""
    review = incident.get("review") or {}
    state = review.get("state") or "machine"
    if state == "machine" and any(s != "machine" for s in review.get("claims") or {}):
        return "claims_reviewed"
    return state


def acled_csv(incidents: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
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
        properties["recalled_by"] = incident.get("recalled_by") or []
        properties.update(place=loc.get("name"), admin1=loc.get("admin1"), geo_precision=loc.get("geo_precision"),
                          fatalities=fatalities(incident), contested=any(f["conflict"] for f in incident["figures"]),
                          review_state=review_state(incident))
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def plover_jsonl(incidents: list[dict], documents) -> str:
    """One PLOVER/POLECAT-style record per event mention that happened, in the reports of each incident: its
    PLOVER category, ACLED type and sub-type, source and target actors (the mention's own sides where its sentence
    names them, else the incident's actor1 and actor2), date,
    place, document and evidence offsets into the document's text. `documents`: their records, in any iterable
    (they are read once, and only the events of an incident's reports kept)."""
    from .knowledge import event_kinds
    told = {doc for incident in incidents for doc in incident["docs"]}
    kinds = event_kinds()
    events_of = {d["doc"]: d["events"] for d in documents if d["doc"] in told and d.get("events")}
    records = []
    for incident in incidents:
        loc = incident.get("location") or {}
        country = _states().get(loc.get("country") or "")
        (source, _), (target, _) = _actors(incident, country)
        for doc_id in incident["docs"]:
            for n, event in enumerate(events_of.get(doc_id, ())):
                if event.get("modality") is not None or not kinds[event["kind"]]["plover"]:
                    continue
                own_source, own_target = (_event_side(event.get(key), country) for key in ("actor1", "actor2"))
                records.append({
                    "id": f"{incident['incident']}:{doc_id}:{n}", "incident": incident["incident"],
                    "event": kinds[event["kind"]]["plover"], "mode": event["kind"],
                    "event_type": event["event_type"], "sub_event_type": event["sub_event_type"],
                    "date": incident.get("start"), "source_actor": own_source or source,
                    "target_actor": own_target or target,
                    "location": {"name": loc.get("name"), "country": (country or {}).get("iso3"),
                                 "lat": loc.get("lat"), "lon": loc.get("lon")},
                    "doc": doc_id, "evidence": event["evidence"]})
    return jsonl(records)
