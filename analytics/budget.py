"""Budget allocation: response curves of spend to revenue, what-ifs, the optimiser, scenarios.

Definitions (the glossary of DESIGN.md):

- ROAS = revenue / spend; ROI = (revenue - spend) / spend.
- Marginal ROAS = the revenue the next unit of spend brings: the slope of the
  response curve at that spend, ``f'(spend)``.
- A *response curve* ``f(spend) -> revenue per period`` is concave (diminishing
  returns): Hill with slope at most 1, Michaelis-Menten, power or log. With a
  geometric adstock of decay ``d`` the curve is fitted on the carried-over spend
  ``a_t = (1 - d) * x_t + d * a_(t-1)``, so a steady spend ``x`` per period
  reaches ``a = x``: ``predict`` is the long-run revenue per period.

Two kinds of history are understood:

- *per-channel revenue* (revenue attributed to each channel): one curve per
  channel, fitted through the origin;
- *total revenue* (one revenue figure per period repeated on every channel
  row, as in marketing-mix files pivoted long): one additive model
  ``revenue = base + sum_c f_c(spend_c)`` fitted jointly; each curve is then the
  channel's *incremental* revenue.

Everything here is plain numpy / scipy / pandas; results are picklable
(frozen dataclasses holding numbers, no closures).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.optimize import least_squares, minimize

from analytics import messages

__all__ = [
    "FORMS",
    "MESSAGES",
    "BudgetError",
    "Curve",
    "Curves",
    "Optimum",
    "Scenario",
    "spend_history",
    "fit_curve",
    "fit_curves",
    "manual_curve",
    "current_plan",
    "default_bounds",
    "optimize",
    "optimize_report",
    "optimize_scipy",
    "evaluate",
    "totals",
    "curve_grid",
    "waterfall",
    "compare_scenarios",
    "scale_plan",
]

Form = Literal["hill", "mm", "power", "log"]
FORMS: tuple[Form, ...] = ("mm", "log", "power", "hill")
_NPARAMS = {"hill": 3, "mm": 2, "power": 2, "log": 2}

# BudgetError's texts: the pairs ``budget.err.<code>`` of :mod:`analytics.messages` (one table
# for the app and for notebooks); here by code, in English.
MESSAGES: dict[str, str] = {
    key.removeprefix("budget.err."): pair[0]
    for key, pair in messages.STRINGS.items()
    if key.startswith("budget.err.")
}

_SCENARIO_FORMAT = "shop-ops-analytics/budget-scenario"


class BudgetError(messages.AnalyticsError):
    """A budget input that cannot be used: an :class:`~analytics.messages.AnalyticsError`
    whose ``code`` is short (``"no_rows"``; its text is ``budget.err.<code>``)."""

    #: parameters holding money: the English text writes them ``12,345.00``, the app in the
    #: shop currency (``ui.budget_sections.err_text``)
    MONEY = ("budget", "low", "high", "revenue")

    def __init__(self, code: str, /, **params: Any) -> None:
        shown = {
            k: f"{v:,.2f}" if k in self.MONEY and isinstance(v, int | float) else v
            for k, v in params.items()
        }
        super().__init__(f"budget.err.{code}", **shown)
        self.code = code
        self.params = params

    def __reduce__(self):  # picklable despite keyword-only params
        return (_make_error, (self.code, self.params))


def _make_error(code: str, params: dict[str, Any]) -> BudgetError:
    return BudgetError(code, **params)


# ---------------------------------------------------------------------------
# Curve forms (vectorised; parameters may be arrays that broadcast)


def _hill(x, p):
    v, k, s = p
    u = (x / k) ** s
    return v * u / (1.0 + u)


def _hill_slope(x, p):
    v, k, s = p
    u = (x / k) ** s
    out = v * s * u / (x * (1.0 + u) ** 2)
    # slope at zero: infinite when s < 1, v / k when s == 1
    return np.where(x > 0, out, np.where(np.asarray(s) >= 1.0, v / k, np.inf))


def _mm(x, p):
    v, k = p
    return v * x / (k + x)


def _mm_slope(x, p):
    v, k = p
    return v * k / (k + x) ** 2


def _power(x, p):
    a, b = p
    return a * x**b


def _power_slope(x, p):
    a, b = p
    return np.where(x > 0, a * b * x ** (b - 1.0), np.where(np.asarray(b) >= 1.0, a, np.inf))


def _log(x, p):
    a, k = p
    return a * np.log1p(x / k)


def _log_slope(x, p):
    a, k = p
    return a / (k + x)


# each form's value and slope (derivative in spend)
_CURVE_FNS = {
    "hill": (_hill, _hill_slope),
    "mm": (_mm, _mm_slope),
    "power": (_power, _power_slope),
    "log": (_log, _log_slope),
}


def _check_form(form: str) -> None:
    """A curve form is one of :data:`FORMS` (a caller's mistake otherwise)."""
    if form not in _CURVE_FNS:
        raise ValueError(f"Unknown curve form {form!r}; expected one of {', '.join(FORMS)}.")


def _curve_fn(form: str, slope: bool, x, p):
    _check_form(form)
    fns = _CURVE_FNS[form]
    x = np.maximum(np.asarray(x, dtype=float), 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return fns[slope](x, p)


def _f(form: str, x, p):
    """Revenue of curve ``form`` with parameters ``p`` at spend ``x`` (vectorised)."""
    return _curve_fn(form, False, x, p)


def _df(form: str, x, p):
    """Marginal revenue (slope) of curve ``form`` at spend ``x`` (vectorised)."""
    return _curve_fn(form, True, x, p)


def _adstock(x: np.ndarray, decay: float) -> np.ndarray:
    """Normalised geometric adstock along axis 0: a_t = (1-d) x_t + d a_(t-1), a_0 = x_0."""
    if decay <= 0:
        return x
    out = np.empty_like(x, dtype=float)
    out[0] = x[0]
    for t in range(1, len(x)):
        out[t] = (1.0 - decay) * x[t] + decay * out[t - 1]
    return out


@dataclass(frozen=True)
class Curve:
    """A fitted (or manual) response curve of one channel.

    Attributes
    ----------
    channel, form : the channel name and the form ("hill", "mm", "power", "log").
    params : the form's parameters in the data's units (hill: vmax, half-saturation
        spend k, slope s; mm: vmax, k; power: a, b; log: a, k).
    decay : geometric adstock decay (0 = none).
    current : the current spend per period (average over the history).
    spend_min, spend_max : the range of (carried-over) spend seen in the data.
    n_periods : periods used. r2, mape : in-sample fit quality (of the whole
        model when revenue is a total). cv_error : out-of-sample RMSE / mean revenue.
    boot : bootstrap parameter sets (for the uncertainty band).
    warnings : codes of soft warnings ("few_periods", "linear", "wide_band").
    manual : True for a curve set by hand.
    """

    channel: str
    form: str
    params: tuple[float, ...]
    decay: float = 0.0
    current: float = 0.0
    spend_min: float = 0.0
    spend_max: float = 0.0
    n_periods: int = 0
    r2: float = float("nan")
    mape: float = float("nan")
    cv_error: float = float("nan")
    boot: tuple[tuple[float, ...], ...] = ()
    warnings: tuple[str, ...] = ()
    manual: bool = False

    def predict(self, spend) -> np.ndarray:
        """Revenue per period at ``spend`` per period (vectorised; 0 at 0)."""
        return _f(self.form, spend, self.params)

    def marginal(self, spend) -> np.ndarray:
        """Marginal ROAS at ``spend``: revenue of the next unit of spend."""
        return _df(self.form, spend, self.params)

    def band(self, spend, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper edges of the bootstrap band at ``spend`` (the curve itself without bootstrap)."""
        spend = np.atleast_1d(np.asarray(spend, dtype=float))
        if not self.boot:
            y = self.predict(spend)
            return y, y
        p = np.asarray(self.boot, dtype=float)
        cols = tuple(p[:, i : i + 1] for i in range(p.shape[1]))
        preds = _f(self.form, spend[None, :], cols)
        q = (1.0 - level) / 2.0
        preds = preds[np.isfinite(preds).all(axis=1)]
        if not len(preds):
            y = self.predict(spend)
            return y, y
        lo, hi = np.quantile(preds, [q, 1.0 - q], axis=0)
        return lo, hi

    def extrapolation(self, spend: float) -> float:
        """How far ``spend`` is beyond the largest spend seen (1.0 = at the edge; 0 when unseen)."""
        if self.spend_max <= 0:
            return float("inf") if spend > 0 else 0.0
        return float(spend) / self.spend_max

    @property
    def concave(self) -> bool:
        if self.form == "hill":
            return self.params[2] <= 1.0
        if self.form == "power":
            return self.params[1] <= 1.0
        return True

    @property
    def saturation(self) -> float:
        """Revenue per period the channel approaches at unlimited spend (inf for power / log)."""
        return float(self.params[0]) if self.form in ("hill", "mm") else float("inf")


class Curves(dict):
    """``dict`` channel -> :class:`Curve`, with what the fit found out.

    ``problems``: channel -> (code, params) for channels left out (codes of
    :data:`MESSAGES`); ``scope``: "channel" (per-channel revenue) or "total";
    ``base``: revenue per period not explained by spend (total scope);
    ``points``: the data behind the curves (period, channel, spend, revenue;
    in total scope, revenue is the channel's partial residual);
    ``period``: "D", "W", "M" or "" (as in the data).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.problems: dict[str, tuple[str, dict[str, Any]]] = {}
        self.scope: str = "channel"
        self.base: float = 0.0
        self.points: pd.DataFrame = pd.DataFrame(columns=["period", "channel", "spend", "revenue"])
        self.period: str = ""

    def copy_with(self, extra: Mapping[str, Curve]) -> Curves:
        """A copy with ``extra`` curves added (e.g. manual curves)."""
        out = Curves(self)
        out.update(extra)
        out.problems = {k: v for k, v in self.problems.items() if k not in extra}
        out.scope, out.base, out.points, out.period = (
            self.scope,
            self.base,
            self.points,
            self.period,
        )
        return out


# ---------------------------------------------------------------------------
# Input


def spend_history(
    frame: pd.DataFrame,
    *,
    period: str = "auto",
    value_per_conversion: float | None = None,
) -> pd.DataFrame:
    """Spend and revenue per period and channel, from a spend or a traffic frame.

    Parameters
    ----------
    frame : canonical ``spend`` frame (date, channel, spend, optional revenue,
        conversions) or ``traffic`` frame (date, channel or source / medium,
        spend, revenue). Rows without a date or channel are left out.
    period : "auto" (daily data rolled up to weeks, else as is), "none",
        "W" (weeks starting Monday) or "M" (months). When rolling up, the first
        and last periods are dropped if they are incomplete (fewer days).
    value_per_conversion : used when there is no revenue column:
        revenue = conversions x value_per_conversion.

    Returns
    -------
    DataFrame with columns ``period`` (datetime), ``channel``, ``spend``,
    ``revenue``; sorted by period and channel; ``attrs["period"]`` names the period.
    """
    df = _spend_rows(frame, value_per_conversion)
    dates = df["date"].drop_duplicates().sort_values()
    gap = dates.diff().dt.days.median() if len(dates) > 1 else 7.0
    freq = period
    if period == "auto":
        freq = "W" if gap <= 1.5 else "none"
    # total revenue repeated per channel: keep one per date when rolling up
    total_scope = _looks_total(df)
    if freq in ("W", "M"):
        out = _rolled_up(df, freq, total_scope)
        name = freq
    else:
        df = df.rename(columns={"date": "period"})
        if total_scope:
            out = df.groupby(["period", "channel"], as_index=False).agg(
                spend=("spend", "sum"), revenue=("revenue", "first")
            )
        else:
            out = df.groupby(["period", "channel"], as_index=False)[["spend", "revenue"]].sum(
                min_count=1
            )
        name = "D" if gap <= 1.5 else ("W" if 5 <= gap <= 8 else ("M" if 27 <= gap <= 32 else ""))
    out = out.sort_values(["period", "channel"], ignore_index=True)
    out.attrs["period"] = name
    out.attrs["scope"] = "total" if total_scope else "channel"
    return out[["period", "channel", "spend", "revenue"]]


def _spend_rows(frame: pd.DataFrame, value_per_conversion: float | None) -> pd.DataFrame:
    """Rows with a date, a channel (else source / medium) and spend, of channels that spend."""
    if "date" not in frame or "spend" not in frame:
        raise BudgetError("no_rows")
    df = pd.DataFrame({"date": pd.to_datetime(frame["date"], errors="coerce")})
    channel = frame["channel"].astype("string") if "channel" in frame else None
    if channel is None or channel.isna().all() or (channel.fillna("").str.strip() == "").all():
        channel = pd.Series(pd.NA, index=frame.index, dtype="string")
    if {"source", "medium"} <= set(frame.columns):
        alt = (
            frame["source"].astype("string").fillna("")
            + " / "
            + frame["medium"].astype("string").fillna("")
        )
        channel = channel.where(channel.fillna("").str.strip() != "", alt)
    df["channel"] = channel.fillna("").str.strip()
    df["spend"] = pd.to_numeric(frame["spend"], errors="coerce").astype(float)
    if "revenue" in frame and pd.to_numeric(frame["revenue"], errors="coerce").notna().any():
        df["revenue"] = pd.to_numeric(frame["revenue"], errors="coerce").astype(float)
    elif "conversions" in frame and value_per_conversion is not None:
        conv = pd.to_numeric(frame["conversions"], errors="coerce").astype(float)
        df["revenue"] = conv * float(value_per_conversion)
    else:
        raise BudgetError("no_revenue")
    df = df[df["date"].notna() & (df["channel"] != "") & df["spend"].notna()]
    # channels that never spend are not budget lines
    spent = df.groupby("channel")["spend"].transform("sum") > 0
    df = df[spent]
    if df.empty:
        raise BudgetError("no_rows")
    return df


def _rolled_up(df: pd.DataFrame, freq: str, total_scope: bool) -> pd.DataFrame:
    """Spend and revenue per week ("W") or month ("M") and channel, incomplete ends dropped."""
    p = df["date"].dt.to_period("W-SUN" if freq == "W" else "M").dt.start_time
    df = df.assign(period=p, day=df["date"].dt.normalize())
    days = df.groupby("period")["day"].nunique()
    full = days.max()
    keep = days.index
    # drop an incomplete first / last period
    if len(days) > 2:
        if days.iloc[0] < full:
            keep = keep[1:]
        if days.iloc[-1] < full:
            keep = keep[:-1]
    df = df[df["period"].isin(keep)]
    if total_scope:
        rev = df.drop_duplicates(["day"]).groupby("period")["revenue"].sum()
        out = df.groupby(["period", "channel"], as_index=False)["spend"].sum()
        out["revenue"] = out["period"].map(rev).astype(float)
        return out
    return df.groupby(["period", "channel"], as_index=False)[["spend", "revenue"]].sum(min_count=1)


def _looks_total(df: pd.DataFrame) -> bool:
    """True when revenue is one figure per date repeated on every channel row."""
    if df["channel"].nunique() < 2:
        return False
    g = df.dropna(subset=["revenue"]).groupby("date")["revenue"]
    per = g.agg(["nunique", "size"])
    multi = per[per["size"] > 1]
    return bool(len(multi) >= 3 and (multi["nunique"] == 1).all())


# ---------------------------------------------------------------------------
# Fitting


def _bounds(form: str) -> tuple[list[float], list[float]]:
    return {
        "hill": ([0.0, 1e-3, 0.3], [1e4, 1e3, 1.0]),
        "mm": ([0.0, 1e-3], [1e4, 1e3]),
        "power": ([0.0, 0.05], [1e4, 1.0]),
        "log": ([0.0, 1e-3], [1e4, 1e3]),
    }[form]


def _starts(form: str, scale: float) -> list[list[float]]:
    if form == "hill":
        return [[2.0 * scale, 1.0, 0.8], [4.0 * scale, 4.0, 0.6]]
    if form == "mm":
        return [[2.0 * scale, 1.0], [6.0 * scale, 5.0]]
    if form == "power":
        return [[scale, 0.6]]
    return [[scale, 1.0], [3.0 * scale, 5.0]]


def _jac1(form: str, x: np.ndarray, p) -> np.ndarray:
    """Derivatives of f(x; p) with respect to its parameters: an (n, m) array."""
    x = np.maximum(x, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lx = np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0)
        if form == "hill":
            v, k, s = p
            u = (x / k) ** s
            q = 1.0 / (1.0 + u) ** 2
            cols = (u / (1.0 + u), -v * s * u / k * q, v * u * (lx - np.log(k)) * q)
        elif form == "mm":
            v, k = p
            cols = (x / (k + x), -v * x / (k + x) ** 2)
        elif form == "power":
            a, b = p
            xb = x**b
            cols = (xb, a * xb * lx)
        else:
            a, k = p
            cols = (np.log1p(x / k), -a * x / (k * (k + x)))
    return np.nan_to_num(np.column_stack(cols), nan=0.0, posinf=0.0, neginf=0.0)


def _fit_model(
    form: str, X: np.ndarray, y: np.ndarray, base: bool, theta0: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Least squares of y ~ [b0 +] sum_c f(X[:, c]) in scaled units. Returns (theta, cost).

    Several starts unless ``theta0`` (a warm start) is given.
    """
    n, c = X.shape
    m = _NPARAMS[form]
    lo1, hi1 = _bounds(form)
    lo = np.array(([0.0] if base else []) + lo1 * c)
    hi = np.array(([10.0] if base else []) + hi1 * c)
    off = 1 if base else 0

    def resid(theta):
        r = _predict_model(form, theta, X, base) - y
        return np.nan_to_num(r, nan=1e6, posinf=1e6, neginf=-1e6)

    def jac(theta):
        J = np.empty((n, len(theta)))
        if base:
            J[:, 0] = 1.0
        for j in range(c):
            J[:, off + j * m : off + (j + 1) * m] = _jac1(
                form, X[:, j], theta[off + j * m : off + (j + 1) * m]
            )
        return J

    if theta0 is not None:
        starts = [np.asarray(theta0, dtype=float)]
    else:
        ymean = float(np.mean(y)) if len(y) else 1.0
        scale = (ymean * (0.5 if base else 1.0)) / max(c, 1)
        starts = [
            np.array(([0.5 * ymean] if base else []) + list(s) * c) for s in _starts(form, scale)
        ]
    best, best_cost = None, np.inf
    for theta_start in starts:
        t0 = np.clip(theta_start, lo + 1e-9, hi - 1e-9)
        try:
            res = least_squares(
                resid, t0, jac=jac, bounds=(lo, hi), method="trf", max_nfev=200 * len(t0)
            )
        except (ValueError, FloatingPointError, np.linalg.LinAlgError):
            continue
        if np.isfinite(res.cost) and res.cost < best_cost:
            best, best_cost = res.x, float(res.cost)
    if best is None:
        raise RuntimeError("fit failed")
    return best, best_cost


def _predict_model(form: str, theta: np.ndarray, X: np.ndarray, base: bool) -> np.ndarray:
    m = _NPARAMS[form]
    off = 1 if base else 0
    out = np.full(X.shape[0], theta[0]) if base else np.zeros(X.shape[0])
    for j in range(X.shape[1]):
        out = out + _f(form, X[:, j], theta[off + j * m : off + (j + 1) * m])
    return out


def _folds(n: int, k: int = 5) -> list[np.ndarray]:
    k = max(2, min(k, n // 3))
    return [idx for idx in np.array_split(np.arange(n), k) if len(idx)]


def _cv_rmse(form: str, X: np.ndarray, y: np.ndarray, base: bool, theta0: np.ndarray) -> float:
    """Out-of-sample RMSE over contiguous time blocks (each fold warm-started from ``theta0``)."""
    errs = np.empty(len(y))
    for test in _folds(len(y)):
        train = np.setdiff1d(np.arange(len(y)), test)
        try:
            theta, _ = _fit_model(form, X[train], y[train], base, theta0)
        except RuntimeError:
            return np.inf
        errs[test] = _predict_model(form, theta, X[test], base) - y[test]
    return float(np.sqrt(np.mean(errs**2)))


def _unscale(form: str, p: np.ndarray, xs: float, ys: float) -> tuple[float, ...]:
    if form == "hill":
        return (float(p[0] * ys), float(p[1] * xs), float(p[2]))
    if form in ("mm", "log"):
        return (float(p[0] * ys), float(p[1] * xs))
    return (float(p[0] * ys / xs ** p[1]), float(p[1]))


def _check_channel(channel: str, x: np.ndarray, min_periods: int) -> tuple[str, dict] | None:
    n = int((x > 0).sum())
    if n < min_periods:
        return "few_periods", {"channel": channel, "n": n, "need": min_periods}
    pos = x[x > 0]
    spread = float(np.std(x) / np.mean(x)) if np.mean(x) > 0 else 0.0
    if len(np.unique(np.round(pos / max(pos.mean(), 1e-12), 3))) < 4 or spread < 0.08:
        return "no_variation", {"channel": channel, "spread": spread}
    return None


def _choose(scores: dict[str, float]) -> str:
    """Lowest out-of-sample error; the 3-parameter Hill only when clearly better (>1%)."""
    two = {f: s for f, s in scores.items() if _NPARAMS[f] == 2 and np.isfinite(s)}
    best2 = min(two, key=two.get) if two else None
    if "hill" in scores and np.isfinite(scores["hill"]):
        if best2 is None or scores["hill"] < 0.99 * scores[best2]:
            return "hill"
    if best2 is None:
        raise RuntimeError("no form")
    return best2


def _soft_warnings(
    form: str, p: tuple[float, ...], n: int, xmax: float, band_rel: float
) -> tuple[str, ...]:
    out = []
    if n < 20:
        out.append("few_periods")
    linear = (form in ("hill", "mm", "log") and p[1] > 3.0 * xmax) or (
        form == "power" and p[1] > 0.95
    )
    if linear:
        out.append("linear")
    if band_rel > 0.5:
        out.append("wide_band")
    return tuple(out)


def _fit_block(
    X: np.ndarray,
    y: np.ndarray,
    base: bool,
    forms: tuple[str, ...],
    decays: tuple[float, ...],
) -> tuple[str, float, np.ndarray, float, np.ndarray]:
    """Choose decay and form by out-of-sample error; returns (form, decay, theta, cv, Xa)."""

    def scored(form: str, Xa: np.ndarray) -> tuple[float, np.ndarray | None]:
        try:
            theta, _ = _fit_model(form, Xa, y, base)
        except RuntimeError:
            return np.inf, None
        return _cv_rmse(form, Xa, y, base, theta), theta

    # the decay is chosen with the simplest saturating form, then the form at that decay
    if len(decays) > 1:
        dscore = {d: scored("mm", _adstock(X, d))[0] for d in decays}
        decay = min(dscore, key=dscore.get)
    else:
        decay = decays[0]
    Xa = _adstock(X, decay)
    results = {f: scored(f, Xa) for f in forms}
    scores = {f: r[0] for f, r in results.items()}
    form = _choose(scores)
    theta = results[form][1]
    if theta is None:
        raise RuntimeError("no form")
    return form, decay, theta, scores[form], Xa


def fit_curve(
    spend,
    revenue,
    *,
    channel: str = "",
    forms: Iterable[str] = FORMS,
    adstock: float | Literal["fit"] | None = None,
    n_boot: int = 30,
    min_periods: int = 8,
    random_state: int | None = 0,
) -> Curve:
    """Fit one channel's response curve to per-period spend and attributed revenue.

    The form (among ``forms``) and, with ``adstock="fit"``, the decay are chosen
    by out-of-sample error (contiguous time blocks). Raises :class:`BudgetError`
    ("few_periods", "no_variation", "no_fit") when the data cannot identify a curve.
    """
    x = np.asarray(spend, dtype=float)
    y = np.asarray(revenue, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = np.maximum(x[ok], 0.0), y[ok]
    problem = _check_channel(channel, x, min_periods)
    if problem:
        raise BudgetError(problem[0], **problem[1])
    forms = tuple(forms)
    decays = _decays(adstock)
    xs = float(x[x > 0].mean())
    ys = float(np.abs(y).mean()) or 1.0
    X, Y = (x / xs)[:, None], y / ys
    try:
        form, decay, theta, cv, Xa = _fit_block(X, Y, False, forms, decays)
    except RuntimeError as err:
        raise BudgetError("no_fit", channel=channel) from err
    fitted = _predict_model(form, theta, Xa, False) * ys
    params = _unscale(form, theta, xs, ys)
    boot = _bootstrap(form, Xa, Y, False, n_boot, random_state, theta)
    boot_p = tuple(_unscale(form, b, xs, ys) for b in boot)
    curve = Curve(
        channel=channel,
        form=form,
        params=params,
        decay=float(decay),
        current=float(x.mean()),
        spend_min=float(Xa[:, 0].min() * xs),
        spend_max=float(Xa[:, 0].max() * xs),
        n_periods=len(x),
        r2=_r2(y, fitted),
        mape=_mape(y, fitted),
        cv_error=float(cv / max(np.mean(np.abs(Y)), 1e-12)),
        boot=boot_p,
    )
    return replace(
        curve, warnings=_soft_warnings(form, params, len(x), curve.spend_max, _band_rel(curve))
    )


def _decays(adstock) -> tuple[float, ...]:
    if adstock is None:
        return (0.0,)
    if adstock == "fit":
        return (0.0, 0.2, 0.4, 0.6, 0.8)
    d = float(adstock)
    if not 0.0 <= d < 1.0:
        raise ValueError(f"adstock decay must be in [0, 1) or 'fit' (got {adstock!r}).")
    return (d,)


def _bootstrap(form, X, y, base, n_boot, random_state, theta0=None) -> list[np.ndarray]:
    if n_boot <= 0:
        return []
    rng = np.random.default_rng(random_state)
    out = []
    n = len(y)
    for _ in range(n_boot):
        idx = rng.integers(0, n, n)
        try:
            theta, _ = _fit_model(form, X[idx], y[idx], base, theta0)
        except RuntimeError:
            continue
        out.append(theta)
    return out


def _band_rel(curve: Curve) -> float:
    if not curve.boot or curve.current <= 0:
        return 0.0
    lo, hi = curve.band(curve.current)
    mid = float(curve.predict(curve.current))
    return float((hi[0] - lo[0]) / mid) if mid > 0 else float("inf")


def _r2(y: np.ndarray, fitted: np.ndarray) -> float:
    sst = float(np.sum((y - y.mean()) ** 2))
    return float(1.0 - np.sum((y - fitted) ** 2) / sst) if sst > 0 else float("nan")


def _mape(y: np.ndarray, fitted: np.ndarray) -> float:
    pos = y > 0
    return float(np.mean(np.abs(fitted[pos] - y[pos]) / y[pos])) if pos.any() else float("nan")


def fit_curves(
    spend: pd.DataFrame,
    *,
    period: str = "auto",
    value_per_conversion: float | None = None,
    scope: Literal["auto", "channel", "total"] = "auto",
    forms: Iterable[str] = FORMS,
    adstock: float | Literal["fit"] | None = None,
    n_boot: int = 30,
    min_periods: int = 8,
    random_state: int | None = 0,
) -> Curves:
    """Fit a concave response curve of spend to revenue per channel.

    Parameters
    ----------
    spend : canonical spend frame (date, channel, spend, revenue or conversions)
        or traffic frame with spend and revenue; see :func:`spend_history`.
    period, value_per_conversion : passed to :func:`spend_history`.
    scope : "channel" when revenue is attributed to each channel (one curve
        per channel, through the origin); "total" when one revenue per period
        is shared by all channels (additive model with a base, fitted jointly);
        "auto" detects it.
    forms : forms to choose among by out-of-sample error (Hill with slope at
        most 1, Michaelis-Menten "mm", "power", "log").
    adstock : None (no carry-over), a decay in [0, 1), or "fit".
    n_boot : bootstrap refits for the uncertainty band.
    min_periods : periods with spend a channel needs.

    Returns
    -------
    :class:`Curves` (a dict channel -> :class:`Curve`, each with a vectorised
    ``predict(spend) -> revenue``); channels that cannot be fitted are listed in
    ``.problems`` with the reason. Raises :class:`BudgetError` when no channel
    can be fitted or the data has no revenue.
    """
    hist = spend_history(spend, period=period, value_per_conversion=value_per_conversion)
    forms = tuple(forms)
    for f in forms:
        _check_form(f)
    use_total = hist.attrs["scope"] == "total" if scope == "auto" else scope == "total"
    wide_x = hist.pivot_table(
        index="period", columns="channel", values="spend", aggfunc="sum"
    ).fillna(0.0)
    out = Curves()
    out.period = hist.attrs["period"]
    out.scope = "total" if use_total else "channel"
    problems: dict[str, tuple[str, dict[str, Any]]] = {}
    ok_channels = []
    for ch in wide_x.columns:
        pr = _check_channel(str(ch), wide_x[ch].to_numpy(), min_periods)
        if pr:
            problems[str(ch)] = pr
        else:
            ok_channels.append(ch)
    if not ok_channels:
        raise _no_channels(problems)
    decays = _decays(adstock)
    if use_total:
        fit = _JointFit(hist, wide_x, ok_channels, forms, decays)
        points = fit.curves(out, n_boot, random_state)
    else:
        options = {"forms": forms, "adstock": adstock, "n_boot": n_boot}
        options.update(min_periods=min_periods, random_state=random_state)
        points = _fit_each(hist, wide_x, ok_channels, options, out, problems)
    out.problems = problems
    if points:
        out.points = pd.concat(points, ignore_index=True)
    return out


def _no_channels(problems: Mapping[str, tuple[str, dict[str, Any]]]) -> BudgetError:
    """The error when no channel could be fitted, with each channel's reason."""
    details = "; ".join(str(BudgetError(c, **p)) for c, p in problems.values())
    return BudgetError("no_channels", details=details, problems=list(problems.values()))


def _fit_each(
    hist: pd.DataFrame,
    wide_x: pd.DataFrame,
    ok_channels: list,
    options: dict[str, Any],
    out: Curves,
    problems: dict[str, tuple[str, dict[str, Any]]],
) -> list[pd.DataFrame]:
    """One curve per channel through the origin (revenue attributed to each channel).

    Fills ``out`` and ``problems``; returns each channel's points (adstocked spend, revenue).
    """
    wide_y = hist.pivot_table(index="period", columns="channel", values="revenue", aggfunc="sum")
    points = []
    for ch in ok_channels:
        x = wide_x[ch].to_numpy()
        yv = wide_y[ch].reindex(wide_x.index).to_numpy()
        keep = np.isfinite(yv)
        try:
            c = fit_curve(x[keep], yv[keep], channel=str(ch), **options)
        except BudgetError as err:
            problems[str(ch)] = (err.code, err.params)
            continue
        out[str(ch)] = c
        xa = _adstock(x[keep][:, None], c.decay)[:, 0]
        points.append(
            pd.DataFrame(
                {
                    "period": wide_x.index[keep],
                    "channel": str(ch),
                    "spend": xa,
                    "revenue": yv[keep],
                }
            )
        )
    if not out:
        raise _no_channels(problems)
    return points


class _JointFit:
    """The additive model with a base of one revenue per period shared by all channels."""

    def __init__(self, hist, wide_x, ok_channels, forms, decays) -> None:
        y_s = hist.groupby("period")["revenue"].first().reindex(wide_x.index)
        keep = y_s.notna().to_numpy()
        self.channels = ok_channels
        self.periods = wide_x.index[keep]
        self.X = wide_x[ok_channels].to_numpy()[keep]
        self.y = y_s.to_numpy()[keep]
        X = self.X
        self.xs = np.array([X[:, j][X[:, j] > 0].mean() for j in range(X.shape[1])])
        self.ys = float(np.abs(self.y).mean()) or 1.0
        self.Y = self.y / self.ys
        try:
            fit = _fit_block(X / self.xs, self.Y, True, forms, decays)
        except RuntimeError as err:
            raise BudgetError(
                "no_channels",
                details=str(BudgetError("no_fit", channel="*")),
                problems=[("no_fit", {"channel": "*"})],
            ) from err
        self.form, self.decay, self.theta, self.cv, self.Xa = fit
        self.fitted = _predict_model(self.form, self.theta, self.Xa, True) * self.ys

    def curves(self, out: Curves, n_boot: int, random_state: int | None) -> list[pd.DataFrame]:
        """Fill ``out`` with each channel's curve and its base; return the partial points."""
        form, theta, ys, y = self.form, self.theta, self.ys, self.y
        boots = _bootstrap(form, self.Xa, self.Y, True, n_boot, random_state, theta)
        m = _NPARAMS[form]
        out.base = float(theta[0] * ys)
        points = []
        for j, ch in enumerate(self.channels):
            pj = theta[1 + j * m : 1 + (j + 1) * m]
            contrib = _f(form, self.Xa[:, j], pj) * ys
            partial = y - self.fitted + contrib
            points.append(
                pd.DataFrame(
                    {
                        "period": self.periods,
                        "channel": str(ch),
                        "spend": self.Xa[:, j] * self.xs[j],
                        "revenue": partial,
                    }
                )
            )
            bp = tuple(
                _unscale(form, b[1 + j * m : 1 + (j + 1) * m], self.xs[j], ys) for b in boots
            )
            out[str(ch)] = self._curve(j, str(ch), _unscale(form, pj, self.xs[j], ys), bp)
        return points

    def _curve(self, j: int, channel: str, params: tuple, boot: tuple) -> Curve:
        xs = self.xs[j]
        c = Curve(
            channel=channel,
            form=self.form,
            params=params,
            decay=float(self.decay),
            current=float(self.X[:, j].mean()),
            spend_min=float(self.Xa[:, j].min() * xs),
            spend_max=float(self.Xa[:, j].max() * xs),
            n_periods=int(len(self.y)),
            r2=_r2(self.y, self.fitted),
            mape=_mape(self.y, self.fitted),
            cv_error=float(self.cv / max(np.mean(np.abs(self.Y)), 1e-12)),
            boot=boot,
        )
        return replace(
            c, warnings=_soft_warnings(self.form, params, len(self.y), c.spend_max, _band_rel(c))
        )


def manual_curve(channel: str, spend: float, roas: float, saturation: float) -> Curve:
    """A hand-set Michaelis-Menten curve for a channel with no history.

    ``spend``: the planned (current) spend per period; ``roas``: the ROAS expected
    at that spend; ``saturation``: the revenue per period the channel could bring
    at unlimited spend. Then vmax = saturation and k = saturation / roas - spend.
    """
    vals = (spend, roas, saturation)
    if not all(isinstance(v, int | float) and math.isfinite(v) and v > 0 for v in vals):
        raise BudgetError("manual_values", spend=spend, roas=roas, saturation=saturation)
    revenue = roas * spend
    if saturation <= revenue:
        raise BudgetError("manual_saturation", revenue=revenue)
    k = saturation / roas - spend
    return Curve(
        channel=channel,
        form="mm",
        params=(float(saturation), float(k)),
        current=float(spend),
        spend_min=0.0,
        spend_max=0.0,
        manual=True,
        warnings=("manual",),
    )


# ---------------------------------------------------------------------------
# What-if


def current_plan(curves: Mapping[str, Curve]) -> dict[str, float]:
    """The current spend per period of each channel (its average in the history)."""
    return {ch: float(c.current) for ch, c in curves.items()}


def scale_plan(plan: Mapping[str, float], total: float) -> dict[str, float]:
    """``plan`` scaled so that it sums to ``total`` (keeping the mix; equal split if all zero)."""
    s = float(sum(plan.values()))
    if s <= 0:
        return {ch: total / len(plan) for ch in plan} if plan else {}
    return {ch: float(v) * total / s for ch, v in plan.items()}


def evaluate(
    curves: Mapping[str, Curve],
    plan: Mapping[str, float],
    *,
    baseline: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> pd.DataFrame:
    """Predicted results of a spend plan, per channel, against a baseline (the current plan).

    Returns a DataFrame with one row per channel of ``curves``: ``channel``, ``spend``,
    ``revenue`` (predicted), ``roas``, ``roi``, ``marginal_roas``, ``base_spend``,
    ``base_revenue``, ``d_spend``, ``d_revenue``, ``extrapolation`` (spend / largest
    spend seen), ``profit`` (margin x revenue - spend; NaN without margin).
    Channels missing from ``plan`` spend 0.
    """
    return pd.DataFrame(evaluate_arrays(curves, plan, baseline=baseline, margin=margin))


def evaluate_arrays(
    curves: Mapping[str, Curve],
    plan: Mapping[str, float],
    *,
    baseline: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> dict[str, list[str] | np.ndarray]:
    """:func:`evaluate` as a dict of columns (``channel`` a list, the rest NumPy arrays).

    The same numbers without building a DataFrame: the what-if panel reruns on every
    slider move and draws these columns directly. :func:`totals` accepts either form.
    """
    baseline = current_plan(curves) if baseline is None else baseline
    names = list(curves)
    x = np.array([float(plan.get(ch, 0.0)) for ch in names])
    b = np.array([float(baseline.get(ch, 0.0)) for ch in names])
    cl = [curves[ch] for ch in names]
    r = np.array([float(c.predict(v)) for c, v in zip(cl, x, strict=True)])
    rb = np.array([float(c.predict(v)) for c, v in zip(cl, b, strict=True)])
    with np.errstate(divide="ignore", invalid="ignore"):
        roas = np.where(x > 0, r / np.where(x > 0, x, 1.0), np.nan)
    ext = [c.extrapolation(v) if not c.manual else np.nan for c, v in zip(cl, x, strict=True)]
    return {
        "channel": names,
        "spend": x,
        "revenue": r,
        "roas": roas,
        "roi": roas - 1.0,
        "marginal_roas": _marginals(cl, x),
        "base_spend": b,
        "base_revenue": rb,
        "d_spend": x - b,
        "d_revenue": r - rb,
        "extrapolation": np.array(ext, dtype=float),
        "profit": margin * r - x if margin is not None else np.full(len(x), np.nan),
    }


def totals(
    table: pd.DataFrame | Mapping[str, Any], *, base: float = 0.0, margin: float | None = None
) -> dict[str, float]:
    """Totals of an :func:`evaluate` table (or :func:`evaluate_arrays` columns): spend,
    revenue (+ ``base``), ROAS, ROI, marginal ROAS.

    ROAS and ROI use the revenue the spend brings (without the base);
    ``revenue_total`` adds the base. The total marginal ROAS is the
    spend-weighted average of the channels' marginal ROAS.
    """
    w, mr, rev, b_sp, b_rev = (
        np.asarray(table[c], dtype=float)
        for c in ("spend", "marginal_roas", "revenue", "base_spend", "base_revenue")
    )
    sp, rv, bs, br = float(w.sum()), float(rev.sum()), float(b_sp.sum()), float(b_rev.sum())
    fin = np.isfinite(mr)
    marg = float(np.average(mr[fin], weights=w[fin])) if fin.any() and w[fin].sum() > 0 else np.nan
    return {
        "spend": sp,
        "revenue": rv,
        "revenue_total": rv + base,
        "roas": rv / sp if sp > 0 else np.nan,
        "roi": (rv - sp) / sp if sp > 0 else np.nan,
        "marginal_roas": marg,
        "base_spend": bs,
        "base_revenue": br,
        "base_roas": br / bs if bs > 0 else np.nan,
        "base_roi": (br - bs) / bs if bs > 0 else np.nan,
        "d_revenue": rv - br,
        "d_spend": sp - bs,
        "profit": margin * rv - sp if margin is not None else np.nan,
    }


def curve_grid(
    curves: Mapping[str, Curve],
    *,
    upto: Mapping[str, float] | None = None,
    n: int = 60,
    level: float = 0.9,
) -> pd.DataFrame:
    """Points to draw each curve: channel, spend, revenue, lo, hi (bootstrap band).

    Spend runs from 0 to the largest of 1.3 x (largest spend seen, current,
    ``upto[channel]``).
    """
    parts = []
    for ch, c in curves.items():
        top = max(c.spend_max, c.current, float((upto or {}).get(ch, 0.0))) * 1.3 or 1.0
        xs = np.linspace(0.0, top, n)
        lo, hi = c.band(xs, level)
        parts.append(
            pd.DataFrame({"channel": ch, "spend": xs, "revenue": c.predict(xs), "lo": lo, "hi": hi})
        )
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["channel", "spend", "revenue", "lo", "hi"])
    )


# ---------------------------------------------------------------------------
# Optimiser


@dataclass(frozen=True)
class Optimum:
    """The result of :func:`optimize_report`.

    ``spend``: channel -> spend; ``revenue``: channel -> predicted revenue;
    ``marginal``: channel -> marginal ROAS at the optimum; ``binds``: channel ->
    "lower", "upper", "locked" or "free"; ``multiplier``: the common marginal
    ROAS of the free channels; ``budget_used``; ``budget_binds``: False when the
    goal stops before the whole budget is spent (profit, target ROAS);
    ``outside_seen``: channels whose spend is outside the range seen in the data;
    ``goal_met``: False when a target ROAS cannot be reached.
    """

    spend: dict[str, float]
    revenue: dict[str, float]
    marginal: dict[str, float]
    binds: dict[str, str]
    multiplier: float
    budget_used: float
    budget_binds: bool
    outside_seen: tuple[str, ...] = ()
    goal_met: bool = True
    method: str = "bisection"

    @property
    def total_revenue(self) -> float:
        return float(sum(self.revenue.values()))


def default_bounds(
    curves: Mapping[str, Curve], low: float = 0.5, high: float = 2.0
) -> dict[str, tuple[float, float]]:
    """Per-channel bounds ``(low x current, high x current)``."""
    return {ch: (low * c.current, high * c.current) for ch, c in curves.items()}


def _resolve_bounds(curves, bounds, locked) -> tuple[list[str], np.ndarray, np.ndarray, set[str]]:
    names = list(curves)
    full = default_bounds(curves)
    for ch in bounds or {}:
        if ch not in curves:
            raise BudgetError("unknown_channel", channel=ch, known=", ".join(names))
        full[ch] = bounds[ch]
    locked = set(locked or ())
    for ch in locked:
        if ch not in curves:
            raise BudgetError("unknown_channel", channel=ch, known=", ".join(names))
        full[ch] = (curves[ch].current, curves[ch].current)
    lo = np.array([float(full[ch][0]) for ch in names])
    hi = np.array([float(full[ch][1]) for ch in names])
    lo = np.maximum(lo, 0.0)
    for ch, a, b in zip(names, lo, hi, strict=True):
        if a > b + 1e-12:
            raise BudgetError("bad_bounds", channel=ch, low=a, high=b)
    return names, lo, hi, locked


_EXP_CAP = 700.0


class _Alloc:
    """Water-filling on the marginal ROAS: x_c(lam) = clip(f_c'^-1(lam), lo_c, hi_c).

    Plain-Python floats: with tens of channels this is faster than numpy's
    per-call overhead, and the closed-form inverses (mm, log, power) need no
    iteration; Hill uses a safeguarded Newton step in log-spend.
    """

    def __init__(self, curves: list[Curve], lo, hi) -> None:
        self.lo = [float(v) for v in lo]
        self.hi = [float(v) for v in hi]
        self.specs = [(c.form, tuple(float(p) for p in c.params)) for c in curves]
        self.t_hill = [None] * len(curves)

    # marginal and its derivative, scalar
    @staticmethod
    def d1(form: str, p: tuple[float, ...], x: float) -> float:
        if form == "mm":
            v, k = p
            return v * k / ((k + x) * (k + x))
        if form == "log":
            a, k = p
            return a / (k + x)
        if form == "power":
            a, b = p
            if x <= 0:
                return a if b >= 1.0 else math.inf
            return a * b * x ** (b - 1.0)
        v, k, s = p
        if x <= 0:
            return v / k if s >= 1.0 else math.inf
        z = (x / k) ** s
        return v * s * z / (x * (1.0 + z) * (1.0 + z))

    @staticmethod
    def d2(form: str, p: tuple[float, ...], x: float) -> float:
        x = max(x, 1e-300)
        if form == "mm":
            v, k = p
            return -2.0 * v * k / (k + x) ** 3
        if form == "log":
            a, k = p
            return -a / ((k + x) * (k + x))
        if form == "power":
            a, b = p
            return a * b * (b - 1.0) * x ** (b - 2.0)
        v, k, s = p
        z = (x / k) ** s
        # d/dx of v s z / (x (1+z)^2)
        return v * s * z * ((s - 1.0) - 2.0 * s * z / (1.0 + z)) / (x * x * (1.0 + z) ** 2)

    def x_of(self, i: int, lam: float) -> float:
        form, p = self.specs[i]
        lo, hi = self.lo[i], self.hi[i]
        if form == "mm":
            v, k = p
            x = math.sqrt(v * k / lam) - k
        elif form == "log":
            a, k = p
            x = a / lam - k
        elif form == "power":
            a, b = p
            if b >= 0.9999:
                x = hi if a * b > lam else lo
            else:
                x = (lam / (a * b)) ** (1.0 / (b - 1.0))
        else:
            x = self._hill_x(i, p, lam, lo, hi)
        return lo if x < lo else (hi if x > hi else x)

    def _hill_x(self, i: int, p, lam: float, lo: float, hi: float) -> float:
        v, k, s = p
        if self.d1("hill", p, max(lo, 1e-300)) <= lam:
            return lo
        if self.d1("hill", p, hi) >= lam:
            return hi
        # phi(t) = log f'(k e^t) = c + (s-1) t - 2 log(1 + e^(s t)) is decreasing and concave
        c = math.log(v * s / k)
        target = math.log(lam)
        a = math.log(max(lo, 1e-300) / k)
        b = math.log(hi / k)
        t = self.t_hill[i]
        if t is None or not a < t < b:
            # asymptotes: phi ~ c + (s-1) t for small spend, c - (s+1) t for large
            t = (target - c) / (s - 1.0) if s < 1.0 else -1.0
            if t > 0:
                t = (c - target) / (s + 1.0)
            if not a < t < b:
                t = 0.5 * (a + b) if math.isfinite(a) else min(b, 0.0)
        for _ in range(60):
            e = math.exp(min(s * t, _EXP_CAP))
            phi = c + (s - 1.0) * t - 2.0 * math.log1p(e) - target
            if abs(phi) < 1e-12:
                break
            if phi > 0:
                a = t
            else:
                b = t
            dphi = (s - 1.0) - 2.0 * s * e / (1.0 + e)
            tn = t - phi / dphi
            if not a < tn < b:
                tn = 0.5 * (a + b) if math.isfinite(a) else t - 1.0
            if abs(tn - t) < 1e-14:
                t = tn
                break
            t = tn
        self.t_hill[i] = t
        return k * math.exp(t)

    def spend(self, lam: float) -> list[float]:
        return [self.x_of(i, lam) for i in range(len(self.specs))]

    def slope(self, x: list[float], lam: float) -> float:
        """dS/dlog(lam) = lam * sum over free channels of 1 / f''(x)."""
        out = 0.0
        for i, (form, p) in enumerate(self.specs):
            if self.lo[i] < x[i] < self.hi[i]:
                d2 = self.d2(form, p, x[i])
                if d2 < 0:
                    out += lam / d2
        return out


def _marginals(curves: list[Curve], x) -> np.ndarray:
    return np.array([_Alloc.d1(c.form, c.params, float(v)) for c, v in zip(curves, x, strict=True)])


def _solve_budget(al: _Alloc, budget: float) -> tuple[np.ndarray, float]:
    """Allocation summing to ``budget`` with equal marginal ROAS on the free channels.

    Newton's method on log(lambda) (the derivative of the total spend is known in
    closed form), kept inside a bisection bracket.
    """
    lo, hi = al.lo, al.hi
    slo, shi = math.fsum(lo), math.fsum(hi)
    tol = 1e-11 * max(budget, 1.0)
    if budget <= slo + tol:
        return np.array(lo), float("nan")
    if budget >= shi - tol:
        return np.array(hi), float("nan")
    n = len(lo)
    # start: marginal ROAS of the proportional split inside the bounds
    w = (budget - slo) / (shi - slo)
    m0 = [al.d1(f, p, lo[i] + w * (hi[i] - lo[i])) for i, (f, p) in enumerate(al.specs)]
    m0 = sorted(m for m in m0 if 0 < m < math.inf)
    u = math.log(m0[len(m0) // 2]) if m0 else 0.0
    u_lo, u_hi = -math.inf, math.inf  # S(u_lo) >= budget >= S(u_hi)
    x = al.spend(math.exp(u))
    for _ in range(200):
        s = math.fsum(x)
        r = s - budget
        if abs(r) <= tol:
            break
        if r > 0:
            u_lo = u
        else:
            u_hi = u
        lam = math.exp(u)
        ds = al.slope(x, lam)
        un = u - r / ds if ds < 0 else math.nan
        if not (u_lo < un < u_hi):
            if math.isfinite(u_lo) and math.isfinite(u_hi):
                un = 0.5 * (u_lo + u_hi)
            else:
                un = u + (2.0 if r > 0 else -2.0)
        if math.isfinite(u_lo) and math.isfinite(u_hi) and u_hi - u_lo < 1e-15:
            break
        u = un
        x = al.spend(math.exp(u))
    lam = math.exp(u)
    s = math.fsum(x)
    if abs(s - budget) > tol:
        # the total spend jumps at lam (linear curves): interpolate between both sides
        more = al.spend(math.exp(u_lo)) if math.isfinite(u_lo) else x
        less = al.spend(math.exp(u_hi)) if math.isfinite(u_hi) else x
        sm, sl = math.fsum(more), math.fsum(less)
        t = 1.0 if sm - sl <= 0 else min(max((budget - sl) / (sm - sl), 0.0), 1.0)
        x = [a + t * (b - a) for a, b in zip(less, more, strict=True)]
    xa = np.array(x)
    resid = budget - float(xa.sum())
    free = (xa > np.array(lo)) & (xa < np.array(hi))
    if resid and free.any():
        xa[free] += resid / free.sum()
        xa = np.clip(xa, lo, hi)
    del n
    return xa, lam


def optimize_report(
    curves: Mapping[str, Curve],
    budget: float,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    *,
    locked: Iterable[str] = (),
    goal: Literal["revenue", "profit", "roas"] = "revenue",
    margin: float | None = None,
    target_roas: float | None = None,
) -> Optimum:
    """Best split of ``budget`` (per period) across the channels of ``curves``.

    Goals: "revenue" maximises predicted revenue spending the whole budget;
    "profit" maximises margin x revenue - spend with spend at most the budget
    (stops where the marginal ROAS reaches 1 / margin); "roas" spends the most
    (at most the budget) for which the allocation's ROAS stays at least
    ``target_roas``. Bounds default to 0.5x-2x current spend; ``locked``
    channels stay at their current spend. For concave curves the optimum
    equalises marginal ROAS across channels not at a bound (bisection on the
    multiplier); otherwise scipy's SLSQP is used from several starts.
    """
    if not (isinstance(budget, int | float) and math.isfinite(budget) and budget > 0):
        raise BudgetError("bad_budget", budget=budget)
    names, lo, hi, locked = _resolve_bounds(curves, bounds, locked)
    _check_goal(goal, budget, lo, hi, margin, target_roas)
    p = _Split(names, [curves[ch] for ch in names], lo, hi)
    cl = p.curves
    goal_met = True
    cap = min(budget, hi.sum())
    if goal == "revenue":
        x, lam = p.solve(budget)
        budget_binds = True
    elif goal == "profit":
        x, lam, budget_binds = _best_for_profit(p, margin, cap)
    else:
        x, goal_met, budget_binds = _best_for_roas(p, target_roas, cap)
        lam = float("nan")
    marg = _marginals(cl, x)
    free = [
        (x[i] > lo[i] * (1 + 1e-9) + 1e-12) and (x[i] < hi[i] * (1 - 1e-9) - 1e-12)
        for i in range(len(x))
    ]
    if p.concave and not math.isfinite(lam) and any(free):
        lam = float(np.median(marg[np.array(free)]))
    outside = tuple(
        ch
        for ch, c, v in zip(names, cl, x, strict=True)
        if not c.manual and (v > c.spend_max * 1.0001 or v < c.spend_min * 0.9999)
    )
    return Optimum(
        spend={ch: float(v) for ch, v in zip(names, x, strict=True)},
        revenue={ch: float(c.predict(v)) for ch, c, v in zip(names, cl, x, strict=True)},
        marginal={ch: float(m) for ch, m in zip(names, marg, strict=True)},
        binds=_binds(names, x, lo, free, locked),
        multiplier=float(lam),
        budget_used=float(x.sum()),
        budget_binds=budget_binds,
        outside_seen=outside,
        goal_met=goal_met,
        method="bisection" if p.concave else "slsqp",
    )


def _check_goal(goal, budget, lo, hi, margin, target_roas) -> None:
    """The budget within the bounds' reach, and the goal's margin or target ROAS usable."""
    if goal == "revenue" and not (lo.sum() - 1e-9 * budget <= budget <= hi.sum() + 1e-9 * budget):
        raise BudgetError("infeasible", budget=budget, low=lo.sum(), high=hi.sum())
    if goal in ("profit", "roas") and lo.sum() > budget * (1 + 1e-9):
        raise BudgetError("infeasible", budget=budget, low=lo.sum(), high=hi.sum())
    if goal == "profit" and (margin is None or not 0 < margin <= 1):
        raise BudgetError("bad_margin", margin=margin)
    if goal == "roas" and (target_roas is None or not target_roas > 0):
        raise BudgetError("bad_target", target=target_roas)


class _Split:
    """The channels' curves and bounds, and the best split of any budget among them."""

    def __init__(self, names: list[str], curves: list[Curve], lo, hi) -> None:
        self.names, self.curves, self.lo, self.hi = names, curves, lo, hi
        self.concave = all(c.concave for c in curves)

    def solve(self, b: float) -> tuple[np.ndarray, float]:
        """The revenue-maximising split of ``b`` and its multiplier (NaN by SLSQP)."""
        if self.concave:
            return _solve_budget(_Alloc(self.curves, self.lo, self.hi), b)
        x = optimize_scipy(
            dict(zip(self.names, self.curves, strict=True)),
            b,
            dict(zip(self.names, zip(self.lo, self.hi, strict=True), strict=True)),
            starts=5,
        )
        return np.array([x[ch] for ch in self.names]), float("nan")

    def roas_of(self, b: float) -> tuple[float, np.ndarray]:
        """The ROAS of the best split of ``b``, and that split."""
        xb, _ = self.solve(b)
        s = xb.sum()
        roas = (
            sum(float(c.predict(v)) for c, v in zip(self.curves, xb, strict=True)) / s
            if s > 0
            else np.inf
        )
        return roas, xb


def _best_for_profit(p: _Split, margin: float, cap: float) -> tuple[np.ndarray, float, bool]:
    """Spend up to where the marginal ROAS reaches 1 / margin, at most ``cap``."""
    lam0 = 1.0 / margin
    if p.concave:
        x0 = np.array(_Alloc(p.curves, p.lo, p.hi).spend(lam0))
    else:
        x0 = _profit_scipy(p.curves, p.lo, p.hi, margin, cap)
    if x0.sum() <= cap:
        return x0, lam0, False
    x, lam = p.solve(cap)
    return x, lam, True


def _best_for_roas(p: _Split, target_roas: float, cap: float) -> tuple[np.ndarray, bool, bool]:
    """The most spend (at most ``cap``) whose best split keeps ROAS >= the target.

    Returns the split, whether the target is met and whether the budget binds.
    """
    r_cap, x_cap = p.roas_of(cap)
    if r_cap >= target_roas:
        return x_cap, True, True
    a, b = p.lo.sum(), cap
    r_a, x_a = p.roas_of(a) if a > 0 else (np.inf, p.lo.copy())
    if r_a < target_roas:
        return x_a, False, False
    for _ in range(60):
        mid = 0.5 * (a + b)
        r_m, _x = p.roas_of(mid)
        if r_m >= target_roas:
            a = mid
        else:
            b = mid
        if b - a <= 1e-9 * cap:
            break
    _, x = p.roas_of(a)
    return x, True, False


def _binds(names, x, lo, free, locked) -> dict[str, str]:
    """Each channel's binding: locked, free, at its lower or at its upper bound."""
    binds = {}
    for i, ch in enumerate(names):
        if ch in locked:
            binds[ch] = "locked"
        elif free[i]:
            binds[ch] = "free"
        elif x[i] <= lo[i] * (1 + 1e-9) + 1e-12:
            binds[ch] = "lower"
        else:
            binds[ch] = "upper"
    return binds


def _profit_scipy(cl, lo, hi, margin, cap) -> np.ndarray:
    def neg(x):
        return -sum(margin * float(c.predict(v)) - v for c, v in zip(cl, x, strict=True))

    res = minimize(
        neg,
        0.5 * (lo + hi),
        method="SLSQP",
        bounds=list(zip(lo, hi, strict=True)),
        constraints=[{"type": "ineq", "fun": lambda x: cap - x.sum()}],
    )
    return np.clip(res.x, lo, hi)


def optimize(
    curves: Mapping[str, Curve],
    budget: float,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    **kwargs: Any,
) -> dict[str, float]:
    """Split ``budget`` across channels to maximise predicted revenue.

    Parameters
    ----------
    curves : dict channel -> curve (from :func:`fit_curves` or :func:`manual_curve`).
    budget : total spend per period.
    bounds : dict channel -> (low, high); channels not given get 0.5x-2x their
        current spend.
    **kwargs : ``locked``, ``goal``, ``margin``, ``target_roas`` of :func:`optimize_report`.

    Returns
    -------
    dict channel -> spend. Bounds, locks and the budget are always met; at the
    optimum the marginal ROAS is equal across channels not at a bound.
    """
    if set(kwargs) <= {"locked"} and all(c.concave for c in curves.values()):
        # the lean path (no report): what the what-if page and the benchmark call
        if not (isinstance(budget, int | float) and math.isfinite(budget) and budget > 0):
            raise BudgetError("bad_budget", budget=budget)
        names, lo, hi, _ = _resolve_bounds(curves, bounds, kwargs.get("locked", ()))
        slo, shi = float(lo.sum()), float(hi.sum())
        if not (slo - 1e-9 * budget <= budget <= shi + 1e-9 * budget):
            raise BudgetError("infeasible", budget=budget, low=slo, high=shi)
        x, _ = _solve_budget(_Alloc([curves[ch] for ch in names], lo, hi), float(budget))
        return dict(zip(names, x.tolist(), strict=True))
    return optimize_report(curves, budget, bounds, **kwargs).spend


def optimize_scipy(
    curves: Mapping[str, Curve],
    budget: float,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    *,
    starts: int = 1,
    jac: bool = True,
) -> dict[str, float]:
    """The same problem as :func:`optimize` (revenue goal) solved by ``scipy.optimize.minimize`` (SLSQP).

    Used for curves that are not concave and as the reference in tests and benchmarks.
    """
    names, lo, hi, _ = _resolve_bounds(curves, bounds, ())
    cl = [curves[ch] for ch in names]
    scale = max(budget / max(len(cl), 1), 1e-12)

    def neg(z):
        x = z * scale
        return -sum(float(c.predict(v)) for c, v in zip(cl, x, strict=True)) / scale

    def grad(z):
        x = np.maximum(z * scale, 1e-12)
        return -np.array([float(c.marginal(v)) for c, v in zip(cl, x, strict=True)])

    best = None
    rng = np.random.default_rng(0)
    for i in range(max(starts, 1)):
        x0 = scale_plan({str(j): v for j, v in enumerate(np.clip(0.5 * (lo + hi), lo, hi))}, budget)
        z0 = np.clip(np.array(list(x0.values())), lo, hi) / scale
        if i:
            z0 = np.clip(rng.uniform(lo, hi), lo, hi) / scale
        res = minimize(
            neg,
            z0,
            jac=grad if jac else None,
            method="SLSQP",
            bounds=list(zip(lo / scale, hi / scale, strict=True)),
            constraints=[
                {
                    "type": "eq",
                    "fun": lambda z: z.sum() - budget / scale,
                    "jac": lambda z: np.ones_like(z),
                }
            ],
            options={"maxiter": 500, "ftol": 1e-12},
        )
        if best is None or res.fun < best.fun:
            best = res
    x = np.clip(best.x * scale, lo, hi)
    return {ch: float(v) for ch, v in zip(names, x, strict=True)}


# ---------------------------------------------------------------------------
# Waterfall and scenarios


def waterfall(
    curves: Mapping[str, Curve],
    start: Mapping[str, float],
    end: Mapping[str, float],
    *,
    start_label: str = "Current",
    end_label: str = "Optimised",
    base: float = 0.0,
) -> pd.DataFrame:
    """Steps from the revenue of ``start`` to that of ``end``, one per channel.

    Returns ``step``, ``start``, ``end``, ``delta``, ``kind`` ("total", "up",
    "down"), ``order``; the first and last rows are the two totals (with ``base`` added).
    """
    r0 = base + sum(float(c.predict(start.get(ch, 0.0))) for ch, c in curves.items())
    rows = [{"step": start_label, "start": 0.0, "end": r0, "delta": r0, "kind": "total"}]
    level = r0
    for ch, c in curves.items():
        d = float(c.predict(end.get(ch, 0.0))) - float(c.predict(start.get(ch, 0.0)))
        rows.append(
            {
                "step": ch,
                "start": level,
                "end": level + d,
                "delta": d,
                "kind": "up" if d >= 0 else "down",
            }
        )
        level += d
    rows.append({"step": end_label, "start": 0.0, "end": level, "delta": level, "kind": "total"})
    out = pd.DataFrame(rows)
    out["order"] = np.arange(len(out))
    return out


@dataclass(frozen=True)
class Scenario:
    """A named spend plan (channel -> spend per period), saved and reloaded as JSON.

    ``to_json`` / ``from_json`` round-trip exactly (floats are written with
    full precision). ``settings`` holds the page settings the plan was made with.
    """

    name: str
    spend: dict[str, float]
    period: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": _SCENARIO_FORMAT,
                "version": 1,
                "name": self.name,
                "period": self.period,
                "spend": {str(k): float(v) for k, v in self.spend.items()},
                "settings": self.settings,
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Parse a scenario file; :class:`BudgetError` ("bad_scenario") when it is not one."""
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8-sig")
            data = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise BudgetError(
                "bad_scenario", detail=f"not JSON: {err.msg if hasattr(err, 'msg') else err}"
            ) from err
        if not isinstance(data, dict) or data.get("format") != _SCENARIO_FORMAT:
            raise BudgetError("bad_scenario", detail="the format marker is missing")
        spend = data.get("spend")
        if not isinstance(spend, dict) or not spend:
            raise BudgetError("bad_scenario", detail="no spend per channel")
        clean = {}
        for k, v in spend.items():
            if (
                isinstance(v, bool)
                or not isinstance(v, int | float)
                or not math.isfinite(v)
                or v < 0
            ):
                raise BudgetError("bad_scenario", detail=f"the spend of {k} is not a number >= 0")
            clean[str(k)] = float(v)
        name = data.get("name")
        settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
        return cls(
            name=str(name) if name else "scenario",
            spend=clean,
            period=str(data.get("period") or ""),
            settings=settings,
        )


def compare_scenarios(
    curves: Mapping[str, Curve],
    scenarios: Iterable[Scenario],
    *,
    total_label: str = "Total",
    base: float = 0.0,
) -> pd.DataFrame:
    """Predicted spend, revenue, ROAS and ROI of each scenario, by channel and in total.

    Returns a long DataFrame: ``scenario``, ``channel``, ``spend``, ``revenue``,
    ``roas``, ``roi``; a ``total_label`` row per scenario (its revenue adds ``base``;
    its ROAS and ROI use the revenue from spend only). Channels of a scenario
    without a curve are left out.
    """
    rows = []
    for sc in scenarios:
        tab = evaluate(curves, sc.spend)
        for r in tab.itertuples(index=False):
            rows.append(
                {
                    "scenario": sc.name,
                    "channel": r.channel,
                    "spend": r.spend,
                    "revenue": r.revenue,
                    "roas": r.roas,
                    "roi": r.roi,
                }
            )
        tot = totals(tab, base=base)
        rows.append(
            {
                "scenario": sc.name,
                "channel": total_label,
                "spend": tot["spend"],
                "revenue": tot["revenue_total"],
                "roas": tot["roas"],
                "roi": tot["roi"],
            }
        )
    return pd.DataFrame(rows, columns=["scenario", "channel", "spend", "revenue", "roas", "roi"])


# ---- the budget page's own figures (views and ui draw them; issue 15 item 2)


def spend_source_usable(frame: pd.DataFrame) -> bool:
    """Whether a traffic frame can feed the budget page: spend and revenue columns, some spend."""
    if "spend" not in frame or "revenue" not in frame:
        return False
    return bool(pd.to_numeric(frame["spend"], errors="coerce").fillna(0).gt(0).any())


def has_revenue(frame: pd.DataFrame) -> bool:
    """Whether a frame has any numeric revenue (else conversions need a value each)."""
    return "revenue" in frame and bool(
        pd.to_numeric(frame["revenue"], errors="coerce").notna().any()
    )


def slider_top(curve: Curve) -> float:
    """The top of a channel's what-if slider: the largest of 3 x current spend, 1.5 x the
    largest spend seen and 1, rounded up at its second significant digit (at least 0.01)."""
    top = max(3.0 * curve.current, 1.5 * curve.spend_max, 1.0)
    mag = 10 ** max(math.floor(math.log10(top)) - 1, -2)
    return float(math.ceil(top / mag) * mag)


def change_pct(value: float, base: float) -> float:
    """``value`` against ``base`` in percent (+50 for half as much again); 0 without a base."""
    return (value / base - 1.0) * 100.0 if base > 0 else 0.0


def from_change_pct(base: float, pct: float) -> float:
    """The spend ``pct`` percent away from ``base``, never below 0 (inverse of change_pct)."""
    return max(base * (1.0 + pct / 100.0), 0.0)


def extrapolated(
    channels: Iterable[str], ratios: Iterable[float], limit: float = 1.5
) -> list[tuple[str, float]]:
    """Channels whose planned spend is more than ``limit`` x the largest seen, with the ratio."""
    return [
        (ch, float(r))
        for ch, r in zip(channels, ratios, strict=True)
        if r > limit and math.isfinite(r)
    ]


def bounds_from_table(table: pd.DataFrame) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Bounds and locked channels from an edited table of channel, low, high, locked
    (empty low = 0, empty high = no limit, empty locked = not locked)."""
    ed = table.fillna({"low": 0.0, "high": float("inf"), "locked": False})
    rows = list(ed.itertuples(index=False))
    bounds = {r.channel: (float(r.low), float(r.high)) for r in rows}
    return bounds, [r.channel for r in rows if bool(r.locked)]


def bounds_table(curves: Mapping[str, Curve]) -> pd.DataFrame:
    """The optimiser's editable bounds: channel, current, low, high (default bounds), locked."""
    current = current_plan(curves)
    defaults = default_bounds(curves)
    channels = list(curves)
    return pd.DataFrame(
        {
            "channel": channels,
            "current": [current[c] for c in channels],
            "low": [defaults[c][0] for c in channels],
            "high": [defaults[c][1] for c in channels],
            "locked": [False] * len(channels),
        }
    )


def optimum_table(opt: Optimum, current: Mapping[str, float]) -> pd.DataFrame:
    """Per channel of ``current``: current and optimised spend (whole units), the change
    (fraction, NaN without current spend), marginal ROAS, what binds, outside seen spend."""
    channels = list(current)
    return pd.DataFrame(
        {
            "channel": channels,
            "current": [round(current[c]) for c in channels],
            "optimised": [round(opt.spend[c]) for c in channels],
            "change": [
                opt.spend[c] / current[c] - 1.0 if current[c] > 0 else float("nan")
                for c in channels
            ],
            "marginal": [opt.marginal[c] for c in channels],
            "binds": [opt.binds[c] for c in channels],
            "outside": [c in opt.outside_seen for c in channels],
        }
    )


def free_marginal(opt: Optimum) -> float:
    """The marginal ROAS shared by the channels no bound holds (NaN when every one is held)."""
    free = [v for c, v in opt.marginal.items() if opt.binds[c] == "free"]
    return float(free[0]) if free else float("nan")


def unspent(opt: Optimum, budget: float, share: float = 0.005) -> float:
    """Budget left unspent by an optimum the budget does not bind, when above ``share`` of it."""
    left = budget - opt.budget_used
    return left if not opt.budget_binds and left > share * budget else 0.0


def plan_differences(spend: Mapping[str, float], channels: Iterable[str]) -> tuple[list, list]:
    """Channels of a loaded plan without a curve, and curves the plan leaves out."""
    channels = list(channels)
    return [c for c in spend if c not in channels], [c for c in channels if c not in spend]


def compare_wide(
    comp: pd.DataFrame, channels: list[str], picked: list[str], total_label: str
) -> pd.DataFrame:
    """:func:`compare_scenarios` rows as one row per channel (then the total) and a column per
    (metric, scenario) for spend, revenue, ROAS, rounded to 2 decimals; index ``channel``."""
    wide = comp.pivot_table(
        index="channel", columns="scenario", values=["spend", "revenue", "roas"], sort=False
    )
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["spend", "revenue", "roas"], picked]))
    return wide.reindex([*channels, total_label]).round(2)


def compare_bars(
    comp: pd.DataFrame, channels: list[str], picked: list[str], total_label: str
) -> pd.DataFrame:
    """The channel rows of a comparison with their draw order (``ch_order``, ``sc_order``)."""
    bars = comp[comp["channel"] != total_label]
    return bars.assign(
        ch_order=bars["channel"].map({c: i for i, c in enumerate(channels)}),
        sc_order=bars["scenario"].map({n: i for i, n in enumerate(picked)}),
    )
