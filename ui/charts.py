"""Altair chart builders shared by pages. They return ``alt.Chart``; no ``st`` calls here.

Sizes are chosen for a projector: axis labels 13 px, titles 15 px. Legends sit below
the plot in rows of ``LEGEND_COLUMNS`` entries, so a long channel or segment name wraps
onto the next row instead of pushing the legend past the right edge at 1280 or 1440 px.
In meeting mode every text grows by ``BIG`` and no chart text is under 14 px.
"""

from __future__ import annotations

import altair as alt

__all__ = ["BIG", "LEGEND_COLUMNS", "PALETTE", "style"]

BIG = 1.35  # meeting mode's text factor
LEGEND_COLUMNS = 4  # entries per legend row (3 in meeting mode)
MIN_BIG_TEXT = 14.0  # px: smallest chart text in meeting mode

# Colour-blind-safe categorical palette (Tableau 10).
PALETTE = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
]


def style(chart: alt.TopLevelMixin, *, big: bool | None = None) -> alt.TopLevelMixin:
    """Apply the app's legible defaults (larger text when ``big``; by default in meeting mode)."""
    if big is None:
        from ui import meeting

        big = meeting.is_on()
    k = BIG if big else 1.0
    if big:
        _grow_text(chart, k)
        # taller rows for the larger labels: heat-map and grid rows keep their text apart
        height = getattr(chart, "height", None)
        if isinstance(height, int | float):
            chart = chart.properties(height=height * k)
    return (
        chart.configure_axis(labelFontSize=13 * k, titleFontSize=14 * k, grid=True, gridOpacity=0.4)
        .configure_legend(
            labelFontSize=13 * k,
            titleFontSize=14 * k,
            symbolSize=120 * k,
            orient="bottom",
            direction="horizontal",
            columns=LEGEND_COLUMNS - 1 if big else LEGEND_COLUMNS,
            labelLimit=200,
            titleLimit=600,
            gradientLength=260,
        )
        .configure_text(fontSize=max(12 * k, MIN_BIG_TEXT) if big else 12)
        .configure_title(fontSize=16 * k, anchor="start")
        .configure_range(category=PALETTE)
        .configure_view(strokeWidth=0)
    )


def _grow_text(chart: object, k: float) -> None:
    """Scale the explicit font size of every text mark in ``chart`` (layers too) by ``k``.

    The result is at least ``MIN_BIG_TEXT`` px. Text marks without a size follow
    ``configure_text``.
    """
    for attr in ("layer", "hconcat", "vconcat", "concat"):
        for sub in getattr(chart, attr, None) or []:
            _grow_text(sub, k)
    spec = getattr(chart, "spec", None)  # facet / repeat
    if spec is not None and spec is not alt.Undefined:
        _grow_text(spec, k)
    mark = getattr(chart, "mark", None)
    if isinstance(mark, alt.MarkDef) and mark.type == "text":
        size = mark.fontSize
        if isinstance(size, int | float):
            mark.fontSize = max(float(size) * k, MIN_BIG_TEXT)
