"""Screenshots of every page at 1280x720 in English, Chinese and meeting mode (issue 15).

Run against a running app (``make run``; sample data is loaded by the script):

    .venv/bin/python docs/screenshots/shoot.py http://127.0.0.1:8501 [page ...]

(pages by their URL path, e.g. ``experiments``; all of them by default).

The window is 1280x720; each picture shows the page's first two screens (1440 px).
Writes ``<lang>-<page>.png`` and ``meeting-<page>.png`` next to this file as 256-colour
PNGs (a fraction of the size of full-colour ones; text stays sharp).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.app.conftest import PAGES  # noqa: E402
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, wait_ready  # noqa: E402
from ui.i18n import text  # noqa: E402

OUT = Path(__file__).resolve().parent
HEIGHT = 1440  # the first two screens of each page (the window is 1280x720)
CONTENT = '[data-testid="stVegaLiteChart"] svg, [data-testid="stMetricValue"], [data-testid="stDataFrame"]'


def _text(key: str, lang: str) -> str:
    return text(key, lang)


def _settle(pg, path: str) -> None:
    wait_ready(pg, timeout=120_000)
    pg.wait_for_function(
        "(s) => [...document.querySelectorAll(s)].some(e => e.getBoundingClientRect().width > 0)",
        arg=CONTENT if path != "data" else "h1",
        timeout=120_000,
    )
    pg.wait_for_timeout(4000)  # meeting mode hides the running indicator: let charts draw


def _save(pg, name: str) -> None:
    path = OUT / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    img = Image.open(path).convert("RGB")
    img = img.crop((0, 0, img.width, min(img.height, HEIGHT)))
    img = img.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    img.save(path, optimize=True)
    print(path.name, path.stat().st_size // 1024, "KB")


def shoot(url: str, lang: str, meeting: bool, browser, pages: list[str]) -> None:
    ctx = browser.new_context(
        locale="en-US" if lang == "en" else "zh-CN", viewport={"width": 1280, "height": 720}
    )
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    pg.goto(url)
    wait_ready(pg)
    pg.get_by_role("button", name=_text("common.load_samples", lang)).first.click()
    wait_ready(pg, timeout=120_000)
    loaded = _text("common.samples_loaded", lang).split("{")[0]
    pg.get_by_text(loaded).first.wait_for(timeout=120_000)
    if meeting:
        pg.locator(".st-key-meeting_bar label").first.click()
    for path in pages:
        if path != "home":
            bar = ".st-key-meeting_bar" if meeting else '[data-testid="stSidebarNav"]'
            title = _text(f"nav.{path}", lang)
            pg.locator(bar).get_by_text(title, exact=True).first.click()
        _settle(pg, path)
        _save(pg, f"{'meeting' if meeting else lang}-{path}")
    ctx.close()


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501"
    pages = sys.argv[2:] or PAGES
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for lang, meeting in (("en", False), ("zh", False), ("en", True)):
            shoot(url, lang, meeting, browser, pages)
        browser.close()


if __name__ == "__main__":
    main()
