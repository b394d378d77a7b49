"""Running the per-document pipeline over a corpus: in this process, on N local processes, or on a Ray cluster;
with a cache of per-document results in the output folder so that a re-run processes only what is new (and an
interrupted run resumes where it stopped)."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import multiprocessing
import os
from collections import deque
from contextlib import closing
from functools import partial
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from .document import Document
from .ingest import MAX_DOCUMENT_BYTES, Source, read_source, source_at, unique_id
from . import settings
from .version import __version__
from .output import claim_records, document_features, document_record
from .pipeline import process, warm_up
from .records import NO_FEATURES, Analysed, DocumentFeatures, entry_of, working_record

BATCH = 256
CACHE_DIR = ".rasd"


@settings.knowledge
def pipeline_version() -> str:
    """Changes whenever Rasd's code, any lexicon (Rasd's or the user's) or a tuning setting changes: cached results
    are then recomputed."""
    digest = hashlib.sha1(__version__.encode())
    digest.update(repr(dataclasses.replace(settings.current(), lexicon_folders=())).encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    for path in sorted(resources.files("rasd.data").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".tsv"):
            digest.update(path.read_bytes())
    for folder in settings.current().lexicon_folders:
        for path in sorted(Path(folder).glob("*.tsv")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def source_key(source: Source) -> str:
    """The cache key of an input as it lies on disk: its bytes, the file's name (a .html is read otherwise than a
    .txt; a file's name is its id) or the line's number, and the pipeline's version. Hashing bytes is cheap: the
    parent process keys each input without decoding it."""
    digest = hashlib.sha1(pipeline_version().encode())
    digest.update(json.dumps([Path(source.path).name, source.line, source.problem]).encode())
    digest.update(source.raw or b"")
    return digest.hexdigest()


def analyse_source(source: Source, encode: bool = True, slim: bool = False) -> tuple[Analysed, bytes | None]:
    """In a worker: read the input, analyse it, and (when there is a cache to put it in) encode the result for the
    cache (JSON encoding is no small part of the cost, and the parent process has the least time to spare). `slim`:
    the record travels as its JSON line, with only its working fields decoded (records.working_record): the parent
    writes the line out as it is and never unpickles the texts and events it only writes."""
    result = analyse_one(read_source(source))
    if not (encode or slim):
        return result, None
    record_json = json.dumps(result.record, ensure_ascii=False)
    encoded = result.entry_json(record_json).encode() if encode else None
    if slim:
        result = result._replace(record=working_record(result.record), line=record_json + "\n")
    return result, encoded


def analyse_one(doc: Document) -> Analysed:
    """The document's record, its claims' and its features; never raises (a worker's exception would lose its whole
    batch). The document's view is let go at the end: it points back at the document, and without that cycle the
    document's few hundred objects are freed at once rather than left for the cyclic garbage collector."""
    try:
        return _analysed(doc)
    finally:
        doc.view = None


def _analysed(doc: Document) -> Analysed:
    try:
        doc = process(doc)
        return Analysed(document_record(doc), claim_records(doc), document_features(doc))
    except Exception as e:  # noqa: BLE001 - the stages guard themselves; this catches the records' own faults
        doc.status = "failed"
        doc.error = f"{doc.source or doc.doc_id}: internal error in stage output: {type(e).__name__}: {e}"
        doc.claims, doc.events = [], []  # what failed may be the events' or the features' own records
        return Analysed(document_record(doc), [], NO_FEATURES)


