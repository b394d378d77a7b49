"""Arabic normalisation on a copy of the text, with a map back to the original offsets.

The normalised text is what every later stage matches against; the offset map turns any span of it back into a span
of the original text, so evidence always quotes what the source really wrote.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# One-to-one replacements (length preserving): letter variants, digits, quotes, spaces.
_ONE_TO_ONE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ې": "ي", "ۍ": "ي", "ە": "ه",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'", "‚": "'",
    "،": "،", "٫": ".", "٬": ",", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u3000": " ",
    "–": "-", "—": "-",
}
_ONE_TO_ONE.update({chr(0x0660 + d): str(d) for d in range(10)})  # Eastern Arabic digits
_ONE_TO_ONE.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits
_TRANSLATE = str.maketrans(_ONE_TO_ONE)

# Characters dropped from the normalised copy: diacritics, tatweel, bidi and zero-width controls, soft hyphen (the
# first and last code point of each run).
_DROPPED_RUNS = ((0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640), (0x200B, 0x200F),
                 (0x202A, 0x202E), (0x2066, 0x2069), (0x00AD, 0x00AD), (0xFEFF, 0xFEFF))
_DROPPED_CLASS = "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in _DROPPED_RUNS) + "]"
# X+ written XX*: a pattern that begins with a character class lets the regex engine skip to the first match in a
# tight loop rather than try the pattern at every character.
_DROPPED = re.compile(_DROPPED_CLASS + _DROPPED_CLASS + "*")
# Presentation forms (ﻻ، ﷲ) expand under NFKC; only these code blocks are decomposed.
_PRESENTATION_BLOCKS = (range(0xFB50, 0xFE00), range(0xFE70, 0xFEFD))
_PRESENTATION_CHARS = frozenset(chr(c) for block in _PRESENTATION_BLOCKS for c in block)
_PRESENTATION = re.compile("[" + "".join(f"{chr(b.start)}-{chr(b.stop - 1)}" for b in _PRESENTATION_BLOCKS) + "]")


@dataclass(frozen=True)
class NormalizedText:
    """The normalised copy of `original`; `_runs` maps normalised offsets back to original ones."""
    original: str
    text: str
    _norm_starts: tuple[int, ...]
    _orig_starts: tuple[int, ...]
    _orig_ends: tuple[int, ...]

    def to_original(self, pos: int) -> int:
        """The original offset of the normalised character at `pos` (or of the end, for pos == len(text))."""
        if pos >= len(self.text):
            return len(self.original)
        i = bisect.bisect_right(self._norm_starts, pos) - 1
        orig = self._orig_starts[i] + (pos - self._norm_starts[i])
        return min(orig, self._orig_ends[i] - 1) if self._orig_ends[i] > self._orig_starts[i] else orig

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering the normalised [start, end); dropped marks inside or after are kept."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        o_start = self.to_original(start)
        o_end = self.to_original(end)
        # An expanded character (one original char, several normalised) must not end before it starts.
        last = self.to_original(end - 1)
        return o_start, max(o_end, last + 1)


PYTHON_OFFSETS = {"to_original": NormalizedText.to_original,  # which tests compare with the compiled ones
                  "span_to_original": NormalizedText.span_to_original}

try:  # the same, compiled (rasd/_token_split.pyx), where the build compiled the tokenizer: each evidence's offsets,
    # several a document, in one C call rather than three Python ones
    from ._token_split import span_to_original as _span_to_original, to_original as _to_original
    NormalizedText.to_original, NormalizedText.span_to_original = _to_original, _span_to_original
except ImportError:
    pass


_DROPPED_CHARS = sorted(chr(c) for first, last in _DROPPED_RUNS for c in range(first, last + 1))
_REPLACING = {**_ONE_TO_ONE, **{c: "" for c in _DROPPED_CHARS}}
# str.translate looks every character up in a dict; in Arabic text only a few percent change, so a regex that finds
# just those (and the presentation forms, in the same pass) is far faster. split() keeps them at odd places.
_CHANGED_SPLIT = re.compile("([" + re.escape("".join(sorted(c for c, r in _REPLACING.items() if c != r)))
                            + _PRESENTATION.pattern[1:-1] + "])")


def normalize(original: str) -> NormalizedText:
    """Normalise Arabic text for matching, keeping a run-length offset map to `original`."""
    common = _common_case(original)
    return common if common is not None else _normalize_pieces(original)


def _common_case(original: str) -> NormalizedText | None:
    """Each changed character replaced by one or none (a dropped mark), the map's runs the gaps between dropped
    marks; None where a presentation form expands (_normalize_pieces). Where the build compiled the tokenizer,
    rasd/_token_split.pyx's loop over the characters runs instead."""
    parts = _CHANGED_SPLIT.split(original)
    changed = parts[1::2]
    if not _PRESENTATION_CHARS.isdisjoint(changed):
        return None
    parts[1::2] = map(_REPLACING.__getitem__, changed)
    text = "".join(parts)
    if len(text) == len(original):  # nothing dropped
        return NormalizedText(original, text, (0,), (0,), (len(original),))
    norm_starts, orig_starts, orig_ends = [0], [0], []
    removed = 0
    for m in _DROPPED.finditer(original):
        orig_ends.append(m.start())
        removed += m.end() - m.start()
        norm_starts.append(m.end() - removed)
        orig_starts.append(m.end())
    orig_ends.append(len(original))
    return NormalizedText(original, text, tuple(norm_starts), tuple(orig_starts), tuple(orig_ends))


