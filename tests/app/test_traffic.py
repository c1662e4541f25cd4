"""The traffic-source page through AppTest: sample data, orders only, no data, both languages."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics.schema import Dataset, ImportReport
from tests.app.conftest import assert_clean, make_app, sample_datasets

PAGE = "views/traffic.py"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def samples():
    return sample_datasets("traffic", "orders", "spend")


def _metric(at, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


def _ds(kind: str, frame: pd.DataFrame, fp: str) -> Dataset:
    n = len(frame)
    return Dataset(kind, frame, {}, ImportReport(n, n, 0), fingerprint=fp, filename=f"{kind}.csv")


def _web_traffic(spend: bool = True, revenue: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    pairs = [("google", "cpc"), ("google", "organic"), ("(direct)", "(none)"), ("foo", "bar")]
    rows = []
    for d in pd.date_range("2024-01-01", periods=40):
        for s, m in pairs:
            v = float(rng.integers(100, 400))
            b = float(rng.binomial(int(v), 0.03))
            rows.append(
                {
                    "date": d,
                    "channel": None,
                    "source": s,
                    "medium": m,
                    "visitors": v,
                    "buyers": b,
                    "orders": b,
                    "revenue": b * 90.0 if revenue else np.nan,
                    "spend": (b * 30.0 + 10) if spend and m == "cpc" else np.nan,
                }
            )
    f = pd.DataFrame(rows)
    if not spend:
        f = f.drop(columns="spend")
    if not revenue:
        f = f.drop(columns=["revenue", "buyers", "orders"])
    return f


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_data(samples, lang):
    at = make_app(PAGE, lang=lang, datasets=samples)
    at.run(timeout=60)
    assert_clean(at)
    assert at.title[0].value == ("Traffic sources" if lang == "en" else "流量来源")
    assert len(at.metric) == 4
    # the per-channel table, the why sentence, the charts and the suggestions are drawn
    table = at.dataframe[0].value
    assert len(table) > 5
    first_col = table.columns[0]
    assert table[first_col].iloc[-1] == ("Total" if lang == "en" else "合计")
    heads = [s.value for s in at.subheader]
    word = ("Revenue rose", "Revenue fell") if lang == "en" else ("销售额增长", "销售额下降")
    assert any(h.startswith(word) for h in heads), heads
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 5  # two mix areas, waterfall, effects, efficiency
    assert len(at.text) >= 1  # suggestions
    # labels stay unique although the file's 自然搜索 meets GA4's Organic Search
    assert table[first_col].is_unique


def test_date_range_changes_numbers(samples):
    at = make_app(PAGE, datasets=samples)
    at.run(timeout=60)
    before = _metric(at, "Visitors (UV)")
    at.date_input(key="traffic.range").set_value((dt.date(2025, 6, 1), dt.date(2025, 6, 30))).run(
        timeout=60
    )
    assert_clean(at)
    after = _metric(at, "Visitors (UV)")
    assert before != after
    caption = " ".join(c.value for c in at.caption)
    assert "2025-06-01 – 2025-06-30 compared with 2025-05-02 – 2025-05-31" in caption


def test_comparison_modes(samples):
    at = make_app(PAGE, datasets=samples)
    at.run(timeout=60)
    at.button_group(key="traffic.compare").set_value("week").run(timeout=60)
    assert_clean(at)
    caption = " ".join(c.value for c in at.caption)
    assert "compared with 2025-11-27 – 2025-12-24" in caption
    at.button_group(key="traffic.compare").set_value("custom").run(timeout=60)
    assert_clean(at)
    at.date_input(key="traffic.compare_range").set_value(
        (dt.date(2025, 1, 1), dt.date(2025, 1, 28))
    ).run(timeout=60)
    assert_clean(at)
    assert "compared with 2025-01-01 – 2025-01-28" in " ".join(c.value for c in at.caption)


def _row(at, channel: str) -> pd.Series:
    table = at.dataframe[0].value
    return table.set_index(table.columns[0]).loc[channel]


def test_quick_assign_changes_numbers(samples):
    at = make_app(PAGE, datasets=samples)
    at.run(timeout=60)
    email_before = _row(at, "Email")["Visitors (UV)"]
    social_before = _row(at, "Organic Social")["Visitors (UV)"]
    pair = "instagram / social"
    at.selectbox(key="traffic.assign_pair").set_value(pair)
    at.selectbox(key="traffic.assign_channel").set_value("Email")
    at.button(key="FormSubmitter:traffic.assign_form-Add rule").click().run(timeout=60)
    assert_clean(at)
    email_after = _row(at, "Email")["Visitors (UV)"]
    assert email_after > email_before
    moved = email_after - email_before
    assert _row(at, "Organic Social")["Visitors (UV)"] == pytest.approx(social_before - moved)
    rules = at.session_state["_settings"]["traffic.rules"]
    assert rules.iloc[0].tolist() == ["instagram", "social", "Email"]


def test_mapping_in_state_and_regroup(samples):
    base = make_app(PAGE, datasets=samples)
    base.run(timeout=60)
    paid, email = _row(base, "Paid Search")["Visitors (UV)"], _row(base, "Email")
    at = make_app(PAGE, datasets=samples)
    custom = pd.DataFrame({"source": ["google"], "medium": ["cpc"], "channel": ["Email"]})
    at.session_state["_settings"] = {"traffic.rules": custom}
    at.run(timeout=60)
    assert_clean(at)
    moved = paid - _row(at, "Paid Search")["Visitors (UV)"]
    assert moved > 0
    assert _row(at, "Email")["Visitors (UV)"] == pytest.approx(email["Visitors (UV)"] + moved)
    # regrouping the file's own channel names: with this mapping (no 付费推广 row)
    # 付费推广 stays, 直播 (not in it either) stays, and nothing breaks
    at.toggle(key="traffic.regroup").set_value(True).run(timeout=60)
    assert_clean(at)
    names = at.dataframe[0].value.iloc[:, 0].tolist()
    assert "付费推广" in names


def test_reset_mapping(samples):
    at = make_app(PAGE, datasets=samples)
    at.session_state["_settings"] = {
        "traffic.rules": pd.DataFrame({"source": ["google"], "medium": ["*"], "channel": ["Email"]})
    }
    at.run(timeout=60)
    at.toggle(key="traffic.regroup").set_value(True).run(timeout=60)
    at.button(key="traffic.rules_reset").click().run(timeout=60)
    assert_clean(at)
    names = at.dataframe[0].value.iloc[:, 0].tolist()
    assert "Paid Search" in names and "付费推广" not in names  # defaults map 付费推广


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_orders_only(samples, lang):
    orders = [d for d in samples if d.kind == "orders"]
    at = make_app(PAGE, lang=lang, datasets=orders)
    at.run(timeout=60)
    assert_clean(at)
    info = " ".join(i.value for i in at.info)
    assert ("No traffic dataset" if lang == "en" else "尚未加载流量数据") in info
    assert len(at.metric) == 3  # no traffic volume
    table = at.dataframe[0].value
    assert table.iloc[-1, 0] == ("Total" if lang == "en" else "合计")
    assert table.iloc[:, 1:].notna().any().any()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_data(lang):
    at = make_app(PAGE, lang=lang)
    at.run()
    assert not at.exception
    assert len(at.info) == 1
    assert ("needs a Traffic by channel dataset" if lang == "en" else "此页面需要") in at.info[
        0
    ].value


def test_orders_without_channel():
    orders = pd.DataFrame(
        {
            "order_id": ["a"],
            "customer_id": ["u"],
            "order_time": pd.to_datetime(["2024-01-01"]),
            "amount": [10.0],
        }
    )
    at = make_app(PAGE, datasets=[_ds("orders", orders, "fp-orders-nochannel")])
    at.run()
    assert not at.exception
    assert any("no channel column" in w.value for w in at.warning)


def test_without_spend_and_without_revenue():
    at = make_app(PAGE, datasets=[_ds("traffic", _web_traffic(spend=False), "fp-web-nospend")])
    at.run()
    assert_clean(at)
    infos = " ".join(i.value for i in at.info)
    assert "No channel has spend" in infos
    assert _metric(at, "ROAS") == "n/a"
    at2 = make_app(PAGE, datasets=[_ds("traffic", _web_traffic(revenue=False), "fp-web-norev")])
    at2.run()
    assert_clean(at2)
    assert "Revenue is needed to explain a change" in " ".join(i.value for i in at2.info)
    # the unassigned drill-down lists foo / bar
    assert any(
        "foo" in df.value.iloc[:, 0].astype(str).tolist() for df in at2.dataframe if len(df.value)
    )


def test_empty_range_warns():
    at = make_app(PAGE, datasets=[_ds("traffic", _web_traffic(), "fp-web")])
    at.run()
    assert_clean(at)
    at.button_group(key="traffic.eff_metric").set_value("roi").run()
    assert_clean(at)
    at.button_group(key="traffic.freq").set_value("W").run()
    at.button_group(key="traffic.stack").set_value("pct").run()
    assert_clean(at)
    at.date_input(key="traffic.range").set_value((dt.date(2024, 1, 1),)).run()
    assert not at.exception
    assert any("Pick a start and an end date" in i.value for i in at.info)


@pytest.mark.real
def test_real_ga4_export_through_ingest(real):
    from analytics.ingest import load

    ds = load(real("traffic/ga4_merch_store_daily_funnel_by_source_medium.csv"))
    at = make_app(PAGE, lang="zh", datasets=[ds])
    at.run(timeout=60)
    assert_clean(at)
    # sessions only: said plainly, and used as the volume
    assert any("以会话数作为流量" in i.value for i in at.info)
    assert _metric(at, "会话数") != "不适用"
    names = at.dataframe[0].value.iloc[:, 0].tolist()
    assert {"自然搜索", "直接", "未分配"} <= set(names)
    # the unassigned drill-down lists GA4's obfuscated rows
    assert any(
        "(data deleted)" in df.value.iloc[:, 0].astype(str).tolist()
        for df in at.dataframe
        if len(df.value)
    )
