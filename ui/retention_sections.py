"""The Retention & LTV page's shared controls and its cohort sections (views/retention.py is
the router; value and the lifetime value forecast are in ui/retention_ltv.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import retention as rt
from analytics.engine import route
from ui import engine_caption, state
from ui.charts_retention import curves, triangle
from ui.i18n import error_text, t
from ui.safe import inert
from ui.widgets import cached, choice_for, download_buttons, fmt_num, fmt_pct, table, titles

ANY = "__any__"
SHOWN = {"day": 30, "week": 26, "month": 24}
PCT = st.column_config.NumberColumn(format="percent")
COUNT = st.column_config.NumberColumn(format="%,.0f")


@dataclass(frozen=True)
class RetentionContext:
    """What the tabs share: the datasets, the cohort settings picked and the triangle."""

    source: str
    ds: object
    orders: object
    spend: object
    events_log: object
    period: str
    definition: str
    window: str
    start_event: str | None
    return_event: str | None
    ret: rt.Retention | None


def fail(err: Exception) -> None:
    if isinstance(err, ValueError):
        st.warning(t("retention.cannot", error=inert(error_text(err))))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


def controls(has_orders: bool, has_events: bool) -> tuple[str, str, str, str]:
    """Source, period, definition and window: segmented controls side by side at their own
    widths, wrapping to a second line on a narrow page (never cut)."""
    sources = [s for s, ok in (("orders", has_orders), ("events", has_events)) if ok] or ["orders"]
    with st.container(horizontal=True, wrap=True, gap="medium"):
        source = choice_for("retention.source", sources, sources[0])
        period = choice_for("retention.period", list(rt.PERIODS), "week")
        definition = choice_for("retention.definition", list(rt.DEFINITIONS), "first_time")
        window = choice_for("retention.window", list(rt.WINDOWS), "bracket")
    return source, period, definition, window


def event_choices(ds) -> tuple[str | None, str | None]:
    """Start and return events of an event log (None: any event)."""
    if "event" not in ds.frame.columns:
        return None, None
    try:
        names = cached(route.event_counts, ds)["event"].tolist()[:200]
    except ValueError:
        return None, None
    options = [ANY, *names]
    any_text = t("retention.any_event")

    def label(v: str) -> str:
        return any_text if v == ANY else str(v)

    c1, c2 = st.columns(2)
    start = c1.selectbox(
        t("retention.start_event"), options, format_func=label, key="retention.start_event"
    )
    ret = c2.selectbox(
        t("retention.return_event"), options, format_func=label, key="retention.return_event"
    )
    return (None if start == ANY else start), (None if ret == ANY else ret)


def build_context(
    source, ds, orders, spend, period, definition, window, events
) -> RetentionContext:
    """The context with the triangle computed (None, with the reason shown, when it cannot be)."""
    start, back = events
    try:  # past the size threshold the cells are counted on DuckDB (progress, cancel)
        with engine_caption.running(ds):
            ret = _triangle(source, ds, period, definition, window, start, back)
    except ValueError as err:
        fail(err)
        ret = None
    log = state.active("events")
    return RetentionContext(
        source, ds, orders, spend, log, period, definition, window, start, back, ret
    )


def _triangle(source, ds, period, definition, window, start, back) -> rt.Retention:
    if source == "orders":
        return cached(route.order_cohorts, ds, period=period, definition=definition, window=window)
    return cached(
        route.event_cohorts,
        ds,
        period=period,
        definition=definition,
        window=window,
        start_event=start,
        return_event=back,
    )


def definitions(ctx: RetentionContext) -> None:
    """The definitions in force, stated under the controls."""
    period = t(f"retention.def.period.{ctx.period}")
    if ctx.source == "orders":
        start, ret = t("retention.def.order_start"), t("retention.def.order_return")
    else:
        s, r = ctx.start_event, ctx.return_event
        start = (
            t("retention.def.named_start", name=inert(s)) if s else t("retention.def.event_start")
        )
        ret = (
            t("retention.def.named_return", name=inert(r)) if r else t("retention.def.event_return")
        )
    st.caption(t(f"retention.def.{ctx.definition}", period=period, start=start))
    st.caption(t(f"retention.def.{ctx.window}", period=period, ret=ret))
    if ctx.ret is not None:
        st.caption(t("retention.def.incomplete", last=ctx.ret.last_day.strftime("%Y-%m-%d")))


def _metrics(ctx: RetentionContext, avg: pd.DataFrame) -> None:
    ret = ctx.ret
    m = st.columns(3)
    m[0].metric(t("retention.m.cohorts"), fmt_num(len(ret.sizes)))
    m[1].metric(t("retention.m.people"), fmt_num(ret.sizes.sum()))
    p1 = avg.loc[avg["period"] == 1, "rate"]
    m[2].metric(t("retention.m.p1"), fmt_pct(p1.iloc[0]) if len(p1) else t("common.na"))


def _long_table(cells: pd.DataFrame) -> pd.DataFrame:
    out = cells.assign(cohort=cells["cohort"].dt.date)
    return out.rename(columns={c: t(f"retention.col.{c}") for c in out.columns})


def cohorts_section(ctx: RetentionContext) -> None:
    """The triangle as a heat map (incomplete cells marked), metrics and the download."""
    definitions(ctx)
    if ctx.ret is None:
        return
    avg = rt.average_curve(ctx.ret)
    _metrics(ctx, avg)
    n = SHOWN[ctx.period]
    cells = rt.triangle_cells(ctx.ret, cohorts=n, periods=n)
    if cells.empty:
        st.info(t("retention.holdout_short"))
        return
    chart = triangle(
        cells,
        **titles(
            "retention.col",
            cohort_title="cohort",
            period_title="period",
            rate_title="rate",
            members_title="members",
            incomplete_title="incomplete",
        ),
    )
    st.altair_chart(chart, width="stretch", key="retention.triangle")
    st.caption(t("retention.shown", cohorts=n, periods=n))
    download_buttons(_long_table(ctx.ret.long()), "retention_cohorts", key="retention.dl_cohorts")


def curves_section(ctx: RetentionContext) -> None:
    """The average curve with Wilson bands and the latest cohorts' curves."""
    if ctx.ret is None:
        return
    avg = rt.average_curve(ctx.ret)
    latest = rt.cohort_curves(ctx.ret, cohorts=6)
    n = SHOWN[ctx.period]
    chart = curves(
        avg[avg["period"] <= n],
        latest[latest["period"] <= n],
        **titles("retention.col", period_title="period", rate_title="rate", cohort_title="cohort"),
        average_label=t("retention.average"),
    )
    st.altair_chart(chart, width="stretch", key="retention.curves")
    st.caption(t("retention.curves_note"))
    shown = avg[["period", "cohorts", "members", "count", "rate", "lo", "hi"]]
    table(
        shown.rename(columns={c: t(f"retention.col.{c}") for c in shown.columns}),
        width="stretch",
        column_config={
            **{t(f"retention.col.{c}"): PCT for c in ("rate", "lo", "hi")},
            **{t(f"retention.col.{c}"): COUNT for c in ("members", "count")},
        },
        key="retention.avg_table",
    )
