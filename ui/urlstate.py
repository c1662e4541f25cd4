"""Shareable views: each page's main filters mirrored in the URL's query parameters.

On a run, :func:`apply` presets the current page's registered widgets from the
query string when the session has no value for them yet (a link opened in a
new tab); after the page has drawn, :func:`sync` writes their current values
back (dates ISO, ranges and lists comma-joined). Parameters this module does
not own (``ws`` of workspaces, anything else) are never touched. A value that
does not fit the widget (a date out of range, an unknown option) is ignored
by Streamlit, which falls back to the widget's default.

The only module besides ``ui/state.py`` that reads ``st.query_params``;
widget values go through ``ui.state.widget`` / ``ui.state.set_widget``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from ui import settings, state
from ui.settings import ParamType

__all__ = ["REGISTRY", "GLOBAL", "encode", "decode", "apply", "sync", "page_name"]

# page -> [(widget key, type)]: the filters that define what the page shows, and on every
# page meeting mode (``?meeting=1``): declared in ui/settings.py
REGISTRY: dict[str, list[tuple[str, ParamType]]] = settings.url_params()
GLOBAL: list[tuple[str, str, ParamType]] = settings.global_params()


def encode(value: Any, kind: ParamType) -> str | None:
    """A widget value as query text (None: leave it out)."""
    if value is None:
        return None
    if kind == "bool":
        return "1" if value else "0"
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else None
    if kind == "dates":
        if isinstance(value, tuple | list) and value and all(isinstance(v, dt.date) for v in value):
            return ",".join(v.isoformat() for v in value)
        return None
    if kind == "list":
        if isinstance(value, tuple | list):
            return ",".join(str(v).replace(",", " ") for v in value)
        return None
    if kind in ("int", "num"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return repr(value) if isinstance(value, float) else str(int(value))
    return str(value)


def decode(text: str, kind: ParamType) -> Any:
    """Query text back to a widget value; raises ``ValueError`` when it does not parse."""
    if kind == "bool":
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(text)
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "dates":
        parts = tuple(dt.date.fromisoformat(p) for p in text.split(",") if p)
        if len(parts) not in (1, 2):
            raise ValueError(text)
        return parts
    if kind == "list":
        return [p for p in text.split(",") if p]
    if kind == "int":
        return int(text)
    if kind == "num":
        return float(text) if any(c in text for c in ".eE") else int(text)
    return text


def page_name(page: Any) -> str:
    """The registry name of a ``st.Page`` (its url path, ``home`` for the default)."""
    path = getattr(page, "url_path", "") or "home"
    return str(path).strip("/") or "home"


def _items(page: str) -> list[tuple[str, str, ParamType]]:
    return [(key, key, kind) for key, kind in REGISTRY.get(page, [])] + list(GLOBAL)


def apply(page: str) -> None:
    """Preset the page's filters (and meeting mode) from the URL where the session has none."""
    params = st.query_params
    for name, key, kind in _items(page):
        if name not in params or state.widget(key) is not None:
            continue
        try:
            state.set_widget(key, decode(params[name], kind))
        except (ValueError, TypeError):
            continue


def sync(page: str) -> None:
    """Write the page's current filter values (and meeting mode) to the URL; others untouched."""
    params = st.query_params
    # filters of the other pages belong to those pages' views: drop them here
    for other, items in REGISTRY.items():
        if other != page:
            for key, _ in items:
                if key in params:
                    del params[key]
    for name, key, kind in _items(page):
        text = encode(state.widget(key), kind)
        if name == "meeting" and text == "0":
            text = None
        if text is None:
            if name in params:
                del params[name]
        else:
            # written on every run: a run cut short by st.rerun may not have reached the browser
            params[name] = text
