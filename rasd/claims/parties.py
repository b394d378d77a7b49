"""Whose people a claim counts and what they are: the contract's `party` (a state's ISO alpha-3 code or an armed
group's id) and `role` (military, police, civilians, fighters …), decided from the subject, the nationality named
with the counted people and the country the article's events happen in. Knowledge is in rasd/data:
subject_roles.tsv (what each subject id is), parties.tsv (armed groups and state forces), countries.tsv (states,
their names and nationality adjectives)."""
from __future__ import annotations

from typing import NamedTuple

from .. import settings
from ..geo import DATELINE_WEIGHT
from ..lexicon import NATIONALITY_SUFFIXES, PREFIXES_NO_ARTICLE, PREFIXES_WITH_ARTICLE, read_rows, word_sets
from ..normalize import normalize_term

NATIONALITY_WINDOW = 4    # words after the counted noun where an adjective may still qualify it (عناصر من الجيش اللبناني)
ARMED_ROLES = frozenset({"military", "police", "security", "fighters", "officials", "peacekeepers"})
HELD_CLASSES = frozenset({"detainee", "captive"})


class Belonging(NamedTuple):
    party: str | None
    role: str | None
    rule: str          # the name of the rule that decided the party


@settings.knowledge
def subject_roles() -> dict[str, dict]:
    return {row["id"]: row for row in read_rows("subject_roles")}


@settings.knowledge
def parties() -> dict[str, dict]:
    return {row["id"]: row for row in read_rows("parties")}


@settings.knowledge
def iso3_of() -> dict[str, str]:
    """ISO alpha-2 (the gazetteer's country codes) to alpha-3."""
    return {row["iso2"].upper(): row["iso3"].lower() for row in read_rows("countries") if row.get("iso2")}


@settings.knowledge
def class_roles() -> dict[str, str]:
    return {row["class"]: row["role"] for row in read_rows("class_roles")}


def belonging(view, subject: str, counted, m, sentence) -> Belonging:
    """The party and role of the people a claim counts, and the name of the rule that decided the party."""
    known, group = subject_roles().get(subject), parties().get(subject)
    role = _role(known, group, counted)
    if role == "military" and _shared_rank(counted) and _speaks_of_police_only(view):
        role = "police"  # إصابة ضابط و3 مجندين in an article about a police station
    if group is not None and group.get("sector") == "nonstate" and group.get("party"):
        return Belonging(group["party"], role, "the armed group's own id")
    named = nationality_near(view, counted, m, sentence)
    if named:
        return Belonging(named, role, "the nationality named with them")
    if group is not None and group.get("party"):
        return Belonging(group["party"], role, "the party's own id")
    how = known["party"] if known else "country"
    if how == "group":
        return _group_party(view, role)
    if how == "country":
        return _country_party(view, sentence, role, m)
    return Belonging(how, role, "the subject's party")


def _role(known, group, counted) -> str | None:
    """The subject's role (civilians, police …), else its party's (fighters), else what the counted noun's class
    says (جنود: military); held members of a party are detainees (أسرى الحوثيين)."""
    cls = counted.noun["class"] if counted.noun is not None else None
    role = (known or group or {}).get("role") or class_roles().get(cls)
    if cls in HELD_CLASSES and role in ARMED_ROLES:
        return "detainees"
    return role or None


def _shared_rank(counted) -> bool:
    return counted.noun is not None and normalize_term(counted.noun.term) in word_sets("ranks")["shared"]


def _speaks_of_police_only(view) -> bool:
    """The article names a police force (الشرطة، قسم الشرطة، الشرطة العراقية) and no army."""
    ranks = word_sets("ranks")["shared"]
    roles = {_actor_role(h.entry["id"]) for h in view.hits("actors")}
    roles |= {class_roles().get(h.entry["class"]) for h in view.hits("nouns") if normalize_term(h.entry.term) not in ranks}
    roles |= {h.entry["kind"] for h in view.hits("sites")}
    return "police" in roles and "military" not in roles


def _actor_role(actor_id: str) -> str | None:
    row = subject_roles().get(actor_id) or parties().get(actor_id)
    return row["role"] if row else None


def _group_party(view, role) -> Belonging:
    """Armed men of no named party belong to the article's only jihadist party, else its only armed non-state
    party (متشددين in an article that names only the Taliban)."""
    named = {p: parties()[p] for p in view.parties if p in parties()}
    jihadist = sorted(p for p, row in named.items() if row.get("jihadist") == "yes")
    if len(jihadist) == 1:
        return Belonging(named[jihadist[0]]["party"] or jihadist[0], role, "the article's only jihadist party")
    nonstate = sorted({row["party"] or p for p, row in named.items() if row.get("sector") == "nonstate"})
    if len(nonstate) == 1:
        return Belonging(nonstate[0], role, "the article's only armed party")
    return Belonging("unknown", role, "an armed group not named")


def _country_party(view, sentence, role, m=None) -> Belonging:
    if role in STATE_ROLES and m is not None:
        speaking = speaking_state(view, m.tok_start)
        if speaking:
            return Belonging(speaking, role, "the state whose forces tell of them")
    local = sentence_country(view, sentence)
    if local:
        return Belonging(local, role, "the country of the sentence's places")
    country = article_country(view)
    if country:
        return Belonging(country, role, "the country of the article's events")
    return Belonging("none" if role in ("civilians", "minors") else None, role, "no country known")


