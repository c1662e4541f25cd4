"""Cohort tables against a slow per-customer reference (random logs, UCI Online Retail)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import orders as ordrule
from analytics import retention as rt
from analytics.messages import AnalyticsError


def _pnum(ts: pd.Timestamp, period: str) -> int:
    d = ts.normalize()
    if period == "day":
        return (d - pd.Timestamp("1970-01-01")).days
    if period == "week":
        monday = d - pd.Timedelta(days=d.weekday())
        return (monday - pd.Timestamp("1969-12-29")).days // 7
    return (d.year - 1970) * 12 + d.month - 1


def _pend(p: int, period: str) -> pd.Timestamp:
    if period == "day":
        return pd.Timestamp("1970-01-01") + pd.Timedelta(days=p + 1)
    if period == "week":
        return pd.Timestamp("1969-12-29") + pd.Timedelta(days=7 * p + 7)
    return pd.Timestamp(year=1970 + (p + 1) // 12, month=(p + 1) % 12 + 1, day=1)


def reference(orders: pd.DataFrame, period: str, definition: str, window: str):
    """Per customer, in plain Python: {(cohort period, k): count}, sizes, incomplete set."""
    sale = orders[ordrule.sale_mask(orders) & orders["customer_id"].notna().to_numpy()]
    keep = orders[~ordrule.void_mask(orders) & orders["customer_id"].notna().to_numpy()]
    last_day = keep["order_time"].max().normalize()
    last_p = _pnum(last_day, period)
    per_cust: dict = {}
    for cust, t in zip(sale["customer_id"], sale["order_time"], strict=True):
        per_cust.setdefault(cust, set()).add(_pnum(t, period))
    counts: dict = {}
    sizes: dict = {}
    for ps in per_cust.values():
        starts = [min(ps)] if definition == "first_time" else sorted(ps)
        for c in starts:
            sizes[c] = sizes.get(c, 0) + 1
            for k in range(1, last_p - c + 1):
                if window == "bracket":
                    hit = (c + k) in ps
                elif window == "unbounded":
                    hit = any(r >= c + k for r in ps)
                else:
                    hit = any(c < r <= c + k for r in ps)
                counts[(c, k)] = counts.get((c, k), 0) + int(hit)
    incomplete = {
        p
        for p in range(min(sizes), last_p + 1)
        if _pend(p, period) > last_day + pd.Timedelta(days=1)
    }
    return counts, sizes, incomplete, last_p


def _check(orders, period, definition, window):
    ret = rt.cohort_table(rt.order_activity(orders, period), definition, window)
    counts, sizes, incomplete, last_p = reference(orders, period, definition, window)
    got_sizes = {_pnum(ts, period): int(v) for ts, v in ret.sizes.items()}
    assert got_sizes == sizes
    for ts, row in ret.counts.iterrows():
        c = _pnum(ts, period)
        for k, v in row.items():
            if c + k > last_p:
                assert np.isnan(v)
                continue
            want = sizes[c] if k == 0 else counts.get((c, k), 0)
            assert v == want, (ts, k, definition, window)
            assert bool(ret.incomplete.loc[ts, k]) == ((c + k) in incomplete)


def random_orders(seed: int, n: int = 3000, customers: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = pd.Timestamp("2024-01-03") + pd.to_timedelta(rng.integers(0, 200 * 24, n), unit="h")
    amount = rng.gamma(2, 30, n).round(2)
    amount[rng.random(n) < 0.05] *= -1  # refund lines
    cust = pd.Series([f"c{i}" for i in rng.integers(0, customers, n)], dtype=object)
    cust[rng.random(n) < 0.03] = None
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(n)],
            "customer_id": cust,
            "order_time": t,
            "amount": amount,
            "channel": rng.choice(["Search", "Social", "Email"], n),
            "is_void": rng.random(n) < 0.02,
        }
    )


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize("definition", ["first_time", "recurring"])
@pytest.mark.parametrize("window", ["bracket", "unbounded", "cumulative"])
def test_cohort_table_matches_reference_on_random_logs(period, definition, window):
    orders = random_orders(hash((period, definition, window)) % 1000)
    if period == "day":
        orders = orders[orders["order_time"] < pd.Timestamp("2024-02-20 10:00")]
    _check(orders, period, definition, window)


@pytest.fixture(scope="module")
def uci():
    from analytics.ingest import load
    from tests.conftest import real_file

    return load(real_file("transactions/uci_online_retail.parquet")).frame


@pytest.mark.parametrize("definition", ["first_time", "recurring"])
@pytest.mark.parametrize("window", ["bracket", "unbounded"])
def test_cohort_table_matches_reference_on_uci_online_retail(uci, definition, window):
    _check(uci, "month", definition, window)


def test_last_week_of_uci_is_incomplete(uci):
    ret = rt.cohort_table(rt.order_activity(uci, "month"))
    # the data ends on 2011-12-09: December 2011 has not elapsed
    last = ret.counts.index[-1]
    assert last == pd.Timestamp("2011-12-01")
    assert ret.incomplete.loc[last, 0]
    assert not ret.incomplete.loc[pd.Timestamp("2010-12-01"), 11]
    assert ret.incomplete.loc[pd.Timestamp("2010-12-01"), 12]
    avg = rt.average_curve(ret)
    assert avg["cohorts"].iloc[12] == 0 if len(avg) > 12 else True


def test_hand_worked_tiny_frame():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c"],
            "order_time": pd.to_datetime(
                ["2024-01-01", "2024-01-09", "2024-01-02", "2024-01-20", "2024-01-10"]
            ),
            "amount": [10.0, 20.0, 5.0, 5.0, 7.0],
        }
    )
    ret = rt.cohort_table(rt.order_activity(orders, "week"), "first_time", "bracket")
    # week of 1 Jan: a, b; a back in week 1, b in week 2; week of 8 Jan: c
    assert ret.sizes.tolist() == [2.0, 1.0]
    assert ret.counts.iloc[0].tolist() == [2.0, 1.0, 1.0]
    assert ret.counts.iloc[1, :2].tolist() == [1.0, 0.0]
    assert np.isnan(ret.counts.iloc[1, 2])
    # the data ends on Saturday 20 Jan: that week is incomplete, the others are not
    assert ret.incomplete.iloc[0].tolist() == [False, False, True]
    unb = rt.cohort_table(rt.order_activity(orders, "week"), "first_time", "unbounded")
    assert unb.counts.iloc[0].tolist() == [2.0, 2.0, 1.0]
    cum = rt.cohort_table(rt.order_activity(orders, "week"), "first_time", "cumulative")
    assert cum.counts.iloc[0].tolist() == [2.0, 1.0, 2.0]
    avg = rt.average_curve(ret)
    # period 1: only cohort 1 (1 of 2) is complete (cohort 2's week 1 ends after 20 Jan)
    assert avg.loc[1, "rate"] == pytest.approx(1 / 2)
    assert avg.loc[1, "members"] == 2
    assert avg.loc[0, "members"] == 3


def test_wilson_against_statsmodels_formula():
    lo, hi = rt.wilson(np.array([5, 0, 10]), np.array([10, 10, 10]))
    # Wilson (1927): p = 0.5, n = 10, z = 1.96
    assert lo[0] == pytest.approx(0.2366, abs=1e-4)
    assert hi[0] == pytest.approx(0.7634, abs=1e-4)
    assert lo[1] == pytest.approx(0.0, abs=1e-12)
    assert hi[2] == pytest.approx(1.0)


def test_event_cohorts_with_start_and_return_events():
    events = pd.DataFrame(
        {
            "user_id": ["u1", "u1", "u1", "u2", "u2"],
            "event_time": pd.to_datetime(
                ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-01", "2024-03-03"]
            ),
            "event": ["signup", "view", "purchase", "view", "purchase"],
        }
    )
    act = rt.event_activity(events, "day", start_event="signup", return_event="purchase")
    ret = rt.cohort_table(act)
    assert ret.sizes.tolist() == [1.0]
    assert ret.counts.iloc[0].tolist() == [1.0, 0.0, 1.0]
    act = rt.event_activity(events, "day")
    assert rt.cohort_table(act).counts.iloc[0].tolist() == [2.0, 1.0, 2.0]


@pytest.mark.parametrize("window", rt.WINDOWS)
def test_a_return_event_nobody_did_counts_zero_returns(window):
    """No return pair at all (found by the engine's property test: cumulative used to fail)."""
    events = pd.DataFrame(
        {
            "user_id": ["u1", "u1", "u2"],
            "event_time": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-03"]),
            "event": ["a", "a", "a"],
        }
    )
    act = rt.event_activity(events, "day", start_event="a", return_event="b")
    ret = rt.cohort_table(act, "first_time", window)
    assert ret.counts.fillna(-1).to_numpy().tolist() == [[1.0, 0.0, 0.0], [1.0, -1.0, -1.0]]


def _value_reference(orders, margin):
    keep = orders[~ordrule.void_mask(orders) & orders["customer_id"].notna().to_numpy()]
    sale = keep[ordrule.sale_mask(keep)]
    first = sale.sort_values("order_time").groupby("customer_id").first()
    out = {}
    for cust, row in first.iterrows():
        c = _pnum(row["order_time"], "week")
        lines = keep[keep["customer_id"] == cust]
        for t, a in zip(lines["order_time"], ordrule.net_amount(lines), strict=True):
            k = max(_pnum(t, "week") - c, 0)
            key = (c, row["channel"], k)
            out[key] = out.get(key, 0.0) + a * margin
    return out


def test_cohort_value_by_channel_matches_reference():
    orders = random_orders(5, n=800, customers=80)
    value = rt.cohort_value(rt.order_activity(orders, "week", margin=0.4), by_channel=True)
    ref = _value_reference(orders, 0.4)
    for key, v in ref.items():
        row = value[
            (value["cohort"].map(lambda ts: _pnum(ts, "week")) == key[0])
            & (value["channel"] == key[1])
            & (value["period"] == key[2])
        ]
        assert row["value"].iloc[0] == pytest.approx(v)
    total = sum(ref.values())
    assert value["value"].sum() == pytest.approx(total)


def test_payback_hand_worked():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b"],
            "order_time": pd.to_datetime(["2024-01-01", "2024-02-05", "2024-01-03", "2024-03-31"]),
            "amount": [100.0, 100.0, 50.0, 2.0],
            "channel": ["Search", "Search", "Search", "Email"],
        }
    )
    spend = pd.DataFrame(
        {"date": pd.to_datetime(["2024-01-01"]), "channel": ["search"], "spend": [100.0]}
    )
    out = rt.ltv_cac(orders, spend, period="month", margin=0.5)
    row = out.iloc[0]
    # CAC 100 / 2 = 50; margin per customer month 0: (50 + 25) / 2 = 37.5; month 1: 62.5
    # (the data ends on 31 March: January's months 0-2 are complete; March adds 1)
    assert row["cac"] == pytest.approx(50.0)
    assert row["payback_period"] == 1
    assert row["margin_to_date"] == pytest.approx(63.0)
    assert row["ltv_cac"] == pytest.approx(63.0 / 50.0)


