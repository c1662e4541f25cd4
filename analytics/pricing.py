"""Competitor price tracking: position, price index, history, changes, alerts, promotions.

Input is a canonical *prices* frame (see :mod:`analytics.schema`): one row is one
observed price of a product at a seller on a date. Columns ``date``, ``product``,
``seller``, ``price``; optional ``product_id`` (an ID shared across sellers, such
as a model number), ``own``, ``list_price``, ``in_stock``, ``promo``,
``unit_size``, ``url``.

Products are matched across sellers by their *key*: ``product_id`` where the
frame has one (falling back to the title where it is empty), else the title
``product``. Where sellers name products differently, :func:`propose_matches`
suggests which titles are the same product and :func:`apply_matches` writes the
confirmed matches into ``product_id``.

Several observations of one product at one seller on one date (or in one period
when ``freq`` is given) are averaged. Rows without a positive price (panel
padding, failed scrapes) are ignored.

Everything is vectorised over all products and sellers: the frame is turned
once into integer codes (date, product, seller) sorted by (product, seller, date),
and every result is computed with numpy reductions over those arrays.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.messages import AnalyticsError, require_columns

__all__ = [
    "METHODS",
    "AlertRules",
    "own_seller_from",
    "sellers",
    "product_keys",
    "per_unit",
    "position",
    "position_counts",
    "gap_matrix",
    "price_index",
    "index_table",
    "index_contributions",
    "history",
    "history_stats",
    "price_changes",
    "alerts",
    "classify_drops",
    "drop_summary",
    "sales_weights",
    "normalise_title",
    "propose_matches",
    "apply_matches",
    "prepare",
    "read_costs",
    "change_sentences",
]

Method = Literal["market_average", "lowest", "competitor", "basket"]
METHODS: tuple[str, ...] = ("market_average", "lowest", "competitor", "basket")

_REQUIRED = ("date", "product", "seller", "price")


# --------------------------------------------------------------------------- panel


@dataclass(frozen=True)
class _Panel:
    """Observations as integer codes, one row per (product, seller, date), sorted that way."""

    dates: np.ndarray  # datetime64[ns], sorted unique
    products: np.ndarray  # object: product keys
    titles: np.ndarray  # object: a title per product key
    sellers: np.ndarray  # object: seller names
    d: np.ndarray  # int64 date code per observation
    p: np.ndarray  # int64 product code
    s: np.ndarray  # int64 seller code
    price: np.ndarray  # float64 (mean of duplicates)
    in_stock: np.ndarray  # float64 share in stock (nan = unknown)
    promo: np.ndarray  # float64 1/0 (nan = unknown)
    list_price: np.ndarray  # float64 (nan = unknown)

    @property
    def n(self) -> int:
        return len(self.price)

    def at(self, when) -> np.datetime64:
        """``when`` as a datetime64 scalar in the unit of ``dates``."""
        return np.datetime64(pd.Timestamp(when).to_datetime64()).astype(self.dates.dtype)

    def seller_code(self, seller: str | None) -> int:
        if seller is None:
            return -1
        hits = np.flatnonzero(self.sellers == str(seller))
        if not len(hits):
            raise AnalyticsError(
                "analytics.pricing.unknown_seller",
                seller=str(seller),
                known=", ".join(map(str, self.sellers[:10])),
            )
        return int(hits[0])

    def pair_start(self) -> np.ndarray:
        """True where an observation starts a new (product, seller) series."""
        start = np.ones(self.n, dtype=bool)
        if self.n > 1:
            start[1:] = (self.p[1:] != self.p[:-1]) | (self.s[1:] != self.s[:-1])
        return start


def _cat(labels: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """``labels[codes]`` as a categorical (no per-row strings are built for big outputs)."""
    lab_codes, uniques = pd.factorize(pd.Series(labels, dtype=object))
    return pd.Categorical.from_codes(lab_codes[codes], categories=pd.Index(uniques, dtype=object))


def _check(prices: pd.DataFrame) -> None:
    require_columns(prices, "prices", _REQUIRED, "analytics.pricing.prices_columns")


def product_keys(prices: pd.DataFrame) -> pd.Series:
    """The product key of each row: ``product_id`` where given, else the title ``product``."""
    _check(prices)
    title = prices["product"].astype("string").str.strip()
    if "product_id" in prices.columns:
        pid = prices["product_id"].astype("string").str.strip()
        pid = pid.mask(pid == "")
        return pid.fillna(title)
    return title


def _as_float(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        return np.full(len(frame), np.nan)
    s = frame[col]
    if s.dtype == bool:
        return s.to_numpy(dtype=float)
    if s.dtype == object:
        try:
            s = s.astype("boolean")
        except (TypeError, ValueError):
            pass
    if pd.api.types.is_bool_dtype(s):
        return s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _panel(prices: pd.DataFrame, freq: str | None = None) -> _Panel:
    _check(prices)
    prices, price, date, keys, seller = _valid_rows(prices)
    if freq:
        date = date.dt.to_period(freq).dt.start_time
    date_np = date.to_numpy()
    if date_np.dtype.kind != "M":
        date_np = date_np.astype("datetime64[ns]")
    d_code, dates = pd.factorize(date_np, sort=True)
    p_code, products = pd.factorize(keys, sort=True)
    s_code, sellers_ = pd.factorize(seller, sort=True)
    products, sellers_ = np.asarray(products, dtype=object), np.asarray(sellers_, dtype=object)
    n_d, n_p, n_s = len(dates), len(products), len(sellers_)
    if n_d == 0:
        return _empty_panel()
    code = (p_code.astype(np.int64) * n_s + s_code) * n_d + d_code
    uniq, inv = _cells(code, n_p * n_s * n_d)
    cnt = np.bincount(inv, minlength=len(uniq)).astype(float)
    mean_price = np.bincount(inv, weights=price, minlength=len(uniq)) / cnt
    in_stock = _cell_mean(inv, len(uniq), _as_float(prices, "in_stock"))
    promo = _cell_mean(inv, len(uniq), _as_float(prices, "promo"))
    promo = np.where(np.isnan(promo), np.nan, (promo > 0).astype(float))
    list_price = _cell_mean(inv, len(uniq), _as_float(prices, "list_price"))
    d = uniq % n_d
    ps = uniq // n_d
    return _Panel(
        dates=np.asarray(dates, dtype=date_np.dtype),
        products=np.asarray(products, dtype=object),
        titles=_titles(prices, p_code, n_p),
        sellers=np.asarray(sellers_, dtype=object),
        d=d,
        p=ps // n_s,
        s=ps % n_s,
        price=mean_price,
        in_stock=in_stock,
        promo=promo,
        list_price=list_price,
    )


def _valid_rows(prices: pd.DataFrame):
    """Rows with a price above zero, a date, a product and a seller: the rows, price, date,
    product key and seller."""
    price = pd.to_numeric(prices["price"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    date = pd.to_datetime(prices["date"], errors="coerce")
    keys = product_keys(prices)
    seller = prices["seller"].astype("string").str.strip()
    ok = (
        np.isfinite(price)
        & (price > 0)
        & date.notna().to_numpy()
        & keys.notna().to_numpy()
        & seller.notna().to_numpy()
    )
    if not ok.all():
        prices, price = prices[ok], price[ok]
        date, keys, seller = date[ok], keys[ok], seller[ok]
    return prices, price, date, keys, seller


def _empty_panel() -> _Panel:
    empty = np.array([], dtype=np.int64)
    none = np.array([], dtype=float)
    objects = np.array([], dtype=object)
    return _Panel(
        np.array([], dtype="datetime64[ns]"),
        objects,
        objects.copy(),
        objects.copy(),
        empty,
        empty,
        empty,
        none,
        none,
        none,
        none,
    )


def _cells(code: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (product, seller, date) cell codes, sorted, and each row's cell."""
    if space <= max(4 * len(code), 1 << 22):
        # dense code space: counting beats sorting
        present = np.bincount(code, minlength=space) > 0
        return np.flatnonzero(present), (np.cumsum(present) - 1)[code]
    return np.unique(code, return_inverse=True)


