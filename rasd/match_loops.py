"""The loops that run once for every lexicon match of every document: a token's matches made the document's, the
longest ones chosen, the matches indexed by token and the token view's hits built. The package's build compiles
the same loops with C types (`_match_loops.pyx`, by Cython) where a C compiler is present, and they are used
instead of the Python below; `COMPILED` tells which run. Both give the same results (tests/test_match_loops.py).
This module imports nothing of Rasd: the record types are handed in."""
from __future__ import annotations

from itertools import compress, count
from operator import itemgetter, lt


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


PYTHON = {"add_word_matches": add_word_matches, "longest": longest, "match_at_token": match_at_token,
          "add_hits": add_hits}  # the Python loops, which tests compare with the compiled ones

try:
    from ._match_loops import add_hits, add_word_matches, longest, match_at_token  # noqa: F811
    COMPILED = True
except ImportError:  # installed where no C compiler was: the Python loops above
    COMPILED = False
