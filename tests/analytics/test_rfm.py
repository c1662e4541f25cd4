"""RFM table, scores, segments and movement, checked by hand and against plain pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from analytics import rfm


def _orders(rows, with_return=True) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["order_id", "customer_id", "order_time", "amount", "is_return"]
    )
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    frame["amount"] = frame["amount"].astype(float)
    return frame if with_return else frame.drop(columns="is_return")


@pytest.fixture
def tiny() -> pd.DataFrame:
    """A worked example; last order 2024-01-10, so the default analysis date is 2024-01-11."""
    return _orders(
        [
            ("O1", "A", "2024-01-01 09:00", 10.0, False),
            ("O1", "A", "2024-01-01 09:00", 20.0, False),
            ("O2", "A", "2024-01-05 18:30", 50.0, False),
            ("O2", "A", "2024-01-06 10:00", -20.0, True),  # partial refund of O2
            ("O3", "B", "2024-01-10 23:59", 100.0, False),
            ("O4", "C", "2024-01-02 08:00", 30.0, False),
            ("O5", "C", "2024-01-02 20:00", 40.0, False),  # same day, second order
            ("O6", "D", "2024-01-03 12:00", 25.0, False),
            ("O7", "D", "2024-01-04 12:00", -25.0, True),  # full refund: net 0
            ("O8", "E", "2024-01-07 12:00", -15.0, True),  # only a return
            ("O9", None, "2024-01-08 12:00", 90.0, False),  # no customer id
            ("O9", None, "2024-01-08 12:00", 9.0, False),
            ("O10", "  ", "2024-01-09 12:00", 5.0, False),  # blank customer id
        ]
    )


def test_tiny_table_every_number(tiny):
    res = rfm.customer_rfm(tiny)
    assert res.as_of == pd.Timestamp("2024-01-11")
    assert res.lines_without_customer == 3
    assert res.orders_without_customer == 2
    tab = res.table
    assert list(tab.index) == ["A", "B", "C", "D", "E"]
    assert tab.index.name == "customer_id"
    expected = pd.DataFrame(
        {
            "recency_days": pd.array([6, 1, 9, 8, pd.NA], dtype="Int64"),
            "frequency": [2, 1, 2, 1, 0],
            "monetary": [60.0, 100.0, 70.0, 0.0, -15.0],
            "orders": [2, 1, 2, 1, 0],
            "net_spend": [60.0, 100.0, 70.0, 0.0, -15.0],
            "first_order": pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-10 23:59",
                    "2024-01-02 08:00",
                    "2024-01-03 12:00",
                    None,
                ]
            ).as_unit("ns"),
            "last_order": pd.to_datetime(
                [
                    "2024-01-05 18:30",
                    "2024-01-10 23:59",
                    "2024-01-02 20:00",
                    "2024-01-03 12:00",
                    None,
                ]
            ).as_unit("ns"),
            "tenure_days": pd.array([10, 1, 9, 8, pd.NA], dtype="Int64"),
        },
        index=pd.Index(["A", "B", "C", "D", "E"], name="customer_id"),
    )
    assert_frame_equal(tab, expected, check_index_type=False)
    # net spend 0 or below, or no purchase: kept apart from scores
    assert list(res.scorable[res.scorable].index) == ["A", "B", "C"]


def test_options_days_and_average_order_value(tiny):
    tab = rfm.rfm_table(tiny, frequency="days", monetary="aov")
    assert tab.loc["C", "frequency"] == 1  # two orders on one day
    assert tab.loc["A", "frequency"] == 2
    assert tab.loc["A", "monetary"] == pytest.approx(60.0 / 2)
    assert tab.loc["C", "monetary"] == pytest.approx(70.0 / 2)  # AOV uses orders, not days
    assert np.isnan(tab.loc["E", "monetary"])


def test_as_of_cuts_later_lines(tiny):
    res = rfm.customer_rfm(tiny, as_of="2024-01-06 15:00")  # time of day ignored
    tab = res.table
    assert res.as_of == pd.Timestamp("2024-01-06")
    assert list(tab.index) == ["A", "C", "D"]
    assert tab.loc["A", "net_spend"] == 80.0  # the refund of 01-06 is not yet counted
    assert tab.loc["A", "recency_days"] == 1
    assert tab.loc["C", "recency_days"] == 4
    assert tab.loc["D", "net_spend"] == 0.0
    assert res.lines_without_customer == 0
    assert res.lines_after_as_of == 6


def test_without_is_return_column_negative_lines_are_not_purchases(tiny):
    no_flag = tiny.drop(columns="is_return")
    tab = rfm.rfm_table(no_flag)
    assert tab.loc["A", "frequency"] == 2
    assert tab.loc["A", "recency_days"] == 6
    assert tab.loc["E", "frequency"] == 0


def test_without_order_id_each_line_is_an_order(tiny):
    tab = rfm.rfm_table(tiny.drop(columns="order_id"))
    assert tab.loc["A", "frequency"] == 3  # O1's two lines count twice


def test_row_order_and_categorical_ids_do_not_matter(tiny):
    base = rfm.rfm_table(tiny)
    shuffled = tiny.sample(frac=1, random_state=3).reset_index(drop=True)
    assert_frame_equal(rfm.rfm_table(shuffled), base)
    cat = tiny.assign(
        customer_id=tiny["customer_id"].astype("category"),
        order_id=tiny["order_id"].astype("category"),
    )
    assert_frame_equal(rfm.rfm_table(cat), base, check_index_type=False)


def test_id_storage_does_not_matter(tiny):
    """Arrow strings in one or several chunks (ingest, Parquet) and Python objects agree."""
    base = rfm.rfm_table(tiny)
    assert tiny["customer_id"].dtype.storage == "pyarrow"
    chunked = pd.concat([tiny.iloc[:4], tiny.iloc[4:9], tiny.iloc[9:]], ignore_index=True)
    assert pa.array(chunked["customer_id"].array).num_chunks == 3
    assert_frame_equal(rfm.rfm_table(chunked), base)
    obj = tiny.assign(
        customer_id=tiny["customer_id"].astype(object), order_id=tiny["order_id"].astype(object)
    )
    assert_frame_equal(rfm.rfm_table(obj), base, check_index_type=False)


def test_order_spanning_two_customers_counts_for_each():
    frame = _orders(
        [
            ("O1", "A", "2024-01-01", 10.0, False),
            ("O1", "B", "2024-01-01", 10.0, False),
            ("O2", "A", "2024-01-02", 10.0, False),
        ]
    )
    tab = rfm.rfm_table(frame)
    assert tab["frequency"].to_dict() == {"A": 2, "B": 1}


def test_input_frame_is_not_mutated(tiny):
    before = tiny.copy()
    rfm.analyse(tiny)
    assert_frame_equal(tiny, before)


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (lambda f: f.drop(columns="customer_id"), "customer_id"),
        (lambda f: f.drop(columns=["amount", "order_time"]), "order_time, amount"),
    ],
    ids=["no-customer", "no-amount-time"],
)
def test_missing_columns_say_what_to_map(tiny, bad, match):
    with pytest.raises(ValueError, match=match):
        rfm.rfm_table(bad(tiny))


def test_bad_options(tiny):
    with pytest.raises(ValueError, match="frequency"):
        rfm.rfm_table(tiny, frequency="weeks")
    with pytest.raises(ValueError, match="monetary"):
        rfm.rfm_table(tiny, monetary="gross")
    with pytest.raises(ValueError, match="bins"):
        rfm.score([1, 2, 3], bins=6)


def test_empty_orders_have_no_default_date():
    empty = _orders([])
    assert rfm.default_as_of(empty) is None
    assert rfm.rfm_table(empty).empty


# ---- scores


def test_scores_match_qcut_on_distinct_values():
    v = np.random.default_rng(0).permutation(np.arange(1, 101, dtype=float))
    s, bins = rfm.score(v, 5)
    expected = pd.qcut(v, 5, labels=False) + 1
    assert np.array_equal(s, expected)
    assert not bins.fallback
    assert bins.bands["customers"].tolist() == [20] * 5
    assert bins.edges == pytest.approx(tuple(np.quantile(v, [0.2, 0.4, 0.6, 0.8])))
    # recency: reversed
    r, _ = rfm.score(v, 5, higher_is_better=False)
    assert np.array_equal(r, 6 - expected)


def test_ties_always_share_a_score():
    rng = np.random.default_rng(1)
    v = rng.integers(0, 12, size=500).astype(float)  # heavy ties at every edge
    s, _ = rfm.score(v, 5)
    per_value = pd.DataFrame({"v": v, "s": s}).groupby("v")["s"].nunique()
    assert (per_value == 1).all()
    # the same values in another order get the same scores
    perm = rng.permutation(len(v))
    s2, _ = rfm.score(v[perm], 5)
    assert np.array_equal(s2, s[perm])
    # higher values never score lower
    order = np.argsort(v, kind="stable")
    assert (np.diff(s[order].astype(int)) >= 0).all()


def test_single_order_majority_falls_back_to_distinct_values():
    # 70% bought once: the 20%, 40% and 60% quantiles all equal 1
    freq = np.array([1] * 70 + [2] * 15 + [3] * 8 + [4] * 4 + [7] * 2 + [12])
    s, bins = rfm.score(freq, 5)
    assert bins.fallback
    # by hand: "1" holds 70% (more than a fifth) -> band 1 alone; the other 30
    # customers split over 4 bands of ~7.5: 2 (15), 3 (8), 4 (4), then 7 and 12
    assert bins.edges == (1.0, 2.0, 3.0, 4.0)
    assert {int(x): int(y) for x, y in zip(freq, s, strict=True)} == {
        1: 1,
        2: 2,
        3: 3,
        4: 4,
        7: 5,
        12: 5,
    }
    assert bins.bands["customers"].tolist() == [70, 15, 8, 4, 3]
    assert bins.bands["low"].tolist() == [1, 2, 3, 4, 7]
    assert bins.bands["high"].tolist() == [1, 2, 3, 4, 12]


def test_distinct_value_edges_split_the_rest_evenly():
    # 1 bought by 60; 2..41 by one customer each: 40 left for 4 bands of 10
    v = np.array([1] * 60 + list(range(2, 42)), dtype=float)
    s, bins = rfm.score(v, 5)
    assert bins.fallback
    assert bins.edges == (1.0, 11.0, 21.0, 31.0)
    assert bins.bands["customers"].tolist() == [60, 10, 10, 10, 10]


def test_fewer_distinct_values_than_scores_spread_over_the_scale():
    s, bins = rfm.score([1, 1, 1, 1, 2, 2, 3], 5)
    assert bins.fallback
    assert s.tolist() == [1, 1, 1, 1, 3, 3, 5]
    assert bins.bands["customers"].tolist() == [4, 0, 2, 0, 1]
    assert bins.edges == (1.0, 2.0)  # the top value of each used band but the last
    s3, _ = rfm.score([4.0, 4.0, 4.0], 3)
    assert s3.tolist() == [2, 2, 2]


@pytest.mark.parametrize("n", [3, 4, 5])
def test_scale_sizes(n):
    s, bins = rfm.score(np.arange(60, dtype=float), n)
    assert sorted(set(s.tolist())) == list(range(1, n + 1))
    assert len(bins.edges) == n - 1


# ---- segments


@pytest.mark.parametrize(
    ("r", "f", "bins", "segment"),
    [
        (5, 5, 5, "champions"),
        (5, 1, 5, "new_customers"),
        (4, 1, 5, "promising"),
        (4, 3, 5, "potential_loyalists"),
        (3, 5, 5, "loyal"),
        (3, 3, 5, "need_attention"),
        (3, 1, 5, "about_to_sleep"),
        (2, 4, 5, "at_risk"),
        (1, 5, 5, "cant_lose"),
        (2, 2, 5, "hibernating"),
        (1, 1, 5, "lost"),
        (3, 3, 3, "champions"),
        (2, 2, 3, "need_attention"),
        (1, 1, 3, "lost"),
        (4, 4, 4, "champions"),
    ],
)
def test_rf_grid(r, f, bins, segment):
    assert rfm.rf_segment([r], [f], bins)[0] == segment


def test_rf_grid_covers_all_eleven_segments():
    r, f = np.meshgrid(np.arange(1, 6), np.arange(1, 6))
    seg = rfm.rf_segment(r.ravel(), f.ravel())
    assert set(seg) == set(rfm.RF_SEGMENTS)


def test_value_segments_by_hand():
    table = pd.DataFrame(
        {
            "recency_days": [1, 10, 2, 30],
            "frequency": [5, 1, 1, 6],
            "monetary": [100.0, 10.0, 120.0, 5.0],
        }
    )
    # means: recency 10.75, frequency 3.25, monetary 58.75
    got = list(rfm.value_segment(table, "mean"))
    assert got == ["important_value", "general_develop", "important_develop", "general_keep"]
    # medians: recency 6, frequency 3, monetary 55
    got = list(rfm.value_segment(table, "median"))
    assert got == ["important_value", "general_winback", "important_develop", "general_keep"]


def test_segment_summary_and_pareto_by_hand():
    table = pd.DataFrame(
        {
            "recency_days": [1, 3, 10],
            "frequency": [4, 2, 1],
            "monetary": [80.0, 15.0, 5.0],
            "net_spend": [80.0, 15.0, 5.0],
            "seg": pd.Categorical(["a", "a", "b"], categories=["a", "b", "c"]),
        }
    )
    out = rfm.segment_summary(table, "seg")
    assert out["segment"].tolist() == ["a", "b", "c"]
    assert out["customers"].tolist() == [2, 1, 0]
    assert out["share"].tolist() == pytest.approx([2 / 3, 1 / 3, 0])
    assert out["revenue"].tolist() == [95.0, 5.0, 0.0]
    assert out["revenue_share"].tolist() == pytest.approx([0.95, 0.05, 0])
    assert out["recency_mean"].iloc[0] == 2.0
    assert out["monetary_mean"].iloc[0] == 47.5
    assert rfm.pareto_share([50, 30, 10, 5, 5]) == 0.5
    assert rfm.pareto_share(np.arange(1, 11)) == pytest.approx((10 + 9) / 55)


def test_analyse_keeps_non_positive_customers_apart(tiny):
    an = rfm.analyse(tiny)
    assert list(an.scored.index) == ["A", "B", "C"]
    assert list(an.apart.index) == ["D", "E"]
    assert an.grid["customers"].sum() == 3
    assert an.summary_rf["customers"].sum() == 3
    assert an.summary_value["revenue"].sum() == 230.0
    # B: the most recent and biggest spender is on top of R and M
    assert an.scored.loc["B", "r_score"] == 5
    assert an.scored.loc["B", "m_score"] == 5


# ---- movement


def test_movement_matches_two_separate_analyses():
    rng = np.random.default_rng(7)
    n = 3000
    frame = pd.DataFrame(
        {
            "order_id": [f"O{i}" for i in range(n)],
            "customer_id": [f"C{i}" for i in rng.integers(0, 400, n)],
            "order_time": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 120 * 24, n), "h"),
            "amount": rng.gamma(2.0, 30.0, n),
        }
    )
    after, before = pd.Timestamp("2024-04-20"), pd.Timestamp("2024-04-06")
    mv = rfm.movement(frame, after, before)
    a1 = rfm.analyse(frame, after)
    a0 = rfm.analyse(frame, before)
    s1 = a1.scored["rf_segment"].astype(str)
    s0 = a0.scored["rf_segment"].astype(str).reindex(s1.index, fill_value="_new")
    cross = pd.crosstab(s0, s1)
    for src in cross.index:
        for dst in cross.columns:
            assert mv.matrix.loc[src, dst] == cross.loc[src, dst]
    assert mv.matrix.to_numpy().sum() == len(s1)
    assert mv.matrix.loc["_new"].sum() == len(s1) - s1.index.isin(a0.scored.index).sum()
    top = mv.flows.iloc[0]
    assert top["source"] != top["target"]
    assert top["customers"] == max(
        cross.loc[s, d] for s in cross.index for d in cross.columns if s != d
    )
    assert mv.stayed + mv.moved == len(s1)


def test_movement_default_dates_and_errors(tiny):
    mv = rfm.movement(tiny)
    assert mv.after == pd.Timestamp("2024-01-11")
    assert mv.before == pd.Timestamp("2024-01-04")
    with pytest.raises(ValueError, match="before"):
        rfm.movement(tiny, "2024-01-05", "2024-01-05")
    with pytest.raises(ValueError, match="scheme"):
        rfm.movement(tiny, scheme="abc")


# ---- real data: UCI Online Retail


@pytest.fixture(scope="module")
def uci() -> pd.DataFrame:
    from tests.conftest import real_file

    raw = pd.read_parquet(real_file("transactions/uci_online_retail.parquet"))
    invoice = raw["InvoiceNo"].astype(str)
    return pd.DataFrame(
        {
            "order_id": invoice,
            "customer_id": raw["CustomerID"].astype("Int64").astype("string"),
            "order_time": pd.to_datetime(raw["InvoiceDate"]),
            "amount": (raw["Quantity"] * raw["UnitPrice"]).astype(float),
            # cancellations: invoices starting with C (their quantities are negative)
            "is_return": invoice.str.startswith("C"),
        }
    )


@pytest.mark.real
def test_uci_matches_plain_pandas(uci):
    res = rfm.customer_rfm(uci)
    tab = res.table
    known = uci[uci["customer_id"].notna()]
    as_of = known["order_time"].max().normalize() + pd.Timedelta(days=1)
    assert res.as_of == uci["order_time"].max().normalize() + pd.Timedelta(days=1)
    assert res.lines_without_customer == 135_080
    buys = known[~known["is_return"] & (known["amount"] >= 0)]
    last = buys.groupby("customer_id")["order_time"].max()
    recency = (as_of - last.dt.normalize()).dt.days
    frequency = buys.groupby("customer_id")["order_id"].nunique()
    monetary = known.groupby("customer_id")["amount"].sum()
    assert len(tab) == known["customer_id"].nunique() == 4372
    assert_series_equal(
        tab["recency_days"].dropna().astype("int64"),
        recency.astype("int64").rename("recency_days"),
        check_index_type=False,
        check_names=False,
    )
    assert_series_equal(
        tab["frequency"],
        frequency.reindex(tab.index, fill_value=0).astype("int64"),
        check_index_type=False,
        check_names=False,
    )
    assert np.allclose(tab["monetary"], monetary.reindex(tab.index), atol=1e-6)
    # customers with only cancellations: no purchase, negative net spend, kept apart
    only_cancel = set(known["customer_id"]) - set(buys["customer_id"])
    assert set(tab.index[tab["frequency"] == 0]) == only_cancel
    assert (tab.loc[sorted(only_cancel), "net_spend"] < 0).all()
    assert not res.scorable[sorted(only_cancel)].any()


@pytest.mark.real
def test_uci_scores_and_segments_are_coherent(uci):
    an = rfm.analyse(uci)
    sc = an.scored
    assert (sc["net_spend"] > 0).all() and (sc["frequency"] > 0).all()
    for col, metric in (("f_score", "frequency"), ("m_score", "monetary")):
        assert (sc.groupby(metric)[col].nunique() == 1).all()
    # champions buy more often and more recently than lost customers
    s = an.summary_rf.set_index("segment")
    assert s.loc["champions", "frequency_mean"] > s.loc["lost", "frequency_mean"]
    assert s.loc["champions", "recency_mean"] < s.loc["lost", "recency_mean"]
    assert 0.5 < an.pareto < 0.95


def test_analyse_with_compare_gives_both_movements(tiny):
    an = rfm.analyse(tiny, compare="2024-01-04")
    for scheme in ("rf", "value"):
        alone = rfm.movement(tiny, before="2024-01-04", scheme=scheme, top=0)
        got = an.movements[scheme]
        assert_frame_equal(got.matrix, alone.matrix)
        assert_frame_equal(got.flows, alone.flows)
    # before 01-04 only A (O1), C and D had lines; B and E (a return only) came later
    mat = an.movements["rf"].matrix
    assert mat.loc["_new"].sum() == 2
    assert mat.loc["_new", "_apart"] == 1  # E
    # D had spent 25 before 01-04, then was refunded in full: from a segment to no net spend
    assert mat["_apart"].sum() == 2
    assert mat.loc["_apart"].sum() == 0
    assert mat.to_numpy().sum() == 5
    with pytest.raises(ValueError, match="before"):
        rfm.analyse(tiny, compare="2024-01-11")


@pytest.mark.real
def test_uci_through_ingest_follows_its_return_flags():
    ingest = pytest.importorskip("analytics.ingest")
    from tests.conftest import real_file

    ds = ingest.load(real_file("transactions/uci_online_retail.parquet"))
    frame = ds.frame
    res = rfm.customer_rfm(frame)
    known = frame[frame["customer_id"].notna() & (frame["customer_id"].str.strip() != "")]
    assert res.lines_without_customer == len(frame) - len(known)
    buys = known[~known["is_return"] & (known["amount"] >= 0)]
    freq = buys.groupby("customer_id")["order_id"].nunique()
    net = known.groupby("customer_id")["amount"].sum()
    tab = res.table
    assert np.array_equal(
        tab["frequency"].to_numpy(), freq.reindex(tab.index, fill_value=0).to_numpy()
    )
    assert np.allclose(tab["monetary"].to_numpy(), net.reindex(tab.index).to_numpy(), atol=1e-6)
