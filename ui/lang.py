"""The languages the app speaks (pure: no Streamlit, no session).

:mod:`ui.state` keeps the session's choice and :mod:`ui.i18n` its strings; both read
the list from here, so neither imports the other's module to know it.
"""

from __future__ import annotations

__all__ = ["LANGS", "DEFAULT_LANG", "lang_from_locale"]

LANGS: dict[str, str] = {"en": "English", "zh": "简体中文"}
DEFAULT_LANG = "en"


def lang_from_locale(locale: str | None) -> str:
    """Map a browser locale such as ``zh-CN`` or ``en-US`` to a table code."""
    if locale and locale.lower().startswith("zh"):
        return "zh"
    return DEFAULT_LANG
