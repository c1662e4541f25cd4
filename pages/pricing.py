"""Competitor prices: position now, price index, history, changes and alerts, promotions."""

from __future__ import annotations

import dataclasses
import hashlib
import re

import pandas as pd
import streamlit as st

from analytics import pricing as pr
from ui import state
from ui.charts_pricing import (
    contribution_bars,
    drop_bars,
    gap_heatmap,
    history_chart,
    index_line,
)
from ui.i18n import error_text, t
from ui.widgets import cached, choice, download_buttons, fmt_num, require

st.title(t("nav.pricing"))
ds = require("prices")
st.caption(t("pricing.intro"))

# format_func values are plain dict lookups (texts made in this run, in its language)
FREQS = {"": "pricing.freq.none", "W": "pricing.freq.week", "M": "pricing.freq.month"}


def _label(key: str, title: str, width: int = 48) -> str:
    title = str(title)
    short = title if len(title) <= width else title[: width - 1] + "…"
    return short if str(key) == title else f"{short} · {key}"


def _digest(days) -> str:
    # date sliders get a key per set of options: a value from other options never carries over
    return hashlib.sha1(repr([str(d) for d in days]).encode()).hexdigest()[:8]


def _plain(text: object) -> str:
    # a seller name inside a markdown-rendering message: no formatting, no links
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


def _fail(err: Exception) -> None:
    if isinstance(err, ValueError):
        st.warning(t("pricing.cannot", error=error_text(err)))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


sellers = cached(pr.sellers, ds)
if not sellers:
    st.warning(t("pricing.no_prices"))
    st.stop()

# ---- settings shared by every section
marked = cached(pr.own_seller_from, ds)
c1, c2, c3 = st.columns([2, 2, 2])
own = c1.selectbox(
    t("pricing.own"),
    sellers,
    index=sellers.index(marked) if marked in sellers else 0,
    key="pricing.own",
    help=t("pricing.own_help"),
)
freq = c2.selectbox(
    t("pricing.freq"),
    list(FREQS),
    format_func={f: t(k) for f, k in FREQS.items()}.get,
    key="pricing.freq",
    help=t("pricing.freq_help"),
)
per = None
if "unit_size" in ds.frame.columns:
    if c3.toggle(t("pricing.per_unit"), key="pricing.per_unit", help=t("pricing.per_unit_help")):
        per = c3.number_input(
            t("pricing.per_amount"), min_value=0.001, value=100.0, key="pricing.per_amount"
        )
freq = freq or None
competitors = [s for s in sellers if s != own]

matches = state.get("pricing.matches")
costs: dict[str, float] = state.get("pricing.costs", {})
cost = pd.Series(costs, dtype=float) if costs else None

work = ds
if (matches is not None and len(matches)) or per is not None:
    digest = hashlib.sha1(
        (ds.fingerprint + repr(per) + (matches.to_csv() if matches is not None else "")).encode()
    ).hexdigest()
    work = dataclasses.replace(
        ds, frame=cached(pr.prepare, ds, matches=matches, per=per), fingerprint=digest
    )
    notes = []
    if matches is not None and len(matches):
        notes.append(t("pricing.matches_active", n=int(matches["accept"].sum())))
    if per is not None:
        notes.append(t("pricing.per_unit_active", per=fmt_num(per, 3).rstrip("0").rstrip(".")))
    st.info(" ".join(notes))
# one seller only (the user's own price history): what needs competitors says so
own_only = not competitors
if own_only:
    st.info(t("pricing.own_only", seller=_plain(own)))

tabs = st.tabs(
    [
        t("pricing.tab.position"),
        t("pricing.tab.index"),
        t("pricing.tab.history"),
        t("pricing.tab.changes"),
        t("pricing.tab.promo"),
        t("pricing.tab.setup"),
    ]
)

