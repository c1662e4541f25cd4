"""analytics.readers: every format, encoding and layout; every bad input; the real files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analytics import messages
from analytics.readers import RawTable, read_table, sniff_format
from analytics.schema import IngestError
from tests.analytics.fixtures_files import (
    ORDERS_HEADER,
    ORDERS_ROWS,
    corrupt,
    csv_text,
    gz_bytes,
    write_bytes,
    write_encrypted_xlsx,
    write_gz,
    write_parquet,
    write_text,
    write_xls,
    write_xlsx,
    xls_bytes,
)

ZH_HEADER = ["订单编号", "客户", "下单时间", "金额", "渠道"]
ZH_ROWS = [
    ["A1", "张三", "2025-03-04 10:11:12", 12.5, "直接访问"],
    ["A2", "李四", "2025-03-05 09:00:00", 8.0, "邮件"],
    ["A3", "王五", "2025-03-06 18:30:00", 99.95, "付费搜索"],
]


def expected(header, rows) -> pd.DataFrame:
    """The frame a reader should produce: text as str, times as datetime64[us], money float."""
    cols = list(zip(*rows, strict=True))
    out = {}
    for name, values in zip(header, cols, strict=True):
        if all(isinstance(v, float) for v in values):
            out[name] = pd.Series(values, dtype="float64")
        elif all(isinstance(v, str) and re.match(r"^\d{4}-\d\d-\d\d \d\d:", v) for v in values):
            out[name] = pd.to_datetime(pd.Series(values)).astype("datetime64[us]")
        else:
            out[name] = pd.Series(values, dtype="str")
    return pd.DataFrame(out)


def note_codes(raw: RawTable) -> list[str]:
    return [code for code, _ in raw.notes]


def note(raw: RawTable, code: str) -> dict:
    return next(params for c, params in raw.notes if c == code)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        pytest.param("utf-8", "utf-8", id="utf8"),
        pytest.param("utf-8-sig", "utf-8-sig", id="utf8-bom"),
        pytest.param("gbk", "gb18030", id="gbk"),
        pytest.param("gb18030", "gb18030", id="gb18030"),
        pytest.param("utf-16", "utf-16", id="utf16-le-bom"),
        pytest.param("utf-16-be-bom", "utf-16", id="utf16-be-bom"),
    ],
)
def test_encodings_with_chinese_headers(tmp_path, encoding, reported):
    text = csv_text(ZH_HEADER, ZH_ROWS)
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    path = write_bytes(tmp_path, "orders.csv", data)
    raw = read_table(path)
    assert_frame_equal(raw.frame, expected(ZH_HEADER, ZH_ROWS))
    assert raw.encoding == reported
    assert raw.delimiter == ","
    assert raw.header is True and raw.first_line == 2
    if reported not in ("utf-8", "utf-8-sig"):
        assert note(raw, "encoding") == {"encoding": reported}


def test_gbk_larger_file_detected(tmp_path):
    rng = np.random.default_rng(1)
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"]
    cities = ["北京", "上海", "广州", "深圳", "杭州", "成都"]
    rows = [
        [f"T{i:05d}", names[i % 8], cities[i % 6], float(rng.integers(1, 500))] for i in range(400)
    ]
    header = ["订单号", "买家昵称", "收货城市", "实付金额"]
    path = write_text(tmp_path, "taobao.csv", csv_text(header, rows), "gbk")
    raw = read_table(path)
    assert raw.encoding == "gb18030"
    assert list(raw.frame.columns) == header
    assert raw.frame["买家昵称"].tolist() == [r[1] for r in rows]
    assert raw.frame["实付金额"].sum() == pytest.approx(sum(r[3] for r in rows))


def test_utf16_without_bom(tmp_path):
    text = csv_text(ORDERS_HEADER, ORDERS_ROWS, sep="\t")
    raw = read_table(write_bytes(tmp_path, "export.txt", text.encode("utf-16-le")))
    assert raw.encoding == "utf-16-le"
    assert raw.delimiter == "\t"
    assert_frame_equal(raw.frame, expected(ORDERS_HEADER, ORDERS_ROWS))


def test_mixed_encoding_utf8_with_gbk_lines(tmp_path):
    rows = [[f"A{i}", f"客户{i}", float(i)] for i in range(1, 11)]
    lines = [",".join(["order_id", "客户", "amount"]).encode("utf-8")]
    for i, r in enumerate(rows):
        enc = "gbk" if i in (3, 7) else "utf-8"  # file lines 5 and 9
        lines.append(",".join(map(str, r)).encode(enc))
    path = write_bytes(tmp_path, "mixed.csv", b"\n".join(lines) + b"\n")
    raw = read_table(path)
    assert raw.frame["客户"].tolist() == [r[1] for r in rows]  # nothing replaced
    assert raw.encoding == "utf-8"
    params = note(raw, "mixed_encoding")
    assert params["main"] == "utf-8" and params["other"] == "gb18030"
    assert params["n"] == 2 and params["lines"] == "5, 9"


def test_mixed_encoding_beyond_the_sample(tmp_path):
    # The head and tail samples are pure UTF-8; a GBK line sits in the middle of a
    # >128 KB file: pyarrow's UTF-8 check finds it and the reader decodes line by line.
    rows = [[f"A{i}", "客户" if i != 10_000 else "张三", float(i)] for i in range(20_000)]
    out = [b"order_id,name,amount"]
    for i, r in enumerate(rows):
        out.append(",".join(map(str, r)).encode("gbk" if i == 10_000 else "utf-8"))
    data = b"\n".join(out) + b"\n"
    assert len(data) > 3 * 64 * 1024
    raw = read_table(data, "big.csv")
    assert len(raw.frame) == 20_000
    assert raw.frame.loc[10_000, "name"] == "张三"
    assert note(raw, "mixed_encoding")["lines"] == "10002"


def test_undecodable_lines_are_an_error_not_replaced(tmp_path):
    # A GBK file whose line 4 is neither valid GBK nor UTF-8 (0x81 must lead a 2- or 4-byte
    # GB18030 character): an error naming the line, never a replacement character.
    rows = [f"{i},{name}" for i, name in enumerate(["张伟", "王芳", "李娜", "刘洋", "陈静"])]
    data = ("id,名字\n" + "\n".join(rows[:2]) + "\n").encode("gbk") + b"9,\x81 bad\n"
    data += ("\n".join(rows[2:]) + "\n").encode("gbk")
    with pytest.raises(IngestError, match=r"could not be decoded.*lines 4;") as err:
        read_table(data, "bad.csv")
    assert err.value.code == "undecodable"


# --------------------------------------------------------------------------- delimiters and layouts


@pytest.mark.parametrize(
    ("sep", "name"),
    [
        pytest.param(",", "a.csv", id="comma"),
        pytest.param("\t", "a.tsv", id="tab"),
        pytest.param(";", "a.csv", id="semicolon"),
        pytest.param("|", "a.txt", id="pipe"),
    ],
)
def test_delimiters(tmp_path, sep, name):
    raw = read_table(write_text(tmp_path, name, csv_text(ORDERS_HEADER, ORDERS_ROWS, sep=sep)))
    assert raw.delimiter == sep
    assert_frame_equal(raw.frame, expected(ORDERS_HEADER, ORDERS_ROWS))


def test_quoted_delimiters_and_newlines(tmp_path):
    text = 'id,name,amount\r\n1,"Mug, large",3.5\r\n2,"Two\r\nlines",4\r\n3,"say ""hi""",5\r\n'
    raw = read_table(write_text(tmp_path, "q.csv", text))
    assert raw.frame["name"].tolist() == ["Mug, large", "Two\r\nlines", 'say "hi"']
    assert raw.frame["amount"].tolist() == [3.5, 4.0, 5.0]


