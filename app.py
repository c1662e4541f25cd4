"""Entry point: page config, language, shared sidebar, st.navigation over views/.

The page scripts live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder beside
the entry script as its automatic page list until ``st.navigation`` first runs in the process, so
a deep link such as ``/traffic?ws=...`` opened first after a restart would run the bare page
script (no workspace restore, no navigation). A test keeps ``pages/`` from coming back.
"""

from __future__ import annotations

import streamlit as st

from ui import access, meeting, memory, sidebar, state, urlstate, workspace
from ui.i18n import t
from ui.widgets import show_flash

st.set_page_config(page_title="Shop Ops Analytics", page_icon=":bar_chart:", layout="wide")

PAGES = [
    st.Page(
        "views/home.py", title=t("nav.home"), icon=":material/home:", default=True, url_path="home"
    ),
    st.Page("views/data.py", title=t("nav.data"), icon=":material/upload_file:", url_path="data"),
    st.Page(
        "views/traffic.py", title=t("nav.traffic"), icon=":material/alt_route:", url_path="traffic"
    ),
    st.Page(
        "views/segments.py", title=t("nav.segments"), icon=":material/groups:", url_path="segments"
    ),
    st.Page(
        "views/funnel.py", title=t("nav.funnel"), icon=":material/filter_alt:", url_path="funnel"
    ),
    st.Page(
        "views/retention.py",
        title=t("nav.retention"),
        icon=":material/event_repeat:",
        url_path="retention",
    ),
    st.Page("views/pricing.py", title=t("nav.pricing"), icon=":material/sell:", url_path="pricing"),
    st.Page("views/budget.py", title=t("nav.budget"), icon=":material/savings:", url_path="budget"),
    st.Page(
        "views/experiments.py",
        title=t("nav.experiments"),
        icon=":material/science:",
        url_path="experiments",
    ),
]

memory.start()  # once per process: frees caches and memory when sessions end
state.keep_widgets()  # a page's choices survive a visit to another page (before any widget)

# a team deployment asks who you are first (nothing is asked without a login configured)
access.gate()

# the workspace of ?ws= is restored before the page runs and saved after it
with workspace.session():
    pg = st.navigation(PAGES)
    page = urlstate.page_name(pg)
    urlstate.apply(page)  # a shared link presets the page's filters and meeting mode
    sidebar.render()
    meeting.render(PAGES, pg)
    show_flash()
    try:
        pg.run()
    finally:
        urlstate.sync(page)  # the URL always reopens the current view
