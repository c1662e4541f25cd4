"""Funnel benchmark: 10M events from 1M users, 4 steps, sequential, 7-day window.

Compared in the same run with the same funnel computed by a DuckDB SQL query
(window functions) on the same frame; both results must agree. Also run at 1M
and 30M events to show how it scales. ``BENCH_QUICK=1`` shrinks every size 10x.

Run: ``.venv/bin/python -m bench.bench_funnel``
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.funnel import funnel_counts

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SHRINK = 10 if QUICK else 1
STEPS = ["view", "cart", "checkout", "purchase"]
WINDOW = pd.Timedelta(days=7)
NAMES = np.array(["view", "cart", "checkout", "purchase", "search", "remove_from_cart"])
PROBS = [0.55, 0.15, 0.07, 0.05, 0.15, 0.03]


def make_events(n_events: int, n_users: int, seed: int = 0, prefix: str = "") -> pd.DataFrame:
    """A canonical event log: string user ids, second-resolution times over 30 days, file not sorted.

    User ids are decimal strings ("123456"), or "u123456" with ``prefix="u"``
    (ids that are not plain numbers must be hashed: the slower path).
    """
    rng = np.random.default_rng(seed)
    users = rng.integers(0, n_users, n_events)
    # each user is active around a day of their own, events spread over a few days
    home = rng.integers(0, 30 * 86_400, n_users)
    secs = np.clip(home[users] + rng.exponential(86_400, n_events).astype(np.int64), 0, 30 * 86_400)
    codes = rng.choice(len(NAMES), n_events, p=PROBS)
    return pd.DataFrame(
        {
            "user_id": pd.array(
                pc.binary_join_element_wise(prefix, pc.cast(pa.array(users), pa.string()), ""),
                dtype="str",
            ),
            "event_time": pd.Timestamp("2024-01-01") + pd.to_timedelta(secs, unit="s"),
            "event": pd.array(
                pa.DictionaryArray.from_arrays(codes, NAMES).cast(pa.string()), dtype="str"
            ),
        }
    )


SQL = """
WITH e AS (
    SELECT user_id, event_time,
           CASE event WHEN 'view' THEN 0 WHEN 'cart' THEN 1 WHEN 'checkout' THEN 2 ELSE 3 END AS step
    FROM events WHERE event IN ('view', 'cart', 'checkout', 'purchase')
), o AS (
    SELECT *, row_number() OVER (ORDER BY user_id, event_time, step) AS pos FROM e
), n AS (
    SELECT *,
        min(CASE WHEN step = 1 THEN pos END) OVER w AS next1,
        min(CASE WHEN step = 2 THEN pos END) OVER w AS next2,
        min(CASE WHEN step = 3 THEN pos END) OVER w AS next3
    FROM o
    WINDOW w AS (PARTITION BY user_id ORDER BY pos ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
), a AS (
    SELECT s.user_id,
        1 + (r1.pos IS NOT NULL)::INT + (r2.pos IS NOT NULL)::INT + (r3.pos IS NOT NULL)::INT AS reached
    FROM n s
    LEFT JOIN n r1 ON r1.pos = s.next1 AND r1.event_time <= s.event_time + INTERVAL 7 DAY
    LEFT JOIN n r2 ON r2.pos = r1.next2 AND r2.event_time <= s.event_time + INTERVAL 7 DAY
    LEFT JOIN n r3 ON r3.pos = r2.next3 AND r3.event_time <= s.event_time + INTERVAL 7 DAY
    WHERE s.step = 0
), u AS (
    SELECT user_id, max(reached) AS best FROM a GROUP BY user_id
)
SELECT count(*) FILTER (WHERE best >= 1), count(*) FILTER (WHERE best >= 2),
       count(*) FILTER (WHERE best >= 3), count(*) FILTER (WHERE best >= 4)
FROM u
"""


def rss_gb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024**2 if sys.platform != "darwin" else kb / 1024**3


def run_ours(events: pd.DataFrame) -> tuple[float, list[int]]:
    t = time.perf_counter()
    out = funnel_counts(events, STEPS, WINDOW, "sequential")
    return time.perf_counter() - t, out["users"].tolist()


def run_duckdb(events: pd.DataFrame) -> tuple[float, list[int]]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    con.register("events", events)
    t = time.perf_counter()
    row = con.execute(SQL).fetchone()
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed, [int(x) for x in row]


def main() -> None:
    sizes = [
        (1_000_000, 100_000, ""),
        (10_000_000, 1_000_000, ""),
        (10_000_000, 1_000_000, "u"),
        (30_000_000, 3_000_000, ""),
    ]
    rows = []
    notes = []
    for n_events, n_users, prefix in sizes:
        n_events //= SHRINK
        n_users //= SHRINK
        events = make_events(n_events, n_users, prefix=prefix)
        gc.collect()
        ours, counts = run_ours(events)
        peak = rss_gb()
        theirs, their_counts = run_duckdb(events)
        agree = counts == their_counts
        ids = 'ids "u123"' if prefix else 'ids "123"'
        label = f"{n_events / 1e6:g}M events, {n_users / 1e6:g}M users ({ids}), 4 steps, sequential, 7 days"
        main_size = n_events == 10_000_000 // SHRINK
        target = "< 5 s, < 4 GB, <= 2x DuckDB" if main_size else "scaling"
        met = (ours < 5 and peak < 4 and ours <= 2 * theirs) if main_size else ours <= 2 * theirs
        rows.append(
            f"| {label} | {ours:.2f} | DuckDB SQL (window functions) | {theirs:.2f} | "
            f"{ours / theirs:.2f} | {target} | {'yes' if met else 'no'} | {peak:.2f} |"
        )
        notes.append(f"{label}: counts {counts}; DuckDB {their_counts}; agree: {agree}")
        if not agree:
            raise SystemExit(f"results differ: {counts} vs {their_counts}")
        del events
        gc.collect()
    print(
        "| workload | time (s) | compared with | their time (s) | ratio | target | met | peak RSS (GB) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(r)
    print()
    print("Peak RSS is the process's maximum so far (input frame included), read after our run.")
    for n in notes:
        print(f"- {n}")


if __name__ == "__main__":
    main()
