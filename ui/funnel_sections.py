"""The Funnel page's sections (views/funnel.py is the router): the steps editor, the
counting rules, the funnel computed for them, its results (metrics, chart, step table)
and the activity of a one-event log. The other tabs are in ui/funnel_tabs.py and the
aggregated-table input in ui/funnel_table.py. Sections take the page's FunnelContext."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from analytics import funnel as fn
from analytics.engine import route
from ui import engine_caption, shop, state
from ui import format as fmt
from ui.charts_funnel import activity_chart, funnel_chart
from ui.i18n import error_text, labels, stage_name, t
from ui.safe import inert
from ui.widgets import cached, choice, download_buttons, fmt_money, fmt_num, fmt_pct

PCT = st.column_config.NumberColumn(format="percent")
MAX_NAMES = 500


@dataclass(frozen=True)
class FunnelContext:
    """What the result tabs share: the event log, the per-user funnel, the step table, the
    steps and the counting rules picked, and the average order value behind the risk."""

    ds: object
    fu: fn.FunnelUsers
    table: pd.DataFrame
    step_labels: list[str]
    step_groups: list[list[str]]
    count_mode: str
    exclude: bool
    aov: float | None
    aov_note: str


@dataclass(frozen=True)
class FunnelRules:
    """The counting rules card's choices."""

    count_mode: str
    order: str
    window: pd.Timedelta
    exclude: bool


def plain(text: object) -> str:
    """User text made safe for markdown-rendering elements (no formatting, no links)."""
    return inert(text)


def fail(err: Exception) -> None:
    if isinstance(err, ValueError):
        st.warning(t("funnel.cannot", error=plain(error_text(err))))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


def show_activity(ds) -> None:
    """A one-event log: users, events and daily activity instead of a funnel."""
    try:
        act = cached(fn.event_activity, ds, freq="D")
    except ValueError as err:
        fail(err)
        return
    if act.empty:
        return
    s = fn.activity_summary(ds.frame, act)
    m = st.columns(3)
    m[0].metric(t("funnel.one.users"), f"{s['users']:,}")
    m[1].metric(t("funnel.one.events"), f"{s['events']:,}")
    m[2].metric(t("funnel.one.per_user"), f"{s['per_user']:,.2f}")
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


def _headline(table: pd.DataFrame) -> bool:
    """Entered, completed, overall conversion and the warnings; False when nobody entered."""
    s = fn.step_summary(table)
    c = st.columns(3)
    c[0].metric(t("funnel.metric.entered"), fmt_num(s["first"]), help=t("funnel.help.entered"))
    c[1].metric(t("funnel.metric.completed"), fmt_num(s["last"]))
    c[2].metric(t("funnel.metric.overall"), fmt_pct(s["overall"], 2), help=t("funnel.help.overall"))
    if s["first"] == 0:
        st.warning(t("funnel.no_entries"))
        return False
    if s["not_nested"]:
        st.warning(t("funnel.not_nested"))
    if (i := s["biggest"]) is not None:
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
    return True


def show_results(table: pd.DataFrame, per_user: bool, aov_note: str, key: str) -> None:
    """Metrics, funnel chart, step table and its downloads (shared by both inputs)."""
    if not _headline(table):
        return
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
            t("funnel.col.conv_prev_low"): PCT,
            t("funnel.col.conv_prev_high"): PCT,
            t("funnel.col.conv_first_low"): PCT,
            t("funnel.col.conv_first_high"): PCT,
            t("funnel.col.dropped"): st.column_config.NumberColumn(help=t("funnel.help.dropped")),
            t("funnel.col.drop_share"): PCT,
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


def event_names(ds) -> tuple[list[str], dict]:
    """The log's event names (most frequent first, at most MAX_NAMES) and their counts;
    stops the page when the log cannot be read."""
    try:
        names_tbl = cached(route.event_counts, ds)
    except ValueError as err:
        fail(err)
        st.stop()
    names = names_tbl["event"].tolist()[:MAX_NAMES]
    return names, dict(zip(names_tbl["event"], names_tbl["count"], strict=True))


