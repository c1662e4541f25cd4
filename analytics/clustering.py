"""k-means layering of customers on log-transformed, standardised R, F, M.

Definitions: the features are ``log1p(recency_days)``, ``log1p(frequency)``
and ``log1p(monetary)``, each standardised to mean 0 and standard deviation
1. ``k`` is chosen by the best silhouette over 2..8, computed on a seeded
sample of customers. Clusters are renamed deterministically from their
centroids: cluster 1 has the highest value (frequency + spend), and each
gets a name such as ``"High value, recent"`` from the ranks of its centroid,
so names never shuffle between runs or with the row order of the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

from analytics.messages import AnalyticsError

__all__ = [
    "CLUSTER_NAMES",
    "KSearch",
    "CustomerClusters",
    "rfm_features",
    "search_k",
    "silhouette",
    "cluster_customers",
]

VALUE_LEVELS = ("high", "mid", "low")
ACTIVITY_LEVELS = ("recent", "cooling", "lapsed")
# name key -> English name; the app translates ``segments.cluster.<key>``.
CLUSTER_NAMES: dict[str, str] = {
    f"{v}_{a}": f"{v.capitalize()} value, {a}" for v in VALUE_LEVELS for a in ACTIVITY_LEVELS
}

_FEATURES = ("recency_days", "frequency", "monetary")


def rfm_features(table: pd.DataFrame) -> np.ndarray:
    """``log1p`` of R, F, M, standardised (mean 0, sd 1; a constant column stays 0).

    ``table`` needs ``recency_days``, ``frequency``, ``monetary`` with no
    missing or negative values (score only customers with positive spend).
    """
    missing = [c for c in _FEATURES if c not in table.columns]
    if missing:
        raise AnalyticsError("analytics.clustering.rfm_columns", missing=", ".join(missing))
    x = np.column_stack([table[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in _FEATURES])
    if np.isnan(x).any() or (x < 0).any():
        raise AnalyticsError("analytics.clustering.kmeans_values")
    x = np.log1p(x)
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0
    return (x - mu) / sd


def _keys(table: pd.DataFrame) -> list[np.ndarray]:
    return [table[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in _FEATURES]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-spread 64-bit hash of each value (wraps on purpose)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _canonical_sample(table: pd.DataFrame, size: int, random_state: int) -> np.ndarray:
    """Positions of up to ``size`` rows, chosen and ordered by the data alone.

    Rows are ordered by (R, F, M): rows with equal values have equal features,
    so their relative order cannot change any k-means result, and the result
    never depends on how the rows came in. With more rows than ``size``, the
    rows kept are those with the smallest seeded hash of their (R, F, M)
    values (linear time, no sort of every customer).
    """
    keys = _keys(table)
    n = len(table)
    if n > size:
        h = np.full(n, np.uint64(random_state) * np.uint64(0x9E3779B97F4A7C15), dtype=np.uint64)
        for k in keys:
            h = _mix(h ^ k.view(np.uint64))
        pick = np.argpartition(h, size - 1)[:size]
    else:
        pick = np.arange(n)
    return pick[np.lexsort([k[pick] for k in reversed(keys)])]


def _distinct(x: np.ndarray) -> int:
    return len(pd.DataFrame(x).drop_duplicates()) if len(x) else 0


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette from a precomputed distance matrix (as ``sklearn.metrics.silhouette_score``).

    For each point, a = mean distance to the other members of its cluster,
    b = smallest mean distance to another cluster, s = (b - a) / max(a, b),
    and s = 0 for a point alone in its cluster. One matrix product per call,
    so the distances are computed once for every k.
    """
    labels = np.asarray(labels)
    _, lab = np.unique(labels, return_inverse=True)
    k = int(lab.max()) + 1 if len(lab) else 0
    if k < 2:
        return float("nan")
    n = len(lab)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), lab] = 1.0
    sums = distances @ onehot
    counts = onehot.sum(axis=0)
    own = counts[lab]
    a = sums[np.arange(n), lab] / np.maximum(own - 1, 1)
    other = sums / counts
    other[np.arange(n), lab] = np.inf
    b = other.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(np.nan_to_num(s).mean())


# ---- the segments page's cluster views (issue 15 item 2)


def scatter_points(
    scored: pd.DataFrame, names: pd.Series, most: int, random_state: int = 0
) -> pd.DataFrame:
    """Recency (float days), monetary and cluster ``label`` per customer (``names`` aligned by
    position), a random sample of ``most`` rows when there are more."""
    pts = scored[["recency_days", "monetary"]].assign(label=pd.Series(names).to_numpy())
    pts["recency_days"] = pts["recency_days"].astype("float64")
    if len(pts) > most:
        pts = pts.sample(n=most, random_state=random_state)
    return pts.reset_index(drop=True)


