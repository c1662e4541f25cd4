"""The import wizard's time-zone choice and "add a related file" to a loaded dataset
(issue 14 items 4 and 5), through the real page in both languages."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analytics import ingest
from tests.app.conftest import assert_clean, make_app
from ui.i18n import text

TIMES = ["2024-06-18 01:30+08:00", "2024-06-18 23:10+08:00", "2024-06-19 12:00+08:00"]
ORDERS_TZ = "order_id,customer_id,order_time,amount\n" + "".join(
    f"A{i},c{i},{v},{10 * (i + 1)}\n" for i, v in enumerate(TIMES)
)


def _upload(at, name: str, content: bytes, key: str = "data.upload"):
    at.file_uploader(key=key).set_value((name, content, "text/csv")).run()
    return at


def _tz_box(at):
    boxes = [s for s in at.selectbox if s.key and s.key.startswith("data.tz.")]
    return boxes[0] if boxes else None


def _add(at):
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    assert_clean(at)
    act = at.session_state["_active"]["orders"]
    return at.session_state["_datasets"][act]


def _wall(zone: str | None) -> list[pd.Timestamp]:
    """The times as the import should give them: written wall time, or converted (by hand
    with pandas' own zone conversion)."""
    if zone is None:
        return [pd.Timestamp(v[:16]) for v in TIMES]
    return [pd.Timestamp(v).tz_convert(zone).tz_localize(None) for v in TIMES]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_time_zone_choice_keeps_local_time_or_converts(lang):
    at = make_app("views/data.py", lang=lang, timeout=60)
    at.run()
    _upload(at, "orders_tz.csv", ORDERS_TZ.encode())
    assert_clean(at)
    box = _tz_box(at)
    assert box is not None, "times with an offset get the time-zone card"
    assert box.label == text("data.tz.label", lang)
    assert box.value == "local" and "Asia/Shanghai" in box.options
    assert text("data.tz.local", lang) in box.options  # the default, in the user's language
    ds = _add(at)
    assert ds.frame["order_time"].tolist() == _wall(None)
    assert [c for c, _ in ds.report.notes if c.startswith("tz_")] == ["tz_local"]

    _tz_box(at).set_value("Europe/London").run()
    assert_clean(at)
    notes = " ".join(c.value.replace("\\", "") for c in at.caption)  # inert text: no escapes
    assert "Europe/London" in notes  # the report says the times were converted
    ds = _add(at)
    assert ds.frame["order_time"].tolist() == _wall("Europe/London")
    assert ("tz_converted", "Europe/London") in [(c, p.get("tz")) for c, p in ds.report.notes]
    assert len(at.session_state["_datasets"]) == 2  # another zone makes another dataset

    # any IANA name can be typed; a wrong one is said and changes nothing
    _tz_box(at).set_value("other").run()
    other = [x for x in at.text_input if x.key and x.key.startswith("data.tz.other.")][0]
    other.set_value("Mars/Olympus").run()
    assert_clean(at)
    assert [w.value for w in at.warning] == [text("data.tz.unknown", lang)]
    assert _add(at).frame["order_time"].tolist() == _wall(None)
    other = [x for x in at.text_input if x.key and x.key.startswith("data.tz.other.")][0]
    other.set_value("America/Sao_Paulo").run()
    assert_clean(at)
    assert _add(at).frame["order_time"].tolist() == _wall("America/Sao_Paulo")


def test_no_time_zone_card_without_offsets():
    at = make_app("views/data.py", timeout=60)
    at.run()
    plain = ORDERS_TZ.replace("+08:00", "")
    _upload(at, "orders_plain.csv", plain.encode())
    assert_clean(at)
    assert _tz_box(at) is None


def test_utc_times_get_the_card():
    """``Z`` times (read as UTC by the reader) can be converted to the shop's zone."""
    at = make_app("views/data.py", lang="zh", timeout=60)
    at.run()
    utc = ORDERS_TZ.replace("+08:00", "Z").replace(" ", "T").replace("order_idT", "order_id ")
    utc = "order_id,customer_id,order_time,amount\n" + utc.split("\n", 1)[1]
    _upload(at, "orders_utc.csv", utc.encode())
    assert_clean(at)
    _tz_box(at).set_value("Asia/Shanghai").run()
    ds = _add(at)
    want = [pd.Timestamp(v[:16]).tz_localize("UTC").tz_convert("Asia/Shanghai") for v in TIMES]
    assert ds.frame["order_time"].tolist() == [w.tz_localize(None) for w in want]


# -- add a related file to a loaded dataset -------------------------------------------------

ORDERS = (
    b"order_id,customer_id,order_time,amount,status\n"
    b"A1,c1,2024-01-01 10:00,10,paid\nA2,c2,2024-01-02 11:00,20,paid\n"
    b"A3,c3,not a date,5,paid\nA4,c4,2024-01-04 08:00,7,refunded\n"
    b"A5,c1,2024-01-05 07:00,3,paid\n"
)
# c1 and c2 are one person (p1); c9 has no order, c4's second row repeats a one-row key
CUSTOMERS = (
    b"customer_id,customer_unique_id,city\n"
    b"c1,p1,Hangzhou\nc2,p1,Hangzhou\nc4,p2,Beijing\nc9,p9,Xian\nc4,p3,Dup\n"
)
ITEMS = b"order_id,product_id,price,qty\nA1,P1,4,1\nA1,P2,6,1\nA2,P1,20,1\nA5,P3,3,2\nZ1,P1,1,1\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("name", "content", "role"),
    [("customers.csv", CUSTOMERS, "customers"), ("items.csv", ITEMS, "items")],
    ids=["customers", "items"],
)
def test_add_related_file_to_loaded_dataset(lang, name, content, role):
    """The related file joins the loaded dataset as it would have joined the original file
    uploaded beside it (``load([orders, related])``, worked out without the wizard)."""
    ds = ingest.load(ORDERS, filename="orders.csv")
    at = make_app("views/data.py", lang=lang, datasets=[ds], timeout=60)
    at.run()
    assert_clean(at)
    assert at.selectbox(key="data.rel.dataset").value == f"orders-{ds.fingerprint[:10]}"
    assert at.selectbox(key="data.rel.dataset").label == text("data.rel.dataset", lang)
    ds_id = f"orders-{ds.fingerprint[:10]}"
    _upload(at, name, content, key=f"data.rel.upload.{ds_id}")
    assert_clean(at)
    links = [e for e in at.data_editor if e.key.startswith("data.rel.links.0.")]
    assert links[0].value["role"].tolist() == [role]
    ref = ingest.load([ORDERS, content], filename=["orders.csv", name])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[text("data.rows_read", lang)] == str(ref.report.rows_read)
    assert metrics[text("data.join.rejected", lang)] == str(ref.report.join.rows_rejected)
    at.button(key="data.rel.replace").click().run()
    assert_clean(at)
    (new,) = at.session_state["_datasets"].values()  # the old one is replaced
    assert at.session_state["_active"]["orders"] == f"orders-{new.fingerprint[:10]}"
    canon = [c for c in ref.frame.columns if c in new.mapping or c in ("is_return", "amount")]
    assert_frame_equal(new.frame[canon], ref.frame[canon])
    assert (new.report.rows_read, new.report.rows_kept, new.report.rows_dropped) == (
        ref.report.rows_read,
        ref.report.rows_kept,
        ref.report.rows_dropped,
    )
    assert new.report.join.links[0].role == role
    assert new.report.notes[0][0] == "related_added"
    # the replaced dataset's files are not offered for the joined one
    new_id = f"orders-{new.fingerprint[:10]}"
    assert at.selectbox(key="data.rel.dataset").value == new_id
    assert not at.get("file_uploader")[-1].value


