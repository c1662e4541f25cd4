"""Import choices for files that lack a column (issue 14 item 2): one card per choice.

The wizard (views/data.py) calls :func:`cards` after the column mapping; it draws the
cards that apply to the file and returns the keyword arguments for
:func:`analytics.ingest.to_canonical` (``default_event``, ``event_legend``,
``own_seller``, ``year``, ``tz``, ``channel_label``). User values are shown as plain text only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analytics import ingest
from analytics import kinds as kd
from analytics import timezones as tzs
from ui import state
from ui.i18n import t

__all__ = [
    "attention",
    "cards",
    "channel_card",
    "event_card",
    "legend_card",
    "own_seller_card",
    "year_card",
    "tz_card",
]

_LOCAL = "local"  # keep the local time written (the default)
_OTHER = "other"  # any IANA zone, typed

# notes of the import report that need the user's eye (shown outside the notes expander)
_ATTENTION = ("total_mismatch",)


def event_card(file_id: str) -> dict[str, Any]:
    """Events without an event column: the event every row stands for."""
    with st.container(border=True):
        st.markdown(f"**{t('data.opt.event_title')}**")
        name = st.text_input(
            t("data.opt.event_label"),
            value=kd.DEFAULT_EVENT,
            key=f"data.opt.event.{file_id}",
            help=t("data.opt.event_help"),
        )
    return {"default_event": name.strip() or kd.DEFAULT_EVENT}


@st.cache_data(max_entries=8, show_spinner=False)
def _event_values(file_id: str, column: str, _frame: pd.DataFrame) -> pd.DataFrame:
    return kd.event_values(_frame, column)  # counted once per file and column


@st.cache_data(max_entries=8, show_spinner=False)
def _proposed_legend(file_id: str, column: str, _frame: pd.DataFrame) -> dict[str, str]:
    # the recognition's legend for numeric codes (``ingest.propose(...).event_legend``), where
    # this version of analytics.ingest proposes one
    propose = getattr(ingest, "propose", None)
    if propose is None:
        return {}
    try:
        legend = propose(_frame, kind="events").event_legend or {}
    except (ValueError, AttributeError, StopIteration):
        return {}
    return {str(k): str(v) for k, v in legend.items()}


def legend_card(frame: pd.DataFrame, column: str, file_id: str) -> dict[str, Any]:
    """Events with an event column: a legend naming its values (open when they are codes);
    the names start from the legend the recognition proposes, if any."""
    values = _event_values(file_id, column, frame)
    codes = kd.numeric_codes(values["value"])
    proposed = _proposed_legend(file_id, column, frame) if codes else {}
    with st.expander(t("data.opt.legend_title"), expanded=codes):
        st.caption(t("data.opt.legend_help_codes" if codes else "data.opt.legend_help"))
        table = values.assign(name=[proposed.get(str(v), "") for v in values["value"]])
        edited = st.data_editor(
            table,
            key=f"data.opt.legend.{file_id}.{column}",
            hide_index=True,
            width="stretch",
            disabled=["value", "count"],
            column_config={
                "value": st.column_config.TextColumn(t("data.opt.legend_value")),
                "count": st.column_config.NumberColumn(t("data.opt.legend_count"), format="%d"),
                "name": st.column_config.TextColumn(t("data.opt.legend_name")),
            },
        )
    legend = {
        str(v): str(n).strip()
        for v, n in zip(edited["value"], edited["name"], strict=True)
        if isinstance(n, str) and n.strip()
    }
    return {"event_legend": legend} if legend else {}


def own_seller_card(file_id: str) -> dict[str, Any]:
    """Prices without a seller column (or a wide table's own column): the own shop's label."""
    with st.container(border=True):
        st.markdown(f"**{t('data.opt.own_title')}**")
        label = st.text_input(
            t("data.opt.own_label"),
            value=t("data.opt.own_default"),
            key=f"data.opt.own.{file_id}",
            help=t("data.opt.own_help"),
        )
    return {"own_seller": label.strip() or kd.OWN_SELLER}


def year_card(file_name: str, frame: pd.DataFrame, mapping: dict, file_id: str) -> dict[str, Any]:
    """Dates without a year (months, week numbers, month + day): the year they are in."""
    found, where = kd.year_from_context(file_name, frame, set(mapping.values()))
    key = f"data.opt.year.{file_id}"
    if state.widget(key) is None and found is not None:
        state.set_widget(key, found)
    with st.container(border=True):
        st.markdown(f"**{t('data.opt.year_title')}**")
        # a preset widget takes its value from the session (no second default)
        preset = {} if state.widget(key) is not None else {"value": None}
        year = st.number_input(
            t("data.opt.year_label"),
            min_value=1900,
            max_value=2100,
            step=1,
            key=key,
            help=t("data.opt.year_help"),
            **preset,
        )
        if found is not None:
            st.caption(t("data.opt.year_found", year=found))
            st.text(where)
        elif year is None:
            st.warning(t("data.opt.year_missing", year=kd.ASSUMED_YEAR))
    # the year the file gives is found again on import (and noted with its source)
    return {"year": int(year)} if year is not None and year != found else {}


@st.cache_data(max_entries=8, show_spinner=False)
def _offset_columns(
    file_id: str, columns: tuple[str, ...], noted: tuple[str, ...], _frame: pd.DataFrame
) -> list[str]:
    # looked at once per file and columns; ``noted``: columns a reader note marks (tz_utc)
    return tzs.offset_columns(_frame, columns, [("tz_utc", {"column": c}) for c in noted])


def tz_card(columns: list[str], file_id: str) -> dict[str, Any]:
    """Times written with an offset: keep the local time written (default) or convert them
    to a time zone (common ones, or any IANA name typed)."""
    with st.container(border=True):
        st.markdown(f"**{t('data.tz.title')}**")
        st.caption(t("data.tz.columns"))
        st.text(", ".join(columns))  # column names from the file: plain text
        names = {_LOCAL: t("data.tz.local"), _OTHER: t("data.tz.other")}
        pick = st.selectbox(
            t("data.tz.label"),
            [_LOCAL, *tzs.ZONES, _OTHER],
            format_func=lambda z: names.get(z, z),
            key=f"data.tz.{file_id}",
            help=t("data.tz.help"),
        )
        zone = pick
        if pick == _OTHER:
            typed = st.text_input(
                t("data.tz.other_label"),
                key=f"data.tz.other.{file_id}",
                placeholder="Asia/Singapore",
            ).strip()
            if not typed:
                return {}
            if not tzs.is_zone(typed):
                st.warning(t("data.tz.unknown"))
                st.text(typed)
                return {}
            zone = typed
    return {} if zone in (None, _LOCAL) else {"tz": zone}


def channel_card(file_name: str, frame: pd.DataFrame, file_id: str) -> dict[str, Any]:
    """Spend without a channel column: the one channel it is (the platform its name or
    headers name, proposed)."""
    found, where = kd.platform_channel(file_name, frame.columns)
    with st.container(border=True):
        st.markdown(f"**{t('data.opt.channel_title')}**")
        label = st.text_input(
            t("data.opt.channel_label"),
            value=found or t("data.opt.channel_default"),
            key=f"data.opt.channel.{file_id}",
            help=t("data.opt.channel_help"),
        )
        if found is not None:
            st.caption(t("data.opt.channel_found"))
            st.text(where)  # a file or column name: plain text
    label = label.strip()
    # the platform the file names is found again on import (and noted with its source)
    return {"channel_label": label} if label and label != found else {}


def cards(
    frame: pd.DataFrame,
    kind: str,
    mapping: dict,
    file_name: str,
    file_id: str,
    notes: tuple = (),
) -> dict:
    """Draw the cards that apply; return the import keyword arguments they set. ``notes``
    are the reader's notes (``tz_utc`` marks columns of UTC times)."""
    opts: dict[str, Any] = {}
    cols = tuple(tzs.time_columns(kind, mapping))
    noted = tuple(sorted({str(p.get("column")) for c, p in notes if c in tzs.TZ_NOTES}))
    with_offset = _offset_columns(file_id, cols, noted, frame) if cols else []
    if with_offset:
        opts |= tz_card(with_offset, file_id)
    if kind == "events":
        if mapping.get("event"):
            opts |= legend_card(frame, mapping["event"], file_id)
        else:
            opts |= event_card(file_id)
    if kind == "prices" and (not mapping.get("seller") or "price[own]" in mapping):
        opts |= own_seller_card(file_id)
    if (
        kind == "spend"
        and not mapping.get("channel")
        and not any(str(k).startswith("spend[") for k in mapping)
    ):
        opts |= channel_card(file_name, frame, file_id)
    if kd.needs_year(frame, kind, mapping):
        opts |= year_card(file_name, frame, mapping, file_id)
    return opts


def attention(report) -> None:
    """Warn about report notes that need a look (a total the channels do not add up to)."""
    for code, params in report.notes:
        if code in _ATTENTION:
            st.warning(t("data.opt.attention"))
            st.text(t(f"ingest.note.{code}", **params))  # names from the file: plain text
