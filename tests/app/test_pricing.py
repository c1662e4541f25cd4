"""The competitor-price page through the real router: sample data, real drill data, no data, both languages."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from tests.app.conftest import assert_clean, make_app, sample_datasets
from tests.conftest import real_file

PAGE = "views/pricing.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at) -> list:
    return at.get("vega_lite_chart")


def test_no_data_says_what_to_do():
    at = make_app(PAGE)
    at.run()
    assert_clean(at)
    assert at.title[0].value == "Competitor prices"
    assert any("needs a Competitor prices dataset" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_data_renders(lang):
    at = make_app(PAGE, lang=lang, datasets=sample_datasets("prices"))
    at.run()
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    title = {"en": "Competitor prices", "zh": "竞品价格"}[lang]
    assert at.title[0].value == title
    # own seller preselected from the file's own flag
    assert at.selectbox(key="pricing.own").value == "本店"
    got = metrics(at)
    cheapest = {"en": "We are cheapest", "zh": "我方最便宜"}[lang]
    assert int(got[cheapest].replace(",", "")) >= 0
    # heatmap, index, contributions, history, promotions
    assert len(charts(at)) >= 5
    assert len(at.dataframe) >= 6


def test_changing_our_seller_and_index_definition_changes_numbers():
    at = make_app(PAGE, datasets=sample_datasets("prices"))
    at.run()
    before = metrics(at)
    index_key = next(k for k in before if k.startswith("Index on"))
    sellers = at.selectbox(key="pricing.own").options
    other = next(s for s in sellers if s != "本店")
    at.selectbox(key="pricing.own").set_value(other).run()
    assert_clean(at)
    after = metrics(at)
    assert (after["We are cheapest"], after["We are most expensive"], after[index_key]) != (
        before["We are cheapest"],
        before["We are most expensive"],
        before[index_key],
    )
    at.selectbox(key="pricing.own").set_value("本店").run()
    values = {}
    for method in ("market_average", "lowest", "basket"):
        at.selectbox(key="pricing.method").set_value(method).run()
        assert_clean(at)
        values[method] = metrics(at)[index_key]
    assert len(set(values.values())) == 3, values
    at.selectbox(key="pricing.method").set_value("competitor").run()
    assert_clean(at)
    rivals = at.selectbox(key="pricing.rival").options
    first = metrics(at)[index_key]
    at.selectbox(key="pricing.rival").set_value(rivals[-1]).run()
    assert_clean(at)
    assert metrics(at)[index_key] != first
    # the definition is said in words
    assert any("x 100" in i.value for i in at.info)


def test_weekly_grouping_weighting_and_rules():
    at = make_app(PAGE, datasets=sample_datasets("prices", "orders"))
    at.run()
    at.selectbox(key="pricing.freq").set_value("W").run()
    assert_clean(at)
    # move the date sliders, then change the grouping again: nothing stale breaks
    since = next(s for s in at.select_slider if s.key.startswith("pricing.since."))
    since.set_value(pd.Timestamp(since.options[-3])).run()
    assert_clean(at)
    at.selectbox(key="pricing.freq").set_value("M").run()
    assert_clean(at)
    at.toggle(key="pricing.weighted").set_value(True).run()
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    at.number_input(key="pricing.rule_undercut").set_value(1.0).run()
    at.number_input(key="pricing.promo_window").set_value(7).run()
    assert_clean(at)


def test_costs_enable_margins_and_below_cost_alerts():
    at = make_app(PAGE, datasets=sample_datasets("prices"))
    at.session_state["_settings"] = {"pricing.costs": {"P001": 80.0, "P002": 1000.0}}
    at.run()
    assert_clean(at)
    high = metrics(at)["High"]
    assert int(high.replace(",", "")) >= 1
    position = at.dataframe[0].value
    assert "margin_pct" in position.columns


def test_title_matching_flow():
    # the sample file without its shared product IDs: products must be matched by title
    ds = sample_datasets("prices")[0]
    no_ids = dataclasses.replace(
        ds, frame=ds.frame.drop(columns="product_id"), fingerprint=ds.fingerprint + "-no-ids"
    )
    at = make_app(PAGE, datasets=[no_ids])
    at.run()
    assert_clean(at)
    before = metrics(at)["Only we sell"]
    at.button(key="pricing.match_propose").click().run()
    assert_clean(at)
    at.button(key="pricing.match_apply").click().run()
    assert_clean(at)
    assert any("title matches are applied" in i.value for i in at.info)
    # sample titles are the same across sellers: matching them changes nothing here,
    # but the matched data went through every section without error
    assert metrics(at)["Only we sell"] == before
    at.button(key="pricing.match_clear").click().run()
    assert_clean(at)
    assert not any("title matches are applied" in i.value for i in at.info)


@pytest.mark.real
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_drill_data(lang):
    from analytics.ingest import load

    ds = load(real_file("prices/power_drills_weekly_panel_amzn_wmt_hd_low.csv"))
    at = make_app(PAGE, lang=lang, datasets=[ds])
    at.run(timeout=60)
    assert_clean(at)
    assert at.selectbox(key="pricing.own").value == "AMZN"  # most observations
    first = {m.label: m.value for m in at.metric}
    at.selectbox(key="pricing.own").set_value("WMT").run(timeout=60)
    assert_clean(at)
    assert {m.label: m.value for m in at.metric} != first
    at.selectbox(key="pricing.method").set_value("basket").run(timeout=60)
    assert_clean(at)
