"""How many of a table's columns fit a width: meeting mode's rule for every table.

The data grid of ``st.dataframe`` widens each column to its header or its widest value;
a table wider than the page hides its last columns past the right edge. In meeting mode
(:func:`ui.meeting.fit_tables`) every table shows the columns that fit the page at
1280x720 from the left. Pure functions: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ui import format as fmt

__all__ = ["TABLE_FIT_PX", "text_px", "column_px", "fit_columns"]

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