def test_last_cohort_retention():
    orders = random_orders(9)
    ch = rt.last_cohort_retention(orders, "week", before=3)
    ret = rt.cohort_table(rt.order_activity(orders, "week"), max_periods=1)
    ok = ~ret.incomplete[1]
    last = ret.counts.index[ok.to_numpy()][-1]
    assert ch.cohort == last
    assert ch.rate == pytest.approx(ret.rates.loc[last, 1])


def test_errors_are_coded():
    with pytest.raises(AnalyticsError, match="customer"):
        rt.order_activity(pd.DataFrame({"order_time": [], "amount": []}))
    empty = pd.DataFrame(
        {"customer_id": [None], "order_time": pd.to_datetime(["2024-01-01"]), "amount": [1.0]}
    )
    with pytest.raises(AnalyticsError):
        rt.cohort_table(rt.order_activity(empty))
    with pytest.raises(ValueError, match="window must be one of"):
        rt.cohort_table(rt.order_activity(random_orders(1)), window="weekly")


def test_cockpit_figures_are_the_reports(tmp_path):
    from analytics import kpi
    from analytics import report as rep

    orders = random_orders(11)
    spend = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-03-10"]),
            "channel": ["Search", "social", "Email"],
            "spend": [300.0, 200.0, 100.0],
        }
    )
    fig = rt.cockpit_figures(orders, spend)
    assert fig.change.rate == rt.last_cohort_retention(orders, "week").rate
    want = rt.ltv_cac(orders, spend, "month", rt.DEFAULT_MARGIN)
    assert fig.ltv["ltv_cac"].tolist() == want["ltv_cac"].dropna().tolist()
    end = orders["order_time"].max().normalize()
    report = rep.build_report(
        {"orders": orders, "spend": spend},
        translate=rep.table_translator({}),
        period="custom",
        start=end - pd.Timedelta(days=6),
        end=end,
    )
    sec = next(s for s in report.sections if s.key == "retention")
    assert sec.figures["retention.rate"] == fig.change.rate
    for ch, v in zip(fig.ltv["channel"], fig.ltv["ltv_cac"], strict=True):
        assert sec.figures[f"ltv_cac.{ch}"] == v
    assert isinstance(kpi.Period, type)


