"""The weekly report: its figures (analytics.report) agree with the pages'
(same calls, computed both ways), no empty section, self-contained HTML, PDF, languages."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest

from analytics import kpi
from analytics import report as rep
from ui import report_render as render
from ui.i18n import tables, text

SECTIONS = [
    "cockpit",
    "tree",
    "alerts",
    "changes",
    "traffic",
    "segments",
    "funnel",
    "retention",
    "pricing",
    "budget",
    "experiments",  # the sample event log carries an A/B test's variant column
]


def tr(lang: str):
    return lambda key, **p: text(key, lang, **p)


@pytest.fixture(scope="module")
def frames():
    from ui.samples import load_samples

    try:
        return {d.kind: d.frame for d in load_samples()}
    except FileNotFoundError as err:
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def report_en(frames):
    return rep.build_report(frames, translate=tr("en"), lang="en", files=("orders.csv",))


def test_format_metric():
    assert rep.format_metric("gmv", 1234.5) == "1,234.50"
    assert rep.format_metric("cr", 0.0312) == "3.12%"
    assert rep.format_metric("orders", 1234.0) == "1,234"
    assert rep.format_metric("roas", 2.345) == "2.35"
    assert rep.format_metric("gmv", float("nan")) == "–"


def test_report_has_every_section_with_its_chart_and_table(report_en, frames):
    assert [s.key for s in report_en.sections] == SECTIONS
    assert report_en.filename == "weekly-report_2025-12-25_2025-12-31_en"
    assert report_en.title == "Weekly report 2025-12-25 – 2025-12-31"
    by = {s.key: s for s in report_en.sections}
    for key in ("cockpit", "tree", "traffic", "segments", "funnel", "pricing", "budget"):
        assert by[key].chart and by[key].data is not None and len(by[key].data), key
        assert by[key].table is not None and len(by[key].table), key
    assert by["alerts"].lines and by["changes"].lines
    cockpit = by["cockpit"].table.set_index("Metric")
    # the cockpit numbers, worked out directly on the orders of the last 7 days
    o = frames["orders"]
    week = o[(o["order_time"] >= "2025-12-25") & ~o["is_return"] & (o["amount"] > 0)]
    assert cockpit.loc["GMV", "Now"] == f"{week['amount'].sum():,.2f}"
    assert cockpit.loc["Orders", "Now"] == f"{week['order_id'].nunique():,}"
    assert cockpit.loc["Buyers", "Now"] == f"{week['customer_id'].nunique():,}"
    # the sample starts on 2025-01-01: no last-year columns of dashes, a sentence instead
    assert "Last year" not in cockpit.columns
    first = o["order_time"].min()
    assert by["cockpit"].lines[0] == text(
        "home.no_last_year", "en", first=f"{first:%Y-%m-%d}", ystart="2024-12-26", yend="2025-01-01"
    )


def test_html_is_self_contained_with_inline_svg(report_en):
    html = render.to_html(report_en)
    assert html.startswith("<!DOCTYPE html>") and 'lang="en"' in html
    for key in ("cockpit", "tree", "traffic", "segments", "funnel", "pricing", "budget"):
        part = html.split(f'<section id="{key}"', 1)[1].split("</section>", 1)[0]
        assert "<svg" in part, key
        assert "<table" in part, key
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html
    assert "@import" not in html


def test_pdf_of_the_same_report(report_en):
    pdf = render.to_pdf(report_en)
    assert pdf[:5] == b"%PDF-"
    assert pdf.count(b"/Subtype /Image") >= 7  # one chart per section with a chart
    assert len(pdf) > 20_000


def test_report_in_chinese(frames):
    r = rep.build_report(frames, translate=tr("zh"), lang="zh")
    html = render.to_html(r)
    assert 'lang="zh-CN"' in html and "周报 2025-12-25 – 2025-12-31" in html
    assert "核心指标" in html and "流量来源" in html and "用户分层" in html
    assert r.filename.endswith("_zh")


def test_user_values_are_escaped():
    days = pd.date_range("2025-01-01", periods=70)
    traffic = pd.DataFrame(
        {
            "date": np.repeat(days, 2),
            "channel": ["<script>alert(1)</script>", "B&B"] * 70,
            "visitors": np.tile([100.0, 50.0], 70),
            "revenue": np.tile([500.0, 100.0], 70),
            "orders": np.tile([5.0, 1.0], 70),
            "buyers": np.tile([5.0, 1.0], 70),
        }
    )
    r = rep.build_report({"traffic": traffic}, translate=tr("en"))
    html = render.to_html(r)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    by = {s.key: s for s in r.sections}
    # sections whose data is missing say so instead of failing
    assert by["segments"].note == text("home.report.missing", "en", kind=text("kind.orders", "en"))
    assert by["funnel"].chart == "" and by["budget"].chart == ""


def test_build_files_names_files_with_the_period(frames):
    kinds = ("orders", "traffic", "spend", "events", "prices")
    name, html, pdf, err = render.build_files(
        *(frames[k] for k in kinds),
        kinds=kinds,
        table=tables()["en"],
        period="custom",
        start="2025-09-15",
        end="2025-09-21",
        pdf=False,
    )
    assert name == "weekly-report_2025-09-15_2025-09-21_en"
    assert pdf is None and err is None
    page = html.decode("utf-8")
    # the payment outage week: its alerts are in the report
    assert "Payment success" in page and "2025-09-16" in page


def test_no_core_data_is_an_error(frames):
    with pytest.raises(ValueError, match="needs orders, traffic or spend"):
        rep.build_report({"prices": frames["prices"]}, translate=tr("en"))


def test_kpi_overview_is_reused(frames):
    kinds = ("orders", "traffic")
    ov = kpi.overview(*(frames[k] for k in kinds), kinds=kinds, period="month")
    r = rep.build_report({k: frames[k] for k in kinds}, translate=tr("en"), overview=ov)
    assert r.filename == "weekly-report_2025-12-01_2025-12-31_en"


# --------------------------------------------------------------------------- one truth


def _sections(r):
    return {s.key: s for s in r.sections}


def test_report_and_pages_agree_figure_by_figure(frames, report_en):
    """Every report figure against the page's own call, and against a plain recount."""
    from analytics import budget as bud
    from analytics import funnel as fn
    from analytics import orders as ordrule
    from analytics import pricing as pr
    from analytics import rfm
    from analytics import traffic as tra

    by = _sections(report_en)
    per = report_en.period
    # cockpit = the Overview page's call (kpi.overview with the same loaded kinds and period)
    core = ("orders", "traffic", "spend", "events")
    ov = kpi.overview(*(frames[k] for k in core), kinds=core, period="week")
    fig = by["cockpit"].figures
    for m in (*kpi.METRICS, "payment_success"):
        a, b = fig[m], float(ov.table.loc[m, "current"])
        assert (math.isnan(a) and math.isnan(b)) or a == b, m
        assert fig[f"{m}.previous"] == pytest.approx(ov.table.loc[m, "previous"], nan_ok=True)
    # ... and by hand: GMV by the order rule, spend from the spend file
    o = frames["orders"]
    day = o["order_time"].dt.normalize()
    inside = (day >= per.start) & (day <= per.end)
    assert fig["gmv"] == pytest.approx(o.loc[inside & ordrule.sale_mask(o), "amount"].sum())
    sp = frames["spend"]
    assert fig["spend"] == pytest.approx(
        sp.loc[(sp["date"] >= per.start) & (sp["date"] <= per.end), "spend"].sum()
    )
    # traffic = the Traffic page's call (build_mix_frames + channel_table, default rules)
    kinds = ("traffic", "orders", "spend")
    mix = tra.build_mix_frames(*(frames[k] for k in kinds), kinds=kinds)
    tot = tra.channel_table(mix, per.start, per.end, per.prev_start, per.prev_end).loc["Total"]
    assert by["traffic"].figures == {"revenue": tot["revenue"], "visits": tot["volume"]}
    # ... and by hand: the traffic file's revenue and visitors of the period, all channels
    t = frames["traffic"]
    t_in = (t["date"] >= per.start) & (t["date"] <= per.end)
    assert tot["revenue"] == pytest.approx(t.loc[t_in, "revenue"].sum())
    assert tot["volume"] == pytest.approx(t.loc[t_in, "visitors"].sum())
    # the reconciliation ties the two: traffic revenue = GMV-side channels + other channels
    rec = kpi.reconcile(o, t, per.start, per.end)
    assert rec["gmv"] == pytest.approx(fig["gmv"]) and rec["uv"] == fig["visitors"]
    assert rec["traffic_revenue"] == pytest.approx(tot["revenue"])
    assert rec["visits"] == tot["volume"]
    assert rec["shop_revenue"] + rec["other_revenue"] == pytest.approx(rec["traffic_revenue"])
    assert rec["uv"] + rec["other_visits"] == rec["visits"]
    # channels the orders lack (named by source / medium where the file has no channel)
    other = t_in & ~t["channel"].isin(set(o["channel"].dropna()))
    names = t["channel"].fillna(t["source"] + " / " + t["medium"].fillna(""))
    assert rec["other_channels"] == names[other].nunique() > 0
    assert rec["other_revenue"] == pytest.approx(t.loc[other, "revenue"].sum())
    assert rec["other_visits"] == t.loc[other, "visitors"].sum()
    assert by["traffic"].lines == rep.reconciliation_lines(rec, tr("en"))
    # funnel = the Funnel page's defaults (proposed steps, 7 days, sequential, users, in progress out)
    ev = frames["events"]
    labels, groups = fn.propose_steps(fn.event_counts(ev)["event"].tolist())
    fu = fn.user_funnel(ev, groups, pd.Timedelta(days=7), "sequential", labels=labels)
    page = fn.counts_from_users(fu.included(True), fu.n_steps)
    assert by["funnel"].figures["users"] == [int(v) for v in page]
    assert page[0] > page[-1] > 0  # not the empty funnel of the week's in-progress users
    # ... and by hand: reaching step 1 = users with a step-1 event, minus those in progress
    starters = ev.loc[ev["event"].isin(groups[0]), "user_id"].nunique()
    assert page[0] == starters - int(fu.users["in_progress"].sum())
    # segments = the Segments page's analysis as of the period's end
    sub = o[o["order_time"] < per.end + pd.Timedelta(days=1)]
    summ = rfm.analyse(sub, as_of=per.end + pd.Timedelta(days=1)).summary_rf
    seg = by["segments"].figures
    assert seg == {
        f"customers.{k}": int(v) for k, v in zip(summ["segment"], summ["customers"], strict=True)
    }
    # pricing and budget = their pages' calls
    pz = frames["prices"]
    own = pr.own_seller_from(pz) or pr.sellers(pz)[0]
    counts = pr.position_counts(pr.position(pz[pz["date"] <= per.end], own))
    assert {k: v for k, v in by["pricing"].figures.items() if k.startswith("position.")} == {
        f"position.{k}": v for k, v in counts.items()
    }
    plan = bud.evaluate(
        *(lambda c: (c, bud.current_plan(c)))(bud.fit_curves(sp[sp["date"] <= per.end]))
    )
    assert by["budget"].figures == {
        f"spend.{c}": pytest.approx(v) for c, v in zip(plan["channel"], plan["spend"], strict=True)
    }