def cross_counts(
    rows: pd.Series, cols: pd.Series, row_order: list, col_order: list
) -> pd.DataFrame:
    """Customers by (row value, column value), rows in ``row_order``, columns those of
    ``col_order`` that occur (in that order)."""
    cross = pd.crosstab(rows, cols).reindex(index=row_order)
    return cross[[c for c in col_order if c in cross.columns]]


def _sample(n: int, size: int, random_state: int) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n, size=size, replace=False))


@dataclass(frozen=True)
class KSearch:
    """Elbow and silhouette curves: ``curve`` has ``k``, ``inertia``, ``silhouette``."""

    curve: pd.DataFrame
    best_k: int
    sample_size: int
    n_customers: int
    silhouette_size: int = 0


def search_k(
    table: pd.DataFrame,
    k_range: range | tuple[int, ...] = range(2, 9),
    *,
    sample_size: int = 5_000,
    silhouette_size: int = 2_000,
    random_state: int = 0,
    n_init: int = 3,
) -> KSearch:
    """Fit k-means for each k on a seeded sample; return inertia and silhouette per k.

    k-means is fitted on up to ``sample_size`` customers; the silhouette (an
    O(n^2) measure) is computed on a seeded subset of ``silhouette_size`` of
    them, the same subset for every k. ``best_k`` is the k with the highest silhouette (the smallest k on ties).
    Needs at least 3 customers; ks not below the number of distinct customers
    are skipped.
    """
    x_all = rfm_features(table)
    n = len(x_all)
    x = x_all[_canonical_sample(table, sample_size, random_state)]
    distinct = _distinct(x)
    ks = [int(k) for k in k_range if 2 <= k < distinct]
    sil_idx = _sample(len(x), silhouette_size, random_state + 1)
    dist = cdist(x[sil_idx], x[sil_idx])
    if not ks:
        raise AnalyticsError("analytics.clustering.kmeans_few")
    rows = []
    # a few thousand 3-d points: one thread is fastest (OpenMP threads only
    # contend, badly so on a busy machine)
    with threadpool_limits(limits=1):
        for k in ks:
            km = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(x)
            sil = silhouette(dist, km.labels_[sil_idx])
            rows.append((k, float(km.inertia_), sil))
    curve = pd.DataFrame(rows, columns=["k", "inertia", "silhouette"])
    best = curve.loc[curve["silhouette"].fillna(-2).idxmax(), "k"]
    return KSearch(
        curve=curve,
        best_k=int(best),
        sample_size=len(x),
        n_customers=n,
        silhouette_size=len(sil_idx),
    )


@dataclass(frozen=True)
class CustomerClusters:
    """Result of :func:`cluster_customers`.

    ``labels``: Series indexed like the input table, cluster number 1..k.
    ``profile``: one row per cluster: ``cluster``, ``name_key``, ``name``,
    ``customers``, ``share``, ``revenue``, ``revenue_share``, mean and median
    ``recency_days``, ``frequency``, ``monetary`` (original units).
    ``search``: the k search (None when k was given).
    """

    k: int
    labels: pd.Series
    profile: pd.DataFrame
    search: KSearch | None
    fit_size: int

    def names(self) -> dict[int, str]:
        return dict(zip(self.profile["cluster"], self.profile["name_key"], strict=True))


def _levels(values: np.ndarray, labels: tuple[str, ...]) -> list[str]:
    """Assign each centroid a level by its rank (top third -> first label ...)."""
    k = len(values)
    order = np.argsort(-values, kind="stable")
    out = [""] * k
    for rank, i in enumerate(order):
        # spread the ranks over the labels: k = 2 -> first and last, k = 3 -> all three
        out[i] = labels[round(rank * (len(labels) - 1) / max(k - 1, 1))]
    return out


