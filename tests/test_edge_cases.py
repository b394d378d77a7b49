"""Edge cases found in review: each once broke a run or gave a wrong figure."""
import json

import pytest
from fastapi.testclient import TestClient

import rasd
from rasd.exports import acled_csv
from rasd.figures import figures
from rasd.store import load
from rasd.web.app import create_app

BASE = "قتل {n} عناصر من قسد في هجوم شنه مسلحون على حاجز في بلدة ذيبان بريف دير الزور الشرقي"


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_absurd_relative_date_does_not_stop_the_run(tmp_path):
    rows = [{"id": "a", "published": "2023-03-14", "text": BASE.format(n=5) + " مساء أمس."},
            {"id": "b", "text": BASE.format(n=6) + "، منذ بدء الهجوم قبل 9999999 يوم."},
            {"id": "c", "published": "2023-03-14", "text": BASE.format(n=7) + " قبل 99999999 اسبوع."}]
    result = rasd.run([_jsonl(tmp_path / "in.jsonl", rows)], tmp_path / "out")
    assert all(d["status"] == "ok" for d in result.documents)
    assert all(d["published"] is None or d["published"] < "2100" for d in result.documents)
    assert not list((tmp_path / "out" / ".rasd").glob("*.part"))


def test_ids_are_unique_across_files(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(BASE.format(n=5) + ".", encoding="utf-8")
    (tmp_path / "x.txt").write_text(BASE.format(n=3) + ".", encoding="utf-8")
    (tmp_path / "x.html").write_text(f"<html><body><article><p>{BASE.format(n=4)}.</p></article></body></html>",
                                     encoding="utf-8")
    result = rasd.run([tmp_path], tmp_path / "out")
    ids = [d["doc"] for d in result.documents]
    assert len(ids) == len(set(ids)) == 4 and "report~2" in ids
    assert len({c["claim_id"] for c in result.claims}) == len(result.claims)
    load(tmp_path / "out", tmp_path / "out" / "rasd.sqlite")  # no duplicate keys


def test_the_output_folder_inside_the_input_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text(BASE.format(n=5) + ".", encoding="utf-8")
    for _ in range(3):
        result = rasd.run([tmp_path], tmp_path / "out")
    assert len(result.documents) == 1


def _claim(cid, value, claimed_by="outlet", doc="d", date="2023-03-14", total=False, part_of=None,
           category="killed"):
    return {"claim_id": cid, "doc": doc, "category": category, "subject": "people", "value": value,
            "value_min": value, "value_max": value, "qualifier": "exact", "claimed_by": claimed_by, "date": date,
            "total": total, "part_of": part_of, "source": claimed_by if claimed_by != "outlet" else f"outlet: {doc}",
            "evidence": {"text": ""}}


def test_two_outlets_are_two_sources():
    (figure,), _ = figures([_claim("a#1", 5, doc="a"), _claim("b#1", 50, doc="b")])
    assert figure["low"] == 5 and figure["high"] == 50 and figure["conflict"]


def test_totals_of_the_same_day_contradict_and_a_total_contains_its_parts():
    (figure,), _ = figures([_claim("a#1", 20, "sohr", total=True), _claim("b#1", 40, "sdf", total=True)])
    assert figure["conflict"]
    (figure,), _ = figures([_claim("a#1", 20, "sohr", total=True), _claim("b#1", 5, "sdf")])
    assert not figure["conflict"]
    (figure,), _ = figures([_claim("a#1", 3, "sohr", total=True), _claim("b#1", 5, "sdf")])
    assert figure["conflict"]  # a total smaller than a part of it


def test_a_part_does_not_contradict_its_whole():
    (figure,), _ = figures([_claim("d#1", 100, category="held"), _claim("d#2", 20, category="held", part_of="d#1")])
    assert not figure["conflict"] and figure["low"] == 100


@pytest.mark.parametrize("text", ["قتل ² عنصر و① مدني", "قتل " + "9" * 5000 + " شخص", "ألف ألف مليون مليون قتيل",
                                  "\u200f" + " \u200f".join(BASE.format(n=5).split())])
def test_odd_numbers_and_marks_do_not_fail_a_document(text):
    doc = rasd.analyze(text)
    assert doc.status == "ok"
    assert all(c.value is None or c.value < 10**9 for c in doc.claims)


def test_a_line_break_ends_a_sentence():
    doc = rasd.analyze("قالت مصادر محلية إن المسلحين قتلوا\n7 عناصر من قسد أسروا")
    assert [(c.category, c.claimed_by) for c in doc.claims] == [("arrested", "outlet")]


def test_spreadsheet_formulas_are_quoted():
    incident = {"incident": "i", "title": "=HYPERLINK(\"x\")", "event_type": "Battles", "location": {},
                "start": None, "end": None, "docs": ["d"], "outlets": ["@evil"], "figures": []}
    row = acled_csv([incident]).splitlines()[1]
    assert "'=HYPERLINK" in row and "'@evil" in row


def test_the_api_rejects_nul_huge_offsets_and_foreign_hosts(shared, tmp_path):
    rasd.run([shared / "seeds"], tmp_path)
    client = TestClient(create_app(load(tmp_path, tmp_path / "rasd.sqlite")))
    assert client.get("/api/incidents", params={"q": "a\x00b"}).status_code == 422
    assert client.get("/api/incidents", params={"offset": str(2**63)}).status_code == 422
    assert client.get("/api/incidents", headers={"host": "evil.example"}).status_code == 400


# «اقرأ أيضًا» and the headlines of other stories under it (short lines with no closing punctuation) are not the
# article: their figures are no claims; the body after them is read, and its evidence quotes the original text
# (own text; boilerplate.tsv links, rasd/links.py).
READ_ALSO = ("إصابة ضابط في مطاردة مسلحين\nأصيب ضابط بطلق ناري خلال مطاردة مسلحين في المدينة مساء أمس.\n"
             "اقرأ أيضًا\nإصابة ضابط و4 مجندين بخرطوش وضبط 9 مشاغبين في المحلة\n"
             "مصرع سائق وإصابة 4 طلاب في تصادم أتوبيس\nوتبين أن المتهمين شابان عاطلان، وتم ضبط 2 منهما.")


def test_a_list_of_links_to_other_stories_is_not_the_article():
    doc = rasd.analyze(READ_ALSO, published="2013-03-01")
    assert [(c.category, c.value) for c in doc.claims] == [("arrested", 2)]
    evidence = doc.evidence(doc.claims[0].start, doc.claims[0].end)
    assert READ_ALSO[evidence["start"]:evidence["end"]] == evidence["text"] and "2" in evidence["text"]


def test_the_body_after_a_list_of_links_is_read():
    """The list ends at the first punctuated line, and at the latest after three headlines (own text)."""
    text = ("اقرأ أيضا\nمصرع سائق وإصابة 4 طلاب في تصادم أتوبيس\nوقتل 3 أشخاص في انفجار عبوة ناسفة قرب السوق صباح اليوم.\n"
            "اقرأ أيضا\nإصابة 2 في مشاجرة\nضبط 5 متهمين بالسرقة\nمصرع 6 في حريق\nمقتل 7 أشخاص بنيران مسلحين في القرية")
    claims = rasd.analyze(text, published="2013-03-01").claims
    assert [(c.category, c.value) for c in claims] == [("killed", 3), ("killed", 7)]
