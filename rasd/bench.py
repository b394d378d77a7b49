"""`rasd bench [--small] [--real FILE] [--json FILE]`: throughput of the whole per-document pipeline and of each
stage, on one process and on all cores, against a single Aho-Corasick scan of the same texts (the floor any
extractor pays, timed in the same loop as the pipeline so that the machine's noise falls on both) and dateparser's
search_dates (for the date stage); peak memory; the cost curve over corpus sizes; the cross-document stage at each
size.

The corpus is generated from the seeds (../shared/seeds, when present) and the bundled sample articles, varying
ids, publication days, places and numbers; it is streamed, never held in memory. With --real FILE (a JSON Lines
corpus such as ../shared/corpora/news2013/corpus.jsonl) the one-process figures are taken on its first documents
and the all-cores figure is `rasd run FILE --workers N` itself, timed end to end."""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import multiprocessing
import multiprocessing.connection
import os
import platform
import random
import re
import resource
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import match_loops, settings, similarity
from .document import TOKENIZER_COMPILED, Document
from .ingest import json_line
from .lexicon import read_rows
from .output import iter_jsonl
from .results import analysed
from .pipeline import PLACES_STAGE, STAGES, defer_places, process, warm_up
from .records import SHARED_STRINGS_COMPILED
from .runner import die_with_parent, usable_cpus

ROOT = Path(__file__).resolve().parents[1]
PLACES = [row["term"].strip() for row in read_rows("bench_places", user_folders=False)]  # varied in the templates
FULL = {"sizes": [1000, 10000, 50000], "one_process": 2000}
SMALL = {"sizes": [500, 1000, 2000], "one_process": 500}


SEEDS = "../shared/seeds"


def template_files() -> dict[str, list[Path]]:
    """The texts the generated corpus varies, by where they come from: the sample corpus bundled with Rasd, and the
    seeds where ../shared is beside the checkout. Without the seeds the corpus is another, shorter one, and its
    figures compare with no other checkout's (a worktree without ../shared ran a third faster)."""
    seeds = ROOT.parent / "shared" / "seeds"
    return {"samples/corpus": sorted((ROOT / "samples" / "corpus").glob("*.txt")),
            SEEDS: sorted(seeds.glob("*.txt")) if seeds.is_dir() else []}


def templates() -> list[str]:
    return [path.read_text(encoding="utf-8") for files in template_files().values() for path in files]


def templates_note(counts: dict[str, int]) -> str:
    """The generated corpus's templates as the bench prints them, with a warning where the seeds are missing."""
    note = "generated corpus: templates " + ", ".join(f"{n} from {where}" for where, n in counts.items())
    if not counts.get(SEEDS):
        note += (f" ({SEEDS} is not beside this checkout: the generated documents are shorter, and these figures do"
                 " not compare with a checkout's that has them)")
    return note


def corpus(n: int, seed: int = 1):
    """n generated documents: a template with its numbers, its main place and its day varied."""
    rng = random.Random(seed)
    bases = templates()
    start = dt.date(2022, 1, 1)
    for i in range(n):
        text = bases[i % len(bases)]
        text = re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)
        for place in PLACES:
            if place in text:
                text = text.replace(place, rng.choice(PLACES))
                break
        published = (start + dt.timedelta(days=rng.randrange(730))).isoformat()
        yield Document(doc_id=f"bench-{i}", original=text, published=published)


CHUNK = 64  # documents a worker reads and analyses per task
TAIL_CHUNK = 16  # documents per task at the corpus's end (chunk_plan)


def write_corpus(n: int, seed: int, folder: str) -> tuple[Path, list[int], int]:
    """The generated corpus as a JSON Lines file (written before timing, as a real corpus waits on disk), with the
    byte offset where each line starts and where the last ends, and its size in characters."""
    path = Path(folder) / f"corpus-{n}.jsonl"
    starts, chars = [0], 0
    with open(path, "wb") as f:
        for doc in corpus(n, seed=seed):
            chars += len(doc.original)
            f.write(json.dumps({"id": doc.doc_id, "text": doc.original, "published": doc.published},
                               ensure_ascii=False).encode() + b"\n")
            starts.append(f.tell())
    return path, starts, chars


