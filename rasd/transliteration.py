"""Sound keys of place names (knowledge): how an Arabic spelling of a foreign name and GeoNames' Latin name of the
place sound alike, so that a town the gazetteer knows only in Latin, or under another Arabic spelling, is found
(«سجن غووزا» is Gwoza, «ولاية شرناخ» Şırnak, «كابول» Kabul). The letter classes are rasd/data/transliteration.tsv."""
from __future__ import annotations

import re
from functools import lru_cache

from . import settings
from .lexicon import read_rows

VOWELS = frozenset("aiu")


@settings.knowledge
def _classes() -> tuple[dict, list]:
    """(Arabic letter -> class, Latin letters and digraphs -> class, the longest first)."""
    arabic, latin = {}, {}
    for row in read_rows("transliteration", user_folders=False):
        (arabic if row["script"] == "arabic" else latin)[row["term"]] = row.get("class") or ""
    return arabic, sorted(latin.items(), key=lambda kv: -len(kv[0]))


def _collapsed(classes) -> str:
    """Classes joined with a repeated one written once (غووزا: g u u z a -> guza; Ganye: g a n i i -> gani)."""
    out, last = [], ""
    for c in classes:
        if c and c != last:
            out.append(c)
            last = c
    return "".join(out)


@lru_cache(maxsize=65536)
def arabic_key(word: str) -> str:
    """The sound key of an Arabic spelling (a normalised word or phrase, spaces ignored)."""
    arabic, _ = _classes()
    return _collapsed(arabic.get(ch, "") for ch in word if not ch.isspace())


@settings.knowledge
def _latin_letters() -> tuple[re.Pattern, dict]:
    """(the Latin letters and digraphs as one pattern, the longest first at each place; their classes)."""
    _, latin = _classes()
    return re.compile("|".join(re.escape(letters) for letters, _ in latin)), dict(latin)


def latin_key(name: str) -> str:
    """The sound key of an ASCII Latin name (Gwoza -> guza, Sirnak -> sirnak). Letters that are no sound (a space, a
    hyphen, an apostrophe) are skipped; the gazetteer keys its 10,000 Latin names so at every start."""
    pattern, classes = _latin_letters()
    return _collapsed(map(classes.__getitem__, pattern.findall(name.lower())))


_LOOSE = {"g": "k", "z": "s", "d": "t"}
_LOOSE_SKELETON = str.maketrans({**dict.fromkeys(VOWELS), **_LOOSE})  # the vowels dropped and the merges, in one table


def loose_skeleton(key: str) -> str:
    """The consonants with the classes Arabic spellings confuse merged (جونقلي for Jonglei: ق for g)."""
    return key.translate(_LOOSE_SKELETON)


def similarity(a: str, b: str) -> float:
    """1 - edit distance / the longer length, over two keys."""
    if a == b:
        return 1.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return 1.0 - previous[-1] / max(len(a), len(b))
