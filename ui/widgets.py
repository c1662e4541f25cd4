"""Shared widgets: dataset guard, cached analysis calls, downloads, metric rows, and how
many of a table's columns fit a width (meeting mode's tables)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from analytics.export import to_csv_bytes, to_excel_bytes
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
    "download_buttons",
    "fmt_num",
    "fmt_pct",
    "fmt_money",
    "TABLE_FIT_PX",
    "text_px",
    "column_px",
    "fit_columns",
]


def show_flash() -> None:
    """Show the message an action queued with ``state.flash`` before it reran the app."""
    msg = state.pop_flash()
    if msg:
        level, key, params = msg
        if level == "success" and state.persist_status()["unsaved"]:
            return  # never "done" when the save failed: the page's save warning says what
        getattr(st, level, st.info)(t(key, **params))


def require(kind: Kind, *, stop: bool = True) -> Dataset | None:
    """The active dataset of ``kind``; without one, say what to do (and stop the page)."""
    ds = state.active(kind)
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
    return _run(name, prints, params, fn, tuple(d.frame for d in datasets))


def download_buttons(
    frame: pd.DataFrame | dict[str, pd.DataFrame], basename: str, key: str
) -> None:
    """CSV and Excel downloads of ``frame`` (formula cells neutralised).

    The files are built only when a button is clicked (deferred ``data``), so a
    large table costs nothing on ordinary reruns, and a click does not rerun the page.
    """
    first = frame if isinstance(frame, pd.DataFrame) else next(iter(frame.values()))
    c1, c2 = st.columns(2)
    c1.download_button(
        t("common.download_csv"),
        data=lambda: to_csv_bytes(first),
        file_name=f"{basename}.csv",
        mime="text/csv",
        key=f"{key}.csv",
        icon=":material/download:",
        on_click="ignore",
    )
    c2.download_button(
        t("common.download_xlsx"),
        data=lambda: to_excel_bytes(frame),
        file_name=f"{basename}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}.xlsx",
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


# ---- tables that fit (meeting mode) ----------------------------------------------------

#: the width a table may take in meeting mode: the page's at 1280x720 (1216 px) less the
#: grid's border and a vertical scroll bar
TABLE_FIT_PX = 1180
_MAX_COL_PX = 500  # the grid widens a column to its content up to this
_MIN_COL_PX = 60


def text_px(text: str) -> float:
    """The drawn width of ``text`` in the data grid's 14 px font, rounded up: 8 px for a
    Latin character, 15 px for a CJK one."""
    return sum(15.0 if ord(c) >= 0x2E80 else 8.0 for c in str(text))


def _cell_text(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return "false"
    if isinstance(v, int | float | np.number):
        return "—" if fmt.is_na(v) else f"¥{float(v):,.2f}"  # the longest way a number shows
    if isinstance(v, pd.Timestamp):
        return "2025-12-31 00:00:00"
    return "" if v is None else str(v)


def column_px(header: Any, values: Iterable[Any]) -> float:
    """The width the data grid gives a column: its header or its widest value (the first
    100 rows) plus padding, between 60 and 500 px."""
    head = text_px(str(header)) + 40  # padding and the sort / menu icon
    cells = max((text_px(_cell_text(v)) for v in list(values)[:100]), default=0.0) + 24
    return float(min(max(head, cells, _MIN_COL_PX), _MAX_COL_PX))


def fit_columns(
    data: Any,
    *,
    budget: float = TABLE_FIT_PX,
    hide_index: bool | None = None,
    column_order: Iterable[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
) -> tuple[list[str], int] | None:
    """The columns of ``data`` (a DataFrame or a pandas Styler) that fit ``budget`` px
    from the left, for ``st.dataframe(column_order=...)``, and how many are left out;
    None when they all fit (or ``data`` is not a frame). The first column always shows."""
    frame = getattr(data, "data", data)  # a Styler's frame
    if not isinstance(frame, pd.DataFrame) or frame.columns.nlevels > 1:
        return None
    config = dict(column_config or {})
    names = [str(c) for c in frame.columns]
    order = [str(c) for c in column_order] if column_order is not None else names
    shown = [c for c in order if c in names and not (c in config and config[c] is None)]
    by_name = {str(c): frame[c] for c in frame.columns}
    used = 0.0
    if hide_index is not True and not isinstance(frame.index, pd.RangeIndex):
        used += column_px(frame.index.name or "", frame.index)

    def label(c: str) -> str:
        conf = config.get(c)
        if isinstance(conf, str):
            return conf
        return (conf.get("label") if isinstance(conf, dict) else None) or c

    keep: list[str] = []
    for c in shown:
        width = column_px(label(c), by_name[c])
        if keep and used + width > budget:
            break
        keep.append(c)
        used += width
    return None if len(keep) == len(shown) else (keep, len(shown) - len(keep))
