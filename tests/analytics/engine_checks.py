"""Shared exactness checks of the engine layer against the pandas oracle.

``test_engine_exact.py`` runs the same hypothesis properties on each engine (DuckDB,
PostgreSQL, Spark):
random event logs, order lines and traffic rows with heavy same-timestamp ties (a handful
of distinct times for many rows), then the engine's answer must equal pandas' exactly.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from analytics import funnel, rfm, traffic
from analytics.engine.aggregates import frame_source, funnel_counts, rfm_table, traffic_daily

T0 = pd.Timestamp("2024-03-01")
_names = itertools.count()


def _table(prefix: str) -> str:
    return f"{prefix}_{next(_names)}"


@st.composite
def event_logs(draw, max_rows: int = 60):
    n = draw(st.integers(0, max_rows))
    users = st.sampled_from(["u1", "u2", "u3", "10", None])
    # few distinct times: most events share a timestamp with others
    times = st.sampled_from([0, 0, 60, 3600, 7200, 86_400, 2 * 86_400, None])
    names = st.sampled_from(["a", "a", "b", "c", "d", "x", None])
    rows = draw(st.lists(st.tuples(users, times, names), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "user_id": pd.Series([r[0] for r in rows], dtype="str"),
            "event_time": pd.to_datetime(
                [None if r[1] is None else T0 + pd.Timedelta(seconds=r[1]) for r in rows]
            ).astype("datetime64[ns]"),
            "event": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


FUNNEL_PARAMS = st.tuples(
    st.sampled_from([["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"], ["a", ["b", "x"], "c"]]),
    st.sampled_from(["60s", "1h", "1D", "2D", "7D"]),
    st.sampled_from(funnel.ORDERS),
    st.booleans(),
    st.sampled_from(funnel.COUNTS),
)


def check_funnel(engine, events: pd.DataFrame, params) -> None:
    steps, window, order, exclude, count = params
    src = frame_source(engine, _table("ev"), events)
    want = funnel.funnel_counts(events, steps, window, order, exclude, count=count)
    got = funnel_counts(engine, src, steps, window, order, exclude, count=count)
    pd.testing.assert_frame_equal(got, want)


@st.composite
def order_lines(draw, max_rows: int = 40):
    n = draw(st.integers(0, max_rows))
    cust = st.sampled_from(["c1", "c2", "c3", "", " ", None])
    oid = st.sampled_from(["o1", "o2", "o3", "o4", "", None])
    times = st.sampled_from([0, 0, 3600, 86_400, 86_400 + 60, 5 * 86_400, None])
    amount = st.sampled_from([10.0, 10.0, 25.5, 0.1, 0.2, -10.0, 0.0, np.nan])
    flags = st.sampled_from([False, False, True])
    refund = st.sampled_from([0.0, 0.0, 5.25, -3.0, np.nan])
    rows = draw(
        st.lists(st.tuples(cust, oid, times, amount, flags, flags, refund), min_size=n, max_size=n)
    )
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series([r[0] for r in rows], dtype="str"),
            "order_id": pd.Series([r[1] for r in rows], dtype="str"),
            "order_time": pd.to_datetime(
                [None if r[2] is None else T0 + pd.Timedelta(seconds=r[2]) for r in rows]
            ).astype("datetime64[ns]"),
            "amount": pd.Series([r[3] for r in rows], dtype=float),
            "is_return": pd.Series([r[4] for r in rows], dtype=bool),
            "is_void": pd.Series([r[5] for r in rows], dtype=bool),
            "refund_amount": pd.Series([r[6] for r in rows], dtype=float),
        }
    )
    drop = draw(st.sets(st.sampled_from(["order_id", "is_return", "is_void", "refund_amount"])))
    return frame.drop(columns=sorted(drop))


RFM_PARAMS = st.tuples(
    st.sampled_from([None, "2024-03-02", "2024-03-07"]),
    st.sampled_from(["orders", "days"]),
    st.sampled_from(["net", "aov"]),
)


def check_rfm(engine, orders: pd.DataFrame, params) -> None:
    as_of, frequency, monetary = params
    src = frame_source(engine, _table("ord"), orders, "orders")
    want = rfm.rfm_table(orders, as_of, frequency=frequency, monetary=monetary)
    got = rfm_table(engine, src, as_of, frequency=frequency, monetary=monetary)
    pd.testing.assert_frame_equal(got, want, check_index_type=False)
    assert list(got.index) == list(want.index)


@st.composite
def traffic_rows(draw, max_rows: int = 40):
    n = draw(st.integers(1, max_rows))
    day = st.sampled_from([0, 0, 1, 3, None])
    source = st.sampled_from(["google", "baidu", "(direct)", "newsletter", None])
    medium = st.sampled_from(["organic", "cpc", "(none)", "email", None])
    visitors = st.sampled_from([1.0, 5.0, 100.0, np.nan])
    orders = st.sampled_from([0.0, 1.0, 3.0, np.nan])
    rows = draw(st.lists(st.tuples(day, source, medium, visitors, orders), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                [None if r[0] is None else T0 + pd.Timedelta(days=r[0]) for r in rows]
            ).astype("datetime64[ns]"),
            "source": pd.Series([r[1] for r in rows], dtype="str"),
            "medium": pd.Series([r[2] for r in rows], dtype="str"),
            "visitors": pd.Series([r[3] for r in rows], dtype=float),
            "orders": pd.Series([r[4] for r in rows], dtype=float),
        }
    )


def _daily(frame: pd.DataFrame) -> pd.DataFrame:
    daily = traffic.build_mix(frame).daily
    return daily.sort_values(["date", "channel"]).reset_index(drop=True)


def check_traffic(engine, rows: pd.DataFrame) -> None:
    if rows["date"].isna().all() or rows["visitors"].isna().all():
        return  # build_mix refuses such a table either way
    src = frame_source(engine, _table("tr"), rows, "traffic")
    pd.testing.assert_frame_equal(_daily(traffic_daily(engine, src)), _daily(rows))


ANALYSE_PARAMS = st.tuples(
    st.sampled_from([(None, None), ("2024-03-07", "2024-03-02"), (None, "2024-03-01")]),
    st.sampled_from([3, 5]),
    st.sampled_from(["orders", "days"]),
    st.sampled_from(["mean", "median"]),
)


def check_analyse(engine, orders: pd.DataFrame, params) -> None:
    """The segments page's whole analysis (scores, segments, movements) from the engine's
    aggregation equals pandas'."""
    from analytics.engine.aggregates import analyse

    (as_of, compare), bins, frequency, threshold = params
    opts = dict(bins=bins, frequency=frequency, threshold=threshold, compare=compare)
    src = frame_source(engine, _table("ordx"), orders, "orders")
    try:
        want = rfm.analyse(orders, as_of, **opts)
    except ValueError as err:
        import pytest

        with pytest.raises(type(err)):
            analyse(engine, src, as_of, **opts)
        return
    got = analyse(engine, src, as_of, **opts)
    for name in ("scored", "apart", "summary_rf", "summary_value", "grid"):
        pd.testing.assert_frame_equal(
            getattr(got, name), getattr(want, name), check_index_type=False
        )
    assert got.pareto == want.pareto or (np.isnan(got.pareto) and np.isnan(want.pareto))
    for name in (
        "lines_without_customer",
        "orders_without_customer",
        "lines_without_time",
        "lines_after_as_of",
        "as_of",
    ):
        assert getattr(got.rfm, name) == getattr(want.rfm, name), name
    assert (got.movements is None) == (want.movements is None)
    for sch in want.movements or {}:
        pd.testing.assert_frame_equal(got.movements[sch].matrix, want.movements[sch].matrix)
        pd.testing.assert_frame_equal(got.movements[sch].flows, want.movements[sch].flows)


