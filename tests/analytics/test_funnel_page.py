"""The Funnel page's small figures (analytics.funnel: conversion_window, step_problems,
step_summary, activity_summary, count_columns, column_steps, typed_steps, time_unit,
breakdown_properties, completion_rate, comparison_summary), each checked against values
worked out by hand on tiny frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics import funnel as fn

ts = pd.Timestamp


@pytest.mark.parametrize(
    ("value", "unit", "seconds", "capped"),
    [
        (7, "days", 7 * 86400, False),
        (90, "days", 90 * 86400, False),
        (91, "days", 90 * 86400, True),
        (3, "hours", 3 * 3600, False),
        (129600, "minutes", 90 * 86400, False),  # 90 days in minutes: exactly the cap
        (129600, "hours", 90 * 86400, True),
    ],
)
def test_conversion_window(value, unit, seconds, capped):
    window, was_capped = fn.conversion_window(value, unit)
    assert window == pd.Timedelta(seconds=seconds)
    assert was_capped is capped


def test_step_problems():
    assert fn.step_problems([["a"], ["b", "c"]]) == []
    assert fn.step_problems([["a"], []]) == ["empty_step"]
    assert fn.step_problems([["a"], ["b", "a"]]) == ["twice"]
    assert fn.step_problems([["a"], [], ["a"]]) == ["empty_step", "twice"]


def test_step_summary_on_a_hand_built_table():
    table = fn.step_table([200, 50, 40], ["v", "c", "p"])
    s = fn.step_summary(table)
    assert (s["first"], s["last"]) == (200, 40)
    assert s["overall"] == 40 / 200
    assert s["not_nested"] is False
    assert s["biggest"] == 1  # 150 lost at step 2 against 10 at step 3
    rising = fn.step_summary(fn.step_table([10, 12], ["a", "b"]))
    assert rising["not_nested"] is True
    empty = fn.step_summary(fn.step_table([0, 0], ["a", "b"]))
    assert empty["first"] == 0 and math.isnan(empty["overall"])


def test_activity_summary():
    events = pd.DataFrame({"user_id": ["u1", "u2", "u1", "u3", "u1"]})
    act = pd.DataFrame({"events": [3, 2]})
    assert fn.activity_summary(events, act) == {"users": 3, "events": 5, "per_user": 5 / 3}
    assert fn.activity_summary(events.iloc[:0], act.iloc[:0])["per_user"] == 0


def test_count_columns_and_column_steps():
    frame = pd.DataFrame(
        {
            "channel": ["a", "b"],
            "orders": [3, 4],
            "flag": [True, False],
            "visitors": [100.0, 50.0],
            "other": [1, 1],
        }
    )
    numeric, proposed = fn.count_columns(frame)
    assert numeric == ["orders", "visitors", "other"]
    assert proposed == ["visitors", "orders"]  # funnel order, not file order
    _, first_two = fn.count_columns(
        frame[["channel", "other", "orders"]].rename(columns={"orders": "x"})
    )
    assert first_two == ["other", "x"]
    steps = fn.column_steps(frame, ["visitors", "orders"])
    assert steps.to_dict("list") == {"step": ["visitors", "orders"], "count": [150.0, 7.0]}


def test_typed_steps():
    nan = np.nan
    ok = pd.DataFrame({"step": ["a", nan, "b"], "count": [5, nan, 3]})
    assert fn.typed_steps(ok) == (None, ["a", "b"], [5.0, 3.0])
    half = pd.DataFrame({"step": ["a", "b"], "count": [5, nan]})
    assert fn.typed_steps(half)[0] == "fill"
    one = pd.DataFrame({"step": ["a"], "count": [5]})
    assert fn.typed_steps(one)[:2] == ("steps_range", ["a"])
    many = pd.DataFrame({"step": list("abcdefghijk"), "count": range(11)})
    assert fn.typed_steps(many)[0] == "steps_range"


@pytest.mark.parametrize(
    ("median", "unit"),
    [
        (59, (60, "minutes")),
        (3599, (60, "minutes")),
        (3600, (3600, "hours")),
        (86400, (86400, "days")),
    ],
)
def test_time_unit(median, unit):
    assert fn.time_unit(median) == unit


def _log() -> pd.DataFrame:
    rows = [
        ("u1", "2024-01-01 10:00", "view", "ios", 1.5),
        ("u1", "2024-01-01 10:05", "buy", "ios", 1.5),
        ("u2", "2024-01-02 10:00", "view", "web", 2.5),
        ("u3", "2024-01-03 10:00", "view", "web", 2.5),
        ("u3", "2024-01-03 11:00", "buy", "web", 2.5),
        ("u4", "2024-01-04 10:00", "view", "web", 2.5),
        ("u5", "2024-01-08 09:00", "view", "ios", 3.5),  # still in its window at the end
        ("u5", "2024-01-08 09:10", "other", "ios", 3.5),
    ]
    frame = pd.DataFrame(rows, columns=["user_id", "event_time", "event", "device", "score"])
    frame["event_time"] = pd.to_datetime(frame["event_time"])
    frame["same"] = "x"
    return frame


def test_breakdown_properties_and_completion_rate():
    fu = fn.user_funnel(_log(), ["view", "buy"], pd.Timedelta(days=2))
    # device and score vary; "same" has one value; the funnel's own columns are left out
    assert fn.breakdown_properties(fu) == ["device", "score"]
    # 5 users entered, u1 and u3 bought; u5 is still in progress
    assert fn.completion_rate(fu, False) == 2 / 5
    assert fn.completion_rate(fu, True) == 2 / 4


def test_comparison_summary():
    cur = fn.step_table([100, 30], ["a", "b"])
    prev = fn.step_table([80, 20], ["a", "b"])
    day = ts("2024-01-01")
    cmp = fn.PeriodComparison(cur, prev, (day, day), (day, day), pd.DataFrame())
    s = fn.comparison_summary(cmp)
    assert s["current"] == pytest.approx(0.30) and s["previous"] == pytest.approx(0.25)
    assert s["pp"] == pytest.approx(5.0)
    assert (s["entered"], s["entered_change"]) == (100, 20)
    none = fn.PeriodComparison(cur, fn.step_table([0, 0], ["a", "b"]), (day, day), (day, day), None)
    assert fn.comparison_summary(none) is None


def test_in_progress_and_small_segment_counts():
    fu = fn.user_funnel(_log(), ["view", "buy"], pd.Timedelta(days=2))
    # only u5 started within 2 days of the log's last event without finishing
    assert fn.in_progress_count(fu) == 1
    bd = pd.DataFrame({"segment": ["a", "b", "c"], "small": [True, False, True]})
    assert fn.small_segments(bd) == 2
    assert fn.small_segments(bd.iloc[:0]) == 0