def chunk_plan(line_starts: list[int], workers: int) -> list[tuple[int, int]]:
    """The byte ranges of the workers' tasks: CHUNK lines each, but for the last 2 * workers * CHUNK lines or a few
    more (those the CHUNKs before them leave), which go TAIL_CHUNK at a time. A worker that runs out of tasks waits
    for the others to finish theirs: with whole chunks to the end, a median 70 ms at 2,000 documents on two
    processes (1.4 % of the run), 9 ms so. Smaller tasks at the end only (a "guided" schedule) shorten that wait
    without the cost of small tasks throughout."""
    documents = len(line_starts) - 1
    head = max(0, documents - 2 * workers * CHUNK) // CHUNK * CHUNK  # the lines that go CHUNK at a time
    bounds = [*range(0, head, CHUNK), *range(head, documents, TAIL_CHUNK), documents]
    return [(line_starts[start], line_starts[end]) for start, end in zip(bounds, bounds[1:])]


def _analyse_chunk(task):
    """A worker's share: read its lines of the corpus file, run the whole per-document pipeline and make the
    records the cross-document stage needs (as `rasd run` does)."""
    from .runner import analyse_one
    path, start, end = task
    with open(path, "rb") as f:
        f.seek(start)
        lines = f.read(end - start).splitlines()
    results = []
    for line in lines:
        row = json_line(line)  # as rasd run reads a line
        result = analyse_one(Document(doc_id=row["id"], original=row["text"], published=row["published"]))
        result.record.pop("text")
        results.append(result)
    return results, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def real_corpus(path: str, n: int):
    """The first n documents of a JSON Lines corpus (its own ids, texts and days), one at a time."""
    for i, row in zip(range(n), iter_jsonl(Path(path))):
        yield Document(doc_id=str(row.get("id") or f"real-{i}"), original=row.get("text") or "",
                       published=row.get("published"))


def one_process(n: int, documents=None) -> dict:
    """The whole per-document call on one process (the pipeline, stage by stage, then the document's records and
    the features the incidents stage reads, as a worker makes them: runner.analyse_one), and the single scan of each
    text, in the same loop; with a worker's collector settings (settings.collector_for_a_worker), the caller's
    restored after."""
    threshold = gc.get_threshold()
    try:
        settings.collector_for_a_worker()
        return _one_process(n, documents)
    finally:
        gc.set_threshold(*threshold)


def _one_process(n: int, documents) -> dict:
    from .knowledge import default_lexicon
    warm_up()  # build the lexicons and the gazetteer before timing
    process(next(corpus(1, seed=9)))
    automaton = default_lexicon()._automaton
    timings, chars, docs, seconds, scan = {}, 0, 0, 0.0, 0.0
    for doc in documents if documents is not None else corpus(n, seed=2):  # one at a time; never held
        chars += len(doc.original)
        started = time.perf_counter()
        automaton.find_matches_as_indexes(doc.original, overlapping=True)
        scanned = time.perf_counter()
        process(doc, timings=timings)
        _records(doc, timings)
        seconds += time.perf_counter() - scanned
        scan += scanned - started
        docs += 1
    if not docs:
        raise SystemExit("rasd bench: no documents to measure")
    return {"documents": docs, "seconds": seconds, "docs_per_s": docs / seconds, "mb_per_s": chars / seconds / 1e6,
            "scan_seconds": scan, "scan_docs_per_s": docs / scan if scan else None,
            "stages": {name: {"seconds": round(t, 3), "docs_per_s": round(docs / t) if t else None,
                              "share": round(t / seconds, 3)} for name, t in timings.items()}}


