"""Tables out: CSV and Excel bytes that open safely (no live formulas) and exactly.

The rule (after OWASP's "CSV Injection" guidance, adapted so that exports stay exact):

* A *text* cell is risky when, at its start or right after any line break (CR or LF) inside
  it, optional whitespace or control characters are followed by a formula character:
  ``= + - @`` or their full-width forms ``＝ ＋ － ＠``. Tabs, CR and LF themselves count as
  whitespace there, so ``"\\t=1"``, ``"  +cmd"`` and ``"not a date\\r+cmd|' /C calc'!A0"``
  are all risky.
* A risky line that is a plain number written as text (``-12.5``, ``+86 138 0000 0000``,
  ``-1,234.50``, ``+5%``: only a sign, digits, spaces, ``, .`` separators, an exponent or a
  trailing ``%``) is left alone: a spreadsheet can read it as a number but never as a
  reference or a function call.
* Numbers held as numbers (``-12.5`` in a float column), dates and booleans are never touched.
* **CSV:** every risky line gets a single quote ``'`` in front (OWASP's choice: the
  spreadsheet then shows text), and *every text cell is quoted* (``csv.QUOTE_NONNUMERIC``), so
  a CR or LF inside a cell can never start a new row in a reader that honours quotes; the
  ``'`` before each line also covers readers that do not.
* **Excel:** cells are written as strings with formulas, URLs and numbers conversion off
  (xlsxwriter's ``strings_to_formulas`` / ``strings_to_urls`` / ``strings_to_numbers``), so
  the text is exact, with no visible ``'``; risky cells also get Excel's hidden
  *quote prefix* cell style, so editing such a cell keeps it text.

Category and Arrow-backed (``string[pyarrow]``, ``ArrowDtype``) columns are handled like
``object`` columns; column names (and the index, when written) are cells too.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FORMULA_CHARS",
    "is_risky",
    "neutralise",
    "neutralise_text",
    "to_csv_bytes",
    "to_excel_bytes",
]

FORMULA_CHARS = "=+-@\uff1d\uff0b\uff0d\uff20"
_WS = r"[\s\x00-\x1f\x7f\u00a0\u3000]*"
# a formula character at the start of a line (start of the cell, or after CR / LF)
_LINE_START = re.compile(r"(?:^|(?<=[\r\n]))(?=" + _WS + "[" + re.escape(FORMULA_CHARS) + "])")
_RISKY = re.compile(r"(?:^|[\r\n])" + _WS + "[" + re.escape(FORMULA_CHARS) + "]")
# a number written as text: sign, digits with space / comma / dot separators, exponent, %
_NUMBER = re.compile(r"[+\-\uff0b\uff0d]?\s*\d[\d ,.\u00a0]*(?:[eE][+\-]?\d+)?\s*%?")


def _line_is_number(text: str, start: int) -> bool:
    end = len(text)
    for brk in ("\r", "\n"):
        i = text.find(brk, start)
        if i != -1:
            end = min(end, i)
    return _NUMBER.fullmatch(text[start:end].strip()) is not None


def is_risky(value: Any) -> bool:
    """Whether ``value`` is a text that a spreadsheet could run as a formula (see module doc)."""
    if not isinstance(value, str) or not _RISKY.search(value):
        return False
    return any(not _line_is_number(value, m.start()) for m in _LINE_START.finditer(value))


def neutralise_text(value: str) -> str:
    """``value`` with ``'`` put before each risky line (unchanged when not risky)."""
    if not is_risky(value):
        return value
    starts = [
        m.start() for m in _LINE_START.finditer(value) if not _line_is_number(value, m.start())
    ]
    parts, last = [], 0
    for s in starts:
        parts.append(value[last:s])
        parts.append("'")
        last = s
    parts.append(value[last:])
    return "".join(parts)


def _is_text_column(s: pd.Series) -> bool:
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return True
    if (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    ):
        return False
    return True  # object, string (python or pyarrow), Arrow strings / lists / others


def _plain(frame: pd.DataFrame, index: bool) -> pd.DataFrame:
    """A copy with the index as columns (when written) and text-like columns as ``object``."""
    out = frame.reset_index() if index else frame.copy()
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if _is_text_column(s) and s.dtype != object:
            values = s.astype(object)
            out.isetitem(i, values.where(s.notna(), None))
    return out


def _risky_mask(s: pd.Series) -> np.ndarray:
    """Which cells of an ``object`` column are risky text (vectorised pre-filter, exact check)."""
    text = s.map(lambda v: v if isinstance(v, str) else None)
    pre = text.str.contains(_RISKY, na=False).to_numpy(dtype=bool, copy=True)
    if not pre.any():
        return pre
    idx = np.flatnonzero(pre)
    pre[idx] = [is_risky(v) for v in text.to_numpy()[idx]]
    return pre


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where each risky line of a text cell gets a leading ``'`` (module doc).

    Numbers are left alone: a negative number is not text, and nor is ``-12.5``
    written as text. Category and Arrow-backed columns come back as ``object``.
    """
    out = _plain(frame, index=False)
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if s.dtype != object:
            continue
        risky = _risky_mask(s)
        if risky.any():
            values = s.to_numpy(dtype=object, copy=True)
            values[risky] = [neutralise_text(v) for v in values[risky]]
            out.isetitem(i, pd.Series(values, index=s.index, dtype=object))
    out.columns = [neutralise_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame, index: bool = False) -> bytes:
    """UTF-8 CSV with a BOM (so Excel opens Chinese text correctly), formulas neutralised.

    Every text cell is quoted; numbers are written unquoted and exactly as pandas does.
    """
    clean = neutralise(_plain(frame, index))
    return clean.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def to_excel_bytes(sheets: pd.DataFrame | dict[str, pd.DataFrame], index: bool = False) -> bytes:
    """An .xlsx file with one sheet per frame: text exact, written as text, never as formulas.

    Risky cells carry Excel's hidden quote-prefix style (no visible ``'``).
    """
    if isinstance(sheets, pd.DataFrame):
        sheets = {"data": sheets}
    buf = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        quoted = writer.book.add_format({"quote_prefix": True})
        used: set[str] = set()
        for name, frame in sheets.items():
            clean = _plain(frame, index)
            for col in clean.select_dtypes(include=["datetimetz"]).columns:
                clean[col] = clean[col].dt.tz_localize(None)
            sheet = _sheet_name(str(name), used)
            clean.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            for j, col in enumerate(clean.columns):
                if isinstance(col, str) and is_risky(col):
                    ws.write_string(0, j, col, quoted)
                s = clean.iloc[:, j]
                if s.dtype != object:
                    continue
                for r in np.flatnonzero(_risky_mask(s)):
                    ws.write_string(int(r) + 1, j, s.iat[r], quoted)
    return buf.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of ``[]:*?/\\``)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "data"
    out, n = base, 1
    while out.lower() in used:
        n += 1
        out = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    used.add(out.lower())
    return out
