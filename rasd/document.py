"""The document model every stage reads and writes (as spaCy's Doc): original text, normalised copy, tokens,
sentences, lexicon matches, numbers, dates and claims."""
from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, compress, count
from operator import itemgetter

from . import settings
from .lexicon import word_sets
from .links import blank_link_lists
from .normalize import NormalizedText, normalize

_PUNCTUATION = word_sets("punctuation")  # the Arabic comma, question mark and semicolon
COMMAS = frozenset({","}) | _PUNCTUATION["comma"]
# the marks that end a line of a body, not a headline (rasd/links.py)
_LINE_CLOSERS = tuple(sorted(COMMAS | set(".!?:;") | _PUNCTUATION["sentence_end"]))
DIGIT_GROUP_MARKS = ".," + "".join(sorted(_PUNCTUATION["comma"]))  # digit groups: 12,500، 12.500، 12،500
_GROUPS = re.escape(DIGIT_GROUP_MARKS)
_ENDS = re.escape(".!?" + "".join(sorted(_PUNCTUATION["sentence_end"])))
# A decimal part: after a point (the Arabic decimal mark is normalised to one), or after a comma with one or two
# digits (2,5 مليون: two and a half million)
_DIGITS_REST = rf"(?:[{_GROUPS}]\d{{3}}(?!\d))*(?:\.\d+|,\d{{1,2}}(?!\d))?"
_TOKEN = re.compile(rf"\d+{_DIGITS_REST}|[^\W\d_]+|[^\w\s]", re.UNICODE)
# The same tokens, written to begin with one character class: the regex engine then skips to a token's first
# character in a tight loop instead of trying the whole pattern at every gap. The lookbehinds tell which of _TOKEN's
# three kinds that first character began (letters, digits, one mark). split() keeps the tokens at odd places, the gaps
# at even ones.
_TOKEN_SPLIT = re.compile(rf"([^\s_](?:(?<=[^\W\d_])[^\W\d_]*|(?<=\d)\d*{_DIGITS_REST}|))")
# A text of the Basic Multilingual Plane only (nearly every one) is split by the same pattern with its letters
# ([^\W\d_]) spelt out as code point ranges: the regex engine then tests a letter with one table lookup, not with
# three of the Unicode database. (A class with letters beyond the plane would be tested range by range.)
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _bmp_token_split() -> re.Pattern:
    """_TOKEN_SPLIT for texts without characters beyond the BMP (compiled when first needed: it takes a few ms)."""
    codes = array("I", range(0x10000)).tobytes()  # the BMP's characters but the surrogates (no letters)
    bmp = codes[:0xD800 * 4].decode("utf-32-le") + codes[0xE000 * 4:].decode("utf-32-le")
    letters = "".join(f"{re.escape(run[0])}-{re.escape(run[-1])}" for run in re.findall(r"[^\W\d_]+", bmp))
    return re.compile(_TOKEN_SPLIT.pattern.replace(r"[^\W\d_]", f"[{letters}]"))


def regex_split_tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """(tokens, their starts, their ends) of a normalised text, by _TOKEN_SPLIT; the starts end with the text's
    length (the end of the split's last gap). Offsets from the lengths of the split's parts: all in C, far cheaper
    than a Match object per token."""
    parts = (_TOKEN_SPLIT if _BEYOND_BMP.search(text) else _bmp_token_split()).split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    return parts[1::2], offsets[1::2], offsets[2::2]


def decimal_tokens(tokens: list[str]) -> list[int]:
    """The indexes of the tokens whose first character is a decimal digit (the numbers in digits), in order."""
    return list(compress(count(), map(str.isdecimal, map(itemgetter(0), tokens))))


PYTHON_DECIMAL_TOKENS = decimal_tokens  # which tests compare with the compiled one

try:  # the same tokens by a compiled loop over the characters (rasd/_token_split.pyx), where the build compiled it
    from ._token_split import decimal_tokens  # noqa: F811
    from ._token_split import split_tokens as _compiled_split_tokens

    def split_tokens(text: str) -> tuple[list[str], list[int], list[int]]:
        return _compiled_split_tokens(text, DIGIT_GROUP_MARKS)
    TOKENIZER_COMPILED = True
