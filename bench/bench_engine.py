"""Engine benchmark (issue 18): the heavy aggregations on DuckDB against the pandas path.

- 10M events from 1M users, 4-step sequential funnel, 7-day window: pandas
  (``analytics.funnel.funnel_counts``) vs ``analytics.engine.aggregates.funnel_counts`` on
  DuckDB, over the same in-memory frame and over the same events in Parquet;
- RFM aggregation over 10M order lines (``analytics.rfm.rfm_table`` vs the engine's);
- the Retention page's weekly cohort triangle over 10M order lines of 1M customers (a year;
  ``bench.bench_retention.make_orders``): ``analytics.retention.order_cohorts`` vs
  ``aggregates.cohort_counts`` on DuckDB (first-time bracket, recurring unbounded and bracket);
- 100M events on DuckDB over Parquet (``BENCH_ENGINE_BIG=1``; about 10 minutes), memory
  limit 3 GB with a spill folder.

``BENCH_ENGINE_ONLY=cohort,rcohort`` runs only the named groups.

Each measurement runs in its own process, so its peak RSS is its own (the input frame
included where it is in memory). Both paths' answers must be equal. ``BENCH_QUICK=1``
shrinks the sizes 10x.

Run: ``.venv/bin/python -m bench.bench_engine``
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from bench.common import DATA, run_child

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SHRINK = 10 if QUICK else 1
BIG = os.environ.get("BENCH_ENGINE_BIG", "") not in ("", "0")
STEPS = ["view", "cart", "checkout", "purchase"]
WINDOW = pd.Timedelta(days=7)


def _events_dir(n_events: int, chunk: int = 10_000_000) -> Path:
    """Parquet files of ``n_events`` events (chunks of 10M, each its own users), written once."""
    from bench.bench_funnel import make_events

    path = DATA / f"engine_events_{n_events}"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for i in range(max(n_events // chunk, 1)):
        n = min(chunk, n_events)
        ev = make_events(n, n // 10, seed=i, prefix=f"c{i}_" if n_events > chunk else "")
        ev.to_parquet(tmp / f"part{i:03d}.parquet", index=False)
        del ev
    tmp.rename(path)
    return path


def _orders_file(n_lines: int) -> Path:
    from bench.bench_segments import generated_frame

    path = DATA / f"engine_orders_{n_lines}.parquet"
    if not path.exists():
        generated_frame(n_lines, n_lines // 10).to_parquet(path, index=False)
    return path


def _cohort_file(n_lines: int) -> Path:
    from bench.bench_retention import make_orders

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"engine_cohort_orders_{n_lines}.parquet"
    if not path.exists():
        make_orders(n_lines, n_lines // 10).to_parquet(path, index=False)
    return path


COHORTS = {
    "cohort": ("first_time", "bracket"),
    "rcohort": ("recurring", "unbounded"),
    "rbcohort": ("recurring", "bracket"),  # the one self-join (entries x later returns)
}


def _cohort_child(task: str, frame: pd.DataFrame) -> dict:
    from analytics import retention
    from analytics.engine import connect
    from analytics.engine.aggregates import cohort_counts, frame_source

    definition, window = COHORTS[task.split("_")[0]]
    t0 = time.perf_counter()
    if task.endswith("pandas"):
        ret = retention.order_cohorts(frame, "week", definition, window)
    else:
        eng = connect("")
        src = frame_source(eng, "orders", frame, "orders")
        ret = cohort_counts(eng, src, "week", definition, window)
    r = [int(ret.sizes.sum()), float(ret.counts.sum().sum()), int(ret.incomplete.sum().sum())]
    return {"s": time.perf_counter() - t0, "mb": peak_rss_mb(), "r": r}


def _child(task: str, path: str) -> dict:
    from analytics import funnel, rfm
    from analytics.engine import connect
    from analytics.engine.aggregates import frame_source, funnel_counts, rfm_table, user_funnel
    from analytics.engine.sources import plain

    eng = None
    if task.endswith("parquet"):
        eng = connect("")
        if task.startswith("big"):
            eng.con.execute("SET memory_limit = '3GB'")
        eng.create_view("events", f"SELECT * FROM read_parquet('{path}/*.parquet')")
        src = plain("events", "events", ["user_id", "event_time", "event"])
        t0 = time.perf_counter()
        out = funnel_counts(eng, src, STEPS, WINDOW, "sequential")
        return {"s": time.perf_counter() - t0, "mb": peak_rss_mb(), "r": out["users"].tolist()}
    if "cohort" in task:
        return _cohort_child(task, pd.read_parquet(path))
    frame = pd.read_parquet(path if task.startswith("rfm") else f"{path}/part000.parquet")
    if not task.endswith("pandas"):
        eng = connect("")
    t0 = time.perf_counter()
    if task == "funnel_pandas":
        r = funnel.funnel_counts(frame, STEPS, WINDOW, "sequential")["users"].tolist()
    elif task == "funnel_frame":
        src = frame_source(eng, "events", frame)
        r = funnel_counts(eng, src, STEPS, WINDOW, "sequential")["users"].tolist()
    elif task == "ufunnel_pandas":
        r = _users(funnel.user_funnel(frame, STEPS, WINDOW, "sequential"))
    elif task == "ufunnel_frame":
        src = frame_source(eng, "events", frame)
        r = _users(user_funnel(eng, src, STEPS, WINDOW, "sequential"))
    elif task == "rfm_pandas":
        r = _digest(rfm.rfm_table(frame))
    else:
        src = frame_source(eng, "orders", frame, "orders")
        r = _digest(rfm_table(eng, src))
    return {"s": time.perf_counter() - t0, "mb": peak_rss_mb(), "r": r}


def peak_rss_mb() -> float:
    """This process's peak RSS in MB (VmHWM: unlike ru_maxrss it is not inherited at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _users(fu) -> list:
    u = fu.users
    return [len(u), int(u["reached"].sum()), int(u["in_progress"].sum())]


