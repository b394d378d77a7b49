"""Where: the places stage, which resolves place mentions in context (clitics, variants, city against governorate,
weak village names, datelines) among the places of the gazetteer (rasd/gazetteer.py)."""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from . import settings
from .document import COMMAS
from .gazetteer import SPECIFICITY, Place, gazetteer, transliterating
from .knowledge import iso3_of
from .lexicon import AFFIXES, ARTICLE, PROCLITICS, WordMemo, read_rows, word_sets
from .normalize import normalize_term
from .transliteration import arabic_key
from .view import BARE_FORMS, first_between, view_of

PREPOSITIONS = word_sets("place_prepositions")  # at: في، داخل، قرب; from: من; accord: اتفاق، مؤتمر
BEARINGS = word_sets("place_bearings")  # bearing: شمال، شرقي; distance: كلم، كيلومترا
RELATIVES = word_sets("claim_words")["which"]  # الذي، التي، الذين
DESCRIBING = BEARINGS["describing"]  # the verbs of a relative clause that describes a party: تسيطر، ينشط
TAA_MARBUTA = AFFIXES["feminine"][0]
TOWN_LEVEL = frozenset({"populated_place", "city", "town", "neighbourhood", "district"})
# The population thresholds and the dateline's weight are settings.current().places (rasd/settings.py).
FULL_COVERAGE = {"SY", "IQ"}
@dataclass
class PlaceMention:
    place: Place
    tok: int
    sentence: int       # first token of its sentence
    weight: float       # how much it says "the event happened here"


def find_places(doc) -> None:
    """Places stage: every place mention, resolved among the places that bear its name."""
    view = view_of(doc)
    gaz = gazetteer()
    known_names = _tagged_names(gaz)
    raw = [(hit.first, hit, _tagged_candidates(gaz, known_names, hit)) for hit in view.hits("places")]
    countries = _anchor_countries(raw) or set(FULL_COVERAGE)
    states = {hit.entry["iso2"] for hit in view.hits("countries")}  # the states the article names
    placed = set(map(itemgetter(0), raw))
    named = (countries | states) & transliterating()
    for find, among in ((_typed_common_words, countries | states), (_prepositioned_common_words, countries | states),
                        (_sounding_names, named)):
        found = [(tok, hit, _candidates(places, hit.entry["key"]))
                 for tok, hit, places in find(view, gaz, placed, among)]
        raw += found
        placed.update(map(itemgetter(0), found))
    raw.sort(key=itemgetter(0))  # stable: names found later follow at the same token, as one sort per finder had them
    regions = _anchor_regions(raw)
    tuning = settings.current().places
    mentions = []
    chosen = {}  # (id of the candidates, id of the type word's entry) -> _choose: a name recurs in an article
    cues = None
    for tok, hit, candidates in raw:
        prev = view.prev_word(tok)
        if _after_a_title(view, prev):
            continue  # «العقيد رياض الأسعد»، «للعقيد رياض»: a title before a name makes it a person's
        type_before = _type_before(view, prev)
        key = (id(candidates), id(type_before))
        place = chosen[key] if key in chosen else chosen.setdefault(
            key, _choose(candidates, countries, regions, type_before))
        if place is not None:
            if cues is None:
                cues = _WeightCues.of(view, tuning)
            starts = cues.sentence_starts  # doc.sentence_of(tok).tok_start, without a call per place
            sentence = starts[max(bisect.bisect_right(starts, tok) - 1, 0)]
            weight = _weight(view, cues, tok, hit, prev, type_before, sentence)
            if (place.feature in TOWN_LEVEL and _is_reference(view, tok, prev, type_before)) \
                    or (cues.party_relatives and _describes_a_party(view, cues, tok, sentence)):
                weight = min(weight, tuning.reference_weight)
            if place.feature == "country" and not place.curated:  # a far state is mostly a speaker or a party
                weight = min(weight, tuning.far_state_weight)
            located = _located_by(view, gaz, prev, type_before, place, mentions)
            if located is not None:  # «قرب مدينة سامراء الواقعة في محافظة صلاح الدين»: the province says where
                located.weight = max(located.weight, weight)  # the town lies; the event is the town's
                weight = min(weight, tuning.reference_weight)
            mentions.append(PlaceMention(place, tok, sentence, weight))
    _prefer_city_near_its_parts(gaz, mentions)
    doc.places = _without_far_namesakes(view, mentions)


