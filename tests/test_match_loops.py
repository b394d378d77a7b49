"""The loops over lexicon matches (rasd/match_loops.py) give the same matches, token index and view hits whether
they run compiled (rasd/_match_loops.pyx, built where a C compiler is present) or in Python, on real text."""
import gc
import json
import pickle
from collections import defaultdict

import pytest

from rasd import lexicon, match_loops, tagger, view
from rasd.document import Document, tokenize
from rasd.knowledge import default_lexicon
from rasd.lexicon import Match
from rasd.pipeline import process
from rasd.view import View

PATCHED = {lexicon: ("add_word_matches", "add_phrase_matches", "longest"), tagger: ("match_at_token",), view: ("add_hits",)}


def _real_texts(shared) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    for corpus in ("petrarch-dev", "real-dev"):
        with open(shared / "eval" / corpus / "corpus.jsonl", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts


def _tagged(text: str):
    """The document's matches, token index and view (hits at each token, hits of each lexicon) as plain data, with
    the type of each match and hit (a tuple equals its subclass's instance of the same items)."""
    doc = process(Document(doc_id="t", original=text))
    seen = View(doc)
    hits = [hit for found in seen._by_lexicon.values() for hit in found]
    return (doc.matches, doc.match_at_token, list(doc.match_at_token),
            {tok: dict(hits) for tok, hits in seen.hits_by_token.items()}, dict(seen._by_lexicon),
            [type(m) for m in doc.matches], [type(hit) for hit in hits])


def _with_python_loops(monkeypatch):
    for module, names in PATCHED.items():
        for name in names:
            monkeypatch.setattr(module, name, match_loops.PYTHON[name])


def test_compiled_and_python_loops_agree_on_real_text(shared, monkeypatch):
    texts = _real_texts(shared)
    assert len(texts) > 200
    active = [_tagged(text) for text in texts]
    _with_python_loops(monkeypatch)
    assert lexicon.longest is match_loops.PYTHON["longest"]
    python = [_tagged(text) for text in texts]
    for text, a, b in zip(texts, active, python):
        assert a == b, text[:80]


# Invented: the longer reading of a number after و (و + أحد عشر, not واحد), a phrase of several words beside
# one-word matches, a figure after a date, marks and Latin words.
ODD_TEXTS = ["وأحد عشر شخصا قتلوا في حلب", "قتل 12 وأصيب أحد عشر آخرون مساء أمس الأحد في ريف دمشق",
             "", "...", "ISIS - 2022 - قسد", "حالة وفاة واحدة في مدينة الحسكة، وإصابة طفلين"]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_compiled_and_python_loops_agree_on_odd_text(text, monkeypatch):
    active = _tagged(text)
    _with_python_loops(monkeypatch)
    assert _tagged(text) == active


def test_compiled_and_python_loops_agree_on_a_text_longer_than_the_offsets_kept(shared, monkeypatch):
    """The compiled loops share one int for each offset below 16,384 and make the others: a text of the seeds one
    after another (about 19,000 characters) gives the same matches either way."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt")))
    assert len(text) > 1 << 14
    active = _tagged(text)
    _with_python_loops(monkeypatch)
    assert _tagged(text) == active and active[0][-1].end > 1 << 14


def test_a_match_scanned_without_tokens_gets_its_tokens_in_both():
    """A match made without token indexes (first = -1) is placed by its offsets, compiled or not."""
    doc = Document(doc_id="t", original="قتل خمسة في حلب")
    tokenize(doc)
    found = default_lexicon().scan(doc.text)  # no token spans given: the lexicon's own word spans
    doc.matches = [Match(m.start, m.end, m.entries, m.prefix) for m in found]
    doc.match_at_token = {}
    results = []
    for add_hits in (match_loops.add_hits, match_loops.PYTHON["add_hits"]):
        at, by_lexicon = {}, defaultdict(list)
        add_hits(doc.matches, at, by_lexicon, doc, view.match_span, view.Hit)
        results.append((at, dict(by_lexicon)))
    assert results[0] == results[1] and results[0][0]
    assert {hit.first for hits in results[0][0].values() for hit in hits.values()} <= set(range(len(doc.tokens)))


@pytest.mark.parametrize("longest", [match_loops.longest, match_loops.PYTHON["longest"]])
def test_a_longer_reading_replaces_the_last_match_kept(longest):
    """A longer candidate that starts inside the last match kept replaces it (و + أحد عشر over واحد); a shorter one
    is dropped; the next candidate is weighed against the match that replaced."""
    def candidate(start, end, name):
        return (start, start - end, end, (name,), "", 0, 0)

    def names(candidates):
        return [m.entries[0] for m in longest(candidates, Match)]

    assert names([candidate(0, 3, "short"), candidate(1, 7, "longer")]) == ["longer"]
    assert names([candidate(0, 3, "x"), candidate(3, 5, "y"), candidate(2, 9, "z")]) == ["z"]
    assert names([candidate(5, 8, "c"), candidate(0, 5, "a"), candidate(2, 4, "b")]) == ["a", "c"]



def test_the_compiled_choice_orders_candidates_as_the_python_sort_does_in_any_order_and_with_ties():
    """The compiled longest orders candidates by C integers (start, minus the length) where the Python sorts the
    tuples: shuffled candidates, nested and overlapping ones, and two of one start and length (which one surface a
    span rules out, and which the tuples' order then settles) give the same matches."""
    import random
    rng = random.Random(7)
    for _ in range(2000):
        candidates = []
        for _ in range(rng.randrange(0, 40)):
            start = rng.randrange(0, 60)
            end = start + rng.randrange(1, 12)
            candidates.append((start, start - end, end, (f"e{rng.randrange(3)}",), rng.choice(["", "و", "ال"]),
                               rng.randrange(30), rng.randrange(30)))
        rng.shuffle(candidates)
        expected = match_loops.PYTHON["longest"](list(candidates), Match)
        assert match_loops.longest(list(candidates), Match) == expected


@pytest.mark.parametrize("loops", [match_loops, match_loops.PYTHON], ids=["active", "python"])
def test_matches_and_hits_are_records_as_their_constructors_make(loops):
    """The compiled loops make each Match and Hit in C: the same objects as the types' own constructors make (type,
    items, fields, tracked by the garbage collector, picklable)."""
    get = loops.get if isinstance(loops, dict) else lambda name: getattr(loops, name)
    doc = process(Document(doc_id="t", original="قتل خمسة مدنيين في حلب وأصيب أحد عشر آخرون"))
    candidates = [(m.start, m.start - m.end, m.end, m.entries, m.prefix, m.first, m.last) for m in doc.matches]
    kept = get("longest")(candidates, Match)
    at, by_lexicon = {}, defaultdict(list)
    get("add_hits")(kept, at, by_lexicon, doc, view.match_span, view.Hit)
    hits = [hit for found in by_lexicon.values() for hit in found]
    assert kept and hits
    for record, made in [(m, Match(*m)) for m in kept] + [(h, view.Hit(*h)) for h in hits]:
        assert type(record) is type(made) and record == made
        assert record._fields == made._fields and record._asdict() == made._asdict()
        assert gc.is_tracked(record) and pickle.loads(pickle.dumps(record)) == made


@pytest.mark.parametrize("loops", [match_loops, match_loops.PYTHON], ids=["active", "python"])
def test_a_record_type_that_is_no_tuple_raises(loops):
    get = loops.get if isinstance(loops, dict) else lambda name: getattr(loops, name)
    with pytest.raises(TypeError):
        get("longest")([(0, -3, 3, ("x",), "", 0, 0)], dict)
    doc = process(Document(doc_id="t", original="قتل خمسة في حلب"))
    with pytest.raises(TypeError):
        get("add_hits")(doc.matches, {}, defaultdict(list), doc, view.match_span, list)


def _lookups(core, lexicons) -> list:
    """Every answer of the view's lookups (match_loops.ViewCore) over a document's tokens and past both its ends."""
    n = len(core.tokens)
    toks = range(-2, n + 3)
    answers = [[core.word(t), core.prev_word(t), core.next_word(t), core.is_word(t), core.tagged(t),
                dict(core.hits_at(t)), [core.get(t, lex) for lex in lexicons],
                [core.kind(t, lex) for lex in lexicons], [core.kind(t, lex, "id") for lex in lexicons]]
               for t in toks]
    answers.append(core.word(None))
    answers.append([core.word_distance(a, b) for a in range(-2, n + 1, 7) for b in range(-2, n + 3, 5)])
    answers.append([core.after_words(words) for words in range(-1, n + 3)])
    answers.append([core.first_start(lex, lo, lo + width) for lex in lexicons for lo in range(-1, n + 2, 9)
                    for width in (0, 1, 4, 30)])
    answers.append([core.hits(lex) for lex in lexicons] + [core.hits(*lexicons[:3]), core.hits("no such lexicon")])
    answers.append([core.fact("the tokens", lambda v: len(v.tokens)), core.fact("the tokens", lambda v: -1)])
    return answers


def test_compiled_and_python_view_lookups_agree_on_real_text(shared):
    """The compiled ViewCore answers every lookup as the Python one does, over the same view's structures."""
    if not match_loops.COMPILED:
        pytest.skip("the build compiled no loops here (no C compiler): only the Python ones run")
    PythonCore = match_loops.PYTHON["ViewCore"]
    assert View.__mro__[1] is not PythonCore  # the view runs the compiled lookups
    for text in _real_texts(shared)[:60]:
        doc = process(Document(doc_id="t", original=text))
        seen = View(doc)
        python = PythonCore()
        python.bind(seen.tokens, seen._at, seen._by_lexicon, seen.word_flags, seen._words_before)
        lexicons = sorted(seen._by_lexicon)
        assert _lookups(seen, lexicons) == _lookups(python, lexicons)
        assert seen.hits_at(-5) is match_loops.NO_HITS and python.hits_at(-5) == {}


def test_a_fact_is_worked_out_once_and_a_nested_one_kept_as_python_keeps_it():
    """fact(name, compute): the value compute returns is kept, even where compute asked for the same fact."""
    for core in {match_loops.ViewCore, match_loops.PYTHON["ViewCore"]}:
        view_core = core()
        view_core.bind([], {}, {}, [], [0])
        calls = []

        def outer(v):
            calls.append("outer")
            v.fact("x", lambda _: "inner")
            return "outer"

        assert view_core.fact("x", outer) == "outer" and view_core.fact("x", outer) == "outer"
        assert calls == ["outer"]


def test_compiled_and_python_first_tokens_of_wanted_entries_agree_on_real_text(shared):
    """first_tokens_with, compiled or in Python: the first tokens of the number words and of the nouns that are their
    own count (the numbers stage's candidates), and of matches scanned without tokens, from their offsets."""
    from rasd.numbers import NUMBER_STARTS
    assert (match_loops.first_tokens_with is not match_loops.PYTHON["first_tokens_with"]) == match_loops.COMPILED
    found = 0
    for text in _real_texts(shared)[:60]:
        doc = process(Document(doc_id="t", original=text))
        compiled = match_loops.first_tokens_with(doc.matches, NUMBER_STARTS, doc.token_at)
        assert compiled == match_loops.PYTHON["first_tokens_with"](doc.matches, NUMBER_STARTS, doc.token_at)
        by_hand = {m.first for m in doc.matches
                   if any(e.lexicon == "numbers" or e.lexicon == "nouns" and e.get("count") for e in m.entries)}
        assert compiled == by_hand
        unscanned = [m._replace(first=-1, last=-1) for m in doc.matches]
        assert match_loops.first_tokens_with(unscanned, NUMBER_STARTS, doc.token_at) == by_hand
        found += len(by_hand)
    assert found > 60  # the seeds and sets tell figures in words


def test_compiled_and_python_phrase_candidates_agree_on_real_text(shared):
    """add_phrase_matches, compiled or in Python: the same candidates in the same order from the phrase automaton's
    scan of real texts (a phrase inside a word's proclitics, across words, at the text's end)."""
    assert (match_loops.add_phrase_matches is not match_loops.PYTHON["add_phrase_matches"]) == match_loops.COMPILED
    surfaces, found = default_lexicon()._phrases, 0
    for text in _real_texts(shared)[:80] + ODD_TEXTS:
        doc = Document(doc_id="t", original=text)
        tokenize(doc)
        results = []
        for add in (match_loops.add_phrase_matches, match_loops.PYTHON["add_phrase_matches"]):
            candidates, cues = [], []
            add(surfaces.find(doc.text), doc.text, doc.tok_starts, doc.tok_ends, surfaces.prefixes,
                surfaces.suffixes, surfaces.known_entries, surfaces.entries, candidates, cues)
            results.append((candidates, cues))
        assert results[0] == results[1], text[:80]
        found += len(results[0][0])
    assert found > 100  # the seeds and sets name phrases (قوات سوريا الديمقراطية، مجهولون مسلحون …)
