"""The benchmark's parts on a few documents: the one-process loop times the pipeline and the single scan of each
text in the same loop, and --real measures a JSON Lines corpus as `rasd run` reads it."""
import json
import sys
from pathlib import Path

import pytest

from rasd import bench


def _corpus(tmp_path, shared):
    rows = [json.loads(line) for line in (shared / "eval" / "real-dev" / "corpus.jsonl").open(encoding="utf-8")][:6]
    path = tmp_path / "real.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path, rows


def test_a_real_corpus_is_measured_in_one_loop_with_its_scan_floor(tmp_path, shared, monkeypatch):
    import gc
    from rasd import settings
    path, rows = _corpus(tmp_path, shared)
    thresholds, process = [], bench.process
    monkeypatch.setattr(bench, "process",
                        lambda doc, **kw: thresholds.append(gc.get_threshold()[0]) or process(doc, **kw))
    docs = list(bench.real_corpus(str(path), 4))
    assert [d.doc_id for d in docs] == [r["id"] for r in rows[:4]] and docs[0].published == rows[0].get("published")
    callers = gc.get_threshold()
    single = bench.one_process(4, bench.real_corpus(str(path), 4))
    assert single["documents"] == 4 and single["seconds"] > single["scan_seconds"] > 0
    assert set(thresholds) == {settings.WORKER_COLLECTOR_THRESHOLD}  # timed as a worker collects
    assert gc.get_threshold() == callers  # and the caller's settings given back
    assert {"extract_claims", "find_places", "records"} <= set(single["stages"])  # the whole per-document call


def test_the_deferred_places_stage_is_timed_under_its_own_name(monkeypatch):
    """The places stage runs when the claims stage first reads the places: its time is its own, not the claims'."""
    import time
    from rasd import pipeline
    from rasd.document import Document
    found = pipeline.find_places

    def slow_places(doc):
        found(doc)
        time.sleep(0.2)

    monkeypatch.setattr(pipeline, "find_places", slow_places)
    timings = {}
    doc = pipeline.process(Document("d", "قتل 12 مدنيا في قصف على مدينة حلب أمس."), timings=timings)
    assert doc.claims and doc.places and doc.places[0].place.name_en == "Aleppo"
    assert timings["find_places"] >= 0.2 > timings["extract_claims"]


def test_the_end_to_end_figure_is_rasd_run_itself(tmp_path, shared):
    path, rows = _corpus(tmp_path, shared)
    whole = bench.end_to_end(str(path), workers=1)
    assert whole["documents"] == len(rows) and whole["docs_per_s"] > 0 and whole["incidents"] >= 0


def test_the_benchmark_says_which_loops_run_compiled():
    from rasd import document, match_loops, records, similarity
    assert bench.compiled_loops() == {"lexicon matches": match_loops.COMPILED,
                                      "tokenizer": document.TOKENIZER_COMPILED,
                                      "records' strings": records.SHARED_STRINGS_COMPILED,
                                      "reports' likeness": similarity.COMPILED}


def test_the_benchmark_names_the_python_that_ran_it():
    """How the interpreter was built changes the figures by a tenth: the record says which one ran."""
    import os
    import platform
    import sys
    python = bench.interpreter()
    assert python["version"] == platform.python_version()
    assert os.path.isabs(python["executable"]) and not os.path.islink(python["executable"])
    assert os.path.samefile(python["executable"], sys.executable)


