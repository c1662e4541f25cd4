"""The Overview page's sections (views/home.py is the router): the start box, the page
guide, the loaded datasets, and the KPI cockpit's cards, driver tree, trend, alerts and
what changed. Each section takes the page's HomeContext."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import kpi
from analytics import orders as ordrule
from analytics import report as rep
from ui import format as fmt
from ui import report_box, report_render, samples, shop, state
from ui.charts import style
from ui.i18n import labels, t
from ui.safe import inert, user_error
from ui.widgets import cached, choice

PAGES = {  # page -> dataset kinds it needs (the first is required)
    "data": (),
    "traffic": ("traffic", "orders"),
    "segments": ("orders",),
    "funnel": ("events",),
    "retention": ("orders", "events"),
    "pricing": ("prices",),
    "budget": ("spend", "traffic"),
    "experiments": ("events", "orders"),
}
CORE = ("orders", "traffic", "spend", "events")
PERIODS = ["week", "month", "custom"]
SPARK_WEEKS = 8


@dataclass(frozen=True)
class HomeContext:
    """What the cockpit's sections share: the loaded datasets, the period picked, the alert
    rules and sensitivity, and the overview computed for them."""

    datasets: dict
    period: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    rules: pd.DataFrame
    threshold: float
    ov: kpi.Overview


def md_safe(text) -> str | None:
    """A user value (a channel name) made inert for Streamlit's markdown."""
    return None if text is None else inert(text)


def start_box() -> None:
    with st.container(border=True):
        st.subheader(t("home.start"))
        st.caption(t("home.start_text"))
        c1, c2 = st.columns(2)
        if c1.button(
            t("common.load_samples"), key="home.samples", type="primary", icon=":material/science:"
        ):
            n = samples.load_samples_into_session()
            if n:
                state.flash("success", "common.samples_loaded", n=n)
                st.rerun()
        c2.page_link("views/data.py", label=t("common.go_data"), icon=":material/upload_file:")


def page_guide() -> None:
    st.subheader(t("home.pages"))
    cols = st.columns(3)
    for i, (page, kinds) in enumerate(PAGES.items()):
        with cols[i % 3].container(border=True):
            st.page_link(f"views/{page}.py", label=t(f"nav.{page}"))
            st.caption(t(f"home.desc.{page}"))
            if kinds:
                have = [k for k in kinds if state.active(k) is not None]
                needs = " / ".join(t(f"kind.{k}") for k in kinds)
                badge = t("home.ready") if have else t("home.missing")
                st.caption(f"{t('home.needs', kinds=needs)} — {badge}")


