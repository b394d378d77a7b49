"""The domain lexicons are data with rules of their own: well-formed rows, known ids and categories, and the
matcher finds their terms through clitics and spelling variants."""
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.knowledge import default_lexicon
from rasd.lexicon import AFFIXES, CUE_LEXICONS, LEXICONS, PROCLITICS, read_rows

CATEGORIES = {"killed", "wounded", "arrested", "escaped", "surrendered", "released", "held", "attackers",
              "displaced", "missing"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than"}
ACTOR_KINDS = {"group", "capital", "state", "media", "anonymous", "medical", "witnesses", "reporter", "generic",
               "nationality", "sohr", "monitor"}


# Data files read as word lists or tables rather than through the automaton.
WORD_LISTS = ["boilerplate", "stopwords", "affixes", "number_context", "punctuation", "search_folding", "place_bearings",
              "citing", "bench_places", "date_words", "place_prepositions", "claim_words",
              "press_review"]
CLAIM_WORD_KINDS = {"subcount", "addition", "of", "two", "multiplier", "parent", "between", "copula", "clause_that",
                    "governing_preposition", "object_preposition", "membership", "toll_to", "past_auxiliary", "captor",
                    "complement_link", "others", "cell", "speaker_link", "complementiser", "relayed_from",
                    "not_speaking", "unnamed", "unnamed_official", "withheld", "people_pronoun", "party_pronoun", "imperfect_prefix", "among", "affiliated",
                    "which", "plural_verb_ending", "dual_verb_ending", "new_ones", "did", "causative", "including",
                    "only", "demonstrative", "latter", "claiming", "latest",
                    "publishing", "agent", "relatives", "age", "age_link", "doers_ending", "exceptive", "disjunction"}
AFFIX_KINDS = {"conjunction", "preposition", "article", "lam_article", "pronoun", "verb_ending", "accusative",
               "nationality", "final_a", "feminine"}


@pytest.mark.parametrize("name", [n for n in LEXICONS if n != "places"] + WORD_LISTS)
def test_rows_are_complete_and_unique(name):
    rows = read_rows(name)
    assert rows, name
    seen = set()
    for row in rows:
        assert all(v is not None for v in row.values()), (name, row)
        key = tuple(row.values())
        assert key not in seen, (name, row)
        seen.add(key)


def test_field_values_are_known():
    assert {r["category"] for r in read_rows("predicates")} <= CATEGORIES
    assert {r["pos"] for r in read_rows("predicates")} <= {"verb", "passive", "noun", "count"}
    assert {r["by_non_state"] for r in read_rows("predicates")} <= CATEGORIES | {""}
    assert {r["kind"] for r in read_rows("claim_words")} == CLAIM_WORD_KINDS
    for name in ("toll_heads", "estimates"):
        assert all(set(row) == {"term"} for row in read_rows(name)), name
    assert {r["qualifier"] for r in read_rows("hedges")} <= QUALIFIERS
    assert {r["kind"] for r in read_rows("actors")} <= ACTOR_KINDS
    for row in read_rows("actors"):
        assert row["id"].replace("_", "").isalpha() and row["id"].islower(), row
    for row in read_rows("numbers"):
        assert row["value"].isdigit() or row["kind"] in ("vague", "some", "some_others"), row
        assert row["spelling"] in ("", "cardinal", "teen", "plural"), row
    assert {r["needs"] for r in read_rows("onsets")} <= {"", "definite"}
    assert {(r["type"], r["scope"]) for r in read_rows("place_types")} <= {(t, s) for t in ("yes", "")
                                                                           for s in ("", "city", "governorate")}
    assert {r["kind"] for r in read_rows("movements")} == {"origin", "destination"}
    assert {r["kind"] for r in read_rows("press_review")} == {"papers", "covering", "issued"}
    for row in read_rows("date_words"):
        assert (row["kind"] in ("unit", "month_part")) == row["days"].isdigit() and row["number"] in ("", "plural", "dual"), row


@pytest.mark.parametrize("text,lexicon,value", [
    ("والآسايش", "actors", "asayish"), ("الأسايش", "actors", "asayish"), ("قوات سورية الديمقراطية", "actors", "sdf"),
    ("لقوات سوريا الديمقراطية", "actors", "sdf"), ("بالتنظيم", "actors", "isis"), ("للتنظيم", "actors", "isis"),
    ("وقُتِلوا", "predicates", "killed"), ("والقتلى", "predicates", "killed"), ("اصيب", "predicates", "wounded"),
    ("فأصيبوا", "predicates", "wounded"), ("اكثر من", "hedges", "more_than"), ("ما لا يقل عن", "hedges", "at_least"),
])
def test_terms_match_through_clitics_and_variants(text, lexicon, value):
    matches = default_lexicon().scan(__import__("rasd.normalize", fromlist=["x"]).normalize(text).text)
    found = [e for m in matches for e in m.entries if e.lexicon == lexicon]
    assert found, text
    key = {"actors": "id", "predicates": "category", "hedges": "qualifier"}[lexicon]
    assert found[0][key] == value


def test_a_term_inside_another_word_does_not_match():
    matches = default_lexicon().scan("القتلة فرحان")  # killers, a name: not قتل / فر
    assert not [e for m in matches for e in m.entries if e.lexicon == "predicates"]


def test_every_data_file_says_what_it_is_for_and_has_whole_rows():
    files = [f for f in resources.files("rasd.data").iterdir() if f.name.endswith(".tsv")]
    assert len(files) > 20
    for f in files:
        lines = f.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and len(lines[0]) > 20, f"{f.name}: a comment first, saying what it is for"
        rows = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
        header = rows[0].split("\t")
        assert len(set(header)) == len(header) and all(h.isidentifier() for h in header), (f.name, header)
        for row in rows[1:]:
            assert len(row.split("\t")) == len(header), (f.name, row)


def test_affixes_are_known_kinds_of_letters():
    assert set(AFFIXES) == AFFIX_KINDS
    assert {"wa", "fa", "bi", "li", "ka", "al", "lil"} <= set(PROCLITICS)
    for row in read_rows("affixes"):
        assert row["kind"] in AFFIX_KINDS and row["term"].isalpha() and len(row["term"]) <= 3, row
    assert len(AFFIXES["article"]) == len(AFFIXES["lam_article"]) == 1


def test_search_finds_a_word_however_its_ending_is_spelled():
    from rasd.store import search_form
    assert search_form("مدينة الحسكة") == search_form("مدينه الحسكه") == "مدينه الحسكه"


def test_a_cue_word_is_found_inside_a_longer_match_which_stays_whole():
    matches = default_lexicon().scan("الهجوم الذي شنه التنظيم")
    predicate = [m for m in matches if m.entry("predicates")]
    assert predicate and predicate[0].entry("predicates")["category"] == "attackers"
    assert [m.first for m in matches if m.entry("onsets")] == [0]
    # cues never join the entries of the other lexicons (two cue lexicons may share a word: هجوم is an onset and an event)
    assert all(not m.entry("onsets") or all(e.lexicon in CUE_LEXICONS for e in m.entries) for m in matches)


def test_a_place_type_word_heads_a_construct_never_with_the_article():
    def types(text):
        return [m.entry("place_types")["type"] for m in default_lexicon().scan(text) if m.entry("place_types")]
    assert types("بمنطقة") == types("ومدينة") == ["yes"]
    assert types("المنطقة") == types("بالمدينة") == []


def test_surfaces_that_allow_the_same_affixes_share_one_set_of_them():
    """Tens of thousands of surfaces (the gazetteer's names among them) allow one of a few dozen sets of prefixes and
    suffixes: each set is built once, not once per surface (it was most of the lexicons' memory, in every worker)."""
    rules = default_lexicon()._rules
    sets = [r.prefixes for r in rules] + [r.suffixes for r in rules] + [a for r in rules for _, *pair in r.entries
                                                                       for a in pair]
    assert len(rules) > 10_000
    assert len({id(s) for s in sets}) == len(set(sets)) < 100


@given(st.lists(st.lists(st.sampled_from(["term", "kind", "قتل", "", " ", "x y", "#c", '"q"']), min_size=1, max_size=5),
                min_size=1, max_size=8))
def test_a_tsv_text_with_rows_of_any_width_reads_as_csv_dictreader_reads_it(rows):
    """A user's lexicon file may have rows shorter or longer than its header: tsv_rows reads them in C, with
    DictReader's rule for such rows (missing fields None, extra values as a list under None)."""
    import csv
    from rasd.lexicon import tsv_rows
    text = "\n".join("\t".join(cells) for cells in rows)
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert tsv_rows(text) == list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _scan_over_the_whole_text(lexicon, text, starts, ends):
    """The scan as it was before words were searched one at a time: every surface in one pass over the text."""
    import bisect
    from rasd.lexicon import Match, _split, _entries_for
    from rasd.match_loops import PYTHON
    longest = PYTHON["longest"]  # the Python loop, a reference independent of the compiled one
    candidates, cues = [], []
    for idx, start, end in lexicon._automaton.find_matches_as_indexes(text, overlapping=True):
        first = bisect.bisect_right(starts, start) - 1
        if first < 0 or text[starts[first]:start] not in lexicon._rules[idx].prefixes:
            continue
        last = first if end <= ends[first] else bisect.bisect_right(starts, end - 1) - 1
        prefix, suffix = text[starts[first]:start], text[end:max(end, ends[last])]
        if suffix not in lexicon._rules[idx].suffixes:
            continue
        entries, cue_entries = _split(_entries_for(lexicon._rules[idx].entries, prefix, suffix))
        if entries:
            candidates.append((start, start - end, end, entries, prefix, first, last))
        if cue_entries:
            cues.append((start, start - end, end, cue_entries, prefix, first, last))
    kept = longest(candidates, Match)
    return sorted(kept + longest(cues, Match), key=lambda m: m.first) if cues else kept


@pytest.mark.parametrize("text", [
    "وقال مصدر إن 5 أشخاص قتلوا وأصيب 12 آخرون في هجوم لتنظيم الدولة الإسلامية على قرية قرب حلب.",
    "قتل أحد عشر مدنيا وأحد الجنود، بينهم طفلان، في قصف لقوات سوريا الديمقراطية على ريف إدلب - 20% منهم نساء",
    "والقتلى بالمدينة وللتنظيم فأصيبوا كامل آمل القتلة فرحان مدينة حلب بمنطقة ما لا يقل عن 3 آلاف",
])
def test_a_scan_word_by_word_finds_what_one_pass_over_the_text_finds(text):
    """One-word surfaces are searched in each distinct word (and kept), the others in the text: the matches are
    those of one automaton over the whole text."""
    from rasd.document import Document, tokenize
    doc = Document(doc_id="t", original=text)
    tokenize(doc)
    lexicon = default_lexicon()
    expected = _scan_over_the_whole_text(lexicon, doc.text, doc.tok_starts, doc.tok_ends)
    assert expected
    assert lexicon.scan(doc.text, doc.tok_starts, doc.tok_ends, doc.tokens) == expected
    assert lexicon.scan(doc.text, doc.tok_starts, doc.tok_ends) == expected


def test_a_word_is_searched_once(monkeypatch):
    """A word met again reuses the matches found in it: the automaton of one-word surfaces is not run on it again."""
    lexicon = default_lexicon()
    lexicon._matches_in_word.clear()  # a memo: words an earlier test scanned would not be searched again
    searched = []
    find = lexicon._words.find
    monkeypatch.setattr(lexicon._words, "find", lambda text: searched.append(text) or find(text))
    lexicon.scan("زوبعةقتلى وزوبعةقتلى زوبعةقتلى")
    assert searched.count("زوبعةقتلى") == 1 and searched.count("وزوبعةقتلى") == 1


def test_each_automaton_finds_what_the_librarys_default_finds_on_real_text(shared):
    """The word and phrase automata are built as contiguous NFAs, which search faster here than the library's
    default choice: the occurrences, overlapping ones included, are the default's."""
    import ahocorasick_rs
    lexicon = default_lexicon()
    texts = [path.read_text(encoding="utf-8") for path in sorted((shared / "seeds").glob("*.txt"))]
    for surfaces in (lexicon._words, lexicon._phrases):
        default = ahocorasick_rs.AhoCorasick(surfaces.surfaces)
        for text in texts:
            found = surfaces.find(text)
            assert found and found == default.find_matches_as_indexes(text, overlapping=True)


def _str_automaton_finds(surfaces, text):
    import ahocorasick_rs
    return ahocorasick_rs.AhoCorasick(surfaces.surfaces).find_matches_as_indexes(text, overlapping=True)


@pytest.mark.parametrize("foreign", ["😀", "中文", "ی", "ﻻ", "\udc80", "?", "ـ", "é"])
def test_the_phrases_searched_one_byte_a_character_are_found_at_their_characters_offsets(foreign):
    """The phrase automaton searches the text in Windows' Arabic code page (a byte a character): a character the
    code page lacks (an emoji, outside the BMP; Chinese; Persian yeh; a presentation form; a lone surrogate) becomes
    one byte, so the offsets after it are still the characters'; and what it becomes matches no phrase."""
    lexicon = default_lexicon()
    assert lexicon._phrases.encoding == "cp1256"
    text = f"{foreign} قتل 5 في حلب {foreign}{foreign} على يد قوات سوريا الديمقراطية{foreign}و تنظيم الدولة الإسلامية"
    found = lexicon._phrases.find(text)
    placeholder = "#" * len(foreign)  # the str search cannot take a lone surrogate: the same offsets without it
    assert len(found) >= 2 and found == _str_automaton_finds(lexicon._phrases, text.replace(foreign, placeholder))
    surfaces = {lexicon._phrases.surfaces[i] for i, _, _ in found}
    assert all(text[start:end] in surfaces for _, start, end in found)


def test_the_phrases_are_found_one_byte_a_character_as_in_the_text_on_a_real_stream(shared):
    """On the first 300 articles of the news2013 stream, normalised as the pipeline reads them, the one-byte
    search finds every occurrence the search of the str finds, at the same offsets."""
    import json
    from rasd.normalize import normalize
    lexicon = default_lexicon()
    with open(shared / "corpora" / "news2013" / "corpus.jsonl", encoding="utf-8") as f:
        texts = [normalize(json.loads(line)["text"]).text for _, line in zip(range(300), f)]
    assert sum(len(lexicon._phrases.find(text)) for text in texts) > 1000
    assert all(lexicon._phrases.find(text) == _str_automaton_finds(lexicon._phrases, text) for text in texts)


def test_surfaces_that_the_code_page_cannot_hold_one_byte_a_character_are_searched_as_text():
    """A surface with a character Windows' Arabic code page lacks (Persian yeh), or with the byte that stands for
    such characters («?»), keeps the search of the str: the one-byte search would miss it or match it anywhere."""
    from rasd.lexicon import _Surfaces, one_byte_each
    assert one_byte_each(["قوات سوريا", "حلب"])
    assert not one_byte_each(["قوات سوريا", "ایران"]) and not one_byte_each(["من؟ ماذا?"])
    persian = _Surfaces(["ایران شمالی"], default_lexicon()._phrases.rules[:1])
    assert persian.encoding is None and persian.find("في ایران شمالی") == [(0, 3, 14)]


def test_an_entry_reads_its_columns_as_a_dict_and_stays_an_entry_found():
    """An Entry is its row's other columns (entry["kind"], entry.get: lookups in C), with its lexicon, term and
    article beside them: an entry of a lexicon with no other column is still something found, and two rows with the
    same columns but another lexicon or term are different entries."""
    import pickle
    from rasd.lexicon import Entry
    row = Entry("events", "هجوم", {"kind": "attack", "pos": "noun"}, False)
    assert isinstance(row, dict) and row["kind"] == "attack" and row.get("pos") == "noun"
    assert row.get("missing", "-") == "-"
    bare = Entry("toll_heads", "حصيلة", {}, False)
    assert bare and not bare.get("kind")
    assert bare != Entry("estimates", "حصيلة", {}, False) != Entry("estimates", "تقدير", {}, False)
    assert pickle.loads(pickle.dumps(row)) == row and pickle.loads(pickle.dumps(row)).lexicon == "events"
    from rasd.normalize import normalize_term
    found = default_lexicon().scan(normalize_term("والحصيلة"))
    assert [m.entry("toll_heads").term for m in found if m.entry("toll_heads")] == ["حصيلة"]
