"""The Traffic page's small figures (analytics.traffic: default_window, has_days,
default_freq, mix_in_order, effects_long, efficiency_points, pair_options, add_rule),
each checked against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics import traffic as tr

ts = pd.Timestamp


@pytest.mark.parametrize(
    ("lo", "hi", "first"),
    [
        ("2024-01-01", "2024-03-31", "2024-03-04"),  # 91 days -> the last 28
        ("2024-01-01", "2024-02-25", "2024-01-29"),  # 56 days exactly -> 28
        ("2024-01-01", "2024-02-24", "2024-02-18"),  # 55 days -> the last 7
        ("2024-01-01", "2024-01-14", "2024-01-08"),  # 14 days -> 7
        ("2024-01-01", "2024-01-13", "2024-01-01"),  # 13 days -> all of them
        ("2024-01-01", "2024-01-01", "2024-01-01"),
    ],
)
def test_default_window(lo, hi, first):
    assert tr.default_window(ts(lo).date(), ts(hi).date()) == (ts(first), ts(hi))


def test_has_days_counts_both_ends():
    daily = pd.DataFrame({"date": pd.to_datetime(["2024-01-03", "2024-01-10"])})
    assert tr.has_days(daily, ts("2024-01-10"), ts("2024-01-12"))
    assert tr.has_days(daily, ts("2024-01-01"), ts("2024-01-03"))
    assert not tr.has_days(daily, ts("2024-01-04"), ts("2024-01-09"))


@pytest.mark.parametrize(("days", "freq"), [(0, "D"), (92, "D"), (93, "W"), (731, "W"), (732, "M")])
def test_default_freq(days, freq):
    start = ts("2020-01-01")
    assert tr.default_freq(start, start + pd.Timedelta(days=days)) == freq


def test_mix_in_order_keeps_listed_channels_with_their_place():
    over = pd.DataFrame({"channel": ["B", "X", "A", "B"], "volume": [1, 2, 3, 4]})
    got = tr.mix_in_order(over, ["A", "B"])
    assert got["channel"].tolist() == ["B", "A", "B"]
    assert got["volume"].tolist() == [1, 3, 4]
    assert got["label_order"].tolist() == [1, 0, 1]


def _decomposition() -> tr.Decomposition:
    by = pd.DataFrame(
        {"revenue_prev": [10.0, 20.0], "traffic": [1.0, -2.0], "value": [3.0, 4.0]},
        index=pd.Index(["A", "B"], name="channel"),
    )
    nan = float("nan")
    return tr.Decomposition(
        by, ("traffic", "value"), pd.Series(dtype=float), {}, nan, nan, nan, nan, by
    )


def test_effects_long_has_one_row_per_channel_and_factor():
    got = tr.effects_long(_decomposition())
    rows = set(zip(got["channel"], got["effect"], got["amount"], strict=True))
    assert rows == {
        ("A", "traffic", 1.0),
        ("B", "traffic", -2.0),
        ("A", "value", 3.0),
        ("B", "value", 4.0),
    }
    assert len(got) == 4


def test_efficiency_points_and_median():
    eff = pd.DataFrame(
        {"roas": [1.0, np.nan, 4.0, 2.0], "roi": [0.0, 1.0, np.nan, np.nan]},
        index=pd.Index(["A", "B", "C", "D"], name="channel"),
    )
    data, median = tr.efficiency_points(eff, "roas")
    assert data["channel"].tolist() == ["A", "C", "D"]
    assert median == 2.0  # sorted 1, 2, 4
    data, median = tr.efficiency_points(eff, "roi")
    assert data["channel"].tolist() == ["A", "B"] and median == 0.5
    empty, median = tr.efficiency_points(eff.iloc[:0], "roas")
    assert empty.empty and math.isnan(median)


def test_pair_options_and_add_rule_round_trip():
    pairs = pd.DataFrame(
        {
            "source": ["google", "google", None, "baidu"],
            "medium": ["cpc", "cpc", "email", None],
        }
    )
    options = tr.pair_options(pairs)
    assert options == ["google / cpc", " / email", "baidu / "]
    assert tr.pair_options(pairs, limit=1) == ["google / cpc"]
    rules = pd.DataFrame({"source": ["x"], "medium": ["*"], "channel": ["Direct"]})
    got = tr.add_rule(rules, options[2], "Referral")
    assert got.to_dict("list") == {
        "source": ["baidu", "x"],
        "medium": ["*", "*"],  # an empty medium matches any
        "channel": ["Referral", "Direct"],
    }
    got = tr.add_rule(rules, options[0], "Paid Search")
    assert got.iloc[0].tolist() == ["google", "cpc", "Paid Search"]


def test_day_span():
    daily = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-02", "2024-01-09"])})
    assert tr.day_span(daily) == (ts("2024-01-02"), ts("2024-01-09"))
