"""The predicate that says what happened to the people counted, and the modality that makes it no claim."""
from __future__ import annotations

import functools
from itertools import compress, repeat

from .. import settings
from ..document import COMMAS
from ..knowledge import armed_parties
from ..lexicon import PREFIXES_NO_ARTICLE, PROCLITICS, WA, word_sets
from ..normalize import normalize_term
from ..numbers import MAX_YEAR, MIN_YEAR
from ..view import NO_HITS, Hit, View, words
from .model import lexicon_starts

_WORDS = word_sets("claim_words")
_GOVERNING_PREPOSITIONS = _WORDS["governing_preposition"]  # من، على: تمكنوا من الفرار
_OBJECT_PREPOSITIONS = _WORDS["object_preposition"]        # عن، على: أفرجت عن 200
_OF = _WORDS["of"]

STATUS_CATEGORIES = {"held", "arrested"}  # count nouns that name a state (رهائن), which an event before them overrides
# so do displaced people («قتل المسلحون خمسة نازحين»), unless the word before is another figure's count noun
OVERRIDDEN_STATES = STATUS_CATEGORIES | {"displaced"}
FAR_MODALITIES = {"attempted", "foiled", "denied", "hypothetical", "feared", "planned"}
# modality words that leave a figure a claim: an idiom, a charge (a real event: «بتهمة قتل 9» counts nine dead), an
# event named as the cause of what is told («تداعيات الهجوم الذي أسفر عن مقتل 20»)
# requested, warrant and penalty block only as _modality_applies says
NOT_BLOCKING = frozenset({"idiom", "charged", "aftermath", "requested", "warrant", "done", "penalty"})


def find_predicate(view: View, m, counted, sentence) -> tuple[Hit | None, str | None]:
    """(predicate, side): the nearest predicate in the sentence, preferring the one that governs the number."""
    left, left_dist = _left_predicate(view, m, sentence)
    if counted.count_predicate:
        category = counted.count_predicate.entry["category"]
        if category in OVERRIDDEN_STATES and left and (category in STATUS_CATEGORIES or left.entry["pos"] != "count"):
            return left, "left"  # تحرير سبعة مختطفين، أفرجت حماس عن 3 رهائن: released, not held; «70 ألف قتيل
            #                      ومليون نازح»: another figure's noun tells nothing of the displaced
        if category in ("escaped", "wounded") and left and left_dist <= 2 and left.entry["pos"] != "count" \
                and left.entry["category"] != category and view.word(m.tok_end) in _OF:
            return left, "left"  # القبض على 6 من الهاربين، وفاة اثنين من المصابين: what happened to them then
        if category == "attackers":  # ثلاثة من المهاجمين اعتقلوا: a role, and what happened to them
            right, _ = _right_predicate(view, m, counted, sentence)
            if right is not None and right.entry["category"] != "attackers":
                return right, "right"
            if left is not None and left.entry["category"] != "attackers" \
                    and (left_dist <= 2 or _joined_to_a_figure(view, m)):
                return left, "left"  # «قتل ستة شرطيين و4 من المهاجمين»: killed too
        return counted.count_predicate, "noun"
    if left and (left_dist <= 2 or _toll_reaching(view, left, m)):
        return left, "left"
    right, right_dist = _right_predicate(view, m, counted, sentence)
    if left and (not right or left_dist <= right_dist):
        return left, "left"
    if right:
        return right, "right"
    return None, None




def _joined_to_a_figure(view, m) -> bool:
    """Is number `m` joined by و to a figure right before it (its number and counted noun), so that the predicate
    governing that figure governs it too?"""
    before = view.wa_before(m)
    return before is not None and any(view.number_ending_at(t) is not None
                                      for t in range(max(before - 2, 0), before + 1))


