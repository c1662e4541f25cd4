"""Funnel analysis on an event log: counting rules, step tables, breakdowns, trends.

Counting rules (stated on the funnel page; one definition everywhere):

- An **attempt** starts at each step-1 event of a user. The **conversion window**
  is measured from that step-1 event: a later step counts only if it happens at
  most ``window`` after it (inclusive).
- **Order** ``"sequential"``: the steps must happen in order; other events may
  happen between them. ``"strict"``: the next step must be the user's very next
  event (any other event in between, including a repeat of a step, breaks the
  attempt). ``"any"``: step 1 starts the attempt; the later steps may happen in
  any order after it, within the window; a user reaches step *k* when steps
  1..*k* have all happened.
- Events of one user are taken in time order; events with the same timestamp
  are taken in step order (events that are no step come after the steps), then
  in file order.
- **Unique users** (default): for each user the attempt that got furthest counts
  (ties: the earliest). **Totals**: every attempt counts on its own.
- A user is **in progress** when the window of their latest step-1 event had not
  ended by the last event in the data (their result could still change). In
  totals mode, an attempt is in progress when its own window had not ended.

The implementation is vectorised: event names are encoded to small integers,
the log is reduced to the step events (all events in strict mode), sorted once
by (user, time, step) and every attempt is advanced one step at a time with
``numpy.searchsorted``; there is no Python loop over users or events.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.messages import AnalyticsError, require_columns

__all__ = [
    "ORDERS",
    "COUNTS",
    "STEP_VOCABULARY",
    "FunnelUsers",
    "ConversionTimes",
    "PeriodComparison",
    "normalize_steps",
    "event_counts",
    "propose_steps",
    "funnel_counts",
    "user_funnel",
    "wilson_interval",
    "step_table",
    "counts_from_users",
    "parse_count_table",
    "conversion_times",
    "breakdown",
    "trend",
    "compare_periods",
    "decompose_change",
    "dropped_users",
    "average_order_value",
    "event_order_value",
    "rfm_segments",
    "event_activity",
]

Order = Literal["sequential", "strict", "any"]
ORDERS: tuple[str, ...] = ("sequential", "strict", "any")
COUNTS: tuple[str, ...] = ("users", "totals")
MAX_STEPS = 10
DEFAULT_WINDOW = pd.Timedelta(days=7)
_Z95 = 1.959963984540054

# Stage name -> raw event names of common vocabularies (matched case-insensitively).
STEP_VOCABULARY: dict[str, tuple[str, ...]] = {
    "View": (
        "view",
        "page_view",
        "pageview",
        "product_view",
        "view_item",
        "detail",
        "product_detail",
        "product_detail_view",
        "浏览",
        "访问",
        "商品浏览",
    ),
    "Cart": ("cart", "add_to_cart", "addtocart", "add_cart", "加购", "加入购物车"),
    "Checkout": (
        "checkout",
        "begin_checkout",
        "add_payment_info",
        "place_order",
        "order",
        "下单",
        "提交订单",
    ),
    "Purchase": ("purchase", "transaction", "pay", "paid", "order_paid", "支付", "付款", "成交"),
}


# ---------------------------------------------------------------------------
# Steps


def normalize_steps(
    steps: Sequence[str | Sequence[str]], labels: Sequence[str] | None = None
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Check ``steps`` and return (labels, groups of raw event names).

    Each item of ``steps`` is one event name or a list of names that together
    form the step. A step's label is its name (or its names joined by " / ")
    unless ``labels`` gives it.
    """
    if isinstance(steps, str) or not isinstance(steps, Sequence):
        raise ValueError("steps must be a list of event names (or lists of names), in order.")
    groups: list[tuple[str, ...]] = []
    for item in steps:
        names = (item,) if isinstance(item, str) else tuple(item)
        names = tuple(str(n) for n in names)
        if not names or any(n == "" for n in names):
            raise AnalyticsError("analytics.funnel.empty_step")
        groups.append(tuple(dict.fromkeys(names)))
    if not 2 <= len(groups) <= MAX_STEPS:
        raise AnalyticsError("analytics.funnel.n_steps", most=MAX_STEPS, n=len(groups))
    seen: dict[str, int] = {}
    for k, names in enumerate(groups):
        for name in names:
            if name in seen:
                raise AnalyticsError(
                    "analytics.funnel.event_twice", event=str(name), a=seen[name] + 1, b=k + 1
                )
            seen[name] = k
    if labels is None:
        labels = [" / ".join(g) for g in groups]
    labels = [str(x) for x in labels]
    if len(labels) != len(groups):
        raise ValueError("Give one label per step.")
    return labels, groups


def event_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Event names present in ``events`` with their counts: columns ``event``, ``count`` (most first)."""
    _check_events(events)
    vc = events["event"].dropna().astype(str).value_counts()
    out = pd.DataFrame({"event": vc.index.astype(object), "count": vc.to_numpy(np.int64)})
    return out.sort_values(["count", "event"], ascending=[False, True], ignore_index=True)


def propose_steps(names: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Default steps for the event names present: (labels, groups of names).

    Names are matched (case-insensitively) to the stages of
    :data:`STEP_VOCABULARY` (view / cart / checkout / purchase, REES46, GA4
    ecommerce events, 浏览 / 加购 / 下单 / 支付). When fewer than two stages
    match, the first two names given (the most frequent ones) are proposed.
    """
    names = [str(n) for n in names]
    lower = {n: n.strip().lower() for n in names}
    labels: list[str] = []
    groups: list[list[str]] = []
    used: set[str] = set()
    for stage, vocab in STEP_VOCABULARY.items():
        vset = {v.lower() for v in vocab}
        hit = [n for n in names if lower[n] in vset and n not in used]
        if hit:
            labels.append(stage)
            groups.append(hit)
            used.update(hit)
    if len(groups) >= 2:
        return labels, groups
    first = names[:2]
    return list(first), [[n] for n in first]


# ---------------------------------------------------------------------------
# Core


_REQUIRED = ("user_id", "event_time", "event")


def _check_events(events: pd.DataFrame) -> None:
    require_columns(events, "events", _REQUIRED, "analytics.funnel.events_columns")


