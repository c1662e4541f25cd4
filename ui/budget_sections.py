"""The budget page's sections: data source, curve settings, manual curves, curve quality.

``views/budget.py`` routes; the what-if, optimiser and scenarios are in
``ui/budget_plan.py``. Every section takes the page's :class:`BudgetContext`
(sections drawn before the curves are known take what they need).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

import pandas as pd
import streamlit as st

from analytics import budget as bud
from analytics.schema import Dataset
from ui import format as fmt
from ui import meeting, shop, state
from ui.charts_budget import curves_chart, scenario_bars, spec, waterfall_chart
from ui.i18n import labels, t
from ui.safe import inert
from ui.widgets import cached, choice_for, fmt_money, require, table

__all__ = [
    "BudgetContext",
    "CurveSettings",
    "build_context",
    "chart_spec",
    "curve_settings",
    "err_text",
    "fit",
    "manual_section",
    "money0",
    "pick_source",
    "quality_section",
]


@dataclasses.dataclass(frozen=True)
class CurveSettings:
    """How the curves are fitted: period, adstock (None, "fit" or a decay), value per conversion."""

    period: str
    adstock: Any
    vpc: float | None


@dataclasses.dataclass(frozen=True)
class BudgetContext:
    """What every budget section reads: the fitted and manual curves and the current plan."""

    ds: Dataset
    settings: CurveSettings
    fitted: bud.Curves
    curves: bud.Curves
    channels: list[str]
    current: dict[str, float]
    signature: tuple


def money0() -> str:
    """Table format of budget amounts: whole units in the shop currency (``¥12,345``)."""
    return fmt.column_format("money", shop.currency(), digits=0)


def err_text(err: bud.BudgetError) -> str:
    """A budget error in the user's language, its user values inert, each channel's reason too."""
    currency = shop.currency()
    params = {
        k: fmt.money(v, currency)
        if k in bud.BudgetError.MONEY and isinstance(v, int | float)
        else inert(v)
        if isinstance(v, str)
        else v
        for k, v in err.params.items()
    }
    if err.params.get("problems"):
        params["details"] = "; ".join(
            err_text(bud.BudgetError(c, **p)) for c, p in err.params["problems"]
        )
    return t(f"budget.err.{err.code}", **params)


def chart_spec(kind: str, **params) -> dict:
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


def pick_source() -> Dataset:
    """The spend dataset, or the traffic dataset's spend and revenue (a choice when both)."""
    spend_ds = state.active("spend")
    traffic_ds = state.active("traffic")
    if traffic_ds is not None and not bud.spend_source_usable(traffic_ds.frame):
        traffic_ds = None
    if spend_ds is None and traffic_ds is None:
        require("spend")
    sources = [k for k, d in (("spend", spend_ds), ("traffic", traffic_ds)) if d is not None]
    src = sources[0]
    if len(sources) > 1:
        src = choice_for("budget.source", sources, src)
    return spend_ds if src == "spend" else traffic_ds


def curve_settings(ds: Dataset) -> CurveSettings:
    """The curve settings expander; stops the page when conversions need a value each."""
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
        has_revenue = bud.has_revenue(ds.frame)
        vpc = None
        if not has_revenue and "conversions" in ds.frame:
            vpc = c3.number_input(
                t("budget.vpc"),
                min_value=0.0,
                value=None,
                key="budget.vpc",
                help=t("budget.vpc_help"),
            )
    if not has_revenue and vpc is None:
        st.warning(t("budget.need_vpc"))
        st.stop()
    adstock = {"none": None, "fit": "fit", "set": float(decay)}[adstock_mode]
    return CurveSettings(period, adstock, vpc)


def fit(ds: Dataset, cs: CurveSettings) -> bud.Curves:
    """The fitted curves (the page stops on an error), then the intro and the fit's notes."""
    try:
        fitted = cached(
            bud.fit_curves, ds, period=cs.period, value_per_conversion=cs.vpc, adstock=cs.adstock
        )
    except bud.BudgetError as err:
        st.error(err_text(err))
        st.stop()
    st.caption(t("budget.intro", period=t(f"budget.period.{fitted.period}")))
    st.caption(t("budget.definitions"))
    if fitted.scope == "total":
        st.info(t("budget.total_scope", base=fmt_money(fitted.base, 0)))
    for code, params in fitted.problems.values():
        st.warning(err_text(bud.BudgetError(code, **params)))
    return fitted


