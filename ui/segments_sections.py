"""The segments page's settings and sections: overview, named segments, score edges, movement.

``views/segments.py`` routes; k-means and the customer export are in ``ui/segments_kmeans.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from analytics import rfm
from analytics.schema import Dataset
from ui import format as fmt
from ui import shop, state
from ui.charts_segments import rf_grid, segment_bars, transition_heatmap
from ui.i18n import t
from ui.safe import user_error
from ui.widgets import choice, fmt_money, fmt_num, fmt_pct, table, titles

__all__ = [
    "SegmentsContext",
    "columns",
    "definitions",
    "fail",
    "movement_section",
    "overview_section",
    "rename",
    "scores_section",
    "seg_label",
    "segments_section",
    "settings",
]


@dataclasses.dataclass(frozen=True)
class SegmentsContext:
    """What every segments section reads: the data, the settings and the analysis."""

    ds: Dataset
    as_of: pd.Timestamp
    params: dict[str, Any]  # bins, frequency, monetary, threshold (rfm.analyse's settings)
    scheme: str  # "rf" or "value"
    an: rfm.RFMAnalysis | None = None

    @property
    def seg_col(self) -> str:
        return "rf_segment" if self.scheme == "rf" else "value_segment"

    @property
    def summary(self) -> pd.DataFrame:
        return self.an.summary_rf if self.scheme == "rf" else self.an.summary_value


def fail(err: Exception) -> None:
    """A failure shown to the user: what to fix for a ValueError, else its type only."""
    if isinstance(err, ValueError):
        st.warning(t("segments.cannot", error=user_error(err)))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


def seg_label(key: str) -> str:
    return t(f"segments.seg.{key}")


def rename(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"segments.col.{c}") for c in frame.columns})


def columns() -> dict[str, Any]:
    """The column formats of the page's tables: percent, money (shop currency), one decimal."""
    return {
        "pct": st.column_config.NumberColumn(format="percent"),
        "money": st.column_config.NumberColumn(format=fmt.column_format("money", shop.currency())),
        "one": st.column_config.NumberColumn(format="%.1f"),
    }


# segmented controls of the settings rows: key, label, options, option prefix, default, help
_CONTROLS = (
    ("bins", "segments.bins", [5, 4, 3], None, 5, "segments.bins_help"),
    ("freq", "segments.freq_mode", ["orders", "days"], "segments.freq", "orders",
     "segments.def.frequency"),
    ("mon", "segments.mon_mode", ["net", "aov"], "segments.mon", "net", "segments.def.monetary"),
    ("scheme", "segments.scheme", ["rf", "value"], "segments.scheme", "rf", None),
    ("threshold", "segments.threshold", ["mean", "median"], "segments.threshold", "mean", None),
)  # fmt: skip


def _previous(where, as_of: pd.Timestamp, first_day: pd.Timestamp) -> pd.Timestamp | None:
    # the comparison date follows the analysis date (7 days earlier) until the user picks one
    lo, hi, default = (d.date() for d in rfm.compare_window(as_of, first_day))
    current = state.widget("segments.previous")
    if state.get("segments.previous_for") != as_of or not (
        isinstance(current, dt.date) and lo <= current <= hi
    ):
        state.set_widget("segments.previous", default)
        state.put("segments.previous_for", as_of)
    prev_day = where.date_input(
        t("segments.previous"),
        min_value=lo,
        max_value=hi,
        key="segments.previous",
        help=t("segments.previous_help"),
    )
    prev = pd.Timestamp(prev_day) if prev_day else None
    if prev is not None and prev >= as_of:
        st.warning(t("segments.previous_invalid"))
        prev = None
    return prev


