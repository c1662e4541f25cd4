"""Meeting mode's tables fit the page (issue 15 item 5): the columns that fit 1280 px show,
from the left, and a caption says how many more there are; outside meeting mode nothing
changes."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui import tables


def test_text_width_counts_latin_and_cjk():
    assert tables.text_px("Orders") == 6 * 8
    assert tables.text_px("订单数") == 3 * 15
    assert tables.text_px("GMV 环比") == 4 * 8 + 2 * 15


def test_column_width_is_its_header_or_widest_value_within_bounds():
    # header "Revenue": 7 chars * 8 + 40 = 96; a value 1234567.5 shows at most "¥1,234,567.50"
    assert tables.column_px("Revenue", [1.0, 1234567.5]) == 13 * 8 + 24
    assert tables.column_px("Revenue", [1.0]) == 7 * 8 + 40
    assert tables.column_px("a", ["x"]) == 60  # the grid's narrowest column
    assert tables.column_px("note", ["w" * 200]) == 500  # the grid's widest auto column


def _frame(n: int) -> pd.DataFrame:
    # each column: header "col_k" (5 chars -> 80 px) and values "vvvvvvvvvvvv" (12 -> 120 px)
    return pd.DataFrame({f"col_{k}": ["v" * 12] * 3 for k in range(n)})


@pytest.mark.parametrize(("n", "budget", "kept"), [(3, 400, 3), (5, 400, 3), (5, 120, 1)])
def test_columns_fit_from_the_left(n, budget, kept):
    got = tables.fit_columns(_frame(n), budget=budget)
    if kept == n:
        assert got is None
    else:
        assert got == ([f"col_{k}" for k in range(kept)], n - kept)


def test_fit_follows_the_tables_own_order_config_and_index():
    frame = _frame(5)
    # hidden columns take no room; the given order is kept; a label replaces the header
    config = {"col_0": None, "col_3": {"label": "a much longer header of forty characters"}}
    order = ["col_4", "col_3", "col_2", "col_1", "col_0"]
    got = tables.fit_columns(frame, budget=590, column_order=order, column_config=config)
    # col_4 120 + col_3 (40 chars * 8 + 40 = 360) = 480; col_2 would make it 600 > 590
    assert got == (["col_4", "col_3"], 2)
    # an index that is not a RangeIndex is drawn unless hidden, and takes its room
    named = frame.set_index(pd.Index(["x" * 30] * 3, name="name"))  # 30 * 8 + 24 = 264 px
    assert tables.fit_columns(named, budget=600) == (["col_0", "col_1"], 3)
    assert tables.fit_columns(named, budget=600, hide_index=True) is None  # 5 * 120 px
    # a Styler's frame is measured; what is not a frame is left alone
    assert tables.fit_columns(frame.style, budget=250) == (["col_0", "col_1"], 3)
    assert tables.fit_columns([[1, 2]], budget=10) is None


def _script():
    import pandas as pd
    import streamlit as st

    from ui import meeting

    meeting.render()
    frame = pd.DataFrame({f"a rather long column header {k}": [1234567.25] * 3 for k in range(12)})
    st.dataframe(frame, hide_index=True)
    left, _right = st.columns(2)
    left.dataframe(frame.iloc[:, :2], hide_index=True)  # fits: drawn as asked


@pytest.mark.parametrize("on", [False, True])
def test_meeting_mode_draws_the_columns_that_fit(on):
    at = AppTest.from_function(_script)
    at.session_state["app.meeting"] = on
    at.run()
    assert not at.exception
    wide, narrow = at.dataframe
    cols = [f"a rather long column header {k}" for k in range(12)]
    fit = tables.fit_columns(wide.value, hide_index=True)
    assert fit is not None and 1 < len(fit[0]) < 12  # the frame is wider than the page
    order = list(wide.proto.column_order)
    captions = [c.value for c in at.caption]
    if on:
        # each column is 28 header chars: 28 * 8 + 40 = 264 px; 1180 px hold four
        assert order == cols[:4]
        assert captions == ["8 more columns outside meeting mode."]
    else:
        assert order == [] and captions == []
    assert list(narrow.proto.column_order) == []
