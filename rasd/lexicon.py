"""Domain lexicons: versioned TSV files under rasd/data, compiled once into Aho-Corasick automata.

Every lexicon file has a header row; its first column is the Arabic (or Latin) term, the other columns are the entry's
fields. Terms are normalised like document text. A match is kept only on word boundaries, allowing Arabic proclitics
(و ف ب ل ك and the article ال) before it and a lexicon's own suffixes (pronouns, verb endings) after it.
"""
from __future__ import annotations

import csv
import functools
import re
from itertools import compress
from operator import attrgetter, not_
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from . import settings
from .match_loops import add_phrase_matches, add_word_matches, longest
from .normalize import normalize_term


def read_rows(name: str, user_folders: bool = True) -> list[dict]:
    """Rows of rasd/data/NAME.tsv as dicts (lines starting with # are comments), followed by the rows of NAME.tsv in
    each of the current settings' lexicon folders (unless `user_folders` is false): a user's own actors, places or
    outlets for another conflict."""
    texts = [resources.files("rasd.data").joinpath(f"{name}.tsv").read_text(encoding="utf-8")]
    for folder in settings.current().lexicon_folders if user_folders else ():
        extra = Path(folder) / f"{name}.tsv"
        if extra.exists():
            texts.append(extra.read_text(encoding="utf-8"))
    return [row for text in texts for row in tsv_rows(text)]


def tsv_rows(text: str) -> list[dict]:
    """The rows of a TSV text with a header line, as dicts; blank lines and lines starting with # are skipped."""
    lines = [ln for ln in text.splitlines() if ln and not ln.isspace() and not ln.startswith("#")]
    table = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not table:
        return []
    header = table[0]
    rows = [dict(zip(header, values)) for values in table[1:]]  # as csv.DictReader reads them, in C
    if set(map(len, table)) != {len(header)}:
        for row, values in zip(rows, table[1:]):
            _pad(row, header, values)
    return rows


def _pad(row: dict, header: list, values: list) -> None:
    """csv.DictReader's rule for a row of another width: extra values as a list under None, missing fields None."""
    if len(values) == len(header):
        return
    if len(values) > len(header):
        row[None] = values[len(header):]
    else:
        for key in header[len(values):]:
            row[key] = None


# The words a memo of words keeps before it is emptied. A worker's half of the news2013 stream (7,300 articles) meets
# 90,582 distinct words: at 65,536 the lexicon's memo was emptied during it and worked out 127,416 words, 41 % more
# than it needed (each costs about 6 us in a run, the automaton's memory cold). The bound keeps the memos of a long,
# varied corpus to some tens of MB.
WORD_MEMO_SIZE = 1 << 17


@settings.knowledge
class WordMemo(dict):
    """{word: compute(word)} for the words met so far, emptied past `size` words: news repeats its words, so most
    are worked out once per process (a hit is one dict lookup, cheaper than functools.lru_cache's)."""

    def __init__(self, compute, size: int = WORD_MEMO_SIZE):
        super().__init__()
        self.compute, self.size = compute, size

    def __missing__(self, word):
        if len(self) > self.size:
            self.clear()
        value = self[word] = self.compute(word)
        return value


def word_sets(name: str, key: str = "kind") -> dict[str, frozenset]:
    """The terms of rasd/data/NAME.tsv (the language's words, never a user's), normalised, as one set per value of
    column `key`: for rules that compare a whole word, where no automaton is needed."""
    return dict(_word_sets(name, key))  # a copy: the caller may change its own


@functools.lru_cache(maxsize=None)
def _word_sets(name: str, key: str) -> dict[str, frozenset]:
    """word_sets, read once per process: modules ask for the same file's sets at import (claim_words, eleven times),
    and the language's files never change while it runs."""
    sets: dict[str, set] = {}
    for row in read_rows(name, user_folders=False):
        sets.setdefault(row[key], set()).add(normalize_term(row["term"].strip()))
    return {k: frozenset(v) for k, v in sets.items()}


def _read_affixes() -> tuple[dict, dict]:
    """rasd/data/affixes.tsv (the language's, never a user's): the affixes of each kind in file order, and the
    proclitics the code names (wa, al …)."""
    by_kind, by_name = {}, {}
    for row in read_rows("affixes", user_folders=False):
        term = normalize_term(row["term"].strip())
        by_kind[row["kind"]] = by_kind.get(row["kind"], ()) + (term,)
        if row["name"]:
            by_name[row["name"]] = term
    return by_kind, by_name