def settings(
    ds: Dataset, default_day: pd.Timestamp, first_day: pd.Timestamp
) -> tuple[SegmentsContext, pd.Timestamp | None]:
    """The settings rows; returns the context (without analysis) and the comparison date."""
    row = st.columns([1.1, 0.8, 1.2, 1.5]) + st.columns([1.5, 0.9, 1.2, 1.0])
    as_of_day = row[0].date_input(
        t("segments.as_of"),
        value=default_day.date(),
        min_value=(first_day + pd.Timedelta(days=1)).date(),
        max_value=max(default_day.date(), dt.date.today()),
        key="segments.as_of",
        help=t("segments.as_of_help"),
    )
    picked = {}
    for where, (key, label, options, prefix, default, help_key) in zip(
        row[1:6], _CONTROLS, strict=True
    ):
        extra = {"help": t(help_key)} if help_key else {}
        picked[key] = choice(
            t(label),
            options,
            prefix=prefix,
            default=default,
            key=f"segments.{key}",
            where=where,
            **extra,
        )
    as_of = pd.Timestamp(as_of_day or default_day)
    params = {"bins": picked["bins"], "frequency": picked["freq"], "monetary": picked["mon"]}
    params["threshold"] = picked["threshold"]
    prev = _previous(row[6], as_of, first_day)
    return SegmentsContext(ds, as_of, params, picked["scheme"]), prev


def definitions() -> None:
    with st.expander(t("segments.definitions")):
        st.markdown(
            f"- {t('segments.def.recency')}\n- {t('segments.def.frequency')}\n"
            f"- {t('segments.def.monetary')}\n- {t('segments.bins_help')}"
        )


def overview_section(ctx: SegmentsContext) -> None:
    """Customers scored, lines without a customer, customers set apart, the Pareto share."""
    an = ctx.an
    m = st.columns(4)
    m[0].metric(
        t("segments.m.customers"), fmt_num(len(an.scored)), help=t("segments.m.customers_help")
    )
    orders = fmt_num(an.rfm.orders_without_customer)
    m[1].metric(
        t("segments.m.no_customer"),
        fmt_num(an.rfm.lines_without_customer),
        help=t("segments.m.no_customer_help", orders=orders),
    )
    m[2].metric(t("segments.m.apart"), fmt_num(len(an.apart)), help=t("segments.m.apart_help"))
    m[3].metric(t("segments.m.pareto"), fmt_pct(an.pareto), help=t("segments.m.pareto_help"))
    if an.fallback_metrics:
        metrics = ", ".join(t(f"segments.metric.{k}") for k in an.fallback_metrics)
        st.info(t("segments.fallback", metrics=metrics))
    if len(an.apart):
        money = columns()["money"]
        with st.expander(t("segments.apart_title", n=fmt_num(len(an.apart)))):
            st.caption(t("segments.apart_caption"))
            colcfg = {t("segments.col.monetary"): money, t("segments.col.net_spend"): money}
            table(rename(an.apart.reset_index()), column_config=colcfg)


def _segment_side(ctx: SegmentsContext) -> None:
    an = ctx.an
    if ctx.scheme == "rf":
        st.markdown(f"**{t('segments.chart.grid')}**")
        grid = an.grid.assign(label=an.grid["segment"].map(seg_label))
        names = titles("segments.col", r_title="r_score", f_title="f_score")
        names |= titles("segments.col", customers_title="customers", segment_title="segment")
        st.altair_chart(rf_grid(grid, **names), width="stretch")
        st.caption(t("segments.grid_caption"))
        return
    thr, threshold = an.thresholds, ctx.params["threshold"]
    st.caption(
        t(
            "segments.value_caption",
            threshold=t(f"segments.threshold.{threshold}").lower(),
            threshold_cap=t(f"segments.threshold.{threshold}"),
            r=fmt_num(thr.get("recency_days"), 1),
            f=fmt_num(thr.get("frequency"), 2),
            m=fmt_money(thr.get("monetary")),
        )
    )


_SEGMENT_COLS = ["label", "customers", "share", "revenue", "revenue_share", "recency_mean"]
_SEGMENT_COLS += ["frequency_mean", "monetary_mean", "description", "action"]