def test_semicolon_with_decimal_comma(tmp_path):
    text = "datum;kanaal;omzet\n2025-01-01;Email;1,5\n2025-01-02;Direct;12,25\n"
    raw = read_table(write_text(tmp_path, "nl.csv", text))
    assert raw.delimiter == ";"
    assert raw.frame["omzet"].tolist() == [1.5, 12.25]
    assert "decimal_comma" in note_codes(raw)


def test_ga4_comment_lines(tmp_path):
    text = (
        "# ----------------------------------------\n"
        "# Traffic acquisition: Session default channel group\n"
        "# Account: Demo, Property: Store\n"
        "# Start date: 20240101\n"
        "# End date: 20240131\n"
        "# ----------------------------------------\n"
        "\n"
        "Session default channel group,Date,Sessions,Engaged sessions\n"
        "Organic Search,20240101,120,80\n"
        "Direct,20240101,40,22\n"
    )
    raw = read_table(write_text(tmp_path, "ga4.csv", text))
    assert note(raw, "comment_lines") == {"n": 6}
    assert raw.first_line == 9
    assert list(raw.frame.columns) == [
        "Session default channel group",
        "Date",
        "Sessions",
        "Engaged sessions",
    ]
    assert raw.frame["Sessions"].tolist() == [120, 40]


