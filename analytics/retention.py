"""Retention cohorts and value per cohort: who comes back, when, and what a cohort is worth.

Definitions (the Retention & LTV page states each one):

- **Activity**: from orders, the sales lines of the order rule (:func:`analytics.orders.sale_mask`:
  neither void nor refund lines) with a customer ID, at ``order_time``; from an event log, the
  rows of ``user_id`` at ``event_time`` (optionally only a chosen start event and a chosen
  return event).
- **Periods** are calendar buckets: days, ISO weeks (Monday first) or calendar months. A
  member's *period k* is the bucket k periods after the bucket of their cohort start (period 0
  is the start bucket itself: every member is counted there).
- **First-time (birth) cohorts** (Mixpanel "first time", PostHog "first time"): each person
  belongs to one cohort, the period of their first start activity (first order / first event).
- **Recurring cohorts** (Mixpanel and PostHog "recurring"): a person enters the cohort of every
  period in which they did the start activity; retention is counted from each entry.
- **Windows**: *bracket* (Amplitude "N-day"): returned in period k exactly; *unbounded*
  (Amplitude "unbounded", rolling): returned in period k or any later period; *cumulative*
  (GA4 "cumulative"): returned at least once in periods 1..k (distinct people).
- **Incomplete**: a cell whose period has not fully elapsed by the data's last day (the day of
  the last activity counts as complete). Its count is partial and is never read as a drop:
  rates of cells that lie wholly after the data are missing, and average curves use complete
  cells only, weighted by cohort size.
- **Wilson interval**: the score interval of a proportion (95% by default).
- **Value per cohort**: first-time order cohorts; each member's net money
  (:func:`analytics.orders.net_amount`, refunds deducted) per period since their first order,
  cumulative and per member; the acquisition channel is the first order's channel.
- **Gross margin**: net money x the margin share set, or net money minus ``cost`` where the
  orders carry a ``cost`` column (product cost of the line).
- **Acquisition cost per customer (CAC)**: spend of the channel over the cohorts' periods
  divided by the channel's new customers in those periods. **Payback**: the first period in
  which cumulative gross margin per customer reaches the CAC.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import norm

from analytics import orders as ordrule
from analytics.messages import AnalyticsError, require_columns
from analytics.rfm import _codes, _time_ns

__all__ = [
    "Cohorts",
    "Activity",
    "Retention",
    "order_activity",
    "event_activity",
    "cohort_table",
    "order_cohorts",
    "event_cohorts",
    "order_value",
    "triangle_cells",
    "cohort_curves",
    "wilson",
    "average_curve",
    "cohort_value",
    "value_curve",
    "cohort_value_curves",
    "payback",
    "last_cohort_retention",
    "ltv_cac",
    "line_costs",
    "first_touch",
    "cost_coverage",
    "cockpit_figures",
    "RetentionFigures",
    "CohortChange",
    "DEFAULT_MARGIN",
    "PERIODS",
    "DEFINITIONS",
    "WINDOWS",
]

Period = Literal["day", "week", "month"]
Definition = Literal["first_time", "recurring"]
Window = Literal["bracket", "unbounded", "cumulative"]
PERIODS = ("day", "week", "month")
DEFINITIONS = ("first_time", "recurring")
WINDOWS = ("bracket", "unbounded", "cumulative")
_DAY_NS = 86_400 * 10**9
_I64_MIN = np.iinfo(np.int64).min


def _choice(name: str, value: str, options: tuple[str, ...]) -> None:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}.")


@dataclass(frozen=True)
class Activity:
    """Activity as integer arrays: person code, period number, start / return flags."""

    person: np.ndarray
    period: np.ndarray
    is_start: np.ndarray
    is_return: np.ndarray
    value: np.ndarray
    time: np.ndarray  # ns since 1970 (orders the first order's channel)
    channel: np.ndarray
    channels: pd.Index
    people: pd.Index  # person code -> ID
    n_people: int
    last_day: int  # days since 1970-01-01 of the last activity
    period_kind: str


def _period_of_days(days: np.ndarray, period: str) -> np.ndarray:
    if period == "day":
        return days
    if period == "week":  # 1970-01-01 was a Thursday: Monday-based week numbers
        return (days + 3) // 7
    d = days.astype("datetime64[D]")
    return (d.astype("datetime64[M]").astype(np.int64)).astype(np.int64)


def _period_start(p: np.ndarray, period: str) -> pd.DatetimeIndex:
    p = np.asarray(p, dtype=np.int64)
    if period == "day":
        return pd.DatetimeIndex(p.astype("datetime64[D]").astype("datetime64[ns]"))
    if period == "week":
        return pd.DatetimeIndex((p * 7 - 3).astype("datetime64[D]").astype("datetime64[ns]"))
    return pd.DatetimeIndex(p.astype("datetime64[M]").astype("datetime64[ns]"))


def _period_end_day(p: np.ndarray, period: str) -> np.ndarray:
    """Days number of the first day after period ``p``."""
    if period == "day":
        return p + 1
    if period == "week":
        return p * 7 - 3 + 7
    return (np.asarray(p) + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _build(person, uniques, t_ns, keep, is_start, is_return, value, channel, period) -> Activity:
    ok = keep & (person >= 0) & (t_ns != _I64_MIN)
    days = np.floor_divide(t_ns[ok], _DAY_NS)
    ch_codes, ch_names = channel
    return Activity(
        person=person[ok],
        period=_period_of_days(days, period),
        is_start=(starts := is_start[ok]),
        is_return=starts if is_return is is_start else is_return[ok],
        value=value[ok],
        time=t_ns[ok],
        channel=ch_codes[ok],
        channels=ch_names,
        people=pd.Index(uniques),
        n_people=len(uniques),
        last_day=int(days.max()) if len(days) else 0,
        period_kind=period,
    )


def _channel_codes(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    if "channel" not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), pd.Index(["all"])
    codes, names, _ = _codes(frame["channel"])
    return codes, names


def line_costs(orders: pd.DataFrame, costs: dict | None) -> np.ndarray:
    """Cost of goods per line from unit ``costs`` keyed by product (the Pricing page's product
    costs): quantity (1 when absent) x the unit cost of the line's ``product_name``, else of its
    ``product_id``; a ``cost`` column of the orders wins; NaN where nothing matches."""
    n = len(orders)
    if "cost" in orders.columns:
        return pd.to_numeric(orders["cost"], errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    out = np.full(n, np.nan)
    if not costs:
        return out
    unit = pd.Series({str(k): float(v) for k, v in costs.items()}, dtype=np.float64)
    for col in ("product_id", "product_name"):  # the name, where known, decides
        if col in orders.columns:
            got = orders[col].astype("string").map(unit).to_numpy(dtype=np.float64, na_value=np.nan)
            out = np.where(np.isnan(got), out, got)
    qty = np.ones(n)
    if "quantity" in orders.columns:
        q = pd.to_numeric(orders["quantity"], errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
        qty = np.where(np.isnan(q), 1.0, np.abs(q))
    return out * qty


def _margin(orders: pd.DataFrame, net: np.ndarray, margin: float, costs) -> np.ndarray:
    cost = line_costs(orders, costs)
    if np.isnan(cost).all():
        return net * margin
    refund = ~ordrule.sale_mask(orders)  # refund lines give back the cost share too
    return np.where(np.isnan(cost) | refund, net * margin, net - np.nan_to_num(cost))


def cost_coverage(orders: pd.DataFrame, costs: dict | None = None) -> float:
    """Share of sales lines whose cost of goods is known (``cost`` column or product costs)."""
    sale = ordrule.sale_mask(orders)
    if not sale.any():
        return 0.0
    return float(np.mean(~np.isnan(line_costs(orders, costs)[sale])))


def order_activity(
    orders: pd.DataFrame,
    period: Period = "week",
    margin: float = 1.0,
    values: bool = True,
    costs: dict | None = None,
) -> Activity:
    """Orders as activity: every non-void line with a customer ID; sales lines start and return.

    ``value`` is the line's gross margin (net money x ``margin``, or net money minus ``cost``),
    which refund lines carry too (negative) though they never count as activity. Lines with a
    known cost (:func:`line_costs`: a ``cost`` column or unit ``costs`` per product) take net
    money minus that cost. With ``values=False`` (cohort counts only) neither money nor
    channels are read.
    """
    require_columns(
        orders, "orders", ("customer_id", "order_time", "amount"), "analytics.retention.orders"
    )
    _choice("period", period, PERIODS)
    person, uniques, _ = _codes(orders["customer_id"])
    t = _time_ns(orders["order_time"])
    sale = ordrule.sale_mask(orders)
    keep = ~ordrule.void_mask(orders)
    if not values:
        none = (np.zeros(len(orders), dtype=np.int64), pd.Index(["all"]))
        return _build(person, uniques, t, keep, sale, sale, np.zeros(len(orders)), none, period)
    value = _margin(orders, ordrule.net_amount(orders), margin, costs)
    return _build(person, uniques, t, keep, sale, sale, value, _channel_codes(orders), period)


def event_activity(
    events: pd.DataFrame,
    period: Period = "week",
    start_event: str | None = None,
    return_event: str | None = None,
) -> Activity:
    """An event log as activity: ``start_event`` rows start a cohort, ``return_event`` rows
    count as a return (None: any event)."""
    require_columns(events, "events", ("user_id", "event_time"), "analytics.retention.events")
    _choice("period", period, PERIODS)
    person, uniques, _ = _codes(events["user_id"])
    t = _time_ns(events["event_time"])
    n = len(events)
    every = np.ones(n, dtype=bool)
    names = events["event"] if "event" in events.columns else None

    def rows(name):
        if name is None or names is None:
            return every
        return (names == name).to_numpy(dtype=bool, na_value=False)

    return _build(
        person,
        uniques,
        t,
        every,
        rows(start_event),
        rows(return_event),
        np.zeros(n),
        _channel_codes(events),
        period,
    )


@dataclass(frozen=True)
class Retention:
    """A cohort triangle.

    ``counts``: index = cohort start (Timestamp), columns = period 0..K, people (or cohort
    entries for recurring cohorts) counted there; NaN where the period lies wholly after the
    data. ``sizes``: members per cohort. ``rates`` = counts / sizes. ``incomplete``: True
    where the period has not fully elapsed by the data's last day.
    """

    counts: pd.DataFrame
    sizes: pd.Series
    rates: pd.DataFrame
    incomplete: pd.DataFrame
    period: str
    definition: str
    window: str
    last_day: pd.Timestamp

    def long(self, z: float = 1.96) -> pd.DataFrame:
        """One row per cell: ``cohort, period, members, count, rate, lo, hi, incomplete``."""
        c = self.counts.stack(future_stack=True).rename("count").reset_index()
        c.columns = ["cohort", "period", "count"]
        c["members"] = self.sizes.reindex(c["cohort"]).to_numpy()
        c["rate"] = c["count"] / c["members"]
        c["lo"], c["hi"] = wilson(c["count"].to_numpy(), c["members"].to_numpy(), z)
        c["incomplete"] = self.incomplete.stack(future_stack=True).to_numpy()
        return c[c["count"].notna()].reset_index(drop=True)


Cohorts = Retention


_BITMAP_MAX = 150_000_000


def _pairs(act: Activity, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique (person, period) pairs of the rows in ``mask``, sorted by person then period
    (a bitmap over person x period when it is small enough, else a sort)."""
    p, per = act.person[mask], act.period[mask]
    if not len(p):
        return p.astype(np.int64), per.astype(np.int64)
    lo = int(per.min())
    span = int(per.max()) - lo + 1
    key = p.astype(np.int64) * span + (per - lo)
    size = act.n_people * span
    if size <= _BITMAP_MAX:
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        key = np.flatnonzero(seen)
    else:
        key = np.unique(key)
    return key // span, key % span + lo


