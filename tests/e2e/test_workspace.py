"""Workspaces in headless Chromium: upload, map, edit, save a scenario, reload: everything is back."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import nav, wait_ready

ORDERS = (
    "单号,客户,下单时间,实付金额,渠道\n"
    "A1,c1,2025-03-01 10:00,120.50,直播\n"
    "A2,c2,2025-03-02 11:00,80.00,搜索\n"
    "A3,c1,2025-03-05 09:30,42.10,直播\n"
).encode()
SIDEBAR = '[data-testid="stSidebar"]'


def _ws(page) -> str:
    # (Playwright's page.url can lag behind history.replaceState: read the live location)
    page.wait_for_function(
        "() => /[?&]ws=[0-9a-f]{32}/.test(window.location.search)", timeout=10_000
    )
    href = page.evaluate("() => window.location.href")
    ids = parse_qs(urlparse(href).query).get("ws", [])
    assert ids and re.fullmatch(r"[0-9a-f]{32}", ids[0]), href
    return ids[0]


def _upload_and_add(page, name: str, data: bytes) -> None:
    nav(page, "Import data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    wait_ready(page)
    page.get_by_text("Rows read").wait_for()
    page.get_by_role("button", name="Add dataset").click()
    wait_ready(page)
    page.locator(SIDEBAR).get_by_text(name).first.wait_for()


def _save_scenario(page, name: str) -> None:
    nav(page, "Budget allocation")
    box = page.get_by_label("Scenario name")
    box.wait_for()
    box.fill(name)
    box.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Save as scenario").click()
    wait_ready(page)
    page.get_by_text(f"Scenario saved: {name}").first.wait_for()


def test_reload_restores_everything_and_other_workspaces_see_nothing(page, browser, server_url):
    ws_id = _ws(page)
    _upload_and_add(page, "weekly_orders.csv", ORDERS)
    # a second dataset (spend) from the samples, then a saved budget scenario
    nav(page, "Import data")
    page.locator('[data-testid="stMain"]').get_by_text("Sample data", exact=True).first.click()
    page.get_by_role("button", name="Load sample Marketing spend").click()
    wait_ready(page)
    page.locator(SIDEBAR).get_by_text("spend.csv").first.wait_for()
    _save_scenario(page, "Reload check")
    assert _ws(page) == ws_id  # page switches keep the workspace in the URL

    page.reload()
    wait_ready(page)
    assert _ws(page) == ws_id
    side = page.locator(SIDEBAR)
    side.get_by_text("weekly_orders.csv").first.wait_for()
    side.get_by_text("spend.csv").first.wait_for()
    nav(page, "Budget allocation")
    page.get_by_text("Reload check").first.wait_for()
    assert "Traceback" not in page.locator('[data-testid="stMain"]').inner_text()

    # the same link in a fresh tab of another browser context restores it too
    other = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    try:
        tab = other.new_page()
        tab.goto(f"{server_url}/?ws={ws_id}")
        wait_ready(tab)
        tab.locator(SIDEBAR).get_by_text("weekly_orders.csv").first.wait_for()

        # a context without the link gets its own, empty workspace
        fresh = other.new_page()
        fresh.goto(server_url)
        wait_ready(fresh)
        assert _ws(fresh) != ws_id
        fresh.locator(SIDEBAR).get_by_text("No data loaded yet.").wait_for()
        text = fresh.locator(SIDEBAR).inner_text()
        assert "weekly_orders.csv" not in text and "spend.csv" not in text
        nav(fresh, "Budget allocation")
        assert "Reload check" not in fresh.locator('[data-testid="stMain"]').inner_text()
    finally:
        other.close()
    assert page.dialogs == []


def test_bad_link_gets_a_message_and_recent_list_uses_this_browser(page, server_url):
    first = _ws(page)
    page.wait_for_function("(i) => document.cookie.includes(i)", arg=first, timeout=10_000)
    # a workspace is created on disk by its first save (issue 16): save something in it
    nav(page, "Import data")
    page.get_by_role("button", name="Load sample Marketing spend").click()
    wait_ready(page)
    page.locator(SIDEBAR).get_by_text("spend.csv").first.wait_for()
    page.goto(f"{server_url}/?ws=../../etc/passwd")
    wait_ready(page)
    page.get_by_text("not valid").first.wait_for()
    page.wait_for_function("() => !window.location.search.includes('passwd')")
    second = _ws(page)
    assert second != first
    # the constant script remembered both IDs in this browser's cookie
    page.wait_for_function(
        "(ids) => ids.every(i => document.cookie.includes(i))", arg=[first, second], timeout=10_000
    )
    page.reload()  # a new session reads the cookie
    wait_ready(page)
    page.locator(SIDEBAR).get_by_text("Workspace", exact=True).first.click()
    page.locator(SIDEBAR).get_by_text("Recent workspaces in this browser").wait_for()
    box = page.locator(SIDEBAR).locator('[data-testid="stSelectbox"]').first
    shown = box.locator("input").first.input_value()
    assert shown.startswith(first[:8]) and second[:8] not in shown, shown  # not the current one
