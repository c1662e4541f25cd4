"""The funnel page in headless Chromium: the funnel chart is drawn from the sample event log."""

from __future__ import annotations

import re

from tests.e2e.conftest import CHART, drawn_charts, load_samples, nav, wait_ready


def test_funnel_chart_renders_and_reacts(page):
    load_samples(page)
    nav(page, "Funnel")
    main = page.locator('[data-testid="stMain"]')
    page.get_by_text("Counting rules").wait_for()
    panel = page.locator('[role="tabpanel"]:visible').first
    panel.locator(CHART).first.wait_for()
    page.wait_for_timeout(800)
    assert drawn_charts(panel) >= 1  # the funnel chart
    text = main.inner_text()
    assert "Traceback" not in text
    assert "Biggest drop-off" in text and "Overall conversion" in text

    # a stricter order redraws the page with its rule stated, still without errors
    # (a rerun still drawing the page can close the list: open it again until it shows)
    strict = page.get_by_role("option", name="Strict", exact=True)
    for _ in range(5):
        wait_ready(page)
        main.get_by_role("combobox", name=re.compile("Step order")).first.click()
        try:
            strict.wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    strict.click()
    wait_ready(page)
    page.get_by_text("Order: strict.").wait_for()
    panel = page.locator('[role="tabpanel"]:visible').first
    panel.locator(CHART).first.wait_for()
    page.wait_for_timeout(800)
    assert drawn_charts(panel) >= 1
    assert "Traceback" not in main.inner_text()
    assert page.dialogs == []
