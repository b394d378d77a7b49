"""Whose people a claim counts and what they are: the contract's `party` (a state's ISO alpha-3 code or an armed
group's id) and `role` (military, police, civilians, fighters …), decided from the subject, the nationality named
with the counted people and the country the article's events happen in. Knowledge is in rasd/data:
subject_roles.tsv (what each subject id is), parties.tsv (armed groups and state forces), countries.tsv (states,
their names and nationality adjectives)."""
from __future__ import annotations

import collections
from typing import NamedTuple

from .. import settings
from ..geo import article_country, sentence_country
from ..knowledge import class_roles, jihadist_parties, parties
from ..lexicon import NATIONALITY_SUFFIXES, WordMemo, read_rows, word_sets
from ..normalize import normalize_term
from ..view import BARE_FORMS, HELD_CLASSES, NO_HITS, lam_preposition
from .predicates import normalized_term
from .subjects import AMONG_THEM, affiliated_between

ARMED_ROLES = frozenset({"military", "police", "security", "fighters", "officials", "peacekeepers"})


class Belonging(NamedTuple):
    party: str | None
    role: str | None
    rule: str          # the name of the rule that decided the party


@settings.knowledge
def subject_roles() -> dict[str, dict]:
    return {row["id"]: row for row in read_rows("subject_roles")}


def belonging(view, subject: str, counted, m, sentence) -> Belonging:
    """The party and role of the people a claim counts, and the name of the rule that decided the party."""
    known, group = subject_roles().get(subject), parties().get(subject)
    role = _role(known, group, counted)
    if role == "military" and _shared_rank(counted) and view.fact("police only", _speaks_of_police_only):
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
    if how == "opposition":
        return _opposition_party(view, sentence, role)
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


SHARED_RANKS = word_sets("ranks")["shared"]  # ranks of the army and the police alike: ضابط، مجند


def _shared_rank(counted) -> bool:
    return counted.noun is not None and normalized_term(counted.noun.term) in SHARED_RANKS


def _speaks_of_police_only(view) -> bool:
    """The article names a police force (الشرطة، قسم الشرطة، الشرطة العراقية) and no army."""
    roles = {_actor_role(h.entry["id"]) for h in view.hits("actors")}
    roles |= {class_roles().get(h.entry["class"]) for h in view.hits("nouns")
              if normalized_term(h.entry.term) not in SHARED_RANKS}
    roles |= {h.entry["kind"] for h in view.hits("sites")}
    return "police" in roles and "military" not in roles


def _actor_role(actor_id: str) -> str | None:
    row = subject_roles().get(actor_id) or parties().get(actor_id)
    return row["role"] if row else None


def unnamed_attackers(view) -> Belonging:
    """People of no named side who carry out an attack («قيام أربعة ملثمين بالهجوم»، «قام شخصان على دراجة نارية
    برشق …») are its armed side: fighters of the article's armed party, else of an unknown one (ACLED's
    Unidentified Armed Group)."""
    party, _, rule = _group_party(view, "fighters")
    return Belonging(party, "fighters", f"attackers of no named side: {rule}")


def _group_party(view, role) -> Belonging:
    """Armed men of no named party belong to the article's main jihadist party (its only one, or the one it names
    most often), else its only armed non-state party (متشددين in an article that names only the Taliban)."""
    named = {p: parties()[p] for p in view.parties if p in parties()}
    jihadist = _most_named(view, [p for p in named if p in jihadist_parties()])
    if jihadist is not None:
        return Belonging(named[jihadist]["party"] or jihadist, role, "the article's main jihadist party")
    nonstate = sorted({row["party"] or p for p, row in named.items() if row.get("sector") == "nonstate"})
    if len(nonstate) == 1:
        return Belonging(nonstate[0], role, "the article's only armed party")
    return Belonging("unknown", role, "an armed group not named")


@settings.knowledge
def oppositions() -> dict[str, str]:
    return {row["country"]: row["party"] for row in read_rows("oppositions")}


def _opposition_party(view, sentence, role) -> Belonging:
    """Armed men called the opposition (مقاتلين معارضين) belong to the armed opposition of the country where the
    events happen."""
    party = oppositions().get(sentence_country(view, sentence) or article_country(view) or "")
    return Belonging(party or "unknown", role, "the country's armed opposition")


