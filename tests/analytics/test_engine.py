"""The engine layer on DuckDB: URLs and secrets, engines by URL, the GA4 mapping, routing by
size and the price index (the properties of every engine are in test_engine_exact.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.engine import connect, redact, resolve_url
from analytics.engine.core import transpile, without_password
from analytics.engine.sources import GA4_EVENTS, ga4_events
from analytics.messages import AnalyticsError
from tests.analytics import engine_checks as ec


@pytest.fixture(scope="module")
def duck():
    eng = connect("")
    yield eng
    eng.close()


def test_password_never_shown_and_filled_from_environment(monkeypatch):
    assert redact("postgresql://shop:s3cret@db:5432/shop") == "postgresql://shop:***@db:5432/shop"
    assert redact("duckdb://") == "duckdb://"
    # what a workspace keeps to reopen a table in place: the password never
    assert without_password("postgresql://shop:s3cret@db:5432/x") == "postgresql://shop@db:5432/x"
    assert without_password("duckdb:///data/shop.duckdb") == "duckdb:///data/shop.duckdb"
    monkeypatch.setenv("SHOPOPS_DB_PASSWORD", "pw")
    assert resolve_url("postgresql://shop@db/shop") == "postgresql://shop:pw@db/shop"
    assert (
        resolve_url("postgresql://shop@db/shop", {"password": "x"}) == "postgresql://shop:x@db/shop"
    )


def test_unknown_url_and_missing_clients_are_coded_errors():
    with pytest.raises(AnalyticsError) as err:
        connect("oracle://u:secret@host/db")
    assert err.value.code == "analytics.engine.unknown_url" and "secret" not in str(err.value)
    for url, package in (
        ("bigquery://proj/ds", "google-cloud-bigquery"),
        ("clickhouse://h", "clickhouse-connect"),
    ):
        try:
            connect(url)
        except AnalyticsError as e:
            assert e.code == "analytics.engine.client_missing" and package in str(e)


def test_parquet_folder_is_an_engine(tmp_path):
    ev = pd.DataFrame(
        {
            "user_id": ["u", "u"],
            "event_time": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "event": ["a", "b"],
        }
    )
    ev.to_parquet(tmp_path / "events.parquet")
    eng = connect(str(tmp_path))
    assert "events" in eng.tables()
    with pytest.raises(AnalyticsError):
        connect(str(tmp_path / "nothing" / "*.parquet"))


def test_ga4_mapping_transpiles_to_bigquery():
    src = ga4_events("proj.analytics_1", "20240101", "20240131")
    assert src.columns is GA4_EVENTS
    sql = transpile(f"SELECT * FROM {src.select()}", "bigquery")
    assert "TIMESTAMP_MICROS(event_timestamp)" in sql and "traffic_source.name" in sql
    assert "_TABLE_SUFFIX BETWEEN '20240101' AND '20240131'" in sql


def test_routing_by_size_gives_the_pandas_answer():
    """Past the threshold the pages' calls run on DuckDB; the answer is the same."""
    from analytics import funnel, rfm
    from analytics.engine import route
    from ui.samples import load_samples

    ev = next(ds for ds in load_samples(("events",))).frame
    steps = ["view", "cart", "checkout", "purchase"]
    assert route.uses_engine(ev, max_rows=10) and not route.uses_engine(ev)
    for count in ("users", "totals"):
        pd.testing.assert_frame_equal(
            route.funnel_counts(ev, steps, "7D", count=count, max_rows=10),
            funnel.funnel_counts(ev, steps, "7D", count=count),
        )
    fu_want = funnel.user_funnel(ev, steps, "7D")
    fu_got = route.user_funnel(ev, steps, "7D", max_rows=10)
    pd.testing.assert_frame_equal(
        fu_got.users.drop(columns=["session_id"]),
        fu_want.users.sort_values("user_id").reset_index(drop=True).drop(columns=["session_id"]),
    )
    orders = next(ds for ds in load_samples(("orders",))).frame
    got = route.analyse(orders, compare="2025-03-01", max_rows=10, bins=5)
    want = rfm.analyse(orders, compare="2025-03-01", bins=5)
    pd.testing.assert_frame_equal(got.scored, want.scored, rtol=1e-12)
    pd.testing.assert_frame_equal(got.movements["rf"].matrix, want.movements["rf"].matrix)


