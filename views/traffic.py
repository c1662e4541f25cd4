"""Traffic sources: channel grouping, per-channel table, mix over time, why it changed, efficiency.

A router (issue 15, page shape): the sections live in ui/traffic_sections.py and
ui/traffic_tabs.py."""

from __future__ import annotations

import streamlit as st

from ui import engine_caption, state
from ui import traffic_sections as sec
from ui import traffic_tabs as tabs_sec
from ui.i18n import t
from ui.safe import inert
from ui.widgets import require, tab_sections

st.title(t("nav.traffic"))

traffic_ds = state.active("traffic")
orders_ds = state.active("orders")
spend_ds = state.active("spend")
if traffic_ds is None:
    if orders_ds is None:
        require("traffic")
    if "channel" not in orders_ds.frame.columns or orders_ds.frame["channel"].isna().all():
        st.warning(t("traffic.no_channel_anywhere"))
        require("traffic")
st.caption(t("traffic.intro"))
engine_caption.where("traffic", "orders")
if traffic_ds is None:
    st.info(t("traffic.orders_only"))

# the mapping (drawn in the rules tab, read first so the whole page follows it)
controls = st.container()
tabs = st.tabs(
    [
        t("traffic.tab.table"),
        t("traffic.tab.mix"),
        t("traffic.tab.why"),
        t("traffic.tab.efficiency"),
        t("traffic.tab.rules"),
    ]
)
with tabs[4]:
    rules, regroup, version = sec.rules_editor()
datasets = {"traffic": traffic_ds, "orders": orders_ds, "spend": spend_ds}
mix = sec.load_mix(datasets, rules, regroup)

with controls:
    ctx = sec.traffic_context(mix, rules, version)
    sec.notes_section(ctx)
    sec.kpis_section(ctx)
    if ctx.picked_label:
        st.caption(t("traffic.highlighted", channel=inert(ctx.picked_label)))

tab_sections(
    tabs,
    [
        sec.table_section,
        sec.mix_section,
        tabs_sec.why_section,
        tabs_sec.efficiency_section,
        tabs_sec.rules_section,
    ],
    ctx,
)
