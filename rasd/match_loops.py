"""The loops that run once for every lexicon match of every document: a token's matches made the document's, the
longest ones chosen, the matches indexed by token and the token view's hits built. The package's build compiles
the same loops with C types (`_match_loops.pyx`, by Cython) where a C compiler is present, and they are used
instead of the Python below; `COMPILED` tells which run. Both give the same results (tests/test_match_loops.py).
This module imports nothing of Rasd: the record types are handed in."""
from __future__ import annotations

import bisect
from itertools import compress, count
from operator import attrgetter, itemgetter, lt
from types import MappingProxyType
from typing import Mapping


def add_word_matches(memo, tokens: list[str], starts: list[int], candidates: list, cue_candidates: list) -> None:
    """The candidates of the surfaces of one word, from each token's matches (memo[word]: (start, end, entries,
    cue entries, prefix) of each match inside the word, worked out once per word)."""
    matches_at = list(map(memo.__getitem__, tokens))
    for first in compress(count(), matches_at):
        word_start = starts[first]
        for start, end, entries, cues, prefix in matches_at[first]:
            start, end = word_start + start, word_start + end
            # (start, minus the length) first: sorted, the longest match at each place comes first
            if entries:
                candidates.append((start, start - end, end, entries, prefix, first, first))
            if cues:
                cue_candidates.append((start, start - end, end, cues, prefix, first, first))


def add_phrase_matches(found: list, text: str, starts: list[int], ends: list[int], prefixes_of: list,
                       suffixes_of: list, known_entries: dict, entries_of, candidates: list,
                       cue_candidates: list) -> None:
    """The candidates of the surfaces found by a scan of the text (`found`: (surface index, start, end) of each
    occurrence), each kept where its word's proclitics before it (`prefixes_of[index]`) and its suffixes after it
    (`suffixes_of[index]`) allow; (entries, cue entries) allowed there are known_entries[(index, prefix, suffix)],
    else entries_of(index, prefix, suffix). `starts`/`ends`: the text's word spans."""
    for idx, start, end in found:
        first = bisect.bisect_right(starts, start) - 1
        if first < 0:
            continue
        # Proclitics are letters and every letter is in a word: a match that starts past a word's first letters or
        # after its end (a space between) has no proclitics before it, and stops here.
        prefix = text[starts[first]:start]
        if prefix not in prefixes_of[idx]:
            continue
        word_end = ends[first]
        if end <= word_end:
            last, suffix = first, text[end:word_end]
        else:
            last = bisect.bisect_right(starts, end - 1) - 1
            suffix = text[end:ends[last]]
        if suffix not in suffixes_of[idx]:
            continue
        known = known_entries.get((idx, prefix, suffix))
        entries, cues = known if known is not None else entries_of(idx, prefix, suffix)
        if entries:
            candidates.append((start, start - end, end, entries, prefix, first, last))
        if cues:
            cue_candidates.append((start, start - end, end, cues, prefix, first, last))


def longest(candidates: list, match_type) -> list:
    """Longest first at each place, then greedy non-overlapping selection, as `match_type` (lexicon.Match). A
    candidate is (start, start - end, end, entries, prefix, first token, last token); no two share their start and
    end (one surface per span), so the sort never compares further."""
    candidates.sort()
    kept: list = []
    new = tuple.__new__  # a Match without NamedTuple's Python-level constructor
    kept_end = before_end = -1  # the end of the last match kept, and of the one before it
    for start, minus_length, end, entries, prefix, first, last in candidates:
        if start >= kept_end:
            kept.append(new(match_type, (start, end, entries, prefix, first, last)))
            before_end, kept_end = kept_end, end
        elif -minus_length > kept[-1].end - kept[-1].start and start >= before_end:
            # وأحد عشر: the longer reading (و + أحد عشر) beats the one that starts first (واحد)
            kept[-1] = new(match_type, (start, end, entries, prefix, first, last))
            kept_end = end
    return kept


_FIRST_TOKEN, _LAST_TOKEN = itemgetter(4), itemgetter(5)  # Match.first and Match.last, read as a tuple's (cheaper)


def match_at_token(matches: list) -> dict:
    """{token: index of the first match that covers it}. Most matches are one word: their first tokens are mapped in
    C (built backwards, so that where two matches share a token the first one wins), then the longer ones fill in
    the tokens after their first."""
    firsts, lasts = list(map(_FIRST_TOKEN, matches)), list(map(_LAST_TOKEN, matches))
    at = dict(zip(reversed(firsts), range(len(matches) - 1, -1, -1)))
    for index in compress(count(), map(lt, firsts, lasts)):
        for tok in range(firsts[index] + 1, lasts[index] + 1):
            if at.get(tok, index) >= index:
                at[tok] = index
    return at


def add_hits(matches: list, at_token: dict, by_lexicon, doc, match_span, hit_type) -> None:
    """The first hit (`hit_type`: view.Hit) of each lexicon at each token where matches start, into `at_token`
    ({token: {lexicon: hit}}) and `by_lexicon` (a defaultdict(list)); match_span(doc, match) gives the tokens of a
    match scanned without them."""
    new = tuple.__new__  # a Hit without NamedTuple's Python-level constructor
    for match in matches:
        _, _, entries, _, first, last = match
        if first >= 0:
            end = last + 1
        else:
            first, end = match_span(doc, match)
        at = at_token.get(first)
        if at is None:
            at = at_token[first] = {}
        for entry in entries:
            lexicon = entry.lexicon
            if lexicon not in at:
                at[lexicon] = hit = new(hit_type, (match, entry, first, end))
                by_lexicon[lexicon].append(hit)


