"""The three input formats, and bad input: every document is accounted for, with a clear error, and no crash."""
import json

import rasd

ARTICLE = ("قالت مصادر محلية إن خمسة مدنيين قتلوا وأصيب ثلاثة آخرون بجروح مساء أمس في قصف على بلدة في ريف "
           "إدلب الجنوبي، فيما نزحت عشرات العائلات من المنطقة.")

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>مقتل خمسة مدنيين بقصف على ريف إدلب - شبكة الشمال</title>
<meta property="og:site_name" content="شبكة الشمال">
<meta property="article:published_time" content="2023-03-21T10:00:00+03:00"></head>
<body><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li>تقارير</li></ul></nav>
<div class="share">شارك على فيسبوك تويتر واتساب</div>
<article><h1>مقتل خمسة مدنيين بقصف على ريف إدلب</h1>
<p>{article}</p>
<p>وأضافت المصادر أن فرق الدفاع المدني عملت طوال الليل على انتشال العالقين تحت الأنقاض في البلدة المنكوبة.</p>
<p>اقرأ المزيد: مقتل 40 شخصا في هجوم آخر</p>
<p>شارك المقال على: فيسبوك تويتر</p>
</article>
<aside><h3>مقالات ذات صلة</h3><ul><li>مقتل 12 عنصرا في درعا</li><li>اعتقال 30 شخصا</li></ul></aside>
<form id="comments"><h3>اترك تعليقاً</h3><textarea></textarea></form>
<footer>جميع الحقوق محفوظة 2023</footer></body></html>""".format(article=ARTICLE)


def _docs(result):
    return {d["doc"]: d for d in result.documents}


def test_plain_text_file(tmp_path):
    (tmp_path / "idlib.txt").write_text(ARTICLE, encoding="utf-8")
    result = rasd.run([tmp_path / "idlib.txt"], tmp_path / "out")
    doc = _docs(result)["idlib"]
    assert doc["status"] == "ok"
    got = {(c["category"], c["value"], c["qualifier"]) for c in result.claims}
    assert ("killed", 5, "exact") in got and ("wounded", 3, "exact") in got


def test_html_page_keeps_the_article_and_drops_the_furniture(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    result = rasd.run([tmp_path], tmp_path / "out")
    doc = _docs(result)["page"]
    assert doc["status"] == "ok"
    assert doc["outlet"] == "شبكة الشمال"
    assert doc["published"] == "2023-03-21"
    assert "الدفاع المدني" in doc["text"]
    for furniture in ("اقرأ المزيد", "شارك المقال", "اترك تعليق", "مقالات ذات صلة", "الرئيسية", "جميع الحقوق"):
        assert furniture not in doc["text"], furniture
    values = {c["value"] for c in result.claims}
    assert 5 in values and 40 not in values and 12 not in values


def test_jsonl_rows_with_metadata(tmp_path):
    rows = [{"id": "x1", "text": ARTICLE, "outlet": "عنب بلدي", "published": "2023-03-21", "url": "https://e.x/1"},
            {"id": "x2", "html": PAGE, "title": "عنوان"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = rasd.run([tmp_path / "c.jsonl"], tmp_path / "out")
    docs = _docs(result)
    assert docs["x1"]["outlet"] == "عنب بلدي" and docs["x1"]["published"] == "2023-03-21"
    assert docs["x2"]["status"] == "ok" and docs["x2"]["title"] == "عنوان"
    assert {c["doc"] for c in result.claims} == {"x1", "x2"}


def write_bad_inputs(folder):
    """A folder of inputs each wrong in its own way (tests/test_runner.py runs it on Ray too)."""
    folder.mkdir(exist_ok=True)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "legacy.txt").write_bytes(ARTICLE.encode("cp1256"))
    (folder / "noarticle.html").write_text("<html><head><script>var a=1;</script></head><body><nav>"
                                           "<a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (folder / "rows.jsonl").write_text(
        json.dumps({"id": "good", "text": ARTICLE}, ensure_ascii=False) + "\n{not json\n"
        + json.dumps({"id": "notext"}) + "\n" + json.dumps({"id": "good", "text": ARTICLE}, ensure_ascii=False)
        + "\n" + json.dumps({"id": "badtype", "text": 42}) + "\n", encoding="utf-8")
    return folder


def test_bad_inputs_each_get_a_status_and_a_clear_error(tmp_path):
    write_bad_inputs(tmp_path)
    result = rasd.run([tmp_path], tmp_path / "out")
    docs = _docs(result)
    assert docs["empty"]["status"] == "failed" and "empty" in docs["empty"]["error"]
    assert docs["blank"]["status"] == "failed" and "empty" in docs["blank"]["error"]
    assert docs["binary"]["status"] == "failed" and "binary" in docs["binary"]["error"]
    assert docs["legacy"]["status"] == "ok", docs["legacy"]["error"]
    assert "خمسة مدنيين" in docs["legacy"]["text"]
    assert docs["noarticle"]["status"] == "failed" and "not an article" in docs["noarticle"]["error"]
    assert docs["rows:2"]["status"] == "failed" and "malformed JSON line 2" in docs["rows:2"]["error"]
    assert docs["notext"]["status"] == "failed" and "missing field 'text'" in docs["notext"]["error"]
    assert docs["badtype"]["status"] == "failed" and "must be a string" in docs["badtype"]["error"]
    assert docs["good"]["status"] == "ok" and docs["good~2"]["status"] == "ok"
    assert "duplicate id" in docs["good~2"]["notes"][0]
    for doc in docs.values():
        assert doc["error"] is None or str(tmp_path) in doc["error"], doc["error"]  # the error names the file
    assert "cp1256" in docs["legacy"]["notes"][0]
    written = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert len(written) == len(docs) == 10


def test_a_json_lines_line_over_the_limit_is_measured_not_held_and_the_next_lines_kept(tmp_path, monkeypatch):
    """Listing never holds more of a line than the limit: the rest of an oversized line is skipped a chunk at a time
    and only counted (one line of a dump can be gigabytes). A line that ends right past the limit does not swallow
    the next; a last line without its newline is measured too."""
    import tracemalloc

    from rasd import ingest
    monkeypatch.setattr(ingest, "MAX_DOCUMENT_BYTES", 100_000)
    short = (json.dumps({"id": "s", "text": ARTICLE}, ensure_ascii=False) + "\n").encode()
    edge = b'{"id": "e", "text": "' + b"x" * (100_001 - 24) + b'"}\n'  # the limit plus one byte, newline included
    assert len(edge) == 100_001
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(short + b'{"text": "' + b"y" * 20_000_000 + b'"}\n' + edge + short + b"z" * 300_000)
    tracemalloc.start()
    sources = list(ingest.iter_sources([rows]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(s.line, s.raw is not None) for s in sources] == [(1, True), (2, False), (3, False), (4, True), (5, False)]
    assert [s.problem.split(" MB")[0] for s in sources if s.problem] == ["too large: 20.0", "too large: 0.1",
                                                                          "too large: 0.3"]
    assert peak < 5_000_000


def test_missing_path_is_reported_by_the_cli(tmp_path, capsys):
    from rasd.cli import main
    assert main(["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_json_lines_line_over_the_limit_is_failed_unread(tmp_path, monkeypatch):
    """A line over the size limit (a whole export saved as one line) is failed as too large when it is listed,
    like a file: its bytes are never kept, decoded or sent to a worker."""
    from rasd import ingest
    monkeypatch.setattr(ingest, "MAX_DOCUMENT_BYTES", 2_000)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "short", "text": ARTICLE}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "long", "text": ARTICLE * 20}, ensure_ascii=False) + "\n", encoding="utf-8")
    sources = list(ingest.iter_sources([rows]))
    assert sources[0].raw and sources[1].raw is None and "too large" in sources[1].problem
    doc = ingest.read_source(sources[1])
    assert doc.status == "failed" and doc.error.startswith(f"{rows}:2: too large")


def test_a_lone_surrogate_escape_is_replaced_not_fatal(tmp_path):
    """JSON may escape half of a surrogate pair alone ("\\ud800"), which decodes to no character and cannot be
    written as UTF-8: it becomes U+FFFD with a note, and the run, its cache and its files go on."""
    rows = tmp_path / "rows.jsonl"
    line = json.dumps({"id": "half", "title": "\ud800", "text": "\udc00" + ARTICLE})  # ASCII escapes, as a feed sends
    rows.write_text(line + "\n", encoding="utf-8")
    result = rasd.run([rows], tmp_path / "out", workers=2)
    doc = _docs(result)["half"]
    assert doc["status"] == "ok" and doc["text"].startswith("\ufffd") and doc["title"] == "\ufffd"
    assert "2 lone surrogate" in doc["notes"][0]
    written = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8")
    assert "\ufffd" in written and result.counts[1] > 0


# json_line: orjson where it reads a line as json does, json where it would not
JSON_LINES_READ_THEIR_OWN_WAY = [
    b'{"a": [1, {"b": [2, 18446744073709551617]}]}',  # deep in the value
    b'\xef\xbb\xbf{"id": 1}',                      # a byte order mark
    b'{"text": "\\ud800 x"}',                         # a lone surrogate escape
    b'{"text": "\\udc00\\ud800"}',                    # two lone halves, in the wrong order
    b'{"score": NaN, "b": Infinity, "c": -Infinity}',  # json's own extensions
    b'{"score": 1E400}',                              # beyond a float: json reads inf
    b'{"id": 18446744073709551616}',                  # 2**64: orjson would read a float
    b'{"id": -9223372036854775809}',                  # below -2**63: orjson would read a float
    b'{"id": 1234567890123456789012345678901234567890}',
    b'[' * 1100 + b']' * 1100,                        # nesting past orjson's limit
]
JSON_LINES_BOTH_READ = [
    b'{"id": "a", "id": "b"}', b'{"n": -0, "f": -0.0, "g": 1e-400, "h": 0.1}', b'{"t": "\\u0000\\t\\ud83d\\ude00"}',
    b'{"id": 9223372036854775808}', b' {"x": [1, 2.5, true, null]}\r\n',
]
JSON_LINES_NEITHER_READS = [b'{"text": "\xff"}', b'{"text": "\xed\xa0\x80"}', b'{"text": "a\x01b"}', b'{"a": 1,}', b'']


def _json_reads(raw: bytes):
    try:
        return "value", json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return "error", type(e)


def test_json_line_reads_every_line_as_json_does():
    from rasd.ingest import json_line
    for raw in JSON_LINES_READ_THEIR_OWN_WAY + JSON_LINES_BOTH_READ + JSON_LINES_NEITHER_READS:
        try:
            read = "value", json_line(raw)
        except (ValueError, RecursionError) as e:
            read = "error", type(e)
        expected = _json_reads(raw)
        assert repr(read) == repr(expected), raw[:40]  # repr: nan == nan is false, and 1.0 == 1 is true


def test_json_line_keeps_an_integer_beyond_64_bits_whole():
    from rasd.ingest import json_line
    assert json_line(b'{"id": 18446744073709551616}')["id"] == 2 ** 64
    assert type(json_line(b'{"id": -9223372036854775809}')["id"]) is int


def test_json_line_reads_the_real_stream_as_json_does(shared):
    from rasd.ingest import json_line
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", "rb") as f:
        for _, raw in zip(range(2000), f):
            assert json_line(raw) == json.loads(raw.decode("utf-8-sig"))
