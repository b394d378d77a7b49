"""The token view of a document: token-level lookups over its lexicon matches, shared by the date, place, outlet
and claim stages (the document layer, beside document.py)."""
from __future__ import annotations

import bisect
from collections import defaultdict
from itertools import accumulate, compress, count
from operator import not_
from typing import Mapping, NamedTuple

from .document import Document, match_span
from .lexicon import (ALL_PREFIXES, ARTICLE, LAM_ARTICLE, PROCLITICS, SUFFIXES, WA,
                      WordMemo)
from .match_loops import NO_HITS, ViewCore, add_hits, first_between  # noqa: F401 (first_between: the rules')
from .normalize import normalize_term


class cached_property:  # noqa: N801 - functools.cached_property's name and use
    """functools.cached_property without the lock Python 3.11's takes on each first read (3.12 dropped it): what it
    serves (a view, a figure's context for the subject rules) is read by one thread, and a value worked out twice
    would be the same. The value is kept in the instance's dict, which attribute lookup reads first from then on."""

    def __init__(self, func):
        self.func, self.attrname, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner, name) -> None:
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.attrname] = self.func(instance)
        return value


def words(*terms: str) -> frozenset:
    """Literal words to compare with tokens, normalised like the text (على → علي، أن → ان)."""
    return frozenset(normalize_term(t) for t in terms)


NOUN_SUFFIXES = SUFFIXES["nouns"]
PROCLITICS_LONGEST_FIRST = sorted(ALL_PREFIXES, key=len, reverse=True)  # "" last
# A word starts with at most one proclitic of each length: looking its first n letters up, for each length n, is
# cheaper than trying every proclitic.
_PROCLITIC_LENGTHS = sorted({len(p) for p in ALL_PREFIXES}, reverse=True)
_NOUN_SUFFIX_LENGTHS = sorted({len(s) for s in NOUN_SUFFIXES})
HELD_CLASSES = frozenset({"detainee", "captive"})
SAYING = frozenset({"say", "statement"})  # speech.tsv kinds of the words that say something
def _bare_forms(word: str) -> tuple[str, ...]:
    """`word` without each proclitic it may carry, the longest first, itself last."""
    return tuple(word[n:] for n in _PROCLITIC_LENGTHS if n <= len(word) and word[:n] in ALL_PREFIXES)


BARE_FORMS = WordMemo(_bare_forms)  # BARE_FORMS[word]


def _is_form_of(word: str, stems: frozenset) -> bool:
    """Is `word`, without one of its proclitics and then one noun suffix, one of `stems`?"""
    for rest in BARE_FORMS[word]:
        for n in _NOUN_SUFFIX_LENGTHS:
            stem_end = len(rest) - n
            if stem_end >= 0 and rest[stem_end:] in NOUN_SUFFIXES and rest[:stem_end] in stems:
                return True
    return False


_FORMS_OF: dict[frozenset, WordMemo] = {}  # stems -> {word: is it a form of them}


class Hit(NamedTuple):
    match: object   # lexicon.Match
    entry: object   # lexicon.Entry
    first: int      # first token
    end: int        # token after the last


CLAUSE_BREAK_KINDS = frozenset({"contrast", "distribution"})  # clause_breaks.tsv kinds that end any clause