AFFIXES, PROCLITICS = _read_affixes()
WA, ARTICLE, LAM_ARTICLE = PROCLITICS["wa"], AFFIXES["article"][0], AFFIXES["lam_article"][0]  # و، ال، لل


def _suffixes(*kinds) -> frozenset:
    return frozenset(("",) + tuple(a for kind in kinds for a in AFFIXES[kind]))


# Suffixes a match may carry, by lexicon; "" is always allowed.
SUFFIXES = {
    "predicates": _suffixes("pronoun", "verb_ending"),
    "nouns": _suffixes("accusative", "pronoun"),
    "numbers": _suffixes("accusative"),
    "nonperson": _suffixes("accusative", "pronoun"),
    "custody": _suffixes("accusative", "pronoun"),
    "fighting": _suffixes("pronoun", "verb_ending"),
    "totals": _suffixes("pronoun", "verb_ending"),
    "onsets": _suffixes("pronoun", "verb_ending"),
    "movements": _suffixes("pronoun", "verb_ending"),
    "estimates": _suffixes("pronoun", "verb_ending"),
    "events": _suffixes("pronoun", "verb_ending"),
    "periods": _suffixes("pronoun"),
}
DEFAULT_SUFFIXES = frozenset({""})
NATIONALITY_SUFFIXES = _suffixes("nationality")

_CONJ = ("",) + AFFIXES["conjunction"]
_PREP = ("",) + AFFIXES["preposition"]
PREFIXES_NO_ARTICLE = frozenset(c + p for c in _CONJ for p in _PREP)
PREFIXES_WITH_ARTICLE = frozenset({c + p + ARTICLE for c in _CONJ for p in _PREP} | {c + LAM_ARTICLE for c in _CONJ})
ALL_PREFIXES = PREFIXES_NO_ARTICLE | PREFIXES_WITH_ARTICLE
# Place names are many and short: the comparative ك (كامل ≠ ك + آمل) is not allowed before them.
PLACE_PREFIXES = frozenset(p for p in ALL_PREFIXES if PROCLITICS["ka"] not in p)

LEXICONS = ("predicates", "actors", "nouns", "nonperson", "hedges", "modality", "speech", "numbers", "months",
            "weekdays", "timewords", "ordinals", "places", "outlets", "outlet_markers", "framing", "sites",
            "countries", "custody", "fighting", "totals", "onsets", "place_types", "movements", "toll_heads",
            "estimates", "events", "periods", "clause_breaks", "place_seats")
# Lexicons of single words that rules look for next to other matches (the start of an attack before a date): they
# are matched on their own, so that a longer match of another lexicon over the same word hides neither, and adding
# one never changes the other lexicons' matches.
CUE_LEXICONS = frozenset({"onsets", "place_types", "movements", "toll_heads", "estimates", "events", "periods",
                          "clause_breaks", "place_seats"})
# Lexicons of words that head a construct (مدينة حلب، ريف إدلب): never with the article, which makes the next word
# an adjective or another phrase (المنطقة الخضراء، مجلس المحافظة رشيد).
CONSTRUCT_HEADS = frozenset({"place_types"})


class Entry(dict):
    """A lexicon's row: its other columns as the dict itself (entry["kind"], entry.get("pos"): the rules read them
    hundreds of times a document, and a dict's own lookups run in C where a method of a class of ours would be a
    Python call each), with where it comes from."""
    __slots__ = ("lexicon", "term", "article")

    def __init__(self, lexicon: str, term: str, fields: dict, article: bool):
        super().__init__(fields)
        self.lexicon = lexicon
        self.term = term            # the term as written in the data file
        self.article = article      # the term starts with the article ال (so a match needs it, or لل)

    def __eq__(self, other):
        return type(other) is Entry and (self.lexicon, self.term, self.article) == (
            other.lexicon, other.term, other.article) and dict.__eq__(self, other)

    def __ne__(self, other):  # dict has its own !=, which would compare the columns alone
        return not self == other

    __hash__ = None

    def __bool__(self) -> bool:
        return True  # an entry, even of a lexicon with no other columns, is something found (a dict would be empty)

    def __repr__(self) -> str:
        return f"Entry({self.lexicon!r}, {self.term!r}, {dict(self)!r}, {self.article!r})"

    def __reduce__(self):
        return Entry, (self.lexicon, self.term, dict(self), self.article)


