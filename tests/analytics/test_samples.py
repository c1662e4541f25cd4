"""The sample data: deterministic, consistent across files, realistic enough to analyse."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.schema import COLUMNS, KINDS
from sample_data import generate as gen

SAMPLE_DIR = Path(gen.__file__).resolve().parent
FILES = {**gen.SAMPLE_NAMES, "taobao": gen.TAOBAO_NAME}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(kind: str, **kw) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / gen.SAMPLE_NAMES[kind], keep_default_na=False, **kw)


@pytest.fixture(scope="module")
def orders() -> pd.DataFrame:
    return _read("orders", parse_dates=["order_time"], dtype={"order_id": str})


@pytest.fixture(scope="module")
def traffic() -> pd.DataFrame:
    num = ["visitors", "orders", "buyers", "revenue", "spend", "clicks", "impressions"]
    frame = _read("traffic", parse_dates=["date"])
    return frame.assign(**{c: pd.to_numeric(frame[c].replace("", np.nan)) for c in num})


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return _read("events", parse_dates=["event_time"])


@pytest.fixture(scope="module")
def prices() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE_DIR / "prices.csv", parse_dates=["date"])
    for col in ("own", "in_stock", "promo"):
        assert set(frame[col].astype(str).str.lower()) <= {"true", "false"}
        frame[col] = frame[col].astype(str).str.lower().eq("true")
    return frame


@pytest.fixture(scope="module")
def spend() -> pd.DataFrame:
    return _read("spend", parse_dates=["date"])


# --------------------------------------------------------------------------- determinism


def test_generator_rewrites_the_committed_files_byte_for_byte(tmp_path):
    gen.write_samples(tmp_path)
    for name in FILES.values():
        assert (SAMPLE_DIR / name).exists(), f"{name} is not committed; run make samples"
        assert _sha(tmp_path / name) == _sha(SAMPLE_DIR / name), f"{name} differs: run make samples"


def test_another_seed_gives_other_data():
    a = gen.generate_prices(seed=gen.SEED)
    b = gen.generate_prices(seed=gen.SEED + 1)
    assert not a["price"].equals(b["price"])


def test_committed_files_are_small_enough_to_commit():
    total = sum((SAMPLE_DIR / name).stat().st_size for name in FILES.values())
    assert total < 8_000_000, f"{total / 1e6:.1f} MB"


# columns a sample keeps beside the canonical ones, as exports do (kept under their names):
# the event log's A/B test variant, an event property the Experiments page reads
EXTRA = {"events": {"variant"}}


@pytest.mark.parametrize("kind", KINDS)
def test_columns_are_canonical_names(kind):
    header = _read(kind, nrows=0).columns
    allowed = set(COLUMNS[kind]) | EXTRA.get(kind, set())
    assert set(header) <= allowed, set(header) - allowed


# --------------------------------------------------------------------------- orders


def test_orders_calendar_and_shape(orders):
    assert orders["order_time"].min() >= pd.Timestamp("2025-01-01")
    assert orders["order_time"].max() < pd.Timestamp("2026-01-01")
    assert 15_000 <= len(orders) <= 30_000
    lines = orders[orders["status"].eq("completed")].groupby("order_id").size()
    assert (lines > 1).mean() > 0.1  # multi-line orders exist
    assert set(orders["status"]) == {"completed", "refunded", "cancelled"}


def test_reversal_lines_negate_a_paid_line_of_the_same_order(orders):
    paid = orders[orders["status"].eq("completed")]
    rev = orders[~orders["status"].eq("completed")]
    assert 0.02 < rev["order_id"].nunique() / orders["order_id"].nunique() < 0.15
    assert (rev["amount"] < 0).all() and (rev["quantity"] < 0).all()
    assert (paid["amount"] > 0).all()
    merged = rev.merge(paid, on=["order_id", "product_id"], suffixes=("", "_paid"))
    assert len(merged) == len(rev)
    np.testing.assert_allclose(merged["amount"], -merged["amount_paid"])
    assert (merged["order_time"] > merged["order_time_paid"]).all()
    assert (merged["customer_id"] == merged["customer_id_paid"]).all()
    np.testing.assert_allclose(paid["amount"], (paid["quantity"] * paid["unit_price"]).round(2))


def test_customers_have_realistic_repeat_behaviour(orders):
    freq = orders.groupby("customer_id")["order_id"].nunique()
    one_time = (freq == 1).mean()
    assert 0.6 < one_time < 0.9  # many one-time buyers
    assert (freq >= 5).sum() >= 100  # a loyal core
    top = freq.sort_values(ascending=False)
    assert top.head(int(len(top) * 0.05)).sum() / freq.sum() > 0.15


def test_618_and_double_11_are_peaks_of_daily_revenue(orders):
    paid = orders[orders["status"].eq("completed")]
    daily = paid.groupby(paid["order_time"].dt.normalize())["amount"].sum()
    assert daily.idxmax() == pd.Timestamp("2025-11-11")
    outside = daily[(daily.index < "2025-10-20") | (daily.index > "2025-11-15")]
    assert outside.idxmax() == pd.Timestamp("2025-06-18")
    assert daily["2025-11-11"] > 3 * daily.median()
    assert daily["2025-06-18"] > 2 * daily.median()


def test_weekends_differ(traffic):
    shop = traffic[traffic["channel"].ne("")]
    per_day = shop.groupby("date")["visitors"].sum()
    normal = per_day[(per_day.index >= "2025-07-01") & (per_day.index <= "2025-08-31")]
    weekend = normal[normal.index.day_of_week >= 5].mean()
    weekday = normal[normal.index.day_of_week < 5].mean()
    assert weekend > 1.08 * weekday


# --------------------------------------------------------------------------- consistency


def test_order_channels_are_traffic_channels(orders, traffic):
    assert set(orders["channel"]) <= set(traffic["channel"])
    assert set(orders["channel"]) == set(gen.CHANNELS)


def test_shop_traffic_results_equal_orders_aggregates(orders, traffic):
    paid = orders[orders["status"].eq("completed")]
    expected = {}
    for (day, ch), g in paid.groupby([paid["order_time"].dt.normalize(), "channel"]):
        expected[(day, ch)] = (
            g["order_id"].nunique(),
            g["customer_id"].nunique(),
            g["amount"].sum(),
        )
    shop = traffic[traffic["channel"].ne("")]
    assert len(shop) == 365 * len(gen.CHANNELS)
    for row in shop.itertuples():
        n, b, r = expected.get((row.date, row.channel), (0, 0, 0.0))
        assert (row.orders, row.buyers) == (n, b), (row.date, row.channel)
        assert row.revenue == pytest.approx(r, abs=0.011)
        assert row.visitors >= row.buyers


def test_ga4_rows_have_source_medium_and_no_channel(traffic):
    ga4 = traffic[traffic["channel"].eq("")]
    pairs = set(zip(ga4["source"], ga4["medium"], strict=True))
    assert {("google", "cpc"), ("(direct)", "(none)"), ("baidu", "organic")} <= pairs
    assert {("newsletter", "email"), ("facebook", "paid_social"), ("weixin", "referral")} <= pairs
    assert (ga4["source"] != "").all() and (ga4["medium"] != "").all()
    shop = traffic[traffic["channel"].ne("")]
    assert (shop["source"] == "").all()


def test_spend_equals_paid_traffic_rows(traffic, spend):
    assert set(spend["channel"]) == set(gen.PAID_CHANNELS)
    paid = traffic[traffic["channel"].isin(list(gen.PAID_CHANNELS))]
    merged = spend.merge(paid, on=["date", "channel"], suffixes=("", "_t"), validate="1:1")
    assert len(merged) == len(spend) == 365 * len(gen.PAID_CHANNELS)
    np.testing.assert_allclose(merged["spend"], merged["spend_t"])
    np.testing.assert_allclose(merged["revenue"], merged["revenue_t"])
    np.testing.assert_array_equal(merged["conversions"], merged["orders"])
    free = traffic[traffic["channel"].isin(list(gen.FREE_REVENUE))]
    assert free["spend"].isna().all()


def test_spend_varies_and_returns_diminish(spend):
    for ch, g in spend.groupby("channel"):
        weekly = g.set_index("date").resample("W")[["spend", "revenue"]].sum()
        lo, hi = weekly["spend"].quantile([0.1, 0.9])
        assert hi > 2 * lo, ch  # enough week-to-week variation to fit a curve
        slope = np.polyfit(np.log(weekly["spend"]), np.log(weekly["revenue"] + 1), 1)[0]
        assert 0.2 < slope < 0.95, (ch, slope)  # revenue grows slower than spend
        q1, q3 = g["spend"].quantile([0.25, 0.75])
        low, high = g[g["spend"] <= q1], g[g["spend"] >= q3]
        assert (
            low["revenue"].sum() / low["spend"].sum() > high["revenue"].sum() / high["spend"].sum()
        )


def test_purchasing_users_are_customers(orders, events):
    buyers = set(events.loc[events["event"].eq("purchase"), "user_id"])
    assert len(buyers) > 1000
    assert buyers <= set(orders["customer_id"])
    # the same purchases: each purchase event is an order of that customer at that time
    purchases = events[events["event"].eq("purchase")][["user_id", "event_time"]]
    paid = orders[orders["status"].eq("completed")].drop_duplicates("order_id")
    m = purchases.merge(
        paid, left_on=["user_id", "event_time"], right_on=["customer_id", "order_time"]
    )
    assert m["order_id"].nunique() == len(purchases)


def test_events_funnel_drops_off_and_is_ordered_in_sessions(events):
    assert set(events["event"]) == {"view", "cart", "checkout", "purchase"}
    users = events.groupby("event")["user_id"].nunique()
    assert users["view"] > users["cart"] > users["checkout"] > users["purchase"]
    assert events["event_time"].is_monotonic_increasing
    assert events["event_time"].min() >= pd.Timestamp("2025-01-01")
    assert events["event_time"].max() < pd.Timestamp("2026-01-01")
    step = events["event"].map({"view": 0, "cart": 1, "checkout": 2, "purchase": 3})
    by_session = events.assign(step=step).sort_values("session_id", kind="stable")
    previous = by_session.groupby("session_id")["step"].shift()
    assert not (by_session["step"] < previous).any()  # steps never go back within a session
    assert set(events["device"]) == set(gen.DEVICES)
    assert set(events["channel"]) == set(gen.CHANNELS)
    assert 30_000 <= len(events) <= 80_000


def test_documented_payment_outage(events, traffic):
    day = events["event_time"].dt.normalize()
    counts = events.groupby([day, "event"]).size().unstack(fill_value=0)
    outage = counts.loc[list(pd.to_datetime(gen.OUTAGE_DAYS))].sum()
    normal = counts.loc["2025-08-01":"2025-09-10"].sum()
    assert outage["purchase"] / outage["checkout"] < 0.3
    assert normal["purchase"] / normal["checkout"] > 0.6
    shop = traffic[traffic["channel"].ne("")].groupby("date")[["visitors", "orders"]].sum()
    week = shop.loc["2025-09-08":"2025-09-14"].mean()
    for d in gen.OUTAGE_DAYS:
        assert shop.loc[d, "orders"] < 0.4 * week["orders"]
        assert shop.loc[d, "visitors"] > 0.7 * week["visitors"]


def test_documented_traffic_crash(traffic):
    day, ch, _ = gen.TRAFFIC_CRASH
    s = traffic[traffic["channel"].eq(ch)].set_index("date")["visitors"]
    around = s.loc[
        pd.Timestamp(day) - pd.Timedelta(days=7) : pd.Timestamp(day) + pd.Timedelta(days=7)
    ]
    assert s.loc[day] < 0.4 * around.drop(pd.Timestamp(day)).median()
    assert s.loc[day] == around.min()


# --------------------------------------------------------------------------- prices


def test_prices_products_sellers_and_own_shop(prices):
    assert 35 <= prices["product"].nunique() <= 45
    sellers = prices.groupby("product")["seller"].nunique()
    assert set(prices["seller"]) == set(gen.SELLERS)
    assert 4 <= sellers.mean() <= 5
    assert (sellers < 5).any()  # some sellers do not carry some products
    own = prices[prices["own"]]
    assert set(own["seller"]) == {gen.OWN_SELLER}
    assert own["product"].nunique() == prices["product"].nunique()
    dates = pd.Series(sorted(prices["date"].unique()))
    assert set(dates.dt.day_of_week) == {0, 3}  # Monday and Thursday
    assert dates.diff().max() <= pd.Timedelta(days=4)


def test_prices_have_promotions_that_return_and_stock_outs(prices):
    assert prices["promo"].mean() > 0.05
    assert (~prices["in_stock"]).any()
    returned = 0
    for _, g in prices.groupby(["product", "seller"]):
        g = g.sort_values("date")
        p, promo = g["price"].to_numpy(), g["promo"].to_numpy()
        for i in np.flatnonzero(promo[1:-1] & ~promo[:-2] & ~promo[2:]) + 1:
            if p[i] < p[i - 1] and p[i + 1] > p[i]:
                returned += 1
    assert returned >= 20
    assert (prices["price"] <= prices["list_price"] * 1.2).all()
    cheapest = (
        prices.groupby("seller")["price"].mean() / prices.groupby("seller")["list_price"].mean()
    )
    assert cheapest.idxmin() == "拼多多店"


def test_own_prices_are_the_order_prices(orders, prices):
    own = prices[prices["own"]]
    paid = orders[orders["status"].eq("completed")]
    m = paid.assign(date=paid["order_time"].dt.normalize()).merge(
        own, on=["date", "product_id"], how="inner"
    )
    assert len(m) > 1000
    np.testing.assert_allclose(m["unit_price"], m["price"])


# --------------------------------------------------------------------------- taobao export


def test_taobao_export_is_gbk_with_chinese_headers():
    raw = (SAMPLE_DIR / gen.TAOBAO_NAME).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    frame = pd.read_csv(SAMPLE_DIR / gen.TAOBAO_NAME, encoding="gbk", dtype=str)
    assert len(frame) == 200
    for col in (
        "订单编号",
        "买家会员名",
        "买家实际支付金额",
        "订单创建时间",
        "订单状态",
        "宝贝标题",
        "宝贝总数量",
    ):
        assert col in frame.columns
    assert frame["订单编号"].str.fullmatch(r"\d{19}").all()
    assert frame["订单编号"].is_unique
    assert {"交易成功", "交易关闭"} <= set(frame["订单状态"])
    paid = frame["买家实际支付金额"].astype(float)
    total = frame["总金额"].astype(float)
    assert (paid <= total).all()
    assert (paid[frame["订单状态"].eq("等待买家付款")] == 0).all()


# --------------------------------------------------------------------------- large files


def test_row_targets_are_met_approximately():
    assert len(gen.generate_orders(n_lines=8000)) == pytest.approx(8000, rel=0.1)
    assert len(gen.generate_prices(n_rows=40_000)) == pytest.approx(40_000, rel=0.1)
    assert len(gen.generate_traffic(n_rows=20_000)) == pytest.approx(20_000, rel=0.05)


def test_iter_events_in_chunks_equals_one_frame():
    orders = gen.generate_orders(scale=0.2)
    parts = list(gen.iter_events(orders=orders, scale=0.2))
    assert 12 <= len(parts) <= 13  # a month each (and the last hour of the year)
    assert parts[1]["event_time"].min() >= pd.Timestamp("2025-01-31 23:00")
    whole = gen.generate_events(orders=orders, scale=0.2)
    joined = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole)
    assert joined["event_time"].is_monotonic_increasing
    weekly = list(gen.iter_events(orders=orders, scale=0.2, chunk="W-MON"))
    assert len(weekly) > 50
    by_week = pd.concat(weekly, ignore_index=True)
    assert by_week["event_time"].is_monotonic_increasing
    # other chunks draw other random browsing, but the purchases are the orders'
    buys = ["user_id", "event_time"]
    pd.testing.assert_frame_equal(
        by_week.loc[by_week["event"].eq("purchase"), buys].reset_index(drop=True),
        whole.loc[whole["event"].eq("purchase"), buys].reset_index(drop=True),
    )
    assert whole["session_id"].is_unique is False and whole["session_id"].nunique() > 100


def test_write_large_with_row_targets(tmp_path):
    paths = gen.write_large(tmp_path, orders=3000, events=20_000, log=lambda *_: None)
    assert set(paths) == {"orders", "events"}
    ev = pd.read_csv(paths["events"])
    assert len(ev) == pytest.approx(20_000, rel=0.15)
    assert ev["session_id"].is_unique is False
    # the large files carry no A/B test (the sample's variant column is added on the year)
    sample_cols = [c for c in _read("events", nrows=0).columns if c not in EXTRA["events"]]
    assert list(ev.columns) == sample_cols
    od = pd.read_csv(paths["orders"])
    assert len(od) == pytest.approx(3000, rel=0.15)


def test_cli_scale_writes_every_kind(tmp_path):
    assert gen.main(["--scale", "0.3", "--out", str(tmp_path)]) == 0
    for kind in KINDS:
        frame = pd.read_csv(tmp_path / f"{kind}.csv")
        assert len(frame) > 100, kind


# --------------------------------------------------------------------------- through ingest


@pytest.mark.parametrize("kind", KINDS)
def test_each_sample_loads_through_ingest_with_its_kind(kind):
    ingest = pytest.importorskip("analytics.ingest")
    path = SAMPLE_DIR / gen.SAMPLE_NAMES[kind]
    ds = ingest.load(path)
    assert ds.kind == kind
    n = sum(1 for _ in path.open(encoding="utf-8")) - 1
    assert ds.report.rows_read == n
    assert ds.report.rows_dropped == 0, ds.report.reasons
    assert len(ds.frame) == n


def test_taobao_export_loads_through_ingest():
    ingest = pytest.importorskip("analytics.ingest")
    ds = ingest.load(SAMPLE_DIR / gen.TAOBAO_NAME)
    assert ds.kind == "orders"
    assert ds.report.rows_dropped == 0, ds.report.reasons
    assert ds.frame["order_id"].astype(str).str.fullmatch(r"\d{19}").all()


def test_load_samples_gives_the_five_kinds():
    pytest.importorskip("analytics.ingest")
    from ui.samples import SAMPLE_FILES, load_samples

    assert list(SAMPLE_FILES) == list(KINDS)
    loaded = load_samples()
    assert [ds.kind for ds in loaded] == list(KINDS)
    assert [len(ds.frame) for ds in load_samples(["spend"])] == [len(loaded[-1].frame)]


def _session_script():
    import streamlit as st

    from ui import samples, state

    n = samples.load_samples_into_session()
    st.write(f"loaded {n}")
    st.write(" ".join(sorted(ds.kind for ds in state.datasets().values())))


def test_load_samples_into_session_adds_each_kind():
    pytest.importorskip("analytics.ingest")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_session_script, default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.markdown[0].value == "loaded 5"
    assert at.markdown[1].value == " ".join(sorted(KINDS))


def _missing_script():
    import streamlit as st

    from ui import samples

    samples.SAMPLE_FILES["spend"] = samples.SAMPLE_DIR / "no_such_file.csv"
    n = samples.load_samples_into_session(kinds=("spend",))
    st.write(f"loaded {n}")


def test_missing_sample_file_is_an_error_message_not_a_traceback():
    from streamlit.testing.v1 import AppTest

    from ui import samples

    saved = dict(samples.SAMPLE_FILES)
    try:
        at = AppTest.from_function(_missing_script, default_timeout=30)
        at.session_state["app.lang"] = "zh"
        at.run()
    finally:
        samples.SAMPLE_FILES.update(saved)
    assert not at.exception
    assert at.markdown[0].value == "loaded 0"
    # the file name is shown as inert text (Markdown escaped): compare without the escapes
    assert "no_such_file.csv" in at.error[0].value.replace("\\", "")
    assert "缺少示例文件" in at.error[0].value


def test_load_samples_reloads_a_changed_file(tmp_path, monkeypatch):
    pytest.importorskip("analytics.ingest")
    from ui import samples

    copy = tmp_path / "spend.csv"
    lines = (SAMPLE_DIR / "spend.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setitem(samples.SAMPLE_FILES, "spend", copy)
    (first,) = samples.load_samples(["spend"])
    assert len(first.frame) == len(lines) - 1
    (again,) = samples.load_samples(["spend"])
    assert again.fingerprint == first.fingerprint
    copy.write_text("".join(lines[:11]), encoding="utf-8")  # another size: a new cache key
    (changed,) = samples.load_samples(["spend"])
    assert len(changed.frame) == 10
