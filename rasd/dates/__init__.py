"""Dates stage: find date expressions, infer the publication day when no metadata gives it, resolve every
expression against it, and date each claim (the day its figure refers to)."""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from operator import attrgetter

from ..view import BARE_FORMS, view_of
from ..document import Document
from ..lexicon import WordMemo, word_sets
from ..days import DateExpr, event_days, infer_publication, resolve, resolve_in_context
from .expressions import MONTH_PART_STARTS, find_dates
from .. import settings


__all__ = ["DateExpr", "date_claims", "event_days", "expression_records", "find_dates", "resolve", "resolve_dates",
           "resolve_in_context", "text_years"]


def resolve_dates(doc: Document, today: dt.date | None = None, years: set[int] | None = None) -> None:
    view = view_of(doc)
    doc.dates = find_dates(view)
    if doc.published is None:
        inferred = infer_publication(doc.dates, years or text_years(doc), today or dt.date.today(),
                                     lambda expr: _is_dateline(doc, expr))
        if inferred:
            doc.published, doc.published_inferred = inferred.isoformat(), True
    reference = dt.date.fromisoformat(doc.published) if doc.published else None
    for expr in doc.dates:
        expr.value = resolve(expr, reference)
        if expr.from_day is not None and reference is not None and expr.background:
            expr.background = _told_of_the_past(expr, reference)


def _told_of_the_past(expr: DateExpr, reference: dt.date) -> bool:
    """Does a part of a month end more than the story's days before the article («أواخر يناير» in March)? Nearer, it
    may be the story's own time, and it is no day of it either."""
    span = _span_of(expr, reference)
    return span is not None and (reference - span[1]).days > settings.current().story_days


def _is_dateline(doc: Document, expr: DateExpr) -> bool:
    """A date in the first lines (the byline) or on a line of its own (a dated statement). The words around it are
    counted only up to four, and the line found by Document.line_start: a text of one line would be split whole for
    each of its dates."""
    start, end = doc.tok_starts[expr.tok_start], doc.tok_ends[expr.tok_end - 1]
    line_start, line_end = doc.line_start(start), doc.line_end(end)
    if line_end - line_start < 200 and doc.lines_before(start) <= 2:
        return True
    return _words_in(doc.text, line_start, start) + _words_in(doc.text, end, line_end) <= 3


_WORD = re.compile(r"\S+")


def _words_in(text: str, start: int, end: int, most: int = 4) -> int:
    """How many whitespace-separated words text[start:end] holds (as str.split counts them), up to `most`."""
    found = 0
    for _ in _WORD.finditer(text, start, end):
        found += 1
        if found == most:
            break
    return found


def text_years(doc: Document) -> set[int]:
    """Years the text states with a day and month (background years of past events excluded)."""
    return {e.year for e in doc.dates if e.kind == "absolute" and e.year and e.day and not e.background}


