"""Shared benchmark helpers: seeded large inputs written once under bench/data/ (gitignored)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "data"


def orders_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` order lines in the file layout of a typical export (about 100 bytes a line)."""
    rng = np.random.default_rng(seed)
    n_orders = max(n // 2, 1)
    order_no = np.sort(rng.integers(0, n_orders, n))
    customers = rng.integers(0, max(n // 10, 1), n_orders)
    t0 = np.datetime64("2025-01-01T00:00:00")
    secs = np.sort(rng.integers(0, 365 * 86400, n_orders))
    qty = rng.integers(1, 5, n)
    price = np.round(rng.gamma(2.0, 40.0, n), 2)
    channels = np.array(["自然搜索", "付费推广", "直播", "短视频", "社交分享", "会员/短信", "推荐"])
    status = np.where(rng.random(n) < 0.03, "refunded", "paid")
    return pd.DataFrame(
        {
            "order_id": np.char.add("SO", order_no.astype(str)),
            "customer_id": np.char.add("C", customers[order_no].astype(str)),
            "order_time": (t0 + secs[order_no].astype("timedelta64[s]")).astype(str),
            "product_id": np.char.add("P", rng.integers(0, 2000, n).astype(str)),
            "quantity": qty,
            "unit_price": price,
            "amount": np.round(qty * price, 2),
            "channel": channels[rng.integers(0, len(channels), n)],
            "status": status,
            "country": np.where(rng.random(n) < 0.9, "CN", "HK"),
        }
    )


def orders_csv(n: int, seed: int = 7) -> Path:
    """Write (once) and return a CSV of ``n`` order lines."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"orders_{n}_{seed}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        orders_frame(n, seed).to_csv(tmp, index=False)
        tmp.rename(path)
    return path


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(module: str, *args: str) -> dict:
    """``python -m <module> --child <args>`` in its own process (its own peak memory); its
    last output line, a JSON object."""
    proc = subprocess.run(
        [sys.executable, "-m", module, "--child", *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_average() -> str:
    """The machine's load averages (1, 5, 15 min), for the tables' headers."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())
