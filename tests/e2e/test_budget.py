"""The budget page in headless Chromium: dragging a channel slider updates the curves chart."""

from __future__ import annotations

from tests.e2e.conftest import load_samples, nav, wait_ready


def _revenue(page) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text="Predicted revenue").first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_slider_drag_updates_chart(page):
    load_samples(page)
    nav(page, "Budget allocation")
    page.get_by_text("What if").first.wait_for()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for()
    page.wait_for_timeout(800)  # let Vega finish drawing
    before_img = chart.screenshot()
    before_rev = _revenue(page)
    # the first channel slider of the what-if (index 0 is the decay slider in Curve settings)
    slider = page.locator('[data-testid="stSlider"]').nth(1)
    thumb = slider.locator('input[type="range"]').locator("xpath=../..")
    thumb.scroll_into_view_if_needed()
    box = thumb.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y, steps=8)
    page.mouse.up()
    wait_ready(page)
    page.wait_for_function(
        """(old) => {
            const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
                .find(e => e.innerText.includes('Predicted revenue'));
            return m && !m.innerText.includes(old);
        }""",
        arg=before_rev,
        timeout=20_000,
    )
    page.wait_for_timeout(800)
    assert _revenue(page) != before_rev
    assert chart.screenshot() != before_img
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Traceback" not in body
    assert not page.dialogs
