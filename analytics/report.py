"""The weekly report's figures: one dataclass of sections, no rendering.

The report holds the KPI cockpit, the GMV driver tree, the alerts and
unusual days, "what changed", the reconciliation of figures that
legitimately differ, and the key figures of each analysis page (traffic,
segments, funnel, pricing, budget) for the period. Every figure comes from
the same analytics function the page calls, with the same period and the
page's default settings (one definition per number). Words come from a
``translate(key, **params)`` callable, so this module stays free of
Streamlit. Each section carries its chart's data (``chart``: which chart,
``data``: its frame); the HTML, PDF and charts are drawn by
:mod:`ui.report_render` with the pages' chart builders.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics import kpi
from analytics.messages import fill

__all__ = [
    "MONEY",
    "RATIOS",
    "Style",
    "PLAIN",
    "Section",
    "Report",
    "format_metric",
    "describe_change",
    "build_report",
    "table_translator",
    "alert_text",
    "anomaly_text",
    "reconciliation_lines",
    "last_year_line",
    "funnel_figures",
    "trend_frame",
]

Translate = Callable[..., str]

MONEY = frozenset({"gmv", "aov", "spend", "refunds", "revenue"})
RATIOS = frozenset({"cr", "repurchase", "payment_success"})


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


def _signed_money(x: float) -> str:
    return f"{x:+,.2f}"


@dataclass(frozen=True)
class Style:
    """How the report writes its figures and names: ``metric(name, value)``,
    ``signed_money(value)`` (a change of money), ``channel(name)`` and ``step(label)``
    (a channel or funnel-step name as shown), and the ``currency`` of money (ISO code).

    The UI passes the shop's (money with its currency, names in the report's language:
    ``ui.report_render.report_style``); the default, :data:`PLAIN`, writes plain numbers
    and names as they are (notebooks, tests)."""

    metric: Callable[[str, float], str] = format_metric
    signed_money: Callable[[float], str] = _signed_money
    channel: Callable[[str], str] = str
    step: Callable[[str], str] = str
    currency: str | None = None


PLAIN = Style()


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


def describe_change(
    item: Mapping, translate: Translate, *, prefix: bool = True, style: Style = PLAIN
) -> str:
    """One "what changed" item (from :func:`analytics.kpi.what_changed`) in plain words.

    Alerts and unusual days start with "Alert —" / "Unusual day —" when ``prefix``.
    """
    key, p = item["key"], item["params"]
    format_metric, channel = style.metric, (style.channel(p["channel"]) if p.get("channel") else "")

    def name(m: str) -> str:
        return translate(f"home.metric.{m}")

    if key.startswith("alert."):
        rule = key.split(".", 1)[1]
        m = p["metric"]
        text = translate(
            f"home.alert.{rule}",
            date=_date(p["date"]),
            metric=name(m),
            channel=channel,
            value=format_metric(m, p["value"]),
            reference=format_metric(m, p["reference"]),
            threshold=format_metric(m, p["threshold"]),
            pct=_pct(p["value"] / p["reference"] - 1, signed=rule.endswith("_previous"))
            if p.get("reference")
            else "–",
            limit=_pct(p["threshold"]),
        )
        return translate("home.change.alert", text=text) if prefix else text
    if key.startswith("anomaly"):
        m = p["metric"]
        text = translate(
            "home.anomaly.channel" if key == "anomaly.channel" else "home.anomaly",
            date=_date(p["date"]),
            metric=name(m),
            channel=channel,
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
            contribution=style.signed_money(p["contribution"]),
            total=style.signed_money(p["total"]),
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


def alert_text(row: Mapping, translate: Translate, style: Style = PLAIN) -> str:
    """An alert row (from :func:`analytics.kpi.evaluate_rules`) in plain words."""
    return describe_change(
        {"key": f"alert.{row['rule']}", "params": dict(row), "page": "", "metric": row["metric"]},
        translate,
        prefix=False,
        style=style,
    )


def anomaly_text(row: Mapping, translate: Translate, style: Style = PLAIN) -> str:
    """An unusual day (from :func:`analytics.kpi.detect_anomalies`) in plain words."""
    params = {**row, "channel": row.get("group")}
    key = "anomaly.channel" if row.get("group") else "anomaly"
    return describe_change(
        {"key": key, "params": params, "metric": row["metric"]},
        translate,
        prefix=False,
        style=style,
    )


# ---------------------------------------------------------------------------
# The report's figures


@dataclass
class Section:
    """One part of the report: a title, a note, a table (shown text), plain lines,
    the chart to draw (``chart``: its kind, ``data``: its frame, ``labels``: its
    translated titles) and the raw ``figures`` (name -> number) behind the text."""

    key: str
    title: str
    note: str = ""
    table: pd.DataFrame | None = None
    lines: list[str] = field(default_factory=list)
    chart: str = ""
    data: pd.DataFrame | None = None
    labels: dict[str, str] = field(default_factory=dict)
    figures: dict[str, object] = field(default_factory=dict)


@dataclass
class Report:
    """The report's content, its title and the file name stem (with the period)."""

    title: str
    subtitle: str
    filename: str
    lang: str
    sections: list[Section]
    period: kpi.Period | None = None
    style: Style = PLAIN


