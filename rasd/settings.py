"""One settings object: the user's lexicon folders and the tuning constants every stage reads, and the knowledge
built from them (lexicons, gazetteer, parties …), cached per settings.

A run uses one Settings; `use(settings)` makes another one current (as `rasd run --lexicon DIR` does). Knowledge is
built lazily by functions decorated with `@knowledge`: each keeps its value for the current settings and builds it
anew when the settings change, so nothing has to clear another module's caches, and no environment variable is
changed. Worker processes forked from the run inherit the current settings; Ray workers are handed them."""
from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

LEXICON_PATH_ENV = "RASD_LEXICON_PATH"  # read once, at start: a user's default lexicon folders


@dataclasses.dataclass(frozen=True)
class Settings:
    lexicon_folders: tuple[str, ...] = ()  # folders of the user's own lexicon files, added to Rasd's
    story_days: int = 21        # how far back from its publication an article's own story goes; the longest an
    #                             incident's reports span; how long a running total stays comparable
    max_gap_days: int = 7       # two reports of one incident are at most a week apart
    incident_days: int = 10     # an incident's reports are published within ten days (the event, its rising toll)
    close_days: int = 3         # reports of one town within three days need less shared wording

    def with_lexicon_folders(self, folders) -> Settings:
        return dataclasses.replace(self, lexicon_folders=tuple(str(Path(f).resolve()) for f in folders))

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
            kept[args] = build(*args)
        return kept[args]

    cached.cache_clear = kept.clear  # for tests that rebuild on purpose
    return cached
