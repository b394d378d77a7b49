"""Date expressions resolved against the publication day, and the publication day inferred from the text."""
import datetime as dt

import pytest

import rasd

MONDAY = "2022-01-24"


def days(text, published=MONDAY):
    doc = rasd.analyze(text, published=published)
    return [e.value.isoformat() if e.value else None for e in doc.dates]


@pytest.mark.parametrize("text,expected", [
    ("أعلنت الآسايش مساء اليوم الاثنين القبض على خلية", "2022-01-24"),
    ("وأعلن المركز الإعلامي مساء أمس الأحد أن", "2022-01-23"),
    ("نشر التنظيم قبل يومين مقاطع فيديو", "2022-01-22"),
    ("بدأت القوات صباح اليوم عملية اقتحام", "2022-01-24"),
    ("وتعرض السجن الثلاثاء الماضي لهجوم", "2022-01-18"),
    ("بدأ الهجوم في العشرين من كانون الثاني/يناير الجاري", "2022-01-20"),
    ("الجمعة ٢١يناير / كانون الثاني 2022", "2022-01-21"),
    ("قال بيان صدر الأحد 23 من كانون الثاني إن", "2022-01-23"),
    ("ومنذ نحو أربعة أيام تشهد المدينة اشتباكات", "2022-01-20"),
    ("بدأ هجومه على السجن قبل 6 أيام", "2022-01-18"),
    ("وقع الهجوم في 17 جمادى الآخرة 1443 هـ", "2022-01-20"),
    ("وقع الانفجار أول من أمس في السوق", "2022-01-22"),
    ("شهد السجن أمس الأول محاولة هروب", "2022-01-22"),  # أمس الأول: the day before yesterday, not yesterday
    ("قصفت الطائرات الحي الليلة الماضية", "2022-01-23"),  # last night: the night before the day of writing
    ("في 5 آذار 2020 قتل", "2020-03-05"),
    ("في 14 اغسطس قتل", "2021-08-14"),
])
def test_expression(text, expected):
    assert expected in days(text)


@pytest.mark.parametrize("month,number", [
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6), ("تموز", 7), ("آب", 8),
    ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12), ("يناير", 1), ("فبراير", 2),
    ("مارس", 3), ("أبريل", 4), ("مايو", 5), ("يونيو", 6), ("يوليو", 7), ("أغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10),
    ("نوفمبر", 11), ("ديسمبر", 12),
])
def test_every_month_name(month, number):
    assert days(f"في 3 {month} 2019 وقع الهجوم", None) == [dt.date(2019, number, 3).isoformat()]


# A weekday after a plan word, or right after a verb of what is to come (أن، لن، سوف and the imperfect), is a day
# to come: the next such day, never a day of the report's story; after «قبل أن» the verb narrates the past (own
# sentences; MONDAY is 24 January 2022).
@pytest.mark.parametrize("text, expected", [
    ("وزار الرئيس باريس على أن يسافر الخميس إلى القاهرة", "2022-01-27"),
    ("ومن المقرر أن يشيع جثمانه الأربعاء في مسقط رأسه", "2022-01-26"),
    ("ولن تعقد الجلسة السبت بسبب الإضراب", "2022-01-29"),
    ("وقال المحامي إن المحكمة سوف تنظر القضية الثلاثاء", "2022-01-25"),
    ("وكتبت المجلة في نسختها التي تصدر الخميس أن المفاوضات تعثرت", "2022-01-27"),  # a paper's issue to come
    ("وأطلق سراح الناشطين قبل أن يصدر الرئيس عفوا شاملا الخميس", "2022-01-20"),  # narrated: no issue of a paper
    ("وتصدر حادث الخميس نشرات الأخبار المسائية", "2022-01-20"),                 # «تصدّر»: it topped the news
    ("وقتل الجندي قبل أن يغادر الخميس موقعه", "2022-01-20"),
    ("وأكد المتحدث أن الهجوم وقع الخميس", "2022-01-20"),
    ("وأعلن الجيش أن يوم الخميس شهد اشتباكات عنيفة", "2022-01-20"),
])
def test_a_weekday_told_as_to_come_is_the_next_one(text, expected):
    assert days(text) == [expected]