def test_tree_alerts_and_price_index_agree_with_the_pages(frames, report_en):
    """The report's remaining figures: the GMV tree, the alert count and the price index,
    against the Overview's and the Pricing page's calls and by hand."""
    from analytics import pricing as pr

    by = _sections(report_en)
    per, fig = report_en.period, by["cockpit"].figures
    core = ("orders", "traffic", "spend", "events")
    ov = kpi.overview(*(frames[k] for k in core), kinds=core, period="week")
    tree = by["tree"].figures
    assert tree == {
        f"contribution.{d}": pytest.approx(v)
        for d, v in zip(ov.tree["driver"], ov.tree["contribution"], strict=True)
    }
    # by hand: the contributions add up to the change of GMV between the two periods
    assert sum(tree.values()) == pytest.approx(fig["gmv"] - fig["gmv.previous"])
    assert by["alerts"].figures == {"alerts": len(ov.alerts), "anomalies": len(ov.anomalies)}
    alerts = len(ov.alerts) + min(len(ov.anomalies), 12)
    assert len(by["alerts"].lines) == alerts + (not len(ov.alerts)) + (not len(ov.anomalies))
    # the price index: the Pricing page's public call on the prices known at the period's end
    pz = frames["prices"]
    own = pr.own_seller_from(pz) or pr.sellers(pz)[0]
    idx = pr.price_index(pz[pz["date"] <= per.end], own).dropna()
    assert by["pricing"].figures["last_index"] == pytest.approx(float(idx.iloc[-1]))