def _cell_mean(inv: np.ndarray, n_cells: int, values: np.ndarray) -> np.ndarray:
    """Mean of the known ``values`` per cell (NaN where a cell has none)."""
    have = np.isfinite(values)
    if not have.any():
        return np.full(n_cells, np.nan)
    num = np.bincount(inv[have], weights=values[have], minlength=n_cells)
    den = np.bincount(inv[have], minlength=n_cells).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _titles(prices: pd.DataFrame, p_code: np.ndarray, n_p: int) -> np.ndarray:
    """A title per key: the first title seen for it (the own seller's where marked)."""
    first_row = np.full(n_p, len(p_code), dtype=np.int64)
    np.minimum.at(first_row, p_code, np.arange(len(p_code)))
    if "own" in prices.columns:
        own_rows = np.flatnonzero(prices["own"].fillna(False).astype(bool).to_numpy())
        own_first = np.full(n_p, len(p_code), dtype=np.int64)
        np.minimum.at(own_first, p_code[own_rows], own_rows)
        first_row = np.where(own_first < len(p_code), own_first, first_row)
    return prices["product"].iloc[first_row].astype(str).to_numpy(dtype=object)


def own_seller_from(prices: pd.DataFrame) -> str | None:
    """The seller marked as "us" by the ``own`` column (the most-marked one), or None."""
    _check(prices)
    if "own" not in prices.columns:
        return None
    own = prices["own"].fillna(False).astype(bool)
    if not own.any():
        return None
    return str(prices.loc[own, "seller"].astype(str).str.strip().value_counts().index[0])


def sellers(prices: pd.DataFrame) -> list[str]:
    """Sellers with at least one usable price, most observations first."""
    _check(prices)
    price = pd.to_numeric(prices["price"], errors="coerce")
    seller = prices["seller"].astype("string").str.strip()
    ok = price.gt(0) & seller.notna()
    return [str(s) for s in seller[ok].value_counts().index]


def per_unit(prices: pd.DataFrame, per: float = 1.0) -> pd.DataFrame:
    """Prices per ``per`` units of ``unit_size`` (e.g. per 100 g with ``per=100``).

    ``price`` and ``list_price`` become ``price / unit_size * per``; rows without
    a positive ``unit_size`` get no price (they drop out of every comparison).
    """
    _check(prices)
    if "unit_size" not in prices.columns:
        raise AnalyticsError("analytics.pricing.unit_size")
    if not per > 0:
        raise ValueError("per must be a positive number of units, e.g. 1 or 100.")
    size = pd.to_numeric(prices["unit_size"], errors="coerce")
    size = size.where(size > 0)
    out = prices.copy()
    out["price"] = pd.to_numeric(prices["price"], errors="coerce") / size * per
    if "list_price" in out.columns:
        out["list_price"] = pd.to_numeric(prices["list_price"], errors="coerce") / size * per
    return out


# --------------------------------------------------------------------------- position


def _latest(panel: _Panel, as_of: pd.Timestamp | None, max_age_days: float | None):
    """Index of each (product, seller)'s latest observation on or before ``as_of``."""
    if panel.n == 0:
        return np.array([], dtype=np.int64)
    if as_of is None:
        limit = len(panel.dates) - 1
    else:
        limit = int(np.searchsorted(panel.dates, panel.at(as_of), "right")) - 1
    keep = panel.d <= limit
    if max_age_days is not None and limit >= 0:
        oldest = panel.dates[limit] - np.timedelta64(int(round(max_age_days * 86400)), "s")
        keep &= panel.dates[panel.d] >= oldest
    idx = np.flatnonzero(keep)
    if not len(idx):
        return idx
    pair = panel.p[idx] * len(panel.sellers) + panel.s[idx]
    last = np.ones(len(idx), dtype=bool)
    last[:-1] = pair[1:] != pair[:-1]
    return idx[last]


