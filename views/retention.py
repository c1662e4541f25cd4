"""Retention & LTV (issue 17): cohorts from orders or events, retention curves, value per
cohort and channel with payback, and the lifetime value forecast.

A router (page shape): the sections live in ui/retention_sections.py and ui/retention_ltv.py."""

from __future__ import annotations

import streamlit as st

from ui import engine_caption, state
from ui import retention_ltv as ltv
from ui import retention_sections as sec
from ui.i18n import t
from ui.widgets import require, tab_sections

st.title(t("nav.retention"))
st.caption(t("retention.intro"))

orders_ds = state.active("orders", live=True)  # cohorts run in place on a database table
events_ds = state.active("events", live=True)
spend_ds = state.active("spend")

# ---- shared controls: source, period, cohort definition, return window
source, period, definition, window = sec.controls(orders_ds is not None, events_ds is not None)
ds = require(source, live=True)
caption = engine_caption.where(source, live=True)
events = sec.event_choices(ds) if source == "events" else (None, None)
ctx = sec.build_context(source, ds, orders_ds, spend_ds, period, definition, window, events)
caption()  # with the query's time, when it ran in a database
tabs = st.tabs(
    [
        t("retention.tab.cohorts"),
        t("retention.tab.curves"),
        t("retention.tab.value"),
        t("retention.tab.ltv"),
    ]
)
tab_sections(
    tabs, [sec.cohorts_section, sec.curves_section, ltv.value_section, ltv.ltv_section], ctx
)
