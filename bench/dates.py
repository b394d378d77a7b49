"""Date resolution per article: Rasd's dates stage against dateparser's search_dates on the same texts.

    python bench/dates.py [--repeat N]

Prints articles/s for both and their ratio. dateparser is the bench's own dependency (pip install '.[bench]')."""
from __future__ import annotations

import argparse
import pathlib
import time

from rasd.dates import resolve_dates
from rasd.document import Document, tokenize
from rasd.tagger import tag

ROOT = pathlib.Path(__file__).resolve().parents[1]


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "corpus").glob("*.txt"))]
    seeds = ROOT.parent / "shared" / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] if seeds.exists() else []
    return texts


def rasd_dates(texts):
    docs = []
    for i, text in enumerate(texts):
        doc = Document(str(i), text)
        tokenize(doc)
        tag(doc)
        docs.append(doc)
    start = time.perf_counter()
    for doc in docs:
        resolve_dates(doc)
    return time.perf_counter() - start


def dateparser_dates(texts):
    from dateparser.search import search_dates
    start = time.perf_counter()
    for text in texts:
        search_dates(text, languages=["ar"])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = corpus() * args.repeat
    ours = rasd_dates(texts)
    print(f"rasd dates stage: {len(texts) / ours:,.0f} articles/s ({1000 * ours / len(texts):.2f} ms/article)")
    try:
        theirs = dateparser_dates(texts[: max(1, len(texts) // args.repeat)])
    except ImportError:
        print("dateparser not installed: pip install '.[bench]' to compare")
        return
    per_theirs = theirs / max(1, len(texts) // args.repeat)
    print(f"dateparser.search_dates: {1 / per_theirs:,.0f} articles/s ({1000 * per_theirs:.2f} ms/article)")
    print(f"ratio: rasd is {per_theirs / (ours / len(texts)):.0f}x faster per article")


if __name__ == "__main__":
    main()
