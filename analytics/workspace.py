"""Workspaces on disk: the analyst's datasets, settings and edits, kept across reloads and restarts.

A workspace is a folder ``<data dir>/ws/<id>/`` named by an unguessable random
ID (128 bits, 32 lowercase hex digits):

``meta.json``
    created / last used times (UTC seconds).
``items/<hash>.json``
    one file per item of state (a dataset entry, the active dataset of a kind,
    one page setting, ...). An item is written on its own, atomically, so two
    tabs on the same workspace never corrupt it: **the last write wins per
    item**. Values are JSON with a few tags (tuples, timestamps, dataclasses of
    ``analytics``); data frames inside a value are stored beside it as Parquet
    under ``frames/<content hash>.parquet`` and referenced by hash.
``datasets/<fingerprint>/``
    a loaded dataset, stored once (content-addressed by its fingerprint):
    ``frame.parquet`` (canonical frame), ``rejected.parquet`` (rows dropped by
    the import), ``report.json`` (the import report, with the join report of a
    dataset joined from several files), ``join_rejected.parquet`` (the related
    rows that join left out) and ``meta.json``.

Every file is written to a temporary name, flushed with ``fsync`` and renamed
over its final name (then the folder is fsynced); a dataset folder is built
under a temporary name and renamed into place in one step. A crash at any
moment therefore leaves the old version or the new one, never a half-written
file. Leftover temporary files are removed by :meth:`Store.housekeeping`.

This module never imports streamlit: the session glue is :mod:`ui.state`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import json
import os
import pickle
import re
import secrets
import shutil
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.schema import Dataset, ImportReport, Reason

__all__ = [
    "APP_NAME",
    "ID_BYTES",
    "WorkspaceError",
    "NotSerialisable",
    "new_id",
    "check_id",
    "load_config",
    "data_dir",
    "expire_days",
    "DEFAULT_EXPIRE_DAYS",
    "encode",
    "decode",
    "Store",
    "Workspace",
]

APP_NAME = "shop-ops-analytics"
ID_BYTES = 16  # 128 bits
_ID_RE = re.compile(r"[0-9a-f]{32}")
_SAFE_KEY = re.compile(r"[0-9A-Za-z_-]{8,64}")
_TMP_AGE = 3600.0  # temporary files older than this are leftovers of a crash
FORMAT = 1


class WorkspaceError(ValueError):
    """A workspace that cannot be used: ``code`` is ``invalid_id`` or ``unknown_id``."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class NotSerialisable(TypeError):
    """A value that cannot be stored as JSON (with frames as Parquet)."""


# -- IDs ----------------------------------------------------------------------


def new_id() -> str:
    """A fresh workspace ID: 128 random bits from :mod:`secrets`, as 32 lowercase hex digits."""
    return secrets.token_hex(ID_BYTES)


def check_id(ws_id: Any) -> str:
    """Return ``ws_id`` if it is a well-formed workspace ID, else raise :class:`WorkspaceError`.

    Only exactly 32 lowercase hex digits are accepted, so an ID can never name
    a path outside the data directory (no ``/``, ``..``, ``~``, NUL, ...).
    """
    if not isinstance(ws_id, str) or not _ID_RE.fullmatch(ws_id):
        raise WorkspaceError(
            "invalid_id",
            "This is not a workspace ID (expected 32 letters a-f and digits); "
            "check the link or start a new workspace.",
        )
    return ws_id


# -- configuration ------------------------------------------------------------


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """The ``[workspace]`` table of the app's config file, or ``{}``.

    The file is ``$SHOPOPS_CONFIG`` if set, else ``shopops.toml`` beside the
    app. Keys: ``data_dir`` (path) and ``expire_days`` (workspaces unused for
    that many days are deleted; :data:`DEFAULT_EXPIRE_DAYS` when absent, 0 keeps them forever).
    """
    if path is None:
        path = os.environ.get("SHOPOPS_CONFIG") or Path(__file__).resolve().parents[1] / (
            "shopops.toml"
        )
    p = Path(path)
    if not p.is_file():
        return {}
    try:
        with p.open("rb") as fh:
            table = tomllib.load(fh).get("workspace", {})
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return dict(table) if isinstance(table, dict) else {}


