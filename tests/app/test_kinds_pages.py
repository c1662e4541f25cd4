"""Pages with data lacking a column (issue 14 item 2): a view-only event log on the funnel
page, an own-only price history on the pricing page, the import wizard's choices."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.ingest import load
from tests.app.conftest import assert_clean, make_app

VIEWS = (
    b"user_id,event_time,product_id\n"
    b"u1,2024-03-01 10:00,p1\n"
    b"u2,2024-03-01 11:00,p2\n"
    b"u1,2024-03-02 09:00,p3\n"
    b"u3,2024-03-04 18:30,p1\n"
    b"u1,2024-03-04 19:00,p2\n"
)

OWN = (
    "日期,商品名称,价格\n"
    "2024-05-01,保温杯,99\n"
    "2024-05-08,保温杯,79\n"
    "2024-05-15,保温杯,99\n"
    "2024-05-01,雨伞,30\n"
    "2024-05-15,雨伞,36\n"
).encode()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_funnel_page_with_a_view_only_log(lang):
    ds = load(VIEWS, "views.csv")
    at = make_app("views/funnel.py", lang=lang, datasets=[ds])
    at.run()
    assert_clean(at)
    text = " ".join(w.value for w in at.warning)
    assert ("two or more steps" if lang == "en" else "两个或以上的步骤") in text
    assert '"view"' in text or "“view”" in text
    got = metrics(at)
    users, events = ("Users", "Events") if lang == "en" else ("用户数", "事件数")
    assert got[users] == "3" and got[events] == "5"
    assert len(at.get("vega_lite_chart")) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pricing_page_with_own_prices_only(lang):
    ds = load(OWN, "my_prices.csv")
    at = make_app("views/pricing.py", lang=lang, datasets=[ds])
    at.run()
    assert_clean(at)
    info = " ".join(i.value for i in at.info)
    assert ("competitor prices" if lang == "en" else "竞品价格") in info
    assert at.selectbox(key="pricing.own").value == "own"
    # history chart and the promotion classification still work on our own prices
    assert len(at.get("vega_lite_chart")) >= 2
    assert len(at.dataframe) >= 2


def _upload(at, name: str, content: bytes):
    at.file_uploader(key="data.upload").set_value((name, content, "text/csv")).run()
    return at


def test_import_wizard_event_name_choice():
    at = make_app("views/data.py", timeout=60)
    at.run()
    _upload(at, "views.csv", VIEWS)
    assert_clean(at)
    box = [w for w in at.text_input if w.key and w.key.startswith("data.opt.event.")]
    assert box and box[0].value == "view"
    box[0].set_value("浏览").run()
    assert_clean(at)
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    assert_clean(at)
    (ds,) = at.session_state["_datasets"].values()
    assert set(ds.frame["event"]) == {"浏览"}


def test_import_wizard_year_for_month_and_day_spend():
    csv = b"month,day,TV,Radio\n7,30,1.5,2\n7,31,3,4\n"
    at = make_app("views/data.py", lang="zh", timeout=60)
    at.run()
    _upload(at, "plan.csv", csv)
    kind_key = next(k for k in at.session_state if str(k).startswith("data.kind."))
    at.session_state[kind_key] = "spend"
    at.run()
    assert_clean(at)
    year = [w for w in at.number_input if w.key and w.key.startswith("data.opt.year.")]
    assert year and year[0].value is None
    assert any("年份" in w.value for w in at.warning)
    year[0].set_value(2023).run()
    assert_clean(at)
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    (ds,) = at.session_state["_datasets"].values()
    assert ds.kind == "spend"
    assert sorted(pd.to_datetime(ds.frame["date"]).dt.strftime("%Y-%m-%d").unique()) == [
        "2023-07-30",
        "2023-07-31",
    ]


BEHAVIOUR = (
    b"user_id,item_id,behavior_type,time\n"
    b"1,10,1,2014-12-01 10:00\n"
    b"1,10,3,2014-12-01 10:05\n"
    b"1,10,4,2014-12-01 10:20\n"
    b"2,11,1,2014-12-02 09:00\n"
    b"3,12,1,2014-12-03 08:00\n"
)


def test_import_wizard_event_legend():
    at = make_app("views/data.py", timeout=60)
    at.run()
    _upload(at, "behaviour.csv", BEHAVIOUR)
    assert_clean(at)
    kind_key = next(k for k in at.session_state if str(k).startswith("data.kind."))
    at.session_state[kind_key] = "events"
    at.run()
    assert_clean(at)
    legend = [e for e in at.data_editor if e.key and e.key.startswith("data.opt.legend.")]
    assert legend, "numeric event codes open the legend editor"
    table = legend[0].value
    assert dict(zip(table["value"], table["count"], strict=True)) == {"1": 3, "3": 1, "4": 1}
    names = {"1": "pv", "3": "cart", "4": "buy"}
    edits = {i: {"name": names[v]} for i, v in enumerate(table["value"])}
    at.session_state[legend[0].key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    (ds,) = at.session_state["_datasets"].values()
    assert ds.frame["event"].tolist() == ["pv", "cart", "buy", "pv", "pv"]


def test_import_wizard_own_seller_label_in_chinese():
    at = make_app("views/data.py", lang="zh", timeout=60)
    at.run()
    _upload(at, "my_prices.csv", OWN)
    assert_clean(at)
    box = [w for w in at.text_input if w.key and w.key.startswith("data.opt.own.")]
    assert box and box[0].value == "本店"
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    (ds,) = at.session_state["_datasets"].values()
    assert ds.kind == "prices"
    assert set(ds.frame["seller"]) == {"本店"} and ds.frame["own"].all()


def test_import_wizard_warns_when_channels_do_not_add_up():
    csv = b"Year,Month,TV,Radio,Total\n2024,1,10,20,30\n2024,2,10,20,45\n"
    at = make_app("views/data.py", timeout=60)
    at.run()
    _upload(at, "media.csv", csv)
    kind_key = next(k for k in at.session_state if str(k).startswith("data.kind."))
    at.session_state[kind_key] = "spend"
    at.run()
    assert_clean(at)
    assert any("Check this" in w.value for w in at.warning)
    said = " ".join(x.value for x in at.text)
    assert "row 2" in said and "45.00" in said and "30.00" in said
