"""Entry point: page config, language, shared sidebar, st.navigation over pages/."""

from __future__ import annotations

import streamlit as st

from ui import sidebar
from ui.i18n import t
from ui.widgets import show_flash

st.set_page_config(page_title="Shop Ops Analytics", page_icon=":bar_chart:", layout="wide")

PAGES = [
    st.Page(
        "pages/home.py", title=t("nav.home"), icon=":material/home:", default=True, url_path="home"
    ),
    st.Page("pages/data.py", title=t("nav.data"), icon=":material/upload_file:", url_path="data"),
    st.Page(
        "pages/traffic.py", title=t("nav.traffic"), icon=":material/alt_route:", url_path="traffic"
    ),
    st.Page(
        "pages/segments.py", title=t("nav.segments"), icon=":material/groups:", url_path="segments"
    ),
    st.Page(
        "pages/funnel.py", title=t("nav.funnel"), icon=":material/filter_alt:", url_path="funnel"
    ),
    st.Page("pages/pricing.py", title=t("nav.pricing"), icon=":material/sell:", url_path="pricing"),
    st.Page("pages/budget.py", title=t("nav.budget"), icon=":material/savings:", url_path="budget"),
]

pg = st.navigation(PAGES)
sidebar.render()
show_flash()
pg.run()
