"""analytics.ingest: mapping proposals, kind proposals, coercion into canonical frames, reports."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analytics.ingest import (
    IngestError,
    load,
    missing_required,
    propose_kind,
    propose_mapping,
    to_canonical,
)
from analytics.schema import Dataset


def frame(columns: list[str], *rows: list) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


# ------------------------------------------------------------ export layouts

SHOPIFY = frame(
    [
        "Name",
        "Email",
        "Financial Status",
        "Paid at",
        "Created at",
        "Total",
        "Lineitem quantity",
        "Lineitem name",
        "Lineitem price",
        "Lineitem sku",
        "Shipping Country",
    ],
    [
        "#1001",
        "a@x.com",
        "paid",
        "2024-06-18 10:00:00 +0800",
        "2024-06-18 09:58:00 +0800",
        "30.00",
        2,
        "Mug",
        "10.00",
        "MUG-1",
        "CN",
    ],
    ["#1001", None, None, None, None, None, 1, "Tea", "10.00", "TEA-1", None],
    [
        "#1002",
        "b@x.com",
        "refunded",
        "2024-06-19 11:00:00 +0800",
        "2024-06-19 10:00:00 +0800",
        "5.00",
        1,
        "Pen",
        "5.00",
        "PEN-1",
        "US",
    ],
)
GA4 = frame(
    [
        "Date",
        "Session source / medium",
        "Session default channel group",
        "Sessions",
        "Engaged sessions",
        "Total users",
        "Key events",
        "Total revenue",
    ],
    ["20240618", "google / cpc", "Paid Search", 120, 80, 100, 4, "$1,234.50"],
    ["20240618", "(direct) / (none)", "Direct", 60, 30, 50, 1, "$99.00"],
)
TAOBAO = frame(
    [
        "订单编号",
        "买家会员名",
        "买家实际支付金额",
        "订单状态",
        "订单创建时间",
        "宝贝标题",
        "宝贝总数量",
    ],
    ["3001", "小明", "¥1,234.50", "交易成功", "2024-06-18 10:00:00", "保温杯", 1],
    ["3002", "小红", "¥88.00", "交易关闭", "2024/06/19 11:00", "茶叶", 2],
)
JD = frame(
    ["订单号", "下单帐号", "应付金额", "下单时间", "订单状态", "商品名称", "订购数量", "京东价"],
    ["9001", "jd_user1", "199.00", "2024-06-18 10:00:00", "完成", "耳机", 1, "199.00"],
    ["9002", "jd_user2", "59.00", "2024-06-18 12:00:00", "已取消", "数据线", 1, "59.00"],
)
DOUYIN = frame(
    [
        "主订单编号",
        "子订单编号",
        "选购商品",
        "商品数量",
        "订单应付金额",
        "订单提交时间",
        "订单状态",
        "流量来源",
        "用户昵称",
    ],
    ["5001", "5001-1", "面霜", 1, "129.00", "2024-06-18 20:00:00", "已完成", "直播", "抖友1"],
    ["5002", "5002-1", "口红", 2, "198.00", "2024-06-18 21:00:00", "已退款", "短视频", "抖友2"],
)
SYCM = frame(
    [
        "日期",
        "流量来源",
        "来源明细",
        "访客数",
        "浏览量",
        "支付买家数",
        "支付金额",
        "支付转化率",
        "下单买家数",
    ],
    ["2024-06-18", "淘内免费", "手淘搜索", "1,200", "3,400", 36, "¥4,560.00", "3.00%", 40],
    ["2024-06-18", "付费流量", "直通车", "800", "1,500", 20, "¥2,100.00", "2.50%", 22],
)
RETAIL = frame(
    [
        "InvoiceNo",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "UnitPrice",
        "CustomerID",
        "Country",
    ],
    ["536365", "85123A", "HEART HOLDER", 6, "2010-12-01 08:26:00", 2.55, 17850.0, "United Kingdom"],
    ["C536379", "D", "Discount", -1, "2010-12-01 09:41:00", 27.5, 14527.0, "United Kingdom"],
    ["536366", "22633", "HAND WARMER", 6, "2010-12-01 08:28:00", 1.85, None, "United Kingdom"],
)
RETAIL_II = frame(
    [
        "Invoice",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "Price",
        "Customer ID",
        "Country",
    ],
    ["489434", "85048", "GLASS BALL", 12, "2009-12-01 07:45:00", 6.95, 13085, "United Kingdom"],
)
REES46 = frame(
    [
        "event_time",
        "event_type",
        "product_id",
        "category_id",
        "category_code",
        "brand",
        "price",
        "user_id",
        "user_session",
    ],
    [
        "2019-10-01 00:00:00 UTC",
        "view",
        44600062,
        2103807459595387724,
        None,
        "shiseido",
        35.79,
        541312140,
        "72d76fde",
    ],
    [
        "2019-10-01 00:00:05 UTC",
        "cart",
        3900821,
        2053013552326770905,
        "appliances.water_heater",
        "aqua",
        33.20,
        554748717,
        "9333dfbd",
    ],
)


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        pytest.param(
            SHOPIFY,
            "orders",
            {
                "order_id": "Name",
                "customer_id": "Email",
                "order_time": "Created at",
                "quantity": "Lineitem quantity",
                "unit_price": "Lineitem price",
                "status": "Financial Status",
                "product_name": "Lineitem name",
                "product_id": "Lineitem sku",
                "country": "Shipping Country",
                # the order's total (first line only) and its payment time (#14 item 3)
                "gross_amount": "Total",
                "paid_time": "Paid at",
            },
            id="shopify",
        ),
        pytest.param(
            GA4,
            "traffic",
            {
                "date": "Date",
                "channel": "Session default channel group",
                "source": "Session source / medium",
                "medium": "Session source / medium",
                "visitors": "Total users",
                "sessions": "Sessions",
                "orders": "Key events",
                "revenue": "Total revenue",
            },
            id="ga4-traffic-acquisition",
        ),
        pytest.param(
            TAOBAO,
            "orders",
            {
                "order_id": "订单编号",
                "customer_id": "买家会员名",
                "amount": "买家实际支付金额",
                "order_time": "订单创建时间",
                "status": "订单状态",
                "product_name": "宝贝标题",
                "quantity": "宝贝总数量",
            },
            id="taobao",
        ),
        pytest.param(
            JD,
            "orders",
            {
                "order_id": "订单号",
                "customer_id": "下单帐号",
                "amount": "应付金额",
                "order_time": "下单时间",
                "status": "订单状态",
                "product_name": "商品名称",
                "quantity": "订购数量",
                "unit_price": "京东价",
            },
            id="jd",
        ),
        pytest.param(
            DOUYIN,
            "orders",
            {
                "order_id": "主订单编号",
                "customer_id": "用户昵称",
                "amount": "订单应付金额",
                "order_time": "订单提交时间",
                "status": "订单状态",
                "product_name": "选购商品",
                "quantity": "商品数量",
                "channel": "流量来源",
            },
            id="douyin",
        ),
        pytest.param(
            SYCM,
            "traffic",
            {
                "date": "日期",
                "channel": "流量来源",
                "source": "来源明细",
                "visitors": "访客数",
                "buyers": "支付买家数",
                "revenue": "支付金额",
            },
            id="shengyicanmou",
        ),
        pytest.param(
            RETAIL,
            "orders",
            {
                "order_id": "InvoiceNo",
                "customer_id": "CustomerID",
                "order_time": "InvoiceDate",
                "quantity": "Quantity",
                "unit_price": "UnitPrice",
                "product_id": "StockCode",
                "product_name": "Description",
                "country": "Country",
            },
            id="online-retail",
        ),
        pytest.param(
            RETAIL_II,
            "orders",
            {
                "order_id": "Invoice",
                "customer_id": "Customer ID",
                "order_time": "InvoiceDate",
                "quantity": "Quantity",
                "unit_price": "Price",
                "product_id": "StockCode",
                "product_name": "Description",
                "country": "Country",
            },
            id="online-retail-ii",
        ),
        pytest.param(
            REES46,
            "events",
            {
                "user_id": "user_id",
                "event_time": "event_time",
                "event": "event_type",
                "session_id": "user_session",
                "product_id": "product_id",
                "category": "category_code",
                "price": "price",
            },
            id="rees46",
        ),
    ],
)
def test_layout_mapping(raw, kind, expected):
    assert propose_mapping(raw, kind) == expected
    assert propose_kind(raw)[0][0] == kind


@pytest.mark.parametrize(
    ("raw", "expected_spend"),
    [
        pytest.param(
            frame(
                [
                    "DATE",
                    "revenue",
                    "tv_S",
                    "ooh_S",
                    "facebook_I",
                    "facebook_S",
                    "search_clicks_P",
                    "search_S",
                ],
                ["2015-11-23", 100.0, 1.0, 2.0, 1000.0, 3.0, 50.0, 4.0],
            ),
            {
                "spend[tv]": "tv_S",
                "spend[ooh]": "ooh_S",
                "spend[facebook]": "facebook_S",
                "spend[search]": "search_S",
            },
            id="robyn",
        ),
        pytest.param(
            frame(
                [
                    "time",
                    "conversions",
                    "revenue_per_conversion",
                    "Channel0_impression",
                    "Channel0_spend",
                    "Channel1_spend",
                ],
                ["2021-01-25", 1000.0, 0.02, 5000.0, 10.0, 20.0],
            ),
            {"spend[Channel0]": "Channel0_spend", "spend[Channel1]": "Channel1_spend"},
            id="meridian",
        ),
        pytest.param(
            frame(
                ["date_week", "y", "x1", "x2", "event_1"], ["2018-04-02", 3984.66, 0.32, 0.0, 0.0]
            ),
            {"spend[x1]": "x1", "spend[x2]": "x2"},
            id="pymc-marketing",
        ),
        pytest.param(
            frame(
                ["日期", "抖音花费", "淘宝花费", "销售额"],
                ["2024-06-17", "1,000", "2,000", "30,000"],
            ),
            {"spend[抖音]": "抖音花费", "spend[淘宝]": "淘宝花费"},
            id="chinese-wide",
        ),
    ],
)
def test_wide_spend_mapping(raw, expected_spend):
    mapping = propose_mapping(raw, "spend")
    assert {k: v for k, v in mapping.items() if k.startswith("spend[")} == expected_spend
    assert propose_kind(raw)[0][0] == "spend"
    assert missing_required("spend", mapping) == []


def test_wide_spend_pivots_long_with_impressions_and_total_revenue():
    raw = frame(
        ["DATE", "revenue", "tv_S", "facebook_I", "facebook_S"],
        ["2015-11-23", 100.0, 1.0, 1000.0, 3.0],
        ["2015-11-30", 200.0, 5.0, 2000.0, 6.0],
    )
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    f = ds.frame
    assert list(f.columns[:5]) == ["date", "channel", "spend", "revenue", "impressions"]
    assert len(f) == 4
    assert ds.report.rows_read == ds.report.rows_kept == 2
    fb = f[f.channel == "facebook"].reset_index(drop=True)
    assert fb.spend.tolist() == [3.0, 6.0]
    assert fb.impressions.tolist() == [1000.0, 2000.0]
    assert f[f.channel == "tv"].revenue.tolist() == [100.0, 200.0]
    assert ("total_repeated", {"column": "revenue"}) in ds.report.notes


def test_meridian_revenue_from_conversions():
    raw = frame(
        ["time", "conversions", "revenue_per_conversion", "Channel0_spend", "Channel1_spend"],
        ["2021-01-25", 1000.0, 0.02, 10.0, 20.0],
    )
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    assert ds.frame.revenue.tolist() == pytest.approx([20.0, 20.0])


def test_long_spend_file():
    raw = frame(["date", "channel", "cost", "revenue"], ["2024-01-01", "search", "¥100", "¥500"])
    mapping = propose_mapping(raw, "spend")
    assert mapping == {"date": "date", "channel": "channel", "spend": "cost", "revenue": "revenue"}
    ds = to_canonical(raw, "spend", mapping)
    assert ds.frame.spend.tolist() == [100.0]


def test_wide_prices_competitor_columns():
    raw = frame(
        ["product_id", "month_year", "unit_price", "comp_1", "comp_2"],
        ["bed1", "01-05-2017", 45.95, 89.9, None],
        ["bed1", "01-06-2017", 45.95, 89.9, 215.0],
    )
    mapping = propose_mapping(raw, "prices")
    assert mapping == {
        "date": "month_year",
        "product": "product_id",
        "price[own]": "unit_price",
        "price[comp_1]": "comp_1",
        "price[comp_2]": "comp_2",
    }
    ds = to_canonical(raw, "prices", mapping)
    f = ds.frame
    assert sorted(f.seller.unique()) == ["comp_1", "comp_2", "own"]
    assert f[f.seller == "own"].own.all() and not f[f.seller != "own"].own.any()
    assert len(f) == 5  # the empty comp_2 cell is left out
    assert f.date.min() == pd.Timestamp("2017-05-01")
    assert ds.report.rows_kept == 2


def test_session_source_medium_split():
    ds = to_canonical(GA4, "traffic", propose_mapping(GA4, "traffic"))
    f = ds.frame
    assert f.source.tolist() == ["google", "(direct)"]
    assert f.medium.tolist() == ["cpc", "(none)"]
    assert f.revenue.tolist() == [1234.5, 99.0]
    assert f.date.tolist() == [pd.Timestamp("2024-06-18")] * 2


def test_sycm_numbers_with_separators():
    ds = to_canonical(SYCM, "traffic", propose_mapping(SYCM, "traffic"))
    assert ds.frame.visitors.tolist() == [1200.0, 800.0]
    assert ds.frame.revenue.tolist() == [4560.0, 2100.0]
    assert "浏览量" in ds.frame.columns  # unmapped columns kept


# ------------------------------------------------------------ kinds


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        pytest.param(
            frame(["date", "product", "seller", "price"], ["2024-01-01", "Mug", "A", 9.9]),
            "prices",
            id="prices",
        ),
        pytest.param(
            frame(["user_id", "timestamp", "event_name"], ["u1", "2024-01-01 10:00", "view"]),
            "events",
            id="events",
        ),
        pytest.param(
            frame(["date", "channel", "visitors"], ["2024-01-01", "Direct", 10]),
            "traffic",
            id="traffic",
        ),
        pytest.param(
            frame(
                ["order_id", "customer_id", "order_date", "amount"], ["1", "c1", "2024-01-01", 9.9]
            ),
            "orders",
            id="orders",
        ),
        pytest.param(
            frame(["date", "channel", "spend"], ["2024-01-01", "tv", 100.0]), "spend", id="spend"
        ),
    ],
)
def test_propose_kind(raw, kind):
    ranked = propose_kind(raw)
    assert ranked[0][0] == kind
    assert [k for k, _ in ranked].count(kind) == 1 and len(ranked) == 5
    assert all(0.0 <= s <= 1.0 for _, s in ranked)
    assert ranked[0][1] >= ranked[1][1]


def test_boolean_revenue_is_not_money():
    raw = frame(["Month", "TrafficType", "Revenue"], ["Feb", 1, True], ["Mar", 2, False])
    mapping = propose_mapping(raw, "traffic")
    assert "revenue" not in mapping
    assert mapping["buyers"] == "Revenue"
    ds = to_canonical(raw, "traffic", mapping)
    assert ds.frame.buyers.tolist() == [1.0, 0.0]
    assert ds.frame.visitors.tolist() == [1.0, 1.0]
    assert ("row_is_session", {}) in ds.report.notes


def test_excel_mangled_ids_are_skipped():
    raw = frame(
        ["fullVisitorId", "visitId", "date", "eCommerceAction_type", "channelGrouping"],
        [2.81772e18, 1473757371, 20160913, 3, "Direct"],
        [2.81772e18, 1473757399, 20160913, 6, "Direct"],
    )
    mapping = propose_mapping(raw, "events")
    assert mapping["user_id"] == "visitId"
    ds = to_canonical(raw, "events", mapping)
    assert ds.frame.event.tolist() == ["add_to_cart", "purchase"]


def test_missing_required_alternatives():
    assert (
        missing_required(
            "orders", {"customer_id": "c", "order_time": "t", "quantity": "q", "unit_price": "p"}
        )
        == []
    )
    assert missing_required("orders", {"customer_id": "c", "order_time": "t", "quantity": "q"}) == [
        "amount"
    ]
    assert missing_required("traffic", {"date": "d", "source": "s"}) == []
    assert missing_required("prices", {"date": "d"}) == ["product", "price"]


# ------------------------------------------------------------ orders rules


def test_orders_amount_from_lines_and_returns():
    ds = to_canonical(RETAIL, "orders", propose_mapping(RETAIL, "orders"))
    f, r = ds.frame, ds.report
    assert list(f.columns[:9]) == [
        "order_id",
        "customer_id",
        "order_time",
        "amount",
        "product_id",
        "product_name",
        "quantity",
        "unit_price",
        "country",
    ]
    assert f.amount.tolist() == pytest.approx([6 * 2.55, -27.5, 6 * 1.85])
    assert f.is_return.tolist() == [False, True, False]
    assert f.customer_id.tolist()[:2] == ["17850", "14527"]
    assert pd.isna(f.customer_id[2])
    assert r.rows_read == r.rows_kept == 3 and r.rows_dropped == 0
    assert r.rows_flagged == 2
    assert r.reasons["cancelled_invoice"].count == 1 and r.reasons["cancelled_invoice"].rows == (2,)
    assert r.reasons["no_customer"].rows == (3,)
    assert not r.reasons["no_customer"].dropped


def test_status_states_in_chinese_and_english():
    # 交易关闭 with no payment time and no refund: closed before payment, never paid.
    # Kept as read (not negated), flagged void (#14 item 3: it was a negated "return").
    ds = to_canonical(TAOBAO, "orders", propose_mapping(TAOBAO, "orders"))
    assert ds.frame.is_return.tolist() == [False, False]
    assert ds.frame.is_void.tolist() == [False, True]
    assert ds.frame.amount.tolist() == [1234.5, 88.0]
    assert ds.report.reasons["closed_unpaid"].rows == (2,)
    assert not ds.report.reasons["closed_unpaid"].dropped
    # Shopify "refunded" on the order's own lines: paid, then refunded in full
    ds = to_canonical(SHOPIFY, "orders", propose_mapping(SHOPIFY, "orders"))
    assert ds.frame.is_return.tolist() == [False, False, False]
    assert ds.frame.is_void.tolist() == [False, False, False]
    assert ds.frame.refund_amount.tolist() == [0.0, 0.0, 5.0]
    assert ds.report.reasons["refunded_order"].rows == (3,)


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_return_statuses_found_beyond_the_first_rows(storage):
    """Statuses first seen late in a big file are looked up too (the Arrow path starts
    from the first rows' statuses), with blanks and padding as read."""
    from analytics.ingest import _return_statuses

    n = 25_000
    cells = np.array(["completed"] * n, dtype=object)
    cells[[3, 17_000, 24_999]] = ["refunded", " 交易关闭 ", "已退款"]
    cells[[5, 20_000]] = None
    cells[[21_000]] = "shipped"
    s = pd.Series(cells, dtype=pd.StringDtype(storage, na_value=np.nan))
    codes, hits, _, rows = _return_statuses(s)
    assert rows.tolist() == [3, 17_000, 24_999]
    assert np.flatnonzero(codes).tolist() == [3, 17_000, 24_999]
    assert codes[[3, 17_000, 24_999]].tolist() == [1, 2, 1]  # refund, closed, refund
    assert hits == {1: ["refunded", "已退款"], 2: ["交易关闭"]}


def test_shopify_lines_take_order_level_values():
    ds = to_canonical(SHOPIFY, "orders", propose_mapping(SHOPIFY, "orders"))
    f = ds.frame
    assert f.customer_id.tolist() == ["a@x.com", "a@x.com", "b@x.com"]
    assert f.order_time[1] == f.order_time[0]
    # the refunded order keeps its paid amount; its refund is refund_amount (#14 item 3)
    assert f.amount.tolist() == pytest.approx([20.0, 10.0, 5.0])
    assert f.refund_amount.tolist() == pytest.approx([0.0, 0.0, 5.0])
    assert ds.report.rows_flagged == 1  # the refund only
    assert any(code == "filled_from_order" for code, _ in ds.report.notes)


def test_no_order_id_each_row_is_an_order():
    raw = frame(
        ["customer", "date", "amount"], ["c1", "2024-01-01", 10.0], ["c1", "2024-01-02", 12.0]
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    assert ds.frame.order_id.tolist() == ["1", "2"]
    assert ("each_row_order", {}) in ds.report.notes


def test_drops_have_reasons_counts_and_row_numbers():
    raw = frame(
        ["order_id", "customer_id", "order_time", "amount"],
        ["1", "c1", "2024-01-01", "10"],
        ["2", "c2", "not a date", "10"],
        ["3", "c3", "2024-01-03", "abc"],
        ["4", None, "2024-01-04", "5"],
        ["5", "c5", None, "5"],
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    r = ds.report
    assert (r.rows_read, r.rows_kept, r.rows_dropped, r.rows_flagged) == (5, 2, 3, 1)
    assert r.reasons["bad_date:order_time"].rows == (2,)
    assert r.reasons["bad_number:amount"].rows == (3,)
    assert r.reasons["missing_value:order_time"].rows == (5,)
    assert r.reasons["no_customer"].rows == (4,) and not r.reasons["no_customer"].dropped
    assert r.reasons["bad_date:order_time"].dropped
    assert r.rejected["_row"].tolist() == [2, 3, 5]
    assert r.rejected["_reason"].tolist() == [
        "bad_date:order_time",
        "bad_number:amount",
        "missing_value:order_time",
    ]
    assert r.rejected["order_time"].tolist()[0] == "not a date"  # as read from the file
    assert ds.frame.order_id.tolist() == ["1", "4"]
    assert "order_time" in r.reasons["missing_value:order_time"].message


def test_traffic_channel_not_set_flagged():
    raw = frame(
        ["date", "channel", "visitors"], ["2024-01-01", None, 5], ["2024-01-01", "Direct", 7]
    )
    ds = to_canonical(raw, "traffic", propose_mapping(raw, "traffic"))
    assert ds.frame.channel.tolist() == ["(not set)", "Direct"]
    assert ds.report.reasons["no_channel"].rows == (1,)


# ------------------------------------------------------------ load() and errors


def test_load_bytes_path_and_file_object(tmp_path):
    data = csv_bytes(frame(["date", "channel", "visitors"], ["2024-01-01", "Direct", 10]))
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    a = load(data, filename="t.csv")
    b = load(path)
    c = load(io.BytesIO(data), filename="t.csv")
    assert isinstance(a, Dataset) and a.kind == "traffic"
    assert a.fingerprint == b.fingerprint == c.fingerprint
    assert b.filename == "t.csv"
    d = load(
        data,
        filename="t.csv",
        mapping={"date": "date", "channel": "channel", "sessions": "visitors"},
    )
    assert d.fingerprint != a.fingerprint


def test_file_digest_reads_big_files_whole(tmp_path):
    """A path is hashed in 1 MB reads; the digest is the one of its bytes."""
    from analytics.ingest import _file_digest, source_digest

    data = np.random.default_rng(3).integers(0, 256, (3 << 20) + 12_345, dtype=np.uint8).tobytes()
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert _file_digest(path) == source_digest(data) == source_digest(path)
    path.write_bytes(data[:-1] + b"x")
    assert _file_digest(path) != source_digest(data)


def test_load_chinese_gbk_csv():
    data = TAOBAO.to_csv(index=False).encode("gb18030")
    ds = load(data, filename="taobao.csv")
    assert ds.kind == "orders"
    assert ds.frame.customer_id.tolist() == ["小明", "小红"]


def test_prices_file_uploaded_as_orders_names_missing_and_kind():
    data = csv_bytes(
        frame(["date", "product", "seller", "price"], ["2024-01-01", "Mug", "A", "9.9"])
    )
    # orders need only a time and an amount (#14): the amount is what this file lacks
    with pytest.raises(IngestError, match=r"looks like prices data.*no column for amount") as err:
        load(data, filename="p.csv", kind="orders")
    assert err.value.code == "wrong_kind"
    assert err.value.params["guess"] == "prices"


def test_required_column_missing():
    # events need a user and a time; the event column is optional since #14
    raw = frame(["user_id", "event"], ["u1", "view"])
    with pytest.raises(IngestError, match=r"no column for event_time") as err:
        to_canonical(raw, "events", {"user_id": "user_id", "event": "event"})
    assert err.value.code in {"missing_columns", "wrong_kind"}


def test_every_date_unparseable():
    raw = frame(
        ["order_id", "customer_id", "order_time", "amount"],
        ["1", "c", "soon", 1.0],
        ["2", "c", "later", 2.0],
    )
    with pytest.raises(IngestError, match=r"could be read as a date") as err:
        to_canonical(
            raw,
            "orders",
            {
                "order_id": "order_id",
                "customer_id": "customer_id",
                "order_time": "order_time",
                "amount": "amount",
            },
        )
    assert err.value.code == "no_dates"


def test_unknown_kind_of_file():
    data = csv_bytes(frame(["a", "b"], ["x", "y"]))
    with pytest.raises(IngestError, match=r"Could not tell what kind") as err:
        load(data, filename="x.csv")
    assert err.value.code == "unknown_kind"


def test_mapping_to_absent_column():
    with pytest.raises(IngestError, match=r"not in the file"):
        to_canonical(
            RETAIL,
            "orders",
            {
                "order_id": "nope",
                "customer_id": "CustomerID",
                "order_time": "InvoiceDate",
                "amount": "UnitPrice",
            },
        )


def test_error_messages_exist_in_both_languages():
    from analytics.messages import STRINGS, text

    for code in (
        "missing_columns",
        "wrong_kind",
        "unknown_kind",
        "no_dates",
        "empty",
        "no_rows_left",
        "unknown_column",
    ):
        en, zh = STRINGS[f"ingest.error.{code}"]
        assert en and zh
    params = {
        "guess": "prices",
        "guess_zh": "价格",
        "kind": "orders",
        "kind_zh": "订单",
        "columns": "x",
    }
    assert "prices" in text("ingest.error.wrong_kind", "zh", **params)
    assert "看起来是" in text("ingest.error.wrong_kind", "zh", **params)


def test_wizard_flow_without_rereading():
    from analytics.readers import read_table

    raw = read_table(csv_bytes(RETAIL), "r.csv")
    kind = propose_kind(raw.frame)[0][0]
    mapping = propose_mapping(raw.frame, kind)
    mapping["customer_id"] = "Country"  # the user edits the proposal
    ds = to_canonical(raw, kind, mapping, digest="abc")
    assert ds.frame.customer_id.tolist() == ["United Kingdom"] * 3
    assert ds.mapping["customer_id"] == "Country"


def test_input_frame_not_mutated():
    raw = RETAIL.copy()
    to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    pd.testing.assert_frame_equal(raw, RETAIL)


def test_jd_and_douyin_cancel_refund_statuses():
    # 已取消 with no sign of payment: void, kept as read; 已退款 on the order's only row: a
    # refunded order (paid, refunded in full), not a negated line (#14 item 3)
    jd = to_canonical(JD, "orders", propose_mapping(JD, "orders")).frame
    assert jd.is_return.tolist() == [False, False]
    assert jd.is_void.tolist() == [False, True]
    assert jd.amount.tolist() == [199.0, 59.0]
    dy = to_canonical(DOUYIN, "orders", propose_mapping(DOUYIN, "orders")).frame
    assert dy.is_return.tolist() == [False, False]
    assert dy.is_void.tolist() == [False, False]
    assert dy.channel.tolist() == ["直播", "短视频"]
    assert dy.amount.tolist() == [129.0, 198.0]
    assert dy.refund_amount.tolist() == [0.0, 198.0]


def test_partial_refund_is_not_a_return():
    raw = frame(
        ["order_id", "customer_id", "order_time", "amount", "status"],
        ["1", "c", "2024-01-01", 10.0, "partially_refunded"],
        ["2", "c", "2024-01-02", 10.0, "退款中"],
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    assert not ds.frame.is_return.any()


def test_load_excel_with_chinese_headers():
    buf = io.BytesIO()
    JD.to_excel(buf, index=False, sheet_name="订单")
    ds = load(buf.getvalue(), filename="jd.xlsx")
    assert ds.kind == "orders"
    assert ds.mapping["order_id"] == "订单号"
    assert ds.frame.amount.tolist() == [199.0, 59.0]  # 已取消 unpaid: void, not negated
    assert ds.frame.order_time[0] == pd.Timestamp("2024-06-18 10:00:00")


def test_header_only_file_is_an_error():
    with pytest.raises(IngestError):
        load(b"order_id,customer_id,order_time,amount\n", filename="empty.csv")


def test_every_row_dropped_is_an_error():
    raw = frame(["order_id", "customer_id", "order_time", "amount"], ["1", "c", "2024-01-01", None])
    with pytest.raises(IngestError, match=r"Every row had to be dropped") as err:
        to_canonical(
            raw,
            "orders",
            {
                "order_id": "order_id",
                "customer_id": "customer_id",
                "order_time": "order_time",
                "amount": "amount",
            },
        )
    assert err.value.code == "no_rows_left"


def test_reason_and_note_messages_are_complete():
    from analytics.messages import STRINGS

    ds = to_canonical(RETAIL, "orders", propose_mapping(RETAIL, "orders"))
    for reason in ds.report.reasons.values():
        assert f"ingest.reason.{reason.code}" in STRINGS
        assert "{" not in reason.message
    for code, _ in ds.report.notes:
        assert f"ingest.note.{code}" in STRINGS


def test_fingerprint_stable_across_loads():
    data = csv_bytes(RETAIL)
    assert load(data, filename="r.csv").fingerprint == load(data, filename="r.csv").fingerprint
    assert (
        load(data, filename="r.csv").fingerprint != load(data + b"\n", filename="r.csv").fingerprint
    )


def test_every_code_raised_has_a_message():
    import re
    from pathlib import Path

    from analytics.messages import STRINGS

    root = Path(__file__).resolve().parents[2] / "analytics"
    source = (root / "ingest.py").read_text("utf-8") + (root / "coerce.py").read_text("utf-8")
    found = {
        **{f"ingest.error.{c}": c for c in re.findall(r'IngestError\(\s*"([a-z_]+)"', source)},
        **{
            f"ingest.note.{c}": c
            for c in re.findall(r'(?:note\(|_note\(notes, )"([a-z_]+)"', source)
        },
        **{f"ingest.reason.{c}": c for c in re.findall(r'\.(?:flag|drop)\(\s*"([a-z_]+)"', source)},
    }
    assert len(found) > 30
    assert not [key for key in found if key not in STRINGS]


def test_headerless_frames():
    # first line taken as a header by a reader: it is put back as data
    raw = pd.DataFrame(
        [["00005", "19970102", 1, 12.5], ["00006", "19970103", 2, 20.0]],
        columns=["00004", "19970101", "2", "29.33"],
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    assert ds.report.rows_read == 3
    assert ds.frame.customer_id.tolist() == ["00004", "00005", "00006"]
    assert ds.frame.amount.tolist() == [29.33, 12.5, 20.0]
    # integer labels (read with header=None) are positions, nothing is added
    plain = pd.DataFrame([[1, 19970101, 2.5], [2, 19970102, 3.5]])
    ds = to_canonical(plain, "orders", propose_mapping(plain, "orders"))
    assert ds.report.rows_read == 2
    assert ds.frame.order_time.tolist() == [pd.Timestamp("1997-01-01"), pd.Timestamp("1997-01-02")]
