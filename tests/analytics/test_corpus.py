"""The development corpus of real public exports (#14 item 6).

Each file listed in ``tests/corpus/real/expected.json`` is loaded with
``analytics.ingest.load(path)`` and no kind or mapping, as a new user would
upload it. The expected kind, the core mapping and the number of data rows
were judged by reading each file (see ``tests/corpus/real/MANIFEST.md`` for
where each file comes from and what is odd about it). The test checks that
the import proposes that kind and at least that mapping, reads every row and
accounts for every dropped row with a reason.

The data files themselves are third-party public data, which may not be
committed: they are kept beside the clone (``../shared/data/corpus/real``,
``../corpus/real`` or ``$SHOPOPS_CORPUS``; see ``tests.conftest.corpus_file``).
Without such a folder the tests skip with the reason; a folder that lacks a
listed file fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.ingest import load
from tests.conftest import CORPUS_META, corpus_file

EXPECTED: dict[str, dict] = json.loads((CORPUS_META / "expected.json").read_text(encoding="utf-8"))


def proposed(mapping: dict[str, str], canonical: str, original: str) -> bool:
    """Whether ``mapping`` maps ``original`` to ``canonical``.

    A wide spend table's channel column is expected as ``spend[<column>]``;
    the channel label inside the brackets is the import's to choose (it may
    shorten ``PPC Spend`` to ``PPC``), so any ``spend[...]`` key mapping that
    column counts.
    """
    if canonical.startswith("spend[") and canonical.endswith("]"):
        return any(k.startswith("spend[") and v == original for k, v in mapping.items())
    return mapping.get(canonical) == original


def test_proposed_accepts_any_label_for_a_wide_spend_column():
    mapping = {"date": "Date", "spend[PPC]": "PPC Spend", "spend[TV]": "TV"}
    assert proposed(mapping, "spend[PPC Spend]", "PPC Spend")
    assert proposed(mapping, "spend[TV]", "TV")
    assert not proposed(mapping, "spend[Radio]", "Radio")
    assert proposed(mapping, "date", "Date")
    assert not proposed(mapping, "date", "PPC Spend")
    assert not proposed({"spend": "PPC Spend"}, "spend[PPC Spend]", "PPC Spend")


def test_expected_entries_are_well_formed():
    kinds = {"orders", "traffic", "events", "prices", "spend"}
    assert len(EXPECTED) >= 30
    for relative, entry in EXPECTED.items():
        assert entry["kind"] in kinds, relative
        assert isinstance(entry["mapping"], dict) and entry["mapping"], relative
        assert isinstance(entry["rows"], int) and entry["rows"] > 0, relative
        assert set(entry) <= {"kind", "mapping", "rows", "note"}, relative
    # at least ten sources (the first path component is the source)
    assert len({relative.split("/", 1)[0] for relative in EXPECTED}) >= 10


def readable_id(relative: str) -> str:
    """``source:file`` (pytest escapes non-ASCII ids, so a Chinese file name shows as its extension)."""
    source, name = relative.split("/", 1)
    if not name.isascii():
        name = "(non-ASCII name)" + Path(name).suffix
    return f"{source}:{name}"


@pytest.mark.parametrize("relative", sorted(EXPECTED), ids=readable_id)
def test_corpus_file_loads_with_expected_kind_mapping_and_rows(relative: str):
    expected = EXPECTED[relative]
    ds = load(corpus_file(relative))
    report = ds.report

    assert ds.kind == expected["kind"]
    missing = {c: o for c, o in expected["mapping"].items() if not proposed(ds.mapping, c, o)}
    assert not missing, f"expected mapping items not proposed: {missing}; proposed {ds.mapping}"

    assert report.rows_read == expected["rows"]
    assert report.rows_read == report.rows_kept + report.rows_dropped
    dropped_by_reason = sum(r.count for r in report.reasons.values() if r.dropped)
    assert dropped_by_reason == report.rows_dropped, report.reasons
