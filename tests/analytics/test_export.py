"""CSV / Excel export neutralises formula cells and keeps everything else."""

from __future__ import annotations

import io

import pandas as pd
from pandas.testing import assert_frame_equal

from analytics.export import neutralise, to_csv_bytes, to_excel_bytes


def test_formula_cells_get_a_quote_and_numbers_stay():
    df = pd.DataFrame(
        {"a": ["=1+1", "+cmd", "-x", "@SUM(A1)", "ok", None], "n": [-1.5, 2, 3, 4, 5, 6]}
    )
    out = neutralise(df)
    assert out["a"].tolist()[:5] == ["'=1+1", "'+cmd", "'-x", "'@SUM(A1)", "ok"]
    assert pd.isna(out["a"].iloc[5])
    assert out["n"].tolist() == df["n"].tolist()
    assert df["a"].iloc[0] == "=1+1"  # input not mutated


def test_csv_round_trip_has_bom_and_chinese():
    df = pd.DataFrame({"渠道": ["直播", '=HYPERLINK("x")'], "v": [1, 2]})
    raw = to_csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back["渠道"].tolist() == ["直播", '\'=HYPERLINK("x")']


def test_excel_has_no_formulas():
    df = pd.DataFrame({"a": ["=1+1", "b"], "n": [1.0, 2.0]})
    raw = to_excel_bytes({"s1": df, "s2": df})
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["s1", "s2"]
    assert wb["s1"]["A2"].value == "'=1+1"
    assert wb["s1"]["A2"].data_type == "s"
    back = pd.read_excel(io.BytesIO(raw), sheet_name="s2", engine="calamine")
    assert_frame_equal(back, neutralise(df), check_dtype=False)
