"""The results a processed document yields: its record and its claims' records (the output contract,
../shared/eval/README.md) and the features the cross-document stage reads beside them (rasd/records.py). The last step
of a worker's per-document call (runner.analyse_one), after the pipeline's stages: it reads what every stage found,
so it sits above them, and the output layer (rasd/output.py) only writes what it makes."""
from __future__ import annotations

from .claim_places import lead_place
from .copies import fingerprint
from .dates import event_date_indices, expression_records, lead_date_indices
from .document import Document
from .events import event_records
from .records import FORMING, Analysed, ClaimFeatures, DocumentFeatures, PlaceRef
from .signature import signature
from .titles import headline


def document_record(doc: Document) -> dict:
    return {"doc": doc.doc_id, "status": doc.status, "error": doc.error, "notes": doc.notes, "outlet": doc.outlet,
            "published": doc.published, "published_inferred": doc.published_inferred, "title": doc.title,
            "url": doc.url, "source": doc.source, "claims": len(doc.claims), "framing": doc.framing,
            "relevance": doc.relevance or None, "events": event_records(doc) if doc.norm else [],
            "copy_of": None, "text": doc.original}


def document_features(doc: Document) -> DocumentFeatures:
    """What the cross-document stage needs of the document and its figures beside their records. Of a report that
    forms no incident (its relevance none of records.FORMING: sport, the economy, politics), it reads only the
    fingerprint that finds its copies: the rest (its signature, dates, places, headline, its figures' features) is
    worked out only for the reports that may form incidents."""
    copies_fingerprint = fingerprint(doc) if doc.norm else None
    if (doc.relevance or {}).get("label") not in FORMING:
        return DocumentFeatures(fingerprint=copies_fingerprint)
    return DocumentFeatures(
        dates=tuple(expression_records(doc)) if doc.norm else (), signature=signature(doc) if doc.norm else {},
        places=tuple(PlaceRef(m.place.id, m.sentence, m.weight) for m in doc.places),
        lead_dates=tuple(lead_date_indices(doc)) if doc.norm else (), headline=headline(doc.original or ""),
        claims={claim_id(doc, index): ClaimFeatures(claim.date_expr, claim.sentence,
                                                    tuple(claim.recalled) if claim.recalled else None, claim.place)
                for index, claim in enumerate(doc.claims, 1)},
        fingerprint=copies_fingerprint, lead_place=lead_place(doc) if doc.norm else None,
        event_dates=tuple(event_date_indices(doc)) if doc.norm else ())


def analysed(doc: Document) -> Analysed:
    """A processed document's results: its record, its claims' records and its features."""
    return Analysed(document_record(doc), claim_records(doc), document_features(doc))


def claim_id(doc: Document, index: int) -> str:
    """The id of the document's index-th claim (from 1)."""
    return f"{doc.doc_id}#{index}"


def claim_records(doc: Document) -> list[dict]:
    records = []
    for index, claim in enumerate(doc.claims, 1):
        low, high = claim.interval
        records.append({
            "claim_id": claim_id(doc, index), "doc": doc.doc_id, "category": claim.category,
            "subject": claim.subject, "value": claim.value, "value_min": low, "value_max": high,
            "qualifier": claim.qualifier, "claimed_by": claim.claimed_by, "via": claim.via,
            "skeptical": claim.skeptical, "date": claim.date or doc.published, "event_date": claim.event_date,
            "incident": None,
            "evidence": doc.evidence(claim.start, claim.end),
            "total": claim.total, "part_of": claim_id(doc, claim.part_of + 1) if claim.part_of is not None else None,
            "party": claim.party, "role": claim.role, "rule": claim.rule, "background": claim.background,
            "added": claim.added,
        })
    return records
