"""The normaliser works on a copy; every span of the copy maps back to the original text."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd import normalize as normalize_module
from rasd.normalize import normalize, normalize_term

ARABIC_PIECES = ["قتل", "ـ", "ً", "ُ", "ّ", "أ", "إ", "آ", "ى", "ة", "٢", "٣", "۴", "«", "»", "“", "”", " ", "\u200f",
                 "\u200b", "ﻻ", "ﷲ", "ی", "ک", "\u00a0", "عنصر", "\n", "5", "a"]


def test_letter_variants_digits_and_quotes_are_normalised():
    n = normalize("أُعلِنَ مقتـــل ٢٣ «عنصراً» إلى")
    assert n.text == 'اعلن مقتل 23 "عنصرا" الي'


def test_span_maps_back_over_diacritics_and_tatweel():
    original = "قُتِلَ ٢٣ عنـــصراً من داعش"
    n = normalize(original)
    start = n.text.index("23 عنصرا")
    o_start, o_end = n.span_to_original(start, start + len("23 عنصرا"))
    assert original[o_start:o_end] == "٢٣ عنـــصراً"


def test_presentation_forms_expand_and_map_to_their_one_character():
    original = "ﻻ ﷲ"
    n = normalize(original)
    assert n.text.startswith("لا ")
    assert n.span_to_original(0, 2) == (0, 1)


@given(st.lists(st.sampled_from(ARABIC_PIECES), max_size=40), st.data())
def test_every_span_maps_inside_the_original_in_order(pieces, data):
    original = "".join(pieces)
    n = normalize(original)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    o_start, o_end = n.span_to_original(start, end)
    assert 0 <= o_start < o_end <= len(original)
    # the original slice normalises to a text that contains the normalised span
    assert n.text[start:end] in normalize(original[o_start:o_end]).text


@given(st.lists(st.sampled_from(ARABIC_PIECES), max_size=40))
def test_a_lexicon_term_is_normalised_exactly_as_document_text(pieces):
    """normalize_term takes a shorter road than normalize (no offset map): it must end at the same text."""
    text = "".join(pieces)
    assert normalize_term(text) == normalize(text).text


def test_the_dropped_characters_are_those_the_dropping_pattern_matches():
    """The table of dropped characters is listed from the runs of code points its pattern is written from."""
    matched = [chr(c) for c in range(0x10000) if normalize_module._DROPPED.fullmatch(chr(c))]
    assert normalize_module._DROPPED_CHARS == matched
    assert "\u0640" in matched and "\u064e" in matched and "\u200f" in matched and "\u0627" not in matched


# Invented: marks dropped inside and after words, presentation forms that expand (ﻻ، ﷲ), a tatweel, an empty text.
ODD_OFFSET_TEXTS = ["", "ـ", "أَحمد  قالَ ﻻ شيء", "ﷲ أكبر", "كتـــاب", "\u200fقتل ٥ أشخاص\u200f", "abc", "ﻻﻻﻻ"]


def test_compiled_and_python_offsets_agree(shared):
    """The original offsets of every position and of spans, compiled (rasd/_token_split.pyx) or in Python, over real
    and odd texts."""
    import json

    from rasd import normalize as normalize_module
    from rasd.normalize import PYTHON_OFFSETS, NormalizedText
    if NormalizedText.to_original is PYTHON_OFFSETS["to_original"]:
        pytest.skip("the build compiled no tokenizer here (no C compiler): only the Python offsets run")
    with open(shared / "eval" / "real-dev" / "corpus.jsonl", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(40), f)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    python_to, python_span = PYTHON_OFFSETS["to_original"], PYTHON_OFFSETS["span_to_original"]
    for text in texts + ODD_OFFSET_TEXTS:
        norm = normalize_module.normalize(text)
        n = len(norm.text)
        for pos in range(-2, n + 3):
            assert norm.to_original(pos) == python_to(norm, pos)
        for start in range(-1, n + 2, 3 if n < 200 else 37):
            for end in (start - 1, start, start + 1, start + 5, start + 40, n, n + 2):
                assert norm.span_to_original(start, end) == python_span(norm, start, end), (text[:30], start, end)


@given(st.lists(st.sampled_from(ARABIC_PIECES), max_size=30))
def test_compiled_and_python_offsets_agree_on_any_mix(pieces):
    from rasd.normalize import PYTHON_OFFSETS
    norm = normalize("".join(pieces))
    n = len(norm.text)
    for pos in range(-1, n + 2):
        assert norm.to_original(pos) == PYTHON_OFFSETS["to_original"](norm, pos)
        for end in range(pos - 1, n + 2):
            assert norm.span_to_original(pos, end) == PYTHON_OFFSETS["span_to_original"](norm, pos, end)


def _compiled_common_case():
    from rasd.document import TOKENIZER_COMPILED
    if not TOKENIZER_COMPILED:
        pytest.skip("the build compiled no tokenizer here (no C compiler): only the Python normaliser runs")
    assert normalize_module._common_case is not normalize_module.PYTHON_COMMON_CASE  # a stale build lacks it
    return normalize_module._common_case


def test_compiled_and_python_normalisers_agree_on_real_text(shared):
    """The compiled loop over the characters (rasd/_token_split.pyx) gives the Python's text and offset map, or
    leaves a presentation form to the general case as it does, on real articles."""
    import json
    compiled = _compiled_common_case()
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(3000), f)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    dropping = sum(len(norm._norm_starts) > 1 for norm in map(compiled, texts) if norm is not None)
    assert dropping > 100  # real text drops marks (diacritics, tatweel, bidi controls): the runs are exercised
    for text in texts + ODD_OFFSET_TEXTS:
        assert compiled(text) == normalize_module.PYTHON_COMMON_CASE(text), text[:40]


@given(st.lists(st.sampled_from(ARABIC_PIECES + ["\U0001F600", "\ud800", "\u064b\u0640", "\ufeff"]), max_size=40))
def test_compiled_and_python_normalisers_agree_on_any_mix(pieces):
    text = "".join(pieces)
    assert _compiled_common_case()(text) == normalize_module.PYTHON_COMMON_CASE(text)


def test_the_compiled_table_holds_one_character_replacements_only_and_a_rejected_one_changes_nothing():
    _compiled_common_case()
    from rasd import _token_split
    with pytest.raises(ValueError, match="not a replacement"):
        _token_split.use_replacements({"\u0623": "\u0627", "ﻻ": "لا"}, ())
    try:
        assert normalize("أحمدً").text == "احمد"  # the table as it was: alef with hamza and the tanwin still read
    finally:
        _token_split.use_replacements(normalize_module._REPLACING, normalize_module._PRESENTATION_BLOCKS)


class _Text(str):
    """A str of a subclass, as a caller's parser may hand in."""


@pytest.mark.parametrize("common_case", ["compiled", "python"])
def test_a_text_of_a_str_subclass_is_normalised_as_its_str(common_case, monkeypatch):
    if common_case == "python":
        monkeypatch.setattr(normalize_module, "_common_case", normalize_module.PYTHON_COMMON_CASE)
    text = "أُعلِنَ مقتـــل ٢٣ «عنصراً»"
    assert normalize(_Text(text)) == normalize(text)


def test_texts_of_each_storage_width_are_normalised_alike_by_the_compiled_and_python_loops():
    """A str stores its characters one, two or four bytes each (by its widest); the compiled loop reads them in
    place."""
    compiled = _compiled_common_case()
    for text in ["killed 12 in Aleppo", "tué à Alep\u00a0: 12", "أُعلِنَ مقتـــل ٢٣", "قتل \U0001f600 ٢٣ \ufeff"]:
        assert compiled(text) == normalize_module.PYTHON_COMMON_CASE(text), text
        assert compiled(text).text == normalize(text).text
