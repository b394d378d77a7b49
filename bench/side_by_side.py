"""Two checkouts of Rasd timed side by side: the per-document call a worker makes (rasd.runner.analyse_one, then the
JSON of the record and the features), over the first N articles of a JSON Lines corpus, each checkout in a process
of its own pinned to one CPU, both at once, for several rounds, the CPUs swapped each round. Both see the same
machine at the same moment, so a change of a few per cent shows where runs made one after the other swing by
±15 %. Reports each round's CPU seconds and the ratio B / A.

Each side imports Rasd from its own checkout (PYTHONPATH) and says so: with an editable install, a checkout that
lacks a compiled module (rasd/_*.so) would otherwise import the installed one's. Build them in place first
(`python setup.py build_ext --inplace`).

Run: python bench/side_by_side.py CHECKOUT_A CHECKOUT_B ../shared/corpora/news2013/corpus.jsonl [--documents 4000]
     [--rounds 4]
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys

# What each side runs: it prints where its Rasd and compiled loops come from, then the CPU seconds of the loop.
SIDE = """
import importlib, json, os, sys, time
os.sched_setaffinity(0, {int(sys.argv[3])})
import rasd, rasd.records
from rasd.document import Document
from rasd.pipeline import warm_up
from rasd.runner import analyse_one
warm_up()
with open(sys.argv[1], "rb") as f:
    lines = [line for _, line in zip(range(int(sys.argv[2])), f)]
started = time.process_time()
for line in lines:
    row = json.loads(line)
    result = analyse_one(Document(doc_id=str(row.get("id")), original=row.get("text") or "",
                                  published=row.get("published")))
    rasd.records.encode_json(result.record), rasd.records.encode_json(result.features.to_json())
seconds = time.process_time() - started
compiled = []
for name in ("_match_loops", "_token_split", "_records"):
    try:
        compiled.append(importlib.import_module("rasd." + name).__file__)
    except ImportError:
        pass
print(json.dumps({"seconds": seconds, "rasd": rasd.__file__, "compiled": compiled}))
"""


def side(checkout: pathlib.Path, corpus: str, documents: int, cpu: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    return subprocess.Popen([sys.executable, "-c", SIDE, corpus, str(documents), str(cpu)], env=env, cwd="/",
                            stdout=subprocess.PIPE, text=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=pathlib.Path)
    parser.add_argument("b", type=pathlib.Path)
    parser.add_argument("corpus")
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(argv)
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        parser.error("two CPUs are needed, one for each side")
    ratios = []
    for round_ in range(args.rounds):
        first, second = (cpus[0], cpus[1]) if round_ % 2 == 0 else (cpus[1], cpus[0])
        running = [side(args.a.resolve(), args.corpus, args.documents, first),
                   side(args.b.resolve(), args.corpus, args.documents, second)]
        a, b = (json.loads(process.communicate()[0]) for process in running)
        for checkout, result in ((args.a, a), (args.b, b)):
            for module in (result["rasd"], *result["compiled"]):
                if not module.startswith(str(checkout.resolve()) + os.sep):
                    raise SystemExit(f"{checkout}: its side imported {module}, not its own (build its compiled "
                                     "loops in place: python setup.py build_ext --inplace)")
        ratios.append(b["seconds"] / a["seconds"])
        print(f"round {round_ + 1}: A {a['seconds']:.3f} s, B {b['seconds']:.3f} s, B / A {ratios[-1]:.3f}")
    ratios.sort()
    print(f"B / A: median {ratios[len(ratios) // 2]:.3f}, from {ratios[0]:.3f} to {ratios[-1]:.3f}; "
          f"B faster in {sum(r < 1 for r in ratios)} of {len(ratios)} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
