"""The weekly report: a self-contained HTML file (charts inline as SVG) and a PDF of the same.

The report holds the KPI cockpit, the GMV driver tree, the alerts and
unusual days, "what changed", and the key chart and table of each analysis
page (traffic, segments, funnel, pricing, budget) for the period, computed by
calling the analytics functions of those pages directly. Words come from a
``translate(key, **params)`` callable (the app passes its i18n lookup in the
chosen language), so this module stays free of Streamlit.

Charts are Altair specs converted offline by ``vl-convert-python`` (SVG for
the HTML, PNG for the PDF); the PDF is written with ``fpdf2`` using a system
font that covers Chinese (Noto Sans CJK, WenQuanYi, ...) when one is found.
Every user value is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from analytics import kpi
from analytics.messages import fill

__all__ = [
    "MONEY",
    "RATIOS",
    "Section",
    "Report",
    "format_metric",
    "describe_change",
    "trend_chart",
    "tree_chart",
    "build_report",
    "to_html",
    "to_pdf",
    "find_font",
    "table_translator",
    "build_files",
    "alert_text",
    "anomaly_text",
]

Translate = Callable[..., str]

MONEY = frozenset({"gmv", "aov", "spend", "refunds", "revenue"})
RATIOS = frozenset({"cr", "repurchase", "payment_success"})
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
)


def format_metric(metric: str, value: float) -> str:
    """A metric value as shown: money with 2 decimals, ratios as %, counts whole."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if metric in RATIOS:
        return f"{value * 100:,.2f}%"
    if metric in MONEY:
        return f"{value:,.2f}"
    if metric in ("roas", "orders_per_buyer"):
        return f"{value:,.2f}"
    return f"{value:,.0f}"


def _pct(x: float, signed: bool = False) -> str:
    if x is None or not math.isfinite(x):
        return "–"
    return f"{x * 100:+.1f}%" if signed else f"{abs(x) * 100:.1f}%"


def _date(x) -> str:
    return (
        ""
        if x is None or (not isinstance(x, str) and pd.isna(x))
        else f"{pd.Timestamp(x):%Y-%m-%d}"
    )


def describe_change(item: Mapping, translate: Translate, *, prefix: bool = True) -> str:
    """One "what changed" item (from :func:`analytics.kpi.what_changed`) in plain words.

    Alerts and unusual days start with "Alert —" / "Unusual day —" when ``prefix``.
    """
    key, p = item["key"], item["params"]

    def name(m: str) -> str:
        return translate(f"home.metric.{m}")

    if key.startswith("alert."):
        rule = key.split(".", 1)[1]
        m = p["metric"]
        text = translate(
            f"home.alert.{rule}",
            date=_date(p["date"]),
            metric=name(m),
            channel=p["channel"] or "",
            value=format_metric(m, p["value"]),
            reference=format_metric(m, p["reference"]),
            threshold=format_metric(m, p["threshold"]),
            pct=_pct(p["value"] / p["reference"] - 1) if p.get("reference") else "–",
        )
        return translate("home.change.alert", text=text) if prefix else text
    if key.startswith("anomaly"):
        m = p["metric"]
        text = translate(
            "home.anomaly.channel" if key == "anomaly.channel" else "home.anomaly",
            date=_date(p["date"]),
            metric=name(m),
            channel=p["channel"] or "",
            value=format_metric(m, p["value"]),
            expected=format_metric(m, p["expected"]),
            direction=translate(f"home.direction.{p['direction']}"),
            pct=_pct(p["change"]),
        )
        return translate("home.change.anomaly", text=text) if prefix else text
    if key == "driver":
        return translate(
            "home.change.driver",
            driver=name(p["driver"]),
            contribution=f"{p['contribution']:+,.2f}",
            total=f"{p['total']:+,.2f}",
            pct=_pct(p["pct"], signed=True),
        )
    m = p["metric"]
    return translate(
        f"home.change.{key}",
        metric=name(m),
        pct=_pct(p["pct"]),
        previous=format_metric(m, p["previous"]),
        current=format_metric(m, p["current"]),
    )


