import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    """The shared seeds, gold and judge beside the checkout. Missing is an error, never a skip."""
    if not (SHARED / "eval" / "score.py").exists():
        raise RuntimeError(f"../shared is missing: expected the judge at {SHARED / 'eval' / 'score.py'}")
    return SHARED


def seed_corpus(shared: pathlib.Path, folder: pathlib.Path, first: int) -> list[pathlib.Path]:
    """A corpus folder holding the first `first` seeds (a corpus that a later test grows by the others); all the
    seeds' paths, in order."""
    import shutil
    folder.mkdir(exist_ok=True)
    seeds = sorted((shared / "seeds").glob("*.txt"))
    for seed in seeds[:first]:
        shutil.copy(seed, folder)
    return seeds
