"""Issue 16 in Chromium, against fresh servers started with ``serve.py`` (what ``make run`` runs).

- Deep links: the first request after a restart is ``/traffic?ws=<id>``; the workspace and the
  app's navigation come back (``pages/`` was Streamlit's automatic page folder).
- Payloads: Markdown, links, images, HTML and a script in cells, headers, file, zip-member and
  sheet names; every page, the sidebar (with the Remove tooltip), the Import page and the HTML
  report: no link or image to evil.example (requests intercepted), no bold from data, no script.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

from tests.app.conftest import sample_datasets
from tests.e2e.conftest import Server, nav, wait_ready
from tests.payload import PAYLOAD, hostile_datasets, make_workspace

SIDEBAR = '[data-testid="stSidebar"]'
PAGES = [
    "Overview",
    "Import data",
    "Traffic sources",
    "User layering",
    "Funnel",
    "Retention & LTV",
    "Competitor prices",
    "Budget allocation",
    "Experiments",
]


@pytest.fixture
def fresh_server(tmp_path):
    """Start a server only when the test asks (with a workspace prepared before it starts)."""
    started = []

    def start(data_dir):
        server = Server(tmp_path / "streamlit.log", data_dir, entry="serve.py")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _context(browser, evil: list[str]):
    ctx = browser.new_context(
        locale="en-US", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )

    def block(route):
        evil.append(route.request.url)
        route.abort()

    ctx.route(re.compile(r".*evil\.example.*"), block)
    return ctx


def test_deep_link_opened_first_after_a_restart_restores(browser, fresh_server, tmp_path):
    data = tmp_path / "data"
    ws_id = make_workspace(data, sample_datasets("traffic"))
    server = fresh_server(data)  # a new process: nobody has opened "/" yet
    ctx = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        response = pg.goto(f"{server.url}/traffic?ws={ws_id}")
        # served with frame-ancestors protection
        assert response.headers["content-security-policy"] == "frame-ancestors 'self'"
        assert response.headers["x-frame-options"] == "SAMEORIGIN"
        wait_ready(pg, timeout=90_000)
        main = pg.locator('[data-testid="stMain"]')
        main.get_by_role("heading", name="Traffic sources").first.wait_for()
        # the app's navigation (page titles), not Streamlit's file-name list
        side_nav = pg.locator('[data-testid="stSidebarNav"]')
        side_nav.get_by_text("Import data", exact=True).wait_for()
        assert "traffic.py" not in side_nav.inner_text()
        # the workspace is restored: its dataset is in the sidebar, the page analyses it
        pg.locator(SIDEBAR).get_by_text("traffic.csv").first.wait_for()
        assert main.get_by_text("Load traffic").count() == 0
        assert f"ws={ws_id}" in pg.evaluate("() => window.location.search")
    finally:
        ctx.close()


def _assert_inert(pg, where: str) -> None:
    # links and images that lead to evil.example (a heading's own #fragment anchor does not)
    links = pg.evaluate(
        """() => [...document.querySelectorAll('a[href]')]
            .filter(a => new URL(a.href, location.href).hostname.includes('evil')).length"""
    )
    images = pg.evaluate(
        """() => [...document.querySelectorAll('img[src], image, source')]
            .filter(e => (e.getAttribute('src') || e.getAttribute('href') || '').includes('evil'))
            .length"""
    )
    bold = pg.evaluate(
        """() => [...document.querySelectorAll('strong, b, em')]
            .map(e => e.textContent.trim()).filter(t => t === 'F' || t === 'x')"""
    )
    scripts = pg.evaluate(
        """() => [...document.querySelectorAll('script')]
            .filter(s => (s.textContent || '').includes('alert(1)')).length"""
    )
    detail = pg.evaluate(
        """() => [...document.querySelectorAll('a[href*="evil."], img[src*="evil"]')].map(e => {
            const box = e.closest('[data-testid^="st"]');
            return (box ? box.getAttribute('data-testid') : '?') + ': ' + e.outerHTML.slice(0, 400)
                + ' IN ' + (box ? box.innerText.slice(0, 300) : '');
        })"""
    )
    assert (links, images, bold, scripts) == (0, 0, [], 0), (where, detail)


def _csv() -> bytes:
    head = f"order_id,customer_id,order_time,amount,channel,{PAYLOAD.replace(',', ' ')}\n"
    rows = [
        f'A1,c1,2025-03-01 10:00,120.50,"{PAYLOAD}",x\n',
        "A2,c2,2025-03-02 11:00,80.00,search,y\n",
        f"A3,c1,not a date {PAYLOAD},42.10,live,z\n",
    ]
    return (head + "".join(rows)).encode()


def _upload(pg, name: str, data: bytes) -> None:
    nav(pg, "Import data")
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    wait_ready(pg)
    pg.wait_for_timeout(1500)


def test_payloads_stay_inert_on_every_page_the_sidebar_and_the_report(
    browser, fresh_server, tmp_path
):
    data = tmp_path / "data"
    ws_id = make_workspace(data, hostile_datasets())
    server = fresh_server(data)
    evil: list[str] = []
    ctx = _context(browser, evil)
    dialogs: list[str] = []
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(f"{server.url}/?ws={ws_id}")
        wait_ready(pg, timeout=90_000)
        # the file name is shown, literally, in the sidebar
        pg.locator(SIDEBAR).get_by_text("**F** [G](https://evil.example/g)").first.wait_for()
        for title in PAGES:
            nav(pg, title)
            pg.wait_for_timeout(2000)  # charts and tables draw
            _assert_inert(pg, title)
        # the Remove tooltip (every page): the name as literal text
        nav(pg, "Overview")
        pg.locator(SIDEBAR).get_by_role("button", name="Remove").first.hover()
        tip = pg.locator('[data-testid="stTooltipContent"]').first
        tip.wait_for()
        shown = tip.inner_text().replace("\u2060", "")  # (invisible joiners split autolinks)
        assert "**F** [G](https://evil.example/g)" in shown, shown
        assert "\\*" not in shown  # the escapes themselves are not shown
        _assert_inert(pg, "remove tooltip")

        # the weekly report (HTML download), opened in the same guarded browser
        pg.get_by_role("button", name="Build the report").click()
        wait_ready(pg, timeout=180_000)
        with pg.expect_download(timeout=120_000) as dl:
            pg.get_by_role("button", name="Download HTML").click()
        html = open(dl.value.path(), encoding="utf-8").read()
        report = ctx.new_page()
        report.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        report.set_content(html)
        report.wait_for_timeout(1000)
        _assert_inert(report, "report")
        assert "**F**" in report.inner_text("body")  # the payload is there, as text
        report.close()

        # the Import page: file name, headers and cells; zip member; sheet names
        _upload(pg, PAYLOAD.replace("/", "_") + ".csv", _csv())
        pg.get_by_text("Rows read").first.wait_for()
        _assert_inert(pg, "import csv")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(PAYLOAD + ".csv", _csv())
        _upload(pg, "orders.zip", buf.getvalue())
        _assert_inert(pg, "import zip")
        buf = io.BytesIO()
        frame = pd.read_csv(io.BytesIO(_csv()))
        with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
            frame.to_excel(xw, sheet_name="__F__ <b>x <i>y <script>", index=False)
            frame.to_excel(xw, sheet_name="other", index=False)
        _upload(pg, "book.xlsx", buf.getvalue())
        _assert_inert(pg, "import xlsx")
    finally:
        ctx.close()
    assert evil == [], evil  # no request (image, link prefetch) ever reached evil.example
    assert dialogs == []  # no script ran
