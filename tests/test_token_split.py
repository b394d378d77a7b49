"""The tokenizer's compiled loop over characters (rasd/_token_split.pyx, built where a C compiler is present) gives
the tokens and offsets of the regex split it stands for (document.regex_split_tokens), on real and odd text; the other
loops over tokens compiled beside it give what their Python versions give."""
import json
import sys
from itertools import compress

import pytest
from hypothesis import given, settings, strategies as st

from rasd import copies, document, view
from rasd.normalize import normalize


def _real_texts(shared) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    for corpus in ("petrarch-dev", "real-dev"):
        with open(shared / "eval" / corpus / "corpus.jsonl", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for _, line in zip(range(2000), f)]
    return texts


def test_compiled_and_regex_tokens_agree_on_real_text(shared):
    texts = _real_texts(shared)
    assert len(texts) > 2000
    for text in texts:
        normalised = normalize(text).text
        assert document.split_tokens(normalised) == document.regex_split_tokens(normalised), text[:80]
        assert document.split_tokens(text) == document.regex_split_tokens(text), text[:80]


# Digits with every group and decimal mark, letters of several scripts, digits that are no decimal digits (², ½),
# underscores, marks, spaces of several kinds, a letter beyond the Basic Multilingual Plane and a lone surrogate.
ALPHABET = list("0123456789.,،_ -\n\t\u00a0\u2009") + list("ابتقسدعلمنهوي") + list("abcXYZ²½٣۴ـًّ") + \
           ["\U0001d400", "\U0001f600", "\ud800", "\u200f"]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_compiled_and_regex_tokens_agree_on_any_text(text):
    assert document.split_tokens(text) == document.regex_split_tokens(text)


def test_each_characters_class_is_what_pythons_predicates_say():
    """The tokenizer reads each character's class from a table of the Basic Multilingual Plane, made once from the
    predicates it asked of each character before (a space or "_", a decimal digit, a letter, another); beyond the
    plane it asks them. Every code point of the plane and some beyond it are what the predicates say."""
    from rasd._token_split import char_class

    def predicates(ch):
        return 1 if ch == "_" or ch.isspace() else 2 if ch.isdecimal() else 3 if ch.isalnum() else 0
    for ch in map(chr, [*range(0x10000), 0x1D400, 0x1F600, 0x1D7CE, 0x10FFFF]):
        assert char_class(ch) == predicates(ch), hex(ord(ch))


def test_numbers_keep_their_groups_and_decimals():
    tokens, starts, ends = document.split_tokens("قتل 12,500 و1.5 و12.5000 و3,14 و3,145 و7،000 شخص")
    assert tokens == ["قتل", "12,500", "و", "1.5", "و", "12.5000", "و", "3,14", "و", "3,145", "و", "7،000", "شخص"]
    assert [e - s for s, e in zip(starts, ends)] == list(map(len, tokens))



def test_compiled_and_python_word_flags_agree_on_real_text(shared):
    """The word flags and counts of the compiled loop (view.word_flags_and_counts, where built) are the Python ones,
    on the tokens of real text and of the raw text (marks, digit groups, Latin letters)."""
    assert view.word_flags_and_counts is not view.PYTHON_WORD_FLAGS_AND_COUNTS or not document.TOKENIZER_COMPILED
    for text in _real_texts(shared):
        for tokens in (document.split_tokens(normalize(text).text)[0], document.split_tokens(text)[0]):
            flags, words_before = view.word_flags_and_counts(tokens)
            assert (flags, words_before) == view.PYTHON_WORD_FLAGS_AND_COUNTS(tokens), text[:80]
            assert list(map(type, flags)) == [bool] * len(tokens)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), max_size=20))
def test_compiled_and_python_word_flags_agree_on_any_tokens(tokens):
    assert view.word_flags_and_counts(tokens) == view.PYTHON_WORD_FLAGS_AND_COUNTS(tokens)


@pytest.mark.parametrize("tokens, error", [([""], IndexError), (["قتل", None], TypeError), ([5], TypeError)])
def test_word_flags_of_no_token_raise_in_both(tokens, error):
    for word_flags_and_counts in (view.word_flags_and_counts, view.PYTHON_WORD_FLAGS_AND_COUNTS):
        with pytest.raises(error):
            word_flags_and_counts(tokens)


