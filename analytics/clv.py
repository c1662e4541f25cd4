"""Customer lifetime value: BG/NBD purchases and Gamma-Gamma spend, fitted by maximum likelihood.

Definitions (the Retention & LTV page states them):

- **Summary table** (:func:`summary`; the conventions of ``lifetimes``'
  ``summary_data_from_transaction_data`` with ``freq="D"``): a purchase is a day with a sales
  line of the order rule (:func:`analytics.orders.sale_mask`) of the customer, on or before the
  calibration end; purchases of one day are one purchase. ``frequency`` = purchase days - 1
  (repeat purchases); ``recency`` = first to last purchase day; ``T`` = first purchase day to
  the calibration end; ``monetary_value`` = mean spend of the repeat purchase days (0 without
  a repeat), spend being the sales lines' amount minus ``refund_amount``. Times are in units of
  ``unit_days`` days (7: weeks, as in the CDNOW papers).
- **BG/NBD** (Fader, Hardie & Lee 2005): while active a customer buys as a Poisson process of
  rate lambda ~ Gamma(r, alpha); after each purchase they become inactive with probability
  p ~ Beta(a, b). **Gamma-Gamma** (Fader & Hardie 2013): the spend per purchase varies around a
  customer's mean, Gamma(p, nu) with nu ~ Gamma(q, gamma); it assumes mean spend independent
  of frequency. Both fitted by maximum likelihood (scipy L-BFGS-B on log-parameters).
- **Per customer**: ``p_alive`` (probability still active at the calibration end), expected
  purchases in the next 30 / 90 / 365 days (conditional expectation), ``expected_spend`` (the
  Gamma-Gamma conditional mean spend per purchase) and ``expected_value`` = expected purchases
  in the horizon x expected spend. Undiscounted by default; with an annual discount rate d,
  the horizon is cut in 30-day months and month i's purchases are divided by (1 + d)^(i / 12).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln, hyp2f1
from threadpoolctl import threadpool_limits

from analytics import orders as ordrule
from analytics.messages import AnalyticsError, require_columns
from analytics.rfm import _codes, _time_ns

__all__ = [
    "BGNBD",
    "GammaGamma",
    "CLVResult",
    "summary",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "p_alive",
    "expected_purchases",
    "expected_spend",
    "repeat_histogram",
    "forecast",
    "holdout_check",
    "warnings_for",
    "value_by_layer",
    "analyse",
    "holdout_split",
    "HORIZONS",
]

HORIZONS = (30, 90, 365)
_DAY_NS = 86_400 * 10**9
_I64_MIN = np.iinfo(np.int64).min
MIN_REPEAT = 10


def _day_of(value) -> int:
    return int(pd.Timestamp(value).normalize().value // _DAY_NS)


def summary(
    orders: pd.DataFrame,
    calibration_end=None,
    unit_days: float = 7.0,
    start=None,
) -> pd.DataFrame:
    """The per-customer summary table (module docstring).

    Parameters
    ----------
    orders : canonical orders (``customer_id``, ``order_time``, ``amount``).
    calibration_end : last day counted (default: the last order's day).
    unit_days : days per time unit of ``recency`` and ``T``.
    start : first day counted (default: every order).

    Returns
    -------
    DataFrame indexed by ``customer_id``: ``frequency``, ``recency``, ``T``, ``monetary_value``.
    """
    require_columns(
        orders, "orders", ("customer_id", "order_time", "amount"), "analytics.retention.orders"
    )
    cust, uniques, _ = _codes(orders["customer_id"])
    t = _time_ns(orders["order_time"])
    day = np.floor_divide(t, _DAY_NS)
    money = ordrule.net_amount(orders)
    ok = ordrule.sale_mask(orders) & (cust >= 0) & (t != _I64_MIN)
    end = int(day[ok].max()) if calibration_end is None and ok.any() else None
    end = _day_of(calibration_end) if calibration_end is not None else end
    if end is None:
        raise AnalyticsError("analytics.clv.no_customers")
    ok &= day <= end
    if start is not None:
        ok &= day >= _day_of(start)
    if not ok.any():
        raise AnalyticsError("analytics.clv.no_customers")
    return _summary_arrays(cust[ok], day[ok], money[ok], uniques, end, unit_days)


def _summary_arrays(cust, day, money, uniques, end, unit_days) -> pd.DataFrame:
    lo = int(day.min())
    span = end - lo + 1
    key, inv = np.unique(cust.astype(np.int64) * span + (day - lo), return_inverse=True)
    spend = np.bincount(inv, weights=money, minlength=len(key))
    c, d = key // span, key % span + lo
    first = np.r_[True, c[1:] != c[:-1]]
    starts = np.flatnonzero(first)
    n = np.diff(np.r_[starts, len(c)])
    total = np.add.reduceat(spend, starts)
    first_day, last_day = d[starts], d[np.r_[starts[1:], len(c)] - 1]
    freq = n - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mon = np.where(freq > 0, (total - spend[starts]) / np.maximum(freq, 1), 0.0)
    idx = pd.Index(np.asarray(uniques)[c[starts]], name="customer_id")
    return pd.DataFrame(
        {
            "frequency": freq.astype(np.float64),
            "recency": (last_day - first_day) / unit_days,
            "T": (end - first_day) / unit_days,
            "monetary_value": mon,
        },
        index=idx,
    )


@dataclass(frozen=True)
class BGNBD:
    """Fitted BG/NBD parameters (time in the summary's units) and the fit's log-likelihood."""

    r: float
    alpha: float
    a: float
    b: float
    ll: float
    n: int


@dataclass(frozen=True)
class GammaGamma:
    """Fitted Gamma-Gamma parameters and the fit's log-likelihood."""

    p: float
    q: float
    gamma: float
    ll: float
    n: int


def _bgnbd_ll(theta, x, tx, T, w):
    """Minus the BG/NBD log-likelihood and its gradient in log-parameters."""
    r, alpha, a, b = np.exp(theta)
    ux, xi = x  # unique frequencies and each row's position
    g = gammaln(r + ux) - gammaln(r) + gammaln(a + b) + gammaln(b + ux) - gammaln(b)
    g = g - gammaln(a + b + ux)
    xs = ux[xi]
    rx = r + xs
    lT, ltx = np.log(alpha + T), np.log(alpha + tx)
    a3 = -rx * lT
    pos = xs > 0
    bx = np.where(pos, b + xs - 1, 1.0)
    a4 = np.where(pos, np.log(a) - np.log(bx) - rx * ltx, -np.inf)
    top = np.logaddexp(a3, a4)
    w3, w4 = np.exp(a3 - top), np.exp(a4 - top)
    ll = g[xi] + r * np.log(alpha) + top
    dig = digamma(a + b) - digamma(a + b + ux)
    grad = np.array(
        [
            np.dot(w, (digamma(r + ux) - digamma(r))[xi] + np.log(alpha) - w3 * lT - w4 * ltx),
            np.dot(w, r / alpha - w3 * rx / (alpha + T) - w4 * rx / (alpha + tx)),
            np.dot(w, dig[xi] + w4 / a),
            np.dot(w, (dig + digamma(b + ux) - digamma(b))[xi] - w4 / bx),
        ]
    )
    return -np.dot(w, ll), -grad * np.array([r, alpha, a, b])


def _fit(fn, n_params, args, start=None):
    # one BLAS thread: the fit's vectors are small and many; OpenBLAS threads waking for each
    # dot product made the CDNOW fit 30x slower on a busy 2-core machine (0.06 s -> 2 s)
    with threadpool_limits(limits=1, user_api="blas"):
        return _minimise(fn, n_params, args, start)


def _minimise(fn, n_params, args, start=None):
    x0 = np.zeros(n_params) if start is None else np.log(start)
    best = None
    for method in ("L-BFGS-B", "Nelder-Mead"):
        if method == "L-BFGS-B":
            res = minimize(fn, x0, args=args, method=method, jac=True)
        else:
            res = minimize(
                lambda th: fn(th, *args)[0], x0, method=method, options={"maxiter": 4000}
            )
        if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
            best = res
        if res.success and np.isfinite(res.fun):
            break
    if best is None or not np.all(np.isfinite(best.x)):
        raise AnalyticsError("analytics.clv.fit_failed")
    return best


def _compress(*cols):
    rows = np.column_stack(cols)
    u, inv, w = np.unique(rows, axis=0, return_inverse=True, return_counts=True)
    return u, w.astype(np.float64)


def fit_bgnbd(frequency, recency, T) -> BGNBD:
    """BG/NBD by maximum likelihood (FHL 2005, eq. 6) on the summary columns.

    Identical (frequency, recency, T) rows are weighted once; time is rescaled so that the
    largest T is 10 during the fit (conditioning) and ``alpha`` is scaled back.
    """
    x, tx, T = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
    if not len(x) or (x > 0).sum() < MIN_REPEAT:
        raise AnalyticsError(
            "analytics.clv.no_repeat",
            repeat=int((x > 0).sum()),
            customers=len(x),
            needed=MIN_REPEAT,
        )
    scale = 10.0 / T.max() if T.max() > 0 else 1.0
    u, w = _compress(x, tx * scale, T * scale)
    ux, xi = np.unique(u[:, 0], return_inverse=True)
    res = _fit(_bgnbd_ll, 4, ((ux, xi), u[:, 1], u[:, 2], w))
    r, alpha, a, b = np.exp(res.x)
    return BGNBD(float(r), float(alpha / scale), float(a), float(b), float(-res.fun), len(x))


def _gg_ll(theta, ux, xi, x, m, lm, lx, w):
    """Minus the Gamma-Gamma log-likelihood and its gradient in log-parameters (the gamma
    functions evaluated once per distinct frequency ``ux``)."""
    p, q, g = np.exp(theta)
    pu = p * ux
    lxm = np.log(x * m + g)
    px = p * x
    ll = (gammaln(pu + q) - gammaln(pu))[xi] - gammaln(q) + q * np.log(g)
    ll = ll + (px - 1) * lm + px * lx - (px + q) * lxm
    dpq = digamma(pu + q)
    grad = np.array(
        [
            np.dot(w, x * ((dpq - digamma(pu))[xi] + lm + lx - lxm)),
            np.dot(w, dpq[xi] - digamma(q) + np.log(g) - lxm),
            np.dot(w, q / g - (px + q) / (x * m + g)),
        ]
    )
    return -np.dot(w, ll), -grad * np.array([p, q, g])


def fit_gamma_gamma(frequency, monetary_value) -> GammaGamma:
    """Gamma-Gamma by maximum likelihood on the repeat buyers (frequency > 0, mean spend > 0)."""
    x, m = np.asarray(frequency, dtype=np.float64), np.asarray(monetary_value, dtype=np.float64)
    keep = (x > 0) & (m > 0)
    if keep.sum() < MIN_REPEAT:
        raise AnalyticsError(
            "analytics.clv.no_repeat", repeat=int(keep.sum()), customers=len(x), needed=MIN_REPEAT
        )
    x, m = x[keep], m[keep]
    ux, xi = np.unique(x, return_inverse=True)
    res = _fit(_gg_ll, 3, (ux, xi, x, m, np.log(m), np.log(x), np.ones(len(x))))
    p, q, g = np.exp(res.x)
    return GammaGamma(float(p), float(q), float(g), float(-res.fun), int(keep.sum()))


def _odds(m: BGNBD, x, tx, T):
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(
            x > 0,
            m.a / np.maximum(m.b + x - 1, 1e-300) * ((m.alpha + T) / (m.alpha + tx)) ** (m.r + x),
            0.0,
        )
    return d


def p_alive(m: BGNBD, frequency, recency, T) -> np.ndarray:
    """Probability that each customer is still active at T (FHL 2005, eq. 13)."""
    x, tx, T = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
    return 1.0 / (1.0 + _odds(m, x, tx, T))


def expected_purchases(m: BGNBD, t, frequency, recency, T) -> np.ndarray:
    """Expected purchases in the next ``t`` time units given the history (FHL 2005, eq. 10)."""
    x, tx, T = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
    r, al, a, b = m.r, m.alpha, m.a, m.b
    z = t / (al + T + t)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
    first = (a + b + x - 1) / (a - 1)
    inner = 1 - ((al + T) / (al + T + t)) ** (r + x) * hyp
    return first * inner / (1 + _odds(m, x, tx, T))


def expected_spend(g: GammaGamma, frequency, monetary_value) -> np.ndarray:
    """Conditional mean spend per purchase (Gamma-Gamma): a weight of the customer's own mean
    and the population mean p * gamma / (q - 1); the population mean without a repeat."""
    x = np.asarray(frequency, dtype=np.float64)
    m = np.asarray(monetary_value, dtype=np.float64)
    w = g.p * x / (g.p * x + g.q - 1)
    pop = g.p * g.gamma / (g.q - 1)
    return np.where(x > 0, (1 - w) * pop + w * m, pop)


def repeat_histogram(m: BGNBD, frequency, T, top: int = 7) -> pd.DataFrame:
    """Actual vs expected customers by repeat purchases in the calibration period (0 .. top+).

    Expected = sum over customers of P(X(T_i) = x) (FHL 2005, eq. 8), per unique T.
    """
    x = np.asarray(frequency, dtype=np.float64)
    uT, inv, cnt = np.unique(
        np.asarray(T, dtype=np.float64), return_inverse=True, return_counts=True
    )
    r, al, a, b = m.r, m.alpha, m.a, m.b
    ks = np.arange(top)
    with np.errstate(divide="ignore", invalid="ignore"):
        base = np.log(al / (al + uT))[:, None] * r
        lt = np.log(uT / (al + uT))[:, None]
        pois = gammaln(r + ks) - gammaln(r) - gammaln(ks + 1)  # log Γ(r+j)/(Γ(r) j!)
        term = np.exp(pois[None, :] + base + ks[None, :] * np.where(np.isfinite(lt), lt, -np.inf))
        term = np.nan_to_num(term)
        cum = np.cumsum(term, axis=1) - term  # sum over j < x
        p = np.exp(betaln(a, b + ks) - betaln(a, b))[None, :] * term
        extra = np.exp(betaln(a + 1, np.maximum(b + ks - 1, 1e-12)) - betaln(a, b))
        p = p + np.where(ks > 0, extra, 0.0)[None, :] * (1 - cum)
    expected = (p * cnt[:, None]).sum(axis=0)
    labels = [str(k) for k in ks] + [f"{top}+"]
    exp_all = np.r_[expected, len(x) - expected.sum()]
    act = np.bincount(np.minimum(x.astype(np.int64), top), minlength=top + 1)
    return pd.DataFrame({"repeat": labels, "actual": act.astype(np.float64), "expected": exp_all})


def forecast(
    sm: pd.DataFrame,
    bg: BGNBD,
    gg: GammaGamma | None,
    unit_days: float = 7.0,
    horizon_days: int = 365,
    discount: float = 0.0,
) -> pd.DataFrame:
    """Per customer: the summary columns, ``p_alive``, ``purchases_30d/90d/365d``,
    ``expected_spend`` and ``expected_value`` over ``horizon_days`` (module docstring)."""
    x, tx, T = (sm[c].to_numpy(dtype=np.float64) for c in ("frequency", "recency", "T"))
    out = sm.copy()
    out["p_alive"] = p_alive(bg, x, tx, T)
    for d in HORIZONS:
        out[f"purchases_{d}d"] = expected_purchases(bg, d / unit_days, x, tx, T)
    spend = (
        expected_spend(gg, x, sm["monetary_value"].to_numpy()) if gg else np.full(len(x), np.nan)
    )
    out["expected_spend"] = spend
    if discount > 0:
        months = int(np.ceil(horizon_days / 30))
        prev = np.zeros(len(x))
        value = np.zeros(len(x))
        for i in range(1, months + 1):  # a dozen months: vectorised over customers
            cur = expected_purchases(bg, min(30 * i, horizon_days) / unit_days, x, tx, T)
            value += (cur - prev) / (1 + discount) ** (i / 12)
            prev = cur
        out["expected_value"] = value * spend
    else:
        out["expected_value"] = expected_purchases(bg, horizon_days / unit_days, x, tx, T) * spend
    return out


def warnings_for(sm: pd.DataFrame) -> list[tuple[str, dict]]:
    """Where the data does not suit the models: ``(code, params)`` with texts
    ``analytics.clv.warn.<code>`` — ``few_repeat`` (under 10% of customers bought again, or
    under 50 did), ``short_period`` (median T under twice the median time between
    purchases of repeat buyers), ``spend_frequency`` (|correlation| of mean spend and
    frequency among repeat buyers above 0.3, against Gamma-Gamma's independence)."""
    out: list[tuple[str, dict]] = []
    rep = sm[sm["frequency"] > 0]
    share = len(rep) / len(sm) if len(sm) else 0.0
    if share < 0.1 or len(rep) < 50:
        out.append(("few_repeat", {"repeat": len(rep), "share": round(100 * share, 1)}))
    if len(rep):
        cycle = float((rep["recency"] / rep["frequency"]).median())
        med_t = float(sm["T"].median())
        if med_t < 2 * cycle:
            out.append(("short_period", {"t": round(med_t, 1), "cycle": round(cycle, 1)}))
    if len(rep) > 2 and rep["monetary_value"].std() > 0 and rep["frequency"].std() > 0:
        corr = float(np.corrcoef(rep["frequency"], rep["monetary_value"])[0, 1])
        if abs(corr) > 0.3:
            out.append(("spend_frequency", {"corr": round(corr, 2)}))
    return out


def holdout_check(
    orders: pd.DataFrame, calibration_end, holdout_end=None, unit_days: float = 7.0
) -> pd.DataFrame:
    """Calibration vs hold-out: fit on orders up to ``calibration_end``, predict each
    customer's repeat purchase days in (calibration_end, holdout_end] and compare with what
    they did, by calibration frequency (0 .. 7+): ``frequency, customers, actual, predicted``
    (mean purchases per customer); the last row, ``all``, sums every customer."""
    cal = summary(orders, calibration_end, unit_days)
    full = summary(orders, holdout_end, unit_days)
    last = _day_of(holdout_end) if holdout_end is not None else _last_sale_day(orders)
    duration = (last - _day_of(calibration_end)) / unit_days
    bg = fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    after = full.reindex(cal.index)
    actual = (after["frequency"] - cal["frequency"]).to_numpy()
    pred = expected_purchases(
        bg, duration, *(cal[c].to_numpy() for c in ("frequency", "recency", "T"))
    )
    grp = np.minimum(cal["frequency"].to_numpy(), 7).astype(int)
    f = pd.DataFrame({"frequency": grp, "actual": actual, "predicted": pred})
    g = (
        f.groupby("frequency")
        .agg(
            customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
        )
        .reset_index()
    )
    g["frequency"] = g["frequency"].map(lambda k: f"{k}+" if k == 7 else str(k))
    total = pd.DataFrame(
        {
            "frequency": ["all"],
            "customers": [len(f)],
            "actual": [actual.sum()],
            "predicted": [pred.sum()],
        }
    )
    return pd.concat([g, total], ignore_index=True)


def _last_sale_day(orders: pd.DataFrame) -> int:
    t = _time_ns(orders["order_time"])
    ok = ordrule.sale_mask(orders) & (t != _I64_MIN)
    return int(np.floor_divide(t[ok], _DAY_NS).max())


def value_by_layer(
    fc: pd.DataFrame, scored: pd.DataFrame, segment: str = "rf_segment"
) -> pd.DataFrame:
    """Expected value per RFM layer: ``segment, customers, p_alive`` (mean),
    ``purchases_365d`` (mean), ``expected_value`` (sum) and ``value_per_customer``."""
    seg = scored[segment].astype("string").reindex(fc.index)
    f = fc.assign(segment=seg.fillna("—").to_numpy())
    g = f.groupby("segment", sort=False).agg(
        customers=("p_alive", "size"),
        p_alive=("p_alive", "mean"),
        purchases_365d=("purchases_365d", "mean"),
        expected_value=("expected_value", "sum"),
    )
    g["value_per_customer"] = g["expected_value"] / g["customers"]
    return g.sort_values("expected_value", ascending=False).reset_index()


@dataclass(frozen=True)
class CLVResult:
    """What the page shows: the summary + forecast per customer, both models, the fit
    histogram, the warnings and the settings used."""

    customers: pd.DataFrame
    bg: BGNBD
    gg: GammaGamma | None
    histogram: pd.DataFrame
    warnings: list = field(default_factory=list)
    unit_days: float = 7.0
    horizon_days: int = 365
    discount: float = 0.0


def analyse(
    orders: pd.DataFrame,
    calibration_end=None,
    unit_days: float = 7.0,
    horizon_days: int = 365,
    discount: float = 0.0,
) -> CLVResult:
    """Summary, both fits, the forecast per customer, the histogram and the warnings."""
    sm = summary(orders, calibration_end, unit_days)
    bg = fit_bgnbd(sm["frequency"], sm["recency"], sm["T"])
    try:
        gg = fit_gamma_gamma(sm["frequency"], sm["monetary_value"])
    except AnalyticsError:
        gg = None
    fc = forecast(sm, bg, gg, unit_days, horizon_days, discount)
    hist = repeat_histogram(bg, sm["frequency"], sm["T"])
    return CLVResult(fc, bg, gg, hist, warnings_for(sm), unit_days, horizon_days, discount)


def holdout_split(orders: pd.DataFrame, share: float = 2 / 3, min_days: int = 56):
    """(calibration end, hold-out end): the day ``share`` of the way from the first to the
    last sale day, and the last sale day; None when the span is under ``min_days`` days."""
    t = _time_ns(orders["order_time"])
    ok = ordrule.sale_mask(orders) & (t != _I64_MIN)
    if not ok.any():
        return None
    day = np.floor_divide(t[ok], _DAY_NS)
    lo, hi = int(day.min()), int(day.max())
    if hi - lo < min_days:
        return None
    cut = lo + int((hi - lo) * share)
    return pd.Timestamp(cut * _DAY_NS), pd.Timestamp(hi * _DAY_NS)