except ImportError:  # installed where no C compiler was
    split_tokens = regex_split_tokens
    TOKENIZER_COMPILED = False


# "1.5" is no sentence end; a line break is. Written to begin with one character class (as _TOKEN_SPLIT, and for the
# same reason), it means [{_ENDS}]*\n[{_ENDS}\n]*|[{_ENDS}]+(?!\d).
_SENTENCE_END = re.compile(rf"[{_ENDS}\n](?:(?<=\n)[{_ENDS}\n]*|[{_ENDS}]*(?:\n[{_ENDS}\n]*|(?!\d)))")


_NEWLINE = re.compile("\n")
LINE_REACH = 2000  # characters searched for a line's end before the text's newlines are listed (Document.line_start)


@dataclass
class Sentence:
    start: int        # normalised char offsets
    end: int
    tok_start: int    # token index range [tok_start, tok_end)
    tok_end: int
    paragraph: int


@dataclass
class Document:
    doc_id: str
    original: str
    published: str | None = None
    published_inferred: bool = False
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None          # the file (and line) it was read from
    status: str = "ok"
    error: str | None = None
    notes: list = field(default_factory=list)   # what was repaired or guessed on reading
    failed_for_now: str | None = None  # why, where it failed for want of memory, not for what it holds: never cached
    norm: NormalizedText | None = None
    tokens: list[str] = field(default_factory=list)
    tok_starts: list[int] = field(default_factory=list)
    tok_ends: list[int] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    matches: list = field(default_factory=list)        # lexicon.Match, in text order
    match_at_token: dict = field(default_factory=dict)  # token index -> index into matches
    numbers: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    found_places: list | None = field(default=None, repr=False)  # geo.PlaceMention: `places`, once found
    place_finder: Callable[[Document], None] | None = field(default=None, repr=False)  # the deferred places stage
    framing: dict = field(default_factory=dict)        # outlets.record_framing
    claims: list = field(default_factory=list)
    repeats: list = field(default_factory=list)         # (a figure told again, the index of the claim it is)
    events: list = field(default_factory=list)          # events.EventMention
    relevance: dict = field(default_factory=dict)       # events.relevance: label, score
    view: object = None                                 # view.View, built once for the date, place, outlet and claim stages
    _sentence_starts: list = field(default_factory=list, repr=False)
    _line_breaks: list | None = field(default=None, repr=False)  # where the text's newlines are, once asked for

    @property
    def text(self) -> str:
        return self.norm.text

    def let_go_of_view(self) -> None:
        """Drop the view once the document is analysed, and what the view worked out: a fact may hold the view
        (the speech cues' reader, suspended where the last figure stopped it), and the view holds the document. Without
        these cycles the document's thousand or so objects are freed at once by reference counting, and the cyclic
        garbage collector, which runs the more often the more objects outlive their document, has little to do."""
        view, self.view = self.view, None
        if view is not None:
            view.let_go()

    @property
    def places(self) -> list:
        """The place mentions (geo.PlaceMention), found when first read: the places stage is deferred (pipeline.py),
        since only figures (who and where, for the claims stage) and the reports that may form incidents (their
        features) read them; most news of other kinds asks for none."""
        if self.found_places is None:
            finder, self.place_finder = self.place_finder, None
            if finder is None:
                self.found_places = []  # a document no pipeline has read
            else:
                finder(self)  # sets self.places
        return self.found_places

    @places.setter
    def places(self, mentions: list) -> None:
        self.found_places = mentions

    def line_start(self, pos: int) -> int:
        """Where the line holding normalised offset `pos` starts. The text is searched LINE_REACH characters back;
        beyond, its newlines are listed once: a text of one long line would be searched back whole for every
        place or date on it."""
        found = self.text.rfind("\n", max(0, pos - LINE_REACH), pos)
        if found >= 0 or pos <= LINE_REACH:
            return found + 1
        before = bisect.bisect_left(self._breaks(), pos)
        return self._breaks()[before - 1] + 1 if before else 0

    def line_end(self, pos: int) -> int:
        """Where the line holding normalised offset `pos` ends: its newline, or the text's end."""
        text = self.text
        found = text.find("\n", pos, pos + LINE_REACH)
        if found >= 0:
            return found
        if pos + LINE_REACH >= len(text):
            return len(text)
        breaks = self._breaks()
        after = bisect.bisect_left(breaks, pos)
        return breaks[after] if after < len(breaks) else len(text)

    def lines_before(self, pos: int) -> int:
        """How many newlines the text holds before normalised offset `pos`."""
        return bisect.bisect_left(self._breaks(), pos)

    def _breaks(self) -> list[int]:
        if self._line_breaks is None:
            self._line_breaks = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self._line_breaks

    def token_at(self, pos: int) -> int:
        """Index of the token containing (or first after) normalised offset `pos`."""
        return bisect.bisect_right(self.tok_starts, pos) - 1 if pos >= (self.tok_starts[0] if self.tok_starts else 0) else 0

    def lead_end(self) -> int:
        """The token after the report's lead: its headline and first sentences (Settings.lead_sentences)."""
        lead = settings.current().lead_sentences
        return self.sentences[lead].tok_start if len(self.sentences) > lead else len(self.tokens)

    def sentence_of(self, tok: int) -> Sentence:
        starts = self._sentence_starts
        if len(starts) != len(self.sentences):  # sentences are only ever appended
            starts = self._sentence_starts = [s.tok_start for s in self.sentences]
        index = bisect.bisect_right(starts, tok) - 1
        return self.sentences[index if index > 0 else 0]

    def evidence(self, start: int, end: int) -> dict:
        """Evidence object for a normalised span: offsets and text of the original."""
        o_start, o_end = self.norm.span_to_original(start, end)
        return {"start": o_start, "end": o_end, "text": self.original[o_start:o_end]}


