"""Corrections as data: a team's reviewed documents and incidents written in the judge's gold format
(../shared/eval/README.md, "Gold files"), and how the machine's reading agrees with them.

A document is reviewed when an analyst gave every one of its claims a verdict (accepted, corrected, rejected) or
added one, or marked the document not relevant (its gold has no claims). An incident is reviewed when an analyst
accepted or corrected it."""
from __future__ import annotations

import collections
import json

from .store import Store

VERDICTS = {"accepted", "corrected", "rejected", "added"}
TOLERANCE_KM = 10  # how far from the reviewed place a run's incident may lie (the judge's tolerance_km)


def gold(store: Store, irrelevant: set[str]) -> tuple[list[dict], list[dict]]:
    """(gold documents, gold incidents) of the reviewed part of the store."""
    by_doc = collections.defaultdict(list)
    for (record,) in store._rows("SELECT record FROM claims"):
        claim = json.loads(record)
        by_doc[claim["doc"]].append(claim)
    reviewed_docs = sorted(irrelevant | {doc for doc, claims in by_doc.items() if claims and all(
        _state(c) in VERDICTS for c in claims)})
    documents = []
    for doc in reviewed_docs:
        record = store.document(doc)
        if record is None:
            continue
        kept = [] if doc in irrelevant else [c for c in by_doc[doc] if _state(c) != "rejected"]
        documents.append({"doc": doc, "published": [record["published"]] if record.get("published") else None,
                          "claims": [_gold_claim(c) for c in kept]})
    incidents = []
    for (record,) in store._rows("SELECT record FROM incidents WHERE hidden = 0"):
        incident = json.loads(record)
        if ((incident.get("review") or {}).get("state") or "machine") in ("accepted", "corrected"):
            incidents.append(_gold_incident(incident))
    return documents, incidents


def _state(claim: dict) -> str:
    return (claim.get("review") or {}).get("state") or "machine"


def _gold_claim(claim: dict) -> dict:
    return {"incident": claim.get("incident"), "category": claim["category"], "subject": claim["subject"],
            "value": claim["value"], "qualifier": claim["qualifier"], "claimed_by": claim["claimed_by"],
            "quote": claim["evidence"]["text"], "optional": False, "party": claim.get("party"),
            "role": claim.get("role")}


def _gold_incident(incident: dict) -> dict:
    location = incident.get("location") or {}
    return {"incident": incident["incident"], "title": incident.get("title"), "lat": location.get("lat"),
            "lon": location.get("lon"), "tolerance_km": TOLERANCE_KM,
            "start": [incident["start"]] if incident.get("start") else None,
            "event_type": [incident["event_type"]] if incident.get("event_type") else None,
            "conflicts": [{"category": f["category"], "subject": f["subject"]} for f in incident["figures"]
                          if f["conflict"]], "optional_conflicts": []}


def agreement(store: Store, irrelevant: set[str]) -> dict:
    """How the machine's reading agrees with the reviewed one on the reviewed documents and incidents: claims
    precision, recall and F1 (a machine claim matches a reviewed one of the same document, category, subject and
    value), the share of matched claims whose speaker, qualifier, party and role the review kept, and the share of
    reviewed incidents whose event type, first day and place the machine had right."""
    documents, _ = gold(store, irrelevant)
    machine_by_doc = collections.defaultdict(list)
    for (record,) in store._rows("SELECT record FROM machine_claims"):
        claim = json.loads(record)
        machine_by_doc[claim["doc"]].append(claim)
    gold_n = machine_n = 0
    matched: list[tuple[dict, dict]] = []
    for document in documents:
        gold_claims = list(document["claims"])
        machine = [] if document["doc"] in irrelevant else machine_by_doc[document["doc"]]
        gold_n, machine_n = gold_n + len(gold_claims), machine_n + len(machine)
        for claim in machine:
            found = next((g for g in gold_claims if (g["category"], g["subject"], g["value"]) == (
                claim["category"], claim["subject"], claim["value"])), None)
            if found is not None:
                gold_claims.remove(found)
                matched.append((claim, found))
    precision = len(matched) / machine_n if machine_n else None
    recall = len(matched) / gold_n if gold_n else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if gold_n else None)
    result = {"documents": len(documents), "gold_claims": gold_n, "machine_claims": machine_n,
              "matched": len(matched), "claims_precision": _round(precision), "claims_recall": _round(recall),
              "claims_f1": _round(f1)}
    for field, name in (("claimed_by", "attribution"), ("qualifier", "qualifier"), ("party", "party"),
                        ("role", "role")):
        result[f"{name}_acc"] = _round(sum(m[field] == g[field] for m, g in matched) / len(matched)) \
            if matched else None
    result.update(_incident_agreement(store))
    return result


def _incident_agreement(store: Store) -> dict:
    pairs = []
    for record, machine in store._rows("SELECT i.record, m.record FROM incidents i JOIN machine_incidents m "
                                       "USING (incident) WHERE i.hidden = 0"):
        reviewed = json.loads(record)
        if ((reviewed.get("review") or {}).get("state") or "machine") in ("accepted", "corrected"):
            pairs.append((json.loads(machine), reviewed))
    result = {"incidents": len(pairs)}
    for field in ("event_type", "start", "location"):
        result[f"incident_{field}_acc"] = _round(sum(m.get(field) == r.get(field) for m, r in pairs) / len(pairs)) \
            if pairs else None
    return result


def _round(value):
    return round(value, 3) if value is not None else None
