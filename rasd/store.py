"""The store behind the web page and the API: a run's documents, claims and incidents, with a search over the
articles in normalised Arabic (أ/إ/آ → ا، ى → ي، ة → ه، no diacritics) that finds words inside clitics (الحسكه finds
بالحسكة). By default one SQLite file (an FTS5 trigram index); for a shared deployment a PostgreSQL database given
by URL (postgresql://…; a pg_trgm index), with the same tables and queries."""
from __future__ import annotations

import collections
import contextlib
import itertools
import json
import os
import sqlite3
import threading
import weakref
from pathlib import Path

from .exports import review_state
from .lexicon import read_rows
from .normalize import normalize_term
from .output import iter_jsonl, read_jsonl

STORE_FORMAT = 3  # the SQLite store's layout (PRAGMA user_version); a store of another is loaded anew

TABLES = """
CREATE TABLE documents (doc TEXT PRIMARY KEY, status TEXT, outlet TEXT, published TEXT, title TEXT, record TEXT);
CREATE TABLE claims (claim_id TEXT PRIMARY KEY, doc TEXT, incident TEXT, category TEXT, subject TEXT,
                     claimed_by TEXT, date TEXT, record TEXT, reviewed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX claims_incident ON claims (incident);
CREATE INDEX claims_doc ON claims (doc);
CREATE TABLE incidents (incident TEXT PRIMARY KEY, start TEXT, "end" TEXT, event_type TEXT, sub_event_type TEXT,
                        place TEXT, actors TEXT, contested INTEGER, n_docs INTEGER, search TEXT, record TEXT,
                        summary TEXT, reviewed INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0,
                        review_state TEXT NOT NULL DEFAULT 'machine');
CREATE TABLE machine_claims (claim_id TEXT PRIMARY KEY, doc TEXT, incident TEXT, record TEXT);
CREATE INDEX machine_claims_incident ON machine_claims (incident);
CREATE TABLE machine_incidents (incident TEXT PRIMARY KEY, start TEXT, "end" TEXT, event_type TEXT,
                                sub_event_type TEXT, place TEXT, actors TEXT, contested INTEGER, n_docs INTEGER,
                                search TEXT, record TEXT);
-- the list in its order, with every column its filters read: a filtered page and its count never read the records
CREATE INDEX incidents_order ON incidents (hidden, n_docs DESC, start DESC, incident, "end", event_type,
                                           sub_event_type, place, actors, contested, review_state, search);
CREATE INDEX incidents_queue ON incidents (hidden, review_state, contested DESC, n_docs DESC, start DESC, incident);
CREATE TABLE incident_docs (incident TEXT, doc TEXT);
CREATE TABLE review_source (fingerprint TEXT);
CREATE INDEX incident_docs_doc ON incident_docs (doc);
CREATE INDEX incident_docs_incident ON incident_docs (incident);
"""


_FOLDED = tuple((row["term"].strip(), row["folded"].strip()) for row in read_rows("search_folding", user_folders=False))


def search_form(text: str) -> str:
    """The form both articles and queries are searched in."""
    text = normalize_term(text or "")
    for letter, folded in _FOLDED:
        text = text.replace(letter, folded)
    return text


def is_postgres(target) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def missing_store(path) -> FileNotFoundError:
    return FileNotFoundError(f"{path}: no such database (create it with: rasd load OUTDIR)")


class StoreBusy(Exception):
    """A read met a writer holding the store: at once, when asked to run at once (Store.at_once), or after waiting
    its time (a load or a review's rebuild held the file longer)."""


def _read_only_uri(path) -> str:
    """The URI that opens the SQLite file at `path` read-only. The path is percent-encoded: in a bare "file:" URI a
    folder named with # or ? would end the path (and SQLite create an empty database at what is left), and one
    with % would start an escape."""
    return Path(path).resolve().as_uri() + "?mode=ro"


