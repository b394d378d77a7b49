"""Who is counted: the counted noun's class combined with the actor that qualifies it."""
from __future__ import annotations

from dataclasses import dataclass

from .predicates import members_of, toll_head
from .view import View, lam_preposition, words

COMPLEMENT_WINDOW = 10
ARMED_CLASSES = {"member", "fighter", "militant", "jihadist"}
JIHADIST_PARTIES = {"isis", "hts", "al_qaeda", "al_shabaab"}
NATIONAL_FORCES = {"turkey": "turkey", "coalition": "coalition", "syrian": "syrian_government"}  # their soldiers
ARMED_STATES = {"sdf", "coalition", "turkey", "syrian_government"}  # speakers whose "soldiers" are their own
CONTRACT_GROUPS = {"isis", "sdf", "asayish", "coalition", "turkey", "syrian_government"}
PARTIES = {"hts", "taliban", "al_qaeda", "hamas", "hezbollah", "houthis", "al_shabaab", "pmf", "rsf",
           "sudanese_army", "syrian_national_army"}
VOICES = {"outlet", "media", "anonymous", "officials", "witnesses", "medical", "sohr"}


@dataclass
class Complement:
    actor: str | None = None
    nationality: str | None = None
    noun: object | None = None   # nouns Entry


def subject(view: View, m, counted, pred, speaker, sentence, earlier) -> str:
    found = _subject(view, m, counted, pred, speaker, sentence, earlier)
    if found == "suspects" and pred is not None and pred.entry["category"] == "arrested" \
            and _jihadist_parties(view) == {"isis"}:
        return "isis"  # اعتقال 7 مطلوبين in an article about the IS: its suspected members
    if found in NATIONAL_ARMY:
        return ARMY_OF.get(view.country, found)  # استشهد 6 عسكريين في بادية السخنة: Syria's army
    return found


NATIONAL_ARMY = {"soldiers", "army"}
ARMY_OF = {"SY": "syrian_government"}  # the contract's ids for a country's own army


def _subject(view: View, m, counted, pred, speaker, sentence, earlier) -> str:
    noun = counted.noun
    cls = noun["class"] if noun else None
    same_sentence = [c for c in earlier if c.sentence == sentence.tok_start]
    if cls == "child":
        return "minors"
    wholes = [c for c in (same_sentence or earlier) if c.part_of is None]
    if (_of_them(view, m) or _others(view, m, cls, counted)) and wholes:
        return wholes[-1].subject  # اعتقل عدد منهم، وأصيب سبعة آخرون
    cell = _cell_party(view, m, sentence)
    if cell:
        return cell  # خلية تابعة لداعش مؤلفة من 4 أشخاص: the members of the party's cell
    comp = complement(view, counted, m, sentence)
    if (noun is None or cls == "casualty") and counted.count_predicate is not None and same_sentence \
            and comp.actor is None and comp.noun is None and view.wa_before(m) is not None:
        whole = [c for c in same_sentence if c.part_of is None] or same_sentence
        return whole[-1].subject  # 6 شهداء و5 جرحى: the same people, wounded
    if comp.noun is not None and cls in (None, "member", "fighter", "person", "other", "woman", "casualty"):
        noun, cls = comp.noun, comp.noun["class"]
    if comp.actor is None and comp.noun is None and noun is None:
        comp = _count_phrase_before(view, m, sentence) or comp
        if comp.noun is not None:
            noun, cls = comp.noun, comp.noun["class"]
    if noun is None and comp.actor is None and counted.count_predicate is not None \
            and counted.count_predicate.entry["category"] == "attackers":
        party = _other_party_before(view, m.tok_start, sentence, speaker)
        if party:
            return party  # قالت الأسايش إن … هجوم لخلايا داعش …، وإن مهاجمَين اثنين قُتلا: the attackers' party
    if noun is None and comp.actor is None and same_sentence:
        whole = [c for c in same_sentence if c.part_of is None] or same_sentence
        return whole[-1].subject  # قتل ثلاثة جنود أمريكيين وأصيب أكثر من 30 (not the part named between)
    return _combine(view, m, noun, cls, comp, pred, speaker, sentence, same_sentence, counted)