def test_a_day_to_come_is_no_day_of_the_story():
    doc = rasd.analyze("اغتيل المعارض أمام منزله صباح اليوم، ومن المقرر أن يشيع جثمانه الخميس.",
                       published="2013-02-06")
    from rasd.dates import event_days, expression_records
    assert [day.isoformat() for day, _ in event_days("2013-02-06", expression_records(doc))] == ["2013-02-06"]


# A day and month right after a street, bridge, city or movement (no article on it) are its name, not a day; after
# «ثورة» or «هجمات» they name a past event (own sentences; MONDAY is 24 January 2022).
@pytest.mark.parametrize("text", [
    "حطم مجهولون واجهات المحال بشارع 26 يوليو مساء أمس",
    "قطع المحتجون الطريق أعلى كوبري 6 أكتوبر",
    "اعتقل الأمن ثلاثة من أعضاء حركة 6 أبريل في مدينة 15 مايو",
    "وسار المتظاهرون على محور 26 يوليو حتى الميدان",
])
def test_a_date_that_names_a_street_or_a_movement_is_no_day(text):
    assert [e for e in rasd.analyze(text, published=MONDAY).dates if e.month is not None] == []


@pytest.mark.parametrize("text, expected, background", [
    ("وطالب المحتجون بمحاكمة قتلة المتظاهرين في ثورة 25 يناير", "2022-01-25", True),
    ("وذكر التقرير أن هجمات 11 سبتمبر غيرت سياسة الولايات المتحدة", "2021-09-11", True),
    ("وقعت الاشتباكات في الشارع 20 يناير الجاري", "2022-01-20", False),  # with the article: a day
    ("وقتل خمسة في 20 يناير الجاري", "2022-01-20", False),
])
def test_a_date_after_a_named_past_event_is_background(text, expected, background):
    (expr,) = rasd.analyze(text, published=MONDAY).dates
    assert (expr.value.isoformat(), expr.background) == (expected, background)


# A part of a month with no day («أواخر يناير»، «في مطلع شهر آذار»، «منذ منتصف فبراير») is the time of an earlier
# event: a figure told in its sentence is recalled, over that part's days of the latest such month (the report's own
# month included); «آذار الماضي» is never the report's month; a month to come («أواخر أبريل المقبل») is no past.
# Own sentences.
@pytest.mark.parametrize("text, published, recalled", [
    ("وكان نحو 40 محتجا قتلوا في المدينة أواخر يناير في اشتباكات مع الشرطة.", "2013-03-03",
     ["2013-01-21", "2013-01-31"]),
    ("وقتل 12 شخصا في هجوم مماثل في أوائل شهر فبراير.", "2013-03-20", ["2013-02-01", "2013-02-10"]),
    ("ونزح أكثر من 300 شخص عن القرية في منتصف ديسمبر كانون الأول.", "2013-03-20", ["2012-12-11", "2012-12-20"]),
    ("وقتل 12 شخصا في هجوم مماثل في أوائل مارس.", "2013-03-28", None),  # this March: within the story's days
    ("وقتل 12 شخصا في هجوم مماثل في مارس الماضي.", "2013-03-28", ["2012-03-01", "2012-03-31"]),
    ("وقتل 12 شخصا في هجوم في القرية أمس.", "2013-03-28", None),
    # the past time nearest the figure is its own, not the day of a later clause of the sentence
    ("وكان 40 محتجا قتلوا أواخر يناير مما دفع الأهالي إلى الاعتصام منذ نحو عشرة أيام.", "2013-03-03",
     ["2013-01-21", "2013-01-31"]),
    ("وقتل 74 شخصا مطلع شباط/فبراير 2012 في الملعب، قبل يومين من جلسة المحكمة.", "2013-03-08",
     ["2012-02-01", "2012-02-10"]),
    ("وقتل 12 شخصا في هجوم منتصف نوفمبر.", "2013-03-03", ["2012-11-11", "2012-11-20"]),  # a month of 30 days
    ("وقتل 12 شخصا في هجوم في أواخر يناير الماضي.", "2013-03-03", ["2013-01-21", "2013-01-31"]),
    ("أفرجت السلطات عن 300 معتقل قبل نهاية يونيو.", "2013-03-03", None),      # a deadline
    ("أصيب 20 متظاهرا في ذكرى ثورة 25 يناير أمس.", "2013-03-03", None),       # a named event: the day is yesterday
    ("قتل 7 أشخاص في إحياء ذكرى أحداث عام 2011 أمس.", "2013-03-03", None),
])
def test_a_part_of_a_month_dates_an_earlier_event(text, published, recalled):
    (claim,) = rasd.analyze(text, published=published).claims
    assert claim.recalled == recalled


