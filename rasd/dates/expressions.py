"""Date expressions found with the lexicon scan: absolute dates (day, month, year; Levantine, Gregorian and Hijri
month names; Eastern and glued digits; ordinal words), relative days (اليوم، أمس، قبل 6 أيام، منذ نحو أربعة أيام) and
weekdays (الثلاثاء الماضي). Each keeps what the text states; resolution against a reference day comes later."""
from __future__ import annotations

from ..days import MAX_DAYS_AGO, DateExpr
from ..view import View
from ..lexicon import AFFIXES, ARTICLE, LAM_ARTICLE, read_rows, word_sets
from ..normalize import normalize_term
from ..numbers import MAX_YEAR, MIN_YEAR, YEAR_DIGITS

_WORDS = word_sets("date_words")
# unit word: (days, number): يوم (1, ""), أيام (1, "plural"), يومين (2, "dual"), ساعات (0, "plural")
_DAY_UNITS = {normalize_term(row["term"].strip()): (int(row["days"]), row["number"])
              for row in read_rows("date_words", user_folders=False) if row["kind"] == "unit"}
_PAST_MONTH = _WORDS["past"]
# a part of a month: its first day (أوائل 1، منتصف 11، أواخر 21); a part ends the day before the next part begins
_MONTH_PARTS = {normalize_term(row["term"].strip()): int(row["days"])
                for row in read_rows("date_words", user_folders=False) if row["kind"] == "month_part"}
MONTH_PART_STARTS = sorted(set(_MONTH_PARTS.values()))
_BACKGROUND = _WORDS["background"]
_YEAR_OF = _WORDS["year_of"] | word_sets("punctuation")["comma"] | {"/"}
_DEFINITE = (ARTICLE, LAM_ARTICLE)
_AHEAD, _PLAN, _NARRATED = _WORDS["ahead"], _WORDS["plan"], _WORDS["narrated"]
_ISSUE, _RELATIVES = _WORDS["issue"], word_sets("claim_words")["which"]  # «الذي يصدر»: a paper's issue to come
_NAME, _NAMED_EVENT = _WORDS["name"], _WORDS["named_event"]
_IMPERFECT = word_sets("claim_words")["imperfect_prefix"]  # ي، ت، ن
AHEAD = "ahead"  # the bound of a day and month told as to come («28 أبريل المقبل»)
PLAN_REACH = 4  # words back from a weekday where a plan word makes it a day to come
VERB_REACH = 2  # words back from a weekday where the verb of what is to come stands («أن تعقد الجلسة السبت»)


# The kinds of time words a date starts with (_relative, _year); «الماضي»، «صباح»، «حتى» start none
_STARTING_KINDS = frozenset({"day", "before", "since", "year"})


def find_dates(view: View) -> list[DateExpr]:
    found, used = [], set()
    months = {hit.first for hit in view.hits("months")}
    weekdays = {hit.first for hit in view.hits("weekdays")}
    timewords = {hit.first for hit in view.hits("timewords") if hit.entry["kind"] in _STARTING_KINDS}
    for tok in sorted(months | weekdays | timewords):  # only where a date can start
        if tok in used:
            continue
        expr = (tok in months and _absolute(view, tok)) or (tok in timewords and _relative(view, tok)) \
            or (tok in weekdays and _weekday(view, tok)) or (tok in timewords and _year(view, tok))
        if expr:
            found.append(expr)
            used.update(range(expr.tok_start, expr.tok_end))
    return found


def _absolute(view, tok):
    month_hit = view.get(tok, "months")
    if not month_hit:
        return None
    start, day = _day_before(view, tok)
    if day is None:
        return _month_told(view, tok, month_hit)
    if day is None or _head_of(view, view.prev_word(start), _NAME):
        return None  # «شارع 26 يوليو»: a street's name, not a day
    end = _skip_second_month(view, month_hit.end, month_hit.entry["month"])
    year, end, current = _year_after(view, end)
    expr = DateExpr(start, end, "absolute", day, int(month_hit.entry["month"]), year, current_month=current,
                    calendar=month_hit.entry["calendar"])
    weekday_tok = view.prev_word(start)
    if view.word(weekday_tok) in _WORDS["weekday_of"]:
        weekday_tok = view.prev_word(weekday_tok)
    weekday = view.get(weekday_tok, "weekdays")
    if weekday:
        expr.weekday, expr.tok_start = int(weekday.entry["weekday"]), weekday.first
    expr.bound = _bound_before(view, expr.tok_start)
    after = view.next_word(end)
    if year is None and not current and view.kind(after, "timewords") == "future":
        expr.bound, expr.tok_end = AHEAD, after + 1  # «لجلسة 28 أبريل المقبل»: the next such day, to come
    expr.background = _is_background(view, expr.tok_start) or _head_of(view, view.prev_word(start), _NAMED_EVENT)
    return expr


