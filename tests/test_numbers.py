"""Arabic numbers: digits, words in every form, compounds, duals and vague plurals, with property tests."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rasd
from rasd.numbers import number_to_words


def numbers_in(text):
    return [(m.value, m.vagueness) for m in rasd.analyze(text).numbers]


@pytest.mark.parametrize("text,value", [
    ("قتل ٢٣ شخصا", 23), ("قتل 150عنصر", 150), ("ثلاثة أشخاص", 3), ("ثلاث نساء", 3), ("عشرة مقاتلين", 10),
    ("لعشرين شخص", 20), ("عشرون شخصا", 20), ("ستة من موظفي السجن", 6), ("ألف من عناصر التنظيم", 1000),
    ("المئة قتيل", 100), ("مئتين من المقاتلين", 200), ("خمسة وعشرون شخصا", 25), ("مئة وخمسون مقاتلا", 150),
    ("ثلاثة آلاف نازح", 3000), ("خمسة عشر جنديا", 15), ("اثنا عشر مدنيا", 12), ("ثلاثمئة عنصر", 300),
    ("ألف ومئتين نازح", 1200), ("5 آلاف متظاهر", 5000), ("مقتل طفلين", 2), ("مقتل عنصرين", 2),
    ("اثنين من جنوده", 2), ("1,500 نازح", 1500),
    ("2,5 مليون نازح", 2_500_000), ("1.9 مليون لاجئ", 1_900_000),  # a decimal comma before a scale word
    ("مقتل عاملين في حملة تلقيح", 2),                                 # a dual of workers is its own count
    ("وأسفر الاشتباك عن إصابة فردي شرطة", 2),                        # the construct dual of فرد
    ("وأصيب فردا الأمن بطلقات نارية", 2),
    ("قتل أحد الجنود في الهجوم", 1),                                  # one of them states one
    ("أصيب أحد عناصر الشرطة بطلق ناري", 1),                            # one of people in construct
    ("قتل أحد أعضاء اللجان الشعبية في الهجوم", 1),
])
def test_number_values(text, value):
    assert value in [v for v, _ in numbers_in(text)]


@pytest.mark.parametrize("text,vague", [
    ("قتل العشرات", "tens"), ("عشرات القتلى", "tens"), ("مئات النازحين", "hundreds"), ("آلاف النازحين", "thousands"),
    ("اعتقال عدد من الشبان", "some"), ("الآلاف من المدنيين", "thousands"),
])
def test_vague_quantities(text, vague):
    assert (None, vague) in numbers_in(text)


def test_two_numbers_joined_by_wa_stay_two_unless_they_compound():
    assert [v for v, _ in numbers_in("ستة وثمانية مسلحين")] == [6, 8]
    assert [v for v, _ in numbers_in("ثمانية وعشرون مسلحا")] == [28]


def test_a_range_is_one_mention_with_an_upper_bound():
    for text, low, high in (("بين ستة وثمانية مسلحين", 6, 8), ("ما بين 30 و35 شخصا", 30, 35)):
        (mention,) = rasd.analyze(text).numbers
        assert (mention.value, mention.upper) == (low, high)


@pytest.mark.parametrize("text, bounds", [
    ("وقتل في الغارات 475 إلى 900 مدني بحسب التقرير.", [(475, 900)]),
    ("وتقدر المنظمة أن 15 إلى 20 ألف سجين قتلوا.", [(15_000, 20_000)]),
    ("وارتفع عدد القتلى من 5 إلى 7 أشخاص.", [(5, None), (7, None)]),  # a toll that rose: no range
    ("وارتفعت الحصيلة منذ 7 أكتوبر 2023 إلى 45 ألف قتيل.", [(7, None), (2023, None), (45_000, None)]),  # a year
])
def test_two_numbers_joined_by_ila_are_a_range_unless_min_comes_before(text, bounds):
    assert [(m.value, m.upper) for m in rasd.analyze(text).numbers] == bounds


def test_weekday_and_adjectival_numbers_are_not_counts():
    assert numbers_in("مساء اليوم الاثنين") == []
    assert numbers_in("ودمر سيارة واحدة") == []


# «واحد/واحدة» follows its noun: after a noun of people or a count noun, a phrase of two words too («حالة وفاة
# واحدة»), it counts one; after a thing or a time («في يوم واحد») it counts nothing (own sentences).
@pytest.mark.parametrize("text, claims", [
    ("أسفرت الاشتباكات عن إصابة 216 شخصا وحالة وفاة واحدة.", [("wounded", 216), ("killed", 1)]),
    ("وسجلت المستشفيات حالة وفاة واحدة.", [("killed", 1)]),
    ("قتل جندي واحد في الهجوم.", [("killed", 1)]),
    ("قتل المسلحون أسرى في يوم واحد.", []),
])
def test_one_after_its_noun(text, claims):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-03-01").claims] == claims


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=3, max_value=999_999))
def test_words_round_trip(n):
    text = f"قتل {number_to_words(n)} شخصا"
    assert numbers_in(text)[0][0] == n, text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=99_999))
def test_eastern_digits_round_trip(n):
    eastern = "".join(chr(0x0660 + int(d)) for d in str(n))
    assert numbers_in(f"قتل {eastern} شخصا")[0][0] == n


@pytest.mark.parametrize("text", [
    "اختطف مجهولون أمس مدنيا في الثلاثين من عمره قرب مدينة كركوك.",
    "قتل مسلحون رجلا في الخمسين من العمر أمام منزله في بعقوبة.",
    "عثرت الشرطة على جثة امرأة في الأربعين من عمرها في حي الكرادة.",
])
def test_an_age_is_not_a_count(text):
    """A number followed by من عمره / من العمر is someone's age: no figure of 30, 50 or 40 people."""
    assert all(c.value not in (30, 40, 50) for c in rasd.analyze(text).claims)


