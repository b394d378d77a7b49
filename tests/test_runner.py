"""Running a corpus: several processes give the same output as one; a re-run over a grown corpus analyses only the
new documents; an interrupted run leaves the previous output and resumes; Ray gives the same output as one process."""
import json
import os
import pathlib
import shutil

import pytest

import rasd
from conftest import seed_corpus
from rasd import runner
from rasd.ingest import iter_sources
from rasd.records import working_record
from rasd.runner import Cache
from test_ingest import write_bad_inputs

ROOT = pathlib.Path(__file__).resolve().parents[1]
_ANALYSE_SOURCE = runner.analyse_source
_ANALYSE_ONE = runner.analyse_one


def _cached(out) -> int:
    """How many documents the run's cache holds."""
    cache = Cache(out)
    cache.close()
    return len(cache.offsets)


def _files(out):
    """The three files, without the documents' source paths (the same corpus may be read from elsewhere)."""
    files = {}
    for name in ("documents.jsonl", "claims.jsonl", "incidents.jsonl"):
        rows = [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]
        files[name] = [{k: v for k, v in row.items() if k != "source"} for row in rows]
    return files


def test_workers_give_the_same_output(shared, tmp_path):
    rasd.run([shared / "seeds", shared / "eval" / "petrarch-dev" / "corpus.jsonl"], tmp_path / "one")
    rasd.run([shared / "seeds", shared / "eval" / "petrarch-dev" / "corpus.jsonl"], tmp_path / "two", workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_grown_corpus_analyses_only_the_new_documents(shared, tmp_path, monkeypatch):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    seeds = seed_corpus(shared, corpus, 3)
    rasd.run([corpus], out)
    for path in seeds[3:]:
        shutil.copy(path, corpus)
    analysed = []
    import rasd.runner as runner
    original = runner.analyse_one
    monkeypatch.setattr(runner, "analyse_one", lambda doc: analysed.append(doc.doc_id) or original(doc))
    rasd.run([corpus], out)
    assert sorted(analysed) == sorted(p.stem for p in seeds[3:])
    fresh = tmp_path / "fresh"
    rasd.run([shared / "seeds"], fresh)
    assert _files(out) == _files(fresh)  # incidents updated as if run from scratch


def test_a_rerun_from_the_cache_writes_the_files_byte_for_byte_and_each_record_where_it_is_read_now(shared,
                                                                                                     tmp_path):
    """A cached record is written out as the cache keeps its text (not decoded and encoded again), unless its
    input is now read from elsewhere: then with its new source."""
    out, moved = tmp_path / "out", tmp_path / "moved"
    rasd.run([shared / "seeds"], out, keep=False)
    fresh = {name: (out / name).read_bytes() for name in ("documents.jsonl", "claims.jsonl", "incidents.jsonl")}
    again = rasd.run([shared / "seeds"], out, keep=False)
    assert {name: (out / name).read_bytes() for name in fresh} == fresh
    shutil.copytree(shared / "seeds", moved)
    rasd.run([moved], out, keep=False)
    documents = [json.loads(line) for line in (out / "documents.jsonl").open(encoding="utf-8")]
    assert again.counts[0] == len(documents) == _cached(out) == 5
    assert all(pathlib.Path(d["source"]).parent == moved for d in documents)


def test_a_cache_line_cut_right_after_a_closing_brace_is_analysed_again(shared, tmp_path, monkeypatch):
    """An interrupted run may cut its last cache line anywhere, right after a closing brace too, where the line
    still looks like a whole entry by its start and end: that document is analysed again, the rest come from
    the cache."""
    out = tmp_path / "out"
    rasd.run([shared / "seeds"], out)
    before = _files(out)
    cache = out / ".rasd" / "cache.jsonl"
    lines = cache.read_bytes().splitlines(keepends=True)
    last = lines[-1]
    cut = last[:last.rindex(b"}", 0, len(last) - 3) + 1]  # a brace inside the entry, not its last one
    cache.write_bytes(b"".join(lines[:-1]) + cut)
    analysed = []
    original = runner.analyse_one
    monkeypatch.setattr(runner, "analyse_one", lambda doc: analysed.append(doc.doc_id) or original(doc))
    rasd.run([shared / "seeds"], out)
    assert len(analysed) == 1 and _files(out) == before
    rasd.run([shared / "seeds"], out)
    assert len(analysed) == 1  # the document analysed again is cached again


def test_a_cache_finds_each_entry_it_was_given_in_the_same_run_after_a_cut_line(shared, tmp_path):
    """put() counts where each entry starts instead of asking the file (its writes are buffered): behind a line an
    interrupted run cut, every entry put in this run reads back whole, before and after the file is flushed."""
    results = [runner.analyse_source(s, encode=False)[0] for s in iter_sources([shared / "seeds"])]
    folder = tmp_path / "out"
    (folder / ".rasd").mkdir(parents=True)
    (folder / ".rasd" / "cache.jsonl").write_bytes(b'{"key":"0123","record":{"doc"')  # cut mid-entry
    cache = Cache(folder)
    for index, result in enumerate(results):
        cache.put(f"{index:040x}", result)
        assert cache.get(f"{index:040x}").record == result.record  # read back at once: the buffer flushed
    for index, result in enumerate(results):
        again = cache.get(f"{index:040x}")
        assert (again.record, again.claims, again.features) == (result.record, result.claims, result.features)
    cache.close()
    reopened = Cache(folder)
    assert sorted(reopened.offsets) == [f"{index:040x}" for index in range(len(results))]
    assert all(reopened.get(key).record == results[int(key, 16)].record for key in reopened.offsets)
    reopened.close()


def test_an_interrupted_run_keeps_the_old_output_and_resumes(shared, tmp_path, monkeypatch):
    out = tmp_path / "out"
    rasd.run([shared / "seeds"], out)
    before = _files(out)
    import rasd.runner as runner
    original, calls = runner.analyse_one, []

    def dies_on_the_third(doc):
        calls.append(doc.doc_id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(doc)

    shutil.rmtree(out / ".rasd")  # as if the code had changed: nothing cached
    monkeypatch.setattr(runner, "analyse_one", dies_on_the_third)
    try:
        rasd.run([shared / "seeds"], out)
    except KeyboardInterrupt:
        pass
    assert _files(out) == before  # nothing half-written
    assert _cached(out) == 2  # what was done before the interruption is kept
    calls.clear()
    monkeypatch.setattr(runner, "analyse_one", lambda doc: calls.append(doc.doc_id) or original(doc))
    rasd.run([shared / "seeds"], out)
    assert len(calls) == 3 and _files(out) == before


def test_a_run_that_keeps_nothing_in_memory_writes_the_same_files(shared, tmp_path):
    """keep=False (the command line) holds only what the incidents need, the records on disk until the end: the
    files are those of a run that keeps everything, events of reports that form no incident included."""
    stream = tmp_path / "stream.jsonl"
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        stream.write_text("".join(line for _, line in zip(range(200), f)), encoding="utf-8")
    kept = rasd.run([shared / "seeds", stream], tmp_path / "kept", workers=2)
    streamed = rasd.run([shared / "seeds", stream], tmp_path / "streamed", workers=2, keep=False)
    assert _files(tmp_path / "kept") == _files(tmp_path / "streamed")
    assert streamed.counts == (len(kept.documents), len(kept.claims), len(kept.incidents))
    documents = [json.loads(line) for line in (tmp_path / "streamed" / "documents.jsonl").open(encoding="utf-8")]
    assert any(d["events"] and d["relevance"]["label"] not in ("political_violence", "protest") for d in documents)
    assert all(d["text"] for d in documents)


def test_a_worker_sends_the_record_as_its_line_and_only_the_working_fields_decoded(shared, tmp_path):
    """A streaming run's worker writes each record's JSON once: the parent writes that line out and is handed only
    the fields the incidents stage reads; the cache entry, the whole result's, travels as its tail beside that line
    (the record's JSON crosses the pipe once), and the cache joins them into the one entry."""
    from rasd.ingest import iter_sources
    from rasd.records import WORKING_FIELDS, EntryTail
    from rasd.runner import analyse_source
    source = next(iter_sources([shared / "seeds"]))
    whole, _ = analyse_source(source, encode=False)
    slim, entry = analyse_source(source, encode=True, slim=True)
    assert json.loads(slim.line) == whole.record and slim.line.endswith(b"\n")
    assert "text" not in slim.record and set(WORKING_FIELDS) <= set(slim.record)
    assert slim.record["events"] == whole.record["events"]  # the seed reports political violence: its events count
    assert type(entry) is EntryTail and whole.record["text"] not in entry.claims.decode() + entry.features.decode()
    folder = tmp_path / "out"
    cache = Cache(folder)
    cache.put("k" * 40, slim, entry)
    cache.put("w" * 40, whole)
    assert cache.get("k" * 40).to_json() == cache.get("w" * 40).to_json() == whole.to_json()
    cache.close()
    line, = [line for line in (folder / ".rasd" / "cache.jsonl").read_bytes().splitlines() if b'"kkkk' in line]
    assert json.loads(line) == {"key": "k" * 40, **whole.to_json()}


def _fail_the_second_write(monkeypatch) -> None:
    """api.run's loop fails on its second document, as a write to a full disk would."""
    from rasd import api
    working_record, seen = api.working_record, []

    def fails_on_the_second(record, forming):
        seen.append(record["doc"])
        if len(seen) == 2:
            raise OSError(28, "No space left on device")
        return working_record(record, forming)

    monkeypatch.setattr(api, "working_record", fails_on_the_second)


def test_a_run_stopped_by_an_error_kills_its_workers_at_once(shared, tmp_path, monkeypatch):
    """When the run fails (a full disk, Ctrl-C), its worker processes are killed, not waited for: after Ctrl-C,
    which reaches them too, the work in their hands would never report back and the run would hang. (Before the Ray
    tests: forking a pool beside Ray's leftover threads can deadlock.)"""
    import multiprocessing
    import time

    from rasd import runner
    stream = tmp_path / "stream.jsonl"
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        stream.write_text("".join(line for _, line in zip(range(300), f)), encoding="utf-8")
    marker, analyse_one = tmp_path / "slow-document-done", runner.analyse_one

    def slow_in_the_second_batch(doc):
        if doc.source == f"{stream}:280":
            time.sleep(5)
            marker.touch()
        return analyse_one(doc)

    monkeypatch.setattr(runner, "analyse_one", slow_in_the_second_batch)
    _fail_the_second_write(monkeypatch)
    with pytest.raises(OSError) as stopped:  # its traceback, kept (as an interactive session keeps the last one)
        rasd.run([stream], tmp_path / "out", workers=2, keep=False)
    assert stopped.value.errno == 28 and multiprocessing.active_children() == []
    time.sleep(6)
    assert not marker.exists()  # killed while the second batch was in its hands


def _dies_on_the_deadly_file(source, **options):
    """runner.analyse_source, but a worker process dies on deadly.txt and deadly.jsonl (module level: a pool may
    pickle it)."""
    if source.path.endswith(("deadly.txt", "deadly.jsonl")):
        os._exit(1)
    return _ANALYSE_SOURCE(source, **options)


def test_workers_killed_in_the_middle_of_a_result_are_stopped_without_a_hang():
    """A run stopped by an error kills its workers; one killed while it was writing a result left the pool's thread
    waiting for the rest of that message for ever, and the run hung in the pool's shutdown (seen in CI). Here a
    worker writes half a message and waits; stopping the pool must still return. A subprocess, which a hang
    cannot take the tests down with."""
    import subprocess
    import sys
    import textwrap

    program = textwrap.dedent("""
        import os, struct, time
        from rasd import runner
        def half_a_result(source):
            os.write(WRITER.fileno(), struct.pack("!i", 1000) + b"0123456789")  # 10 of its 1,000 bytes
            time.sleep(600)
        pool = runner._forked_processes(1, half_a_result)
        WRITER = pool._result_queue._writer  # the workers are forked at the first submit: they see it
        future = pool.submit(runner._analyse_all, [None])
        time.sleep(1)
        runner._stopped(pool, kill=True)
        print("stopped", type(future.exception()).__name__)
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["stopped", "BrokenProcessPool"], done.stderr


@pytest.mark.parametrize("killed_by", ["the run", "something else"])
def test_workers_killed_while_the_pool_feeds_them_a_large_chunk_are_stopped_without_a_hang(killed_by):
    """The pool's thread that feeds the workers chunks may be blocked writing one larger than their pipe holds (a
    chunk of long documents) when they die: killed by the run stopped by an error (seen in the test of a run stopped
    by a full disk), or by something else (the out-of-memory killer, a crash), after which the pool breaks by itself
    and waits for that feeder. On Python before 3.11.5 (Debian 12's 3.11.2) nobody read the pipe any more, and the
    run hung for ever. A subprocess, which a hang cannot take the tests down with."""
    import subprocess
    import sys
    import textwrap

    killing = "" if killed_by == "the run" else """
        os.kill(runner._workers_of(pool)[0].pid, signal.SIGKILL)
        try:
            runner._result(pool, futures[0])
        except BrokenProcessPool:
            pass"""
    program = textwrap.dedent("""
        import os, signal, time
        from concurrent.futures.process import BrokenProcessPool
        from rasd import runner
        def sleeps(source):
            time.sleep(600)
        pool = runner._forked_processes(1, sleeps)
        chunk = [str(i) * 1000 for i in range(300)]  # about 500 KB pickled: more than a pipe holds
        futures = [pool.submit(runner._analyse_all, [chunk]) for _ in range(3)]
        time.sleep(1)  # the first chunk taken, the second being written""" + killing + """
        runner._stopped(pool, kill=True)
        print("stopped", *{type(future.exception()).__name__ for future in futures})
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["stopped", "BrokenProcessPool"], done.stderr


def test_a_worker_that_dies_in_the_middle_of_a_result_breaks_its_pool_instead_of_hanging_the_run():
    """A worker that dies while it writes a result (the out-of-memory killer can strike then) leaves the pool's
    thread waiting for the rest of the message, and the pool never breaks by itself: the wait for the result
    notices the dead process and breaks the pool, so that the chunk goes to the suspects' process as when a worker
    dies. A subprocess, which a hang cannot take the tests down with."""
    done = _with_a_worker_that_dies_writing_its_result("""
        from concurrent.futures.process import BrokenProcessPool
        try:
            runner._result(pool, pool.submit(runner._analyse_all, [None]))
        except BrokenProcessPool:
            print("broken")
        runner._stopped(pool, kill=True)
    """)
    assert done.stdout.split() == ["broken"], done.stderr


def _with_a_worker_that_dies_writing_its_result(program: str):
    """`program` run in a subprocess (which a hang cannot take the tests down with), after it has made `pool`, of
    one worker that writes 10 bytes of a 1,000-byte result and dies."""
    import subprocess
    import sys
    import textwrap
    program = textwrap.dedent('''
        import os, struct
        from rasd import runner
        def dies_writing_its_result(source):
            os.write(WRITER.fileno(), struct.pack("!i", 1000) + b"0123456789")  # 10 of its 1,000 bytes
            os._exit(1)
        runner.DEATH_CHECK_SECONDS = 0.5
        pool = runner._forked_processes(1, dies_writing_its_result)
        WRITER = pool._result_queue._writer  # the workers are forked at the first submit: they see it
    ''') + textwrap.dedent(program)
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)


def test_a_pool_stopped_to_let_it_finish_breaks_when_a_worker_dies_in_the_middle_of_a_result():
    """Before a document is tried alone, the pool is stopped and left to finish the work it was given; a worker of
    it that dies while it writes a result left that stop waiting for the pool's thread for ever (found in review).
    The stop now notices the dead process, as the wait for a result does, and the pool breaks. A subprocess, which a
    hang cannot take the tests down with."""
    done = _with_a_worker_that_dies_writing_its_result("""
        future = pool.submit(runner._analyse_all, [None])
        runner._stopped(pool)
        print("stopped", type(future.exception()).__name__)
    """)
    assert done.stdout.split() == ["stopped", "BrokenProcessPool"], done.stderr


def test_a_document_that_kills_its_worker_process_fails_alone_and_is_not_cached(shared, tmp_path, monkeypatch):
    """A worker process that dies (here on one file, as a segfault in a parser or the out-of-memory killer would)
    takes its chunk with it: the chunk is analysed again a document at a time in a process of its own, so the run
    ends (it used to wait for the dead worker for ever), only that document fails, saying why, and it is left out
    of the cache for the next run to try again. A deadly JSON Lines line keeps its own id, outlet and day, and one
    whose id came before is failed under a new id, not read again in this process (which it would kill). (Before
    the Ray tests, for the same reason as the test above.)"""
    import signal

    from rasd import runner
    corpus = tmp_path / "corpus"
    shutil.copytree(shared / "seeds", corpus)
    first = sorted(corpus.iterdir())[0]
    (corpus / "deadly.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "deadly.jsonl").write_text("".join(
        json.dumps({"id": doc_id, "outlet": "Enab Baladi", "published": "2022-01-21",
                    "text": first.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n"
        for doc_id in (first.stem, "deadly-line")), encoding="utf-8")
    def hung(signum, frame):
        raise TimeoutError("the run waited for a dead worker")

    monkeypatch.setattr(runner, "analyse_source", _dies_on_the_deadly_file)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        result = rasd.run([corpus], tmp_path / "out", workers=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    failed = {d["doc"]: d for d in result.documents if d["status"] == "failed"}
    assert sorted(failed) == sorted([f"{first.stem}~2", "deadly", "deadly-line"])
    assert all(runner.PROCESS_DIED in d["error"] for d in failed.values())
    assert failed["deadly-line"]["error"].startswith(f"{corpus / 'deadly.jsonl'}:2: ")
    assert (failed["deadly-line"]["outlet"], failed["deadly-line"]["published"]) == ("Enab Baladi", "2022-01-21")
    assert len(result.documents) == 8 and _cached(tmp_path / "out") == 5
    monkeypatch.setattr(runner, "analyse_source", _ANALYSE_SOURCE)
    assert [c for c in result.claims if c["doc"] != "deadly"] == rasd.run([shared / "seeds"], tmp_path / "local").claims


def test_reruns_after_documents_killed_a_one_process_run_analyse_them_apart_and_complete(shared, tmp_path):
    """With one process (`--workers 1`, the API's default) a document that crashes the process ends the run; the
    cache's folder keeps which ones did, so later runs analyse them in a process of their own, where they fail
    alone: two such documents end two runs, and every run after completes (each died on them again, for ever).
    Subprocesses, so that a death ends them and not the tests."""
    import subprocess
    import sys
    import textwrap

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(shared / "seeds", corpus)
    for name in ("deadly-1.txt", "deadly-2.txt"):
        (corpus / name).write_text(f"{name}, not read", encoding="utf-8")
    program = textwrap.dedent("""
        import os, sys
        import rasd
        from rasd import runner
        analyse_source = runner.analyse_source
        def dies_on_the_deadly_files(source, **options):
            if "deadly" in source.path:
                os._exit(3)
            return analyse_source(source, **options)
        runner.analyse_source = dies_on_the_deadly_files
        print(rasd.run([sys.argv[1]], sys.argv[2], progress=False, keep=False).summary())
    """)

    def run():
        return subprocess.run([sys.executable, "-c", program, str(corpus), str(out)], capture_output=True, text=True,
                              timeout=300)
    assert [run().returncode for _ in range(2)] == [3, 3]  # each died on one of them; the seeds are cached
    for _ in range(2):
        rerun = run()
        assert rerun.returncode == 0, rerun.stderr
        assert "7 documents read, 2 failed" in rerun.stdout and not (out / ".rasd" / "analysing").exists()
        records = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [r["doc"] for r in records if r["status"] != "ok"] == ["deadly-1", "deadly-2"]
        assert all(runner.PROCESS_DIED in r["error"] for r in records[-2:]) and _cached(out) == 5


def test_the_usable_cpus_are_the_affinity_within_the_control_groups_quota(tmp_path, monkeypatch):
    """A container limited to 1.5 CPUs of a 4-CPU host runs 2 workers, not 4; no quota, or no cgroup v2, leaves the
    affinity."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert runner.usable_cpus(tmp_path) == 2
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert runner.usable_cpus(tmp_path) == 4
    assert runner.usable_cpus(tmp_path / "none") == 4
    (tmp_path / "cpu.max").write_text("50000 100000\n")
    assert runner.usable_cpus(tmp_path) == 1


def test_the_usable_cpus_respect_a_cgroup_v1_quota(tmp_path, monkeypatch):
    """On a host with cgroup v1 (Docker on older systems) the quota is cpu/cpu.cfs_quota_us over cpu.cfs_period_us;
    -1 is no quota."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("250000\n")
    assert runner.usable_cpus(tmp_path) == 3
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert runner.usable_cpus(tmp_path) == 4
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    assert runner.usable_cpus(tmp_path) == 1
    (tmp_path / "cpu.max").write_text("max 100000\n")  # cgroup v2's word wins where both are mounted
    assert runner.usable_cpus(tmp_path) == 4


def _dies_on_lines_10_20_30(source, **options):
    if source.line in (10, 20, 30):
        os._exit(1)
    return _ANALYSE_SOURCE(source, **options)


@pytest.mark.parametrize("pause", [0.0, 0.05])
def test_deadly_documents_in_many_batches_fail_alone_whenever_their_pool_is_found_broken(shared, tmp_path,
                                                                                         monkeypatch, pause):
    """Three deadly lines in batches of eight, one batch ahead: a pool may be found broken when a chunk's result is
    taken or, when the consumer is slower than the workers (`pause` a result), only when the next batch is handed
    to it. Either way every other document comes out, in order, and only the three fail."""
    import time

    stream = tmp_path / "stream.jsonl"
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        stream.write_text("".join(line for _, line in zip(range(40), f)), encoding="utf-8")
    monkeypatch.setattr(runner, "BATCH", 8)
    monkeypatch.setattr(runner, "analyse_source", _dies_on_lines_10_20_30)
    results = []
    for result in runner.analyse_sources(iter_sources([stream]), workers=2):
        results.append(result)
        time.sleep(pause)
    records = [r.record for r in results]
    assert [r["source"] for r in records] == [f"{stream}:{n}" for n in range(1, 41)]
    assert [r["source"] for r in records if r["status"] != "ok"] == [f"{stream}:{n}" for n in (10, 20, 30)]
    assert all(runner.PROCESS_DIED in r["error"] for r in records if r["status"] != "ok")


def _stream_of(shared, tmp_path, lines: int) -> pathlib.Path:
    """The first `lines` articles of the news2013 stream, as a JSON Lines file of the test's own."""
    stream = tmp_path / "stream.jsonl"
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        stream.write_text("".join(line for _, line in zip(range(lines), f)), encoding="utf-8")
    return stream


@pytest.mark.parametrize("misbehaving", ["stuck", "deadly", "exits", "terminated"])
def test_the_document_a_worker_died_on_is_known_so_its_chunk_is_not_analysed_again_alone(shared, tmp_path,
                                                                                         monkeypatch, misbehaving):
    """40 articles in chunks of five; line 12 gets its process stuck where the time limit's signal cannot stop it,
    kills it, ends it with exit code 0 (a C library's exit()) or with SIGTERM (as the out-of-memory daemons do).
    Each process notes which document it analyses, so the pool that lost one knows the document: a stuck one fails
    at once (tried once, not again alone: each try costs twice the limit), any other is tried once more in a
    process of its own, and the other documents of the pool's lost chunks run again on the next pool, never alone.
    Every document comes out, in order, and the run ends (an exit with 0 or SIGTERM, taken for the pool's own ending
    of a process, had the chunk run again for ever). (Tries are counted in a file: the workers are forked.)"""
    import signal
    import time
    stream, tries = _stream_of(shared, tmp_path, 40), tmp_path / "tries"

    def misbehaves(source, **options):
        with open(tries, "a", encoding="utf-8") as f:
            f.write(f"{source.line} {os.getpid()}\n")
        if source.line == 12 and misbehaving != "stuck":
            os.kill(os.getpid(), signal.SIGTERM) if misbehaving == "terminated" else \
                os._exit(3 if misbehaving == "deadly" else 0)
        if source.line == 12:
            signal.signal(signal.SIGVTALRM, signal.SIG_IGN)  # as in code the signal cannot interrupt
            until = time.monotonic() + 60
            while time.monotonic() < until:
                pass
        return _ANALYSE_SOURCE(source, **options)

    def hung(signum, frame):
        raise TimeoutError("the run did not end")

    monkeypatch.setattr(runner, "analyse_source", misbehaves)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        records = [r.record for r in runner.analyse_sources(iter_sources([stream]), workers=2, time_limit=0.5)]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [r["source"] for r in records] == [f"{stream}:{n}" for n in range(1, 41)]
    problem = runner.stuck_past(0.5) if misbehaving == "stuck" else runner.PROCESS_DIED
    assert {r["source"]: r["error"] for r in records if r["status"] != "ok"} == {
        f"{stream}:12": f"{stream}:12: {problem}; not cached: a rerun tries it again"}
    counted = [line.split() for line in tries.read_text(encoding="utf-8").splitlines()]
    tried = {n: sum(line == str(n) for line, _ in counted) for n in range(1, 41)}
    assert tried.pop(12) == (1 if misbehaving == "stuck" else 2)
    assert set(tried.values()) <= {1, 2}  # lost with the pool at most once
    if misbehaving in ("deadly", "exits"):  # a SIGTERM may leave the other process's document suspect too
        alone = {pid for line, pid in counted if line == "12"} - {pid for line, pid in counted if line != "12"}
        assert len(alone) == 1  # the second try, in a process that analysed nothing else


def test_the_command_line_runs_on_every_usable_cpu_so_a_deadly_document_fails_alone(shared, tmp_path):
    """`rasd run` without --workers takes one process per CPU it may use (two here): faster, and a document that
    kills its process fails alone, where one process would have died with the run (a subprocess here, so that a
    death ends it and not the tests)."""
    import subprocess
    import sys
    import textwrap

    corpus = tmp_path / "corpus"
    shutil.copytree(shared / "seeds", corpus)
    (corpus / "deadly.txt").write_text("not read", encoding="utf-8")
    program = textwrap.dedent("""
        import os, sys
        from rasd import cli, runner
        analyse_source = runner.analyse_source
        def dies_on_the_deadly_file(source, **options):
            if source.path.endswith("deadly.txt"):
                os._exit(1)
            return analyse_source(source, **options)
        runner.analyse_source = dies_on_the_deadly_file
        os.sched_getaffinity = lambda pid: {0, 1}
        sys.exit(cli.main(sys.argv[1:]))
    """)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", program, "run", str(corpus), "--out", str(out), "--no-progress"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["doc"], r["status"]) for r in records if r["status"] != "ok"] == [("deadly", "failed")]
    assert len(records) == 6 and runner.PROCESS_DIED in records[-1]["error"]


def test_ray_engine_gives_the_single_process_output(shared, tmp_path, monkeypatch):
    """On Ray the documents are analysed in many tasks (7 documents each here, in batches of 20, three batches in
    flight); their results come back in input order, interleaved with those read from the cache of an earlier run."""
    import ray

    from rasd import runner
    from rasd.ingest import MAX_DOCUMENT_BYTES
    monkeypatch.setattr(runner, "RAY_TASK", 7)
    monkeypatch.setattr(runner, "BATCH", 20)
    stream = tmp_path / "stream.jsonl"  # a slice of the real stream: dated, with outlets and titles
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        lines = [line for _, line in zip(range(300), f)]
    stream.write_text("".join(lines), encoding="utf-8")
    (tmp_path / "every-other").mkdir()
    blanked = [line if i % 2 == 0 else "\n" for i, line in enumerate(lines)]  # each line keeps its number (its key)
    (tmp_path / "every-other" / "stream.jsonl").write_text("".join(blanked), encoding="utf-8")
    twins = tmp_path / "twins"  # one id twice (x.txt beside x.html): the second is read again as x~2
    twins.mkdir()
    article = sorted((ROOT / "samples" / "corpus").glob("*.txt"))[0].read_text(encoding="utf-8")
    (twins / "x.txt").write_text(article, encoding="utf-8")
    (twins / "x.html").write_text(f"<html><body><p>{article}</p></body></html>", encoding="utf-8")
    (twins / "huge.jsonl").write_bytes(b'{"id": "huge", "text": "' + b"x" * MAX_DOCUMENT_BYTES + b'"}\n')
    corpus = [shared / "seeds", ROOT / "samples" / "corpus", twins, write_bad_inputs(tmp_path / "bad")]
    # the local runs first: forking worker processes while Ray's threads run can deadlock
    rasd.run(corpus, tmp_path / "local")
    rasd.run([stream], tmp_path / "local-stream", workers=2)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        rasd.run(corpus, tmp_path / "ray", engine="ray")
        rasd.run([stream], tmp_path / "ray-stream", engine="ray")
        rasd.run([stream], tmp_path / "ray-slim", engine="ray", keep=False)  # as the command line runs
        rasd.run([tmp_path / "every-other" / "stream.jsonl"], tmp_path / "ray-mixed", engine="ray")
        mixed = rasd.run([stream], tmp_path / "ray-mixed", engine="ray")
        assert ray.is_initialized()  # the caller's Ray is the caller's to stop
    finally:
        ray.shutdown()
    assert _files(tmp_path / "local") == _files(tmp_path / "ray")
    ids = [json.loads(line)["doc"] for line in (tmp_path / "ray" / "documents.jsonl").open(encoding="utf-8")]
    assert {"x", "x~2", "good~2", "huge:1"} <= set(ids)
    assert _files(tmp_path / "local-stream") == _files(tmp_path / "ray-stream") == _files(tmp_path / "ray-slim")
    entries = [sorted((tmp_path / out / ".rasd" / "cache.jsonl").read_text(encoding="utf-8").splitlines())
               for out in ("local-stream", "ray-stream", "ray-slim")]
    assert entries[0] == entries[1] == entries[2]  # the engines' caches serve each other
    assert _files(tmp_path / "local-stream") == _files(tmp_path / "ray-mixed") and mixed.counts[0] == 300
    cache = (tmp_path / "ray-mixed" / ".rasd" / "cache.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(cache) == 300  # the second run analysed only the 150 documents the first had not
    assert any(json.loads(line)["published"] for line in (tmp_path / "ray-stream" / "documents.jsonl").open())


def test_ray_engine_starts_ray_only_for_uncached_documents_and_stops_what_it_started(shared, tmp_path, monkeypatch):
    """A rerun over a corpus the cache already holds (either engine's cache serves the other) only reads the cache:
    starting Ray would cost seconds and, with an address, a cluster's resources, for nothing. A run that starts a
    local Ray instance stops it when its documents are analysed, before the cross-document stage."""
    import ray
    assert not ray.is_initialized()
    first = rasd.run([shared / "seeds"], tmp_path / "local")
    again = rasd.run([shared / "seeds"], tmp_path / "local", engine="ray")
    assert not ray.is_initialized()
    assert again.counts == first.counts and again.claims == first.claims
    rasd.run([shared / "seeds"], tmp_path / "ray", engine="ray")
    assert not ray.is_initialized()
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    _fail_the_second_write(monkeypatch)
    with pytest.raises(OSError) as stopped:  # its traceback, kept (as an interactive session keeps the last one)
        rasd.run([shared / "seeds"], tmp_path / "full-disk", engine="ray", keep=False)
    assert stopped.value.errno == 28 and not ray.is_initialized()  # stopped now, not when the traceback goes



def test_a_document_that_kills_its_ray_worker_fails_alone_and_is_not_cached(shared, tmp_path, monkeypatch):
    """A worker that dies (here on one file, as a segfault in a parser would) takes its task's documents with it:
    they are analysed again one a task, so the run ends, only that document fails, saying why, and it is left out
    of the cache for the next run to try again. A worker whose Rasd differs from the driver's stops the run."""
    import os

    import ray

    from rasd import runner
    corpus = _seeds_and_a_copy_named(shared, tmp_path, "deadly.txt")
    analyse = runner._ray_task

    def dies_on_the_deadly_file(run_settings, version, slim, time_limit, sources):
        if any(source.path.endswith("deadly.txt") for source in sources):
            os._exit(1)
        return analyse(run_settings, version, slim, time_limit, sources)

    monkeypatch.setattr(runner, "_ray_task", dies_on_the_deadly_file)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        result = rasd.run([corpus], tmp_path / "out", engine="ray")
        monkeypatch.setattr(runner, "_ray_task", lambda run_settings, version, slim, time_limit, sources:
                            analyse(run_settings, "another Rasd's", slim, time_limit, sources))
        with pytest.raises(ray.exceptions.RayTaskError, match="differs from the driver's"):
            rasd.run([corpus], tmp_path / "another", engine="ray")  # caching its results would be wrong for good
    finally:
        ray.shutdown()
    failed = {d["doc"]: d["error"] for d in result.documents if d["status"] == "failed"}
    assert list(failed) == ["deadly"] and runner.WORKER_DIED in failed["deadly"]
    assert len(result.documents) == 6 and _cached(tmp_path / "out") == 5
    local = rasd.run([shared / "seeds"], tmp_path / "local")
    assert [c for c in result.claims if c["doc"] != "deadly"] == local.claims


def test_a_fault_in_the_event_records_fails_that_document_only(monkeypatch):
    """analyse_one never raises: when writing a document's events fails, its fallback record does not write them
    again, so the worker's batch is not lost."""
    from rasd import results, runner
    from rasd.document import Document

    original = results.event_records

    def broken(doc):
        if doc.events:
            raise KeyError("kind")
        return original(doc)

    monkeypatch.setattr(results, "event_records", broken)
    result = runner.analyse_one(Document(doc_id="x", original="قتل خمسة مدنيين في قصف على مدينة حلب أمس.",
                                         published="2023-05-03"))
    assert result.record["status"] == "failed" and "KeyError" in result.record["error"]
    assert result.record["events"] == [] and result.claims == []


def test_warm_up_freezes_the_knowledge_once_not_each_batchs_garbage():
    import gc

    from rasd.pipeline import warm_up
    warm_up()
    frozen = gc.get_freeze_count()
    cycles = []
    for _ in range(1000):  # documents' garbage: objects that point at each other, as a Document and its View do
        a, b = {}, {}
        a["b"], b["a"] = b, a
        cycles.append(a)
    del cycles
    warm_up()  # the next batch of a one-process run
    assert gc.get_freeze_count() == frozen


def test_an_analysed_document_leaves_no_cyclic_garbage(shared):
    """A worker's documents are freed as soon as they are analysed: their view, which points back at them, is let
    go, and so are the facts the view worked out, one of which (the speech cues' reader, suspended where the last
    figure stopped it) points back at the view; nothing of theirs waits for the cyclic garbage collector (a stream's
    documents are many). Each seed is freed by reference counting alone, the collector off. (gc.collect() returning
    0 would not show it: a cycle through a suspended generator is collected without being counted.)"""
    import gc
    import weakref

    from rasd import runner
    from rasd.document import Document
    texts = [path.read_text(encoding="utf-8") for path in sorted((shared / "seeds").glob("*.txt"))]
    runner.analyse_one(Document(doc_id="warm", original=texts[0]))  # the knowledge it builds once is no garbage
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        for number, text in enumerate(texts):
            doc = Document(doc_id=f"seed-{number}", original=text)
            freed = weakref.ref(doc)
            assert runner.analyse_one(doc).claims
            del doc
            assert freed() is None, f"seed {number} outlived its analysis"
    finally:
        if enabled:
            gc.enable()


def test_a_json_line_that_runs_out_of_memory_when_read_again_for_its_failure_fails_alone(tmp_path, monkeypatch):
    """A line runs out of memory while parsed, and again when its failure reads it once more for its id: the second
    MemoryError escaped the reader's guard and ended the run (found by a review). The line fails alone, uncached."""
    import json

    from rasd import ingest
    corpus = tmp_path / "stream.jsonl"
    corpus.write_text("".join(json.dumps({"id": name, "text": "قتل 5 مدنيين في قصف على حلب."}) + "\n"
                              for name in ("fine", "starved")), encoding="utf-8")
    def starved(parse):  # the parser, out of memory on the starved line
        def parsed(raw, *args, **kwargs):
            if "starved" in (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw):
                raise MemoryError
            return parse(raw, *args, **kwargs)
        return parsed

    monkeypatch.setattr(ingest, "json_line", starved(ingest.json_line))  # the line read
    monkeypatch.setattr(ingest.json, "loads", starved(ingest.json.loads))  # and read again for its failure
    result = rasd.run([corpus], tmp_path / "out", workers=1)
    failed = {d["doc"]: d["error"] for d in result.documents if d["status"] == "failed"}
    assert list(failed.values()) == [f"{corpus}:2: out of memory while reading; not cached: a rerun tries it again"]
    assert [d["status"] for d in result.documents].count("ok") == 1


def test_a_document_of_a_taken_id_that_runs_out_of_memory_names_its_file_once(shared, tmp_path, monkeypatch):
    """Two files of one name in two folders, the second out of memory in a stage: its error named its file twice
    (the failure was told with its path, and the path added again for the new id; found by a review)."""
    from rasd import pipeline
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        shutil.copy(sorted((shared / "seeds").glob("*.txt"))[0], folder / "x.txt")
    run = pipeline._run

    def starved_in_tagging(stage, doc):
        if stage.__name__ == "tag" and doc.source.endswith("b/x.txt"):
            raise MemoryError
        run(stage, doc)

    monkeypatch.setattr(pipeline, "_run", starved_in_tagging)
    result = rasd.run([first, second], tmp_path / "out", workers=1)
    failed = [d["error"] for d in result.documents if d["status"] == "failed"]
    assert failed == [f"{second / 'x.txt'}: out of memory in stage tag; not cached: a rerun tries it again"]


def _seeds_and_a_copy_named(shared, tmp_path, name: str):
    """A folder of the seeds and a copy of the first of them named `name` (a document a test makes misbehave)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(shared / "seeds", corpus)
    (corpus / name).write_text((corpus / sorted(os.listdir(corpus))[0]).read_text(encoding="utf-8"), encoding="utf-8")
    return corpus


def _corpus_with_a_long_document(shared, tmp_path):
    """The seeds and one real article 300 times over (1.2 MB): a text that takes seconds to analyse, never 0.5 s (a
    seed takes 20-50 ms)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(shared / "seeds", corpus)
    article = (corpus / sorted(os.listdir(corpus))[0]).read_text(encoding="utf-8")
    (corpus / "long.txt").write_text("\n\n".join([article] * 300), encoding="utf-8")
    return corpus


def test_a_document_past_the_time_limit_fails_alone_uncached_on_every_engine(shared, tmp_path):
    """A document whose reading and analysis run past the time limit is stopped where it is (inside a stage, whose
    own guard must not swallow the stop) and fails alone, saying why; it is not cached, so a later run with a longer
    limit analyses it. The same in this process, on worker processes and on Ray."""
    import ray
    corpus = _corpus_with_a_long_document(shared, tmp_path)
    runs = {"one": rasd.run([corpus], tmp_path / "one", time_limit=0.5),
            "two": rasd.run([corpus], tmp_path / "two", workers=2, time_limit=0.5)}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        runs["ray"] = rasd.run([corpus], tmp_path / "ray", engine="ray", time_limit=0.5)
    finally:
        ray.shutdown()
    seeds = rasd.run([shared / "seeds"], tmp_path / "seeds")
    for name, result in runs.items():
        failed = {d["doc"]: d["error"] for d in result.documents if d["status"] == "failed"}
        assert list(failed) == ["long"], name
        assert failed["long"] == f"{corpus / 'long.txt'}: its reading and analysis took more than the time limit of " \
                                 "0.5 s of CPU (rasd run --time-limit); not cached: a rerun tries it again", name
        assert [c for c in result.claims if c["doc"] != "long"] == seeds.claims, name
        assert _cached(tmp_path / name) == 5, name
    again = rasd.run([corpus], tmp_path / "one", time_limit=None)
    assert [d["status"] for d in again.documents] == ["ok"] * 6 and _cached(tmp_path / "one") == 6
    assert any(c["doc"] == "long" for c in again.claims)


@pytest.mark.parametrize("where", ["reading", "reading a page", "stage find_events", "stage output"])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_failed_for_want_of_memory_is_not_cached(shared, tmp_path, monkeypatch, where, workers):
    """Memory that runs out while a file is decoded, a page's article extracted, in a stage or in making the
    records tells of the machine's state then, not of the document: it fails alone, saying so, and is left out of
    the cache, so the next run analyses it (a failure cached for good would keep a good document failed in every
    later run; the reader's and the extractor's own guards, which fail a document for a fault of theirs, let it
    through)."""
    import trafilatura

    from rasd import events, ingest
    name = "starved.html" if where == "reading a page" else "starved.txt"
    corpus = _seeds_and_a_copy_named(shared, tmp_path, name)
    with open(corpus / name, "a", encoding="utf-8") as copy:
        copy.write("\n")  # not the bytes of the seed it copies
    if where == "reading a page":
        paragraphs = corpus.joinpath(name).read_text(encoding="utf-8").split("\n")
        corpus.joinpath(name).write_text("<html><head><title>t</title></head><body><article>" + "".join(
            f"<p>{p}</p>" for p in paragraphs if p.strip()) + "</article></body></html>", encoding="utf-8")
    starved_bytes = corpus.joinpath(name).read_bytes()
    decode = ingest.decode
    relevance, analysed = events.relevance, runner.analysed

    def starved_in_decoding(data):
        if data == starved_bytes:
            raise MemoryError
        return decode(data)

    def starved_in_extracting(*args, **kwargs):
        raise MemoryError  # the only page of the corpus

    def starved_in_events(view, *args, **kwargs):
        if view.doc.doc_id == "starved":
            raise MemoryError
        return relevance(view, *args, **kwargs)

    def starved_in_output(doc):
        if doc.doc_id == "starved":
            raise MemoryError
        return analysed(doc)

    monkeypatch.setattr(*{"reading": (ingest, "decode", starved_in_decoding),
                          "reading a page": (trafilatura, "bare_extraction", starved_in_extracting),
                          "stage find_events": (events, "relevance", starved_in_events),
                          "stage output": (runner, "analysed", starved_in_output)}[where])
    result = rasd.run([corpus], tmp_path / "out", workers=workers)
    failed = {d["doc"]: d["error"] for d in result.documents if d["status"] == "failed"}
    said = "while reading" if where.startswith("reading") else f"in {where}"
    assert failed == {"starved": f"{corpus / name}: out of memory {said}; not cached: a rerun tries it again"}
    assert not [c for c in result.claims if c["doc"] == "starved"] and _cached(tmp_path / "out") == 5
    monkeypatch.undo()
    again = rasd.run([corpus], tmp_path / "out", workers=workers)
    assert [d["status"] for d in again.documents] == ["ok"] * 6 and _cached(tmp_path / "out") == 6
    assert any(c["doc"] == "starved" for c in again.claims)


def test_a_worker_stuck_where_the_time_limit_cannot_stop_it_is_ended_and_its_document_fails_alone(
        shared, tmp_path, monkeypatch):
    """Code that never returns to the interpreter (a C library's loop; here a loop with the limit's signal ignored)
    is not stopped by the limit's signal: a worker process still at it after twice the limit in CPU time is ended,
    and the pool fails that document alone as when a document kills its process."""
    import signal
    import time
    corpus = _seeds_and_a_copy_named(shared, tmp_path, "stuck.txt")
    analyse_one = runner.analyse_one

    def stuck_on_one_file(doc):
        if doc.doc_id == "stuck" and doc.status == "ok":  # not the failed record made of it at the end
            signal.signal(signal.SIGVTALRM, signal.SIG_IGN)  # as in code the signal cannot interrupt
            until = time.monotonic() + 30
            while time.monotonic() < until:
                pass
        return analyse_one(doc)

    monkeypatch.setattr(runner, "analyse_one", stuck_on_one_file)
    started = time.monotonic()
    result = rasd.run([corpus], tmp_path / "out", workers=2, time_limit=0.5)
    assert time.monotonic() - started < 25  # three tries of 1 s each, not 30 s
    failed = {d["doc"]: d["error"] for d in result.documents if d["status"] == "failed"}
    assert failed == {"stuck": f"{corpus / 'stuck.txt'}: its process was ended, stuck past twice the time limit of "
                               "0.5 s of CPU where the limit could not stop it; not cached: a rerun tries it again"}
    monkeypatch.undo()
    assert result.claims == rasd.run([shared / "seeds"], tmp_path / "seeds").claims and _cached(tmp_path / "out") == 5


def test_a_ray_worker_stuck_where_the_time_limit_cannot_stop_it_is_ended_and_its_document_fails_alone(
        shared, tmp_path, monkeypatch):
    """As a pool's worker: a Ray worker still stuck after twice the limit in CPU time is ended, its task's documents
    are analysed again a task each, and only the stuck one fails, uncached."""
    import ray
    corpus = _seeds_and_a_copy_named(shared, tmp_path, "stuck.txt")
    task = runner._ray_task

    def stuck_on_one_file(run_settings, version, slim, time_limit, sources):
        import signal
        import time

        from rasd import runner as worker_runner
        analyse_one = worker_runner.analyse_one

        def stuck(doc):
            if doc.doc_id == "stuck" and doc.status == "ok":
                signal.signal(signal.SIGVTALRM, signal.SIG_IGN)  # as in code the signal cannot interrupt
                until = time.monotonic() + 60
                while time.monotonic() < until:
                    pass
            return analyse_one(doc)

        worker_runner.analyse_one = stuck
        try:
            return task(run_settings, version, slim, time_limit, sources)
        finally:
            worker_runner.analyse_one = analyse_one

    monkeypatch.setattr(runner, "_ray_task", stuck_on_one_file)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        result = rasd.run([corpus], tmp_path / "out", engine="ray", time_limit=1)
    finally:
        ray.shutdown()
    failed = {d["doc"]: d["error"] for d in result.documents if d["status"] == "failed"}
    assert list(failed) == ["stuck"] and runner.WORKER_DIED in failed["stuck"]
    monkeypatch.undo()
    assert result.claims == rasd.run([shared / "seeds"], tmp_path / "seeds").claims and _cached(tmp_path / "out") == 5


def _noting_the_workers_collector(source, **options):
    analysed, encoded = _ANALYSE_SOURCE(source, **options)
    analysed.record["collector_on"] = __import__("gc").isenabled()
    analysed.record["young_threshold"] = __import__("gc").get_threshold()[0]
    return analysed, encoded


@pytest.mark.parametrize("workers", [1, 2])
def test_with_worker_processes_the_parent_gathers_without_the_collectors_passes_and_the_workers_with_them(
        shared, tmp_path, monkeypatch, workers):
    """The parent of a pool mostly gathers results, which stay alive: the cyclic collector's passes over them
    (about a tenth of its time on the stream) would free nothing. The workers, forked during that pause, still
    collect their own garbage, their young objects every 10,000 (their documents leave no cycles); with one process,
    which analyses, the collector runs as the caller set it. The parent's pause lasts into the incidents stage and
    the writing: on between them, the collector made a young pass over all that was gathered, freeing nothing.
    Either way it is on again once the run ends."""
    import gc
    from rasd import api, settings
    gathered, callers_threshold = [], gc.get_threshold()[0]
    on_at = {}

    def noting_the_parents_collector(record, forming):
        gathered.append((gc.isenabled(), record.get("collector_on"), record.get("young_threshold")))
        return working_record(record, forming)

    def noting_it_at(name, stage):
        def noted(*args):
            on_at[name] = gc.isenabled()
            return stage(*args)
        return noted

    monkeypatch.setattr(runner, "BATCH", 8)
    monkeypatch.setattr(runner, "analyse_source", _noting_the_workers_collector)
    monkeypatch.setattr(api, "working_record", noting_the_parents_collector)
    monkeypatch.setattr(api, "incidents_of", noting_it_at("incidents", api.incidents_of))
    monkeypatch.setattr(api, "_write", noting_it_at("writing", api._write))
    rasd.run([_stream_of(shared, tmp_path, 40)], tmp_path / "out", workers=workers, keep=False)
    in_a_worker = settings.WORKER_COLLECTOR_THRESHOLD if workers > 1 else callers_threshold
    assert gathered == [(workers == 1, True, in_a_worker)] * 40
    assert on_at == {"incidents": workers == 1, "writing": workers == 1}
    assert gc.isenabled() and gc.get_threshold()[0] == callers_threshold


def test_documents_jsonl_copies_the_records_the_incidents_stage_left_and_completes_the_others(shared, tmp_path):
    """documents.jsonl copies the runs of spilled lines as they are and writes anew only the records the incidents
    stage completed (a copy's original, a day from its incident): on real articles and copies of some of them
    (another id, no day: their incident dates them), every row is the record a run that keeps everything in memory
    gives, in input order."""
    lines = (shared / "corpora" / "news2013" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[:150]
    rows = [json.loads(line) for line in lines]
    copies = [{**row, "id": row["id"] + "-copy", "published": None} for row in rows[::30]]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows + copies), encoding="utf-8")
    rasd.run([corpus], tmp_path / "out", keep=False)
    written = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    kept = rasd.run([corpus], keep=True).documents
    assert written == kept
    completed = [d for d in written if d["copy_of"] is not None]
    assert completed and len(completed) < len(written) - 100


def test_a_run_with_its_progress_bar_forks_its_workers_from_a_process_of_one_thread(shared, tmp_path):
    """A process forked while another thread runs may inherit a lock that thread held, and wait on it for ever
    (Python 3.12 and later warn of it). The progress bar's library starts a monitor thread with its first bar, which
    is made before the workers are forked: the run's bar starts none. In a fresh interpreter, where no other test's
    threads run."""
    import subprocess
    import sys
    script = (
        "import os, sys, threading\n"
        "import rasd\n"
        "threads = []\n"
        "os.register_at_fork(before=lambda: threads.append(threading.active_count()))\n"
        "rasd.run([sys.argv[1]], sys.argv[2], workers=2, progress=True)\n"
        "print(threads)\n")
    done = subprocess.run([sys.executable, "-c", script, str(shared / "seeds"), str(tmp_path / "out")],
                          capture_output=True, text=True, check=True)
    threads = json.loads(done.stdout)
    assert threads and set(threads) == {1}, threads
    assert "rasd:" in done.stderr  # the bar was drawn


@pytest.mark.parametrize("workers", [1, 2])
def test_a_json_line_nested_past_the_recursion_limit_fails_alone(tmp_path, workers):
    """A line of JSON nested deeper than Python's recursion limit (orjson reads 1,000 levels, json far fewer than
    100,000) raised RecursionError out of the reader and ended the whole run: it is a malformed line, failed alone."""
    good = json.dumps({"id": "good", "text": "قتل خمسة مدنيين في قصف على مدينة حلب أمس.", "published": "2023-05-03"},
                      ensure_ascii=False)
    lines = [good, '{"id": "mid", "text": ' + "[" * 1000 + "1.5" + "]" * 1000 + "}",
             '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"]
    corpus = tmp_path / "nested.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = rasd.run([corpus], tmp_path / "out", workers=workers, progress=False)
    status = [(d["status"], d["error"]) for d in result.documents]
    assert status[0] == ("ok", None) and [s for s, _ in status] == ["ok", "failed", "failed"]
    # 1,000 levels are read by json on Python 3.13, where its text is then no string; not on 3.11
    assert status[1][1].startswith(f"{corpus}:2: ") and (
        "nested too deeply" in status[1][1] or "field 'text'/'html' must be a string" in status[1][1]), status
    assert status[2][1] == f"{corpus}:3: malformed JSON line 3: nested too deeply"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_fault_of_the_json_lines_reader_fails_that_line_only(tmp_path, monkeypatch, workers):
    """Whatever the JSON Lines reader raises on one line (a fault of its own, not a malformed line it knows), that
    line's document fails with the fault named, and the run goes on."""
    from rasd import ingest
    json_line = ingest.json_line

    def faulty(raw):
        if b'"two"' in raw:
            raise KeyError("a fault of the reader's")
        return json_line(raw)

    monkeypatch.setattr(ingest, "json_line", faulty)
    corpus = tmp_path / "lines.jsonl"
    corpus.write_text("".join(json.dumps({"id": name, "text": "قتل خمسة مدنيين في قصف على مدينة حلب أمس.",
                                          "published": "2023-05-03"}, ensure_ascii=False) + "\n"
                              for name in ("one", "two", "three")), encoding="utf-8")
    result = rasd.run([corpus], tmp_path / "out", workers=workers, progress=False)
    failed = [d["error"] for d in result.documents if d["status"] == "failed"]
    assert len(result.documents) == 3 and len(failed) == 1
    assert failed[0].startswith(f"{corpus}:2: internal error while reading: KeyError"), failed


@pytest.mark.parametrize("workers", [1, 2])
def test_ids_stay_unique_when_a_renamed_repeat_meets_an_id_of_its_new_name(tmp_path, workers):
    """A repeated id is kept as ID~2, ID~3…: one already taken by an input of its own (x~2.txt read first) is skipped,
    so that no two documents share an id (the run failed in the incidents stage)."""
    corpus = tmp_path / "lines.jsonl"
    corpus.write_text("".join(json.dumps({"id": name, "text": "قتل خمسة مدنيين في قصف على مدينة حلب أمس.",
                                          "published": "2023-05-03"}, ensure_ascii=False) + "\n"
                              for name in ("a~2", "a", "a", "a")), encoding="utf-8")
    result = rasd.run([corpus], tmp_path / "out", workers=workers, progress=False)
    assert [d["doc"] for d in result.documents] == ["a~2", "a", "a~3", "a~4"]
    assert all(d["status"] == "ok" for d in result.documents)


def test_a_second_run_into_a_folder_another_run_is_writing_is_refused(shared, tmp_path, capsys):
    """Two runs writing one folder appended to one cache, each counting the other's entries as its own (a document
    then read another's record), and ended the other's run by taking its marker file: the second is refused at once,
    with the folder named, and the folder is free again once the first ends."""
    from rasd.cli import main
    out = tmp_path / "out"
    first = Cache(out)  # a run under way
    with pytest.raises(runner.OutputInUse, match="another rasd run is writing this folder"):
        rasd.run([shared / "seeds"], out, progress=False)
    assert main(["run", str(shared / "seeds"), "--out", str(out), "--no-progress"]) == 2
    assert f"rasd: {out}: another rasd run is writing this folder" in capsys.readouterr().err
    first.close()
    assert main(["run", str(shared / "seeds"), "--out", str(out), "--no-progress"]) == 0


def test_a_cache_entry_is_read_only_under_its_own_key(shared, tmp_path):
    """An entry found at an offset that now holds another key's line (the file changed behind the run) is a miss,
    not the other document's record."""
    out = tmp_path / "out"
    rasd.run([shared / "seeds"], out, progress=False)
    cache = Cache(out)
    keys = list(cache.offsets)
    cache.offsets[keys[0]] = cache.offsets[keys[1]]
    assert cache.get(keys[0]) is None and cache.get(keys[1]) is not None
    cache.close()


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_a_number_of_workers_that_is_none_is_refused_by_name(shared, tmp_path, workers):
    with pytest.raises(ValueError, match=r"workers=.*: the number of processes, 1 or more"):
        rasd.run([shared / "seeds"], tmp_path / "out", workers=workers, progress=False)


def test_a_cache_mostly_of_other_versions_entries_is_compacted_once_a_run_finishes(shared, tmp_path, monkeypatch):
    """Each new version of Rasd (or of its lexicons) caches the whole corpus again: once the entries a finished run
    neither read nor wrote outnumber those it did, the file keeps only the latter, and a rerun still finds them all.
    An interrupted run compacts nothing (it has not read all it would keep)."""
    out = tmp_path / "out"
    sizes = []
    for version in ("1", "2", "3"):
        monkeypatch.setattr(runner, "pipeline_version", lambda version=version: f"test-{version}")
        rasd.run([shared / "seeds"], out)
        sizes.append((_cached(out), (out / ".rasd" / "cache.jsonl").stat().st_size))
    assert [count for count, _ in sizes] == [5, 10, 5]  # the third run's 5 against 10 stale: compacted
    assert sizes[2][1] == sizes[0][1]
    analysed = []
    monkeypatch.setattr(runner, "analyse_one", lambda doc: analysed.append(doc) or _ANALYSE_ONE(doc))
    again = rasd.run([shared / "seeds"], out, workers=1)
    assert not analysed and len(again.documents) == 5 and again.claims == rasd.run([shared / "seeds"]).claims
    analysed.clear()
    rasd.run([shared / "seeds"], tmp_path / "fresh", workers=1)
    assert len(analysed) == 5  # where nothing is cached, each is analysed

    monkeypatch.setattr(runner, "pipeline_version", lambda: "test-4")
    monkeypatch.setattr(rasd.api, "incidents_of", _interrupted)
    with pytest.raises(KeyboardInterrupt):
        rasd.run([shared / "seeds"], out)
    assert _cached(out) == 10  # the fourth version's entries beside the third's, none dropped


def _interrupted(*args, **kwargs):
    raise KeyboardInterrupt


def test_a_compaction_that_fails_leaves_the_cache_whole_and_the_run_done(shared, tmp_path, monkeypatch):
    """A disk that fills while the cache is rewritten fails neither the run (its output is written) nor the cache
    (the old file stays, and the next run in the folder may start: the folder's lock is let go)."""
    out = tmp_path / "out"
    for version in ("1", "2"):
        monkeypatch.setattr(runner, "pipeline_version", lambda version=version: f"test-{version}")
        rasd.run([shared / "seeds"], out)
    monkeypatch.setattr(runner, "pipeline_version", lambda: "test-3")
    fsync = os.fsync

    def disk_full_for_the_cache(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith("cache.jsonl.part"):
            raise OSError(28, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(runner.os, "fsync", disk_full_for_the_cache)
    result = rasd.run([shared / "seeds"], out)
    assert len(result.documents) == 5 and (out / "documents.jsonl").exists()
    assert _cached(out) == 15 and not (out / ".rasd" / "cache.jsonl.part").exists()


def test_a_cached_failure_of_an_input_moved_since_names_where_it_is_now(tmp_path):
    """A rerun that finds an input in the cache but at another place says the new place in its source, its error
    and its notes, not the folder it was first read from."""
    first = tmp_path / "first"
    first.mkdir()
    (first / "short.txt").write_text("قصير", encoding="utf-8")
    (first / "ok.txt").write_text("قتل خمسة مدنيين في قصف على مدينة حلب أمس.", encoding="utf-8")
    out = tmp_path / "out"
    rasd.run([first], out, progress=False)
    now = first.rename(tmp_path / "now")
    result = rasd.run([now], out, progress=False)
    short = next(d for d in result.documents if d["doc"] == "short")
    assert short["status"] == "failed" and short["source"] == str(now / "short.txt")
    assert short["error"].startswith(f"{now / 'short.txt'}:") and str(first) not in short["error"]
    written = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert next(d for d in written if d["doc"] == "short")["error"] == short["error"]


def test_a_publication_day_near_the_calendars_ends_fails_its_document_not_the_run(tmp_path):
    """The cross-document stage counts days back and forward from a publication day: one in the year 1 or 9999
    carried that past Python's dates (OverflowError) and ended the run with no output. Such a day is refused as the
    line's problem; the others are analysed."""
    text = "قتل خمسة مدنيين في قصف على مدينة حلب أمس، بحسب المرصد السوري."
    corpus = tmp_path / "days.jsonl"
    corpus.write_text("".join(json.dumps({"id": doc, "text": text, "published": day}, ensure_ascii=False) + "\n"
                              for doc, day in [("past", "0001-01-03"), ("future", "9999-12-31"),
                                               ("now", "2023-05-03"), ("also", "2023-05-04")]), encoding="utf-8")
    result = rasd.run([corpus], tmp_path / "out", progress=False)
    status = {d["doc"]: (d["status"], d["error"]) for d in result.documents}
    assert status["now"] == status["also"] == ("ok", None)
    for doc, line in (("past", 1), ("future", 2)):
        assert status[doc] == ("failed", f"{corpus}:{line}: field 'published' must name a day between "
                                                    "1000-01-01 and 8999-12-31"), status
    assert (tmp_path / "out" / "incidents.jsonl").exists()


@pytest.mark.parametrize("keep", [True, False])
def test_a_note_the_incidents_stage_adds_is_written_with_the_documents_own(tmp_path, monkeypatch, keep):
    """The incidents stage notes a document it could not date from its incident; documents.jsonl has the note, after
    the document's own (a record it left otherwise as spilled was copied without it)."""
    from rasd import incidents

    def out_of_range(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(incidents, "resolve_in_context", out_of_range)
    text = ("قتل خمسة مدنيين وأصيب ثمانية آخرون بجروح في قصف مدفعي استهدف سوقاً شعبياً في مدينة الباب بريف حلب "
            "الشرقي، بحسب ما أفاد به الدفاع المدني.")
    corpus = tmp_path / "undated.jsonl"
    corpus.write_text(json.dumps({"id": "u", "text": text, "outlet": "x\ud800"}, ensure_ascii=True) + "\n",
                      encoding="utf-8")  # a lone surrogate: a note of the reader's own
    rasd.run([corpus], tmp_path / "out", progress=False, keep=keep)
    notes = json.loads((tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8"))["notes"]
    assert len(notes) == 2 and "surrogate" in notes[0]
    assert notes[1] == "could not be dated from its incident: date value out of range"
