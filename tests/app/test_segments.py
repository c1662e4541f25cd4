"""The user-layering page through AppTest: sample data, no data, both languages, widgets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.schema import Dataset, ImportReport
from tests.app.conftest import ROOT, assert_clean, make_app, sample_datasets

PAGE = "views/segments.py"


def _orders_dataset() -> Dataset:
    """The sample orders through ingest; built directly from the CSV while ingest is absent."""
    try:
        found = sample_datasets("orders")
    except ImportError:
        found = []
    if found:
        return found[0]
    raw = pd.read_csv(
        ROOT / "sample_data" / "orders.csv", dtype={"customer_id": str, "order_id": str}
    )
    frame = raw.assign(
        order_time=pd.to_datetime(raw["order_time"]),
        amount=raw["amount"].astype(float),
        is_return=raw["status"].isin(["refunded", "cancelled"]) & (raw["amount"] < 0),
    )
    n = len(frame)
    return Dataset(
        "orders",
        frame,
        mapping={},
        report=ImportReport(n, n, 0),
        fingerprint="sample-orders-direct",
    )


@pytest.fixture(scope="module")
def orders_ds() -> Dataset:
    return _orders_dataset()


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(m.value) for m in at.metric]
    return "\n".join(parts)


def test_no_data_shows_guidance():
    at = make_app(PAGE)
    at.run()
    assert_clean(at)
    assert any("Orders" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "zh"], ids=["english", "chinese"])
def test_page_renders_with_sample_orders(orders_ds, lang):
    at = make_app(PAGE, lang=lang, datasets=[orders_ds], timeout=60)
    at.run()
    assert_clean(at)
    title = "User layering" if lang == "en" else "用户分层"
    assert at.title[0].value == title
    labels = [m.label for m in at.metric]
    assert ("Customers scored" if lang == "en" else "参与评分的客户") in labels
    # segment names and k-means profile appear in the chosen language
    text = _texts(at) + "\n".join(str(df.value.to_csv()) for df in at.dataframe)
    if lang == "en":
        assert "Champions" in text or "Loyal" in text
        assert "value," in text  # a cluster name such as "High value, recent"
    else:
        assert "冠军客户" in text or "忠诚客户" in text
        assert "价值" in text


def test_changing_k_changes_the_profile(orders_ds):
    at = make_app(PAGE, datasets=[orders_ds], timeout=60)
    at.run()
    assert_clean(at)
    box = at.selectbox(key="segments.k")
    assert box.value.startswith("Auto")
    before = [len(df.value) for df in at.dataframe]
    box.set_value("6").run()
    assert_clean(at)
    after = [len(df.value) for df in at.dataframe]
    # the cluster profile table now has 6 rows
    assert 6 in after and before != after


def test_changing_the_analysis_date_changes_the_page(orders_ds):
    at = make_app(PAGE, datasets=[orders_ds], timeout=60)
    at.run()
    assert_clean(at)
    metric = next(m for m in at.metric if m.label == "Customers scored")
    n_before = metric.value
    first = orders_ds.frame["order_time"].min().date()
    at.date_input(key="segments.as_of").set_value(first + dt.timedelta(days=60)).run()
    assert_clean(at)
    metric = next(m for m in at.metric if m.label == "Customers scored")
    assert metric.value != n_before


def test_scheme_and_options_switch_without_error(orders_ds):
    at = make_app(PAGE, lang="zh", datasets=[orders_ds], timeout=60)
    at.run()
    at.segmented_control(key="segments.scheme").set_value("value").run()
    assert_clean(at)
    assert "重要价值客户" in "\n".join(df.value.to_csv() for df in at.dataframe)
    at.segmented_control(key="segments.bins").set_value(3).run()
    at.segmented_control(key="segments.freq").set_value("days").run()
    at.segmented_control(key="segments.mon").set_value("aov").run()
    at.segmented_control(key="segments.threshold").set_value("median").run()
    assert_clean(at)


def test_movement_flows_are_written_in_words(orders_ds):
    at = make_app(PAGE, datasets=[orders_ds], timeout=60)
    at.run()
    assert_clean(at)
    as_of = at.date_input(key="segments.as_of").value
    assert at.date_input(key="segments.previous").value == as_of - dt.timedelta(days=7)
    flows = [m.value for m in at.markdown if m.value.startswith("- ") and " became " in m.value]
    assert flows
    # comparing with an earlier date moves more customers
    moved = next(c.value for c in at.caption if "changed segment" in c.value)
    at.date_input(key="segments.previous").set_value(as_of - dt.timedelta(days=60)).run()
    assert_clean(at)
    moved_60 = next(c.value for c in at.caption if "changed segment" in c.value)
    assert moved_60 != moved
    # moving the analysis date moves the default comparison date with it
    new_as_of = as_of - dt.timedelta(days=30)
    at.date_input(key="segments.as_of").set_value(new_as_of).run()
    assert_clean(at)
    assert at.date_input(key="segments.previous").value == new_as_of - dt.timedelta(days=7)


def test_export_offers_csv_and_excel(orders_ds):
    at = make_app(PAGE, datasets=[orders_ds], timeout=60)
    at.run()
    at.segmented_control(key="segments.export_kind").set_value("cluster").run()
    assert_clean(at)
    assert any("customers in this list" in c.value for c in at.caption)
    keys = {b.key for b in at.get("download_button")}
    assert {"segments.export.csv", "segments.export.xlsx"} <= keys


def _tiny_dataset(rows, name: str) -> Dataset:
    frame = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_time", "amount"])
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    frame["is_return"] = frame["amount"] < 0
    n = len(frame)
    return Dataset("orders", frame, mapping={}, report=ImportReport(n, n, 0), fingerprint=name)


@pytest.mark.parametrize("lang", ["en", "zh"], ids=["english", "chinese"])
def test_orders_without_customer_ids_say_what_to_do(lang):
    ds = _tiny_dataset([("1", None, "2024-01-01", 10.0), ("2", None, "2024-01-02", 12.0)], "no-ids")
    at = make_app(PAGE, lang=lang, datasets=[ds])
    at.run()
    assert not at.exception
    assert not at.error
    words = "customer IDs" if lang == "en" else "客户 ID"
    assert any(words in w.value for w in at.warning)


def test_too_few_customers_for_kmeans_is_a_warning():
    ds = _tiny_dataset(
        [
            ("1", "a", "2024-01-01", 10.0),
            ("2", "b", "2024-01-05", 50.0),
            ("3", "a", "2024-01-06", 20.0),
            ("4", "b", "2024-01-09", -50.0),
        ],
        "two-customers",
    )
    at = make_app(PAGE, datasets=[ds])
    at.run()
    assert not at.exception and not at.error
    assert any("k-means cannot run" in w.value for w in at.warning)
    # b refunded everything: shown apart, not scored
    assert next(m for m in at.metric if m.label == "Customers with no net spend").value == "1"
