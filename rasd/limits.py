"""A document's time limit. One hostile input (a pathological page, a text that finds a rule's slow path) must not
stall a run: when reading and analysing a document runs past the limit, its analysis is stopped and that document
fails alone, uncached, so that a later run with a longer limit tries it again.

The limit is a timer signal (SIGALRM) whose handler raises where the analysis is, so it stops Python code at once;
code that never returns to the interpreter (a C library looping) is not stopped by it. Where a process may be given
up (a worker of a pool), a second limit of twice as much CPU time ends the process itself: the kernel's own default
action for SIGPROF, which needs no interpreter; the pool then fails that document alone as when a document crashes
its process."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

DEFAULT_TIME_LIMIT = 180.0  # seconds: a 10 MB text, the largest read, takes under a minute (bench/long_document.py)


class TimeLimitExceeded(BaseException):
    """Raised where the analysis was when the limit passed. A BaseException: the stages' own guards, which turn an
    Exception into one failed stage, must not swallow it and go on with the next stage."""


def over_the_limit(seconds: float) -> str:
    return f"its reading and analysis ran past the time limit of {seconds:g} s (rasd run --time-limit)"


def _raise(signum, frame):
    raise TimeLimitExceeded()


_handling = 0  # how many handling_time_limits() blocks this process's main thread is in


def _in_main_thread() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def handling_time_limits():
    """The stop's handler installed for the block (the previous one restored after): a loop over documents
    installs it once, and each document's limit then costs two timer calls, not two handler changes."""
    global _handling
    if not _in_main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise) if not _handling else None
    _handling += 1
    try:
        yield
    finally:
        _handling -= 1
        if not _handling:
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def limited_time(seconds: float | None):
    """Raise TimeLimitExceeded inside the block once it has run `seconds` (None or 0: no limit). Only in a main
    thread, where signals are delivered; elsewhere (rasd.run called from another thread) the block runs
    unlimited."""
    if not seconds or not _in_main_thread():
        yield
        return
    with handling_time_limits():
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def end_the_process_when_stuck() -> None:
    """In a process that may be given up (a pool's worker): SIGPROF's default action, which ends the process, for
    limited_process_time."""
    if hasattr(signal, "SIGPROF"):
        signal.signal(signal.SIGPROF, signal.SIG_DFL)


@contextmanager
def limited_process_time(seconds: float | None):
    """End this whole process if the block spends twice `seconds` of CPU time (end_the_process_when_stuck): for a
    worker process, stuck where the signal of `limited_time` cannot stop it."""
    if not seconds or not hasattr(signal, "ITIMER_PROF"):
        yield
        return
    signal.setitimer(signal.ITIMER_PROF, 2 * seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
