"""Experiments (A/B tests): read a test of a creative, a coupon or a text message honestly.

Inputs (each ends as a *summary*: one row per variant with ``variant``, ``users``,
``conversions``, ``revenue`` and ``revenue_sq``, the sum of squared per-user revenue, NaN
where unknown):

- an events log with a variant column (:func:`from_events`): a user is *exposed* at their
  first event carrying a variant; a user seen in two variants is left out (counted in
  ``mixed``); a *conversion* is a conversion event (``purchase``) at or after exposure;
  revenue is the sum of its ``price`` (or another value column). The log also gives the
  daily cumulative counts behind the sequential reading (:attr:`ExperimentData.daily`) and
  each user's revenue (the bootstrap's input);
- orders with a variant or coupon column (:func:`from_orders`): buyers and net revenue per
  variant (the order rule of :mod:`analytics.orders`); users exposed are not in an orders
  file, so they are typed in;
- a small typed table (:func:`from_table`): variant, users, conversions, revenue.

Reading (:func:`read`), per variant against the control:

- conversion rate = conversions / users with a **Wilson** score interval;
- revenue per user (RPU) = revenue / users with a Student interval, the difference with
  the control by **Welch**'s t interval (or a seeded **bootstrap** of per-user revenue for
  heavy tails, from an events log);
- relative lift = rate / control rate - 1 with a **delta-method** interval;
- the **sample-ratio-mismatch** check: Pearson's chi-squared of users against the planned
  split (equal by default); p < ``SRM_ALPHA`` (0.001) blocks the verdict;
- the **fixed-horizon** two-proportion z test (pooled), valid when read once at the
  planned size; with more than one variant the p-values are **Holm**-adjusted;
- the **always-valid** reading: a Gaussian-mixture confidence sequence (Robbins' normal
  mixture; the asymptotic form of Howard et al. 2021 / Waudby-Smith et al. 2023, as
  GrowthBook and Statsig use) for the difference of rates, safe to look at every day;
  with more than one variant each sequence is at alpha / (variants - 1) (Bonferroni);
- a **Bayesian** view: Beta(1 + conversions, 1 + users - conversions) posteriors, the
  chance to beat the control and the expected loss of choosing the variant (seeded Monte
  Carlo draws).

Planning (:func:`plan`): users per variant for a baseline rate, a relative minimum
detectable effect (MDE), power and alpha (two-sided; Cohen's h of the arcsine transform,
as statsmodels' ``NormalIndPower`` with ``proportion_effectsize``), the days for a traffic
per day, and the MDE reachable in a given number of days.

The verdict (:func:`verdict`): ``fix_assignment`` (sample ratio mismatch), ``ship`` (the
always-valid interval of a variant lies above zero), ``stop_no_effect`` (the interval
excludes the planned MDE, or a variant is worse), else ``keep_running``, each with reasons.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analytics import orders as ordrule
from analytics.funnel import _user_codes
from analytics.messages import AnalyticsError, require_columns

__all__ = [
    "DEFAULT_MDE",
    "SRM_ALPHA",
    "SUMMARY_COLUMNS",
    "VERDICTS",
    "ExperimentData",
    "Plan",
    "Reading",
    "Verdict",
    "bayes",
    "bootstrap_diff",
    "confidence_sequence",
    "default_control",
    "from_events",
    "from_orders",
    "from_table",
    "holm",
    "lift_interval",
    "mde_for",
    "plan",
    "parse_split",
    "planned_users",
    "read",
    "report_figures",
    "revenue_figures",
    "sample_size",
    "segment_users",
    "sequence_domain",
    "size_curve",
    "srm_check",
    "variant_columns",
    "verdict",
    "welch_diff",
    "wilson",
    "z_test",
]

SRM_ALPHA = 0.001
DEFAULT_MDE = 0.10  # the smallest relative lift worth shipping, unless the page says otherwise
SUMMARY_COLUMNS = ("variant", "users", "conversions", "revenue", "revenue_sq")
VERDICTS = ("ship", "keep_running", "stop_no_effect", "fix_assignment")
CS_TUNING = 5000  # the sample size (users in all arms) at which the sequence is tightest
_VARIANT_WORDS = ("variant", "group", "arm", "bucket", "experiment", "test", "ab", "treatment")
_VARIANT_WORDS_ZH = ("实验", "分组", "组别", "版本", "优惠券", "券")
_CONTROL_WORDS = ("control", "a", "baseline", "original", "old", "ctrl", "对照", "原", "旧")


# ---------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class ExperimentData:
    """One experiment's counts: ``summary`` (see :data:`SUMMARY_COLUMNS`), ``daily``
    (``day``, ``variant``, cumulative ``users`` and ``conversions`` by that day's end; empty
    without times), ``values`` (variant -> each user's revenue, for the bootstrap), users seen
    in two variants (``mixed``, left out) and the first and last day."""

    summary: pd.DataFrame
    daily: pd.DataFrame = field(default_factory=pd.DataFrame)
    values: dict[str, np.ndarray] = field(default_factory=dict)
    mixed: int = 0
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None


def variant_columns(
    frame: pd.DataFrame, *, max_values: int = 20, named_only: bool = False
) -> list[str]:
    """Columns that could hold a variant: text columns with 2..``max_values`` distinct values
    on the first 50,000 rows, those named like one (variant, group, coupon, 实验 ...) first
    (only those with ``named_only``).

    Canonical id, time and money columns are never proposed."""
    skip = {"user_id", "event_time", "session_id", "order_id", "customer_id", "order_time"}
    skip |= {"price", "amount", "product_id", "product_name", "event"}
    head = frame.head(50_000)
    named, other = [], []
    for col in frame.columns:
        s = head[col]
        if col in skip or not (pd.api.types.is_string_dtype(s) or s.dtype == object):
            continue
        n = s.nunique(dropna=True)
        if not 2 <= n <= max_values:
            continue
        low = str(col).lower()
        words = low.replace("-", "_").replace(" ", "_").split("_")
        hit = any(w in words for w in _VARIANT_WORDS) or any(z in low for z in _VARIANT_WORDS_ZH)
        (named if hit or "coupon" in low or "utm" in low or "campaign" in low else other).append(
            col
        )
    return named if named_only else named + other


def default_control(names: Sequence[str]) -> str:
    """The variant that looks like the control (control, A, baseline, 对照 ...), else the first.

    Raises ``ValueError`` for an empty list."""
    if not len(names):
        raise ValueError("Pass at least one variant name.")
    for word in _CONTROL_WORDS:
        for name in names:
            low = str(name).strip().lower()
            cjk = not word.isascii() and low.startswith(word)
            if cjk or low == word or low.startswith((word + " ", word + "_", word + "(")):
                return name
    return names[0]


_NEVER = np.iinfo(np.int64).max  # "no time" in the per-user int64 nanosecond arrays
_DAY = 86_400 * 10**9


@dataclass(frozen=True)
class _Users:
    """Per-user arrays of an events log (index = dense user code): variant code (``v``, -1
    when never exposed), first exposure ``t0`` and first conversion ``t1`` (ns, ``_NEVER``
    when none), ``revenue``, ``mixed`` (seen in two variants)."""

    v: np.ndarray
    t0: np.ndarray
    t1: np.ndarray
    revenue: np.ndarray
    mixed: np.ndarray


def _dense_codes(users: pd.Series) -> np.ndarray:
    """User codes 0..U-1 (the funnel's codes; factorised when they are too sparse)."""
    codes = _user_codes(users)
    if len(codes) and codes.max() >= 4 * len(codes) + 1024:
        codes = pd.factorize(codes)[0].astype(np.int64, copy=False)
    return codes


def _ns(times: pd.Series) -> np.ndarray:
    return times.to_numpy().astype("datetime64[ns]").view(np.int64)


def _exposures(events: pd.DataFrame, variant: str) -> tuple:
    """Per-user variant, first exposure and mixed flag; the variant names, every row's user
    code and time (ns), and the test's end (its last event with a variant, ns)."""
    codes = _dense_codes(events["user_id"])
    vcode, names = pd.factorize(events[variant], use_na_sentinel=True)
    t = _ns(events["event_time"])
    exp = (vcode >= 0) & (t != np.iinfo(np.int64).min)
    n_users = int(codes.max()) + 1 if len(codes) else 0
    u, v = codes[exp], vcode[exp].astype(np.int64)
    t0 = np.full(n_users, _NEVER)
    np.minimum.at(t0, u, t[exp])
    # rows per (user, variant): a user's variant is the one with rows, mixed with two
    k = max(len(names), 1)
    seen = np.bincount(u * k + v, minlength=n_users * k).reshape(n_users, k) > 0
    n_seen = seen.sum(axis=1)
    end = int(t[exp].max()) if exp.any() else None
    names = pd.Index([str(x) for x in names])
    return np.where(n_seen > 0, seen.argmax(axis=1), -1), t0, n_seen > 1, names, codes, t, end


def _conversions(
    events: pd.DataFrame,
    codes: np.ndarray,
    t: np.ndarray,
    t0: np.ndarray,
    end: int,
    event: str,
    value: str | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per user: first conversion (ns, ``_NEVER`` when none) and revenue, counting the
    conversion events at or after the user's exposure and not after the test's end."""
    is_conv = (events["event"] == event).to_numpy(dtype=bool, na_value=False)
    u, tc = codes[is_conv], t[is_conv]
    val = (
        events[value].to_numpy(dtype=float, na_value=0.0)[is_conv]
        if value and value in events
        else np.zeros(len(u))
    )
    keep = (t0[u] != _NEVER) & (tc >= t0[u]) & (tc <= end)
    t1 = np.full(len(t0), _NEVER)
    np.minimum.at(t1, u[keep], tc[keep])
    revenue = np.bincount(u[keep], weights=np.nan_to_num(val[keep]), minlength=len(t0))
    return t1, revenue


def _daily(per: _Users, names: pd.Index) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Cumulative users exposed and converted by each day's end, per variant."""
    start = pd.Timestamp(int(per.t0.min())).normalize()
    conv = per.t1 != _NEVER
    last = max(int(per.t0.max()), int(per.t1[conv].max()) if conv.any() else 0)
    n_days = (last - start.value) // _DAY + 1
    day0 = (per.t0 - start.value) // _DAY
    day1 = (per.t1[conv] - start.value) // _DAY
    k = len(names)
    u_cnt = np.bincount(per.v * n_days + day0, minlength=k * n_days).reshape(k, n_days)
    c_cnt = np.bincount(per.v[conv] * n_days + day1, minlength=k * n_days).reshape(k, n_days)
    days = pd.date_range(start, periods=n_days, freq="D")
    daily = pd.DataFrame(
        {
            "day": np.tile(days, k),
            "variant": np.repeat(np.asarray(names, dtype=object), n_days),
            "users": u_cnt.cumsum(axis=1).ravel(),
            "conversions": c_cnt.cumsum(axis=1).ravel(),
        }
    )
    return daily, start, pd.Timestamp(last)


def _per_user(events: pd.DataFrame, variant: str, conversion: str, value: str | None):
    """The exposed users' arrays (mixed ones included) and the variant names."""
    v, t0, mixed, names, codes, t, end = _exposures(events, variant)
    if end is None:
        raise AnalyticsError("analytics.experiments.no_exposed", column=variant)
    t1, revenue = _conversions(events, codes, t, t0, end, conversion, value)
    sel = v >= 0
    return _Users(v[sel], t0[sel], t1[sel], revenue[sel], mixed[sel]), names


def from_events(
    events: pd.DataFrame,
    variant: str,
    *,
    conversion: str = "purchase",
    value: str | None = "price",
    users: Collection[str] | None = None,
) -> ExperimentData:
    """An experiment from an events log with a variant column (see the module's definitions).

    Parameters
    ----------
    events : DataFrame
        ``user_id``, ``event_time``, ``event`` and the ``variant`` column (missing = not in
        the test); ``value`` (``price``) is the revenue of a conversion event.
    conversion : str
        The event that counts as a conversion.
    users : collection of str, optional
        The population (a segment's customer ids): only these users are read.

    Returns
    -------
    ExperimentData
        Variants in order of first appearance; raises ``AnalyticsError`` without exposed
        users or with fewer than two variants.
    """
    require_columns(
        events,
        "events",
        ["user_id", "event_time", "event", variant],
        "analytics.experiments.events_columns",
    )
    if users is not None:
        events = events[events["user_id"].isin(pd.Index(list(users)))]
    allp, names = _per_user(events, variant, conversion, value)
    keep = ~allp.mixed
    per = _Users(*(a[keep] for a in (allp.v, allp.t0, allp.t1, allp.revenue, allp.mixed)))
    k, v, rev = len(names), per.v, per.revenue
    summary = pd.DataFrame(
        {
            "variant": list(names),
            "users": np.bincount(v, minlength=k),
            "conversions": np.bincount(v[per.t1 != _NEVER], minlength=k),
            "revenue": np.bincount(v, weights=rev, minlength=k),
            "revenue_sq": np.bincount(v, weights=rev * rev, minlength=k),
        }
    )
    summary = summary[summary["users"] > 0].reset_index(drop=True)
    _check_variants(summary)
    values = {name: rev[v == i] for i, name in enumerate(names)}
    daily, start, end = _daily(per, names)
    return ExperimentData(summary, daily, values, int(allp.mixed.sum()), start, end)


def from_orders(orders: pd.DataFrame, variant: str) -> ExperimentData:
    """Buyers (``conversions``) and net revenue per variant from orders with a variant or
    coupon column (the order rule: a buyer has a sales line, revenue is net of refunds; a
    buyer is a ``customer_id``, else an order).

    ``users`` is NaN: an orders file does not hold the users exposed; type them in and pass
    the table to :func:`from_table`. Lines without a variant are left out."""
    require_columns(
        orders, "orders", ["order_time", "amount", variant], "analytics.experiments.orders_columns"
    )
    keep = ~ordrule.void_mask(orders) & orders[variant].notna().to_numpy()
    lines = orders[keep]
    if ordrule.has_customers(orders):
        who = lines["customer_id"]
    elif "order_id" in lines:
        who = lines["order_id"]
    else:
        who = pd.Series(lines.index.astype(str), index=lines.index)
    per = pd.DataFrame(
        {
            "variant": lines[variant].astype(str),
            "who": who,
            "net": ordrule.net_amount(orders)[keep],
            "sale": ordrule.sale_mask(orders)[keep],
        }
    )
    per = per.groupby(["variant", "who"], sort=False).agg(net=("net", "sum"), sale=("sale", "any"))
    per = per[per["sale"]].reset_index()
    per["sq"] = per["net"] ** 2
    summary = per.groupby("variant", sort=False).agg(
        conversions=("who", "size"), revenue=("net", "sum"), revenue_sq=("sq", "sum")
    )
    summary = summary.reset_index().assign(users=np.nan)
    if len(summary) < 2:
        raise AnalyticsError("analytics.experiments.two_variants", n=len(summary))
    return ExperimentData(summary[list(SUMMARY_COLUMNS)])


def _check_variants(summary: pd.DataFrame) -> None:
    if len(summary) < 2:
        raise AnalyticsError("analytics.experiments.two_variants", n=len(summary))


def from_table(table: pd.DataFrame) -> ExperimentData:
    """A typed or pasted table: ``variant``, ``users``, ``conversions``, optional ``revenue``
    (and ``revenue_sq``). Rows without a variant name are ignored; counts must be whole,
    ``0 <= conversions <= users``; two variants at least (coded ``AnalyticsError``\\ s)."""
    require_columns(
        table, "table", ["variant", "users", "conversions"], "analytics.experiments.table_columns"
    )
    t = table[table["variant"].notna() & (table["variant"].astype(str).str.strip() != "")]
    out = pd.DataFrame({"variant": t["variant"].astype(str).str.strip().to_numpy()})
    for col in ("users", "conversions", "revenue", "revenue_sq"):
        src = t[col] if col in t else pd.Series(np.nan, index=t.index)
        out[col] = pd.to_numeric(src, errors="coerce").to_numpy(dtype=float)
    if out["variant"].duplicated().any():
        raise AnalyticsError("analytics.experiments.variant_twice")
    n, c = out["users"].to_numpy(), out["conversions"].to_numpy()
    bad = ~np.isfinite(n) | ~np.isfinite(c) | (c < 0) | (c > n) | (n != np.round(n))
    bad = bad | (c != np.round(c))
    if bad.any():
        raise AnalyticsError(
            "analytics.experiments.table_counts", variant=out["variant"][bad].iloc[0]
        )
    _check_variants(out)
    out["users"] = out["users"].astype(np.int64)
    out["conversions"] = out["conversions"].astype(np.int64)
    return ExperimentData(out)


# ------------------------------------------------------------------------------ statistics


def _z(alpha: float) -> float:
    return float(stats.norm.ppf(1 - alpha / 2))


def wilson(conversions, users, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (vectorised): ``(low, high)``; NaN for 0 users."""
    k = np.asarray(conversions, dtype=float)
    n = np.asarray(users, dtype=float)
    z = _z(alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def z_test(k_a, n_a, k_b, n_b) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided pooled two-proportion z test of B against A (vectorised): ``(z, p)``."""
    k_a, n_a, k_b, n_b = (np.asarray(x, dtype=float) for x in (k_a, n_a, k_b, n_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        pool = (k_a + k_b) / (n_a + n_b)
        se = np.sqrt(pool * (1 - pool) * (1 / n_a + 1 / n_b))
        z = (k_b / n_b - k_a / n_a) / se
    return z, 2 * stats.norm.sf(np.abs(z))


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjusted p-values (family-wise error), in the input order."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    order = np.argsort(p)
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def lift_interval(
    rate_a, var_a, rate_b, var_b, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Relative lift ``b / a - 1`` and its delta-method interval (vectorised):
    Var(b/a) ~ (b/a)^2 (var_b / b^2 + var_a / a^2), with the variances of the two means."""
    a, b = np.asarray(rate_a, dtype=float), np.asarray(rate_b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = b / a
        se = np.abs(ratio) * np.sqrt(np.asarray(var_b) / b**2 + np.asarray(var_a) / a**2)
        se = np.where(b == 0, np.sqrt(np.asarray(var_b)) / a, se)
    z = _z(alpha)
    return ratio - 1, ratio - 1 - z * se, ratio - 1 + z * se


def welch_diff(
    mean_a, var_a, n_a, mean_b, var_b, n_b, alpha: float = 0.05
) -> tuple[float, float, float]:
    """Welch's interval of ``mean_b - mean_a`` from per-group means, sample variances and
    sizes (Welch-Satterthwaite degrees of freedom): ``(difference, low, high)``."""
    sa, sb = var_a / n_a, var_b / n_b
    se = math.sqrt(sa + sb)
    if not se > 0:
        d = mean_b - mean_a
        return d, d, d
    df = (sa + sb) ** 2 / (sa**2 / (n_a - 1) + sb**2 / (n_b - 1))
    q = float(stats.t.ppf(1 - alpha / 2, df))
    d = mean_b - mean_a
    return d, d - q * se, d + q * se


def bootstrap_diff(
    values_a: np.ndarray,
    values_b: np.ndarray,
    *,
    alpha: float = 0.05,
    n_boot: int = 2000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Percentile bootstrap interval of ``mean(b) - mean(a)`` (per-user revenue, seeded).

    Most users spend nothing: a resample of ``n`` users holds Binomial(n, share of spenders)
    spenders drawn from the spenders, which gives the same distribution as resampling all
    ``n`` users at the cost of the spenders only."""
    rng = np.random.default_rng(seed)

    def means(values: np.ndarray) -> np.ndarray:
        n = len(values)
        pos = values[values != 0]
        counts = rng.binomial(n, len(pos) / n, size=n_boot) if n else np.zeros(n_boot, int)
        if not len(pos):
            return np.zeros(n_boot)
        picks = pos[rng.integers(0, len(pos), size=int(counts.sum()))]
        running = np.r_[0.0, np.cumsum(picks)]
        ends = np.cumsum(counts)
        return (running[ends] - running[ends - counts]) / n

    diff = means(values_b) - means(values_a)
    d = float(values_b.mean() - values_a.mean())
    lo, hi = np.quantile(diff, [alpha / 2, 1 - alpha / 2])
    return d, float(lo), float(hi)


def srm_check(users, expected=None) -> tuple[float, float]:
    """Sample-ratio mismatch: Pearson's chi-squared of ``users`` per variant against the
    planned shares ``expected`` (equal by default): ``(chi2, p)``."""
    obs = np.asarray(users, dtype=float)
    w = np.ones(len(obs)) if expected is None else np.asarray(expected, dtype=float)
    exp = obs.sum() * w / w.sum()
    chi2 = float(((obs - exp) ** 2 / exp).sum())
    return chi2, float(stats.chi2.sf(chi2, len(obs) - 1))


def confidence_sequence(
    diff, var, n, alpha: float = 0.05, tuning: int = CS_TUNING
) -> tuple[np.ndarray, np.ndarray]:
    """Always-valid interval for a difference of means (vectorised): the asymptotic
    Gaussian-mixture confidence sequence (Robbins' normal mixture; Waudby-Smith et al. 2023,
    the form GrowthBook uses).

    ``var`` is the estimate's variance and ``n`` the users so far (all arms); with
    sigma^2 = n * var the half-width is ``sigma * sqrt(2 (n rho^2 + 1) / (n^2 rho^2) *
    log(sqrt(n rho^2 + 1) / alpha))``, ``rho`` tuned to be tightest at ``tuning`` users."""
    d = np.asarray(diff, dtype=float)
    n = np.asarray(n, dtype=float)
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning
    sigma = np.sqrt(n * np.asarray(var, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = sigma * np.sqrt(
            2 * (n * rho2 + 1) / (n * n * rho2) * np.log(np.sqrt(n * rho2 + 1) / alpha)
        )
    return d - half, d + half


def bayes(
    conversions, users, control: int = 0, *, draws: int = 100_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Beta(1 + k, 1 + n - k) posteriors (seeded Monte Carlo): per variant the chance to
    beat the control, the chance to be the best and the expected loss of choosing it against
    the control (E[max(p_control - p_variant, 0)], a rate)."""
    k = np.asarray(conversions, dtype=float)
    n = np.asarray(users, dtype=float)
    rng = np.random.default_rng(seed)
    p = rng.beta(1 + k[:, None], 1 + n[:, None] - k[:, None], size=(len(k), draws))
    beat = (p > p[control]).mean(axis=1)
    best = np.bincount(p.argmax(axis=0), minlength=len(k)) / draws
    loss = np.maximum(p[control] - p, 0).mean(axis=1)
    beat[control] = np.nan
    return beat, best, loss


# --------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Reading:
    """An experiment read against its control.

    ``table``, one row per variant (control first): ``variant``, ``control`` (bool),
    ``users``, ``conversions``, ``rate`` (+ ``rate_low``/``rate_high``, Wilson), ``rpu``
    (+ ``rpu_low``/``rpu_high``, Student), ``diff`` (rate - control rate), ``lift`` (+
    ``lift_low``/``lift_high``, delta method), ``p_value`` (pooled z test), ``p_adjusted``
    (Holm over the variants), ``cs_low``/``cs_high`` (always-valid interval of ``diff``) and
    ``cs_lift_low``/``cs_lift_high`` (the same relative to the control's rate; lifts are NaN
    when the control has no conversion),
    ``rpu_diff`` (+ ``rpu_diff_low``/``rpu_diff_high``, Welch or bootstrap), ``rpu_lift``,
    ``chance_to_beat``, ``chance_best``, ``expected_loss``. ``sequence``: ``day``,
    ``variant``, ``diff``, ``cs_low``, ``cs_high``, ``fixed_low``, ``fixed_high`` per day
    (events input only)."""

    table: pd.DataFrame
    control: str
    alpha: float
    srm_chi2: float
    srm_p: float
    cs_alpha: float
    rpu_method: str  # "welch", "bootstrap" or "none" (no per-user revenue spread known)
    sequence: pd.DataFrame = field(default_factory=pd.DataFrame)
    mixed: int = 0

    @property
    def srm_blocked(self) -> bool:
        """Whether the sample ratio mismatch blocks the verdict (p < :data:`SRM_ALPHA`)."""
        return bool(self.srm_p < SRM_ALPHA)


def _rpu(s: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Revenue per user, its sample variance and Student interval per variant."""
    n = s["users"].to_numpy(dtype=float)
    mean = s["revenue"].to_numpy(dtype=float) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (s["revenue_sq"].to_numpy(dtype=float) - n * mean**2) / (n - 1)
        var = np.maximum(var, 0.0)
        q = stats.t.ppf(1 - alpha / 2, np.maximum(n - 1, 1))
        half = q * np.sqrt(var / n)
    return pd.DataFrame(
        {"rpu": mean, "rpu_var": var, "rpu_low": mean - half, "rpu_high": mean + half}
    )


def _rpu_diffs(
    t: pd.DataFrame, data: ExperimentData, control: str, alpha: float, method: str, seed: int
) -> tuple[pd.DataFrame, str]:
    """``rpu_diff`` and its interval per variant against the control; the method used."""
    c = t.iloc[0]
    known = np.isfinite(t["rpu_var"]).all() and np.isfinite(t["rpu"]).all()
    if method == "bootstrap" and not all(v in data.values for v in t["variant"]):
        method = "welch"
    if not known and method == "welch":
        method = "none"
    rows = []
    for _, r in t.iterrows():
        if r["variant"] == control or method == "none":
            rows.append((np.nan, np.nan, np.nan))
        elif method == "bootstrap":
            a, b = data.values[control], data.values[r["variant"]]
            rows.append(bootstrap_diff(a, b, alpha=alpha, seed=seed))
        else:
            args = (c["rpu"], c["rpu_var"], c["users"], r["rpu"], r["rpu_var"], r["users"])
            rows.append(welch_diff(*args, alpha=alpha))
    out = pd.DataFrame(rows, columns=["rpu_diff", "rpu_diff_low", "rpu_diff_high"])
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rpu_lift"] = out["rpu_diff"].to_numpy() / c["rpu"]
    return out, method


def _sequence(daily: pd.DataFrame, control: str, cs_alpha: float, alpha: float) -> pd.DataFrame:
    """Each variant's rate difference day by day with its always-valid interval (``cs_low``,
    ``cs_high``) and the fixed-horizon one (``fixed_low``, ``fixed_high``: valid once only)."""
    cols = ["day", "variant", "diff", "cs_low", "cs_high", "fixed_low", "fixed_high"]
    if daily.empty:
        return pd.DataFrame(columns=cols)
    c = daily.loc[daily["variant"] == control, ["day", "users", "conversions"]]
    o = daily[daily["variant"] != control].merge(c, on="day", suffixes=("", "_c"))
    o = o[(o["users"] > 0) & (o["users_c"] > 0)]
    na, nb = o["users_c"].to_numpy(float), o["users"].to_numpy(float)
    pa, pb = o["conversions_c"].to_numpy() / na, o["conversions"].to_numpy() / nb
    var = pa * (1 - pa) / na + pb * (1 - pb) / nb
    low, high = confidence_sequence(pb - pa, var, na + nb, cs_alpha)
    half = _z(alpha) * np.sqrt(var)
    d = pb - pa
    return pd.DataFrame(
        {
            "day": o["day"].to_numpy(),
            "variant": o["variant"].to_numpy(),
            "diff": d,
            "cs_low": low,
            "cs_high": high,
            "fixed_low": d - half,
            "fixed_high": d + half,
        }
    )


def _ordered(summary: pd.DataFrame, control: str | None) -> tuple[pd.DataFrame, str]:
    names = summary["variant"].astype(str).tolist()
    control = default_control(names) if control is None else str(control)
    if control not in names:
        raise AnalyticsError("analytics.experiments.no_control", control=control)
    s = summary.assign(variant=names)
    s = pd.concat([s[s["variant"] == control], s[s["variant"] != control]], ignore_index=True)
    if not (s["users"].to_numpy(dtype=float) > 0).all():
        raise AnalyticsError("analytics.experiments.no_users")
    return s, control


def read(
    data: ExperimentData,
    control: str | None = None,
    *,
    alpha: float = 0.05,
    expected: Sequence[float] | None = None,
    rpu_method: str = "welch",
    seed: int = 0,
) -> Reading:
    """Read ``data`` against ``control`` (see the module's definitions).

    ``expected`` are the planned shares of users per variant in the summary's order after
    the control moves first (equal by default); ``rpu_method`` is ``"welch"`` or
    ``"bootstrap"`` (needs per-user revenue: an events log; Welch otherwise)."""
    if not 0 < alpha < 0.5:
        raise ValueError("alpha must be between 0 and 0.5.")
    s, control = _ordered(data.summary, control)
    k, n = s["conversions"].to_numpy(dtype=float), s["users"].to_numpy(dtype=float)
    rate = k / n
    low, high = wilson(k, n, alpha)
    t = pd.DataFrame({"variant": s["variant"], "control": s["variant"] == control})
    t = t.assign(users=n.astype(np.int64), conversions=k.astype(np.int64), rate=rate)
    t = t.assign(rate_low=low, rate_high=high, diff=rate - rate[0])
    var = rate * (1 - rate) / n
    lift, lift_low, lift_high = lift_interval(rate[0], var[0], rate, var, alpha)
    t = t.assign(lift=lift, lift_low=lift_low, lift_high=lift_high)
    _, p = z_test(k[0], n[0], k, n)
    p[0] = np.nan
    adj = np.full(len(p), np.nan)
    adj[1:] = holm(p[1:])
    cs_alpha = alpha / max(len(s) - 1, 1)
    cs_low, cs_high = confidence_sequence(rate - rate[0], var + var[0], n + n[0], cs_alpha)
    cs_low[0] = cs_high[0] = np.nan
    t = t.assign(p_value=p, p_adjusted=adj, cs_low=cs_low, cs_high=cs_high)
    base = rate[0] if rate[0] > 0 else np.nan  # relative figures need a converting control
    t = t.assign(cs_lift_low=cs_low / base, cs_lift_high=cs_high / base)
    t = pd.concat([t, _rpu(s, alpha)], axis=1)
    diffs, method = _rpu_diffs(t, data, control, alpha, rpu_method, seed)
    beat, best, loss = bayes(k, n, 0, seed=seed)
    t = pd.concat([t, diffs], axis=1).assign(
        chance_to_beat=beat, chance_best=best, expected_loss=loss
    )
    lift_cols = ["lift", "lift_low", "lift_high", "diff", "rpu_lift"]
    t.loc[0, lift_cols] = np.nan
    if not rate[0] > 0:
        t.loc[:, ["lift", "lift_low", "lift_high"]] = np.nan
    chi2, srm_p = srm_check(n, expected)
    seq = _sequence(data.daily, control, cs_alpha, alpha)
    return Reading(
        t.drop(columns="rpu_var"), control, alpha, chi2, srm_p, cs_alpha, method, seq, data.mixed
    )


# -------------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class Plan:
    """A fixed-horizon test's plan: users per variant and in all, days at ``traffic`` users
    a day (all variants together), and the relative MDE reachable in ``days_given`` days."""

    baseline: float
    mde: float
    alpha: float
    power: float
    traffic: float
    arms: int
    per_arm: int
    total: int
    days: int
    days_given: int
    mde_at_days: float


def _zs(alpha: float, power: float) -> float:
    from statistics import NormalDist

    nd = NormalDist()
    return nd.inv_cdf(1 - alpha / 2) + nd.inv_cdf(power)


def _check_plan(baseline: float, alpha: float, power: float) -> None:
    if not 0 < baseline < 1:
        raise AnalyticsError("analytics.experiments.baseline", baseline=baseline)
    if not (0 < alpha < 0.5 and 0.5 <= power < 1):
        raise ValueError("alpha must be in (0, 0.5) and power in [0.5, 1).")


def sample_size(baseline: float, mde: float, *, alpha: float = 0.05, power: float = 0.8) -> int:
    """Users per variant for a two-sided test of ``baseline`` against ``baseline * (1 + mde)``:
    ``2 ((z_{1-alpha/2} + z_power) / h)^2`` rounded up, with Cohen's
    ``h = 2 asin(sqrt(p2)) - 2 asin(sqrt(p1))`` (statsmodels' NormalIndPower with
    ``proportion_effectsize``, the negligible far tail left out)."""
    _check_plan(baseline, alpha, power)
    p2 = baseline * (1 + mde)
    if not 0 < p2 < 1 or mde == 0:
        raise AnalyticsError("analytics.experiments.mde", mde=mde)
    h = abs(2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(baseline)))
    return math.ceil(2 * (_zs(alpha, power) / h) ** 2)


def mde_for(baseline: float, per_arm: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """The relative rise detectable with ``per_arm`` users per variant (the inverse of
    :func:`sample_size`); NaN when no rate below 1 is reachable."""
    _check_plan(baseline, alpha, power)
    if per_arm <= 0:
        return math.nan
    angle = math.asin(math.sqrt(baseline)) + _zs(alpha, power) * math.sqrt(2 / per_arm) / 2
    if angle >= math.pi / 2:
        return math.nan
    return math.sin(angle) ** 2 / baseline - 1


def size_curve(
    baseline: float,
    mdes: np.ndarray,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    traffic: float = 1.0,
    arms: int = 2,
) -> dict[str, np.ndarray]:
    """Users per variant and days (vectorised) for each relative MDE in ``mdes``:
    ``{"mde", "per_arm", "days"}`` (NaN where the MDE's rate is not below 1)."""
    _check_plan(baseline, alpha, power)
    m = np.asarray(mdes, dtype=float)
    p2 = baseline * (1 + m)
    ok = (p2 > 0) & (p2 < 1) & (m != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        h = np.abs(2 * np.arcsin(np.sqrt(np.where(ok, p2, 0.5))) - 2 * np.arcsin(np.sqrt(baseline)))
        n = np.where(ok, np.ceil(2 * (_zs(alpha, power) / h) ** 2), np.nan)
    return {"mde": m, "per_arm": n, "days": np.ceil(n * arms / traffic)}


def plan(
    baseline: float,
    mde: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    traffic: float = 1000.0,
    arms: int = 2,
    days: int = 14,
) -> Plan:
    """Sample size and duration for ``mde``, and the MDE reachable in ``days`` days, with
    ``traffic`` users a day split evenly over ``arms`` variants."""
    if traffic <= 0 or arms < 2 or days < 1:
        raise ValueError("traffic must be positive, arms at least 2 and days at least 1.")
    per_arm = sample_size(baseline, mde, alpha=alpha, power=power)
    reach = mde_for(baseline, traffic * days / arms, alpha=alpha, power=power)
    return Plan(
        baseline,
        mde,
        alpha,
        power,
        traffic,
        arms,
        per_arm,
        per_arm * arms,
        math.ceil(per_arm * arms / traffic),
        days,
        reach,
    )


# --------------------------------------------------------------------------------- verdict


@dataclass(frozen=True)
class Verdict:
    """The decision in one code of :data:`VERDICTS`, the variant it names (if any) and its
    reasons: ``(code, params)`` pairs (texts ``experiments.reason.<code>``; numbers in the
    params written plainly: ``+3.2%``; p-values with their sign, ``= 0.0004`` or ``< 0.0001``)."""

    code: str
    variant: str | None
    reasons: tuple[tuple[str, dict[str, str]], ...]


def _pct(x: float, signed: bool = True) -> str:
    return "—" if not np.isfinite(x) else (f"{x:+.1%}" if signed else f"{x:.1%}")


def _p(x: float) -> str:
    return "< 0.0001" if x < 0.0001 else f"= {x:.4f}"


def verdict(reading: Reading, *, mde: float | None = None, per_arm: int | None = None) -> Verdict:
    """The decision from a :class:`Reading`, in this order: ``fix_assignment`` when the sample
    ratio mismatch blocks (p < 0.001); ``ship`` the variant with the highest lift whose
    always-valid interval lies above zero; ``stop_no_effect`` when every variant is worse or
    every interval's top is under the planned relative ``mde``; else ``keep_running``
    (with the users per variant still missing for the plan's ``per_arm``)."""
    t = reading.table
    if reading.srm_blocked:
        reason = ("srm", {"p": _p(reading.srm_p), "chi2": f"{reading.srm_chi2:.1f}"})
        return Verdict("fix_assignment", None, (reason,))
    c, o = t.iloc[0], t.iloc[1:]
    method = ("method", {"alpha": f"{reading.cs_alpha:.3g}", "variants": str(len(o))})
    wins = o[o["cs_low"] > 0]
    if len(wins):
        w = wins.loc[wins["diff"].idxmax()]
        rel = ("cs_above", _interval(w))
        chance = w["chance_to_beat"]
        said = "> 99.9%" if chance > 0.999 else _pct(chance, False)
        bayes_ = ("bayes", {"variant": w["variant"], "chance": said})
        return Verdict("ship", str(w["variant"]), (rel, bayes_, method))
    if (o["cs_high"] < 0).all():
        return Verdict("stop_no_effect", None, (("worse", _interval(o.iloc[0])), method))
    if mde is not None and (o["cs_high"] < mde * c["rate"]).all():
        return Verdict(
            "stop_no_effect", None, (("mde_ruled_out", {"mde": _pct(mde, False)}), method)
        )
    best = o.loc[o["diff"].idxmax()]
    reasons = [("not_yet", _interval(best))]
    if (o["p_adjusted"] < reading.alpha).any():
        reasons.append(("fixed_only", {"p": _p(float(o["p_adjusted"].min()))}))
    if per_arm:
        more = int(per_arm - o["users"].min())
        if more > 0:
            reasons.append(("more_users", {"n": f"{more:,}"}))
    return Verdict("keep_running", None, (*reasons, method))


def _interval(row: pd.Series) -> dict[str, str]:
    """A variant's lift and its always-valid interval as relative figures."""
    return {
        "variant": str(row["variant"]),
        "lift": _pct(row["lift"]),
        "low": _pct(row["cs_lift_low"]),
        "high": _pct(row["cs_lift_high"]),
    }


def segment_users(orders: pd.DataFrame, *, scheme: str = "rf", **params) -> dict[str, list[str]]:
    """The customers of each User layering segment (``rf`` or ``value`` scheme), largest
    first: segment key -> customer ids; ``params`` are :func:`analytics.rfm.analyse`'s."""
    from analytics import rfm

    an = rfm.analyse(orders, **params)
    col = "rf_segment" if scheme == "rf" else "value_segment"
    groups = an.scored.groupby(col, sort=False).groups
    out = {str(k): [str(u) for u in v] for k, v in groups.items()}
    return dict(sorted(out.items(), key=lambda kv: -len(kv[1])))


def report_figures(events: pd.DataFrame) -> tuple[str, ExperimentData, Reading, Verdict] | None:
    """The weekly report's experiment: the first column named like a variant in the event log,
    read as the Experiments page does by default (purchase events, ``price`` as revenue, the
    control proposed, alpha 0.05, Welch, :data:`DEFAULT_MDE`); None without such a column."""
    names = variant_columns(events, named_only=True)
    if not names or "event" not in events:
        return None
    value = "price" if "price" in events else None
    data = from_events(events, names[0], value=value)
    reading = read(data)
    said = verdict(reading, mde=DEFAULT_MDE, per_arm=planned_users(reading, DEFAULT_MDE))
    return names[0], data, reading, said


def sequence_domain(sequence: pd.DataFrame, skip: float = 0.1) -> tuple[float, float] | None:
    """A y range for the day-by-day chart: the intervals after the first ``skip`` share of
    days (the first days' intervals are too wide to show the rest), None when empty."""
    if sequence.empty:
        return None
    days = np.sort(sequence["day"].unique())
    later = sequence[sequence["day"] >= days[int(len(days) * skip)]]
    lo = float(np.nanmin(later[["cs_low", "fixed_low"]].to_numpy()))
    hi = float(np.nanmax(later[["cs_high", "fixed_high"]].to_numpy()))
    pad = 0.05 * (hi - lo) if hi > lo else 0.01
    return min(lo - pad, 0.0), max(hi + pad, 0.0)


def planned_users(reading: Reading, mde: float, power: float = 0.8) -> int | None:
    """Users per variant a fixed-horizon test of the control's rate needs for ``mde`` at the
    reading's alpha (None when the control's rate or the lift leave no rate in (0, 1))."""
    base = float(reading.table["rate"].iloc[0])
    if not 0 < base < 1 or not 0 < base * (1 + mde) < 1:
        return None
    return sample_size(base, mde, alpha=reading.alpha, power=power)


def parse_split(text: str | None, n: int) -> tuple[float, ...] | None:
    """The planned split of users typed as ``"90/10"``, ``"1:1:2"`` or ``"50 25 25"`` (control
    first, one positive number per variant) as shares; None for an empty text or "even"
    (an even split). Raises ``AnalyticsError`` when it does not fit ``n`` variants."""
    import re

    words = [w for w in re.split(r"[/:,;\s]+", (text or "").strip()) if w]
    if not words or words[0].lower() in ("even", "均分"):
        return None
    try:
        parts = [float(w.rstrip("%")) for w in words]
    except ValueError:
        parts = []
    if len(parts) != n or not all(math.isfinite(x) and x > 0 for x in parts):
        raise AnalyticsError("analytics.experiments.split", text=text or "", n=n)
    total = sum(parts)
    return tuple(x / total for x in parts)


def revenue_figures(reading: Reading, variant: str | None = None) -> dict[str, object] | None:
    """Revenue per user of ``variant`` (by default the variant converting best against the
    control) against the control: ``{"variant", "diff", "low", "high"}`` (money per user;
    the interval by the reading's method), None without a revenue interval."""
    others = reading.table.iloc[1:]
    if not len(others) or reading.rpu_method == "none":
        return None
    if variant is None or variant not in set(others["variant"]):
        row = others.loc[others["diff"].idxmax()]
    else:
        row = others[others["variant"] == variant].iloc[0]
    if not np.isfinite(row["rpu_diff"]):
        return None
    return {
        "variant": str(row["variant"]),
        "diff": float(row["rpu_diff"]),
        "low": float(row["rpu_diff_low"]),
        "high": float(row["rpu_diff_high"]),
    }
