"""User layering benchmarks: the RFM table against lifetimes and DuckDB, and the page's whole work.

Workloads (each comparison timed in the same run, best of 3 for the small ones):

1. RFM table on the full UCI Online Retail file (541,909 lines), against
   ``lifetimes.utils.summary_data_from_transaction_data`` (target: ours at
   least 3x faster) and a DuckDB ``GROUP BY`` computing the same three
   columns from the same in-memory frame (target: ours at most 2x its time).
2. The page's whole work on that file: RFM table, scores, both schemes,
   k search (2..8) and final k-means, movement over 7 days (target < 1 s).
3. The same at 10,000,000 generated order lines and 1,000,000 customers
   (target: same ratios, page < 10 s, peak memory < 6 GB). The page work runs
   in a child process so its peak memory is its own.

``BENCH_QUICK=1`` shrinks the generated workload 10x. lifetimes is a
bench-only dependency (bench/requirements.txt); without it that column says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import clustering as cl
from analytics import rfm
from bench.common import peak_rss_mb, timed
from tests.conftest import SHARED_REAL

QUICK = bool(os.environ.get("BENCH_QUICK"))
UCI = SHARED_REAL / "transactions" / "uci_online_retail.parquet"


def uci_frame() -> pd.DataFrame:
    """The UCI file in canonical form (as analytics.ingest makes it: str ids, datetime, float)."""
    raw = pd.read_parquet(UCI)
    invoice = raw["InvoiceNo"].astype("str")
    cid = raw["CustomerID"].astype("Int64").astype("string").astype("str")
    amount = (raw["Quantity"] * raw["UnitPrice"]).astype(float)
    return pd.DataFrame(
        {
            "order_id": invoice,
            "customer_id": cid,
            "order_time": pd.to_datetime(raw["InvoiceDate"]),
            "amount": amount,
            "is_return": invoice.str.startswith("C") | (raw["Quantity"] < 0),
        }
    )


def _ids(prefix: str, codes: np.ndarray, n_unique: int) -> pd.Series:
    uniq = pa.array(np.char.add(prefix, np.arange(n_unique).astype(str)))
    dense = pa.DictionaryArray.from_arrays(
        pa.array(codes.astype(np.int32)), uniq
    ).dictionary_decode()
    return pd.Series(pd.array(dense, dtype="str"))


def generated_frame(n_lines: int, n_customers: int, seed: int = 3) -> pd.DataFrame:
    """Seeded canonical order lines: 2 lines an order on average, 3% refund lines."""
    rng = np.random.default_rng(seed)
    n_orders = n_lines // 2
    order_no = np.sort(rng.integers(0, n_orders, n_lines))
    # customers with a skewed number of orders (a few heavy buyers, many one-timers)
    weights = rng.pareto(1.2, n_customers) + 1
    cust_of_order = rng.choice(n_customers, size=n_orders, p=weights / weights.sum())
    cust_of_order[:n_customers] = rng.permutation(n_customers)  # every customer buys once
    secs = np.sort(rng.integers(0, 365 * 86_400, n_orders))
    t0 = np.datetime64("2025-01-01T00:00:00", "ns")
    refund = rng.random(n_lines) < 0.03
    amount = np.round(rng.gamma(2.0, 40.0, n_lines), 2)
    amount[refund] *= -1
    return pd.DataFrame(
        {
            "order_id": _ids("SO", order_no, n_orders),
            "customer_id": _ids("C", cust_of_order[order_no], n_customers),
            "order_time": t0 + (secs[order_no] + refund * 86_400 * 3).astype("timedelta64[s]"),
            "amount": amount,
            "is_return": refund,
        }
    )


def duckdb_rfm(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The same three columns with a DuckDB GROUP BY on the in-memory frame."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.register("orders", frame)
    sql = f"""
        SELECT customer_id,
               date_diff('day',
                         CAST(max(order_time) FILTER (WHERE NOT is_return AND amount >= 0) AS DATE),
                         DATE '{as_of:%Y-%m-%d}') AS recency_days,
               count(DISTINCT order_id) FILTER (WHERE NOT is_return AND amount >= 0) AS frequency,
               sum(amount) AS monetary
        FROM orders
        WHERE customer_id IS NOT NULL AND order_time < TIMESTAMP '{as_of:%Y-%m-%d}'
        GROUP BY customer_id
    """
    out = con.execute(sql).df()
    con.close()
    return out


def lifetimes_rfm(frame: pd.DataFrame, as_of: pd.Timestamp):
    from lifetimes.utils import summary_data_from_transaction_data

    return summary_data_from_transaction_data(
        frame,
        "customer_id",
        "order_time",
        monetary_value_col="amount",
        observation_period_end=as_of - pd.Timedelta(days=1),
    )


def page_work(frame: pd.DataFrame) -> dict:
    """Everything the segments page computes on first open."""
    as_of = rfm.default_as_of(frame)
    # scores, both schemes and the movement since 7 days earlier, in one pass
    an = rfm.analyse(frame, as_of, compare=as_of - pd.Timedelta(days=7))
    search = cl.search_k(an.scored)
    clusters = cl.cluster_customers(an.scored, k=search.best_k)
    return {"customers": len(an.scored), "k": clusters.k, "moved": an.movements["rf"].moved}


def _check_same(ours: pd.DataFrame, duck: pd.DataFrame) -> None:
    d = duck.set_index("customer_id").sort_index()
    o = ours.loc[d.index]
    assert np.array_equal(o["frequency"].to_numpy(), d["frequency"].to_numpy())
    assert np.allclose(o["monetary"].to_numpy(), d["monetary"].to_numpy(), atol=1e-4)
    has = o["frequency"].to_numpy() > 0
    assert np.array_equal(
        o["recency_days"].to_numpy(dtype=float)[has], d["recency_days"].to_numpy(dtype=float)[has]
    )


def rfm_rows(label: str, frame: pd.DataFrame, repeat: int) -> list[tuple]:
    as_of = rfm.default_as_of(frame)
    t_ours, ours = timed(lambda: rfm.rfm_table(frame), repeat)
    t_duck, duck = timed(lambda: duckdb_rfm(frame, as_of), repeat)
    _check_same(ours, duck)
    rows = [
        (
            f"RFM table, {label}",
            t_ours,
            "DuckDB GROUP BY",
            t_duck,
            t_ours / t_duck,
            "<= 2x",
            t_ours <= 2 * t_duck,
        )
    ]
    try:
        import lifetimes  # noqa: F401
    except ImportError:
        rows.append(
            (
                f"RFM table, {label}",
                t_ours,
                "lifetimes (not installed)",
                None,
                None,
                ">= 3x faster",
                None,
            )
        )
    else:
        t_lt, _ = timed(lambda: lifetimes_rfm(frame, as_of), repeat)
        rows.append(
            (
                f"RFM table, {label}",
                t_ours,
                "lifetimes summary_data_from_transaction_data",
                t_lt,
                t_lt / t_ours,
                ">= 3x faster",
                t_lt / t_ours >= 3,
            )
        )
    return rows


def _child(n_lines: int, n_customers: int) -> None:
    frame = generated_frame(n_lines, n_customers)
    t0 = time.perf_counter()
    info = page_work(frame)
    info["seconds"] = time.perf_counter() - t0
    info["peak_mb"] = peak_rss_mb()
    print(json.dumps(info))


def _fmt(x, digits=3):
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def main() -> None:
    rows: list[tuple] = []
    notes: list[str] = []
    if UCI.exists():
        frame = uci_frame()
        rows += rfm_rows(f"UCI Online Retail ({len(frame):,} lines)", frame, 3)
        page_work(frame)  # warm-up (imports, BLAS threads)
        t_page, info = timed(lambda: page_work(frame), 3)
        rows.append(("Whole page work, UCI", t_page, "-", None, None, "< 1 s", t_page < 1))
        notes.append(f"UCI: {info['customers']:,} scored customers, k = {info['k']}")
    else:
        notes.append(f"UCI file not found under {UCI.parent}: skipped")

    n_lines, n_customers = (1_000_000, 100_000) if QUICK else (10_000_000, 1_000_000)
    label = f"generated ({n_lines:,} lines, {n_customers:,} customers)"
    big = generated_frame(n_lines, n_customers)
    rows += rfm_rows(label, big, 3)  # best of 3 for all three: one run is too noisy here
    del big
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_segments", "--child", str(n_lines), str(n_customers)],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    limit_s = 1.0 if QUICK else 10.0
    rows.append(
        (
            f"Whole page work, {label}",
            info["seconds"],
            "-",
            None,
            None,
            f"< {limit_s:g} s",
            info["seconds"] < limit_s,
        )
    )
    peak_gb = info["peak_mb"] / 1024
    notes.append(
        f"generated: {info['customers']:,} scored customers, k = {info['k']}; "
        f"peak memory of the page-work process (input frame included) {peak_gb:.2f} GB (target < 6 GB: "
        f"{'yes' if peak_gb < 6 else 'no'})"
    )

    print("| workload | time (s) | compared with | their time (s) | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for w, t, other, t_other, ratio, target, met in rows:
        print(
            f"| {w} | {_fmt(t)} | {other} | {_fmt(t_other)} | {_fmt(ratio, 2)} | {target} | {_fmt(met)} |"
        )
    print()
    for n in notes:
        print(f"- {n}")
    print("- ratio: ours / DuckDB for the DuckDB rows, lifetimes / ours for the lifetimes rows")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
