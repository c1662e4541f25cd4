"""Overview: what each page does, what it needs, what is loaded, one-click sample data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import samples, state
from ui.i18n import t

PAGES = {  # page -> dataset kinds it needs (the first is required)
    "data": (),
    "traffic": ("traffic", "orders"),
    "segments": ("orders",),
    "funnel": ("events",),
    "pricing": ("prices",),
    "budget": ("spend", "traffic"),
}

st.title(t("app.title"))
st.write(t("home.tagline"))

with st.container(border=True):
    st.subheader(t("home.start"))
    st.caption(t("home.start_text"))
    c1, c2 = st.columns(2)
    if c1.button(
        t("common.load_samples"), key="home.samples", type="primary", icon=":material/science:"
    ):
        n = samples.load_samples_into_session()
        if n:
            state.flash("success", "common.samples_loaded", n=n)
            st.rerun()
    c2.page_link("pages/data.py", label=t("common.go_data"), icon=":material/upload_file:")

st.subheader(t("home.pages"))
cols = st.columns(3)
for i, (page, kinds) in enumerate(PAGES.items()):
    with cols[i % 3].container(border=True):
        st.page_link(f"pages/{page}.py", label=t(f"nav.{page}"))
        st.caption(t(f"home.desc.{page}"))
        if kinds:
            have = [k for k in kinds if state.active(k) is not None]
            ok = bool(have)
            needs = " / ".join(t(f"kind.{k}") for k in kinds)
            badge = t("home.ready") if ok else t("home.missing")
            st.caption(f"{t('home.needs', kinds=needs)} — {badge}")

loaded = state.datasets()
if loaded:
    st.subheader(t("home.loaded"))
    rows = []
    for ds in loaded.values():
        rng = ds.date_range
        rows.append(
            {
                t("home.col_kind"): t(f"kind.{ds.kind}"),
                t("home.col_file"): ds.filename,
                t("home.col_rows"): len(ds.frame),
                t("home.col_from"): rng[0].date() if rng else None,
                t("home.col_to"): rng[1].date() if rng else None,
                t("home.col_dropped"): ds.report.rows_dropped,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
