"""Outlets from metadata, URL hosts and self-references; framing markers; lexicon folders of the user's own."""
import json

import rasd
from rasd.lexicon import use_lexicon_folders


def test_the_seed_outlets_are_recognised_from_their_texts(shared):
    result = rasd.run([shared / "seeds"])
    outlets = {d["doc"][:3]: d["outlet"] for d in result.documents}
    assert outlets["000"] == "Al-Ittihad Media"       # "مراسل الاتحاد ميديا"
    assert outlets["001"] == "Ugarit Post"            # "أوغاريت بوست (مركز الأخبار)"
    assert outlets["002"] == "Enab Baladi"            # "رصدته عنب بلدي"، "ادعم عنب بلدي"
    assert outlets["003"] == "Baz News Agency"        # "مراسل وكالة باز الأخبارية"


def test_a_cited_outlet_is_not_the_publisher():
    doc = rasd.analyze("قال مصدر أمني لوكالة الأناضول إن ثلاثة مدنيين قتلوا، بحسب عنب بلدي.")
    assert doc.outlet is None


def test_metadata_and_url_host(tmp_path):
    rows = [{"id": "a", "text": "قتل خمسة مدنيين في قصف على ريف إدلب الجنوبي مساء أمس.", "outlet": "Reuters"},
            {"id": "b", "text": "قتل خمسة مدنيين في قصف على ريف إدلب الجنوبي مساء أمس.",
             "url": "https://www.enabbaladi.net/archives/12345"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    docs = {d["doc"]: d for d in rasd.run([tmp_path / "c.jsonl"]).documents}
    assert docs["a"]["outlet"] == "Reuters" and docs["b"]["outlet"] == "Enab Baladi"


def test_framing_records_names_loaded_words_and_doubt():
    doc = rasd.analyze("أعلن المسلحين الأكراد انتهاء المسرحية، وقالت قسد إنها حررت ستة موظفين، حسب زعمها.")
    assert "المسلحين الأكراد" in doc.framing["actor_names"]["sdf"] and "قسد" in doc.framing["actor_names"]["sdf"]
    assert doc.framing["skeptical"] == ["حسب زعمها"]


def test_a_users_lexicon_folder_adds_actors_and_outlets(tmp_path, monkeypatch):
    (tmp_path / "actors.tsv").write_text("term\tid\tkind\nكتائب الفجر\tfajr_brigades\tgroup\n", encoding="utf-8")
    (tmp_path / "outlets.tsv").write_text("term\toutlet\thost\nصوت الوادي\tSawt al-Wadi\t\n", encoding="utf-8")
    try:
        use_lexicon_folders([tmp_path])
        doc = rasd.analyze("قال مراسل صوت الوادي إن كتائب الفجر أعلنت مقتل ثلاثة من عناصرها في كمين.")
        assert doc.outlet == "Sawt al-Wadi"
        assert [(c.subject, c.claimed_by) for c in doc.claims] == [("fajr_brigades", "fajr_brigades")]
    finally:
        use_lexicon_folders([])


def test_sohr_named_alone_under_the_headline_is_the_outlet_and_its_narration_is_sohrs():
    text = ("ارتفاع حصيلة قتلى هجوم على موقع عسكري في بادية السخنة\n\nالمرصد السوري لحقوق الإنسان\n\n"
            "ارتفعت حصيلة القتلى جراء الهجوم على الموقع العسكري في بادية السخنة إلى 9 عناصر من قوات النظام.")
    doc = rasd.analyze(text, published="2024-10-17")
    assert doc.outlet == "Syrian Observatory for Human Rights"
    assert [(c.category, c.value, c.claimed_by) for c in doc.claims] == [("killed", 9, "sohr")]
