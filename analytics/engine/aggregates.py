"""The heavy aggregations run on an engine, returning what the pandas functions return.

- :func:`funnel_counts` = :func:`analytics.funnel.funnel_counts` (all three orders,
  users and totals, the window, ``exclude_in_progress``);
- :func:`rfm_table` = :func:`analytics.rfm.rfm_table` (the per-customer aggregation in
  SQL; the frame is built by the same code as the pandas path);
- :func:`cohort_counts` = :func:`analytics.retention.order_cohorts` /
  :func:`~analytics.retention.event_cohorts` (the cohort triangle's cells in SQL, the
  :class:`~analytics.retention.Retention` built by the same code as the pandas path);
- :func:`traffic_daily` sums a traffic table by day and source / medium / channel, a
  frame that :func:`analytics.traffic.build_mix` (traffic page, cockpit) turns into the
  same daily channel sums as the full table.

The pandas implementations stay the oracle: ``tests/analytics/test_engine_exact.py`` compares
them on random logs full of same-timestamp ties.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics import funnel as _funnel
from analytics import retention as _ret
from analytics import rfm as _rfm
from analytics.engine import queries
from analytics.engine.core import Engine
from analytics.engine.sources import Source, plain
from analytics.messages import AnalyticsError
from analytics.schema import DTYPES

__all__ = [
    "frame_source",
    "funnel_counts",
    "user_funnel",
    "rfm_table",
    "customer_rfm",
    "analyse",
    "traffic_daily",
    "price_daily",
    "cohort_counts",
    "THRESHOLD_ROWS",
]

# Above this many rows a loaded (in-memory) dataset's funnel and RFM aggregation run on
# DuckDB instead of pandas (bench/RESULTS.md, "#18": below it pandas is as fast or faster).
THRESHOLD_ROWS = 20_000_000

_DAY_NS = 86_400 * 10**9


def frame_source(engine: Engine, name: str, frame: pd.DataFrame, kind: str = "events") -> Source:
    """Register a pandas frame with ``engine`` as table ``name``: a source of its columns."""
    engine.register(name, frame)
    return Source(name, plain(name, kind, list(frame.columns)).columns, kind, rows=len(frame))


def funnel_counts(
    engine: Engine,
    source: Source,
    steps: Sequence[str | Sequence[str]],
    window: pd.Timedelta | str = _funnel.DEFAULT_WINDOW,
    order: str = "sequential",
    exclude_in_progress: bool = False,
    *,
    count: str = "users",
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Users (or attempts) reaching each step, computed by ``engine``.

    Parameters and result as :func:`analytics.funnel.funnel_counts`; ``source`` is an
    events source (``user_id``, ``event_time``, ``event``).
    """
    window = _funnel._check_params(window, order, count)
    labels, groups = _funnel.normalize_steps(steps, labels)
    k = len(groups)
    src = source.select(["user_id", "event_time", "event"])
    sql = queries.funnel_sql(src, groups, window, order, count)
    row = engine.query(sql, table=source.table, rows=source.rows).iloc[0]
    key = "done" if exclude_in_progress else "all"
    counts = [_int(row[f"{key}_{i}"]) for i in range(1, k + 1)]
    return pd.DataFrame(
        {
            "step": pd.Series(labels, dtype=object),
            "users": np.asarray(counts, dtype=np.int64),
            "in_progress": np.full(k, _int(row["prog"]), dtype=np.int64),
        }
    )


