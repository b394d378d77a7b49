"""Events stage: every event a report tells of, with or without figures — attacks, clashes, bombings, shelling, air
strikes, abductions, arrests, protests, riots, and the crimes and accidents a news stream is full of — each coded as
ACLED codes it (event type and sub-event type from rasd/data/event_kinds.tsv), with its evidence span and its
modality (a foiled attack is no attack: ACLED's "Disrupted weapons use"). Then the document's relevance: what it
mostly reports (political_violence, protest, crime_accident, other), with a score."""
from __future__ import annotations

import datetime as dt

import bisect
import collections
from dataclasses import dataclass

from . import settings
from .document import Document
from .knowledge import class_roles, event_kinds, parties
from .lexicon import ALL_PREFIXES, WordMemo, read_rows, word_sets
from .normalize import normalize_term
from .view import BARE_FORMS, NOUN_SUFFIXES, first_between, view_of

# The weights and thresholds are settings.current().events (rasd/settings.py).
GUNMEN = frozenset({"militant", "jihadist", "fighter"})  # noun classes of armed men who are no police or criminals
DISRUPTING = frozenset({"attempted", "foiled", "prevented"})
CRIMES = frozenset({"crime", "feud"})  # a headline opening with one tells a crime; «اصطدام»، «حريق» open riot stories too
REQUESTED = "requested"  # only right before the event: «سرعة ضبط وإحضار» (modality.tsv)
WARRANT = "warrant"  # the event's own last word names an order, not an act («ضبط وإحضار»: modality.tsv)
DONE = "done"  # «تم»: what follows was done, an order carried out («تم ضبط وإحضار المتهم»)
NOT_HAPPENED = frozenset({"denied", "feared", "planned", "hypothetical", "negated", "charged", "aftermath",
                          "recalled", REQUESTED, WARRANT})


@dataclass
class EventMention:
    kind: str
    first: int            # token range
    end: int
    start: int            # normalised character offsets of the evidence
    stop: int
    sentence: int         # first token of its sentence
    weight: float
    modality: str | None  # attempted, foiled, denied … (None: it happened)
    in_headline: bool = False

    @property
    def happened(self) -> bool:
        return self.modality is None


def find_events(doc: Document) -> None:
    view = view_of(doc)
    tuning = settings.current().events
    lead_end = doc.lead_end()
    headline_end = _headline_end(doc)
    events = []
    recalled = _recalled_dates(doc)
    modality_starts = view.fact("modality starts", _modality_starts)
    for hit in view.hits("events"):
        kind = hit.entry["kind"]
        if kind == "abduction" and view.kind(view.next_word(hit.end), "nonperson") == "object":
            kind = "crime"  # «اختطاف شاحنة»: a vehicle or goods seized is a robbery, no one abducted
        sentence = doc.sentence_of(hit.first)
        # the calls skipped where they would find nothing: a phrase of one word, no modality word before the event
        # in its sentence, no date of the past in the document
        modality = (hit.end - hit.first > 1 and _own_modality(view, hit)) \
            or (_nearest_before(modality_starts, hit.first) >= sentence.tok_start
                and _modality(view, hit.first, sentence)) \
            or (recalled and _dated_past(view, hit, recalled)) or None
        weight = tuning.headline_weight if hit.first < headline_end else \
            tuning.lead_weight if hit.first < lead_end else 1.0
        if modality is not None:
            weight *= tuning.modal_weight
        events.append(EventMention(kind, hit.first, hit.end, doc.tok_starts[hit.first],
                                   doc.tok_ends[hit.end - 1], sentence.tok_start, weight, modality,
                                   hit.first < headline_end))
    doc.events = events
    short = len(doc.sentences) <= settings.current().lead_sentences  # a report of a sentence or two: about what it names
    doc.relevance = relevance(view, events, doc.claims, tuning.short_evidence if short else tuning.min_evidence)


def _headline_end(doc) -> int:
    """The token after the first line, when the text opens with a headline line."""
    newline = doc.text.find("\n")
    return doc.token_at(newline) if 0 < newline < 300 else 0