def _manual_form() -> tuple[str, float, float, float, bool]:
    with st.form("budget.manual_form", clear_on_submit=False, border=False):
        m1, m2, m3, m4 = st.columns(4)
        name = m1.text_input(t("budget.manual_name"), key="budget.m_name")
        spend = m2.number_input(
            t("budget.manual_spend"), min_value=0.0, value=1000.0, key="budget.m_spend"
        )
        roas = m3.number_input(
            t("budget.manual_roas"), min_value=0.0, value=2.0, key="budget.m_roas"
        )
        sat = m4.number_input(
            t("budget.manual_sat"), min_value=0.0, value=10000.0, key="budget.m_sat"
        )
        add = st.form_submit_button(t("budget.manual_add"))
    return (name or "").strip(), float(spend), float(roas), float(sat), add


def manual_section(fitted: bud.Curves) -> dict[str, tuple[float, float, float]]:
    """Manual curves for new channels without history; returns name -> (spend, ROAS, saturation)."""
    manual: dict[str, tuple[float, float, float]] = state.get("budget.manual", {})
    with st.expander(t("budget.manual")):
        st.caption(t("budget.manual_help"))
        name, spend, roas, sat, add = _manual_form()
        if add and not name:
            st.warning(t("budget.manual_noname"))
        elif add and name in fitted:
            st.warning(t("budget.manual_exists"))
        elif add:
            try:
                bud.manual_curve(name, spend, roas, sat)
            except bud.BudgetError as err:
                st.error(err_text(err))
            else:
                manual = {**manual, name: (spend, roas, sat)}
                state.put("budget.manual", manual)
        if manual:
            heads = ["budget.manual_name", "budget.manual_spend", "budget.manual_roas"]
            heads = [t(h) for h in [*heads, "budget.manual_sat"]]
            table(pd.DataFrame([(k, *v) for k, v in manual.items()], columns=heads))
            if st.button(t("budget.manual_remove"), key="budget.m_remove"):
                manual = {}
                state.put("budget.manual", manual)
    return manual


def build_context(
    ds: Dataset, cs: CurveSettings, fitted: bud.Curves, manual: dict
) -> BudgetContext:
    """The page's context; a new signature (data, settings, channels) resets the plan state."""
    curves = fitted.copy_with({k: bud.manual_curve(k, *v) for k, v in manual.items()})
    channels = list(curves)
    current = bud.current_plan(curves)
    signature = (
        ds.fingerprint,
        cs.period,
        str(cs.adstock),
        str(cs.vpc),
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
    return BudgetContext(ds, cs, fitted, curves, channels, current, signature)


def _quality_rows(ctx: BudgetContext) -> pd.DataFrame:
    rows = []
    for ch, c in ctx.curves.items():
        form = t("budget.form.manual") if c.manual else t(f"budget.form.{c.form}")
        values = [ch, form, c.r2, c.mape, c.n_periods, c.current, c.spend_min, c.spend_max]
        values += [c.decay, c.saturation]
        rows.append(values)
    heads = ["channel", "form", "r2", "mape", "periods", "current", "seen_min", "seen_max"]
    return pd.DataFrame(
        rows, columns=[t(f"budget.col.{h}") for h in [*heads, "decay", "saturation"]]
    )


def quality_section(ctx: BudgetContext) -> None:
    """How well each curve fits the history, and each curve's warnings."""
    with st.expander(t("budget.quality"), expanded=False):
        number, money = st.column_config.NumberColumn, money0()
        fit = {"r2": "%.2f", "mape": "percent"}
        colcfg = {
            t(f"budget.col.{c}"): number(format=f, help=t("budget.r2_help")) for c, f in fit.items()
        }
        amounts = ("current", "seen_min", "seen_max", "saturation")
        colcfg |= {t(f"budget.col.{c}"): number(format=money) for c in amounts}
        table(_quality_rows(ctx), column_config=colcfg)
        for ch, c in ctx.curves.items():
            for w in c.warnings:
                st.warning(t(f"budget.warn.{w}", channel=inert(ch), n=c.n_periods))
