"""One settings object: a user's lexicon folder adds a party (or a country, or a word) and every rule sees it, with
no cache cleared by hand and no environment variable changed; the previous settings bring the previous knowledge."""
import os

import rasd
from rasd import settings
from rasd.knowledge import parties


def test_a_lexicon_folder_adds_a_party_that_every_rule_sees(tmp_path):
    (tmp_path / "parties.tsv").write_text("id\tparty\trole\tsector\tjihadist\tcountry\tname_en\n"
                                          "zz_brigade\tzz_brigade\tfighters\tnonstate\t\tyem\tZZ Brigade\n",
                                          encoding="utf-8")
    (tmp_path / "party_names.tsv").write_text("term\tid\nلواء العاصفة الزرقاء\tzz_brigade\n", encoding="utf-8")
    text = "قتل سبعة من عناصر لواء العاصفة الزرقاء في اشتباكات قرب مدينة تعز."
    before = rasd.analyze(text).claims
    assert "zz_brigade" not in parties() and all(c.party != "zz_brigade" for c in before)
    environment = dict(os.environ)
    previous = settings.current()
    settings.use(previous.with_lexicon_folders([tmp_path]))
    try:
        (claim,) = rasd.analyze(text).claims
        assert (claim.subject, claim.party, claim.role) == ("zz_brigade", "zz_brigade", "fighters")
    finally:
        settings.use(previous)
    assert dict(os.environ) == environment
    assert "zz_brigade" not in parties()
    assert all(c.party != "zz_brigade" for c in rasd.analyze(text).claims)


def test_knowledge_is_built_once_per_settings():
    calls = []

    @settings.knowledge
    def built():
        calls.append(1)
        return object()

    first = built()
    assert built() is first and len(calls) == 1
    previous = settings.current()
    settings.use(previous.with_lexicon_folders([]))
    try:
        assert built() is not first and len(calls) == 2
    finally:
        settings.use(previous)
