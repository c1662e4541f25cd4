"""The budget page's plan sections: the what-if (controls and a fragment), saving a scenario,
the optimiser. Scenarios are in ``ui/budget_scenarios.py``.

The what-if fragment reruns alone on every slider move: it reads the plan from state and
draws Arrow tables built from ``analytics.budget.evaluate_arrays`` (no pandas on that path).
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import streamlit as st

from analytics import budget as bud
from ui import format as fmt
from ui import shop, state
from ui.budget_sections import BudgetContext, chart_spec, err_text, money0
from ui.charts_budget import curves_frame
from ui.i18n import t
from ui.safe import inert
from ui.widgets import choice_for, fmt_money, fmt_num, fmt_pct, table

__all__ = ["optimiser_section", "save_section", "whatif_controls", "whatif_section"]


def _set_plan(ctx: BudgetContext, new: dict[str, float]) -> None:
    state.put("budget.plan", {ch: float(new.get(ch, 0.0)) for ch in ctx.channels})


def _on_slide(ch: str, key: str, current: float) -> None:
    v = float(state.widget(key))
    if state.widget("budget.mode", "amount") == "pct":
        v = bud.from_change_pct(current, v)
    state.get("budget.plan")[ch] = max(v, 0.0)


def whatif_controls(ctx: BudgetContext) -> None:
    """Mode, total budget, reset and scale: rare, they change every slider and rerun the page."""
    st.subheader(t("budget.whatif"))
    top = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
    choice_for("budget.mode", ["amount", "pct"], "amount", where=top[0])
    total = top[1].number_input(
        t("budget.total"),
        min_value=0.0,
        step=100.0,
        key="budget.total",
        help=t("budget.total_help"),
    )
    if top[2].button(t("budget.reset"), key="budget.reset"):
        _set_plan(ctx, ctx.current)
    if top[3].button(t("budget.scale"), key="budget.scale", help=t("budget.scale_help")):
        _set_plan(ctx, bud.scale_plan(state.get("budget.plan"), float(total or 0.0)))


def _sliders(ctx: BudgetContext) -> None:
    plan = state.get("budget.plan")
    pct = (state.widget("budget.mode") or "amount") == "pct"
    cols = st.columns(min(3, len(ctx.channels)))
    for i, ch in enumerate(ctx.channels):
        key, cur = f"budget.ch.{i}", ctx.current[ch]
        if pct:
            lo, hi, step, form = -100.0, 300.0, 1.0, "%+.0f%%"
            value = min(max(bud.change_pct(plan[ch], cur), lo), hi)
        else:
            hi = bud.slider_top(ctx.curves[ch])
            lo, step, form = 0.0, max(hi / 300.0, 0.01), "%.0f"
            value = min(max(plan[ch], 0.0), hi)
        state.set_widget(key, float(value))
        cols[i % len(cols)].slider(
            inert(ch),
            lo,
            hi,
            step=step,
            format=form,
            key=key,
            on_change=_on_slide,
            args=(ch, key, cur),
            disabled=pct and cur <= 0,
        )


def _metrics(tot: dict, total: float | None) -> None:
    plan_sum = tot["spend"]
    if total and abs(plan_sum - total) > 0.005 * max(total, 1.0):
        diff = plan_sum - total
        budget, plan = fmt_money(total, 0), fmt_money(plan_sum, 0)
        signed = ("+" if diff > 0 else "") + fmt_money(diff, 0)
        st.caption(t("budget.plan_vs_budget", plan=plan, budget=budget, diff=signed))
    m = st.columns(5)
    up = shop.delta_color()
    spend_delta = fmt_money(tot["d_spend"], 0)
    m[0].metric(t("budget.m.spend"), fmt_money(plan_sum, 0), delta=spend_delta, delta_color="off")
    m[1].metric(
        t("budget.m.revenue"),
        fmt_money(tot["revenue_total"], 0),
        delta=fmt_money(tot["d_revenue"], 0),
        delta_color=up,
        help=t("budget.m.revenue_help"),
    )
    roas_delta = fmt_num(tot["roas"] - tot["base_roas"], 2) if plan_sum > 0 else None
    m[2].metric(
        t("budget.m.roas"),
        fmt_num(tot["roas"], 2),
        delta=roas_delta,
        delta_color=up,
        help=t("budget.definitions"),
    )
    roi_delta = fmt_pct(tot["roi"] - tot["base_roi"]) if plan_sum > 0 else None
    m[3].metric(t("budget.m.roi"), fmt_pct(tot["roi"]), delta=roi_delta, delta_color=up)
    marginal = fmt_num(tot["marginal_roas"], 2)
    m[4].metric(t("budget.m.marginal"), marginal, help=t("budget.m.marginal_help"))


def _plan_table(ev: dict) -> None:
    # each shown column once: source column -> (label key, column config, whole units)
    money = st.column_config.NumberColumn(format=money0())
    two = st.column_config.NumberColumn(format="%.2f")
    shown = {
        "channel": ("budget.col.channel", None, False),
        "spend": ("budget.col.spend", money, True),
        "d_spend": ("budget.col.d_spend", money, True),
        "revenue": ("budget.col.revenue", money, True),
        "d_revenue": ("budget.col.d_revenue", money, True),
        "roas": ("budget.col.roas", two, False),
        "roi": ("budget.col.roi", st.column_config.NumberColumn(format="percent"), False),
        "marginal_roas": (
            "budget.col.marginal",
            st.column_config.NumberColumn(format="%.2f", help=t("budget.m.marginal_help")),
            False,
        ),
        "extrapolation": (
            "budget.col.vs_seen",
            st.column_config.NumberColumn(format="%.2fx"),
            False,
        ),
    }
    table(
        pa.table({t(k): np.round(ev[c]) if w else ev[c] for c, (k, _, w) in shown.items()}),
        key="budget.table",
        column_config={t(k): cfg for k, cfg, _ in shown.values() if cfg is not None},
    )


def _curves_chart(ctx: BudgetContext, ev: dict) -> None:
    channels, plan = ctx.channels, state.get("budget.plan")
    static = state.get("budget.grid_memo")
    if static is None:
        # the curves, bands and history points change only with the data: built once,
        # kept as an Arrow table so a rerun only appends the two markers per channel
        upto = {c: bud.slider_top(ctx.curves[c]) / 1.3 for c in channels}
        grid = bud.curve_grid(ctx.curves, upto=upto)
        static = pa.Table.from_pandas(
            curves_frame(grid, ctx.fitted.points, grid.iloc[0:0]), preserve_index=False
        )
        state.put("budget.grid_memo", static)
    n = len(channels)
    marks = pa.table(
        {
            "channel": pa.array(channels + channels, static.schema.field("channel").type),
            "spend": [ctx.current[c] for c in channels] + [plan[c] for c in channels],
            "revenue": ev["base_revenue"].tolist() + ev["revenue"].tolist(),
            "layer": pa.array(["mark"] * (2 * n), static.schema.field("layer").type),
            "kind": [t("budget.chart.point.current")] * n + [t("budget.chart.point.plan")] * n,
            "filled": [False] * n + [True] * n,
        }
    )
    st.markdown(f"**{t('budget.curves')}**", help=t("budget.curves_help"))
    titles = {"x_title": t("budget.chart.spend"), "y_title": t("budget.chart.revenue")}
    st.vega_lite_chart(
        pa.concat_tables([static, marks], promote_options="default"),
        chart_spec("curves", **titles, columns=min(3, len(channels))),
        key="budget.curves_chart",
    )


@st.fragment
def whatif_section(ctx: BudgetContext) -> None:
    """The live what-if: a slider per channel, totals, the plan's table and the curves."""
    _sliders(ctx)
    plan = state.get("budget.plan")
    # plain columns, not a DataFrame: this part reruns on every slider move
    ev = bud.evaluate_arrays(ctx.curves, plan, baseline=ctx.current)
    _metrics(bud.totals(ev, base=ctx.fitted.base), state.widget("budget.total"))
    for ch, ext in bud.extrapolated(ctx.channels, ev["extrapolation"]):
        st.warning(t("budget.warn.extrapolate", channel=inert(ch), ratio=ext))
    _plan_table(ev)
    _curves_chart(ctx, ev)


