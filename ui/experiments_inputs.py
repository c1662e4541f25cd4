"""The Experiments page's inputs: an event log's variant column, orders with a variant or
coupon column (users typed in), or a typed table; the population (all users or a segment).

Each input returns an ``analytics.experiments.ExperimentData`` or None after saying why."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analytics import experiments as ex
from analytics import funnel as fn
from analytics import orders as ordrule
from analytics import rfm
from analytics.schema import Dataset
from ui import format as fmt
from ui import state
from ui.i18n import error_text, t
from ui.safe import inert
from ui.widgets import cached, choice_for, fmt_num

__all__ = ["source_choice", "read_input"]


def warn(err: Exception) -> None:
    """A coded error in the user's words; anything else by its type."""
    if isinstance(err, ValueError):
        st.warning(t("experiments.cannot", error=inert(error_text(err))))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


def source_choice(events: Dataset | None, orders: Dataset | None) -> str:
    """Where the experiment comes from: the event log, the orders or a typed table."""
    options = ["events", "orders", "table"]
    default = "events" if events is not None else "orders" if orders is not None else "table"
    return choice_for("experiments.source", options, default, help=t("experiments.help.source"))


def _variant_column(ds: Dataset) -> str | None:
    names = cached(ex.variant_columns, ds)
    if not names:
        st.info(t("experiments.no_variant_col"))
        return None
    return st.selectbox(
        t("experiments.variant_col"),
        names,
        key="experiments.variant_col",
        format_func=str,
        help=t("experiments.help.variant_col"),
    )


def _segment_users() -> list[str] | None:
    """The population: None for all users, else the customers of the segment picked."""
    orders = state.active("orders")
    c = st.columns([1, 2])
    with c[0]:
        pop = choice_for(
            "experiments.population",
            ["all", "segment"],
            "all",
            help=t("experiments.help.population"),
        )
    if pop == "all":
        return None
    if orders is None or not ordrule.has_customers(orders.frame):
        c[1].info(t("experiments.segment_needs_orders"))
        return None
    params = {
        "as_of": pd.Timestamp(state.widget("segments.as_of") or cached(rfm.default_as_of, orders)),
        "bins": state.widget("segments.bins") or 5,
        "threshold": state.widget("segments.threshold") or "mean",
    }
    scheme = state.widget("segments.scheme") or "rf"
    groups = cached(ex.segment_users, orders, scheme=scheme, **params)
    seg = c[1].selectbox(
        t("experiments.segment"),
        list(groups),
        key="experiments.segment",
        format_func=lambda k: t(f"segments.seg.{k}"),
    )
    if seg is None:
        return None
    c[1].caption(t("experiments.segment_n", n=fmt_num(len(groups[seg]))))
    return groups[seg]


def _events_input(ds: Dataset) -> ex.ExperimentData | None:
    c = st.columns(3)
    with c[0]:
        variant = _variant_column(ds)
    if variant is None:
        return None
    names = cached(fn.event_counts, ds)["event"].astype(str).tolist()
    conv_default = names.index("purchase") if "purchase" in names else len(names) - 1
    conversion = c[1].selectbox(
        t("experiments.conversion"),
        names,
        index=max(conv_default, 0),
        key="experiments.conversion",
        format_func=str,
    )
    values = [c for c in ("price", "revenue", "amount") if c in ds.frame] + [""]
    value = c[2].selectbox(
        t("experiments.value"),
        values,
        key="experiments.value",
        format_func=lambda v: str(v) if v else t("experiments.value_none"),
    )
    users = _segment_users()
    try:
        params = {"conversion": conversion, "value": value or None}
        if users is not None:
            params["users"] = tuple(users)
        return cached(ex.from_events, ds, variant=variant, **params)
    except ValueError as err:
        warn(err)
        return None


def _editor(base: pd.DataFrame, key: str, *, fixed: bool) -> pd.DataFrame:
    cfg = {
        "variant": st.column_config.TextColumn(t("experiments.col.variant"), disabled=fixed),
        "users": st.column_config.NumberColumn(t("experiments.col.users"), min_value=0, step=1),
        "conversions": st.column_config.NumberColumn(
            t("experiments.col.conversions"), min_value=0, step=1, disabled=fixed
        ),
        "revenue": st.column_config.NumberColumn(
            t("experiments.col.revenue"), min_value=0.0, disabled=fixed
        ),
    }
    return st.data_editor(
        base,
        num_rows="fixed" if fixed else "dynamic",
        hide_index=True,
        width="stretch",
        column_config=cfg,
        column_order=["variant", "users", "conversions", "revenue"],
        key=key,
        placeholder=fmt.NA,
    )


def _typed(edited: pd.DataFrame, extra: pd.DataFrame | None = None) -> ex.ExperimentData | None:
    filled = edited.dropna(subset=["users", "conversions"])
    if filled["variant"].fillna("").astype(str).str.strip().ne("").sum() < 2:
        st.info(t("experiments.fill"))
        return None
    if extra is not None:  # the orders' revenue spread per variant, kept beside the edits
        filled = filled.merge(extra, on="variant", how="left")
    try:
        return ex.from_table(filled)
    except ValueError as err:
        warn(err)
        return None


def _orders_input(ds: Dataset) -> ex.ExperimentData | None:
    variant = _variant_column(ds)
    if variant is None:
        return None
    try:
        got = cached(ex.from_orders, ds, variant=variant)
    except ValueError as err:
        warn(err)
        return None
    st.caption(t("experiments.orders_note"))
    s = got.summary
    base = s[["variant", "users", "conversions", "revenue"]]
    edited = _editor(base, f"experiments.orders_users.{variant}", fixed=True)
    return _typed(edited, s[["variant", "revenue_sq"]])


def _table_input() -> ex.ExperimentData | None:
    st.caption(t("experiments.table_note"))
    base = pd.DataFrame(
        {
            "variant": ["A", "B"],
            "users": [np.nan, np.nan],
            "conversions": [np.nan, np.nan],
            "revenue": [np.nan, np.nan],
        }
    )
    return _typed(_editor(base, "experiments.table", fixed=False))


def read_input(source: str, events: Dataset | None, orders: Dataset | None):
    """The experiment of ``source`` (None when it cannot be read yet; the reason is shown)."""
    if source == "events":
        if events is None:
            st.info(t("common.no_data", kind=t("kind.events")))
            return None
        return _events_input(events)
    if source == "orders":
        if orders is None:
            st.info(t("common.no_data", kind=t("kind.orders")))
            return None
        return _orders_input(orders)
    return _table_input()
