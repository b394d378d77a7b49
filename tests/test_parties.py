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
    # the MEK, disarmed in 2003: its members in Iraq's camps are residents, not fighters (parties.tsv)
    ("قتل ثلاثة من أعضاء منظمة مجاهدي خلق في قصف صاروخي على مخيم ليبرتي غرب بغداد.", "mek", "refugees"),
    # «أجنبيا» after soldiers is their nationality (the coalition's), alone it counts foreigners (test below)
    ("قتل مسلحو الحركة 12 جنديا أجنبيا في كمين جنوب البلاد.", "coalition", "military"),
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


def test_those_who_flee_a_refugee_camp_are_displaced_and_those_who_flee_a_detention_camp_escape():
    assert _one("فرت مئات العائلات من مخيم عين الحلوة بعد اشتباكات عنيفة بين الفصائل.").category == "displaced"
    assert _one("فرت 40 عائلة من مخيم الهول ليلة أمس وفق مصادر أمنية.").category == "escaped"


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


# Each rule below has its own sentences (written for the rule, not taken from any corpus).

# (rule, sentence, the party it gives)
PARTY_RULE_SENTENCES = [
    # a dateline names where the outlet files from, not whose people were hit
    ("dateline", "دبي، الإمارات العربية المتحدة (CNN)-- قتل خمسة مدنيين في غارة جوية شرقي أفغانستان.", "afg"),
    ("dateline", "دبي، الإمارات العربية المتحدة (CNN)-- أصيب تسعة مدنيين بانفجار عبوة في العراق.", "irq"),
    ("dateline", "القاهرة، مصر (CNN)-- قتل ستة مدنيين في قصف على بلدة في سوريا.", "syr"),
    # an event word after the figure opens what someone else did: its author's nationality is not the people's
    ("event author", "قتل 12 مدنيا بقصف الطائرات الروسية على بلدة في ريف إدلب.", "syr"),
    ("event author", "أصيب 30 مدنيا باقتحام القوات التركية لقرية في شمال العراق.", "irq"),
    ("event author", "قتل ثمانية مدنيين في غارة للطائرات الأمريكية على قرية في اليمن.", "yem"),
    # a party with ل a word after the people is theirs through an affiliation word (تابعين، الموالين، يتبعون)
    ("affiliation", "قتل سبعة عناصر تابعين لقوات النظام في ريف حماة.", "syr"),
    ("affiliation", "قتل ثلاثة مسلحين يتبعون لحركة الشباب في جنوب الصومال.", "al_shabaab"),
    ("affiliation", "أسر أربعة مقاتلين موالين لتنظيم داعش في ريف دير الزور.", "isis"),
]


@pytest.mark.parametrize("rule, text, party", PARTY_RULE_SENTENCES, ids=[f"{r}-{i}" for i, (r, _, _) in
                                                                           enumerate(PARTY_RULE_SENTENCES)])
def test_a_party_rule_decides_its_sentences(rule, text, party):
    assert _one(text).party == party


@pytest.mark.parametrize("text, not_party", [
    # بينهم، من بينهم: a part of the people follows, not who they all are
    ("هاجم 40 مسلحا، من بينهم ليبيون، نقطة للجيش في جنوب تونس.", "lby"),
    ("شارك 60 مسلحا، بينهم تونسيون، في الهجوم على الثكنة في شرق الجزائر.", "tun"),
    ("هاجم 25 مسلحا، من بينهم سوريون، مقرا للشرطة في محافظة الأنبار.", "syr"),
])
def test_a_part_named_among_them_does_not_name_the_whole(text, not_party):
    claim = _one(text)
    assert claim.party != not_party and claim.role == "fighters", claim.rule


@pytest.mark.parametrize("text, wrong_subject", [
    # a party with ل after a non-person word is that word's owner (a base of the police), not the attackers'
    ("هاجم خمسة انتحاريين قاعدة للشرطة الباكستانية في مدينة بيشاور.", "police"),
    ("هاجم عشرون مسلحا مقرا للجيش اليمني في محافظة أبين.", "army"),
    ("هاجم سبعة مسلحين ثكنة للجيش في ولاية خنشلة.", "army"),
])
def test_a_party_tied_by_lam_to_a_site_is_not_the_attackers(text, wrong_subject):
    claim = _one(text)
    assert claim.subject != wrong_subject and claim.role == "fighters", (claim.subject, claim.rule)


