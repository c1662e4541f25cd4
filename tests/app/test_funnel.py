"""The funnel page through AppTest: sample events, aggregated counts, no data, both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import funnel as fn
from tests.app.conftest import assert_clean, make_app, sample_datasets

PAGE = "views/funnel.py"


@pytest.fixture(scope="module")
def loaded():
    return {ds.kind: ds for ds in sample_datasets("events", "orders", "traffic")}


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def num(text: str) -> float:
    return float(text.replace(",", "").replace("%", ""))


def charts(at) -> int:
    return len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))


def test_no_data_shows_guidance_and_offers_counts():
    at = make_app(PAGE)
    at.run()
    assert_clean(at)
    # no event log: the aggregated-counts input is chosen, with an empty template to fill
    assert at.segmented_control(key="funnel.input").value == "table"
    assert any("Fill in a name and a count" in i.value for i in at.info)
    at.segmented_control(key="funnel.input").set_value("events").run()
    assert_clean(at)
    assert any("Event log" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_events_default_funnel(loaded, lang):
    at = make_app(PAGE, lang=lang, datasets=[loaded["events"], loaded["orders"]], timeout=90)
    at.run()
    assert_clean(at)
    entered = "Entered (step 1)" if lang == "en" else "进入（第 1 步）"
    completed = "Completed (last step)" if lang == "en" else "完成（最后一步）"
    # the proposed steps are view / cart / checkout / purchase; the page counts what the library counts
    ev = loaded["events"].frame
    want = fn.funnel_counts(ev, ["view", "cart", "checkout", "purchase"], exclude_in_progress=True)[
        "users"
    ].tolist()
    assert num(metric(at, entered)) == want[0]
    assert num(metric(at, completed)) == want[-1]
    assert [at.multiselect(key=f"funnel.events.{i}").value for i in range(4)] == [
        ["view"],
        ["cart"],
        ["checkout"],
        ["purchase"],
    ]
    assert charts(at) >= 4  # funnel, time histogram, breakdown, trend (+ comparison)
    assert len(at.warning) >= 1  # the biggest drop-off callout
    text = " ".join(c.value for c in at.caption)
    assert ("Wilson" in text) and (("in progress" in text) if lang == "en" else ("转化期" in text))


def test_changing_steps_window_and_order_changes_numbers(loaded):
    at = make_app(PAGE, datasets=[loaded["events"]], timeout=90)
    at.run()
    base_completed = num(metric(at, "Completed (last step)"))
    base_entered = num(metric(at, "Entered (step 1)"))

    at.number_input(key="funnel.n_steps").set_value(2).run()
    assert_clean(at)
    two = num(metric(at, "Completed (last step)"))
    assert two > base_completed  # view -> cart is easier than view -> ... -> purchase

    at.number_input(key="funnel.n_steps").set_value(4).run()
    at.number_input(key="funnel.window").set_value(2).run()
    at.selectbox(key="funnel.window_unit").set_value("minutes").run()
    assert_clean(at)
    short = num(metric(at, "Completed (last step)"))
    assert short < base_completed
    # fewer users are still in progress with a 2-minute window, so more enter
    assert num(metric(at, "Entered (step 1)")) > base_entered

    at.number_input(key="funnel.window").set_value(7).run()
    at.selectbox(key="funnel.window_unit").set_value("days").run()
    at.selectbox(key="funnel.order").set_value("strict").run()
    assert_clean(at)
    strict = num(metric(at, "Completed (last step)"))
    ev = loaded["events"].frame
    want = fn.funnel_counts(
        ev, ["view", "cart", "checkout", "purchase"], order="strict", exclude_in_progress=True
    )["users"].tolist()
    assert strict == want[-1] and strict <= base_completed

    at.toggle(key="funnel.exclude").set_value(False).run()
    at.segmented_control(key="funnel.count").set_value("totals").run()
    assert_clean(at)
    totals = fn.funnel_counts(
        ev, ["view", "cart", "checkout", "purchase"], order="strict", count="totals"
    )["users"].tolist()
    assert num(metric(at, "Entered (step 1)")) == totals[0]


def test_step_editing_errors_are_warnings(loaded):
    at = make_app(PAGE, datasets=[loaded["events"]], timeout=90)
    at.run()
    at.multiselect(key="funnel.events.1").set_value(["view"]).run()
    assert_clean(at)
    assert any("two steps" in w.value for w in at.warning)
    at.multiselect(key="funnel.events.1").set_value([]).run()
    assert_clean(at)
    assert any("at least one event" in w.value for w in at.warning)
    # several raw names in one step, relabelled
    at.multiselect(key="funnel.events.1").set_value(["cart", "checkout"])
    at.text_input(key="funnel.label.1").set_value("Cart or checkout")
    at.number_input(key="funnel.n_steps").set_value(3)
    at.multiselect(key="funnel.events.2").set_value(["purchase"]).run()
    assert_clean(at)
    want = fn.funnel_counts(
        loaded["events"].frame, ["view", ["cart", "checkout"], "purchase"], exclude_in_progress=True
    )["users"].tolist()
    assert num(metric(at, "Completed (last step)")) == want[-1]


def test_breakdown_trend_and_export_controls(loaded):
    at = make_app(PAGE, datasets=[loaded["events"], loaded["orders"]], timeout=90)
    at.run()
    assert at.selectbox(key="funnel.bd_by").options[-1] == "RFM segment (from orders)"
    assert "price" not in at.selectbox(key="funnel.bd_by").options  # continuous: no breakdown
    at.selectbox(key="funnel.bd_by").set_value("__rfm__").run()
    assert_clean(at)
    at.selectbox(key="funnel.bd_by").set_value("device").run()
    at.segmented_control(key="funnel.trend_freq").set_value("D").run()
    at.number_input(key="funnel.cmp_days").set_value(30).run()
    at.selectbox(key="funnel.drop_step").set_value(2).run()
    assert_clean(at)
    fu = fn.user_funnel(loaded["events"].frame, ["view", "cart", "checkout", "purchase"])
    lost = fn.dropped_users(fu, 2, exclude_in_progress=True)
    assert any(c.value.startswith(f"{len(lost):,} users") for c in at.caption)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_aggregated_counts_from_traffic(loaded, lang):
    at = make_app(PAGE, lang=lang, datasets=[loaded["traffic"]], timeout=60)
    at.run()
    assert_clean(at)
    assert at.segmented_control(key="funnel.input").value == "table"
    label = "Traffic dataset (column totals)" if lang == "en" else "渠道流量数据（列合计）"
    at.radio(key="funnel.table_source").set_value(label).run()
    assert_clean(at)
    frame = loaded["traffic"].frame
    cols = at.multiselect(key="funnel.table_cols").value
    assert cols == ["visitors", "orders", "buyers"]
    entered = "Entered (step 1)" if lang == "en" else "进入（第 1 步）"
    assert num(metric(at, entered)) == pytest.approx(frame["visitors"].sum())
    at.multiselect(key="funnel.table_cols").set_value(["visitors", "buyers"]).run()
    assert_clean(at)
    overall = "Overall conversion" if lang == "en" else "整体转化率"
    want = frame["buyers"].sum() / frame["visitors"].sum() * 100
    assert num(metric(at, overall)) == pytest.approx(want, abs=0.006)
    assert charts(at) == 1
    # no per-user controls with aggregated counts
    assert not [s for s in at.selectbox if s.key == "funnel.order"]


def test_page_with_tiny_handmade_log():
    """A log whose names match no vocabulary: the two most frequent names are proposed."""
    from analytics.schema import Dataset, ImportReport

    frame = pd.DataFrame(
        {
            "user_id": ["a", "a", "b", "b", "c"],
            "event_time": pd.to_datetime(
                [
                    "2024-01-01 10:00",
                    "2024-01-01 10:05",
                    "2024-01-01 11:00",
                    "2024-01-09 00:00",
                    "2024-01-20 00:00",
                ]
            ),
            "event": ["open", "signup", "open", "signup", "open"],
        }
    )
    ds = Dataset("events", frame, mapping={}, report=ImportReport(5, 5, 0), fingerprint="tiny-log")
    at = make_app(PAGE, datasets=[ds])
    at.run()
    assert_clean(at)
    assert at.multiselect(key="funnel.events.0").value == ["open"]
    assert num(metric(at, "Entered (step 1)")) == 2  # c is still in progress
    assert num(metric(at, "Completed (last step)")) == 1  # b signed up 7.5 days after opening