def nationality_near(view, counted, m, sentence) -> str | None:
    """The state a nationality adjective names for the counted people: right after them (48 جنديا سوريا) or after
    a state force they belong to (عناصر من الجيش اللبناني، رجال الشرطة العراقية)."""
    start = max(counted.end, m.tok_end)
    tok = start
    while tok is not None and tok < sentence.tok_end and view.word_distance(start, tok) <= NATIONALITY_WINDOW:
        iso3, form = _state_named_at(view, tok)
        if iso3 is not None and _qualifies(view, tok, start, form):
            return iso3
        if tok > start and (view.get(tok, "predicates") or view.get(tok, "speech") or tok in view.number_starts):
            break
        tok = view.next_word(tok + 1)
    return None


def _state_named_at(view, tok) -> tuple[str | None, str | None]:
    """(ISO alpha-3, form) of a state the word at `tok` names: a countries.tsv hit, else the word read as an
    inflected nationality adjective (a longer match of another lexicon, such as the noun عراقيان or the actor
    أمريكيين, hides the countries one)."""
    country = view.get(tok, "countries")
    if country is not None:
        return country.entry["iso3"], country.entry["form"]
    word = view.word(tok)
    for prefix in PROCLITICS:
        if word.startswith(prefix) and word[len(prefix):] in adjective_states():
            return adjective_states()[word[len(prefix):]], "adjective"
    return None, None


PROCLITICS = sorted(PREFIXES_NO_ARTICLE | PREFIXES_WITH_ARTICLE, key=len, reverse=True)  # "" last


@settings.knowledge
def adjective_states() -> dict[str, str]:
    """Every inflected form of each nationality adjective (and broken plural) → the state's ISO alpha-3."""
    forms = {}
    for row in read_rows("countries"):
        term = normalize_term(row["term"])
        if row["form"].startswith("adjective"):
            for suffix in NATIONALITY_SUFFIXES:
                forms.setdefault(term + suffix, row["iso3"])
        elif row["form"] == "plural":
            forms.setdefault(term, row["iso3"])
    return forms


def _qualifies(view, tok, start, form: str) -> bool:
    """A nationality adjective follows the counted noun at once, or follows a state force (الجيش، الشرطة) or a
    person noun that follows it; a country's name, or an adjective that is also a common word (مالي), qualifies
    only at once (جنود سوريا: Syria's soldiers), since further on it names a place (جنود في سوريا)."""
    if view.word_distance(start, tok) == 0 or (view.word_distance(start, tok) == 1 and form == "adjective"):
        return True
    if form in ("name", "adjective_ambiguous"):
        before = view.prev_word(tok)
        actor = view.get(before, "actors") if before is not None else None
        return form == "adjective_ambiguous" and actor is not None and actor.entry["kind"] == "state"
    before = view.prev_word(tok)
    actor = view.get(before, "actors") if before is not None else None
    return (actor is not None and actor.entry["kind"] == "state") or view.get(before, "nouns") is not None


STATE_ROLES = frozenset({"military", "police", "security", "officials"})
SPEAKER_REACH = 60  # tokens back from a figure where the state body that tells it may stand


def speaking_state(view, tok) -> str | None:
    """The state of the nearest state body named with its nationality before the figure, in its paragraph: an
    army or ministry that announces its own losses (الجيش التشادي … وهو ينعي 13 جنديا)."""
    paragraph_start = view.line_of(view.doc.tok_starts[tok])[0]
    first = max(0, tok - SPEAKER_REACH)
    for t in range(tok - 1, first - 1, -1):
        if view.doc.tok_starts[t] < paragraph_start:
            break
        iso3, form = _state_named_at(view, t)
        if iso3 is None or form not in ("adjective", "plural"):
            continue
        before = view.prev_word(t)
        actor = view.get(before, "actors") if before is not None else None
        if actor is None and before is not None:  # رئاسة الأركان التشادية: the body ends on the word before
            actor = next((h for h in view.hits("actors") if h.first <= before < h.end), None)
        if actor is not None and actor.entry["kind"] == "state":
            return iso3
    return None


def sentence_country(view, sentence) -> str | None:
    """ISO alpha-3 of the one country the places of the claim's sentence lie in (a town, a province, the state
    itself), or None when it names none or several. A dateline's place is where the outlet files from: not counted."""
    lo, hi = sentence.tok_start, sentence.tok_end
    mentions = view.places_by_sentence.get(sentence.tok_start, [])
    codes = {m.place.country for m in mentions if m.weight > DATELINE_WEIGHT}
    placed = {m.tok for m in mentions}
    codes |= {iso2_of(view.get(t, "countries").entry["iso3"]) for t in range(lo, hi)
              if view.get(t, "countries") is not None and view.get(t, "countries").entry["form"] == "name"
              and t not in placed}
    codes.discard(None)
    return iso3_of().get(codes.pop().upper()) if len(codes) == 1 else None


def article_country(view) -> str | None:
    """ISO alpha-3 of the country the article's events happen in: the country its place mentions weigh most in
    (a dateline weighs little), counting the states it names that the gazetteer does not hold."""
    weights: dict = {}
    for mention in view.doc.places:
        weights[mention.place.country] = weights.get(mention.place.country, 0.0) + mention.weight
    placed = {m.tok for m in view.doc.places}
    for hit in view.hits("countries"):
        if hit.entry["form"] == "name" and hit.first not in placed:
            code = iso2_of(hit.entry["iso3"])
            weights[code] = weights.get(code, 0.0) + 1.0
    weights.pop(None, None)
    code = max(weights, key=weights.get) if weights else None
    return iso3_of().get(code.upper()) if code else None


@settings.knowledge
def _iso2_by_iso3() -> dict[str, str]:
    return {iso3: iso2 for iso2, iso3 in iso3_of().items()}


def iso2_of(iso3: str) -> str | None:
    return _iso2_by_iso3().get(iso3)
