"""The command line as a new user meets it: clear errors for bad options and outputs, every input accounted for,
and output files readable like any other file the user writes."""
import json
import os
import stat

import pytest

import rasd
from rasd.cli import main
from rasd.limits import DEFAULT_TIME_LIMIT

ARTICLE = ("قتل خمسة مدنيين في هجوم على حاجز في مدينة الرقة مساء أمس، بحسب مصادر محلية قالت إن المسلحين انسحبوا "
           "بعد الهجوم.")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "raqqa.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"rasd {rasd.__version__}"


@pytest.mark.parametrize("workers", ["0", "-2", "two"])
def test_workers_must_be_a_positive_number(corpus, tmp_path, workers, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(corpus), "--out", str(tmp_path / "out"), "--workers", workers])
    assert exit_.value.code == 2
    assert "--workers" in capsys.readouterr().err


@pytest.mark.parametrize("seconds", ["-1", "soon", "nan", "inf", "1e10"])
def test_a_time_limit_is_a_number_of_seconds(corpus, tmp_path, seconds, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(corpus), "--out", str(tmp_path / "out"), "--time-limit", seconds])
    assert exit_.value.code == 2
    assert "--time-limit" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_the_time_limit_of_the_command_line_reaches_the_run(corpus, tmp_path, monkeypatch):
    """--time-limit 0 is no limit at all; no flag is the default limit."""
    import rasd.cli
    limits = []
    monkeypatch.setattr(rasd.cli, "run", lambda *args, **options: limits.append(options["time_limit"]) or _stop())
    for flags in (["--time-limit", "0"], ["--time-limit", "2.5"], []):
        with pytest.raises(_Stop):
            main(["run", str(corpus), "--out", str(tmp_path / "out"), *flags])
    assert limits == [None, 2.5, DEFAULT_TIME_LIMIT]


class _Stop(Exception):
    pass


def _stop():
    raise _Stop()


def test_an_output_path_that_is_a_file_is_refused_before_any_work(corpus, tmp_path, capsys):
    existing = tmp_path / "notes.txt"
    existing.write_text("mine", encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(existing), "--no-progress"]) == 2
    assert "notes.txt: exists and is not a folder" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "mine"


def test_an_output_path_that_cannot_be_made_is_a_clear_error(corpus, tmp_path, capsys):
    inside_a_file = tmp_path / "notes.txt"
    inside_a_file.write_text("mine", encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(inside_a_file / "out"), "--no-progress"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["run", str(corpus), "--out", "/proc/rasd-out", "--no-progress"]) == 2
    assert "/proc/rasd-out" in capsys.readouterr().err


def test_a_missing_lexicon_folder_is_an_error(corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "--out", str(tmp_path / "out"), "--lexicon", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["run", str(corpus), "--out", str(tmp_path / "out"), "--lexicon", str(tmp_path / "empty")]) == 2
    assert "no lexicon files" in capsys.readouterr().err


def test_a_folder_without_documents_is_an_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["run", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    assert "no input documents" in capsys.readouterr().err


def test_a_folders_unsupported_files_are_failed_documents_like_named_ones(corpus, tmp_path, capsys):
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4")
    (corpus / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")   # hidden files are not inputs
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    documents = {d["doc"]: d for d in map(json.loads, (out / "documents.jsonl").read_text("utf-8").splitlines())}
    assert set(documents) == {"raqqa", "scan"}
    assert documents["scan"]["status"] == "failed"
    assert "scan.pdf: unsupported file type .pdf" in documents["scan"]["error"]


def test_a_folder_of_unreadable_files_fails(tmp_path, capsys):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF-1.4")
    assert main(["run", str(folder), "--out", str(tmp_path / "out"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "a.pdf: unsupported file type" in err and "no document could be read" in err


def test_the_summary_counts_in_words(corpus, tmp_path, capsys):
    assert main(["run", str(corpus / "raqqa.txt"), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "1 document read, 0 failed, 1 claim, 1 incident;" in out


def test_output_files_follow_the_umask(corpus, tmp_path):
    previous = os.umask(0o022)
    try:
        rasd.run([corpus], tmp_path / "out")
    finally:
        os.umask(previous)
    for name in ("documents.jsonl", "claims.jsonl", "incidents.jsonl"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644


def test_an_error_while_reading_one_document_fails_that_document_only(corpus, tmp_path, monkeypatch):
    """A missing optional module (jusText's lxml.html.clean) or a parser's bug fails the HTML page, not the run."""
    import rasd.html

    def broken(html):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(rasd.html, "extract_article", broken)
    (corpus / "page.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    (corpus / "more.jsonl").write_text(json.dumps({"id": "row", "html": f"<p>{ARTICLE}</p>"}) + "\n", "utf-8")
    result = rasd.run([corpus], tmp_path / "out")
    by_id = {d["doc"]: d for d in result.documents}
    assert by_id["raqqa"]["status"] == "ok" and result.claims
    for doc_id, where in (("page", "page.html"), ("row", "more.jsonl:1")):
        assert by_id[doc_id]["status"] == "failed"
        assert where in by_id[doc_id]["error"] and "ImportError" in by_id[doc_id]["error"]


def test_an_error_in_a_stage_fails_that_document_only_in_the_workers(corpus, tmp_path, monkeypatch):
    import rasd.results

    original = rasd.results.claim_records

    def broken(doc):
        if doc.doc_id == "bad":
            raise ImportError("a module the stage needs is missing")
        return original(doc)

    monkeypatch.setattr(rasd.results, "claim_records", broken)  # the records a worker makes (results.analysed)
    (corpus / "bad.txt").write_text(ARTICLE, encoding="utf-8")
    result = rasd.run([corpus], tmp_path / "out", workers=2)
    by_id = {d["doc"]: d for d in result.documents}
    assert by_id["raqqa"]["status"] == "ok"
    assert by_id["bad"]["status"] == "failed" and "ImportError" in by_id["bad"]["error"]
