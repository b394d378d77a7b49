"""Claims stage: turn number mentions into claims — what is counted (category), who (subject), how many (value,
qualifier), who says so (claimed_by, via, skeptical) and the evidence span — and drop what is not a claim."""
from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .numbers import VAGUE_INTERVALS, NumberMention
from .tagger import match_span

LEFT_WINDOW = 5      # words between a predicate and the number after it
RIGHT_WINDOW = 8     # words between the counted noun and a predicate after it
COMPLEMENT_WINDOW = 10
CONTRACT_GROUPS = {"isis", "sdf", "asayish", "coalition", "turkey", "syrian_government"}
SPEAKER_OF_KIND = {"state": "officials", "media": "media", "anonymous": "anonymous", "medical": "medical",
                   "witnesses": "witnesses", "reporter": "outlet", "sohr": "sohr"}
ARMED_CLASSES = {"member", "fighter", "militant"}


@dataclass
class Claim:
    category: str
    subject: str
    value: int | None
    qualifier: str
    claimed_by: str
    start: int                 # normalised span of the evidence
    end: int
    via: list = field(default_factory=list)
    skeptical: str | None = None
    sentence: int = 0
    date: str | None = None
    upper: int | None = None   # value_max of a range ("بين 30 و35")

    @property
    def interval(self) -> tuple[int | None, int | None]:
        low, high = claim_interval(self.value, self.qualifier)
        return low, self.upper if self.upper is not None else high