def _combine(view, m, noun, cls, comp, pred, speaker, sentence, same_sentence, counted):
    actor = comp.actor
    if cls == "child":
        return "minors"
    if cls in ("detainee", "captive"):
        if actor == "isis":
            return "isis_detainees"
        if actor:
            return actor
        same = [c for c in same_sentence if pred is not None and c.category == pred.entry["category"]]
        return same[-1].subject if same else noun["subject"]
    if cls in ("woman", "family"):
        if actor == "isis":
            return "isis_families"
        return "civilians"  # نساء، 200 عائلة نزحت: civilians, unless a party's
    if cls == "staff":
        return "prison_staff" if _in_sentence(view, sentence, "سجن") or _about_a_prison(view) else noun["subject"]
    if cls == "civilian":
        return noun["subject"]
    if actor and not (actor in ("army", "soldiers") and speaker and speaker[0] in ARMED_STATES):
        return actor
    if actor:
        return speaker[0]  # أعلنت وزارة الدفاع السورية مقتل 3 من عناصر الجيش: its own army
    if comp.nationality:
        return NATIONAL_FORCES.get(comp.nationality, comp.nationality)
    own = _own_group(view, counted, speaker)
    if own:
        return own
    if (cls == "soldier" or actor in ("army", "soldiers")) and speaker and speaker[0] in ARMED_STATES:
        return speaker[0]  # أعلنت وزارة الدفاع السورية مقتل 3 جنود / 3 من عناصر الجيش: its own soldiers
    if cls in ARMED_CLASSES:  # عنصر، مقاتل belong to a party named before; مسلحون، إرهابيون only to the IS
        nearby = _actor_before(view, m.tok_start, sentence, pred)
        if nearby and (cls not in ("militant", "jihadist") or nearby == "isis"):
            return nearby
        if cls == "jihadist" and _jihadist_parties(view) == {"isis"}:
            return "isis"  # the only jihadist party the article names: its "terrorists"
    if cls in (None, "person", "casualty") and (noun is None or noun["subject"] == "people") and pred is not None \
            and pred.entry["category"] in ("killed", "wounded") and _civilian_scene(view, sentence):
        return "civilians"  # قُتل تسعة أشخاص بضربة على سوق شعبي
    if noun is not None and noun["subject"]:
        return noun["subject"]
    nearby = _actor_before(view, m.tok_start, sentence, pred)
    if nearby:
        return nearby
    return "fighters" if cls in ARMED_CLASSES else "people"


def _civilian_scene(view, sentence) -> bool:
    """The people a sentence counts without saying who they are died where civilians are: the sentence names a
    market, a camp, homes…, or names no military target while the article names only civilian ones."""
    if not view.site_kinds:
        return False
    kinds = {h.entry["kind"] for h in view.hits("sites") if sentence.tok_start <= h.first < sentence.tok_end}
    return (kinds or view.site_kinds) == {"civilian"}


def complement(view: View, counted, m, sentence) -> Complement:
    """Actor, nationality and person noun that qualify the counted noun: right after it (عناصر داعش، جنديا
    تركيا), through من or في صفوف (عشرة مقاتلين من قوات سوريا…), or restated further on (… من أسرى التنظيم)."""
    comp = Complement()
    bare = counted.noun is None and counted.count_predicate is None  # 11 من قوات النظام: the party is the noun
    start = m.tok_end if bare else max(counted.end, m.tok_end)
    for tok in range(start, sentence.tok_end):
        distance = view.word_distance(start, tok)
        if distance > COMPLEMENT_WINDOW or _clause_ends(view, tok, start, m):
            break
        linked = _linked(view, tok, start)
        actor = view.get(tok, "actors")
        if actor and view.word(view.prev_word(tok)) in CAPTOR_MARKERS:
            actor = None  # محتجزين لدى قوات الدعم السريع: the captor, not the people held
        if actor and linked:
            kind = actor.entry["kind"]
            if kind in ("group", "state") and comp.actor is None and (kind == "group" or distance <= 3) \
                    and actor.entry["id"] not in VOICES:
                comp.actor = actor.entry["id"]
            elif kind == "nationality" and comp.nationality is None and distance <= 3:
                comp.nationality = actor.entry["id"]
        noun = view.get(tok, "nouns")
        if noun and comp.noun is None and linked and distance <= 3:
            comp.noun = noun.entry
        if comp.actor:
            break
    return comp


def _clause_ends(view, tok, start, m):
    pred = view.get(tok, "predicates")
    if pred and pred.entry["pos"] != "count":
        return True
    return bool(view.get(tok, "speech")) or (tok > m.tok_end and tok in view.number_starts)


def _linked(view, tok, start) -> bool:
    """Is the word at `tok` attached to the counted noun: adjacent to it, within three words after من / في صفوف /
    بين (من خلايا تنظيم الدولة، من عائلات عناصر التنظيم), or carrying ل (التابعين لقوات النظام)?"""
    distance = view.word_distance(start, tok)
    if distance <= 1:
        return True
    hit = view.get(tok, "actors") or view.get(tok, "nouns")
    if hit is not None and lam_preposition(hit.match.prefix) and distance <= 3:
        return True
    at = tok
    for _ in range(3):
        at = view.prev_word(at)
        if at is None or at < start:
            return False
        if view.word(at) in LINKING_WORDS:
            return True
        event = view.get(at, "predicates")
        if (event and event.entry["pos"] != "count") or view.get(at, "speech"):
            return False  # a verb between opens another clause; a count noun (من أسرى التنظيم) does not
    return False