def _recalled_dates(doc) -> frozenset:
    """The first tokens of the dates that tell of the past: a named past event («ثورة 25 يناير»), a day after «عام»،
    or a day with its year over the settings' recalled_days before the report's."""
    published = dt.date.fromisoformat(doc.published) if doc.published else None
    limit = settings.current().events.recalled_days
    return frozenset(e.tok_start for e in doc.dates if e.background or (
        e.year is not None and e.value is not None and published is not None and (published - e.value).days > limit))


def _dated_past(view, hit, recalled: frozenset) -> str | None:
    """"recalled" when a date of the past follows the event word within the settings' date_reach («هجمات الحادي
    عشر من سبتمبر 2001»، «تفجيرات عام 2005»): the report names an earlier event, it does not report it."""
    if not recalled:
        return None
    at = hit.end
    for _ in range(settings.current().events.date_reach):
        at = view.next_word(at)
        if at is None:
            return None
        if at in recalled:
            return "recalled"
        at += 1
    return None


def _own_modality(view, hit) -> str | None:
    """An event phrase whose later word is a warrant's («ضبط وإحضار»): an order, not the act, unless «تم» says it
    was done («تم ضبط وإحضار المتهم»)."""
    if hit.end - hit.first < 2:
        return None  # a phrase of one word has no later word
    if not any(view.kind(tok, "modality") == WARRANT for tok in range(hit.first + 1, hit.end)):
        return None
    return None if view.kind(view.prev_word(hit.first), "modality") == DONE else WARRANT


def _modality(view, tok, sentence=None) -> str | None:
    """The modality (denied, foiled …) that a word of modality.tsv within reach before the event word at `tok`, in
    its sentence, gives it (`sentence`: that sentence, when the caller has it)."""
    if sentence is None:
        sentence = view.doc.sentence_of(tok)
    reach = settings.current().events.modality_reach
    starts = view.fact("modality starts", _modality_starts)
    last = bisect.bisect_left(starts, tok) - 1  # the nearest modality word before the event
    if last < 0 or starts[last] < sentence.tok_start or view.word_distance(starts[last], tok) > reach:
        return None  # most events: no word of modality.tsv within reach before them in their sentence
    at = tok
    for step in range(reach):
        at = view.prev_word(at)
        if at is None or at < sentence.tok_start:
            return None
        kind = view.kind(at, "modality")
        if kind == REQUESTED and step > 0 or kind == WARRANT:
            continue  # «انتشرت النيران بسرعة» before an event further on: an adverb; «تم إحضار الجثث»: bringing
        if kind in DISRUPTING or kind in NOT_HAPPENED:
            return kind
    return None


def _nearest_before(starts: list[int], tok: int) -> int:
    """The last of the sorted tokens `starts` before `tok`, or -1."""
    at = bisect.bisect_left(starts, tok)
    return starts[at - 1] if at else -1


def _modality_starts(view) -> list[int]:
    """The tokens where a word of modality.tsv starts, in order."""
    return sorted({hit.first for hit in view.hits("modality")})


