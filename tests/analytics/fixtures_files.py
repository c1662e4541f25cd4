"""Builders of test files for the readers: text in many encodings, workbooks, containers.

Everything is generated in the test's ``tmp_path`` (nothing is checked in):
legacy ``.xls`` workbooks are written by hand as BIFF8 records inside an OLE
compound file (no library writes them any more), and a password-protected
``.xlsx`` is modelled by its container: an OLE compound file holding
``EncryptionInfo`` and ``EncryptedPackage`` streams, as Office writes it.
"""

from __future__ import annotations

import gzip
import io
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "ORDERS_ROWS",
    "ORDERS_HEADER",
    "csv_text",
    "write_bytes",
    "write_text",
    "write_gz",
    "write_xlsx",
    "write_xls",
    "write_parquet",
    "ole_file",
    "write_encrypted_xlsx",
    "xls_bytes",
    "corrupt",
    "gz_bytes",
]

ORDERS_HEADER = ["order_id", "customer_id", "order_time", "amount", "channel"]
ORDERS_ROWS: list[list[Any]] = [
    ["A1", "C1", "2025-03-04 10:11:12", 12.5, "Direct"],
    ["A2", "C2", "2025-03-05 09:00:00", 8.0, "Email"],
    ["A3", "C1", "2025-03-06 18:30:00", 99.95, "Paid Search"],
]


