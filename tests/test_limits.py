"""A document's time limit (rasd/limits.py): the stop reaches Python code at once, leaves the process as it found
it (a caller's own timers and handlers included), and is no limit where signals cannot reach (a thread) or where
none is asked for."""
import signal
import threading
import time

import pytest

import rasd
from rasd.limits import MAX_TIME_LIMIT, TimeLimitExceeded, checked_time_limit, limited_time, over_the_limit


def _busy(seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass


def test_code_past_the_limit_is_stopped_where_it_is_and_the_process_is_left_as_it_was():
    before = signal.getsignal(signal.SIGVTALRM)
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        with limited_time(0.1):
            _busy(5)
    assert time.monotonic() - started < 4
    assert signal.getsignal(signal.SIGVTALRM) is before and signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_a_guard_that_catches_exceptions_does_not_swallow_the_stop():
    """The stages turn an Exception into one failed stage and go on; the stop must end the whole document."""
    with pytest.raises(TimeLimitExceeded):
        with limited_time(0.1):
            try:
                _busy(5)
            except Exception:  # noqa: BLE001 - as a stage's guard does
                pass


def test_the_limit_is_cpu_time_so_waiting_is_not_counted():
    """A loaded machine must not fail an honest long article: time the process does not run is not counted."""
    with limited_time(0.1):
        time.sleep(0.3)
    _busy(0.3)  # and the timer is disarmed: nothing is raised here


@pytest.mark.parametrize("seconds", [None, 0])
def test_no_limit_arms_no_timer(seconds):
    with limited_time(seconds):
        assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_in_a_thread_where_no_signal_arrives_the_code_runs_unlimited():
    """A caller may run Rasd in a thread of its own: signal handlers can only be set in the main thread."""
    errors = []

    def analyse():
        try:
            with limited_time(0.05):
                _busy(0.2)
        except BaseException as e:  # noqa: BLE001 - whatever it is, the test reports it
            errors.append(e)

    thread = threading.Thread(target=analyse)
    thread.start()
    thread.join()
    assert errors == []


def test_a_callers_own_timers_and_handlers_are_left_alone(shared, tmp_path):
    """A program that calls Rasd may time itself (alarm(), pytest-timeout's SIGALRM, a virtual timer of its own):
    a run on one process (the Python API's default) neither cancels nor takes over any of them, and a virtual timer
    already running is the caller's, so the limit then stands aside."""
    fired = []

    def own(signum, frame):
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, own), signal.signal(signal.SIGVTALRM, own)
    try:
        signal.setitimer(signal.ITIMER_REAL, 600)
        result = rasd.run([shared / "seeds"], tmp_path / "out", time_limit=60)
        assert result.failed == 0
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 600
        assert signal.getsignal(signal.SIGALRM) is own and signal.getsignal(signal.SIGVTALRM) is own
        signal.setitimer(signal.ITIMER_VIRTUAL, 0.05)
        with limited_time(5):
            _busy(0.3)
        assert fired == [signal.SIGVTALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGALRM, previous[0])
        signal.signal(signal.SIGVTALRM, previous[1])


@pytest.mark.parametrize("seconds", [-1, float("nan"), float("inf"), 1e10, "60"])
def test_a_limit_is_none_or_a_number_of_seconds_within_the_timers_reach(seconds, shared, tmp_path):
    with pytest.raises(ValueError, match="a time limit is 0"):
        rasd.run([shared / "seeds"], tmp_path / "out", time_limit=seconds)
    assert not (tmp_path / "out").exists()
    assert checked_time_limit(0) is None and checked_time_limit(None) is None
    assert checked_time_limit(MAX_TIME_LIMIT) == MAX_TIME_LIMIT


def test_the_failure_says_what_the_limit_was_and_how_to_change_it():
    assert over_the_limit(0.5) == ("its reading and analysis took more than the time limit of 0.5 s of CPU "
                                   "(rasd run --time-limit)")
    assert over_the_limit(180.0).endswith("limit of 180 s of CPU (rasd run --time-limit)")


def _stage_that_drops_the_stop(ran: list, then_runs_for: float = 0.0):
    """A stage that drops the first stop (as the collector does with a finalizer's exception), noting it in `ran`,
    then runs `then_runs_for` seconds more before noting that it finished."""
    def stage(doc):
        try:
            _busy(5)
        except BaseException:  # noqa: BLE001 - as the collector does with a finalizer's exception
            ran.append("dropped")
        if then_runs_for:
            _busy(then_runs_for)
            ran.append("finished")
    return stage


def _process_within(seconds: float, stages: list) -> None:
    from rasd.document import Document
    from rasd.pipeline import process
    with limited_time(seconds):
        process(Document(doc_id="d", original="نص"), stages=stages)


