"""A document's signature: its most frequent content words, clitics stripped, each token's word memoised."""
import collections
from types import SimpleNamespace

import json
import pathlib

from rasd.document import Document, tokenize
from rasd.signature import SignatureWords, _may_be_word, signature, stem, stem_lines, stopwords


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
    memo = SignatureWords(stop)
    counts = memo.counts(tokens)
    assert counts == collections.Counter(filter(None, (_rule(token, stop) for token in tokens)))
    assert counts[stem("الجيش")] == 3  # والجيش، الجيش، جيش: one word
    words = memo.words  # each token that may be a word kept with its word, stopwords as none
    assert set(words) == {token for token in tokens if _may_be_word(token)}
    for token in words:
        assert words[token] == _rule(token, stop), token


def test_the_memo_is_emptied_past_its_size():
    memo = SignatureWords(stopwords(), size=3)
    for token in ["الجيش", "الشرطة", "المدينة", "القرية", "الحدود"]:
        memo.counts([token])
    assert len(memo.words) <= 4 and memo.words["الحدود"] == _rule("الحدود", stopwords())


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
        memo.counts(tokens[start:start + 300])
    assert memo.words == {token: _rule(token, stop) for token in tokens if _may_be_word(token)}


def test_tokens_with_a_line_break_are_stemmed_one_by_one():
    tokens = ["والجيش", "وال\nجيش", "بالقرب"]
    assert stem_lines(tokens) == [stem(token) for token in tokens]


def test_threads_sharing_the_memo_past_its_size_each_read_their_documents_words(monkeypatch):
    """A thread's counts() that begins the memo afresh leaves the words another thread is reading whole."""
    import sys
    import threading
    memo = SignatureWords(stopwords(), size=50)
    monkeypatch.setattr("rasd.signature._signature_words", lambda: memo)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: a new memo between another's counts() and its reads shows
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


def test_the_compiled_word_counts_are_the_pythons_on_real_text(shared):
    """signature.word_counts compiled (rasd/_token_split.pyx) or in Python: the same counts in the same order, the
    same words learnt, for documents of the stream one after another (some words met before, some new)."""
    from rasd import signature as signature_module
    from rasd.document import TOKENIZER_COMPILED
    assert (signature_module.word_counts is not signature_module.PYTHON_WORD_COUNTS) == TOKENIZER_COMPILED
    compiled_memo, python_memo = SignatureWords(stopwords()), SignatureWords(stopwords())
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        for _, line in zip(range(300), f):
            doc = Document(doc_id="d", original=json.loads(line)["text"])
            tokenize(doc)
            compiled = signature_module.word_counts(doc.tokens, compiled_memo.words,
                                                    lambda new: compiled_memo._learnt(compiled_memo.words, new))
            python = signature_module.PYTHON_WORD_COUNTS(doc.tokens, python_memo.words,
                                                         lambda new: python_memo._learnt(python_memo.words, new))
            assert list(compiled.items()) == list(python.items())
            counted = collections.Counter(filter(None, (_rule(token, stopwords()) for token in doc.tokens)))
            assert list(compiled.items()) == list(counted.items())  # each token's word by the rule, counted
    assert compiled_memo.words == python_memo.words


def test_a_signature_reads_any_sequence_of_tokens():
    doc = SimpleNamespace(tokens=("الجيش", "والجيش", "في"))
    assert list(signature(doc).items()) == [(stem("الجيش"), 2)]


def test_word_counts_learn_only_the_tokens_not_met_that_may_be_words():
    from rasd.signature import PYTHON_WORD_COUNTS, word_counts
    for counts in (word_counts, PYTHON_WORD_COUNTS):
        asked = []
        words = {"الجيش": "جيش", "في": ""}

        def learn(new):
            asked.append(list(new))
            return [token.upper() for token in new]
        assert list(counts(["xx1", "الجيش", "في", "xx1", "yy2", "ب", "2013", "الجيش"], words, learn).items()) == \
            [("XX1", 2), ("جيش", 2), ("YY2", 1)]
        assert asked == [["xx1", "yy2"]]  # a token of fewer than three characters or a number is none: not asked