def _time_ns(s: pd.Series) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(s):
        raise AnalyticsError("analytics.funnel.event_time")
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_convert("UTC").dt.tz_localize(None)
    return s.to_numpy(dtype="datetime64[ns]").view(np.int64)


_NAT = np.iinfo(np.int64).min


@dataclass(frozen=True)
class _Sorted:
    """The log sorted by (user, time, step).

    Either ``packed`` holds user << (tb + cb) | time << cb | code in one int64
    (then ``user`` / ``time`` are None and read from it), or ``user`` and
    ``time`` are full arrays.
    """

    code: np.ndarray  # int64 step code; n_steps = no step
    row: np.ndarray | None  # original row positions
    scale: int  # ns per time quantum
    tmin: int  # ns
    data_end: int  # ns, the last event in the data
    packed: np.ndarray | None = None
    tb: int = 0
    cb: int = 0
    user: np.ndarray | None = None  # int64 user codes
    time: np.ndarray | None = None  # int64 time in quanta since tmin

    def user_at(self, idx: np.ndarray) -> np.ndarray:
        if self.packed is not None:
            return self.packed[idx] >> (self.tb + self.cb)
        return self.user[idx]

    def time_at(self, idx: np.ndarray) -> np.ndarray:
        if self.packed is not None:
            return (self.packed[idx] >> self.cb) & ((1 << self.tb) - 1)
        return self.time[idx]


def _prepare(
    events: pd.DataFrame, groups: list[tuple[str, ...]], keep_other: bool, need_row: bool
) -> _Sorted | None:
    _check_events(events)
    k_steps = len(groups)
    code = _step_codes(events["event"], groups)
    t = _time_ns(events["event_time"])
    users = events["user_id"]
    ok = (t != _NAT) & ~users.isna().to_numpy()
    all_ok = bool(ok.all())
    if t.size == 0 or (not all_ok and not ok.any()):
        return None
    data_end = int(t.max() if all_ok else t[ok].max())
    if keep_other:
        keep = ok
    else:
        keep = code < k_steps
        if not all_ok:
            keep &= ok
    if keep.all():
        rows = None
        ucodes = _user_codes(users)
    else:
        rows = np.flatnonzero(keep)
        if rows.size == 0:
            return None
        t, code = t[rows], code[rows]
        ucodes = _user_codes(users.iloc[rows])
    tmin, tmax = int(t.min()), int(t.max())
    scale = 1
    if tmax - tmin < 2**62:
        d = t - tmin
        for s in (10**9, 10**6, 10**3):
            if (d[:2048] % s).any():
                continue
            q, r = np.divmod(d, s)
            if not r.any():
                scale, d = s, q
                break
        tb = max(1, int(d.max()).bit_length())
    else:  # times centuries apart at nanosecond resolution: no offset, no packing
        tmin, d, tb = 0, t, 64
    ub = max(1, int(ucodes.max()).bit_length())
    cb = max(1, int(k_steps).bit_length())
    if ub + tb + cb <= 63:
        packed = (ucodes << (tb + cb)) | (d << cb) | code
        if need_row:
            order = np.argsort(packed, kind="stable")
            packed = packed[order]
        else:
            order = None
            packed = np.sort(packed)
        code = packed & ((1 << cb) - 1)
        row = None if order is None else (order if rows is None else rows[order])
        return _Sorted(code, row, scale, tmin, data_end, packed=packed, tb=tb, cb=cb)
    order = np.lexsort((code, d, ucodes))
    row = None
    if need_row:
        row = order if rows is None else rows[order]
    return _Sorted(code[order], row, scale, tmin, data_end, user=ucodes[order], time=d[order])


def _is_text(typ) -> bool:
    import pyarrow as pa

    return pa.types.is_string(typ) or pa.types.is_large_string(typ)


