"""The claims stage reads its words from data (claim_words.tsv, the cue lexicons toll_heads.tsv and estimates.tsv,
the by_non_state column of predicates.tsv) and compares them with whole words: a longer word that contains one of
them (متعدد، قدرة) is none of them."""
import pytest

import rasd
from rasd.knowledge import default_lexicon
from rasd.normalize import normalize

PUBLISHED = "2013-03-01"


def _claim(text, value):
    claims = [c for c in rasd.analyze(text, published=PUBLISHED).claims if c.value == value]
    assert claims, text
    return claims[0]


def _cue_words(text, lexicon):
    """The indexes of the words of `text` where `lexicon` matches."""
    return [m.first for m in default_lexicon().scan(normalize(text).text) if m.entry(lexicon)]


def test_a_toll_head_is_a_whole_word_with_its_proclitics_only():
    assert _cue_words("والحصيلة بعدد الإجمالي حصيلة متعدد تعدد يعدد المتعدد", "toll_heads") == [0, 1, 2, 3]


@pytest.mark.parametrize("text,value,subject", [
    # a toll names the people it counts before its figure
    ("بلغ عدد الجرحى في صفوف المدنيين 35 جريحا.", 35, "civilians"),
    # متعدد (manifold) ends with عدد but heads no toll: the party after it made the attack, it is not the dead's
    ("هجوم متعدد شنه داعش على قرية أسفر عن مقتل 4 وإصابة 6.", 4, "people"),
    ("هجوم متعدد الاتجاهات لقوات النظام على البلدة أسفر عن مقتل 8.", 8, "people"),
])
def test_only_a_toll_head_names_who_a_toll_counts(text, value, subject):
    assert _claim(text, value).subject == subject


def test_an_estimate_verb_is_a_whole_word_with_its_endings():
    assert _cue_words("قدرت يقدرون وقدروا وتقدر قدرها قدرة قدرات مقدر", "estimates") == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("text,value,qualifier", [
    ("قدرت المصادر عدد النازحين بـ 3000 شخص.", 3000, "approx"),
    ("وتقدر الأمم المتحدة عدد النازحين بـ 3000 شخص.", 3000, "approx"),  # و + تقدر, read with its proclitic
    # قدرة، قدرات (ability, capabilities) begin with قدر but estimate nothing
    ("أظهر التنظيم قدرة كبيرة في الهجوم الذي شنه بـ 150 مسلحا على الحاجز.", 150, "exact"),
    ("عززت قوات سوريا الديمقراطية قدراتها الدفاعية بعد الهجوم بـ 200 مقاتل.", 200, "exact"),
    # بقدر ما (as far as) is قدر after a preposition: no verb, no estimate
    ("وبقدر ما تمكن التنظيم من الهجوم على الحاجز بـ 150 مسلحا، فشل في السيطرة عليه.", 150, "exact"),
])
def test_only_a_verb_of_estimating_makes_a_figure_after_it_approximate(text, value, qualifier):
    assert _claim(text, value).qualifier == qualifier


@pytest.mark.parametrize("text,category", [
    ("هاجم مسلحو داعش الحاجز وأسروا 3 جنود عراقيين.", "held"),          # captured by the IS: captives
    ("هاجمت القوات العراقية الوكر وأسرت 3 من عناصر داعش.", "arrested"),  # captured by a state: arrests
    ("هاجم مسلحو داعش الحاجز واعتقلوا 3 جنود عراقيين.", "arrested"),    # a verb without by_non_state
    # the doer after the verb (verb first), any party of parties.tsv's nonstate sector, or armed men unnamed
    ("وأسر مقاتلو الجيش الحر 3 جنود قرب المطار.", "held"),
    ("وقال المتمردون إنهم أسروا 3 جنود في الكمين.", "held"),
    ("وقتل ستة مسلحين وأسر الجيش 3 آخرين في الاشتباك.", "arrested"),
    ("وقال المتمردون إن قوات الجيش أسرت 3 من رفاقهم.", "arrested"),     # a rebel speaker, the army's capture
    # an authority of its own territory (parties.tsv trait) arrests the men it captures
    ("وقالت قوات سوريا الديمقراطية إن مقاتليها أسروا 3 من عناصر التنظيم.", "arrested"),
])
def test_a_capture_by_a_non_state_party_holds_its_captives(text, category):
    assert _claim(text, 3).category == category


