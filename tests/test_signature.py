"""A document's signature: its most frequent content words, clitics stripped, each token's word memoised."""
from types import SimpleNamespace

import json
import pathlib

from rasd.document import Document, tokenize
from rasd.signature import SignatureWords, signature, stem, stem_lines, stopwords


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
    words = SignatureWords(stop).learn(tokens)
    for token in tokens:
        assert words[token] == _rule(token, stop), token
    assert words["الجيش"] and words["الجيش"] == words["والجيش"]
    assert set(words) == set(tokens)  # each token's word kept


def test_the_memo_is_emptied_past_its_size():
    memo = SignatureWords(stopwords(), size=3)
    for token in ["الجيش", "الشرطة", "المدينة", "القرية", "الحدود"]:
        words = memo.learn([token])
    assert len(words) <= 4 and words["الحدود"] == _rule("الحدود", stopwords())


def test_the_most_frequent_words_first_ties_in_order_of_first_use():
    doc = SimpleNamespace(tokens=["الشرطة", "والجيش", "،", "الجيش", "الشرطة", "قرية", "جيش", "في", "2013"])
    assert list(signature(doc).items()) == [(stem("الجيش"), 3), (stem("الشرطة"), 2), ("قرية", 1)]


def _real_tokens() -> list[str]:
    tokens = []
    for name in ("holdout.jsonl", "holdout2.jsonl"):
        for line in (pathlib.Path(__file__).parent / "data" / name).open(encoding="utf-8"):
            doc = Document("d", json.loads(line)["text"])
            tokenize(doc)
            tokens += doc.tokens
    return tokens


def test_the_words_learnt_together_are_the_rules_on_real_text():
    tokens, stop = _real_tokens(), stopwords()
    assert len(set(tokens)) > 2000
    assert stem_lines(tokens) == [stem(token) for token in tokens]
    memo = SignatureWords(stop)
    for start in range(0, len(tokens), 300):  # a document's tokens at a time, some met before
        words = memo.learn(tokens[start:start + 300])
    assert words == {token: _rule(token, stop) for token in tokens}


def test_tokens_with_a_line_break_are_stemmed_one_by_one():
    tokens = ["والجيش", "وال\nجيش", "بالقرب"]
    assert stem_lines(tokens) == [stem(token) for token in tokens]


def test_threads_sharing_the_memo_past_its_size_each_read_their_documents_words(monkeypatch):
    """A thread's learn() that begins the memo afresh leaves the words another thread is reading whole."""
    import sys
    import threading
    memo = SignatureWords(stopwords(), size=50)
    monkeypatch.setattr("rasd.signature._signature_words", lambda: memo)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: a clear() between another's learn() and its reads shows
    errors = []

    def work(thread):
        try:
            for i in range(1500):
                signature(SimpleNamespace(tokens=[f"w{thread}x{i}y{j}abc" for j in range(40)]))
        except Exception as e:  # noqa: BLE001 - the test reports what went wrong
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors


def test_a_memo_of_words_holds_a_workers_half_of_a_days_stream(shared):
    """A worker's half of the news2013 stream meets some 90,000 distinct words: a memo of words (the lexicon's, the
    signature's) that is emptied during it works most of them out again. Its bound leaves room for them."""
    from rasd.lexicon import WORD_MEMO_SIZE
    words = set()
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        for _, line in zip(range(7336), f):
            doc = Document(doc_id="d", original=json.loads(line)["text"])
            tokenize(doc)
            words.update(doc.tokens)
    assert 60_000 < len(words) < WORD_MEMO_SIZE