def _records(doc: Document, timings: dict) -> None:
    """The document's records and features (results.analysed, as a worker makes them), timed as "records" (places
    found only now, as "find_places"); then the document let go of its view, as analyse_one does."""
    places_before, started = timings.get(PLACES_STAGE, 0.0), time.perf_counter()
    analysed(doc)
    spent = time.perf_counter() - started - (timings.get(PLACES_STAGE, 0.0) - places_before)
    timings["records"] = timings.get("records", 0.0) + spent
    doc.let_go_of_view()


STAGE_NAMES = [stage.__name__ if stage is not defer_places else PLACES_STAGE for stage in STAGES] + ["records"]


def end_to_end(path: str, workers: int) -> dict:
    """`rasd run FILE --workers N` as a user runs it (reading, analysis, incidents, writing), timed whole."""
    import tempfile

    from .api import run
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as folder:
        started = time.perf_counter()
        result = run([path], Path(folder) / "out", progress=False, workers=workers, keep=False)
        seconds = time.perf_counter() - started
    documents = result.counts[0]
    return {"documents": documents, "workers": workers, "seconds": round(seconds, 2),
            "docs_per_s": round(documents / seconds) if seconds else 0, "incidents": result.counts[2]}


def _workers(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one, collecting their garbage as rasd run's workers do
    (settings.collector_for_a_worker), on the executor rasd run's own pool is (runner._Pool). multiprocessing.Pool,
    which this bench used before, cost this process half as much CPU again a document, taken from the workers: besides
    the thread that reads the results, another wakes each time one waits in the pipe, and spins until it is read."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_a_worker, initargs=(os.getpid(),))


def _start_a_worker(parent: int) -> None:
    """A bench worker dies with the process that forked it, which may be killed (by the out-of-memory killer at a
    large size): an orphaned worker would wait on its pipe for ever, and keep the bench waiting on its own."""
    die_with_parent(parent)
    settings.collector_for_a_worker()


def all_cores(n: int, workers: int) -> dict:
    """The generated corpus of n documents analysed by `workers` processes, the results gathered here, then the
    cross-document stage over them: as `rasd run` does, with the collector paused from before the corpus is written
    through the incidents stage (what is gathered stays alive: its passes would free nothing). The pass that
    follows the pause is not timed."""
    import tempfile

    from .api import incidents_of
    warm_up()
    records, claims, features, worker_rss = [], [], {}, 0
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as folder, settings.collector_paused():
        path, line_starts, chars = write_corpus(n, 3, folder)
        tasks = [(path, start, end) for start, end in chunk_plan(line_starts, workers)]
        shared_at_fork = _current_rss_mb()
        cpu_before, started = _cpu_seconds(), time.perf_counter()
        with _workers(workers) as pool:
            for results, rss in pool.map(_analyse_chunk, tasks):
                for record, doc_claims, doc_features, _ in results:
                    records.append(record)
                    claims.extend(doc_claims)
                    features[record["doc"]] = doc_features
                worker_rss = max(worker_rss, rss)
        seconds = time.perf_counter() - started
        parent_cpu, workers_cpu = (after - before for after, before in zip(_cpu_seconds(), cpu_before))
        cross_started = time.perf_counter()
        incidents = incidents_of(records, claims, features)  # rasd run's call
        cross = time.perf_counter() - cross_started
    return {"documents": n, "workers": workers, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds),
            "mb_per_s": round(chars / seconds / 1e6, 2), "worker_peak_rss_mb": worker_rss,
            "parent_rss_at_fork_mb": shared_at_fork,
            "parent_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,  # incidents included
            "incidents": len(incidents), "incidents_seconds": round(cross, 2),
            "cpu_us_per_document": {"workers": round(workers_cpu / max(n, 1) * 1e6),
                                    "parent": round(parent_cpu / max(n, 1) * 1e6)}}


