"""Claims stage: turn number mentions into claims — what is counted (category), who (subject), how many (value,
qualifier), who says so (claimed_by, via, skeptical) and the evidence span — and drop what is not a claim."""
from __future__ import annotations

import bisect
import dataclasses

from .. import settings
from ..document import COMMAS, Document
from ..knowledge import parties_with, parties as party_rows  # not `parties`: the package's own submodule takes that name
from ..lexicon import WA, word_sets
from ..numbers import MAX_YEAR, MIN_YEAR, YEAR_DIGITS
from .attribution import SpeechCues, attribute
from .counts import counted_noun, not_a_count
from .model import Claim, claim_interval, lexicon_starts, sentence_tail
from .parties import belonging, unnamed_attackers
from .predicates import (COPULAS, NOT_BLOCKING, THAT_FORMS, blocked_by_modality, find_predicate, names_doers_after,
                         plural_verb, toll_head)
from .qualifiers import qualifier
from .subjects import ARMED_CLASSES, PARTY_PRONOUNS, subject
from ..view import Hit, View, view_of

_WORDS = word_sets("claim_words")
PLACE_PREPOSITIONS = word_sets("place_prepositions")  # in: «في» alone
SUBCOUNT_MARKERS = _WORDS["subcount"]  # بينهم، ضمنهم، هم، بين القتلى: what follows is part of a figure
DISPLACED_NOT_ESCAPED = {"civilians", "people", "minors", "families", "women", "migrants", "protesters"}

__all__ = ["Claim", "claim_interval", "extract_claims"]


def extract_claims(doc: Document) -> None:
    view = view_of(doc)
    claims: list[Claim] = []   # one per figure, for the output
    context: list[Claim] = []  # every figure told, repeats included: what later figures are parts of or follow
    out_of: list[int] = []     # the output claim each of `context` ended up as
    seen: dict[tuple, int] = {}
    figures: dict[tuple, list[int]] = {}  # (category, value) -> indices in `claims`: no claim compared with all
    for mention in doc.numbers:
        claim = _claim_for(view, mention, context)
        if claim is None:
            continue
        context.append(claim)
        if claim.part_of is not None:
            claim = dataclasses.replace(claim, part_of=out_of[claim.part_of])
        out_of.append(_keep(claims, seen, figures, claim))
    doc.claims = claims
    doc.repeats = [(told, kept) for told, kept in zip(context, out_of, strict=True) if claims[kept] is not told]


def _keep(claims: list[Claim], seen: dict, figures: dict, claim: Claim) -> int:
    """Add a claim unless it tells a figure already kept; the index of the claim that stands for it."""
    key = (claim.category, claim.subject, claim.value, claim.qualifier)
    told = figures.get((claim.category, claim.value))
    if told is not None:  # the figure was kept before: this may be another telling of it
        merged = _merge_telling(claims, seen, told, claim)
        if merged is not None:
            return merged
    if key in seen:  # repeated mentions of one figure are one claim
        kept = seen[key]
        if claims[kept].claimed_by == "outlet" and claim.claimed_by != "outlet":
            claims[kept] = claim  # a headline repeats a figure that the body attributes
        return kept
    seen[key] = len(claims)
    figures.setdefault((claim.category, claim.value), []).append(len(claims))
    claims.append(claim)
    return len(claims) - 1