def relevance(view, events, claims, min_evidence: float | None = None) -> dict:
    """{"label", "score", "scores"}: the class of events the document mostly reports. Events that need an armed
    party (an attack, a clash, an abduction, an arrest) are political violence only beside one — an armed group, an
    army, people counted as fighters or soldiers, or a bombing, shelling or air strike — else crime (police and
    outlaws, two families, a kidnapping for ransom). Less evidence than `min_evidence` (by default the settings')
    is no subject."""
    if min_evidence is None:
        min_evidence = settings.current().events.min_evidence
    kinds = event_kinds()
    armed = _armed_context(view) or any(
        kinds[e.kind]["relevance"] == "political_violence" and kinds[e.kind]["armed"] != "yes"
        and kinds[e.kind]["event_type"] == "Explosions/Remote violence" and e.happened for e in events)
    protesting = any(kinds[e.kind]["relevance"] == "protest" for e in events)
    accidental = {e.sentence for e in events if e.kind in ACCIDENTS}  # a gas cylinder, a depot
    drills = collections.defaultdict(list)  # by sentence: «مناورات بالذخيرة الحية شملت قصفا مدفعيا»
    for e in events:
        if e.kind == "exercise":
            drills[e.sentence].append(e)
    feuding = any(e.kind in CRIMES for e in events)  # a feud, a brawl, a robbery (a fire or a crash is no side)
    scores = {"political_violence": 0.0, "protest": 0.0, "crime_accident": 0.0, "other": 0.0}
    for event in events:
        if event.kind == "verdict":
            continue  # a ruling frames its case; what the case is about decides, or _headline_tells_a_verdict does
        row = kinds[event.kind]
        label = row["relevance"]
        if event.kind == "explosion" and (event.sentence in accidental or _in_a_drill(view, event, drills)):
            label = "crime_accident"  # an explosion in training, at a depot, a meteor: no bomb, whoever was there
        elif event.kind in DRILL_FIRE and _in_a_drill(view, event, drills):
            label = "other"  # a drill's fire: no attack
        elif event.kind == "armed_clash" and not protesting and not armed and _between_private_people(view, event):
            label = "crime_accident"  # «اشتباكات بين عدد من المواطنين وصاحب محطة الوقود»: a dispute, no side armed
        elif event.kind == "armed_clash" and (protesting or not feuding):
            label = "political_violence"  # clashes where people protest are riots (اشتباكات بين المتظاهرين والشرطة);
            #                               clashes are a feud's only beside one (اشتباكات بين عائلتين بسبب الثأر)
        elif label == "political_violence" and row["armed"] == "yes" and not armed \
                and not _state_site_in_sentence(view, event) and not (event.kind == "explosion" and not accidental):
            label = "crime_accident"
        scores[label] += event.weight
    feud = any(e.kind == "feud" for e in events) and not protesting
    label = max(scores, key=lambda k: (scores[k], k == ("crime_accident" if feud else "political_violence")))
    # a tie beside a feud word is the crime's («معركة بالأسلحة … بسبب الخلافات على ميراث»), unless people protest:
    # a crowd at a police station over those a brawl put in it is a riot
    if label == "political_violence" and scores["other"] == scores[label] \
            and not _counts_before(claims, _lead_end(view)) \
            and not any(e.in_headline and kinds[e.kind]["relevance"] == "political_violence" for e in events):
        label = "other"  # as much said as done, no violence in the headline, no figure in the lead: what was said
    if label == "protest" and scores["political_violence"] >= 1.0:
        label = "political_violence"  # a protest with clashes, stones or fire is a riot
    if label == "political_violence" and not _lead_tells_violence(view, events, claims, kinds):
        label = "other"  # violence only further down: a report on something else that recalls it
    first = next((e for e in events if e.in_headline), None)  # a foiled robbery is still what the report is about
    opens_with = _headline_opens_with(first, kinds)
    if label == "political_violence" and opens_with == "crime_accident" and first.kind in CRIMES:
        label = "crime_accident"  # «إحباط سرقة سيارة نقل أموال … وإصابات بين أفراد الشرطة»: a robbery first
    elif label == "crime_accident" and opens_with == "political_violence" \
            and scores["political_violence"] >= min_evidence:
        label = "political_violence"  # «الداخلية تضبط 7 متورطين جدد في أحداث الشغب»: the riot first, thefts in it
    about_words = (_headline_about_words(view, events, kinds) or (
        label == "political_violence" and _headline_quotes_a_speaker(view, events, kinds))) \
        and not _counts_before(claims, _headline_end(view.doc))
    ruling = _headline_tells_a_verdict(view, events)
    about_words = about_words or ruling
    if about_words and label == "crime_accident" and (ruling or _headline_tells_a_trial(events)):
        about_words = False  # a court case about a crime is the crime's (relevance-dev's labels say so)
    about_words = about_words or _reviews_the_press(view)
    if scores[label] < min_evidence or about_words:
        label = "other"
    if label == "other" and not about_words and scores["other"] < min_evidence:
        label = _lead_figures_label(view, events, claims, kinds, armed) or label
    total = sum(scores.values()) or 1.0
    return {"label": label, "score": round(scores[label] / total, 3),
            "scores": {k: round(v, 2) for k, v in scores.items()}}


