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
from analytics.engine.load import load_source, load_table
from analytics.engine.sources import GA4_EVENTS, Source
from ui import state
from ui.engine_caption import LOADED
from ui.i18n import error_text, labels, t
from ui.safe import inert
from ui.widgets import choice

__all__ = ["section"]

URL_KEY = "data.engine.url"
MAPPINGS = ("auto", "ga4")  # recognised from the columns, or the GA4 BigQuery export
MODES = ("import", "place")  # rows read into the app, or queried in the engine


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
        picked = st.multiselect(t("engine.tables"), tables, key="data.engine.tables")
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
