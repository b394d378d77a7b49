"""One settings object: the user's lexicon folders and the tuning constants every stage reads (grouped by stage:
places, events, incidents, figures), and the knowledge built from them (lexicons, gazetteer, parties …), cached per
settings. Stages read the constants through `current()` when they run, never at import.

A run uses one Settings; `use(settings)` makes another one current (as `rasd run --lexicon DIR` does). Knowledge is
built lazily by functions decorated with `@knowledge`: each keeps its value for the current settings and builds it
anew when the settings change, so nothing has to clear another module's caches, and no environment variable is
changed. Worker processes forked from the run inherit the current settings; Ray workers are handed them."""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
import threading
from pathlib import Path

LEXICON_PATH_ENV = "RASD_LEXICON_PATH"  # read once, at start: a user's default lexicon folders


@dataclasses.dataclass(frozen=True)
class Places:
    """The places stage (rasd/geo.py, the gazetteer) and the parts of a roundup (rasd/parts.py)."""
    weak_population: int = 10_000   # a smaller place is read only with a type word, as a curated place or as a town
    #                                 of Syria and Iraq (GeoNames names villages with common words)
    big_city: int = 500_000         # a city this big (or a state, a governorate) anchors the article's country
    known_town: int = 100_000  # outside the article's countries, a place this big is still read as a place
    dateline_weight: float = 0.1    # where the outlet files from (دبي، الإمارات العربية المتحدة (CNN)--), not where
    #                                 it happened
    reference_weight: float = 0.3   # a town the event happened north of, or some distance from (شمال كركوك)
    seat_weight: float = 0.3        # whom an office serves (مدير أمن جنوب سيناء) or a court case's place
    accord_weight: float = 0.1      # a place that names an agreement or a meeting (اتفاق ليبرفيل، مؤتمر جنيف)
    far_state_weight: float = 0.3   # a state beyond the curated region's (الولايات المتحدة، الهند): in this news
    #                                 mostly a speaker or a party, the place only when nothing else is named
    case_reach: int = 8             # words after a charge or a case word («في قضايا اقتحام سجن العريش») that are the
    #                                 case's
    party_clause_reach: int = 10    # words after «الذي/التي» right after a party's name that describe the party
    #                                 («جماعة الحوثي التي قادت تمردا في صعدة»), not the event
    min_sound_letters: int = 4     # a name after a type word found by its sound (غووزا: Gwoza) has a key this long
    min_sound_similarity: float = 0.8  # and sounds this close to the place's Latin name (شرناخ: Sirnak 0.83)
    min_variant_letters: int = 5  # shorter names spelled another way are too often common words (منا/منه)
    part_km: int = 25  # places further apart than this, neither inside the other, are separate events
    located_reach: int = 3  # words from a place to the word that locates it («سامراء الواقعة في محافظة صلاح الدين»)


@dataclasses.dataclass(frozen=True)
class Events:
    """The events stage and the document's relevance (rasd/events.py)."""
    headline_weight: float = 3.0   # the headline says what the report is about
    lead_weight: float = 2.0       # so do its first sentences
    modal_weight: float = 0.3      # a foiled, denied or planned event still tells what the report is about, a little
    modality_reach: int = 4        # words before an event where an attempt, denial or plan word governs it
    drill_reach: int = 8           # words between a military exercise's word and the fire it tells (مناورات شملت قصفا)
    min_evidence: float = 3.0      # less than a headline mention or two in the lead is no subject: the report is
    #                                "other"
    lead_words: int = 60           # a report of violence tells it within its headline and lead paragraph
    short_evidence: float = 1.0    # in a report of a sentence or two, one mention is its subject
    argument_reach: int = 8        # words after an event word where its sides are named (هجوم داعش على السجن)
    speaker_words: int = 6         # a headline's speaker before its colon is this short («وزير الخارجية الفرنسي:»)
    date_reach: int = 2            # words after an event where the date that names it stands («هجمات 11 سبتمبر 2001»)
    recalled_days: int = 365       # an event dated this long before the report is recalled, not reported


