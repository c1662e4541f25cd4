"""The Experiments page through AppTest: the sample event log's A/B test, a typed table,
orders with a coupon column, a segment as population, planning, no data, both languages and
meeting mode."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analytics import experiments as ex
from tests.app.conftest import assert_clean, make_app, sample_datasets

PAGE = "views/experiments.py"


@pytest.fixture(scope="module")
def loaded():
    return {ds.kind: ds for ds in sample_datasets("events", "orders")}


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def verdict(at) -> str:
    boxes = [*at.success, *at.info, *at.warning, *at.error]
    return next(b.value for b in boxes if "Verdict" in b.value or "结论" in b.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_events_reading_and_verdict(loaded, lang):
    at = make_app(PAGE, lang=lang, datasets=[loaded["events"], loaded["orders"]], timeout=90)
    at.run()
    assert_clean(at)
    assert at.segmented_control(key="experiments.source").value == "events"
    assert at.selectbox(key="experiments.variant_col").value == "variant"
    assert at.selectbox(key="experiments.control").value == "A"
    data = ex.from_events(loaded["events"].frame, "variant")
    want = ex.verdict(ex.read(data, "A"), mde=0.1)
    assert want.code == "ship"
    said = verdict(at)
    assert ("Ship B" if lang == "en" else "上线 B") in said
    users = "Users in the test" if lang == "en" else "测试用户数"
    assert metric(at, users) == f"{int(data.summary['users'].sum()):,}"
    assert len(at.dataframe) >= 1


def test_widgets_change_the_reading(loaded):
    at = make_app(PAGE, datasets=[loaded["events"], loaded["orders"]], timeout=90)
    at.run()
    at.segmented_control(key="experiments.alpha").set_value(0.01).run()
    assert_clean(at)
    at.segmented_control(key="experiments.rpu").set_value("bootstrap").run()
    assert_clean(at)
    assert any("bootstrap" in c.value for c in at.caption)
    at.selectbox(key="experiments.control").set_value("B").run()
    assert_clean(at)
    assert "Keep running" in verdict(at) or "Stop" in verdict(at)
    at.selectbox(key="experiments.conversion").set_value("cart").run()
    assert_clean(at)
    at.selectbox(key="experiments.value").set_value("").run()
    assert_clean(at)


def test_segment_population(loaded):
    at = make_app(PAGE, datasets=[loaded["events"], loaded["orders"]], timeout=120)
    at.run()
    at.segmented_control(key="experiments.population").set_value("segment").run()
    assert_clean(at)
    seg = at.selectbox(key="experiments.segment")
    assert seg.value == "lost"  # the largest segment first
    total = int(metric(at, "Users in the test").replace(",", ""))
    full = int(ex.from_events(loaded["events"].frame, "variant").summary["users"].sum())
    assert 0 < total < full


def test_planning_card_fragment(loaded):
    at = make_app(PAGE, datasets=[loaded["events"]], timeout=90)
    at.run()
    at.number_input(key="experiments.plan_base").set_value(2.0).run()
    at.number_input(key="experiments.plan_traffic").set_value(4000.0).run()
    at.slider(key="experiments.plan_mde").set_value(10.0).run()
    assert_clean(at)
    per_arm = ex.sample_size(0.02, 0.10)
    assert metric(at, "Users per variant") == f"{per_arm:,}"
    assert metric(at, "Days needed") == f"{-(-2 * per_arm // 4000):,}"
    at.segmented_control(key="experiments.plan_power").set_value(0.9).run()
    assert_clean(at)
    assert metric(at, "Users per variant") == f"{ex.sample_size(0.02, 0.10, power=0.9):,}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_data_typed_table(lang):
    at = make_app(PAGE, lang=lang)
    at.run()
    assert_clean(at)
    assert at.segmented_control(key="experiments.source").value == "table"
    fill = "Fill in the users" if lang == "en" else "请至少填写两个分组"
    assert any(fill in i.value for i in at.info)
    # the planning card works without data
    per_arm = "Users per variant" if lang == "en" else "每组用户数"
    assert metric(at, per_arm) == f"{ex.sample_size(0.02, 0.10):,}"


def test_typed_table_reads(monkeypatch):
    # AppTest cannot type into a data editor: feed the editor's result instead
    import streamlit as st

    typed = pd.DataFrame(
        {
            "variant": ["A", "B"],
            "users": [10000, 10600],
            "conversions": [500, 600],
            "revenue": [1.0, 2.0],
        }
    )
    monkeypatch.setattr(st, "data_editor", lambda *a, **k: typed)
    at = make_app(PAGE)
    at.run()
    assert not at.exception
    said = verdict(at)  # an error box: the assignment is broken
    assert "Fix the assignment first" in said and "p < 0.0001" in said.replace("\\", "")


def test_orders_with_a_coupon_column(loaded, monkeypatch):
    import streamlit as st

    orders = loaded["orders"]
    frame = orders.frame.assign(
        coupon=["SAVE5", "SAVE10"] * (len(orders.frame) // 2) + ["SAVE5"] * (len(orders.frame) % 2)
    )
    ds = dataclasses.replace(orders, frame=frame, fingerprint=orders.fingerprint + "-coupon")
    real = st.data_editor

    def editor(base, *a, **k):  # the user types 20,000 users per coupon
        return real(base, *a, **k) if "users" not in base else base.assign(users=20000)

    monkeypatch.setattr(st, "data_editor", editor)
    at = make_app(PAGE, datasets=[ds], timeout=90)
    at.run()
    assert_clean(at)
    assert at.segmented_control(key="experiments.source").value == "orders"
    assert at.selectbox(key="experiments.variant_col").value == "coupon"
    assert verdict(at)


def test_meeting_mode(loaded):
    at = make_app(PAGE, lang="zh", datasets=[loaded["events"]], timeout=90)
    at.session_state["app.meeting"] = True
    at.run()
    assert_clean(at)
    assert "上线 B" in verdict(at)


def test_planned_split_changes_the_sample_ratio_check(loaded):
    at = make_app(PAGE, datasets=[loaded["events"]], timeout=90)
    at.run()
    at.text_input(key="experiments.split").input("90/10").run()
    assert not at.exception
    assert "Fix the assignment first" in verdict(at)
    at.text_input(key="experiments.split").input("1/2/3").run()
    assert not at.exception
    assert any("planned split" in w.value for w in at.warning)