def date_claims(doc: Document) -> None:
    """Each claim's date, the day it is told as of: the day expression of its sentence nearest to it, else the
    publication day (a running total's later, higher count updates it). And its event_date, the day of the event it
    counts: its sentence's day, else the one day the report dates its own event by («انفجرت سيارة مفخخة مساء أمس …
    وقالت الشرطة إن خمسة قتلوا»: yesterday), else unknown; a war's or a period's total counts no one event."""
    if not doc.claims:
        return
    published = dt.date.fromisoformat(doc.published) if doc.published else None
    lead_end, own_day = _lead_end(doc), functools.cache(lambda: _own_event_day(doc, published))
    by_start = sorted((expr.tok_start, index) for index, expr in enumerate(doc.dates))  # a sentence's by bisection:
    starts = [start for start, _ in by_start]  # a dated log of tolls has thousands of figures and of dates
    for claim in doc.claims:
        first, last = doc.token_at(claim.start), doc.token_at(claim.end - 1)
        sentence = doc.sentence_of(first)
        in_sentence = by_start[bisect.bisect_left(starts, sentence.tok_start):bisect.bisect_left(starts, sentence.tok_end)]
        near = sorted((max(doc.dates[index].tok_start - last, first - doc.dates[index].tok_end, 0), index)
                      for _, index in in_sentence)
        days = [index for _, index in near if _names_a_day(doc.dates[index])]
        claim.date_expr = days[0] if days else None
        value = doc.dates[claim.date_expr].value if claim.date_expr is not None else None
        claim.date = value.isoformat() if value else doc.published
        told_of_past = near and near[0][1] != claim.date_expr and _earlier_time(doc.dates[near[0][1]])
        # «قتلوا أواخر يناير …، منذ نحو عشرة أيام»: the past time nearest the figure is its own, not another clause's day
        year = _year_of_the_figure(doc, near, days, first, last, published)
        claim.recalled = year or _recalled(doc, near, None if told_of_past else value)  # for its own incident
        if not claim.background:
            claim.event_date = _event_day(doc, near, sentence, claim, published, own_day if first < lead_end else None)
        if claim.recalled or claim.total:
            claim.date = doc.published or claim.date  # a toll, or a figure recalled later, is as of its telling


def _event_day(doc: Document, near: list, sentence, claim, published: dt.date | None, own_day) -> str | None:
    """The day of the event a figure counts: the nearest day its sentence names that is not the day something was
    said («قالت الشرطة اليوم الثلاثاء إن خمسة قتلوا مساء أمس») nor after the publication (a funeral «غدا»); else,
    for a figure of the lead whose sentence names no other time and tells no earlier happening («وكانت سيارة مفخخة
    قد انفجرت …»), the day the report dates its own event by; else unknown."""
    other_time = False
    for _, index in near:
        expr = doc.dates[index]
        if _statement_day(doc, expr.tok_start):
            continue
        if _names_a_day(expr) and expr.value:
            if published is None or expr.value <= published:
                return expr.value.isoformat()
            continue  # a day to come: a funeral, a hearing
        other_time = True  # a week, a month, a year: not the lead's day
    if other_time or claim.recalled or own_day is None or _told_before(doc, sentence):
        return None
    return own_day()  # found once a document, when a figure of its lead needs it


PERFECT_REACH = 4  # words from «كان» to its «قد»: «وكانت سيارة مفخخة قد انفجرت»


def _told_before(doc: Document, sentence) -> bool:
    """Does the sentence open with «كان … قد», the past perfect of something that happened before the story
    («وكانت الحصيلة خمسة قتلى» is no such thing)?"""
    view = view_of(doc)
    at = view.next_word(sentence.tok_start)
    if at is None or PAST_AUXILIARY.isdisjoint((view.word(at), *view.bare_forms(at))):
        return False
    for _ in range(PERFECT_REACH):
        at = view.next_word(at + 1)
        if at is None or at >= sentence.tok_end:
            return False
        if view.kind(at, "modality") == "may":
            return True
    return False


def _own_event_day(doc: Document, published: dt.date | None) -> str | None:
    """The one day the report dates its own event by (event_date_indices), when it names one and only one, not after
    its publication."""
    days = {doc.dates[i].value for i in event_date_indices(doc) if doc.dates[i].value and _names_a_day(doc.dates[i])
            and (published is None or doc.dates[i].value <= published)}
    return next(iter(days)).isoformat() if len(days) == 1 else None


def _earlier_time(expr: DateExpr) -> bool:
    """A past part of a month, or a month with its year, told of an earlier event («أواخر يناير»، «في آب/أغسطس
    2009»); not a named event's day («ثورة 25 يناير») nor a bare year, which an anniversary or a trial names as well."""
    return expr.background and (expr.from_day is not None or (expr.kind == "absolute" and bool(expr.month)
                                                               and expr.year is not None and expr.day is None))


YEAR_GAP = 2  # words between a figure and the year right after it that dates it: «قتل 30 شخصا و300 جريح عام 2009»