def in_a_fresh_process(function, *args):
    """function(*args) in a process forked from this one for it, its result (or its exception, with the child's
    traceback as its cause) sent back. Each corpus size is measured so: a size's run leaves this process as it
    found it (a run here left hundreds of MB in its allocators, which the next size's workers counted in their
    RSS), and the next size's workers fork from the same parent. A child that dies without a word (killed by the
    out-of-memory killer) fails the bench with its exit code, and its workers die with it. (A one-process
    ProcessPoolExecutor would do the rest, but it reports no exit code and adds a thread to this process.)"""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_send_back, args=(sending, function, args, os.getpid()))
    child.start()
    sending.close()  # the child's end only
    sent = None
    try:
        multiprocessing.connection.wait([receiving, child.sentinel])  # a result, or the child's end
        if receiving.poll():
            sent = receiving.recv()
    except EOFError:
        pass
    finally:
        receiving.close()
        if sent is None and child.is_alive():
            child.kill()  # interrupted here, or its pipe closed without a result
        child.join()
    if sent is None:
        raise RuntimeError(f"rasd bench: the process measuring {function.__name__}{args} ended without a result "
                           f"(exit code {child.exitcode})")
    succeeded, value = sent
    if not succeeded:
        error, child_traceback = value
        raise error from ChildTraceback(child_traceback)
    return value


class ChildTraceback(Exception):
    """Where an exception was raised in the process that measured a size: a pickled exception loses its traceback,
    so the child sends it as text (as concurrent.futures does)."""

    def __str__(self) -> str:
        return "\n" + self.args[0]


def _send_back(sending, function, args, parent: int) -> None:
    die_with_parent(parent)
    try:
        result = (True, function(*args))
    except Exception as e:  # noqa: BLE001 - raised again in the parent
        result = (False, (e, traceback.format_exc()))
    try:
        sending.send(result)
    except Exception:  # noqa: BLE001 - a result or an exception that cannot be pickled: its text goes back
        sending.send((False, (RuntimeError(f"rasd bench: {function.__name__}{args} gave what cannot be sent back"),
                              traceback.format_exc())))
    sending.close()


