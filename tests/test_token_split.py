"""The tokenizer's compiled loop over characters (rasd/_token_split.pyx, built where a C compiler is present) gives
the tokens and offsets of the regex split it stands for (document.regex_split_tokens), on real and odd text."""
import json

from hypothesis import given, settings, strategies as st

from rasd import document
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


def test_numbers_keep_their_groups_and_decimals():
    tokens, starts, ends = document.split_tokens("قتل 12,500 و1.5 و12.5000 و3,14 و3,145 و7،000 شخص")
    assert tokens == ["قتل", "12,500", "و", "1.5", "و", "12.5000", "و", "3,14", "و", "3,145", "و", "7،000", "شخص"]
    assert [e - s for s, e in zip(starts, ends)] == list(map(len, tokens))