def trend_frame(daily: pd.DataFrame, metric: str, period: kpi.Period, weeks: int = 8):
    """``date, value, in_period``: the daily ``metric`` over ``weeks`` weeks to the period's end."""
    lo = min(period.end - pd.Timedelta(days=7 * weeks - 1), period.start)
    ser = daily[metric].loc[lo : period.end] if metric in daily else pd.Series(dtype=float)
    frame = pd.DataFrame({"date": ser.index, "value": ser.to_numpy(dtype=float)})
    frame["in_period"] = frame["date"] >= period.start
    return frame


def reconciliation_lines(
    rec: Mapping[str, float], translate: Translate, style: Style = PLAIN
) -> list[str]:
    """The lines that put side by side the figures that legitimately differ
    (:func:`analytics.kpi.reconcile`): channel-attributed revenue vs GMV, visits vs UV."""
    out = []
    format_metric = style.metric

    def money(x):
        return format_metric("gmv", x)

    def diff(a, b, m):
        sign = "+" if a - b >= 0 else "-"
        return f"{sign}{format_metric(m, abs(a - b))}"

    def diff_pct(a, b):
        return _pct(a / b - 1 if b else math.nan, signed=True)

    if math.isfinite(rec.get("traffic_revenue", math.nan)) and math.isfinite(rec["gmv"]):
        out.append(
            translate(
                "home.reconcile.revenue",
                traffic=money(rec["traffic_revenue"]),
                gmv=money(rec["gmv"]),
                diff=diff(rec["traffic_revenue"], rec["gmv"], "gmv"),
                diff_pct=diff_pct(rec["traffic_revenue"], rec["gmv"]),
                other=money(rec["other_revenue"]),
                n=f"{rec['other_channels']:,.0f}",
                rest=style.signed_money(round(rec["rest_revenue"], 2) + 0.0),
            )
        )
    if math.isfinite(rec.get("visits", math.nan)) and rec["visits"] != rec["uv"]:
        out.append(
            translate(
                "home.reconcile.visits",
                visits=format_metric("visitors", rec["visits"]),
                uv=format_metric("visitors", rec["uv"]),
                diff=diff(rec["visits"], rec["uv"], "visitors"),
                diff_pct=diff_pct(rec["visits"], rec["uv"]),
                other=format_metric("visitors", rec["other_visits"]),
                n=f"{rec['other_channels']:,.0f}",
            )
        )
    return out


def last_year_line(ov: kpi.Overview, translate: Translate) -> str | None:
    """The sentence said instead of last-year figures when the data has none for the
    period's same days a year earlier (None when some cockpit figure has one)."""
    if np.isfinite(ov.table["last_year"].to_numpy(dtype=float)).any():
        return None
    per = ov.period
    return translate(
        "home.no_last_year",
        first=_date(ov.first_day),
        ystart=_date(per.yoy_start),
        yend=_date(per.yoy_end),
    )


def _cockpit_table(
    ov: kpi.Overview, tr: Translate, style: Style = PLAIN
) -> tuple[pd.DataFrame, bool]:
    shown = [
        m for m in (*kpi.METRICS, "payment_success") if math.isfinite(ov.table.loc[m, "current"])
    ]
    has_ly = bool(np.isfinite(ov.table.loc[shown, "last_year"].to_numpy(dtype=float)).any())
    rows = []
    for m in shown:
        r = ov.table.loc[m]
        row = {
            tr("home.col.metric"): tr(f"home.metric.{m}"),
            tr("home.col.current"): style.metric(m, r["current"]),
            tr("home.col.previous"): style.metric(m, r["previous"]),
            tr("home.col.pct"): _pct(r["pct"], signed=True),
        }
        if has_ly:
            row[tr("home.col.last_year")] = style.metric(m, r["last_year"])
            row[tr("home.col.yoy")] = _pct(r["yoy_pct"], signed=True)
        rows.append(row)
    return pd.DataFrame(rows), has_ly


