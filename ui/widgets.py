"""Shared widgets: dataset guard, cached analysis calls, downloads, metric rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analytics.export import to_csv_bytes, to_excel_bytes
from analytics.messages import AnalyticsError
from analytics.schema import Dataset, Kind
from ui import format as fmt
from ui import shop, state
from ui.i18n import labels, t
from ui.memory import CACHE_TTL

__all__ = [
    "show_flash",
    "require",
    "cached",
    "choice",
    "choice_for",
    "download_buttons",
    "fmt_num",
    "fmt_pct",
    "fmt_money",
    "table",
    "titles",
]


def show_flash() -> None:
    """Show the message an action queued with ``state.flash`` before it reran the app."""
    msg = state.pop_flash()
    if msg:
        level, key, params = msg
        if level == "success" and state.persist_status()["unsaved"]:
            return  # never "done" when the save failed: the page's save warning says what
        getattr(st, level, st.info)(t(key, **params))


def require(kind: Kind, *, stop: bool = True, live: bool = False) -> Dataset | None:
    """The active dataset of ``kind``; without one, say what to do (and stop the page).

    ``live``: the page runs on a table queried in place (its heavy work goes through
    :mod:`analytics.engine.route`); other pages say that they need the table's rows.
    """
    ds = state.active(kind, live=True)
    if ds is not None and ds.live is not None and not live:
        from ui.engine_caption import needs_rows

        needs_rows(ds)
        if stop:
            st.stop()
        return None
    if ds is None:
        st.info(t("common.no_data", kind=t(f"kind.{kind}")))
        st.page_link("views/data.py", label=t("common.go_data"), icon=":material/upload_file:")
        if stop:
            st.stop()
    return ds


_DEFAULT = object()


def choice(
    label: str,
    options: list[Any],
    *,
    key: str,
    default: Any = None,
    prefix: str | None = None,
    fallback: Any = _DEFAULT,
    where: Any = st,
    **kwargs: Any,
) -> Any:
    """A segmented control (in ``where``: ``st`` or a column) whose value is never None.

    Clicking the selected option deselects it; that reads as ``fallback`` (by default
    ``default``). ``prefix`` shows each option as ``t(f"{prefix}.{option}")``.
    """
    value = where.segmented_control(
        label,
        options,
        format_func=labels(prefix) if prefix else str,
        default=default,
        key=key,
        **kwargs,
    )
    if value is not None:
        return value
    return default if fallback is _DEFAULT else fallback


def choice_for(key: str, options: list[Any], default: Any, **kwargs: Any) -> Any:
    """:func:`choice` whose label (``t(key)``), option texts (``key.<option>``) and widget key
    are all ``key``."""
    return choice(t(key), options, prefix=key, default=default, key=key, **kwargs)


def titles(prefix: str, **names: str) -> dict[str, str]:
    """Chart titles in this run's language: ``titles("pricing.col", date_title="date")`` is
    ``{"date_title": t("pricing.col.date")}``."""
    return {name: t(f"{prefix}.{key}") for name, key in names.items()}


def table(frame: Any, **kwargs: Any) -> Any:
    """A read-only table as every page draws one: no index, "—" for missing values."""
    return st.dataframe(frame, hide_index=True, placeholder=fmt.NA, **kwargs)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# bounded by count, time (unused for CACHE_TTL seconds) and the server's total cache size
@st.cache_data(max_entries=256, ttl=CACHE_TTL, show_spinner=False)
def _run(name: str, fingerprints: tuple[str, ...], params: dict[str, Any], _fn, _frames):
    return _fn(*_frames, **params)


def cached(fn: Callable[..., Any], *datasets: Dataset, **params: Any) -> Any:
    """``fn(ds1.frame, ds2.frame, ..., **params)``, cached by the datasets' fingerprints and params.

    The frames themselves are never hashed (a rerun never re-hashes a million
    rows); ``params`` are hashed by Streamlit, so they may hold small frames.
    The result must be picklable.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    prints = tuple(d.fingerprint for d in datasets)
    if any(d.live is not None for d in datasets):
        # a table queried in place: only the route layer's aggregations run on it
        from analytics.engine.route import LIVE_READY

        if fn not in LIVE_READY:
            raise AnalyticsError("analytics.engine.live_needs_rows")
        return _run(name, prints, params, fn, tuple(d.live or d.frame for d in datasets))
    return _run(name, prints, params, fn, tuple(d.frame for d in datasets))


def download_buttons(
    frame: pd.DataFrame | dict[str, pd.DataFrame], basename: str, key: str
) -> None:
    """CSV and Excel downloads of ``frame`` (formula cells neutralised).

    The files are built only when a button is clicked (deferred ``data``), so a
    large table costs nothing on ordinary reruns, and a click does not rerun the page.
    """
    first = frame if isinstance(frame, pd.DataFrame) else next(iter(frame.values()))
    files = (
        ("csv", lambda: to_csv_bytes(first), "text/csv"),
        ("xlsx", lambda: to_excel_bytes(frame), XLSX_MIME),
    )
    for col, (ext, data, mime) in zip(st.columns(2), files, strict=True):
        col.download_button(
            t(f"common.download_{ext}"),
            data=data,
            file_name=f"{basename}.{ext}",
            mime=mime,
            key=f"{key}.{ext}",
            icon=":material/download:",
            on_click="ignore",
        )


def _na_text(text: str) -> str:
    return t("common.na") if text == fmt.NA else text


def fmt_num(x: Any, digits: int | None = 0) -> str:
    """A number with thousands separators (``digits=None``: decimals by magnitude)."""
    return _na_text(fmt.number(x, digits))


def fmt_pct(x: Any, digits: int = 1) -> str:
    """A fraction (0.123) as a percentage ("12.3%")."""
    return _na_text(fmt.pct(x, digits))


def fmt_money(x: Any, digits: int | None = None, *, signed: bool = False) -> str:
    """``x`` in the shop currency (``"¥441.05"``, ``"¥15,363"``: see :mod:`ui.format`)."""
    return _na_text(shop.money(x, digits, signed=signed))


def tab_sections(tabs: list, sections: list[Callable[[Any], None]], ctx: Any) -> None:
    """A router's tabs: ``sections[i](ctx)`` drawn in ``tabs[i]`` (the page shape)."""
    for tab, section in zip(tabs, sections, strict=True):
        with tab:
            section(ctx)


def row_counts(report: Any) -> None:
    """An import's rows read, kept, flagged and dropped, as four metrics (an ``ImportReport``)."""
    m = st.columns(4)
    m[0].metric(t("data.rows_read"), f"{report.rows_read:,}")
    m[1].metric(t("data.rows_kept"), f"{report.rows_kept:,}")
    m[2].metric(t("data.rows_flagged"), f"{report.rows_flagged:,}")
    m[3].metric(t("data.rows_dropped"), f"{report.rows_dropped:,}")