def _merge_telling(claims: list[Claim], seen: dict, told: list[int], claim: Claim) -> int | None:
    """The index of the claim at `told` (the kept claims of the claim's category and value) that `claim` tells again
    and that now stands for both, else None; `claim` lends its speaker to the outlet's tellings among them."""
    _lend_speaker(claims, told, claim)
    hedged = _restated_without_hedge(claims, told, claim)
    if hedged is not None:  # «25 قتيلا» in the headline, «مقتل 25 شخصا على الأقل» in the body: one figure
        kept = claims[hedged]
        exact, other = (kept, claim) if kept.qualifier == "exact" else (claim, kept)
        who = exact if other.subject == VAGUEST_SUBJECT != exact.subject else other  # the telling that says who
        merged = dataclasses.replace(other, subject=who.subject, party=who.party, role=who.role)  # with the hedge
        _adopt_source(merged, exact)
        claims[hedged] = merged
        seen[(merged.category, merged.subject, merged.value, merged.qualifier)] = hedged  # a third telling joins it
        return hedged
    same_figure = _same_figure(claims, told, claim)
    if same_figure is not None:  # "12 عنصراً من الدعم السريع" … "12 من عناصرها": one figure
        kept = claims[same_figure]
        if kept.subject in GENERIC_SUBJECTS:  # the later mention says who: it stands for the figure
            _adopt_source(claim, kept)
            claims[same_figure] = claim
        else:
            _adopt_source(kept, claim)
        return same_figure
    return None


GENERIC_SUBJECTS = {"people", "fighters", "soldiers", "militants", "police", "suspects", "families"}


def _lend_speaker(claims, indices, claim) -> None:
    """A headline's figure in the outlet's voice (مقتل 45 شخصا) restated with its source in the body (قتل 45 شخصا على
    الأقل، حسبما ذكرت الشرطة) is the source's, whatever hedge either adds: `claim` lends its source to such tellings
    among the claims at `indices`."""
    if claim.claimed_by == "outlet" or claim.value is None:
        return
    for kept in map(claims.__getitem__, indices):
        same_key = (kept.subject, kept.qualifier) == (claim.subject, claim.qualifier)  # _keep replaces those
        if kept.claimed_by == "outlet" and (kept.category, kept.value) == (claim.category, claim.value) \
                and not same_key and kept.sentence != claim.sentence and kept.part_of is None \
                and (kept.subject == claim.subject or GENERIC_SUBJECTS & {kept.subject, claim.subject}):
            _adopt_source(kept, claim)


def _adopt_source(claim, other) -> None:
    """A figure told in the outlet's own voice takes the source another telling of it names."""
    if claim.claimed_by == "outlet" and other.claimed_by != "outlet":
        claim.claimed_by, claim.via = other.claimed_by, list(other.via)


HEDGES = frozenset({"approx", "at_least", "more_than"})


VAGUEST_SUBJECT = "people"  # «25 قتيلا» says less of who they are than «25 من عناصر الشرطة»


def _restated_without_hedge(claims, indices, claim) -> int | None:
    """The earlier claim that is the same figure told with a hedge in one sentence and without it in another (a
    headline drops «على الأقل»): one of the two exact and the other approx, at least or more than, the same subject
    or a generic one."""
    return _earlier_telling(claims, indices, claim, lambda other: (
        {other.qualifier, claim.qualifier} - HEDGES == {"exact"} and other.qualifier != claim.qualifier
        and (other.subject == claim.subject or GENERIC_SUBJECTS & {claim.subject, other.subject})))


def _same_figure(claims, indices, claim) -> int | None:
    """The earlier claim that is the same figure told again (a headline and its body; "12 عنصراً من الدعم السريع" …
    "12 من عناصرها"): the same qualifier, one of the two subjects generic."""
    return _earlier_telling(claims, indices, claim, lambda other: (
        other.qualifier == claim.qualifier and other.subject != claim.subject
        and GENERIC_SUBJECTS & {claim.subject, other.subject}))


def _earlier_telling(claims, indices, claim, alike) -> int | None:
    """The first of the earlier claims at `indices` with the claim's category and value, in another sentence, no
    part of another figure, and `alike` it."""
    if claim.value is None or claim.part_of is not None:
        return None
    for index in indices:
        other = claims[index]
        if other.category == claim.category and other.value == claim.value and other.part_of is None \
                and other.sentence != claim.sentence and alike(other):
            return index
    return None


