"""The Experiments page's controls and sections (views/experiments.py is the router): the
reading's controls, the verdict, the reading, the days, the planning card and the method.
Sections take the page's ExperimentsContext."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from analytics import experiments as ex
from ui import format as fmt
from ui import shop, state
from ui.charts_experiments import interval_chart, sequence_chart
from ui.experiments_inputs import warn
from ui.i18n import t
from ui.memory import CACHE_TTL
from ui.safe import inert
from ui.widgets import choice_for, download_buttons, fmt_money, fmt_num, fmt_pct, table, titles

__all__ = [
    "ExperimentsContext",
    "controls",
    "verdict_box",
    "reading_section",
    "time_section",
    "method_section",
]

ALPHAS = [0.1, 0.05, 0.01]


@dataclass(frozen=True)
class ExperimentsContext:
    """What the tabs share: the experiment read (None without one), its verdict and the
    settings picked."""

    data: ex.ExperimentData | None
    reading: ex.Reading | None
    verdict: ex.Verdict | None
    alpha: float
    mde: float


def controls(data: ex.ExperimentData | None) -> ExperimentsContext:
    """Control, significance, revenue interval, planned split and the smallest lift worth
    shipping; the reading and verdict for them."""
    c = st.columns(3) + st.columns(3)
    alpha = choice_for("experiments.alpha", ALPHAS, 0.05, where=c[1])
    mde = (
        c[4].number_input(
            t("experiments.mde"),
            min_value=0.5,
            max_value=200.0,
            value=ex.DEFAULT_MDE * 100,
            step=0.5,
            key="experiments.mde",
            help=t("experiments.help.mde"),
        )
        / 100
    )
    if data is None:
        return ExperimentsContext(None, None, None, alpha, mde)
    names = data.summary["variant"].astype(str).tolist()
    control = c[0].selectbox(
        t("experiments.control"),
        names,
        index=names.index(ex.default_control(names)),
        key="experiments.control",
        format_func=str,
    )
    method = choice_for(
        "experiments.rpu",
        ["welch", "bootstrap"],
        "welch",
        where=c[2],
        help=t("experiments.help.rpu"),
    )
    split = c[3].text_input(
        t("experiments.split"),
        key="experiments.split",
        placeholder="50/50",
        help=t("experiments.help.split"),
    )
    try:
        expected = ex.parse_split(split, len(names))
        reading = _read(data, control, alpha, method, expected)
    except ValueError as err:
        warn(err)
        return ExperimentsContext(data, None, None, alpha, mde)
    v = ex.verdict(reading, mde=mde, per_arm=ex.planned_users(reading, mde))
    return ExperimentsContext(data, reading, v, alpha, mde)


def _read(data: ex.ExperimentData, control: str, alpha: float, method: str, expected):
    # the summary and daily counts (small) are the key; per-user values are never hashed
    args = (data.summary, data.daily, data.mixed, control, alpha, method, expected)
    return _read_cached(*args, data)


@st.cache_data(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _read_cached(summary, daily, mixed, control, alpha, method, expected, _data) -> ex.Reading:
    return ex.read(_data, control, alpha=alpha, rpu_method=method, expected=expected)


def verdict_text(v: ex.Verdict) -> tuple[str, list[str]]:
    """The verdict's headline and its reasons in the session's language."""
    head = t(f"experiments.verdict.{v.code}", variant=inert(v.variant or ""))
    reasons = [t(f"experiments.reason.{code}", **_inert(params)) for code, params in v.reasons]
    return head, reasons


def _inert(params: dict[str, str]) -> dict[str, str]:
    return {k: inert(p) for k, p in params.items()}


def verdict_box(ctx: ExperimentsContext) -> None:
    """The verdict in plain words (colour by code), its reasons as a list."""
    if ctx.verdict is None:
        return
    head, reasons = verdict_text(ctx.verdict)
    money = ex.revenue_figures(ctx.reading, ctx.verdict.variant)
    if money is not None and ctx.verdict.code != "fix_assignment":  # no figure is trusted then
        signed = {k: fmt_money(money[k], signed=True) for k in ("diff", "low", "high")}
        reasons.insert(-1, t("experiments.reason.rpu", variant=inert(money["variant"]), **signed))
    body = f"**{t('experiments.verdict.line', verdict=head)}**\n\n" + "\n".join(
        f"- {r}" for r in reasons
    )
    show = {"ship": st.success, "fix_assignment": st.error, "stop_no_effect": st.warning}
    show.get(ctx.verdict.code, st.info)(body)


def _metrics(r: ex.Reading) -> None:
    t_ = r.table
    m = st.columns(4)
    m[0].metric(t("experiments.m.users"), fmt_num(t_["users"].sum()))
    srm = "experiments.m.srm_bad" if r.srm_blocked else "experiments.m.srm_ok"
    m[1].metric(
        t("experiments.m.srm"),
        t(srm),
        f"p = {r.srm_p:.3f}",
        delta_color="off",
        delta_arrow="off",
        help=t("experiments.help.srm"),
    )
    best = t_.iloc[1:].loc[t_.iloc[1:]["diff"].idxmax()] if len(t_) > 1 else None
    if best is not None:
        m[2].metric(
            t("experiments.m.best"),
            str(best["variant"]),
            fmt_pct(best["lift"]),
            delta_color=shop.delta_color(),
        )
        m[3].metric(t("experiments.m.chance"), chance(best["chance_to_beat"]))


def chance(x: float) -> str:
    """A probability from Monte Carlo draws: never "100.0%" nor "0.0%"."""
    if np.isfinite(x) and x > 0.999:
        return "> 99.9%"
    if np.isfinite(x) and x < 0.001:
        return "< 0.1%"
    return fmt_pct(x)


def _interval(lo: float, hi: float, money: bool = False) -> str:
    f = fmt_money if money else (lambda x: fmt.pct(x, 1, signed=True))
    return f"{f(lo)} … {f(hi)}"


# the reading table's columns, the most read first (meeting mode shows those that fit)
COLUMNS = (
    "variant",
    "users",
    "rate",
    "lift",
    "cs",
    "beat",
    "rpu",
    "rpu_diff",
    "conversions",
    "rate_ci",
    "lift_ci",
    "p",
    "p_adj",
    "loss",
    "rpu_ci",
)


def _row(x: pd.Series) -> dict[str, str]:
    """One variant's figures written out (intervals as "low … high"; the control's lifts —)."""
    ctl = bool(x["control"])
    out = {
        "variant": str(x["variant"]) + (f" ({t('experiments.col.control')})" if ctl else ""),
        "users": fmt_num(x["users"]),
        "conversions": fmt_num(x["conversions"]),
        "rate": fmt.pct(x["rate"], 2),
        "rate_ci": f"{fmt.pct(x['rate_low'], 2)} … {fmt.pct(x['rate_high'], 2)}",
        "rpu": fmt_money(x["rpu"]),
        "rpu_ci": _interval(x["rpu_low"], x["rpu_high"], True),
    }
    if ctl:
        return out
    diff = x["rpu_diff"]
    return out | {
        "lift": fmt.pct(x["lift"], 1, signed=True),
        "lift_ci": _interval(x["lift_low"], x["lift_high"]),
        "cs": _interval(x["cs_lift_low"], x["cs_lift_high"]),
        "p": f"{x['p_value']:.4f}",
        "p_adj": f"{x['p_adjusted']:.4f}",
        "beat": chance(x["chance_to_beat"]),
        "loss": fmt.pp(x["expected_loss"], state.get_lang(), 2),
        "rpu_diff": fmt.NA
        if not np.isfinite(diff)
        else f"{fmt_money(diff, signed=True)} "
        f"({_interval(x['rpu_diff_low'], x['rpu_diff_high'], True)})",
    }


def reading_frame(r: ex.Reading) -> pd.DataFrame:
    """The reading's table as shown: one row per variant, intervals written out."""
    rows = [_row(x) for _, x in r.table.iterrows()]
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).fillna(fmt.NA)
    return frame.rename(columns={c: t(f"experiments.col.{c}") for c in COLUMNS})


