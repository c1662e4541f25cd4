"""Competitor-price benchmark: 1,000,000 observations (2,000 products x 10 sellers x 50 dates).

Workloads: position now, the price index over time (market average), the
change feed and the promotion classification, each on the raw canonical frame
(as a page calls them), and the four together (target: under 3 s). The index
is also computed by a DuckDB SQL query on the same frame in the same run
(target: ours within 3x of DuckDB's time; both results must agree).
``BENCH_QUICK=1`` shrinks the product count 10x.

Run: ``.venv/bin/python -m bench.bench_pricing``
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd

from analytics import pricing as pr
from bench.common import peak_rss_mb, timed

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
N_PRODUCTS = 200 if QUICK else 2000
N_SELLERS = 10
N_DATES = 50
OWN = "Seller 00"


def make_prices(n_products: int = N_PRODUCTS, seed: int = 11) -> pd.DataFrame:
    """A full panel in file order (shuffled): promotions that dip and return, lasting cuts,
    stock-outs and small noise; string product ids and sellers, daily dates."""
    rng = np.random.default_rng(seed)
    n = n_products * N_SELLERS * N_DATES
    base = rng.gamma(3.0, 40.0, n_products) + 5
    level = rng.uniform(0.9, 1.1, N_SELLERS)
    price = base[:, None, None] * level[None, :, None] * np.ones((1, 1, N_DATES))
    # lasting cuts: 15% of series step down 5-25% from a random date
    cut = rng.random((n_products, N_SELLERS)) < 0.15
    at = rng.integers(1, N_DATES, (n_products, N_SELLERS))
    after = np.arange(N_DATES)[None, None, :] >= at[:, :, None]
    price *= np.where(
        cut[:, :, None] & after, rng.uniform(0.75, 0.95, (n_products, N_SELLERS))[:, :, None], 1.0
    )
    # promotions: dips of 10-30% lasting 1-5 days, about two per series
    promo = np.zeros_like(price, dtype=bool)
    for _ in range(2):
        start = rng.integers(0, N_DATES, (n_products, N_SELLERS))
        length = rng.integers(1, 6, (n_products, N_SELLERS))
        days = np.arange(N_DATES)[None, None, :]
        on = (days >= start[:, :, None]) & (days < (start + length)[:, :, None])
        on &= rng.random((n_products, N_SELLERS))[:, :, None] < 0.6
        promo |= on
    price *= np.where(promo, 0.8, 1.0)
    # small moves (repricing tools, rounding) on 10% of observations
    price *= 1 + rng.normal(0, 0.003, price.shape) * (rng.random(price.shape) < 0.1)
    in_stock = rng.random(price.shape) > 0.03
    products = np.char.add("SKU", np.char.zfill(np.arange(n_products).astype(str), 5))
    sellers = np.array([f"Seller {i:02d}" for i in range(N_SELLERS)])
    dates = pd.date_range("2025-03-01", periods=N_DATES, freq="D").to_numpy()
    p_idx, s_idx, d_idx = np.unravel_index(np.arange(n), price.shape)
    order = rng.permutation(n)
    p_idx, s_idx, d_idx = p_idx[order], s_idx[order], d_idx[order]
    return pd.DataFrame(
        {
            "date": dates[d_idx],
            "product": pd.array(products[p_idx], dtype="str"),
            "seller": pd.array(sellers[s_idx], dtype="str"),
            "price": np.round(price.reshape(-1)[order], 2),
            "own": s_idx == 0,
            "in_stock": in_stock.reshape(-1)[order],
        }
    )


SQL = f"""
WITH obs AS (
    SELECT date, product, seller, avg(price) AS price
    FROM prices WHERE price > 0 GROUP BY date, product, seller
), own AS (
    SELECT date, product, price FROM obs WHERE seller = '{OWN}'
), comp AS (
    SELECT date, product, avg(price) AS cp FROM obs WHERE seller <> '{OWN}' GROUP BY date, product
)
SELECT own.date AS date, avg(100 * own.price / comp.cp) AS idx
FROM own JOIN comp ON own.date = comp.date AND own.product = comp.product
GROUP BY own.date ORDER BY own.date
"""


def all_four(prices: pd.DataFrame):
    return (
        pr.position(prices, OWN),
        pr.price_index(prices, OWN),
        pr.price_changes(prices),
        pr.classify_drops(prices, own_seller=OWN),
    )


def main() -> None:
    import duckdb

    t0 = time.perf_counter()
    prices = make_prices()
    gen = time.perf_counter() - t0
    n = len(prices)
    rows: list[tuple] = []

    t_pos, _ = timed(lambda: pr.position(prices, OWN))
    t_idx, ours = timed(lambda: pr.price_index(prices, OWN))
    t_chg, changes = timed(lambda: pr.price_changes(prices))
    t_promo, drops = timed(lambda: pr.classify_drops(prices, own_seller=OWN))
    t_all, _ = timed(lambda: all_four(prices))

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("prices", prices)
    t_duck, theirs = timed(lambda: con.execute(SQL).df())
    con.close()
    ok = np.allclose(ours.to_numpy(), theirs["idx"].to_numpy()) and len(ours) == len(theirs)
    if not ok:
        raise SystemExit("the DuckDB index and ours disagree")

    size = f"{n:,} obs"
    rows.append((f"position now, {size}", t_pos, "", None, None, "", ""))
    rows.append(
        (
            f"index over time (market average), {size}",
            t_idx,
            "DuckDB SQL",
            t_duck,
            t_idx / t_duck,
            "<= 3x DuckDB",
            "yes" if t_idx <= 3 * t_duck else "no",
        )
    )
    rows.append((f"change feed ({len(changes):,} changes), {size}", t_chg, "", None, None, "", ""))
    rows.append(
        (
            f"promotion classification ({len(drops):,} drops), {size}",
            t_promo,
            "",
            None,
            None,
            "",
            "",
        )
    )
    target = 3.0 if not QUICK else 0.3
    rows.append(
        (
            f"all four together, {size}",
            t_all,
            "",
            None,
            None,
            f"< {target:g} s",
            "yes" if t_all < target else "no",
        )
    )

    print(f"input generated in {gen:.1f} s; best of 3 runs each; 2 DuckDB threads")
    print()
    print("| workload | time (s) | compared with | their time (s) | ratio | target | met |")
    print("| --- | ---: | --- | ---: | ---: | --- | --- |")
    for w, t, other, tt, ratio, target_s, met in rows:
        tt_s = "" if tt is None else f"{tt:.3f}"
        r_s = "" if ratio is None else f"{ratio:.2f}"
        print(f"| {w} | {t:.3f} | {other} | {tt_s} | {r_s} | {target_s} | {met} |")
    print()
    print(f"peak memory (RSS): {peak_rss_mb():,.0f} MB; results agree with DuckDB: {ok}")


if __name__ == "__main__":
    main()
