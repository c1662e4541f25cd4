"""The Overview page's small figures (analytics.kpi: data_span, sparkline, tree_total),
each checked against values worked out by hand on a tiny frame."""

from __future__ import annotations

import math

import pandas as pd

from analytics import kpi


def test_data_span_takes_the_earliest_first_and_latest_last_day():
    ts = pd.Timestamp
    ranges = [(ts("2024-03-05"), ts("2024-03-09")), None, (ts("2024-02-28"), ts("2024-03-07"))]
    assert kpi.data_span(ranges) == (ts("2024-02-28"), ts("2024-03-09"))
    assert kpi.data_span(iter(ranges)) == (ts("2024-02-28"), ts("2024-03-09"))
    assert kpi.data_span([None, None]) is None
    assert kpi.data_span([]) is None


def test_sparkline_keeps_the_last_weeks_days_with_values():
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    values = [float(i) + 0.123456 for i in range(30)]
    values[27] = float("nan")
    daily = pd.DataFrame({"gmv": values}, index=days)
    # 2 weeks ending on day 29 (2024-01-30): days 16..29, day 27 missing -> 13 values
    got = kpi.sparkline(daily, "gmv", days[29], weeks=2)
    want = [round(i + 0.123456, 4) for i in range(16, 30) if i != 27]
    assert got == want
    # ending earlier: the window moves with the end day
    assert kpi.sparkline(daily, "gmv", days[3], weeks=2) == [
        round(i + 0.123456, 4) for i in range(0, 4)
    ]


def test_sparkline_needs_three_days_and_the_metric():
    days = pd.date_range("2024-01-01", periods=2, freq="D")
    daily = pd.DataFrame({"gmv": [1.0, 2.0]}, index=days)
    assert kpi.sparkline(daily, "gmv", days[-1]) is None
    assert kpi.sparkline(daily, "orders", days[-1]) is None


def _ov(contributions, prev_gmv):
    table = pd.DataFrame({"previous": [prev_gmv]}, index=["gmv"])
    tree = pd.DataFrame({"driver": ["a", "b"], "contribution": contributions})
    empty = pd.DataFrame()
    period = kpi.period_bounds("2024-01-31")
    day = pd.Timestamp("2024-01-31")
    return kpi.Overview(period, day, day, empty, empty, table, tree, empty, empty)


def test_tree_total_sums_contributions_against_previous_gmv():
    total, share = kpi.tree_total(_ov([30.0, -10.0], 400.0))
    assert total == 20.0
    assert share == 20.0 / 400.0
    total, share = kpi.tree_total(_ov([5.0, 5.0], 0.0))
    assert total == 10.0 and math.isnan(share)