@dataclasses.dataclass(frozen=True)
class Incidents:
    """Grouping reports into incidents and placing them (rasd/incidents.py, rasd/signature.py, the lead's days)."""
    min_similarity: float = 0.15   # reports whose signatures are less alike (cosine) tell of different events
    max_km: int = 50               # the places of one incident lie this close, unless one is inside the other
    district_km: float = 1.5       # two districts of a city this far apart are two places (Shubra, Muqattam)
    metro_population: int = 1_000_000  # a city this large has quarters that gazetteers list as places of their own
    metro_km: float = 10.0         # a smaller place this close to such a city is one of its quarters
    city_population: int = 100_000  # two towns this large, neither a quarter of a metropolis, are two places
    bulletin_parts: int = 3     # a report of figures in this many places far apart is a bulletin: its items
    #                             of two days never make an incident by themselves
    min_similarity_near: float = 0.08  # for reports of places near_km apart within close_days
    near_km: int = 20              # reports of towns this close within close_days need less shared wording
    same_story_days: int = 1       # reports whose event days lie further apart need min_similarity, even nearby
    other_event_days: int = 2      # groups whose own events' exact days all lie further apart are two events
    grid_degrees: float = 0.5  # about 50 km: places this close meet even across a governorate border
    claim_sentence_weight: float = 5.0   # a place in the sentence of a figure says where the event is
    other_sentence_weight: float = 0.5   # a place named elsewhere in a report says less
    child_share: float = 0.4             # a place inside the leading one wins with this share of its score
    max_event_mentions: int = 50  # an incident's record lists at most this many of its reports' event mentions
    signature_size: int = 60       # a document's most frequent content words that its signature keeps
    undated_words: int = 20        # an undated report meets the reports of its area that share one of its rarest words
    undated_word_reports: int = 50  # … of the reports where that word weighs most, this many a word
    undated_candidates: int = 40   # … and of those, the most alike by those words: a corpus's undated reports have no week to bound them
    large_block: int = 400         # a week's reports of an area (with the next week's) that meet each other; beyond, as undated ones
    related_per_year: int = 5      # a year an incident's articles recall links at most this many incidents of its area


@dataclasses.dataclass(frozen=True)
class Copies:
    """Finding copies and light rewrites of one report (rasd/copies.py)."""
    threshold: float = 0.7   # estimated Jaccard similarity of word shingles from which a text is a copy
    shingle_words: int = 4   # words per shingle: a changed word changes this many shingles
    min_words: int = 40      # shorter texts (a headline, a one-line brief) are alike by chance: never copies
    permutations: int = 64   # of the MinHash
    bands: int = 16          # of the LSH index (4 rows each: candidates from about 0.5 similarity)
    crowded: int = 100       # originals a text's LSH candidates may hold for it to become one more


@dataclasses.dataclass(frozen=True)
class Claims:
    """How far the claims stage looks from a number (rasd/claims): in words unless said otherwise."""
    left_window: int = 5           # between a predicate and the number after it
    right_window: int = 8          # between the counted noun and a predicate after it
    governing_window: int = 15     # an attempt, denial or hypothesis reaches forward to its predicate
    count_phrase_window: int = 12  # عدد … إلى N: ارتفع عدد الأسرى الذين حررتهم إلى ٢٣ أسيراً
    denial_window: int = 30        # نفى مصدر أمني في …، في حديث لـ…، ما تداولته حسابات … عن أسر جنديين
    object_window: int = 10        # أفرجت السلطات السورية، الثلاثاء، عن نيف و200 موقوف: عن marks the verb's object
    needs_window: int = 14         # tokens after a predicate where the word it needs (مصرعهم) or undoes it stands
    toll_window: int = 20          # a toll head (حصيلة) reaches its figure
    carried_out_window: int = 8    # a word telling a penalty carried out (نفذت السلطات حكم الإعدام) reaches it
    estimate_window: int = 12      # يقدر عدد عناصر داعش الذين شاركوا في الهجوم بـ 150 عنصراً
    period_reach: int = 12         # tokens around the number where the period it totals is named (سنويا)
    combined_reach: int = 3        # after a toll's second half, where a number of its own would stand («وأصيب 25»)
    complement_window: int = 10    # after the counted noun, where the party or noun that qualifies it may stand
    nationality_window: int = 4    # after the counted noun, where a nationality may still qualify it
    speaker_reach: int = 60        # tokens back from a figure where the state body that tells it may stand
    opening_chars: int = 300       # the headline and first lines, where an article says what it is about
    incident_scale: int = 100_000  # a figure this large is a war's or a country's total, never one incident's
    incident_toll_scale: int = 10_000  # so is a toll of dead or wounded this large: the deadliest single events
    #                                    conflict data records number a few thousand


@dataclasses.dataclass(frozen=True)
class Figures:
    """An incident's figures (rasd/figures.py)."""
    discrepancy_ratio: float = 5.0  # two compatible figures this many times apart are listed as far apart


