"""Incidents stage: group documents into real-world incidents across the corpus, date the documents the text alone
could not date from their incident, and build each incident's record and figures.

Two documents report the same incident when their days are compatible (both known and at most max_gap_days apart (rasd/settings.py),
or one unknown and not a later look back at the other) and their signatures are similar enough. Candidate pairs are
blocked by day, so the cost grows with the number of documents per week, not with the corpus squared."""
from __future__ import annotations

import bisect
import collections
import dataclasses
import datetime as dt
import hashlib
import heapq
import itertools
import math

from .days import event_days, resolve_in_context
from .titles import incident_title
from .copies import find_copies
from .figures import claims_matrix, figures, source_deviation
from .gazetteer import gazetteer, km
from .parts import split_reports
from .records import NO_FEATURES, DocumentFeatures, ReportUnit
from .similarity import cosine_of_sums, norm, sparse_cosine, sparse_vectors, summed, tfidf
from . import settings

# The similarities, distances and weights are settings.current().incidents (rasd/settings.py).
CATEGORY_EVENT_TYPE = {"killed": "Violence against civilians", "wounded": "Violence against civilians",
                       "attackers": "Battles", "held": "Battles", "surrendered": "Battles",
                       "escaped": "Strategic developments", "released": "Strategic developments",
                       "arrested": "Strategic developments", "displaced": "Strategic developments"}


def incident_id(doc_ids, taken: set[str] | None = None) -> str:
    """Stable across runs of the same corpus: derived from the sorted ids of the documents it groups. An id already
    `taken` by another incident of the run (a part of a roundup, DOC@1, grouped alone beside a document whose own id
    is DOC@1) is derived again with a counter, until free; the id is then added to `taken`."""
    keys = sorted(doc_ids)
    iid = "inc-" + hashlib.sha1("\n".join(keys).encode()).hexdigest()[:12]
    if taken is not None:
        again = 1
        while iid in taken:
            again += 1
            iid = "inc-" + hashlib.sha1("\n".join([*keys, f"#{again}"]).encode()).hexdigest()[:12]
        taken.add(iid)
    return iid


def build_incidents(documents: list[dict], claims: list[dict], features: dict[str, DocumentFeatures],
                    copy_of: dict[str, str] | None = None, taken_ids: set[str] | None = None) -> list[dict]:
    """Incidents from the documents' and claims' records and the documents' features (by document id). copy_of:
    {copy's id: its original's id} (rasd/copies.py; found here when not given): a copy joins its original's
    incident without being compared with anything. taken_ids: the incident ids other calls of the run gave (the
    ids given here are added to it)."""
    taken_ids = set() if taken_ids is None else taken_ids
    if copy_of is None:
        copy_of = find_copies([(d["doc"], features.get(d["doc"], NO_FEATURES).fingerprint, d.get("published"))
                               for d in documents if d["status"] == "ok"])
    claims_by_doc: dict[str, list[dict]] = collections.defaultdict(list)
    for claim in claims:
        claims_by_doc[claim["doc"]].append(claim)
    outlets = {d["doc"]: d.get("outlet") for d in documents}
    for claim in claims:  # the outlet's own voice is a different source for each outlet
        claim["source"] = claim["claimed_by"] if claim["claimed_by"] != "outlet" else \
            f"outlet: {outlets.get(claim['doc']) or claim['doc']}"
    units, recalled = [], []
    for doc in documents:
        whole = ReportUnit.whole(doc, features.get(doc["doc"], NO_FEATURES), claims_by_doc.get(doc["doc"], []))
        if doc["status"] == "ok" and not whole.claims and _happened(doc):
            units.append(whole)  # an attack that hurt no one, a protest, a raid with no number: an event all the same
        elif doc["status"] == "ok" and whole.claims:
            for part in split_reports(whole):
                story = [c for c in part.claims if not part.claim(c).recalled]
                if story:
                    units.append(dataclasses.replace(part, claims=story))
                recalled.extend(_recalled_units(part))
    units, copies = _set_copies_aside(units + recalled, copy_of)
    recalled = [u for u in units if u.recalled]
    units = [u for u in units if not u.recalled]
    incidents, looks_back = [], []
    story_days = _remembered_story_days()
    for group in _attach_copies(_attach_recalled(group_documents(units, story_days), recalled, story_days), copies):
        _date_from_incident(group, story_days)
        incidents.append(_incident(group, copy_of, taken_ids, story_days))
        looks_back.append(sorted({y for d in group for y in _looks_back(d)}))
    link_background(incidents, looks_back)
    return incidents


def _set_copies_aside(units: list[ReportUnit], copy_of: dict[str, str]):
    """(the units to group, {copy unit: the id of its original's unit}): a copy's unit stands for its original's
    unit of the same part (DOC@2 for COPY@2), else its first; a copy whose original reports nothing here (another
    relevance, no figures) is grouped as any report."""
    by_doc: dict[str, list[ReportUnit]] = collections.defaultdict(list)
    for unit in units:
        by_doc[unit.doc["doc"]].append(unit)
    kept, copies = [], {}
    for unit in units:
        original = copy_of.get(unit.doc["doc"])
        if original is None or original not in by_doc:
            kept.append(unit)
            continue
        twin = original + unit.id[len(unit.doc["doc"]):]
        if any(piece.id == twin for piece in by_doc[original]):
            copies[unit] = twin
        else:
            copies.update(_split_like(unit, by_doc[original]))
    return kept, copies


def _split_like(unit: ReportUnit, pieces: list[ReportUnit]):
    """(a piece of the copy's unit, the original's unit it stands for) for a copy not split as its original was (a
    roundup whose copy names no town in one part): each of its figures goes with the original's piece that tells the
    same figure, so that it is carried there and counts once; the others, and a copy that tells no figure, with the
    original's first piece."""
    piece_of = {}
    for piece in reversed(pieces):
        for claim in piece.claims:
            piece_of[_claim_key(claim)] = piece
    by_piece: dict[str, list[dict]] = collections.defaultdict(list)
    for claim in unit.claims:
        by_piece[piece_of.get(_claim_key(claim), pieces[0]).id].append(claim)
    if len(by_piece) <= 1:
        yield unit, next(iter(by_piece), pieces[0].id)
        return
    for twin, claims in by_piece.items():
        sentences = {unit.claim(c).sentence for c in claims}
        suffix = twin[len(pieces[0].doc["doc"]):]
        places = tuple(p for p in unit.places if p.sentence in sentences) or unit.places
        yield dataclasses.replace(unit, id=unit.id + suffix, claims=claims, places=places), twin


def _attach_copies(groups, copies):
    if not copies:
        return groups
    group_of = {unit.id: index for index, group in enumerate(groups) for unit in group}
    for unit, twin in copies.items():
        groups[group_of[twin]].append(unit)
    return groups


