"""The import wizard: upload through file_uploader, see the mapping and report, add the dataset."""

from __future__ import annotations

import pandas as pd

from tests.app.conftest import assert_clean, make_app

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