class Cache:
    """out_dir/.rasd/cache.jsonl: one line per analysed document, {"key", "record", "claims", "features"}, appended
    as the run goes. Only byte offsets are kept in memory."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / CACHE_DIR / "cache.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.offsets: dict[str, int] = {}
        if self.path.exists():
            with open(self.path, "rb") as f:
                offset = 0
                for line in f:
                    try:
                        self.offsets[json.loads(line)["key"]] = offset
                    except (ValueError, KeyError):
                        pass  # a line cut by an interrupted run
                    offset += len(line)
        self._append = open(self.path, "ab")
        if self._append.tell() and not _ends_with_newline(self.path):
            self._append.write(b"\n")  # an interrupted run cut its last line: end it, so the next one stands alone
        self._read = open(self.path, "rb")
        self.hits = 0

    def get(self, key: str) -> Analysed | None:
        offset = self.offsets.get(key)
        if offset is None:
            return None
        self._append.flush()
        self._read.seek(offset)
        entry = json.loads(self._read.readline())
        self.hits += 1
        return Analysed.from_json(entry)

    def put(self, key: str, result: Analysed, encoded: bytes | None = None) -> None:
        """Keep `result` under `key` (`encoded`: its to_json() as JSON, when already encoded)."""
        encoded = encoded or json.dumps(result.to_json(), ensure_ascii=False).encode()
        self._append.seek(0, os.SEEK_END)
        offset = self._append.tell()
        self._append.write(b'{"key": ' + json.dumps(key).encode() + b", " + encoded[1:] + b"\n")
        self.offsets[key] = offset

    def close(self) -> None:
        self._append.close()
        self._read.close()


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def analyse_sources(sources: Iterable[Source], cache: Cache | None = None, workers: int = 1,
                    slim: bool = False) -> Iterator[Analysed]:
    """The local engine's run: each input's result, in input order, its id unique in the run. The parent process
    only keys the inputs and looks them up in the cache; reading, decoding, HTML extraction, analysis and the
    cache's JSON happen in the workers. A document whose id came before (x.txt beside x.html) is read again here
    under its new id (ID~2) and not cached, since its result depends on what came before it. `slim`: each record
    comes as its JSON line with only its working fields decoded (analyse_source)."""
    pool = _pool(workers) if workers > 1 else None
    seen: dict[str, int] = {}
    analyse = partial(analyse_source, encode=cache is not None, slim=slim)
    yield from _batched(sources, source_key, cache, pool, lambda todo: _start_sources(todo, pool, workers, analyse),
                        lambda *pending: _finish_sources(*pending, cache, seen))


def _batched(items, key_of, cache, pool, start, finish):
    """Batches of items keyed and looked up in the cache, the rest started (start(todo) -> results), finished in
    input order (finish(batch, keys, cached, results)); with a pool, one batch in the workers' hands and one more
    queued behind it."""
    items = iter(items)
    pending: deque = deque()  # (batch, keys, cached hits, fresh results) in input order
    try:
        while True:
            batch = list(islice(items, BATCH))
            if batch:
                keys = [key_of(item) for item in batch] if cache else [None] * len(batch)
                cached = [cache.get(k) if cache else None for k in keys]
                todo = [item for item, c in zip(batch, cached, strict=True) if c is None]
                pending.append((batch, keys, cached, start(todo)))
            if not pending:
                return
            if batch and pool is not None and len(pending) < 2:
                continue
            yield from finish(*pending.popleft())
    finally:
        if pool is not None:
            pool.close()
            pool.join()


def _start_sources(todo, pool, workers, analyse):
    if pool is not None:
        return _results_of(pool.map_async(analyse, todo, chunksize=max(1, len(todo) // (workers * 4))))
    if todo:
        warm_up()
    return (analyse(s) for s in todo)


def _finish_sources(batch, keys, cached, results, cache, seen):
    yield from _in_input_order(zip(batch, keys, cached, strict=True), iter(results), cache, seen, lambda s: s)


def _in_input_order(inputs, fresh, cache, seen, read_again):
    """Each input's result in turn, from (source or its place, cache key, cached hit or None) and the fresh results
    (analysed, its cache entry) of those without a hit; a fresh one is cached. A document whose id came before (x.txt
    beside x.html) is read again here (read_again(source)) under its new id (ID~2) and not cached, since its result
    depends on what came before it."""
    for source, key, hit in inputs:
        encoded = None
        if hit is None:
            hit, encoded = next(fresh)
        else:
            hit.record["source"] = source.where  # the same input may now be read from elsewhere
        if hit.record["doc"] in seen:
            yield analyse_one(unique_id(read_source(read_again(source)), seen))
            continue
        seen[hit.record["doc"]] = 1
        if encoded is not None and cache:
            cache.put(key, hit, encoded)
        yield hit


def _results_of(pending):
    """The results of work handed to the pool, waited for only when they are first needed."""
    yield from pending.get()


def _pool(workers: int):
    warm_up()  # built once here, shared with the forked workers
    return multiprocessing.get_context("fork").Pool(workers)


RAY_SHARD = 1024  # documents per JSON Lines shard that Ray reads


def analyse_on_ray(sources: Iterable[Source], cache: Cache | None = None, address: str | None = None,
                   slim: bool = False) -> Iterator[Analysed]:
    """The Ray engine's run, as analyse_sources is the local engine's: each input's result, in input order, its id
    unique in the run. Here the inputs are only keyed and looked up in the cache; those not in it are written as
    JSON Lines shards of their bytes (in a temporary folder of the corpus's size) and read, decoded, extracted and
    analysed on the cluster's workers as one streaming dataset (ray.data.read_json, map_batches: a dataset per
    batch paid Ray's start-up each time and left the cluster idle between them). The results are taken in input
    order as they come, each cached as it arrives; only each input's place and cache key stay here meanwhile. The
    workers encode each document's record, claims and features once (with `slim`, the record travels as its JSON
    line and only its working fields are decoded here, as analyse_source does) and the cache's entry is joined
    here from them."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="rasd-ray-") as folder:
        plan: list[tuple[Source, str | None, bool]] = []  # in input order: (where it lies, cache key, cached?)
        with _Shards(Path(folder)) as shards:
            for source in sources:
                key = source_key(source) if cache else None
                cached = cache is not None and key in cache.offsets
                plan.append((Source(source.path, source.line, problem=source.problem), key, cached))
                if not cached:
                    shards.add(source)
        line_starts: dict[str, list[int]] = {}  # of the JSON Lines files a repeated id was read again from
        results = _ray_results(Path(folder), shards.count, address, encode=cache is not None, slim=slim)
        with closing(results) as fresh:  # closed before its shards go
            inputs = ((place, key, cache.get(key) if cached else None) for place, key, cached in plan)
            yield from _in_input_order(inputs, fresh, cache, {}, lambda place: source_at(place, line_starts))
            for _ in fresh:  # runs the stream to its end, and its count check
                pass


