"""Meeting mode: hide the sidebar and every control, enlarge numbers, text and chart labels.

A toggle (key ``app.meeting``, also ``?meeting=1`` in the URL) drawn at the
top of every page by ``app.py``. When on, a constant style sheet hides the
sidebar, the header toolbar and every input widget (charts, tables, metrics
and text stay), makes metric values and text larger for a projector or a
1280x720 screen share, and keeps the small meeting-mode toggle (switch it off to exit)
visible. Filters keep their values: widgets are hidden, not removed.
Charts styled with ``ui.charts.style()`` get larger labels (``is_on``).
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import t

__all__ = ["KEY", "is_on", "render"]

KEY = "app.meeting"
BAR = "meeting_bar"  # container key: Streamlit gives it the class st-key-meeting_bar

_WIDGETS = (
    "stSelectbox",
    "stMultiSelect",
    "stDateInput",
    "stTimeInput",
    "stSlider",
    "stSelectSlider",
    "stRadio",
    "stCheckbox",
    "stNumberInput",
    "stTextInput",
    "stTextArea",
    "stButton",
    "stBaseButton-secondary",
    "stDownloadButton",
    "stFileUploader",
    "stButtonGroup",
    "stColorPicker",
    "stChatInput",
    "stCameraInput",
    "stPageLink",
    "stFormSubmitButton",
    "stDataEditor",
    "stPopover",
)
_HIDE = ",\n".join(
    f'[data-testid="stElementContainer"]:has(> [data-testid="{w}"]):not(.st-key-{BAR} *),\n'
    f'[data-testid="{w}"]:not(.st-key-{BAR} *)'
    for w in _WIDGETS
)
# a constant string: no user data ever goes into it
CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stHeader"] {{ display: none !important; }}
{_HIDE} {{ display: none !important; }}
[data-testid="stForm"] {{ display: none !important; }}
/* settings panels: expanders holding no chart, table or metric */
[data-testid="stExpander"]:not(:has([data-testid="stVegaLiteChart"], [data-testid="stDataFrame"],
  [data-testid="stTable"], [data-testid="stMetricValue"])) {{ display: none !important; }}
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {{
  padding-top: 1.2rem !important; max-width: 100% !important; }}

[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"] {{ font-size: 1.12rem !important; }}
h1 {{ font-size: 2.4rem !important; }}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{
  font-size: 2.3rem !important; line-height: 1.2 !important; }}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.2rem !important; }}
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.15rem !important; }}
h2, h3 {{ font-size: 1.7rem !important; }}
[data-testid="stDataFrame"] {{ font-size: 1.05rem !important; }}
.st-key-{BAR} {{ position: fixed; top: 0.4rem; right: 1rem; z-index: 1000;
  width: auto !important; background: rgba(255,255,255,0.85); border-radius: 0.5rem;
  padding: 0 0.5rem; }}
</style>
"""


def is_on() -> bool:
    """Whether meeting mode is on in this session."""
    try:
        return bool(state.widget(KEY, False))
    except Exception:  # no Streamlit session (bare script, tests of builders)
        return False


def render() -> bool:
    """Draw the meeting-mode toggle (top right); when on, inject the meeting style sheet."""
    with st.container(key=BAR):
        on = st.toggle(t("meeting.toggle"), key=KEY, help=t("meeting.help"))
    if on:
        st.html(CSS)
    return on
