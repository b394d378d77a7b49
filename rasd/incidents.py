"""Incidents stage (first version): one incident per document that has claims, with its figures. Cross-document
grouping, locations and reconciliation come with the gazetteer and the incident builder."""
from __future__ import annotations

import hashlib

CATEGORY_EVENT_TYPE = {"killed": "Violence against civilians", "attackers": "Battles", "held": "Battles",
                       "escaped": "Strategic developments", "released": "Strategic developments",
                       "arrested": "Strategic developments", "surrendered": "Battles", "wounded": "Battles",
                       "displaced": "Strategic developments"}


def incident_id(doc_ids) -> str:
    return "inc-" + hashlib.sha1("\n".join(sorted(doc_ids)).encode()).hexdigest()[:12]


def build_incidents(documents: list[dict], claims: list[dict]) -> list[dict]:
    by_doc: dict[str, list[dict]] = {}
    for claim in claims:
        by_doc.setdefault(claim["doc"], []).append(claim)
    incidents = []
    for doc in documents:
        doc_claims = by_doc.get(doc["doc"])
        if not doc_claims:
            continue
        iid = incident_id([doc["doc"]])
        for claim in doc_claims:
            claim["incident"] = iid
        incidents.append({
            "incident": iid, "title": (doc.get("title") or _first_line(doc.get("text") or ""))[:120],
            "event_type": CATEGORY_EVENT_TYPE.get(doc_claims[0]["category"], "Battles"),
            "location": {"name": None, "admin1": None, "lat": None, "lon": None},
            "start": doc.get("published"), "end": doc.get("published"), "docs": [doc["doc"]],
            "figures": figures(doc_claims),
        })
    return incidents


def figures(claims: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = {}
    for claim in claims:
        groups.setdefault((claim["category"], claim["subject"]), []).append(claim)
    result = []
    for (category, subject), group in groups.items():
        lows = [c["value_min"] for c in group if c["value_min"] is not None]
        highs = [c["value_max"] if c["value_max"] is not None else c["value_min"] for c in group]
        exact = [c["value"] for c in group if c["value"] is not None]
        result.append({"category": category, "subject": subject, "low": min(lows) if lows else None,
                       "best": sorted(exact)[len(exact) // 2] if exact else None,
                       "high": max(h for h in highs if h is not None) if any(h is not None for h in highs) else None,
                       "claims": [c["claim_id"] for c in group], "conflict": False})
    return result


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
