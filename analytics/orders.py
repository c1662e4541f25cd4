"""The order rule: which lines count as sales, orders and money. Every page follows it.

One rule, used by the Overview (:mod:`analytics.kpi`), user layering
(:mod:`analytics.rfm`), the traffic page (:mod:`analytics.traffic`) and the weekly
report, so that GMV, AOV, order counts, RFM and the repurchase rate agree:

- ``amount`` is the money **paid** for a line. A refund line or credit note
  (``is_return``: Online Retail ``C`` invoices, negative quantities, refund rows
  later than a purchase of the same order) has a negative amount: the money returned.
- **Void** lines (``is_void``: never paid — unpaid, or closed / cancelled before
  payment) are kept in the data and counted in the import report, but count in no
  money and no order count. They are never negated.
- **Sales lines**: lines that are neither void nor refund lines (a line with a
  negative amount is a refund line even where ``is_return`` is absent).
- **GMV** = sum of ``amount`` over sales lines (the paid money of the orders placed).
- **Refunds** = money returned: minus the amount of refund lines, plus
  ``refund_amount`` (money refunded later on a paid line, e.g. 退款金额 or Shopify's
  Refunded Amount; a fully refunded order keeps its paid amount and has
  ``refund_amount`` = that amount).
- **Net revenue** = GMV - refunds = sum of :func:`net_amount`.
- **Orders** = distinct ``order_id`` with at least one sales line (without order
  IDs each line is an order). **AOV** = GMV / orders.
- **Buyers** = distinct ``customer_id`` with a sales line; lines without a customer
  ID count in GMV and orders but in no customer figure. Without any customer ID,
  buyer figures (buyers, CR, repurchase rate, RFM) are not available.
- RFM **frequency** = distinct orders with a sales line; **monetary** = net revenue
  of the customer's lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.messages import AnalyticsError

__all__ = [
    "OrderTotals",
    "void_mask",
    "return_mask",
    "sale_mask",
    "refund_money",
    "net_amount",
    "valid_orders",
    "has_customers",
    "order_totals",
]


def _bool(orders: pd.DataFrame, col: str) -> np.ndarray:
    if col not in orders.columns:
        return np.zeros(len(orders), dtype=bool)
    s = orders[col]
    if s.dtype == bool:
        return s.to_numpy()
    return s.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _amount(orders: pd.DataFrame) -> np.ndarray:
    if "amount" not in orders.columns:
        raise AnalyticsError("analytics.kpi.orders_column", column="amount")
    s = orders["amount"]
    if s.dtype == np.float64:
        return s.to_numpy()
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def void_mask(orders: pd.DataFrame) -> np.ndarray:
    """Lines of orders never paid (``is_void``; none when the column is absent)."""
    return _bool(orders, "is_void")


def return_mask(orders: pd.DataFrame) -> np.ndarray:
    """Refund lines and credit notes: ``is_return`` or a negative amount, and not void."""
    ret = _bool(orders, "is_return") | np.less(_amount(orders), 0)
    return ret & ~void_mask(orders)


def sale_mask(orders: pd.DataFrame) -> np.ndarray:
    """Sales lines: neither void nor refund lines (they make GMV and the order count)."""
    return ~(_bool(orders, "is_return") | np.less(_amount(orders), 0) | void_mask(orders))


def _refund_col(orders: pd.DataFrame) -> np.ndarray:
    if "refund_amount" not in orders.columns:
        return np.zeros(len(orders))
    r = pd.to_numeric(orders["refund_amount"], errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    return np.abs(np.where(np.isnan(r), 0.0, r))


def refund_money(orders: pd.DataFrame) -> np.ndarray:
    """Money returned per line (>= 0): minus the amount of refund lines, plus the
    ``refund_amount`` of sales lines; 0 on void lines."""
    amount = np.where(np.isnan(_amount(orders)), 0.0, _amount(orders))
    sale, ret = sale_mask(orders), return_mask(orders)
    return np.where(ret, -amount, 0.0) + np.where(sale, _refund_col(orders), 0.0)


def net_amount(orders: pd.DataFrame) -> np.ndarray:
    """Net money per line: ``amount - refund_amount`` (refund lines are already
    negative); 0 on void lines and where the amount is missing."""
    amount = _amount(orders)
    net = np.where(np.isnan(amount), 0.0, amount) - np.where(
        sale_mask(orders), _refund_col(orders), 0.0
    )
    return np.where(void_mask(orders), 0.0, net)


def valid_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """The lines that count in any figure: every line but the void ones (a new frame)."""
    void = void_mask(orders)
    return orders[~void].reset_index(drop=True) if void.any() else orders


def has_customers(orders: pd.DataFrame) -> bool:
    """True when some line has a customer ID (customer analyses are possible)."""
    return "customer_id" in orders.columns and bool(orders["customer_id"].notna().any())


@dataclass(frozen=True)
class OrderTotals:
    """The order rule's totals of a frame (see the module docstring).

    ``buyers`` and ``repurchase`` are NaN without customer IDs; ``aov`` is NaN
    without orders. ``void_lines`` / ``void_orders`` count what was left out.
    """

    gmv: float
    refunds: float
    net_revenue: float
    orders: int
    aov: float
    buyers: float
    repurchase: float
    void_lines: int
    void_orders: int


def _order_keys(orders: pd.DataFrame) -> pd.Series:
    if "order_id" not in orders.columns:
        return pd.Series(np.arange(len(orders)), index=orders.index)
    ids = orders["order_id"]
    # a line without an order ID is an order of its own
    return ids.astype(object).where(ids.notna(), pd.Series(range(len(ids)), index=ids.index))


def order_totals(orders: pd.DataFrame) -> OrderTotals:
    """GMV, refunds, net revenue, orders, AOV, buyers and repurchase rate of ``orders``.

    Parameters
    ----------
    orders : DataFrame
        Canonical orders (``amount``; optionally ``order_id``, ``customer_id``,
        ``is_return``, ``is_void``, ``refund_amount``).

    Returns
    -------
    OrderTotals
        By the rule of this module: GMV = sum of the paid ``amount`` of sales
        lines; refunds = :func:`refund_money` summed; net revenue = GMV - refunds;
        orders = distinct order IDs with a sales line; AOV = GMV / orders; buyers =
        distinct customers with a sales line; repurchase = buyers with 2+ orders /
        buyers.
    """
    amount = _amount(orders)
    sale = sale_mask(orders)
    gmv = float(np.nansum(amount[sale]))
    refunds = float(refund_money(orders).sum())
    keys = _order_keys(orders)
    n_orders = int(keys[sale].nunique())
    void = void_mask(orders)
    void_orders = 0
    if void.any():
        # an order with a sales line is not void, even if another line of it is
        only_void = void & ~keys.isin(keys[sale]).to_numpy()
        void_orders = int(keys[only_void].nunique())
    buyers = repurchase = math.nan
    if has_customers(orders):
        cust = orders["customer_id"]
        known = sale & cust.notna().to_numpy()
        per = pd.DataFrame({"c": cust[known].to_numpy(), "o": keys[known].to_numpy()})
        per = per.groupby("c")["o"].nunique()
        buyers = float(len(per))
        repurchase = float((per >= 2).mean()) if len(per) else math.nan
    return OrderTotals(
        gmv=gmv,
        refunds=refunds,
        net_revenue=gmv - refunds,
        orders=n_orders,
        aov=gmv / n_orders if n_orders else math.nan,
        buyers=buyers,
        repurchase=repurchase,
        void_lines=int(void.sum()),
        void_orders=void_orders,
    )
