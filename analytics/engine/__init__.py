"""The query layer: heavy aggregations as SQL on DuckDB, PostgreSQL, Spark, BigQuery...

``analytics.engine.connect(url)`` gives an :class:`~analytics.engine.core.Engine`;
:mod:`analytics.engine.sources` maps an engine's tables to the canonical columns;
:mod:`analytics.engine.aggregates` runs the aggregations and returns exactly what the
pandas functions of :mod:`analytics.funnel`, :mod:`analytics.rfm` and
:mod:`analytics.traffic` return (those stay the oracle, see the tests).
"""

from analytics.engine.core import Engine, QueryStats, connect, read_config, redact, resolve_url

__all__ = ["Engine", "QueryStats", "connect", "read_config", "redact", "resolve_url"]