def _claim_for(view: View, m, earlier) -> Claim | None:
    if not_a_count(view, m):
        return None
    counted = counted_noun(view, m)
    if counted.nonperson:
        return None
    sentence = view.doc.sentence_of(m.tok_start)
    if _dangling_others(view, m, sentence, earlier):
        return None
    parent = _whole_of(view, m, sentence, earlier)
    if parent is not None and counted.count_predicate is not None \
            and counted.count_predicate.entry["category"] != earlier[parent].category:
        parent = None  # "١٤ شهيداً بينهم ٥ أطفال، و٣١ جريحاً": a figure of its own, not one more part
    if parent is not None:
        return _part_claim(view, m, counted, sentence, earlier, parent)
    if m.kind == "singular":
        return None  # one person counts only as part of a figure
    pred, side = find_predicate(view, m, counted, sentence)
    if pred is None and earlier and earlier[-1].sentence == sentence.tok_start \
            and (_added_to(view, m) or _listed_after(view, m) or _joined_to_last(view, m, earlier)):
        pred = Hit(None, {"category": earlier[-1].category, "pos": "noun", "needs": ""}, m.tok_start, m.tok_start)
        side = "left"  # "توقيف 14 سوريا … إضافة إلى 2 من المهربين": the same event
    if pred is None:
        pred = _force_size(view, m, counted, sentence)
        if pred is None:
            return None
    elif blocked_by_modality(view, m, pred):
        return None
    elif side == "right" and counted.noun is None and counted.count_predicate is None and counted.end == m.tok_end \
            and not ((m.kind == "vague" or plural_verb(view, pred)) and pred.first == view.next_word(m.tok_end)) \
            and view.word(view.prev_word(pred.first)) not in COPULAS:
        return None  # a predicate after the number needs a counted noun between ("عدد من أحيائها اعتقلت"),
        # unless it follows a vague quantity or a verb of many at once ("أن الآلاف نزحوا"، "إن ستة قتلوا") or a
        # copula ("تسعة ما زالوا محتجزين")
    qual, hedge_first, hedge_end = qualifier(view, m, counted)
    claimed_by, via, skeptical = attribute(_speech_cues(view, sentence), view, m, sentence)
    who, subject_rule = subject(view, m, counted, pred, (claimed_by, via), sentence, earlier)
    start_tok, end_tok = min(m.tok_start, pred.first), max(m.tok_end, counted.end, pred.end)
    if hedge_first is not None:  # a hedge has both ends
        start_tok, end_tok = min(start_tok, hedge_first), max(end_tok, hedge_end)
    value = m.value if m.vagueness == "exact" else None
    category = pred.entry["category"]
    if category == "escaped" and who in DISPLACED_NOT_ESCAPED and not _custody_in(view, sentence):
        category = "displaced"  # civilians who flee are displaced; only those held escape
    if side == "right" and _acts_on_someone(view, pred):
        if category not in HARMS:
            return None  # «وحاصر 20 شرطيا المنزل واعتقلوه»: they arrested him; no figure of people arrested
        category = "attackers"  # «اعترض طريقه 6 مسلحين واختطفوه»: they took him; they were not taken
    if category in COMBINED and pred.match is not None and _combined_toll(view, pred, m):
        category = "casualties"  # مقتل وإصابة 40، 80 شخصا بين قتيل وجريح: neither killed nor wounded
    by_non_state = pred.entry.get("by_non_state") if pred.match is not None else None
    if category == "arrested" and by_non_state \
            and _holds_captives(_captor(view, pred, m, sentence, claimed_by)):
        category = by_non_state  # وأسروا 3 آخرين, said of the IS: captives (held), not arrests
    party, role, party_rule = belonging(view, who, counted, m, sentence)
    if category == "attackers" and role == "civilians" and (counted.noun is None or counted.noun["class"] == "person"):
        party, role, party_rule = unnamed_attackers(view)  # «قيام أربعة ملثمين بالهجوم»: the armed side
    return Claim(category, who, value, qual, claimed_by, view.doc.tok_starts[start_tok],
                 view.doc.tok_ends[end_tok - 1], via, skeptical, sentence.tok_start, upper=m.upper,
                 total=_is_total(view, m, sentence) or (pred.match is not None and toll_head(view, pred.first)),
                 background=_period_total(view, m, sentence) or _beyond_an_incident(m, category),
                 added=_new_ones(view, m, counted),
                 party=party, role=role, rule=f"subject: {subject_rule}; party: {party_rule}")


