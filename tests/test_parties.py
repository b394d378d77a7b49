"""Party and role on every claim: nationality and affiliation decide whose people they are wherever the event
happens; civilians take their country; the rule that decided is recorded on the claim. And traps: stems inside
common words (ذكرت، خروج، الإسرائيلي، فقد الاتصال) decide nothing."""
import pytest

import rasd


def _claims(text, published="2013-03-04"):
    return rasd.analyze(text, published=published).claims


def _one(text, **kw):
    claims = _claims(text, **kw)
    assert len(claims) == 1, [(c.category, c.subject, c.value) for c in claims]
    return claims[0]


@pytest.mark.parametrize("text, party, role", [
    ("قتل 48 جنديا سوريا في كمين بمحافظة الأنبار غربي العراق.", "syr", "military"),
    ("قتل ثلاثة عناصر من الجيش اللبناني في اشتباك على الحدود مع سوريا.", "lbn", "military"),
    ("أصيب خمسة من رجال الشرطة العراقية بانفجار عبوة ناسفة في بغداد.", "irq", "police"),
    ("قتل 13 جنديا تشاديا في معارك مع المسلحين في شمال مالي.", "tcd", "military"),
    ("قتل جنديان فرنسيان في هجوم قرب مدينة غاو في مالي.", "fra", "military"),
    ("قتل سبعة من عناصر حركة الشباب في غارة جنوب الصومال.", "al_shabaab", "fighters"),
    ("قتل 12 عنصرا من تنظيم داعش في اشتباكات قرب الموصل.", "isis", "fighters"),
    ("قتل خمسة مدنيين في قصف على حي سكني في مدينة حلب.", "syr", "civilians"),
    ("أصيب 20 شخصا في انفجار سيارة مفخخة في سوق شعبي بمدينة كركوك.", "irq", "civilians"),
    ("قتل أربعة أطفال في غارة على قرية قرب مدينة إدلب.", "syr", "minors"),
])
def test_nationality_affiliation_and_country_decide_the_party(text, party, role):
    claim = _one(text)
    assert (claim.party, claim.role) == (party, role), claim.rule


def test_the_same_sentence_with_another_country_gives_that_countrys_party():
    """Metamorphic: only the nationality changes, and with it the party."""
    for adjective, party in (("المصري", "egy"), ("اليمني", "yem"), ("الأردني", "jor"), ("الجزائري", "dza")):
        claim = _one(f"قتل ثلاثة عناصر من الجيش {adjective} في هجوم على نقطة حدودية.")
        assert (claim.party, claim.role) == (party, "military")


def test_digits_and_number_words_give_the_same_claim():
    words = _one("قتل خمسة عشر مدنيا في قصف على مدينة حمص.")
    digits = _one("قتل 15 مدنيا في قصف على مدينة حمص.")
    eastern = _one("قتل ١٥ مدنيا في قصف على مدينة حمص.")
    for claim in (words, eastern):
        assert (claim.category, claim.subject, claim.value, claim.party, claim.role) == \
            (digits.category, digits.subject, digits.value, digits.party, digits.role)


def test_a_neutral_sentence_between_figure_and_speaker_changes_nothing():
    plain = _one("قال المرصد السوري لحقوق الإنسان إن 9 مدنيين قتلوا في قصف على بلدة سرمين.")
    padded = _one("قال المرصد السوري لحقوق الإنسان إن 9 مدنيين، وفق ما وثقه ناشطون في المنطقة، قتلوا في قصف على "
                  "بلدة سرمين.")
    assert (padded.category, padded.subject, padded.value, padded.claimed_by, padded.party) == \
        (plain.category, plain.subject, plain.value, plain.claimed_by, plain.party)


def test_the_rule_that_decided_is_on_the_claim_and_in_the_output(tmp_path):
    claim = _one("قتل 48 جنديا سوريا في كمين بمحافظة الأنبار غربي العراق.")
    assert claim.rule == "subject: the noun's own subject; party: the nationality named with them"
    (tmp_path / "a.txt").write_text("قتل خمسة مدنيين في قصف على حي سكني في مدينة حلب.", encoding="utf-8")
    result = rasd.run([tmp_path / "a.txt"], tmp_path / "out")
    (record,) = result.claims
    assert record["party"] == "syr" and record["role"] == "civilians" and record["rule"].startswith("subject: ")


