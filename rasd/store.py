"""The store behind the web page and the API: one SQLite file with a run's documents, claims and incidents, and a
full-text (trigram) index of the articles in normalised Arabic (أ/إ/آ → ا، ى → ي، ة → ه، no diacritics)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .normalize import normalize_term
from .output import read_jsonl

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (doc TEXT PRIMARY KEY, status TEXT, outlet TEXT, published TEXT, title TEXT,
                                      record TEXT);
CREATE TABLE IF NOT EXISTS claims (claim_id TEXT PRIMARY KEY, doc TEXT, incident TEXT, category TEXT, subject TEXT,
                                   claimed_by TEXT, date TEXT, record TEXT);
CREATE INDEX IF NOT EXISTS claims_incident ON claims (incident);
CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc);
CREATE TABLE IF NOT EXISTS incidents (incident TEXT PRIMARY KEY, start TEXT, "end" TEXT, event_type TEXT,
                                      place TEXT, actors TEXT, contested INTEGER, n_docs INTEGER, search TEXT,
                                      record TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS articles USING fts5(doc UNINDEXED, body, tokenize='trigram');
"""


def search_form(text: str) -> str:
    """The form both articles and queries are searched in."""
    return normalize_term(text or "").replace("ة", "ه")


def load(out_dir: Path, db_path: Path) -> Path:
    """Import a run's three files into a fresh SQLite file (written beside, then renamed into place)."""
    out_dir, db_path = Path(out_dir), Path(db_path)
    tmp = db_path.with_suffix(db_path.suffix + ".part")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA)
    documents = read_jsonl(out_dir / "documents.jsonl")
    claims = read_jsonl(out_dir / "claims.jsonl")
    incidents = read_jsonl(out_dir / "incidents.jsonl")
    con.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?)", [
        (d["doc"], d.get("status"), d.get("outlet"), d.get("published"), d.get("title"), json.dumps(d))
        for d in documents])
    con.executemany("INSERT INTO articles VALUES (?,?)", [
        (d["doc"], search_form((d.get("title") or "") + "\n" + (d.get("text") or ""))) for d in documents])
    con.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?)", [
        (c["claim_id"], c["doc"], c.get("incident"), c["category"], c["subject"], c["claimed_by"], c.get("date"),
         json.dumps(c)) for c in claims])
    con.executemany("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?)", [_incident_row(i, claims) for i in incidents])
    con.commit()
    con.close()
    tmp.replace(db_path)
    return db_path


def _incident_row(incident, claims):
    loc = incident.get("location") or {}
    actors = {c["subject"] for c in claims if c.get("incident") == incident["incident"]} | {
        c["claimed_by"] for c in claims if c.get("incident") == incident["incident"]}
    place = " ".join(filter(None, [loc.get("name"), loc.get("name_ar"), loc.get("admin1")]))
    contested = any(f["conflict"] for f in incident["figures"])
    search = search_form(" ".join([incident.get("title") or "", place]))
    return (incident["incident"], incident.get("start"), incident.get("end"), incident["event_type"], place,
            " ".join(sorted(actors)), int(contested), len(incident["docs"]), search, json.dumps(incident))


class Store:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        if not self.db_path.exists():
            raise FileNotFoundError(f"{db_path}: no such database (create it with: rasd load OUTDIR)")

    def _connect(self):
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        return con

    def incidents(self, q=None, date_from=None, date_to=None, place=None, actor=None, event_type=None,
                  contested=None, limit=100, offset=0) -> tuple[int, list[dict]]:
        where, args = [], []
        if date_from:
            where.append('COALESCE("end", start) >= ?')
            args.append(date_from)
        if date_to:
            where.append("start <= ?")
            args.append(date_to)
        if place:
            where.append("(place LIKE ? OR search LIKE ?)")
            args += [f"%{place}%", f"%{search_form(place)}%"]
        if actor:
            where.append("(' ' || actors || ' ') LIKE ?")
            args.append(f"% {actor} %")
        if event_type:
            where.append("event_type = ?")
            args.append(event_type)
        if contested is not None:
            where.append("contested = ?")
            args.append(int(contested))
        if q:
            where.append("(search LIKE ? OR incident IN (SELECT c.incident FROM claims c JOIN articles a ON a.doc = "
                         "c.doc WHERE articles MATCH ?))")
            args += [f"%{search_form(q)}%", _fts_query(q)]
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._connect() as con:
            total = con.execute(f"SELECT COUNT(*) FROM incidents {clause}", args).fetchone()[0]
            rows = con.execute(f"SELECT record FROM incidents {clause} ORDER BY n_docs DESC, start DESC "
                               f"LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
        return total, [json.loads(r["record"]) for r in rows]

    def incident(self, incident_id: str) -> dict | None:
        with self._connect() as con:
            row = con.execute("SELECT record FROM incidents WHERE incident = ?", (incident_id,)).fetchone()
        return json.loads(row["record"]) if row else None

    def claims(self, incident=None, doc=None, limit=1000) -> list[dict]:
        where, args = [], []
        if incident:
            where.append("incident = ?")
            args.append(incident)
        if doc:
            where.append("doc = ?")
            args.append(doc)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._connect() as con:
            rows = con.execute(f"SELECT record FROM claims {clause} ORDER BY date, claim_id LIMIT ?",
                               args + [limit]).fetchall()
        return [json.loads(r["record"]) for r in rows]

    def document(self, doc: str) -> dict | None:
        with self._connect() as con:
            row = con.execute("SELECT record FROM documents WHERE doc = ?", (doc,)).fetchone()
        return json.loads(row["record"]) if row else None

    def all_incidents(self) -> list[dict]:
        return self.incidents(limit=10**9)[1]

    def search_documents(self, q: str, limit=50) -> list[dict]:
        with self._connect() as con:
            rows = con.execute("SELECT d.doc, d.title, d.outlet, d.published FROM articles a JOIN documents d ON "
                               "d.doc = a.doc WHERE articles MATCH ? LIMIT ?", (_fts_query(q), limit)).fetchall()
        return [dict(r) for r in rows]


def _fts_query(q: str) -> str:
    """Every word of the query (three letters or more: the index is of trigrams, so بالحسكة is found by الحسكة),
    as a quoted term, so user input is never FTS syntax."""
    words = [w for w in search_form(q).split() if len(w) >= 3]
    return " ".join('"' + w.replace('"', "") + '"' for w in words) or '""'
