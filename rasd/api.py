"""The Python API: `analyze` one text, `run` a corpus into the three files of the output contract."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .incidents import build_incidents
from .ingest import iter_documents
from .output import claim_records, document_record, public, write_jsonl
from .pipeline import process


@dataclass
class Result:
    out_dir: Path | None
    documents: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for d in self.documents if d["status"] != "ok")

    def summary(self) -> str:
        return (f"{len(self.documents)} documents read, {self.failed} failed, {len(self.claims)} claims, "
                f"{len(self.incidents)} incidents")


def analyze(text: str, published: str | None = None, outlet: str | None = None, doc_id: str = "doc") -> Document:
    """Run the per-document pipeline on one text; the Document carries claims, dates and the offset map."""
    doc = Document(doc_id=doc_id, original=text, published=published, outlet=outlet)
    if not text.strip():
        doc.status, doc.error = "failed", f"{doc_id}: empty: no text"
        return doc
    return process(doc)


def run(paths, out_dir=None, progress: bool | None = None) -> Result:
    """Read every input under `paths`, analyse it and, with `out_dir`, write documents/claims/incidents.jsonl."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = Result(Path(out_dir) if out_dir else None)
    docs_iter = iter_documents(paths)
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        from tqdm import tqdm
        docs_iter = tqdm(docs_iter, unit="doc", desc="rasd", file=sys.stderr)
    for doc in docs_iter:
        doc = process(doc)
        result.documents.append(document_record(doc))
        result.claims.extend(claim_records(doc))
    result.incidents = build_incidents(result.documents, result.claims)
    if out_dir:
        out = Path(out_dir)
        write_jsonl(out / "documents.jsonl", map(public, result.documents))
        write_jsonl(out / "claims.jsonl", map(public, result.claims))
        write_jsonl(out / "incidents.jsonl", result.incidents)
    return result
