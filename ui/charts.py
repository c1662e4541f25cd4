"""Altair chart builders shared by pages. They return ``alt.Chart``; no ``st`` calls here.

Sizes are chosen for a projector: axis labels 13 px, titles 15 px. :func:`style`
also makes a chart speak the session's language: Vega's number and time locale
(months, weekdays, dates such as 2025年12月4日) and titles for tooltips that have none.
Legends sit below the plot in rows of ``LEGEND_COLUMNS`` entries, so a long channel or segment name wraps
onto the next row instead of pushing the legend past the right edge at 1280 or 1440 px.
In meeting mode every text grows by ``BIG`` and no chart text is under 14 px.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from ui import format as fmt

__all__ = [
    "BIG",
    "LEGEND_COLUMNS",
    "LOCALES",
    "PALETTE",
    "TIME_FORMATS",
    "amount_axis",
    "heat_grid",
    "localise",
    "style",
]

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

# d3-format / d3-time-format locales (Vega-Lite ``config.locale``); zh-CN as d3 ships it.
LOCALES: dict[str, dict[str, Any]] = {
    "zh": {
        "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["¥", ""]},
        "time": {
            "dateTime": "%Y年%-m月%-d日 %A %X",
            "date": "%Y/%-m/%-d",
            "time": "%H:%M:%S",
            "periods": ["上午", "下午"],
            "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
            "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
            "months": [f"{m}月" for m in "一 二 三 四 五 六 七 八 九 十 十一 十二".split()],
            "shortMonths": [f"{m}月" for m in range(1, 13)],
        },
    },
}
# Vega-Lite's default date text (tooltips, text marks) is "%b %d, %Y" ("Dec 04, 2025").
TIME_FORMATS: dict[str, str] = {"zh": "%Y年%-m月%-d日", "en": "%b %d, %Y"}


def amount_axis(currency: str | None = None, lang: str = "en", **kwargs) -> alt.Axis:
    """An axis of amounts: ``¥1.2M`` / ``¥120万`` ticks (never ``0k`` nor ``500m``); without
    ``currency``, plain numbers the same way (:func:`ui.format.axis_label_expr`)."""
    kind = "money" if currency else "count"
    return alt.Axis(labelExpr=fmt.axis_label_expr(kind, currency, lang), **kwargs)


_NESTED = ("layer", "hconcat", "vconcat", "concat")


def _title_tooltips(chart: Any, lang: str) -> None:
    """Give each axis, legend and tooltip field without a title its name in ``lang``
    (``chart.field.<field>``), so no raw column name (``conv_first``) is shown."""
    for attr in _NESTED:
        for sub in getattr(chart, attr, None) or []:
            if sub is not alt.Undefined:
                _title_tooltips(sub, lang)
    spec = getattr(chart, "spec", alt.Undefined)
    if spec is not alt.Undefined and spec is not None and not isinstance(spec, dict):
        _title_tooltips(spec, lang)
    enc = getattr(chart, "encoding", alt.Undefined)
    if enc is alt.Undefined or enc is None or not hasattr(enc, "_kwds"):
        return
    for channel, value in enc._kwds.items():
        if channel in _UNTITLED or value is alt.Undefined or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            _name(item, lang)


# channels whose title is never shown (or is the paired channel's)
_UNTITLED = ("text", "detail", "order", "href", "key", "x2", "y2", "theta2", "radius2", "url")


def _name(item: Any, lang: str) -> None:
    """Title a channel definition without one by its field's name in ``lang``."""
    from ui.i18n import text

    if not isinstance(item, alt.SchemaBase) or not hasattr(item, "_get"):
        return
    try:
        if item._get("title") is not alt.Undefined:
            return
        short = item._get("shorthand")
    except Exception:  # a value or condition definition: nothing to name
        return
    short = item._get("field") if short is alt.Undefined else short
    if not isinstance(short, str):
        return
    field = short.split(":")[0]
    key = f"chart.field.{field}"
    label = text(key, lang)
    if label != key:
        item["title"] = label


def localise(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """``chart`` with Vega's locale and default date format of ``lang`` and its
    untitled tooltips named. Call before the other ``configure_*`` (it sets the config)."""
    chart = chart.copy(deep=True, ignore=["data"])  # a cached chart keeps its own titles
    _title_tooltips(chart, lang)
    kwargs: dict[str, Any] = {"timeFormat": TIME_FORMATS.get(lang, TIME_FORMATS["en"])}
    if lang in LOCALES:
        kwargs["locale"] = LOCALES[lang]
    return chart.configure(**kwargs)


def _session_lang() -> str:
    try:
        from ui import state

        return state.get_lang()
    except Exception:  # outside a Streamlit session
        return "en"


def style(
    chart: alt.TopLevelMixin, *, big: bool | None = None, lang: str | None = None
) -> alt.TopLevelMixin:
    """Apply the app's legible defaults (larger text when ``big``; by default in meeting mode)
    in ``lang`` (by default the session's language)."""
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
        localise(chart, lang or _session_lang())
        .configure_axis(labelFontSize=13 * k, titleFontSize=14 * k, grid=True, gridOpacity=0.4)
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
    for attr in _NESTED:
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


def heat_grid(
    data: Any, *, x: alt.X, y: alt.Y, color: alt.Color, tooltip: list, text: dict, height: float
) -> alt.TopLevelMixin:
    """A heat map: one white-edged cell per (x, y) coloured by ``color``, its value written in
    it (``text``: the text channel's encodings), styled. The x axis is the caller's (on top)."""
    base = alt.Chart(data).encode(x=x, y=y)
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(color=color, tooltip=tooltip)
    return style((rect + base.mark_text(fontSize=12).encode(**text)).properties(height=height))
