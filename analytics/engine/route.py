"""Pick pandas or DuckDB for a loaded (in-memory) dataset by its size.

The pages call these in place of the pandas functions: below
:data:`~analytics.engine.aggregates.THRESHOLD_ROWS` rows they are the pandas functions;
above, the frame is handed to a fresh in-process DuckDB (through Arrow, no copy of the
strings; memory limit and spill folder from :func:`analytics.engine.connect`) and the
aggregation runs there, with the same result (the tests compare them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from analytics import funnel, retention, rfm
from analytics.engine import aggregates, live
from analytics.engine.aggregates import THRESHOLD_ROWS
from analytics.engine.core import connect
from analytics.engine.live import LiveTable
from analytics.messages import require_columns

__all__ = [
    "funnel_counts",
    "user_funnel",
    "analyse",
    "order_cohorts",
    "event_cohorts",
    "event_counts",
    "default_as_of",
    "has_customers",
    "uses_engine",
    "LIVE_READY",
]

Data = pd.DataFrame | LiveTable  # a loaded frame, or a table queried in place


def uses_engine(frame: Data, max_rows: int | None = None) -> bool:
    """True when ``frame`` is a table queried in place, or has more than ``max_rows`` rows
    (default :data:`~analytics.engine.aggregates.THRESHOLD_ROWS`): its aggregations run on
    an engine (DuckDB for a loaded frame)."""
    if isinstance(frame, LiveTable):
        return True
    return len(frame) > (THRESHOLD_ROWS if max_rows is None else max_rows)


def _on_duckdb(frame: Data, kind: str, run: Callable[..., Any]) -> Any:
    if isinstance(frame, LiveTable):  # in place, in the table's own engine
        return live.run(frame, run)
    eng = connect("")
    try:
        return run(eng, aggregates.frame_source(eng, kind, frame, kind))
    finally:
        eng.close()


def funnel_counts(
    events: pd.DataFrame,
    steps: Sequence[str | Sequence[str]],
    window: Any = funnel.DEFAULT_WINDOW,
    order: str = "sequential",
    exclude_in_progress: bool = False,
    *,
    count: str = "users",
    labels: Sequence[str] | None = None,
    max_rows: int | None = None,
) -> pd.DataFrame:
    """:func:`analytics.funnel.funnel_counts`, on DuckDB past the threshold."""
    opts = dict(count=count, labels=labels)
    if not uses_engine(events, max_rows):
        return funnel.funnel_counts(events, steps, window, order, exclude_in_progress, **opts)
    return _on_duckdb(
        events,
        "events",
        lambda eng, src: aggregates.funnel_counts(
            eng, src, steps, window, order, exclude_in_progress, **opts
        ),
    )


def user_funnel(
    events: pd.DataFrame,
    steps: Sequence[str | Sequence[str]],
    window: Any = funnel.DEFAULT_WINDOW,
    order: str = "sequential",
    *,
    labels: Sequence[str] | None = None,
    properties: Sequence[str] | None = None,
    max_rows: int | None = None,
) -> funnel.FunnelUsers:
    """:func:`analytics.funnel.user_funnel`, on DuckDB past the threshold (rows by user id)."""
    opts = dict(labels=labels, properties=properties)
    if not uses_engine(events, max_rows):
        return funnel.user_funnel(events, steps, window, order, **opts)
    return _on_duckdb(
        events,
        "events",
        lambda eng, src: aggregates.user_funnel(eng, src, steps, window, order, **opts),
    )


def analyse(orders: pd.DataFrame, as_of=None, *, max_rows: int | None = None, **opts: Any):
    """:func:`analytics.rfm.analyse`, its per-customer aggregation on DuckDB past the threshold."""
    if not uses_engine(orders, max_rows):
        return rfm.analyse(orders, as_of, **opts)
    if not isinstance(orders, LiveTable):
        rfm._check(orders)
    return _on_duckdb(
        orders, "orders", lambda eng, src: aggregates.analyse(eng, src, as_of, **opts)
    )


def order_cohorts(
    orders: pd.DataFrame,
    period: str = "week",
    definition: str = "first_time",
    window: str = "bracket",
    *,
    max_rows: int | None = None,
) -> retention.Retention:
    """:func:`analytics.retention.order_cohorts`, its cells counted on DuckDB past the
    threshold."""
    if not uses_engine(orders, max_rows):
        return retention.order_cohorts(orders, period, definition, window)
    if not isinstance(orders, LiveTable):
        require_columns(
            orders, "orders", ("customer_id", "order_time", "amount"), "analytics.retention.orders"
        )
    return _on_duckdb(
        orders,
        "orders",
        lambda eng, src: aggregates.cohort_counts(eng, src, period, definition, window),
    )


def event_cohorts(
    events: pd.DataFrame,
    period: str = "week",
    definition: str = "first_time",
    window: str = "bracket",
    start_event: str | None = None,
    return_event: str | None = None,
    *,
    max_rows: int | None = None,
) -> retention.Retention:
    """:func:`analytics.retention.event_cohorts`, its cells counted on DuckDB past the
    threshold."""
    if not uses_engine(events, max_rows):
        return retention.event_cohorts(
            events, period, definition, window, start_event, return_event
        )
    if not isinstance(events, LiveTable):
        require_columns(events, "events", ("user_id", "event_time"), "analytics.retention.events")
    return _on_duckdb(
        events,
        "events",
        lambda eng, src: aggregates.cohort_counts(
            eng,
            src,
            period,
            definition,
            window,
            start_event=start_event,
            return_event=return_event,
        ),
    )


def event_counts(events: Data) -> pd.DataFrame:
    """:func:`analytics.funnel.event_counts`; for a table in place, counted by its engine."""
    if not isinstance(events, LiveTable):
        return funnel.event_counts(events)

    def count(eng, src):
        sql = (
            f"SELECT CAST(event AS VARCHAR) AS event, count(*) AS n FROM {src.select(['event'])} "
            "WHERE event IS NOT NULL GROUP BY event"
        )
        res = eng.query(sql, table=src.table, rows=src.rows)
        out = pd.DataFrame(
            {"event": res["event"].astype(object), "count": res["n"].astype("int64")}
        )
        return out.sort_values(["count", "event"], ascending=[False, True], ignore_index=True)

    return live.run(events, count)


def default_as_of(orders: Data) -> pd.Timestamp | None:
    """:func:`analytics.rfm.default_as_of`; for a table in place, from its engine."""
    if not isinstance(orders, LiveTable):
        return rfm.default_as_of(orders)

    def last(eng, src):  # the last order time of any line, as rfm.default_as_of
        sql = f"SELECT max(order_time) AS last FROM {src.select(['order_time'])}"
        return aggregates._as_of_ns(eng.query(sql, table=src.table).iloc[0], None)

    ns = live.run(orders, last)
    return None if ns is None else pd.Timestamp(ns)


def has_customers(orders: Data) -> bool:
    """:func:`analytics.orders.has_customers`; for a table in place, whether it maps a
    customer column."""
    from analytics import orders as ordrule

    if isinstance(orders, LiveTable):
        return orders.source.has("customer_id")
    return ordrule.has_customers(orders)


# what the app may run on a table queried in place (ui.widgets.cached refuses the rest)
LIVE_READY = frozenset(
    {
        funnel_counts,
        user_funnel,
        analyse,
        order_cohorts,
        event_cohorts,
        event_counts,
        default_as_of,
        has_customers,
    }
)