# «وأن» opens a clause of its own, with its own subject: its verb tells nothing of the people counted before it
# (own sentences: the dead are listed, then the attacker fled; nobody counted was displaced).
@pytest.mark.parametrize("text", [
    "وقال المسؤول إن القتلى يضمون شرطيا وثلاثة مدنيين، وأن المهاجم فر من المكان.",
    "وقال متحدث باسم الجيش إن القتلى يضمون جنديا وشخصين مدنيين، وأن القائد فر مع حراسه.",
])
def test_a_verb_after_wa_anna_belongs_to_its_own_clause(text):
    assert "displaced" not in {c.category for c in rasd.analyze(text, published="2013-03-10").claims}


# The people right after «قام/قيام» did something: no predicate before it counts them; the people before a causative
# verbal noun (تهريب، تهجير) are its agents, its object is whom it counts (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("وتمكن أحد السجناء من الهرب بعد قيام المئات من الأهالي بمحاصرة القسم.", [("escaped", 1)]),
    ("وتمكن عشرات المواطنين من تهريب سجين من مركز الشرطة.", []),
    ("وتمكن 5 سجناء من الفرار من السجن.", [("escaped", 5)]),
    ("تهريب 7 سجناء من سجن المدينة.", [("escaped", 7)]),
])
def test_the_doers_of_did_and_of_a_causative_are_not_its_count(text, counted):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims] == counted


# A count noun followed by a verb of inclusion lists the people it counts (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("وقال متحدث باسم الجيش إن القتلى يضمون جنديا وشخصين مدنيين.", [("killed", 2)]),
    ("وأكد المسؤول أن الجرحى يشملون ضابطا وثلاثة مجندين.", [("wounded", 3)]),
    ("وذكر الطبيب أن القتلى تضم امرأة وطفلين.", [("killed", 2)]),
])
def test_a_count_noun_and_a_verb_of_inclusion_list_their_people(text, counted):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims] == counted


# A verb after a count, with a count of its own right after it (its object, or its subject), is that count's: it
# tells nothing of the people before it; a count joined by «و» is another item of the sentence (own sentences).
@pytest.mark.parametrize("text, present, absent", [
    ("وقال الشاهد إن خمسة مسلحين تسللوا إلى المبنى وقتلوا ثمانية من حراسه.", ("killed", 8), ("killed", 5)),
    ("وأطلق المهاجمون 40 سجينا بعدما قتلوا حارسين عند البوابة.", ("killed", 2), ("killed", 40)),
    ("وطعن رجل ستة مواطنين في السوق وتوفي اثنان منهم.", ("killed", 2), ("killed", 6)),
    ("وتقول الأمم المتحدة إن أكثر من مئة شخص قتلوا وأربعين ألفا فروا من منازلهم.", ("killed", 100), None),
])
def test_a_verb_with_its_own_count_after_it_does_not_count_the_people_before_it(text, present, absent):
    found = [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims]
    assert present in found and absent not in found, found


# «فقط» after a number restricts it and is skipped on the way to its noun; a denial that names its object
# («نفى ذلك») ends there, and what the speaker says next is asserted (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("وقال القائد إن ثلاثة فقط من مقاتلي الجبهة قتلوا في القصف.", [("killed", 3)]),
    ("لكن المتحدث نفى ذلك، وقال في بيان إن اثنين فقط من متشددي الجماعة قتلا في الغارة.", [("killed", 2)]),
    ("لكن المتحدث نفى مقتل اثنين من متشددي الجماعة في الغارة.", []),
])
def test_only_is_skipped_and_a_denial_of_that_ends_at_its_object(text, counted):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims] == counted