def _current_rss_mb() -> int | None:
    """This process's resident memory now (Linux's /proc; None elsewhere). A worker forked from it counts in its own
    RSS the pages they share (those of files only once it reads them): the workers' peak RSS includes up to this
    much of the parent's."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // (1 << 20)
    except (OSError, ValueError, IndexError):
        return None


def _cpu_seconds() -> tuple[float, float]:
    """The CPU seconds (user and system) of this process, all its threads, and of its children that have ended
    (the pool's workers, once it is shut down). With every CPU busy they set the throughput, and they swing less
    than the wall time does: a change of a few per cent shows in them where it drowns in the wall time's noise."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _shared_note(shared_mb: int | None) -> str:
    """What the workers' peak RSS counts besides their own memory: the pages they share with the parent."""
    held = "" if shared_mb is None else f", which held {shared_mb} MB at the fork"
    return f"counting the pages shared with the parent{held}"


def dateparser_reference(n: int) -> dict | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    texts = [d.original for d in corpus(n, seed=2)]
    started = time.perf_counter()
    for text in texts:
        search_dates(text, languages=["ar"])
    seconds = time.perf_counter() - started
    return {"documents": n, "seconds": seconds, "docs_per_s": n / seconds}


def compiled_loops() -> dict[str, bool]:
    """Which of the hot loops the package's build compiled (a machine without a C compiler runs them in Python)."""
    return {"lexicon matches": match_loops.COMPILED, "tokenizer": TOKENIZER_COMPILED,
            "records' strings": SHARED_STRINGS_COMPILED, "reports' likeness": similarity.COMPILED}


def interpreter() -> dict[str, str]:
    """The Python that runs the bench: its version and its executable, links followed (a virtualenv's python is a
    link to it). How that Python was built counts: the same code ran 10-13 % slower on pyenv's default build than on
    Debian's (docs/speed.md)."""
    return {"version": platform.python_version(), "executable": os.path.realpath(sys.executable)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="rasd bench", description=__doc__)
    parser.add_argument("--small", action="store_true", help="a few thousand documents (for CI, under 2 minutes)")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--workers", type=int, default=usable_cpus())
    parser.add_argument("--real", metavar="FILE", help="a JSON Lines corpus to measure besides the generated one")
    args = parser.parse_args(argv)
    plan = SMALL if args.small else FULL
    single = one_process(plan["one_process"])
    floor = {"documents": single["documents"], "seconds": single["scan_seconds"],
             "docs_per_s": single["scan_docs_per_s"]}
    dates = dateparser_reference(20 if args.small else 60)
    compiled = compiled_loops()
    python = interpreter()
    corpus_templates = {where: len(files) for where, files in template_files().items()}
    print(f"Python {python['version']} ({python['executable']})")
    print(templates_note(corpus_templates))
    print("compiled loops: " + (", ".join(name for name, done in compiled.items() if done) or "none") + "; in Python: "
          + (", ".join(name for name, done in compiled.items() if not done) or "none"))
    print(f"one process, {single['documents']:,} documents: {single['docs_per_s']:,.0f} documents/s, "
          f"{single['mb_per_s']:.2f} MB/s")
    for name in STAGE_NAMES:
        stage = single["stages"].get(name)
        if stage:
            print(f"  {name:<16} {stage['docs_per_s'] or 0:>9,} documents/s  {stage['share']:>6.1%} of the time")
    ratio = single["seconds"] / floor["seconds"]
    print(f"single Aho-Corasick scan (floor, same loop): {floor['docs_per_s']:,.0f} documents/s; pipeline / scan = "
          f"{ratio:.1f}x")
    if dates:
        ours = single["stages"]["resolve_dates"]["seconds"] / single["documents"]
        theirs = dates["seconds"] / dates["documents"]
        print(f"dates: rasd {1 / ours:,.0f} documents/s, dateparser.search_dates {1 / theirs:,.1f} documents/s "
              f"({theirs / ours:,.0f}x)")
    curve = []
    for n in plan["sizes"]:
        point = in_a_fresh_process(all_cores, n, args.workers)
        curve.append(point)
        cpu = point["cpu_us_per_document"]
        print(f"{args.workers} processes, {n:>6,} documents: {point['docs_per_s']:,} documents/s, "
              f"{point['mb_per_s']} MB/s, worker peak RSS {point['worker_peak_rss_mb']} MB "
              f"({_shared_note(point['parent_rss_at_fork_mb'])}); CPU a document: workers "
              f"{cpu['workers']:,} µs, parent {cpu['parent']:,} µs; incidents {point['incidents']:,} in "
              f"{point['incidents_seconds']} s; the parent's peak RSS {point['parent_peak_rss_mb']} MB")
    real = None  # measured last: its run grows this process, which the generated curve's workers would fork
    if args.real:
        real_single = one_process(plan["one_process"], real_corpus(args.real, plan["one_process"]))
        real = {"one_process": real_single, "scan_floor_ratio": round(real_single["seconds"]
                                                                      / real_single["scan_seconds"], 2),
                "end_to_end": end_to_end(args.real, args.workers)}
        whole = real["end_to_end"]
        print(f"real corpus {args.real}: one process, {real_single['documents']:,} documents: "
              f"{real_single['docs_per_s']:,.0f} documents/s, {real_single['mb_per_s']:.2f} MB/s; pipeline / scan = "
              f"{real['scan_floor_ratio']:.1f}x")
        print(f"real corpus: rasd run --workers {whole['workers']}: {whole['documents']:,} documents in "
              f"{whole['seconds']} s, {whole['docs_per_s']:,} documents/s end to end, {whole['incidents']:,} incidents")
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
    summary = {"docs_per_s": curve[-1]["docs_per_s"], "docs_per_s_1proc": round(single["docs_per_s"]),
               "scan_floor_ratio": round(ratio, 2), "peak_rss_mb": peak, "workers": args.workers,
               "python": python, "compiled_loops": compiled, "templates": corpus_templates, "one_process": single,
               "scan_floor": floor, "dateparser": dates, "curve": curve, "real": real}
    print(f"peak RSS {peak} MB (this process, plus the largest of the processes it forked: a size's parent or a "
          f"worker)")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))
    return 0
