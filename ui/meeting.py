"""Meeting mode: a compact agenda bar, live period and budget sliders, larger text.

A toggle (key ``app.meeting``, also ``?meeting=1`` in the URL) drawn at the
top of every page by ``app.py``. When on, a constant style sheet hides the
sidebar, the header toolbar and every input widget except the ones a presenter
moves during a meeting (``LIVE``: the period pickers and the budget what-if
sliders); charts, tables, metrics and text stay. A bar fixed at the top keeps
the page navigation (every page, compact) and a previous / next pair that walks
the pages in their navigation order (the agenda), next to the toggle that
exits. Columns and boxes left with nothing visible collapse, so no empty frame
or gap remains. Numbers, text and tables are larger for a projector or a
1280x720 screen share. Filters keep their values: widgets are hidden, not removed.
Charts styled with ``ui.charts.style()`` get larger labels (``is_on``).

Tables never run off the right edge: in meeting mode every ``st.dataframe`` (any page,
any container) shows the columns that fit the page at 1280 px from the left
(:func:`ui.tables.fit_columns`) and says how many more there are outside meeting mode.
This is one rule for all tables, installed by :func:`render` (:func:`fit_tables`); outside
meeting mode tables are drawn exactly as the page asks.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Sequence
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui import state
from ui.i18n import t
from ui.tables import fit_columns

__all__ = ["KEY", "LIVE", "LIVE_SELECTOR", "is_on", "neighbours", "render", "fit_tables"]

KEY = "app.meeting"
BAR = "meeting_bar"  # container key: Streamlit gives it the class st-key-meeting_bar

# widget keys that stay visible and usable in meeting mode (a trailing "*" is a prefix)
LIVE = (
    "home.period",
    "home.range",
    "traffic.range",
    "traffic.compare",
    "traffic.compare_range",
    "segments.as_of",
    "retention.period",
    "budget.period",
    "budget.ch.*",
    "experiments.plan_*",
)

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


def _key_class(key: str) -> str:
    """The CSS selector of a widget key's container (Streamlit: st-key-<key>, [^\\w-] -> -)."""
    stem = key.removesuffix("*")
    name = "".join(c if c.isalnum() or c in "_-" else "-" for c in stem)
    return f'[class*="st-key-{name}"]' if stem != key else f".st-key-{name}"


LIVE_SELECTOR = ", ".join(_key_class(k) for k in LIVE)  # CSS: the containers of LIVE widgets
_KEEP = f".st-key-{BAR}, {LIVE_SELECTOR}"
_NOT_KEPT = f":not({_KEEP}, :is({_KEEP}) *)"
_HIDE = ",\n".join(
    f'[data-testid="stElementContainer"]:has(> [data-testid="{w}"]){_NOT_KEPT},\n'
    f'[data-testid="{w}"]{_NOT_KEPT}'
    for w in _WIDGETS
)
# what counts as something to show: a box holding none of these collapses
_CONTENT = ", ".join(
    [
        '[data-testid="stVegaLiteChart"]',
        '[data-testid="stDataFrame"]',
        '[data-testid="stTable"]',
        '[data-testid="stMetric"]',
        '[data-testid="stMarkdown"]',
        '[data-testid="stCaptionContainer"]',
        '[data-testid="stAlert"]',
        '[data-testid="stImage"]',
        '[data-testid="stHeading"]',
        '[data-testid="stTabs"]',
        '[data-testid="stExpander"]',
        '[data-testid="stJson"]',
        '[data-testid="stCode"]',
        '[data-testid="stText"]',
        '[data-testid="stProgress"]',
    ]
    + [_key_class(k) for k in LIVE]
    + [f".st-key-{BAR}"]
)
_OUTSIDE_BAR = f":not(.st-key-{BAR}, .st-key-{BAR} *)"
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
/* nothing empty left behind: columns, rows and boxes whose every control is hidden */
[data-testid="stColumn"]{_OUTSIDE_BAR}:not(:has({_CONTENT})),
[data-testid="stElementContainer"]:has(> [data-testid="stHorizontalBlock"]){_OUTSIDE_BAR}:not(:has({_CONTENT})),
[data-testid="stHorizontalBlock"]{_OUTSIDE_BAR}:not(:has({_CONTENT})),
[data-testid="stLayoutWrapper"]{_OUTSIDE_BAR}:not(:has({_CONTENT})),
[data-testid="stVerticalBlockBorderWrapper"]{_OUTSIDE_BAR}:not(:has({_CONTENT})) {{ display: none !important; }}
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {{
  padding-top: 3rem !important; padding-left: 2rem !important; padding-right: 2rem !important;
  max-width: 100% !important; }}

