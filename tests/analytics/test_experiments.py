"""analytics.experiments: each statistic against scipy / statsmodels (test-only oracles) or
hand-worked values, the inputs on tiny frames, the verdict, and seeded simulations of
daily peeking on A/A data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    proportion_confint,
    proportion_effectsize,
    proportions_ztest,
)

from analytics import experiments as ex
from analytics.messages import AnalyticsError

# ------------------------------------------------------------------------------ statistics


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (137, 1714), (10, 10), (5000, 100000)])
def test_wilson_matches_statsmodels(k, n):
    lo, hi = ex.wilson(k, n, 0.05)
    want = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert lo == pytest.approx(want[0], abs=1e-12)
    assert hi == pytest.approx(want[1], abs=1e-12)


def test_z_test_matches_statsmodels():
    z, p = ex.z_test(137, 1714, 207, 1716)
    z_sm, p_sm = proportions_ztest([207, 137], [1716, 1714])
    assert z == pytest.approx(z_sm)
    assert p == pytest.approx(p_sm)


def test_holm_matches_statsmodels():
    p = np.array([0.01, 0.04, 0.03, 0.2, 0.005])
    assert ex.holm(p) == pytest.approx(multipletests(p, method="holm")[1])


def test_welch_matches_scipy():
    rng = np.random.default_rng(1)
    a, b = rng.lognormal(2, 1, 300), rng.lognormal(2.2, 1.2, 250)
    d, lo, hi = ex.welch_diff(
        a.mean(), a.var(ddof=1), len(a), b.mean(), b.var(ddof=1), len(b), alpha=0.05
    )
    ci = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert d == pytest.approx(b.mean() - a.mean())
    assert (lo, hi) == pytest.approx((ci.low, ci.high))


def test_srm_matches_scipy():
    chi2, p = ex.srm_check([5100, 4900, 5020], [1, 1, 1])
    want = stats.chisquare([5100, 4900, 5020])
    assert (chi2, p) == pytest.approx((want.statistic, want.pvalue))
    chi2, p = ex.srm_check([900, 1100], [0.45, 0.55])
    want = stats.chisquare([900, 1100], [900, 1100])
    assert chi2 == pytest.approx(0.0) and p == pytest.approx(want.pvalue)


def test_lift_interval_by_hand():
    # rates 0.10 (n 1000) and 0.12 (n 1000): Var(b/a) = 1.2^2 (v_b / 0.12^2 + v_a / 0.10^2)
    va, vb = 0.1 * 0.9 / 1000, 0.12 * 0.88 / 1000
    lift, lo, hi = ex.lift_interval(0.10, va, 0.12, vb, 0.05)
    se = 1.2 * math.sqrt(vb / 0.0144 + va / 0.01)
    assert lift == pytest.approx(0.2)
    assert (lo, hi) == pytest.approx((0.2 - 1.959964 * se, 0.2 + 1.959964 * se), rel=1e-6)


def test_lift_interval_covers_about_95_percent():
    rng = np.random.default_rng(7)
    n, pa, pb = 4000, 0.05, 0.06
    ka, kb = rng.binomial(n, pa, 4000), rng.binomial(n, pb, 4000)
    ra, rb = ka / n, kb / n
    _, lo, hi = ex.lift_interval(ra, ra * (1 - ra) / n, rb, rb * (1 - rb) / n)
    cover = ((lo <= pb / pa - 1) & (pb / pa - 1 <= hi)).mean()
    assert 0.93 <= cover <= 0.97


def test_bootstrap_close_to_plain_resampling():
    rng = np.random.default_rng(3)
    a = np.where(rng.random(3000) < 0.1, rng.lognormal(4, 1, 3000), 0.0)
    b = np.where(rng.random(3000) < 0.12, rng.lognormal(4, 1, 3000), 0.0)
    d, lo, hi = ex.bootstrap_diff(a, b, n_boot=4000, seed=1)
    # the slow obvious way: resample every user
    r = np.random.default_rng(2)
    diffs = [r.choice(b, len(b)).mean() - r.choice(a, len(a)).mean() for _ in range(1500)]
    want = np.quantile(diffs, [0.025, 0.975])
    assert d == pytest.approx(b.mean() - a.mean())
    assert lo == pytest.approx(want[0], abs=1.0) and hi == pytest.approx(want[1], abs=1.0)
    assert ex.bootstrap_diff(a, b, seed=5) == ex.bootstrap_diff(a, b, seed=5)


def test_confidence_sequence_by_hand_and_wider_than_fixed():
    d, var, n, alpha = 0.01, 1e-5, 8000, 0.05
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / ex.CS_TUNING
    sigma = math.sqrt(n * var)
    half = sigma * math.sqrt(
        2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha)
    )
    lo, hi = ex.confidence_sequence(d, var, n, alpha)
    assert (lo, hi) == pytest.approx((d - half, d + half))
    assert half > 1.96 * math.sqrt(var)


def _beat_closed_form(ka, na, kb, nb):
    """P(p_B > p_A) for Beta(1 + k, 1 + n - k) posteriors (Evan Miller's sum)."""
    a_a, b_a, a_b, b_b = 1 + ka, 1 + na - ka, 1 + kb, 1 + nb - kb
    i = np.arange(a_b)
    terms = special.betaln(a_a + i, b_a + b_b) - np.log(b_b + i)
    terms -= special.betaln(1 + i, b_b) + special.betaln(a_a, b_a)
    return float(np.exp(terms).sum())


def _loss_by_integration(ka, na, kb, nb):
    """E[max(p_A - p_B, 0)] by quadrature over p_A."""
    a_a, b_a, a_b, b_b = 1 + ka, 1 + na - ka, 1 + kb, 1 + nb - kb
    mean_b = a_b / (a_b + b_b)

    def inner(x):
        part = x * stats.beta.cdf(x, a_b, b_b) - mean_b * stats.beta.cdf(x, a_b + 1, b_b)
        return stats.beta.pdf(x, a_a, b_a) * part

    return integrate.quad(inner, 0, 1, limit=200)[0]


@pytest.mark.parametrize(("ka", "na", "kb", "nb"), [(20, 200, 30, 210), (40, 400, 38, 400)])
def test_bayes_against_closed_form(ka, na, kb, nb):
    beat, best, loss = ex.bayes([ka, kb], [na, nb], 0, draws=200_000, seed=4)
    assert math.isnan(beat[0])
    assert beat[1] == pytest.approx(_beat_closed_form(ka, na, kb, nb), abs=0.005)
    assert best.sum() == pytest.approx(1.0)
    assert loss[1] == pytest.approx(_loss_by_integration(ka, na, kb, nb), abs=5e-4)
    assert loss[0] == 0.0


# -------------------------------------------------------------------------------- planning


@pytest.mark.parametrize(
    ("base", "mde", "alpha", "power"),
    [(0.02, 0.1, 0.05, 0.8), (0.1, 0.05, 0.05, 0.9), (0.3, -0.1, 0.1, 0.8), (0.05, 0.2, 0.01, 0.8)],
)
def test_sample_size_matches_statsmodels(base, mde, alpha, power):
    h = proportion_effectsize(base * (1 + mde), base)
    want = NormalIndPower().solve_power(effect_size=abs(h), alpha=alpha, power=power, ratio=1.0)
    got = ex.sample_size(base, mde, alpha=alpha, power=power)
    assert abs(got - math.ceil(want)) <= 1


def test_mde_for_inverts_sample_size_and_statsmodels_power():
    n = 20_000
    mde = ex.mde_for(0.04, n, alpha=0.05, power=0.8)
    h = proportion_effectsize(0.04 * (1 + mde), 0.04)
    power = NormalIndPower().power(effect_size=h, nobs1=n, alpha=0.05, ratio=1.0)
    assert power == pytest.approx(0.8, abs=1e-3)
    assert ex.sample_size(0.04, mde) == pytest.approx(n, abs=1)
    assert math.isnan(ex.mde_for(0.9, 1))


def test_plan_and_curve():
    p = ex.plan(0.02, 0.1, traffic=4000, arms=2, days=14)
    assert p.per_arm == ex.sample_size(0.02, 0.1)
    assert p.total == 2 * p.per_arm and p.days == math.ceil(p.total / 4000)
    assert p.mde_at_days == pytest.approx(ex.mde_for(0.02, 4000 * 14 / 2))
    c = ex.size_curve(0.02, np.array([0.05, 0.1, 60.0]), traffic=4000)
    assert c["per_arm"][1] == p.per_arm
    assert math.isnan(c["per_arm"][2])
    with pytest.raises(AnalyticsError, match="baseline"):
        ex.plan(0.0, 0.1)
    with pytest.raises(AnalyticsError, match="minimum detectable"):
        ex.sample_size(0.5, 1.5)


# ---------------------------------------------------------------------------------- inputs


def _log() -> pd.DataFrame:
    rows = [
        # user, time, event, variant, price
        ("u1", "2025-07-01 10:00", "purchase", None, 50.0),  # before exposure: not counted
        ("u1", "2025-07-01 11:00", "view", "A", None),
        ("u1", "2025-07-02 09:00", "purchase", None, 20.0),  # counted (day 2)
        ("u2", "2025-07-01 12:00", "view", "B", None),
        ("u2", "2025-07-01 12:30", "purchase", "B", 30.0),
        ("u2", "2025-07-02 12:30", "purchase", "B", 10.0),  # second purchase: revenue only
        ("u3", "2025-07-02 08:00", "view", "B", None),
        ("u4", "2025-07-01 08:00", "view", "A", None),
        ("u4", "2025-07-02 08:00", "view", "B", None),  # in two variants: left out
        ("u5", "2025-07-02 10:00", "view", "A", None),
        ("u5", "2025-07-09 10:00", "purchase", None, 99.0),  # after the test's end
        ("u6", "2025-07-01 10:00", "view", None, None),  # never exposed
    ]
    f = pd.DataFrame(rows, columns=["user_id", "event_time", "event", "variant", "price"])
    return f.assign(event_time=pd.to_datetime(f["event_time"]))


def test_from_events_by_hand():
    log = _log()
    before = log.copy()
    d = ex.from_events(log, "variant")
    pd.testing.assert_frame_equal(log, before)
    s = d.summary.set_index("variant")
    assert s.loc["A", "users"] == 2 and s.loc["A", "conversions"] == 1
    assert s.loc["A", "revenue"] == 20.0 and s.loc["A", "revenue_sq"] == 400.0
    assert s.loc["B", "users"] == 2 and s.loc["B", "conversions"] == 1
    assert s.loc["B", "revenue"] == 40.0 and s.loc["B", "revenue_sq"] == 1600.0
    assert d.mixed == 1
    daily = d.daily.set_index(["variant", "day"])
    assert daily.loc[("A", pd.Timestamp("2025-07-01")), "users"] == 1
    assert daily.loc[("A", pd.Timestamp("2025-07-02")), "conversions"] == 1
    assert daily.loc[("B", pd.Timestamp("2025-07-01")), ["users", "conversions"]].tolist() == [1, 1]
    assert daily.loc[("B", pd.Timestamp("2025-07-02")), "users"] == 2
    assert sorted(d.values["B"].tolist()) == [0.0, 40.0]


def test_from_events_population_and_errors():
    d = ex.from_events(_log(), "variant", users=["u1", "u2", "u3"])
    assert d.summary["users"].sum() == 3
    with pytest.raises(AnalyticsError, match="two variants"):
        ex.from_events(_log(), "variant", users=["u1", "u5"])
    with pytest.raises(AnalyticsError, match="No user"):
        ex.from_events(_log().assign(variant=None), "variant")
    with pytest.raises(AnalyticsError, match="lacks the columns"):
        ex.from_events(_log(), "group")


def test_from_events_digit_user_ids_as_arrow_strings():
    log = _log()
    log = log.assign(user_id=log["user_id"].str[1:].astype("string[pyarrow]"))
    assert ex.from_events(log, "variant").summary["users"].tolist() == [2, 2]


def test_from_orders_by_hand():
    o = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4"],
            "customer_id": ["c1", "c1", "c2", "c3"],
            "order_time": pd.to_datetime(["2025-07-01"] * 4),
            "amount": [10.0, 5.0, 20.0, 7.0],
            "coupon": ["SAVE5", "SAVE5", "SAVE10", None],
        }
    )
    s = ex.from_orders(o, "coupon").summary
    assert s["variant"].tolist() == ["SAVE5", "SAVE10"]
    assert s["conversions"].tolist() == [1, 1]
    assert s["revenue"].tolist() == [15.0, 20.0] and s["revenue_sq"].tolist() == [225.0, 400.0]
    assert s["users"].isna().all()


