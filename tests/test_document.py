"""The tokenizer's fast regexes mean exactly what their plain forms say."""
import json
import pathlib
import re

from hypothesis import given, strategies as st

from rasd import document
from rasd.normalize import normalize

_PIECES = list(".,!?:;-_ \n\t") + ["\u060c", "\u061f", "\u06d4", "\u00b2", "\u0628", "\u0627", "a", "5", "\u0663"]
_ENDS = document._ENDS
_PLAIN_SENTENCE_END = re.compile(rf"[{_ENDS}]*\n[{_ENDS}\n]*|[{_ENDS}]+(?!\d)")


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_token_split_finds_the_plain_tokens(text):
    assert document._TOKEN_SPLIT.split(text) == re.split(f"({document._TOKEN.pattern})", text)


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_sentence_ends_are_the_plain_ones(text):
    assert [m.span() for m in document._SENTENCE_END.finditer(text)] == \
        [m.span() for m in _PLAIN_SENTENCE_END.finditer(text)]


_REAL_TEXTS = [json.loads(line)["text"] for name in ("holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl")
               for line in (pathlib.Path(__file__).parent / "data" / name).open(encoding="utf-8")]


def test_bmp_token_split_splits_real_text_as_the_general_one():
    texts = [normalize(text).text for text in _REAL_TEXTS]
    assert len(texts) > 50 and not any(document._BEYOND_BMP.search(text) for text in texts)
    for text in texts:
        assert document._bmp_token_split().split(text) == document._TOKEN_SPLIT.split(text)


_BMP_PIECES = _PIECES + ["\u00e9", "\u0394", "\u4e2d", "\u0661", "\u00aa", "\u2160", "\u00bd", "\uff10", "\u02b0",
                         "\u0301", "\ufb50", "\u0660", "\u00b5"]


@given(st.lists(st.sampled_from(_BMP_PIECES), max_size=30).map("".join))
def test_bmp_token_split_is_the_general_one_within_the_bmp(text):
    assert document._bmp_token_split().split(text) == document._TOKEN_SPLIT.split(text)


@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=40))
def test_bmp_token_split_is_the_general_one_on_any_bmp_text(text):
    assert document._bmp_token_split().split(text) == document._TOKEN_SPLIT.split(text)


def test_every_bmp_letter_is_one_of_the_letters_spelt_out():
    bmp = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    assert document._bmp_token_split().findall(bmp) == document._TOKEN_SPLIT.findall(bmp)


def test_a_text_beyond_the_bmp_is_split_by_the_general_pattern():
    doc = document.Document("d", "\U0001d400b \u0628\u0627 \U0001f600")  # a letter beyond the BMP runs on with b
    document.tokenize(doc)
    assert doc.tokens == ["\U0001d400b", "\u0628\u0627", "\U0001f600"]
