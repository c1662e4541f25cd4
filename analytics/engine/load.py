"""Datasets from an engine's tables: the same import as an uploaded file.

:func:`load_table` reads a table (or a source view's canonical columns) from an engine and
imports it with :func:`analytics.ingest.to_canonical`, the path an uploaded file takes
after it is read: the kind and the mapping are proposed from the columns' names and
contents, the order rule and the validation report are the same, so every page shows the
same figures as from the file the table was loaded from.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.engine.core import Engine
from analytics.engine.sources import PLACEHOLDER, Source
from analytics.schema import Dataset

__all__ = ["read_table", "load_table", "load_source", "table_rows", "proposed"]


def _fetch(engine: Engine, sql: str, table: str) -> pd.DataFrame:
    frame = engine.query(sql, table=table)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def read_table(engine: Engine, table: str, limit: int | None = None) -> pd.DataFrame:
    """Every column of ``table`` (the first ``limit`` rows when given), as pandas."""
    tail = f" LIMIT {int(limit)}" if limit else ""
    return _fetch(engine, f"SELECT * FROM {PLACEHOLDER}{tail}", table)


def table_rows(engine: Engine, table: str) -> int:
    """Rows of ``table``."""
    return int(_fetch(engine, f"SELECT count(*) AS n FROM {PLACEHOLDER}", table).iat[0, 0])


def _raw_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Values of object columns from a database (Decimal, date, bool) as a file reader gives
    them: NULL stays missing, numbers and times keep their own dtypes."""
    out = {}
    for c in frame.columns:
        s = frame[c]
        if s.dtype == object:
            conv = pd.to_numeric(s, errors="coerce") if s.map(_is_decimal).all() else None
            out[c] = conv if conv is not None else s
        else:
            out[c] = s
    return pd.DataFrame(out)


def _is_decimal(v: Any) -> bool:
    from decimal import Decimal

    return v is None or isinstance(v, Decimal)


def proposed(
    frame: pd.DataFrame, kind: str | None, mapping: dict[str, str] | None
) -> tuple[str, dict[str, str]]:
    """``kind`` and ``mapping``, each proposed from ``frame`` (as for an upload) when None."""
    from analytics import ingest

    if kind is not None and mapping is not None:
        return kind, mapping
    prop = ingest.propose(frame)
    kind = kind or prop.kind
    return kind, mapping or (
        prop.mapping if prop.kind == kind else ingest.propose_mapping(frame, kind)
    )


def load_table(
    engine: Engine,
    table: str,
    kind: str | None = None,
    mapping: dict[str, str] | None = None,
    **options: Any,
) -> Dataset:
    """Import ``table`` of ``engine`` as a canonical dataset (as an upload of that table).

    Parameters
    ----------
    engine
        From :func:`analytics.engine.connect`.
    table
        The table as the engine names it.
    kind, mapping
        As in :func:`analytics.ingest.load`; proposed from the columns when not given.
    **options
        Passed to :func:`analytics.ingest.to_canonical` (``tz``, ``default_event`` ...).

    Returns
    -------
    Dataset
        Its ``filename`` names the engine and the table; ``source`` notes the engine.
    """
    from analytics import ingest

    frame = _raw_text(read_table(engine, table))
    kind, mapping = proposed(frame, kind, mapping)
    return ingest.to_canonical(frame, kind, mapping, filename=f"{engine.name}: {table}", **options)


def load_source(engine: Engine, source: Source, **options: Any) -> Dataset:
    """Import a source view (its canonical columns) as a dataset of its kind."""
    from analytics import ingest

    frame = _fetch(engine, f"SELECT * FROM {source.select()}", source.table)
    from analytics.schema import COLUMNS

    # canonical columns of the kind; others (a GA4 source / medium on events) stay as extras
    mapping = {c: c for c in frame.columns if c in COLUMNS[source.kind]}
    name = f"{engine.name}: {source.table}"
    return ingest.to_canonical(_raw_text(frame), source.kind, mapping, filename=name, **options)
