"""One settings object: a user's lexicon folder adds a party (or a country, or a word) and every rule sees it, with
no cache cleared by hand and no environment variable changed; the previous settings bring the previous knowledge.
A changed tuning constant (places, events, incidents, figures) changes what Rasd outputs, even over a cached run."""
import contextlib
import dataclasses
import json
import os
import pickle

import pytest

import rasd
from rasd import settings
from rasd.knowledge import parties


def test_a_lexicon_folder_adds_a_party_that_every_rule_sees(tmp_path):
    (tmp_path / "parties.tsv").write_text("id\tparty\trole\tsector\tjihadist\tcountry\tname_en\n"
                                          "zz_brigade\tzz_brigade\tfighters\tnonstate\t\tyem\tZZ Brigade\n",
                                          encoding="utf-8")
    (tmp_path / "party_names.tsv").write_text("term\tid\nلواء العاصفة الزرقاء\tzz_brigade\n", encoding="utf-8")
    text = "قتل سبعة من عناصر لواء العاصفة الزرقاء في اشتباكات قرب مدينة تعز."
    before = rasd.analyze(text).claims
    assert "zz_brigade" not in parties() and all(c.party != "zz_brigade" for c in before)
    environment = dict(os.environ)
    previous = settings.current()
    settings.use(previous.with_lexicon_folders([tmp_path]))
    try:
        (claim,) = rasd.analyze(text).claims
        assert (claim.subject, claim.party, claim.role) == ("zz_brigade", "zz_brigade", "fighters")
    finally:
        settings.use(previous)
    assert dict(os.environ) == environment
    assert "zz_brigade" not in parties()
    assert all(c.party != "zz_brigade" for c in rasd.analyze(text).claims)


def test_knowledge_is_built_once_per_settings():
    calls = []

    @settings.knowledge
    def built():
        calls.append(1)
        return object()

    first = built()
    assert built() is first and len(calls) == 1
    previous = settings.current()
    settings.use(previous.with_lexicon_folders([]))
    try:
        assert built() is not first and len(calls) == 2
    finally:
        settings.use(previous)


# Tuning constants are settings too, grouped by stage, and read when a stage runs: a changed setting changes what
# Rasd outputs. The reports below are invented; Manbij and Jarabulus lie about 33 km apart in Aleppo governorate.
@contextlib.contextmanager
def tuned(stage, **changes):
    previous = settings.current()
    settings.use(previous.tuned(stage, **changes))
    try:
        yield
    finally:
        settings.use(previous)


def _corpus(tmp_path, rows):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


TWO_TOWNS = [
    {"id": "manbij", "published": "2023-06-10",
     "text": "قتل أربعة عناصر من الجيش في هجوم بسيارة مفخخة على حاجز عسكري قرب مدينة منبج شرقي حلب، بحسب المرصد "
             "السوري لحقوق الإنسان."},
    {"id": "jarabulus", "published": "2023-06-11",
     "text": "ارتفعت حصيلة الهجوم بسيارة مفخخة على حاجز عسكري قرب مدينة جرابلس شرقي حلب إلى ستة قتلى من عناصر "
             "الجيش، بحسب المرصد السوري لحقوق الإنسان."},
]


def test_a_smaller_incident_distance_splits_reports_of_towns_30_km_apart(tmp_path):
    corpus, out = _corpus(tmp_path, TWO_TOWNS), tmp_path / "out"
    assert [i["docs"] for i in rasd.run([corpus], out).incidents] == [["jarabulus", "manbij"]]
    with tuned("incidents", max_km=20):  # the same output folder: its cache holds the default's results
        assert sorted(i["docs"] for i in rasd.run([corpus], out).incidents) == [["jarabulus"], ["manbij"]]
    assert [i["docs"] for i in rasd.run([corpus], out).incidents] == [["jarabulus", "manbij"]]


LONG_REPORT = ("هجوم على حاجز للشرطة قرب بعقوبة\n"
               "هاجم مسلحون مجهولون حاجزا للشرطة قرب مدينة بعقوبة مساء الأحد.\n"
               "وقال مصدر في الشرطة إن المهاجمين لاذوا بالفرار.\n"
               "وتشهد المحافظة توترا أمنيا منذ أشهر.\n"
               "ولم تعلن أي جهة مسؤوليتها.")
