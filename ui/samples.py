"""The bundled sample data: its files, loaded through ingest, and one-click loading into a session."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import streamlit as st

from analytics.schema import KINDS, Dataset, IngestError, Kind
from ui import state
from ui.i18n import error_text, t

__all__ = ["SAMPLE_DIR", "SAMPLE_FILES", "TAOBAO_FILE", "load_samples", "load_samples_into_session"]

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data"
SAMPLE_FILES: dict[Kind, Path] = {kind: SAMPLE_DIR / f"{kind}.csv" for kind in KINDS}
# A small Taobao-style order export (Chinese headers, GBK) for import demos.
TAOBAO_FILE = SAMPLE_DIR / "taobao_orders_gbk.csv"


def _stamp(kinds: tuple[Kind, ...]) -> tuple[tuple[str, str, int, int], ...]:
    """(kind, path, size, mtime) of each file: a cheap cache key that changes when a file does."""
    out = []
    for kind in kinds:
        path = SAMPLE_FILES[kind]
        try:
            st_ = path.stat()
            out.append((kind, str(path), st_.st_size, st_.st_mtime_ns))
        except OSError:
            out.append((kind, str(path), -1, -1))
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=16)
def _load_one(kind: str, path: str, size: int, mtime_ns: int) -> Dataset:
    from analytics.ingest import load

    return load(Path(path), kind=kind)


def load_samples(kinds: Iterable[Kind] | None = None) -> list[Dataset]:
    """The sample datasets (all five kinds, or ``kinds``), each read by ``analytics.ingest.load``.

    Cached by the files' sizes and modification times, so regenerating a file
    reloads it and an unchanged file is never read twice. Raises ``OSError``
    when a file is missing and ``IngestError`` when one cannot be used.
    """
    wanted = tuple(KINDS if kinds is None else (k for k in KINDS if k in set(kinds)))
    stamps = _stamp(wanted)
    for kind, path, size, _ in stamps:
        if size < 0:
            raise FileNotFoundError(f"Sample file for {kind} not found: {path}")
    return [_load_one(*stamp) for stamp in stamps]


def load_samples_into_session(kinds: Iterable[Kind] | None = None) -> int:
    """Add the sample datasets to this session (each becomes active for its kind).

    Returns how many were added. A missing or unreadable file is shown as an
    ``st.error`` in the user's language and skipped; the others still load.
    """
    wanted = tuple(KINDS if kinds is None else (k for k in KINDS if k in set(kinds)))
    added = 0
    for kind in wanted:
        path = SAMPLE_FILES[kind]
        try:
            (ds,) = load_samples((kind,))
        except FileNotFoundError:
            st.error(t("samples.missing", file=path.name))
            continue
        except IngestError as err:
            st.error(
                t(
                    "samples.failed",
                    file=path.name,
                    error=t(f"ingest.error.{err.code}", **err.params),
                )
            )
            continue
        except (OSError, ValueError) as err:
            st.error(t("samples.failed", file=path.name, error=error_text(err)))
            continue
        state.add_dataset(ds)
        added += 1
    return added
