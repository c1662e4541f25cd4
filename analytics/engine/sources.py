"""Source views: an engine's table seen under the canonical columns of a dataset kind.

A :class:`Source` names a table as the engine writes it (``analytics_123.events_*`` on
BigQuery, ``public.orders`` on PostgreSQL) and one SQL expression per canonical column,
written in DuckDB's dialect (transpiled with the queries). The aggregations read
``(SELECT <expr> AS <column>, ... FROM <table>)``; nothing is copied out of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "Source",
    "GA4_EVENTS",
    "GA4_TRAFFIC",
    "ORDERS",
    "EVENTS",
    "TRAFFIC",
    "ga4_events",
    "plain",
    "quote",
]

PLACEHOLDER = "__source_table__"


@dataclass(frozen=True)
class Source:
    """A table of an engine mapped to canonical columns.

    Attributes
    ----------
    table
        The table as the engine names it (used verbatim, never transpiled).
    columns
        Canonical column -> SQL expression over the table (DuckDB dialect).
    kind
        The dataset kind (``events``, ``orders``, ``traffic``, ``prices``).
    where
        An optional filter (DuckDB dialect), e.g. a date range of a GA4 export.
    """

    table: str
    columns: Mapping[str, str]
    kind: str = "events"
    where: str = ""
    rows: int = field(default=0, compare=False)

    def select(self, wanted: list[str] | None = None) -> str:
        """``(SELECT expr AS col, ... FROM <placeholder> [WHERE ...]) AS src``."""
        cols = [c for c in (wanted or list(self.columns)) if c in self.columns]
        body = ", ".join(f'{self.columns[c]} AS "{c}"' for c in cols)
        where = f" WHERE {self.where}" if self.where else ""
        return f"(SELECT {body} FROM {PLACEHOLDER}{where}) AS src"

    def has(self, column: str) -> bool:
        """True when the source maps ``column``."""
        return column in self.columns


EVENTS = ("user_id", "event_time", "event")
ORDERS = (
    "order_id",
    "customer_id",
    "order_time",
    "amount",
    "is_return",
    "is_void",
    "refund_amount",
    "channel",
)
TRAFFIC = (
    "date",
    "channel",
    "source",
    "medium",
    "campaign",
    "visitors",
    "sessions",
    "buyers",
    "orders",
    "revenue",
    "spend",
)

# The GA4 BigQuery export (``events_YYYYMMDD`` tables; query ``dataset.events_*``)
GA4_EVENTS: dict[str, str] = {
    "user_id": "user_pseudo_id",
    "event_time": "make_timestamp(event_timestamp)",
    "event": "event_name",
    "source": "traffic_source.source",
    "medium": "traffic_source.medium",
    "campaign": "traffic_source.name",
}

# GA4 sessions by day and first-user source / medium, as a traffic dataset
GA4_TRAFFIC: dict[str, str] = {
    "date": "CAST(make_timestamp(event_timestamp) AS DATE)",
    "source": "traffic_source.source",
    "medium": "traffic_source.medium",
    "campaign": "traffic_source.name",
    "visitors": "CASE WHEN event_name = 'session_start' THEN 1 ELSE 0 END",
}


def ga4_events(project_dataset: str, start: str = "", end: str = "") -> Source:
    """The GA4 export ``project.dataset.events_*`` as an events source (``YYYYMMDD`` bounds)."""
    where = ""
    if start and end:
        where = f"_TABLE_SUFFIX BETWEEN '{start}' AND '{end}'"
    return Source(f"`{project_dataset}.events_*`", GA4_EVENTS, "events", where)


def plain(table: str, kind: str, columns: Mapping[str, str] | list[str]) -> Source:
    """A table whose columns already have canonical names (or ``{canonical: column}``)."""
    if isinstance(columns, Mapping):
        mapping = {c: quote(src) for c, src in columns.items()}
    else:
        mapping = {c: quote(c) for c in columns}
    return Source(table, mapping, kind)


def quote(name: object) -> str:
    """A column name as a quoted SQL identifier (DuckDB dialect; transpiled with the query)."""
    return '"' + str(name).replace('"', '""') + '"'
