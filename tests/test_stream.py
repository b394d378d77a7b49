"""Reading a real news stream: combined tolls are kept but never counted as killed; every document gets a relevance
(political violence, protest, crime or accident, other) from the events it reports, and only political violence and
protests form conflict incidents unless all events are asked for."""
import json

import pytest

import rasd


def _categories(text):
    return [(c.category, c.value) for c in rasd.analyze(text, published="2013-02-01").claims]


@pytest.mark.parametrize("text, value", [
    ("أسفر الانفجار عن مقتل وإصابة 40 شخصا في سوق المدينة.", 40),
    ("سقط 80 شخصا بين قتيل وجريح في الاشتباكات التي شهدتها المدينة.", 80),
    ("خلف الهجوم 40 قتيلا وجريحا في صفوف المدنيين.", 40),
    ("أدى التفجير إلى مقتل وجرح 25 من عناصر الشرطة.", 25),
])
def test_a_combined_toll_is_casualties_never_killed(text, value):
    assert _categories(text) == [("casualties", value)]


@pytest.mark.parametrize("text", [
    "قتل 5 جنود وجرح 10 آخرون في الهجوم على الحاجز.",
    "أسفر الهجوم عن 5 قتلى و10 جرحى بين المدنيين.",
])
def test_split_tolls_stay_killed_and_wounded(text):
    assert sorted(c for c, _ in _categories(text)) == ["killed", "wounded"]


def _relevance(text):
    return rasd.analyze(text, published="2013-02-01").relevance["label"]


@pytest.mark.parametrize("text, label", [
    ("قتل 12 جنديا في هجوم بسيارة مفخخة استهدف حاجزا للجيش قرب مدينة الرمادي، وتبنى التنظيم الهجوم.",
     "political_violence"),
    ("اشتباكات عنيفة بين المتظاهرين وقوات الأمن أمام مديرية الأمن ورشق بالحجارة وزجاجات المولوتوف.",
     "political_violence"),
    ("نظم مئات العمال وقفة احتجاجية أمام مقر الشركة للمطالبة بصرف الأرباح، ورفعوا لافتات تطالب بإقالة المدير.",
     "protest"),
    ("لقي 3 أشخاص مصرعهم وأصيب 5 آخرون في حادث تصادم سيارتين على الطريق الصحراوي.", "crime_accident"),
    ("ألقت مباحث القاهرة القبض على تشكيل عصابي تخصص في سرقة السيارات بالإكراه وضبطت بحوزتهم أسلحة.",
     "crime_accident"),
    ("أصيب 4 أشخاص في مشاجرة بالأسلحة البيضاء بين عائلتين بسبب خلافات على قطعة أرض في أسيوط.", "crime_accident"),
    ("استقبل الرئيس وزير الخارجية الفرنسي وبحثا العلاقات الثنائية وسبل تعزيز التعاون الاقتصادي بين البلدين.",
     "other"),
])
def test_relevance_comes_from_the_events_reported(text, label):
    assert _relevance(text) == label


def test_a_gas_cylinder_explosion_is_an_accident_and_a_car_bomb_is_not():
    assert _relevance("انفجار أسطوانة غاز داخل مصنع طوب وحريق هائل يلتهم المخازن دون إصابات.") == "crime_accident"
    assert _relevance("مقتل 8 أشخاص في انفجار سيارة مفخخة قرب سوق شعبي في بغداد.") == "political_violence"


def test_a_foiled_attack_is_an_event_that_did_not_happen():
    doc = rasd.analyze("أحبطت قوات الأمن محاولة تفجير عبوة ناسفة قرب مبنى المحافظة في الموصل.", published="2013-02-01")
    assert doc.events and all(e.modality is not None for e in doc.events if e.kind == "bombing")


@pytest.mark.parametrize("text", [
    "أعلن المرصد أن أكثر من 70 ألف شخص قتلوا منذ بدء النزاع في سوريا.",
    "وقتل 4400 شخص العام الماضي في أعمال العنف بحسب تقرير للأمم المتحدة.",
    "وتقول المنظمة إن نحو ألف شخص يقتلون سنويا في النزاعات القبلية.",
    "وجاءت الزيارة في ظل الحرب الأهلية التي أودت بحياة أكثر من 60 ألف شخص.",   # the war that took them
    "وقتل نحو 40 شخصا في أعمال عنف منذ الذكرى السنوية الثانية للثورة.",           # since an anniversary
    "وأسفرت هجمات الجماعة عن مقتل نحو ألفي شخص منذ 2010.",                       # since a year
    "وقتل أكثر من 300 جندي في هجمات مماثلة منذ عام 2011.",
    "وقتل 80 شخصا على الأقل منذ انطلاق حركة الاحتجاج في البلاد.",        # the protest movement as a whole
    "وقتل أكثر من 120 صحفيا خلال النزاع بحسب المنظمة.",                   # during the conflict: its toll
    "ولقي أكثر من 90 من عمال الإغاثة حتفهم خلال الحرب.",
    "وأحصت المنظمة 65 قتيلا في أسبوع واحد على طرق المحافظة.",                 # a week's sum of several events
    "وأودت المواجهات في الأسابيع الماضية بحياة 25 متظاهرا في ثلاث مدن.",
    "واعتقل 40 من أنصار الحزب خلال الأيام الماضية.",
    "وأصيب 70 شرطيا خلال الأسبوع الماضي في اشتباكات متفرقة.",
    "وقتل 18 مدنيا في الأيام الأخيرة بحسب الأمم المتحدة.",
    "وفر 300 شخص من القرى خلال أسبوعين.",
    "وأوقعت الحملة الجوية منذ بدئها قرابة 3000 قتيل بحسب منظمات حقوقية.",   # since it began: the campaign's toll
    "وأسفرت الغارات الجوية منذ انطلاقها عام 2004 عن مقتل أكثر من ألفي شخص.",  # a year dates the campaign's start
    "وأوقعت الحملة الجوية التي تشنها قوات التحالف على مواقع التنظيم في الجبال منذ بدئها أكثر من 3000 قتيل.",
    # most of them in a place: a tally spread over places, a country's or a province's day
    "وأحصى ناشطون 85 قتيلا برصاص القوات الحكومية يوم الثلاثاء، سقط معظمهم في مدينة حمص.",
    "وقالت الهيئة إن 64 شخصا قتلوا أمس، أغلبهم في ريف إدلب وحماة.",
])
def test_war_and_year_totals_are_background(text):
    (claim,) = rasd.analyze(text, published="2013-02-01").claims
    assert claim.background