# ---- 1. position now
with tabs[0]:
    if own_only:
        st.info(t("pricing.needs_competitors", seller=_plain(own)))
    else:
        try:
            pos = cached(pr.position, work, own_seller=own, cost=cost, freq=freq)
            counts = pr.position_counts(pos)
            m = st.columns(4)
            m[0].metric(
                t("pricing.cheapest"), fmt_num(counts["cheapest"]), help=t("pricing.cheapest_help")
            )
            m[1].metric(
                t("pricing.middle"), fmt_num(counts["middle"]), help=t("pricing.middle_help")
            )
            m[2].metric(
                t("pricing.most_expensive"),
                fmt_num(counts["most_expensive"]),
                help=t("pricing.most_expensive_help"),
            )
            m[3].metric(
                t("pricing.only_us"), fmt_num(counts["only_us"]), help=t("pricing.only_us_help")
            )
            compared = pos[pos["status"].isin(["cheapest", "middle", "most_expensive"])]
            if compared.empty:
                st.warning(t("pricing.no_overlap", seller=own))
            else:
                st.subheader(t("pricing.heatmap"))
                st.caption(t("pricing.heatmap_help"))
                h1, h2 = st.columns([3, 2])
                order = choice(
                    t("pricing.heat_order"),
                    ["gap", "behind", "ahead"],
                    prefix="pricing.heat_order",
                    default="gap",
                    key="pricing.heat_order",
                    where=h1,
                )
                top_n = h2.slider(
                    t("pricing.heat_n"), 5, 60, min(25, len(compared)), key="pricing.heat_n"
                )
                if order == "behind":
                    ranked = compared.sort_values("gap_pct", ascending=False)
                elif order == "ahead":
                    ranked = compared.sort_values("gap_pct", ascending=True)
                else:
                    ranked = compared.reindex(
                        compared["gap_pct"].abs().sort_values(ascending=False).index
                    )
                pick = ranked["product"].head(top_n).tolist()
                gaps = cached(pr.gap_matrix, work, own_seller=own, products=pick, freq=freq)
                labels = {
                    k: _label(k, tl) for k, tl in zip(pos["product"], pos["title"], strict=True)
                }
                gaps = gaps.assign(label=gaps["product"].map(labels))
                order_labels = [labels[k] for k in pick]
                gaps["label"] = pd.Categorical(gaps["label"], categories=order_labels, ordered=True)
                gaps = gaps.sort_values("label")
                gaps["label"] = gaps["label"].astype(str)
                st.altair_chart(
                    gap_heatmap(
                        gaps,
                        product_title=t("pricing.col.product"),
                        seller_title=t("pricing.col.seller"),
                        gap_title=t("pricing.col.gap_to_us"),
                        price_title=t("pricing.col.price"),
                        seller_order=[own, *competitors],
                    ),
                    width="stretch",
                )
            st.subheader(t("pricing.position_table"))
            st.caption(t("pricing.position_help"))
            shown = pos.assign(status=pos["status"].map(lambda s: t(f"pricing.status.{s}")))
            colcfg = {
                "product": st.column_config.TextColumn(t("pricing.col.product")),
                "title": st.column_config.TextColumn(t("pricing.col.title")),
                "our_price": st.column_config.NumberColumn(
                    t("pricing.col.our_price"), format="%.2f"
                ),
                "comp_min": st.column_config.NumberColumn(t("pricing.col.comp_min"), format="%.2f"),
                "comp_median": st.column_config.NumberColumn(
                    t("pricing.col.comp_median"), format="%.2f"
                ),
                "comp_max": st.column_config.NumberColumn(t("pricing.col.comp_max"), format="%.2f"),
                "competitors": st.column_config.NumberColumn(t("pricing.col.competitors")),
                "cheapest_seller": st.column_config.TextColumn(t("pricing.col.cheapest_seller")),
                "rank": st.column_config.NumberColumn(
                    t("pricing.col.rank"), help=t("pricing.rank_help")
                ),
                "sellers": st.column_config.NumberColumn(t("pricing.col.sellers")),
                "gap_pct": st.column_config.NumberColumn(
                    t("pricing.col.gap_pct"), format="percent", help=t("pricing.gap_help")
                ),
                "gap_money": st.column_config.NumberColumn(
                    t("pricing.col.gap_money"), format="%.2f"
                ),
                "status": st.column_config.TextColumn(t("pricing.col.status")),
                "cost": st.column_config.NumberColumn(t("pricing.col.cost"), format="%.2f"),
                "margin_pct": st.column_config.NumberColumn(
                    t("pricing.col.margin"), format="percent", help=t("pricing.margin_help")
                ),
                "margin_if_match_pct": st.column_config.NumberColumn(
                    t("pricing.col.margin_match"),
                    format="percent",
                    help=t("pricing.margin_match_help"),
                ),
            }
            st.dataframe(shown, hide_index=True, column_config=colcfg, width="stretch")
            download_buttons(pos, "price_position", key="pricing.dl_position")
        except Exception as err:  # shown to the user, never a traceback
            _fail(err)


