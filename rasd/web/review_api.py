"""The API's review routes: analysts correct what Rasd read (rasd/review.py). Reading stays open; writing needs a
user's token (`rasd users add NAME`) as a bearer token, and names the version of the object its author saw."""
from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

from ..review import (SPLIT, Corrections, ReviewError, StaleWrite, checked_claim_value, checked_incident_value,
                      claim_key, incident_key, split_key)
from ..reviewed import document_review, documents_named, materialize
from ..store import Store
from .params import NO_NUL, without_nul


LOG = logging.getLogger("rasd.review")


class Correction(BaseModel):
    """One review action. `key` names the object as its record's `review.key` does; `version` is its
    `review.version` as read. A claim an analyst adds is named by its document and the offsets of its words."""
    target: Literal["claim", "document", "event", "incident"]
    action: Literal["accept", "reject", "correct", "add", "not_relevant", "relevant", "merge", "split"]
    key: str | None = Field(None, max_length=20000, pattern=NO_NUL)
    version: int = Field(ge=0)
    field: str | None = Field(None, max_length=40, pattern=NO_NUL)
    value: Any = None
    note: str | None = Field(None, max_length=2000, pattern=NO_NUL)
    doc: str | None = Field(None, max_length=300, pattern=NO_NUL)
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)

    @field_validator("value")
    @classmethod
    def _value_without_nul(cls, value):
        return without_nul(value)


