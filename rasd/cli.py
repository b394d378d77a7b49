"""Command line: `rasd run`, `rasd report`, `rasd load`, `rasd serve`, `rasd export`, `rasd users`,
`rasd corrections`."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .version import __version__
from .api import run
from .ingest import InputError
from .limits import DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT, checked_time_limit
from .runner import OutputInUse, usable_cpus


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="rasd", description="Arabic conflict news to source-attributed event data.")
    parser.add_argument("--version", action="version", version=f"rasd {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run_p = sub.add_parser("run", help="analyse articles and write documents/claims/incidents.jsonl")
    run_p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html/.htm or .jsonl files, or folders of them")
    run_p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    run_p.add_argument("--strict", action="store_true", help="exit with status 1 if any document failed")
    run_p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    run_p.add_argument("--workers", type=_positive, default=usable_cpus(), metavar="N",
                       help="processes on this machine (default: one per CPU this process may use, here "
                            f"{usable_cpus()}); with 2 or more, a document that crashes its process fails alone")
    run_p.add_argument("--time-limit", type=_seconds, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                       help="stop reading and analysing a document after this much CPU time, and fail it alone, "
                            f"uncached (default {DEFAULT_TIME_LIMIT:g}; 0: no limit)")
    run_p.add_argument("--engine", choices=["local", "ray"], default="local",
                       help="where the per-document stage runs: this machine, or a Ray cluster")
    run_p.add_argument("--address", metavar="ADDR", help="the Ray cluster (e.g. ray://head:10001 or auto); "
                                                        "default: start a local Ray instance")
    run_p.add_argument("--all-events", action="store_true",
                       help="also group reports of crimes and accidents into incidents (kind crime_accident); by "
                            "default only political violence and protests form incidents")
    run_p.add_argument("--lexicon", action="append", default=[], metavar="DIR",
                       help="a folder of your own lexicon files (actors.tsv, places_curated.tsv, outlets.tsv …) "
                            "whose rows are added to Rasd's; may be given more than once")

    report_p = sub.add_parser("report", help="a Markdown report of a run: figures, sources, contradictions")
    report_p.add_argument("out_dir", metavar="OUTDIR", help="the folder a run wrote")
    report_p.add_argument("--out", metavar="FILE", help="write the report here instead of printing it")

    load_p = sub.add_parser("load", help="import a run into a SQLite store for the web page")
    load_p.add_argument("out_dir", metavar="OUTDIR")
    load_p.add_argument("--db", metavar="FILE-or-URL",
                        help="the SQLite file (default: OUTDIR/rasd.sqlite) or a PostgreSQL URL (postgresql://…)")
    load_p.add_argument("--review", metavar="FILE-or-URL", help=REVIEW_HELP)

    serve_p = sub.add_parser("serve", help="the analyst's web page and JSON API on http://127.0.0.1:PORT")
    serve_p.add_argument("source", metavar="OUTDIR-or-DB",
                         help="a run's folder (loaded first), a SQLite store, or a PostgreSQL URL (postgresql://…)")
    serve_p.add_argument("--port", type=int, default=8321)
    serve_p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve_p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                         help="a host name (or *.domain) clients use to reach the server, besides 127.0.0.1 and "
                              "localhost; requests addressed to any other name are refused. May be repeated")
    serve_p.add_argument("--open", action="store_true", help="open the page in a browser")
    serve_p.add_argument("--workers", type=_positive, default=1, metavar="N",
                         help="server processes (default 1); one per core serves many analysts at once")
    serve_p.add_argument("--review", metavar="FILE-or-URL", help=REVIEW_HELP)

    export_p = sub.add_parser("export", help="export a run: ACLED-style CSV, GeoJSON of incidents, JSON Lines")
    export_p.add_argument("out_dir", metavar="OUTDIR")
    export_p.add_argument("--format", choices=["acled-csv", "geojson", "incidents-jsonl", "claims-jsonl", "plover-jsonl"],
                          default="acled-csv")
    export_p.add_argument("--out", metavar="FILE", help="write here instead of printing")
    export_p.add_argument("--machine", action="store_true",
                          help="the machine's reading as the run wrote it; by default, when analysts have corrected "
                               "the run (a review store beside it), the reviewed reading with each row's review state")
    export_p.add_argument("--review", metavar="FILE-or-URL", help=REVIEW_HELP)

    users_p = sub.add_parser("users", help="who may correct the reading: rasd users add|remove NAME | rasd users list")
    users_p.add_argument("action", choices=["add", "remove", "list"])
    users_p.add_argument("name", nargs="?", metavar="NAME")
    users_p.add_argument("--db", default=".", metavar="OUTDIR-or-DB",
                         help="the run's folder, its SQLite store or a PostgreSQL URL (default: this folder)")
    users_p.add_argument("--review", metavar="FILE-or-URL", help=REVIEW_HELP)

    corr_p = sub.add_parser("corrections", help="analysts' corrections: list them, export them as a gold set, "
                                                 "score the machine's reading against them")
    corr_p.add_argument("action", choices=["list", "export", "score"])
    corr_p.add_argument("--db", default=".", metavar="OUTDIR-or-DB",
                        help="the run's folder, its SQLite store or a PostgreSQL URL (default: this folder)")
    corr_p.add_argument("--review", metavar="FILE-or-URL", help=REVIEW_HELP)
    corr_p.add_argument("--out", metavar="DIR", help="export: the folder for gold.jsonl and incidents.jsonl")
    corr_p.add_argument("--orphaned", action="store_true", help="list: only corrections whose object has gone")

    sub.add_parser("bench", help="throughput and memory of the pipeline: rasd bench [--small] [--real FILE] [--json FILE]")

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        from .bench import main as bench
        return bench(argv[1:])
    args = parser.parse_args(argv)
    command = {"report": _report, "load": _load, "serve": _serve, "export": _export, "run": _run, "users": _users,
               "corrections": _corrections}[args.command]
    return command(args)


FAILURES_SHOWN = 20  # on the terminal; documents.jsonl has every one
REVIEW_HELP = ("where analysts' corrections and users are kept: a SQLite file or a PostgreSQL URL (default: the "
               "PostgreSQL store itself, or rasd.review.sqlite beside the SQLite store)")


def _seconds(text: str) -> float | None:
    """A time limit's seconds (None for 0: no limit)."""
    try:
        return checked_time_limit(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text}: a time limit is 0 (none) or a number of seconds up to "
                                         f"{MAX_TIME_LIMIT:g}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: at least 1 process is needed")
    return value