# ---- 2. price index
with tabs[1]:
    if own_only:
        st.info(t("pricing.needs_competitors", seller=_plain(own)))
    else:
        try:
            i1, i2, i3 = st.columns([3, 2, 2])
            method = i1.selectbox(
                t("pricing.method"),
                list(pr.METHODS),
                format_func={m: t(f"pricing.method.{m}") for m in pr.METHODS}.get,
                key="pricing.method",
            )
            rival = None
            if method == "competitor":
                rival = i2.selectbox(t("pricing.rival"), competitors, key="pricing.rival")
            weights = None
            orders = state.active("orders")
            if orders is not None and i3.toggle(
                t("pricing.weighted"), key="pricing.weighted", help=t("pricing.weighted_help")
            ):
                weights = cached(pr.sales_weights, orders, work)
                if weights.empty:
                    st.warning(t("pricing.no_weights"))
                    weights = None
            st.info(t(f"pricing.method.{method}.def", rival=rival or ""))
            params = dict(
                own_seller=own, method=method, competitor=rival, weights=weights, freq=freq
            )
            table = cached(pr.index_table, work, **params)
            series = table.dropna(subset=["index"])
            if series.empty:
                st.warning(t("pricing.no_index", seller=own))
            else:
                last = series.iloc[-1]
                delta = last["index"] - series["index"].iloc[-2] if len(series) > 1 else None
                k = st.columns(3)
                k[0].metric(
                    t("pricing.index_now", date=f"{series.index[-1]:%Y-%m-%d}"),
                    fmt_num(last["index"], 1),
                    None if delta is None else f"{delta:+.1f}",
                    delta_color="off",
                    help=t(f"pricing.method.{method}.def", rival=rival or ""),
                )
                k[1].metric(t("pricing.index_products"), fmt_num(last["products"]))
                k[2].metric(t("pricing.index_mean"), fmt_num(series["index"].mean(), 1))
                st.altair_chart(
                    index_line(
                        table.reset_index(),
                        date_title=t("pricing.col.date"),
                        index_title=t("pricing.col.index"),
                        products_title=t("pricing.index_products"),
                    ),
                    width="stretch",
                )
                st.subheader(t("pricing.contrib"))
                days = list(series.index)
                if len(days) > 1:
                    start, end = st.select_slider(
                        t("pricing.contrib_range"),
                        options=days,
                        value=(days[0], days[-1]),
                        format_func=lambda d: f"{d:%Y-%m-%d}",
                        key=f"pricing.contrib_range.{_digest(days)}",
                    )
                    contrib = cached(pr.index_contributions, work, start=start, end=end, **params)
                    st.caption(
                        t(
                            "pricing.contrib_help",
                            start=f"{contrib.attrs['start']:%Y-%m-%d}",
                            end=f"{contrib.attrs['end']:%Y-%m-%d}",
                            a=fmt_num(contrib.attrs["index_start"], 1),
                            b=fmt_num(contrib.attrs["index_end"], 1),
                        )
                    )
                    contrib = contrib.copy()
                    contrib.attrs = {}  # dates in attrs do not serialise for the browser
                    top = contrib.head(15)
                    top = top.assign(
                        label=[
                            _label(k, tl)
                            for k, tl in zip(top["product"], top["title"], strict=True)
                        ]
                    )
                    if not top.empty:
                        st.altair_chart(
                            contribution_bars(
                                top,
                                product_title=t("pricing.col.product"),
                                points_title=t("pricing.col.points"),
                            ),
                            width="stretch",
                        )
                    st.dataframe(
                        contrib,
                        hide_index=True,
                        width="stretch",
                        column_config={
                            "product": t("pricing.col.product"),
                            "title": t("pricing.col.title"),
                            "ratio_start": st.column_config.NumberColumn(
                                t("pricing.col.ratio_start"), format="%.1f"
                            ),
                            "ratio_end": st.column_config.NumberColumn(
                                t("pricing.col.ratio_end"), format="%.1f"
                            ),
                            "contribution": st.column_config.NumberColumn(
                                t("pricing.col.points"), format="%+.2f"
                            ),
                        },
                    )
                    download_buttons(contrib, "index_contributions", key="pricing.dl_contrib")
                else:
                    st.caption(t("pricing.contrib_one_date"))
                download_buttons(table.reset_index(), "price_index", key="pricing.dl_index")
        except Exception as err:
            _fail(err)