def test_from_table_checks():
    t = pd.DataFrame({"variant": ["A", "B", ""], "users": [100, 100, 5], "conversions": [5, 9, 1]})
    d = ex.from_table(t)
    assert d.summary["variant"].tolist() == ["A", "B"]
    assert d.summary["revenue"].isna().all()
    with pytest.raises(AnalyticsError, match="do not fit"):
        ex.from_table(t.assign(conversions=[5, 200, 1]))
    with pytest.raises(AnalyticsError, match="named twice"):
        ex.from_table(t.assign(variant=["A", "A", "B"]))
    with pytest.raises(AnalyticsError, match="two variants"):
        ex.from_table(t.iloc[:1])


def test_variant_columns_and_control():
    f = _log().assign(coupon=["x", "y"] * 6, note=[str(i) for i in range(12)])
    cols = ex.variant_columns(f, max_values=10)
    assert cols[:2] == ["variant", "coupon"] and "note" not in cols
    assert ex.default_control(["new", "Control"]) == "Control"
    assert ex.default_control(["B", "A"]) == "A"
    assert ex.default_control(["红包", "对照组"]) == "对照组"
    assert ex.default_control(["x", "y"]) == "x"


# --------------------------------------------------------------------------------- reading


def _table(users, conv, revenue=None, names=None):
    names = names or [chr(65 + i) for i in range(len(users))]
    t = pd.DataFrame({"variant": names, "users": users, "conversions": conv})
    if revenue is not None:
        t["revenue"], t["revenue_sq"] = revenue
    return ex.from_table(t)


