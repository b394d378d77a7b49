"""Figures and conflicts: for each (category, subject) of an incident, every source's claims, a low / best / high
reading in the manner of UCDP GED, the pairs of claims that cannot both be true, the pairs that can but lie far
apart, and each source's deviation from the consensus.

The rule, in words (also in the README):
- Running totals (killed, wounded, arrested, escaped, surrendered, released, displaced) only grow: a source's later
  report supersedes its earlier ones, and a later, higher count updates an earlier one. A figure marked as a total
  ("ارتفع عدد … إلى"، "حصيلة") contains the day's partial counts. Two totals conflict when, as of the same day, their
  intervals are disjoint; counts from different days may cover different spans and are not flagged.
- Stocks (held, attackers) do not grow: any two claims with disjoint intervals conflict, whatever their days.
- low is the most conservative credible figure: the smallest lower bound among the sources' current claims.
  high is the largest claim: the largest upper bound, or the largest stated value when unbounded.
  best is the median of the sources' current point values (a vague "العشرات" has no point value).
- A discrepancy is a compatible pair whose point values differ fivefold or more, including across the related
  figures "escaped" and "released" of the same people (ISIS's "800+ freed" against a reporter's "20+ escaped").
"""
from __future__ import annotations

import collections
import datetime as dt
import itertools
import heapq
import math
import statistics
from . import settings

RUNNING_TOTALS = {"killed", "wounded", "arrested", "escaped", "surrendered", "released", "displaced"}
RELATED = {"escaped": "left_custody", "released": "left_custody"}


def figures(claims: list[dict]) -> tuple[list[dict], list[dict]]:
    """(figures, discrepancies) of one incident's claims."""
    counted = [c for c in claims if not c.get("background") and not c.get("copy_of")]  # no war total, no copy's
    groups: dict[tuple, list[dict]] = collections.defaultdict(list)
    for claim in counted:
        groups[(claim["category"], claim["subject"])].append(claim)
    result = [_figure(category, subject, group) for (category, subject), group in sorted(groups.items())]
    return result, discrepancies(counted)


def _source(claim) -> str:
    return claim.get("source") or claim["claimed_by"]


def _figure(category, subject, group) -> dict:
    whole_ids = {c["claim_id"] for c in group}
    group = [c for c in group if c.get("part_of") not in whole_ids] or group  # a part inside its whole: not a figure
    current = _current(category, group)
    lows = [c["value_min"] for c in current if c["value_min"] is not None]
    points = [_point(c) for c in current if _point(c) is not None]
    highs = [c["value_max"] if c["value_max"] is not None else _point(c) for c in group]
    best = statistics.median(points) if points else None
    pairs = conflicting_pairs(category, group)
    return {
        "category": category, "subject": subject,
        "low": min(lows) if lows else None,
        "best": int(best) if best is not None else None,
        "points": sorted(points),  # the current claims' values whose median is `best`
        "high": max((h for h in highs if h is not None), default=None),
        "claims": [c["claim_id"] for c in group], "conflict": bool(pairs),
        "part_only": all(c.get("part_of") for c in group),  # "بينهم ثلاثة أطفال": inside another figure
        "conflicts": [[a["claim_id"], b["claim_id"]] for a, b in pairs],
        "deviations": _deviations(current, best),
    }


def _point(claim):
    """The single number a claim stands for: its value, moved inside its interval ("أكثر من 800" → 801)."""
    if claim["value"] is None:
        return None
    value = claim["value"]
    if claim["value_min"] is not None:
        value = max(value, claim["value_min"])
    if claim["value_max"] is not None:
        value = min(value, claim["value_max"])
    return value


def _current(category, group):
    """A running total's current claims: each source's latest report; a stock's: all of them."""
    if category not in RUNNING_TOTALS:
        return group
    latest = {}
    for claim in sorted(group, key=lambda c: (c.get("date") or "", _point(c) or 0)):
        latest[_source(claim)] = claim
    return list(latest.values())


MAX_PAIRS = 20  # pairs named per figure; a figure of hundreds of claims is flagged without listing them all