DEFAULT_EXPIRE_DAYS = 90.0


def expire_days(config: Mapping[str, Any] | None = None) -> float:
    """Days after which an unused workspace is deleted: ``expire_days`` of the config
    (0 = never), else :data:`DEFAULT_EXPIRE_DAYS`."""
    cfg = load_config() if config is None else config
    value = cfg.get("expire_days", DEFAULT_EXPIRE_DAYS)
    try:
        days = float(value)
    except (TypeError, ValueError):
        return DEFAULT_EXPIRE_DAYS
    return days if days >= 0 else DEFAULT_EXPIRE_DAYS


def data_dir(config: Mapping[str, Any] | None = None) -> Path:
    """Where workspaces live: ``$SHOPOPS_DATA_DIR``, else ``config["data_dir"]``, else
    ``$XDG_DATA_HOME/shop-ops-analytics`` (``~/.local/share/shop-ops-analytics``)."""
    env = os.environ.get("SHOPOPS_DATA_DIR")
    if env:
        return Path(env).expanduser()
    cfg = load_config() if config is None else config
    if cfg.get("data_dir"):
        return Path(str(cfg["data_dir"])).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP_NAME


# -- atomic files -------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _atomic_write(path: Path, write: Callable[[Any], None] | bytes) -> None:
    """Write ``path`` so that it holds either its old content or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(path)
    try:
        with open(tmp, "wb") as fh:
            if isinstance(write, bytes | bytearray):
                fh.write(write)
            else:
                write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=True)


# -- frames -------------------------------------------------------------------


def frame_digest(frame: pd.DataFrame) -> str:
    """A content hash of ``frame``: values, index, column names and dtypes."""
    h = hashlib.sha256()
    h.update(_dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    h.update(_dumps([str(n) for n in frame.index.names]).encode() + str(frame.index.dtype).encode())
    try:
        h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists, dicts): hash their text instead
        h.update(frame.astype(str).to_csv().encode())
    h.update(str(frame.shape).encode())
    return h.hexdigest()[:40]


def _write_frame(fh: Any, frame: pd.DataFrame) -> str:
    """Write ``frame`` to the open file as Parquet (or as a pickle where Parquet cannot hold it)."""
    try:
        table = pa.Table.from_pandas(frame, preserve_index=None)
        dtypes = {str(c): str(t) for c, t in frame.dtypes.items()}
        meta = dict(table.schema.metadata or {})
        meta[b"shopops.dtypes"] = _dumps(dtypes).encode()
        meta[b"shopops.columns"] = _dumps([str(c) for c in frame.columns]).encode()
        table = table.replace_schema_metadata(meta)
        pq.write_table(table, fh, compression="snappy")
        return "parquet"
    except (pa.ArrowException, TypeError, ValueError):
        # Mixed-type object columns (an unmapped column holding numbers and text)
        # have no Parquet type; pickle keeps them exactly. Only this app writes these files.
        fh.seek(0)
        fh.truncate()
        fh.write(b"PKL5")
        pickle.dump(frame, fh, protocol=5)
        return "pickle"


def _read_frame(path: Path) -> pd.DataFrame:
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head == b"PKL5":
            return pickle.load(fh)
    table = pq.read_table(path, memory_map=True)
    frame = table.to_pandas()
    meta = table.schema.metadata or {}
    raw = meta.get(b"shopops.dtypes")
    if raw:
        want = json.loads(raw)
        for col, dtype in want.items():
            if col in frame.columns and str(frame[col].dtype) != dtype:
                try:
                    frame[col] = frame[col].astype(dtype)
                except (TypeError, ValueError):
                    pass
    return frame


# -- values: JSON with tags ----------------------------------------------------

FrameWriter = Callable[[pd.DataFrame], str]
FrameReader = Callable[[str], pd.DataFrame]


def encode(value: Any, frames: FrameWriter) -> Any:
    """``value`` as plain JSON data; frames go through ``frames(frame) -> reference``.

    Handles None, bool, int, float, str, list, tuple, dict (any hashable keys),
    set, numpy scalars and arrays, pandas Timestamp / Timedelta / NaT,
    datetime / date, DataFrame / Series and frozen dataclasses defined in
    ``analytics``. Anything else raises :class:`NotSerialisable`.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int) and not isinstance(value, np.integer):
        return value
    if isinstance(value, float) and not isinstance(value, np.floating):
        return value
    if isinstance(value, list):
        return [encode(v, frames) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, frames) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v, frames) for k, v in value.items()}
        return {"$dict": [[encode(k, frames), encode(v, frames)] for k, v in value.items()]}
    if isinstance(value, set | frozenset):
        tag = "$set" if isinstance(value, set) else "$fset"
        items = [encode(v, frames) for v in value]
        return {tag: sorted(items, key=_dumps)}
    if value is pd.NaT:
        return {"$nat": 1}
    if isinstance(value, pd.Timestamp):
        out = {"$ts": value.isoformat(), "unit": value.unit}
        if value.tz is not None:
            out["tz"] = str(value.tz)
        return out
    if isinstance(value, pd.Timedelta):
        return {"$td": int(value.value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64 | np.timedelta64):
            return {"$np": str(value.dtype), "v": str(value)}
        return {"$np": str(value.dtype), "v": value.item()}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise NotSerialisable(f"arrays of dtype {value.dtype} are not stored")
        return {"$nd": str(value.dtype), "shape": list(value.shape), "v": value.ravel().tolist()}
    if isinstance(value, pd.DataFrame):
        return {"$frame": frames(value)}
    if isinstance(value, pd.Series):
        name = value.name
        frame = value.to_frame(name="__series__")
        return {"$series": frames(frame), "name": encode(name, frames)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if not cls.__module__.startswith("analytics."):
            raise NotSerialisable(f"dataclass {cls.__qualname__} is not from analytics")
        fields = {
            f.name: encode(getattr(value, f.name), frames)
            for f in dataclasses.fields(value)
            if f.init
        }
        return {"$dc": f"{cls.__module__}:{cls.__qualname__}", "f": fields}
    raise NotSerialisable(f"values of type {type(value).__name__} are not stored")


def decode(obj: Any, frames: FrameReader) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(obj, list):
        return [decode(v, frames) for v in obj]
    if not isinstance(obj, dict):
        return obj
    if not obj or not next(iter(obj)).startswith("$"):
        return {k: decode(v, frames) for k, v in obj.items()}
    tag = next(iter(obj))
    body = obj[tag]
    if tag == "$tuple":
        return tuple(decode(v, frames) for v in body)
    if tag == "$dict":
        return {_hashable(decode(k, frames)): decode(v, frames) for k, v in body}
    if tag == "$set":
        return {_hashable(decode(v, frames)) for v in body}
    if tag == "$fset":
        return frozenset(_hashable(decode(v, frames)) for v in body)
    if tag == "$nat":
        return pd.NaT
    if tag == "$ts":
        ts = pd.Timestamp(body)
        if obj.get("tz"):
            ts = ts.tz_convert(obj["tz"])
        unit = obj.get("unit")
        return ts.as_unit(unit) if unit else ts
    if tag == "$td":
        return pd.Timedelta(body, unit="ns")
    if tag == "$dt":
        return dt.datetime.fromisoformat(body)
    if tag == "$date":
        return dt.date.fromisoformat(body)
    if tag == "$np":
        dtype = np.dtype(body)
        if dtype.kind in "mM":
            return np.array(obj["v"], dtype=dtype)[()]
        return dtype.type(obj["v"])
    if tag == "$nd":
        return np.array(obj["v"], dtype=np.dtype(body)).reshape(obj["shape"])
    if tag == "$frame":
        return frames(body)
    if tag == "$series":
        s = frames(body)["__series__"]
        s.name = decode(obj.get("name"), frames)
        return s
    if tag == "$dc":
        module, _, qual = body.partition(":")
        if not module.startswith("analytics."):
            raise NotSerialisable(f"refusing to build {body}")
        cls: Any = importlib.import_module(module)
        for part in qual.split("."):
            cls = getattr(cls, part)
        if not dataclasses.is_dataclass(cls):
            raise NotSerialisable(f"{body} is not a dataclass")
        return cls(**{k: decode(v, frames) for k, v in obj["f"].items()})
    return {k: decode(v, frames) for k, v in obj.items()}


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


# -- reports ------------------------------------------------------------------


def _report_json(report: ImportReport) -> Any:
    def no_frames(_f: pd.DataFrame) -> str:
        raise NotSerialisable("no frames inside a report")

    reasons = {
        k: {
            "code": r.code,
            "count": r.count,
            "rows": encode(tuple(r.rows), no_frames),
            "params": encode(dict(r.params), no_frames),
            "dropped": r.dropped,
        }
        for k, r in report.reasons.items()
    }
    return {
        "rows_read": report.rows_read,
        "rows_kept": report.rows_kept,
        "rows_dropped": report.rows_dropped,
        "rows_flagged": report.rows_flagged,
        "reasons": reasons,
        "notes": encode(tuple(report.notes), no_frames),
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "sheet": report.sheet,
        # the join report's summary; its rejected rows are stored beside it as Parquet
        "join": (
            None
            if report.join is None
            else encode(dataclasses.replace(report.join, rejected=None), no_frames)
        ),
    }


def _report_from(
    obj: dict[str, Any],
    rejected: pd.DataFrame | None,
    join_rejected: pd.DataFrame | None = None,
) -> ImportReport:
    def no_frames(_ref: str) -> pd.DataFrame:
        raise NotSerialisable("no frames inside a report")

    join = decode(obj["join"], no_frames) if obj.get("join") is not None else None
    if join is not None and join_rejected is not None:
        join = dataclasses.replace(join, rejected=join_rejected)

    reasons = {
        k: Reason(
            code=r["code"],
            count=r["count"],
            rows=decode(r["rows"], no_frames),
            params=decode(r["params"], no_frames),
            dropped=r["dropped"],
        )
        for k, r in obj["reasons"].items()
    }
    return ImportReport(
        rows_read=obj["rows_read"],
        rows_kept=obj["rows_kept"],
        rows_dropped=obj["rows_dropped"],
        rows_flagged=obj["rows_flagged"],
        reasons=reasons,
        notes=decode(obj["notes"], no_frames),
        rejected=rejected,
        encoding=obj.get("encoding"),
        delimiter=obj.get("delimiter"),
        sheet=obj.get("sheet"),
        join=join,
    )


# -- the store ----------------------------------------------------------------


def _dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


class Store:
    """All workspaces under one data directory.

    Parameters
    ----------
    root : path, optional
        The data directory; by default :func:`data_dir`.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else data_dir()
        self._ws_root = self.root / "ws"

    def path(self, ws_id: str) -> Path:
        """The folder of workspace ``ws_id`` (validated; always directly under ``<root>/ws``)."""
        ws_id = check_id(ws_id)
        base = self._ws_root.resolve()
        path = (base / ws_id).resolve()
        if path.parent != base:  # cannot happen with a valid ID; belt and braces
            raise WorkspaceError("invalid_id", "This workspace ID points outside the data folder.")
        return path

    def exists(self, ws_id: str) -> bool:
        try:
            return (self.path(ws_id) / "meta.json").is_file()
        except WorkspaceError:
            return False

    def create(self, ws_id: str | None = None, *, owner: str | None = None) -> Workspace:
        """Create a new empty workspace (a fresh random ID unless ``ws_id`` is given).

        ``owner`` (an opaque key of the logged-in user) ties it to that user.
        """
        ws_id = check_id(ws_id) if ws_id is not None else new_id()
        path = self.path(ws_id)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)  # other users: keep out
        path.mkdir(parents=True, exist_ok=True)
        ws = Workspace(self, ws_id, path)
        if not (path / "meta.json").is_file():
            now = time.time()
            _atomic_write(
                path / "meta.json",
                _dumps({"format": FORMAT, "created": now, "used": now, "owner": owner}).encode(),
            )
        return ws

    def open(self, ws_id: str) -> Workspace:
        """The existing workspace ``ws_id``; :class:`WorkspaceError` if malformed or unknown."""
        path = self.path(ws_id)
        if not (path / "meta.json").is_file():
            raise WorkspaceError(
                "unknown_id",
                "No workspace has this ID: it may have been deleted or expired. "
                "A new workspace was started.",
            )
        return Workspace(self, ws_id, path)

    def was_deleted(self, ws_id: str) -> bool:
        """Whether ``ws_id`` existed and was deleted or expired (a tombstone is kept for a year)."""
        try:
            return (self.root / "gone" / check_id(ws_id)).exists()
        except WorkspaceError:
            return False

    def delete(self, ws_id: str) -> bool:
        """Delete workspace ``ws_id`` and everything in it; False if it did not exist.

        A tombstone (an empty file named by the ID) is left, so a link to it later says
        "deleted or expired" rather than silently opening an empty workspace.
        """
        path = self.path(ws_id)
        if not path.exists():
            return False
        gone_dir = self.root / "gone"
        gone_dir.mkdir(parents=True, exist_ok=True)
        (gone_dir / ws_id).touch()
        trash = self.root / "trash"
        trash.mkdir(parents=True, exist_ok=True)
        gone = trash / f"{ws_id}.{secrets.token_hex(4)}"
        os.rename(path, gone)  # atomic: the workspace disappears in one step
        _fsync_dir(self._ws_root)
        shutil.rmtree(gone, ignore_errors=True)
        return True

    def ids(self) -> list[str]:
        """Every workspace ID (for housekeeping; never shown to users)."""
        if not self._ws_root.is_dir():
            return []
        return sorted(p.name for p in self._ws_root.iterdir() if _ID_RE.fullmatch(p.name))

    def housekeeping(
        self, expire_days: float | None = None, *, now: float | None = None, every: float = 3600.0
    ) -> list[str]:
        """Delete workspaces unused for ``expire_days`` days and crash leftovers; return deleted IDs.

        Runs at most once per ``every`` seconds per data directory (the time of
        the last run is the modification time of ``<root>/.housekeeping``).
        """
        now = time.time() if now is None else now
        stamp = self.root / ".housekeeping"
        try:
            if every and now - stamp.stat().st_mtime < every:
                return []
        except OSError:
            pass
        self.root.mkdir(parents=True, exist_ok=True)
        _atomic_write(stamp, str(now).encode())
        deleted = []
        shutil.rmtree(self.root / "trash", ignore_errors=True)
        gone_dir = self.root / "gone"
        if gone_dir.is_dir():
            for p in gone_dir.iterdir():
                try:
                    if now - p.stat().st_mtime > 400 * 86400:
                        p.unlink()
                except OSError:
                    pass
        for ws_id in self.ids():
            try:
                ws = self.open(ws_id)
            except WorkspaceError:
                continue
            if expire_days and expire_days > 0 and now - ws.last_used() > expire_days * 86400:
                if self.delete(ws_id):
                    deleted.append(ws_id)
                continue
            ws.collect_garbage(now=now)
        return deleted


class Workspace:
    """One workspace folder. Get one from :meth:`Store.open` or :meth:`Store.create`."""

    def __init__(self, store: Store, ws_id: str, path: Path) -> None:
        self.store = store
        self.id = ws_id
        self.path = path

    # -- meta ------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def owner(self) -> str | None:
        """The owner key given to :meth:`Store.create` (None: anyone with the ID)."""
        value = self.meta().get("owner")
        return str(value) if value else None

    def last_used(self) -> float:
        meta = self.meta()
        try:
            return max(float(meta.get("used", 0)), (self.path / "meta.json").stat().st_mtime)
        except OSError:
            return float(meta.get("used", 0))

    def touch(self, now: float | None = None) -> None:
        """Record that the workspace was used now (for expiry)."""
        meta = self.meta()
        meta["used"] = time.time() if now is None else now
        meta.setdefault("format", FORMAT)
        meta.setdefault("created", meta["used"])
        _atomic_write(self.path / "meta.json", _dumps(meta).encode())

    def size_bytes(self) -> int:
        """Bytes on disk used by this workspace."""
        return _dir_size(self.path)

    # -- frames inside values ----------------------------------------------------
    def write_frame(self, frame: pd.DataFrame) -> str:
        """Store ``frame`` once under its content hash; return the hash."""
        digest = frame_digest(frame)
        path = self.path / "frames" / f"{digest}.parquet"
        try:
            os.utime(path)  # reused: mark it young so housekeeping never collects it now
        except FileNotFoundError:
            _atomic_write(path, lambda fh: _write_frame(fh, frame))
        return digest

    def read_frame(self, digest: str) -> pd.DataFrame:
        if not re.fullmatch(r"[0-9a-f]{40}", str(digest)):
            raise ValueError(
                f"bad frame reference {digest!r}: expected the 40-hex-digit hash of a frame "
                "this workspace stored (write_frame returns it)"
            )
        return _read_frame(self.path / "frames" / f"{digest}.parquet")

    # -- items ---------------------------------------------------------------------
    def _item_path(self, name: str) -> Path:
        return self.path / "items" / (hashlib.sha256(name.encode()).hexdigest()[:40] + ".json")

    def encode_item(self, value: Any) -> tuple[str, str]:
        """``value`` encoded (frames written as needed): (JSON text, digest)."""
        text = _dumps(encode(value, self.write_frame))
        return text, hashlib.sha256(text.encode()).hexdigest()[:32]

    def put_item(self, name: str, value: Any) -> str:
        """Store one item atomically; return its digest. Raises :class:`NotSerialisable`."""
        text, digest = self.encode_item(value)
        self.write_encoded(name, text, digest)
        return digest

    def write_encoded(self, name: str, text: str, digest: str) -> None:
        body = '{"name":' + _dumps(name) + ',"digest":' + _dumps(digest) + ',"value":' + text + "}"
        _atomic_write(self._item_path(name), body.encode())

    def delete_item(self, name: str) -> None:
        path = self._item_path(name)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        _fsync_dir(path.parent)

    def _raw_items(self) -> Iterator[dict[str, Any]]:
        folder = self.path / "items"
        if not folder.is_dir():
            return
        for p in sorted(folder.iterdir()):
            if p.suffix != ".json" or p.name.startswith("."):
                continue
            try:
                obj = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # removed meanwhile by another tab
            if isinstance(obj, dict) and "name" in obj:
                yield obj

    def items(self) -> tuple[dict[str, tuple[Any, str]], list[str]]:
        """Every stored item: name -> (value, digest); and the names that could not be read."""
        out: dict[str, tuple[Any, str]] = {}
        bad: list[str] = []
        for obj in self._raw_items():
            try:
                out[obj["name"]] = (decode(obj["value"], self.read_frame), obj.get("digest", ""))
            except (
                OSError,
                EOFError,
                ValueError,
                TypeError,
                KeyError,
                AttributeError,
                ImportError,
                pa.ArrowException,
                pickle.PickleError,
            ):
                bad.append(obj["name"])
        return out, bad

    def get_item(self, name: str, default: Any = None) -> Any:
        try:
            obj = json.loads(self._item_path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return default
        return decode(obj["value"], self.read_frame)

    # -- datasets ------------------------------------------------------------------
    @staticmethod
    def dataset_key(fingerprint: str) -> str:
        """The folder name of a dataset: its fingerprint when that is a plain token, else its hash."""
        if _SAFE_KEY.fullmatch(fingerprint or ""):
            return fingerprint
        return "h" + hashlib.sha256(str(fingerprint).encode()).hexdigest()[:40]

    def has_dataset(self, key: str) -> bool:
        return (self.path / "datasets" / key / "meta.json").is_file()

    def save_dataset(self, ds: Dataset) -> str:
        """Store ``ds`` once (skipped when its fingerprint is already stored); return its key."""
        key = self.dataset_key(ds.fingerprint)
        if self.has_dataset(key):
            try:
                os.utime(self.path / "datasets" / key)  # reused: keep it from housekeeping
            except OSError:
                pass
            return key
        folder = self.path / "datasets"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        tmp.mkdir()
        try:
            files = {"frame.parquet": ds.frame}
            if ds.report.rejected is not None:
                files["rejected.parquet"] = ds.report.rejected
            join = ds.report.join
            if join is not None and getattr(join, "rejected", None) is not None:
                files["join_rejected.parquet"] = join.rejected
            formats = {}
            for name, frame in files.items():
                with open(tmp / name, "wb") as fh:
                    formats[name] = _write_frame(fh, frame)
                    fh.flush()
                    os.fsync(fh.fileno())
            (tmp / "report.json").write_text(_dumps(_report_json(ds.report)), encoding="utf-8")
            meta = {
                "format": FORMAT,
                "kind": ds.kind,
                "fingerprint": ds.fingerprint,
                "filename": ds.filename,
                "mapping": ds.mapping,
                "rows": len(ds.frame),
                "files": formats,
                "saved": time.time(),
            }
            # meta.json last: a folder without it is never read
            (tmp / "meta.json").write_text(_dumps(meta), encoding="utf-8")
            for name in ("report.json", "meta.json"):
                with open(tmp / name, "rb") as fh:
                    os.fsync(fh.fileno())
            _fsync_dir(tmp)
            try:
                os.rename(tmp, folder / key)
            except OSError:  # another tab stored the same dataset meanwhile
                if not self.has_dataset(key):
                    raise
                shutil.rmtree(tmp, ignore_errors=True)
            _fsync_dir(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return key

    def load_dataset(self, key: str) -> Dataset:
        """The dataset stored under ``key`` (frames, mapping and report exactly as saved)."""
        if not _SAFE_KEY.fullmatch(key) and not re.fullmatch(r"h[0-9a-f]{40}", key):
            raise ValueError(
                f"bad dataset key {key!r}: expected a key returned by save_dataset "
                "(letters, digits, _ and -)"
            )
        folder = self.path / "datasets" / key
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        frame = _read_frame(folder / "frame.parquet")
        rejected = (
            _read_frame(folder / "rejected.parquet")
            if (folder / "rejected.parquet").is_file()
            else None
        )
        join_rejected = (
            _read_frame(folder / "join_rejected.parquet")
            if (folder / "join_rejected.parquet").is_file()
            else None
        )
        report = _report_from(
            json.loads((folder / "report.json").read_text("utf-8")), rejected, join_rejected
        )
        return Dataset(
            kind=meta["kind"],
            frame=frame,
            mapping=dict(meta["mapping"]),
            report=report,
            fingerprint=meta["fingerprint"],
            filename=meta.get("filename", ""),
        )

    def load_datasets(self, keys: list[str], workers: int = 4) -> dict[str, Dataset | Exception]:
        """Load several datasets in parallel threads (pyarrow reads without the GIL)."""
        keys = list(dict.fromkeys(keys))
        if len(keys) <= 1:
            return {k: self._safe_load(k) for k in keys}
        with ThreadPoolExecutor(max_workers=min(workers, len(keys))) as pool:
            return dict(zip(keys, pool.map(self._safe_load, keys), strict=True))

    def _safe_load(self, key: str) -> Dataset | Exception:
        try:
            return self.load_dataset(key)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            pa.ArrowException,
            pickle.PickleError,
        ) as e:
            return e

    # -- housekeeping ----------------------------------------------------------------
    def collect_garbage(self, *, now: float | None = None, min_age: float = _TMP_AGE) -> int:
        """Remove crash leftovers and stored frames / datasets no item refers to.

        Only files older than ``min_age`` seconds are removed, so a save in
        progress in another tab is never disturbed. Returns the number removed.
        """
        now = time.time() if now is None else now
        texts = [_dumps(obj.get("value")) for obj in self._raw_items()]
        joined = "\n".join(texts)
        removed = 0

        def old(p: Path) -> bool:
            try:
                return now - p.stat().st_mtime > min_age
            except OSError:
                return False

        for sub in ("items", "frames", "datasets", "."):
            folder = self.path / sub
            if not folder.is_dir():
                continue
            for p in folder.iterdir():
                if p.name.endswith(".tmp") and old(p):
                    shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(True)
                    removed += 1
        frames = self.path / "frames"
        if frames.is_dir():
            for p in frames.glob("*.parquet"):
                if p.stem not in joined and old(p):
                    p.unlink(missing_ok=True)
                    removed += 1
        datasets = self.path / "datasets"
        if datasets.is_dir():
            for p in datasets.iterdir():
                if not p.name.startswith(".") and f'"{p.name}"' not in joined and old(p):
                    shutil.rmtree(p, ignore_errors=True)
                    removed += 1
        return removed