def alert_text(row: Mapping, translate: Translate) -> str:
    """An alert row (from :func:`analytics.kpi.evaluate_rules`) in plain words."""
    return describe_change(
        {"key": f"alert.{row['rule']}", "params": dict(row), "page": "", "metric": row["metric"]},
        translate,
        prefix=False,
    )


def anomaly_text(row: Mapping, translate: Translate) -> str:
    """An unusual day (from :func:`analytics.kpi.detect_anomalies`) in plain words."""
    params = {**row, "channel": row.get("group")}
    key = "anomaly.channel" if row.get("group") else "anomaly"
    return describe_change(
        {"key": key, "params": params, "metric": row["metric"]}, translate, prefix=False
    )


# ---------------------------------------------------------------------------
# Charts (Altair; no Streamlit)


def trend_chart(
    daily: pd.DataFrame, metric: str, period: kpi.Period, label: str, *, weeks: int = 8
) -> alt.Chart:
    """The daily ``metric`` over the last ``weeks`` weeks to the period's end, the period shaded."""
    lo = period.end - pd.Timedelta(days=7 * weeks - 1)
    lo = min(lo, period.start)
    ser = daily[metric].loc[lo : period.end] if metric in daily else pd.Series(dtype=float)
    frame = pd.DataFrame({"date": ser.index, "value": ser.to_numpy(dtype=float)})
    frame["in_period"] = frame["date"] >= period.start
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%m-%d")),
        y=alt.Y("value:Q", title=label),
        tooltip=[alt.Tooltip("date:T"), alt.Tooltip("value:Q", format=",.2f", title=label)],
    )
    band = (
        alt.Chart(pd.DataFrame({"a": [period.start], "b": [period.end]}))
        .mark_rect(opacity=0.12, color="#4e79a7")
        .encode(x="a:T", x2="b:T")
    )
    return (band + base.mark_line(color="#4e79a7") + base.mark_point(size=20)).properties(
        height=260
    )


def tree_chart(tree: pd.DataFrame, labels: Mapping[str, str], start: str, end: str) -> alt.Chart:
    """A waterfall from the previous GMV through each driver's contribution to GMV now."""
    prev_gmv = float(np.prod(tree["previous"]))
    rows, level = [{"step": start, "lo": 0.0, "hi": prev_gmv, "kind": "total"}], prev_gmv
    for r in tree.itertuples():
        nxt = level + float(r.contribution)
        kind = "up" if r.contribution >= 0 else "down"
        rows.append({"step": labels.get(r.driver, r.driver), "lo": level, "hi": nxt, "kind": kind})
        level = nxt
    rows.append({"step": end, "lo": 0.0, "hi": level, "kind": "total"})
    frame = pd.DataFrame(rows)
    frame["amount"] = frame["hi"] - frame["lo"]
    order = frame["step"].tolist()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "step:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelAngle=-25, labelOverlap=False, labelLimit=160),
            ),
            y=alt.Y("lo:Q", title="GMV"),
            y2="hi:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["total", "up", "down"], range=["#4e79a7", "#59a14f", "#e15759"]
                ),
                legend=None,
            ),
            tooltip=[alt.Tooltip("step:N"), alt.Tooltip("amount:Q", format="+,.2f")],
        )
        .properties(height=280)
    )


def _bar(frame: pd.DataFrame, x: str, y: str, x_title: str, y_title: str | None) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(f"{y}:N", sort=None, title=y_title),
            tooltip=[alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:Q", format=",.2f")],
        )
    )


def _style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_legend(labelFontSize=12, titleFontSize=13)
        .configure_range(category=PALETTE)
        .configure_view(strokeWidth=0)
        .properties(width=640)
    )


# ---------------------------------------------------------------------------
# The report