def _speech_cues(view: View, sentence) -> list:
    """The document's speech cues through `sentence`, read when the first figure needs its speaker and then only as
    far as the figures reach: a document that tells no figure reads none."""
    return view.fact("speech cues", SpeechCues).through(sentence)


TOTAL_BEFORE, TOTAL_AFTER = 12, 8   # tokens around the number where a total's word may stand




def _period_total(view, m, sentence) -> bool:
    """A total for a whole war or period: «منذ بدء النزاع», «منذ الثورة» (since, then perhaps a start, then a war,
    each at most three tokens on; or a start that names what began by its pronoun: «منذ بدئها»), a war the figure
    is the toll of («الحرب التي خلفت») or a period word (العام الماضي، حتى الآن) near the number."""
    reach = settings.current().claims.period_reach
    lo, hi = max(sentence.tok_start, m.tok_start - reach), min(sentence.tok_end, m.tok_end + reach)
    if view.first_start("periods", lo, hi) is None:
        return False  # no period word near: most figures
    at = {t: view.kind(t, "periods") for t in lexicon_starts(view, "periods", lo, hi)}
    if any(kind == "period" and not _framed(view, t, sentence) for t, kind in at.items()):
        return True
    if any(kind == "spread" and t > m.tok_start and _spread_over_places(view, m, t, sentence)
           for t, kind in at.items()):
        return True  # «بـ140 قتيلا، معظمهم في حلب ودمشق»: a tally over places, no one event's
    wars = [t for t, kind in at.items() if kind == "war" and t < m.tok_start]
    if any(view.word(t) in RELATIVE_PRONOUNS for war in wars for t in range(war + 1, min(war + 4, m.tok_start))):
        return True  # «الثورة السورية التي أودت بحياة 70 ألفا»: the toll of the war itself
    for since in (t for t, kind in at.items() if kind == "since"):
        start = view.next_word(since + 1)
        if at.get(start) == "own_start" and _campaign_before(view, since, sentence) \
                and not _framed(view, since, sentence) and not _dated(view, start):
            return True  # «الغارات التي نفذتها منذ بدئها قتلت 4700»: the whole campaign's toll; «الاشتباكات منذ
            #              اندلاعها»، «منذ اندلاعها يوم الأربعاء» are the running toll of the story's own event
        heads = [since] + [t for t in range(since + 1, since + 4) if at.get(t) == "start"]
        if any(at.get(t) in ("war", "movement") for head in heads for t in range(head + 1, head + 4)):
            return True
        if _a_year_after(view, since):
            return True  # «نحو ثلاثة آلاف قتيل منذ 2009»، «منذ عام 2011»: the toll of years
    return False


def _spread_over_places(view, m, tok, sentence) -> bool:
    """Is the spread word at `tok` («معظمهم») this figure's, and most of them in a place that no place named before it
    in the sentence holds («بـ140 قتيلا، معظمهم في حلب ودمشق»)? Not another figure's («قتل 7 جنود … بينما فر 200
    مدني معظمهم …»: a number or a clause between), not where they were treated («ويعالج معظمهم في مستشفيات بغداد»:
    no place or type word right after «في»), not a part of the event's own town or province («قتل 50 شخصا في سلسلة
    تفجيرات ضربت بغداد، معظمهم في مدينة الصدر»)."""
    if any(t in view.number_starts or t in view.clause_break_set for t in range(m.tok_end, tok)):
        return False
    place = _place_after_in(view, tok)
    if place is None:
        return False
    before = [p.place for p in view.places_by_sentence.get(sentence.tok_start, ())
              if p.tok < tok and p.place.feature != "country"]
    return not any(p.country == place.country and p.admin1 == place.admin1 for p in before)


