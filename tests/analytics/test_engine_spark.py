"""The engine layer on Spark local mode: exactly the pandas answers (marker ``spark``).

A Spark session takes 10-30 s to start: one session for the module, few examples.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings

from tests.analytics import engine_checks as ec
from tests.analytics.engine_servers import missing

pytestmark = pytest.mark.spark

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        missing("Java not installed (Spark needs it: apt-get install default-jre-headless)")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing("pyspark not installed (requirements-dev.txt)")
    from analytics.engine import connect

    eng = connect("spark://local[1]")
    yield eng
    eng.spark.stop()


@SETTINGS
@given(events=ec.event_logs(max_rows=30), params=ec.FUNNEL_PARAMS)
def test_funnel_counts_equal_pandas(spark, events, params):
    ec.check_funnel(spark, events, params)


@SETTINGS
@given(events=ec.event_logs(max_rows=30), params=ec.FUNNEL_PARAMS)
def test_user_funnel_equals_pandas(spark, events, params):
    ec.check_user_funnel(spark, events, params)


@SETTINGS
@given(orders=ec.order_lines(max_rows=20), params=ec.ANALYSE_PARAMS)
def test_segments_analysis_equals_pandas(spark, orders, params):
    ec.check_analyse(spark, orders, params)


@SETTINGS
@given(orders=ec.order_lines(max_rows=20), params=ec.RFM_PARAMS)
def test_rfm_aggregates_equal_pandas(spark, orders, params):
    ec.check_rfm(spark, orders, params)


@SETTINGS
@given(rows=ec.traffic_rows(max_rows=20))
def test_channel_sums_equal_pandas(spark, rows):
    ec.check_traffic(spark, rows)


@SETTINGS
@given(orders=ec.cohort_orders(max_rows=20), params=ec.COHORT_PARAMS)
def test_order_cohorts_equal_pandas(spark, orders, params):
    ec.check_cohorts(spark, orders, params)