@pytest.mark.parametrize("text, party", [
    # the armed men of no named party belong to the jihadist party the article names most often
    ("أعلنت حركة طالبان مسؤوليتها عن الهجوم. وقالت الشرطة إن حركة طالبان نفذت الهجوم الذي ذكرت تقارير أن تنظيم "
     "القاعدة ساعد فيه. وقتل الحراس ثلاثة متشددين.", "taliban"),
    ("تبنت حركة الشباب الهجوم. وكانت حركة الشباب قد هددت بشن هجمات، وهي مرتبطة بتنظيم القاعدة. وقتل خمسة متشددين "
     "في الاشتباك.", "al_shabaab"),
])
def test_armed_men_of_no_party_belong_to_the_articles_main_jihadist_party(text, party):
    killed = [c for c in _claims(text) if c.value in (3, 5)]
    assert killed and killed[0].party == party, [(c.value, c.party, c.rule) for c in _claims(text)]


@pytest.mark.parametrize("text, party", [
    # an opposition adjective on armed men: the armed opposition of the country of the events
    ("قتل ستة مقاتلين معارضين في اشتباكات مع القوات النظامية في ريف حلب.", "fsa"),
    ("قتل مسلحان معارضان في قصف على بلدة في الغوطة الشرقية بسوريا.", "fsa"),
    ("قتل تسعة مسلحين معارضين في اشتباكات في شمال اليمن.", "unknown"),
])
def test_an_opposition_adjective_names_the_countrys_armed_opposition(text, party):
    claim = _one(text)
    assert (claim.party, claim.role) == (party, "fighters"), claim.rule


@pytest.mark.parametrize("text", [
    "أعلن الجيش الفرنسي مقتل 12 إسلاميا في معارك شمال مالي.",
    "قال مسؤول عسكري إن 30 إسلاميين قتلوا في غارات على مواقعهم.",
    "قتل عشرون إسلاميا في اشتباكات مع القوات الحكومية.",
])
def test_islamists_counted_in_a_fight_are_fighters(text):
    assert _one(text).role == "fighters"


def test_a_party_added_by_a_lexicon_folder_is_seen_by_the_pronoun_and_jihadist_rules(tmp_path):
    """The party sets the rules use (whom a pronoun or a cell points to, which parties are jihadist, whose soldiers a
    speaker counts) come from parties.tsv, so a user's own party takes part in every one of them."""
    from rasd import settings
    (tmp_path / "parties.tsv").write_text(
        "id\tparty\trole\tsector\tjihadist\tcountry\tname_en\ttraits\n"
        "zz_front\tzz_front\tfighters\tnonstate\tyes\tnga\tZZ Front\t\n", encoding="utf-8")
    (tmp_path / "party_names.tsv").write_text("term\tid\nجبهة الفجر الأخضر\tzz_front\n", encoding="utf-8")
    pronoun = "هاجمت جبهة الفجر الأخضر قرية في ولاية بورنو وخسرت أربعة من عناصرها في الاشتباك."
    jihadist = ("تبنت جبهة الفجر الأخضر الهجوم. وقالت جبهة الفجر الأخضر إنها ستواصل هجماتها. وقتل الجيش خمسة "
                "متشددين في الاشتباك.")
    previous = settings.current()
    settings.use(previous.with_lexicon_folders([tmp_path]))
    try:
        lost = [c for c in _claims(pronoun) if c.value == 4]
        killed = [c for c in _claims(jihadist) if c.value == 5]
    finally:
        settings.use(previous)
    assert lost and (lost[0].subject, lost[0].party) == ("zz_front", "zz_front"), lost
    assert killed and killed[0].party == "zz_front", [(c.value, c.party, c.rule) for c in killed]


@pytest.mark.parametrize("text, wrong_subject", [
    # a person noun right after an event word is the event's adjective, not who is counted
    ("ارتفعت حصيلة قتلى التفجير الانتحاري في سوق المدينة إلى 41.", "suicide_bombers"),
    ("سقط 14 قتيلا وأكثر من 40 جريحا بالتفجير الإرهابي قرب المسجد.", "militants"),
    ("ارتفعت حصيلة ضحايا الهجوم الانتحاري على مركز التسوق إلى 23.", "suicide_bombers"),
])
def test_an_events_adjective_is_not_the_people_counted(text, wrong_subject):
    claims = _claims(text)
    assert claims and all(c.subject != wrong_subject for c in claims), [(c.subject, c.rule) for c in claims]