def save_section(ctx: BudgetContext) -> None:
    """Save the plan as a named scenario."""
    s1, s2 = st.columns([3, 1], vertical_alignment="bottom")
    name = s1.text_input(t("budget.save_name"), value=t("budget.sc.mine"), key="budget.sc_name")
    if s2.button(t("budget.save"), key="budget.save"):
        nm = (name or "").strip() or t("budget.sc.mine")
        state.get("budget.scenarios")[nm] = bud.Scenario(
            nm,
            dict(state.get("budget.plan")),
            ctx.fitted.period,
            {"budget": state.widget("budget.total")},
        )
        state.put("budget.flash", [("success", t("budget.saved", name=inert(nm)))])


def _goal() -> tuple[str, float | None, float | None]:
    g1, g2 = st.columns([2, 1])
    goals = ["revenue", "profit", "roas"]
    goal = choice_for("budget.goal", goals, "revenue", where=g1, help=t("budget.goal_help"))
    margin = target = None
    if goal == "profit":
        margin = g2.number_input(t("budget.margin"), 0.01, 1.0, 0.4, 0.05, key="budget.margin")
    elif goal == "roas":
        target = g2.number_input(t("budget.target"), 0.01, 1000.0, 2.0, 0.1, key="budget.target")
    return goal, margin, target


