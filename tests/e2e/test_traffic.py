"""The traffic page in headless Chromium: charts render, a legend click highlights a channel."""

from __future__ import annotations

from tests.e2e.conftest import load_samples, nav, wait_ready


def test_mix_charts_render_and_legend_click_highlights(page):
    load_samples(page)
    nav(page, "Traffic sources")
    main = page.locator('[data-testid="stMain"]')
    page.get_by_role("tab", name="Mix over time").click()
    wait_ready(page)
    panel = page.locator('[role="tabpanel"]:visible').first
    chart = panel.locator(".vega-embed").filter(has_text="Traffic by channel").first
    chart.wait_for()
    page.wait_for_timeout(800)
    box = chart.locator("canvas, svg").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    # click a channel in the legend: the page notes the highlight and redraws
    chart.locator("text=Direct").first.click()
    wait_ready(page)
    page.get_by_text("Highlighted: Direct").first.wait_for()
    assert "Traceback" not in main.inner_text()
    assert page.dialogs == []