class _SQLite:
    placeholder = "?"
    like = "LIKE"  # SQLite's LIKE ignores the case of Latin letters
    IDLE_KEPT = 8  # read-only connections kept open between reads: more than the page's reads at once, mostly
    WAIT_SECONDS = 5.0  # how long a read waits for a writer (sqlite3's default), unless asked to run at once

    def __init__(self, path):
        self.path = Path(path)
        self._idle: dict[bool, list] = {True: [], False: []}  # by whether their reads wait: (file identity, conn)
        self._idle_lock = threading.Lock()
        weakref.finalize(self, _close_idle, self._idle)  # when the store goes, or at exit

    def connect(self, write=False, wait=True):
        if write:
            return sqlite3.connect(self.path, timeout=30)  # review's rebuilds wait for each other
        if not self.path.exists():
            raise missing_store(self.path)
        # used by one thread at a time (reading() lends it), not always the one that opened it
        return sqlite3.connect(_read_only_uri(self.path), uri=True, timeout=self.WAIT_SECONDS if wait else 0,
                               check_same_thread=False)

    @contextlib.contextmanager
    def reading(self, wait=True):
        """A read-only connection lent for one read and kept for the next while the file at the path is the one it
        opened: opening one costs more than most of the page's queries (0.12 ms against 0.01 for a row found by its
        key), and a kept one keeps its cache of pages. A `rasd load` renames a new file into place, which the next
        read opens (the connections kept to the file it replaced are closed then, and a connection is not kept when
        the file was replaced while it read: each holds the replaced file, and its disk space, open); a review's
        rebuild commits in place, which a kept connection reads at its next query. With `wait` false, a read that
        meets a writer fails at once (sqlite3.OperationalError) instead of waiting."""
        identity, con = self._lent(wait)
        try:
            yield con
        except BaseException:
            con.close()  # a read cut short may hold its statement, and with it the file's lock
            raise
        self._give_back(identity, con, wait)

    def _identity(self) -> tuple[int, int]:
        """Which file is at the path now (a load renames another into place)."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            raise missing_store(self.path) from None
        return status.st_dev, status.st_ino

    def _lent(self, wait: bool):
        """(the identity of the file at the path, a connection to that file): an idle one, or a new one. A load that
        renames a file into place between the look at the path and the opening would give a new connection to the
        new file under the old one's identity: the path is looked at again after opening one."""
        identity = self._identity()
        con = self._idle_one(identity, wait)
        while con is None:
            con = self.connect(wait=wait)
            now = self._identity()
            if now != identity:
                con.close()
                identity, con = now, None
        return identity, con

    def _idle_one(self, identity, wait: bool):
        """An idle connection to the file of `identity`, or None. The idle connections to a file replaced since are
        closed, those of reads that wait and of reads that do not."""
        taken = None
        with self._idle_lock:
            for waits, idle in self._idle.items():
                kept = []
                for opened_on, con in idle:
                    if opened_on != identity:
                        con.close()
                    elif taken is None and waits == wait:
                        taken = con
                    else:
                        kept.append((opened_on, con))
                idle[:] = kept
        return taken

    def _give_back(self, identity, con, wait: bool) -> None:
        """Keep a connection lent for the next read, unless enough are kept or the file was replaced meanwhile."""
        try:
            replaced = self._identity() != identity
        except FileNotFoundError:
            replaced = True
        with self._idle_lock:
            idle = self._idle[wait]
            if not replaced and len(idle) < self.IDLE_KEPT:
                idle.append((identity, con))
                return
        con.close()

    def roll_back_a_dead_writer(self) -> None:
        """A writer that died in a transaction (a process killed in a review's rebuild) leaves its journal beside the
        file, which a read-only connection cannot roll back (SQLITE_READONLY_ROLLBACK): the next connection that may
        write does, as it first reads the file."""
        with contextlib.closing(sqlite3.connect(self.path, timeout=self.WAIT_SECONDS)) as con:
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()

    @contextlib.contextmanager
    def snapshot(self, con):
        """The reads on `con` inside the block see one state of the store (one read transaction), whatever a
        review commits or a load renames into place meanwhile."""
        con.execute("BEGIN")
        try:
            yield
        finally:
            if con.in_transaction:
                con.rollback()

    def create(self, con):
        # the article's document is found by rowid (article_docs), never read from the index's stored rows, which
        # hold the whole text: a frequent word's thousands of matches are then found in a millisecond, not ten
        con.executescript(TABLES + "CREATE VIRTUAL TABLE articles USING fts5(body, tokenize='trigram');"
                          "CREATE TABLE article_docs (id INTEGER PRIMARY KEY, doc TEXT, published TEXT);"
                          f"PRAGMA user_version = {STORE_FORMAT};")

    def insert_articles(self, cursor, rows, first: int = 1):
        """`rows` (doc, published, body), numbered from `first` (the rows of earlier batches come before)."""
        cursor.executemany("INSERT INTO articles (rowid, body) VALUES (?,?)",
                           ((index, body) for index, (_, _, body) in enumerate(rows, first)))
        cursor.executemany("INSERT INTO article_docs VALUES (?,?,?)",
                           ((index, doc, published) for index, (doc, published, _) in enumerate(rows, first)))

    def articles_matching(self, words):
        """(SQL source of the rows (doc, published) of the documents containing every word, its parameters)."""
        return ("article_docs a WHERE a.id IN (SELECT rowid FROM articles WHERE articles MATCH ?)",
                [" ".join('"' + w.replace('"', "") + '"' for w in words) or '""'])

    def current(self) -> bool:
        """Was the store written in this version's format?"""
        with contextlib.closing(sqlite3.connect(_read_only_uri(self.path), uri=True)) as con:
            return con.execute("PRAGMA user_version").fetchone()[0] == STORE_FORMAT