# A year before the publication's right after a figure (a word or two between, no comma or clause) is the figure's
# own time: an earlier event's, whatever day the sentence's statement names; a year further on, past a relative or
# «منذ», or a day of the figure's own, dates something else (own sentences).
@pytest.mark.parametrize("text, recalled", [
    ("وأعلن الجهاز اليوم الأحد أنه قتل قائد الخلية التي فجرت حافلتين في العاصمة، أسفرتا عن مقتل 26 راكبا عام 2010.",
     ["2010-01-01", "2010-12-31"]),
    ("وأعلنت الحركة أمس مسؤوليتها عن تفجير المصفاة الشمالية الذي أدى إلى مقتل 14 حارسا في عام 2011.",
     ["2011-01-01", "2011-12-31"]),
    ("وقالت الوزارة اليوم الأحد إن 14 حارسا قتلوا في الهجوم، وهو الأعنف منذ أحداث عام 2011.", None),  # another clause
    ("وقالت الشرطة اليوم إن 8 متظاهرين أصيبوا أمام مقر الحزب المؤسس عام 2011.", None),   # the party's year
    ("وقالت الشرطة اليوم إن 3 من أعضاء الجماعة التي نفذت هجمات عام 2011 اعتقلوا.", None),  # past a relative
    ("وأعلن الجيش اليوم مقتل 5 مسلحين في اشتباكات أمس قرب قاعدة أنشئت عام 2005.", None),    # a day of its own
    # a sentence of two past years: the one nearest the figure
    ("وكانت الجماعة قتلت 9 أشخاص في هجوم على سوق المدينة القديمة عام 2011، بعد تفجيرات مماثلة عام 2008.",
     ["2011-01-01", "2011-12-31"]),
])
def test_a_year_told_with_a_figure_dates_an_earlier_event(text, recalled):
    (claim,) = rasd.analyze(text, published="2013-02-10").claims
    assert claim.recalled == recalled


@pytest.mark.parametrize("text, published", [
    ("ومن المقرر أن تجرى الانتخابات في أواخر أبريل المقبل.", "2013-03-03"),   # to come
    ("وقتل 12 شخصا في اشتباكات أواخر مارس الجاري.", "2013-03-28"),            # this month
    ("وقتل 12 شخصا في اشتباكات منتصف مارس.", "2013-03-16"),                   # within the story's days
])
def test_a_part_of_a_month_not_yet_past_is_no_earlier_event(text, published):
    doc = rasd.analyze(text, published=published)
    assert not any(e.background for e in doc.dates)
    assert all(e.happened for e in doc.events)


@pytest.mark.parametrize("text, published, expected", [
    ("وقررت المحكمة تأجيل القضية لجلسة 28 أبريل المقبل", "2013-03-24", "2013-04-28"),
    ("وتنتهي المهلة في الخامس من يناير القادم", "2013-12-20", "2014-01-05"),
])
def test_a_day_and_month_told_as_to_come_is_the_next_one_and_no_day_of_the_story(text, published, expected):
    doc = rasd.analyze(text, published=published)
    (expr,) = doc.dates
    assert expr.value.isoformat() == expected
    from rasd.dates import event_days, expression_records
    assert event_days(published, expression_records(doc)) == []