def cluster_customers(
    table: pd.DataFrame,
    k: int | None = None,
    *,
    random_state: int = 0,
    n_init: int = 3,
    sample_size: int = 5_000,
    fit_size: int = 20_000,
    k_range: range | tuple[int, ...] = range(2, 9),
) -> CustomerClusters:
    """k-means on log1p-standardised R, F, M with deterministic cluster numbers and names.

    Parameters
    ----------
    table
        An RFM table of scorable customers (``recency_days``, ``frequency``,
        ``monetary``, optionally ``net_spend`` for revenue shares), indexed by
        customer.
    k
        Number of clusters; ``None`` chooses it with :func:`search_k`.
    random_state, n_init
        Passed to :class:`sklearn.cluster.KMeans` (same data, same clusters).
    sample_size
        Customers used for the silhouette search.
    fit_size
        With more customers than this, the centres are fitted on a seeded
        sample of this size and every customer is assigned to its nearest
        centre.

    Returns
    -------
    CustomerClusters
        Cluster 1 has the highest value (mean of standardised log F and log M
        of its centre), ties broken by recency. Names combine a value level
        (high / mid / low, by rank of that centre value) and an activity level
        (recent / cooling / lapsed, by rank of the centre's recency).
    """
    search = None
    if k is None:
        search = search_k(
            table, k_range, sample_size=sample_size, random_state=random_state, n_init=n_init
        )
        k = search.best_k
    k = int(k)
    x_all = rfm_features(table)
    n = len(x_all)
    fit_pos = _canonical_sample(table, fit_size, random_state)
    distinct = _distinct(x_all[fit_pos])
    if k < 2 or k > distinct:
        raise AnalyticsError("analytics.clustering.kmeans_k", distinct=distinct, k=k)
    with threadpool_limits(limits=1):
        km = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(x_all[fit_pos])
        if n > len(fit_pos):
            raw = km.predict(x_all)
        else:
            raw = np.empty(n, dtype=np.int64)
            raw[fit_pos] = km.labels_
    centres = km.cluster_centers_
    value = (centres[:, 1] + centres[:, 2]) / 2
    recency = centres[:, 0]
    rank = np.lexsort([recency, -value])  # best value first, then most recent
    relabel = np.empty(k, dtype=np.int64)
    relabel[rank] = np.arange(1, k + 1)
    labels = relabel[raw]
    vl = _levels(value, VALUE_LEVELS)
    al = _levels(-recency, ACTIVITY_LEVELS)
    name_key = {int(relabel[i]): f"{vl[i]}_{al[i]}" for i in range(k)}
    lab = pd.Series(labels, index=table.index, name="cluster")
    prof = _cluster_profile(table, labels, k, name_key)
    return CustomerClusters(k=k, labels=lab, profile=prof, search=search, fit_size=len(fit_pos))


def _cluster_profile(
    table: pd.DataFrame, labels: np.ndarray, k: int, name_key: dict[int, str]
) -> pd.DataFrame:
    """Per cluster: customers, share, revenue and its share, R/F/M means and medians, name."""
    n = len(table)
    spend = (
        table["net_spend"].to_numpy(dtype=np.float64)
        if "net_spend" in table.columns
        else table["monetary"].to_numpy(dtype=np.float64)
    )
    df = pd.DataFrame(
        {
            "cluster": labels,
            "recency_days": table["recency_days"].to_numpy(dtype=np.float64),
            "frequency": table["frequency"].to_numpy(dtype=np.float64),
            "monetary": table["monetary"].to_numpy(dtype=np.float64),
            "spend": spend,
        }
    )
    g = df.groupby("cluster")
    prof = pd.DataFrame({"customers": g.size(), "revenue": g["spend"].sum()})
    for c in _FEATURES:
        prof[f"{c}_mean"] = g[c].mean()
        prof[f"{c}_median"] = g[c].median()
    prof = prof.reindex(range(1, k + 1)).fillna({"customers": 0, "revenue": 0.0})
    prof["customers"] = prof["customers"].astype(np.int64)
    prof.insert(1, "share", prof["customers"] / max(n, 1))
    total = spend.sum()
    prof.insert(3, "revenue_share", prof["revenue"] / total if total else np.nan)
    _insert_names(prof, k, name_key)
    prof.index.name = "cluster"
    return prof.reset_index()


def _insert_names(prof: pd.DataFrame, k: int, name_key: dict[int, str]) -> None:
    """Name key, name and suffix columns: the same name twice is numbered in cluster order."""
    seen: dict[str, int] = {}
    suffix: dict[int, int] = {}
    for c in range(1, k + 1):
        key = name_key[c]
        seen[key] = seen.get(key, 0) + 1
        suffix[c] = seen[key]
    dup = {key for key, cnt in seen.items() if cnt > 1}
    prof.insert(0, "name_key", [name_key[c] for c in range(1, k + 1)])
    prof.insert(
        1,
        "name",
        [
            CLUSTER_NAMES[name_key[c]] + (f" ({suffix[c]})" if name_key[c] in dup else "")
            for c in range(1, k + 1)
        ],
    )
    prof.insert(2, "suffix", [suffix[c] if name_key[c] in dup else 0 for c in range(1, k + 1)])
