"""Workspace controls: bind the session to ``?ws=<id>``, restore it, show size, new / recent / delete.

``app.py`` wraps its run in :func:`session`: before the page runs, the session
is bound to the workspace named in the URL (restored from disk) or to a new
one; after the page (also after ``st.stop`` / ``st.rerun``) everything that
changed is saved. The recent workspaces of *this browser* come from a cookie
written by a constant script (it reads the ``ws`` parameter of the page's own
URL; no value from Python is ever put into it); the data folder is never
listed to users.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from analytics import workspace as wsio
from ui import access, engine_panel, state
from ui.i18n import t
from ui.safe import inert

_log = logging.getLogger(__name__)

__all__ = ["PARAM", "COOKIE", "session", "setup", "controls", "recall_mapping", "recent_ids"]

PARAM = "ws"
COOKIE = "shopops_recent"
MAX_RECENT = 8

# Constant script (no interpolation): remember the page's ?ws= (checked against the ID
# pattern) in a first-party cookie, the list of recent workspaces of this browser.
_RECENT_JS = """
<script>
(function () {
  if (window.__shopopsRecent) { return; }
  window.__shopopsRecent = true;
  var RE = /^[0-9a-f]{32}$/;
  function update() {
    var ws = null;
    try { ws = new URLSearchParams(window.location.search).get("ws"); } catch (e) { return; }
    if (!ws || !RE.test(ws)) { return; }
    var m = document.cookie.match(/(?:^|; )shopops_recent=([^;]*)/);
    var list = m ? m[1].split(".").filter(function (x) { return RE.test(x); }) : [];
    if (list[0] === ws) { return; }
    list = [ws].concat(list.filter(function (x) { return x !== ws; })).slice(0, 8);
    document.cookie = "shopops_recent=" + list.join(".") +
      "; path=/; max-age=31536000; SameSite=Strict";
  }
  update();
  setInterval(update, 1000);
})();
</script>
"""


def _store() -> wsio.Store:
    return wsio.Store(wsio.data_dir())


def _expire_days() -> float:
    return wsio.expire_days()


@st.cache_resource(show_spinner=False)
def _startup_housekeeping(root: str) -> bool:
    """Once per server process and data folder: expire old workspaces, clear crash leftovers."""
    try:
        wsio.Store(root).housekeeping(_expire_days(), every=0)
    except OSError as err:
        _log.warning("housekeeping of %s failed: %r", root, err)
    return True


def _param() -> str | None:
    value = st.query_params.get(PARAM)
    return value if value else None


def _set_param(ws_id: str) -> None:
    if st.query_params.get(PARAM) != ws_id:
        st.query_params[PARAM] = ws_id


def _bind_new(store: wsio.Store, *, keep: bool, ws_id: str | None = None) -> None:
    """Bind to a new workspace ID; its folder is created by the first save, not now."""
    ws_id = ws_id or wsio.new_id()
    ws = wsio.Workspace(store, ws_id, store.path(ws_id))
    if not keep:
        state.unbind_workspace(clear=True)
    state.bind_workspace(ws, restore=False, created=False, owner=_me())
    _set_param(ws.id)


def _me() -> str | None:
    """The owner key of the logged-in user (None without a login)."""
    return access.owner_key(state.user())


def _mine(ws: wsio.Workspace) -> bool:
    """A workspace tied to a user opens only for that user."""
    owner = ws.owner()
    return owner is None or owner == _me()


def _disk_warning(err: OSError) -> None:
    _log.warning("workspace folder: %r", err)
    st.warning(t("workspace.disk_error", reason=t(f"workspace.reason.{state.failure_code(err)}")))


def setup() -> None:
    """Bind this session to the workspace of the URL (restoring it), or to a new one."""
    store = _store()
    _startup_housekeeping(str(store.root))
    want, bound = _param(), state.workspace_id()
    if bound and want in (None, bound):
        _set_param(bound)  # page switches drop query parameters: put it back
        return
    try:
        store.housekeeping(_expire_days())  # at most once an hour per data folder
    except OSError as err:
        _log.warning("housekeeping failed: %r", err)
    if want is None:
        _bind_new(store, keep=True)  # the session's data so far goes into the new one
        return
    try:
        ws = store.open(want)
        if not _mine(ws):
            raise wsio.WorkspaceError("other_owner", "This workspace belongs to another user.")
    except wsio.WorkspaceError as err:
        if err.code == "unknown_id" and not store.was_deleted(want):
            # an ID handed out to a visit that never saved anything: still empty, still its own
            _bind_new(store, keep=bool(not bound), ws_id=want)
            return
        then = "workspace.kept_current" if bound else "workspace.started_new"
        st.warning(f"{t(f'workspace.error.{err.code}')} {t(then)}")
        if bound:
            _set_param(bound)
        else:
            _bind_new(store, keep=True)
        return
    try:
        if bound:
            state.sync()
            state.unbind_workspace(clear=True)
        with st.spinner(t("workspace.restoring")):
            problems = state.bind_workspace(ws, restore=True, owner=ws.owner())
        ws.touch()
    except OSError as err:
        _disk_warning(err)
        return
    if problems:
        st.warning(t("workspace.partly_restored", n=len(problems)))
    engine_panel.reconnect()  # tables queried in place: their rows were never saved


def _retry() -> None:
    state.sync()
    if not state.persist_status()["unsaved"]:
        state.flash("success", "workspace.saved_again")


def save_banner(where: Any) -> None:
    """A prominent warning on the current page when something could not be saved: why (in
    plain words, no server path), what is not saved, and a button to retry."""
    status = state.persist_status()
    if not status["unsaved"]:
        return
    with where:
        st.error(
            t(
                "workspace.save_failed",
                reason=t(f"workspace.reason.{status['error'] or 'other'}"),
                items=", ".join(inert(x) for x in status["unsaved"][:12])
                + (" …" if len(status["unsaved"]) > 12 else ""),
            ),
            icon=":material/cloud_off:",
        )
        st.button(
            t("workspace.retry"),
            key="workspace.retry",
            on_click=_retry,
            icon=":material/refresh:",
        )


@contextmanager
def session() -> Iterator[None]:
    """Set up the workspace, draw its controls, run the body, then save what changed."""
    setup()
    controls()
    banner = st.container()  # at the top of the page: filled after the end-of-run save
    try:
        yield
    finally:
        state.sync()
        ws_id = state.workspace_id()
        if ws_id:
            _set_param(ws_id)
        save_banner(banner)


# -- recent workspaces (this browser only) ------------------------------------------


def recent_ids() -> list[str]:
    """Workspace IDs this browser used, newest first (from its cookie), that still exist."""
    try:
        raw = st.context.cookies.get(COOKIE) or ""
    except Exception:  # no browser context (bare script)
        raw = ""
    store = _store()
    out: list[str] = []
    for part in str(raw).split("."):
        try:
            ws_id = wsio.check_id(part)
        except wsio.WorkspaceError:
            continue
        if ws_id not in out and store.exists(ws_id) and _mine(store.open(ws_id)):
            out.append(ws_id)
    return out[:MAX_RECENT]


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"


def _label(ws_id: str) -> str:
    try:
        ws = _store().open(ws_id)
    except wsio.WorkspaceError:
        return ws_id[:8]
    used = time.strftime("%Y-%m-%d %H:%M", time.localtime(ws.last_used()))
    return t("workspace.recent_label", id=ws_id[:8], used=used, size=_size(ws.size_bytes()))


# -- actions (button callbacks run before the script, so the next setup sees them) ----


def _on_new() -> None:
    state.sync()
    state.unbind_workspace(clear=True)
    _bind_new(_store(), keep=False)  # created on disk by its first save
    state.flash("success", "workspace.created")


def _on_open() -> None:
    pick = state.widget("workspace.recent")
    if pick and pick != state.workspace_id():
        state.sync()
        state.unbind_workspace(clear=True)
        st.query_params[PARAM] = pick


def _on_delete() -> None:
    ws_id = state.workspace_id()
    if not ws_id or not state.widget("workspace.confirm"):
        return
    state.unbind_workspace(clear=True)
    store = _store()
    try:
        store.delete(ws_id)
    except OSError as err:
        _log.warning("workspace %s: delete failed: %r", ws_id[:8], err)
        state.flash(
            "warning",
            "workspace.disk_error",
            reason=t(f"workspace.reason.{state.failure_code(err)}"),
        )
        return
    _bind_new(store, keep=False)
    state.set_widget("workspace.confirm", False)
    state.flash("success", "workspace.deleted")


def controls() -> None:
    """The sidebar's workspace panel: size, link, new, recent, delete (and the recent-list cookie)."""
    ws = state.workspace()
    st.sidebar.html(_RECENT_JS, unsafe_allow_javascript=True)
    with st.sidebar.expander(t("workspace.title"), icon=":material/cloud_done:"):
        if ws is None:
            st.caption(t("workspace.none"))
            return
        try:
            size = ws.size_bytes()
        except OSError:
            size = 0
        st.caption(t("workspace.summary", id=ws.id[:8], size=_size(size), n=len(state.datasets())))
        st.caption(t("workspace.how"))

        status = state.persist_status()
        if status["unsaved"]:
            st.warning(t(f"workspace.reason.{status['error'] or 'other'}"))
        if status["skipped"]:
            st.caption(t("workspace.skipped", n=len(status["skipped"])))
        st.button(
            t("workspace.new"),
            key="workspace.new",
            on_click=_on_new,
            icon=":material/add:",
            help=t("workspace.new_help"),
        )
        recent = [r for r in recent_ids() if r != ws.id]
        if recent:
            st.selectbox(t("workspace.recent"), recent, format_func=_label, key="workspace.recent")
            st.button(t("workspace.open"), key="workspace.open", on_click=_on_open)
        else:
            st.caption(t("workspace.no_recent"))
        st.checkbox(t("workspace.confirm"), key="workspace.confirm")
        st.button(
            t("workspace.delete"),
            key="workspace.delete",
            on_click=_on_delete,
            disabled=not state.widget("workspace.confirm"),
            icon=":material/delete:",
        )


# -- remembered mappings ------------------------------------------------------------


def header_signature(columns: list[str]) -> str:
    """A short hash of a file's header layout (its column names, in order)."""
    text = "\x1f".join(str(c).strip() for c in columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def recall_mapping(
    filename: str, columns: list[str], kind: str, proposed: dict[str, Any]
) -> dict[str, Any]:
    """The mapping to propose for a file: the one used before for this header layout, if any.

    Adding the dataset with ``state.add_dataset(ds, header=header_signature(columns))``
    remembers the mapping chosen. Columns no longer in the file are left out.
    """
    sig = header_signature(columns)
    remembered = (state.get("workspace.mappings", {}) or {}).get(f"{kind}:{sig}")
    if not remembered:
        return proposed
    cols = {str(c) for c in columns}
    recalled = {k: v for k, v in remembered.items() if v in cols}
    if recalled and recalled != {k: v for k, v in proposed.items() if v}:
        st.caption(t("workspace.mapping_recalled"))
    return recalled or proposed
