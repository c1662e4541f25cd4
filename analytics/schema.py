"""Dataset kinds, canonical columns, dtypes and the result types of an import.

This module is the contract between ingest and every analysis: a canonical
frame of kind ``k`` has the columns ``COLUMNS[k]`` (required ones always, the
optional ones when the file had them), with the dtypes of ``DTYPES``.
Columns the file had but that map to nothing are kept after the canonical ones
under their original names (nothing the user uploaded is lost).

Column aliases (English and Chinese) and known export layouts live in
:mod:`analytics.aliases`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import pandas as pd

__all__ = [
    "KINDS",
    "Kind",
    "Column",
    "COLUMNS",
    "REQUIRED",
    "ALTERNATIVES",
    "DTYPES",
    "Reason",
    "ImportReport",
    "Dataset",
    "IngestError",
    "canonical_columns",
]

Kind = Literal["orders", "traffic", "events", "prices", "spend"]
KINDS: tuple[Kind, ...] = ("orders", "traffic", "events", "prices", "spend")

ColType = Literal["str", "datetime", "float", "bool", "int"]


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, dtype family and whether it is required."""

    name: str
    type: ColType
    required: bool = False


_SPEC: dict[Kind, tuple[Column, ...]] = {
    # One row is an order or an order line. Only an order time and an amount are
    # required: without order_id each row is an order; without customer_id the
    # Overview, traffic and GMV work and pages that need customers say so.
    # Where the file has only quantity
    # and unit_price, amount = quantity * unit_price.
    # Money and states (see analytics.orders, the one rule every page follows):
    # ``amount`` is the money paid for the line; ``is_return`` is True for a
    # refund line or credit note (its amount is negative: money returned) that
    # nets against its purchase; ``refund_amount`` (>= 0) is money later
    # refunded on a paid line (a refunded order keeps its paid amount);
    # ``gross_amount`` is the order's money as placed (informative);
    # ``paid_time`` is when it was paid; ``is_void`` flags orders never paid
    # (unpaid, or closed / cancelled before payment): kept, never negated, in
    # no revenue and no order count.
    "orders": (
        Column("order_id", "str"),
        Column("customer_id", "str"),
        Column("order_time", "datetime", True),
        Column("amount", "float", True),
        Column("channel", "str"),
        Column("product_id", "str"),
        Column("product_name", "str"),
        Column("quantity", "float"),
        Column("unit_price", "float"),
        Column("status", "str"),
        Column("country", "str"),
        Column("is_return", "bool"),
        Column("gross_amount", "float"),
        Column("refund_amount", "float"),
        Column("paid_time", "datetime"),
        Column("is_void", "bool"),
    ),
    # One row is a day (or week) x channel, or x source / medium / campaign.
    # ``channel`` may be empty where source / medium are given: the traffic
    # analysis groups those into channels.
    "traffic": (
        Column("date", "datetime", True),
        Column("channel", "str", True),
        Column("source", "str"),
        Column("medium", "str"),
        Column("campaign", "str"),
        Column("visitors", "float", True),
        Column("sessions", "float"),
        Column("orders", "float"),
        Column("buyers", "float"),
        Column("revenue", "float"),
        Column("spend", "float"),
        Column("clicks", "float"),
        Column("impressions", "float"),
        Column("new_visitors", "float"),
        Column("device", "str"),
    ),
    # One row is one user event. Without an event column every row is one
    # named event (chosen on import, "view" by default).
    "events": (
        Column("user_id", "str", True),
        Column("event_time", "datetime", True),
        Column("event", "str"),
        Column("session_id", "str"),
        Column("channel", "str"),
        Column("device", "str"),
        Column("product_id", "str"),
        Column("category", "str"),
        Column("price", "float"),
    ),
    # One row is one observed price of a product at a seller on a date.
    # Without a seller column the file is the user's own price history.
    "prices": (
        Column("date", "datetime", True),
        Column("product", "str", True),
        Column("seller", "str"),
        Column("price", "float", True),
        Column("product_id", "str"),
        Column("own", "bool"),
        Column("list_price", "float"),
        Column("in_stock", "bool"),
        Column("promo", "bool"),
        Column("unit_size", "float"),
        Column("url", "str"),
    ),
    # One row is a period x channel. Wide files (one spend column per channel)
    # are pivoted long. Without a channel column the file is one channel: the ad
    # platform its name or headers name, else a label chosen on import.
    "spend": (
        Column("date", "datetime", True),
        Column("channel", "str"),
        Column("spend", "float", True),
        Column("revenue", "float"),
        Column("conversions", "float"),
        Column("impressions", "float"),
        Column("clicks", "float"),
    ),
}

COLUMNS: dict[Kind, tuple[str, ...]] = {k: tuple(c.name for c in v) for k, v in _SPEC.items()}
REQUIRED: dict[Kind, tuple[str, ...]] = {
    k: tuple(c.name for c in v if c.required) for k, v in _SPEC.items()
}
DTYPES: dict[Kind, dict[str, ColType]] = {k: {c.name: c.type for c in v} for k, v in _SPEC.items()}