def _close_idle(idle: dict) -> None:
    for connections in idle.values():
        while connections:
            connections.pop()[1].close()


class _Postgres:
    placeholder = "%s"
    like = "ILIKE"  # as SQLite's LIKE: a place or a word in Latin letters is found in any case

    def __init__(self, url):
        self.url = url

    def connect(self, write=False):
        import psycopg
        return psycopg.connect(self.url)

    @contextlib.contextmanager
    def reading(self, wait=True):
        """A connection for one read, closed after it (`wait`: its reads wait for a writer, as PostgreSQL's do)."""
        con = self.connect()
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def snapshot(self, con):
        """The reads on `con` (a fresh connection, in no transaction yet) inside the block see one state of the
        database: one read-only transaction at REPEATABLE READ (PostgreSQL's default, READ COMMITTED, lets each
        statement see what committed before it)."""
        import psycopg
        con.isolation_level, con.read_only = psycopg.IsolationLevel.REPEATABLE_READ, True
        try:
            yield
        finally:
            con.rollback()

    def create(self, con):
        con.execute("DROP TABLE IF EXISTS documents, claims, incidents, incident_docs, review_source, machine_claims, "
                    "machine_incidents, articles")
        for statement in TABLES.split(";"):
            if statement.strip():
                con.execute(statement)
        con.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        con.execute("CREATE TABLE articles (doc TEXT, published TEXT, body TEXT)")
        con.execute("CREATE INDEX articles_body ON articles USING gin (body gin_trgm_ops)")

    def insert_articles(self, cursor, rows, first: int = 1):
        cursor.executemany("INSERT INTO articles VALUES (%s,%s,%s)", rows)

    def articles_matching(self, words):
        if not words:
            return "articles a WHERE FALSE", []
        return ("articles a WHERE " + " AND ".join("a.body ILIKE %s ESCAPE '!'" for _ in words),
                [_containing(w) for w in words])

    def current(self) -> bool:
        return True  # its tables are replaced whole by every load


def _like(word: str) -> str:
    """A word as a LIKE pattern's literal part: % and _ match only themselves (with ESCAPE '!', in SQLite and
    PostgreSQL alike)."""
    return word.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _containing(text: str) -> str:
    """The LIKE pattern (with ESCAPE '!') of values that contain `text` as it is."""
    return f"%{_like(text)}%"


def backend(target):
    return _Postgres(str(target)) if is_postgres(target) else _SQLite(target)


