"""A document's time limit (rasd/limits.py): the stop reaches Python code at once, leaves the process as it found
it, and is no limit where signals cannot reach (a thread) or where none is asked for."""
import signal
import threading
import time

import pytest

from rasd.limits import TimeLimitExceeded, limited_time, over_the_limit


def _busy(seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass


def test_code_past_the_limit_is_stopped_where_it_is_and_the_process_is_left_as_it_was():
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        with limited_time(0.1):
            _busy(5)
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_guard_that_catches_exceptions_does_not_swallow_the_stop():
    """The stages turn an Exception into one failed stage and go on; the stop must end the whole document."""
    with pytest.raises(TimeLimitExceeded):
        with limited_time(0.1):
            try:
                _busy(5)
            except Exception:  # noqa: BLE001 - as a stage's guard does
                pass


def test_code_within_the_limit_runs_to_its_end_and_no_stop_comes_later():
    with limited_time(0.2):
        _busy(0.05)
    _busy(0.3)  # the timer is disarmed: nothing is raised here


@pytest.mark.parametrize("seconds", [None, 0])
def test_no_limit_arms_no_timer(seconds):
    with limited_time(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


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


def test_the_failure_says_what_the_limit_was_and_how_to_change_it():
    assert over_the_limit(0.5) == "its reading and analysis ran past the time limit of 0.5 s (rasd run --time-limit)"
    assert over_the_limit(180.0).endswith("limit of 180 s (rasd run --time-limit)")
