"""Command line: `rasd run PATH... --out DIR`."""
from __future__ import annotations

import argparse
import sys

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
    args = parser.parse_args(argv)
    if args.command == "run":
        if args.lexicon:
            from .lexicon import use_lexicon_folders
            use_lexicon_folders(args.lexicon)
        try:
            result = run(args.paths, args.out, progress=False if args.no_progress else None)
        except InputError as e:
            print(f"rasd: {e}", file=sys.stderr)
            return 2
        print(f"rasd: {result.summary()}; output in {args.out}")
        if result.failed:
            for doc in result.documents:
                if doc["status"] != "ok":
                    print(f"rasd: failed: {doc['error']}", file=sys.stderr)
        return 1 if args.strict and result.failed else 0
    return 2