def _cockpit_section(
    ov: kpi.Overview, rec: Mapping[str, float], tr: Translate, style: Style = PLAIN
) -> list[Section]:
    """The cockpit (KPI table, trend, reconciliation), then the GMV tree, the alerts and
    unusual days, and "what changed"."""
    per = ov.period
    note = tr(
        "home.period_caption",
        start=_date(per.start),
        end=_date(per.end),
        pstart=_date(per.prev_start),
        pend=_date(per.prev_end),
        ystart=_date(per.yoy_start),
        yend=_date(per.yoy_end),
    )
    table, _ = _cockpit_table(ov, tr, style)
    lines = [x for x in (last_year_line(ov, tr),) if x]
    lines += reconciliation_lines(rec, tr, style)
    metric = next((m for m in ("gmv", "visitors", "spend") if m in ov.daily.columns), None)
    # every cockpit figure: "gmv" (now), "gmv.previous", "gmv.last_year", ...
    figures = {
        m if col == "current" else f"{m}.{col}": float(ov.table.loc[m, col])
        for m in ov.table.index
        for col in ("current", "previous", "last_year")
    }
    cockpit = Section(
        "cockpit",
        tr("home.report.section.cockpit"),
        note,
        table=table,
        lines=lines,
        chart="trend" if metric else "",
        data=trend_frame(ov.daily, metric, per) if metric else None,
        labels={"value": tr(f"home.metric.{metric}"), "metric": metric} if metric else {},
        figures=figures,
    )
    tree = [_tree_section(ov, tr, style)] if len(ov.tree) else []
    return [cockpit, *tree, *_alert_sections(ov, tr, style)]


def _tree_section(ov: kpi.Overview, tr: Translate, style: Style = PLAIN) -> Section:
    """The GMV driver tree: each driver's previous and current value and contribution."""
    labels = {d: tr(f"home.metric.{d}") for d in kpi.DRIVERS}
    total = float(ov.tree["contribution"].sum())
    prev_gmv = float(np.prod(ov.tree["previous"]))
    drivers = list(ov.tree["driver"])
    tree_tab = pd.DataFrame(
        {
            tr("home.col.driver"): [labels[d] for d in drivers],
            tr("home.col.previous"): [
                style.metric(d, v) for d, v in zip(drivers, ov.tree["previous"], strict=True)
            ],
            tr("home.col.current"): [
                style.metric(d, v) for d, v in zip(drivers, ov.tree["current"], strict=True)
            ],
            tr("home.col.pct"): [_pct(v, signed=True) for v in ov.tree["pct"]],
            tr("home.col.contribution"): [style.signed_money(v) for v in ov.tree["contribution"]],
        }
    )
    caption = tr(
        "home.tree.caption",
        total=style.signed_money(total),
        pct=_pct(total / prev_gmv if prev_gmv else math.nan, signed=True),
    )
    return Section(
        "tree",
        tr("home.tree"),
        tr("home.tree_help") + " " + caption,
        table=tree_tab,
        chart="tree",
        data=ov.tree.assign(label=[labels[d] for d in drivers]),
        labels={"start": tr("home.tree.previous"), "end": tr("home.tree.current")},
        figures={
            f"contribution.{d}": float(v)
            for d, v in zip(drivers, ov.tree["contribution"], strict=True)
        },
    )


def _alert_sections(ov: kpi.Overview, tr: Translate, style: Style = PLAIN) -> list[Section]:
    """The alerts and unusual days, then "what changed"."""
    alerts = [alert_text(r, tr, style) for r in ov.alerts.to_dict("records")]
    anoms = [anomaly_text(r, tr, style) for r in ov.anomalies.head(12).to_dict("records")]
    changes = [describe_change(c, tr, style=style) for c in ov.changes]
    return [
        Section(
            "alerts",
            tr("home.alerts"),
            tr("home.anomaly_method", threshold=f"{ov.threshold:g}"),
            lines=(alerts or [tr("home.no_alerts")]) + (anoms or [tr("home.no_anomalies")]),
            figures={"alerts": len(ov.alerts), "anomalies": len(ov.anomalies)},
        ),
        Section("changes", tr("home.changes"), lines=changes or [tr("home.no_changes")]),
    ]