def test_a_stop_dropped_where_the_collector_ran_code_still_stops_the_document_at_the_next_stage():
    """The stop's raise happens wherever Python code runs next, which may be code the garbage collector runs (a
    finalizer, a gc callback such as hypothesis's), and such code reports the exception and drops it: the next stage
    boundary stops the document all the same."""
    ran = []
    with pytest.raises(TimeLimitExceeded):
        _process_within(0.1, [_stage_that_drops_the_stop(ran), lambda doc: ran.append("next stage")])
    assert ran == ["dropped"]


def test_a_stop_dropped_inside_a_long_stage_is_raised_again_where_the_stage_is():
    """A stage that runs long after its stop was dropped (a gc callback ran just as the limit passed) would not
    reach the next stage's check before the second limit ends its process as stuck: the stop is raised again a few
    milliseconds of CPU later, where the stage is."""
    ran = []
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        _process_within(0.1, [_stage_that_drops_the_stop(ran, then_runs_for=5)])
    assert ran == ["dropped"] and time.monotonic() - started < 4
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_a_stop_that_comes_in_the_blocks_own_clean_up_is_not_raised_there_but_a_moment_later():
    """Raised in the block's own clean-up (its __exit__, in rasd/limits.py), a stop would break the clean-up and
    leave the timer running after the block; there it is only timed again, and raised where the work goes on."""
    from types import SimpleNamespace
    from rasd import limits
    in_the_clean_up = SimpleNamespace(f_code=SimpleNamespace(co_filename=limits.__file__))
    reached = []
    with pytest.raises(TimeLimitExceeded):
        with limited_time(60):
            limits._raise(signal.SIGVTALRM, in_the_clean_up)
            reached.append("past the signal in the clean-up")
            _busy(5)
    assert reached and signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_a_signal_that_comes_as_the_block_ends_stops_nothing_after_it():
    """The timer may fire just as the analysis ends, its handler running in the block's own clean-up or later: once
    the block is over, neither the handler nor the stage loop's check raises, so the caller never sees the stop."""
    from rasd import limits
    with limited_time(60):
        pass
    assert limits._raise(signal.SIGVTALRM, None) is None
    limits.check_time_limit()
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_the_second_limit_stands_aside_for_a_profilers_own_sigprof():
    """A sampling profiler in a worker (a caller's tasks share a Ray worker) owns SIGPROF and its timer: the second
    limit neither replaces its handler's timer nor turns it into the process's end."""
    from rasd.limits import limited_process_time
    previous = signal.signal(signal.SIGPROF, lambda signum, frame: None)
    try:
        with limited_process_time(60):
            assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        with limited_process_time(60):
            assert 110 < signal.getitimer(signal.ITIMER_PROF)[0] <= 121
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
        signal.signal(signal.SIGPROF, signal.SIG_IGN)
        signal.setitimer(signal.ITIMER_PROF, 500)
        with limited_process_time(60):
            assert signal.getitimer(signal.ITIMER_PROF)[0] > 400
        assert signal.getitimer(signal.ITIMER_PROF)[0] > 400
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_the_messages_read_whatever_the_limit_was():
    """A worker may be ended by SIGPROF sent by someone else in a run without a limit: its message still reads."""
    from rasd.limits import stuck_past
    assert stuck_past(None).startswith("its process was ended, stuck past twice the time limit of 0 s of CPU")
    assert over_the_limit(None).endswith("limit of 0 s of CPU (rasd run --time-limit)")


def _in_a_worker_keeping_the_handler(results) -> None:
    """In a forked process, as a pool's worker: the handler kept, then a block past its limit, a signal outside any
    block, and a block within its limit."""
    import os
    from rasd import limits
    limits.keep_the_limits_handler()
    try:
        with limited_time(0.05):
            _busy(5)
        results.put("not stopped")
    except TimeLimitExceeded:
        results.put("stopped")
    results.put(signal.getsignal(signal.SIGVTALRM) is limits._raise
                and signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0))
    os.kill(os.getpid(), signal.SIGVTALRM)  # outside a block: nothing is raised, the process goes on
    _busy(0.05)
    with limited_time(5):
        _busy(0.05)
    results.put("went on")


def test_a_worker_keeps_the_handler_and_is_stopped_in_a_block_only():
    """A pool's worker installs the limit's handler once (keep_the_limits_handler) instead of around each
    document: a block past its limit is still stopped, the timer is disarmed after it, and a signal outside any
    block stops nothing."""
    import multiprocessing
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=_in_a_worker_keeping_the_handler, args=(results,))
    process.start()
    got = [results.get(timeout=30) for _ in range(3)]
    process.join(30)
    assert got == ["stopped", True, "went on"] and process.exitcode == 0
