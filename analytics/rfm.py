"""RFM layering: per-customer recency / frequency / monetary, tie-safe scores, named segments.

Definitions used throughout (the segments page shows them as tooltips):

- **Analysis date** (``as_of``): orders strictly before this day are counted.
  Default: the day after the last order in the data.
- **Recency** (``recency_days``): calendar days from the day of the customer's
  last purchase to the analysis date (a purchase on the day before the
  analysis date has recency 1).
- **Frequency** (``frequency``): number of distinct purchase orders (option:
  distinct purchase days). A purchase order is an order with at least one
  purchase line: a sales line of the order rule (:mod:`analytics.orders`):
  not flagged ``is_return`` (a frame without ``is_return`` flags none), amount
  not negative, not ``is_void``.
- **Monetary** (``monetary``): net spend = sum of ``amount`` over all the
  customer's lines, returns included (they are negative), minus
  ``refund_amount`` (money refunded on paid lines). Option: average
  order value = net spend / frequency.
- Never-paid lines (``is_void``) count nowhere (not even as lines left out).
- Lines without a customer ID are counted and left out. Customers whose net
  spend is 0 or negative (or who have no purchase) are kept apart from scores.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analytics import orders as ordrule
from analytics.coerce import arrow_strings
from analytics.messages import AnalyticsError, require_columns

__all__ = [
    "RF_SEGMENTS",
    "VALUE_SEGMENTS",
    "RF_GRID",
    "RFMTable",
    "ScoreBins",
    "RFMAnalysis",
    "Movement",
    "rfm_table",
    "customer_rfm",
    "default_as_of",
    "score",
    "rfm_scores",
    "rf_segment",
    "value_segment",
    "segment_summary",
    "pareto_share",
    "analyse",
    "movement",
]

FrequencyMode = Literal["orders", "days"]
MonetaryMode = Literal["net", "aov"]
Threshold = Literal["mean", "median"]

_DAY_NS = 86_400 * 10**9
_I64_MIN = np.iinfo(np.int64).min
_I64_MAX = np.iinfo(np.int64).max

# English names of the R x F grid segments (keys are stable; the app translates them).
RF_SEGMENTS: dict[str, str] = {
    "champions": "Champions",
    "loyal": "Loyal",
    "potential_loyalists": "Potential loyalists",
    "new_customers": "New customers",
    "promising": "Promising",
    "need_attention": "Need attention",
    "about_to_sleep": "About to sleep",
    "at_risk": "At risk",
    "cant_lose": "Can't lose them",
    "hibernating": "Hibernating",
    "lost": "Lost",
}

# The eight-class scheme (R, F, M each above or below its mean or median).
# Key -> (English name, recent?, frequent?, high spend?).
VALUE_SEGMENTS: dict[str, str] = {
    "important_value": "Important value",
    "important_develop": "Important to develop",
    "important_keep": "Important to keep",
    "important_winback": "Important to win back",
    "general_value": "General value",
    "general_develop": "General to develop",
    "general_keep": "General to keep",
    "general_winback": "General to win back",
}
# index = 4 * (1 - high_m) + 2 * (1 - recent) + (1 - frequent)
_VALUE_ORDER = (
    "important_value",  # M high, R recent, F high
    "important_develop",  # M high, R recent, F low
    "important_keep",  # M high, R old, F high
    "important_winback",  # M high, R old, F low
    "general_value",
    "general_develop",
    "general_keep",
    "general_winback",
)

# RF_GRID[r - 1][f - 1] on the 1-5 scale: the classic R x F segment map.
_G = {
    "C": "champions",
    "L": "loyal",
    "P": "potential_loyalists",
    "N": "new_customers",
    "Pr": "promising",
    "A": "need_attention",
    "S": "about_to_sleep",
    "R": "at_risk",
    "X": "cant_lose",
    "H": "hibernating",
    "Lo": "lost",
}
RF_GRID: tuple[tuple[str, ...], ...] = tuple(
    tuple(_G[c] for c in row)
    for row in (
        ("Lo", "Lo", "R", "R", "X"),  # R = 1
        ("H", "H", "R", "R", "X"),  # R = 2
        ("S", "S", "A", "L", "L"),  # R = 3
        ("Pr", "P", "P", "L", "L"),  # R = 4
        ("N", "P", "P", "C", "C"),  # R = 5
    )
)


def _as_day_ns(value) -> int:
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return int(ts.normalize().as_unit("ns").value)


def _time_ns(s: pd.Series) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(s):
        s = pd.to_datetime(s, errors="coerce")
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    return s.to_numpy(dtype="datetime64[ns]").view(np.int64)


def _codes(s: pd.Series) -> tuple[np.ndarray, pd.Index, Callable[[], np.ndarray]]:
    """Integer codes (-1 = missing or blank), the unique values and a function giving the
    positions of the unique values in sorted order (run later, beside other work).

    Arrow-backed strings (what ingest makes) are encoded by Arrow on one contiguous
    array, which releases the GIL: customer and order ids are encoded side by side in
    two threads (:func:`_prepare`).
    """
    chunked = arrow_strings(s)
    if chunked is not None:
        # one array first: encoding chunk by chunk and unifying the dictionaries
        # afterwards (what pd.factorize does) costs several times more with millions
        # of distinct ids
        arr = chunked.combine_chunks()
        enc = pc.dictionary_encode(arr)
        codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        uniques = pd.Index(enc.dictionary.to_pandas(), copy=False)
    elif isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        uniques = pd.Index(s.cat.categories)
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        uniques = pd.Index(uniques)
    codes = np.asarray(codes).astype(np.int64)
    if len(uniques) and (uniques.dtype == object or pd.api.types.is_string_dtype(uniques)):
        u = pd.Series(uniques, copy=False).str
        is_blank = u.isspace() | (u.len() == 0)  # no new strings made
        blank = np.flatnonzero(is_blank.to_numpy(dtype=bool, na_value=False))
        if len(blank):
            lut = np.arange(len(uniques), dtype=np.int64)
            lut[blank] = -1
            codes = np.where(codes >= 0, lut[np.maximum(codes, 0)], -1)

    def order() -> np.ndarray:  # Arrow's sort for Arrow strings (it frees the GIL too)
        return np.asarray(uniques.argsort()) if len(uniques) else np.array([], dtype=np.int64)

    return codes, uniques, order


def _check(orders: pd.DataFrame) -> None:
    columns = ("customer_id", "order_time", "amount")
    require_columns(orders, "orders", columns, "analytics.rfm.orders_columns")


def default_as_of(orders: pd.DataFrame) -> pd.Timestamp | None:
    """The default analysis date: the day after the last order (None when there is none)."""
    _check(orders)
    t = _time_ns(orders["order_time"])
    t = t[t != _I64_MIN]
    if not len(t):
        return None
    return pd.Timestamp(int(t.max()) // _DAY_NS * _DAY_NS + _DAY_NS)


@dataclass(frozen=True)
class RFMTable:
    """The result of :func:`customer_rfm`.

    ``table`` is indexed by ``customer_id`` (sorted) with ``recency_days``
    (Int64, missing for customers without a purchase), ``frequency``,
    ``monetary``, ``orders``, ``net_spend``, ``first_order``, ``last_order``,
    ``tenure_days``. Counts of what was left out come along.
    """

    table: pd.DataFrame
    as_of: pd.Timestamp | None
    frequency_mode: str = "orders"
    monetary_mode: str = "net"
    lines_without_customer: int = 0
    orders_without_customer: int = 0
    lines_without_time: int = 0
    lines_after_as_of: int = 0
    # internal: each row's customer code, to line up two dates without string lookups
    codes: np.ndarray | None = field(default=None, repr=False)
    n_codes: int = 0

    @property
    def scorable(self) -> pd.Series:
        """Boolean Series: customers with a purchase and positive net spend."""
        t = self.table
        return (t["frequency"] > 0) & (t["net_spend"] > 0)


def customer_rfm(
    orders: pd.DataFrame,
    as_of=None,
    *,
    frequency: FrequencyMode = "orders",
    monetary: MonetaryMode = "net",
) -> RFMTable:
    """Per-customer recency, frequency and monetary value, with what was left out.

    Parameters
    ----------
    orders
        Canonical orders frame (line level): ``customer_id``, ``order_time``,
        ``amount`` (negative for returns), optionally ``order_id`` (without it
        each line is an order) and ``is_return`` (absent = no returns).
    as_of
        Analysis date (a date; its time of day is ignored). Lines from this
        day on are not counted. Default: the day after the last order.
    frequency
        ``"orders"`` (distinct purchase orders) or ``"days"`` (distinct days
        with a purchase).
    monetary
        ``"net"`` (net spend after refunds) or ``"aov"`` (net spend /
        purchase orders).

    Returns
    -------
    RFMTable
        See the class; ``.table`` is what :func:`rfm_table` returns.
    """
    _check(orders)
    return _aggregate(_prepare(orders), as_of, frequency, monetary)


@dataclass(frozen=True)
class _Lines:
    """The order lines as integer codes and numpy arrays (computed once, used per date)."""

    t: np.ndarray
    has_time: np.ndarray
    cust: np.ndarray
    uniques: pd.Index
    oid: np.ndarray
    amount: np.ndarray
    is_ret: np.ndarray
    sorted_ids: Future  # -> positions of ``uniques`` in sorted order

    @property
    def id_order(self) -> np.ndarray:
        return self.sorted_ids.result()


# Arrow's encoding and sorting free the GIL: the id columns are encoded side by side, and
# the customer ids are sorted while the aggregation runs
_POOL = ThreadPoolExecutor(2, thread_name_prefix="rfm")


def _prepare(orders: pd.DataFrame) -> _Lines:
    # the order rule (analytics.orders): never-paid lines count nowhere, money is net
    orders = ordrule.valid_orders(orders)
    f_cust = _POOL.submit(_codes, orders["customer_id"])
    f_oid = _POOL.submit(_codes, orders["order_id"]) if "order_id" in orders.columns else None
    t = _time_ns(orders["order_time"])
    if "refund_amount" in orders.columns:
        amount = ordrule.net_amount(orders)
    else:
        amount = pd.to_numeric(orders["amount"], errors="coerce").to_numpy(
            dtype=np.float64, na_value=0.0
        )
    # refund lines: flagged, or a negative amount (the rule's sales lines are the rest)
    is_ret = ~ordrule.sale_mask(orders)
    cust, uniques, sorter = f_cust.result()
    sorted_ids = _POOL.submit(sorter)
    if f_oid is not None:
        oid = f_oid.result()[0]
        # a line without an order id is an order of its own
        miss = oid < 0
        if miss.any():
            oid = oid.copy()
            oid[miss] = oid.max(initial=-1) + 1 + np.arange(int(miss.sum()))
    else:
        oid = np.arange(len(orders), dtype=np.int64)
    if len(oid) < 2**31 - 1:
        # order codes are only compared and used as positions: half the memory traffic
        oid = oid.astype(np.int32)
    return _Lines(t, t != _I64_MIN, cust, uniques, oid, amount, is_ret, sorted_ids)


def _aggregate(lines: _Lines, as_of, frequency: str, monetary: str) -> RFMTable:
    if frequency not in ("orders", "days"):
        raise ValueError('frequency must be "orders" or "days".')
    if monetary not in ("net", "aov"):
        raise ValueError('monetary must be "net" or "aov".')
    t, has_time, cust, uniques = lines.t, lines.has_time, lines.cust, lines.uniques
    oid, amount, is_ret = lines.oid, lines.amount, lines.is_ret
    if as_of is None:
        if not has_time.any():
            as_ns = None
        else:
            # a missing time is the smallest int64, so the maximum is a real time
            as_ns = int(t.max()) // _DAY_NS * _DAY_NS + _DAY_NS
    else:
        as_ns = _as_day_ns(as_of)
    window = has_time & (t < as_ns) if as_ns is not None else has_time

    no_cust = window & (cust < 0)
    n_no_cust_lines = int(no_cust.sum())
    n_no_cust_orders = int(len(pd.unique(oid[no_cust]))) if n_no_cust_lines else 0

    n = len(uniques)
    keep = window & (cust >= 0)
    purchase_line = keep & ~is_ret
    # lines left out go to an extra bucket ``n`` (cheaper than copying every array)
    cb = cust if keep.all() else np.where(keep, cust, n)
    # rounded so that float noise of refunds (1e-14) reads as exactly zero
    net = np.round(np.bincount(cb, weights=amount, minlength=n + 1)[:n], 6)
    seen = np.bincount(cb, minlength=n + 1)[:n] > 0
    cpb = np.where(purchase_line, cust, n)
    last = np.full(n + 1, _I64_MIN, dtype=np.int64)
    first = np.full(n + 1, _I64_MAX, dtype=np.int64)
    np.maximum.at(last, cpb, t)
    np.minimum.at(first, cpb, t)
    last[n], first[n] = _I64_MIN, _I64_MAX

    n_orders = _orders_per_customer(cust, oid, purchase_line, n)
    if frequency == "days":
        freq = _days_per_customer(cust, t, purchase_line, n)
    else:
        freq = n_orders

    idx = lines.id_order[seen[lines.id_order]]  # customers seen, sorted by id
    table = _rfm_frame(uniques[idx], idx, as_ns, last, first, freq, n_orders, net, monetary)
    return RFMTable(
        table=table,
        as_of=pd.Timestamp(as_ns) if as_ns is not None else None,
        frequency_mode=frequency,
        monetary_mode=monetary,
        lines_without_customer=n_no_cust_lines,
        orders_without_customer=n_no_cust_orders,
        lines_without_time=int((~has_time).sum()),
        lines_after_as_of=int((has_time & ~window).sum()),
        codes=idx,
        n_codes=n,
    )


def _orders_per_customer(cust, oid, purchase_line, n: int) -> np.ndarray:
    """Distinct purchase orders per customer code (``n`` codes).

    Lines outside go to a spare slot so no array is copied down to the purchase lines;
    an order normally has one customer (checked by the smallest and largest customer
    code per order).
    """
    n_orders_total = int(oid.max(initial=-1)) + 1
    opb = np.where(purchase_line, oid, oid.dtype.type(n_orders_total))
    # same dtype as ``cust``: ufunc.at has a fast path only without casting
    lo = np.full(n_orders_total + 1, n, dtype=cust.dtype)
    hi = np.full(n_orders_total + 1, -1, dtype=cust.dtype)
    np.minimum.at(lo, opb, cust)
    np.maximum.at(hi, opb, cust)
    lo, hi = lo[:n_orders_total], hi[:n_orders_total]
    bought = hi >= 0
    if not (bought & (lo != hi)).any():
        # every order belongs to one customer: count each order once
        return np.bincount(hi[bought], minlength=n)
    cp = cust[purchase_line]
    op = oid[purchase_line]
    pairs = pd.unique(cp * np.int64(n_orders_total) + op) if len(op) else np.array([], np.int64)
    return np.bincount(pairs // max(n_orders_total, 1), minlength=n)


def _days_per_customer(cust, t, purchase_line, n: int) -> np.ndarray:
    """Distinct days with a purchase per customer code."""
    cp = cust[purchase_line]
    day = t[purchase_line] // _DAY_NS
    dmin = int(day.min()) if len(day) else 0
    span = (int(day.max()) - dmin + 1) if len(day) else 1
    keys = pd.unique(cp * np.int64(span) + (day - dmin)) if len(day) else np.array([], np.int64)
    return np.bincount(keys // span, minlength=n)


def _rfm_frame(ids, idx, as_ns, last, first, freq, n_orders, net, monetary) -> pd.DataFrame:
    """The RFM table of the customers ``idx`` (codes) named ``ids``."""
    has_purchase = last[idx] != _I64_MIN
    last_day = np.where(has_purchase, last[idx] // _DAY_NS, 0)
    first_day = np.where(has_purchase, first[idx] // _DAY_NS, 0)
    as_day = (as_ns // _DAY_NS) if as_ns is not None else 0
    recency = pd.array(np.where(has_purchase, as_day - last_day, 0), dtype="Int64")
    recency[~has_purchase] = pd.NA
    tenure = pd.array(np.where(has_purchase, as_day - first_day, 0), dtype="Int64")
    tenure[~has_purchase] = pd.NA
    freq_i = freq[idx].astype(np.int64)
    orders_i = n_orders[idx].astype(np.int64)
    net_i = net[idx]
    if monetary == "aov":
        with np.errstate(divide="ignore", invalid="ignore"):
            mon = np.where(orders_i > 0, net_i / np.maximum(orders_i, 1), np.nan)
    else:
        mon = net_i
    last_ts = np.where(has_purchase, last[idx], _I64_MIN).view("datetime64[ns]")
    first_ts = np.where(has_purchase, first[idx], _I64_MIN).view("datetime64[ns]")
    return pd.DataFrame(
        {
            "recency_days": recency,
            "frequency": freq_i,
            "monetary": mon,
            "orders": orders_i,
            "net_spend": net_i,
            "first_order": first_ts,
            "last_order": last_ts,
            "tenure_days": tenure,
        },
        index=pd.Index(ids, name="customer_id"),
        copy=False,  # the columns are fresh arrays
    )


def rfm_table(
    orders: pd.DataFrame,
    as_of=None,
    *,
    frequency: FrequencyMode = "orders",
    monetary: MonetaryMode = "net",
) -> pd.DataFrame:
    """One row per customer: recency, frequency and monetary value.

    Parameters
    ----------
    orders
        Canonical orders frame (line level) with ``customer_id``,
        ``order_time``, ``amount`` and optionally ``order_id``, ``is_return``.
    as_of
        Analysis date; lines from this day on are ignored. Default: the day
        after the last order in the data.
    frequency, monetary
        See :func:`customer_rfm`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (sorted; lines without a customer ID are
        left out) with ``recency_days`` (calendar days from the last purchase
        to ``as_of``), ``frequency`` (distinct purchase orders), ``monetary``
        (net spend after refunds), ``orders``, ``net_spend``, ``first_order``,
        ``last_order`` and ``tenure_days`` (days from the first purchase to
        ``as_of``). Customers with only returns have frequency 0 and missing
        recency.
    """
    return customer_rfm(orders, as_of, frequency=frequency, monetary=monetary).table


@dataclass(frozen=True)
class ScoreBins:
    """How one metric was scored.

    ``edges`` are the upper bounds (inclusive) of every score band but the
    top one, in the metric's units: quantiles of the values, or, when
    ``fallback``, distinct values chosen so that ties are never split. ``bands`` has one row per score: ``score``,
    ``low``, ``high`` (the observed range), ``customers``.
    """

    metric: str
    edges: tuple[float, ...]
    fallback: bool
    bands: pd.DataFrame
    higher_is_better: bool = True


def score(
    values, bins: int = 5, *, higher_is_better: bool = True, metric: str = ""
) -> tuple[np.ndarray, ScoreBins]:
    """Scores 1..``bins`` by quantiles; tied values always share a score.

    The edges are the ``i / bins`` quantiles of ``values``; a value equal to
    an edge falls in the lower band (right-closed bands, as ``pandas.qcut``).
    When edges coincide (e.g. 70% of customers bought once), the edges are
    placed on distinct values instead (``fallback`` True): band by band, the
    edge is the distinct value whose cumulative share comes closest to an
    equal split of the customers still left, so a value that alone holds
    more than its share (bought once) gets a band of its own and the other
    bands split the rest. With fewer distinct values than scores, each
    distinct value gets its own score, spread evenly over 1..``bins``. With ``higher_is_better`` False (recency),
    the smallest values get the highest score.
    """
    if bins not in (3, 4, 5):
        raise ValueError("bins must be 3, 4 or 5.")
    v = np.asarray(values, dtype=np.float64)
    if np.isnan(v).any():
        raise AnalyticsError("analytics.rfm.missing_values", metric=metric or "values")
    if len(v) == 0:
        band = np.array([], dtype=np.int64)
        edges: np.ndarray = np.array([], dtype=np.float64)
        fallback = False
    else:
        probs = np.arange(1, bins) / bins
        edges = np.quantile(v, probs)
        fallback = bool(np.any(np.diff(edges) <= 0))
        if fallback:
            uniq, counts = np.unique(v, return_counts=True)
            if len(uniq) <= bins:
                pos = np.searchsorted(uniq, v)
                if len(uniq) == 1:
                    band = np.full(len(v), (bins - 1) // 2, dtype=np.int64)
                else:
                    band = np.rint(pos * (bins - 1) / (len(uniq) - 1)).astype(np.int64)
                # edges = the largest value of each used band but the top one
                edges = np.array(
                    [uniq[pos_b].max() for pos_b in _bands_of(uniq, bins)[:-1]], dtype=np.float64
                )
            else:
                edges = _distinct_edges(uniq, counts, bins)
                band = np.searchsorted(edges, v, side="left")
        else:
            band = np.searchsorted(edges, v, side="left")
    s = (band + 1) if higher_is_better else (bins - band)
    s = s.astype(np.int8)
    idx = s.astype(np.int64) - 1
    count = np.bincount(idx, minlength=bins)[:bins]
    low = np.full(bins, np.inf)
    high = np.full(bins, -np.inf)
    np.minimum.at(low, idx, v)
    np.maximum.at(high, idx, v)
    bands = pd.DataFrame(
        {
            "score": np.arange(1, bins + 1),
            "low": np.where(count > 0, low, np.nan),
            "high": np.where(count > 0, high, np.nan),
            "customers": count.astype(np.int64),
        }
    )
    return s, ScoreBins(
        metric=metric,
        edges=tuple(float(x) for x in edges),
        fallback=fallback,
        bands=bands,
        higher_is_better=higher_is_better,
    )


def _distinct_edges(uniq: np.ndarray, counts: np.ndarray, bins: int) -> np.ndarray:
    """Band edges on distinct values (``len(uniq) > bins``), never splitting a tie."""
    cum = np.cumsum(counts)
    total = cum[-1]
    edges: list[float] = []
    start = 0  # first distinct value not yet in a band
    for b in range(bins - 1):
        left = bins - b  # bands still to fill, this one included
        done = cum[start - 1] if start else 0
        target = done + (total - done) / left
        j = int(np.searchsorted(cum, target))
        if j > start and abs(cum[j - 1] - target) <= abs(cum[j] - target):
            j -= 1
        j = max(start, min(j, len(uniq) - left))  # leave a value for each band after
        edges.append(float(uniq[j]))
        start = j + 1
    return np.array(edges, dtype=np.float64)


def _bands_of(uniq: np.ndarray, bins: int) -> list[np.ndarray]:
    """Positions of the distinct values that land in each band (few-distinct fallback)."""
    pos = np.arange(len(uniq))
    band = np.rint(pos * (bins - 1) / max(len(uniq) - 1, 1)).astype(np.int64)
    return [pos[band == b] for b in np.unique(band)]


def rfm_scores(table: pd.DataFrame, bins: int = 5) -> tuple[pd.DataFrame, dict[str, ScoreBins]]:
    """R, F and M scores for the rows of ``table`` (an :func:`rfm_table` result).

    Returns a frame with the same index and ``r_score``, ``f_score``,
    ``m_score`` (1 = worst, ``bins`` = best; R is reversed: recent = high)
    and the :class:`ScoreBins` of each metric (keys ``"recency_days"``,
    ``"frequency"``, ``"monetary"``). Score only customers with a purchase
    and positive net spend (see :attr:`RFMTable.scorable`).
    """
    r, rb = score(
        table["recency_days"].to_numpy(dtype=np.float64, na_value=np.nan),
        bins,
        higher_is_better=False,
        metric="recency_days",
    )
    f, fb = score(table["frequency"].to_numpy(dtype=np.float64), bins, metric="frequency")
    m, mb = score(
        table["monetary"].to_numpy(dtype=np.float64, na_value=np.nan), bins, metric="monetary"
    )
    out = pd.DataFrame({"r_score": r, "f_score": f, "m_score": m}, index=table.index)
    return out, {"recency_days": rb, "frequency": fb, "monetary": mb}


def _to_five(s: np.ndarray, bins: int) -> np.ndarray:
    s = np.asarray(s, dtype=np.int64)
    if bins == 5:
        return s
    return (1 + np.rint((s - 1) * 4 / (bins - 1))).astype(np.int64)


def rf_segment(r_score, f_score, bins: int = 5) -> pd.Categorical:
    """The R x F grid segment of each customer (keys of :data:`RF_SEGMENTS`).

    Scores on a 3- or 4-point scale are first stretched onto 1-5.
    """
    r5 = _to_five(r_score, bins)
    f5 = _to_five(f_score, bins)
    if len(r5) and (r5.min() < 1 or r5.max() > 5 or f5.min() < 1 or f5.max() > 5):
        raise ValueError(f"Scores must lie in 1..{bins}.")
    keys = list(RF_SEGMENTS)
    lut = np.array([[keys.index(RF_GRID[i][j]) for j in range(5)] for i in range(5)])
    codes = lut[r5 - 1, f5 - 1] if len(r5) else np.array([], dtype=np.int64)
    return pd.Categorical.from_codes(codes, categories=keys)


def value_segment(table: pd.DataFrame, threshold: Threshold = "mean") -> pd.Categorical:
    """The eight-class segment: R, F, M each compared with its mean (or median).

    Recent = ``recency_days`` below the threshold; frequent / high spend =
    ``frequency`` / ``monetary`` above it. Keys of :data:`VALUE_SEGMENTS`
    (重要价值客户 = recent, frequent, high spend; 一般挽留客户 = none of them).
    """
    if threshold not in ("mean", "median"):
        raise ValueError('threshold must be "mean" or "median".')
    r = table["recency_days"].to_numpy(dtype=np.float64, na_value=np.nan)
    f = table["frequency"].to_numpy(dtype=np.float64)
    m = table["monetary"].to_numpy(dtype=np.float64, na_value=np.nan)
    agg = np.nanmean if threshold == "mean" else np.nanmedian
    if len(r) == 0:
        return pd.Categorical.from_codes([], categories=list(_VALUE_ORDER))
    recent = r < agg(r)
    frequent = f > agg(f)
    high = m > agg(m)
    code = 4 * (~high) + 2 * (~recent) + (~frequent)
    return pd.Categorical.from_codes(code.astype(np.int64), categories=list(_VALUE_ORDER))


def segment_summary(table: pd.DataFrame, segment: str) -> pd.DataFrame:
    """Per segment: ``customers``, ``share``, ``revenue``, ``revenue_share``,
    ``recency_mean``, ``frequency_mean``, ``monetary_mean`` (means in original units).

    ``table`` holds ``recency_days``, ``frequency``, ``monetary``, ``net_spend``
    and the categorical column ``segment``; revenue is net spend. Every
    category appears (zero rows for empty segments), in category order.
    """
    seg = table[segment]
    if not isinstance(seg.dtype, pd.CategoricalDtype):
        seg = seg.astype("category")
    cats = list(seg.cat.categories)
    codes = seg.cat.codes.to_numpy()
    k = len(cats)

    def col(name: str) -> np.ndarray:
        return table[name].to_numpy(dtype=np.float64, na_value=np.nan)

    count = np.bincount(codes, minlength=k)[:k]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = {
            f"{c}_mean": np.bincount(codes, weights=col(c), minlength=k)[:k] / count
            for c in ("recency_days", "frequency", "monetary")
        }
    revenue = np.bincount(codes, weights=col("net_spend"), minlength=k)[:k]
    total = revenue.sum()
    out = pd.DataFrame(
        {
            "segment": [str(c) for c in cats],
            "customers": count.astype(np.int64),
            "share": count / max(len(table), 1),
            "revenue": revenue,
            "revenue_share": revenue / total if total else np.full(k, np.nan),
            "recency_mean": means["recency_days_mean"],
            "frequency_mean": means["frequency_mean"],
            "monetary_mean": means["monetary_mean"],
        }
    )
    return out


def pareto_share(spend, top: float = 0.2) -> float:
    """Share of total spend brought by the top ``top`` fraction of customers (rounded up)."""
    v = np.sort(np.asarray(spend, dtype=np.float64))[::-1]
    if not len(v) or v.sum() <= 0:
        return float("nan")
    k = max(1, int(np.ceil(top * len(v) - 1e-9)))
    return float(v[:k].sum() / v.sum())


@dataclass(frozen=True)
class RFMAnalysis:
    """Everything the segments page shows about one analysis date.

    ``scored`` holds the scorable customers: the RFM columns plus
    ``r_score``, ``f_score``, ``m_score``, ``rf_segment``, ``value_segment``.
    ``apart`` holds the customers left out of scores (net spend 0 or less, or
    no purchase). ``grid`` has one row per R x F cell: ``r_score``,
    ``f_score``, ``segment``, ``customers``.
    """

    rfm: RFMTable
    scored: pd.DataFrame
    apart: pd.DataFrame
    bins: dict[str, ScoreBins]
    n_bins: int
    threshold: str
    summary_rf: pd.DataFrame
    summary_value: pd.DataFrame
    grid: pd.DataFrame
    pareto: float
    thresholds: dict[str, float] = field(default_factory=dict)
    movements: dict[str, Movement] | None = None

    @property
    def fallback_metrics(self) -> list[str]:
        return [k for k, b in self.bins.items() if b.fallback]


def analyse(
    orders: pd.DataFrame,
    as_of=None,
    *,
    bins: int = 5,
    frequency: FrequencyMode = "orders",
    monetary: MonetaryMode = "net",
    threshold: Threshold = "mean",
    compare=None,
) -> RFMAnalysis:
    """RFM table, scores, both segment schemes, summaries and the Pareto share in one call.

    With ``compare`` (an earlier analysis date), ``.movements`` holds the
    :class:`Movement` from ``compare`` to ``as_of`` for both schemes
    (``"rf"`` and ``"value"``), computed from the same pass over the lines.
    """
    _check(orders)
    if bins not in (3, 4, 5):
        raise ValueError("bins must be 3, 4 or 5.")
    lines = _prepare(orders)
    a = _analyse(_aggregate(lines, as_of, frequency, monetary), bins, threshold)
    if compare is None or a.rfm.as_of is None:
        return a
    before = pd.Timestamp(compare).normalize()
    if before >= a.rfm.as_of:
        raise AnalyticsError("analytics.rfm.dates_order")
    a0 = _analyse(_aggregate(lines, before, frequency, monetary), bins, threshold)
    moves = {sch: _between(a0, a, sch, top=0) for sch in ("rf", "value")}
    return dataclasses.replace(a, movements=moves)


def _analyse(rt: RFMTable, bins: int, threshold: str) -> RFMAnalysis:
    ok = rt.scorable.to_numpy()
    base = rt.table[ok]
    apart = rt.table[~ok]
    scores, sb = rfm_scores(base, bins)
    scored = pd.concat([base, scores], axis=1)
    scored["rf_segment"] = rf_segment(scores["r_score"], scores["f_score"], bins)
    scored["value_segment"] = value_segment(base, threshold)
    agg = np.mean if threshold == "mean" else np.median
    thr = (
        {
            "recency_days": float(agg(base["recency_days"].to_numpy(dtype=np.float64))),
            "frequency": float(agg(base["frequency"].to_numpy(dtype=np.float64))),
            "monetary": float(agg(base["monetary"].to_numpy(dtype=np.float64))),
        }
        if len(base)
        else {}
    )
    cell = (
        (scores["r_score"].to_numpy(np.int64) - 1) * bins + scores["f_score"].to_numpy(np.int64) - 1
    )
    counts = np.bincount(cell, minlength=bins * bins)[: bins * bins]
    r_all = np.repeat(np.arange(1, bins + 1), bins)
    f_all = np.tile(np.arange(1, bins + 1), bins)
    grid = pd.DataFrame(
        {
            "r_score": r_all,
            "f_score": f_all,
            "segment": np.asarray(rf_segment(r_all, f_all, bins)).astype(str),
            "customers": counts.astype(np.int64),
        }
    )
    return RFMAnalysis(
        rfm=rt,
        scored=scored,
        apart=apart,
        bins=sb,
        n_bins=bins,
        threshold=threshold,
        summary_rf=segment_summary(scored, "rf_segment"),
        summary_value=segment_summary(scored, "value_segment"),
        grid=grid,
        pareto=pareto_share(base["net_spend"]),
        thresholds=thr,
    )


@dataclass(frozen=True)
class Movement:
    """Segment transitions between two analysis dates.

    ``matrix``: rows = segment at ``before`` (plus ``"_new"`` for customers
    with no purchase yet and ``"_apart"`` for those without positive net
    spend), columns = segment at ``after`` (plus ``"_apart"``); cells =
    customers. ``flows``: the moves between different segments, largest
    first, columns ``source``, ``target``, ``customers``.
    """

    before: pd.Timestamp
    after: pd.Timestamp
    scheme: str
    matrix: pd.DataFrame
    flows: pd.DataFrame
    stayed: int
    moved: int


def _between(a0: RFMAnalysis, a1: RFMAnalysis, scheme: str, top: int) -> Movement:
    """Movement from analysis ``a0`` to ``a1`` (both from the same prepared lines)."""
    keys = list(RF_SEGMENTS) if scheme == "rf" else list(_VALUE_ORDER)
    col = "rf_segment" if scheme == "rf" else "value_segment"
    k = len(keys)

    def seg_codes(a: RFMAnalysis) -> tuple[np.ndarray, np.ndarray]:
        ok = a.rfm.scorable.to_numpy()
        seg = np.full(len(ok), k, dtype=np.int64)  # k = no net spend
        seg[ok] = a.scored[col].cat.codes.to_numpy()
        return np.asarray(a.rfm.codes, dtype=np.int64), seg

    c1, s1 = seg_codes(a1)
    c0, s0 = seg_codes(a0)
    lut = np.full(max(a1.rfm.n_codes, a0.rfm.n_codes), k + 1, dtype=np.int64)  # k + 1 = new
    lut[c0] = s0
    before = lut[c1]
    rows_order = [*keys, "_apart", "_new"]
    cols_order = [*keys, "_apart"]
    counts = np.bincount(before * (k + 1) + s1, minlength=(k + 2) * (k + 1))
    mat = pd.DataFrame(
        counts.reshape(k + 2, k + 1),
        index=pd.Index(rows_order, name="before"),
        columns=pd.Index(cols_order, name="after"),
    )
    long = mat.stack().rename("customers").reset_index()
    long.columns = ["source", "target", "customers"]
    diff = long[(long["source"] != long["target"]) & (long["customers"] > 0)]
    flows = diff.sort_values(
        ["customers", "source", "target"], ascending=[False, True, True]
    ).reset_index(drop=True)
    same = long[long["source"] == long["target"]]["customers"].sum()
    return Movement(
        before=a0.rfm.as_of,
        after=a1.rfm.as_of,
        scheme=scheme,
        matrix=mat,
        flows=flows.head(top) if top else flows,
        stayed=int(same),
        moved=int(diff["customers"].sum()),
    )


def movement(
    orders: pd.DataFrame,
    after=None,
    before=None,
    *,
    scheme: Literal["rf", "value"] = "rf",
    bins: int = 5,
    frequency: FrequencyMode = "orders",
    monetary: MonetaryMode = "net",
    threshold: Threshold = "mean",
    top: int = 5,
) -> Movement:
    """Who moved between segments from ``before`` to ``after`` (default: 7 days earlier).

    Each date is scored on its own (edges recomputed from the orders before
    it, as a weekly routine does). Customers unknown at ``before`` come from
    ``"_new"``; ``top`` limits the flows (0 = all).
    """
    _check(orders)
    if scheme not in ("rf", "value"):
        raise ValueError('scheme must be "rf" or "value".')
    after_ts = pd.Timestamp(after).normalize() if after is not None else default_as_of(orders)
    if after_ts is None:
        raise AnalyticsError("analytics.rfm.no_dates")
    before_ts = (
        pd.Timestamp(before).normalize() if before is not None else after_ts - pd.Timedelta(days=7)
    )
    if before_ts >= after_ts:
        raise AnalyticsError("analytics.rfm.dates_order")
    if bins not in (3, 4, 5):
        raise ValueError("bins must be 3, 4 or 5.")
    lines = _prepare(orders)  # codes once, for both dates
    a_after = _analyse(_aggregate(lines, after_ts, frequency, monetary), bins, threshold)
    a_before = _analyse(_aggregate(lines, before_ts, frequency, monetary), bins, threshold)
    return _between(a_before, a_after, scheme, top)


# ---- the segments page's own figures (the page draws them; issue 15 item 2)


def compare_window(
    as_of: pd.Timestamp, first_day: pd.Timestamp, days_before: int = 7
) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """The dates a comparison may take (first day of data .. the day before ``as_of``) and
    the default: ``days_before`` days before ``as_of``, kept inside that window."""
    lo, hi = pd.Timestamp(first_day), pd.Timestamp(as_of) - pd.Timedelta(days=1)
    default = pd.Timestamp(as_of) - pd.Timedelta(days=days_before)
    return lo, hi, min(max(default, lo), hi)


def present_segments(summary: pd.DataFrame) -> list[str]:
    """The segments of a :func:`segment_summary` that hold customers, in its order."""
    return [s for s, n in zip(summary["segment"], summary["customers"], strict=True) if n > 0]


def movement_cells(matrix: pd.DataFrame) -> tuple[pd.DataFrame, list, list]:
    """A movement matrix without its empty rows and columns, as cells (source, target,
    customers), with the rows and the columns kept in order."""
    mat = matrix.loc[matrix.sum(axis=1) > 0, matrix.sum(axis=0) > 0]
    cells = mat.stack().rename("customers").reset_index()
    cells.columns = ["source", "target", "customers"]
    return cells, list(mat.index), list(mat.columns)


def members(scored: pd.DataFrame, keys: pd.Series, pick: object) -> pd.DataFrame:
    """The customers of ``scored`` whose key (aligned by position) is ``pick``; none for None."""
    if pick is None:
        return scored.iloc[:0]
    return scored[(pd.Series(keys) == pick).to_numpy()]