# A required column may be satisfied by an alternative set of columns.
# orders.amount <- quantity and unit_price; traffic.channel <- source (and
# medium); traffic.visitors <- sessions.
ALTERNATIVES: dict[Kind, dict[str, tuple[tuple[str, ...], ...]]] = {
    "orders": {"amount": (("quantity", "unit_price"),)},
    "traffic": {"channel": (("source",),), "visitors": (("sessions",),)},
    "events": {},
    "prices": {},
    "spend": {},
}


def canonical_columns(kind: Kind) -> tuple[str, ...]:
    """Return the canonical column names of ``kind`` in their canonical order."""
    if kind not in COLUMNS:
        raise IngestError("unknown_kind_name", kind=str(kind), kinds=", ".join(KINDS))
    return COLUMNS[kind]


@dataclass(frozen=True)
class Reason:
    """Why rows were dropped or flagged.

    ``code`` is a stable key (the UI translates ``ingest.reason.<code>``);
    ``params`` fills its placeholders; ``rows`` holds up to 10 example row
    numbers as the user sees them in the file (1 = first data row after the
    header, so a spreadsheet shows it on line ``row + 1``).
    """

    code: str
    count: int
    rows: tuple[int, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    dropped: bool = True

    @property
    def message(self) -> str:
        from analytics.messages import english

        return english(f"ingest.reason.{self.code}", **self.params)


@dataclass(frozen=True)
class ImportReport:
    """What happened to the rows of one import.

    ``rows_read = rows_kept + rows_dropped``; ``rows_flagged`` counts kept rows
    that carry a flag (a return, an assumed value). ``reasons`` maps a reason
    code to its :class:`Reason`. ``notes`` are assumptions made while reading
    (encoding, delimiter, date order, units) as (code, params) pairs.
    ``rejected`` holds the dropped rows as read from the file, with a
    ``_row`` column (file row number) and a ``_reason`` column.
    ``join`` is the :class:`analytics.join.JoinReport` of a dataset built
    from several files (``None`` for one file).
    """

    rows_read: int
    rows_kept: int
    rows_dropped: int
    rows_flagged: int = 0
    reasons: dict[str, Reason] = field(default_factory=dict)
    notes: tuple[tuple[str, dict[str, Any]], ...] = ()
    rejected: pd.DataFrame | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    join: Any = None  # analytics.join.JoinReport when built from several files


@dataclass(frozen=True)
class Dataset:
    """A canonical dataset: the result of :func:`analytics.ingest.load`.

    ``frame`` has canonical column names (see ``COLUMNS[kind]``); ``mapping``
    maps canonical -> original column name; ``fingerprint`` is a stable hash
    of the source bytes, kind and mapping (the cache key for every analysis);
    ``recognition`` is the proposal with its evidence when the kind was proposed.
    """

    kind: Kind
    frame: pd.DataFrame
    mapping: dict[str, str]
    report: ImportReport
    fingerprint: str
    filename: str = ""
    # how the kind and mapping were proposed (an ``analytics.recognise.Proposal``
    # with the evidence per column) when :func:`analytics.ingest.load` proposed them
    recognition: Any = field(default=None, compare=False, repr=False)
    # an ``analytics.engine.live.LiveTable`` when the rows stay in an engine (queried in
    # place): ``frame`` then has the canonical columns and no rows
    live: Any = field(default=None, compare=False, repr=False)

    @property
    def rows(self) -> int:
        """Rows of the dataset (of the engine's table when it is queried in place)."""
        return self.live.rows if self.live is not None else len(self.frame)

    @cached_property  # the sidebar shows it on every rerun: computed once per dataset
    def date_range(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        if self.live is not None:
            return self.live.date_range
        col = {"orders": "order_time", "events": "event_time"}.get(self.kind, "date")
        if col not in self.frame or self.frame.empty:
            return None
        s = self.frame[col]
        lo, hi = s.min(), s.max()
        if pd.isna(lo) or pd.isna(hi):
            return None
        return pd.Timestamp(lo), pd.Timestamp(hi)

    @cached_property
    def currency(self) -> str | None:
        """The ISO code of the currency the file's amounts are in (``"CNY"``), if the data says.

        From the currency signs the import saw (``analytics.coerce.to_money`` notes them),
        else from a ``country`` column naming one country (on a sample)."""
        from analytics.coerce import currency_of, currency_of_countries

        found = currency_of(self.report.notes)
        if found is None and "country" in self.frame:
            found = currency_of_countries(self.frame["country"])
        return found


class IngestError(ValueError):
    """A file that cannot be used.

    ``str(err)`` is an English sentence saying what is wrong and what to do;
    ``code`` and ``params`` let the UI say the same in the user's language
    (string key ``ingest.error.<code>``).
    """

    def __init__(self, code: str, **params: Any) -> None:
        from analytics.messages import english

        self.code = code
        self.params = params
        super().__init__(english(f"ingest.error.{code}", **params))