def first_tokens_with(matches: list, wanted: dict, token_at) -> set[int]:
    """The first tokens of the matches with an entry of one of the lexicons `wanted` holds ({lexicon: None, or the
    field the entry must have a value in}); token_at(offset) gives the first token of a match scanned without them."""
    found = set()
    for match in matches:
        for entry in match[2]:
            if entry.lexicon in wanted:
                field = wanted[entry.lexicon]
                if field is None or entry.get(field):
                    found.add(match[4] if match[4] >= 0 else token_at(match[0]))
                    break
    return found


def first_between(starts: list[int], lo: int, hi: int) -> int | None:
    """The first of the sorted tokens `starts` in [lo, hi), or None."""
    at = bisect.bisect_left(starts, lo)
    return starts[at] if at < len(starts) and starts[at] < hi else None


class ViewCore:
    """The lookups of the token view (view.View) that the rules make for most tokens they weigh, several hundred a
    document: compiled (`_match_loops.pyx`), each is a C call rather than a Python frame. `bind` hands in what the
    view built, none of it replaced afterwards, and begins the facts worked out (`fact`) and the first tokens of each
    lexicon's hits (`first_start`), which only grow."""

    def bind(self, tokens: list, at: dict, by_lexicon: dict, word_flags: list, words_before: list) -> None:
        self.tokens, self._at, self._by_lexicon = tokens, at, by_lexicon
        self.word_flags, self._words_before, self._facts, self._starts = word_flags, words_before, {}, {}

    def fact(self, name, compute):
        """A fact about the whole document that a later stage works out once (compute(view)) and asks for per
        figure: the article's country, whether it speaks of police only …"""
        if name not in self._facts:
            self._facts[name] = compute(self)
        return self._facts[name]

    def get(self, tok, lexicon):
        """The hit of `lexicon` that starts at `tok`, or None."""
        at = self._at.get(tok)
        return at.get(lexicon) if at is not None else None

    def hits_at(self, tok):
        """The hit of each lexicon that starts at `tok`, by lexicon (empty where none does): a rule that
        asks several lexicons about one token looks it up once (hits_at(tok).get(lexicon) is get(tok, lexicon)). The
        View's own mapping, not a copy: a caller reads it and never changes it."""
        return self._at.get(tok, NO_HITS)

    def tagged(self, tok) -> bool:
        """Does a hit of any lexicon start at `tok`?"""
        return bool(self._at.get(tok))

    def first_start(self, lexicon, lo: int, hi: int) -> int | None:
        """The first token in [lo, hi) where a hit of `lexicon` starts."""
        starts = self._starts.get(lexicon)
        if starts is None:
            starts = self._starts[lexicon] = sorted({hit.first for hit in self.hits(lexicon)})
        return first_between(starts, lo, hi)

    def hits(self, *lexicons) -> list:
        """Every hit of these lexicons, in text order (a stage walks these, not every token)."""
        if len(lexicons) == 1:
            return self._by_lexicon.get(lexicons[0], [])
        return sorted((h for lex in lexicons for h in self._by_lexicon.get(lex, [])), key=_FIRST_OF_HIT)

    def kind(self, tok, lexicon, key="kind"):
        """Field `key` of the entry of the hit of `lexicon` that starts at `tok`, or None."""
        at = self._at.get(tok)
        hit = at.get(lexicon) if at is not None else None
        return hit.entry.get(key) if hit is not None else None

    def is_word(self, tok) -> bool:
        return 0 <= tok < len(self.word_flags) and self.word_flags[tok]

    def word_distance(self, a, b) -> int:
        """Number of word tokens in [a, b)."""
        if b <= a:
            return 0
        words, n = self._words_before, len(self._words_before) - 1
        return words[b if b < n else n] - words[a if a > 0 else 0]

    def after_words(self, n: int) -> int:
        """The token after the document's first `n` words (all its tokens when it is shorter)."""
        return bisect.bisect_left(self._words_before, n + 1) - 1 if self._words_before[-1] > n else len(self.tokens)

    def prev_word(self, tok):
        """The last word token before `tok`, or None."""
        flags = self.word_flags
        tok = (tok if tok < len(flags) else len(flags)) - 1
        while tok >= 0 and not flags[tok]:
            tok -= 1
        return tok if tok >= 0 else None

    def next_word(self, tok):
        """The first word token at or after `tok`, or None."""
        flags = self.word_flags
        if tok < 0:
            tok = 0  # is_word is false before the first token
        while tok < len(flags) and not flags[tok]:
            tok += 1
        return tok if tok < len(flags) else None

    def word(self, tok) -> str:
        """The token at `tok`; "" for None or a token beyond either end."""
        tokens = self.tokens
        return tokens[tok] if tok is not None and 0 <= tok < len(tokens) else ""


NO_HITS: Mapping = MappingProxyType({})  # the hits at a token where none starts
_FIRST_OF_HIT = attrgetter("first")

PYTHON = {"add_word_matches": add_word_matches, "add_phrase_matches": add_phrase_matches, "longest": longest,
          "match_at_token": match_at_token, "add_hits": add_hits, "first_between": first_between,
          "first_tokens_with": first_tokens_with,
          "ViewCore": ViewCore}  # the Python loops, which tests compare with the compiled ones

try:
    from ._match_loops import (NO_HITS, ViewCore, add_hits, add_phrase_matches, add_word_matches,  # noqa: F811
                               first_between, first_tokens_with, longest, match_at_token)
    COMPILED = True
except ImportError:  # installed where no C compiler was: the Python loops above
    COMPILED = False
