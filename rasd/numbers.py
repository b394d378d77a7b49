"""Numbers in Arabic text: digits (Western or Eastern, glued to words or not), number words in any gender and case,
compounds (خمسة وعشرون، مئة وخمسون، ثلاثة آلاف), duals that carry a count (طفلين) and vague quantities (العشرات)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from . import settings
from .document import DIGIT_GROUP_MARKS, decimal_tokens, match_ending_at, match_of, match_span
from .lexicon import AFFIXES, ARTICLE, WA, read_rows, word_sets
from .match_loops import first_tokens_with
from .view import BARE_FORMS

VAGUE_INTERVALS = {"tens": (20, 99), "hundreds": (200, 999), "thousands": (2000, 9999), "some": (2, None)}


@dataclass
class NumberMention:
    tok_start: int         # token range [tok_start, tok_end) of the number itself
    tok_end: int
    start: int             # normalised char span
    end: int
    value: int | None      # None for a vague quantity
    vagueness: str         # "exact", or tens / hundreds / thousands / some
    kind: str              # digits, words, dual, vague
    noun_tok: int | None = None  # the token of a dual noun that is its own count
    upper: int | None = None     # the upper bound of a range "بين 30 و35"


def words_to_number(parts: list[tuple[int, str]]) -> int:
    """Value of a sequence of (value, kind) number words in text order, e.g. ثلاثة آلاف وخمسمئة وعشرون."""
    total, current = 0, 0
    previous_kind = None
    for value, kind in parts:
        if kind == "unit":
            current += value
        elif kind == "ten":
            current += 10  # عشرة alone, or the "-teen" of خمسة عشر
        elif kind == "tens":
            current += value
        elif kind == "hundred_mult":
            current = (current or 1) * 100 if previous_kind == "unit" else current + 100
        elif kind == "hundred":
            current += value
        elif kind == "thousand_mult":
            total += (current or 1) * 1000 if previous_kind in ("unit", "ten", "tens", "hundred", "hundred_mult") else 1000
            current = 0
        elif kind == "thousand":
            total += value
        elif kind == "million_mult":
            total = (total + current or 1) * 1_000_000
            current = 0
        previous_kind = kind
    return total + current


@settings.knowledge
def _spellings() -> dict[tuple[str, int], str]:
    """(spelling, value): the word numbers.tsv gives number_to_words for the value (cardinal, teen, plural)."""
    return {(row["spelling"], int(row["value"])): row["term"].strip()
            for row in read_rows("numbers", user_folders=False) if row["spelling"]}


def number_to_words(n: int) -> str:
    """Arabic words for 1 <= n <= 999999 (masculine counted noun form); used by property tests as the inverse."""
    spelled = _spellings()
    cardinal, teen, joined = (lambda v: spelled["cardinal", v]), spelled.get, " " + WA

    def below_thousand(k: int) -> list[str]:
        parts = []
        if k >= 100:
            parts.append(cardinal(k // 100 * 100))
        rest = k % 100
        if rest == 0:
            return parts
        if rest <= 10:
            parts.append(cardinal(rest))
        elif rest < 20:  # أحد عشر، اثنا عشر، ثلاثة عشر
            parts.append(teen(("teen", rest)) or f"{teen(('teen', rest - 10)) or cardinal(rest - 10)} "
                                                 f"{spelled['teen', 10]}")
        else:
            if rest % 10:
                parts.append(cardinal(rest % 10))
            parts.append(cardinal(rest // 10 * 10))
        return parts

    parts = []
    thousands, rest = divmod(n, 1000)
    if thousands in (1, 2):
        parts.append(cardinal(thousands * 1000))
    elif thousands > 2:
        parts.append(joined.join(below_thousand(thousands)) + " "
                     + (spelled["plural", 1000] if thousands <= 10 else cardinal(1000)))
    parts += below_thousand(rest)
    return joined.join(parts)


_MULTIPLIERS = {"ten", "hundred_mult", "thousand_mult", "million_mult"}
SCALES = {"thousand_mult": 1000, "million_mult": 1_000_000}  # digits times a multiplier word: 5 آلاف، 1.9 مليون
MAX_COUNT = 100_000_000
_VAGUE_KINDS = {"vague", "some", "some_others"}


def find_numbers(doc) -> None:
    """Number stage: every number mention in the document, in text order."""
    mentions = []
    done = 0  # tokens before this one belong to a mention already
    for tok in _candidate_tokens(doc):
        if tok < done:
            continue
        if doc.tokens[tok][0].isdecimal():
            mention = _digits(doc, tok)
            if mention:
                mentions.append(mention)
                done = mention.tok_end
            continue
        match, entry = match_of(doc, tok, "numbers")
        if entry is not None and match.entry("weekdays") is None:
            mention = _words(doc, tok)
            if mention:
                mentions.append(mention)
                done = max(mention.tok_end, tok + 1)
                continue
        match, entry = match_of(doc, tok, "nouns")
        if entry is not None and entry.get("count") and not _counted_by_number_before(doc, mentions, tok):
            first, end = match_span(doc, match)
            mentions.append(NumberMention(first, end, match.start, match.end, int(entry["count"]), "exact", "dual",
                                          noun_tok=first))
    mentions = [m for m in mentions if not _an_age(doc, m) and not _tens_of_an_ordinal(doc, m)]
    doc.numbers = sorted(_merge_ranges(doc, mentions) + _singulars_after_parts(doc, mentions)
                         + _one_of(doc, mentions),
                         key=lambda m: m.tok_start)


def _an_age(doc, mention) -> bool:
    """"مدنيا في الثلاثين من عمره": a number followed by من عمره is someone's age, not a count."""
    return " ".join(doc.tokens[mention.tok_end:mention.tok_end + 2]) in _WORDS["age"]



