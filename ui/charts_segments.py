"""Altair chart builders for the user-layering page. They return charts; no ``st`` calls.

Every label is passed in by the page (already translated), so the builders
stay language-free.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import PALETTE, heat_grid, style

__all__ = [
    "segment_bars",
    "two_lines",
    "rf_grid",
    "k_curve",
    "cluster_scatter",
    "transition_heatmap",
]


def segment_bars(
    summary: pd.DataFrame,
    *,
    segment_title: str,
    customers_title: str,
    revenue_title: str,
    measure_title: str,
) -> alt.TopLevelMixin:
    """Share of customers next to share of revenue per segment.

    ``summary`` has ``label`` (translated segment name), ``share`` and
    ``revenue_share`` (fractions), in the order to draw.
    """
    order = list(summary["label"])
    long = pd.concat(
        [
            pd.DataFrame(
                {"label": summary["label"], "measure": customers_title, "value": summary["share"]}
            ),
            pd.DataFrame(
                {
                    "label": summary["label"],
                    "measure": revenue_title,
                    "value": summary["revenue_share"],
                }
            ),
        ],
        ignore_index=True,
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=segment_title, sort=order, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("measure:N", sort=[customers_title, revenue_title]),
            x=alt.X("value:Q", title=None, axis=alt.Axis(format="%")),
            color=alt.Color(
                "measure:N",
                title=measure_title,
                sort=[customers_title, revenue_title],
                scale=alt.Scale(range=[PALETTE[0], PALETTE[1]]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=segment_title),
                alt.Tooltip("measure:N", title=measure_title),
                alt.Tooltip("value:Q", format=".1%", title=" "),
            ],
        )
        .properties(height=max(220, 44 * len(order)))
    )
    return style(chart)


def two_lines(name: str, fits: int = 12) -> str:
    """``name`` on one line when it has up to ``fits`` characters, else split in two at the
    space nearest its middle (names without spaces, like Chinese ones, stay on one line)."""
    name = str(name)
    spaces = [i for i, c in enumerate(name) if c == " "]
    if len(name) <= fits or not spaces:
        return name
    cut = min(spaces, key=lambda i: abs(len(name) - 2 * i - 1))
    return name[:cut] + "\n" + name[cut + 1 :]


def rf_grid(
    grid: pd.DataFrame, *, r_title: str, f_title: str, customers_title: str, segment_title: str
) -> alt.TopLevelMixin:
    """The R x F grid: one cell per (R, F) score, coloured by segment, with names and counts.

    ``grid`` has ``r_score``, ``f_score``, ``label`` (segment name) and ``customers``.
    """
    # names on at most two lines so they fit their cells; the counts below
    data = grid.assign(
        text=grid["label"].map(two_lines) + "\n" + grid["customers"].map("{:,}".format)
    )
    n = int(grid["r_score"].max()) if len(grid) else 5
    base = alt.Chart(data).encode(
        x=alt.X("f_score:O", title=f_title, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("r_score:O", title=r_title, sort="descending"),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "label:N",
            title=segment_title,
            scale=alt.Scale(range=PALETTE + ["#86bcb6", "#d4a6c8"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("label:N", title=segment_title),
            alt.Tooltip("r_score:O", title=r_title),
            alt.Tooltip("f_score:O", title=f_title),
            alt.Tooltip("customers:Q", title=customers_title, format=","),
        ],
    )
    text = base.mark_text(fontSize=12, lineBreak="\n", color="#1b1b1b").encode(text="text:N")
    return style((rect + text).properties(height=88 * n))


def k_curve(
    curve: pd.DataFrame, *, y: str, y_title: str, best_k: int, chosen_k: int
) -> alt.TopLevelMixin:
    """One k-search curve (``k`` against column ``y``) with the best and chosen k marked."""
    data = curve.assign(
        mark=curve["k"].map(
            lambda k: "chosen" if k == chosen_k else ("best" if k == best_k else "")
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=PALETTE[0])
        .encode(
            x=alt.X("k:O", title="k", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("k:O"), alt.Tooltip(f"{y}:Q", title=y_title, format=",.3f")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"k": [chosen_k]}))
        .mark_rule(color=PALETTE[2], strokeDash=[4, 3])
        .encode(x="k:O")
    )
    return style((line + rule).properties(height=240))


def cluster_scatter(
    points: pd.DataFrame,
    *,
    recency_title: str,
    monetary_title: str,
    cluster_title: str,
    order: list[str],
) -> alt.TopLevelMixin:
    """Recency (x) against monetary (y, log scale), coloured by cluster ``label``."""
    data = points.assign(monetary=points["monetary"].clip(lower=0.01))
    chart = (
        alt.Chart(data)
        .mark_circle(size=28, opacity=0.6)
        .encode(
            x=alt.X("recency_days:Q", title=recency_title),
            y=alt.Y("monetary:Q", title=monetary_title, scale=alt.Scale(type="log")),
            color=alt.Color(
                "label:N",
                title=cluster_title,
                sort=order,
                legend=alt.Legend(labelLimit=240),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=cluster_title),
                alt.Tooltip("recency_days:Q", title=recency_title, format=","),
                alt.Tooltip("monetary:Q", title=monetary_title, format=",.2f"),
            ],
        )
        .properties(height=380)
    )
    return style(chart)


def transition_heatmap(
    cells: pd.DataFrame,
    *,
    before_title: str,
    after_title: str,
    customers_title: str,
    rows: list[str],
    cols: list[str],
) -> alt.TopLevelMixin:
    """Transition matrix: ``source`` (rows) x ``target`` (columns) coloured by ``customers``."""
    top = max(int(cells["customers"].max()) if len(cells) else 0, 1)
    data = cells.assign(
        text=cells["customers"].map(lambda v: f"{v:,}" if v else ""),
        dark=np.log1p(cells["customers"]) > 0.6 * np.log1p(top),
    )
    x_axis = alt.Axis(labelAngle=-40, orient="top", labelLimit=180, labelOverlap=False)
    y_axis = alt.Axis(labelLimit=200, labelOverlap=False)
    scale = alt.Scale(scheme="blues", type="symlog")
    return heat_grid(
        data,
        x=alt.X("target:N", title=after_title, sort=cols, axis=x_axis),
        y=alt.Y("source:N", title=before_title, sort=rows, axis=y_axis),
        color=alt.Color("customers:Q", title=customers_title, scale=scale),
        tooltip=[
            alt.Tooltip("source:N", title=before_title),
            alt.Tooltip("target:N", title=after_title),
            alt.Tooltip("customers:Q", title=customers_title, format=","),
        ],
        text={
            "text": "text:N",
            "color": alt.condition("datum.dark", alt.value("white"), alt.value("#1b1b1b")),
        },
        height=max(260, 34 * len(rows)),
    )
