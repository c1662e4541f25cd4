"""Bytes -> raw DataFrame: the first step of an import.

:func:`read_table` turns an uploaded file (CSV / TSV / whitespace text, gzip,
zip, Excel ``.xlsx``/``.xlsm``/``.xlsb``/``.ods``/``.xls``, Parquet, Arrow)
into a :class:`RawTable`: a DataFrame whose columns are the file's columns,
plus what was assumed while reading (encoding, delimiter, skipped comment
lines, renamed columns ...). Mapping the columns to a dataset kind and
coercing values is :mod:`analytics.ingest`'s job.

Text files take the fast path whenever possible: the encoding is detected on a
head + tail sample, UTF-8 bytes go straight to ``pyarrow.csv.read_csv``
(which validates UTF-8 for the whole file), and the Arrow table becomes a
pandas frame with Arrow-backed strings (no Python objects per cell). Slow
paths (per-line decoding of mixed encodings, Python ``csv`` for ragged rows)
only run for files that need them.

Every file that cannot be used raises :class:`analytics.schema.IngestError`
with a code from ``ingest.error.*`` in :mod:`analytics.messages`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as _field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analytics.schema import IngestError

__all__ = ["DEFAULT_MAX_BYTES", "Limits", "RawTable", "read_table", "sniff_format"]

DEFAULT_MAX_BYTES = 2 * 1024**3  # matches server.maxUploadSize in .streamlit/config.toml


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause (so no file can stall the server).

    Each default can be changed by an environment variable (read when the
    ``Limits`` is made), or per call: ``read_table(..., limits=Limits(max_rows=...))``.

    Attributes
    ----------
    max_bytes
        Largest file, and largest content once decompressed (``.gz`` / ``.zip``,
        nested ones included). ``ANALYTICS_MAX_BYTES``; default 2 GiB.
    max_rows
        Most data rows in one file (counted as lines while decompressing, then
        as parsed rows). ``ANALYTICS_MAX_ROWS``; default 50,000,000.
    max_ratio
        Largest decompressed / compressed size ratio of an archive (checked once
        more than 16 MiB have come out; real exports compress 5-30 times, a
        decompression bomb thousands of times). ``ANALYTICS_MAX_RATIO``; default 250.
    max_line_bytes
        Longest line (or quoted cell) read; a longer one is refused with its
        line number. ``ANALYTICS_MAX_LINE_MB`` (in MiB); default 16 MiB.
    max_columns
        Most columns. ``ANALYTICS_MAX_COLUMNS``; default 50,000.
    """

    max_bytes: int = _field(
        default_factory=lambda: int(_env_number("ANALYTICS_MAX_BYTES", DEFAULT_MAX_BYTES))
    )
    max_rows: int = _field(default_factory=lambda: int(_env_number("ANALYTICS_MAX_ROWS", 50e6)))
    max_ratio: float = _field(default_factory=lambda: _env_number("ANALYTICS_MAX_RATIO", 250.0))
    max_line_bytes: int = _field(
        default_factory=lambda: int(_env_number("ANALYTICS_MAX_LINE_MB", 16) * 1024**2)
    )
    max_columns: int = _field(
        default_factory=lambda: int(_env_number("ANALYTICS_MAX_COLUMNS", 50_000))
    )


_SAMPLE = 64 * 1024  # bytes looked at for encoding, delimiter and header detection
_MAX_EXAMPLES = 10  # line numbers quoted in a message
_PROBE_BLOCK = 256 * 1024  # bytes whose parse decides the column types
Note = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class RawTable:
    """A file read as a table, before any mapping to a dataset kind.

    Attributes
    ----------
    frame
        Columns as in the file (duplicates renamed ``name (2)``, blank names
        ``column_<n>``). dtypes as inferred by pyarrow: numbers numeric, ISO
        timestamps ``datetime64`` (tz-naive; UTC-suffixed or offset values
        converted to naive UTC), booleans ``bool``, everything else ``str``.
        Delimited text is typed from its first rows (256 KB); a column whose
        later values do not fit is widened (whole numbers to float, anything
        else to text), and a column empty in the first rows is text.
    encoding
        Text encoding (``"utf-8"``, ``"utf-8-sig"`` with a BOM, ``"gb18030"``,
        ``"utf-16"`` ...); ``None`` for binary formats.
    delimiter
        ``","``, ``"\\t"``, ``";"``, ``"|"`` or ``r"\\s+"`` (whitespace-aligned
        text); ``None`` for binary formats.
    sheet, sheet_names
        The Excel sheet read and all sheets of the workbook (``None`` / ``()``
        for other formats).
    header
        ``False`` when the file had no header row (columns are then named
        ``column_1`` .. ``column_n``).
    first_line
        1-based line (spreadsheet row) of the first data row in the file.
    notes
        What was assumed while reading, as ``(code, params)`` pairs; the text
        is ``ingest.note.<code>`` in :mod:`analytics.messages`.
    """

    frame: pd.DataFrame
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheet_names: tuple[str, ...]
    header: bool
    first_line: int
    notes: tuple[Note, ...]


