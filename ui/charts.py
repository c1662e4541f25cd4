"""Altair chart builders shared by pages. They return ``alt.Chart``; no ``st`` calls here.

Sizes are chosen for a projector: axis labels 13 px, titles 15 px.
"""

from __future__ import annotations

import altair as alt

from ui import format as fmt

__all__ = ["PALETTE", "style", "amount_axis"]

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


def amount_axis(currency: str | None = None, lang: str = "en", **kwargs) -> alt.Axis:
    """An axis of amounts: ``¥1.2M`` / ``¥120万`` ticks (never ``0k`` nor ``500m``); without
    ``currency``, plain numbers the same way (:func:`ui.format.axis_label_expr`)."""
    kind = "money" if currency else "count"
    return alt.Axis(labelExpr=fmt.axis_label_expr(kind, currency, lang), **kwargs)


def style(chart: alt.TopLevelMixin, *, big: bool | None = None) -> alt.TopLevelMixin:
    """Apply the app's legible defaults (larger text when ``big``; by default in meeting mode)."""
    if big is None:
        from ui import meeting

        big = meeting.is_on()
    k = 1.35 if big else 1.0
    return (
        chart.configure_axis(labelFontSize=13 * k, titleFontSize=14 * k, grid=True, gridOpacity=0.4)
        .configure_legend(labelFontSize=13 * k, titleFontSize=14 * k, symbolSize=120 * k)
        .configure_title(fontSize=16 * k, anchor="start")
        .configure_range(category=PALETTE)
        .configure_view(strokeWidth=0)
    )
