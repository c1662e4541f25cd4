"""Altair chart builders for the funnel page. They return charts; no ``st`` calls.

Titles come in already translated (the page passes ``t(...)`` strings).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from analytics.durations import duration_buckets
from ui.charts import PALETTE, style

__all__ = [
    "funnel_chart",
    "duration_label",
    "time_histogram",
    "breakdown_chart",
    "trend_chart",
    "compare_chart",
    "contribution_chart",
    "activity_chart",
]

_HIGHLIGHT = "#e15759"
_BASE = PALETTE[0]
_LIGHT = "#a0cbe8"


def funnel_chart(
    table: pd.DataFrame, *, users_title: str, step_title: str, drop_label: str
) -> alt.TopLevelMixin:
    """Horizontal funnel: one bar per step (``users``), centred, with its share of step 1.

    ``table`` is :func:`analytics.funnel.step_table`'s output; the step with the
    biggest drop-off is drawn in red (legend text ``drop_label``).
    """
    t = table[["step", "users", "conv_first", "biggest_drop"]].copy()
    t["order"] = np.arange(len(t))
    t["label"] = [f"{i + 1}. {s}" for i, s in enumerate(t["step"])]
    t["half"] = t["users"].astype(float) / 2
    t["neg"] = -t["half"]
    t["text"] = [
        f"{int(u):,} · {c:.1%}" if np.isfinite(c) else f"{int(u):,}"
        for u, c in zip(t["users"], t["conv_first"], strict=True)
    ]
    t["kind"] = np.where(t["biggest_drop"], drop_label, "")
    order = t["label"].tolist()
    y = alt.Y("label:N", sort=order, title=step_title, axis=alt.Axis(labelLimit=260))
    bars = (
        alt.Chart(t)
        .mark_bar(cornerRadius=3)
        .encode(
            y=y,
            x=alt.X("neg:Q", title=users_title, axis=alt.Axis(labels=False, ticks=False)),
            x2="half:Q",
            color=alt.condition(alt.datum.biggest_drop, alt.value(_HIGHLIGHT), alt.value(_BASE)),
            tooltip=[
                alt.Tooltip("label:N", title=step_title),
                alt.Tooltip("users:Q", title=users_title, format=","),
                alt.Tooltip("conv_first:Q", format=".1%"),
            ],
        )
    )
    text = (
        alt.Chart(t)
        .mark_text(align="left", dx=6, fontSize=14, fontWeight="bold")
        .encode(y=y, x="half:Q", text="text:N")
    )
    height = max(160, 56 * len(t))
    return style((bars + text).properties(height=height))


def duration_label(lo: float, hi: float, units: Mapping[str, str]) -> str:
    """A bucket's label such as "1–5 min", "15 min–1 h", "< 1 min", "≥ 30 d".

    ``units`` names the short units in the user's language: keys ``min``, ``h``, ``d``.
    """

    def part(v: float) -> tuple[str, str]:
        for size, unit in ((86400.0, "d"), (3600.0, "h"), (60.0, "min")):
            if v >= size and v % size == 0:
                return f"{int(v // size)}", units[unit]
        return f"{v / 60:g}", units["min"]

    if not np.isfinite(hi):
        n, u = part(lo)
        return f"≥ {n} {u}"
    if lo <= 0:
        n, u = part(hi)
        return f"< {n} {u}"
    (a, ua), (b, ub) = part(lo), part(hi)
    return f"{a}–{b} {ub}" if ua == ub else f"{a} {ua}–{b} {ub}"


def time_histogram(
    seconds: np.ndarray,
    *,
    units: Mapping[str, str],
    duration_title: str,
    users_title: str,
    share_title: str = "%",
) -> alt.TopLevelMixin:
    """Users per human duration bucket (minutes, hours, days: :func:`duration_buckets`).

    Long-tailed times to convert stay readable: the buckets are even on a log
    scale, so a few slow converters never squeeze everyone into one bar.
    """
    d = duration_buckets(seconds)
    d["label"] = [duration_label(lo, hi, units) for lo, hi in zip(d["lo"], d["hi"], strict=True)]
    order = d["label"].tolist()
    chart = (
        alt.Chart(d)
        .mark_bar(color=_BASE)
        .encode(
            x=alt.X(
                "label:N",
                sort=order,
                title=duration_title,
                axis=alt.Axis(labelAngle=0, labelLimit=120),
            ),
            y=alt.Y("users:Q", title=users_title),
            tooltip=[
                alt.Tooltip("label:N", title=duration_title),
                alt.Tooltip("users:Q", title=users_title, format=","),
                alt.Tooltip("share:Q", title=share_title, format=".1%"),
            ],
        )
        .properties(height=280)
    )
    return style(chart)


def breakdown_chart(
    bd: pd.DataFrame, *, rate_title: str, segment_title: str, overall: float | None = None
) -> alt.TopLevelMixin:
    """Overall conversion by segment with its 95% interval; small segments drawn faded."""
    d = bd[["segment", "users", "conversion", "low", "high", "small"]].copy()
    order = d["segment"].tolist()
    y = alt.Y("segment:N", sort=order, title=segment_title, axis=alt.Axis(labelLimit=220))
    bars = (
        alt.Chart(d)
        .mark_bar(color=_BASE)
        .encode(
            y=y,
            x=alt.X("conversion:Q", title=rate_title, axis=alt.Axis(format="%")),
            opacity=alt.condition(alt.datum.small, alt.value(0.35), alt.value(1.0)),
            tooltip=[
                alt.Tooltip("segment:N", title=segment_title),
                alt.Tooltip("users:Q", format=","),
                alt.Tooltip("conversion:Q", title=rate_title, format=".2%"),
                alt.Tooltip("low:Q", format=".2%"),
                alt.Tooltip("high:Q", format=".2%"),
            ],
        )
    )
    err = (
        alt.Chart(d)
        .mark_errorbar(color="#333")
        .encode(y=y, x=alt.X("low:Q", title=rate_title), x2="high:Q")
    )
    layers = bars + err
    if overall is not None and np.isfinite(overall):
        rule = (
            alt.Chart(pd.DataFrame({"x": [overall]}))
            .mark_rule(color=_HIGHLIGHT, strokeDash=[5, 4], size=2)
            .encode(x="x:Q")
        )
        layers = layers + rule
    return style(layers.properties(height=max(160, 34 * len(d))))


def trend_chart(
    tr: pd.DataFrame, *, rate_title: str, bucket_title: str, progress_label: str, done_label: str
) -> alt.TopLevelMixin:
    """Conversion by entry bucket with a 95% band; buckets still in progress drawn as hollow points."""
    d = tr.copy()
    d["status"] = np.where(d["in_progress"], progress_label, done_label)
    base = alt.Chart(d).encode(x=alt.X("bucket:T", title=bucket_title))
    band = base.mark_area(opacity=0.2, color=_BASE).encode(y="low:Q", y2="high:Q")
    line = base.mark_line(color=_BASE).encode(
        y=alt.Y("conversion:Q", title=rate_title, axis=alt.Axis(format="%"))
    )
    points = base.mark_point(size=70, filled=True).encode(
        y="conversion:Q",
        shape=alt.Shape(
            "status:N",
            scale=alt.Scale(domain=[done_label, progress_label], range=["circle", "triangle-up"]),
            title=None,
        ),
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=[done_label, progress_label], range=[_BASE, _HIGHLIGHT]),
            title=None,
        ),
        tooltip=[
            alt.Tooltip("bucket:T", title=bucket_title),
            alt.Tooltip("users:Q", format=","),
            alt.Tooltip("converted:Q", format=","),
            alt.Tooltip("conversion:Q", title=rate_title, format=".2%"),
            alt.Tooltip("status:N"),
        ],
    )
    return style((band + line + points).properties(height=300))


def compare_chart(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    *,
    current_label: str,
    previous_label: str,
    rate_title: str,
    step_title: str,
) -> alt.TopLevelMixin:
    """Conversion from step 1 at each step, this period next to the previous one."""
    rows = []
    for label, t in ((previous_label, previous), (current_label, current)):
        for i, (s, c) in enumerate(zip(t["step"], t["conv_first"], strict=True)):
            rows.append({"period": label, "label": f"{i + 1}. {s}", "rate": c})
    d = pd.DataFrame(rows)
    order = [f"{i + 1}. {s}" for i, s in enumerate(current["step"])]
    chart = (
        alt.Chart(d)
        .mark_bar()
        .encode(
            x=alt.X(
                "label:N", sort=order, title=step_title, axis=alt.Axis(labelAngle=0, labelLimit=160)
            ),
            xOffset=alt.XOffset("period:N", sort=[previous_label, current_label]),
            y=alt.Y("rate:Q", title=rate_title, axis=alt.Axis(format="%")),
            color=alt.Color(
                "period:N",
                sort=[previous_label, current_label],
                scale=alt.Scale(range=[_LIGHT, _BASE]),
                title=None,
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("period:N"),
                alt.Tooltip("label:N"),
                alt.Tooltip("rate:Q", format=".2%"),
            ],
        )
        .properties(height=300)
    )
    return style(chart)


def contribution_chart(
    contrib: pd.DataFrame,
    *,
    value_title: str,
    step_title: str,
    rise_fall: tuple[str, str] = (PALETTE[4], _HIGHLIGHT),
) -> alt.TopLevelMixin:
    """Each step's contribution (percentage points) to the change in overall conversion.

    ``rise_fall``: the colours of gains and losses (``ui.shop.colours()``)."""
    d = contrib.copy()
    d["label"] = [f"→ {s}" for s in d["step"]]
    d["pp"] = d["contribution"] * 100
    chart = (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", sort=d["label"].tolist(), title=step_title, axis=alt.Axis(labelLimit=220)
            ),
            x=alt.X("pp:Q", title=value_title),
            color=alt.condition(alt.datum.pp < 0, alt.value(rise_fall[1]), alt.value(rise_fall[0])),
            tooltip=[alt.Tooltip("label:N", title=step_title), alt.Tooltip("pp:Q", format="+.2f")],
        )
        .properties(height=max(120, 40 * len(d)))
    )
    return style(chart)


def activity_chart(
    table: pd.DataFrame, *, period_title: str, users_title: str
) -> alt.TopLevelMixin:
    """Distinct users per period (``period``, ``users`` from ``analytics.funnel.event_activity``)."""
    chart = (
        alt.Chart(table)
        .mark_line(point=True, color=_BASE)
        .encode(
            x=alt.X("period:T", title=period_title),
            y=alt.Y("users:Q", title=users_title),
            tooltip=[
                alt.Tooltip("period:T", title=period_title),
                alt.Tooltip("users:Q", title=users_title, format=","),
            ],
        )
        .properties(height=280)
    )
    return style(chart)