# ---- 3. history
with tabs[2]:
    try:
        pos_h = cached(pr.position, work, own_seller=own, freq=freq)
        ordered = pd.concat(
            [pos_h[pos_h["status"] != "not_ours"], pos_h[pos_h["status"] == "not_ours"]]
        )
        titles = dict(zip(ordered["product"], ordered["title"], strict=True))
        product = st.selectbox(
            t("pricing.product"),
            ordered["product"].tolist(),
            format_func=lambda k: _label(k, titles.get(k, k), 80),
            key="pricing.product",
        )
        hist = cached(pr.history, work, product=product, freq=freq)
        st.altair_chart(
            history_chart(
                hist,
                date_title=t("pricing.col.date"),
                price_title=t("pricing.col.price"),
                seller_title=t("pricing.col.seller"),
                promo_label=t("pricing.mark.promo"),
                stockout_label=t("pricing.mark.stockout"),
                marker_title=t("pricing.mark"),
            ),
            width="stretch",
        )
        stats = cached(pr.history_stats, work, products=[product], freq=freq)
        st.caption(t("pricing.stats_help"))
        st.dataframe(
            stats.drop(columns=["product"]),
            hide_index=True,
            width="stretch",
            column_config={
                "seller": t("pricing.col.seller"),
                "last_price": st.column_config.NumberColumn(
                    t("pricing.col.last_price"), format="%.2f"
                ),
                "last_date": st.column_config.DateColumn(t("pricing.col.last_date")),
                "twa_30": st.column_config.NumberColumn(t("pricing.col.twa_30"), format="%.2f"),
                "low_30": st.column_config.NumberColumn(t("pricing.col.low_30"), format="%.2f"),
                "twa_90": st.column_config.NumberColumn(t("pricing.col.twa_90"), format="%.2f"),
                "low_90": st.column_config.NumberColumn(t("pricing.col.low_90"), format="%.2f"),
                "low_all": st.column_config.NumberColumn(t("pricing.col.low_all"), format="%.2f"),
                "low_all_date": st.column_config.DateColumn(t("pricing.col.low_all_date")),
            },
        )
        download_buttons(
            {"history": hist, "summary": stats}, "price_history", key="pricing.dl_history"
        )
    except Exception as err:
        _fail(err)

