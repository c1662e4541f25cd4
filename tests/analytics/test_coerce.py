"""analytics.coerce: every rule on tiny hand-written columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.coerce import (
    ASSUMED_YEAR,
    to_bool,
    to_datetime,
    to_money,
    to_number,
    to_percent,
    to_text,
)

NaN = float("nan")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("¥1,234.50", 1234.5, id="yuan-thousands"),
        pytest.param("￥88", 88.0, id="fullwidth-yuan"),
        pytest.param("$1,234", 1234.0, id="dollar-thousands"),
        pytest.param("€ 12.30", 12.3, id="euro-space"),
        pytest.param("RMB 99", 99.0, id="currency-code"),
        pytest.param("99元", 99.0, id="yuan-suffix"),
        pytest.param("(12.50)", -12.5, id="accounting-negative"),
        pytest.param("12.50-", -12.5, id="trailing-minus"),
        pytest.param("-3.5", -3.5, id="leading-minus"),
        pytest.param("1.2万", 12000.0, id="wan"),
        pytest.param("3亿", 3e8, id="yi"),
        pytest.param("2.5k", 2500.0, id="k-suffix"),
        pytest.param("12.5%", 0.125, id="percent"),
        pytest.param("-", NaN, id="dash-null"),
        pytest.param("", NaN, id="empty-null"),
        pytest.param("N/A", NaN, id="na-null"),
    ],
)
def test_money_text(text, expected):
    values, bad = to_money(pd.Series([text, "1.00"]))
    if np.isnan(expected):
        assert np.isnan(values[0])
    else:
        assert values[0] == pytest.approx(expected)
    assert not bad.any()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param(["1.234,50", "12,00"], [1234.5, 12.0], id="dot-thousands-comma-decimal"),
        pytest.param(["1 234,50", "7,5"], [1234.5, 7.5], id="space-thousands-comma-decimal"),
        pytest.param(["1,234.50", "7.5"], [1234.5, 7.5], id="comma-thousands-dot-decimal"),
        pytest.param(["1,234", "12,345,678"], [1234.0, 12345678.0], id="comma-thousands-only"),
    ],
)
def test_money_decimal_separator_per_column(cells, expected):
    values, bad = to_money(pd.Series(cells))
    assert values.tolist() == pytest.approx(expected)
    assert not bad.any()


def test_decimal_comma_is_noted():
    notes = []
    to_money(pd.Series(["1.234,50"]), notes=notes)
    assert ("decimal_comma", {}) in notes


def test_money_bad_cells_masked_nulls_not():
    values, bad = to_money(pd.Series(["12", "abc", None, "", "-"]))
    assert bad.tolist() == [False, True, False, False, False]
    assert values.isna().tolist() == [False, True, True, True, True]


def test_numeric_fast_path_keeps_values():
    s = pd.Series([1, 2, 3], dtype="int64")
    values, bad = to_number(s)
    assert values.dtype == "float64"
    assert values.tolist() == [1.0, 2.0, 3.0]
    assert not bad.any()


@pytest.mark.parametrize(
    ("cells", "expected", "scaled"),
    [
        pytest.param(["12.5%", "3%"], [0.125, 0.03], False, id="percent-signs"),
        pytest.param([0.0, 4.9, 55.0], [0.0, 0.049, 0.55], True, id="zero-to-hundred"),
        pytest.param([0.1, 0.5, 1.0], [0.1, 0.5, 1.0], False, id="fractions-kept"),
    ],
)
def test_percent(cells, expected, scaled):
    notes = []
    values, bad = to_percent(pd.Series(cells), notes=notes, column="cr")
    assert values.tolist() == pytest.approx(expected)
    assert (("percent_scaled", {"column": "cr"}) in notes) is scaled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024-06-18", "2024-06-18", id="iso-date"),
        pytest.param("2024-06-18 10:00:00", "2024-06-18 10:00:00", id="iso-datetime"),
        pytest.param("2024-06-18T10:00:00", "2024-06-18 10:00:00", id="iso-T"),
        pytest.param("2024/06/18 10:00", "2024-06-18 10:00", id="slashes-minutes"),
        pytest.param("2024.06.18", "2024-06-18", id="dots"),
        pytest.param("2024年6月18日", "2024-06-18", id="chinese-date"),
        pytest.param("2024年6月18日 10:00:00", "2024-06-18 10:00:00", id="chinese-datetime"),
        pytest.param("2024年6月18日 10时05分", "2024-06-18 10:05", id="chinese-hours-minutes"),
        pytest.param("2019-10-01 00:00:00 UTC", "2019-10-01", id="utc-suffix"),
        # (#14: an offset keeps the shop's local time; tests/analytics/test_hostile.py)
        pytest.param("2024-06-18T10:00:00+08:00", "2024-06-18 10:00", id="offset-local-time"),
        pytest.param("20160801", "2016-08-01", id="yyyymmdd-text"),
        pytest.param("Jun 18, 2024", "2024-06-18", id="month-name"),
        pytest.param("18 Jun 2024", "2024-06-18", id="day-month-name"),
        pytest.param("2024-06", "2024-06-01", id="year-month"),
        pytest.param("2024-W25", "2024-06-17", id="iso-week"),
    ],
)
def test_date_text(text, expected):
    values, bad = to_datetime(pd.Series([text, None]))
    assert values[0] == pd.Timestamp(expected)
    assert pd.isna(values[1])
    assert not bad.any()
    assert getattr(values.dtype, "tz", None) is None


def test_day_first_when_any_first_field_above_12():
    notes = []
    values, bad = to_datetime(pd.Series(["13-02-2024", "01-02-2024"]), name="d", notes=notes)
    assert values.tolist() == [pd.Timestamp("2024-02-13"), pd.Timestamp("2024-02-01")]
    assert ("dayfirst", {"column": "d"}) in notes


def test_day_first_decided_on_whole_column():
    cells = ["01-02-2024"] * 2000 + ["25-12-2024"]
    values, _ = to_datetime(pd.Series(cells), name="d")
    assert values[0] == pd.Timestamp("2024-02-01")
    assert values.iloc[-1] == pd.Timestamp("2024-12-25")


def test_month_first_when_second_field_above_12():
    values, _ = to_datetime(pd.Series(["02-13-2024", "01-02-2024"]))
    assert values.tolist() == [pd.Timestamp("2024-02-13"), pd.Timestamp("2024-01-02")]


def test_ambiguous_dates_noted():
    notes = []
    to_datetime(pd.Series(["01-02-2024", "03-04-2024"]), name="d", notes=notes)
    assert ("ambiguous_dates", {"column": "d"}) in notes


def test_first_of_month_column_read_day_first():
    values, _ = to_datetime(pd.Series(["01-05-2017", "01-06-2017"]))
    assert values.tolist() == [pd.Timestamp("2017-05-01"), pd.Timestamp("2017-06-01")]


@pytest.mark.parametrize(
    ("cells", "name", "expected", "note"),
    [
        pytest.param(
            [45000, 45001], "date", ["2023-03-15", "2023-03-16"], "excel_serial", id="excel-serial"
        ),
        pytest.param(
            [20160801, 20170801], "date", ["2016-08-01", "2017-08-01"], None, id="yyyymmdd-int"
        ),
        pytest.param([1498424366], "ts", ["2017-06-25 20:59:26"], "epoch", id="epoch-seconds"),
        pytest.param([1498424366000], "ts", ["2017-06-25 20:59:26"], "epoch", id="epoch-millis"),
        pytest.param(
            [1, 22], "byweek", ["2000-01-03", "2000-05-29"], "week_of_year", id="week-number"
        ),
        pytest.param(
            [2, 12], "month", ["2000-02-01", "2000-12-01"], "month_only", id="month-number"
        ),
    ],
)
def test_date_numbers(cells, name, expected, note):
    notes = []
    values, bad = to_datetime(pd.Series(cells), name=name, notes=notes)
    assert values.tolist() == [pd.Timestamp(e) for e in expected]
    assert not bad.any()
    if note:
        assert note in [code for code, _ in notes]


def test_week_strings_like_drills_byweek():
    values, _ = to_datetime(pd.Series(["01", "02", "22"]), name="byweek")
    assert values.tolist() == [
        pd.Timestamp(f"{ASSUMED_YEAR}-01-03"),
        pd.Timestamp(f"{ASSUMED_YEAR}-01-10"),
        pd.Timestamp(f"{ASSUMED_YEAR}-05-29"),
    ]


def test_month_names_only():
    notes = []
    values, _ = to_datetime(pd.Series(["Feb", "June", "Dec"]), name="Month", notes=notes)
    assert values.tolist() == [pd.Timestamp(f"{ASSUMED_YEAR}-{m:02d}-01") for m in (2, 6, 12)]
    assert ("month_only", {"column": "Month", "year": ASSUMED_YEAR}) in notes


def test_datetime_fast_path_drops_timezone():
    s = pd.Series(pd.to_datetime(["2024-01-01 10:00"]).tz_localize("UTC"))
    values, bad = to_datetime(s)
    assert values[0] == pd.Timestamp("2024-01-01 10:00")
    assert getattr(values.dtype, "tz", None) is None


def test_unparseable_dates_are_bad():
    values, bad = to_datetime(pd.Series(["2024-01-01", "not a date", ""]))
    assert bad.tolist() == [False, True, False]
    assert values.isna().tolist() == [False, True, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("true", True, id="true"),
        pytest.param("FALSE", False, id="FALSE"),
        pytest.param("yes", True, id="yes"),
        pytest.param("No", False, id="No"),
        pytest.param("Y", True, id="Y"),
        pytest.param("n", False, id="n"),
        pytest.param("1", True, id="one"),
        pytest.param("0", False, id="zero"),
        pytest.param("是", True, id="shi"),
        pytest.param("否", False, id="fou"),
        pytest.param("有", True, id="you"),
        pytest.param("无", False, id="wu"),
    ],
)
def test_bool_text(text, expected):
    values, bad = to_bool(pd.Series([text]))
    assert bool(values[0]) is expected
    assert not bad.any()


def test_bool_numbers_and_bad():
    values, bad = to_bool(pd.Series([1.0, 0.0, None]))
    assert values.tolist()[:2] == [True, False]
    assert pd.isna(values[2])
    values, bad = to_bool(pd.Series(["maybe", ""]))
    assert bad.tolist() == [True, False]


def test_text_ids_drop_float_suffix():
    out = to_text(pd.Series([17850.0, None, 12346.0]))
    assert out.tolist()[0] == "17850"
    assert pd.isna(out[1])


@pytest.mark.parametrize("storage", ["string", "large_string", "chunked", "python"])
def test_text_trims_like_str_strip(storage):
    """Text is trimmed (Unicode spaces too) and blanks become null, whatever the storage;
    the Arrow path checks only rows whose edges may be spaces (to_text's fast path)."""
    import pyarrow as pa

    rng = np.random.default_rng(5)
    pieces = ["a", "直播", "x y", "", " ", "\t", "\u3000", "\u00a0", "\u2003", "é", "\n", "商"]
    cells = ["".join(rng.choice(pieces, size=rng.integers(0, 4))) for _ in range(3000)]
    cells = [None if i % 97 == 0 else c for i, c in enumerate(cells)]
    ref = pd.Series(cells, dtype=object).map(lambda v: v.strip() or None if v is not None else None)
    if storage == "python":
        s = pd.Series(cells, dtype=pd.StringDtype("python", na_value=np.nan))
    elif storage == "chunked":
        s = pd.concat(
            [pd.Series(cells[:1000], dtype="str"), pd.Series(cells[1000:], dtype="str")],
            ignore_index=True,
        )
        assert pa.array(s.array).num_chunks == 2
    else:
        arr = pa.array(cells, type=getattr(pa, storage)())
        s = pd.Series(pd.arrays.ArrowStringArray(arr), dtype="str")
    out = to_text(s)
    assert out.dtype == "str"
    assert out.isna().tolist() == ref.isna().tolist()
    assert out.dropna().tolist() == ref.dropna().tolist()
    clean = pd.Series(["a", "b c", None, "直播"], dtype="str")
    assert to_text(clean) is clean  # nothing to change: no copy


def test_whitespace_sets_of_python_arrow_and_the_byte_check_agree():
    """to_text's fast path trims with Arrow and finds rows to trim from UTF-8 bytes: Arrow's
    whitespace must be Python's (str.strip), and the byte check must see every one of them
    at either end of a value (checked over all of Unicode)."""
    import sys

    import pyarrow as pa
    import pyarrow.compute as pc

    from analytics.coerce import _edge_suspects

    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    arrow_space = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(pa.array(chars))), 0)
    arrow = {c for c, sp in zip(chars, arrow_space.to_pylist(), strict=True) if sp}
    python = {c for c in chars if c.isspace()}
    assert arrow == python
    for cells in (
        [f"{c}a" for c in sorted(python)],
        [f"a{c}" for c in sorted(python)],
        [f"直{c}" for c in sorted(python)],
        list(sorted(python)),
    ):
        arr = pa.array(["商品"] + cells + ["x"], type=pa.large_string())
        bufs = arr.buffers()
        offs = np.frombuffer(bufs[1], dtype=np.int64)[: len(arr) + 1]
        body = np.frombuffer(bufs[2], dtype=np.uint8)
        assert _edge_suspects(offs, body)[1:-1].all(), cells
    # clean text (Chinese, Latin, digits) is rarely a suspect
    clean = pa.array([f"商品{i}礼盒装" for i in range(2000)] + ["Product 7"], pa.large_string())
    bufs = clean.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int64)[: len(clean) + 1]
    assert not _edge_suspects(offs, np.frombuffer(bufs[2], dtype=np.uint8)).any()
    # plain ASCII codes (no byte <= 0x20, no lead byte of a Unicode space): only the empty
    # rows are suspects; an inner space sends the column through the full check
    for cells, expected in ((["SO1", "", "C2", "x"], [1]), (["a b", "", "c"], [1])):
        arr = pa.array(cells, type=pa.large_string())
        bufs = arr.buffers()
        offs = np.frombuffer(bufs[1], dtype=np.int64)[: len(arr) + 1]
        got = _edge_suspects(offs, np.frombuffer(bufs[2], dtype=np.uint8))
        assert np.flatnonzero(got).tolist() == expected


def test_large_numeric_column_fast_path_is_fast():
    import time

    numbers = pd.Series(np.arange(1_000_000, dtype="float64"))
    stamps = pd.Series(pd.date_range("2024-01-01", periods=1_000_000, freq="min"))
    t0 = time.perf_counter()
    money, bad = to_money(numbers)
    dates, bad_dates = to_datetime(stamps)
    assert time.perf_counter() - t0 < 1.0  # no string work on typed columns
    assert money.iloc[-1] == 999_999.0 and dates.iloc[-1] == stamps.iloc[-1]
    assert not bad.any() and not bad_dates.any()