def loaded_table() -> None:
    loaded = state.datasets()
    if not loaded:
        return
    st.subheader(t("home.loaded"))
    rows = []
    for ds in loaded.values():
        rng = ds.date_range
        rows.append(
            {
                t("home.col_kind"): t(f"kind.{ds.kind}"),
                t("home.col_file"): ds.filename,
                t("home.col_rows"): ds.rows,
                t("home.col_from"): rng[0].date() if rng else None,
                t("home.col_to"): rng[1].date() if rng else None,
                t("home.col_dropped"): ds.report.rows_dropped,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", placeholder=fmt.NA)


def rules_editor() -> pd.DataFrame:
    """The editable alert rules (the editor's key changes on reset, which clears its edits)."""
    version = state.get("home.rules_version", 0)
    metrics = list(dict.fromkeys([*kpi.WATCHED, *kpi.METRICS]))
    edited = st.data_editor(
        kpi.default_rules(),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"home.rules_editor.{version}",
        column_config={
            "on": st.column_config.CheckboxColumn(t("home.rules.on"), default=True),
            "rule": st.column_config.SelectboxColumn(
                t("home.rules.rule"),
                options=list(kpi.RULE_TYPES),
                format_func=labels("home.rule"),
                required=True,
            ),
            "metric": st.column_config.SelectboxColumn(
                t("home.rules.metric"),
                options=metrics,
                format_func=labels("home.metric"),
                required=True,
            ),
            "threshold": st.column_config.NumberColumn(
                t("home.rules.threshold"), min_value=0.0, step=0.01, required=True
            ),
        },
        placeholder=fmt.NA,
    )
    if st.button(t("home.rules.reset"), key="home.rules_reset"):
        state.put("home.rules_version", version + 1)
        st.rerun()
    return edited


def _period_pick(dss: dict, where) -> tuple[str, pd.Timestamp | None, pd.Timestamp | None] | None:
    """The period control (and the custom range); ``None`` when no usable range is picked."""
    c1, c2 = where
    period = choice(
        t("home.period"), PERIODS, prefix="home.period", default="week", key="home.period", where=c1
    )
    if period != "custom":
        return period, None, None
    span = kpi.data_span(ds.date_range for ds in dss.values())
    if span is None:
        st.warning(t("home.need_data"))
        return None
    lo, hi = span[0].date(), span[1].date()
    default = (max(lo, hi - dt.timedelta(days=27)), hi)
    picked = c2.date_input(
        t("home.range"), value=default, min_value=lo, max_value=hi, key="home.range"
    )
    if not isinstance(picked, tuple | list) or len(picked) != 2:
        st.info(t("home.pick_range"))
        return None
    start, end = (pd.Timestamp(d) for d in picked)
    return period, start, end


def cockpit_context(dss: dict) -> HomeContext | None:
    """The cockpit's heading and controls (period, alert rules, sensitivity) and the overview
    computed for them; ``None`` (with a message shown) when there is nothing to show."""
    st.subheader(t("home.cockpit"))
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    picked = _period_pick(dss, (c1, c2))
    if picked is None:
        return None
    period, start, end = picked
    with c3.popover(t("home.rules"), icon=":material/tune:"):
        st.caption(t("home.rules_help"))
        rules = rules_editor()
        threshold = st.slider(t("home.sensitivity"), 2.5, 8.0, 4.0, 0.5, key="home.sensitivity")
    kinds = tuple(k for k in CORE if k in dss)
    try:
        ov = cached(
            kpi.overview,
            *(dss[k] for k in kinds),
            kinds=kinds,
            period=period,
            start=start,
            end=end,
            rules=rules,
            threshold=float(threshold),
        )
    except ValueError as err:
        st.error(t("home.error", error=user_error(err)))
        return None
    return HomeContext(dss, period, start, end, rules, float(threshold), ov)


def metric_card(col, ov: kpi.Overview, m: str) -> None:
    row = ov.table.loc[m]
    cur = row["current"]
    if not math.isfinite(cur):
        return
    pct = row["pct"]
    delta = fmt.pct(pct, signed=True) if math.isfinite(pct) else None
    yoy = row["yoy_pct"]
    yoy_txt = (
        t("home.yoy", pct=fmt.pct(yoy, signed=True)) if math.isfinite(yoy) else t("home.no_yoy")
    )
    col.metric(
        t(f"home.metric.{m}"),
        fmt.metric(m, cur, shop.currency()),
        delta=delta,
        delta_color="off" if m == "spend" else shop.delta_color(),
        help=f"{t(f'home.def.{m}')}\n\n{yoy_txt}",
        chart_data=kpi.sparkline(ov.daily, m, ov.period.end, SPARK_WEEKS),
        chart_type="line",
        border=True,
    )
    if math.isfinite(yoy):
        col.caption(yoy_txt)


def cards_section(ctx: HomeContext) -> None:
    """The period line, data notes, one card per metric with data, the reconciliation."""
    ov, per = ctx.ov, ctx.ov.period
    st.caption(
        t(
            "home.period_caption",
            start=f"{per.start:%Y-%m-%d}",
            end=f"{per.end:%Y-%m-%d}",
            pstart=f"{per.prev_start:%Y-%m-%d}",
            pend=f"{per.prev_end:%Y-%m-%d}",
            ystart=f"{per.yoy_start:%Y-%m-%d}",
            yend=f"{per.yoy_end:%Y-%m-%d}",
        )
    )
    if (no_ly := rep.last_year_line(ov, t)) is not None:
        st.caption(no_ly)
    if "orders" in ctx.datasets and not ordrule.has_customers(ctx.datasets["orders"].frame):
        st.info(t("home.no_customers"))
    shown = [m for m in kpi.METRICS if math.isfinite(ov.table.loc[m, "current"])]
    for i in range(0, len(shown), 5):
        cols = st.columns(5)
        for col, m in zip(cols, shown[i : i + 5], strict=False):
            metric_card(col, ov, m)
    report_box.reconciliation(ctx.datasets, per)


def retention_section(ctx: HomeContext) -> None:
    """Week-1 retention of the last complete cohort vs the ones before, and LTV : CAC per
    channel (:func:`analytics.retention.cockpit_figures`, the report's call too)."""
    orders = ctx.datasets.get("orders")
    if orders is None or not ordrule.has_customers(orders.frame):
        return
    spend = ctx.datasets.get("spend")
    try:
        dss = (orders, spend) if spend is not None else (orders,)
        fig = cached(_retention_figures, *dss, end=ctx.end)
    except ValueError:
        return
    ch = fig.change
    if ch.cohort is None:
        return
    st.markdown(f"**{t('home.retention.title')}**")
    left, right = st.columns([1, 3])
    left.metric(
        t("home.retention.rate"),
        fmt.pct(ch.rate),
        delta=fmt.pp(ch.change, lang=state.get_lang()) if math.isfinite(ch.change) else None,
        delta_color=shop.delta_color(),
        help=t("home.retention.help"),
        border=True,
    )
    left.caption(t("home.retention.cohort", cohort=f"{ch.cohort:%Y-%m-%d}", n=f"{ch.members:,}"))
    if fig.ltv is not None and len(fig.ltv):
        cols = ["channel", "cac", "margin_to_date", "ltv_cac"]
        cur = shop.currency()
        money = st.column_config.NumberColumn(
            format=fmt.column_format("money", cur, fig.ltv["cac"])
        )
        right.dataframe(
            fig.ltv[cols].rename(columns={c: t(f"home.retention.col.{c}") for c in cols}),
            hide_index=True,
            width="stretch",
            placeholder=fmt.NA,
            column_config={
                t("home.retention.col.cac"): money,
                t("home.retention.col.margin_to_date"): money,
                t("home.retention.col.ltv_cac"): st.column_config.NumberColumn(format="%.2f"),
            },
            key="home.ltv_table",
        )
        right.caption(t("home.report.retention_note", margin=f"{100 * fig.margin:.0f}"))


def _retention_figures(orders, spend=None, *, end=None):
    from analytics import retention as rt

    return rt.cockpit_figures(orders, spend, end=end)


def tree_section(ctx: HomeContext) -> None:
    """The GMV driver tree: chart, total contribution line, table."""
    ov = ctx.ov
    st.markdown(f"**{t('home.tree')}**", help=t("home.tree_help"))
    if not len(ov.tree):
        st.info(t("home.tree_none"))
        return
    names = {d: t(f"home.metric.{d}") for d in kpi.DRIVERS}
    chart = report_render.tree_chart(
        ov.tree, names, t("home.tree.previous"), t("home.tree.current")
    )
    st.altair_chart(style(chart), width="stretch", key="home.tree_chart")
    total, share = kpi.tree_total(ov)
    st.caption(
        t(
            "home.tree.caption",
            total=shop.money(total, signed=True),
            pct=fmt.pct(share, signed=True),
        )
    )
    cur = shop.currency()
    drivers = ov.tree["driver"]
    st.dataframe(
        pd.DataFrame(
            {
                t("home.col.driver"): [names[d] for d in drivers],
                t("home.col.previous"): [
                    fmt.metric(d, v, cur) for d, v in zip(drivers, ov.tree["previous"], strict=True)
                ],
                t("home.col.current"): [
                    fmt.metric(d, v, cur) for d, v in zip(drivers, ov.tree["current"], strict=True)
                ],
                t("home.col.pct"): ov.tree["pct"] * 100,
                t("home.col.contribution"): ov.tree["contribution"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("home.col.pct"): st.column_config.NumberColumn(format="%+.1f%%"),
            t("home.col.contribution"): st.column_config.NumberColumn(
                format=f"%+,.2f {fmt.symbol(cur).strip()}".rstrip()
            ),
        },
        placeholder=fmt.NA,
    )


def trend_section(ctx: HomeContext) -> None:
    """One watched metric's daily trend over the period and the one before."""
    ov = ctx.ov
    options = [m for m in kpi.WATCHED if m in ov.daily.columns]
    metric = st.selectbox(
        t("home.trend_metric"),
        options,
        format_func=labels("home.metric"),
        key="home.trend_metric",
    )
    if metric:
        chart = report_render.trend_chart(ov.daily, metric, ov.period, t(f"home.metric.{metric}"))
        st.markdown(f"**{t('home.trend')}**")
        st.altair_chart(style(chart), width="stretch", key="home.trend_chart")


def alerts_section(ctx: HomeContext) -> None:
    """The alert rules that fired and the anomalies found."""
    ov = ctx.ov
    st.subheader(t("home.alerts"))
    if len(ov.alerts):
        for row in ov.alerts.to_dict("records"):
            row = {**row, "channel": md_safe(row["channel"])}
            st.warning(rep.alert_text(row, t, report_box.style()), icon=":material/notifications:")
    else:
        st.success(t("home.no_alerts"))
    st.markdown(
        f"**{t('home.anomalies')}**", help=t("home.anomaly_method", threshold=f"{ctx.threshold:g}")
    )
    if len(ov.anomalies):
        for row in ov.anomalies.head(10).to_dict("records"):
            st.caption(
                rep.anomaly_text({**row, "group": md_safe(row["group"])}, t, report_box.style())
            )
    else:
        st.caption(t("home.no_anomalies"))


def changes_section(ctx: HomeContext) -> None:
    """What changed, each item with a link to the page that explains it."""
    st.subheader(t("home.changes"))
    if not ctx.ov.changes:
        st.caption(t("home.no_changes"))
    for item in ctx.ov.changes:
        with st.container(border=True):
            params = {**item["params"], "channel": md_safe(item["params"].get("channel"))}
            st.markdown(
                rep.describe_change({**item, "params": params}, t, style=report_box.style())
            )
            page = item["page"]
            st.page_link(
                f"views/{page}.py",
                label=t("home.explain", page=t(f"nav.{page}")),
                icon=":material/arrow_forward:",
            )