class Match(NamedTuple):
    start: int          # normalised offsets of the whole word part matched, proclitics excluded
    end: int
    entries: tuple      # every Entry whose term matched here
    prefix: str         # the proclitics before the term (و، ب، ال…)
    first: int = -1     # index of its first and last word, when scanned with the document's tokens
    last: int = -1

    def entry(self, lexicon: str):
        for e in self.entries:
            if e.lexicon == lexicon:
                return e
        return None


def use_lexicon_folders(folders) -> None:
    """Add the user's lexicon folders (for this process and the workers it starts): every lexicon and all knowledge
    built from the data files is rebuilt for them when next asked for."""
    settings.use(settings.current().with_lexicon_folders(folders))


def lexicon_rows(name: str) -> list[dict]:
    """The rows of one lexicon as the automaton reads them (the gazetteer's places come from rasd/knowledge.py)."""
    if name == "actors":
        return read_rows("actors") + party_name_rows()
    return read_rows(name)


def party_name_rows() -> list[dict]:
    """The names of the parties of parties.tsv (party_names.tsv) as actors: a state's forces speak and count as
    a state body, any other party as a group."""
    sectors = {row["id"]: row["sector"] for row in read_rows("parties")}
    return [{"term": row["term"], "id": row["id"], "kind": "state" if sectors.get(row["id"]) == "state" else "group"}
            for row in read_rows("party_names")]


_LETTERS = re.compile(r"[^\W\d_]+")


class Lexicon:
    """All lexicons in two automata (the surfaces of one word, searched in each distinct word once; the phrases and
    marks, searched in the text); `scan(text)` returns boundary-checked longest matches in text order."""

    def __init__(self, names=LEXICONS, rows_of=None):
        """`rows_of(name)`: a lexicon's rows (default: its data files, lexicon_rows)."""
        rows_of = rows_of or lexicon_rows
        self.entries: dict[str, list[Entry]] = {name: [] for name in names}
        by_surface: dict[str, list[Entry]] = {}
        for name in names:
            entries = self.entries[name]
            for row in rows_of(name):
                term = row.pop("term").strip()
                fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
                norm = normalize_term(term)
                article = term.startswith(ARTICLE) and len(norm) > 3  # as written: ألفين is no article
                surface = norm[len(ARTICLE):] if article else norm
                entry = Entry(name, term, fields, article)
                entries.append(entry)
                by_surface.setdefault(surface, []).append(entry)
        self.surfaces = list(by_surface)
        affixes: dict[tuple, tuple] = {}  # the affix sets of each combination of kinds of entries (_surface_rules)
        sets: dict[frozenset, frozenset] = {}  # each distinct affix set once: thousands of surfaces share a few
        self._rules = [_surface_rules(by_surface[s], affixes, sets) for s in self.surfaces]
        # A surface of letters only lies inside one word (a word is a run of letters): its matches are found once
        # per distinct word and kept (news repeats its words); the others (phrases, marks) by a scan of the text.
        one_word = [_LETTERS.fullmatch(s) is not None for s in self.surfaces]
        # Both automata contiguous NFAs (their matches are those of any implementation): fewer instructions a
        # search than the library's default choice here, in the same memory. A DFA for the phrases would save
        # another 0.4 % of a document's instructions for 15 MB in every process, which a Ray run pays per worker.
        self._words = _Surfaces(list(compress(self.surfaces, one_word)), list(compress(self._rules, one_word)),
                                ahocorasick_rs.Implementation.ContiguousNFA)
        in_text = list(map(not_, one_word))
        self._phrases = _Surfaces(list(compress(self.surfaces, in_text)), list(compress(self._rules, in_text)),
                                  ahocorasick_rs.Implementation.ContiguousNFA)
        self._matches_in_word = WordMemo(self._word_matches)

    @functools.cached_property
    def _automaton(self):
        """Every surface in one automaton: the single scan of a text that rasd bench times as the floor."""
        return ahocorasick_rs.AhoCorasick(self.surfaces)

    def scan(self, text: str, starts: list[int] | None = None, ends: list[int] | None = None,
             tokens: list[str] | None = None) -> list[Match]:
        """Matches in text order. `starts`/`ends` are the text's word spans when the caller has them (the
        document's tokens, each run of letters one of them; `tokens` their text); each match then carries the
        indexes of its first and last word."""
        if starts is None:
            spans = [m.span() for m in _LETTERS.finditer(text)]
            starts, ends = [s for s, _ in spans], [e for _, e in spans]
        if tokens is None:
            tokens = list(map(text.__getitem__, map(slice, starts, ends)))
        candidates, cue_candidates = [], []
        add_word_matches(self._matches_in_word, tokens, starts, candidates, cue_candidates)
        self._add_phrase_matches(text, starts, ends, candidates, cue_candidates)
        kept = longest(candidates, Match)
        if cue_candidates:  # after the other matches of their first word
            kept = sorted(kept + longest(cue_candidates, Match), key=attrgetter("first"))
        return kept

    def _word_matches(self, word: str) -> tuple:
        """The matches of one-word surfaces inside `word` that its proclitics and suffixes allow: (start, end,
        entries, cue entries, prefix), offsets in the word."""
        surfaces, found = self._words, []
        for idx, start, end in surfaces.find(word):
            prefix, suffix = word[:start], word[end:]
            if prefix in surfaces.prefixes[idx] and suffix in surfaces.suffixes[idx]:
                entries, cues = surfaces.entries(idx, prefix, suffix)
                if entries or cues:
                    found.append((start, end, entries, cues, prefix))
        return tuple(found)

    def _add_phrase_matches(self, text: str, starts, ends, candidates: list, cue_candidates: list) -> None:
        """The candidates of the other surfaces (phrases of several words, marks), from a scan of the text."""
        surfaces = self._phrases
        add_phrase_matches(surfaces.find(text), text, starts, ends, surfaces.prefixes, surfaces.suffixes,
                           surfaces.known_entries, surfaces.entries, candidates, cue_candidates)