def csv_text(
    header: Sequence[Any] | None, rows: Sequence[Sequence[Any]], sep: str = ",", nl: str = "\n"
) -> str:
    """Delimited text (no quoting: values must not contain ``sep``)."""
    lines = [sep.join(map(str, header))] if header is not None else []
    lines += [sep.join("" if v is None else str(v) for v in r) for r in rows]
    return nl.join(lines) + nl


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def write_text(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """``text`` encoded with ``encoding`` (``utf-8-sig`` / ``utf-16`` write a BOM)."""
    return write_bytes(tmp_path, name, text.encode(encoding))


def write_gz(tmp_path: Path, name: str, data: bytes) -> Path:
    return write_bytes(tmp_path, name, gzip.compress(data))


def write_xlsx(tmp_path: Path, name: str, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with one sheet per entry (rows of Python values; dates as datetime)."""
    import xlsxwriter

    path = tmp_path / name
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for sheet, rows in sheets.items():
        ws = wb.add_worksheet(sheet)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if hasattr(v, "year"):
                    ws.write_datetime(i, j, v, date_fmt)
                else:
                    ws.write(i, j, v)
    wb.close()
    return path


def write_parquet(tmp_path: Path, name: str, frame) -> Path:
    path = tmp_path / name
    frame.to_parquet(path, index=False)
    return path


# --------------------------------------------------------------------------- OLE / CFB

_SECTOR = 512
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (CFB v3) holding ``streams`` at the root.

    Streams are padded to 4096 bytes so that all live in regular sectors
    (no mini stream needed); readers use the stored stream size.
    """
    names = sorted(streams, key=lambda s: (len(s), s.upper()))
    payloads = [streams[n] + b"\x00" * max(0, 4096 - len(streams[n])) for n in names]
    sizes = [len(p) for p in payloads]
    chains: list[tuple[int, int]] = []  # (first sector, count)
    sector = 0
    body = b""
    for p in payloads:
        count = -(-len(p) // _SECTOR)
        chains.append((sector, count))
        body += p + b"\x00" * (count * _SECTOR - len(p))
        sector += count
    n_entries = len(names) + 1
    dir_sectors = -(-n_entries * 128 // _SECTOR)
    dir_start = sector
    sector += dir_sectors
    # FAT sectors: enough entries for every sector including themselves.
    n_fat = 1
    while n_fat * (_SECTOR // 4) < sector + n_fat:
        n_fat += 1
    fat_start = sector
    total = sector + n_fat
    fat = [_FREE] * (n_fat * (_SECTOR // 4))
    for first, count in chains + [(dir_start, dir_sectors)]:
        for k in range(count):
            fat[first + k] = first + k + 1 if k < count - 1 else _END
    for k in range(n_fat):
        fat[fat_start + k] = _FATSECT
    assert total <= len(fat)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw) if name else 0, kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child)
            + b"\x00" * 16
            + struct.pack("<I", 0)
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    entries = entry("Root Entry", 5, 1 if names else _NOSTREAM, _NOSTREAM, _END, 0)
    for i, n in enumerate(names):
        right = i + 2 if i + 1 < len(names) else _NOSTREAM
        entries += entry(n, 2, _NOSTREAM, right, chains[i][0], sizes[i])
    empty = (
        b"\x00" * 64
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", _NOSTREAM, _NOSTREAM, _NOSTREAM)
    )
    empty = empty.ljust(128, b"\x00")
    while len(entries) < dir_sectors * _SECTOR:
        entries += empty
    difat = [fat_start + k for k in range(n_fat)] + [_FREE] * (109 - n_fat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", *difat)
    )
    assert len(header) == _SECTOR
    return header + body + entries + struct.pack(f"<{len(fat)}I", *fat)


def write_encrypted_xlsx(tmp_path: Path, name: str = "locked.xlsx") -> Path:
    """The container Office writes for a password-protected workbook (content is random)."""
    import random

    rng = random.Random(3)
    info = struct.pack("<HHI", 4, 4, 0x40) + bytes(rng.randrange(256) for _ in range(200))
    package = struct.pack("<Q", 5000) + bytes(rng.randrange(256) for _ in range(5000))
    return write_bytes(
        tmp_path, name, ole_file({"EncryptionInfo": info, "EncryptedPackage": package})
    )


# --------------------------------------------------------------------------- BIFF8 (.xls)


def _rec(rtype: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _bof(kind: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _xf(font: int, fmt: int, style: bool) -> bytes:
    # ifnt, ifmt, type/protection (0xFFF5 = style XF), alignment, rotation, indent, used attrs,
    # borders/colours (zeros).
    return _rec(
        0x00E0,
        struct.pack("<HHHBBBB", font, fmt, 0xFFF5 if style else 0x0001, 0x20, 0, 0, 0)
        + b"\x00" * 10,
    )


def _font() -> bytes:
    name = "Arial".encode("utf-16-le")
    return _rec(
        0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + bytes([5, 1]) + name
    )


def xls_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A legacy Excel (BIFF8) workbook: strings (any Unicode) and numbers, one sheet per entry."""
    strings: list[str] = []
    index: dict[str, int] = {}
    for rows in sheets.values():
        for row in rows:
            for v in row:
                if isinstance(v, str) and v not in index:
                    index[v] = len(strings)
                    strings.append(v)
    sst = struct.pack(
        "<II",
        sum(isinstance(v, str) for r in sheets.values() for row in r for v in row),
        len(strings),
    )
    for s in strings:
        raw = s.encode("utf-16-le")
        sst += struct.pack("<HB", len(s), 1) + raw
    fonts = b"".join(_font() for _ in range(5))  # index 4 is skipped by Excel; 5 keeps it simple
    xfs = b"".join(_xf(0, 0, True) for _ in range(15)) + _xf(0, 0, False)
    sheet_streams = []
    for rows in sheets.values():
        cells = b""
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, str):
                    cells += _rec(0x00FD, struct.pack("<HHHI", i, j, 15, index[v]))
                else:
                    cells += _rec(0x0203, struct.pack("<HHHd", i, j, 15, float(v)))
        ncols = max((len(r) for r in rows), default=0)
        dims = _rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, ncols, 0))
        sheet_streams.append(_bof(0x0010) + dims + cells + _rec(0x000A))

    def globals_(offsets: list[int]) -> bytes:
        out = _bof(0x0005) + _rec(0x0042, struct.pack("<H", 1200)) + fonts + xfs
        for name, off in zip(sheets, offsets, strict=True):
            raw = name.encode("utf-16-le")
            out += _rec(0x0085, struct.pack("<IHBB", off, 0, len(name), 1) + raw)
        return out + _rec(0x00FC, sst) + _rec(0x000A)

    size = len(globals_([0] * len(sheets)))
    offsets = []
    pos = size
    for s in sheet_streams:
        offsets.append(pos)
        pos += len(s)
    workbook = globals_(offsets) + b"".join(sheet_streams)
    return ole_file({"Workbook": workbook})


def write_xls(tmp_path: Path, name: str, sheets: dict[str, list[list[Any]]]) -> Path:
    return write_bytes(tmp_path, name, xls_bytes(sheets))


def corrupt(data: bytes, keep: float = 0.5) -> bytes:
    """The first ``keep`` share of ``data`` (a truncated download)."""
    return data[: int(len(data) * keep)]


def gz_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as fh:
        fh.write(data)
    return buf.getvalue()
