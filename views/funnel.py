"""Funnel drop-off: steps from the event log (or an aggregated table), counting rules, results.

A router (issue 15, page shape): the sections live in ui/funnel_sections.py,
ui/funnel_tabs.py and ui/funnel_table.py."""

from __future__ import annotations

import streamlit as st

from ui import engine_caption, funnel_tabs, state
from ui import funnel_sections as sec
from ui.funnel_table import table_section
from ui.i18n import t
from ui.widgets import choice, require, tab_sections

st.title(t("nav.funnel"))
st.caption(t("funnel.intro"))
caption = engine_caption.where("events", live=True)

# ---- input: event log or aggregated table
events_ds = state.active("events", live=True)
mode = choice(
    t("funnel.input"),
    ["events", "table"],
    prefix="funnel.input",
    default="events" if events_ds is not None else "table",
    key="funnel.input",
    help=t("funnel.help.input"),
)
if mode == "table":
    table_section()
    st.stop()

ds = require("events", live=True)  # the funnel runs in place on a database table

# ---- steps
names, count_of = sec.event_names(ds)
if len(names) < 2:
    # one event name (a view-only log): no funnel, but the activity it can show
    st.warning(t("funnel.one_event", event=sec.plain(names[0]) if names else "-"))
    sec.show_activity(ds)
    st.stop()
sec.sync_steps(ds, names)
step_labels, step_groups = sec.steps_editor(names, count_of)

# ---- counting rules, the funnel they count
rules = sec.rules_card()
ctx = sec.funnel_context(ds, step_labels, step_groups, rules)
caption()  # with the query's time, when it ran in a database
tabs = st.tabs(
    [
        t("funnel.tab.steps"),
        t("funnel.tab.time"),
        t("funnel.tab.breakdown"),
        t("funnel.tab.trend"),
        t("funnel.tab.export"),
    ]
)
tab_sections(
    tabs,
    [
        sec.steps_section,
        funnel_tabs.time_section,
        funnel_tabs.breakdown_section,
        funnel_tabs.trend_section,
        funnel_tabs.export_section,
    ],
    ctx,
)