def _year_of_the_figure(doc: Document, near: list, days: list, first: int, last: int,
                        published: dt.date | None) -> list[str] | None:
    """[first, last] day of the year right after a figure («قتل فيهما 40 شخصا عام 2010»، «أوقعت 30 قتيلا و300 جريح
    عام 2009»), a year before the publication's and more than story_days back: the figure's own time, an earlier
    event's. Not when the sentence gives the figure a day of its own that is no statement's («قتل 7 أشخاص في ذكرى
    أحداث عام 2011 أمس»), nor a year further on or past a clause («… على قاعدة أنشئت عام 2005»، «الخلية التي نفذت
    هجمات عام 2011»، «منذ عام 2011»), which dates something else."""
    if published is None:
        return None
    view = view_of(doc)
    for _, index in near:
        expr = doc.dates[index]
        if expr.kind != "year" or expr.year is None or expr.year >= published.year or expr.tok_start <= last:
            continue
        gap = range(last + 1, expr.tok_start)  # words only: a comma or any other mark ends the figure's clause
        if len(gap) > YEAR_GAP or not all(view.is_word(t) and t not in view.clause_break_set
                                          and view.word(t) not in YEAR_BLOCKERS for t in gap):
            continue
        end = dt.date(expr.year, 12, 31)
        if (published - end).days > settings.current().story_days \
                and all(_statement_day(doc, doc.dates[day].tok_start) for day in days):  # checked last: rare
            return [dt.date(expr.year, 1, 1).isoformat(), end.isoformat()]
    return None


YEAR_BLOCKERS = word_sets("claim_words")["which"] | word_sets("timewords").get("since", frozenset())  # التي، منذ


def _recalled(doc: Document, near: list, value: dt.date | None) -> list[str] | None:
    """[first, last] day of an earlier event the claim's sentence is about, when it lies more than the settings'
    story_days before the article: a day, a month (هجوم آذار الماضي) or a year (الهجوم الذي شنه التنظيم عام 2022);
    of the sentence's past times (`near`: its date expressions, nearest the figure first), the nearest («مقتل 37
    شخصا في مطار موسكو عام 2011، وتفجيري القطارات عام 2010»: 2011)."""
    if not doc.published:
        return None
    reference = dt.date.fromisoformat(doc.published)
    spans = [(value, value)] if value else []
    if value is None:
        spans += [_span_of(doc.dates[index], reference) for _, index in near]
    past = [s for s in spans if s is not None and (reference - s[1]).days > settings.current().story_days]
    if not past:
        return None
    first, last = past[0]
    return [first.isoformat(), last.isoformat()]


