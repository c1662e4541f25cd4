"""Tables out: CSV and Excel bytes with spreadsheet-formula cells neutralised."""

from __future__ import annotations

import io

import pandas as pd

__all__ = ["neutralise", "to_csv_bytes", "to_excel_bytes"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where text cells starting with ``= + - @`` (or tab / CR) get a leading ``'``.

    Spreadsheet programs would otherwise run such cells as formulas (CSV
    injection). Numbers are left alone: a negative number is not text.
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            as_text = s.astype("string")
            risky = as_text.str.startswith(_FORMULA_START, na=False) & s.map(
                lambda v: isinstance(v, str)
            ).astype(bool)
            if risky.any():
                out[col] = s.where(~risky, "'" + as_text)
    # column names are cells too
    out.columns = [
        "'" + c if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns
    ]
    return out


def to_csv_bytes(frame: pd.DataFrame, index: bool = False) -> bytes:
    """UTF-8 CSV with a BOM (so Excel opens Chinese text correctly), formulas neutralised."""
    return neutralise(frame).to_csv(index=index).encode("utf-8-sig")


def to_excel_bytes(sheets: pd.DataFrame | dict[str, pd.DataFrame], index: bool = False) -> bytes:
    """An .xlsx file with one sheet per frame, formulas neutralised and written as text."""
    if isinstance(sheets, pd.DataFrame):
        sheets = {"data": sheets}
    buf = io.BytesIO()
    with pd.ExcelWriter(
        buf, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}
    ) as writer:
        for name, frame in sheets.items():
            clean = neutralise(frame)
            for col in clean.select_dtypes(include=["datetimetz"]).columns:
                clean[col] = clean[col].dt.tz_localize(None)
            clean.to_excel(writer, sheet_name=str(name)[:31] or "data", index=index)
    return buf.getvalue()
