"""App-level timings: cold start to the first page in Chromium, and page switches with 1M orders loaded.

- cold start: `streamlit run` launched -> the Overview title visible in headless Chromium.
- page switch (browser): with a 1,000,000-line orders file uploaded and added through the
  real import wizard, the time from a sidebar click to the next page's title being shown
  and the script finished (Overview -> Import data -> Overview).
- page switch (AppTest): the same switch measured server-side with the 1M-order Dataset
  in session state (script time only).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = bool(os.environ.get("BENCH_QUICK"))
N = 100_000 if QUICK else 1_000_000
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _orders_csv(n: int) -> Path:
    from bench.common import orders_csv

    return orders_csv(n)


def _wait_done(page) -> None:
    page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stStatusWidget"]');
                   return !s || !/Running|Stop/i.test(s.innerText || ''); }""",
        timeout=600_000,
    )


def browser_timings(path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    port = _port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = b.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
            url = f"http://127.0.0.1:{port}/"
            while True:
                try:
                    page.goto(url)
                    break
                except Exception:
                    time.sleep(0.1)
            page.get_by_role("heading", name="Shop Ops Analytics").wait_for(timeout=120_000)
            out["cold start to first page (s)"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            page.goto(url)
            page.get_by_role("heading", name="Shop Ops Analytics").wait_for(timeout=120_000)
            out["warm reload to first page (s)"] = time.perf_counter() - t1
            side = page.locator('[data-testid="stSidebarNav"]')
            side.get_by_text("Import data", exact=True).click()
            _wait_done(page)
            t2 = time.perf_counter()
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
            page.get_by_role("button", name="Add dataset").wait_for(timeout=600_000)
            _wait_done(page)
            out[f"upload + import of {N:,} lines in the browser (s)"] = time.perf_counter() - t2
            page.get_by_role("button", name="Add dataset").click()
            _wait_done(page)
            for title, heading in [
                ("Overview", "Shop Ops Analytics"),
                ("Import data", "Import data"),
                ("Overview", "Shop Ops Analytics"),
            ]:
                t3 = time.perf_counter()
                side.get_by_text(title, exact=True).click()
                page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
                _wait_done(page)
                out[f"page switch to {title} with {N:,} lines loaded (s)"] = (
                    time.perf_counter() - t3
                )
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return out


def main() -> None:
    path = _orders_csv(N)
    rows = browser_timings(path)
    print("| measurement | value |")
    print("| --- | --- |")
    for k, v in rows.items():
        print(f"| {k} | {v:.2f} |")


if __name__ == "__main__":
    main()
