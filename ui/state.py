"""The session's datasets and settings. The only module that touches ``st.session_state``.

Datasets are held per browser session (never at module level), keyed by a
short id; at most one dataset per kind is *active* (the one pages analyse),
by default the one loaded last.

Persistence: once a session is bound to a workspace (:func:`bind_workspace`,
done by ``ui.workspace`` from the ``?ws=`` URL parameter), every change made
through this module is written to the workspace on disk
(:mod:`analytics.workspace`): datasets (once each, by fingerprint), the
active map, every ``put`` setting that is JSON- or frame-serialisable, and the
values of widgets preset with :func:`set_widget`. Each item is written on
its own, and only when it changed (a digest per item is kept in the session),
so two tabs on one workspace never corrupt it: the last write wins per item.
In-place edits of a setting (``get("x")[k] = v``) are caught by
:func:`sync` at the end of every run.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from analytics import workspace as wsio
from analytics.schema import KINDS, Dataset, Kind
from ui import settings as declared
from ui.lang import DEFAULT_LANG, LANGS, lang_from_locale

__all__ = [
    "get_lang",
    "set_lang",
    "LANG_KEY",
    "datasets",
    "add_dataset",
    "remove_dataset",
    "active",
    "set_active",
    "get",
    "put",
    "pop",
    "flash",
    "pop_flash",
    "widget",
    "set_widget",
    "keep_widgets",
    "active_id",
    "bind_workspace",
    "unbind_workspace",
    "workspace",
    "workspace_id",
    "sync",
    "persist_status",
    "workspace_created",
    "set_user",
    "user",
    "failure_code",
]

_log = logging.getLogger(__name__)

LANG_KEY = "app.lang"  # the language radio's widget key
_DATASETS = "_datasets"
_ACTIVE = "_active"
_SETTINGS = "_settings"
_WS = "_ws"  # the bound workspace: id, store root, saved digests, tracked widgets
# which settings and widgets are saved in the workspace: the table of ui/settings.py


def get_lang() -> str:
    """The session's language code ("en" or "zh"): chosen, else the browser's."""
    lang = st.session_state.get(LANG_KEY)
    if lang in LANGS:
        return lang
    try:
        locale = st.context.locale
    except Exception:  # no browser context (bare script, tests)
        locale = None
    return lang_from_locale(locale) if locale else DEFAULT_LANG


def set_lang(lang: str) -> None:
    st.session_state[LANG_KEY] = lang if lang in LANGS else DEFAULT_LANG


def datasets() -> dict[str, Dataset]:
    """All loaded datasets: id -> Dataset, in load order."""
    return st.session_state.setdefault(_DATASETS, {})


def add_dataset(ds: Dataset, *, header: str | None = None) -> str:
    """Add ``ds`` (replacing an identical earlier load) and make it active for its kind.

    ``header``: the signature of the file's header layout the mapping was chosen for
    (``ui.workspace.header_signature``); given, ``ds.mapping`` is remembered for that
    layout (``workspace.mappings``) and proposed the next time such a file comes.
    """
    store = datasets()
    ds_id = f"{ds.kind}-{ds.fingerprint[:10]}"
    store.pop(ds_id, None)
    store[ds_id] = ds
    st.session_state.setdefault(_ACTIVE, {})[ds.kind] = ds_id
    if header and ds.mapping:
        mappings = dict(get("workspace.mappings", {}) or {})
        mappings[f"{ds.kind}:{header}"] = dict(ds.mapping)
        put("workspace.mappings", mappings)
    sync(datasets_only=True)
    return ds_id


def remove_dataset(ds_id: str) -> None:
    store = datasets()
    ds = store.pop(ds_id, None)
    if ds is None:
        return
    act = st.session_state.setdefault(_ACTIVE, {})
    if act.get(ds.kind) == ds_id:
        act.pop(ds.kind)
        same = [k for k, v in store.items() if v.kind == ds.kind]
        if same:
            act[ds.kind] = same[-1]
    sync(datasets_only=True)


def active(kind: Kind, *, live: bool = False) -> Dataset | None:
    """The dataset of ``kind`` the pages analyse, or None.

    A table queried in place (``ds.live``, rows in an engine) is returned only to callers
    that run on one (``live=True``: the route layer's aggregations); to others it is None.
    """
    ds_id = st.session_state.get(_ACTIVE, {}).get(kind)
    ds = datasets().get(ds_id) if ds_id else None
    if ds is not None and ds.live is not None and not live:
        return None
    return ds


def active_id(kind: Kind) -> str | None:
    return st.session_state.get(_ACTIVE, {}).get(kind)


def set_active(ds_id: str) -> None:
    ds = datasets().get(ds_id)
    if ds is not None:
        st.session_state.setdefault(_ACTIVE, {})[ds.kind] = ds_id
        sync(datasets_only=True)


def get(key: str, default: Any = None) -> Any:
    """A page setting (``"traffic.rules"``, ``"budget.scenarios"``, ...)."""
    return st.session_state.setdefault(_SETTINGS, {}).get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state.setdefault(_SETTINGS, {})[key] = value
    sync(keys=(key,))


def pop(key: str, default: Any = None) -> Any:
    out = st.session_state.setdefault(_SETTINGS, {}).pop(key, default)
    sync(keys=(key,))
    return out


def flash(level: str, key: str, **params: Any) -> None:
    """Queue a message (``t`` key and params) to show once after the next rerun."""
    st.session_state["_flash"] = (level, key, params)


def pop_flash() -> tuple[str, str, dict[str, Any]] | None:
    return st.session_state.pop("_flash", None)


def widget(key: str, default: Any = None) -> Any:
    """The current value of the widget with ``key`` (for reading before it is drawn)."""
    return st.session_state.get(key, default)


def keep_widgets() -> None:
    """Keep the values of the declared widgets (``ui.settings``) of pages not drawn in this
    run: Streamlit forgets a widget's value when a run does not draw it, so without this a
    page's steps, filters and choices were lost on a visit to another page. Called once per
    run before the page (re-assigning a value is what makes Streamlit keep it)."""
    for key in list(st.session_state.keys()):
        s = declared.find(key) if isinstance(key, str) else None
        if s is None or s.kind != "widget":
            continue
        value = st.session_state[key]
        # only plain values: a data editor's edits (a dict) or a file cannot be set back
        if not _plain(value):
            continue
        st.session_state[key] = value


def _plain(value: Any) -> bool:
    import datetime as dt

    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool, dt.date, dt.time))


def set_widget(key: str, value: Any) -> None:
    """Preset the widget with ``key`` (before it is drawn in this run).

    Widgets preset this way are persisted with the workspace when ``ui.settings`` says
    they are saved (their current value, saved at the end of each run), so settings that
    pages keep in step with them (``budget.signature`` and ``budget.total``) survive a
    reload together.
    """
    st.session_state[key] = value
    b = st.session_state.get(_WS)
    if b is not None and declared.saved(key):
        b["widgets"].add(key)


# -- persistence ------------------------------------------------------------------


def workspace_id() -> str | None:
    """The ID of the workspace this session is bound to, or None."""
    b = st.session_state.get(_WS)
    return b["id"] if b else None


def workspace() -> wsio.Workspace | None:
    """The bound workspace (its folder on disk), or None."""
    b = st.session_state.get(_WS)
    if not b:
        return None
    store = wsio.Store(b["root"])
    return wsio.Workspace(store, b["id"], store.path(b["id"]))


def persist_status() -> dict[str, Any]:
    """What the saves so far left undone.

    ``error``: None, or why the last failed write failed (``"disk_full"``,
    ``"read_only"``, ``"permission"``, ``"other"``; details are in the log only);
    ``unsaved``: what is not on disk yet (file names of datasets, setting keys);
    ``skipped``: settings that can never be saved (not serialisable).
    """
    b = st.session_state.get(_WS) or {}
    unsaved = b.get("unsaved") or {}
    return {
        "error": b.get("error") if unsaved else None,
        "unsaved": sorted(set(unsaved.values())),
        "skipped": sorted(b.get("skipped", ())),
    }


def workspace_created() -> bool:
    """Whether the bound workspace exists on disk (it is created by the first save)."""
    b = st.session_state.get(_WS)
    return bool(b and b.get("created"))


def set_user(user: str | None) -> None:
    """Record who is logged in (``ui.access``); None when no login is configured."""
    st.session_state["_user"] = user


def user() -> str | None:
    """The logged-in user (``"oidc:<e-mail>"``, ``"user:<name>"``, ``"team"``) or None."""
    return st.session_state.get("_user")


def unbind_workspace(*, clear: bool = True) -> None:
    """Stop persisting; with ``clear`` also forget this session's datasets and settings."""
    b = st.session_state.pop(_WS, None)
    if clear:
        # the old workspace's preset widget values go too (never shown in the next one)
        for key in [*(b["widgets"] if b else ()), _DATASETS, _ACTIVE, _SETTINGS]:
            try:
                st.session_state.pop(key, None)
            except Exception:  # a widget already drawn in this run keeps its value
                pass


def bind_workspace(
    ws: wsio.Workspace, *, restore: bool = True, created: bool = True, owner: str | None = None
) -> list[str]:
    """Bind the session to ``ws``: replace the session's state with the stored one.

    With ``restore=False`` the session's current datasets and settings are kept
    and written to ``ws`` (used for a brand-new workspace). Returns the names
    of stored items that could not be read (they are left out).
    """
    tracked: set[str] = set()
    binding: dict[str, Any] = {
        "id": ws.id,
        "root": str(ws.store.root),
        "saved": {},
        "widgets": tracked,
        "skipped": set(),
        "unsaved": {},
        "error": None,
        "created": created,
        "owner": owner,
    }
    problems: list[str] = []
    if restore:
        for key in (_DATASETS, _ACTIVE, _SETTINGS):
            st.session_state.pop(key, None)
        items, problems = ws.items()
        url = set(st.query_params.keys())
        entries = sorted(
            ((name[3:], value) for name, (value, _d) in items.items() if name.startswith("ds/")),
            key=lambda e: (e[1].get("pos", 0), e[0]) if isinstance(e[1], dict) else (0, e[0]),
        )
        loaded = ws.load_datasets([v["key"] for _i, v in entries if isinstance(v, dict)])
        store: dict[str, Dataset] = {}
        for ds_id, value in entries:
            ds = loaded.get(value.get("key")) if isinstance(value, dict) else None
            if isinstance(ds, Dataset):
                store[ds_id] = ds
                binding["saved"][f"ds/{ds_id}"] = items[f"ds/{ds_id}"][1]
            else:
                problems.append(f"ds/{ds_id}")
        act: dict[str, str] = {}
        settings: dict[str, Any] = {}
        for name, (value, digest) in items.items():
            ns, _, key = name.partition("/")
            if ns == "active" and key in KINDS and value in store:
                act[key] = value
            elif ns == "set":
                settings[key] = value
            elif ns == "w" and declared.saved(key):
                tracked.add(key)
                if key in url:  # a shared link's filters win over the saved ones
                    continue
                st.session_state[key] = value
            else:
                continue
            binding["saved"][name] = digest
        for ds_id, ds in store.items():
            if ds.kind not in act:  # the active one was removed by another tab
                act[ds.kind] = ds_id
        st.session_state[_DATASETS] = store
        st.session_state[_ACTIVE] = act
        st.session_state[_SETTINGS] = settings
    st.session_state[_WS] = binding
    sync()
    return problems


def _items(datasets_only: bool, keys: tuple[str, ...] | None) -> dict[str, Any]:
    """The session's persistable items: name -> value (datasets as their entry)."""
    out: dict[str, Any] = {}
    if keys is None:
        # a table queried in place has no rows to save: it is connected again, not restored
        kept = {i: ds for i, ds in datasets().items() if ds.live is None}
        for pos, (ds_id, ds) in enumerate(kept.items()):
            out[f"ds/{ds_id}"] = (ds, pos)
        for kind, ds_id in st.session_state.get(_ACTIVE, {}).items():
            if ds_id in kept:
                out[f"active/{kind}"] = ds_id
    if datasets_only:
        return out
    settings = st.session_state.get(_SETTINGS, {})
    for key in settings if keys is None else keys:
        if key in settings and declared.saved(key):
            out[f"set/{key}"] = settings[key]
    return out


def failure_code(err: OSError) -> str:
    """A user-facing code for a failed write (the path and library text go to the log only)."""
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "disk_full"
    if err.errno == errno.EROFS:
        return "read_only"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission"
    return "other"


def _label(name: str, value: Any) -> str:
    """What an item is, for the "not saved" list: a dataset's file name, a setting's key."""
    if name.startswith("ds/") and isinstance(value, tuple):
        ds = value[0]
        return ds.filename or name[3:]
    return name.partition("/")[2]


def sync(*, datasets_only: bool = False, keys: tuple[str, ...] | None = None) -> None:
    """Write what changed since the last save to the bound workspace (no-op when unbound).

    ``keys`` limits the work to those settings (a ``put``); ``datasets_only``
    to the datasets and the active map. The workspace folder is created by the
    first write (a visit that saves nothing leaves nothing on disk). Each item is
    written on its own: an item that fails (a full disk, a read-only folder) is
    listed by :func:`persist_status` and retried by the next ``sync``, never raised;
    the session goes on in memory. Paths and library messages go to the log.
    """
    b = st.session_state.get(_WS)
    if not b:
        return
    ws = workspace()
    assert ws is not None
    unsaved: dict[str, str] = b.setdefault("unsaved", {})
    current = _items(datasets_only, keys)
    if keys is None and not datasets_only:
        for key in b["widgets"]:
            if key in st.session_state:
                current[f"w/{key}"] = st.session_state[key]
    errors: list[str] = []

    def fail(name: str, value: Any, err: OSError) -> None:
        _log.warning("workspace %s: could not save %s: %r", b["id"][:8], name, err)
        unsaved[name] = _label(name, value)
        errors.append(failure_code(err))

    if not b.get("created"):
        if not any(n.startswith(("ds/", "set/")) for n in current):
            return  # nothing worth a folder yet
        try:
            wsio.Store(b["root"]).create(b["id"], owner=b.get("owner"))
            b["created"] = True
        except OSError as err:
            for name, value in current.items():
                fail(name, value, err)
            b["error"] = errors[0]
            return
    for name, value in current.items():
        try:
            _write_item(ws, b, name, value)
        except OSError as err:
            fail(name, value, err)
    _remove_gone(ws, b, current, _scope(datasets_only, keys), fail)
    b["error"] = errors[0] if errors else (b.get("error") if unsaved else None)
    if not unsaved and time.time() - b.get("touched", 0) > 3600:  # keep a long session alive
        try:
            ws.touch()
            b["touched"] = time.time()
        except OSError as err:
            _log.warning("workspace %s: could not mark it used: %r", b["id"][:8], err)


def _write_item(ws: wsio.Workspace, b: dict[str, Any], name: str, value: Any) -> None:
    """Write one item when its digest changed (a dataset's file once); raises ``OSError``."""
    saved: dict[str, str] = b["saved"]
    if name.startswith("ds/"):
        ds, pos = value
        entry = {"key": ws.dataset_key(ds.fingerprint), "pos": pos, "kind": ds.kind}
        text, digest = ws.encode_item(entry)
        if saved.get(name) != digest:
            ws.save_dataset(ds)
            ws.write_encoded(name, text, digest)
            saved[name] = digest
        b["unsaved"].pop(name, None)
        return
    try:
        text, digest = ws.encode_item(value)
    except (wsio.NotSerialisable, TypeError, ValueError):
        b["skipped"].add(name)
        return
    b["skipped"].discard(name)
    if saved.get(name) != digest:
        ws.write_encoded(name, text, digest)
        saved[name] = digest
    b["unsaved"].pop(name, None)


def _scope(datasets_only: bool, keys: tuple[str, ...] | None) -> Callable[[str], bool]:
    """Which stored item names a sync of this extent is responsible for."""
    if keys is not None:
        return {f"set/{k}" for k in keys}.__contains__
    if datasets_only:
        return lambda n: n.startswith(("ds/", "active/"))
    return lambda n: not n.startswith("w/")


def _remove_gone(
    ws: wsio.Workspace,
    b: dict[str, Any],
    current: dict[str, Any],
    in_scope: Callable[[str], bool],
    fail: Callable[[str, Any, OSError], None],
) -> None:
    """Delete the items this session saved or restored and no longer holds."""
    saved, unsaved = b["saved"], b["unsaved"]
    for name in [n for n in saved if n not in current and in_scope(n)]:
        try:
            ws.delete_item(name)
            saved.pop(name)
        except OSError as err:
            fail(name, name, err)
    for name in [n for n in unsaved if n not in current and in_scope(n)]:
        unsaved.pop(name)  # removed meanwhile: nothing left to save
