"""Ingest stage: read .txt, .html/.htm and .jsonl inputs into Documents. A document that cannot be read becomes a
Document with status "failed" and an error naming the file and the problem; nothing raises past this module."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import re
from pathlib import Path
from typing import Iterator

import orjson

from .days import EARLIEST_PUBLISHED, LATEST_PUBLISHED
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


@dataclasses.dataclass(frozen=True)
class Source:
    """One input document as it lies on disk, not yet decoded: a file, or one line of a JSON Lines file. Cheap to
    make and to send to a worker process, where read_source turns it into a Document."""
    path: str
    line: int | None = None     # the line's number in a JSON Lines file (0: the file itself could not be opened)
    raw: bytes | None = None    # the file's or the line's bytes
    problem: str | None = None  # why there are no bytes (too large, cannot read)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def iter_sources(paths, exclude: Path | None = None) -> Iterator[Source]:
    """The inputs under `paths` as Sources, in order: the files, each line of the JSON Lines files."""
    for path in expand_paths(paths):
        if exclude is not None and _inside(path, exclude):
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _line_sources(path)
        else:
            yield _file_source(path)


def _file_source(path: Path) -> Source:
    if path.suffix.lower() not in SUPPORTED:
        return Source(str(path))  # read_file says what is wrong with it
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return Source(str(path), problem=_too_large(size))
        return Source(str(path), raw=path.read_bytes())
    except OSError as e:
        return Source(str(path), problem=f"cannot read: {e.strerror}")


def _line_sources(path: Path) -> Iterator[Source]:
    try:
        handle = open(path, "rb")
    except OSError as e:
        yield Source(str(path), line=0, problem=f"cannot read: {e.strerror}")
        return
    with handle:
        number = 0
        while raw := handle.readline(MAX_DOCUMENT_BYTES + 1):  # a line over the limit is never read whole
            number += 1
            if len(raw) > MAX_DOCUMENT_BYTES:
                size = len(raw) if raw.endswith(b"\n") else len(raw) + _rest_of_line(handle)
                yield Source(str(path), line=number, problem=_too_large(size))
            elif raw.strip():
                yield Source(str(path), line=number, raw=raw)


def _rest_of_line(handle, chunk: int = 1 << 20) -> int:
    """Reads past the rest of a line a chunk at a time; its length in bytes."""
    skipped = 0
    while True:
        part = handle.readline(chunk)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


def _too_large(size: int) -> str:
    return f"too large: {size / 1e6:.1f} MB (the limit for one article is {MAX_DOCUMENT_BYTES // 1_000_000} MB)"


def read_source(source: Source) -> Document:
    """The Document a Source holds (its id not yet made unique in the run: unique_id does that, in input order)."""
    if source.line and not source.problem:
        return read_line(source.path, source.line, source.raw or b"")
    path = Path(source.path)
    if source.line is None:
        doc = Document(doc_id=path.stem, original="", source=source.path)
        if source.problem:
            return _fail(doc, f"{path}: {source.problem}")
        return _guarded(lambda p: read_file(p, source.raw), path, doc, source.path)
    if source.line == 0:
        return _fail(Document(doc_id=path.stem, original="", source=source.path), f"{path}: {source.problem}")
    return _fail(Document(doc_id=f"{path.stem}:{source.line}", original="", source=source.where),
                 f"{source.where}: {source.problem}")


def failed_source(source: Source, problem: str) -> Document:
    """The input's document failed with `problem` (reading or analysing it killed a process), its text never
    decoded, extracted or analysed here: a JSON Lines line keeps its own id, outlet, title and day when the line
    gives them (parsed as JSON only; a field of the wrong type is left out, as the failure already says enough)."""
    doc = read_source(dataclasses.replace(source, raw=None, problem=problem))
    if source.line and source.raw and not source.problem:
        # UnicodeDecodeError is a ValueError; a line too large to parse again fails with its place in the file only
        try:
            row = json.loads(source.raw.decode("utf-8-sig"))
        except (ValueError, RecursionError, MemoryError):
            return doc
        if isinstance(row, dict):
            _take_row_fields(doc, _without_lone_surrogates(row)[0], source.where)
    return doc


def unique_id(doc: Document, seen: dict) -> Document:
    """The document with an id not used before in the run (`seen`: the ids so far and how often each came)."""
    return _unique(doc, seen, doc.source or doc.doc_id)


def _guarded(read, arg, doc: Document, where: str) -> Document:
    """read(arg), or `doc` marked failed when reading raises anything (a parser's bug, a missing optional module):
    one document's problem never stops a run."""
    try:
        return read(arg)
    except MemoryError:
        raise  # the machine's state, not the document's: the runner fails it for now, uncached (runner._read)
    except Exception as e:  # noqa: BLE001 - whatever it is, it belongs to this one document
        return _fail(doc, f"{where}: internal error while reading: {type(e).__name__}: {e}")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _unique(doc: Document, seen: dict, where: str) -> Document:
    """A repeated id is kept as ID~2, ID~3…, skipping a name an input of its own took (x~2.txt read before x.txt)."""
    if doc.doc_id in seen:
        original_id = doc.doc_id
        while doc.doc_id in seen:
            seen[original_id] += 1
            doc.doc_id = f"{original_id}~{seen[original_id]}"
        doc.notes.append(f"{where}: duplicate id {original_id!r}, kept as {doc.doc_id!r}")
    seen.setdefault(doc.doc_id, 1)
    return doc


def expand_paths(paths) -> list[Path]:
    """The files named, and every file under the folders named except hidden ones (.git, .rasd, .DS_Store). A
    folder's file of an unsupported type is kept, to appear in the output as a failed document, as it would if
    named directly."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return files


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_file(path: Path, data: bytes | None = None) -> Document:
    """The document of a .txt or .html file (`data`: its bytes, when already read)."""
    doc = Document(doc_id=path.stem, original="", source=str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return _fail(doc, f"{path}: unsupported file type {suffix or '(none)'}; expected .txt, .html, .htm or .jsonl")
    if data is None:
        source = _file_source(path)
        if source.problem:
            return _fail(doc, f"{path}: {source.problem}")
        data = source.raw
    text, error, note = decode(data)
    if error:
        return _fail(doc, f"{path}: {error}")
    if note:
        doc.notes.append(f"{path}: {note}")
    if suffix in HTML_SUFFIXES:
        return _from_html(doc, text, str(path))
    return _checked(doc, text, str(path))


def read_line(path: Path | str, number: int, raw: bytes) -> Document:
    """The document of line `number` of a JSON Lines file."""
    written, stem = _path_and_stem(os.fspath(path))
    where = f"{written}:{number}"
    doc = Document(doc_id=f"{stem}:{number}", original="", source=where)
    if len(raw) > MAX_DOCUMENT_BYTES:
        return _fail(doc, f"{where}: {_too_large(len(raw))}")
    try:
        row = json_line(raw)
    except UnicodeDecodeError:
        return _fail(doc, f"{where}: malformed JSON line {number}: not UTF-8")
    except json.JSONDecodeError as e:
        return _fail(doc, f"{where}: malformed JSON line {number}: {e.msg}")
    except RecursionError:  # json reads nesting with Python's own recursion
        return _fail(doc, f"{where}: malformed JSON line {number}: nested too deeply")
    if not isinstance(row, dict):
        return _fail(doc, f"{where}: malformed JSON line {number}: expected an object")
    row, replaced = _without_lone_surrogates(row) if _may_escape_surrogates(raw) else (row, 0)
    doc = _guarded(lambda r: _from_row(doc, r, where), row, doc, where)
    if replaced:
        doc.notes.append(f"{replaced} lone surrogate escape(s) (\\ud800-\\udfff) replaced by U+FFFD: no character")
    return doc


def json_line(raw: bytes):
    """The value of one line of JSON (UTF-8, a byte order mark allowed), as json.loads reads it. orjson's compiled
    parser reads it, three times as fast on a news line; it refuses what json reads its own way (a byte order mark,
    a lone surrogate escape, NaN, a number beyond a float, bytes that are no UTF-8, nesting past 1,024), and json
    then reads the line, with its own errors. A value holding a float goes to json too: orjson reads an integer
    beyond 64 bits as one, where json keeps it whole (the floats of a news line are rare)."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    else:
        if not _holds_a_float(value):
            return value
    return json.loads(raw.decode("utf-8-sig"))


def _holds_a_float(value) -> bool:
    """Does the JSON value hold a float at any depth? A loop over a stack, not a recursion: orjson reads 1,024
    levels, more than Python's recursion allows."""
    waiting = [value]
    while waiting:
        value = waiting.pop()
        kind = type(value)
        if kind is float:
            return True
        if kind is dict:
            waiting.extend(value.values())
        elif kind is list:
            waiting.extend(value)
    return False


@functools.lru_cache(maxsize=1024)
def _path_and_stem(path: str) -> tuple[str, str]:
    """The path as pathlib writes it and its file's stem: a JSON Lines file's lines share them (worked out once)."""
    return str(Path(path)), Path(path).stem


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's "\ud800" escape alone decodes to no real character


def _may_escape_surrogates(raw: bytes) -> bool:
    """Can the JSON line hold a surrogate? Only a \\uD800-\\uDFFF escape makes one (the line's bytes are UTF-8): a
    search of the bytes, far cheaper than a regex over every string of the row."""
    return b"\\ud" in raw or b"\\uD" in raw


def _without_lone_surrogates(row: dict) -> tuple[dict, int]:
    """The row with each lone surrogate in its strings replaced by U+FFFD (no UTF-8 text can hold one: writing the
    document out would fail), and how many there were."""
    replaced = 0
    for key, value in row.items():
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            row[key], count = _LONE_SURROGATE.subn("\ufffd", value)
            replaced += count
    return row, replaced


def _from_row(doc: Document, row: dict, where: str) -> Document:
    problem = _take_row_fields(doc, row, where)
    if problem:
        return _fail(doc, problem)
    text, html = row.get("text"), row.get("html")
    if text is None and html is None:
        return _fail(doc, f"{where}: missing field 'text' (or 'html')")
    if text is not None and not isinstance(text, str) or html is not None and not isinstance(html, str):
        return _fail(doc, f"{where}: field 'text'/'html' must be a string")
    if text is None:
        return _from_html(doc, html, where)
    return _checked(doc, text, where)


def _take_row_fields(doc: Document, row: dict, where: str) -> str | None:
    """Sets the row's id, url, outlet, title and day on `doc`; the problem with them, or None."""
    if row.get("id") is not None:
        doc.doc_id = str(row["id"])
    for key in ("url", "outlet", "title"):
        if row.get(key) is not None and not isinstance(row[key], str):
            return f"{where}: field {key!r} must be a string"
        setattr(doc, key, row.get(key))
    published = row.get("published")
    if published is not None:
        day = _day(published[:10]) if isinstance(published, str) else None
        if day is None:
            return f"{where}: field 'published' must be a YYYY-MM-DD string naming a real day"
        if not EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED:
            return (f"{where}: field 'published' must name a day between {EARLIEST_PUBLISHED} and "
                    f"{LATEST_PUBLISHED}")
        doc.published = published[:10]
    return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(text: str) -> dt.date | None:
    """The day `text` names as YYYY-MM-DD, else None."""
    if _ISO_DAY.fullmatch(text) is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


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
    if "\x00" in text or _controls(text[:2000]) > 0.1 * len(text[:2000]):
        return _fail(doc, f"{where}: binary content, not text")
    if len(text.strip()) < _MIN_ARTICLE_CHARS:
        return _fail(doc, f"{where}: not an article: only {len(text.strip())} characters")
    doc.original = text
    return doc


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode category Cc, less \t \n \r


def _controls(text: str) -> int:
    """Control characters (not bidi or zero-width marks, which Arabic text is full of)."""
    return len(_CONTROL.findall(text))


def _fail(doc: Document, error: str) -> Document:
    doc.status = "failed"
    doc.error = error
    return doc