def conflicting_pairs(category, group) -> list[tuple[dict, dict]]:
    pairs = []
    group = [c for c in group if not c.get("added")]  # «ضبط 4 جدد»: more of them, beside the earlier count
    if category in RUNNING_TOTALS:
        by_day = collections.defaultdict(list)
        for claim in group:
            by_day[_day_told(claim)].append(claim)
        groups = list(by_day.values())
    else:
        groups = [group]
    for same in groups:
        if not _may_conflict(same):
            continue
        pairs += _pairs(category, same, MAX_PAIRS - len(pairs))
        if len(pairs) >= MAX_PAIRS:
            break
    if category in RUNNING_TOTALS and len(pairs) < MAX_PAIRS:
        pairs += _lower_later(group, MAX_PAIRS - len(pairs))
    return pairs




def _days_apart(a, b) -> int:
    return abs((dt.date.fromisoformat(a["date"]) - dt.date.fromisoformat(b["date"])).days)


def _lower_later(group, limit) -> list[tuple[dict, dict]]:
    """A later total below an earlier one from another source is no update: both cannot be true (5 killed on
    the 9th against "more than 30" on the 8th). One pass in date order, keeping the highest lower bound so far."""
    pairs, highest = [], None
    dated = sorted((c for c in group if c.get("date") and c["value_min"] is not None), key=lambda c: c["date"])
    for _, claims in itertools.groupby(dated, key=lambda c: c["date"]):
        claims = list(claims)
        if highest is not None:
            for claim in claims:
                if claim["value_max"] is not None and claim["value_max"] < highest["value_min"] \
                        and _source(claim) != _source(highest) and (claim.get("total") or not highest.get("total")) \
                        and _days_apart(claim, highest) <= settings.current().story_days:
                    pairs.append((highest, claim))
                    if len(pairs) >= limit:
                        return pairs
        best_today = max(claims, key=lambda c: c["value_min"])
        if highest is None or best_today["value_min"] > highest["value_min"]:
            highest = best_today
    return pairs


def _may_conflict(group) -> bool:
    """Some two intervals are disjoint only if the largest lower bound exceeds the smallest upper bound."""
    lows = [c["value_min"] for c in group if c["value_min"] is not None]
    highs = [c["value_max"] for c in group if c["value_max"] is not None]
    return bool(lows and highs) and max(lows) > min(highs)


def _pairs(category, group, limit) -> list[tuple[dict, dict]]:
    """The first `limit` pairs of disjoint claims of `group`, in its order. A claim that no later one is disjoint
    from (_disjoint_later) is passed over at once: a figure told by thousands, nearly all vaguely («العشرات»), has
    one or two such pairs, which a walk over every pair found in time growing with the square of its tellers."""
    pairs = []
    for i in _disjoint_later(group):
        a = group[i]
        for b in group[i + 1:]:
            if a["doc"] == b["doc"] and _source(a) == _source(b) and category in RUNNING_TOTALS:
                continue  # one source's own figures in one report: a total and its parts
            if not _disjoint(a, b):
                continue
            if category in RUNNING_TOTALS and not _same_span(a, b):
                continue
            pairs.append((a, b))
            if len(pairs) >= limit:
                return pairs
    return pairs


def _disjoint_later(group) -> list[int]:
    """The positions of the claims of `group` that some later claim is disjoint from (_disjoint), in order: one
    pass from the end, keeping the later claims' largest lower bound and smallest upper bound (none: no bound)."""
    found, largest_low, smallest_high = [], None, math.inf
    for i in range(len(group) - 1, -1, -1):
        low, high = group[i]["value_min"], group[i]["value_max"]
        if low is None:
            continue  # disjoint from none (_disjoint), and bounds none
        if largest_low is not None and ((high is not None and largest_low > high) or smallest_high < low):
            found.append(i)
        largest_low = low if largest_low is None else max(largest_low, low)
        smallest_high = min(smallest_high, math.inf if high is None else high)
    return found[::-1]


def _disjoint(a, b) -> bool:
    a_lo, a_hi = a["value_min"], a["value_max"]
    b_lo, b_hi = b["value_min"], b["value_max"]
    if a_lo is None or b_lo is None:
        return False
    return (a_hi is not None and a_hi < b_lo) or (b_hi is not None and b_hi < a_lo)


