"""Store stage: records of the output contract (../shared/eval/README.md) and atomic JSON Lines writing."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .dates import event_date_indices, expression_records, lead_date_indices
from .document import Document
from .events import event_records
from .records import FORMING, Analysed, ClaimFeatures, DocumentFeatures, PlaceRef, encode_json
from .claim_places import lead_place
from .copies import fingerprint
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


COPY_BLOCK = 1 << 20  # AtomicJsonl.copy's reads: a long run of lines is not held whole
# The buffer of the files a run appends records to (the output, the cache): a record's line is a few KB, and with
# Python's default 8 KB nearly each took a system call of its own (two or three for a cache entry written in parts).
WRITE_BUFFER = 1 << 16


class AtomicJsonl:
    """Write JSON Lines (UTF-8) to a temporary file beside the target; rename over it only on success, once on disk
    (`durable`; a file the run itself reads back and deletes needs no trip to the disk: 36 ms for the stream's)."""

    def __init__(self, path: Path, durable: bool = True):
        self.path, self.durable = Path(path), durable
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        self._tmp = Path(tmp)
        os.chmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; the output is shared like any file the user writes
        self._file = os.fdopen(fd, "wb", buffering=WRITE_BUFFER)

    def write(self, record: dict) -> int:
        """Write one record; the number of bytes its line took."""
        return self._file.write(encode_json(record)) + self._file.write(b"\n")

    def write_line(self, line: bytes) -> int:
        """A record already written as one line of JSON Lines (its UTF-8 bytes, the newline included) by write()."""
        return self._file.write(line)

    def copy(self, source, start: int, size: int) -> None:
        """`size` bytes of the binary file `source` from offset `start`, a block at a time (whole lines of another
        JSON Lines file, copied without being split into lines)."""
        source.seek(start)
        while size > 0:
            block = source.read(min(size, COPY_BLOCK))
            if not block:
                raise ValueError(f"{source.name}: ends {size} bytes before the lines to copy")
            self._file.write(block)
            size -= len(block)

    def commit(self) -> None:
        self._file.flush()
        if self.durable:
            os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.abort()
        return False


def write_jsonl(path: Path, records) -> None:
    with AtomicJsonl(path) as out:
        for record in records:
            out.write(record)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