def _usable(view, hit, sentence):
    """A predicate that needs a word after it (لقي … مصرعهم، سلم … أنفسهم) only counts when that word follows; one
    whose meaning a word after it changes (فقد 5 أشخاص الاتصال: lost contact, not lost their lives) counts only
    when that word does not follow."""
    fields = hit.entry
    needs, unless = fields.get("needs"), fields.get("unless")
    if not needs and not unless:
        return True  # most predicates: no column to read as words
    needs, unless = _word_set(needs), _word_set(unless)
    after = range(hit.end, min(sentence.tok_end, hit.end + settings.current().claims.needs_window))
    if unless and any(map(view.is_form_of, after, repeat(unless))):
        return False
    return not needs or any(map(view.is_form_of, after, repeat(needs)))


@functools.cache
def normalized_term(term: str) -> str:
    """A lexicon term normalised like the text, worked out once per term."""
    return normalize_term(term)


@functools.cache
def _word_set(column: str | None) -> frozenset:
    return words(*column.split("|")) if column else frozenset()


def _left_predicate(view, m, sentence):
    last = m.tok_start - 1
    if last >= sentence.tok_start and not view.tagged(last) and view.is_one_of(last, _DID):
        return None, None  # «بعد قيام المئات بمحاصرة القسم»: the people after «قيام» did it; nothing before counts them
    for tok in reversed(view.tagged_in(_clause_start(view, m, sentence), m.tok_start)):  # a predicate, a speech
        hits = view.hits_at(tok)  # verb and a clause break are lexicon hits: no other token matters
        hit = hits.get("predicates")
        if hit and hit.end <= m.tok_start and _usable(view, hit, sentence):
            if hit.entry["pos"] == "count" and view.kind(hit.first, "nouns", "count") == "2":
                return None, None  # «تلقى جثتين وعالج 4»: a dual that is its own count governs no other number
            distance = view.word_distance(hit.end, m.tok_start)
            if hit.entry["pos"] != "count":
                distance -= _hedge_words_before(view, m)
            own_reach = hit.entry.get("reach")  # «قام شخصان … برشق»: its people right after it
            if own_reach:
                reach = int(own_reach)
            elif distance <= _shortest_reach(settings.current().claims):
                return hit, distance  # right before the number (most predicates): within any reach _left_reach gives
            else:
                reach = _left_reach(view, hit, m)
            return (hit, distance) if distance <= reach else (None, None)
        speech = hits.get("speech")
        if speech is not None and speech.entry.get("kind") == "say" or tok in view.clause_break_set:
            break  # «أصيبوا بينما كان الآلاف يتظاهرون»: a clause of its own begins
        if tok == last and view.is_one_of(tok, _DID):
            break
    return None, None


def _left_reach(view, hit, m) -> int:
    """How many words before number `m` the predicate `hit` (with no reach of its own) may stand."""
    windows = settings.current().claims
    reach = windows.left_window
    if hit.entry["pos"] in ("verb", "noun") and (_object_marked(view, m) or members_of(view, m)):
        reach = windows.object_window
    if hit.entry["pos"] == "count":  # a count noun governs what is next to it, or a figure of "عدد القتلى"
        reach = windows.count_phrase_window if _after_adad(view, hit.first) or _lists(view, hit) else 1
    if _toll_reaching(view, hit, m):
        reach = windows.toll_window
    return reach


def _shortest_reach(windows) -> int:
    """The least of the reaches _left_reach may give."""
    return min(1, windows.left_window, windows.object_window, windows.count_phrase_window, windows.toll_window)


def _clause_start(view, m, sentence) -> int:
    """The last «إن/أن» before number `m` in its sentence («قتلوا وإن 14 أصيبوا»: a clause of its own begins
    there), else the sentence's start."""
    lo = sentence.tok_start
    words = view.tokens[lo:m.tok_start]
    if THAT_FORMS.isdisjoint(words):
        return lo  # most sentences: a set operation, not a walk
    return list(compress(range(lo, m.tok_start), map(THAT_FORMS.__contains__, words)))[-1]


MEMBERSHIP = _WORDS["membership"]  # مؤلفة من، قوامها، تضم


