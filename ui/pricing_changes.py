"""The pricing page's history, changes (alerts and the change feed) and promotion sections."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import pricing as pr
from ui.charts_pricing import drop_bars, history_chart
from ui.i18n import t
from ui.pricing_sections import (
    PricingContext,
    date_col,
    digest,
    money_col,
    number_row,
    pct_col,
    wide_table,
)
from ui.widgets import cached, download_buttons, fmt_num, titles

__all__ = ["changes_section", "history_section", "promo_section"]


def _history_stats(stats: pd.DataFrame) -> None:
    st.caption(t("pricing.stats_help"))
    colcfg = {"seller": t("pricing.col.seller")}
    colcfg |= {c: money_col(f"pricing.col.{c}") for c in ("last_price", "twa_30", "low_30")}
    colcfg |= {c: money_col(f"pricing.col.{c}") for c in ("twa_90", "low_90", "low_all")}
    colcfg |= {c: date_col(f"pricing.col.{c}") for c in ("last_date", "low_all_date")}
    wide_table(stats.drop(columns=["product"]), colcfg)


def history_section(ctx: PricingContext) -> None:
    """One product's price history per seller, with promotions and stock-outs marked."""
    pos = cached(pr.position, ctx.work, own_seller=ctx.own, freq=ctx.freq)
    products, names = pr.ours_first(pos)
    product = st.selectbox(
        t("pricing.product"),
        products,
        format_func=lambda k: pr.short_label(k, names.get(k, k), 80),
        key="pricing.product",
    )
    hist = cached(pr.history, ctx.work, product=product, freq=ctx.freq)
    axes = titles("pricing.col", date_title="date", price_title="price", seller_title="seller")
    marks = titles("pricing.mark", promo_label="promo", stockout_label="stockout")
    chart = history_chart(hist, **axes, **marks, marker_title=t("pricing.mark"))
    st.altair_chart(chart, width="stretch")
    stats = cached(pr.history_stats, ctx.work, products=[product], freq=ctx.freq)
    _history_stats(stats)
    download_buttons({"history": hist, "summary": stats}, "price_history", key="pricing.dl_history")


def _rules(ctx: PricingContext) -> pr.AlertRules:
    undercut, drop, cost_col, oos_col = number_row(
        [
            ("pricing.rule.undercut", 0.0, 100.0, 5.0, 1.0, "pricing.rule_undercut"),
            ("pricing.rule.drop", 0.0, 100.0, 10.0, 1.0, "pricing.rule_drop"),
        ],
        extra=2,
    )
    below_cost = cost_col.checkbox(
        t("pricing.rule.below_cost"),
        value=True,
        key="pricing.rule_cost",
        help=t("pricing.rule.below_cost_help"),
    )
    oos = oos_col.checkbox(t("pricing.rule.oos"), value=True, key="pricing.rule_oos")
    if below_cost and ctx.cost is None:
        st.caption(t("pricing.rule.no_cost"))
    if ctx.own_only:
        st.caption(t("pricing.alerts_own_only"))
    return pr.AlertRules(
        undercut=undercut / 100, drop=drop / 100, below_cost=below_cost, out_of_stock=oos
    )


def _alerts(ctx: PricingContext) -> None:
    st.subheader(t("pricing.alerts"))
    rules = _rules(ctx)
    found = cached(
        pr.alerts, ctx.work, own_seller=ctx.own, rules=rules, cost=ctx.cost, freq=ctx.freq
    )
    if found.empty:
        st.success(t("pricing.no_alerts"))
        return
    counts = pr.severity_counts(found)
    for col, (level, n) in zip(st.columns(3), counts.items(), strict=True):
        col.metric(t(f"pricing.sev.{level}"), fmt_num(n))
    shown = found.assign(
        severity=found["severity"].map(lambda s: t(f"pricing.sev.{s}")),
        rule=found["rule"].map(lambda s: t(f"pricing.rule_name.{s}")),
    )
    colcfg = {c: t(f"pricing.col.{c}") for c in ("severity", "rule", "product", "title", "seller")}
    colcfg |= {c: money_col(f"pricing.col.{c}") for c in ("price", "our_price", "old_price")}
    colcfg |= {"date": date_col("pricing.col.date"), "cost": money_col("pricing.col.cost")}
    colcfg["value"] = pct_col("pricing.col.alert_value")
    wide_table(shown, colcfg)
    download_buttons(found, "price_alerts", key="pricing.dl_alerts")


