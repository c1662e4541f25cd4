"""Competitor prices: every number checked by hand or by an independent plain-pandas computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import pricing as pr

D1, D2, D3 = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")


def frame(rows, **extra) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["date", "product", "seller", "price"])
    out["date"] = pd.to_datetime(out["date"])
    out["price"] = out["price"].astype(float)
    for k, v in extra.items():
        out[k] = v
    return out


@pytest.fixture
def hand():
    """Worked by hand in the tests below.

    D1: P1 us 10, A 8, B 12 | P2 us 20, A 25 (B absent) | P3 us 5 alone
    D2: P1 us 10, A 10 (B not observed) | P2 only A 22 (we are missing) | P3 us 6, B 3
    D3: only A observed.
    """
    return frame(
        [
            (D1, "P1", "us", 10),
            (D1, "P1", "A", 8),
            (D1, "P1", "B", 12),
            (D1, "P2", "us", 20),
            (D1, "P2", "A", 25),
            (D1, "P3", "us", 5),
            (D2, "P1", "us", 10),
            (D2, "P1", "A", 10),
            (D2, "P2", "A", 22),
            (D2, "P3", "us", 6),
            (D2, "P3", "B", 3),
            (D3, "P1", "A", 9),
        ]
    )


# --------------------------------------------------------------------------- index


@pytest.mark.parametrize(
    ("method", "competitor", "expected"),
    [
        # D1: (10/10, 20/25) -> (100 + 80) / 2; D2: (10/10, 6/3) -> (100 + 200) / 2
        ("market_average", None, [90.0, 150.0, np.nan]),
        # D1: (10/8, 20/25) -> (125 + 80) / 2; D2: (10/10, 6/3)
        ("lowest", None, [102.5, 150.0, np.nan]),
        # against A only: D1 (10/8, 20/25); D2 P1 only (P3 has no A)
        ("competitor", "A", [102.5, 100.0, np.nan]),
        # against B only: D1 P1 10/12; D2 P3 6/3
        ("competitor", "B", [100 * 10 / 12, 200.0, np.nan]),
        # pairs: D1 (8 + 12 + 25) / (10 + 10 + 20); D2 (10 + 3) / (10 + 6)
        ("basket", None, [112.5, 81.25, np.nan]),
    ],
    ids=["market_average", "lowest", "vs_A", "vs_B_missing_seller", "basket"],
)
def test_index_by_hand(hand, method, competitor, expected):
    got = pr.price_index(hand, "us", method, competitor=competitor)
    want = pd.Series(expected, index=pd.DatetimeIndex([D1, D2, D3], name="date"))
    pd.testing.assert_series_equal(got, want, check_names=False, check_freq=False)
    assert got.name == "price_index"


def test_index_default_method_is_market_average(hand):
    pd.testing.assert_series_equal(
        pr.price_index(hand, "us"), pr.price_index(hand, "us", "market_average")
    )


def test_index_weighted(hand):
    w = pd.Series({"P1": 3.0, "P2": 1.0})  # P3 has no sales: left out
    got = pr.price_index(hand, "us", weights=w)
    # D1: (3 * 100 + 1 * 80) / 4; D2: only P1 (P3 weight 0)
    assert got.iloc[0] == pytest.approx(95.0)
    assert got.iloc[1] == pytest.approx(100.0)
    basket = pr.price_index(hand, "us", "basket", weights=w)
    # D1: (3 * (8 + 12) + 25) / (3 * 20 + 20)
    assert basket.iloc[0] == pytest.approx(85 / 80 * 100)


def test_index_table_counts_products(hand):
    table = pr.index_table(hand, "us")
    assert table["products"].tolist() == [2, 2, 0]


def test_index_duplicates_are_averaged_and_freq_groups():
    df = frame(
        [
            (D1, "P1", "us", 10),
            (D1, "P1", "A", 8),
            (D1, "P1", "A", 12),  # same day twice -> 10
            (D2, "P1", "us", 12),  # different days in one week
            (D3, "P1", "A", 12),
        ]
    )
    assert pr.price_index(df, "us").tolist()[0] == pytest.approx(100.0)
    weekly = pr.price_index(df, "us", freq="W")
    # week: us mean(10, 12) = 11, A mean(8, 12, 12) = 32 / 3
    assert len(weekly) == 1
    assert weekly.iloc[0] == pytest.approx(11 / (32 / 3) * 100)


def test_index_ignores_padding_rows(hand):
    padded = pd.concat(
        [hand, frame([(D1, "P1", "C", np.nan), (D1, "P2", "C", 0), (D2, "P1", "C", -1)])],
        ignore_index=True,
    )
    pd.testing.assert_series_equal(pr.price_index(padded, "us"), pr.price_index(hand, "us"))


def test_contributions_add_up_to_the_change(hand):
    for method in ("market_average", "lowest", "basket"):
        c = pr.index_contributions(hand, "us", method)
        idx = pr.price_index(hand, "us", method)
        assert c.attrs["index_start"] == pytest.approx(idx.iloc[0])
        assert c.attrs["index_end"] == pytest.approx(idx.iloc[1])
        assert c["contribution"].sum() == pytest.approx(idx.iloc[1] - idx.iloc[0])
    c = pr.index_contributions(hand, "us")
    # market average: P1 50 -> 50, P2 40 -> 0 (we are missing), P3 0 -> 100
    assert dict(zip(c["product"], c["contribution"], strict=True)) == pytest.approx(
        {"P3": 100.0, "P2": -40.0, "P1": 0.0}
    )
    assert c["product"].tolist() == ["P3", "P2", "P1"]  # largest first


def test_index_bad_inputs(hand):
    with pytest.raises(ValueError, match="Unknown index method"):
        pr.price_index(hand, "us", "median")
    with pytest.raises(ValueError, match="not in the prices data"):
        pr.price_index(hand, "them", "market_average")
    with pytest.raises(ValueError, match="needs a competitor"):
        pr.price_index(hand, "us", "competitor")
    with pytest.raises(ValueError, match="other than our own"):
        pr.price_index(hand, "us", "competitor", competitor="us")
    with pytest.raises(ValueError, match="lacks the column"):
        pr.price_index(hand.drop(columns="seller"), "us")
    with pytest.raises(ValueError, match="must not be negative"):
        pr.price_index(hand, "us", weights={"P1": -1})


def test_inputs_are_not_mutated(hand):
    before = hand.copy()
    pr.price_index(hand, "us", "basket")
    pr.position(hand, "us")
    pr.classify_drops(hand)
    pr.apply_matches(hand, pd.DataFrame(columns=["seller", "product", "match", "accept"]))
    pd.testing.assert_frame_equal(hand, before)


# --------------------------------------------------------------------------- position


def test_position_latest_prices_and_missing_seller(hand):
    pos = pr.position(hand, "us").set_index("product")
    # P1 now: us 10 (D2), A 9 (D3), B 12 (D1, its latest) -> rank 2, middle
    p1 = pos.loc["P1"]
    assert (p1.our_price, p1.comp_min, p1.comp_median, p1.comp_max) == (10, 9, 10.5, 12)
    assert p1["rank"] == 2 and p1.status == "middle" and p1.cheapest_seller == "A"
    assert p1.gap_pct == pytest.approx(10 / 9 - 1) and p1.gap_money == pytest.approx(1)
    assert p1.sellers == 3 and p1.competitors == 2
    # P2: us 20 (D1), A 22 (D2) -> cheapest
    assert pos.loc["P2", "status"] == "cheapest" and pos.loc["P2", "rank"] == 1
    # P3: us 6, B 3 -> most expensive
    assert pos.loc["P3", "status"] == "most_expensive" and pos.loc["P3", "rank"] == 2
    assert pr.position_counts(pos.reset_index()) == {
        "cheapest": 1,
        "middle": 1,
        "most_expensive": 1,
        "only_us": 0,
        "not_ours": 0,
    }


def test_position_as_of_and_max_age(hand):
    pos = pr.position(hand, "us", as_of=D1).set_index("product")
    assert pos.loc["P1", "comp_min"] == 8 and pos.loc["P3", "status"] == "only_us"
    fresh = pr.position(hand, "us", max_age_days=0).set_index("product")
    # only D3 observations count: we have none
    assert (fresh["status"] == "not_ours").all()


@pytest.mark.parametrize(
    ("ours", "a", "b", "rank", "status"),
    [
        (10, 10, 12, 1, "cheapest"),  # tie for cheapest shares rank 1
        (12, 10, 12, 2, "most_expensive"),  # tie at the top
        (10, 10, 10, 1, "cheapest"),  # all equal
        (11, 10, 12, 2, "middle"),
        (13, 10, 12, 3, "most_expensive"),
    ],
    ids=["tie_low", "tie_high", "all_equal", "middle", "dearest"],
)
def test_rank_ties(ours, a, b, rank, status):
    df = frame([(D1, "X", "us", ours), (D1, "X", "A", a), (D1, "X", "B", b)])
    row = pr.position(df, "us").iloc[0]
    assert row["rank"] == rank and row["status"] == status


def test_position_with_cost_gives_margins(hand):
    pos = pr.position(hand, "us", cost=pd.Series({"P1": 6.0})).set_index("product")
    assert pos.loc["P1", "margin_pct"] == pytest.approx(0.4)
    assert pos.loc["P1", "margin_if_match_pct"] == pytest.approx((9 - 6) / 9)
    assert np.isnan(pos.loc["P2", "cost"])


def test_gap_matrix(hand):
    g = pr.gap_matrix(hand, "us").set_index(["product", "seller"])
    assert g.loc[("P1", "A"), "gap_pct"] == pytest.approx(9 / 10 - 1)
    assert g.loc[("P1", "us"), "gap_pct"] == 0
    assert g.loc[("P3", "B"), "gap_pct"] == pytest.approx(-0.5)
    assert len(pr.gap_matrix(hand, "us", products=["P2"])) == 2


def test_own_seller_from_flag(hand):
    assert pr.own_seller_from(hand) is None
    flagged = hand.assign(own=hand["seller"].eq("us"))
    assert pr.own_seller_from(flagged) == "us"
    assert pr.sellers(hand)[0] == "us"


# --------------------------------------------------------------------------- history


def test_history_stats_time_weighted():
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    df = frame(
        [
            (days[0], "P", "A", 10),
            (days[10], "P", "A", 20),
            (days[20], "P", "A", 15),
        ],
        in_stock=[True, True, False],
    )
    stats = pr.history_stats(df, as_of=days[29], windows=(30, 5)).iloc[0]
    # 10 for days 0-9 and 20 for days 10-19; days 20-29 out of stock do not count
    assert stats["twa_30"] == pytest.approx((10 * 10 + 20 * 10) / 20)
    assert np.isnan(stats["twa_5"])  # only out-of-stock days in the last 5
    assert stats["low_all"] == 10 and stats["low_all_date"] == days[0]
    assert stats["last_price"] == 15 and stats["last_date"] == days[20]
    early = pr.history_stats(df, as_of=days[14], windows=(10,)).iloc[0]
    # window days 5-14: 5 days at 10, 5 at 20
    assert early["twa_10"] == pytest.approx(15) and early["low_10"] == 10


def test_history_rows(hand):
    h = pr.history(hand.assign(promo=False), "P1")
    assert h["seller"].tolist() == ["A", "A", "A", "B", "us", "us"]
    assert h["price"].tolist() == [8, 10, 9, 12, 10, 10]
    with pytest.raises(ValueError, match="not in the prices data"):
        pr.history(hand, "nope")


# --------------------------------------------------------------------------- changes


def test_changes_feed(hand):
    ch = pr.price_changes(hand)
    # A on P1: 8 -> 10 (D2), 10 -> 9 (D3); B on P3 first seen D2; us P3 5 -> 6
    got = {(r.product, r.seller, r.date): (r.old_price, r.new_price) for r in ch.itertuples()}
    assert got == {
        ("P1", "A", D2): (8, 10),
        ("P1", "A", D3): (10, 9),
        ("P2", "A", D2): (25, 22),
        ("P3", "us", D2): (5, 6),
    }
    assert ch["date"].iloc[0] == D3  # newest first
    text = pr.change_sentences(ch[ch["date"] == D3])
    assert text.iloc[0] == "from 10.00 to 9.00 (-10.0%)"
    assert len(pr.price_changes(hand, since=D3)) == 1
    assert len(pr.price_changes(hand, min_change=0.15)) == 2  # +25% and +20% only


def test_alerts_rules(hand):
    cost = pd.Series({"P3": 4.0})
    stock = hand.assign(in_stock=~((hand["seller"] == "A") & (hand["date"] == D3)))
    found = pr.alerts(stock, "us", pr.AlertRules(undercut=0.05, drop=0.04), cost=cost)
    rows = {(r.rule, r.product, r.seller): r for r in found.itertuples()}
    # B sells P3 at 3 < our cost 4; B undercuts us by 50% on P3; A by 10% on P1
    assert rows[("below_cost", "P3", "B")].severity == "high"
    assert rows[("undercut", "P3", "B")].severity == "high"
    assert rows[("undercut", "P1", "A")].severity == "medium"
    # A dropped P1 10 -> 9 on D3 (-10%): beyond 2 x 4% -> high
    assert rows[("drop", "P1", "A")].severity == "high"
    assert rows[("drop", "P1", "A")].old_price == 10
    assert rows[("out_of_stock", "P1", "A")].severity == "low"
    assert list(found["severity"]) == sorted(
        found["severity"], key={"high": 0, "medium": 1, "low": 2}.get
    )
    off = pr.alerts(
        stock, "us", pr.AlertRules(undercut=None, drop=None, below_cost=False, out_of_stock=False)
    )
    assert off.empty


# --------------------------------------------------------------------------- promotions


def _series(prices, start="2024-01-01", seller="A", product="P", **extra):
    days = pd.date_range(start, periods=len(prices), freq="D")
    return frame([(d, product, seller, p) for d, p in zip(days, prices, strict=True)], **extra)


def test_dip_and_return_is_a_promotion():
    df = _series([100] * 5 + [80] * 3 + [100] * 10)
    d = pr.classify_drops(df, window_days=7)
    assert len(d) == 1
    row = d.iloc[0]
    assert (row.kind, row.reason, row.days_low) == ("promotion", "returned", 3)
    assert row.drop_pct == pytest.approx(-0.2)


def test_step_down_is_lasting():
    d = pr.classify_drops(_series([100] * 5 + [80] * 20), window_days=7)
    assert d[["kind", "reason"]].values.tolist() == [["lasting", "no_return"]]


def test_return_within_tolerance_counts_and_late_return_does_not():
    near = pr.classify_drops(_series([100] * 3 + [80] * 2 + [99] * 10), tolerance=0.02)
    assert near["kind"].tolist() == ["promotion"]
    late = pr.classify_drops(_series([100] * 3 + [80] * 10 + [100] * 10), window_days=7)
    assert late["kind"].tolist() == ["lasting"]


def test_weekend_only_dips_are_promotions():
    days = pd.date_range("2024-01-01", periods=29, freq="D")  # Monday to Monday
    prices = np.where(days.day_of_week >= 5, 90.0, 100.0)
    d = pr.classify_drops(_series(prices.tolist()), window_days=3)
    assert len(d) == 4
    assert (d["kind"] == "promotion").all() and (d["days_low"] == 2).all()


def test_noise_is_not_a_drop():
    rng = np.random.default_rng(0)
    prices = 100 * (1 + rng.uniform(-0.005, 0.005, 60))
    assert pr.classify_drops(_series(prices.tolist()), min_drop=0.02).empty


def test_pending_flag_and_list_price():
    pending = pr.classify_drops(_series([100] * 10 + [80] * 2), window_days=7)
    assert pending[["kind", "reason"]].values.tolist() == [["pending", "too_early"]]
    prices = [100] * 5 + [80] * 20
    flagged = pr.classify_drops(_series(prices, promo=[False] * 5 + [True] * 20), window_days=7)
    assert flagged[["kind", "reason"]].values.tolist() == [["promotion", "flag"]]
    listed = pr.classify_drops(_series(prices, list_price=100.0), window_days=7)
    assert listed[["kind", "reason"]].values.tolist() == [["promotion", "list_price"]]
    # a seller always below its list price: the list price says nothing
    low_list = pr.classify_drops(_series(prices, list_price=150.0), window_days=7)
    assert low_list["kind"].tolist() == ["lasting"]


def test_drops_per_seller_and_own_left_out():
    a = _series([100] * 5 + [80] * 3 + [100] * 10, seller="A")
    b = _series([100] * 5 + [80] * 13, seller="B")
    us = _series([100] * 5 + [50] * 13, seller="us")
    d = pr.classify_drops(pd.concat([a, b, us], ignore_index=True), own_seller="us", window_days=7)
    assert set(d["seller"]) == {"A", "B"}
    s = pr.drop_summary(d).set_index("seller")
    assert s.loc["A", "promotion"] == 1 and s.loc["B", "lasting"] == 1
    assert s.loc["A", "promo_share"] == 1.0 and s.loc["B", "promo_share"] == 0.0
    assert pr.drop_summary(d.iloc[0:0]).empty


def test_classify_bad_inputs():
    with pytest.raises(ValueError, match="tolerance"):
        pr.classify_drops(_series([1, 2]), tolerance=1.5)
    with pytest.raises(ValueError, match="window_days"):
        pr.classify_drops(_series([1, 2]), window_days=0)


def test_drops_match_a_slow_loop():
    rng = np.random.default_rng(3)
    rows = []
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    for p in range(15):
        for s in ("A", "B", "C"):
            level = 100.0
            for d in days:
                if rng.random() < 0.3:
                    continue  # missing observation
                r = rng.random()
                price = level * (0.8 if r < 0.2 else 1.0)
                if r > 0.95:
                    level *= 0.9
                rows.append((d, f"P{p}", s, round(price, 2)))
    df = frame(rows)
    got = pr.classify_drops(df, window_days=5, tolerance=0.02, min_drop=0.02)
    want = []
    for (prod, seller), g in df.sort_values("date").groupby(["product", "seller"]):
        g = g.reset_index(drop=True)
        for i in range(1, len(g)):
            old, new = g.price[i - 1], g.price[i]
            if new / old - 1 >= -0.02:
                continue
            later = g[(g.date > g.date[i]) & (g.date <= g.date[i] + pd.Timedelta(days=5))]
            back = later[later.price >= old * 0.98]
            if len(back):
                kind = "promotion"
            elif g.date[i] + pd.Timedelta(days=5) > df.date.max():
                kind = "pending"
            else:
                kind = "lasting"
            want.append((g.date[i], prod, seller, kind))
    got_set = set(zip(got.date, got["product"], got.seller, got.kind, strict=True))
    assert got_set == set(want)
    assert len(want) > 50


# --------------------------------------------------------------------------- matching, units, costs


def test_propose_and_apply_matches():
    df = frame(
        [
            (D1, "DEWALT 20V MAX Cordless Drill Kit DCD771C2", "us", 99),
            (D1, "Makita 18V LXT Impact Driver XDT13Z", "us", 120),
            (D1, "Cordless Drill Kit, DEWALT 20-Volt MAX (DCD771C2)", "A", 95),
            (D1, "XDT13Z Makita 18 V LXT Impact Driver", "A", 125),
            (D1, "Garden hose 50 ft", "A", 20),
        ]
    )
    m = pr.propose_matches(df, "us")
    got = dict(zip(m["product"], m["match"], strict=True))
    assert got["Cordless Drill Kit, DEWALT 20-Volt MAX (DCD771C2)"].startswith("DEWALT 20V")
    assert got["XDT13Z Makita 18 V LXT Impact Driver"].startswith("Makita")
    assert got["Garden hose 50 ft"] == ""
    assert not m.loc[m["product"] == "Garden hose 50 ft", "accept"].item()
    matched = pr.apply_matches(df, m)
    pos = pr.position(matched, "us").set_index("product")
    assert pos.loc["DEWALT 20V MAX Cordless Drill Kit DCD771C2", "comp_min"] == 95
    assert pos.loc["Makita 18V LXT Impact Driver XDT13Z", "rank"] == 1
    assert pos.loc["Garden hose 50 ft", "status"] == "not_ours"
    # an edit: reject the Makita match
    edited = m.assign(accept=m["match"].str.startswith("DEWALT"))
    pos2 = pr.position(pr.apply_matches(df, edited), "us").set_index("product")
    assert pos2.loc["Makita 18V LXT Impact Driver XDT13Z", "status"] == "only_us"


def test_normalise_title():
    assert pr.normalise_title("DEWALT 20-Volt MAX, 500 Grams!") == "dewalt 20v max 500g"
    assert pr.normalise_title("ＤＥＷＡＬＴ  ２０Ｖ") == "dewalt 20v"


def test_per_unit():
    df = frame(
        [(D1, "P", "us", 10), (D1, "P", "A", 12), (D1, "P", "B", 5)],
        unit_size=[500.0, 1000.0, np.nan],
    )
    out = pr.per_unit(df, per=100)
    assert out["price"].tolist()[:2] == [2.0, 1.2] and np.isnan(out["price"].iloc[2])
    assert pr.price_index(out, "us").iloc[0] == pytest.approx(2 / 1.2 * 100)
    with pytest.raises(ValueError, match="unit_size"):
        pr.per_unit(df.drop(columns="unit_size"))


def test_read_costs_and_sales_weights(hand):
    c = pr.read_costs(pd.DataFrame({"SKU": ["P1", "P2", "P3"], "成本": ["¥6.50", "n/a", "1,234"]}))
    assert c.to_dict() == {"P1": 6.5, "P3": 1234.0}
    with pytest.raises(ValueError, match="two columns"):
        pr.read_costs(pd.DataFrame({"a": [1]}))
    orders = pd.DataFrame(
        {"product_id": ["P1", "P1", "P2", "ZZ"], "amount": [10.0, 5.0, 7.0, 100.0]}
    )
    w = pr.sales_weights(orders, hand)
    assert w.to_dict() == {"P1": 15.0, "P2": 7.0}


# --------------------------------------------------------------------------- real data


def _drills(path) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype={"byweek": str})
    raw = raw[raw["price"].notna()]
    # byweek is %W (Monday weeks) without a year: pin it to 2021's Mondays
    date = pd.Timestamp("2021-01-04") + pd.to_timedelta(
        (raw["byweek"].astype(int) - 1) * 7, unit="D"
    )
    return pd.DataFrame(
        {
            "date": date,
            "product": raw["product"],
            "seller": raw["platform"],
            "price": raw["price"].astype(float),
            "product_id": raw["model"],
            "in_stock": raw["in_stock"] >= 0.5,
        }
    ).reset_index(drop=True)


@pytest.mark.real
def test_drills_rank_and_index_match_plain_pandas(real):
    df = _drills(real("prices/power_drills_weekly_panel_amzn_wmt_hd_low.csv"))
    assert len(df) == 3061
    key = df["product_id"].str.strip().replace("", np.nan).fillna(df["product"].str.strip())
    obs = df.assign(key=key).groupby(["date", "key", "seller"])["price"].mean().reset_index()

    # index: mean over products of our price / mean (or min) of the others' prices
    own = obs[obs.seller == "AMZN"].set_index(["date", "key"])["price"]
    others = obs[obs.seller != "AMZN"].groupby(["date", "key"])["price"]
    for method, agg in (("market_average", others.mean()), ("lowest", others.min())):
        joined = pd.concat([own.rename("o"), agg.rename("c")], axis=1, join="inner")
        want = (100 * joined.o / joined.c).groupby(level="date").mean()
        got = pr.price_index(df, "AMZN", method).dropna()
        pd.testing.assert_series_equal(
            got, want.rename("price_index"), check_names=False, check_freq=False
        )
    wmt = obs[obs.seller == "WMT"].set_index(["date", "key"])["price"]
    joined = pd.concat([own.rename("o"), wmt.rename("c")], axis=1, join="inner")
    want = (100 * joined.o / joined.c).groupby(level="date").mean()
    got = pr.price_index(df, "AMZN", "competitor", competitor="WMT").dropna()
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy())
    pairs = obs[obs.seller != "AMZN"].merge(own.rename("o").reset_index(), on=["date", "key"])
    by_date = pairs.groupby("date")
    want = 100 * by_date["price"].sum() / by_date["o"].sum()
    got = pr.price_index(df, "AMZN", "basket").dropna()
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy())

    # rank now: each seller's latest price; 1 + competitors strictly cheaper
    latest = obs.sort_values("date").groupby(["key", "seller"]).tail(1)
    wide = latest.pivot(index="key", columns="seller", values="price")
    ours = wide["AMZN"].dropna()
    comp = wide.drop(columns="AMZN").loc[ours.index]
    want_rank = 1 + comp.lt(ours, axis=0).sum(axis=1)
    pos = pr.position(df, "AMZN").set_index("product")
    got_rank = pos.loc[ours.index, "rank"].astype(int)
    pd.testing.assert_series_equal(got_rank, want_rank.astype(int), check_names=False)
    assert (pos.loc[ours.index, "comp_min"].to_numpy() == comp.min(axis=1).to_numpy()).sum() == (
        comp.notna().any(axis=1).sum()
    )
    counts = pr.position_counts(pos.reset_index())
    assert sum(counts.values()) == len(wide)
    assert counts["only_us"] == int(comp.isna().all(axis=1).sum())


@pytest.mark.real
def test_drills_changes_and_drops_run(real):
    df = _drills(real("prices/power_drills_weekly_panel_amzn_wmt_hd_low.csv"))
    changes = pr.price_changes(df)
    assert (changes["old_price"] != changes["new_price"]).all()
    drops = pr.classify_drops(df, own_seller="AMZN", window_days=21)
    assert set(drops["seller"]) <= {"WMT", "HD", "LOW"}
    assert set(drops["kind"]) <= {"promotion", "lasting", "pending"}
    assert len(drops) == int(((changes.change_pct < -0.02) & (changes.seller != "AMZN")).sum())
