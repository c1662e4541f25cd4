"""The weekly report (analytics.report): content, self-contained HTML, PDF, languages."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analytics import kpi
from analytics import report as rep
from ui.i18n import tables, text

SECTIONS = [
    "cockpit",
    "tree",
    "alerts",
    "changes",
    "traffic",
    "segments",
    "funnel",
    "pricing",
    "budget",
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
        assert by[key].chart is not None, key
        assert by[key].table is not None and len(by[key].table), key
    assert by["alerts"].lines and by["changes"].lines
    cockpit = by["cockpit"].table.set_index("Metric")
    # the cockpit numbers, worked out directly on the orders of the last 7 days
    o = frames["orders"]
    week = o[(o["order_time"] >= "2025-12-25") & ~o["is_return"] & (o["amount"] > 0)]
    assert cockpit.loc["GMV", "Now"] == f"{week['amount'].sum():,.2f}"
    assert cockpit.loc["Orders", "Now"] == f"{week['order_id'].nunique():,}"
    assert cockpit.loc["Buyers", "Now"] == f"{week['customer_id'].nunique():,}"


def test_html_is_self_contained_with_inline_svg(report_en):
    html = rep.to_html(report_en)
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
    pdf = rep.to_pdf(report_en)
    assert pdf[:5] == b"%PDF-"
    assert pdf.count(b"/Subtype /Image") >= 7  # one chart per section with a chart
    assert len(pdf) > 20_000


def test_report_in_chinese(frames):
    r = rep.build_report(frames, translate=tr("zh"), lang="zh")
    html = rep.to_html(r)
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
    html = rep.to_html(r)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    by = {s.key: s for s in r.sections}
    # sections whose data is missing say so instead of failing
    assert by["segments"].note == text("home.report.missing", "en", kind=text("kind.orders", "en"))
    assert by["funnel"].chart is None and by["budget"].chart is None


def test_build_files_names_files_with_the_period(frames):
    kinds = ("orders", "traffic", "spend", "events", "prices")
    name, html, pdf, err = rep.build_files(
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
