"""Altair chart builders for the Experiments page. They return charts; no ``st`` calls.

Titles come in already translated (the page passes ``t(...)`` strings); fractions are drawn
as percentages.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import PALETTE, style

__all__ = ["interval_chart", "sequence_chart", "size_chart"]

_CONTROL = "#9aa5b1"


def interval_chart(
    table: pd.DataFrame,
    *,
    value: str,
    low: str,
    high: str,
    variant_title: str,
    value_title: str,
    zero: bool = False,
    extra: tuple[str, str, str] | None = None,
) -> alt.TopLevelMixin:
    """One row per variant: a point at ``value`` and a bar from ``low`` to ``high`` (the
    control grey). ``zero`` draws a rule at 0; ``extra`` = (low, high, legend text) draws a
    second, thinner interval under it (the fixed-horizon one beside the always-valid one)."""
    cols = ["variant", "control", value, low, high] + (list(extra[:2]) if extra else [])
    d = table[cols].rename(columns={value: "value", low: "low", high: "high"})
    if extra:
        d = d.rename(columns={extra[0]: "low2", extra[1]: "high2"})
    order = d["variant"].tolist()
    y = alt.Y("variant:N", sort=order, title=variant_title, axis=alt.Axis(labelLimit=200))
    pct = alt.Axis(format="%")
    colour = alt.condition(alt.datum.control, alt.value(_CONTROL), alt.value(PALETTE[0]))
    tips = [
        alt.Tooltip("variant:N", title=variant_title),
        alt.Tooltip("value:Q", title=value_title, format=".2%"),
        alt.Tooltip("low:Q", format=".2%"),
        alt.Tooltip("high:Q", format=".2%"),
    ]
    base = alt.Chart(d)
    layers = [
        base.mark_rule(strokeWidth=6, opacity=0.45).encode(
            y=y, x=alt.X("low:Q", title=value_title, axis=pct), x2="high:Q", color=colour
        ),
        base.mark_point(filled=True, size=110).encode(y=y, x="value:Q", color=colour, tooltip=tips),
    ]
    if extra:
        layers.insert(
            0,
            base.mark_tick(thickness=2, size=22, color=PALETTE[1]).encode(y=y, x="low2:Q")
            + base.mark_tick(thickness=2, size=22, color=PALETTE[1]).encode(y=y, x="high2:Q"),
        )
    if zero:
        zero_rule = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 3])
        layers.append(zero_rule.encode(x="x:Q"))
    height = max(90, 46 * len(d))
    return style(alt.layer(*layers).properties(height=height))


def sequence_chart(
    seq: pd.DataFrame,
    *,
    day_title: str,
    diff_title: str,
    band_title: str,
    variant_title: str,
) -> alt.TopLevelMixin:
    """The difference in conversion rate against the control day by day (a line per
    variant) inside its always-valid band (``cs_low`` .. ``cs_high``), with a rule at 0."""
    d = seq.assign(band=band_title)
    x = alt.X("day:T", title=day_title)
    colour = alt.Color("variant:N", title=variant_title, scale=alt.Scale(range=PALETTE))
    band = (
        alt.Chart(d)
        .mark_area(opacity=0.18)
        .encode(
            x=x,
            y=alt.Y("cs_low:Q", title=diff_title, axis=alt.Axis(format="%")),
            y2="cs_high:Q",
            color=colour,
        )
    )
    line = (
        alt.Chart(d)
        .mark_line(point=len(d) <= 60)
        .encode(
            x=x,
            y="diff:Q",
            color=colour,
            tooltip=[
                alt.Tooltip("day:T", title=day_title),
                alt.Tooltip("variant:N", title=variant_title),
                alt.Tooltip("diff:Q", title=diff_title, format="+.2%"),
                alt.Tooltip("cs_low:Q", title=band_title, format="+.2%"),
                alt.Tooltip("cs_high:Q", title=band_title, format="+.2%"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(strokeDash=[4, 3]).encode(y="y:Q")
    return style(alt.layer(band, line, zero).properties(height=300))


def size_chart(
    curve: dict[str, np.ndarray],
    mde: float,
    per_arm: float,
    *,
    mde_title: str,
    users_title: str,
    days_title: str,
) -> alt.TopLevelMixin:
    """Users per variant by relative MDE (log scale), the plan's point marked."""
    d = pd.DataFrame({"mde": curve["mde"], "per_arm": curve["per_arm"], "days": curve["days"]})
    d = d[np.isfinite(d["per_arm"])]
    x = alt.X("mde:Q", title=mde_title, axis=alt.Axis(format="%"))
    y = alt.Y("per_arm:Q", title=users_title, scale=alt.Scale(type="log"))
    tips = [
        alt.Tooltip("mde:Q", title=mde_title, format=".1%"),
        alt.Tooltip("per_arm:Q", title=users_title, format=",.0f"),
        alt.Tooltip("days:Q", title=days_title, format=",.0f"),
    ]
    line = alt.Chart(d).mark_line(color=PALETTE[0]).encode(x=x, y=y, tooltip=tips)
    here = pd.DataFrame({"mde": [mde], "per_arm": [per_arm]})
    point = alt.Chart(here).mark_point(filled=True, size=120, color=PALETTE[2]).encode(x=x, y=y)
    return style(alt.layer(line, point).properties(height=260))
