"""Funnel drop-off: steps from the event log (or an aggregated table), counting rules, results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analytics import funnel as fn
from ui import format as fmt
from ui import shop, state
from ui.charts_funnel import (
    activity_chart,
    breakdown_chart,
    compare_chart,
    contribution_chart,
    funnel_chart,
    time_histogram,
    trend_chart,
)
from ui.i18n import error_text, field_label, labels, stage_name, t
from ui.safe import inert
from ui.widgets import cached, choice, download_buttons, fmt_money, fmt_num, fmt_pct, require

st.title(t("nav.funnel"))
st.caption(t("funnel.intro"))

pct = st.column_config.NumberColumn(format="percent")
money = st.column_config.NumberColumn(format=fmt.column_format("money", shop.currency()))
MAX_NAMES = 500
UNITS = {"minutes": 60, "hours": 3600, "days": 86400}
MAX_WINDOW_S = 90 * 86400


def plain(text: object) -> str:
    """User text made safe for markdown-rendering elements (no formatting, no links)."""
    return inert(text)


def fail(err: Exception) -> None:
    if isinstance(err, ValueError):
        st.warning(t("funnel.cannot", error=plain(error_text(err))))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


def show_activity(ds) -> None:
    try:
        act = cached(fn.event_activity, ds, freq="D")
    except ValueError as err:
        fail(err)
        return
    if act.empty:
        return
    users = int(ds.frame["user_id"].nunique())
    m = st.columns(3)
    m[0].metric(t("funnel.one.users"), f"{users:,}")
    m[1].metric(t("funnel.one.events"), f"{int(act['events'].sum()):,}")
    m[2].metric(t("funnel.one.per_user"), f"{act['events'].sum() / max(users, 1):,.2f}")
    st.altair_chart(
        activity_chart(act, period_title=t("funnel.one.day"), users_title=t("funnel.one.daily")),
        width="stretch",
    )
    st.caption(t("funnel.one.help"))


def step_columns(table: pd.DataFrame, per_user: bool) -> pd.DataFrame:
    cols = {
        "step": t("funnel.col.step"),
        "users": t("funnel.col.users") if per_user else t("funnel.col.count"),
        "conv_prev": t("funnel.col.conv_prev"),
        "conv_prev_low": t("funnel.col.conv_prev_low"),
        "conv_prev_high": t("funnel.col.conv_prev_high"),
        "conv_first": t("funnel.col.conv_first"),
        "conv_first_low": t("funnel.col.conv_first_low"),
        "conv_first_high": t("funnel.col.conv_first_high"),
        "dropped": t("funnel.col.dropped"),
        "drop_share": t("funnel.col.drop_share"),
        "biggest_drop": t("funnel.col.biggest_drop"),
        "revenue_at_risk": t("funnel.col.revenue_at_risk"),
    }
    return table.rename(columns=cols)


def aov_source() -> tuple[float | None, str]:
    """Average order value from the orders dataset when loaded, else (None, "")."""
    orders = state.active("orders")
    if orders is None:
        return None, ""
    try:
        aov = cached(fn.average_order_value, orders)
    except ValueError:
        return None, ""
    return (aov, "orders") if np.isfinite(aov) else (None, "")


def show_results(table: pd.DataFrame, per_user: bool, aov_note: str, key: str) -> None:
    """Metrics, funnel chart, step table and its downloads (shared by both inputs)."""
    first, last = int(table["users"].iloc[0]), int(table["users"].iloc[-1])
    overall = last / first if first else float("nan")
    c = st.columns(3)
    c[0].metric(t("funnel.metric.entered"), fmt_num(first), help=t("funnel.help.entered"))
    c[1].metric(t("funnel.metric.completed"), fmt_num(last))
    c[2].metric(t("funnel.metric.overall"), fmt_pct(overall, 2), help=t("funnel.help.overall"))
    if first == 0:
        st.warning(t("funnel.no_entries"))
        return
    if (table["conv_prev"].iloc[1:] > 1).any():
        st.warning(t("funnel.not_nested"))
    big = table[table["biggest_drop"]]
    if len(big):
        i = int(big.index[0])
        st.warning(
            t(
                "funnel.biggest",
                prev=plain(table["step"].iloc[i - 1]),
                step=plain(table["step"].iloc[i]),
                n=fmt_num(table["dropped"].iloc[i]),
                share=fmt_pct(table["drop_share"].iloc[i]),
            ),
            icon=":material/trending_down:",
        )
    chart = funnel_chart(
        table,
        users_title=t("funnel.col.users") if per_user else t("funnel.col.count"),
        step_title=t("funnel.col.step"),
        drop_label=t("funnel.col.biggest_drop"),
    )
    st.altair_chart(chart, width="stretch", key=f"{key}.chart")
    shown = step_columns(table, per_user)
    if table["revenue_at_risk"].isna().all():
        shown = shown.drop(columns=[t("funnel.col.revenue_at_risk")])
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("funnel.col.conv_prev"): st.column_config.NumberColumn(
                format="percent", help=t("funnel.help.conv_prev")
            ),
            t("funnel.col.conv_first"): st.column_config.NumberColumn(
                format="percent", help=t("funnel.help.conv_first")
            ),
            t("funnel.col.conv_prev_low"): pct,
            t("funnel.col.conv_prev_high"): pct,
            t("funnel.col.conv_first_low"): pct,
            t("funnel.col.conv_first_high"): pct,
            t("funnel.col.dropped"): st.column_config.NumberColumn(help=t("funnel.help.dropped")),
            t("funnel.col.drop_share"): pct,
            t("funnel.col.revenue_at_risk"): st.column_config.NumberColumn(
                format=fmt.column_format("money", shop.currency(), table["revenue_at_risk"]),
                help=t("funnel.help.risk"),
            ),
        },
        key=f"{key}.table",
        placeholder=fmt.NA,
    )
    st.caption(t("funnel.ci_note"))
    if aov_note:
        st.caption(aov_note)
    download_buttons(step_columns(table, per_user), "funnel_steps", key=f"{key}.dl")


# ---- input: event log or aggregated table

events_ds = state.active("events")
mode = choice(
    t("funnel.input"),
    ["events", "table"],
    prefix="funnel.input",
    default="events" if events_ds is not None else "table",
    key="funnel.input",
    help=t("funnel.help.input"),
)


def table_mode() -> None:
    st.caption(t("funnel.table.intro"))
    traffic = state.active("traffic")
    sources = ["type"] + (["traffic"] if traffic is not None else []) + ["upload"]
    by_label = {t(f"funnel.table.source.{s}"): s for s in sources}
    picked = st.radio(
        t("funnel.table.source"), list(by_label), horizontal=True, key="funnel.table_source"
    )
    src = by_label.get(picked, "type")
    base: pd.DataFrame | None = None
    if src == "upload":
        up = st.file_uploader(
            t("funnel.table.upload"),
            type=["csv", "txt", "tsv", "xlsx", "xls", "parquet"],
            key="funnel.table_file",
        )
        if up is None:
            st.info(t("funnel.table.upload_hint"))
            return
        try:
            from analytics.readers import read_table

            raw = read_table(up).frame
            labels, counts = fn.parse_count_table(raw)
        except ValueError as err:
            st.error(t("funnel.table.bad", error=plain(error_text(err))))
            return
        base = pd.DataFrame({"step": labels, "count": counts})
    elif src == "traffic":
        frame = traffic.frame
        numeric = [
            c
            for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        ]
        prefer = [
            "visitors",
            "sessions",
            "加购人数",
            "cart",
            "add_to_cart",
            "orders",
            "buyers",
            "下单买家数",
            "支付买家数",
        ]
        default = [c for c in prefer if c in numeric] or numeric[:2]
        cols = st.multiselect(
            t("funnel.table.columns"),
            numeric,
            default=default[:10],
            key="funnel.table_cols",
            max_selections=10,
        )
        if len(cols) < 2:
            st.info(t("funnel.table.pick_two"))
            return
        base = pd.DataFrame({"step": cols, "count": [float(frame[c].sum()) for c in cols]})
        st.caption(t("funnel.table.traffic_note"))
    else:
        base = pd.DataFrame(
            {
                "step": [t(f"funnel.table.default.{i}") for i in range(4)],
                "count": [np.nan] * 4,
            }
        )
    edited = st.data_editor(
        base,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "step": st.column_config.TextColumn(t("funnel.col.step"), required=True),
            "count": st.column_config.NumberColumn(
                t("funnel.col.count"), min_value=0, required=True
            ),
        },
        key=f"funnel.table_edit.{src}",
        placeholder=fmt.NA,
    )
    rows = edited.dropna(how="all")
    if rows["count"].isna().any() or rows["step"].isna().any():
        st.info(t("funnel.table.fill"))
        return
    if not 2 <= len(rows) <= fn.MAX_STEPS:
        st.warning(t("funnel.table.steps_range", n=len(rows)))
        return
    aov, _ = aov_source()
    table = fn.step_table(
        rows["count"].astype(float).tolist(), rows["step"].astype(str).tolist(), aov
    )
    show_results(
        table, per_user=False, aov_note=t("funnel.aov.orders") if aov else "", key="funnel.agg"
    )
    st.caption(t("funnel.table.limits"))


if mode == "table":
    table_mode()
    st.stop()

ds = require("events")

# ---- steps

try:
    names_tbl = cached(fn.event_counts, ds)
except ValueError as err:
    fail(err)
    st.stop()
names = names_tbl["event"].tolist()[:MAX_NAMES]
count_of = dict(zip(names_tbl["event"], names_tbl["count"], strict=True))
if len(names) < 2:
    # one event name (a view-only log): no funnel, but the activity it can show
    st.warning(t("funnel.one_event", event=plain(names[0]) if names else "-"))
    show_activity(ds)
    st.stop()

if state.get("funnel.steps_for") != ds.fingerprint:
    labels0, groups0 = fn.propose_steps(names)
    labels0 = [stage_name(x) for x in labels0]
    state.set_widget("funnel.n_steps", len(groups0))
    for i in range(fn.MAX_STEPS):
        state.set_widget(f"funnel.label.{i}", labels0[i] if i < len(labels0) else "")
        state.set_widget(f"funnel.events.{i}", groups0[i] if i < len(groups0) else [])
    state.put("funnel.steps_for", ds.fingerprint)
else:
    # keep the steps hidden by a lower step count (Streamlit drops state of undrawn widgets)
    for i in range(fn.MAX_STEPS):
        for wkey in (f"funnel.label.{i}", f"funnel.events.{i}"):
            if state.widget(wkey) is not None:
                value = state.widget(wkey)
                state.set_widget(
                    wkey, stage_name(value) if wkey.startswith("funnel.label") else value
                )

with st.expander(t("funnel.steps"), expanded=True):
    st.caption(t("funnel.steps_help"))
    n_steps = st.number_input(
        t("funnel.n_steps"), min_value=2, max_value=fn.MAX_STEPS, step=1, key="funnel.n_steps"
    )
    step_labels: list[str] = []
    step_groups: list[list[str]] = []
    for i in range(int(n_steps)):
        c1, c2 = st.columns([1, 3])
        lab = c1.text_input(t("funnel.step_label", i=i + 1), key=f"funnel.label.{i}")
        picked = c2.multiselect(
            t("funnel.step_events", i=i + 1),
            names,
            format_func=lambda n: f"{n} ({count_of.get(n, 0):,})",
            key=f"funnel.events.{i}",
        )
        step_labels.append(
            lab.strip() or (" / ".join(picked) if picked else t("funnel.step_n", i=i + 1))
        )
        step_groups.append(picked)

problems = []
if any(not g for g in step_groups):
    problems.append(t("funnel.err.empty_step"))
flat = [n for g in step_groups for n in g]
if len(flat) != len(set(flat)):
    problems.append(t("funnel.err.twice"))
if problems:
    for p in problems:
        st.warning(p)
    st.stop()

# ---- counting rules

with st.container(border=True):
    st.markdown(f"**{t('funnel.rules')}**")
    r = st.columns([1.1, 1.2, 1.6, 1.5])
    count_mode = choice(
        t("funnel.count"),
        ["users", "totals"],
        prefix="funnel.count",
        default="users",
        key="funnel.count",
        where=r[0],
        help=t("funnel.help.count"),
    )
    order = r[1].selectbox(
        t("funnel.order"),
        list(fn.ORDERS),
        format_func=labels("funnel.order"),
        key="funnel.order",
        help=t("funnel.help.order"),
    )
    w1, w2 = r[2].columns([1, 1])
    w_value = w1.number_input(
        t("funnel.window"),
        min_value=1,
        max_value=129600,
        value=7,
        step=1,
        key="funnel.window",
        help=t("funnel.help.window"),
    )
    w_unit = w2.selectbox(
        t("funnel.window_unit"),
        list(UNITS),
        index=2,
        format_func=labels("funnel.unit"),
        key="funnel.window_unit",
    )
    exclude = r[3].toggle(
        t("funnel.exclude"), value=True, key="funnel.exclude", help=t("funnel.help.exclude")
    )
    window_s = int(w_value) * UNITS[w_unit]
    if window_s > MAX_WINDOW_S:
        st.warning(t("funnel.window_max"))
        window_s = MAX_WINDOW_S
    window = pd.Timedelta(seconds=window_s)
    st.markdown(t(f"funnel.rule.order.{order}"))
    st.markdown(t("funnel.rule.window", window=fmt_num(w_value) + " " + t(f"funnel.unit.{w_unit}")))
    st.markdown(t(f"funnel.rule.count.{count_mode}"))
    st.markdown(t("funnel.rule.ties"))

params = dict(steps=step_groups, window=window, order=order, labels=step_labels)
try:
    fu = cached(fn.user_funnel, ds, **params)
    if count_mode == "totals":
        counts_tbl = cached(
            fn.funnel_counts, ds, exclude_in_progress=exclude, count="totals", **params
        )
        counts = counts_tbl["users"].to_numpy()
        n_prog = int(counts_tbl["in_progress"].iloc[0])
    else:
        counts = fn.counts_from_users(fu.included(exclude), fu.n_steps)
        n_prog = int(fu.users["in_progress"].sum())
except ValueError as err:
    fail(err)
    st.stop()

aov, aov_from = aov_source()
if aov is None:
    ev_aov = cached(fn.event_order_value, ds, names=tuple(step_groups[-1]))
    if np.isfinite(ev_aov):
        aov, aov_from = ev_aov, "events"
aov_note = t(f"funnel.aov.{aov_from}", aov=fmt_money(aov)) if aov else t("funnel.aov.none")
table = fn.step_table(counts, step_labels, aov)

if exclude:
    st.caption(t("funnel.progress_excluded", n=fmt_num(n_prog)))
else:
    st.caption(t("funnel.progress_included", n=fmt_num(n_prog)))

tabs = st.tabs(
    [
        t("funnel.tab.steps"),
        t("funnel.tab.time"),
        t("funnel.tab.breakdown"),
        t("funnel.tab.trend"),
        t("funnel.tab.export"),
    ]
)

with tabs[0]:
    show_results(table, per_user=count_mode == "users", aov_note=aov_note, key="funnel.main")
    if count_mode == "totals":
        st.caption(t("funnel.totals_note"))

# ---- time to convert

with tabs[1]:
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
    else:
        ct = fn.conversion_times(fu, min(a, b), max(a, b), exclude)
        if ct.n == 0:
            st.info(t("funnel.time.none"))
        else:
            scale = 86400 if ct.median >= 86400 else 3600 if ct.median >= 3600 else 60
            unit = {86400: "days", 3600: "hours", 60: "minutes"}[scale]
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

# ---- breakdowns

with tabs[2]:
    core = {"user_id", "reached", "start", "in_progress"}
    props = [
        c
        for c in fu.users.columns
        if c not in core
        and not c.startswith("time_")
        and 2 <= fu.users[c].nunique() <= (50 if pd.api.types.is_float_dtype(fu.users[c]) else 5000)
    ]
    orders_ds = state.active("orders")
    options = props + (["__rfm__"] if orders_ds is not None else [])
    if not options:
        st.info(t("funnel.bd.none"))
    else:
        c1, c2 = st.columns([2, 1])
        by = c1.selectbox(
            t("funnel.bd.by"),
            options,
            format_func=lambda c: t("funnel.bd.rfm") if c == "__rfm__" else c,
            key="funnel.bd_by",
        )
        top = c2.slider(t("funnel.bd.top"), 2, 15, 8, key="funnel.bd_top")
        try:
            if by == "__rfm__":
                seg = cached(fn.rfm_segments, orders_ds)
                bd = fn.breakdown(fu, seg, top=top, exclude_in_progress=exclude)
                bd["segment"] = [
                    t("funnel.bd.other")
                    if s == fn.OTHER
                    else t("funnel.bd.missing")
                    if s == fn.MISSING
                    else t(f"segments.seg.{s}")
                    for s in bd["segment"]
                ]
            else:
                bd = fn.breakdown(fu, by, top=top, exclude_in_progress=exclude)
                bd["segment"] = [
                    t("funnel.bd.other")
                    if s == fn.OTHER
                    else t("funnel.bd.missing")
                    if s == fn.MISSING
                    else s
                    for s in bd["segment"]
                ]
        except ValueError as err:
            fail(err)
            bd = None
        if bd is not None and len(bd):
            incl = fu.included(exclude)
            overall = float((incl["reached"] >= fu.n_steps).mean()) if len(incl) else float("nan")
            st.altair_chart(
                breakdown_chart(
                    bd,
                    rate_title=t("funnel.bd.rate"),
                    segment_title=t("funnel.bd.segment"),
                    overall=overall,
                ),
                width="stretch",
            )
            n_small = int(bd["small"].sum())
            if n_small:
                st.warning(t("funnel.bd.small", n=n_small))
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
                    **{f"step_{k}": f"{k}. {step_labels[k - 1]}" for k in range(1, fu.n_steps + 1)},
                }
            )
            shown[t("funnel.bd.test")] = [t(f"funnel.test.{x}") if x else "" for x in bd["test"]]
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                column_config={
                    t("funnel.bd.rate"): pct,
                    t("funnel.bd.low"): pct,
                    t("funnel.bd.high"): pct,
                    t("funnel.bd.rest"): pct,
                    t("funnel.bd.p"): st.column_config.NumberColumn(format="%.4f"),
                },
                placeholder=fmt.NA,
            )
            st.caption(t("funnel.bd.note"))

# ---- trend and comparison

with tabs[3]:
    freq = choice(
        t("funnel.trend.by"),
        ["D", "W"],
        prefix="funnel.trend",
        default="W",
        key="funnel.trend_freq",
    )
    tr = fn.trend(fu, freq, exclude)
    if tr.empty:
        st.info(t("funnel.trend.none"))
    else:
        st.altair_chart(
            trend_chart(
                tr,
                rate_title=t("funnel.metric.overall"),
                bucket_title=t("funnel.trend.bucket"),
                progress_label=t("funnel.trend.progress"),
                done_label=t("funnel.trend.done"),
            ),
            width="stretch",
        )
        st.caption(t("funnel.trend.note"))
    st.subheader(t("funnel.cmp.title"))
    days = st.number_input(t("funnel.cmp.days"), 1, 366, 7, key="funnel.cmp_days")
    cmp = fn.compare_periods(fu, int(days), exclude, aov)
    cur_rng = f"{cmp.current_range[0]:%Y-%m-%d %H:%M} – {cmp.current_range[1]:%Y-%m-%d %H:%M}"
    prev_rng = f"{cmp.previous_range[0]:%Y-%m-%d %H:%M} – {cmp.previous_range[1]:%Y-%m-%d %H:%M}"
    if int(cmp.current["users"].iloc[0]) == 0 or int(cmp.previous["users"].iloc[0]) == 0:
        st.info(t("funnel.cmp.empty"))
    else:
        o_cur = cmp.current["conv_first"].iloc[-1]
        o_prev = cmp.previous["conv_first"].iloc[-1]
        m = st.columns(3)
        m[0].metric(t("funnel.cmp.prev", rng=prev_rng), fmt_pct(o_prev, 2))
        m[1].metric(
            t("funnel.cmp.cur", rng=cur_rng),
            fmt_pct(o_cur, 2),
            delta=t("funnel.cmp.pp", pp=f"{(o_cur - o_prev) * 100:+.2f}"),
            delta_color=shop.delta_color(),
        )
        m[2].metric(
            t("funnel.cmp.entered"),
            fmt_num(cmp.current["users"].iloc[0]),
            delta=fmt_num(cmp.current["users"].iloc[0] - cmp.previous["users"].iloc[0]),
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
                column_config={t(f"funnel.col.{c}"): pct for c in rate_cols},
                placeholder=fmt.NA,
            )
        contrib = cmp.contributions
        if contrib["contribution"].notna().all():
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
        else:
            st.info(t("funnel.cmp.no_split"))

# ---- export

with tabs[4]:
    st.markdown(f"**{t('funnel.export.steps')}**")
    download_buttons(
        step_columns(table, count_mode == "users"), "funnel_steps", key="funnel.export_steps"
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
    lost = fn.dropped_users(fu, int(k), exclude)
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