def _span_of(expr: DateExpr, reference: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days an expression can mean: its day, or a whole month (آذار الماضي) or year (عام 2022)."""
    if expr.bound is not None or expr.direction == "after":
        return None
    if expr.value is not None:
        return expr.value, expr.value
    month, year = expr.month, expr.year
    try:
        if expr.kind == "absolute" and month and expr.calendar == "hijri":
            return _hijri_month(month, year, reference)
        if expr.kind == "absolute" and month and not expr.current_month:
            this_year = month < reference.month or (month == reference.month and expr.direction != "before")
            year = year or (reference.year if this_year else reference.year - 1)  # آذار الماضي: never this one
            last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            later = [day for day in MONTH_PART_STARTS if day > (expr.from_day or last.day)]
            if later:  # «أوائل يناير»: up to the day before the next part («منتصف») begins; «أواخر»: to its end
                last = dt.date(year, month, later[0] - 1)
            return dt.date(year, month, expr.from_day or 1), last
        if expr.kind == "year" and year and year < reference.year:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, OverflowError):
        return None
    return None


def _hijri_month(month: int, year: int | None, reference: dt.date) -> tuple[dt.date, dt.date] | None:
    """The Gregorian days of a Hijri month: of `year`, else the last such month before the reference day."""
    from hijridate import Gregorian, Hijri
    if year is None:
        today = Gregorian(reference.year, reference.month, reference.day).to_hijri()
        year = today.year if month < today.month else today.year - 1
    first = Hijri(year, month, 1)
    start, end = first.to_gregorian(), Hijri(year, month, first.month_length()).to_gregorian()
    return dt.date(start.year, start.month, start.day), dt.date(end.year, end.month, end.day)


def _names_a_day(expr: DateExpr) -> bool:
    return (not expr.background and expr.bound is None and not (expr.kind == "absolute" and expr.day is None)
            and not (expr.kind == "weekday" and expr.direction == "after"))


CLAUSE_OPENERS = word_sets("date_words")["clause"]  # حيث، بعدما


def lead_date_indices(doc: Document) -> list[int]:
    """Indices of the date expressions in the report's lead that date its event: not the day of a statement
    («أعلن المتحدث، اليوم الخميس، ارتفاع حصيلة الهجوم الذي استهدف مساء الأحد الماضي» tells of Sunday), nor one in
    a clause about another happening («… في كابول حيث وصل الوزير مساء الجمعة»), when the lead names another day."""
    end = _lead_end(doc)
    lead = [i for i, e in enumerate(doc.dates) if e.tok_start < end]
    told = [i for i in lead if not _statement_day(doc, doc.dates[i].tok_start)]
    own = [i for i in told if not _in_other_clause(doc, doc.dates[i].tok_start)]
    return own or told or lead


def event_date_indices(doc: Document) -> list[int]:
    """Indices of the date expressions that date the report's own event and nothing else: the exact days of its
    lead after its headline, else the days the report counts back from its own («صباح اليوم»، «أمس الخميس») anywhere
    in it, that are not its dateline, not a statement's day, not the start of a state still running («منذ») and not in
    a clause about another happening. A calendar date beyond the lead is most often background. Empty when none is
    left: the event's day is then unknown, not its publication's."""
    return list(view_of(doc).fact("event dates", _event_dates))  # once a document: the claims' dates and the features ask


def _event_dates(view) -> list[int]:
    doc = view.doc
    end, headline, datelines = _lead_end(doc), _headline_end(doc), _dateline_dates(doc)
    own = [i for i, e in enumerate(doc.dates) if e.tok_start >= headline and not e.approx
           and not (_since(view, e.tok_start) or i in datelines or _statement_day(doc, e.tok_start)
                    or _in_other_clause(doc, e.tok_start))]
    return [i for i in own if doc.dates[i].tok_start < end] or [i for i in own if doc.dates[i].kind != "absolute"]


def _since(view, tok) -> bool:
    """Does the date at `tok` say since when a state has lasted («محتجز منذ ثلاثة أسابيع»، «منذ 18 كانون الثاني»)?"""
    return "since" in (view.kind(tok, "timewords"), view.kind(view.prev_word(tok), "timewords"))


def _headline_end(doc: Document) -> int:
    """The token after the headline, when the text opens with one (a first line that is a sentence of its own): a
    headline's day is its news angle's as often as the event's («… وحداد عام في سوريا السبت»)."""
    first_line = doc.text.find("\n")
    if first_line <= 0 or not doc.sentences or doc.sentences[0].end > first_line:
        return 0
    return doc.sentences[0].tok_end


def _lead_end(doc: Document) -> int:
    """The token after the lead's sentences, a dateline's line not counted among them («بعقوبة – 16 آذار 2023»:
    the lead is the sentences that tell the news). Worked out once a document."""
    return view_of(doc).fact("dates lead end", _find_lead_end)


def _find_lead_end(view) -> int:
    doc = view.doc
    datelines = {doc.sentence_of(doc.dates[i].tok_start).tok_start for i in _dateline_dates(doc)}
    count = settings.current().lead_sentences
    for sentence in doc.sentences:
        if sentence.tok_start not in datelines:
            count -= 1
        if count == 0:
            return sentence.tok_end
    return len(doc.tokens)


def _dateline_dates(doc: Document) -> frozenset[int]:
    """The indices of the date expressions that are a dateline's (_on_a_dateline), found once a document."""
    return view_of(doc).fact("dateline dates", lambda view: frozenset(
        i for i, e in enumerate(doc.dates) if _on_a_dateline(doc, e)))


def _on_a_dateline(doc: Document, expr: DateExpr) -> bool:
    """Is the date a dateline's: on a line of the first ones, or of its own, and its sentence a short one?"""
    sentence = doc.sentence_of(expr.tok_start)
    return sentence.tok_end - sentence.tok_start <= DATELINE_TOKENS and _is_dateline(doc, expr)


DATELINE_TOKENS = 8  # a line this short that holds a dateline is no sentence of the news


def _statement_day(doc: Document, tok: int) -> bool:
    """Is the date the day something was said: after a speech word of its sentence, with no event word between
    («قال …، اليوم الأحد», not «تبنى التنظيم الهجوم الذي وقع الخميس الماضي»)? Worked out once a date (the claims'
    dates and the document's features ask)."""
    return view_of(doc).fact(("statement day", tok), lambda view: _find_statement_day(view, tok))


def _find_statement_day(view, tok: int) -> bool:
    if _issued_day(view, tok):
        return True
    start = max(view.doc.sentence_of(tok).tok_start, tok - settings.current().statement_reach)
    said = _last_said(view, start, tok)
    return said is not None and not any(view.get(t, "events") for t in view.tagged_in(said + 1, tok))


def _last_said(view, lo: int, hi: int) -> int | None:
    """The last token in [lo, hi) that says something: a speech word, or a word of SAID (found in C: the speech
    words by bisect, the words of SAID after the last of them by one map)."""
    speech = view.saying_tokens
    at = bisect.bisect_left(speech, hi) - 1
    said = speech[at] if at >= 0 and speech[at] >= lo else None
    after = lo if said is None else said + 1
    flags = list(map(SAYS_IT.__getitem__, view.tokens[after:hi]))
    return after + len(flags) - 1 - flags[::-1].index(True) if True in flags else said


def _issued_day(view, tok: int) -> bool:
    """Is the date right after «الصادر» or «الصادرة», or after it and «في» («في عددها الصادر اليوم الأحد»، «الحكم
    الصادر في 27 أيلول»): the day a paper, a statement or a ruling came out?"""
    before = view.prev_word(tok)
    if before is not None and view.word(before) in IN_WORDS:
        before = view.prev_word(before)
    return before is not None and view.word(before) in ISSUED


ISSUED = word_sets("date_words")["issued"]  # الصادر، الصادرة
IN_WORDS = word_sets("place_prepositions")["in"]  # في
SAID = word_sets("date_words").get("said", frozenset())  # أكده، نقلته: speech verbs with their object pronoun
SAYS_IT = WordMemo(lambda word: not SAID.isdisjoint((word, *BARE_FORMS[word])))  # {word: is it one of SAID}
PAST_AUXILIARY = word_sets("claim_words").get("past_auxiliary", frozenset())  # «وكانت … قد»: told of before


def _in_other_clause(doc: Document, tok: int) -> bool:
    sentence = doc.sentence_of(tok)
    return not CLAUSE_OPENERS.isdisjoint(doc.tokens[sentence.tok_start:tok])


def expression_records(doc: Document) -> list[dict]:
    """The date expressions of a document, as plain data the cross-document stage can re-resolve."""
    return [dict(zip(EXPRESSION_FIELDS, _expression_values(e))) for e in doc.dates]


EXPRESSION_FIELDS = ("kind", "day", "month", "year", "weekday", "offset", "current_month", "direction", "approx",
                     "bound", "onset", "background", "calendar", "from_day")
_expression_values = attrgetter(*EXPRESSION_FIELDS)