def _side_by_side():
    import importlib.util
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("side_by_side", root / "bench" / "side_by_side.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return root, module


def test_two_checkouts_are_timed_side_by_side(tmp_path, shared, capsys):
    path, _ = _corpus(tmp_path, shared)
    root, side_by_side = _side_by_side()
    assert side_by_side.main([str(root), str(root), str(path), "--documents", "3", "--rounds", "2"]) == 0
    rounds = [line for line in capsys.readouterr().out.splitlines() if line.startswith("round ")]
    assert len(rounds) == 2 and all("B / A" in line for line in rounds)


def test_a_checkout_that_would_import_another_ones_compiled_loops_is_refused(tmp_path, shared):
    """With an editable install, a checkout without its compiled loops imports the installed checkout's: timing it
    would time the other's loops."""
    import shutil
    from rasd import match_loops
    if not match_loops.COMPILED:
        pytest.skip("no compiled loops here to be imported from elsewhere")
    path, _ = _corpus(tmp_path, shared)
    root, side_by_side = _side_by_side()
    bare = tmp_path / "bare"
    shutil.copytree(root / "rasd", bare / "rasd", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    with pytest.raises(SystemExit, match="not its own"):
        side_by_side.main([str(root), str(bare), str(path), "--documents", "2", "--rounds", "1"])


def test_the_all_cores_figure_collects_garbage_as_rasd_run_does(monkeypatch):
    """Its workers pass over their young objects as rasd run's do, and its parent makes no pass of its collector
    from the moment it starts gathering the results to the end of the incidents stage, as rasd run's parent
    (api.incidents_of, its call, inside the same pause): else the figures pay for passes rasd run does not make."""
    import gc
    from rasd import api, settings
    with bench._workers(1) as pool:
        assert pool.submit(gc.get_threshold).result()[0] == settings.WORKER_COLLECTOR_THRESHOLD
    events, cpu_seconds, build = [], bench._cpu_seconds, api.incidents_of

    def noted_cpu_seconds():
        events.append("timed")  # read as the gathering starts and as it ends
        return cpu_seconds()

    def noted_build(*args):
        built = build(*args)
        events.append("built")
        return built

    def noted_pass(phase, info):
        events.append("pass")

    monkeypatch.setattr(bench, "_cpu_seconds", noted_cpu_seconds)
    monkeypatch.setattr(api, "incidents_of", noted_build)
    gc.callbacks.append(noted_pass)
    try:
        point = bench.all_cores(300, 2)
    finally:
        gc.callbacks.remove(noted_pass)
    assert point["documents"] == 300 and point["incidents"] > 0
    first, last = events.index("timed"), events.index("built")
    assert events[first:last + 1] == ["timed", "timed", "built"]


def test_the_all_cores_figure_says_what_cpu_its_workers_and_its_parent_spent():
    """The workers' CPU a document is about what analysing one costs in this process, CPU against CPU (a loaded
    machine stretches the wall time, not the CPU time); the parent's, gathering, far less. The parent's memory at
    the fork is said beside the workers' peak RSS, which counts the pages they share with it."""
    import time
    from rasd.runner import analyse_one
    from rasd.pipeline import warm_up
    warm_up()
    documents = list(bench.corpus(20, seed=5))
    analyse_one(documents[0])
    started = time.process_time()
    for document in documents[1:]:
        analyse_one(document)
    per_document = (time.process_time() - started) / (len(documents) - 1) * 1e6
    point = bench.all_cores(130, 2)
    cpu = point["cpu_us_per_document"]
    assert 0.5 * per_document < cpu["workers"] < 3 * per_document
    assert 0 < cpu["parent"] < cpu["workers"] / 2
    if sys.platform.startswith("linux"):
        assert 0 < point["parent_rss_at_fork_mb"] <= point["worker_peak_rss_mb"] + 50


def test_the_last_tasks_are_smaller_so_no_worker_waits_long_for_the_others(tmp_path):
    """Every line in one task, in order; CHUNK lines a task but for the last 2 * workers * CHUNK or a few more,
    which go TAIL_CHUNK at a time."""
    path, starts, _ = bench.write_corpus(600, 1, str(tmp_path))
    assert len(starts) == 601 and starts[-1] == path.stat().st_size
    plan = bench.chunk_plan(starts, 2)
    assert plan[0][0] == 0 and plan[-1][1] == starts[-1]
    assert all(end == next_start for (_, end), (next_start, _) in zip(plan, plan[1:]))
    sizes = [starts.index(end) - starts.index(start) for start, end in plan]
    assert (bench.CHUNK, bench.TAIL_CHUNK) == (64, 16)
    assert sizes == [64] * 5 + [16] * 17 + [8]  # the 600 - 2 * 2 * 64 = 344 lines before the tail in whole CHUNKs
    for documents, expected in ((0, []), (1, [1]), (256, [16] * 16), (321, [64] + [16] * 16 + [1])):
        line_starts = list(range(0, 10 * documents + 1, 10))
        assert [(end - start) // 10 for start, end in bench.chunk_plan(line_starts, 2)] == expected


def test_each_corpus_size_is_measured_in_a_process_of_its_own(monkeypatch, capsys, tmp_path):
    """A size's run leaves the bench's process as it found it, so the next size's workers fork from the same
    parent: each size runs in a process forked for it, ended when its figures are back."""
    import multiprocessing
    import os

    def all_cores(n, workers):
        return {"documents": n, "workers": workers, "seconds": 1.0, "docs_per_s": n, "mb_per_s": 0.1,
                "worker_peak_rss_mb": 1, "parent_rss_at_fork_mb": 1, "parent_peak_rss_mb": 2, "incidents": 0,
                "incidents_seconds": 0.0, "cpu_us_per_document": {"workers": 1, "parent": 1}, "pid": os.getpid()}

    monkeypatch.setattr(bench, "all_cores", all_cores)
    monkeypatch.setattr(bench, "SMALL", {"sizes": [3, 4, 5], "one_process": 2})
    monkeypatch.setattr(bench, "dateparser_reference", lambda n: None)
    assert bench.main(["--small", "--workers", "2", "--json", str(tmp_path / "bench.json")]) == 0
    out = capsys.readouterr().out
    assert "2 processes,      3 documents: 3 documents/s" in out and "2 processes,      4 documents" in out
    pids = [point["pid"] for point in json.loads((tmp_path / "bench.json").read_text())["curve"]]
    assert len(set(pids)) == 3 and os.getpid() not in pids
    assert multiprocessing.active_children() == []


def _raises_two_calls_deep():
    def _the_inner_call():
        raise ValueError("no such size")
    _the_inner_call()


def _killed_while_its_worker_waits(pid_file):
    """A size's process killed (as by the out-of-memory killer) while its pool's worker waits for a task."""
    import os
    import signal
    pool = bench._workers(1)
    pid_file.write_text(str(pool.submit(os.getpid).result()))
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_size_that_fails_in_its_own_process_fails_the_bench_with_its_error_and_where_it_was_raised():
    import os
    with pytest.raises(ValueError, match="no such size") as raised:
        bench.in_a_fresh_process(_raises_two_calls_deep)
    assert isinstance(raised.value.__cause__, bench.ChildTraceback)
    assert "_the_inner_call" in str(raised.value.__cause__)  # the child's frames, which pickling drops
    with pytest.raises(RuntimeError, match="ended without a result"):
        bench.in_a_fresh_process(os._exit, 3)
    with pytest.raises(RuntimeError, match="cannot be sent back") as raised:
        bench.in_a_fresh_process(lambda: lambda: None)  # a result that cannot be pickled
    assert "pickle" in str(raised.value.__cause__).lower()
    assert bench.in_a_fresh_process(os.getpid) != os.getpid()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a worker dies with its parent on Linux (prctl)")
def test_a_size_whose_process_is_killed_fails_the_bench_and_its_workers_die_with_it(tmp_path):
    """Its orphaned workers held the result pipe open: the bench waited for ever."""
    import threading
    import time
    pid_file, outcome = tmp_path / "worker.pid", []

    def measure():
        try:
            bench.in_a_fresh_process(_killed_while_its_worker_waits, pid_file)
        except RuntimeError as e:
            outcome.append(str(e))

    waiting = threading.Thread(target=measure, daemon=True)
    waiting.start()
    waiting.join(60)
    assert not waiting.is_alive() and outcome and "exit code -9" in outcome[0]
    worker = int(pid_file.read_text())
    for _ in range(100):
        try:
            state = Path(f"/proc/{worker}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            break  # gone
        if state == "Z":
            break  # dead, waiting for its new parent to reap it
        time.sleep(0.05)
    else:
        pytest.fail(f"the killed size's worker {worker} lives on")


def test_the_generated_corpus_varies_the_bundled_samples_and_the_seeds_beside_the_checkout(shared):
    files = bench.template_files()
    assert files["samples/corpus"] and all(p.parent.name == "corpus" for p in files["samples/corpus"])
    assert [p.name for p in files[bench.SEEDS]] == sorted(p.name for p in (shared / "seeds").glob("*.txt"))
    assert len(bench.templates()) == len(files["samples/corpus"]) + len(files[bench.SEEDS])
    counts = {where: len(found) for where, found in files.items()}
    assert "not beside this checkout" not in bench.templates_note(counts)


def test_a_checkout_without_the_seeds_beside_it_is_told_its_figures_do_not_compare(tmp_path, monkeypatch):
    (tmp_path / "checkout" / "samples" / "corpus").mkdir(parents=True)
    (tmp_path / "checkout" / "samples" / "corpus" / "a.txt").write_text("نص", encoding="utf-8")
    monkeypatch.setattr(bench, "ROOT", tmp_path / "checkout")
    files = bench.template_files()
    assert [p.name for p in files["samples/corpus"]] == ["a.txt"] and files[bench.SEEDS] == []
    assert bench.templates() == ["نص"]
    note = bench.templates_note({where: len(found) for where, found in files.items()})
    assert "1 from samples/corpus, 0 from ../shared/seeds" in note and "not beside this checkout" in note


def _bench_script(name: str, *args: str, timeout: int = 600):
    """Run bench/NAME with `args` as a user does (`python bench/NAME ...`, from the checkout), its output returned."""
    import subprocess
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(root / "bench" / name), *args], cwd=root, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_cross_document_scale_bench_runs_on_a_small_real_corpus(tmp_path, shared):
    """bench/stream_scale.py (issue 17's 100,000-document figure) on 40 real articles repeated to 60 and 120: each
    repetition's copies get stand-in fingerprints made from tokens alone, which once failed for want of a View."""
    rows = (shared / "eval" / "real-dev" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    figures = tmp_path / "scale.json"
    out = _bench_script("stream_scale.py", "--corpus", str(corpus), "--sizes", "60,120", "--json", str(figures))
    assert "analysed 40 documents" in out
    assert [point["documents"] for point in json.loads(figures.read_text())] == [60, 120]
    out = _bench_script("stream_scale.py", "--corpus", str(corpus), "--sizes", "60,120", "--undated")
    assert "analysed 40 undated documents" in out and "120 documents" in out


def test_the_long_document_bench_measures_each_hostile_shape():
    """bench/long_document.py (one document's cost against its size) on each of its shapes at two small sizes: every
    shape analyses, the twice-longer text holds about twice the bytes, and its figures say which it measured."""
    out = _bench_script("long_document.py", "--sizes", "40,80")
    for shape in ("repeated sentences", "short dated sentences on one line", "an unclosed quotation",
                  "drills with fire"):
        assert out.count(shape) == 2, shape
    assert out.count("x the half size") == out.count(" units (") // 2 > 8


def test_the_many_files_bench_runs_on_a_few_files(tmp_path, shared):
    """bench/files_run.py (issue 17's 20,000-file memory figure) on 30 files of real text, one in ten a page."""
    figures = tmp_path / "files.json"
    _bench_script("files_run.py", str(shared / "eval" / "real-dev" / "corpus.jsonl"), "--files", "30",
                  "--engine", "local", "--workers", "2", "--json", str(figures))
    measured = json.loads(figures.read_text())
    assert measured["files"] == measured["documents"] == 30 and measured["peak_pss_mb"] > 0


@pytest.mark.parametrize("connections", ["kept", "one a request"])
def test_the_page_load_bench_runs_on_a_small_run(tmp_path, shared, connections):
    """bench/web_load.py (issue 17's figure for the page) over the seeds' run, a second long, each client with its
    connection kept (as a browser keeps it) or a new one for each request."""
    import rasd
    rasd.run([shared / "seeds"], tmp_path / "run", progress=False)
    figures = tmp_path / "web.json"
    flags = ["--new-connections"] if connections == "one a request" else []
    _bench_script("web_load.py", "--out", str(tmp_path / "run"), "--clients", "4", "--seconds", "1", *flags,
                  "--json", str(figures))
    measured = json.loads(figures.read_text())
    assert measured["connections"] == connections and measured["all"]["n"] > 4
