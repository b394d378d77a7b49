"""`rasd report OUTDIR`: a readable Markdown report of a run — per incident, its figures with low / best / high,
the claims matrix (figures × sources, each cell with value, qualifier, date and evidence), the contradictions with
both claims named, the far-apart discrepancies and each source's deviation from the consensus."""
from __future__ import annotations

from pathlib import Path

from .output import iter_jsonl, read_jsonl

QUALIFIER_MARK = {"exact": "", "approx": "≈", "more_than": ">", "at_least": "≥", "less_than": "<"}


def render(out_dir: Path) -> str:
    out_dir = Path(out_dir)
    documents = {d["doc"]: {key: d.get(key) for key in ("doc", "outlet", "status", "error")}  # not their texts
                 for d in iter_jsonl(out_dir / "documents.jsonl")}
    claims = {c["claim_id"]: c for c in read_jsonl(out_dir / "claims.jsonl")}
    incidents = read_jsonl(out_dir / "incidents.jsonl")
    failed = [d for d in documents.values() if d.get("status") != "ok"]
    lines = [f"# Rasd report: {out_dir}", "",
             f"{len(documents)} documents ({len(failed)} failed), {len(claims)} claims, {len(incidents)} incidents.", ""]
    for incident in sorted(incidents, key=lambda i: (-len(i["docs"]), i.get("start") or "")):
        lines += _incident(incident, claims, documents)
    if failed:
        lines += ["## Documents that failed", ""] + [f"- `{d['doc']}`: {d.get('error')}" for d in failed] + [""]
    return "\n".join(lines)


def _incident(incident, claims, documents) -> list[str]:
    loc = incident.get("location") or {}
    place = loc.get("name") or "unknown place"
    where = f"{place}" + (f", {loc['admin1']}" if loc.get("admin1") and loc.get("admin1") != place else "")
    if loc.get("lat") is not None:
        where += f" ({loc['lat']:.3f}, {loc['lon']:.3f}; geo_precision {loc.get('geo_precision')})"
    outlets = ", ".join(f"{d} ({documents.get(d, {}).get('outlet') or 'outlet unknown'})" for d in incident["docs"])
    lines = [f"## {_plain(incident['title'])}", "",
             f"- **Incident** `{incident['incident']}` · {incident['event_type']}",
             f"- **Where** {where}",
             f"- **When** {incident.get('start') or '?'} – {incident.get('end') or '?'}",
             f"- **Documents** {outlets}"]
    if incident.get("recalled_by"):
        recalling = ", ".join(f"{d} ({documents.get(d, {}).get('outlet') or 'outlet unknown'})"
                              for d in incident["recalled_by"])
        lines.append(f"- **Recalled by** {recalling}")
    if incident.get("related"):
        lines.append(f"- **Related incidents** {', '.join(f'`{r}`' for r in incident['related'])}")
    lines += ["", "### Figures", "", "| figure | low | best | high | sources | contradiction |", "|---|---|---|---|---|---|"]
    for fig in incident["figures"]:
        sources = sorted({claims[c]["claimed_by"] for c in fig["claims"] if c in claims})
        lines.append(f"| {fig['category']} · {fig['subject']} | {_n(fig['low'])} | {_n(fig['best'])} | "
                     f"{_n(fig['high'])} | {', '.join(sources)} | {'**yes**' if fig['conflict'] else ''} |")
    lines += ["", "### Claims by source", ""] + _matrix(incident["matrix"]) + [""]
    contradictions = [(fig, pair) for fig in incident["figures"] for pair in fig.get("conflicts", [])]
    if contradictions:
        lines += ["### Contradictions", ""]
        for fig, (a, b) in contradictions:
            lines.append(f"- **{fig['category']} · {fig['subject']}**: {_said(claims[a])} — but {_said(claims[b])}")
        lines.append("")
    if incident.get("discrepancies"):
        lines += ["### Far apart but compatible", ""]
        for d in incident["discrepancies"]:
            a, b = (claims[c] for c in d["claims"])
            lines.append(f"- **{d['subject']}** ({' / '.join(d['categories'])}, ×{d['ratio']}): {_said(a)} — "
                         f"{_said(b)}")
        lines.append("")
    if incident.get("source_deviation"):
        lines += ["### Deviation from the consensus (mean |claim − best| / best)", ""]
        lines += [f"- {s}: {v:.0%}" for s, v in sorted(incident["source_deviation"].items(), key=lambda kv: kv[1])]
        lines.append("")
    return lines


def _matrix(matrix) -> list[str]:
    sources = matrix["sources"]
    lines = ["| figure | " + " | ".join(sources) + " |", "|---|" + "---|" * len(sources)]
    for row in matrix["rows"]:
        cells = []
        for source in sources:
            entries = row["cells"].get(source, [])
            cells.append("<br>".join(f"{QUALIFIER_MARK.get(e['qualifier'], '')}{_n(e['value'], e['qualifier'])} "
                                     f"({e.get('date') or '?'}, {e['doc']}) «{_short(e['evidence'])}»"
                                     for e in entries))
        lines.append(f"| {row['category']} · {row['subject']} | " + " | ".join(cells) + " |")
    return lines


def _said(claim) -> str:
    via = f" via {', '.join(claim['via'])}" if claim.get("via") else ""
    return (f"{claim['claimed_by']}{via} says {QUALIFIER_MARK.get(claim['qualifier'], '')}"
            f"{_n(claim['value'], claim['qualifier'])} ({claim.get('date') or '?'}, `{claim['claim_id']}`: "
            f"«{_short(claim['evidence']['text'])}»)")


def _plain(text) -> str:
    """Article text in Markdown: no HTML, no table breaks."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "/")


def _n(value, qualifier=None) -> str:
    if value is None:
        return qualifier if qualifier in ("tens", "hundreds", "thousands", "some") else "–"
    return f"{value:,}"


def _short(text, limit=70) -> str:
    text = _plain(" ".join(text.split()))
    return text if len(text) <= limit else text[:limit - 1] + "…"