def _digit_ints(users: pd.Series) -> np.ndarray | None:
    """Arrow strings that are all plain decimal numbers (no sign, no leading zero) as int64, else None.

    Such strings and their numbers correspond one to one, so the numbers group
    users exactly as the strings do, without hashing strings.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    col = users.array.__arrow_array__()
    if not isinstance(col, pa.ChunkedArray) or not _is_text(col.type) or col.null_count:
        return None
    if len(col) == 0:
        return None
    lens = pc.binary_length(col)
    mm = pc.min_max(lens).as_py()
    if mm["min"] < 1 or mm["max"] > 18:
        return None
    if not pc.all(pc.ascii_is_decimal(col)).as_py():
        return None
    if pc.any(pc.and_(pc.starts_with(col, "0"), pc.greater(lens, 1))).as_py():
        return None
    return pc.cast(col, pa.int64()).to_numpy()


def _user_codes(users: pd.Series) -> np.ndarray:
    """Non-negative int64 codes with equal codes exactly for equal user ids."""
    ints = None
    if hasattr(users.array, "__arrow_array__") and pd.api.types.is_string_dtype(users.dtype):
        ints = _digit_ints(users)
    if ints is not None:
        if ints.min() >= 0 and ints.max() < 2**31:
            return ints
        return pd.factorize(ints)[0].astype(np.int64, copy=False)
    return pd.factorize(users)[0].astype(np.int64, copy=False)


def _step_codes(ev: pd.Series, groups: list[tuple[str, ...]]) -> np.ndarray:
    """Step index (0..n-1) of each event; n for events that are no step (and missing names)."""
    k_steps = len(groups)
    name_to_step = {name: k for k, names in enumerate(groups) for name in names}
    arrow = getattr(ev.array, "__arrow_array__", None)
    if arrow is not None and pd.api.types.is_string_dtype(ev.dtype):
        import pyarrow as pa
        import pyarrow.compute as pc

        names = list(name_to_step)
        lut = np.array([name_to_step[n] for n in names] + [k_steps], dtype=np.int64)
        col = arrow()
        if isinstance(col, pa.ChunkedArray) and _is_text(col.type):
            idx = pc.fill_null(pc.index_in(col, value_set=pa.array(names, col.type)), -1)
            return lut[idx.to_numpy()]
    if isinstance(ev.dtype, pd.CategoricalDtype):
        ecodes = ev.cat.codes.to_numpy()
        uniq = ev.cat.categories
    else:
        ecodes, uniq = pd.factorize(ev)
    lut = np.full(len(uniq) + 1, k_steps, dtype=np.int64)
    for i, name in enumerate(uniq):
        lut[i] = name_to_step.get(str(name), k_steps)
    return lut[ecodes]  # missing name (-1) -> last slot -> "no step"


def _window_quanta(window: pd.Timedelta, scale: int) -> int:
    return int(window.value) // scale


def _chain(
    srt: _Sorted, starts: np.ndarray, k_steps: int, order: str, wq: int, record: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Advance every attempt (a step-1 position in the sorted log) as far as it goes."""
    m = starts.size
    reached = np.ones(m, dtype=np.int64)
    pos = None
    if record:
        pos = np.full((m, k_steps), -1, dtype=np.int64)
        pos[:, 0] = starts
    if m == 0:
        return reached, pos
    code = srt.code
    n = code.size
    u0 = srt.user_at(starts)
    t0 = srt.time_at(starts)
    big = np.iinfo(np.int64).max
    deadline = np.where(t0 > big - wq, big, t0 + wq)
    packed = srt.packed
    if packed is not None:
        # same user and time <= deadline  <=>  packed <= (user, min(deadline, max time), max code)
        top = (1 << srt.tb) - 1
        limit = (
            (u0 << (srt.tb + srt.cb)) | (np.minimum(deadline, top) << srt.cb) | ((1 << srt.cb) - 1)
        )
        del u0, t0, deadline
    else:
        user, time = srt.user, srt.time
    idx = np.arange(m)
    cur = starts.copy()
    step_pos = None
    if order != "strict":
        step_pos = [None] + [np.flatnonzero(code == k) for k in range(1, k_steps)]
    for k in range(1, k_steps):
        if idx.size == 0:
            break
        if order == "strict":
            q = starts[idx] + k
            qc = np.minimum(q, n - 1)
            ok = (q < n) & (code[qc] == k)
            cand = qc
        else:
            p = step_pos[k]
            if p.size == 0:
                break
            frm = cur[idx] if order == "sequential" else starts[idx]
            j = np.searchsorted(p, frm, side="right")
            ok = j < p.size
            cand = p[np.minimum(j, p.size - 1)]
        if packed is not None:
            ok &= packed[cand] <= limit[idx]
        else:
            ok &= (user[cand] == u0[idx]) & (time[cand] <= deadline[idx])
        idx = idx[ok]
        cand = cand[ok]
        cur[idx] = cand
        reached[idx] += 1
        if record:
            pos[idx, k] = cand
    return reached, pos


def _per_user(u0: np.ndarray, reached: np.ndarray):
    """Group the attempts (sorted by user, time): index of the counted attempt, best, last."""
    m = u0.size
    brk = np.flatnonzero(u0[1:] != u0[:-1]) + 1
    gs = np.concatenate(([0], brk))
    ge = np.concatenate((brk, [m]))
    best = np.maximum.reduceat(reached, gs)
    sizes = ge - gs
    hit = np.flatnonzero(reached == np.repeat(best, sizes))
    gid = np.repeat(np.arange(gs.size), sizes)[hit]
    first = hit[np.concatenate(([True], gid[1:] != gid[:-1]))]
    return first, best, ge - 1


def _check_params(window, order: str, count: str = "users") -> pd.Timedelta:
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}; got {order!r}.")
    if count not in COUNTS:
        raise ValueError(f"count must be 'users' or 'totals'; got {count!r}.")
    try:
        window = pd.Timedelta(window)
    except (TypeError, ValueError) as err:
        raise ValueError(f"window must be a duration such as '7D'; got {window!r}.") from err
    if pd.isna(window) or window <= pd.Timedelta(0):
        raise AnalyticsError("analytics.funnel.window_zero")
    return window