def test_default_alerts_catch_a_roas_fall_and_a_spend_jump(report_en):
    by = _sections(report_en)
    fig = by["cockpit"].figures
    roas = fig["roas"] / fig["roas.previous"] - 1
    jump = fig["spend"] / fig["spend.previous"] - 1
    assert roas < -0.2 and jump > 0.5  # the sample's last week
    rules = kpi.default_rules().set_index(["rule", "metric"])
    assert rules.loc[("fall_vs_previous", "roas"), "on"]
    assert rules.loc[("rise_vs_previous", "spend"), "on"]
    assert by["alerts"].lines[0].startswith("ROAS 1.98 in the period, -31.2%")
    assert by["alerts"].lines[1].startswith("Ad spend 23,668.52 in the period, +107.3%")
    assert text("home.no_alerts", "en") not in by["alerts"].lines


def test_period_rules_fire_only_past_their_threshold():
    table = kpi.kpi_table({"roas": 1.5, "spend": 120.0}, {"roas": 2.0, "spend": 100.0})
    daily = pd.DataFrame(index=pd.date_range("2025-01-01", periods=7, name="date"))

    def fired(thr_fall, thr_rise):
        rules = pd.DataFrame(
            {
                "on": [True, True],
                "rule": ["fall_vs_previous", "rise_vs_previous"],
                "metric": ["roas", "spend"],
                "threshold": [thr_fall, thr_rise],
            }
        )
        out = kpi.evaluate_rules(rules, daily, None, "2025-01-01", "2025-01-07", table=table)
        return list(zip(out["metric"], out["value"], out["reference"], strict=True))

    assert fired(0.2, 0.1) == [("roas", 1.5, 2.0), ("spend", 120.0, 100.0)]  # -25%, +20%
    assert fired(0.3, 0.25) == []