def _tens_of_an_ordinal(doc, mention) -> bool:
    """"في الثانية عشرة"، "بالحادية عشرة": «عشرة» after an ordinal of the units is the tens of the ordinal twelfth
    (an age, an hour)."""
    if mention.value != 10 or doc.tokens[mention.tok_start][0].isdecimal() or mention.tok_start == 0:
        return False
    return any(form in _WORDS["ordinal_unit"] for form in BARE_FORMS[doc.tokens[mention.tok_start - 1]])


_WORDS = word_sets("number_context")
PART_MARKERS, SINGULAR_PEOPLE = _WORDS["part"], _WORDS["singular"]
_RANGE_JOINS = frozenset({WA, "-"}) | _WORDS["range_to"]
_NO_DIGIT_GROUPS = str.maketrans("", "", DIGIT_GROUP_MARKS)  # each mark is one character


def _singulars_after_parts(doc, mentions) -> list[NumberMention]:
    """"قتل 5 أشخاص بينهم طفل": a single person named right after بينهم is a count of one."""
    tokens = doc.tokens
    markers = _indexes_before_last(tokens, PART_MARKERS)
    if not markers:
        return []
    taken = {t for m in mentions for t in range(m.tok_start, m.tok_end)}
    found = []
    for i in markers:
        if tokens[i + 1] in SINGULAR_PEOPLE and i + 1 not in taken:
            found.append(NumberMention(i + 1, i + 2, doc.tok_starts[i + 1], doc.tok_ends[i + 1], 1, "exact",
                                       "singular", noun_tok=i + 1))
    return found


def _indexes_before_last(tokens: list[str], words: frozenset) -> list[int]:
    """The indexes of the tokens but the last that are one of `words` (found in C: this looks at every token).
    Where the build compiled the tokenizer, rasd/_token_split.pyx's loop runs instead, with no call per token."""
    return list(compress(range(len(tokens) - 1), map(words.__contains__, tokens)))


PYTHON_INDEXES_BEFORE_LAST = _indexes_before_last  # which tests compare with the compiled one

try:
    from ._token_split import indexes_before_last as _indexes_before_last  # noqa: F811
except ImportError:
    pass


ONE_OF = _WORDS["one_of"]  # أحد، إحدى


