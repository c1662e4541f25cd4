"""Broken and hostile files (#14 item 5): each gives a clear error or a correct result, fast.

Every file is generated here at its real shape (20,000 copies of one column name, a 50 MB
line, a zip holding a gzip that expands to 77M rows ...). Results are checked against
values worked out by hand, and row accounting (read = kept + dropped, each drop with a
reason) wherever rows are dropped.
"""

from __future__ import annotations

import gzip
import io
import time
import zipfile

import numpy as np
import pandas as pd
import pytest

from analytics import messages
from analytics.coerce import DATE_MAX, DATE_MIN, to_datetime, to_number
from analytics.ingest import _fix_header, load, to_canonical
from analytics.readers import Limits, _fix_names, read_table
from analytics.schema import IngestError

pytestmark = pytest.mark.timeout(60)

HEADER = "order_id,customer_id,order_time,amount"
MAPPING = {"order_id": "order_id", "customer_id": "customer_id", "order_time": "order_time"}
MAPPING["amount"] = "amount"


def orders_lines(n: int, start: int = 0) -> list[str]:
    return [f"O{i},C{i % 7},2024-06-{1 + i % 28:02d} 10:00:00,{10 + i}.5" for i in range(start, n)]


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def accounted(ds) -> None:
    """rows_read = kept + dropped, the frame holds the kept rows, every drop has a reason."""
    r = ds.report
    assert r.rows_read == r.rows_kept + r.rows_dropped
    assert len(ds.frame) == r.rows_kept
    assert r.rows_dropped == sum(x.count for x in r.reasons.values() if x.dropped)


def error_code(excinfo) -> str:
    return excinfo.value.code


# --------------------------------------------------------------------------- column names


def _fix_names_slow(names: list[str]) -> list[str]:
    """The obvious quadratic renaming: the first free ``name (k)``, k = 2, 3, ..."""
    out = [n.strip() or f"column_{i + 1}" for i, n in enumerate(names)]
    taken, seen = set(out), set()
    for i, v in enumerate(out):
        if v in seen:
            k = 2
            while f"{v} ({k})" in taken:
                k += 1
            out[i] = f"{v} ({k})"
            taken.add(out[i])
        seen.add(out[i])
    return out


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(["a", "a", "a (2)", "a", "b", "", "a (3)", "a"], id="collisions"),
        pytest.param(["x"] * 50 + ["x (10)", "x (2)"] + ["x"] * 5, id="taken-suffixes"),
        pytest.param(["", "", "column_2", "y", "y"], id="blanks"),
    ],
)
def test_fix_names_same_as_slow_renaming(names):
    assert _fix_names(names, []) == _fix_names_slow(names)


def test_header_of_20000_copies_of_one_name(tmp_path):
    n = 20_000
    rows = [",".join(str(i * n + j) for j in range(n)) for i in range(3)]
    path = write(tmp_path, "dups.csv", ",".join(["amount"] * n) + "\n" + "\n".join(rows) + "\n")
    assert path.stat().st_size > 64 * 1024  # longer than the reader's usual sample
    start = time.perf_counter()
    raw = read_table(path)
    elapsed = time.perf_counter() - start
    cols = list(raw.frame.columns)
    assert cols == ["amount"] + [f"amount ({k})" for k in range(2, n + 1)]
    assert raw.frame.shape == (3, n)
    assert raw.frame.iloc[2, n - 1] == 2 * n + n - 1
    renamed = dict(raw.notes)["renamed_columns"]
    assert renamed["n"] == n - 1
    assert elapsed < 30


def test_too_many_columns_refused():
    text = ",".join(f"c{j}" for j in range(300)) + "\n" + ",".join("1" * 300) + "\n"
    with pytest.raises(IngestError) as err:
        read_table(text.encode(), "wide.csv", limits=Limits(max_columns=100))
    assert error_code(err) == "too_many_columns"
    assert err.value.params["n"] == "300"


# --------------------------------------------------------------------------- long lines and cells


def test_50mb_line_refused_with_its_line_number(tmp_path):
    body = [HEADER, *orders_lines(100), "x" * 50_000_000, *orders_lines(110, 100)]
    path = write(tmp_path, "long.csv", "\n".join(body) + "\n")
    start = time.perf_counter()
    with pytest.raises(IngestError) as err:
        load(path, kind="orders", mapping=MAPPING)
    assert time.perf_counter() - start < 20
    assert error_code(err) == "line_too_long"
    assert err.value.params["line"] == 102  # header = line 1, 100 rows, then the long one
    assert "47.7" in str(err.value)  # its size in MB


