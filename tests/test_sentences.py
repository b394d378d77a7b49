"""Our own Arabic test sentences (tests/data/sentences.jsonl, written for the project): every predicate form,
hedge, number form and attribution pattern of the claim rules, and negatives that must give no claim."""
import json
import pathlib

import pytest
from claimcheck import accepts, matches

import rasd

ROWS = [json.loads(line) for line in (pathlib.Path(__file__).parent / "data" / "sentences.jsonl")
        .read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_sentence(row):
    doc = rasd.analyze(row["text"], published=row.get("published"))
    claims = list(doc.claims)
    for expected in row["expect"]:
        hit = next((c for c in claims if matches(expected, c)), None)
        assert hit is not None, f"missed {expected} in {[(c.category, c.subject, c.value, c.qualifier) for c in claims]}"
        assert accepts(expected["claimed_by"], hit.claimed_by), (expected, hit.claimed_by)
        assert hit.qualifier == expected["qualifier"], (expected, hit.qualifier)
        ev = doc.evidence(hit.start, hit.end)
        assert row["text"][ev["start"]:ev["end"]] == ev["text"]
        claims.remove(hit)
    assert not claims, f"extra claims: {[(c.category, c.subject, c.value, c.qualifier) for c in claims]}"


def test_the_set_is_varied():
    assert len(ROWS) >= 200
    negatives = [r for r in ROWS if not r["expect"]]
    assert len(negatives) >= 60
    categories = {e["category"] for r in ROWS for e in r["expect"]}
    assert categories >= {"killed", "wounded", "arrested", "escaped", "surrendered", "released", "held",
                          "attackers", "displaced"}
