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
  also has a purchase row: it nets against that purchase.
- **Refunded order**: a refunded (or closed-after-payment) row that is the order
  itself (no purchase row shares its ID, or the file has no order ID). It keeps its
  paid amount; ``refund_amount`` is the file's refund where the order has one, else
  the line's amount (a full refund). Flagged ``refunded_order``.
- ``refund_amount`` as read is made non-negative (some exports write refunds as
  negative numbers) and missing refunds are 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analytics import aliases as al

__all__ = ["resolve"]


def _isin(ids: pd.Series, rows: np.ndarray, among: np.ndarray) -> np.ndarray:
    """For the positions ``rows``: is the ID also the ID of one of the rows ``among``."""
    if not len(rows) or not among.any():
        return np.zeros(len(rows), dtype=bool)
    pool = pd.unique(ids.to_numpy()[among])
    return ids.iloc[rows].isin(pool).to_numpy(dtype=bool, na_value=False)


def resolve(
    book: Any,
    cols: dict[str, pd.Series],
    amount: np.ndarray,
    ret: np.ndarray,
    states: tuple[np.ndarray, dict[int, list[str]]] | None,
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
        Refund lines already known (Online Retail ``C`` invoices).
    states
        ``(codes, statuses)`` from the status column: an
        :func:`analytics.aliases.order_state` class per row and the status texts
        met per class; None without a status column.
    by_order
        The file has an order ID (refund rows may share it with a purchase).

    Returns
    -------
    (is_return, is_void)
        Boolean arrays; ``is_return`` rows get their amount made negative by the
        builder. They never overlap.
    """
    n = len(amount)
    codes, seen = states if states is not None else (None, {})
    paid_time = cols.get("paid_time")
    refund = None
    if "refund_amount" in cols:
        refund = np.abs(cols["refund_amount"].to_numpy(dtype="float64", na_value=np.nan))
        refund = np.where(np.isnan(refund), 0.0, refund)
    # evidence of a payment on the row: a payment time, or money refunded
    paid = np.zeros(n, dtype=bool)
    if paid_time is not None:
        paid |= paid_time.notna().to_numpy()
    if refund is not None:
        paid |= refund > 0
    negative = np.less(amount, 0)
    if "quantity" in cols:
        negative |= np.less(cols["quantity"].to_numpy(dtype="float64", na_value=np.nan), 0)
    not_void_able = ret | negative  # credit notes and negative lines are refunds, not void
    void = np.zeros(n, dtype=bool)
    if codes is not None:
        unpaid = (codes == al.STATE_UNPAID) & ~not_void_able
        closed = codes == al.STATE_CLOSED
        closed_void = closed & ~paid & ~not_void_able
        book.flag(
            "unpaid_order",
            unpaid,
            statuses=", ".join(seen.get(al.STATE_UNPAID, [])[:5]) or "-",
        )
        book.flag(
            "closed_unpaid",
            closed_void,
            statuses=", ".join(seen.get(al.STATE_CLOSED, [])[:5]),
        )
        void |= unpaid | closed_void
    if paid_time is not None:
        # no payment time and nothing paid: an order placed and never paid
        no_pay = paid_time.isna().to_numpy() & np.equal(amount, 0) & ~void & ~not_void_able
        if no_pay.any():
            book.flag("unpaid_order", no_pay, statuses="-")
            void |= no_pay
    if codes is not None:
        refunded = ((codes == al.STATE_REFUND) | (codes == al.STATE_CLOSED)) & ~void & ~ret
        if refunded.any():
            rows = np.flatnonzero(refunded)
            line = negative[rows]
            if by_order:
                purchase = ~refunded & ~void & ~ret & ~negative
                line |= _isin(cols["order_id"], rows, purchase)
            lines = np.zeros(n, dtype=bool)
            lines[rows[line]] = True
            whole = np.zeros(n, dtype=bool)
            whole[rows[~line]] = True
            statuses = seen.get(al.STATE_REFUND, []) + seen.get(al.STATE_CLOSED, [])
            book.flag("return_status", lines, statuses=", ".join(statuses[:5]))
            ret = ret | lines
            if whole.any():
                book.flag("refunded_order", whole, statuses=", ".join(statuses[:5]))
                refund = np.zeros(n) if refund is None else refund.copy()
                wrows = np.flatnonzero(whole)
                given = refund[wrows] > 0
                if by_order and given.any():
                    # an order-level refund given on one line covers the order's other lines
                    given = _isin(cols["order_id"], wrows, whole & (refund > 0))
                full = wrows[~given]
                refund[full] = np.where(np.isnan(amount[full]), 0.0, np.abs(amount[full]))
    if refund is not None:
        cols["refund_amount"] = pd.Series(refund)
    return ret, void