@dataclasses.dataclass(frozen=True)
class Settings:
    lexicon_folders: tuple[str, ...] = ()  # folders of the user's own lexicon files, added to Rasd's
    story_days: int = 21        # how far back from its publication an article's own story goes; the longest an
    #                             incident's reports span; how long a running total stays comparable
    max_gap_days: int = 7       # two reports of one incident are at most a week apart
    incident_days: int = 5      # an incident's reports are published within five days (the event, its rising toll);
    #                             a city's violence of two weeks is several events (ACLED codes each day's)
    close_days: int = 3         # reports of one town within three days need less shared wording
    lead_sentences: int = 3     # the headline and first sentences: where a report says what its event was and when
    statement_reach: int = 12   # a day this few words after a speech word is the day it was said, not the event's
    link_headline_words: int = 20  # a line this short, unpunctuated, under «اقرأ أيضًا» is another story's headline
    link_headlines: int = 3     # at most this many of them: a list of links is short; the body follows
    places: Places = Places()
    events: Events = Events()
    incidents: Incidents = Incidents()
    claims: Claims = Claims()
    figures: Figures = Figures()
    copies: Copies = Copies()

    def with_lexicon_folders(self, folders) -> Settings:
        return dataclasses.replace(self, lexicon_folders=tuple(str(Path(f).resolve()) for f in folders))

    def tuned(self, stage: str, **changes) -> Settings:
        """These settings with some of one stage's changed: `settings.current().tuned("incidents", max_km=20)`."""
        return dataclasses.replace(self, **{stage: dataclasses.replace(getattr(self, stage), **changes)})

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(lexicon_folders=tuple(filter(None, os.environ.get(LEXICON_PATH_ENV, "").split(os.pathsep))))


_current = Settings.from_environment()


def current() -> Settings:
    return _current


def use(settings: Settings) -> None:
    """Make `settings` current for this process (and the workers it forks from now on)."""
    global _current
    _current = settings


def knowledge(build):
    """Decorator for a function that builds knowledge from the data files: its result is kept for the current
    settings (per argument tuple) and built anew once they change."""
    kept: dict = {}
    owner: list = [None]

    @functools.wraps(build)
    def cached(*args):
        if owner[0] is not _current:
            kept.clear()
            owner[0] = _current
        if args not in kept:
            kept[args] = _built(build, args)
        return kept[args]

    cached.cache_clear = kept.clear  # for tests that rebuild on purpose
    return cached


def _built(build, args):
    """build(*args) with the cyclic garbage collector paused: building knowledge allocates hundreds of thousands of
    objects that all stay alive, and the collector's passes over them would free nothing."""
    with collector_paused():
        return build(*args)


_pauses = {"depth": 0, "was_on": False}  # the blocks of collector_paused open in this process, in any thread
_pauses_lock = threading.Lock()


@contextlib.contextmanager
def collector_paused():
    """The cyclic garbage collector off inside the block, and as it was before once the last open block ends: for
    work that allocates many objects that stay alive, where its passes would walk them again and again and free
    nothing. Cyclic garbage made inside is collected after it. The collector is one for the whole process, so
    blocks in several threads (the web server builds knowledge in request threads) count as one."""
    with _pauses_lock:
        if _pauses["depth"] == 0:
            _pauses["was_on"] = gc.isenabled()
            gc.disable()
        _pauses["depth"] += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses["depth"] -= 1
            if _pauses["depth"] == 0 and _pauses["was_on"]:
                gc.enable()


WORKER_COLLECTOR_THRESHOLD = 10_000  # new objects between two of a worker's young-generation passes (Python's: 700)


def collector_for_a_worker() -> None:
    """In a process that only analyses documents (a local pool's or a Ray worker): its documents leave no cyclic
    garbage (Document.let_go_of_view), so the collector's young-generation passes, which by default run every 700
    objects a document holds at once, would walk the live document and free nothing; they run every 10,000."""
    gc.set_threshold(WORKER_COLLECTOR_THRESHOLD, *gc.get_threshold()[1:])


def _collector_as_before_the_pauses() -> None:
    """In a process just forked: the blocks open in its parent are not its own (they end in the parent), so it starts
    with none, its collector as it was before them (a worker forked during a paused run collects its own garbage),
    and a lock of its own. The fork waits for the lock (see below): no block was halfway through opening or closing."""
    global _pauses_lock
    _pauses_lock = threading.Lock()
    if _pauses["depth"]:
        _pauses["depth"] = 0
        if _pauses["was_on"]:
            gc.enable()


os.register_at_fork(before=lambda: _pauses_lock.acquire(), after_in_parent=lambda: _pauses_lock.release(),
                    after_in_child=_collector_as_before_the_pauses)