def test_a_figure_beyond_any_incidents_scale_is_background():
    claims = rasd.analyze("وأدى النزاع إلى فرار 2,5 مليون شخص ومقتل 40 آخرين في الهجوم الأخير.",
                          published="2013-02-01").claims
    assert [(c.value, c.background) for c in claims] == [(2_500_000, True), (40, False)]
    claims = rasd.analyze("قتل أكثر من 70 ألف شخص في سوريا، ونزح 50 ألفا من حمص.", published="2013-02-01").claims
    assert [(c.category, c.background) for c in claims] == [("killed", True), ("displaced", False)]
    # a part of a war's total is the war's too
    claims = rasd.analyze("أودت الحرب التي تلتها بحياة الملايين، بينهم 20 ألف طفل.", published="2013-02-01").claims
    assert claims and all(c.background for c in claims)


@pytest.mark.parametrize("text", [
    "وقتل 10 أشخاص في ثاني تفجير يضرب المدينة في أسبوع.",          # an ordinal: the period frames a comparison
    "وقتل 9 أشخاص في أعنف هجوم تشهده المدينة خلال الأسابيع الماضية.",  # a superlative
    "قتل سبعة جنود في الهجوم على البلدة، وهو الأعنف منذ انطلاقها.",
])
def test_a_period_after_an_ordinal_or_a_superlative_is_no_sum(text):
    (claim,) = rasd.analyze(text, published="2013-02-01").claims
    assert not claim.background


@pytest.mark.parametrize("text", [
    "أصيب 25 شخصا معظمهم في حالة حرجة جراء انفجار سيارة مفخخة قرب سوق شعبي.",   # most of them in a state
    "قتل 9 مدنيين معظمهم من النساء في قصف على قرية بريف حلب.",                      # most of them of a kind
    "أصيب 35 شخصا في انفجار عبوة قرب موقف للحافلات، ويرقد معظمهم في مستشفيات الموصل.",  # where they are treated
    "قتل 22 شخصا في سلسلة هجمات ضربت بغداد مساء أمس، معظمهم في حي الكرادة.",            # a part of the event's city
])
def test_most_of_them_in_a_state_or_of_a_kind_is_no_spread(text):
    (claim,) = rasd.analyze(text, published="2013-02-01").claims
    assert not claim.background


def test_another_figures_spread_word_leaves_a_figure_its_own():
    claims = rasd.analyze("قتل 6 جنود في هجوم استهدف نقطة التفتيش، فيما نزح 300 مدني معظمهم في اتجاه مدينة حماة.",
                          published="2013-02-01").claims
    assert [(c.value, c.background) for c in claims if c.category == "killed"] == [(6, False)]


def test_a_figure_since_a_morning_or_days_ago_is_the_events():
    for text in ("قتل 12 شخصا في الاشتباكات الدائرة منذ الصباح.", "قتل 5 أشخاص في هجوم وقع منذ يومين.",
                 "وخلفت المواجهات في البلدة 14 قتيلا منذ اندلاعها مساء الجمعة.",  # since a day: the story's own
                 "ارتفعت حصيلة قتلى الاشتباكات المستمرة في البلدة منذ اندلاعها إلى 15 قتيلا."):  # no campaign
        (claim,) = rasd.analyze(text, published="2013-02-01").claims
        assert not claim.background, text


def test_protests_that_broke_out_yesterday_are_no_war_total():
    (claim,) = rasd.analyze("وأسفرت الاحتجاجات التي اندلعت أمس عن مقتل 3 أشخاص.", published="2013-02-01").claims
    assert not claim.background


def test_a_figure_of_an_armed_party_recalled_below_a_lead_about_politics_is_no_violence():
    text = ("استفتاء في الجزر لتحديد مستقبلها السياسي\nتوجه الناخبون اليوم إلى صناديق الاقتراع في استفتاء على مستقبل "
            "الجزر السياسي، وسط مشاركة واسعة ومراقبة دولية، وأكدت الحكومة أن النتائج ستعلن خلال يومين وأنها ستحترم "
            "إرادة السكان، فيما دعت المعارضة أنصارها إلى المشاركة بكثافة والتعبير عن رأيهم بحرية تامة في هذه المناسبة.\n"
            "وتشير استطلاعات الرأي إلى تقدم واضح لمؤيدي البقاء.\nوتنتشر مراكز الاقتراع في كل القرى.\n"
            "وكانت الجزر قد شهدت في عام 1982 حربا قتل فيها 600 جندي من الجيش.")
    assert _relevance(text) == "other"


@pytest.mark.parametrize("text", [
    # a headline that opens with a statement about violence: the report is about the words
    "الأمين العام يدين تفجيرات العاصمة\nوأعرب عن قلقه من التفجير الذي استهدف سوقا مزدحما وأدى إلى مقتل 20 شخصا.",
    "منظمة حقوقية تدعو إلى التحقيق في الغارات على المدينة\nقالت المنظمة في تقرير إن الغارات الجوية قتلت مدنيين.",
    # violence only recalled far below a lead about something else
    "وزير الخارجية يبحث مع نظيره التعاون الاقتصادي\nاستقبل وزير الخارجية اليوم نظيره وبحثا سبل تعزيز التجارة "
    "والاستثمار بين البلدين وتوقيع اتفاقيات جديدة في مجالات الطاقة والزراعة والتعليم والصحة والنقل، وأكد الجانبان "
    "أهمية التنسيق في المحافل الدولية ودعم مشاريع التنمية في المنطقة وتوسيع التبادل التجاري ليصل إلى مستويات أعلى "
    "خلال الأعوام المقبلة، كما ناقشا ملفات الطاقة. وكان انفجار قد هز العاصمة الشهر الماضي وأسفر عن مقتل جنود.",
])
def test_reports_about_words_or_recalling_violence_are_other(text):
    assert _relevance(text) == "other"


def test_an_explosion_in_training_or_at_a_depot_is_an_accident_even_among_soldiers():
    assert _relevance("مقتل 5 جنود في انفجار أثناء تدريب بقاعدة عسكرية\nقال الجيش إن الانفجار وقع صباح اليوم.") \
        == "crime_accident"
    assert _relevance("مقتل 5 جنود في انفجار استهدف دورية للجيش\nقال الجيش إن الانفجار وقع صباح اليوم.") \
        == "political_violence"