def _most_named(view, ids) -> str | None:
    """Of parties `ids`, the one the article names strictly most often (None when tied or none)."""
    counts = view.fact("actor mentions", lambda v: collections.Counter(h.entry["id"] for h in v.hits("actors")))
    ranked = sorted(((counts[i], i) for i in ids), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def _country_party(view, sentence, role, m) -> Belonging:
    if role in STATE_ROLES:
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
    for tok in range(m.tok_end, start):  # «خمسة إسرائيليين»: the counted noun is itself the nationality
        iso3, form = _state_named_at(view, tok, view.hits_at(tok))
        if iso3 is not None and (form.startswith("adjective") or form == "plural"):
            return iso3
    tok, window, words = start, settings.current().claims.nationality_window, view.tokens
    adjectives, hits_by_token = _adjective_memo(), view.hits_by_token
    distance = 0  # the words in [start, tok), as view.word_distance counts them
    while tok is not None and tok < sentence.tok_end and distance <= window:
        hits = hits_by_token.get(tok, NO_HITS)  # none: no event, country, predicate or speech word; its word tells
        if words[tok] in AMONG_THEM or hits.get("events"):
            break  # 60 جريحا باقتحام الشرطة الإسرائيلية: the event's author follows; 50 مسلحا بينهم ليبيون: a part
        iso3, form = _state_named_at(view, tok, hits) if hits else adjectives[words[tok]]
        if iso3 is not None and _qualifies(view, tok, start, form):
            return iso3
        if tok > start and (_opens_a_clause(view, hits, tok) if hits else tok in view.number_starts):
            break
        distance += view.word_flags[tok]  # the tokens next_word skips are no words
        tok = view.next_word(tok + 1)
    return None


def _opens_a_clause(view, hits, tok) -> bool:
    """A predicate, a speech verb or another number starts what is said of someone else (`hits`: the lexicon hits
    at `tok`)."""
    return bool(hits.get("predicates") or hits.get("speech") or tok in view.number_starts)


def _state_named_at(view, tok, hits) -> tuple[str | None, str | None]:
    """(ISO alpha-3, form) of a state the word at `tok` (whose lexicon hits are `hits`) names: a countries.tsv hit,
    else the word read as an inflected nationality adjective (a longer match of another lexicon, such as the noun
    عراقيان or the actor أمريكيين, hides the countries one)."""
    country = hits.get("countries")
    if country is not None:
        return country.entry["iso3"], country.entry["form"]
    return _adjective_memo()[view.word(tok)]


@settings.knowledge
def _adjective_memo() -> WordMemo:
    """{word: (ISO alpha-3, "adjective") of the state the word read as an inflected nationality adjective names,
    else (None, None)}, worked out once per word in a process."""
    return WordMemo(_adjective_state)


def _adjective_state(word: str) -> tuple[str | None, str | None]:
    states = adjective_states()
    for bare in BARE_FORMS[word]:
        if bare in states:
            found = states[bare]
            return (found, "adjective") if found else (None, None)
    return None, None


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
    """A nationality adjective follows the counted noun at once (or one word on), or follows a state force
    (الجيش، الشرطة) or a person noun that follows it; a country's name qualifies only at once (جنود سوريا: Syria's
    soldiers), since further on it names a place (جنود في سوريا); an adjective that is also a common word (مالي)
    only at once or after a state force (الجيش المالي)."""
    distance = view.word_distance(start, tok)
    if distance == 0 or (distance == 1 and form == "adjective"):
        return True
    if form == "name":
        return False
    before = view.prev_word(tok)
    actor = view.get(before, "actors") if before is not None else None
    after_state_force = actor is not None and actor.entry["kind"] == "state" and not (
        before > start and lam_preposition(actor.match.prefix) and not affiliated_between(view, start, before))
    if form == "adjective_ambiguous":
        return after_state_force
    return after_state_force or view.get(before, "nouns") is not None


STATE_ROLES = frozenset({"military", "police", "security", "officials"})


def speaking_state(view, tok) -> str | None:
    """The state of the nearest state body named with its nationality before the figure, in its paragraph: an
    army or ministry that announces its own losses (الجيش التشادي … وهو ينعي 13 جنديا)."""
    paragraph_start = view.line_of(view.doc.tok_starts[tok])[0]
    first = max(0, tok - settings.current().claims.speaker_reach)
    hits_by_token = view.hits_by_token
    for t in range(tok - 1, first - 1, -1):
        if view.doc.tok_starts[t] < paragraph_start:
            break
        iso3, form = _state_named_at(view, t, hits_by_token.get(t, NO_HITS))
        if iso3 is None or form not in ("adjective", "plural"):
            continue
        before = view.prev_word(t)
        actor = view.get(before, "actors") if before is not None else None
        if actor is None and before is not None:  # رئاسة الأركان التشادية: the body ends on the word before
            actor = view.covering(before, "actors")
        if actor is not None and actor.entry["kind"] == "state":
            return iso3
    return None