def reading_section(ctx: ExperimentsContext) -> None:
    """Metrics, the per-variant table, the rate and lift interval charts, the methods."""
    r = ctx.reading
    if r is None:
        st.info(t("experiments.no_reading"))
        return
    _metrics(r)
    if r.mixed:
        st.caption(t("experiments.mixed", n=fmt_num(r.mixed)))
    shown = reading_frame(r)
    table(shown, width="stretch")
    c = st.columns(2)
    names = titles("experiments.col", variant_title="variant")
    c[0].markdown(f"**{t('experiments.chart.rates')}**")
    c[0].altair_chart(
        interval_chart(
            r.table,
            value="rate",
            low="rate_low",
            high="rate_high",
            value_title=t("experiments.col.rate"),
            **names,
        ),
        width="stretch",
    )
    others = r.table.iloc[1:]
    c[1].markdown(f"**{t('experiments.chart.lifts')}**")
    c[1].altair_chart(
        interval_chart(
            others,
            value="lift",
            low="cs_lift_low",
            high="cs_lift_high",
            zero=True,
            value_title=t("experiments.col.lift"),
            extra=("lift_low", "lift_high", t("experiments.chart.fixed")),
            **names,
        ),
        width="stretch",
    )
    c[1].caption(t("experiments.chart.lift_caption"))
    level = fmt_pct(1 - r.alpha, 0)
    st.caption(
        t(
            "experiments.reading_caption",
            level=level,
            rpu=t(f"experiments.rpu_method.{r.rpu_method}"),
        )
    )
    download_buttons(shown, "experiment", key="experiments.download")


def time_section(ctx: ExperimentsContext) -> None:
    """The always-valid interval of the difference, day by day."""
    r = ctx.reading
    if r is None:
        st.info(t("experiments.no_reading"))
        return
    if r.sequence.empty or ctx.data is None or ctx.data.start is None:
        st.info(t("experiments.time_needs_events"))
        return
    d = ctx.data
    days = (d.end.normalize() - d.start).days + 1
    st.caption(
        t("experiments.period", start=f"{d.start:%Y-%m-%d}", end=f"{d.end:%Y-%m-%d}", days=days)
    )
    names = titles("experiments.col", day_title="day", diff_title="diff", variant_title="variant")
    chart = sequence_chart(
        r.sequence,
        band_title=t("experiments.chart.always"),
        fixed_title=t("experiments.chart.fixed"),
        domain=ex.sequence_domain(r.sequence),
        **names,
    )
    st.altair_chart(chart, width="stretch")
    st.caption(t("experiments.time_caption"))


def method_section(ctx: ExperimentsContext) -> None:
    """The definitions and methods, stated."""
    st.markdown(t("experiments.method.text"))