def load(out_dir: Path, target, prepare=None) -> str:
    """Import a run's three files into a fresh store: a SQLite file (written beside, then renamed into place), or a
    PostgreSQL database (its Rasd tables replaced in one transaction). `prepare(store_target)` is called on the new
    store before a reader can see it (SQLite: the file beside, before its rename; PostgreSQL: after the commit); if
    it raises, a SQLite store is left as it was."""
    out_dir = Path(out_dir)
    documents = iter_jsonl(out_dir / "documents.jsonl")  # with their texts: read and inserted a batch at a time
    claims = read_jsonl(out_dir / "claims.jsonl")
    incidents = read_jsonl(out_dir / "incidents.jsonl")
    store = backend(target)
    if isinstance(store, _SQLite):
        final = store.path
        store.path = final.with_suffix(final.suffix + ".part")
        store.path.unlink(missing_ok=True)
    try:
        con = store.connect(write=True)
        try:
            with con:
                store.create(con)
                _insert(con, store, documents, claims, incidents)
        finally:
            con.close()
        if isinstance(store, _SQLite) and prepare is not None:
            prepare(str(store.path))
    except BaseException:
        if isinstance(store, _SQLite):
            store.path.unlink(missing_ok=True)  # the store in place is left as it was, and nothing beside it
        raise
    if isinstance(store, _SQLite):
        store.path.replace(final)
        return str(final)
    if prepare is not None:
        prepare(str(target))
    return str(target)


def _insert(con, store, documents, claims, incidents):
    def many(sql, rows):
        cur = con.cursor()
        cur.executemany(sql.replace("?", store.placeholder), rows)

    inserted = 0
    for batch in _in_tuples(documents, DOCUMENT_BATCH):
        many("INSERT INTO documents VALUES (?,?,?,?,?,?)", [
            (d["doc"], d.get("status"), d.get("outlet"), d.get("published"), d.get("title"), json.dumps(d))
            for d in batch])
        store.insert_articles(con.cursor(), [
            (d["doc"], d.get("published"), search_form((d.get("title") or "") + "\n" + (d.get("text") or "")))
            for d in batch], first=inserted + 1)
        inserted += len(batch)
    many("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?)", [claim_row(c, MACHINE) for c in claims])
    many("INSERT INTO machine_claims VALUES (?,?,?,?)", [(c["claim_id"], c["doc"], c.get("incident"), json.dumps(c))
                                                         for c in claims])
    by_incident = collections.defaultdict(list)
    for claim in claims:
        by_incident[claim.get("incident")].append(claim)
    rows = [incident_row(i, by_incident[i["incident"]], MACHINE) for i in incidents]
    many("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    many("INSERT INTO machine_incidents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
         [row[:11] for row in rows])  # the filters' columns and the record
    many("INSERT INTO incident_docs VALUES (?,?)", [(i["incident"], doc) for i in incidents  # and those recalling it
                                                    for doc in dict.fromkeys(i["docs"] + (i.get("recalled_by") or []))])


DOCUMENT_BATCH = 1000  # documents read, and inserted, at a time: a run's texts are never all in memory


def _in_tuples(rows, n: int):
    """The rows in tuples of n (the last shorter): itertools.batched, which Python 3.11 lacks."""
    rows = iter(rows)
    while batch := tuple(itertools.islice(rows, n)):
        yield batch


# How a row of `claims` or `incidents` came to be: as the run read it, changed by review (the machine's copy is in
# machine_claims / machine_incidents, which `rasd load` fills and review never changes), or made by review (a claim an
# analyst added, an incident split off). The hot rows keep their size: the machine's copies live apart.
MACHINE, CHANGED, MADE = 0, 1, 2


def claim_row(claim: dict, reviewed: int) -> tuple:
    """A claim's row: its reviewed record (the machine's until corrected) and how it came to be."""
    return (claim["claim_id"], claim["doc"], claim.get("incident"), claim["category"], claim["subject"],
            claim["claimed_by"], claim.get("date"), json.dumps(claim), reviewed)


