"""Order states at import: which rows were never paid, which are refund lines, which
orders were refunded (issue 14 item 3).

The ingest's orders builder calls :func:`resolve` once the columns are coerced. The
analysis side of the same rule (what counts as GMV, an order, net revenue) is
:mod:`analytics.orders`.

Rules, per file row (``amount`` is the money paid for the line):

- **Void** (``is_void``, never paid): a status meaning unpaid (等待买家付款, 待付款,
  pending, unpaid, on-hold, failed, voided, ...); a status meaning closed or
  cancelled (交易关闭, 已取消, cancelled, ...) on a row that shows no payment (no
  payment time where the file has that column, no refund); or, where the file has a
  payment-time column, no payment time and a paid amount of 0. Void rows keep
  their amount as read (never negated) and are flagged (``unpaid_order``,
  ``closed_unpaid``).
- **Refund line** (``is_return``, amount made negative): an Online Retail ``C``
  invoice (found by the builder), a negative quantity or amount, or a row whose
  status means refunded / returned (or closed after payment) and whose order ID
  is on an earlier purchase row (a row with an ordinary status and an earlier
  order time): the money going back later, it nets against that purchase.
- **Refunded order or line**: a refunded (or closed-after-payment) row that is the
  purchase itself: no purchase row shares its ID, the file has no order ID, or its
  order's purchase rows have the same time (a line-level export where each line
  carries its own status, 子订单 已退款). It keeps its paid amount;
  ``refund_amount`` is the file's refund where the order has one, else the line's
  amount (a full refund). Flagged ``refunded_order``.
- ``refund_amount`` as read is made non-negative (some exports write refunds as
  negative numbers) and missing refunds are 0.
- Where the paid column is after refunds (on refunded rows paid = gross - refund,
  as Tmall reports give 买家实际支付金额), ``amount`` becomes paid + refund on those
  rows: the money paid before the refund (noted ``paid_after_refunds``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import aliases as al
from analytics.coerce import arrow_strings

__all__ = ["StatusScan", "lookup_keys", "refill", "resolve"]


class StatusScan(NamedTuple):
    """The status column's scan (the ingest's side task, beside the coercion).

    ``codes``: an :func:`analytics.aliases.order_state` class per row (uint8);
    ``statuses``: the status texts met per class; ``keys``: see
    :func:`lookup_keys` (None: no row needed the look-up, or no order ID);
    ``rows``: the positions of the rows with a state (codes > 0), ascending.
    """

    codes: np.ndarray
    statuses: dict[int, list[str]]
    keys: np.ndarray | None
    rows: np.ndarray


def _as_arrow(ids: pd.Series) -> pa.ChunkedArray | None:
    arr = arrow_strings(ids)
    if arr is not None:
        return arr
    try:
        return pa.chunked_array([pa.array(ids.to_numpy(), from_pandas=True)])
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed objects: the pandas path
        return None


def _key_index(ids: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Per row, the position of its ID among the distinct IDs of ``rows`` (-1: none of
    them, or missing). One hashing pass over the column against the few IDs of
    ``rows`` (Arrow), never converting the column to Python objects."""
    arr = _as_arrow(ids)
    if arr is None:
        keys = pd.unique(ids.iloc[rows].dropna())
        return pd.Index(keys).get_indexer(ids).astype(np.int32)
    mask = np.zeros(len(ids), dtype=bool)
    mask[rows] = True
    keys = pc.unique(arr.filter(pa.array(mask))).drop_null()
    idx = pc.fill_null(pc.index_in(arr, value_set=keys), -1)
    return idx.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)


_NEGATIVE_TEXT = r"^\s*[(\-−]|^[^\d(]*[\-−]"  # -5, (5), ¥-5, -¥5, −5 (U+2212)


