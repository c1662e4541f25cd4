"""Chart builders read at 1280 and 1440 px: legends below in rows, human duration buckets,
meeting-mode chart text never under 14 px (issue 15, items 5-6)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from analytics.durations import EDGES, duration_buckets
from ui import charts
from ui.charts_funnel import duration_label, time_histogram
from ui.charts_segments import cluster_scatter
from ui.charts_traffic import _colour

UNITS = {"min": "min", "h": "h", "d": "d"}


def _all_specs(spec: dict):
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from _all_specs(sub)


def test_legends_sit_below_in_rows():
    d = pd.DataFrame({"x": [1, 2, 3], "c": ["a" * 40, "b" * 40, "c"]})
    base = alt.Chart(d).mark_point().encode(x="x", color="c")
    for big, cols in ((False, charts.LEGEND_COLUMNS), (True, charts.LEGEND_COLUMNS - 1)):
        legend = charts.style(base, big=big).to_dict()["config"]["legend"]
        assert legend["orient"] == "bottom" and legend["direction"] == "horizontal"
        assert legend["columns"] == cols
        # a row of the longest labels fits a 1280 px page's content (about 1150 px)
        assert cols * (legend["labelLimit"] + 30) <= 1150


def test_page_builders_leave_the_legend_to_the_config():
    """No builder pins a legend to the right edge (where it was clipped at 1440 px)."""
    colour = _colour(["Organic Search", "A very long paid social channel name"], "Channel")
    assert colour.to_dict()["legend"].get("orient") is None
    pts = pd.DataFrame(
        {"recency_days": [1.0, 5.0], "monetary": [10.0, 50.0], "label": ["Champions", "Lost"]}
    )
    spec = cluster_scatter(
        pts, recency_title="r", monetary_title="m", cluster_title="c", order=["Champions", "Lost"]
    ).to_dict()
    for sub in _all_specs(spec):
        legend = (sub.get("encoding", {}).get("color") or {}).get("legend") or {}
        assert legend.get("orient") not in ("right", "left")
    assert spec["config"]["legend"]["orient"] == "bottom"


def test_meeting_mode_grows_every_chart_text_to_14px():
    d = pd.DataFrame({"x": [1], "y": ["a"]})
    small = alt.Chart(d).mark_text(fontSize=12).encode(x="x", text="y")
    large = alt.Chart(d).mark_text(fontSize=20).encode(x="x", text="y")
    plain = alt.Chart(d).mark_text().encode(x="x", text="y")
    spec = charts.style(small + large + plain, big=True).to_dict()
    sizes = [s["mark"].get("fontSize") for s in spec["layer"]]
    assert sizes[0] == max(12 * charts.BIG, charts.MIN_BIG_TEXT)
    assert sizes[1] == pytest.approx(20 * charts.BIG)
    assert sizes[2] is None and spec["config"]["text"]["fontSize"] >= 14
    assert spec["config"]["axis"]["labelFontSize"] >= 14
    assert spec["config"]["legend"]["labelFontSize"] >= 14
    # rows grow with the text (heat maps, grids)
    tall = charts.style(alt.Chart(d).mark_rect().encode(y="y").properties(height=200), big=True)
    assert tall.to_dict()["height"] == pytest.approx(200 * charts.BIG)
    # outside meeting mode the builder's own sizes stay
    normal = charts.style(alt.Chart(d).mark_text(fontSize=12).encode(text="y"), big=False)
    assert normal.to_dict()["mark"]["fontSize"] == 12


def _slow_buckets(seconds):
    """Obvious version: loop over values and edges."""
    counts = [0] * (len(EDGES) - 1)
    n = 0
    for v in seconds:
        if v is None or not np.isfinite(v) or v < 0:
            continue
        n += 1
        for i in range(len(EDGES) - 1):
            if EDGES[i] <= v < EDGES[i + 1]:
                counts[i] += 1
                break
    return counts, n


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_duration_buckets_count_like_a_loop(seed):
    rng = np.random.default_rng(seed)
    # a long tail: lognormal seconds from seconds to months, plus edge values and junk
    s = np.concatenate(
        [rng.lognormal(7, 2.5, 500), np.array(EDGES[1:-1]), [0.0, -5.0, np.nan, np.inf]]
    )
    got = duration_buckets(s)
    counts, n = _slow_buckets(s)
    nz = [i for i, c in enumerate(counts) if c]
    want = counts[nz[0] : nz[-1] + 1]
    assert got["users"].tolist() == want
    assert got["lo"].tolist() == list(EDGES[nz[0] : nz[-1] + 1])
    assert got["share"].sum() == pytest.approx(1.0)
    assert n == got["users"].sum()


def test_duration_buckets_spread_a_long_tail():
    """The defect: minutes to a week, on a linear 0-10,000-minute axis all in one bar."""
    s = np.array([30, 90, 400, 2000, 5000, 20000, 90000, 300000, 600000], dtype=float)
    got = duration_buckets(s)
    assert (got["users"] > 0).sum() >= 8 and got["users"].max() <= 2
    assert duration_buckets(np.array([])).empty
    assert duration_buckets(np.array([np.nan, -1.0])).empty


def test_duration_labels():
    lab = [duration_label(lo, hi, UNITS) for lo, hi in zip(EDGES[:-1], EDGES[1:], strict=True)]
    assert lab == [
        "< 1 min",
        "1–5 min",
        "5–15 min",
        "15 min–1 h",
        "1–3 h",
        "3–12 h",
        "12 h–1 d",
        "1–3 d",
        "3–7 d",
        "7–30 d",
        "≥ 30 d",
    ]
    zh = {"min": "分钟", "h": "小时", "d": "天"}
    assert duration_label(3600, 3 * 3600, zh) == "1–3 小时"


def test_time_histogram_draws_the_buckets_in_order():
    s = np.array([10, 100, 100, 7200, 7200, 7200, 200000], dtype=float)
    spec = time_histogram(s, units=UNITS, duration_title="Time", users_title="Users").to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["label"] for v in values] == [
        "< 1 min",
        "1–5 min",
        "5–15 min",
        "15 min–1 h",
        "1–3 h",
        "3–12 h",
        "12 h–1 d",
        "1–3 d",
    ]
    assert [v["users"] for v in values] == [1, 2, 0, 0, 3, 0, 0, 1]
    assert spec["encoding"]["x"]["sort"] == [v["label"] for v in values]


def test_response_curve_panels_fit_the_page_at_1280():
    from ui.charts_budget import FIT_WIDTH, PANEL_MARGIN, curves_chart

    for asked in (1, 2, 3, 5):
        spec = curves_chart(None, x_title="x", y_title="y", columns=asked, width=260).to_dict()
        cols = spec["columns"]
        assert 1 <= cols <= asked
        assert cols * (260 + PANEL_MARGIN) <= FIT_WIDTH


def test_rf_grid_names_take_at_most_two_lines():
    from ui.charts_segments import two_lines

    assert two_lines("Lost") == "Lost"
    assert two_lines("Hibernating") == "Hibernating"
    assert two_lines("About to sleep") in ("About\nto sleep", "About to\nsleep")
    assert two_lines("Potential loyalists") == "Potential\nloyalists"
    assert two_lines("重要价值客户") == "重要价值客户"
    for name in ("Can't lose them", "Need attention", "a b c d e f g h i j k l m"):
        lines = two_lines(name).split("\n")
        assert len(lines) <= 2 and " ".join(lines) == name
        # the cut is the most even one a space allows
        best = min(abs(len(name[:i]) - len(name[i + 1 :])) for i, c in enumerate(name) if c == " ")
        assert abs(len(lines[0]) - len(lines[-1])) == best or len(lines) == 1
