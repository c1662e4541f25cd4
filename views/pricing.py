"""Competitor prices: position now, price index, history, changes and alerts, promotions.

A router: the sections live in ``ui/pricing_sections.py`` (context, position, index),
``ui/pricing_changes.py`` (history, changes and alerts, promotions) and ``ui/pricing_setup.py``.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from analytics import pricing as pr
from ui import engine_caption
from ui import pricing_changes as changes
from ui import pricing_sections as sec
from ui import pricing_setup as setup
from ui.i18n import t
from ui.widgets import cached, require, tab_sections

st.title(t("nav.pricing"))
ds = require("prices")
st.caption(t("pricing.intro"))
engine_caption.where("prices")

sellers = cached(pr.sellers, ds)
if not sellers:
    st.warning(t("pricing.no_prices"))
    st.stop()

ctx = sec.context(ds, sellers)  # the settings shared by every section
TABS = {
    "position": sec.position_section,
    "index": sec.index_section,
    "history": changes.history_section,
    "changes": changes.changes_section,
    "promo": changes.promo_section,
    "setup": setup.setup_section,
}
tabs = st.tabs([t(f"pricing.tab.{k}") for k in TABS])
tab_sections(tabs, [partial(sec.guarded, section) for section in TABS.values()], ctx)