_TO = _WORDS["toll_to"]  # إلى


def toll_head(view, tok) -> bool:
    """Is the word at `tok` the head of a toll (toll_heads.tsv: عدد، إجمالي، حصيلة, with any proclitic)? Whole
    words only: متعدد، تعدد are none."""
    return tok is not None and view.get(tok, "toll_heads") is not None


def _toll_reaching(view, hit, m) -> bool:
    """ارتفعت حصيلة التفجير الذي استهدف … مساء الأحد، إلى ثلاثة جنود: a toll governs the figure after its إلى."""
    if hit.match is None or view.word(view.prev_word(m.tok_start)) not in _TO:
        return False
    return (hit.entry.get("pos") == "noun" and toll_head(view, hit.first)) or (
        hit.entry.get("pos") == "count" and _after_adad(view, hit.first))  # ارتفاع عدد قتلاه في الكمين … إلى خمسة


def _hedge_words_before(view, m) -> int:
    """قتل ما لا يقل عن 40 شخصا: the hedge between the verb and the number is part of the number."""
    before = view.prev_word(m.tok_start)
    last = before or 0
    lo = max(last - 4, 0)
    if view.first_start("hedges", lo, last + 1) is None:
        return 0  # no hedge starts near: most numbers
    for first in reversed(view.tagged_in(lo, last + 1)):
        hit = view.get(first, "hedges")
        if hit and hit.end == (before or 0) + 1 and hit.entry["position"] == "before":
            return view.word_distance(hit.first, hit.end)
    return 0


def members_of(view, m):
    """خلية تابعة لداعش مؤلفة من 6 عناصر: the number counts the members of the noun the verb governs."""
    before = view.prev_word(m.tok_start)
    two = view.prev_word(before) if before is not None else None
    return view.word(before) in MEMBERSHIP or (two is not None and f"{view.word(two)} {view.word(before)}"
                                               in MEMBERSHIP)


COPULAS = _WORDS["copula"]  # لا يزالون، باتوا، كانوا


def _near_counted(view, hit) -> bool:
    """A count noun after the people counted names them only right after them, after بين (بين قتيل وجريح), or
    after a copula (لا يزالون فارين); not further on (… 450 مقاتلاً من أكاديمية «الشهيد»)."""
    before = view.prev_word(hit.first)
    return before is not None and (view.get(before, "nouns") is not None or before in view.number_starts
                                   or view.word(before) in _BETWEEN or view.word(before) in COPULAS)


def _object_marked(view, m):
    """The number (or its hedge) right after عن / على, the preposition that marks a verb's object."""
    before = view.prev_word(m.tok_start)
    for _ in range(3):
        if before is None:
            return False
        if view.word(before) in _OBJECT_PREPOSITIONS:
            return True
        if not (view.get(before, "hedges") or _inside_hedge(view, before)):
            return False
        before = view.prev_word(before)
    return False


def _inside_hedge(view, tok):
    lo = max(tok - 3, 0)
    if view.first_start("hedges", lo, tok + 1) is None:
        return False  # no hedge starts near: most words
    for first in reversed(view.tagged_in(lo, tok + 1)):
        hit = view.get(first, "hedges")
        if hit and hit.first <= tok < hit.end:
            return True
    return False


def _lists(view, hit) -> bool:
    """«القتلى يضمون جنديا وشخصين مدنيين»: a count noun followed by a verb of inclusion lists the people it counts."""
    after = view.next_word(hit.end)
    return after is not None and view.is_one_of(after, _INCLUDING)


def _after_adad(view, tok):
    """عدد القتلى، عدد الأسر النازحة، إجمالي النازحين: a count noun within two words after عدد or إجمالي."""
    if toll_head(view, tok):
        return True  # the predicate is itself "عدد القتلى"
    at = tok
    for _ in range(2):
        at = view.prev_word(at)
        if at is None:
            return False
        if toll_head(view, at):
            return True
    return False


