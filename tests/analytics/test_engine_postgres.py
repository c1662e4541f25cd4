"""The engine layer on a real PostgreSQL server: exactly the pandas answers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from analytics.engine import connect
from analytics.messages import AnalyticsError
from tests.analytics import engine_checks as ec
from tests.analytics.engine_servers import postgres_url  # noqa: F401  (fixture)

# each example copies a small table into the server: fewer examples than on DuckDB
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def pg(postgres_url):  # noqa: F811
    eng = connect(postgres_url)
    yield eng
    eng.close()


@SETTINGS
@given(events=ec.event_logs(), params=ec.FUNNEL_PARAMS)
def test_funnel_counts_equal_pandas(pg, events, params):
    ec.check_funnel(pg, events, params)


@SETTINGS
@given(orders=ec.order_lines(), params=ec.RFM_PARAMS)
def test_rfm_aggregates_equal_pandas(pg, orders, params):
    ec.check_rfm(pg, orders, params)


@SETTINGS
@given(rows=ec.traffic_rows())
def test_channel_sums_equal_pandas(pg, rows):
    ec.check_traffic(pg, rows)


def test_wrong_password_is_a_coded_error_without_the_password(postgres_url):  # noqa: F811
    bad = postgres_url.replace("127.0.0.1", "127.0.0.1", 1).rsplit(":", 1)[0] + ":1/postgres"
    bad = bad.replace("shopops@", "shopops:hunter2@")
    with pytest.raises(AnalyticsError) as err:
        connect(bad)
    assert err.value.code == "analytics.engine.connect_failed"
    assert "hunter2" not in str(err.value)
