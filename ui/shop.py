"""The shop's number settings: its currency and the colour of rises and falls.

Both are workspace settings (``state.put``: saved with the workspace):

- ``shop.currency``: ``"auto"`` (default: the currency the data shows, see
  :attr:`analytics.schema.Dataset.currency`) or an ISO code chosen in the sidebar;
- ``shop.rise``: ``"auto"`` (default: red up in Chinese, green up in English),
  ``"red"`` or ``"green"``.

Pages format through :func:`money` and friends here (the shop's currency filled in)
or call :mod:`ui.format` with :func:`currency` and :func:`red_up`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import format as fmt
from ui import state
from ui.i18n import labels, t

__all__ = ["currency", "detected", "red_up", "delta_color", "money", "colours", "settings"]

CURRENCY_KEY = "shop.currency"
RISE_KEY = "shop.rise"
_ORDER = ("orders", "traffic", "spend", "prices", "events")  # whose currency wins


def detected() -> str | None:
    """The currency the active datasets show (orders first), or None."""
    for kind in _ORDER:
        ds = state.active(kind)
        code = getattr(ds, "currency", None) if ds is not None else None
        if code:
            return code
    return None


def currency() -> str | None:
    """The shop currency: the one chosen in the settings, else the one the data shows."""
    chosen = state.get(CURRENCY_KEY, "auto")
    if chosen in fmt.SYMBOLS:
        return chosen
    return detected()


def red_up() -> bool:
    """Whether rises are drawn red (the setting, else by the language)."""
    rise = state.get(RISE_KEY, "auto")
    if rise in ("red", "green"):
        return rise == "red"
    return fmt.default_red_up(state.get_lang())


def delta_color() -> str:
    """``st.metric(delta_color=...)`` for a rise/fall delta under the setting."""
    return fmt.delta_color(red_up())


def colours() -> tuple[str, str]:
    """(rise colour, fall colour) for charts and tables."""
    return fmt.rise_fall_colours(red_up())


def money(x: Any, digits: int | None = None, *, signed: bool = False) -> str:
    """``x`` in the shop currency (:func:`ui.format.money`)."""
    return fmt.money(x, currency(), digits=digits, signed=signed)


def _save(widget_key: str, setting: str) -> None:
    state.put(setting, st.session_state[widget_key])


def settings() -> None:
    """The sidebar's "Money and numbers" expander: currency and rise colour."""
    found = detected()
    auto = t("shop.currency.auto", found=fmt.symbol(found).strip() or t("shop.currency.none"))
    options = ["auto", *fmt.CURRENCIES]
    names = {"auto": auto, **{c: t(f"shop.currency.name.{c}") for c in fmt.CURRENCIES}}
    for wkey, setting, default in (
        ("shop.w.currency", CURRENCY_KEY, "auto"),
        ("shop.w.rise", RISE_KEY, "auto"),
    ):
        if wkey not in st.session_state:
            st.session_state[wkey] = state.get(setting, default)
    with st.expander(t("shop.settings")):
        st.selectbox(
            t("shop.currency"),
            options,
            format_func=names.get,  # texts of this run (formatting may happen outside it)
            key="shop.w.currency",
            help=t("shop.currency_help"),
            on_change=_save,
            args=("shop.w.currency", CURRENCY_KEY),
        )
        st.radio(
            t("shop.rise"),
            ["auto", "red", "green"],
            format_func=labels("shop.rise"),
            key="shop.w.rise",
            on_change=_save,
            args=("shop.w.rise", RISE_KEY),
        )
