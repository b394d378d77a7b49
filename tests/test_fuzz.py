"""Property-based tests of the date resolver, and a bounded fuzz run of the whole pipeline on random and mutated
articles: it must never crash, and every claim's evidence must be the original text's slice."""
import datetime as dt
import pathlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rasd

ROOT = pathlib.Path(__file__).resolve().parents[1]
ARTICLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "corpus").glob("*.txt"))]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]
PIECES = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ ٠١٢٣٤٥٦٧٨٩0123456789،.؛؟!\n«»\"'()-:/")
                           + ["\u064b", "\u0650", "\u0640", "\u200f", "\u200c", "\ufefb", "\u00a0", "قتل ", "أصيب ",
                              "نحو ", "أكثر من ", "العشرات ", "عنصرا ", "من داعش ", "قال ", "بحسب ", "أمس "])
TEXT = st.lists(PIECES, max_size=120).map("".join)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _offsets_hold(text):
    doc = rasd.analyze(text)
    assert doc.status in ("ok", "failed")
    for claim in doc.claims:
        ev = doc.evidence(claim.start, claim.end)
        assert text[ev["start"]:ev["end"]] == ev["text"]
        low, high = claim.interval
        assert low is None or high is None or low <= high
    for expr in doc.dates:
        assert expr.tok_start < expr.tok_end


@SETTINGS
@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(2, 10),
       st.booleans())
def test_absolute_and_relative_dates(day, back, levantine):
    month = (LEVANTINE if levantine else MONTHS)[day.month - 1]
    doc = rasd.analyze(f"وقع الهجوم في {day.day} {month} {day.year}، وبدأت الاشتباكات قبل {back} أيام.",
                       published=day.isoformat())
    values = [e.value for e in doc.dates]
    assert day in values
    assert day - dt.timedelta(days=back) in values


@SETTINGS
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 6))
def test_weekdays_resolve_to_the_past_week(published, weekday):
    name = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"][weekday]
    doc = rasd.analyze(f"وقع الهجوم يوم {name} الماضي.", published=published.isoformat())
    (expr,) = [e for e in doc.dates if e.kind == "weekday"]
    assert expr.value.weekday() == weekday and 1 <= (published - expr.value).days <= 7


@SETTINGS
@given(TEXT)
def test_random_text_never_crashes(text):
    _offsets_hold(text)


@SETTINGS
@given(st.sampled_from(ARTICLES), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40),
                                                     st.lists(PIECES, max_size=6).map("".join)), max_size=8))
def test_mutated_articles_never_crash(article, edits):
    text = article
    for position, length, insert in edits:
        position %= max(len(text), 1)
        text = text[:position] + insert + text[position + length:]
    _offsets_hold(text)
