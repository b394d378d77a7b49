"""Every event kind the events stage codes, with ACLED's event type and sub-event type, on sentences written for
the project: with or without figures, protests and figure-less attacks included."""
import pytest

import rasd
from rasd.knowledge import event_kinds

# (sentence, event kind, ACLED event type, ACLED sub-event type)
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
]


@pytest.mark.parametrize("text, kind, event_type, sub_event_type", CASES, ids=[c[1] for c in CASES])
def test_each_event_kind_is_coded_as_acled_codes_it(text, kind, event_type, sub_event_type):
    doc = rasd.analyze(text, published="2024-05-01")
    assert kind in [e.kind for e in doc.events], [e.kind for e in doc.events]
    row = event_kinds()[kind]
    assert (row["event_type"], row["sub_event_type"]) == (event_type, sub_event_type)


def test_every_coded_kind_has_a_sentence():
    coded = {k for k, row in event_kinds().items() if row["event_type"]} - {"explosion", "mob_violence"}
    assert coded <= {c[1] for c in CASES}


@pytest.mark.parametrize("text", [c[0] for c in CASES if c[1] in ("attack", "armed_clash", "protest", "riot")])
def test_an_event_without_figures_makes_an_incident(text, tmp_path):
    (tmp_path / "e.txt").write_text(text, encoding="utf-8")
    incidents = rasd.run([tmp_path / "e.txt"], tmp_path / "out").incidents
    assert len(incidents) == 1 and incidents[0]["event_type"]