def test_ga4_second_section_is_noted(tmp_path):
    text = (
        "# Report\n\nChannel,Sessions\nDirect,10\nEmail,5\n\n"
        "# ----\n# Second table\n\nDevice,Users,New users\nmobile,3,1\n"
    )
    raw = read_table(write_text(tmp_path, "ga4.csv", text))
    assert raw.frame["Sessions"].tolist() == [10, 5]
    params = note(raw, "ignored_section")
    assert params["line"] == 7


def test_whitespace_aligned_text(tmp_path):
    text = (
        " customer_id  date      number_of_cds  dollar_value\r\n"
        " 00001        19970101  1              11.77\r\n"
        " 00002        19970112  1              12.00\r\n"
        " 00002        19970112  5              77.00\r\n"
    )
    raw = read_table(write_text(tmp_path, "cdnow.txt", text))
    assert raw.delimiter == r"\s+"
    expect = pd.DataFrame(
        {
            "customer_id": pd.Series(["00001", "00002", "00002"], dtype="str"),
            "date": [19970101, 19970112, 19970112],
            "number_of_cds": [1, 1, 5],
            "dollar_value": [11.77, 12.0, 77.0],
        }
    )
    assert_frame_equal(raw.frame, expect)


def test_headerless_file(tmp_path):
    text = " 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n 00005 0002 19970102  1   9.99\r\n"
    raw = read_table(write_text(tmp_path, "sample.txt", text))
    assert raw.header is False and raw.first_line == 1
    assert list(raw.frame.columns) == [f"column_{i}" for i in range(1, 6)]
    assert note(raw, "no_header")["n"] == 5
    assert raw.frame["column_1"].tolist() == ["00004", "00004", "00005"]
    assert raw.frame["column_5"].tolist() == [29.33, 29.73, 9.99]


def test_headerless_comma_file_with_text_columns(tmp_path):
    text = "A1,view,2025-01-01 10:00:00,3\nA2,cart,2025-01-01 10:05:00,4\nA3,view,2025-01-01 10:09:00,5\n"
    raw = read_table(write_text(tmp_path, "events.csv", text))
    assert raw.header is False
    assert raw.frame["column_2"].tolist() == ["view", "cart", "view"]
    assert len(raw.frame) == 3


def test_short_rows_are_padded_and_noted(tmp_path):
    text = "a,b,c\n1,2,3\n4,5\n6,7,8\n9\n"
    raw = read_table(write_text(tmp_path, "short.csv", text))
    assert len(raw.frame) == 4
    assert raw.frame["c"].isna().tolist() == [False, True, False, True]
    assert raw.frame["a"].tolist() == [1, 4, 6, 9]
    assert note(raw, "padded_rows") == {"n": 2, "lines": "3, 5", "expected": 3}


def test_long_rows_are_an_error_with_line_numbers(tmp_path):
    text = "a,b,c\n1,2,3\n4,5,6,7\n8,9,10\n11,12,13,14,15\n"
    with pytest.raises(
        IngestError, match=r"more fields than the header's 3 columns \(lines 3, 5\)"
    ) as err:
        read_table(write_text(tmp_path, "long.csv", text))
    assert err.value.code == "too_many_fields"
    assert err.value.params["n"] == 2


def test_trailing_empty_fields_are_not_data(tmp_path):
    text = "a,b,c\n1,2,3,\n4,5,6,\n"
    raw = read_table(write_text(tmp_path, "trail.csv", text))
    assert list(raw.frame.columns) == ["a", "b", "c"]
    assert raw.frame["c"].tolist() == [3, 6]


def test_duplicate_and_blank_column_names(tmp_path):
    text = ",name,amount,name,,amount\n0,x,1.5,y,q,2.5\n1,z,3.0,w,r,4.0\n"
    raw = read_table(write_text(tmp_path, "dups.csv", text))
    assert list(raw.frame.columns) == [
        "column_1",
        "name",
        "amount",
        "name (2)",
        "column_5",
        "amount (2)",
    ]
    assert raw.frame["name (2)"].tolist() == ["y", "w"]
    assert raw.frame["amount (2)"].tolist() == [2.5, 4.0]
    assert note(raw, "renamed_columns") == {
        "n": 2,
        "columns": "name → name (2); amount → amount (2)",
    }
    assert note(raw, "blank_columns") == {"n": 2, "columns": "column_1, column_5"}


