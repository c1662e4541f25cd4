"""The pricing page's own figures in analytics.pricing: labels, heat-map picks, index summary,
feed dates, severities, the cost grid. Checked by hand on tiny frames."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from analytics import pricing as pr


def test_short_label():
    assert pr.short_label("P1", "P1") == "P1"
    assert pr.short_label("P1", "Tea") == "Tea · P1"
    long = "x" * 60
    assert pr.short_label("P1", long, 10) == "x" * 9 + "… · P1"
    assert pr.short_label(7, "7") == "7"
    frame = pd.DataFrame({"product": ["a", "b"], "title": ["a", "Bean"]}, index=[5, 9])
    labels = pr.product_labels(frame)
    assert labels.tolist() == ["a", "Bean · b"] and labels.index.tolist() == [5, 9]


@pytest.fixture
def pos():
    return pd.DataFrame(
        {
            "product": ["p1", "p2", "p3", "p4", "p5"],
            "title": ["One", "Two", "Three", "Four", "Five"],
            "status": ["cheapest", "most_expensive", "middle", "only_us", "not_ours"],
            "gap_pct": [-0.30, 0.10, 0.20, np.nan, np.nan],
        }
    )


@pytest.mark.parametrize(
    ("order", "want"),
    [("gap", ["p1", "p3", "p2"]), ("behind", ["p3", "p2", "p1"]), ("ahead", ["p1", "p2", "p3"])],
)
def test_heat_products(pos, order, want):
    assert pr.compared(pos)["product"].tolist() == ["p1", "p2", "p3"]
    assert pr.heat_products(pos, order, 10) == want
    assert pr.heat_products(pos, order, 2) == want[:2]


def test_heat_frame_orders_by_the_picked_products(pos):
    gaps = pd.DataFrame({"product": ["p1", "p3", "p3", "p1"], "seller": ["a", "a", "b", "b"]})
    out = pr.heat_frame(gaps, pos, ["p3", "p1"])
    assert out["label"].tolist() == ["Three · p3", "Three · p3", "One · p1", "One · p1"]
    assert not isinstance(out["label"].dtype, pd.CategoricalDtype)
    assert sorted(out["seller"].tolist()) == ["a", "a", "b", "b"]


def test_index_summary():
    days = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"])
    table = pd.DataFrame({"index": [100.0, 104.0, np.nan], "products": [3, 4, 0]}, index=days)
    got = pr.index_summary(table)
    assert got["date"] == days[1] and got["index"] == 104.0 and got["products"] == 4
    assert got["delta"] == pytest.approx(4.0)
    assert got["mean"] == pytest.approx(102.0)
    assert got["days"] == list(days[:2])
    one = pr.index_summary(table.iloc[:1])
    assert one["delta"] is None and one["mean"] == 100.0
    assert pr.index_summary(table.iloc[2:]) is None


def test_ours_first(pos):
    products, titles = pr.ours_first(pos)
    assert products == ["p1", "p2", "p3", "p4", "p5"]
    flipped = pos.iloc[::-1]
    assert pr.ours_first(flipped)[0] == ["p4", "p3", "p2", "p1", "p5"]
    assert titles["p5"] == "Five"


def test_feed_days():
    prices = pd.DataFrame({"date": ["2024-01-10", "2024-01-03", "2024-01-10", None, "2024-02-05"]})
    days = pr.feed_days(prices)
    assert list(days) == list(pd.to_datetime(["2024-01-03", "2024-01-10", "2024-02-05"]))
    months = pr.feed_days(prices, "M")
    assert list(months) == list(pd.to_datetime(["2024-01-01", "2024-02-01"]))


def test_severity_counts():
    found = pd.DataFrame({"severity": ["low", "high", "low"]})
    assert pr.severity_counts(found) == {"high": 1, "medium": 0, "low": 2}


def test_cost_grid_and_back(pos):
    pos = pos.assign(our_price=[10.0, 11.0, 12.0, 13.0, np.nan])
    grid = pr.cost_grid(pos, {"p2": 6.0, "zz": 1.0})
    assert grid["product"].tolist() == ["p1", "p2", "p3", "p4"]
    assert grid["cost"].isna().tolist() == [True, False, True, True]
    assert grid.loc[grid["product"] == "p2", "cost"].item() == 6.0
    grid.loc[grid["product"] == "p4", "cost"] = 7
    assert pr.costs_from_grid(grid) == {"p2": 6.0, "p4": 7.0}


def test_prepared_fingerprint():
    m = pd.DataFrame({"seller": ["a"], "accept": [True]})
    want = hashlib.sha1(("abc" + "100.0" + m.to_csv()).encode()).hexdigest()
    assert pr.prepared_fingerprint("abc", 100.0, m) == want
    assert pr.prepared_fingerprint("abc", None, None) != pr.prepared_fingerprint("abc", 1.0, None)