def _month_told(view, tok, month_hit):
    """A month with no day: «آذار الماضي» (a month before the article's), a part of one («أواخر يناير»، «مطلع
    شباط/فبراير 2012»، «أواخر مارس الجاري»), or a month and its year (background, unless it is the article's: «مارس
    الجاري»); a bare month name is no date. A part of a month is the latest such one, the article's included; told as
    a deadline («حتى نهاية يونيو») it is a bound, as a month to come («أواخر أبريل المقبل») no date. Whether a part of
    a month is an earlier event's time is known once the article's day is (resolve_dates)."""
    month, calendar = int(month_hit.entry["month"]), month_hit.entry["calendar"]
    part, from_day = _month_part_before(view, tok)
    first = tok if part is None else part
    month_end = _skip_second_month(view, month_hit.end, month_hit.entry["month"])
    after = view.next_word(month_end)
    if view.word(after) in _PAST_MONTH:  # هجوم آذار الماضي، مجزرة رمضان الماضي: a month before the article's
        return DateExpr(first, after + 1, "absolute", None, month, None, background=True, calendar=calendar,
                        direction="before", from_day=from_day)
    if view.kind(after, "timewords") == "future":
        return None  # «أواخر أبريل المقبل»: to come
    year, end, current = _year_after(view, month_end) if calendar == "gregorian" else (None, month_end, False)
    if year is None and part is None:
        return None  # a bare month name: not a day
    expr = DateExpr(first, end, "absolute", None, month, year, current_month=current, calendar=calendar,
                    background=not current, from_day=from_day)
    if part is not None and view.is_form_of(view.prev_word(part), _WORDS["deadline"]):
        expr.bound, expr.background = "until", False  # «قبل نهاية يونيو»، «بحلول نهاية أبريل»: a deadline
    return expr


def _month_part_before(view, tok) -> tuple[int | None, int | None]:
    """(the token, the first day) of a part-of-month word right before a month name, past «شهر» («أواخر يناير»،
    «في مطلع شهر آذار»، «منذ منتصف فبراير»; date_words.tsv month_part), or (None, None)."""
    at = view.prev_word(tok)
    if at is not None and view.is_form_of(at, _WORDS["month_noun"]):
        at = view.prev_word(at)
    if at is None:
        return None, None
    return next(((at, _MONTH_PARTS[form]) for form in view.bare_forms(at) if form in _MONTH_PARTS), (None, None))


def _head_of(view, tok, heads: frozenset) -> bool:
    """Is the word at `tok` one of `heads` without the article, so that the date after it completes its name
    («بشارع 26 يوليو», «لثورة 25 يناير»)? With the article the date is an adverb of time («الميدان 25 يناير»)."""
    if tok is None:
        return False
    word = view.word(tok)
    return any(form in heads and not word[:-len(form)].endswith(ARTICLE) for form in view.bare_forms(tok))


def _day_before(view, tok):
    """(first token, day) of the day written before a month name: 23، ٢١يناير، 23 من، العشرين من، الـ20 من."""
    before = view.prev_word(tok)
    if view.word(before) in _WORDS["day_of"]:
        before = view.prev_word(before)
    if before is None:
        return tok, None
    word = view.word(before)
    if word.isdigit() and 1 <= int(word) <= 31:
        return before, int(word)
    ordinal = _ending_at(view, before, "ordinals")
    if ordinal:
        return ordinal.first, int(ordinal.entry["value"])
    number = view.get(before, "numbers")
    if number and number.entry["kind"] in ("unit", "ten", "tens") and number.entry["value"].isdigit():
        return before, int(number.entry["value"])
    return tok, None


def _ending_at(view, tok, lexicon):
    for first in range(tok, max(tok - 4, -1), -1):
        hit = view.get(first, lexicon)
        if hit and hit.end == tok + 1:
            return hit
    return None


def _skip_second_month(view, tok, month):
    """كانون الثاني/يناير، يناير / كانون الثاني: the same month written twice."""
    nxt = view.next_word(tok)
    if nxt is not None and view.doc.text[view.doc.tok_ends[tok - 1]:view.doc.tok_starts[nxt]].strip() in ("/", "-", "("):
        hit = view.get(nxt, "months")
        if hit and hit.entry["month"] == month:
            return hit.end + (1 if view.word(hit.end) == ")" else 0)
    return tok


def _year_after(view, tok):
    """(year, end token, current month) after a month: 2022، عام 2022، 1443 هـ، الجاري."""
    at = view.next_word(tok)
    for _ in range(3):
        if at is None:
            return None, tok, False
        word = view.word(at)
        if word.isdigit() and len(word) == 4:
            end = at + 1
            if view.word(end) in _WORDS["era"]:  # 1443 هـ، 2022 م: the calendar's mark
                end += 1
            return int(word), end, False
        if view.kind(at, "timewords") == "current":
            return None, at + 1, True
        if word not in _YEAR_OF:
            return None, tok, False
        at = view.next_word(at + 1)
    return None, tok, False


def _relative(view, tok):
    hit = view.get(tok, "timewords")
    if hit is None:
        return None
    kind = hit.entry["kind"]
    if kind == "day":
        if view.kind(hit.end, "timewords") == "next_day":
            return None
        expr = DateExpr(hit.first, hit.end, "relative", offset=int(hit.entry["offset"]))
        weekday = view.get(hit.end, "weekdays")
        if weekday:
            expr.weekday, expr.tok_end = int(weekday.entry["weekday"]), weekday.end
        expr.bound = _bound_before(view, expr.tok_start)
        return expr
    if kind in ("before", "since"):
        return _days_ago(view, hit)
    return None