def test_read_table_columns_and_holm():
    r = ex.read(_table([10000, 10000, 10000], [500, 560, 600]), "A")
    t = r.table
    assert t["variant"].tolist() == ["A", "B", "C"] and t["control"].tolist() == [
        True,
        False,
        False,
    ]
    p = [proportions_ztest([k, 500], [10000, 10000])[1] for k in (560, 600)]
    assert t["p_value"].iloc[1:].tolist() == pytest.approx(p)
    assert t["p_adjusted"].iloc[1:].tolist() == pytest.approx(multipletests(p, method="holm")[1])
    assert r.cs_alpha == pytest.approx(0.025)
    assert t.loc[2, "lift"] == pytest.approx(0.2)
    assert r.rpu_method == "none" and t["rpu_diff"].isna().all()


def test_read_rpu_welch_from_sums():
    rng = np.random.default_rng(0)
    a, b = rng.exponential(10, 500), rng.exponential(12, 400)
    d = _table([500, 400], [100, 90], ([a.sum(), b.sum()], [(a * a).sum(), (b * b).sum()]))
    t = ex.read(d, "A").table
    ci = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert t.loc[1, ["rpu_diff_low", "rpu_diff_high"]].tolist() == pytest.approx([ci.low, ci.high])
    one = stats.ttest_1samp(a, 0).confidence_interval(0.95)
    assert t.loc[0, ["rpu_low", "rpu_high"]].tolist() == pytest.approx([one.low, one.high])