def _place_after_in(view, tok):
    """The place «في» right after `tok` names, itself or after one type word («معظمهم في مدينة حلب»), or None."""
    at = view.next_word(tok + 1)
    if at is None or view.word(at) not in PLACE_PREPOSITIONS["in"]:
        return None
    at = view.next_word(at + 1)
    after_type = view.next_word(at + 1) if at is not None and view.get(at, "place_types") is not None else None
    place = _place_at(view, at)
    return place if place is not None else _place_at(view, after_type)


def _place_at(view, tok):
    """The place of the first mention at `tok` (View.place_toks: the mentions' tokens, in order), or None."""
    if tok is None:
        return None
    index = bisect.bisect_left(view.place_toks, tok)
    return view.doc.places[index].place if index < len(view.place_toks) and view.place_toks[index] == tok else None


def _framed(view, tok, sentence, reach: int = 5) -> bool:
    """Does an ordinal or a superlative stand a few words before the period word at `tok` («ثاني تفجير يضرب المدينة
    في أسبوع»، «الأعنف خلال الأسابيع الأخيرة»)? The period frames a comparison then, not a sum."""
    at = tok
    for _ in range(reach):
        at = view.prev_word(at)
        if at is None or at < sentence.tok_start:
            return False
        if view.kind(at, "periods") == "frame":
            return True
    return False


CAMPAIGNS = frozenset({"war", "movement", "campaign"})  # periods.tsv: what «منذ بدئها» may total
CAMPAIGN_REACH = 15  # tokens before «منذ» where the campaign its pronoun names stands, past a relative clause


def _campaign_before(view, since: int, sentence) -> bool:
    """Does a war, movement or campaign word stand in the sentence within CAMPAIGN_REACH tokens before «منذ»
    («الحملة الجوية التي يشنها التحالف … منذ بدئها»)?"""
    return any(view.kind(t, "periods") in CAMPAIGNS
               for t in range(max(sentence.tok_start, since - CAMPAIGN_REACH), since))


def _dated(view, tok, words: int = 2) -> bool:
    """Does an expression that names a day begin within `words` words after `tok` («منذ اندلاعها يوم السبت»; a
    year, «منذ انطلاقها عام 2004», dates a campaign's start and leaves its total the whole campaign's)?"""
    starts = view.fact("day starts", _day_starts)
    for _ in range(words):
        tok = view.next_word(tok + 1)
        if tok is None:
            return False
        if tok in starts:
            return True
    return False


def _day_starts(view) -> frozenset[int]:
    """The tokens where an expression naming a day begins, once a document."""
    return frozenset(e.tok_start for e in view.doc.dates if e.value is not None and e.kind != "year")


def _a_year_after(view, tok) -> bool:
    """Is a year («2009»، «عام 2011») the next word or the one after «عام» after `tok`?"""
    at = view.next_word(tok + 1)
    if at is not None and view.kind(at, "timewords") == "year":
        at = view.next_word(at + 1)
    word = view.word(at)
    return len(word) == YEAR_DIGITS and word.isdecimal() and MIN_YEAR <= int(word) <= MAX_YEAR


TOLLS = frozenset({"killed", "wounded", "casualties"})


def _beyond_an_incident(m, category: str) -> bool:
    """«2.5 مليون نازح»، «أكثر من 70 ألف قتيل»: a figure beyond any one incident's scale is a war's or a country's
    total (a toll of dead or wounded sooner than a count of the displaced)."""
    tuning = settings.current().claims
    scale = tuning.incident_toll_scale if category in TOLLS else tuning.incident_scale
    return max(m.value or 0, m.upper or 0) >= scale


def _new_ones(view, m, counted) -> bool:
    """«ضبط 4 جدد»، «القبض على 3 متهمين جدد»: the word after the number or its counted noun says they are more of
    them, added to those counted before."""
    ends = (m.tok_end, counted.end) if counted.end > m.tok_end else (m.tok_end,)
    return any(view.word(view.next_word(t)) in NEW_ONES for t in ends)


NEW_ONES = _WORDS["new_ones"]  # جدد، إضافيين