def _right_predicate(view, m, counted, sentence):
    start = max(counted.end, m.tok_end)
    reach, words = settings.current().claims.right_window, view.tokens
    number_starts, hits_by_token = view.number_starts, view.hits_by_token
    among = False  # past «من بينهم»: what follows is a part of the people counted
    distance, after_a_word = 0, False  # the words in [start, tok), as view.word_distance counts them
    is_word = view.word_flags
    for tok in range(start, sentence.tok_end):
        distance += after_a_word
        if distance > reach:
            break
        word = words[tok]
        after_a_word = is_word[tok]
        among = among or word in _AMONG
        if tok in number_starts and _part_with_its_verb(view, view.number_starting_at(tok)):
            return None, None  # «خمسة أشخاص (ثلاثة منهم توفوا)»: the verb is the part's
        hits = hits_by_token.get(tok, NO_HITS)
        if not hits:  # no predicate and no speech verb here
            if word in THAT_FORMS:
                break
            continue
        hit = hits.get("predicates")
        if hit and hit.entry["pos"] == "count" and _counts_another(view, hit, m):
            continue  # «17 مدنيا … و15 جريحا»: the count noun is the 15's, not the 17's
        if hit and hit.entry["pos"] == "count" and _after_kin(view, hit):
            return None, None  # «المئات من أهالي القتيل»: the dead man's kin, not dead
        if hit and _usable(view, hit, sentence) and _right_reading(view, hit):
            if among and _singular_verb(view, hit):
                return None, None  # «12 ضابطا و25 شرطيا، من بينهم مساعد شرطة استشهد»: the part's own verb
            if _own_count_after(view, hit):
                return None, None  # «170 سجينا بعدما قتلوا شخصين»: the verb's own count follows it
            return hit, distance
        speech = hits.get("speech")
        if speech is not None and speech.entry.get("kind") in ("say", "reset") or word in THAT_FORMS:
            break  # "ضابطان لوكالة الأنباء إن خمسة …"، «… وأن القائد فر»: what follows إن is another clause
    return None, None


def _after_kin(view, hit) -> bool:
    """Is the count noun the genitive of a word of kin («أهالي القتيل»)?"""
    before = view.prev_word(hit.first)
    return before is not None and view.word(before) in _RELATIVES


def _counts_another(view, hit, m) -> bool:
    """Is the count noun the counted noun of another figure right before it («و15 جريحا»، «وعشرات الجرحى»)? «آخرين»
    before it is no figure of its own («ثلاثة حراس آخرين مصابين»)."""
    number = view.number_ending_at(hit.first - 1)
    return number is not None and number.vagueness != "some" and number.tok_start != m.tok_start


def _own_count_after(view, hit) -> bool:
    """Does a count start right after the predicate, with nothing between and no «و» on it (its object or subject:
    «بعدما قتلوا شخصين»، «أصيب 12 منهم»، «وتوفي اثنان منهم»)? «قتلوا وسبعين ألفا هجروا» joins another count; after
    a plural verb, which agrees with the people before it, «قتلوا 5 منهم أطفال» tells a part of them."""
    number = view.number_starting_at(hit.end)
    if number is None or _a_year(view, number):
        return False
    joined = view.get(number.tok_start, "numbers")
    if joined is not None and joined.match.prefix == WA:
        return False
    part = view.word(view.next_word(number.tok_end)) in _OF_THEM
    return not (part and plural_verb(view, hit))  # «20 مدنيا قتلوا 5 منهم أطفال»: the verb agrees with the 20


def _denies_that(view, hit) -> bool:
    """Is the denial's object a demonstrative standing alone («نفى ذلك،», «نفت ذلك وقالت»), not one that opens a
    noun phrase («نفى هذه الأنباء التي تحدثت عن مقتل 5 جنود»)?"""
    that = view.next_word(hit.end)
    if that is None or view.word(that) not in _DEMONSTRATIVES:
        return False
    after = that + 1
    return after >= len(view.tokens) or not view.is_word(after) or view.word(after).startswith(WA)


