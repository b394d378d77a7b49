"""A document's signature: its most frequent content words, clitics stripped, each token's word memoised."""
from types import SimpleNamespace

from rasd.signature import SignatureWords, signature, stem, stopwords


def _rule(token, stop):
    """The word a token counts as, as the signature's docstring tells it."""
    if len(token) < 3 or token[0].isdecimal() or token in stop:
        return ""
    word = stem(token)
    return "" if word in stop else word


def test_a_tokens_word_is_the_rules():
    stop = stopwords()
    some_stopwords = sorted(w for w in stop if len(w) >= 3)[:20]
    tokens = ["والجيش", "الجيش", "جيش", "بالقرب", "للشرطة", "وقال", "في", "و", "2013", "١٢٣", ".", "وكان",
              *some_stopwords, *("و" + w for w in some_stopwords), *("وال" + w for w in some_stopwords)]
    words = SignatureWords(stop)
    for token in tokens:
        assert words[token] == _rule(token, stop), token
    assert words["الجيش"] and words["الجيش"] == words["والجيش"]
    assert set(words) == set(tokens)  # each token's word kept


def test_the_memo_is_emptied_past_its_size():
    words = SignatureWords(stopwords(), size=3)
    for token in ["الجيش", "الشرطة", "المدينة", "القرية", "الحدود"]:
        words[token]
    assert len(words) <= 4 and words["الحدود"] == _rule("الحدود", stopwords())


def test_the_most_frequent_words_first_ties_in_order_of_first_use():
    doc = SimpleNamespace(tokens=["الشرطة", "والجيش", "،", "الجيش", "الشرطة", "قرية", "جيش", "في", "2013"])
    assert list(signature(doc).items()) == [(stem("الجيش"), 3), (stem("الشرطة"), 2), ("قرية", 1)]