def tokenize(doc: Document) -> None:
    """Normalise, then split into tokens and sentences (sentences never cross a line break)."""
    doc.norm = blank_link_lists(normalize(doc.original), _LINE_CLOSERS)
    text = doc.norm.text
    doc.tokens, doc.tok_starts, doc.tok_ends = split_tokens(text)
    paragraph, pos = 0, 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        _add_sentence(doc, pos, m.start(), paragraph)
        if "\n" in m.group():
            paragraph += 1
        pos = m.end()


MAX_SENTENCE_TOKENS = 400  # a "sentence" longer than this (a run-on line, a dump) is cut, at commas where it can be


def _add_sentence(doc: Document, start: int, end: int, paragraph: int) -> None:
    tok_start = bisect.bisect_left(doc.tok_starts, start)
    tok_end = bisect.bisect_left(doc.tok_starts, end)
    while tok_end - tok_start > MAX_SENTENCE_TOKENS:
        cut = tok_start + MAX_SENTENCE_TOKENS
        commas = [t for t in range(tok_start + MAX_SENTENCE_TOKENS // 2, cut) if doc.tokens[t] in COMMAS]
        cut = commas[-1] + 1 if commas else cut
        doc.sentences.append(Sentence(doc.tok_starts[tok_start], doc.tok_starts[cut], tok_start, cut, paragraph))
        tok_start = cut
    if tok_end > tok_start:
        doc.sentences.append(Sentence(doc.tok_starts[tok_start] if tok_start < len(doc.tok_starts) else start, end,
                                      tok_start, tok_end, paragraph))


def match_span(doc: Document, match) -> tuple[int, int]:
    """Token range [first, last + 1) a match covers."""
    if match.first >= 0:
        return match.first, match.last + 1
    return doc.token_at(match.start), doc.token_at(match.end - 1) + 1


def match_ending_at(doc: Document, tok: int, lexicon: str):
    """The entry of `lexicon` whose match ends at token `tok` (a phrase of several words too: «حالة وفاة»), or None."""
    index = doc.match_at_token.get(tok)
    if index is None or doc.matches[index].last != tok:
        return None
    return doc.matches[index].entry(lexicon)


def match_of(doc: Document, tok: int, lexicon: str):
    """(match, entry) of `lexicon` that starts at token `tok`, or (None, None)."""
    index = doc.match_at_token.get(tok)
    if index is None:
        return None, None
    match = doc.matches[index]
    if match.first != tok:
        return None, None
    entry = match.entry(lexicon)
    return (match, entry) if entry else (None, None)