def test_compiled_and_python_decimal_tokens_agree_on_real_text(shared):
    """The tokens that begin with a decimal digit by the compiled loop (document.decimal_tokens, where built) are the
    Python ones, on the tokens of real text (Western and Eastern digits, digit groups, digits glued to words)."""
    assert document.decimal_tokens is not document.PYTHON_DECIMAL_TOKENS or not document.TOKENIZER_COMPILED
    found = 0
    for text in _real_texts(shared):
        for tokens in (document.split_tokens(normalize(text).text)[0], document.split_tokens(text)[0]):
            decimal = document.decimal_tokens(tokens)
            assert decimal == document.PYTHON_DECIMAL_TOKENS(tokens), text[:80]
            found += len(decimal)
    assert found > 1000


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), max_size=20))
def test_compiled_and_python_decimal_tokens_agree_on_any_tokens(tokens):
    assert document.decimal_tokens(tokens) == document.PYTHON_DECIMAL_TOKENS(tokens)


@pytest.mark.parametrize("tokens, error", [([""], IndexError), (["12", None], TypeError), ([5], TypeError)])
def test_decimal_tokens_of_no_token_raise_in_both(tokens, error):
    for decimal_tokens in (document.decimal_tokens, document.PYTHON_DECIMAL_TOKENS):
        with pytest.raises(error):
            decimal_tokens(tokens)


def test_compiled_and_python_word_shingles_agree_on_real_text(shared):
    """The shingles of the compiled loop (copies.word_shingles, where built) are the Python ones, byte for byte, on
    the words of real text (Arabic, Latin, digits, marks), for shingles of one to six words."""
    assert copies.word_shingles is not copies.PYTHON_WORD_SHINGLES or not document.TOKENIZER_COMPILED
    for text in _real_texts(shared)[:600]:
        tokens = document.split_tokens(normalize(text).text)[0]
        words = list(compress(tokens, view.word_flags_and_counts(tokens)[0]))
        for n in range(1, 7):
            assert copies.word_shingles(words, n) == copies.PYTHON_WORD_SHINGLES(words, n), text[:80]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet=[c for c in ALPHABET if c != "\ud800"], max_size=6), max_size=12), st.integers(-1, 6))
def test_compiled_and_python_word_shingles_agree_on_any_words(words, n):
    assert copies.word_shingles(words, n) == copies.PYTHON_WORD_SHINGLES(words, n)


@pytest.mark.parametrize("words, error", [(["a", "\ud800", "b", "c"], UnicodeEncodeError),
                                          (["a", None, "b", "c"], TypeError), ([b"a", "b", "c", "d"], TypeError)])
def test_word_shingles_of_no_words_raise_in_both(words, error):
    for word_shingles in (copies.word_shingles, copies.PYTHON_WORD_SHINGLES):
        with pytest.raises(error):
            word_shingles(words, 4)


@given(st.lists(st.sampled_from(["بينهم", "أحد", "منهم", "قتل", "5", "،"]), max_size=30))
def test_compiled_and_python_indexes_of_words_agree(tokens):
    from rasd import numbers
    assert (numbers._indexes_before_last is not numbers.PYTHON_INDEXES_BEFORE_LAST) == document.TOKENIZER_COMPILED
    words = frozenset({"بينهم", "أحد"})
    assert numbers._indexes_before_last(tokens, words) == numbers.PYTHON_INDEXES_BEFORE_LAST(tokens, words) \
        == [i for i, token in enumerate(tokens[:-1]) if token in words]


# A str stores its characters one, two or four bytes each, by its widest character; the compiled loops read them in
# place, so each width must read as its characters.
TEXTS_OF_EACH_WIDTH = ["killed 12,500 in 2013_x.", "tué 12,500 à Alep, 3.5 km",  # one byte a character
                       "قتل ١٢ شخصا في حلب،",  # two
                       "قتل 12 \U0001d400 شخصا \U0001f600 في حلب"]  # four


def test_texts_of_each_storage_width_split_as_the_regex_splits_them():
    for text in TEXTS_OF_EACH_WIDTH:
        assert document.split_tokens(text) == document.regex_split_tokens(text), text
        assert document.split_tokens(text[3:]) == document.regex_split_tokens(text[3:]), text


