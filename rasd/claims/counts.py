"""Is a number a count of people, and what is its counted noun?"""
from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import AFFIXES, ARTICLE, PROCLITICS, WA, word_sets
from ..numbers import MAX_YEAR, MIN_YEAR, YEAR_DIGITS, NumberMention
from ..view import View

_WORDS = word_sets("claim_words")
OF = _WORDS["of"]  # من: عشرة من المقاتلين، 23 من آذار
ONLY = _WORDS["only"]  # فقط: اثنين فقط من المقاتلين
COUNTABLE_NOUNS = {"wounded", "killed", "arrested"}  # 140 إصابة، 12 حالة وفاة، 30 اعتقالاً


class _Generic(dict):
    lexicon = "nouns"
    term = ""


GENERIC_PERSON = _Generic({"class": "person", "subject": "people", "count": ""})  # عشرة من المقاتلين، بينهم ثلاثة أطفال


@dataclass
class Counted:
    noun: object | None         # the nouns Entry of the counted noun, if a person noun
    first: int                  # its tokens
    end: int
    count_predicate: object | None = None  # a Hit: a noun that is itself the event (قتلى، جرحى، رهائن)
    nonperson: bool = False


def not_a_count(view: View, m: NumberMention) -> bool:
    """Phone numbers, years, list numbers, times, dates and adjectival number words are not counts."""
    if m.kind == "digits" and _not_a_count_digits(view, m):
        return True
    if m.kind == "words" and _adjectival(view, m) and not _person_noun_before(view, m):
        return True
    before = view.prev_word(m.tok_start)
    word_before = view.word(before)
    if (word_before in AGE_LINKS or word_before in AGES) and _age_before(view, before, word_before):
        return True  # «أعمارهم في العشرين»: an age, not a count
    if word_before in PARENTS and _parent_of(view, m):
        return True  # أم لخمسة أطفال: a mother of five, not five people counted
    hits_before = view.hits_at(before)  # a label, a month, a weekday or a clock word there is a lexicon hit
    label, clock = hits_before.get("nonperson"), hits_before.get("timewords")
    if ((label is not None and label.entry.get("kind") in LABELS) or _labelled_before(view, m)) \
            and not _people_after(view, m):
        return True  # المادة 4، اللواء 444، الفرقة 17، اللواءين 111 و115: a name, not a count («في القضية 12 شخصا» is)
    return _date_near(view, m, hits_before) or (clock is not None and clock.entry.get("kind") == "clock")


LABELS = frozenset({"label", "labels", "sum"})  # nonperson.tsv: a unit's or an article's name, one or two of them; a sum


def _labelled_before(view, m) -> bool:
    """Is the number the second of two that a dual label names («اللواءين 111 و115»): «و», a number, the label?
    After a singular one («من الكتيبة 17 وخمسة مدنيين») the second number counts people."""
    if not view.fact("dual labels", _names_dual_labels):
        return False  # most documents: no «اللواءين» at all
    joined = view.wa_before(m)
    first = view.number_ending_at(joined) if joined is not None else None
    return first is not None and view.kind(view.prev_word(first.tok_start), "nonperson") == "labels"


def _names_dual_labels(view) -> bool:
    """Does the document name two units or articles with one dual label (nonperson.tsv labels: «اللواءين»)?"""
    return any(hit.entry.get("kind") == "labels" for hit in view.hits("nonperson"))


AGES = _WORDS["age"]  # أعمارهم، عمره
AGE_LINKS = _WORDS["age_link"]  # في: «أعمارهم في العشرين»


def _age_before(view, before, word_before: str) -> bool:
    """Is an age word right before the number (`word_before`, at `before`), or before «في» right before it?"""
    if before is not None and word_before in AGE_LINKS:
        before = view.prev_word(before)
        word_before = view.word(before)
    return before is not None and word_before in AGES


PARENTS = _WORDS["parent"]  # أم، والد: أم لخمسة أطفال


def _parent_of(view, m) -> bool:
    """Is the number after a parent's word (`not_a_count` tests the word) written with ل (أم لخمسة أطفال)?"""
    number = view.get(m.tok_start, "numbers")
    prefix = number.match.prefix if number is not None else view.word(m.tok_start - 1)
    return prefix.endswith(PROCLITICS["li"])