def sync_steps(ds, names: list[str]) -> None:
    """Propose steps for a new log; else keep the steps hidden by a lower step count
    (Streamlit drops state of undrawn widgets)."""
    if state.get("funnel.steps_for") != ds.fingerprint:
        labels0, groups0 = fn.propose_steps(names)
        labels0 = [stage_name(x) for x in labels0]
        state.set_widget("funnel.n_steps", len(groups0))
        for i in range(fn.MAX_STEPS):
            state.set_widget(f"funnel.label.{i}", labels0[i] if i < len(labels0) else "")
            state.set_widget(f"funnel.events.{i}", groups0[i] if i < len(groups0) else [])
        state.put("funnel.steps_for", ds.fingerprint)
        return
    for i in range(fn.MAX_STEPS):
        for wkey in (f"funnel.label.{i}", f"funnel.events.{i}"):
            if state.widget(wkey) is not None:
                value = state.widget(wkey)
                state.set_widget(
                    wkey, stage_name(value) if wkey.startswith("funnel.label") else value
                )


def steps_editor(names: list[str], count_of: dict) -> tuple[list[str], list[list[str]]]:
    """The steps card: how many steps, each step's label and events; stops the page with
    the problems when the steps are not usable."""
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
                placeholder=t("common.choose"),
            )
            step_labels.append(
                lab.strip() or (" / ".join(picked) if picked else t("funnel.step_n", i=i + 1))
            )
            step_groups.append(picked)
    problems = fn.step_problems(step_groups)
    for p in problems:
        st.warning(t(f"funnel.err.{p}"))
    if problems:
        st.stop()
    return step_labels, step_groups


def rules_card() -> FunnelRules:
    """The counting rules: users or totals, step order, window, users still in progress."""
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
            list(fn.WINDOW_UNITS),
            index=2,
            format_func=labels("funnel.unit"),
            key="funnel.window_unit",
        )
        exclude = r[3].toggle(
            t("funnel.exclude"), value=True, key="funnel.exclude", help=t("funnel.help.exclude")
        )
        window, capped = fn.conversion_window(w_value, w_unit)
        if capped:
            st.warning(t("funnel.window_max"))
        st.markdown(t(f"funnel.rule.order.{order}"))
        window_text = fmt_num(w_value) + " " + t(f"funnel.unit.{w_unit}")
        st.markdown(t("funnel.rule.window", window=window_text))
        st.markdown(t(f"funnel.rule.count.{count_mode}"))
        st.markdown(t("funnel.rule.ties"))
    return FunnelRules(count_mode, order, window, exclude)


def funnel_context(
    ds, step_labels: list[str], step_groups: list[list[str]], rules: FunnelRules
) -> FunnelContext:
    """The funnel counted with the rules, its step table and the average order value (the
    orders dataset's, else the last step's events'); stops the page when it fails."""
    params = dict(steps=step_groups, window=rules.window, order=rules.order, labels=step_labels)
    try:
        with engine_caption.running(ds):  # progress and cancel when it runs on DuckDB
            fu = cached(route.user_funnel, ds, **params)
        if rules.count_mode == "totals":
            counts_tbl = cached(
                route.funnel_counts, ds, exclude_in_progress=rules.exclude, count="totals", **params
            )
            counts = counts_tbl["users"].to_numpy()
            n_prog = int(counts_tbl["in_progress"].iloc[0])
        else:
            counts = fn.counts_from_users(fu.included(rules.exclude), fu.n_steps)
            n_prog = fn.in_progress_count(fu)
    except ValueError as err:
        fail(err)
        st.stop()
    aov, aov_from = aov_source()
    if aov is None and ds.live is None:  # (in place: the orders' value only)
        ev_aov = cached(fn.event_order_value, ds, names=tuple(step_groups[-1]))
        if np.isfinite(ev_aov):
            aov, aov_from = ev_aov, "events"
    aov_note = t(f"funnel.aov.{aov_from}", aov=fmt_money(aov)) if aov else t("funnel.aov.none")
    table = fn.step_table(counts, step_labels, aov)
    progress = "funnel.progress_excluded" if rules.exclude else "funnel.progress_included"
    st.caption(t(progress, n=fmt_num(n_prog)))
    return FunnelContext(
        ds, fu, table, step_labels, step_groups, rules.count_mode, rules.exclude, aov, aov_note
    )


def steps_section(ctx: FunnelContext) -> None:
    """Tab 1: the funnel's results."""
    per_user = ctx.count_mode == "users"
    show_results(ctx.table, per_user=per_user, aov_note=ctx.aov_note, key="funnel.main")
    if ctx.count_mode == "totals":
        st.caption(t("funnel.totals_note"))
