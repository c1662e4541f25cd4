"""Retention & LTV benchmark (#17).

- Cohort triangle by week from 10M order lines of 1M customers (Arrow string ids, as ingest
  makes them; a year of orders, refund and void lines among them): ``order_activity`` +
  ``cohort_table`` (first-time and recurring, bracket window). Target < 3 s.
- CLV for 1M customers: summary table from their order lines, BG/NBD + Gamma-Gamma fits and
  the per-customer forecast (P(alive), 30/90/365-day purchases, expected value). Target < 10 s.
- CDNOW master (23,570 customers, ../shared/data/real/transactions/cdnow_master.txt; synthetic
  customers of the same size where absent): the same CLV pipeline. Target < 1 s.

``BENCH_QUICK=1`` shrinks the synthetic sizes 10x. Run: ``.venv/bin/python -m bench.bench_retention``
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import clv
from analytics import retention as rt

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SHRINK = 10 if QUICK else 1
CDNOW = Path(__file__).resolve().parents[2] / "shared/data/real/transactions/cdnow_master.txt"


def make_orders(n_lines: int, n_customers: int, seed: int = 0) -> pd.DataFrame:
    """Order lines over 2024: customers arrive through the year and come back now and then."""
    rng = np.random.default_rng(seed)
    cust = rng.integers(0, n_customers, n_lines)
    arrive = rng.integers(0, 330 * 86_400, n_customers)
    gap = rng.exponential(60 * 86_400, n_lines).astype(np.int64)
    secs = np.minimum(arrive[cust] + gap * (rng.random(n_lines) < 0.6), 365 * 86_400 - 1)
    amount = rng.gamma(2.0, 40.0, n_lines).round(2)
    amount[rng.random(n_lines) < 0.02] *= -1
    ids = pc.binary_join_element_wise("c", pc.cast(pa.array(cust), pa.string()), "")
    return pd.DataFrame(
        {
            "customer_id": pd.array(ids, dtype="str"),
            "order_time": pd.Timestamp("2024-01-01") + pd.to_timedelta(secs, unit="s"),
            "amount": amount,
            "is_void": rng.random(n_lines) < 0.01,
        }
    )


def simulate_bgnbd(n_customers: int, seed: int = 1) -> pd.DataFrame:
    """Purchases drawn from a BG/NBD process (CDNOW's parameters, weeks): first purchases over
    the first quarter of 2024, observed to the end of the year; one line per purchase."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(0.243, 1 / 4.414, n_customers) / 7  # purchases per day
    drop = rng.beta(0.793, 2.426, n_customers)
    t = rng.integers(0, 90, n_customers).astype(np.float64)
    who, when = [np.arange(n_customers)], [t.copy()]
    alive = np.ones(n_customers, dtype=bool)
    for _ in range(200):  # purchase by purchase, vectorised over customers
        alive &= rng.random(n_customers) >= drop
        t = t + rng.exponential(1.0, n_customers) / np.maximum(lam, 1e-12)
        alive &= t < 366
        if not alive.any():
            break
        who.append(np.flatnonzero(alive))
        when.append(t[alive])
    who, when = np.concatenate(who), np.concatenate(when)
    ids = pc.binary_join_element_wise("c", pc.cast(pa.array(who), pa.string()), "")
    return pd.DataFrame(
        {
            "customer_id": pd.array(ids, dtype="str"),
            "order_time": pd.Timestamp("2024-01-01") + pd.to_timedelta(when * 86_400, unit="s"),
            "amount": rng.gamma(6.25, 1 / 0.4, len(who)).round(2),
        }
    )


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def clv_pipeline(orders: pd.DataFrame, unit_days: float = 7.0):
    return clv.analyse(orders, None, unit_days)


def cdnow() -> tuple[pd.DataFrame, str]:
    if CDNOW.exists():
        raw = pd.read_csv(CDNOW, sep=r"\s+", dtype={"customer_id": str})
        return (
            pd.DataFrame(
                {
                    "customer_id": raw["customer_id"],
                    "order_time": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d"),
                    "amount": raw["dollar_value"],
                }
            ),
            "CDNOW master (real)",
        )
    return make_orders(69_659, 23_570, seed=2), "synthetic 23,570 customers (CDNOW absent)"


def main() -> None:
    rows = []
    orders = make_orders(10_000_000 // SHRINK, 1_000_000 // SHRINK)
    n_cust = orders["customer_id"].nunique()
    for definition in ("first_time", "recurring"):
        sec, ret = timed(
            lambda d=definition, o=orders: rt.cohort_table(
                rt.order_activity(o, "week"), d, "bracket"
            )
        )
        rows.append(
            (
                f"cohort triangle by week, {definition}",
                f"{len(orders):,} lines / {n_cust:,} customers",
                sec,
                "< 3 s",
                f"{ret.counts.shape[0]} cohorts x {ret.counts.shape[1]} weeks",
            )
        )
    del orders
    sim = simulate_bgnbd(1_000_000 // SHRINK)
    sec, res = timed(lambda s=sim: clv.analyse(s, "2024-12-31", 7.0), repeat=1)
    rows.append(
        (
            "CLV: summary + BG/NBD + GG fit + forecast",
            f"{len(res.customers):,} customers, {len(sim):,} purchases (BG/NBD simulated)",
            sec,
            "< 10 s",
            f"fit r {res.bg.r:.3f} alpha {res.bg.alpha:.2f} a {res.bg.a:.3f} b {res.bg.b:.3f} "
            "(drawn with 0.243, 4.414, 0.793, 2.426; lifetimes fits the same)",
        )
    )
    del sim
    frame, what = cdnow()
    sec, res = timed(lambda: clv_pipeline(frame))
    rows.append(
        (
            "CLV on CDNOW",
            f"{len(res.customers):,} customers, {what}",
            sec,
            "< 1 s",
            f"r {res.bg.r:.3f}, alpha {res.bg.alpha:.2f}, a {res.bg.a:.3f}, b {res.bg.b:.3f}",
        )
    )
    print("| workload | size | best time (s) | target | note |")
    print("| --- | --- | --- | --- | --- |")
    for name, size, sec, target, note in rows:
        print(f"| {name} | {size} | {sec:.2f} | {target} | {note} |")


if __name__ == "__main__":
    main()
