"""Date arithmetic on date expressions already found: the day one names against a reference day, the publication
day a text supports, the days a document names for its own story, a document dated from its incident. Below both
the dates stage (rasd/dates/, which finds the expressions in a text) and the cross-document stage (which dates a
document from its incident's days): it reads expressions and their records, never a text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import product

from . import settings

WEEK = 7
MAX_DAYS_AGO = 3660  # how far back a relative day may reach («قبل 10 سنوات»): about ten years
# The publication days Rasd takes: the stages count days back and forward from them (a story's window, a gap between
# reports, ten years at most), which a day near the calendar's ends would carry past Python's dates.
EARLIEST_PUBLISHED, LATEST_PUBLISHED = dt.date(1000, 1, 1), dt.date(8999, 12, 31)


@dataclass
class DateExpr:
    tok_start: int
    tok_end: int
    kind: str                   # absolute, relative, weekday
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None  # Monday = 0
    offset: int | None = None   # days from the reference day, for a relative expression
    current_month: bool = False  # "الجاري": the month of the reference day
    direction: str = "on_or_before"  # for a weekday: on_or_before, before (الماضي), after (المقبل)
    approx: bool = False        # "منذ نحو أربعة أيام"
    bound: str | None = None    # "until" for لغاية/حتى, "ahead" for المقبل: a day after the reference day
    onset: bool = False         # "بدء هجومه قبل 6 أيام": the day the incident began
    background: bool = False    # "في عام 2022": a past event, not this story's time
    calendar: str = "gregorian"
    value: object = None        # the resolved datetime.date
    from_day: int | None = None  # the first day of the part of a month named («أواخر يناير»: 21), for its span


MAX_YEARS_BACK = 40


def to_gregorian(expr: DateExpr, year: int) -> dt.date | None:
    try:
        if expr.calendar == "hijri":
            from hijridate import Hijri
            day = Hijri(year, expr.month, expr.day).to_gregorian()
            return dt.date(day.year, day.month, day.day)
        return dt.date(year, expr.month, expr.day)
    except (ValueError, OverflowError):
        return None


def resolve(expr: DateExpr, reference: dt.date | None) -> dt.date | None:
    """The day an expression names, given the reference (publication) day; None when it cannot be known."""
    try:
        return _resolve(expr, reference)
    except (OverflowError, ValueError):
        return None


def _resolve(expr: DateExpr, reference: dt.date | None) -> dt.date | None:
    if expr.kind == "absolute" and expr.day is not None:
        if expr.year is not None:
            return to_gregorian(expr, expr.year)
        if reference is None:
            return None
        if expr.current_month:
            return _safe(reference.year, expr.month, expr.day)
        this_year = _safe(reference.year, expr.month, expr.day)
        if this_year is None:
            return None
        if expr.bound is not None:  # until (لغاية) or ahead (المقبل): the next such day
            return this_year if this_year >= reference else _safe(reference.year + 1, expr.month, expr.day)
        return this_year if this_year <= reference + dt.timedelta(days=1) else _safe(reference.year - 1, expr.month,
                                                                                       expr.day)
    if reference is None:
        return None
    if expr.kind == "relative":
        return _named_weekday(reference + dt.timedelta(days=expr.offset), expr.weekday)
    if expr.kind == "weekday":
        back = (reference.weekday() - expr.weekday) % WEEK
        if expr.direction == "before" and back == 0:
            back = WEEK
        if expr.direction == "after":
            return reference + dt.timedelta(days=(expr.weekday - reference.weekday()) % WEEK or WEEK)
        return reference - dt.timedelta(days=back)
    return None


def _named_weekday(day: dt.date, weekday: int | None) -> dt.date:
    """The day «أمس» or «اليوم» gives, unless the weekday written beside it disagrees: then the story was written on
    another day than it was published (a wire copy carried a day or two later, «أمس الخميس» on a Sunday) and the
    day of that weekday nearest to it is meant (the earlier of two as near)."""
    if weekday is None or day.weekday() == weekday:
        return day
    back = (day.weekday() - weekday) % WEEK
    return day - dt.timedelta(days=back) if back <= WEEK - back else day + dt.timedelta(days=WEEK - back)


def _safe(year, month, day):
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_publication(exprs: list[DateExpr], years: set[int], today: dt.date, is_dateline) -> dt.date | None:
    """The publication day the text supports, or None. Candidates are the days it could be: dated lines (an
    absolute date with a weekday, at the top, or on a line of its own), constrained by "اليوم الاثنين" and
    "أمس الأحد" (the day's weekday), by past events (no earlier) and by "لغاية 31 …" (no later)."""
    weekdays = {(e.weekday - e.offset) % WEEK for e in exprs if e.kind == "relative" and e.weekday is not None}
    if len(weekdays) > 1:
        return None  # the text contradicts itself
    weekday = next(iter(weekdays), None)
    dated = [e for e in exprs if e.kind == "absolute" and e.day is not None and not e.background and e.bound is None
             and (e.weekday is not None or is_dateline(e))]
    candidates = _dated_candidates(dated, years, today)
    if candidates:
        latest = max(candidates)
        if weekday is None or latest.weekday() == weekday:
            return latest
        for shift in range(1, WEEK):  # a statement dated Friday, an article written the next day ("اليوم السبت")
            if (latest + dt.timedelta(days=shift)).weekday() == weekday:
                return latest + dt.timedelta(days=shift)
    if weekday is None:
        return None
    return _from_constraints(exprs, weekday, years)


def _dated_candidates(dated, years, today):
    found = []
    for e in dated:
        if e.year is not None:
            day = to_gregorian(e, e.year)
            if day and (e.weekday is None or day.weekday() == e.weekday):  # a weekday that disagrees: unreliable
                found.append(day)
            continue
        options = [to_gregorian(e, y) for y in sorted(years, reverse=True)] if years else []
        options = [d for d in options if d and (e.weekday is None or d.weekday() == e.weekday)]
        if not options and e.weekday is not None:  # "الأحد 23 من كانون الثاني": the latest year that fits
            for y in range(today.year, today.year - MAX_YEARS_BACK, -1):
                d = to_gregorian(e, y)
                if d and d <= today and d.weekday() == e.weekday:
                    options = [d]
                    break
        if options:
            found.append(options[0])
    return found


def _from_constraints(exprs, weekday, years):
    """No dated line: a day of the current month ("الجاري") with the weekday, after the past events it mentions and
    before the deadlines it gives; needs the year, from the text or the incident."""
    months = {e.month for e in exprs if e.kind == "absolute" and e.current_month}
    if len(months) != 1 or not years:
        return None
    month = next(iter(months))
    floor = max((e.day for e in exprs if e.current_month and e.bound is None and e.day), default=0)
    ceiling = min((e.day for e in exprs if e.current_month and e.bound == "until" and e.day), default=32)
    solutions = []
    for year, day in product(sorted(years), range(1, 32)):
        d = _safe(year, month, day)
        if d and d.weekday() == weekday and floor < day < ceiling:
            solutions.append(d)
    return solutions[0] if len(solutions) == 1 else None


def resolve_in_context(doc_record: dict, dates, claims: list[tuple[dict, int | None]], years: set[int],
                       onset: dt.date | None) -> None:
    """Date a document the text alone could not date, from its incident: the incident's years, and its first day
    for "بدأ هجومه قبل 6 أيام"; then re-date its claims. `dates` are its expression_records; `claims` its claims'
    records, each with the index in `dates` of the expression that dates it."""
    exprs = [DateExpr(0, 0, **e) for e in dates]
    if doc_record.get("published") is None:
        inferred = infer_publication(exprs, years, dt.date.today(), lambda e: False)
        if inferred is None and onset is not None:
            anchored = [e for e in exprs if e.kind == "relative" and e.onset and e.offset and not e.approx]
            if anchored and abs(anchored[0].offset) <= MAX_DAYS_AGO:
                inferred = onset - dt.timedelta(days=anchored[0].offset)
        if inferred is None:
            return
        doc_record["published"], doc_record["published_inferred"] = inferred.isoformat(), True
    reference = dt.date.fromisoformat(doc_record["published"])
    for claim, index in claims:
        value = resolve(exprs[index], reference) if index is not None else None
        claim["date"] = value.isoformat() if value else doc_record["published"]


def event_days(published: str | None, dates, only=None) -> list[tuple[dt.date, bool]]:
    """(day, precise) of each past day a document published on `published` names for its own story (not background,
    not deadlines) with its expression_records `dates`; with `only`, of the expressions at those indices."""
    reference = dt.date.fromisoformat(published) if published else None
    days = []
    for index, e in enumerate(dates):
        if only is not None and index not in only:
            continue
        # the record's own fields (DateExpr's defaults when absent) rule it out before an expression is built
        if e.get("background") or e.get("bound") or e.get("kind") == "weekday" and e.get("direction") == "after":
            continue
        expr = DateExpr(0, 0, **e)
        value = resolve(expr, reference)
        if value and (reference is None or reference - dt.timedelta(days=settings.current().story_days) <= value <= reference):
            days.append((value, not expr.approx))  # older days are background ("اتفاق 5 آذار 2020")
    return days