def test_types_ids_timestamps_and_utc(tmp_path):
    text = (
        "order_id,zip,big_id,when,when_utc,when_offset,flag,day\n"
        "1,02134,123456789012345678901,2025-03-04 10:11:12,2019-10-01 00:00:00 UTC,"
        "2025-01-01T08:00:00+08:00,true,2025-01-01\n"
        "2,10001,123456789012345678902,2025-03-05 11:00:00,2019-10-01 02:30:15 UTC,"
        "2025-01-01T09:30:00Z,false,2025-01-02\n"
    )
    frame = read_table(write_text(tmp_path, "types.csv", text)).frame
    assert frame["order_id"].dtype == "int64"
    assert frame["zip"].tolist() == ["02134", "10001"]
    assert frame["big_id"].tolist() == ["123456789012345678901", "123456789012345678902"]
    assert frame["when"].dtype == "datetime64[us]"
    assert frame["when_utc"].tolist() == [
        pd.Timestamp("2019-10-01 00:00:00"),
        pd.Timestamp("2019-10-01 02:30:15"),
    ]
    assert frame["when_utc"].dt.tz is None
    # times with offsets stay text: the ingest keeps their local time (#14, test_hostile.py)
    assert frame["when_offset"].tolist() == ["2025-01-01T08:00:00+08:00", "2025-01-01T09:30:00Z"]
    assert frame["flag"].tolist() == [True, False]
    assert frame["day"].dtype == "datetime64[us]"


def test_column_type_changes_after_first_block(tmp_path):
    # pyarrow infers types from the first block; a later value of another kind must widen the
    # column rather than fail.
    n = 120_000
    ints = [str(i) for i in range(n)]
    ints[-1] = "2.5"
    codes = [str(i % 7) for i in range(n)]
    codes[-2] = "X7"
    body = "\n".join(f"{a},{b}" for a, b in zip(ints, codes, strict=True))
    raw = read_table(("qty,code\n" + body + "\n").encode(), "late.csv")
    assert raw.frame["qty"].dtype == "float64"
    assert raw.frame["qty"].iloc[-1] == 2.5
    assert raw.frame["code"].iloc[-2] == "X7" and raw.frame["code"].iloc[0] == "0"
    assert len(raw.frame) == n


def test_column_types_from_the_first_rows_widen_when_later_rows_differ():
    """Every column's type comes from the first rows (given to pyarrow explicitly, which
    keeps its memory down); later values of another kind widen the column, none is lost."""
    n = 60_000
    late = n - 5
    disc = [""] * n  # empty at first: read as text, numbers later kept as written
    disc[late] = "7.5"
    flag = ["true" if i % 2 else "false" for i in range(n)]
    flag[late] = "yes"
    day = [f"2024-01-{1 + i % 28:02d}" for i in range(n)]
    day[late] = "soon"
    qty = [str(i % 5) for i in range(n)]
    qty[late] = "1e3"
    lines = [f"{a},{b},{c},{d}" for a, b, c, d in zip(disc, flag, day, qty, strict=True)]
    raw = read_table(("discount,flag,day,qty\n" + "\n".join(lines) + "\n").encode(), "late.csv")
    f = raw.frame
    assert len(f) == n
    assert f["discount"].iloc[late] == "7.5" and f["discount"].isna().sum() == n - 1
    assert f["flag"].iloc[late] == "yes" and f["flag"].iloc[1] == "true"
    assert f["day"].iloc[late] == "soon" and f["day"].iloc[0] == "2024-01-01"
    assert f["qty"].dtype == "float64" and f["qty"].iloc[late] == 1000.0 and f["qty"].iloc[4] == 4


# --------------------------------------------------------------------------- containers and binary formats


def test_csv_gz(tmp_path):
    path = write_gz(tmp_path, "orders.csv.gz", csv_text(ZH_HEADER, ZH_ROWS).encode("gb18030"))
    raw = read_table(path)
    assert raw.encoding == "gb18030"
    assert_frame_equal(raw.frame, expected(ZH_HEADER, ZH_ROWS))


