"""The budget page's own figures in analytics.budget (slider tops, changes, bounds, tables)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics import budget as bud
from analytics.budget import Curve, Optimum, Scenario


def mm(channel: str, vmax: float, k: float, current: float, spend_max: float) -> Curve:
    return Curve(channel, "mm", (vmax, k), current=current, spend_max=spend_max)


def two_sig_ceiling(x: float) -> float:
    """The smallest number of the form m x 10^e (m < 100, e >= -2) at least x, by search."""
    found = [m * 10.0**e for e in range(-2, 12) for m in range(1, 100) if m * 10.0**e >= x - 1e-9]
    return min(found)


@pytest.mark.parametrize(
    ("current", "spend_max"), [(0.0, 0.0), (100.0, 150.0), (1234.0, 900.0), (7.0, 40.0), (0.2, 0.1)]
)
def test_slider_top_is_the_two_digit_ceiling_of_the_largest_reach(current, spend_max):
    c = mm("a", 1000.0, 500.0, current, spend_max)
    top = max(3 * current, 1.5 * spend_max, 1.0)
    assert bud.slider_top(c) == pytest.approx(two_sig_ceiling(top))
    assert bud.slider_top(c) >= top


def test_change_pct_and_back():
    assert bud.change_pct(150.0, 100.0) == pytest.approx(50.0)
    assert bud.change_pct(50.0, 200.0) == pytest.approx(-75.0)
    assert bud.change_pct(10.0, 0.0) == 0.0
    assert bud.from_change_pct(200.0, -25.0) == pytest.approx(150.0)
    assert bud.from_change_pct(200.0, -150.0) == 0.0
    for base, value in [(80.0, 120.0), (3.5, 0.7)]:
        assert bud.from_change_pct(base, bud.change_pct(value, base)) == pytest.approx(value)


def test_extrapolated_keeps_finite_ratios_above_the_limit():
    got = bud.extrapolated(["a", "b", "c", "d"], np.array([1.2, 1.6, np.nan, np.inf]))
    assert got == [("b", pytest.approx(1.6))]
    assert bud.extrapolated(["a"], [3.0], limit=5.0) == []


def test_source_checks():
    spend = pd.DataFrame({"spend": ["0", "12"], "revenue": [1.0, None]})
    assert bud.spend_source_usable(spend)
    assert not bud.spend_source_usable(spend.assign(spend=[0, 0]))
    assert not bud.spend_source_usable(spend.drop(columns="revenue"))
    assert bud.has_revenue(spend)
    assert not bud.has_revenue(spend.assign(revenue=["x", None]))
    assert not bud.has_revenue(spend.drop(columns="revenue"))


def test_bounds_from_table_fills_blanks():
    table = pd.DataFrame(
        {
            "channel": ["a", "b", "c"],
            "current": [1.0, 2.0, 3.0],
            "low": [10.0, None, 5.0],
            "high": [20.0, 30.0, None],
            "locked": [False, True, None],
        }
    )
    bounds, locked = bud.bounds_from_table(table)
    assert bounds == {"a": (10.0, 20.0), "b": (0.0, 30.0), "c": (5.0, math.inf)}
    assert locked == ["b"]


def test_bounds_table_lists_default_bounds():
    curves = {"a": mm("a", 1000, 500, 100, 200), "b": mm("b", 800, 300, 40, 60)}
    table = bud.bounds_table(curves)
    defaults = bud.default_bounds(curves)
    for row in table.itertuples(index=False):
        assert (row.low, row.high) == defaults[row.channel]
        assert row.current == curves[row.channel].current
        assert not row.locked
    assert list(table["channel"]) == ["a", "b"]


def optimum(**over) -> Optimum:
    base = dict(
        spend={"a": 150.4, "b": 49.6},
        revenue={"a": 1.0, "b": 1.0},
        marginal={"a": 1.7, "b": 1.7},
        binds={"a": "free", "b": "upper"},
        multiplier=1.7,
        budget_used=200.0,
        budget_binds=False,
        outside_seen=("b",),
    )
    return Optimum(**{**base, **over})


def test_optimum_table_by_hand():
    table = bud.optimum_table(optimum(), {"a": 100.0, "b": 0.0})
    heads = ["channel", "current", "optimised", "change", "marginal", "binds", "outside"]
    assert table.columns.tolist() == heads
    assert table["current"].tolist() == [100, 0]
    assert table["optimised"].tolist() == [150, 50]
    assert table["change"].iloc[0] == pytest.approx(0.504)
    assert math.isnan(table["change"].iloc[1])
    assert table["binds"].tolist() == ["free", "upper"]
    assert table["outside"].tolist() == [False, True]


def test_free_marginal_and_unspent():
    assert bud.free_marginal(optimum()) == pytest.approx(1.7)
    assert math.isnan(bud.free_marginal(optimum(binds={"a": "lower", "b": "upper"})))
    assert bud.unspent(optimum(), 300.0) == pytest.approx(100.0)
    assert bud.unspent(optimum(), 200.5) == 0.0  # within half a percent
    assert bud.unspent(optimum(budget_binds=True), 300.0) == 0.0


def test_plan_differences():
    unknown, missing = bud.plan_differences({"a": 1.0, "z": 2.0}, ["a", "b"])
    assert (unknown, missing) == (["z"], ["b"])


def test_compare_wide_and_bars_match_the_long_table():
    curves = {"a": mm("a", 1000, 500, 100, 200), "b": mm("b", 800, 300, 40, 60)}
    scs = [Scenario("one", {"a": 100.0, "b": 40.0}), Scenario("two", {"a": 50.0, "b": 90.0})]
    comp = bud.compare_scenarios(curves, scs, total_label="All", base=10.0)
    wide = bud.compare_wide(comp, ["a", "b"], ["two", "one"], "All")
    assert list(wide.index) == ["a", "b", "All"]
    assert list(wide.columns) == [
        (m, s) for m in ("spend", "revenue", "roas") for s in ("two", "one")
    ]
    for r in comp.itertuples(index=False):
        for m in ("spend", "revenue", "roas"):
            assert wide.loc[r.channel, (m, r.scenario)] == pytest.approx(round(getattr(r, m), 2))
    bars = bud.compare_bars(comp, ["b", "a"], ["two", "one"], "All")
    assert "All" not in set(bars["channel"])
    assert {(r.channel, r.ch_order) for r in bars.itertuples()} == {("a", 1), ("b", 0)}
    assert {(r.scenario, r.sc_order) for r in bars.itertuples()} == {("two", 0), ("one", 1)}