# A far modality (a hedge, a denial, an attempt) reaches forward within its sentence, but not past a new statement
# opened by «و» and a speech verb: what that speaker says is asserted (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("وقال جنود حفظ السلام إن عددا كبيرا، ربما الآلاف من المدنيين لجأوا إلى معسكرهم، وقالت منظمة إغاثة إنها عالجت "
     "خمسة أشخاص أصيبوا بالرصاص.", [("wounded", 5)]),
    ("ونفى المتحدث ما تداولته الصفحات عن مقتل خمسة جنود في الهجوم.", []),
])
def test_a_far_modality_stops_at_a_new_statement(text, counted):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims
            if c.category in ("killed", "wounded")] == counted


# A figure told with a hedge in one sentence and without it in another (a headline drops «على الأقل») is one claim,
# with the hedge; two different figures stay two (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("25 قتيلا في هجمات على سجن ومصرف\nقتل 25 شخصا على الأقل في هجمات شنها مسلحون على سجن ومصرف، وفق الشرطة.",
     [("killed", 25, "at_least")]),
    ("مقتل 12 جنديا في كمين\nقتل نحو 12 جنديا في كمين نصبه مسلحون قرب الحدود.", [("killed", 12, "approx")]),
    ("مقتل 12 جنديا في كمين\nقتل أكثر من 15 جنديا في كمين نصبه مسلحون قرب الحدود.",
     [("killed", 12, "exact"), ("killed", 15, "more_than")]),
])
def test_a_figure_told_with_and_without_its_hedge_is_one_claim(text, counted):
    claims = rasd.analyze(text, published="2013-01-29").claims
    assert sorted((c.category, c.value, c.qualifier) for c in claims) == counted


# «فيما»، «بينما» open a clause of another happening: a verb before one does not count the people after it
# (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("وأصيب 22 ناشطا بجروح اليوم بينما كان الآلاف يحاولون الوصول إلى الساحة.", [("wounded", 22)]),
    ("لقي 11 بحارا مصرعهم فيما فقد اثنان آخران إثر غرق السفينة.", [("killed", 11)]),
    ("قتل خمسة في حلب بينما أصيب عشرة في حمص.", [("killed", 5), ("wounded", 10)]),
])
def test_a_verb_does_not_count_the_people_of_the_next_clause(text, counted):
    found = [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims
             if c.category in ("killed", "wounded")]
    assert found == counted, found


# «لقيامهم/لقيامه» after a sentence or an arrest gives its grounds: the act is what they are charged with, and
# counts no attackers (own sentences).
@pytest.mark.parametrize("text, counted", [
    ("قضت المحكمة بمعاقبة 3 متهمين بالسجن المشدد لقيامهم بالسطو المسلح على سيارة لنقل الأموال.", []),
    ("أمرت النيابة بحبس 5 متهمين 4 أيام لقيامهم بالاعتداء على ضباط القسم.", []),
])
def test_the_grounds_of_a_sentence_or_an_arrest_count_no_attackers(text, counted):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims] == counted



# «شروع» before an act is an attempt at it: the attempted murder of two kills no one (own sentences).
@pytest.mark.parametrize("text", [
    "وأحيل المتهم إلى المحاكمة بتهمة الشروع في قتل ضابطين من قوة القسم.",
    "واتهمت النيابة الضابط بالشروع في قتل 3 متظاهرين أمام المبنى.",
])
def test_an_attempted_killing_kills_no_one(text):
    assert "killed" not in [c.category for c in rasd.analyze(text, published="2013-01-29").claims]


def test_a_dual_that_gives_itself_up_surrenders():
    text = "وأعلن الجهاز أن مسلحين اثنين من التنظيم سلما نفسيهما إلى قواته بعد محاصرتهما في أحد الأودية."
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims] == [("surrendered", 2)]


