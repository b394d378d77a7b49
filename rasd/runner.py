"""Running the per-document pipeline over a corpus: in this process, on N local processes, or on a Ray cluster;
with a cache of per-document results in the output folder so that a re-run processes only what is new (and an
interrupted run resumes where it stopped)."""
from __future__ import annotations

import ctypes
import dataclasses
import fcntl
import hashlib
import itertools
import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from collections import deque
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache, partial
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from .document import Document
from .ingest import Source, failed_source, read_source, unique_id
from . import settings
from .version import __version__
from .output import WRITE_BUFFER
from .results import analysed, document_record
from .limits import (DEFAULT_TIME_LIMIT, STUCK_SIGNAL, TimeLimitExceeded, check_time_limit,
                     end_the_process_when_stuck, keep_the_limits_handler, limited_process_time, limited_time,
                     over_the_limit, stuck_past)
from .pipeline import NOT_CACHED, failed_for_now, process, warm_up
from .records import (NO_FEATURES, Analysed, DocumentFeatures, EntryTail, encode_json, entry_of, entry_pieces,
                      working_record)

BATCH = 256
CACHE_DIR = ".rasd"


@settings.knowledge
def pipeline_version() -> str:
    """Changes whenever Rasd's code, any lexicon (Rasd's or the user's) or a tuning setting changes: cached results
    are then recomputed."""
    digest = hashlib.sha1(__version__.encode())
    digest.update(repr(dataclasses.replace(settings.current(), lexicon_folders=())).encode())
    code = Path(__file__).parent
    for path in sorted([*code.rglob("*.py"), *code.rglob("*.pyx"), *code.rglob("*.pxd")]):  # the compiled loops' source
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
    digest.update(json.dumps([_file_name(source.path), source.line, source.problem]).encode())
    digest.update(source.raw or b"")
    return digest.hexdigest()


@lru_cache(maxsize=1024)
def _file_name(path: str) -> str:
    """The name of the file at `path` (a JSON Lines file's lines share it: it is worked out once)."""
    return Path(path).name


def analyse_source(source: Source, encode: bool = True, slim: bool = False,
                   time_limit: float | None = DEFAULT_TIME_LIMIT) -> tuple[Analysed, CacheEntry]:
    """In a worker: read the input, analyse it, and (when there is a cache to put it in) encode the result for the
    cache (JSON encoding is no small part of the cost, and the parent process has the least time to spare). `slim`:
    the record travels as its JSON line, with only its working fields decoded (records.working_record): the parent
    writes the line out as it is and never unpickles the texts and events it only writes. Past `time_limit`
    seconds (None: no limit) the document fails alone, uncached (rasd/limits.py)."""
    try:
        with limited_time(time_limit):
            doc = _read(source)
            check_time_limit()
            result = analyse_one(doc)
            check_time_limit()
    except TimeLimitExceeded:
        return _died(source, over_the_limit(time_limit))
    if doc.failed_for_now:
        return result, _Died(doc.failed_for_now)
    if not (encode or slim):
        return result, None
    if not slim:  # the entry in one encoding: the record is wanted apart only as its line
        return result, encode_json(result.to_json())
    line = encode_json(result.record) + b"\n"
    return result._replace(record=working_record(result.record), line=line), result.entry_tail() if encode else None


def _read(source: Source) -> Document:
    """The source's document; a fault of the reader's own fails that document, never the run (the reader fails the
    inputs it knows to be bad with their own errors)."""
    try:
        return read_source(source)
    except MemoryError:
        doc = failed_source(source, "out of memory")  # its id and day, where its line can give them
        failed_for_now(doc, "while reading")
        return doc
    except Exception as e:  # noqa: BLE001 - one input must not end the run
        return failed_source(source, f"internal error while reading: {type(e).__name__}: {e}")


def analyse_one(doc: Document) -> Analysed:
    """The document's record, its claims' and its features; never raises (a worker's exception would lose its whole
    batch). The document's view is let go at the end (Document.let_go_of_view)."""
    try:
        return _analysed(doc)
    finally:
        doc.let_go_of_view()


