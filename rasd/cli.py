"""Command line: `rasd run PATH... --out DIR`, `rasd report OUTDIR`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .api import run
from .ingest import InputError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="rasd", description="Arabic conflict news to source-attributed event data.")
    sub = parser.add_subparsers(dest="command", required=True)

    run_p = sub.add_parser("run", help="analyse articles and write documents/claims/incidents.jsonl")
    run_p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html/.htm or .jsonl files, or folders of them")
    run_p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    run_p.add_argument("--strict", action="store_true", help="exit with status 1 if any document failed")
    run_p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    run_p.add_argument("--lexicon", action="append", default=[], metavar="DIR",
                       help="a folder of your own lexicon files (actors.tsv, places_curated.tsv, outlets.tsv …) "
                            "whose rows are added to Rasd's; may be given more than once")

    report_p = sub.add_parser("report", help="a Markdown report of a run: figures, sources, contradictions")
    report_p.add_argument("out_dir", metavar="OUTDIR", help="the folder a run wrote")
    report_p.add_argument("--out", metavar="FILE", help="write the report here instead of printing it")

    args = parser.parse_args(argv)
    if args.command == "report":
        return _report(args)
    return _run(args)


def _run(args) -> int:
    if args.lexicon:
        from .lexicon import use_lexicon_folders
        use_lexicon_folders(args.lexicon)
    try:
        result = run(args.paths, args.out, progress=False if args.no_progress else None)
    except InputError as e:
        print(f"rasd: {e}", file=sys.stderr)
        return 2
    print(f"rasd: {result.summary()}; output in {args.out}")
    for doc in result.documents:
        if doc["status"] != "ok":
            print(f"rasd: failed: {doc['error']}", file=sys.stderr)
    return 1 if args.strict and result.failed else 0


def _report(args) -> int:
    from .report import render
    if not (Path(args.out_dir) / "incidents.jsonl").exists():
        print(f"rasd: {args.out_dir}: no incidents.jsonl (is it a folder written by rasd run?)", file=sys.stderr)
        return 2
    text = render(Path(args.out_dir))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"rasd: report written to {args.out}")
    else:
        print(text)
    return 0