def _one_of(doc, mentions) -> list[NumberMention]:
    """«قتل أحد الجنود»: one of a definite plural of people is a count of one."""
    tokens = doc.tokens
    candidates = _indexes_before_last(tokens, ONE_OF)
    if not candidates:
        return []
    taken = {t for m in mentions for t in range(m.tok_start, m.tok_end)}
    return [NumberMention(i, i + 1, doc.tok_starts[i], doc.tok_ends[i], 1, "exact", "words")
            for i in candidates
            if i not in taken and _definite_people_after(doc, i + 1)
            and not _owned(doc, i) and not _described_group(doc, i)]


def _definite_people_after(doc, tok) -> bool:
    """Definite people at `tok`: a definite plural («أحد الجنود»), people with an attached pronoun («أحد جنوده»،
    «إحدى بناتها») or in construct with a definite noun («أحد عناصر الشرطة»، «أحد أعضاء اللجان الشعبية»); «أحد
    المعابر» counts no one."""
    tokens = doc.tokens
    match, entry = match_of(doc, tok, "nouns")
    if entry is None:
        return False
    possessed = doc.text[match.end:doc.tok_ends[tok]] in PRONOUNS
    return possessed or tokens[tok].startswith(ARTICLE) or (tok + 1 < len(tokens) and tokens[tok + 1].startswith(ARTICLE))


PRONOUNS = frozenset(AFFIXES["pronoun"])  # ه، ها، هم


RELATIVE_PRONOUNS = word_sets("claim_words")["which"]  # الذين، اللذين، التي
OWN_VERB_REACH = 2  # tokens before «أحد» where its own verb stands («أفرج عن أحد الصحفيين الذين اختطفوا»)


def _described_group(doc, one) -> bool:
    """«إن أحد السائحين اللذين خطفا اتصل بعائلته»: a relative clause after the people of «أحد» (at `one`) whose verb
    tells what befell them all; the one picked out of them is not counted by it, unless a verb of its own comes
    before it («وتوفي أحد الجنود الذين أصيبوا»، «أفرج عن أحد الصحفيين الذين اختطفوا»)."""
    relative = one + 2
    return relative + 1 < len(doc.tokens) and doc.tokens[relative] in RELATIVE_PRONOUNS \
        and match_of(doc, relative + 1, "predicates")[1] is not None \
        and not any(match_of(doc, t, "predicates")[1] is not None for t in range(max(0, one - OWN_VERB_REACH), one))


GROUP_CLASSES = frozenset({"family"})  # nouns of a group of people: one of them is a group


def _after_people(doc, tok) -> bool:
    """Is the word before `tok` a noun of people or a count noun («إصابة ضابط واحد»، «حالة وفاة واحدة»)?"""
    before = tok - 1
    if before < 0:
        return False
    predicate, noun = match_ending_at(doc, before, "predicates"), match_ending_at(doc, before, "nouns")
    if noun is not None:
        return noun["class"] not in GROUP_CLASSES  # «من عائلة واحدة»: one family, not one person
    return predicate is not None and predicate["pos"] == "count"


def _owned(doc, tok) -> bool:
    """«عائلة أحد المختطفين»، «منزل أحد القادة»: one of them after a noun of people or things is its owner, not
    someone counted."""
    before = tok - 1
    return before >= 0 and any(match_of(doc, before, lexicon)[1] is not None for lexicon in ("nouns", "nonperson"))


NUMBER_STARTS = {"numbers": None, "nouns": "count"}  # a number word, or a noun that is its own count (a dual)


def _candidate_tokens(doc) -> list[int]:
    """Tokens that can start a number: digits, number words and duals (from the tag stage's matches)."""
    tokens = first_tokens_with(doc.matches, NUMBER_STARTS, doc.token_at)
    tokens.update(decimal_tokens(doc.tokens))
    return sorted(tokens)


def _merge_ranges(doc, mentions):
    """بين ستة وثمانية مسلحين / ما بين 30 و35: one mention from 6 up to 8."""
    merged = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.upper is None and previous.value is not None and mention.value
                and mention.value > previous.value
                and (previous.tok_start > 0 and doc.tokens[previous.tok_start - 1] in _WORDS["range"]
                     and _joined_by_wa(doc, previous, mention) or _bare_range(doc, previous, mention))):
            scale = _scale_at(doc, mention.tok_end - 1)
            if scale and previous.value < mention.value // scale:
                previous.value *= scale  # «بين أربعة وخمسة آلاف»: the multiplier of the second counts the first too
            previous.upper = mention.value
            previous.tok_end, previous.end = mention.tok_end, mention.end
            continue
        merged.append(mention)
    return merged


