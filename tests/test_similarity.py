"""How alike two reports' words are (rasd/similarity.py): the compiled cosine and TF-IDF vectors (rasd/_similarity.pyx,
built where a C compiler is present) give the very floats of the Python ones, on the signatures of real articles and
on the values no signature holds; and the figures are what their definitions say."""
import itertools
import math
import struct

import pytest
from hypothesis import given, settings, strategies as st

from rasd import similarity
from rasd.ingest import iter_sources
from rasd.runner import analyse_source
from rasd.similarity import (cosine, python_cosine, python_unit_vectors, sparse_cosine, sparse_vectors, tfidf,
                             unit_vectors)


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _same_vectors(ours: list[dict], theirs: list[dict]) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert list(a) == list(b)  # the same words in the same order
        assert [_bits(v) for v in a.values()] == [_bits(v) for v in b.values()]


def test_the_compiled_version_runs_where_it_was_built():
    from rasd.bench import compiled_loops
    assert similarity.COMPILED == compiled_loops()["reports' likeness"]
    if similarity.COMPILED:
        assert cosine is not python_cosine and unit_vectors is not python_unit_vectors
        assert sparse_cosine is not python_cosine
        assert similarity.norm is not similarity.python_norm and similarity.summed is not similarity.python_summed


@pytest.fixture(scope="module")
def stream_signatures(shared) -> list[dict]:
    """The signatures of the stream's reports of political violence and protests among its first 1,500 articles."""
    sources = itertools.islice(iter_sources([shared / "corpora" / "news2013" / "corpus.jsonl"]), 1500)
    signatures = [analyse_source(s, encode=False)[0].features.signature for s in sources]
    return [s for s in signatures if s]


def test_real_signatures_give_the_same_vectors_and_cosines_to_the_bit(stream_signatures):
    assert len(stream_signatures) > 200
    vectors = tfidf(stream_signatures)
    df = {}
    for signature in stream_signatures:
        for word in signature:
            df[word] = df.get(word, 0) + 1
    idf = {w: math.log(1 + len(stream_signatures) / n) for w, n in df.items()}
    _same_vectors(vectors, python_unit_vectors(stream_signatures, idf))
    shared_words = 0
    sparse = sparse_vectors(vectors)
    for (i, a), (j, b) in itertools.combinations(enumerate(vectors[:120]), 2):
        ours, theirs = cosine(a, b), python_cosine(a, b)
        assert _bits(ours) == _bits(theirs) == _bits(sparse_cosine(sparse[i], sparse[j])) and ours == cosine(b, a)
        shared_words += bool(a.keys() & b.keys())
    assert shared_words > 1000  # most pairs share a word: the sums were really compared


def test_a_unit_vector_has_norm_one_and_a_report_is_most_like_itself(stream_signatures):
    vectors = tfidf(stream_signatures[:50])
    for vector in vectors:
        assert cosine(vector, vector) == pytest.approx(1.0)
        assert all(0.0 <= cosine(vector, other) <= 1.0 + 1e-12 for other in vectors)


def test_what_shares_no_word_is_not_alike_and_an_empty_signature_is_an_empty_vector():
    assert cosine({"قصف": 0.5}, {"مظاهرة": 0.5}) == 0.0 == python_cosine({"قصف": 0.5}, {"مظاهرة": 0.5})
    assert cosine({}, {"قصف": 1.0}) == 0.0
    assert tfidf([{}, {"قصف": 2}]) == [{}, {"قصف": 1.0}]
    assert unit_vectors([{}], {}) == python_unit_vectors([{}], {}) == [{}]


def test_a_word_in_every_signature_still_weighs_and_counts_are_damped():
    """idf is log(1 + n / df), never 0; a word used twice weighs 1 + log 2 times once, not twice."""
    vectors = tfidf([{"قصف": 2, "حلب": 1}, {"قصف": 1}])
    assert vectors[1] == {"قصف": 1.0}
    weight_shelling = (1 + math.log(2)) * math.log(2)
    weight_aleppo = math.log(3)
    assert vectors[0]["قصف"] / vectors[0]["حلب"] == pytest.approx(weight_shelling / weight_aleppo)


words = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=1, max_size=4)
weights = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(words, weights, max_size=12), st.dictionaries(words, weights, max_size=12))
def test_any_vectors_give_the_same_cosine_to_the_bit(a, b):
    assert _bits(cosine(a, b)) == _bits(python_cosine(a, b))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(words, weights, max_size=12), min_size=2, max_size=5))
def test_any_vectors_compared_as_sparse_vectors_give_the_same_cosine_to_the_bit(vectors):
    sparse = sparse_vectors(vectors)
    for i, j in itertools.combinations(range(len(vectors)), 2):
        assert _bits(sparse_cosine(sparse[i], sparse[j])) == _bits(python_cosine(vectors[i], vectors[j]))


@pytest.mark.skipif(not similarity.COMPILED, reason="the compiled sparse vectors only: Python keeps the dicts")
def test_a_sparse_vector_is_of_float_weights():
    with pytest.raises(TypeError, match="floats, not int"):
        sparse_vectors([{"a": 1}])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(words, st.integers(min_value=1, max_value=10**6), max_size=10), max_size=6))
def test_any_signatures_give_the_same_vectors_to_the_bit(signatures):
    df = {}
    for signature in signatures:
        for word in signature:
            df[word] = df.get(word, 0) + 1
    idf = {w: math.log(1 + len(signatures) / n) for w, n in df.items()}
    _same_vectors(unit_vectors(signatures, idf), python_unit_vectors(signatures, idf))


def test_counts_and_weights_of_other_types_take_pythons_arithmetic():
    """Not what a signature holds (an int count, a float weight), but what a caller might give: the same results."""
    signatures, idf = [{"a": 2.0, "b": 10**20}], {"a": 1, "b": 0.5}
    _same_vectors(unit_vectors(signatures, idf), python_unit_vectors(signatures, idf))
    assert cosine({"a": 2, "b": 1.5}, {"a": 3}) == python_cosine({"a": 2, "b": 1.5}, {"a": 3}) == 6.0


signed_weights = st.one_of(weights, st.sampled_from([0.0, -0.0, 1e-308, -1e-308]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(words, signed_weights, max_size=12))
def test_any_vector_has_the_same_norm_to_the_bit(vector):
    assert _bits(similarity.norm(vector)) == _bits(similarity.python_norm(vector))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(words, signed_weights, max_size=10), st.dictionaries(words, signed_weights, max_size=10),
       st.booleans(), st.booleans())
def test_any_sums_are_the_same_to_the_bit_and_added_into_the_one_owned(a, b, own_a, own_b):
    """A group's centroid is summed into the centroid the caller owns (the larger of two), never into a report's
    vector: the same words, the same floats, and the same dict returned."""
    ours_a, ours_b, theirs_a, theirs_b = dict(a), dict(b), dict(a), dict(b)
    ours = similarity.summed(ours_a, ours_b, own_a, own_b)
    theirs = similarity.python_summed(theirs_a, theirs_b, own_a, own_b)
    assert sorted(ours) == sorted(theirs)
    assert all(_bits(ours[word]) == _bits(theirs[word]) for word in ours)
    into = (ours_a if own_a and (len(a) >= len(b) or not own_b) else ours_b) if own_a or own_b else None
    assert ours is into if into is not None else ours is not ours_a and ours is not ours_b
    if not (own_a or own_b):
        assert (ours_a, ours_b) == (a, b)  # a report's vector is never changed


def test_sums_of_other_numbers_take_pythons_arithmetic():
    assert similarity.summed({"a": 1, "b": 2.5}, {"a": 2, "c": 1}) == similarity.python_summed({"a": 1, "b": 2.5},
                                                                                                {"a": 2, "c": 1})
    assert similarity.norm({"a": 3, "b": 4}) == similarity.python_norm({"a": 3, "b": 4}) == 5.0
