"""AppTest helpers: run a page through the real app router with chosen datasets loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

# the app's pages by URL path, in navigation order (app.py PAGES)
PAGES = [
    "home",
    "data",
    "traffic",
    "segments",
    "funnel",
    "retention",
    "pricing",
    "budget",
    "experiments",
]

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _workspace_dir(tmp_path, monkeypatch):
    """Workspaces of AppTests live in a temporary folder, never in the user's home."""
    monkeypatch.setenv("SHOPOPS_DATA_DIR", str(tmp_path / "workspaces"))
    yield


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def sample_datasets(*kinds: str):
    """The sample datasets of ``kinds`` (all five when none given), loaded through ingest."""
    from ui.samples import load_samples

    return load_samples(kinds or None)


def make_app(
    page: str | None = None, *, lang: str = "en", datasets=(), timeout: float = 30
) -> AppTest:
    """An AppTest of ``app.py`` that opens ``page`` (e.g. "views/traffic.py") with ``datasets`` loaded."""
    if page and page.startswith(
        "pages/"
    ):  # the folder was renamed (issue 16): old paths still work
        page = "views/" + page.removeprefix("pages/")
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["app.lang"] = lang
    if datasets:
        store, active = {}, {}
        for ds in datasets:
            ds_id = f"{ds.kind}-{ds.fingerprint[:10]}"
            store[ds_id] = ds
            active[ds.kind] = ds_id
        at.session_state["_datasets"] = store
        at.session_state["_active"] = active
    if page and page != "views/home.py":
        # AppTest resolves pages registered with a url_path only after a first run.
        # (After a switch AppTest drops the entry script's sidebar elements from its
        # tree; sidebar tests therefore use the default page, home.)
        at.run()
        at.switch_page(page)
    return at


def assert_clean(at: AppTest) -> None:
    """No exception element and no error shown on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
