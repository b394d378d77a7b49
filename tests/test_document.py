"""The tokenizer's fast regexes mean exactly what their plain forms say."""
import re

from hypothesis import given, strategies as st

from rasd import document

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