PYTHON_COMMON_CASE = _common_case  # which tests compare with the compiled one

try:
    from ._token_split import normalized_runs as _normalized_runs, use_replacements as _use_replacements
except ImportError:
    pass
else:
    _use_replacements(_REPLACING, _PRESENTATION_BLOCKS)

    def _common_case(original: str) -> NormalizedText | None:  # noqa: F811
        runs = _normalized_runs(original)
        return NormalizedText(original, *runs) if runs is not None else None


def _normalize_pieces(original: str) -> NormalizedText:
    """The general case, with presentation forms that expand into several characters."""
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    pieces: list[str] = []
    n_len = 0
    for o_start, o_end, piece in _pieces(original):
        if not piece:
            continue
        norm_starts.append(n_len)
        orig_starts.append(o_start)
        orig_ends.append(o_end)
        pieces.append(piece)
        n_len += len(piece)
    if not norm_starts:
        norm_starts, orig_starts, orig_ends = [0], [0], [len(original)]
    return NormalizedText(original, "".join(pieces), tuple(norm_starts), tuple(orig_starts), tuple(orig_ends))


def _pieces(original: str):
    """Yield (orig_start, orig_end, normalised piece); a piece is either copied 1:1 or one expanded character."""
    special = re.compile(_DROPPED.pattern + "|" + _PRESENTATION.pattern)
    pos = 0
    for m in special.finditer(original):
        if m.start() > pos:
            yield pos, m.start(), original[pos:m.start()].translate(_TRANSLATE)
        if _PRESENTATION.fullmatch(m.group()):
            expanded = unicodedata.normalize("NFKC", m.group()).translate(_TRANSLATE)
            expanded = _DROPPED.sub("", expanded)
            if len(expanded) == 1:
                yield m.start(), m.end(), expanded
            else:
                # Each expanded character maps to the one original character.
                for ch in expanded:
                    yield m.start(), m.end(), ch
        pos = m.end()
    if pos < len(original):
        yield pos, len(original), original[pos:].translate(_TRANSLATE)


def normalize_term(term: str) -> str:
    """Normalise a lexicon term exactly as document text is normalised."""
    parts = _CHANGED_SPLIT.split(term)
    if len(parts) == 1:  # nothing to change
        return term
    changed = parts[1::2]
    if not _PRESENTATION_CHARS.isdisjoint(changed):
        return normalize(term).text
    parts[1::2] = map(_REPLACING.__getitem__, changed)  # normalize's common case, without its offset map
    return "".join(parts)
