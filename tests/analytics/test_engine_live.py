"""Issue 18: tables queried in place give the figures of the same table uploaded.

The sample shop is written to DuckDB (a database file) and to a PostgreSQL server the tests
start; :func:`analytics.engine.live.open_table` opens each table in place, and the route
layer's aggregations on it (funnel per user and totals, RFM analysis, cohort triangles,
event names, default analysis date) must equal the pandas functions on the uploaded files.
Random raw order tables (statuses in English and Chinese, signs, quantities) check that a
table opened in place never gives other figures than its import: it is either equal or
refused with the columns that differ.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import funnel, ingest, retention, rfm, traffic
from analytics.engine import aggregates, connect, live, route
from analytics.messages import AnalyticsError
from analytics.readers import read_table
from tests.analytics.engine_servers import postgres_url, put_sample_shop  # noqa: F401
from ui.samples import SAMPLE_FILES

STEPS = [["view"], ["cart"], ["checkout"], ["purchase"]]


def _upload(kind: str):
    frame = read_table(SAMPLE_FILES[kind]).frame
    prop = ingest.propose(frame)
    return ingest.to_canonical(frame, prop.kind, prop.mapping)


@pytest.fixture(scope="module")
def uploads():
    return {kind: _upload(kind) for kind in SAMPLE_FILES}


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def shop(request, tmp_path_factory):
    """(url, engine, {kind: dataset opened in place or reduced}) on each engine."""
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path_factory.mktemp('live') / 'shop.duckdb'}"
    else:
        url = request.getfixturevalue("postgres_url")
    eng = connect(url)
    put_sample_shop(eng, "live")
    live.attach(url, eng)
    opened = {kind: live.open_table(eng, url, f"live_{kind}") for kind in SAMPLE_FILES}
    yield url, eng, opened
    eng.close()


def test_orders_and_events_stay_in_the_engine(shop, uploads):
    _, eng, opened = shop
    for kind in ("orders", "events"):
        ds = opened[kind]
        assert ds.live is not None and ds.frame.empty
        assert ds.rows == len(uploads[kind].frame)
        assert ds.date_range == uploads[kind].date_range
        assert ds.live.engine == eng.name
    for kind in ("traffic", "prices", "spend"):  # read summed by day, or imported
        assert opened[kind].live is None and not opened[kind].frame.empty


def test_the_funnel_in_place_equals_the_upload(shop, uploads):
    lt, frame = shop[2]["events"].live, uploads["events"].frame
    for order in funnel.ORDERS:
        got = route.user_funnel(lt, STEPS, "7D", order)
        want = funnel.user_funnel(frame, STEPS, "7D", order)
        g = got.users.sort_values("user_id").reset_index(drop=True)
        w = want.users.sort_values("user_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(g[w.columns], w, check_dtype=False)
        assert got.data_end == want.data_end
        for count in ("users", "totals"):
            pd.testing.assert_frame_equal(
                route.funnel_counts(lt, STEPS, "7D", order, count=count),
                funnel.funnel_counts(frame, STEPS, "7D", order, count=count),
            )
    pd.testing.assert_frame_equal(route.event_counts(lt), funnel.event_counts(frame))


def test_rfm_in_place_equals_the_upload(shop, uploads):
    lt, frame = shop[2]["orders"].live, uploads["orders"].frame
    assert route.default_as_of(lt) == rfm.default_as_of(frame)
    assert route.has_customers(lt)
    got = route.analyse(lt, compare="2025-11-01")
    want = rfm.analyse(frame, compare="2025-11-01")
    pd.testing.assert_frame_equal(got.scored, want.scored, check_dtype=False)
    for name in ("summary_rf", "summary_value", "grid"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), check_dtype=False)
    assert got.pareto == pytest.approx(want.pareto)
    for scheme in ("rf", "value"):
        pd.testing.assert_frame_equal(
            got.movements[scheme].matrix, want.movements[scheme].matrix, check_dtype=False
        )


@pytest.mark.parametrize("definition", retention.DEFINITIONS)
@pytest.mark.parametrize("window", retention.WINDOWS)
def test_cohorts_in_place_equal_the_upload(shop, uploads, definition, window):
    opened = shop[2]
    got = route.order_cohorts(opened["orders"].live, "week", definition, window)
    want = retention.order_cohorts(uploads["orders"].frame, "week", definition, window)
    pd.testing.assert_frame_equal(got.counts, want.counts, check_dtype=False)
    pd.testing.assert_series_equal(got.sizes, want.sizes, check_dtype=False)
    got = route.event_cohorts(opened["events"].live, "month", definition, window, "view", "cart")
    want = retention.event_cohorts(
        uploads["events"].frame, "month", definition, window, "view", "cart"
    )
    pd.testing.assert_frame_equal(got.counts, want.counts, check_dtype=False)


def test_traffic_read_summed_by_day_gives_the_uploads_channels(shop, uploads):
    got = traffic.build_mix(shop[2]["traffic"].frame)
    want = traffic.build_mix(uploads["traffic"].frame)
    cols = [c for c in want.daily.columns if c != "rows"]
    pd.testing.assert_frame_equal(got.daily[cols], want.daily[cols], check_dtype=False)


def test_a_lost_table_is_a_coded_error_not_a_crash(shop):
    url, eng, _ = shop
    eng.register("live_gone", read_table(SAMPLE_FILES["events"]).frame.head(50))
    ds = live.open_table(eng, url, "live_gone")
    eng.query(f"DROP {'VIEW' if eng.name == 'DuckDB' else 'TABLE'} live_gone")  # (a frame)
    with pytest.raises(AnalyticsError) as err:
        route.event_counts(ds.live)
    assert err.value.code == "analytics.engine.query_failed"


def test_text_dates_the_engine_cannot_read_are_refused(shop):
    url, eng, _ = shop
    frame = read_table(SAMPLE_FILES["orders"]).frame.head(40).copy()
    days = pd.Timestamp("2025-01-13") + pd.to_timedelta(range(40), unit="h")
    frame["order_time"] = days.strftime("%d/%m/%Y %H:%M")  # day first, days past 12
    eng.register("live_dayfirst", frame)
    with pytest.raises(AnalyticsError) as err:
        live.open_table(eng, url, "live_dayfirst", "orders")
    assert err.value.code == "analytics.engine.live_mismatch"
    assert "order_time" in err.value.params["columns"]


def test_refunds_that_net_against_an_earlier_purchase_are_refused(shop):
    url, eng, _ = shop
    frame = pd.DataFrame(
        {
            "order_id": ["A1", "A1", "A2"],
            "customer_id": ["c1", "c1", "c2"],
            "order_time": pd.to_datetime(["2025-01-01", "2025-01-05", "2025-01-02"]),
            "amount": [100.0, 100.0, 50.0],
            "status": ["paid", "refunded", "paid"],
        }
    )
    eng.register("live_refunds", frame)
    with pytest.raises(AnalyticsError) as err:
        live.open_table(eng, url, "live_refunds", "orders")
    assert err.value.params["columns"] == "status"


STATUSES = ["paid", "completed", "待付款", "unpaid", "cancelled", "交易关闭", "refunded", None]
ORDER_IDS = ["o1", "o2", "o3", "o4", "o5"]
OPEN = ["paid", "completed", "待付款", "unpaid", None]  # states a row decides on its own


@st.composite
def raw_orders(draw, max_rows: int = 30):
    n = draw(st.integers(1, max_rows))
    statuses = draw(st.sampled_from([STATUSES, OPEN]))  # half the tables never refused
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["c1", "c2", "c3", None]),
                st.sampled_from(ORDER_IDS),
                st.sampled_from([0, 0, 3600, 86_400, 9 * 86_400, 40 * 86_400]),
                st.sampled_from([10.0, 25.5, -10.0, 0.0]),
                st.sampled_from([1.0, 2.0, -1.0]),
                st.sampled_from(statuses),
            ),
            min_size=n,
            max_size=n,
        )
    )
    if draw(st.booleans()):  # an order's lines agree on its customer and status, as usual
        per_order = {
            o: draw(st.tuples(st.sampled_from(["c1", "c2", None]), st.sampled_from(statuses)))
            for o in ORDER_IDS
        }
        rows = [(per_order[r[1]][0], *r[1:5], per_order[r[1]][1]) for r in rows]
    t0 = pd.Timestamp("2025-03-03")
    return pd.DataFrame(
        {
            "order_id": [r[1] for r in rows],
            "customer_id": [r[0] for r in rows],
            "order_time": [t0 + pd.Timedelta(seconds=r[2]) for r in rows],
            "amount": [r[3] for r in rows],
            "quantity": [r[4] for r in rows],
            "status": [r[5] for r in rows],
        }
    )


MAPPING = {c: c for c in ("order_id", "customer_id", "order_time", "amount", "quantity", "status")}


@pytest.fixture(scope="module")
def duck(tmp_path_factory):
    url = f"duckdb:///{tmp_path_factory.mktemp('raw') / 'raw.duckdb'}"
    eng = connect(url)
    live.attach(url, eng)
    yield url, eng
    eng.close()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(frame=raw_orders())
def test_a_table_in_place_equals_its_import_or_is_refused(duck, frame):
    url, eng = duck
    eng.register("raw_orders", frame)
    upload = ingest.to_canonical(frame, "orders", MAPPING).frame
    try:
        ds = live.open_table(eng, url, "raw_orders", "orders", MAPPING)
    except AnalyticsError as err:
        assert err.code == "analytics.engine.live_mismatch"
        return
    assert ds.rows == len(frame)
    assert route.default_as_of(ds.live) == rfm.default_as_of(upload)
    got = live.run(ds.live, aggregates.rfm_table)
    want = rfm.rfm_table(upload)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    try:
        want_tri = retention.order_cohorts(upload, "week")
    except AnalyticsError:  # no first purchase: the engine says the same
        with pytest.raises(AnalyticsError):
            route.order_cohorts(ds.live, "week")
        return
    got_tri = route.order_cohorts(ds.live, "week")
    pd.testing.assert_frame_equal(got_tri.counts, want_tri.counts, check_dtype=False)


def test_a_long_query_reports_progress_and_is_cancelled_by_a_stop(shop):
    """Inside ``progress``, the query runs in a worker; a report that raises (Streamlit's
    stop) cancels it on the engine at once, and the connection keeps working."""
    import time

    from analytics.engine.core import progress

    _, eng, _ = shop
    slow = (
        "SELECT sum(hash(i)) AS s FROM range(5000000000) t(i)"
        if eng.name == "DuckDB"
        else "SELECT pg_sleep(60) AS s"
    )
    shares = []

    def report(share: float) -> None:
        shares.append(share)
        if len(shares) >= 3:
            raise KeyboardInterrupt("stop")  # what a stopped Streamlit run raises through

    t0 = time.perf_counter()
    with pytest.raises(KeyboardInterrupt), progress(report):
        eng.query(slow)
    assert time.perf_counter() - t0 < 10
    assert len(shares) == 3 and all(s <= 1 for s in shares)
    assert int(eng.query("SELECT 41 + 1 AS n").iat[0, 0]) == 42


def test_an_order_whose_lines_lack_a_customer_past_the_sample_is_refused(shop):
    """The import fills a line's missing customer from its order's other lines; the whole
    table is checked for it, not only the sample."""
    url, eng, _ = shop
    frame = read_table(SAMPLE_FILES["orders"]).frame.head(300).copy()
    frame.loc[frame.index[-1], "order_id"] = frame["order_id"].iloc[-2]  # a second line
    frame.loc[frame.index[-1], "customer_id"] = None  # without its customer
    eng.register("live_fill", frame)
    with pytest.raises(AnalyticsError) as err:
        live.source_for(eng, "live_fill", "orders", sample_rows=50)
    assert err.value.params["columns"] == "customer_id"


def test_a_wide_price_table_the_import_reshapes_is_refused(shop):
    """One price column per seller: the import makes one row per (product, seller), a
    query on the table would not; refused with both row counts, never a crash."""
    url, eng, _ = shop
    wide = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "product": ["mug", "mug"],
            "price[own]": [10.0, 11.0],
            "price[rival]": [9.5, 9.0],
        }
    )
    eng.register("live_wide", wide)
    mapping = {"date": "date", "product": "product", "price[own]": "price[own]"}
    mapping["price[rival]"] = "price[rival]"
    with pytest.raises(AnalyticsError) as err:
        live.source_for(eng, "live_wide", "prices", mapping)
    assert err.value.code == "analytics.engine.live_rows"
    assert (err.value.params["read"], err.value.params["kept"]) == ("2", "4")