class _Shards:
    """JSON Lines shards of RAY_SHARD inputs each: every line an input's place, its bytes (base64) or why there are
    none, and its position among them."""

    def __init__(self, folder: Path):
        self.folder, self.count, self._file = folder, 0, None

    def add(self, source: Source) -> None:
        if self.count % RAY_SHARD == 0:
            self.close()
            self._file = open(self.folder / f"{self.count // RAY_SHARD:08d}.jsonl", "w", encoding="utf-8")
        raw = base64.b64encode(source.raw).decode() if source.raw is not None else None
        self._file.write(json.dumps({"position": self.count, "path": source.path, "line": source.line, "raw": raw,
                                     "problem": source.problem}, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _ray_results(folder: Path, count: int, address: str | None, encode: bool, slim: bool
                 ) -> Iterator[tuple[Analysed, bytes | None]]:
    """The analysed documents of the shards in `folder`, by position, from one dataset executed as a stream (the
    order Ray gives is kept; a result that comes early waits for those before it)."""
    if not count:
        return
    import ray
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    dataset = ray.data.read_json(str(folder), **_shard_format()).map_batches(
        _ray_batch, batch_format="pandas", fn_kwargs={"run_settings": settings.current(), "slim": slim})
    dataset.context.execution_options.preserve_order = True  # this dataset's own copy of the context
    waiting: dict[int, tuple] = {}  # a fallback: in order, each result is yielded as it comes
    expected = 0
    for batch in dataset.iter_batches(batch_size=None, batch_format="pandas"):
        columns = (batch[name] for name in ("position", "record", "claims", "features", "line"))
        for position, record, claims, features, line in zip(*columns, strict=True):
            line = line if isinstance(line, str) else None  # the whole record's line, when the record is slim
            entry = entry_of(line[:-1] if line else record, claims, features).encode() if encode else None
            analysed = Analysed(json.loads(record), json.loads(claims),
                                DocumentFeatures.from_json(json.loads(features)), line)
            waiting[int(position)] = (analysed, entry)
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
    if expected != count:
        raise RuntimeError(f"Ray returned {expected} of {count} documents' results")


def _shard_format() -> dict:
    """read_json's options for the shards: a block holds the longest line (an input of the largest size read, in
    base64), and the columns' types are given, not guessed (a column of paths that look like days is no date)."""
    import pyarrow as pa
    import pyarrow.json
    schema = pa.schema([("position", pa.int64()), ("path", pa.string()), ("line", pa.int64()),
                        ("raw", pa.string()), ("problem", pa.string())])
    return {"read_options": pyarrow.json.ReadOptions(use_threads=False, block_size=2 * MAX_DOCUMENT_BYTES),
            "parse_options": pyarrow.json.ParseOptions(explicit_schema=schema)}


def _ray_batch(batch, run_settings: settings.Settings, slim: bool):
    if settings.current() != run_settings:
        settings.use(run_settings)  # the driver's lexicon folders and constants, on this worker
    warm_up()  # once per worker: the knowledge built and frozen, out of the cyclic collector's walks
    import pandas as pd
    columns: dict[str, list] = {"record": [], "claims": [], "features": [], "line": []}
    for path, line, raw, problem in zip(batch["path"], batch["line"], batch["raw"], batch["problem"], strict=True):
        source = Source(path, None if pd.isna(line) else int(line),  # a column of nulls reads as NaN
                        base64.b64decode(raw) if isinstance(raw, str) else None,
                        problem if isinstance(problem, str) else None)
        result, _ = analyse_source(source, encode=False, slim=slim)  # the driver joins the cache's entry
        columns["record"].append(json.dumps(result.record, ensure_ascii=False))
        columns["claims"].append(json.dumps(result.claims, ensure_ascii=False))
        columns["features"].append(json.dumps(result.features.to_json(), ensure_ascii=False))
        columns["line"].append(result.line)
    return pd.DataFrame({"position": batch["position"], **columns})