def _starts(act: Activity, definition: str, pairs=None) -> tuple[np.ndarray, np.ndarray]:
    """Cohort entries (person, period): first start per person, or every start period."""
    sp, sc = _pairs(act, act.is_start) if pairs is None else pairs
    if definition == "first_time" and len(sp):
        first = np.r_[True, sp[1:] != sp[:-1]]
        return sp[first], sc[first]
    return sp, sc


def _returns(act: Activity, lo: int, pairs=None) -> tuple[np.ndarray, np.ndarray]:
    """Unique (person, period) return pairs from period ``lo`` on, sorted by person, period."""
    rp, rq = _pairs(act, act.is_return) if pairs is None else pairs
    m = rq >= lo
    return rp[m], rq[m]


def _offset_hist(cohort: np.ndarray, offset: np.ndarray, lo: int, n: int, k: int) -> np.ndarray:
    ok = (offset >= 1) & (offset < k)
    idx = (cohort[ok] - lo) * k + offset[ok]
    return np.bincount(idx, minlength=n * k).reshape(n, k).astype(np.float64)


def _count_cells(act, sp, sc, rp, rq, lo, n, k, window) -> np.ndarray:
    if window == "bracket":
        s = sparse.csr_matrix((np.ones(len(sp)), (sc - lo, sp)), shape=(n, act.n_people))
        r = sparse.csr_matrix((np.ones(len(rp)), (rp, rq - lo)), shape=(act.n_people, n))
        m = (s @ r).toarray()  # cohort x calendar period
        cols = np.arange(n)[:, None] + np.arange(k)[None, :]
        inside = cols < n
        out = np.zeros((n, k))
        out[inside] = m[np.nonzero(inside)[0], cols[inside]]
        return out
    if window == "unbounded":
        last = np.full(act.n_people, lo - 1, dtype=np.int64)
        first_row = np.r_[True, rp[1:] != rp[:-1]] if len(rp) else np.zeros(0, bool)
        last_row = np.r_[first_row[1:], True] if len(rp) else first_row
        last[rp[last_row]] = rq[last_row]
        h = _offset_hist(sc, np.minimum(last[sp] - sc, k - 1), lo, n, k)
        return np.cumsum(h[:, ::-1], axis=1)[:, ::-1]
    # cumulative: first return after the start period
    if not len(rp):  # nobody returned (a return event no one did)
        return np.zeros((n, k))
    span = n + 1
    keys = rp * span + (rq - lo)
    pos = np.searchsorted(keys, sp * span + (sc - lo) + 1)
    found = pos < len(keys)
    nxt = np.where(found, keys[np.minimum(pos, len(keys) - 1)], -1)
    same = found & (nxt // span == sp)
    off = np.where(same, nxt % span + lo - sc, 0)
    return np.cumsum(_offset_hist(sc, off, lo, n, k), axis=1)


def cohort_table(
    activity: Activity,
    definition: Definition = "first_time",
    window: Window = "bracket",
    max_periods: int | None = None,
) -> Retention:
    """The cohort triangle of ``activity`` (:func:`order_activity` / :func:`event_activity`).

    Parameters
    ----------
    definition : ``"first_time"`` (birth) or ``"recurring"`` cohorts (module docstring).
    window : ``"bracket"``, ``"unbounded"`` or ``"cumulative"``.
    max_periods : the last period shown (default: every period the data spans).

    Returns
    -------
    Retention
        Counts, sizes, rates and the incomplete mask; period 0 holds the cohort size.
    """
    _choice("definition", definition, DEFINITIONS)
    _choice("window", window, WINDOWS)
    start_pairs = _pairs(activity, activity.is_start)
    sp, sc = _starts(activity, definition, start_pairs)
    if not len(sp):
        raise AnalyticsError("analytics.retention.no_starts")
    lo = int(sc.min())
    last_p = int(_period_of_days(np.array([activity.last_day]), activity.period_kind)[0])
    n = last_p - lo + 1
    k = n if max_periods is None else min(n, int(max_periods) + 1)
    same = activity.is_return is activity.is_start
    rp, rq = _returns(activity, lo, start_pairs if same else None)
    counts = _count_cells(activity, sp, sc, rp, rq, lo, n, k, window)
    sizes = np.bincount(sc - lo, minlength=n).astype(np.float64)
    return _triangle(counts, sizes, lo, activity.last_day, activity.period_kind, definition, window)


def _triangle(counts, sizes, lo: int, last_day: int, period: str, definition, window) -> Retention:
    """The :class:`Retention` of the cells ``counts`` (cohorts ``lo``.. x periods 0..k-1) and
    the cohort ``sizes``; the engine's cohort counts end here too."""
    n, k = counts.shape
    last_p = int(_period_of_days(np.array([last_day]), period)[0])
    counts[:, 0] = sizes
    cal = np.arange(n)[:, None] + np.arange(k)[None, :] + lo
    ends = _period_end_day(cal, period)
    incomplete = ends > last_day + 1
    counts[cal > last_p] = np.nan
    keep = sizes > 0
    index = _period_start(np.arange(lo, lo + n)[keep], period)
    index.name = "cohort"
    cols = pd.RangeIndex(k, name="period")
    cnt = pd.DataFrame(counts[keep], index=index, columns=cols)
    size = pd.Series(sizes[keep], index=index, name="members")
    return Retention(
        counts=cnt,
        sizes=size,
        rates=cnt.div(size, axis=0),
        incomplete=pd.DataFrame(incomplete[keep], index=index, columns=cols),
        period=period,
        definition=definition,
        window=window,
        last_day=pd.Timestamp(last_day * _DAY_NS),
    )


def wilson(k, n, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (lo, hi) of ``k`` successes in ``n`` trials (NaN where n = 0)."""
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        den = 1 + z**2 / n
        mid = (p + z**2 / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / den
    return mid - half, mid + half


def average_curve(ret: Retention, level: float = 0.95) -> pd.DataFrame:
    """The average retention curve over complete cells, weighted by cohort size.

    Returns columns ``period, members, count, rate, lo, hi, cohorts``: per period, the
    counts and sizes summed over the cohorts whose cell is complete.
    """
    ok = ~ret.incomplete.to_numpy() & ret.counts.notna().to_numpy()
    cnt = np.where(ok, ret.counts.to_numpy(), 0.0).sum(axis=0)
    mem = (ok * ret.sizes.to_numpy()[:, None]).sum(axis=0)
    lo, hi = wilson(cnt, mem, float(norm.ppf(0.5 + level / 2)))
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = cnt / mem
    out = pd.DataFrame(
        {"period": ret.counts.columns.to_numpy(), "members": mem, "count": cnt, "rate": rate}
    )
    out["lo"], out["hi"], out["cohorts"] = lo, hi, ok.sum(axis=0)
    return out[out["members"] > 0].reset_index(drop=True)


def cohort_value(
    activity: Activity, by_channel: bool = False, touch: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Value per first-time cohort (and acquisition channel) by period since the first order.

    Returns one row per (cohort, channel, period): ``cohort, channel, period, members, value,
    cum_value, per_member, incomplete``; ``value`` sums the members' line values (gross
    margin, see :func:`order_activity`) in that period, ``per_member`` is cumulative value
    per member. ``channel`` is the first order's channel ("all" without ``by_channel``), or
    with ``touch`` (an event log with ``user_id``, ``event_time``, ``channel``) the channel of
    the person's first event there (first touch), the first order's where they have none.
    """
    sp, sc = _starts(activity, "first_time")
    if not len(sp):
        raise AnalyticsError("analytics.retention.no_starts")
    lo = int(sc.min())
    last_p = int(_period_of_days(np.array([activity.last_day]), activity.period_kind)[0])
    n = last_p - lo + 1
    chan = np.zeros(activity.n_people, dtype=np.int64)
    names = pd.Index(["all"])
    if by_channel:
        chan, names = _channels(activity, touch)
        chan = np.where(chan < 0, len(names), chan)
        names = names.append(pd.Index(["(none)"]))
    cohort = np.full(activity.n_people, -1, dtype=np.int64)
    cohort[sp] = sc - lo
    g = len(names)
    c_line = cohort[activity.person]
    ok = c_line >= 0
    off = np.clip(activity.period[ok] - lo - c_line[ok], 0, None)
    cell = (c_line[ok] * g + chan[activity.person[ok]]) * n + off
    value = np.bincount(cell, weights=activity.value[ok], minlength=n * g * n)
    members = np.bincount(cohort[sp] * g + chan[sp], minlength=n * g).astype(np.float64)
    return _value_frame(value.reshape(n, g, n), members.reshape(n, g), names, lo, last_p, activity)


def first_touch(events: pd.DataFrame) -> pd.Series:
    """Channel of each user's first event with a channel: Series ``user_id`` -> channel."""
    require_columns(
        events, "events", ("user_id", "event_time", "channel"), "analytics.retention.events"
    )
    ev = events[["user_id", "event_time", "channel"]].dropna()
    ev = ev.sort_values("event_time", kind="stable").drop_duplicates("user_id")
    return pd.Series(ev["channel"].to_numpy(), index=ev["user_id"].astype(str).to_numpy())


def _channels(act: Activity, touch: pd.DataFrame | None) -> tuple[np.ndarray, pd.Index]:
    codes = _first_channel(act)
    if touch is None:
        return codes, act.channels
    names = np.asarray(act.channels, dtype=object)
    by_order = np.where(codes >= 0, names[np.maximum(codes, 0)] if len(names) else None, None)
    first = pd.Series(act.people.astype(str)).map(first_touch(touch)).to_numpy(dtype=object)
    chosen = np.where(pd.isna(first), by_order, first)
    out, uniques = pd.factorize(pd.Series(chosen, dtype=object), use_na_sentinel=True)
    return out.astype(np.int64), pd.Index(uniques, dtype=object)


def _first_channel(act: Activity) -> np.ndarray:
    m = act.is_start
    order = np.lexsort((act.time[m], act.person[m]))
    p, ch = act.person[m][order], act.channel[m][order]
    first = np.r_[True, p[1:] != p[:-1]] if len(p) else np.zeros(0, bool)
    out = np.full(act.n_people, -1, dtype=np.int64)
    out[p[first]] = ch[first]
    return out


def _value_frame(value, members, names, lo, last_p, act) -> pd.DataFrame:
    n, g, _ = value.shape
    ci, gi, ki = np.meshgrid(np.arange(n), np.arange(g), np.arange(n), indexing="ij")
    cum = np.cumsum(value, axis=2)
    cal = ci + ki + lo
    mem = np.broadcast_to(members[:, :, None], value.shape)
    keep = (mem > 0) & (cal <= last_p)
    with np.errstate(invalid="ignore", divide="ignore"):
        per = cum / mem
    return pd.DataFrame(
        {
            "cohort": _period_start(ci[keep] + lo, act.period_kind),
            "channel": np.asarray(names, dtype=object)[gi[keep]],
            "period": ki[keep],
            "members": mem[keep],
            "value": value[keep],
            "cum_value": cum[keep],
            "per_member": per[keep],
            "incomplete": _period_end_day(cal[keep], act.period_kind) > act.last_day + 1,
        }
    )


def value_curve(value: pd.DataFrame) -> pd.DataFrame:
    """Cumulative value per member by channel and period, over complete cells only:
    ``channel, period, members, per_member`` (sum of cumulative value / sum of members)."""
    v = value[~value["incomplete"]]
    g = v.groupby(["channel", "period"], sort=True)[["cum_value", "members"]].sum()
    g["per_member"] = g["cum_value"] / g["members"]
    return g.reset_index()


def cohort_value_curves(
    value: pd.DataFrame, cohorts: int = 6, min_periods: int = 4
) -> pd.DataFrame:
    """Cumulative value per member of the last ``cohorts`` cohorts with at least
    ``min_periods`` complete periods after period 0 (all when none has as many), complete
    cells only, all channels together: ``channel`` (the cohort's start date as text),
    ``period``, ``members``, ``cum_value``, ``per_member``."""
    g = value.groupby(["cohort", "period"], sort=True).agg(
        cum_value=("cum_value", "sum"), members=("members", "sum"), incomplete=("incomplete", "any")
    )
    g = g.reset_index()
    done = g[~g["incomplete"]].groupby("cohort")["period"].max()
    if done.empty:
        return g.iloc[0:0].assign(channel=[], per_member=[])
    keep = done[done >= min(min_periods, int(done.max()))].index[-cohorts:]
    g = g[g["cohort"].isin(keep) & ~g["incomplete"]]
    g = g.assign(
        channel=g["cohort"].dt.strftime("%Y-%m-%d"), per_member=g["cum_value"] / g["members"]
    )
    return g[["channel", "period", "members", "cum_value", "per_member"]].reset_index(drop=True)


def _spend_by_channel(spend: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    require_columns(spend, "spend", ("date", "spend"), "analytics.retention.spend")
    d = pd.to_datetime(spend["date"], errors="coerce")
    m = ((d >= start) & (d < end)).to_numpy(dtype=bool, na_value=False)
    ch = spend["channel"] if "channel" in spend.columns else pd.Series("all", index=spend.index)
    key = ch.astype("string").str.strip().str.lower()
    amounts = pd.to_numeric(spend["spend"], errors="coerce")
    return amounts[m].groupby(key[m].to_numpy()).sum()


def payback(value: pd.DataFrame, spend: pd.DataFrame, period: Period = "week") -> pd.DataFrame:
    """Payback per acquisition channel.

    ``value`` comes from :func:`cohort_value` with channels. Per channel: ``customers`` (new
    customers over all cohorts), ``spend`` (the channel's spend from the first cohort's start
    to the end of the last cohort period; channel names matched case-insensitively), ``cac``
    = spend / customers, ``margin_to_date`` (cumulative margin per customer of the complete
    cells' latest period), ``ltv_cac`` = margin_to_date / cac and ``payback_period`` (the first
    period whose cumulative margin per customer reaches the CAC; NaN when not reached yet).
    """
    first = value[value["period"] == 0]
    start = first["cohort"].min()
    end = _period_start(
        _period_of_days(np.array([(first["cohort"].max() - pd.Timestamp(0)).days]), period) + 1,
        period,
    )[0]
    cost = _spend_by_channel(spend, start, end)
    members = first.groupby("channel")["members"].sum()
    curve = value_curve(value)
    rows = []
    for ch, n in members.items():  # one row per channel (a handful)
        c = curve[curve["channel"] == ch]
        s = float(cost.get(str(ch).strip().lower(), np.nan))
        cac = s / n if n else np.nan
        reached = c[c["per_member"] >= cac] if np.isfinite(cac) else c.iloc[0:0]
        to_date = float(c["per_member"].iloc[-1]) if len(c) else np.nan
        rows.append(
            {
                "channel": ch,
                "customers": n,
                "spend": s,
                "cac": cac,
                "margin_to_date": to_date,
                "ltv_cac": to_date / cac if cac and np.isfinite(cac) else np.nan,
                "payback_period": float(reached["period"].iloc[0]) if len(reached) else np.nan,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CohortChange:
    """Period-1 retention of the last complete cohort against the cohorts before it."""

    cohort: pd.Timestamp | None
    rate: float
    before: float
    change: float
    members: int
    period: str


def last_cohort_retention(orders: pd.DataFrame, period: Period = "week", before: int = 4):
    """Retention in period 1 of the last cohort whose period 1 is complete, against the
    size-weighted rate of the ``before`` cohorts preceding it (first-time order cohorts,
    bracket window). ``change`` is the difference in rate (percentage points / 100)."""
    act = order_activity(orders, period, values=False)
    ret = cohort_table(act, "first_time", "bracket", max_periods=1)
    if ret.counts.shape[1] < 2:
        return CohortChange(None, np.nan, np.nan, np.nan, 0, period)
    ok = ~ret.incomplete[1].to_numpy()
    idx = np.flatnonzero(ok)
    if not len(idx):
        return CohortChange(None, np.nan, np.nan, np.nan, 0, period)
    last = idx[-1]
    prev = idx[max(0, len(idx) - 1 - before) : len(idx) - 1]
    cnt, size = ret.counts[1].to_numpy(), ret.sizes.to_numpy()
    rate = cnt[last] / size[last]
    b = cnt[prev].sum() / size[prev].sum() if len(prev) else np.nan
    return CohortChange(ret.counts.index[last], rate, b, rate - b, int(size[last]), period)


def ltv_cac(
    orders: pd.DataFrame, spend: pd.DataFrame, period: Period = "month", margin: float = 1.0
) -> pd.DataFrame:
    """LTV : acquisition cost per channel (the cockpit's and the report's figure):
    :func:`payback` of the first-time order cohorts by first-order channel."""
    value = cohort_value(order_activity(orders, period, margin), by_channel=True)
    return payback(value, spend, period)


def order_cohorts(
    orders: pd.DataFrame,
    period: Period = "week",
    definition: Definition = "first_time",
    window: Window = "bracket",
) -> Retention:
    """:func:`cohort_table` of order cohorts (first order / every ordering period)."""
    return cohort_table(order_activity(orders, period, values=False), definition, window)


def event_cohorts(
    events: pd.DataFrame,
    period: Period = "week",
    definition: Definition = "first_time",
    window: Window = "bracket",
    start_event: str | None = None,
    return_event: str | None = None,
) -> Retention:
    """:func:`cohort_table` of event cohorts (first / every ``start_event``)."""
    act = event_activity(events, period, start_event, return_event)
    return cohort_table(act, definition, window)


def order_value(
    orders: pd.DataFrame,
    touch: pd.DataFrame | None = None,
    *,
    period: Period = "month",
    margin: float = 1.0,
    by_channel: bool = True,
    costs: dict | None = None,
) -> pd.DataFrame:
    """:func:`cohort_value` of first-order cohorts with gross margin ``margin`` (a share) where
    a line's cost of goods is unknown (``costs``: unit costs per product); channels by first
    touch in the event log ``touch`` when given (:func:`cohort_value`)."""
    act = order_activity(orders, period, margin, costs=costs)
    return cohort_value(act, by_channel=by_channel, touch=touch)


def triangle_cells(ret: Retention, cohorts: int = 26, periods: int = 26) -> pd.DataFrame:
    """The heat map's cells: the last ``cohorts`` cohorts and periods 1..``periods`` of
    :meth:`Retention.long` (period 0, always the whole cohort, left out)."""
    cells = ret.long()
    keep = ret.counts.index[-cohorts:]
    m = cells["cohort"].isin(keep) & cells["period"].between(1, periods)
    return cells[m].reset_index(drop=True)


def cohort_curves(ret: Retention, cohorts: int = 6, min_periods: int = 8) -> pd.DataFrame:
    """Curves of the last ``cohorts`` cohorts with at least ``min_periods`` complete periods
    after period 0 (all cohorts when none has as many): :meth:`Retention.long` rows without
    the incomplete ones."""
    cells = ret.long()
    done = (~ret.incomplete.to_numpy()).sum(axis=1) - 1
    ok = ret.counts.index[done >= min(min_periods, int(done.max()))]
    keep = ok[-cohorts:]
    m = cells["cohort"].isin(keep) & ~cells["incomplete"]
    return cells[m].reset_index(drop=True)


DEFAULT_MARGIN = 0.4  # the page's default gross margin (40%)


@dataclass(frozen=True)
class RetentionFigures:
    """The cockpit's and the weekly report's retention figures (one call for both):
    ``change`` (:func:`last_cohort_retention`, weekly cohorts) and ``ltv`` (:func:`ltv_cac`
    by month with the page's default margin; None without spend)."""

    change: CohortChange
    ltv: pd.DataFrame | None
    margin: float


def cockpit_figures(
    orders: pd.DataFrame,
    spend: pd.DataFrame | None = None,
    end=None,
    margin: float = DEFAULT_MARGIN,
) -> RetentionFigures:
    """Retention of the last complete weekly cohort against the four before it, and LTV : CAC
    per acquisition channel, from the orders (and spend) up to the day ``end`` (default: all)."""
    if end is not None:
        cut = pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
        orders = orders[(orders["order_time"] < cut).to_numpy(dtype=bool, na_value=False)]
    change = last_cohort_retention(orders, "week", before=4)
    ltv = None
    if spend is not None:
        ltv = ltv_cac(orders, spend, "month", margin)
        ltv = ltv[np.isfinite(ltv["cac"])].reset_index(drop=True)
    return RetentionFigures(change, ltv, margin)
