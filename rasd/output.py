"""Store stage: the output contract's records (../shared/eval/README.md; made by rasd/results.py) written as JSON Lines,
atomically, and read back."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .records import encode_json


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


COPY_BLOCK = 1 << 20  # AtomicJsonl.copy's reads: a long run of lines is not held whole
# The buffer of the files a run appends records to (the output, the cache): a record's line is a few KB, and with
# Python's default 8 KB nearly each took a system call of its own (two or three for a cache entry written in parts).
WRITE_BUFFER = 1 << 16


class AtomicJsonl:
    """Write JSON Lines (UTF-8) to a temporary file beside the target; rename over it only on success, once on disk
    (`durable`; a file the run itself reads back and deletes needs no trip to the disk: 36 ms for the stream's)."""

    def __init__(self, path: Path, durable: bool = True):
        self.path, self.durable = Path(path), durable
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        self._tmp = Path(tmp)
        os.chmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; the output is shared like any file the user writes
        self._file = os.fdopen(fd, "wb", buffering=WRITE_BUFFER)

    def write(self, record: dict) -> int:
        """Write one record; the number of bytes its line took."""
        return self._file.write(encode_json(record)) + self._file.write(b"\n")

    def write_line(self, line: bytes) -> int:
        """A record already written as one line of JSON Lines (its UTF-8 bytes, the newline included) by write()."""
        return self._file.write(line)

    def copy(self, source, start: int, size: int) -> None:
        """`size` bytes of the binary file `source` from offset `start`, a block at a time (whole lines of another
        JSON Lines file, copied without being split into lines)."""
        source.seek(start)
        while size > 0:
            block = source.read(min(size, COPY_BLOCK))
            if not block:
                raise ValueError(f"{source.name}: ends {size} bytes before the lines to copy")
            self._file.write(block)
            size -= len(block)

    def commit(self) -> None:
        self._file.flush()
        if self.durable:
            os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.abort()
        return False


def write_jsonl(path: Path, records) -> None:
    with AtomicJsonl(path) as out:
        for record in records:
            out.write(record)


def read_jsonl(path: Path) -> list[dict]:
    return list(iter_jsonl(path))


def iter_jsonl(path: Path):
    """The records of a JSON Lines file, one at a time: a run's documents.jsonl holds every text, and a reader that
    wants a few fields of each need not hold them all."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)