def _digest(table: pd.DataFrame) -> list:
    return [len(table), int(table["frequency"].sum()), round(float(table["net_spend"].sum()), 2)]


def _run(task: str, path: Path) -> dict:
    return run_child("bench.bench_engine", task, str(path))


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    n10 = 10_000_000 // SHRINK
    ev, orders, cohorts = (
        (lambda: _events_dir(n10)),
        (lambda: _orders_file(n10)),
        (lambda: _cohort_file(n10)),
    )
    rows = []
    only = os.environ.get("BENCH_ENGINE_ONLY", "")
    runs = [
        ("funnel", f"{n10 / 1e6:g}M events, 4 steps, 7 days", "funnel_pandas", ev),
        ("funnel", "same, DuckDB over the in-memory frame", "funnel_frame", ev),
        ("funnel", "same, DuckDB over the Parquet file", "funnel_parquet", ev),
        ("users", "per-user funnel (breakdowns, times), pandas", "ufunnel_pandas", ev),
        ("users", "same, DuckDB over the in-memory frame", "ufunnel_frame", ev),
        ("rfm", f"RFM over {n10 / 1e6:g}M order lines", "rfm_pandas", orders),
        ("rfm", "same, DuckDB over the in-memory frame", "rfm_frame", orders),
        ("cohort", f"weekly first-time cohorts, {n10 / 1e6:g}M lines", "cohort_pandas", cohorts),
        ("cohort", "same, DuckDB over the in-memory frame", "cohort_frame", cohorts),
        ("rcohort", "weekly recurring cohorts, unbounded, pandas", "rcohort_pandas", cohorts),
        ("rcohort", "same, DuckDB over the in-memory frame", "rcohort_frame", cohorts),
        ("rbcohort", "weekly recurring cohorts, bracket, pandas", "rbcohort_pandas", cohorts),
        ("rbcohort", "same, DuckDB over the in-memory frame", "rbcohort_frame", cohorts),
    ]
    runs = [r for r in runs if not only or r[0] in only.split(",")]
    if BIG:
        big = _events_dir(100_000_000 // SHRINK)
        runs.append(
            ("big", f"{100 // SHRINK}M events on DuckDB (Parquet, 3 GB limit)", "big_parquet", big)
        )
    base: dict[str, dict] = {}
    for group, label, task, path in runs:
        path = path() if callable(path) else path  # data written only for the groups run
        load = _load()
        res = _run(task, path)
        ref = base.setdefault(group, res)
        if res["r"] != ref["r"]:
            raise SystemExit(f"{task}: {res['r']} differs from {ref['r']}")
        ratio = res["s"] / ref["s"]
        rows.append(
            f"| {label} | {res['s']:.2f} | {ratio:.2f} | {res['mb']:.0f} | {load} | {res['r']} |"
        )
    print("| workload | time (s) | ratio to the first row | peak RSS (MB) | load before | result |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(r)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
    else:
        main()
