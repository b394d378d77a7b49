"""The claim-places stage (rasd/claim_places.py): the place each figure is told of, read from its own clause.
Sentences written for these tests, at real places."""
import pytest

import rasd
from rasd.view import view_of
from rasd.incidents import _main_place
from rasd.results import document_features
from rasd.records import DocumentFeatures, PlaceRef, ReportUnit


def _places_of(text):
    doc = rasd.analyze(text, published="2013-02-10")
    return [(c.category, c.value, doc.places[c.place].place.name_en if c.place is not None else None)
            for c in doc.claims]


CASES = [
    # a roundup's items are joined by «فيما»: a figure's place is its own clause's, not the sentence's first
    ("اندلعت معارك عنيفة في ريف دمشق، فيما قتل ثمانية مقاتلين في اشتباكات في مدينة دير الزور.",
     ("killed", 8, "Deir ez-Zor")),
    ("قصفت الطائرات أحياء في حلب بينما قتل ستة جنود بهجوم على حاجز في مدينة إدلب.", ("killed", 6, "Idlib")),
    # the figure, its event, then «في» and the place: the nearest after it, not an event it is dated by
    ("بعد ساعات من هجوم بغداد، أعلنت الشرطة مقتل خمسة جنود في تفجير انتحاري في الموصل.", ("killed", 5, "Mosul")),
    # a place before the figure is its clause's topic
    ("وفي حمص، قتل أربعة مدنيين بقصف مدفعي.", ("killed", 4, "Homs")),
    # a clause that names only a country: no town of its own
    ("قتل ثلاثة مدنيين في اشتباكات في شرق سوريا.", ("killed", 3, "Syria")),
    # a toll spread over places («وتوزع القتلى بواقع …»): the total is the whole's, not its first item's place;
    # each item is its place's
    ("وأحصى ناشطون سقوط 64 قتيلا في أنحاء البلاد، وتوزع القتلى بواقع 20 في حمص و15 في إدلب.", ("killed", 64, None)),
    ("وأحصى ناشطون سقوط 64 قتيلا في أنحاء البلاد، وتوزع القتلى بواقع 20 في حمص و15 في إدلب.", ("killed", 20, "Homs")),
    ("ارتفعت حصيلة الضحايا إلى 37 قتيلا، موزعين بين 22 في درعا و15 في حماة.", ("killed", 37, None)),
    # «كما» opens another item («as well as»); «كما يلي» (as follows) opens none
    ("وبلغ عدد الجرحى أمام مبنى المحافظة 6 أشخاص نقلوا إلى مستشفى المدينة، كما أصيب 4 آخرون في مدينة طنطا.",
     ("wounded", 6, None)),
    ("وجاءت حصيلة القتلى كما يلي: 14 في حمص و9 في إدلب.", ("killed", 14, "Homs")),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:30] for c in CASES])
def test_a_figure_is_placed_from_its_own_clause(text, expected):
    assert expected in _places_of(text)


def test_a_figure_told_again_takes_the_place_of_the_telling_that_names_one():
    text = ("قتل عشرة مقاتلين معارضين في مواجهات ليلية في شرق سوريا، بحسب المرصد.\n"
            "ويعتمد المرصد على شبكة من الناشطين والأطباء في أنحاء البلاد.\n"
            "وفي الرقة قتل عشرة مقاتلين معارضين في مواجهات مع القوات النظامية.")
    assert [place for category, value, place in _places_of(text) if value == 10] == ["Ar Raqqah"]


def test_the_lead_names_the_place_of_figures_told_of_no_place():
    text = ("مقتل جنديين بهجوم مسلح في مدينة الضالع\n"
            "قال مصدر أمني إن مسلحين أطلقوا النار على دورية للجيش، ما أدى إلى مقتل جنديين.\n"
            "وفي سياق آخر، اعتقلت قوات الأمن في مدينة تعز ستة مسلحين هاجموا مركزا للشرطة.")
    doc = rasd.analyze(text, published="2013-01-30")
    features = document_features(doc)
    assert doc.places[features.lead_place].place.name_en.startswith("Dhale")


def test_a_figure_in_an_aside_between_dashes_is_told_of_no_place_outside_it():
    # the aside tells of the speaker's sons; the district after it is where the shelling was, days before
    text = "وقال سامر – الذي أصيب ثلاثة من أبنائه – إن القصف الذي تعرض له حي الوعر توقف."
    assert [(category, place) for category, value, place in _places_of(text) if category == "wounded"] \
        == [("wounded", None)]


def test_one_dash_joins_two_names_and_bounds_no_aside():
    text = "قتل خمسة جنود بهجوم على حاجز على طريق تدمر – دير الزور، وقال مصدر عسكري إن المهاجمين فروا."
    assert ("killed", 5, "Tadmur") in _places_of(text)


def test_the_breaks_are_whole_words_with_their_proclitics():
    doc = rasd.analyze("قتل ثلاثة في حمص، وفيما اندلعت اشتباكات في حلب بينما فيمالي كلمة أخرى.")
    assert [doc.tokens[t] for t in view_of(doc).clause_breaks] == ["وفيما", "بينما"]


def test_a_reports_place_is_its_town_not_the_state_named_around_it():
    refs = (PlaceRef("adm:YE.18.3006", 0, 1.5), PlaceRef("cur:ye", 5, 1.0), PlaceRef("cur:ye", 9, 1.0))
    unit = ReportUnit("doc", {"doc": "doc"}, DocumentFeatures(places=refs), [], refs)
    assert _main_place(unit).feature != "country"


def test_a_country_named_again_and_again_is_no_reports_place_when_its_lead_names_a_district():
    """«مصر» and «المصرية» throughout an embassy's warning, the Qasr al-Nil bridge once in its lead: the report is
    of the bridge (a country is a place only when the lead names nothing finer)."""
    refs = (PlaceRef("cur:eg.cairo.qasrelnil", 0, 1.0),) + tuple(PlaceRef("cur:eg", s, 1.0) for s in (0, 8, 20, 31, 40))
    lead = DocumentFeatures(places=refs, lead_place=0)
    assert _main_place(ReportUnit("doc", {"doc": "doc"}, lead, [], refs)).name_en == "Qasr al-Nil (Cairo)"
    unled = DocumentFeatures(places=refs)
    assert _main_place(ReportUnit("doc", {"doc": "doc"}, unled, [], refs)).feature == "country"
