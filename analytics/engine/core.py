"""Engines: where the heavy aggregations run (DuckDB in-process by default).

An :class:`Engine` runs SQL written once in DuckDB's dialect (transpiled with sqlglot
to the engine's own) and returns pandas frames. :func:`connect` picks the engine from a
connection URL:

- ``duckdb://`` or ``""``: DuckDB in memory, with a memory limit and a spill folder;
- ``duckdb:///path/to/file.duckdb``: a DuckDB database file;
- a folder or glob of Parquet files (``/data/events/*.parquet``, ``parquet:///data``):
  DuckDB over the files, each file stem (or the folder) a table;
- ``postgresql://user@host:port/db``: PostgreSQL through psycopg 3;
- ``spark://local[2]`` or ``sc://host:15002``: Spark (local mode or Spark Connect),
  when pyspark is installed;
- ``bigquery://project/dataset``, ``clickhouse://host``: when their Python clients
  import (otherwise a coded error names the package to install).

Secrets never come from the URL shown to the user: :func:`redact` masks the password
of any URL written in a caption or a log, and :func:`resolve_url` fills a password
from the environment (``SHOPOPS_DB_PASSWORD``) or the caller's secrets mapping.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import tempfile
import threading
import time
import tomllib
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from analytics.messages import AnalyticsError

__all__ = [
    "Engine",
    "DuckDBEngine",
    "PostgresEngine",
    "SparkEngine",
    "QueryStats",
    "connect",
    "redact",
    "without_password",
    "resolve_url",
    "read_config",
    "transpile",
    "progress",
]

_LOCAL = threading.local()


@contextmanager
def progress(report: Callable[[float], None]) -> Iterator[None]:
    """Within the block, an engine's queries from this thread run in a worker thread while
    ``report(share)`` (0..1 on DuckDB, -1 where the engine does not say) is called about five
    times a second; an exception raised by ``report`` (or in this thread, e.g. Streamlit's
    stop) cancels the query (:meth:`Engine.interrupt`) and propagates."""
    before = getattr(_LOCAL, "report", None)
    _LOCAL.report = report
    try:
        yield
    finally:
        _LOCAL.report = before


DEFAULT_MEMORY_LIMIT = os.environ.get("SHOPOPS_DUCKDB_MEMORY", "2GB")


def transpile(sql: str, dialect: str) -> str:
    """``sql`` (DuckDB dialect) in ``dialect`` (sqlglot's names: postgres, spark, ...)."""
    if dialect == "duckdb":
        return sql
    import sqlglot

    return ";\n".join(sqlglot.transpile(sql, read="duckdb", write=dialect))


def _with_password(url: str, password: str | None) -> str:
    """``url`` with its password set to ``password`` (None: no password)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    secret = "" if password is None else f":{password}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}{secret}@{host}{port}"))


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (safe for captions and logs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r":[^:@/]*@", ":***@", url)
    return url if parts.password is None else _with_password(url, "***")


def without_password(url: str) -> str:
    """``url`` without its password (to keep: the password comes back from the secrets or
    the environment through :func:`resolve_url`)."""
    if "://" not in url or urlsplit(url).password is None:
        return url
    return _with_password(url, None)


def resolve_url(url: str, secrets: dict[str, Any] | None = None) -> str:
    """Fill the password of ``url`` from ``secrets['password']`` or ``SHOPOPS_DB_PASSWORD``.

    The URL a user types or keeps in ``shopops.toml`` carries no password; the secret
    stays in ``.streamlit/secrets.toml`` (``[engine] password = ...``) or the environment.
    """
    secret = (secrets or {}).get("password") or os.environ.get("SHOPOPS_DB_PASSWORD")
    if not secret or "://" not in url:
        return url
    parts = urlsplit(url)
    if parts.password is not None or not parts.username:
        return url
    return _with_password(url, secret)


def read_config(path: str | Path = "shopops.toml") -> dict[str, Any]:
    """The ``[engine]`` table of ``shopops.toml`` (``url``, ``events``, ``orders`` ...)."""
    p = Path(path)
    if not p.is_file():
        return {}
    with p.open("rb") as fh:
        return dict(tomllib.load(fh).get("engine", {}))


@dataclass
class QueryStats:
    """What the last query did: engine, rows scanned (of its source), seconds."""

    engine: str = ""
    rows: int = 0
    seconds: float = 0.0


@dataclass
class Engine(ABC):
    """A connection that runs DuckDB-dialect SQL and returns pandas frames (each engine
    implements :meth:`_run`, :meth:`register` and :meth:`tables`)."""

    name: str
    dialect: str
    url: str = ""
    stats: QueryStats = field(default_factory=QueryStats)

    @abstractmethod
    def _run(self, sql: str) -> pd.DataFrame:
        """Run engine-dialect ``sql`` and return its rows."""

    def query(self, sql: str, table: str = "", rows: int = 0) -> pd.DataFrame:
        """Run ``sql`` (DuckDB dialect) and return its result.

        ``table`` replaces the source placeholder of :mod:`analytics.engine.sources`
        after transpiling (a table name is the engine's own, never rewritten); ``rows``
        is the source size recorded in :attr:`stats`.
        """
        from analytics.engine.sources import PLACEHOLDER

        t0 = time.perf_counter()
        text = transpile(sql, self.dialect)
        if table:
            text = text.replace(PLACEHOLDER, table)
        out = self._watched(text)
        self.stats = QueryStats(self.name, int(rows), time.perf_counter() - t0)
        return out

    def _watched(self, sql: str) -> pd.DataFrame:
        """:meth:`_run`; inside :func:`progress`, in a worker thread while this one reports
        the progress and cancels the query when the report (or a stop) raises."""
        report = getattr(_LOCAL, "report", None)
        if report is None:
            return self._run(sql)
        out: dict[str, Any] = {}

        def work() -> None:
            try:
                out["df"] = self._run(sql)
            except BaseException as err:  # handed to the waiting thread
                out["err"] = err

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.2)
                if worker.is_alive():
                    report(self.progress_share())
        except BaseException:
            self.interrupt()
            worker.join()
            raise
        if "err" in out:
            raise out["err"]
        return out["df"]

    def progress_share(self) -> float:
        """The running query's share done (0..1), or -1 when the engine does not say."""
        return -1.0

    @abstractmethod
    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Make ``frame`` queryable as table ``name``."""

    @abstractmethod
    def tables(self) -> list[str]:
        """Table names the engine can read."""

    def count(self, relation: str) -> int:
        """Rows of ``relation`` (a table name or a parenthesised query with an alias)."""
        return int(
            self._run(transpile(f"SELECT count(*) AS n FROM {relation}", self.dialect)).iat[0, 0]
        )

    def interrupt(self) -> None:
        """Cancel a running query where the engine can (DuckDB, PostgreSQL, Spark)."""
        return None  # by default an engine has nothing to cancel

    def close(self) -> None:
        """Release the connection."""
        return None  # by default an engine holds no connection


class DuckDBEngine(Engine):
    """DuckDB in-process: in memory (spilling to a temp folder) or a database file."""

    def __init__(self, path: str = ":memory:", url: str = "", memory_limit: str | None = None):
        import duckdb

        super().__init__("DuckDB", "duckdb", url or "duckdb://")
        self._spill = tempfile.mkdtemp(prefix="shopops-duckdb-")
        # the spill folder goes with the engine (closed or collected)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._spill, True)
        config = {
            "memory_limit": memory_limit or DEFAULT_MEMORY_LIMIT,
            "temp_directory": self._spill,
            "preserve_insertion_order": "false",
        }
        self.con = duckdb.connect(path, config=config)
        # progress for progress() (query_progress), never printed
        self.con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")

    def _run(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).df()

    def progress_share(self) -> float:
        return float(self.con.query_progress()) / 100.0  # (-1 / 100 when it cannot say)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """``frame`` as view ``name``, scanned through Arrow (pandas' Arrow-backed strings
        are read without conversion)."""
        import pyarrow as pa

        self.con.register(name, pa.Table.from_pandas(frame, preserve_index=False))

    def create_view(self, name: str, select: str) -> None:
        """A view ``name`` over ``select`` (e.g. ``read_parquet('...')``)."""
        self.con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {select}')

    def tables(self) -> list[str]:
        return sorted(
            self.con.execute("SELECT table_name FROM information_schema.tables").df()["table_name"]
        )

    def interrupt(self) -> None:
        self.con.interrupt()

    def close(self) -> None:
        self.con.close()
        self._cleanup()


class PostgresEngine(Engine):
    """PostgreSQL through psycopg 3 (``psycopg[binary]``)."""

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as err:
            raise AnalyticsError(
                "analytics.engine.client_missing", engine="PostgreSQL", package="psycopg[binary]"
            ) from err
        super().__init__("PostgreSQL", "postgres", url)
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as err:
            detail = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise AnalyticsError(
                "analytics.engine.connect_failed", url=redact(url), detail=redact(detail)
            ) from err

    def _run(self, sql: str) -> pd.DataFrame:
        with self.con.cursor() as cur:
            cur.execute(sql)
            if cur.description is None:  # a statement without rows (DDL)
                return pd.DataFrame()
            cols = [d.name for d in cur.description]
            return pd.DataFrame(cur.fetchall(), columns=cols)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Copy ``frame`` into table ``name`` (replaced), with COPY."""
        types = {c: _pg_type(frame[c]) for c in frame.columns}
        cols = ", ".join(f'"{c}" {t}' for c, t in types.items())
        with self.con.cursor() as cur:
            cur.execute(f'DROP TABLE IF EXISTS "{name}"')
            cur.execute(f'CREATE TABLE "{name}" ({cols})')
            names = ", ".join(f'"{c}"' for c in frame.columns)
            with cur.copy(f'COPY "{name}" ({names}) FROM STDIN') as cp:
                for row in _py_rows(frame):
                    cp.write_row(row)
            cur.execute(f'ANALYZE "{name}"')

    def tables(self) -> list[str]:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        return sorted(self._run(sql)["table_name"])

    def interrupt(self) -> None:
        self.con.cancel()

    def close(self) -> None:
        self.con.close()


def _pg_type(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "bigint"
    if pd.api.types.is_float_dtype(s):
        return "double precision"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "timestamp"
    return "text"


def _py_rows(frame: pd.DataFrame):
    cols = []
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            if isinstance(s.dtype, pd.DatetimeTZDtype):
                s = s.dt.tz_localize(None)
            vals = [None if pd.isna(v) else v.to_pydatetime() for v in s]
        else:
            vals = [
                None if _missing(v) else (v.item() if hasattr(v, "item") else v)
                for v in s.astype(object)
            ]
        cols.append(vals)
    return zip(*cols, strict=True)


def _missing(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


class SparkEngine(Engine):
    """Spark SQL: local mode (``spark://local[2]``) or Spark Connect (``sc://host``)."""

    def __init__(self, url: str):
        try:
            from pyspark.sql import SparkSession
        except ImportError as err:
            raise AnalyticsError(
                "analytics.engine.client_missing", engine="Spark", package="pyspark"
            ) from err
        super().__init__("Spark", "spark", url)
        builder = SparkSession.builder.appName("shopops")
        if url.startswith("sc://"):
            builder = builder.remote(url)
        else:
            master = url.split("://", 1)[1] or "local[2]"
            builder = (
                builder.master(master)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
            )
        self.spark = builder.getOrCreate()

    def _run(self, sql: str) -> pd.DataFrame:
        return self.spark.sql(sql).toPandas()

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """``frame`` as temp view ``name`` (rows sent with an explicit schema: an empty
        frame has one too, and no pandas conversion is involved)."""
        from pyspark.sql import types as T

        def typ(s: pd.Series):
            if pd.api.types.is_bool_dtype(s):
                return T.BooleanType()
            if pd.api.types.is_integer_dtype(s):
                return T.LongType()
            if pd.api.types.is_float_dtype(s):
                return T.DoubleType()
            if pd.api.types.is_datetime64_any_dtype(s):
                return T.TimestampNTZType()
            return T.StringType()

        schema = T.StructType([T.StructField(str(c), typ(frame[c]), True) for c in frame.columns])
        rows = [tuple(r) for r in _py_rows(frame)]
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView(name)

    def tables(self) -> list[str]:
        return sorted(t.name for t in self.spark.catalog.listTables())

    def interrupt(self) -> None:
        self.spark.sparkContext.cancelAllJobs()


def _parquet_engine(url: str) -> DuckDBEngine:
    path = url.removeprefix("parquet://")
    eng = DuckDBEngine(url=url)
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.parquet"))
        subdirs = sorted(d for d in p.iterdir() if d.is_dir() and any(d.rglob("*.parquet")))
        for f in files:
            eng.create_view(f.stem, f"SELECT * FROM read_parquet('{f.as_posix()}')")
        for d in subdirs:
            eng.create_view(d.name, f"SELECT * FROM read_parquet('{d.as_posix()}/**/*.parquet')")
        if not files and not subdirs:
            raise AnalyticsError("analytics.engine.no_parquet", path=path)
    else:
        if not glob.glob(path, recursive=True):
            raise AnalyticsError("analytics.engine.no_parquet", path=path)
        stem = Path(path).parent.name or "data"
        eng.create_view(stem, f"SELECT * FROM read_parquet('{path}')")
    return eng


def connect(url: str = "", secrets: dict[str, Any] | None = None) -> Engine:
    """The engine for ``url`` (see the module docstring); ``""`` is DuckDB in memory.

    Raises
    ------
    AnalyticsError
        ``analytics.engine.unknown_url`` for a scheme no engine reads,
        ``analytics.engine.client_missing`` when the engine's Python client is not
        installed (the text names the package).
    """
    url = (url or "").strip()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if url in ("", "duckdb://", "duckdb:///:memory:"):
        return DuckDBEngine()
    if scheme == "duckdb":
        return DuckDBEngine(url.removeprefix("duckdb:///").removeprefix("duckdb://"), url=url)
    if scheme == "parquet" or (
        not scheme and (url.endswith(".parquet") or "*" in url or Path(url).is_dir())
    ):
        return _parquet_engine(url)
    if scheme in ("postgresql", "postgres"):
        return PostgresEngine(resolve_url(url, secrets))
    if scheme in ("spark", "sc"):
        return SparkEngine(url)
    if scheme in ("bigquery", "clickhouse"):
        return _optional_engine(scheme, url)
    raise AnalyticsError("analytics.engine.unknown_url", url=redact(url))


_CLIENTS = {
    "bigquery": ("BigQuery", "google-cloud-bigquery", "google.cloud.bigquery"),
    "clickhouse": ("ClickHouse", "clickhouse-connect", "clickhouse_connect"),
}


class ClientEngine(Engine):
    """BigQuery (``bigquery://project/dataset``) or ClickHouse (``clickhouse://host:port/db``)
    through their own Python clients; credentials from the environment (Google's
    application default credentials; ``SHOPOPS_DB_PASSWORD``)."""

    def __init__(self, scheme: str, url: str, client: Any):
        label = _CLIENTS[scheme][0]
        super().__init__(label, scheme, url)
        self.client = client

    def _run(self, sql: str) -> pd.DataFrame:
        if self.dialect == "bigquery":
            return self.client.query(sql).to_dataframe()
        return self.client.query_df(sql)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        if self.dialect == "bigquery":
            self.client.load_table_from_dataframe(frame, name).result()
        else:
            self.client.insert_df(name, frame)

    def tables(self) -> list[str]:
        if self.dialect == "bigquery":  # the tables of the dataset named in the URL
            dataset = urlsplit(self.url).path.strip("/")
            if not dataset:
                return []
            return sorted(
                f"`{t.full_table_id.replace(':', '.')}`" for t in self.client.list_tables(dataset)
            )
        return sorted(self._run("SHOW TABLES").iloc[:, 0])


def _optional_engine(scheme: str, url: str) -> Engine:
    import importlib

    label, package, module = _CLIENTS[scheme]
    try:
        mod = importlib.import_module(module)
    except ImportError as err:
        raise AnalyticsError(
            "analytics.engine.client_missing", engine=label, package=package
        ) from err
    parts = urlsplit(url)
    if scheme == "bigquery":
        client = mod.Client(project=parts.hostname)
    else:
        client = mod.get_client(
            host=parts.hostname or "localhost",
            port=parts.port or 8123,
            username=parts.username or "default",
            password=os.environ.get("SHOPOPS_DB_PASSWORD", parts.password or ""),
            database=parts.path.strip("/") or "default",
        )
    return ClientEngine(scheme, url, client)