def check_prices(engine, prices: pd.DataFrame) -> None:
    """The price index of every method from the engine's daily cells equals pandas' on the rows."""
    from analytics import pricing
    from analytics.engine.aggregates import price_daily

    src = frame_source(engine, _table("pr"), prices, "prices")
    daily = price_daily(engine, src)
    own = pricing.own_seller_from(prices)
    for method in ("market_average", "lowest", "basket"):
        want = pricing.index_table(prices, own, method)
        got = pricing.index_table(daily, own, method)
        pd.testing.assert_frame_equal(
            got, want, rtol=1e-12, check_freq=False, check_index_type=False
        )
    for product in prices["product_id"].dropna().unique()[:3]:
        pd.testing.assert_frame_equal(
            pricing.history(daily, product), pricing.history(prices, product), rtol=1e-12
        )


def check_user_funnel(engine, events: pd.DataFrame, params) -> None:
    """Per-user funnel rows (reach, start, step times, in progress) and the conversion times
    built on them equal pandas' (rows compared by user id)."""
    from analytics.engine.aggregates import user_funnel

    steps, window, order, exclude, _count = params
    # a property fixed by (user, time): simultaneous step-1 events share it (see user_funnel)
    ev = events.assign(
        device=events["user_id"].astype(object).astype(str) + "@" + events["event_time"].astype(str)
    )
    src = frame_source(engine, _table("uf"), ev)
    want = funnel.user_funnel(ev, steps, window, order)
    got = user_funnel(engine, src, steps, window, order)
    w = want.users.sort_values("user_id", kind="stable").reset_index(drop=True)
    g = got.users.reset_index(drop=True)
    pd.testing.assert_frame_equal(g, w, check_dtype=False)
    assert got.data_end == want.data_end
    if want.n_steps >= 2:
        a = funnel.conversion_times(want, 1, want.n_steps, exclude)
        b = funnel.conversion_times(got, 1, want.n_steps, exclude)
        assert sorted(a.seconds.tolist()) == sorted(b.seconds.tolist())
    if len(w) and w["device"].nunique() >= 1:
        bw = funnel.breakdown(want, "device", min_users=1, exclude_in_progress=exclude)
        bg = funnel.breakdown(got, "device", min_users=1, exclude_in_progress=exclude)
        key = list(bw.columns[:2])
        pd.testing.assert_frame_equal(
            bg.sort_values(key).reset_index(drop=True), bw.sort_values(key).reset_index(drop=True)
        )