# --------------------------------------------------------------------------- formats

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_EXCEL_EXT = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".ods", ".xls")
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
    b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd",
    b"SQLite format 3\x00",
    b"\x7fELF",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_format(data: bytes | memoryview, filename: str | None = None) -> str:
    """Name the container format of ``data`` from its first bytes (and the file name).

    Parameters
    ----------
    data
        The file's bytes, or at least its first few kilobytes.
    filename
        Used only where the bytes are ambiguous (a zip that may be a workbook).

    Returns
    -------
    str
        ``"csv"`` (any delimited or whitespace-aligned text), ``"excel"``
        (xlsx / xlsm / xlsb / ods), ``"xls"`` (legacy Excel), ``"encrypted"``
        (a password-protected Office file), ``"parquet"``, ``"arrow"``,
        ``"gzip"``, ``"zip"``, ``"empty"`` or ``"binary"`` (not a table).
    """
    head = bytes(data[:_SAMPLE])
    name = (filename or "").lower()
    if not head:
        return "empty"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"ARROW1"):
        return "arrow"
    if head.startswith(_CFB_MAGIC):
        return "encrypted" if _ENCRYPTED_PACKAGE in bytes(data) else "xls"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        ooxml = (
            b"[Content_Types].xml" in head
            or b"xl/workbook" in head
            or b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head[:200]
        )
        return "excel" if ooxml or name.endswith(_EXCEL_EXT) else "zip"
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return "csv"
    if head.startswith(_BINARY_MAGIC):
        return "binary"
    return "csv" if _looks_like_text(head) else "binary"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16/32 without a BOM has NULs in a regular pattern; anything else is binary.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        n = max(len(head) // 2, 1)
        return max(even, odd) / n > 0.3 and min(even, odd) / n < 0.05 or _utf32_like(head)
    controls = sum(
        head.count(bytes([c])) for c in (*range(0, 8), 11, *range(14, 27), *range(28, 32))
    )
    return controls <= max(2, len(head) // 200)


def _utf32_like(head: bytes) -> bool:
    n = max(len(head) // 4, 1)
    return head[2::4].count(0) / n > 0.9 and head[3::4].count(0) / n > 0.9


# --------------------------------------------------------------------------- entry point


def read_table(
    source: Any,
    filename: str | None = None,
    *,
    sheet: str | int | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> RawTable:
    """Read a file into a raw table, detecting its format, encoding and layout.

    Parameters
    ----------
    source
        A path (``str`` / ``Path``), ``bytes``, or a binary file object such as
        Streamlit's ``UploadedFile``.
    filename
        The file's name (taken from the path or the file object when not
        given); used for messages and to tell a workbook from a zip archive.
    sheet
        Excel only: sheet name or 0-based index. By default the first visible
        sheet that holds data; ``RawTable.sheet_names`` lists them all.
    max_bytes
        Largest accepted file (and decompressed content of a ``.gz``/``.zip``);
        overrides ``limits.max_bytes``.
    limits
        Bounds on size, rows, compression ratio, line length and columns
        (:class:`Limits`; defaults from the environment).

    Returns
    -------
    RawTable
        The frame with the file's columns and what was assumed while reading.

    Raises
    ------
    IngestError
        ``not_found``, ``too_large``, ``empty``, ``no_rows``, ``binary``,
        ``markup``, ``encrypted``, ``excel_corrupt``, ``parquet_corrupt``,
        ``gzip_corrupt``, ``zip_corrupt``, ``zip_empty``, ``zip_many``,
        ``undecodable``, ``too_many_fields``, ``unreadable``, ``sheet_not_found``,
        ``sheet_empty``, ``too_many_rows``, ``ratio_exceeded``,
        ``archive_too_deep``, ``line_too_long``, ``too_many_columns``,
        ``unterminated_quote`` (see ``ingest.error.*`` in :mod:`analytics.messages`).
    """
    limits = limits or Limits()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    max_bytes = limits.max_bytes
    buf, filename = _load_source(source, filename, max_bytes)
    path = str(source) if isinstance(source, (str, os.PathLike)) else None
    notes: list[Note] = []
    packed = len(buf)  # the upload's own size: the base of the compression ratio
    buf, filename, path, fmt = _unpack(buf, filename, path, limits, packed, notes)
    name = filename or ""
    if fmt == "empty":
        raise IngestError("empty", filename=name)
    if fmt == "binary":
        raise IngestError("binary", filename=name)
    if fmt == "encrypted":
        raise IngestError("encrypted", filename=name)
    if fmt in ("excel", "xls"):
        if fmt == "excel":
            _check_workbook_zip(buf, limits, name, packed)
        raw = _read_excel(buf, name, sheet, notes)
    elif fmt in ("parquet", "arrow"):
        raw = _read_columnar(buf, name, fmt, notes, limits)
    else:
        raw = _read_text(buf, name, notes, path, limits)
    _check_rows(len(raw.frame), limits, name)
    return raw


def _unpack(
    buf: Any, filename: str, path: str | None, limits: Limits, packed: int, notes: list[Note]
) -> tuple[Any, str, str | None, str]:
    """Unpack ``.gz`` / ``.zip`` layers (three at most); the content, its name, path and format."""
    fmt = "empty"
    for _ in range(3):  # a .csv.gz inside a .zip at most
        fmt = sniff_format(memoryview(buf)[:_SAMPLE] if len(buf) > _SAMPLE else buf, filename)
        if fmt == "encrypted" or fmt == "xls":
            fmt = sniff_format(memoryview(buf), filename)
        if fmt == "gzip":
            buf, path = _gunzip(buf, limits, filename, packed), None
            filename = filename[:-3] if filename.lower().endswith(".gz") else filename
            continue
        if fmt == "zip":
            (buf, member), path = _unzip(buf, limits, filename, packed), None
            notes.append(("zip_member", {"member": member}))
            filename = member
            continue
        break
    else:
        fmt = sniff_format(memoryview(buf)[:_SAMPLE] if len(buf) > _SAMPLE else buf, filename)
        if fmt in ("gzip", "zip"):
            raise IngestError("archive_too_deep", filename=filename or "", depth=3)
    return buf, filename, path, fmt


def _load_source(source: Any, filename: str | None, max_bytes: int) -> tuple[pa.Buffer, str]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise IngestError("not_found", path=str(path))
        size = path.stat().st_size
        name = filename or path.name
        _check_size(size, max_bytes, name)
        if size == 0:
            raise IngestError("empty", filename=name)
        # Memory-mapped: pyarrow parses straight from the page cache, no copy.
        return pa.memory_map(str(path), "r").read_buffer(), name
    if isinstance(source, (bytes, bytearray, memoryview)):
        name = filename or ""
        _check_size(len(source), max_bytes, name)
        return pa.py_buffer(source), name
    if hasattr(source, "read"):
        name = filename or os.path.basename(str(getattr(source, "name", "") or ""))
        size = getattr(source, "size", None)
        if isinstance(size, int):
            _check_size(size, max_bytes, name)
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        data = source.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        _check_size(len(data), max_bytes, name)
        return pa.py_buffer(data), name
    raise TypeError(
        f"read_table needs a path, bytes or a binary file object, not {type(source).__name__}."
    )


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise IngestError(
            "too_large",
            filename=name,
            size_mb=f"{size / 1024**2:,.1f}",
            limit_mb=f"{max_bytes / 1024**2:,.1f}",
        )


def _check_rows(rows: int, limits: Limits, name: str, approx: bool = False) -> None:
    if rows > limits.max_rows:
        raise IngestError(
            "too_many_rows",
            filename=name,
            rows=f"{rows:,}" + ("+" if approx else ""),
            limit=f"{limits.max_rows:,}",
        )


def _size_text(n: int) -> str:
    return f"{n / 1024**2:,.1f} MB" if n >= 1024**2 else f"{n / 1024:,.1f} KB"


_INFLATE_CHUNK = 4 << 20
_RATIO_FLOOR = 16 << 20  # below this much output, any ratio is harmless


def _inflate(fh: Any, limits: Limits, name: str, packed: int) -> memoryview:
    """Read a decompressing stream in chunks, stopping at the first limit it passes
    (decompressed size, compression ratio against the upload's ``packed`` size, lines);
    never holds more than one chunk past a limit. The content grows in one buffer (no
    joining of chunks at the end: the peak is about the content's size, not twice it)."""
    out = io.BytesIO()
    total = lines = 0
    while True:
        chunk = fh.read(_INFLATE_CHUNK)
        if not chunk:
            break
        out.write(chunk)
        total += len(chunk)
        lines += chunk.count(b"\n")
        if total > limits.max_bytes:
            _check_size(total, limits.max_bytes, name)  # "too_large", as for the file itself
        _check_ratio(total, limits, name, packed)
        _check_rows(lines - 1, limits, name, approx=True)
    return out.getbuffer()


def _check_ratio(total: int, limits: Limits, name: str, packed: int) -> None:
    """Refuse content that unpacks to more than ``limits.max_ratio`` times the upload."""
    if total > _RATIO_FLOOR and total > limits.max_ratio * max(packed, 1):
        raise IngestError(
            "ratio_exceeded",
            filename=name,
            packed=_size_text(packed),
            size_mb=f"{total / 1024**2:,.1f}",
            ratio=f"{limits.max_ratio:,.0f}",
        )


def _check_workbook_zip(buf: pa.Buffer, limits: Limits, name: str, packed: int) -> None:
    """An .xlsx / .ods is a zip of XML parts: their declared sizes (the zip's directory,
    no decompression) are held to the same size and ratio limits before the workbook is
    opened."""
    try:
        with zipfile.ZipFile(pa.BufferReader(buf)) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the workbook reader reports a damaged file
    _check_size(total, limits.max_bytes, name)
    _check_ratio(total, limits, name, packed)


def _gunzip(buf: pa.Buffer, limits: Limits, name: str, packed: int) -> pa.Buffer:
    try:
        with gzip.GzipFile(fileobj=pa.BufferReader(buf)) as fh:
            data = _inflate(fh, limits, name, packed)
    except (OSError, EOFError, zlib.error) as exc:
        raise IngestError("gzip_corrupt", filename=name, detail=str(exc)) from None
    if not len(data):
        raise IngestError("empty", filename=name)
    return pa.py_buffer(data)


def _unzip(buf: pa.Buffer, limits: Limits, name: str, packed: int) -> tuple[pa.Buffer, str]:
    try:
        zf = zipfile.ZipFile(pa.BufferReader(buf))
        members = [
            i
            for i in zf.infolist()
            if not i.is_dir()
            and not i.filename.startswith("__MACOSX/")
            and not os.path.basename(i.filename).startswith(".")
        ]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("zip_corrupt", filename=name, detail=str(exc)) from None
    if not members:
        raise IngestError("zip_empty", filename=name)
    if len(members) > 1:
        names = ", ".join(i.filename for i in members[:_MAX_EXAMPLES])
        raise IngestError("zip_many", filename=name, n=len(members), names=names)
    info = members[0]
    _check_size(info.file_size, limits.max_bytes, info.filename)
    try:
        with zf.open(info) as fh:
            data = _inflate(fh, limits, info.filename, packed)
    except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error, EOFError) as exc:
        # RuntimeError: an encrypted member.
        raise IngestError("zip_corrupt", filename=name, detail=str(exc)) from None
    return pa.py_buffer(data), info.filename


# --------------------------------------------------------------------------- column names


def _fix_names(names: Sequence[Any], notes: list[Note]) -> list[str]:
    """Blank names -> ``column_<n>`` (1-based position); duplicates -> ``name (2)``."""
    out = [("" if v is None else str(v)).strip() for v in names]
    blank = [i for i, v in enumerate(out) if not v]
    for i in blank:
        out[i] = f"column_{i + 1}"
    seen: set[str] = set()
    taken = set(out)
    renamed: list[str] = []
    # the next suffix to try for each name: every candidate is tried once per name, so
    # n copies of one name take linear time (not n**2 membership tests)
    next_k: dict[str, int] = {}
    for i, v in enumerate(out):
        if v in seen:
            k = next_k.get(v, 2)
            while f"{v} ({k})" in taken:
                k += 1
            new = f"{v} ({k})"
            next_k[v] = k + 1
            taken.add(new)
            renamed.append(f"{v} → {new}")
            out[i] = new
        seen.add(out[i])
    if blank:
        notes.append(
            (
                "blank_columns",
                {"n": len(blank), "columns": ", ".join(out[i] for i in blank[:_MAX_EXAMPLES])},
            )
        )
    if renamed:
        notes.append(
            ("renamed_columns", {"n": len(renamed), "columns": "; ".join(renamed[:_MAX_EXAMPLES])})
        )
    return out


def _lines_text(lines: Iterable[int]) -> str:
    lines = list(lines)
    text = ", ".join(str(x) for x in lines[:_MAX_EXAMPLES])
    return text + (", …" if len(lines) > _MAX_EXAMPLES else "")


# --------------------------------------------------------------------------- value kinds (header detection)

_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(
    r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]\d{1,2}:\d\d.*)?$"
)


def _kind(v: Any) -> str:
    if v is None:
        return "empty"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "num"
    if isinstance(v, (datetime, date)):
        return "date"
    s = str(v).strip()
    if not s:
        return "empty"
    if _NUM.match(s):
        return "num"
    if _DATE.match(s):
        return "date"
    if s.lower() in ("true", "false"):
        return "bool"
    return "text"


def _year_over_values(head: Any, col: Sequence[Any]) -> bool:
    """A year (``2024``) heading a column of other numbers: the header of a wide table."""
    try:
        year = float(str(head).strip())
        values = [float(str(v).strip()) for v in col if _kind(v) == "num"]
    except ValueError:
        return False
    if not (1990 <= year <= 2100 and year.is_integer()) or not values:
        return False
    return sum(1 for v in values if 1990 <= v <= 2100 and float(v).is_integer()) < len(values) / 2


def _has_header(first: Sequence[Any], body: Sequence[Sequence[Any]]) -> bool:
    """Whether ``first`` is a header row: values of another kind than the column below.

    A column whose body is mostly numbers (or dates) and whose first value is
    text is evidence of a header; a first value of the body's kind, or a
    category value repeated below, is evidence of none. The file has no header
    only when there is evidence against one and none for it.
    """
    if not body:
        return True
    for_header = against = 0
    for j, head in enumerate(first):
        col = [r[j] for r in body if j < len(r)]
        kinds = [_kind(v) for v in col]
        filled = [k for k in kinds if k != "empty"]
        hk = _kind(head)
        if not filled or hk == "empty":
            continue
        body_kind, count = Counter(filled).most_common(1)[0]
        if count < 0.9 * len(filled):
            continue
        if body_kind == "text":
            values = [str(v).strip() for v, k in zip(col, kinds, strict=True) if k == "text"]
            if hk == "text" and len(set(values)) < len(values) and str(head).strip() in values:
                against += 1
            continue
        if hk == body_kind and not (hk == "num" and _year_over_values(head, col)):
            against += 1
        else:
            for_header += 1
    return not (against > 0 and for_header == 0)


# --------------------------------------------------------------------------- text: encoding

_PREFERRED = ("utf_8", "gb18030", "big5", "cp932", "cp1252", "euc_kr", "cp949", "latin_1")
_SINGLE_BYTE_PREFIXES = (
    "cp1",
    "cp4",
    "cp8",
    "latin",
    "iso8859",
    "mac",
    "koi8",
    "tis",
    "kz",
    "ptcp",
    "hp_",
)


def _norm_codec(name: str) -> str:
    n = codecs.lookup(name).name  # canonical: "gb18030", "utf-8", "cp1252" ...
    if n in ("gbk", "gb2312", "hz", "gb18030"):
        return "gb18030"
    if n in ("ascii", "utf-8"):
        return "utf-8"
    if n in ("shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"):
        return "cp932"
    if n in ("big5", "big5hkscs", "cp950"):
        return "big5hkscs"
    return n


def _detect_charset(sample: bytes) -> str | None:
    """Encoding of ``sample`` by charset-normalizer, preferring common ones among near-ties."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    near = [m for m in matches if m.chaos <= best + 0.08]
    names = {codecs.lookup(m.encoding).name: m for m in near}
    for m in near:
        for alias in m.could_be_from_charset:
            names.setdefault(codecs.lookup(alias).name, m)
    for pref in _PREFERRED:
        canon = codecs.lookup(pref).name
        if canon in names:
            return _norm_codec(canon)
    return _norm_codec(matches[0].encoding)


def _is_multibyte(codec: str) -> bool:
    n = codecs.lookup(codec).name
    return not (n.startswith(_SINGLE_BYTE_PREFIXES) or n in ("ascii",))


def _strong_utf8(line: bytes, legacy_multibyte: bool) -> bool:
    """A non-ASCII line that decodes as UTF-8 and is unlikely to be legacy text by chance."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not legacy_multibyte:
        return True
    # 2-byte UTF-8 sequences occur by chance in GBK / Big5 / Shift-JIS text; 3-byte ones
    # (CJK in UTF-8) across a whole line practically never do.
    return any(b >= 0xE0 for b in line)


def _decode_mixed(raw: bytes, notes: list[Note]) -> tuple[str, str]:
    """Decode ``raw`` line by line: a main encoding, the other one for the lines that need it.

    Returns the text and the main encoding; lines decoded with the other
    encoding are noted (``mixed_encoding``); lines neither decodes raise
    ``undecodable`` (characters are never replaced silently).
    """
    lines = raw.split(b"\n")
    utf8_ok: list[int] = []
    not_utf8: list[int] = []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_ok.append(i)
        except UnicodeDecodeError:
            not_utf8.append(i)
    if not not_utf8:
        return raw.decode("utf-8"), "utf-8"
    legacy = _detect_charset(b"\n".join(lines[i] for i in not_utf8[:2000]))
    if legacy is None or legacy == "utf-8":
        # A few broken lines can spoil detection on the whole: let the lines vote.
        votes = Counter(_detect_charset(lines[i]) for i in not_utf8[:200])
        votes.pop(None, None)
        votes.pop("utf-8", None)
        legacy = votes.most_common(1)[0][0] if votes else None
    if legacy is None:
        raise IngestError(
            "undecodable",
            lines=_lines_text(i + 1 for i in not_utf8),
            n=len(not_utf8),
            encoding="utf-8",
        )
    out = [None] * len(lines)
    other: list[int] = []
    bad: list[int] = []
    if len(utf8_ok) >= len(not_utf8):
        main = "utf-8"
        for i in not_utf8:
            try:
                out[i] = lines[i].decode(legacy)
                other.append(i)
            except UnicodeDecodeError:
                bad.append(i)
        alt = legacy
    else:
        main, alt = legacy, "utf-8"
        multibyte = _is_multibyte(legacy)
        for i in sorted(utf8_ok + not_utf8):
            line = lines[i]
            if _strong_utf8(line, multibyte):
                out[i] = line.decode("utf-8")
                other.append(i)
                continue
            try:
                out[i] = line.decode(legacy)
            except UnicodeDecodeError:
                bad.append(i)
    if bad:
        raise IngestError(
            "undecodable", lines=_lines_text(i + 1 for i in bad), n=len(bad), encoding=main
        )
    text = "\n".join(
        out[i] if out[i] is not None else lines[i].decode("utf-8") for i in range(len(lines))
    )
    if other:
        notes.append(
            (
                "mixed_encoding",
                {
                    "main": main,
                    "other": alt,
                    "n": len(other),
                    "lines": _lines_text(i + 1 for i in other),
                },
            )
        )
    return text, main


def _decode_whole(mv: memoryview, codec: str) -> str:
    """All of ``mv`` in ``codec`` (UTF-16/32); a bad sequence is an error naming its line."""
    try:
        return bytes(mv).decode(codec)
    except UnicodeDecodeError as exc:
        line = bytes(mv[: exc.start]).decode(codec, errors="replace").count("\n") + 1
        raise IngestError("undecodable", lines=str(line), n=1, encoding=codec) from None


def _to_utf8(buf: pa.Buffer, notes: list[Note]) -> tuple[pa.Buffer, int, str, bool]:
    """(UTF-8 buffer, offset of the text after any BOM, encoding name, needs full check).

    UTF-8 input is returned as is (zero copy); pyarrow validates it while
    parsing, and a file that fails that check comes back here through
    :func:`_decode_mixed`. Other encodings are transcoded once.
    """
    mv = memoryview(buf)
    head = bytes(mv[:_SAMPLE])
    for bom, codec in _BOMS:
        if head.startswith(bom):
            if codec == "utf-8-sig":
                return buf, len(bom), "utf-8-sig", True
            text = _decode_whole(mv, codec)
            notes.append(("encoding", {"encoding": codec}))
            return pa.py_buffer(text.encode("utf-8")), 0, codec, False
    if b"\x00" in head:
        codec = _detect_charset(head) if not _utf32_like(head) else "utf-32-le"
        if codec is None or not codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            even, odd = head[0::2].count(0), head[1::2].count(0)
            codec = "utf-16-le" if odd > even else "utf-16-be"
        codec = codecs.lookup(codec).name
        text = _decode_whole(mv, codec)
        notes.append(("encoding", {"encoding": codec}))
        return pa.py_buffer(text.encode("utf-8")), 0, codec, False
    sample = head
    if len(buf) > 2 * _SAMPLE:
        tail = bytes(mv[-_SAMPLE:])
        nl = tail.find(b"\n")
        sample = (
            head + b"\n" + (tail[nl + 1 :] if nl >= 0 else tail.lstrip(bytes(range(0x80, 0xC0))))
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return buf, 0, "utf-8", True
    except UnicodeDecodeError:
        pass
    text, main = _decode_mixed(bytes(mv), notes)
    if main != "utf-8":
        notes.insert(0, ("encoding", {"encoding": main}))
    return pa.py_buffer(text.encode("utf-8")), 0, main, False


# --------------------------------------------------------------------------- text: layout

_CANDIDATES = (",", "\t", ";", "|")
_WS = r"\s+"


def _split_lines(sample: bytes) -> list[bytes]:
    return sample.split(b"\n")


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample lines into the most consistent field counts."""
    rows_text = [ln for ln in lines if ln.strip()]
    if not rows_text:
        return ","
    best: tuple | None = None
    for d in _CANDIDATES:
        try:
            rows = list(csv.reader(rows_text, delimiter=d, quotechar='"', strict=False))
        except csv.Error:
            continue
        counts = [len(r) for r in rows if r]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (counts[0] == mode, freq / len(counts) >= 0.9, freq / len(counts), mode)
        if best is None or score > best[0]:
            best = (score, d)
    if best is not None and best[0][2] >= 0.6:
        return best[1]
    counts = [len(ln.split()) for ln in rows_text]
    mode, freq = Counter(counts).most_common(1)[0]
    if mode >= 2 and freq / len(counts) >= 0.9:
        return _WS
    return best[1] if best is not None else ","


_WS_RUN = re.compile(rb"[ \t]+")
_WS_EDGE = re.compile(rb"(?m)^\t|\t(?=\r?$)")


def _whitespace_to_tabs(data: bytes) -> bytes:
    return _WS_EDGE.sub(b"", _WS_RUN.sub(b"\t", data))


def _read_text(
    buf: pa.Buffer,
    name: str,
    notes: list[Note],
    path: str | None = None,
    limits: Limits | None = None,
) -> RawTable:
    limits = limits or Limits()
    utf8, start, encoding, check = _to_utf8(buf, notes)
    try:
        return _parse_text(
            utf8, start, encoding, list(notes), name, path if utf8 is buf else None, limits
        )
    except _NotUtf8:
        if not check:  # transcoded text is valid UTF-8: cannot happen
            raise IngestError("undecodable", lines="?", n=1, encoding=encoding) from None
    # The sample looked like UTF-8 but the whole file is not: decode it line by line.
    notes_mixed: list[Note] = [n for n in notes if n[0] == "zip_member"]
    raw = bytes(memoryview(buf)[start:])
    text, main = _decode_mixed(raw, notes_mixed)
    if main != "utf-8":
        notes_mixed.insert(0, ("encoding", {"encoding": main}))
    return _parse_text(
        pa.py_buffer(text.encode("utf-8")),
        0,
        main if main != "utf-8" else ("utf-8-sig" if start else "utf-8"),
        notes_mixed,
        name,
        None,
        limits,
    )


class _NotUtf8(Exception):
    pass


class _LongLine(Exception):
    pass


def _line_too_long(line: int, size: int, limits: Limits) -> IngestError:
    return IngestError(
        "line_too_long",
        line=line,
        size_mb=f"{size / 1024**2:,.1f}",
        limit_mb=f"{limits.max_line_bytes / 1024**2:,.1f}",
    )


def _longest_line(buf: pa.Buffer) -> tuple[int, int]:
    """(0-based index, length in bytes) of the longest line of ``buf`` (chunked: no
    full-length temporaries)."""
    data = np.frombuffer(buf, dtype=np.uint8)
    step = 64 << 20
    best_len, best_idx = -1, 0
    prev = -1  # position of the last newline seen
    lines_before = 0
    for start in range(0, len(data), step):
        nl = np.flatnonzero(data[start : start + step] == 10) + start
        if len(nl):
            gaps = np.diff(nl, prepend=prev) - 1
            k = int(np.argmax(gaps))
            if gaps[k] > best_len:
                best_len, best_idx = int(gaps[k]), lines_before + k
            prev = int(nl[-1])
            lines_before += len(nl)
    tail = len(data) - prev - 1
    if tail > best_len:
        best_len, best_idx = tail, lines_before
    return best_idx, best_len


def _parse_text(
    buf: pa.Buffer,
    start: int,
    encoding: str,
    notes: list[Note],
    name: str,
    path: str | None = None,
    limits: Limits | None = None,
) -> RawTable:
    """Parse UTF-8 text from ``buf[start:]``; ``path``: the same bytes as a file to stream from."""
    limits = limits or Limits()
    head = bytes(memoryview(buf)[start : start + _SAMPLE])
    if b"\n" not in head and b"\r" in head:  # old Mac line endings (CR only)
        buf = pa.py_buffer(bytes(memoryview(buf)[start:]).replace(b"\r", b"\n"))
        start = 0
        path = None
    _reject_markup(head, name)
    pos, line_no = _skip_comment_lines(buf, start, name, notes)
    lines = _sample_lines(buf, pos, line_no, limits)
    delimiter = _sniff_delimiter(lines[:200])
    body = buf if pos == 0 else buf.slice(pos)
    quote: str | bool = '"'
    if delimiter == _WS:
        body = pa.py_buffer(_whitespace_to_tabs(bytes(memoryview(body))))
        lines = _whitespace_to_tabs("\n".join(lines).encode("utf-8")).decode("utf-8").split("\n")
        quote = False
    sep = "\t" if delimiter == _WS else delimiter
    sample_rows, row_lines = _sample_rows(lines, sep, quote, name, limits)
    header = _has_header(sample_rows[0], sample_rows[1:51])
    layout = _layout(sample_rows, row_lines, lines, header, body, pos, line_no, notes)
    names = _fix_names(layout.header_names, notes)
    if delimiter not in (",", None):
        notes.append(
            ("delimiter", {"delimiter": {"\t": "tab", _WS: "spaces"}.get(delimiter, delimiter)})
        )
    data_rows = sample_rows[1:] if header else sample_rows
    col_types, decimal = _column_overrides(names, data_rows)
    if decimal == ",":
        notes.append(("decimal_comma", {}))
    body = layout.body
    if not bytes(memoryview(body)[:4096]).strip() and not bytes(memoryview(body)).strip():
        raise IngestError("no_rows", filename=name, columns=", ".join(names[:_MAX_EXAMPLES]))
    # A path is streamed by pyarrow from the data's first byte, so the file is never held
    # whole in memory (a memory map keeps every page it touched resident).
    streamed = path is not None and delimiter != _WS
    source = (lambda: _open_at(path, layout.offset)) if streamed else body
    spec = _CsvSpec(names + layout.extra, sep, quote, col_types, decimal)
    table = _read_body(source, body, spec, layout.first_line, limits, notes)
    table, names = _drop_empty_extra(table, layout, names, notes)
    if table.num_rows == 0:
        raise IngestError("no_rows", filename=name, columns=", ".join(names[:_MAX_EXAMPLES]))
    if quote is not False:
        _check_last_row(table, sep, body, layout.first_line)
    _check_rows(table.num_rows, limits, name)
    return RawTable(
        frame=_to_pandas(table, notes),
        encoding=encoding,
        delimiter=delimiter,
        sheet=None,
        sheet_names=(),
        header=header,
        first_line=layout.first_line,
        notes=tuple(notes),
    )


def _skip_comment_lines(
    buf: pa.Buffer, start: int, name: str, notes: list[Note]
) -> tuple[int, int]:
    """Position and number of the first line after leading comment (``# ...``) and blank lines.

    GA4 exports start with "# ..." lines.
    """
    mv = memoryview(buf)
    n = len(buf)
    pos, line_no, comments = start, 0, 0
    while pos < n:
        end = _find_nl(mv, pos)
        line = bytes(mv[pos:end]).strip()
        if line and not line.startswith(b"#"):
            break
        comments += bool(line)
        line_no += 1
        pos = end + 1
    if pos >= n:
        raise IngestError("empty", filename=name)
    if comments:
        notes.append(("comment_lines", {"n": comments}))
    return pos, line_no


def _sample_lines(buf: pa.Buffer, pos: int, line_no: int, limits: Limits) -> list[str]:
    """The first lines from ``pos``, decoded: the whole first line and the lines after it.

    (A header of thousands of names can be longer than the usual sample.)
    """
    mv = memoryview(buf)
    n = len(buf)
    head_end = _find_nl(mv, pos, limit=limits.max_line_bytes + 1)
    if head_end - pos > limits.max_line_bytes:
        raise _line_too_long(line_no + 1, head_end - pos, limits)
    span = max(_SAMPLE, head_end - pos + _SAMPLE)
    sample = bytes(mv[pos : pos + span])
    complete = pos + span >= n
    lines_b = _split_lines(sample)
    if not complete and len(lines_b) > 1:
        lines_b = lines_b[:-1]
    try:
        return [ln.decode("utf-8") for ln in lines_b]
    except UnicodeDecodeError:
        raise _NotUtf8() from None


def _sample_rows(
    lines: list[str], sep: str, quote: str | bool, name: str, limits: Limits
) -> tuple[list[list[str]], list[int]]:
    """Up to 201 non-blank rows of the sample and the physical lines consumed after each."""
    reader = csv.reader(
        lines,
        delimiter=sep,
        quotechar='"',
        quoting=csv.QUOTE_NONE if quote is False else csv.QUOTE_MINIMAL,
    )
    sample_rows: list[list[str]] = []
    row_lines: list[int] = []  # physical lines consumed after each row
    try:
        for row in reader:
            if row and any(c.strip() for c in row):
                sample_rows.append(row)
                row_lines.append(reader.line_num)
            if len(sample_rows) >= 201:
                break
    except csv.Error:
        pass
    if not sample_rows:
        raise IngestError("empty", filename=name)
    width0 = max(len(r) for r in sample_rows)
    if width0 > limits.max_columns:
        raise IngestError(
            "too_many_columns", filename=name, n=f"{width0:,}", limit=f"{limits.max_columns:,}"
        )
    return sample_rows, row_lines


@dataclass(frozen=True)
class _Layout:
    """Where the data starts and what its columns are called (before the names are fixed)."""

    header_names: list[str]
    extra: list[str]  # fields past the header that are empty in the sample
    body: Any  # the data's bytes (after the header)
    offset: int  # the data's first byte in the file
    first_line: int  # the data's first line number (1-based)


def _layout(
    sample_rows: list[list[str]],
    row_lines: list[int],
    lines: list[str],
    header: bool,
    body: Any,
    pos: int,
    line_no: int,
    notes: list[Note],
) -> _Layout:
    """Column names from the header row (or ``column_1``...) and where the data starts."""
    counts = Counter(len(r) for r in sample_rows[1:])
    data_width = counts.most_common(1)[0][0] if counts else len(sample_rows[0])
    extra: list[str] = []
    if not header:
        names = [f"column_{i + 1}" for i in range(max(data_width, len(sample_rows[0])))]
        notes.append(("no_header", {"n": len(names), "columns": len(names)}))
        return _Layout(names, extra, body, pos, line_no + 1)
    names = list(sample_rows[0])
    # "a,b,c," over rows "1,2,3": a trailing empty header field holds no data.
    while len(names) > data_width and not names[-1].strip():
        names.pop()
    if data_width > len(names) and not any(
        c.strip() for r in sample_rows[1:] for c in r[len(names) :]
    ):
        # "1,2,3," under "a,b,c": a trailing delimiter; dropped below if empty throughout.
        extra = [f"\x00extra{i}" for i in range(data_width - len(names))]
    else:
        names += [""] * (data_width - len(names))
    header_lines = row_lines[0]
    skip_bytes = sum(len(ln.encode("utf-8")) + 1 for ln in lines[:header_lines])
    body = body.slice(min(skip_bytes, len(body)))
    return _Layout(names, extra, body, pos + skip_bytes, line_no + header_lines + 1)


@dataclass(frozen=True)
class _CsvSpec:
    """How to parse the data: column names, delimiter, quote, forced types, decimal mark."""

    names: list[str]
    sep: str
    quote: str | bool
    col_types: dict[str, pa.DataType]
    decimal: str


def _read_body(
    source: Any, body: Any, spec: _CsvSpec, first_line: int, limits: Limits, notes: list[Note]
) -> pa.Table:
    """The data as an Arrow table: pyarrow first, the slow Python reader for ragged rows.

    Quoted values spanning lines parse correctly without pyarrow's (slower)
    newlines_in_values; only when its chunker cuts a block inside one does pyarrow
    raise "out of sync", and _arrow_csv then reads again with the option on.
    """
    try:
        table = _arrow_csv(source, spec, newlines=False, size=len(body))
    except _LongLine:
        # a line longer than pyarrow's block: read again with blocks that hold the longest
        # line, or refuse it when it is over the limit
        idx, longest = _longest_line(body)
        if longest > limits.max_line_bytes:
            raise _line_too_long(first_line + idx, longest, limits) from None
        table = _arrow_csv(
            source, spec, newlines=False, size=len(body), min_block=2 * longest + (1 << 20)
        )
    if table is None:
        try:
            text = bytes(memoryview(body)).decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8() from None
        args = (spec.names, spec.sep, spec.quote, spec.col_types, spec.decimal)
        table = _python_csv(text, *args, first_line, notes)
    if any(pa.types.is_binary(t) or pa.types.is_large_binary(t) for t in table.schema.types):
        raise _NotUtf8()  # pyarrow types a column with invalid UTF-8 as binary
    return table


def _drop_empty_extra(
    table: pa.Table, layout: _Layout, names: list[str], notes: list[Note]
) -> tuple[pa.Table, list[str]]:
    """Fields past the header dropped when empty throughout, else named like blank headers."""
    extra = layout.extra
    if not extra:
        return table, names
    if all(table.column(c).null_count == table.num_rows for c in extra):
        return table.drop_columns(extra), names
    notes[:] = [n for n in notes if n[0] not in ("blank_columns", "renamed_columns")]
    names = _fix_names(layout.header_names + [""] * len(extra), notes)
    return table.rename_columns(names), names


_MARKUP = (b"<!doctype html", b"<html", b"<table", b"<?xml", b"<workbook")


def _reject_markup(head: bytes, name: str) -> None:
    """HTML / XML "spreadsheets" (often named .xls by web back ends) are not delimited text."""
    start = head.lstrip()[:200].lower()
    if start.startswith(_MARKUP):
        raise IngestError("markup", filename=name)


def _open_at(path: str, offset: int) -> pa.NativeFile:
    """``path`` opened for pyarrow, positioned at byte ``offset`` (it reads from there)."""
    fh = pa.OSFile(path, "r")
    fh.seek(offset)
    return fh


def _find_nl(mv: memoryview, pos: int, limit: int | None = None) -> int:
    """Position of the first newline at or after ``pos`` (``len(mv)`` when none); with
    ``limit``, the search stops after that many bytes (returning a position past it)."""
    n = len(mv) if limit is None else min(len(mv), pos + limit)
    step = 4096
    while pos < n:
        i = bytes(mv[pos : pos + step]).find(b"\n")
        if i >= 0:
            return pos + i
        pos += step
        step = min(step * 4, 1 << 22)
    return n


_LEADING_ZERO = re.compile(r"^[+-]?0\d+$")
_LONG_INT = re.compile(r"^[+-]?\d{16,}$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d*\.\d+$")


def _column_overrides(
    names: list[str], rows: list[list[str]]
) -> tuple[dict[str, pa.DataType], str]:
    """Identifier-like numbers kept as text (``00042``, 18-digit order numbers); the decimal mark."""
    types: dict[str, pa.DataType] = {}
    comma = point = 0
    for j, name in enumerate(names):
        values = [r[j].strip() for r in rows if j < len(r) and r[j].strip()]
        if any(_LEADING_ZERO.match(v) or _LONG_INT.match(v) for v in values):
            types[name] = pa.string()
        comma += sum(1 for v in values if _DECIMAL_COMMA.match(v))
        point += sum(1 for v in values if _DECIMAL_POINT.match(v))
    return types, ("," if comma and not point else ".")


_CONVERSION = re.compile(r"column #(\d+).*conversion error to (\w+)", re.S)


def _arrow_csv(
    body: pa.Buffer | Callable[[], Any],
    spec: _CsvSpec,
    newlines: bool = True,
    size: int = 0,
    min_block: int = 0,
) -> pa.Table | None:
    """Parse with pyarrow; ``None`` when some rows have the wrong number of fields.

    ``newlines``: quoted values may span lines. Such values parse correctly either
    way, but only with pyarrow's ``newlines_in_values`` may its parallel chunker cut
    blocks inside them; it costs ~15% more CPU, so text without any quote character
    is read without it.
    """
    invalid: list[int] = []
    # Blocks of about 1/8 of the data (1-16 MB; pyarrow's default is 1 MB): as fast to
    # parse on two cores, and ~10 chunks per column instead of ~100 for a 100 MB file,
    # which every later per-chunk step (pandas, the ingest checks) pays for.
    block_size = max(int(min(16 << 20, max(1 << 20, size // 8))), min_block)

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append(row.actual_columns)
        return "skip"

    names, quote = spec.names, spec.quote
    newlines = newlines and quote is not False
    col_types = _probe_types(body, spec, newlines)
    for _ in range(2 * len(names) + 2):
        invalid.clear()
        src = body() if callable(body) else pa.BufferReader(body)
        try:
            table = pacsv.read_csv(
                src,
                **_csv_options(spec, col_types, newlines, True, block_size, on_invalid),
            )
        except pa.ArrowInvalid as exc:
            msg = str(exc)
            if "invalid UTF8" in msg or "UTF8" in msg and "string" in msg:
                raise _NotUtf8() from None
            if "newlines_in_values" in msg and not newlines and quote is not False:
                newlines = True
                continue
            if "straddl" in msg:  # one line (or quoted cell) longer than a block
                raise _LongLine() from None
            _widen(col_types, names, msg)
            continue
        finally:
            src.close()
        if invalid:
            return None
        return table
    raise IngestError("unreadable", detail="column types could not be settled")


def _csv_options(
    spec: _CsvSpec,
    col_types: dict[str, pa.DataType],
    newlines: bool,
    threads: bool,
    block_size: int,
    on_invalid: Callable[[pacsv.InvalidRow], str] | None = None,
) -> dict[str, Any]:
    """The read, parse and convert options of one pyarrow CSV read."""
    return {
        "read_options": pacsv.ReadOptions(
            column_names=spec.names, use_threads=threads, block_size=block_size
        ),
        "parse_options": pacsv.ParseOptions(
            delimiter=spec.sep,
            quote_char=spec.quote,
            newlines_in_values=newlines,
            invalid_row_handler=on_invalid,
        ),
        "convert_options": pacsv.ConvertOptions(
            column_types=col_types, strings_can_be_null=True, decimal_point=spec.decimal
        ),
    }


def _probe_types(
    body: pa.Buffer | Callable[[], Any], spec: _CsvSpec, newlines: bool
) -> dict[str, pa.DataType]:
    """Every column's type as pyarrow infers it from the first rows, given explicitly.

    When it has to infer types itself, pyarrow keeps every parsed block until the end
    of the read (to convert them again should a later block need a wider type), about
    the file's size on top of the table. A later value that does not fit is a
    conversion error, and the read is done again with that column widened
    (:func:`_widen`). Text columns are read as large_string, the layout pandas' ``str``
    dtype keeps: pandas would otherwise cast every text column on conversion (most of
    its cost).
    """
    col_types = dict(spec.col_types)
    probe = body() if callable(body) else pa.BufferReader(body)
    try:
        schema = pacsv.open_csv(
            probe, **_csv_options(spec, col_types, newlines, False, _PROBE_BLOCK)
        ).schema
        for fld in schema:
            if fld.name not in col_types:
                col_types[fld.name] = _probed_type(fld.type)
    except (pa.ArrowException, OSError):
        pass  # the read reports what is wrong
    finally:
        probe.close()
    return col_types


def _probed_type(t: pa.DataType) -> pa.DataType:
    """The type to read a column as, from the type pyarrow inferred on the first rows."""
    if pa.types.is_string(t) or pa.types.is_null(t):
        # (empty in the first rows: text, which holds whatever comes later)
        return pa.large_string()
    if pa.types.is_timestamp(t) and t.tz is None:
        # parsed straight to the unit pandas keeps (no cast afterwards)
        return pa.timestamp("us" if t.unit != "ns" else "ns")
    if pa.types.is_timestamp(t):
        # times with offsets (+08:00): pyarrow would convert them to UTC and lose the
        # shop's local time; kept as text, the ingest's coercion decides (and says)
        return pa.large_string()
    return t


def _widen(col_types: dict[str, pa.DataType], names: list[str], msg: str) -> None:
    """After a conversion error: widen the column typed from the first rows.

    A column that later holds other values goes int -> float, anything else -> text.
    Any other Arrow error is reported as unreadable.
    """
    m = _CONVERSION.search(msg)
    if not m:
        raise IngestError("unreadable", detail=msg.splitlines()[0][:300]) from None
    col = names[int(m.group(1))]
    col_types[col] = pa.float64() if m.group(2) == "int64" else pa.large_string()


def _python_csv(
    text: str,
    names: list[str],
    sep: str,
    quote: str | bool,
    col_types: dict[str, pa.DataType],
    decimal: str,
    first_line: int,
    notes: list[Note],
) -> pa.Table:
    """Slow path for ragged files: pad short rows, report long ones, stop at a new ``#`` section."""
    width = len(names)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=sep,
        quotechar='"',
        quoting=csv.QUOTE_NONE if quote is False else csv.QUOTE_MINIMAL,
        strict=False,
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    short: list[int] = []
    long: list[int] = []
    prev_end = 0
    prev_blank = False
    multi: tuple[int, int, int] | None = None  # (line, lines inside, row-like lines inside)
    for row in reader:
        line = first_line + prev_end
        prev_end = reader.line_num
        multi = None
        if quote is not False and any("\n" in c for c in row):
            inside = [c for c in row if "\n" in c]
            rowlike = max(_row_like(c, sep, width) for c in inside)
            multi = (line, sum(c.rstrip("\n").count("\n") for c in inside), rowlike)
            if rowlike >= 2:  # a quote that runs over whole rows of the file
                raise IngestError("unterminated_quote", line=line, n=multi[1])
        if not row or not any(c.strip() for c in row):
            prev_blank = True
            continue
        if prev_blank and len(row) == 1 and row[0].lstrip().startswith("#"):
            total = text.count("\n") + (not text.endswith("\n"))
            notes.append(
                ("ignored_section", {"line": line, "n": max(total - (line - first_line), 1)})
            )
            break
        prev_blank = False
        if len(row) > width:
            if any(c.strip() for c in row[width:]):
                long.append(line)
                continue
            row = row[:width]
        elif len(row) < width:
            short.append(line)
            row = row + [""] * (width - len(row))
        writer.writerow(row)
    if multi is not None and multi[2] >= 1:  # the last row swallowed the rest of the file
        raise IngestError("unterminated_quote", line=multi[0], n=multi[1])
    if long:
        raise IngestError("too_many_fields", lines=_lines_text(long), n=len(long), expected=width)
    if short:
        notes.append(
            ("padded_rows", {"n": len(short), "lines": _lines_text(short), "expected": width})
        )
    spec = _CsvSpec(names, ",", '"', col_types, decimal)
    table = _arrow_csv(pa.py_buffer(out.getvalue().encode("utf-8")), spec)
    if table is None:  # cannot happen: every row was written with ``width`` fields
        raise IngestError("unreadable", detail="rows with a varying number of fields")
    return table


def _row_like(cell: str, sep: str, width: int) -> int:
    """Lines inside a (multi-line) cell that look like rows of the file: as many
    delimiters as a row has. A quote left open swallows such lines."""
    if width < 2:
        return 0
    return sum(1 for ln in cell.split("\n")[1:] if ln.count(sep) >= width - 1)


def _check_last_row(table: pa.Table, sep: str, body: pa.Buffer, first_line: int) -> None:
    """A quote never closed runs to the end of the file: the last row's last cell then
    holds the file's remaining lines (a cell anywhere else would have left its row short
    of fields, see :func:`_python_csv`). Only that one value is looked at (no scan)."""
    width = table.num_columns
    col = table.column(width - 1)
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        return
    value = col[-1].as_py()
    if not value or "\n" not in value or _row_like(value, sep, width) < 1:
        return
    if bytes(memoryview(body)[-64:]).rstrip().endswith(b'"'):
        return  # the quote is closed at the end of the file: a multi-line cell
    total = _count_newlines(body)
    raise IngestError(
        "unterminated_quote",
        line=first_line + max(total - value.count("\n"), 0),
        n=value.rstrip("\n").count("\n"),
    )


def _count_newlines(buf: pa.Buffer) -> int:
    data = np.frombuffer(buf, dtype=np.uint8)
    step = 64 << 20
    return sum(int(np.count_nonzero(data[i : i + step] == 10)) for i in range(0, len(data), step))


# --------------------------------------------------------------------------- arrow -> pandas

_UTC_ISO = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)? ?(UTC|Z|[+-]00:?00)$")


def _normalise_arrow(table: pa.Table, notes: list[Note] | None = None) -> pa.Table:
    """Timestamps tz-naive (the wall time of their time zone), dates and second-resolution
    times as datetime64[us]; UTC-suffixed ISO text as timestamps (UTC wall time)."""
    cols = []
    changed = False
    for field, col in zip(table.schema, table.columns, strict=True):
        t = field.type
        new = col
        if pa.types.is_timestamp(t):
            unit = "ns" if t.unit == "ns" else "us"
            if t.tz is not None and t.tz.upper() not in ("UTC", "Z", "+00:00", "ETC/UTC"):
                # (Parquet with a zone such as Asia/Shanghai: the local wall time)
                new = pc.local_timestamp(col).cast(pa.timestamp(unit))
            elif t.tz is not None or t.unit != unit:
                new = col.cast(pa.timestamp(unit))
                if t.tz is not None and notes is not None:
                    notes.append(("tz_utc", {"column": field.name}))
        elif pa.types.is_date(t):
            new = col.cast(pa.timestamp("us"))
        elif pa.types.is_null(t):  # a column with no values at all
            new = col.cast(pa.string())
        elif (pa.types.is_string(t) or pa.types.is_large_string(t)) and len(col):
            new = _utc_strings(col)
            if new is not col and notes is not None:
                notes.append(("tz_utc", {"column": field.name}))
        if new is not col:
            changed = True
        cols.append(new)
    return pa.table(cols, names=table.column_names) if changed else table


def _utc_strings(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """``"2019-10-01 00:00:00 UTC"``-style strings (every one UTC) -> naive UTC timestamps
    (else unchanged)."""
    head = col.slice(0, 200).drop_null().to_pylist()
    if not head or not all(_UTC_ISO.match(v) for v in head[:50]):
        return col
    try:
        # every value must be UTC: with the suffix cut, a value with another offset (+08:00)
        # fails the naive cast, and the column is left to the ingest (which keeps local time)
        stripped = pc.replace_substring_regex(col, pattern=r" ?(UTC|Z|[+-]00:?00)$", replacement="")
        return stripped.cast(pa.timestamp("us"))
    except pa.ArrowException:  # not a timestamp after all
        return col


def _to_pandas(table: pa.Table, notes: list[Note] | None = None) -> pd.DataFrame:
    """The table as pandas; ``notes`` receives ``tz_utc`` for each column of UTC times
    (``Z`` / ``UTC`` text, or UTC timestamps) made naive (their UTC wall time)."""
    table = _normalise_arrow(table, notes)
    # Numbers and times without gaps are joined into one chunk inside Arrow's pool (which
    # still holds the pages the reader just freed), and pandas then takes them as they are;
    # left chunked, pandas would copy them into fresh memory.
    for i, col in enumerate(table.columns):
        t = col.type
        if (
            col.num_chunks > 1
            and col.null_count == 0
            and (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_timestamp(t))
        ):
            table = table.set_column(
                i, table.field(i), pa.chunked_array([pa.concat_arrays(col.chunks)])
            )
    # self_destruct: Arrow buffers are released column by column as pandas takes them over.
    frame = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    return frame


# --------------------------------------------------------------------------- parquet / arrow


def _read_columnar(
    buf: pa.Buffer, name: str, fmt: str, notes: list[Note], limits: Limits
) -> RawTable:
    import pyarrow.parquet as pq

    try:
        if fmt == "parquet":
            meta = pq.ParquetFile(pa.BufferReader(buf)).metadata
            rows, width = meta.num_rows, meta.num_columns
        else:
            rows = width = 0
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise IngestError(
            "parquet_corrupt", filename=name, detail=str(exc).splitlines()[0][:300]
        ) from None
    _check_rows(rows, limits, name)
    if width > limits.max_columns:
        raise IngestError(
            "too_many_columns", filename=name, n=f"{width:,}", limit=f"{limits.max_columns:,}"
        )
    try:
        if fmt == "parquet":
            table = pq.read_table(pa.BufferReader(buf))
        else:
            table = pa.ipc.open_file(pa.BufferReader(buf)).read_all()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise IngestError(
            "parquet_corrupt", filename=name, detail=str(exc).splitlines()[0][:300]
        ) from None
    frame = _to_pandas(table, notes)
    frame.columns = _fix_names(list(frame.columns), notes)
    if frame.empty:
        raise IngestError(
            "no_rows", filename=name, columns=", ".join(map(str, frame.columns[:_MAX_EXAMPLES]))
        )
    return RawTable(frame, None, None, None, (), True, 2, tuple(notes))


# --------------------------------------------------------------------------- excel


def _read_excel(buf: pa.Buffer, name: str, sheet: str | int | None, notes: list[Note]) -> RawTable:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(memoryview(buf)))
    except PasswordError:
        raise IngestError("encrypted", filename=name) from None
    except Exception as exc:  # calamine raises several types (zip, xml, cfb, Rust panics)
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise IngestError("encrypted", filename=name) from None
        raise IngestError(
            "excel_corrupt", filename=name, detail=str(exc).splitlines()[0][:300]
        ) from None
    with wb:
        names = tuple(wb.sheet_names)
        if not names:
            raise IngestError("excel_corrupt", filename=name, detail="no sheets")
        if sheet is not None:
            if isinstance(sheet, int) and not isinstance(sheet, bool):
                if not -len(names) <= sheet < len(names):
                    raise IngestError("sheet_not_found", sheet=str(sheet), sheets=", ".join(names))
                chosen = names[sheet]
            elif str(sheet) in names:
                chosen = str(sheet)
            else:
                raise IngestError("sheet_not_found", sheet=str(sheet), sheets=", ".join(names))
            rows, start = _sheet_rows(wb, chosen, name)
            if not rows:
                raise IngestError("sheet_empty", sheet=chosen, sheets=", ".join(names))
        else:
            visible = [
                m.name
                for m in wb.sheets_metadata
                if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
            ]
            order = visible + [s for s in names if s not in visible]
            chosen, rows, start = order[0], [], 0
            for s in order:
                rows, start = _sheet_rows(wb, s, name)
                if rows:
                    chosen = s
                    break
            if not rows:
                raise IngestError("empty", filename=name)
            if len(names) > 1:
                notes.append(
                    ("sheet", {"sheet": chosen, "n": len(names), "sheets": ", ".join(names)})
                )
    return _excel_frame(rows, start, chosen, names, name, notes)


def _sheet_rows(wb: Any, sheet: str, name: str) -> tuple[list[list[Any]], int]:
    """Non-empty rows of a sheet (trailing empty rows/columns cut) and the 0-based row of the first."""
    try:
        ws = wb.get_sheet_by_name(sheet)
        rows = ws.to_python(skip_empty_area=False)
    except Exception as exc:  # corrupt sheet XML, unsupported records
        raise IngestError(
            "excel_corrupt", filename=name, detail=str(exc).splitlines()[0][:300]
        ) from None
    first = 0
    while first < len(rows) and not any(_filled(v) for v in rows[first]):
        first += 1
    last = len(rows)
    while last > first and not any(_filled(v) for v in rows[last - 1]):
        last -= 1
    return rows[first:last], first


def _filled(v: Any) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _excel_frame(
    rows: list[list[Any]],
    start: int,
    sheet: str,
    sheets: tuple[str, ...],
    name: str,
    notes: list[Note],
) -> RawTable:
    width = max(len(r) for r in rows)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    # Title rows above the table ("Sales report 2024" in A1): a row with one filled cell
    # followed by a wider row.
    filled = [sum(_filled(v) for v in r) for r in rows[:20]]
    top = 0
    widest = max(filled)
    while top < len(filled) - 1 and filled[top] <= 1 and widest >= 2:
        top += 1
    if top:
        notes.append(("title_rows", {"n": sum(1 for k in filled[:top] if k)}))
    rows = rows[top:]
    # Columns that are empty from top to bottom carry nothing (formatting only).
    keep = [j for j in range(width) if any(_filled(r[j]) for r in rows)]
    rows = [[r[j] for j in keep] for r in rows]
    header = _has_header(rows[0], rows[1:51])
    if header:
        names = _fix_names([_cell_text(v) for v in rows[0]], notes)
        data = [r for r in rows[1:] if any(_filled(v) for v in r)]
        first_line = start + top + 2
    else:
        names = [f"column_{i + 1}" for i in range(len(keep))]
        notes.append(("no_header", {"n": len(names), "columns": len(names)}))
        data = [r for r in rows if any(_filled(v) for v in r)]
        first_line = start + top + 1
    if not data:
        raise IngestError("no_rows", filename=name, columns=", ".join(names[:_MAX_EXAMPLES]))
    columns = {n: _excel_column([r[j] for r in data]) for j, n in enumerate(names)}
    frame = pd.DataFrame(columns)
    return RawTable(frame, None, None, sheet, sheets, header, first_line, tuple(notes))


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    return str(v)


def _excel_column(values: list[Any]) -> pd.Series:
    """Cells of one column -> a typed Series (numbers, datetimes, booleans, else str).

    Whole numbers without gaps become int64 (as pyarrow types them in a CSV).
    """
    cells = pd.Series(
        [None if v.__class__ is str and not v.strip() else v for v in values], dtype=object
    )
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind == "boolean":
        return cells.astype(bool) if cells.notna().all() else cells.astype("boolean")
    if kind in ("integer", "floating", "mixed-integer-float"):
        numbers = cells.astype("float64")
        whole = numbers.notna().all() and bool((numbers == np.floor(numbers)).all())
        if whole and numbers.abs().max() < 2**53:
            return numbers.astype("int64")
        return numbers
    if kind in ("datetime", "datetime64", "date"):
        return pd.Series(pd.to_datetime(cells).astype("datetime64[us]"))
    return pd.Series([None if v is None else _cell_str(v) for v in cells], dtype="str")


def _cell_str(v: Any) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, timedelta):
        return str(v)
    return str(v).strip() if isinstance(v, str) else str(v)