def test_price_index_from_daily_cells_equals_pandas(duck):
    from ui.samples import load_samples

    prices = load_samples(("prices",))[0].frame
    doubled = pd.concat([prices, prices.assign(price=prices["price"] * 1.1)], ignore_index=True)
    ec.check_prices(duck, prices)
    ec.check_prices(duck, doubled)  # duplicates in a cell: averaged


def test_shopops_toml_gives_the_url(tmp_path):
    from analytics.engine import read_config

    (tmp_path / "shopops.toml").write_text('[engine]\nurl = "postgresql://shop@db/shop"\n')
    assert read_config(tmp_path / "shopops.toml") == {"url": "postgresql://shop@db/shop"}
    assert read_config(tmp_path / "absent.toml") == {}


def test_a_ga4_export_table_loads_as_events_with_the_funnel_of_its_rows():
    """A table shaped like GA4's BigQuery export (nested traffic_source, microsecond times)
    read through the GA4 mapping: the events dataset, and the same funnel whether counted
    on the engine from the source or in pandas from the loaded dataset."""
    from analytics import funnel
    from analytics.engine.aggregates import funnel_counts
    from analytics.engine.load import load_source
    from analytics.engine.sources import GA4_EVENTS, Source

    eng = connect("")
    eng.con.execute(
        "CREATE TABLE events_20240101 AS SELECT * FROM (VALUES "
        "('u1', 1704067200000000, 'view_item', {'source': 'google', 'medium': 'cpc', 'name': 'x'}),"
        "('u1', 1704067260000000, 'add_to_cart', {'source': 'google', 'medium': 'cpc', 'name': 'x'}),"
        "('u2', 1704067200000000, 'view_item', {'source': '(direct)', 'medium': '(none)', 'name': NULL}),"
        "('u2', 1704067200000000, 'add_to_cart', {'source': '(direct)', 'medium': '(none)', 'name': NULL}),"
        "('u3', 1704070800000000, 'add_to_cart', {'source': 'baidu', 'medium': 'organic', 'name': NULL})"
        ") AS t(user_pseudo_id, event_timestamp, event_name, traffic_source)"
    )
    src = Source("events_20240101", GA4_EVENTS, "events", rows=5)
    ds = load_source(eng, src)
    assert ds.kind == "events" and len(ds.frame) == 5
    assert str(ds.frame["event_time"].min()) == "2024-01-01 00:00:00"
    steps = ["view_item", "add_to_cart"]
    counted = funnel_counts(eng, src, steps, "1D")
    pd.testing.assert_frame_equal(counted, funnel.funnel_counts(ds.frame, steps, "1D"))
    assert counted["users"].tolist() == [2, 2]
    eng.close()


def test_cohort_routing_and_max_periods_give_the_pandas_answer(duck):
    """The Retention page's triangle past the threshold (and a capped one) equals pandas'."""
    from analytics import retention
    from analytics.engine import route
    from analytics.engine.aggregates import cohort_counts, frame_source
    from ui.samples import load_samples

    orders = load_samples(("orders",))[0].frame
    events = load_samples(("events",))[0].frame
    for period, window in (("week", "bracket"), ("month", "unbounded"), ("day", "cumulative")):
        ec.assert_same_triangle(
            route.order_cohorts(orders, period, "recurring", window, max_rows=10),
            retention.order_cohorts(orders, period, "recurring", window),
        )
        ec.assert_same_triangle(
            route.event_cohorts(
                events, period, "first_time", window, "view", "purchase", max_rows=10
            ),
            retention.event_cohorts(events, period, "first_time", window, "view", "purchase"),
        )
    src = frame_source(duck, "cohort_sample", orders, "orders")
    for window in ("bracket", "unbounded", "cumulative"):
        act = retention.order_activity(orders, "week", values=False)
        ec.assert_same_triangle(
            cohort_counts(duck, src, "week", "first_time", window, max_periods=1),
            retention.cohort_table(act, "first_time", window, max_periods=1),
        )