def _traffic_section(
    frames,
    per: kpi.Period,
    rec,
    tr: Translate,
    traffic_rules=None,
    regroup: bool = False,
    style: Style = PLAIN,
) -> Section:
    from analytics import traffic as tra

    used = [(k, frames[k]) for k in ("traffic", "orders", "spend") if frames.get(k) is not None]
    mix = tra.build_mix_frames(
        *(f for _, f in used),
        kinds=tuple(k for k, _ in used),
        custom=traffic_rules,
        keep_channel=not regroup,
    )
    full = tra.channel_table(mix, per.start, per.end, per.prev_start, per.prev_end)
    body = full.drop(index="Total", errors="ignore").sort_values("revenue", ascending=False)
    chart_rows = body.head(12)
    table = pd.concat([chart_rows, full.loc[["Total"]]]) if "Total" in full.index else chart_rows
    attributed = mix.revenue_from == "traffic"
    rev_key = "channel_revenue" if attributed else "revenue"
    ch = tr("home.report.col.channel")
    rev = tr(f"home.report.col.{rev_key}")
    rev0 = tr(f"home.report.col.{rev_key}_prev" if attributed else "home.report.col.revenue_prev")
    vis = tr("home.report.col.visits")
    names = [style.channel(c) for c in chart_rows.index.astype(str)]
    long = pd.concat(
        [
            pd.DataFrame({"channel": names, "value": chart_rows["revenue"], "period": rev}),
            pd.DataFrame({"channel": names, "value": chart_rows["revenue_prev"], "period": rev0}),
        ],
        ignore_index=True,
    )
    tab = pd.DataFrame(
        {
            ch: [style.channel(c) for c in table.index.astype(str)],
            vis: [style.metric("visitors", v) for v in table["volume"]],
            rev: [style.metric("revenue", v) for v in table["revenue"]],
            rev0: [style.metric("revenue", v) for v in table["revenue_prev"]],
            tr("home.col.pct"): [_pct(v, signed=True) for v in table["revenue_change"]],
            tr("home.report.col.roas"): [style.metric("roas", v) for v in table["roas"]],
        }
    )
    total = full.loc["Total"] if "Total" in full.index else body.sum(numeric_only=True)
    return Section(
        "traffic",
        tr("home.report.section.traffic"),
        tr("home.report.traffic_note"),
        table=tab,
        lines=reconciliation_lines(rec, tr, style),
        chart="channel_bars",
        data=long,
        labels={"channel": ch, "value": rev, "now": rev, "before": rev0},
        figures={"revenue": float(total["revenue"]), "visits": float(total["volume"])},
    )


def _segments_section(
    orders: pd.DataFrame, per: kpi.Period, tr: Translate, style: Style = PLAIN
) -> Section:
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
    revenue = summ["revenue"].to_numpy(dtype=float)
    data = pd.DataFrame(
        {
            "label": names,
            "share": summ["share"].to_numpy(dtype=float),
            "revenue_share": revenue / revenue.sum() if revenue.sum() else revenue * np.nan,
        }
    )
    tab = pd.DataFrame(
        {
            seg: names,
            tr("home.report.col.customers"): [f"{v:,.0f}" for v in summ["customers"]],
            tr("home.report.col.share"): [_pct(v) for v in summ["share"]],
            tr("home.report.col.revenue"): [style.metric("revenue", v) for v in summ["revenue"]],
        }
    )
    return Section(
        "segments",
        tr("home.report.section.segments"),
        tr("home.report.segments_note"),
        table=tab,
        chart="segments",
        data=data,
        labels={
            "segment": seg,
            "customers": tr("home.report.col.customers"),
            "revenue": tr("home.report.col.revenue"),
            "measure": tr("home.report.col.share"),
        },
        figures={
            f"customers.{s}": int(v)
            for s, v in zip(summ["segment"], summ["customers"], strict=True)
        },
    )