def _not_a_count_digits(view, m):
    tokens = view.tokens
    digits = tokens[m.tok_start]
    prev_tok = tokens[m.tok_start - 1] if m.tok_start > 0 else ""
    next_tok = tokens[m.tok_end] if m.tok_end < len(tokens) else ""
    if digits.isdigit() and (len(digits) >= 6 or (len(digits) > 2 and digits.startswith("0"))) or m.value == 0:
        return True  # phone numbers and codes (61,722 is written as a figure)
    if next_tok[:1].isdigit() or prev_tok[:1].isdigit():
        return True  # a group of a phone number
    if (next_tok == "/" or prev_tok == "/") and _slashed_reference(view, m):
        return True  # «المحضر 1207/2012»، «السيارة 418/5530»: a record's or a plate's number
    if len(digits) == YEAR_DIGITS and view.kind(view.prev_word(m.tok_start), "timewords") == "year" \
            and not _people_after(view, m):
        return True  # «عام 1715»: a year, however long ago («حصيلة العام 4500 قتيل» is a count)
    if MIN_YEAR <= m.value <= MAX_YEAR and not view.get(m.tok_end, "nouns"):
        return True  # a year
    if next_tok in ("_", "-", ")", ".", ":", "/") and _opens_a_line(view, m.start):
        return True  # a list number
    if next_tok == ":" and view.word(m.tok_end + 1)[:1].isdigit():
        return True  # a time
    if prev_tok in ("-", "_") or next_tok in ("_",) or (next_tok == "-" and not view.get(m.tok_end + 1, "nouns")):
        return True  # 1- تعزيز الحراسة، 2- نقل …
    return False


def _opens_a_line(view, start: int) -> bool:
    """Does only space, «*» or «-» stand between the line's start (or the text's) and normalised offset `start`?
    The normalised text has no tatweel."""
    line_start, _ = view.line_of(start)
    return not view.doc.text[line_start:start].strip(" \t*-")


def _slashed_reference(view, m) -> bool:
    """Digits joined to other digits by a slash, either side, name a record («2528/2013») and count no one."""
    tokens = view.tokens
    after, before = m.tok_end, m.tok_start - 1
    if after + 1 < len(tokens) and tokens[after] == "/" and tokens[after + 1][:1].isdigit():
        return True
    return before >= 1 and tokens[before] == "/" and tokens[before - 1][:1].isdigit()


def _adjectival(view, m):
    """الستة in المراكز الستة: an article on a number word that is not itself an article term."""
    hit = view.get(m.tok_start, "numbers")
    return hit is not None and ARTICLE in hit.match.prefix and not any(e.article for e in hit.match.entries)


def _person_noun_before(view, m):
    return view.get(view.prev_word(m.tok_start), "nouns") is not None


def _date_near(view, m, hits_before):
    """Is a month right after the number (or after «من» after it: «23 من آذار»), or a month or a weekday the word
    before it (whose lexicon hits are `hits_before`)?"""
    after = m.tok_end
    if view.word(after) in OF:
        after += 1
    if view.get(after, "months"):
        return True
    weekday = hits_before.get("weekdays")
    if weekday and _people_after(view, m):
        return False  # «وسقط الأربعاء 17 قتيلا»: the day's toll, not the 17th
    return bool(hits_before.get("months") or weekday)


def _people_after(view, m) -> bool:
    """Is the number followed right away by its own noun of people or count noun («17 قتيلا»، «12 شخصا»), not one
    joined by «و» («اللواءين 111 و115 ومسلحين»)?"""
    hit = view.get(m.tok_end, "nouns") or _count_predicate_at(view, m.tok_end)
    return hit is not None and not hit.match.prefix.startswith(WA)