@pytest.mark.parametrize("text, not_subject", [
    # what follows an event word after the figure is the event's place or author, not the people's party
    ("سقط 13 قتيلا بانفجار قرب معبر حدودي بين سوريا وتركيا.", "turkey"),
    ("قتل تسعة أشخاص بقصف للقوات التركية على قرية حدودية.", "turkey"),
    ("أصيب 6 أشخاص في هجوم لداعش على حاجز في ريف الرقة.", "isis"),
])
def test_an_event_word_ends_what_qualifies_the_people(text, not_subject):
    claims = _claims(text)
    assert claims and all(c.subject != not_subject for c in claims), [(c.subject, c.rule) for c in claims]


def test_unnamed_victims_of_a_bombing_told_in_the_lead_are_civilians():
    """ACLED's unnamed victims of remote violence are civilians, also when the figure's own sentence does not
    repeat what happened."""
    text = ("انفجار سيارة مفخخة قرب مبنى البلدية في مدينة الريحانية\n"
            "انفجرت سيارة مفخخة صباح اليوم قرب مبنى البلدية في وسط المدينة.\n"
            "وأكد المسؤولون مقتل 7 أشخاص وجرح 33 آخرين.")
    claims = {c.value: c for c in _claims(text)}
    assert claims[7].subject == claims[33].subject == "civilians", [(c.value, c.subject, c.rule) for c in claims.values()]


def test_a_clash_told_in_its_own_sentence_keeps_its_dead_from_the_leads_bombing():
    """The lead's bombing decides unnamed victims only of figures whose sentence tells no fight of its own."""
    text = ("انفجار سيارة مفخخة قرب مبنى البلدية في مدينة الريحانية\n"
            "انفجرت سيارة مفخخة صباح اليوم قرب مبنى البلدية في وسط المدينة.\n"
            "وفي ريف إدلب قتل 6 أشخاص في اشتباكات بين فصيلين مسلحين.")
    claims = {c.value: c for c in _claims(text)}
    assert claims[6].subject != "civilians", claims[6].rule


# «قام/قيام» and the people counted after it, then the attack they carried out (بالهجوم، باختطاف، برشق): those
# people are the attackers, the armed side of no named party (own sentences).
@pytest.mark.parametrize("text, value", [
    ("وأفاد بلاغ بقيام أربعة ملثمين يستقلون سيارة نقل بالهجوم على نقطة التفتيش.", 4),
    ("وقام شخصان على دراجة نارية برشق دورية الشرطة بقنبلة يدوية.", 2),
    ("وتلقت الشرطة إخطارا يفيد قيام ثلاثة مسلحين باختطاف مهندس أجنبي من موقع العمل.", 3),
])
def test_those_who_carry_out_an_attack_are_its_unnamed_armed_side(text, value):
    (claim,) = [c for c in rasd.analyze(text, published="2013-02-10").claims if c.category == "attackers"]
    assert (claim.value, claim.role, claim.party) == (value, "fighters", "unknown")


@pytest.mark.parametrize("text", [
    "وقام نحو 200 شخص بالتظاهر أمام مبنى المحافظة.",                 # a protest is no attack
    "وقام الجيش باعتقال 5 أشخاص خلال المداهمة.",                      # the number after the act is its object
])
def test_did_without_an_attack_after_its_people_counts_no_attackers(text):
    assert "attackers" not in {c.category for c in rasd.analyze(text, published="2013-02-10").claims}


def test_did_reaches_only_the_people_right_after_it():
    # the officers are the shooting's targets, after «على»: «قام» counts only the people right after it
    text = "وقام مجهولون بإطلاق النار على عدد من ضباط الشرطة أمام القسم."
    assert "attackers" not in {c.category for c in rasd.analyze(text, published="2013-02-10").claims}


def test_foreigners_counted_alone_are_foreigners_not_the_coalition():
    claim = _one("قتل المسلحون 12 أجنبيا في هجوم على الفندق.")
    assert (claim.subject, claim.role) == ("foreigners", "foreigners")
