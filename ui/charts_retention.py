"""Chart builders of the Retention & LTV page (pure: frames in, ``alt.Chart`` out)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import amount_axis, heat_grid, style

__all__ = ["triangle", "curves", "value_curves", "fit_bars"]

_PCT = alt.Axis(format=".0%")
_STEP = alt.Axis(format="d", tickMinStep=1)  # whole periods only


def triangle(
    cells: pd.DataFrame,
    *,
    cohort_title: str,
    period_title: str,
    rate_title: str,
    members_title: str,
    incomplete_title: str,
) -> alt.TopLevelMixin:
    """The cohort triangle: ``cohort`` (rows, newest last) x ``period`` coloured by ``rate``;
    incomplete cells grey with a ✱ after their rate."""
    data = cells.assign(
        label=cells["cohort"].dt.strftime("%Y-%m-%d"),
        text=[
            f"{r:.0%}" + ("✱" if inc else "")
            for r, inc in zip(cells["rate"], cells["incomplete"], strict=True)
        ],
    )
    rows = list(dict.fromkeys(data["label"]))
    colour = alt.condition(
        "datum.incomplete",
        alt.value("#e6e6e6"),
        alt.Color("rate:Q", title=rate_title, scale=alt.Scale(scheme="blues"), legend=None),
    )
    return heat_grid(
        data,
        x=alt.X("period:O", title=period_title, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("label:N", title=cohort_title, sort=rows, axis=alt.Axis(labelOverlap=False)),
        color=colour,
        tooltip=[
            alt.Tooltip("label:N", title=cohort_title),
            alt.Tooltip("period:O", title=period_title),
            alt.Tooltip("rate:Q", title=rate_title, format=".1%"),
            alt.Tooltip("members:Q", title=members_title, format=",.0f"),
            alt.Tooltip("incomplete:N", title=incomplete_title),
        ],
        text={"text": alt.Text("text:N")},
        height=max(160, 22 * len(rows)),
    )


def curves(
    average: pd.DataFrame,
    cohorts: pd.DataFrame,
    *,
    period_title: str,
    rate_title: str,
    cohort_title: str,
    average_label: str,
) -> alt.TopLevelMixin:
    """The size-weighted average curve (thick, with its Wilson band) over the latest cohorts'
    curves (thin, complete cells only)."""
    avg = average[average["period"] >= 1]
    band = (
        alt.Chart(avg)
        .mark_area(opacity=0.2, color="#1f77b4")
        .encode(
            x=alt.X("period:Q", title=period_title, axis=_STEP),
            y=alt.Y("lo:Q", title=rate_title, axis=_PCT),
            y2="hi:Q",
        )
    )
    line = (
        alt.Chart(avg.assign(series=average_label))
        .mark_line(point=True, strokeWidth=3, color="#1f77b4")
        .encode(
            x=alt.X("period:Q", title=period_title, axis=_STEP),
            y=alt.Y("rate:Q", title=rate_title, axis=_PCT),
            tooltip=[
                alt.Tooltip("period:Q", title=period_title),
                alt.Tooltip("rate:Q", title=rate_title, format=".1%"),
                alt.Tooltip("lo:Q", format=".1%"),
                alt.Tooltip("hi:Q", format=".1%"),
            ],
        )
    )
    c = cohorts[cohorts["period"] >= 1].assign(label=cohorts["cohort"].dt.strftime("%Y-%m-%d"))
    thin = (
        alt.Chart(c)
        .mark_line(strokeWidth=1, opacity=0.6)
        .encode(
            x=alt.X("period:Q", title=period_title, axis=_STEP),
            y=alt.Y("rate:Q", title=rate_title, axis=_PCT),
            color=alt.Color("label:N", title=cohort_title),
            tooltip=[
                alt.Tooltip("label:N", title=cohort_title),
                alt.Tooltip("rate:Q", title=rate_title, format=".1%"),
            ],
        )
    )
    return style((band + thin + line).properties(height=320))


def value_curves(
    curve: pd.DataFrame,
    cac: pd.DataFrame | None,
    *,
    period_title: str,
    value_title: str,
    channel_title: str,
    cac_title: str,
    currency: str | None,
    lang: str,
) -> alt.TopLevelMixin:
    """Cumulative margin per customer by channel (``channel, period, per_member``), with each
    channel's acquisition cost per customer as a dashed rule (``channel, cac``)."""
    axis = amount_axis(currency, lang)
    lines = (
        alt.Chart(curve)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:Q", title=period_title, axis=_STEP),
            y=alt.Y("per_member:Q", title=value_title, axis=axis),
            color=alt.Color("channel:N", title=channel_title),
            tooltip=[
                alt.Tooltip("channel:N", title=channel_title),
                alt.Tooltip("period:Q", title=period_title),
                alt.Tooltip("per_member:Q", title=value_title, format=",.2f"),
            ],
        )
    )
    if cac is None or cac.empty:
        return style(lines.properties(height=320))
    rules = (
        alt.Chart(cac)
        .mark_rule(strokeDash=[6, 4])
        .encode(
            y=alt.Y("cac:Q", title=value_title, axis=axis),
            color=alt.Color("channel:N", title=channel_title),
            tooltip=[
                alt.Tooltip("channel:N", title=channel_title),
                alt.Tooltip("cac:Q", title=cac_title, format=",.2f"),
            ],
        )
    )
    return style((lines + rules).properties(height=360))


def fit_bars(
    hist: pd.DataFrame, *, repeat_title: str, customers_title: str, series_title: str
) -> alt.TopLevelMixin:
    """Actual vs expected customers per repeat-purchase count (``repeat``, ``series``,
    ``customers``; ``series`` already translated)."""
    order = list(dict.fromkeys(hist["repeat"]))
    return style(
        alt.Chart(hist)
        .mark_bar()
        .encode(
            x=alt.X("repeat:N", title=repeat_title, sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", title=series_title),
            y=alt.Y("customers:Q", title=customers_title),
            color=alt.Color("series:N", title=series_title),
            tooltip=[
                alt.Tooltip("repeat:N", title=repeat_title),
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("customers:Q", title=customers_title, format=",.0f"),
            ],
        )
        .properties(height=300)
    )
