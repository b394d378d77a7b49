"""Property-based tests over sentences built from the lexicons themselves: whatever verb of killing or wounding,
plural person noun, state (by its adjective) and number, the claim has the number's value, the predicate's
category, the party of the state named and a role, and its evidence is the original text's slice."""
import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rasd
from rasd.lexicon import read_rows

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.lru_cache(maxsize=1)
def _lexicon_pieces():
    penalties = {r["term"] for r in read_rows("modality") if r["kind"] == "penalty"}  # need a carried-out word
    verbal_nouns = sorted({r["term"] for r in read_rows("predicates")
                           if r["pos"] == "noun" and r["category"] in ("killed", "wounded") and " " not in r["term"]
                           and not r["needs"] and not r["term"].startswith("ال") and r["term"] not in penalties})
    categories = {r["term"]: r["category"] for r in read_rows("predicates")}
    soldiers = sorted({r["term"] for r in read_rows("nouns")
                       if r["class"] == "soldier" and r["term"].endswith("ين") and not r.get("count")})
    # adjectives that are unambiguous and not also a name (the state's name would read as a place)
    names = {r["term"] for r in read_rows("countries") if r["form"] == "name"}
    adjectives = sorted({(r["term"], r["iso3"]) for r in read_rows("countries")
                         if r["form"] == "adjective" and " " not in r["term"] and r["term"] not in names
                         and r["term"].endswith("ي")})
    return verbal_nouns, categories, soldiers, adjectives


@st.composite
def sentences(draw):
    verbal_nouns, categories, soldiers, adjectives = _lexicon_pieces()
    noun = draw(st.sampled_from(verbal_nouns))
    soldier = draw(st.sampled_from(soldiers))
    adjective, iso3 = draw(st.sampled_from(adjectives))
    value = draw(st.integers(min_value=3, max_value=900))
    text = f"أعلنت مصادر رسمية {noun} {value} {soldier} {adjective}ين في هجوم على نقطة عسكرية."
    return text, categories[noun], value, iso3


@SETTINGS
@given(sentences())
def test_a_figure_built_from_the_lexicons_reads_back(case):
    text, category, value, iso3 = case
    doc = rasd.analyze(text, published="2013-02-01")
    claims = [c for c in doc.claims if c.value == value]
    assert claims, text
    claim = claims[0]
    assert claim.category == category, text
    assert (claim.party, claim.role) == (iso3, "military"), (text, claim.rule)
    evidence = doc.evidence(claim.start, claim.end)
    assert text[evidence["start"]:evidence["end"]] == evidence["text"] and str(value) in evidence["text"]