def test_50mb_cell_refused_and_file_of_one_50mb_line(tmp_path):
    cell = (
        HEADER
        + ",note\n"
        + 'O1,C1,2024-06-01,1.0,"'
        + "y" * 50_000_000
        + '"\nO2,C2,2024-06-02,2,ok\n'
    )
    with pytest.raises(IngestError) as err:
        read_table(write(tmp_path, "cell.csv", cell))
    assert error_code(err) == "line_too_long" and err.value.params["line"] == 2
    # no line break at all: a 50 MB "header" of 12.5 million fields
    with pytest.raises(IngestError) as err:
        read_table(write(tmp_path, "oneline.csv", "a,b," * 12_500_000))
    assert error_code(err) == "line_too_long" and err.value.params["line"] == 1


def test_large_cell_under_the_limit_is_read(tmp_path):
    # a 3 MB quoted cell: longer than the parser's block, read in full
    big = "z" * 3_000_000
    text = "\n".join([HEADER + ",note", *[f"{r},n" for r in orders_lines(5)]])
    text += f'\nO9,C9,2024-06-09 10:00:00,9.5,"{big}"\n' + "\n".join(
        f"{r},n" for r in orders_lines(12, 10)
    )
    path = write(tmp_path, "bigcell.csv", text + "\n")
    frame = read_table(path).frame
    assert len(frame) == 5 + 1 + 2
    assert frame["note"].iloc[5] == big
    assert frame["amount"].tolist()[-1] == 21.5
    with pytest.raises(IngestError) as err:
        read_table(path, limits=Limits(max_line_bytes=1 << 20))
    assert error_code(err) == "line_too_long" and err.value.params["line"] == 7


# --------------------------------------------------------------------------- quotes


@pytest.mark.parametrize("col", [0, 1, 2, 3], ids=["order_id", "customer", "time", "amount"])
def test_unterminated_quote_reported_with_its_line(col):
    lines = [HEADER, *orders_lines(100)]
    parts = lines[21].split(",")
    parts[col] = '"' + parts[col]
    lines[21] = ",".join(parts)
    with pytest.raises(IngestError) as err:
        load(("\n".join(lines) + "\n").encode(), "q.csv", kind="orders", mapping=MAPPING)
    assert error_code(err) == "unterminated_quote"
    assert err.value.params["line"] == 22
    assert err.value.params["n"] == 100 - 21  # the lines it would have swallowed


def test_multiline_quoted_cells_are_still_read():
    # a last cell holding lines that look like rows, but closed: read as it is
    text = HEADER + ',note\nO1,C1,2024-06-01,1,"x\nO2,C2,2024-06-02,2,y\nO3,C3,2024-06-03,3,z"\n'
    assert read_table(text.encode(), "ok.csv").frame["note"].tolist() == [
        "x\nO2,C2,2024-06-02,2,y\nO3,C3,2024-06-03,3,z"
    ]
    text = (
        HEADER + ',note\nO1,C1,2024-06-01,1,"first line\nsecond, line"\nO2,C2,2024-06-02,2,"a\nb"\n'
    )
    frame = read_table(text.encode(), "ok.csv").frame
    assert frame["note"].tolist() == ["first line\nsecond, line", "a\nb"]


# --------------------------------------------------------------------------- header-less


def test_headerless_file_whose_first_row_is_numbers(tmp_path):
    # the first line's epoch seconds sit over a column of text dates: it used to crash
    lines = ["1001,1717200000,10.5"] + [
        f"{1001 + i},2024-06-{1 + i % 28:02d} 10:00:00,{i}.5" for i in range(1, 60)
    ]
    raw = read_table(write(tmp_path, "nohdr.csv", "\n".join(lines) + "\n"))
    mapping = {"order_id": "column_1", "order_time": "column_2", "amount": "column_3"}
    ds = to_canonical(raw, "orders", mapping)
    accounted(ds)
    assert ds.report.rows_read == 60
    kept = ds.frame.set_index("order_id")
    assert kept.loc["1002", "order_time"] == pd.Timestamp("2024-06-02 10:00")
    assert kept.loc["1002", "amount"] == 1.5
    # the first line is either read as data or dropped with a reason, never lost silently
    if "1001" not in kept.index:
        assert ds.report.rejected["_row"].tolist() == [1]


