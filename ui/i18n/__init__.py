"""Every visible string: ``t("key", **params)`` in the session's language.

String tables live beside this file, one module per area (``common``,
``data``, ``traffic``, ...), each defining ``STRINGS = {key: (en, zh)}``.
Pairs keep English and Simplified Chinese complete by construction; a test
also checks that both sides are non-empty and use the same placeholders.
Messages raised by ``analytics`` come from :mod:`analytics.messages`.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from analytics import messages
from analytics.messages import fill
from ui import state
from ui.lang import DEFAULT_LANG, LANGS, lang_from_locale

__all__ = [
    "LANGS",
    "DEFAULT_LANG",
    "t",
    "labels",
    "tables",
    "lang_from_locale",
    "text",
    "stage_name",
    "field_label",
    "error_text",
    "channel_label",
]


@cache
def _pairs() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = dict(messages.STRINGS)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        table = getattr(module, "STRINGS", {})
        dup = set(table) & set(merged)
        if dup:
            raise RuntimeError(f"i18n keys defined twice ({info.name}): {sorted(dup)[:5]}")
        merged.update(table)
    return merged


def tables() -> dict[str, dict[str, str]]:
    """The complete tables: language code -> key -> text."""
    pairs = _pairs()
    return {"en": {k: v[0] for k, v in pairs.items()}, "zh": {k: v[1] for k, v in pairs.items()}}


def text(key: str, lang: str, /, **params: Any) -> str:
    """``key`` in ``lang`` with ``params`` filled; an unknown key shows as itself."""
    pair = _pairs().get(key)
    if pair is None:
        return key
    return fill(pair[1] if lang == "zh" else pair[0], params)


def t(key: str, /, **params: Any) -> str:
    """``key`` in the current session's language."""
    return text(key, state.get_lang(), **params)


def labels(prefix: str) -> Any:
    """A ``format_func`` showing ``t(f"{prefix}.{option}")`` in the language of this run.

    The language is fixed when the widget is drawn: Streamlit may format options
    outside the script run, where the session's language cannot be read.
    """
    lang = state.get_lang()
    return lambda option: text(f"{prefix}.{option}", lang)


def stage_name(label: str, lang: str | None = None) -> str:
    """A funnel step label in ``lang`` (by default the session's) when it is a standard stage
    name (``View``/``浏览`` ...) of :data:`analytics.funnel.STEP_VOCABULARY`; else ``label``."""
    pairs = _pairs()
    for key, (en, zh) in pairs.items():
        if key.startswith("funnel.stage.") and label in (en, zh):
            return text(key, lang) if lang else t(key)
    return label


def error_text(err: BaseException) -> str:
    """The user's-language text of an error raised by ``analytics``.

    Coded errors (``err.code`` and ``err.params``: :class:`analytics.messages.AnalyticsError`,
    ``IngestError``, ``BudgetError``) are translated; any other error is shown by its kind
    only in Chinese (its English sentence is not for a Chinese screen), by its text in English.
    """
    lang = state.get_lang()
    code = getattr(err, "code", None)
    params = getattr(err, "params", None) or {}
    if isinstance(code, str):
        for key in (code, f"ingest.error.{code}", f"budget.err.{code}"):
            if key in _pairs():
                return text(key, lang, **_named_fields(params, lang))
    if lang == "zh":
        return text("common.error.uncoded", lang)
    return str(err)


def field_label(field: str) -> str:
    """A canonical field (``customer_id``; wide keys such as ``spend[tv]``) by its name in
    this session's language; a field without a name shows as itself."""
    base, bracket, rest = str(field).partition("[")
    key = f"field.{base}"
    if key not in _pairs():
        return str(field)
    return t(key) + (f" [{rest}" if bracket else "")


def _named_fields(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """Canonical field names in an error's ``column`` / ``missing`` params, in ``lang``."""
    out = dict(params)
    for name in ("column", "missing"):
        value = out.get(name)
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",")]
            names = [text(f"field.{p}", lang) if f"field.{p}" in _pairs() else p for p in parts]
            out[name] = ("、" if lang == "zh" else ", ").join(names)
    return out


def channel_label(name: str, lang: str | None = None) -> str:
    """A GA4 default channel group (``Organic Search``) by its display name in ``lang``
    (by default the session's); any other channel name (the data's own) as it is."""
    key = f"traffic.ch.{name}"
    return text(key, lang or state.get_lang()) if key in _pairs() else str(name)
