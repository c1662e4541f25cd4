"""Altair chart builders for the traffic-source page. They return charts; no ``st`` calls.

Every chart colours channels by the ``label`` field (the channel name shown to
the user) with one shared colour scale, and carries a point selection named
:data:`PICK` over ``label``: bound to the legend where the chart has a channel
legend, on the marks otherwise. The page passes the channel picked last as
``picked`` so every chart highlights the same channel after a click anywhere.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import PALETTE, amount_axis, style

__all__ = ["PICK", "COLOURS", "mix_area", "waterfall", "effects_by_channel", "efficiency_bubbles"]

PICK = "channel_pick"
# 20 colours: the app palette, then lighter companions (Tableau 20 order)
COLOURS = PALETTE + [
    "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d",
    "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
]  # fmt: skip


def _colour(labels: list[str], title: str | None, legend: bool = True) -> alt.Color:
    scale = alt.Scale(domain=labels, range=COLOURS[: max(len(labels), 1)] or COLOURS)
    return alt.Color(
        "label:N",
        title=title,
        scale=scale,
        sort=labels,
        legend=alt.Legend(symbolLimit=40) if legend else None,
    )


def _pick(picked: str | None, *, legend: bool) -> alt.Parameter:
    value = [{"label": picked}] if picked else alt.Undefined
    if legend:
        return alt.selection_point(name=PICK, fields=["label"], bind="legend", value=value)
    return alt.selection_point(name=PICK, fields=["label"], value=value)


def mix_area(
    data: pd.DataFrame,
    *,
    value: str,
    labels: list[str],
    normalize: bool,
    title: str,
    period_title: str,
    value_title: str,
    channel_title: str,
    share_title: str,
    time_unit: str = "yearmonthdate",
    picked: str | None = None,
    fmt: str = ",.0f",
) -> alt.TopLevelMixin:
    """Stacked area of ``value`` by ``period`` and channel ``label`` (100% when ``normalize``).

    ``data``: ``period`` (datetime), ``label``, ``value`` column and
    ``<value>_share``.
    """
    sel = _pick(picked, legend=True)
    chart = (
        alt.Chart(data, title=title)
        .mark_area(interpolate="monotone", line=False)
        .encode(
            x=alt.X(f"{time_unit}(period):T", title=period_title),
            y=alt.Y(
                f"sum({value}):Q",
                title=share_title if normalize else value_title,
                stack="normalize" if normalize else "zero",
                axis=alt.Axis(format="%") if normalize else amount_axis(),
            ),
            color=_colour(labels, channel_title),
            order=alt.Order("label_order:Q"),
            opacity=alt.condition(sel, alt.value(0.9), alt.value(0.15)),
            tooltip=[
                alt.Tooltip(f"{time_unit}(period):T", title=period_title),
                alt.Tooltip("label:N", title=channel_title),
                alt.Tooltip(f"sum({value}):Q", title=value_title, format=fmt),
                alt.Tooltip(f"sum({value}_share):Q", title=share_title, format=".1%"),
            ],
        )
        .add_params(sel)
        .properties(height=320)
    )
    return style(chart)


def waterfall(
    steps: pd.DataFrame,
    *,
    title: str,
    amount_title: str,
    fmt: str = ",.0f",
    currency: str | None = None,
    lang: str = "en",
    rise_fall: tuple[str, str] = ("#59a14f", "#e15759"),
) -> alt.TopLevelMixin:
    """A revenue waterfall: ``step`` (label, in order), ``start``, ``end``, ``kind``
    (``"total"``, ``"up"``, ``"down"``) and ``amount`` (the signed step).

    The y axis is zoomed on the moving part (the total bars are cut at a
    baseline, stated by the axis), so a 5% change is visible on a projector.
    ``rise_fall``: the colours of rises and falls (``ui.shop.colours()``); ``currency``
    and ``lang`` write the axis ticks (``¥12万``).
    """
    data = steps.assign(order=range(len(steps)))
    moving = data.loc[data["kind"] != "total", ["start", "end"]].to_numpy().ravel()
    ends = data.loc[data["kind"] == "total", "end"].to_numpy()
    pts = [*moving, *ends]
    lo, hi = (min(pts), max(pts)) if pts else (0.0, 1.0)
    pad = max(hi - lo, abs(hi) * 0.02, 1.0)
    base = max(0.0, lo - 1.5 * pad) if lo >= 0 else lo - 0.5 * pad
    top_v = hi + 0.35 * pad
    data.loc[data["kind"] == "total", "start"] = base
    data["top"] = data[["start", "end"]].max(axis=1)
    data["text"] = [
        format(a, ",.0f") if k == "total" else format(a, "+,.0f")
        for a, k in zip(data["amount"], data["kind"], strict=True)
    ]
    colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=["total", "up", "down"], range=["#4e79a7", *rise_fall]),
        legend=None,
    )
    chart = alt.Chart(data, title=title).encode(
        x=alt.X("step:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelAngle=0)),
    )
    y_scale = alt.Scale(domain=[base, top_v], zero=False, nice=False, clamp=True)
    bars = chart.mark_bar(size=46).encode(
        y=alt.Y("start:Q", title=amount_title, axis=amount_axis(currency, lang), scale=y_scale),
        y2="end:Q",
        color=colour,
        tooltip=[
            alt.Tooltip("step:N", title=" "),
            alt.Tooltip("amount:Q", title=amount_title, format=fmt),
        ],
    )
    text = chart.mark_text(dy=-8, fontSize=13).encode(
        y=alt.Y("top:Q", scale=y_scale),
        text=alt.Text("text:N"),
    )
    return style((bars + text).properties(height=340))


def effects_by_channel(
    data: pd.DataFrame,
    *,
    labels: list[str],
    title: str,
    channel_title: str,
    effect_title: str,
    amount_title: str,
    picked: str | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars: each channel's effects (``label``, ``effect``, ``amount``), stacked.

    Clicking a bar picks its channel (selection :data:`PICK`).
    """
    sel = _pick(picked, legend=False)
    height = max(160, 34 * len(labels))
    chart = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=labels, title=channel_title),
            x=alt.X("amount:Q", title=amount_title, axis=amount_axis()),
            color=alt.Color("effect:N", title=effect_title),
            opacity=alt.condition(sel, alt.value(0.95), alt.value(0.25)),
            tooltip=[
                alt.Tooltip("label:N", title=channel_title),
                alt.Tooltip("effect:N", title=effect_title),
                alt.Tooltip("amount:Q", title=amount_title, format="+,.2f"),
            ],
        )
        .add_params(sel)
        .properties(height=height)
    )
    return style(chart)


