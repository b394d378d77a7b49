"""Copies: a wire story carried by several outlets, or a page saved twice, is one report with its copies listed;
its claims count once, and the incident stage compares none of them."""
import json
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rasd
from rasd import incidents as incidents_stage
from rasd.copies import find_copies, fingerprint
from rasd.records import DocumentFeatures


def _seed_texts(shared: pathlib.Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]


def _respelled(text: str) -> str:
    """Another outlet's copy of a wire story: its own spelling of hamza and final ya, its own dateline."""
    return "الحسكة (رويترز) - " + text.replace("أ", "ا").replace("إ", "ا").replace("ى", "ي")


def test_a_respelled_copy_is_found_and_other_reports_are_not(shared):
    texts = _seed_texts(shared)
    pairs = [(f"seed{i}", fingerprint(rasd.analyze(t))) for i, t in enumerate(texts)]
    pairs.append(("respelled", fingerprint(rasd.analyze(_respelled(texts[0])))))
    assert find_copies(pairs) == {"respelled": "seed0"}  # the five outlets' own reports of one attack are not


def test_the_same_words_a_month_apart_are_not_copies(shared):
    state = fingerprint(rasd.analyze(_seed_texts(shared)[0]))
    assert find_copies([("a", state, "2022-01-20"), ("b", state, "2022-02-20")]) == {}
    assert find_copies([("a", state, "2022-01-20"), ("b", state, "2022-01-22"), ("c", state, None)]) == {
        "b": "a", "c": "a"}


def test_the_known_days_of_a_set_of_copies_lie_within_the_gap_of_each_other(shared):
    """An original with no day, or one day between two others, took as copies texts published months (or twelve
    days) apart, which then joined one incident: every known day of a set of copies lies within max_gap_days
    (a week) of the others."""
    state = fingerprint(rasd.analyze(_seed_texts(shared)[0]))
    assert find_copies([("undated", state, None), ("january", state, "2022-01-22"), ("june", state, "2022-06-22")]) \
        == {"january": "undated"}
    assert find_copies([("middle", state, "2022-01-22"), ("before", state, "2022-01-16"),
                        ("after", state, "2022-01-28")]) == {"before": "middle"}
    assert find_copies([("middle", state, "2022-01-22"), ("before", state, "2022-01-19"),
                        ("after", state, "2022-01-25")]) == {"before": "middle", "after": "middle"}


def test_a_short_text_is_never_a_copy():
    brief = rasd.analyze("قتل خمسة أشخاص في انفجار سيارة مفخخة في بغداد.")
    assert fingerprint(brief) is None
    assert find_copies([("a", fingerprint(brief)), ("b", fingerprint(brief))]) == {}


def test_a_fingerprint_travels_through_the_cache(shared):
    doc = rasd.analyze(_seed_texts(shared)[0])
    features = DocumentFeatures(fingerprint=fingerprint(doc))
    again = DocumentFeatures.from_json(json.loads(json.dumps(features.to_json())))
    assert again.fingerprint == features.fingerprint
    assert find_copies([("a", features.fingerprint), ("b", again.fingerprint)]) == {"b": "a"}


