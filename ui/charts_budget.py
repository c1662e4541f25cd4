"""Altair chart builders for the budget page. They return charts; no ``st`` calls.

Text (titles, labels) comes in as arguments, already translated by the page.
Every builder can be called without data (``data=None``): the chart then
reads a named data source, and :func:`spec` turns it into a Vega-Lite dict
without data, which the page caches once and draws with fresh data on every
rerun (``st.vega_lite_chart(frame, spec)``): a slider move then costs no
Altair validation.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import PALETTE, amount_axis, style

__all__ = ["curves_frame", "curves_chart", "waterfall_chart", "scenario_bars", "spec"]

_NAMED = alt.Data(name="data")


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite dict without its data (to be drawn with data given separately)."""
    out = chart.to_dict()
    out.pop("data", None)
    out.pop("datasets", None)
    return out


def curves_frame(grid: pd.DataFrame, points: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """The one table :func:`curves_chart` draws: curve grid, history points and markers.

    ``grid``: channel, spend, revenue, lo, hi (:func:`analytics.budget.curve_grid`);
    ``points``: channel, spend, revenue (history); ``marks``: channel, spend,
    revenue, kind (translated "current" / "plan" label), filled (bool).
    """
    return pd.concat(
        [
            grid.assign(layer="curve"),
            points[["channel", "spend", "revenue"]].assign(layer="data"),
            marks.assign(layer="mark"),
        ],
        ignore_index=True,
    )


FIT_WIDTH = 820  # px: the narrowest main area a chart gets (1280 px window, sidebar open)
PANEL_MARGIN = 100  # px: a panel's axis labels, title and padding besides its plot


def curves_chart(
    data: pd.DataFrame | None = None,
    *,
    x_title: str,
    y_title: str,
    columns: int = 3,
    width: int = 260,
    height: int = 200,
    currency: str | None = None,
    lang: str = "en",
) -> alt.FacetChart:
    """One panel per channel: history points, the curve, its band and current / plan markers.

    ``data``: a :func:`curves_frame` table (or None for a named source). Panels per row
    are capped so the grid fits :data:`FIT_WIDTH` px (the page at 1280 px with the sidebar
    open): a third panel used to run off the right edge.
    """
    columns = max(1, min(columns, FIT_WIDTH // (width + PANEL_MARGIN)))
    axis = amount_axis(currency, lang)
    base = alt.Chart().encode(x=alt.X("spend:Q", title=x_title, axis=axis))
    band = (
        base.transform_filter(alt.datum.layer == "curve")
        .mark_area(opacity=0.18, color=PALETTE[0])
        .encode(y=alt.Y("lo:Q", title=y_title, axis=axis), y2="hi:Q")
    )
    line = (
        base.transform_filter(alt.datum.layer == "curve")
        .mark_line(color=PALETTE[0], strokeWidth=2.5)
        .encode(y="revenue:Q")
    )
    dots = (
        base.transform_filter(alt.datum.layer == "data")
        .mark_circle(size=28, opacity=0.45, color="#888888")
        .encode(
            y="revenue:Q",
            tooltip=[
                alt.Tooltip("spend:Q", format=",.0f"),
                alt.Tooltip("revenue:Q", format=",.0f"),
            ],
        )
    )
    mk = (
        base.transform_filter(alt.datum.layer == "mark")
        .mark_point(size=220, strokeWidth=3)
        .encode(
            y="revenue:Q",
            shape=alt.Shape("kind:N", title=None),
            color=alt.Color("kind:N", title=None, scale=alt.Scale(range=[PALETTE[1], PALETTE[2]])),
            fill=alt.condition("datum.filled", alt.Color("kind:N"), alt.value("white")),
            tooltip=[
                alt.Tooltip("kind:N", title=""),
                alt.Tooltip("spend:Q", format=",.0f"),
                alt.Tooltip("revenue:Q", format=",.0f"),
            ],
        )
    )
    chart = (
        alt.layer(band, line, dots, mk, data=_NAMED if data is None else data)
        .properties(width=width, height=height)
        .facet(
            facet=alt.Facet("channel:N", title=None, header=alt.Header(labelFontSize=14)),
            columns=columns,
        )
        .resolve_scale(x="independent", y="independent")
    )
    return style(chart)


def waterfall_chart(
    data: pd.DataFrame | None = None,
    *,
    kind_labels: dict[str, str],
    y_title: str,
    currency: str | None = None,
    lang: str = "en",
    rise_fall: tuple[str, str] | list[str] = (PALETTE[4], PALETTE[2]),
) -> alt.Chart:
    """Waterfall bars from :func:`analytics.budget.waterfall` (step, start, end, delta, kind, order).

    The data needs a ``label`` column: ``kind`` translated with ``kind_labels``.
    """
    colours = alt.Scale(
        domain=[kind_labels["total"], kind_labels["up"], kind_labels["down"]],
        range=[PALETTE[0], *rise_fall],  # totals, then rises and falls (ui.shop.colours)
    )
    bars = (
        alt.Chart(_NAMED if data is None else data)
        .mark_bar(size=38)
        .encode(
            x=alt.X(
                "step:N",
                sort=alt.EncodingSortField("order"),
                title=None,
                axis=alt.Axis(labelAngle=-30, labelLimit=160),
            ),
            y=alt.Y("start:Q", title=y_title, axis=amount_axis(currency, lang)),
            y2="end:Q",
            color=alt.Color("label:N", title=None, scale=colours),
            tooltip=[
                alt.Tooltip("step:N", title=""),
                alt.Tooltip("delta:Q", format=",.0f"),
                alt.Tooltip("end:Q", format=",.0f"),
            ],
        )
    )
    return style(bars.properties(height=320))


def scenario_bars(
    data: pd.DataFrame | None = None,
    *,
    metric: str,
    y_title: str,
    scenario_title: str,
    currency: str | None = None,
    lang: str = "en",
) -> alt.Chart:
    """Grouped bars: one group per channel, one bar per scenario, of ``metric``.

    ``data``: scenario, channel, the metric column, and ``ch_order`` / ``sc_order``
    (the order of channels and scenarios), as from
    :func:`analytics.budget.compare_scenarios` plus those two columns.
    """
    chart = (
        alt.Chart(_NAMED if data is None else data)
        .mark_bar()
        .encode(
            x=alt.X(
                "channel:N",
                sort=alt.EncodingSortField("ch_order"),
                title=None,
                axis=alt.Axis(labelAngle=-30, labelLimit=160),
            ),
            xOffset=alt.XOffset("scenario:N", sort=alt.EncodingSortField("sc_order")),
            y=alt.Y(
                f"{metric}:Q",
                title=y_title,
                axis=alt.Axis(format=".2f") if metric == "roas" else amount_axis(currency, lang),
            ),
            color=alt.Color(
                "scenario:N", sort=alt.EncodingSortField("sc_order"), title=scenario_title
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=scenario_title),
                alt.Tooltip("channel:N", title=""),
                alt.Tooltip(f"{metric}:Q", format=",.2f"),
            ],
        )
        .properties(height=320)
    )
    return style(chart)
