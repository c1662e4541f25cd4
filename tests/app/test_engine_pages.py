"""Issue 18: every page works on the sample shop loaded from PostgreSQL through a URL.

A private PostgreSQL server (tests/analytics/engine_servers.py) holds the five sample files
as tables; the Import page's card connects, lists and loads them; every page then runs
without an error and says on its caption that its data came from PostgreSQL. (That the
datasets and figures equal the uploads' is checked in tests/analytics/test_engine_postgres.py.)
"""

from __future__ import annotations

import pytest

from tests.analytics.engine_servers import postgres_url, put_sample_shop  # noqa: F401
from tests.app.conftest import assert_clean, make_app

PAGES = ["home", "traffic", "segments", "funnel", "pricing", "budget", "retention"]


@pytest.fixture(scope="module")
def shop_url(postgres_url):  # noqa: F811
    from analytics.engine import connect

    eng = connect(postgres_url)
    put_sample_shop(eng, "shop")
    eng.close()
    return postgres_url


@pytest.fixture(scope="module")
def from_postgres(shop_url):
    """The sample shop as the card loads it: datasets and their engine captions."""
    from analytics.engine import connect
    from analytics.engine.load import load_table

    eng = connect(shop_url)
    out = {}
    for kind in ("orders", "traffic", "events", "prices", "spend"):
        ds = load_table(eng, f"shop_{kind}")
        out[ds.fingerprint] = (
            ds,
            {
                "engine": eng.name,
                "url": shop_url,
                "table": f"shop_{kind}",
                "rows": len(ds.frame),
                "seconds": 0.1,
            },
        )
    eng.close()
    return out


def test_the_import_card_loads_tables_from_a_url(shop_url):
    at = make_app("views/data.py", timeout=60)
    at.run()
    at.text_input(key="data.engine.url").input(shop_url).run()
    assert_clean(at)
    tables = [f"shop_{k}" for k in ("orders", "traffic", "events", "prices", "spend")]
    at.multiselect(key="data.engine.tables").set_value(tables).run()
    at.button(key="data.engine.load").click().run()
    assert_clean(at)
    kinds = sorted(ds.kind for ds in at.session_state["_datasets"].values())
    assert kinds == ["events", "orders", "prices", "spend", "traffic"]
    loaded = at.session_state["_settings"]["engine.loaded"]
    assert {v["engine"] for v in loaded.values()} == {"PostgreSQL"}


def test_a_password_in_the_url_is_never_shown(shop_url):
    at = make_app("views/data.py", timeout=60)
    at.run()
    url = shop_url.replace("shopops@", "shopops:topsecret@")
    at.text_input(key="data.engine.url").input(url).run()
    shown = " ".join(str(c.value) for c in at.caption) + " ".join(str(e.value) for e in at.error)
    assert "topsecret" not in shown


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_shop_from_postgres(page, from_postgres):
    datasets = [ds for ds, _ in from_postgres.values()]
    at = make_app(f"views/{page}.py", datasets=datasets, timeout=60)
    at.session_state["_settings"] = {
        "engine.loaded": {fp: i for fp, (_, i) in from_postgres.items()}
    }
    at.run()
    assert_clean(at)
    captions = " ".join(str(c.value) for c in at.caption)
    assert "PostgreSQL" in captions