def funnel_counts(
    events: pd.DataFrame,
    steps: Sequence[str | Sequence[str]],
    window: pd.Timedelta | str = DEFAULT_WINDOW,
    order: Order = "sequential",
    exclude_in_progress: bool = False,
    *,
    count: Literal["users", "totals"] = "users",
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Users (or attempts) reaching each step of a funnel.

    Parameters
    ----------
    events : DataFrame
        Canonical event log: ``user_id``, ``event_time`` (datetime), ``event``.
    steps : list
        2 to 10 steps in order; each an event name or a list of names.
    window : Timedelta
        Conversion window, measured from the attempt's step-1 event (inclusive).
    order : {"sequential", "strict", "any"}
        See the module docstring.
    exclude_in_progress : bool
        Leave out users (attempts) whose window had not ended by the last event
        in the data.
    count : {"users", "totals"}
        Unique users (the furthest attempt of each user) or every attempt.
    labels : list of str, optional
        Step labels (default: the event names).

    Returns
    -------
    DataFrame
        One row per step: ``step`` (label), ``users`` (users or attempts that
        reached it), ``in_progress`` (users or attempts left out, or that would
        be left out, as still in progress; the same on every row).
    """
    window = _check_params(window, order, count)
    labels, groups = normalize_steps(steps, labels)
    k_steps = len(groups)
    srt = _prepare(events, groups, keep_other=order == "strict", need_row=False)
    counts = np.zeros(k_steps, dtype=np.int64)
    n_prog = 0
    if srt is not None:
        wq = _window_quanta(window, srt.scale)
        starts = np.flatnonzero(srt.code == 0)
        reached, _ = _chain(srt, starts, k_steps, order, wq, record=False)
        if count == "users" and starts.size:
            u0 = srt.user_at(starts)
            _, best, last = _per_user(u0, reached)
            prog = _open(srt, srt.time_at(starts[last]), window)
        else:
            best = reached
            prog = _open(srt, srt.time_at(starts), window)
        n_prog = int(prog.sum())
        if exclude_in_progress:
            best = best[~prog]
        hist = np.bincount(best, minlength=k_steps + 1)[1:]
        counts = hist[::-1].cumsum()[::-1]
    return pd.DataFrame(
        {
            "step": pd.Series(labels, dtype=object),
            "users": counts.astype(np.int64),
            "in_progress": np.full(k_steps, n_prog, dtype=np.int64),
        }
    )


def _open(srt: _Sorted, start_q: np.ndarray, window: pd.Timedelta) -> np.ndarray:
    """True where a window starting at ``start_q`` (quanta) had not ended by the data's end."""
    start_ns = start_q * srt.scale + srt.tmin
    return start_ns > srt.data_end - int(window.value)


@dataclass(frozen=True)
class FunnelUsers:
    """Per-user funnel result (see :func:`user_funnel`)."""

    users: pd.DataFrame
    labels: tuple[str, ...]
    window: pd.Timedelta
    order: str
    data_end: pd.Timestamp | None

    @property
    def n_steps(self) -> int:
        return len(self.labels)

    def included(self, exclude_in_progress: bool) -> pd.DataFrame:
        u = self.users
        return u[~u["in_progress"]] if exclude_in_progress else u


def user_funnel(
    events: pd.DataFrame,
    steps: Sequence[str | Sequence[str]],
    window: pd.Timedelta | str = DEFAULT_WINDOW,
    order: Order = "sequential",
    *,
    labels: Sequence[str] | None = None,
    properties: Sequence[str] | None = None,
) -> FunnelUsers:
    """One row per user who did step 1: how far their counted attempt got, and when.

    Returns
    -------
    FunnelUsers
        ``.users`` has ``user_id``, ``reached`` (1..n, the furthest step of the
        counted attempt), ``start`` (its step-1 time), ``time_1`` .. ``time_n``
        (when each step was reached, NaT where not), ``in_progress`` (bool, see
        the module docstring) and the ``properties`` columns (default: every
        column other than user_id, event_time and event) taken from the
        attempt's step-1 event.
    """
    window = _check_params(window, order)
    labels, groups = normalize_steps(steps, labels)
    k_steps = len(groups)
    if properties is None:
        properties = [c for c in events.columns if c not in _REQUIRED]
    properties = [c for c in properties if c in events.columns and c not in _REQUIRED]
    srt = _prepare(events, groups, keep_other=order == "strict", need_row=True)
    tcols = [f"time_{k + 1}" for k in range(k_steps)]
    if srt is None or not (srt.code == 0).any():
        empty = pd.DataFrame(
            {
                "user_id": pd.Series([], dtype=object),
                "reached": pd.Series([], dtype=np.int64),
                "start": pd.Series([], dtype="datetime64[ns]"),
                **{c: pd.Series([], dtype="datetime64[ns]") for c in tcols},
                "in_progress": pd.Series([], dtype=bool),
            }
        )
        for c in properties:
            empty[c] = events[c].iloc[:0].reset_index(drop=True)
        end = None if srt is None else pd.Timestamp(srt.data_end)
        return FunnelUsers(empty, tuple(labels), window, order, end)
    wq = _window_quanta(window, srt.scale)
    starts = np.flatnonzero(srt.code == 0)
    reached, _ = _chain(srt, starts, k_steps, order, wq, record=False)
    u0 = srt.user_at(starts)
    first, best, last = _per_user(u0, reached)
    chosen = starts[first]
    _, pos = _chain(srt, chosen, k_steps, order, wq, record=True)
    times_ns = np.where(pos >= 0, srt.time_at(np.maximum(pos, 0)) * srt.scale + srt.tmin, _NAT)
    data = {
        "user_id": events["user_id"].iloc[srt.row[chosen]].to_numpy(dtype=object),
        "reached": best.astype(np.int64),
        "start": times_ns[:, 0].view("datetime64[ns]"),
    }
    for k, c in enumerate(tcols):
        data[c] = times_ns[:, k].view("datetime64[ns]")
    data["in_progress"] = _open(srt, srt.time_at(starts[last]), window)
    out = pd.DataFrame(data)
    rows = srt.row[chosen]
    for c in properties:
        out[c] = events[c].iloc[rows].reset_index(drop=True)
    return FunnelUsers(out, tuple(labels), window, order, pd.Timestamp(srt.data_end))


def counts_from_users(users: pd.DataFrame, n_steps: int) -> np.ndarray:
    """Users reaching each step (1..n_steps) in a per-user frame with ``reached``."""
    r = users["reached"].to_numpy(np.int64)
    hist = np.bincount(r, minlength=n_steps + 1)[1 : n_steps + 1]
    return hist[::-1].cumsum()[::-1].astype(np.int64)


# ---------------------------------------------------------------------------
# Step table


def wilson_interval(
    successes: np.ndarray | float, trials: np.ndarray | float, z: float = _Z95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the rate successes / trials (95% by default).

    Returns (low, high) arrays; NaN where ``trials`` is 0 or successes > trials.
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        bad = (n <= 0) | (x < 0) | (x > n)
        low = np.where(bad, np.nan, np.clip(centre - half, 0, 1))
        high = np.where(bad, np.nan, np.clip(centre + half, 0, 1))
    return low, high


def step_table(
    counts: Sequence[float], labels: Sequence[str], aov: float | None = None
) -> pd.DataFrame:
    """Conversion table from the count at each step.

    Returns
    -------
    DataFrame
        One row per step: ``step``, ``users``; ``conv_prev`` (users / users at
        the previous step) with its 95% Wilson interval ``conv_prev_low`` /
        ``conv_prev_high``; ``conv_first`` (users / users at step 1) with
        ``conv_first_low`` / ``conv_first_high``; ``dropped`` (users at the
        previous step who did not reach this one) and ``drop_share`` (dropped /
        users at the previous step); ``biggest_drop`` (True on the step with
        the largest ``dropped``, the earliest on ties); ``revenue_at_risk``
        (dropped x ``aov``, NaN without an average order value). Row 1 has
        NaN rates towards the previous step and 0 dropped.
    """
    c = np.asarray(counts, dtype=float)
    if c.size != len(labels):
        raise ValueError("Give one count per step.")
    if c.size < 2:
        raise AnalyticsError("analytics.funnel.two_steps")
    if np.isnan(c).any() or (c < 0).any():
        raise AnalyticsError("analytics.funnel.counts_negative")
    prev = np.concatenate(([np.nan], c[:-1]))
    first = np.full_like(c, c[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        conv_prev = np.where(prev > 0, c / prev, np.nan)
        conv_first = np.where(first > 0, c / first, np.nan)
        dropped = np.concatenate(([0.0], c[:-1] - c[1:]))
        drop_share = np.where(prev > 0, dropped / prev, np.nan)
    pl, ph = wilson_interval(c, prev)
    fl, fh = wilson_interval(c, first)
    biggest = np.zeros(c.size, dtype=bool)
    if c.size > 1 and np.nanmax(dropped[1:]) > 0:
        biggest[1 + int(np.argmax(dropped[1:]))] = True
    risk = dropped * aov if aov is not None and np.isfinite(aov) else np.full(c.size, np.nan)
    risk = np.where(np.arange(c.size) == 0, np.nan, risk)
    integral = np.all(c == np.round(c))
    return pd.DataFrame(
        {
            "step": pd.Series([str(x) for x in labels], dtype=object),
            "users": c.astype(np.int64) if integral else c,
            "conv_prev": conv_prev,
            "conv_prev_low": pl,
            "conv_prev_high": ph,
            "conv_first": conv_first,
            "conv_first_low": fl,
            "conv_first_high": fh,
            "dropped": dropped.astype(np.int64) if integral else dropped,
            "drop_share": drop_share,
            "biggest_drop": biggest,
            "revenue_at_risk": risk,
        }
    )


def _to_number(s: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype(float)
    txt = s.astype("string").str.replace(r"[,\s，]", "", regex=True).str.replace("%", "")
    return pd.to_numeric(txt, errors="coerce")


def parse_count_table(table: pd.DataFrame) -> tuple[list[str], list[float]]:
    """Read an aggregated funnel table into (step labels, counts).

    Two layouts are accepted:

    - long: a text column of step names and one number column (``step``,
      ``count``), one row per step in funnel order;
    - wide: two or more number columns, one per step in funnel order (e.g.
      生意参谋's 访客数 / 加购人数 / 下单买家数 / 支付买家数); each column is summed
      over the rows (e.g. days).

    Raises ``ValueError`` saying what to fix when neither layout fits.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise AnalyticsError("analytics.funnel.table_empty")
    frame = table.dropna(how="all")
    numeric = {}
    for c in frame.columns:
        num = _to_number(frame[c])
        if num.notna().sum() and num.notna().sum() >= 0.8 * frame[c].notna().sum():
            numeric[c] = num
    if not numeric:
        raise AnalyticsError("analytics.funnel.table_numbers")
    text_cols = [c for c in frame.columns if c not in numeric]
    if len(numeric) == 1 and text_cols:
        ncol = next(iter(numeric))
        scol = text_cols[0]
        keep = frame[scol].notna() & numeric[ncol].notna()
        labels = frame.loc[keep, scol].astype(str).str.strip().tolist()
        counts = numeric[ncol][keep].tolist()
    elif len(numeric) >= 2:
        labels = [str(c) for c in numeric]
        counts = [float(v.sum()) for v in numeric.values()]
    else:
        raise AnalyticsError("analytics.funnel.table_shape")
    if not 2 <= len(labels) <= MAX_STEPS:
        raise AnalyticsError("analytics.funnel.table_steps", most=MAX_STEPS, n=len(labels))
    if any(c < 0 for c in counts):
        raise AnalyticsError("analytics.funnel.counts_negative")
    return labels, counts


# ---------------------------------------------------------------------------
# Time to convert, drop-offs, money


@dataclass(frozen=True)
class ConversionTimes:
    """Durations between two steps for the users who reached both (seconds)."""

    seconds: np.ndarray
    median: float
    p90: float

    @property
    def n(self) -> int:
        return int(self.seconds.size)


def conversion_times(
    fu: FunnelUsers, from_step: int, to_step: int, exclude_in_progress: bool = False
) -> ConversionTimes:
    """Time from step ``from_step`` to step ``to_step`` (1-based) of each user's counted attempt.

    Only users who reached both steps count; ``median`` and ``p90`` are the
    50th and 90th percentiles (NaN without users). In "any" order the later
    step can come first: durations are then negative.
    """
    n = fu.n_steps
    if not (1 <= from_step <= n and 1 <= to_step <= n) or from_step == to_step:
        raise AnalyticsError("analytics.funnel.pick_two", n=n)
    u = fu.included(exclude_in_progress)
    both = u["reached"].to_numpy() >= max(from_step, to_step)
    a = u[f"time_{from_step}"].to_numpy()[both]
    b = u[f"time_{to_step}"].to_numpy()[both]
    secs = (b - a).astype("timedelta64[ns]").astype(np.int64) / 1e9
    if secs.size:
        med, p90 = np.percentile(secs, [50, 90])
    else:
        med = p90 = float("nan")
    return ConversionTimes(secs, float(med), float(p90))


def dropped_users(fu: FunnelUsers, step: int, exclude_in_progress: bool = False) -> pd.DataFrame:
    """Users who reached step ``step - 1`` but not step ``step`` (1-based, 2..n), for retargeting.

    Columns: ``user_id``, ``last_step`` (label of the last step reached),
    ``start``, ``last_step_time`` and the property columns.
    """
    n = fu.n_steps
    if not 2 <= step <= n:
        raise AnalyticsError("analytics.funnel.pick_step", n=n)
    u = fu.included(exclude_in_progress)
    sel = u[u["reached"] == step - 1]
    props = [c for c in sel.columns if c not in _USER_COLS and not c.startswith("time_")]
    out = pd.DataFrame(
        {
            "user_id": sel["user_id"].to_numpy(),
            "last_step": fu.labels[step - 2],
            "start": sel["start"].to_numpy(),
            "last_step_time": sel[f"time_{step - 1}"].to_numpy(),
        }
    )
    for c in props:
        out[c] = sel[c].to_numpy()
    return out


_USER_COLS = ("user_id", "reached", "start", "in_progress")


def average_order_value(orders: pd.DataFrame) -> float:
    """AOV = GMV / orders on a canonical orders frame, by the order rule of
    :mod:`analytics.orders` (sales lines only: no refund lines, no never-paid
    orders); NaN when empty."""
    from analytics import orders as ordrule

    if "amount" not in orders or "order_id" not in orders:
        raise AnalyticsError("analytics.funnel.orders_columns")
    o = orders[ordrule.sale_mask(orders)]
    o = o[o["amount"].notna()]
    n = o["order_id"].nunique()
    return float(o["amount"].sum() / n) if n else float("nan")


def event_order_value(events: pd.DataFrame, names: Sequence[str]) -> float:
    """Average ``price`` of the events named ``names`` (e.g. the purchase step); NaN without prices."""
    if "price" not in events or "event" not in events:
        return float("nan")
    sel = events["event"].astype(str).isin([str(n) for n in names])
    p = pd.to_numeric(events.loc[sel, "price"], errors="coerce").dropna()
    p = p[p > 0]
    return float(p.mean()) if len(p) else float("nan")


# ---------------------------------------------------------------------------
# Breakdowns


OTHER = "Other"
MISSING = "(missing)"


def _two_prop_test(x1, n1, x2, n2) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided p-values: pooled two-proportion z-test, Fisher's exact where an expected cell < 5."""
    from scipy import stats

    x1, n1, x2, n2 = (np.asarray(v, dtype=float) for v in (x1, n1, x2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x1 + x2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / se
        p = 2 * stats.norm.sf(np.abs(z))
    p = np.where(se > 0, p, np.where((n1 > 0) & (n2 > 0), 1.0, np.nan))
    tests = np.full(p.shape, "z", dtype=object)
    total = x1 + x2
    for i in range(p.size):
        if n1[i] <= 0 or n2[i] <= 0:
            tests[i] = ""
            continue
        expected = np.array(
            [
                n1[i] * total[i],
                n1[i] * (n1[i] + n2[i] - total[i]),
                n2[i] * total[i],
                n2[i] * (n1[i] + n2[i] - total[i]),
            ]
        ) / (n1[i] + n2[i])
        if (expected < 5).any():
            table = [[x1[i], n1[i] - x1[i]], [x2[i], n2[i] - x2[i]]]
            p[i] = stats.fisher_exact(np.asarray(table, dtype=np.int64))[1]
            tests[i] = "fisher"
    return p, tests


def breakdown(
    fu: FunnelUsers,
    by: str | pd.Series,
    *,
    top: int = 8,
    exclude_in_progress: bool = False,
    min_users: int = 30,
) -> pd.DataFrame:
    """Funnel by segment: the ``top`` values of a property (by users at step 1), the rest as "Other".

    ``by`` is a property column of ``fu.users`` or a Series indexed by user id
    (e.g. an RFM segment; users without a value fall in "(missing)").

    Returns
    -------
    DataFrame
        One row per segment (most users first): ``segment``, ``users`` (at
        step 1), ``step_1`` .. ``step_n`` (users reaching each step),
        ``conversion`` (step n / step 1) with 95% Wilson ``low`` / ``high``,
        ``rest_conversion`` (all other users), ``p_value`` of the difference
        (two-sided; ``test`` is "z" for the pooled two-proportion z-test or
        "fisher" for Fisher's exact test when an expected count is below 5),
        ``small`` (True when users < ``min_users``).
    """
    u = fu.included(exclude_in_progress)
    n = fu.n_steps
    if isinstance(by, pd.Series):
        values = u["user_id"].map(by)
    else:
        if by not in u.columns:
            raise AnalyticsError("analytics.funnel.no_breakdown", column=str(by))
        values = u[by]
    v = values.astype(object).where(values.notna(), MISSING).astype(str)
    freq = v.value_counts()
    keep = list(freq.index[:top])
    seg = v.where(v.isin(keep), OTHER)
    r = u["reached"].to_numpy()
    rows = []
    total_users = len(u)
    total_conv = int((r >= n).sum())
    order = keep + ([OTHER] if (seg == OTHER).any() else [])
    for name in order:
        m = (seg == name).to_numpy()
        rr = r[m]
        row = {"segment": name, "users": int(m.sum())}
        for k in range(1, n + 1):
            row[f"step_{k}"] = int((rr >= k).sum())
        rows.append(row)
    out = pd.DataFrame(rows, columns=["segment", "users"] + [f"step_{k}" for k in range(1, n + 1)])
    x1 = out[f"step_{n}"].to_numpy(float) if len(out) else np.array([])
    n1 = out["users"].to_numpy(float) if len(out) else np.array([])
    x2 = total_conv - x1
    n2 = total_users - n1
    with np.errstate(divide="ignore", invalid="ignore"):
        out["conversion"] = np.where(n1 > 0, x1 / n1, np.nan)
        out["rest_conversion"] = np.where(n2 > 0, x2 / n2, np.nan)
    out["low"], out["high"] = wilson_interval(x1, n1)
    p, tests = _two_prop_test(x1, n1, x2, n2) if len(out) else (np.array([]), np.array([]))
    out["p_value"] = p
    out["test"] = tests
    out["small"] = out["users"] < min_users
    steps = [f"step_{k}" for k in range(1, n + 1)]
    first = [
        "segment",
        "users",
        "conversion",
        "low",
        "high",
        "rest_conversion",
        "p_value",
        "test",
        "small",
    ]
    return out[first + steps]


# ---------------------------------------------------------------------------
# Trend and period comparison


def _bucket(start: pd.Series, freq: str) -> pd.Series:
    day = start.dt.floor("D")
    if freq == "D":
        return day
    if freq == "W":
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    raise ValueError("freq must be 'D' (day) or 'W' (week starting Monday).")


def trend(fu: FunnelUsers, freq: str = "W", exclude_in_progress: bool = False) -> pd.DataFrame:
    """Conversion by entry day or week (users bucketed by the step-1 time of their counted attempt).

    Returns
    -------
    DataFrame
        One row per bucket: ``bucket`` (its first day), ``users``,
        ``converted`` (reached the last step), ``conversion`` with 95% Wilson
        ``low`` / ``high``, ``in_progress`` (True when users entering in that
        bucket could still be inside their window at the end of the data).
    """
    u = fu.included(exclude_in_progress)
    n = fu.n_steps
    cols = ["bucket", "users", "converted", "conversion", "low", "high", "in_progress"]
    if u.empty:
        return pd.DataFrame({c: [] for c in cols})
    b = _bucket(u["start"], freq)
    conv = (u["reached"] >= n).astype(np.int64)
    g = (
        pd.DataFrame({"bucket": b, "users": 1, "converted": conv})
        .groupby("bucket", sort=True)
        .sum()
    )
    out = g.reset_index()
    out["conversion"] = out["converted"] / out["users"]
    out["low"], out["high"] = wilson_interval(out["converted"].to_numpy(), out["users"].to_numpy())
    span = pd.Timedelta(days=1 if freq == "D" else 7)
    end = fu.data_end
    out["in_progress"] = (out["bucket"] + span + fu.window > end) if end is not None else False
    return out[cols]


def decompose_change(prev_rates: Sequence[float], cur_rates: Sequence[float]) -> np.ndarray:
    """Split the change of a product of rates into each rate's contribution (Shapley values).

    Overall conversion is the product of the step-to-step rates; the returned
    contributions add up exactly to ``prod(cur) - prod(prev)``. Each is the
    average, over every order of switching the rates from previous to
    current, of the change in the product when that rate switches.
    """
    a = np.asarray(prev_rates, dtype=float)
    b = np.asarray(cur_rates, dtype=float)
    if a.shape != b.shape:
        raise ValueError("Give the same number of rates for both periods.")
    m = a.size
    out = np.zeros(m)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return np.full(m, np.nan)
    for k in range(m):
        others = [i for i in range(m) if i != k]
        total = 0.0
        for size in range(m):
            w = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
            for subset in itertools.combinations(others, size):
                s = set(subset)
                base = np.prod([b[i] if i in s else a[i] for i in others])
                total += w * base * (b[k] - a[k])
        out[k] = total
    return out


@dataclass(frozen=True)
class PeriodComparison:
    """This period against the previous one (entries bucketed by step-1 time)."""

    current: pd.DataFrame  # step table
    previous: pd.DataFrame  # step table
    current_range: tuple[pd.Timestamp, pd.Timestamp]
    previous_range: tuple[pd.Timestamp, pd.Timestamp]
    contributions: pd.DataFrame  # step, rate_prev, rate_cur, contribution


def compare_periods(
    fu: FunnelUsers,
    days: int = 7,
    exclude_in_progress: bool = False,
    aov: float | None = None,
) -> PeriodComparison:
    """Compare the users who entered in the last ``days`` days with the ``days`` before.

    The periods end at the last event in the data, or, when in-progress users
    are excluded, one conversion window earlier (the last entries whose
    window has ended). ``contributions`` splits the change in overall
    conversion (last step / step 1) into each step's contribution
    (:func:`decompose_change`); they add up to the change.
    """
    if days < 1:
        raise AnalyticsError("analytics.funnel.period_day")
    n = fu.n_steps
    u = fu.included(exclude_in_progress)
    end = fu.data_end if fu.data_end is not None else pd.Timestamp(0)
    if exclude_in_progress:
        end = end - fu.window
    p = pd.Timedelta(days=int(days))
    cur_rng = (end - p, end)
    prev_rng = (end - 2 * p, end - p)
    s = u["start"]
    cur = u[(s > cur_rng[0]) & (s <= cur_rng[1])]
    prev = u[(s > prev_rng[0]) & (s <= prev_rng[1])]
    labels = list(fu.labels)
    t_cur = step_table(counts_from_users(cur, n), labels, aov)
    t_prev = step_table(counts_from_users(prev, n), labels, aov)
    rc = t_cur["conv_prev"].to_numpy()[1:]
    rp = t_prev["conv_prev"].to_numpy()[1:]
    contrib = decompose_change(rp, rc)
    contributions = pd.DataFrame(
        {
            "step": pd.Series(labels[1:], dtype=object),
            "rate_prev": rp,
            "rate_cur": rc,
            "contribution": contrib,
        }
    )
    return PeriodComparison(t_cur, t_prev, cur_rng, prev_rng, contributions)


def rfm_segments(orders: pd.DataFrame) -> pd.Series:
    """Each customer's RFM segment key (R x F grid of :mod:`analytics.rfm`), indexed by customer id.

    Customers without positive net spend get ``"_apart"``. Join to event
    users on ``user_id == customer_id``.
    """
    from analytics import rfm

    a = rfm.analyse(orders)
    seg = a.scored["rf_segment"].astype(str)
    apart = pd.Series("_apart", index=a.apart.index, dtype=object)
    out = pd.concat([seg.astype(object), apart])
    out.index = out.index.astype(str)
    return out


def event_activity(events: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Events and distinct users per period: what a log with a single event name can show.

    A funnel needs two or more steps; a log whose rows are all one event (a view log
    imported without an event column) still says how many users were active and how
    often.

    Parameters
    ----------
    events : DataFrame
        Canonical event log: ``user_id``, ``event_time`` (``event`` is not needed).
    freq : str
        Period: ``"D"`` (day), ``"W"`` (week starting Monday) or ``"M"`` (month).

    Returns
    -------
    DataFrame
        One row per period with at least one event: ``period`` (its first day),
        ``events`` (rows), ``users`` (distinct ``user_id``), ``per_user``
        (events / users). Rows without a user or a time are left out.
    """
    require_columns(events, "events", ("user_id", "event_time"), "analytics.funnel.events_columns")
    if freq not in {"D", "W", "M"}:
        raise ValueError('freq must be "D", "W" or "M".')
    t = pd.to_datetime(events["event_time"])
    ok = t.notna() & events["user_id"].notna()
    t, users = t[ok], events["user_id"][ok]
    if freq == "D":
        period = t.dt.normalize()
    else:
        period = t.dt.to_period("W-SUN" if freq == "W" else "M").dt.start_time
    g = pd.DataFrame({"period": period.to_numpy(), "user": users.to_numpy()}).groupby(
        "period", sort=True
    )
    out = pd.DataFrame({"events": g.size(), "users": g["user"].nunique()}).reset_index()
    out["events"] = out["events"].astype(np.int64)
    out["users"] = out["users"].astype(np.int64)
    out["per_user"] = out["events"] / out["users"]
    return out


# ---- small figures the Funnel page shows (issue 15 item 2: no arithmetic in the page)

WINDOW_UNITS = {"minutes": 60, "hours": 3600, "days": 86400}
MAX_WINDOW = pd.Timedelta(days=90)


def conversion_window(value: int, unit: str) -> tuple[pd.Timedelta, bool]:
    """The window of ``value`` ``unit`` (a key of :data:`WINDOW_UNITS`), capped at
    :data:`MAX_WINDOW`; the flag says whether it was capped."""
    seconds = int(value) * WINDOW_UNITS[unit]
    capped = seconds > MAX_WINDOW.total_seconds()
    return (MAX_WINDOW if capped else pd.Timedelta(seconds=seconds)), capped


def step_problems(groups: Sequence[Sequence[str]]) -> list[str]:
    """What is wrong with the steps picked: ``"empty_step"`` (a step without an event)
    and ``"twice"`` (an event in two steps), in that order; empty when they are usable."""
    problems = []
    if any(not g for g in groups):
        problems.append("empty_step")
    flat = [n for g in groups for n in g]
    if len(flat) != len(set(flat)):
        problems.append("twice")
    return problems


def step_summary(table: pd.DataFrame) -> dict[str, object]:
    """The headline of a :func:`step_table`: ``first`` and ``last`` step counts,
    ``overall`` (last / first, NaN when none entered), ``not_nested`` (a step counted more
    than the one before) and ``biggest`` (the row of the biggest drop, or None)."""
    first, last = int(table["users"].iloc[0]), int(table["users"].iloc[-1])
    big = table.index[table["biggest_drop"].to_numpy(dtype=bool)]
    return {
        "first": first,
        "last": last,
        "overall": last / first if first else float("nan"),
        "not_nested": bool((table["conv_prev"].iloc[1:] > 1).any()),
        "biggest": int(big[0]) if len(big) else None,
    }


def activity_summary(events: pd.DataFrame, activity: pd.DataFrame) -> dict[str, float]:
    """Users, events and events per user of a log whose :func:`event_activity` is
    ``activity``."""
    users = int(events["user_id"].nunique())
    n = int(activity["events"].sum())
    return {"users": users, "events": n, "per_user": n / max(users, 1)}


COUNT_COLUMNS = (
    "visitors",
    "sessions",
    "加购人数",
    "cart",
    "add_to_cart",
    "orders",
    "buyers",
    "下单买家数",
    "支付买家数",
)


def count_columns(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """A table's numeric (not boolean) columns, and the ones proposed as funnel steps: the
    known count columns in funnel order (:data:`COUNT_COLUMNS`), else the first two."""
    numeric = [
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    return numeric, ([c for c in COUNT_COLUMNS if c in numeric] or numeric[:2])


def column_steps(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """One step per column: ``step`` (the column) and ``count`` (its total)."""
    return pd.DataFrame({"step": list(columns), "count": [float(frame[c].sum()) for c in columns]})


def typed_steps(edited: pd.DataFrame) -> tuple[str | None, list[str], list[float]]:
    """Steps typed in a (step, count) table, blank rows left out: (problem, labels,
    counts); problem is ``"fill"`` (a row half filled), ``"steps_range"`` (fewer than 2 or
    more than :data:`MAX_STEPS` rows) or None."""
    rows = edited.dropna(how="all")
    if rows["count"].isna().any() or rows["step"].isna().any():
        return "fill", [], []
    if not 2 <= len(rows) <= MAX_STEPS:
        return "steps_range", rows["step"].astype(str).tolist(), []
    return None, rows["step"].astype(str).tolist(), rows["count"].astype(float).tolist()


def time_unit(median_seconds: float) -> tuple[int, str]:
    """The unit conversion times are told in: days from a median of a day, hours from an
    hour, else minutes, as (seconds per unit, unit name)."""
    if median_seconds >= 86400:
        return 86400, "days"
    if median_seconds >= 3600:
        return 3600, "hours"
    return 60, "minutes"


def breakdown_properties(fu: FunnelUsers) -> list[str]:
    """User properties a funnel can be broken down by: 2 to 5,000 distinct values (2 to 50
    for decimal numbers), the funnel's own columns and step times left out."""
    u = fu.users
    return [
        c
        for c in u.columns
        if c not in _USER_COLS
        and not c.startswith("time_")
        and 2 <= u[c].nunique() <= (50 if pd.api.types.is_float_dtype(u[c]) else 5000)
    ]


def completion_rate(fu: FunnelUsers, exclude_in_progress: bool) -> float:
    """The share of the users counted who reached the last step (NaN when none)."""
    incl = fu.included(exclude_in_progress)
    return float((incl["reached"] >= fu.n_steps).mean()) if len(incl) else float("nan")


def comparison_summary(cmp: PeriodComparison) -> dict[str, float] | None:
    """The headline of :func:`compare_periods`: overall conversion in each period, its
    change in percentage points, users entered now and the change; None when a period
    has no user."""
    cur0, prev0 = int(cmp.current["users"].iloc[0]), int(cmp.previous["users"].iloc[0])
    if cur0 == 0 or prev0 == 0:
        return None
    o_cur = float(cmp.current["conv_first"].iloc[-1])
    o_prev = float(cmp.previous["conv_first"].iloc[-1])
    return {
        "current": o_cur,
        "previous": o_prev,
        "pp": (o_cur - o_prev) * 100,
        "entered": cur0,
        "entered_change": cur0 - prev0,
    }


def in_progress_count(fu: FunnelUsers) -> int:
    """Users whose window had not ended by the last event in the data."""
    return int(fu.users["in_progress"].sum())


def small_segments(bd: pd.DataFrame) -> int:
    """Segments of a :func:`breakdown` too small for their rate to be read."""
    return int(bd["small"].sum())
