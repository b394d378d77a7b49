"""Every event kind the events stage codes, with ACLED's event type and sub-event type, on sentences written for
the project: with or without figures, protests and figure-less attacks included."""
import pytest

import rasd
from rasd.events import event_records
from rasd.knowledge import event_kinds

# (sentence, event kind, ACLED event type, ACLED sub-event type)
def _label(text, published="2013-03-01"):
    """The relevance label of a text published on `published`."""
    return rasd.analyze(text, published=published).relevance["label"]


CASES = [
    ("اندلعت اشتباكات عنيفة بين الجيش ومسلحي التنظيم في ريف المدينة", "armed_clash", "Battles", "Armed clash"),
    ("قتل جنديان في كمين نصبه مسلحون لدورية عسكرية", "ambush", "Battles", "Armed clash"),
    ("هاجم مسلحون مجهولون قرية في ريف المحافظة دون وقوع إصابات", "attack", "Violence against civilians", "Attack"),
    ("فجر انتحاري نفسه وسط تجمع للمصلين", "suicide_bombing", "Explosions/Remote violence", "Suicide bomb"),
    ("انفجرت عبوة ناسفة زرعت على جانب الطريق", "bombing", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("سقطت قذائف هاون على حي سكني في المدينة", "shelling", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    ("شنت طائرات حربية غارات جوية على مواقع للمسلحين", "air_strike", "Explosions/Remote violence",
     "Air/drone strike"),
    ("نجا المحافظ من محاولة اغتيال عندما أطلق مسلحون النار على موكبه", "assassination",
     "Violence against civilians", "Attack"),
    ("اختطف مسلحون مهندسا أجنبيا من موقع عمله", "abduction", "Violence against civilians",
     "Abduction/forced disappearance"),
    ("اعتقلت قوات الأمن عددا من الناشطين في حملة فجر اليوم", "arrest", "Strategic developments", "Arrests"),
    ("داهمت قوة أمنية منزلا يشتبه بإيوائه مطلوبين", "raid", "Strategic developments", "Arrests"),
    ("استسلم عشرات المسلحين للجيش وألقوا أسلحتهم", "surrender", "Strategic developments", "Other"),
    ("فر عشرات السجناء بعد اقتحام سجن المدينة", "prison_break", "Strategic developments", "Other"),
    ("أعلنت فصائل المعارضة السيطرة على مطار عسكري بعد معارك", "seizure", "Strategic developments",
     "Non-state actor overtakes territory"),
    ("تظاهر آلاف المواطنين في الساحة الرئيسية للمطالبة بالإصلاح", "protest", "Protests", "Peaceful protest"),
    ("نظم العمال اعتصاما مفتوحا أمام مقر الشركة", "sit_in", "Protests", "Peaceful protest"),
    ("دخل موظفو المستشفيات في إضراب عن العمل", "strike", "Protests", "Peaceful protest"),
    ("أطلقت الشرطة الغاز المسيل للدموع لتفريق المحتجين", "protest_intervention", "Protests",
     "Protest with intervention"),
    ("رشق المحتجون قوات الأمن بالحجارة وزجاجات المولوتوف", "riot", "Riots", "Violent demonstration"),
    ("أحرق حشد غاضب منازل المتهمين في القرية", "mob_violence", "Riots", "Mob violence"),
    ("هز انفجار قوي حيا سكنيا في العاصمة مساء أمس", "explosion", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
]


@pytest.mark.parametrize("text, kind, event_type, sub_event_type", CASES, ids=[c[1] for c in CASES])
def test_each_event_kind_is_coded_as_acled_codes_it(text, kind, event_type, sub_event_type):
    doc = rasd.analyze(text, published="2024-05-01")
    assert kind in [e.kind for e in doc.events], [e.kind for e in doc.events]
    row = event_kinds()[kind]
    assert (row["event_type"], row["sub_event_type"]) == (event_type, sub_event_type)


# A riot is a crowd's: a riot's weapon thrown by unknown people where nobody protests is an attack by an
# unidentified group (ACLED: Violence against civilians, Attack); thrown by protesters it stays a riot (own sentences).
@pytest.mark.parametrize("text, event_type", [
    ("ألقى مجهولون زجاجة مولوتوف داخل فناء مدرسة ابتدائية، ما أدى إلى إصابة 6 تلاميذ بحالات اختناق.",
     "Violence against civilians"),
    ("رشق مجهولين واجهة مقر الصحيفة بالحجارة وزجاجات المولوتوف قبل أن يلوذوا بالفرار.",
     "Violence against civilians"),
    ("رشق المتظاهرون مقر الحزب بالحجارة وزجاجات المولوتوف خلال مسيرة احتجاجية، وأصيب 4 أشخاص.", "Riots"),
    ("تظاهر المئات أمام المحافظة، وألقى مجهولون بينهم زجاجات المولوتوف على قوات الأمن.", "Riots"),
])
def test_a_riots_weapon_thrown_by_unknown_people_with_no_crowd_is_an_attack(text, event_type):
    doc = rasd.analyze(text, published="2013-02-13")
    assert {e["event_type"] for e in event_records(doc) if e["kind"] == "riot"} == {event_type}


def test_every_coded_kind_has_a_sentence():
    coded = {k for k, row in event_kinds().items() if row["event_type"]}
    assert coded <= {c[1] for c in CASES}


@pytest.mark.parametrize("text", [c[0] for c in CASES if c[1] in ("attack", "armed_clash", "protest", "riot")])
def test_an_event_without_figures_makes_an_incident(text, tmp_path):
    (tmp_path / "e.txt").write_text(text, encoding="utf-8")
    incidents = rasd.run([tmp_path / "e.txt"], tmp_path / "out").incidents
    assert len(incidents) == 1 and incidents[0]["event_type"]


def _sides(text):
    from rasd.events import event_records
    return [(r["kind"], r["actor1"], r["actor2"]) for r in event_records(rasd.analyze(text, published="2024-05-01"))]


@pytest.mark.parametrize("text, kind, actor1, actor2", [
    # verb, subject, object: the subject acts, the object's owner is acted upon
    ("هاجم مسلحون حاجزا للجيش قرب المدينة", "attack", (None, "fighters"), ("army", "military")),
    # both sides of a clash after بين
    ("اندلعت اشتباكات بين الجيش ومسلحي داعش في ريف حلب", "armed_clash", ("army", "military"), ("isis", "fighters")),
    # a verbal noun's doer after شنه, people of a class and the party right after them one side
    ("قتل ثلاثة جنود في هجوم شنه مسلحو حركة الشباب", "attack", ("al_shabaab", "fighters"), None),
    # a subject before a verb acts; the source of a report is no side
    ("مسلحون يهاجمون سجنا في شرق البلاد", "attack", (None, "fighters"), None),
    ("قتل 8 مدنيين في انفجار عبوة ناسفة في سوق المدينة، بحسب الشرطة", "explosion", None, None),
    # a noun annexed to the event word: the doer of an attack, the one acted upon by an arrest (event_kinds annexed)
    ("قتل جنديان في هجوم داعش على حاجز للجيش", "attack", ("isis", "fighters"), ("army", "military")),
    ("أعلنت الشرطة اعتقال عناصر داعش في المدينة", "arrest", None, ("isis", "fighters")),
])
def test_an_events_sides_are_read_from_arabic_word_order(text, kind, actor1, actor2):
    as_pair = lambda side: None if side is None else (side["party"], side["role"])
    found = {k: (as_pair(a1), as_pair(a2)) for k, a1, a2 in _sides(text)}
    assert found[kind] == (actor1, actor2), found


def test_the_acled_actor1_is_the_party_its_events_name_as_acting(tmp_path):
    from rasd import exports
    (tmp_path / "a.txt").write_text("قتل ثلاثة جنود في هجوم شنه مسلحو حركة الشباب على قاعدة عسكرية قرب مقديشو.",
                                    encoding="utf-8")
    (row,) = exports.acled_rows(rasd.run([tmp_path / "a.txt"], tmp_path / "out").incidents)
    assert row["actor1"].startswith("Al Shabaab") and row["inter1"] == 2, row


def test_seizing_a_vehicle_is_a_robbery_not_an_abduction():
    kinds = lambda text: [e.kind for e in rasd.analyze(text, published="2024-05-01").events]
    assert kinds("قام مسلحون باختطاف مقطورة محملة بالحديد على الطريق الدائري") == ["crime"]
    assert kinds("قام مسلحون باختطاف صحفي أجنبي من فندقه") == ["abduction"]


@pytest.mark.parametrize("text, label", [
    # a collision or a fire that opens a riot story does not make it crime (only a crime or feud word does)
    ("اصطدام بين متظاهرين وقوات الأمن أمام السفارة\nرشق المتظاهرون قوات الأمن بالحجارة وأصيب 10 في الاشتباكات.",
     "political_violence"),
    # a statement noun as the headline's label is no statement verb: the attack after it is the report's
    ("تقرير: مقتل 10 في هجوم على قاعدة عسكرية\nهاجم مسلحون قاعدة عسكرية وقتلوا عشرة جنود.", "political_violence"),
])
def test_a_headlines_first_word_decides_only_when_it_is_a_crime_or_a_statement_verb(text, label):
    assert _label(text, "2024-05-01") == label


def test_the_dead_of_an_event_are_not_its_doers_and_a_named_party_keeps_its_role():
    assert _sides("هجوم انتحاري أسفر عن مقتل 3 من أفراد الجيش")[0][1] is None
    ((_, actor1, actor2),) = [s for s in _sides("اشتباكات بين أفراد الجيش ومسلحين") if s[0] == "armed_clash"]
    assert actor1 == {"party": "army", "role": "military"}
    ((_, actor1, actor2),) = [s for s in _sides("شن مسلحون هجوما قبل يومين على الجيش") if s[0] == "attack"]
    assert actor2 == {"party": "army", "role": "military"} and actor1 != actor2  # «قبل يومين» is no «من قبل»


def test_a_clash_of_police_and_drug_dealers_is_no_riot():
    from rasd.events import event_records
    records = event_records(rasd.analyze("تبادل لإطلاق النار واشتباكات بين الشرطة وتجار مخدرات في القرية"))
    assert {r["event_type"] for r in records if r["kind"] == "armed_clash"} == {"Battles"}


# A headline that gives a speaker's words (a few words, a colon, what they said) makes a report of a statement,
# unless what they said tells of violence that happened, counts people or tells of deaths (own sentences).
@pytest.mark.parametrize("text, label", [
    ("وزير الخارجية: لا حل عسكريا للأزمة ولا بد من الحوار\nقال وزير الخارجية إن الحل سياسي، وإن القصف والاشتباكات "
     "في الشمال يجب أن تتوقف فورا. وكانت اشتباكات عنيفة قد اندلعت الأسبوع الماضي في المنطقة.", "other"),
    ("صحيفة بريطانية: الحرب تهدد استقرار المنطقة\nنشرت الصحيفة تقريرا عن الهجمات والغارات الجوية التي شهدتها البلاد "
     "خلال العام الماضي وقصف المدن.", "other"),
    ("المرصد: اشتباكات عنيفة في ريف دمشق\nاندلعت اشتباكات عنيفة بين الجيش ومسلحي المعارضة في ريف دمشق اليوم، وقصفت "
     "المدفعية بلدات عدة.", "political_violence"),
    ("مصدر أمني: مقتل 3 جنود في هجوم على حاجز\nهاجم مسلحون حاجزا للجيش وقتلوا ثلاثة جنود.", "political_violence"),
    ("شهود: الجنود يقتلون المدنيين في القرية\nقال شهود إن جنودا أطلقوا النار على سكان القرية وقتلوا عددا منهم بعد "
     "هجوم للمسلحين على حاجز قريب.", "political_violence"),
    ("الأزمة في البلاد: المسلحون يحرقون منازل القرية\nأحرق مسلحون منازل في القرية بعد هجوم على حاجز للشرطة.",
     "political_violence"),  # a topic label before the colon, no speaker
    ("تجدد الاشتباكات في المدينة: سقوط قذائف على الأحياء\nتجددت الاشتباكات بين مسلحين والجيش في المدينة وسقطت قذائف "
     "على أحياء سكنية.", "political_violence"),
    ("وزير الدفاع: لا توجد أدلة على مقتل قائد الجماعة\nقال وزير الدفاع إنه لا توجد حتى الآن أدلة على مقتل قائد "
     "الجماعة في العمليات الجارية في الشمال، حيث يدور القتال منذ أسابيع.", "other"),  # a denial tells of no death
])
def test_a_headline_that_quotes_a_speaker_is_a_statement_unless_it_tells_of_violence(text, label):
    assert _label(text, "2024-05-01") == label


# A court's or a prosecutor's decision about earlier violence (a release on bail, a referral to court) is a report of
# a trial, "other"; a court case about a crime stays the crime's (own sentences).
@pytest.mark.parametrize("text, label", [
    ("إخلاء سبيل 12 متهما في أحداث ميدان التحرير بكفالة\nقررت النيابة إخلاء سبيل 12 متهما في أحداث الاشتباكات بين "
     "المتظاهرين وقوات الأمن التي شهدها الميدان الشهر الماضي.", "other"),
    ("النائب العام يحيل 20 متهما في الهجوم على قسم الشرطة إلى محكمة الجنايات\nأحال النائب العام 20 متهما في أحداث "
     "الهجوم على قسم الشرطة واشتباكات المحتجين مع قوات الأمن إلى محكمة الجنايات.", "other"),
    ("استجواب وزير الداخلية السابق في اغتيال المعارض\nاستجوب المحققون وزير الداخلية السابق في إطار التحقيق في "
     "اغتيال المعارض البارز الشهر الماضي، بحسب مذكرة التحقيق.", "other"),
    # a court's ruling, weeks after the violence it judges: the report is the court's
    ("محكمة الجنح تقضي ببراءة 9 متهمين في أحداث شغب وسط المدينة\nقضت محكمة الجنح ببراءة تسعة متهمين في أحداث "
     "الاشتباكات بين المتظاهرين وقوات الأمن التي وقعت في ذكرى الثورة.", "other"),
    ("براءة 6 متهمين في أحداث اشتباكات محيط مديرية الأمن\nقضت المحكمة ببراءة ستة متهمين في أحداث الاشتباكات بين "
     "المحتجين والشرطة، وكانت النيابة قد وجهت إليهم تهم الشغب.", "other"),
    # the grounds of a ruling («حيثيات الحكم»), published after it, judge violence of months or years before
    ("حيثيات الحكم على ضابط الشرطة: تعمد إصابة المحتجين بالخرطوش\nأودعت محكمة الجنايات أسباب حكمها بسجن ضابط "
     "أطلق الخرطوش على المحتجين فأصاب خمسة منهم في أعينهم خلال مظاهرات العام قبل الماضي.", "other"),
    ("تنشر الصحيفة حيثيات حكم سجن الضابط المتهم بإصابة المتظاهرين\nقالت المحكمة إن الضابط أطلق النار على حشد من "
     "المتظاهرين فأصاب سبعة منهم أمام مبنى البرلمان.", "other"),
    # an event named after «الحكم في» or «للحكم» is the case's name, not a happening of the report
    ("الشرطة تستعد للحكم بـ«مجزرة الملعب»\nعززت قوات الشرطة انتشارها حول مبنى المحكمة قبل جلسة الحكم المقررة صباح "
     "السبت في القضية.", "other"),
    ("المحكمة تؤجل الحكم في مذبحة السجن إلى الشهر المقبل\nقررت المحكمة تأجيل الجلسة بسبب غياب عدد من المحامين.",
     "other"),
    ("محكمة الجنايات تقضي بالسجن 10 سنوات لمتهم بقتل شاب في مشاجرة\nقضت محكمة الجنايات بالسجن عشر سنوات لمتهم "
     "قتل شابا طعنا بسكين خلال مشاجرة بين عائلتين بسبب خلاف على قطعة أرض.", "crime_accident"),
    ("إحالة سائق للجنايات بعد تسببه في مصرع طفل\nأحالت النيابة سائقا إلى محكمة الجنايات بعد أن دهس طفلا في حادث سير "
     "وقتله على الطريق السريع.", "crime_accident"),
])
def test_a_court_decision_about_earlier_violence_is_a_trial_report(text, label):
    assert _label(text) == label


# A press review reports the papers' stories, second-hand and from countries apart: no event of its own, whatever
# its stories count; a report that cites one paper for its own event stays the event's (own sentences).
@pytest.mark.parametrize("text, label", [
    ("التايمز: مقاتلون يسيطرون على مطار عسكري\nتناولت الصحف البريطانية الصادرة صباح اليوم عدة قضايا، أبرزها "
     "الصراع في سوريا.\nونشرت جريدة الإندبندنت موضوعا عن انفجار سيارة مفخخة أدى إلى مقتل 25 شخصا في سوق شعبي.",
     "other"),
    ("صحف العالم: اشتباكات دامية وحصار خانق\nأفادت التقارير بمقتل 12 جنديا في هجوم على نقطة تفتيش.", "other"),
    ("جولة في الصحف العربية\nاهتمت الصحف العربية بمقتل 30 مدنيا في قصف جوي استهدف بلدة حدودية.", "other"),
    ("مقتل 12 جنديا في هجوم على نقطة تفتيش شمالي البلاد\nقتل 12 جنديا في هجوم شنه مسلحون على نقطة تفتيش، بحسب ما "
     "ذكرت الصحف الرسمية صباح اليوم.", "political_violence"),
    ("انفجار سيارة مفخخة قرب مقر الشرطة يقتل 8 أشخاص\nنفى المتحدث باسم الشرطة ما نشرته إحدى الصحف عن مقتل عشرة، "
     "وقال إن انفجار سيارة مفخخة قرب المقر أدى إلى مقتل ثمانية أشخاص.", "political_violence"),
])
def test_a_press_review_reports_no_event_of_its_own(text, label):
    assert _label(text) == label


# Egyptian police reports of ordinary crime: a registered offender, drugs, stolen goods, a fight over an inheritance
# (own sentences).
@pytest.mark.parametrize("text", [
    "القبض على مسجل خطر قاوم الشرطة بسلاح ناري في المنصورة\nتمكنت قوات الأمن من ضبط مسجل خطر بحوزته كمية من البانجو "
    "بعد تبادل لإطلاق النار مع قوة الشرطة.",
    "ضبط 5 أطنان من الأسلاك المسروقة في سوهاج\nتمكنت مباحث سوهاج من ضبط سيارة نقل محملة بأسلاك كهربائية مسروقة.",
    "مقتل 4 في معركة بالأسلحة النارية بسبب الميراث في قنا\nلقي أربعة أشخاص مصرعهم في تبادل لإطلاق النار بين أبناء "
    "عمومة بسبب الميراث في إحدى قرى قنا.",
    # masked men are counted as attackers, but they are no armed party: here they are kidnappers
    "أهالي قرية يقتحمون مدرسة بعد اختطاف تلميذة\nتجمهر أهالي القرية أمام المدرسة احتجاجا على قيام 3 أشخاص ملثمين "
    "يستقلون دراجة بخارية باختطاف طفلة أثناء وقوفها مع زملائها، وطالبوا مدير الأمن بضبط المتهمين.",
])
def test_ordinary_crime_is_crime_not_political_violence(text):
    assert _label(text) == "crime_accident"


def test_a_tie_beside_a_feud_word_is_crime():
    text = ("الأمن يقبض على 4 بتهمة قتل 6 في سوهاج\nألقت قوات الأمن القبض على أربعة متهمين بقتل ستة أشخاص في معركة "
            "بالأسلحة الآلية بسبب الخلافات على ميراث قطعة أرض.\nوضبطت الشرطة مدفعين و12 قذيفة في منزل أحد المتهمين "
            "بعد مشاجرة جديدة.")
    relevance = rasd.analyze(text, published="2013-03-01").relevance
    assert relevance["scores"]["political_violence"] == relevance["scores"]["crime_accident"]
    assert relevance["label"] == "crime_accident"


def test_a_crowd_at_a_police_station_over_a_brawls_arrests_is_a_riot():
    text = ("هدوء أمام قسم شرطة بالمنصورة بعد ليلة من الاشتباكات\nشهد محيط قسم الشرطة اشتباكات بين قوات الشرطة وعدد من "
            "الأهالي الذين تجمهروا احتجاجا على القبض على ذويهم في مشاجرة على أحد المقاهي.\nوكانت المشاجرة قد نشبت بسبب "
            "خلافات سابقة.")
    relevance = rasd.analyze(text, published="2013-03-01").relevance
    assert relevance["scores"]["political_violence"] == relevance["scores"]["crime_accident"]  # a tie beside a feud
    assert relevance["label"] == "political_violence"  # ... where people protest


def test_as_much_said_as_done_with_no_violence_in_the_headline_is_a_report_of_what_was_said():
    text = ("قيادات الأمن تلتقي أسر الضحايا لتهدئتهم\nقال مصدر أمني إن قيادات الأمن اجتمعت بأهالي ضحايا الاشتباكات "
            "الأخيرة. وأضاف أن اللقاء استغرق أكثر من ساعة.")
    relevance = rasd.analyze(text, published="2013-03-01").relevance
    assert relevance["scores"]["political_violence"] == relevance["scores"]["other"]
    assert relevance["label"] == "other"


def test_an_event_named_as_the_cause_of_what_is_told_is_recalled():
    doc = rasd.analyze("تتفاقم الأزمة السياسية في البلاد التي تواجه تداعيات اغتيال المعارض البارز الأسبوع الماضي.",
                       published="2013-03-01")
    assert [(e.kind, e.happened) for e in doc.events if e.kind == "assassination"] == [("assassination", False)]


# «سرعة» or «أوامر» right before an arrest asks for it or orders it (a warrant), and «ضبط وإحضار» is itself the
# prosecution's warrant: no one is arrested yet; elsewhere «بسرعة» is an adverb and «السرعة» a noun that govern
# nothing, and «ضبط» with no «وإحضار» is an arrest made (own sentences).
@pytest.mark.parametrize("text, arrested", [
    ("أمرت النيابة بسرعة ضبط وإحضار خمسة متهمين في الواقعة.", None),
    ("أمرت النيابة بضبط وإحضار 30 متهما في أحداث الشغب.", None),
    ("قررت النيابة ضبط وإحضار ثلاثة أشخاص آخرين لاتهامهم بالتحريض.", None),
    ("تم ضبط 4 متهمين وإحضارهم إلى قسم الشرطة.", 4),
    ("وتم ضبط وإحضار 5 متهمين إلى قسم الشرطة.", 5),        # «تم»: the order carried out
    ("أصدرت الشرطة أوامر باعتقال 40 شخصا في عشرة أقاليم.", None),
    ("وطلبت النيابة من المباحث سرعة القبض على 12 متهما آخرين.", None),
    ("وتمكنت الشرطة بسرعة من القبض على 12 متهما.", 12),
])
def test_an_arrest_asked_for_or_ordered_has_not_happened(text, arrested):
    doc = rasd.analyze(text, published="2013-03-01")
    assert [c.value for c in doc.claims if c.category == "arrested"] == ([arrested] if arrested else [])
    assert all(not e.happened for e in doc.events if e.kind == "arrest") == (arrested is None)


# «إعدام» names a court's penalty far more often than a killing: sentenced, upheld, demanded or appealed, it counts
# no one killed; told as carried out («تم»، «نفذ»، «أقدم على» before it in its clause) or done on the spot («إعدام
# ميداني»), it does; the verb «أعدم» is the act itself (modality.tsv penalty, done; own sentences).
@pytest.mark.parametrize("text, killed", [
    ("وكانت محكمة الجنايات قضت يوم السبت بإعدام 21 متهما في القضية.", None),
    ("وتظاهر المئات احتجاجا على تأييد إعدام 21 متهما.", None),
    ("وطالب المحتجون بإعدام 9 متهمين في أحداث الملعب.", None),
    ("وأشار المحامي إلى أن أحكام الإعدام التي صدرت بحق 14 متهما سيطعن عليها.", None),
    ("ونفذت السلطات حكم الإعدام في 7 مدانين بالإرهاب.", 7),
    ("وتم إعدام 3 أشخاص شنقا في السجن المركزي.", 3),
    ("وأقدم المسلحون على إعدام 5 رهائن من الجنود.", 5),
    ("وقامت الجماعة المسلحة أمس بإعدام سبعة رهائن أجانب.", 7),
    ("ونفذت السلطات هذا العام حكم الإعدام في 15 شخصا مدانين بالقتل.", 15),
    ("وارتكبت القوات عمليات إعدام ميداني بحق 12 مدنيا في القرية.", 12),
    ("وأعدم المسلحون 4 جنود أسرى.", 4),
    ("وأعلن تنظيم داعش إعدام 3 رهائن أجانب.", 3),          # an armed group sentences no one in a court
    ("وقال متمردو حركة الشباب إنهم مددوا مهلة لإعدام خمسة رهائن.", None),   # a deadline: not yet
])
def test_a_death_penalty_kills_no_one_until_carried_out(text, killed):
    doc = rasd.analyze(text, published="2013-03-01")
    assert [c.value for c in doc.claims if c.category == "killed"] == ([killed] if killed else [])


def test_bringing_is_no_warrant_for_the_events_near_it():
    doc = rasd.analyze("تم إحضار الجثث بعد انفجار سيارة مفخخة في السوق.", published="2013-03-01")
    assert doc.events and all(e.happened for e in doc.events)
    doc = rasd.analyze("وتم إحضار تعزيزات إلى المنطقة التي تدور فيها اشتباكات مع نحو 150 مسلحا.", published="2013-03-01")
    assert [(c.category, c.value) for c in doc.claims] == [("attackers", 150)]


@pytest.mark.parametrize("text, category, value", [
    ("وقع حادث تصادم بسبب السرعة الزائدة أسفر عن مقتل شخصين.", "killed", 2),
    ("انتشرت النيران بسرعة كبيرة وأسفر الحريق عن إصابة 6 أشخاص.", "wounded", 6),
])
def test_speed_and_quickly_govern_no_event(text, category, value):
    doc = rasd.analyze(text, published="2013-03-01")
    assert (category, value) in [(c.category, c.value) for c in doc.claims]


# An event word followed by the date that names it as past («هجمات 11 سبتمبر 2001», «تفجيرات عام 2005») is an
# earlier event the report recalls, not one it reports (own sentences, published 2013-03-01).
@pytest.mark.parametrize("text, happened", [
    ("ظهر المتحدث في فيديو بعد يوم من هجمات الحادي عشر من سبتمبر 2001 إلى جانب قادة التنظيم.", False),
    ("أفرج عن الرجل المتهم بتفجيرات عام 2005 في العاصمة البريطانية.", False),
    ("قتل أخوه في تفجير 14 آذار 2009 قرب السوق.", False),
    ("قتل ثلاثة في تفجير 25 شباط قرب السوق.", True),   # four days before the report: its own event
    ("قتل ثلاثة في تفجير قرب السوق أمس.", True),
])
def test_an_event_dated_in_a_past_year_is_recalled(text, happened):
    doc = rasd.analyze(text, published="2013-03-01")
    assert [e.happened for e in doc.events if e.kind in ("attack", "bombing")] == [happened]


@pytest.mark.parametrize("text, kind", [
    ("شن رئيس الحزب هجوما حادا على الحكومة.", "statement"),   # a harsh word is a verbal attack
    ("شن الوزير هجوما لاذعا على المعارضة.", "statement"),
    ("شن مسلحون هجوما عنيفا على حاجز للجيش.", "attack"),                   # a violent one is an attack
])
def test_a_harsh_attack_in_words_is_a_statement(text, kind):
    assert [e.kind for e in rasd.analyze(text, published="2013-03-01").events] == [kind]


# Clashes whose sides are all private people (citizens, residents, a station's owner) and where no armed party, no
# state force and no protest is named are a dispute, a crime; beside the police or militias they are political
# violence (own sentences; «مليشيات» are armed men: nouns.tsv).
@pytest.mark.parametrize("text, label", [
    ("إصابة 4 بطلقات نارية عند محطة وقود\nأصيب 4 أشخاص في اشتباكات بالأسلحة النارية وقعت بين عدد من "
     "المواطنين وبين صاحب المحطة لامتناعه عن بيع السولار لهم.", "crime_accident"),
    ("إصابة 5 في اشتباكات أمام قسم الشرطة\nاندلعت اشتباكات بين الأهالي وقوات الأمن أمام قسم الشرطة أسفرت عن إصابة "
     "5 أشخاص.", "political_violence"),
    ("اشتباكات بين سكان قرية ومليشيات في دارفور\nاندلعت اشتباكات بين سكان القرية ومليشيات عربية في إقليم دارفور "
     "أمس.", "political_violence"),
])
def test_clashes_of_private_people_are_a_dispute(text, label):
    assert _label(text) == label


# A gas cylinder that explodes is an accident, told with the verb or the noun and in the dual or plural
# (events.tsv accident); an explosion told of nothing else is a bomb's in this news (own sentences).
@pytest.mark.parametrize("text, label", [
    ("انفجرت أسطوانة غاز داخل مطعم في وسط المدينة فأصيب خمسة من رواده بحروق.", "crime_accident"),
    ("إصابة سبعة أشخاص بحروق إثر انفجار أسطوانتي غاز داخل مخبز في البلدة.", "crime_accident"),
    ("وقع انفجار قوي في سوق المدينة المزدحم أسفر عن إصابة خمسة أشخاص.", "political_violence"),
])
def test_a_gas_cylinder_explodes_by_accident(text, label):
    assert _label(text) == label


# A military exercise's fire is no attack (ACLED codes none; events.tsv exercise): shelling told within a few words of
# the drill is the drill's, an explosion in it an accident; a clause of another happening («فيما») is an event of its
# own, and militants who had military training attack all the same (own sentences).
@pytest.mark.parametrize("text, label", [
    ("الجيش ينهي مناوراته على الحدود الشرقية\nأجرت وحدات الجيش مناورات بالذخيرة الحية تضمنت قصفا مدفعيا لأهداف "
     "وهمية في منطقة صحراوية.", "other"),
    ("المدفعية تطلق قذائف في ختام التمارين العسكرية\nأطلقت المدفعية عشرات القذائف في ختام التمارين العسكرية السنوية "
     "قرب الساحل.", "other"),
    ("أجرت القوات مناورات عسكرية قرب الحدود، فيما قتل أربعة مدنيين بقصف على حي سكني في البلدة المجاورة.",
     "political_violence"),
    ("مسلحون تلقوا تدريبات عسكرية في معسكر جبلي يشنون هجوما على حاجز للشرطة\nشن مسلحون تلقوا تدريبات عسكرية في "
     "معسكر جبلي هجوما على حاجز للشرطة وقتلوا جنديين.", "political_violence"),
])
def test_a_military_exercises_fire_is_no_attack(text, label):
    assert _label(text) == label


def test_an_explosion_in_a_drill_is_no_attack():
    text = ("مقتل ثلاثة جنود في انفجار قذيفة خلال مناورات عسكرية\nقتل ثلاثة جنود في انفجار قذيفة خلال مناورات عسكرية "
            "جنوب البلاد.")
    assert _label(text) in ("crime_accident", "other")
    assert _label(text.replace("خلال مناورات عسكرية", "في سوق المدينة")) == "political_violence"


# A nuclear test is a weapons test (events.tsv weapons_test): a state trying its arms attacks no one, whatever its
# «تفجير» (own sentences).
def test_a_nuclear_test_is_no_bombing():
    text = ("بيونغ يانغ تعلن نجاح تجربتها النووية الرابعة\nأعلنت كوريا الشمالية أنها أجرت تفجيرا نوويا تحت الأرض "
            "صباح اليوم، ورصدت محطات الزلازل هزة قوية في شمال البلاد.")
    assert _label(text) == "other"
    assert "weapons_test" in [e.kind for e in rasd.analyze(text).events]


# An attack on computer networks is no conflict event (events.tsv cyber_attack): no one is hurt, nothing burnt
# (own sentences).
def test_a_cyber_attack_is_no_attack():
    text = ("بنوك كبرى تتعرض لهجوم إلكتروني يعطل أنظمتها\nتعطلت أنظمة الحاسوب في ثلاثة بنوك كبرى بعد هجوم إلكتروني "
            "قالت السلطات إنه جاء من خارج البلاد.")
    assert _label(text) == "other"
    assert [e.kind for e in rasd.analyze(text).events].count("cyber_attack") == 2


# Soldiers' deaths told in the lead without an event word are their fight's; told with a crash, they are the
# accident's (own sentences).
@pytest.mark.parametrize("text, label", [
    ("مقتل أربعة جنود في تحطم مروحية عسكرية أثناء رحلة تدريبية\nقتل أربعة جنود عندما تحطمت مروحيتهم في منطقة "
     "جبلية، وقال الجيش إن عطلا فنيا هو السبب.", "crime_accident"),
    ("قتل أربعة جنود من قوات التحالف في تحطم مروحية جنوب البلاد الليلة الماضية، وقال الجيش إن عطلا فنيا هو "
     "السبب.", "crime_accident"),
    ("مقتل جنود في حادث حافلة قرب الحدود\nقال الجيش إن حافلة تقل جنودا هوت في واد سحيق. ونقل المصابون إلى "
     "المستشفى. وفتحت السلطات تحقيقا في ملابسات الواقعة. وقال مسؤول إن السائق فقد السيطرة.", "crime_accident"),
    ("مقتل أربعة جنود وإصابة ستة آخرين في ولاية هلمند", "political_violence"),
])
def test_soldiers_killed_in_a_crash_are_an_accidents_figures(text, label):
    assert _label(text) == label


def test_figures_told_with_an_accident_in_the_lead_are_the_accidents():
    # one mention of a crash is no subject by itself (min_evidence), but the lead's figures are its (own sentences)
    text = ("توفي ثلاثة ركاب وجرح خمسة غيرهم في حادث تصادم حافلة بشاحنة نقل على طريق سريع ليلة أمس. وهرعت سيارات "
            "الإسعاف إلى الموقع ونقلت الجرحى إلى أقرب مستشفى. وأمرت النيابة بتشريح الجثث وتسليمها لذويها. وكلفت "
            "الجهات المختصة بفحص السيارتين.")
    assert _label(text) == "crime_accident"


# An accident gives the lead's figures only when it happened and the lead tells of no violence: a denied crash,
# fire near a nuclear test leave the figures to the fight (own sentences).
@pytest.mark.parametrize("text", [
    "نفى الجيش سقوط طائرة عسكرية في المنطقة الحدودية، وقال إن ثلاثة جنود قتلوا في المنطقة. ونقلت الجثث إلى "
    "العاصمة. وقال مسؤول إن التحقيق جار. ولم يصدر تعليق آخر.",
    "قتل ثلاثة جنود في ولاية هلمند أمس حين هاجم مسلحون دوريتهم، فيما تحطمت مروحية مدنية قرب المطار. "
    "وقال مسؤول إن التحقيق جار. ولم يصدر تعليق آخر.",
    "قصفت كوريا الشمالية جزيرة حدودية بالمدفعية بعد أسابيع من تجربتها النووية، ما أسفر عن مقتل جنديين من مشاة "
    "البحرية.",
])
def test_an_accident_told_apart_leaves_the_figures_to_the_fight(text):
    assert _label(text) == "political_violence"


def test_the_unidentified_forms_are_the_words_is_form_of_holds_for():
    """_by_unidentified looks the sentence's tokens up in UNIDENTIFIED_FORMS instead of asking View.is_form_of of
    each: the two agree on every form and on words that only look like one (another prefix, suffix or letter)."""
    from rasd.events import UNIDENTIFIED, UNIDENTIFIED_FORMS
    from rasd.view import _is_form_of
    near = {word[:-1] for word in UNIDENTIFIED_FORMS} | {"ك" + word for word in UNIDENTIFIED_FORMS} \
        | {word + "ون" for word in UNIDENTIFIED_FORMS} | {word + "ه" for word in UNIDENTIFIED}
    assert UNIDENTIFIED <= UNIDENTIFIED_FORMS
    for word in UNIDENTIFIED_FORMS | near | {""}:
        assert (word in UNIDENTIFIED_FORMS) == _is_form_of(word, UNIDENTIFIED), word


def test_the_first_citing_word_of_a_window_is_the_documents_first_one_in_it():
    """_first_citing reads only the window's tokens: on real articles it finds, for windows of every size and place,
    the first of the tokens that cite a source (citing.tsv) in the whole document that falls in the window."""
    import bisect
    from pathlib import Path

    from rasd.events import CITING, _first_citing
    from rasd.view import view_of

    found = 0
    for path in sorted((Path(__file__).parent / "data" / "articles" / "corpus").glob("*.txt"))[:20]:
        view = view_of(rasd.analyze(path.read_text(encoding="utf-8")))
        citing = [tok for tok, word in enumerate(view.tokens) if word in CITING]
        n = len(view.tokens)
        for lo in range(n + 2):
            for size in (0, 1, 5, 24, n):
                at = bisect.bisect_left(citing, lo)
                expected = citing[at] if at < len(citing) and citing[at] < lo + size else None
                assert _first_citing(view, lo, lo + size) == expected, (path.stem, lo, size)
                found += expected is not None
    assert found > 100