def test_headerless_first_line_values_kept_exactly():
    # the first line, taken as names, goes back as data with its own value, never rounded
    # (2.5 over whole numbers) nor turned True ("0" over booleans)
    frame = pd.DataFrame({"1001": [1002, 1003], "0": [True, False], "2.5": [3, 4]})
    out = _fix_header(frame, [])
    assert out["column_1"].tolist() == [1001, 1002, 1003]
    assert out["column_2"].tolist() == [False, True, False]
    assert out["column_3"].tolist() == [2.5, 3.0, 4.0]


def test_headerless_numbers_in_a_frame_with_numeric_names():
    frame = pd.DataFrame({"1001": [1002, 1003], "1,5": [2, 3], "20240601": ["2024-06-02", "x"]})
    ds = to_canonical(
        frame, "orders", {"order_id": "column_1", "order_time": "column_3"} | {"amount": "column_2"}
    )
    accounted(ds)
    assert ds.report.rows_read == 3


# --------------------------------------------------------------------------- numbers


def test_non_finite_amounts_dropped_with_a_reason(tmp_path):
    lines = [HEADER + ",unit_price", *[f"{r},1" for r in orders_lines(20)]]
    lines[3] = "O2,C2,2024-06-03 10:00:00,1e309,1"
    lines[5] = "O4,C4,2024-06-05 10:00:00,inf,2"
    lines[6] = "O5,C5,2024-06-06 10:00:00,-inf,inf"
    lines[8] = "O7,C0,2024-06-08 10:00:00,17.5,-1e400"
    ds = load(write(tmp_path, "inf.csv", "\n".join(lines) + "\n"), kind="orders")
    accounted(ds)
    reason = ds.report.reasons["non_finite:amount"]
    assert reason.dropped and reason.count == 3 and reason.rows == (3, 5, 6)
    assert np.isfinite(ds.frame["amount"]).all()
    assert set(ds.frame["order_id"]) == {f"O{i}" for i in range(20)} - {"O2", "O4", "O5"}
    # an optional column: kept, blanked, flagged with its own reason
    opt = ds.report.reasons["non_finite_optional:unit_price"]
    assert not opt.dropped and opt.count == 1 and opt.rows == (8,)
    assert pd.isna(ds.frame.set_index("order_id").loc["O7", "unit_price"])
    assert ds.frame.set_index("order_id").loc["O7", "amount"] == 17.5


def test_non_finite_text_and_float_columns():
    causes: dict = {}
    values, bad = to_number(
        pd.Series(["¥12", "inf", "-Infinity", "1e309", "", "nan"]), causes=causes
    )
    assert values.tolist()[0] == 12 and values.iloc[1:].isna().all()
    assert bad.tolist() == [False, True, True, True, False, False]
    assert causes["non_finite"].tolist() == [False, True, True, True, False, False]
    causes = {}
    values, bad = to_number(pd.Series([1.0, np.inf, np.nan, -np.inf]), causes=causes)
    assert bad.tolist() == [False, True, False, True]
    assert causes["non_finite"].tolist() == [False, True, False, True]


@pytest.mark.parametrize(
    "cells, expected, conflicts",
    [
        pytest.param(
            ["1,234.50", "1.234,5", "2,000.25", "7.5"],
            [1234.5, None, 2000.25, 7.5],
            [False, True, False, False],
            id="dot-column",
        ),
        pytest.param(
            ["1.234,50", "1,234.5", "2.000,25", "7,5"],
            [1234.5, None, 2000.25, 7.5],
            [False, True, False, False],
            id="comma-column",
        ),
        pytest.param(["1,234.50", "1.234,5"], [1234.5, None], [False, True], id="tie-reads-dot"),
        pytest.param(["12,34,567.00", "5"], [1234567.0, 5.0], [False, False], id="lakh"),
    ],
)
def test_mixed_decimal_marks_one_convention_per_column(cells, expected, conflicts):
    causes: dict = {}
    values, bad = to_number(pd.Series(cells, dtype="str"), causes=causes)
    want = pd.Series([np.nan if v is None else v for v in expected])
    pd.testing.assert_series_equal(values.reset_index(drop=True), want, check_names=False)
    assert causes.get("decimal_conflict", np.zeros(len(cells), bool)).tolist() == conflicts
    assert bad.tolist() == conflicts