def test_read_bootstrap_from_events_and_errors():
    r = ex.read(ex.from_events(_log(), "variant"), "A", rpu_method="bootstrap")
    assert r.rpu_method == "bootstrap"
    assert not r.sequence.empty and set(r.sequence["variant"]) == {"B"}
    with pytest.raises(AnalyticsError, match="not one of the variants"):
        ex.read(_table([10, 10], [1, 2]), "Z")


# --------------------------------------------------------------------------------- verdict


def test_verdicts():
    srm = ex.read(_table([10000, 10600], [500, 600]), "A")
    assert srm.srm_blocked and ex.verdict(srm).code == "fix_assignment"
    win = ex.read(_table([20000, 20000], [1000, 1250]), "A")
    v = ex.verdict(win)
    assert v.code == "ship" and v.variant == "B" and v.reasons[0][0] == "cs_above"
    wait = ex.read(_table([3000, 3000], [150, 185]), "A")
    v = ex.verdict(wait, per_arm=10000)
    assert v.code == "keep_running"
    assert ("more_users", {"n": "7,000"}) in v.reasons
    assert any(code == "fixed_only" for code, _ in v.reasons)  # p < 0.05 once, not yet safe
    worse = ex.read(_table([20000, 20000], [1250, 1000]), "A")
    assert ex.verdict(worse).code == "stop_no_effect"
    flat = ex.read(_table([200000, 200000], [10000, 10010]), "A")
    assert ex.verdict(flat).code == "keep_running"
    v = ex.verdict(flat, mde=0.05)
    assert v.code == "stop_no_effect" and v.reasons[0][0] == "mde_ruled_out"