def _run(args) -> int:
    problem = _output_folder_problem(Path(args.out)) or _lexicon_folder_problem(args.lexicon)
    if problem:
        print(f"rasd: {problem}", file=sys.stderr)
        return 2
    if args.lexicon:
        from .lexicon import use_lexicon_folders
        use_lexicon_folders(args.lexicon)
    try:
        result = run(args.paths, args.out, progress=False if args.no_progress else None, workers=args.workers,
                     engine=args.engine, address=args.address, keep=False, all_events=args.all_events,
                     time_limit=args.time_limit)
    except (InputError, OutputInUse) as e:
        print(f"rasd: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"rasd: cannot write the output in {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    documents = result.counts[0]
    if documents == 0:
        print(f"rasd: no input documents under {', '.join(args.paths)} (expected .txt, .html, .htm or .jsonl "
              "files)", file=sys.stderr)
        return 2
    print(f"rasd: {result.summary()}; output in {args.out}")
    for doc in result.failures[:FAILURES_SHOWN]:
        print(f"rasd: failed: {doc['error']}", file=sys.stderr)
    if result.failed > FAILURES_SHOWN:
        print(f"rasd: … and {result.failed - FAILURES_SHOWN} more failed documents (status and error of each in "
              f"{Path(args.out) / 'documents.jsonl'})", file=sys.stderr)
    if result.failed == documents:
        print("rasd: no document could be read", file=sys.stderr)
        return 1
    return 1 if args.strict and result.failed else 0


def _output_folder_problem(out: Path) -> str | None:
    """Why `out` cannot receive a run's files, or None. Checked before any work is done."""
    existing = next((p for p in [out, *out.parents] if p.exists()), None)
    if out.exists() and not out.is_dir():
        return f"--out {out}: exists and is not a folder"
    if existing is not None and not existing.is_dir():
        return f"--out {out}: {existing} is a file, not a folder"
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        return f"--out {out}: {existing} is not writable"
    return None


def _lexicon_folder_problem(folders) -> str | None:
    for folder in folders:
        path = Path(folder)
        if not path.is_dir():
            return f"--lexicon {folder}: no such folder"
        if not any(path.glob("*.tsv")):
            return f"--lexicon {folder}: no lexicon files (*.tsv) in it"
    return None


def _load(args) -> int:
    out_dir = Path(args.out_dir)
    if not (out_dir / "incidents.jsonl").exists():
        print(f"rasd: {out_dir}: no incidents.jsonl (is it a folder written by rasd run?)", file=sys.stderr)
        return 2
    review = _existing_review(args.review, None)
    if review is False:
        return 2
    target = args.db or out_dir / "rasd.sqlite"
    try:
        db = _load_reviewed(out_dir, target, review or _review_target(target))
    except CorrectionsFailed:
        print(f"rasd: {_safe(target)} is left as it was", file=sys.stderr)
        return 2
    print(f"rasd: loaded {out_dir} into {_safe(db)}")
    return 0


def _serve(args) -> int:
    import uvicorn

    from .store import Store
    from .web.app import SERVE_ENV, create_app
    db = _store_of(args.source)
    if db is None:
        return 2
    explicit = _existing_review(args.review, None)
    if explicit is False:
        return 2
    review = explicit or _review_target(db)
    corrections = _open_corrections(review)
    if corrections is None or not _same_source(Store(db), corrections, review):
        return 2
    if args.host not in LOOPBACK and not corrections.users():
        print(f"rasd: a server bound to {args.host} is reachable from other machines, and writing needs a user: "
              f"create one first with: rasd users add NAME --db {_safe(args.source)}", file=sys.stderr)
        return 2
    url = f"http://{args.host}:{args.port}/"
    print(f"rasd: serving {_safe(db)} at {url}")
    if args.open:
        import threading
        import webbrowser
        threading.Timer(1.0, webbrowser.open, [url]).start()
    try:
        app = create_app(db, allowed_hosts=args.allowed_host, review=review)
    except ValueError as e:
        print(f"rasd: --allowed-host: {e}", file=sys.stderr)
        return 2
    if args.host not in LOOPBACK and not args.allowed_host:
        print("rasd: only requests addressed to 127.0.0.1 or localhost are served; name the others with "
              "--allowed-host NAME", file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    os.environ[SERVE_ENV] = json.dumps({"db": str(db), "allowed_hosts": args.allowed_host, "review": str(review)})
    uvicorn.run("rasd.web.app:app_from_environment", factory=True, workers=args.workers, host=args.host,
                port=args.port, log_level="warning")
    return 0


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _store_of(source_arg) -> str | None:
    """The store a command reads: a PostgreSQL URL, a SQLite file, or a run's folder (loaded into its rasd.sqlite
    first when the run is newer than it); None after saying what is wrong."""
    from .store import backend, is_postgres
    source = Path(source_arg)
    if is_postgres(source_arg):
        return source_arg
    if source.is_dir():
        if not (source / "incidents.jsonl").exists():
            print(f"rasd: {source}: no incidents.jsonl (is it a folder written by rasd run?)", file=sys.stderr)
            return None
        db = source / "rasd.sqlite"
        if not db.exists() or db.stat().st_mtime < (source / "incidents.jsonl").stat().st_mtime \
                or not backend(db).current():
            try:
                _load_reviewed(source, db, _review_target(db))
            except CorrectionsFailed:
                if not db.exists():
                    return None
                print(f"rasd: {_safe(db)} is left as it was", file=sys.stderr)
        return str(db)
    if source.is_file():
        return str(source)
    print(f"rasd: {source}: no such folder or database", file=sys.stderr)
    return None


def _review_target(db) -> str:
    from .web.app import review_target
    return review_target(db)


class CorrectionsFailed(Exception):
    """The analysts' corrections could not be applied to a loaded run (what went wrong is said already)."""


def _load_reviewed(out_dir, target, review) -> str:
    """Load a run into the store at `target` with the corrections of `review` applied before any reader sees it (a
    server reading the store meanwhile goes on with the old reading, never the machine's alone); CorrectionsFailed
    when they cannot be, a SQLite store then left as it was."""
    from .store import load

    def reviewed(store_target) -> None:
        if _reapply(store_target, review) is None:
            raise CorrectionsFailed

    return load(out_dir, target, prepare=reviewed)


def _reapply(db, review) -> list | None:
    """Apply the analysts' corrections to a freshly loaded run (when there are any); the orphaned ones (None
    after saying what went wrong)."""
    from .review import Corrections
    from .reviewed import materialize
    from .store import Store, is_postgres
    if not is_postgres(review) and not Path(review).exists():
        return []
    try:
        orphans = materialize(Store(db), Corrections(review))
    except Exception as e:  # sqlite3 or psycopg
        print(f"rasd: cannot apply the corrections of {_safe(review)}: {e}", file=sys.stderr)
        return None
    if orphans:
        print(f"rasd: {len(orphans)} corrections no longer find their object in this run (orphaned; "
              f"rasd corrections list --orphaned)", file=sys.stderr)
    return orphans


def _existing_review(explicit, db):
    """The corrections' place a command was given (which must exist: a typo must not start an empty one), else the
    store's default; False after saying what is wrong."""
    from .store import is_postgres
    if explicit and not is_postgres(explicit) and not Path(explicit).is_file():
        print(f"rasd: --review {explicit}: no such corrections file", file=sys.stderr)
        return False
    return explicit or (_review_target(db) if db else None)


def _open_corrections(target):
    """The corrections at `target`, or None after saying why they cannot be opened."""
    from .review import Corrections
    try:
        return Corrections(target)
    except Exception as e:  # sqlite3 or psycopg: a folder that does not exist, a database that refuses
        print(f"rasd: {_safe(target)}: cannot open the corrections: {e}", file=sys.stderr)
        return None


def _users(args) -> int:
    from .review import ReviewError
    db = _store_of(args.db)
    if db is None:
        return 2
    review = _existing_review(args.review, db) if args.action != "add" else (args.review or _review_target(db))
    corrections = _open_corrections(review) if review is not False else None
    if corrections is None:
        return 2
    if args.action == "list":
        print("\n".join(corrections.users()) or "rasd: no users yet (rasd users add NAME)")
        return 0
    if args.action == "remove":
        if not corrections.remove_user(args.name or ""):
            print(f"rasd: {args.name}: no such user", file=sys.stderr)
            return 2
        print(f"rasd: user {args.name} removed; their token no longer writes")
        return 0
    try:
        token = corrections.add_user(args.name or "")
    except ReviewError as e:
        print(f"rasd: {e}", file=sys.stderr)
        return 2
    print(f"rasd: user {args.name} created. Their token, shown this once (the page asks for it; the API takes it "
          f"as 'Authorization: Bearer TOKEN'):\n{token}")
    return 0


def _corrections(args) -> int:
    from .review_gold import agreement, gold
    from .reviewed import irrelevant_documents, materialize
    from .store import Store
    db = _store_of(args.db)
    if db is None:
        return 2
    review = _existing_review(args.review, db)
    corrections = _open_corrections(review) if review is not False else None
    if corrections is None or not _same_source(Store(db), corrections, review):
        return 2
    store = Store(db)
    orphans = materialize(store, corrections)
    if args.action == "list":
        chosen = orphans if args.orphaned else corrections.history()
        for correction in chosen:
            print(json.dumps(correction, ensure_ascii=False))
        return 0
    irrelevant = irrelevant_documents(corrections)
    if args.action == "score":
        print(json.dumps(agreement(store, irrelevant), indent=2))
        return 0
    if not args.out:
        print("rasd: corrections export needs --out DIR (gold.jsonl and incidents.jsonl are written there)",
              file=sys.stderr)
        return 2
    documents, incidents = gold(store, irrelevant)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"rasd: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 2
    ok = _write_text(str(out / "gold.jsonl"), "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents)) \
        and _write_text(str(out / "incidents.jsonl"), "".join(json.dumps(i, ensure_ascii=False) + "\n"
                                                             for i in incidents))
    if ok:
        print(f"rasd: {len(documents)} reviewed documents and {len(incidents)} reviewed incidents written to {out}")
    return 0 if ok else 2


def _same_source(store, corrections, review) -> bool:
    """A store's reviewed reading is rebuilt only from the corrections it was built from: another file (a typo, a
    colleague's copy) would silently replace it."""
    built = store.review_source()
    if built is not None and built != corrections.fingerprint():
        print(f"rasd: this store's reviewed reading comes from other corrections than {_safe(review)}; name those "
              f"with --review, or `rasd load` the run again to start from these", file=sys.stderr)
        return False
    return True


def _safe(target) -> str:
    """A store's name for printing: a URL without its password."""
    import re
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", str(target))


def _export(args) -> int:
    from . import exports
    from .output import iter_jsonl, read_jsonl
    out_dir = Path(args.out_dir)
    if not (out_dir / "incidents.jsonl").exists():
        print(f"rasd: {out_dir}: no incidents.jsonl (is it a folder written by rasd run?)", file=sys.stderr)
        return 2
    review = _existing_review(args.review, None)
    if review is False:
        return 2
    review = review or out_dir / "rasd.review.sqlite"
    from .store import is_postgres
    if not args.machine and (is_postgres(review) or Path(review).exists()):  # analysts corrected it: their reading
        from .store import Store
        db = _store_of(str(out_dir))
        corrections = _open_corrections(str(review)) if db else None
        if corrections is None or not _same_source(Store(db), corrections, review) \
                or _reapply(db, str(review)) is None:
            return 2
        store = Store(db)
        incidents = store.incidents(limit=10**9)[1]
        claims = store.claims_of_incidents()
    else:
        incidents = read_jsonl(out_dir / "incidents.jsonl")
        claims = None
    text = {"acled-csv": lambda: exports.acled_csv(incidents), "geojson": lambda: exports.geojson(incidents),
            "incidents-jsonl": lambda: exports.jsonl(incidents),
            "claims-jsonl": lambda: exports.jsonl(claims if claims is not None
                                                  else read_jsonl(out_dir / "claims.jsonl")),
            "plover-jsonl": lambda: exports.plover_jsonl(incidents, iter_jsonl(out_dir / "documents.jsonl"))}[args.format]()
    if args.out:
        if not _write_text(args.out, text):
            return 2
        print(f"rasd: {args.format} written to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _report(args) -> int:
    from .report import render
    if not (Path(args.out_dir) / "incidents.jsonl").exists():
        print(f"rasd: {args.out_dir}: no incidents.jsonl (is it a folder written by rasd run?)", file=sys.stderr)
        return 2
    text = render(Path(args.out_dir))
    if args.out:
        if not _write_text(args.out, text):
            return 2
        print(f"rasd: report written to {args.out}")
    else:
        print(text)
    return 0


def _write_text(path: str, text: str) -> bool:
    try:
        Path(path).write_text(text, encoding="utf-8")
        return True
    except OSError as e:
        print(f"rasd: cannot write {path}: {e.strerror or e}", file=sys.stderr)
        return False