def claim_interval(value, qualifier):
    """The contract's [min, max] for a value and qualifier (None = unbounded)."""
    if qualifier in VAGUE_INTERVALS:
        return VAGUE_INTERVALS[qualifier]
    if qualifier == "approx":
        return int(0.85 * value), -(-int(115 * value) // 100)
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "at_least":
        return value, None
    if qualifier == "less_than":
        return 0, max(value - 1, 0)
    return value, value


class _View:
    """Per-document lookups the claim rules share: which lexicon entry sits at which token."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.at: dict[int, dict] = {}          # token -> {lexicon: (match, entry, first, end)}
        for match in doc.matches:
            first, end = match_span(doc, match)
            for entry in match.entries:
                self.at.setdefault(first, {}).setdefault(entry.lexicon, (match, entry, first, end))
        self.words = [i for i, t in enumerate(doc.tokens) if t[0].isalnum()]

    def get(self, tok, lexicon):
        return self.at.get(tok, {}).get(lexicon)

    def is_word(self, tok):
        return tok < len(self.doc.tokens) and self.doc.tokens[tok][0].isalnum()

    def word_distance(self, a, b):
        """Number of word tokens in [a, b)."""
        return sum(1 for t in range(a, b) if self.is_word(t))

    def suffix(self, match):
        text, end = self.doc.text, match.end
        while end < len(text) and text[end].isalnum():
            end += 1
        return text[match.end:end]


def extract_claims(doc: Document) -> None:
    view = _View(doc)
    speakers = _speakers_by_token(doc, view)
    claims, seen = [], {}
    for mention in doc.numbers:
        claim = _claim_for(doc, view, mention, speakers, claims)
        if claim is None:
            continue
        key = (claim.category, claim.subject, claim.value, claim.qualifier)
        if key in seen:
            kept = seen[key]
            if claims[kept].claimed_by == "outlet" and claim.claimed_by != "outlet":
                claims[kept] = claim  # a headline repeats a figure that the body attributes
            continue
        seen[key] = len(claims)
        claims.append(claim)
    doc.claims = claims


# ---------------------------------------------------------------------------------------------------------------
# Is this number a count of people?

def _not_a_count(doc, view, m: NumberMention) -> bool:
    tokens = doc.tokens
    prev_tok = tokens[m.tok_start - 1] if m.tok_start > 0 else ""
    next_tok = tokens[m.tok_end] if m.tok_end < len(tokens) else ""
    if m.kind == "digits":
        digits = tokens[m.tok_start]
        if len(digits) >= 6 or (len(digits) > 2 and digits.startswith("0")) or m.value == 0:
            return True  # phone numbers, codes
        if next_tok[:1].isdigit() or prev_tok[:1].isdigit():
            return True  # groups of a phone number
        if 1900 <= m.value <= 2100 and not _person_noun_at(view, m.tok_end):
            return True  # a year
        line_start = m.start == 0 or doc.text[:m.start].rstrip(" \t*-ـ").endswith("\n") or not doc.text[:m.start].strip(" \t*-")
        if line_start and next_tok in ("_", "-", ")", ".", ":", "/"):
            return True  # a list number
        if next_tok == ":" and m.tok_end + 1 < len(tokens) and tokens[m.tok_end + 1][:1].isdigit():
            return True  # a time, 10:30
    if m.kind == "words" and _number_word_with_article(doc, view, m):
        return True
    if _date_near(doc, view, m):
        return True
    if view.get(m.tok_start - 1, "timewords") and view.get(m.tok_start - 1, "timewords")[1]["kind"] == "clock":
        return True
    return False


def _number_word_with_article(doc, view, m):
    """الستة in المراكز الستة is an adjective, not a count; the noun before it must be a person noun."""
    hit = view.get(m.tok_start, "numbers")
    if not hit or "ال" not in hit[0].prefix or any(e.article for e in hit[0].entries):
        return False
    return not _person_noun_at(view, _prev_word(view, m.tok_start))


def _number_word_with_article_prefix(view, m):
    match = view.get(m.tok_start, "numbers")[0]
    return "ال" in match.prefix and not any(e.article for e in match.entries)


def _date_near(doc, view, m):
    after = m.tok_end
    if after < len(doc.tokens) and doc.tokens[after] == "من":
        after += 1
    if view.get(after, "months"):
        return True
    before = _prev_word(view, m.tok_start)
    if before is not None and (view.get(before, "months") or view.get(before, "weekdays")):
        return True
    if before is not None and doc.tokens[before] in ("يوم", "الـ", "ال") and view.get(after, "months"):
        return True
    return False


def _prev_word(view, tok):
    tok -= 1
    while tok >= 0 and not view.is_word(tok):
        tok -= 1
    return tok if tok >= 0 else None


def _next_word(view, tok):
    while tok < len(view.doc.tokens) and not view.is_word(tok):
        tok += 1
    return tok if tok < len(view.doc.tokens) else None


def _person_noun_at(view, tok):
    return tok is not None and (view.get(tok, "nouns") is not None)


# ---------------------------------------------------------------------------------------------------------------
# The counted noun, the predicate, the qualifier, the subject

@dataclass
class _Counted:
    noun: object | None        # nouns Entry
    noun_first: int
    noun_end: int
    count_predicate: object | None  # a predicate that is itself the noun (قتلى، رهائن)
    nonperson: bool


def _counted_noun(doc, view, m: NumberMention) -> _Counted:
    if m.kind == "dual":
        hit = view.get(m.noun_tok, "nouns")
        return _Counted(hit[1], hit[2], hit[3], None, False)
    if m.kind == "words" and _number_word_with_article_prefix(view, m):
        before = _prev_word(view, m.tok_start)
        hit = view.get(before, "nouns")
        return _Counted(hit[1], hit[2], hit[3], None, False) if hit else _Counted(None, m.tok_end, m.tok_end, None, True)
    tok = _next_word(view, m.tok_end)
    if tok is not None and doc.tokens[tok] == "من" and tok == m.tok_end:
        tok = _next_word(view, tok + 1)
    if tok is None:
        return _Counted(None, m.tok_end, m.tok_end, None, False)
    if view.get(tok, "hedges"):
        tok = _next_word(view, view.get(tok, "hedges")[3]) or tok
    pred = view.get(tok, "predicates")
    noun = view.get(tok, "nouns")
    if pred and pred[1]["pos"] == "count":
        return _Counted(noun[1] if noun else None, tok, pred[3], pred, False)
    if noun:
        return _Counted(noun[1], tok, noun[3], None, False)
    if view.get(tok, "nonperson") or view.get(tok, "months") or view.get(tok, "numbers"):
        return _Counted(None, tok, tok + 1, None, True)
    actor = view.get(tok, "actors")
    if actor:
        return _Counted(None, tok, actor[3], None, False)
    return _Counted(None, m.tok_end, m.tok_end, None, False)


def _find_predicate(doc, view, m, counted, sentence):
    """(predicate hit, side) nearest the number in its sentence, preferring the one that governs it directly."""
    if counted.count_predicate:
        return counted.count_predicate, "noun"
    left, left_dist = None, None
    tok = m.tok_start - 1
    while tok >= sentence.tok_start:
        hit = view.get(tok, "predicates")
        if hit and hit[3] <= m.tok_start:
            left, left_dist = hit, view.word_distance(hit[3], m.tok_start)
            break
        if view.get(tok, "speech") and view.get(tok, "speech")[1]["kind"] == "say":
            break
        tok -= 1
    if left and left_dist > LEFT_WINDOW:
        left = None
    if left and left_dist <= 2:
        return left, "left"
    right, right_dist = None, None
    start = max(counted.noun_end, m.tok_end)
    for tok in range(start, sentence.tok_end):
        if view.word_distance(start, tok) > RIGHT_WINDOW:
            break
        hit = view.get(tok, "predicates")
        if hit and hit[1]["pos"] != "noun" or hit and hit[1]["category"] == "attackers":
            right, right_dist = hit, view.word_distance(start, tok)
            break
        if view.get(tok, "speech") and view.get(tok, "speech")[1]["kind"] in ("say", "reset"):
            break
    if left and (not right or left_dist <= right_dist):
        return left, "left"
    if right:
        return right, "right"
    return None, None


def _blocked_by_modality(doc, view, m, pred):
    """Attempted, foiled, denied, feared, planned, negated events are not claims."""
    lo = min(pred[2], m.tok_start)
    hi = max(pred[3], m.tok_end)
    if _attempt_governs(doc, view, pred):
        return True
    for tok in range(max(lo - 4, 0), hi):
        hit = view.get(tok, "modality")
        if not hit:
            continue
        kind = hit[1]["kind"]
        if kind == "may":
            nxt = doc.tokens[tok + 1] if tok + 1 < len(doc.tokens) else ""
            before = doc.tokens[tok - 1] if tok else ""
            if nxt[:1] in ("ي", "ت", "ن") and before not in ("كان", "كانت", "وكان", "وكانت"):
                return True
            continue
        if kind == "negated" and pred[2] - tok > 2:
            continue
        if kind in ("idiom",):
            continue
        return True
    return False


def _attempt_governs(doc, view, pred):
    """محاولة العشرات من نسوة التنظيم … الفرار: an attempt word governs the next predicate however far it is."""
    sentence = doc.sentence_of(pred[2])
    for tok in range(pred[2] - 1, max(sentence.tok_start, pred[2] - 40) - 1, -1):
        if view.get(tok, "predicates") and view.get(tok, "predicates")[3] <= pred[2]:
            return False
        hit = view.get(tok, "modality")
        if hit and hit[1]["kind"] in ("attempted", "foiled"):
            return view.word_distance(hit[3], pred[2]) <= 15
    return False


def _qualifier(doc, view, m, counted):
    if m.vagueness != "exact":
        return m.vagueness, None
    if m.upper is not None:
        return "at_least", None  # a range: at least the lower bound, value_max the upper
    tok = _prev_word(view, m.tok_start)
    for distance in range(3):
        if tok is None:
            break
        hit = _hedge_ending_at(view, tok)
        if hit and hit[1]["position"] == "before" and (distance == 0 or hit[1]["qualifier"] == "approx"):
            return hit[1]["qualifier"], hit[2]
        tok = _prev_word(view, tok)
    end = max(m.tok_end, counted.noun_end)
    for tok in range(m.tok_end, min(end + 4, len(doc.tokens))):
        hit = view.get(tok, "hedges")
        if hit and hit[1]["position"] == "after":
            return hit[1]["qualifier"], hit[3]
        if view.get(tok, "predicates") and tok >= end:
            break
    return "exact", None


def _hedge_ending_at(view, tok):
    for first in range(tok, max(tok - 5, -1), -1):
        hit = view.get(first, "hedges")
        if hit and hit[3] == tok + 1:
            return hit
    return None


def _subject(doc, view, m, counted, pred, speaker, sentence, earlier):
    noun = counted.noun
    cls = noun["class"] if noun else None
    actor, nationality, complement_noun = _complement(doc, view, counted, m, sentence)
    if complement_noun is not None and (cls in (None, "member", "fighter", "person", "other")):
        noun, cls = complement_noun, complement_noun["class"]
    own = _own_group_pronoun(view, counted, speaker)
    if cls == "child":
        return "minors"
    if _of_them(doc, view, m) and earlier:
        return earlier[-1].subject  # اعتقل عدد منهم: part of the group counted before
    if cls == "other" and not actor:
        same = [c for c in earlier if c.sentence == sentence.tok_start]
        if same:
            return same[-1].subject  # وإصابة ثلاثة آخرين: others of the group just counted
    if cls in ("detainee", "captive"):
        if actor == "isis":
            return "isis_detainees"
        if actor:
            return actor
        same = [c for c in earlier if c.sentence == sentence.tok_start and c.category == pred[1]["category"]]
        return same[-1].subject if same else noun["subject"]
    if cls in ("woman", "family"):
        return "isis_families" if actor == "isis" else ("civilians" if cls == "woman" else noun["subject"])
    if cls in ("civilian", "staff"):
        if cls == "staff" and _mentions(doc, view, counted.noun_end, counted.noun_end + 3, "سجن"):
            return "prison_staff"
        return noun["subject"]
    if actor:
        return actor
    if nationality:
        return nationality
    if own:
        return own
    if noun and noun["subject"]:
        return noun["subject"]
    nearby = _actor_before(doc, view, m.tok_start, sentence, pred)
    if nearby:
        return nearby
    return "fighters" if cls in ARMED_CLASSES else "people"


def _of_them(doc, view, m):
    nxt = doc.tokens[m.tok_end] if m.tok_end < len(doc.tokens) else ""
    return doc.text[m.start:m.end].endswith("منهم") or nxt in ("منهم", "منهن")


def _complement(doc, view, counted, m, sentence):
    """Actor, nationality and person noun that qualify the counted noun: right after it (عناصر داعش، جنديا
    تركيا), through من (عشرة مقاتلين من قوات سوريا…) or restated further on (… من أسرى التنظيم)."""
    actor = nationality = noun = None
    start = max(counted.noun_end, m.tok_end)
    for tok in range(start, sentence.tok_end):
        distance = view.word_distance(start, tok)
        if distance > COMPLEMENT_WINDOW:
            break
        pred = view.get(tok, "predicates")
        if pred and tok > start and pred[1]["pos"] != "count":
            break
        if view.get(tok, "speech") or (tok > m.tok_end and any(n.tok_start == tok for n in doc.numbers)):
            break
        hit = view.get(tok, "actors")
        linked = bool(hit) and (distance <= 2 or _after_min(doc, view, tok) or _after_min_noun(doc, view, tok))
        if hit and hit[1]["kind"] == "group" and actor is None and linked:
            actor = hit[1]["id"]
        elif hit and hit[1]["kind"] == "nationality" and nationality is None and distance <= 1:
            nationality = hit[1]["id"]
        elif hit and hit[1]["kind"] == "state" and actor is None and distance <= 3:
            actor = hit[1]["id"]
        n = view.get(tok, "nouns")
        if n and noun is None and distance <= 3:
            noun = n[1]
        if actor:
            break
    return actor, nationality, noun


def _after_min(doc, view, tok):
    prev = _prev_word(view, tok)
    return prev is not None and doc.tokens[prev] == "من" or _lam_preposition(view.get(tok, "actors")[0].prefix)


def _lam_preposition(prefix):
    """The proclitic ل (to, of): لقسد، للتنظيم، ولوكالة."""
    return prefix.endswith("لل") or (prefix[:-2] if prefix.endswith("ال") else prefix).endswith("ل")


def _after_min_noun(doc, view, tok):
    prev = _prev_word(view, tok)
    if prev is None or not view.get(prev, "nouns"):
        return False
    before = _prev_word(view, prev)
    return before is not None and doc.tokens[before] == "من"


def _own_group_pronoun(view, counted, speaker):
    """اثنين من جنوده: the speaker's own people, when the speaker is a group."""
    if speaker is None or speaker[0] in ("outlet", "media", "anonymous", "officials", "witnesses", "medical",
                                          "sohr"):
        return None
    candidates = [counted.noun_first] if counted.noun is not None else []
    after = _next_word(view, counted.noun_end)
    if after is not None and view.doc.tokens[after] == "من":
        candidates.append(_next_word(view, after + 1))
    for tok in candidates:
        hit = view.get(tok, "nouns") if tok is not None else None
        if hit and view.suffix(hit[0]) in ("ه", "ها", "هم"):
            return speaker[0]
    return None


def _mentions(doc, view, lo, hi, word):
    return any(word in doc.tokens[t] for t in range(lo, min(hi, len(doc.tokens))))


def _actor_before(doc, view, tok, sentence, pred):
    """The nearest group actor or group-marked person noun before `tok` in its sentence (or the sentence before).
    Before an active verb or verbal noun the actor is its agent, not the people counted, so look no further back."""
    lo = max(0, sentence.tok_start - 60)
    if pred[0] is not None and pred[1]["pos"] in ("verb", "noun") and pred[2] < tok:
        lo = pred[3]
    for t in range(tok - 1, lo - 1, -1):
        hit = view.get(t, "actors")
        if hit and hit[1]["kind"] == "group":
            return hit[1]["id"]
        n = view.get(t, "nouns")
        if n and n[1]["class"] == "detainee" and t >= sentence.tok_start:
            following = view.get(_next_word(view, n[3]) or n[3], "actors")
            if following and following[1]["id"] == "isis":
                return "isis_detainees"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Attribution

def _speakers_by_token(doc, view):
    """For every speech cue, in text order: (token, kind, (speaker id, via list)). Implicit speakers ("وأضافت")
    inherit the last named speaker of the document."""
    cues = []
    last = None
    for sentence in doc.sentences:
        for tok in range(sentence.tok_start, sentence.tok_end):
            hit = view.get(tok, "speech")
            if not hit:
                continue
            kind = hit[1]["kind"]
            if kind in ("reset", "reset_soft", "skeptical"):
                cues.append((tok, kind, None, hit))
                continue
            if kind == "statement":  # في بيان صادر عن X names X; a bare "in a statement" names no one
                speaker = _actor_after(doc, view, hit[3], sentence, last, 4)
                cues.append((tok, "say" if speaker else kind, speaker, hit))
                last = speaker or last
                continue
            speaker = _resolve_speaker(doc, view, hit, sentence, last, kind)
            if speaker is None and kind == "say":
                speaker = last
            if speaker is not None and kind == "say":
                last = speaker
            cues.append((tok, kind, speaker, hit))
    return cues


def _resolve_speaker(doc, view, hit, sentence, last, kind):
    """(id, via) of the speaker a speech cue names, after it (VSO) or, for a say cue, just before it (SVO)."""
    found = _actor_after(doc, view, hit[3], sentence, last, 4 if kind == "say" else 5)
    if found is None and kind == "say":
        found = _actor_before_cue(doc, view, hit[2], sentence, last)
    return found


def _actor_after(doc, view, tok, sentence, last, window):
    start = tok
    for t in range(tok, sentence.tok_end):
        if view.word_distance(start, t) > window:
            return None
        if doc.tokens[t] in ("أن", "ان", "إن", "بأن", "بان", "انه", "أنه"):
            return None
        hit = view.get(t, "actors")
        if hit and not _lam_preposition(hit[0].prefix):  # قال لوكالة X: X is the addressee, not the speaker
            return _speaker_from(doc, view, hit, sentence, last)
        if view.get(t, "predicates") or view.get(t, "numbers"):
            return None
    return None


def _actor_before_cue(doc, view, tok, sentence, last):
    for t in range(tok - 1, max(sentence.tok_start, tok - 8) - 1, -1):
        hit = view.get(t, "actors")
        if hit and hit[3] <= tok:
            return _speaker_from(doc, view, hit, sentence, last)
        if view.get(t, "predicates") or view.get(t, "speech"):
            return None
    return None


def _speaker_from(doc, view, hit, sentence, last):
    entry, end = hit[1], hit[3]
    kind = entry["kind"]
    following = _group_soon_after(doc, view, end, sentence, 3)
    if kind == "generic":
        if following:
            return following, []
        return last
    if kind in ("anonymous", "media") and following in CONTRACT_GROUPS:
        return following, []  # مصدر من التنظيم، وكالة "أعماق": the group speaks
    speaker = entry["id"] if kind == "group" else SPEAKER_OF_KIND.get(kind, "officials" if kind == "state" else None)
    if speaker is None:
        return None
    relayed = _relay_source(doc, view, end, sentence, last)
    if relayed:
        return relayed[0], [speaker] + relayed[1]
    return speaker, []


def _group_soon_after(doc, view, tok, sentence, window):
    start = tok
    for t in range(tok, sentence.tok_end):
        if view.word_distance(start, t) >= window:
            return None
        hit = view.get(t, "actors")
        if hit and hit[1]["kind"] == "group":
            return hit[1]["id"]
        if view.get(t, "predicates") or view.get(t, "speech"):
            return None
    return None


def _relay_source(doc, view, tok, sentence, last):
    """نقلت وكالة X عن شهود: X relays, the witnesses speak."""
    start = tok
    for t in range(tok, sentence.tok_end):
        if view.word_distance(start, t) > 4:
            return None
        if doc.tokens[t] == "عن":
            hit = view.get(_next_word(view, t + 1) or t + 1, "actors")
            if hit and hit[1]["kind"] != "generic":
                return _speaker_from(doc, view, hit, sentence, last)
            return None
        if view.get(t, "predicates") or view.get(t, "numbers"):
            return None
    return None


def _attribution(cues, m, sentence):
    """(claimed_by, via, skeptical term) for a number: the nearest say cue before it in its sentence (or the one
    in force across sentences), else a بحسب cue anywhere in the sentence, else the outlet."""
    say, according, skeptical = None, None, None
    for tok, kind, speaker, hit in cues:
        if tok >= sentence.tok_end:
            break
        if kind == "skeptical" and tok >= sentence.tok_start:
            skeptical = hit[1].term
        if tok < sentence.tok_start:
            continue
        if kind in ("reset", "reset_soft") and tok < m.tok_start:
            say = None if kind == "reset" else say
            if kind == "reset":
                according = None
        elif kind == "say" and tok < m.tok_start and speaker:
            say = speaker
        elif kind == "according" and speaker and (according is None or tok < m.tok_start):
            according = speaker
    if say:
        via = list(say[1])
        if according and according[0] != say[0]:
            via.append(according[0])
        return say[0], via, skeptical
    if according:
        return according[0], list(according[1]), skeptical
    return "outlet", [], skeptical


# ---------------------------------------------------------------------------------------------------------------

def _claim_for(doc, view, m, cues, earlier):
    if _not_a_count(doc, view, m):
        return None
    counted = _counted_noun(doc, view, m)
    if counted.nonperson:
        return None
    sentence = doc.sentence_of(m.tok_start)
    pred, side = _find_predicate(doc, view, m, counted, sentence)
    if m.vagueness == "some" and view.get(m.tok_start, "numbers")[1]["kind"] == "some_others":
        before = _prev_word(view, m.tok_start)
        if not any(c.sentence == sentence.tok_start for c in earlier) or before is None or not view.get(
                before, "predicates"):
            return None  # "وإصابة آخرين" counts only beside a figure it is "other" to
    if pred is None:
        if counted.noun is None or counted.noun["class"] not in ARMED_CLASSES or m.vagueness == "some":
            return None
        if any(view.get(t, "modality") and view.get(t, "modality")[1]["kind"] != "idiom"
               for t in range(sentence.tok_start, sentence.tok_end)):
            return None
        category = "attackers"  # a count of armed men with no event: the force that attacked
        pred = (None, {"category": category, "pos": "count"}, m.tok_start, m.tok_end)
    elif _blocked_by_modality(doc, view, m, pred):
        return None
    elif counted.noun is None and counted.count_predicate is None and side == "right" and not _follows_directly(view, m):
        return None
    qualifier, hedge_tok = _qualifier(doc, view, m, counted)
    claimed_by, via, skeptical = _attribution(cues, m, sentence)
    speaker = (claimed_by, via)
    subject = _subject(doc, view, m, counted, pred, speaker, sentence, earlier)
    lo_tok = min(t for t in (m.tok_start, pred[2] if pred[0] else m.tok_start, hedge_tok) if t is not None)
    hi_tok = max(t for t in (m.tok_end, counted.noun_end, pred[3] if pred[0] else m.tok_end) if t is not None)
    start, end = doc.tok_starts[lo_tok], doc.tok_ends[hi_tok - 1]
    value = m.value if m.vagueness == "exact" else None
    return Claim(pred[1]["category"], subject, value, qualifier, claimed_by, start, end, via, skeptical,
                 sentence.tok_start, upper=m.upper)


def _follows_directly(view, m):
    """A predicate after the number needs a counted person noun between them ("عدد من أحيائها اعتقلت")."""
    return False
