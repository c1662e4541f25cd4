"""The segments page's own figures in analytics.rfm and analytics.clustering."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import clustering as cl
from analytics import rfm

D = pd.Timestamp


@pytest.mark.parametrize(
    ("as_of", "first", "want"),
    [
        ("2024-03-20", "2024-01-01", "2024-03-13"),  # a week before
        ("2024-01-05", "2024-01-01", "2024-01-01"),  # held at the first day
        ("2024-01-02", "2024-01-01", "2024-01-01"),  # the only day there is
    ],
)
def test_compare_window(as_of, first, want):
    lo, hi, default = rfm.compare_window(D(as_of), D(first))
    assert lo == D(first)
    assert hi == D(as_of) - pd.Timedelta(days=1)
    assert default == D(want)
    assert lo <= default <= hi


def test_present_segments_keeps_order_of_non_empty():
    summary = pd.DataFrame({"segment": ["x", "y", "z", "w"], "customers": [3, 0, 1, 0]})
    assert rfm.present_segments(summary) == ["x", "z"]


def test_movement_cells_drop_empty_rows_and_columns():
    mat = pd.DataFrame(
        [[2, 0, 0], [0, 0, 0], [1, 0, 4]],
        index=pd.Index(["a", "b", "c"], name="before"),
        columns=pd.Index(["a", "b", "c"], name="after"),
    )
    cells, rows, cols = rfm.movement_cells(mat)
    assert rows == ["a", "c"] and cols == ["a", "c"]
    want = {("a", "a"): 2, ("a", "c"): 0, ("c", "a"): 1, ("c", "c"): 4}
    got = {(r.source, r.target): r.customers for r in cells.itertuples(index=False)}
    assert got == want
    assert cells.columns.tolist() == ["source", "target", "customers"]


def test_members_by_position():
    scored = pd.DataFrame({"m": [1.0, 2.0, 3.0]}, index=["u1", "u2", "u3"])
    keys = pd.Series(["k", "j", "k"], index=["u1", "u2", "u3"])
    assert rfm.members(scored, keys, "k").index.tolist() == ["u1", "u3"]
    assert rfm.members(scored, keys, None).empty
    assert rfm.members(scored, pd.Series([0, 1, 1]), 1).index.tolist() == ["u2", "u3"]


def test_scatter_points_samples_only_above_the_cap():
    scored = pd.DataFrame(
        {"recency_days": [1, 2, 3, 4], "monetary": [10.0, 20.0, 30.0, 40.0], "x": 0},
        index=["a", "b", "c", "d"],
    )
    names = pd.Series(["A", "B", "A", "B"], index=scored.index)
    pts = cl.scatter_points(scored, names, 10)
    assert pts.columns.tolist() == ["recency_days", "monetary", "label"]
    assert pts["recency_days"].dtype == "float64"
    assert list(zip(pts["monetary"], pts["label"], strict=True)) == [
        (10.0, "A"), (20.0, "B"), (30.0, "A"), (40.0, "B"),
    ]  # fmt: skip
    few = cl.scatter_points(scored, names, 2)
    assert len(few) == 2 and list(few.index) == [0, 1]
    # each sampled row keeps its own label
    pairs = dict(zip(scored["monetary"], names, strict=True))
    assert all(pairs[m] == lab for m, lab in zip(few["monetary"], few["label"], strict=True))


def test_cross_counts_by_hand():
    rows = pd.Series(["c1", "c2", "c1", "c1"], index=list("abcd"), name="cluster")
    cols = pd.Series(["s2", "s1", "s2", "s3"], index=list("abcd"), name="segment")
    cross = cl.cross_counts(rows, cols, ["c2", "c1"], ["s3", "s9", "s2", "s1"])
    assert cross.index.tolist() == ["c2", "c1"]
    assert cross.columns.tolist() == ["s3", "s2", "s1"]
    assert cross.loc["c1"].tolist() == [1, 2, 0]
    assert cross.loc["c2"].tolist() == [0, 0, 1]
