"""The names the page shows for the data's ids, in English and Arabic: actors (subjects and speakers), categories,
qualifiers, event types and ACLED's sub-event types, event kinds (event_kinds.tsv), incident kinds, roles and the
page's own words (`ui`) (from labels.tsv beside this file), the outlets' Arabic names (from the outlets lexicon) and parties. An actor missing from
labels.tsv takes its first Arabic term in the actors lexicon; any other id has no name here and the page shows the id
itself.

A party (a claim's `party`) is a state or an armed group, named from the data files so that the names follow them: a
state's Arabic name is its first `name` row in countries.tsv and its English name the `state` row of labels.tsv; an
armed group's English name is its name_en in parties.tsv and its Arabic name its first term in party_names.tsv, else
its actor name (labels.tsv, then the actors lexicon). `party` rows of labels.tsv (un, none, unknown) come last and
win."""
from __future__ import annotations

from pathlib import Path

from .. import settings
from ..knowledge import parties
from ..lexicon import read_rows, tsv_rows

LABELS_FILE = Path(__file__).parent / "labels.tsv"
LANGUAGES = ("en", "ar")
KINDS = ("actor", "category", "qualifier", "event_type", "sub_event_type", "event_kind", "incident_kind", "outlet",
         "role", "party", "ui")


@settings.knowledge
def labels() -> dict[str, dict[str, dict[str, str]]]:
    """{language: {kind: {id: name}}}."""
    names = {lang: {kind: {} for kind in KINDS} for lang in LANGUAGES}
    for term_id, term in _first_actor_terms().items():
        names["ar"]["actor"][term_id] = term
    for outlet, term in _first_outlet_terms().items():
        names["ar"]["outlet"][outlet] = term
    rows = _table_rows()
    for row in rows:  # `state` rows are parties' English names, folded into `party` below
        if row["kind"] in KINDS and row["kind"] != "party":
            for lang in LANGUAGES:
                names[lang][row["kind"]][row["id"]] = row[lang]
    for lang in LANGUAGES:
        names[lang]["party"] = _party_names(lang, names[lang]["actor"], rows)
    return names


def _party_names(lang: str, actors: dict[str, str], rows: list[dict]) -> dict[str, str]:
    """{party id: name} in `lang`: states, then armed groups, then labels.tsv's own `party` rows."""
    found: dict[str, str] = {}
    if lang == "ar":
        found.update(_first_state_names())
    found.update({row["id"]: row[lang] for row in rows if row["kind"] == "state" and row[lang]})
    groups = _groups()
    arabic = _first_party_terms()
    for group_id, row in groups.items():
        name = row.get("name_en") if lang == "en" else arabic.get(group_id) or actors.get(group_id)
        if name:
            found[group_id] = name
    found.update({row["id"]: row[lang] for row in rows if row["kind"] == "party" and row[lang]})
    return found


def _groups() -> dict[str, dict]:
    """The rows of parties.tsv whose id is some row's party (a group counted as itself: isis, not isis_somalia)."""
    party_ids = {row["party"] for row in parties().values() if row.get("party")}
    return {group_id: row for group_id, row in parties().items() if group_id in party_ids}


def _first_state_names() -> dict[str, str]:
    found: dict[str, str] = {}
    for row in read_rows("countries"):
        if row["form"] == "name" and row.get("iso3"):
            found.setdefault(row["iso3"].strip().lower(), row["term"].strip())
    return found


def _first_party_terms() -> dict[str, str]:
    found: dict[str, str] = {}
    for row in read_rows("party_names"):
        found.setdefault(row["id"], row["term"].strip())
    return found


def _table_rows() -> list[dict]:
    return tsv_rows(LABELS_FILE.read_text(encoding="utf-8"))


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
