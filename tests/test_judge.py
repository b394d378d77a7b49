"""End to end on real text: the seeds and petrarch-dev, scored by the shared judge."""
import json
import subprocess
import sys

import rasd


def _score(shared, gold, incidents, corpus, pred):
    out = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold), "--incidents",
                          str(incidents), "--corpus", str(corpus), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_seeds(shared, tmp_path):
    rasd.run([shared / "seeds"], tmp_path)
    m = _score(shared, shared / "eval" / "seeds.gold.jsonl", shared / "eval" / "seeds.incidents.jsonl",
               shared / "seeds", tmp_path)
    assert m["claims_f1"] >= 0.95, m        # the issue asks 0.90
    assert m["attribution_acc"] >= 0.95, m  # the issue asks 0.85
    assert m["qualifier_acc"] >= 0.90, m
    assert m["evidence_acc"] >= 0.95, m
    assert m["published_acc"] == 1.0, m        # no metadata: inferred from the texts (and their incidents)
    assert m["incident_start_acc"] == 1.0, m
    assert m["incident_pair_f1"] >= 0.95, m
    assert m["conflict_f1"] >= 0.8, m
    assert m["incident_location_acc"] == 1.0, m


def test_petrarch_dev(shared, tmp_path):
    pd = shared / "eval" / "petrarch-dev"
    rasd.run([pd / "corpus.jsonl"], tmp_path)
    m = _score(shared, pd / "gold.jsonl", "/dev/null", pd, tmp_path)
    assert m["claims_f1"] >= 0.95, m        # the issue asks 0.85; the floor guards what the rules reach now
    assert m["qualifier_acc"] >= 0.95, m
    assert m["attribution_acc"] >= 0.95, m
    assert m["incident_pair_f1"] >= 0.95, m  # one sentence, one story: none merged
