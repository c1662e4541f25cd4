"""Experiments benchmark (#19): reading an A/B test from a 10M-event log, and the planning
card's rerun.

- reading: 10M events of 1M users over 30 days (``bench.bench_funnel.make_events``: decimal
  string ids, events unsorted) with a ``variant`` column (A / B by user, as an event
  property on every row) and a ``price`` on purchases; ``from_events`` (exposure, conversion,
  revenue per user, daily counts) then ``read`` (Wilson, Welch, z test, confidence sequence
  by day, 100,000 Bayesian draws), cold, median of 3.
- planning: AppTest of the Experiments page with the sample events, the MDE slider moved and
  only the planning fragment rerun (as the browser asks for it), median of 20; the plan's
  arithmetic and chart alone for reference.

``BENCH_QUICK=1`` shrinks the log 10x. Run: ``.venv/bin/python -m bench.bench_experiments``
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import experiments as ex  # noqa: E402
from bench.bench_funnel import make_events  # noqa: E402

QUICK = bool(os.environ.get("BENCH_QUICK"))
SHRINK = 10 if QUICK else 1


def experiment_log(n_events: int, n_users: int, seed: int = 0) -> pd.DataFrame:
    """``make_events`` plus a per-user ``variant`` (B converts a little more) and ``price``."""
    ev = make_events(n_events, n_users, seed)
    users = ev["user_id"].astype("int64").to_numpy()
    b = (users * 2654435761 % 2**32) % 2 == 1
    variant = pa.DictionaryArray.from_arrays(b.astype(np.int8), pa.array(["A", "B"]))
    rng = np.random.default_rng(seed + 1)
    purchase = (ev["event"] == "purchase").to_numpy()
    # B's extra purchases: a share of its views become purchases
    extra = b & (ev["event"] == "view").to_numpy() & (rng.random(len(ev)) < 0.004)
    event = np.where(extra, "purchase", ev["event"].to_numpy(dtype=object))
    price = np.where(purchase | extra, rng.lognormal(4, 0.8, len(ev)).round(2), np.nan)
    return ev.assign(
        event=pd.array(event, dtype="str"),
        variant=pd.array(variant.cast(pa.string()), dtype="str"),
        price=price,
    )


def bench_reading(rows: list) -> None:
    n = 10_000_000 // SHRINK
    ev = experiment_log(n, n // 10)
    times, r = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        data = ex.from_events(ev, "variant")
        r = ex.read(data, "A")
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    users = int(r.table["users"].sum())
    rows.append(
        (
            f"read an experiment from {n:,} events ({users:,} users, {len(r.sequence)} days)",
            t,
            "< 3 s",
            "yes" if t < 3 else "no",
        )
    )


def _fragment_runner(frag_ids):
    """A LocalScriptRunner.run that reruns only ``frag_ids`` (as the browser asks)."""
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
    from streamlit.testing.v1 import local_script_runner as lsr

    def fragment_run(
        self, widget_state=None, query_params=None, timeout=3, page_hash="", context_info=None
    ):
        self._requests = ScriptRequests()
        self.request_rerun(
            RerunData(
                widget_states=widget_state,
                page_script_hash=page_hash,
                context_info=context_info,
                fragment_id_queue=list(frag_ids),
                is_fragment_scoped_rerun=True,
            )
        )
        try:
            if not self._script_thread:
                self.start()
            lsr.require_widgets_deltas(self, timeout)
        finally:
            self.join()
        return lsr.parse_tree_from_messages(self.forward_msgs())

    return lsr, fragment_run


def bench_planning(rows: list) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from tests.app.conftest import make_app, sample_datasets

    at = make_app("views/experiments.py", datasets=sample_datasets("events"), timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    lsr, fragment_run = _fragment_runner(list(at._fragment_storage._fragments))
    whole_run = lsr.LocalScriptRunner.run
    times = []
    for i in range(5 if QUICK else 20):
        at.slider(key="experiments.plan_mde").set_value(5.0 + i)
        lsr.LocalScriptRunner.run = fragment_run
        try:
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception
            # only the card ran: the reading's controls outside it are not in this tree
            assert all(s.key != "experiments.control" for s in at.selectbox)
        finally:
            lsr.LocalScriptRunner.run = whole_run
        at.run()
    t = statistics.median(times)
    rows.append(
        (
            "planning card rerun after an MDE change (fragment, AppTest)",
            t,
            "< 50 ms",
            "yes" if t < 0.05 else "no",
        )
    )
    from ui.charts_experiments import size_spec

    def compute():
        p = ex.plan(0.02, 0.1, traffic=4000)
        curve = ex.size_curve(0.02, np.linspace(0.02, 0.5, 49), traffic=4000)
        return size_spec(curve, p.mde, p.per_arm, mde_title="m", users_title="u", days_title="d")

    compute()
    t0 = time.perf_counter()
    for _ in range(50):
        compute()
    rows.append(
        (
            "  of which: plan + curve + chart spec from its cached template (no Streamlit)",
            (time.perf_counter() - t0) / 50,
            "(reference)",
            "",
        )
    )


def main() -> None:
    warnings.filterwarnings("ignore")
    rows: list = []
    bench_reading(rows)
    bench_planning(rows)
    print("| workload | time (s) | target | met |")
    print("| --- | --- | --- | --- |")
    for w, t, target, met in rows:
        print(f"| {w} | {t:.4f} | {target} | {met} |")


if __name__ == "__main__":
    main()