def test_no_related_card_without_an_orders_dataset():
    at = make_app("views/data.py", timeout=60)
    at.run()
    assert_clean(at)
    assert not [u for u in at.get("file_uploader") if u.key.startswith("data.rel.")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sidebar_opens_the_card_for_that_dataset(lang):
    """ "Add a related file" in the loaded-dataset list opens the Import page's card with that
    dataset picked (here not the active one)."""
    first = ingest.load(ORDERS, filename="orders.csv")
    second = ingest.load(ORDERS.replace(b"A5,c1", b"A6,c1"), filename="orders2.csv")
    at = make_app(lang=lang, datasets=[first, second], timeout=60)
    at.run()
    assert_clean(at)
    first_id = f"orders-{first.fingerprint[:10]}"
    assert at.session_state["_active"]["orders"] != first_id
    button = at.sidebar.button(key=f"sidebar.related.{first_id}")
    assert button.label == text("data.rel.sidebar", lang)
    # AppTest does not see a click in the entry script's sidebar (tests/app/test_shell.py):
    # the click's effect is set here, the rest is the real page
    at.session_state["_settings"] = {"data.rel.pending": first_id}
    at.switch_page("views/data.py").run()
    assert_clean(at)
    assert at.selectbox(key="data.rel.dataset").value == first_id
    assert [u for u in at.get("file_uploader") if u.key == f"data.rel.upload.{first_id}"]
    assert "data.rel.pending" not in at.session_state["_settings"]  # used once
