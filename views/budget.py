"""Budget allocation: response curves, live what-if, optimiser and scenarios."""

import streamlit as st

from ui.budget_page import render
from ui.i18n import t

st.title(t("nav.budget"))
render()