ACCIDENTS = frozenset({"accident", "disaster"})  # no one's act: a crash, a fire, a flood


def _lead_figures_label(view, events, claims, kinds, armed: bool) -> str | None:
    """What the lead's figures make of a report with no subject of its own: an accident's, when the lead tells of one
    that happened and of no violence (soldiers killed when their helicopter crashed; a headline's toll, its crash
    told in the next sentence); else an armed party's fight, told without an event word (دروع بشرية); else nothing.
    A figure recalled further down tells of no event."""
    lead_end = _lead_end(view)
    if not any(not getattr(c, "background", False) and c.sentence < lead_end for c in claims):
        return None
    lead = [e for e in events if e.first < lead_end and e.happened]
    if any(e.kind in ACCIDENTS for e in lead) \
            and not any(kinds[e.kind]["relevance"] == "political_violence" for e in lead):
        return "crime_accident"
    return "political_violence" if armed else None


DRILL_FIRE = frozenset({"shelling", "air_strike", "armed_clash"})  # the fire a military exercise stages


def _in_a_drill(view, event, drills) -> bool:
    """Is the event told within the settings' drill_reach words of a military exercise's word, before or after it
    («أطلقت الدبابات صواريخ خلال المرحلة الأخيرة من المناورات»)? A clause break between them (فيما، بينما) tells
    another happening. `drills`: the exercise events by sentence (only the event's own sentence is looked at)."""
    reach = settings.current().events.drill_reach
    for drill in drills.get(event.sentence, ()):
        lo, hi = min(drill.first, event.first), max(drill.first, event.first)
        if view.word_distance(lo, hi) <= reach and first_between(view.clause_breaks, lo, hi) is None:
            return True
    return False


def _counts_before(claims, end: int) -> bool:
    """Is a figure of the story (not a war's total) told before token `end`: in the headline («تقرير: مقتل 10 في
    هجوم على قاعدة»), in the lead?"""
    return any(c.sentence < end and not c.background for c in claims)


def _headline_opens_with(first, kinds) -> str | None:
    """The relevance of the first event the headline tells of (what the report is about comes first). An arrest, a
    raid, an attack or an abduction is crime's as often as political violence's: it says neither."""
    if first is None or (kinds[first.kind]["armed"] == "yes" and kinds[first.kind]["relevance"] == "political_violence"):
        return None
    return kinds[first.kind]["relevance"]


def _lead_end(view) -> int:
    """The token after the report's lead: its first sentences, at least its first Settings.events.lead_words words."""
    return max(view.doc.lead_end(), view.after_words(settings.current().events.lead_words))


def _lead_tells_violence(view, events, claims, kinds) -> bool:
    """A report of political violence tells it first: in its headline or lead (its first sentences, at least its
    first Settings.events.lead_words words) there is an act of violence that happened, a riot or clash, or a figure
    of the dead or wounded (news is written as an inverted pyramid; an analysis, a statement or a trial recalls
    violence further down)."""
    lead_end = _lead_end(view)
    if any(e.first < lead_end and e.happened and kinds[e.kind]["relevance"] == "political_violence" for e in events):
        return True
    return _counts_before(claims, lead_end)


def _headline_tells_a_trial(events) -> bool:
    return any(e.kind in COURT for e in events if e.in_headline)


def _headline_tells_a_verdict(view, events) -> bool:
    """The headline opens with a court's ruling («محكمة الجنح تقضي ببراءة 8 متهمين في أحداث الشغب»، «براءة 8
    متهمين في أحداث …»): the report is the court's; the events it names are its case, and a court rules weeks or
    years after them."""
    first = next((e for e in events if e.in_headline), None)
    return (first is not None and first.kind == "verdict") or view.word(view.next_word(0)) in HEADLINE_VERDICTS