def add_review_routes(app: FastAPI, store: Store, corrections: Corrections, event_sub_types: dict) -> None:
    materialize(store, corrections)  # a run loaded since the last correction gets them all again

    def user_of(authorization: str | None) -> str:
        token = authorization[7:].strip() if authorization and authorization.lower().startswith("bearer ") else None
        if not corrections.users():
            raise HTTPException(401, "writing needs a user, and there is none: create one with `rasd users add "
                                     "NAME` and give its token")
        user = corrections.user_of(token)
        if user is None:
            raise HTTPException(401, "writing needs a user's token (Authorization: Bearer TOKEN); this one is "
                                     "missing or unknown", headers={"WWW-Authenticate": "Bearer"})
        return user

    @app.post("/api/review", summary="Record a review action (needs a user's bearer token); 409 if the object "
                                     "changed since its version was read")
    def review(correction: Correction, authorization: Annotated[str | None, Header()] = None):
        user = user_of(authorization)
        try:
            key, field, before, after = _resolve(store, correction, event_sub_types)
            corrections.record(correction.target, key, correction.action, user=user, version=correction.version,
                               field=field, before=before, after=after, note=correction.note)
        except ReviewError as err:
            raise HTTPException(422, str(err)) from None
        except StaleWrite as stale:
            return JSONResponse(status_code=409, content={
                "detail": str(stale), "version": stale.current, "history": stale.history})
        try:
            # a rebuild that failed, in this process or another serving the store, makes the next one whole
            materialize(store, corrections, around=None if corrections.rebuild_pending() else documents_named(
                correction.target, key, after))
        except Exception:  # the correction is stored: rebuild the whole reading, or say when it will show
            LOG.exception("rasd: rebuilding the reviewed reading around %s failed; rebuilding all of it", key)
            try:
                materialize(store, corrections)
            except Exception:
                corrections.note_rebuild_pending()
                raise HTTPException(503, "the correction is saved, but the reviewed reading could not be rebuilt "
                                         "now; it shows after the next correction, `rasd load` or a restart") from None
        return {"key": key, "version": correction.version + 1, "user": user, **_current(store, corrections,
                                                                                        correction.target, key)}

    @app.get("/api/review/history", summary="The corrections of one object, oldest first (or all, without target)")
    def history(target: Literal["claim", "document", "event", "incident"] | None = None,
                key: Annotated[str | None, Query(max_length=20000, pattern=NO_NUL)] = None):
        return corrections.history(target, key) if target else corrections.history()

    @app.get("/api/review/orphans", summary="Corrections whose object the loaded run no longer has (needs a user's "
                                            "token: finding them replays every correction)")
    def orphans(authorization: Annotated[str | None, Header()] = None):
        user_of(authorization)
        return materialize(store, corrections, dry_run=True)

    @app.get("/api/places", summary="Places of the gazetteer by Arabic or English name (an incident's place)")
    def places(q: Annotated[str, Query(min_length=1, max_length=100, pattern=NO_NUL)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20):
        from ..gazetteer import gazetteer
        return [{"id": p.id, "name_en": p.name_en, "name_ar": p.names_ar[0] if p.names_ar else None,
                 "admin1": p.admin1 or None, "country": p.country, "feature": p.feature, "lat": p.lat, "lon": p.lon}
                for p in gazetteer().find(q, limit)]

    @app.get("/api/review/document", summary="A document's review: relevant or not, and its version")
    def document(doc: Annotated[str, Query(max_length=300, pattern=NO_NUL)]):
        return document_review(corrections, doc)


def _resolve(store: Store, c: Correction, event_sub_types: dict) -> tuple[str, str | None, Any, Any]:
    """(the object's key, the field, its value before, after) of a correction, checked against the store."""
    if c.target == "claim":
        return _claim(store, c)
    if c.target == "event":
        return _event(store, c)
    if c.target == "document":
        if c.action not in ("not_relevant", "relevant"):
            raise ReviewError(f"a document takes not_relevant or relevant, not {c.action}")
        if not c.key or store.document(c.key) is None:
            raise ReviewError(f"{c.key}: no such document")
        return c.key, None, None, c.action
    incident = _incident_by_key(store, c.key)
    if (incident.get("review") or {}).get("merged_into"):
        raise ReviewError(f"this incident was merged into {incident['review']['merged_into']}: review that one")
    if c.action == "correct":
        value = checked_incident_value(c.field or "", c.value, event_sub_types)
        if c.field == "sub_event_type" and value not in event_sub_types.get(incident.get("event_type"), []):
            raise ReviewError(f"sub_event_type: one of {incident.get('event_type')}'s "
                              f"({', '.join(event_sub_types.get(incident.get('event_type'), []))})")
        return c.key, c.field, incident.get(c.field), value
    split_part = incident.get("incident", "").startswith(SPLIT)
    if c.action in ("merge", "split") and split_part:
        raise ReviewError(f"{c.action}: an incident split off by an analyst can be corrected or accepted, not merged "
                          "or split again")
    if c.action == "merge":
        other = store.incident(c.value) if isinstance(c.value, str) else None
        while other is not None and (other.get("review") or {}).get("merged_into"):
            other = store.incident(other["review"]["merged_into"])  # merged already: into what took it in
        if other is None or other["incident"] == incident["incident"] or other["incident"].startswith(SPLIT):
            raise ReviewError("merge: value is the id of another incident as Rasd read it (not this one, not one "
                              "it took in, not one split off), which takes this one in")
        return c.key, None, incident["incident"], _key_of(other)
    if c.action == "split":
        moved = c.value if isinstance(c.value, list) else None
        own = set(incident["docs"]) & set(split_key(_key_of(incident))[0])
        if not moved or not set(moved) < own:
            raise ReviewError("split: value is a list of some (not all) of the documents Rasd read in this incident "
                              "(not ones another incident brought in), which leave it")
        return c.key, None, None, sorted(moved)
    if c.action == "accept":
        return c.key, None, None, None
    raise ReviewError(f"an incident takes accept, correct, merge or split, not {c.action}")


def _claim(store: Store, c: Correction) -> tuple[str, str | None, Any, Any]:
    if c.action == "add":
        document = store.document(c.doc or "")
        if document is None:
            raise ReviewError(f"{c.doc}: no such document")
        text = document.get("text") or ""
        if c.start is None or c.end is None or not (0 <= c.start < c.end <= len(text)):
            raise ReviewError(f"add: start and end are offsets of the claim's words in the document (0 to {len(text)})")
        fields = c.value if isinstance(c.value, dict) else {}
        checked = {f: checked_claim_value(f, v) for f, v in fields.items()}
        if "category" not in checked:
            raise ReviewError("add: value holds at least the category (and value, qualifier, claimed_by …)")
        key = claim_key({"doc": c.doc, "evidence": {"start": c.start, "end": c.end}})
        if _claim_at(store, key) is not None:
            raise ReviewError("add: a claim is read from these very words already: correct it instead")
        return key, None, None, {**checked, "text": text[c.start:c.end]}
    claim = _claim_by_key(store, c.key)
    if c.action == "correct":
        value = checked_claim_value(c.field or "", c.value)
        return c.key, c.field, claim.get(c.field), value
    if c.action in ("accept", "reject"):
        return c.key, None, None, None
    raise ReviewError(f"a claim takes accept, reject, correct or add, not {c.action}")


def _event(store: Store, c: Correction) -> tuple[str, str | None, Any, Any]:
    """An event mention of an incident, named doc:start:end by its evidence: not relevant (it leaves the incident's
    events) or relevant again."""
    if c.action not in ("not_relevant", "relevant"):
        raise ReviewError(f"an event takes not_relevant or relevant, not {c.action}")
    doc = (c.key or "").rsplit(":", 2)[0]
    for incident_id in store.incidents_of_doc(doc):
        record = store.incident(incident_id) or {}
        mentions = list(record.get("events") or []) + list((record.get("review") or {}).get("events_not_relevant")
                                                            or [])
        if any(claim_key(e) == c.key for e in mentions):
            return c.key, None, None, c.action
    raise ReviewError(f"{c.key}: no such event mention (its key is doc:start:end of its evidence)")


def _claim_at(store: Store, key: str) -> dict | None:
    """The claim read from these words (doc:start:end), if any."""
    return next((c for c in store.claims(doc=key.rsplit(":", 2)[0], limit=10000) if claim_key(c) == key), None)


def _claim_by_key(store: Store, key: str | None) -> dict:
    found = _claim_at(store, key or "")
    if found is None:
        raise ReviewError(f"{key}: no such claim (its key is doc:start:end, as in its review.key)")
    return found


def _incident_by_key(store: Store, key: str | None) -> dict:
    """The incident a key names: the one whose key it is (its review's, or its documents and id), or, for a key of
    documents alone, the one incident that holds exactly them."""
    docs, _ = split_key(key or "")
    ids = store.incidents_of_docs(docs)
    candidates = [found for incident_id in ids if (found := store.incident(incident_id)) is not None]
    exact = [found for found in candidates if _key_of(found) == key]
    if len(exact) == 1:
        return exact[0]
    alone = [found for found in candidates if "|" not in (key or "") and sorted(docs) in (
        sorted(found["docs"]), sorted(split_key(_key_of(found))[0]))]  # as it holds them now, or as the run read it
    if len(alone) == 1:
        return alone[0]
    if len(alone) > 1:
        raise ReviewError(f"{key}: several incidents hold these documents; name one by its review.key")
    raise ReviewError(f"{key}: no such incident (its key is its documents' ids and its id, as in its review.key)")


def _key_of(incident: dict) -> str:
    """The key an incident is written to by: its review's, else its documents and id."""
    return (incident.get("review") or {}).get("key") or incident_key(incident["docs"], incident["incident"])


def _current(store: Store, corrections: Corrections, target: str, key: str) -> dict:
    """The object as the reviewed reading has it now."""
    if target == "claim":
        return {"claim": _claim_at(store, key)}
    if target in ("document", "event"):
        history = corrections.history(target, key)
        return {"review": document_review(corrections, key) if target == "document" else {
            "key": key, "version": len(history), "state": history[-1]["action"] if history else "machine"}}
    try:
        return {"incident": _incident_by_key(store, key)}
    except ReviewError:
        return {"incident": None}
