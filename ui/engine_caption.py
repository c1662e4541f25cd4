"""One line under a page's title: where its data is and where its heavy work runs.

Every page calls :func:`where` with the dataset kinds it analyses. A dataset loaded from an
engine (the Import page's "Connect to a database" card) shows the engine, its table, the
rows read and the query time; an uploaded one shows pandas, or DuckDB past the size at
which the heavy aggregations move there (``analytics.engine.aggregates.THRESHOLD_ROWS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from analytics.engine.aggregates import THRESHOLD_ROWS
from analytics.engine.core import progress
from ui import state
from ui.i18n import t
from ui.safe import inert

__all__ = ["where", "running", "LOADED"]

LOADED = "engine.loaded"  # fingerprint -> {"engine", "url", "table", "rows", "seconds"}


def where(*kinds: str) -> None:
    """Caption: the engine, rows scanned and query time of the active datasets of ``kinds``."""
    loaded = state.get(LOADED) or {}
    parts, in_memory = [], []
    for kind in kinds:
        ds = state.active(kind)
        if ds is None:
            continue
        info = loaded.get(ds.fingerprint)
        rows = f"{len(ds.frame):,}"
        if info:
            parts.append(
                t(
                    "engine.caption.engine",
                    engine=info["engine"],
                    table=inert(info["table"]),
                    rows=f"{int(info['rows']):,}",
                    seconds=f"{float(info['seconds']):.2f}",
                )
            )
        elif len(ds.frame) > THRESHOLD_ROWS:
            parts.append(t("engine.caption.duckdb", threshold=f"{THRESHOLD_ROWS:,}", rows=rows))
        else:  # uploads analysed in memory: one phrase, rows per dataset
            in_memory.append(t("engine.caption.rows", kind=t(f"kind.{kind}"), rows=rows))
    if in_memory:
        parts.append(t("engine.caption.memory", rows=t("common.list_sep").join(in_memory)))
    if parts:
        st.caption(" · ".join(dict.fromkeys(parts)))


@contextmanager
def running() -> Iterator[None]:
    """Around a heavy call: while a DuckDB query runs, a progress bar (Streamlit's stop or a
    new run interrupts the query: the bar's update raises, :func:`progress` interrupts)."""
    slot = st.empty()

    def report(share: float) -> None:
        if share < 0:
            slot.progress(0.0, text=t("engine.running_unknown"))
        else:
            slot.progress(min(share, 1.0), text=t("engine.running", share=f"{share:.0%}"))

    try:
        with progress(report):
            yield
    finally:
        slot.empty()
