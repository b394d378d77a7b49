"""Held-out sentence sets written independently of the rules (tests/data/holdout*.jsonl): a floor on the claim F1,
attribution and qualifier accuracy, so that changes which fit some cases and break others show up."""
import json
import pathlib

import pytest
from claimcheck import accepts, matches

import rasd

DATA = pathlib.Path(__file__).parent / "data"


def score(path):
    tp = fp = fn = attributed = qualified = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        claims = list(rasd.analyze(row["text"]).claims)
        for expected in row["expect"]:
            hit = next((c for c in claims if matches(expected, c)), None)
            if hit is None:
                fn += 1
                continue
            claims.remove(hit)
            tp += 1
            attributed += accepts(expected["claimed_by"], hit.claimed_by)
            qualified += hit.qualifier == expected["qualifier"]
        fp += len(claims)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall), attributed / tp, qualified / tp


@pytest.mark.parametrize("name,f1_floor,attribution_floor", [("holdout.jsonl", 0.88, 0.9),
                                                              ("holdout2.jsonl", 0.9, 0.9),
                                                              ("holdout3.jsonl", 0.95, 0.95),
                                                              ("holdout4.jsonl", 0.93, 0.93),
                                                              ("holdout5.jsonl", 0.92, 0.93)])
def test_held_out_sets(name, f1_floor, attribution_floor):
    f1, attribution, qualifier = score(DATA / name)
    assert f1 >= f1_floor, f1
    assert attribution >= attribution_floor, attribution
    assert qualifier >= 0.95, qualifier
