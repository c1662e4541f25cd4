"""User-facing messages raised by ``analytics`` (errors, import reasons, notes).

``analytics`` is used from notebooks too, so its errors carry an English text
and a stable ``code``; the app translates the code with the same table
(``ui.i18n`` merges ``STRINGS`` into its own). Each entry is a pair
(English, Simplified Chinese) so the two languages can never drift apart.
Placeholders use ``str.format`` names, e.g. ``{column}``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["STRINGS", "english", "text"]

STRINGS: dict[str, tuple[str, str]] = {
    # Filled by analytics.ingest and friends; keys: ingest.error.<code>,
    # ingest.reason.<code>, ingest.note.<code>.
    "ingest.error.unknown": (
        "This file could not be read: {detail}",
        "无法读取此文件：{detail}",
    ),
}


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    """Return message ``key`` in ``lang`` ("en" or "zh"), with ``params`` filled in.

    An unknown key returns the key itself (visible, never an exception).
    """
    pair = STRINGS.get(key)
    if pair is None:
        return key
    template = pair[1] if lang.startswith("zh") else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def english(key: str, /, **params: Any) -> str:
    """Return message ``key`` in English (the text of exceptions)."""
    return text(key, "en", **params)
