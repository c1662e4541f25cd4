"""BG/NBD and Gamma-Gamma on the CDNOW sample: published estimates, lifetimes (test-only oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import clv
from analytics.messages import AnalyticsError


@pytest.fixture(scope="module")
def cdnow():
    from tests.conftest import real_file

    raw = pd.read_csv(
        real_file("transactions/cdnow_sample.txt"),
        sep=r"\s+",
        header=None,
        names=["master", "cust", "date", "cds", "amount"],
        dtype={"master": str, "cust": str},
    )
    return pd.DataFrame(
        {
            "customer_id": raw["cust"],
            "order_time": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d"),
            "amount": raw["amount"],
        }
    )


@pytest.fixture(scope="module")
def cal(cdnow):
    # the papers' calibration period: 39 weeks, 1997-01-01 .. 1997-09-30
    return clv.summary(cdnow, "1997-09-30", unit_days=7)


def test_summary_matches_lifetimes(cdnow, cal):
    utils = pytest.importorskip("lifetimes.utils")
    ref = utils.summary_data_from_transaction_data(
        cdnow,
        "customer_id",
        "order_time",
        "amount",
        observation_period_end="1997-09-30",
        freq="D",
        freq_multiplier=7,
    )
    got = cal.sort_index()
    ref = ref.sort_index()[["frequency", "recency", "T", "monetary_value"]]
    assert len(got) == 2357
    np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), rtol=1e-12, atol=1e-9)


def test_published_estimates_within_one_percent(cal):
    bg = clv.fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    # Fader, Hardie & Lee (2005)
    for got, want in ((bg.r, 0.243), (bg.alpha, 4.414), (bg.a, 0.793), (bg.b, 2.426)):
        assert got == pytest.approx(want, rel=0.01)
    gg = clv.fit_gamma_gamma(cal["frequency"], cal["monetary_value"])
    # Fader & Hardie, "The Gamma-Gamma model of monetary value" (2013)
    for got, want in ((gg.p, 6.25), (gg.q, 3.74), (gg.gamma, 15.44)):
        assert got == pytest.approx(want, rel=0.01)
    assert gg.n == 946


def test_per_customer_matches_lifetimes_within_a_tenth_of_a_percent(cal):
    lt = pytest.importorskip("lifetimes")
    x, tx, T, m = (cal[c] for c in ("frequency", "recency", "T", "monetary_value"))
    ref_bg = lt.BetaGeoFitter().fit(x, tx, T)
    rep = cal[x > 0]
    ref_gg = lt.GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    bg = clv.fit_bgnbd(x, tx, T)
    gg = clv.fit_gamma_gamma(x, m)
    fc = clv.forecast(cal, bg, gg, unit_days=7, horizon_days=365)
    for days in clv.HORIZONS:
        want = ref_bg.conditional_expected_number_of_purchases_up_to_time(days / 7, x, tx, T)
        np.testing.assert_allclose(fc[f"purchases_{days}d"], want, rtol=1e-3)
    np.testing.assert_allclose(
        fc["p_alive"], ref_bg.conditional_probability_alive(x, tx, T), rtol=1e-3
    )
    np.testing.assert_allclose(
        fc["expected_spend"], ref_gg.conditional_expected_average_profit(x, m), rtol=1e-3
    )
    want = ref_bg.conditional_expected_number_of_purchases_up_to_time(365 / 7, x, tx, T)
    np.testing.assert_allclose(fc["expected_value"], want * fc["expected_spend"], rtol=1e-3)


def test_discounted_value_by_months(cal):
    bg = clv.fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    gg = clv.fit_gamma_gamma(cal["frequency"], cal["monetary_value"])
    row = cal.iloc[:3]
    fc = clv.forecast(row, bg, gg, unit_days=7, horizon_days=90, discount=0.12)
    args = [row[c].to_numpy() for c in ("frequency", "recency", "T")]
    e = [clv.expected_purchases(bg, d / 7, *args) for d in (0, 30, 60, 90)]
    want = sum((e[i] - e[i - 1]) / 1.12 ** (i / 12) for i in (1, 2, 3)) * fc["expected_spend"]
    np.testing.assert_allclose(fc["expected_value"], want, rtol=1e-12)


def test_histogram_expected_sums_to_customers_and_matches_paper(cal):
    bg = clv.fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    h = clv.repeat_histogram(bg, cal["frequency"], cal["T"])
    assert h["actual"].sum() == 2357
    assert h["expected"].sum() == pytest.approx(2357)
    # FHL 2005 figure 2: 1,411 customers made no repeat purchase; the model expects ~1,408
    assert h.loc[0, "actual"] == 1411
    assert h.loc[0, "expected"] == pytest.approx(1408, abs=5)
    # a slow per-customer evaluation of eq. 8 for x = 1
    r, al, a, b = bg.r, bg.alpha, bg.a, bg.b
    from scipy.special import beta, gamma

    tot = 0.0
    for t in cal["T"]:
        p0 = (al / (al + t)) ** r
        nb1 = gamma(r + 1) / gamma(r) * p0 * (t / (al + t))
        tot += beta(a, b + 1) / beta(a, b) * nb1 + beta(a + 1, b) / beta(a, b) * (1 - p0)
    assert h.loc[1, "expected"] == pytest.approx(tot, rel=1e-9)


def test_holdout_check(cdnow):
    h = clv.holdout_check(cdnow, "1997-09-30", "1998-06-30")
    total = h[h["frequency"] == "all"].iloc[0]
    assert total["customers"] == 2357
    # FHL 2005: 1,788 repeat transactions in weeks 40-78 (days: purchases of one day are one)
    assert 1700 < total["actual"] < 1900
    assert total["predicted"] == pytest.approx(total["actual"], rel=0.15)


def test_warnings_with_reasons():
    sm = pd.DataFrame(
        {
            "frequency": [0.0] * 95 + [1.0, 1, 1, 2, 2],
            "recency": [0.0] * 95 + [3.9] * 5,
            "T": [4.0] * 100,
            "monetary_value": [0.0] * 95 + [10.0, 20, 30, 40, 50],
        }
    )
    codes = dict(clv.warnings_for(sm))
    assert codes["few_repeat"] == {"repeat": 5, "share": 5.0}
    # median T 4 weeks against a median of 3.9 weeks between purchases
    assert codes["short_period"] == {"t": 4.0, "cycle": 3.9}
    assert codes["spend_frequency"]["corr"] == pytest.approx(0.87, abs=0.01)


def test_too_few_repeat_buyers_is_coded():
    with pytest.raises(AnalyticsError) as info:
        clv.fit_bgnbd([0, 0, 1], [0, 0, 1], [5, 5, 5])
    assert info.value.code == "analytics.clv.no_repeat"


def test_value_by_layer():
    fc = pd.DataFrame(
        {
            "p_alive": [0.5, 1.0, 0.2],
            "purchases_365d": [1.0, 2.0, 3.0],
            "expected_value": [10.0, 20.0, 5.0],
        },
        index=pd.Index(["a", "b", "c"], name="customer_id"),
    )
    scored = pd.DataFrame({"rf_segment": ["Champions", "Champions", "Lost"]}, index=["a", "b", "c"])
    out = clv.value_by_layer(fc, scored)
    first = out.iloc[0]
    assert first["segment"] == "Champions"
    assert first["expected_value"] == 30.0
    assert first["value_per_customer"] == 15.0
    assert first["p_alive"] == 0.75