SHORT_REPORT = "اندلعت اشتباكات عنيفة بين الجيش ومسلحين قرب مدينة بعقوبة."


def test_more_evidence_needed_makes_a_report_other(tmp_path):
    assert rasd.analyze(LONG_REPORT, published="2023-06-10").relevance["label"] == "political_violence"
    with tuned("events", min_evidence=30.0):  # a headline and a lead mention weigh 5
        assert rasd.analyze(LONG_REPORT, published="2023-06-10").relevance["label"] == "other"
    assert rasd.analyze(SHORT_REPORT, published="2023-06-10").relevance["label"] == "political_violence"
    with tuned("events", short_evidence=3.0):  # one mention in a report of one sentence weighs 2
        assert rasd.analyze(SHORT_REPORT, published="2023-06-10").relevance["label"] == "other"
        corpus = _corpus(tmp_path, [{"id": "short", "published": "2023-06-10", "text": SHORT_REPORT}])
        assert rasd.run([corpus], tmp_path / "out").incidents == []  # no political violence: no incident
    assert len(rasd.run([corpus], tmp_path / "out").incidents) == 1


def test_a_lower_discrepancy_ratio_lists_figures_far_apart(tmp_path):
    corpus = _corpus(tmp_path, [
        {"id": "a", "published": "2023-06-10",
         "text": "قتل أكثر من عشرة مدنيين في قصف جوي على سوق شعبي في مدينة منبج، بحسب المرصد السوري لحقوق الإنسان."},
        {"id": "b", "published": "2023-06-10",
         "text": "قتل 40 مدنيا في القصف الجوي على السوق الشعبي في مدينة منبج، بحسب مصادر طبية محلية."}])
    (incident,) = rasd.run([corpus]).incidents
    assert incident["discrepancies"] == []  # 11 and 40: less than fivefold
    with tuned("figures", discrepancy_ratio=3.0):
        (incident,) = rasd.run([corpus]).incidents
    assert [d["claims"] for d in incident["discrepancies"]] == [["a#1", "b#1"]]


def test_settings_pickle_with_their_stages():
    changed = settings.current().tuned("places", part_km=10).tuned("incidents", max_km=20)
    assert pickle.loads(pickle.dumps(changed)) == changed
    assert (changed.places.part_km, changed.incidents.max_km, changed.events) == (10, 20, settings.Events())


def test_a_claims_window_is_read_when_the_stage_runs():
    """The claims stage's windows are settings too: with no room after the counted noun, the party named two words
    on («عناصر من تنظيم داعش») no longer says who they are."""
    text = "قتل سبعة عناصر من تنظيم داعش في اشتباك قرب مدينة الميادين."
    (claim,) = rasd.analyze(text).claims
    assert claim.subject == "isis"
    with tuned("claims", complement_window=0):
        (narrow,) = rasd.analyze(text).claims
    assert narrow.subject != "isis", narrow.rule


# Two reports of one town a day apart that share some wording: the same kind of event is one incident at the near
# threshold; a battle and an air strike need the wording of one event (min_similarity) to be one.
ONE_TOWN = [
    {"id": "clash", "published": "2023-06-10",
     "text": "اندلعت اشتباكات عنيفة بين الجيش ومسلحين في مدينة بعقوبة، وقتل ثلاثة جنود بحسب مصدر أمني."},
    {"id": "strike", "published": "2023-06-11",
     "text": "قتل ثلاثة أشخاص في غارة جوية على مدينة بعقوبة، بحسب مصدر أمني."},
    {"id": "clash2", "published": "2023-06-11",
     "text": "تجددت الاشتباكات بين الجيش ومسلحين في مدينة بعقوبة، وقتل جنديان بحسب مصدر أمني."},
]


def test_reports_of_different_event_types_need_more_shared_wording(tmp_path):
    corpus = _corpus(tmp_path, ONE_TOWN)
    with tuned("incidents", min_similarity_near=0.0, min_similarity=0.99):
        groups = sorted(i["docs"] for i in rasd.run([corpus], tmp_path / "out").incidents)
    assert groups == [["clash", "clash2"], ["strike"]]


