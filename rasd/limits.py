"""A document's time limit. One hostile input (a pathological page, a text that finds a rule's slow path) must not
stall a run: when reading and analysing a document takes more CPU time than the limit, its analysis is stopped and
that document fails alone, uncached, so that a later run with a longer limit tries it again.

The limit is CPU time, not the clock's, so that a loaded machine does not fail the largest honest articles: a
virtual timer (ITIMER_VIRTUAL) whose signal, SIGVTALRM, raises where the analysis is. That stops Python code at
once; code that never returns to the interpreter (a C library looping) is not stopped by it. Where a process may be
given up (a worker of a pool), a second limit of twice as much CPU time ends the process itself: the kernel's own
default action for SIGPROF, which needs no interpreter; the pool then fails that document alone as when a document
crashes its process. A caller's own timers (alarm(), pytest-timeout's SIGALRM) are left alone."""
from __future__ import annotations

import contextlib
import math
import signal
import threading

DEFAULT_TIME_LIMIT = 180.0  # CPU seconds: a 10 MB text, the largest read, takes about a minute (bench/long_document.py)
MAX_TIME_LIMIT = 1e6        # a larger limit is no limit in practice, and past 2**32 s the timers overflow


class TimeLimitExceeded(BaseException):
    """Raised where the analysis was when the limit passed. A BaseException: the stages' own guards, which turn an
    Exception into one failed stage, must not swallow it and go on with the next stage."""


def checked_time_limit(seconds: float | None) -> float | None:
    """The limit as given (None or 0: none), or ValueError saying what a limit may be."""
    if seconds is None or seconds == 0:
        return None
    if not isinstance(seconds, (int, float)) or math.isnan(seconds) or not 0 < seconds <= MAX_TIME_LIMIT:
        raise ValueError(f"{seconds!r}: a time limit is 0 (none) or a number of seconds up to {MAX_TIME_LIMIT:g}")
    return float(seconds)


def over_the_limit(seconds: float | None) -> str:
    return f"its reading and analysis took more than the time limit of {seconds or 0:g} s of CPU (rasd run " \
           "--time-limit)"


def stuck_past(seconds: float | None) -> str:
    return f"its process was ended, stuck past twice the time limit of {seconds or 0:g} s of CPU where the limit " \
           "could not stop it"


_armed = False   # a limit is being timed in this process's main thread
_passed = False  # and has passed (set with the raise, which code run by the collector may drop)


RAISE_AGAIN_SECONDS = 0.01  # of CPU: how soon a stop dropped by code the collector ran is raised again


# The block's own clean-up (its __exit__, here): a stop raised again there would stop the clean-up itself and leave
# the timer running after the block.
_CLEAN_UP_FILES = frozenset({__file__})


def _raise(signum, frame):
    global _passed
    if _armed:  # not once the block is over: a signal that comes as it ends finds it finished
        _passed = True
        # Code the garbage collector runs (a finalizer, a gc callback such as hypothesis's) reports an exception
        # and drops it; a stage that runs long after that would never reach the next stage's check and be ended
        # as stuck. Until the block ends, the stop is raised again every few milliseconds of CPU.
        signal.setitimer(signal.ITIMER_VIRTUAL, RAISE_AGAIN_SECONDS)
        if frame is None or frame.f_code.co_filename not in _CLEAN_UP_FILES:
            raise TimeLimitExceeded()


def check_time_limit() -> None:
    """Raise TimeLimitExceeded if the limit has passed although its raise was dropped: the signal's handler runs
    wherever Python code runs next, and code the garbage collector runs (a finalizer, a gc callback such as
    hypothesis's) reports an exception and drops it. Called between the stages and after reading."""
    if _armed and _passed and threading.current_thread() is threading.main_thread():
        raise TimeLimitExceeded()


def _in_main_thread() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def limited_time(seconds: float | None):
    """Raise TimeLimitExceeded inside the block once it has used `seconds` of CPU time (None or 0: no limit), and
    again every RAISE_AGAIN_SECONDS of CPU until the block ends, in case code the collector ran dropped it. Only
    in a main thread, where signals are delivered (elsewhere, as when rasd.run is called from another thread, the
    block runs unlimited), and only when no virtual timer of the caller's is running."""
    if not seconds or not _in_main_thread() or signal.getitimer(signal.ITIMER_VIRTUAL)[0]:
        return _NO_LIMIT
    return _TimeLimit(seconds)


_NO_LIMIT = contextlib.nullcontext()  # a block with no limit (it holds no state: one serves every block)
_handler_kept = False  # keep_the_limits_handler: SIGVTALRM's handler is _raise for good in this process


class _TimeLimit:
    """limited_time's block: a class, not a generator, for it is entered for every document (a generator's block
    cost more than its timer)."""
    __slots__ = ("seconds", "previous")

    def __init__(self, seconds: float):
        self.seconds, self.previous = seconds, None

    def __enter__(self):
        global _armed, _passed
        if not _handler_kept:
            self.previous = signal.signal(signal.SIGVTALRM, _raise)
        _armed, _passed = True, False
        signal.setitimer(signal.ITIMER_VIRTUAL, self.seconds)

    def __exit__(self, *exc) -> bool:
        global _armed, _passed
        _armed = False  # first: from here on a late signal raises nothing
        try:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        finally:
            if not _handler_kept:
                signal.signal(signal.SIGVTALRM, self.previous)
            _passed = False
        return False


def keep_the_limits_handler() -> None:
    """In a process that only analyses (a local pool's worker): limited_time's handler is installed once and kept,
    instead of being set and restored around each document; outside a block it raises nothing."""
    global _handler_kept
    if _in_main_thread():
        signal.signal(signal.SIGVTALRM, _raise)
        _handler_kept = True


STUCK_SIGNAL = getattr(signal, "SIGPROF", None)  # a worker ended by it was stuck (its exit code is minus it)


def end_the_process_when_stuck() -> None:
    """In a process that may be given up (a pool's worker): SIGPROF's default action, which ends the process, for
    limited_process_time."""
    if STUCK_SIGNAL is not None:
        signal.signal(STUCK_SIGNAL, signal.SIG_DFL)


def limited_process_time(seconds: float | None):
    """End this whole process if the block spends twice `seconds` of CPU time (the default action of SIGPROF): for a
    worker process, stuck where the signal of `limited_time` cannot stop it. It stands aside where SIGPROF has a
    handler or its timer runs already (a sampling profiler's, in a Ray worker that a caller's tasks share)."""
    if not seconds or STUCK_SIGNAL is None or signal.getitimer(signal.ITIMER_PROF)[0] \
            or signal.getsignal(STUCK_SIGNAL) is not signal.SIG_DFL:
        return _NO_LIMIT
    return _ProcessTimeLimit(2 * seconds)


class _ProcessTimeLimit:
    """limited_process_time's block (a class, as _TimeLimit)."""
    __slots__ = ("seconds",)

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        signal.setitimer(signal.ITIMER_PROF, self.seconds)

    def __exit__(self, *exc) -> bool:
        signal.setitimer(signal.ITIMER_PROF, 0)
        return False