def _reviews_the_press(view) -> bool:
    """The headline or first sentence says the report reviews other papers («تناولت الصحف البريطانية الصادرة صباح
    السبت …»، «صحف العالم: …»): a press review, whose events are the papers' stories told second-hand, days late and
    from countries apart. It reports no event of its own (rasd/data/press_review.tsv)."""
    doc = view.doc
    end = doc.sentences[2].tok_start if len(doc.sentences) > 2 else len(doc.tokens)
    if PAPER_FORMS.isdisjoint(doc.tokens[:end]):
        return False  # most reports: no word of the opening is a paper's
    for tok in range(end):
        if view.is_form_of(tok, PRESS["papers"]) and (
                view.form_within(tok, -PRESS_REACH, PRESS["covering"])
                or view.form_within(tok, PRESS_REACH, PRESS["issued"])
                or (tok == view.next_word(0) and _colon_within(view, tok, PRESS_REACH))):
            return True
    return False


def _colon_within(view, tok: int, words: int) -> bool:
    """Does a colon follow `tok` before `words` more words («صحف: …»، «صحف العالم: …»)?"""
    seen = 0
    for at in range(tok + 1, len(view.doc.tokens)):
        if view.doc.tokens[at] == ":":
            return True
        seen += view.is_word(at)
        if seen >= words:
            return False
    return False


def _state_site_in_sentence(view, event) -> bool:
    """An attack, a siege or a raid on a police station or a ministry is political (هجوم على قسم شرطة)."""
    sentence = view.doc.sentence_of(event.first)
    return first_between(view.fact("state sites", _state_sites), sentence.tok_start, sentence.tok_end) is not None


def _state_sites(view) -> list[int]:
    """The tokens where a police station or a state building is named (sites.tsv), in order."""
    return sorted(hit.first for hit in view.hits("sites") if hit.entry.get("kind") in ("state", "police"))


def _headline_about_words(view, events, kinds) -> bool:
    """The headline tells of a statement, a report or a trial and of no act of violence or protest, or opens with
    a statement whose object is the violence (بان كي مون يدين تفجيرات دمشق، العفو الدولية تدعو إلى …): the report
    is about words said of events, not the events (يدين، تقرير، محاكمة)."""
    headline = [e for e in events if e.weight >= settings.current().events.headline_weight]
    told = [kinds[e.kind]["relevance"] for e in headline]
    if headline and headline[0].kind == "statement" and _pos(view, headline[0]) == "verb":
        return True  # «بان كي مون يدين تفجيرات دمشق»; not a label such as «تقرير: مقتل 10 في هجوم»
    return "other" in told and not {"political_violence", "protest", "crime_accident"} & set(told)


HEADLINE_TOPICS = word_sets("headline_labels")["topic"]  # أزمة، العنف، الحرب: a topic label opens with them
HEADLINE_VERDICTS = word_sets("headline_labels")["verdict"]  # براءة، إدانة: a court's ruling opens with them
COURT = frozenset({"trial", "verdict"})
PRESS = word_sets("press_review")  # papers: صحف; covering: تناولت، اهتمت، جولة; issued: الصادرة
PRESS_REACH = 2  # words between the papers and the word that makes them a review's subject


def _forms(stems: frozenset) -> frozenset:
    """Every word that is a form of `stems` (View.is_form_of): a stem, with a proclitic before it or none and a noun
    suffix after it or none."""
    return frozenset(prefix + stem + suffix for prefix in ALL_PREFIXES for stem in stems for suffix in NOUN_SUFFIXES)


PAPER_FORMS = _forms(PRESS["papers"])


