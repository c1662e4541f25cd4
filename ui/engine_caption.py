"""One line under a page's title: where its data is and where its heavy work runs.

Every page calls :func:`where` with the dataset kinds it analyses. A dataset loaded from an
engine (the Import page's "Connect to a database" card) shows the engine, its table, the
rows read and the query time; an uploaded one shows pandas, or DuckDB past the size at
which the heavy aggregations move there (``analytics.engine.aggregates.THRESHOLD_ROWS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

from analytics.engine.aggregates import THRESHOLD_ROWS
from analytics.engine.core import progress
from ui import state
from ui.i18n import t
from ui.safe import inert

__all__ = ["where", "running", "needs_rows", "LOADED"]

LOADED = "engine.loaded"  # fingerprint -> {"engine", "url", "table", "rows", "seconds"}


def _live_part(ds) -> str:
    from analytics.engine.live import last_stats

    lt = ds.live
    params = dict(engine=lt.engine, table=inert(lt.source.table), rows=f"{lt.rows:,}")
    stats = last_stats(lt)
    if stats is None:
        return t("engine.caption.live", **params)
    return t("engine.caption.live_time", seconds=f"{stats.seconds:.2f}", **params)


def _loaded_part(ds, info: dict) -> str:
    params = dict(
        engine=info["engine"],
        table=inert(info["table"]),
        rows=f"{int(info['rows']):,}",
        seconds=f"{float(info['seconds']):.2f}",
    )
    if info.get("reduced"):  # summed by day in the engine: rows scanned, rows read
        return t("engine.caption.reduced", kept=f"{len(ds.frame):,}", **params)
    return t("engine.caption.engine", **params)


def _parts(kinds: tuple[str, ...], live: bool) -> list[str]:
    loaded = state.get(LOADED) or {}
    parts, in_memory = [], []
    for kind in kinds:
        ds = state.active(kind, live=live)
        if ds is None:
            continue
        info = loaded.get(ds.fingerprint)
        rows = f"{len(ds.frame):,}"
        if ds.live is not None:
            parts.append(_live_part(ds))
        elif info:
            parts.append(_loaded_part(ds, info))
        elif len(ds.frame) > THRESHOLD_ROWS:
            parts.append(t("engine.caption.duckdb", threshold=f"{THRESHOLD_ROWS:,}", rows=rows))
        else:  # uploads analysed in memory: one phrase, rows per dataset
            in_memory.append(t("engine.caption.rows", kind=t(f"kind.{kind}"), rows=rows))
    if in_memory:
        parts.append(t("engine.caption.memory", rows=t("common.list_sep").join(in_memory)))
    return list(dict.fromkeys(parts))


def where(*kinds: str, live: bool = False) -> Callable[[], None]:
    """Caption: the engine, rows scanned and query time of the active datasets of ``kinds``
    (``live``: the page runs on tables queried in place; other pages leave them out).

    Returns a function that draws the caption again in its place: a page on a table in
    place calls it after its queries, so that the first view shows their time too."""
    slot = st.empty()

    def draw() -> None:
        parts = _parts(kinds, live)
        if parts:
            slot.caption(" · ".join(parts))

    draw()
    return draw


def needs_rows(ds, *, section: bool = False) -> bool:
    """For a dataset queried in place, say that this page (or section) needs its rows and
    return True; False for a dataset in memory (or None)."""
    if ds is None or ds.live is None:
        return False
    key = "engine.live.section" if section else "engine.live.page"
    st.info(t(key, table=inert(ds.live.source.table), engine=ds.live.engine))
    if not section:
        st.page_link("views/data.py", label=t("common.go_data"), icon=":material/upload_file:")
    return True


@contextmanager
def running(ds=None) -> Iterator[None]:
    """Around a heavy call on ``ds``: while an engine's query runs (DuckDB past the size
    threshold, or the database of a table in place), a progress bar; Streamlit's stop or a
    new run cancels the query (the bar's update raises, :func:`progress` interrupts)."""
    slot = st.empty()
    engine = ds.live.engine if ds is not None and ds.live is not None else "DuckDB"

    def report(share: float) -> None:
        if share < 0:
            slot.progress(0.0, text=t("engine.running_unknown", engine=engine))
        else:
            text = t("engine.running", engine=engine, share=f"{share:.0%}")
            slot.progress(min(share, 1.0), text=text)

    try:
        with progress(report):
            yield
    finally:
        slot.empty()
