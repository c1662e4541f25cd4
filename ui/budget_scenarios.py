"""The budget page's scenarios: the app's own (current, optimised), loaded, compared, saved."""

from __future__ import annotations

import dataclasses

import streamlit as st

from analytics import budget as bud
from ui import state
from ui.budget_sections import BudgetContext, chart_spec, err_text, money0
from ui.i18n import t
from ui.safe import inert
from ui.widgets import choice, download_buttons, table

__all__ = ["name_scenarios", "scenarios_section"]


def name_scenarios(ctx: BudgetContext) -> None:
    """The session's scenarios: the app's own named in this run's language, "current" always in
    (before any section adds one)."""
    found: dict[str, bud.Scenario] = state.get("budget.scenarios")
    for old, sc in list(found.items()):
        auto = sc.settings.get("auto")
        if auto in ("current", "optimised") and old != t(f"budget.sc.{auto}"):
            new = t(f"budget.sc.{auto}")
            del found[old]
            found[new] = dataclasses.replace(sc, name=new)
    if not any(s.settings.get("auto") == "current" for s in found.values()):
        name = t("budget.sc.current")
        found[name] = bud.Scenario(name, dict(ctx.current), ctx.fitted.period, {"auto": "current"})


def _channel_notes(sc: bud.Scenario, channels: list[str]) -> list[tuple[str, str]]:
    unknown, missing = bud.plan_differences(sc.spend, channels)
    notes = [("success", t("budget.sc.loaded", name=inert(sc.name)))]
    for key, names in (("unknown", unknown), ("missing", missing)):
        if names:
            listed = ", ".join(inert(c) for c in names)
            notes.append(("warning", t(f"budget.sc.{key}_channels", channels=listed)))
    return notes


def _upload(ctx: BudgetContext, found: dict[str, bud.Scenario]) -> None:
    upload = st.file_uploader(t("budget.sc.upload"), type=["json"], key="budget.sc_upload")
    if upload is None or state.get("budget.uploaded") == upload.file_id:
        return
    state.put("budget.uploaded", upload.file_id)
    try:
        sc = bud.Scenario.from_json(upload.getvalue())
    except bud.BudgetError as err:
        st.error(err_text(err))
        return
    found[sc.name] = sc
    state.put("budget.plan", {ch: float(sc.spend.get(ch, 0.0)) for ch in ctx.channels})
    if isinstance(sc.settings.get("budget"), int | float):
        state.put("budget.pending_total", float(sc.settings["budget"]))
    state.put("budget.flash", _channel_notes(sc, ctx.channels))
    st.rerun()


def _picked(found: dict[str, bud.Scenario]) -> list[str]:
    names = list(found)
    # new scenarios join the comparison; vanished ones leave it
    shown = state.widget("budget.sc_pick")
    if shown is not None:
        known = state.get("budget.sc_known", [])
        keep = [n for n in shown if n in found] + [n for n in names if n not in known]
        if keep != shown:
            state.set_widget("budget.sc_pick", keep)
    state.put("budget.sc_known", names)
    return st.multiselect(
        t("budget.sc.pick"),
        names,
        default=names,
        key="budget.sc_pick",
        placeholder=t("common.choose"),
    )


def _comparison(ctx: BudgetContext, found: dict[str, bud.Scenario], picked: list[str]):
    total_label = t("budget.total_row")
    # the comparison depends on the scenarios only, not on the live plan: kept per session
    memo_key = (
        ctx.signature,
        total_label,
        tuple((n, tuple(found[n].spend.items())) for n in picked),
    )
    memo = state.get("budget.sc_memo")
    if memo is None or memo[0] != memo_key:
        comp = bud.compare_scenarios(
            ctx.curves, [found[n] for n in picked], total_label=total_label, base=ctx.fitted.base
        )
        wide = bud.compare_wide(comp, ctx.channels, picked, total_label)
        wide.columns = [f"{t(f'budget.metric.{m}')} · {s}" for m, s in wide.columns]
        wide = wide.reset_index().rename(columns={"channel": t("budget.col.channel")})
        memo = (memo_key, comp, wide)
        state.put("budget.sc_memo", memo)
    return memo[1], memo[2], total_label


def _compare(ctx: BudgetContext, found: dict[str, bud.Scenario], picked: list[str]) -> None:
    comp, wide, total_label = _comparison(ctx, found, picked)
    roas_head = f"{t('budget.metric.roas')} · "
    table(
        wide,
        key="budget.sc_table",
        column_config={  # spend and revenue in whole units of the currency, ROAS 2 decimals
            c: st.column_config.NumberColumn(format="%.2f" if c.startswith(roas_head) else money0())
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
    titles = {"y_title": t(f"budget.metric.{metric}"), "scenario_title": t("budget.col.scenario")}
    st.vega_lite_chart(
        bud.compare_bars(comp, ctx.channels, picked, total_label),
        chart_spec("bars", metric=metric, **titles),
        key="budget.sc_chart",
    )
    download_buttons({"comparison": wide, "long": comp}, "budget_scenarios", key="budget.sc_dl")


def scenarios_section(ctx: BudgetContext) -> None:
    """Load a scenario file, compare the picked scenarios, download one as JSON."""
    found: dict[str, bud.Scenario] = state.get("budget.scenarios")
    st.subheader(t("budget.scenarios"))
    for kind, note in state.pop("budget.flash") or []:
        (st.success if kind == "success" else st.warning)(note)
    _upload(ctx, found)
    picked = _picked(found)
    if not picked:
        st.info(t("budget.sc.none"))
    else:
        _compare(ctx, found, picked)
    d1, d2 = st.columns([2, 1], vertical_alignment="bottom")
    which = d1.selectbox(t("budget.sc.which"), list(found), key="budget.sc_which")
    if which in found:
        d2.download_button(
            t("budget.sc.download"),
            data=found[which].to_json().encode("utf-8"),
            file_name="budget_scenario.json",
            mime="application/json",
            key="budget.sc_json",
            icon=":material/download:",
        )
