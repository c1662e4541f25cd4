"""The import wizard's channel card for spend files without a channel column (issue 14)."""

from __future__ import annotations

from tests.app.conftest import assert_clean, make_app

SPEND = b"Day,Cost,Clicks,Conversions\n2024-03-01,10.5,100,3\n2024-03-02,12,120,4\n"


def _upload(at, name: str, content: bytes):
    at.file_uploader(key="data.upload").set_value((name, content, "text/csv")).run()
    return at


def _add(at):
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    (ds,) = at.session_state["_datasets"].values()
    return ds


def test_channel_card_proposes_the_platform_and_takes_a_new_label():
    at = make_app("views/data.py", timeout=60)
    at.run()
    _upload(at, "google_ads_march.csv", SPEND)
    assert_clean(at)
    box = [w for w in at.text_input if w.key and w.key.startswith("data.opt.channel.")]
    assert box and box[0].value == "Google Ads"
    box[0].set_value("Search brand").run()
    assert_clean(at)
    ds = _add(at)
    assert ds.kind == "spend"
    assert set(ds.frame["channel"]) == {"Search brand"}
    assert ds.frame["spend"].sum() == 22.5


def test_channel_card_default_in_chinese_when_no_platform_is_named():
    at = make_app("views/data.py", lang="zh", timeout=60)
    at.run()
    _upload(at, "spend.csv", SPEND)
    assert_clean(at)
    box = [w for w in at.text_input if w.key and w.key.startswith("data.opt.channel.")]
    assert box and box[0].value == "全部"
    ds = _add(at)
    assert set(ds.frame["channel"]) == {"全部"}