def _bounds_editor(ctx: BudgetContext):
    st.caption(t("budget.bounds_help"))
    money = money0()
    return st.data_editor(
        bud.bounds_table(ctx.curves),
        hide_index=True,
        disabled=["channel", "current"],
        key="budget.bounds",
        column_config={
            "channel": st.column_config.TextColumn(t("budget.col.channel")),
            "current": st.column_config.NumberColumn(t("budget.col.current"), format=money),
            "low": st.column_config.NumberColumn(t("budget.col.low"), min_value=0.0, format=money),
            "high": st.column_config.NumberColumn(
                t("budget.col.high"), min_value=0.0, format=money
            ),
            "locked": st.column_config.CheckboxColumn(t("budget.col.locked")),
        },
        placeholder=fmt.NA,
    )


def _run_optimiser(ctx: BudgetContext, edited, goal: str, margin, target) -> None:
    bounds, locked = bud.bounds_from_table(edited)
    budget = float(state.widget("budget.total") or 0.0)
    try:
        opt = bud.optimize_report(
            ctx.curves, budget, bounds, locked=locked, goal=goal, margin=margin, target_roas=target
        )
    except bud.BudgetError as err:
        st.error(err_text(err))
        state.put("budget.optimum", None)
    else:
        state.put("budget.optimum", opt)
        nm = t("budget.sc.optimised")
        state.get("budget.scenarios")[nm] = bud.Scenario(
            nm, dict(opt.spend), ctx.fitted.period, {"auto": "optimised", "goal": goal}
        )


def optimiser_section(ctx: BudgetContext) -> None:
    """The optimiser: goal, bounds per channel, run; then the optimum (``_optimum``)."""
    st.subheader(t("budget.optimise"))
    goal, margin, target = _goal()
    edited = _bounds_editor(ctx)
    if st.button(t("budget.run"), key="budget.run", type="primary"):
        _run_optimiser(ctx, edited, goal, margin, target)
    opt: bud.Optimum | None = state.get("budget.optimum")
    if opt is not None and set(opt.spend) == set(ctx.channels):
        _optimum(ctx, opt, target)


def _optimum_notes(ctx: BudgetContext, opt: bud.Optimum, target) -> None:
    o_tot = bud.totals(
        bud.evaluate(ctx.curves, opt.spend, baseline=ctx.current), base=ctx.fitted.base
    )
    lam = bud.free_marginal(opt)
    st.success(
        t(
            "budget.opt_result",
            revenue=fmt_money(o_tot["revenue_total"], 0),
            delta=fmt_money(o_tot["d_revenue"], 0, signed=True),
            spend=fmt_money(o_tot["spend"], 0),
            lam=t("common.na") if math.isnan(lam) else fmt_num(lam, 2),
        )
    )
    left = bud.unspent(opt, float(state.widget("budget.total") or 0.0))
    if left > 0:
        st.info(t("budget.opt_unspent", unspent=fmt_money(left, 0)))
    if not opt.goal_met:
        st.warning(t("budget.opt_target_missed", target=fmt_num(target, 2)))
    if opt.outside_seen:
        st.warning(t("budget.opt_outside", channels=", ".join(inert(c) for c in opt.outside_seen)))


def _optimum(ctx: BudgetContext, opt: bud.Optimum, target) -> None:
    _optimum_notes(ctx, opt, target)
    res = bud.optimum_table(opt, ctx.current)
    res["binds"] = [t(f"budget.binds.{b}") for b in res["binds"]]
    res.columns = [t(f"budget.col.{c}") for c in res.columns]
    formats = {"current": money0(), "optimised": money0(), "change": "percent", "marginal": "%.2f"}
    colcfg = {
        t(f"budget.col.{c}"): st.column_config.NumberColumn(format=f) for c, f in formats.items()
    }
    table(res, key="budget.opt_table", column_config=colcfg)
    wf = bud.waterfall(
        ctx.curves,
        ctx.current,
        opt.spend,
        start_label=t("budget.wf.current"),
        end_label=t("budget.wf.optimised"),
        base=ctx.fitted.base,
    )
    st.markdown(f"**{t('budget.waterfall')}**")
    kinds = {k: t(f"budget.wf.{k}") for k in ("total", "up", "down")}
    st.vega_lite_chart(
        wf.assign(label=wf["kind"].map(kinds)),
        chart_spec("waterfall", kind_labels=kinds, y_title=t("budget.chart.revenue")),
        key="budget.waterfall_chart",
    )
    if st.button(t("budget.apply"), key="budget.apply"):
        _set_plan(ctx, opt.spend)
        st.rerun()
