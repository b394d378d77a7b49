"""The knowledge a run works with, assembled from the layers below it: one automaton over every lexicon and the
gazetteer's place names (built once per settings)."""
from __future__ import annotations

from . import settings
from .gazetteer import place_rows
from .lexicon import LEXICONS, Lexicon, lexicon_rows, read_rows


@settings.knowledge
def default_lexicon() -> Lexicon:
    return Lexicon(LEXICONS, rows_of=lambda name: place_rows() if name == "places" else lexicon_rows(name))


@settings.knowledge
def event_kinds() -> dict[str, dict]:
    """Each kind of event (events.tsv) with its ACLED type and sub-type and its relevance (event_kinds.tsv)."""
    return {row["kind"]: row for row in read_rows("event_kinds")}


@settings.knowledge
def class_roles() -> dict[str, str]:
    """The role of the people a noun class names (class_roles.tsv): fighter -> fighters, soldier -> military."""
    return {row["class"]: row["role"] for row in read_rows("class_roles")}


@settings.knowledge
def parties() -> dict[str, dict]:
    """Armed groups, parties to conflicts and state forces by id (parties.tsv)."""
    return {row["id"]: row for row in read_rows("parties")}


@settings.knowledge
def parties_with(trait: str) -> frozenset:
    """The ids of parties.tsv with `trait` in their traits (contract, own_soldiers, national_army)."""
    return frozenset(i for i, row in parties().items() if trait in (row.get("traits") or "").split(","))


@settings.knowledge
def armed_parties() -> frozenset:
    """The parties a pronoun, a cell or an attack can point to: every row of parties.tsv with a party of its own
    (not the generic army, police and soldiers, whose state the rules decide)."""
    return frozenset(i for i, row in parties().items() if row.get("party"))


@settings.knowledge
def jihadist_parties() -> frozenset:
    return frozenset(i for i, row in parties().items() if row.get("jihadist") == "yes")


@settings.knowledge
def iso3_of() -> dict[str, str]:
    """ISO alpha-2 (the gazetteer's country codes) to alpha-3."""
    return {row["iso2"].upper(): row["iso3"].lower() for row in read_rows("countries") if row.get("iso2")}


@settings.knowledge
def nationality_forces() -> dict[str, dict]:
    """Whose forces a nationality adjective names, and where (nationality_forces.tsv)."""
    return {row["nationality"]: {"forces": row["forces"], "only_in": frozenset(row["only_in"].split())}
            for row in read_rows("nationality_forces")}


def forces_of(nationality: str) -> str:
    """The contract's id of the forces a nationality names, else the nationality's own id."""
    row = nationality_forces().get(nationality)
    return row["forces"] if row is not None else nationality


def forces_here(nationality: str, country: str | None) -> bool:
    """Does the nationality stand for its forces in `country` (ISO alpha-3)? Western states' do as the coalition
    only in Syria and Iraq."""
    row = nationality_forces().get(nationality)
    return row is None or not row["only_in"] or country in row["only_in"]