def test_cohort_curves_keep_cohorts_with_enough_complete_periods():
    orders = random_orders(3)
    ret = rt.cohort_table(rt.order_activity(orders, "week"))
    cur = rt.cohort_curves(ret, cohorts=3, min_periods=8)
    assert not cur["incomplete"].any()
    picked = cur["cohort"].unique()
    assert len(picked) == 3
    done = (~ret.incomplete).sum(axis=1) - 1
    assert (done.loc[picked] >= 8).all()
    later = done[done.index > picked.max()]
    assert (later < 8).all()


def test_product_costs_give_the_margin_where_known():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b"],
            "order_time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
            "amount": [100.0, 50.0, 80.0, -80.0],
            "product_name": ["Mug", "Tea", "Mug", "Mug"],
            "product_id": ["P1", "P2", "P1", "P1"],
            "quantity": [2, 1, 1, -1],
        }
    )
    costs = {"Mug": 30.0}
    got = rt.line_costs(orders, costs)
    np.testing.assert_array_equal(got[[0, 2, 3]], [60.0, 30.0, 30.0])
    assert np.isnan(got[1])
    assert rt.cost_coverage(orders, costs) == pytest.approx(2 / 3)
    value = rt.order_value(orders, period="month", margin=0.5, by_channel=False, costs=costs)
    # a: (100 - 60) + 50 * 0.5 = 65; b: (80 - 30) + refund -80 * 0.5 = 10
    assert value["value"].sum() == pytest.approx(75.0)
    # a cost column of the orders wins over product costs
    with_col = orders.assign(cost=[10.0, np.nan, 10.0, np.nan])
    np.testing.assert_array_equal(rt.line_costs(with_col, costs)[[0, 2]], [10.0, 10.0])


