"""Overview and weekly report with 1M order lines and a year of traffic (issue 8).

Workloads (the shop of sample_data/generate.py at 1M order lines, its year of
traffic and spend; events and prices at the sample's size for the report):

- ``kpi.overview`` cold (the whole cockpit, driver tree, alerts and unusual
  days), compared with a bare pandas daily groupby of GMV / orders / buyers
  (the least any overview must do);
- the Overview page in AppTest with the data in the session: first render
  (cold cache) and a rerun (warm), target 2 s;
- the weekly report (HTML + PDF, charts converted offline), target 10 s; the sample
  shop's report, target 5 s.

Run: ``.venv/bin/python -m bench.bench_overview`` (``BENCH_QUICK=1``: 10x smaller).
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUICK = bool(os.environ.get("BENCH_QUICK"))
N_LINES = 100_000 if QUICK else 1_000_000


def _dataset(kind: str, frame: pd.DataFrame, tag: str):
    from analytics.schema import Dataset, ImportReport

    n = len(frame)
    return Dataset(
        kind,
        frame,
        mapping={},
        report=ImportReport(n, n, 0),
        fingerprint=f"bench-overview-{kind}-{tag}-{n}",
        filename=f"{kind}.csv",
    )


def build_data() -> dict[str, object]:
    """Canonical datasets: 1M order lines, their traffic and spend, sample events and prices."""
    from sample_data import generate as gen
    from ui.samples import load_samples

    orders = gen.generate_orders(N_LINES)
    orders = orders.assign(
        order_time=pd.to_datetime(orders["order_time"]),
        amount=orders["amount"].astype(float),
        is_return=orders["amount"].astype(float) < 0,
    )
    traffic = gen.generate_traffic(orders=orders)
    traffic = traffic.assign(date=pd.to_datetime(traffic["date"]))
    for col in ("channel", "source", "medium", "campaign"):
        if col in traffic:
            traffic[col] = traffic[col].astype("string").replace("", pd.NA)
    spend = gen.generate_spend(traffic)
    spend = spend.assign(date=pd.to_datetime(spend["date"]))
    small = {d.kind: d for d in load_samples(("events", "prices"))}
    tag = str(N_LINES)
    return {
        "orders": _dataset("orders", orders, tag),
        "traffic": _dataset("traffic", traffic, tag),
        "spend": _dataset("spend", spend, tag),
        "events": small["events"],
        "prices": small["prices"],
    }


def baseline(orders: pd.DataFrame) -> pd.DataFrame:
    sales = orders[~orders["is_return"]]
    day = sales["order_time"].dt.normalize()
    return sales.groupby(day).agg(
        gmv=("amount", "sum"), orders=("order_id", "nunique"), buyers=("customer_id", "nunique")
    )


def apptest_times(data: dict) -> tuple[float, float, float, int]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state["app.lang"] = "en"
    at.session_state["_datasets"] = {f"{k}-bench": d for k, d in data.items()}
    at.session_state["_active"] = {k: f"{k}-bench" for k in data}
    t0 = time.perf_counter()
    at.run()  # binds a new workspace and saves the datasets into it (as loading them does)
    with_save = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    st.cache_data.clear()  # the overview computed from scratch, data already saved
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    at.run()
    warm = time.perf_counter() - t0
    return with_save, cold, warm, len(at.metric)


def sample_report_time() -> tuple[float, float]:
    """Seconds to build the sample shop's report (all five sample files, Chinese, the shop
    currency), as the button does: ``(HTML only, HTML + PDF)``."""
    from ui import report_render as render
    from ui.i18n import tables
    from ui.samples import load_samples

    ds = load_samples()
    currency = next((d.currency for d in ds if d.currency), None)
    out = []
    for pdf in (False, True):
        t0 = time.perf_counter()
        render.build_files(
            *(d.frame for d in ds),
            kinds=tuple(d.kind for d in ds),
            table=tables()["zh"],
            lang="zh",
            currency=currency,
            pdf=pdf,
        )
        out.append(time.perf_counter() - t0)
    return out[0], out[1]


def main() -> int:
    from analytics import kpi
    from ui import report_render as render
    from ui.i18n import tables

    t0 = time.perf_counter()
    data = build_data()
    print(
        f"data: {len(data['orders'].frame):,} order lines, {len(data['traffic'].frame):,} "
        f"traffic rows, {len(data['spend'].frame):,} spend rows ({time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    core = ("orders", "traffic", "spend", "events")
    frames = [data[k].frame for k in core]

    t0 = time.perf_counter()
    base = baseline(data["orders"].frame)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    ov = kpi.overview(*frames, kinds=core)
    t_ov = time.perf_counter() - t0
    tracemalloc.start()  # a second, traced run for the peak memory (tracing slows it down)
    kpi.overview(*frames, kinds=core)
    _, peak_ov = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert abs(ov.daily["gmv"].sum() - base["gmv"].sum()) < 1e-6 * base["gmv"].sum()

    with_save, cold, warm, cards = apptest_times(data)

    kinds = (*core, "prices")
    t0 = time.perf_counter()
    name, html, pdf, err = render.build_files(
        *(data[k].frame for k in kinds), kinds=kinds, table=tables()["en"], lang="en"
    )
    t_rep = time.perf_counter() - t0
    if err:
        print(f"PDF error: {err}", file=sys.stderr)
    t_sample_html, t_sample = sample_report_time()

    scale = "100k" if QUICK else "1M"
    rows = [
        (
            f"kpi.overview, {scale} lines + year of traffic",
            t_ov,
            "pandas daily groupby (GMV, orders, buyers)",
            t_base,
            "",
            "",
        ),
        (
            f"Overview page, AppTest first run incl. saving the data to the workspace ({cards} cards)",
            with_save,
            "",
            None,
            "",
            None,
        ),
        (
            "Overview page, AppTest first render after load (caches empty)",
            cold,
            "",
            None,
            "2 s",
            cold <= 2,
        ),
        ("Overview page, AppTest rerun (cached)", warm, "", None, "2 s", warm <= 2),
        (
            f"weekly report HTML {len(html) // 1024} KB + PDF {len(pdf or b'') // 1024} KB",
            t_rep,
            "",
            None,
            "10 s",
            t_rep <= 10,
        ),
        (
            "weekly report of the sample shop (HTML only, Chinese, ¥)",
            t_sample_html,
            "",
            None,
            "5 s",
            t_sample_html <= 5,
        ),
        (
            "weekly report of the sample shop (HTML + PDF, Chinese, ¥)",
            t_sample,
            "",
            None,
            "5 s",
            t_sample <= 5,
        ),
    ]
    print("| workload | time (s) | compared with | their time (s) | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, t, other, their, target, met in rows:
        ratio = f"{t / their:.1f}x" if their else ""
        their_s = f"{their:.2f}" if their else ""
        met_s = "" if target == "" else ("yes" if met else "no")
        print(f"| {label} | {t:.2f} | {other} | {their_s} | {ratio} | {target} | {met_s} |")
    print(f"\npeak traced memory of kpi.overview: {peak_ov / 2**20:.0f} MB; report file: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
