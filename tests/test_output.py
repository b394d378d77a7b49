"""Output files are written atomically and follow the contract."""
import json

import pytest

import rasd
from rasd.output import AtomicJsonl

CONTRACT_DOC = {"doc", "outlet", "published", "published_inferred"}
CONTRACT_CLAIM = {"claim_id", "doc", "category", "subject", "value", "value_min", "value_max", "qualifier",
                  "claimed_by", "date", "incident", "evidence"}
CONTRACT_INCIDENT = {"incident", "title", "event_type", "location", "start", "end", "docs", "figures"}


def test_a_crash_while_writing_leaves_the_previous_file_intact(tmp_path):
    target = tmp_path / "claims.jsonl"
    target.write_text('{"old": true}\n')
    with pytest.raises(RuntimeError):
        with AtomicJsonl(target) as out:
            out.write({"new": 1})
            raise RuntimeError("killed midway")
    assert target.read_text() == '{"old": true}\n'
    assert list(tmp_path.iterdir()) == [target]


def test_run_writes_the_three_contract_files(tmp_path):
    (tmp_path / "a.txt").write_text("أعلنت الشرطة مقتل سبعة أشخاص وإصابة 12 آخرين في انفجار سيارة مفخخة وسط المدينة.",
                                    encoding="utf-8")
    rasd.run([tmp_path / "a.txt"], tmp_path / "out")
    read = lambda name: [json.loads(l) for l in (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()]
    docs, claims, incidents = read("documents.jsonl"), read("claims.jsonl"), read("incidents.jsonl")
    assert CONTRACT_DOC <= set(docs[0])
    assert claims and all(CONTRACT_CLAIM <= set(c) for c in claims)
    assert incidents and all(CONTRACT_INCIDENT <= set(i) for i in incidents)
    assert {c["incident"] for c in claims} <= {i["incident"] for i in incidents}
    assert len({c["claim_id"] for c in claims}) == len(claims)
