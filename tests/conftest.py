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


# The development corpus of real exports (#14 item 6): third-party data fetched from public
# repositories may not be committed, so only its MANIFEST and expected.json live in
# tests/corpus/real; the files live beside the clone. The first folder that exists is used.
CORPUS_META = ROOT / "tests" / "corpus" / "real"
CORPUS_ROOTS = [
    Path(p)
    for p in (
        os.environ.get("SHOPOPS_CORPUS"),
        SHARED_REAL.parent / "corpus" / "real",
        ROOT.parent / "corpus" / "real",
    )
    if p
]


def corpus_root() -> Path | None:
    return next((p for p in CORPUS_ROOTS if p.is_dir()), None)


def corpus_file(relative: str) -> Path:
    """Path of a corpus file (see tests/corpus/real/MANIFEST.md).

    Skipped with the reason where no corpus folder is beside the clone (it cannot be
    committed: a user's clone and CI have it only once it is in ../shared/data/corpus);
    where a corpus folder exists but lacks the file, the test fails.
    """
    root = corpus_root()
    if root is None:
        pytest.skip(
            "the real-export corpus is not beside this clone (set SHOPOPS_CORPUS or put it in "
            + " or ".join(str(p) for p in CORPUS_ROOTS[-2:])
            + "; it is third-party data and is not committed)"
        )
    path = root / relative
    if not path.is_file():
        pytest.fail(f"corpus file {relative} is missing from {root}")
    return path


@pytest.fixture
def corpus():
    """``corpus("olist/olist_orders_dataset.csv")`` -> Path (see :func:`corpus_file`)."""
    return corpus_file