[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p {{ font-size: 1.12rem !important; }}
[data-testid="stMain"] small, [data-testid="stMain"] button,
[data-testid="stMain"] [role="tab"] p {{ font-size: max(0.95rem, 1em) !important; }}
h1 {{ font-size: 2.2rem !important; }}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{
  font-size: 2.1rem !important; line-height: 1.2 !important; }}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.15rem !important; }}
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.1rem !important; }}
h2, h3 {{ font-size: 1.6rem !important; }}
/* tables: larger cells, never wider than the page (the grid scrolls inside itself) */
[data-testid="stDataFrame"], [data-testid="stTable"] {{ font-size: 1.05rem !important;
  max-width: 100% !important; }}
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: 1.05rem !important; }}
[data-testid="stDateInput"] input, [data-testid="stDateInput"] [role="spinbutton"],
[data-testid="stDateInput"] [data-baseweb="input"] span,
[data-testid="stDateInput"] [data-baseweb="input"] div {{ font-size: 1.1rem !important; }}
[data-testid="stDateInput"] {{ max-width: 26rem; }}
[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"],
[data-testid="stSliderTickBarMax"] {{ font-size: 0.95rem !important; }}
[data-testid="stMain"] [data-testid="stElementContainer"] {{ max-width: 100%; }}
[data-testid="stVegaLiteChart"] {{ max-width: 100%; overflow: hidden; }}
/* tables side by side stack, each the page's width: the columns that fit it show */
[data-testid="stHorizontalBlock"]:has([data-testid="stDataFrame"]){_OUTSIDE_BAR} {{
  flex-wrap: wrap !important; }}
[data-testid="stHorizontalBlock"]:has([data-testid="stDataFrame"]){_OUTSIDE_BAR}
  > [data-testid="stColumn"] {{ flex: 1 1 100% !important; width: 100% !important;
  min-width: 100% !important; }}
/* the agenda bar: pages, previous / next, the way out */
.st-key-{BAR} {{ position: fixed; top: 0; left: 0; right: 0; z-index: 1000; width: 100% !important;
  background: rgba(255,255,255,0.97); border-bottom: 1px solid rgba(49,51,63,0.15);
  padding: 0.3rem 1rem; gap: 0.15rem 0.4rem !important; }}
.st-key-{BAR} [data-testid="stPageLink"] a {{ padding: 0.1rem 0.45rem; }}
.st-key-{BAR} [data-testid="stPageLink"] p,
.st-key-{BAR} [data-testid="stWidgetLabel"] p {{ font-size: 0.95rem !important; white-space: nowrap; }}
.st-key-meeting_prev, .st-key-meeting_next {{ font-weight: 600; }}
.st-key-meeting_toggle {{ margin-left: auto; }}
</style>
"""


def is_on() -> bool:
    """Whether meeting mode is on in this session."""
    try:
        return bool(state.widget(KEY, False))
    except Exception:  # no Streamlit session (bare script, tests of builders)
        return False


def neighbours(paths: Sequence[str], current: str) -> tuple[int | None, int | None]:
    """Indexes of the pages before and after ``current`` in the agenda (None at either end)."""
    if current not in paths:
        return None, (0 if paths else None)
    i = list(paths).index(current)
    return (i - 1 if i > 0 else None), (i + 1 if i + 1 < len(paths) else None)


def _agenda(pages: Sequence[Any], current: Any) -> None:
    """Previous, every page (compact), next: page links, so the session and its data stay."""
    paths = [p.url_path for p in pages]
    before, after = neighbours(paths, getattr(current, "url_path", ""))
    with st.container(key="meeting_prev", width="content"):
        st.page_link(
            pages[before if before is not None else 0],
            label=t("meeting.prev"),
            icon=":material/chevron_left:",
            disabled=before is None,
        )
    for p in pages:
        st.page_link(p, label=p.title, icon=p.icon or None)
    with st.container(key="meeting_next", width="content"):
        st.page_link(
            pages[after if after is not None else -1],
            label=t("meeting.next"),
            icon=":material/chevron_right:",
            icon_position="right",
            disabled=after is None,
        )


def _fitted(draw: Any) -> Any:
    """``DeltaGenerator.dataframe`` showing, in meeting mode, only the columns that fit."""

    @functools.wraps(draw)
    def dataframe(self: DeltaGenerator, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        fit = None
        if is_on():
            fit = fit_columns(
                data,
                hide_index=kwargs.get("hide_index"),
                column_order=kwargs.get("column_order"),
                column_config=kwargs.get("column_config"),
            )
        if fit is None:
            return draw(self, data, *args, **kwargs)
        keep, left_out = fit
        out = draw(self, data, *args, **{**kwargs, "column_order": keep})
        self.caption(t("meeting.more_columns", n=left_out))
        return out

    dataframe._meeting_fit = True  # type: ignore[attr-defined]
    return dataframe


def fit_tables() -> None:
    """Route ``st.dataframe`` (and a container's ``.dataframe``) through the meeting-mode
    column fit (once per process; each call checks its own session's meeting mode)."""
    if getattr(DeltaGenerator.dataframe, "_meeting_fit", False):
        return
    fitted = _fitted(DeltaGenerator.dataframe)
    DeltaGenerator.dataframe = fitted  # type: ignore[method-assign]
    st.dataframe = types.MethodType(fitted, st.dataframe.__self__)


def render(pages: Sequence[Any] = (), current: Any = None) -> bool:
    """Draw the meeting-mode toggle; when on, the agenda bar and the meeting style sheet.

    ``pages`` are the app's ``st.Page`` objects in navigation order and
    ``current`` the running one (``st.navigation``'s result).
    """
    was_on = is_on()
    with st.container(key=BAR, horizontal=True, vertical_alignment="center", gap="small"):
        if was_on and pages:
            _agenda(pages, current)
        with st.container(key="meeting_toggle", width="content"):
            on = st.toggle(t("meeting.toggle"), key=KEY, help=t("meeting.help"))
    if on:
        st.html(CSS)
        fit_tables()
    return on
