"""The session's datasets and settings. The only module that touches ``st.session_state``.

Datasets are held per browser session (never at module level), keyed by a
short id; at most one dataset per kind is *active* (the one pages analyse),
by default the one loaded last.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analytics.schema import Dataset, Kind
from ui.i18n import DEFAULT_LANG, LANGS, lang_from_locale

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
]

LANG_KEY = "app.lang"  # the language radio's widget key
_DATASETS = "_datasets"
_ACTIVE = "_active"
_SETTINGS = "_settings"


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


def add_dataset(ds: Dataset) -> str:
    """Add ``ds`` (replacing an identical earlier load) and make it active for its kind."""
    store = datasets()
    ds_id = f"{ds.kind}-{ds.fingerprint[:10]}"
    store.pop(ds_id, None)
    store[ds_id] = ds
    st.session_state.setdefault(_ACTIVE, {})[ds.kind] = ds_id
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


def active(kind: Kind) -> Dataset | None:
    """The dataset of ``kind`` the pages analyse, or None."""
    ds_id = st.session_state.get(_ACTIVE, {}).get(kind)
    return datasets().get(ds_id) if ds_id else None


def active_id(kind: Kind) -> str | None:
    return st.session_state.get(_ACTIVE, {}).get(kind)


def set_active(ds_id: str) -> None:
    ds = datasets().get(ds_id)
    if ds is not None:
        st.session_state.setdefault(_ACTIVE, {})[ds.kind] = ds_id


def get(key: str, default: Any = None) -> Any:
    """A page setting (``"traffic.rules"``, ``"budget.scenarios"``, ...)."""
    return st.session_state.setdefault(_SETTINGS, {}).get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state.setdefault(_SETTINGS, {})[key] = value


def pop(key: str, default: Any = None) -> Any:
    return st.session_state.setdefault(_SETTINGS, {}).pop(key, default)


def flash(level: str, key: str, **params: Any) -> None:
    """Queue a message (``t`` key and params) to show once after the next rerun."""
    st.session_state["_flash"] = (level, key, params)


def pop_flash() -> tuple[str, str, dict[str, Any]] | None:
    return st.session_state.pop("_flash", None)


def widget(key: str, default: Any = None) -> Any:
    """The current value of the widget with ``key`` (for reading before it is drawn)."""
    return st.session_state.get(key, default)


def set_widget(key: str, value: Any) -> None:
    """Preset the widget with ``key`` (before it is drawn in this run)."""
    st.session_state[key] = value