def funnel_figures(events: pd.DataFrame):
    """The Funnel page's default funnel: ``(labels, users per step, users in progress)``.

    The same calls as the page with its defaults: steps proposed from the
    event names, a 7-day window, sequential order, one count per user, users
    still inside their window left out, over the whole event log. ``None``
    when the log has fewer than two event names.
    """
    from analytics import funnel as fn

    counts = fn.event_counts(events)
    if len(counts) < 2:
        return None
    labels, groups = fn.propose_steps(counts["event"].astype(str).tolist())
    fu = fn.user_funnel(events, groups, fn.DEFAULT_WINDOW, fn.ORDERS[0], labels=labels)
    users = fn.counts_from_users(fu.included(True), fu.n_steps)
    return labels, users, int(fu.users["in_progress"].sum())


def _funnel_section(
    events: pd.DataFrame, per: kpi.Period, tr: Translate, style: Style = PLAIN
) -> Section:
    from analytics import funnel as fn

    got = funnel_figures(events)
    if got is None:  # a log of one event (a view log): no funnel, said plainly
        counts = fn.event_counts(events)
        event = str(counts["event"].iloc[0]) if len(counts) else "-"
        note = tr("home.report.funnel_one_event", event=event)
        return Section("funnel", tr("home.report.section.funnel"), note)
    labels, users, n_prog = got
    labels = [style.step(s) for s in labels]
    steps = fn.step_table(users, labels)
    step = tr("home.col.step")
    conv = [math.nan, *(users[1:] / np.where(users[:-1] > 0, users[:-1], np.nan))]
    tab = pd.DataFrame(
        {
            step: labels,
            tr("home.report.col.users"): [f"{v:,.0f}" for v in users],
            tr("home.report.col.conversion"): [_pct(v) for v in conv],
        }
    )
    t = events["event_time"]
    note = tr("home.report.funnel_note", start=_date(t.min()), end=_date(t.max()), n=f"{n_prog:,}")
    return Section(
        "funnel",
        tr("home.report.section.funnel"),
        note,
        table=tab,
        chart="funnel",
        data=steps,
        labels={
            "users": tr("home.report.col.users"),
            "step": step,
            "drop": tr("home.report.col.conversion"),
        },
        figures={"users": [int(v) for v in users]},
    )


def _experiment_section(
    events: pd.DataFrame, tr: Translate, style: Style = PLAIN
) -> Section | None:
    """The Experiments page's default reading of the log's variant column and its verdict in
    plain words (None when no column is named like a variant)."""
    from analytics import experiments as ex

    got = ex.report_figures(events)
    if got is None:
        return None
    column, data, r, v = got
    t = r.table
    head = tr(f"experiments.verdict.{v.code}", variant=v.variant or "")
    tab = pd.DataFrame(
        {
            tr("experiments.col.variant"): t["variant"].tolist(),
            tr("experiments.col.users"): [f"{n:,}" for n in t["users"]],
            tr("experiments.col.rate"): [_pct(x) for x in t["rate"]],
            tr("experiments.col.lift"): ["–", *(_pct(x, signed=True) for x in t["lift"][1:])],
            tr("experiments.col.beat"): ["–", *(_pct(x) for x in t["chance_to_beat"][1:])],
        }
    )
    note = tr(
        "home.report.experiment_note",
        variants=len(t),
        column=column,
        start=_date(data.start),
        end=_date(data.end),
        users=f"{int(t['users'].sum()):,}",
        verdict=head,
    )
    lines = [tr(f"experiments.reason.{code}", **params) for code, params in v.reasons]
    money = ex.revenue_figures(r, v.variant) if v.code != "fix_assignment" else None
    if money is not None:
        said = {k: style.signed_money(money[k]) for k in ("diff", "low", "high")}
        lines.insert(-1, tr("experiments.reason.rpu", variant=money["variant"], **said))
    return Section(
        "experiments",
        tr("home.report.section.experiments"),
        note,
        table=tab,
        lines=lines,
        chart="experiment",
        data=t,
        labels={"variant": tr("experiments.col.variant"), "rate": tr("experiments.col.rate")},
        figures={"verdict": v.code, "variant": v.variant, "srm_p": r.srm_p},
    )


