"""The Experiments page's planning card: sample size and duration for a baseline rate and a
minimum detectable lift, and the lift a given duration can find. An ``@st.fragment``: its
controls rerun only the card (they are what a meeting drags), with no pandas on that path
but the chart's few points."""

from __future__ import annotations

import numpy as np
import streamlit as st

from analytics import experiments as ex
from ui import meeting, state
from ui.charts_experiments import size_spec
from ui.experiments_sections import ExperimentsContext
from ui.i18n import error_text, t
from ui.safe import inert
from ui.widgets import choice_for, fmt_num, fmt_pct

__all__ = ["planning_section", "plan_defaults"]

_MDES = np.linspace(0.02, 0.5, 49)


def plan_defaults(ctx: ExperimentsContext) -> tuple[float, float]:
    """Baseline rate (%) and users a day from the experiment read, else 2% and 4,000."""
    r, d = ctx.reading, ctx.data
    if r is None or d is None:
        return 2.0, 4000.0
    base = float(r.table["rate"].iloc[0]) * 100
    users = float(r.table["users"].sum())
    days = (d.end.normalize() - d.start).days + 1 if d.start is not None else 14
    return round(min(max(base, 0.1), 99.0), 2), float(max(round(users / max(days, 1)), 1))


def planning_section(ctx: ExperimentsContext) -> None:
    """The planning card (a fragment) with defaults from the experiment read."""
    base, traffic = plan_defaults(ctx)
    st.caption(t("experiments.plan.intro"))
    _card(base, traffic, ctx.alpha)


@st.fragment
def _card(base: float, traffic: float, alpha: float) -> None:
    c = st.columns(3)
    base_pct = c[0].number_input(
        t("experiments.plan_base"), 0.01, 99.0, base, 0.1, key="experiments.plan_base"
    )
    mde_pct = c[1].slider(
        t("experiments.plan_mde"), 1.0, 50.0, 10.0, 0.5, key="experiments.plan_mde"
    )
    with c[2]:
        power = choice_for("experiments.plan_power", [0.8, 0.9], 0.8)
    c = st.columns(3)
    users = c[0].number_input(
        t("experiments.plan_traffic"),
        1.0,
        1e9,
        traffic,
        100.0,
        format="%.0f",
        key="experiments.plan_traffic",
    )
    arms = c[1].number_input(t("experiments.plan_arms"), 2, 10, 2, 1, key="experiments.plan_arms")
    days = c[2].slider(t("experiments.plan_days"), 1, 90, 14, key="experiments.plan_days")
    try:
        p = ex.plan(
            base_pct / 100,
            mde_pct / 100,
            alpha=alpha,
            power=power,
            traffic=users,
            arms=int(arms),
            days=int(days),
        )
    except ValueError as err:
        st.warning(t("experiments.plan.bad", error=inert(error_text(err))))
        return
    m = st.columns(4)
    m[0].metric(t("experiments.plan.per_arm"), fmt_num(p.per_arm))
    m[1].metric(t("experiments.plan.total"), fmt_num(p.total))
    m[2].metric(t("experiments.plan.days"), fmt_num(p.days))
    reach = fmt_pct(p.mde_at_days) if np.isfinite(p.mde_at_days) else t("experiments.plan.mde_none")
    m[3].metric(t("experiments.plan.mde_at", days=int(days)), reach)
    curve = ex.size_curve(
        p.baseline, _MDES, alpha=alpha, power=power, traffic=users, arms=int(arms)
    )
    spec = size_spec(
        curve,
        p.mde,
        p.per_arm,
        mde_title=t("experiments.col.mde"),
        users_title=t("experiments.col.per_arm"),
        days_title=t("experiments.col.days"),
        big=meeting.is_on(),
        lang=state.get_lang(),
    )
    st.markdown(f"**{t('experiments.plan.chart')}**")
    st.vega_lite_chart(spec, width="stretch")
    st.caption(t("experiments.plan.note", alpha=f"{alpha:g}"))