@pytest.mark.parametrize("text", [
    "نقل المسعفون جثة صبي في الثانية عشرة مصاب برصاصة في صدره.",      # an age
    "وقع الانفجار نحو الساعة الحادية عشرة صباحا وأصيب فيه شخصان.",     # an hour
    "وهذه عملية الإعدام السادسة عشرة منذ مطلع العام.",                  # a rank
])
def test_ten_after_an_ordinal_of_the_units_is_the_ordinals_tens_not_a_count(text):
    """«الثانية عشرة» is twelfth: its «عشرة» counts no ten people."""
    assert 10 not in [value for value, *_ in numbers_in(text)]
    assert 10 in [value for value, *_ in numbers_in("قتل عشرة أشخاص وأصيب آخرون.")]


@pytest.mark.parametrize("text", [
    "سيطر المقاتلون على مقر الفوج 137 بعد اشتباكات عنيفة.",
    "اندلعت مواجهات بين وحدات من اللواءين 111 و115 ومسلحين قرب المدينة.",
    "وهاجم المسلحون مواقع الكتيبتين 14 و16 في محيط البلدة.",
])
def test_the_number_of_a_unit_or_of_two_units_is_a_name_not_a_count(text):
    """A brigade's, battalion's or regiment's number names it («اللواء 38»), and so does the second number after a
    dual («اللواءين 111 و115»)."""
    assert rasd.analyze(text, published="2013-03-01").claims == []


# «أحد» picks one person out of a group; a relative clause right after the group tells what befell them all, and
# counts nobody, unless «أحد» has a verb of its own before it (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("وقال مسؤول إن أحد السائحين اللذين خطفا اتصل بعائلته هاتفيا.", []),
    ("وأكد المحامي أن أحد المعتقلين الذين أفرج عنهم أمس تعرض للضرب.", []),
    ("وتوفي أحد الجنود الذين أصيبوا في الانفجار.", [("killed", 1)]),
    ("وأفرج عن أحد الصحفيين الذين اختطفوا الشهر الماضي.", [("released", 1)]),
])
def test_one_of_a_group_a_relative_clause_describes_is_no_count(text, counted):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-03-10").claims] == counted


# In a range, the multiplier after its second number counts the first too: «بين أربعة وخمسة آلاف» is 4,000 to 5,000
# (own sentences); a range of plain numbers keeps its bounds.
@pytest.mark.parametrize("text, bounds", [
    ("ونزح ما بين 30 و35 ألف شخص من المدينة.", (30_000, 35_000)),
    ("وقتل بين أربعة وخمسة آلاف شخص في المعارك.", (4_000, 5_000)),
    ("وشارك في المسيرة ما بين اثنين وثلاثة ملايين شخص.", (2_000_000, 3_000_000)),
    ("وقتل بين ستة وثمانية مسلحين.", (6, 8)),
])
def test_a_ranges_multiplier_counts_both_its_bounds(text, bounds):
    (mention,) = [m for m in rasd.analyze(text, published="2013-03-10").numbers if m.upper is not None]
    assert (mention.value, mention.upper) == bounds


# «مليونين وثلاثة ملايين»: a multiplier whose scale the number before «و» already reaches makes the part after «و» a
# number of its own (here a range's second bound); «مئة وخمسة آلاف» is one number (own sentences).
@pytest.mark.parametrize("text, values", [
    ("وشارك في المسيرات ما بين مليونين وثلاثة ملايين شخص.", [(2_000_000, 3_000_000)]),
    ("ونزح نحو مئة وخمسة آلاف شخص من المنطقة.", [(105_000, None)]),
    ("ونزح ثلاثة ملايين ومئتا ألف شخص منذ بدء النزاع.", [(3_200_000, None)]),
])
def test_a_multiplier_the_number_before_wa_reaches_starts_a_number_of_its_own(text, values):
    assert [(m.value, m.upper) for m in rasd.analyze(text, published="2013-03-10").numbers] == values


@pytest.mark.parametrize("text", [
    "قتل سبعة من متمردي الحركة في تفجير بمدينة كيدال.",
    "قتل ثلاثة من جهاديي التنظيم في اشتباك قرب الحدود.",
])
def test_an_armed_groups_plural_in_construct_counts_its_fighters(text):
    """«متمردي الطوارق»: the construct form of «متمردين» drops its nun; it still names whom the figure counts."""
    (claim,) = rasd.analyze(text, published="2013-03-01").claims
    assert claim.role == "fighters", (claim.subject, claim.role)


def test_one_of_a_place_in_construct_counts_no_one():
    assert numbers_in("سقطت قذيفة على أحد مستشفيات المدينة فجر اليوم") == []


@pytest.mark.parametrize("text, bounds", [
    ("وارتفع عدد القتلى من نحو 5 إلى 7 أشخاص.", [(5, None), (7, None)]),   # «من» before the hedge: a rise
    ("ونقل الجرحى وعددهم 4 إلى 6 مستشفيات.", [(4, None), (6, None)]),       # hospitals, not people
    ("5 إلى 7 قتلى في هجوم على حاجز.", [(5, 7)]),                            # at the very start of a text
])
def test_a_bare_range_counts_people_and_is_no_rise(text, bounds):
    assert [(m.value, m.upper) for m in rasd.analyze(text).numbers] == bounds
