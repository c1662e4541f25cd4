"""Traffic-source analytics: GA4 channel rules, Chinese platforms, tables and the change split."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

from analytics import traffic as tr
from analytics.export import to_csv_bytes
from analytics.traffic import channel_group, match_rule

# --------------------------------------------------------------------------- GA4 rules

# (source, medium, campaign, expected channel): one block per rule, hits then near misses
RULE_CASES = [
    # Direct
    ("(direct)", "(none)", None, "Direct"),
    ("(direct)", "(not set)", None, "Direct"),
    ("(direct)", "referral", None, "Referral"),
    ("direct", "(none)", None, "Unassigned"),
    # Cross-network
    ("google", "cpc", "Summer cross-network pmax", "Cross-network"),
    ("google", "cpc", "crossnetwork", "Paid Search"),
    # Paid Shopping
    ("amazon", "cpc", None, "Paid Shopping"),
    ("example.com", "ppc", "summer-shop", "Paid Shopping"),
    ("example.com", "paid", "shopping week", "Paid Shopping"),
    ("example.com", "ppc", "workshop", "Paid Other"),
    ("amazon", "organic", None, "Organic Shopping"),
    # Paid Search
    ("google", "cpc", None, "Paid Search"),
    ("bing", "paidsearch", None, "Paid Search"),
    ("baidu", "retargeting", None, "Paid Search"),
    ("google", "organic", None, "Organic Search"),
    # Paid Social
    ("facebook", "cpc", None, "Paid Social"),
    ("instagram", "paid_social", None, "Paid Social"),
    ("facebook", "social", None, "Organic Social"),
    # Paid Video
    ("youtube", "cpc", None, "Paid Video"),
    ("youtube", "video", None, "Organic Video"),
    # Display
    ("example.com", "banner", None, "Display"),
    ("example.com", "interstitial", None, "Display"),
    ("example.com", "expandable", None, "Display"),
    ("example.com", "display", None, "Display"),
    ("example.com", "displays", None, "Unassigned"),
    # Paid Other
    ("example.com", "cpc", None, "Paid Other"),
    ("example.com", "retargeting", None, "Paid Other"),
    ("example.com", "paid-media", None, "Paid Other"),
    ("example.com", "pay", None, "Unassigned"),
    # Organic Shopping
    ("amazon", "referral", None, "Organic Shopping"),
    ("example.com", "referral", "shopping-week", "Organic Shopping"),
    ("example.com", "referral", "bishop", "Referral"),
    # Organic Social
    ("facebook", "referral", None, "Organic Social"),
    ("example.com", "social media", None, "Organic Social"),
    ("example.com", "sm", None, "Organic Social"),
    ("example.com", "socials", None, "Unassigned"),
    # Organic Video
    ("youtube", "referral", None, "Organic Video"),
    ("example.com", "video-ad", None, "Organic Video"),
    ("example.com", "vid", None, "Unassigned"),
    # Organic Search
    ("bing", "referral", None, "Organic Search"),
    ("example.com", "organic", None, "Organic Search"),
    ("example.com", "organics", None, "Unassigned"),
    # Referral
    ("example.com", "referral", None, "Referral"),
    ("example.com", "app", None, "Referral"),
    ("example.com", "link", None, "Referral"),
    ("example.com", "referrals", None, "Unassigned"),
    # Email
    ("newsletter", "email", None, "Email"),
    ("e-mail", "x", None, "Email"),
    ("example.com", "e mail", None, "Email"),
    ("example.com", "e_mail", None, "Email"),
    ("example.com", "emails", None, "Unassigned"),
    # Affiliates
    ("example.com", "affiliate", None, "Affiliates"),
    ("example.com", "affiliates", None, "Unassigned"),
    # Audio
    ("example.com", "audio", None, "Audio"),
    ("example.com", "audios", None, "Unassigned"),
    # SMS
    ("sms", "x", None, "SMS"),
    ("example.com", "sms", None, "SMS"),
    ("example.com", "smsx", None, "Unassigned"),
    # Mobile Push Notifications
    ("example.com", "web-push", None, "Mobile Push Notifications"),
    ("example.com", "mobile-app", None, "Mobile Push Notifications"),
    ("example.com", "notification", None, "Mobile Push Notifications"),
    ("firebase", "x", None, "Mobile Push Notifications"),
    ("example.com", "pushy", None, "Unassigned"),
    # Unassigned
    ("(not set)", "(not set)", None, "Unassigned"),
    (None, None, None, "Unassigned"),
    ("foo", "bar", None, "Unassigned"),
]


@pytest.mark.parametrize(
    ("source", "medium", "campaign", "expected"),
    RULE_CASES,
    ids=[f"{s}/{m}/{c}->{e}" for s, m, c, e in RULE_CASES],
)
def test_ga4_rules(source, medium, campaign, expected):
    assert channel_group(source, medium, campaign) == expected


def test_every_channel_is_reachable():
    hit = {e for *_, e in RULE_CASES}
    assert hit == set(tr.CHANNELS)


RULE_ORDER = [
    # paid medium on a search site wins over Display's cpm
    ("google", "cpm", None, "Paid Search"),
    # video site before Referral
    ("youtube", "referral", None, "Organic Video"),
    # Cross-network before everything but Direct
    ("amazon", "cpc", "x cross-network", "Cross-network"),
    ("(direct)", "(none)", "cross-network", "Direct"),
    # shop campaign before Organic Search
    ("google", "organic", "spring shop", "Organic Shopping"),
    # social site before Email
    ("facebook", "email", None, "Organic Social"),
    # Paid Shopping before Paid Search (shopping campaign on a search site)
    ("google", "cpc", "shopping", "Paid Shopping"),
    # Display before Paid Other, Paid Other before the organic rules
    ("facebook", "display", None, "Display"),
    ("example.com", "cpc", None, "Paid Other"),
    # Email before SMS and Push
    ("sms", "email", None, "Email"),
]


@pytest.mark.parametrize(
    ("source", "medium", "campaign", "expected"),
    RULE_ORDER,
    ids=[f"{s}/{m}/{c}->{e}" for s, m, c, e in RULE_ORDER],
)
def test_rule_order(source, medium, campaign, expected):
    assert channel_group(source, medium, campaign) == expected


@pytest.mark.parametrize(
    ("source", "medium", "campaign", "expected"),
    [
        ("GOOGLE", "CPC", None, "Paid Search"),
        ("Facebook", "Paid_Social", None, "Paid Social"),
        (" (Direct) ", "(None)", None, "Direct"),
        ("Example.COM", "Referral", None, "Referral"),
        ("x", "Email", None, "Email"),
        ("Google", "CPC", "Cross-Network Q3", "Cross-network"),
        ("TaoBao", "CPC", None, "Paid Shopping"),
    ],
)
def test_case_insensitive(source, medium, campaign, expected):
    assert channel_group(source, medium, campaign) == expected


CN_CASES = [
    ("taobao", "cpc", "Paid Shopping"),
    ("tmall", "referral", "Organic Shopping"),
    ("jd", "cpc", "Paid Shopping"),
    ("京东", "referral", "Organic Shopping"),
    ("pinduoduo", "referral", "Organic Shopping"),
    ("1688", "referral", "Organic Shopping"),
    ("douyin", "cpc", "Paid Video"),
    ("抖音", "referral", "Organic Video"),
    ("kuaishou", "cpc", "Paid Video"),
    ("bilibili", "referral", "Organic Video"),
    ("xiaohongshu", "referral", "Organic Social"),
    ("小红书", "cpc", "Paid Social"),
    ("zhihu", "cpc", "Paid Social"),
    ("weibo", "referral", "Organic Social"),
    ("wechat", "cpc", "Paid Social"),
    ("微信", "social", "Organic Social"),
    ("baidu", "cpc", "Paid Search"),
    ("百度", "organic", "Organic Search"),
]


@pytest.mark.parametrize(("source", "medium", "expected"), CN_CASES)
def test_chinese_platforms(source, medium, expected):
    assert channel_group(source, medium) == expected


SYCM_CASES = [
    ("自然搜索", "Organic Search"),
    ("手淘搜索", "Organic Search"),
    ("直通车", "Paid Search"),
    ("万相台", "Paid Shopping"),
    ("引力魔方", "Display"),
    ("猜你喜欢", "Organic Shopping"),
    ("首页推荐", "Organic Shopping"),
    ("直播", "Organic Video"),
    ("短视频", "Organic Video"),
    ("淘宝客", "Affiliates"),
    ("购物车", "Direct"),
    ("巨量千川", "Paid Video"),
]


@pytest.mark.parametrize(("source", "expected"), SYCM_CASES)
def test_shop_backend_source_names(source, expected):
    channel, rule = match_rule(source, None)
    assert (channel, rule) == (expected, "custom")


def test_pure_ga4_without_custom_mapping():
    empty = pd.DataFrame(columns=["source", "medium", "channel"])
    assert channel_group("直通车", None, custom=empty) == "Unassigned"
    assert channel_group("google", "cpc", custom=empty) == "Paid Search"


def test_custom_mapping_precedence_and_wildcards():
    custom = pd.DataFrame(
        {
            "source": ["weird", "weird", "*", "Google"],
            "medium": ["thing", "*", "newsletter", "cpc"],
            "channel": ["email", "Referral", "Email", "Paid Other"],
        }
    )
    assert match_rule("Weird", "THING", custom=custom) == ("Email", "custom")  # re-cased name
    assert match_rule("weird", "other", custom=custom) == ("Referral", "custom")
    assert match_rule("anything", "newsletter", custom=custom) == ("Email", "custom")
    assert channel_group("google", "cpc", custom=custom) == "Paid Other"
    assert match_rule("google", "organic", custom=custom) == ("Organic Search", "organic_search")


def test_custom_mapping_bad_columns():
    with pytest.raises(ValueError, match="source, medium and channel"):
        channel_group("x", "y", custom=pd.DataFrame({"source": ["x"]}))


def test_custom_source_categories():
    cats = pd.DataFrame({"source": ["myshop.cn"], "source_category": ["SHOPPING"]})
    assert channel_group("myshop.cn", "cpc", categories=cats) == "Paid Shopping"
    # the default list is replaced: google is no longer a search site
    assert channel_group("google", "cpc", categories=cats) == "Paid Other"


def test_www_prefix_is_tolerated():
    assert channel_group("www.bing.com", "referral") == channel_group("bing.com", "referral")


def _random_traffic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sources = np.array(
        ["google", "GOOGLE", "(direct)", "facebook", "直通车", "taobao", "x.com", None, "sms"],
        dtype=object,
    )
    mediums = np.array(
        ["cpc", "organic", "(none)", "referral", None, "email", "Paid", "banner"], dtype=object
    )
    camps = np.array([None, "shop now", "cross-network", "brand"], dtype=object)
    chans = np.array([None, None, None, "Paid Search", "organic search", ""], dtype=object)
    return pd.DataFrame(
        {
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D"),
            "channel": chans[rng.integers(0, len(chans), n)],
            "source": sources[rng.integers(0, len(sources), n)],
            "medium": mediums[rng.integers(0, len(mediums), n)],
            "campaign": camps[rng.integers(0, len(camps), n)],
            "visitors": rng.integers(0, 100, n).astype(float),
        }
    )


@pytest.mark.parametrize("keep", [True, False], ids=["keep", "regroup"])
def test_vectorised_matches_rowwise_both_modes(keep):
    frame = _random_traffic(3000, seed=int(keep))
    frame.loc[frame.index[::7], "channel"] = "直通车"
    frame.loc[frame.index[::7], "source"] = None
    before = frame.copy()
    out = tr.classify(frame, keep_channel=keep)
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    expected = tr.classify_rowwise(frame, keep_channel=keep)
    assert out["channel"].tolist() == expected.tolist()
    if not keep:
        assert (out.loc[frame.index[::7], "channel"] == "Paid Search").all()


def test_regroup_file_channels():
    f = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01"] * 3),
            "channel": ["付费推广", "Our own name", None],
            "source": [None, None, "google"],
            "medium": [None, None, "cpc"],
            "visitors": [10.0, 5.0, 20.0],
        }
    )
    kept = tr.classify(f)
    assert kept["channel"].tolist() == ["付费推广", "Our own name", "Paid Search"]
    assert kept["rule"].tolist() == ["file", "file", "paid_search"]
    regrouped = tr.classify(f, keep_channel=False)
    assert regrouped["channel"].tolist() == ["Paid Search", "Our own name", "Paid Search"]
    assert regrouped["rule"].tolist() == ["custom", "file", "paid_search"]


def test_vectorised_matches_rowwise():
    frame = _random_traffic(3000)
    out = tr.classify(frame)
    carried = frame["channel"].fillna("").str.strip() != ""
    assert (out.loc[carried, "rule"] == "file").all()
    assert set(out.loc[carried, "channel"]) <= {"Paid Search", "Organic Search"}  # re-cased
    assert (out.loc[~carried, "rule"] != "file").all()


# --------------------------------------------------------------------------- tables


def _frame(rows, cols=("date", "channel", "visitors", "buyers", "orders", "revenue", "spend")):
    f = pd.DataFrame(rows, columns=list(cols))
    f["date"] = pd.to_datetime(f["date"])
    return f


def test_channel_table_hand_worked():
    f = _frame(
        [
            ("2024-01-01", "Paid Search", 100, 4, 5, 500.0, 250.0),
            ("2024-01-02", "Paid Search", 100, 6, 5, 500.0, 250.0),
            ("2024-01-01", "Direct", 300, 6, 6, 600.0, 0.0),
            ("2024-01-02", "Direct", 0, 0, 0, 0.0, 0.0),
            # previous period (2 days before)
            ("2023-12-30", "Paid Search", 50, 2, 2, 200.0, 100.0),
            ("2023-12-31", "Direct", 200, 4, 4, 400.0, 0.0),
        ]
    )
    mix = tr.build_mix(f)
    t = tr.channel_table(mix, "2024-01-01", "2024-01-02")
    assert list(t.index) == ["Direct", "Paid Search", "Total"]
    ps = t.loc["Paid Search"]
    assert ps["volume"] == 200
    assert ps["volume_share"] == pytest.approx(200 / 500)
    assert ps["cr"] == pytest.approx(10 / 200)
    assert ps["aov"] == pytest.approx(1000 / 10)
    assert ps["uv_value"] == pytest.approx(1000 / 200)
    assert ps["roas"] == pytest.approx(2.0)
    assert ps["roi"] == pytest.approx(1.0)
    assert ps["cpa"] == pytest.approx(50.0)
    assert ps["revenue_share"] == pytest.approx(1000 / 1600)
    assert ps["volume_change"] == pytest.approx(200 / 50 - 1)
    assert ps["cr_change"] == pytest.approx(10 / 200 - 2 / 50)  # points, not relative
    d = t.loc["Direct"]
    # Direct has no spend: ROAS, ROI, CPA not available (never inf or 0)
    assert np.isnan(d["roas"]) and np.isnan(d["roi"]) and np.isnan(d["cpa"])
    tot = t.loc["Total"]
    assert tot["volume"] == 500 and tot["revenue"] == 1600 and tot["spend"] == 500
    assert tot["volume_share"] == pytest.approx(1.0)
    assert not np.isinf(t.select_dtypes("number").to_numpy()).any()


def test_zero_visitors_and_no_spend_column():
    f = _frame(
        [("2024-01-01", "Email", 0, 0, 0, 0.0), ("2024-01-01", "Direct", 10, 1, 1, 50.0)],
        cols=("date", "channel", "visitors", "buyers", "orders", "revenue"),
    )
    t = tr.channel_table(tr.build_mix(f), "2024-01-01", "2024-01-01")
    assert "Email" not in t.index  # nothing in either period
    assert t["roas"].isna().all() and t["spend"].isna().all()
    f2 = _frame(
        [("2024-01-01", "Email", 0, 0, 0, 20.0), ("2024-01-01", "Direct", 10, 1, 1, 50.0)],
        cols=("date", "channel", "visitors", "buyers", "orders", "revenue"),
    )
    t2 = tr.channel_table(tr.build_mix(f2), "2024-01-01", "2024-01-01")
    assert np.isnan(t2.loc["Email", "cr"]) and np.isnan(t2.loc["Email", "uv_value"])
    assert np.isnan(t2.loc["Email", "aov"])
    assert np.isnan(t2.loc["Email", "volume_change"])  # no previous period


def test_sessions_stand_in_for_visitors():
    f = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01"] * 2),
            "channel": [None, None],
            "source": ["google", "(direct)"],
            "medium": ["cpc", "(none)"],
            "sessions": [30.0, 70.0],
        }
    )
    mix = tr.build_mix(f)
    assert mix.volume == "sessions" and "sessions_as_volume" in mix.notes
    t = tr.channel_table(mix, "2024-01-01", "2024-01-01")
    assert t.loc["Direct", "volume"] == 70 and t.loc["Paid Search", "volume_share"] == 0.3


def test_visitors_filled_from_sessions_count_as_sessions():
    f = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01"] * 2),
            "channel": ["Direct", "Email"],
            "visitors": [3.0, 4.0],
            "sessions": [3.0, 4.0],
        }
    )
    assert tr.build_mix(f).volume == "sessions"
    assert tr.build_mix(f.assign(visitors=[2.0, 4.0])).volume == "visitors"


def test_traffic_needs_volume():
    f = pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]), "channel": ["Direct"]})
    with pytest.raises(ValueError, match="visitors"):
        tr.build_mix(f)


def test_revenue_from_orders_dataset():
    traffic = _frame(
        [("2024-01-01", "Paid Search", 100), ("2024-01-01", "Direct", 50)],
        cols=("date", "channel", "visitors"),
    )
    orders = pd.DataFrame(
        {
            "order_id": ["a", "a", "b", "c", "d"],
            "customer_id": ["u1", "u1", "u2", "u3", "u4"],
            "order_time": pd.to_datetime(
                [
                    "2024-01-01 10:00",
                    "2024-01-01 10:00",
                    "2024-01-01 12:00",
                    "2024-01-01 13:00",
                    "2024-01-01 14:00",
                ]
            ),
            "amount": [30.0, 20.0, 40.0, -40.0, 10.0],
            "channel": ["直通车", "直通车", "paid search", "Paid Search", "direct"],
            "is_return": [False, False, False, True, False],
        }
    )
    # by default channel names are kept as given (GA4 names re-cased) in both datasets
    kept = tr.channel_table(tr.build_mix(traffic, orders), "2024-01-01", "2024-01-01")
    assert kept.loc["直通车", "revenue"] == 50.0
    assert kept.loc["Paid Search", "revenue"] == 40.0
    # regrouped with the mapping: 直通车 is Paid Search; the return is excluded
    mix = tr.build_mix(traffic, orders, keep_channel=False)
    assert mix.revenue_from == "orders"
    t = tr.channel_table(mix, "2024-01-01", "2024-01-01")
    assert t.loc["Paid Search", "revenue"] == 90.0
    assert t.loc["Paid Search", "orders"] == 2
    assert t.loc["Paid Search", "cr"] == pytest.approx(2 / 100)
    assert t.loc["Direct", "revenue"] == 10.0
    # orders only (no traffic dataset)
    only = tr.build_mix(None, orders)
    assert only.volume is None
    t2 = tr.channel_table(only, "2024-01-01", "2024-01-01")
    assert t2.loc["Total", "revenue"] == 100.0 and t2["cr"].isna().all()


def test_spend_from_spend_dataset():
    traffic = _frame(
        [("2024-01-01", "Paid Search", 100, 2, 2, 300.0)],
        cols=("date", "channel", "visitors", "buyers", "orders", "revenue"),
    )
    spend = pd.DataFrame(
        {"date": pd.to_datetime(["2024-01-01"]), "channel": ["paid search"], "spend": [100.0]}
    )
    mix = tr.build_mix(traffic, spend=spend)
    assert mix.spend_from == "spend"
    t = tr.channel_table(mix, "2024-01-01", "2024-01-01")
    assert t.loc["Paid Search", "roas"] == pytest.approx(3.0)


def test_mix_over_time_shares():
    f = _frame(
        [
            ("2024-01-01", "A", 10, 1, 1, 10.0, 0.0),
            ("2024-01-02", "A", 30, 1, 1, 30.0, 0.0),
            ("2024-01-01", "B", 60, 1, 1, 60.0, 0.0),
        ]
    )
    m = tr.mix_over_time(tr.build_mix(f), freq="W")
    assert m["period"].nunique() == 1
    assert m.set_index("channel")["volume_share"].to_dict() == {"A": 0.4, "B": 0.6}
    d = tr.mix_over_time(tr.build_mix(f), freq="D")
    assert d.groupby("period")["volume_share"].sum().tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="frequency"):
        tr.mix_over_time(tr.build_mix(f), freq="Q")


def test_previous_period():
    s, e = pd.Timestamp("2024-03-08"), pd.Timestamp("2024-03-14")
    assert tr.previous_period(s, e) == (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-07"))
    assert tr.previous_period(s, e, "month") == (
        pd.Timestamp("2024-02-08"),
        pd.Timestamp("2024-02-14"),
    )
    with pytest.raises(ValueError, match="before the start"):
        tr.previous_period(e, s)


def test_unassigned_drilldown():
    f = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01"] * 4),
            "source": ["foo", "foo", "bar", "google"],
            "medium": ["x", "x", "y", "cpc"],
            "visitors": [5.0, 5.0, 3.0, 100.0],
        }
    )
    un = tr.unassigned_pairs(tr.build_mix(f))
    assert un[["source", "medium", "rows", "volume"]].values.tolist() == [
        ["foo", "x", 2, 10.0],
        ["bar", "y", 1, 3.0],
    ]
    assert un["share"].iloc[0] == pytest.approx(10 / 113)


def test_export_neutralises_formula_channel_names():
    f = _frame([("2024-01-01", "=HYPERLINK(1)", 10, 1, 1, 5.0, 1.0)])
    t = tr.channel_table(tr.build_mix(f), "2024-01-01", "2024-01-01")
    csv = to_csv_bytes(t.reset_index()).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv


# --------------------------------------------------------------------------- decomposition


def _two_periods(cur: dict, prev: dict, cols=("visitors", "buyers", "orders", "revenue")):
    rows = []
    for ch, vals in prev.items():
        rows.append(("2024-01-01", ch, *vals))
    for ch, vals in cur.items():
        rows.append(("2024-01-02", ch, *vals))
    f = _frame(rows, cols=("date", "channel", *cols))
    if "visitors" not in cols:  # sales only, as from an orders dataset
        return tr.TrafficMix(f, pd.DataFrame(), None, "orders", None, "buyers")
    return tr.build_mix(f)


def test_decomposition_hand_worked():
    # traffic +10%, CR flat, AOV +10%: revenue 2000 -> 2420, split evenly 210 / 0 / 210
    mix = _two_periods({"A": (1100, 22, 22, 2420.0)}, {"A": (1000, 20, 20, 2000.0)})
    dec = tr.decompose(mix, "2024-01-02", "2024-01-02")
    assert dec.factors == ("traffic", "conversion", "value")
    assert dec.total["change"] == pytest.approx(420.0)
    assert dec.total["traffic"] == pytest.approx(210.0)
    assert dec.total["conversion"] == pytest.approx(0.0, abs=1e-9)
    assert dec.total["value"] == pytest.approx(210.0)
    ex = tr.explain(dec)
    assert ex["pct"] == pytest.approx(0.21)
    assert [e["pct"] for e in ex["effects"]] == pytest.approx([0.105, 0.0, 0.105])
    steps = tr.waterfall_steps(dec)
    assert steps["step"].tolist() == ["previous", "traffic", "conversion", "value", "current"]
    assert steps["end"].iloc[-2] == pytest.approx(2420.0)


def test_decomposition_sums_exactly_on_random_data():
    rng = np.random.default_rng(7)
    for trial in range(20):
        n = rng.integers(1, 8)
        chans = [f"c{i}" for i in range(n)]

        def vals():
            v = rng.integers(1, 10_000)
            b = rng.integers(1, max(2, v // 10))
            o = b + rng.integers(0, 5)
            return (float(v), float(b), float(o), float(np.round(o * rng.uniform(5, 500), 2)))

        mix = _two_periods({c: vals() for c in chans}, {c: vals() for c in chans})
        dec = tr.decompose(mix, "2024-01-02", "2024-01-02")
        by = dec.by_channel
        eff_sum = by[list(dec.factors)].sum(axis=1)
        assert np.abs(eff_sum - by["change"]).max() < 0.005, trial  # to the cent
        np.testing.assert_allclose(eff_sum, by["change"], rtol=1e-9, atol=1e-6)
        total = sum(dec.total[f] for f in dec.factors)
        assert abs(total - (by["revenue"].sum() - by["revenue_prev"].sum())) < 0.005
        # the CR split is exact too
        assert dec.cr_mix + dec.cr_rate == pytest.approx(dec.cr - dec.cr_prev, abs=1e-12)


def test_lmdi_matches_definition():
    x0 = np.array([[100.0, 0.02, 50.0]])
    x1 = np.array([[120.0, 0.025, 45.0]])
    v0, v1 = x0.prod(), x1.prod()
    L = (v1 - v0) / np.log(v1 / v0)
    np.testing.assert_allclose(tr.lmdi(x0, x1)[0], L * np.log(x1[0] / x0[0]))
    with pytest.raises(ValueError, match="same shape"):
        tr.lmdi(x0, x1[:, :2])


def test_decomposition_zero_and_missing_values():
    mix = _two_periods(
        {
            "new": (100, 5, 5, 500.0),  # appears: all traffic
            "flat_sales_start": (100, 2, 2, 200.0),  # no sales before: conversion
            "same": (50, 1, 1, 30.0),
        },
        {
            "gone": (80, 4, 4, 400.0),  # disappears: all traffic
            "flat_sales_start": (100, 0, 0, 0.0),
            "same": (50, 1, 1, 30.0),
        },
    )
    dec = tr.decompose(mix, "2024-01-02", "2024-01-02")
    by = dec.by_channel
    assert by.loc["new", "traffic"] == 500.0 and by.loc["new", ["conversion", "value"]].eq(0).all()
    assert by.loc["gone", "traffic"] == -400.0
    assert by.loc["flat_sales_start", "conversion"] == 200.0
    assert by.loc["same", list(dec.factors)].eq(0).all()
    assert not by.isna().any().any()
    assert by[list(dec.factors)].sum().sum() == pytest.approx(by["change"].sum())
    # CR split: a channel present in one period only moves through mix
    crc = dec.cr_by_channel
    assert crc.loc["new", "rate"] == 0.0 and crc.loc["gone", "rate"] == 0.0


def test_cr_split_hand_worked():
    # CRs stay put in each channel; traffic moves to the low-CR channel: all mix effect
    mix = _two_periods(
        {"A": (100, 10, 10, 100.0), "B": (300, 3, 3, 30.0)},
        {"A": (100, 10, 10, 100.0), "B": (100, 1, 1, 10.0)},
    )
    dec = tr.decompose(mix, "2024-01-02", "2024-01-02")
    assert dec.cr_prev == pytest.approx(11 / 200)
    assert dec.cr == pytest.approx(13 / 400)
    assert dec.cr_rate == pytest.approx(0.0, abs=1e-15)
    assert dec.cr_mix == pytest.approx(13 / 400 - 11 / 200)


def test_decomposition_frequency_factor_and_no_visitors():
    mix = _two_periods({"A": (100, 10, 15, 1500.0)}, {"A": (100, 10, 10, 1000.0)})
    dec = tr.decompose(mix, "2024-01-02", "2024-01-02")
    assert dec.factors == ("traffic", "conversion", "frequency", "value")
    assert dec.total["frequency"] == pytest.approx(500.0)
    orders_only = _two_periods(
        {"A": (12, 12, 1200.0)}, {"A": (10, 10, 1000.0)}, cols=("buyers", "orders", "revenue")
    )
    d2 = tr.decompose(orders_only, "2024-01-02", "2024-01-02")
    assert d2.factors == ("traffic", "value")
    assert d2.total["traffic"] == pytest.approx(200.0)
    assert np.isnan(d2.cr_mix)


def test_decompose_needs_revenue():
    f = _frame([("2024-01-01", "A", 10)], cols=("date", "channel", "visitors"))
    with pytest.raises(ValueError, match="Revenue"):
        tr.decompose(tr.build_mix(f), "2024-01-01", "2024-01-01")


# --------------------------------------------------------------------------- efficiency


def test_efficiency_and_suggestions():
    rng = np.random.default_rng(3)
    days = pd.date_range("2024-01-01", periods=30)
    rows = []
    for d in days:
        s_good = rng.uniform(50, 200)
        s_bad = rng.uniform(50, 200)
        rows.append((d, "Good", 100, 5, 5, 20 * s_good**0.8, s_good))  # elasticity 0.8
        rows.append((d, "Sat", 100, 5, 5, 300 * s_bad**0.1, s_bad))  # saturated
        rows.append((d, "Loser", 100, 1, 1, 0.5 * s_bad, s_bad))  # ROAS 0.5
        rows.append((d, "Direct", 100, 5, 5, 500.0, 0.0))
    mix = tr.build_mix(_frame(rows))
    start, end = days[0], days[-1]
    t = tr.channel_table(mix, start, end)
    eff = tr.efficiency(mix, t, start, end)
    assert set(eff.index) == {"Good", "Sat", "Loser"}
    assert eff["spend_share"].sum() == pytest.approx(1.0)
    assert eff.loc["Good", "elasticity"] == pytest.approx(0.8, abs=0.02)
    assert eff["median_roas"].iloc[0] == pytest.approx(eff["roas"].median())
    codes = dict((p["channel"], c) for c, p in tr.suggestions(eff))
    assert codes["Loser"] == "cut"
    assert codes["Good"] == "scale"
    assert codes["Sat"] == "hold"


# --------------------------------------------------------------------------- real files


@pytest.mark.real
def test_real_ga4_file_totals(real):
    raw = pd.read_csv(real("traffic/ga4_merch_store_daily_funnel_by_source_medium.csv"))
    f = pd.DataFrame(
        {
            "date": pd.to_datetime(raw["event_date"]),
            "channel": None,
            "source": raw["source"],
            "medium": raw["medium"],
            "campaign": raw["campaign"],
            "sessions": raw["sessions_start_count"].astype(float),
        }
    )
    mix = tr.build_mix(f)
    lo, hi = f["date"].min(), f["date"].max()
    t = tr.channel_table(mix, lo, hi)
    assert t.loc["Total", "volume"] == raw["sessions_start_count"].sum() == 354_857
    assert t.drop(index="Total")["volume"].sum() == 354_857
    assert t.loc["Organic Search", "volume"] > t.loc["Direct", "volume"] > 0
    assert {"Paid Search", "Referral", "Unassigned"} <= set(t.index)
    # google / organic and (direct) / (none) are the GA4 rules, not the file
    pairs = mix.pairs.set_index(["source", "medium"])
    assert pairs.loc[("google", "organic"), "rule"] == "organic_search"
    assert pairs.loc[("(direct)", "(none)"), "rule"] == "direct"
    assert pairs.loc[("google", "cpc"), "channel"] == "Paid Search"


@pytest.mark.real
@pytest.mark.slow
def test_real_ga360_file_totals(real):
    with gzip.open(real("traffic/ga360_merch_store_analytics_excel-truncated.csv.gz")) as fh:
        raw = pd.read_csv(fh, usecols=["purchase_date", "channel_grouping", "revenue"])
    f = pd.DataFrame(
        {
            "date": pd.to_datetime(raw["purchase_date"].astype(str), format="%Y%m%d"),
            "channel": raw["channel_grouping"],
            "sessions": 1.0,
            "revenue": raw["revenue"].fillna(0) / 1e6,
        }
    )
    mix = tr.build_mix(f)
    t = tr.channel_table(mix, f["date"].min(), f["date"].max())
    assert t.loc["Total", "volume"] == len(raw) == 1_048_575
    assert t.loc["Total", "revenue"] == pytest.approx(raw["revenue"].sum() / 1e6, rel=1e-12)
    assert t.loc["Organic Search", "volume"] == 515_197  # the file's channel is kept
    assert t.loc["Social", "volume"] == 46_045
    assert (mix.pairs["rule"] == "file").all()