def test_a_report_whose_headline_opens_with_a_robbery_is_crime_though_police_were_shot():
    text = ("إحباط سرقة سيارة نقل أموال وإصابة شرطيين\nتعرضت سيارة نقل أموال لهجوم مسلح ووقعت اشتباكات بين "
            "اللصوص والقوة المرافقة أسفرت عن إصابة شرطيين.")
    assert _relevance(text) == "crime_accident"


def test_a_police_checkpoint_is_no_ambush_and_an_ambush_laid_is():
    kinds = lambda text: [e.kind for e in rasd.analyze(text, published="2013-02-01").events]
    assert "ambush" not in kinds("تمكن كمين مروري من ضبط المتهم وبحوزته أسلحة")
    assert "ambush" in kinds("قتل ثلاثة جنود في كمين نصبه مسلحون لدورية للجيش")


def test_a_report_whose_headline_opens_with_a_riot_stays_political_though_thefts_fill_its_body():
    text = ("ضبط 7 متورطين جدد في أعمال الشغب بالمدينة\nواصلت الأجهزة الأمنية ضبط المتورطين في السرقة والسطو على "
            "المحال التجارية، وضبطت بحوزتهم مسروقات وحشيش، وقالت إن التحقيقات في السرقات مستمرة.")
    assert _relevance(text) == "political_violence"


def test_a_crashed_warplane_is_no_air_strike():
    doc = rasd.analyze("مقتل 12 شخصا بتحطم طائرة حربية وسط العاصمة أثناء رحلة تدريبية", published="2013-02-01")
    assert [e.kind for e in doc.events if e.kind in ("accident", "air_strike")] == ["accident"]