@dataclass
class Section:
    """One part of the report: a title, a note, optional chart and table, plain lines."""

    key: str
    title: str
    note: str = ""
    chart: alt.TopLevelMixin | None = None
    table: pd.DataFrame | None = None
    lines: list[str] = field(default_factory=list)
    svg: str = ""
    png: bytes = b""


@dataclass
class Report:
    """The report's content, its title and the file name stem (with the period)."""

    title: str
    subtitle: str
    filename: str
    lang: str
    sections: list[Section]


def _cockpit_section(ov: kpi.Overview, tr: Translate) -> list[Section]:
    per = ov.period
    rows = []
    for m in (*kpi.METRICS, "payment_success"):
        r = ov.table.loc[m]
        if not math.isfinite(r["current"]):
            continue
        rows.append(
            {
                tr("home.col.metric"): tr(f"home.metric.{m}"),
                tr("home.col.current"): format_metric(m, r["current"]),
                tr("home.col.previous"): format_metric(m, r["previous"]),
                tr("home.col.pct"): _pct(r["pct"], signed=True),
                tr("home.col.last_year"): format_metric(m, r["last_year"]),
                tr("home.col.yoy"): _pct(r["yoy_pct"], signed=True),
            }
        )
    note = tr(
        "home.period_caption",
        start=_date(per.start),
        end=_date(per.end),
        pstart=_date(per.prev_start),
        pend=_date(per.prev_end),
        ystart=_date(per.yoy_start),
        yend=_date(per.yoy_end),
    )
    metric = next((m for m in ("gmv", "visitors", "spend") if m in ov.daily.columns), None)
    cockpit = Section(
        "cockpit",
        tr("home.report.section.cockpit"),
        note,
        chart=trend_chart(ov.daily, metric, per, tr(f"home.metric.{metric}")) if metric else None,
        table=pd.DataFrame(rows),
    )
    out = [cockpit]
    if len(ov.tree):
        labels = {d: tr(f"home.metric.{d}") for d in kpi.DRIVERS}
        total = float(ov.tree["contribution"].sum())
        prev_gmv = float(np.prod(ov.tree["previous"]))
        tree_tab = pd.DataFrame(
            {
                tr("home.col.driver"): [labels[d] for d in ov.tree["driver"]],
                tr("home.col.previous"): [
                    format_metric(d, v)
                    for d, v in zip(ov.tree["driver"], ov.tree["previous"], strict=True)
                ],
                tr("home.col.current"): [
                    format_metric(d, v)
                    for d, v in zip(ov.tree["driver"], ov.tree["current"], strict=True)
                ],
                tr("home.col.pct"): [_pct(v, signed=True) for v in ov.tree["pct"]],
                tr("home.col.contribution"): [f"{v:+,.2f}" for v in ov.tree["contribution"]],
            }
        )
        out.append(
            Section(
                "tree",
                tr("home.tree"),
                tr("home.tree_help")
                + " "
                + tr(
                    "home.tree.caption",
                    total=f"{total:+,.2f}",
                    pct=_pct(total / prev_gmv if prev_gmv else math.nan, signed=True),
                ),
                chart=tree_chart(
                    ov.tree, labels, tr("home.tree.previous"), tr("home.tree.current")
                ),
                table=tree_tab,
            )
        )
    alerts = [alert_text(r, tr) for r in ov.alerts.to_dict("records")]
    anoms = [anomaly_text(r, tr) for r in ov.anomalies.head(12).to_dict("records")]
    out.append(
        Section(
            "alerts",
            tr("home.alerts"),
            tr("home.anomaly_method", threshold=f"{ov.threshold:g}"),
            lines=(alerts or [tr("home.no_alerts")]) + (anoms or [tr("home.no_anomalies")]),
        )
    )
    changes = [describe_change(c, tr) for c in ov.changes]
    out.append(Section("changes", tr("home.changes"), lines=changes or [tr("home.no_changes")]))
    return out