# cohort times: ties within a day, several weeks and months, each side of a week's end
# (Sunday 23:00 / Monday 00:00; T0 is a Friday) and of a month's end (March 31 23:59:59)
_DAY = 86_400
_COHORT_SECONDS = [0, 0, 60, 3 * _DAY - 3600, 3 * _DAY, 3 * _DAY + 5, 10 * _DAY]
_COHORT_SECONDS += [31 * _DAY - 1, 31 * _DAY, 64 * _DAY]


def _cohort_times(rows, i: int):
    return pd.to_datetime(
        [None if r[i] is None else T0 + pd.Timedelta(seconds=r[i]) for r in rows]
    ).astype("datetime64[ns]")


@st.composite
def cohort_orders(draw, max_rows: int = 40):
    """Order lines for cohorts: customers with several lines a day, void and refund lines."""
    n = draw(st.integers(0, max_rows))
    cust = st.sampled_from(["c1", "c2", "c3", "c4", "", None])
    times = st.sampled_from([*_COHORT_SECONDS, None])
    amount = st.sampled_from([10.0, 10.0, 25.5, -10.0, 0.0, np.nan])
    flags = st.sampled_from([False, False, False, True])
    rows = draw(st.lists(st.tuples(cust, times, amount, flags, flags), min_size=n, max_size=n))
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series([r[0] for r in rows], dtype="str"),
            "order_time": _cohort_times(rows, 1),
            "amount": pd.Series([r[2] for r in rows], dtype=float),
            "is_return": pd.Series([r[3] for r in rows], dtype=bool),
            "is_void": pd.Series([r[4] for r in rows], dtype=bool),
        }
    )
    drop = draw(st.sets(st.sampled_from(["is_return", "is_void"])))
    return frame.drop(columns=sorted(drop))


@st.composite
def cohort_events(draw, max_rows: int = 40):
    n = draw(st.integers(0, max_rows))
    users = st.sampled_from(["u1", "u2", "u3", "10", " ", None])
    times = st.sampled_from([*_COHORT_SECONDS, None])
    names = st.sampled_from(["a", "a", "b", None])
    rows = draw(st.lists(st.tuples(users, times, names), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "user_id": pd.Series([r[0] for r in rows], dtype="str"),
            "event_time": _cohort_times(rows, 1),
            "event": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


COHORT_PARAMS = st.tuples(
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from(["first_time", "recurring"]),
    st.sampled_from(["bracket", "unbounded", "cumulative"]),
    st.sampled_from([(None, None), ("a", None), ("a", "b"), (None, "a")]),
)


def assert_same_triangle(got, want) -> None:
    for name in ("counts", "rates", "incomplete"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name))
    pd.testing.assert_series_equal(got.sizes, want.sizes)
    assert (got.period, got.definition, got.window, got.last_day) == (
        want.period,
        want.definition,
        want.window,
        want.last_day,
    )


def check_cohorts(engine, frame: pd.DataFrame, params) -> None:
    """The cohort triangle (orders: the order rule; events: start / return events) from the
    engine's cells equals pandas' (or both refuse: no start activity)."""
    import pytest

    from analytics import retention
    from analytics.engine.aggregates import cohort_counts
    from analytics.messages import AnalyticsError

    period, definition, window, (start, back) = params
    if "order_time" in frame.columns:
        src = frame_source(engine, _table("co"), frame, "orders")
        run = lambda: retention.order_cohorts(frame, period, definition, window)  # noqa: E731
        opts = {}
    else:
        src = frame_source(engine, _table("ce"), frame, "events")
        run = lambda: retention.event_cohorts(  # noqa: E731
            frame, period, definition, window, start, back
        )
        opts = {"start_event": start, "return_event": back}
    try:
        want = run()
    except AnalyticsError as err:
        with pytest.raises(AnalyticsError) as got_err:
            cohort_counts(engine, src, period, definition, window, **opts)
        assert got_err.value.code == err.code
        return
    got = cohort_counts(engine, src, period, definition, window, **opts)
    assert_same_triangle(got, want)
