"""CSV / Excel exports: no live formula in any reader, exact text, every column type (#16 item 2)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from pandas.testing import assert_frame_equal

from analytics import ingest
from analytics import pricing as pr
from analytics.export import is_risky, neutralise, to_csv_bytes, to_excel_bytes

ROOT = Path(__file__).resolve().parents[2]

# texts a spreadsheet would run, and texts it must show as they are
HOSTILE = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-x",
    "@SUM(A1)",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
    "\n+cmd",
    "not a date\r+cmd|' /C calc'!A0",
    "line one\n  @SUM(A1)",
    "ok\r\n-2+3",
    "＝1+1",
    '=HYPERLINK("https://evil.example","x")',
]
BENIGN = [
    "-12.5",
    "+86 138 0000 0000",
    "-1,234.50",
    "+5%",
    "ok",
    "a-b",
    "x@y.z",
    "直播",
    "",
    "1e-5",
]


def slow_is_formula(cell: str) -> bool:
    """The formula-detecting reader: a cell a spreadsheet would evaluate (obvious rules)."""
    stripped = cell.lstrip(" \t\r\n\x0b\x0c\u00a0\u3000")
    if not stripped or stripped[0] not in "=+-@＝＋－＠":
        return False
    body = stripped.strip()
    # a plain number with a sign is read as a number, never as a formula
    return not re.fullmatch(r"[+\-＋－]?\s*\d[\d ,.\u00a0]*([eE][+\-]?\d+)?\s*%?", body)


def naive_cells(text: str) -> list[str]:
    """Cells as a sloppy importer sees them: every CR or LF is a new row, quotes ignored."""
    out = []
    for line in re.split(r"[\r\n]", text):
        out.extend(part.strip('"') for part in line.split(","))
    return out


def hostile_frame() -> pd.DataFrame:
    n = len(HOSTILE) + len(BENIGN)
    texts = HOSTILE + BENIGN
    return pd.DataFrame(
        {
            "object": pd.Series(texts, dtype=object),
            "string": pd.array(texts, dtype="string"),
            "arrow_string": pd.array(texts, dtype="string[pyarrow]"),
            "arrow_dtype": pd.Series(texts, dtype=pd.ArrowDtype(pa.string())),
            "category": pd.Categorical(texts),
            "number": np.linspace(-12.5, 12.5, n),
            "int": np.arange(-5, n - 5),
            "when": pd.date_range("2024-01-01", periods=n, freq="D"),
            "flag": [i % 2 == 0 for i in range(n)],
            "mixed": [texts[i] if i % 2 else -float(i) for i in range(n)],
            "=HEADER()": texts,
        }
    )


def test_slow_reader_agrees_with_is_risky():
    assert all(slow_is_formula(x) for x in ["=1", " +x", "\t-a"])
    for text in HOSTILE:
        assert is_risky(text), text
    for text in BENIGN:
        assert not is_risky(text), text


def test_neutralise_handles_every_column_type_and_keeps_numbers():
    df = hostile_frame()
    out = neutralise(df)
    k = len(HOSTILE)
    for col in ["object", "string", "arrow_string", "arrow_dtype", "category"]:
        assert out[col].tolist()[k:] == BENIGN, col  # benign text untouched
        for before, after in zip(HOSTILE, out[col].tolist()[:k], strict=True):
            assert after != before and after.replace("'", "") == before.replace("'", "")
            # every line of the cell is now inert
            assert not any(slow_is_formula(line) for line in re.split(r"[\r\n]", after)), after
    assert out["number"].tolist() == df["number"].tolist()
    assert out["int"].tolist() == df["int"].tolist()
    assert out["when"].tolist() == df["when"].tolist()
    assert out["flag"].tolist() == df["flag"].tolist()
    assert out.columns[-1] == "'=HEADER()"
    assert df["object"].iloc[0] == "=1+1"  # input not mutated


def _check_csv(raw: bytes, frame: pd.DataFrame) -> None:
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    # 1. Python's csv: one row per frame row, every cell inert, text exact but for the quote
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(frame) + 1
    header = rows[0]
    for row in rows:
        for cell in row:
            for line in re.split(r"[\r\n]", cell):
                assert not slow_is_formula(line), (cell, line)
    expected = neutralise(frame)
    for j, col in enumerate(expected.columns):
        assert header[j] == str(col)
        got = [r[j] for r in rows[1:]]
        want = expected[col]
        if pd.api.types.is_float_dtype(want) or pd.api.types.is_integer_dtype(want):
            assert [float(x) for x in got] == pytest.approx(want.astype(float).tolist())
        elif want.dtype == object:
            assert got == ["" if v is None or v is pd.NA else str(v) for v in want], col
    # 2. a reader that splits at every CR / LF and ignores quotes: still nothing live
    for cell in naive_cells(text):
        assert not slow_is_formula(cell), cell
    # 3. numbers are written as numbers (unquoted)
    assert re.search(r",-12\.5,", text)


def _unescape_ooxml(value):
    if isinstance(value, str):
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)
    return value


def _check_xlsx(raw: bytes, frames: dict[str, pd.DataFrame]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == list(frames)
    for name, frame in frames.items():
        ws = wb[name]
        rows = list(ws.iter_rows())
        assert len(rows) == len(frame) + 1
        for j, col in enumerate(frame.columns):
            head = rows[0][j]
            assert head.value == col and head.data_type == "s"
            assert head.quotePrefix == bool(is_risky(col))
            for i, row in enumerate(rows[1:]):
                cell = row[j]
                assert cell.data_type != "f"  # never a formula
                want = frame[col].iloc[i]
                got = _unescape_ooxml(cell.value)
                if want == "":
                    assert got is None  # Excel has no empty text: a blank cell
                elif isinstance(want, str):
                    assert cell.data_type == "s"
                    assert got == want  # exact text, no visible quote
                    # risky text carries Excel's hidden quote prefix, nothing else does
                    assert cell.quotePrefix == is_risky(want), want
                elif isinstance(want, (float, np.floating, int, np.integer)) and not isinstance(
                    want, bool
                ):
                    assert got == pytest.approx(float(want))
    # pandas / calamine read the same text back
    for name, frame in frames.items():
        back = pd.read_excel(io.BytesIO(raw), sheet_name=name, engine="calamine")
        for col in ["object", "category"]:
            if col in frame:
                got = [_unescape_ooxml(v) for v in back[col].fillna("").tolist()]
                assert got == frame[col].astype(object).fillna("").tolist()


def test_round_trip_hostile_frame():
    df = hostile_frame()
    _check_csv(to_csv_bytes(df), df)
    _check_xlsx(to_excel_bytes({"s1": df, "s2": df.head(3)}), {"s1": df, "s2": df.head(3)})


def test_csv_bare_carriage_return_cannot_start_a_row():
    # the finding: the dropped-rows CSV wrote this cell unquoted, so "+cmd" began a row
    df = pd.DataFrame({"order_time": ["not a date\r+cmd|' /C calc'!A0"], "amount": ["x"]})
    text = to_csv_bytes(df).decode("utf-8-sig")
    assert "\"not a date\r'+cmd|' /C calc'!A0\"" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["not a date\r'+cmd|' /C calc'!A0", "x"]


def test_excel_index_and_sheet_names():
    df = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.Index(["=a", "b"], name="k"))
    raw = to_excel_bytes({"a/b:c" * 10: df, "a/b:c" * 10 + "x": df}, index=True)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert len(wb.sheetnames) == 2 and all(len(s) <= 31 for s in wb.sheetnames)
    ws = wb[wb.sheetnames[0]]
    assert ws["A2"].value == "=a" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    csv_text = to_csv_bytes(df, index=True).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(csv_text)))[1] == ["'=a", "1.0"]


def test_old_behaviour_kept_for_plain_frames():
    df = pd.DataFrame({"渠道": ["直播", '=HYPERLINK("x")'], "v": [1, 2]})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(df)), encoding="utf-8-sig")
    assert back["渠道"].tolist() == ["直播", '\'=HYPERLINK("x")']
    assert back["v"].tolist() == [1, 2]
    raw = to_excel_bytes(df)
    assert_frame_equal(
        pd.read_excel(io.BytesIO(raw), engine="calamine"), df, check_dtype=False
    )  # exact: no visible quote in Excel


@pytest.fixture(scope="module")
def hostile_prices() -> pd.DataFrame:
    ds = ingest.load(ROOT / "sample_data" / "prices.csv")
    frame = ds.frame.copy()
    sellers = frame["seller"].astype(str)
    first = sellers.iloc[0]
    frame["seller"] = sellers.where(sellers != first, '=HYPERLINK("https://evil.example")')
    return frame


def test_price_changes_and_drops_exports(hostile_prices):
    # the finding: category columns made export.neutralise raise TypeError, so these
    # two downloads produced no file
    feed = pr.price_changes(hostile_prices)
    drops = pr.classify_drops(hostile_prices)
    summary = pr.drop_summary(drops)
    assert any(isinstance(feed[c].dtype, pd.CategoricalDtype) for c in feed.columns) or any(
        isinstance(drops[c].dtype, pd.CategoricalDtype) for c in drops.columns
    )
    for frame in (feed, drops):
        raw = to_csv_bytes(frame)
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert len(rows) == len(frame) + 1
        for row in rows:
            assert not any(slow_is_formula(c) for c in row)
        assert any("'=HYPERLINK" in c for row in rows for c in row) or frame.empty
    raw = to_excel_bytes({"drops": drops, "by_seller": summary})
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    for ws in wb.worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    sheet = wb["drops"]
    assert sheet.max_row == len(drops) + 1


def test_dropped_rows_of_an_import_export_safely():
    # the finding, end to end: an unparseable date holding a bare CR and a formula
    raw = (
        b"order_id,customer_id,order_time,amount\n"
        b"A1,c1,\"not a date\r+cmd|' /C calc'!A0\",10\n"
        b"A2,c2,2024-01-01 10:00,5\n"
        b"A3,c3,2024-01-02 10:00,7\n"
    )
    ds = ingest.load(raw, filename="orders.csv", kind="orders")
    rejected = ds.report.rejected
    assert rejected is not None and len(rejected) >= 1
    text = to_csv_bytes(rejected).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(rejected) + 1
    for cell in [c for row in rows for c in row] + naive_cells(text):
        for line in re.split(r"[\r\n]", cell):
            assert not slow_is_formula(line), line
    assert any("'+cmd" in c for row in rows for c in row)