def _headline_quotes_a_speaker(view, events, kinds) -> bool:
    """The headline gives a speaker's words («فرنسا: لا توجد أدلة …»، «الاندبندنت: …»): a few words, a colon, what
    they said; and what they said tells of no act of violence or protest that happened and counts nothing. The
    report is about the statement («المرصد: معارك عنيفة في دمشق» and «زوما: مقتل 13 جنديا» tell of events, and
    stay theirs)."""
    end = _headline_end(view.doc)
    tokens = view.doc.tokens
    colon = next((t for t in range(min(end, settings.current().events.speaker_words + 1)) if tokens[t] == ":"),
                 None)
    if colon is None or colon == 0 or view.word(0) in HEADLINE_TOPICS:
        return False  # «أزمة سوريا: …» is a topic label, no speaker
    if any(colon < tok < end for tok in view.number_starts) or any(
            view.get(tok, "predicates") is not None and _modality(view, tok) not in NOT_HAPPENED
            for tok in view.tagged_in(colon + 1, end)):
        return False  # it counts, or tells of deaths and wounds (مقتل، يقتلون، إصابة), not of their denial
    return not any(e.first < end and e.happened and kinds[e.kind]["relevance"] in ("political_violence", "protest")
                   for e in events)  # before the colon too: «تجدد الاشتباكات في طرابلس: …» is a topic, no speaker


def _between_private_people(view, event) -> bool:
    """Are all the sides a clash names private people (citizens, residents: the civilians role), with none of an
    armed party or a state force among them?"""
    sides = [side for side in _arguments(view, event, _side_mentions(view, view.doc.sentence_of(event.first)))
             if side is not None]
    return bool(sides) and all(side.get("role") == "civilians" for side in sides)


def _armed_context(view) -> bool:
    """The report names an armed group or an army, or counts soldiers or fighters (the police alone are in
    crime stories as much as in political violence). Worked out once per document (relevance, event records)."""
    return view.fact("armed context", _find_armed_context)


def _find_armed_context(view) -> bool:
    if any(getattr(c, "role", None) in ("military", "fighters") and not _unnamed_attackers(c) for c in view.doc.claims):
        return True
    rows = parties()
    for hit in view.hits("actors"):
        party = hit.entry.get("id")
        if party in ("army", "soldiers"):
            return True
        row = rows.get(party)
        if row and row["role"] in ("military", "fighters"):
            return True
    return any(h.entry["class"] in GUNMEN for h in view.hits("nouns"))  # مسلحون، إرهابيون، مقاتلون


def _unnamed_attackers(claim) -> bool:
    """Attackers of no named side («قيام 3 ملثمين باختطاف طفلة») are coded as fighters, but name no armed party: a
    kidnapping gang as well as an armed group."""
    return claim.category == "attackers" and claim.party == "unknown"


ARGUMENT_WORDS = word_sets("event_arguments")  # target: على، ضد، استهدف; between: بين; by: شنه، على يد
def _kinds_by_word(sets: dict[str, frozenset]) -> dict[str, tuple[str, ...]]:
    """{word: the kinds whose set holds it}, one lookup a word where a walk would try every set."""
    kinds: dict[str, tuple[str, ...]] = {}
    for kind, words in sets.items():
        for word in words:
            kinds[word] = kinds.get(word, ()) + (kind,)
    return kinds


ARGUMENT_KINDS = _kinds_by_word(ARGUMENT_WORDS)
# {word: the kinds of argument words it is a form of, with or without its proclitics}, once per word in a process
ARGUMENT_MARKS = WordMemo(lambda word: tuple({kind: None for form in (word, *BARE_FORMS[word])
                                              for kind in ARGUMENT_KINDS.get(form, ())}))
UNIDENTIFIED = ARGUMENT_WORDS["unidentified"]
UNIDENTIFIED_FORMS = _forms(UNIDENTIFIED)  # every word View.is_form_of(tok, UNIDENTIFIED) holds for
CITING = frozenset(normalize_term(row["term"]) for row in read_rows("citing", user_folders=False))  # بحسب، قال