class View(ViewCore):
    """The token view of a document. Its lookups that rules make for most tokens (get, kind, word, prev_word,
    first_start, fact …) are match_loops.ViewCore's, compiled where the build could."""

    def __init__(self, doc: Document):
        self.doc = doc
        at: dict[int, dict[str, Hit]] = {}
        by_lexicon: dict[str, list[Hit]] = defaultdict(list)  # read with get: asking adds no lexicon
        add_hits(doc.matches, at, by_lexicon, doc, match_span, Hit)  # each lexicon's first hit at a token
        self.number_starts = {m.tok_start for m in doc.numbers}
        # a word, not punctuation (read only), and the words before each token
        word_flags, words_before = word_flags_and_counts(doc.tokens)
        self._covering: dict[str, dict[int, Hit]] = {}
        self.bind(doc.tokens, at, by_lexicon, word_flags, words_before)

    def let_go(self) -> None:
        """Forget the facts worked out (Document.let_go_of_view): some hold the view itself."""
        self._facts.clear()

    @cached_property
    def parties(self) -> frozenset:
        """Every party (group actor) the document names."""
        return frozenset(h.entry["id"] for h in self.hits("actors") if h.entry["kind"] == "group")

    @cached_property
    def site_kinds(self) -> frozenset:
        """The kinds of place attacked the document names (civilian, military)."""
        return frozenset(h.entry["kind"] for h in self.hits("sites"))

    def names_custody(self, lo: int, hi: int, kinds=("prison", "camp", "capture")) -> bool:
        """Do tokens [lo, hi) name custody: a word of custody.tsv of one of `kinds`, a prison of the gazetteer,
        or people held (سجناء، معتقلين، رهائن) or who guard them (حراس السجن)? A camp of the gazetteer is not
        custody by itself: most are camps of refugees and the displaced, whom fleeing displaces again; the camps
        that hold people (al-Hol, Roj) are custody.tsv's."""
        for tok in self.tagged_in(lo, hi):  # the range, not the whole document: a long text stays linear
            custody, noun = self.get(tok, "custody"), self.get(tok, "nouns")
            if custody is not None and custody.entry["kind"] in kinds:
                return True
            if noun is not None and (noun.entry["class"] in HELD_CLASSES or noun.entry["subject"] == "prison_staff"):
                return True
        toks, features = self._place_features
        return "prison" in kinds and any(features[i] == "prison"
                                         for i in range(bisect.bisect_left(toks, lo), bisect.bisect_left(toks, hi)))

    @cached_property
    def _place_features(self) -> tuple[list, list]:
        return self.place_toks, [m.place.feature for m in self.doc.places]

    @cached_property
    def seat_ends(self) -> frozenset:
        """The last token of each title or office whose place is whom it serves (مدير أمن، نيابة: place_seats.tsv)."""
        return frozenset(hit.end - 1 for hit in self.hits("place_seats"))

    @cached_property
    def charge_toks(self) -> list[int]:
        """The tokens of the charge and court-case words (modality.tsv «charged»: بتهمة، قضية), in text order."""
        return [hit.first for hit in self.hits("modality") if hit.entry.get("kind") == "charged"]

    @cached_property
    def clause_breaks(self) -> list[int]:
        """The tokens that open a clause of another happening (فيما، بينما، توزع: clause_breaks.tsv contrast and
        distribution), in text order."""
        return [hit.first for hit in self.hits("clause_breaks") if hit.entry.get("kind") in CLAUSE_BREAK_KINDS]

    @cached_property
    def place_clause_breaks(self) -> list[int]:
        """The clause breaks and the words that open another item of a roundup for a figure's place (كما:
        clause_breaks.tsv item), in text order."""
        return [hit.first for hit in self.hits("clause_breaks")
                if hit.entry.get("kind") in CLAUSE_BREAK_KINDS or hit.entry.get("kind") == "item"]

    @cached_property
    def aside_marks(self) -> list[int]:
        """The tokens of the dashes that may enclose an aside (clause_breaks.tsv «aside»), in text order."""
        return [hit.first for hit in self.hits("clause_breaks") if hit.entry.get("kind") == "aside"]

    @cached_property
    def clause_break_set(self) -> frozenset:
        return frozenset(self.clause_breaks)

    @cached_property
    def place_toks(self) -> list[int]:
        """The token of each of doc.places, in its order (the text's: the places stage records them so)."""
        return [m.tok for m in self.doc.places]

    @cached_property
    def places_by_sentence(self) -> dict:
        """The place mentions of each sentence, by the sentence's first token."""
        found: dict = {}
        for mention in self.doc.places:
            found.setdefault(mention.sentence, []).append(mention)
        return found

    def line_of(self, offset: int) -> tuple[int, int]:
        """[start, end) of the line holding normalised `offset` (Document.line_start, line_end)."""
        return self.doc.line_start(offset), self.doc.line_end(offset)

    def number_ending_at(self, tok):
        """The number mention whose last token is `tok`, or None."""
        return self._number_ends.get(tok)

    def number_starting_at(self, tok):
        """The number mention whose first token is `tok`, or None."""
        return self._number_starts.get(tok)

    @cached_property
    def _number_ends(self) -> dict:
        return {m.tok_end - 1: m for m in self.doc.numbers}

    @cached_property
    def _number_starts(self) -> dict:
        return {m.tok_start: m for m in self.doc.numbers}

    def wa_before(self, m) -> int | None:
        """The token before the و that joins number `m` to what precedes it ("وخمسة"، "و 5"), else None."""
        number = self.get(m.tok_start, "numbers")
        if number is not None and number.match.prefix == WA:
            return m.tok_start - 1
        if self.word(m.tok_start - 1) == WA:
            return m.tok_start - 2
        return None

    @property
    def hits_by_token(self) -> Mapping[int, Mapping[str, Hit]]:
        """hits_at as a mapping, for a walk over many tokens (hits_by_token.get(tok, NO_HITS) is hits_at(tok), with
        no Python call per token); the View's own mapping, which a caller never changes."""
        return self._at

    def tagged_in(self, lo: int, hi: int) -> list[int]:
        """The tokens in [lo, hi) where a hit of some lexicon starts, in order (a walk over a sentence that looks
        only at what the lexicons found)."""
        toks = self._tagged_tokens
        return toks[bisect.bisect_left(toks, lo):bisect.bisect_left(toks, hi)]

    @cached_property
    def _tagged_tokens(self) -> list[int]:
        return sorted(compress(self._at, self._at.values()))  # the tokens with hits (an empty dict is false), in C

    def covering(self, tok, lexicon) -> Hit | None:
        """The hit of `lexicon` that spans token `tok` (not only one that starts there)."""
        if lexicon not in self._covering:
            self._covering[lexicon] = {t: h for h in reversed(self.hits(lexicon)) for t in range(h.first, h.end)}
        return self._covering[lexicon].get(tok)

    def says(self, tok) -> bool:
        """Is a speech verb or a statement's noun at `tok` (قال، أعلن، بيان: speech.tsv)?"""
        return tok in self._saying

    @cached_property
    def saying_tokens(self) -> list[int]:
        """The tokens where a speech verb or a statement's noun starts (`says`), in order."""
        return sorted(self._saying)

    @cached_property
    def _saying(self) -> frozenset:
        return frozenset(hit.first for hit in self.hits("speech") if hit.entry.get("kind") in SAYING)

    def form_within(self, tok: int, words: int, stems: frozenset) -> bool:
        """Is one of the `abs(words)` words after `tok` (before it, when `words` is negative) a form of `stems`?"""
        step = self.next_word if words > 0 else self.prev_word
        for _ in range(abs(words)):
            tok = step(tok + 1) if words > 0 else step(tok)
            if tok is None:
                return False
            if self.is_form_of(tok, stems):
                return True
        return False

    def bare_forms(self, tok) -> tuple[str, ...]:
        """The word at `tok` without each proclitic it may carry (و، ب، ال، وبال…), the longest first, itself last."""
        return BARE_FORMS[self.word(tok)]

    def is_form_of(self, tok, stems: frozenset) -> bool:
        """Is the word at `tok` one of `stems` (normalised), with a proclitic before it (و، ب، ال…) and a pronoun
        after it allowed (مصرعهم، بأنفسهم، الاتصال)? Whole words only: حتف is no stem of a longer word. Worked out
        once per word and set of stems in a process."""
        memo = _FORMS_OF.get(stems)
        if memo is None:
            memo = _FORMS_OF[stems] = WordMemo(lambda word: _is_form_of(word, stems))
        return memo[self.word(tok)]

    def is_one_of(self, tok, words: frozenset) -> bool:
        """Is the word at `tok`, with or without its proclitics (ولن، وبعد، بعد قيام), one of `words`?"""
        return tok is not None and any(form in words for form in self.bare_forms(tok))

    def suffix(self, match) -> str:
        text, end = self.doc.text, match.end
        while end < len(text) and text[end].isalnum():
            end += 1
        return text[match.end:end]


