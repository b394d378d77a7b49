"""The analyst's web app and JSON API (FastAPI): incidents, figures by source, evidence, map, timeline, exports.
It reads one SQLite store (rasd load) and works without internet access: the page, the map library and the base
layer are bundled; online map tiles are used only when they can be reached."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import exports
from ..store import Store

STATIC = Path(__file__).parent / "static"
EVENT_TYPES = Literal["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
                      "Protests", "Riots"]
Text = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
From = Annotated[dt.date | None, Query(alias="from")]
To = Annotated[dt.date | None, Query(alias="to")]
Id = Annotated[str | None, Query(max_length=300)]


def create_app(db, hosts=("127.0.0.1", "localhost", "testserver")) -> FastAPI:
    """The app over a store: a SQLite file or a PostgreSQL URL. Only requests addressed to `hosts` are served
    (a page elsewhere cannot reach a local server through DNS rebinding); "*" serves any."""
    store = Store(db)
    app = FastAPI(title="Rasd API", version="1", description="Incidents, claims and documents of a Rasd run.")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))

    def filters(q, date_from, date_to, place, actor, event_type, contested):
        return dict(q=q, date_from=date_from.isoformat() if date_from else None,
                    date_to=date_to.isoformat() if date_to else None, place=place, actor=actor,
                    event_type=event_type, contested=contested)

    @app.get("/api/incidents", summary="Incidents, filtered; each as in incidents.jsonl")
    def incidents(q: Text = None, date_from: From = None, date_to: To = None,
                  place: Text = None, actor: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_]+$")] = None,
                  event_type: EVENT_TYPES | None = None, contested: bool | None = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=10**9)] = 0):
        total, items = store.incidents(**filters(q, date_from, date_to, place, actor, event_type, contested),
                                       limit=limit, offset=offset)
        return {"total": total, "items": items}

    @app.get("/api/incidents/{incident_id}", summary="One incident")
    def incident(incident_id: Annotated[str, PathParam(max_length=100)]):
        found = store.incident(incident_id)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return found

    @app.get("/api/claims", summary="Claims of an incident or a document")
    def claims(incident: Id = None, doc: Id = None, limit: Annotated[int, Query(ge=1, le=10000)] = 1000):
        return store.claims(incident=incident, doc=doc, limit=limit)

    @app.get("/api/documents/{doc:path}", summary="A document: text and metadata")
    def document(doc: str):
        if len(doc) > 300 or "\x00" in doc:
            raise HTTPException(422, "bad document id")
        found = store.document(doc)
        if found is None:
            raise HTTPException(404, f"no document {doc!r}")
        return found

    @app.get("/api/search", summary="Documents whose text contains every word (normalised Arabic)")
    def search(q: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]):
        return store.search_documents(q)

    @app.get("/api/export/{name}", summary="Exports: acled.csv, incidents.geojson, incidents.jsonl, claims.jsonl")
    def export(name: Literal["acled.csv", "incidents.geojson", "incidents.jsonl", "claims.jsonl"], q: Text = None,
               date_from: From = None, date_to: To = None, place: Text = None,
               actor: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_]+$")] = None,
               event_type: EVENT_TYPES | None = None, contested: bool | None = None):
        _, items = store.incidents(**filters(q, date_from, date_to, place, actor, event_type, contested),
                                   limit=10**9)
        headers = {"Content-Disposition": f'attachment; filename="rasd-{name}"'}
        if name == "acled.csv":
            return Response(exports.acled_csv(items), media_type="text/csv; charset=utf-8", headers=headers)
        if name == "incidents.geojson":
            return Response(exports.geojson(items), media_type="application/geo+json", headers=headers)
        if name == "incidents.jsonl":
            return PlainTextResponse(exports.jsonl(items), media_type="application/x-ndjson", headers=headers)
        ids = {i["incident"] for i in items}
        chosen = [c for c in store.claims(limit=10**9) if c.get("incident") in ids]
        return PlainTextResponse(exports.jsonl(chosen), media_type="application/x-ndjson", headers=headers)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": CSP})

    return app


CSP = ("default-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'")
