"""Typed records the per-document stage hands to the cross-document stage, beside the documents' and claims' records
of the output contract: what incidents are built from but no output file shows (date expressions, signature,
place mentions, headline; each figure's sentence, date expression and recalled time), and the units the incidents
stage groups. They pickle (worker processes return them) and turn into JSON and back (the cache, the Ray engine)."""
from __future__ import annotations

import base64
import dataclasses
import json
import sys
from typing import NamedTuple

import orjson


# The standard library's encoder, writing what encode_json writes: compact, UTF-8 unescaped. The records are trees of
# plain data, never circular: no check (it notes and forgets every list and dict it enters)
_encode_compact = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def encode_json(value) -> bytes:
    """`value` (plain data) as one line of JSON in UTF-8, as the output files and the cache hold it: compact (no space
    after `,` and `:`), its text unescaped, its keys in their order. Bytes, not text: every reader writes them to a
    file or a pipe, and a record's text is then never decoded and encoded again on its way (read and written as
    text, it cost the parent process 14 % of its instructions a document, a worker 2 %). orjson's compiled encoder
    writes it (encoding was 7 % of a worker's instructions with the standard library's); the standard library's
    writes the same text for what orjson refuses: an integer beyond 64 bits, a key that is no string, nesting deeper than 254; a string holding a lone surrogate, which no UTF-8 can hold,
    raises UnicodeEncodeError (reading replaces them: rasd/ingest.py)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return _encode_compact(value).encode()


class PlaceRef(NamedTuple):
    """A place mention as the cross-document stage keeps it."""
    place_id: str   # the gazetteer's id
    sentence: int   # first token of its sentence
    weight: float   # below 1 where it is not where the event happened (where it was announced, a dateline)


@dataclasses.dataclass(frozen=True)
class ClaimFeatures:
    """What the cross-document stage needs of a figure beyond its record."""
    date_expr: int | None = None             # index of the date expression that dates it, in DocumentFeatures.dates
    sentence: int | None = None              # first token of its sentence
    recalled: tuple[str, str] | None = None  # first and last day of an earlier event its sentence recalls
    place: int | None = None                 # index in DocumentFeatures.places of where it happened

    def to_json(self) -> list:
        return [self.date_expr, self.sentence, list(self.recalled) if self.recalled else None, self.place]

    @classmethod
    def from_json(cls, data: list) -> ClaimFeatures:
        date_expr, sentence, recalled, place = data
        return cls(date_expr, sentence, tuple(recalled) if recalled else None, place)


NO_CLAIM_FEATURES = ClaimFeatures()


@dataclasses.dataclass(frozen=True)
class DocumentFeatures:
    """What the cross-document stage needs of a document beyond its record, so that incidents can be built (and
    documents dated from them) without keeping the texts."""
    dates: tuple[dict, ...] = ()         # its date expressions as plain data (dates.expression_records)
    signature: dict = dataclasses.field(default_factory=dict)  # its most frequent content words and their counts
    places: tuple[PlaceRef, ...] = ()    # its place mentions
    lead_dates: tuple[int, ...] = ()     # indices into `dates` of the expressions in its lead
    headline: str | None = None          # the first line of its text that reads as a headline
    claims: dict = dataclasses.field(default_factory=dict)  # claim id -> ClaimFeatures, for each of its figures
    fingerprint: bytes | None = None     # MinHash of its text's shingles, to find its copies (rasd/copies.py)
    lead_place: int | None = None        # index in `places` of where its lead says the story happened
    event_dates: tuple[int, ...] = ()    # indices into `dates` of the exact days of its own event (no statement's)

    def claim(self, claim_id: str) -> ClaimFeatures:
        return self.claims.get(claim_id, NO_CLAIM_FEATURES)

    def with_shared_strings(self) -> DocumentFeatures:
        """These features with their recurring strings interned (see shared_strings); themselves where they hold
        none (a report that forms no incident keeps only its fingerprint). Copied field by field, not by
        dataclasses.replace, which reads the class's fields and checks them on each call (the parent makes one copy
        a report, while its workers analyse: 2–4 µs against 5–18)."""
        if not self.signature:
            return self
        features = object.__new__(DocumentFeatures)
        features.__dict__.update(self.__dict__)
        object.__setattr__(features, "signature", shared_strings(self.signature))
        return features

    def to_json(self) -> dict:
        return {"dates": list(self.dates), "signature": self.signature, "places": [list(p) for p in self.places],
                "lead_dates": list(self.lead_dates), "headline": self.headline,
                "claims": {claim_id: c.to_json() for claim_id, c in self.claims.items()},
                "fingerprint": base64.b64encode(self.fingerprint).decode() if self.fingerprint else None,
                "lead_place": self.lead_place, "event_dates": list(self.event_dates)}

    @classmethod
    def from_json(cls, data: dict) -> DocumentFeatures:
        return cls(dates=tuple(data["dates"]), signature=data["signature"],
                   places=tuple(PlaceRef(*p) for p in data["places"]), lead_dates=tuple(data["lead_dates"]),
                   headline=data["headline"],
                   claims={claim_id: ClaimFeatures.from_json(c) for claim_id, c in data["claims"].items()},
                   fingerprint=base64.b64decode(data["fingerprint"]) if data.get("fingerprint") else None,
                   lead_place=data["lead_place"], event_dates=tuple(data.get("event_dates", ())))


NO_FEATURES = DocumentFeatures()

SHORT = 40  # strings this short (keys, ids, categories, roles, words) recur across a corpus's documents


def python_shared_strings(value):
    """`value` (plain data) with its keys and short strings interned: the records a process gathers for the
    cross-document stage repeat the same few thousand strings millions of times, and each document's results
    arrive from a worker (unpickled) with copies of their own. Numbers, booleans and None are kept without a call.
    The reference and the fallback of shared_strings, which is compiled where the build could (rasd/_records.pyx)."""
    kind = type(value)
    if kind is str:
        return sys.intern(value) if len(value) <= SHORT else value
    if kind is dict:
        return {sys.intern(k) if type(k) is str else k: python_shared_strings(v) if type(v) in _SHARED else v
                for k, v in value.items()}
    if kind is list:
        return [python_shared_strings(v) if type(v) in _SHARED else v for v in value]
    return value


_SHARED = frozenset({str, dict, list})  # the types shared_strings changes

try:  # the same walk compiled, where the build compiled it
    from ._records import shared_strings
    SHARED_STRINGS_COMPILED = True
except ImportError:  # installed where no C compiler was
    shared_strings = python_shared_strings
    SHARED_STRINGS_COMPILED = False


class Analysed(NamedTuple):
    """The per-document stage's result for one document."""
    record: dict                # the document's record (output contract), or only its working fields (see `line`)
    claims: list[dict]          # its claims' records (output contract)
    features: DocumentFeatures  # what the cross-document stage needs beside them
    line: bytes | None = None   # the whole record as its JSON Lines line, when a worker wrote it (`record` is then
    #                             working_record(the record): a process never decodes what it only writes out) or
    #                             the cache kept it (beside the whole record): it is written out as it is

    def to_json(self) -> dict:
        return {"record": self.record, "claims": self.claims, "features": self.features.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> Analysed:
        return cls(data["record"], data["claims"], DocumentFeatures.from_json(data["features"]))

    def entry_tail(self) -> EntryTail:
        """The cache's entry but for its record, whose JSON is `line`'s (see EntryTail)."""
        return EntryTail(encode_json(self.claims), encode_json(self.features.to_json()))


class EntryTail(NamedTuple):
    """A cache entry's parts after its record (its claims' and features' JSON), travelling from a worker beside the
    record's line, which holds the record's JSON: the entry is joined where it is written (entry_pieces), and the
    record's few KB cross no pipe twice."""
    claims: bytes
    features: bytes


def entry_pieces(record_json, claims_json: bytes, features_json: bytes) -> tuple:
    """The cache's entry for a document (Analysed.to_json() as JSON) as the pieces to write one after the other,
    from its three parts already encoded."""
    return b'{"record":', record_json, b',"claims":', claims_json, b',"features":', features_json, b"}"


def entry_of(record_json: bytes, claims_json: bytes, features_json: bytes) -> bytes:
    """The cache's entry for a document (Analysed.to_json() as JSON), from its three parts already encoded."""
    return b"".join(entry_pieces(record_json, claims_json, features_json))


WORKING_FIELDS = ("doc", "status", "error", "published", "published_inferred", "outlet", "title", "relevance")
FORMING = frozenset({"political_violence", "protest", "crime_accident"})  # the labels whose reports may form incidents


def working_record(record: dict, forming=FORMING) -> dict:
    """What the cross-document stage reads of a document (its events only when its reports form incidents): a
    stream's records, texts and events stay on disk until documents.jsonl is written."""
    working = {k: record.get(k) for k in WORKING_FIELDS}
    if (record.get("relevance") or {}).get("label") in forming:
        working["events"] = record.get("events")
    return working


@dataclasses.dataclass(eq=False)
class ReportUnit:
    """What the incidents stage groups: a document, a part of one that reports events in places far apart
    ("DOC@2", rasd/parts.py), or the figures by which it recalls an earlier event ("DOC~1", "DOC@2~1")."""
    id: str
    doc: dict                    # the document's record, which dating from the incident completes
    features: DocumentFeatures   # the document's
    claims: list[dict]           # the unit's figures
    places: tuple[PlaceRef, ...]  # the place mentions of the unit (of its figures' sentences, for a part)
    recalled: tuple[str, str] | None = None  # first and last day of the earlier event it recalls

    @classmethod
    def whole(cls, doc: dict, features: DocumentFeatures, claims: list[dict]) -> ReportUnit:
        return cls(doc["doc"], doc, features, claims, features.places)

    def lead_ref(self) -> PlaceRef | None:
        """The place mention the document's lead names for its story, or None."""
        index = self.features.lead_place
        return self.features.places[index] if index is not None else None

    @property
    def is_part(self) -> bool:
        """A part of a roundup (or the figures of a recalled event): its document's headline tells of more."""
        return self.id != self.doc["doc"]

    def claim(self, claim: dict) -> ClaimFeatures:
        """The features of one of the document's figures."""
        return self.features.claim(claim["claim_id"])
