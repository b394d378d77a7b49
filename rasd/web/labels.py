"""The names the page shows for the data's ids, in English and Arabic: actors (subjects and speakers), categories,
qualifiers, event types (from labels.tsv beside this file), and the outlets' Arabic names (from the outlets lexicon).
An actor missing from labels.tsv takes its first Arabic term in the actors lexicon; any other id has no name here and
the page shows the id itself."""
from __future__ import annotations

import csv
import functools
from pathlib import Path

from ..lexicon import read_rows

LABELS_FILE = Path(__file__).parent / "labels.tsv"
LANGUAGES = ("en", "ar")
KINDS = ("actor", "category", "qualifier", "event_type", "outlet")


@functools.lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, dict[str, str]]]:
    """{language: {kind: {id: name}}}."""
    names = {lang: {kind: {} for kind in KINDS} for lang in LANGUAGES}
    for term_id, term in _first_actor_terms().items():
        names["ar"]["actor"][term_id] = term
    for outlet, term in _first_outlet_terms().items():
        names["ar"]["outlet"][outlet] = term
    for row in _table_rows():
        for lang in LANGUAGES:
            names[lang][row["kind"]][row["id"]] = row[lang]
    return names


def _table_rows() -> list[dict]:
    lines = [line for line in LABELS_FILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _first_actor_terms() -> dict[str, str]:
    """Each named party's first term in the actors lexicon (its other kinds are phrasings, not names)."""
    found: dict[str, str] = {}
    for row in read_rows("actors"):
        if row["kind"] == "group":
            found.setdefault(row["id"], row["term"])
    return found


def _first_outlet_terms() -> dict[str, str]:
    found: dict[str, str] = {}
    for row in read_rows("outlets"):
        if row.get("outlet"):
            found.setdefault(row["outlet"], row["term"])
    return found
