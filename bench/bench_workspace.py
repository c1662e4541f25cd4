"""Workspace benchmark: save and restore 1M orders + a year of traffic + 1M price observations.

Restoring is what a reload does (``ui.state.bind_workspace`` minus Streamlit):
open the workspace, read every item (settings with a frame inside), and load
the three datasets (canonical frames, rejected rows, reports). It is compared
in the same run with reading the same three ``frame.parquet`` files directly
with pyarrow (``pq.read_table(path).to_pandas()``, one after the other), the
issue's yardstick (target: at most 2x). Reading them into Arrow tables only
(no pandas frames) is shown too. Saving (first time, then again with nothing
changed) is measured for information. Peak memory is the process's maximum RSS.
``BENCH_QUICK=1`` shrinks the datasets 10x.

Run: ``.venv/bin/python -m bench.bench_workspace``
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from analytics import workspace as W
from analytics.schema import Dataset, ImportReport, Reason
from bench.common import peak_rss_mb, timed

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
N_ORDERS = 100_000 if QUICK else 1_000_000
N_PRICES = 100_000 if QUICK else 1_000_000
N_CHANNELS = 4 if QUICK else 40  # traffic: 365 days x channels


def orders(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_orders = max(n // 2, 1)
    order_no = np.sort(rng.integers(0, n_orders, n))
    qty = rng.integers(1, 5, n).astype("float64")
    price = np.round(rng.gamma(2.0, 40.0, n), 2)
    ret = rng.random(n) < 0.03
    channels = np.array(["自然搜索", "付费推广", "直播", "短视频", "社交分享", "会员/短信", "推荐"])
    return pd.DataFrame(
        {
            "order_id": pd.array(np.char.add("SO", order_no.astype(str)), dtype="str"),
            "customer_id": pd.array(
                np.char.add("C", rng.integers(0, n // 10 + 1, n).astype(str)), dtype="str"
            ),
            "order_time": (
                np.datetime64("2025-01-01T00:00:00")
                + rng.integers(0, 365 * 86400, n).astype("timedelta64[s]")
            ).astype("datetime64[us]"),
            "amount": np.where(ret, -1, 1) * qty * price,
            "channel": pd.array(channels[rng.integers(0, len(channels), n)], dtype="str"),
            "product_id": pd.array(
                np.char.add("P", rng.integers(0, 2000, n).astype(str)), dtype="str"
            ),
            "quantity": qty,
            "unit_price": price,
            "status": pd.array(np.where(ret, "refunded", "paid"), dtype="str"),
            "country": pd.array(np.where(rng.random(n) < 0.9, "CN", "HK"), dtype="str"),
            "is_return": ret,
        }
    )


def traffic(n_channels: int, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2025-01-01", periods=365, freq="D").as_unit("us")
    date = np.repeat(days.to_numpy(), n_channels)
    n = len(date)
    visitors = rng.integers(100, 10_000, n).astype("float64")
    return pd.DataFrame(
        {
            "date": date,
            "channel": pd.array(np.tile([f"channel {i}" for i in range(n_channels)], 365)),
            "visitors": visitors,
            "orders": np.round(visitors * rng.uniform(0.01, 0.05, n)),
            "revenue": np.round(visitors * rng.uniform(1, 5, n), 2),
            "spend": np.round(visitors * rng.uniform(0.1, 1, n), 2),
        }
    )


def prices(n: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_sellers, n_dates = 10, 50
    n_products = max(n // (n_sellers * n_dates), 1)
    idx = np.arange(n_products * n_sellers * n_dates)
    product = idx // (n_sellers * n_dates)
    seller = (idx // n_dates) % n_sellers
    day = idx % n_dates
    base = rng.uniform(10, 500, n_products)[product]
    return pd.DataFrame(
        {
            "date": (np.datetime64("2025-01-01") + day.astype("timedelta64[D]")).astype(
                "datetime64[us]"
            ),
            "product": pd.array(np.char.add("商品 ", product.astype(str)), dtype="str"),
            "seller": pd.array(np.char.add("Seller ", seller.astype(str)), dtype="str"),
            "price": np.round(base * rng.uniform(0.8, 1.2, len(idx)), 2),
            "own": seller == 0,
            "promo": rng.random(len(idx)) < 0.1,
        }
    )


def dataset(kind: str, frame: pd.DataFrame, fp: str) -> Dataset:
    rejected = pd.DataFrame(
        {"_row": [7, 9], "_reason": ["bad_date", "no_amount"], "raw": ["?", ""]}
    )
    report = ImportReport(
        rows_read=len(frame) + 2,
        rows_kept=len(frame),
        rows_dropped=2,
        reasons={"bad_date": Reason("bad_date", 1, (7,), {"column": "date"})},
        notes=(("encoding", {"encoding": "utf-8"}),),
        rejected=rejected,
    )
    return Dataset(kind, frame, {}, report, fp, f"{kind}.csv")


def restore(store: W.Store, ws_id: str) -> dict[str, Dataset]:
    """What a reload does: open, read every item, load the datasets the items name."""
    ws = store.open(ws_id)
    items, bad = ws.items()
    assert not bad, bad
    keys = [v["key"] for name, (v, _d) in items.items() if name.startswith("ds/")]
    loaded = ws.load_datasets(keys)
    assert all(isinstance(d, Dataset) for d in loaded.values()), loaded
    return loaded


def main() -> None:
    t0 = time.perf_counter()
    datasets = [
        dataset("orders", orders(N_ORDERS), "a" * 32),
        dataset("traffic", traffic(N_CHANNELS), "b" * 32),
        dataset("prices", prices(N_PRICES), "c" * 32),
    ]
    settings = {
        "traffic.rules": pd.DataFrame({"source": ["baidu"] * 50, "channel": ["Paid Search"] * 50}),
        "pricing.costs": {f"P{i}": float(i) for i in range(2000)},
        "budget.plan": {f"channel {i}": 1000.0 + i for i in range(N_CHANNELS)},
    }
    gen = time.perf_counter() - t0
    root = Path(tempfile.mkdtemp(prefix="bench-ws-"))
    try:
        store = W.Store(root)
        ws = store.create()

        def save() -> None:
            for pos, ds in enumerate(datasets):
                key = ws.save_dataset(ds)
                ws.put_item(f"ds/{ds.kind}-{ds.fingerprint[:10]}", {"key": key, "pos": pos})
                ws.put_item(f"active/{ds.kind}", f"{ds.kind}-{ds.fingerprint[:10]}")
            for k, v in settings.items():
                ws.put_item(f"set/{k}", v)

        t1 = time.perf_counter()
        save()
        first_save = time.perf_counter() - t1
        unchanged_save, _ = timed(save, repeat=3)

        files = [ws.path / "datasets" / ds.fingerprint / "frame.parquet" for ds in datasets]
        size_mb = ws.size_bytes() / 2**20

        def direct_pandas():
            return [pq.read_table(f).to_pandas() for f in files]

        def direct_arrow():
            return [pq.read_table(f) for f in files]

        # alternate the two a few times so both see the same cache state
        ours, base, arrow = float("inf"), float("inf"), float("inf")
        got = None
        for _ in range(3):
            o, got = timed(lambda: restore(store, ws.id), repeat=1)
            b, _ = timed(direct_pandas, repeat=1)
            a, _ = timed(direct_arrow, repeat=1)
            ours, base, arrow = min(ours, o), min(base, b), min(arrow, a)
        for ds in datasets:
            back = got[ds.fingerprint]
            pd.testing.assert_frame_equal(back.frame, ds.frame, check_exact=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    rows = f"{N_ORDERS:,} orders + {365 * N_CHANNELS:,} traffic rows + {N_PRICES:,} prices"
    print(f"Workspace: {rows}; {size_mb:,.1f} MB on disk; inputs generated in {gen:.1f} s")
    print()
    print("| workload | time (s) | compared with | their time (s) | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ratio = ours / base
    print(
        f"| restore workspace ({rows}) | {ours:.3f} | pyarrow read_table().to_pandas() "
        f"of the same Parquet files | {base:.3f} | {ratio:.2f} | <= 2x | "
        f"{'yes' if ratio <= 2 else 'no'} |"
    )
    print(
        f"| restore workspace ({rows}) | {ours:.3f} | pyarrow read_table() only (Arrow "
        f"tables, no pandas frames) | {arrow:.3f} | {ours / arrow:.2f} | (information) | - |"
    )
    print(f"| first save (3 datasets + settings) | {first_save:.3f} | - | n/a | n/a | - | - |")
    print(
        f"| save again, nothing changed | {unchanged_save:.3f} | first save | {first_save:.3f} | "
        f"{unchanged_save / first_save:.3f} | writes only what changed | "
        f"{'yes' if unchanged_save < first_save / 5 else 'no'} |"
    )
    print()
    print(f"peak memory (max RSS): {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
