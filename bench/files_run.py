"""A run over a folder of many files, as a user's corpus lies on disk: the first N articles of a JSON Lines corpus
written as files (one in ten as an HTML page, the rest as text), then `rasd run` on them with the engine asked for,
timed, with its peak memory summed over its whole process tree (the run, its workers, and Ray's services and
workers) as PSS, where pages shared between processes (the knowledge a worker inherits by forking) count once.
Issue 17 asks a 20,000-file run of either engine to stay under 1 GB.

Run: python bench/files_run.py ../shared/corpora/news2013/corpus.jsonl --files 20000 --engine ray [--json F]
"""
from __future__ import annotations

import argparse
import html
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HTML_EVERY = 10  # one file in ten is a page


def write_files(corpus: str, n: int, folder: pathlib.Path) -> int:
    """The first `n` articles of `corpus` as files in `folder`, named by their ids, the corpus read again from its
    start when it is shorter (reprints, as a real stream has); how many were written."""
    written = 0
    while written < n:
        before = written
        written = _write_some(corpus, n, folder, written)
        if written == before:
            raise SystemExit(f"{corpus}: no articles")
    return written


def _write_some(corpus: str, n: int, folder: pathlib.Path, written: int) -> int:
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if written == n:
                break
            if not line.strip():
                continue
            row = json.loads(line)
            name = f"{written:06d}-{row.get('id') or 'doc'}"
            text = row.get("text") or ""
            if written % HTML_EVERY == 0:
                (folder / f"{name}.html").write_text(_page(text), encoding="utf-8")
            else:
                (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            written += 1
    return written


def _page(text: str) -> str:
    """An article as a news site's page: its first line the title, its lines paragraphs, a menu and a footer."""
    lines = [html.escape(line) for line in text.splitlines() if line.strip()] or [""]
    paragraphs = "".join(f"<p>{line}</p>" for line in lines[1:])
    return (f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{lines[0]}</title></head>"
            f"<body><nav><a href='/'>الرئيسية</a> <a href='/news'>أخبار</a></nav>"
            f"<article><h1>{lines[0]}</h1>{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>")


def tree_pss_kb(root: int) -> int:
    """The PSS of `root` and every process descended from it, in kB (Linux's /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


def timed_run(folder: pathlib.Path, out: pathlib.Path, engine: str, workers: int | None) -> dict:
    """`rasd run` on `folder`, sampling its process tree's PSS every 0.2 s."""
    command = [sys.executable, "-m", "rasd", "run", str(folder), "--out", str(out), "--engine", engine]
    if workers:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while run.poll() is None:
        peak = max(peak, tree_pss_kb(run.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"rasd run failed ({run.returncode}): {run.stderr.read()[-2000:]}")
    documents = sum(1 for _ in open(out / "documents.jsonl", encoding="utf-8"))
    return {"engine": engine, "workers": workers, "documents": documents, "seconds": round(seconds, 1),
            "docs_per_s": round(documents / seconds), "peak_pss_mb": round(peak / 1024)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a JSON Lines corpus (id, text)")
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--workers", type=int, default=None, help="the local engine's processes (default: every CPU)")
    parser.add_argument("--json", help="write the figures to this file as well")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "files"
        folder.mkdir()
        written = write_files(args.corpus, args.files, folder)
        result = timed_run(folder, pathlib.Path(tmp) / "out", args.engine, args.workers)
    result["files"] = written
    print(f"{written:,} files, {args.engine}: {result['seconds']} s, {result['docs_per_s']} documents/s, "
          f"peak {result['peak_pss_mb']:,} MB (the process tree's PSS)")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
