"""Browser tests: the real Streamlit server driven by Playwright in Debian's Chromium.

Where Chromium or Playwright is missing the tests skip with the reason, except
when REQUIRE_BROWSER=1 (set by .ci/run), where they fail: CI never skips them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRE = os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _missing(reason: str):
    if REQUIRE:
        pytest.fail(f"browser tests are required here but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Streamlit server process on a free loopback port (``url``, ``proc``, ``log``)."""

    def __init__(self, log: Path, data_dir: Path, entry: str = "app.py", args=(), env=None):
        self.port = _free_port()
        self.log = log
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {
            **os.environ,
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            # workspaces of browser tests live in a temporary folder, never in the user's home
            "SHOPOPS_DATA_DIR": str(data_dir),
            **(env or {}),
        }
        with open(log, "w") as fh:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(ROOT / entry),
                    "--server.headless=true",
                    f"--server.port={self.port}",
                    "--server.address=127.0.0.1",
                    "--server.fileWatcherType=none",
                    *args,
                ],
                cwd=ROOT,
                stdout=fh,
                stderr=subprocess.STDOUT,
                env=full_env,
            )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        else:
            self.stop()
            pytest.fail(f"streamlit did not start in 60 s; log:\n{log.read_text()[-3000:]}")
        if self.proc.poll() is not None:
            pytest.fail(f"streamlit exited; log:\n{log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """Start `streamlit run app.py` on a free loopback port; yield its URL."""
    server = Server(
        tmp_path_factory.mktemp("server") / "streamlit.log", tmp_path_factory.mktemp("workspaces")
    )
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server_url):
    """A fresh browser context (English locale) on the app's home page."""
    ctx = browser.new_context(
        locale="en-US", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # tests assert no alert() ever ran
    pg.goto(server_url)
    wait_ready(pg)
    yield pg
    ctx.close()


def wait_ready(pg, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    pg.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            return !s || !/Running|Stop/i.test(s.innerText || '');
        }""",
        timeout=timeout,
    )
    pg.wait_for_timeout(300)


def nav(pg, title: str) -> None:
    """Open a page through the sidebar navigation (keeps the session and its data)."""
    pg.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).first.click()
    wait_ready(pg)


def load_samples(pg) -> None:
    """Click the Overview page's 'Load all sample data' button and wait for it."""
    pg.get_by_role("button", name="Load all sample data").first.click()
    wait_ready(pg)
    pg.get_by_text("Sample data loaded").first.wait_for()


CHART = '[data-testid="stVegaLiteChart"]'


def drawn_charts(scope) -> int:
    """Charts in ``scope`` that vega-embed actually drew (a canvas or svg with a size)."""
    return scope.locator(CHART).evaluate_all(
        """els => els.filter(e => {
            const g = e.querySelector('canvas, svg');
            return g && g.getBoundingClientRect().width > 50 && g.getBoundingClientRect().height > 50;
        }).length"""
    )