def _side_mentions(view, sentence) -> tuple[list[int], list[tuple[int, dict]]]:
    """The sides a sentence names: armed groups and state forces (actors.tsv, parties.tsv), and people by their class
    (مسلحون: fighters; جنود: soldiers), as their tokens in order and (token, {"party", "role"}) of each. Worked out
    once per sentence (the relevance and the event records ask for it)."""
    by_sentence = view.fact("side mentions", _by_sentence)
    mentions = by_sentence.get(sentence.tok_start)
    if mentions is None:
        mentions = by_sentence[sentence.tok_start] = _find_side_mentions(view, sentence)
    return mentions


def _by_sentence(view) -> dict:
    """{a sentence's first token: its side mentions}, for the sentences asked for so far."""
    return {}


def _sides_by_token(view) -> tuple[list[int], dict[int, dict]]:
    """The tokens where the document names a side, in order, and each one's side: an actor of parties.tsv where
    one starts, else people of a class with a role."""
    roles, rows = class_roles(), parties()
    sides: dict[int, dict] = {}
    for noun in view.hits("nouns"):
        role = roles.get(noun.entry["class"])
        if role:
            sides[noun.first] = {"party": None, "role": role}
    for actor in view.hits("actors"):
        row = rows.get(actor.entry.get("id"))
        if row is not None:
            sides[actor.first] = {"party": row.get("party") or actor.entry["id"], "role": row.get("role") or None}
    return sorted(sides), sides


def _find_side_mentions(view, sentence) -> tuple[list[int], list[tuple[int, dict]]]:
    toks, sides = view.fact("sides by token", _sides_by_token)
    found = [(tok, sides[tok]) for tok in toks[bisect.bisect_left(toks, sentence.tok_start):
                                               bisect.bisect_left(toks, sentence.tok_end)]]
    merged = []  # «مسلحو حركة الشباب»: people of a class and the party right after them are one side
    for tok, side in found:
        if merged and merged[-1][1]["party"] is None and side["party"] is not None \
                and view.word_distance(merged[-1][0] + 1, tok) == 0:
            merged[-1] = (merged[-1][0], {"party": side["party"], "role": side["role"] or merged[-1][1]["role"]})
        else:
            merged.append((tok, side))
    return [tok for tok, _ in merged], merged


def _by_unidentified(view, event) -> bool:
    """Does the event's sentence say that unknown people acted (مجهولون، مجهولين: event_arguments.tsv)?"""
    sentence = view.doc.sentence_of(event.first)
    return not UNIDENTIFIED_FORMS.isdisjoint(view.tokens[sentence.tok_start:sentence.tok_end])


def _first_citing(view, lo: int, hi: int) -> int | None:
    """The first token in [lo, hi) that cites a source (بحسب، قال: citing.tsv). Only the window's tokens are read: a
    window is a few words after an event, a document hundreds."""
    window = view.tokens[lo:hi]
    if CITING.isdisjoint(window):
        return None  # most windows
    return lo + next(i for i, word in enumerate(window) if word in CITING)


def _pos(view, event) -> str | None:
    """verb, noun or phrase: the event word's part of speech (events.tsv)."""
    hit = view.get(event.first, "events")
    return hit.entry.get("pos") if hit is not None else None


