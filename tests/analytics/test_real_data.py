"""Every file in ../shared/data/real loads with the proposed kind and mapping, no manual change.

Counts come from ../shared/data/real/MANIFEST.md; spot values are recomputed
here from the raw file with plain pandas where the manifest does not give them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.ingest import load


def notes_of(ds) -> dict[str, dict]:
    return dict(ds.report.notes)


def check_counts(ds, rows_read: int) -> None:
    r = ds.report
    assert r.rows_read == rows_read
    assert r.rows_kept + r.rows_dropped == r.rows_read
    dropped_by_reason = sum(x.count for x in r.reasons.values() if x.dropped)
    assert dropped_by_reason == r.rows_dropped  # every dropped row has a reason
    if r.rows_dropped:
        assert len(r.rejected) == r.rows_dropped


# ------------------------------------------------------------ transactions


@pytest.mark.parametrize(
    ("path", "rows", "cols", "cancelled", "no_customer"),
    [
        pytest.param(
            "transactions/uci_online_retail.parquet",
            541_909,
            ("InvoiceNo", "CustomerID", "UnitPrice"),
            9_288,
            135_080,
            id="retail-parquet",
        ),
        pytest.param(
            "transactions/uci_online_retail.csv.gz",
            541_909,
            ("InvoiceNo", "CustomerID", "UnitPrice"),
            9_288,
            135_080,
            id="retail-csv-gz",
        ),
        pytest.param(
            "transactions/uci_online_retail_ii_2009-2010.parquet",
            525_461,
            ("Invoice", "Customer ID", "Price"),
            10_206,
            107_927,
            id="retail-ii-parquet",
        ),
        pytest.param(
            "transactions/uci_online_retail_ii_2009-2010.csv.gz",
            525_461,
            ("Invoice", "Customer ID", "Price"),
            10_206,
            107_927,
            id="retail-ii-csv-gz",
        ),
    ],
)
def test_online_retail(real, path, rows, cols, cancelled, no_customer):
    ds = load(real(path))
    order_col, customer_col, price_col = cols
    assert ds.kind == "orders"
    assert ds.mapping["order_id"] == order_col
    assert ds.mapping["customer_id"] == customer_col
    assert ds.mapping["order_time"] == "InvoiceDate"
    assert ds.mapping["quantity"] == "Quantity" and ds.mapping["unit_price"] == price_col
    assert "amount" not in ds.mapping
    check_counts(ds, rows)
    r, f = ds.report, ds.frame
    assert r.rows_dropped == 0
    assert r.reasons["cancelled_invoice"].count == cancelled
    assert r.reasons["no_customer"].count == no_customer
    assert f.customer_id.isna().sum() == no_customer
    c_rows = f.order_id.str.startswith("C")
    assert c_rows.sum() == cancelled
    assert f.is_return[c_rows].all()
    assert (f.amount[c_rows] <= 0).all()
    # line money = quantity x unit price
    assert f.amount.abs().sum() == pytest.approx((f.quantity * f.unit_price).abs().sum())
    assert f.loc[0, "customer_id"].isdigit()
    assert r.rows_flagged == (f.is_return | f.customer_id.isna()).sum()


def test_online_retail_first_row_and_dates(real):
    ds = load(real("transactions/uci_online_retail.parquet"))
    f = ds.frame
    assert f.loc[0, ["order_id", "customer_id", "product_id"]].tolist() == [
        "536365",
        "17850",
        "85123A",
    ]
    assert f.loc[0, "amount"] == pytest.approx(6 * 2.55)
    assert f.order_time.min() == pd.Timestamp("2010-12-01 08:26")
    assert f.order_time.max() == pd.Timestamp("2011-12-09 12:50")
    assert f.customer_id.nunique() == 4_372
    assert f.order_id.nunique() == 25_900


def test_cdnow_master(real):
    path = real("transactions/cdnow_master.txt")
    ds = load(path)
    assert ds.kind == "orders"
    assert ds.mapping == {
        "customer_id": "customer_id",
        "order_time": "date",
        "amount": "dollar_value",
        "quantity": "number_of_cds",
    }
    check_counts(ds, 69_659)
    f = ds.frame
    plain = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": str})
    assert f.amount.sum() == pytest.approx(plain.dollar_value.sum())
    assert f.customer_id.iloc[0] == "00001"
    assert f.order_id.nunique() == 69_659  # no order id: each row is an order
    assert "each_row_order" in notes_of(ds)
    assert (f.order_time.min(), f.order_time.max()) == (
        pd.Timestamp("1997-01-01"),
        pd.Timestamp("1998-06-30"),
    )


def test_cdnow_sample_without_header(real):
    ds = load(real("transactions/cdnow_sample.txt"))
    assert ds.kind == "orders"
    assert ds.mapping["customer_id"] == "column_1"
    assert ds.mapping["order_time"] == "column_3"
    assert ds.mapping["amount"] == "column_5"
    check_counts(ds, 6_919)
    f = ds.frame
    assert f.customer_id.nunique() == 2_357
    assert f.loc[0, "amount"] == pytest.approx(29.33)
    assert (f.order_time.min(), f.order_time.max()) == (
        pd.Timestamp("1997-01-01"),
        pd.Timestamp("1998-06-30"),
    )
    assert "no_header" in notes_of(ds)


# ------------------------------------------------------------ events


def test_rees46_events(real):
    ds = load(real("events/rees46_multicategory_2019-10_prefix.csv"))
    assert ds.kind == "events"
    assert ds.mapping["event"] == "event_type"
    assert ds.mapping["user_id"] == "user_id" and ds.mapping["session_id"] == "user_session"
    check_counts(ds, 17_434)
    f = ds.frame
    assert ds.report.rows_dropped == 0
    assert f.event.value_counts().to_dict() == {"view": 17_055, "purchase": 214, "cart": 165}
    assert f.user_id.nunique() == 4_504 and f.session_id.nunique() == 5_066
    assert f.event_time.min() == pd.Timestamp("2019-10-01 00:00:00")
    assert f.event_time.max() == pd.Timestamp("2019-10-01 02:50:00")
    assert f.category.isna().sum() == 5_746
    assert "brand" in f.columns


def test_ga360_all_sessions_events(real):
    ds = load(real("events/ga360_merch_store_all_sessions.csv"))
    assert ds.kind == "events"
    assert ds.mapping["user_id"] == "visitId"  # fullVisitorId was mangled by Excel
    assert ds.mapping["event"] == "eCommerceAction_type"
    assert ds.mapping["price"] == "productPrice"
    check_counts(ds, 15_134)
    f = ds.frame
    counts = f.event.value_counts().to_dict()
    assert (
        counts["add_to_cart"] == 37
        and counts["purchase"] == 9
        and counts["product_detail_view"] == 137
    )
    assert counts["page_view"] == 14_785
    assert f.loc[0, "price"] == pytest.approx(2.99)  # 2990000 micros
    assert notes_of(ds)["micros"] == {"column": "productPrice"}
    assert f.user_id.nunique() == 14_556
    assert f.event_time.min() == pd.Timestamp("2016-08-01")
    assert f.event_time.max() == pd.Timestamp("2017-08-01")


# ------------------------------------------------------------ traffic


def test_ga4_daily_source_medium(real):
    ds = load(real("traffic/ga4_merch_store_daily_funnel_by_source_medium.csv"))
    assert ds.kind == "traffic"
    assert ds.mapping["date"] == "event_date"
    assert ds.mapping["source"] == "source" and ds.mapping["medium"] == "medium"
    assert ds.mapping["sessions"] == "sessions_start_count"
    check_counts(ds, 920)
    f = ds.frame
    assert f.sessions.sum() == 354_857
    assert f.visitors.sum() == 354_857
    assert "visitors_from_sessions" in notes_of(ds)
    assert (f.date.min(), f.date.max()) == (pd.Timestamp("2020-11-01"), pd.Timestamp("2021-01-31"))
    assert f.medium.value_counts()["referral"] == 188
    assert "visit_to_purchase" in f.columns


def test_ga360_analytics_hits_as_traffic(real):
    ds = load(real("traffic/ga360_merch_store_analytics_excel-truncated.csv.gz"))
    assert ds.kind == "traffic"
    assert ds.mapping["channel"] == "channel_grouping"
    assert ds.mapping["date"] == "purchase_date"
    check_counts(ds, 1_048_575)
    f = ds.frame
    assert f.channel.value_counts()["Organic Search"] == 515_197
    assert f.sessions.sum() == f.visit_id.nunique()  # each visit counted once
    assert notes_of(ds)["sessions_from_ids"] == {"column": "visit_id"}
    assert notes_of(ds)["micros"] == {"column": "revenue"}
    assert f.revenue.notna().sum() == 3_685
    assert f.revenue.max() < 1e5  # dollars, not micros
    assert (f.date.min(), f.date.max()) == (pd.Timestamp("2017-05-01"), pd.Timestamp("2017-08-01"))


def test_online_shoppers_month_only(real):
    ds = load(real("traffic/uci_online_shoppers_intention.csv"))
    assert ds.kind == "traffic"
    assert ds.mapping["date"] == "Month" and ds.mapping["channel"] == "TrafficType"
    assert ds.mapping["buyers"] == "Revenue"
    check_counts(ds, 12_330)
    f = ds.frame
    n = notes_of(ds)
    assert n["month_only"]["column"] == "Month"
    assert "row_is_session" in n
    assert f.buyers.sum() == 1_908
    assert f.visitors.sum() == 12_330
    assert sorted(f.date.dt.month.unique()) == [2, 3, 5, 6, 7, 8, 9, 10, 11, 12]
    assert (f.date.dt.day == 1).all()


def test_olist_leads_day_first(real):
    ds = load(real("traffic/olist_marketing_qualified_leads.csv"))
    assert ds.kind == "traffic"
    assert ds.mapping["date"] == "first_contact_date" and ds.mapping["channel"] == "origin"
    check_counts(ds, 8_000)
    f = ds.frame
    assert "dayfirst" in notes_of(ds)
    assert (f.date.min(), f.date.max()) == (pd.Timestamp("2017-06-14"), pd.Timestamp("2018-05-31"))
    assert f.loc[0, "date"] == pd.Timestamp("2018-02-01")  # 01-02-2018 is 1 February
    counts = f.channel.value_counts()
    assert counts["organic_search"] == 2_296 and counts["(not set)"] == 60
    assert ds.report.reasons["no_channel"].count == 60


def test_olist_closed_deals(real):
    ds = load(real("traffic/olist_closed_deals.csv"))
    assert ds.kind == "traffic"
    assert ds.mapping["date"] == "won_date"
    check_counts(ds, 842)
    f = ds.frame
    assert f.date.min().normalize() == pd.Timestamp("2017-12-05")
    assert f.date.max().normalize() == pd.Timestamp("2018-11-14")
    assert f.loc[0, "date"] == pd.Timestamp("2018-02-26 19:58")
    assert "mql_id" in f.columns  # joins to the leads


# ------------------------------------------------------------ marketing mix


@pytest.mark.parametrize(
    ("path", "rows", "channels"),
    [
        pytest.param(
            "marketing_mix/robyn_dt_simulated_weekly.csv",
            208,
            {
                "tv": "tv_S",
                "ooh": "ooh_S",
                "print": "print_S",
                "search": "search_S",
                "facebook": "facebook_S",
            },
            id="robyn",
        ),
        pytest.param(
            "marketing_mix/meridian_national_all_channels.csv",
            156,
            {f"Channel{i}": f"Channel{i}_spend" for i in range(5)},
            id="meridian-national",
        ),
        pytest.param(
            "marketing_mix/meridian_geo_all_channels.csv",
            6_240,
            {f"Channel{i}": f"Channel{i}_spend" for i in range(5)},
            id="meridian-geo",
        ),
        pytest.param(
            "marketing_mix/pymc_marketing_mmm_example_rounded.csv",
            179,
            {"x1": "x1", "x2": "x2"},
            id="pymc-marketing",
        ),
    ],
)
def test_marketing_mix_pivoted_long(real, path, rows, channels):
    file = real(path)
    ds = load(file)
    assert ds.kind == "spend"
    assert {k[6:-1]: v for k, v in ds.mapping.items() if k.startswith("spend[")} == channels
    check_counts(ds, rows)
    f = ds.frame
    assert list(f.columns[:3]) == ["date", "channel", "spend"]
    assert len(f) == rows * len(channels)
    assert set(f.channel) == set(channels)
    plain = pd.read_csv(file)
    for ch, col in channels.items():
        assert f.loc[f.channel == ch, "spend"].sum() == pytest.approx(plain[col].sum())
    assert "wide_spend" in notes_of(ds)
    assert f.date.notna().all()


def test_marketing_mix_revenue(real):
    robyn = load(real("marketing_mix/robyn_dt_simulated_weekly.csv")).frame
    tv = robyn[robyn.channel == "tv"].reset_index(drop=True)
    assert tv.loc[0, "revenue"] == pytest.approx(2754371.66666667)
    assert tv.loc[0, "date"] == pd.Timestamp("2015-11-23")
    assert robyn[robyn.channel == "facebook"].impressions.notna().all()
    meridian = load(real("marketing_mix/meridian_national_all_channels.csv")).frame
    first = meridian.iloc[0]
    assert first.revenue == pytest.approx(386300926.3 * 0.019999500475)
    pymc = load(real("marketing_mix/pymc_marketing_mmm_example_rounded.csv")).frame
    assert pymc.iloc[0].revenue == pytest.approx(3984.66)
    geo = load(real("marketing_mix/meridian_geo_all_channels.csv")).frame
    assert geo.geo.nunique() == 40


# ------------------------------------------------------------ prices


def test_power_drills_panel(real):
    ds = load(real("prices/power_drills_weekly_panel_amzn_wmt_hd_low.csv"))
    assert ds.kind == "prices"
    assert ds.mapping["date"] == "byweek" and ds.mapping["seller"] == "platform"
    assert ds.mapping["product"] == "product" and ds.mapping["price"] == "price"
    assert ds.mapping["product_id"] == "model"
    check_counts(ds, 13_481)
    r, f = ds.report, ds.frame
    assert r.rows_kept == 3_061 and r.rows_dropped == 10_420
    assert all(x.code == "missing_value" for x in r.reasons.values() if x.dropped)
    assert f.seller.value_counts().to_dict() == {"AMZN": 1_151, "WMT": 748, "HD": 627, "LOW": 535}
    assert notes_of(ds)["week_of_year"]["column"] == "byweek"
    assert (f.date.dt.day_of_week == 0).all()  # weeks start on Monday
    assert f.date.nunique() == 17


def test_retail_price_optimization_wide(real):
    ds = load(real("prices/kaggle_retail_price_optimization.csv"))
    assert ds.kind == "prices"
    assert ds.mapping["date"] == "month_year"
    assert ds.mapping["price[own]"] == "unit_price"
    assert {"price[comp_1]", "price[comp_2]", "price[comp_3]"} <= set(ds.mapping)
    check_counts(ds, 676)
    f = ds.frame
    assert set(f.seller) == {"own", "comp_1", "comp_2", "comp_3"}
    assert f[f.seller == "own"].own.all()
    assert (f.date.dt.day == 1).all()  # DD-MM-YYYY, always the 1st
    assert (f.date.min(), f.date.max()) == (pd.Timestamp("2017-01-01"), pd.Timestamp("2018-08-01"))
    assert f["product"].nunique() == 52