def _analysed(doc: Document) -> Analysed:
    try:
        doc = process(doc)
        if not doc.failed_for_now:  # one that ran out of memory is not cached: its features would serve no one
            return analysed(doc)
    except MemoryError:
        failed_for_now(doc, "in stage output")
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
        self._lock = _only_run_in(Path(out_dir), self.path.parent / "lock")
        self._part_path = self.path.with_name(self.path.name + ".part")
        self._part_path.unlink(missing_ok=True)  # of a compaction cut short: the cache itself is whole
        self.offsets: dict[str, int] = {}
        if self.path.exists():
            with open(self.path, "rb") as f:
                offset = 0
                for line in f:
                    key = _entry_key(line)
                    if key is not None:  # else a line cut by an interrupted run
                        self.offsets[key] = offset
                    offset += len(line)
        self._append = open(self.path, "ab", buffering=WRITE_BUFFER)
        if self._append.tell() and not _ends_with_newline(self.path):
            self._append.write(b"\n")  # an interrupted run cut its last line: end it, so the next one stands alone
        self._end = self._append.tell()  # where the next entry starts: put() counts it on, asking no system call
        self._read = open(self.path, "rb")
        self.hits = 0
        self.used: set[str] = set()  # the keys this run read or wrote: what _compact() keeps
        self._analysing_path, self._died_path = self.path.parent / "analysing", self.path.parent / "died"
        self.died = self._inputs_that_killed_a_run()
        self._analysing = None

    def _inputs_that_killed_a_run(self) -> set[str]:
        """The keys of the inputs that killed a run analysing them in its own process and are not cached since:
        those of .rasd/died, and the one .rasd/analysing names (the last run died on it), added to them."""
        died = set((_text_of(self._died_path) or "").split())
        last = _text_of(self._analysing_path)
        if last:
            with open(self._died_path, "a", encoding="ascii") as f:
                f.write(last + "\n")
            self._analysing_path.unlink()
            died.add(last)
        return {key for key in died if key not in self.offsets}

    def analysing(self, key: str) -> None:
        """This process is about to analyse the input of `key` itself: should it die there, the next run's `died`
        holds the key."""
        if self._analysing is None:
            self._analysing = open(self._analysing_path, "wb", buffering=0)
        os.pwrite(self._analysing.fileno(), key.encode(), 0)  # every key is as long

    def get(self, key: str) -> Analysed | None:
        offset = self.offsets.get(key)
        if offset is None:
            return None
        self._append.flush()
        self._read.seek(offset)
        line = self._read.readline()
        try:
            if _entry_key(line) != key:  # not the entry put there (the file was changed behind this run)
                raise KeyError(key)
            result = _cached_result(line)
        except (ValueError, KeyError):  # a line cut by an interrupted run that _entry_key could not tell
            del self.offsets[key]
            return None
        self.hits += 1
        self.used.add(key)
        return result

    def put(self, key: str, result: Analysed, encoded: bytes | EntryTail | None = None) -> None:
        """Keep `result` under `key` (`encoded`: its to_json() as JSON, or the entry's tail beside the record's
        line, when already encoded)."""
        if type(encoded) is EntryTail:
            pieces = entry_pieces(memoryview(result.line)[:-1], *encoded)
        else:
            pieces = (encoded or encode_json(result.to_json()),)
        start = b'{"key":' + json.dumps(key).encode() + b","
        self._append.writelines((start, memoryview(pieces[0])[1:], *pieces[1:], b"\n"))
        self.offsets[key] = self._end
        self.used.add(key)
        self._end += len(start) + sum(map(len, pieces))

    def _compact(self) -> None:
        """Once the entries this run neither read nor wrote (an earlier version's or lexicons', of inputs changed
        or gone since) outnumber those it did, rewrite the file with the latter only. Each new version of Rasd
        caches the whole corpus again: a cache never compacted grows by a corpus at every upgrade. It runs from
        close(), once a run has finished: an interrupted one has not yet read what it would keep. The file is replaced
        whole."""
        live = sorted((self.offsets[key], key) for key in self.used if key in self.offsets)
        if 2 * len(live) >= len(self.offsets):
            return
        self._append.flush()
        offsets = {}
        with open(self._part_path, "wb", buffering=WRITE_BUFFER) as kept:
            for offset, key in live:
                self._read.seek(offset)
                offsets[key] = kept.tell()
                kept.write(self._read.readline())
            kept.flush()
            os.fsync(kept.fileno())
        os.replace(self._part_path, self.path)
        self.offsets = offsets

    def close(self, finished: bool = False) -> None:
        """`finished`: the run read every input; its cache is compacted first when mostly stale (_compact)."""
        if finished:
            try:
                self._compact()
            except OSError:  # a full disk: the cache stays as it was, whole, and the run's output is written
                self._part_path.unlink(missing_ok=True)
        self._append.close()
        self._read.close()
        if self._analysing is not None:
            self._analysing.close()
            self._analysing_path.unlink(missing_ok=True)  # the run did not die
        self._lock.close()  # the folder is free for the next run


class OutputInUse(Exception):
    """Another run is writing the output folder."""


def _only_run_in(out_dir: Path, lock_path: Path):
    """The open lock file that makes this run the only one writing `out_dir` until it is closed (the lock goes with
    the process, however it ends), or OutputInUse. Two runs in one folder would append to one cache, each counting
    the other's entries as its own (a document then read another's record), take the other's document in analysis
    for one that killed a run, and write each other's output."""
    lock = open(lock_path, "a+b")
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise OutputInUse(f"{out_dir}: another rasd run is writing this folder; wait for it to end, or give another "
                          "--out") from None
    return lock


_ENTRY_START = b'{"key":"'  # how put() starts a cache line (a key is source_key's hexadecimal digest)
_RECORD_START = '"record":'
_DECODER = json.JSONDecoder()


def _entry_key(line: bytes) -> str | None:
    """The key of a cache line, read off its start as put() writes it, without decoding the rest (a document's
    whole record, text included); None for what is not a whole entry. A line cut right after a closing brace
    passes for one: get() finds it out."""
    if not (line.startswith(_ENTRY_START) and line.endswith((b"}\n", b"}"))):
        return None
    end = line.find(b'"', len(_ENTRY_START))
    key = line[len(_ENTRY_START):end] if end > 0 else b"\\"
    return key.decode("ascii") if key.isascii() and b"\\" not in key else None


