"""The engine layer gives exactly the pandas answers, on every engine (issue 18).

The same hypothesis properties (``tests/analytics/engine_checks.py``: random event logs,
order lines and traffic rows with heavy same-timestamp ties) run on DuckDB in memory, on a
PostgreSQL server the tests start (``engine_servers.postgres_url``) and on Spark local
mode (marker ``spark``: ``make test`` runs it in its own pytest call, a Spark session takes
10-30 s to start). Each engine has its own budget: every PostgreSQL example copies a table
into the server, every Spark example runs Spark jobs, so they draw fewer and smaller tables.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.engine import connect
from tests.analytics import engine_checks as ec
from tests.analytics.engine_servers import missing, postgres_url  # noqa: F401  (fixture)


@dataclass(frozen=True)
class Budget:
    """Examples per property (cohort properties apart) and the largest tables drawn."""

    examples: int
    cohort_examples: int
    max_rows: dict[str, int] = field(default_factory=dict)


BUDGETS = {
    "duckdb": Budget(150, 60),
    "postgresql": Budget(100, 40),
    "spark": Budget(12, 12, {"events": 30, "orders": 20, "traffic": 20, "cohorts": 20}),
}


def _rows(budget: Budget, kind: str) -> dict:
    return {"max_rows": budget.max_rows[kind]} if kind in budget.max_rows else {}


# check -> (the check, its strategies for a budget, a cohort property)
CHECKS = {
    "funnel_counts": (
        ec.check_funnel,
        lambda b: (ec.event_logs(**_rows(b, "events")), ec.FUNNEL_PARAMS),
        False,
    ),
    "user_funnel": (
        ec.check_user_funnel,
        lambda b: (ec.event_logs(**_rows(b, "events")), ec.FUNNEL_PARAMS),
        False,
    ),
    "rfm_aggregates": (
        ec.check_rfm,
        lambda b: (ec.order_lines(**_rows(b, "orders")), ec.RFM_PARAMS),
        False,
    ),
    "segments_analysis": (
        ec.check_analyse,
        lambda b: (ec.order_lines(**_rows(b, "orders")), ec.ANALYSE_PARAMS),
        False,
    ),
    "channel_sums": (ec.check_traffic, lambda b: (ec.traffic_rows(**_rows(b, "traffic")),), False),
    "order_cohorts": (
        ec.check_cohorts,
        lambda b: (ec.cohort_orders(**_rows(b, "cohorts")), ec.COHORT_PARAMS),
        True,
    ),
    "event_cohorts": (
        ec.check_cohorts,
        lambda b: (ec.cohort_events(**_rows(b, "cohorts")), ec.COHORT_PARAMS),
        True,
    ),
}


def _spark():
    if shutil.which("java") is None:
        missing("Java not installed (Spark needs it: apt-get install default-jre-headless)")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing("pyspark not installed (requirements-dev.txt)")
    return connect("spark://local[1]")


@pytest.fixture(
    scope="module",
    params=["duckdb", "postgresql", pytest.param("spark", marks=pytest.mark.spark)],
)
def engine(request):
    """(engine name, connected engine), one per engine for the module."""
    name = request.param
    if name == "duckdb":
        eng = connect("")
    elif name == "postgresql":
        eng = connect(request.getfixturevalue("postgres_url"))
    else:
        eng = _spark()
    yield name, eng
    if name == "spark":
        eng.spark.stop()
    else:
        eng.close()


@pytest.mark.parametrize("check", list(CHECKS))
def test_the_engine_equals_pandas(engine, check):
    name, eng = engine
    fn, strategies, cohort = CHECKS[check]
    budget = BUDGETS[name]
    examples = budget.cohort_examples if cohort else budget.examples

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies(budget)))
    def run(drawn):
        fn(eng, *drawn)

    run()