@pytest.fixture
def copied_corpus(shared, tmp_path):
    """One seed, and three copies of it: two saved again, one respelled by another outlet."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = _seed_texts(shared)[0]
    (folder / "a_original.txt").write_text(text, encoding="utf-8")
    (folder / "b_saved_again.txt").write_text(text, encoding="utf-8")
    (folder / "c_saved_again.txt").write_text(text, encoding="utf-8")
    (folder / "d_respelled.txt").write_text(_respelled(text), encoding="utf-8")
    return folder


def test_copies_are_one_report_whose_claims_count_once(copied_corpus, tmp_path):
    alone = rasd.run([copied_corpus / "a_original.txt"], tmp_path / "alone", progress=False)
    result = rasd.run([copied_corpus], tmp_path / "out", progress=False)
    documents = {d["doc"]: d for d in result.documents}
    assert documents["a_original"]["copy_of"] is None
    assert {d: documents[d]["copy_of"] for d in ("b_saved_again", "c_saved_again", "d_respelled")} == {
        "b_saved_again": "a_original", "c_saved_again": "a_original", "d_respelled": "a_original"}
    [incident] = [i for i in result.incidents if "a_original" in i["docs"]]
    assert set(incident["docs"]) == set(documents)
    assert incident["copies"] == {"a_original": ["b_saved_again", "c_saved_again", "d_respelled"]}
    [single] = alone.incidents
    assert [(f["category"], f["subject"], f["low"], f["best"], f["high"], len(f["claims"]))
            for f in incident["figures"]] == [
        (f["category"], f["subject"], f["low"], f["best"], f["high"], len(f["claims"])) for f in single["figures"]]
    assert len(incident["matrix"]["sources"]) == len(single["matrix"]["sources"])
    copies_claims = [c for c in result.claims if c["doc"] != "a_original"]
    assert copies_claims and all(c["copy_of"].startswith("a_original#") for c in copies_claims)
    assert all(c["incident"] == incident["incident"] for c in copies_claims)
    carriers = {tuple(sorted(x["doc"] for x in cell["carried_by"]))
                for row in incident["matrix"]["rows"] for cells in row["cells"].values() for cell in cells}
    assert carriers == {("b_saved_again", "c_saved_again", "d_respelled")}


def test_the_incident_stage_compares_no_copies(shared, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(_seed_texts(shared)):
        for n in range(30):
            (folder / f"seed{i}-{n:02d}.txt").write_text(text, encoding="utf-8")
    compared = []
    cosine = incidents_stage.sparse_cosine
    monkeypatch.setattr(incidents_stage, "sparse_cosine", lambda a, b: compared.append(1) or cosine(a, b))
    result = rasd.run([folder], tmp_path / "out", progress=False)
    assert sum(1 for d in result.documents if d["copy_of"]) == 5 * 29
    assert len(compared) <= 5 * 5  # the five originals' pairs at most, never the copies'


PIECES = ["قتل", "23", "٢٣", "3.5", "1,200", "«", "»", "-", "،", ".", " ", "\n", "؟", "!", "%", "$", "عنصراً", "a1",
          "(", ")", "/", "ـ", "\u200f", "12/3", "x", "بالـ"]


@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_the_words_a_fingerprint_counts_are_the_same_with_and_without_the_documents_view(pieces):
    """With the pipeline's View the fingerprint reads its word flags; without one it works them out: both count
    the words and numbers, every token but a lone mark (no token of several characters starts with a mark)."""
    from rasd.copies import _counted_words
    doc = rasd.analyze("".join(pieces) or " ")
    if doc.view is None or not doc.tokens:
        return
    words = [token for token in doc.tokens if len(token) > 1 or token.isalnum()]
    assert _counted_words(doc) == words
    doc.view = None
    assert _counted_words(doc) == words


def test_a_fingerprint_is_the_minhash_of_the_words_shingles_as_text(shared):
    """fingerprint hands rensa each shingle as UTF-8 bytes (each word encoded once): the state is the one the
    shingles as str give, so fingerprints in caches written before compare with new ones."""
    from rensa import RMinHash

    from rasd import settings
    from rasd.copies import SEED, _counted_words
    tuning = settings.current().copies
    doc = rasd.analyze(_seed_texts(shared)[0])
    words = _counted_words(doc)
    shingles = [" ".join(words[i:i + tuning.shingle_words]) for i in range(len(words) - tuning.shingle_words + 1)]
    as_text = RMinHash(tuning.permutations, SEED)
    as_text.update(shingles)
    assert fingerprint(doc) == as_text.__getstate__()


def test_a_fingerprint_reads_any_object_with_tokens(shared):
    """What has tokens and no View (a stand-in, as bench/stream_scale.py makes one, or a document tokenised alone) is
    fingerprinted from its tokens: the fingerprint the analysed document with those tokens has."""
    from types import SimpleNamespace
    doc = rasd.analyze(_seed_texts(shared)[1])
    assert fingerprint(SimpleNamespace(tokens=list(doc.tokens))) == fingerprint(doc)


def _rewriter(shared, rng, one_in: int):
    """rewrite() -> the fingerprint of the first seed with one word in `one_in` replaced by another of its words."""
    from types import SimpleNamespace
    tokens = list(rasd.analyze(_seed_texts(shared)[0]).tokens)
    words = [t for t in tokens if t.isalpha()]

    def rewrite():
        changed = list(tokens)
        for at in rng.sample(range(len(changed)), len(changed) // one_in):
            changed[at] = rng.choice(words)
        return fingerprint(SimpleNamespace(tokens=changed))
    return rewrite


def test_rewrites_just_below_the_threshold_do_not_make_each_text_meet_every_earlier_one(shared, monkeypatch):
    """Rewrites of one story, each with one word in twenty changed, are alike at about 0.5-0.7, under the copies
    threshold: each became one more original in the same LSH buckets, and each later text met every earlier one
    (32,000 such texts: 107 s). A text whose candidates are already copies.crowded originals becomes none, so a
    text meets at most about that many; a copy made before the crowd still finds its original."""
    import random
    from types import SimpleNamespace

    import rensa

    from rasd import settings
    met = []

    lsh = rensa.RMinHashLSH

    class CountingLSH:  # rensa's class takes no subclass
        def __init__(self, *args):
            self.index = lsh(*args)

        def insert(self, key, minhash):
            self.index.insert(key, minhash)

        def query(self, minhash):
            found = self.index.query(minhash)
            met.append(len(found))
            return found

    monkeypatch.setattr(rensa, "RMinHashLSH", CountingLSH)
    rewrite = _rewriter(shared, random.Random(4), one_in=20)
    tokens = list(rasd.analyze(_seed_texts(shared)[0]).tokens)
    texts = 1500
    rows = [("story", fingerprint(SimpleNamespace(tokens=tokens))), ("copy", fingerprint(SimpleNamespace(tokens=tokens)))]
    rows += [(f"rewrite{i}", rewrite()) for i in range(texts)]
    copy_of = find_copies(rows)
    crowded = settings.current().copies.crowded
    assert copy_of["copy"] == "story"
    assert max(met) <= 4 * crowded < texts // 2  # unbounded, the last texts met most of the 1,500 (a band each)


def test_a_story_rewritten_each_day_for_months_still_has_its_same_day_copies_found(shared):
    """A daily bulletin from a template, a little changed each day (under the threshold: a new original a day),
    and each day's text carried again by another outlet. Only a week's originals can take a text, so only they
    count towards the crowd: counting every original of the template, a day's text stopped becoming an original
    after a hundred days, and its copies went unfound."""
    import datetime as dt
    import random

    the_days_text = _rewriter(shared, random.Random(1), one_in=30)
    rows, days = [], 200
    for n in range(days):
        day, text = (dt.date(2013, 1, 1) + dt.timedelta(days=n)).isoformat(), the_days_text()
        rows += [(f"bulletin{n}", text, day), (f"carried{n}", text, day)]
    copy_of = find_copies(rows)
    assert all(copy_of.get(f"carried{n}") is not None for n in range(days))
