"""Altair chart builders for the competitor-price page. They return charts; no ``st`` calls.

Every label is passed in by the page (already translated), so the builders
stay language-free.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import heat_grid, style

__all__ = ["gap_heatmap", "index_line", "history_chart", "drop_bars", "contribution_bars"]


def gap_heatmap(
    gaps: pd.DataFrame,
    *,
    product_title: str,
    seller_title: str,
    gap_title: str,
    price_title: str,
    seller_order: list[str] | None = None,
) -> alt.TopLevelMixin:
    """Products x sellers, coloured by the seller's price gap to ours (blue = cheaper than us).

    ``gaps`` has ``label`` (product shown on the y axis), ``seller``, ``price``,
    ``our_price``, ``gap_pct`` (fraction).
    """
    data = gaps.assign(gap_label=(gaps["gap_pct"] * 100).round(0).astype(int).astype(str) + "%")
    height = max(160, min(26 * data["label"].nunique(), 1600))
    limit = float(min(max(data["gap_pct"].abs().quantile(0.95), 0.05), 1.0))
    x_axis = alt.Axis(labelAngle=0, orient="top", labelLimit=160)
    y_axis = alt.Axis(labelLimit=320, labelOverlap=False)
    scale = alt.Scale(scheme="redblue", reverse=True, domain=[-limit, limit], clamp=True)
    return heat_grid(
        data,
        x=alt.X("seller:N", title=seller_title, sort=seller_order, axis=x_axis),
        y=alt.Y("label:N", title=product_title, sort=None, axis=y_axis),
        color=alt.Color("gap_pct:Q", title=gap_title, scale=scale, legend=alt.Legend(format="%")),
        tooltip=[
            alt.Tooltip("label:N", title=product_title),
            alt.Tooltip("seller:N", title=seller_title),
            alt.Tooltip("price:Q", title=price_title, format=",.2f"),
            alt.Tooltip("gap_pct:Q", title=gap_title, format="+.1%"),
        ],
        text={"text": "gap_label:N"},
        height=height,
    )


def index_line(
    index: pd.DataFrame, *, date_title: str, index_title: str, products_title: str
) -> alt.TopLevelMixin:
    """The index over time (``date``, ``index``, ``products``) with the par line at 100."""
    data = index.dropna(subset=["index"])
    line = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("date:T", title=date_title),
            y=alt.Y("index:Q", title=index_title, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("date:T", title=date_title),
                alt.Tooltip("index:Q", title=index_title, format=".1f"),
                alt.Tooltip("products:Q", title=products_title),
            ],
        )
    )
    par = (
        alt.Chart(pd.DataFrame({"y": [100.0]}))
        .mark_rule(strokeDash=[6, 4], color="#666")
        .encode(y="y:Q")
    )
    return style((par + line).properties(height=320))


def history_chart(
    hist: pd.DataFrame,
    *,
    date_title: str,
    price_title: str,
    seller_title: str,
    promo_label: str,
    stockout_label: str,
    marker_title: str,
) -> alt.TopLevelMixin:
    """Every seller's price as steps over time; promotions and stock-outs marked.

    ``hist`` has ``date``, ``seller``, ``price``, ``in_stock`` and ``promo``
    (booleans or NA).
    """
    data = hist.copy()
    data["in_stock"] = data["in_stock"].astype(object)
    data["promo"] = data["promo"].astype(object)
    lines = (
        alt.Chart(data)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", title=date_title),
            y=alt.Y("price:Q", title=price_title, scale=alt.Scale(zero=False)),
            color=alt.Color("seller:N", title=seller_title),
        )
    )
    points = lines.mark_point(filled=True, size=22, opacity=0.8).encode(
        tooltip=[
            alt.Tooltip("date:T", title=date_title),
            alt.Tooltip("seller:N", title=seller_title),
            alt.Tooltip("price:Q", title=price_title, format=",.2f"),
        ]
    )
    promo = data[data["promo"].eq(True)].assign(marker=promo_label)
    stock = data[data["in_stock"].eq(False)].assign(marker=stockout_label)
    marks = pd.concat([promo, stock], ignore_index=True)
    layers = [lines, points]
    if not marks.empty:
        layers.append(
            alt.Chart(marks)
            .mark_point(size=220, strokeWidth=2.5, filled=False)
            .encode(
                x="date:T",
                y="price:Q",
                shape=alt.Shape(
                    "marker:N",
                    title=marker_title,
                    scale=alt.Scale(
                        domain=[promo_label, stockout_label], range=["diamond", "cross"]
                    ),
                ),
                color=alt.value("#222"),
                tooltip=[
                    alt.Tooltip("date:T", title=date_title),
                    alt.Tooltip("seller:N", title=seller_title),
                    alt.Tooltip("marker:N", title=marker_title),
                    alt.Tooltip("price:Q", title=price_title, format=",.2f"),
                ],
            )
        )
    return style(alt.layer(*layers).properties(height=340).resolve_scale(shape="independent"))


def drop_bars(
    summary: pd.DataFrame, *, seller_title: str, count_title: str, kind_title: str, labels: dict
) -> alt.TopLevelMixin:
    """Stacked bars per seller: promotions, lasting changes, pending (``labels`` kind -> text)."""
    long = summary.melt(
        id_vars="seller",
        value_vars=["promotion", "lasting", "pending"],
        var_name="kind",
        value_name="count",
    )
    long["kind_label"] = long["kind"].map(labels)
    order = [labels["promotion"], labels["lasting"], labels["pending"]]
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("seller:N", title=seller_title, sort="-x"),
            x=alt.X("count:Q", title=count_title, stack="zero"),
            color=alt.Color(
                "kind_label:N",
                title=kind_title,
                scale=alt.Scale(domain=order, range=["#f28e2b", "#4e79a7", "#bab0ac"]),
            ),
            order=alt.Order("kind:N"),
            tooltip=[
                alt.Tooltip("seller:N", title=seller_title),
                alt.Tooltip("kind_label:N", title=kind_title),
                alt.Tooltip("count:Q", title=count_title),
            ],
        )
    )
    return style(chart.properties(height=max(120, 40 * summary["seller"].nunique())))


def contribution_bars(
    contrib: pd.DataFrame, *, product_title: str, points_title: str
) -> alt.TopLevelMixin:
    """Horizontal bars: index points each product added (+) or removed (-)."""
    data = contrib.assign(direction=contrib["contribution"] > 0)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=product_title, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("contribution:Q", title=points_title),
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(domain=[True, False], range=["#e15759", "#4e79a7"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title=product_title),
                alt.Tooltip("contribution:Q", title=points_title, format="+.2f"),
            ],
        )
    )
    return style(chart.properties(height=max(120, 26 * len(data))))