def test_mixed_decimal_marks_in_an_import(tmp_path):
    # never one of them read 1,000 times too small: the minority cell is dropped with a reason
    lines = [HEADER] + [
        f'O{i},C{i},2024-06-{1 + i:02d},"{v}"'
        for i, v in enumerate(["1,234.50", "2,500.00", "1.234,5", "99.95", "3,000.10"])
    ]
    ds = load(write(tmp_path, "dec.csv", "\n".join(lines) + "\n"), kind="orders", mapping=MAPPING)
    accounted(ds)
    assert ds.frame["amount"].tolist() == [1234.5, 2500.0, 99.95, 3000.1]
    r = ds.report.reasons["decimal_conflict:amount"]
    assert r.dropped and r.count == 1 and r.rows == (3,)
    note = dict(ds.report.notes)["decimal_conflict"]
    assert note["example"] == "1.234,5" and note["n"] == 1


# --------------------------------------------------------------------------- dates


def test_out_of_range_dates_dropped_with_a_reason(tmp_path):
    lines = [HEADER, *orders_lines(30)]
    lines[2] = "O1,C1,9999-12-31,5"
    lines[4] = "O3,C3,0001-01-01 00:00:00,5"
    lines[6] = "O5,C5,1969-12-31 23:59:59,5"
    lines[8] = "O7,C0,2100-01-01,5"
    ds = load(write(tmp_path, "dates.csv", "\n".join(lines) + "\n"), kind="orders")
    accounted(ds)
    r = ds.report.reasons["date_out_of_range:order_time"]
    assert r.dropped and r.count == 4 and r.rows == (2, 4, 6, 8)
    t = ds.frame["order_time"]
    assert t.min() >= DATE_MIN and t.max() < DATE_MAX
    assert len(ds.frame) == 26


def test_out_of_range_in_datetime_and_numeric_columns():
    causes: dict = {}
    s = pd.Series(pd.to_datetime(["2024-01-01", "9999-12-31", None]).astype("datetime64[us]"))
    values, bad = to_datetime(s, causes=causes)
    assert bad.tolist() == [False, True, False]
    assert causes["date_out_of_range"].tolist() == [False, True, False]
    # Unix seconds: 9,000,000,000 is in 2255
    values, bad = to_datetime(pd.Series([1718000000, 9_000_000_000], dtype="int64"))
    assert values.iloc[0] == pd.Timestamp(1718000000, unit="s")
    assert bad.tolist() == [False, True]


# --------------------------------------------------------------------------- time zones


def tz_file(tmp_path, times: list[str]):
    lines = [HEADER] + [f"O{i},C{i},{t},{i + 1}" for i, t in enumerate(times)]
    return write(tmp_path, "tz.csv", "\n".join(lines) + "\n")


def test_uniform_offset_keeps_the_shops_local_time(tmp_path):
    path = tz_file(tmp_path, ["2024-06-18T01:30:00+08:00", "2024-06-18 23:30:00+08:00"])
    ds = load(path, kind="orders", mapping=MAPPING)
    assert ds.frame["order_time"].tolist() == [
        pd.Timestamp("2024-06-18 01:30"),
        pd.Timestamp("2024-06-18 23:30"),
    ]
    assert dict(ds.report.notes)["tz_local"]["offset"] == "+08:00"
    # a time zone picked by the user converts them
    ds = load(path, kind="orders", mapping=MAPPING, tz="UTC")
    assert ds.frame["order_time"].tolist() == [
        pd.Timestamp("2024-06-17 17:30"),
        pd.Timestamp("2024-06-18 15:30"),
    ]
    ds = load(path, kind="orders", mapping=MAPPING, tz="Europe/London")  # BST = UTC+1
    assert ds.frame["order_time"].iloc[0] == pd.Timestamp("2024-06-17 18:30")
    assert dict(ds.report.notes)["tz_converted"]["tz"] == "Europe/London"