def _day_told(claim):
    """The day a running total is as of: its date; for one with none (an undated report's), its report, whose
    figures are as of one day among themselves but of no known day beside another's."""
    return claim.get("date") or ("undated", claim["doc"])


def _same_span(a, b) -> bool:
    """Two running totals contradict each other when they are as of the same day and both totals or both counts
    of the day; a total contradicts a count of the same day only by being smaller than it. Two of no known day are
    of one day only in one report."""
    if _day_told(a) != _day_told(b):
        return False
    if bool(a.get("total")) == bool(b.get("total")):
        return True
    total, part = (a, b) if a.get("total") else (b, a)
    return total["value_max"] is not None and total["value_max"] < part["value_min"]


def _deviations(current, best) -> dict[str, float]:
    if not best:
        return {}
    found = {}
    for claim in current:
        point = _point(claim)
        if point is not None:
            found[_source(claim)] = round((point - best) / best, 3)
    return found


def discrepancies(claims: list[dict]) -> list[dict]:
    """Compatible pairs far apart, within a figure or across related figures of the same people: at most
    MAX_PAIRS, the farthest apart where there are more."""
    keyed = collections.defaultdict(list)
    for claim in claims:
        keyed[(RELATED.get(claim["category"], claim["category"]), claim["subject"])].append(claim)
    found = []
    for (_, subject), group in keyed.items():
        for i, a in enumerate(group[:200]):
            for b in group[i + 1:200]:
                pa, pb = _point(a), _point(b)
                if not pa or not pb or _disjoint(a, b) or _source(a) == _source(b):
                    continue
                ratio = max(pa, pb) / min(pa, pb)
                if ratio >= settings.current().figures.discrepancy_ratio:
                    found.append({"subject": subject, "claims": [a["claim_id"], b["claim_id"]],
                                  "categories": [a["category"], b["category"]],
                                  "sources": [_source(a), _source(b)], "ratio": round(ratio, 1)})
    if len(found) > MAX_PAIRS:  # the farthest apart, in the order found: a figure of many sources names hundreds
        kept = set(map(id, heapq.nlargest(MAX_PAIRS, found, key=lambda pair: pair["ratio"])))
        found = [pair for pair in found if id(pair) in kept]
    return found


def source_deviation(figure_list: list[dict]) -> dict[str, float]:
    """Each source's mean absolute deviation from the consensus (best) over an incident's figures."""
    by_source = collections.defaultdict(list)
    for figure in figure_list:
        for source, deviation in figure["deviations"].items():
            by_source[source].append(abs(deviation))
    return {source: round(sum(d) / len(d), 3) for source, d in sorted(by_source.items())}


def claims_matrix(figure_list: list[dict], claims_by_id: dict[str, dict], outlets: dict[str, str],
                  carried: dict[str, list[str]] | None = None) -> dict:
    """Figures × sources, each cell the claims a source made on a figure (value, qualifier, date, evidence, and
    whose people they count: party, role and the rule that decided them; the copies that carried it, by document
    and outlet)."""
    carried = carried or {}
    sources = sorted({_source(claims_by_id[cid]) for f in figure_list for cid in f["claims"]})
    rows = []
    for figure in figure_list:
        cells = collections.defaultdict(list)
        for cid in figure["claims"]:
            claim = claims_by_id[cid]
            cells[_source(claim)].append({
                "claim_id": cid, "value": claim["value"], "qualifier": claim["qualifier"],
                "value_min": claim["value_min"], "value_max": claim["value_max"], "date": claim.get("date"),
                "event_date": claim.get("event_date"),
                "doc": claim["doc"], "outlet": outlets.get(claim["doc"]), "via": claim.get("via", []),
                "evidence": claim["evidence"]["text"],
                "party": claim.get("party"), "role": claim.get("role"), "rule": claim.get("rule"),
                "carried_by": [{"doc": doc, "outlet": outlets.get(doc)} for doc in carried.get(cid, [])]})
        rows.append({"category": figure["category"], "subject": figure["subject"], "cells": dict(cells)})
    return {"sources": sources, "rows": rows}
