"""The domain lexicons are data with rules of their own: well-formed rows, known ids and categories, and the
matcher finds their terms through clitics and spelling variants."""
import pytest

from rasd.lexicon import LEXICONS, default_lexicon, read_rows

CATEGORIES = {"killed", "wounded", "arrested", "escaped", "surrendered", "released", "held", "attackers",
              "displaced", "missing"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than"}
ACTOR_KINDS = {"group", "state", "media", "anonymous", "medical", "witnesses", "reporter", "generic", "nationality",
               "sohr"}


@pytest.mark.parametrize("name", [n for n in LEXICONS if n != "places"] + ["boilerplate", "stopwords"])
def test_rows_are_complete_and_unique(name):
    rows = read_rows(name)
    assert rows, name
    seen = set()
    for row in rows:
        assert all(v is not None for v in row.values()), (name, row)
        key = tuple(row.values())
        assert key not in seen, (name, row)
        seen.add(key)


def test_field_values_are_known():
    assert {r["category"] for r in read_rows("predicates")} <= CATEGORIES
    assert {r["pos"] for r in read_rows("predicates")} <= {"verb", "passive", "noun", "count"}
    assert {r["qualifier"] for r in read_rows("hedges")} <= QUALIFIERS
    assert {r["kind"] for r in read_rows("actors")} <= ACTOR_KINDS
    for row in read_rows("actors"):
        assert row["id"].replace("_", "").isalpha() and row["id"].islower(), row
    for row in read_rows("numbers"):
        assert row["value"].isdigit() or row["kind"] in ("vague", "some", "some_others"), row


@pytest.mark.parametrize("text,lexicon,value", [
    ("والآسايش", "actors", "asayish"), ("الأسايش", "actors", "asayish"), ("قوات سورية الديمقراطية", "actors", "sdf"),
    ("لقوات سوريا الديمقراطية", "actors", "sdf"), ("بالتنظيم", "actors", "isis"), ("للتنظيم", "actors", "isis"),
    ("وقُتِلوا", "predicates", "killed"), ("والقتلى", "predicates", "killed"), ("اصيب", "predicates", "wounded"),
    ("فأصيبوا", "predicates", "wounded"), ("اكثر من", "hedges", "more_than"), ("ما لا يقل عن", "hedges", "at_least"),
])
def test_terms_match_through_clitics_and_variants(text, lexicon, value):
    matches = default_lexicon().scan(__import__("rasd.normalize", fromlist=["x"]).normalize(text).text)
    found = [e for m in matches for e in m.entries if e.lexicon == lexicon]
    assert found, text
    key = {"actors": "id", "predicates": "category", "hedges": "qualifier"}[lexicon]
    assert found[0][key] == value


def test_a_term_inside_another_word_does_not_match():
    matches = default_lexicon().scan("القتلة فرحان")  # killers, a name: not قتل / فر
    assert not [e for m in matches for e in m.entries if e.lexicon == "predicates"]
