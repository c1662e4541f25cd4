"""Experiments: read an A/B test (event log, orders or a typed table), its verdict, its days,
planning and method.

A router (issue 15, page shape): the inputs are in ui/experiments_inputs.py, the sections in
ui/experiments_sections.py and the planning card in ui/experiments_plan.py."""

from __future__ import annotations

import streamlit as st

from ui import engine_caption, state
from ui import experiments_inputs as inputs
from ui import experiments_sections as sec
from ui.experiments_plan import planning_section
from ui.i18n import t
from ui.widgets import tab_sections

st.title(t("nav.experiments"))
st.caption(t("experiments.intro"))
verdict_slot = st.container()  # the verdict first, though the controls below decide it

# ---- input: the event log's variant column, orders with a coupon column, or a typed table
events_ds, orders_ds = state.active("events"), state.active("orders")
for kind in ("events", "orders"):  # a table queried in place: a reading needs its rows
    engine_caption.needs_rows(state.active(kind, live=True), section=True)
source = inputs.source_choice(events_ds, orders_ds)
data = inputs.read_input(source, events_ds, orders_ds)

# ---- the reading's controls, the verdict
ctx = sec.controls(data)
with verdict_slot:
    sec.verdict_box(ctx)

tabs = st.tabs(
    [
        t("experiments.tab.reading"),
        t("experiments.tab.time"),
        t("experiments.tab.planning"),
        t("experiments.tab.method"),
    ]
)
tab_sections(
    tabs,
    [sec.reading_section, sec.time_section, planning_section, sec.method_section],
    ctx,
)
