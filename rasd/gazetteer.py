"""The gazetteer (knowledge): the places of Syria, Iraq and the region from GeoNames (scripts/build_gazetteer.py)
and the curated places, with their Arabic names, coordinates and containment; and the tagger's rows for their
names. The places stage that reads place mentions in context is rasd/geo.py."""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import settings
from .lexicon import AFFIXES, ARTICLE, read_rows
from .normalize import normalize_term
from .transliteration import latin_key, loose_skeleton, similarity

PRECISION = {"prison": 1, "camp": 1, "base": 1, "neighbourhood": 1, "oilfield": 1, "city": 1, "town": 1,
             "populated_place": 1, "district": 2, "governorate": 3, "region": 3, "country": 3}
SPECIFICITY = {"prison": 6, "camp": 6, "base": 6, "oilfield": 6, "neighbourhood": 5, "city": 4, "town": 4,
               "populated_place": 4, "district": 3, "governorate": 2, "region": 1, "country": 0}
SOUND_SCORES_KEPT = 1 << 16  # Gazetteer.sounding's memo of similarities is emptied past this many pairs


@dataclass(frozen=True)
class Place:
    id: str
    name_en: str
    names_ar: tuple
    lat: float | None
    lon: float | None
    country: str
    admin1: str
    feature: str
    parent: str
    population: int
    curated: bool

    @property
    def precision(self) -> int:
        return PRECISION.get(self.feature, 3)

    @property
    def specificity(self) -> int:
        return SPECIFICITY.get(self.feature, 0)


@settings.knowledge
def transliterating() -> frozenset:
    """ISO alpha-2 codes of the states whose place names Arabic transliterates (not the Arab League's)."""
    return frozenset(r["iso2"] for r in read_rows("country_codes") if r["arabic"] == "no")


def _other_endings(names) -> list[str]:
    """A foreign name's final -a is written ا, ه or ة (كويتا، كويته): one spelling in GeoNames, another in the news."""
    final_a = AFFIXES["final_a"]
    shortest = settings.current().places.min_variant_letters  # shorter ones are too often common words
    variants = []
    for name in names:
        if name[-1:] in final_a and len(name.replace(" ", "")) >= shortest:
            variants += [name[:-1] + end for end in final_a if end != name[-1] and name[:-1] + end not in names]
    return variants