def _is_total(view, m, sentence) -> bool:
    """"ارتفع عدد الأسرى … إلى ٢٣"، "الحصيلة تزيد عن المئة"، "منذ بدء الهجوم": a running total, not a day's count."""
    lo = max(sentence.tok_start, m.tok_start - TOTAL_BEFORE)
    hi = min(sentence.tok_end, m.tok_end + TOTAL_AFTER)
    return view.first_start("totals", lo, hi) is not None


RELATIVE_PRONOUNS = _WORDS["which"]  # التي، الذي: «الحرب التي خلفت …»
ADDITION = _WORDS["addition"]  # إضافة إلى، فضلا عن: the same event as the figure before


def _added_to(view, m) -> bool:
    before = view.prev_word(m.tok_start)
    two = view.prev_word(before) if before is not None else None
    return two is not None and f"{view.word(two)} {view.word(before)}" in ADDITION


UNNAMED_ARMED = "militants"
SUBJECT_SLOT = 3  # words after «إن/أن» where the reported clause's subject stands («إن قوات النظام»)


def _holds_captives(party: str | None) -> bool:
    """Does the captor hold its captives rather than arrest them: an armed group (parties.tsv sector nonstate) that is
    no authority of its own territory, or unnamed armed men?"""
    row = party_rows().get(party) or {}
    return party == UNNAMED_ARMED or (row.get("sector") == "nonstate" and party not in parties_with("authority"))


def _captor(view, pred, m, sentence, speaker) -> str | None:
    """Who took them: the doer between the verb and the number (Arabic puts the verb first: «أسر مقاتلو الجيش الحر
    50 جنديا»), else the subject right after «إن/أن» of a reported clause («قال الجيش الحر إن قوات النظام أسرت 3»),
    else a non-state speaker telling of its own captures, else the party or armed men named before the verb in its
    sentence («قال المتمردون إنهم أسروا»), else the speaker."""
    that = next((t for t in range(pred.first - 1, sentence.tok_start - 1, -1) if view.word(t) in THAT_FORMS), None)
    subject_slot = range(that + 1, min(that + SUBJECT_SLOT + 1, pred.first)) if that is not None else ()
    doer, owned = _doer_in(view, (*range(pred.end, m.tok_start), *subject_slot))
    if doer:
        return doer
    if _holds_captives(speaker):
        return speaker
    doer, owned_before = _doer_in(view, range(pred.first - 1, sentence.tok_start - 1, -1))
    return doer or owned or owned_before or speaker


def _doer_in(view, tokens) -> tuple[str | None, str | None]:
    """The first party or armed men named on their own in `tokens`, and the first armed men of a party named
    elsewhere («مقاتليها»)."""
    owned = None
    for tok in tokens:
        doer, theirs = _doer_at(view, tok)
        if doer and not theirs:
            return doer, owned
        owned = owned or doer
    return None, owned


def _doer_at(view, tok) -> tuple[str | None, bool]:
    """The party or the armed men at `tok`, and whether a party pronoun ends the word (their party is named
    elsewhere: «مقاتليها»)."""
    hit = view.get(tok, "actors")
    if hit is not None and hit.entry["kind"] in ("group", "state"):
        return hit.entry["id"], False
    noun = view.get(tok, "nouns")
    if noun is not None and noun.entry["class"] in ARMED_CLASSES - {"member"}:
        return UNNAMED_ARMED, view.suffix(noun.match) in PARTY_PRONOUNS
    return None, False


def _joined_to_last(view, m, earlier) -> bool:
    """«مقتل نحو 20 من عناصر بوكو حرام الإسلامية واثنين من جنوده»: a number joined by و to the people the figure before
    it counts, with no event word, no speech and no other number between them, is the same event's."""
    before = view.wa_before(m)
    if before is None or not earlier:
        return False
    last = view.doc.token_at(earlier[-1].end - 1)
    return last <= before and not any(view.get(t, "predicates") or view.get(t, "speech") or t in view.number_starts
                                      for t in range(last + 1, before + 1))


