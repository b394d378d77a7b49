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
