"""Money and numbers: ui.format against hand-written expectations, currency detection on
files with ¥ and $, the rise-colour default, and the Overview showing the shop currency."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from analytics import ingest
from analytics.coerce import currency_of_countries, detect_currency, to_money
from tests.app.conftest import assert_clean, make_app, sample_datasets
from ui import format as fmt
from ui.charts import amount_axis

NaN = float("nan")


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (441.053, "CNY", "¥441.05"),  # under 1,000: cents
        (15363.479, "CNY", "¥15,363"),  # from 1,000 up: whole units, separators
        (999.994, "USD", "$999.99"),
        (999.999, "USD", "$1,000"),  # rounds to 1,000: whole units
        (-1234.6, "USD", "-$1,235"),
        (0.0, "EUR", "€0.00"),
        (-0.001, "GBP", "£0.00"),  # no "-£0.00"
        (21120, None, "21,120"),
        (None, "CNY", "—"),
        (NaN, "CNY", "—"),
        (float("inf"), "CNY", "—"),
    ],
)
def test_money(value, currency, expected):
    assert fmt.money(value, currency) == expected


def test_money_signed_and_fixed_digits():
    assert fmt.money(1500, "CNY", signed=True) == "+¥1,500"
    assert fmt.money(-12.5, "CNY", signed=True) == "-¥12.50"
    assert fmt.money(12.5, "USD", digits=0) == "$12"  # 12.5 rounds half to even


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (115.0, "115"),  # whole numbers lose their ".000000"
        (3811.62, "3,812"),
        (21120, "21,120"),
        (2.5317, "2.53"),
        (12.34, "12.3"),
        (0.0, "0"),
        (-0.0001, "0.00"),  # no "-0.00"
        (None, "—"),
        (pd.NA, "—"),
    ],
)
def test_number(value, expected):
    assert fmt.number(value) == expected


def test_percentages_and_points_in_both_languages():
    assert fmt.pct(0.1234) == "12.3%"
    assert fmt.pct(0.05, signed=True) == "+5.0%"
    assert fmt.pct(-0.312, signed=True) == "-31.2%"
    assert fmt.pct(NaN) == "—"
    assert fmt.pct(-0.00001, signed=True) == "0.0%"
    assert fmt.pp(0.012) == "+1.2 pp"
    assert fmt.pp(0.012, "zh") == "+1.2 个百分点"
    assert fmt.pp(-0.0213, "en", 2) == "-2.13 pp"
    assert fmt.pp(-0.0001) == "0.0 pp"


def test_compact_by_language():
    assert fmt.compact(1_234_567) == "1.2M"
    assert fmt.compact(1_234_567, "zh", "CNY") == "¥123.5万"
    assert fmt.compact(250_000_000, "zh") == "2.5亿"
    assert fmt.compact(-45_600, "en", "USD") == "-$45.6K"
    assert fmt.compact(999, "en", "USD") == "$999.00"


def test_metric_by_kind():
    assert fmt.metric("gmv", 275863.4, "CNY") == "¥275,863"
    assert fmt.metric("aov", 217.237, "CNY") == "¥217.24"
    assert fmt.metric("cr", 0.0332) == "3.32%"
    assert fmt.metric("visitors", 10730.0) == "10,730"
    assert fmt.metric("roas", 1.9794) == "1.98"
    assert fmt.metric("gmv", None, "CNY") == "—"


def test_table_formats():
    # one format per column, chosen from its typical (median) value
    assert fmt.column_format("money", "CNY", [1200.5, 3000.25, 50.0]) == "¥%,.0f"
    assert fmt.column_format("money", "USD", [1.5, 20.0, 999.0]) == "$%,.2f"
    assert fmt.column_format("money", "EUR") == "€%,.2f"
    assert fmt.column_format("number", None, [1.0, 2.0, NaN]) == "%,.0f"
    assert fmt.column_format("number", None, [0.5, 1.25]) == "%,.2f"
    assert fmt.column_format("count") == "%,.0f"
    assert fmt.column_format("pp") == "%+.2f pp"
    assert fmt.column_format("pp", lang="zh") == "%+.2f 个百分点"
    assert fmt.d3_format("money", [5.0, 12.0]) == ",.2f"
    assert fmt.d3_format("money", [5000.0, 12000.0]) == ",.0f"


def _ticks(axis: alt.Axis, top: float) -> list[str]:
    """The y-axis tick labels Vega draws for values 0..top."""
    import vl_convert as vlc

    df = pd.DataFrame({"x": ["a", "b"], "y": [0.0, top]})
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(x=alt.X("x:N", title=None), y=alt.Y("y:Q", title=None, axis=axis))
    )
    svg = vlc.vegalite_to_svg(chart.to_dict())
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [x for x in texts if x not in ("a", "b")]


def test_axis_ticks_never_zero_k():
    zh = _ticks(amount_axis("CNY", "zh"), 150_000)
    assert zh[0] == "¥0" and "¥10万" in zh and all(x.startswith("¥") for x in zh)
    en = _ticks(amount_axis("USD", "en"), 2_500_000)
    assert en[0] == "$0" and "$1M" in en and all(not x.endswith("k") for x in en)
    small = _ticks(amount_axis(), 1.0)  # no "500m" for 0.5
    assert "0.5" in small and not any(x.endswith("m") for x in small)
    mid = _ticks(amount_axis("USD"), 8000)  # thousands written out below 10,000
    assert "$8,000" in mid


def test_rise_colour_defaults():
    assert fmt.default_red_up("zh") and not fmt.default_red_up("en")
    assert fmt.delta_color(True) == "inverse" and fmt.delta_color(False) == "normal"
    up, down = fmt.rise_fall_colours(True)
    assert up == fmt.UP_RED and down == fmt.DOWN_GREEN
    assert fmt.rise_fall_colours(False) == (down, up)


# ---- currency detection ----------------------------------------------------------


def _with_sign(tmp_path, sign: str, name: str) -> str:
    """The sample orders with every amount and unit price written with ``sign``."""
    frame = pd.read_csv("sample_data/orders.csv", dtype=str).drop(columns=["country"])
    for col in ("unit_price", "amount"):
        frame[col] = sign + frame[col]
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize(("sign", "code"), [("¥", "CNY"), ("$", "USD"), ("€", "EUR")])
def test_currency_detected_from_the_file(tmp_path, sign, code):
    ds = ingest.load(_with_sign(tmp_path, sign, f"orders_{code}.csv"))
    assert ds.currency == code
    assert ("currency", {"currency": code}) in ds.report.notes
    # the amounts are read as numbers all the same
    plain = pd.read_csv("sample_data/orders.csv")
    assert ds.frame["amount"].sum() == pytest.approx(plain["amount"].sum())


def test_currency_from_country_and_none(tmp_path):
    assert ingest.load("sample_data/orders.csv").currency == "CNY"  # country CN
    frame = pd.read_csv("sample_data/orders.csv").drop(columns=["country"])
    path = tmp_path / "plain.csv"
    frame.to_csv(path, index=False)
    assert ingest.load(str(path)).currency is None  # nothing says: chosen in the sidebar
    assert currency_of_countries(pd.Series(["US", "US", "CN"])) is None  # no clear majority
    assert currency_of_countries(pd.Series(["United States"] * 9 + ["CN"])) == "USD"


def test_detection_looks_at_a_sample_only():
    assert detect_currency(pd.Series(["US$ 5", "HK$ 3", "$2"])) == "USD"  # most frequent
    assert detect_currency(pd.Series([1.5, 2.0])) is None
    late = pd.Series(["12.5"] * 5000 + ["¥3"])  # a sign after the sampled head is not seen
    assert detect_currency(late) is None
    notes: list = []
    values, _ = to_money(pd.Series(["RMB 1,200", "人民币 3"]), notes=notes)
    assert values.tolist() == [1200.0, 3.0] and notes == [("currency", {"currency": "CNY"})]


# ---- the app ----------------------------------------------------------------------


def _colour(metric) -> str:
    from streamlit.proto.Metric_pb2 import Metric

    return Metric.MetricColor.Name(metric.proto.color)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_shows_currency_and_colours_by_language(lang):
    at = make_app("pages/home.py", lang=lang, datasets=sample_datasets("orders"), timeout=90)
    at.run()
    assert_clean(at)
    gmv = next(m for m in at.metric if m.label == "GMV")
    assert gmv.value.startswith("¥")  # the sample's orders are in China
    assert gmv.value == fmt.money(float(gmv.value[1:].replace(",", "")), "CNY")
    rises = [m for m in at.metric if m.delta and m.delta.startswith("+")]
    assert rises
    want = "RED" if lang == "zh" else "GREEN"
    assert {_colour(m) for m in rises} == {want}


def test_currency_and_rise_colour_settings_are_kept():
    at = make_app("pages/home.py", datasets=sample_datasets("orders"), timeout=90)
    at.run()
    # (both set before one rerun: AppTest drops the sidebar from its tree after a rerun)
    at.selectbox(key="shop.w.currency").set_value("USD")
    at.radio(key="shop.w.rise").set_value("red").run()
    assert_clean(at)
    gmv = next(m for m in at.metric if m.label == "GMV")
    assert gmv.value.startswith("$")
    rises = [m for m in at.metric if m.delta and m.delta.startswith("+")]
    assert {_colour(m) for m in rises} == {"RED"}
    # saved as workspace settings (state.put), not only as widget values
    settings = at.session_state["_settings"]
    assert settings["shop.currency"] == "USD" and settings["shop.rise"] == "red"
    # a new session on the same workspace (a reload) gets them back
    ws = at.query_params["ws"]
    back = make_app()
    back.query_params["ws"] = ws[0] if isinstance(ws, list) else ws
    back.run()
    assert_clean(back)
    assert back.selectbox(key="shop.w.currency").value == "USD"
    assert back.radio(key="shop.w.rise").value == "red"
    gmv = next(m for m in back.metric if m.label == "GMV")
    assert gmv.value.startswith("$")


def test_tables_show_a_dash_for_missing_values():
    """Missing cells (ROAS of a channel without spend) read "—", not "None"."""
    at = make_app("pages/traffic.py", datasets=sample_datasets("traffic"), timeout=90)
    at.run()
    assert_clean(at)
    frames = list(at.dataframe)
    assert frames and any(f.value.isna().any().any() for f in frames)
    assert {f.proto.placeholder for f in frames} == {fmt.NA}
