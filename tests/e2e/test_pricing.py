"""The competitor-price page in headless Chromium: the heatmap and a history chart are drawn."""

from __future__ import annotations

from tests.e2e.conftest import CHART, drawn_charts, load_samples, nav, wait_ready


def test_heatmap_and_history_chart_render(page):
    load_samples(page)
    nav(page, "Competitor prices")
    main = page.locator('[data-testid="stMain"]')
    page.get_by_text("Price gap by product and seller").wait_for()
    panel = page.locator('[role="tabpanel"]:visible').first
    panel.locator(CHART).first.wait_for()
    page.wait_for_timeout(800)
    assert drawn_charts(panel) >= 1  # the heatmap
    assert "Traceback" not in main.inner_text()

    page.get_by_role("tab", name="History").click()
    wait_ready(page)
    panel = page.locator('[role="tabpanel"]:visible').first
    panel.locator(CHART).first.wait_for()
    page.wait_for_timeout(800)
    assert drawn_charts(panel) >= 1  # the step chart of every seller's price
    assert "Keepa style" in panel.inner_text()  # the lows and averages table is there
    assert page.dialogs == []
