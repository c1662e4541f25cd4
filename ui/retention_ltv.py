"""The Retention & LTV page's value sections: value per cohort and channel with payback, and
the lifetime value forecast (BG/NBD + Gamma-Gamma) joined onto the RFM layers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import clv, rfm
from analytics import retention as rt
from analytics.orders import has_customers
from ui import engine_caption, shop, state
from ui import format as fmt
from ui.charts_retention import fit_bars, value_curves
from ui.i18n import t
from ui.retention_sections import RetentionContext, fail
from ui.widgets import cached, choice_for, download_buttons, fmt_money, fmt_num, fmt_pct, table

TOP = 200
PURCHASES = ("purchases_30d", "purchases_90d", "purchases_365d")
TWO = st.column_config.NumberColumn(format="%,.2f")
COUNT = st.column_config.NumberColumn(format="%,.0f")


def _money_col(values) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(format=fmt.column_format("money", shop.currency(), values))


def _orders_ready(ctx: RetentionContext) -> bool:
    if engine_caption.needs_rows(ctx.orders, section=True):  # orders queried in place
        return False
    if ctx.orders is None or not has_customers(ctx.orders.frame):
        st.info(t("retention.no_orders_value"))
        return False
    return True


def _payback_table(pay: pd.DataFrame) -> None:
    cols = ["channel", "customers", "spend", "cac", "margin_to_date", "ltv_cac", "payback"]
    shown = pay.rename(columns={"payback_period": "payback"})[cols]
    money = {
        t(f"retention.col.{c}"): _money_col(shown[c]) for c in ("spend", "cac", "margin_to_date")
    }
    table(
        shown.rename(columns={c: t(f"retention.col.{c}") for c in cols}),
        width="stretch",
        column_config={
            **money,
            t("retention.col.ltv_cac"): st.column_config.NumberColumn(format="%.2f"),
        },
        key="retention.payback_table",
    )
    st.caption(t("retention.unmatched"))


def value_section(ctx: RetentionContext) -> None:
    """Cumulative margin per customer by acquisition channel, CAC and payback."""
    if not _orders_ready(ctx):
        return
    c1, c2 = st.columns([1, 2])
    margin = c1.number_input(
        t("retention.margin"),
        1.0,
        100.0,
        40.0,
        5.0,
        key="retention.margin",
        help=t("retention.help.margin"),
    )
    with c2:
        log = ctx.events_log
        touch = log is not None and "channel" in log.frame.columns
        by = choice_for(
            "retention.value_by",
            ["channel", *(["first_touch"] if touch else []), "cohort", "all"],
            "channel",
        )
    st.caption(t("retention.def.value"))
    if by == "first_touch":
        st.caption(t("retention.def.first_touch"))
    costs = state.get("pricing.costs") or None  # unit costs set on the Competitor prices page
    if (share := cached(rt.cost_coverage, ctx.orders, costs=costs)) > 0:
        st.caption(t("retention.costs_used", share=fmt.pct(share)))
    try:
        value = cached(
            rt.order_value,
            ctx.orders,
            *([ctx.events_log] if by == "first_touch" else []),
            period=ctx.period,
            costs=costs,
            margin=margin / 100,
            by_channel=by in ("channel", "first_touch"),
        )
    except ValueError as err:
        fail(err)
        return
    curve = rt.cohort_value_curves(value) if by == "cohort" else rt.value_curve(value)
    pay = None
    if ctx.spend is not None and by in ("channel", "first_touch"):
        try:
            pay = rt.payback(value, ctx.spend.frame, ctx.period)
        except ValueError as err:
            fail(err)
    n = {"day": 60, "week": 52, "month": 24}[ctx.period]
    chart = value_curves(
        curve[curve["period"] <= n],
        None if pay is None else pay[["channel", "cac"]].dropna(),
        period_title=t("retention.col.period"),
        value_title=t("retention.col.per_member_short"),
        channel_title=t("retention.col.cohort" if by == "cohort" else "retention.col.channel"),
        cac_title=t("retention.col.cac"),
        currency=shop.currency(),
        lang=state.get_lang(),
    )
    st.altair_chart(chart, width="stretch", key="retention.value_chart")
    st.caption(t("retention.def.payback"))
    if pay is not None:
        _payback_table(pay)
    elif by in ("cohort", "all"):
        st.caption(t("retention.payback_by_channel"))
    else:
        st.info(t("retention.no_spend"))
    download_buttons(value, "retention_value", key="retention.dl_value")


def _ltv_metrics(res: clv.CLVResult) -> None:
    c = res.customers
    m = st.columns(4)
    m[0].metric(t("retention.m.customers"), fmt_num(len(c)))
    m[1].metric(t("retention.m.repeat"), fmt_num(int((c["frequency"] > 0).sum())))
    m[2].metric(t("retention.m.alive"), fmt_pct(c["p_alive"].mean()))
    m[3].metric(t("retention.m.value"), fmt_money(c["expected_value"].sum()))


def _params(res: clv.CLVResult) -> None:
    bg, gg = res.bg, res.gg
    g = {"p": fmt.NA, "q": fmt.NA, "gamma": fmt.NA}
    if gg is not None:
        g = {"p": f"{gg.p:.3f}", "q": f"{gg.q:.3f}", "gamma": f"{gg.gamma:.3f}"}
    st.caption(
        t(
            "retention.params",
            r=f"{bg.r:.3f}",
            alpha=f"{bg.alpha:.3f}",
            a=f"{bg.a:.3f}",
            b=f"{bg.b:.3f}",
            **g,
        )
    )
    if gg is None:
        st.warning(t("retention.no_gg"))


def _fit_chart(res: clv.CLVResult) -> None:
    h = res.histogram
    long = pd.concat(
        [
            pd.DataFrame(
                {"repeat": h["repeat"], "series": t("retention.actual"), "customers": h["actual"]}
            ),
            pd.DataFrame(
                {
                    "repeat": h["repeat"],
                    "series": t("retention.expected"),
                    "customers": h["expected"],
                }
            ),
        ],
        ignore_index=True,
    )
    st.markdown(f"**{t('retention.fit_title')}**")
    chart = fit_bars(
        long,
        repeat_title=t("retention.col.repeat"),
        customers_title=t("retention.col.customers_n"),
        series_title=t("retention.series"),
    )
    st.altair_chart(chart, width="stretch", key="retention.fit_chart")


def _holdout(ctx: RetentionContext) -> None:
    split = clv.holdout_split(ctx.orders.frame)
    if split is None:
        st.caption(t("retention.holdout_short"))
        return
    cal, end = split
    try:
        h = cached(clv.holdout_check, ctx.orders, calibration_end=cal, holdout_end=end)
    except ValueError as err:
        fail(err)
        return
    st.markdown(f"**{t('retention.holdout_title', cal=cal.date(), end=end.date())}**")
    h = h.assign(frequency=h["frequency"].replace({"all": t("retention.all")}))
    names = {
        "frequency": "cal_freq",
        "customers": "customers_n",
        "actual": "actual_mean",
        "predicted": "predicted_mean",
    }
    table(
        h.rename(columns={c: t(f"retention.col.{v}") for c, v in names.items()}),
        width="stretch",
        key="retention.holdout_table",
        column_config={
            t("retention.col.actual_mean"): TWO,
            t("retention.col.predicted_mean"): TWO,
            t("retention.col.customers_n"): COUNT,
        },
    )


def _layers(ctx: RetentionContext, res: clv.CLVResult) -> None:
    try:
        scored = cached(rfm.analyse, ctx.orders).scored
    except ValueError:
        return
    lay = clv.value_by_layer(res.customers, scored)
    unscored = t("retention.unscored")
    lay = lay.assign(
        segment=lay["segment"].map(lambda k: t(f"segments.seg.{k}") if k != "—" else unscored)
    ).rename(columns={"customers": "customers_n"})
    st.markdown(f"**{t('retention.layers_title')}**")
    table(
        lay.rename(columns={c: t(f"retention.col.{c}") for c in lay.columns}),
        width="stretch",
        column_config={
            t("retention.col.p_alive"): st.column_config.NumberColumn(format="percent"),
            t("retention.col.customers_n"): COUNT,
            t("retention.col.purchases_365d"): TWO,
            t("retention.col.expected_value"): _money_col(lay["expected_value"]),
            t("retention.col.value_per_customer"): _money_col(lay["value_per_customer"]),
        },
        key="retention.layers_table",
    )


def _customers(res: clv.CLVResult) -> None:
    c = res.customers.sort_values("expected_value", ascending=False).reset_index()
    shown = c.rename(
        columns={
            col: t(f"retention.col.{'customer' if col == 'customer_id' else col}")
            for col in c.columns
        }
    )
    st.markdown(f"**{t('retention.customers_title')}**")
    two = st.column_config.NumberColumn(format="%,.2f")
    config = {t(f"retention.col.{col}"): two for col in ("recency", "T", *PURCHASES)}
    for col in ("monetary_value", "expected_spend", "expected_value"):
        config[t(f"retention.col.{col}")] = _money_col(c[col])
    config[t("retention.col.p_alive")] = st.column_config.NumberColumn(format="percent")
    table(shown.head(TOP), width="stretch", key="retention.customers_table", column_config=config)
    st.caption(t("retention.top_note", n=min(TOP, len(c)), total=fmt_num(len(c))))
    download_buttons(shown, "retention_customers", key="retention.dl_customers")


def ltv_section(ctx: RetentionContext) -> None:
    """The lifetime value forecast: metrics, warnings, model fit, hold-out, layers, customers."""
    if not _orders_ready(ctx):
        return
    rate = st.columns([1, 2])[0].number_input(
        t("retention.discount"), 0.0, 50.0, 0.0, 1.0, key="retention.discount"
    )
    try:
        res = cached(clv.analyse, ctx.orders, discount=rate / 100)
    except ValueError as err:
        fail(err)
        return
    disc = t("retention.discounted", rate=f"{rate:g}") if rate else t("retention.undiscounted")
    last = clv.holdout_split(ctx.orders.frame, min_days=0)
    end = last[1].date() if last else fmt.NA
    st.caption(t("retention.def.ltv", end=end, horizon=res.horizon_days, discount=disc))
    for code, params in res.warnings:
        st.warning(t(f"analytics.clv.warn.{code}", **params))
    _ltv_metrics(res)
    _params(res)
    _fit_chart(res)
    _holdout(ctx)
    _layers(ctx, res)
    _customers(res)