def test_zip_with_one_csv_and_with_many():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("export/orders.csv", csv_text(ORDERS_HEADER, ORDERS_ROWS))
        zf.writestr("__MACOSX/export/._orders.csv", b"\x00\x05\x16\x07")
    raw = read_table(buf.getvalue(), "download.zip")
    assert_frame_equal(raw.frame, expected(ORDERS_HEADER, ORDERS_ROWS))
    assert note(raw, "zip_member") == {"member": "export/orders.csv"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.csv", "x\n1\n")
        zf.writestr("b.csv", "y\n2\n")
    with pytest.raises(IngestError, match=r"holds 2 files \(a.csv, b.csv\)") as err:
        read_table(buf.getvalue(), "two.zip")
    assert err.value.code == "zip_many"


def test_xlsx_two_sheets(tmp_path):
    from datetime import datetime

    first = [ORDERS_HEADER] + [
        [r[0], r[1], datetime.fromisoformat(r[2]), r[3], r[4]] for r in ORDERS_ROWS
    ]
    second = [["渠道", "花费"], ["搜索", 100], ["社交", 50.5]]
    path = write_xlsx(tmp_path, "book.xlsx", {"Orders": first, "花费": second})
    raw = read_table(path)
    assert raw.sheet == "Orders" and raw.sheet_names == ("Orders", "花费")
    assert raw.encoding is None and raw.delimiter is None
    assert_frame_equal(raw.frame, expected(ORDERS_HEADER, ORDERS_ROWS))
    assert note(raw, "sheet")["n"] == 2
    for choice in ("花费", 1):
        other = read_table(path, sheet=choice)
        assert other.sheet == "花费"
        assert other.frame["渠道"].tolist() == ["搜索", "社交"]
        assert other.frame["花费"].tolist() == [100.0, 50.5]
    with pytest.raises(IngestError, match="no sheet Nope. Its sheets are: Orders, 花费") as err:
        read_table(path, sheet="Nope")
    assert err.value.code == "sheet_not_found"


def test_xlsx_title_rows_and_empty_first_sheet(tmp_path):
    rows = [["Sales report 2025"], [], ["order_id", "amount"], ["A1", 3], ["A2", 4.5]]
    path = write_xlsx(tmp_path, "report.xlsx", {"Empty": [], "Data": rows})
    raw = read_table(path)
    assert raw.sheet == "Data"
    assert list(raw.frame.columns) == ["order_id", "amount"]
    assert raw.frame["amount"].tolist() == [3.0, 4.5]
    assert note(raw, "title_rows") == {"n": 1}
    assert raw.first_line == 4  # spreadsheet row of A1's order
    with pytest.raises(IngestError) as err:
        read_table(path, sheet="Empty")
    assert err.value.code == "sheet_empty"


def test_xls_legacy_workbook(tmp_path):
    import xlrd

    sheets = {
        "订单": [["order_id", "客户", "amount"], ["A1", "张三", 12.5], ["A2", "李四", 8]],
        "Other": [["x"], [1]],
    }
    path = write_xls(tmp_path, "legacy.xls", sheets)
    # An independent reader agrees that the hand-written file is a valid BIFF8 workbook.
    assert xlrd.open_workbook(str(path)).sheet_by_index(0).row_values(1) == ["A1", "张三", 12.5]
    raw = read_table(path)
    assert sniff_format(path.read_bytes(), path.name) == "xls"
    assert raw.sheet == "订单"
    expect = pd.DataFrame(
        {"order_id": ["A1", "A2"], "客户": ["张三", "李四"], "amount": [12.5, 8.0]}
    )
    assert_frame_equal(raw.frame, expect)
    assert read_table(path, sheet="Other").frame["x"].tolist() == [1.0]


def test_parquet(tmp_path):
    frame = pd.DataFrame(
        {
            "InvoiceNo": ["536365", "C536379"],
            "Quantity": pd.array([6, None], dtype="Int64"),
            "InvoiceDate": pd.to_datetime(["2010-12-01 08:26", "2010-12-01 09:41"]).tz_localize(
                "UTC"
            ),
        }
    )
    raw = read_table(write_parquet(tmp_path, "retail.parquet", frame))
    assert raw.encoding is None and raw.header is True
    assert raw.frame["InvoiceNo"].tolist() == ["536365", "C536379"]
    assert raw.frame["Quantity"].isna().tolist() == [False, True]
    assert raw.frame["InvoiceDate"].dt.tz is None
    assert raw.frame["InvoiceDate"].iloc[0] == pd.Timestamp("2010-12-01 08:26")


def test_sources_bytes_path_and_file_object(tmp_path):
    text = csv_text(ORDERS_HEADER, ORDERS_ROWS)
    path = write_text(tmp_path, "o.csv", text)
    expect = expected(ORDERS_HEADER, ORDERS_ROWS)
    assert_frame_equal(read_table(str(path)).frame, expect)
    assert_frame_equal(read_table(text.encode(), "o.csv").frame, expect)
    fh = io.BytesIO(text.encode())
    fh.name = "upload.csv"
    fh.read(5)  # a file object already read from is read from its start
    assert_frame_equal(read_table(fh).frame, expect)
    with pytest.raises(TypeError):
        read_table(12345)


@pytest.mark.parametrize(
    ("data", "name", "fmt"),
    [
        pytest.param(b"a,b\n1,2\n", "x.csv", "csv", id="csv"),
        pytest.param(gz_bytes(b"a\n1\n"), "x.csv.gz", "gzip", id="gzip"),
        pytest.param(b"PAR1\x15\x04", "x.parquet", "parquet", id="parquet"),
        pytest.param(
            b"PK\x03\x04\x14\x00[Content_Types].xml", "x.bin", "excel", id="xlsx-by-content"
        ),
        pytest.param(b"PK\x03\x04\x14\x00data.csv", "x.zip", "zip", id="zip"),
        pytest.param(b"PK\x03\x04\x14\x00data", "x.xlsx", "excel", id="xlsx-by-name"),
        pytest.param(xls_bytes({"S": [["a"], [1]]}), "x.xls", "xls", id="xls"),
        pytest.param(b"%PDF-1.7\n...", "x.csv", "binary", id="pdf"),
        pytest.param(bytes(range(256)) * 4, "x.csv", "binary", id="junk"),
        pytest.param("a\tb\n".encode("utf-16"), "x.txt", "csv", id="utf16"),
        pytest.param(b"", "x.csv", "empty", id="empty"),
    ],
)
def test_sniff_format(data, name, fmt):
    assert sniff_format(data, name) == fmt


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("data", "code", "pattern"),
    [
        pytest.param(b"", "empty", "no data rows", id="zero-bytes"),
        pytest.param(b"\n\n  \n", "empty", "no data rows", id="blank-lines"),
        pytest.param(b"\xef\xbb\xbf", "empty", "no data rows", id="bom-only"),
        pytest.param(b"# just a comment\n", "empty", "no data rows", id="comments-only"),
        pytest.param(
            b"order_id,amount\n",
            "no_rows",
            r"header row \(order_id, amount\) but no data",
            id="header-only",
        ),
        pytest.param(b"order_id,amount\r\n\r\n", "no_rows", "no data rows", id="header-blank-line"),
    ],
)
def test_empty_inputs(tmp_path, data, code, pattern):
    path = write_bytes(tmp_path, "e.csv", data)
    with pytest.raises(IngestError, match=pattern) as err:
        read_table(path)
    assert err.value.code == code