def counted_noun(view: View, m: NumberMention) -> Counted:
    if m.kind == "singular":
        hit = view.get(m.noun_tok, "nouns")
        return Counted(hit.entry, hit.first, hit.end) if hit else Counted(GENERIC_PERSON, m.tok_start, m.tok_end)
    if m.kind == "dual":
        hit = view.get(m.noun_tok, "nouns")
        role = _count_predicate_at(view, m.noun_tok)  # قتيلين، جريحان: a dual that is itself the event
        return Counted(hit.entry, hit.first, hit.end, count_predicate=role)
    if m.kind == "words" and (_adjectival(view, m) or _two_after_noun(view, m)):
        before = view.prev_word(m.tok_start)
        hit = view.get(before, "nouns")  # السيدات الثلاث، مدنيين اثنين
        role = _count_predicate_at(view, before)  # مهاجمين اثنين: a count noun with its event after it
        if role:
            return Counted(hit.entry if hit else None, role.first, role.end, count_predicate=role)
        if hit:
            return Counted(hit.entry, hit.first, hit.end)
        return Counted(None, m.tok_end, m.tok_end, nonperson=True)
    tok, after, words = view.next_word(m.tok_end), m.tok_end, view.tokens
    if tok == after and words[tok] in ONLY:
        after = tok + 1  # «اثنين فقط من متشددي الحركة»
        tok = view.next_word(after)
    if tok == after and words[tok] in OF:
        tok = view.next_word(tok + 1)
    if tok is None:
        return Counted(None, m.tok_end, m.tok_end)
    hedge = view.get(tok, "hedges")
    if hedge:
        tok = view.next_word(hedge.end) or tok
    return _noun_at(view, tok, m)


def _two_after_noun(view, m):
    """«مدنيين اثنين»: «اثنين» is the adjective of the noun before it, unless «من» and a noun of people follow it
    (partitive: «قتل مسلحون اثنين من الجنود» counts the soldiers)."""
    return view.tokens[m.tok_start] in _WORDS["two"] and not _partitive_after(view, m) \
        and not _noun_of_one_after(view, m) and (
            _person_noun_before(view, m) or _count_predicate_at(view, view.prev_word(m.tok_start)) is not None)


def _noun_of_one_after(view, m) -> bool:
    """«طفلين وأحد الجنود»، «وأحد رجال الشرطة»: a number word of one or two («واحد»، «اثنين») right before a noun
    of people (with no «و» of its own) counts that noun; it is no adjective of the noun before it («واحد» is «و»
    and «أحد»)."""
    hit = view.get(m.tok_end, "nouns")
    return hit is not None and hit.match.prefix in ("", ARTICLE)


def _partitive_after(view, m) -> bool:
    tok = view.next_word(m.tok_end)
    return tok is not None and view.word(tok) in OF and view.get(view.next_word(tok + 1), "nouns") is not None


def _count_predicate_at(view, tok):
    pred = view.get(tok, "predicates") if tok is not None else None
    return pred if pred is not None and pred.entry["pos"] == "count" else None


def _noun_at(view, tok, m):
    hits = view.hits_at(tok)
    if hits:
        counted = _tagged_noun_at(hits, tok, m)
        if counted is not None:
            return counted
    if _looks_counted(view, hits, tok, m):
        return Counted(GENERIC_PERSON, tok, tok + 1)
    return Counted(None, m.tok_end, m.tok_end)


def _tagged_noun_at(hits, tok, m) -> Counted | None:
    """What the lexicon hits at `tok` (`hits`) say is counted: a count noun, a person noun, no person or an
    actor."""
    pred = hits.get("predicates")
    noun = hits.get("nouns")
    if pred and (pred.entry["pos"] == "count" or pred.entry["pos"] == "noun" and tok == m.tok_end
                 and not pred.match.prefix and pred.entry["category"] in COUNTABLE_NOUNS):
        return Counted(noun.entry if noun else None, tok, pred.end, count_predicate=pred)
    if noun:
        return Counted(noun.entry, tok, noun.end)
    if hits.get("nonperson") or hits.get("months") or (hits.get("numbers") and tok != m.tok_start):
        return Counted(None, tok, tok + 1, nonperson=True)
    actor = hits.get("actors")
    if actor:
        return Counted(None, tok, actor.end)
    return None


def _looks_counted(view, hits, tok, m):
    """An unknown word in the accusative right after a number (مريضاً، بحاراً) is the counted noun: Arabic puts
    the counted noun of 11–99 in this form (`hits`: the lexicon hits at `tok`)."""
    word = view.tokens[tok]
    if hits.get("predicates") or hits.get("speech") or not word[0].isalpha() or tok != m.tok_end:
        return False
    after_thousands = view.tokens[m.tok_end - 1] in _WORDS["multiplier"]  # 12 ألف مسيحي
    return len(word) >= 4 and (word.endswith(AFFIXES["accusative"]) or after_thousands)