def _arguments(view, event, mentions) -> tuple[dict | None, dict | None]:
    """(actor1, actor2) of an event: who acts and who is acted upon. Arabic puts the subject after the verb
    («هاجم مسلحون حاجزا»), a target after على or ضد, both sides of a clash after بين; a side named right before
    a verb acts («مسلحون يهاجمون»), not one before a noun («قتل 8 مدنيين في انفجار»: its victims). `mentions`:
    the sentence's _side_mentions."""
    toks, named = mentions
    if not named:
        return None, None  # a sentence that names no side
    reach = settings.current().events.argument_reach
    window = range(event.end, event.end + 3 * reach)
    beyond = view.after_words(view.word_distance(0, event.end) + reach) + 1  # a side starts at most reach words after the event
    after = named[bisect.bisect_left(toks, event.end):bisect.bisect_left(toks, beyond)]
    if after:  # the window's words that end the sides are looked for only where there is a side to end
        said = view.first_start("speech", window.start, window.stop)
        cited = _first_citing(view, window.start, window.stop)
        stop = cited if said is None else said if cited is None else min(said, cited)
        if stop is not None:
            after = [(t, m) for t, m in after if t < stop]  # «… بحسب الشرطة»: the source, not a side
    if not after:
        return _agent_before(view, event, mentions), None
    marks, tokens = {}, view.tokens
    for tok in range(event.end, after[-1][0]):
        for kind in ARGUMENT_MARKS[tokens[tok]]:
            marks.setdefault(kind, tok)
    if "between" in marks:
        sides = [m for t, m in after if t > marks["between"]]
        if len(sides) >= 2:
            return sides[0], sides[1]
    target_at = marks.get("target")
    agent = next((m for t, m in after if t > marks["by"]), None) if "by" in marks else None
    target = next((m for t, m in after if t > target_at), None) if target_at is not None else None
    annexed = after[0] if view.word_distance(event.end, after[0][0]) == 0 else None
    if annexed is not None and _pos(view, event) == "noun" and event_kinds()[event.kind].get("annexed") == "target":
        if target is None:
            target = annexed[1]  # «اعتقال عناصر التنظيم»: those arrested, not who arrested them
        after = [(t, m) for t, m in after if t != annexed[0]]
    if agent is None and after:
        toll = view.first_start("predicates", window.start, window.stop)  # «أسفر عن مقتل 3 من الجيش»
        agent = next((m for t, m in after if (target_at is None or t < target_at) and (toll is None or t < toll)),
                     None)
    if agent is None:
        agent = _agent_before(view, event, mentions)
    if target is None and target_at is None and "by" not in marks:  # verb, subject, object: the side after the subject
        at = next((i for i, (_, m) in enumerate(after) if m is agent), None)
        target = after[at + 1][1] if at is not None and at + 1 < len(after) else None
    return agent, (target if target is not agent else None)


def _agent_before(view, event, mentions) -> dict | None:
    """The side named right before a verb, which acts («مسلحون يهاجمون سجنا»); none before a noun."""
    if _pos(view, event) != "verb":
        return None
    toks, named = mentions
    at = bisect.bisect_left(toks, event.first) - 1  # the nearest side before it: no word between, if any is
    return named[at][1] if at >= 0 and view.word_distance(toks[at] + 1, event.first) == 0 else None


def event_records(doc: Document) -> list[dict]:
    """The events as records. Where people protest, or no armed party is named (clashes of a crowd with the police),
    clashes are a riot's (ACLED's Violent demonstration). Where nobody protests, a riot's weapon thrown by unknown
    people («ألقى مجهولون زجاجة مولوتوف على مدرسة») is an attack by an unidentified group, as ACLED codes it: a
    riot is a crowd's."""
    kinds = event_kinds()
    protesting = any(kinds[e.kind]["relevance"] == "protest" for e in doc.events)
    criminal = any(e.kind in CRIMES for e in doc.events)  # «تبادل لإطلاق النار بين الشرطة وتجار مخدرات»
    view = view_of(doc)
    crowd = protesting or not (_armed_context(view) or criminal)
    records, sentence, mentions = [], None, None
    for e in doc.events:
        coded = kinds["riot"] if e.kind == "armed_clash" and crowd else kinds[e.kind]
        if e.kind == "riot" and not protesting and _by_unidentified(view, e):
            coded = kinds["attack"]
        if e.sentence != sentence:  # the events of a sentence come together
            sentence, mentions = e.sentence, _side_mentions(view, doc.sentence_of(e.first))
        actor1, actor2 = _arguments(view, e, mentions)
        records.append({"kind": e.kind, "event_type": coded["event_type"] or None,
                        "sub_event_type": coded["sub_event_type"] or None, "actor1": actor1, "actor2": actor2,
                        "modality": e.modality, "evidence": doc.evidence(e.start, e.stop)})
    return records