class _Candidates(NamedTuple):
    """The places a name may be, with what the name alone tells of the article."""
    places: list
    anchors: frozenset  # its one country, when the name anchors it (_anchor_countries), else empty
    region: tuple | None  # (country, governorate) when all its places lie in one (_anchor_regions)
    plausible: list  # the places it may be without a type word before it (_choose)


def _candidates(places: list, name: str) -> _Candidates:
    """`places`, the places of `name` (its gazetteer key), with the country they anchor: a state, a governorate or a
    big city whose name no place of another country shares (طرابلس, in Lebanon and Libya, anchors neither: its
    neighbours decide)."""
    tuning = settings.current().places
    plausible = [p for p in places if p.curated or p.population >= tuning.weak_population
                 or p.feature in ("governorate", "district", "country") or _known_town(p, name)]
    known = {p.country for p in places if p.curated or p.population >= tuning.weak_population
             or p.feature in ("country", "governorate")}
    strong = any(p.feature in ("country", "governorate") or p.population >= tuning.big_city for p in places)
    regions = {(p.country, p.admin1) for p in places}
    return _Candidates(places, frozenset(known) if len(known) == 1 and strong else frozenset(),
                       next(iter(regions)) if len(regions) == 1 else None, plausible)


@settings.knowledge
def _tagged_names(gaz) -> dict:
    """{(id of a match's entries, read as an adjective): (those entries, their _Candidates)} for gazetteer `gaz`:
    the tagger keeps each entries tuple for the process, so a name's places are looked up once, not per mention."""
    return {}


def _tagged_candidates(gaz, known_names: dict, hit) -> _Candidates:
    """The places the tagged name of `hit` may be (known_names: _tagged_names)."""
    match = hit.match
    adjective = match.prefix.endswith(ARTICLE)  # السورية is "the Syrian": a state's name takes no article
    memo_key = (id(match.entries), adjective)
    known = known_names.get(memo_key)
    if known is None or known[0] is not match.entries:
        # sorted: the same run twice, the same place
        keys = sorted({e["key"] for e in match.entries if e.lexicon == "places"})
        places = [p for key in keys for p in gaz.by_name.get(key, [])
                  if not (adjective and p.feature == "country" and not key.startswith(ARTICLE))]
        known = known_names[memo_key] = (match.entries, _candidates(places, hit.entry["key"]))
    return known[1]


