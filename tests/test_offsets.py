"""Evidence offsets point into the original text on every input path (plain text, JSON Lines, HTML, the API)."""
import json

import rasd

TEXT = ("أعلنت قـــوى الأمن الداخلي، مساء اليوم، القَبْضَ على ثَلاثَةِ عناصر من تنظيم داعش.\n"
        "وقال مصدر أمني إن نحو ٥٠٠ من الأطفال المحتجزين ما زالوا داخل السجن.\n"
        "وقُتِلَ ١٧٥ عنصرًا من التنظيم خلال ثلاثة أيام، بحسب قسد.")


def _check(text, claims):
    assert claims, "expected claims"
    for claim in claims:
        ev = claim["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_api_evidence_is_the_original_slice():
    doc = rasd.analyze(TEXT, published="2022-01-24")
    values = {c.value for c in doc.claims}
    assert {3, 500, 175} <= values
    for claim in doc.claims:
        ev = doc.evidence(claim.start, claim.end)
        assert TEXT[ev["start"]:ev["end"]] == ev["text"]
    eastern = next(c for c in doc.claims if c.value == 500)
    assert "٥٠٠" in doc.evidence(eastern.start, eastern.end)["text"]


def test_txt_and_jsonl_paths_give_original_offsets(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": TEXT}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    result = rasd.run([tmp_path], tmp_path / "out")
    for doc in ("a", "b"):
        _check(TEXT, [c for c in result.claims if c["doc"] == doc])


def test_html_path_offsets_point_into_the_extracted_text(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in TEXT.splitlines())
    html = f"<html><head><title>خبر</title></head><body><nav>الرئيسية</nav><article>{body}</article></body></html>"
    (tmp_path / "c.html").write_text(html, encoding="utf-8")
    result = rasd.run([tmp_path / "c.html"], tmp_path / "out")
    doc = result.documents[0]
    assert doc["status"] == "ok"
    _check(doc["text"], result.claims)