def _cached_result(line: bytes) -> Analysed:
    """The result a cache line holds, with its record's own JSON text as the result's line, so that the record is
    not encoded again to be written out (a hit's record is the whole record). ValueError or KeyError for a line
    that is not a whole entry."""
    text = line.decode("utf-8")
    at = text.find(_RECORD_START)
    if at < 0:
        raise ValueError("not a cache entry")
    start = at + len(_RECORD_START)
    record, end = _DECODER.raw_decode(text, start)
    if not text.startswith(",", end):
        raise ValueError("not a cache entry")
    rest = json.loads("{" + text[end + 1:])
    return Analysed(record, rest["claims"], DocumentFeatures.from_json(rest["features"]),
                    (text[start:end] + "\n").encode())


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii") or None
    except (OSError, ValueError):
        return None


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def analyse_sources(sources: Iterable[Source], cache: Cache | None = None, workers: int = 1,
                    slim: bool = False, time_limit: float | None = DEFAULT_TIME_LIMIT) -> Iterator[Analysed]:
    """The local engine's run: each input's result, in input order, its id unique in the run. The parent process
    only keys the inputs and looks them up in the cache; reading, decoding, HTML extraction, analysis and the
    cache's JSON happen in the workers (with `workers` 1, in this process). A document whose id came before (x.txt
    beside x.html) is read again here under its new id (ID~2) and not cached, since its result depends on what came
    before it (one that killed its process is only failed again under it). `slim`: each record comes as its JSON
    line with only its working fields decoded (analyse_source). A document whose reading and analysis run past
    `time_limit` seconds fails alone (analyse_source)."""
    seen: dict[str, int] = {}
    analyse = partial(analyse_source, encode=cache is not None, slim=slim, time_limit=time_limit)
    finish = lambda *pending: _finish_sources(*pending, cache, seen)  # noqa: E731
    if workers == 1:
        in_this_process = partial(_in_this_process, analyse, cache, time_limit)
        yield from _batched(sources, source_key, cache, in_this_process, finish)
        return
    processes = _LocalWorkers(workers, analyse, time_limit)
    yield from _batched(sources, source_key, cache, processes.start, finish, ahead=lambda: 1,
                        close=processes.close)


def _batched(items, key_of, cache, start, finish, ahead=lambda: 0, close=None):
    """Batches of items keyed and looked up in the cache, the rest started (start(todo, their keys) -> results), finished in
    input order (finish(batch, keys, cached, results)), with ahead() batches started beyond the one being finished
    (one for a pool: a batch in the workers' hands and one more queued behind it); close(finished) at the end,
    `finished` false when the run stopped early (an error, Ctrl-C, a consumer that let go)."""
    items = iter(items)
    pending: deque = deque()  # (batch, keys, cached hits, fresh results) in input order
    finished = False
    try:
        while True:
            batch = list(islice(items, BATCH))
            if batch:
                keys = [key_of(item) for item in batch] if cache else [None] * len(batch)
                cached = [cache.get(k) if cache else None for k in keys]
                fresh = [(item, key) for item, key, c in zip(batch, keys, cached, strict=True) if c is None]
                pending.append((batch, keys, cached, start([item for item, _ in fresh], [key for _, key in fresh])))
            if not pending:
                finished = True
                return
            if batch and len(pending) <= ahead():
                continue
            yield from finish(*pending.popleft())
    finally:
        if close is not None:
            close(finished)


def _in_this_process(analyse, cache: Cache | None, time_limit: float | None, todo: list[Source],
                     keys: list[str | None]):
    """The inputs analysed in this process, each noted in the cache's folder first; one that killed a run analysing
    it here (a document that crashes a parser) is analysed in a process of its own, and fails alone if it kills
    that one too."""
    if todo:
        warm_up()
    for source, key in zip(todo, keys, strict=True):
        if key is not None and key in cache.died:
            yield _in_a_process_of_its_own(analyse, source, time_limit)
            continue
        if key is not None:
            cache.analysing(key)
        yield analyse(source)


def _in_a_process_of_its_own(analyse, source: Source,
                             time_limit: float | None) -> tuple[Analysed, CacheEntry]:
    processes = _LocalWorkers(1, analyse, time_limit)
    try:
        return processes.suspect_results([source])[0]
    finally:
        processes.close()


def _finish_sources(batch, keys, cached, results, cache, seen):
    """Each input's result in turn, from the cached hits and the fresh results (analysed, its cache entry) of those
    without a hit; a fresh one is cached. A document whose id came before (x.txt beside x.html) is read again here
    under its new id (ID~2) and not cached, since its result depends on what came before it; one that killed its
    process (_Died) is only failed again under it."""
    fresh = iter(results)
    for source, key, hit in zip(batch, keys, cached, strict=True):
        encoded = None
        if hit is None:
            hit, encoded = next(fresh)
        elif hit.record["source"] != source.where:  # the same input, now read from elsewhere
            _read_from(hit.record, source.where)
            hit = hit._replace(line=None)  # the record as cached is not the record now
        if hit.record["doc"] in seen:  # never read again here what killed a process
            doc = failed_source(source, encoded.problem) if isinstance(encoded, _Died) else _read(source)
            yield analyse_one(unique_id(doc, seen))
            continue
        seen[hit.record["doc"]] = 1
        if cache and encoded is not None and not isinstance(encoded, _Died):
            cache.put(key, hit, encoded)
        yield hit