def test_binary_junk_named_csv(tmp_path):
    rng = np.random.default_rng(0)
    path = write_bytes(tmp_path, "orders.csv", rng.integers(0, 256, 5000, dtype=np.uint8).tobytes())
    with pytest.raises(IngestError, match="not a table: it holds binary data") as err:
        read_table(path)
    assert err.value.code == "binary"
    png = write_bytes(tmp_path, "chart.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(IngestError, match="binary data"):
        read_table(png)


def test_password_protected_xlsx(tmp_path):
    path = write_encrypted_xlsx(tmp_path)
    assert sniff_format(path.read_bytes(), path.name) == "encrypted"
    with pytest.raises(IngestError, match="password-protected") as err:
        read_table(path)
    assert err.value.code == "encrypted"


def test_corrupt_xlsx(tmp_path):
    good = write_xlsx(tmp_path, "good.xlsx", {"S": [["a", "b"], [1, 2]]})
    bad = write_bytes(tmp_path, "bad.xlsx", corrupt(good.read_bytes(), 0.6))
    with pytest.raises(IngestError, match="could not be opened: it is damaged") as err:
        read_table(bad)
    assert err.value.code == "excel_corrupt"
    # A zip that is no workbook, named .xlsx.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(IngestError) as err:
        read_table(buf.getvalue(), "fake.xlsx")
    assert err.value.code == "excel_corrupt"


def test_corrupt_parquet_and_gzip(tmp_path):
    good = write_parquet(tmp_path, "g.parquet", pd.DataFrame({"a": range(100)}))
    with pytest.raises(IngestError) as err:
        read_table(corrupt(good.read_bytes()), "g.parquet")
    assert err.value.code == "parquet_corrupt"
    with pytest.raises(IngestError) as err:
        read_table(corrupt(gz_bytes(b"a,b\n" * 1000)), "g.csv.gz")
    assert err.value.code == "gzip_corrupt"


def test_size_limit(tmp_path):
    data = csv_text(ORDERS_HEADER, ORDERS_ROWS * 100).encode()
    path = write_bytes(tmp_path, "big.csv", data)
    limit = len(data) - 1
    for source in (path, data, io.BytesIO(data)):
        with pytest.raises(IngestError, match=r"over the limit") as err:
            read_table(source, "big.csv", max_bytes=limit)
        assert err.value.code == "too_large"
    # Decompressed content counts too (a small .gz can hold a huge file).
    with pytest.raises(IngestError) as err:
        read_table(gz_bytes(data), "big.csv.gz", max_bytes=len(gz_bytes(data)) + 10)
    assert err.value.code == "too_large"
    assert len(read_table(path, max_bytes=len(data)).frame) == 300


def test_every_code_has_both_languages():
    source = Path(__file__).resolve().parents[2].joinpath("analytics", "readers.py").read_text()
    errors = set(re.findall(r'IngestError\(\s*"(\w+)"', source))
    notes = set(re.findall(r'\(\s*"(\w+)",\s*\{', source))
    assert {"empty", "binary", "encrypted", "too_many_fields"} <= errors
    assert {"comment_lines", "mixed_encoding", "renamed_columns"} <= notes
    for key in [f"ingest.error.{c}" for c in errors] + [f"ingest.note.{c}" for c in notes]:
        en, zh = messages.STRINGS[key]
        assert en and zh, key
        assert set(re.findall(r"\{(\w+)\}", en)) == set(re.findall(r"\{(\w+)\}", zh)), key


# --------------------------------------------------------------------------- real files (MANIFEST.md counts)

REAL_ROWS = {
    "transactions/uci_online_retail.parquet": 541_909,
    "transactions/uci_online_retail.csv.gz": 541_909,
    "transactions/uci_online_retail_ii_2009-2010.parquet": 525_461,
    "transactions/uci_online_retail_ii_2009-2010.csv.gz": 525_461,
    "transactions/cdnow_master.txt": 69_659,
    "transactions/cdnow_sample.txt": 6_919,
    "events/rees46_multicategory_2019-10_prefix.csv": 17_434,
    "events/ga360_merch_store_all_sessions.csv": 15_134,
    "traffic/ga360_merch_store_analytics_excel-truncated.csv.gz": 1_048_575,
    "traffic/ga4_merch_store_daily_funnel_by_source_medium.csv": 920,
    "traffic/uci_online_shoppers_intention.csv": 12_330,
    "traffic/olist_marketing_qualified_leads.csv": 8_000,
    "traffic/olist_closed_deals.csv": 842,
    "marketing_mix/robyn_dt_simulated_weekly.csv": 208,
    "marketing_mix/meridian_national_all_channels.csv": 156,
    "marketing_mix/meridian_geo_all_channels.csv": 6_240,
    "marketing_mix/pymc_marketing_mmm_example_rounded.csv": 179,
    "prices/power_drills_weekly_panel_amzn_wmt_hd_low.csv": 13_481,
    "prices/kaggle_retail_price_optimization.csv": 676,
}


@pytest.mark.real
@pytest.mark.parametrize("relative", sorted(REAL_ROWS), ids=lambda r: r.split("/")[-1])
def test_real_files_row_counts(real, relative):
    raw = read_table(real(relative))
    assert len(raw.frame) == REAL_ROWS[relative]


@pytest.mark.real
def test_real_cdnow_layouts(real):
    master = read_table(real("transactions/cdnow_master.txt"))
    assert master.delimiter == r"\s+" and master.header is True
    assert list(master.frame.columns) == ["customer_id", "date", "number_of_cds", "dollar_value"]
    assert master.frame["customer_id"].iloc[0] == "00001"
    assert (master.frame["dollar_value"] == 0).sum() == 80
    sample = read_table(real("transactions/cdnow_sample.txt"))
    assert sample.header is False and sample.first_line == 1
    assert list(sample.frame.columns) == [f"column_{i}" for i in range(1, 6)]
    assert sample.frame["column_1"].nunique() == 2_357


@pytest.mark.real
def test_real_quirks(real):
    rees = read_table(real("events/rees46_multicategory_2019-10_prefix.csv")).frame
    assert rees["event_time"].dtype == "datetime64[us]"
    assert rees["event_time"].min() == pd.Timestamp("2019-10-01 00:00:00")
    assert rees["event_time"].max() == pd.Timestamp("2019-10-01 02:50:00")
    assert rees["event_type"].value_counts().to_dict() == {
        "view": 17_055,
        "purchase": 214,
        "cart": 165,
    }
    geo = read_table(real("marketing_mix/meridian_geo_all_channels.csv"))
    assert geo.frame.columns[0] == "column_1"
    assert ("blank_columns", {"n": 1, "columns": "column_1"}) in geo.notes
    retail = read_table(real("transactions/uci_online_retail.csv.gz")).frame
    assert retail["Description"].isna().sum() == 1_454
    assert retail["CustomerID"].isna().sum() == 135_080


# --------------------------------------------------------------------------- more layouts and bad inputs


def test_html_disguised_as_xls_and_missing_path(tmp_path):
    page = b"<html><body><table><tr><td>order</td></tr></table></body></html>"
    with pytest.raises(IngestError, match="web page or XML document") as err:
        read_table(write_bytes(tmp_path, "export.xls", page))
    assert err.value.code == "markup"
    with pytest.raises(IngestError, match="File not found") as err:
        read_table(tmp_path / "nope.csv")
    assert err.value.code == "not_found"


def test_cr_only_line_endings(tmp_path):
    raw = read_table(write_bytes(tmp_path, "mac.csv", b"a,b\r1,x\r2,y\r"))
    assert raw.frame["a"].tolist() == [1, 2]
    assert raw.frame["b"].tolist() == ["x", "y"]


def test_year_headers_over_numbers_are_a_header(tmp_path):
    text = "2023,2024,2025\n10.5,11.25,12\n7,8.5,9\n"
    raw = read_table(write_text(tmp_path, "wide.csv", text))
    assert raw.header is True
    assert list(raw.frame.columns) == ["2023", "2024", "2025"]
    assert len(raw.frame) == 2


def test_empty_column_is_text(tmp_path):
    raw = read_table(write_text(tmp_path, "e.csv", "a,note\n1,\n2,\n"))
    assert raw.frame["note"].dtype == "str"
    assert raw.frame["note"].isna().all()


def test_headerless_excel_sheet(tmp_path):
    rows = [[1, 20250101, 3.5], [2, 20250102, 4.0], [3, 20250103, 5.25]]
    raw = read_table(write_xlsx(tmp_path, "nohead.xlsx", {"S": rows}))
    assert raw.header is False and raw.first_line == 1
    assert list(raw.frame.columns) == ["column_1", "column_2", "column_3"]
    assert raw.frame["column_3"].tolist() == [3.5, 4.0, 5.25]


def test_hidden_sheet_is_not_the_default(tmp_path):
    import xlsxwriter

    path = tmp_path / "hidden.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    hidden = wb.add_worksheet("lookup")
    hidden.write_row(0, 0, ["code", "name"])
    hidden.write_row(1, 0, [1, "x"])
    shown = wb.add_worksheet("orders")
    shown.write_row(0, 0, ["order_id", "amount"])
    shown.write_row(1, 0, ["A1", 9.5])
    shown.activate()
    hidden.hide()
    wb.close()
    raw = read_table(path)
    assert raw.sheet == "orders" and raw.sheet_names == ("lookup", "orders")
    assert read_table(path, sheet="lookup").frame["name"].tolist() == ["x"]


def test_broken_utf16_names_the_line():
    data = "a\tb\n1\tx\n".encode("utf-16") + b"\x00\xd8\x41\x00" + "\n".encode("utf-16-le")
    with pytest.raises(IngestError, match=r"as utf-16 .*lines 3;") as err:
        read_table(data, "broken.txt")
    assert err.value.code == "undecodable"


def test_quoted_newlines_across_parser_blocks():
    # Over 1 MB of multi-line quoted values: pyarrow's parallel chunker must not cut a value.
    rows = [f'{i},"line a {i}\nline b, {i}",{i * 0.5}' for i in range(40_000)]
    data = ("id,text,amount\n" + "\n".join(rows) + "\n").encode()
    assert len(data) > 1_100_000
    frame = read_table(data, "multi.csv").frame
    assert len(frame) == 40_000
    assert frame["text"].iloc[39_999] == "line a 39999\nline b, 39999"
    assert frame["amount"].sum() == pytest.approx(0.5 * sum(range(40_000)))


def test_ragged_file_with_a_gbk_line():
    # Short rows send the file to the Python parser; a GBK line in it is still decoded.
    lines = ["id,name,amount"] + [f"{i},客户{i},{i}.5" for i in range(200)] + ["999,x"]
    data = "\n".join(lines[:100]).encode() + "\n100,张三,1.5\n".encode("gbk")
    data += ("\n".join(lines[101:]) + "\n").encode()
    raw = read_table(data, "ragged.csv")
    assert len(raw.frame) == 201
    assert raw.frame.loc[99, "name"] == "张三"
    assert {"mixed_encoding", "padded_rows"} <= set(note_codes(raw))