# Stems that are substrings of common words must decide nothing.
def test_lost_contact_is_no_death():
    assert not [c for c in _claims("فقد 5 أشخاص الاتصال بذويهم بعد انقطاع شبكة الهاتف في المدينة.")
                if c.category == "killed"]
    assert _one("فقد 5 أشخاص حياتهم في انفجار بمدينة الرمادي.").category == "killed"


def test_said_is_not_an_attack():
    # ذكرت holds the stem كر (as in كر وفر); a count of fighters in a sentence with no fighting is no attacking force
    assert not [c for c in _claims("ذكرت المصادر أن في المدينة 40 عنصرا من قسد.") if c.category == "attackers"]
    assert not [c for c in _claims("ينتشر في المعسكر 40 عنصرا من قسد بحسب المصادر.") if c.category == "attackers"]


@pytest.mark.parametrize("text", [
    "فر 30 مدنيا من القرية بعد القصف وخروج الأهالي إلى المخيمات.",
    "فر 30 مدنيا من البلدة هربا من القصف الإسرائيلي على المنطقة.",
    "فر 30 مدنيا من البلدة بسبب فقدان الأمن وانقطاع الكهرباء.",
])
def test_civilians_who_flee_are_displaced_whatever_words_hold_a_custody_stem(text):
    claim = _one(text)
    assert claim.category == "displaced", claim


def test_prisoners_who_flee_a_prison_escape():
    assert _one("فر 30 سجينا من سجن المدينة بعد هجوم مسلح.").category == "escaped"


def test_ranks_shared_by_army_and_police_take_the_force_the_article_names():
    police = _one("أصيب ضابط و3 مجندين في هجوم على قسم الشرطة بمدينة العريش.")
    army = _one("قتل ضابط و3 مجندين في هجوم على كمين للجيش في العريش.")
    assert (police.party, police.role) == ("egy", "police")
    assert (army.party, army.role) == ("egy", "military")


def test_activists_are_civilians():
    claim = _one("اعتقلت قوات الأمن 12 ناشطا خلال تظاهرة في مدينة تعز.")
    assert (claim.category, claim.role, claim.party) == ("arrested", "civilians", "yem")


def test_a_datelines_place_is_where_the_outlet_files_from_not_where_it_happened():
    doc = rasd.analyze("دبي، الإمارات العربية المتحدة (CNN)-- قتل عشرة مدنيين في غارة جوية في ولاية كونار بأفغانستان.")
    dubai = [m for m in doc.places if m.place.country == "AE"]
    assert dubai and all(m.weight < 0.2 for m in dubai)
    assert [c.party for c in doc.claims] == ["afg"]
    agency = rasd.analyze("بغداد (رويترز) - قتل عشرة مدنيين في انفجار سيارة مفخخة في سوق شعبي.")
    assert [c.party for c in agency.claims] == ["irq"]  # the only place named: still the country it lies in


def test_a_country_is_the_location_only_when_nothing_finer_is_named(tmp_path):
    (tmp_path / "a.txt").write_text("العراق: قتلى في تفجيرات\n\nبغداد، العراق (CNN)-- قتل 18 شخصا في سلسلة تفجيرات "
                                    "ضربت العراق، وقال مسؤولون في العراق إن التفجيرات استهدفت أسواقا.", encoding="utf-8")
    (incident,) = rasd.run([tmp_path / "a.txt"], tmp_path / "out").incidents
    assert incident["location"]["name"] == "Baghdad"


def test_a_states_forces_that_tell_of_their_own_losses_are_its_own():
    claims = _claims("وقال الجيش التشادي في بيان إنه قتل 65 جهاديا، وهو ينعي 13 جنديا سقطوا في المعارك شمال مالي.")
    soldiers = next(c for c in claims if c.value == 13)
    assert (soldiers.party, soldiers.role) == ("tcd", "military")
    assert soldiers.rule.endswith("party: the state whose forces tell of them")


def test_a_countrys_name_qualifies_only_right_after_the_people():
    claim = _one("أصيب خمسة جنود في مالي خلال هجوم شنه مسلحون على قاعدة قرب غاو.")
    assert claim.rule.split("party: ")[1] != "the nationality named with them"
