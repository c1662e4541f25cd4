"""Long-tailed durations in human buckets (minutes, hours, days).

A time to convert runs from seconds to weeks: on a linear axis nearly everyone
falls into the first bar. :func:`duration_buckets` counts durations in buckets
whose edges are round human spans (1, 5, 15 minutes; 1, 3, 12 hours; 1, 3, 7,
30 days), roughly even on a log scale, so both the quick and the slow converters
show. No streamlit here; labels are made by the UI in the user's language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["EDGES", "duration_buckets"]

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
# bucket edges in seconds; the last bucket is open (>= 30 days)
EDGES: tuple[float, ...] = (
    0.0,
    MINUTE,
    5 * MINUTE,
    15 * MINUTE,
    HOUR,
    3 * HOUR,
    12 * HOUR,
    DAY,
    3 * DAY,
    7 * DAY,
    30 * DAY,
    np.inf,
)


def duration_buckets(seconds: np.ndarray | pd.Series) -> pd.DataFrame:
    """Count durations per bucket ``[lo, hi)`` of :data:`EDGES`.

    Returns one row per bucket from the first to the last non-empty one (empty
    buckets between them stay, with 0), columns ``lo``, ``hi`` (seconds; ``hi`` is
    inf for the open last bucket), ``users`` and ``share`` (of all counted).
    Missing and negative durations are not counted. An empty input gives no rows.
    """
    s = np.asarray(seconds, dtype=float)
    s = s[np.isfinite(s) & (s >= 0)]
    edges = np.asarray(EDGES)
    counts = np.bincount(np.searchsorted(edges, s, side="right") - 1, minlength=len(edges) - 1)
    counts = counts[: len(edges) - 1]
    out = pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "users": counts.astype("int64")})
    nonzero = np.flatnonzero(counts)
    if not len(nonzero):
        return out.iloc[0:0].reset_index(drop=True)
    out = out.iloc[nonzero[0] : nonzero[-1] + 1].reset_index(drop=True)
    out["share"] = out["users"] / len(s)
    return out
