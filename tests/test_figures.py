"""The reconciliation of figures across sources (rasd/figures.py) on figures told by many sources: what is named
stays what a walk over every pair names, at a cost that does not grow with the square of the tellers."""
import random

from rasd import figures
from rasd.claims.model import claim_interval


def _claim(n, value, qualifier="exact", source=None, date="2013-08-14", doc=None, total=False):
    low, high = claim_interval(value, qualifier)
    return {"claim_id": f"c{n}", "doc": doc or f"doc{n}", "category": "killed", "subject": "civilians",
            "value": value, "value_min": low, "value_max": high,
            "qualifier": qualifier, "claimed_by": source or f"source{n}", "date": date, "total": total}


def _every_pair(category, group, limit):
    """The pairs as a walk over every pair of `group` finds them (figures._pairs before it passed over claims)."""
    pairs = []
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if a["doc"] == b["doc"] and figures._source(a) == figures._source(b) \
                    and category in figures.RUNNING_TOTALS:
                continue
            if figures._disjoint(a, b) and (category not in figures.RUNNING_TOTALS or figures._same_span(a, b)):
                pairs.append((a, b))
                if len(pairs) >= limit:
                    return pairs
    return pairs


def test_the_conflicting_pairs_are_those_of_a_walk_over_every_pair():
    rng = random.Random(3)
    for trial in range(300):
        group = []
        for n in range(rng.randrange(1, 25)):
            qualifier = rng.choice(["exact", "exact", "approx", "at_least", "more_than", "tens", "some"])
            value = rng.choice([2, 3, 5, 10, 40, 100]) if qualifier not in ("tens", "some") else None
            group.append(_claim(n, value, qualifier, source=f"s{rng.randrange(4)}", doc=f"d{rng.randrange(5)}",
                                date=rng.choice(["2013-08-14", "2013-08-15", None]), total=rng.random() < 0.3))
        for category in ("killed", "attackers"):
            limit = rng.choice([1, 3, 20])
            assert figures._pairs(category, group, limit) == _every_pair(category, group, limit), trial


def test_a_figure_told_vaguely_by_thousands_is_not_walked_pair_by_pair(monkeypatch):
    """One figure of a day told by 1,000 sources as «العشرات» and by two as 30 and 50: one contradiction, found
    without testing each of the half million pairs."""
    group = [_claim(n, None, "tens") for n in range(1000)] + [_claim(1000, 30), _claim(1001, 50)]
    tested = []
    disjoint = figures._disjoint
    monkeypatch.setattr(figures, "_disjoint", lambda a, b: tested.append(1) or disjoint(a, b))
    pairs = figures.conflicting_pairs("attackers", group)
    assert [(a["claim_id"], b["claim_id"]) for a, b in pairs] == [("c1000", "c1001")]
    assert len(tested) < 10 * len(group)


def test_discrepancies_name_at_most_max_pairs_the_farthest_apart():
    """Thirty sources, half saying «at least 2» and half 30 of the same people: 225 pairs fifteen times apart and
    compatible, one named each; at most MAX_PAIRS now (the cap was looked at only between figures), those farthest
    apart first: the fifteen of the one source that says «at least one»."""
    claims = [_claim(n, 30) if n % 2 == 0 else _claim(n, 1 if n == 5 else 2, "at_least") for n in range(30)]
    found = figures.discrepancies(claims)
    assert len(found) == figures.MAX_PAIRS
    assert sum("c5" in pair["claims"] for pair in found) == 15
