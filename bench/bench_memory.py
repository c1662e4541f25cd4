"""Server memory as sessions come and go (issue 16 item 5).

A fresh server (``serve.py``, the project's ``.streamlit/config.toml``) in headless Chromium:
session 1 opens the app, loads all sample data, opens Traffic sources, User layering and
Competitor prices, and closes its tab; the server's RSS is read once the session has been
released (``server.disconnectedSessionTTL`` + the janitor's period). Then 19 more such
sessions (two at a time), closed, and the RSS read again. Target: the figure after all 20
is within 1.3x the figure after the first.

Usage: ``python -m bench.bench_memory [sessions]`` (needs Chromium and Playwright).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SETTLE = 100.0  # seconds: disconnectedSessionTTL (60) + janitor period (20) + margin
PAGES = ["Traffic sources", "User layering", "Competitor prices"]


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    data_dir: str, log_path: str, ttl: float | None = None
) -> tuple[subprocess.Popen, str]:
    """The app's server; ``ttl``: a shorter ``server.disconnectedSessionTTL`` (and janitor
    period) so that a test sees closed sessions released in seconds, not minutes."""
    port = _port()
    env = {
        **os.environ,
        "SHOPOPS_DATA_DIR": data_dir,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    extra = []
    if ttl is not None:
        extra = [f"--server.disconnectedSessionTTL={int(ttl)}"]
        env["SHOPOPS_JANITOR_PERIOD"] = str(max(1.0, ttl / 2))
    log = open(log_path, "w")  # closed with the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--server.headless=true",
            f"--server.port={port}",
            "--server.fileWatcherType=none",
            *extra,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start")


def _wait(pg, timeout: float = 120_000) -> None:
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    pg.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            return !s || !/Running|Stop/i.test(s.innerText || '');
        }""",
        timeout=timeout,
    )
    pg.wait_for_timeout(300)


def one_session(browser, url: str, pages: list[str] | None = None) -> None:
    """One analyst: load the samples, open three analysis pages (or ``pages``), close the tab."""
    ctx = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(120_000)
        pg.goto(url)
        _wait(pg)
        pg.get_by_role("button", name="Load all sample data").first.click()
        _wait(pg)
        pg.get_by_text("Sample data loaded").first.wait_for()
        for title in PAGES if pages is None else pages:
            nav = pg.locator('[data-testid="stSidebarNav"]')
            nav.get_by_text(title, exact=True).first.click()
            _wait(pg)
            pg.wait_for_timeout(500)
    finally:
        ctx.close()


def run(
    sessions: int = 20,
    settle: float = SETTLE,
    ttl: float | None = None,
    pages: list[str] | None = None,
) -> dict[str, float]:
    """Measure; returns the RSS figures in MB and their ratio (``ttl``: see start_server;
    ``pages``: the pages each session opens, by default :data:`PAGES`)."""
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import sync_playwright

    tmp = tempfile.mkdtemp(prefix="shopops-mem-")
    proc, url = start_server(os.path.join(tmp, "data"), os.path.join(tmp, "server.log"), ttl)
    out: dict[str, float] = {}
    try:
        out["start"] = rss_mb(proc.pid)
        with sync_playwright() as p:
            launch = dict(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            browser = p.chromium.launch(**launch)
            one_session(browser, url, pages)
            out["first_open_peak"] = rss_mb(proc.pid)
            time.sleep(settle)
            out["after_first"] = rss_mb(proc.pid)
            peak = 0.0

            def worker(_i: int) -> None:
                # (Playwright's sync API is per thread: each worker has its own browser)
                with sync_playwright() as q:
                    b = q.chromium.launch(**launch)
                    try:
                        one_session(b, url, pages)
                    finally:
                        b.close()

            with ThreadPoolExecutor(max_workers=2) as pool:
                futures = [pool.submit(worker, i) for i in range(sessions - 1)]
                while not all(f.done() for f in futures):
                    peak = max(peak, rss_mb(proc.pid))
                    time.sleep(1)
                for f in futures:
                    f.result()
            out["peak_during"] = max(peak, rss_mb(proc.pid))
            browser.close()
        time.sleep(settle)
        out["after_all"] = rss_mb(proc.pid)
        out["ratio"] = out["after_all"] / out["after_first"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    if not Path(CHROMIUM).exists():
        print(f"skipped: Chromium not found at {CHROMIUM}")
        return
    t0 = time.time()
    r = run(n)
    print(f"| server RSS (MB), {n} sessions | value |")
    print("| --- | --- |")
    for key in ("start", "first_open_peak", "after_first", "peak_during", "after_all"):
        print(f"| {key} | {r[key]:,.0f} |")
    print(f"| after_all / after_first | {r['ratio']:.2f} (target ≤ 1.30) |")
    print(f"wall time {time.time() - t0:,.0f} s")


if __name__ == "__main__":
    main()
