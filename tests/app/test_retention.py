"""The Retention & LTV page through AppTest: sample orders / events / spend, both languages,
meeting mode, no data; the page shows what the library computes."""

from __future__ import annotations

import pytest

from analytics import retention as rt
from tests.app.conftest import assert_clean, make_app, sample_datasets

PAGE = "views/retention.py"


@pytest.fixture(scope="module")
def loaded():
    return {ds.kind: ds for ds in sample_datasets("orders", "events", "spend")}


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def charts(at) -> int:
    return len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))


def test_no_data_says_what_to_load():
    at = make_app(PAGE)
    at.run()
    assert_clean(at)
    assert at.title[0].value == "Retention & LTV"
    assert at.info


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_orders_all_tabs(loaded, lang):
    at = make_app(PAGE, lang=lang, datasets=list(loaded.values()), timeout=120)
    at.run()
    assert_clean(at)
    assert charts(at) >= 4  # triangle, curves, value, model fit
    ret = rt.order_cohorts(loaded["orders"].frame, "week")
    label = "Cohorts" if lang == "en" else "同期群数"
    assert metric(at, label) == f"{len(ret.sizes):,}"
    captions = " ".join(c.value for c in at.caption)
    assert ("Mixpanel" in captions) and ("Amplitude" in captions)
    # payback table with the spend file's channels
    tables = [d.value for d in at.dataframe]
    assert any(len(df) == 7 and df.shape[1] == 7 for df in tables)


@pytest.mark.parametrize(
    "period,definition,window",
    [("month", "recurring", "unbounded"), ("day", "first_time", "cumulative")],
)
def test_switching_definitions(loaded, period, definition, window):
    at = make_app(PAGE, datasets=[loaded["orders"]], timeout=120)
    at.run()
    at.segmented_control(key="retention.period").set_value(period).run()
    at.segmented_control(key="retention.definition").set_value(definition).run()
    at.segmented_control(key="retention.window").set_value(window).run()
    assert_clean(at)
    ret = rt.order_cohorts(loaded["orders"].frame, period, definition, window)
    assert metric(at, "People in cohorts") == f"{int(ret.sizes.sum()):,}"
    # no spend file: the page says how to get payback
    assert any("spend file" in i.value for i in at.info)


def test_event_cohorts_with_start_and_return_events(loaded):
    at = make_app(PAGE, datasets=[loaded["events"]], timeout=120)
    at.run()
    assert_clean(at)
    assert at.segmented_control(key="retention.source").value == "events"
    at.selectbox(key="retention.return_event").set_value("purchase").run()
    assert_clean(at)
    ret = rt.event_cohorts(loaded["events"].frame, "week", return_event="purchase")
    assert metric(at, "Cohorts") == f"{len(ret.sizes):,}"
    # value and forecast need orders
    assert any("orders with customer IDs" in i.value for i in at.info)


def test_meeting_mode(loaded):
    at = make_app(PAGE, datasets=list(loaded.values()), timeout=120)
    at.session_state["app.meeting"] = True
    at.run()
    assert_clean(at)
    assert charts(at) >= 4


def test_product_costs_from_the_pricing_page_give_the_margin(loaded):
    orders = loaded["orders"].frame
    names = orders["product_name"].dropna().unique()[:5]
    costs = {str(n): 10.0 for n in names}
    at = make_app(PAGE, datasets=[loaded["orders"]], timeout=120)
    at.session_state["_settings"] = {"pricing.costs": costs}
    at.run()
    assert_clean(at)
    share = rt.cost_coverage(orders, costs)
    assert 0 < share < 1
    captions = " ".join(c.value for c in at.caption)
    assert "Competitor prices page" in captions and f"{100 * share:.1f}%" in captions


def test_value_by_first_touch_channel(loaded):
    at = make_app(PAGE, datasets=list(loaded.values()), timeout=120)
    at.run()
    at.segmented_control(key="retention.value_by").set_value("first_touch").run()
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "First-touch channel" in captions


def test_orders_without_customer_ids_say_what_is_needed(loaded):
    import dataclasses

    ds = loaded["orders"]
    bare = dataclasses.replace(
        ds, frame=ds.frame.drop(columns=["customer_id"]), fingerprint=ds.fingerprint + "-bare"
    )
    at = make_app(PAGE, datasets=[bare], timeout=120)
    at.run()
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "customer" in warnings
    assert any("orders with customer IDs" in i.value for i in at.info)


def test_value_by_cohort(loaded):
    at = make_app(PAGE, datasets=list(loaded.values()), timeout=120)
    at.run()
    at.segmented_control(key="retention.value_by").set_value("cohort").run()
    assert_clean(at)
    assert any("per acquisition channel" in c.value for c in at.caption)


def test_past_the_size_threshold_the_triangle_is_counted_on_duckdb(loaded, monkeypatch):
    """Issue 18: a dataset past the threshold has its cohort cells counted by the engine
    layer (DuckDB), with the pandas figures."""
    from analytics.engine import aggregates, route

    calls = []
    real = aggregates.cohort_counts

    def spy(*args, **kwargs):
        calls.append(args[2:])
        return real(*args, **kwargs)

    monkeypatch.setattr(route, "THRESHOLD_ROWS", 10)
    monkeypatch.setattr(aggregates, "cohort_counts", spy)
    at = make_app(PAGE, datasets=[loaded["orders"]], timeout=120)
    at.run()
    at.segmented_control(key="retention.window").set_value("cumulative").run()
    assert_clean(at)
    assert ("week", "first_time", "cumulative") in calls
    ret = rt.order_cohorts(loaded["orders"].frame, "week", "first_time", "cumulative")
    assert metric(at, "People in cohorts") == f"{int(ret.sizes.sum()):,}"
