"""Ingest stage: read .txt, .html/.htm and .jsonl inputs into Documents. A document that cannot be read becomes a
Document with status "failed" and an error naming the file and the problem; nothing raises past this module."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from .document import Document
from .encodings import decode, repair_mojibake

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_MIN_ARTICLE_CHARS = 20
MAX_DOCUMENT_BYTES = 10_000_000  # a news article is a few KB; 10 MB is something else (a dump, a binary)


class InputError(Exception):
    """A path given on the command line that is not there or not a supported input."""


def iter_documents(paths) -> Iterator[Document]:
    for path in expand_paths(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        else:
            yield read_file(path)


def expand_paths(paths) -> list[Path]:
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return files


def read_file(path: Path) -> Document:
    doc = Document(doc_id=path.stem, original="", source=str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return _fail(doc, f"{path}: unsupported file type {suffix or '(none)'}; expected .txt, .html, .htm or .jsonl")
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return _fail(doc, f"{path}: too large: {size / 1e6:.1f} MB (the limit for one article is "
                              f"{MAX_DOCUMENT_BYTES // 1_000_000} MB)")
        data = path.read_bytes()
    except OSError as e:
        return _fail(doc, f"{path}: cannot read: {e.strerror}")
    text, error, note = decode(data)
    if error:
        return _fail(doc, f"{path}: {error}")
    if note:
        doc.notes.append(f"{path}: {note}")
    if suffix in HTML_SUFFIXES:
        return _from_html(doc, text, str(path))
    return _checked(doc, text, str(path))


def read_jsonl(path: Path) -> Iterator[Document]:
    try:
        handle = open(path, "rb")
    except OSError as e:
        yield _fail(Document(doc_id=path.stem, original="", source=str(path)), f"{path}: cannot read: {e.strerror}")
        return
    seen: dict[str, int] = {}
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            doc = Document(doc_id=f"{path.stem}:{number}", original="", source=where)
            if len(raw) > MAX_DOCUMENT_BYTES:
                yield _fail(doc, f"{where}: too large: {len(raw) / 1e6:.1f} MB (the limit for one article is "
                                 f"{MAX_DOCUMENT_BYTES // 1_000_000} MB)")
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield _fail(doc, f"{where}: malformed JSON line {number}: not UTF-8")
                continue
            except json.JSONDecodeError as e:
                yield _fail(doc, f"{where}: malformed JSON line {number}: {e.msg}")
                continue
            if not isinstance(row, dict):
                yield _fail(doc, f"{where}: malformed JSON line {number}: expected an object")
                continue
            yield _from_row(doc, row, where, seen)


def _from_row(doc: Document, row: dict, where: str, seen: dict) -> Document:
    if row.get("id") is not None:
        doc.doc_id = str(row["id"])
    if doc.doc_id in seen:
        seen[doc.doc_id] += 1
        original_id = doc.doc_id
        doc.doc_id = f"{original_id}~{seen[original_id]}"
        doc.notes.append(f"{where}: duplicate id {original_id!r}, kept as {doc.doc_id!r}")
    else:
        seen[doc.doc_id] = 1
    for key in ("url", "outlet", "title"):
        if row.get(key) is not None and not isinstance(row[key], str):
            return _fail(doc, f"{where}: field {key!r} must be a string")
        setattr(doc, key, row.get(key))
    published = row.get("published")
    if published is not None:
        if not isinstance(published, str) or not re.match(r"\d{4}-\d{2}-\d{2}", published):
            return _fail(doc, f"{where}: field 'published' must be a YYYY-MM-DD string")
        doc.published = published[:10]
    text, html = row.get("text"), row.get("html")
    if text is None and html is None:
        return _fail(doc, f"{where}: missing field 'text' (or 'html')")
    if text is not None and not isinstance(text, str) or html is not None and not isinstance(html, str):
        return _fail(doc, f"{where}: field 'text'/'html' must be a string")
    if text is None:
        return _from_html(doc, html, where)
    return _checked(doc, text, where)


def _from_html(doc: Document, html: str, where: str) -> Document:
    from .html import extract_article
    article = extract_article(html)
    if article is None:
        return _fail(doc, f"{where}: not an article: no article text found in the HTML")
    doc.title = doc.title or article.title
    doc.outlet = doc.outlet or article.outlet
    doc.published = doc.published or article.published
    doc.url = doc.url or article.url
    return _checked(doc, article.text, where)


def _checked(doc: Document, text: str, where: str) -> Document:
    repaired = repair_mojibake(text)
    if repaired != text:
        doc.notes.append(f"{where}: repaired mojibake (UTF-8 that had been read as Latin-1/Windows-1252)")
        text = repaired
    if not text.strip():
        return _fail(doc, f"{where}: empty: no text")
    if "\x00" in text or sum(ch.isprintable() or ch.isspace() for ch in text[:2000]) < 0.9 * len(text[:2000]):
        return _fail(doc, f"{where}: binary content, not text")
    if len(text.strip()) < _MIN_ARTICLE_CHARS:
        return _fail(doc, f"{where}: not an article: only {len(text.strip())} characters")
    doc.original = text
    return doc


def _fail(doc: Document, error: str) -> Document:
    doc.status = "failed"
    doc.error = error
    return doc

