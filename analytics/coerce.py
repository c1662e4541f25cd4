"""Vectorised coercion of raw file columns: money, percentages, dates, booleans.

Every function takes a :class:`pandas.Series` as read from a file and returns
``(values, bad_mask)``: the converted values (null where the cell was empty or
could not be read) and a boolean mask that is True where a *non-empty* cell
could not be read. Empty cells and null tokens (``""``, ``-``, ``--``, ``N/A``,
``null``, ``none``, ``nan``, ``无``...) are null but not bad.

Columns that are already numeric / datetime take a fast path (no string work).
String columns are converted with vectorised ``.str`` operations and, for dates,
one ``pd.to_datetime(format=...)`` call with the format detected on a sample,
never per-element parsing.

Assumptions made while converting (day-first dates, month-only or week-only
dates in an assumed year, 0-100 percentages) are appended to ``notes`` (a list
of ``(code, params)`` pairs, translated as ``ingest.note.<code>``) when a list is
passed.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "ASSUMED_YEAR",
    "DATE_MIN",
    "DATE_MAX",
    "NULL_TOKENS",
    "to_number",
    "to_money",
    "detect_currency",
    "currency_of",
    "currency_of_countries",
    "to_percent",
    "to_datetime",
    "to_bool",
    "to_text",
    "detect_date_format",
]

#: Year used when a file gives only months or week numbers (stated in a note).
ASSUMED_YEAR = 2000

#: Dates outside ``DATE_MIN <= t < DATE_MAX`` are not real order / event / price dates
#: (9999-12-31 and 0001-01-01 are placeholders of "no end" / "no value"; a Unix time of
#: 0 and older are blanks too): :func:`to_datetime` reads them as unusable (bad), and the
#: import drops (or, in an optional column, blanks) them with the reason
#: ``date_out_of_range``.
DATE_MIN = pd.Timestamp("1970-01-01")
DATE_MAX = pd.Timestamp("2100-01-01")

#: Cell texts read as "no value" (compared after strip + lower-case).
NULL_TOKENS = frozenset(
    {"", "-", "--", "—", "–", "n/a", "na", "nan", "null", "none", "nat", "#n/a", "(null)", "无数据"}
)

Notes = list[tuple[str, dict[str, Any]]] | None
#: Receives, per cause, the mask of cells that are unusable for that cause (a subset
#: of the bad mask): ``non_finite``, ``decimal_conflict``, ``date_out_of_range``.
Causes = dict[str, np.ndarray] | None

_UNITS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
_UNIT_RE = r"(百万|万|亿|千|k|mn|m|bn)$"
_CURRENCY_RE = r"(?i)(rmb|cny|usd|eur|gbp|jpy|hkd|us\$|hk\$|元|人民币|[¥￥$€£₹₩])"


def _note(notes: Notes, code: str, **params: Any) -> None:
    if notes is not None and all(n != (code, params) for n in notes):
        notes.append((code, params))


def _as_text(s: pd.Series) -> pd.Series:
    """Stripped text with null tokens set to null (pandas ``str`` dtype)."""
    t = s.astype("str").str.strip() if not pd.api.types.is_string_dtype(s) else s.str.strip()
    low = t.str.lower()
    return t.where(~low.isin(NULL_TOKENS) & t.notna(), None)


def _is_numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _float64(s: pd.Series) -> pd.Series:
    """A numeric column as ``float64``; big integer columns are converted into Arrow's pool
    (see :func:`pool_empty`)."""
    if len(s) >= 100_000 and isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":
        out = pool_empty(len(s), np.float64)
        np.copyto(out, s.to_numpy(), casting="unsafe")
        return pd.Series(out, index=s.index, name=s.name, copy=False)
    return s.astype("float64")


def _no_bad(s: pd.Series) -> pd.Series:
    return pd.Series(np.zeros(len(s), dtype=bool), index=s.index)


def to_number(
    s: pd.Series, *, notes: Notes = None, causes: Causes = None
) -> tuple[pd.Series, pd.Series]:
    """Convert numbers written as text to ``float64``.

    Handles currency signs and codes (``¥ ￥ $ € £ RMB 元``...), thousands
    separators (``1,234.50``, ``1.234,50``, ``1 234,50``, ``1'234.50``; the
    decimal separator is decided once for the whole column: a comma is decimal
    when some cell has a comma followed by 1-2 final digits or dots used as
    thousands separators), accounting negatives ``(12.50)`` = -12.5, a trailing
    minus ``12.50-``, unit suffixes ``万`` (1e4), ``亿`` (1e8), ``千``, ``k``,
    ``m``, and percentages ``12.5%`` = 0.125.

    Parameters
    ----------
    s : Series
        Raw column (any dtype).
    notes : list, optional
        Receives ``("decimal_comma", {})`` when commas were read as decimal marks.
    causes : dict, optional
        Receives the masks ``non_finite`` (``inf``, ``1e309``: never kept) and
        ``decimal_conflict`` (cells written with the other decimal convention than
        the one decided for the column, such as ``1.234,5`` among ``1,234.50``:
        their value is uncertain, so they are not read) when there are any.

    Returns
    -------
    (Series, Series)
        ``float64`` values and the mask of non-empty cells that are not (finite,
        unambiguous) numbers.
    """
    if _is_numeric(s):
        return _finite(_float64(s), _no_bad(s), causes)
    if pd.api.types.is_bool_dtype(s):
        return s.astype("float64"), _no_bad(s)
    t = _as_text(s)
    present = t.notna()
    t = t.str.replace(r"\s*\((.*)\)\s*$", r"-\1", regex=True)  # (12.50) -> -12.50
    t = t.str.replace(r"^(.*\d)\s*-$", r"-\1", regex=True)  # 12.50- -> -12.50
    t = t.str.replace(_CURRENCY_RE, "", regex=True).str.strip()
    pct = t.str.endswith("%", na=False)
    t = t.str.rstrip("%").str.strip()
    low = t.str.lower()
    unit = low.str.extract(_UNIT_RE, expand=False)
    has_unit = unit.notna()
    scale = pd.Series(np.ones(len(t)), index=t.index)
    if has_unit.any():
        scale = scale.where(~has_unit, unit.map(_UNITS).astype("float64"))
        t = t.where(~has_unit, low.str.replace(_UNIT_RE, "", regex=True))
    scale = scale.where(~pct, scale / 100.0)
    # decimal separator: decided for the whole column
    comma_dec = t.str.contains(r"\d,\d{1,2}$|\.\d{3},|\d \d{3},\d", regex=True, na=False).sum()
    dot_dec = t.str.contains(r"\d\.\d{1,2}$|,\d{3}\.", regex=True, na=False).sum()
    comma = comma_dec > dot_dec
    # cells only the other convention reads (1.234,5 in a 1,234.50 column): conflicts
    ok_dot = t.str.fullmatch(_DOT_NUMBER, na=True)
    ok_comma = t.str.fullmatch(_COMMA_NUMBER, na=True)
    conflict = (ok_dot & ~ok_comma) if comma else (ok_comma & ~ok_dot)
    conflict = conflict.to_numpy(dtype=bool, na_value=False)
    if comma:
        t = t.str.replace(r"[.\s'\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
        _note(notes, "decimal_comma")
    else:
        t = t.str.replace(r"[,\s'\u00a0\u202f]", "", regex=True)
    values = pd.to_numeric(t, errors="coerce").astype("float64") * scale
    if conflict.any():
        values = values.mask(conflict)
        if causes is not None:
            causes["decimal_conflict"] = conflict
    bad = present & values.isna()
    return _finite(values, bad, causes)


_SEP = r"[,\s'\u00a0\u202f]"
# a number as one convention writes it (after signs, currency and units are removed):
# digits with correctly grouped thousands, then the decimal part
_DOT_NUMBER = r"[+-]?(\d+|\d{1,3}(" + _SEP + r"\d{3})+)?(\.\d*)?([eE][+-]?\d+)?"
_COMMA_NUMBER = r"[+-]?(\d+|\d{1,3}([.\s'\u00a0\u202f]\d{3})+)?(,\d*)?"


def _finite(values: pd.Series, bad: pd.Series, causes: Causes) -> tuple[pd.Series, pd.Series]:
    """Infinities (``inf``, ``1e309`` ...) as unusable: blanked and bad."""
    arr = values.to_numpy()
    if arr.dtype.kind != "f":
        return values, bad
    with np.errstate(invalid="ignore", over="ignore"):
        if np.isfinite(arr.sum()) or not np.isinf(arr).any():
            return values, bad  # (a finite sum: no infinity; NaN sums are checked fully)
    inf = np.isinf(arr)
    if causes is not None:
        causes["non_finite"] = inf
    return values.mask(inf), bad | inf


# currency sign or code (lower-cased) -> ISO 4217 code; "$" alone is read as US dollars
_CURRENCY_CODES = {
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "jpy": "JPY",
    "₹": "INR",
    "₩": "KRW",
}
_CURRENCY_SAMPLE = 2000  # cells looked at (from the top of the column) to detect a currency


def detect_currency(s: pd.Series) -> str | None:
    """The ISO code of the currency written in the cells of ``s`` (``¥12`` -> ``"CNY"``).

    Looks only at the first cells (a sample: cheap on a million rows); the most
    frequent sign or code wins. ``None`` for numeric columns and when no cell
    carries one.
    """
    if _is_numeric(s) or pd.api.types.is_bool_dtype(s):
        return None
    head = s.iloc[:_CURRENCY_SAMPLE].dropna()
    if head.empty:
        return None
    found = head.astype("str").str.extract(_CURRENCY_RE, expand=False).dropna()
    if found.empty:
        return None
    codes = found.str.lower().map(_CURRENCY_CODES).dropna()
    return str(codes.value_counts().index[0]) if len(codes) else None


# country (ISO code, English or Chinese name; lower-cased) -> its currency
_COUNTRY_CURRENCY = {
    **dict.fromkeys(("cn", "chn", "china", "中国", "中国大陆", "prc"), "CNY"),
    **dict.fromkeys(("us", "usa", "united states", "美国"), "USD"),
    **dict.fromkeys(("gb", "uk", "gbr", "united kingdom", "英国"), "GBP"),
    **dict.fromkeys(("jp", "jpn", "japan", "日本"), "JPY"),
    **dict.fromkeys(("hk", "hkg", "hong kong", "香港"), "HKD"),
    **dict.fromkeys(("in", "ind", "india", "印度"), "INR"),
    **dict.fromkeys(("kr", "kor", "south korea", "korea", "韩国"), "KRW"),
    **dict.fromkeys(
        ("de", "fr", "it", "es", "nl", "be", "at", "ie", "pt", "fi", "germany", "france"), "EUR"
    ),
    **dict.fromkeys(("italy", "spain", "netherlands", "德国", "法国", "意大利", "西班牙"), "EUR"),
}


def currency_of_countries(s: pd.Series) -> str | None:
    """The currency of the country most of a sample of ``s`` names, when it is a clear
    majority (>= 80% of the recognised cells: a shop selling in one country's money)."""
    head = s.iloc[:_CURRENCY_SAMPLE].dropna()
    if head.empty:
        return None
    codes = head.astype("str").str.strip().str.lower().map(_COUNTRY_CURRENCY).dropna()
    if codes.empty:
        return None
    top = codes.value_counts()
    return str(top.index[0]) if top.iloc[0] >= 0.8 * len(codes) else None


def currency_of(notes: Any) -> str | None:
    """The currency recorded by :func:`to_money` in import ``notes`` (the most noted one)."""
    seen = [p.get("currency") for c, p in (notes or ()) if c == "currency" and p.get("currency")]
    return max(set(seen), key=seen.count) if seen else None


def to_money(
    s: pd.Series, *, notes: Notes = None, causes: Causes = None
) -> tuple[pd.Series, pd.Series]:
    """Money amounts as ``float64`` (see :func:`to_number` for the accepted forms).

    ``¥1,234.50`` -> 1234.5, ``$1,234`` -> 1234, ``1.234,50`` -> 1234.5,
    ``1 234,50`` -> 1234.5, ``(12.50)`` -> -12.5, ``1.2万`` -> 12000,
    ``3亿`` -> 3e8; ``-`` and empty cells are null. The currency the cells are
    written in (:func:`detect_currency`, on a sample) is noted as
    ``("currency", {"currency": "CNY"})``.
    """
    if notes is not None:
        code = detect_currency(s)
        if code and ("currency", {"currency": code}) not in notes:
            notes.append(("currency", {"currency": code}))
    return to_number(s, notes=notes, causes=causes)


def to_percent(
    s: pd.Series, *, notes: Notes = None, column: str = ""
) -> tuple[pd.Series, pd.Series]:
    """Percentages as fractions (``12.5%`` -> 0.125).

    Text cells with ``%`` are divided by 100. A column of bare numbers whose
    values go above 1 (and stay within 0-100) is a 0-100 column: it is divided
    by 100 and a ``percent_scaled`` note says so. Fractions (all within 0-1)
    are kept.
    """
    values, bad = to_number(s, notes=notes)
    had_pct = False
    if not _is_numeric(s) and not pd.api.types.is_bool_dtype(s):
        had_pct = bool(s.astype("str").str.contains("%", regex=False, na=False).any())
    if not had_pct:
        finite = values.dropna()
        if len(finite) and finite.max() > 1.0 and finite.max() <= 100.0 and finite.min() >= 0:
            values = values / 100.0
            _note(notes, "percent_scaled", column=column)
    return values, bad


_TRUE = {"true", "t", "yes", "y", "1", "1.0", "是", "有", "对", "真", "√", "✓", "on", "x"}
_FALSE = {"false", "f", "no", "n", "0", "0.0", "否", "无", "没有", "错", "假", "×", "off"}
_BOOL_MAP = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def to_bool(s: pd.Series, *, notes: Notes = None) -> tuple[pd.Series, pd.Series]:
    """Booleans in English and Chinese as pandas nullable ``boolean``.

    true/false, yes/no, y/n, t/f, 1/0, 是/否, 有/无, TRUE/FALSE (any case);
    numbers: 0 is False, any other number True. Empty cells are null.
    """
    if pd.api.types.is_bool_dtype(s):
        return s.astype("boolean"), _no_bad(s)
    if _is_numeric(s):
        out = (s != 0).astype("boolean").mask(s.isna())
        return out, _no_bad(s)
    t = s.astype("str").str.strip().str.lower()
    present = t.notna() & (t != "")
    out = t.map(_BOOL_MAP).astype("boolean")
    return out, present & out.isna()


def to_text(s: pd.Series) -> pd.Series:
    """Identifiers and names as text (pandas ``str``), empty cells null.

    Whole-number floats (an ID column read as float because of empty cells,
    e.g. ``17850.0``) are written without the ``.0``. Integer columns are cast
    by Arrow (no per-value Python work).
    """
    if pd.api.types.is_float_dtype(s):
        finite = s.dropna()
        if len(finite) and bool((finite == np.floor(finite)).all()) and finite.abs().max() < 2**53:
            s = s.astype("Int64")
    if pd.api.types.is_integer_dtype(s):
        arr = pa.array(s, from_pandas=True)
        return pd.Series(arr.cast(pa.string()), index=s.index, dtype=_STR)
    if pd.api.types.is_string_dtype(s) and not pd.api.types.is_object_dtype(s):
        fast = _text_arrow(s)
        if fast is not None:
            return fast
        t = s.str.strip()
    else:
        t = s.astype("str").str.strip()
        t = t.where(s.notna(), None)
    return t.where(t != "", None)


_STR = pd.Series(["x"]).dtype


# Python's and Arrow's whitespace (the same set, tested) seen from its UTF-8 bytes: ASCII
# spaces and separators (<= 0x20; controls too, harmlessly) and Unicode spaces, which start
# with C2 (U+0085, U+00A0) or E1-E3 (U+1680, U+2000-U+205F, U+3000), end with one of 80-8A,
# 9F, A0, A8, A9, AF, and whose byte before the last is C2 (2 bytes) or 80, 81, 9A (3 bytes).
_U8 = np.uint8


def arrow_strings(s: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow strings behind an Arrow-backed text column (no copy); ``None`` for any
    other column (Python-stored text, objects, numbers)."""
    if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
        return None
    arr = pa.array(s.array)
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def pool_empty(n: int, dtype: Any) -> np.ndarray:
    """An uninitialised, writable numpy array in Arrow's memory pool.

    Big arrays made right after a file is read: the pool still holds the pages the CSV
    reader just freed, whereas a fresh numpy array faults in new pages (on some machines
    ten times slower than the work done on them). The array keeps its buffer alive.
    """
    dtype = np.dtype(dtype)
    return np.frombuffer(pa.allocate_buffer(max(n, 1) * dtype.itemsize), dtype=dtype)[:n]


def _edge_suspects(offs: np.ndarray, body: np.ndarray) -> np.ndarray:
    """Rows (of one Arrow string chunk: ``offs`` its n+1 offsets, ``body`` its data bytes)
    that are empty or whose first or last character may be whitespace.

    Never misses one; the few false alarms (controls, some non-space characters) are
    settled by an exact trim. Comparisons on bytes only: no lookup-table gathers.
    """
    starts, ends = offs[:-1], offs[1:]
    suspect = ends <= starts  # empty (or null)
    if not len(body):
        return suspect | True
    # Whitespace needs a byte <= 0x20 or a lead byte C2-E3 somewhere: text without either
    # (IDs, codes, plain words) has only its empty rows to check (two reductions, no copies)
    data = body[max(int(offs[0]), 0) : int(offs[-1])]
    if len(data) and data.min() > 0x20 and data.max() < 0xC2:
        return suspect
    # a read before a row's start (clipped) only adds suspects, never hides one
    first = body.take(starts, mode="clip")
    idx = np.subtract(ends, 1, out=pool_empty(len(ends), ends.dtype))
    last = body.take(idx, mode="clip")
    suspect |= first <= 0x20
    suspect |= last <= 0x20
    suspect |= first == 0xC2
    suspect |= (first - _U8(0xE1)) <= 2  # E1-E3 (uint8 wraps below E1)
    x = last - _U8(0x80)
    high = x <= 0x0A
    high |= x == 0x1F
    high |= x == 0x20
    high |= (x - _U8(0x28)) <= 1
    high |= x == 0x2F
    if not high.any():  # (any() is far cheaper than listing positions)
        return suspect
    # Chinese text ends in these bytes often: the byte before the last decides (one gather
    # for every row costs less than picking the rows out first)
    prev = body.take(np.subtract(idx, 1, out=idx), mode="clip")
    high &= (prev == 0xC2) | ((prev - _U8(0x80)) <= 1) | (prev == 0x9A)
    if high.any():
        cand = np.flatnonzero(high)
        lead = body.take(ends[cand] - 3, mode="clip")
        suspect[cand] |= (prev[cand] == 0xC2) | ((lead - _U8(0xE1)) <= 2)
    return suspect


def _chunk_suspects(chunk: pa.Array) -> np.ndarray | None:
    """Positions of the valid rows of one string chunk that may need trimming (or are
    empty); ``None`` for other types."""
    if chunk.type == pa.large_string():
        off_t = np.int64
    elif chunk.type == pa.string():
        off_t = np.int32
    else:
        return None
    n = len(chunk)
    bufs = chunk.buffers()
    offs = np.frombuffer(bufs[1], dtype=off_t)[chunk.offset : chunk.offset + n + 1]
    body = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.empty(0, np.uint8)
    suspect = _edge_suspects(offs, body)
    if chunk.null_count:
        suspect &= chunk.is_valid().to_numpy(zero_copy_only=False)
    return np.flatnonzero(suspect) if suspect.any() else np.zeros(0, dtype=np.intp)


def _text_arrow(s: pd.Series) -> pd.Series | None:
    """:func:`to_text` for Arrow-backed strings without copying them when nothing changes.

    Only rows whose first or last character may be whitespace (judged from its UTF-8
    bytes, :func:`_edge_suspects`), or that are empty, are trimmed (by Arrow, like
    ``str.strip``); a column needs a new array only when one of them changes. ``None``
    when the storage is not Arrow (the caller then uses pandas).
    """
    data = arrow_strings(s)
    if data is None:
        return None
    out, changed = [], False
    for chunk in data.chunks:
        pos = _chunk_suspects(chunk)
        if pos is None:
            return None
        n = len(chunk)
        if len(pos):
            sub = chunk.take(pa.array(pos))
            trimmed = pc.utf8_trim_whitespace(sub)
            blank = pc.equal(pc.binary_length(trimmed), 0)
            trimmed = pc.if_else(blank, pa.scalar(None, chunk.type), trimmed)
            diff = pc.fill_null(pc.or_kleene(blank, pc.not_equal(trimmed, sub)), True)
            diff = diff.to_numpy(zero_copy_only=False).astype(bool)
            if diff.any():
                mask = np.zeros(n, dtype=bool)
                mask[pos[diff]] = True
                chunk = pc.replace_with_mask(chunk, pa.array(mask), trimmed.filter(pa.array(diff)))
                changed = True
        out.append(chunk)
    if not changed:
        return s
    arr = pa.chunked_array(out, type=out[0].type if out else pa.large_string())
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=s.index, dtype=_STR, copy=False)


# ---------------------------------------------------------------- dates

_MONTHS = {
    m.lower(): i + 1
    for i, names in enumerate(
        zip(
            "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
            "January February March April May June July August September October November December".split(),
            strict=True,
        )
    )
    for m in names
}
_MONTHS.update({f"{i}月": i for i in range(1, 13)})
_MONTHS["sept"] = 9

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",
    "%Y%m%d",
    "%Y%m%d %H:%M:%S",
    "%Y%m%d%H%M%S",
    "%Y-%m",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %Y",
    "%B %Y",
    "%b-%y",
    "%Y-%b-%d",
)
# day/month order ambiguous: tried month-first unless the data says day-first
_DM_FORMATS = (
    ("%m-%d-%Y %H:%M:%S", "%d-%m-%Y %H:%M:%S"),
    ("%m-%d-%Y %H:%M", "%d-%m-%Y %H:%M"),
    ("%m-%d-%Y", "%d-%m-%Y"),
    ("%m-%d-%y %H:%M", "%d-%m-%y %H:%M"),
    ("%m-%d-%y", "%d-%m-%y"),
)

_NAME_WEEK = re.compile(r"week|wk|周", re.I)
_NAME_MONTH = re.compile(r"month|月", re.I)


def _normalise_date_text(t: pd.Series) -> pd.Series:
    """Vectorised clean-up: Chinese date words, separators, UTC suffixes, commas."""
    t = t.str.replace(r"\s*(UTC|GMT|Z)$", "", regex=True)
    if t.str.contains("年|月|日|时|点|分|秒", regex=True, na=False).any():
        t = (
            t.str.replace(
                r"(\d{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?", r"\1-\2-\3", regex=True
            )
            .str.replace(r"(\d{2,4})\s*年\s*(\d{1,2})\s*月", r"\1-\2", regex=True)
            .str.replace(
                r"(\d{1,2})\s*[时点]\s*(\d{1,2})\s*分\s*(\d{1,2})\s*秒", r"\1:\2:\3", regex=True
            )
            .str.replace(r"(\d{1,2})\s*[时点]\s*(\d{1,2})\s*分?", r"\1:\2", regex=True)
        )
    t = t.str.replace(r"^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})", r"\1-\2-\3", regex=True)
    t = t.str.replace(",", " ", regex=False).str.replace(r"\s+", " ", regex=True)
    return t


def _success(sample: pd.Series, fmt: str) -> float:
    parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
    return float(parsed.notna().mean()) if len(sample) else 0.0


def detect_date_format(sample: pd.Series, *, column_dayfirst: bool | None = None) -> str | None:
    """The first strftime format that reads every value of ``sample`` (normalised text).

    Day/month order: month-first unless some first field is above 12
    (``column_dayfirst`` decides when the caller looked at the whole column).
    Returns ``"ISO8601"`` for ISO text with time zones or fractions, or None
    when no format reads at least 90% of the sample.
    """
    if sample.empty:
        return None
    best, best_rate = None, 0.0
    for fmt in _DATE_FORMATS:
        rate = _success(sample, fmt)
        if rate == 1.0:
            return fmt
        if rate > best_rate:
            best, best_rate = fmt, rate
    dayfirst = column_dayfirst
    if dayfirst is None:
        first = pd.to_numeric(sample.str.extract(r"^(\d{1,2})-", expand=False), errors="coerce")
        dayfirst = bool((first > 12).any())
    for mf, df in _DM_FORMATS:
        fmt = df if dayfirst else mf
        rate = _success(sample, fmt)
        if rate == 1.0:
            return fmt
        if rate > best_rate:
            best, best_rate = fmt, rate
    if sample.str.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", na=False).all():
        if _success(sample, "ISO8601") == 1.0:
            return "ISO8601"
    return best if best_rate >= 0.9 else None


def _year_week(weeks: pd.Series, year: int) -> pd.Series:
    text = str(year) + "-" + weeks.astype("Int64").astype("str") + "-1"
    return pd.to_datetime(text, format="%Y-%W-%w", errors="coerce")


def _year_of(year: int | None, notes: Notes, code: str, name: str) -> int:
    """The year for month-only or week-only dates: ``year`` when the caller states it (noted
    as ``<code>_in_year``), else :data:`ASSUMED_YEAR` (noted as ``code``: an assumption the
    import report says plainly, asking for the year)."""
    if year is None:
        _note(notes, code, column=name, year=ASSUMED_YEAR)
        return ASSUMED_YEAR
    _note(notes, f"{code}_in_year", column=name, year=int(year))
    return int(year)


def _numeric_dates(
    s: pd.Series, name: str, notes: Notes, year: int | None = None
) -> tuple[pd.Series, bool]:
    """Dates from a numeric column; returns (values, understood)."""
    v = s.astype("float64")
    finite = v.dropna()
    if finite.empty:
        return pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]"), True
    lo, hi = finite.min(), finite.max()
    whole = bool((finite == np.floor(finite)).all())
    if whole and lo >= 1 and hi <= 53 and _NAME_WEEK.search(name):
        y = _year_of(year, notes, "week_of_year", name)
        return _year_week(v, y), True
    if whole and lo >= 1 and hi <= 12 and _NAME_MONTH.search(name):
        y = _year_of(year, notes, "month_only", name)
        return pd.to_datetime(
            {"year": np.full(len(v), y), "month": v, "day": np.ones(len(v))},
            errors="coerce",
        ).set_axis(s.index), True
    if whole and lo >= 19000101 and hi <= 21001231:
        # distinct day numbers parsed once, spread back over the rows
        codes, uniq = pd.factorize(v)
        text = pd.Series(uniq).astype("Int64").astype("str")
        parsed = pd.to_datetime(text, format="%Y%m%d", errors="coerce").to_numpy()
        arr = np.append(parsed, np.array([np.datetime64("NaT")], dtype=parsed.dtype))
        return pd.Series(arr[codes], index=s.index), True
    if whole and lo >= 1900 and hi <= 2100:
        _note(notes, "year_only", column=name)
        return pd.to_datetime(v.astype("Int64").astype("str"), format="%Y", errors="coerce"), True
    if lo >= 10000 and hi <= 80000:  # Excel serial day numbers (1927-2119)
        _note(notes, "excel_serial", column=name)
        return pd.to_datetime(v, unit="D", origin="1899-12-30", errors="coerce"), True
    for unit, (a, b) in (
        ("s", (1e8, 1e10)),
        ("ms", (1e11, 1e13)),
        ("us", (1e14, 1e16)),
        ("ns", (1e17, 1e19)),
    ):
        if lo >= a and hi < b:
            _note(notes, "epoch", column=name, unit=unit)
            return pd.to_datetime(v, unit=unit, errors="coerce"), True
    return pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]"), False


def _naive(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    return values


def to_datetime(
    s: pd.Series,
    *,
    name: str = "",
    notes: Notes = None,
    sample_size: int = 500,
    tz: str | None = None,
    causes: Causes = None,
    year: int | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Dates and times in many formats as tz-naive ``datetime64``.

    Accepted: datetime columns (fast path; time zones dropped, wall clock
    kept), ISO text (``2024-06-18``, ``2024-06-18T10:00:00+08:00``,
    ``2019-10-01 00:00:00 UTC``), ``2024/06/18 10:00``, ``2024.06.18``,
    ``2024年6月18日``, ``2024年6月18日 10:00:00``, ``18-06-2024`` (day-first when
    any first field of the column is above 12, else month-first; a
    ``dayfirst`` note says so), month names (``Jun 2024``, ``18 Jun 2024``),
    ``YYYYMMDD`` numbers or text (``20160801``), Excel serial numbers
    (``45000``), epoch seconds / milliseconds / microseconds, week-of-year
    numbers (``"01"``..``"53"`` in a column whose name says week) and
    ``2024-W25``, and month-only values (``Feb``, ``June``) which become the
    first of that month in ``year`` (noted ``month_only_in_year``), or, when no
    year is given, in :data:`ASSUMED_YEAR` (noted ``month_only``: the report
    says plainly that the year was assumed and asks for it).

    The text format is detected once on a sample of distinct values and then
    applied to the whole column by ``pd.to_datetime(format=...)``.

    Time-zone offsets (``+08:00``, ``+0800``, ``GMT+8``, ``Z``, ``UTC``): by
    default a time is kept as the local (wall) time written, since that is the
    shop's day and hour: ``2024-06-18 01:30+08:00`` -> ``2024-06-18 01:30``
    (``tz_local`` note; ``Z`` / ``UTC`` values are UTC wall times and kept as
    written, without a note). A column with several offsets is converted to its
    most common offset (by rows), then kept as that wall time (``tz_mixed``);
    values without an offset among ones with one are taken as already in it
    (``tz_naive_mixed``). With ``tz`` (an IANA name such as ``"Asia/Shanghai"``,
    or ``"UTC"``) every value with an offset is converted to that zone's wall
    time and values without one are taken as already in it (``tz_converted``).

    Parameters
    ----------
    s : Series
        Raw column.
    name : str
        The column's name (week / month hints for bare numbers).
    notes : list, optional
        Receives assumption notes (``dayfirst``, ``month_only``,
        ``week_of_year``, ``excel_serial``, ``epoch``, ``year_only``,
        ``tz_local``, ``tz_mixed``, ``tz_converted``, ``tz_naive_mixed``).
    tz : str, optional
        Convert times with an offset to this time zone (see above).
    causes : dict, optional
        Receives ``date_out_of_range``: the cells outside
        ``DATE_MIN <= t < DATE_MAX`` (such as 9999-12-31), which are read as
        unusable (NaT and bad) whether or not ``causes`` is given.
    year : int, optional
        The year of month-only and week-only dates (stated by the user or
        read from the file's context); :data:`ASSUMED_YEAR` when None.

    Returns
    -------
    (Series, Series)
        Datetime values (NaT where unreadable or empty) and the bad mask.
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        if tz is not None and isinstance(s.dtype, pd.DatetimeTZDtype):
            return _in_range(s.dt.tz_convert(tz).dt.tz_localize(None), _no_bad(s), causes)
        return _in_range(_naive(s), _no_bad(s), causes)
    if _is_numeric(s):
        values, ok = _numeric_dates(s, name, notes, year)
        bad = s.notna() & values.isna()
        return _in_range(values, bad, causes)
    return _text_to_datetime(s, name, notes, sample_size, tz, causes, year)


def _text_to_datetime(
    s: pd.Series,
    name: str,
    notes: Notes,
    sample_size: int,
    tz: str | None,
    causes: Causes,
    year: int | None,
) -> tuple[pd.Series, pd.Series]:
    """:func:`to_datetime` of a text column: each distinct value parsed once."""
    t = _as_text(s)
    present = t.notna().to_numpy()
    codes, uniques = pd.factorize(t)
    uniq = pd.Series(np.asarray(uniques, dtype=object), dtype="str")
    if uniq.empty:
        return pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]"), _no_bad(s)
    offsets = _offsets(uniq)
    if offsets is None:
        parsed = _parse_unique_dates(uniq, name, notes, sample_size, year)
    else:
        wall, minutes = offsets
        parsed = _naive(_parse_unique_dates(wall, name, notes, sample_size, year))
        parsed = _apply_offsets(parsed, minutes, codes, name, notes, tz)
    # distinct values parsed once, then spread back over the rows
    arr = np.append(parsed.to_numpy(), np.array([np.datetime64("NaT")], dtype=parsed.dtype))
    values = pd.Series(arr[codes], index=s.index)
    bad = pd.Series(present & values.isna().to_numpy(), index=s.index)
    return _in_range(values, bad, causes)


def _in_range(values: pd.Series, bad: pd.Series, causes: Causes) -> tuple[pd.Series, pd.Series]:
    """Dates outside ``DATE_MIN <= t < DATE_MAX`` as unusable: NaT and bad."""
    arr = values.to_numpy()
    if arr.dtype.kind != "M" or not len(arr):
        return values, bad
    ints = arr.view("i8")
    nat = np.iinfo(np.int64).min
    lo = np.datetime64(DATE_MIN.to_datetime64(), "ns").astype(arr.dtype).view("i8")
    hi = np.datetime64(DATE_MAX.to_datetime64(), "ns").astype(arr.dtype).view("i8")
    top = ints.max()
    if top < hi and ints.min() >= lo:  # (NaT is the smallest integer: rare, checked below)
        return values, bad
    out = (ints >= hi) | ((ints < lo) & (ints != nat))
    if not out.any():
        return values, bad
    if causes is not None:
        causes["date_out_of_range"] = out
    return values.mask(out), bad | out


_OFFSET = re.compile(
    r"^(?P<wall>.*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*"
    r"(?P<off>Z|UTC|GMT|(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})$",
    re.I,
)


def _offsets(uniq: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """Distinct date texts with a time-zone suffix: (the texts without it, the offset in
    minutes of each, NaN where there was none); ``None`` when no value has one."""
    if not uniq.str.contains(r"\d:\d\d", regex=True, na=False).any():
        return None
    parts = uniq.str.extract(_OFFSET)
    has = parts["off"].notna()
    if not has.any():
        return None
    off = parts["off"].str.upper().str.replace(r"^(UTC|GMT)\s*", "", regex=True)
    num = off.str.extract(r"^(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})?$")
    minutes = pd.to_numeric(num["h"], errors="coerce") * 60 + pd.to_numeric(
        num["m"], errors="coerce"
    ).fillna(0)
    minutes = minutes.where(num["sign"] != "-", -minutes)
    minutes = minutes.where(~(has & (off.isin(["Z", "UTC", "GMT", ""]))), 0.0)
    minutes = minutes.where(has)
    wall = uniq.where(~has, parts["wall"].str.strip())
    return wall.astype("str"), minutes.to_numpy(dtype="float64")


def _offset_text(minutes: float) -> str:
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(int(abs(minutes)), 60)
    return f"{sign}{h:02d}:{m:02d}"


def _apply_offsets(
    parsed: pd.Series,
    minutes: np.ndarray,
    codes: np.ndarray,
    name: str,
    notes: Notes,
    tz: str | None,
) -> pd.Series:
    """Wall times (distinct values) with their offsets -> the column's chosen wall time."""
    has = ~np.isnan(minutes)
    # rows per distinct value: the most common offset is decided by rows, not by texts
    weight = np.bincount(codes[codes >= 0], minlength=len(minutes))
    by_offset: dict[float, int] = {}
    for m in np.unique(minutes[has]):
        by_offset[float(m)] = int(weight[has & (minutes == m)].sum())
    listed = ", ".join(_offset_text(m) for m in sorted(by_offset))
    delta = pd.to_timedelta(np.nan_to_num(minutes), unit="min")
    if tz is not None:
        utc = (parsed - delta).dt.tz_localize("UTC")
        local = utc.dt.tz_convert(tz).dt.tz_localize(None)
        _note(notes, "tz_converted", column=name, offsets=listed, tz=str(tz))
        return parsed.where(~has, local.astype(parsed.dtype))
    common = max(by_offset, key=lambda m: (by_offset[m], m == 0))
    if not has.all():
        n_naive = int(weight[~has & parsed.notna().to_numpy()].sum())
        _note(notes, "tz_naive_mixed", column=name, n=n_naive, offset=_offset_text(common))
    if len(by_offset) == 1:
        if common != 0:
            _note(notes, "tz_local", column=name, offset=_offset_text(common))
        return parsed
    shift = pd.to_timedelta(np.where(has, common - np.nan_to_num(minutes), 0.0), unit="min")
    n_moved = int(weight[has & (minutes != common)].sum())
    _note(notes, "tz_mixed", column=name, offsets=listed, n=n_moved, offset=_offset_text(common))
    return parsed + shift


def _parse_unique_dates(
    uniq: pd.Series, name: str, notes: Notes, sample_size: int, year: int | None = None
) -> pd.Series:
    """Parse distinct, non-empty date texts (a default RangeIndex Series)."""
    # all-digit text: same rules as numbers (YYYYMMDD, serials, epochs, weeks)
    if uniq.str.fullmatch(r"\d+(\.0+)?").all():
        values, _ = to_datetime(
            pd.to_numeric(uniq, errors="coerce"), name=name, notes=notes, year=year
        )
        return _naive(values)
    # month names only: Feb, June, 6月
    low = uniq.str.lower().str.rstrip(".")
    if low.isin(list(_MONTHS)).all():
        months = low.map(_MONTHS)
        y = _year_of(year, notes, "month_only", name)
        return pd.to_datetime(
            {"year": np.full(len(uniq), y), "month": months, "day": np.ones(len(uniq))},
            errors="coerce",
        )
    # ISO week: 2024-W25 / 2024W25; 2024-25 in a column named week
    if uniq.str.fullmatch(r"\d{4}-?W\d{1,2}", case=False).all():
        parts = uniq.str.extract(r"(\d{4})-?[Ww](\d{1,2})")
        return pd.to_datetime(parts[0] + "-" + parts[1] + "-1", format="%G-%V-%u", errors="coerce")
    if _NAME_WEEK.search(name) and uniq.str.fullmatch(r"\d{4}-\d{1,2}").all():
        return pd.to_datetime(uniq + "-1", format="%Y-%W-%w", errors="coerce")
    sample = uniq if len(uniq) <= sample_size else uniq.sample(sample_size, random_state=0)
    sample = sample.reset_index(drop=True)
    # clean text first only when the raw text has no known format
    fmt = None
    if not sample.str.match(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", na=False).any():
        fmt = (
            detect_date_format(sample)
            if sample.str.match(r"^\d{4}-\d{2}-\d{2}", na=False).all()
            else None
        )
    if fmt is None:
        uniq = _normalise_date_text(uniq)
        sample = _normalise_date_text(sample)
        column_dayfirst = None
        dm = uniq.str.extract(r"^(\d{1,2})-(\d{1,2})-\d{2,4}")
        if dm[0].notna().mean() > 0.5:
            first = pd.to_numeric(dm[0], errors="coerce")
            second = pd.to_numeric(dm[1], errors="coerce")
            if (first > 12).any():
                column_dayfirst = True
            elif (second > 12).any():
                column_dayfirst = False
            elif first.nunique() == 1 and second.nunique() > 1:
                column_dayfirst = True  # every date on the 1st: 01-05-2017 is 1 May
            else:
                column_dayfirst = False
                _note(notes, "ambiguous_dates", column=name)
        fmt = detect_date_format(sample, column_dayfirst=column_dayfirst)
    if fmt is None:
        values = pd.to_datetime(uniq, format="mixed", errors="coerce")
    elif fmt == "ISO8601":
        has_tz = bool(sample.str.contains(r"[+-]\d{2}:?\d{2}$", regex=True, na=False).any())
        values = pd.to_datetime(uniq, format="ISO8601", errors="coerce", utc=has_tz)
    else:
        values = pd.to_datetime(uniq, format=fmt, errors="coerce")
        if fmt.startswith("%d-%m"):
            _note(notes, "dayfirst", column=name)
    return _naive(values)
