"""Shared fixtures: the real public datasets beside the clone, and the sample files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"
SHARED_REAL = Path(os.environ.get("SHARED_DATA", ROOT.parent / "shared" / "data" / "real"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def real_file(relative: str) -> Path:
    """Path of a file under ../shared/data/real.

    Where ../shared is absent (a user's clone) the test is skipped with the
    reason; in CI, where it is always beside the clone, it fails instead.
    """
    path = SHARED_REAL / relative
    if not path.exists():
        msg = f"real data file {relative} not found under {SHARED_REAL} (../shared is not part of a user's clone)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture
def real():
    """``real("traffic/x.csv")`` -> Path, skipping (or failing in CI) where absent."""
    return real_file