# ----------------------------------------------------------------------------- simulations


def _aa_daily(sims=2000, days=14, per_day=2000, rate=0.02, seed=11):
    rng = np.random.default_rng(seed)
    ka = rng.binomial(per_day, rate, (sims, days)).cumsum(axis=1)
    kb = rng.binomial(per_day, rate, (sims, days)).cumsum(axis=1)
    n = per_day * np.arange(1, days + 1)
    return ka, kb, np.broadcast_to(n, ka.shape)


def test_daily_peeking_on_aa_data():
    """The issue's case: 2% conversion, 2,000 users per arm a day, 14 days, read daily."""
    ka, kb, n = _aa_daily()
    pa, pb = ka / n, kb / n
    var = pa * (1 - pa) / n + pb * (1 - pb) / n
    lo, hi = ex.confidence_sequence(pb - pa, var, 2 * n, 0.05)
    sequential = ((lo > 0) | (hi < 0)).any(axis=1).mean()
    _, p = ex.z_test(ka, n, kb, n)
    peeking = (p < 0.05).any(axis=1).mean()
    once = (p[:, -1] < 0.05).mean()
    assert sequential <= 0.05
    assert 0.035 <= once <= 0.065
    assert peeking > 0.12  # why the fixed test must not be read daily


def test_confidence_sequence_still_finds_a_real_effect():
    rng = np.random.default_rng(5)
    n = 2000 * np.arange(1, 15)
    ka = rng.binomial(2000, 0.02, (500, 14)).cumsum(axis=1)
    kb = rng.binomial(2000, 0.026, (500, 14)).cumsum(axis=1)
    pa, pb = ka / n, kb / n
    lo, _ = ex.confidence_sequence(pb - pa, pa * (1 - pa) / n + pb * (1 - pb) / n, 2 * n)
    assert (lo[:, -1] > 0).mean() > 0.5


def test_control_without_conversions_reads():
    r = ex.read(_table([500, 500], [0, 3]), "A")
    assert np.isnan(r.table.loc[1, "lift"]) and r.table.loc[1, "diff"] == pytest.approx(0.006)
    assert ex.verdict(r).code == "keep_running"