class Gazetteer:
    def __init__(self):
        self.places: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        self.typed_only: dict[str, list[Place]] = {}  # names that are common words too: places after a type word
        rows = read_rows("places_ambiguous")
        ambiguous = {normalize_term(r["term"]) for r in rows}
        # a curated place named like a people or an adjective (الشيشان: Chechnya, the Chechens) is read as these are
        prepositioned = {normalize_term(r["term"]) for r in rows if r.get("read") == "after_preposition"}
        for calendar in ("weekdays", "months"):  # الخميس is Thursday, not Khemis Miliana
            terms = {normalize_term(r["term"]) for r in read_rows(calendar)}
            ambiguous |= terms | {t.removeprefix(ARTICLE) for t in terms}
        for row in read_rows("places_curated"):
            self._add(row, curated=True, ambiguous=prepositioned)
        for name in ("gazetteer", "gazetteer_world"):
            for row in read_rows(name):
                self._add(row, curated=False, ambiguous=ambiguous)
        self._metropolises: list[Place] | None = None  # the cities a quarter may lie in (in_metropolis)
        self._quarters: dict[str, bool] = {}  # place id -> in_metropolis
        self._outer: dict[tuple[str, str], frozenset] = {}  # (place id, parent id) -> the ids of the places it lies in
        self.by_sound: dict[str, list[tuple[str, Place]]] = {}  # loose skeleton -> (sound key, place)
        self._sound_scores: dict[tuple[str, str], float] = {}  # (Arabic sound key, Latin key) -> similarity
        for row in read_rows("gazetteer_latin", user_folders=False):
            self._add_latin(row)

    def _add(self, row, curated, ambiguous):
        lat = float(row["lat"]) if row["lat"] else None
        lon = float(row["lon"]) if row["lon"] else None
        names = tuple(n for n in row["names_ar"].split("|") if n)
        if not curated and row["country"] in transliterating():
            names += tuple(_other_endings(names))
        place = Place(row["id"], row["name_en"], names, lat, lon, row["country"], row["admin1"], row["feature"],
                      row["parent"], int(row.get("population") or 0), curated)
        self.places[place.id] = place
        for name in names:
            key = normalize_term(name)
            if key in ambiguous or ARTICLE + key in ambiguous:  # خبر is read in الخبر (the news)
                self.typed_only.setdefault(key, []).append(place)
                continue
            known = self.by_name.setdefault(key, [])
            if not curated and known and any(p.curated and _km(p, place) < 10 for p in known):
                continue  # a curated place already stands for it
            known.append(place)

    def _add_latin(self, row):
        place = self.places.get(row["id"])
        if place is None and not row["lat"]:
            return  # listed by id for a place gazetteer.tsv no longer holds: the two files come from one build
        if place is None:
            place = Place(row["id"], row["name_latin"], (), float(row["lat"]), float(row["lon"]), row["country"],
                          row["admin1"], row["feature"], row["parent"], int(row.get("population") or 0), False)
            self.places[place.id] = place
        key = latin_key(row["name_latin"])
        if len(key) >= 3:
            self.by_sound.setdefault(loose_skeleton(key), []).append((key, place))

    def sounding(self, key: str, countries, min_similarity: float) -> list[Place]:
        """The places of `countries` whose Latin name sounds like the Arabic sound key `key`, the closest first."""
        scores = self._sound_scores  # a name after a type word recurs across articles: each pair is scored once
        if len(scores) > SOUND_SCORES_KEPT:
            scores.clear()
        scored = []
        for k, p in self.by_sound.get(loose_skeleton(key), ()):
            if p.country in countries:
                score = scores.get((key, k))
                if score is None:
                    score = scores[key, k] = similarity(key, k)
                scored.append((score, p))
        return [p for s, p in sorted(scored, key=lambda sp: (-sp[0], -sp[1].population)) if s >= min_similarity]

    def find(self, query: str, limit: int = 20) -> list[Place]:
        """Places whose Arabic or English name is `query`, starts with it or holds it, in that order, the most
        populous first (an analyst picking an incident's place)."""
        arabic, latin = normalize_term(query.strip()), query.strip().lower()
        if not arabic:
            return []
        ranked: dict[str, tuple] = {}
        for key, places in self.by_name.items():
            rank = 0 if key == arabic else 1 if key.startswith(arabic) else 2 if arabic in key else None
            for place in places if rank is not None else ():
                ranked[place.id] = min(ranked.get(place.id, (9,)), (rank, -place.population, place.id))
        for place in self.places.values():
            name = place.name_en.lower()
            rank = 0 if name == latin else 1 if name.startswith(latin) else 2 if latin in name else None
            if rank is not None:
                ranked[place.id] = min(ranked.get(place.id, (9,)), (rank, -place.population, place.id))
        return [self.places[pid] for pid in sorted(ranked, key=ranked.get)[:limit]]

    def chain(self, place: Place) -> list[Place]:
        """The place and the places it lies in."""
        found, seen = [], set()
        while place is not None and place.id not in seen:
            found.append(place)
            seen.add(place.id)
            place = self.places.get(place.parent)
        return found

    def _outer_ids(self, place: Place) -> frozenset:
        """The ids of the places `place` lies in (its chain but itself), worked out once for its id and parent."""
        key = (place.id, place.parent)  # all the chain depends on: the places are fixed once the gazetteer is built
        found = self._outer.get(key)
        if found is None:
            found = self._outer[key] = frozenset(p.id for p in self.chain(place)[1:])
        return found

    def in_metropolis(self, place: Place) -> bool:
        """Is `place` a quarter of a metropolis: a populated place within Settings.incidents.metro_km of a city of
        Settings.incidents.metro_population or more, and no such city itself? GeoNames records the quarters of
        Cairo, Baghdad or Damascus (حدائق القبة، بولاق) as places of their own, as it does towns."""
        if place.feature != "populated_place" or place.lat is None:
            return False
        found = self._quarters.get(place.id)
        if found is None:
            tuning = settings.current().incidents
            if self._metropolises is None:
                self._metropolises = [p for p in self.places.values() if p.feature == "populated_place"
                                      and p.population >= tuning.metro_population and p.lat is not None]
            found = self._quarters[place.id] = place.population < tuning.metro_population and any(
                city.country == place.country and _km(city, place) <= tuning.metro_km for city in self._metropolises)
        return found

    def contains(self, outer: Place, inner: Place) -> bool:
        return outer.id in self._outer_ids(inner) or (
            outer.feature == "governorate" and inner.admin1 == outer.admin1 and inner.country == outer.country) or (
            outer.feature == "country" and inner.feature != "country" and inner.country == outer.country)


def _km(a: Place, b: Place) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    return km(a.lat, a.lon, b.lat, b.lon)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@settings.knowledge
def gazetteer() -> Gazetteer:
    return Gazetteer()


def place_rows() -> list[dict]:
    """Lexicon rows for the tagger: one per place name (names of fewer than three letters, article aside, are
    too ambiguous to look for)."""
    by_name = gazetteer().by_name
    key_of = {n: normalize_term(n) for n in {n for places in by_name.values() for p in places for n in p.names_ar}}
    return [{"term": name, "key": key} for key, places in by_name.items()
            if len(key.removeprefix(ARTICLE).replace(" ", "")) >= 3
            for name in sorted({n for p in places for n in p.names_ar if key_of[n] == key})[:1]]