def _without_far_namesakes(view, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Drop a town read as a namesake of another country when the province named right after it («بلدة صيدا بريف
    درعا»، «قرية X في محافظة Y»: its preposition and type word between) says where it lies: the gazetteer lacks the
    town of that province, and the province is the place known."""
    namesakes = set()
    for mention, after in zip(mentions, mentions[1:]):
        if after.place.feature in PROVINCES and mention.place.feature in TOWN_LEVEL \
                and after.place.country != mention.place.country \
                and view.word_distance(mention.tok, after.tok) <= NAMESAKE_REACH:
            namesakes.add(id(mention))
    return [m for m in mentions if id(m) not in namesakes] if namesakes else mentions


PROVINCES = frozenset({"governorate", "region"})
NAMESAKE_REACH = 3  # words from a town to the province that locates it: «صيدا بريف درعا»، «صيدا في محافظة درعا»


def _located_by(view, gaz, before, type_before, place, mentions) -> PlaceMention | None:
    """The mention of a place named just before that `place` locates («سامراء الواقعة في محافظة صلاح الدين»، «حي
    الوعر التابع لمدينة حمص»: a locating word of place_bearings.tsv, then the place, with its preposition and type
    word), when it lies inside it; else None. `before` is the word before the place, `type_before` its type word's
    entry (_type_before)."""
    if type_before is not None:
        before = view.prev_word(before)
    if before is not None and view.tokens[before] in PREPOSITIONS["at"]:
        before = view.prev_word(before)  # الواقعة في محافظة …; «التابعة لمدينة»، «الكائن بمنطقة» carry theirs
    if before is None or not _LOCATING[view.tokens[before]]:
        return None
    located = mentions[-1] if mentions else None
    if located is None or view.word_distance(located.tok, before) > settings.current().places.located_reach \
            or not gaz.contains(place, located.place):
        return None
    return located


def _after_a_title(view, before) -> bool:
    """Is the word at `before` (the word before a name, or None) a definite rank or title (العقيد، للعقيد، والشيخ: a
    title of place_prepositions.tsv with the article or another proclitic; «لواء درعا» bare is a brigade's name)?"""
    return before is not None and _DEFINITE_TITLE[view.tokens[before]]


def _is_definite_title(word: str) -> bool:
    titles = PREPOSITIONS["person_title"]
    return word not in titles and any(form in titles for form in BARE_FORMS[word])


_DEFINITE_TITLE = WordMemo(_is_definite_title)  # _DEFINITE_TITLE[word]


def _one_of(words: frozenset) -> WordMemo:
    """{word: is it, with or without its proclitics, one of `words` (View.is_one_of)}, worked out once per word."""
    return WordMemo(lambda word: any(form in words for form in BARE_FORMS[word]))


_LOCATING = _one_of(BEARINGS["locating"])  # الواقعة، التابع
_ACCORD = _one_of(PREPOSITIONS["accord"])  # اتفاق، مؤتمر


class _TypedName(NamedTuple):
    """A place name that is a common word too, read after a type word (مدينة السلمية): a hit of no lexicon."""
    entry: dict
    match: object = None


def _after_type_words(view, placed: set):
    """(type word's hit, the word after it) for each type word after which a name is a place (قرية، بلدة،
    مدينة …), where that word is no place already."""
    for hit, tok in view.fact("words after type words", _words_after_type_words):
        if tok not in placed:
            yield hit, tok


def _words_after_type_words(view) -> list:
    """(type word's hit, the word after it) for each type word after which a name is a place, in text order."""
    found = []
    for hit in view.hits("place_types"):
        if hit.entry.get("type") == "yes":
            tok = view.next_word(hit.end)
            if tok is not None:
                found.append((hit, tok))
    return found


def _typed_common_words(view, gaz, placed: set, countries: set) -> list:
    """Names the gazetteer keeps out of the tagger because they are common words too (السلمية is "peaceful"),
    read as places right after a type word (مدينة السلمية، بلدة الحراك), where no common word stands."""
    found = []
    for hit, tok in _after_type_words(view, placed):
        for form in (view.word(tok), *view.bare_forms(tok)):
            named = gaz.typed_only.get(form)  # most words name no place
            places = [p for p in named if p.country in countries] if named else None  # «قرية جديدة» in Mali
            if places:
                found.append((tok, _TypedName({"key": form}), places))
                break
    return found


# a governorate's name that is a state's adjective too, read right after في or ب (places_ambiguous.tsv)
PREPOSITIONED = frozenset(normalize_term(row["term"]) for row in read_rows("places_ambiguous")
                          if row.get("read") == "after_preposition")
_IN = PREPOSITIONS["in"]  # في alone: «قرب الشرقية» is no governorate
# the name as a word of its own (after في) or with ب on it: {word: (name, written with ب)}
_PREPOSITIONED_FORMS = {**{name: (name, False) for name in PREPOSITIONED},
                        **{clitics + name: (name, True) for name in PREPOSITIONED
                           for clitics in (PROCLITICS["bi"], PROCLITICS["wa"] + PROCLITICS["bi"])}}
_PREPOSITIONED_WORDS = frozenset(_PREPOSITIONED_FORMS)


def _prepositioned_common_words(view, gaz, placed: set, countries: set) -> list:
    """«بالشرقية»، «وفي الغربية»: a name the gazetteer keeps out of the tagger because it is an adjective too, read as
    the place right after the proclitic ب or «في» (an adjective follows its noun and takes neither), in the article's
    countries (a curated place, which has no namesake, anywhere: «بالشيشان»)."""
    if _PREPOSITIONED_WORDS.isdisjoint(view.tokens) or not any(
            p.curated or p.country in countries for name in PREPOSITIONED for p in gaz.typed_only.get(name, ())):
        return []
    found, tokens = [], view.tokens
    for tok in itertools.compress(itertools.count(), map(_PREPOSITIONED_WORDS.__contains__, tokens)):
        if tok in placed:
            continue
        name, with_bi = _PREPOSITIONED_FORMS[tokens[tok]]
        if not with_bi and not view.is_one_of(view.prev_word(tok), _IN):
            continue  # «الضفة الغربية»: an adjective after its noun
        places = [p for p in gaz.typed_only.get(name, ()) if p.curated or p.country in countries]
        if places:
            found.append((tok, _TypedName({"key": name}), places))
    return found


def _sounding_names(view, gaz, placed: set, countries: set) -> list:
    """A name after a type word that no lexicon knows, looked up by its sound among the Latin names of the places of
    the article's countries: «بمدينة غانيي» is Ganye, «ولاية شرناخ» Şırnak (GeoNames gives neither an Arabic name).
    Only states whose names Arabic transliterates: a place of an Arab state unknown by its Arabic name is not in the
    data (منطقة العلاوي in Baghdad is no Iraqi "Al Hayy")."""
    if not countries:
        return []  # no place sounds like a name in no state
    found = []
    tuning = settings.current().places
    for hit, tok in _after_type_words(view, placed):
        if view.tagged(tok) or tok in view.number_starts:
            continue
        scope = hit.entry.get("scope")
        if view.word(tok).endswith(TAA_MARBUTA):
            continue  # «منطقة حدودية»، «قاعدة بحرية»: an Arabic adjective; a foreign name ends in ا or ه
        for form in dict.fromkeys((view.word(tok), *view.bare_forms(tok))):
            key = arabic_key(form)
            if len(key) < tuning.min_sound_letters:
                continue
            needed = 1.0 if len(key) <= tuning.min_sound_letters else tuning.min_sound_similarity  # أخرى: Akure
            places = [p for p in gaz.sounding(key, countries, needed)
                      if scope != "governorate" or p.feature == "governorate"]
            if places:
                found.append((tok, _TypedName({"key": form}), places[:1]))
                break
    return found


def _bearing_form(word: str, bearings: frozenset) -> str | None:
    return next((form for form in (word, *BARE_FORMS[word]) if form in bearings), None)


# {kind: {word: its form that is a place_bearings word of that kind, or None}}, worked out once per word
_BEARING_FORMS = {kind: WordMemo(lambda word, bearings=bearings: _bearing_form(word, bearings))
                  for kind, bearings in BEARINGS.items()}
_SETTLEMENT_FORMS, _NEAR_FORMS, _BEARING_WORD_FORMS = (_BEARING_FORMS[kind]
                                                       for kind in ("settlement", "near", "bearing"))


def _is_reference(view, tok, prev, type_before) -> bool:
    """Is the town at `tok` a reference point: north of it (شمال كركوك، شمال غرب باماكو), some distance from it
    (70 كيلومترا من الجزائر العاصمة، 55 كلم شمال شرق كركوك) or near it (قرب حلب، بالقرب من حلب)? "In its north"
    (في شمال حلب، بشمال) is inside it. `prev` is the word before it, `type_before` its type word's entry."""
    tokens = view.tokens
    own_type = view.get(tok, "place_types")  # a name that opens with its type word: قضاء الحويجة
    if own_type is not None and not _SETTLEMENT_FORMS[tokens[tok]]:
        return False
    if type_before is not None:
        if not _SETTLEMENT_FORMS[tokens[prev]]:
            return False  # جنوب غرب قضاء الحويجة: in the district's south-west
        prev = view.prev_word(prev)  # شمال مدينة كركوك: outside the city
    seen_bearing = False
    for _ in range(4):
        if prev is None:
            return False
        word = tokens[prev]
        if word in BEARINGS["distance"] or (_NEAR_FORMS[word] and not seen_bearing):
            return True  # 70 كلم من X؛ قرب X، بالقرب من X
        bearing = _BEARING_WORD_FORMS[word]
        if bearing is not None:
            if word != bearing and not word.startswith(PROCLITICS["wa"]):  # بشمال، لشمال: in its north
                return False
            seen_bearing = True
        elif word in BEARINGS["from"] and not seen_bearing:
            pass  # كيلومترا من X
        else:
            return seen_bearing and word not in PREPOSITIONS["at"]
        prev = view.prev_word(prev)
    return seen_bearing


def _describes_a_party(view, cues, tok, sentence: int) -> bool:
    """Is the place at `tok` in a relative clause right after a party's name whose verb describes the party («جماعة
    الحوثي التي قادت تمردا في صعدة»، «الحركة التي تسيطر على شمال مالي»)? It tells who the party is, not where the
    event happened (a relative clause after a site, «المسجد الذي يقع في حي المزرعة», or with the event's own verb,
    «الذين هاجموا قرية في جنوب الصومال», does place it; «الشرطة التي تنتشر في الشوارع وأهالي بولاق»: the clause has
    ended at the people named next). `cues`: the article's _WeightCues; `sentence`: the first token of its sentence."""
    relatives = cues.party_relatives
    nearest = bisect.bisect_left(relatives, tok) - 1
    if nearest < 0 or view.word_distance(relatives[nearest], tok) > cues.tuning.party_clause_reach:
        return False
    relative, breaks = relatives[nearest], view.clause_break_set
    if relative < sentence:
        return False
    at = view.prev_word(tok)
    while at is not None and at > relative:
        if at in breaks or view.word(at) in COMMAS or view.word(at) in RELATIVES or view.get(at, "actors") \
                or view.get(at, "nouns"):
            return False  # the clause ends at a comma, a break, another clause, or other people named («وأهالي»)
        at = view.prev_word(at)
    return True


def _party_relatives(view) -> list[int]:
    """The tokens of «الذي/التي/الذين» right after a party's name and before a verb that describes it (place_bearings.tsv
    describing: «التي تسيطر»، «الذي يراقب»), in text order."""
    tokens, found = view.tokens, set()
    after_last = len(tokens)
    for end in {hit.end for hit in view.hits("actors")}:
        if end < after_last and tokens[end] in RELATIVES:
            tok = end
        elif view.is_word(end):
            continue  # a word of another kind
        else:
            tok = view.next_word(end)  # past the punctuation after the name
            if tok is None or tokens[tok] not in RELATIVES:
                continue
        if view.is_form_of(view.next_word(tok + 1), DESCRIBING):
            found.add(tok)
    return sorted(found)


def _type_before(view, before):
    """The place_types entry of the word `before` a place (None at the text's start), read with its proclitics
    (بريف حمص: ريف), or None."""
    hit = view.get(before, "place_types")
    return hit.entry if hit else None


def _movements(view, tok) -> set:
    """The kinds (origin, destination) of the movements word at `tok`."""
    hit = view.get(tok, "movements")
    return {e["kind"] for e in hit.match.entries if e.lexicon == "movements"} if hit else set()


def _anchor_countries(raw) -> set:
    """The countries the article's unambiguous names lie in (_candidates)."""
    return set().union(*[candidates.anchors for _, _, candidates in raw])


def _anchor_regions(raw) -> set:
    """(country, governorate) of the names that have one candidate only: a namesake in the same governorate as the
    article's other places is the one meant (المزرعة near Damascus, not in Suwayda)."""
    return {candidates.region for _, _, candidates in raw if candidates.region is not None}


def _choose(candidates: _Candidates, countries, regions, before) -> Place | None:
    """The place a name means among its candidates; `before` is the place_types entry of the word before it."""
    typed = before is not None and before["type"] == "yes"
    scope = before["scope"] if before is not None else ""
    tuning = settings.current().places
    usable = candidates.places if typed else candidates.plausible  # (neither is changed here)
    if not typed:
        # Outside Syria and Iraq, GeoNames names many places with common words (الخبر، محلات، آدم): a place there
        # needs its country in the article, a type word, or to be a big city.
        named_regions = {p.country for p in usable if p.feature == "governorate"}  # مأرب: a governorate too
        known_countries, known_town = FULL_COVERAGE | countries | named_regions, tuning.known_town
        usable = [p for p in usable if p.curated or p.country in known_countries or p.population >= known_town
                  or p.feature in ("country", "governorate")]
    if len(usable) <= 1:  # most names: none of the choices below can pick another
        return usable[0] if usable else None
    states = [p for p in usable if p.feature == "country"]
    if states and scope != "city":  # الجزائر، الكويت: the state; its capital is «مدينة الكويت», «الجزائر العاصمة»
        return states[0]
    if scope == "governorate":
        usable = [p for p in usable if p.feature == "governorate"] or usable
    elif scope == "city":
        usable = [p for p in usable if p.feature != "governorate"] or usable
    else:
        usable = _without_namesakes(usable)
    if len(usable) == 1:
        return usable[0]
    def rank(p):
        strong = p.curated or p.population >= tuning.weak_population or p.feature in ("governorate", "country")
        # «بلدة المنصورة في ريف الرقة»: a town so typed, in the governorate the article names, is that town and not
        # a big city of the same name elsewhere
        strong = strong or (typed and (p.country, p.admin1) in regions)
        return (strong and p.country in countries, (p.country, p.admin1) in regions, strong, p.country in countries,
                p.curated, p.feature != "governorate", p.population, p.specificity)
    return max(usable, key=rank)


def _without_namesakes(places):
    """صلاح الدين is the governorate; a town of that name in another governorate is a namesake, not its seat
    (الحسكة, the city, lies in al-Hasakah governorate and stays a candidate)."""
    governorates = [p for p in places if p.feature == "governorate"]
    if not governorates:
        return places
    return [p for p in places if p.curated or p.feature not in ("populated_place", "city", "town")
            or any(p.country == g.country and p.admin1 == g.admin1 for g in governorates)]


def _known_town(place, name: str) -> bool:
    """GeoNames covers Syria and Iraq town by town, often without a population: a name of five letters or more
    there is a town, not a common word (the short ones stay behind a type word: قرية، بلدة)."""
    return place.country in FULL_COVERAGE and len(name.replace(" ", "")) >= 5


class _WeightCues(NamedTuple):
    """What the weighing of an article's places looks for (_weight, _describes_a_party): its sentences' starts
    and the tokens of its cues, gathered once per article, and the cues of each line a place lies on, gathered as its
    first place is met."""
    tuning: object
    saying: list  # View.saying_tokens
    destinations: list  # _destination_tokens
    seats: frozenset  # View.seat_ends
    charges: list  # View.charge_toks
    lines: dict  # a line's start -> _line_cues, filled as places are met
    party_relatives: list  # _party_relatives
    sentence_starts: list  # the first token of each sentence

    @classmethod
    def of(cls, view, tuning):
        return cls(tuning, view.saying_tokens, view.fact("destination tokens", _destination_tokens), view.seat_ends,
                   view.charge_toks, {}, _party_relatives(view), [s.tok_start for s in view.doc.sentences])


def _weight(view, cues: _WeightCues, tok, hit, prev, typed, sentence: int) -> float:
    """Event places weigh more than origins (انطلق من قاعدة الشدادي) and datelines (دير الزور – شبكة …). `prev` is
    the word before the place, `typed` its type word's entry, `sentence` the first token of its sentence, `cues`
    the article's (_WeightCues.of)."""
    tokens = view.tokens
    ahead = view.prev_word(prev) if typed is not None else prev  # the word before the name and its type word
    if ahead and tokens[ahead] in PREPOSITIONS["from"] and "origin" in _movements(view, view.prev_word(ahead)):
        return 0.2  # في طريقها من مدينة شرم الشيخ: where a journey began
    before = tokens[prev] if prev is not None else ""
    tuning = cues.tuning
    if prev is not None and _ACCORD[before]:
        return tuning.accord_weight  # اتفاق ليبرفيل، مؤتمر جنيف: an accord's name
    if cues.saying and first_between(cues.saying, tok - 6, tok) is not None:
        return 0.3  # قالت الوزارة في دمشق، في مؤتمر صحفي عقده في …: where it was said
    if cues.destinations and first_between(cues.destinations, tok - 4, tok) is not None:
        return 0.3  # نقلوا إلى مدينة تدمر، المشفى الوطني بتدمر: where the wounded went
    # a court case's (في قضايا اقتحام سجن العريش): a charge word within case_reach words before it, in its sentence
    if (ahead is not None and ahead in cues.seats) or (cues.charges and first_between(
            cues.charges, max(sentence, tok - tuning.case_reach), tok) is not None):
        return tuning.seat_weight  # مدير أمن جنوب سيناء، بنيابة الإسكندرية: whom it serves
    offset = view.doc.tok_starts[tok]
    line_start = view.doc.line_start(offset)
    line = cues.lines.get(line_start)
    if line is None:
        line = cues.lines[line_start] = _line_cues(view, line_start, view.doc.line_end(offset))
    dateline_end, short_dashed = line
    if offset < dateline_end:
        return tuning.dateline_weight
    if short_dashed:
        return 0.5
    return 1.5 if (hit.match is not None and hit.match.prefix.endswith(PROCLITICS["bi"])) or before in PREPOSITIONS["at"] \
        or (typed is not None and typed["type"] == "yes") else 1.0


def _line_cues(view, line_start: int, line_end: int) -> tuple[int, bool]:
    """(where the dateline that opens the line [line_start, line_end) ends, is it a _short_dashed_line)."""
    text = view.doc.text
    return (view.fact(("dateline end", line_start), lambda v: _dateline_end(v.doc, line_start)),
            _short_dashed_line(text[line_start:line_end]))


def _short_dashed_line(line: str) -> bool:
    """A line of a few words with a dash («دير الزور – شبكة …»): a dateline or a source's byline, not the story."""
    return len(line) < LONG_LINE and ("–" in line or " - " in line) and len(line.split()) <= 8


def _destination_tokens(view) -> list[int]:
    """The tokens where a movements word of a destination starts (نقلوا إلى), in order."""
    return sorted({hit.first for hit in view.hits("movements") if "destination" in _movements(view, hit.first)})


# A dateline opens a line: a few words (a place, its country), an agency or outlet in brackets and a dash, or a
# double dash alone: "بغداد (رويترز) -"، "دبي، الإمارات العربية المتحدة (CNN)--"، "القاهرة --".
_DATELINE = re.compile(r"[^\S\n]*[^\n()]{2,60}?(?:(?:\([^\n()]{1,25}\)[^\S\n]*){1,2}(?:--|-|–|—)|[^\S\n](?:--|—))")


LONG_LINE = 2000  # characters: a line this long is a run-on text, not a headline or a dateline


def in_dateline(view, tok) -> bool:
    """Does the word at `tok` lie in the dateline that opens its line (where the outlet files from)?"""
    offset = view.doc.tok_starts[tok]
    return _before_dateline_end(view, offset, view.doc.line_start(offset))


def _before_dateline_end(view, offset: int, line_start: int) -> bool:
    """Does normalised `offset`, on the line starting at `line_start`, lie in the dateline that opens the line?"""
    return offset < view.fact(("dateline end", line_start), lambda v: _dateline_end(v.doc, line_start))


def _dateline_end(doc, line_start: int) -> int:
    """Where the dateline that opens the line starting at `line_start` ends (the line's start when it has none)."""
    text, line_end = doc.text, doc.line_end(line_start)
    if text.find("(", line_start, line_end) < 0 and text.find("--", line_start, line_end) < 0 \
            and text.find("—", line_start, line_end) < 0:
        return line_start  # no bracket, double dash or em dash on the line (most lines): no dateline to try for
    found = _DATELINE.match(text, line_start)
    return found.end() if found is not None else line_start


_PART_FEATURES = frozenset(feature for feature, specificity in SPECIFICITY.items() if specificity >= 5)  # quarters


def _prefer_city_near_its_parts(gaz, mentions):
    """"الحسكة" is the city when a neighbourhood or facility of the city is mentioned, else the governorate."""
    parts = [m.place for m in mentions if m.place.feature in _PART_FEATURES]
    if not parts:
        return  # most articles name no quarter or facility
    for m in mentions:
        if m.place.feature != "governorate" or not m.place.names_ar:
            continue
        cities = [p for p in gaz.by_name.get(normalize_term(m.place.names_ar[0]), []) if p.feature == "city"]
        for city in cities:
            if any(gaz.contains(city, part) for part in parts):
                m.place = city


def sentence_country(view, sentence) -> str | None:
    """ISO alpha-3 of the one country the places of the claim's sentence lie in (a town, a province, the state
    itself), or None when it names none or several. A dateline's place is where the outlet files from: not counted."""
    return view.fact(("sentence country", sentence.tok_start), lambda v: _sentence_country(v, sentence))


def _sentence_country(view, sentence) -> str | None:
    mentions = view.places_by_sentence.get(sentence.tok_start, [])
    iso3, dateline_weight = iso3_of(), settings.current().places.dateline_weight
    codes = {iso3.get(m.place.country) for m in mentions if m.weight > dateline_weight}
    placed = {m.tok for m in mentions}
    for tok in view.tagged_in(sentence.tok_start, sentence.tok_end):
        hit = view.get(tok, "countries")
        if hit is not None and hit.entry["form"] == "name" and tok not in placed and not in_dateline(view, tok):
            codes.add(hit.entry["iso3"])
    codes.discard(None)
    return codes.pop() if len(codes) == 1 else None


def article_country(view) -> str | None:
    """ISO alpha-3 of the country the article's events happen in: the country its place mentions weigh most in
    (a dateline weighs little), counting the states it names that the gazetteer does not hold."""
    return view.fact("article country", _article_country)


def _article_country(view) -> str | None:
    weights: dict = {}
    for mention in view.doc.places:
        code = iso3_of().get(mention.place.country)
        weights[code] = weights.get(code, 0.0) + mention.weight
    placed = {m.tok for m in view.doc.places}
    for hit in view.hits("countries"):
        if hit.entry["form"] == "name" and hit.first not in placed and not in_dateline(view, hit.first):
            weights[hit.entry["iso3"]] = weights.get(hit.entry["iso3"], 0.0) + 1.0
    weights.pop(None, None)
    return max(weights, key=weights.get) if weights else None
