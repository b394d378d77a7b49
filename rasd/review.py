"""The coder's desk: analysts' corrections of what Rasd read, kept apart from the machine's output so that they
outlive a new run, and the reviewed reading they make of it.

Every correction is one row: the object, the action, the field with its value before and after, who, when and an
optional note. Objects are keyed by what a new run over a grown corpus reads again, never by the run's ids:
- a claim by its document and evidence span, "doc:start:end" (the same words give the same claim);
- a document by its id, an event mention by its document and evidence span, as a claim;
- an incident by its documents and its id, "doc doc …|inc-…" (found again by its id while a run has it, else as the
  incident that shares at least half of its documents and at least half of whose documents it has).
A correction whose object a run no longer has is orphaned: listed, never dropped.

Writes are optimistic: an object's version is the number of corrections it has; a write names the version its
author saw, and one that meets a later version is refused (StaleWrite) with the object's history, so that a second
analyst sees the first one's change instead of overwriting it. The rows live in the store's database on PostgreSQL
(tables that `rasd load` leaves alone) or in a SQLite file of their own beside a SQLite store (which `rasd load`
replaces whole)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import secrets
import sqlite3
from pathlib import Path

from .store import is_postgres

TABLES = """
CREATE TABLE IF NOT EXISTS review_users (name TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS review_corrections (target TEXT NOT NULL, object_key TEXT NOT NULL,
    version INTEGER NOT NULL, action TEXT NOT NULL, field TEXT, before TEXT, after TEXT, user_name TEXT NOT NULL,
    at TEXT NOT NULL, note TEXT, PRIMARY KEY (target, object_key, version));
CREATE TABLE IF NOT EXISTS review_rebuild (pending INTEGER NOT NULL);
"""

# What each kind of object accepts: its actions, and the fields `correct` may change.
ACTIONS = {
    "claim": {"accept", "reject", "correct", "add"},
    "document": {"not_relevant", "relevant"},
    "event": {"not_relevant", "relevant"},
    "incident": {"accept", "correct", "merge", "split"},
}
CLAIM_FIELDS = ("category", "subject", "value", "qualifier", "claimed_by", "party", "role")
INCIDENT_FIELDS = ("start", "event_type", "sub_event_type", "location")
CATEGORIES = ("killed", "wounded", "casualties", "arrested", "escaped", "surrendered", "released", "held",
              "attackers", "displaced", "missing")
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "tens", "hundreds", "thousands", "millions",
              "some")
ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # an actor, party, role or subject id (the contract's ids)
NOTE_LENGTH = 2000
USER_NAME = re.compile(r"^[\w.@-]{1,60}$")


class ReviewError(ValueError):
    """A correction that cannot be made as asked (unknown object, action or field; a value out of its domain)."""


class StaleWrite(Exception):
    """The object changed since its author read it: `current` is its version now, `history` its corrections."""

    def __init__(self, current: int, history: list[dict]):
        super().__init__(f"the object is at version {current}: reload it, see the change, and correct again")
        self.current, self.history = current, history


def claim_key(record: dict) -> str:
    """The key of a claim or an event mention: its document and evidence span, "doc:start:end"."""
    return f"{record['doc']}:{record['evidence']['start']}:{record['evidence']['end']}"


SPLIT = "split-"  # the id of an incident an analyst split off starts so


def incident_key(docs, incident_id: str | None = None) -> str:
    """An incident's key: its documents, and after a bar the id the run gave it (two incidents may hold the same
    documents; a later run that groups them otherwise finds the incident by its documents)."""
    return " ".join(sorted(docs)) + (f"|{incident_id}" if incident_id else "")


def split_key(key: str) -> tuple[list[str], str]:
    """(the documents, the incident id or "") of an incident key."""
    docs, _, incident_id = key.partition("|")
    return docs.split(), incident_id


def review_path(store_path) -> Path:
    """The SQLite file of a SQLite store's corrections: rasd.sqlite → rasd.review.sqlite, beside it."""
    path = Path(store_path)
    return path.with_name(path.stem + ".review" + path.suffix)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Corrections:
    """The corrections and the users who may write them, in SQLite (a file) or PostgreSQL (a URL)."""

    def __init__(self, target):
        self.target = str(target)
        self.postgres = is_postgres(target)
        self.placeholder = "%s" if self.postgres else "?"
        for attempt in range(5):  # server processes starting together on PostgreSQL race to create the tables
            con = self._connect()
            try:
                with con:
                    for statement in TABLES.split(";"):
                        if statement.strip():
                            con.execute(statement)
                break
            except _integrity_errors():
                if attempt == 4:
                    raise
            finally:
                con.close()

    def fingerprint(self) -> str:
        """Names where these corrections live without saying it (a URL's password stays out of the store)."""
        place = self.target if self.postgres else str(Path(self.target).resolve())
        return hashlib.sha256(place.encode("utf-8")).hexdigest()[:16]

    def _connect(self):
        if self.postgres:
            import psycopg
            return psycopg.connect(self.target)
        con = sqlite3.connect(self.target, timeout=30, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
        return con

    def _rows(self, sql: str, args=()) -> list[tuple]:
        con = self._connect()
        try:
            cur = con.cursor()
            cur.execute(sql.replace("?", self.placeholder), list(args))
            return cur.fetchall()
        finally:
            con.close()

    # users

    def add_user(self, name: str) -> str:
        """Create a user and return its token (shown once; only its hash is kept)."""
        if not USER_NAME.match(name or ""):
            raise ReviewError(f"{name!r}: a user name is 1 to 60 letters, digits, '.', '@', '_' or '-'")
        token = secrets.token_urlsafe(24)
        con = self._connect()
        try:
            with con:
                if con.execute(self._sql("SELECT 1 FROM review_users WHERE name = ?"), [name]).fetchone():
                    raise ReviewError(f"{name}: this user exists already")
                con.execute(self._sql("INSERT INTO review_users VALUES (?, ?, ?)"), [name, hash_token(token), _now()])
        finally:
            con.close()
        return token

    def rebuild_pending(self) -> int:
        """Did a rebuild of the reviewed reading fail since the last whole one, in any process serving the store?
        The next correction's rebuild is then a whole one: a rebuild around that correction alone would leave the
        one whose rebuild failed out of the reading. The latest failure's mark (0: none), so that a whole rebuild
        clears only the failures it read the corrections after (rebuild_done)."""
        return self._rows("SELECT COALESCE(MAX(pending), 0) FROM review_rebuild")[0][0]

    def note_rebuild_pending(self) -> None:
        """A rebuild failed: mark it, after every mark before."""
        con = self._connect()
        try:
            with con:
                con.execute("INSERT INTO review_rebuild SELECT COALESCE(MAX(pending), 0) + 1 FROM review_rebuild")
        finally:
            con.close()

    def rebuild_done(self, mark: int) -> None:
        """A whole rebuild read the corrections when the latest failure's mark was `mark`: the failures up to it are
        in the reading (one marked while it ran is not, and stays pending)."""
        con = self._connect()
        try:
            with con:
                con.execute(self._sql("DELETE FROM review_rebuild WHERE pending <= ?"), [mark])
        finally:
            con.close()

    def remove_user(self, name: str) -> bool:
        """Revoke a user's token; False if there is no such user."""
        con = self._connect()
        try:
            with con:
                cur = con.execute(self._sql("DELETE FROM review_users WHERE name = ?"), [name])
                return cur.rowcount > 0
        finally:
            con.close()

    def users(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT name FROM review_users ORDER BY name")]

    def user_of(self, token: str | None) -> str | None:
        """The user whose token this is, else None."""
        if not token:
            return None
        rows = self._rows("SELECT name, token_hash FROM review_users")
        digest = hash_token(token)
        return next((name for name, stored in rows if secrets.compare_digest(stored, digest)), None)

    # corrections

    def history(self, target: str | None = None, key: str | None = None) -> list[dict]:
        """The corrections of one object (or all of them), oldest first."""
        clause, args = "", []
        if target is not None:
            clause, args = "WHERE target = ? AND object_key = ?", [target, key]
        order = "version" if target is not None else "at, target, object_key, version"  # an object's: its versions
        rows = self._rows(f"SELECT target, object_key, version, action, field, before, after, user_name, at, note "
                          f"FROM review_corrections {clause} ORDER BY {order}", args)
        return [_correction(r) for r in rows]

    def record(self, target: str, key: str, action: str, *, user: str, version: int, field: str | None = None,
               before=None, after=None, note: str | None = None) -> dict:
        """Write one correction on the version its author saw; StaleWrite if the object has moved on since."""
        if target not in ACTIONS or action not in ACTIONS[target]:
            raise ReviewError(f"{target}: no action {action!r} (one of {', '.join(sorted(ACTIONS.get(target, ())))})")
        if note is not None and len(note) > NOTE_LENGTH:
            raise ReviewError(f"a note is at most {NOTE_LENGTH} characters")
        row = [target, key, version + 1, action, field, json.dumps(before, ensure_ascii=False),
               json.dumps(after, ensure_ascii=False), user, _now(), note]
        con = self._connect()
        try:
            if not self.postgres:
                con.execute("BEGIN IMMEDIATE")  # one writer at a time: the version read is the version written on
            else:
                con.autocommit = False
            current = con.execute(self._sql("SELECT COUNT(*) FROM review_corrections WHERE target = ? AND "
                                            "object_key = ?"), [target, key]).fetchone()[0]
            if current != version:
                con.rollback()
                raise StaleWrite(current, self.history(target, key))
            try:
                con.execute(self._sql("INSERT INTO review_corrections VALUES (?,?,?,?,?,?,?,?,?,?)"), row)
                con.commit()
            except _integrity_errors() as err:  # PostgreSQL: another writer took this version meanwhile
                con.rollback()
                raise StaleWrite(version + 1, self.history(target, key)) from err
        finally:
            con.close()
        return _correction(row)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self.placeholder)


def _integrity_errors() -> tuple:
    errors: list[type] = [sqlite3.IntegrityError]
    try:
        import psycopg
        errors.append(psycopg.errors.UniqueViolation)
    except ImportError:
        pass
    return tuple(errors)


def _correction(row) -> dict:
    target, key, version, action, field, before, after, user, at, note = row
    return {"target": target, "key": key, "version": version, "action": action, "field": field,
            "before": json.loads(before) if before else None, "after": json.loads(after) if after else None,
            "user": user, "at": at, "note": note}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


# Checking a correction's value

def checked_claim_value(field: str, value):
    """The value as a claim's field holds it, or ReviewError saying what is wrong."""
    if field not in CLAIM_FIELDS:
        raise ReviewError(f"a claim has no field {field!r} to correct (one of {', '.join(CLAIM_FIELDS)})")
    if field == "value":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ReviewError("value: a whole number of people, 0 or more, or null for a vague quantity")
        return value
    if field == "category" and value not in CATEGORIES:
        raise ReviewError(f"category: one of {', '.join(CATEGORIES)}")
    if field == "qualifier" and value not in QUALIFIERS:
        raise ReviewError(f"qualifier: one of {', '.join(QUALIFIERS)}")
    if field in ("party", "role") and value is None:
        return None
    if not isinstance(value, str) or not ID.match(value):
        raise ReviewError(f"{field}: an id of lower-case letters, digits and '_' (syr, isis, civilians …)")
    return value


def checked_incident_value(field: str, value, event_sub_types: dict[str, list[str]]):
    if field not in INCIDENT_FIELDS:
        raise ReviewError(f"an incident has no field {field!r} to correct (one of {', '.join(INCIDENT_FIELDS)})")
    if field == "start":
        try:
            return dt.date.fromisoformat(value).isoformat()
        except (TypeError, ValueError):
            raise ReviewError("start: a day, YYYY-MM-DD") from None
    if field == "event_type" and value not in event_sub_types:
        raise ReviewError(f"event_type: one of {', '.join(event_sub_types)}")
    if field == "sub_event_type" and value not in {s for subs in event_sub_types.values() for s in subs}:
        raise ReviewError("sub_event_type: one of ACLED's sub-event types of Rasd's event types")
    if field == "location":
        return _checked_location(value)
    return value


def _checked_location(value) -> dict:
    """A place from the gazetteer ({"place": "gn:…"}) or a point on the map ({"lat", "lon", "name"})."""
    from .gazetteer import gazetteer
    from .incidents import location_record
    if isinstance(value, dict) and isinstance(value.get("place"), str):
        place = gazetteer().places.get(value["place"])
        if place is None:
            raise ReviewError(f"location: no place {value['place']!r} in the gazetteer")
        return location_record(place)
    if isinstance(value, dict) and all(isinstance(value.get(k), (int, float)) and not isinstance(value.get(k), bool)
                                       for k in ("lat", "lon")):
        lat, lon = float(value["lat"]), float(value["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ReviewError("location: lat within ±90, lon within ±180")
        name = str(value.get("name") or "")[:200]
        return {"name": name or None, "name_ar": None, "admin1": None, "lat": round(lat, 5), "lon": round(lon, 5),
                "country": None, "feature": "point", "geo_precision": None, "place_id": None}
    raise ReviewError('location: {"place": "gn:…"} from the gazetteer, or {"lat": …, "lon": …, "name": …}')


@dataclasses.dataclass
class ReviewState:
    """What the corrections of one object say now."""
    state: str = "machine"   # machine, accepted, corrected, rejected, added (claims); machine, corrected (others)
    version: int = 0
    by: str | None = None
    at: str | None = None
    note: str | None = None
    machine: dict = dataclasses.field(default_factory=dict)  # the machine's value of each corrected field

    def as_dict(self, key: str) -> dict:
        return {"key": key, **dataclasses.asdict(self)}
