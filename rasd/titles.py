"""An incident's title: the headline of its lead report when it has one, else a generated "what — where — when".
A headline is a line that reads as words: site furniture (a phone number, "دمشق °C", a menu line) is not one."""
from __future__ import annotations

import re

from .boilerplate import is_boilerplate

MIN_WORDS = 4          # shorter lines are furniture: a city and its temperature, a menu entry
MIN_LETTER_SHARE = 0.7  # of the non-space characters: a phone number or a date line has few letters
MAX_CHARS = 120

_WORD = re.compile(r"[^\W\d_]{2,}")
# Ta marbuta (U+0629) and alef maqsura (U+0649) end a word; followed by a letter they mark two words run together
# by the page's markup ("…الإسلاميةداعش"): a space belongs there.
_GLUED = re.compile(r"([\u0629\u0649])(?=[\u0621-\u064A])")


def is_headline(line: str) -> bool:
    words = line.split()
    if len(words) < MIN_WORDS or len(_WORD.findall(line)) < MIN_WORDS - 1:
        return False
    spaces, letters = spaces_and_letters(line)  # no space is a letter
    return letters >= MIN_LETTER_SHARE * (len(line) - spaces) and not is_boilerplate(line)


def spaces_and_letters(line: str) -> tuple[int, int]:
    """How many characters of `line` are spaces (str.isspace) and how many letters (str.isalpha). Where the build
    compiled the tokenizer, rasd/_token_split.pyx's loop counts them, with no string made for each character."""
    return sum(map(str.isspace, line)), sum(map(str.isalpha, line))


PYTHON_SPACES_AND_LETTERS = spaces_and_letters  # which tests compare with the compiled one

try:
    from ._token_split import spaces_and_letters  # noqa: F811
except ImportError:
    pass

# The lines str.splitlines() gives that hold a character: runs of anything but its line boundaries. The first
# headline is found without splitting the whole text.
_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def headline(text: str) -> str | None:
    """The first line of the text that reads as a headline, with words the markup ran together set apart."""
    for run in _LINE.finditer(text):
        line = " ".join(run.group().split())
        if line and is_headline(line):
            return _shorten(_GLUED.sub(r"\1 ", line))
    return None


def generated_title(event_type: str | None, place: str | None, start: str | None) -> str:
    return " — ".join(part for part in (event_type or "Event", place, start) if part)


def incident_title(reports: list[tuple[str | None, str | None]], event_type: str | None, place: str | None,
                   start: str | None) -> str:
    """The title the page's metadata gives the lead report, else the first report's headline, else a generated one.
    `reports` are the (metadata title, headline) of the incident's documents, the lead first."""
    for title, line in reports:
        if title and is_headline(title):
            return _shorten(title)
        if line:
            return line
    return generated_title(event_type, place, start)


def _shorten(line: str) -> str:
    if len(line) <= MAX_CHARS:
        return line
    cut = line.rfind(" ", 0, MAX_CHARS - 1)
    return line[:cut if cut > MAX_CHARS // 2 else MAX_CHARS - 1] + "…"