def _count_phrase_before(view, m, sentence):
    """بلغ عدد الجرحى في صفوف المدنيين ٣٥ جريحاً: who is counted is named after عدد, before the number."""
    for tok in range(m.tok_start - 1, max(sentence.tok_start, m.tok_start - 12) - 1, -1):
        if toll_head(view, tok):  # بلغ عدد الجرحى في صفوف المدنيين، حصيلة شهداء الجيش … 6 شهداء
            comp = Complement()
            for t in range(tok + 1, m.tok_start):
                actor, noun = view.get(t, "actors"), view.get(t, "nouns")
                if actor and actor.entry["kind"] in ("group", "state", "nationality") and comp.actor is None \
                        and actor.entry["id"] not in VOICES:
                    comp.actor = actor.entry["id"]
                if noun and noun.entry["class"] != "other" and comp.noun is None:
                    comp.noun = noun.entry
            return comp if (comp.actor or comp.noun) else None
    return None


def _of_them(view, m):
    return view.doc.text[m.start:m.end].endswith("منهم") or view.word(m.tok_end) in ("منهم", "منهن")


CAPTOR_MARKERS = words("لدى", "بيد", "قبضة")
LINKING_WORDS = words("من", "صفوف", "بين", "بالانتماء", "لانتمائهم", "ينتمون", "المنتمين")
OTHERS = words("آخرين", "آخرون", "آخران", "أخريات")


def _others(view, m, cls, counted):
    """سبعة آخرون، أربعة عناصر آخرين: more of the people counted just before."""
    number = view.get(m.tok_start, "numbers")
    if cls == "other" or (number is not None and number.entry["kind"] == "some_others"):
        return True
    return cls in ARMED_CLASSES | {"person"} and view.word(counted.end) in OTHERS  # not مدنيين آخرين


def _own_group(view, counted, speaker):
    """اثنين من جنوده، عنصرين من قواتها: the people of the party the pronoun points to — the nearest party named
    before them in the sentence (مناطق سيطرة قسد … مقتل 13 من عناصرها), else the speaker when it is a party."""
    party = _pronoun_party(view, counted, speaker)
    if party is None:
        return None
    candidates = [counted.first] if counted.noun is not None else []
    after = view.next_word(counted.end)
    if view.word(after) == "من":
        candidates.append(view.next_word(after + 1))
    for tok in candidates:
        hit = view.get(tok, "nouns")
        if hit and view.suffix(hit.match) in ("ه", "ها", "هم"):
            return party
    return None


def _pronoun_party(view, counted, speaker):
    sentence = view.doc.sentence_of(counted.first)
    for t in range(counted.first - 1, sentence.tok_start - 1, -1):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and hit.entry["id"] in CONTRACT_GROUPS | PARTIES:
            return hit.entry["id"]
    return speaker[0] if speaker and speaker[0] not in VOICES else None


CELL_WORDS = words("خلية", "خلايا", "مجموعة", "شبكة")


def _cell_party(view, m, sentence):
    """The party of the cell whose members the number counts: "خلية تابعة لداعش مؤلفة من 4 أشخاص"."""
    if not members_of(view, m):
        return None
    cell = False
    for t in range(m.tok_start - 1, max(sentence.tok_start, m.tok_start - 8) - 1, -1):
        cell = cell or view.word(t) in CELL_WORDS
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and hit.entry["id"] in CONTRACT_GROUPS | PARTIES:
            return hit.entry["id"] if cell or any(view.word(b) in CELL_WORDS for b in range(
                max(sentence.tok_start, t - 3), t)) else None
    return None


def _other_party_before(view, tok, sentence, speaker):
    """The nearest party named before `tok` in the sentence that is not the speaker."""
    for t in range(tok - 1, sentence.tok_start - 1, -1):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and hit.entry["id"] in CONTRACT_GROUPS | PARTIES \
                and not (speaker and hit.entry["id"] == speaker[0]):
            return hit.entry["id"]
    return None


def _jihadist_parties(view) -> frozenset:
    return view.parties & JIHADIST_PARTIES


PRISON_WORDS = ("سجن", "نزلاء", "نزيل", "الاصلاح والتاهيل")  # مؤسسة الإصلاح والتأهيل: a prison in Libya


def _about_a_prison(view) -> bool:
    """The article's guards are a prison's when it names a prison (سجن، نزلاء) in its first lines."""
    text = view.doc.text
    end = text.find("\n", 300)
    opening = text if end < 0 else text[:end]
    return any(word in opening for word in PRISON_WORDS)


def _in_sentence(view, sentence, stem):
    return any(stem in view.tokens[t] for t in range(sentence.tok_start, sentence.tok_end))


def _actor_before(view, tok, sentence, pred):
    """The nearest party named before the number in its sentence (or just before it). Before an active verb or
    verbal noun the party is its agent, not the people counted, so look no further back than the predicate."""
    lo = max(0, sentence.tok_start - 60)
    if pred is not None and pred.match is not None and pred.entry["pos"] in ("verb", "noun") and pred.first < tok:
        lo = pred.end
    for t in range(tok - 1, lo - 1, -1):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group":
            return hit.entry["id"]
        noun = view.get(t, "nouns")
        if noun and noun.entry["class"] == "detainee" and t >= sentence.tok_start:
            following = view.get(view.next_word(noun.end), "actors")
            if following and following.entry["id"] == "isis":
                return "isis_detainees"
    return None