YEAR_DIGITS, MIN_YEAR, MAX_YEAR = 4, 1900, 2100  # a year written in digits


def _bare_range(doc, first, second) -> bool:
    """«بينهم 475 إلى 900 مدني»: two numbers joined by «إلى» are a range without «بين» too, unless «من» comes
    before the first («ارتفع عدد القتلى من 5 إلى 7»: the toll rose to 7)."""
    if doc.text[first.end:second.start].strip() not in _WORDS["range_to"]:
        return False
    if any(form in _WORDS["range_from"] for t in range(max(0, first.tok_start - 2), first.tok_start)
           for form in BARE_FORMS[doc.tokens[t]]):
        return False  # «من 5 إلى 7»، «ومن نحو 5 إلى 7»: a toll that rose
    if first.tok_end - first.tok_start == 1 and len(doc.tokens[first.tok_start]) == YEAR_DIGITS \
            and MIN_YEAR <= first.value <= MAX_YEAR:
        return False  # «منذ السابع من أكتوبر 2023 إلى 45 ألفا»: a date's year, then the toll it rose to
    noun = match_of(doc, second.tok_end, "nouns")[1] if second.tok_end < len(doc.tokens) else None
    return noun is not None  # people counted after the second: «475 إلى 900 مدني»; not «4 إلى 6 مستشفيات»


def _scale_at(doc, tok) -> int | None:
    """The scale of the multiplier word at `tok` (آلاف: 1000, مليون: 1,000,000), or None."""
    entry = match_of(doc, tok, "numbers")[1]
    return SCALES.get(entry["kind"]) if entry is not None else None


def _joined_by_wa(doc, first, second):
    between = doc.text[first.end:second.start].strip()
    return between in _RANGE_JOINS or (between == "" and doc.text[second.start - 1:second.start] == WA)


_RANK = {"unit": 1, "ten": 1, "tens": 2, "hundred": 3, "hundred_mult": 3, "thousand": 4, "thousand_mult": 4,
         "million_mult": 5}


def _may_follow(previous, following) -> bool:
    """خمسة وعشرون، مئة وخمسة، ألف ومئتان are one number; ستة وثمانية are two."""
    (_, prev_kind), (_, next_kind) = previous, following
    if prev_kind == "unit" and next_kind == "tens":
        return True
    return _RANK[prev_kind] >= 3 and _RANK[prev_kind] > _RANK[next_kind]


def _scaled_apart(doc, tok: int, so_far: int) -> bool:
    """«مليونين وثلاثة ملايين»: a multiplier at `tok`, after the part joined by و, whose scale the number before
    reaches already makes that part a number of its own (a range's second bound); «مئة وخمسة آلاف» is one."""
    scale = _scale_at(doc, tok) if tok < len(doc.tokens) else None
    return scale is not None and so_far >= scale and not any(scale < s <= so_far for s in SCALES.values())
    #      «مليونان وخمسمئة ألف»: thousands below the millions before them are one number


def _counted_by_number_before(doc, mentions, tok):
    """ثلاثة اجانب اثنان منهم اميركيان: a dual right after a number is that number's noun, not a new count."""
    if not mentions:
        return False
    between = doc.tokens[mentions[-1].tok_end:tok]
    return 0 <= tok - mentions[-1].tok_end <= 2 and all(t in _WORDS["of_them"] for t in between)


