"""User data as inert text: the one helper for any user-derived string in a Markdown context.

Streamlit renders Markdown (with GitHub's extensions: bare ``https://`` and ``www.`` links,
e-mail autolinks), its own directives (``:red[...]``, ``:material/icon:``, ``$math$``) and
escapes raw HTML in ``st.markdown`` / ``st.caption`` / ``st.info`` / ``st.warning`` /
``st.error`` / ``st.success``, in widget labels, ``help=`` tooltips, tab and expander labels,
and radio / pills options. A cell, header, file, sheet or zip-member name, channel, product
or seller name put into any of these must go through :func:`inert` (usually as a ``t()``
parameter: ``t("data.read_error", file=inert(name), ...)``).

Tables are drawn with ``st.dataframe`` / ``st.data_editor`` (never ``st.table`` or Markdown of
a frame); single values may also be drawn with ``st.text`` / ``st.code``, which are plain.
"""

from __future__ import annotations

import logging
import re
from typing import Any

__all__ = ["inert", "inert_all", "user_error"]

_log = logging.getLogger(__name__)
# absolute paths (POSIX and Windows) in a message: server internals, never shown
_PATH = re.compile(r"(?:[A-Za-z]:\\|(?<![\w.])/)(?:[^\s'\"():,;]+[/\\])+[^\s'\"():,;]*")

# every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all
# of them (and ':' '@' '.' too) also breaks GFM autolinks (https://, www., a@b.c) and
# Streamlit's directives, while the rendered text stays exactly the original
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# line breaks, tabs and other control characters: one space (no new block can start)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MAX = 500  # a longer value is cut, with an ellipsis (it is a label, not the data)
# GitHub-style autolinks are found in the *unescaped* text (remark-gfm turns "https://...",
# "www." and "a@b.c" into links even when each character was escaped), so an invisible
# WORD JOINER (U+2060) splits each trigger: "https<WJ>://", "www<WJ>.", "a@<WJ>b.c"
_JOIN = "\u2060"
_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp)(?=:)")
_WWW = re.compile(r"(?i)\b(www)(?=\.)")


def inert(value: Any, limit: int = _MAX) -> str:
    """``value`` as text that Markdown shows literally: no link, image, emphasis, HTML or directive.

    The text looks exactly like ``value``; autolink triggers carry an invisible word joiner.

    Parameters
    ----------
    value : any
        A user-derived value (``None`` becomes ``""``; other values go through ``str``).
    limit : int
        At most this many characters of the value are kept (an ellipsis marks a cut).
    """
    if value is None:
        return ""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    text = _CONTROL.sub(" ", text)
    text = _SCHEME.sub(r"\1" + _JOIN, _WWW.sub(r"\1" + _JOIN, text)).replace("@", "@" + _JOIN)
    return _PUNCT.sub(r"\\\1", text)


def inert_all(params: dict[str, Any]) -> dict[str, Any]:
    """Every string in ``params`` made :func:`inert` (numbers and other values kept)."""
    return {k: inert(v) if isinstance(v, str) else v for k, v in params.items()}


def user_error(err: BaseException | str) -> str:
    """An error for the user, inert, in the user's language: a coded error
    (:class:`analytics.messages.AnalyticsError`, ``IngestError``, ``BudgetError``) by its text
    in that language (:func:`ui.i18n.error_text`); another ``ValueError`` by its own words
    (they say what to fix) with any server path removed, in English, or a plain sentence in
    Chinese; anything else (``OSError``, library errors) by a plain sentence. The full error
    goes to the log."""
    from ui.i18n import error_text, t

    _log.warning("shown to the user as an error: %r", err)
    if isinstance(getattr(err, "code", None), str) or (
        isinstance(err, ValueError) and not isinstance(err, str)
    ):
        return inert(_PATH.sub("…", error_text(err)))
    if isinstance(err, str):
        return inert(_PATH.sub("…", err))
    return t("safe.server_error")


def note_lines(notes, area: str = "ingest.note") -> None:
    """Import or join notes ``(code, params)`` as caption lines in the user's language, every
    value from the file inert."""
    import streamlit as st

    from ui.i18n import t

    for code, params in notes:
        st.caption("· " + t(f"{area}.{code}", **inert_all(params)))
