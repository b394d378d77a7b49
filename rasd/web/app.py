"""The analyst's web app and JSON API (FastAPI): incidents, figures by source, evidence, map, timeline, exports.
It reads one store (rasd load) and works without internet access: the page, the map library, the base layer and the
API's documentation (Swagger UI) are bundled; online map tiles are fetched only when the analyst turns them on."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Iterable, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import exports
from ..knowledge import event_kinds
from ..review import Corrections, review_path
from ..store import Store, StoreBusy, is_postgres
from .labels import labels
from .params import NO_NUL
from .review_api import add_review_routes

STATIC = Path(__file__).parent / "static"


def event_sub_types() -> dict[str, list[str]]:
    """ACLED's event types of the event kinds Rasd reads (rasd/data/event_kinds.tsv) and the sub-event types of each,
    in the file's order: the values the filters accept and the page offers."""
    found: dict[str, list[str]] = {}
    for row in event_kinds().values():
        if row["event_type"]:
            subs = found.setdefault(row["event_type"], [])
            if row["sub_event_type"] and row["sub_event_type"] not in subs:
                subs.append(row["sub_event_type"])
    return found


EVENT_SUB_TYPES = event_sub_types()
EVENT_TYPES = Literal[tuple(EVENT_SUB_TYPES)]  # type: ignore[valid-type]
SubEventType = Literal[tuple(sorted({s for subs in EVENT_SUB_TYPES.values() for s in subs}))]  # type: ignore
Text = Annotated[str | None, Query(max_length=200, pattern=NO_NUL)]
From = Annotated[dt.date | None, Query(alias="from")]
To = Annotated[dt.date | None, Query(alias="to")]
Id = Annotated[str | None, Query(max_length=300, pattern=NO_NUL)]
Actor = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_]+$")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10**9)]


@dataclasses.dataclass(frozen=True)
class IncidentFilters:
    """The filters of the incident list and of the exports (query parameters)."""
    q: Text = None
    date_from: From = None
    date_to: To = None
    place: Text = None
    actor: Actor = None
    event_type: EVENT_TYPES | None = None
    sub_event_type: SubEventType | None = None
    contested: bool | None = None
    review: Literal["machine", "reviewed"] | None = None  # machine: not yet reviewed

    def store_kwargs(self) -> dict:
        kwargs = dataclasses.asdict(self)
        for day in ("date_from", "date_to"):
            kwargs[day] = kwargs[day].isoformat() if kwargs[day] else None
        return kwargs


Filters = Annotated[IncidentFilters, Depends()]

# This machine's names, and the one Starlette's TestClient sends (never resolved by DNS: no rebinding through it).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "testserver")
OSM_TILES = "https://tile.openstreetmap.org"  # only fetched when the analyst turns online tiles on
CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", f"img-src 'self' data: {OSM_TILES}",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
SECURITY_HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
                    "referrer-policy": "no-referrer"}


