"""The import wizard: upload through file_uploader, see the mapping and report, add the dataset."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.conftest import assert_clean, make_app
from tests.conftest import corpus_file

CSV = (
    "订单编号,买家会员名,买家实际支付金额,订单创建时间,订单状态,宝贝标题\n"
    '1001,小王,"￥1,234.50",2024/06/18 10:00,交易成功,保温杯\n'
    "1002,小李,88.00,2024/06/18 11:30,交易关闭,雨伞\n"
    "1003,小王,19.90,2024年6月19日 09:05,交易成功,毛巾\n"
    "1004,,5.00,not a date,交易成功,袜子\n"
)


def _upload(at, name: str, content: bytes):
    at.file_uploader(key="data.upload").set_value((name, content, "text/csv")).run()
    return at


def test_gbk_taobao_export_maps_and_adds():
    at = make_app("views/data.py", timeout=60)
    at.run()
    assert_clean(at)
    _upload(at, "淘宝订单.csv", CSV.encode("gbk"))
    assert not at.exception, [e.value for e in at.exception]
    editors = at.data_editor
    assert editors, "the mapping table is shown"
    mapping = editors[0].value
    assert isinstance(mapping, pd.DataFrame)
    got = dict(zip(mapping["field"], mapping["column"], strict=True))
    assert got["order_id"] == "订单编号"
    assert got["customer_id"] == "买家会员名"
    assert got["amount"] == "买家实际支付金额"
    assert got["order_time"] == "订单创建时间"
    # the report counts every row
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == "4"
    kept, dropped = int(metrics["Rows kept"]), int(metrics["Rows dropped"])
    assert kept + dropped == 4 and dropped >= 1
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    assert_clean(at)
    assert len(at.session_state["_datasets"]) == 1


def test_bad_file_shows_error_not_traceback():
    at = make_app("views/data.py", lang="zh", timeout=60)
    at.run()
    _upload(at, "junk.csv", bytes(range(256)) * 50)
    assert not at.exception
    assert at.error, "a clear error is shown"


def test_empty_file_message():
    at = make_app("views/data.py", timeout=60)
    at.run()
    _upload(at, "empty.csv", b"")
    assert not at.exception
    assert at.error


def test_related_files_joined_on_upload():
    """Orders + payments + customers uploaded together: the join is proposed and reported,
    the dataset carries the join report, and its amount is the payments' sum."""

    olist = corpus_file("olist/olist_orders_dataset.csv").parent
    names = [
        "olist_orders_dataset.csv",
        "olist_order_payments_dataset.csv",
        "olist_customers_dataset.csv",
    ]
    files = [(n, (olist / n).read_bytes(), "text/csv") for n in names]
    for lang in ("en", "zh"):
        at = make_app("views/data.py", lang=lang, timeout=90)
        at.run()
        at.file_uploader(key="data.upload").set_value(files).run()
        assert_clean(at)
        links = [e for e in at.data_editor if e.key.startswith("data.join.links.0.")]
        assert links[0].value["role"].tolist() == [
            "payments",
            "customers",
        ]
        got = dict(
            zip(at.data_editor[1].value["field"], at.data_editor[1].value["column"], strict=True)
        )
        assert got["amount"] == "payment_value"
        assert got["customer_id"] == "customer_unique_id"
    add = [b for b in at.button if b.key and b.key.startswith("data.add.")]
    add[0].click().run()
    assert_clean(at)
    (ds,) = at.session_state["_datasets"].values()
    o = pd.read_csv(olist / names[0], dtype=str)
    p = pd.read_csv(olist / names[1])
    paid = p[p["order_id"].isin(o["order_id"])]["payment_value"].sum()
    assert ds.frame["amount"].abs().sum() == pytest.approx(paid)
    assert ds.report.join is not None and ds.report.join.rows_rejected == 10
    # turning the join off gives the files back one by one (the file picker lists them)
    at.toggle(key="data.join.on").set_value(False).run()
    assert at.selectbox(key="data.file").options == names
