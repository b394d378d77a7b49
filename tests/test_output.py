"""Output files are written atomically and follow the contract; what the cross-document stage needs beside the
records travels in typed records that pickle (worker processes) and survive the cache's JSON, and no output file
shows it."""
import json
import pickle

import pytest

import rasd
from rasd.document import Document
from rasd.output import AtomicJsonl
from rasd.records import Analysed
from rasd.runner import analyse_one

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


def test_the_output_files_reach_the_disk_before_they_replace_the_old_and_the_spill_never_does(shared, tmp_path,
                                                                                                  monkeypatch):
    """Each output file is synced to the disk before it is renamed over the previous one (a crash leaves one or the
    other whole); the records spilled during the run, which the run reads back and deletes, are not."""
    import os
    from rasd import output
    synced, fsync = [], os.fsync

    def noting(fd):
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        return fsync(fd)

    monkeypatch.setattr(output.os, "fsync", noting)
    rasd.run([shared / "seeds"], tmp_path / "out", keep=False, progress=False)
    assert sorted(name.split(".")[1] for name in synced) == ["claims", "documents", "incidents"]
    assert not (tmp_path / "out" / ".rasd" / "documents.spilled.jsonl").exists()


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


# An invented report: a strike near a checkpoint, and an attack of years before that it recalls.
RECALLING = ("هجوم على حاجز قرب مدينة الرقة\n"
             "قتل خمسة مدنيين في قصف على حاجز قرب مدينة الرقة يوم الاثنين، بحسب المرصد السوري لحقوق الإنسان.\n"
             "وكان الحاجز قد شهد هجوما في آذار من عام 2019 أدى إلى مقتل ثلاثة عناصر.")


def test_the_features_pickle_and_survive_the_cache():
    result = analyse_one(Document(doc_id="a", original=RECALLING, published="2023-05-03"))
    features = result.features
    assert features.places and features.signature and features.dates and features.headline
    assert {c["claim_id"] for c in result.claims} == set(features.claims)
    assert features.claim("a#2").recalled == ("2019-03-01", "2019-03-31")
    assert pickle.loads(pickle.dumps(result)) == result
    assert Analysed.from_json(json.loads(json.dumps(result.to_json(), ensure_ascii=False))) == result


def test_no_output_file_shows_the_features(tmp_path):
    (tmp_path / "a.txt").write_text(RECALLING, encoding="utf-8")
    rasd.run([tmp_path / "a.txt"], tmp_path / "out")
    for name in ("documents.jsonl", "claims.jsonl", "incidents.jsonl"):
        rows = [json.loads(line) for line in (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()]
        assert rows and not any(key.startswith("_") for row in rows for key in row), name


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # the text encode_json must write


def test_json_lines_text_is_the_standard_compact_json_of_real_records(shared):
    """orjson writes the records and the cache's entries: on the seeds' and petrarch-dev's records, the claims and
    the features (Arabic text, floats, nulls, nested lists) it writes the standard library's compact text."""
    from rasd.ingest import iter_sources
    from rasd.records import encode_json
    from rasd.runner import analyse_source
    sources = list(iter_sources([shared / "seeds", shared / "eval" / "petrarch-dev" / "corpus.jsonl"]))
    assert len(sources) > 90
    for source in sources:
        result, _ = analyse_source(source, encode=False)
        for value in (result.record, result.claims, result.features.to_json(), result.to_json()):
            assert encode_json(value) == _COMPACT(value).encode()


@pytest.mark.parametrize("value", [
    {"value": 10 ** 30},                     # an integer beyond 64 bits (a figure read from a long run of digits)
    {1: "a key that is no string"},
    json.loads("[" * 300 + "]" * 300),       # deeper than orjson's 254 levels
])
def test_what_orjson_refuses_is_written_the_same_way_by_the_standard_library(value):
    from rasd.records import encode_json
    text = encode_json(value)
    assert text == _COMPACT(value).encode() and json.loads(text) == json.loads(_COMPACT(value))


def test_a_lone_surrogate_is_refused_as_no_utf8_can_hold_it():
    """No output file can hold a lone surrogate (reading replaces them, rasd/ingest.py): encoding one raises, as
    writing the standard library's text to a UTF-8 file would, rather than write bytes no reader decodes."""
    from rasd.records import encode_json
    with pytest.raises(UnicodeEncodeError):
        encode_json({"text": "\ud83d ok"})