def token_word_flags(tokens: list[str]) -> list[bool]:
    """Is each token a word or a number (its first character a letter or a digit), not a mark? A token of letters or
    digits only is one; only the others (marks, numbers with a separator) have their first character tested."""
    flags = list(map(str.isalnum, tokens))
    for tok in compress(count(), map(not_, flags)):
        flags[tok] = tokens[tok][0].isalnum()
    return flags


def word_flags_and_counts(tokens: list[str]) -> tuple[list[bool], list[int]]:
    """token_word_flags(tokens), and the number of words before each token and after the last (len(tokens) + 1)."""
    flags = token_word_flags(tokens)
    return flags, list(accumulate(flags, initial=0))


PYTHON_WORD_FLAGS_AND_COUNTS = word_flags_and_counts  # which tests compare with the compiled one

try:  # the same by a compiled loop (rasd/_token_split.pyx), where the build compiled the tokenizer
    from ._token_split import word_flags_and_counts  # noqa: F811
except ImportError:
    pass


def view_of(doc: Document) -> View:
    """The document's View, built once after the numbers stage and shared by the dates and claims stages."""
    if doc.view is None or doc.view.doc is not doc:
        doc.view = View(doc)
    return doc.view


def lam_preposition(prefix: str) -> bool:
    """The proclitic ل (to, of): لقسد، للتنظيم، ولوكالة."""
    before_article = prefix[:-len(ARTICLE)] if prefix.endswith(ARTICLE) else prefix
    return prefix.endswith(LAM_ARTICLE) or before_article.endswith(PROCLITICS["li"])
