"""KPI cockpit, GMV driver tree, alert rules and unusual-day detection.

Definitions (the glossary of DESIGN.md):

- **GMV**: paid money of the orders placed in the period: sum of ``amount`` of
  the sales lines (the order rule of :mod:`analytics.orders`: never-paid
  ``is_void`` lines and refund lines left out); refunds (refund lines and
  ``refund_amount``) are reported apart as ``refunds``. Without orders, the
  traffic file's ``revenue``.
- **Orders**: distinct ``order_id`` with at least one sales line.
- **Buyers**: distinct ``customer_id`` who placed an order in the period (NaN,
  with CR, repurchase and new / returning buyers, when the orders have no
  customer IDs).
- **Visitors (UV)**: sum of the traffic file's ``visitors``. When orders are
  loaded and some traffic channels are the orders' channels, only those
  channels count (visitors of the shop the orders come from).
- **Conversion rate (CR)** = buyers / visitors. **AOV** = GMV / orders.
- **Orders per buyer** = orders / buyers, so that
  ``GMV = UV x CR x orders per buyer x AOV`` holds exactly (the driver tree).
- **Repurchase rate** = buyers with 2+ orders in the period / buyers.
- **New buyers**: buyers whose first order in the data is in the period;
  **returning buyers**: the others.
- **Spend**: the spend file's ``spend`` (else the traffic file's).
  **ROAS** = attributed revenue / spend where the spend (or traffic) file has
  revenue next to spend, else GMV / spend (blended).
- **Payment success** = purchases / checkouts of the event log, per day.

Unusual days (:func:`detect_anomalies`): each day's value is compared with
the median of the same weekday over the previous ``weeks`` weeks (a
weekday-aware seasonal baseline); the spread is the median absolute relative
residual (value / baseline - 1) over the previous ``weeks`` weeks (x 1.4826),
floored at ``min_rel`` and, for counts, at the Poisson noise
``1 / sqrt(baseline)``, so a quiet series does not alarm on noise. A day is unusual when the robust score
``(value - baseline) / spread`` exceeds ``threshold`` in size and the value
differs from the baseline by more than ``min_change``. Medians ignore one or
two odd weeks in the history (robust to outliers). Per channel only visitors
are judged (a channel's daily GMV is too noisy).

Driver tree (:func:`driver_tree`): the change of GMV between two periods is
split among its multiplicative drivers by the Shapley value (the average of
each driver's marginal effect over every order of changing them), which sums
exactly to the change and handles zeros.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from analytics import orders as ordrule
from analytics.messages import AnalyticsError

__all__ = [
    "METRICS",
    "DRIVERS",
    "RULE_TYPES",
    "Period",
    "Overview",
    "period_bounds",
    "daily_metrics",
    "channel_daily",
    "period_values",
    "kpi_table",
    "driver_tree",
    "detect_anomalies",
    "default_rules",
    "evaluate_rules",
    "what_changed",
    "overview",
    "reconcile",
]

# cockpit metrics, in display order
METRICS: tuple[str, ...] = (
    "gmv",
    "orders",
    "buyers",
    "visitors",
    "cr",
    "aov",
    "repurchase",
    "new_buyers",
    "returning_buyers",
    "spend",
    "roas",
)
DRIVERS: tuple[str, ...] = ("visitors", "cr", "orders_per_buyer", "aov")
RULE_TYPES: tuple[str, ...] = (
    "drop_vs_last_week",
    "floor",
    "channel_roas_below",
    "fall_vs_previous",
    "rise_vs_previous",
)
# metrics whose daily series are watched for unusual days
WATCHED: tuple[str, ...] = ("gmv", "orders", "visitors", "cr", "aov", "spend", "payment_success")
COUNTS = frozenset({"orders", "buyers", "visitors", "new_buyers", "returning_buyers"})
PeriodKind = Literal["week", "month", "custom"]


@dataclass(frozen=True)
class Period:
    """A period (inclusive days) with its previous period and the same days a year before."""

    start: pd.Timestamp
    end: pd.Timestamp
    prev_start: pd.Timestamp
    prev_end: pd.Timestamp
    yoy_start: pd.Timestamp
    yoy_end: pd.Timestamp

    @property
    def days(self) -> int:
        return int((self.end - self.start).days) + 1

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"


def _day(x) -> pd.Timestamp:
    return pd.Timestamp(x).normalize()


def period_bounds(last_day, kind: PeriodKind = "week", start=None, end=None) -> Period:
    """The period to report and the ones it is compared with.

    Parameters
    ----------
    last_day
        The last day with data.
    kind
        ``"week"``: the 7 days ending on ``last_day``; ``"month"``: the
        calendar month of ``last_day`` up to that day (month to date);
        ``"custom"``: ``start`` .. ``end``.

    Returns
    -------
    Period
        ``prev_*`` is the period of the same length just before (for a month:
        the same days of the previous month); ``yoy_*`` the same days 364 days
        earlier (52 weeks, so weekdays line up).
    """
    last = _day(last_day)
    if kind == "week":
        s, e = last - pd.Timedelta(days=6), last
    elif kind == "month":
        s, e = last.replace(day=1), last
    elif kind == "custom":
        if start is None or end is None:
            raise AnalyticsError("analytics.kpi.period_bounds")
        s, e = _day(start), _day(end)
        if e < s:
            s, e = e, s
    else:
        raise ValueError(f"Unknown period kind {kind!r}; use 'week', 'month' or 'custom'.")
    n = (e - s).days + 1
    if kind == "month":
        ps = (s - pd.Timedelta(days=1)).replace(day=1)
        pe = min(ps + pd.Timedelta(days=n - 1), s - pd.Timedelta(days=1))
    else:
        ps, pe = s - pd.Timedelta(days=n), s - pd.Timedelta(days=1)
    year = pd.Timedelta(days=364)
    return Period(s, e, ps, pe, s - year, e - year)


# ---------------------------------------------------------------------------
# Preparation


def _orders_lines(orders: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sales lines, refund lines) by the order rule (:mod:`analytics.orders`; void
    lines are in neither): ``day``, ``order_id`` and ``customer_id`` as integer codes
    (one factorisation, so counting distinct values is fast; -1 = no customer ID),
    ``amount`` (paid money), ``refund`` (money returned, >= 0) and ``channel``
    (categorical) when the orders have one."""
    for col in ("order_time", "amount"):
        if col not in orders.columns:
            raise AnalyticsError("analytics.kpi.orders_column", column=col)
    amount = orders["amount"].to_numpy(dtype=float, na_value=np.nan)
    sale = ordrule.sale_mask(orders)
    ret = ordrule.return_mask(orders)
    valid = orders["order_time"].notna().to_numpy()
    if "order_id" in orders.columns:
        oid = pd.factorize(orders["order_id"])[0]
        miss = oid < 0  # a line without an order ID is an order of its own
        if miss.any():
            oid = np.where(miss, oid.max(initial=-1) + 1 + np.cumsum(miss), oid)
    else:
        oid = np.arange(len(orders))
    if "customer_id" in orders.columns:
        cust = pd.factorize(orders["customer_id"])[0]
    else:
        cust = np.full(len(orders), -1)
    data = {
        "day": orders["order_time"].dt.normalize().to_numpy(),
        "order_id": oid,
        "customer_id": cust,
        "amount": amount,
        "refund": ordrule.refund_money(orders),
    }
    if "channel" in orders.columns:
        codes, names = pd.factorize(orders["channel"].astype("string").fillna("(none)"))
        data["channel"] = pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object))
    lines = pd.DataFrame(data)
    return lines[valid & sale], lines[valid & ret]