def _experiment_part(
    events: pd.DataFrame | None, tr: Translate, style: Style = PLAIN
) -> list[Section]:
    """The experiment section when the event log carries a variant column (else nothing)."""
    if events is None:
        return []
    try:
        found = _experiment_section(events, tr, style)
    except (ValueError, KeyError, IndexError, ZeroDivisionError) as err:
        said = tr("home.report.unavailable", error=_error_text(err, tr))
        return [Section("experiments", tr("home.report.section.experiments"), said)]
    return [] if found is None else [found]


def _pricing_section(prices: pd.DataFrame, per: kpi.Period, tr: Translate) -> Section:
    from analytics import pricing as pr

    own = pr.own_seller_from(prices) or pr.sellers(prices)[0]
    if len(pr.sellers(prices)) < 2:  # our own price history only: nothing to compare with
        note = tr("home.report.pricing_own_only", seller=own)
        return Section("pricing", tr("home.report.section.pricing"), note)
    sub = prices[prices["date"] <= per.end]
    idx = pr.index_table(sub, own_seller=own, method="market_average").reset_index()
    idx = idx.dropna(subset=["index"])
    idx = idx[idx["date"] >= per.end - pd.Timedelta(days=90)]
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
        table=tab,
        chart="price_index",
        data=idx[["date", "index", "products"]],
        labels={"index": tr("home.report.col.index"), "products": tr("home.report.col.products")},
        figures={
            **{f"position.{k}": v for k, v in counts.items()},
            "last_index": float(idx["index"].iloc[-1]) if len(idx) else math.nan,
        },
    )


def _budget_section(
    spend: pd.DataFrame, per: kpi.Period, tr: Translate, style: Style = PLAIN
) -> Section:
    from analytics import budget as bud

    sub = spend[spend["date"] <= per.end]
    curves = bud.fit_curves(sub)
    ev = bud.evaluate(curves, bud.current_plan(curves))
    ch = tr("home.report.col.channel")
    tab = pd.DataFrame(
        {
            ch: [style.channel(c) for c in ev["channel"].astype(str)],
            tr("home.report.col.spend"): [style.metric("spend", v) for v in ev["spend"]],
            tr("home.report.col.revenue"): [style.metric("revenue", v) for v in ev["revenue"]],
            tr("home.report.col.roas"): [style.metric("roas", v) for v in ev["roas"]],
            tr("home.report.col.marginal_roas"): [
                style.metric("roas", v) for v in ev["marginal_roas"]
            ],
        }
    )
    marks = ev[["channel", "spend", "revenue"]].assign(kind=tr("budget.col.current"), filled=True)
    grid = bud.curve_grid(curves)
    data = pd.concat([grid.assign(layer="curve"), marks.assign(layer="mark")], ignore_index=True)
    data["channel"] = [style.channel(c) for c in data["channel"].astype(str)]
    return Section(
        "budget",
        tr("home.report.section.budget"),
        tr("home.report.budget_note"),
        table=tab,
        chart="budget",
        data=data,
        labels={"spend": tr("home.report.col.spend"), "revenue": tr("home.report.col.revenue")},
        figures={f"spend.{c}": float(v) for c, v in zip(ev["channel"], ev["spend"], strict=True)},
    )


def _retention_section(
    frames: Mapping[str, pd.DataFrame], per: kpi.Period, tr: Translate, style: Style = PLAIN
) -> Section:
    """Retention of the last complete weekly cohort vs the ones before, and LTV : CAC per
    channel: :func:`analytics.retention.cockpit_figures` (the Overview's call)."""
    from analytics import orders as ordrule
    from analytics import retention as rt

    orders, spend = frames["orders"], frames.get("spend")
    title = tr("home.report.section.retention")
    if not ordrule.has_customers(orders):
        return Section("retention", title, tr("home.report.no_customers"))
    fig = rt.cockpit_figures(orders, spend, end=per.end)
    ch = fig.change
    lines = []
    if ch.cohort is not None:
        lines.append(
            tr(
                "home.report.retention_line",
                cohort=_date(ch.cohort),
                rate=_pct(ch.rate),
                before=_pct(ch.before),
                change=f"{100 * ch.change:+.1f}" if np.isfinite(ch.change) else "–",
                members=f"{ch.members:,}",
            )
        )
    tab = None
    if fig.ltv is not None and len(fig.ltv):
        tab = pd.DataFrame(
            {
                tr("retention.col.channel"): [style.channel(str(c)) for c in fig.ltv["channel"]],
                tr("retention.col.cac"): [style.metric("revenue", v) for v in fig.ltv["cac"]],
                tr("retention.col.margin_to_date"): [
                    style.metric("revenue", v) for v in fig.ltv["margin_to_date"]
                ],
                tr("retention.col.ltv_cac"): [f"{v:.2f}" for v in fig.ltv["ltv_cac"]],
            }
        )
    note = tr("home.report.retention_note", margin=f"{100 * fig.margin:.0f}")
    figures = {"retention.rate": ch.rate, "retention.before": ch.before}
    if fig.ltv is not None:
        figures.update(
            {f"ltv_cac.{c}": v for c, v in zip(fig.ltv["channel"], fig.ltv["ltv_cac"], strict=True)}
        )
    return Section("retention", title, note, table=tab, lines=lines, figures=figures)