def user_funnel(
    engine: Engine,
    source: Source,
    steps: Sequence[str | Sequence[str]],
    window: pd.Timedelta | str = _funnel.DEFAULT_WINDOW,
    order: str = "sequential",
    *,
    labels: Sequence[str] | None = None,
    properties: Sequence[str] | None = None,
) -> _funnel.FunnelUsers:
    """As :func:`analytics.funnel.user_funnel`, computed by ``engine``: one row per user,
    sorted by user id (pandas keeps the log's order of first appearance).

    ``reached``, ``start``, ``time_1`` .. and ``in_progress`` equal pandas'. The property
    columns are those of the counted attempt's step-1 event; when a user has several step-1
    events at the very same time with the same reach, pandas takes the first in the file,
    which a table without row order cannot say (the engine takes one of them).
    """
    window = _funnel._check_params(window, order)
    labels, groups = _funnel.normalize_steps(steps, labels)
    k = len(groups)
    base = ("user_id", "event_time", "event")
    if properties is None:
        properties = [c for c in source.columns if c not in base]
    props = [c for c in properties if source.has(c) and c not in base]
    src = source.select([*base, *props])
    sql = queries.user_funnel_sql(src, groups, window, order, props)
    res = engine.query(sql, table=source.table, rows=source.rows)
    res = res.sort_values("u", kind="stable").reset_index(drop=True)
    times = [res["t"], *(res[f"r{m}"] for m in range(1, k))]
    data: dict[str, object] = {
        "user_id": res["u"].to_numpy(dtype=object),
        "reached": res["reached"].astype(np.int64).to_numpy(),
        "start": _ns(res["t"]).view("datetime64[ns]"),
    }
    for i, col in enumerate(times):
        data[f"time_{i + 1}"] = _ns(col).view("datetime64[ns]")
    data["in_progress"] = res["prog"].astype(bool).to_numpy()
    out = pd.DataFrame(data)
    for i, c in enumerate(props):
        out[c] = res[f"p{i}"].to_numpy()
    end = res["data_end"].iloc[0] if len(res) else None
    if not len(res):  # pandas has a data end only when some event could be a step
        sql = queries.data_end_sql(src, groups, order == "strict")
        row = engine.query(sql, table=source.table).iloc[0]
        end = row["e"] if _int(row["n"]) else None
    data_end = None if end is None or pd.isna(end) else pd.Timestamp(_ns(pd.Series([end]))[0])
    return _funnel.FunnelUsers(out, tuple(labels), window, order, data_end)


def _int(v: object) -> int:
    return 0 if v is None or pd.isna(v) else int(v)


def _ns(values: pd.Series) -> np.ndarray:
    """Timestamps (any resolution, naive or aware) as int64 ns; missing = int64 min."""
    s = pd.to_datetime(values)
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    return s.to_numpy(dtype="datetime64[ns]").view(np.int64)


def _as_of_ns(end: pd.Series, as_of) -> int | None:
    if as_of is not None:
        return _rfm._as_day_ns(as_of)
    if end["last"] is None or pd.isna(end["last"]):
        return None
    return int(_ns(pd.Series([end["last"]]))[0]) // _DAY_NS * _DAY_NS + _DAY_NS


def _customers(engine: Engine, source: Source, as_ns: int | None, frequency: str) -> pd.DataFrame:
    """Per-customer sums before ``as_ns`` (all lines when None), sorted by customer id."""
    cols = set(source.columns)
    bound = pd.Timestamp(as_ns) if as_ns is not None else pd.Timestamp("2262-04-11")
    sql = queries.rfm_sql(source.select(), cols, bound, frequency == "days")
    agg = engine.query(sql, table=source.table, rows=source.rows)
    ids = pd.Index(agg["customer_id"])
    order = np.asarray(ids.argsort()) if len(ids) else np.array([], dtype=np.int64)
    return agg.iloc[order].reset_index(drop=True)


def _table(agg: pd.DataFrame, as_ns, frequency: str, monetary: str, n_lines: int) -> pd.DataFrame:
    """The pandas path's RFM frame from the per-customer sums."""
    n = len(agg)
    last = _ns(agg["last"]) if n else np.array([], dtype=np.int64)
    first = np.array([], dtype=np.int64)
    if n:
        first = np.where(agg["first"].isna().to_numpy(), np.iinfo(np.int64).max, _ns(agg["first"]))
    n_orders = agg["orders"].fillna(0).to_numpy(dtype=np.int64)
    freq = agg["days"].fillna(0).to_numpy(dtype=np.int64) if frequency == "days" else n_orders
    net = np.round(agg["net"].astype(float).fillna(0.0).to_numpy(), 6)
    if not n_lines:  # numpy's bincount of no lines is an integer array
        net = net.astype(np.int64)
    ids = agg["customer_id"]
    if pd.api.types.is_string_dtype(ids.dtype) or ids.dtype == object:
        ids = ids.astype("str")
    return _rfm._rfm_frame(ids, np.arange(n), as_ns, last, first, freq, n_orders, net, monetary)


def _check_modes(frequency: str, monetary: str) -> None:
    if frequency not in ("orders", "days") or monetary not in ("net", "aov"):
        raise ValueError('frequency is "orders" or "days"; monetary is "net" or "aov".')