def test_mixed_offsets_normalised_to_the_most_common(tmp_path):
    times = [
        "2024-06-18T01:30:00+08:00",
        "2024-06-18T01:30:00+02:00",  # = 07:30 at +08:00
        "2024-06-18 03:30:00+0800",
        "2024-06-17T20:00:00Z",  # = 2024-06-18 04:00 at +08:00
        "2024-06-18T09:00:00+08:00",
    ]
    ds = load(tz_file(tmp_path, times), kind="orders", mapping=MAPPING)
    accounted(ds)
    # computed another way: to UTC with pandas, then to UTC+8
    want = [
        (pd.Timestamp(t.replace(" ", "T").replace("+0800", "+08:00")).tz_convert("UTC"))
        .tz_convert("Etc/GMT-8")
        .tz_localize(None)
        for t in times
    ]
    assert ds.frame["order_time"].tolist() == want
    note = dict(ds.report.notes)["tz_mixed"]
    assert note["offset"] == "+08:00" and note["n"] == 2
    assert note["offsets"] == "+00:00, +02:00, +08:00"


def test_utc_and_z_values_keep_utc_wall_time(tmp_path):
    ds = load(
        tz_file(tmp_path, ["2024-06-18T01:30:00Z", "2024-06-18 02:00:00 UTC"]),
        kind="orders",
        mapping=MAPPING,
    )
    assert ds.frame["order_time"].tolist() == [
        pd.Timestamp("2024-06-18 01:30"),
        pd.Timestamp("2024-06-18 02:00"),
    ]
    assert [c for c, _ in ds.report.notes if c.startswith("tz_")] == ["tz_utc"]
    ds = load(
        tz_file(tmp_path, ["2024-06-18T01:30:00Z", "2024-06-18 02:00:00 UTC"]),
        kind="orders",
        mapping=MAPPING,
        tz="Asia/Shanghai",
    )
    assert ds.frame["order_time"].iloc[0] == pd.Timestamp("2024-06-18 09:30")


def test_utc_column_with_a_later_offset_stays_local(tmp_path):
    # the first rows say UTC; a later +08:00 value must not be silently converted
    times = ["2024-06-18 01:00:00 UTC"] * 300 + ["2024-06-18 01:30:00+08:00"] * 100
    ds = load(tz_file(tmp_path, times), kind="orders", mapping=MAPPING)
    assert ds.frame["order_time"].iloc[0] == pd.Timestamp("2024-06-18 01:00")
    # 100 values moved from +08:00 to the column's most common offset, UTC
    assert ds.frame["order_time"].iloc[-1] == pd.Timestamp("2024-06-17 17:30")
    note = dict(ds.report.notes)["tz_mixed"]
    assert note["offset"] == "+00:00" and note["n"] == 100


def test_parquet_times_in_a_named_zone_keep_local_time(tmp_path):
    path = tmp_path / "t.parquet"
    t = pd.DatetimeIndex(["2024-06-18 01:30", "2024-06-18 23:30"]).tz_localize("Asia/Shanghai")
    pd.DataFrame({"t": t, "u": t.tz_convert("UTC")}).to_parquet(path)
    raw = read_table(path)
    want = [pd.Timestamp("2024-06-18 01:30"), pd.Timestamp("2024-06-18 23:30")]
    assert raw.frame["t"].tolist() == want
    assert raw.frame["u"].tolist() == [x - pd.Timedelta(hours=8) for x in want]
    assert ("tz_utc", {"column": "u"}) in raw.notes


def test_unknown_time_zone_is_a_clear_error(tmp_path):
    with pytest.raises(IngestError) as err:
        load(tz_file(tmp_path, ["2024-06-18T01:30:00+08:00"]), kind="orders", tz="Mars/Base")
    assert error_code(err) == "unknown_tz"


# --------------------------------------------------------------------------- archives


def _gzip_of_rows(rows: int, repeat: int) -> bytes:
    """A gzip whose ``repeat`` members each hold ``rows`` order lines (gzip streams may be
    concatenated): ``rows * repeat`` lines from a small file, made in a fraction of a second."""
    line = "O1,C1,2024-06-01 10:00:00,10.5\n"  # a bomb repeats one row
    member = gzip.compress((line * rows).encode(), compresslevel=9)
    return gzip.compress((HEADER + "\n").encode()) + member * repeat


