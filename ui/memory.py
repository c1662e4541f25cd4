"""Bounded server memory (issue 16 item 5).

The budget, stated:

* every ``st.cache_data`` entry of all sessions together is at most ``server.maxCacheDataSize``
  serialized bytes (``.streamlit/config.toml``: 512 MB; least recently used evicted first);
* analysis results (``ui.widgets.cached``) expire after ``$SHOPOPS_CACHE_TTL`` seconds
  (default 3600) without use;
* a closed tab's session (its datasets) is dropped ``server.disconnectedSessionTTL`` seconds
  after it disconnects (60; the janitor makes Streamlit forget expired sessions even when
  nobody else connects);
* when the last session has gone, this module's janitor clears the data caches; every
  ``PERIOD`` seconds it also collects garbage and hands freed memory back to the system
  (Arrow's pool and glibc's ``malloc_trim``), so the process shrinks back after sessions end.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import threading
import time

import streamlit as st

__all__ = ["CACHE_TTL", "PERIOD", "start", "release"]

_log = logging.getLogger(__name__)


def _ttl() -> float:
    try:
        return max(60.0, float(os.environ.get("SHOPOPS_CACHE_TTL", "3600")))
    except ValueError:
        return 3600.0


CACHE_TTL = _ttl()
# how often the janitor looks (seconds); tests shorten it with SHOPOPS_JANITOR_PERIOD
try:
    PERIOD = max(1.0, float(os.environ.get("SHOPOPS_JANITOR_PERIOD", "20")))
except ValueError:
    PERIOD = 20.0


def _active_sessions() -> int | None:
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        return Runtime.instance()._session_mgr.num_active_sessions()
    except Exception:  # an internal API: without it the janitor only trims memory
        return None


def _expire_disconnected() -> int:
    """Drop closed tabs' sessions whose ``disconnectedSessionTTL`` has passed.

    Streamlit keeps them in a TTL cache that only forgets expired entries when something is
    written to it, so the sessions of the last users to leave (and their datasets) would
    stay in memory until someone else connects. Returns how many were dropped.
    """
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return 0
        mgr = Runtime.instance()._session_mgr
        cache = getattr(getattr(mgr, "_session_storage", None), "_cache", None)
        if cache is None or not hasattr(cache, "expire"):
            return 0
        with getattr(mgr, "_storage_lock", None) or contextlib.nullcontext():
            return len(cache.expire())
    except Exception as err:  # an internal API: without it sessions go at the next connect
        _log.debug("could not expire disconnected sessions: %r", err)
        return 0


def release() -> None:
    """Collect garbage and return freed memory to the operating system."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # older pyarrow
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        pass


def _loop(period: float) -> None:
    seen = 0
    while True:
        time.sleep(period)
        try:
            dropped = _expire_disconnected()
            n = _active_sessions()
            if n == 0 and seen > 0:
                st.cache_data.clear()  # nobody left: nothing worth keeping
                _log.info("no sessions left: data caches cleared")
            if n is not None:
                seen = n
            if dropped:
                _log.info("%d closed sessions released", dropped)
            release()
        except Exception as err:  # the janitor must never die
            _log.warning("memory janitor: %r", err)


_started = threading.Lock()  # process-wide (not session data): held once the janitor runs


def start(period: float = PERIOD) -> bool:
    """Start the janitor thread once per server process; True if this call started it."""
    if not _started.acquire(blocking=False):
        return False
    thread = threading.Thread(target=_loop, args=(period,), name="shopops-janitor", daemon=True)
    thread.start()
    return True