# ----------------------------------------------------------------------------- the report


def test_report_section_from_the_sample_log():
    from analytics import report as rep
    from ui.i18n import text
    from ui.samples import load_samples

    (events,) = load_samples(["events"])
    for lang, words in (("en", "Ship B"), ("zh", "上线 B")):
        sec = rep._experiment_part(events.frame, lambda key, _l=lang, **p: text(key, _l, **p))[0]
        assert sec.figures["verdict"] == "ship" and words in sec.note
        assert sec.table.shape == (2, 5) and sec.lines
    no_variant = events.frame.drop(columns="variant")
    assert rep._experiment_part(no_variant, lambda key, **p: key) == []
    assert ex.report_figures(no_variant) is None


def test_segment_users_are_the_rfm_segments():
    from analytics import rfm
    from ui.samples import load_samples

    (orders,) = load_samples(["orders"])
    got = ex.segment_users(orders.frame, scheme="value", bins=4)
    an = rfm.analyse(orders.frame, bins=4)
    want = an.scored.groupby("value_segment").size()
    assert {k: len(v) for k, v in got.items()} == {str(k): int(n) for k, n in want.items() if n}
    sizes = [len(v) for v in got.values()]
    assert sizes == sorted(sizes, reverse=True)


def test_sequence_frame_and_domain():
    r = ex.read(ex.from_events(_log(), "variant"), "A")
    seq = r.sequence
    assert list(seq.columns) == [
        "day",
        "variant",
        "diff",
        "cs_low",
        "cs_high",
        "fixed_low",
        "fixed_high",
    ]
    # the always-valid interval contains the fixed-horizon one
    assert (seq["cs_low"] <= seq["fixed_low"]).all() and (seq["cs_high"] >= seq["fixed_high"]).all()
    lo, hi = ex.sequence_domain(seq, skip=0.0)
    assert lo <= min(0.0, seq["cs_low"].min()) and hi >= seq["cs_high"].max()
    assert ex.sequence_domain(seq.iloc[:0]) is None


def test_planned_users():
    r = ex.read(_table([3000, 3000], [150, 185]), "A")
    assert ex.planned_users(r, 0.1) == ex.sample_size(0.05, 0.1)
    assert ex.planned_users(ex.read(_table([10, 10], [0, 1]), "A"), 0.1) is None


def test_parse_split_and_uneven_plans():
    assert ex.parse_split("", 2) is None and ex.parse_split("even", 3) is None
    assert ex.parse_split("90/10", 2) == pytest.approx((0.9, 0.1))
    assert ex.parse_split("1:1:2", 3) == pytest.approx((0.25, 0.25, 0.5))
    assert ex.parse_split(" 50% 50% ", 2) == pytest.approx((0.5, 0.5))
    for bad in ("90/10", "a/b", "0/100"):
        with pytest.raises(AnalyticsError, match="planned split"):
            ex.parse_split(bad, 3 if bad == "90/10" else 2)
    holdout = _table([9000, 1000], [450, 60])
    assert not ex.read(holdout, "A", expected=(0.9, 0.1)).srm_blocked
    assert ex.read(holdout, "A").srm_blocked  # read as an even split it looks broken


def test_revenue_figures():
    rng = np.random.default_rng(0)
    a, b = rng.exponential(10, 500), rng.exponential(12, 400)
    d = _table([500, 400], [100, 90], ([a.sum(), b.sum()], [(a * a).sum(), (b * b).sum()]))
    r = ex.read(d, "A")
    got = ex.revenue_figures(r)
    row = r.table.iloc[1]
    assert got == {
        "variant": "B",
        "diff": row["rpu_diff"],
        "low": row["rpu_diff_low"],
        "high": row["rpu_diff_high"],
    }
    assert ex.revenue_figures(ex.read(_table([10, 10], [1, 2]), "A")) is None  # no spread typed