def test_zip_holding_a_gzip_bomb_stopped_by_the_ratio(tmp_path):
    bomb = _gzip_of_rows(1_000_000, 77)  # 77M rows, about 3 GB once expanded
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("orders.csv.gz", bomb)
    data = buf.getvalue()
    assert len(data) < 10 * 1024**2
    path = write(tmp_path, "orders.zip", data)
    start = time.perf_counter()
    with pytest.raises(IngestError) as err:
        load(path)
    assert time.perf_counter() - start < 10
    assert error_code(err) == "ratio_exceeded"
    assert err.value.params["ratio"] == "250"
    assert "ANALYTICS_MAX_RATIO" in str(err.value)


def test_workbook_whose_parts_expand_too_far(tmp_path):
    # an .xlsx is a zip: a sheet part of 40 MB of one repeated cell, a few KB compressed
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<c><v>1</v></c>" * 2_700_000)
    with pytest.raises(IngestError) as err:
        read_table(buf.getvalue(), "bomb.xlsx")
    assert error_code(err) == "ratio_exceeded"


def test_rows_and_size_caps_while_unpacking():
    data = _gzip_of_rows(10_000, 3)  # 30,000 rows
    with pytest.raises(IngestError) as err:
        read_table(data, "o.csv.gz", limits=Limits(max_rows=25_000, max_ratio=1e9))
    assert error_code(err) == "too_many_rows"
    assert err.value.params["limit"] == "25,000"
    with pytest.raises(IngestError) as err:
        read_table(data, "o.csv.gz", limits=Limits(max_bytes=100_000, max_ratio=1e9))
    assert error_code(err) == "too_large"
    raw = read_table(data, "o.csv.gz", limits=Limits(max_rows=30_000, max_ratio=1e9))
    assert len(raw.frame) == 30_000


def test_rows_cap_for_plain_and_parquet_files(tmp_path):
    text = HEADER + "\n" + "\n".join(orders_lines(1000)) + "\n"
    with pytest.raises(IngestError) as err:
        read_table(text.encode(), "o.csv", limits=Limits(max_rows=999))
    assert error_code(err) == "too_many_rows"
    assert len(read_table(text.encode(), "o.csv", limits=Limits(max_rows=1000)).frame) == 1000
    path = tmp_path / "o.parquet"
    pd.DataFrame({"a": np.arange(1000)}).to_parquet(path)
    with pytest.raises(IngestError) as err:
        read_table(path, limits=Limits(max_rows=500))
    assert error_code(err) == "too_many_rows"


def test_archives_nested_too_deep():
    data = gzip.compress((HEADER + "\n" + "\n".join(orders_lines(5)) + "\n").encode())
    for _ in range(3):
        data = gzip.compress(data)
    with pytest.raises(IngestError) as err:
        read_table(data, "deep.csv.gz.gz.gz.gz")
    assert error_code(err) == "archive_too_deep"
    # three levels are fine (a .csv.gz inside a .zip inside ...)
    ok = gzip.compress(
        gzip.compress(gzip.compress((HEADER + "\n" + "\n".join(orders_lines(5))).encode()))
    )
    assert len(read_table(ok, "x.csv.gz").frame) == 5


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv("ANALYTICS_MAX_ROWS", "123")
    monkeypatch.setenv("ANALYTICS_MAX_RATIO", "50")
    monkeypatch.setenv("ANALYTICS_MAX_LINE_MB", "2")
    lim = Limits()
    assert (lim.max_rows, lim.max_ratio, lim.max_line_bytes) == (123, 50.0, 2 * 1024**2)


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    "key",
    [
        k
        for k in messages.STRINGS
        if k.split(".")[-1].split("_optional")[0]
        in {
            "ratio_exceeded",
            "too_many_rows",
            "archive_too_deep",
            "line_too_long",
            "too_many_columns",
            "unterminated_quote",
            "unknown_tz",
            "non_finite",
            "decimal_conflict",
            "date_out_of_range",
            "tz_local",
            "tz_mixed",
            "tz_converted",
            "tz_naive_mixed",
            "tz_utc",
        }
    ],
)
def test_new_messages_in_both_languages(key):
    en, zh = messages.STRINGS[key]
    assert en and zh
    import re

    assert set(re.findall(r"\{(\w+)\}", en)) == set(re.findall(r"\{(\w+)\}", zh))
