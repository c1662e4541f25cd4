"""Every page runs with no data and with all sample data, in both languages, without an exception."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_clean, make_app, sample_datasets

PAGES = ["home", "data", "traffic", "segments", "funnel", "pricing", "budget"]
TITLES = {
    "en": {"data": "Import data", "traffic": "Traffic sources", "segments": "User layering",
           "funnel": "Funnel", "pricing": "Competitor prices", "budget": "Budget allocation"},
    "zh": {"data": "导入数据", "traffic": "流量来源", "segments": "用户分层",
           "funnel": "转化漏斗", "pricing": "竞品价格", "budget": "预算分配"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_page_without_data(page, lang):
    at = make_app(f"pages/{page}.py", lang=lang)
    at.run()
    assert_clean(at)
    if page in TITLES[lang]:
        assert at.title and at.title[0].value == TITLES[lang][page]
    if page not in {"home", "data"}:
        assert at.info, "a page without its data says what to load"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_page_with_sample_data(page, lang):
    at = make_app(f"pages/{page}.py", lang=lang, datasets=sample_datasets(), timeout=60)
    at.run()
    assert_clean(at)
    # with data loaded no page asks for data
    assert not [i for i in at.info if "Import data" in i.value or "导入数据" in i.value]


def test_sidebar_lists_datasets_and_removes_one():
    at = make_app("pages/home.py", datasets=sample_datasets(), timeout=60)
    at.run()
    removes = [b for b in at.sidebar.button if b.key and b.key.startswith("sidebar.remove.")]
    assert len(removes) == 5
    removes[0].click().run()
    assert_clean(at)
    assert len([b for b in at.sidebar.button if b.key and b.key.startswith("sidebar.remove.")]) == 4


def test_language_switch_changes_labels():
    at = make_app("pages/home.py", lang="en")
    at.run()
    assert at.sidebar.radio(key="app.lang").value == "en"
    assert any("Loaded datasets" in s.value for s in at.sidebar.subheader)
    at.sidebar.radio(key="app.lang").set_value("zh").run()
    assert any("已加载的数据" in s.value for s in at.sidebar.subheader)
    assert_clean(at)


def test_one_click_loads_all_samples():
    at = make_app("pages/home.py", timeout=60)
    at.run()
    at.button(key="home.samples").click().run()
    assert_clean(at)
    assert at.success and "5" in at.success[0].value
    assert len(at.session_state["_datasets"]) == 5
