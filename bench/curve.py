"""The cost curve both cross-document benchmarks print: seconds and documents/s at each size, and how the time
grew against the documents (near the documents' own growth means near-linear)."""
from __future__ import annotations

import json
import pathlib
import time


def timed_curve(sizes, prepare, describe=lambda: "") -> list[dict]:
    """For each size n: prepare(n) makes the work, a function returning incidents, which is timed, printed and
    returned as {"documents", "seconds", "docs_per_s", "incidents"}; describe() adds to the printed line."""
    results = []
    for n in sizes:
        work = prepare(n)
        started = time.perf_counter()
        incidents = work()
        seconds = time.perf_counter() - started
        growth = f", ×{seconds / results[-1]['seconds']:.1f} for ×{n / results[-1]['documents']:.1f}" if results else ""
        print(f"{n:>8,} documents: {seconds:6.2f} s, {n / seconds:8,.0f} documents/s, {len(incidents):,} incidents"
              f"{describe()}{growth}")
        results.append({"documents": n, "seconds": round(seconds, 3), "docs_per_s": round(n / seconds),
                        "incidents": len(incidents)})
    return results


def write_json(path: str | None, results) -> None:
    if path:
        pathlib.Path(path).write_text(json.dumps(results, indent=2))
