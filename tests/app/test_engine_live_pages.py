"""Issue 18: the pages on tables queried in place in PostgreSQL.

The Import card's "Query in place" keeps the sample shop's orders and event log in a
private PostgreSQL server (tests/analytics/engine_servers.py). The funnel, user layering
and retention cohorts then run in the server and show the figures of the uploaded files;
every other page runs without an error and says which table it needs imported.
"""

from __future__ import annotations

import pytest

from tests.analytics.engine_servers import postgres_url, put_sample_shop  # noqa: F401
from tests.app.conftest import PAGES, assert_clean, make_app

IN_PLACE = ["funnel", "segments", "retention"]  # their figures come from the server


@pytest.fixture(scope="module")
def shop_url(postgres_url):  # noqa: F811
    from analytics.engine import connect

    eng = connect(postgres_url)
    put_sample_shop(eng, "place")
    eng.close()
    return postgres_url


TABLES = [f"place_{k}" for k in ("orders", "traffic", "events", "prices", "spend")]


@pytest.fixture(scope="module")
def in_place(shop_url):
    """The datasets as the card opens them in place (through the card itself)."""
    at = make_app("views/data.py", timeout=90)
    at.run()
    at.text_input(key="data.engine.url").input(shop_url).run()
    at.multiselect(key="data.engine.tables").set_value(TABLES).run()
    at.button_group(key="data.engine.mode").set_value("place").run()
    at.button(key="data.engine.load").click().run()
    assert_clean(at)
    return list(at.session_state["_datasets"].values()), at.session_state["_settings"]


@pytest.fixture(scope="module")
def uploaded():
    from analytics import ingest
    from analytics.readers import read_table
    from ui.samples import SAMPLE_FILES

    out = []
    for path in SAMPLE_FILES.values():
        frame = read_table(path).frame
        prop = ingest.propose(frame)
        out.append(ingest.to_canonical(frame, prop.kind, prop.mapping))
    return out


def test_the_card_keeps_orders_and_events_in_the_server(in_place):
    datasets, settings = in_place
    live = {ds.kind for ds in datasets if ds.live is not None}
    assert live == {"orders", "events"}
    assert sorted(ds.kind for ds in datasets) == ["events", "orders", "prices", "spend", "traffic"]
    assert all(ds.frame.empty for ds in datasets if ds.live is not None)
    reduced = [i for i in settings["engine.loaded"].values() if i.get("reduced")]
    assert {i["table"] for i in reduced} == {"place_traffic", "place_prices"}


def _figures(at) -> list:
    return [(m.label, m.value) for m in at.metric]


@pytest.mark.parametrize("page", IN_PLACE)
def test_pages_in_place_show_the_uploads_figures(page, in_place, uploaded):
    datasets, settings = in_place
    at = make_app(f"views/{page}.py", datasets=datasets, timeout=90)
    at.session_state["_settings"] = dict(settings)
    at.run()
    assert_clean(at)
    captions = " ".join(str(c.value) for c in at.caption)
    assert "Queried in place on PostgreSQL" in captions
    want = make_app(f"views/{page}.py", datasets=uploaded, timeout=90)
    want.run()
    figures = _figures(at)
    assert figures, "the page shows its figures"
    # Retention's lifetime-value tab needs the order rows: its figures are not shown
    assert figures == _figures(want)[: len(figures)]
    if page == "retention":
        assert any("needs the rows" in str(i.value) for i in at.info)


@pytest.mark.parametrize("page", [p for p in PAGES if p not in IN_PLACE])
def test_other_pages_run_and_say_what_they_need(page, in_place):
    datasets, settings = in_place
    at = make_app(f"views/{page}.py", datasets=datasets, timeout=90)
    at.session_state["_settings"] = dict(settings)
    at.run()
    assert_clean(at)


def test_in_chinese_the_caption_and_the_notice_are_chinese(in_place):
    datasets, settings = in_place
    at = make_app("views/home.py", lang="zh", datasets=datasets, timeout=90)
    at.session_state["_settings"] = dict(settings)
    at.run()
    assert_clean(at)
    notices = " ".join(str(i.value) for i in at.info)
    assert "直接查询" in notices and "queried" not in notices
