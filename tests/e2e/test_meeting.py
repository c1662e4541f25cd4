"""Browser tests of the overview's meeting mode, weekly report and shareable URLs (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import load_samples, nav, wait_ready
from ui.meeting import LIVE_SELECTOR

pytestmark = pytest.mark.xdist_group("browser")

# input widgets that meeting mode hides (charts, tables and metrics stay)
WIDGETS = [
    "stSelectbox",
    "stMultiSelect",
    "stDateInput",
    "stSlider",
    "stRadio",
    "stNumberInput",
    "stTextInput",
    "stButton",
    "stDownloadButton",
    "stFileUploader",
    "stButtonGroup",
    "stPopover",
    "stDataEditor",
]


CONTENT = '[data-testid="stVegaLiteChart"], [data-testid="stMetricValue"]'


def visible(pg, testid: str, *, live: bool = True) -> int:
    """Visible elements of ``testid``; ``live=False`` leaves out meeting mode's live widgets."""
    return pg.evaluate(
        """([id, skip]) => [...document.querySelectorAll(`[data-testid="${id}"]`)]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.width > 0 && r.height > 0 && !(skip && e.closest(skip)) &&
                                  getComputedStyle(e).visibility !== 'hidden'; }).length""",
        [testid, "" if live else LIVE_SELECTOR],
    )


def meeting_toggle(pg):
    # a rerun that adds the agenda moves the toggle: its stale copy lingers until the run ends
    pg.wait_for_function(
        """() => [...document.querySelectorAll('.st-key-meeting_bar p')]
                 .filter(p => p.textContent === 'Meeting mode').length === 1""",
        timeout=60_000,
    )
    return pg.locator(".st-key-meeting_bar").get_by_text("Meeting mode", exact=True)


@pytest.mark.parametrize(
    "title",
    [
        "Overview",
        "Import data",
        "Traffic sources",
        "User layering",
        "Funnel",
        "Retention & LTV",
        "Competitor prices",
        "Budget allocation",
        "Experiments",
    ],
)
def test_meeting_mode_hides_sidebar_and_widgets_at_720p(page, title, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    load_samples(page)
    if title != "Overview":
        nav(page, title)
    assert visible(page, "stSidebar") == 1
    meeting_toggle(page).click()
    wait_ready(page)
    # meeting mode hides the running indicator too: wait for the content itself
    content = CONTENT if title != "Import data" else '[data-testid="stDataFrame"], h1'
    page.wait_for_function(
        """(sel) => [...document.querySelectorAll(sel)]
                    .some(e => e.getBoundingClientRect().width > 0)""",
        arg=content,
        timeout=90_000,
    )
    # ... and for the run's end: until then the elements of the run before stay, marked stale
    # (the toggle among them, twice in the bar while the page computes)
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')""", timeout=90_000
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / "meeting.png"))
    assert visible(page, "stSidebar") == 0
    # only the period pickers and the budget sliders stay (meeting.LIVE)
    shown = {w: visible(page, w, live=False) for w in WIDGETS}
    assert not any(shown.values()), shown
    # the way out stays visible, and the content is still there
    assert meeting_toggle(page).is_visible()
    if title != "Import data":
        assert visible(page, "stVegaLiteChart") + visible(page, "stMetricValue") > 0
    meeting_toggle(page).click()
    wait_ready(page)
    page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stSidebar"]');
                   return s && s.getBoundingClientRect().width > 0; }"""
    )


def test_meeting_mode_from_url_keeps_filters(page, server_url):
    load_samples(page)
    page.get_by_text("Month to date", exact=True).click()
    wait_ready(page)
    page.wait_for_url("**home.period=month**")
    # a fresh load of the link (same workspace, so the same data) in meeting mode
    page.goto(page.url + "&meeting=1")
    wait_ready(page)
    page.get_by_text("2025-12-01 – 2025-12-31").first.wait_for()
    page.locator('[data-testid="stMetricValue"]').nth(9).wait_for()
    assert visible(page, "stSidebar") == 0
    assert visible(page, "stMetricValue") >= 10


def test_report_downloads_and_opens_offline(page, browser, tmp_path):
    load_samples(page)
    page.get_by_role("button", name="Build the report").click()
    wait_ready(page, timeout=120_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download HTML").click()
    path = Path(tmp_path / info.value.suggested_filename)
    info.value.save_as(path)
    assert path.name.startswith("weekly-report_2025-12-25_2025-12-31")
    with page.expect_download() as info_pdf:
        page.get_by_role("button", name="Download PDF").click()
    pdf = tmp_path / info_pdf.value.suggested_filename
    info_pdf.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    # open the file in Chromium with the network cut: everything is inline
    ctx = browser.new_context(offline=True)
    view = ctx.new_page()
    view.goto(path.as_uri())
    for section in ("cockpit", "tree", "traffic", "segments", "funnel", "pricing", "budget"):
        svg = view.locator(f"section#{section} svg")
        assert svg.count() >= 1, section
        assert svg.first.bounding_box()["width"] > 100, section
    assert view.locator("section#alerts li").count() >= 1
    ctx.close()


def test_shared_url_reopens_the_same_filters(page, browser):
    load_samples(page)
    nav(page, "Traffic sources")
    page.locator(".st-key-traffic-compare").get_by_text("Week before (WoW)").click()
    wait_ready(page)
    page.wait_for_url("**traffic.compare=week**")
    url = page.url
    assert "traffic.range=" in url and "ws=" in url
    ctx = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    other = ctx.new_page()
    other.goto(url)
    wait_ready(other)
    picked = other.locator(".st-key-traffic-compare [aria-checked='true']")
    picked.wait_for()
    assert picked.count() == 1 and "Week before" in picked.inner_text()
    # the period is the one of the link too
    rng = url.split("traffic.range=")[1].split("&")[0].replace("%2C", ",")
    assert rng in other.url.replace("%2C", ",")
    ctx.close()