# The review's cases (own sentences): a count after a verb that is a part of the people before, or joined by «و» to
# a unit's number, or a determiner after a denial, reads as before these rules.
@pytest.mark.parametrize("text, counted", [
    ("وقالت الشرطة إن 8 أشخاص أصيبوا، 3 منهم في حالة خطرة.", [("wounded", 3), ("wounded", 8)]),
    ("وقال المسؤول إن 20 مدنيا قتلوا 5 منهم أطفال.", [("killed", 5), ("killed", 20)]),
    ("وكان على متن السيارة 20 مجندا أصيب 12 منهم بجروح.", [("wounded", 12)]),
    ("وقتل جنديان من الكتيبة 17 وخمسة مدنيين في القصف.", [("killed", 2), ("killed", 5)]),
    ("ونفى المتحدث هذه الأنباء التي تحدثت عن مقتل 5 جنود في الهجوم.", []),
    ("ووقع الانفجار بالحادية عشرة صباحا وأصيب فيه شخصان.", [("wounded", 2)]),
])
def test_parts_units_determiners_and_hours_read_right(text, counted):
    found = sorted((c.category, c.value) for c in rasd.analyze(text, published="2013-01-29").claims)
    assert found == sorted(counted), found


def test_a_third_telling_of_a_hedged_figure_joins_the_one_claim():
    text = ("مقتل 25 من عناصر الشرطة في هجوم على مركز\nوقالت المصادر إن 25 قتيلا على الأقل سقطوا في الهجوم. "
            "وأضافت أن 25 قتيلا على الأقل سقطوا عند المركز.")
    claims = rasd.analyze(text, published="2013-01-29").claims
    assert [(c.category, c.value, c.qualifier) for c in claims] == [("killed", 25, "at_least")]


def test_the_hedged_telling_keeps_the_subject_the_exact_one_names():
    text = "مقتل 25 من عناصر الشرطة في هجوم على مركز\nوأسفر الهجوم عن سقوط 25 قتيلا على الأقل."
    claims = rasd.analyze(text, published="2013-01-29").claims
    assert [(c.subject, c.role, c.qualifier) for c in claims] == [("police", "police", "at_least")]


# A count noun right after a figure of its own is that figure's: it tells nothing of an earlier number in the
# sentence (own sentences: a bulletin's list, and a toll whose first people are named without a count noun).
def test_a_count_noun_belongs_to_the_figure_right_before_it():
    text = "وتوزع الضحايا على النحو التالي: 21 قتيلا في حمص، و9 في إدلب، وخمسة قتلى في حماة."
    assert {c.value: c.category for c in rasd.analyze(text, published="2013-03-01").claims} == \
        {21: "killed", 9: "killed", 5: "killed"}
    for text in ("وخلفت الغارة 11 مدنيا بين الأنقاض و14 جريحا.", "وخلفت الغارة 11 مدنيا بين الأنقاض وعشرات الجرحى."):
        wounded = [c.value for c in rasd.analyze(text, published="2013-03-01").claims if c.category == "wounded"]
        assert wounded in ([14], [None]), text  # the 11 are not the wounded


# A weekday before a number makes it a day of the month only when no people follow it (own sentences).
@pytest.mark.parametrize("text, value", [
    ("وأحصى الناشطون الإثنين 31 قتيلا في أنحاء المحافظة.", 31),
    ("وقتل يوم السبت 14 شخصا في تفجير سيارة مفخخة.", 14),
])
def test_a_weekdays_toll_is_no_date(text, value):
    assert [c.value for c in rasd.analyze(text, published="2013-03-04").claims] == [value]


def test_a_weekday_and_its_date_count_no_one():
    claims = rasd.analyze("واعتقلت الشرطة 6 أشخاص يوم الأحد 17 مارس.", published="2013-03-20").claims
    assert [c.value for c in claims] == [6]
