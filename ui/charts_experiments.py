"""Altair chart builders for the Experiments page. They return charts; no ``st`` calls.

Titles come in already translated (the page passes ``t(...)`` strings); fractions are drawn
as percentages.
"""

from __future__ import annotations

import functools
import json

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import PALETTE, style

__all__ = ["interval_chart", "sequence_chart", "size_chart", "size_spec"]

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
    x = alt.X("low:Q", title=value_title, axis=alt.Axis(format="%"))
    colour = alt.condition(alt.datum.control, alt.value(_CONTROL), alt.value(PALETTE[0]))
    tips = [
        alt.Tooltip("variant:N", title=variant_title),
        alt.Tooltip("value:Q", title=value_title, format=".2%"),
        alt.Tooltip("low:Q", format=".2%"),
        alt.Tooltip("high:Q", format=".2%"),
    ]
    base = alt.Chart(d)
    layers = [
        base.mark_rule(strokeWidth=6, opacity=0.45).encode(y=y, x=x, x2="high:Q", color=colour),
        base.mark_point(filled=True, size=110).encode(y=y, x="value:Q", color=colour, tooltip=tips),
    ]
    if extra:
        layers.insert(
            0,
            base.mark_tick(thickness=2, size=22, color=PALETTE[1]).encode(
                y=y, x=alt.X("low2:Q", title=value_title)
            )
            + base.mark_tick(thickness=2, size=22, color=PALETTE[1]).encode(
                y=y, x=alt.X("high2:Q", title=value_title)
            ),
        )
    if zero:
        zero_rule = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 3])
        layers.append(zero_rule.encode(x=alt.X("x:Q", title=value_title)))
    return style(alt.layer(*layers).properties(height=alt.Step(44)))


def sequence_chart(
    seq: pd.DataFrame,
    *,
    day_title: str,
    diff_title: str,
    band_title: str,
    fixed_title: str,
    variant_title: str,
    domain: tuple[float, float] | None = None,
) -> alt.TopLevelMixin:
    """The difference in conversion rate against the control day by day (a line per
    variant) inside its always-valid band (``cs_low`` .. ``cs_high``), the fixed-horizon
    interval as dashed lines, a rule at 0; ``domain`` clips the y axis (marks clipped)."""
    x = alt.X("day:T", title=day_title)
    scale = alt.Scale(domain=list(domain)) if domain else alt.Scale()
    y_axis = alt.Axis(format="%")
    colour = alt.Color("variant:N", title=variant_title, scale=alt.Scale(range=PALETTE))
    base = alt.Chart(seq)
    band = base.mark_area(opacity=0.18, clip=True).encode(
        x=x,
        y=alt.Y("cs_low:Q", title=diff_title, axis=y_axis, scale=scale),
        y2=alt.Y2("cs_high:Q", title=diff_title),
        color=colour,
    )
    dashed = [
        base.mark_line(strokeDash=[3, 3], strokeWidth=1, clip=True).encode(
            x=x, y=alt.Y(f"{c}:Q", title=diff_title, scale=scale), color=colour
        )
        for c in ("fixed_low", "fixed_high")
    ]
    tips = [
        alt.Tooltip("day:T", title=day_title),
        alt.Tooltip("variant:N", title=variant_title),
        alt.Tooltip("diff:Q", title=diff_title, format="+.2%"),
        alt.Tooltip("cs_low:Q", title=band_title, format="+.2%"),
        alt.Tooltip("cs_high:Q", title=band_title, format="+.2%"),
        alt.Tooltip("fixed_low:Q", title=fixed_title, format="+.2%"),
        alt.Tooltip("fixed_high:Q", title=fixed_title, format="+.2%"),
    ]
    line = base.mark_line(point=len(seq) <= 60, clip=True).encode(
        x=x, y=alt.Y("diff:Q", title=diff_title, scale=scale), color=colour, tooltip=tips
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(strokeDash=[4, 3])
    zero = zero.encode(y=alt.Y("y:Q", title=diff_title, scale=scale))
    return style(alt.layer(band, *dashed, line, zero).properties(height=300))


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
    here = pd.DataFrame({"mde": [mde], "per_arm": [per_arm]})
    return style(
        _size_layers(
            alt.Data(values=d.to_dict("records")),
            alt.Data(values=here.to_dict("records")),
            mde_title,
            users_title,
            days_title,
        )
    )


def _size_layers(curve_data, point_data, mde_title: str, users_title: str, days_title: str):
    x = alt.X("mde:Q", title=mde_title, axis=alt.Axis(format="%"))
    y = alt.Y("per_arm:Q", title=users_title, scale=alt.Scale(type="log"))
    tips = [
        alt.Tooltip("mde:Q", title=mde_title, format=".1%"),
        alt.Tooltip("per_arm:Q", title=users_title, format=",.0f"),
        alt.Tooltip("days:Q", title=days_title, format=",.0f"),
    ]
    line = alt.Chart(curve_data).mark_line(color=PALETTE[0]).encode(x=x, y=y, tooltip=tips)
    point = alt.Chart(point_data).mark_point(filled=True, size=120, color=PALETTE[2])
    return alt.layer(line, point.encode(x=x, y=y)).properties(height=260)


@functools.lru_cache(maxsize=16)
def _size_template(titles: tuple[str, str, str], big: bool, lang: str) -> str:
    """The styled planning chart's spec with named data sets ``curve`` and ``here`` (JSON)."""
    chart = _size_layers(alt.NamedData("curve"), alt.NamedData("here"), *titles)
    return json.dumps(style(chart, big=big, lang=lang).to_dict())


def size_spec(
    curve: dict[str, np.ndarray],
    mde: float,
    per_arm: float,
    *,
    mde_title: str,
    users_title: str,
    days_title: str,
    big: bool = False,
    lang: str = "en",
) -> dict:
    """:func:`size_chart` as a Vega-Lite spec (for ``st.vega_lite_chart``): the styled
    template is built once per titles, size and language, and only the data change, so the
    planning card's rerun skips Altair (its validation costs ~20 ms a run)."""
    spec = json.loads(_size_template((mde_title, users_title, days_title), big, lang))
    m, n, dd = curve["mde"], curve["per_arm"], curve["days"]
    ok = np.isfinite(n)
    spec["datasets"] = {
        "curve": [
            {"mde": float(a), "per_arm": float(b), "days": float(c)}
            for a, b, c in zip(m[ok], n[ok], dd[ok], strict=True)
        ],
        "here": [{"mde": float(mde), "per_arm": float(per_arm)}],
    }
    return spec
