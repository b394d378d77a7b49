"""The View's accessors that walks use in place of asking lexicon by lexicon agree with the lexicon-by-lexicon ones."""
from pathlib import Path

import pytest

from rasd.document import Document
from rasd.pipeline import STAGES, extract_claims, process
from rasd.view import NO_HITS, view_of

ARTICLES = sorted((Path(__file__).parent / "data" / "articles" / "corpus").glob("*.txt"))
LEXICONS = ("predicates", "nouns", "speech", "actors", "countries", "events", "fighting", "sites", "hedges",
            "modality", "months", "weekdays", "timewords", "nonperson", "numbers", "toll_heads", "no_such_lexicon")


def _view(path):
    doc = process(Document(doc_id=path.stem, original=path.read_text(encoding="utf-8")),
                  stages=STAGES[:STAGES.index(extract_claims)])
    return view_of(doc)


@pytest.mark.parametrize("path", ARTICLES[:12], ids=lambda p: p.stem)
def test_the_hits_at_a_token_are_each_lexicons_hit_there(path):
    view = _view(path)
    n = len(view.tokens)
    assert any(view.hits_at(tok) for tok in range(n))
    for tok in (None, -1, *range(n + 2)):
        hits = view.hits_at(tok)
        assert view.hits_by_token.get(tok, NO_HITS) == hits
        assert bool(hits) == view.tagged(tok)
        for lexicon in LEXICONS:
            assert hits.get(lexicon) == view.get(tok, lexicon)
    assert view.tagged_in(0, n) == [tok for tok in range(n) if view.tagged(tok)]
    assert view.tagged_in(5, n - 5) == [tok for tok in range(5, n - 5) if view.tagged(tok)]


def test_no_hits_cannot_be_changed():
    with pytest.raises(TypeError):
        NO_HITS["predicates"] = None


def test_a_views_derived_values_are_worked_out_once_without_a_lock():
    """view.cached_property: functools.cached_property's behaviour (one call per instance, the value kept in the
    instance) without the lock Python 3.11 takes on each first read."""
    from rasd.view import View, cached_property

    calls = []

    class Thing:
        @cached_property
        def value(self):
            """A value."""
            calls.append(self)
            return object()

    first, second = Thing(), Thing()
    assert first.value is first.value and second.value is not first.value and len(calls) == 2
    assert isinstance(Thing.value, cached_property) and Thing.value.__doc__ == "A value."
    assert not hasattr(Thing.value, "lock")
    assert isinstance(View.__dict__["parties"], cached_property)
