"""General rules behind the real-exports corpus fixes (issue 14), each on a hand-made frame."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import ingest
from analytics import kinds as kd


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


# ---------------------------------------------------------------- spend of one channel


@pytest.mark.parametrize(
    ("filename", "columns", "want"),
    [
        ("google_ads.csv", ["Date", "Cost"], "Google Ads"),
        ("GoogleAds_Sales.csv", ["Date", "Cost"], "Google Ads"),
        ("adwords-2023.xlsx", ["Date", "Cost"], "Google Ads"),
        ("facebook_ads.csv", ["date", "spend"], "Meta Ads"),
        ("KAG_conversion_data.csv", ["ad_id", "fb_campaign_id", "Spent"], "Meta Ads"),
        ("tiktok_daily.csv", ["date", "cost"], "TikTok Ads"),
        ("抖音投放日报.xlsx", ["日期", "消耗"], "巨量引擎"),
        ("直通车报表.csv", ["日期", "花费"], "直通车"),
        ("report.csv", ["日期", "京东快车花费"], "京东快车"),
    ],
)
def test_platform_named_by_file_name_or_headers(filename, columns, want):
    label, source = kd.platform_channel(filename, columns)
    assert label == want
    assert source  # what named it is said


@pytest.mark.parametrize(
    ("filename", "columns"),
    [
        ("spend.csv", ["Date", "Cost"]),  # nothing named
        ("google_vs_facebook.csv", ["Date", "Cost"]),  # two platforms: not clear
        ("combined_budget.csv", ["metadata", "Cost"]),  # words inside words are no names
        ("spend.csv", ["google_cost", "fb_cost"]),  # two in the headers
    ],
)
def test_platform_not_clear(filename, columns):
    assert kd.platform_channel(filename, columns) == (None, "")


def _one_platform_spend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Day": ["2024-03-01", "2024-03-02", "2024-03-03"],
            "Cost": [10.5, 12.0, 9.25],
            "Clicks": [100, 120, 90],
            "Conversions": [3, 4, 2],
        }
    )


def test_spend_without_channel_is_one_channel_named_by_file():
    frame = _one_platform_spend()
    ds = ingest.load(_csv(frame), "google_ads_2024.csv")
    assert ds.kind == "spend" and "channel" not in ds.mapping
    assert ds.frame["channel"].tolist() == ["Google Ads"] * 3
    assert ds.frame["spend"].tolist() == frame["Cost"].tolist()
    assert ("one_channel_platform", {"channel": "Google Ads", "source": "google_ads_2024.csv"}) in (
        ds.report.notes
    )
    codes = {e.code for e in ds.recognition.evidence}
    assert "no_channel" in codes


def test_spend_without_channel_label_chosen_or_default():
    frame = _one_platform_spend()
    ds = ingest.load(_csv(frame), "spend.csv")
    assert ds.frame["channel"].unique().tolist() == [kd.DEFAULT_CHANNEL]
    assert any(code == "one_channel_default" for code, _ in ds.report.notes)
    chosen = ingest.load(_csv(frame), "google_ads.csv", channel_label="Search (brand)")
    assert chosen.frame["channel"].unique().tolist() == ["Search (brand)"]
    assert ("one_channel_stated", {"channel": "Search (brand)"}) in chosen.report.notes
    assert chosen.fingerprint != ingest.load(_csv(frame), "google_ads.csv").fingerprint


def test_spend_channel_column_of_channel_names_is_taken_from_values():
    frame = _one_platform_spend().assign(origin=["Facebook", "Google", "TikTok"])
    ds = ingest.load(_csv(frame), "ads.csv")
    assert ds.mapping.get("channel") == "origin"
    assert ds.frame["channel"].tolist() == ["Facebook", "Google", "TikTok"]


# ---------------------------------------------------------------- wide spend


def test_wide_spend_takes_a_channel_named_among_header_words():
    frame = pd.DataFrame(
        {
            "Date": ["2024-01-01", "2024-01-02"],
            "GRP (OOH)": [100.0, 80.0],
            "PPC Spend": [10.0, 12.0],
            "Display Spend": [5.0, 6.0],
            "Page Views": [1000, 1100],
        }
    )
    mapping = ingest.propose_mapping(frame, "spend")
    chans = {k: v for k, v in mapping.items() if k.startswith("spend[")}
    assert set(chans.values()) == {"GRP (OOH)", "PPC Spend", "Display Spend"}
    ds = ingest.load(_csv(frame), "media.csv")
    by = ds.frame.groupby("channel")["spend"].sum()
    assert by["GRP (OOH)"] == 180.0 and by.sum() == 180.0 + 22.0 + 11.0


def test_wide_spend_takes_the_column_the_total_needs_whatever_its_name():
    frame = pd.DataFrame(
        {
            "Date": ["2024-01-01", "2024-01-02", "2024-01-03"],
            "Zeta": [100.0, 80.0, 70.0],
            "PPC Spend": [10.0, 12.0, 11.0],
            "Display Spend": [5.0, 6.0, 4.0],
            "Hits": [7.0, 9.0, 3.0],
        }
    )
    frame["total"] = frame["Zeta"] + frame["PPC Spend"] + frame["Display Spend"]
    mapping = ingest.propose_mapping(frame, "spend")
    chans = {v for k, v in mapping.items() if k.startswith("spend[")}
    assert chans == {"Zeta", "PPC Spend", "Display Spend"}  # Hits does not add up
    ds = ingest.load(_csv(frame), "media.csv")
    assert any(code == "total_left_out" for code, _ in ds.report.notes)


def test_money_parts_adding_up_to_a_total_are_not_channels():
    frame = pd.DataFrame(
        {"总金额": [100.0, 50.0], "已收金额": [60.0, 50.0], "未收金额": [40.0, 0.0]}
    )
    bare, _ = kd.bare_channel_columns(frame, set(), lambda c: True)
    assert bare == {}
    # TV and Radio adding up to the same total are channels
    media = frame.rename(columns={"已收金额": "TV", "未收金额": "Radio"})
    bare, _ = kd.bare_channel_columns(media, set(), lambda c: True)
    assert set(bare.values()) == {"TV", "Radio"}


def test_monthly_wide_spend_with_year_and_month_loads():
    frame = pd.DataFrame(
        {
            "Year": [2015, 2015],
            "Month": [7, 8],
            "Total Investment": [3.0, 5.5],
            "TV": [1.0, 2.5],
            "Sponsorship": [2.0, 3.0],
        }
    )
    ds = ingest.load(_csv(frame), "marketing.csv")
    assert ds.kind == "spend"
    assert sorted(ds.frame["date"].dt.strftime("%Y-%m").unique()) == ["2015-07", "2015-08"]
    assert ds.frame["spend"].sum() == frame["TV"].sum() + frame["Sponsorship"].sum()


# ---------------------------------------------------------------- orders


def test_line_price_without_quantity_is_the_amount_not_freight():
    frame = pd.DataFrame(
        {
            "order_id": ["a1", "a2", "a3"],
            "shipping_limit_date": ["2024-01-01 10:00", "2024-01-02 11:00", "2024-01-03 12:00"],
            "price": [58.9, 239.9, 19.0],
            "freight_value": [13.29, 19.93, 8.0],
        }
    )
    mapping = ingest.propose_mapping(frame, "orders")
    assert mapping["amount"] == "price" and "unit_price" not in mapping
    ds = ingest.load(_csv(frame), "items.csv")
    assert ds.frame["amount"].sum() == pytest.approx(frame["price"].sum())


def test_shopify_orders_without_line_columns_take_name_and_total():
    frame = pd.DataFrame(
        {
            "Name": ["#1001", "#1002", "#1003"],
            "Subtotal": [10.0, 20.0, 30.0],
            "Taxes": [1.0, 2.0, 3.0],
            "Total": [11.0, 22.0, 33.0],
            "Created at": [
                "2024-01-01 10:00 +1100",
                "2024-01-02 10:00 +1100",
                "2024-01-03 10:00 +1100",
            ],
            "Billing Province": ["NT", "NSW", "VIC"],
        }
    )
    mapping = ingest.propose_mapping(frame, "orders")
    assert mapping["order_id"] == "Name" and mapping["amount"] == "Total"
    ds = ingest.load(_csv(frame), "orders_export.csv")
    assert ds.frame["order_id"].tolist() == ["#1001", "#1002", "#1003"]
    assert ds.frame["amount"].sum() == 66.0
    # with line columns the Shopify rule stands: the amount is quantity x price
    lines = frame.assign(**{"Lineitem quantity": [1, 2, 3], "Lineitem price": [10.0, 10.0, 10.0]})
    m2 = ingest.propose_mapping(lines, "orders")
    assert "amount" not in m2 and m2["quantity"] == "Lineitem quantity"


def test_order_export_with_received_and_outstanding_is_orders():
    frame = pd.DataFrame(
        {
            "订单号": [f"SO{i:04d}" for i in range(8)],
            "客户名称": [
                "甲公司",
                "乙公司",
                "丙公司",
                "甲公司",
                "丁公司",
                "乙公司",
                "戊公司",
                "甲公司",
            ],
            "总金额": [100.0, 250.0, 80.0, 60.0, 300.0, 120.0, 90.0, 40.0],
            "已收金额": [100.0, 200.0, 0.0, 60.0, 300.0, 20.0, 90.0, 0.0],
            "订单日期": pd.date_range("2024-01-01", periods=8).strftime("%Y-%m-%d"),
            "订单状态": ["已完成"] * 8,
        }
    )
    frame["未收金额"] = frame["总金额"] - frame["已收金额"]
    prop = ingest.propose(frame)
    assert prop.kind == "orders"
    assert prop.mapping["order_id"] == "订单号" and prop.mapping["amount"] == "总金额"


# ---------------------------------------------------------------- prices by date


def test_price_columns_per_date_are_pivoted_long_with_the_date_from_the_name():
    frame = pd.DataFrame(
        {
            "Model": ["A1", "B2", "C3"],
            "Store": ["s1", "s2", "s1"],
            "Link": ["https://x.test/a1", "https://x.test/b2", "https://x.test/c3"],
            "Price_2026-03-23": [10.0, 20.0, None],
            "Price_2026-03-24": [11.0, 19.5, 30.0],
            "2026/3/25价格": [12.0, 19.0, 29.0],
        }
    )
    mapping = ingest.propose_mapping(frame, "prices")
    assert mapping["price[date:2026-03-23]"] == "Price_2026-03-23"
    assert mapping["price[date:2026-03-25]"] == "2026/3/25价格"
    assert mapping["url"] == "Link" and "date" not in mapping
    assert ingest.missing_required("prices", {**mapping, "product": "Model"}) == []
    ds = ingest.load(_csv(frame), "scrape.csv", "prices", {**mapping, "product": "Model"})
    # slow obvious pivot: one row per file row and dated column with a price
    want = []
    for _, row in frame.iterrows():
        for col, day in (
            ("Price_2026-03-23", "2026-03-23"),
            ("Price_2026-03-24", "2026-03-24"),
            ("2026/3/25价格", "2026-03-25"),
        ):
            if pd.notna(row[col]):
                want.append((day, row["Model"], row["Store"], row[col]))
    got = [
        (d.strftime("%Y-%m-%d"), p, s, v)
        for d, p, s, v in zip(
            ds.frame["date"],
            ds.frame["product"],
            ds.frame["seller"],
            ds.frame["price"],
            strict=True,
        )
    ]
    assert sorted(got) == sorted(want)
    assert ds.report.rows_read == 3 and ds.report.rows_kept == 3
    assert any(code == "wide_dated_prices" for code, _ in ds.report.notes)


def test_one_dated_price_column_is_not_a_wide_table():
    frame = pd.DataFrame({"date": ["2024-01-01"], "product": ["a"], "Price_2026-03-23": [1.0]})
    assert not any("date:" in k for k in ingest.propose_mapping(frame, "prices"))


def test_a_channel_measure_column_is_not_another_channel():
    frame = pd.DataFrame(
        {
            "DATE": ["2015-11-23", "2015-11-30"],
            "tv_S": [1.0, 2.0],
            "facebook_S": [1000.0, 2000.0],
            "facebook_I": [5000.0, 6000.0],  # facebook impressions, named by a channel word
        }
    )
    mapping = ingest.propose_mapping(frame, "spend")
    assert {v for k, v in mapping.items() if k.startswith("spend[")} == {"tv_S", "facebook_S"}


def test_a_price_history_is_not_orders_for_its_price_column():
    frame = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
            "product": ["a", "a", "b"],
            "price": [9.9, 9.5, 20.0],
        }
    )
    assert "amount" not in ingest.propose_mapping(frame, "orders")
    assert ingest.propose(frame).kind == "prices"