# ---- 4. changes and alerts
with tabs[3]:
    try:
        st.subheader(t("pricing.alerts"))
        r = st.columns(4)
        undercut = r[0].number_input(
            t("pricing.rule.undercut"), 0.0, 100.0, 5.0, step=1.0, key="pricing.rule_undercut"
        )
        drop = r[1].number_input(
            t("pricing.rule.drop"), 0.0, 100.0, 10.0, step=1.0, key="pricing.rule_drop"
        )
        below_cost = r[2].checkbox(
            t("pricing.rule.below_cost"),
            value=True,
            key="pricing.rule_cost",
            help=t("pricing.rule.below_cost_help"),
        )
        oos = r[3].checkbox(t("pricing.rule.oos"), value=True, key="pricing.rule_oos")
        rules = pr.AlertRules(
            undercut=undercut / 100, drop=drop / 100, below_cost=below_cost, out_of_stock=oos
        )
        if below_cost and cost is None:
            st.caption(t("pricing.rule.no_cost"))
        if own_only:
            st.caption(t("pricing.alerts_own_only"))
        found = cached(pr.alerts, work, own_seller=own, rules=rules, cost=cost, freq=freq)
        if found.empty:
            st.success(t("pricing.no_alerts"))
        else:
            sev = found["severity"].value_counts()
            a = st.columns(3)
            for col, level in zip(a, ["high", "medium", "low"], strict=True):
                col.metric(t(f"pricing.sev.{level}"), fmt_num(int(sev.get(level, 0))))
            shown = found.assign(
                severity=found["severity"].map(lambda s: t(f"pricing.sev.{s}")),
                rule=found["rule"].map(lambda s: t(f"pricing.rule_name.{s}")),
            )
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                column_config={
                    "severity": t("pricing.col.severity"),
                    "rule": t("pricing.col.rule"),
                    "product": t("pricing.col.product"),
                    "title": t("pricing.col.title"),
                    "seller": t("pricing.col.seller"),
                    "date": st.column_config.DateColumn(t("pricing.col.date")),
                    "price": st.column_config.NumberColumn(t("pricing.col.price"), format="%.2f"),
                    "our_price": st.column_config.NumberColumn(
                        t("pricing.col.our_price"), format="%.2f"
                    ),
                    "old_price": st.column_config.NumberColumn(
                        t("pricing.col.old_price"), format="%.2f"
                    ),
                    "cost": st.column_config.NumberColumn(t("pricing.col.cost"), format="%.2f"),
                    "value": st.column_config.NumberColumn(
                        t("pricing.col.alert_value"), format="percent"
                    ),
                },
            )
            download_buttons(found, "price_alerts", key="pricing.dl_alerts")

        st.subheader(t("pricing.feed"))
        days = pd.DatetimeIndex(pd.to_datetime(work.frame["date"]).dropna().unique())
        if freq:  # the feed is dated by period start
            days = pd.DatetimeIndex(days.to_period(freq).start_time.unique())
        days = days.sort_values()
        since = (
            st.select_slider(
                t("pricing.since"),
                options=list(days),
                value=days[-1],
                format_func=lambda d: f"{d:%Y-%m-%d}",
                key=f"pricing.since.{_digest(days)}",
            )
            if len(days) > 1
            else (days[-1] if len(days) else None)
        )
        feed = cached(pr.price_changes, work, since=since, freq=freq)
        st.caption(t("pricing.feed_help", n=fmt_num(len(feed))))
        if not feed.empty:
            view = feed.head(1000)
            view = view.assign(what=pr.change_sentences(view, t("pricing.from_to")))
            st.dataframe(
                view[["date", "product", "title", "seller", "what", "prev_date", "change_pct"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "date": st.column_config.DateColumn(t("pricing.col.date")),
                    "product": t("pricing.col.product"),
                    "title": t("pricing.col.title"),
                    "seller": t("pricing.col.seller"),
                    "what": t("pricing.col.change"),
                    "prev_date": st.column_config.DateColumn(t("pricing.col.prev_date")),
                    "change_pct": st.column_config.NumberColumn(
                        t("pricing.col.change_pct"), format="percent"
                    ),
                },
            )
            download_buttons(feed, "price_changes", key="pricing.dl_feed")
    except Exception as err:
        _fail(err)

# ---- 5. promotion or lasting change
with tabs[4]:
    try:
        st.caption(t("pricing.promo_help"))
        p = st.columns(3)
        window = p[0].number_input(
            t("pricing.promo_window"), 1, 365, 14, step=1, key="pricing.promo_window"
        )
        tol = p[1].number_input(
            t("pricing.promo_tol"), 0.0, 50.0, 2.0, step=0.5, key="pricing.promo_tol"
        )
        min_drop = p[2].number_input(
            t("pricing.promo_min"), 0.0, 90.0, 2.0, step=0.5, key="pricing.promo_min"
        )
        drops = cached(
            pr.classify_drops,
            work,
            own_seller=None if own_only else own,  # own-only data: our own drops
            min_drop=min_drop / 100,
            tolerance=tol / 100,
            window_days=float(window),
            freq=freq,
        )
        if drops.empty:
            st.info(t("pricing.no_drops"))
        else:
            summary = pr.drop_summary(drops)
            kinds = {k: t(f"pricing.kind.{k}") for k in ("promotion", "lasting", "pending")}
            st.altair_chart(
                drop_bars(
                    summary,
                    seller_title=t("pricing.col.seller"),
                    count_title=t("pricing.col.drops"),
                    kind_title=t("pricing.col.kind"),
                    labels=kinds,
                ),
                width="stretch",
            )
            st.dataframe(
                summary,
                hide_index=True,
                width="stretch",
                column_config={
                    "seller": t("pricing.col.seller"),
                    "promotion": kinds["promotion"],
                    "lasting": kinds["lasting"],
                    "pending": kinds["pending"],
                    "drops": t("pricing.col.drops"),
                    "promo_share": st.column_config.NumberColumn(
                        t("pricing.col.promo_share"), format="percent"
                    ),
                },
            )
            shown = drops.assign(
                kind=drops["kind"].map(kinds),
                reason=drops["reason"].map(lambda r: t(f"pricing.reason.{r}")),
            )
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                column_config={
                    "date": st.column_config.DateColumn(t("pricing.col.date")),
                    "product": t("pricing.col.product"),
                    "title": t("pricing.col.title"),
                    "seller": t("pricing.col.seller"),
                    "old_price": st.column_config.NumberColumn(
                        t("pricing.col.old_price"), format="%.2f"
                    ),
                    "new_price": st.column_config.NumberColumn(
                        t("pricing.col.new_price"), format="%.2f"
                    ),
                    "drop_pct": st.column_config.NumberColumn(
                        t("pricing.col.change_pct"), format="percent"
                    ),
                    "kind": t("pricing.col.kind"),
                    "reason": t("pricing.col.reason"),
                    "returned_on": st.column_config.DateColumn(t("pricing.col.returned_on")),
                    "days_low": st.column_config.NumberColumn(
                        t("pricing.col.days_low"), format="%.0f"
                    ),
                },
            )
            download_buttons(
                {"drops": drops, "by_seller": summary}, "price_drops", key="pricing.dl_drops"
            )
    except Exception as err:
        _fail(err)