def rfm_table(
    engine: Engine,
    source: Source,
    as_of=None,
    *,
    frequency: str = "orders",
    monetary: str = "net",
) -> pd.DataFrame:
    """One row per customer, as :func:`analytics.rfm.rfm_table`, aggregated by ``engine``."""
    return customer_rfm(engine, source, as_of, frequency=frequency, monetary=monetary).table


def customer_rfm(
    engine: Engine,
    source: Source,
    as_of=None,
    *,
    frequency: str = "orders",
    monetary: str = "net",
    _end: pd.Series | None = None,
) -> _rfm.RFMTable:
    """As :func:`analytics.rfm.customer_rfm` (the table and what was left out), by ``engine``.

    ``codes`` number the customers by their sorted id (``n_codes`` = customers seen), so two
    dates' tables line up in :func:`analyse`.
    """
    _check_modes(frequency, monetary)
    cols = set(source.columns)
    end = _end
    if end is None:
        end = engine.query(queries.rfm_end_sql(source.select(), cols), table=source.table).iloc[0]
    as_ns = _as_of_ns(end, as_of)
    agg = _customers(engine, source, as_ns, frequency)
    table = _table(agg, as_ns, frequency, monetary, _int(end["n"]))
    left = {"lines": 0, "orders": 0, "after": 0}
    if as_ns is not None:
        sql = queries.rfm_left_out_sql(source.select(), cols, pd.Timestamp(as_ns))
        left = engine.query(sql, table=source.table).iloc[0]
    return _rfm.RFMTable(
        table=table,
        as_of=pd.Timestamp(as_ns) if as_ns is not None else None,
        frequency_mode=frequency,
        monetary_mode=monetary,
        lines_without_customer=_int(left["lines"]),
        orders_without_customer=_int(left["orders"]),
        lines_without_time=_int(end["no_time"]),
        lines_after_as_of=_int(left["after"]),
        codes=np.arange(len(table)),
        n_codes=len(table),
    )


def analyse(
    engine: Engine,
    source: Source,
    as_of=None,
    *,
    bins: int = 5,
    frequency: str = "orders",
    monetary: str = "net",
    threshold: str = "mean",
    compare=None,
) -> _rfm.RFMAnalysis:
    """As :func:`analytics.rfm.analyse`: the per-customer aggregation by ``engine``, the
    scores, segments, summaries and movements by the same Python code on its result."""
    if bins not in (3, 4, 5):
        raise ValueError("bins must be 3, 4 or 5.")
    cols = set(source.columns)
    end = engine.query(queries.rfm_end_sql(source.select(), cols), table=source.table).iloc[0]
    opts = {"frequency": frequency, "monetary": monetary, "_end": end}
    rt = customer_rfm(engine, source, as_of, **opts)
    a = _rfm._analyse(rt, bins, threshold)
    if compare is None or rt.as_of is None:
        return a
    before = pd.Timestamp(compare).normalize()
    if before >= rt.as_of:
        raise _rfm.AnalyticsError("analytics.rfm.dates_order")
    rt0 = customer_rfm(engine, source, before, **opts)
    # one numbering of the customers of both dates: their position among all ids, sorted
    ids = pd.Index(rt.table.index).union(pd.Index(rt0.table.index))
    rt = dataclasses.replace(rt, codes=ids.get_indexer(rt.table.index), n_codes=len(ids))
    rt0 = dataclasses.replace(rt0, codes=ids.get_indexer(rt0.table.index), n_codes=len(ids))
    a, a0 = _rfm._analyse(rt, bins, threshold), _rfm._analyse(rt0, bins, threshold)
    moves = {sch: _rfm._between(a0, a, sch, top=0) for sch in ("rf", "value")}
    return dataclasses.replace(a, movements=moves)


def traffic_daily(engine: Engine, source: Source) -> pd.DataFrame:
    """The traffic table summed by day and its label columns (a canonical traffic frame).

    :func:`analytics.traffic.build_mix` on this frame gives the daily channel sums it
    gives on the whole table (its ``pairs`` count groups in ``rows``' place).
    """
    spec = DTYPES["traffic"]
    labels = [c for c, typ in spec.items() if typ == "str" and source.has(c)]
    values = [c for c, typ in spec.items() if typ == "float" and source.has(c)]
    sql = queries.traffic_sql(source.select(), labels, values)
    out = engine.query(sql, table=source.table, rows=source.rows).drop(columns=["rows"])
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    for v in values:
        out[v] = pd.to_numeric(out[v], errors="coerce").astype(float)
    return out.sort_values(["date", *labels], kind="stable").reset_index(drop=True)


