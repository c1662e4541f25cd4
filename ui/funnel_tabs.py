"""The Funnel page's result tabs after the steps (views/funnel.py is the router): time to
convert, breakdowns, trend and period comparison, export. Each takes the FunnelContext."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import funnel as fn
from ui import format as fmt
from ui import shop, state
from ui.charts_funnel import breakdown_chart, compare_chart, contribution_chart, time_histogram
from ui.charts_funnel import trend_chart as funnel_trend_chart
from ui.funnel_sections import PCT, FunnelContext, fail, step_columns
from ui.i18n import field_label, t
from ui.widgets import cached, choice, download_buttons, fmt_num, fmt_pct


def time_section(ctx: FunnelContext) -> None:
    """Tab 2: how long users took from one step to another."""
    fu, step_labels = ctx.fu, ctx.step_labels
    opts = list(range(1, fu.n_steps + 1))
    c1, c2 = st.columns(2)
    a = c1.selectbox(
        t("funnel.time.from"),
        opts,
        index=0,
        format_func=lambda k: f"{k}. {step_labels[k - 1]}",
        key="funnel.time_from",
    )
    b = c2.selectbox(
        t("funnel.time.to"),
        opts,
        index=len(opts) - 1,
        format_func=lambda k: f"{k}. {step_labels[k - 1]}",
        key="funnel.time_to",
    )
    if a == b:
        st.info(t("funnel.time.same"))
        return
    ct = fn.conversion_times(fu, min(a, b), max(a, b), ctx.exclude)
    if ct.n == 0:
        st.info(t("funnel.time.none"))
        return
    scale, unit = fn.time_unit(ct.median)
    unit_name = t(f"funnel.unit.{unit}")
    m = st.columns(3)
    m[0].metric(t("funnel.time.n"), fmt_num(ct.n))
    m[1].metric(t("funnel.time.median"), f"{fmt_num(ct.median / scale, 1)} {unit_name}")
    m[2].metric(t("funnel.time.p90"), f"{fmt_num(ct.p90 / scale, 1)} {unit_name}")
    st.altair_chart(
        time_histogram(
            ct.seconds,
            units={u: t(f"funnel.dur.{u}") for u in ("min", "h", "d")},
            duration_title=t("funnel.dur.axis"),
            users_title=t("funnel.col.users"),
            share_title=t("funnel.dur.share"),
        ),
        width="stretch",
    )
    st.caption(t("funnel.time.note"))


def _segment_name(s: object, rfm: bool) -> object:
    if s == fn.OTHER:
        return t("funnel.bd.other")
    if s == fn.MISSING:
        return t("funnel.bd.missing")
    return t(f"segments.seg.{s}") if rfm else s


def _breakdown(ctx: FunnelContext, by: str, top: int) -> pd.DataFrame | None:
    """The funnel by a user property or by RFM segment, segments named for the user."""
    try:
        seg = cached(fn.rfm_segments, state.active("orders")) if by == "__rfm__" else by
        bd = fn.breakdown(ctx.fu, seg, top=top, exclude_in_progress=ctx.exclude)
    except ValueError as err:
        fail(err)
        return None
    bd["segment"] = [_segment_name(s, by == "__rfm__") for s in bd["segment"]]
    return bd


def _breakdown_table(ctx: FunnelContext, bd: pd.DataFrame) -> None:
    steps = {f"step_{k}": f"{k}. {ctx.step_labels[k - 1]}" for k in range(1, ctx.fu.n_steps + 1)}
    shown = bd.rename(
        columns={
            "segment": t("funnel.bd.segment"),
            "users": t("funnel.col.users"),
            "conversion": t("funnel.bd.rate"),
            "low": t("funnel.bd.low"),
            "high": t("funnel.bd.high"),
            "rest_conversion": t("funnel.bd.rest"),
            "p_value": t("funnel.bd.p"),
            "test": t("funnel.bd.test"),
            "small": t("funnel.bd.small_col"),
            **steps,
        }
    )
    shown[t("funnel.bd.test")] = [t(f"funnel.test.{x}") if x else "" for x in bd["test"]]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("funnel.bd.rate"): PCT,
            t("funnel.bd.low"): PCT,
            t("funnel.bd.high"): PCT,
            t("funnel.bd.rest"): PCT,
            t("funnel.bd.p"): st.column_config.NumberColumn(format="%.4f"),
        },
        placeholder=fmt.NA,
    )


def breakdown_section(ctx: FunnelContext) -> None:
    """Tab 3: conversion by a user property or RFM segment, against everyone else."""
    props = fn.breakdown_properties(ctx.fu)
    options = props + (["__rfm__"] if state.active("orders") is not None else [])
    if not options:
        st.info(t("funnel.bd.none"))
        return
    c1, c2 = st.columns([2, 1])
    by = c1.selectbox(
        t("funnel.bd.by"),
        options,
        format_func=lambda c: t("funnel.bd.rfm") if c == "__rfm__" else c,
        key="funnel.bd_by",
    )
    top = c2.slider(t("funnel.bd.top"), 2, 15, 8, key="funnel.bd_top")
    bd = _breakdown(ctx, by, top)
    if bd is None or not len(bd):
        return
    st.altair_chart(
        breakdown_chart(
            bd,
            rate_title=t("funnel.bd.rate"),
            segment_title=t("funnel.bd.segment"),
            overall=fn.completion_rate(ctx.fu, ctx.exclude),
        ),
        width="stretch",
    )
    n_small = fn.small_segments(bd)
    if n_small:
        st.warning(t("funnel.bd.small", n=n_small))
    _breakdown_table(ctx, bd)
    st.caption(t("funnel.bd.note"))


def _comparison_tables(cmp: fn.PeriodComparison) -> None:
    rate_cols = ("conv_prev", "conv_prev_low", "conv_prev_high", "conv_first", "conv_first_low")
    for col, label, table in zip(
        st.columns(2),
        ("funnel.cmp.prev_short", "funnel.cmp.cur_short"),
        (cmp.previous, cmp.current),
        strict=True,
    ):
        col.caption(t(label))
        col.dataframe(
            step_columns(table, True).iloc[:, :7],
            hide_index=True,
            column_config={t(f"funnel.col.{c}"): PCT for c in rate_cols},
            placeholder=fmt.NA,
        )


def _comparison(ctx: FunnelContext) -> None:
    """The last N days against the N before: conversion, steps, where the change came from."""
    st.subheader(t("funnel.cmp.title"))
    days = st.number_input(t("funnel.cmp.days"), 1, 366, 7, key="funnel.cmp_days")
    cmp = fn.compare_periods(ctx.fu, int(days), ctx.exclude, ctx.aov)
    cur_rng = f"{cmp.current_range[0]:%Y-%m-%d %H:%M} – {cmp.current_range[1]:%Y-%m-%d %H:%M}"
    prev_rng = f"{cmp.previous_range[0]:%Y-%m-%d %H:%M} – {cmp.previous_range[1]:%Y-%m-%d %H:%M}"
    s = fn.comparison_summary(cmp)
    if s is None:
        st.info(t("funnel.cmp.empty"))
        return
    m = st.columns(3)
    m[0].metric(t("funnel.cmp.prev", rng=prev_rng), fmt_pct(s["previous"], 2))
    m[1].metric(
        t("funnel.cmp.cur", rng=cur_rng),
        fmt_pct(s["current"], 2),
        delta=t("funnel.cmp.pp", pp=f"{s['pp']:+.2f}"),
        delta_color=shop.delta_color(),
    )
    m[2].metric(
        t("funnel.cmp.entered"),
        fmt_num(s["entered"]),
        delta=fmt_num(s["entered_change"]),
        delta_color=shop.delta_color(),
    )
    st.altair_chart(
        compare_chart(
            cmp.current,
            cmp.previous,
            current_label=t("funnel.cmp.cur_short"),
            previous_label=t("funnel.cmp.prev_short"),
            rate_title=t("funnel.col.conv_first"),
            step_title=t("funnel.col.step"),
        ),
        width="stretch",
    )
    _comparison_tables(cmp)
    contrib = cmp.contributions
    if not contrib["contribution"].notna().all():
        st.info(t("funnel.cmp.no_split"))
        return
    st.markdown(f"**{t('funnel.cmp.split')}**")
    st.altair_chart(
        contribution_chart(
            contrib,
            value_title=t("funnel.cmp.pp_axis"),
            step_title=t("funnel.col.step"),
            rise_fall=shop.colours(),
        ),
        width="stretch",
    )
    st.caption(t("funnel.cmp.split_note"))


def trend_section(ctx: FunnelContext) -> None:
    """Tab 4: conversion by day or week of entry, then the period comparison."""
    freq = choice(
        t("funnel.trend.by"),
        ["D", "W"],
        prefix="funnel.trend",
        default="W",
        key="funnel.trend_freq",
    )
    tr = fn.trend(ctx.fu, freq, ctx.exclude)
    if tr.empty:
        st.info(t("funnel.trend.none"))
    else:
        st.altair_chart(
            funnel_trend_chart(
                tr,
                rate_title=t("funnel.metric.overall"),
                bucket_title=t("funnel.trend.bucket"),
                progress_label=t("funnel.trend.progress"),
                done_label=t("funnel.trend.done"),
            ),
            width="stretch",
        )
        st.caption(t("funnel.trend.note"))
    _comparison(ctx)


def export_section(ctx: FunnelContext) -> None:
    """Tab 5: the step table and the users who dropped at a step, to download."""
    fu, step_labels = ctx.fu, ctx.step_labels
    st.markdown(f"**{t('funnel.export.steps')}**")
    download_buttons(
        step_columns(ctx.table, ctx.count_mode == "users"),
        "funnel_steps",
        key="funnel.export_steps",
    )
    st.markdown(f"**{t('funnel.export.dropped')}**")
    k = st.selectbox(
        t("funnel.export.at"),
        list(range(2, fu.n_steps + 1)),
        format_func=lambda k: t(
            "funnel.export.at_fmt", prev=step_labels[k - 2], step=step_labels[k - 1]
        ),
        key="funnel.drop_step",
    )
    lost = fn.dropped_users(fu, int(k), ctx.exclude)
    lost = lost.assign(last_step=lost["last_step"].astype(object))
    st.caption(t("funnel.export.count", n=fmt_num(len(lost))))
    if len(lost):
        st.dataframe(
            lost.head(200),
            hide_index=True,
            width="stretch",
            placeholder=fmt.NA,
            column_config={
                c: t(f"funnel.col.{c}")
                if c in ("last_step", "start", "last_step_time")
                else field_label(c)
                for c in lost.columns
            },
        )
        download_buttons(lost, f"funnel_dropped_step{k}", key="funnel.export_lost")