def _part_with_its_verb(view, number) -> bool:
    """«ثلاثة منهم توفوا»: a count of a part, «منهم», and its own predicate right after; «اثنان منهم أميركيان
    قتلوا» describes the part, and the verb after is the whole's."""
    of_them = view.next_word(number.tok_end)
    if view.word(of_them) not in _OF_THEM:
        return False
    return view.get(view.next_word(of_them + 1), "predicates") is not None


def _a_year(view, number) -> bool:
    return view.tokens[number.tok_start].isdecimal() and MIN_YEAR <= (number.value or 0) <= MAX_YEAR


_THAT = _WORDS["clause_that"]  # إن، بأن
THAT_FORMS = frozenset(prefix + word for prefix in PREFIXES_NO_ARTICLE for word in _THAT  # وإن، فإن
                        if PROCLITICS["ka"] not in prefix)  # كان is «was», الآن «now»: no article, no ك
_AMONG = _WORDS["among"]  # بينهم، ضمنهم
_RELATIVES = _WORDS["relatives"]  # أهالي، أقارب: «أهالي القتيل» are the dead man's kin
_OF_THEM = word_sets("number_context")["of_them"]  # منهم: a part of the people before follows
_DEMONSTRATIVES = _WORDS["demonstrative"]  # ذلك، هذا: «نفى ذلك»
_DID = _WORDS["did"]  # قام، قيام: the people right after it are its doers
_INCLUDING = _WORDS["including"]  # يضمون، تشمل: after a count noun, the people it lists
_CAUSATIVE = _WORDS["causative"]  # تهريب، تهجير، إطلاق سراح: its people are its object, after it
_PLURAL_ENDINGS = tuple(_WORDS["plural_verb_ending"])  # قتلوا، لقوا، قتلا: more than one person's verb
_MANY_ENDINGS = tuple(sorted(set(_PLURAL_ENDINGS) - _WORDS["dual_verb_ending"]))  # قتلوا، أصبن; not أصيبا


def plural_verb(view, hit) -> bool:
    """Is the predicate a verb of three people or more (قتلوا، أصيبوا، أصبن; not the dual أصيبا)?"""
    return hit.entry["pos"] in ("verb", "passive") and hit.match is not None \
        and view.word(hit.first).endswith(_MANY_ENDINGS)


def _singular_verb(view, hit) -> bool:
    """Is the predicate a verb of one person (استشهد، قتلت)?"""
    return hit.entry["pos"] in ("verb", "passive") and not view.word(hit.first).endswith(_PLURAL_ENDINGS)


_BETWEEN = _WORDS["between"]   # بين قتيل وجريح
_PEOPLE_PRONOUNS = _WORDS["people_pronoun"]  # مقتلهم
_IMPERFECT = tuple(sorted(_WORDS["imperfect_prefix"]))  # the first letter of an imperfect verb: قد يرتفع
_PAST_AUXILIARIES = _WORDS["past_auxiliary"]  # كان قد: a plain past
AGENT_MARKS = _WORDS["agent"]  # يد (على يد)، بأيدي: the doers follow it


def names_doers_after(view, hit) -> bool:
    """Is the predicate a phrase that names the doers after it («على يد»: its last word is an agent mark)? The
    people counted before it were acted on."""
    return hit.entry["category"] == "attackers" and view.word(hit.end - 1) in AGENT_MARKS


