"""Meeting mode runs a meeting (issue 15, item 5): at 1280x720 with the sample data, every
page keeps the agenda bar, nothing overflows sideways (no table hides columns past its
right edge, in any tab), no text is under 14 px, and the previous / next pair walks the
pages in navigation order."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import load_samples, wait_ready

pytestmark = pytest.mark.xdist_group("browser")

# the navigation order of app.py (the agenda) and each page's URL path
AGENDA = [
    ("Overview", "home"),
    ("Import data", "data"),
    ("Traffic sources", "traffic"),
    ("User layering", "segments"),
    ("Funnel", "funnel"),
    ("Retention & LTV", "retention"),
    ("Competitor prices", "pricing"),
    ("Budget allocation", "budget"),
    ("Experiments", "experiments"),
]
BAR = ".st-key-meeting_bar"
CONTENT = '[data-testid="stVegaLiteChart"] svg, [data-testid="stMetricValue"], [data-testid="stDataFrame"]'

# horizontal overflow of the page and its main containers
OVERFLOW = """() => {
  const sel = 'html, body, [data-testid="stAppViewContainer"], [data-testid="stMain"],'
            + '[data-testid="stMainBlockContainer"], ' + arguments_bar;
  return [...document.querySelectorAll(sel)]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.getAttribute('data-testid') || e.tagName) + ' ' + e.scrollWidth + '>' + e.clientWidth);
}""".replace("arguments_bar", f"'{BAR}'")

# visible tables whose grid is wider than its box (columns hidden past the right edge)
CUT_TABLES = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(g => g.getBoundingClientRect().width > 0)
  .map(g => [g, g.querySelector('.dvn-scroller')])
  .filter(([g, s]) => s && (s.scrollWidth > s.clientWidth + 1
                            || g.getBoundingClientRect().right > window.innerWidth))
  .map(([g, s]) => s.scrollWidth + '>' + s.clientWidth + ' '
       + [...g.querySelectorAll('[role=columnheader]')].map(h => h.textContent).join('|').slice(0, 80))"""

# visible text (HTML and the charts' SVG) drawn under 14 px, on screen or below it
SMALL_TEXT = """() => {
  const out = [];
  for (const e of document.querySelectorAll('[data-testid="stMain"] *, .st-key-meeting_bar *')) {
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(e);
    if (cs.visibility === 'hidden' || cs.display === 'none' || +cs.opacity === 0) continue;
    if (e.closest('[aria-hidden="true"], [data-testid="stTooltipHoverTarget"] svg')) continue;
    let px = parseFloat(cs.fontSize);
    if (e instanceof SVGElement) {  // charts scale their SVG: measure the drawn size
      const svg = e.ownerSVGElement || e;
      const k = svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || svg.width.baseVal.value || 1);
      px = px * (isFinite(k) && k > 0 ? k : 1);
    }
    if (px < 13.5) out.push(px.toFixed(1) + 'px ' + e.tagName + ' ' + e.textContent.trim().slice(0, 30));
  }
  return out;
}"""


def _links(pg) -> list[str]:
    return pg.locator(f"{BAR} [data-testid='stPageLink']").all_inner_texts()


def _check_page(pg, title: str, path: str) -> None:
    pg.wait_for_url(
        lambda url: urlparse(url).path.strip("/") in ((path,) if path != "home" else ("", path))
    )
    wait_ready(pg)
    if path != "data":
        pg.wait_for_function(
            """(sel) => [...document.querySelectorAll(sel)].some(e => e.getBoundingClientRect().width > 0)""",
            arg=CONTENT,
            timeout=90_000,
        )
    pg.wait_for_timeout(1500)  # charts finish drawing
    # the bar's link to the page shown points here
    here = pg.locator(f"{BAR} [data-testid='stPageLink-NavLink']").filter(has_text=title).first
    assert here.get_attribute("href") == ("" if path == "home" else path)
    # the agenda bar: on screen, every page, previous / next, the way out
    bar = pg.locator(BAR)
    assert bar.is_visible() and bar.bounding_box()["y"] < 5
    links = [x.strip() for x in _links(pg)]
    for name, _ in AGENDA:
        assert any(name in x for x in links), (name, links)
    assert any("Previous" in x for x in links) and any("Next" in x for x in links)
    assert (
        pg.locator('[data-testid="stSidebar"]').evaluate("e => e.getBoundingClientRect().width")
        == 0
    )
    assert pg.evaluate(OVERFLOW) == [], title
    small = pg.evaluate(SMALL_TEXT)
    assert small == [], (title, small[:10])
    _check_tables(pg, title)


def _check_tables(pg, title: str) -> None:
    """No table cut at the right edge, in the tab shown and in each other tab."""
    assert pg.evaluate(CUT_TABLES) == [], title
    tabs = pg.locator('[data-testid="stMain"] [data-testid="stTabs"]').first
    if not tabs.count():
        return
    names = tabs.locator('[role="tab"]')
    for i in range(1, names.count()):
        names.nth(i).click()
        wait_ready(pg)
        pg.wait_for_timeout(800)  # the grid measures its columns
        assert pg.evaluate(CUT_TABLES) == [], (title, names.nth(i).inner_text())
    names.first.click()
    wait_ready(pg)


def _step(pg, label: str) -> None:
    link = pg.locator(f"{BAR} [data-testid='stPageLink']").filter(has_text=label).first
    link.click()
    wait_ready(pg)


def test_meeting_mode_walks_the_agenda_at_720p(page, server_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    load_samples(page)
    page.locator(BAR).get_by_text("Meeting mode", exact=True).click()
    wait_ready(page)
    # Previous is disabled on the first page, Next on the last
    for i, (title, path) in enumerate(AGENDA):
        if i:
            _step(page, "Next")
        _check_page(page, title, path)
    nxt = page.locator(f"{BAR} [data-testid='stPageLink-NavLink']").filter(has_text="Next")
    assert nxt.get_attribute("disabled") is not None
    _step(page, "Previous")
    _check_page(page, *AGENDA[-2])
    # any page straight from the bar
    _step(page, "User layering")
    _check_page(page, *AGENDA[3])
    _step(page, "Overview")
    _check_page(page, *AGENDA[0])
    prev = page.locator(f"{BAR} [data-testid='stPageLink-NavLink']").filter(has_text="Previous")
    assert prev.get_attribute("disabled") is not None


def test_meeting_mode_keeps_the_period_and_budget_sliders_live(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    load_samples(page)
    page.locator(BAR).get_by_text("Meeting mode", exact=True).click()
    wait_ready(page)
    # the overview's period picker works in meeting mode
    page.get_by_text("Month to date", exact=True).click()
    wait_ready(page)
    page.get_by_text("2025-12-01 – 2025-12-31").first.wait_for()
    _step(page, "Budget allocation")
    value = page.locator(".st-key-budget-ch-0 [data-testid='stSliderThumbValue']")
    value.wait_for(timeout=120_000)  # meeting mode hides the running indicator
    before = value.inner_text()
    page.locator(".st-key-budget-ch-0 input[type='range']").focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(b) => document.querySelector('.st-key-budget-ch-0 [data-testid=stSliderThumbValue]')"
        ".innerText !== b",
        arg=before,
        timeout=30_000,
    )
    assert value.is_visible()
