"""Files without a column an analysis can do without (issue 14 item 2): events without an
event column or with numeric codes, prices without a seller, spend dated by parts, wide
spend tables with totals. Each value is checked against a hand computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import kinds as kd
from analytics import pricing as pr
from analytics.coerce import ASSUMED_YEAR
from analytics.funnel import event_activity, funnel_counts
from analytics.ingest import load, missing_required, propose_kind, propose_mapping, to_canonical
from analytics.messages import STRINGS


def frame(columns: list[str], *rows: list) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


def notes(ds) -> dict[str, dict]:
    return dict(ds.report.notes)


def test_every_note_and_reason_is_bilingual():
    for code in (
        "each_row_event",
        "event_legend",
        "event_unmapped",
        "event_codes",
        "own_prices",
        "date_from_month",
        "date_from_week",
        "date_from_day",
        "date_parts_in_year",
        "date_parts_year_assumed",
        "month_only_in_year",
        "week_of_year_in_year",
        "year_stated",
        "year_from_context",
        "total_left_out",
        "total_mismatch",
        "subtotal_left_out",
        "not_a_channel",
    ):
        en, zh = STRINGS[f"ingest.note.{code}"]
        assert en and zh
    assert STRINGS["ingest.reason.total_row"]


# ------------------------------------------------------------ events

VIEWS = frame(
    ["user_id", "event_time", "product_id"],
    ["u1", "2024-03-01 10:00", "p1"],
    ["u2", "2024-03-01 11:00", "p2"],
    ["u1", "2024-03-02 09:00", "p3"],
    ["u3", "2024-03-04 18:30", "p1"],
    ["u1", "2024-03-04 19:00", "p2"],
)


def test_view_only_log_loads_as_events_with_event_view():
    ds = load(csv_bytes(VIEWS), "views.csv")
    assert ds.kind == "events"
    assert "event" not in ds.mapping
    f = ds.frame
    assert f["event"].tolist() == ["view"] * 5
    assert notes(ds)["each_row_event"] == {"event": "view"}
    assert ds.report.rows_read == ds.report.rows_kept == 5
    # the funnel counts work: 3 distinct users viewed, nobody reached a second step
    counts = funnel_counts(f, ["view", "purchase"], window=pd.Timedelta(days=30))
    assert counts["users"].tolist() == [3, 0]


def test_default_event_is_chosen_on_import():
    ds = load(csv_bytes(VIEWS), "views.csv", kind="events", default_event="浏览")
    assert set(ds.frame["event"]) == {"浏览"}
    assert notes(ds)["each_row_event"] == {"event": "浏览"}
    # a different choice is a different dataset
    assert ds.fingerprint != load(csv_bytes(VIEWS), "views.csv", kind="events").fingerprint


def test_event_activity_by_hand():
    f = load(csv_bytes(VIEWS), "views.csv").frame
    act = event_activity(f)
    # 1 Mar: u1, u2; 2 Mar: u1; 4 Mar: u3, u1
    assert act["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-01",
        "2024-03-02",
        "2024-03-04",
    ]
    assert act["events"].tolist() == [2, 1, 2]
    assert act["users"].tolist() == [2, 1, 2]
    week = event_activity(f, "W")  # Mon 26 Feb - Sun 3 Mar, Mon 4 Mar - ...
    assert week["events"].tolist() == [3, 2] and week["users"].tolist() == [2, 2]
    with pytest.raises(ValueError, match="freq"):
        event_activity(f, "Q")


BEHAVIOUR = frame(
    ["user_id", "item_id", "category_id", "behavior_type", "time"],
    [1, 10, 100, 1, "2014-12-01 10:00"],
    [1, 10, 100, 3, "2014-12-01 10:05"],
    [1, 10, 100, 4, "2014-12-01 10:20"],
    [2, 11, 100, 1, "2014-12-02 09:00"],
    [2, 11, 100, 2, "2014-12-02 09:01"],
    [3, 12, 101, 1, "2014-12-03 08:00"],
    [3, 12, 101, 7, "2014-12-03 08:30"],
)
LEGEND = {"1": "pv", "2": "fav", "3": "cart", "4": "buy"}


def test_numeric_codes_without_legend_are_kept_and_noted():
    ds = load(csv_bytes(BEHAVIOUR), "behaviour.csv", kind="events")
    assert ds.mapping["event"] == "behavior_type"
    assert ds.frame["event"].tolist() == ["1", "3", "4", "1", "2", "1", "7"]
    assert notes(ds)["event_codes"] == {"column": "behavior_type", "values": "1, 2, 3, 4, 7"}


def test_behaviour_codes_named_by_a_legend():
    ds = load(csv_bytes(BEHAVIOUR), "behaviour.csv", kind="events", event_legend=LEGEND)
    f = ds.frame
    assert f["event"].tolist() == ["pv", "cart", "buy", "pv", "fav", "pv", "7"]
    n = notes(ds)
    assert n["event_legend"] == {
        "column": "behavior_type",
        "legend": "1 = pv, 3 = cart, 4 = buy, 2 = fav",
    }
    assert n["event_unmapped"] == {"column": "behavior_type", "count": 1, "values": "7"}
    # the funnel by hand: pv by 1, 2, 3; cart by 1 only; buy by 1
    counts = funnel_counts(f, ["pv", "cart", "buy"])
    assert counts["users"].tolist() == [3, 1, 1]


def test_legend_keys_compare_as_text():
    s = pd.Series([1.0, 2.0, np.nan, 1.0, 5.0])
    named, used, unmapped = kd.apply_event_legend(s, {1: "pv", " 2 ": "fav", "9": "x"})
    assert named.tolist()[:2] == ["pv", "fav"] and pd.isna(named.iloc[2])
    assert named.tolist()[3:] == ["pv", "5"]
    assert used == {"1": "pv", "2": "fav"} and unmapped == ["5"]


# ------------------------------------------------------------ prices

OWN = frame(
    ["日期", "商品名称", "价格"],
    ["2024-05-01", "保温杯", "¥99"],
    ["2024-05-08", "保温杯", "¥79"],
    ["2024-05-15", "保温杯", "¥99"],
    ["2024-05-01", "雨伞", "¥30"],
    ["2024-05-15", "雨伞", "¥36"],
)


def test_price_history_without_seller_is_own():
    ds = load(csv_bytes(OWN), "my_prices.csv")
    assert ds.kind == "prices"
    assert "seller" not in ds.mapping
    f = ds.frame
    assert f["seller"].tolist() == ["own"] * 5
    assert f["own"].tolist() == [True] * 5
    assert f["price"].tolist() == [99.0, 79.0, 99.0, 30.0, 36.0]
    assert notes(ds)["own_prices"] == {"seller": "own"}
    ds2 = load(csv_bytes(OWN), "my_prices.csv", own_seller="本店")
    assert set(ds2.frame["seller"]) == {"本店"}
    assert pr.own_seller_from(ds2.frame) == "本店"


def test_pricing_works_on_own_prices_or_says_what_needs_competitors():
    f = load(csv_bytes(OWN), "my_prices.csv").frame
    assert pr.sellers(f) == ["own"]
    # price changes by hand: 保温杯 99 -> 79 (-20%) -> 99 (+25.3%); 雨伞 30 -> 36 (+20%)
    ch = pr.price_changes(f).sort_values(["product", "date"]).reset_index(drop=True)
    assert ch["change_pct"].round(4).tolist() == [
        round(79 / 99 - 1, 4),
        round(99 / 79 - 1, 4),
        round(36 / 30 - 1, 4),
    ]
    # our own promotion: the 79 came back to 99 within 14 days
    drops = pr.classify_drops(f, own_seller=None)
    assert drops["kind"].astype(str).tolist() == ["promotion"]
    # position: nothing to compare with, every product is ours alone
    pos = pr.position(f, own_seller="own")
    assert set(pos["status"]) == {"only_us"}
    # the index needs competitors, and says so
    with pytest.raises(ValueError, match="only 'own'.s own prices.*competitor prices"):
        pr.price_index(f, "own")
    with pytest.raises(ValueError, match="competitor prices"):
        pr.index_contributions(f, "own")


def test_seller_column_named_dianming():
    raw = frame(
        ["日期", "商品名称", "店名", "价格"],
        ["2024-05-01", "保温杯", "A旗舰店", "99"],
        ["2024-05-01", "保温杯", "B专营店", "89"],
    )
    assert propose_kind(raw)[0][0] == "prices"
    mapping = propose_mapping(raw, "prices")
    assert mapping["seller"] == "店名"
    ds = to_canonical(raw, "prices", mapping)
    assert ds.frame["seller"].tolist() == ["A旗舰店", "B专营店"]


@pytest.mark.parametrize("header", ["店铺", "商家", "marketplace", "platform", "retailer", "store"])
def test_seller_headers(header):
    raw = frame(["date", "product", header, "price"], ["2024-05-01", "Mug", "X", "9.9"])
    assert propose_mapping(raw, "prices")["seller"] == header


# ------------------------------------------------------------ spend

MONTHLY = frame(
    ["Year", "Month", "TV", "Facebook", "Google Ads", "Total"],
    [2023, 11, 1200.0, 350.5, 410.25, 1960.75],
    [2023, 12, 1500.0, 420.0, 380.0, 2300.0],
    [2024, 1, 900.0, 300.0, 505.5, 1705.5],
)


def test_wide_monthly_spend_with_total():
    raw = MONTHLY
    # (which kind ranks first is the recognition's part: orders now need only a time and an
    # amount, so Month + Total tie with spend; spend must at least score as fully usable)
    assert dict(propose_kind(raw))["spend"] >= 0.9
    mapping = propose_mapping(raw, "spend")
    assert mapping == {
        "date[year]": "Year",
        "date[month]": "Month",
        "spend[TV]": "TV",
        "spend[Facebook]": "Facebook",
        "spend[Google Ads]": "Google Ads",
    }
    assert missing_required("spend", mapping) == []
    ds = to_canonical(raw, "spend", mapping)
    f = ds.frame
    assert set(f["channel"]) == {"TV", "Facebook", "Google Ads"}  # no Total, Year or Month
    assert "Total" not in f.columns and "Year" not in f.columns
    tv = f[f.channel == "TV"]
    assert tv["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-11-01", "2023-12-01", "2024-01-01"]
    assert tv["spend"].tolist() == [1200.0, 1500.0, 900.0]
    # the long table adds up to the file's totals
    by_date = f.groupby("date")["spend"].sum()
    assert by_date.tolist() == pytest.approx(raw["Total"].tolist())
    n = notes(ds)
    assert n["total_left_out"] == {"column": "Total", "rows": 3}
    assert n["date_from_month"] == {"year": "Year", "month": "Month"}
    assert "total_mismatch" not in n


def test_total_mismatch_names_the_worst_row():
    raw = MONTHLY.copy()
    # rounding allows 0.5 (TV: whole numbers) + 0.05 (Facebook: 1 decimal) + 0.005 (Google
    # Ads: 2) + 0.005 (Total: 2) = 0.56 per row
    raw.loc[0, "Total"] = 1962.75  # 2 off
    raw.loc[1, "Total"] = 2300.5  # 0.5 off: within rounding
    raw.loc[2, "Total"] = 1805.5  # 100 off: the worst
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    n = notes(ds)["total_mismatch"]
    assert n == {
        "column": "Total",
        "count": 2,
        "rows": 3,
        "row": 3,
        "total": "1,805.50",
        "sum": "1,705.50",
    }
    assert len(ds.frame) == 9  # nothing dropped for a mismatch: it is said, not hidden


def test_total_within_rounding_matches():
    # channels and total rounded to whole numbers: 10.4 + 20.4 + 30.4 = 61.2 shown as 61
    raw = frame(["Year", "Month", "TV", "Radio", "Print", "合计"], [2024, 3, 10, 20, 30, 61])
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    assert notes(ds)["total_left_out"] == {"column": "合计", "rows": 1}
    three = {"a": pd.Series([10.0]), "b": pd.Series([20.0]), "c": pd.Series([30.0])}
    # four whole-number columns: up to 4 x 0.5 = 2 apart
    ok, sums, checked = kd.check_total(three, pd.Series([62.0]))
    assert ok.tolist() == [True] and sums.tolist() == [60.0] and checked.tolist() == [True]
    ok, _, _ = kd.check_total(three, pd.Series([63.0]))
    assert ok.tolist() == [False]
    # an empty total is not checked
    ok, _, checked = kd.check_total(three, pd.Series([np.nan]))
    assert ok.tolist() == [True] and checked.tolist() == [False]


def test_total_row_and_subtotal_are_left_out():
    raw = frame(
        ["Year", "Month", "TV", "Radio", "Search", "Social", "Digital subtotal", "Grand Total"],
        [2024, "1", 100.0, 50.0, 30.0, 20.0, 50.0, 200.0],
        [2024, "2", 110.0, 40.0, 35.0, 15.0, 50.0, 200.0],
        [2024, "Total", 210.0, 90.0, 65.0, 35.0, 100.0, 400.0],
    )
    mapping = propose_mapping(raw, "spend")
    assert {k for k in mapping if k.startswith("spend[")} == {
        "spend[TV]",
        "spend[Radio]",
        "spend[Search]",
        "spend[Social]",
    }
    ds = to_canonical(raw, "spend", mapping)
    r = ds.report
    assert r.rows_read == 3 and r.rows_kept == 2 and r.rows_dropped == 1
    assert r.reasons["total_row:Month"].rows == (3,)
    n = notes(ds)
    assert n["subtotal_left_out"] == {"column": "Digital subtotal"}
    assert n["total_left_out"] == {"column": "Grand Total", "rows": 2}
    assert ds.frame["spend"].sum() == 400.0


def test_month_and_day_with_a_stated_year():
    raw = frame(
        ["月份", "日", "抖音", "直通车"],
        [7, 30, 500.0, 300.0],
        [7, 31, 520.0, 280.0],
        [8, 1, 0.0, 310.0],
    )
    mapping = propose_mapping(raw, "spend")
    assert mapping["date[month]"] == "月份" and mapping["date[day]"] == "日"
    ds = to_canonical(raw, "spend", mapping, year=2023)
    f = ds.frame
    assert sorted(f["date"].dt.strftime("%Y-%m-%d").unique()) == [
        "2023-07-30",
        "2023-07-31",
        "2023-08-01",
    ]
    assert f.loc[f.channel == "抖音", "spend"].tolist() == [500.0, 520.0, 0.0]
    n = notes(ds)
    assert n["date_parts_in_year"] == {"year": 2023, "month": "月份", "day": "日"}
    assert n["year_stated"] == {"year": 2023}


def test_month_and_day_year_from_the_file_name_else_said_plainly():
    raw = frame(["month", "day", "TV", "Radio"], [2, 29, 1.0, 2.0], [3, 1, 3.0, 4.0])
    ds = load(csv_bytes(raw), "media_plan_2024.csv", kind="spend")
    assert ds.frame["date"].dt.strftime("%Y-%m-%d").unique().tolist() == [
        "2024-02-29",
        "2024-03-01",
    ]
    assert notes(ds)["year_from_context"] == {"year": 2024, "source": "media_plan_2024.csv"}
    # no year anywhere: a placeholder year, said plainly
    ds = load(csv_bytes(raw), "media_plan.csv", kind="spend")
    assert ds.frame["date"].dt.year.unique().tolist() == [ASSUMED_YEAR]
    assert notes(ds)["date_parts_year_assumed"] == {
        "year": ASSUMED_YEAR,
        "month": "month",
        "day": "day",
    }
    assert "year_from_context" not in notes(ds)


def test_year_and_iso_week():
    raw = frame(
        ["year", "week", "tv_spend", "search_spend"],
        [2025, 1, 10.0, 5.0],
        [2025, 2, 20.0, 6.0],
        [2026, 53, 1.0, 1.0],  # ISO 2026 has 53 weeks: Monday 28 Dec 2026
    )
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    tv = ds.frame[ds.frame.channel == "tv"]
    # ISO week 1 of 2025 starts on Monday 30 December 2024
    assert tv["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-12-30", "2025-01-06", "2026-12-28"]
    assert notes(ds)["date_from_week"] == {"year": "year", "week": "week"}


def test_month_only_dates_take_the_stated_year():
    raw = frame(["Month", "channel", "spend"], ["Jan", "tv", 1.0], ["Feb", "tv", 2.0])
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    assert ds.frame["date"].dt.year.unique().tolist() == [ASSUMED_YEAR]
    assert notes(ds)["month_only"] == {"column": "Month", "year": ASSUMED_YEAR}
    assert kd.needs_year(raw, "spend", propose_mapping(raw, "spend"))
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"), year=2022)
    assert ds.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2022-01-01", "2022-02-01"]
    n = notes(ds)
    assert n["month_only_in_year"] == {"column": "Month", "year": 2022}
    assert n["year_stated"] == {"year": 2022} and "month_only" not in n


def test_needs_year():
    full = frame(["date", "channel", "spend"], ["2024-01-01", "tv", 1.0])
    assert not kd.needs_year(full, "spend", propose_mapping(full, "spend"))
    assert not kd.needs_year(MONTHLY, "spend", propose_mapping(MONTHLY, "spend"))
    md = frame(["month", "day", "TV", "Radio"], [2, 1, 1.0, 2.0])
    assert kd.needs_year(md, "spend", propose_mapping(md, "spend"))


def test_date_parts_never_channels_and_metrics_never_channels():
    raw = frame(
        ["Year", "Week", "Revenue", "TV", "Radio"],
        [2024, 10, 5000.0, 100.0, 50.0],
        [2024, 11, 5200.0, 120.0, 40.0],
    )
    mapping = propose_mapping(raw, "spend")
    assert {k: v for k, v in mapping.items() if k.startswith("spend[")} == {
        "spend[TV]": "TV",
        "spend[Radio]": "Radio",
    }
    assert mapping["revenue"] == "Revenue"
    assert mapping["date[year]"] == "Year" and mapping["date[week]"] == "Week"


def test_bare_numeric_columns_are_not_spend_without_evidence():
    # visitors per landing page: no channel names, no total -> not a wide spend table
    raw = frame(["date", "home", "about", "blog"], ["2024-01-01", 10, 3, 4])
    assert not any(k.startswith("spend[") for k in propose_mapping(raw, "spend"))


def test_total_kind():
    for name in ("Total", "TOTAL", "Grand Total", "合计", "总计", "Sum", "total_spend", "总花费"):
        assert kd.total_kind(name) == "total", name
    for name in ("Subtotal", "小计", "Digital total"):
        assert kd.total_kind(name) == "subtotal", name
    for name in ("TV", "Search", "totally_digital_agency"):
        assert kd.total_kind(name) is None, name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_weekly_report_with_a_view_log_and_own_prices(lang):
    from analytics import report as rep
    from ui.i18n import text

    def tr(key, **p):
        return text(key, lang, **p)

    spend = to_canonical(
        frame(["date", "channel", "spend"], ["2024-03-01", "tv", 1.0], ["2024-03-04", "tv", 2.0]),
        "spend",
        {"date": "date", "channel": "channel", "spend": "spend"},
    ).frame
    frames = {
        "events": load(csv_bytes(VIEWS), "views.csv").frame,
        "prices": load(csv_bytes(OWN), "my_prices.csv").frame,
        "spend": spend,
    }
    r = rep.build_report(frames, translate=tr, lang=lang)
    notes_by_key = {s.key: s.note for s in r.sections}
    assert notes_by_key["funnel"] == tr("home.report.funnel_one_event", event="view")
    assert notes_by_key["pricing"] == tr("home.report.pricing_own_only", seller="own")
    assert ("two or more steps" if lang == "en" else "两个或以上的步骤") in notes_by_key["funnel"]


@pytest.mark.parametrize(
    ("columns", "rows", "dates"),
    [
        pytest.param(
            ["年份", "周", "抖音花费", "淘宝花费"],
            [["2024年", "第1周", 1, 3], ["2024年", "第2周", 2, 4]],
            ["2024-01-01", "2024-01-08"],  # ISO 2024-W01 starts on Monday 1 January
            id="chinese-units-wide",
        ),
        pytest.param(
            ["Year", "Week", "channel", "spend"],
            [[2024, "W01", "tv", 1], [2024, "W02", "tv", 2]],
            ["2024-01-01", "2024-01-08"],
            id="w-prefix-long",
        ),
        pytest.param(
            ["Year", "Month", "channel", "spend"],
            [[2024, "Jul", "tv", 1], [2024, "August", "tv", 2]],
            ["2024-07-01", "2024-08-01"],
            id="month-names-long",
        ),
    ],
)
def test_date_parts_with_units_and_names(columns, rows, dates):
    raw = frame(columns, *rows)
    mapping = propose_mapping(raw, "spend")
    assert "date" not in mapping and missing_required("spend", mapping) == []
    f = to_canonical(raw, "spend", mapping).frame
    assert sorted(f["date"].dt.strftime("%Y-%m-%d").unique()) == dates
    assert f["spend"].sum() == sum(r[-1] for r in rows) + (
        sum(r[-2] for r in rows) if "抖音花费" in columns else 0
    )


def test_date_part_that_is_not_a_part_leaves_the_date_alone():
    # "Month" holds full months (2024-07): it is the date; the year column is extra
    raw = frame(["Year", "Month", "channel", "spend"], [2024, "2024-07", "tv", 1.0])
    mapping = propose_mapping(raw, "spend")
    assert mapping["date"] == "Month" and not kd.date_parts(mapping)
    # a full date column wins over parts
    raw = frame(["date", "Year", "Month", "channel", "spend"], ["2024-07-03", 2024, 7, "tv", 1.0])
    assert propose_mapping(raw, "spend")["date"] == "date"


def test_fingerprint_follows_the_choices_that_change_the_data():
    raw = frame(["month", "day", "TV", "Radio"], [2, 1, 1.0, 2.0])
    m = propose_mapping(raw, "spend")
    base = to_canonical(raw, "spend", m).fingerprint
    assert to_canonical(raw, "spend", m, year=2023).fingerprint != base
    # a year no date needs changes nothing
    full = frame(["date", "channel", "spend"], ["2024-01-01", "tv", 1.0])
    fm = propose_mapping(full, "spend")
    assert (
        to_canonical(full, "spend", fm, year=2023).fingerprint
        == to_canonical(full, "spend", fm).fingerprint
    )


@pytest.mark.parametrize(
    ("columns", "channels"),
    [
        pytest.param(["Date", "Facebook Ads", "Google Ads", "TikTok Ads"], 3, id="ads-suffix"),
        pytest.param(["日期", "抖音投放", "快手", "小红书"], 3, id="chinese-media"),
        pytest.param(["Date", "TV", "Radio", "Revenue", "Clicks"], 2, id="measures-not-channels"),
    ],
)
def test_bare_channel_names(columns, channels):
    rows = [["2024-01-01", *range(1, len(columns))], ["2024-01-02", *range(2, len(columns) + 1)]]
    raw = frame(columns, *rows)
    mapping = propose_mapping(raw, "spend")
    wide = {k[6:-1]: v for k, v in mapping.items() if k.startswith("spend[")}
    assert len(wide) == channels and all(k == v for k, v in wide.items())
    f = to_canonical(raw, "spend", mapping).frame
    assert len(f) == 2 * channels
    # each channel's spend is its column's values, by hand
    for ch in wide:
        assert f.loc[f.channel == ch, "spend"].tolist() == raw[ch].astype(float).tolist()


def test_long_spend_total_rows_left_out_and_checked():
    raw = frame(
        ["date", "channel", "spend"],
        ["2024-01-01", "tv", 10.0],
        ["2024-01-01", "search", 5.0],
        ["2024-01-01", "Total", 15.0],
        ["2024-01-02", "tv", 7.0],
        ["2024-01-02", "search", 3.0],
        ["2024-01-02", "合计", 12.0],  # 7 + 3 = 10, not 12
    )
    ds = to_canonical(raw, "spend", propose_mapping(raw, "spend"))
    f = ds.frame
    assert f["channel"].tolist() == ["tv", "search", "tv", "search"]
    assert f["spend"].sum() == 25.0
    r = ds.report
    assert r.rows_read == 6 and r.rows_kept == 4 and r.reasons["total_row:channel"].rows == (3, 6)
    assert notes(ds)["total_mismatch"] == {
        "column": "channel",
        "count": 1,
        "rows": 2,
        "row": 6,
        "total": "12.00",
        "sum": "10.00",
    }
    raw.loc[5, "spend"] = 10.0
    assert notes(to_canonical(raw, "spend", propose_mapping(raw, "spend")))["total_left_out"] == {
        "column": "channel",
        "rows": 2,
    }
