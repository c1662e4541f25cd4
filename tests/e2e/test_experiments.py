"""The Experiments page in headless Chromium at 1280x720: the sample event log's A/B test
read in English, in Chinese and in meeting mode; the verdict read off the page."""

from __future__ import annotations

import os
from pathlib import Path

from tests.e2e.conftest import CHART, drawn_charts, load_samples, nav, wait_ready
from tests.e2e.test_meeting import meeting_toggle, visible

SHOTS = os.environ.get("EXPERIMENTS_SHOTS")  # a folder to keep the screenshots in


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    page.screenshot(path=str(folder / f"experiments_{name}.png"), full_page=False)


def _open(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    load_samples(page)
    nav(page, "Experiments")


def _overflow(page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMainBlockContainer"]')]
                  .filter(e => e.scrollWidth > e.clientWidth + 1).length"""
    )


def test_english_reading_and_verdict(page, tmp_path):
    _open(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Verdict: Ship B").first.wait_for(timeout=60_000)
    panel = page.locator('[role="tabpanel"]:visible').first
    panel.locator(CHART).first.wait_for()
    page.wait_for_timeout(800)
    assert drawn_charts(panel) >= 2  # rates and lifts
    text = main.inner_text()
    assert "always-valid interval of the lift" in text and "Traceback" not in text
    assert _overflow(page) == 0
    _shot(page, tmp_path, "en")
    # the planning tab's card reruns alone and answers
    page.get_by_role("tab", name="Planning").click()
    page.get_by_text("Users per variant").first.wait_for()
    assert page.dialogs == []


def test_chinese_reading(page, tmp_path):
    _open(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("简体中文").click()
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("结论：上线 B").first.wait_for(timeout=60_000)
    assert "始终有效区间" in main.inner_text()
    page.wait_for_timeout(800)
    _shot(page, tmp_path, "zh")


def test_meeting_mode(page, tmp_path):
    _open(page)
    page.get_by_text("Verdict: Ship B").first.wait_for(timeout=60_000)
    meeting_toggle(page).click()
    wait_ready(page)
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')""", timeout=90_000
    )
    page.get_by_text("Verdict: Ship B").first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    assert visible(page, "stSidebar") == 0
    assert _overflow(page) == 0
    _shot(page, tmp_path, "meeting")