def create_app(db, allowed_hosts: Iterable[str] = (), review=None) -> FastAPI:
    """The app over a store: a SQLite file or a PostgreSQL URL. Only requests addressed to this machine's loopback
    names or to `allowed_hosts` (names or *.domain patterns a deployment uses) are served, so that a page elsewhere
    cannot reach the server through DNS rebinding; there is no way to turn the check off. The analysts'
    corrections live in `review` (default: the PostgreSQL store itself, or rasd.review.sqlite beside a SQLite
    store) and are applied to what the app serves."""
    store = Store(db)
    corrections = Corrections(review or review_target(db))
    app = FastAPI(title="Rasd API", version="1", description="Incidents, claims and documents of a Rasd run.",
                  docs_url=None, redoc_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # added last, so outermost: on every response, refusals included
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StoreBusy, store_busy)

    add_review_routes(app, store, corrections, EVENT_SUB_TYPES)

    async def read(query, may_wait: bool = False):
        """The result of `query` (a store read, and what is made of it): on the event loop where it is quick, in a
        worker thread where it may wait. Handing a read to a thread and back cost a fifth of a request's CPU under
        the page's load, and most of its wait at 32 clients (p95 88 against 53 ms): the page's reads of a local
        SQLite store (a page of the list, an incident, its claims: 0.05-3 ms on the stream's 2,449 incidents, 2-7
        on 16,425) run on the loop, and wait for no writer there (a review's rebuild holds the file for up to a
        second: the read goes to a thread then). Those that may take long (a list filtered by words, which reads the
        articles' text, or by a place or an actor, which reads every incident's names: 12-18 ms on 16,425; a page
        of more than 100; every claim of the store) and every read of a PostgreSQL store (a connection over the
        network) run in a thread, where the loop goes on serving the others."""
        if store.local and not may_wait:
            try:
                with store.at_once():
                    return query()
            except StoreBusy:
                pass  # a writer holds the file: wait for it in a thread, not on the loop
        return await run_in_threadpool(query)

    @app.get("/api/incidents", summary="Incidents, filtered: the total and a page of summaries (the most reported "
             "first, or with queue=true what most needs review first; no matrix or events: "
             "/api/incidents/{incident_id} has them). The reviewed reading.")
    async def incidents(filters: Filters, limit: Limit = 100, offset: Offset = 0, queue: bool = False):
        def page():
            return store.incident_summaries(**filters.store_kwargs(), limit=limit, offset=offset, queue=queue)
        # words to find read the articles; a place or an actor, every incident's names; a long page, its rows
        total, items = await read(page, may_wait=bool(filters.q or filters.place or filters.actor) or limit > 100)
        head = json.dumps({"total": total, "offset": offset, "limit": limit})[:-1]
        return Response(f'{head}, "items": [{", ".join(items)}]}}', media_type="application/json")

    @app.get("/api/incidents/{incident_id}", summary="One incident as in incidents.jsonl, its matrix a page of its "
             "sources (matrix.sources_total says how many there are)")
    async def incident(incident_id: Annotated[str, PathParam(max_length=100, pattern=NO_NUL)],
                       sources_limit: Annotated[int, Query(ge=1, le=1000)] = 50, sources_offset: Offset = 0):
        found = await read(lambda: store.incident(incident_id))
        if found is None:
            raise HTTPException(404, "no such incident")
        return JSONResponse({**found, "matrix": matrix_page(found["matrix"], sources_offset, sources_limit)})

    @app.get("/api/claims", summary="Claims of an incident or a document")
    async def claims(incident: Id = None, doc: Id = None, limit: Annotated[int, Query(ge=1, le=10000)] = 1000):
        return await read(lambda: JSONResponse(store.claims(incident=incident, doc=doc, limit=limit)),
                          may_wait=not (incident or doc))  # every claim (an empty id filters nothing): its JSON too

    @app.get("/api/documents/{doc:path}", summary="A document: text and metadata (`source`: the file's name only)")
    def document(doc: Annotated[str, PathParam(max_length=300, pattern=NO_NUL)]):
        found = store.document(doc)
        if found is None:
            raise HTTPException(404, "no such document")
        return JSONResponse({**found, "source": file_name(found.get("source"))})

    @app.get("/api/search", summary="Documents whose text contains every word (normalised Arabic), a page of them")
    def search(q: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
               limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0):
        total, items = store.search_documents(q, limit=limit, offset=offset)
        return JSONResponse({"total": total, "offset": offset, "limit": limit, "items": items})

    @app.get("/api/labels",
             summary="Names of ids (actors, categories, qualifiers, event types and sub-event types, event kinds, "
                     "outlets, roles, parties) by language")
    def names():
        return labels()

    @app.get("/api/facets", summary="What the filters offer: ACLED's event types with their sub-event types, and the "
                                    "ids of the actors (people counted and speakers) the store's incidents name")
    def facets():
        return {"event_types": EVENT_SUB_TYPES, "actors": store.actor_ids()}

    @app.get("/api/export/{name}", summary="Exports: acled.csv, incidents.geojson, incidents.jsonl, claims.jsonl; "
             "the reviewed reading (each row with its review state), or the machine's with machine=true")
    def export(name: Literal["acled.csv", "incidents.geojson", "incidents.jsonl", "claims.jsonl"], filters: Filters,
               machine: bool = False):
        headers = {"Content-Disposition": f'attachment; filename="rasd-{name}"'}
        if name == "claims.jsonl":
            chosen = store.claims_of_incidents(**filters.store_kwargs(), machine=machine)
            return PlainTextResponse(exports.jsonl(chosen), media_type="application/x-ndjson", headers=headers)
        _, items = store.incidents(**filters.store_kwargs(), limit=10**9, machine=machine)
        if name == "acled.csv":
            return Response(exports.acled_csv(items), media_type="text/csv; charset=utf-8", headers=headers)
        if name == "incidents.geojson":
            return Response(exports.geojson(items), media_type="application/geo+json", headers=headers)
        return PlainTextResponse(exports.jsonl(items), media_type="application/x-ndjson", headers=headers)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(STATIC / "docs.html")

    return app


