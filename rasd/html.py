"""Article extraction from saved web pages: trafilatura for the body and metadata, then a filter for the
boilerplate that outlets put inside the article body (rasd/boilerplate.py)."""
from __future__ import annotations

from dataclasses import dataclass

from .boilerplate import is_boilerplate


@dataclass
class Article:
    text: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


def strip_boilerplate(text: str) -> str:
    kept = [line for line in text.splitlines() if not is_boilerplate(line)]
    return "\n".join(kept).strip()


def extract_article(html: str) -> Article | None:
    import trafilatura
    try:
        document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, with_metadata=True)
        result = document.as_dict() if document is not None else None
    except MemoryError:
        raise  # no property of the page: the runner fails it for now, uncached (runner._read)
    except Exception:  # trafilatura raises on some malformed trees; the page then has no article we can read
        return None
    if not result or not (result.get("text") or "").strip():
        return None
    text = strip_boilerplate(result["text"])
    if not text:
        return None
    date = result.get("date")
    return Article(text=text, title=result.get("title"), outlet=result.get("sitename"),
                   published=date[:10] if date else None, url=result.get("url"))