def _digits(doc, tok: int) -> NumberMention | None:
    token = doc.tokens[tok]
    decimal_mark = next((mark for mark in DECIMAL_MARKS if mark in token and not _is_grouped(token, mark)), None)
    if decimal_mark is not None:
        return _decimal_times_multiplier(doc, tok, decimal_mark)  # 1.9 مليون، 2,5 مليون; other decimals count no one
    digits = _ungrouped(token)
    if len(token) > 15 or not digits.isdecimal():
        return None  # a serial number, or digits int() cannot read
    value = int(digits)
    end = tok + 1
    # "5 آلاف" / "3 ألف": digits times a multiplier word
    match, entry = match_of(doc, end, "numbers")
    if entry is not None and entry["kind"] in SCALES and not match.prefix:
        value *= SCALES[entry["kind"]]
        end = match_span(doc, match)[1]
        rest = doc.tokens[end + 1] if end + 1 < len(doc.tokens) and doc.tokens[end] == WA else ""
        after = match_of(doc, end + 2, "numbers")[1]
        if rest.isdigit() and int(rest) < 1000 and not (after and after["kind"] in _MULTIPLIERS):  # 45 ألفاً و227
            value += int(rest)
            end += 2
    return NumberMention(tok, end, doc.tok_starts[tok], doc.tok_ends[end - 1], value, "exact", "digits")


def _ungrouped(token: str) -> str:
    return token.translate(_NO_DIGIT_GROUPS)


DECIMAL_MARKS = (".", ",")  # the Arabic decimal mark is normalised to "."


def _decimal_times_multiplier(doc, tok: int, mark: str = ".") -> NumberMention | None:
    token = doc.tokens[tok]
    match, entry = match_of(doc, tok + 1, "numbers")
    if entry is None or entry["kind"] not in SCALES or match.prefix \
            or token.count(mark) != 1 or not token.replace(mark, "").isdecimal():
        return None
    value = round(float(token.replace(mark, ".")) * SCALES[entry["kind"]])
    end = match_span(doc, match)[1]
    return NumberMention(tok, end, doc.tok_starts[tok], doc.tok_ends[end - 1], value, "exact", "digits")


def _is_grouped(token: str, sep: str) -> bool:
    groups = token.split(sep)
    return len(groups) > 1 and all(len(g) == 3 for g in groups[1:])


def _words(doc, tok: int) -> NumberMention | None:
    """A run of number words joined by و (or a multiplier), or one vague quantity."""
    match, entry = match_of(doc, tok, "numbers")
    first_end = match_span(doc, match)[1]
    entries = [e for e in match.entries if e.lexicon == "numbers"]
    numeric = [e for e in entries if e["kind"] not in _VAGUE_KINDS]
    if not numeric:
        vague = entries[0]
        return NumberMention(tok, first_end, match.start, match.end, None, vague["value"], "vague")
    parts = [(int(numeric[0]["value"]), numeric[0]["kind"])]
    end, last_end_char = first_end, match.end
    while end < len(doc.tokens):
        nxt, nxt_entry = match_of(doc, end, "numbers")
        if nxt_entry is None:
            break
        nxt_numeric = [e for e in nxt.entries if e.lexicon == "numbers" and e["kind"] not in _VAGUE_KINDS]
        if not nxt_numeric:
            break
        kind = nxt_numeric[0]["kind"]
        if nxt.prefix.startswith(WA):
            joined = _may_follow(parts[-1], (int(nxt_numeric[0]["value"]), kind)) \
                and not _scaled_apart(doc, match_span(doc, nxt)[1], words_to_number(parts))
        else:
            joined = kind in _MULTIPLIERS and not nxt.prefix
        if not joined:
            break
        parts.append((int(nxt_numeric[0]["value"]), kind))
        end = match_span(doc, nxt)[1]
        last_end_char = nxt.end
    vague = [e for e in entries if e["kind"] == "vague"]
    if len(parts) == 1 and parts[0][0] == 1 and not _after_people(doc, tok):
        return None  # واحد / واحدة alone is an adjective ("سيارة واحدة"), not a count; «ضابط واحد» is one
    if len(parts) == 1 and vague:  # آلاف alone is "thousands"; after a number it multiplies
        return NumberMention(tok, end, match.start, last_end_char, None, vague[0]["value"], "vague")
    value = words_to_number(parts)
    if value > MAX_COUNT:
        return None  # "ألف ألف مليون": no count of people
    return NumberMention(tok, end, match.start, last_end_char, value, "exact", "words")