def _recalled_units(unit: ReportUnit):
    """Figures of an earlier event the article recalls ("هجوم آذار الماضي … اعتقالات طالت سبعة"): one unit per
    recalled time, to join the earlier incident rather than the article's own."""
    by_span = collections.defaultdict(list)
    for claim in unit.claims:
        if unit.claim(claim).recalled:
            by_span[unit.claim(claim).recalled].append(claim)
    for index, (span, past) in enumerate(sorted(by_span.items()), 1):
        sentences = {unit.claim(c).sentence for c in past}
        places = tuple(p for p in unit.places if p.sentence in sentences) or unit.places
        yield dataclasses.replace(unit, id=f"{unit.id}~{index}", claims=past, recalled=span, places=places)


def _attach_recalled(groups, recalled, story_days=None):
    """Each recalled unit joins the incident of its place that began within the recalled time, else stands alone.
    A month's groups are kept in the order of their first days, so a recall looks only at those of its time (a
    month of a busy city holds thousands), and each group's first report id is kept as units join it."""
    if not recalled:
        return groups
    by_month = collections.defaultdict(list)
    for index, group in enumerate(groups):
        first = _first_day(group, story_days)
        if first:
            by_month[(first.year, first.month)].append((first, index))
    for month in by_month.values():
        month.sort()
    firsts = {month: [first for first, _ in groups_of] for month, groups_of in by_month.items()}
    group_places: dict[int, object] = {}
    first_ids: dict[int, str] = {}  # by group: the least id of its reports, once asked for
    same_area = _memoised(_same_area)  # the recalls of a place meet the same groups' places
    gap = dt.timedelta(days=settings.current().max_gap_days)
    for unit in sorted(recalled, key=lambda u: u.id):  # in the order of their ids: the input's order changes nothing
        start, end = (dt.date.fromisoformat(d) for d in unit.recalled)
        # a total since a day («منذ الذكرى الثانية للثورة») is a period's, not the incident's that began then
        place = None if all(c.get("background") for c in unit.claims) else _main_place(unit)
        # an unplaced recall joins nothing; the candidates are those of the nearest first day (the groups come in
        # the order of their first days)
        candidates = []
        month = (start.year, start.month)
        while place is not None and month <= (end.year, end.month) and not candidates:
            days = firsts.get(month, [])
            for first, index in by_month[month][bisect.bisect_left(days, start):bisect.bisect_right(days, end + gap)]:
                if candidates and first > candidates[0][0] + start:
                    break
                if index not in group_places:
                    group_places[index] = _group_place(groups[index])
                other = group_places[index]
                if other is not None and same_area(place, other):
                    if index not in first_ids:
                        first_ids[index] = min(u.id for u in groups[index])
                    # equally near groups go by their first report's id, not by their position
                    candidates.append((first - start, -len(groups[index]), first_ids[index], index))
            month = (month[0] + month[1] // 12, month[1] % 12 + 1)
        if candidates:
            chosen = min(candidates)[-1]
            groups[chosen].append(unit)
            if chosen in first_ids:
                first_ids[chosen] = min(first_ids[chosen], unit.id)
        else:
            groups.append([unit])
    return groups


def _group_place(group):
    return next((p for p in (_main_place(d) for d in group if not d.recalled) if p is not None), None)


def group_documents(documents: list[ReportUnit], story_days=None) -> list[list[ReportUnit]]:
    story_days = story_days or _story_days
    weights = tfidf([d.features.signature or {} for d in documents])
    days = [_day(d) for d in documents]
    parent = list(range(len(documents)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    places = [_main_place(d) for d in documents]
    types = [_report_type(d) for d in documents]
    happened = [frozenset(e["event_type"] for e in _happened_events(d.doc)) for d in documents]
    span = {i: (day, day) for i, day in enumerate(days) if day}  # first and last day of each group, by root
    centroid = {}  # the summed signatures of each group of more than one report, by root
    group_places = {i: {place} for i, place in enumerate(places) if not _vague_place(place)}  # by root
    told = {i: story for i, d in enumerate(documents) if (story := frozenset(day for day, _ in story_days(d)))}
    own_days = {i: own for i, d in enumerate(documents) if (own := _event_days(d))}  # their events' days, by root
    figure_days = {i: dated for i, d in enumerate(documents) if (dated := _figure_days(d))}  # by root
    kinds = {i: ({types[i]}, happened[i]) for i in range(len(documents)) if types[i]}  # by root: types, happened
    parts_of = collections.Counter(d.doc["doc"] for d in documents if d.is_part)
    bulletin = settings.current().incidents.bulletin_parts  # a report of this many places is a bulletin
    # by root: how many of its reports are no bulletin's item
    own_reports = {i: int(parts_of[d.doc["doc"]] < bulletin) for i, d in enumerate(documents)}
    same_area = _memoised(_same_area)  # a stream's pairs meet the same few hundred places again and again
    tuning = settings.current().incidents

    norms = {}  # by root: the norm of its centroid (of its own vector, for a lone report), until it changes
    joins_into = collections.Counter()  # by root: how many groups it has taken in (its centroid's version)
    # (root a, root b) -> (their versions, the cosine of their centroids): two large groups alike in pairs of their
    # reports but not as wholes meet again at each such pair, and each cosine walks both growing centroids
    group_cosines: dict[tuple[int, int], tuple[int, int, float]] = {}

    def norm_of(root, vector):
        found = norms.get(root)
        if found is None:
            found = norms[root] = norm(vector)
        return found

    def cosine_of_groups(a, b, group_a, group_b):
        versions = (joins_into[a], joins_into[b])
        known = group_cosines.get((a, b))
        if known is None or known[:2] != versions:
            known = group_cosines[(a, b)] = (*versions, cosine_of_sums(group_a, group_b, norm_of(a, group_a),
                                                                       norm_of(b, group_b)))
        return known[2]

    def join(i, j, similarity_needed):
        a, b = find(i), find(j)
        if a == b:
            return
        joined = _join_spans(span.get(a), span.get(b))
        if joined and (joined[1] - joined[0]).days > settings.current().incident_days:
            return  # one event, its reports and its rising toll: no chaining of week after week into one incident
        if _days_apart(own_days.get(a), own_days.get(b)) > tuning.other_event_days:
            return  # each group's own event days, all days apart: two events, however alike their words
        if (a not in own_days and _published_before(span.get(a), figure_days.get(b))) \
                or (b not in own_days and _published_before(span.get(b), figure_days.get(a))):
            return  # every report of one was out before the other's toll was taken: it told an earlier event
        group_a, group_b = centroid.get(a, weights[a]), centroid.get(b, weights[b])
        if (a in centroid and b in centroid) or _other_days(told.get(a), told.get(b)):
            similarity_needed = max(similarity_needed, tuning.min_similarity)  # two groups, or two days' stories
        if (a in centroid or b in centroid) and cosine_of_groups(a, b, group_a, group_b) < similarity_needed:
            return  # two reports alike do not make two groups one: the groups themselves must be alike
        places_a, places_b = group_places.get(a, set()), group_places.get(b, set())
        if not all(same_area(p, q) for p in places_a for q in places_b):
            return  # a report of the whole city joins Shubra's clash or Muqattam's, never both into one
        if a in kinds and b in kinds and _groups_apart(kinds[a], kinds[b]):
            return  # an arrest joins a bombing's follow-up only as a report of the bombing
        if not (own_reports[a] and own_reports[b]) and _other_days_published(span.get(a), span.get(b)):
            return  # a bulletin's item («توزع القتلى بواقع 25 في دمشق و13 في درعا») tells no event of another day
        parent[a] = b
        joins_into[b] += 1
        own_reports[b] += own_reports.pop(a)
        if a in kinds:
            kinds[b] = _joined_kinds(kinds.pop(a), kinds.get(b))
        for days in (told, own_days, figure_days):
            if a in days:
                days[b] = days.pop(a) | days.get(b, frozenset())
        if places_a:
            group_places[b] = places_a | places_b
            group_places.pop(a, None)
        centroid[b] = summed(group_a, group_b, a in centroid, b in centroid)
        centroid.pop(a, None)
        norms.pop(a, None)
        norms.pop(b, None)
        if joined:
            span[b] = joined

    best_for_undated: dict[int, tuple[float, int]] = {}
    settled_pairs = []
    vaguely_placed = [_vague_place(p) for p in places]
    close_days = settings.current().close_days
    ordinals = [day.toordinal() if day else None for day in days]
    place_ids = [p.id if p is not None else None for p in places]
    place_pairs: dict[tuple, tuple[bool, float]] = {}  # by the places' ids: in one area, the similarity needed
    sparse = sparse_vectors(weights)  # each vector's words numbered, in order: a pair's shared words are walked
    looks_back = [_looks_back(d) if day is None else None for d, day in zip(documents, days)]  # of the undated
    for i, j in _candidate_pairs(days, [_area(p) for p in places], weights, places, [d.id for d in documents]):
        day_i, day_j = days[i], days[j]
        if day_i and day_j:
            apart = abs(ordinals[i] - ordinals[j])  # at most max_gap_days: _candidate_pairs offers no other
        elif not _compatible(looks_back[i], looks_back[j], day_i, day_j):
            continue
        else:
            apart = None
        place_pair = place_pairs.get(key := (place_ids[i], place_ids[j]))
        if place_pair is None:
            place_i, place_j = places[i], places[j]
            place_pair = place_pairs[key] = (same_area(place_i, place_j), _similarity_needed(place_i, place_j))
        if not place_pair[0]:
            continue
        needed = place_pair[1] if apart is None or apart <= close_days else tuning.min_similarity
        if _days_apart(told.get(i), told.get(j)) > tuning.same_story_days:
            needed = max(needed, tuning.min_similarity)  # a follow-up tells the first report's day, not another
        if types[i] and types[j] and types[i] != types[j]:
            needed = max(needed, tuning.min_similarity)  # a battle and an air strike nearby
            if _arrests_apart(happened[i], happened[j], types[i], types[j]):
                continue
        similarity = sparse_cosine(sparse[i], sparse[j])  # last: the costliest test
        if similarity < needed:
            continue
        if day_i and day_j and not vaguely_placed[i] and not vaguely_placed[j]:  # settled: dated, placed finer than a country
            settled_pairs.append((-similarity, *sorted((documents[i].id, documents[j].id)), i, j, needed))
            continue
        for vague, other in ((i, j), (j, i)):  # an undated report, or one placed at no town, joins only its best match
            if days[vague] is None or _vague_place(places[vague]):
                best = best_for_undated.get(vague)
                if best is None or (-similarity, documents[other].id) < (-best[0], documents[best[1]].id):
                    best_for_undated[vague] = (similarity, other)
    # The most alike first: a report joins the group it is most like, not the first one met (a toll of one clash,
    # told after the next). Equally alike pairs (the parts of one roundup share a signature), and the undated
    # reports, go in the order of their reports' ids, not of the input: the same corpus in another order groups alike.
    for *_, i, j, needed in sorted(settled_pairs):
        join(i, j, needed)
    for undated, (_, other) in sorted(best_for_undated.items(), key=lambda item: documents[item[0]].id):
        join(undated, other, settings.current().incidents.min_similarity)
    groups: dict[int, list[ReportUnit]] = collections.defaultdict(list)
    for i, doc in enumerate(documents):
        groups[find(i)].append(doc)
    return list(groups.values())


def _other_days_published(a, b) -> bool:
    """Were two groups (their first and last publication days) published on days none of which they share?"""
    return a is not None and b is not None and (a[1] < b[0] or b[1] < a[0])


def _published_before(published, figure_days) -> bool:
    """Were all of a group's reports (their first and last publication days) published more than the settings'
    other_event_days before every day another group's own figures are dated by (a report cannot tell a toll not
    yet taken; a night's clashes told the evening before are the next day's)?"""
    gap = dt.timedelta(days=settings.current().incidents.other_event_days)
    return published is not None and bool(figure_days) and published[1] + gap < min(figure_days)


def _days_apart(a, b) -> int:
    """Days between the nearest of two sets of event days; 0 when either is unknown."""
    if not a or not b or not a.isdisjoint(b):
        return 0  # a day in both (most pairs of one story): no walk over the pairs of days
    return min(abs((x - y).days) for x in a for y in b)


def _other_days(a, b) -> bool:
    """Do two sets of event days tell of other days: none of them close, or stories begun days apart (a chain of
    daily reports from the 14th to the 19th is not one story of the 14th)?"""
    if not a or not b:
        return False
    limit = settings.current().incidents.same_story_days
    return _days_apart(a, b) > limit or abs((min(a) - min(b)).days) > limit


def _report_type(unit: ReportUnit) -> str | None:
    """The ACLED event type all the events a report tells of that happened support (None without events), as
    reported, before its incident's victims recode an attack: reports of different types need the wording of one
    event to be one incident."""
    types = collections.Counter(e["event_type"] for e in _happened_events(unit.doc))
    return _most_specific(types) if types else None


def _arrests_apart(happened_a: frozenset, happened_b: frozenset, type_a: str, type_b: str) -> bool:
    """Is one of two reports (the event types each tells of as happened, and its own type) mostly of arrests or
    other strategic developments, and tells of none of the other's violence as happened? Arrests made during a riot
    belong to it and a report of them tells of the riot; an arrest in the same city on a charge, or days after, is
    an event of its own (GUIDE: ACLED codes arrests as their own event). _groups_apart for two reports, without
    its sets (asked of most pairs of reports of two types)."""
    if type_a == STRATEGIC and type_b != type_a:
        return type_b not in happened_a
    if type_b == STRATEGIC and type_a != type_b:
        return type_a not in happened_b
    return False


def _groups_apart(a: tuple, b: tuple) -> bool:
    """`_arrests_apart` for two groups, each (the event types of its reports, the types they tell of as happened):
    is one group all arrests and other developments, telling of none of the other's violence as happened?"""
    for (own, happened), (other, _) in ((a, b), (b, a)):
        if own == {STRATEGIC} and other - own:
            return not (other - own) & happened
    return False


def _joined_kinds(a: tuple, b: tuple | None) -> tuple:
    return a if b is None else (a[0] | b[0], a[1] | b[1])


STRATEGIC = "Strategic developments"


def _vague_place(place) -> bool:
    """No place, or only a country: such a report may join one incident, never link two."""
    return place is None or place.feature == "country"


def _similarity_needed(a, b) -> float:
    """The similarity two reports of places a and b need to be one incident when they are not dated more than the
    settings' close_days apart (further apart, min_similarity): reports of one town within days of each other need
    less shared wording (a follow-up with new figures and raids shares few words with the first report)."""
    tuning = settings.current().incidents
    if a is None or b is None:
        return tuning.min_similarity  # an undated report of the same town is judged like a report of the same days
    if min(a.specificity, b.specificity) < 3 or a.lat is None or b.lat is None:  # a district, or finer
        return tuning.min_similarity
    if max(a.population, b.population) >= tuning.metro_population:
        return tuning.min_similarity  # «ببغداد»: a city of millions (either place) is the place of many events a day
    return tuning.min_similarity_near if km(a.lat, a.lon, b.lat, b.lon) <= tuning.near_km else tuning.min_similarity


def _join_spans(a, b):
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _main_place(unit: ReportUnit):
    """The place a unit's story is about: its most weighted place mention, a country only when it names nothing
    finer often enough (a report's state is named again and again beside its one town; a town named once in its
    background is not its place), or when its lead names nothing finer in it (the lead's place wins)."""
    scores = collections.defaultdict(float)
    for place_id, _, weight in unit.places:
        scores[place_id] += weight
    if not scores:
        return None
    gaz = gazetteer()
    best = gaz.places[_finest_held(scores, max(scores, key=lambda p: (scores[p], gaz.places[p].specificity)),
                                   any_under_country=True)]
    lead = unit.lead_ref()
    if best.feature == "country" and lead is not None and lead.place_id in scores \
            and gaz.places[lead.place_id].country == best.country:
        return gaz.places[_finest_held(scores, lead.place_id)]  # a country is the place only when the lead names nothing finer
    return best


def _finest_held(scores: dict, best: str, any_under_country: bool = False) -> str:
    """From the leading place down to the finer places inside it (the country, its town, the town's district), each
    while the finer one holds the settings' child_share of its score. any_under_country: under a country, any finer
    place counts (a report's state is often another than its town's, named as a party)."""
    gaz = gazetteer()
    while True:
        outer, share = gaz.places[best], settings.current().incidents.child_share * scores[best]
        finer = [p for p, score in scores.items() if score >= share and gaz.places[p].specificity > outer.specificity
                 and (any_under_country and outer.feature == "country" or gaz.contains(outer, gaz.places[p]))]
        if not finer:
            return best
        best = max(finer, key=lambda p: (scores[p], gaz.places[p].specificity))


def _same_area(a, b) -> bool:
    """Places of one incident: unknown, one inside the other, or within the settings' incidents.max_km of each
    other."""
    if a is None or b is None or a.id == b.id:
        return True
    if "country" in (a.feature, b.feature):  # only as a report's single best match (group_documents): no chain
        return a.country == b.country
    gaz = gazetteer()
    if gaz.contains(a, b) or gaz.contains(b, a):
        return True
    if a.lat is None or b.lat is None:
        return True
    distance = km(a.lat, a.lon, b.lat, b.lon)
    if distance > settings.current().incidents.metro_km and _city_of_its_own(gaz, a) and _city_of_its_own(gaz, b):
        return False  # ACLED's unit is the town: Mansoura's clashes are not Mahalla's, 25 km away
    if _city_part(gaz, a) and _city_part(gaz, b):  # ACLED's unit: a clash in Shubra is not one at Muqattam
        return distance <= settings.current().incidents.district_km
    return distance <= settings.current().incidents.max_km


CITY_PARTS = frozenset({"neighbourhood", "camp", "base", "prison"})  # the districts, squares and sites of a city


def _city_of_its_own(gaz, place) -> bool:
    """A city of the settings' incidents.city_population or more, not a quarter of a metropolis (Giza is Cairo's)."""
    big = place.population >= settings.current().incidents.city_population or place.curated and place.feature == "city"
    return big and place.feature in ("populated_place", "city") and not gaz.in_metropolis(place)


def _city_part(gaz, place) -> bool:
    return place.feature in CITY_PARTS or gaz.in_metropolis(place)


def _memoised(same_area):
    """`same_area` remembering its answer for each pair of places (by id)."""
    known: dict[tuple, bool] = {}

    def remembered(a, b) -> bool:
        key = (a.id if a is not None else None, b.id if b is not None else None)
        found = known.get(key)
        if found is None:
            found = known[key] = same_area(a, b)
        return found
    return remembered


def _day(unit: ReportUnit) -> dt.date | None:
    return dt.date.fromisoformat(unit.doc["published"]) if unit.doc.get("published") else None


def _pairs_across_borders(days, ordinals, places, areas, weights, ids, emit):
    """Pairs in the same or next week, at most max_gap_days apart, whose places lie in the same or adjacent grid
    cells (of the settings' incidents.grid_degrees), so that a town and the city next to it across a border (Balcad
    and Mogadishu) can be one incident. Only the pairs of two areas: a pair of one area is met by _candidate_pairs.
    Each pair is met once (LATER_CELLS), and by no other search (both dated, both of an area); where a cell and
    those it meets hold more than the settings' incidents.large_block, each of its reports meets the most alike
    (_alike_by_words) instead."""
    tuning, max_gap = settings.current().incidents, settings.current().max_gap_days
    cells = collections.defaultdict(list)
    for i, (day, place) in enumerate(zip(days, places, strict=True)):
        if day is not None and areas[i] is not None and place.lat is not None and place.feature != "governorate":
            cells[(_week(day), math.floor(place.lat / tuning.grid_degrees),
                   math.floor(place.lon / tuning.grid_degrees))].append(i)

    def eligible(a, b):
        return areas[a] != areas[b] and abs(ordinals[a] - ordinals[b]) <= max_gap

    for (week, row, col), members in cells.items():
        later = [cells.get((week + w, row + dr, col + dc), ()) for w, dr, dc in LATER_CELLS]
        if len(members) + sum(map(len, later)) > tuning.large_block:
            yield from _alike_by_words(members, [*members, *itertools.chain(*later)], weights, ids, eligible, emit)
            continue
        for index, a in enumerate(members):  # the cell's own pairs
            for b in itertools.islice(members, index + 1, None):
                if areas[a] != areas[b]:
                    yield (a, b) if a < b else (b, a)
        for others in later:
            for b in others:
                for a in members:
                    if eligible(a, b):
                        yield (a, b) if a < b else (b, a)


# (week, row, column) offsets of the cells a cell meets from its side: the next week's nine, and the half of its own
# week's eight neighbours that come after it in (row, column) order (the other half meets it from theirs)
LATER_CELLS = tuple((1, dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)) \
    + ((0, 0, 1), (0, 1, -1), (0, 1, 0), (0, 1, 1))


def _candidate_pairs(days, areas, weights, places=None, ids=None):
    """Blocking: pairs in the same area and the same or next week, at most max_gap_days apart; a document of unknown
    area meets those of its weeks that share one of its rarest words; an undated one meets those of its area. The
    cost grows with the number of documents per week and area, not with the corpus squared; and where a week's
    reports of an area (or of none) outnumber the settings' incidents.large_block, each meets only the most alike
    of them by its rarest words (_alike_by_words), not all: a war's busiest governorate in a full crawl."""
    ids = ids or range(len(days))
    blocks = collections.defaultdict(list)
    unknown_area = collections.defaultdict(list)
    undated = collections.defaultdict(list)
    for i, (day, area) in enumerate(zip(days, areas, strict=True)):
        if day is None:
            undated[area].append(i)
        elif area is None:
            unknown_area[_week(day)].append(i)
        else:
            blocks[(_week(day), area)].append(i)
    seen = set()  # the pairs that more than one search may meet: of an undated report, of no area, of a large block

    def emit(a, b):
        key = (a, b) if a < b else (b, a)
        if a != b and key not in seen:
            seen.add(key)
            return key
        return None

    ordinals = [day.toordinal() if day is not None else None for day in days]
    max_gap, large = settings.current().max_gap_days, settings.current().incidents.large_block

    def near_in_time(a, b):
        return abs(ordinals[a] - ordinals[b]) <= max_gap

    for (week, area), members in blocks.items():  # a pair of a block and the next is met here only, once
        next_week = blocks.get((week + 1, area), [])
        if len(members) + len(next_week) > large:
            yield from _alike_by_words(members, members + next_week, weights, ids, near_in_time, emit)
            continue
        for index, a in enumerate(members):
            day = ordinals[a]
            for b in itertools.chain(itertools.islice(members, index + 1, None), next_week):
                if abs(ordinals[b] - day) > max_gap:
                    continue  # the next week's reports more than a week later: never one incident (_compatible)
                yield (a, b) if a < b else (b, a)
    if places is not None:
        yield from _pairs_across_borders(days, ordinals, places, areas, weights, ids, emit)
    yield from _pairs_of_no_area(unknown_area, blocks, weights, ids, near_in_time, emit)
    yield from _undated_pairs(undated, areas, weights, emit, ids)


def _pairs_of_no_area(unknown_area, blocks, weights, ids, near_in_time, emit):
    """A dated document of no area (a country's, a region's, none) meets the later others of no area of its week and
    those of the next, and the documents of any area of the weeks around it that share one of its rarest words.
    Where a week's documents of no area, with the next week's and the most that share a word with one of them,
    outnumber the settings' incidents.large_block, each meets the most alike of them all by its rarest words instead
    (_alike_by_words): a busy week's reports of a whole country. Decided for the week, not for each document, so
    that the pairs met do not depend on the order of the input."""
    large = settings.current().incidents.large_block
    by_week = collections.defaultdict(list)  # a week's documents of an area, block by block
    for (week, _), others in blocks.items():
        by_week[week].extend(others)
    rarest: dict[int, list[str]] = {}  # a document's rarest words, asked for once in each of three weeks
    for week, members in unknown_area.items():
        next_week = unknown_area.get(week + 1, [])
        around = [o for w in (week - 1, week, week + 1) for o in by_week.get(w, ())]
        index = collections.defaultdict(list)
        for o in around:
            if o not in rarest:
                rarest[o] = _rarest(weights[o])
            for word in rarest[o]:
                index[word].append(o)
        words = {a: _rarest(weights[a]) for a in members}
        sharing = max(sum(len(index.get(w, ())) for w in words[a]) for a in members)
        if len(members) + len(next_week) + sharing > large:
            yield from _alike_by_words(members, members + next_week + around, weights, ids, near_in_time, emit)
            continue
        for position, a in enumerate(members):  # the members before it met it already
            for b in itertools.chain(itertools.islice(members, position + 1, None), next_week,
                                     [o for word in words[a] for o in index.get(word, [])]):
                if near_in_time(a, b) and (pair := emit(a, b)):
                    yield pair


def _alike_by_words(askers, pool, weights, ids, eligible, emit):
    """Each of `askers` meets the documents of `pool` most like it by its rarest words, as an undated report meets
    those of its area (_undated_pairs, with the same settings), those eligible(asker, document) only. A block too
    large to meet each of its pairs meets about as many as it has documents times undated_candidates."""
    tuning = settings.current().incidents
    rarest = {a: _rarest(weights[a], tuning.undated_words) for a in askers}
    needed = {word for words in rarest.values() for word in words}
    by_word: dict[str, list[int]] = collections.defaultdict(list)
    for b in pool:
        for word in needed.intersection(weights[b]):
            by_word[word].append(b)
    ranked: dict[str, list[tuple[int, float]]] = {}

    def first_holding(word):  # the documents of the pool where the word weighs most
        if word not in ranked:
            weighed = {b: weights[b][word] for b in by_word[word]}
            ranked[word] = [(b, weighed[b]) for b in _most_alike(weighed, tuning.undated_word_reports, ids)]
        return ranked[word]

    for a in askers:
        for b in _most_alike_by(a, rarest[a], weights, first_holding, eligible, ids):
            if pair := emit(a, b):
                yield pair


def _undated_pairs(undated, areas, weights, emit, ids):
    """An undated document meets the documents of its area (of any area, when it has none) that share its rarest
    words, the words that carry most of its similarity: at most `undated_candidates` of them, those of its rarest
    shared words first and, within a word, those where the word weighs most (ids settle ties). A block of a whole
    corpus's undated reports has no week to bound it: a word a thousand reports share would pair each with all."""
    tuning = settings.current().incidents
    rarest = {a: _rarest(weights[a], tuning.undated_words) for members in undated.values() for a in members}
    needed = {word for words in rarest.values() for word in words}
    by_word: dict[str, list[int]] = collections.defaultdict(list)
    for i, vector in enumerate(weights):
        for word in needed.intersection(vector):
            by_word[word].append(i)
    ranked = _ranked_sharers(by_word, areas, weights, ids, tuning.undated_word_reports)
    for area, members in undated.items():
        for a in members:
            for b in _most_alike_by(a, rarest[a], weights, lambda word: ranked(word, area), None, ids):
                if pair := emit(a, b):
                    yield pair


def _most_alike_by(a, words, weights, first_holding, eligible, ids) -> list[int]:
    """The settings' undated_candidates documents most like `a` by `words` (its rarest): each scored by the weights
    of the words it shares with `a` among first_holding(word) ((document, the word's weight in it), the first
    holding it), but `a` itself and, given eligible(a, document), those not eligible."""
    vector, scores = weights[a], {}
    for word in words:
        weight = vector[word]
        for b, other_weight in first_holding(word):
            scores[b] = scores.get(b, 0.0) + weight * other_weight
    scores.pop(a, None)
    if eligible is not None:
        scores = {b: score for b, score in scores.items() if eligible(a, b)}
    return _most_alike(scores, settings.current().incidents.undated_candidates, ids)


def _most_alike(scores: dict[int, float], n: int, ids) -> list[int]:
    """The n documents of the highest scores, those of lower ids first among equals (in no particular order: which
    pair is met first matters to no one)."""
    if len(scores) <= n:
        return list(scores)
    least = sorted(scores.values(), reverse=True)[n - 1]
    chosen = [b for b, score in scores.items() if score > least]
    tied = sorted((b for b, score in scores.items() if score == least), key=ids.__getitem__)
    return chosen + tied[:n - len(chosen)]


def _ranked_sharers(by_word, areas, weights, ids, limit):
    """ranked(word, area): the first `limit` documents that hold the word, of the area or of none (of any area for
    area None), those where it weighs most first, each with the word's weight in it. The first of an area's own
    and of no area's are worked out once each, and the first of both from them: the reports of no area are not
    ranked again for each area that asks (a corpus's hundreds of governorates)."""
    by_word_and_area: dict[tuple, list[int]] = collections.defaultdict(list)
    for word, sharers in by_word.items():
        for b in sharers:
            by_word_and_area[(word, areas[b])].append(b)
    first_of: dict[tuple, dict[int, float]] = {}  # by (word, area): the first of the area's own sharers
    found: dict[tuple, list[tuple[int, float]]] = {}

    def first(word, sharers) -> dict[int, float]:
        weighed = {b: weights[b][word] for b in sharers}
        return {b: weighed[b] for b in _most_alike(weighed, limit, ids)}

    def own(word, area) -> dict[int, float]:
        key = (word, area)
        if key not in first_of:
            first_of[key] = first(word, by_word_and_area.get(key, ()))
        return first_of[key]

    def ranked(word, area):
        key = (word, area)
        if key not in found:
            if area is None:
                found[key] = list(first(word, by_word[word]).items())
            else:
                both = {**own(word, area), **own(word, None)}
                found[key] = [(b, both[b]) for b in _most_alike(both, limit, ids)]
        return found[key]
    return ranked


def _week(day: dt.date) -> int:
    return day.toordinal() // settings.current().max_gap_days


def _rarest(weights, n=5):
    return sorted(weights, key=weights.get, reverse=True)[:n]


def _area(place) -> str | None:
    if place is None or place.feature in ("country", "region"):
        return None
    return f"{place.country}:{place.admin1}" if place.admin1 else place.country


def _compatible(back_a, back_b, day_a, day_b) -> bool:
    """Can two reports, one or both undated, be one incident? `back_a`, `back_b`: the years each names only as
    the past (_looks_back; of an undated report only)."""
    if day_a and day_b:
        return abs((day_a - day_b).days) <= settings.current().max_gap_days
    if day_a is None and day_b is None:
        return back_a == back_b
    dated_day, undated_back = (day_a, back_b) if day_a else (day_b, back_a)
    return dated_day.year not in undated_back  # a later article recalling "the attack of 2022"


def _looks_back(unit: ReportUnit) -> set[int]:
    """Years a document names only as the past ("في عام 2022"): it was written later."""
    return {e["year"] for e in unit.features.dates if e["background"] and e["year"]}


def _date_from_incident(group: list[ReportUnit], story_days=None):
    """Documents of the group the text alone could not date take the group's years and first day."""
    known = [d for d in group if d.doc.get("published")]
    years = {_day(d).year for d in known}
    onset = _first_day(known, story_days)
    for unit in group:
        if unit.recalled:
            continue  # dated by the article that recalls it
        doc, claims = unit.doc, [(c, unit.claim(c).date_expr) for c in unit.claims]
        if not doc.get("published") or any(index is not None for _, index in claims):
            try:
                resolve_in_context(doc, unit.features.dates, claims, years, onset)
            except (OverflowError, ValueError) as e:  # one document's dates never stop the run
                doc.setdefault("notes", []).append(f"could not be dated from its incident: {e}")


def _first_day(docs, story_days=None) -> dt.date | None:
    """The earliest day the documents name for their story, else the earliest publication day. Units that only
    recall the incident date it only when nothing else does, and only to a day."""
    story = [d for d in docs if not d.recalled]
    if not story:
        spans = [d.recalled for d in docs if d.recalled[0] == d.recalled[1]]
        return min((dt.date.fromisoformat(s[0]) for s in spans), default=None)
    docs = story
    days = [day for d in docs for day in (story_days or _story_days)(d)]
    precise = [day for day, exact in days if exact] + [_day(d) for d in docs if d.doc.get("published")]
    return min(precise or [day for day, _ in days], default=None)


def _event_days(unit: ReportUnit) -> frozenset:
    """The exact days a report gives for its own event (DocumentFeatures.event_dates), resolved."""
    indices = unit.features.event_dates
    if not indices:
        return frozenset()
    return frozenset(day for day, _ in event_days(unit.doc.get("published"), unit.features.dates, set(indices)))


def _figure_days(unit: ReportUnit) -> frozenset:
    """The report's own event days that its figures are dated by: days of a toll, not of a hearing or a
    statement about a running case."""
    dated = set(unit.features.event_dates) & {unit.claim(c).date_expr for c in unit.claims}
    if not dated:
        return frozenset()
    return frozenset(day for day, _ in event_days(unit.doc.get("published"), unit.features.dates, dated))


def _remembered_story_days():
    """_story_days remembering its answer for each document's features and publication day, for the units of one
    build of incidents (their parts share the document's; dating a document from its incident changes its day)."""
    known: dict[tuple, tuple] = {}  # (the features' id, publication day): (the features, kept alive, story days)

    def story_days(unit: ReportUnit) -> list[tuple[dt.date, bool]]:
        key = (id(unit.features), unit.doc.get("published"))
        found = known.get(key)
        if found is None:
            found = known[key] = (unit.features, _story_days(unit))
        return found[1]
    return story_days


def _story_days(unit: ReportUnit) -> list[tuple[dt.date, bool]]:
    """The days a document names for its own story: those of its lead when it names one. An undated article that names a year only as the past ("في عام
    2022") was written later: its days in that year belong to the event it recalls, not to its own story."""
    published, dates = unit.doc.get("published"), unit.features.dates
    lead = event_days(published, dates, set(unit.features.lead_dates))
    days = lead or event_days(published, dates)  # the lead's day is the event's; later ones may be its background
    if published:
        return days
    past_years = _looks_back(unit)
    return [(day, exact) for day, exact in days if day.year not in past_years]


def _incident(group: list[ReportUnit], copy_of: dict[str, str], taken_ids: set[str], story_days=None) -> dict:
    # an article that recalls an earlier event links to it, it does not report it (GUIDE): its figures count, its
    # document is listed apart, unless only recalls tell the event
    reporting = sorted({d.doc["doc"] for d in group if not d.recalled})
    recalling = sorted({d.doc["doc"] for d in group if d.recalled} - set(reporting))
    doc_ids = reporting or recalling
    iid = incident_id([d.id for d in group], taken_ids)
    claims = [c for d in group for c in d.claims]
    for claim in claims:
        claim["incident"] = iid
    carried = _mark_carried(claims, copy_of)
    first = _first_day(group, story_days)
    story = [c for d in group if not d.recalled for c in d.claims]
    last = max((dt.date.fromisoformat(c["date"]) for c in story if c.get("date")), default=first)
    first, last = _within_reports(group, first, last)
    figure_list, far_apart = figures(claims)
    outlets = {d.doc["doc"]: d.doc.get("outlet") for d in group}
    reporting_outlets = {outlets[d] for d in doc_ids if outlets[d]}
    tellers = [d for d in group if not d.recalled] or group  # a recall's own events are the later article's
    event_type, location = _event_type(tellers, claims), location_record(incident_place(group))
    start = first.isoformat() if first else None
    # the lead report gives the title: a whole report before a roundup's part, whose headline tells of other places
    reports = sorted(group, key=lambda d: (bool(d.recalled), d.is_part, d.doc.get("published") or "9999",
                                           d.doc["doc"]))
    return {
        "incident": iid,
        "title": incident_title([(r.doc.get("title"), r.features.headline) for r in reports], event_type,
                                location.get("name"), start),
        "event_type": event_type, "sub_event_type": _sub_event_type(tellers, event_type, claims), "location": location,
        "events": _event_mentions(tellers), "start": start,
        "end": max(last, first).isoformat() if last and first else (last.isoformat() if last else None),
        "docs": doc_ids, "recalled_by": recalling if reporting else [], "outlets": sorted(reporting_outlets),
        "figures": figure_list, "discrepancies": far_apart, "source_deviation": source_deviation(figure_list),
        "matrix": claims_matrix(figure_list, {c["claim_id"]: c for c in claims}, outlets, carried), "related": [],
        "copies": _copies(doc_ids, copy_of),
    }


def _mark_carried(claims: list[dict], copy_of: dict[str, str]) -> dict[str, list[str]]:
    """A copy's claim that its original makes too is the original's, carried: marked copy_of (the original claim's
    id), it counts once. {original claim id: the documents that carried it}."""
    originals = {}
    for claim in claims:
        if claim["doc"] not in copy_of:
            originals.setdefault((claim["doc"], _claim_key(claim)), claim["claim_id"])
    carried = collections.defaultdict(list)
    for claim in claims:
        original = copy_of.get(claim["doc"])
        if original is not None and (found := originals.get((original, _claim_key(claim)))):
            claim["copy_of"] = found
            carried[found].append(claim["doc"])
    return carried


def _claim_key(claim: dict) -> tuple:
    return (claim["category"], claim["subject"], claim["value"], claim["value_min"], claim["value_max"],
            claim["qualifier"], claim["claimed_by"])


def _copies(doc_ids, copy_of) -> dict[str, list[str]]:
    """{original: its copies} among the incident's documents. A copy whose original is not among them (another
    relevance: the original reports no incident of this kind) stands as a report of its own here."""
    copies = collections.defaultdict(list)
    members = set(doc_ids)
    for doc in doc_ids:
        if copy_of.get(doc) in members:
            copies[copy_of[doc]].append(doc)
    return dict(copies)


def link_background(incidents: list[dict], looks_back: list[list[int]]) -> None:
    """A later incident whose articles recall an earlier one ("هجوم عام 2022" on the same prison) is related to
    it, not merged with it: `looks_back` holds, for each incident, the years its articles name only as the past.
    Incidents are indexed by start year and place, so only the recalled years are searched and each place of a
    year is ranked once (a stream's incidents of a year share a few hundred places). A recalled year links at most
    the settings' incidents.related_per_year incidents of the area (_most_recalled): a year named in passing
    («منذ عام 2013») in a country's or a big city's news would otherwise link every incident of that year there,
    and the links grow with the square of the stream. Each pair is linked once, both ways."""
    gaz = gazetteer()
    limit = settings.current().incidents.related_per_year
    by_year: dict[int, dict[str, list[int]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for index, incident in enumerate(incidents):
        if incident["start"]:
            by_year[int(incident["start"][:4])][incident["location"].get("place_id") or ""].append(index)
    related = [dict.fromkeys(incident["related"]) for incident in incidents]  # in order, each once
    recalled_here: dict[tuple, list[int]] = {}  # (place id, year): the incidents most likely recalled there
    for index, (later, years) in enumerate(zip(incidents, looks_back, strict=True)):
        place_id = later["location"].get("place_id") or ""
        if not (years and gaz.places.get(place_id)):
            continue
        for year in years:
            key = (place_id, year)
            if key not in recalled_here:
                recalled_here[key] = _most_recalled(gaz, gaz.places[place_id], by_year.get(year, {}), incidents,
                                                    limit + 1)  # one more, in case the incident itself is among them
            for other in sorted([other for other in recalled_here[key] if other != index][:limit]):
                related[index][incidents[other]["incident"]] = None
                related[other][later["incident"]] = None
    for incident, ids in zip(incidents, related, strict=True):
        incident["related"] = list(ids)


def _most_recalled(gaz, place, by_place: dict[str, list[int]], incidents: list[dict], limit: int) -> list[int]:
    """The indexes of at most `limit` incidents of `by_place` ({place id: incident indexes}) in `place`'s area,
    those an article there most likely recalls first: at the place itself, then the most reported, then the first."""
    same_area = (index for other_id, indexes in by_place.items()
                 if (other := gaz.places.get(other_id)) and _same_area(place, other) for index in indexes)
    return heapq.nsmallest(limit, same_area, key=lambda index: (
        incidents[index]["location"].get("place_id") != place.id, -len(incidents[index]["docs"]), index))


def incident_place(group: list[ReportUnit]):
    """The place where the incident happens: places in the sentences of its figures weigh most; a more specific
    place inside the leading one (a prison in a city) wins when it is named often enough."""
    gaz = gazetteer()
    tuning = settings.current().incidents
    claim_sentences = {(c["doc"], d.claim(c).sentence) for d in group for c in d.claims}
    scores: dict[str, float] = collections.defaultdict(float)
    for unit in group:
        for place_id, sentence, weight in unit.places:
            in_claim = (unit.doc["doc"], sentence) in claim_sentences
            share = tuning.claim_sentence_weight if in_claim else tuning.other_sentence_weight
            scores[place_id] += weight * share
    if not scores:
        return None
    ranked = sorted(scores, key=lambda p: (scores[p], gaz.places[p].specificity), reverse=True)
    best = gaz.places[_finest_held(scores, ranked[0])]
    if best.feature == "country":  # a country is the place only when the reports name nothing finer in it
        finer = [gaz.places[p] for p in ranked[1:] if gaz.places[p].specificity > best.specificity
                 and gaz.contains(best, gaz.places[p])]  # the dateline's town last: it weighs least
        if finer:
            best = finer[0]
    if best.feature in WIDE_AREAS:  # a province is the place only when no figure's sentence names a town in it
        inside = [gaz.places[p] for p in ranked if p != best.id and gaz.contains(best, gaz.places[p])]
        finer = [p for p in inside if scores[p.id] >= tuning.claim_sentence_weight]  # a region too (المراقشة)
        if finer:
            best = finer[0]
        elif len(inside) == 1 and inside[0].feature not in WIDE_AREAS:
            best = inside[0]  # no figure's sentence names a town: the one town named anywhere, even as a reference
            #                   point («على بعد 12 كيلومتر من طور سيناء»), is nearer than its province
    return best


WIDE_AREAS = frozenset({"governorate", "region"})  # ACLED codes the most specific place the reports name


def location_record(place) -> dict:
    if place is None:
        return {"name": None, "admin1": None, "lat": None, "lon": None, "country": None, "geo_precision": None,
                "place_id": None}
    gaz = gazetteer()
    with_coords = next((p for p in gaz.chain(place) if p.lat is not None), place)
    return {"name": place.name_en, "name_ar": place.names_ar[0] if place.names_ar else None,
            "admin1": place.admin1 or None, "lat": with_coords.lat, "lon": with_coords.lon,
            "country": place.country, "feature": place.feature, "geo_precision": place.precision,
            "place_id": place.id}


def _within_reports(group, first, last):
    """An incident's days stay within its reports' own: it ends by the last report and starts at most a gap
    before the first (a day an article names further back is background, not this event's)."""
    published = sorted(_day(d) for d in group if _day(d))
    if not published:
        return first, last
    earliest = published[0] - dt.timedelta(days=settings.current().max_gap_days)
    first = max(first, earliest) if first else first
    last = min(last, published[-1]) if last else last
    return first, max(first, last) if first and last else last


def _happened_events(doc):
    """The events a report tells of that happened and that conflict-data coders code: not foiled, denied or planned,
    not a statement or a trial; in a protest report only the protest (its grievances are no event of its own)."""
    protest = (doc.get("relevance") or {}).get("label") == "protest"
    for event in doc.get("events") or []:
        if event.get("event_type") and event.get("modality") is None \
                and (not protest or event["event_type"] == "Protests"):
            yield event


def _sub_event_type(group, event_type, claims=()) -> str | None:
    """The sub-event type its reports' events of the incident's type name most (ACLED's Armed clash, Suicide bomb …)."""
    armed_victims = _armed_victims(claims)
    subs = collections.Counter(sub for unit in group for e in _happened_events(unit.doc)
                               for kind, sub in [_coded(e, armed_victims)] if kind == event_type and sub)
    return subs.most_common(1)[0][0] if subs else None


def _coded(event, armed_victims: bool) -> tuple[str, str | None]:
    """An event's ACLED type and sub-type in its incident: an attack on armed men is an armed clash."""
    if armed_victims and event["kind"] in ATTACKS:
        return ARMED_TARGET_TYPE, ARMED_TARGET_SUB_TYPE
    return event["event_type"], event.get("sub_event_type")


def _event_mentions(group) -> list[dict]:
    """The events its reports tell of that happened: kind, ACLED type and sub-type, their sides, document and
    evidence."""
    mentions = [{"kind": e["kind"], "event_type": e["event_type"], "sub_event_type": e["sub_event_type"],
                 "actor1": e.get("actor1"), "actor2": e.get("actor2"), "doc": unit.doc["doc"], "evidence": e["evidence"]}
                for unit in group for e in _happened_events(unit.doc)]
    return mentions[:settings.current().incidents.max_event_mentions]


def _happened(doc) -> bool:
    """Does the report tell of an event that happened?"""
    return next(_happened_events(doc), None) is not None


# When reports support several types, the more specific act wins: a bombing over the attack it was, a battle over
# the clash words around it, a riot over the protest it grew from.
TYPE_PRIORITY = ("Explosions/Remote violence", "Battles", "Riots", "Violence against civilians", "Protests",
                 "Strategic developments")


# ACLED codes an attack as Violence against civilians only when its victims are civilians: an armed group's attack
# on soldiers, police or guards is a battle (an armed clash) between two armed sides.
ATTACKS = frozenset({"attack"})
SUICIDE_BOMBINGS = frozenset({"suicide_bombing"})
ARMED_TARGET_TYPE, ARMED_TARGET_SUB_TYPE = "Battles", "Armed clash"
ARMED_ROLES = frozenset({"military", "police", "fighters", "security"})


def _victim_roles(claims) -> set:
    """The roles of the incident's own dead and wounded (no background total's)."""
    return {c.get("role") for c in claims if c["category"] in ("killed", "wounded", "casualties")
            and not c.get("background") and c.get("role")}


def _armed_victims(claims) -> bool:
    """The incident's dead and wounded are armed men only (soldiers, police, guards, fighters), none civilians."""
    roles = _victim_roles(claims)
    return bool(roles) and roles <= ARMED_ROLES


def _most_specific(weights: collections.Counter, remote_fire_only: bool = False) -> str:
    """The most specific type within half of the most mentioned one. Shelling and air strikes told beside the
    fighting they support are the battle's fire, not an event of their own (`remote_fire_only`: the explosions
    mentioned are all shelling or air strikes, no bomb, and they killed or wounded no civilian): a battle then goes
    first."""
    top = max(weights.values())
    priority = BATTLE_FIRST if remote_fire_only else TYPE_PRIORITY
    strong = [t for t in priority if weights[t] * 2 >= top]
    return strong[0] if strong else weights.most_common(1)[0][0]


EXPLOSIONS = "Explosions/Remote violence"
BATTLE_FIRST = ("Battles",) + tuple(t for t in TYPE_PRIORITY if t != "Battles")
REMOTE_FIRE = frozenset({"shelling", "air_strike"})  # event_kinds.tsv: remote violence with no bomb of its own


def _event_type(group, claims) -> str:
    """The incident's ACLED event type: the most specific type its reports' events support, weighing each type by
    its mentions; without events, the type its figures suggest."""
    armed_victims = _armed_victims(claims)
    weights = collections.Counter()
    explosions = set()
    for unit in group:
        for e in _happened_events(unit.doc):  # a suicide bombing is told once and fought over at length: it counts twice
            event_type = _coded(e, armed_victims)[0]
            weights[event_type] += 2 if e["kind"] in SUICIDE_BOMBINGS else 1
            if event_type == EXPLOSIONS:
                explosions.add(e["kind"])
    if weights:
        return _most_specific(weights, remote_fire_only=bool(explosions) and explosions <= REMOTE_FIRE
                              and "civilians" not in _victim_roles(claims))  # a strike on a market beside clashes
    counts = collections.Counter(CATEGORY_EVENT_TYPE.get(c["category"], "Battles") for c in claims)
    if any(c["category"] == "attackers" for c in claims):
        return "Battles"
    return counts.most_common(1)[0][0] if counts else "Battles"