def _shop_traffic(traffic: pd.DataFrame, orders: pd.DataFrame | None) -> pd.DataFrame:
    """Traffic rows that belong to the orders' shop (see the module docstring)."""
    for col in ("date", "visitors"):
        if col not in traffic.columns:
            raise AnalyticsError("analytics.kpi.traffic_column", column=col)
    tr = traffic.dropna(subset=["date"])
    ch = _channel_of(tr)
    tr = tr.assign(day=tr["date"].dt.normalize(), channel=ch)
    if orders is not None and "channel" in orders.columns and "channel" in traffic.columns:
        oc = set(orders["channel"].dropna().astype(str).unique())
        mask = tr["channel"].isin(oc)
        if mask.any():
            tr = tr[mask]
    return tr


def _channel_of(frame: pd.DataFrame) -> pd.Series:
    if "channel" in frame.columns:
        ch = frame["channel"].astype("string")
    else:
        ch = pd.Series(pd.NA, index=frame.index, dtype="string")
    if "source" in frame.columns:
        src = frame["source"].astype("string")
        if "medium" in frame.columns:
            src = src + " / " + frame["medium"].astype("string").fillna("")
        ch = ch.where(ch.notna() & (ch.str.strip() != ""), src)
    return ch.fillna("(none)").astype(str)


def _payment_daily(events: pd.DataFrame) -> pd.DataFrame:
    """Daily checkouts and purchases (users) of the event log, by the funnel's vocabulary."""
    from analytics.funnel import propose_steps

    if not {"user_id", "event_time", "event"} <= set(events.columns) or events.empty:
        return pd.DataFrame(columns=["checkouts", "purchases"])
    names = events["event"].astype(str).value_counts().index.tolist()
    labels, groups = propose_steps(names)
    known = {str(k).lower(): v for k, v in zip(labels, groups, strict=False)}
    if "purchase" not in known or "checkout" not in known:
        return pd.DataFrame(columns=["checkouts", "purchases"])
    ev = events[["user_id", "event_time", "event"]].dropna(subset=["event_time"])
    ev = ev.assign(day=ev["event_time"].dt.normalize(), event=ev["event"].astype(str))
    out = {}
    for name, key in (("checkouts", "checkout"), ("purchases", "purchase")):
        sub = ev[ev["event"].isin(known[key])]
        out[name] = sub.groupby("day")["user_id"].nunique()
    return pd.DataFrame(out).fillna(0.0)


# ---------------------------------------------------------------------------
# Daily series


