"""The pricing page's context and its first sections: position now and the price index.

``views/pricing.py`` routes; history, changes, alerts and promotions are in
``ui/pricing_changes.py``, title matching and costs in ``ui/pricing_setup.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import pricing as pr
from analytics.schema import Dataset
from ui import format as fmt
from ui import shop, state
from ui.charts_pricing import contribution_bars, gap_heatmap, index_line
from ui.i18n import t
from ui.safe import inert, user_error
from ui.widgets import cached, choice_for, download_buttons, fmt_num, table, titles

__all__ = [
    "PricingContext",
    "context",
    "date_col",
    "digest",
    "guarded",
    "index_section",
    "money_col",
    "number_row",
    "pct_col",
    "position_section",
    "wide_table",
]

# format_func values are plain dict lookups (texts made in this run, in its language)
FREQS = {"": "pricing.freq.none", "W": "pricing.freq.week", "M": "pricing.freq.month"}


@dataclasses.dataclass(frozen=True)
class PricingContext:
    """What every pricing section reads: the data (as loaded and as worked on) and the settings."""

    ds: Dataset  # as loaded: title matching proposes from it
    work: Dataset  # with accepted title matches and the per-unit price applied
    own: str
    freq: str | None
    competitors: list[str]
    matches: pd.DataFrame | None
    costs: dict[str, float]

    @property
    def own_only(self) -> bool:
        """One seller only (the user's own price history): what needs competitors says so."""
        return not self.competitors

    @property
    def cost(self) -> pd.Series | None:
        return pd.Series(self.costs, dtype=float) if self.costs else None


def money_col(key: str, **kwargs) -> st.column_config.NumberColumn:
    """A price column: 2 decimals and the shop's currency."""
    money = fmt.column_format("money", shop.currency())
    return st.column_config.NumberColumn(t(key), format=money, **kwargs)


def pct_col(key: str, **kwargs) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(t(key), format="percent", **kwargs)


def date_col(key: str) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(t(key))


def number_row(specs: list[tuple], extra: int = 0) -> list:
    """Number inputs side by side, one per (label key, min, max, default, step, widget key),
    then ``extra`` empty columns for other widgets of the row."""
    cols = st.columns(len(specs) + extra)
    values = [
        col.number_input(t(label), lo, hi, value, step=step, key=key)
        for col, (label, lo, hi, value, step, key) in zip(cols, specs, strict=False)
    ]
    return values + cols[len(specs) :]


def wide_table(frame: pd.DataFrame, colcfg: dict) -> None:
    """A page-wide table with its columns named and formatted by ``colcfg``."""
    table(frame, width="stretch", column_config=colcfg)


def digest(days) -> str:
    """A key suffix per set of dates: a date slider's value never carries over to other options."""
    return hashlib.sha1(repr([str(d) for d in days]).encode()).hexdigest()[:8]


def guarded(section: Callable[[PricingContext], None], ctx: PricingContext) -> None:
    """Draw a section; a failure is shown to the user (what to fix), never a traceback."""
    try:
        section(ctx)
    except Exception as err:
        if isinstance(err, ValueError):
            st.warning(t("pricing.cannot", error=user_error(err)))
        else:
            st.error(t("common.error_unexpected", error=type(err).__name__))


def _controls(ds: Dataset, sellers: list[str]) -> tuple[str, str | None, float | None]:
    marked = cached(pr.own_seller_from, ds)
    c1, c2, c3 = st.columns([2, 2, 2])
    own = c1.selectbox(
        t("pricing.own"),
        sellers,
        index=sellers.index(marked) if marked in sellers else 0,
        key="pricing.own",
        help=t("pricing.own_help"),
    )
    freq = c2.selectbox(
        t("pricing.freq"),
        list(FREQS),
        format_func={f: t(k) for f, k in FREQS.items()}.get,
        key="pricing.freq",
        help=t("pricing.freq_help"),
    )
    per = None
    if "unit_size" in ds.frame.columns and c3.toggle(
        t("pricing.per_unit"), key="pricing.per_unit", help=t("pricing.per_unit_help")
    ):
        per = c3.number_input(
            t("pricing.per_amount"), min_value=0.001, value=100.0, key="pricing.per_amount"
        )
    return own, freq or None, per


def context(ds: Dataset, sellers: list[str]) -> PricingContext:
    """The shared settings (own seller, period, per unit) and the data they make."""
    own, freq, per = _controls(ds, sellers)
    matches = state.get("pricing.matches")
    costs: dict[str, float] = state.get("pricing.costs", {})
    matched = matches is not None and len(matches) > 0
    work = ds
    if matched or per is not None:
        work = dataclasses.replace(
            ds,
            frame=cached(pr.prepare, ds, matches=matches, per=per),
            fingerprint=pr.prepared_fingerprint(ds.fingerprint, per, matches),
        )
        notes = [t("pricing.matches_active", n=int(matches["accept"].sum()))] if matched else []
        if per is not None:
            notes.append(t("pricing.per_unit_active", per=fmt_num(per, 3).rstrip("0").rstrip(".")))
        st.info(" ".join(notes))
    ctx = PricingContext(ds, work, own, freq, [s for s in sellers if s != own], matches, costs)
    if ctx.own_only:
        st.info(t("pricing.own_only", seller=inert(own)))
    return ctx


def _heatmap(ctx: PricingContext, pos: pd.DataFrame, n_compared: int) -> None:
    st.subheader(t("pricing.heatmap"))
    st.caption(t("pricing.heatmap_help"))
    h1, h2 = st.columns([3, 2])
    order = choice_for("pricing.heat_order", ["gap", "behind", "ahead"], "gap", where=h1)
    top_n = h2.slider(t("pricing.heat_n"), 5, 60, min(25, n_compared), key="pricing.heat_n")
    pick = pr.heat_products(pos, order, top_n)
    gaps = cached(pr.gap_matrix, ctx.work, own_seller=ctx.own, products=pick, freq=ctx.freq)
    names = titles("pricing.col", product_title="product", seller_title="seller")
    names |= titles("pricing.col", gap_title="gap_to_us", price_title="price")
    frame, order = pr.heat_frame(gaps, pos, pick), [ctx.own, *ctx.competitors]
    st.altair_chart(gap_heatmap(frame, **names, seller_order=order), width="stretch")


def _position_table(pos: pd.DataFrame) -> None:
    st.subheader(t("pricing.position_table"))
    st.caption(t("pricing.position_help"))
    shown = pos.assign(status=pos["status"].map(lambda s: t(f"pricing.status.{s}")))
    text = st.column_config.TextColumn
    colcfg = {c: text(t(f"pricing.col.{c}")) for c in ("product", "title", "cheapest_seller")}
    colcfg |= {c: money_col(f"pricing.col.{c}") for c in ("our_price", "comp_min", "comp_median")}
    colcfg |= {c: money_col(f"pricing.col.{c}") for c in ("comp_max", "gap_money", "cost")}
    colcfg |= {
        "competitors": st.column_config.NumberColumn(t("pricing.col.competitors")),
        "rank": st.column_config.NumberColumn(t("pricing.col.rank"), help=t("pricing.rank_help")),
        "sellers": st.column_config.NumberColumn(t("pricing.col.sellers")),
        "gap_pct": pct_col("pricing.col.gap_pct", help=t("pricing.gap_help")),
        "status": text(t("pricing.col.status")),
        "margin_pct": pct_col("pricing.col.margin", help=t("pricing.margin_help")),
        "margin_if_match_pct": pct_col(
            "pricing.col.margin_match", help=t("pricing.margin_match_help")
        ),
    }
    wide_table(shown, colcfg)
    download_buttons(pos, "price_position", key="pricing.dl_position")


_COUNTS = ("cheapest", "middle", "most_expensive", "only_us")


def position_section(ctx: PricingContext) -> None:
    """Position now: counts by position, the gap heat map, the position table."""
    if ctx.own_only:
        st.info(t("pricing.needs_competitors", seller=inert(ctx.own)))
        return
    pos = cached(pr.position, ctx.work, own_seller=ctx.own, cost=ctx.cost, freq=ctx.freq)
    counts = pr.position_counts(pos)
    for col, name in zip(st.columns(4), _COUNTS, strict=True):
        col.metric(t(f"pricing.{name}"), fmt_num(counts[name]), help=t(f"pricing.{name}_help"))
    n_compared = len(pr.compared(pos))
    if n_compared == 0:
        st.warning(t("pricing.no_overlap", seller=inert(ctx.own)))
    else:
        _heatmap(ctx, pos, n_compared)
    _position_table(pos)


def _index_params(ctx: PricingContext) -> dict:
    i1, i2, i3 = st.columns([3, 2, 2])
    method = i1.selectbox(
        t("pricing.method"),
        list(pr.METHODS),
        format_func={m: t(f"pricing.method.{m}") for m in pr.METHODS}.get,
        key="pricing.method",
    )
    rival = None
    if method == "competitor":
        rival = i2.selectbox(t("pricing.rival"), ctx.competitors, key="pricing.rival")
    weights = None
    orders = state.active("orders")
    if orders is not None and i3.toggle(
        t("pricing.weighted"), key="pricing.weighted", help=t("pricing.weighted_help")
    ):
        weights = cached(pr.sales_weights, orders, ctx.work)
        if weights.empty:
            st.warning(t("pricing.no_weights"))
            weights = None
    st.info(t(f"pricing.method.{method}.def", rival=inert(rival)))
    return dict(own_seller=ctx.own, method=method, competitor=rival, weights=weights, freq=ctx.freq)


def _contributions(ctx: PricingContext, days: list, params: dict) -> None:
    start, end = st.select_slider(
        t("pricing.contrib_range"),
        options=days,
        value=(days[0], days[-1]),
        format_func=lambda d: f"{d:%Y-%m-%d}",
        key=f"pricing.contrib_range.{digest(days)}",
    )
    contrib = cached(pr.index_contributions, ctx.work, start=start, end=end, **params)
    a = contrib.attrs
    span = {"start": f"{a['start']:%Y-%m-%d}", "end": f"{a['end']:%Y-%m-%d}"}
    ab = {"a": fmt_num(a["index_start"], 1), "b": fmt_num(a["index_end"], 1)}
    st.caption(t("pricing.contrib_help", **span, **ab))
    contrib = contrib.copy()
    contrib.attrs = {}  # dates in attrs do not serialise for the browser
    top = contrib.head(15)
    if not top.empty:
        names = titles("pricing.col", product_title="product", points_title="points")
        chart = contribution_bars(top.assign(label=pr.product_labels(top)), **names)
        st.altair_chart(chart, width="stretch")
    ratio = {f"ratio_{e}": f"pricing.col.ratio_{e}" for e in ("start", "end")}
    colcfg = {c: st.column_config.NumberColumn(t(k), format="%.1f") for c, k in ratio.items()}
    colcfg["contribution"] = st.column_config.NumberColumn(t("pricing.col.points"), format="%+.2f")
    colcfg |= {"product": t("pricing.col.product"), "title": t("pricing.col.title")}
    wide_table(contrib, colcfg)
    download_buttons(contrib, "index_contributions", key="pricing.dl_contrib")


def index_section(ctx: PricingContext) -> None:
    """The price index: method, latest value, its line, what moved it between two dates."""
    if ctx.own_only:
        st.info(t("pricing.needs_competitors", seller=inert(ctx.own)))
        return
    params = _index_params(ctx)
    index = cached(pr.index_table, ctx.work, **params)
    now = pr.index_summary(index)
    if now is None:
        st.warning(t("pricing.no_index", seller=inert(ctx.own)))
        return
    k = st.columns(3)
    k[0].metric(
        t("pricing.index_now", date=f"{now['date']:%Y-%m-%d}"),
        fmt_num(now["index"], 1),
        None if now["delta"] is None else f"{now['delta']:+.1f}",
        delta_color="off",
        help=t(f"pricing.method.{params['method']}.def", rival=inert(params["competitor"])),
    )
    k[1].metric(t("pricing.index_products"), fmt_num(now["products"]))
    k[2].metric(t("pricing.index_mean"), fmt_num(now["mean"], 1))
    titles = {"date_title": t("pricing.col.date"), "index_title": t("pricing.col.index")}
    chart = index_line(index.reset_index(), **titles, products_title=t("pricing.index_products"))
    st.altair_chart(chart, width="stretch")
    st.subheader(t("pricing.contrib"))
    if len(now["days"]) > 1:
        _contributions(ctx, now["days"], params)
    else:
        st.caption(t("pricing.contrib_one_date"))
    download_buttons(index.reset_index(), "price_index", key="pricing.dl_index")
