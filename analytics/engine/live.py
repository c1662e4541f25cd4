"""Tables queried in place: datasets whose rows stay in the engine.

:func:`open_table` turns an engine's table into a :class:`~analytics.schema.Dataset` whose
``frame`` holds no rows (only the canonical columns and dtypes) and whose ``live`` is a
:class:`LiveTable`: the engine's URL, a :class:`~analytics.engine.sources.Source` mapping
the table to the canonical columns, its row count and date range. The heavy aggregations
(:mod:`analytics.engine.route`) then run *in* the engine on the whole table; what comes
back is the small result (the funnel per user, the customers' RFM sums, the cohort cells).

The source is the import's own reading of the table, checked on a sample: the kind and the
mapping are proposed from the first :data:`SAMPLE_ROWS` rows (as for an upload), each
column is cast to its canonical type in SQL, order states derived from a status column are
looked up for every status the table holds (the import's vocabulary decides each one), and
returns are made negative as the import makes them. Then the sample is read once more with
both the raw columns and the source's columns: the raw ones go through the import
(:func:`analytics.ingest.to_canonical`) and must equal what the SQL gives, column by column.
A table the SQL cannot read as the import would (another date format in text, an id rule
of the import) is refused with the columns that differ, so its figures never differ from
an upload's: import it instead.

Traffic and competitor prices need no rows in the app: :func:`reduce_table` reads them
summed by day in the engine (:func:`~analytics.engine.aggregates.traffic_daily`,
:func:`~analytics.engine.aggregates.price_daily`), a frame on which the pages give what they
give on the whole table.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analytics.engine import aggregates, queries
from analytics.engine.core import Engine, QueryStats, connect, redact
from analytics.engine.load import _raw_text, proposed, read_table
from analytics.engine.sources import EVENTS, ORDERS, PLACEHOLDER, Source, quote
from analytics.messages import AnalyticsError
from analytics.schema import DTYPES, Dataset, ImportReport

__all__ = [
    "LiveTable",
    "SAMPLE_ROWS",
    "IN_PLACE_KINDS",
    "REDUCED_KINDS",
    "open_table",
    "open_source",
    "reduce_table",
    "source_for",
    "attach",
    "run",
    "last_stats",
]

SAMPLE_ROWS = 5_000  # rows read to propose the mapping and check the SQL against the import
MAX_STATES = 1_000  # distinct statuses looked up through the import's vocabulary
IN_PLACE_KINDS = ("orders", "events")  # kept in the engine, queried by the pages
REDUCED_KINDS = ("traffic", "prices")  # read summed by day (exact for every page)

# the columns each kind's in-place aggregations read; all must be checked
_USED = {"orders": ORDERS, "events": EVENTS}
_SQL_TYPE = {"datetime": "TIMESTAMP", "float": "DOUBLE", "int": "BIGINT", "str": "VARCHAR"}


@dataclass(frozen=True)
class LiveTable:
    """A table queried in place.

    Attributes
    ----------
    url
        The connection URL (as given to :func:`~analytics.engine.connect`; passwords come
        from secrets, never from here when shown: see :func:`~analytics.engine.redact`).
    engine
        The engine's name ("PostgreSQL", "DuckDB", ...).
    source
        The table mapped to the canonical columns.
    rows
        Rows of the table (of the source's filter).
    date_range
        First and last time of the table's rows, or None.
    """

    url: str
    engine: str
    source: Source
    rows: int
    date_range: tuple[pd.Timestamp, pd.Timestamp] | None = field(default=None, compare=False)


_ENGINES: dict[str, Engine] = {}
_LOCKS: dict[str, threading.Lock] = {}
_STATS: dict[tuple[str, str], QueryStats] = {}
_GUARD = threading.Lock()


def attach(url: str, engine: Engine) -> None:
    """Use ``engine`` (already connected, with its secrets) for the live tables of ``url``."""
    with _GUARD:
        _ENGINES[url] = engine
        _LOCKS.setdefault(url, threading.Lock())


def _engine(url: str) -> tuple[Engine, threading.Lock]:
    with _GUARD:
        if url not in _ENGINES:  # a new process: connect again (passwords from the env)
            _ENGINES[url] = connect(url)
        return _ENGINES[url], _LOCKS.setdefault(url, threading.Lock())


def run(live: LiveTable, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(engine, live.source, *args, **kwargs)`` on the table's engine (one query at a time
    per connection); the query's engine, rows and time are kept for :func:`last_stats`."""
    eng, lock = _engine(live.url)
    t0 = time.perf_counter()
    with lock:
        try:
            out = fn(eng, live.source, *args, **kwargs)
        except (ValueError, KeyboardInterrupt):  # the analysis's own coded errors; a stop
            raise
        except Exception as err:  # the engine's: a dropped table, a lost connection
            raise AnalyticsError(
                "analytics.engine.query_failed",
                table=live.source.table,
                engine=live.engine,
                detail=redact(str(err).splitlines()[0] if str(err) else type(err).__name__),
            ) from err
    _STATS[(live.url, live.source.table)] = QueryStats(
        live.engine, live.rows, time.perf_counter() - t0
    )
    return out


def last_stats(live: LiveTable) -> QueryStats | None:
    """Engine, rows and seconds of the last analysis run on ``live`` in this process."""
    return _STATS.get((live.url, live.source.table))


def _cast(column: str, kind: str, canon: str) -> str:
    sql_type = _SQL_TYPE.get(_family(kind, canon) or "")
    return f"CAST({quote(column)} AS {sql_type})" if sql_type else quote(column)


def _family(kind: str, canon: str) -> str | None:
    """The canonical column's type family ("datetime", "float", ...), None for an extra."""
    return DTYPES[kind].get(canon)


def _statuses(engine: Engine, table: str, status: str) -> dict[int, list[str | None]]:
    """The table's distinct statuses by the import's class (:func:`analytics.aliases.order_state`)."""
    from analytics import aliases as al

    sql = (
        f"SELECT DISTINCT CAST({quote(status)} AS VARCHAR) AS s FROM {PLACEHOLDER} "
        f"LIMIT {MAX_STATES + 1}"
    )
    values = engine.query(sql, table=table)["s"].tolist()
    if len(values) > MAX_STATES:
        raise AnalyticsError("analytics.engine.live_states", column=status, n=f"{MAX_STATES:,}")
    out: dict[int, list[str | None]] = {}
    for v in values:
        if v is not None and not pd.isna(v):
            out.setdefault(al.order_state(str(v)), []).append(str(v))
    return out


# columns the import fills on an order's lines from its other lines (ingest: "filled_from_order")
_FILLED = ("customer_id", "order_time", "status", "channel", "country", "paid_time")


def _filled_from_order(engine: Engine, table: str, mapping: dict[str, str]) -> None:
    """Refuse a table where some order has a value of a filled column on some lines and
    not on others (the whole table, one GROUP BY): the import fills them from the order's
    other lines, which the SQL does not."""
    cols = [c for c in _FILLED if c in mapping]
    if "order_id" not in mapping or not cols:
        return
    oid = quote(mapping["order_id"])
    mixed = ", ".join(
        f"sum(CASE WHEN n_{i} > 0 AND n_{i} < n THEN 1 ELSE 0 END) AS m_{i}"
        for i in range(len(cols))
    )
    counts = ", ".join(f"count({quote(mapping[c])}) AS n_{i}" for i, c in enumerate(cols))
    sql = (
        f"SELECT {mixed} FROM (SELECT count(*) AS n, {counts} FROM {PLACEHOLDER} "
        f"WHERE {oid} IS NOT NULL GROUP BY {oid}) AS per_order"
    )
    row = engine.query(sql, table=table).iloc[0]
    bad = [mapping[c] for i, c in enumerate(cols) if int(row[f"m_{i}"] or 0)]
    if bad:
        raise AnalyticsError("analytics.engine.live_mismatch", table=table, columns=", ".join(bad))


def _order_states(
    engine: Engine, table: str, sample: pd.DataFrame, mapping: dict[str, str], exprs: dict
) -> None:
    """``is_void`` and ``is_return`` in SQL as the import decides them (analytics.order_states)
    where a row's own columns decide: a negative amount or quantity is a refund line (made
    negative); an unpaid status is void, and so is a closed one without a payment time or a
    refund. A refunded or closed row that is paid and not negative nets against an earlier
    purchase of its order or is a refunded order: that needs the other rows, so such a
    table is refused (:func:`_check` names the column)."""
    from analytics import aliases as al

    amt = exprs.get("amount")
    neg = [f"{amt} < 0"] if amt else []
    if "quantity" in exprs:
        neg.append(f"{exprs['quantity']} < 0")
    refundish = f"COALESCE({' OR '.join(neg)}, FALSE)" if neg else "FALSE"
    ret = exprs.get("is_return", "FALSE")
    void = exprs.get("is_void")
    if "status" in mapping and ("is_void" not in exprs or "is_return" not in exprs):
        by_class = _statuses(engine, table, mapping["status"])
        paid = []
        if "paid_time" in exprs:
            paid.append(f"{exprs['paid_time']} IS NOT NULL")
        if "refund_amount" in exprs:
            paid.append(f"COALESCE(abs({exprs['refund_amount']}) > 0, FALSE)")
        paid_sql = "(" + " OR ".join(paid) + ")" if paid else "FALSE"
        unpaid = _in_list(mapping["status"], by_class.get(al.STATE_UNPAID, []))
        closed = _in_list(mapping["status"], by_class.get(al.STATE_CLOSED, []))
        if void is None:
            void = f"(NOT {refundish} AND ({unpaid} OR ({closed} AND NOT {paid_sql})))"
        refunded = by_class.get(al.STATE_REFUND, []) + by_class.get(al.STATE_CLOSED, [])
        if refunded:  # paid refund / closed rows that are not refund lines: the import's
            # look-up across rows; marked so that the check refuses the table when any exists
            other = f"({_in_list(mapping['status'], refunded)} AND NOT {refundish} AND NOT {void})"
            n = engine.query(
                f"SELECT count(*) AS n FROM {PLACEHOLDER} WHERE {other}", table=table
            ).iat[0, 0]
            if int(n or 0):
                raise AnalyticsError(
                    "analytics.engine.live_mismatch", table=table, columns=mapping["status"]
                )
    from analytics.ingest import numeric_order_ids

    if "order_id" in mapping and numeric_order_ids(
        sample[mapping["order_id"]].dropna().astype("str")
    ):
        # Online Retail's "C" + number cancellations (the import's rule on numeric ids)
        col = f"CAST({quote(mapping['order_id'])} AS VARCHAR)"
        sql = f"SELECT count(*) AS n FROM {PLACEHOLDER} WHERE upper({col}) LIKE 'C%'"
        if int(engine.query(sql, table=table).iat[0, 0] or 0):
            raise AnalyticsError(
                "analytics.engine.live_mismatch", table=table, columns=mapping["order_id"]
            )
    if "is_void" in exprs or void is not None:
        exprs["is_void"] = void or "FALSE"
    if amt:
        exprs["is_return"] = f"({ret} OR {refundish})"
        exprs["amount"] = f"(CASE WHEN {exprs['is_return']} THEN -abs({amt}) ELSE {amt} END)"


def _in_list(column: str, values: list[str | None]) -> str:
    expr = f"CAST({quote(column)} AS VARCHAR)"
    parts = []
    named = [v for v in values if v is not None]
    if named:
        parts.append(f"COALESCE({expr} IN ({', '.join(queries.literal(v) for v in named)}), FALSE)")
    if len(named) < len(values):
        parts.append(f"{quote(column)} IS NULL")
    return "(" + " OR ".join(parts) + ")" if parts else "FALSE"


def source_for(
    engine: Engine,
    table: str,
    kind: str | None = None,
    mapping: dict[str, str] | None = None,
    *,
    sample_rows: int = SAMPLE_ROWS,
    sample: pd.DataFrame | None = None,
) -> Source:
    """The source view of ``table`` that reads it as the import would (checked on a sample).

    Parameters
    ----------
    engine
        From :func:`analytics.engine.connect`.
    table
        The table as the engine names it.
    kind, mapping
        As in :func:`analytics.ingest.load` (canonical -> the table's column); proposed
        from the first ``sample_rows`` rows when not given.
    sample
        Those rows, when the caller has read them already (as :func:`read_table` gives).

    Raises
    ------
    AnalyticsError
        ``analytics.engine.live_mismatch`` naming the columns whose SQL reading differs
        from the import's on the sample (import the table instead);
        ``analytics.engine.live_states`` when a status column has too many values.
    """
    if sample is None:
        sample = _raw_text(read_table(engine, table, limit=sample_rows))
    kind, mapping = proposed(sample, kind, mapping)
    mapping = {c: str(m) for c, m in mapping.items() if m in sample.columns}
    exprs = {c: _cast(m, kind, c) for c, m in mapping.items()}
    if "refund_amount" in exprs and kind == "orders":  # as read, made non-negative; missing 0
        exprs["refund_amount"] = f"COALESCE(abs({exprs['refund_amount']}), 0)"
    if kind == "orders":
        _filled_from_order(engine, table, mapping)
        if "amount" not in exprs and {"quantity", "unit_price"} <= set(exprs):
            exprs["amount"] = f"({exprs['quantity']} * {exprs['unit_price']})"
        _order_states(engine, table, sample, mapping, exprs)
    extras = {str(c): quote(c) for c in sample.columns if c not in mapping.values()}
    extras = {c: e for c, e in extras.items() if c not in exprs}
    source = Source(table, {**exprs, **extras}, kind)
    _check(engine, table, source, kind, mapping, sample_rows)
    return source


def _check(engine: Engine, table: str, source: Source, kind: str, mapping: dict, n: int) -> None:
    """The source's columns equal the import's on the first ``n`` rows (one read of both)."""
    from analytics import ingest

    canon_cols = [c for c in source.columns if _family(kind, c)]

    def read(cols: list[str]) -> pd.DataFrame:
        body = ", ".join(f"{source.columns[c]} AS {quote('__live_' + c)}" for c in cols)
        return engine.query(f"SELECT *, {body} FROM {PLACEHOLDER} LIMIT {int(n)}", table=table)

    try:
        both = read(canon_cols)
    except Exception as err:  # a cast the engine cannot do (text dates in another format)
        bad = []
        for c in canon_cols:
            try:
                read([c])
            except Exception:
                bad.append(c)
        cols = ", ".join(bad) or type(err).__name__
        raise AnalyticsError("analytics.engine.live_mismatch", table=table, columns=cols) from err
    both.columns = [str(c) for c in both.columns]
    raw = _raw_text(both[[c for c in both.columns if not c.startswith("__live_")]])
    if raw.empty:
        return
    canon = ingest.to_canonical(raw, kind, mapping).frame
    if len(canon) != len(raw):  # the import drops or reshapes rows (a wide price table)
        raise AnalyticsError(
            "analytics.engine.live_rows", table=table, kept=f"{len(canon):,}", read=f"{len(raw):,}"
        )
    bad = [c for c in canon_cols if c in canon and not _same(canon[c], both["__live_" + c])]
    # a column the import derived that the SQL does not give (and the analyses read)
    bad += [c for c in _USED.get(kind, ()) if c in canon and c not in source.columns]
    if bad:
        raise AnalyticsError("analytics.engine.live_mismatch", table=table, columns=", ".join(bad))


def _same(want: pd.Series, got: pd.Series) -> bool:
    """Equal values (missing = missing), each compared in the canonical column's family."""
    want = want.reset_index(drop=True)
    got = got.reset_index(drop=True)
    if pd.api.types.is_bool_dtype(want.dtype):
        g = got.astype("boolean").fillna(False).to_numpy(dtype=bool)
        return bool((want.to_numpy(dtype=bool) == g).all())
    if pd.api.types.is_datetime64_any_dtype(want.dtype):
        w = pd.to_datetime(want)
        g = pd.to_datetime(got)
        if isinstance(g.dtype, pd.DatetimeTZDtype):
            g = g.dt.tz_localize(None)
        if isinstance(w.dtype, pd.DatetimeTZDtype):
            w = w.dt.tz_localize(None)
        wn = w.to_numpy(dtype="datetime64[ns]")
        gn = g.to_numpy(dtype="datetime64[ns]")
        return bool(((wn == gn) | (np.isnat(wn) & np.isnat(gn))).all())
    if pd.api.types.is_numeric_dtype(want.dtype):
        w = pd.to_numeric(want, errors="coerce").to_numpy(dtype=float)
        g = pd.to_numeric(got, errors="coerce").to_numpy(dtype=float)
        return bool(np.allclose(w, g, rtol=1e-9, atol=1e-9, equal_nan=True))
    wm, gm = want.isna().to_numpy(), got.isna().to_numpy()
    if not (wm == gm).all():
        return False
    return bool((want[~wm].astype(str).to_numpy() == got[~gm].astype(str).to_numpy()).all())


def _extent(engine: Engine, source: Source) -> tuple[int, tuple | None]:
    col = {"orders": "order_time", "events": "event_time"}.get(source.kind)
    if col is None or not source.has(col):
        sql = f"SELECT count(*) AS n FROM {source.select([next(iter(source.columns))])}"
        return int(engine.query(sql, table=source.table).iat[0, 0]), None
    sql = f"SELECT count(*) AS n, min({col}) AS lo, max({col}) AS hi FROM {source.select([col])}"
    row = engine.query(sql, table=source.table).iloc[0]
    if row["lo"] is None or pd.isna(row["lo"]):
        return int(row["n"]), None
    lo, hi = (pd.Timestamp(aggregates._ns(pd.Series([row[x]]))[0]) for x in ("lo", "hi"))
    return int(row["n"]), (lo, hi)


def _empty_frame(source: Source) -> pd.DataFrame:
    """No rows; the canonical columns of the source with their dtypes (extras as text)."""
    cols = {}
    for c in source.columns:
        fam = _family(source.kind, c)
        dtype = {
            "datetime": "datetime64[ns]",
            "float": "float64",
            "int": "int64",
            "bool": "bool",
        }.get(fam or "", "str")
        cols[c] = pd.Series([], dtype=dtype)
    return pd.DataFrame(cols)


def open_source(engine: Engine, url: str, source: Source, filename: str = "") -> Dataset:
    """A dataset of ``source`` queried in place (see the module docstring)."""
    rows, rng = _extent(engine, source)
    live = LiveTable(url, engine.name, source, rows, rng)
    key = "|".join([redact(url), source.table, source.kind, repr(sorted(source.columns.items()))])
    digest = hashlib.sha256(f"{key}|{rows}|{rng}|{time.time()}".encode()).hexdigest()
    mapping = {c: c for c in source.columns if _family(source.kind, c)}
    report = ImportReport(rows_read=rows, rows_kept=rows, rows_dropped=0)
    return Dataset(
        source.kind,
        _empty_frame(source),
        mapping,
        report,
        digest,
        filename or f"{engine.name}: {source.table}",
        live=live,
    )


def open_table(
    engine: Engine,
    url: str,
    table: str,
    kind: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Dataset:
    """``table`` of ``engine`` as a dataset queried in place (orders, events) or read summed
    by day (traffic, prices: :func:`reduce_table`); other kinds are imported
    (:func:`analytics.engine.load.load_table`). See the module docstring."""
    from analytics.engine.load import load_table

    sample = _raw_text(read_table(engine, table, limit=SAMPLE_ROWS))  # read once
    kind, mapping = proposed(sample, kind, mapping)
    if kind not in IN_PLACE_KINDS + REDUCED_KINDS:
        return load_table(engine, table, kind, mapping)
    source = source_for(engine, table, kind, mapping, sample=sample)
    if kind in REDUCED_KINDS:
        return reduce_table(engine, source)
    return open_source(engine, url, source)


def reduce_table(engine: Engine, source: Source) -> Dataset:
    """A traffic or prices source read summed by day in the engine, imported as a dataset."""
    from analytics import ingest

    fn = aggregates.traffic_daily if source.kind == "traffic" else aggregates.price_daily
    rows, _ = _extent(engine, source)  # (the engine's stats then say how many were scanned)
    frame = fn(engine, dataclasses.replace(source, rows=rows))
    mapping = {c: c for c in frame.columns if _family(source.kind, c)}
    return ingest.to_canonical(
        frame, source.kind, mapping, filename=f"{engine.name}: {source.table}"
    )