def daily_metrics(
    orders: pd.DataFrame | None = None,
    traffic: pd.DataFrame | None = None,
    spend: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    *,
    lines: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """One row per day with the additive series and the daily ratios.

    Returns
    -------
    DataFrame
        Indexed by ``date`` (every day from the first to the last day of any
        input); columns ``gmv``, ``refunds``, ``orders``, ``buyers`` (distinct
        per day), ``visitors``, ``spend``, ``attributed`` (revenue next to
        spend), ``checkouts``, ``purchases`` and the ratios ``cr``, ``aov``,
        ``roas``, ``payment_success`` where their inputs exist (NaN otherwise).
    """
    parts: dict[str, pd.Series] = {}
    if orders is not None:
        parts.update(_orders_daily(orders, lines))
    if traffic is not None:
        parts.update(_traffic_daily(traffic, orders, spend))
    if spend is not None:
        sp = spend.dropna(subset=["date"])
        sp = sp.assign(day=sp["date"].dt.normalize())
        parts["spend"] = sp.groupby("day")["spend"].sum()
        if "revenue" in sp.columns and sp["revenue"].notna().any():
            parts["attributed"] = sp.groupby("day")["revenue"].sum()
    if events is not None:
        pay = _payment_daily(events)
        if not pay.empty:
            parts["checkouts"] = pay["checkouts"]
            parts["purchases"] = pay["purchases"]
    if not parts:
        return pd.DataFrame(
            columns=["gmv", "orders", "visitors"], index=pd.DatetimeIndex([], name="date")
        )
    frame = pd.DataFrame(parts)
    if frame.index.dropna().empty:  # inputs without a dated row (every order line void)
        return pd.DataFrame(columns=list(parts), index=pd.DatetimeIndex([], name="date"))
    idx = pd.date_range(frame.index.min(), frame.index.max(), freq="D", name="date")
    frame = frame.reindex(idx)
    # additive series are 0 on days inside their own data span with no rows
    for col in frame.columns:
        s = parts[col]
        if len(s):
            inside = (idx >= s.index.min()) & (idx <= s.index.max())
            frame.loc[inside, col] = frame.loc[inside, col].fillna(0.0)
    _add_daily_ratios(frame)
    return frame


def _orders_daily(orders: pd.DataFrame, lines) -> dict[str, pd.Series]:
    """GMV, orders, buyers (distinct per day) and refunds per day from the orders."""
    parts: dict[str, pd.Series] = {}
    sales, rets = lines if lines is not None else _orders_lines(orders)
    g = sales.groupby("day")
    parts["gmv"] = g["amount"].sum()
    parts["orders"] = g["order_id"].nunique().astype(float)
    if (sales["customer_id"] >= 0).any():
        known = sales[sales["customer_id"] >= 0]
        parts["buyers"] = known.groupby("day")["customer_id"].nunique().astype(float)
    parts["refunds"] = (
        pd.concat([sales[["day", "refund"]], rets[["day", "refund"]]])
        .groupby("day")["refund"]
        .sum()
    )
    return parts


def _traffic_daily(traffic, orders, spend) -> dict[str, pd.Series]:
    """Visitors per day; sales and spend from the traffic file where no other file has them."""
    parts: dict[str, pd.Series] = {}
    tr = _shop_traffic(traffic, orders)
    g = tr.groupby("day")
    parts["visitors"] = g["visitors"].sum()
    if orders is None:
        for col, name in (("revenue", "gmv"), ("orders", "orders"), ("buyers", "buyers")):
            if col in tr.columns and tr[col].notna().any():
                parts[name] = g[col].sum()
    if spend is None and "spend" in tr.columns and tr["spend"].notna().any():
        parts["spend"] = g["spend"].sum()
        if "revenue" in tr.columns:
            paid = tr[tr["spend"].fillna(0) > 0]
            parts["attributed"] = paid.groupby("day")["revenue"].sum()
    return parts


def _add_daily_ratios(frame: pd.DataFrame) -> None:
    """``cr``, ``aov``, ``roas`` and ``payment_success`` where their inputs exist."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if {"buyers", "visitors"} <= set(frame):
            frame["cr"] = _ratio(frame["buyers"], frame["visitors"])
        if {"gmv", "orders"} <= set(frame):
            frame["aov"] = _ratio(frame["gmv"], frame["orders"])
        if "spend" in frame:
            num = frame["attributed"] if "attributed" in frame else frame.get("gmv")
            if num is not None:
                frame["roas"] = _ratio(num, frame["spend"])
        if {"checkouts", "purchases"} <= set(frame):
            frame["payment_success"] = _ratio(frame["purchases"], frame["checkouts"])


def _ratio(a, b):
    a = pd.Series(a, dtype=float) if not isinstance(a, pd.Series) else a.astype(float)
    b = pd.Series(b, dtype=float) if not isinstance(b, pd.Series) else b.astype(float)
    return (a / b.where(b != 0)).astype(float)


def channel_daily(
    orders: pd.DataFrame | None = None,
    traffic: pd.DataFrame | None = None,
    spend: pd.DataFrame | None = None,
    *,
    lines: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Long frame ``date, channel, visitors, gmv, spend, revenue`` (NaN where not known)."""
    frames = []
    if orders is not None and "channel" in orders.columns:
        sales, _ = lines if lines is not None else _orders_lines(orders)
        gmv = sales.groupby(["day", "channel"], observed=True)["amount"].sum().rename("gmv")
        frames.append(gmv.set_axis(gmv.index.set_levels(gmv.index.levels[1].astype(str), level=1)))
    if traffic is not None:
        tr = _shop_traffic(traffic, orders)
        g = tr.groupby(["day", "channel"])
        frames.append(g["visitors"].sum().rename("visitors"))
        if spend is None and "spend" in tr.columns and tr["spend"].notna().any():
            frames.append(g["spend"].sum(min_count=1).rename("spend"))
            if "revenue" in tr.columns:
                frames.append(g["revenue"].sum(min_count=1).rename("revenue"))
    if spend is not None:
        sp = spend.dropna(subset=["date"])
        sp = sp.assign(day=sp["date"].dt.normalize(), channel=_channel_of(sp))
        g = sp.groupby(["day", "channel"])
        frames.append(g["spend"].sum().rename("spend"))
        if "revenue" in sp.columns and sp["revenue"].notna().any():
            frames.append(g["revenue"].sum(min_count=1).rename("revenue"))
    if not frames:
        return pd.DataFrame(columns=["date", "channel", "visitors", "gmv", "spend", "revenue"])
    out = pd.concat(frames, axis=1).reset_index()
    out = out.rename(columns={out.columns[0]: "date", out.columns[1]: "channel"})
    for col in ("visitors", "gmv", "spend", "revenue"):
        if col not in out:
            out[col] = np.nan
    return out[["date", "channel", "visitors", "gmv", "spend", "revenue"]]


# ---------------------------------------------------------------------------
# Period values


def period_values(
    daily: pd.DataFrame,
    orders: pd.DataFrame | None,
    start,
    end,
    *,
    first_order: pd.Series | None = None,
    sales: pd.DataFrame | None = None,
) -> dict[str, float]:
    """Every cockpit metric for the days ``start`` .. ``end`` (NaN where not known).

    Additive series are summed from ``daily``; buyers, repurchase and new /
    returning buyers are counted on ``orders`` (distinct customers in the
    period, not a sum of daily counts). ``first_order`` (customer -> first
    order day) and ``sales`` (the orders' non-return lines with a ``day``
    column) may be passed to avoid recomputing them.
    """
    s, e = _day(start), _day(end)
    out = {m: math.nan for m in (*METRICS, "orders_per_buyer", "refunds", "payment_success")}
    if daily.empty or s > daily.index.max() or e < daily.index.min():
        return out
    # a period only partly covered by the data is not comparable
    if s < daily.index.min() or e > daily.index.max():
        return out
    win = daily.loc[s:e]
    for col in ("gmv", "orders", "visitors", "spend", "refunds", "buyers"):
        if col in win and win[col].notna().any():
            out[col] = float(win[col].sum())
    if orders is not None:
        if sales is None:
            sales, _ = _orders_lines(orders)
            first_order = None
        # customer figures need customer IDs: without any, they stay NaN (not 0)
        known = sales[sales["customer_id"] >= 0]
        if len(known):
            sub = known[(known["day"] >= s) & (known["day"] <= e)]
            per_cust = sub.groupby("customer_id")["order_id"].nunique()
            out["buyers"] = float(len(per_cust))
            out["repurchase"] = float((per_cust >= 2).mean()) if len(per_cust) else math.nan
            if first_order is None:
                first_order = known.groupby("customer_id")["day"].min()
            firsts = first_order.reindex(per_cust.index)
            new = int((firsts >= s).sum())
            out["new_buyers"] = float(new)
            out["returning_buyers"] = float(len(per_cust) - new)
    out["cr"] = _div(out["buyers"], out["visitors"])
    out["aov"] = _div(out["gmv"], out["orders"])
    out["orders_per_buyer"] = _div(out["orders"], out["buyers"])
    if "spend" in win and not math.isnan(out["spend"]):
        num = float(win["attributed"].sum()) if "attributed" in win else out["gmv"]
        out["roas"] = _div(num, out["spend"])
    if "checkouts" in win:
        out["payment_success"] = _div(float(win["purchases"].sum()), float(win["checkouts"].sum()))
    return out


def _div(a: float, b: float) -> float:
    if a is None or b is None or math.isnan(a) or math.isnan(b) or b == 0:
        return math.nan
    return float(a) / float(b)


def kpi_table(
    current: Mapping[str, float],
    previous: Mapping[str, float],
    last_year: Mapping[str, float] | None = None,
    metrics: Sequence[str] = METRICS,
) -> pd.DataFrame:
    """Cockpit table: one row per metric with ``current``, ``previous``, ``last_year``,
    ``change`` (absolute vs previous), ``pct`` (relative vs previous), ``yoy_pct``.

    Ratios (CR, repurchase) change in points: their ``change`` is the
    difference of the fractions; ``pct`` is still the relative change.
    """
    last_year = last_year or {}
    rows = []
    for m in metrics:
        c, p, y = current.get(m, math.nan), previous.get(m, math.nan), last_year.get(m, math.nan)
        rows.append(
            {
                "metric": m,
                "current": c,
                "previous": p,
                "last_year": y,
                "change": c - p,
                "pct": _div(c - p, abs(p)) if p else math.nan,
                "yoy_pct": _div(c - y, abs(y)) if y else math.nan,
            }
        )
    return pd.DataFrame(rows).set_index("metric")


# ---------------------------------------------------------------------------
# Driver tree


def driver_tree(
    current: Mapping[str, float], previous: Mapping[str, float], drivers: Sequence[str] = DRIVERS
) -> pd.DataFrame:
    """Split the change of GMV = visitors x CR x orders per buyer x AOV among its drivers.

    Parameters
    ----------
    current, previous
        Period values (as from :func:`period_values`) holding every driver.

    Returns
    -------
    DataFrame
        One row per driver: ``driver``, ``previous``, ``current``, ``pct``
        (its relative change) and ``contribution`` (money): the Shapley value
        of the driver, i.e. the mean over every order of changing the drivers
        of the GMV change when this one changes. The contributions sum exactly
        to ``prod(current) - prod(previous)``. Empty when a driver is unknown.
    """
    before = np.array([previous.get(d, math.nan) for d in drivers], dtype=float)
    after = np.array([current.get(d, math.nan) for d in drivers], dtype=float)
    if not (np.isfinite(before).all() and np.isfinite(after).all()):
        return pd.DataFrame(columns=["driver", "previous", "current", "pct", "contribution"])
    n = len(drivers)
    contrib = np.zeros(n)
    perms = list(itertools.permutations(range(n)))
    for perm in perms:
        x = before.copy()
        value = float(np.prod(x))
        for i in perm:
            x[i] = after[i]
            nxt = float(np.prod(x))
            contrib[i] += nxt - value
            value = nxt
    contrib /= len(perms)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(before != 0, after / before - 1, np.nan)
    return pd.DataFrame(
        {
            "driver": list(drivers),
            "previous": before,
            "current": after,
            "pct": pct,
            "contribution": contrib,
        }
    )


# ---------------------------------------------------------------------------
# Unusual days


def detect_anomalies(
    series: pd.DataFrame,
    start=None,
    end=None,
    *,
    weeks: int = 8,
    min_weeks: int = 3,
    threshold: float = 4.0,
    min_change: float = 0.25,
    min_rel: float = 0.05,
    counts: Sequence[str] = (),
    group: str | None = None,
) -> pd.DataFrame:
    """Unusual days of each column of ``series`` against a weekday-aware robust baseline.

    Parameters
    ----------
    series
        Daily values: indexed by day (one column per metric), or long with a
        ``date`` column, a ``group`` column (e.g. ``"channel"``) and metric
        columns.
    start, end
        Days to judge (default: every day with enough history).
    weeks, min_weeks
        The baseline is the median of the same weekday over the previous
        ``weeks`` weeks; days with fewer than ``min_weeks`` known values there
        are not judged.
    threshold, min_change, min_rel
        A day is unusual when ``|value - baseline| / spread > threshold`` and
        ``|value / baseline - 1| > min_change``; the relative spread is
        1.4826 x the median absolute relative residual of the previous
        ``weeks`` weeks, at least ``min_rel`` (and ``1/sqrt(baseline)`` for
        ``counts``).

    Returns
    -------
    DataFrame
        ``date``, ``metric``, ``group`` (None for totals), ``value``,
        ``expected``, ``change`` (value / expected - 1), ``score`` and
        ``direction`` (``"up"`` / ``"down"``), most unusual first.
    """
    cols = _ANOMALY_COLUMNS
    if series is None or len(series) == 0:
        return pd.DataFrame(columns=cols)
    options = {"weeks": weeks, "min_weeks": min_weeks, "threshold": threshold}
    options.update(min_change=min_change, min_rel=min_rel, counts=counts)
    if group is not None:
        return _anomalies_by_group(series, group, start, end, options)
    frame = series.sort_index()
    idx = pd.date_range(frame.index.min(), frame.index.max(), freq="D")
    frame = frame.reindex(idx)
    s = _day(start) if start is not None else idx.min()
    e = _day(end) if end is not None else idx.max()
    rows = []
    for metric in frame.columns:
        rows += _metric_anomalies(frame[metric], idx, s, e, **options)
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("score", key=np.abs, ascending=False).reset_index(drop=True)


_ANOMALY_COLUMNS = ["date", "metric", "group", "value", "expected", "change", "score", "direction"]


def _anomalies_by_group(series, group, start, end, options) -> pd.DataFrame:
    """:func:`detect_anomalies` of each group of a long frame, most unusual first."""
    out = []
    metrics = [c for c in series.columns if c not in ("date", group)]
    for key, sub in series.groupby(group, sort=True):
        wide = sub.set_index("date")[metrics].sort_index()
        wide = wide[~wide.index.duplicated()]
        res = detect_anomalies(wide, start, end, **options)
        if len(res):
            out.append(res.assign(group=str(key)))
    if not out:
        return pd.DataFrame(columns=_ANOMALY_COLUMNS)
    return (
        pd.concat(out, ignore_index=True)
        .sort_values("score", key=np.abs, ascending=False)
        .reset_index(drop=True)
    )


def _metric_anomalies(
    column: pd.Series,
    idx: pd.DatetimeIndex,
    s,
    e,
    *,
    weeks: int,
    min_weeks: int,
    threshold: float,
    min_change: float,
    min_rel: float,
    counts: Sequence[str],
) -> list[dict]:
    """The unusual days of one daily series (every day of ``idx``) between ``s`` and ``e``."""
    metric = column.name
    values = column.to_numpy(dtype=float)
    n = len(values)
    # lagged matrix: column k is the value k weeks before
    lags = np.full((n, weeks), np.nan)
    for k in range(1, weeks + 1):
        lags[7 * k :, k - 1] = values[: n - 7 * k] if n > 7 * k else []
    known = np.isfinite(lags).sum(axis=1)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            base = np.nanmedian(lags, axis=1)
    with np.errstate(all="ignore"):
        change = values / base - 1
    # spread of the relative residuals over the previous ``weeks`` weeks (pooled over
    # weekdays, robust: median absolute residual x 1.4826), at least min_rel
    resid = pd.Series(np.abs(change))
    pooled = resid.shift(1).rolling(7 * weeks, min_periods=14).median().to_numpy() * 1.4826
    rel_spread = np.fmax(pooled, min_rel)
    if metric in counts:
        with np.errstate(all="ignore"):
            rel_spread = np.fmax(rel_spread, 1 / np.sqrt(np.abs(base)))
    with np.errstate(all="ignore"):
        spread = rel_spread * np.abs(base)
        score = change / rel_spread
    ok = (
        (known >= min_weeks)
        & np.isfinite(values)
        & np.isfinite(score)
        & (spread > 0)
        & (idx >= s)
        & (idx <= e)
    )
    hit = ok & (np.abs(score) > threshold) & (np.abs(change) > min_change)
    return [
        {
            "date": idx[i],
            "metric": metric,
            "group": None,
            "value": values[i],
            "expected": base[i],
            "change": change[i],
            "score": score[i],
            "direction": "up" if score[i] > 0 else "down",
        }
        for i in np.flatnonzero(hit)
    ]


# ---------------------------------------------------------------------------
# Alert rules


def default_rules() -> pd.DataFrame:
    """The editable alert rules, with the weekly-review defaults.

    Columns: ``on`` (bool), ``rule`` (one of :data:`RULE_TYPES`), ``metric``
    and ``threshold``:

    - ``drop_vs_last_week``: a day's ``metric`` is down more than
      ``threshold`` (a fraction) against the same weekday a week before;
    - ``floor``: a day's ``metric`` (a ratio) is below ``threshold``;
    - ``channel_roas_below``: a channel's ROAS over the period is below
      ``threshold``;
    - ``fall_vs_previous`` / ``rise_vs_previous``: the period's ``metric``
      (the cockpit value) is down / up more than ``threshold`` (a fraction)
      against the previous period of the same length (a ROAS fall, a spend
      jump: whole-period moves that no single day shows).
    """
    return pd.DataFrame(
        {
            "on": [True] * 6,
            "rule": [
                "drop_vs_last_week",
                "floor",
                "floor",
                "channel_roas_below",
                "fall_vs_previous",
                "rise_vs_previous",
            ],
            "metric": ["visitors", "payment_success", "cr", "roas", "roas", "spend"],
            "threshold": [0.15, 0.2, 0.01, 1.0, 0.2, 0.5],
        }
    )


def evaluate_rules(
    rules: pd.DataFrame,
    daily: pd.DataFrame,
    channels: pd.DataFrame | None,
    start,
    end,
    *,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Alerts fired by ``rules`` on the days ``start`` .. ``end``.

    ``table`` (:func:`kpi_table`: ``current`` and ``previous`` per metric)
    feeds the whole-period rules (``fall_vs_previous``, ``rise_vs_previous``);
    without it they do not fire.

    Returns
    -------
    DataFrame
        ``rule``, ``metric``, ``channel`` (None unless per channel), ``date``
        (None for a whole-period rule), ``value``, ``reference`` (last week's
        value for a drop), ``threshold``; one row per firing.
    """
    cols = ["rule", "metric", "channel", "date", "value", "reference", "threshold"]
    s, e = _day(start), _day(end)
    rows: list[dict] = []
    if rules is None or len(rules) == 0:
        return pd.DataFrame(columns=cols)
    for rule in rules.to_dict("records"):
        if not bool(rule.get("on", True)):
            continue
        kind, metric = str(rule.get("rule")), str(rule.get("metric"))
        try:
            thr = float(rule.get("threshold"))
        except (TypeError, ValueError):
            continue
        if math.isnan(thr):
            continue
        if kind in ("drop_vs_last_week", "floor"):
            if metric in daily.columns:
                rows += _daily_rule(kind, metric, thr, daily[metric], s, e)
        elif kind in ("fall_vs_previous", "rise_vs_previous"):
            if table is not None and metric in table.index:
                rows += _period_rule(kind, metric, thr, table)
        elif kind == "channel_roas_below":
            if channels is not None and not channels.empty:
                rows += _channel_roas_rule(kind, thr, channels, s, e)
    return pd.DataFrame(rows, columns=cols)


def _alert(kind, metric, channel, date, value, reference, thr) -> dict:
    """One fired alert as a row of :func:`evaluate_rules`."""
    return {
        "rule": kind,
        "metric": metric,
        "channel": channel,
        "date": date,
        "value": value,
        "reference": reference,
        "threshold": thr,
    }


def _daily_rule(kind: str, metric: str, thr: float, ser: pd.Series, s, e) -> list[dict]:
    """Days down more than ``thr`` against a week before, or days below the floor ``thr``."""
    win = ser.loc[s:e]
    if kind == "drop_vs_last_week":
        ref = ser.shift(7, freq="D").reindex(win.index)
        with np.errstate(all="ignore"):
            chg = win / ref.where(ref > 0) - 1
        fired = chg[chg < -thr]
        return [
            _alert(kind, metric, None, d, float(win[d]), float(ref[d]), thr) for d in fired.index
        ]
    fired = win[win < thr]
    return [_alert(kind, metric, None, d, float(v), math.nan, thr) for d, v in fired.items()]


def _period_rule(kind: str, metric: str, thr: float, table: pd.DataFrame) -> list[dict]:
    """The period's value down (or up) more than ``thr`` against the previous period."""
    cur, prev = float(table.loc[metric, "current"]), float(table.loc[metric, "previous"])
    if not (math.isfinite(cur) and math.isfinite(prev)) or prev <= 0:
        return []
    chg = cur / prev - 1
    if (chg < -thr) if kind == "fall_vs_previous" else (chg > thr):
        return [_alert(kind, metric, None, None, cur, prev, thr)]
    return []


def _channel_roas_rule(kind: str, thr: float, channels: pd.DataFrame, s, e) -> list[dict]:
    """Channels whose ROAS over the period is below ``thr``."""
    win = channels[(channels["date"] >= s) & (channels["date"] <= e)]
    g = win.groupby("channel")[["spend", "revenue", "gmv"]].sum(min_count=1)
    g = g[g["spend"].fillna(0) > 0]
    rev = g["revenue"].where(g["revenue"].notna(), g["gmv"])
    roas = rev / g["spend"]
    return [
        _alert(kind, "roas", str(ch), None, float(v), math.nan, thr)
        for ch, v in roas[roas < thr].items()
    ]


# ---------------------------------------------------------------------------
# What changed

# page that explains each metric
PAGE_OF = {
    "gmv": "traffic",
    "orders": "traffic",
    "visitors": "traffic",
    "buyers": "segments",
    "repurchase": "segments",
    "new_buyers": "segments",
    "returning_buyers": "segments",
    "cr": "funnel",
    "payment_success": "funnel",
    "orders_per_buyer": "segments",
    "aov": "pricing",
    "spend": "budget",
    "roas": "budget",
}


def what_changed(
    table: pd.DataFrame,
    tree: pd.DataFrame,
    anomalies: pd.DataFrame,
    alerts: pd.DataFrame,
    *,
    min_pct: float = 0.05,
    top: int = 10,
) -> list[dict]:
    """Plain-language changes, most telling first.

    Each item is ``{"key": message key, "params": {...}, "page": page name,
    "metric": metric}``; the UI words it (``home.change.<key>``). Items, in
    order: the driver that moved GMV most, the cockpit metrics that moved by
    more than ``min_pct`` against the previous period (largest first, at most
    4), the three most unusual days, and the first firing of each alert rule
    (per metric and channel; the alert list has every firing).
    """
    items: list[dict] = []
    if len(tree) and tree["contribution"].abs().sum() > 0:
        top_row = tree.loc[tree["contribution"].abs().idxmax()]
        driver = str(top_row["driver"])
        params = {"driver": driver, "contribution": float(top_row["contribution"])}
        params.update(pct=float(top_row["pct"]), total=float(tree["contribution"].sum()))
        items.append(_change("driver", driver, params))
    moved = table[table["pct"].abs() > min_pct] if len(table) else table
    if len(moved):
        moved = moved.reindex(moved["pct"].abs().sort_values(ascending=False).index)
        for m, r in moved.head(4).iterrows():
            params = {"metric": m, "pct": float(r["pct"]), "current": float(r["current"])}
            params["previous"] = float(r["previous"])
            items.append(_change("up" if r["pct"] > 0 else "down", m, params))
    for a in anomalies.head(3).to_dict("records") if len(anomalies) else []:
        keys = ("metric", "group", "date", "value", "expected", "change", "direction")
        params = {k: a[k] for k in keys}
        params["channel"] = params.pop("group")
        items.append(_change("anomaly.channel" if a["group"] else "anomaly", a["metric"], params))
    seen: set[tuple] = set()
    for a in alerts.to_dict("records") if len(alerts) else []:
        ident = (a["rule"], a["metric"], a["channel"])
        if ident in seen:
            continue
        seen.add(ident)
        keys = ("metric", "channel", "date", "value", "reference", "threshold")
        items.append(_change(f"alert.{a['rule']}", a["metric"], {k: a[k] for k in keys}))
    return items[:top] if top else items


def _change(key: str, metric: str, params: dict) -> dict:
    """One item of :func:`what_changed`, with the page that explains its metric."""
    return {"key": key, "metric": metric, "page": PAGE_OF.get(metric, "traffic"), "params": params}


# ---------------------------------------------------------------------------
# Everything for the overview page in one cached call


@dataclass(frozen=True)
class Overview:
    """All numbers of the overview for a period (picklable, for the cache)."""

    period: Period
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    daily: pd.DataFrame
    channels: pd.DataFrame
    table: pd.DataFrame
    tree: pd.DataFrame
    anomalies: pd.DataFrame
    alerts: pd.DataFrame
    changes: list[dict] = field(default_factory=list)
    has: tuple[str, ...] = ()
    threshold: float = 4.0


def overview(
    *frames: pd.DataFrame,
    kinds: Sequence[str],
    period: PeriodKind = "week",
    start=None,
    end=None,
    rules: pd.DataFrame | None = None,
    threshold: float = 4.0,
) -> Overview:
    """Compute the whole overview from the loaded frames.

    Parameters
    ----------
    *frames
        Canonical frames, one per item of ``kinds`` (``"orders"``,
        ``"traffic"``, ``"spend"``, ``"events"``; others are ignored).
    period, start, end
        See :func:`period_bounds`; the period ends on the last day of the
        orders (else traffic, else spend) for ``"week"`` and ``"month"``.
    rules
        Alert rules (:func:`default_rules` when None).
    threshold
        Robust score above which a day is unusual (:func:`detect_anomalies`).
    """
    if len(frames) != len(kinds):
        raise ValueError("Pass one kind per frame.")
    data = dict(zip(kinds, frames, strict=True))
    orders, traffic, spend, events = (data.get(k) for k in ("orders", "traffic", "spend", "events"))
    if orders is None and traffic is None and spend is None:
        raise AnalyticsError("analytics.kpi.overview_no_data")
    lines = _orders_lines(orders) if orders is not None else None
    daily = daily_metrics(orders, traffic, spend, events, lines=lines)
    if daily.empty:
        if orders is not None and len(orders) and lines is not None and not len(lines[0]):
            if not len(lines[1]) and ordrule.void_mask(orders).all():
                raise AnalyticsError("analytics.kpi.no_paid_orders", rows=f"{len(orders):,}")
        raise AnalyticsError("analytics.kpi.no_dated_rows")
    base_col = next(c for c in ("gmv", "visitors", "spend") if c in daily.columns)
    known = daily[base_col].dropna()
    first_day, last_day = known.index.min(), known.index.max()
    per = period_bounds(last_day, period, start, end)
    first_order = sales = None
    if lines is not None:
        sales = lines[0]
        known = sales[sales["customer_id"] >= 0]
        first_order = known.groupby("customer_id")["day"].min()
    opts = {"first_order": first_order, "sales": sales}
    cur = period_values(daily, orders, per.start, per.end, **opts)
    prev = period_values(daily, orders, per.prev_start, per.prev_end, **opts)
    yoy = period_values(daily, orders, per.yoy_start, per.yoy_end, **opts)
    table = kpi_table(cur, prev, yoy)
    for extra in ("orders_per_buyer", "payment_success", "refunds"):
        table.loc[extra] = kpi_table(cur, prev, yoy, [extra]).iloc[0]
    tree = driver_tree(cur, prev)
    channels = channel_daily(orders, traffic, spend, lines=lines)
    anomalies = _overview_anomalies(daily, channels, per, threshold)
    alerts = evaluate_rules(
        default_rules() if rules is None else rules,
        daily,
        channels,
        per.start,
        per.end,
        table=table,
    )
    changes = what_changed(table.loc[list(METRICS)], tree, anomalies, alerts)
    return Overview(
        period=per,
        first_day=first_day,
        last_day=last_day,
        daily=daily,
        channels=channels,
        table=table,
        tree=tree,
        anomalies=anomalies,
        alerts=alerts,
        changes=changes,
        has=tuple(k for k in ("orders", "traffic", "spend", "events") if data.get(k) is not None),
        threshold=threshold,
    )


def _overview_anomalies(daily, channels, per: Period, threshold: float) -> pd.DataFrame:
    """Unusual days of the watched metrics, and of each channel's visitors, in the period."""
    watched = [c for c in WATCHED if c in daily.columns]
    anomalies = detect_anomalies(
        daily[watched], per.start, per.end, threshold=threshold, counts=tuple(COUNTS)
    )
    if len(channels):
        # per channel only visitors: a channel's daily GMV is too noisy to judge by day
        ch_cols = [c for c in ("visitors",) if channels[c].notna().any()]
        if ch_cols:
            ch_anom = detect_anomalies(
                channels[["date", "channel", *ch_cols]],
                per.start,
                per.end,
                threshold=threshold,
                counts=("visitors",),
                group="channel",
            )
            anomalies = pd.concat(
                [x for x in (anomalies, ch_anom) if len(x)] or [anomalies], ignore_index=True
            )
    return anomalies


# ---------------------------------------------------------------------------
# Reconciliation: figures that legitimately differ, side by side


def reconcile(
    orders: pd.DataFrame | None, traffic: pd.DataFrame | None, start, end
) -> dict[str, float]:
    """How far the traffic file's figures are from the cockpit's, and why (days ``start`` .. ``end``).

    Returns ``gmv`` (orders, the cockpit's GMV), ``traffic_revenue`` (revenue
    attributed to channels in the traffic file, all its channels: what the
    Traffic page and the report's traffic section show), ``shop_revenue`` (of
    it, the channels the orders also have), ``other_revenue`` (the channels the
    orders do not have: another shop or site in the same file), ``visits``
    (the traffic file's visitors summed per source and day), ``uv`` (the
    cockpit's visitors: the shop's channels only), ``other_visits``,
    ``other_channels`` (how many traffic channels the orders lack) and
    ``rest_revenue`` (traffic revenue of the shop's channels minus GMV: the
    attribution gap). NaN where a side is missing.
    """
    nan = math.nan
    out = dict.fromkeys(
        (
            "gmv",
            "traffic_revenue",
            "shop_revenue",
            "other_revenue",
            "rest_revenue",
            "visits",
            "uv",
            "other_visits",
            "other_channels",
        ),
        nan,
    )
    s, e = _day(start), _day(end)
    if orders is not None:
        sales, _ = _orders_lines(orders)
        out["gmv"] = float(sales.loc[(sales["day"] >= s) & (sales["day"] <= e), "amount"].sum())
    if traffic is None or "date" not in traffic.columns or "visitors" not in traffic.columns:
        return out
    tr = traffic.dropna(subset=["date"])
    day = tr["date"].dt.normalize()
    tr = tr[(day >= s) & (day <= e)]
    ch = _channel_of(tr)
    shop = _shop_traffic(tr, orders) if len(tr) else tr
    out["visits"] = float(tr["visitors"].sum())
    out["uv"] = float(shop["visitors"].sum())
    out["other_visits"] = out["visits"] - out["uv"]
    shop_ch = set(_channel_of(shop)) if len(shop) else set()
    out["other_channels"] = float(len(set(ch) - shop_ch))
    if "revenue" in tr.columns and tr["revenue"].notna().any():
        out["traffic_revenue"] = float(tr["revenue"].sum())
        out["shop_revenue"] = float(shop["revenue"].sum())
        out["other_revenue"] = out["traffic_revenue"] - out["shop_revenue"]
        out["rest_revenue"] = out["shop_revenue"] - out["gmv"]
    return out


# ---- small figures the Overview page shows (issue 15 item 2: no arithmetic in the page)


def data_span(ranges) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day over datasets' ``(first, last)`` date ranges (``None`` ranges
    skipped); ``None`` when no range is given."""
    spans = [r for r in ranges if r is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def sparkline(daily: pd.DataFrame, metric: str, end, weeks: int = 8) -> list[float] | None:
    """The metric's daily values over the ``weeks`` weeks ending on ``end`` (missing days
    left out, 4 decimals) for a card's sparkline; ``None`` when fewer than 3 days remain."""
    if metric not in daily.columns:
        return None
    lo = pd.Timestamp(end) - pd.Timedelta(days=7 * weeks - 1)
    ser = daily[metric].loc[lo : pd.Timestamp(end)].dropna()
    return ser.round(4).tolist() if len(ser) > 2 else None


def tree_total(ov: Overview) -> tuple[float, float]:
    """The driver tree's summed contribution to GMV and that sum as a share of the previous
    period's GMV (NaN when the previous GMV is 0)."""
    total = float(ov.tree["contribution"].sum())
    prev = float(ov.table.loc["gmv", "previous"])
    return total, (total / prev if prev else float("nan"))
