"""Datasets from several files (analytics.join): proposal, join, report; checked against slow
obvious merges written here, and on the real Olist export (orders, payments, items, customers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import ingest, readers
from analytics.join import JoinPlan, Link, join_tables, propose_join
from analytics.schema import IngestError
from tests.conftest import corpus_file


def _olist() -> tuple[Path, Path, Path, Path]:
    """The Olist files of the corpus (tests/corpus/real/olist/MANIFEST.md): orders,
    payments, items, customers."""
    names = ("orders", "order_payments", "order_items", "customers")
    return tuple(corpus_file(f"olist/olist_{n}_dataset.csv") for n in names)


def _orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["A1", "A2", "A3", "A4", "A5"],
            "buyer": ["u1", "u2", "u1", "u3", "u2"],
            "status": ["paid", "paid", "paid", "closed", "paid"],
            "created": pd.to_datetime(
                [
                    "2024-01-01 10:00",
                    "2024-01-02 11:00",
                    "2024-01-03 09:00",
                    "2024-01-04 08:00",
                    "2024-01-05 07:00",
                ]
            ),
        }
    )


def _payments() -> pd.DataFrame:
    # A1 paid twice (card + voucher), A2 once, A3/A5 none, Z9 matches no order, one blank key
    return pd.DataFrame(
        {
            "order_id": ["A1", "A2", "A1", "Z9", " ", "A4"],
            "payment_type": ["card", "card", "voucher", "card", "card", "boleto"],
            "payment_value": [10.0, 20.0, 5.5, 7.0, 1.0, 3.0],
        }
    )


def _slow_payments(orders: pd.DataFrame, pay: pd.DataFrame) -> pd.DataFrame:
    """The obvious per-order loop: sum of values, distinct types in first-seen order, count."""
    rows = []
    for oid in orders["order_id"]:
        mine = [r for r in pay.itertuples() if str(r.order_id).strip() == oid]
        types: list[str] = []
        for r in mine:
            if r.payment_type not in types:
                types.append(r.payment_type)
        rows.append(
            {
                "order_id": oid,
                "payment_value": sum(r.payment_value for r in mine) if mine else np.nan,
                "payment_type": ", ".join(types) if types else None,
                "rows": len(mine),
            }
        )
    return pd.DataFrame(rows)


def test_payments_summed_per_order_like_a_slow_loop():
    orders, pay = _orders(), _payments()
    plan = propose_join([orders, pay], ["orders.csv", "payments.csv"])
    assert plan.primary == 0
    (link,) = plan.links
    assert (link.role, link.key, link.other_key) == ("payments", "order_id", "order_id")
    out, rep = join_tables([orders, pay], plan, ["orders.csv", "payments.csv"])
    want = _slow_payments(orders, pay)
    assert list(out["order_id"]) == list(orders["order_id"])  # every order kept, in order
    np.testing.assert_allclose(out["payment_value"], want["payment_value"])
    got_types = [None if pd.isna(v) else v for v in out["payment_type"]]
    assert got_types == [None if pd.isna(v) else v for v in want["payment_type"]]
    assert list(out["payments rows"]) == list(want["rows"])
    # the report: related rows matched / unmatched / blank, orders with and without payments
    (lr,) = rep.links
    matched = sum(str(k).strip() in set(orders["order_id"]) for k in pay["order_id"])
    assert lr.rows == len(pay) and lr.rows_matched == matched
    assert lr.rows_unmatched == 1 and lr.unmatched_examples == ("Z9",)
    assert lr.rows_blank_key == 1
    assert lr.primary_matched == int((want["rows"] > 0).sum())
    assert set(lr.primary_unmatched_examples) == set(want.loc[want["rows"] == 0, "order_id"])
    assert lr.duplicate_keys == 1 and lr.duplicate_examples == ("A1",)
    # nothing silently dropped: each related row is matched or rejected with a reason
    assert lr.rows_matched + rep.rows_rejected == len(pay)
    assert sorted(rep.rejected["_reason"]) == ["blank_key", "no_match"]
    assert sorted(rep.rejected["_row"]) == [4, 5]
    assert rep.mapping["amount"] == "payment_value"


def test_integer_keys_match_text_keys():
    orders = pd.DataFrame(
        {"order_no": [1001, 1002, 1003], "time": pd.to_datetime(["2024-01-01"] * 3)}
    )
    pay = pd.DataFrame({"Order No": ["1001", "1003", "1003 "], "amount paid": [1.0, 2.0, 3.0]})
    plan = propose_join([orders, pay])
    assert (plan.links[0].key, plan.links[0].other_key) == ("order_no", "Order No")
    out, _ = join_tables([orders, pay], plan)
    want = [sum(v for k, v in zip(pay["Order No"], pay["amount paid"], strict=True)
                if k.strip() == str(o)) or np.nan for o in orders["order_no"]]  # fmt: skip
    np.testing.assert_allclose(out["amount paid"], want)


def _slow_lines(orders: pd.DataFrame, lines: pd.DataFrame) -> list[tuple[str, object]]:
    out = []
    for oid in orders["order_id"]:
        mine = [r for r in lines.itertuples() if r.order_id == oid]
        out.extend((oid, r.sku) for r in mine) if mine else out.append((oid, None))
    return out


def test_line_items_make_the_table_line_level():
    orders = _orders()
    lines = pd.DataFrame(
        {
            "order_id": ["A1", "A1", "A2", "A4", "A4", "A4", "Q7"],
            "sku": ["s1", "s2", "s1", "s3", "s1", "s2", "s9"],
            "qty": [1, 2, 1, 1, 3, 1, 1],
            "unit price": [2.0, 3.0, 2.0, 5.0, 2.0, 3.0, 9.0],
        }
    )
    plan = propose_join([orders, lines], ["o.csv", "lines.csv"])
    assert plan.links[0].role == "items"
    out, rep = join_tables([orders, lines], plan, ["o.csv", "lines.csv"])
    want = _slow_lines(orders, lines)
    got = [(o, None if pd.isna(s) else s) for o, s in zip(out["order_id"], out["sku"], strict=True)]
    assert got == want
    # order-level values repeated on each line
    buyers = dict(zip(orders["order_id"], orders["buyer"], strict=True))
    assert all(buyers[o] == b for o, b in zip(out["order_id"], out["buyer"], strict=True))
    assert rep.rows == len(want) and rep.primary_rows == len(orders)
    assert rep.rejected["_reason"].tolist() == ["no_match"]
    # the amount comes from the lines: quantity x unit price
    assert rep.mapping["quantity"] == "qty" and rep.mapping["unit_price"] == "unit price"
    assert "amount" not in rep.mapping


def test_lines_without_money_are_summed_not_repeated():
    orders = _orders().assign(total=[10.0, 20.0, 30.0, 40.0, 50.0])
    lines = pd.DataFrame({"order_id": ["A1", "A1", "A2"], "sku": ["x", "y", "x"], "qty": [1, 2, 5]})
    plan = propose_join([orders, lines])
    out, rep = join_tables([orders, lines], plan)
    assert len(out) == len(orders)  # never one order amount per line
    assert out["total"].sum() == orders["total"].sum()
    want = {o: lines.loc[lines["order_id"] == o, "qty"].sum() for o in orders["order_id"]}
    assert [want[o] if want[o] else np.nan for o in out["order_id"]] == pytest.approx(
        list(out["qty"]), nan_ok=True
    )
    assert rep.notes[0][0] == "items_summed"


def test_customers_duplicates_and_person_level_id():
    orders = _orders()
    customers = pd.DataFrame(
        {
            "buyer": ["u1", "u2", "u3", "u2", "u8"],
            "person_unique_id": ["P1", "P1", "P3", "P9", "P8"],
            "city": ["a", "b", "c", "d", "e"],
        }
    )
    plan = propose_join([orders, customers], ["o.csv", "c.csv"])
    (link,) = plan.links
    assert (link.role, link.key, link.person_id) == ("customers", "buyer", "person_unique_id")
    out, rep = join_tables([orders, customers], plan, ["o.csv", "c.csv"])
    first = customers.drop_duplicates("buyer")  # the first row of a repeated key is used
    want = orders.merge(first, on="buyer", how="left")
    pd.testing.assert_series_equal(
        out["person_unique_id"].astype(object), want["person_unique_id"].astype(object)
    )
    assert sorted(rep.rejected["_reason"]) == ["duplicate_key", "no_match"]
    (lr,) = rep.links
    assert lr.rows_duplicate == 1 and lr.duplicate_examples == ("u2",)
    assert lr.persons == want["person_unique_id"].nunique()
    assert lr.customers == want["buyer"].nunique()
    assert rep.mapping["customer_id"] == "person_unique_id"


def test_primary_duplicate_keys_are_reported():
    orders = pd.concat([_orders(), _orders().iloc[[0]]], ignore_index=True)
    pay = _payments()
    plan = JoinPlan(0, (Link(1, "payments", "order_id", "order_id"),))
    out, rep = join_tables([orders, pay], plan)
    assert len(out) == len(orders)
    assert rep.links[0].primary_duplicate_keys == 1


def test_status_codes_are_not_a_key():
    a = pd.DataFrame({"status": ["paid", "closed"] * 6, "t": pd.date_range("2024", periods=12)})
    b = pd.DataFrame({"status": ["paid", "closed", "paid"] * 3, "v": np.arange(9.0)})
    with pytest.raises(IngestError, match="No shared key"):
        propose_join([a, b])


def test_one_file_and_bad_spec():
    with pytest.raises(IngestError, match="at least two files"):
        propose_join([_orders()])
    with pytest.raises(IngestError, match="join settings"):
        JoinPlan.from_spec(
            {"primary": "o.csv", "links": [{"file": "p.csv", "key": "nope"}]},
            [_orders(), _payments()],
            ["o.csv", "p.csv"],
        )


def test_spec_round_trip_and_load_from_bytes():
    orders = _orders().assign(created=lambda f: f["created"].dt.strftime("%Y-%m-%d %H:%M"))
    orders = orders.rename(columns={"created": "order_time", "buyer": "customer_id"})
    o_bytes = orders.to_csv(index=False).encode()
    p_bytes = _payments().to_csv(index=False).encode()
    names = ["orders.csv", "payments.csv"]
    ds = ingest.load([o_bytes, p_bytes], names)
    spec = JoinPlan(0, (Link(1, "payments", "order_id", "order_id"),)).to_spec(names)
    ds2 = ingest.load([o_bytes, p_bytes], names, join=spec)
    assert ds.report.join is not None and ds2.report.join is not None
    pd.testing.assert_frame_equal(ds.frame, ds2.frame)
    assert ds.fingerprint == ds2.fingerprint
    assert ds.mapping["amount"] == "payment_value"
    want = _slow_payments(orders, _payments())
    paid = want.dropna(subset=["payment_value"])
    # orders with a payment keep its sum; the others have no amount and are dropped with a reason
    got = dict(zip(ds.frame["order_id"], ds.frame["amount"].abs(), strict=True))
    assert got == pytest.approx(dict(zip(paid["order_id"], paid["payment_value"], strict=True)))
    assert ds.report.rows_dropped == len(want) - len(paid)
    assert ds.report.reasons["missing_value:amount"].count == len(want) - len(paid)


# ---------------------------------------------------------------- real Olist export


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_olist_orders_payments_customers():
    ORDERS, PAYMENTS, _, CUSTOMERS = _olist()
    ds = ingest.load([ORDERS, PAYMENTS, CUSTOMERS])
    rep = ds.report.join
    assert rep.primary == ORDERS.name
    roles = {lr.file: (lr.role, lr.key) for lr in rep.links}
    assert roles[PAYMENTS.name] == ("payments", "order_id")
    assert roles[CUSTOMERS.name] == ("customers", "customer_id")
    assert ds.mapping["customer_id"] == "customer_unique_id"
    assert ds.mapping["amount"] == "payment_value"
    o, p, c = _read(ORDERS), _read(PAYMENTS), _read(CUSTOMERS)
    # total payment value: plain pandas over payment rows whose order is in the orders file
    matched = p[p["order_id"].isin(o["order_id"])]
    total = matched["payment_value"].astype(float).sum()
    assert ds.frame["amount"].abs().sum() == pytest.approx(total)
    assert ds.frame["order_id"].nunique() == matched["order_id"].nunique()
    # every payment row is joined or rejected
    lp = next(lr for lr in rep.links if lr.file == PAYMENTS.name)
    assert lp.rows_matched == len(matched)
    assert lp.rows_unmatched == len(p) - len(matched)
    assert lp.primary_unmatched == int((~o["order_id"].isin(p["order_id"])).sum())
    # repeat customers by the person-level id, against plain pandas on the same orders
    kept = o[o["order_id"].isin(matched["order_id"])].merge(c, on="customer_id")
    want = int((kept.groupby("customer_unique_id")["order_id"].nunique() >= 2).sum())
    got = int((ds.frame.groupby("customer_id")["order_id"].nunique() >= 2).sum())
    assert got == want
    # the person-level id groups orders the per-order customer_id never would
    frames = [readers.read_table(ORDERS), readers.read_table(CUSTOMERS)]
    out, full = join_tables(frames, propose_join(frames))
    everyone = o.merge(c, on="customer_id")
    assert int((out.groupby("customer_unique_id")["order_id"].nunique() >= 2).sum()) == int(
        (everyone.groupby("customer_unique_id")["order_id"].nunique() >= 2).sum()
    )
    assert full.links[0].persons == everyone["customer_unique_id"].nunique()
    assert full.links[0].customers == everyone["customer_id"].nunique()


def test_olist_line_items():
    ORDERS, _, ITEMS, _ = _olist()
    ds = ingest.load([ITEMS, ORDERS])  # order of the files does not matter
    rep = ds.report.join
    assert rep.primary == ORDERS.name
    o, it = _read(ORDERS), _read(ITEMS)
    lines = it[it["order_id"].isin(o["order_id"])]
    n_lines = lines.groupby("order_id").size()
    assert rep.rows == len(o) - len(n_lines) + int(n_lines.sum())
    assert ds.mapping["amount"] == "price"
    assert ds.frame["amount"].abs().sum() == pytest.approx(lines["price"].astype(float).sum())
    assert rep.rejected["_reason"].eq("no_match").sum() == len(it) - len(lines)


def test_chinese_headers_with_different_key_names():
    orders = (
        "订单编号,买家,下单时间\n"
        "T1,小王,2024-06-18 10:00\nT2,小李,2024-06-18 11:30\nT3,小王,2024-06-19 09:05\n"
    )
    pays = "订单号,支付方式,支付金额\nT1,支付宝,10.5\nT1,红包,2\nT3,微信,30\nT8,支付宝,1\n"
    ds = ingest.load([orders.encode(), pays.encode()], ["订单.csv", "支付.csv"])
    (lr,) = ds.report.join.links
    assert (lr.role, lr.key, lr.other_key) == ("payments", "订单编号", "订单号")
    assert ds.mapping["amount"] == "支付金额"
    # slow obvious sums per order
    want: dict[str, float] = {}
    for line in pays.splitlines()[1:]:
        k, _, v = line.split(",")
        if k in ("T1", "T2", "T3"):
            want[k] = want.get(k, 0.0) + float(v)
    assert dict(zip(ds.frame["order_id"], ds.frame["amount"], strict=True)) == pytest.approx(want)
    assert ds.report.reasons["missing_value:amount"].count == 1  # T2: no payment, reported
    assert ("no_payment", {"count": 1, "file": "支付.csv"}) in ds.report.join.notes
    assert lr.unmatched_examples == ("T8",)


def test_load_line_items_amount_is_quantity_times_price():
    orders = _orders().rename(columns={"created": "order_time"})
    orders["order_time"] = orders["order_time"].dt.strftime("%Y-%m-%d %H:%M")
    lines = pd.DataFrame(
        {
            "order_id": ["A1", "A1", "A2", "A4", "A5"],
            "sku": ["s1", "s2", "s1", "s3", "s2"],
            "quantity": [1, 2, 1, 4, 1],
            "unit_price": [2.0, 3.0, 2.0, 5.0, 3.0],
        }
    )
    ds = ingest.load(
        [orders.to_csv(index=False).encode(), lines.to_csv(index=False).encode()],
        ["o.csv", "l.csv"],
    )
    assert ds.report.join.rows == len(lines) + 1  # A3 has no line: kept once
    slow = {}
    for r in lines.itertuples():
        slow[r.order_id] = slow.get(r.order_id, 0.0) + r.quantity * r.unit_price
    got = ds.frame.groupby("order_id")["amount"].sum().abs().to_dict()
    assert got == pytest.approx(slow)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_frames_against_pandas_merge(seed):
    """Larger random files (repeated, missing and unknown keys) against plain pandas merges."""
    rng = np.random.default_rng(seed)
    n = 300
    ids = np.array([f"K{i}" for i in range(n)], dtype=object)
    orders = pd.DataFrame(
        {"order_id": ids, "order_time": pd.date_range("2024-01-01", periods=n, freq="h")}
    )
    m = 700
    pool = np.concatenate([ids, np.array([f"X{i}" for i in range(50)], dtype=object)])
    pay = pd.DataFrame(
        {
            "order_id": rng.choice(pool, m),
            "payment_type": rng.choice(["card", "voucher", "cash"], m),
            "payment_value": rng.integers(1, 10_000, m) / 100,
        }
    )
    lines = pd.DataFrame(
        {
            "order_id": rng.choice(pool, 500),
            "product_id": rng.choice(["p1", "p2", "p3", "p4"], 500),
            "price": rng.integers(100, 9_000, 500) / 100,
        }
    )
    plan = propose_join([orders, pay, lines], ["o", "pay", "lines"])
    assert {lk.role for lk in plan.links} == {"payments", "items"}
    out, rep = join_tables([orders, pay, lines], plan, ["o", "pay", "lines"])
    # payments: pandas groupby + merge
    sums = pay.groupby("order_id")["payment_value"].sum().rename("want_value")
    cnt = pay.groupby("order_id").size().rename("want_rows")
    want_o = orders.merge(sums, on="order_id", how="left").merge(cnt, on="order_id", how="left")
    want = want_o.merge(lines, on="order_id", how="left", suffixes=("", "_l"))
    assert len(out) == len(want) == rep.rows
    assert list(out["order_id"]) == list(want["order_id"])
    np.testing.assert_allclose(out["payment_value"], want["want_value"])
    assert list(out["pay rows"]) == list(want["want_rows"].fillna(0).astype(int))
    np.testing.assert_allclose(out["price"], want["price"])
    assert list(out["product_id"].fillna("-")) == list(want["product_id"].fillna("-"))
    # every related row joined or rejected, with the right counts
    for lr, frame in zip(sorted(rep.links, key=lambda r: r.file), (lines, pay), strict=True):
        known = frame["order_id"].isin(ids)
        assert lr.rows_matched == int(known.sum())
        assert lr.rows_unmatched == int((~known).sum())
        assert lr.primary_unmatched == int((~orders["order_id"].isin(frame["order_id"])).sum())
    assert rep.rows_rejected == int((~pay["order_id"].isin(ids)).sum()) + int(
        (~lines["order_id"].isin(ids)).sum()
    )


def test_customers_file_with_a_payment_preference_is_still_customers():
    orders = _orders()
    customers = pd.DataFrame(
        {"buyer": ["u1", "u2", "u3"], "preferred_payment": ["card", "cash", "card"]}
    )
    (link,) = propose_join([orders, customers]).links
    assert (link.role, link.key) == ("customers", "buyer")
