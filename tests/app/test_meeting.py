"""Meeting mode on every page, and shareable URLs (ui.meeting, ui.urlstate)."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pytest

from tests.app.conftest import PAGES, assert_clean, make_app, sample_datasets
from ui import urlstate


def _css(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def _font_sizes(at) -> set[float]:
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    return {s.get("config", {}).get("axis", {}).get("labelFontSize") for s in specs} - {None}


def test_meeting_mode_style_sheet_from_url():
    at = make_app("views/home.py", datasets=sample_datasets(), timeout=120)
    at.query_params["meeting"] = "1"
    at.run()
    assert_clean(at)
    assert at.toggle(key="app.meeting").value is True
    css = _css(at)
    assert 'data-testid="stSidebar"' in css and "display: none" in css
    assert 'data-testid="stSelectbox"' in css and "stMetricValue" in css
    assert _font_sizes(at) == {13 * 1.35}  # charts get bigger labels
    # switching it off removes the style sheet
    at.toggle(key="app.meeting").set_value(False).run()
    assert_clean(at)
    assert "stSidebar" not in _css(at)
    assert _font_sizes(at) == {13.0}


@pytest.mark.parametrize("page", PAGES)
def test_meeting_mode_on_every_page(page):
    # (after a page switch AppTest leaves app.py's own elements out of its tree, so the
    # toggle and the style sheet are checked on the overview above and in the browser)
    at = make_app(f"views/{page}.py", datasets=sample_datasets(), timeout=120)
    at.session_state["app.meeting"] = True
    at.run()
    assert_clean(at)
    assert at.title
    if page in ("home", "traffic", "segments", "funnel", "retention", "pricing"):
        assert _font_sizes(at) == {13 * 1.35}, page


def test_meeting_link_keeps_filters():
    at = make_app("views/home.py", datasets=sample_datasets("orders"), timeout=90)
    at.query_params["meeting"] = "1"
    at.query_params["home.period"] = "month"
    at.run()
    assert_clean(at)
    assert "stSidebar" in _css(at)
    assert at.button_group(key="home.period").value == "month"
    assert "2025-12-01 – 2025-12-31" in " ".join(c.value for c in at.caption)


def test_url_presets_a_page_and_keeps_other_params():
    # (AppTest runs a switched-to page without app.py's hooks: other pages' links are
    # checked in the browser, tests/e2e/test_meeting.py)
    at = make_app("views/home.py", datasets=sample_datasets("orders"), timeout=120)
    at.query_params["home.period"] = "custom"
    at.query_params["home.range"] = "2025-11-01,2025-11-30"
    at.query_params["traffic.compare"] = "week"  # another page's filter: dropped here
    at.query_params["ws"] = "0123456789abcdef0123456789abcdef"
    at.query_params["utm_source"] = "mail"
    at.run()
    assert_clean(at)
    assert at.button_group(key="home.period").value == "custom"
    assert at.date_input(key="home.range").value == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    assert "2025-11-01 – 2025-11-30" in " ".join(c.value for c in at.caption)
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params["utm_source"] == "mail"
    assert "ws" in params and "traffic.compare" not in params
    assert params["home.range"] == "2025-11-01,2025-11-30"


def test_url_value_that_does_not_fit_falls_back():
    at = make_app("views/home.py", datasets=sample_datasets("orders"), timeout=90)
    at.query_params["home.period"] = "fortnight"
    at.query_params["home.range"] = "not-a-date"
    at.run()
    assert_clean(at)
    assert at.button_group(key="home.period").value == "week"


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        ((dt.date(2025, 1, 2), dt.date(2025, 1, 9)), "dates", "2025-01-02,2025-01-09"),
        (dt.date(2025, 3, 4), "date", "2025-03-04"),
        (True, "bool", "1"),
        (False, "bool", "0"),
        (7, "num", "7"),
        (2500.5, "num", "2500.5"),
        (5, "int", "5"),
        (["Plan A", "Plan B"], "list", "Plan A,Plan B"),
        ("market_average", "str", "market_average"),
    ],
    ids=["dates", "date", "true", "false", "int-num", "float-num", "int", "list", "str"],
)
def test_encode_decode_round_trip(value, kind, text):
    assert urlstate.encode(value, kind) == text
    back = urlstate.decode(text, kind)
    assert back == (list(value) if kind == "list" else value)
    assert type(back) is type(value) or kind == "list"


def test_encode_leaves_out_what_it_cannot_write():
    assert urlstate.encode(None, "str") is None
    assert urlstate.encode("x", "date") is None
    assert urlstate.encode(True, "num") is None
    with pytest.raises(ValueError):
        urlstate.decode("2025-13-01", "date")
    with pytest.raises(ValueError):
        urlstate.decode("maybe", "bool")


def test_every_registered_key_belongs_to_its_page():
    for page, items in urlstate.REGISTRY.items():
        assert all(key.startswith(f"{page}.") for key, _ in items), page


def test_chart_style_is_bigger_when_asked():
    from ui.charts import style

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x")
    small = style(chart, big=False).to_dict()["config"]["axis"]["labelFontSize"]
    big = style(chart, big=True).to_dict()["config"]["axis"]["labelFontSize"]
    assert big > small
    # outside a session meeting mode is off: the default is the normal size
    assert style(chart).to_dict()["config"]["axis"]["labelFontSize"] == small