def _listed_after(view, m) -> bool:
    """"القتلى هم 11 عنصراً من الفصائل، وخمسة من مقاتلي المجلس": the next item of the same list, after a comma."""
    before = view.wa_before(m)
    return before is not None and before >= 0 and view.tokens[before] in COMMAS


COMBINED = {"killed": "wounded", "wounded": "killed"}


def _combined_toll(view, pred, m) -> bool:
    """Is the predicate joined by و to the other half of a toll, with no number of its own between or after them:
    «مقتل وإصابة 40»، «40 قتيلا وجريحا»، «بين قتيل وجريح»? Such a figure counts the dead and the wounded together
    («5 قتلوا وأصيب 25» are two figures)."""
    other = COMBINED[pred.entry["category"]]
    after = view.next_word(pred.end)
    joined = view.get(after, "predicates") if after is not None else None
    if joined is not None and joined.match.prefix.startswith(WA) and joined.entry["category"] == other:
        if m.tok_start >= joined.first:
            return True  # مقتل وإصابة 40
        reach = settings.current().claims.combined_reach
        return m.tok_end <= pred.first and not _number_within(view, joined.end, reach)
    before = view.prev_word(pred.first)
    joining = view.get(before, "predicates") if before is not None else None
    return pred.match.prefix.startswith(WA) and joining is not None and joining.entry["category"] == other \
        and not (joining.end <= m.tok_start < pred.first) and not _number_before(view, joining.first)




def _number_before(view, tok) -> bool:
    """Is there a number or a counted noun in the clause before `tok`, within the combined reach + 3 words?"""
    at = tok
    for _ in range(settings.current().claims.combined_reach + 3):
        at = view.prev_word(at)
        if at is None or view.get(at, "predicates") is not None:
            return False
        if at in view.number_starts or view.get(at, "nouns") is not None:
            return True  # ثمانية أشخاص قتلوا، شخصا قتل: the first half has people of its own
    return False


def _number_within(view, tok, words) -> bool:
    at = tok
    for _ in range(words):
        at = view.next_word(at)
        if at is None:
            return False
        if at in view.number_starts:
            return True
        at += 1
    return False


def _custody_in(view, sentence) -> bool:
    return view.names_custody(sentence.tok_start, sentence.tok_end)


def _whole_of(view, m, sentence, earlier) -> int | None:
    """Index of the claim a figure is part of: "قتل 5 مدنيين، بينهم طفلان"، "بين القتلى 4 مدنيين", and the figures
    coordinated with such a part ("بينهم 15 سعودياً و4 صحفيين")."""
    in_sentence = list(sentence_tail(earlier, sentence.tok_start))
    if not in_sentence:
        return None
    before = view.prev_word(m.tok_start)
    hedge = view.get(before, "hedges") if before is not None else None
    if before is not None and not _marker_ends_at(view, before) and hedge is None:
        if _joined_by_wa(view, m) and earlier[in_sentence[-1]].part_of is not None:
            return earlier[in_sentence[-1]].part_of  # «بينهم امرأة وخمسة أطفال»: و on the number or apart
        return None
    if hedge is not None and not _marker_ends_at(view, view.prev_word(hedge.first)):
        return None
    wholes = [i for i in in_sentence if earlier[i].part_of is None]
    named = view.get(before, "predicates")  # بين القتلى / بين الجرحى name the figure they are part of
    if named is not None:
        wholes = [i for i in wholes if earlier[i].category == named.entry["category"]] or wholes
    return wholes[-1] if wholes else None


def _joined_by_wa(view, m) -> bool:
    """Is number `m` joined by و to what precedes it: «و 5»، «وخمسة», or a dual or singular noun that is its own
    count with و on it («وطفلان»)?"""
    if view.wa_before(m) is not None:
        return True
    noun = view.get(m.tok_start, "nouns") if m.kind in ("dual", "singular") else None
    return noun is not None and noun.match.prefix.startswith(WA)


def _marker_ends_at(view, tok) -> bool:
    if tok is None:
        return False
    if view.word(tok) in SUBCOUNT_MARKERS:
        return True
    two = view.prev_word(tok)
    return two is not None and f"{view.word(two)} {view.word(tok)}" in SUBCOUNT_MARKERS


