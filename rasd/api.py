"""The Python API: `analyze` one text, `run` a corpus into the three files of the output contract."""
from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .document import Document
from .copies import find_copies
from .incidents import build_incidents
from .ingest import iter_sources
from .output import AtomicJsonl, write_jsonl
from .pipeline import process
from .records import DocumentFeatures, shared_strings, working_record
from .limits import DEFAULT_TIME_LIMIT, checked_time_limit
from .runner import Cache, analyse_on_ray, analyse_sources


@dataclass
class Result:
    out_dir: Path | None
    documents: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)   # the failed documents' records
    features: dict[str, DocumentFeatures] = field(default_factory=dict)  # by document id, for the incidents stage
    counts: tuple = (0, 0, 0)                              # documents, claims, incidents

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        documents, claims, incidents = self.counts
        return (f"{_count(documents, 'document')} read, {self.failed} failed, {_count(claims, 'claim')}, "
                f"{_count(incidents, 'incident')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def analyze(text: str, published: str | None = None, outlet: str | None = None, doc_id: str = "doc") -> Document:
    """Run the per-document pipeline on one text; the Document carries claims, dates and the offset map."""
    doc = Document(doc_id=doc_id, original=text, published=published, outlet=outlet)
    if not text.strip():
        doc.status, doc.error = "failed", f"{doc_id}: empty: no text"
        return doc
    return process(doc)


def run(paths, out_dir=None, progress: bool | None = None, workers: int = 1, engine: str = "local",
        address: str | None = None, keep: bool = True, all_events: bool = False,
        time_limit: float | None = DEFAULT_TIME_LIMIT) -> Result:
    """Read every input under `paths`, analyse it and, with `out_dir`, write documents/claims/incidents.jsonl.

    workers: processes on this machine; engine "ray" runs the per-document stage on Ray (address: the cluster's,
    or None for a local one). With out_dir, per-document results are cached in out_dir/.rasd, so a re-run over a
    grown corpus analyses only the new documents, and an interrupted run resumes. keep=False keeps only counts and
    failures in the Result (the files hold the rest): the per-document stage then streams, never holding texts.
    Only reports of political violence and protests form incidents; all_events=True also groups crimes and
    accidents, into incidents of their own kind. A document whose reading and analysis take more than time_limit
    seconds of CPU (None or 0: no limit) is stopped and fails alone, uncached."""
    time_limit = checked_time_limit(time_limit)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers={workers!r}: the number of processes, 1 or more")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    exclude = Path(out_dir) if out_dir else None
    inputs = iter_sources(paths, exclude)
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        inputs = _progress_bar(inputs)
    out = Path(out_dir) if out_dir else None
    cache = Cache(out) if out else None
    slim = bool(out) and not keep
    results = analyse_sources(inputs, cache, workers, slim, time_limit) if engine == "local" else \
        analyse_on_ray(inputs, cache, address, slim, time_limit)
    with _gathering(engine, workers):
        return _gathered(results, out, cache, keep, all_events)


def _progress_bar(inputs):
    """`inputs` counted on a progress bar on standard error. The bar starts no monitor thread (tqdm's, which wakes
    every 10 s to redraw a stalled bar): the worker processes are forked after the bar is made, and a process forked
    while another thread runs may inherit a lock that thread held and wait on it for ever (Python 3.12 and later
    warn of it)."""
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0

    return Bar(inputs, unit="doc", desc="rasd", file=sys.stderr)


def _gathered(results, out: Path | None, cache, keep: bool, all_events: bool) -> Result:
    """The run's Result from its documents' results: gathered (each record spilled as it comes, with out), grouped
    into incidents and written. What it gathers is let go when it returns, unless kept."""
    spilled = AtomicJsonl(out / ".rasd" / SPILLED, durable=False) if out else None  # read back, then deleted
    result = Result(out)
    documents, claims, features = [], [], {}
    as_spilled = []  # each record's spilled line's length, what the incidents stage may set as it was, its notes' count
    forming = set(CONFLICT_RELEVANCE) | ({"crime_accident"} if all_events else set())
    finished = False
    try:
        for record, doc_claims, doc_features, line in results:
            if spilled:
                length = spilled.write_line(line) if line is not None else spilled.write(record)
                as_spilled.append((length, tuple(map(record.get, SET_BY_INCIDENTS)), len(record.get("notes") or ())))
            documents.append(shared_strings(working_record(record, forming)) if spilled and not keep else record)
            claims.extend(shared_strings(doc_claims) if not keep else doc_claims)
            features[record["doc"]] = doc_features.with_shared_strings() if not keep else doc_features
        incidents = incidents_of(documents, claims, features, all_events)
        if out:
            spilled.commit()
            _write(out, documents, claims, incidents, as_spilled)
        finished = True
    except BaseException:
        if spilled:
            spilled.abort()
        raise
    finally:
        try:
            results.close()  # its workers (a pool, Ray tasks, a Ray instance it started) stop now, even after an error
        finally:
            if cache:
                cache.close(finished)
    result.failures = [d for d in documents if d["status"] != "ok"]
    result.counts = (len(documents), len(claims), len(incidents))
    if keep:
        result.documents, result.claims, result.incidents, result.features = documents, claims, incidents, features
    return result


def _gathering(engine: str, workers: int):
    """Where worker processes analyse, this one mostly gathers their results, which stay alive: the cyclic
    collector's passes over them (a tenth of its CPU on the stream) would free nothing, so they are paused; the
    workers, forked meanwhile, collect their own garbage (settings.collector_paused), and the few documents analysed
    here (an id met before) let go of their one cycle (runner.analyse_one). The pause lasts through the incidents
    stage and the writing, and ends once the run's data is let go (_gathered returned): the collector, on again
    between them, made a young pass over everything gathered and freed nothing (0.12 s on the stream, where nothing
    else runs beside it). Where this process analyses, it collects as usual."""
    return settings.collector_paused() if engine == "local" and workers > 1 else contextlib.nullcontext()


CONFLICT_RELEVANCE = ("political_violence", "protest")


def incidents_of(documents: list[dict], claims: list[dict], features: dict[str, DocumentFeatures],
                 all_events: bool = False) -> list[dict]:
    """Conflict incidents from the reports of political violence and protests; with all_events, also crime and
    accident incidents (kind "crime_accident") from the reports of those. Other reports' claims keep no incident."""
    with settings.collector_paused():  # what it reads and builds stays alive through it: passes would free nothing
        return _incidents_of(documents, claims, features, all_events)


def _incidents_of(documents, claims, features, all_events):
    kinds = [("conflict", CONFLICT_RELEVANCE)] + ([("crime_accident", ("crime_accident",))] if all_events else [])
    label = {d["doc"]: (d.get("relevance") or {}).get("label") for d in documents}
    copy_of = find_copies([(d["doc"], features[d["doc"]].fingerprint, d.get("published")) for d in documents
                           if d["status"] == "ok" and d["doc"] in features])
    for document in documents:
        document["copy_of"] = copy_of.get(document["doc"])
    incidents, taken_ids = [], set()
    for kind, labels in kinds:
        chosen = [d for d in documents if label[d["doc"]] in labels]
        ids = {d["doc"] for d in chosen}
        for incident in build_incidents(chosen, [c for c in claims if c["doc"] in ids], features, copy_of, taken_ids):
            incident["kind"] = kind
            incidents.append(incident)
    return incidents


SPILLED = "documents.spilled.jsonl"  # each document's whole record, written as the run goes
SET_BY_INCIDENTS = ("published", "published_inferred", "copy_of")


def _write(out: Path, documents, claims, incidents, as_spilled) -> None:
    """documents.jsonl: each document's whole record, as spilled during the run, with what the incidents stage set
    (the day it was dated by its incident, the original it is a copy of). Most records the incidents stage left as
    they were: the runs of their lines are copied from the spilled file as they are (no decoding, no encoding, no
    line by line)."""
    spilled_path = out / ".rasd" / SPILLED
    with open(spilled_path, "rb") as spilled, AtomicJsonl(out / "documents.jsonl") as target:
        copied = offset = 0  # the spilled file up to `copied` is in the target; `offset`: the record's line
        for record, (length, before, notes_before) in zip(documents, as_spilled, strict=True):
            now, added_notes = tuple(map(record.get, SET_BY_INCIDENTS)), (record.get("notes") or [])[notes_before:]
            if now != before or added_notes:
                target.copy(spilled, copied, offset - copied)
                whole = {**json.loads(spilled.read(length)), **dict(zip(SET_BY_INCIDENTS, now))}
                if added_notes:  # the incidents stage's own (a day it could not work out)
                    whole["notes"] = [*(whole.get("notes") or []), *added_notes]
                target.write(whole)
                copied = offset + length
            offset += length
        target.copy(spilled, copied, offset - copied)
    spilled_path.unlink()
    write_jsonl(out / "claims.jsonl", claims)
    write_jsonl(out / "incidents.jsonl", incidents)