def _read_from(record: dict, where: str) -> None:
    """A cached record of an input now read from `where`: its source, and its error and notes, which name the place
    it was read from first ("PLACE: …"), say where it is now."""
    before, record["source"] = record["source"], where
    if not before:
        return

    def moved(message: str) -> str:
        return where + message[len(before):] if message.startswith(before + ":") else message

    if record.get("error"):
        record["error"] = moved(record["error"])
    if record.get("notes"):
        record["notes"] = [moved(note) for note in record["notes"]]


class _Died(NamedTuple):
    """In place of a fresh result's cache entry: the process that read or analysed its input died, or its analysis
    was stopped at the time limit; its input is not read again in this run."""
    problem: str


# What comes beside a fresh result for the cache: its entry as JSON, its entry's tail beside the record's line
# (records.EntryTail), _Died, or None where there is no cache.
CacheEntry = bytes | EntryTail | _Died | None


def _died(source: Source, problem: str) -> tuple[Analysed, _Died]:
    """The failed result of an input that killed its process by itself or ran past the time limit: not cached (a
    later run tries it again), and its text never read here."""
    problem = f"{problem}; {NOT_CACHED}"
    return analyse_one(failed_source(source, problem)), _Died(problem)


def usable_cpus(cgroup: Path = Path("/sys/fs/cgroup")) -> int:
    """The CPUs this process may use: those it may run on (its affinity, which `taskset` and cpusets narrow), no
    more than its control group's CPU quota allows (a container's `--cpus`, a Kubernetes limit: cgroup v2's
    cpu.max, or cgroup v1's cpu.cfs_quota_us and cpu.cfs_period_us on older hosts), and at least one."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cpus = os.cpu_count() or 1
    quota = _cpu_quota(cgroup)
    return max(1, min(cpus, quota) if quota else cpus)


def _cpu_quota(cgroup: Path) -> int | None:
    """The CPUs the control group's quota allows, rounded up; None where no quota is set or none can be read."""
    try:
        quota, period = (cgroup / "cpu.max").read_text().split()[:2]
        return -(-int(quota) // int(period)) if quota != "max" else None
    except (OSError, ValueError):  # no cgroup v2
        pass
    try:
        quota = int((cgroup / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((cgroup / "cpu" / "cpu.cfs_period_us").read_text())
        return -(-quota // period) if quota > 0 and period > 0 else None  # -1: no quota
    except (OSError, ValueError):  # no cgroup v1 either
        return None


PROCESS_DIED = "the process analysing it died"


class _LocalWorkers:
    """The local engine's worker processes, forked once the knowledge is built (they share it), each batch's
    documents handed to them in chunks and the results taken in order. When a process dies (a document that crashes
    a parser, the kernel's out-of-memory killer, a document stuck past twice the time limit) its pool breaks and
    loses the chunks in its hands: the document the process died on is known (_Pool's notes), and the rest run
    again on a new pool. A document stuck past the limit fails at once; one that crashed its process is tried again
    in a process of its own (before the rest go to the new pool), and fails if it kills that one too. Only a
    document that kills its process by itself fails, and it is not cached (a later run tries it again). Where the
    document is not known (a process that died between two, or a chunk lost a second time with none known), its
    chunk runs again in a process of its own, then a document at a time.
    (multiprocessing.Pool would wait for a dead worker's results for ever.) At most one pool is alive at a time:
    none is forked beside another's threads."""

    def __init__(self, workers: int, analyse, time_limit: float | None = None):
        self._workers, self._analyse, self._time_limit = workers, analyse, time_limit
        self._pool = self._alone = None  # the workers; the process that runs suspects
        self._death = PROCESS_DIED  # why the process that ran a suspect alone last died
        self._chunks = itertools.count()  # each chunk's number, which its process notes

    def start(self, todo: list[Source], keys=None) -> Iterator[tuple[Analysed, CacheEntry]]:
        if not todo:
            return iter(())
        size = max(1, len(todo) // (self._workers * 4))
        return self._results(self._submit([todo[i:i + size] for i in range(0, len(todo), size)]))

    def _submit(self, chunks: list[list[Source]]) -> list[_Chunk]:
        if self._pool is None:
            self._alone = _stopped(self._alone)
            self._pool = _forked_processes(self._workers, self._analyse, self._time_limit)
        pool, submitted = self._pool, []
        for chunk in chunks:
            number = next(self._chunks)
            try:
                future = pool.submit(_analyse_all, chunk, number)
            except BrokenProcessPool as e:  # a process died since the last chunk was taken: this one never ran
                self._retire(pool)
                future = Future()
                future.set_exception(e)
            submitted.append(_Chunk(chunk, pool, future, number))
        return submitted

    def _results(self, submitted: list[_Chunk]) -> Iterator[tuple[Analysed, CacheEntry]]:
        pending = deque(submitted)
        while pending:
            chunk = pending.popleft()
            if chunk.pool is None:  # documents a process died on, done, or to be run alone
                yield from chunk.results if chunk.results is not None else self.suspect_results(chunk.sources)
                continue
            try:
                results = _result(chunk.pool, chunk.future)
            except BrokenProcessPool:
                self._retire(chunk.pool)
                pending = deque(self._after_a_death(chunk.pool, [chunk, *pending]))
                continue
            yield from results

    def _after_a_death(self, broken: _Pool, chunks: list[_Chunk]) -> list[_Chunk]:
        """`chunks` (in order) with those that `broken` lost in its death run again on a new pool, but for each
        document a process died on: failed where it was stuck past the time limit, else tried again alone first
        (while no pool runs beside it). A chunk lost a second time in a death that no document explains goes alone."""
        deaths, plan = broken.deaths(), []
        for chunk in chunks:
            if chunk.pool is not broken or _succeeded(chunk.future):
                plan.append(chunk)
                continue
            at, code = deaths.get(chunk.number, (None, None))
            if at is None and (deaths or not chunk.lost):  # ended with the pool, or never started
                plan.append(_Again(chunk.sources, chunk.lost + (0 if deaths else 1)))
            elif at is None or at < 0:  # which document is not known: a death between two, or lost again
                plan.append(_Chunk(chunk.sources))
            else:
                plan += [_Again(chunk.sources[:at]), self._died_on(chunk.sources[at], code),
                         _Again(chunk.sources[at + 1:])]
        plan = [part for part in plan if part.sources]
        again = iter(self._submit([part.sources for part in plan if isinstance(part, _Again)]))
        return [next(again)._replace(lost=part.lost) if isinstance(part, _Again) else part for part in plan]

    def _died_on(self, source: Source, code) -> _Chunk:
        """The result of a document a process died on: failed if stuck past the time limit, else tried alone."""
        if self._time_limit and code == -STUCK_SIGNAL:
            return _Chunk([source], results=[_died(source, stuck_past(self._time_limit))])
        return _Chunk([source], results=self.suspect_results([source]))

    def _retire(self, pool) -> None:
        """A pool that lost a process takes no more work; the next batch forks a new one."""
        if pool is self._pool:
            self._pool = _stopped(pool, kill=True)

    def suspect_results(self, chunk: list[Source]) -> list[tuple[Analysed, CacheEntry]]:
        """A chunk of a pool that lost a process, run again alone; a document at a time if it kills that one too."""
        if len(chunk) > 1:
            try:
                return self._alone_results(chunk)
            except BrokenProcessPool:
                pass
        results = []
        for source in chunk:
            try:
                results += self._alone_results([source])
            except BrokenProcessPool:
                results.append(_died(source, self._death))
        return results

    def _alone_results(self, sources: list[Source]) -> list[tuple[Analysed, bytes | None]]:
        if self._alone is None:
            self._pool = _stopped(self._pool)  # it finishes what it was given first: its results wait in futures
            self._alone = _forked_processes(1, self._analyse, self._time_limit)
        try:
            return _result(self._alone, self._alone.submit(_analyse_all, sources, next(self._chunks)))
        except BrokenProcessPool:
            workers = _workers_of(self._alone)
            self._alone = _stopped(self._alone, kill=True)  # joins them: the pool may not have reaped the dead one yet
            stuck = self._time_limit and any(worker.exitcode == -STUCK_SIGNAL for worker in workers)
            self._death = stuck_past(self._time_limit) if stuck else PROCESS_DIED
            raise

    def close(self, finished: bool = True) -> None:
        """A finished run's processes are let go; a stopped run's are killed: after Ctrl-C (which reaches them too)
        the work in their hands never reports back, and waiting for it would hang."""
        self._pool = _stopped(self._pool, kill=not finished)
        self._alone = _stopped(self._alone, kill=not finished)


class _Chunk(NamedTuple):
    """Documents handed to a pool's process together (their future, their number, which the process notes, and how
    often a pool lost them with no document known); or, with no pool, documents with their `results`, or (none)
    to be run alone."""
    sources: list[Source]
    pool: _Pool | None = None
    future: Future | None = None
    number: int = -1
    lost: int = 0
    results: list | None = None


class _Again(NamedTuple):
    """Documents a broken pool lost, to run again on the next one."""
    sources: list[Source]
    lost: int = 0


def _succeeded(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


NOTE = 3  # a process's note: its pid, the number of the chunk it analyses and the index of the document in it


class _Pool(ProcessPoolExecutor):
    """Worker processes that note, in memory shared with this process, which document of which chunk each is
    analysing: when one dies, the document it died on is known. (A pool only ever breaks as a whole: the executor
    ends the others with SIGTERM.)"""

    def __init__(self, workers: int, analyse, time_limit: float | None):
        context = multiprocessing.get_context("fork")
        self.notes = context.Array("q", NOTE * workers, lock=False)
        self._taken = context.Value("i", 0)  # the notes' places the processes took
        self.exits: dict[int, int | None] | None = None  # each process's exit code, before any was killed here
        super().__init__(workers, mp_context=context, initializer=_use,
                         initargs=(analyse, os.getpid(), time_limit, self.notes, self._taken))
        self._started = self._processes  # the executor's own record, which it lets go of when shut down

    def note_exits(self) -> None:
        """Keep each process's exit code as it is now, once: before this process kills the others, the codes of
        those that died by themselves."""
        if self.exits is None:
            self.exits = self._exit_codes()

    def _exit_codes(self) -> dict[int, int | str | None]:
        return {worker.pid: _exit_code(worker) for worker in list(self._started.values())}

    def deaths(self) -> dict[int, tuple[int, object]]:
        """{chunk's number: (index of the document, exit code)} for each process that died by itself while
        analysing that chunk; the index is -1 where it died between documents (writing a result). A process ended
        by SIGTERM was ended by the executor when another died, unless none other did (the out-of-memory daemons'
        SIGTERM); one that exited with 0 in the middle of a document died by itself (a C library's exit())."""
        exits = self.exits or self._exit_codes()
        noted = [tuple(self.notes[place:place + NOTE]) for place in range(0, len(self.notes), NOTE)]
        dead = {pid: (chunk, at, exits.get(pid)) for pid, chunk, at in noted if pid and exits.get(pid) is not None}
        by_itself = {pid for pid, (_, at, code) in dead.items()
                     if code not in (0, -signal.SIGTERM) or code == 0 and at >= 0}
        if not by_itself:
            by_itself = {pid for pid, (_, _, code) in dead.items() if code == -signal.SIGTERM}
        return {dead[pid][0]: (dead[pid][1], dead[pid][2]) for pid in by_itself}


UNKNOWN_EXIT = "unknown"  # the exit code of a process that is gone, where it could not be read


def _exit_code(process, wait: float = 5.0) -> int | str | None:
    """A process's exit code, None while it runs. The executor's thread may be reaping a dead process at the same
    moment, and its code is then unknown here for a moment (multiprocessing's poll says None): it is waited for."""
    if not multiprocessing.connection.wait([process.sentinel], timeout=0):
        return None
    deadline = time.monotonic() + wait
    while process.exitcode is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return UNKNOWN_EXIT if process.exitcode is None else process.exitcode


DEATH_CHECK_SECONDS = 5  # how often a wait for results looks for a dead process that the pool has not noticed


def _result(pool: ProcessPoolExecutor, future: Future):
    """The future's result. A process that died while writing a result leaves the pool's thread waiting for the
    rest of that message, and the pool never breaks: while waiting, this looks for a dead process every few
    seconds and, finding one, stops the pool, which then breaks (BrokenProcessPool) as when a worker dies."""
    while True:
        try:
            return future.result(timeout=DEATH_CHECK_SECONDS)
        except TimeoutError:
            if any(worker.exitcode is not None for worker in _workers_of(pool)):
                _stopped(pool, kill=True)
        except CancelledError as e:  # stopped here a moment before the pool found its process dead
            raise BrokenProcessPool("the pool was stopped while this chunk waited") from e


def _workers_of(pool: ProcessPoolExecutor) -> list:
    return list((getattr(pool, "_processes", None) or {}).values())  # no public way before Python 3.14


def _analyse_all(sources: list[Source], number: int = -1) -> list[tuple[Analysed, CacheEntry]]:
    """In a worker process: each source of chunk `number` analysed, noting which; a document stuck past twice the
    time limit where the limit's signal cannot stop it (a C library's loop) ends this process, and the parent fails
    that document."""
    results = []
    for at, source in enumerate(sources):
        _note(number, at)
        with limited_process_time(_TIME_LIMIT):
            results.append(_ANALYSE(source))
    _note(number, -1)
    return results


def _note(number: int, at: int) -> None:
    """In a worker process: note in its pool's shared memory that it analyses document `at` of chunk `number`."""
    if _NOTE_AT is not None:
        notes, place = _NOTE_AT
        notes[place + 1], notes[place + 2] = number, at


def _forked_processes(workers: int, analyse, time_limit: float | None = None) -> _Pool:
    """Worker processes forked from this one, after the knowledge is built (they share it), each given `analyse`
    as it is here (forked, not pickled: a caller's own function may be one) and ended when a document takes twice
    `time_limit` (None: never)."""
    warm_up()
    return _Pool(workers, analyse, time_limit)


def _stopped(pool: ProcessPoolExecutor | None, kill: bool = False) -> None:
    """Shut the pool down (None: nothing to do) and return None. Without `kill` it finishes the work it was given,
    unless one of its processes dies (then it breaks, as in _result); with it, its processes are killed first,
    whatever they are doing, and its waiting work cancelled."""
    if pool is None:
        return
    # the pool lets go of these when shut down
    thread, workers, tasks = getattr(pool, "_executor_manager_thread", None), _workers_of(pool), \
        getattr(pool, "_call_queue", None)
    if kill:
        _kill_workers(pool)
    else:
        results = getattr(pool, "_result_queue", None)
        pool.shutdown(wait=False)
        while thread is not None and thread.is_alive():  # processes exit with 0 as they finish; else one died
            thread.join(DEATH_CHECK_SECONDS)
            if thread.is_alive() and any(worker.exitcode not in (None, 0) for worker in workers):
                _kill_workers(pool, workers, results)
                break
    _free_a_blocked_feeder(thread, tasks, workers)
    pool.shutdown(wait=True, cancel_futures=kill)


FEEDER_CHECK_SECONDS = 1.0  # how long the pool's thread may wait for its feeder once every process is gone


def _free_a_blocked_feeder(thread, tasks, workers: list) -> None:
    """Wait for the pool's thread (`thread`) to end. Before Python 3.11.5 (Debian 12's is 3.11.2), a pool whose
    processes are gone (killed here when a run stops, or by the out-of-memory killer, a crash) waits for its feeder
    thread, which may be blocked writing a chunk larger than the pipe holds (a chunk of long documents) that nobody
    reads any more: when every process is gone and the pool's thread still waits a second later, this process's
    read end of the task pipe is closed, so that the write fails and the feeder ends (what Python does itself since,
    cpython gh-94777). Only while the feeder lives and has not closed that end itself: a second close could close a
    descriptor opened since."""
    if POOL_STOPS_FEEDING_ITS_DEAD or thread is None or tasks is None:
        return
    while thread.is_alive():
        thread.join(FEEDER_CHECK_SECONDS)
        feeder = getattr(tasks, "_thread", None)
        if thread.is_alive() and feeder is not None and feeder.is_alive() and not tasks._reader.closed \
                and all(worker.exitcode is not None for worker in workers):
            tasks._reader.close()


def _kill_workers(pool: ProcessPoolExecutor, workers: list | None = None, results=None) -> None:
    """Kill the pool's processes (`workers` and its `results` queue, where the pool, shut down, no longer holds
    them). A process killed while
    it was writing a result leaves the pool's thread waiting for the rest of that message for ever, and shutting
    the pool down would wait for that thread: once the processes are gone, this process's own end of their result
    pipe is closed too, so that the thread reads the end of the pipe instead and the pool breaks as when a worker
    dies."""
    workers = _workers_of(pool) if workers is None else workers
    if isinstance(pool, _Pool):
        pool.note_exits()  # which died by themselves, before this kills the others
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join()
    results = getattr(pool, "_result_queue", None) if results is None else results
    if workers and results is not None:
        results._writer.close()


POOL_STOPS_FEEDING_ITS_DEAD = sys.version_info >= (3, 11, 5)


def _use(analyse, parent: int, time_limit: float | None = None, notes=None, taken=None) -> None:
    """A worker process's start: it dies with the process that forked it, analyses with `analyse`, within twice
    `time_limit` a document, and notes what it analyses in the first free place of `notes`."""
    global _ANALYSE, _TIME_LIMIT, _NOTE_AT
    die_with_parent(parent)
    settings.collector_for_a_worker()
    end_the_process_when_stuck()
    keep_the_limits_handler()
    _ANALYSE, _TIME_LIMIT, _NOTE_AT = analyse, time_limit, None
    if notes is not None:
        with taken.get_lock():
            place, taken.value = taken.value * NOTE, taken.value + 1
        if place < len(notes):  # a pool never starts more processes than it has places
            notes[place:place + NOTE] = [os.getpid(), -1, -1]
            _NOTE_AT = (notes, place)


def die_with_parent(parent: int) -> None:
    """On Linux, this process is killed when its parent dies, even by SIGKILL or the out-of-memory killer: a
    ProcessPoolExecutor's worker would otherwise wait on its pipe for ever. (Strictly, when the parent's thread that
    forked it ends: a run forks from the thread that takes its results, which lives as long as the run.)"""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl in this C library: the worker may outlive a killed parent
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_ANALYSE = None  # in a worker process: what it does with each source
_TIME_LIMIT = None  # and the time limit of its documents
_NOTE_AT = None  # and where it notes which document it analyses: (its pool's notes, its place in them)


RAY_TASK = 64  # documents a Ray task analyses
MAX_AHEAD = 64  # batches started beyond the one being taken (about 16,000 documents the driver holds): up to about
# 130 CPUs with two tasks each; a larger cluster wants a larger RAY_TASK
WORKER_DIED = "the Ray worker analysing it died"


def analyse_on_ray(sources: Iterable[Source], cache: Cache | None = None, address: str | None = None,
                   slim: bool = False, time_limit: float | None = DEFAULT_TIME_LIMIT) -> Iterator[Analysed]:
    """The Ray engine's run, as analyse_sources is the local engine's and in the same batches: each input's result,
    in input order, its id unique in the run. Here the inputs are only listed, keyed and looked up in the cache; the
    bytes of those not in it go to Ray tasks of RAY_TASK documents, which decode, extract and analyse them on the
    cluster's workers, about two tasks a CPU in flight while the results are taken in order. Only these batches are
    held here, never the corpus, and nothing is written but the cache: a remote cluster needs no shared folder.
    Ray is started (or joined, at `address`) only when a document is not in the cache, and shut down (or left)
    when the last result is in, so that a local instance's services and workers do not sit beside the cross-document
    stage; a caller that initialised Ray itself keeps it. A document whose reading and analysis run past
    `time_limit` seconds fails alone, uncached."""
    tasks = _RayTasks(address, encode=cache is not None, slim=slim, time_limit=time_limit)
    seen: dict[str, int] = {}
    yield from _batched(sources, source_key, cache, tasks.start,
                        lambda *pending: _finish_sources(*pending, cache, seen), ahead=tasks.ahead, close=tasks.close)


class _RayTasks:
    """The Ray tasks of a run: started a batch at a time, their results taken in order, those left cancelled. A task
    whose worker died (a document that crashes it, memory, a lost node, its results lost) is run again a document a
    task, so that only a document that kills its worker by itself fails, and is not cached: a later run tries it
    again."""

    def __init__(self, address: str | None, encode: bool, slim: bool, time_limit: float | None = DEFAULT_TIME_LIMIT):
        self._address, self._encode, self._slim, self._time_limit = address, encode, slim, time_limit
        run_settings = settings.current()  # the driver's lexicon folders (absolute) and constants, for the workers
        self._settings = run_settings.with_lexicon_folders(run_settings.lexicon_folders)
        self._version = pipeline_version()  # what the workers' own Rasd and lexicons must give
        self._ray = self._analyse = self._lost = None
        self._initialised_ray = False  # this run, not its caller, connected to Ray (or started a local instance)
        self._running: set = set()

    def ahead(self) -> int:
        """Batches started beyond the one being taken: enough for about two tasks a CPU; none until Ray has work."""
        if self._ray is None:
            return 0
        cpus = max(1, int(self._ray.cluster_resources().get("CPU", 1)))  # a cluster may grow during the run
        return min(MAX_AHEAD, max(1, -(-2 * cpus * RAY_TASK // BATCH)))

    def start(self, todo: list[Source], keys=None) -> Iterator[tuple[Analysed, bytes | None]]:
        if not todo:
            return iter(())
        if self._ray is None:
            self._connect()
        chunks = [todo[i:i + RAY_TASK] for i in range(0, len(todo), RAY_TASK)]
        return self._results([(self._submit(chunk), chunk) for chunk in chunks])

    def _connect(self) -> None:
        import ray
        from ray import exceptions
        if not ray.is_initialized():
            self._initialised_ray = True
            ray.init(address=self._address, include_dashboard=False, log_to_driver=False)
        self._ray, self._analyse = ray, ray.remote(_ray_task).options(max_retries=0)  # retried here, alone
        self._lost = (exceptions.WorkerCrashedError, exceptions.OutOfMemoryError, exceptions.NodeDiedError,
                      exceptions.ObjectLostError)  # a node lost with a finished task's results: not rebuilt by Ray

    def _submit(self, chunk: list[Source]):
        ref = self._analyse.remote(self._settings, self._version, self._slim, self._time_limit, chunk)
        self._running.add(ref)
        return ref

    def _results(self, tasks) -> Iterator[tuple[Analysed, CacheEntry]]:
        for ref, chunk in tasks:
            parts = self._parts(ref)
            if isinstance(parts, Exception):
                parts = [self._parts(single) for single in [self._submit([source]) for source in chunk]]
                parts = [p if isinstance(p, Exception) else p[0] for p in parts]
            for source, part in zip(chunk, parts, strict=True):
                if isinstance(part, Exception):
                    yield _died(source, f"{WORKER_DIED} ({type(part).__name__})")
                else:
                    yield self._analysed(*part)

    def _parts(self, ref):
        """A task's results, or the error that says its worker died."""
        try:
            return self._ray.get(ref)
        except self._lost as e:
            return e
        finally:
            self._running.discard(ref)

    def _analysed(self, record: bytes, claims: bytes, features: bytes, line: bytes | None,
                  stopped: str | None) -> tuple[Analysed, CacheEntry]:
        """The driver's result and cache entry of one document; none for one stopped at the time limit."""
        if stopped:
            entry = _Died(stopped)
        elif self._encode:  # beside the record's line, its entry's tail; else the whole entry
            entry = EntryTail(claims, features) if line else entry_of(record, claims, features)
        else:
            entry = None
        return Analysed(json.loads(record), json.loads(claims), DocumentFeatures.from_json(json.loads(features)),
                        line), entry

    def close(self, finished: bool = True) -> None:
        """The same whether the run finished or stopped: what still runs is cancelled, a Ray the run started stops."""
        try:
            for ref in self._running:  # a run stopped early leaves no work behind it
                try:
                    self._ray.cancel(ref)
                except Exception:  # noqa: BLE001 - a lost cluster has nothing left to stop
                    pass
        finally:
            self._running.clear()
            if self._initialised_ray:  # a local instance's processes stop; a cluster's driver disconnects
                import ray
                ray.shutdown()


def _ray_task(run_settings: settings.Settings, version: str, slim: bool, time_limit: float | None,
              sources: list[Source]) -> list[tuple]:
    """On a Ray worker: each source analysed, its record (with `slim`, only the working fields, beside the whole
    record's line), claims and features as JSON, encoded once, and the problem of one stopped at the time limit;
    the driver joins the cache's entry from them."""
    if settings.current() != run_settings:
        settings.use(run_settings)
    if pipeline_version() != version:  # its results would be cached under the driver's key: wrong for good
        raise RuntimeError("this Ray worker's Rasd differs from the driver's (its code, its data, or the --lexicon "
                           "folders, which must be readable at the same paths on every node)")
    warm_up()  # once per worker: the knowledge built and frozen, out of the cyclic collector's walks
    settings.collector_for_a_worker()
    parts = []
    for source in sources:
        with limited_process_time(time_limit):
            result, stopped = analyse_source(source, encode=False, slim=slim, time_limit=time_limit)
        parts.append((encode_json(result.record), encode_json(result.claims), encode_json(result.features.to_json()),
                      result.line, stopped.problem if isinstance(stopped, _Died) else None))
    return parts
