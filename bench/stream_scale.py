"""The cross-document stage on a real-like stream of any size: a real corpus (by default the news2013 stream, 14,671
articles) is analysed once, then its documents, claims and features are repeated with their days moved on by a
quarter each time (so each copy of the stream keeps the real stream's density of reports per week and place, its
copies and its undated reports), and the incidents are built over the whole.

    python bench/stream_scale.py [--corpus FILE] [--sizes 15000,50000,100000] [--undated] [--json FILE]

With --undated the corpus is analysed without its publication days, as a folder of text files with no dates would
be: no week blocks its reports.

Prints seconds, documents/s and the peak memory of this process per size, and the growth ratio between sizes."""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import pathlib
import random
import resource
import tempfile
import types

import rasd
from rasd.api import incidents_of
from rasd.copies import find_copies, fingerprint

from curve import timed_curve, write_json

ROOT = pathlib.Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "corpora" / "news2013" / "corpus.jsonl"
QUARTER = 91


def analysed(corpus: pathlib.Path, undated: bool = False):
    with tempfile.TemporaryDirectory(prefix="rasd-scale-") as out:
        if undated:
            corpus = _without_days(corpus, pathlib.Path(out) / "undated.jsonl")
        result = rasd.run([corpus], pathlib.Path(out) / "run", progress=False, workers=2)
    return result.documents, result.claims, result.features


def _without_days(corpus: pathlib.Path, path: pathlib.Path) -> pathlib.Path:
    """The JSON Lines corpus with no row's publication day."""
    with open(corpus, encoding="utf-8") as rows, open(path, "w", encoding="utf-8") as out:
        for line in rows:
            if line.strip():
                row = json.loads(line)
                row.pop("published", None)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _moved(day: str | None, days: int) -> str | None:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat() if day else None


def repeated(documents, claims, features, n: int):
    """n documents: the stream again and again, each time a quarter later, under new ids; each time its copies are
    copies of each other again, and of nothing in the other times."""
    copy_of = find_copies([(d["doc"], features[d["doc"]].fingerprint) for d in documents])
    by_doc: dict[str, list[dict]] = {}
    for claim in claims:
        by_doc.setdefault(claim["doc"], []).append(claim)
    out_docs, out_claims, out_features = [], [], {}
    round_ = 0
    while len(out_docs) < n:
        shift = round_ * QUARTER
        for doc in documents:
            if len(out_docs) == n:
                break
            new_id = f"{doc['doc']}/{round_}" if round_ else doc["doc"]
            out_docs.append(dict(doc, doc=new_id, published=_moved(doc.get("published"), shift), text=None))
            for claim in by_doc.get(doc["doc"], []):
                out_claims.append(dict(claim, doc=new_id, claim_id=claim["claim_id"].replace(doc["doc"], new_id, 1),
                                       date=_moved(claim.get("date"), shift)))
            model = features[doc["doc"]]
            if round_ and model.fingerprint:
                model = dataclasses.replace(model, fingerprint=_stand_in(copy_of.get(doc["doc"], doc["doc"]), round_))
            out_features[new_id] = dataclasses.replace(model, claims={  # dates named in the text stay as written
                cid.replace(doc["doc"], new_id, 1): c for cid, c in model.claims.items()})
        round_ += 1
    return out_docs, out_claims, out_features


def _stand_in(original: str, round_: int) -> bytes:
    """A fingerprint shared by an original and its copies in one repetition of the stream only."""
    rng = random.Random(f"{original}/{round_}")
    return fingerprint(types.SimpleNamespace(tokens=[f"w{rng.randrange(10 ** 9)}" for _ in range(80)]))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default=str(STREAM))
    parser.add_argument("--sizes", default="15000,50000,100000")
    parser.add_argument("--undated", action="store_true", help="analyse the corpus without its publication days")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    documents, claims, features = analysed(pathlib.Path(args.corpus), args.undated)
    print(f"analysed {len(documents):,} {'undated ' if args.undated else ''}documents ({len(claims):,} claims); peak {peak_mb():,.0f} MB")

    def prepare(n):
        docs, doc_claims, doc_features = repeated(documents, claims, features, n)
        return lambda: incidents_of(docs, doc_claims, doc_features)

    results = timed_curve((int(s) for s in args.sizes.split(",")), prepare, lambda: f", peak {peak_mb():,.0f} MB")
    write_json(args.json, results)


if __name__ == "__main__":
    main()