SERVE_ENV = "RASD_SERVE"  # how `rasd serve --workers N` tells its server processes what to serve


def review_target(db) -> str:
    """Where a store's corrections live by default: in the PostgreSQL database itself, or in a SQLite file beside
    the SQLite store (which `rasd load` replaces whole)."""
    return str(db) if is_postgres(db) else str(review_path(db))


def app_from_environment() -> FastAPI:
    """The app each process of `rasd serve --workers N` builds, from what the command put in RASD_SERVE."""
    import os
    config = json.loads(os.environ[SERVE_ENV])
    return create_app(config["db"], allowed_hosts=config["allowed_hosts"], review=config.get("review"))


def matrix_page(matrix: dict, offset: int, limit: int) -> dict:
    """The matrix with a page of its sources (columns): every figure's row, the cells of those sources only."""
    sources = matrix["sources"][offset:offset + limit]
    shown = set(sources)
    rows = [{**row, "cells": {s: cells for s, cells in row["cells"].items() if s in shown}} for row in matrix["rows"]]
    return {"sources": sources, "sources_total": len(matrix["sources"]), "sources_offset": offset, "rows": rows}


def trusted_hosts(allowed_hosts: Iterable[str]) -> list[str]:
    """The loopback names and a deployment's own; "*" (any host) is refused."""
    extra = [host.strip().lower() for host in allowed_hosts]
    if any(host in ("", "*") for host in extra):
        raise ValueError("an allowed host must be a name or a *.domain pattern, not empty or '*'")
    return list(LOOPBACK_HOSTS) + extra


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy (no framing, scripts only from this server), nosniff and
    no-referrer on every response: pages, API, static files, docs and errors."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower()
                        not in SECURITY_HEADERS]
                added = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, send_with_headers)


MAX_ECHO = 100  # characters of a rejected value sent back in a 422


async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """A 422 that says what was wrong without echoing the whole rejected input (a 100 KB query stays on our side)."""
    return JSONResponse(status_code=422, content={"detail": [_brief(e) for e in error.errors()]})


BUSY_RETRY_SECONDS = 5  # what a refused read's Retry-After asks a client to wait


async def store_busy(request: Request, error: StoreBusy) -> JSONResponse:
    """A 503 for a read that waited its time for a writer (a load or a review's rebuild holding the store): the store
    is being rewritten, and the same request will be answered in a moment."""
    return JSONResponse(status_code=503, headers={"retry-after": str(BUSY_RETRY_SECONDS)},
                        content={"detail": "the store is being rewritten (a load, or a review's rebuild): try again "
                                           f"in {BUSY_RETRY_SECONDS} s"})


def _brief(error: dict) -> dict:
    brief = {key: error[key] for key in ("type", "loc", "msg") if key in error}
    if "ctx" in error:
        brief["ctx"] = jsonable_encoder(error["ctx"])
    if isinstance(error.get("input"), (str, int, float)):
        brief["input"] = str(error["input"])[:MAX_ECHO]
    return brief


def file_name(source: str | None) -> str | None:
    """A document's file name without the server's folders (`source` in documents.jsonl is the path read)."""
    return re.split(r"[\\/]", source)[-1] if source else source