def test_a_word_met_before_is_the_same_str_and_the_cache_of_words_stays_bounded():
    """The compiled tokenizer hands out the str it kept for a word met before (one object for every «قتل» of a run:
    no allocation, its hash worked out once), makes numbers anew, and keeps at most TOKEN_SLOTS words: a newcomer
    takes its slot from the word there."""
    if not document.TOKENIZER_COMPILED:
        pytest.skip("the build compiled no tokenizer here (no C compiler)")
    from rasd import _token_split
    first = document.split_tokens("قتل خمسة مدنيين في حلب و12 جريحا")[0]
    again = document.split_tokens("وفي حلب قتل خمسة و12")[0]
    assert again[1] is first[4] and again[2] is first[0] and again[3] is first[1]  # حلب، قتل، خمسة
    assert again[5] == first[6] and again[5] is not first[6]  # 12
    _token_split.forget_tokens()
    assert _token_split.tokens_kept() == 0
    fresh = document.split_tokens("قتل خمسة مدنيين في حلب")[0]
    assert fresh == first[:5] and fresh[0] is not first[0] and _token_split.tokens_kept() == 5
    letters = "ابتثجحخدذر"
    many = " ".join("ك" + "".join(letters[int(d)] for d in str(n)) for n in range(100_000))  # distinct words
    assert document.split_tokens(many)[0] == document.regex_split_tokens(many)[0]
    assert 10_000 < _token_split.tokens_kept() <= 1 << 14


def test_threads_tokenizing_at_once_each_get_their_own_texts_tokens(shared):
    """The cache of words is one for the process: threads (the web server's) that tokenize at once, with the
    interpreter switching between them as often as it can and the collector running finalizers mid-split, each get
    the tokens of their own text."""
    import gc
    import sys
    import threading

    class Finalised:  # cyclic garbage whose finalizer runs Python code when the collector frees it
        def __init__(self):
            self.me = self

        def __del__(self):
            sum(range(50))

    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    expected = [document.regex_split_tokens(text) for text in texts]
    failures, switching, threshold = [], sys.getswitchinterval(), gc.get_threshold()

    def split_again_and_again(offset):
        for round_ in range(60):
            index = (offset + round_) % len(texts)
            Finalised()
            if document.split_tokens(texts[index]) != expected[index]:
                failures.append(index)

    sys.setswitchinterval(1e-6)
    gc.set_threshold(50)
    try:
        threads = [threading.Thread(target=split_again_and_again, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        sys.setswitchinterval(switching)
        gc.set_threshold(*threshold)
    assert not failures


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet=ALPHABET + ["ﻻ", "é", "\u0698", "\ufffd", "\U0010ffff"], max_size=40))
def test_the_phrase_automatons_one_byte_text_is_the_codecs(text):
    """The phrase automaton reads a text one byte a character (lexicon.ONE_BYTE_ENCODING): the compiled loop over
    its characters gives the codec's bytes, a "?" for each character the code page lacks."""
    from rasd import lexicon
    encode = lexicon.one_byte_encoder(lexicon.ONE_BYTE_ENCODING)
    assert encode(text) == text.encode(lexicon.ONE_BYTE_ENCODING, "replace")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 removed the C call that makes a str not ready")
def test_a_str_not_ready_yet_is_read_whole_by_the_compiled_loops():
    """Before Python 3.12 a C extension could hand over a str made by the deprecated PyUnicode_FromUnicode(NULL, n),
    whose length reads 0 until it is made ready: the loops make it ready before they read its length."""
    import ctypes
    import warnings
    if not document.TOKENIZER_COMPILED:
        pytest.skip("the build compiled no tokenizer here (no C compiler)")
    from rasd import _token_split, lexicon
    api = ctypes.pythonapi
    api.PyUnicode_FromUnicode.restype, api.PyUnicode_FromUnicode.argtypes = ctypes.py_object, [ctypes.c_void_p,
                                                                                              ctypes.c_ssize_t]
    api.PyUnicode_AsUnicode.restype, api.PyUnicode_AsUnicode.argtypes = ctypes.c_void_p, [ctypes.py_object]

    def not_ready(text):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            made = api.PyUnicode_FromUnicode(None, len(text))
            ctypes.memmove(api.PyUnicode_AsUnicode(made), ctypes.create_unicode_buffer(text), len(text) * 4)
        return made
    text = "قتل 12 شخصا في حلب"
    assert _token_split.split_tokens(not_ready(text), document.DIGIT_GROUP_MARKS) == document.regex_split_tokens(text)
    assert lexicon.one_byte_encoder(lexicon.ONE_BYTE_ENCODING)(not_ready(text)) == text.encode("cp1256", "replace")
    assert _token_split.normalized_runs(not_ready(text))[0] == _token_split.normalized_runs(text)[0]
