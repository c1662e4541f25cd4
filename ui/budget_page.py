"""The budget page's body: data source, curves, what-if (a fragment), optimiser, scenarios.

Kept out of ``views/budget.py`` so a rerun does not recompile it: a page file is
compiled (with Streamlit's magic) on every run, an imported module once.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from analytics import budget as bud
from ui import format as fmt
from ui import meeting, shop, state
from ui.charts_budget import curves_chart, curves_frame, scenario_bars, spec, waterfall_chart
from ui.i18n import labels, t
from ui.safe import inert
from ui.widgets import cached, choice, download_buttons, fmt_money, fmt_num, fmt_pct, require

__all__ = ["render"]


def _money0() -> str:
    """Table format of budget amounts: whole units in the shop currency (``¥12,345``)."""
    return fmt.column_format("money", shop.currency(), digits=0)


def _rename_auto(scenarios: dict[str, bud.Scenario]) -> None:
    """The app's own scenarios (current, optimised) are named in this run's language."""
    for old, sc in list(scenarios.items()):
        auto = sc.settings.get("auto")
        if auto in ("current", "optimised") and old != t(f"budget.sc.{auto}"):
            new = t(f"budget.sc.{auto}")
            del scenarios[old]
            scenarios[new] = dataclasses.replace(sc, name=new)


def _spec(kind: str, **params) -> dict:
    """A chart's Vega-Lite spec without data, built (and validated by Altair) once per settings.

    Memoised in-process rather than with ``st.cache_data``, which would pickle a copy out
    on every what-if rerun; Streamlit copies the spec before changing it.
    """
    # meeting mode is part of the key: the charts' text size follows it; the shop's
    # currency, the language and the rise colour write the axes and the waterfall
    params = {**params, "currency": shop.currency(), "lang": state.get_lang()}
    if kind == "waterfall":
        params["rise_fall"] = list(shop.colours())
    return _spec_for(
        json.dumps([kind, meeting.is_on(), params], sort_keys=True, ensure_ascii=False)
    )


@functools.lru_cache(maxsize=256)
def _spec_for(key: str) -> dict:
    kind, _big, params = json.loads(key)
    builder = {"curves": curves_chart, "waterfall": waterfall_chart, "bars": scenario_bars}
    return spec(builder[kind](None, **params))


def render() -> None:

    # --- data source: the spend dataset, or the traffic dataset's spend and revenue
    spend_ds = state.active("spend")
    traffic_ds = state.active("traffic")
    if traffic_ds is not None and not (
        "spend" in traffic_ds.frame
        and "revenue" in traffic_ds.frame
        and pd.to_numeric(traffic_ds.frame["spend"], errors="coerce").fillna(0).gt(0).any()
    ):
        traffic_ds = None
    if spend_ds is None and traffic_ds is None:
        ds = require("spend")
    sources = [k for k, d in (("spend", spend_ds), ("traffic", traffic_ds)) if d is not None]
    if len(sources) > 1:
        src = choice(
            t("budget.source"),
            sources,
            prefix="budget.source",
            default=sources[0],
            key="budget.source",
        )
    else:
        src = sources[0]
    ds = spend_ds if src == "spend" else traffic_ds

    def md(text: object) -> str:
        """User text made safe for a markdown line (no links, no formatting)."""
        return inert(text)

    def err_text(err: bud.BudgetError) -> str:
        params = {k: md(v) if isinstance(v, str) else v for k, v in err.params.items()}
        if err.params.get("problems"):  # each channel's reason in the user's language too
            params["details"] = "; ".join(
                err_text(bud.BudgetError(c, **p)) for c, p in err.params["problems"]
            )
        return t(f"budget.err.{err.code}", **params)

    # --- curve settings
    with st.expander(t("budget.settings")):
        c1, c2, c3 = st.columns(3)
        period = c1.selectbox(
            t("budget.period"),
            ["auto", "W", "M", "none"],
            format_func=labels("budget.period_opt"),
            key="budget.period",
            help=t("budget.period_help"),
        )
        adstock_mode = c2.selectbox(
            t("budget.adstock"),
            ["none", "fit", "set"],
            format_func=labels("budget.adstock"),
            key="budget.adstock",
            help=t("budget.adstock_help"),
        )
        decay = c2.slider(
            t("budget.decay"),
            0.0,
            0.9,
            0.3,
            0.05,
            key="budget.decay",
            disabled=adstock_mode != "set",
        )
        has_revenue = (
            "revenue" in ds.frame
            and pd.to_numeric(ds.frame["revenue"], errors="coerce").notna().any()
        )
        vpc = None
        if not has_revenue and "conversions" in ds.frame:
            vpc = c3.number_input(
                t("budget.vpc"),
                min_value=0.0,
                value=None,
                key="budget.vpc",
                help=t("budget.vpc_help"),
            )
    adstock = {"none": None, "fit": "fit", "set": float(decay)}[adstock_mode]
    if not has_revenue and vpc is None:
        st.warning(t("budget.need_vpc"))
        st.stop()

    try:
        fitted = cached(
            bud.fit_curves, ds, period=period, value_per_conversion=vpc, adstock=adstock
        )
    except bud.BudgetError as err:
        st.error(err_text(err))
        st.stop()

    per = t(f"budget.period.{fitted.period}")
    st.caption(t("budget.intro", period=per))
    st.caption(t("budget.definitions"))
    if fitted.scope == "total":
        st.info(t("budget.total_scope", base=fmt_money(fitted.base, 0)))
    for code, params in fitted.problems.values():
        st.warning(err_text(bud.BudgetError(code, **params)))

    # --- manual curves (new channels without history)
    manual: dict[str, tuple[float, float, float]] = state.get("budget.manual", {})
    with st.expander(t("budget.manual")):
        st.caption(t("budget.manual_help"))
        with st.form("budget.manual_form", clear_on_submit=False, border=False):
            m1, m2, m3, m4 = st.columns(4)
            m_name = m1.text_input(t("budget.manual_name"), key="budget.m_name")
            m_spend = m2.number_input(
                t("budget.manual_spend"), min_value=0.0, value=1000.0, key="budget.m_spend"
            )
            m_roas = m3.number_input(
                t("budget.manual_roas"), min_value=0.0, value=2.0, key="budget.m_roas"
            )
            m_sat = m4.number_input(
                t("budget.manual_sat"), min_value=0.0, value=10000.0, key="budget.m_sat"
            )
            add = st.form_submit_button(t("budget.manual_add"))
        if add:
            name = (m_name or "").strip()
            if not name:
                st.warning(t("budget.manual_noname"))
            elif name in fitted:
                st.warning(t("budget.manual_exists"))
            else:
                try:
                    bud.manual_curve(name, float(m_spend), float(m_roas), float(m_sat))
                except bud.BudgetError as err:
                    st.error(err_text(err))
                else:
                    manual = {**manual, name: (float(m_spend), float(m_roas), float(m_sat))}
                    state.put("budget.manual", manual)
        if manual:
            st.dataframe(
                pd.DataFrame(
                    [(k, *v) for k, v in manual.items()],
                    columns=[
                        t("budget.manual_name"),
                        t("budget.manual_spend"),
                        t("budget.manual_roas"),
                        t("budget.manual_sat"),
                    ],
                ),
                hide_index=True,
                placeholder=fmt.NA,
            )
            if st.button(t("budget.manual_remove"), key="budget.m_remove"):
                manual = {}
                state.put("budget.manual", manual)

    curves = fitted.copy_with({k: bud.manual_curve(k, *v) for k, v in manual.items()})
    channels = list(curves)
    current = bud.current_plan(curves)
    signature = (
        ds.fingerprint,
        period,
        str(adstock),
        str(vpc),
        tuple(channels),
        tuple(sorted(manual.items())),
    )

    # the plan (channel -> spend) is the truth; widgets mirror it
    if state.get("budget.signature") != signature:
        state.put("budget.signature", signature)
        state.put("budget.plan", dict(current))
        state.put("budget.scenarios", {})
        state.put("budget.optimum", None)
        state.put("budget.grid_memo", None)
        state.set_widget("budget.total", float(round(sum(current.values()), 2)))
    pending = state.pop("budget.pending_total")
    if pending is not None:
        state.set_widget("budget.total", pending)
    plan: dict[str, float] = state.get("budget.plan")
    scenarios: dict[str, bud.Scenario] = state.get("budget.scenarios")
    _rename_auto(scenarios)
    cur_name = t("budget.sc.current")
    if not any(s.settings.get("auto") == "current" for s in scenarios.values()):
        scenarios[cur_name] = bud.Scenario(
            cur_name, dict(current), fitted.period, {"auto": "current"}
        )

    def slider_max(ch: str) -> float:
        c = curves[ch]
        top = max(3.0 * c.current, 1.5 * c.spend_max, 1.0)
        mag = 10 ** max(math.floor(math.log10(top)) - 1, -2)
        return float(math.ceil(top / mag) * mag)

    def on_slide(ch: str, key: str) -> None:
        v = float(state.widget(key))
        if state.widget("budget.mode", "amount") == "pct":
            v = current[ch] * (1.0 + v / 100.0)
        state.get("budget.plan")[ch] = max(v, 0.0)

    def set_plan(new: dict[str, float]) -> None:
        state.put("budget.plan", {ch: float(new.get(ch, 0.0)) for ch in channels})

    def pct_of(ch: str) -> float:
        return (plan[ch] / current[ch] - 1.0) * 100.0 if current[ch] > 0 else 0.0

    # --- quality of the curves
    with st.expander(t("budget.quality"), expanded=False):
        rows = []
        for ch, c in curves.items():
            rows.append(
                {
                    t("budget.col.channel"): ch,
                    t("budget.col.form"): t("budget.form.manual")
                    if c.manual
                    else t(f"budget.form.{c.form}"),
                    t("budget.col.r2"): c.r2,
                    t("budget.col.mape"): c.mape,
                    t("budget.col.periods"): c.n_periods,
                    t("budget.col.current"): c.current,
                    t("budget.col.seen_min"): c.spend_min,
                    t("budget.col.seen_max"): c.spend_max,
                    t("budget.col.decay"): c.decay,
                    t("budget.col.saturation"): c.saturation,
                }
            )
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            column_config={
                t("budget.col.r2"): st.column_config.NumberColumn(
                    format="%.2f", help=t("budget.r2_help")
                ),
                t("budget.col.mape"): st.column_config.NumberColumn(
                    format="percent", help=t("budget.r2_help")
                ),
                t("budget.col.current"): st.column_config.NumberColumn(format=_money0()),
                t("budget.col.seen_min"): st.column_config.NumberColumn(format=_money0()),
                t("budget.col.seen_max"): st.column_config.NumberColumn(format=_money0()),
                t("budget.col.saturation"): st.column_config.NumberColumn(format=_money0()),
            },
            placeholder=fmt.NA,
        )
        for ch, c in curves.items():
            for w in c.warnings:
                st.warning(t(f"budget.warn.{w}", channel=md(ch), n=c.n_periods))

    # --- what-if. Mode, total budget, reset and scale change every slider at once and are
    # rare: they rerun the page. The sliders and what they drive rerun alone (a fragment).
    st.subheader(t("budget.whatif"))
    top = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
    choice(
        t("budget.mode"),
        ["amount", "pct"],
        prefix="budget.mode",
        default="amount",
        key="budget.mode",
        where=top[0],
    )
    total = top[1].number_input(
        t("budget.total"),
        min_value=0.0,
        step=100.0,
        key="budget.total",
        help=t("budget.total_help"),
    )
    if top[2].button(t("budget.reset"), key="budget.reset"):
        set_plan(current)
    if top[3].button(t("budget.scale"), key="budget.scale", help=t("budget.scale_help")):
        set_plan(bud.scale_plan(state.get("budget.plan"), float(total or 0.0)))

    @st.fragment
    def whatif() -> None:
        plan = state.get("budget.plan")
        mode = state.widget("budget.mode") or "amount"
        total = state.widget("budget.total")
        cols = st.columns(min(3, len(channels)))
        for i, ch in enumerate(channels):
            key = f"budget.ch.{i}"
            if mode == "pct":
                val = min(max(pct_of(ch) if current[ch] > 0 else 0.0, -100.0), 300.0)
                state.set_widget(key, float(val))
                cols[i % len(cols)].slider(
                    md(ch),
                    -100.0,
                    300.0,
                    step=1.0,
                    format="%+.0f%%",
                    key=key,
                    on_change=on_slide,
                    args=(ch, key),
                    disabled=current[ch] <= 0,
                )
            else:
                hi = slider_max(ch)
                state.set_widget(key, float(min(max(plan[ch], 0.0), hi)))
                cols[i % len(cols)].slider(
                    md(ch),
                    0.0,
                    hi,
                    step=max(hi / 300.0, 0.01),
                    format="%.0f",
                    key=key,
                    on_change=on_slide,
                    args=(ch, key),
                )
        plan = state.get("budget.plan")
        # plain columns, not a DataFrame: this part reruns on every slider move
        ev = bud.evaluate_arrays(curves, plan, baseline=current)
        tot = bud.totals(ev, base=fitted.base)
        plan_sum = tot["spend"]
        if total and abs(plan_sum - total) > 0.005 * max(total, 1.0):
            diff = plan_sum - total
            st.caption(
                t(
                    "budget.plan_vs_budget",
                    plan=fmt_money(plan_sum, 0),
                    budget=fmt_money(total, 0),
                    diff=("+" if diff > 0 else "") + fmt_money(diff, 0),
                )
            )
        m = st.columns(5)
        m[0].metric(
            t("budget.m.spend"),
            fmt_money(plan_sum, 0),
            delta=fmt_money(tot["d_spend"], 0),
            delta_color="off",
        )
        m[1].metric(
            t("budget.m.revenue"),
            fmt_money(tot["revenue_total"], 0),
            delta=fmt_money(tot["d_revenue"], 0),
            delta_color=shop.delta_color(),
            help=t("budget.m.revenue_help"),
        )
        m[2].metric(
            t("budget.m.roas"),
            fmt_num(tot["roas"], 2),
            delta=fmt_num(tot["roas"] - tot["base_roas"], 2) if plan_sum > 0 else None,
            delta_color=shop.delta_color(),
            help=t("budget.definitions"),
        )
        m[3].metric(
            t("budget.m.roi"),
            fmt_pct(tot["roi"]),
            delta=fmt_pct(tot["roi"] - tot["base_roi"]) if plan_sum > 0 else None,
            delta_color=shop.delta_color(),
        )
        m[4].metric(
            t("budget.m.marginal"),
            fmt_num(tot["marginal_roas"], 2),
            help=t("budget.m.marginal_help"),
        )
        for ch, ext in zip(channels, ev["extrapolation"], strict=True):
            if ext > 1.5 and math.isfinite(ext):
                st.warning(t("budget.warn.extrapolate", channel=md(ch), ratio=ext))
        # each shown column once: source column -> (label key, column config, whole units)
        money = st.column_config.NumberColumn(format=_money0())
        shown = {
            "channel": ("budget.col.channel", None, False),
            "spend": ("budget.col.spend", money, True),
            "d_spend": ("budget.col.d_spend", money, True),
            "revenue": ("budget.col.revenue", money, True),
            "d_revenue": ("budget.col.d_revenue", money, True),
            "roas": ("budget.col.roas", st.column_config.NumberColumn(format="%.2f"), False),
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
        st.dataframe(
            pa.table({t(k): np.round(ev[c]) if w else ev[c] for c, (k, _, w) in shown.items()}),
            hide_index=True,
            key="budget.table",
            column_config={t(k): cfg for k, cfg, _ in shown.values() if cfg is not None},
            placeholder=fmt.NA,
        )
        static = state.get("budget.grid_memo")
        if static is None:
            # the curves, bands and history points change only with the data: built once,
            # kept as an Arrow table so a rerun only appends the two markers per channel
            grid = bud.curve_grid(curves, upto={c: slider_max(c) / 1.3 for c in channels})
            static = pa.Table.from_pandas(
                curves_frame(grid, fitted.points, grid.iloc[0:0]), preserve_index=False
            )
            state.put("budget.grid_memo", static)
        n = len(channels)
        marks = pa.table(
            {
                "channel": pa.array(channels + channels, static.schema.field("channel").type),
                "spend": [current[c] for c in channels] + [plan[c] for c in channels],
                "revenue": [float(curves[c].predict(current[c])) for c in channels]
                + ev["revenue"].tolist(),
                "layer": pa.array(["mark"] * (2 * n), static.schema.field("layer").type),
                "kind": [t("budget.chart.point.current")] * n + [t("budget.chart.point.plan")] * n,
                "filled": [False] * n + [True] * n,
            }
        )
        st.markdown(f"**{t('budget.curves')}**", help=t("budget.curves_help"))
        st.vega_lite_chart(
            pa.concat_tables([static, marks], promote_options="default"),
            _spec(
                "curves",
                x_title=t("budget.chart.spend"),
                y_title=t("budget.chart.revenue"),
                columns=min(3, len(channels)),
            ),
            key="budget.curves_chart",
        )

    whatif()
    s1, s2 = st.columns([3, 1], vertical_alignment="bottom")
    name = s1.text_input(t("budget.save_name"), value=t("budget.sc.mine"), key="budget.sc_name")
    if s2.button(t("budget.save"), key="budget.save"):
        nm = (name or "").strip() or t("budget.sc.mine")
        state.get("budget.scenarios")[nm] = bud.Scenario(
            nm, dict(state.get("budget.plan")), fitted.period, {"budget": total}
        )
        state.put("budget.flash", [("success", t("budget.saved", name=md(nm)))])

    # --- optimiser
    st.subheader(t("budget.optimise"))
    g1, g2 = st.columns([2, 1])
    goal = choice(
        t("budget.goal"),
        ["revenue", "profit", "roas"],
        prefix="budget.goal",
        default="revenue",
        key="budget.goal",
        where=g1,
        help=t("budget.goal_help"),
    )
    margin = target = None
    if goal == "profit":
        margin = g2.number_input(t("budget.margin"), 0.01, 1.0, 0.4, 0.05, key="budget.margin")
    elif goal == "roas":
        target = g2.number_input(t("budget.target"), 0.01, 1000.0, 2.0, 0.1, key="budget.target")
    defaults = bud.default_bounds(curves)
    bounds_frame = pd.DataFrame(
        {
            "channel": channels,
            "current": [current[c] for c in channels],
            "low": [defaults[c][0] for c in channels],
            "high": [defaults[c][1] for c in channels],
            "locked": [False] * len(channels),
        }
    )
    st.caption(t("budget.bounds_help"))
    edited = st.data_editor(
        bounds_frame,
        hide_index=True,
        disabled=["channel", "current"],
        key="budget.bounds",
        column_config={
            "channel": st.column_config.TextColumn(t("budget.col.channel")),
            "current": st.column_config.NumberColumn(t("budget.col.current"), format=_money0()),
            "low": st.column_config.NumberColumn(
                t("budget.col.low"), min_value=0.0, format=_money0()
            ),
            "high": st.column_config.NumberColumn(
                t("budget.col.high"), min_value=0.0, format=_money0()
            ),
            "locked": st.column_config.CheckboxColumn(t("budget.col.locked")),
        },
        placeholder=fmt.NA,
    )
    if st.button(t("budget.run"), key="budget.run", type="primary"):
        ed = edited.fillna({"low": 0.0, "high": float("inf"), "locked": False})
        bounds = {r.channel: (float(r.low), float(r.high)) for r in ed.itertuples(index=False)}
        locked = [r.channel for r in ed.itertuples(index=False) if bool(r.locked)]
        try:
            opt = bud.optimize_report(
                curves,
                float(state.widget("budget.total") or 0.0),
                bounds,
                locked=locked,
                goal=goal,
                margin=margin,
                target_roas=target,
            )
        except bud.BudgetError as err:
            st.error(err_text(err))
            state.put("budget.optimum", None)
        else:
            state.put("budget.optimum", opt)
            nm = t("budget.sc.optimised")
            state.get("budget.scenarios")[nm] = bud.Scenario(
                nm, dict(opt.spend), fitted.period, {"auto": "optimised", "goal": goal}
            )

    opt: bud.Optimum | None = state.get("budget.optimum")
    if opt is not None and set(opt.spend) == set(channels):
        o_tab = bud.evaluate(curves, opt.spend, baseline=current)
        o_tot = bud.totals(o_tab, base=fitted.base)
        free = [v for c, v in opt.marginal.items() if opt.binds[c] == "free"]
        st.success(
            t(
                "budget.opt_result",
                revenue=fmt_money(o_tot["revenue_total"], 0),
                delta=fmt_money(o_tot["d_revenue"], 0, signed=True),
                spend=fmt_money(o_tot["spend"], 0),
                lam=fmt_num(free[0], 2) if free else t("common.na"),
            )
        )
        budget_now = float(state.widget("budget.total") or 0.0)
        if not opt.budget_binds and budget_now - opt.budget_used > 0.005 * budget_now:
            st.info(t("budget.opt_unspent", unspent=fmt_money(budget_now - opt.budget_used, 0)))
        if not opt.goal_met:
            st.warning(t("budget.opt_target_missed", target=fmt_num(target, 2)))
        if opt.outside_seen:
            st.warning(t("budget.opt_outside", channels=", ".join(md(c) for c in opt.outside_seen)))
        res = pd.DataFrame(
            {
                t("budget.col.channel"): channels,
                t("budget.col.current"): [round(current[c]) for c in channels],
                t("budget.col.optimised"): [round(opt.spend[c]) for c in channels],
                t("budget.col.change"): [
                    opt.spend[c] / current[c] - 1.0 if current[c] > 0 else float("nan")
                    for c in channels
                ],
                t("budget.col.marginal"): [opt.marginal[c] for c in channels],
                t("budget.col.binds"): [t(f"budget.binds.{opt.binds[c]}") for c in channels],
                t("budget.col.outside"): [c in opt.outside_seen for c in channels],
            }
        )
        st.dataframe(
            res,
            hide_index=True,
            key="budget.opt_table",
            column_config={
                t("budget.col.current"): st.column_config.NumberColumn(format=_money0()),
                t("budget.col.optimised"): st.column_config.NumberColumn(format=_money0()),
                t("budget.col.change"): st.column_config.NumberColumn(format="percent"),
                t("budget.col.marginal"): st.column_config.NumberColumn(format="%.2f"),
            },
            placeholder=fmt.NA,
        )
        wf = bud.waterfall(
            curves,
            current,
            opt.spend,
            start_label=t("budget.wf.current"),
            end_label=t("budget.wf.optimised"),
            base=fitted.base,
        )
        st.markdown(f"**{t('budget.waterfall')}**")
        kinds = {
            "total": t("budget.wf.total"),
            "up": t("budget.wf.up"),
            "down": t("budget.wf.down"),
        }
        st.vega_lite_chart(
            wf.assign(label=wf["kind"].map(kinds)),
            _spec("waterfall", kind_labels=kinds, y_title=t("budget.chart.revenue")),
            key="budget.waterfall_chart",
        )
        if st.button(t("budget.apply"), key="budget.apply"):
            set_plan(opt.spend)
            st.rerun()

    # --- scenarios
    st.subheader(t("budget.scenarios"))
    for kind, note in state.pop("budget.flash") or []:
        (st.success if kind == "success" else st.warning)(note)
    upload = st.file_uploader(t("budget.sc.upload"), type=["json"], key="budget.sc_upload")
    if upload is not None and state.get("budget.uploaded") != upload.file_id:
        state.put("budget.uploaded", upload.file_id)
        try:
            sc = bud.Scenario.from_json(upload.getvalue())
        except bud.BudgetError as err:
            st.error(err_text(err))
        else:
            unknown = [c for c in sc.spend if c not in curves]
            missing = [c for c in channels if c not in sc.spend]
            notes = [("success", t("budget.sc.loaded", name=md(sc.name)))]
            if unknown:
                notes.append(
                    (
                        "warning",
                        t("budget.sc.unknown_channels", channels=", ".join(md(c) for c in unknown)),
                    )
                )
            if missing:
                notes.append(
                    (
                        "warning",
                        t("budget.sc.missing_channels", channels=", ".join(md(c) for c in missing)),
                    )
                )
            scenarios[sc.name] = sc
            set_plan(sc.spend)
            if isinstance(sc.settings.get("budget"), int | float):
                state.put("budget.pending_total", float(sc.settings["budget"]))
            state.put("budget.flash", notes)
            st.rerun()
    names = list(scenarios)
    # new scenarios join the comparison; vanished ones leave it
    shown = state.widget("budget.sc_pick")
    if shown is not None:
        known = state.get("budget.sc_known", [])
        keep = [n for n in shown if n in scenarios] + [n for n in names if n not in known]
        if keep != shown:
            state.set_widget("budget.sc_pick", keep)
    state.put("budget.sc_known", names)
    picked = st.multiselect(t("budget.sc.pick"), names, default=names, key="budget.sc_pick")
    if not picked:
        st.info(t("budget.sc.none"))
    else:
        total_label = t("budget.total_row")
        # the comparison depends on the scenarios only, not on the live plan: kept per session
        memo_key = (
            signature,
            total_label,
            tuple((n, tuple(scenarios[n].spend.items())) for n in picked),
        )
        memo = state.get("budget.sc_memo")
        if memo is None or memo[0] != memo_key:
            comp = bud.compare_scenarios(
                curves, [scenarios[n] for n in picked], total_label=total_label, base=fitted.base
            )
            wide = comp.pivot_table(
                index="channel", columns="scenario", values=["spend", "revenue", "roas"], sort=False
            )
            wide = wide.reindex(
                columns=pd.MultiIndex.from_product([["spend", "revenue", "roas"], picked])
            )
            wide.columns = [f"{t(f'budget.metric.{m}')} · {s}" for m, s in wide.columns]
            wide = (
                wide.reindex([*channels, total_label])
                .reset_index()
                .rename(columns={"channel": t("budget.col.channel")})
            )
            wide = wide.round(2)
            memo = (memo_key, comp, wide)
            state.put("budget.sc_memo", memo)
        _, comp, wide = memo
        roas_head = f"{t('budget.metric.roas')} · "
        st.dataframe(
            wide,
            hide_index=True,
            key="budget.sc_table",
            placeholder=fmt.NA,
            column_config={  # spend and revenue in whole units of the currency, ROAS 2 decimals
                c: st.column_config.NumberColumn(
                    format="%.2f" if c.startswith(roas_head) else _money0()
                )
                for c in wide.columns[1:]
            },
        )
        metric = choice(
            t("budget.sc.metric"),
            ["spend", "revenue", "roas"],
            prefix="budget.metric",
            default="revenue",
            key="budget.sc_metric",
        )
        bars = comp[comp["channel"] != total_label]
        st.vega_lite_chart(
            bars.assign(
                ch_order=bars["channel"].map({c: i for i, c in enumerate(channels)}),
                sc_order=bars["scenario"].map({n: i for i, n in enumerate(picked)}),
            ),
            _spec(
                "bars",
                metric=metric,
                y_title=t(f"budget.metric.{metric}"),
                scenario_title=t("budget.col.scenario"),
            ),
            key="budget.sc_chart",
        )
        download_buttons({"comparison": wide, "long": comp}, "budget_scenarios", key="budget.sc_dl")
    d1, d2 = st.columns([2, 1], vertical_alignment="bottom")
    which = d1.selectbox(t("budget.sc.which"), names, key="budget.sc_which")
    if which in scenarios:
        d2.download_button(
            t("budget.sc.download"),
            data=scenarios[which].to_json().encode("utf-8"),
            file_name="budget_scenario.json",
            mime="application/json",
            key="budget.sc_json",
            icon=":material/download:",
        )
