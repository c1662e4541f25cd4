"""Response curves, the optimiser and scenarios of analytics.budget."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pandas as pd
import pytest

from analytics import budget as bud
from analytics.budget import BudgetError, Curve, Scenario

# ---------------------------------------------------------------------------
# helpers


def weekly(channels: dict[str, tuple[np.ndarray, np.ndarray]], start="2024-01-01") -> pd.DataFrame:
    """A canonical spend frame (date, channel, spend, revenue) from per-channel arrays."""
    parts = []
    for ch, (x, y) in channels.items():
        dates = pd.date_range(start, periods=len(x), freq="W-MON")
        parts.append(pd.DataFrame({"date": dates, "channel": ch, "spend": x, "revenue": y}))
    return pd.concat(parts, ignore_index=True)


TRUE = {
    "mm": (5000.0, 2000.0),
    "hill": (8000.0, 3000.0, 0.7),
    "power": (30.0, 0.6),
    "log": (1500.0, 800.0),
}


def synthetic(form: str, n: int = 120, noise: float = 0.02, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(150.0, 15000.0, n)
    y = bud._f(form, x, TRUE[form]) * (1.0 + rng.normal(0.0, noise, n))
    return x, y


def random_curves(n: int, seed: int) -> dict[str, Curve]:
    rng = np.random.default_rng(seed)
    out = {}
    forms = ["mm", "log", "power", "hill"]
    for i in range(n):
        f = forms[i % 4]
        cur = float(rng.uniform(1000, 10000))
        p = {
            "mm": (cur * rng.uniform(2, 5), cur * rng.uniform(0.5, 3)),
            "log": (cur * rng.uniform(0.5, 2), cur * rng.uniform(0.3, 2)),
            "power": (rng.uniform(5, 40), rng.uniform(0.4, 0.85)),
            "hill": (cur * rng.uniform(2, 5), cur * rng.uniform(0.5, 3), rng.uniform(0.5, 1.0)),
        }[f]
        out[f"ch{i}"] = Curve(
            f"ch{i}",
            f,
            tuple(float(v) for v in p),
            current=cur,
            spend_min=0.2 * cur,
            spend_max=2.5 * cur,
        )
    return out


def revenue(curves, plan) -> float:
    return float(sum(curves[ch].predict(v) for ch, v in plan.items()))


# ---------------------------------------------------------------------------
# curve fitting


@pytest.mark.parametrize("form", ["mm", "hill", "power", "log"])
def test_fit_recovers_known_parameters(form):
    x, y = synthetic(form)
    c = bud.fit_curve(x, y, channel="c", forms=(form,), n_boot=0)
    assert c.form == form
    tol = {"mm": 0.05, "hill": 0.15, "power": 0.1, "log": 0.05}[form]
    for got, want in zip(c.params, TRUE[form], strict=True):
        assert got == pytest.approx(want, rel=tol), (c.params, TRUE[form])
    assert c.r2 > 0.95
    assert c.mape < 0.05


@pytest.mark.parametrize("form", ["mm", "hill", "power", "log"])
def test_auto_form_predicts_the_truth_within_the_data(form):
    x, y = synthetic(form, seed=3)
    c = bud.fit_curve(x, y, channel="c", n_boot=10)
    grid = np.linspace(x.min(), x.max(), 50)
    truth = bud._f(form, grid, TRUE[form])
    assert np.max(np.abs(c.predict(grid) - truth) / truth) < 0.05
    lo, hi = c.band(grid)
    assert np.all(lo <= c.predict(grid) + 1e-6 * truth) and np.all(hi >= lo)


def test_predict_is_vectorised_and_zero_at_zero():
    c = Curve("a", "mm", (100.0, 50.0))
    assert c.predict([0.0, 50.0, 150.0]).tolist() == pytest.approx([0.0, 50.0, 75.0])
    assert float(c.marginal(50.0)) == pytest.approx(100 * 50 / 100**2)


def test_too_few_periods_is_refused():
    x, y = synthetic("mm", n=5)
    with pytest.raises(BudgetError, match="only 5 periods"):
        bud.fit_curve(x, y, channel="c")


def test_constant_spend_is_refused():
    x = np.full(40, 1000.0)
    y = np.random.default_rng(0).normal(3000, 100, 40)
    with pytest.raises(BudgetError, match="hardly varies"):
        bud.fit_curve(x, y, channel="flat")


def test_fit_curves_keeps_good_channels_and_names_the_bad_ones():
    xg, yg = synthetic("mm", n=60)
    flat = np.full(60, 500.0)
    df = weekly({"good": (xg, yg), "flat": (flat, flat * 2)})
    curves = bud.fit_curves(df, n_boot=0)
    assert list(curves) == ["good"]
    assert curves.problems["flat"][0] == "no_variation"


def test_no_channel_fittable_raises_with_details():
    flat = np.full(30, 500.0)
    df = weekly({"a": (flat, flat), "b": (flat * 2, flat)})
    with pytest.raises(BudgetError, match="No channel has enough history"):
        bud.fit_curves(df)


def test_missing_revenue_needs_a_value_per_conversion():
    x, y = synthetic("mm", n=40)
    df = weekly({"a": (x, y)}).drop(columns="revenue").assign(conversions=y / 50.0)
    with pytest.raises(BudgetError, match="no revenue column"):
        bud.fit_curves(df)
    curves = bud.fit_curves(df, value_per_conversion=50.0, forms=("mm",), n_boot=0)
    assert curves["a"].params == pytest.approx(bud.fit_curve(x, y, forms=("mm",), n_boot=0).params)


def test_daily_data_rolls_up_to_full_weeks():
    # Wed 2024-01-03 .. Sun 2024-01-28: the first week (5 days) is incomplete and dropped
    days = pd.date_range("2024-01-03", "2024-01-28", freq="D")
    df = pd.DataFrame({"date": days, "channel": "a", "spend": 1.0, "revenue": 2.0})
    df.loc[df["date"] >= "2024-01-22", "spend"] = 3.0
    hist = bud.spend_history(df)
    assert hist.attrs["period"] == "W"
    assert hist["period"].tolist() == list(
        pd.to_datetime(["2024-01-08", "2024-01-15", "2024-01-22"])
    )
    assert hist["spend"].tolist() == [7.0, 7.0, 21.0]
    assert hist["revenue"].tolist() == [14.0, 14.0, 14.0]


def test_traffic_rows_without_channel_use_source_medium():
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-08"]),
            "channel": ["直播", None, None],
            "source": [None, "google", "google"],
            "medium": [None, "cpc", "cpc"],
            "spend": [10.0, 5.0, 6.0],
            "revenue": [30.0, 9.0, 11.0],
        }
    )
    hist = bud.spend_history(df, period="none")
    assert sorted(hist["channel"].unique()) == ["google / cpc", "直播"]


def test_total_revenue_is_fitted_as_one_additive_model():
    rng = np.random.default_rng(5)
    n = 150
    xa, xb = rng.uniform(100, 6000, n), rng.uniform(100, 3000, n)
    fa, fb = bud._f("mm", xa, (9000.0, 3000.0)), bud._f("mm", xb, (4000.0, 800.0))
    total = 20000.0 + fa + fb + rng.normal(0, 100, n)
    df = weekly({"a": (xa, total), "b": (xb, total)})
    curves = bud.fit_curves(df, forms=("mm",), n_boot=0)
    assert curves.scope == "total"
    assert curves.base == pytest.approx(20000.0, rel=0.05)
    grid = np.linspace(500, 3000, 20)
    assert curves["a"].predict(grid) == pytest.approx(
        bud._f("mm", grid, (9000.0, 3000.0)), rel=0.08
    )
    assert curves["b"].predict(grid) == pytest.approx(bud._f("mm", grid, (4000.0, 800.0)), rel=0.08)
    assert set(curves.points["channel"]) == {"a", "b"}


def test_adstock_decay_is_fitted():
    rng = np.random.default_rng(2)
    x = rng.uniform(100, 8000, 150)
    carried = bud._adstock(x[:, None], 0.5)[:, 0]
    y = bud._f("mm", carried, (6000.0, 2500.0)) * (1 + rng.normal(0, 0.01, 150))
    c = bud.fit_curve(x, y, forms=("mm",), adstock="fit", n_boot=0)
    assert c.decay in (0.4, 0.6) or c.decay == pytest.approx(0.5)
    assert bud.fit_curve(x, y, forms=("mm",), adstock=0.5, n_boot=0).params == pytest.approx(
        (6000.0, 2500.0), rel=0.03
    )


def test_curves_pickle_round_trip():
    x, y = synthetic("log", n=40)
    curves = bud.fit_curves(weekly({"a": (x, y)}), n_boot=5)
    back = pickle.loads(pickle.dumps(curves))
    assert isinstance(back, bud.Curves) and back.scope == curves.scope and back.period == "W"
    assert back["a"] == curves["a"]
    assert back["a"].predict([1000.0, 2000.0]) == pytest.approx(
        curves["a"].predict([1000.0, 2000.0])
    )


def test_manual_curve_matches_its_inputs():
    c = bud.manual_curve("new", spend=1000.0, roas=3.0, saturation=10000.0)
    assert float(c.predict(1000.0)) / 1000.0 == pytest.approx(3.0)
    assert float(c.predict(1e12)) == pytest.approx(10000.0, rel=1e-6)
    assert c.manual and c.current == 1000.0
    with pytest.raises(BudgetError, match="saturation level must be above"):
        bud.manual_curve("new", 1000.0, 3.0, 2000.0)
    with pytest.raises(BudgetError, match="needs a spend above zero"):
        bud.manual_curve("new", 0.0, 3.0, 2000.0)


# ---------------------------------------------------------------------------
# optimiser


def brute_force(curves, budget, bounds, steps):
    """Best revenue on a regular grid of the first n-1 channels (the last takes the rest)."""
    names = list(curves)
    axes = [np.linspace(bounds[c][0], bounds[c][1], steps) for c in names[:-1]]
    mesh = np.meshgrid(*axes, indexing="ij")
    last = budget - sum(mesh)
    ok = (last >= bounds[names[-1]][0] - 1e-9) & (last <= bounds[names[-1]][1] + 1e-9)
    total = sum(curves[c].predict(m) for c, m in zip(names[:-1], mesh, strict=True))
    total = total + curves[names[-1]].predict(np.clip(last, 0, None))
    return float(np.max(np.where(ok, total, -np.inf)))


@pytest.mark.parametrize("n,steps", [(2, 20001), (3, 801)], ids=["2-channels", "3-channels"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_optimum_matches_brute_force_grid(n, steps, seed):
    curves = random_curves(n, seed)
    budget = sum(c.current for c in curves.values()) * 1.2
    bounds = bud.default_bounds(curves)
    ours = revenue(curves, bud.optimize(curves, budget))
    grid = brute_force(curves, budget, bounds, steps)
    assert ours == pytest.approx(grid, rel=1e-3)
    assert ours >= grid * (1 - 1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_optimum_matches_slsqp_on_10_channels(seed):
    curves = random_curves(10, seed)
    budget = sum(c.current for c in curves.values()) * (0.8 + 0.1 * seed)
    ours = revenue(curves, bud.optimize(curves, budget))
    ref = revenue(curves, bud.optimize_scipy(curves, budget))
    assert ours == pytest.approx(ref, rel=1e-3)
    assert ours >= ref * (1 - 1e-7)


@pytest.mark.parametrize("seed", range(20))
def test_constraints_and_equal_marginal_roas(seed):
    rng = np.random.default_rng(100 + seed)
    curves = random_curves(int(rng.integers(2, 12)), seed)
    names = list(curves)
    bounds = {}
    for ch in names:
        cur = curves[ch].current
        if rng.random() < 0.5:
            bounds[ch] = (cur * rng.uniform(0, 0.9), cur * rng.uniform(1.1, 4))
    locked = [ch for ch in names if rng.random() < 0.2]
    full = {**bud.default_bounds(curves), **bounds}
    for ch in locked:
        full[ch] = (curves[ch].current,) * 2
    lo = sum(v[0] for v in full.values())
    hi = sum(v[1] for v in full.values())
    budget = lo + rng.uniform(0.05, 0.95) * (hi - lo)
    rep = bud.optimize_report(curves, budget, bounds, locked=locked)
    x = rep.spend
    assert sum(x.values()) == pytest.approx(budget, rel=1e-9)
    for ch in names:
        assert full[ch][0] - 1e-9 <= x[ch] <= full[ch][1] + 1e-9
    for ch in locked:
        assert x[ch] == pytest.approx(curves[ch].current, rel=1e-12)
        assert rep.binds[ch] == "locked"
    free = [rep.marginal[ch] for ch in names if rep.binds[ch] == "free"]
    if len(free) > 1:
        assert max(free) == pytest.approx(min(free), rel=1e-6)
    # channels at a bound are there for a reason: at the upper bound the slope is
    # at least the common one, at the lower bound at most
    if free:
        lam = free[0]
        for ch in names:
            if rep.binds[ch] == "upper":
                assert rep.marginal[ch] >= lam * (1 - 1e-6)
            if rep.binds[ch] == "lower":
                assert rep.marginal[ch] <= lam * (1 + 1e-6)


def test_linear_curves_fill_the_best_channel_first():
    curves = {
        "a": Curve("a", "power", (3.0, 1.0), current=100.0),
        "b": Curve("b", "power", (2.0, 1.0), current=100.0),
    }
    x = bud.optimize(curves, 250.0)  # bounds 50..200 each
    assert x["a"] == pytest.approx(200.0) and x["b"] == pytest.approx(50.0)


def test_infeasible_budget_and_bad_bounds():
    curves = random_curves(3, 0)
    total = sum(c.current for c in curves.values())
    with pytest.raises(BudgetError, match="cannot be met within the channel limits"):
        bud.optimize(curves, total * 5)
    with pytest.raises(BudgetError, match="lowest spend .* is above the highest"):
        bud.optimize(curves, total, {"ch0": (10.0, 5.0)})
    with pytest.raises(BudgetError, match="has no curve"):
        bud.optimize(curves, total, {"nope": (0.0, 1.0)})
    with pytest.raises(BudgetError, match="above zero"):
        bud.optimize(curves, -1.0)


def test_profit_goal_stops_where_marginal_roas_is_one_over_margin():
    curves = random_curves(4, 7)
    total = sum(c.current for c in curves.values())
    bounds = {ch: (0.0, 10 * c.current) for ch, c in curves.items()}
    rep = bud.optimize_report(curves, total * 10, bounds, goal="profit", margin=0.5)
    assert not rep.budget_binds
    for ch in curves:
        if rep.binds[ch] == "free":
            assert rep.marginal[ch] == pytest.approx(2.0, rel=1e-6)
    # against a brute force on the profit of 2 channels
    two = dict(list(curves.items())[:2])
    b2 = {ch: (0.0, 3 * c.current) for ch, c in two.items()}
    r2 = bud.optimize_report(two, 1e9, b2, goal="profit", margin=0.5)
    ga = np.linspace(0, b2["ch0"][1], 1501)[:, None]
    gb = np.linspace(0, b2["ch1"][1], 1501)[None, :]
    prof = 0.5 * (two["ch0"].predict(ga) + two["ch1"].predict(gb)) - ga - gb
    ours = 0.5 * revenue(two, r2.spend) - sum(r2.spend.values())
    assert ours >= prof.max() - 1e-3 * abs(prof.max())


def test_target_roas_goal_spends_the_most_that_keeps_the_target():
    curves = random_curves(3, 4)
    total = sum(c.current for c in curves.values())
    bounds = {ch: (0.0, 3 * c.current) for ch, c in curves.items()}
    full = bud.optimize_report(curves, total * 2, bounds)
    target = revenue(curves, full.spend) / sum(full.spend.values()) * 1.1
    rep = bud.optimize_report(curves, total * 2, bounds, goal="roas", target_roas=target)
    spent = sum(rep.spend.values())
    assert revenue(curves, rep.spend) / spent == pytest.approx(target, rel=1e-4)
    assert spent < total * 2
    more = bud.optimize(curves, spent * 1.01, bounds)
    assert revenue(curves, more) / sum(more.values()) < target


def test_outside_seen_is_flagged():
    curves = {
        "a": Curve("a", "mm", (1000.0, 100.0), current=100.0, spend_min=50.0, spend_max=120.0),
        "b": Curve("b", "mm", (10.0, 1000.0), current=100.0, spend_min=50.0, spend_max=300.0),
    }
    rep = bud.optimize_report(curves, 300.0, {"a": (0.0, 250.0), "b": (0.0, 250.0)})
    assert "a" in rep.outside_seen and rep.spend["a"] > 120.0


# ---------------------------------------------------------------------------
# what-if, waterfall and scenarios


def test_evaluate_and_totals_by_hand():
    curves = {
        "a": Curve("a", "mm", (100.0, 50.0), current=50.0),
        "b": Curve("b", "log", (10.0, 1.0), current=0.0),
    }
    tab = bud.evaluate(curves, {"a": 150.0, "b": 0.0})
    a = tab.set_index("channel").loc["a"]
    assert a["revenue"] == pytest.approx(75.0)
    assert a["roas"] == pytest.approx(0.5) and a["roi"] == pytest.approx(-0.5)
    assert a["base_revenue"] == pytest.approx(50.0) and a["d_revenue"] == pytest.approx(25.0)
    assert a["marginal_roas"] == pytest.approx(100 * 50 / 200**2)
    tot = bud.totals(tab, base=10.0)
    assert tot["spend"] == 150.0 and tot["revenue_total"] == pytest.approx(85.0)
    assert tot["roas"] == pytest.approx(0.5)
    # the column form the what-if panel draws holds the same numbers, and totals agree
    cols = bud.evaluate_arrays(curves, {"a": 150.0, "b": 0.0})
    assert cols["channel"] == ["a", "b"]
    for name in tab.columns.drop("channel"):
        np.testing.assert_array_equal(cols[name], tab[name].to_numpy())
    assert bud.totals(cols, base=10.0) == pytest.approx(tot, nan_ok=True)


def test_waterfall_steps_add_up():
    curves = random_curves(4, 3)
    cur = bud.current_plan(curves)
    opt = bud.optimize(curves, sum(cur.values()))
    wf = bud.waterfall(curves, cur, opt, base=5.0)
    assert wf["step"].iloc[0] == "Current" and wf["step"].iloc[-1] == "Optimised"
    assert wf["end"].iloc[-1] == pytest.approx(5.0 + revenue(curves, opt))
    assert wf["delta"].iloc[1:-1].sum() == pytest.approx(
        revenue(curves, opt) - revenue(curves, cur)
    )
    mids = wf.iloc[1:-1]
    assert mids["start"].iloc[1:].to_numpy() == pytest.approx(mids["end"].iloc[:-1].to_numpy())


def test_scenario_json_round_trips_exactly():
    sc = Scenario(
        "我的计划 =1",
        {"直播": 0.1 + 0.2, "b": 1 / 3, "c": 12345.678901234567},
        "W",
        {"budget": 1e-7},
    )
    back = Scenario.from_json(sc.to_json())
    assert back == sc
    assert back.spend["直播"] == 0.1 + 0.2
    assert Scenario.from_json(sc.to_json().encode("utf-8")) == sc


@pytest.mark.parametrize(
    "text,match",
    [
        ("not json", "not JSON"),
        (json.dumps({"spend": {"a": 1}}), "format marker"),
        (json.dumps({"format": bud._SCENARIO_FORMAT, "spend": {}}), "no spend"),
        (json.dumps({"format": bud._SCENARIO_FORMAT, "spend": {"a": -1}}), "not a number >= 0"),
        (json.dumps({"format": bud._SCENARIO_FORMAT, "spend": {"a": "x"}}), "not a number >= 0"),
    ],
    ids=["garbage", "no-marker", "empty", "negative", "text"],
)
def test_bad_scenario_files(text, match):
    with pytest.raises(BudgetError, match=match):
        Scenario.from_json(text)


def test_compare_scenarios_by_channel_and_total():
    curves = {
        "a": Curve("a", "mm", (100.0, 50.0), current=50.0),
        "b": Curve("b", "mm", (40.0, 10.0), current=10.0),
    }
    comp = bud.compare_scenarios(
        curves,
        [Scenario("x", {"a": 50.0, "b": 10.0}), Scenario("y", {"a": 150.0, "b": 0.0})],
        base=1.0,
    )
    assert comp["scenario"].tolist() == ["x", "x", "x", "y", "y", "y"]
    tot = comp[comp["channel"] == "Total"].set_index("scenario")
    assert tot.loc["x", "revenue"] == pytest.approx(1.0 + 50.0 + 20.0)
    assert tot.loc["y", "spend"] == 150.0 and tot.loc["y", "roas"] == pytest.approx(75.0 / 150.0)


def test_scale_plan_keeps_the_mix():
    assert bud.scale_plan({"a": 1.0, "b": 3.0}, 8.0) == {"a": 2.0, "b": 6.0}
    assert bud.scale_plan({"a": 0.0, "b": 0.0}, 8.0) == {"a": 4.0, "b": 4.0}


# ---------------------------------------------------------------------------
# the marketing-mix example data of Robyn, Meridian and PyMC-Marketing


def _long(wide: pd.DataFrame, date: str, rev: pd.Series, cols: dict[str, str]) -> pd.DataFrame:
    w = wide.assign(_rev=rev.to_numpy())
    out = w.melt(
        id_vars=[date, "_rev"], value_vars=list(cols), var_name="channel", value_name="spend"
    )
    return pd.DataFrame(
        {
            "date": pd.to_datetime(out[date]),
            "channel": out["channel"].map(cols),
            "spend": out["spend"].astype(float),
            "revenue": out["_rev"].astype(float),
        }
    )


def marketing_mix(real, name: str) -> pd.DataFrame:
    if name == "robyn":
        w = pd.read_csv(real("marketing_mix/robyn_dt_simulated_weekly.csv"))
        cols = {c: c[:-2] for c in ["tv_S", "ooh_S", "print_S", "facebook_S", "search_S"]}
        return _long(w, "DATE", w["revenue"], cols)
    if name == "meridian":
        w = pd.read_csv(real("marketing_mix/meridian_national_all_channels.csv"))
        cols = {f"Channel{i}_spend": f"Channel{i}" for i in range(5)}
        return _long(w, "time", w["conversions"] * w["revenue_per_conversion"], cols)
    if name == "meridian_geo":
        w = pd.read_csv(real("marketing_mix/meridian_geo_all_channels.csv"))
        cols = {f"Channel{i}_spend": f"Channel{i}" for i in range(5)}
        w = w.assign(revenue=w["conversions"] * w["revenue_per_conversion"])
        nat = w.groupby("time", as_index=False)[[*cols, "revenue"]].sum()
        return _long(nat, "time", nat["revenue"], cols)
    w = pd.read_csv(real("marketing_mix/pymc_marketing_mmm_example_rounded.csv"))
    return _long(w, "date_week", w["y"], {"x1": "x1", "x2": "x2"})


@pytest.mark.real
@pytest.mark.parametrize("name", ["robyn", "meridian", "meridian_geo", "pymc"])
@pytest.mark.parametrize("adstock", [None, "fit"], ids=["no-adstock", "adstock-fit"])
def test_marketing_mix_examples_fit_and_optimise(real, name, adstock):
    df = marketing_mix(real, name)
    curves = bud.fit_curves(df, adstock=adstock, n_boot=10)
    assert curves.scope == "total"
    assert set(curves) == set(df["channel"].unique())
    for c in curves.values():
        assert c.concave and math.isfinite(float(c.predict(c.current)))
    budget = sum(c.current for c in curves.values())
    rep = bud.optimize_report(curves, budget)
    assert sum(rep.spend.values()) == pytest.approx(budget, rel=1e-9)
    assert set(rep.binds.values()) <= {"free", "lower", "upper"}


def test_budget_errors_are_coded_analytics_errors_with_one_text_table():
    """BudgetError is an AnalyticsError whose text comes from analytics.messages (one table for
    the app and notebooks); money parameters are written with separators in English."""
    from analytics import messages

    err = BudgetError("infeasible", budget=81651.07, low=8165.1, high=32660.4)
    assert isinstance(err, messages.AnalyticsError) and err.code == "infeasible"
    assert err.params["budget"] == 81651.07  # the app formats it in the shop currency
    assert "81,651.07" in str(err) and "8,165.10" in str(err)
    assert str(err) == messages.english(
        "budget.err.infeasible", budget="81,651.07", low="8,165.10", high="32,660.40"
    )
    zh = messages.text(
        "budget.err.infeasible", "zh", budget="¥81,651", low="¥8,165", high="¥32,660"
    )
    assert "¥81,651" in zh and "预算" in zh
    assert set(bud.MESSAGES) == {
        k.removeprefix("budget.err.") for k in messages.STRINGS if k.startswith("budget.err.")
    }
