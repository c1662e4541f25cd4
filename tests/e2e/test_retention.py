"""The Retention & LTV page in headless Chromium: English, Chinese and meeting mode at 1280x720."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CHART, drawn_charts, load_samples, nav, wait_ready

OVERFLOW = """() => document.documentElement.scrollWidth > window.innerWidth + 1"""


def _tab(page, name: str):
    page.get_by_role("tab", name=name).click()
    wait_ready(page, timeout=120_000)
    panel = page.locator('[role="tabpanel"]:visible').first
    panel.locator(CHART).first.wait_for(timeout=120_000)
    page.wait_for_timeout(800)
    return panel


def test_retention_page_in_english(page, tmp_path):
    load_samples(page)
    nav(page, "Retention & LTV")
    main = page.locator('[data-testid="stMain"]')
    panel = _tab(page, "Cohort table")
    assert drawn_charts(panel) >= 1  # the triangle
    text = main.inner_text()
    assert "Traceback" not in text
    assert "Mixpanel" in text and "Amplitude" in text and "✱" in text
    page.screenshot(path=str(tmp_path / "en-retention.png"), full_page=True)
    for tab in ("Retention curves", "Value and payback", "Lifetime value forecast"):
        panel = _tab(page, tab)
        assert drawn_charts(panel) >= 1, tab
        page.screenshot(path=str(tmp_path / f"en-{tab[:5]}.png"), full_page=True)
    assert "Expected value per RFM layer" in main.inner_text()
    page.get_by_text("Expected value per RFM layer").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / "en-layers.png"))
    page.get_by_text("Customers (download)").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / "en-customers.png"))
    assert page.dialogs == []


def test_retention_page_in_chinese(browser, server_url, tmp_path):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    try:
        page.goto(server_url)
        wait_ready(page)
        page.get_by_role("button", name="加载全部示例数据").first.click()
        wait_ready(page)
        page.locator('[data-testid="stSidebarNav"]').get_by_text(
            "留存与生命周期价值", exact=True
        ).first.click()
        wait_ready(page, timeout=120_000)
        panel = _tab(page, "同期群表")
        assert drawn_charts(panel) >= 1
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "首次同期群" in text and "Traceback" not in text
        _tab(page, "生命周期价值预测")
        page.screenshot(path=str(tmp_path / "zh-retention.png"), full_page=True)
    finally:
        ctx.close()


@pytest.mark.parametrize("tab", ["Cohort table", "Lifetime value forecast"])
def test_retention_meeting_mode_at_720p(page, tab, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    load_samples(page)
    nav(page, "Retention & LTV")
    page.wait_for_url("**/retention**")  # the click's navigation may not have landed yet
    page.goto(page.url + ("&" if "?" in page.url else "?") + "meeting=1")
    wait_ready(page, timeout=120_000)
    panel = _tab(page, tab)
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')""", timeout=90_000
    )
    assert drawn_charts(panel) >= 1
    assert not page.evaluate(OVERFLOW)
    # the period picker stays live in meeting mode
    assert page.locator(".st-key-retention-period").first.is_visible()
    page.screenshot(path=str(tmp_path / "meeting-retention.png"))