def _negative_at(s: pd.Series, rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Which of ``rows`` hold a negative number in ``s`` as read (numbers, or text such as
    ``-5``, ``(5)``, ``¥-5``); ``mask`` is ``rows`` as a full-length boolean mask."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf":
        return np.less(s.to_numpy()[rows], 0)  # a view: only the rows are compared
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return np.less(s.iloc[rows].to_numpy(dtype="float64", na_value=np.nan), 0)
    arr = arrow_strings(s)
    if arr is not None:
        sub = arr.filter(pa.array(mask))
        hit = pc.match_substring_regex(sub, _NEGATIVE_TEXT)
        return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
    return s.iloc[rows].astype(str).str.contains(_NEGATIVE_TEXT, regex=True).to_numpy(dtype=bool)


def lookup_keys(
    ids: pd.Series,
    codes: np.ndarray,
    signs: tuple[pd.Series, ...] = (),
    state_rows: np.ndarray | None = None,
    closed_may_be_paid: bool = True,
) -> np.ndarray | None:
    """The order-ID look-up for refund / closed rows, on the columns as read (the
    ingest's side task, beside the coercion).

    Without a payment-time or refund column (``closed_may_be_paid`` False) a closed
    row is never paid (void) unless its money is negative: it needs no look-up.

    Rows whose amount or quantity (``signs``, as read) is negative are refund lines
    whatever their ID: they are not looked up, so a file whose refund rows carry
    negative money needs no pass over its IDs.

    Returns
    -------
    int32 array or None
        Per row, the position of its order ID among the IDs of the rows looked up
        (-1: not one of them); None when no row needed the look-up.
    """
    if state_rows is None:
        state_rows = np.flatnonzero(codes)
    c = codes[state_rows]
    look = (
        (c == al.STATE_REFUND) | (c == al.STATE_CLOSED)
        if closed_may_be_paid
        else c == al.STATE_REFUND
    )
    rows = state_rows[look]
    if not len(rows):
        return None
    if signs:
        mask = np.zeros(len(codes), dtype=bool)
        mask[rows] = True
        neg = np.zeros(len(rows), dtype=bool)
        for col in signs:
            neg |= _negative_at(col, rows, mask)
        rows = rows[~neg]
    if not len(rows):
        return None
    return _key_index(ids, rows)


def refill(scan: StatusScan, filled: pd.Series, was_null: np.ndarray) -> StatusScan:
    """The scan after lines without a status took their order's status (their state;
    their ID is looked up by :func:`resolve` when needed)."""
    rows = np.flatnonzero(was_null & filled.notna().to_numpy())
    vals = filled.iloc[rows]
    table = {v: al.order_state(v) for v in vals.unique() if isinstance(v, str)}
    codes = scan.codes.copy()
    codes[rows] = vals.map(table).fillna(0).to_numpy(dtype=np.uint8)
    return scan._replace(codes=codes, rows=np.flatnonzero(codes.view(bool)))


def _at(s: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Float values of ``s`` at ``rows`` (NaN for missing), without a full-length copy."""
    v = s.to_numpy() if s.dtype == np.float64 else s.to_numpy(dtype="float64", na_value=np.nan)
    return v[rows]


def _after_purchase(
    cols: dict[str, pd.Series],
    need: np.ndarray,
    keys: np.ndarray | None,
    buyable: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """For the refund rows ``need``: is their order ID on a purchase row (``buyable`` of
    its positions) with an earlier order time (then they are the money going back,
    not the purchase). Works on the rows of those orders only."""
    if keys is None or (keys[need] < 0).any():  # not looked up beside the coercion
        keys = _key_index(cols["order_id"], need)
    cand = np.flatnonzero(keys >= 0)
    buy = cand[buyable(cand)]
    if not len(buy):
        return np.zeros(len(need), dtype=bool)
    t = cols["order_time"].to_numpy()
    t = t.view(np.int64) if t.dtype.kind == "M" else t.astype("datetime64[ns]").view(np.int64)
    first = np.full(int(keys[cand].max()) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, keys[buy], t[buy])  # a missing time is the smallest int64
    return first[keys[need]] < t[need]


def _paid_before_refunds(
    book: Any,
    cols: dict[str, pd.Series],
    amount: np.ndarray,
    refund: np.ndarray,
    skip: np.ndarray,
) -> np.ndarray:
    """Where the file's paid money is after refunds, the money paid before them.

    Some exports (Tmall order reports) give 买家实际支付金额 net of 退款金额: on rows
    with a refund it equals 总金额 - 退款金额. The data decides, from every refunded
    row of the file: when more of them read paid = gross - refund than paid = gross,
    the paid column is after refunds and those rows' ``amount`` becomes paid +
    refund (so GMV counts what was paid and the refund is subtracted once; noted).
    Returns ``amount`` (a new array when changed; ``cols["amount"]`` too).
    """
    rows = np.flatnonzero((refund > 0) & ~skip)
    if not len(rows):
        return amount
    gross = _at(cols["gross_amount"], rows)
    paid, back = amount[rows], refund[rows]
    after = np.isclose(paid, gross - back, rtol=0, atol=0.005)
    before = np.isclose(paid, gross, rtol=0, atol=0.005) & ~after
    if not after.sum() > before.sum():
        return amount
    amount = amount.copy()
    amount[rows[after]] = paid[after] + back[after]
    cols["amount"] = pd.Series(amount, index=cols["amount"].index)
    book.note("paid_after_refunds", count=int(after.sum()))
    return amount


def resolve(
    book: Any,
    cols: dict[str, pd.Series],
    amount: np.ndarray,
    ret: np.ndarray,
    states: StatusScan | None,
    *,
    by_order: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Flag void rows, refund lines and refunded orders of one orders import.

    Parameters
    ----------
    book
        The import's bookkeeping (``flag(code, mask, **params)``).
    cols
        The coerced canonical columns; ``refund_amount`` is replaced by its
        resolved values when the file has one or an order was refunded.
    amount
        The lines' paid money (float64, NaN where missing), as read.
    ret
        Refund lines already known (Online Retail ``C`` invoices); updated.
    states
        The :class:`StatusScan` of the status column; None without one.
    by_order
        The file has an order ID (refund rows may share it with a purchase).

    Returns
    -------
    (is_return, is_void)
        Boolean arrays; ``is_return`` rows get their amount made negative by the
        builder. They never overlap. Work is on the few rows with a state; only
        a payment-time or refund column costs full-length passes.
    """
    n = len(amount)
    codes, seen, keys, srows = (
        states if states is not None else (None, {}, None, np.zeros(0, dtype=np.intp))
    )
    paid_time = cols.get("paid_time")
    refund = None
    if "refund_amount" in cols:
        refund = np.abs(cols["refund_amount"].to_numpy(dtype="float64", na_value=np.nan))
        refund = np.where(np.isnan(refund), 0.0, refund)
    void = np.zeros(n, dtype=bool)
    refund_rows = whole_rows = np.zeros(0, dtype=np.intp)
    refundish = None
    if len(srows):
        refundish = _void_by_status(book, cols, amount, ret, states, refund, void)
    if paid_time is not None:
        # no payment time and nothing paid: an order placed and never paid (not a
        # refund line: a negative quantity says so)
        no_pay = np.isnat(paid_time.to_numpy()) & np.equal(amount, 0) & ~void & ~ret
        if "quantity" in cols:
            no_pay &= ~np.less(cols["quantity"].to_numpy(dtype="float64", na_value=np.nan), 0)
        if no_pay.any():
            book.flag("unpaid_order", no_pay, statuses="-")
            void |= no_pay
    if refund is not None and "gross_amount" in cols:
        amount = _paid_before_refunds(book, cols, amount, refund, void | ret)
    if len(srows):
        refund_rows, whole_rows = _refund_lines(
            cols, amount, ret, states, void, refundish, by_order
        )
    statuses = ", ".join((seen.get(al.STATE_REFUND, []) + seen.get(al.STATE_CLOSED, []))[:5])
    if len(refund_rows):
        m = np.zeros(n, dtype=bool)
        m[refund_rows] = True
        book.flag("return_status", m, statuses=statuses)
        ret = np.logical_or(ret, m, out=ret)
    if len(whole_rows):
        refund = _refunded_orders(book, cols, amount, refund, whole_rows, statuses, by_order)
    if refund is not None:
        cols["refund_amount"] = pd.Series(refund)
    return ret, void


def _refund_lines(cols, amount, ret, states: StatusScan, void, refundish, by_order):
    """Status rows of refunds (or closed orders) that are paid: (refund lines, whole orders).

    A refund row is a line of its own when negative or, with order IDs, when it comes
    after a purchase row of the same order; otherwise the whole order was refunded.
    """
    codes, _seen, keys, srows = states
    c = codes[srows]
    refunded = ((c == al.STATE_REFUND) | (c == al.STATE_CLOSED)) & ~void[srows] & ~ret[srows]
    rows = srows[refunded]
    if not len(rows):
        return rows, rows
    line = refundish[refunded]
    need = rows[~line]  # negative rows are refund lines without a look-up
    if by_order and len(need):

        def buyable(r: np.ndarray) -> np.ndarray:  # an ordinary, paid purchase row
            return (codes[r] == al.STATE_NONE) & ~void[r] & ~ret[r] & ~np.less(amount[r], 0)

        line[~line] = _after_purchase(cols, need, keys, buyable)
    return rows[line], rows[~line]


def _void_by_status(book, cols, amount, ret, states: StatusScan, refund, void) -> np.ndarray:
    """Flag rows whose status says unpaid, or closed with no sign of payment, as void.

    ``void`` is updated; returns which of the status rows are refunds (credit notes,
    negative amounts or quantities), never void.
    """
    codes, seen, _keys, srows = states
    n = len(amount)
    paid_time = cols.get("paid_time")
    c = codes[srows]
    a = amount[srows]
    refundish = ret[srows] | np.less(a, 0)
    if "quantity" in cols:
        refundish |= np.less(_at(cols["quantity"], srows), 0)
    # evidence of a payment on the row: a payment time, or money refunded
    paid = np.zeros(len(srows), dtype=bool)
    if paid_time is not None:
        paid |= ~np.isnat(paid_time.to_numpy()[srows])
    if refund is not None:
        paid |= refund[srows] > 0
    unpaid = (c == al.STATE_UNPAID) & ~refundish
    closed_void = (c == al.STATE_CLOSED) & ~paid & ~refundish
    for code, sub, cls in (
        ("unpaid_order", unpaid, al.STATE_UNPAID),
        ("closed_unpaid", closed_void, al.STATE_CLOSED),
    ):
        if sub.any():
            m = np.zeros(n, dtype=bool)
            m[srows[sub]] = True
            book.flag(code, m, statuses=", ".join(seen.get(cls, [])[:5]) or "-")
            void |= m
    return refundish


def _refunded_orders(book, cols, amount, refund, whole_rows, statuses, by_order) -> np.ndarray:
    """Flag whole refunded orders; their refund is the file's, else the whole amount."""
    n = len(amount)
    m = np.zeros(n, dtype=bool)
    m[whole_rows] = True
    book.flag("refunded_order", m, statuses=statuses)
    refund = np.zeros(n) if refund is None else refund.copy()
    given = refund[whole_rows] > 0
    if by_order and given.any():
        # an order-level refund given on one line covers the order's other lines
        k = _key_index(cols["order_id"], whole_rows)
        have = np.zeros(int(k.max()) + 2, dtype=bool)
        have[k[m & (refund > 0)]] = True
        given = have[k[whole_rows]]
    full = whole_rows[~given]
    refund[full] = np.where(np.isnan(amount[full]), 0.0, np.abs(amount[full]))
    return refund