# The text a phrase automaton scans, one byte a character: Windows' Arabic code page has a byte for every letter of
# Arabic and of ASCII, so the bytes' offsets are the characters' (a character it lacks becomes one REPLACED byte).
# Half the UTF-8 a str automaton scans, and no conversion of its byte offsets back to characters: 0.65 of the time.
ONE_BYTE_ENCODING = "cp1256"
REPLACED = b"?"


try:  # the one-byte text made by a compiled loop over the characters (one_byte_encoder)
    from ._token_split import one_byte_text
except ImportError:  # installed where no C compiler was
    one_byte_text = None


def one_byte_table(encoding: str = ONE_BYTE_ENCODING) -> bytes:
    """The byte of each code point of the Basic Multilingual Plane in a one-byte `encoding` (where it has none, the
    byte its codec's "replace" writes: "?" in most, not in EBCDIC's), then that byte for the characters beyond it:
    what the compiled one_byte_text reads."""
    table = bytearray("\uffff".encode(encoding, "replace") * 0x10001)  # a noncharacter: no code page has it
    for byte in range(256):
        character = bytes([byte]).decode(encoding, "replace")
        if character != "\ufffd" and ord(character) < 0x10000:
            table[ord(character)] = byte
    return bytes(table)


def one_byte_encoder(encoding: str):
    """text -> text.encode(encoding, "replace") for a one-byte `encoding`: by a compiled loop over the characters
    reading one_byte_table(encoding), where the build compiled it."""
    if one_byte_text is None:
        return functools.partial(str.encode, encoding=encoding, errors="replace")
    return functools.partial(one_byte_text, table=one_byte_table(encoding))


def one_byte_each(surfaces: list[str]) -> bool:
    """Can the surfaces be searched in ONE_BYTE_ENCODING: each character of each one a byte of its own there, and
    none the byte that stands for a character the code page lacks?"""
    try:
        encoded = [s.encode(ONE_BYTE_ENCODING) for s in surfaces]
    except UnicodeEncodeError:
        return False
    return all(len(e) == len(s) and REPLACED not in e for e, s in zip(encoded, surfaces))