def _orders(days):
    rng = np.random.default_rng(7)
    n = len(days) * 3
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(n)],
            "customer_id": [f"c{i % 40}" for i in range(n)],
            "order_time": np.repeat(days, 3) + pd.Timedelta(hours=10),
            "amount": rng.integers(10, 100, n).astype(float),
            "is_return": False,
            "is_void": False,
        }
    )


def test_last_year_is_computed_when_the_data_has_one():
    o = _orders(pd.date_range("2024-01-01", "2025-03-31"))
    r = rep.build_report({"orders": o}, translate=tr("en"))
    cockpit = _sections(r)["cockpit"]
    per = r.period
    t = cockpit.table.set_index("Metric")
    day = o["order_time"].dt.normalize()
    ly = o.loc[(day >= per.yoy_start) & (day <= per.yoy_end), "amount"].sum()
    assert t.loc["GMV", "Last year"] == f"{ly:,.2f}"
    assert cockpit.figures["gmv.last_year"] == pytest.approx(ly)
    assert not any(line.startswith("No last-year") for line in cockpit.lines)


KINDS = ("orders", "traffic", "spend", "events", "prices")
NEEDS = {"traffic": "traffic", "segments": "orders", "funnel": "events", "pricing": "prices"}
NEEDS["budget"] = "spend"
COMBOS = [
    c
    for n in range(1, 6)
    for c in itertools.combinations(KINDS, n)
    if {"orders", "traffic", "spend"} & set(c)
]


@pytest.mark.parametrize("combo", COMBOS, ids="+".join)
def test_no_section_is_empty_when_its_data_is_loaded(frames, combo):
    """Each combination of datasets, rendered: every section whose data is loaded has its
    table and chart, in the figures and in the HTML."""
    style = render.report_style("zh", "CNY")
    r = rep.build_report({k: frames[k] for k in combo}, translate=tr("zh"), lang="zh", style=style)
    by = _sections(r)
    html = render.to_html(r)
    for sec in r.sections:
        part = html.split(f'<section id="{sec.key}"', 1)[1].split("</section>", 1)[0]
        assert "<h2>" in part and (sec.note or sec.lines or sec.table is not None), sec.key
        if sec.chart:
            assert "<svg" in part, (sec.key, combo)
        if sec.table is not None:
            assert len(re.findall(r"<tr[ >]", part)) == len(sec.table) + 1, (sec.key, combo)
    assert by["cockpit"].table is not None and len(by["cockpit"].table)
    assert by["alerts"].lines and by["changes"].lines
    for key, kind in NEEDS.items():
        sec = by[key]
        if kind not in combo:
            assert sec.note == text("home.report.missing", "zh", kind=text(f"kind.{kind}", "zh"))
            continue
        assert sec.table is not None and len(sec.table), (key, combo)
        assert sec.data is not None and len(sec.data) and sec.chart, (key, combo)
        assert any(str(v) not in ("0", "0.00", "¥0.00") for v in sec.table.iloc[:, 1]), (key, combo)
    if "orders" in combo and "traffic" in combo:
        assert len(by["tree"].table) == len(kpi.DRIVERS)
        assert len(by["traffic"].lines) == 2  # the reconciliation of revenue and visits