# ---- 6. matching titles and costs
with tabs[5]:
    try:
        st.subheader(t("pricing.match"))
        has_id = "product_id" in ds.frame.columns and ds.frame["product_id"].notna().any()
        st.caption(t("pricing.match_help_id" if has_id else "pricing.match_help"))
        threshold = st.slider(
            t("pricing.match_threshold"), 50, 100, 80, key="pricing.match_threshold"
        )
        if st.button(t("pricing.match_propose"), key="pricing.match_propose"):
            state.put(
                "pricing.proposed",
                cached(pr.propose_matches, ds, own_seller=own, threshold=float(threshold)),
            )
        proposed = state.get("pricing.proposed")
        if proposed is not None:
            if proposed.empty:
                st.info(t("pricing.match_none"))
            else:
                edited = st.data_editor(
                    proposed,
                    hide_index=True,
                    width="stretch",
                    disabled=["seller", "product", "score"],
                    column_config={
                        "seller": t("pricing.col.seller"),
                        "product": t("pricing.col.their_title"),
                        "match": t("pricing.col.our_title"),
                        "score": st.column_config.NumberColumn(
                            t("pricing.col.score"), format="%.0f"
                        ),
                        "accept": st.column_config.CheckboxColumn(t("pricing.col.accept")),
                    },
                    key="pricing.match_editor",
                )
                b1, b2 = st.columns(2)
                if b1.button(t("pricing.match_apply"), key="pricing.match_apply", type="primary"):
                    state.put("pricing.matches", edited[edited["accept"].fillna(False)].copy())
                    st.rerun()
                download_buttons(edited, "title_matches", key="pricing.dl_matches")
        if matches is not None and st.button(t("pricing.match_clear"), key="pricing.match_clear"):
            state.pop("pricing.matches")
            st.rerun()

        st.subheader(t("pricing.costs"))
        st.caption(t("pricing.costs_help"))
        upload = st.file_uploader(
            t("pricing.costs_upload"), type=["csv", "xlsx"], key="pricing.costs_upload"
        )
        if upload is not None:
            try:
                raw = (
                    pd.read_excel(upload, engine="calamine")
                    if upload.name.lower().endswith(".xlsx")
                    else pd.read_csv(upload, sep=None, engine="python", encoding="utf-8-sig")
                )
                read = pr.read_costs(raw)
                if st.button(t("pricing.costs_use", n=len(read)), key="pricing.costs_use"):
                    state.put("pricing.costs", {**costs, **read.to_dict()})
                    st.rerun()
            except Exception as err:  # any unreadable file is the user's to fix
                st.warning(t("pricing.costs_bad", error=error_text(err)))
        pos_c = cached(pr.position, work, own_seller=own, freq=freq)
        ours = pos_c[pos_c["status"] != "not_ours"][["product", "title", "our_price"]]
        grid = ours.assign(cost=ours["product"].astype(str).map(costs).astype(float))
        edited_cost = st.data_editor(
            grid,
            hide_index=True,
            width="stretch",
            disabled=["product", "title", "our_price"],
            column_config={
                "product": t("pricing.col.product"),
                "title": t("pricing.col.title"),
                "our_price": st.column_config.NumberColumn(
                    t("pricing.col.our_price"), format="%.2f"
                ),
                "cost": st.column_config.NumberColumn(
                    t("pricing.col.cost"), min_value=0.0, format="%.2f"
                ),
            },
            key="pricing.cost_editor",
        )
        if st.button(t("pricing.costs_save"), key="pricing.costs_save"):
            kept = edited_cost.dropna(subset=["cost"])
            state.put(
                "pricing.costs",
                dict(zip(kept["product"].astype(str), kept["cost"].astype(float), strict=True)),
            )
            st.rerun()
        if costs:
            st.caption(t("pricing.costs_count", n=len(costs)))
    except Exception as err:
        _fail(err)
