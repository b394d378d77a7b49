"""The exports conflict-data tools read: ACLED's 31 columns in its order with sensible values, ids stable across
runs; a PLOVER/POLECAT-style JSON Lines of event mentions with their evidence offsets."""
import csv
import io
import json

import rasd
from rasd import exports
from rasd.output import read_jsonl

ACLED_ORDER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
               "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
               "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
               "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
               "tags", "timestamp"]


def _acled(out):
    return list(csv.DictReader(io.StringIO(exports.acled_csv(read_jsonl(out / "incidents.jsonl")))))


def test_the_acled_export_has_acleds_31_columns_and_the_review_state_with_sensible_values_for_the_seeds(shared, tmp_path):
    rasd.run([shared / "seeds"], tmp_path / "a")
    rows = _acled(tmp_path / "a")
    assert rows and list(rows[0])[:31] == ACLED_ORDER and list(rows[0])[31:] == ["review_state"]
    assert {row["review_state"] for row in rows} == {"machine"}  # no analyst has looked at a fresh run
    for row in rows:
        assert row["iso"] == "760" and row["country"] == "Syria" and row["region"] == "Middle East"
        assert row["event_id_cnty"].startswith("SYR") and row["disorder_type"] == "Political violence"
        assert row["event_type"] and row["sub_event_type"] and row["actor1"] and row["inter1"]
        assert row["latitude"] and row["longitude"] and row["geo_precision"] in ("1", "2", "3")
    ghwayran = next(r for r in rows if "Ghwayran" in r["location"])
    assert ghwayran["year"] == "2022" and ghwayran["interaction"] == "22" and int(ghwayran["fatalities"]) > 0
    rasd.run([shared / "seeds"], tmp_path / "b")
    assert [r["event_id_cnty"] for r in _acled(tmp_path / "b")] == [r["event_id_cnty"] for r in rows]


def test_unknown_attackers_of_civilians_are_an_unidentified_armed_group(tmp_path):
    (tmp_path / "a.txt").write_text("قتل 8 مدنيين في انفجار سيارة مفخخة في سوق شعبي بمدينة كركوك، بحسب الشرطة.",
                                    encoding="utf-8")
    rasd.run([tmp_path / "a.txt"], tmp_path / "out")
    (row,) = _acled(tmp_path / "out")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert row["actor1"] == "Unidentified Armed Group (Iraq)" and row["inter1"] == "3"
    assert row["actor2"] == "Civilians (Iraq)" and row["civilian_targeting"] == "Civilian targeting"
    assert row["interaction"] == "37" and row["fatalities"] == "8" and row["iso"] == "368"


def test_the_plover_export_codes_event_mentions_with_their_evidence(tmp_path):
    text = "تظاهر آلاف المواطنين في ميدان التحرير وسط القاهرة للمطالبة بإسقاط الحكومة ورفعوا لافتات."
    (tmp_path / "p.txt").write_text(text, encoding="utf-8")
    rasd.run([tmp_path / "p.txt"], tmp_path / "out")
    incidents = read_jsonl(tmp_path / "out" / "incidents.jsonl")
    records = [json.loads(line) for line in exports.plover_jsonl(
        incidents, read_jsonl(tmp_path / "out" / "documents.jsonl")).splitlines()]
    assert records and {r["event"] for r in records} == {"PROTEST"}
    for record in records:
        assert text[record["evidence"]["start"]:record["evidence"]["end"]] == record["evidence"]["text"]
        assert record["source_actor"] == "Protesters (Egypt)" and record["location"]["country"] == "egy"


def test_a_plover_record_takes_the_sides_its_own_sentence_names(tmp_path):
    text = "اندلعت اشتباكات عنيفة بين الجيش ومسلحي داعش في ريف حلب، وقتل خمسة جنود."
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    rasd.run([tmp_path / "c.txt"], tmp_path / "out")
    records = [json.loads(line) for line in exports.plover_jsonl(
        read_jsonl(tmp_path / "out" / "incidents.jsonl"), read_jsonl(tmp_path / "out" / "documents.jsonl")).splitlines()]
    clash = next(r for r in records if r["mode"] == "armed_clash")
    assert clash["source_actor"] == "Military Forces of Syria" and clash["target_actor"].startswith("Islamic State")