def _right_reading(view, hit):
    """After the counted people: a verb (they were killed), a count noun, or a verbal noun governed by من/على
    (تمكنوا من الفرار، أجبروا على النزوح); not a verbal noun that opens a new clause, nor a phrase that names the
    doers after it («على يد»: those before it were acted on)."""
    if names_doers_after(view, hit):
        return False  # «تعرض أحد الأعضاء للضرب على يد المحتجين»: he was beaten; the protesters did it
    if hit.entry["pos"] == "count" and hit.entry["category"] not in STATUS_CATEGORIES:
        return _near_counted(view, hit)
    if hit.entry["pos"] != "noun" or hit.entry["category"] == "attackers":
        return True
    if view.suffix(hit.match) in _PEOPLE_PRONOUNS:
        return True  # ما أدى إلى مقتلهم: the pronoun points back to the people counted
    if normalized_term(hit.entry.term) in _CAUSATIVE:
        return False  # «تمكن عشرات المواطنين من تهريب سجين»: those before it made someone else escape
    return view.word(view.prev_word(hit.first)) in _GOVERNING_PREPOSITIONS


def blocked_by_modality(view: View, m, pred: Hit) -> bool:
    """Attempted, foiled, denied, feared, planned, hypothetical or negated: not a claim."""
    if _governed_from_afar(view, pred) or _negated_alternative(view, pred):
        return True
    lo, hi = min(pred.first, m.tok_start), max(pred.end, m.tok_end)
    for tok in lexicon_starts(view, "modality", max(lo - 4, 0), hi):
        hit = view.get(tok, "modality")
        if _modality_applies(view, hit, tok, pred) \
                and not (hit.entry["kind"] == "denied" and _denies_that(view, hit)):
            return True
    return False


def _modality_applies(view, hit, tok, pred):
    kind = hit.entry["kind"]
    if kind == "may":  # قد + imperfect is "may"; كان … قد + perfect is a plain past
        return view.word(tok + 1).startswith(_IMPERFECT) and view.word(tok - 1) not in _PAST_AUXILIARIES
    if kind == "negated":  # the predicate within two words after the negation's last word («لم يكن هناك قتيل»),
        #                     unless an exceptive names who it did happen to («ليس هناك قتلى سوى ثلاثة جنود»)
        return 0 < pred.first - (hit.end - 1) <= 2 and not _exceptive_after(view, pred)
    if kind == "requested":
        return hit.end == pred.first  # «سرعة ضبط 23 متهما»: the act asked for, right after the word
    if kind == "warrant":  # «ضبط وإحضار 7 متهمين»: the word after the predicate names an order, unless «تم» says
        #                     it was carried out («تم ضبط وإحضار 5 متهمين»)
        return hit.first == pred.end and view.kind(view.prev_word(pred.first), "modality") != "done"
    if kind == "penalty":  # «بإعدام 21 متهما»: a court's penalty, unless told carried out or a field execution
        return hit.first == pred.first and not _carried_out(view, pred)
    return kind not in NOT_BLOCKING


EXCEPTIVES = _WORDS["exceptive"]  # سوى، إلا، باستثناء
DISJUNCTIONS = _WORDS["disjunction"]  # أو، ولا
NEGATION_REACH = 6  # words from a negation to an alternative it still governs: «ليس هناك قتيل واحد أو مصاب واحد»


def _negated_alternative(view, pred) -> bool:
    """Is the predicate an alternative («أو»، «ولا» right before it) to what a negation up to NEGATION_REACH words
    before it denies, with no punctuation or clause break between («ليس هناك قتيل واحد أو مصاب واحد»: no one
    wounded either; «لم يعرف عدد القتلى، أو …» is another clause)?"""
    # The walk back reaches the disjunction right before the predicate, then NEGATION_REACH words, all of them
    # words: no modality word starts there (most predicates), no negation to find.
    if view.first_start("modality", max(pred.first - NEGATION_REACH - 1, 0), pred.first) is None:
        return False
    at = view.prev_word(pred.first)
    if at is None or not view.is_one_of(at, DISJUNCTIONS):
        return False
    disjunction = at
    for _ in range(NEGATION_REACH):
        at = view.prev_word(at)
        if at is None or at in view.clause_break_set or not all(view.is_word(t) for t in range(at, pred.first)):
            return False
        hit = view.get(at, "modality")
        if hit is not None and hit.entry["kind"] == "negated":
            return _negates_a_toll(view, hit, disjunction) and not _exceptive_after(view, pred)
    return False


