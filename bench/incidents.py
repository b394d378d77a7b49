"""The cross-document stage at scale: build incidents for a synthetic corpus derived from real analysed articles
(the seeds, the sample corpus and the project's test sentences) by varying their days, places and figures.

    python bench/incidents.py [--sizes 1000,10000,100000] [--json FILE]

Prints seconds and documents/s per size, and the growth ratio between sizes (near 10 for each tenfold step means
near-linear)."""
from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import json
import pathlib
import random

import rasd
from rasd.gazetteer import gazetteer
from rasd.incidents import build_incidents
from rasd.records import PlaceRef

from curve import timed_curve, write_json

ROOT = pathlib.Path(__file__).resolve().parents[1]


def templates() -> tuple[list[dict], dict[str, list[dict]], dict]:
    paths = [ROOT / "samples" / "corpus"]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.exists():
        paths.append(seeds)
    result = rasd.run(paths, progress=False)
    sentences = ROOT / "tests" / "data" / "holdout.jsonl"
    rows = [json.loads(line) for line in sentences.read_text(encoding="utf-8").splitlines() if line.strip()]
    extra = [rasd.analyze(r["text"], published="2023-01-01", doc_id=r["id"]) for r in rows]
    from rasd.results import claim_records, document_features, document_record
    docs = [d for d in result.documents if d["status"] == "ok"] + [document_record(d) for d in extra]
    claims = result.claims + [c for d in extra for c in claim_records(d)]
    features = {**result.features, **{d.doc_id: document_features(d) for d in extra}}
    by_doc = {}
    for claim in claims:
        by_doc.setdefault(claim["doc"], []).append(claim)
    return [d for d in docs if by_doc.get(d["doc"])], by_doc, features


def synthetic(n: int, seed: int = 7):
    rng = random.Random(seed)
    docs, by_doc, features = templates()
    places = [p.id for p in gazetteer().places.values() if p.feature == "populated_place" and p.population > 20000]
    start = dt.date(2023, 1, 1)
    out_docs, out_claims, out_features = [], [], {}
    for i in range(n):
        template = rng.choice(docs)
        doc = copy.deepcopy(template)
        doc["doc"] = f"syn{i}"
        doc["published"] = (start + dt.timedelta(days=rng.randrange(365))).isoformat()
        doc["text"] = ""
        place = rng.choice(places)
        model = features[template["doc"]]
        words = list(model.signature.items())
        rng.shuffle(words)
        claim_features = {}
        out_docs.append(doc)
        for j, claim in enumerate(by_doc[template["doc"]]):
            c = dict(claim, doc=doc["doc"], claim_id=f"{doc['doc']}#{j + 1}", date=doc["published"])
            claim_features[c["claim_id"]] = dataclasses.replace(model.claim(claim["claim_id"]), date_expr=None)
            if c["value"] is not None:
                c["value"] = max(1, int(c["value"] * rng.uniform(0.5, 1.5)))
                c["value_min"], c["value_max"] = rasd.claims.claim_interval(c["value"], c["qualifier"])
            out_claims.append(c)
        out_features[doc["doc"]] = dataclasses.replace(
            model, places=tuple(PlaceRef(place, s, w) for _, s, w in model.places) or (PlaceRef(place, 0, 1.0),),
            signature=dict(words[: max(5, int(len(words) * 0.8))]), dates=(), lead_dates=(), claims=claim_features)
    return out_docs, out_claims, out_features


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    def prepare(n):
        docs, claims, features = synthetic(n)
        return lambda: build_incidents(docs, claims, features)

    write_json(args.json, timed_curve((int(s) for s in args.sizes.split(",")), prepare))


if __name__ == "__main__":
    main()
