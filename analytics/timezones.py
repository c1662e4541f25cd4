"""Time-zone choice on import (issue 14 item 5): which mapped time columns carry an offset,
the common zones offered, and whether a zone name is known.

By default a time with an offset keeps the local (wall) time written (see
:func:`analytics.coerce.to_datetime`); ``tz=`` on :func:`analytics.ingest.load` /
``to_canonical`` converts them to a zone instead. The import wizard offers that choice only
where it changes something: when a mapped time column has values with an offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.coerce import _OFFSET
from analytics.schema import DTYPES

__all__ = ["ZONES", "TZ_NOTES", "time_columns", "offset_columns", "is_zone"]

# zones offered first (any IANA name can be typed)
ZONES: tuple[str, ...] = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)
# reader / import notes that say a column's times had an offset
TZ_NOTES: tuple[str, ...] = ("tz_local", "tz_mixed", "tz_utc", "tz_converted", "tz_naive_mixed")
_SAMPLE = 200_000  # rows looked at per column (distinct values of those)


def time_columns(kind: str, mapping: Mapping[str, str]) -> list[str]:
    """The file columns mapped to a canonical datetime column of ``kind``."""
    types = DTYPES.get(kind, {})
    return list(dict.fromkeys(str(c) for k, c in mapping.items() if types.get(k) == "datetime"))


def offset_columns(
    frame: pd.DataFrame,
    columns: Iterable[str],
    notes: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> list[str]:
    """Those of ``columns`` whose times carry a time-zone offset.

    A column counts when it is time-zone aware, when a reader note says its times were
    marked UTC (``tz_utc``), or when one of its distinct texts (among its first 200,000
    values, an offset being written the same way throughout an export) ends with an offset
    such as ``+08:00``, ``+0800``, ``GMT+8``, ``Z`` or ``UTC``, as the import reads them.
    """
    noted = {str(p.get("column")) for code, p in notes if code in TZ_NOTES}
    out = []
    for col in columns:
        if col not in frame.columns:
            continue
        s = frame[col]
        if col in noted or isinstance(s.dtype, pd.DatetimeTZDtype):
            out.append(col)
            continue
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if _has_offset(s.iloc[:_SAMPLE]):
            out.append(col)
    return out


def _has_offset(s: pd.Series) -> bool:
    """Any value written with an offset, as the import reads them (Arrow regex on the
    distinct values, no per-row Python)."""
    try:
        arr = pa.array(s, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects
        arr = pa.array(s.astype("str"), from_pandas=True)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return False
    uniq = pc.utf8_trim_whitespace(pc.unique(arr.drop_null()))
    if not len(uniq):
        return False
    hit = pc.match_substring_regex(uniq, _OFFSET.pattern, ignore_case=True)
    return bool(pc.any(hit).as_py())


def is_zone(name: str) -> bool:
    """True when ``name`` is a time zone pandas knows (an IANA name such as ``Asia/Tokyo``)."""
    if not isinstance(name, str) or not name.strip():
        return False
    try:
        pd.Timestamp("2024-01-01", tz="UTC").tz_convert(name.strip())
    except (ValueError, TypeError, KeyError, LookupError):
        return False
    return True