def _matrix(panel: _Panel, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.full((len(panel.products), len(panel.sellers)), np.nan)
    out[panel.p[rows], panel.s[rows]] = values[rows]
    return out


def position(
    prices: pd.DataFrame,
    own_seller: str,
    as_of: pd.Timestamp | str | None = None,
    *,
    max_age_days: float | None = None,
    cost: pd.Series | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Where we stand now, per product, against the other sellers.

    "Now" is each seller's latest observation of the product on or before
    ``as_of`` (default: the last date in the data), no older than
    ``max_age_days`` before it when given.

    Parameters
    ----------
    prices : canonical prices frame.
    own_seller : the seller that is "us".
    as_of, max_age_days : see above.
    cost : optional Series product key -> our unit cost; adds margin columns.
    freq : optional period ("W", "M") observations are grouped into first.

    Returns
    -------
    DataFrame, one row per product key, columns ``product`` (key), ``title``,
    ``our_price``, ``comp_min``, ``comp_median``, ``comp_max``, ``competitors``
    (sellers with a price), ``cheapest_seller``, ``rank`` (1 = cheapest; ties share
    the better rank: 1 + number of competitors strictly cheaper than us),
    ``sellers`` (competitors + us), ``gap_pct`` (our price / cheapest competitor
    - 1; positive = we are dearer), ``gap_money`` (our price - cheapest), ``status``
    (``cheapest`` = no competitor cheaper; ``most_expensive`` = none dearer and at
    least one cheaper; ``middle``; ``only_us``; ``not_ours`` = we have no price)
    and, with ``cost``, ``cost``, ``margin_pct`` ((our price - cost) / our price)
    and ``margin_if_match_pct`` (margin at the cheapest competitor's price).
    """
    panel = _panel(prices, freq)
    own = panel.seller_code(own_seller)
    rows = _latest(panel, None if as_of is None else pd.Timestamp(as_of), max_age_days)
    m = _matrix(panel, rows, panel.price)
    ours = m[:, own] if len(panel.sellers) else np.full(len(panel.products), np.nan)
    comp = m.copy()
    if len(panel.sellers):
        comp[:, own] = np.nan
    n_comp = np.isfinite(comp).sum(axis=1)
    cmin, cmed, cmax, cheapest = _competitor_stats(comp, n_comp > 0, panel.sellers)
    with np.errstate(invalid="ignore"):
        below = (comp < ours[:, None]).sum(axis=1)
        above = (comp > ours[:, None]).sum(axis=1)
        gap_pct = ours / cmin - 1
    rank = np.where(np.isfinite(ours), below + 1, np.nan)
    status = np.where(
        ~np.isfinite(ours),
        "not_ours",
        np.where(
            n_comp == 0,
            "only_us",
            np.where(below == 0, "cheapest", np.where(above == 0, "most_expensive", "middle")),
        ),
    )
    out = pd.DataFrame(
        {
            "product": panel.products,
            "title": panel.titles,
            "our_price": ours,
            "comp_min": cmin,
            "comp_median": cmed,
            "comp_max": cmax,
            "competitors": n_comp.astype(np.int64),
            "cheapest_seller": cheapest,
            "rank": pd.array(rank, dtype="Int64") if len(rank) else pd.array([], dtype="Int64"),
            "sellers": (n_comp + np.isfinite(ours)).astype(np.int64),
            "gap_pct": gap_pct,
            "gap_money": ours - cmin,
            "status": status,
        }
    )
    if cost is not None:
        _add_margins(out, cost)
    return out


def _competitor_stats(comp: np.ndarray, has: np.ndarray, sellers: np.ndarray):
    """Per product (row of ``comp``): the competitors' min, median and max price, and the
    cheapest seller (NaN / None where no competitor has a price)."""
    cmin = np.full(len(comp), np.nan)
    cmax = cmin.copy()
    cmed = cmin.copy()
    cheapest = np.full(len(comp), None, dtype=object)
    if has.any():
        sub = comp[has]
        cmin[has] = np.nanmin(sub, axis=1)
        cmax[has] = np.nanmax(sub, axis=1)
        cmed[has] = np.nanmedian(sub, axis=1)
        cheapest[has] = sellers[np.nanargmin(sub, axis=1)]
    return cmin, cmed, cmax, cheapest


def _cost_map(cost) -> pd.Series:
    """Unit cost by product key (as text)."""
    c = pd.Series(cost, dtype=float)
    c.index = c.index.astype(str)
    return c


def _add_margins(out: pd.DataFrame, cost) -> None:
    """``cost``, ``margin_pct`` and ``margin_if_match_pct`` (at the cheapest competitor)."""
    out["cost"] = out["product"].astype(str).map(_cost_map(cost)).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["margin_pct"] = (out["our_price"] - out["cost"]) / out["our_price"]
        out["margin_if_match_pct"] = (out["comp_min"] - out["cost"]) / out["comp_min"]


def position_counts(pos: pd.DataFrame) -> dict[str, int]:
    """How many products we are ``cheapest`` / ``middle`` / ``most_expensive`` on (and the rest)."""
    counts = pos["status"].value_counts()
    keys = ("cheapest", "middle", "most_expensive", "only_us", "not_ours")
    return {k: int(counts.get(k, 0)) for k in keys}


def gap_matrix(
    prices: pd.DataFrame,
    own_seller: str,
    as_of: pd.Timestamp | str | None = None,
    *,
    products: list[str] | None = None,
    max_age_days: float | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Each seller's latest price per product and its gap to ours (for the heatmap).

    Returns a long frame ``product``, ``title``, ``seller``, ``price``, ``our_price``,
    ``gap_pct`` (= seller's price / our price - 1: negative = cheaper than us, 0 for
    us), for products where we have a price (or those in ``products``).
    """
    panel = _panel(prices, freq)
    own = panel.seller_code(own_seller)
    rows = _latest(panel, None if as_of is None else pd.Timestamp(as_of), max_age_days)
    m = _matrix(panel, rows, panel.price)
    ours = m[:, own]
    pick = np.isfinite(ours)
    if products is not None:
        pick &= np.isin(panel.products, np.asarray(products, dtype=object))
    pi, si = np.nonzero(np.isfinite(m) & pick[:, None])
    price = m[pi, si]
    return pd.DataFrame(
        {
            "product": panel.products[pi],
            "title": panel.titles[pi],
            "seller": panel.sellers[si],
            "price": price,
            "our_price": ours[pi],
            "gap_pct": price / ours[pi] - 1,
        }
    )


# --------------------------------------------------------------------------- index


def _weights_vector(panel: _Panel, weights: pd.Series | dict | None) -> np.ndarray:
    if weights is None:
        return np.ones(len(panel.products))
    w = pd.Series(weights, dtype=float)
    w.index = w.index.astype(str)
    vec = pd.Series(panel.products.astype(str)).map(w).fillna(0.0).to_numpy(dtype=float)
    if (vec < 0).any():
        raise ValueError("Sales weights must not be negative.")
    return vec


def _index_parts(
    panel: _Panel,
    own: int,
    method: str,
    competitor: int,
    weights: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense (dates x products) arrays: valid, ratio (x100) and term (rows sum to the index)."""
    if method not in METHODS:
        raise ValueError(f"Unknown index method {method!r}; choose one of {', '.join(METHODS)}.")
    n_d, n_p = len(panel.dates), len(panel.products)
    size = n_d * n_p
    dp = panel.d * n_p + panel.p
    is_own = panel.s == own
    ours = np.full(size, np.nan)
    ours[dp[is_own]] = panel.price[is_own]
    if method == "competitor":
        if competitor < 0:
            raise AnalyticsError("analytics.pricing.no_competitor")
        if competitor == own:
            raise AnalyticsError("analytics.pricing.own_competitor")
        sel = panel.s == competitor
        other = np.full(size, np.nan)
        other[dp[sel]] = panel.price[sel]
        count = np.isfinite(other).astype(float)
        total = np.nan_to_num(other)
    else:
        comp = ~is_own
        cdp = dp[comp]
        count = np.bincount(cdp, minlength=size).astype(float)
        total = np.bincount(cdp, weights=panel.price[comp], minlength=size)
        if method == "lowest":
            other = np.full(size, np.inf)
            np.minimum.at(other, cdp, panel.price[comp])
            other[count == 0] = np.nan
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                other = np.where(count > 0, total / np.where(count > 0, count, 1), np.nan)
    valid = np.isfinite(ours) & (count > 0)
    w = np.broadcast_to(weights, (n_d, n_p)).reshape(size)
    valid &= w > 0
    ratio = np.full(size, np.nan)
    term = np.zeros(size)
    if method == "basket":
        # Sniffie-style CPI: sum of matched competitor prices / sum of ours for the same pairs
        num = np.where(valid, w * total, 0.0).reshape(n_d, n_p)
        den = np.where(valid, w * count * np.nan_to_num(ours), 0.0).reshape(n_d, n_p)
        den_sum = den.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            term = np.where(den_sum > 0, 100 * num / np.where(den_sum > 0, den_sum, 1), 0.0)
            ratio = np.where(valid, 100 * total / np.where(valid, count * ours, 1), np.nan).reshape(
                n_d, n_p
            )
        return valid.reshape(n_d, n_p), ratio, term
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(valid, 100 * ours / np.where(valid, other, 1), np.nan).reshape(n_d, n_p)
    wv = np.where(valid, w, 0.0).reshape(n_d, n_p)
    wsum = wv.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        term = np.where(wv > 0, wv * np.nan_to_num(ratio) / np.where(wsum > 0, wsum, 1), 0.0)
    return valid.reshape(n_d, n_p), ratio, term


def _need_competitors(panel: _Panel, own_seller: str) -> None:
    """A price history without competitors (one seller only) has nothing to index against."""
    if len(panel.sellers) == 1:
        raise AnalyticsError("analytics.pricing.own_only", seller=str(own_seller))


def _index_terms(prices, own_seller, method, competitor, weights, freq):
    """The panel and :func:`_index_parts` (valid, ratio, term) of an index method."""
    panel = _panel(prices, freq)
    own = panel.seller_code(own_seller)
    _need_competitors(panel, own_seller)
    comp = panel.seller_code(competitor) if method == "competitor" else -1
    if method == "competitor" and competitor is None:
        raise AnalyticsError("analytics.pricing.no_competitor")
    valid, ratio, term = _index_parts(panel, own, method, comp, _weights_vector(panel, weights))
    return panel, valid, ratio, term


def index_table(
    prices: pd.DataFrame,
    own_seller: str,
    method: Method = "market_average",
    *,
    competitor: str | None = None,
    weights: pd.Series | dict | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """The price index per date with how many products it covers.

    Returns a frame indexed by ``date`` with ``index`` (see :func:`price_index`)
    and ``products`` (products matched on that date).
    """
    panel, valid, _, term = _index_terms(prices, own_seller, method, competitor, weights, freq)
    n = valid.sum(axis=1)
    idx = np.where(n > 0, term.sum(axis=1), np.nan)
    return pd.DataFrame(
        {"index": idx, "products": n.astype(np.int64)},
        index=pd.DatetimeIndex(panel.dates, name="date"),
    )


def price_index(
    prices: pd.DataFrame,
    own_seller: str,
    method: Method = "market_average",
    *,
    competitor: str | None = None,
    weights: pd.Series | dict | None = None,
    freq: str | None = None,
) -> pd.Series:
    """Our price index per date (100 = at par with the market).

    A product counts on a date when we and (at least one of) the compared
    seller(s) have a price for it on that date (after grouping into periods of
    ``freq`` such as ``"W"`` when given; several observations in one period are
    averaged). Methods:

    ``market_average`` (Prisync / Dealavo style)
        mean over products of our price / mean of the competitors' prices x 100.
        Below 100: we are cheaper than the average competitor.
    ``lowest``
        mean over products of our price / lowest competitor price x 100.
        100 = we match the cheapest; above 100: dearer than the cheapest.
    ``competitor``
        mean over products of our price / ``competitor``'s price x 100, over
        the products both of us sell.
    ``basket`` (Sniffie CPI style)
        sum of the matched competitor prices / sum of our prices for the same
        (product, competitor) pairs x 100. Note the direction: **above 100 means
        we are cheaper** than the competitors' basket.

    With ``weights`` (Series product key -> weight, e.g. sales revenue from
    :func:`sales_weights`) the mean over products becomes a weighted mean (for
    ``basket`` each product's prices are multiplied by its weight); products
    without a weight are left out.

    Returns
    -------
    Series indexed by ``date`` (every date in the data; NaN where no product
    matched), named ``price_index``.

    Raises
    ------
    ValueError
        When the data holds one seller only (the user's own price history): an
        index needs competitor prices.
    """
    table = index_table(
        prices, own_seller, method, competitor=competitor, weights=weights, freq=freq
    )
    return table["index"].rename("price_index")


def index_contributions(
    prices: pd.DataFrame,
    own_seller: str,
    method: Method = "market_average",
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
    *,
    competitor: str | None = None,
    weights: pd.Series | dict | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Which products moved the index from ``start`` to ``end`` (default: first and last date).

    The index on a date is a sum of one term per product (its weighted share
    of the mean, or of the basket). A product's contribution is its term at
    ``end`` minus its term at ``start``; the contributions add up exactly to the
    change of the index. Dates are snapped to the nearest earlier date with data.

    Returns a frame ``product``, ``title``, ``ratio_start``, ``ratio_end``
    (that product's own ratio x 100 on each date), ``contribution`` (index
    points), sorted by the size of the contribution, largest first; plus the
    attributes ``start``, ``end``, ``index_start``, ``index_end`` in ``.attrs``.
    """
    panel, valid, ratio, term = _index_terms(prices, own_seller, method, competitor, weights, freq)
    has = np.flatnonzero(valid.any(axis=1))
    if not len(has):
        raise AnalyticsError("analytics.pricing.no_overlap")

    def _snap(when, default):
        if when is None:
            return default
        pos = int(np.searchsorted(panel.dates, panel.at(when), "right")) - 1
        ok = has[has <= pos]
        return int(ok[-1]) if len(ok) else int(has[0])

    i0, i1 = _snap(start, int(has[0])), _snap(end, int(has[-1]))
    contrib = term[i1] - term[i0]
    touched = valid[i0] | valid[i1]
    out = pd.DataFrame(
        {
            "product": panel.products[touched],
            "title": panel.titles[touched],
            "ratio_start": ratio[i0][touched],
            "ratio_end": ratio[i1][touched],
            "contribution": contrib[touched],
        }
    )
    out = out.reindex(out["contribution"].abs().sort_values(ascending=False).index)
    out = out.reset_index(drop=True)
    out.attrs.update(
        start=pd.Timestamp(panel.dates[i0]),
        end=pd.Timestamp(panel.dates[i1]),
        index_start=float(term[i0].sum()),
        index_end=float(term[i1].sum()),
    )
    return out


# --------------------------------------------------------------------------- history


def history(prices: pd.DataFrame, product: str, *, freq: str | None = None) -> pd.DataFrame:
    """Every seller's observations of one product (by key), for the step chart.

    Returns ``date``, ``seller``, ``price``, ``in_stock`` (bool or NA),
    ``promo`` (bool or NA), ``list_price``, sorted by seller and date.
    """
    panel = _panel(prices, freq)
    hits = np.flatnonzero(panel.products == product)
    if not len(hits):
        raise AnalyticsError("analytics.pricing.unknown_product", product=str(product))
    rows = np.flatnonzero(panel.p == hits[0])

    def _flag(values: np.ndarray, cut: float) -> pd.array:
        return pd.array(
            [pd.NA if np.isnan(v) else bool(v >= cut) for v in values[rows]], dtype="boolean"
        )

    return pd.DataFrame(
        {
            "date": pd.to_datetime(panel.dates[panel.d[rows]]),
            "seller": panel.sellers[panel.s[rows]],
            "price": panel.price[rows],
            "in_stock": _flag(panel.in_stock, 0.5),
            "promo": _flag(panel.promo, 0.5),
            "list_price": panel.list_price[rows],
        }
    )


def history_stats(
    prices: pd.DataFrame,
    as_of: pd.Timestamp | str | None = None,
    *,
    products: list[str] | None = None,
    windows: tuple[int, ...] = (30, 90),
    freq: str | None = None,
) -> pd.DataFrame:
    """Keepa-style figures per (product, seller) as of a date (default: last date).

    A price holds from its observation until the next observation of the same
    product at the same seller (a step); the last one holds through ``as_of``
    (inclusive, i.e. until ``as_of`` + 1 day). Observations marked out of stock
    do not count (no one could buy at that price).

    Returns ``product``, ``seller``, ``last_price``, ``last_date``, ``twa_<w>`` for
    each window ``w`` in days (time-weighted average price over the ``w`` days
    ending on ``as_of``), ``low_all`` and ``low_all_date`` (all-time low up to
    ``as_of``) and ``low_<w>`` (lowest price in effect during the last ``w`` days).
    """
    panel = _panel(prices, freq)
    if panel.n == 0:
        raise AnalyticsError("analytics.pricing.no_price")
    end_day = panel.dates[-1] if as_of is None else panel.at(as_of)
    rows = panel.dates[panel.d] <= end_day
    if products is not None:
        rows &= np.isin(panel.p, np.flatnonzero(np.isin(panel.products, list(products))))
    idx = np.flatnonzero(rows)
    if not len(idx):
        raise AnalyticsError("analytics.pricing.no_price_before")
    p, s = panel.p[idx], panel.s[idx]
    t0 = panel.dates[panel.d[idx]].astype("datetime64[ns]").astype(np.int64)
    stop = (end_day + np.timedelta64(1, "D")).astype("datetime64[ns]").astype(np.int64)
    pair = p * len(panel.sellers) + s
    last = np.ones(len(idx), dtype=bool)
    last[:-1] = pair[1:] != pair[:-1]
    t1 = np.empty_like(t0)
    t1[:-1] = t0[1:]
    t1[last] = stop
    price = panel.price[idx]
    buyable = ~(panel.in_stock[idx] < 0.5)
    first = np.r_[True, last[:-1]]
    g_start = np.flatnonzero(first)  # first row of each pair
    g_id = np.cumsum(first) - 1
    n_g = len(g_start)
    out = pd.DataFrame(
        {
            "product": panel.products[p[g_start]],
            "seller": panel.sellers[s[g_start]],
            "last_price": price[last],
            "last_date": pd.to_datetime(panel.dates[panel.d[idx[last]]]),
        }
    )
    day = np.int64(86_400_000_000_000)
    for w in windows:
        lo = stop - w * day
        overlap = np.clip(np.minimum(t1, stop) - np.maximum(t0, lo), 0, None).astype(float)
        overlap = np.where(buyable, overlap, 0.0)
        num = np.bincount(g_id, weights=price * overlap, minlength=n_g)
        den = np.bincount(g_id, weights=overlap, minlength=n_g)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"twa_{w}"] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        low = np.full(n_g, np.inf)
        sel = buyable & (overlap > 0)
        np.minimum.at(low, g_id[sel], price[sel])
        out[f"low_{w}"] = np.where(np.isinf(low), np.nan, low)
    masked = np.where(buyable, price, np.inf)
    low = np.full(n_g, np.inf)
    np.minimum.at(low, g_id, masked)
    # date of the (first) all-time low
    is_low = masked == low[g_id]
    first_low = np.full(n_g, -1)
    cand = np.flatnonzero(is_low & np.isfinite(masked))
    first_low[g_id[cand[::-1]]] = cand[::-1]
    out["low_all"] = np.where(np.isinf(low), np.nan, low)
    low_dates = np.full(n_g, np.datetime64("NaT"), dtype=panel.dates.dtype)
    okl = first_low >= 0
    low_dates[okl] = panel.dates[panel.d[idx[first_low[okl]]]]
    out["low_all_date"] = pd.to_datetime(low_dates)
    return out


# --------------------------------------------------------------------------- changes


def _steps(panel: _Panel) -> tuple[np.ndarray, np.ndarray]:
    """Indices (cur, prev) of each observation and the previous one of the same series."""
    start = panel.pair_start()
    cur = np.flatnonzero(~start)
    return cur, cur - 1


def price_changes(
    prices: pd.DataFrame,
    *,
    since: pd.Timestamp | str | None = None,
    min_change: float = 0.0,
    freq: str | None = None,
) -> pd.DataFrame:
    """Every price change against the previous observation of the same product at the same seller.

    Returns ``date``, ``prev_date``, ``product``, ``title``, ``seller`` (categoricals),
    ``old_price``, ``new_price``, ``change`` (new - old), ``change_pct`` (new / old - 1),
    newest first (then by product and seller); only changes larger than ``min_change`` (a fraction) and dated on or
    after ``since`` when given.
    """
    panel = _panel(prices, freq)
    cur, prev = _steps(panel)
    old, new = panel.price[prev], panel.price[cur]
    pct = new / old - 1
    keep = np.abs(pct) > max(min_change, 1e-12)
    if since is not None:
        keep &= panel.dates[panel.d[cur]] >= panel.at(since)
    cur, prev, old, new, pct = cur[keep], prev[keep], old[keep], new[keep], pct[keep]
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(panel.dates[panel.d[cur]]),
            "prev_date": pd.to_datetime(panel.dates[panel.d[prev]]),
            "product": _cat(panel.products, panel.p[cur]),
            "title": _cat(panel.titles, panel.p[cur]),
            "seller": _cat(panel.sellers, panel.s[cur]),
            "old_price": old,
            "new_price": new,
            "change": new - old,
            "change_pct": pct,
        }
    )
    # newest first, then product and seller (codes follow the sorted names)
    order = np.lexsort((panel.s[cur], panel.p[cur], -panel.d[cur]))
    return out.iloc[order].reset_index(drop=True)


@dataclass(frozen=True)
class AlertRules:
    """Alert rules (fractions, e.g. 0.05 = 5%); ``None`` / False turns a rule off.

    ``undercut``: a competitor's latest price is more than this below ours.
    ``drop``: a competitor's price fell more than this in one step, within the
    last ``recent_days`` before the latest date.
    ``below_cost``: a competitor's latest price is below our cost.
    ``out_of_stock``: a competitor's latest observation is out of stock.
    """

    undercut: float | None = 0.05
    drop: float | None = 0.10
    below_cost: bool = True
    out_of_stock: bool = True
    recent_days: float = 7.0


_SEVERITY = {"high": 0, "medium": 1, "low": 2}


def alerts(
    prices: pd.DataFrame,
    own_seller: str,
    rules: AlertRules = AlertRules(),
    *,
    cost: pd.Series | None = None,
    as_of: pd.Timestamp | str | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Alerts from the rules, most severe first.

    Severity: a competitor below our cost is ``high``; an undercut or a drop is
    ``high`` when at least twice the threshold, else ``medium``; a competitor out
    of stock is ``low`` (an opportunity rather than a threat).

    Returns ``severity``, ``rule`` (``below_cost``, ``undercut``, ``drop``,
    ``out_of_stock``), ``product``, ``title``, ``seller``, ``date``,
    ``price`` (the competitor's), ``our_price``, ``old_price`` (for drops),
    ``cost``, ``value`` (the gap or drop as a fraction, for sorting).
    """
    panel = _panel(prices, freq)
    own = panel.seller_code(own_seller)
    when = None if as_of is None else pd.Timestamp(as_of)
    rows = _latest(panel, when, None)
    rows = rows[panel.s[rows] != own]
    m = _matrix(panel, _latest(panel, when, None), panel.price)
    cost_vec = np.full(len(panel.products), np.nan)
    if cost is not None:
        cost_vec = pd.Series(panel.products.astype(str)).map(_cost_map(cost)).to_numpy(dtype=float)
    found = _Alerts(panel, m[:, own], cost_vec)
    our = found.ours[panel.p[rows]]
    price = panel.price[rows]
    with np.errstate(invalid="ignore", divide="ignore"):
        if rules.below_cost and cost is not None:
            cv = cost_vec[panel.p[rows]]
            found.add("below_cost", rows, price < cv, "high", price / cv - 1)
        if rules.undercut is not None:
            gap = price / our - 1
            sel = gap < -abs(rules.undercut)
            sev = np.where(gap <= -2 * abs(rules.undercut), "high", "medium")
            found.add("undercut", rows, sel, sev, gap)
        if rules.drop is not None and panel.n:
            _recent_drops(found, own, rules, when)
        if rules.out_of_stock:
            oos = panel.in_stock[rows] < 0.5
            found.add("out_of_stock", rows, oos, "low", np.zeros(len(rows)))
    return found.table()


_ALERT_COLUMNS = [
    "severity",
    "rule",
    "product",
    "title",
    "seller",
    "date",
    "price",
    "our_price",
    "old_price",
    "cost",
    "value",
]


class _Alerts:
    """The alerts found so far on a panel, with our latest prices and costs per product."""

    def __init__(self, panel: _Panel, ours: np.ndarray, cost_vec: np.ndarray) -> None:
        self.panel, self.ours, self.cost_vec = panel, ours, cost_vec
        self.parts: list[pd.DataFrame] = []

    def add(self, rule, r, sel, sev, value, old=None) -> None:
        """Alerts of ``rule`` on the observations ``r[sel]`` (severity one or per row)."""
        if not sel.any():
            return
        panel, n = self.panel, int(sel.sum())
        p = panel.p[r][sel]
        self.parts.append(
            pd.DataFrame(
                {
                    "severity": np.asarray(sev, dtype=object)[sel]
                    if np.ndim(sev)
                    else np.full(n, sev, dtype=object),
                    "rule": rule,
                    "product": panel.products[p],
                    "title": panel.titles[p],
                    "seller": panel.sellers[panel.s[r][sel]],
                    "date": pd.to_datetime(panel.dates[panel.d[r][sel]]),
                    "price": panel.price[r][sel],
                    "our_price": self.ours[p],
                    "old_price": np.full(n, np.nan) if old is None else old[sel],
                    "cost": self.cost_vec[p],
                    "value": value[sel],
                }
            )
        )

    def table(self) -> pd.DataFrame:
        """Every alert, most severe first (then by rule, size and product)."""
        cols = _ALERT_COLUMNS
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        out = pd.concat(self.parts, ignore_index=True)
        rule_order = {"below_cost": 0, "undercut": 1, "drop": 2, "out_of_stock": 3}
        out = out.assign(
            _s=out["severity"].map(_SEVERITY), _r=out["rule"].map(rule_order), _v=out["value"]
        )
        out = out.sort_values(["_s", "_r", "_v", "product"], kind="stable")
        return out.drop(columns=["_s", "_r", "_v"]).reset_index(drop=True)[cols]


def _recent_drops(found: _Alerts, own: int, rules: AlertRules, when) -> None:
    """Competitors' price drops over ``rules.drop`` in the last ``rules.recent_days``."""
    panel = found.panel
    cur, prev = _steps(panel)
    end_day = panel.dates[-1] if when is None else panel.at(when)
    last_day = end_day - np.timedelta64(int(rules.recent_days * 86400), "s")
    day = panel.dates[panel.d[cur]]
    ok = (panel.s[cur] != own) & (day >= last_day) & (day <= end_day)
    cur, prev = cur[ok], prev[ok]
    pct = panel.price[cur] / panel.price[prev] - 1
    sel = pct < -abs(rules.drop)
    sev = np.where(pct <= -2 * abs(rules.drop), "high", "medium")
    found.add("drop", cur, sel, sev, pct, old=panel.price[prev])


# --------------------------------------------------------------------------- promotions


def classify_drops(
    prices: pd.DataFrame,
    *,
    own_seller: str | None = None,
    min_drop: float = 0.02,
    tolerance: float = 0.02,
    window_days: float = 14,
    freq: str | None = None,
) -> pd.DataFrame:
    """Classify each price drop as a temporary ``promotion`` or a ``lasting`` change.

    A drop is a step down of more than ``min_drop`` (fraction) against the
    previous observation of the same product at the same seller (smaller moves
    are noise). It is a **promotion** when, within ``window_days`` after the drop,
    the price comes back to within ``tolerance`` of its level before the drop
    (``reason`` = ``returned``), or when the file says so: the promo flag is set
    (``flag``), or the seller was at its list price before and now sells more
    than ``tolerance`` below it (``list_price``, a strikethrough price). Otherwise it is **lasting** (``no_return``) once
    ``window_days`` have passed in the data, and ``pending`` (``too_early``) while
    the window is still open at the last date. Drops by ``own_seller`` are left out.

    Returns ``date``, ``product``, ``title``, ``seller`` (categoricals), ``old_price``,
    ``new_price``, ``drop_pct`` (new / old - 1, negative), ``kind``, ``reason``, ``returned_on``
    (date the price came back, NaT if not), ``days_low`` (days until it did).
    """
    if not 0 <= tolerance < 1:
        raise ValueError("tolerance must be a fraction between 0 and 1, e.g. 0.02 for 2%.")
    if not window_days > 0:
        raise ValueError("window_days must be a positive number of days.")
    panel = _panel(prices, freq)
    own = panel.seller_code(own_seller) if own_seller is not None else -1
    cur, prev = _steps(panel)
    pct = panel.price[cur] / panel.price[prev] - 1
    sel = (pct < -abs(min_drop)) & (panel.s[cur] != own)
    cur, prev, pct = cur[sel], prev[sel], pct[sel]
    old = panel.price[prev]
    ns = panel.dates.astype("datetime64[ns]").astype(np.int64)
    horizon = ns[panel.d][cur] + np.int64(window_days * 86_400 * 1e9)
    returned_at = _first_return(panel, cur, old * (1 - tolerance), horizon)
    came_back = returned_at >= 0
    open_window = horizon > ns[-1] if len(ns) else np.zeros(len(cur), dtype=bool)
    reason = _drop_reasons(panel, cur, old, tolerance, came_back, open_window)
    kind = np.where(
        np.isin(reason, ["returned", "flag", "list_price"]),
        "promotion",
        np.where(reason == "too_early", "pending", "lasting"),
    )
    ret_dates = np.full(len(cur), np.datetime64("NaT"), dtype=panel.dates.dtype)
    ret_dates[came_back] = panel.dates[panel.d[returned_at[came_back]]]
    drop_dates = panel.dates[panel.d[cur]]
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(drop_dates),
            "product": _cat(panel.products, panel.p[cur]),
            "title": _cat(panel.titles, panel.p[cur]),
            "seller": _cat(panel.sellers, panel.s[cur]),
            "old_price": old,
            "new_price": panel.price[cur],
            "drop_pct": pct,
            "kind": kind,
            "reason": reason,
            "returned_on": pd.to_datetime(ret_dates),
            "days_low": (ret_dates - drop_dates) / np.timedelta64(1, "D"),
        }
    )
    order = np.lexsort((panel.s[cur], panel.p[cur], -panel.d[cur]))
    return out.iloc[order].reset_index(drop=True)


def _first_return(
    panel: _Panel, cur: np.ndarray, threshold: np.ndarray, horizon: np.ndarray
) -> np.ndarray:
    """For each drop at ``cur``: the first later observation of the same product and seller,
    up to ``horizon``, whose price is back at ``threshold`` or above (-1 when none)."""
    t = panel.dates.astype("datetime64[ns]").astype(np.int64)[panel.d]
    pair = panel.p * len(panel.sellers) + panel.s
    returned_at = np.full(len(cur), -1, dtype=np.int64)
    # walk forward one observation at a time (bounded by the observations in the window)
    k = 1
    alive = np.ones(len(cur), dtype=bool)
    while alive.any():
        j = cur + k
        inside = alive & (j < panel.n)
        jj = np.where(inside, j, 0)
        inside &= (pair[jj] == pair[cur]) & (t[jj] <= horizon)
        hit = inside & (panel.price[jj] >= threshold) & (returned_at < 0)
        returned_at[hit] = jj[hit]
        alive = inside & ~hit
        k += 1
    return returned_at


def _drop_reasons(panel, cur, old, tolerance, came_back, open_window) -> np.ndarray:
    """Why each drop is a promotion (returned, flag, list_price) or not (too_early, no_return)."""
    flag = panel.promo[cur] >= 0.5
    lp = panel.list_price[cur]
    with np.errstate(invalid="ignore"):
        # a strikethrough: the seller was at its list price and now sells below it
        below_list = (
            np.isfinite(lp)
            & (panel.price[cur] < lp * (1 - tolerance))
            & (old >= lp * (1 - tolerance))
        )
    return np.where(
        came_back,
        "returned",
        np.where(
            flag,
            "flag",
            np.where(below_list, "list_price", np.where(open_window, "too_early", "no_return")),
        ),
    )


def drop_summary(drops: pd.DataFrame) -> pd.DataFrame:
    """Counts of ``promotion`` / ``lasting`` / ``pending`` drops per seller, with the promotion share.

    ``promo_share`` = promotions / (promotions + lasting) (pending drops left out).
    """
    kinds = ["promotion", "lasting", "pending"]
    if drops.empty:
        return pd.DataFrame(columns=["seller", *kinds, "drops", "promo_share"])
    table = pd.crosstab(drops["seller"].astype(str), drops["kind"].astype(str))
    table = table.reindex(columns=kinds, fill_value=0)
    table["drops"] = table[kinds].sum(axis=1)
    decided = table["promotion"] + table["lasting"]
    table["promo_share"] = (table["promotion"] / decided.where(decided > 0)).astype(float)
    table.columns.name = None
    return (
        table.reset_index()
        .sort_values("drops", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- weights, matching


def sales_weights(orders: pd.DataFrame, prices: pd.DataFrame) -> pd.Series:
    """Sales revenue per product key of ``prices``, from an orders frame.

    Orders are matched to price keys by ``product_id`` and, failing that, by
    ``product_name`` (also against the price titles). Returns a Series product
    key -> revenue (net revenue by the order rule of :mod:`analytics.orders`:
    ``amount`` minus refunds, returns included, never-paid orders left out), only
    keys with sales.
    """
    from analytics import orders as ordrule

    if "amount" not in orders.columns:
        raise AnalyticsError("analytics.pricing.weights_amount")
    keys = product_keys(prices)
    title_to_key = dict(
        zip(prices["product"].astype(str).str.strip(), keys.astype(str), strict=False)
    )
    key_set = set(keys.astype(str))
    amount = pd.Series(ordrule.net_amount(orders), index=orders.index)
    mapped = pd.Series(np.nan, index=orders.index, dtype=object)
    for col in ("product_id", "product_name"):
        if col not in orders.columns:
            continue
        v = orders[col].astype("string").str.strip()
        by_key = v.where(v.isin(key_set))
        by_title = v.map(title_to_key)
        mapped = mapped.fillna(by_key.astype(object)).fillna(by_title.astype(object))
    if mapped.isna().all():
        return pd.Series(dtype=float, name="weight")
    w = amount.groupby(mapped.dropna()).sum()
    w = w[w > 0]
    w.index = w.index.astype(str)
    return w.rename("weight")


_UNITS = [
    (r"(\d+(?:\.\d+)?)\s*(?:kilograms?|kgs?)\b", "{}kg"),
    (r"(\d+(?:\.\d+)?)\s*(?:grams?|g)\b", "{}g"),
    (r"(\d+(?:\.\d+)?)\s*(?:millilitres?|milliliters?|ml)\b", "{}ml"),
    (r"(\d+(?:\.\d+)?)\s*(?:litres?|liters?|l)\b", "{}l"),
    (r"(\d+(?:\.\d+)?)\s*(?:volts?|v)\b", "{}v"),
    (r"(\d+(?:\.\d+)?)\s*(?:pieces?|pcs?|pack|pk|count|ct)\b", "{}pc"),
    (r"(\d+(?:\.\d+)?)\s*(?:inch(?:es)?|in)\b", "{}in"),
]


def normalise_title(title: str) -> str:
    """A comparable form of a product title: NFKC, lower case, units joined, punctuation dropped."""
    text = unicodedata.normalize("NFKC", str(title)).lower()
    text = re.sub(r"[^\w\s./-]", " ", text)
    text = text.replace("-", " ")
    for pattern, repl in _UNITS:
        text = re.sub(pattern, lambda m, r=repl: r.format(m.group(1)), text)
    text = re.sub(r"[^\w\s.]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def propose_matches(
    prices: pd.DataFrame,
    own_seller: str,
    *,
    threshold: float = 80.0,
) -> pd.DataFrame:
    """Propose, for each other seller's product title, the most similar of our titles.

    Titles are compared after :func:`normalise_title` with the mean of rapidfuzz's
    ``token_set_ratio`` and ``token_sort_ratio`` (0-100; word order does not
    matter, extra words lower the score a little).
    Several listings of one seller may match one of our titles (their prices
    are then averaged, like repeated observations).

    Only listings without a ``product_id`` are proposed (those with one are
    matched by it already).

    Returns ``seller``, ``product`` (their title), ``match`` (our title, empty
    where nothing scored at least ``threshold``), ``score`` and ``accept``
    (True where a match was found), best scores first. Edit ``match`` / ``accept``
    and pass the frame to :func:`apply_matches`.
    """
    from rapidfuzz import fuzz, process

    _check(prices)
    seller = prices["seller"].astype("string").str.strip()
    title = prices["product"].astype("string").str.strip()
    ours = pd.unique(title[seller == str(own_seller)].dropna())
    if not len(ours):
        raise AnalyticsError("analytics.pricing.seller_no_products", seller=str(own_seller))
    ours_norm = [normalise_title(x) for x in ours]
    parts = []
    others = pd.DataFrame({"seller": seller, "product": title})
    if "product_id" in prices.columns:
        # listings with a shared ID are matched already
        pid = prices["product_id"].astype("string").str.strip()
        others = others[pid.isna() | (pid == "")]
    others = others.dropna()
    others = others[others["seller"] != str(own_seller)].drop_duplicates()
    for name, group in others.groupby("seller", sort=True):
        theirs = group["product"].to_numpy(dtype=object)
        theirs_norm = [normalise_title(x) for x in theirs]
        # token_set alone scores 100 whenever one title's words are a subset of the
        # other's; averaging with token_sort penalises the words left over
        scores = (
            process.cdist(theirs_norm, ours_norm, scorer=fuzz.token_set_ratio)
            + process.cdist(theirs_norm, ours_norm, scorer=fuzz.token_sort_ratio)
        ) / 2
        best = scores.argmax(axis=1)
        score = scores[np.arange(len(theirs)), best].astype(float)
        ok = score >= threshold
        parts.append(
            pd.DataFrame(
                {
                    "seller": name,
                    "product": theirs,
                    "match": np.where(ok, ours[best], ""),
                    "score": np.round(score, 1),
                    "accept": ok,
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                "seller": pd.Series(dtype=object),
                "product": pd.Series(dtype=object),
                "match": pd.Series(dtype=object),
                "score": pd.Series(dtype=float),
                "accept": pd.Series(dtype=bool),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["score", "seller"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def apply_matches(prices: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Write confirmed title matches into ``product_id`` (a copy of ``prices``).

    Rows whose (seller, product) has an accepted, non-empty ``match`` get that
    title as their ``product_id``; every other row keeps its existing
    ``product_id`` or, lacking one, its own title.
    """
    _check(prices)
    need = {"seller", "product", "match", "accept"}
    if not need <= set(matches.columns):
        raise ValueError("matches needs the columns seller, product, match and accept.")
    ok = matches[matches["accept"].fillna(False).astype(bool)]
    ok = ok[ok["match"].astype("string").str.strip().fillna("") != ""]
    lookup = {
        (str(s).strip(), str(p).strip()): str(m).strip()
        for s, p, m in ok[["seller", "product", "match"]].itertuples(index=False)
    }
    out = prices.copy()
    base = product_keys(prices)
    pair = list(
        zip(
            prices["seller"].astype(str).str.strip(),
            prices["product"].astype(str).str.strip(),
            strict=True,
        )
    )
    # a match names our title; use that title's key (our product_id where we have one)
    title_key = dict(zip(prices["product"].astype(str).str.strip(), base.astype(str), strict=True))
    mapped = pd.Series(
        [title_key.get(lookup[k], lookup[k]) if k in lookup else None for k in pair],
        index=prices.index,
        dtype=object,
    )
    out["product_id"] = mapped.fillna(base).astype(object)
    return out


# --------------------------------------------------------------------------- helpers for the page


def prepare(
    prices: pd.DataFrame,
    *,
    matches: pd.DataFrame | None = None,
    per: float | None = None,
) -> pd.DataFrame:
    """The prices frame with confirmed title ``matches`` applied and, with ``per``, per-unit prices.

    See :func:`apply_matches` and :func:`per_unit`; returns a new frame.
    """
    out = prices
    if matches is not None and len(matches):
        out = apply_matches(out, matches)
    if per is not None:
        out = per_unit(out, per)
    return out


_COST_NAMES = ("cost", "unit_cost", "cogs", "成本", "单位成本", "进价", "采购价")
_KEY_NAMES = (
    "product",
    "product_id",
    "sku",
    "model",
    "id",
    "item",
    "商品",
    "商品编码",
    "产品",
    "型号",
)


def read_costs(frame: pd.DataFrame) -> pd.Series:
    """Costs from a user table: a product column and a cost column -> Series product key -> cost.

    The product column is the first named like ``product`` / ``product_id`` /
    ``sku`` / ``model`` (or 商品 / 产品 / 型号), else the first column; the cost
    column is the first named like ``cost`` / ``cogs`` (or 成本 / 进价), else the
    second column. Money strings such as ``$1,234.50`` are read; rows without a
    number are skipped; a product listed twice keeps its last cost.
    """
    if frame.shape[1] < 2:
        raise AnalyticsError("analytics.pricing.cost_columns")
    names = {str(c).strip().lower(): c for c in frame.columns}
    key_col = next((names[n] for n in _KEY_NAMES if n in names), frame.columns[0])
    cost_col = next(
        (names[n] for n in _COST_NAMES if n in names),
        next(c for c in frame.columns if c != key_col),
    )
    text = frame[cost_col].astype("string").str.replace(r"[^\d.\-]", "", regex=True)
    cost = pd.to_numeric(text, errors="coerce")
    key = frame[key_col].astype("string").str.strip()
    ok = cost.notna() & key.notna() & (key != "")
    if not ok.any():
        raise AnalyticsError("analytics.pricing.cost_rows")
    out = pd.Series(cost[ok].to_numpy(dtype=float), index=key[ok].astype(str).to_numpy())
    out = out[~out.index.duplicated(keep="last")]
    return out.rename("cost")


def change_sentences(
    changes: pd.DataFrame, template: str = "from {old} to {new} ({pct})", digits: int = 2
) -> pd.Series:
    """One sentence per change, e.g. "from 10.00 to 9.00 (-10.0%)", filled into ``template``."""
    return pd.Series(
        [
            template.format(old=f"{o:,.{digits}f}", new=f"{n:,.{digits}f}", pct=f"{p * 100:+.1f}%")
            for o, n, p in zip(
                changes["old_price"], changes["new_price"], changes["change_pct"], strict=True
            )
        ],
        index=changes.index,
        dtype=object,
    )


# --------------------------------------------------------------------------- page figures
# what the pricing page shows beyond the functions above (issue 15 item 2)

_COMPARED = ("cheapest", "middle", "most_expensive")


def short_label(key: object, title: object, width: int = 48) -> str:
    """A product's label: its title cut to ``width`` characters (…), then `` · key`` unless the
    title is the key itself."""
    title = str(title)
    short = title if len(title) <= width else title[: width - 1] + "…"
    return short if str(key) == title else f"{short} · {key}"


def product_labels(frame: pd.DataFrame, width: int = 48) -> pd.Series:
    """:func:`short_label` of each row of a frame with ``product`` and ``title`` columns."""
    pairs = zip(frame["product"], frame["title"], strict=True)
    return pd.Series([short_label(k, title, width) for k, title in pairs], index=frame.index)


def compared(pos: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`position` table where we and at least one competitor sell."""
    return pos[pos["status"].isin(_COMPARED)]


def heat_products(pos: pd.DataFrame, order: str, top_n: int) -> list:
    """The ``top_n`` compared products of a position table for the gap heat map: largest gap
    to the cheapest either way ("gap"), most behind ("behind") or most ahead ("ahead")."""
    rows = compared(pos)
    if order == "behind":
        ranked = rows.sort_values("gap_pct", ascending=False)
    elif order == "ahead":
        ranked = rows.sort_values("gap_pct", ascending=True)
    else:
        ranked = rows.reindex(rows["gap_pct"].abs().sort_values(ascending=False).index)
    return ranked["product"].head(top_n).tolist()


def heat_frame(gaps: pd.DataFrame, pos: pd.DataFrame, products: list) -> pd.DataFrame:
    """:func:`gap_matrix` rows with each product's ``label`` (from the position table ``pos``),
    in the order of ``products``."""
    labels = dict(zip(pos["product"], product_labels(pos), strict=True))
    out = gaps.assign(label=gaps["product"].map(labels))
    order = [labels[k] for k in products]
    out["label"] = pd.Categorical(out["label"], categories=order, ordered=True)
    out = out.sort_values("label")
    out["label"] = out["label"].astype(str)
    return out


def index_summary(table: pd.DataFrame) -> dict | None:
    """The latest price index of an :func:`index_table` (date, index, products), its change
    from the period before (None with one period) and the mean; None without any index."""
    series = table.dropna(subset=["index"])
    if series.empty:
        return None
    last = series.iloc[-1]
    return {
        "date": series.index[-1],
        "index": float(last["index"]),
        "products": last["products"],
        "delta": float(last["index"] - series["index"].iloc[-2]) if len(series) > 1 else None,
        "mean": float(series["index"].mean()),
        "days": list(series.index),
    }


def ours_first(pos: pd.DataFrame) -> tuple[list, dict]:
    """Products of a position table, ours first, and product -> title."""
    ordered = pd.concat([pos[pos["status"] != "not_ours"], pos[pos["status"] == "not_ours"]])
    return ordered["product"].tolist(), dict(zip(ordered["product"], ordered["title"], strict=True))


def feed_days(prices: pd.DataFrame, freq: str | None = None) -> pd.DatetimeIndex:
    """The sorted dates of a price frame, or the start of each period with ``freq``."""
    days = pd.DatetimeIndex(pd.to_datetime(prices["date"]).dropna().unique())
    if freq:
        days = pd.DatetimeIndex(days.to_period(freq).start_time.unique())
    return days.sort_values()


def severity_counts(found: pd.DataFrame) -> dict[str, int]:
    """Alerts per severity (high, medium, low; 0 where none)."""
    sev = found["severity"].value_counts()
    return {level: int(sev.get(level, 0)) for level in ("high", "medium", "low")}


def cost_grid(pos: pd.DataFrame, costs: dict[str, float]) -> pd.DataFrame:
    """Our products (product, title, our_price) with their known ``cost`` (NaN if unknown)."""
    ours = pos[pos["status"] != "not_ours"][["product", "title", "our_price"]]
    return ours.assign(cost=ours["product"].astype(str).map(costs).astype(float))


def costs_from_grid(grid: pd.DataFrame) -> dict[str, float]:
    """product -> cost from an edited :func:`cost_grid` (rows without a cost left out)."""
    kept = grid.dropna(subset=["cost"])
    return dict(zip(kept["product"].astype(str), kept["cost"].astype(float), strict=True))


def prepared_fingerprint(fingerprint: str, per: float | None, matches: pd.DataFrame | None) -> str:
    """The fingerprint of a price dataset after :func:`prepare` with ``matches`` and ``per``."""
    text = fingerprint + repr(per) + (matches.to_csv() if matches is not None else "")
    return hashlib.sha1(text.encode()).hexdigest()
