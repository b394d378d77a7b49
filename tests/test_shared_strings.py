"""The parent process's interning of the records it gathers (records.shared_strings) gives the same values, with
the same strings interned, whether it runs compiled (rasd/_records.pyx, built where a C compiler is present) or in
Python (records.python_shared_strings), on the records of real text."""
import itertools
import pickle
import sys

from hypothesis import given, settings, strategies as st

from rasd import records
from rasd.ingest import iter_sources
from rasd.records import SHORT, python_shared_strings, shared_strings, working_record
from rasd.runner import analyse_source


def _walk(value, key=False):
    """(each str in `value`, whether it is a dict's key), in order."""
    if type(value) is str:
        yield value, key
    elif type(value) is dict:
        for name, item in value.items():
            yield from _walk(name, key=True)
            yield from _walk(item)
    elif type(value) is list:
        for item in value:
            yield from _walk(item)


def _is_interned(text: str) -> bool:
    """Is `text` the interned string of its value? Asked of an equal copy, so that asking interns nothing new."""
    return text is sys.intern(text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass"))


def _same(value) -> None:
    """Each version, given `value` with strings of its own (as a worker's results arrive, unpickled), gives a value
    equal to it, of the same types throughout, with each key and each short string interned and each other string
    the very one it was given."""
    for version in (shared_strings, python_shared_strings):
        given = pickle.loads(pickle.dumps(value))
        shared = version(given)
        assert shared == value and repr(shared) == repr(value)
        for (ours, key), (theirs, _) in itertools.zip_longest(_walk(shared), _walk(given)):
            if key or len(ours) <= SHORT:
                assert _is_interned(ours)
            else:
                assert ours is theirs


def test_the_compiled_version_runs_where_it_was_built():
    from rasd.bench import compiled_loops
    assert records.SHARED_STRINGS_COMPILED == compiled_loops()["records' strings"]
    if records.SHARED_STRINGS_COMPILED:
        assert shared_strings is not python_shared_strings


def test_the_records_of_real_articles_are_interned_alike(shared):
    sources = itertools.islice(iter_sources([shared / "corpora" / "news2013" / "corpus.jsonl"]), 0, 3000, 15)
    seen = 0
    for source in sources:
        result, _ = analyse_source(source, encode=False)
        for value in (working_record(result.record), result.record, result.claims, result.features.signature,
                      result.features.to_json()):
            _same(value)
        seen += 1
    assert seen == 200


def test_keys_are_interned_whatever_their_length_and_values_only_when_short():
    long_key, short_value, long_value = "k" * (SHORT + 5), "".join(["a"] * SHORT), "".join(["x"] * (SHORT + 1))
    given = pickle.loads(pickle.dumps({long_key: [short_value, long_value, {"n": 1.5}], 3: None}))
    for version in (shared_strings, python_shared_strings):
        [(key, items), (number, nothing)] = version(given).items()
        assert _is_interned(key) and _is_interned(items[0]) and not _is_interned(items[1])
        assert items[1] is given[long_key][1] and number == 3 and nothing is None


class Text(str):
    """A str subclass: kept as it is (sys.intern refuses one)."""


plain = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                     | st.text(max_size=60) | st.builds(Text, st.text(max_size=5)),
                     lambda inner: st.lists(inner, max_size=4) | st.tuples(inner)
                     | st.dictionaries(st.text(max_size=50) | st.integers(), inner, max_size=4), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_any_plain_value_is_interned_alike(value):
    _same(value)


def test_features_share_their_signatures_words_and_are_kept_whole_when_they_hold_none():
    from rasd.records import DocumentFeatures
    word = "".join(["مدين", "ة"])  # a word made at run time: not interned yet
    features = DocumentFeatures(signature={word: 3}, fingerprint=b"\x01")
    shared = features.with_shared_strings()
    assert shared == features and shared is not features
    assert next(iter(shared.signature)) is sys.intern("".join(["مدين", "ة"]))
    bare = DocumentFeatures(fingerprint=b"\x01")  # a report that forms no incident
    assert bare.with_shared_strings() is bare