def _part_claim(view, m, counted, sentence, earlier, parent_index) -> Claim | None:
    parent = earlier[parent_index]
    if counted.nonperson:
        return None
    counted_people = counted.noun is not None or counted.count_predicate is not None or m.kind == "dual"
    who, subject_rule = subject(view, m, counted, None, (parent.claimed_by, parent.via), sentence, []) \
        if counted_people else (parent.subject, "part of a figure")
    qual, hedge_first, hedge_end = qualifier(view, m, counted)
    start_tok = min(t for t in (m.tok_start, hedge_first) if t is not None)
    end_tok = max(t for t in (m.tok_end, counted.end, hedge_end) if t is not None)
    value = m.value if m.vagueness == "exact" else None
    if who == parent.subject:
        party, role, rule = parent.party, parent.role, f"subject: {subject_rule}; party: the whole figure's"
    else:
        party, role, party_rule = belonging(view, who, counted, m, sentence)
        rule = f"subject: {subject_rule}; party: {party_rule}"
    claim = Claim(parent.category, who, value, qual, parent.claimed_by, view.doc.tok_starts[start_tok],
                  view.doc.tok_ends[end_tok - 1], list(parent.via), parent.skeptical, sentence.tok_start,
                  upper=m.upper, part_of=parent_index, party=party, role=role, rule=rule,
                  background=parent.background or _beyond_an_incident(m, parent.category))
    return claim


DOERS_ENDINGS = _WORDS["doers_ending"]  # اختطفوه
HARMS = frozenset({"killed", "wounded", "casualties", "held"})  # what the doers of «قتلوه، اختطفوه» did to him


def _acts_on_someone(view, pred) -> bool:
    """Is the predicate after the people counted a verb whose ending says they did it to someone (a plural subject
    with a singular object pronoun: «واختطفوه»)? Unvocalised «قتلوا» may be passive; «قتلوه» never is. «قتلوهم»
    may point back to the people counted and is left."""
    return pred.match is not None and pred.entry["pos"] in ("verb", "passive") \
        and view.suffix(pred.match) in DOERS_ENDINGS


def _dangling_others(view, m, sentence, earlier):
    """"وإصابة آخرين" is a figure only beside one it is "other" to, right after its predicate."""
    if m.vagueness != "some":
        return False
    number = view.get(m.tok_start, "numbers")
    if number is None or number.entry["kind"] != "some_others":
        return False
    before = view.prev_word(m.tok_start)
    return not sentence_tail(earlier, sentence.tok_start) or not view.get(before, "predicates")


def _force_size(view, m, counted, sentence) -> Hit | None:
    """A count of armed men with no event and no modality, in a sentence about fighting, is the force that
    attacked ("اشتباكات جارية … ويقدر عدد العناصر 150 عنصراً")."""
    if counted.noun is None or counted.noun["class"] not in ARMED_CLASSES or m.vagueness == "some":
        return None
    fighting = False
    for tok in view.tagged_in(sentence.tok_start, sentence.tok_end):
        if view.get(tok, "modality") and view.kind(tok, "modality") not in NOT_BLOCKING:
            return None  # any negation, denial or plan in the sentence: no force told as fighting
        # المهاجمين: the attackers named are fighting too
        fighting = fighting or view.get(tok, "fighting") is not None or (
            view.kind(tok, "predicates", "category") == "attackers" and not _doers_after(view, tok, m))
    if not fighting:
        return None
    return Hit(None, _ATTACKERS, m.tok_start, m.tok_end)


_ATTACKERS = {"category": "attackers", "pos": "count", "needs": ""}  # the predicate a force size stands for


def _doers_after(view, tok, m) -> bool:
    """Is the attackers' word at `tok`, after the number, a phrase that names the doers after it («تعرض أحد الأعضاء
    للضرب على يد المحتجين»)? The people counted before it were acted on: no force that fought."""
    return tok >= m.tok_end and names_doers_after(view, view.get(tok, "predicates"))