def test_first_touch_channel_from_the_event_log():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "order_time": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"]),
            "amount": [10.0, 20.0, 30.0],
            "channel": ["Search", "Search", "Email"],
        }
    )
    events = pd.DataFrame(
        {
            "user_id": ["a", "a", "b", "z"],
            "event_time": pd.to_datetime(
                ["2024-01-01 10:00", "2024-01-01 09:00", "2024-01-02 00:00", "2024-01-01 00:00"]
            ),
            "channel": ["Video", "Social", None, "Video"],
        }
    )
    assert rt.first_touch(events).to_dict() == {"a": "Social", "z": "Video"}
    value = rt.order_value(orders, events, period="month", margin=1.0)
    first = value[value["period"] == 0].set_index("channel")
    # a: first touch Social; b: no channel in the log -> first order's Search; c: Email
    assert first["members"].to_dict() == {"Social": 1.0, "Search": 1.0, "Email": 1.0}
    assert first.loc["Social", "value"] == 10.0


def _event_reference(events, period, definition, window, start, back):
    last_p = _pnum(events["event_time"].max(), period)
    starts: dict = {}
    rets: dict = {}
    for u, t, e in zip(events["user_id"], events["event_time"], events["event"], strict=True):
        if start is None or e == start:
            starts.setdefault(u, set()).add(_pnum(t, period))
        if back is None or e == back:
            rets.setdefault(u, set()).add(_pnum(t, period))
    counts, sizes = {}, {}
    for u, ps in starts.items():
        rs = rets.get(u, set())
        for c in [min(ps)] if definition == "first_time" else sorted(ps):
            sizes[c] = sizes.get(c, 0) + 1
            for k in range(1, last_p - c + 1):
                if window == "bracket":
                    hit = (c + k) in rs
                elif window == "unbounded":
                    hit = any(r >= c + k for r in rs)
                else:
                    hit = any(c < r <= c + k for r in rs)
                counts[(c, k)] = counts.get((c, k), 0) + int(hit)
    return counts, sizes


@pytest.mark.parametrize("definition", ["first_time", "recurring"])
@pytest.mark.parametrize("window", ["bracket", "unbounded", "cumulative"])
@pytest.mark.parametrize("start,back", [(None, None), ("signup", "purchase"), (None, "purchase")])
def test_event_cohorts_match_reference(definition, window, start, back):
    rng = np.random.default_rng(7)
    n = 1500
    events = pd.DataFrame(
        {
            "user_id": [f"u{i}" for i in rng.integers(0, 120, n)],
            "event_time": pd.Timestamp("2024-03-01")
            + pd.to_timedelta(rng.integers(0, 70 * 24, n), unit="h"),
            "event": rng.choice(["signup", "view", "purchase"], n, p=[0.1, 0.6, 0.3]),
        }
    )
    ret = rt.event_cohorts(events, "week", definition, window, start, back)
    counts, sizes = _event_reference(events, "week", definition, window, start, back)
    assert {_pnum(ts, "week"): int(v) for ts, v in ret.sizes.items()} == sizes
    for ts, row in ret.counts.iterrows():
        c = _pnum(ts, "week")
        for k, v in row.items():
            if k and not np.isnan(v):
                assert v == counts.get((c, k), 0), (ts, k)


def test_cohort_value_curves_by_hand():
    orders = random_orders(4, n=1500, customers=150)
    value = rt.order_value(orders, period="week", margin=1.0, by_channel=False)
    cur = rt.cohort_value_curves(value, cohorts=3, min_periods=4)
    assert cur["channel"].nunique() == 3
    for label, rows in cur.groupby("channel"):
        v = value[value["cohort"] == pd.Timestamp(label)].set_index("period")
        for _, r in rows.iterrows():
            assert not v.loc[r["period"], "incomplete"]
            assert r["per_member"] == pytest.approx(
                v.loc[: r["period"], "value"].sum() / v.loc[0, "members"]
            )