def _error_text(err: BaseException, tr: Translate) -> str:
    """A coded error (``AnalyticsError``, ``IngestError``, ``BudgetError``) in the report's
    language; any other by its text."""
    code, params = getattr(err, "code", None), getattr(err, "params", None) or {}
    if isinstance(code, str):
        for key in (code, f"ingest.error.{code}", f"budget.err.{code}"):
            if (said := tr(key, **params)) != key:
                return said
    return str(err)


def build_report(
    frames: Mapping[str, pd.DataFrame],
    *,
    translate: Translate,
    lang: str = "en",
    period: kpi.PeriodKind = "week",
    start=None,
    end=None,
    rules: pd.DataFrame | None = None,
    threshold: float = 4.0,
    overview: kpi.Overview | None = None,
    files: Sequence[str] = (),
    traffic_rules: pd.DataFrame | None = None,
    regroup: bool = False,
    style: Style = PLAIN,
) -> Report:
    """The report's figures for the period from the loaded frames (kind -> canonical frame).

    The cockpit is :func:`analytics.kpi.overview` (the Overview page's call);
    each analysis section calls its page's functions. A section that cannot
    be computed (data missing or unsuitable) says so in its note instead of
    failing the report. Raises ``ValueError`` when there is nothing to report
    on (no orders, traffic or spend). ``traffic_rules`` and ``regroup`` are the Traffic
    page's channel rules and its "regroup by rules" switch (its defaults when not given).
    ``style`` writes money (with the shop currency) and channel and step names
    (:class:`Style`; plain numbers and names as they are by default).
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
            threshold=threshold,
        )
    per = overview.period
    rec = kpi.reconcile(frames.get("orders"), frames.get("traffic"), per.start, per.end)
    sections = _cockpit_section(overview, rec, tr, style)
    builders: list[tuple[str, str, Callable[[], Section]]] = [
        (
            "traffic",
            "traffic",
            lambda: _traffic_section(frames, per, rec, tr, traffic_rules, regroup, style),
        ),
        ("segments", "orders", lambda: _segments_section(frames["orders"], per, tr, style)),
        ("funnel", "events", lambda: _funnel_section(frames["events"], per, tr, style)),
        ("retention", "orders", lambda: _retention_section(frames, per, tr, style)),
        ("pricing", "prices", lambda: _pricing_section(frames["prices"], per, tr)),
        ("budget", "spend", lambda: _budget_section(frames["spend"], per, tr, style)),
    ]
    for key, kind, build in builders:
        title = tr(f"home.report.section.{key}")
        if frames.get(kind) is None:
            sections.append(Section(key, title, tr("home.report.missing", kind=tr(f"kind.{kind}"))))
            continue
        try:
            sections.append(build())
        except (ValueError, KeyError, IndexError, ZeroDivisionError) as err:
            error = _error_text(err, tr)
            sections.append(Section(key, title, tr("home.report.unavailable", error=error)))
    sections += _experiment_part(frames.get("events"), tr, style)
    return Report(
        title=tr("home.report.title", start=_date(per.start), end=_date(per.end)),
        subtitle=tr(
            "home.report.generated",
            when=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            files=", ".join(files) or "–",
        ),
        filename=f"weekly-report_{per.label}_{lang}",
        lang=lang,
        sections=sections,
        period=per,
        style=style,
    )


def table_translator(table: Mapping[str, str]) -> Translate:
    """A ``translate(key, **params)`` over a plain key -> text table (unknown keys show as themselves)."""

    def translate(key: str, /, **params) -> str:
        return fill(table.get(key, key), params)

    return translate
