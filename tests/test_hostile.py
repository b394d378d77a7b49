"""Hostile input: encodings, invisible characters, sizes, shapes, interrupted runs. Every document is accounted
for, with a clear error; nothing crashes; offsets still point into the original text."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

import rasd
from rasd.cli import main

ARTICLE = "قالت مصادر محلية إن خمسة مدنيين قتلوا وأصيب ثلاثة آخرون بجروح في قصف على بلدة في ريف إدلب الجنوبي مساء أمس."


def _doc(result, name):
    return next(d for d in result.documents if d["doc"] == name)


@pytest.mark.parametrize("name,data", [
    ("utf8_bom", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")),
    ("utf16_le_bom", ARTICLE.encode("utf-16")),
    ("utf16_be_bom", b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
    ("utf16_le_no_bom", ARTICLE.encode("utf-16-le")),
    ("utf16_be_no_bom", ARTICLE.encode("utf-16-be")),
    ("cp1256", ARTICLE.encode("cp1256")),
    ("iso8859_6", ARTICLE.encode("iso-8859-6")),
    ("mojibake_cp1252", ARTICLE.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")),
    ("mojibake_latin1", ARTICLE.encode("utf-8").decode("latin-1").encode("utf-8")),
])
def test_encodings_are_read(tmp_path, name, data):
    (tmp_path / f"{name}.txt").write_bytes(data)
    result = rasd.run([tmp_path / f"{name}.txt"])
    doc = _doc(result, name)
    assert doc["status"] == "ok", doc["error"]
    assert "خمسة مدنيين" in doc["text"] or name == "mojibake_cp1252" and "مدنيين" in doc["text"]
    values = {c["value"] for c in result.claims}
    assert 3 in values


def test_invisible_and_variant_characters_keep_offsets(tmp_path):
    text = ("\u200fقالت\u200c مصادر\u00a0محلية إن خمسة\u200d مدنيين قُتِلوا ﻻ شك، وأصیب ثلاثة آخرون\u202b بجروح"
            " في قصف على بلدة ﷲ في ریف إدلب.")
    doc = rasd.analyze(text)
    assert {(c.category, c.value) for c in doc.claims} >= {("killed", 5), ("wounded", 3)}
    for claim in doc.claims:
        ev = doc.evidence(claim.start, claim.end)
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_empty_blank_and_oversized_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t \n", encoding="utf-8")
    with open(tmp_path / "huge.txt", "wb") as f:
        f.write(("قتل خمسة أشخاص " * 10).encode() * 200_000)  # over 50 MB on one line
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "big", "text": "ا" * 11_000_000}) + "\n", encoding="utf-8")
    result = rasd.run([tmp_path])
    assert _doc(result, "empty")["error"].endswith("empty file")
    assert "empty" in _doc(result, "blank")["error"]
    assert "too large" in _doc(result, "huge")["error"] and "huge.txt" in _doc(result, "huge")["error"]
    assert "too large" in _doc(result, "rows:1")["error"]  # too large to read its id: named by file and line


def test_a_long_single_line_article_is_analysed(tmp_path):
    line = " ".join([ARTICLE.replace("\n", " ")] * 3000)  # about 0.5 MB, one line, no sentence ends but commas
    started = time.perf_counter()
    doc = rasd.analyze(line)
    assert doc.status == "ok" and doc.claims
    assert time.perf_counter() - started < 120


def test_deeply_nested_html_does_not_crash(tmp_path):
    page = "<html><body>" + "<div>" * 5000 + f"<p>{ARTICLE}</p>" + "</div>" * 5000 + "</body></html>"
    (tmp_path / "nested.html").write_text(page, encoding="utf-8")
    result = rasd.run([tmp_path / "nested.html"])
    assert _doc(result, "nested")["status"] in ("ok", "failed")


def test_many_tiny_files_are_all_accounted_for(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(100_000):
        (corpus / f"{i}.txt").write_bytes(b"x" if i % 2 else "خبر".encode())
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 1  # not one could be read
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 100_000
    assert all(json.loads(line)["status"] == "failed" for line in lines[:100])


def test_summary_and_strict(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)))
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert "2 documents read, 1 failed" in captured.out and "bad.txt" in captured.err
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress", "--strict"]) == 1


def _children(pid: int) -> set[int]:
    """The live child processes of `pid` (Linux's /proc)."""
    found = set()
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            pass
    return {child for child in found if _alive(child)}


def _alive(pid: int) -> bool:
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # not a zombie
    except OSError:
        return False


def test_killing_a_run_leaves_the_old_output_and_a_rerun_completes(shared, tmp_path):
    """Its worker processes die with it (they would wait on their pipes for ever), the previous output is whole, and
    a rerun completes."""
    rows = [json.loads(line) for line in (shared / "eval" / "petrarch-dev" / "corpus.jsonl").read_text().splitlines()]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({**r, "id": f"{r['id']}-{i}"}, ensure_ascii=False) + "\n"
                              for i in range(60) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    rasd.run([shared / "seeds"], out)
    before = (out / "claims.jsonl").read_text()
    process = subprocess.Popen([sys.executable, "-m", "rasd", "run", str(corpus), "--out", str(out), "--no-progress",
                                "--workers", "2"])
    cache = out / ".rasd" / "cache.jsonl"
    size = cache.stat().st_size
    for _ in range(300):  # wait until it has done some of the work
        time.sleep(0.1)
        if cache.stat().st_size > size + 200_000:
            break
    workers = _children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert len(workers) == 2
    for _ in range(100):
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert (out / "claims.jsonl").read_text() == before  # the old output, whole
    result = rasd.run([corpus], out, keep=False)
    assert result.counts[0] == len(rows) * 60 and result.failed == 0