def incident_row(incident, claims, reviewed: int, hidden: bool = False) -> tuple:
    """An incident's row: the columns the filters read and its reviewed record and summary (the machine's until
    corrected), how it came to be, and whether review hid it (merged into another, or none of its documents
    relevant)."""
    loc = incident.get("location") or {}
    mine = [c for c in claims if c.get("incident") == incident["incident"]]
    actors = {c["subject"] for c in mine} | {c["claimed_by"] for c in mine} | {
        side["party"] for event in incident.get("events") or [] for side in (event.get("actor1"), event.get("actor2"))
        if side and side.get("party")}  # the parties its events name as acting or acted upon
    place = " ".join(filter(None, [loc.get("name"), loc.get("name_ar"), loc.get("admin1")]))
    contested = any(f["conflict"] for f in incident["figures"])
    search = search_form(" ".join([incident.get("title") or "", place]))
    return (incident["incident"], incident.get("start"), incident.get("end"), incident["event_type"],
            incident.get("sub_event_type"), place, " ".join(sorted(actors)), int(contested), len(incident["docs"]),
            search, json.dumps(incident), json.dumps(incident_summary(incident)),
            reviewed, int(hidden), _review_state(incident))


def _review_state(incident: dict) -> str:
    """The list's filter: machine (not yet reviewed: no analyst has looked, or only its documents moved), reviewed."""
    return "machine" if review_state(incident) in ("machine", "regrouped") else "reviewed"


def incident_summary(incident: dict) -> dict:
    """What a list of incidents shows of one: no matrix, no events, no claims; its figures' readings only."""
    location = incident.get("location") or {}
    return {
        "incident": incident["incident"], "title": incident.get("title"), "kind": incident.get("kind"),
        "event_type": incident["event_type"], "sub_event_type": incident.get("sub_event_type"),
        "start": incident.get("start"), "end": incident.get("end"),
        "location": {k: location.get(k) for k in ("name", "name_ar", "admin1", "country", "lat", "lon")},
        "n_docs": len(incident["docs"]), "n_outlets": len(incident.get("outlets") or []),
        "n_copies": sum(len(c) for c in (incident.get("copies") or {}).values()),
        "contested": any(f["conflict"] for f in incident["figures"]),
        "figures": [{k: f.get(k) for k in ("category", "subject", "low", "best", "high", "conflict")}
                    for f in incident["figures"]],
        "review": incident.get("review"),
    }


# The review queue: what most needs a human first — not yet reviewed, contested figures, many sources.
QUEUE_ORDER = "review_state = 'machine' DESC, contested DESC, n_docs DESC, start DESC"


