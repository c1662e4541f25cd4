"""analytics.funnel: the vectorised funnel against a per-user loop, and hand-worked examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analytics import funnel as fn

T0 = pd.Timestamp("2024-03-04 09:00:00")


def log(rows: list[tuple], **extra) -> pd.DataFrame:
    """rows of (user, minutes after T0, event) -> canonical events frame."""
    frame = pd.DataFrame(
        {
            "user_id": [str(r[0]) for r in rows],
            "event_time": [T0 + pd.Timedelta(minutes=r[1]) for r in rows],
            "event": [r[2] for r in rows],
        }
    )
    for k, v in extra.items():
        frame[k] = v
    return frame


# ---------------------------------------------------------------------------
# The reference: a plain loop over users, written from the counting rules.


def reference(events, steps, window, order, count="users", exclude=False):
    """Per-user loop. Returns (counts per step, n in progress, per-user dict)."""
    groups = [(s,) if isinstance(s, str) else tuple(s) for s in steps]
    k_steps = len(groups)
    name_to = {str(n): k for k, g in enumerate(groups) for n in g}
    ok = events["user_id"].notna() & events["event_time"].notna()
    data_end = events.loc[ok, "event_time"].max()
    by_user: dict[str, list] = {}
    for i, (u, t, e) in enumerate(
        zip(events["user_id"], events["event_time"], events["event"], strict=True)
    ):
        if pd.isna(u) or pd.isna(t):
            continue
        code = k_steps if pd.isna(e) else name_to.get(str(e), k_steps)
        if order != "strict" and code == k_steps:
            continue
        by_user.setdefault(u, []).append((t, code, i))
    counts = [0] * k_steps
    n_prog = 0
    per_user = {}
    for u, evs in by_user.items():
        evs.sort()
        attempts = []
        for i, (t, c, row) in enumerate(evs):
            if c != 0:
                continue
            deadline = t + window
            times = [t]
            if order == "sequential":
                k = 1
                for t2, c2, _ in evs[i + 1 :]:
                    if k == k_steps or t2 > deadline:
                        break
                    if c2 == k:
                        times.append(t2)
                        k += 1
            elif order == "strict":
                j = i + 1
                while len(times) < k_steps and j < len(evs):
                    t2, c2, _ = evs[j]
                    if c2 != len(times) or t2 > deadline:
                        break
                    times.append(t2)
                    j += 1
            else:
                for k in range(1, k_steps):
                    hit = [t2 for t2, c2, _ in evs[i + 1 :] if c2 == k and t2 <= deadline]
                    if not hit:
                        break
                    times.append(hit[0])
            attempts.append((len(times), t, times, row))
        if not attempts:
            continue
        if count == "totals":
            for reached, t, _, _ in attempts:
                prog = t + window > data_end
                n_prog += prog
                if exclude and prog:
                    continue
                for k in range(reached):
                    counts[k] += 1
            continue
        best = max(a[0] for a in attempts)
        chosen = next(a for a in attempts if a[0] == best)
        prog = attempts[-1][1] + window > data_end
        per_user[u] = {"reached": best, "times": chosen[2], "row": chosen[3], "prog": prog}
        n_prog += prog
        if exclude and prog:
            continue
        for k in range(best):
            counts[k] += 1
    return counts, n_prog, per_user


STEP_SETS = [
    ["view", "cart", "buy"],
    [["view", "page_view"], "cart"],
    ["view", ["cart", "加购"], "checkout", "buy"],
    ["cart", "view"],
    ["view", "cart", "checkout", "buy", "rate"],
]
NAMES = np.array(
    ["view", "page_view", "cart", "加购", "checkout", "buy", "rate", "search", "other"]
)


def random_log(rng: np.random.Generator, n_users: int, resolution: str) -> pd.DataFrame:
    sizes = rng.integers(0, 14, n_users)
    n = int(sizes.sum())
    users = np.repeat(np.arange(n_users), sizes)
    # few distinct minutes -> many equal timestamps and repeats
    minutes = rng.integers(0, 40, n)
    if resolution == "ns":
        # nanosecond times far apart: exercises the non-packed sort
        base = np.where(rng.random(n) < 0.5, -8_000_000_000_000_000_000, 8_000_000_000_000_000_000)
        t = pd.to_datetime(base + minutes * 60_000_000_000 + rng.integers(0, 3, n))
    else:
        t = T0 + pd.to_timedelta(minutes, unit="min")
        if resolution == "ms":
            t = t + pd.to_timedelta(rng.integers(0, 3, n) * 7, unit="ms")
    frame = pd.DataFrame(
        {
            "user_id": pd.Series([f"u{u}" for u in users], dtype=object),
            "event_time": t,
            "event": rng.choice(NAMES, n, p=[0.3, 0.05, 0.17, 0.03, 0.1, 0.12, 0.05, 0.1, 0.08]),
        }
    )
    frame["row"] = np.arange(n)
    # out of order in the file
    return frame.iloc[rng.permutation(n)].reset_index(drop=True)


CASES = list(range(12))


@pytest.mark.parametrize("seed", CASES, ids=[f"seed{s}" for s in CASES])
def test_matches_reference_on_random_logs(seed):
    """250 random logs per seed (users are independent logs: 3,000 in all, about 20,000 users)."""
    rng = np.random.default_rng(seed)
    for batch in range(25):
        resolution = ["s", "ms", "ns"][batch % 3]
        events = random_log(rng, 70, resolution)
        if batch % 2:  # pyarrow-backed strings (what pandas 3 reads) take the fast paths
            events = events.astype({"user_id": "str", "event": "str"})
        steps = STEP_SETS[int(rng.integers(len(STEP_SETS)))]
        window = pd.Timedelta(
            minutes=int(rng.choice([0, 1, 5, 15, 60])), seconds=int(rng.integers(0, 2))
        )
        if window <= pd.Timedelta(0):
            window = pd.Timedelta(seconds=1)
        order = ["sequential", "strict", "any"][int(rng.integers(3))]
        exclude = bool(rng.integers(2))
        for count in ("totals", "users"):  # keep per_user of "users"
            want, n_prog, per_user = reference(events, steps, window, order, count, exclude)
            got = fn.funnel_counts(events, steps, window, order, exclude, count=count)
            assert got["users"].tolist() == want, (seed, batch, steps, window, order, count)
            assert (got["in_progress"] == n_prog).all()
        fu = fn.user_funnel(events, steps, window, order)
        users = fu.users.set_index("user_id")
        assert len(users) == len(per_user)
        for u, r in per_user.items():
            row = users.loc[u]
            assert row["reached"] == r["reached"]
            assert row["in_progress"] == r["prog"]
            assert row["row"] == events["row"].iloc[r["row"]]
            for k, t in enumerate(r["times"]):
                assert row[f"time_{k + 1}"] == t
            for k in range(len(r["times"]), len(steps)):
                assert pd.isna(row[f"time_{k + 1}"])


USER_POOL = [
    "7",
    "007",
    "07",
    "0",
    "00",
    "-7",
    "+7",
    "7.0",
    " 7",
    "",
    "１２",
    "123456789012",
    "9" * 18,
    "9" * 19,
]


@pytest.mark.parametrize("dtype", ["str", object])
def test_numeric_looking_user_ids_group_exactly(dtype):
    """Digit-only ids are grouped as numbers internally: '7', '007', '-7', '１２' must stay apart."""
    rng = np.random.default_rng(5)
    events = random_log(rng, 400, "s")
    pool = np.array(USER_POOL + [str(i) for i in range(30)], dtype=object)
    events["user_id"] = pd.Series(pool[rng.integers(0, len(pool), len(events))], dtype=dtype)
    for order in fn.ORDERS:
        want, _, per_user = reference(
            events, ["view", "cart", "buy"], pd.Timedelta(minutes=9), order
        )
        assert (
            fn.funnel_counts(events, ["view", "cart", "buy"], "9min", order)["users"].tolist()
            == want
        )
        fu = fn.user_funnel(events, ["view", "cart", "buy"], "9min", order)
        got = dict(zip(fu.users["user_id"], fu.users["reached"], strict=True))
        assert got == {u: r["reached"] for u, r in per_user.items()}
    for ids in (["7", "0", "123456789012", "9" * 18, "12"], [str(i) for i in range(30)]):
        part = events[events["user_id"].isin(ids)]
        want, _, per_user = reference(part, ["view", "cart"], pd.Timedelta(minutes=9), "sequential")
        assert fn.funnel_counts(part, ["view", "cart"], "9min")["users"].tolist() == want
        fu = fn.user_funnel(part, ["view", "cart"], "9min")
        assert sorted(fu.users["user_id"]) == sorted(per_user)


def test_missing_users_and_times_are_skipped_and_categorical_names_work():
    rng = np.random.default_rng(99)
    events = random_log(rng, 200, "s")
    events.loc[events.index[::17], "user_id"] = None
    events.loc[events.index[::23], "event_time"] = pd.NaT
    events["event"] = events["event"].astype("category")
    steps = ["view", "cart", "buy"]
    for order in fn.ORDERS:
        want, _, _ = reference(events, steps, pd.Timedelta(minutes=10), order)
        got = fn.funnel_counts(events, steps, "10min", order)
        assert got["users"].tolist() == want


# ---------------------------------------------------------------------------
# Hand-worked examples


SHOP = log(
    [
        ("a", 0, "view"),
        ("a", 1, "search"),
        ("a", 2, "cart"),
        ("a", 3, "buy"),
        ("b", 0, "view"),
        ("b", 5, "buy"),
        ("c", 0, "cart"),
        ("c", 1, "buy"),
        ("d", 0, "view"),
        ("d", 1, "cart"),
        ("d", 2, "buy"),
        ("e", 0, "view"),
        ("e", 1, "buy"),
        ("e", 2, "cart"),
    ]
)


@pytest.mark.parametrize(
    ("order", "want"),
    [
        # a: other event between is fine; b: no cart; c: starts mid-funnel; e: buy before cart
        ("sequential", [4, 3, 2]),
        # a: "search" breaks it; e: buy is not the next step
        ("strict", [4, 1, 1]),
        # e: cart and buy in any order after the view
        ("any", [4, 3, 3]),
    ],
)
def test_order_modes_by_hand(order, want):
    got = fn.funnel_counts(SHOP, ["view", "cart", "buy"], order=order)
    expected = pd.DataFrame(
        {
            "step": pd.Series(["view", "cart", "buy"], dtype=object),
            "users": np.array(want, dtype=np.int64),
            "in_progress": np.full(3, 4, dtype=np.int64),
        }
    )
    assert_frame_equal(got, expected)


def test_window_is_inclusive_and_measured_from_step_one():
    day = 24 * 60
    events = log(
        [
            ("a", 0, "view"),
            ("a", 3 * day, "cart"),
            ("a", 7 * day, "buy"),  # exactly 7 days after the view: counts
            ("b", 0, "view"),
            ("b", 6 * day, "cart"),
            ("b", 7 * day + 1, "buy"),  # one minute late
            ("z", 30 * day, "search"),  # ends the data well after
        ]
    )
    got = fn.funnel_counts(events, ["view", "cart", "buy"], window=pd.Timedelta(days=7))
    assert got["users"].tolist() == [2, 2, 1]
    got = fn.funnel_counts(events, ["view", "cart", "buy"], window="6D 23h")
    assert got["users"].tolist() == [2, 2, 0]


def test_furthest_attempt_counts_ties_earliest():
    day = 24 * 60
    events = log(
        [
            ("a", 0, "view"),
            ("a", 10 * day, "view"),
            ("a", 11 * day, "cart"),  # only the second attempt reaches cart
            ("b", 0, "view"),
            ("b", 1, "cart"),
            ("b", 2 * day, "view"),
            ("b", 2 * day + 1, "cart"),  # tie: the first attempt counts
            ("z", 40 * day, "search"),
        ]
    )
    fu = fn.user_funnel(events, ["view", "cart"])
    u = fu.users.set_index("user_id")
    assert u.loc["a", "start"] == T0 + pd.Timedelta(days=10)
    assert u.loc["b", "start"] == T0
    assert u.loc["b", "time_2"] == T0 + pd.Timedelta(minutes=1)
    totals = fn.funnel_counts(events, ["view", "cart"], count="totals")
    assert totals["users"].tolist() == [4, 3]


def test_same_timestamp_taken_in_step_order():
    events = log([("a", 0, "cart"), ("a", 0, "view"), ("a", 0, "buy")])
    for order in fn.ORDERS:
        got = fn.funnel_counts(events, ["view", "cart", "buy"], order=order)
        assert got["users"].tolist() == [1, 1, 1], order


def test_in_progress_rule():
    day = 24 * 60
    events = log(
        [
            ("a", 0, "view"),  # window ends day 7 < data end day 10
            ("b", 8 * day, "view"),
            ("b", 8 * day + 5, "cart"),  # converted, but window still open
            ("c", 9 * day + 1, "view"),  # open
            ("d", 10 * day, "search"),  # last event in the data
        ]
    )
    got = fn.funnel_counts(events, ["view", "cart"])
    assert got["users"].tolist() == [3, 1]
    assert got["in_progress"].tolist() == [2, 2]
    got = fn.funnel_counts(events, ["view", "cart"], exclude_in_progress=True)
    assert got["users"].tolist() == [1, 0]
    got = fn.funnel_counts(events, ["view", "cart"], window="1D", exclude_in_progress=True)
    assert got["users"].tolist() == [2, 1]
    assert got["in_progress"].tolist() == [1, 1]


def test_wilson_interval_by_hand():
    # 8 of 10: p=0.8, z=1.96 -> centre (0.8+0.19208)/1.38416, half 1.96*sqrt(0.016+0.009604)/1.38416
    low, high = fn.wilson_interval(8, 10)
    z = 1.959963984540054
    centre = (0.8 + z * z / 20) / (1 + z * z / 10)
    half = z * np.sqrt(0.8 * 0.2 / 10 + z * z / 400) / (1 + z * z / 10)
    assert low == pytest.approx(centre - half) and high == pytest.approx(centre + half)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    low, high = fn.wilson_interval(np.array([0, 5, 1]), np.array([10, 5, 0]))
    assert low[0] == 0 and high[1] == 1 and np.isnan(low[2])


def test_step_table_by_hand():
    t = fn.step_table([100, 40, 10], ["View", "Cart", "Buy"], aov=50.0)
    assert t["step"].tolist() == ["View", "Cart", "Buy"]
    assert np.isnan(t["conv_prev"][0])
    assert t["conv_prev"].tolist()[1:] == [0.4, 0.25]
    assert t["conv_first"].tolist() == [1.0, 0.4, 0.1]
    assert t["dropped"].tolist() == [0, 60, 30]
    assert t["drop_share"].tolist()[1:] == [0.6, 0.75]
    assert t["biggest_drop"].tolist() == [False, True, False]
    assert t["revenue_at_risk"].tolist()[1:] == [3000.0, 1500.0]
    lo, hi = fn.wilson_interval(40, 100)
    assert t["conv_prev_low"][1] == lo and t["conv_prev_high"][1] == hi
    with pytest.raises(ValueError, match="one count per step"):
        fn.step_table([1, 2], ["a"])


def test_decompose_change_adds_up():
    c = fn.decompose_change([0.5, 0.5], [0.4, 0.5])
    assert c.tolist() == pytest.approx([-0.05, 0.0])
    rng = np.random.default_rng(3)
    a, b = rng.random(5), rng.random(5)
    assert fn.decompose_change(a, b).sum() == pytest.approx(np.prod(b) - np.prod(a))
    # symmetric factors get equal shares
    c = fn.decompose_change([0.5, 0.5], [0.25, 0.25])
    assert c[0] == pytest.approx(c[1])


@pytest.mark.parametrize(
    ("steps", "match"),
    [
        (["view"], "between 2 and 10"),
        ([str(i) for i in range(11)], "between 2 and 10"),
        (["view", []], "at least one event"),
        (["view", ["view", "cart"]], "one step only"),
        ("view", "list of event names"),
    ],
    ids=["one", "eleven", "empty", "twice", "string"],
)
def test_bad_steps(steps, match):
    with pytest.raises(ValueError, match=match):
        fn.funnel_counts(SHOP, steps)


def test_bad_inputs():
    with pytest.raises(ValueError, match="order must be"):
        fn.funnel_counts(SHOP, ["view", "cart"], order="loose")
    with pytest.raises(ValueError, match="longer than zero"):
        fn.funnel_counts(SHOP, ["view", "cart"], window=pd.Timedelta(0))
    with pytest.raises(ValueError, match="no event column"):
        fn.funnel_counts(SHOP.drop(columns="event"), ["view", "cart"])
    with pytest.raises(ValueError, match="dates and times"):
        fn.funnel_counts(SHOP.assign(event_time="x"), ["view", "cart"])


def test_no_matching_events_gives_zeros():
    got = fn.funnel_counts(SHOP, ["nothing", "cart"])
    assert got["users"].tolist() == [0, 0]
    fu = fn.user_funnel(SHOP, ["nothing", "cart"])
    assert fu.users.empty and list(fu.users.columns[:3]) == ["user_id", "reached", "start"]
    assert fn.funnel_counts(SHOP.iloc[:0], ["view", "cart"])["users"].tolist() == [0, 0]


def test_input_not_mutated():
    before = SHOP.copy()
    fn.user_funnel(SHOP, ["view", "cart"], order="strict")
    assert_frame_equal(SHOP, before)


# ---------------------------------------------------------------------------
# Per-user analyses


def test_conversion_times_dropped_users_and_breakdown():
    events = log(
        [
            ("a", 0, "view"),
            ("a", 10, "cart"),
            ("b", 0, "view"),
            ("b", 30, "cart"),
            ("c", 0, "view"),
            ("d", 0, "view"),
            ("d", 50, "cart"),
            ("z", 99999, "search"),
        ],
        channel=["ads", "ads", "seo", "seo", "ads", "seo", "seo", None],
    )
    fu = fn.user_funnel(events, ["view", "cart"], labels=["View", "Cart"])
    ct = fn.conversion_times(fu, 1, 2)
    assert sorted(ct.seconds.tolist()) == [600.0, 1800.0, 3000.0]
    assert ct.median == 1800.0 and ct.p90 == pytest.approx(1800 + 0.8 * 1200)
    d = fn.dropped_users(fu, 2)
    assert d["user_id"].tolist() == ["c"] and d["last_step"].tolist() == ["View"]
    assert d["channel"].tolist() == ["ads"]
    b = fn.breakdown(fu, "channel").set_index("segment")
    assert b.loc["seo", "users"] == 2 and b.loc["seo", "step_2"] == 2
    assert b.loc["ads", "conversion"] == 0.5 and b.loc["ads", "rest_conversion"] == 1.0
    assert b["small"].all() and set(b["test"]) == {"fisher"}
    # Fisher's exact test p-value for [[1, 1], [2, 0]]
    from scipy import stats

    assert b.loc["ads", "p_value"] == pytest.approx(stats.fisher_exact([[1, 1], [2, 0]])[1])
    seg = pd.Series({"a": "Champions", "b": "Champions"})
    b2 = fn.breakdown(fu, seg).set_index("segment")
    assert b2.loc["Champions", "users"] == 2 and b2.loc["(missing)", "users"] == 2
    top1 = fn.breakdown(fu, "channel", top=1)
    assert top1["segment"].tolist() == ["ads", "Other"] or top1["segment"].tolist() == [
        "seo",
        "Other",
    ]


def test_breakdown_z_test_on_large_segments():
    rng = np.random.default_rng(1)
    n = 2000
    ch = rng.choice(["a", "b"], n)
    conv = rng.random(n) < np.where(ch == "a", 0.3, 0.2)
    rows, chans = [], []
    for i in range(n):
        rows.append((f"u{i}", 0, "view"))
        chans.append(ch[i])
        if conv[i]:
            rows.append((f"u{i}", 1, "cart"))
            chans.append(ch[i])
    fu = fn.user_funnel(log(rows, channel=chans), ["view", "cart"])
    b = fn.breakdown(fu, "channel").set_index("segment")
    x1, n1 = conv[ch == "a"].sum(), (ch == "a").sum()
    x2, n2 = conv[ch == "b"].sum(), (ch == "b").sum()
    p = (x1 + x2) / n
    z = (x1 / n1 - x2 / n2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    from scipy import stats

    assert b.loc["a", "test"] == "z"
    assert b.loc["a", "p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert not b["small"].any()


def test_trend_and_compare_periods():
    day = 24 * 60
    rows = []
    # week 1 (Mon 4 Mar): 4 users, 2 convert; week 2: 4 users, 1 converts
    for i in range(4):
        rows.append((f"w1_{i}", i * 60, "view"))
        if i < 2:
            rows.append((f"w1_{i}", i * 60 + 5, "cart"))
        rows.append((f"w2_{i}", 7 * day + i * 60, "view"))
        if i < 1:
            rows.append((f"w2_{i}", 7 * day + i * 60 + 5, "cart"))
    rows.append(("z", 14 * day - 1, "search"))
    fu = fn.user_funnel(log(rows), ["view", "cart"], window="1D")
    tr = fn.trend(fu, "W")
    assert tr["bucket"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-11")]
    assert tr["users"].tolist() == [4, 4] and tr["converted"].tolist() == [2, 1]
    assert tr["in_progress"].tolist() == [False, True]
    assert fn.trend(fu, "D")["users"].sum() == 8
    cmp = fn.compare_periods(fu, days=7)
    assert cmp.current["users"].tolist() == [4, 1]
    assert cmp.previous["users"].tolist() == [4, 2]
    assert cmp.contributions["contribution"].sum() == pytest.approx(0.25 - 0.5)


def test_parse_count_table_long_and_wide():
    long = pd.DataFrame(
        {"step": ["访客", "加购", "下单", "支付"], "count": ["1,000", "300", "120", "100"]}
    )
    labels, counts = fn.parse_count_table(long)
    assert labels == ["访客", "加购", "下单", "支付"] and counts == [1000, 300, 120, 100]
    wide = pd.DataFrame(
        {
            "日期": ["2024-03-01", "2024-03-02"],
            "访客数": [500, 700],
            "加购人数": [100, 90],
            "下单买家数": [30, 20],
            "支付买家数": [25, 18],
        }
    )
    labels, counts = fn.parse_count_table(wide)
    assert labels == ["访客数", "加购人数", "下单买家数", "支付买家数"]
    assert counts == [1200, 190, 50, 43]
    with pytest.raises(ValueError, match="no column of numbers"):
        fn.parse_count_table(pd.DataFrame({"a": ["x", "y"]}))
    with pytest.raises(ValueError, match="between 2 and 10"):
        fn.parse_count_table(pd.DataFrame({"step": ["a"], "n": [1]}))


def test_propose_steps():
    labels, groups = fn.propose_steps(["view", "cart", "purchase", "remove_from_cart"])
    assert labels == ["View", "Cart", "Purchase"] and groups == [["view"], ["cart"], ["purchase"]]
    labels, groups = fn.propose_steps(
        ["page_view", "view_item", "add_to_cart", "begin_checkout", "purchase"]
    )
    assert groups == [["page_view", "view_item"], ["add_to_cart"], ["begin_checkout"], ["purchase"]]
    labels, groups = fn.propose_steps(["浏览", "加购", "下单", "支付"])
    assert groups == [["浏览"], ["加购"], ["下单"], ["支付"]]
    assert fn.propose_steps(["x", "y", "z"]) == (["x", "y"], [["x"], ["y"]])


def test_average_order_value():
    orders = pd.DataFrame(
        {
            "order_id": ["1", "1", "2", "3"],
            "amount": [10.0, 20.0, 30.0, -30.0],
            "is_return": [False, False, False, True],
        }
    )
    assert fn.average_order_value(orders) == 30.0
    ev = log([("a", 0, "buy"), ("a", 1, "view")], price=[40.0, 5.0])
    assert fn.event_order_value(ev, ["buy"]) == 40.0


# ---------------------------------------------------------------------------
# Real data


@pytest.mark.real
def test_rees46_prefix_matches_reference(real):
    raw = pd.read_csv(real("events/rees46_multicategory_2019-10_prefix.csv"))
    events = pd.DataFrame(
        {
            "user_id": raw["user_id"].astype(str),
            "event_time": pd.to_datetime(raw["event_time"].str.replace(" UTC", "")),
            "event": raw["event_type"],
        }
    )
    assert len(events) == 17_434
    steps = ["view", "cart", "purchase"]
    got_default = fn.funnel_counts(events, steps)
    assert got_default["users"].iloc[0] == events.loc[events.event == "view", "user_id"].nunique()
    for order in fn.ORDERS:
        for window in (pd.Timedelta(minutes=30), pd.Timedelta(days=7)):
            want, n_prog, _ = reference(events, steps, window, order)
            got = fn.funnel_counts(events, steps, window, order)
            assert got["users"].tolist() == want, (order, window)
            assert got["in_progress"].iloc[0] == n_prog
    want, _, _ = reference(
        events, ["view", "purchase"], pd.Timedelta(hours=1), "sequential", "totals"
    )
    got = fn.funnel_counts(events, ["view", "purchase"], "1h", count="totals")
    assert got["users"].tolist() == want


@pytest.mark.real
@pytest.mark.parametrize(
    ("relative", "steps"),
    [
        ("events/rees46_multicategory_2019-10_prefix.csv", ["view", "cart", "purchase"]),
        (
            "events/ga360_merch_store_all_sessions.csv",
            ["product_detail_view", "add_to_cart", "checkout", "purchase"],
        ),
    ],
    ids=["rees46", "ga360"],
)
def test_real_logs_through_ingest_match_reference(real, relative, steps):
    """The files as the app loads them (GA360: day-level dates, so many equal timestamps)."""
    from analytics.ingest import load

    events = load(real(relative), kind="events").frame
    names = fn.event_counts(events)["event"].tolist()
    assert set(steps) <= set(names)
    for order in fn.ORDERS:
        for window in (pd.Timedelta(hours=1), pd.Timedelta(days=7)):
            want, n_prog, per_user = reference(events, steps, window, order)
            got = fn.funnel_counts(events, steps, window, order)
            assert got["users"].tolist() == want, (order, window)
            assert got["in_progress"].iloc[0] == n_prog
            fu = fn.user_funnel(events, steps, window, order)
            assert dict(zip(fu.users["user_id"], fu.users["reached"], strict=True)) == {
                u: r["reached"] for u, r in per_user.items()
            }