def price_daily(engine: Engine, source: Source) -> pd.DataFrame:
    """Competitor prices reduced to one row per (product, seller, date), a canonical prices
    frame on which :mod:`analytics.pricing`'s index, position and history give what they give
    on the whole table (means of duplicates are taken here; float sums may differ in the
    last digit)."""
    cols = set(source.columns)
    out = engine.query(
        queries.price_sql(source.select(), cols), table=source.table, rows=source.rows
    )
    out["date"] = pd.to_datetime(out["date"])  # the engine's unit (DuckDB: microseconds)
    for c in ("price", "in_stock", "list_price", "promo"):
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    if "own" in out.columns:
        out["own"] = out["own"].fillna(0).astype(int).astype(bool)
    for c in ("product_id", "product", "seller"):
        out[c] = out[c].astype("str")
    return out.sort_values(["product_id", "seller", "date"], kind="stable").reset_index(drop=True)


def _activity_sql(source: Source, start_event: str | None, return_event: str | None):
    """Person, time, start, return and keep conditions of a source (orders: the order
    rule; events: the chosen start / return events, None = any event)."""
    cols = set(source.columns)
    if source.kind == "orders":
        void = "COALESCE(is_void, FALSE)" if "is_void" in cols else "FALSE"
        ret = "COALESCE(is_return, FALSE)" if "is_return" in cols else "FALSE"
        sale = f"NOT ({ret} OR COALESCE(amount < 0, FALSE))"
        return "customer_id", "order_time", sale, sale, f"NOT {void}"

    def named(name: str | None) -> str:
        if name is None or "event" not in cols:
            return "TRUE"
        return f"COALESCE(event = {queries.literal(name)}, FALSE)"

    return "user_id", "event_time", named(start_event), named(return_event), "TRUE"


def cohort_counts(
    engine: Engine,
    source: Source,
    period: str = "week",
    definition: str = "first_time",
    window: str = "bracket",
    *,
    start_event: str | None = None,
    return_event: str | None = None,
    max_periods: int | None = None,
) -> _ret.Retention:
    """The cohort triangle, as :func:`analytics.retention.order_cohorts` (an ``orders``
    source) or :func:`~analytics.retention.event_cohorts` (an events source), by ``engine``.

    The engine returns per cohort its entries and per (cohort, offset) its cell count or
    the offset histogram that the unbounded / cumulative counts sum up; the
    :class:`~analytics.retention.Retention` (counts, sizes, rates, incomplete mask) is
    built by the pandas path's own code.

    Raises
    ------
    AnalyticsError
        ``analytics.retention.no_starts`` when no person has a start activity.
    """
    for name, value, options in (
        ("period", period, _ret.PERIODS),
        ("definition", definition, _ret.DEFINITIONS),
        ("window", window, _ret.WINDOWS),
    ):
        _ret._choice(name, value, options)
    person, time, start, back, keep = _activity_sql(source, start_event, return_event)
    cap = None if max_periods is None or window == "unbounded" else int(max_periods)
    sql = queries.cohort_sql(
        source.select(), person, time, start, back, keep, period, definition, window, cap
    )
    res = engine.query(sql, table=source.table, rows=source.rows)
    w = pd.to_numeric(res["w"]).to_numpy(dtype=np.int64)
    c, k = (pd.to_numeric(res[x]).to_numpy(dtype=np.int64) for x in ("c", "k"))
    n = pd.to_numeric(res["n"]).to_numpy(dtype=np.float64)
    if not (w == 0).any():
        raise AnalyticsError("analytics.retention.no_starts")
    last_day = int(n[w == 2][0])
    lo = int(c[w == 0].min())
    n_coh = int(_ret._period_of_days(np.array([last_day]), period)[0]) - lo + 1
    n_k = n_coh if max_periods is None else min(n_coh, int(max_periods) + 1)
    sizes = np.bincount(c[w == 0] - lo, weights=n[w == 0], minlength=n_coh)
    m = (w == 1) & (k >= 1)
    if window == "unbounded":  # entries whose last return is k or more periods after
        k = np.minimum(k, n_k - 1)
    m &= k < n_k
    hist = np.zeros((n_coh, n_k))
    np.add.at(hist, (c[m] - lo, k[m]), n[m])
    if window == "unbounded":
        hist = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]
    elif window == "cumulative":
        hist = np.cumsum(hist, axis=1)
    return _ret._triangle(hist, sizes, lo, last_day, period, definition, window)