class Store:
    def __init__(self, target):
        self.backend = backend(target)
        self._at_once = threading.local()  # Store.at_once's flag, a thread's own
        if self.local and not self.backend.path.exists():
            raise missing_store(target)

    @property
    def local(self) -> bool:
        """Is it a SQLite file on this machine (not a PostgreSQL server, read over the network)?"""
        return isinstance(self.backend, _SQLite)

    @contextlib.contextmanager
    def at_once(self):
        """The reads of this thread in the block wait for no writer: one that meets a writer holding the file (a
        review's rebuild, a load) raises StoreBusy at once, to be run again where waiting holds up nothing."""
        self._at_once.active = True
        try:
            yield
        finally:
            self._at_once.active = False

    def _rows(self, sql, args=()):
        return self._rows_together((sql, args))[0]

    def _rows_together(self, *queries) -> list[list]:
        """The rows of each (sql, args) of `queries`, read on one connection; several are read in one snapshot of
        the store (a total and its page agree though a review commits or a load lands between them). StoreBusy
        when a writer holds the store: at once in an at_once block, else after the read waited its time."""
        at_once = getattr(self._at_once, "active", False)
        try:
            return self._read_together(queries, at_once)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_READONLY_ROLLBACK:
                raise
            if at_once:  # the roll-back may wait for the file: not where nothing may wait
                raise StoreBusy(f"{self.backend.path}: a writer's transaction is left to roll back") from error
            self.backend.roll_back_a_dead_writer()
            return self._read_together(queries, at_once)

    def _read_together(self, queries, at_once: bool) -> list[list]:
        try:
            with self.backend.reading(wait=not at_once) as con:
                with self.backend.snapshot(con) if len(queries) > 1 else contextlib.nullcontext():
                    found = []
                    for sql, args in queries:
                        cur = con.cursor()
                        cur.execute(sql.replace("?", self.backend.placeholder), list(args))
                        found.append(cur.fetchall())
                    return found
        except sqlite3.OperationalError as error:
            busy = error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # of the extended codes
            if busy:
                raise StoreBusy(f"{self.backend.path}: a writer holds the store" if at_once else
                                f"{self.backend.path}: a writer held the store for more than "
                                f"{self.backend.WAIT_SECONDS:g} s") from error
            raise

    def incidents(self, limit=100, offset=0, machine=False, **filters) -> tuple[int, list[dict]]:
        """(how many incidents pass the filters, a page of their whole records: the most reported first). The
        reviewed reading, or with `machine` the machine's, filtered on its own columns."""
        if machine:
            filters["_machine"] = True
        return self._incident_page("record", limit, offset, filters)

    def incident_summaries(self, limit=100, offset=0, **filters) -> tuple[int, list[str]]:
        """(how many incidents pass the filters, a page of their summaries as stored, JSON text: the most reported
        first; a page is sent on as it is, never parsed)."""
        return self._incident_page("summary", limit, offset, filters, parse=False)

    def _incident_page(self, column, limit, offset, filters, parse=True) -> tuple[int, list]:
        order = QUEUE_ORDER if filters.pop("queue", False) else "n_docs DESC, start DESC"
        table = "machine_incidents" if filters.get("_machine") else "incidents"
        clause, args = self._incident_clause(**filters)
        counted, rows = self._rows_together(
            (f"SELECT COUNT(*) FROM {table} {clause}", args),
            (f"SELECT {column} FROM {table} {clause} ORDER BY {order}, incident LIMIT ? OFFSET ?", args + [limit, offset]))
        return counted[0][0], [json.loads(r[0]) if parse else r[0] for r in rows]

    def claims_of_incidents(self, machine=False, **filters) -> list[dict]:
        """The claims of every incident that passes the filters (for an export), selected by the database: the
        reviewed ones (none an analyst rejected), or with `machine` the machine's."""
        clause, args = self._incident_clause(**filters, _machine=machine)
        claims, incidents = ("machine_claims", "machine_incidents") if machine else ("claims", "incidents")
        rows = self._rows(f"SELECT record FROM {claims} WHERE incident IN (SELECT incident FROM {incidents} {clause}) "
                          f"ORDER BY claim_id", args)
        claims = [json.loads(r[0]) for r in rows]
        claims.sort(key=lambda c: (c.get("date") or "", c["claim_id"]))
        return claims if machine else [c for c in claims if (c.get("review") or {}).get("state") != "rejected"]

    def _incident_clause(self, q=None, date_from=None, date_to=None, place=None, actor=None, event_type=None,
                         sub_event_type=None, contested=None, review=None, _machine=False) -> tuple[str, list]:
        like = self.backend.like
        conditions = [
            None if _machine else ("hidden = 0", []),
            ("review_state = ?", [review]) if review and not _machine else None,
            ('COALESCE("end", start) >= ?', [date_from]) if date_from else None,
            ("start <= ?", [date_to]) if date_to else None,
            (f"(place {like} ? ESCAPE '!' OR search {like} ? ESCAPE '!')",
             [_containing(place), _containing(search_form(place))]) if place else None,
            (f"(' ' || actors || ' ') {like} ? ESCAPE '!'", [_containing(f" {actor} ")]) if actor else None,
            ("event_type = ?", [event_type]) if event_type else None,
            ("sub_event_type = ?", [sub_event_type]) if sub_event_type else None,
            ("contested = ?", [int(contested)]) if contested is not None else None,
            self._text_condition(q, "machine_claims" if _machine else "claims") if q else None,
        ]
        return _where(conditions)

    def _text_condition(self, q, claims="claims"):
        """Incidents whose title or place, or one of whose articles, contains the query (normalised). An article is
        an incident's when the machine grouped it there (incident_docs), whether or not it tells a figure, or when
        a claim of it is the incident's (a review may move claims)."""
        articles, match_args = self.backend.articles_matching(_words(q))
        like = self.backend.like
        return (f"(search {like} ? ESCAPE '!' OR incident IN (WITH found AS (SELECT a.doc FROM {articles}) "
                f"SELECT d.incident FROM incident_docs d WHERE d.doc IN (SELECT doc FROM found) "
                f"UNION SELECT c.incident FROM {claims} c WHERE c.doc IN (SELECT doc FROM found)))",
                [_containing(search_form(q))] + match_args)

    def actor_ids(self) -> list[str]:
        """The ids of the actors the listed incidents name (the `actor` filter's values), the most named first: not
        those only incidents a review hid name (merged into another, or of no relevant document)."""
        counts: dict[str, int] = {}
        for (actors,) in self._rows("SELECT actors FROM incidents WHERE hidden = 0"):
            for actor in (actors or "").split():
                counts[actor] = counts.get(actor, 0) + 1
        return sorted(counts, key=lambda a: (-counts[a], a))

    def incident(self, incident_id: str) -> dict | None:
        rows = self._rows("SELECT record FROM incidents WHERE incident = ?", [incident_id])
        return json.loads(rows[0][0]) if rows else None

    def review_source(self) -> str | None:
        """The fingerprint of the corrections its reviewed reading was built from (rasd/reviewed.py), if any."""
        rows = self._rows("SELECT fingerprint FROM review_source")
        return rows[0][0] if rows else None

    def incidents_of_doc(self, doc: str) -> list[str]:
        """The incidents a document is in: the machine's, and one review split it into or merged it in."""
        return self.incidents_of_docs([doc])

    def incidents_of_docs(self, docs) -> list[str]:
        """The incidents any of these documents is in (the rows review made or changed are read once)."""
        docs = set(docs)
        found = set()
        for doc in sorted(docs):
            found |= {r[0] for r in self._rows("SELECT incident FROM incident_docs WHERE doc = ? UNION SELECT "
                                               "incident FROM claims WHERE doc = ? AND incident IS NOT NULL",
                                               [doc, doc])}
        for incident_id, record in self._rows(f"SELECT incident, record FROM incidents WHERE reviewed <> {MACHINE}"):
            if docs & set(json.loads(record)["docs"]):  # documents review moved: split off, merged in
                found.add(incident_id)
        return sorted(found)

    def claims(self, incident=None, doc=None, limit=1000) -> list[dict]:
        clause, args = _where([("incident = ?", [incident]) if incident else None,
                               ("doc = ?", [doc]) if doc else None])
        rows = self._rows(f"SELECT record FROM claims {clause} ORDER BY date, claim_id LIMIT ?", args + [limit])
        return [json.loads(r[0]) for r in rows]

    def document(self, doc: str) -> dict | None:
        rows = self._rows("SELECT record FROM documents WHERE doc = ?", [doc])
        return json.loads(rows[0][0]) if rows else None

    def search_documents(self, q: str, limit=50, offset=0) -> tuple[int, list[dict]]:
        """(how many documents contain every word of `q`, a page of them: the latest first)."""
        articles, args = self.backend.articles_matching(_words(q))
        order = "ORDER BY {0}published IS NULL, {0}published DESC, {0}doc"  # the page is cut before any row is read
        counted, rows = self._rows_together(
            (f"SELECT COUNT(*) FROM {articles}", args),
            (f"SELECT d.doc, d.title, d.outlet, d.published FROM (SELECT a.doc FROM {articles} "
             f"{order.format('a.')} LIMIT ? OFFSET ?) page JOIN documents d ON d.doc = page.doc {order.format('d.')}",
             args + [limit, offset]))
        return counted[0][0], [{"doc": r[0], "title": r[1], "outlet": r[2], "published": r[3]} for r in rows]


def _where(conditions) -> tuple[str, list]:
    """A WHERE clause of fixed SQL fragments (the values are parameters) and its parameters."""
    chosen = [c for c in conditions if c]
    clause = f"WHERE {' AND '.join(sql for sql, _ in chosen)}" if chosen else ""
    return clause, [arg for _, args in chosen for arg in args]


def _words(q: str) -> list[str]:
    """The query's words of three letters or more (the indexes are of trigrams, so بالحسكة is found by الحسكة)."""
    return [w for w in search_form(q).split() if len(w) >= 3]