def test_only_political_violence_and_protests_form_incidents_unless_all_events_are_asked_for(tmp_path):
    rows = [{"id": "crash", "published": "2013-02-01",
             "text": "لقي 3 أشخاص مصرعهم وأصيب 5 آخرون في حادث تصادم سيارتين على الطريق الصحراوي بمحافظة الجيزة."},
            {"id": "bomb", "published": "2013-02-01",
             "text": "قتل 8 أشخاص في انفجار سيارة مفخخة قرب سوق شعبي في مدينة كركوك، بحسب مصادر في الشرطة."},
            {"id": "march", "published": "2013-02-01",
             "text": "تظاهر آلاف المواطنين في ميدان التحرير وسط القاهرة للمطالبة بإسقاط الحكومة ورفعوا لافتات."}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    default = rasd.run([corpus], tmp_path / "conflict")
    assert sorted(d for i in default.incidents for d in i["docs"]) == ["bomb", "march"]
    assert all(c["incident"] is None for c in default.claims if c["doc"] == "crash")
    every = rasd.run([corpus], tmp_path / "all", all_events=True)
    kinds = {d: i["kind"] for i in every.incidents for d in i["docs"]}
    assert kinds == {"bomb": "conflict", "march": "conflict", "crash": "crime_accident"}
    protest = next(i for i in default.incidents if i["docs"] == ["march"])
    assert protest["event_type"] == "Protests"


@pytest.mark.parametrize("text", [
    "ويبلغ عدد المصابين بالمرض حاليا قرابة 350 مليون شخص حول العالم.",
    "ارتفعت حالات الإصابة بمرض السكري إلى 25 مليون حالة في البلاد.",
    "استولى المتهمون على مليار و100 مليون جنيه من أموال البنك.",
    # a death sentence kills no one (modality.tsv «sentenced»)
    "وتظاهر المئات بعد إعلان حكم إعدام 21 متهما في القضية.",
    "وكانت المحكمة قضت بإعدام 11 متهما في القضية.",
    # a length is no count of people (nonperson.tsv distance): a wound's centimetres
    "وأصيب الشاب بجرح في الرأس طوله 5 سم.",
    "ونقل المصاب وفي رأسه جرح قطعي بطول 10 سنتيمترات إلى المستشفى.",
    "وتمكنت الشرطة من ضبطه وبحوزته طبنجة عيار 9 ملم و5 طلقات.",          # a calibre
    # seizures of goods and sums are no arrests (nonperson.tsv object, money, sum)
    "وتمكنت مباحث المخدرات من ضبط 12 ألف قرص مخدر داخل مخزن.",
    "وضبطت القوة 40 ألف جنية في شقة المتهم.",
    "وتم ضبط مبلغ 7500 في حقيبة سيارته.",
    "وأسفرت الحملة عن ضبط 300 قطعة سلاح وتنفيذ 9 آلاف حكم.",
    # record numbers, heights and old years count no one (counts._slashed_reference, nonperson.tsv, timewords year)
    "وأصيب الخفير بطلق ناري وتحرر المحضر 4410/2013 جنح المركز.",
    "وأصيب الجندي بعد سقوطه من ارتفاع 30 قدما.",
    "وكشف العلماء عن مقبرة جندي قتل عام 1815 في المعركة.",
    "وكان المتهم مطلوبا لقتل شاب في القضية 3120 أمام محكمة أسيوط.",
    "وأصيب الخفير بطلق ناري وحرر محضر برقم 880 جنح.",
    # kin of the dead are no dead (claim_words relatives); weight lost is no life lost (predicates.tsv unless)
    "وتجمع المئات من أهالي القتيل أمام المستشفى.",
    "وذكر الطبيب أن أربعة رجال مضربين عن الطعام فقدوا كثيرا من أوزانهم.",
])
def test_illness_money_and_sentences_are_no_claims(text):
    assert rasd.analyze(text, published="2013-02-01").claims == []


def test_a_stream_incident_spans_its_reports_days_only(tmp_path):
    rows = [{"id": f"r{day}", "published": f"2013-02-{day:02d}",
             "text": f"قال مصدر أمني إن اشتباكات اندلعت بين قوات الأمن والمتظاهرين في ميدان التحرير وسط القاهرة "
                     f"وأسفرت عن إصابة {day + 3} أشخاص، وإن قوات الأمن أطلقت الغاز المسيل للدموع."}
            for day in range(1, 28, 2)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    import datetime as dt
    for incident in rasd.run([corpus], tmp_path / "out").incidents:
        start, end = dt.date.fromisoformat(incident["start"]), dt.date.fromisoformat(incident["end"])
        assert (end - start).days <= 10, incident["docs"]


@pytest.mark.parametrize("text, category", [
    ("لقي 23 شخصا مصرعهم وأصيب أكثر من 100 آخرين في انفجار قنبلة بمدينة كويتا.", "killed"),
    ("قتل 7 أشخاص في غارة جوية على قرية في ريف إدلب.", "killed"),
    ("عثر على 65 جثة على الأقل لشبان أعدموا في حي بستان القصر.", "killed"),
])
def test_unnamed_victims_of_bombs_and_strikes_and_bodies_found_are_civilians(text, category):
    claim = rasd.analyze(text, published="2013-02-01").claims[0]
    assert (claim.category, claim.subject, claim.role) == (category, "civilians", "civilians")


def test_unnamed_dead_at_a_military_target_stay_unnamed():
    claim = rasd.analyze("قتل 7 أشخاص في انفجار عبوة ناسفة استهدفت دورية عسكرية قرب درعا.", published="2013-02-01").claims[0]
    assert claim.subject != "civilians"


def test_a_headline_figure_restated_with_its_source_is_the_sources():
    doc = rasd.analyze("باكستان: مقتل 45 شخصا في انفجار قرب مسجد في كراتشي\n"
                       "قتل 45 شخصا على الأقل وجرح 150 آخرون جراء انفجار قنبلة في مدينة كراتشي، حسبما ذكرت الشرطة "
                       "الباكستانية.", published="2013-03-03")
    killed = [c for c in doc.claims if c.category == "killed" and c.value == 45]
    assert killed and all(c.claimed_by == "officials" for c in killed)


def _only_incident(tmp_path, text, published):
    """The one incident `rasd run` makes of one dated report."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "e.jsonl").write_text(json.dumps({"id": "e", "text": text, "published": published},
                                                 ensure_ascii=False) + "\n", encoding="utf-8")
    (incident,) = rasd.run([tmp_path / "e.jsonl"], tmp_path / "out").incidents
    return incident


def test_an_incident_starts_on_the_day_its_lead_names_not_on_a_day_recalled_later(tmp_path):
    text = ("قتل 8 أشخاص في انفجار سيارة مفخخة في سوق بمدينة كركوك أمس الأحد، بحسب الشرطة.\n"
            "وأضافت الشرطة أن الانفجار هو الثاني في المدينة.\n"
            "ونقل الجرحى إلى مستشفى المدينة العام.\n"
            "وقالت المصادر إن المدينة شهدت تفجيرا مماثلا يوم الأربعاء الماضي أسفر عن إصابة 5 أشخاص.\n"
            "وتشهد المدينة توترا أمنيا منذ أسابيع.")
    assert _only_incident(tmp_path, text, "2013-03-11")["start"] == "2013-03-10"


def test_a_day_in_a_clause_about_another_happening_is_not_the_incidents(tmp_path):
    text = ("قتل 9 أشخاص في تفجير انتحاري السبت قرب وزارة الدفاع في العاصمة حيث وصل الوزير الزائر مساء الجمعة.\n"
            "وتبنت الحركة الهجوم في اتصال هاتفي.")
    assert _only_incident(tmp_path, text, "2013-03-10")["start"] == "2013-03-09"


def _lead_days(text, published):
    from rasd.dates import lead_date_indices
    doc = rasd.analyze(text, published=published)
    return sorted({doc.dates[i].value.isoformat() for i in lead_date_indices(doc)})


@pytest.mark.parametrize("text, published, days", [
    # the day of a statement is not the event's: the spokesman spoke on Thursday of Sunday's attack
    ("أعلن المتحدث باسم وزارة الدفاع، اليوم الخميس، ارتفاع حصيلة الهجوم الذي استهدف مساء الأحد الماضي حاجزا "
     "للجيش إلى ستة قتلى.", "2023-03-16", ["2023-03-12"]),
    # a speech verb with its object pronoun («ونقلته»), and a claim of an attack whose day comes after the event word
    ("تبنى التنظيم الهجوم الذي وقع الخميس الماضي على وزارة العدل. وقال بيان للتنظيم ونقلته الشبكة اليوم الأحد "
     "إن عناصره نفذوا الهجوم.", "2013-03-17", ["2013-03-14"]),
    # a dateline's line is no sentence of the lead: the lead goes on to the news and its day (the dateline's day
    # stays among the lead's)
    ("ارتفاع حصيلة الهجوم إلى ستة قتلى\nبعقوبة – 16 آذار 2023\nقالت مصادر أمنية إن التوتر يسود المنطقة.\n"
     "وأعلن المتحدث باسم وزارة الدفاع، اليوم الخميس، ارتفاع حصيلة الهجوم الذي استهدف مساء الأحد الماضي حاجزا "
     "للجيش.", "2023-03-16", ["2023-03-12", "2023-03-16"]),
    # a day told only as a statement's is kept: nothing else dates the story
    ("قال مصدر أمني اليوم الأحد إن خمسة أشخاص قتلوا في انفجار.", "2013-03-17", ["2013-03-17"]),
])
def test_the_lead_dates_its_event_not_its_statements_or_dateline(text, published, days):
    assert _lead_days(text, published) == days


def _event_days(text, published):
    from rasd.dates import event_date_indices
    doc = rasd.analyze(text, published=published)
    return sorted({doc.dates[i].value.isoformat() for i in event_date_indices(doc)})


@pytest.mark.parametrize("text, published, days", [
    # the lead's own day; not the statement's
    ("قتل 18 شخصا في سلسلة تفجيرات وسط بغداد اليوم الخميس، وقال مسؤول اليوم الجمعة إن الحصيلة قد ترتفع.",
     "2013-03-15", ["2013-03-14"]),
    # a lead that dates nothing of its own: the day a later sentence counts back from the report's
    ("أفاد مصدر أمني بأن 15 شخصا سقطوا بين قتيل وجريح في تفجير سيارتين.\nوقال المصدر إن الحصيلة أولية.\n"
     "وأضاف أن الشرطة طوقت المكان.\nوكانت بغداد شهدت صباح اليوم سلسلة انفجارات.", "2013-03-19", ["2013-03-19"]),
    # only statements' days, and a calendar date beyond the lead (background): unknown
    ("قال المتحدث باسم وزارة الداخلية اليوم الأحد إن القوات تواصل عملياتها في المدينة.\nوأضاف أن الحملة "
     "مستمرة حتى يعود الأمن إلى الأحياء كلها.\nوتابع أن الوضع مستقر في معظم المناطق.\n"
     "وتشن الشرطة عمليات منذ 18 كانون الثاني.", "2013-02-03", []),
    # «منذ» with a span: since when a state has lasted (held for three weeks), not the day of the release
    ("أطلق متمردو القوات المسلحة الثورية الكولومبية سراح جندي كانوا يحتجزونه منذ ثلاثة أسابيع، بحسب الصليب "
     "الأحمر الدولي.", "2013-02-17", []),
    ("تشن الشرطة التركية منذ 18 كانون الثاني حملة اعتقالات واسعة في صفوف الحزب، وقالت إنها اعتقلت مئة شخص.",
     "2013-02-03", []),
    # the day a paper or a statement came out («في عددها الصادر»، «البيان الصادر») is the telling's, not the
    # event's
    ("وتناولت صحيفة نمساوية في عددها الصادر اليوم الأحد سيرة منفذ التفجير الذي وقع أمس السبت قرب القنصلية.",
     "2013-02-03", ["2013-02-02"]),
    # a day after the issued word and another word is no issue's day: «الصادرة بحقهم فجر أمس» may date the arrests
    ("داهمت الشرطة منازل النشطاء واعتقلت 12 منهم بموجب أوامر الضبط الصادرة بحقهم فجر أمس.", "2013-02-13",
     ["2013-02-12"]),
])
def test_the_days_of_a_reports_own_event(text, published, days):
    assert _event_days(text, published) == days


def test_clashes_where_people_protest_are_a_riot(tmp_path):
    text = ("اشتبك العشرات من المتظاهرين مع رجال الشرطة أمام مبنى البرلمان في محاولة لاختراق الطوق الأمني، "
            "ورفع المحتجون لافتات تطالب بإسقاط الحكومة.")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    (incident,) = rasd.run([tmp_path / "r.txt"], tmp_path / "out").incidents
    assert (incident["event_type"], incident["sub_event_type"]) == ("Riots", "Violent demonstration")


def test_western_forces_speak_as_the_coalition_only_where_it_fights_the_is():
    mali = rasd.analyze("قالت وزارة الدفاع الفرنسية إن 20 مسلحا قتلوا في معارك قرب مدينة غاو شمال مالي.",
                        published="2013-02-01").claims
    iraq = rasd.analyze("قالت وزارة الدفاع الفرنسية إن 20 مسلحا من داعش قتلوا في غارات قرب مدينة الموصل.",
                        published="2017-02-01").claims
    assert [c.claimed_by for c in mali] == ["officials"]
    assert [c.claimed_by for c in iraq] == ["coalition"]


def test_a_report_placed_only_at_a_country_joins_its_best_match_there_and_links_nothing(tmp_path):
    town = ("قتل ثلاثة من المسلحين الحوثيين وأصيب اثنان آخرون في اشتباكات مع قوات الأمن في مدينة صعدة شمال اليمن، "
            "بحسب مصادر أمنية.")
    country = ("قالت مصادر أمنية يمنية إن ثلاثة من المسلحين الحوثيين قتلوا وأصيب اثنان آخرون في اشتباكات مع قوات "
               "الأمن في شمال اليمن.")
    other = "قتل خمسة جنود في هجوم على نقطة عسكرية في محافظة مأرب باليمن، بحسب مصادر عسكرية."
    rows = [{"id": "town", "text": town, "published": "2013-03-23"},
            {"id": "country", "text": country, "published": "2013-03-23"},
            {"id": "other", "text": other, "published": "2013-03-23"}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    groups = sorted(sorted(i["docs"]) for i in rasd.run([corpus], tmp_path / "out").incidents)
    assert groups == [["country", "town"], ["other"]]


def _incident_of(tmp_path, text, published="2013-02-01"):
    incident = _only_incident(tmp_path, text, published)
    return incident["event_type"], incident["sub_event_type"]


def test_an_attack_on_soldiers_is_a_battle_and_on_civilians_violence_against_them(tmp_path):
    assert _incident_of(tmp_path / "a", "هاجم مسلحون مخفرا للجيش قرب الحدود ما أسفر عن مقتل أربعة جنود.") \
        == ("Battles", "Armed clash")
    assert _incident_of(tmp_path / "b", "هاجم مسلحون قرية نائية ما أسفر عن مقتل أربعة مدنيين بينهم طفلان.") \
        == ("Violence against civilians", "Attack")


def test_clashes_of_no_armed_party_are_a_riot_and_no_feud(tmp_path):
    text = "قالت وزارة الصحة إن 3 أشخاص قتلوا وأصيب 60 في الاشتباكات التي وقعت أمام مبنى المحافظة أمس."
    assert rasd.analyze(text, published="2013-02-01").relevance["label"] == "political_violence"
    assert _incident_of(tmp_path, text) == ("Riots", "Violent demonstration")
    feud = "أصيب 6 أشخاص في اشتباكات بين عائلتين بسبب خلافات على الثأر في قرية بأسيوط."
    assert rasd.analyze(feud, published="2013-02-01").relevance["label"] == "crime_accident"
    villages = "توقف حركة القطارات وإصابة 2 في اشتباكات بين قريتين بسبب السولار"  # no feud word but «بين قريتين»
    assert rasd.analyze(villages, published="2013-02-01").relevance["label"] == "crime_accident"


def test_a_suicide_bombing_weighs_twice_among_the_clashes_it_opened(tmp_path):
    text = ("فجر انتحاريان سيارتين مفخختين عند قاعدة للمتمردين ثم اندلعت اشتباكات عنيفة، وقتل 5 من المتمردين.\n"
            "وقال المتحدث إن الاشتباكات استمرت ساعة.")
    assert _incident_of(tmp_path, text)[0] == "Explosions/Remote violence"


def test_shelling_told_beside_the_fighting_it_supports_is_the_battles_fire(tmp_path):
    # rebels storm a base under shelling: a battle (ACLED's armed clash); shelling alone stays remote violence, and a
    # bomb beside a clash keeps its own type
    storm = ("اقتحم مقاتلو المعارضة قاعدة للدفاع الجوي بعد اشتباكات عنيفة مع الجنود، وسط قصف مدفعي على محيطها، "
             "وقتل 9 من الجنود.")
    assert _incident_of(tmp_path / "a", storm)[0] == "Battles"
    shelled = "سقطت قذائف هاون على سوق شعبي في البلدة ما أسفر عن مقتل 6 مدنيين وإصابة آخرين."
    assert _incident_of(tmp_path / "b", shelled)[0] == "Explosions/Remote violence"
    bomb = "انفجرت سيارة مفخخة عند حاجز للجيش تلتها اشتباكات مع مسلحين، وقتل 4 من الجنود."
    assert _incident_of(tmp_path / "c", bomb)[0] == "Explosions/Remote violence"
    market = ("قتل 14 مدنيا في غارة جوية استهدفت سوقا شعبيا في البلدة، فيما يشتبك الجيش مع مقاتلين معارضين "
              "في محيط مطارها.")  # the strike's civilian dead: the strike is the event
    assert _incident_of(tmp_path / "d", market)[0] == "Explosions/Remote violence"


def test_tear_gas_is_riot_control_and_no_bomb():
    kinds = [e.kind for e in rasd.analyze("أطلقت الشرطة القنابل المسيلة للدموع على المحتجين").events]
    assert "bombing" not in kinds and "protest_intervention" in kinds


@pytest.mark.parametrize("text", ["أطلقت الشرطة قنابل الغاز المسيلة للدموع على المتظاهرين في طنطا",
                                  "واستخدم الأمن قنابل مسيلة للدموع لتفريق المحتجين في طنطا"])
def test_tear_gas_names_no_town(text):
    # «المسيلة» is also the Algerian M'Sila: after a gas word it is "tear", and places_ambiguous.tsv says so
    assert [m.place.name_en for m in rasd.analyze(text).places] == ["Tanta"]


def test_an_event_named_as_a_charge_is_recalled_not_reported_and_its_figure_stays():
    doc = rasd.analyze("القبض على 5 متهمين بتهمة تفجير سيارة مفخخة أودى بحياة 9 أشخاص", published="2013-02-01")
    assert {(e.kind, e.modality) for e in doc.events} == {("arrest", None), ("bombing", "charged")}
    assert ("killed", 9) in [(c.category, c.value) for c in doc.claims]
    doc = rasd.analyze("استمعت المحكمة إلى الشهود في قضية اغتيال المعارض", published="2013-02-01")
    assert [(e.kind, e.modality) for e in doc.events if e.kind == "assassination"] == [("assassination", "charged")]


@pytest.mark.parametrize("text, kind", [
    ("أفرجت الشرطة عن الرجل لعدم وجود دليل على تورطه في عمليات إرهابية", "attack"),
    ("اعتقلت قوات الأمن أربعة أشخاص يشتبه في تورطهم في تفجير السفارة", "bombing"),
    ("تنفي الحركة تورطها في اغتيال المعارض", "assassination"),
])
def test_an_alleged_part_in_an_event_is_a_charge_not_a_report_of_it(text, kind):
    # «تورط» names what someone is suspected of: the event is recalled as a charge, not told as happened
    events = rasd.analyze(text, published="2013-02-01").events
    assert [(e.kind, e.modality) for e in events if e.kind == kind] == [(kind, "charged")]


# Who is counted, as the news of the stream writes it: Egyptian police's arrest words, bodies found, duals and
# plurals of workers and tourists, «أحد» and «واحد» stating one (the annotation guide requires them).
@pytest.mark.parametrize("text, claims", [
    ("ضبط ستة أشخاص من عناصر عصابة مسلحة في المدينة", [("arrested", 6)]),     # Egyptian police's «ضبط»
    ("الأمن يقبض على 5 متهمين في أحداث الشغب", [("arrested", 5)]),
    ("اختطف 6 من العاملين الصحيين في المستشفى", [("held", 6)]),              # «العاملين»: the workers, not two
    ("وعثر على 56 جثمانا على الأقل في النهر", [("killed", 56)]),          # bodies found are dead
    ("تم انتشال 12 جثة من تحت الأنقاض", [("killed", 12)]),
    ("عثرت الشرطة على 3 أطفال تائهين في الغابة", []),                     # people found alive are no dead
    ("قام مجهولون باختطاف سائحين بريطانيين", [("held", 2)]),               # two tourists: a dual of its own
    ("قتل أحد الجنود في الهجوم على الحاجز", [("killed", 1)]),     # «أحد الجنود» states one
    ("انفجرت عبوة قرب أحد المعابر الحدودية", []),                # one of the crossings counts no one
    ("دمرت الغارة منزل أحد القادة", []),                          # the house of one of them: its owner
    ("أسفر الهجوم عن إصابة ضابط واحد", [("wounded", 1)]),         # a person noun and «واحد» state one
    ("قتل خمسة أشخاص من عائلة واحدة", [("killed", 5)]),           # one family is no one person
    ("انفجرت سيارة واحدة قرب السوق", []),                          # one car counts no one
])
def test_who_is_counted_in_the_streams_words(text, claims):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-02-01").claims] == claims



def test_two_cities_near_each_other_are_two_places(tmp_path):
    """ACLED's unit is the town: the same night's clashes in Mansoura and in El-Mahalla, 25 km apart, told in the
    same words, are two incidents; two reports of Mansoura are one (own sentences)."""
    text = ("اشتباكات بين قوات الأمن والمتظاهرين أمام قسم شرطة ثان {city}\nاندلعت اشتباكات مساء أمس بين قوات الأمن "
            "ومتظاهرين أمام قسم شرطة ثان {city} أسفرت عن إصابة {n} أشخاص، وألقت الشرطة القبض على عدد من المتظاهرين.")
    rows = [{"id": "mansoura1", "published": "2013-02-25", "text": text.format(city="المنصورة", n=7)},
            {"id": "mansoura2", "published": "2013-02-25", "text": text.format(city="المنصورة", n=9)},
            {"id": "mahalla", "published": "2013-02-25", "text": text.format(city="المحلة", n=7)}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    groups = sorted(sorted(i["docs"]) for i in rasd.run([corpus], tmp_path / "out").incidents)
    assert groups == [["mahalla"], ["mansoura1", "mansoura2"]]


def test_two_events_of_one_day_in_a_city_of_millions_stay_two(tmp_path):
    """A report placed only at Baghdad shares its place with every attack of the city that day: it needs the wording
    of one event (settings incidents.min_similarity), not the nearness that joins a town's reports (own sentences:
    a checkpoint attack and the killing of two estate agents the same morning)."""
    rows = [{"id": "checkpoint", "published": "2013-03-05",
             "text": "مقتل شرطي في هجوم مسلح على نقطة تفتيش في بغداد\nقال مصدر أمني عراقي إن مسلحين مجهولين هاجموا نقطة "
                     "تفتيش للشرطة في بغداد صباح اليوم، ما أسفر عن مقتل شرطي وإصابة 3 مدنيين."},
            {"id": "agents", "published": "2013-03-05",
             "text": "اغتيال تاجري عقارات ببغداد\nقال مصدر أمني إن مسلحين مجهولين اغتالوا تاجري عقارات داخل مكتبهما في "
                     "بغداد صباح اليوم بمسدسات كاتمة للصوت ولاذوا بالفرار."}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    groups = sorted(sorted(i["docs"]) for i in rasd.run([corpus], tmp_path / "out").incidents)
    assert groups == [["agents"], ["checkpoint"]]


# A toll cited right after «بحسب/وفق» is its publisher's: the speaker is named after it («بحسب حصيلة جديدة نشرتها
# الشرطة»، «وفق حصيلة للشرطة»); a toll of no one («بحسب حصيلة القتلى») leaves the outlet's voice (own sentences).
@pytest.mark.parametrize("text, speaker", [
    ("قتل 12 شخصا في هجوم على السوق، بحسب حصيلة جديدة نشرتها الشرطة.", "officials"),
    ("قتل 12 شخصا في هجوم على السوق، وفق حصيلة للشرطة.", "officials"),
    ("قتل 7 أشخاص في القصف بحسب حصيلة لوزارة الصحة.", "medical"),
    ("قتل 12 شخصا في هجوم على السوق، بحسب حصيلة القتلى.", "outlet"),
    ("قتل 9 أشخاص في هجوم على السوق، بحسب آخر حصيلة نشرتها الشرطة.", "officials"),
    ("قتل 9 أشخاص في اشتباكات بين الجيش والمسلحين، بحسب حصيلة المواجهات مع الجيش.", "outlet"),  # a side, no publisher
])
def test_a_toll_cited_is_its_publishers(text, speaker):
    assert [c.claimed_by for c in rasd.analyze(text, published="2013-03-01").claims] == [speaker]


# A figure of attackers joined by و to a figure a casualty word governs shares its fate («قتل ستة شرطيين و4 من
# المهاجمين»: killed, not a count of attackers); alone, «عدد المهاجمين» still counts attackers (own sentences).
@pytest.mark.parametrize("text, claims", [
    ("قتل ستة شرطيين و4 من المهاجمين في الهجوم على المركز.", [("killed", 6), ("killed", 4)]),
    ("أصيب 3 جنود و2 من المهاجمين في الاشتباك.", [("wounded", 3), ("wounded", 2)]),
    ("قتل ستة شرطيين، وبلغ عدد المهاجمين 40 مسلحا.", [("killed", 6), ("attackers", 40)]),
])
def test_attackers_joined_to_a_toll_share_its_fate(text, claims):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-03-01").claims] == claims


def _bulletin(day, jobar, shaar, daraa, outlet="a"):
    """A day's national casualty bulletin with items in three places far apart (own text)."""
    total = jobar + shaar + daraa
    return {"id": f"bulletin{day}{outlet}", "published": f"2013-03-{day:02d}",
            "text": f"سوريا: {total} قتيلا برصاص قوات النظام\nقالت لجان التنسيق المحلية إن {total} شخصا قتلوا اليوم في "
                    f"أنحاء سوريا. وقتل {jobar} أشخاص في قصف على حي جوبر في دمشق. وقتل {shaar} آخرون في غارة على "
                    f"حي الشعار في حلب. وقتل {daraa} في اشتباكات في مدينة درعا."}


def test_the_items_of_two_days_bulletins_make_no_incident(tmp_path):
    """Each day's bulletin tells that day's shelling of Jobar: three days of bulletins are three days' items, not one
    incident of three days (settings incidents.bulletin_parts)."""
    rows = [_bulletin(11, 12, 8, 5), _bulletin(12, 9, 7, 4), _bulletin(13, 14, 6, 3)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    incidents = rasd.run([corpus], tmp_path / "out").incidents
    assert incidents and all(len(i["docs"]) == 1 for i in incidents)


def test_the_items_of_one_days_bulletins_join(tmp_path):
    """Two outlets' bulletins of the same day tell the same day's shelling of Jobar: one incident."""
    other = {"id": "bulletin11b", "published": "2013-03-11",
             "text": "نشطاء: 25 قتيلا في سوريا اليوم\nأفاد المرصد السوري لحقوق الإنسان بسقوط 25 قتيلا في أنحاء البلاد. "
                     "وسقط 12 قتيلا جراء قصف مدفعي استهدف حي جوبر في دمشق، فيما قضى 8 في قصف جوي على حي الشعار "
                     "في حلب، و5 برصاص قناصة في درعا البلد."}
    rows = [_bulletin(11, 12, 8, 5, "a"), other]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run = rasd.run([corpus], tmp_path / "out")
    assert all(d.get("copy_of") is None for d in run.documents)  # two tellings, not a copy
    assert any(sorted(i["docs"]) == ["bulletin11a", "bulletin11b"] for i in run.incidents)


def test_a_bulletins_item_joins_no_event_of_another_day(tmp_path):
    """A day's bulletin item in Jobar tells nothing of the shelling of Jobar reported the day before: only a report
    of its own joins another day's incident."""
    event = {"id": "jobar10", "published": "2013-03-10",
             "text": "قصف عنيف على حي جوبر في دمشق\nقالت مصادر محلية إن 9 أشخاص قتلوا اليوم في قصف مدفعي عنيف استهدف "
                     "حي جوبر في دمشق، وإن القصف دمر عدة منازل في الحي."}
    follow = {"id": "jobar10b", "published": "2013-03-10",
              "text": "ارتفاع قتلى قصف جوبر\nارتفع عدد قتلى القصف المدفعي الذي استهدف حي جوبر في دمشق اليوم إلى 11 شخصا، "
                      "بحسب مصادر محلية قالت إن القصف دمر عدة منازل."}
    rows = [event, follow, _bulletin(11, 12, 8, 5)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    incidents = rasd.run([corpus], tmp_path / "out").incidents
    jobar = next(i for i in incidents if "jobar10" in i["docs"])
    assert sorted(jobar["docs"]) == ["jobar10", "jobar10b"]


# An activist network or a rights monitor speaks as itself and is never the people counted (actors.tsv monitor;
# own sentences).
@pytest.mark.parametrize("text, speaker", [
    ("وقالت لجان التنسيق المحلية إن 17 شخصا قتلوا في القصف.", "lcc"),
    ("وثقت الشبكة السورية لحقوق الإنسان مقتل 118 شخصا أمس.", "snhr"),
    ("وقالت الهيئة العامة للثورة السورية إن 90 قتيلا سقطوا أمس.", "sgsr"),
    ("وقالت منظمة العفو الدولية إن الشرطة قتلت 9 محتجين في الميدان.", "amnesty"),
    ("وذكرت هيومن رايتس ووتش أن 14 مدنيا قتلوا في الغارة.", "hrw"),
    ("وبحسب الاتحاد الدولي لحقوق الإنسان فقد اعتقل 300 ناشط منذ الصيف.", "fidh"),
    ("وقال اتحاد تنسيقيات الثورة السورية إن 22 شخصا قتلوا في القصف.", "ucsr"),
    ("وبحسب أرقام لجان التنسيق فقد قتل 35 شخصا أمس.", "lcc"),
    ("وقالت منظمة العفو إن الحراس قتلوا 6 سجناء خلال التمرد.", "amnesty"),
    ("ووثق مركز توثيق الانتهاكات مقتل 47 شخصا في المدينة.", "vdc"),
])
def test_an_activist_network_speaks_as_itself(text, speaker):
    (claim,) = rasd.analyze(text, published="2013-03-01").claims
    assert claim.claimed_by == speaker and claim.subject != speaker


def test_the_organisation_that_spoke_goes_on_speaking():
    """«وأضافت المنظمة»: a verb of adding goes on with the speaker before it (own sentences)."""
    text = "وقالت منظمة العفو الدولية إن الشرطة قتلت 9 محتجين. وأضافت المنظمة أن السلطات اعتقلت 40 شخصا."
    assert [c.claimed_by for c in rasd.analyze(text, published="2013-03-01").claims] == ["amnesty", "amnesty"]


def test_an_activist_network_is_never_the_people_counted():
    text = "وقالت لجان التنسيق المحلية إن 5 من عناصرها قتلوا برصاص قوات النظام."
    (claim,) = rasd.analyze(text, published="2013-03-01").claims
    assert (claim.claimed_by, claim.subject) == ("lcc", "fighters")


def test_a_unit_is_no_function_word():
    """«مما» is no millimetre: the figure before it keeps its people (own sentence)."""
    claims = rasd.analyze("وأصيب 3 مما استدعى نقلهم إلى المستشفى.", published="2013-03-01").claims
    assert [(c.category, c.value) for c in claims] == [("wounded", 3)]


def test_the_bloodiest_day_of_a_war_is_that_days_toll():
    """A day's toll compared with the war's other days is the day's, not the war's (own sentence)."""
    (claim,) = rasd.analyze("وقتل 150 شخصا أمس في أكثر الأيام دموية في هذا النزاع.", published="2013-03-01").claims
    assert not claim.background


# People counted by their nationality belong to it, wherever the sentence places them (own sentences).
@pytest.mark.parametrize("text, party", [
    ("وأدى انفجار الحافلة إلى مقتل أربعة بريطانيين في منتجع على الساحل الكيني.", "gbr"),
    ("وقتل 3 أتراك في انفجار سيارة مفخخة في حلب.", "tur"),
])
def test_people_named_by_their_nationality_are_its_party(text, party):
    (claim,) = rasd.analyze(text, published="2013-03-01").claims
    assert claim.party == party


# A state named right after a speech verb speaks through its government; the party after it is accused, not heard
# (own sentences).
@pytest.mark.parametrize("text", [
    "واتهمت كينيا حركة الشباب بقتل 9 من سكان القرية.",
    "وأعلنت فرنسا مقتل عشرات المسلحين في غارات على مواقع حركة أنصار الدين.",
])
def test_a_state_named_after_a_speech_verb_is_its_government(text):
    assert [c.claimed_by for c in rasd.analyze(text, published="2013-03-01").claims] == ["officials"]


def test_an_age_is_no_count():
    """«أعمارهم في العشرين» gives their age (claim_words age; own sentence)."""
    claims = rasd.analyze("وجرح خمسة طلاب أعمارهم في العشرين بنيران القناصة.", published="2013-03-01").claims
    assert [(c.category, c.value) for c in claims] == [("wounded", 5)]
    # a guard: an age word ends its own clause, the figure after it keeps its verb
    text = "وقتل الانفجار طفلا في العاشرة من عمره، وأصاب خمسة آخرين."
    assert ("wounded", 5) in {(c.category, c.value) for c in rasd.analyze(text, published="2013-03-01").claims}


# Each of this pass's readings of numbers, by its own sentence (own sentences).
@pytest.mark.parametrize("text, expected", [
    ("وضبطت الشرطة السيارة رقم 418/5530 واعتقلت 3 من ركابها.", [("arrested", 3)]),  # a plate: digits/digits
    ("واعتقلت الشرطة في القضية 12 شخصا.", [("arrested", 12)]),            # a label before people is no label
    ("وبلغت حصيلة العام 4500 قتيل في البلاد.", [("killed", 4500)]),         # a year word before people: a count
])
def test_labels_and_years_give_way_to_people(text, expected):
    assert [(c.category, c.value) for c in rasd.analyze(text, published="2013-03-01").claims] == expected


def test_a_capital_speaks_for_its_government():
    """«وقالت دمشق»: the capital speaks as the government's id (actors.tsv capital; own sentence)."""
    (claim,) = rasd.analyze("وقالت دمشق إن 40 مسلحا قتلوا في الاشتباك.", published="2013-03-01").claims
    assert claim.claimed_by == "syrian_government"


def test_security_men_are_police():
    (claim,) = rasd.analyze("وقتل 5 من أفراد الأمن في الهجوم على الحاجز.", published="2013-03-01").claims
    assert claim.role == "police"