def _traffic_section(frames, per: kpi.Period, tr: Translate) -> Section:
    from analytics import traffic as tra

    used = [(k, frames[k]) for k in ("traffic", "orders", "spend") if frames.get(k) is not None]
    mix = tra.build_mix_frames(*(f for _, f in used), kinds=tuple(k for k, _ in used))
    full = tra.channel_table(mix, per.start, per.end, per.prev_start, per.prev_end)
    body = full.drop(index="Total", errors="ignore").sort_values("revenue", ascending=False)
    chart_rows = body.head(12)
    table = pd.concat([chart_rows, full.loc[["Total"]]]) if "Total" in full.index else chart_rows
    ch, rev, rev0 = (
        tr("home.report.col.channel"),
        tr("home.report.col.revenue"),
        tr("home.report.col.revenue_prev"),
    )
    names = chart_rows.index.astype(str)
    long = pd.concat(
        [
            pd.DataFrame({ch: names, "value": chart_rows["revenue"], "period": rev}),
            pd.DataFrame({ch: names, "value": chart_rows["revenue_prev"], "period": rev0}),
        ]
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=rev),
            y=alt.Y(f"{ch}:N", sort=names.tolist(), title=None),
            yOffset=alt.YOffset("period:N", sort=[rev, rev0]),
            color=alt.Color(
                "period:N",
                title=None,
                scale=alt.Scale(domain=[rev, rev0], range=[PALETTE[0], "#bab0ac"]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
    )
    tab = pd.DataFrame(
        {
            ch: table.index.astype(str),
            tr("home.report.col.visitors"): [format_metric("visitors", v) for v in table["volume"]],
            rev: [format_metric("revenue", v) for v in table["revenue"]],
            rev0: [format_metric("revenue", v) for v in table["revenue_prev"]],
            tr("home.col.pct"): [_pct(v, signed=True) for v in table["revenue_change"]],
            tr("home.report.col.roas"): [format_metric("roas", v) for v in table["roas"]],
        }
    )
    return Section(
        "traffic", tr("home.report.section.traffic"), tr("home.report.traffic_note"), chart, tab
    )


def _segments_section(orders: pd.DataFrame, per: kpi.Period, tr: Translate) -> Section:
    from analytics import orders as ordrule
    from analytics import rfm

    if not ordrule.has_customers(orders):
        return Section(
            "segments", tr("home.report.section.segments"), tr("home.report.no_customers")
        )
    sub = orders[orders["order_time"] < per.end + pd.Timedelta(days=1)]
    an = rfm.analyse(sub, as_of=per.end + pd.Timedelta(days=1))
    summ = an.summary_rf
    seg = tr("home.report.col.segment")
    names = [tr(f"segments.seg.{s}") for s in summ["segment"]]
    frame = pd.DataFrame({seg: names, "customers": summ["customers"].to_numpy()})
    chart = _bar(frame, "customers", seg, tr("home.report.col.customers"), None)
    tab = pd.DataFrame(
        {
            seg: names,
            tr("home.report.col.customers"): [f"{v:,.0f}" for v in summ["customers"]],
            tr("home.report.col.share"): [_pct(v) for v in summ["share"]],
            tr("home.report.col.revenue"): [format_metric("revenue", v) for v in summ["revenue"]],
        }
    )
    return Section(
        "segments", tr("home.report.section.segments"), tr("home.report.segments_note"), chart, tab
    )


def _funnel_section(events: pd.DataFrame, per: kpi.Period, tr: Translate) -> Section:
    from analytics import funnel as fn

    counts = fn.event_counts(events)
    if len(counts) < 2:  # a log of one event (a view log): no funnel, said plainly
        event = str(counts["event"].iloc[0]) if len(counts) else "-"
        note = tr("home.report.funnel_one_event", event=event)
        return Section("funnel", tr("home.report.section.funnel"), note)
    labels, groups = fn.propose_steps(counts["event"].astype(str).tolist())
    t = events["event_time"]
    sub = events[(t >= per.start) & (t < per.end + pd.Timedelta(days=1))]
    res = fn.funnel_counts(sub, groups, exclude_in_progress=True)
    users = res["users"].to_numpy(dtype=float)
    step = tr("home.col.step")
    frame = pd.DataFrame({step: labels, "users": users})
    chart = _bar(frame, "users", step, tr("home.report.col.users"), None)
    conv = [math.nan, *(users[1:] / np.where(users[:-1] > 0, users[:-1], np.nan))]
    tab = pd.DataFrame(
        {
            step: labels,
            tr("home.report.col.users"): [f"{v:,.0f}" for v in users],
            tr("home.report.col.conversion"): [_pct(v) for v in conv],
        }
    )
    return Section(
        "funnel", tr("home.report.section.funnel"), tr("home.report.funnel_note"), chart, tab
    )


def _pricing_section(prices: pd.DataFrame, per: kpi.Period, tr: Translate) -> Section:
    from analytics import pricing as pr

    own = pr.own_seller_from(prices) or pr.sellers(prices)[0]
    if len(pr.sellers(prices)) < 2:  # our own price history only: nothing to compare with
        note = tr("home.report.pricing_own_only", seller=own)
        return Section("pricing", tr("home.report.section.pricing"), note)
    sub = prices[prices["date"] <= per.end]
    idx = pr.price_index(sub, own).dropna()
    idx = idx[idx.index >= per.end - pd.Timedelta(days=90)]
    frame = pd.DataFrame({"date": idx.index, "index": idx.to_numpy(dtype=float)})
    label = tr("home.report.col.index")
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%m-%d")),
            y=alt.Y("index:Q", title=label, scale=alt.Scale(zero=False)),
        )
        .properties(height=240)
    )
    rule = alt.Chart(pd.DataFrame({"y": [100.0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    counts = pr.position_counts(pr.position(sub, own))
    tab = pd.DataFrame(
        {
            tr("home.report.col.position"): [tr(f"home.report.position.{k}") for k in counts],
            tr("home.report.col.products"): [str(v) for v in counts.values()],
        }
    )
    return Section(
        "pricing",
        tr("home.report.section.pricing"),
        tr("home.report.pricing_note"),
        chart + rule,
        tab,
    )


def _budget_section(spend: pd.DataFrame, per: kpi.Period, tr: Translate) -> Section:
    from analytics import budget as bud

    sub = spend[spend["date"] <= per.end]
    curves = bud.fit_curves(sub)
    plan = bud.current_plan(curves)
    ev = bud.evaluate(curves, plan)
    grid = bud.curve_grid(curves)
    ch = tr("home.report.col.channel")
    lines = (
        alt.Chart(grid.rename(columns={"channel": ch}))
        .mark_line()
        .encode(
            x=alt.X("spend:Q", title=tr("home.report.col.spend")),
            y=alt.Y("revenue:Q", title=tr("home.report.col.revenue")),
            color=alt.Color(f"{ch}:N", legend=alt.Legend(orient="bottom")),
        )
    )
    dots = (
        alt.Chart(ev[["channel", "spend", "revenue"]].rename(columns={"channel": ch}))
        .mark_point(size=80, filled=True)
        .encode(x="spend:Q", y="revenue:Q", color=f"{ch}:N")
    )
    tab = pd.DataFrame(
        {
            ch: ev["channel"].astype(str),
            tr("home.report.col.spend"): [format_metric("spend", v) for v in ev["spend"]],
            tr("home.report.col.revenue"): [format_metric("revenue", v) for v in ev["revenue"]],
            tr("home.report.col.roas"): [format_metric("roas", v) for v in ev["roas"]],
            tr("home.report.col.marginal_roas"): [
                format_metric("roas", v) for v in ev["marginal_roas"]
            ],
        }
    )
    return Section(
        "budget",
        tr("home.report.section.budget"),
        tr("home.report.budget_note"),
        (lines + dots).properties(height=280),
        tab,
    )


def build_report(
    frames: Mapping[str, pd.DataFrame],
    *,
    translate: Translate,
    lang: str = "en",
    period: kpi.PeriodKind = "week",
    start=None,
    end=None,
    rules: pd.DataFrame | None = None,
    overview: kpi.Overview | None = None,
    files: Sequence[str] = (),
    render: bool = False,
) -> Report:
    """Build the report for the period from the loaded frames (kind -> canonical frame).

    Each analysis section that cannot be computed (data missing or
    unsuitable) says so in its note instead of failing the report. Charts
    are converted when the HTML (SVG) or PDF (PNG) is written, or here
    already with ``render``.
    Raises ``ValueError`` when there is nothing to report on (no orders,
    traffic or spend).
    """
    tr = translate
    if overview is None:
        kinds = tuple(
            k for k in ("orders", "traffic", "spend", "events") if frames.get(k) is not None
        )
        overview = kpi.overview(
            *(frames[k] for k in kinds),
            kinds=kinds,
            period=period,
            start=start,
            end=end,
            rules=rules,
        )
    per = overview.period
    sections = _cockpit_section(overview, tr)
    builders: list[tuple[str, str, Callable[[], Section]]] = [
        ("traffic", "traffic", lambda: _traffic_section(frames, per, tr)),
        ("segments", "orders", lambda: _segments_section(frames["orders"], per, tr)),
        ("funnel", "events", lambda: _funnel_section(frames["events"], per, tr)),
        ("pricing", "prices", lambda: _pricing_section(frames["prices"], per, tr)),
        ("budget", "spend", lambda: _budget_section(frames["spend"], per, tr)),
    ]
    for key, kind, build in builders:
        title = tr(f"home.report.section.{key}")
        if frames.get(kind) is None:
            sections.append(Section(key, title, tr("home.report.missing", kind=tr(f"kind.{kind}"))))
            continue
        try:
            sections.append(build())
        except (ValueError, KeyError, IndexError, ZeroDivisionError) as err:
            sections.append(Section(key, title, tr("home.report.unavailable", error=str(err))))
    report = Report(
        title=tr("home.report.title", start=_date(per.start), end=_date(per.end)),
        subtitle=tr(
            "home.report.generated",
            when=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            files=", ".join(files) or "–",
        ),
        filename=f"weekly-report_{per.label}_{lang}",
        lang=lang,
        sections=sections,
    )
    if render:
        _render(report)
    return report


def _render(report: Report, svg: bool = True, png: bool = True) -> None:
    import vl_convert as vlc

    for sec in report.sections:
        if sec.chart is None:
            continue
        spec = _style(sec.chart).to_json()
        if svg and not sec.svg:
            sec.svg = vlc.vegalite_to_svg(spec)
        if png and not sec.png:
            sec.png = vlc.vegalite_to_png(spec, scale=1.5)


_CSS = """
body{font-family:-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",
Helvetica,Arial,sans-serif;margin:2rem auto;max-width:960px;color:#1f2937;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid
#4e79a7;padding-bottom:.2rem}.sub{color:#6b7280}.note{color:#4b5563;font-size:.92rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}th,td{border:1px solid #d1d5db;
padding:.3rem .6rem;text-align:right}th{background:#f3f4f6}td:first-child,th:first-child{text-align:left}
.chart svg{max-width:100%;height:auto}ul{padding-left:1.2rem}
"""


def to_html(report: Report) -> str:
    """The report as one self-contained HTML document (inline SVG charts, no external files)."""
    _render(report, svg=True, png=False)
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if report.lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(report.title)}</h1><p class='sub'>{esc(report.subtitle)}</p>",
    ]
    for sec in report.sections:
        parts.append(f'<section id="{esc(sec.key)}" class="section"><h2>{esc(sec.title)}</h2>')
        if sec.note:
            parts.append(f"<p class='note'>{esc(sec.note)}</p>")
        if sec.svg:
            # the SVG is produced by vl-convert from our own spec; text inside it is escaped by it
            parts.append(f"<div class='chart'>{sec.svg}</div>")
        if sec.table is not None and len(sec.table):
            parts.append(sec.table.to_html(index=False, escape=True, border=0))
        if sec.lines:
            parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in sec.lines) + "</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def find_font() -> tuple[str, int] | None:
    """A system font file (and collection index) that covers Chinese, else DejaVu, else None."""
    for path, index in FONT_CANDIDATES:
        if Path(path).exists():
            return path, index
    return None


def to_pdf(report: Report) -> bytes:
    """The same report as a PDF (A4, charts as PNG images).

    Raises ``ValueError`` when no Unicode font is found on the system.
    """
    from fpdf import FPDF

    _render(report, svg=False, png=True)
    font = find_font()
    if font is None:
        raise ValueError("no Unicode font found on this computer (install fonts-noto-cjk)")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("body", fname=font[0], collection_font_number=font[1])
    pdf.add_font("body", style="B", fname=font[0], collection_font_number=font[1])
    pdf.set_title(report.title)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("body", size=18)
    pdf.multi_cell(width, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=9)
    pdf.multi_cell(width, 5, report.subtitle, new_x="LMARGIN", new_y="NEXT")
    for sec in report.sections:
        pdf.ln(3)
        pdf.set_font("body", size=14)
        pdf.multi_cell(width, 8, sec.title, new_x="LMARGIN", new_y="NEXT")
        if sec.note:
            pdf.set_font("body", size=9)
            pdf.multi_cell(width, 4.6, sec.note, new_x="LMARGIN", new_y="NEXT")
        if sec.png:
            import io

            pdf.image(io.BytesIO(sec.png), w=min(width, 170))
        if sec.table is not None and len(sec.table):
            pdf.set_font("body", size=8)
            with pdf.table(
                text_align="LEFT", line_height=4.6, width=width, first_row_as_headings=True
            ) as table:
                table.row([str(c) for c in sec.table.columns])
                for row in sec.table.itertuples(index=False):
                    table.row([str(v) for v in row])
        if sec.lines:
            pdf.set_font("body", size=9)
            for line in sec.lines:
                pdf.multi_cell(width, 4.8, "• " + line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def table_translator(table: Mapping[str, str]) -> Translate:
    """A ``translate(key, **params)`` over a plain key -> text table (unknown keys show as themselves)."""

    def translate(key: str, /, **params) -> str:
        return fill(table.get(key, key), params)

    return translate


def build_files(
    *frames: pd.DataFrame,
    kinds: Sequence[str],
    table: Mapping[str, str],
    lang: str = "en",
    period: kpi.PeriodKind = "week",
    start=None,
    end=None,
    rules: pd.DataFrame | None = None,
    threshold: float = 4.0,
    files: Sequence[str] = (),
    pdf: bool = True,
) -> tuple[str, bytes, bytes | None, str | None]:
    """The report files: ``(file name stem, HTML bytes, PDF bytes or None, PDF error or None)``.

    ``frames`` are canonical frames of ``kinds`` (orders, traffic, spend,
    events, prices); ``table`` the strings of the report's language.
    """
    data = dict(zip(kinds, frames, strict=True))
    core = tuple(k for k in ("orders", "traffic", "spend", "events") if k in data)
    ov = kpi.overview(
        *(data[k] for k in core),
        kinds=core,
        period=period,
        start=start,
        end=end,
        rules=rules,
        threshold=threshold,
    )
    rep = build_report(data, translate=table_translator(table), lang=lang, overview=ov, files=files)
    html_bytes = to_html(rep).encode("utf-8")
    pdf_bytes, pdf_error = None, None
    if pdf:
        try:
            pdf_bytes = to_pdf(rep)
        except (ValueError, RuntimeError, OSError) as err:
            pdf_error = str(err)
    return rep.filename, html_bytes, pdf_bytes, pdf_error
