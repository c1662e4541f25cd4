"""A database table in the app (issue 18): imported rows against the table queried in place.

An event log of 5M events from 500k users (``bench.bench_funnel.make_events``) sits in a
DuckDB database file, as it would in a warehouse. The Funnel page's work is measured both
ways, each in its own process (its peak RSS is its own):

- **import**: ``analytics.engine.load.load_table`` (the card's "Import rows": the rows read
  and imported as an upload), then the per-user funnel and its totals in pandas;
- **in place**: ``analytics.engine.live.open_table`` (the card's "Query in place": a
  5,000-row sample read both ways and compared, the row count and date range), then the
  same two aggregations in the database through ``analytics.engine.route``.

Both must give the same funnel. ``BENCH_QUICK=1`` shrinks the log 10x.
``BENCH_LIVE_URL=postgresql://user@host:port/db`` runs both paths on that server instead
(the table ``bench_events`` is written there once).

Run: ``.venv/bin/python -m bench.bench_live``
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.bench_engine import peak_rss_mb
from bench.common import DATA, load_average, run_child

SHRINK = 10 if os.environ.get("BENCH_QUICK") else 1
N_EVENTS = 5_000_000 // SHRINK
STEPS = [["view"], ["cart"], ["checkout"], ["purchase"]]
WINDOW = "7D"


URL = os.environ.get("BENCH_LIVE_URL", "")
TABLE = "bench_events" if URL else "events"


def _server() -> str:
    """The events in the server of ``BENCH_LIVE_URL`` (written once)."""
    from analytics.engine import connect
    from bench.bench_funnel import make_events

    eng = connect(URL)
    if TABLE not in eng.tables():
        eng.register(TABLE, make_events(N_EVENTS, N_EVENTS // 10, seed=7))
    eng.close()
    return URL


def _database() -> Path:
    """The DuckDB file holding table ``events`` (written once)."""
    from bench.bench_funnel import make_events

    path = DATA / f"live_events_{N_EVENTS}.duckdb"
    if path.exists():
        return path
    import duckdb

    ev = make_events(N_EVENTS, N_EVENTS // 10, seed=7)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    con.register("ev", ev)
    con.execute("CREATE TABLE events AS SELECT * FROM ev")
    con.close()
    tmp.rename(path)
    return path


def _child(task: str, path: str) -> dict:
    from analytics.engine import connect, live, route
    from analytics.engine.load import load_table

    url = path if "://" in path else f"duckdb:///{path}"
    eng = connect(url)
    live.attach(url, eng)
    t0 = time.perf_counter()
    if task == "import":
        ds = load_table(eng, TABLE)
        data = ds.frame
    else:
        ds = live.open_table(eng, url, TABLE)
        data = ds.live
    opened = time.perf_counter() - t0
    t1 = time.perf_counter()
    fu = route.user_funnel(data, STEPS, WINDOW, "sequential")
    totals = route.funnel_counts(data, STEPS, WINDOW, "sequential", count="totals")
    funnel_s = time.perf_counter() - t1
    result = [len(fu.users), int(fu.users["reached"].sum()), totals["users"].tolist()]
    return {"open": opened, "funnel": funnel_s, "mb": peak_rss_mb(), "r": result}


def _run(task: str, path: Path | str) -> dict:
    return run_child("bench.bench_live", task, str(path))


def main() -> None:
    path = _server() if URL else _database()
    rows = [(task, _run(task, path)) for task in ("import", "place")]
    assert rows[0][1]["r"] == rows[1][1]["r"], "import and in place disagree"
    where = "PostgreSQL" if URL else "a DuckDB file"
    print(f"{N_EVENTS / 1e6:g}M events in {where}, 4-step funnel, 7 days (load {load_average()})")
    print("| path | open / import s | funnel (per user + totals) s | peak RSS MB |")
    print("| --- | --- | --- | --- |")
    for task, r in rows:
        name = {"import": "Import rows", "place": "Query in place"}[task]
        print(f"| {name} | {r['open']:.2f} | {r['funnel']:.2f} | {r['mb']:.0f} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
    else:
        main()