def _negates_a_toll(view, hit, disjunction: int) -> bool:
    """Does the negation govern a figure's predicate before the alternative, within its own reach («ليس هناك قتيل
    واحد أو …»، «لم يسقط قتيل …»), not another verb («ولم يعلق الجيش على الهجوم أو مقتل 5 من جنوده»)?"""
    return any(view.get(t, "predicates") is not None for t in range(hit.end, min(hit.end + 3, disjunction)))


def _exceptive_after(view, pred) -> bool:
    """Does an exceptive follow the predicate within three words («ليس هناك قتلى سوى ثلاثة»): it names whom the
    negated act did happen to."""
    return view.form_within(pred.end - 1, 3, EXCEPTIVES)


def _carried_out(view, pred) -> bool:
    """Is the act of `pred` told as done: a done word of modality.tsv or a did word of claim_words.tsv before it in
    its clause, within the settings' carried_out_window («تم إعدام»، «نفذت السلطات حكم الإعدام في»، «قامت الجماعة
    بإعدام»), an armed group there («أعلن التنظيم إعدام 3 رهائن»: no court sentences for it), or an execution on
    the spot (events.tsv attack)?"""
    if view.kind(pred.first, "events") == "attack":
        return True
    sentence_start = view.doc.sentence_of(pred.first).tok_start
    at = pred.first
    for _ in range(settings.current().claims.carried_out_window):
        at = view.prev_word(at)
        if at is None or at < sentence_start or at in view.clause_break_set:
            return False
        if view.kind(at, "modality") == "done" or view.is_one_of(at, _DID) or _armed_group_at(view, at):
            return True
    return False


def _armed_group_at(view, tok) -> bool:
    hit = view.get(tok, "actors")
    return hit is not None and hit.entry["kind"] == "group" and hit.entry["id"] in armed_parties()


def _governed_from_afar(view, pred):
    """محاولة العشرات من نسوة التنظيم … الفرار، نفت الوزارة الأنباء عن مقتل: the modality word governs the next
    predicate however far it is, within its sentence."""
    sentence = view.doc.sentence_of(pred.first)
    if pred.match is not None and pred.match.prefix.startswith(WA) and view.word(pred.first - 1) in COMMAS:
        return False  # "…، وأوقف ستة مهربين": a new clause, with an event of its own
    lo = max(sentence.tok_start, pred.first - 40)
    if view.first_start("modality", lo, pred.first) is None:
        return False  # no modality word before it: nothing governs it (most predicates)
    windows = settings.current().claims
    breaks = view.clause_break_set
    for tok in reversed(view.tagged_in(lo, pred.first)):  # every word it
        hits = view.hits_at(tok)  # looks for is a lexicon hit
        other = hits.get("predicates")
        if other and other.end <= pred.first or tok in breaks:
            return False  # another event's word, or «فيما»، «بينما»: a clause of another happening
        hit, speech = hits.get("modality"), hits.get("speech")
        if hit is None and speech is not None and speech.entry.get("kind") == "say" \
                and view.word(tok).startswith(WA):
            return False  # «… ربما الآلاف لجأوا، وقالت المنظمة إنها عالجت 4 أشخاص أصيبوا»: a new statement
        if hit and hit.entry["kind"] == "denied" and _denies_that(view, hit):
            return False  # «نفى ذلك، وقال إن اثنين قتلا»: the denial names its object and ends there
        if hit and hit.entry["kind"] in FAR_MODALITIES:
            reach = windows.denial_window if hit.entry["kind"] == "denied" else windows.governing_window
            return view.word_distance(hit.end, pred.first) <= reach
        if hit and hit.entry["kind"] == "may" and _modality_applies(view, hit, tok, pred):
            return view.word_distance(hit.end, pred.first) <= windows.governing_window
    return False