def _feed(ctx: PricingContext) -> None:
    st.subheader(t("pricing.feed"))
    days = pr.feed_days(ctx.work.frame, ctx.freq)  # the feed is dated by period start
    since = days[-1] if len(days) else None
    if len(days) > 1:
        since = st.select_slider(
            t("pricing.since"),
            options=list(days),
            value=days[-1],
            format_func=lambda d: f"{d:%Y-%m-%d}",
            key=f"pricing.since.{digest(days)}",
        )
    feed = cached(pr.price_changes, ctx.work, since=since, freq=ctx.freq)
    st.caption(t("pricing.feed_help", n=fmt_num(len(feed))))
    if feed.empty:
        return
    view = feed.head(1000)
    view = view.assign(what=pr.change_sentences(view, t("pricing.from_to")))
    colcfg = {c: t(f"pricing.col.{c}") for c in ("product", "title", "seller")}
    colcfg |= {c: date_col(f"pricing.col.{c}") for c in ("date", "prev_date")}
    colcfg |= {"what": t("pricing.col.change"), "change_pct": pct_col("pricing.col.change_pct")}
    wide_table(
        view[["date", "product", "title", "seller", "what", "prev_date", "change_pct"]], colcfg
    )
    download_buttons(feed, "price_changes", key="pricing.dl_feed")


def changes_section(ctx: PricingContext) -> None:
    """Changes and alerts: the alert rules and what they find, then the feed of price changes."""
    _alerts(ctx)
    _feed(ctx)


def _drop_tables(drops: pd.DataFrame, summary: pd.DataFrame, kinds: dict) -> None:
    colcfg = {"seller": t("pricing.col.seller"), "drops": t("pricing.col.drops"), **kinds}
    colcfg["promo_share"] = pct_col("pricing.col.promo_share")
    wide_table(summary, colcfg)
    shown = drops.assign(
        kind=drops["kind"].map(kinds),
        reason=drops["reason"].map(lambda r: t(f"pricing.reason.{r}")),
    )
    colcfg = {c: t(f"pricing.col.{c}") for c in ("product", "title", "seller", "kind", "reason")}
    colcfg |= {c: date_col(f"pricing.col.{c}") for c in ("date", "returned_on")}
    colcfg |= {c: money_col(f"pricing.col.{c}") for c in ("old_price", "new_price")}
    colcfg["drop_pct"] = pct_col("pricing.col.change_pct")
    colcfg["days_low"] = st.column_config.NumberColumn(t("pricing.col.days_low"), format="%.0f")
    wide_table(shown, colcfg)


def promo_section(ctx: PricingContext) -> None:
    """Promotion or lasting change: each price drop classified by whether the price came back."""
    st.caption(t("pricing.promo_help"))
    window, tol, min_drop = number_row(
        [
            ("pricing.promo_window", 1, 365, 14, 1, "pricing.promo_window"),
            ("pricing.promo_tol", 0.0, 50.0, 2.0, 0.5, "pricing.promo_tol"),
            ("pricing.promo_min", 0.0, 90.0, 2.0, 0.5, "pricing.promo_min"),
        ]
    )
    drops = cached(
        pr.classify_drops,
        ctx.work,
        own_seller=None if ctx.own_only else ctx.own,  # own-only data: our own drops
        min_drop=min_drop / 100,
        tolerance=tol / 100,
        window_days=float(window),
        freq=ctx.freq,
    )
    if drops.empty:
        st.info(t("pricing.no_drops"))
        return
    summary = pr.drop_summary(drops)
    kinds = {k: t(f"pricing.kind.{k}") for k in ("promotion", "lasting", "pending")}
    names = titles("pricing.col", seller_title="seller", count_title="drops", kind_title="kind")
    st.altair_chart(drop_bars(summary, **names, labels=kinds), width="stretch")
    _drop_tables(drops, summary, kinds)
    download_buttons({"drops": drops, "by_seller": summary}, "price_drops", key="pricing.dl_drops")