def test_until_is_a_deadline_not_an_event():
    doc = rasd.analyze("فرض حظر التجول لغاية 31 كانون الثاني/ يناير الجاري", published=MONDAY)
    (expr,) = doc.dates
    assert expr.bound == "until" and expr.value == dt.date(2022, 1, 31)


def test_publication_from_a_dateline_with_its_weekday():
    doc = rasd.analyze("قال التحالف في بيان صدر مساء الأحد 23 من كانون الثاني إن قسد احتوت الهجوم.")
    assert doc.published == "2022-01-23" and doc.published_inferred


def test_publication_from_a_signed_statement_line():
    doc = rasd.analyze("نص البيان الكامل للقيادة العامة حول الهجوم.\nالقيادة العامة لقوى الأمن الداخلي\n"
                       "الجمعة ٢١يناير / كانون الثاني 2022.\nوقالت مصادر إن الاشتباكات مستمرة.")
    assert doc.published == "2022-01-21"


def test_weekday_of_today_moves_a_dated_statement_to_the_day_of_writing():
    doc = rasd.analyze("وقالت الوزارة اليوم الثلاثاء إن البيان الصادر\nالجمعة 21 يناير 2022\nما زال ساريا.")
    assert doc.published == "2022-01-25"


def test_a_weekday_that_disagrees_with_its_date_is_not_trusted():
    doc = rasd.analyze("صدر البيان\nالاثنين 23 كانون الثاني 2022\nوقالت القيادة إن الاشتباكات مستمرة.")
    assert doc.published is None


def test_contradicting_weekdays_give_no_day():
    doc = rasd.analyze("قالت الشرطة اليوم الاثنين إن الهجوم وقع الجمعة 21 يناير 2022، وأضافت اليوم الأربعاء أن")
    assert doc.published is None


@pytest.mark.parametrize("phrase, published, day", [
    ("أمس الخميس", "2013-03-17", "2013-03-14"),    # a wire copy of Friday carried on Sunday: Thursday is meant
    ("اليوم الاثنين", "2013-03-17", "2013-03-18"),  # written for Monday, dated the evening before
    ("أمس السبت", "2013-03-17", "2013-03-16"),     # the weekday agrees: yesterday
    ("مساء أمس الأحد", "2013-03-18", "2013-03-17"),
])
def test_a_weekday_beside_yesterday_or_today_that_disagrees_names_the_day(phrase, published, day):
    doc = rasd.analyze(f"قتل خمسة أشخاص في انفجار سيارة مفخخة {phrase} في بغداد.", published=published)
    assert [e.value.isoformat() for e in doc.dates] == [day]


def test_no_anchor_no_guess():
    doc = rasd.analyze("قتل ثلاثة مدنيين في قصف على بلدة في ريف إدلب مساء أمس.")
    assert doc.published is None and doc.published_inferred is False


def test_current_month_weekday_and_bounds_with_the_year_from_context():
    from rasd.dates import resolve_dates
    from rasd.document import Document, tokenize
    from rasd.tagger import tag
    doc = Document("d", "أعلنت الآسايش مساء اليوم الاثنين القبض على خلية. وبدأ الهجوم في العشرين من كانون الثاني/يناير "
                        "الجاري. وفرض حظر لغاية 31 كانون الثاني/ يناير الجاري.")
    tokenize(doc)
    tag(doc)
    resolve_dates(doc, years={2022})
    assert doc.published == "2022-01-24"


def test_claims_are_dated_by_the_expression_of_their_sentence():
    doc = rasd.analyze("قتل ثلاثة مدنيين مساء أمس في قصف. وأصيب خمسة أشخاص اليوم.", published=MONDAY)
    dates = {c.category: c.date for c in doc.claims}
    assert dates == {"killed": "2022-01-23", "wounded": "2022-01-24"}


