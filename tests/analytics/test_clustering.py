"""k-means layering: features, k search, determinism, stable names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from analytics import clustering as cl


def _blobs(n_per: int = 300, seed: int = 0) -> pd.DataFrame:
    """Three clear groups in log space: loyal big spenders, recent one-timers, lapsed small."""
    rng = np.random.default_rng(seed)
    groups = [
        (5, 20, 3000),  # recency days, orders, spend
        (10, 1, 40),
        (300, 2, 60),
    ]
    rows = []
    for r, f, m in groups:
        rows.append(
            pd.DataFrame(
                {
                    "recency_days": np.maximum(1, np.round(r * np.exp(rng.normal(0, 0.1, n_per)))),
                    "frequency": np.maximum(1, np.round(f * np.exp(rng.normal(0, 0.1, n_per)))),
                    "monetary": m * np.exp(rng.normal(0, 0.1, n_per)),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out["net_spend"] = out["monetary"]
    out.index = pd.Index([f"C{i:05d}" for i in range(len(out))], name="customer_id")
    return out


def test_features_are_log1p_standardised():
    table = pd.DataFrame(
        {"recency_days": [1, 3, 7], "frequency": [1, 1, 1], "monetary": [10.0, 100.0, 1000.0]}
    )
    x = cl.rfm_features(table)
    r = np.log1p([1, 3, 7])
    assert x[:, 0] == pytest.approx((r - r.mean()) / r.std())
    assert x[:, 1] == pytest.approx([0, 0, 0])  # a constant column stays 0
    assert x.mean(axis=0) == pytest.approx([0, 0, 0], abs=1e-12)


def test_features_refuse_negative_or_missing():
    bad = pd.DataFrame({"recency_days": [1, 2], "frequency": [1, 1], "monetary": [10.0, -5.0]})
    with pytest.raises(ValueError, match="positive net spend"):
        cl.rfm_features(bad)
    with pytest.raises(ValueError, match="monetary"):
        cl.rfm_features(bad.drop(columns="monetary"))


def test_search_finds_three_clear_groups():
    s = cl.search_k(_blobs())
    assert s.curve["k"].tolist() == list(range(2, 9))
    assert s.best_k == 3
    assert s.curve.set_index("k")["silhouette"].idxmax() == 3
    # inertia falls as k grows (the elbow curve)
    assert (np.diff(s.curve["inertia"]) < 0).all()


def test_clusters_are_ranked_and_named_from_centroids():
    table = _blobs()
    res = cl.cluster_customers(table)
    assert res.k == 3
    prof = res.profile.set_index("cluster")
    # cluster 1 = the big spenders, named high value and recent
    assert prof.loc[1, "name_key"] == "high_recent"
    assert prof.loc[1, "name"] == "High value, recent"
    assert prof.loc[1, "frequency_mean"] > 10
    assert prof["customers"].tolist() == [300, 300, 300]
    assert prof["revenue"].sum() == pytest.approx(table["net_spend"].sum())
    assert prof["share"].sum() == pytest.approx(1)
    # every customer of a blob is in the same cluster
    lab = res.labels.to_numpy()
    for g in range(3):
        assert len(set(lab[g * 300 : (g + 1) * 300])) == 1
    lapsed = lab[600]
    assert prof.loc[lapsed, "name_key"].endswith("lapsed")
    # medians in original units
    assert prof.loc[1, "monetary_median"] == pytest.approx(
        table["monetary"][res.labels == 1].median()
    )


def test_same_input_same_clusters_twice():
    table = _blobs(seed=4)
    a = cl.cluster_customers(table, k=5)
    b = cl.cluster_customers(table, k=5)
    assert_series_equal(a.labels, b.labels)
    assert_frame_equal(a.profile, b.profile)


@pytest.mark.parametrize("fit_size", [50_000, 400], ids=["fit-all", "fit-sample"])
def test_names_do_not_depend_on_row_order(fit_size):
    rng = np.random.default_rng(11)
    n = 1200
    table = pd.DataFrame(
        {
            "recency_days": rng.integers(1, 365, n),
            "frequency": rng.geometric(0.4, n),
            "monetary": rng.gamma(1.5, 80.0, n),
        },
        index=pd.Index([f"U{i}" for i in range(n)], name="customer_id"),
    )
    a = cl.cluster_customers(table, k=4, fit_size=fit_size)
    shuffled = table.sample(frac=1, random_state=5)
    b = cl.cluster_customers(shuffled, k=4, fit_size=fit_size)
    assert_series_equal(a.labels, b.labels.loc[a.labels.index])
    assert_frame_equal(a.profile, b.profile)
    assert a.fit_size == min(fit_size, n)


def test_duplicate_names_are_numbered():
    table = _blobs()
    res = cl.cluster_customers(table, k=8)
    names = res.profile["name"].tolist()
    assert len(set(names)) == len(names)
    assert all(k in cl.CLUSTER_NAMES for k in res.profile["name_key"])


def test_bad_k():
    table = _blobs(n_per=5)
    with pytest.raises(ValueError, match="k must be between 2"):
        cl.cluster_customers(table, k=1)
    tiny = table.iloc[:2]
    with pytest.raises(ValueError, match="at least 3 customers"):
        cl.search_k(tiny)


def test_silhouette_equals_scikit_learn():
    from scipy.spatial.distance import cdist
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 3))
    labels = rng.integers(0, 4, 300)
    labels[0] = 9  # a cluster of one point
    got = cl.silhouette(cdist(x, x), labels)
    assert got == pytest.approx(silhouette_score(x, labels), abs=1e-12)
    assert np.isnan(cl.silhouette(cdist(x, x), np.zeros(300, dtype=int)))