def efficiency_bubbles(
    data: pd.DataFrame,
    *,
    labels: list[str],
    median_roas: float,
    title: str,
    y_field: str = "roas",
    breakeven: float = 1.0,
    x_title: str,
    y_title: str,
    size_title: str,
    channel_title: str,
    median_title: str,
    breakeven_title: str,
    picked: str | None = None,
) -> alt.TopLevelMixin:
    """Channels by share of spend (x) and ROAS (y; or ROI with ``y_field="roi"``),
    bubble size = revenue, with the median line (``median_roas``: the median of
    the y field) and the break-even line (ROAS 1 / ROI 0: ``breakeven``).

    ``data``: ``label``, ``spend_share``, ``roas`` or ``roi``, ``revenue``.
    """
    sel = _pick(picked, legend=True)
    base = alt.Chart(data, title=title)
    pts = (
        base.mark_circle(stroke="#333", strokeWidth=0.5)
        .encode(
            x=alt.X("spend_share:Q", title=x_title, axis=alt.Axis(format="%")),
            y=alt.Y(
                f"{y_field}:Q",
                title=y_title,
                axis=alt.Axis(format="%" if y_field == "roi" else "~g"),
            ),
            size=alt.Size("revenue:Q", title=size_title, scale=alt.Scale(range=[80, 2400])),
            color=_colour(labels, channel_title),
            opacity=alt.condition(sel, alt.value(0.85), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("label:N", title=channel_title),
                alt.Tooltip("spend_share:Q", title=x_title, format=".1%"),
                alt.Tooltip(
                    f"{y_field}:Q", title=y_title, format=".0%" if y_field == "roi" else ".2f"
                ),
                alt.Tooltip("revenue:Q", title=size_title, format=",.0f"),
            ],
        )
        .add_params(sel)
    )
    names = base.mark_text(align="left", dx=12, fontSize=12).encode(
        x="spend_share:Q", y=f"{y_field}:Q", text="label:N"
    )
    lines = pd.DataFrame(
        {"y": [median_roas, breakeven], "name": [median_title, breakeven_title]}
    ).dropna()
    rules = (
        alt.Chart(lines)
        .mark_rule(strokeDash=[6, 4], color="#555")
        .encode(
            y="y:Q", tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("y:Q", format=".2f")]
        )
    )
    rule_text = (
        alt.Chart(lines)
        .mark_text(align="left", dy=-7, fontSize=12, color="#555")
        .encode(y="y:Q", x=alt.value(5), text="name:N")
    )
    return style((pts + names + rules + rule_text).properties(height=420))