@pytest.mark.parametrize("text,onset", [
    ("بدأ هجومه على السجن قبل 6 أيام", True),
    ("منذ بدء الهجوم قبل ستة أيام قتل 20", True),
    ("وبدأت الحملة العسكرية في مالي قبل ثمانية أسابيع", True),          # و + بدأ + ت: clitics as in every lexicon
    ("أكد المصدر أن الهجوم الذي شنه التنظيم قبل يومين استهدف السجن", True),  # inside a longer predicate
    ("شنت القوات هجوما على مواقع أخرى قبل يومين", False),              # an attack, not the one reported
    # words that merely contain a stem of starting (بدا، الهجوم) are no start
    ("كشف غموض اختطاف طفلين من قرية كوم بدار منذ خمسة أيام", False),
    ("لم تشهد المدينة مثل ذلك أبدا قبل يومين", False),
    ("بحث المجلس عن بدائل قبل يومين", False),
    ("عرضت القوات أسلحتها الهجومية قبل يومين", False),
])
def test_a_relative_day_counts_from_the_onset_only_after_a_word_of_starting(text, onset):
    doc = rasd.analyze(text, published=MONDAY)
    assert [e.onset for e in doc.dates if e.kind == "relative"] == [onset]


def test_a_figure_carries_the_day_of_the_event_it_counts():
    # `date` is the day a figure is told as of (a later, higher count updates it); `event_date` the event's day,
    # from the report's lead when the figure's sentence names none, unknown when the text tells none (own sentences)
    from rasd.results import claim_records
    told = ("انفجرت عبوة ناسفة صباح أمس الاثنين على طريق يؤدي إلى سوق البلدة. وأكد مسؤول محلي أن أربعة أشخاص قتلوا "
            "جراء الانفجار.")
    [claim] = claim_records(rasd.analyze(told, published="2013-03-05"))
    assert (claim["value"], claim["date"], claim["event_date"]) == (4, "2013-03-05", "2013-03-04")
    untold = "أكد مسؤول محلي أن أربعة أشخاص قتلوا جراء انفجار عبوة ناسفة على طريق يؤدي إلى سوق البلدة."
    [claim] = claim_records(rasd.analyze(untold, published="2013-03-05"))
    assert (claim["date"], claim["event_date"]) == ("2013-03-05", None)
    war = "سقط أكثر من ستين ألف قتيل طوال سنتين من الحرب الأهلية هناك، بحسب تقديرات أممية."
    assert [c["event_date"] for c in claim_records(rasd.analyze(war, published="2013-03-05"))] == [None]



@pytest.mark.parametrize("text, event_date", [
    ("قالت الشرطة اليوم الثلاثاء إن خمسة عناصر لقوا مصرعهم في هجوم على حاجز مساء أمس.", "2013-03-04"),  # not the saying
    ("قتل خمسة أشخاص في هجوم على حاجز، على أن يشيعوا غدا الأربعاء.", None),  # a funeral to come
    ("انفجرت عبوة ناسفة صباح أمس الاثنين على طريق السوق. وكانت سيارة مفخخة قد انفجرت في المنطقة ذاتها وقتلت "
     "18 شخصا.", None),  # told of before («وكانت … قد»): not the lead's day
    ("قتل خمسة أشخاص سيشيعون غدا الأربعاء، في هجوم على حاجز وقع صباح أمس الاثنين.", "2013-03-04"),  # past the funeral
    ("انفجرت عبوة ناسفة صباح أمس الاثنين على طريق السوق. وكانت الحصيلة خمسة قتلى بحسب الشرطة.",
     "2013-03-04"),  # «كانت» without «قد»: the story's own toll
])
def test_the_event_day_is_no_day_of_saying_of_a_funeral_or_of_an_earlier_bombing(text, event_date):
    from rasd.results import claim_records
    [claim] = claim_records(rasd.analyze(text, published="2013-03-05"))
    assert claim["event_date"] == event_date
