"""Two checkouts of Rasd timed side by side: the per-document call a worker of `rasd run` makes
(runner.analyse_source: reading, the time limit, the analysis, the records' and the cache entry's JSON) over the first
N inputs of a corpus, each checkout in a process of its own pinned to one CPU, both at once, for several rounds, the
CPUs and the order the two start in swapped each round. Both see the same machine at the same moment, so a change of
a few per cent shows where runs made one after the other swing by ±15 %. Reports each round's CPU seconds and the
ratio B / A.

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
import importlib, itertools, json, os, sys, time
os.sched_setaffinity(0, {int(sys.argv[3])})
import rasd
from rasd.ingest import iter_sources
from rasd.pipeline import warm_up
from rasd.runner import analyse_source
warm_up()
sources = list(itertools.islice(iter_sources([sys.argv[1]]), int(sys.argv[2])))
started = time.process_time()
for source in sources:
    analyse_source(source, encode=True, slim=True)
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
    corpus = str(pathlib.Path(args.corpus).resolve())  # each side runs from / (see side)
    ratios = []
    for round_ in range(args.rounds):
        first, second = (cpus[0], cpus[1]) if round_ % 2 == 0 else (cpus[1], cpus[0])
        # which side starts first changes too: run against itself, the one started second came out 1-2 % faster
        started = [("A", args.a, first), ("B", args.b, second)][::1 if round_ % 2 == 0 else -1]
        running = {name: side(checkout.resolve(), corpus, args.documents, cpu) for name, checkout, cpu in started}
        a, b = (json.loads(running[name].communicate()[0]) for name in "AB")
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
