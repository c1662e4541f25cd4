"""Overview: KPI cockpit, alerts, what changed, weekly report; page guide, loaded data, samples.

A router (issue 15, page shape): the sections live in ui/home_sections.py."""

from __future__ import annotations

import streamlit as st

from ui import engine_caption, report_box, state
from ui import home_sections as sec
from ui.i18n import t

st.title(t("app.title"))
st.write(t("home.tagline"))
engine_caption.where("orders", "traffic", "events")
for kind in ("orders", "events"):  # tables queried in place: the cockpit needs their rows
    engine_caption.needs_rows(state.active(kind, live=True))

active = {k: state.active(k) for k in sec.CORE}
active = {k: v for k, v in active.items() if v is not None}
has_core = any(k in active for k in ("orders", "traffic", "spend"))
if has_core:
    ctx = sec.cockpit_context(active)
    if ctx is not None:
        sec.cards_section(ctx)
        sec.retention_section(ctx)
        left, right = st.columns(2)
        with left:
            sec.tree_section(ctx)
        with right:
            sec.trend_section(ctx)
        a, b = st.columns(2)
        with a:
            sec.alerts_section(ctx)
        with b:
            sec.changes_section(ctx)
        report_box.render(ctx.period, ctx.start, ctx.end, ctx.rules, ctx.threshold)
else:
    sec.start_box()
    st.info(t("home.need_data"))

sec.page_guide()
sec.loaded_table()
if has_core:
    sec.start_box()
