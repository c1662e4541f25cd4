"""User layering: RFM scores, named segments, k-means clusters, movement, campaign export.

A router: the sections live in ``ui/segments_sections.py`` and ``ui/segments_kmeans.py``.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from analytics.engine import route
from ui import engine_caption
from ui import segments_kmeans as km
from ui import segments_sections as sec
from ui.i18n import t
from ui.widgets import cached, require

st.title(t("nav.segments"))
ds = require("orders", live=True)  # RFM runs in place on a database table
st.caption(t("segments.intro"))
caption = engine_caption.where("orders", live=True)
if not cached(route.has_customers, ds):  # user layering needs a customer ID per order
    st.warning(t("segments.no_customers"))
    st.stop()

try:
    default_day = cached(route.default_as_of, ds)
    first_day = ds.date_range[0].normalize() if ds.date_range else None
except ValueError as err:
    sec.fail(err)
    st.stop()
if default_day is None or first_day is None:
    st.warning(t("segments.no_dates"))
    st.stop()

ctx, prev = sec.settings(ds, default_day, first_day)
sec.definitions()
try:
    with engine_caption.running(ds):  # progress and cancel when it runs on DuckDB
        an = cached(route.analyse, ds, as_of=ctx.as_of, compare=prev, **ctx.params)
except ValueError as err:
    sec.fail(err)
    st.stop()
ctx = dataclasses.replace(ctx, an=an)
caption()  # with the query's time, when it ran in a database
sec.overview_section(ctx)
if an.scored.empty:
    st.warning(t("segments.no_scorable", date=f"{ctx.as_of:%Y-%m-%d}"))
    st.stop()

tabs = st.tabs(
    [
        t("segments.tab.segments"),
        t("segments.tab.scores"),
        t("segments.tab.kmeans"),
        t("segments.tab.movement"),
        t("segments.tab.export"),
    ]
)
with tabs[0]:
    sec.segments_section(ctx)
with tabs[1]:
    sec.scores_section(ctx)
with tabs[2]:
    clusters = km.kmeans_section(ctx)
with tabs[3]:
    sec.movement_section(ctx)
with tabs[4]:
    km.export_section(ctx, clusters)
