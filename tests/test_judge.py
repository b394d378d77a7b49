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


def test_real_dev(shared, tmp_path):
    rd = shared / "eval" / "real-dev"
    rasd.run([rd / "corpus.jsonl"], tmp_path)
    m = _score(shared, rd / "gold.jsonl", rd / "incidents.jsonl", rd, tmp_path)
    # floors a little under what the rules reach now (README), and never under issue 15's targets
    assert m["claims_f1"] >= 0.90 and m["attribution_acc"] >= 0.89, m
    assert m["party_acc"] >= 0.86 and m["role_acc"] >= 0.89, m
    assert m["incident_pair_f1"] >= 0.92 and m["incident_start_acc"] >= 0.93, m
    assert m["incident_location_acc"] >= 0.85 and m["incident_event_type_acc"] >= 0.86, m
    assert m["published_acc"] == 1.0, m


def test_relevance_dev(shared, tmp_path):
    labels = shared / "eval" / "relevance-dev" / "labels.jsonl"
    wanted = {json.loads(line)["doc"] for line in labels.open(encoding="utf-8")}
    sample = tmp_path / "sample.jsonl"
    with (shared / "corpora" / "news2013" / "corpus.jsonl").open(encoding="utf-8") as stream, \
            sample.open("w", encoding="utf-8") as out:
        out.writelines(line for line in stream if json.loads(line)["id"] in wanted)
    rasd.run([sample], tmp_path / "out")
    result = subprocess.run([sys.executable, str(shared / "eval" / "relevance.py"), "--labels", str(labels),
                             "--pred", str(tmp_path / "out")], capture_output=True, text=True, check=True).stdout
    m = {name: float(value) for name, value in (line.split() for line in result.splitlines() if line.strip())}
    assert m["political_violence_precision"] >= 0.85 and m["political_violence_recall"] >= 0.80, m  # issue 15
    assert m["crime_accident_precision"] >= 0.88 and m["accuracy"] >= 0.70, m