def _days_ago(view, hit):
    """قبل 6 أيام، قبل يومين، منذ نحو أربعة أيام، قبل أسبوع."""
    at = view.next_word(hit.end)
    approx = False
    if view.get(at, "hedges"):
        approx, at = True, view.next_word(view.get(at, "hedges").end)
    count, unit_tok = 1, at
    number = view.get(at, "numbers")
    if view.word(at).isdigit():
        count, unit_tok = int(view.word(at)), view.next_word(at + 1)
    elif number and number.entry["kind"] in ("unit", "ten", "tens"):
        count, unit_tok = int(number.entry["value"]), view.next_word(number.end)
    unit = _DAY_UNITS.get(view.word(unit_tok))
    if unit is None:
        return None
    unit, number = unit
    if unit_tok == at and number == "plural" and unit:
        count, approx = 2, True  # منذ أسابيع، قبل أيام: some weeks or days, no day to date an event by
    days = unit if number == "dual" else count * unit  # قبل يومين: the dual is its own count
    if days > MAX_DAYS_AGO:
        return None  # "قبل 9999 يوم" is not a day anyone dates an event by
    return DateExpr(hit.first, unit_tok + 1, "relative", offset=-days, approx=approx,
                    onset=_near_onset(view, hit.first))


def _near_onset(view, tok):
    sentence = view.doc.sentence_of(tok)
    lo = max(sentence.tok_start, tok - 12)
    return any(_onset_at(view, t) for t in range(lo, tok))


def _onset_at(view, tok) -> bool:
    """An onsets word starts at `tok` (بدء، بدأت، انطلاق؛ هجوم only as الهجوم or هجومه)."""
    hit = view.get(tok, "onsets")
    if hit is None:
        return False
    if hit.entry.get("needs") != "definite":
        return True
    return hit.match.prefix.endswith(_DEFINITE) or view.suffix(hit.match) in AFFIXES["pronoun"]


def _weekday(view, tok):
    hit = view.get(tok, "weekdays")
    if hit is None:
        return None
    expr = DateExpr(hit.first, hit.end, "weekday", weekday=int(hit.entry["weekday"]))
    after = view.get(hit.end, "timewords")
    if after and after.entry["kind"] == "past":
        expr.direction, expr.tok_end = "before", after.end
    elif after and after.entry["kind"] == "future":
        expr.direction, expr.tok_end = "after", after.end
    elif _told_ahead(view, hit.first):
        expr.direction = "after"
    return expr


def _told_ahead(view, tok) -> bool:
    """Is the weekday at `tok` a day to come: after a plan word («من المقرر أن يشيع جثمانه الخميس») or right after
    a verb in the imperfect that follows أن، لن or سوف («على أن يسافر الخميس»، «لن تعقد الجلسة السبت»), unless قبل
    or بعد comes before that أن («قبل أن يغادر الخميس» narrates the past)? date_words.tsv: ahead, plan, narrated."""
    words = []
    at = tok
    for _ in range(PLAN_REACH):
        at = view.prev_word(at)
        if at is None or not _joined(view, at + 1, tok):  # a comma or a stop between: another clause
            break
        words.append(at)
    if any(view.is_one_of(w, _PLAN) or (view.is_one_of(w, _ISSUE) and view.is_one_of(view.prev_word(w), _RELATIVES))
           for w in words):
        return True
    for verb, marker in zip(words[:VERB_REACH], words[1:VERB_REACH + 1]):
        if view.is_one_of(marker, _AHEAD) and view.word(verb)[:1] in _IMPERFECT and view.word(verb) not in _DAY_UNITS:
            return not view.is_one_of(view.prev_word(marker), _NARRATED)
    return False


def _joined(view, lo: int, hi: int) -> bool:
    """No punctuation between two words (tokens [lo, hi))."""
    return all(view.is_word(t) for t in range(lo, hi))


def _year(view, tok):
    """عام 2022، في سنة 2019: a year named alone is the past of an earlier event."""
    if view.kind(tok, "timewords") != "year":
        return None
    nxt = view.next_word(tok + 1)
    word = view.word(nxt)
    if not (word.isdigit() and len(word) == YEAR_DIGITS and MIN_YEAR <= int(word) <= MAX_YEAR):
        return None
    return DateExpr(tok, nxt + 1, "year", year=int(word), background=True)


def _bound_before(view, tok):
    before = view.prev_word(tok)
    for _ in range(2):
        if before is None:
            return None
        if view.kind(before, "timewords") == "until":
            return "until"
        before = view.prev_word(before)
    return None


def _is_background(view, tok):
    before = view.prev_word(tok)
    for _ in range(3):
        if before is None:
            return False
        if view.word(before) in _BACKGROUND or view.kind(before, "timewords") == "anniversary":
            return True
        before = view.prev_word(before)
    return False