@pytest.mark.parametrize("published, one", [("2023-06-13", True), ("2023-06-14", False)])
def test_reports_of_one_town_need_less_shared_wording_only_within_close_days(tmp_path, published, one):
    rows = [ONE_TOWN[0], dict(ONE_TOWN[2], published=published)]  # three days after the first, then four
    with tuned("incidents", min_similarity_near=0.0, min_similarity=0.99):
        groups = sorted(i["docs"] for i in rasd.run([_corpus(tmp_path, rows)], tmp_path / "out").incidents)
    assert groups == ([["clash", "clash2"]] if one else [["clash"], ["clash2"]])


def test_a_towns_violence_over_a_week_is_several_incidents(tmp_path):
    rows = [{"id": f"d{day}", "published": f"2023-06-{day:02d}",
             "text": "اندلعت اشتباكات عنيفة بين الشرطة ومحتجين في مدينة بورسعيد، وأصيب 12 شخصا بحسب مصادر طبية."}
            for day in (1, 4, 7)]
    groups = sorted(i["docs"] for i in rasd.run([_corpus(tmp_path, rows)], tmp_path / "out").incidents)
    assert groups == [["d1", "d4"], ["d7"]]  # reports more than incident_days apart never chain into one
    previous = settings.current()
    settings.use(dataclasses.replace(previous, incident_days=10))
    try:
        assert [i["docs"] for i in rasd.run([_corpus(tmp_path, rows)], tmp_path / "out10").incidents] \
            == [["d1", "d4", "d7"]]
    finally:
        settings.use(previous)


def test_the_collector_is_paused_in_nested_blocks_and_after_an_error_is_as_it_was():
    import gc
    assert gc.isenabled()
    with settings.collector_paused():
        with settings.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still open
    assert gc.isenabled()
    try:
        with settings.collector_paused():
            raise KeyError("inside")
    except KeyError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with settings.collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_blocks_in_two_threads_that_end_in_either_order_leave_the_collector_on():
    """One thread's block ends while another's is open: the collector, one for the process, stays off until that
    one ends too, then is on again (each block restoring what it saw on entry turned it on under the open block,
    and left it off for good when one read it between the other's reading and its pausing)."""
    import gc
    import threading
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    inside_after_the_other_ended = []

    def first():
        with settings.collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with settings.collector_paused():
            second_in.set()
            first_out.wait(5)
            inside_after_the_other_ended.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert inside_after_the_other_ended == [False] and gc.isenabled()


# Python 3.12 and later warn at every fork in a process with another thread alive; these tests fork so on purpose
# (a thread of theirs, or one an earlier test left), and 300 warnings would hide any other.
FORKS_BESIDE_THREADS = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


@FORKS_BESIDE_THREADS
def test_a_process_forked_inside_a_pause_starts_with_its_collector_on_and_no_block_open():
    """A worker forked while the run's parent holds the collector paused collects its own garbage (the parent's
    block ends in the parent, never in the child), and its own blocks pause and resume as in any process."""
    import gc
    import os
    reading, writing = os.pipe()
    with settings.collector_paused():
        pid = os.fork()
        if pid == 0:  # the child: report, then leave at once (no test runner's clean-up here)
            seen = [gc.isenabled()]
            with settings.collector_paused():
                seen.append(gc.isenabled())
            seen.append(gc.isenabled())
            os.write(writing, bytes(seen))
            os._exit(0)
        assert not gc.isenabled()
    os.close(writing)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(reading, "rb") as child:
        assert list(child.read()) == [True, False, True] and status == 0
    assert gc.isenabled()


@FORKS_BESIDE_THREADS
def test_a_fork_never_lands_halfway_through_another_threads_block_opening_or_closing():
    """Another thread opens and closes blocks while this one forks again and again: a fork between that thread's
    pausing and its counting (or its uncounting and resuming) would start a child with no block open and its
    collector off for good. The fork waits for the blocks' lock, so every child starts with its collector on."""
    import gc
    import os
    import sys
    import threading
    stop = threading.Event()

    def opening_and_closing():
        while not stop.is_set():
            with settings.collector_paused():
                pass

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the threads take turns as often as they can
    thread = threading.Thread(target=opening_and_closing)
    thread.start()
    children_off = 0
    try:
        for _ in range(300):
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.write(writing, bytes([gc.isenabled()]))
                os._exit(0)
            os.close(writing)
            os.waitpid(pid, 0)
            with os.fdopen(reading, "rb") as child:
                children_off += child.read() != b"\x01"
    finally:
        stop.set()
        thread.join(10)
        sys.setswitchinterval(switching)
    assert children_off == 0 and gc.isenabled()
