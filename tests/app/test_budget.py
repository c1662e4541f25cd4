"""The budget page through AppTest: what-if, optimiser, scenarios, no data, both languages."""

from __future__ import annotations

import pytest

from analytics.budget import Scenario
from tests.app.conftest import assert_clean, make_app, sample_datasets
from ui.i18n import text

PAGE = "views/budget.py"


def settings(at) -> dict:
    return at.session_state["_settings"]


def metric(at, key: str, lang: str = "en") -> str:
    label = text(key, lang)
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture(scope="module")
def spend_data():
    return sample_datasets("spend")


@pytest.fixture
def app(spend_data):
    at = make_app(PAGE, datasets=spend_data, timeout=90)
    at.run()
    assert_clean(at)
    return at


def test_no_data_says_what_to_do():
    at = make_app(PAGE)
    at.run()
    assert_clean(at)
    assert any(text("kind.spend", "en") in i.value for i in at.info)
    assert not at.slider


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_languages(spend_data, lang):
    at = make_app(PAGE, lang=lang, datasets=spend_data, timeout=90)
    at.run()
    assert_clean(at)
    assert at.title[0].value == text("nav.budget", lang)
    assert metric(at, "budget.m.revenue", lang)
    assert at.subheader[0].value == text("budget.whatif", lang)


def test_moving_a_channel_changes_predicted_revenue(app):
    before = metric(app, "budget.m.revenue")
    s = app.slider(key="budget.ch.0")
    s.set_value(s.value * 1.5).run()
    assert_clean(app)
    after = metric(app, "budget.m.revenue")
    assert after != before
    plan = settings(app)["budget.plan"]
    assert plan[s.label.replace("\\", "")] == pytest.approx(s.value)


def test_percent_mode_moves_against_current(app):
    app.segmented_control(key="budget.mode").set_value("pct").run()
    s = app.slider(key="budget.ch.1")
    assert s.value == pytest.approx(0.0)
    s.set_value(50.0).run()
    assert_clean(app)
    ch = s.label.replace("\\", "")
    cur = settings(app)["budget.scenarios"][text("budget.sc.current", "en")].spend[ch]
    assert settings(app)["budget.plan"][ch] == pytest.approx(cur * 1.5)


def test_optimise_then_apply(app):
    before = metric(app, "budget.m.revenue")
    app.button(key="budget.run").click().run()
    assert_clean(app)
    opt = settings(app)["budget.optimum"]
    assert opt is not None
    assert any(text("budget.opt_result", "en")[:10] in s.value for s in app.success)
    total = app.number_input(key="budget.total").value
    assert sum(opt.spend.values()) == pytest.approx(total, rel=1e-9)
    app.button(key="budget.apply").click().run()
    assert_clean(app)
    assert settings(app)["budget.plan"] == pytest.approx(opt.spend)
    assert metric(app, "budget.m.revenue") != before


def test_optimise_with_impossible_budget_is_an_error_not_a_crash(app):
    app.number_input(key="budget.total").set_value(1e12).run()
    app.button(key="budget.run").click().run()
    assert not app.exception
    assert any("cannot be met" in e.value for e in app.error)


def test_save_download_and_upload_a_scenario(app):
    s = app.slider(key="budget.ch.0")
    s.set_value(s.value * 0.7 + 0.123).run()
    plan = dict(settings(app)["budget.plan"])
    app.text_input(key="budget.sc_name").set_value("Plan B").run()
    app.button(key="budget.save").click().run()
    assert_clean(app)
    scenarios = settings(app)["budget.scenarios"]
    assert scenarios["Plan B"].spend == plan
    assert "Plan B" in app.multiselect(key="budget.sc_pick").value
    # the comparison table has the scenario's columns
    assert any(any("Plan B" in str(c) for c in d.value.columns) for d in app.dataframe)
    # the download button offers this scenario's JSON
    app.selectbox(key="budget.sc_which").set_value("Plan B").run()
    assert app.get("download_button")
    payload = scenarios["Plan B"].to_json().encode("utf-8")
    # move away, then upload the downloaded file: the plan comes back exactly
    app.button(key="budget.reset").click().run()
    assert settings(app)["budget.plan"] != plan
    app.file_uploader(key="budget.sc_upload").upload(
        "budget_scenario.json", payload, "application/json"
    ).run()
    assert_clean(app)
    assert settings(app)["budget.plan"] == plan
    assert Scenario.from_json(payload).spend == plan


def test_bad_scenario_upload_is_explained(app):
    app.file_uploader(key="budget.sc_upload").upload(
        "x.json", b"{not json", "application/json"
    ).run()
    assert not app.exception
    assert any("not a budget scenario" in e.value for e in app.error)


def test_manual_curve_adds_a_channel(app):
    n = len(app.slider)
    app.text_input(key="budget.m_name").set_value("New test")
    submit = next(b for b in app.button if b.label == text("budget.manual_add", "en"))
    submit.click().run()
    assert_clean(app)
    assert len(app.slider) == n + 1
    assert "New test" in settings(app)["budget.plan"]


def test_traffic_dataset_as_source():
    at = make_app(PAGE, datasets=sample_datasets("traffic"), timeout=90)
    at.run()
    assert_clean(at)
    assert at.slider
