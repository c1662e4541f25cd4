"""Recognition from contents (analytics.recognise, ingest.propose): each check against
values worked out by hand or another way (datetime arithmetic, the files' own columns)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import ingest
from analytics import recognise as rc
from analytics.messages import text
from analytics.readers import read_table
from analytics.schema import IngestError

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def utc_day(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d")


def csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


# A Taobao UserBehavior log as its first lines read: user, item, category, behaviour, Unix s
USER_BEHAVIOR = [
    (1, 2268318, 2520377, "pv", 1511544070),
    (1, 2333346, 2520771, "pv", 1511561733),
    (1, 2576651, 149192, "pv", 1511572885),
    (1, 3830808, 4181361, "pv", 1511593493),
    (2, 4365585, 2520377, "cart", 1511596146),
    (2, 4606018, 2735466, "pv", 1511616481),
    (2, 230380, 411153, "fav", 1511644942),
    (3, 3827899, 2920476, "pv", 1511713473),
    (3, 3745169, 2891509, "buy", 1511725471),
    (4, 1531036, 2920476, "pv", 1511733732),
    (4, 2266567, 4145813, "cart", 1511741471),
    (5, 2951368, 1080785, "pv", 1511750828),
    (5, 3108797, 2355072, "pv", 1511758881),
    (6, 1338525, 149192, "buy", 1511759678),
]


def user_behavior_frame(header: bool) -> pd.DataFrame:
    rows = [list(r) for r in USER_BEHAVIOR]
    if header:
        return pd.DataFrame(rows, columns=["user_id", "item_id", "category_id", "behavior", "ts"])
    # as pandas reads a file with no header row: the first row became the names
    names = [str(v) for v in rows[0]]
    return pd.DataFrame(rows[1:], columns=names)


# ------------------------------------------------------------ column profiles


def test_unix_seconds():
    secs = [r[4] for r in USER_BEHAVIOR]
    p = rc.profile_column(pd.Series(secs), "x")
    assert p.role == "time" and p.detail["unit"] == "s"
    assert (p.detail["lo"], p.detail["hi"]) == (utc_day(min(secs)), utc_day(max(secs)))


def test_unix_milliseconds_as_text():
    ms = [1700000000123 + 3_600_000 * i for i in range(30)]
    p = rc.profile_column(pd.Series([str(v) for v in ms]), "x")
    assert p.role == "time" and p.detail["unit"] == "ms"
    assert p.detail["hi"] == utc_day(max(ms) / 1000)


def test_excel_serial_needs_a_date_name():
    serials = pd.Series([45000.0, 45001.25, 45002.5, 45010.0])
    named = rc.profile_column(serials, "Order Date")
    assert named.role == "time" and named.detail["unit"] == "excel"
    # 45000 days after 1899-12-30
    assert named.detail["lo"] == (dt.date(1899, 12, 30) + dt.timedelta(days=45000)).isoformat()
    # the same numbers under a neutral name may well be money: not called a time
    assert rc.profile_column(serials, "value").role != "time"


def test_yyyymmdd_numbers_and_text_dates():
    p = rc.profile_column(pd.Series([20170501, 20170615, 20170801]), "d")
    assert p.role == "time" and (p.detail["lo"], p.detail["hi"]) == ("2017-05-01", "2017-08-01")
    for values in (
        ["2024/06/18 10:00", "2024/06/19 11:30", "2024/07/01 09:00"],
        ["2024年6月18日", "2024年6月19日", "2024年7月1日"],
        ["18-06-2024", "19-06-2024", "01-07-2024"],
    ):
        q = rc.profile_column(pd.Series(values), "t")
        assert q.role == "time", values
        assert (q.detail["lo"], q.detail["hi"]) == ("2024-06-18", "2024-07-01")


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([f"{i:05d}" for i in range(1, 60)], id="leading-zeros"),
        pytest.param([f"SO{i:07d}" for i in range(60)], id="codes"),
        pytest.param([f"{i:08x}-8e4b-4bb0-8c23-a032dfed738c" for i in range(60)], id="uuid"),
    ],
)
def test_ids(values):
    p = rc.profile_column(pd.Series(values), "x")
    assert p.role == "id"
    assert p.conf("money") < 0.5


def test_row_number_is_not_an_id():
    p = rc.profile_column(pd.Series(range(100)), "index")
    assert p.detail.get("row_number") and p.conf("id") < 0.35


def test_money_and_counts():
    money = rc.profile_column(pd.Series(["¥1,234.50", "¥12.00", "¥3.50", "¥88.80"]), "x")
    assert money.role == "money" and money.detail.get("currency")
    cents = rc.profile_column(pd.Series([12.5, 3.99, 100.0, 7.25]), "x")
    assert cents.role == "money"
    counts = rc.profile_column(pd.Series([1, 2, 1, 3, 1, 1, 2, 5] * 5), "x")
    assert counts.role == "count"
    # many decimals (a ratio) are weak money
    assert rc.profile_column(pd.Series([0.12345, 0.5555, 0.31415]), "x").conf("money") < 0.5


@pytest.mark.parametrize(
    "values", [["yes", "no", "yes"], ["是", "否", "否"], ["TRUE", "FALSE", "TRUE"]]
)
def test_booleans(values):
    assert rc.profile_column(pd.Series(values * 5), "x").role == "bool"


@pytest.mark.parametrize(
    ("values", "canonical"),
    [
        pytest.param(["pv", "pv", "cart", "fav", "buy", "pv"], {"view", "cart", "fav", "buy"}),
        pytest.param(
            ["view", "add_to_cart", "purchase", "remove_from_cart", "view"],
            {"view", "cart", "buy", "remove_from_cart"},
        ),
        pytest.param(["浏览", "加购", "收藏", "支付", "浏览"], {"view", "cart", "fav", "buy"}),
    ],
)
def test_event_vocabularies(values, canonical):
    p = rc.profile_column(pd.Series(values * 4), "x")
    assert p.role == "event"
    assert {rc.EVENT_WORDS[v] for v in values} == canonical
    shown = set(p.detail["events"].split(", "))
    assert shown == set(values)


def test_numeric_event_codes_propose_a_legend():
    codes = [1, 1, 1, 2, 3, 1, 4, 1, 1, 3] * 5
    p = rc.profile_column(pd.Series(codes), "x")
    assert p.conf("event_code") >= 0.5
    assert p.detail["legend"] == {"1": "view", "2": "fav", "3": "cart", "4": "buy"}
    assert rc.event_legend(["0", "3", "6"]) == {
        "0": "page_view",
        "3": "add_to_cart",
        "6": "purchase",
    }
    assert rc.event_legend(["1", "42"]) is None


@pytest.mark.parametrize(
    "values",
    [
        ["Organic Search", "Direct", "Paid Search", "Referral", "Email"],
        ["直通车", "淘宝客", "手淘搜索", "直通车", "手淘搜索"],
        ["google", "facebook", "baidu", "google"],
    ],
)
def test_channel_names(values):
    p = rc.profile_column(pd.Series(values * 4), "x")
    assert p.role == "channel"


def test_product_names():
    names = [f"Stainless steel bottle {i} 500ml" for i in range(40)]
    assert rc.profile_column(pd.Series(names), "x").role == "name"


def test_sample_spreads_over_the_file():
    frame = pd.DataFrame({"a": np.arange(100_000)})
    smp = rc.sample_frame(frame, 2000)
    assert len(smp) == 2000
    assert smp["a"].iloc[:1000].tolist() == list(range(1000))
    assert smp["a"].max() == 99_999  # the last row is seen


# ------------------------------------------------------------ header row


def test_missing_header_row_detected():
    assert rc.header_is_data(user_behavior_frame(header=False))
    assert not rc.header_is_data(user_behavior_frame(header=True))
    # a wide table whose headers are years is a header row
    wide = pd.DataFrame({"channel": ["tv", "search"], "2023": [10.5, 3.2], "2024": [12.0, 4.1]})
    assert not rc.header_is_data(wide)
    # ... also when the values are of a year's size
    wide = pd.DataFrame({"channel": ["tv", "search"], "2023": [1500, 3200], "2024": [1800, 4100]})
    assert not rc.header_is_data(wide)


def test_headerless_log_is_events_with_the_first_row_kept():
    raw = user_behavior_frame(header=False)
    prop = ingest.propose(raw)
    assert prop.kind == "events" and prop.headerless
    assert prop.mapping == {
        "user_id": "column_1",
        "product_id": "column_2",
        "category": "column_3",
        "event": "column_4",
        "event_time": "column_5",
    }
    ds = ingest.to_canonical(raw, prop.kind, prop.mapping)
    assert ds.report.rows_read == len(USER_BEHAVIOR)  # the row read as names is data
    first = USER_BEHAVIOR[0]
    assert ds.frame.event_time.iloc[0] == pd.Timestamp(first[4], unit="s")
    assert ds.frame.event.tolist() == [r[3] for r in USER_BEHAVIOR]


def test_headerless_file_loads_as_events():
    data = "\n".join(",".join(map(str, r)) for r in USER_BEHAVIOR).encode()
    ds = ingest.load(data, filename="UserBehavior.csv")
    assert ds.kind == "events"
    assert ds.report.rows_read == len(USER_BEHAVIOR)
    assert ds.recognition is not None and ds.recognition.kind == "events"


# ------------------------------------------------------------ kinds, runner-up, evidence


def test_runner_up_and_ranking():
    raw = user_behavior_frame(header=True)
    prop = ingest.propose(raw)
    ranked = dict(prop.ranked)
    assert prop.kind == "events" and set(ranked) == {
        "orders",
        "traffic",
        "events",
        "prices",
        "spend",
    }
    assert prop.runner_up is not None and prop.runner_up[0] != "events"
    assert prop.runner_up == max(
        ((k, s) for k, s in prop.ranked if k != "events"), key=lambda ks: ks[1]
    )
    assert prop.score >= prop.runner_up[1]
    # the old entry points agree with it
    assert ingest.propose_kind(raw)[0][0] == prop.kind
    assert ingest.propose_mapping(raw, prop.kind) == prop.mapping


def test_evidence_in_both_languages():
    raw = user_behavior_frame(header=False)
    prop = ingest.propose(raw)
    codes = {(e.field, e.code) for e in prop.evidence}
    assert ("event_time", "unix_s") in codes and ("event", "events") in codes
    when = next(e for e in prop.evidence if e.code == "unix_s")
    secs = [r[4] for r in USER_BEHAVIOR]
    assert when.params == {"lo": utc_day(min(secs)), "hi": utc_day(max(secs))}
    assert "Unix seconds" in when.text("en") and "Unix 秒" in when.text("zh")
    ev = next(e for e in prop.evidence if e.code == "events")
    assert {"pv", "cart", "fav", "buy"} == set(ev.params["values"].split(", "))
    assert "look like events" in ev.text("en") and "行为事件" in ev.text("zh")
    # every evidence code has both texts
    for e in prop.evidence:
        assert e.text("en") != f"recognise.evidence.{e.code}"
        assert e.text("zh") != e.text("en")


def test_header_evidence_for_a_seller_named_dian_ming():
    raw = pd.DataFrame(
        {
            "update_time": ["2016/11/14", "2016/11/14", "2016/11/15"],
            "title": ["自然堂 雪域精粹 面霜 50g", "自然堂 乳液 120ML", "兰蔻 小黑瓶 30ml"],
            "price": [139, 194, 760],
            "店名": ["自然堂", "自然堂", "兰蔻"],
        }
    )
    prop = ingest.propose(raw)
    assert prop.kind == "prices" and prop.mapping["seller"] == "店名"
    header = [e for e in prop.evidence_for("seller") if e.code == "header"]
    assert header and "店名" in header[0].text("en") and "店名" in header[0].text("zh")


def test_sparse_amount_does_not_make_orders():
    n = 200
    raw = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=n, freq="h").strftime("%Y-%m-%d"),
            "channel_grouping": np.resize(["Organic Search", "Direct", "Referral"], n),
            "revenue": [12.5 if i % 50 == 0 else None for i in range(n)],
        }
    )
    prop = ingest.propose(raw)
    assert prop.kind == "traffic"
    assert any(e.code == "sparse" for e in ingest.propose(raw, kind="orders").evidence)


def test_missing_column_message_names_missing_matched_and_runner_up():
    raw = pd.DataFrame(
        {
            "下单时间": ["2024-06-18 10:00", "2024-06-18 11:00", "2024-06-19 09:30"],
            "订单编号": ["A-1", "A-2", "A-3"],
        }
    )
    with pytest.raises(IngestError) as err:
        ingest.load(csv(raw), filename="o.csv")
    e = err.value
    assert e.code == "kind_incomplete"
    assert e.params["kind"] == "orders" and e.params["missing"] == "amount"
    assert "order_time (下单时间)" in e.params["matched"]
    assert e.params["runner_up"] != "orders"
    assert "no column for amount" in str(e) and "下单时间" in str(e)
    zh = text("ingest.error.kind_incomplete", "zh", **e.params)
    assert "缺少列：amount" in zh and "已匹配" in zh and "orders" in zh
    assert e.params["runner_up"] in zh


def test_nothing_matched_is_still_unknown_kind():
    with pytest.raises(IngestError) as err:
        ingest.load(csv(pd.DataFrame({"a": ["x", "y"], "b": ["p", "q"]})), filename="x.csv")
    assert err.value.code == "unknown_kind"


# ------------------------------------------------------------ contents decide (property-style)


def neutral(frame: pd.DataFrame, order: np.ndarray | None = None) -> pd.DataFrame:
    cols = list(frame.columns) if order is None else [frame.columns[i] for i in order]
    out = frame[cols]
    return out.set_axis([f"col_{chr(ord('a') + i)}" for i in range(len(cols))], axis=1)


@pytest.mark.parametrize("kind", ["events", "prices"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_neutral_headers_keep_the_kind(kind, seed):
    raw = read_table(SAMPLES / f"{kind}.csv").frame.head(5000)
    assert ingest.propose(raw).kind == kind
    order = np.random.default_rng(seed).permutation(len(raw.columns))
    renamed = neutral(raw, order)
    prop = ingest.propose(renamed)
    assert prop.kind == kind
    back = dict(zip(renamed.columns, [raw.columns[i] for i in order], strict=True))
    # the columns whose values say what they are were found in the right places
    want = {"events": ("event_time", "event"), "prices": ("date", "price", "seller")}[kind]
    for canon in want:
        assert back[prop.mapping[canon]] == canon
    if kind == "events":
        # a user, a session and a product are all codes: any of them, but an ID
        assert back[prop.mapping["user_id"]] in {"user_id", "session_id", "product_id"}
    else:
        assert back[prop.mapping["product"]] in {"product", "product_id"}


def test_neutral_headers_headerless_log():
    raw = user_behavior_frame(header=True).iloc[:, [4, 3, 0, 1, 2]]
    renamed = neutral(raw)
    prop = ingest.propose(renamed)
    assert prop.kind == "events"
    assert prop.mapping["event_time"] == "col_a" and prop.mapping["event"] == "col_b"
    assert prop.mapping["user_id"] == "col_c"


def test_headers_with_stray_spaces():
    raw = pd.DataFrame(
        {
            " 订单 编号 ": ["T1", "T2", "T3"],
            "订单创建时间\u3000": ["2024-06-18 10:00", "2024-06-18 11:00", "2024-06-19 09:30"],
            " Total Amount ": ["¥12.50", "¥8.00", "¥99.90"],
        }
    )
    prop = ingest.propose(raw)
    assert prop.kind == "orders"
    assert prop.mapping == {
        "order_id": " 订单 编号 ",
        "order_time": "订单创建时间\u3000",
        "amount": " Total Amount ",
    }
    assert any(e.code == "currency" for e in prop.evidence_for("amount"))


def test_time_of_day_is_noted():
    stamps = rc.profile_column(
        pd.Series(["2024-06-18 10:05", "2024-06-18 11:30", "2024-06-19 09:00"])
    )
    days = rc.profile_column(pd.Series(["2024-06-18", "2024-06-19", "2024-06-20"]))
    assert stamps.detail["intraday"] and not days.detail["intraday"]
    secs = [r[4] for r in USER_BEHAVIOR]  # none falls on a midnight
    assert all(v % 86400 for v in secs)
    assert rc.profile_column(pd.Series(secs)).detail["intraday"]


def test_what_a_file_lacks_is_explained():
    view_log = pd.DataFrame(
        {"user_id": ["u1", "u2", "u1"], "event_time": ["2024-06-18 10:00"] * 3, "item": [1, 2, 3]}
    )
    prop = ingest.propose(view_log)
    assert prop.kind == "events" and "event" not in prop.mapping
    assert [e.code for e in prop.evidence_for("event")] == ["no_event"]
    own = pd.DataFrame(
        {"date": ["2024-06-18", "2024-06-19"], "product": ["Mug", "Mug"], "price": [9.9, 8.9]}
    )
    prop = ingest.propose(own)
    assert prop.kind == "prices" and "seller" not in prop.mapping
    assert [e.code for e in prop.evidence_for("seller")] == ["no_seller"]
    for e in (*prop.evidence_for("seller"),):
        assert "price history" in e.text("en") and "价格记录" in e.text("zh")


def test_one_row_per_day_and_channel_is_a_table_not_a_log():
    days = pd.date_range("2024-06-01", periods=20).strftime("%Y-%m-%d")
    chans = ["Organic Search", "Paid Search", "Email"]
    table = pd.DataFrame(
        [(d, c, 100.25 + i) for i, (d, c) in enumerate((d, c) for d in days for c in chans)],
        columns=["col_a", "col_b", "col_c"],
    )
    smp = rc.sample_frame(table)
    assert rc.daily_by_channel(smp, rc.profile(table, sample=smp))
    # the same columns as a log (a channel per order, times of day, pairs repeating)
    log = table.assign(col_a=[f"{d} {h % 24:02d}:15" for h, d in enumerate(table.col_a)])
    smp = rc.sample_frame(log)
    assert not rc.daily_by_channel(smp, rc.profile(log, sample=smp))
    # contents alone: a money column by day and channel is spend, never orders
    prop = ingest.propose(table)
    assert prop.kind == "spend" and prop.mapping == {
        "date": "col_a",
        "channel": "col_b",
        "spend": "col_c",
    }


@pytest.mark.parametrize("seed", [0, 1])
def test_neutral_headers_spend_and_orders(seed):
    for kind in ("spend", "orders"):
        raw = read_table(SAMPLES / f"{kind}.csv").frame.head(5000)
        order = np.random.default_rng(seed).permutation(len(raw.columns))
        assert ingest.propose(neutral(raw, order)).kind == kind


def test_traffic_with_channel_mostly_empty_and_source_medium_elsewhere_is_traffic():
    # GA-style rows carry source / medium, platform rows a channel name: the channel column
    # is mostly empty, and its alternative (source) gives the required channel instead
    n = 400
    days = pd.date_range("2025-01-01", periods=n // 4, freq="D").strftime("%Y-%m-%d")
    rng = np.random.default_rng(3)
    channel = np.where(np.arange(n) % 40 == 0, "自然搜索", "")
    sources = np.array(["google", "baidu", "newsletter", "facebook"])
    mediums = np.array(["cpc", "organic", "email", "paid_social"])
    pick = rng.integers(0, 4, n)
    frame = pd.DataFrame(
        {
            "date": np.repeat(days, 4),
            "channel": channel,
            "source": np.where(channel == "", sources[pick], ""),
            "medium": np.where(channel == "", mediums[pick], ""),
            "visitors": rng.integers(50, 500, n),
            "orders": rng.integers(0, 10, n),
            "revenue": np.round(rng.gamma(2.0, 300.0, n), 2),
        }
    ).replace("", None)
    prop = ingest.propose(frame)
    assert prop.kind == "traffic", prop.ranked
    assert prop.mapping["source"] == "source" and prop.mapping["visitors"] == "visitors"