def test_traffic_section_follows_the_traffic_pages_rules(frames):
    from analytics import traffic as tra

    kinds = ("traffic", "orders", "spend")
    rules = tra.default_custom_rules()
    r = rep.build_report(
        {k: frames[k] for k in kinds}, translate=tr("en"), traffic_rules=rules, regroup=True
    )
    per = r.period
    mix = tra.build_mix_frames(
        *(frames[k] for k in kinds), kinds=kinds, custom=rules, keep_channel=False
    )
    page = tra.channel_table(mix, per.start, per.end, per.prev_start, per.prev_end)
    body = page.drop(index="Total").sort_values("revenue", ascending=False).head(12)
    table = _sections(r)["traffic"].table
    assert table["Channel"].tolist() == [*body.index.astype(str), "Total"]
    revenue = table["Revenue attributed (traffic file)"].str.replace(",", "").astype(float)
    assert revenue.tolist() == pytest.approx(
        [*body["revenue"], page.loc["Total", "revenue"]], abs=0.005
    )


# --------------------------------------------------------------------------- language and money


def _visible_text(html: str) -> str:
    """The HTML's text as read: tags, the style sheet and chart markup (but not chart text) out."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_chinese_report_names_channels_and_steps_in_chinese_with_the_currency(frames):
    """Rendered in 简体中文 with the sample shop: the Traffic page's channel names and the
    Funnel page's step names in Chinese (tables and charts), money with the shop's symbol."""
    from analytics import funnel as fn
    from analytics import traffic as tra
    from ui import format as fmt
    from ui.samples import load_samples

    currency = next(d.currency for d in load_samples(("orders",)))
    assert currency == "CNY"  # the sample's amounts are written with ¥
    zh, en = tables()["zh"], tables()["en"]
    style = render.report_style("zh", currency)
    r = rep.build_report(frames, translate=tr("zh"), lang="zh", style=style)
    page = _visible_text(render.to_html(r))
    by = _sections(r)
    per = r.period
    # the channels the Traffic page lists for the period, by the page's own call
    kinds = ("traffic", "orders", "spend")
    mix = tra.build_mix_frames(*(frames[k] for k in kinds), kinds=kinds)
    full = tra.channel_table(mix, per.start, per.end, per.prev_start, per.prev_end)
    top = full.drop(index="Total").sort_values("revenue", ascending=False).head(12)  # as shown
    channels = [*top.index.astype(str), "Total"]
    named = [c for c in channels if f"traffic.ch.{c}" in zh]
    assert len(named) >= 5
    shown = by["traffic"].table.iloc[:, 0].tolist()
    assert shown == [zh.get(f"traffic.ch.{c}", c) for c in channels]
    for c in named:  # the Chinese name from the string table, never the English one
        assert not re.search(rf"\b{re.escape(en[f'traffic.ch.{c}'])}\b", page), c
    # budget channels too (the spend file's names)
    for c in frames["spend"]["channel"].astype(str).unique():
        if f"traffic.ch.{c}" in zh:
            assert zh[f"traffic.ch.{c}"] in by["budget"].table.iloc[:, 0].tolist(), c
    # the funnel steps the Funnel page proposes, each in Chinese
    labels, _groups = fn.propose_steps(fn.event_counts(frames["events"])["event"].tolist())
    steps = by["funnel"].table.iloc[:, 0].tolist()
    assert steps == [zh.get(f"funnel.stage.{s}", s) for s in labels]
    for s in labels:
        assert f"funnel.stage.{s}" in zh, s  # the sample's steps are standard stages
        assert not re.search(rf"\b{s}\b", page), s
    # money carries the shop currency: GMV by hand on the period's sales lines
    o = frames["orders"]
    day = o["order_time"].dt.normalize()
    sale = (day >= per.start) & (day <= per.end) & ~o["is_return"] & ~o["is_void"]
    gmv = o.loc[sale, "amount"].sum()
    cockpit = by["cockpit"].table.set_index(zh["home.col.metric"])
    assert cockpit.loc[zh["home.metric.gmv"], zh["home.col.current"]] == f"¥{gmv:,.0f}"
    assert fmt.symbol(currency) == "¥"
    revenue = by["traffic"].table.iloc[:, 2]
    assert revenue.str.startswith("¥").all()
    assert by["budget"].table.iloc[:, 1].str.startswith("¥").all()  # spend
    # the English report keeps English names and the same symbol
    r_en = rep.build_report(frames, translate=tr("en"), style=render.report_style("en", currency))
    assert _sections(r_en)["funnel"].table.iloc[:, 0].tolist() == labels
    assert "¥" in _sections(r_en)["cockpit"].table.iloc[0, 1]
