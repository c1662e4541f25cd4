"""The Import page's "Connect to a database or warehouse" card.

A connection URL (typed, or ``[engine] url`` of ``shopops.toml``) selects an engine
(:func:`analytics.engine.connect`); the password comes only from ``.streamlit/secrets.toml``
(``[engine] password``) or ``SHOPOPS_DB_PASSWORD`` and is never shown (:func:`redact`).

Two ways to use the chosen tables:

- **Import rows**: the tables are imported as datasets exactly as an upload of them would
  be (:func:`analytics.engine.load.load_table`), so every page works on them unchanged.
- **Query in place**: orders and event logs stay in the engine
  (:func:`analytics.engine.live.open_table`); the funnel, user layering and retention
  cohorts run there through :mod:`analytics.engine.route`, and pages that need the rows say
  so. Traffic and competitor prices are read summed by day, marketing spend is imported.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import streamlit as st

from analytics.engine import connect, live, read_config, redact
from analytics.engine.core import without_password
from analytics.engine.load import load_source, load_table
from analytics.engine.sources import GA4_EVENTS, Source
from ui import state
from ui.engine_caption import LOADED
from ui.i18n import error_text, labels, t
from ui.safe import inert
from ui.widgets import choice

__all__ = ["section", "reconnect", "forget", "LIVE"]

URL_KEY = "data.engine.url"
MAPPINGS = ("auto", "ga4")  # recognised from the columns, or the GA4 BigQuery export
MODES = ("import", "place")  # rows read into the app, or queried in the engine
# tables queried in place, saved in the workspace so that a reload opens them again:
# "<url>|<table>|<kind>" -> url (no password), table, kind, columns, filter, file name
LIVE = "engine.live"


def _secrets() -> dict:
    try:
        return dict(st.secrets.get("engine", {}))
    except Exception:  # no secrets.toml
        return {}


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(url: str):
    return connect(url, _secrets())


def _import(eng, url: str, table: str, mapping: str, mode: str):
    if mode == "place":
        if mapping == "ga4":
            return live.open_source(eng, url, Source(table, GA4_EVENTS, "events"))
        return live.open_table(eng, url, table)
    if mapping == "ga4":
        return load_source(eng, Source(table, GA4_EVENTS, "events"))
    return load_table(eng, table)


def _remember(url: str, ds) -> None:
    src = ds.live.source
    entry = {
        "url": without_password(url),
        "table": src.table,
        "kind": src.kind,
        "columns": dict(src.columns),
        "where": src.where,
        "filename": ds.filename,
    }
    saved = dict(state.get(LIVE) or {})
    saved[f"{entry['url']}|{src.table}|{src.kind}"] = entry
    state.put(LIVE, saved)


def forget(ds) -> None:
    """A table in place removed by the user: not opened again on a reload."""
    if ds.live is None:
        return
    src = ds.live.source
    saved = dict(state.get(LIVE) or {})
    saved = {k: e for k, e in saved.items() if (e["table"], e["kind"]) != (src.table, src.kind)}
    state.put(LIVE, saved)


def reconnect() -> None:
    """Open again the workspace's tables in place that this session does not hold (after a
    reload: their rows were never saved); a table that cannot be reached is said, and
    tried again on the next reload."""
    saved = state.get(LIVE) or {}
    held = {(d.live.source.table, d.kind) for d in state.datasets().values() if d.live is not None}
    for entry in saved.values():
        if (entry["table"], entry["kind"]) in held:
            continue
        source = Source(entry["table"], entry["columns"], entry["kind"], entry.get("where", ""))
        try:
            eng = _engine(entry["url"])
            live.attach(entry["url"], eng)
            ds = live.open_source(eng, entry["url"], source, entry.get("filename", ""))
        except (ValueError, OSError) as err:
            st.warning(
                t(
                    "engine.reconnect_failed",
                    table=inert(entry["table"]),
                    error=inert(error_text(err)),
                )
            )
            continue
        state.add_dataset(ds)


def _load(url: str, tables: list[str], mapping: str, mode: str = "import") -> None:
    eng = _engine(url)
    live.attach(url, eng)  # the pages' in-place queries use this connection
    loaded = dict(state.get(LOADED) or {})
    n = 0
    bar = st.progress(0.0)
    for i, table in enumerate(tables):
        bar.progress(i / len(tables), text=t("engine.loading", table=inert(table)))
        t0 = time.perf_counter()
        try:
            ds = _import(eng, url, table, mapping, mode)
        except (ValueError, OSError) as err:
            st.error(t("engine.load_failed", table=inert(table), error=inert(error_text(err))))
            continue
        state.add_dataset(ds)
        if ds.live is not None:
            _remember(url, ds)
        scanned = eng.stats.rows if ds.kind in live.REDUCED_KINDS and mode == "place" else 0
        info = {"engine": eng.name, "url": redact(url), "table": table, "rows": ds.rows}
        if scanned:  # summed by day in the engine: the rows it scanned
            info = {**info, "rows": scanned, "reduced": True}
        loaded[ds.fingerprint] = {**info, "seconds": round(time.perf_counter() - t0, 3)}
        n += 1
    bar.empty()
    state.put(LOADED, loaded)
    if n:
        state.flash("success", "engine.loaded", n=n, engine=eng.name)
        st.rerun()


def section() -> None:
    """The card: URL, connect, tables, load."""
    with st.expander(t("engine.panel"), expanded=False):
        st.caption(t("engine.intro"))
        if state.widget(URL_KEY) is None:
            state.set_widget(URL_KEY, str(read_config().get("url", "")))
        # masked like a password: an address may hold one, and the screen is often shared;
        # the "connected to" line below shows it with the password replaced
        url = st.text_input(
            t("engine.url"), key=URL_KEY, help=t("engine.url_help"), type="password"
        ).strip()
        if not url:
            return
        if "://" in url and urlsplit(url).password:
            st.warning(t("engine.password_in_url"))
        try:
            eng = _engine(url)
            tables = eng.tables()
        except (ValueError, OSError) as err:
            st.error(inert(error_text(err)))
            return
        st.caption(t("engine.connected", engine=eng.name, url=inert(redact(url)), n=len(tables)))
        picked = st.multiselect(
            t("engine.tables"), tables, key="data.engine.tables", placeholder=t("common.choose")
        )
        mapping = st.selectbox(
            t("engine.mapping"),
            MAPPINGS,
            format_func=labels("engine.mapping"),
            key="data.engine.mapping",
            help=t("engine.mapping_help"),
        )
        mode = choice(
            t("engine.mode"),
            list(MODES),
            prefix="engine.mode",
            default="import",
            key="data.engine.mode",
            help=t("engine.mode_help"),
        )
        if st.button(t("engine.load"), key="data.engine.load", disabled=not picked):
            _load(url, picked, mapping or "auto", mode)