def segments_section(ctx: SegmentsContext) -> None:
    """Named segments: the Pareto line, share bars, the R x F grid (or value thresholds), table."""
    summary = ctx.summary
    st.markdown(f"**{t('segments.pareto_line', share=fmt_pct(ctx.an.pareto))}**")
    named = summary.assign(
        label=summary["segment"].map(seg_label),
        description=summary["segment"].map(lambda k: t(f"segments.desc.{k}")),
        action=summary["segment"].map(lambda k: t(f"segments.action.{k}")),
    )
    left, right = st.columns([1, 1])
    with left:
        shown = named[named["segment"].isin(rfm.present_segments(summary))]
        names = titles("segments.col", segment_title="segment", customers_title="share")
        names |= titles(
            "segments", revenue_title="col.revenue_share", measure_title="chart.measure"
        )
        st.altair_chart(segment_bars(shown, **names), width="stretch")
    with right:
        _segment_side(ctx)
    c = columns()
    formats = {"share": c["pct"], "revenue_share": c["pct"], "revenue": c["money"]}
    formats |= {"recency_mean": c["one"], "frequency_mean": c["one"], "monetary_mean": c["money"]}
    table(
        rename(named[_SEGMENT_COLS].rename(columns={"label": "segment"})),
        column_config={t(f"segments.col.{k}"): v for k, v in formats.items()},
    )


def scores_section(ctx: SegmentsContext) -> None:
    """Score edges: each metric's bands and the edges between them."""
    st.caption(t("segments.scores_caption"))
    money = columns()["money"]
    for col, (metric, sb) in zip(st.columns(3), ctx.an.bins.items(), strict=True):
        with col:
            st.markdown(f"**{t(f'segments.metric.{metric}')}**")
            colcfg = {t("segments.col.low"): money, t("segments.col.high"): money}
            table(rename(sb.bands), column_config=colcfg)
            edges = ", ".join(fmt_num(e, 2) for e in sb.edges)
            st.caption(
                t("segments.edges_fallback" if sb.fallback else "segments.edges", edges=edges)
            )


def _flow_text(row) -> str:
    key = "segments.flow"
    if row.source == "_new":
        key = "segments.flow_new"
    elif row.target == "_apart":
        key = "segments.flow_apart"
    n = fmt_num(row.customers)
    return t(key, n=n, source=seg_label(row.source), target=seg_label(row.target))


def movement_section(ctx: SegmentsContext) -> None:
    """Movement between the comparison date and the analysis date: heat map and main flows."""
    mv = ctx.an.movements[ctx.scheme] if ctx.an.movements else None
    if mv is None:
        st.info(t("segments.previous_help"))
        return
    st.caption(t("segments.moved_caption", moved=fmt_num(mv.moved), stayed=fmt_num(mv.stayed)))
    cells, rows, cols = rfm.movement_cells(mv.matrix)
    cells["source"] = cells["source"].map(seg_label)
    cells["target"] = cells["target"].map(seg_label)
    st.markdown(f"**{t('segments.chart.movement')}**")
    dates = {"before": f"{mv.before:%Y-%m-%d}", "after": f"{mv.after:%Y-%m-%d}"}
    names = {f"{k}_title": t(f"segments.chart.{k}", date=d) for k, d in dates.items()}
    chart = transition_heatmap(
        cells,
        **names,
        customers_title=t("segments.col.customers"),
        rows=[seg_label(s) for s in rows],
        cols=[seg_label(s) for s in cols],
    )
    st.altair_chart(chart, width="stretch")
    st.markdown(f"**{t('segments.flows_title')}**")
    if mv.flows.empty:
        st.caption(t("segments.no_flows"))
    for row in mv.flows.head(8).itertuples(index=False):
        st.markdown(f"- {_flow_text(row)}")
