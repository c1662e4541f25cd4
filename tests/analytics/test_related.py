"""A related file added to a loaded dataset (analytics.related) and the time-zone choice
helpers (analytics.timezones): checked against the multi-file load of the original files
and against pandas' own zone conversion."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analytics import ingest, readers
from analytics.join import JoinPlan, Link
from analytics.related import add_related, original_table
from analytics.timezones import ZONES, is_zone, offset_columns, time_columns

ROOT = Path(__file__).resolve().parents[2]

ORDERS = (
    b"order_id,customer_id,order_time,amount,status,note\n"
    b"A1,c1,2024-01-01 10:00,10,paid,x\nA2,c2,2024-01-02 11:00,20,paid,\n"
    b"A3,c3,not a date,5,paid,y\nA4,c4,2024-01-04 08:00,7,refunded,z\n"
    b"A5,c1,2024-01-05 07:00,3,paid,\n"
)
CUSTOMERS = (
    b"customer_id,customer_unique_id,city\n"
    b"c1,p1,Hangzhou\nc2,p1,Hangzhou\nc4,p2,Beijing\nc9,p9,Xian\nc4,p3,Dup\n"
)
ITEMS = b"order_id,product_id,price,qty\nA1,P1,4,1\nA1,P2,6,1\nA2,P1,20,1\nA5,P3,3,2\nZ1,P1,1,1\n"
PAYMENTS = b"order_id,payment_type,payment_value\nA1,card,4\nA1,voucher,6\nA2,card,20\nZ9,card,1\n"


@pytest.mark.parametrize(
    "path",
    ["orders.csv", "taobao_orders_gbk.csv", "events.csv", "prices.csv", "spend.csv"],
)
def test_original_table_reads_back_to_the_same_dataset(path):
    """The rows under the file's names, imported again with the dataset's mapping, give the
    dataset back exactly (nothing derived twice: returns are not negated again)."""
    ds = ingest.load(ROOT / "sample_data" / path)
    table = original_table(ds)
    assert {c for k, c in ds.mapping.items() if "[" not in k} <= set(table.columns)
    assert "is_return" not in table.columns
    back = ingest.to_canonical(table, ds.kind, ds.mapping)
    assert_frame_equal(back.frame, ds.frame)


def test_original_table_names_by_hand():
    ds = ingest.load(ORDERS, filename="orders.csv")
    table = original_table(ds)
    # canonical columns under the file's names, derived ones left out, unmapped kept
    assert list(table.columns) == [
        "order_id",
        "customer_id",
        "order_time",
        "amount",
        "status",
        "note",
    ]
    assert table["order_id"].tolist() == ["A1", "A2", "A4", "A5"]  # A3's date was unusable
    mapping = {"order_id": "order_id", "order_time": "order_time", "amount": "Paid total"}
    renamed = ingest.load(
        ORDERS.replace(b"amount", b"Paid total"), filename="o.csv", kind="orders", mapping=mapping
    )
    assert "Paid total" in original_table(renamed).columns
    assert renamed.frame.columns[3] == "amount"  # the dataset itself is unchanged


@pytest.mark.parametrize(
    ("name", "content", "role"),
    [
        ("customers.csv", CUSTOMERS, "customers"),
        ("items.csv", ITEMS, "items"),
        ("payments.csv", PAYMENTS, "payments"),
    ],
    ids=["customers", "items", "payments"],
)
def test_add_related_matches_loading_both_files(name, content, role):
    """Adding a file to the loaded dataset gives what loading the two files together gives:
    the same canonical columns, the same row accounting, the same join report."""
    ds = ingest.load(ORDERS, filename="orders.csv")
    new = add_related(ds, [readers.read_table(content, name)], [name])
    ref = ingest.load([ORDERS, content], filename=["orders.csv", name])
    assert new.kind == "orders" and new.filename == f"orders.csv + {name}"
    assert new.mapping == ref.mapping
    canon = [c for c in ref.frame.columns if c in new.mapping or c in ("amount", "is_return")]
    assert_frame_equal(new.frame[canon], ref.frame[canon])
    rn, rr = new.report, ref.report
    assert (rn.rows_read, rn.rows_kept, rn.rows_dropped) == (
        rr.rows_read,
        rr.rows_kept,
        rr.rows_dropped,
    )
    assert rn.rows_read == rn.rows_kept + rn.rows_dropped
    assert {k: r.count for k, r in rn.reasons.items() if r.dropped} == {
        k: r.count for k, r in rr.reasons.items() if r.dropped
    }
    (ln,), (lr,) = rn.join.links, rr.join.links
    assert ln.role == lr.role == role
    assert (ln.rows_matched, ln.rows_unmatched, ln.primary_unmatched) == (
        lr.rows_matched,
        lr.rows_unmatched,
        lr.primary_unmatched - 1,  # A3 (no related row) was dropped before the join
    )
    assert rn.notes[0] == (
        "related_added",
        {"dataset": "orders.csv", "files": name, "rows": len(ds.frame)},
    )
    assert all(n in rn.notes for n in ds.report.notes)  # the first import's notes kept
    # the rows the first import dropped are still listed with their reason
    assert "A3" in rn.rejected["order_id"].astype(str).tolist()
    assert new.fingerprint != ds.fingerprint


def test_add_related_by_hand_customers():
    """Worked out by hand: c1 and c2 are person p1, c4 is p2 (its second row rejected)."""
    ds = ingest.load(ORDERS, filename="orders.csv")
    new = add_related(ds, [pd.read_csv(pd.io.common.BytesIO(CUSTOMERS))], ["customers.csv"])
    assert new.frame["customer_id"].tolist() == ["p1", "p1", "p2", "p1"]
    assert new.frame["city"].tolist() == ["Hangzhou", "Hangzhou", "Beijing", "Hangzhou"]
    rej = new.report.join.rejected
    assert sorted(rej["_reason"]) == ["duplicate_key", "no_match"]  # c4's second row, c9


def test_adding_to_a_joined_dataset_keeps_both_join_reports():
    """Customers added to orders, then lines added to that: the same as loading the three
    files together, and the join report lists both links."""
    ds = ingest.load(ORDERS, filename="orders.csv")
    one = add_related(ds, [readers.read_table(CUSTOMERS, "customers.csv")], ["customers.csv"])
    two = add_related(one, [readers.read_table(ITEMS, "items.csv")], ["items.csv"])
    ref = ingest.load(
        [ORDERS, CUSTOMERS, ITEMS], filename=["orders.csv", "customers.csv", "items.csv"]
    )
    assert [lr.role for lr in two.report.join.links] == ["customers", "items"]
    assert two.report.join.rows_rejected == ref.report.join.rows_rejected
    for col in ("order_id", "customer_id", "order_time", "amount", "quantity", "product_id"):
        assert two.frame[col].tolist() == ref.frame[col].tolist(), col
    assert (two.report.rows_read, two.report.rows_dropped) == (
        ref.report.rows_read,
        ref.report.rows_dropped,
    )


def test_add_related_with_a_given_plan_and_wrong_main():
    ds = ingest.load(ORDERS, filename="orders.csv")
    items = pd.read_csv(pd.io.common.BytesIO(ITEMS))
    plan = JoinPlan(0, (Link(1, "details", "order_id", "order_id"),))
    new = add_related(ds, [items], ["items.csv"], plan)
    # details: one row per key (A1's second line rejected), nothing becomes line-level
    assert len(new.frame) == len(ds.frame)
    got = new.frame["product_id"]
    assert got.isna().tolist() == [False, False, True, False]
    assert got.dropna().tolist() == ["P1", "P1", "P3"]
    with pytest.raises(ValueError, match="main table"):
        add_related(ds, [items], ["items.csv"], JoinPlan(1, (Link(0, "details", "x", "x"),)))


# -- time zones -------------------------------------------------------------------------------


def test_offset_columns_by_hand():
    frame = pd.DataFrame(
        {
            "t_cn": ["2024-06-18 01:30+08:00", None, "2024-06-19 02:00+08:00"],
            "t_gmt": ["2024-06-18 01:30 GMT+8", "2024-06-18 01:30", None],
            "t_z": ["2024-06-18T01:30:00Z", None, None],
            "t_plain": ["2024-06-18 01:30", "2024-06-18", None],
            "t_aware": pd.to_datetime(["2024-06-18 01:30"] * 3).tz_localize("Asia/Tokyo"),
            "phone": ["+86-138", "12:30 +0800 x", None],
            "n": [1, 2, 3],
        }
    )
    cols = ["t_cn", "t_gmt", "t_z", "t_plain", "t_aware", "phone", "n", "absent"]
    got = offset_columns(frame, cols)
    assert got == ["t_cn", "t_gmt", "t_z", "t_aware"]
    # a reader note (UTC text already read as times) counts too
    frame2 = frame.assign(t_plain=pd.to_datetime(frame["t_plain"], format="mixed"))
    assert "t_plain" in offset_columns(frame2, ["t_plain"], [("tz_utc", {"column": "t_plain"})])


def test_time_columns_and_zones():
    mapping = {"order_id": "id", "order_time": "下单时间", "amount": "amt"}
    assert time_columns("orders", mapping) == ["下单时间"]
    assert time_columns("spend", {"date[year]": "Y", "date": "D", "spend": "S"}) == ["D"]
    assert all(is_zone(z) for z in ZONES)
    assert not is_zone("Mars/Olympus") and not is_zone("") and not is_zone(None)


def test_zone_choice_is_part_of_the_fingerprint_only_when_it_converts():
    with_off = b"order_id,order_time,amount\nA,2024-06-18 01:30+08:00,3\n"
    plain = b"order_id,order_time,amount\nA,2024-06-18 01:30,3\n"
    a = ingest.load(with_off, filename="a.csv")
    b = ingest.load(with_off, filename="a.csv", tz="Europe/London")
    want = pd.Timestamp("2024-06-18 01:30+08:00").tz_convert("Europe/London").tz_localize(None)
    assert b.frame["order_time"].tolist() == [want]
    assert a.fingerprint != b.fingerprint
    c, d = ingest.load(plain, filename="a.csv"), ingest.load(plain, filename="a.csv", tz="UTC")
    assert c.fingerprint == d.fingerprint
