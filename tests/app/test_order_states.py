"""Orders without customer IDs (a Tmall order report): the Overview shows GMV by the order
rule, the segments page says it needs customer IDs, the Import page states the rule
(issue 14 item 3)."""

from __future__ import annotations

import pytest

from analytics import orders as ordrule
from analytics.ingest import load
from tests.analytics.test_orders import TMALL_GMV, TMALL_ORDERS, tmall_bytes
from tests.app.conftest import assert_clean, make_app


def _tmall():
    # two weeks of the report: the Overview's week (ending on the last day with sales)
    # holds the second week's paid orders, and the data covers the whole week
    return load(tmall_bytes(weeks=2), filename="tmall_orders.csv")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_without_customer_ids_shows_gmv(lang):
    ds = _tmall()
    assert not ordrule.has_customers(ds.frame)
    at = make_app("views/home.py", lang=lang, datasets=[ds], timeout=90)
    at.run()
    assert_clean(at)
    cards = {m.label: m.value for m in at.metric}
    # the week ending on the last day with sales holds every paid order of the file
    assert cards["GMV" if lang == "en" else "GMV"] == f"{TMALL_GMV:,.2f}"
    assert cards["Orders" if lang == "en" else "订单数"] == f"{TMALL_ORDERS:,}"
    # customer figures are not shown, and the page says why
    assert ("Buyers" if lang == "en" else "买家数") not in cards
    words = "no customer IDs" if lang == "en" else "没有客户 ID"
    assert any(words in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_segments_page_says_it_needs_customer_ids(lang):
    at = make_app("views/segments.py", lang=lang, datasets=[_tmall()], timeout=60)
    at.run()
    assert_clean(at)
    words = "customer IDs" if lang == "en" else "客户 ID"
    assert any(words in w.value for w in at.warning)
    assert not at.metric  # nothing computed from missing customers


def test_import_page_states_the_order_rule():
    at = make_app("views/data.py", timeout=60)
    at.run()
    at.file_uploader(key="data.upload").set_value(
        ("tmall_orders.csv", tmall_bytes(), "text/csv")
    ).run()
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "never paid" in captions  # the rule
    assert f"GMV {TMALL_GMV:,.2f}" in captions and "3 orders never paid" in captions
    reasons = [
        str(v) for df in at.dataframe if "Reason" in df.value.columns for v in df.value["Reason"]
    ]
    assert any("closed before payment" in r for r in reasons)
    assert any("never paid" in r for r in reasons)
    assert any("customer ID" in i.value for i in at.info)