class _Surfaces:
    """Some of the lexicons' surfaces in one automaton, with the affixes each allows. Where every surface has a byte
    a character in ONE_BYTE_ENCODING, the automaton searches the text so encoded (same offsets, half the bytes)."""

    def __init__(self, surfaces: list[str], rules: list, implementation=None):
        self.surfaces = surfaces
        self.encoding = ONE_BYTE_ENCODING if surfaces and one_byte_each(surfaces) else None
        self._encode = one_byte_encoder(self.encoding) if self.encoding else None
        if not surfaces:
            self._automaton = None
        elif self.encoding:
            self._automaton = ahocorasick_rs.BytesAhoCorasick([s.encode(self.encoding) for s in surfaces],
                                                              implementation=implementation)
        else:
            self._automaton = ahocorasick_rs.AhoCorasick(surfaces, implementation=implementation)
        self.rules = rules
        self.prefixes = [r.prefixes for r in rules]  # their unions, to reject most candidates at once
        self.suffixes = [r.suffixes for r in rules]
        self.known_entries: dict[tuple, tuple] = {}  # (surface, prefix, suffix) -> entries allowed there

    def find(self, text: str) -> list:
        """(surface index, start, end) of every occurrence, overlapping ones too."""
        if self._automaton is None:
            return []
        if self.encoding:
            return self._automaton.find_matches_as_indexes(self._encode(text), overlapping=True)
        return self._automaton.find_matches_as_indexes(text, overlapping=True)

    def entries(self, idx: int, prefix: str, suffix: str) -> tuple[tuple, tuple]:
        """(entries of the competing lexicons, entries of the cue lexicons) of surface `idx` allowed there."""
        key = (idx, prefix, suffix)
        split = self.known_entries.get(key)
        if split is None:
            split = self.known_entries[key] = _split(_entries_for(self.rules[idx].entries, prefix, suffix))
        return split


def _split(entries) -> tuple[tuple, tuple]:
    """(entries of the competing lexicons, entries of the cue lexicons)."""
    return (tuple(e for e in entries if e.lexicon not in CUE_LEXICONS),
            tuple(e for e in entries if e.lexicon in CUE_LEXICONS))


class _Rules(NamedTuple):
    entries: tuple          # (Entry, allowed prefixes, allowed suffixes)
    prefixes: frozenset     # their union, to reject most candidates at once
    suffixes: frozenset


def _surface_rules(entries, affixes: dict[tuple, tuple], sets: dict[frozenset, frozenset]) -> _Rules:
    """The entries of one surface with the prefixes and suffixes each allows. The sets depend only on the kinds of
    the entries (lexicon, article, nationality): `affixes` keeps them for each combination of kinds met, `sets` one
    copy of each distinct set, shared by every surface that allows it."""
    kinds = tuple([(e.lexicon, e.article, _is_nationality(e)) for e in entries])
    found = affixes.get(kinds)
    if found is None:
        found = affixes[kinds] = _affix_sets(kinds, sets)
    allowed, prefixes, suffixes = found
    return _Rules(tuple([(e, p, s) for e, (p, s) in zip(entries, allowed)]), prefixes, suffixes)


def _affix_sets(kinds, sets: dict[frozenset, frozenset]) -> tuple[tuple, frozenset, frozenset]:
    """((prefixes, suffixes) allowed for each kind of entry, their unions), each set the copy kept in `sets`."""
    def shared(affixes: frozenset) -> frozenset:
        return sets.setdefault(affixes, affixes)

    allowed = []
    for lexicon, article, nationality in kinds:
        prefixes = PREFIXES_WITH_ARTICLE if article else ALL_PREFIXES
        if lexicon == "places":
            prefixes = prefixes & PLACE_PREFIXES
        elif lexicon in CONSTRUCT_HEADS:
            prefixes = PREFIXES_NO_ARTICLE
        suffixes = NATIONALITY_SUFFIXES if nationality else SUFFIXES.get(lexicon, DEFAULT_SUFFIXES)
        allowed.append((shared(prefixes), shared(suffixes)))
    return (tuple(allowed), shared(frozenset().union(*(p for p, _ in allowed))),
            shared(frozenset().union(*(s for _, s in allowed))))


def _is_nationality(e: Entry) -> bool:
    """A nationality adjective, which agrees with its noun (سوري، سورية، سوريين، سوريان)."""
    return (e.lexicon == "actors" and e.get("kind") == "nationality"
            or e.lexicon == "countries" and e.get("form", "").startswith("adjective"))


def _entries_for(rules, prefix, suffix):
    kept = [e for e, prefixes, suffixes in rules if prefix in prefixes and suffix in suffixes]
    if prefix.endswith((ARTICLE, LAM_ARTICLE)):
        kept.sort(key=lambda e: not e.article)  # المصدر is the article term, not مصدر with an article
    return tuple(kept)
