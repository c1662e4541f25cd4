"""A failed save is visible on the page, lists what was not saved, retries (issue 16 item 4)."""

from __future__ import annotations

import errno
import os

import pytest

from analytics import workspace as W
from tests.app.conftest import make_app

SECRET = "/srv/secret-data-folder/ws"


def _store() -> W.Store:
    return W.Store(os.environ["SHOPOPS_DATA_DIR"])


def _texts(at) -> str:
    parts = []
    for group in (at.error, at.warning, at.success, at.info, at.markdown, at.caption):
        parts.extend(str(e.value) for e in group)
    return "\n".join(parts)


@pytest.fixture
def broken_disk(monkeypatch):
    """Every workspace write fails with ``code`` (a full disk, a read-only or forbidden folder)."""
    state = {"code": errno.ENOSPC}
    real_write, real_save = W._atomic_write, W.Workspace.save_dataset

    def fail(*_a, **_k):
        code = state["code"]
        raise OSError(code, os.strerror(code), f"{SECRET}/items/x.json")

    monkeypatch.setattr(W, "_atomic_write", fail)
    monkeypatch.setattr(W.Workspace, "save_dataset", fail)

    def heal():
        monkeypatch.setattr(W, "_atomic_write", real_write)
        monkeypatch.setattr(W.Workspace, "save_dataset", real_save)

    state["heal"] = heal
    return state


@pytest.mark.parametrize(
    "code, reason",
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "may not write"),
    ],
    ids=["disk-full", "read-only", "permission"],
)
def test_failed_save_is_shown_listed_and_retried(broken_disk, code, reason):
    broken_disk["code"] = code
    # the data folder exists (created before the disk filled up); the workspace's writes fail
    at = make_app()
    at.run()
    ws_id = at.query_params["ws"]
    ws_id = ws_id[0] if isinstance(ws_id, list) else ws_id
    at.button(key="home.samples").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _texts(at)
    # a prominent error in the page (not only in the collapsed sidebar panel)
    main_errors = [e.value for e in at.main.error]
    assert main_errors and reason in main_errors[0], main_errors
    # what is not saved, by file name
    for name in ("orders.csv", "traffic.csv", "events.csv", "prices.csv", "spend.csv"):
        assert name.replace(".", "\\.") in main_errors[0] or name in main_errors[0]
    # no success message while the save failed
    assert "Sample data loaded" not in shown
    # no server path or library text on screen
    for leak in (SECRET, "Errno", os.strerror(code), "OSError", "Traceback"):
        assert leak not in shown, leak
    assert not _store().exists(ws_id)  # nothing was written
    # the session still holds the data
    assert len(at.session_state["_datasets"]) == 5

    # the disk is fixed: retry saves everything, the warning goes
    broken_disk["heal"]()
    at.button(key="workspace.retry").click().run()
    assert not at.exception
    # (the Overview's alert rules may fire on the sample data: only the save error must go)
    assert not [e.value for e in at.main.error if reason in e.value], at.main.error
    assert "Everything is saved now" in _texts(at)
    assert _store().exists(ws_id)
    back = make_app()
    back.query_params["ws"] = ws_id
    back.run()
    assert len(back.session_state["_datasets"]) == 5
    # restored with no save warning (the Overview's alert rules may fire: those are not it)
    assert not [w.value for w in back.warning if w.icon != ":material/notifications:"]


def test_changes_after_a_failure_are_retried_by_the_next_run(broken_disk):
    at = make_app()
    at.run()
    at.button(key="home.samples").click().run()
    assert at.main.error
    broken_disk["heal"]()
    at.run()  # any next run (a click anywhere) saves what is pending
    assert not at.main.error
    ws_id = at.query_params["ws"]
    ws_id = ws_id[0] if isinstance(ws_id, list) else ws_id
    assert _store().exists(ws_id)
