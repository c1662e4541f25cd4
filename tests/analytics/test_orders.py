"""The order rule (analytics.orders) and order states at import (analytics.order_states).

Each figure is checked against values worked out by hand on small exports shaped like
real ones (Tmall, Shopify, WooCommerce / Amazon, Online Retail), and against a slow
row-by-row implementation of the rule on a random frame; the Overview (kpi), RFM and the
traffic page must give the same numbers as the rule (#14 item 3).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import aliases as al
from analytics import kpi, rfm
from analytics import orders as ordrule
from analytics import traffic as tr
from analytics.ingest import load, propose_kind, propose_mapping, to_canonical


def overview_totals(frame: pd.DataFrame) -> pd.Series:
    """The Overview's figures over the whole span of the data (a custom period)."""
    days = frame.loc[ordrule.sale_mask(frame), "order_time"].dt.normalize()
    lo, hi = days.min(), days.max()  # the days with sales (never-paid days add nothing)
    ov = kpi.overview(frame, kinds=("orders",), period="custom", start=lo, end=hi)
    return ov.table["current"]


# --------------------------------------------------------------------------- Tmall

TMALL_COLUMNS = [
    "订单编号",
    "总金额",
    "买家实际支付金额",
    "收货地址",
    "订单创建时间",
    "订单付款时间",
    "退款金额",
    "订单状态",
]
# (id, gross, paid, address, created, paid at, refunded, status). As in real Tmall
# order reports, 买家实际支付金额 is after refunds: on a refunded row it is 总金额 - 退款金额
TMALL_ROWS = [
    # paid in full
    (
        "2871",
        "120.00",
        "120.00",
        "广东省 广州市",
        "2025-03-03 10:00:00",
        "2025-03-03 10:05:00",
        "0.00",
        "交易成功",
    ),
    # paid 88, 30 refunded later (partial refund): 58 left
    (
        "2872",
        "88.00",
        "58.00",
        "浙江省 杭州市",
        "2025-03-03 12:00:00",
        "2025-03-03 12:01:10",
        "30.00",
        "交易成功",
    ),
    # paid 56, then refunded in full: Tmall closes the trade, nothing left
    (
        "2873",
        "56.00",
        "0.00",
        "上海 上海市",
        "2025-03-04 09:00:00",
        "2025-03-04 09:02:00",
        "56.00",
        "交易关闭",
    ),
    # closed before payment: nothing paid, no payment time
    ("2874", "199.00", "0.00", "北京 北京市", "2025-03-04 15:00:00", "", "0.00", "交易关闭"),
    # never paid, still open
    ("2875", "45.00", "0.00", "四川省 成都市", "2025-03-05 20:00:00", "", "0.00", "等待买家付款"),
    # paid after a 31.50 discount, shipped
    (
        "2876",
        "300.00",
        "268.50",
        "江苏省 南京市",
        "2025-03-05 21:00:00",
        "2025-03-05 21:30:00",
        "0.00",
        "卖家已发货，等待买家确认",
    ),
    # closed before payment again
    ("2877", "66.00", "0.00", "湖北省 武汉市", "2025-03-06 08:00:00", "", "0.00", "交易关闭"),
]
# worked out by hand from the rows above: paid orders 2871, 2872, 2873, 2876; the money
# paid before refunds is 买家实际支付金额 + 退款金额
TMALL_GMV = 120.00 + (58.00 + 30.00) + (0.00 + 56.00) + 268.50
TMALL_ORDERS = 4
TMALL_REFUNDS = 30.00 + 56.00
TMALL_NET = 120.00 + 58.00 + 0.00 + 268.50  # what the buyers' payments left


def tmall_bytes(with_status: bool = True, weeks: int = 1) -> bytes:
    """The export as GBK CSV; ``weeks`` > 1 repeats the rows a week apart (new order IDs)."""
    cols = TMALL_COLUMNS if with_status else TMALL_COLUMNS[:-1]
    lines = [",".join(cols)]
    for w in range(weeks):
        for row in TMALL_ROWS:
            oid, gross, paid, addr, created, paid_at, refunded, status = row
            shift = pd.Timedelta(days=7 * w)
            created = str(pd.Timestamp(created) + shift)
            paid_at = str(pd.Timestamp(paid_at) + shift) if paid_at else ""
            cells = [f"{oid}{w}", gross, paid, addr, created, paid_at, refunded, status]
            cells = cells if with_status else cells[:-1]
            lines.append(",".join(f'"{c}"' if "，" in c else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def test_tmall_report_without_buyer_id_is_proposed_as_orders():
    ds = load(tmall_bytes(), filename="ExportOrderList202503.csv")
    assert ds.kind == "orders"
    assert ds.report.encoding.lower() in {"gbk", "gb18030"}
    assert ds.mapping["order_id"] == "订单编号"
    assert ds.mapping["amount"] == "买家实际支付金额"  # paid money, not the gross total
    assert ds.mapping["gross_amount"] == "总金额"
    assert ds.mapping["refund_amount"] == "退款金额"
    assert ds.mapping["order_time"] == "订单创建时间"
    assert ds.mapping["paid_time"] == "订单付款时间"
    assert "customer_id" not in ds.mapping
    assert ds.frame["customer_id"].isna().all()
    # every row kept (read = kept + dropped, nothing dropped)
    assert ds.report.rows_read == ds.report.rows_kept == len(TMALL_ROWS)


def test_tmall_states_and_report():
    ds = load(tmall_bytes(), filename="orders.csv")
    f, r = ds.frame, ds.report
    assert f["is_void"].tolist() == [False, False, False, True, True, False, True]
    assert not f["is_return"].any()  # nothing negated: no row is a separate refund line
    # the paid column is after refunds: the money paid before them is paid + refunded
    assert f["amount"].tolist() == [120.0, 88.0, 56.0, 0.0, 0.0, 268.5, 0.0]
    assert ("paid_after_refunds", {"count": 2}) in r.notes
    assert f["refund_amount"].tolist() == [0.0, 30.0, 56.0, 0.0, 0.0, 0.0, 0.0]
    # closed and unpaid orders are counted in the report, with example rows, kept
    assert (r.reasons["closed_unpaid"].count, r.reasons["closed_unpaid"].rows) == (2, (4, 7))
    assert (r.reasons["unpaid_order"].count, r.reasons["unpaid_order"].rows) == (1, (5,))
    assert "交易关闭" in r.reasons["closed_unpaid"].params["statuses"]
    assert "等待买家付款" in r.reasons["unpaid_order"].params["statuses"]
    assert not r.reasons["closed_unpaid"].dropped and not r.reasons["unpaid_order"].dropped
    # the trade closed after a full refund is a refunded order, not a void one
    assert r.reasons["refunded_order"].rows == (3,)
    assert "before payment" in r.reasons["closed_unpaid"].message


@pytest.mark.parametrize("with_status", [True, False], ids=["with-status", "no-status"])
def test_tmall_overview_gmv_is_sum_of_paid_amounts(with_status):
    ds = load(tmall_bytes(with_status), filename="orders.csv")
    cur = overview_totals(ds.frame)
    assert cur["gmv"] == pytest.approx(TMALL_GMV)
    assert cur["orders"] == TMALL_ORDERS
    assert cur["aov"] == pytest.approx(TMALL_GMV / TMALL_ORDERS)
    assert cur["refunds"] == pytest.approx(TMALL_REFUNDS)
    # no customer IDs: customer figures are not available (not 0, not 1)
    for m in ("buyers", "repurchase", "new_buyers", "returning_buyers", "cr"):
        assert math.isnan(cur[m]), m
    tot = ordrule.order_totals(ds.frame)
    assert (tot.gmv, tot.orders, tot.void_orders) == pytest.approx((TMALL_GMV, TMALL_ORDERS, 3))
    assert tot.net_revenue == pytest.approx(TMALL_NET)
    assert TMALL_NET == pytest.approx(TMALL_GMV - TMALL_REFUNDS)
    # without a status, the three orders with no payment time and nothing paid are void
    if not with_status:
        assert ds.report.reasons["unpaid_order"].count == 3


def test_tmall_report_builds_and_says_segments_need_customers():
    from analytics import report as rep

    ds = load(tmall_bytes(), filename="orders.csv")
    out = rep.build_report({"orders": ds.frame}, translate=lambda k, **p: k, period="month")
    seg = next(s for s in out.sections if s.key == "segments")
    assert seg.note == "home.report.no_customers"


# --------------------------------------------------------------------------- Shopify

SHOPIFY_COLUMNS = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Created at",
    "Subtotal",
    "Total",
    "Refunded Amount",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
]


def shopify_frame() -> pd.DataFrame:
    n = None
    rows = [
        # paid: 2 x 10 + 1 x 5
        [
            "#1",
            "a@x.com",
            "paid",
            "2025-03-03 10:01:00 +0000",
            "2025-03-03 10:00:00 +0000",
            "25.00",
            "25.00",
            "0.00",
            2,
            "Mug",
            "10.00",
        ],
        ["#1", n, n, n, "2025-03-03 10:00:00 +0000", n, n, n, 1, "Tea", "5.00"],
        # 40 paid, 15 refunded
        [
            "#2",
            "b@x.com",
            "partially_refunded",
            "2025-03-04 09:00:00 +0000",
            "2025-03-04 08:59:00 +0000",
            "40.00",
            "40.00",
            "15.00",
            1,
            "Pot",
            "40.00",
        ],
        # 30 + 20 paid, all refunded: the refund is given once, on the first line
        [
            "#3",
            "a@x.com",
            "refunded",
            "2025-03-05 11:00:00 +0000",
            "2025-03-05 10:58:00 +0000",
            "50.00",
            "50.00",
            "50.00",
            1,
            "Lamp",
            "30.00",
        ],
        ["#3", n, n, n, "2025-03-05 10:58:00 +0000", n, n, n, 1, "Bulb", "20.00"],
        # never paid
        [
            "#4",
            "c@x.com",
            "pending",
            n,
            "2025-03-06 12:00:00 +0000",
            "99.00",
            "99.00",
            "0.00",
            1,
            "Desk",
            "99.00",
        ],
        [
            "#5",
            "d@x.com",
            "voided",
            n,
            "2025-03-06 13:00:00 +0000",
            "12.00",
            "12.00",
            "0.00",
            1,
            "Pen",
            "12.00",
        ],
    ]
    return pd.DataFrame(rows, columns=SHOPIFY_COLUMNS)


def test_shopify_refunds_and_unpaid_orders():
    raw = shopify_frame()
    mapping = propose_mapping(raw, "orders")
    assert mapping["refund_amount"] == "Refunded Amount"
    assert mapping["paid_time"] == "Paid at"
    ds = to_canonical(raw, "orders", mapping)
    f = ds.frame
    assert f["amount"].tolist() == pytest.approx([20.0, 5.0, 40.0, 30.0, 20.0, 99.0, 12.0])
    assert f["is_void"].tolist() == [False] * 5 + [True, True]
    assert not f["is_return"].any()
    # the order-level refund of #3 stays on its first line (not copied to the second)
    assert f["refund_amount"].tolist() == pytest.approx([0, 0, 15, 50, 0, 0, 0])
    assert ds.report.reasons["unpaid_order"].rows == (6, 7)
    # by hand: GMV = 25 + 40 + 50; refunds = 15 + 50; orders #1 #2 #3; buyers a, b
    cur = overview_totals(f)
    assert cur["gmv"] == pytest.approx(115.0)
    assert cur["refunds"] == pytest.approx(65.0)
    assert cur["orders"] == 3 and cur["buyers"] == 2
    assert cur["aov"] == pytest.approx(115.0 / 3)
    assert cur["repurchase"] == pytest.approx(0.5)  # a bought twice, b once
    # RFM follows the same rule: never-paid customers are not customers at all
    t = rfm.rfm_table(f)
    assert t.index.tolist() == ["a@x.com", "b@x.com"]
    assert t.loc["a@x.com", "frequency"] == 2 and t.loc["b@x.com", "frequency"] == 1
    assert t.loc["a@x.com", "monetary"] == pytest.approx(25 + 50 - 50)
    assert t.loc["b@x.com", "monetary"] == pytest.approx(40 - 15)


# --------------------------------------------------------------------------- WooCommerce / Amazon


def test_refund_rows_sharing_an_order_id_net_against_the_purchase():
    raw = pd.DataFrame(
        [
            ["100", "u1", "2025-03-03 10:00", "50.00", "completed"],
            ["100", "u1", "2025-03-04 10:00", "20.00", "refunded"],  # refund row of 100
            ["101", "u2", "2025-03-03 11:00", "35.00", "cancelled"],  # never paid
            ["102", "u3", "2025-03-03 12:00", "18.00", "on-hold"],  # awaiting payment
            ["103", "u2", "2025-03-04 13:00", "60.00", "Shipped"],
            ["104", "u4", "2025-03-04 14:00", "25.00", "refunded"],  # the order itself
            ["105", "u5", "2025-03-05 15:00", "40.00", "failed"],
            ["106", "u6", "2025-03-05 16:00", "70.00", "Pending"],  # Amazon: not charged
            ["107", "u6", "2025-03-05 17:00", "15.00", "Cancelled"],
        ],
        columns=["order_id", "customer_id", "order_time", "amount", "status"],
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    f, r = ds.frame, ds.report
    assert f["is_return"].tolist() == [False, True] + [False] * 7
    assert f["amount"].tolist() == pytest.approx([50, -20, 35, 18, 60, 25, 40, 70, 15])
    assert f["is_void"].tolist() == [False, False, True, True, False, False, True, True, True]
    assert f["refund_amount"].tolist() == pytest.approx([0, 0, 0, 0, 0, 25, 0, 0, 0])
    assert r.reasons["return_status"].rows == (2,)
    assert r.reasons["refunded_order"].rows == (6,)
    assert r.reasons["closed_unpaid"].rows == (3, 9)
    assert r.reasons["unpaid_order"].rows == (4, 7, 8)
    cur = overview_totals(f)
    # by hand: GMV 50 + 60 + 25 over orders 100, 103, 104; refunds 20 + 25
    assert cur["gmv"] == pytest.approx(135.0)
    assert cur["orders"] == 3
    assert cur["refunds"] == pytest.approx(45.0)
    assert cur["buyers"] == 3  # u1, u2, u4
    t = rfm.rfm_table(f)
    assert t.index.tolist() == ["u1", "u2", "u4"]
    assert t["monetary"].tolist() == pytest.approx([30.0, 60.0, 0.0])


# --------------------------------------------------------------------------- Online Retail


def test_online_retail_credit_notes_net():
    raw = pd.DataFrame(
        {
            "InvoiceNo": ["536365", "536365", "C536379", "536380", "536381"],
            "StockCode": ["A", "B", "A", "C", "D"],
            "Description": ["a", "b", "a", "c", "d"],
            "Quantity": [6, 2, -2, 3, -1],
            "InvoiceDate": ["2010-12-01 08:26"] * 2
            + ["2010-12-01 09:41", "2010-12-02 10:00", "2010-12-02 11:00"],
            "UnitPrice": [2.5, 4.0, 2.5, 1.0, 8.0],
            "CustomerID": ["17850", "17850", "17850", "13047", "13047"],
            "Country": ["United Kingdom"] * 5,
        }
    )
    ds = load(raw.to_csv(index=False).encode(), filename="online_retail.csv")
    f = ds.frame
    assert f["is_return"].tolist() == [False, False, True, False, True]
    assert not f["is_void"].any()
    cur = overview_totals(f)
    # by hand: sales 15 + 8 + 3 = 26; refunds 5 (C invoice) + 8 (negative quantity)
    assert cur["gmv"] == pytest.approx(26.0)
    assert cur["refunds"] == pytest.approx(13.0)
    assert cur["orders"] == 2  # 536365 and 536380; credit notes are not orders
    tot = ordrule.order_totals(f)
    assert tot.net_revenue == pytest.approx(f["amount"].sum())  # net = sum of signed lines
    t = rfm.rfm_table(f)
    assert t.loc["17850", "monetary"] == pytest.approx(23.0 - 5.0)
    assert t.loc["13047", "monetary"] == pytest.approx(3.0 - 8.0)


# --------------------------------------------------------------------------- the rule itself


def slow_totals(frame: pd.DataFrame) -> dict[str, float]:
    """The rule of analytics.orders, row by row."""
    gmv = refunds = 0.0
    orders, customers, void_ids, paid_ids = set(), {}, set(), set()
    for i, row in enumerate(frame.itertuples(index=False)):
        oid = row.order_id if isinstance(row.order_id, str) else f"row{i}"
        amount = 0.0 if pd.isna(row.amount) else row.amount
        refund = 0.0 if pd.isna(row.refund_amount) else abs(row.refund_amount)
        if row.is_void:
            void_ids.add(oid)
            continue
        if row.is_return or amount < 0:
            refunds += -amount
            continue
        gmv += amount
        refunds += refund
        orders.add(oid)
        paid_ids.add(oid)
        if isinstance(row.customer_id, str):
            customers.setdefault(row.customer_id, set()).add(oid)
    return {
        "gmv": gmv,
        "refunds": refunds,
        "orders": len(orders),
        "buyers": len(customers),
        "repurchase": sum(len(v) >= 2 for v in customers.values()) / len(customers),
        "void_orders": len(void_ids - paid_ids),
        "monetary": {
            c: sum(
                0.0
                if v
                else a
                if (r or a < 0)  # a refund line: its (negative) amount only
                else a - (0.0 if pd.isna(rf) else abs(rf))
                for cc, a, rf, v, r in zip(
                    frame.customer_id,
                    frame.amount,
                    frame.refund_amount,
                    frame.is_void,
                    frame.is_return,
                    strict=True,
                )
                if cc == c
            )
            for c in customers
        },
    }


@pytest.fixture
def random_orders() -> pd.DataFrame:
    rng = np.random.default_rng(14)
    n = 600
    amount = rng.integers(1, 200, n).astype(float)
    is_return = rng.random(n) < 0.08
    amount[is_return] *= -1
    amount[rng.random(n) < 0.03] = -5.0  # negative lines without the flag
    cust = rng.integers(0, 80, n).astype(str).astype(object)
    cust[rng.random(n) < 0.1] = None
    oid = rng.integers(0, 300, n).astype(str).astype(object)
    refund = np.where(rng.random(n) < 0.1, rng.integers(1, 50, n), 0).astype(float)
    refund[rng.random(n) < 0.05] = np.nan
    frame = pd.DataFrame(
        {
            "order_id": oid,
            "customer_id": cust,
            "order_time": pd.Timestamp("2025-01-01")
            + pd.to_timedelta(rng.integers(0, 60 * 24 * 28, n), unit="min"),
            "amount": amount,
            "is_return": is_return,
            "refund_amount": refund,
            "is_void": (rng.random(n) < 0.1) & ~is_return,
        }
    )
    # an order's lines share one customer and one day (as exports have them)
    first = frame.groupby("order_id")[["customer_id", "order_time"]].transform("first")
    frame["customer_id"] = first["customer_id"]
    frame["order_time"] = first["order_time"]
    return frame


def test_rule_matches_a_row_by_row_implementation(random_orders):
    f = random_orders
    want = slow_totals(f)
    tot = ordrule.order_totals(f)
    assert tot.gmv == pytest.approx(want["gmv"])
    assert tot.refunds == pytest.approx(want["refunds"])
    assert tot.net_revenue == pytest.approx(want["gmv"] - want["refunds"])
    assert tot.net_revenue == pytest.approx(ordrule.net_amount(f).sum())
    assert tot.orders == want["orders"]
    assert tot.buyers == want["buyers"]
    assert tot.repurchase == pytest.approx(want["repurchase"])
    assert tot.void_orders == want["void_orders"]
    # the Overview agrees
    cur = overview_totals(f)
    assert cur["gmv"] == pytest.approx(want["gmv"])
    assert cur["refunds"] == pytest.approx(want["refunds"])
    assert cur["orders"] == want["orders"]
    assert cur["buyers"] == want["buyers"]
    assert cur["repurchase"] == pytest.approx(want["repurchase"])
    # RFM monetary is each customer's net revenue; frequency its paid orders
    t = rfm.rfm_table(f)
    for c, money in want["monetary"].items():
        assert t.loc[c, "net_spend"] == pytest.approx(money), c
    paid = f[ordrule.sale_mask(f) & f["customer_id"].notna().to_numpy()]
    assert t["frequency"].sum() == paid.groupby("customer_id")["order_id"].nunique().sum()
    # customers whose every line was void are not customers
    void_only = set(f.loc[f["is_void"], "customer_id"].dropna()) - set(
        f.loc[~f["is_void"], "customer_id"].dropna()
    )
    assert not void_only & set(t.index)


def test_traffic_page_revenue_from_orders_follows_the_rule(random_orders):
    f = random_orders.assign(channel=np.where(np.arange(len(random_orders)) % 2, "A", "B"))
    f = f.drop(columns="customer_id")  # no customer IDs: orders stand in for buyers
    mix = tr.build_mix(None, f)
    assert mix.buyers_from == "orders"
    day0, day1 = f["order_time"].min().normalize(), f["order_time"].max().normalize()
    t = tr.channel_table(mix, day0, day1)
    sale = ordrule.sale_mask(f)
    assert t.loc["Total", "revenue"] == pytest.approx(f.loc[sale, "amount"].sum())
    by_ch = f[sale].groupby("channel")["order_id"].nunique()
    for ch in ("A", "B"):
        assert t.loc[ch, "orders"] == by_ch[ch]


def test_masks_on_a_tiny_frame():
    f = pd.DataFrame(
        {
            "amount": [10.0, -4.0, 7.0, 0.0, 3.0],
            "is_return": [False, True, False, False, False],
            "is_void": [False, False, False, True, False],
            "refund_amount": [2.0, 0.0, np.nan, 0.0, -1.0],  # sign as some exports write it
        }
    )
    assert ordrule.sale_mask(f).tolist() == [True, False, True, False, True]
    assert ordrule.return_mask(f).tolist() == [False, True, False, False, False]
    assert ordrule.refund_money(f).tolist() == [2.0, 4.0, 0.0, 0.0, 1.0]
    assert ordrule.net_amount(f).tolist() == [8.0, -4.0, 7.0, 0.0, 2.0]
    assert len(ordrule.valid_orders(f)) == 4
    # a frame without the new columns: negative lines are refunds, nothing is void
    plain = pd.DataFrame({"amount": [5.0, -2.0]})
    assert ordrule.sale_mask(plain).tolist() == [True, False]
    assert ordrule.order_totals(plain).orders == 1
    assert math.isnan(ordrule.order_totals(plain).buyers)
    assert not ordrule.has_customers(pd.DataFrame({"customer_id": [None, None]}))


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("交易成功", al.STATE_NONE),
        ("交易关闭", al.STATE_CLOSED),
        ("等待买家付款", al.STATE_UNPAID),
        ("买家已付款，等待卖家发货", al.STATE_NONE),
        ("卖家已发货，等待买家确认", al.STATE_NONE),
        ("已退款", al.STATE_REFUND),
        ("退款关闭", al.STATE_NONE),
        ("退款中", al.STATE_NONE),
        ("部分退款", al.STATE_NONE),
        ("已取消", al.STATE_CLOSED),
        ("待支付", al.STATE_UNPAID),
        ("paid", al.STATE_NONE),
        ("authorized", al.STATE_NONE),
        ("partially_paid", al.STATE_NONE),
        ("partially_refunded", al.STATE_NONE),
        ("refunded", al.STATE_REFUND),
        ("pending", al.STATE_UNPAID),
        ("voided", al.STATE_UNPAID),
        ("wc-on-hold", al.STATE_UNPAID),
        ("Cancelled", al.STATE_CLOSED),
        ("Shipped", al.STATE_NONE),
        ("closed", al.STATE_NONE),  # Shopify: an archived (finished) order
        (" 交易关闭 ", al.STATE_CLOSED),
    ],
)
def test_order_state_classes(status, state):
    assert al.order_state(status) == state


def test_paid_column_before_refunds_is_kept():
    """Where the paid money is before refunds (paid = gross on refunded rows), nothing
    is added back: the refund is subtracted from it."""
    raw = pd.DataFrame(
        {
            "订单编号": ["1", "2", "3"],
            "总金额": ["50", "80", "40"],
            "买家实际支付金额": ["50", "80", "40"],
            "订单创建时间": ["2025-03-03 10:00"] * 3,
            "订单付款时间": ["2025-03-03 10:01"] * 3,
            "退款金额": ["0", "20", "40"],
        }
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    assert ds.frame["amount"].tolist() == [50.0, 80.0, 40.0]
    assert not any(code == "paid_after_refunds" for code, _ in ds.report.notes)
    tot = ordrule.order_totals(ds.frame)
    assert (tot.gmv, tot.refunds, tot.net_revenue) == (170.0, 60.0, 110.0)


CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "real"


@pytest.mark.parametrize(
    "relative",
    [
        "tmall-order-report-415466095/tmall_order_report.csv",
        "tmall-order-report-makisekurisu/tmall_order_report.csv",
    ],
)
def test_real_tmall_order_reports(relative):
    """Two public Tmall order reports (the real-export corpus beside the clone): GMV,
    net revenue, orders and never-paid orders against the raw file read by pandas."""
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip(f"the real-export corpus is not beside this clone ({path})")
    raw = pd.read_csv(path, encoding="utf-8")
    raw.columns = raw.columns.str.strip()
    paid = raw["订单付款时间"].notna()
    net = raw.loc[paid, "买家实际支付金额"].sum()
    gmv = (raw.loc[paid, "买家实际支付金额"] + raw.loc[paid, "退款金额"]).sum()
    unpaid = (~paid & (raw["买家实际支付金额"] == 0)).sum()
    ds = load(path)
    assert ds.kind == "orders" and "customer_id" not in ds.mapping
    tot = ordrule.order_totals(ds.frame)
    assert tot.gmv == pytest.approx(gmv)
    assert tot.net_revenue == pytest.approx(net)
    assert tot.orders == paid.sum()
    assert tot.void_orders == unpaid == ds.report.reasons["unpaid_order"].count
    assert ds.report.rows_read == ds.report.rows_kept == len(raw)


def test_closed_after_payment_without_refund_column_is_a_full_refund():
    raw = pd.DataFrame(
        {
            "订单编号": ["1", "2"],
            "买家实际支付金额": ["30", "0"],
            "订单创建时间": ["2025-03-03 10:00", "2025-03-03 11:00"],
            "订单付款时间": ["2025-03-03 10:01", ""],
            "订单状态": ["交易关闭", "交易关闭"],
        }
    )
    assert propose_kind(raw)[0][0] == "orders"
    f = to_canonical(raw, "orders", propose_mapping(raw, "orders")).frame
    assert f["is_void"].tolist() == [False, True]
    assert f["refund_amount"].tolist() == [30.0, 0.0]
    tot = ordrule.order_totals(f)
    assert (tot.gmv, tot.refunds, tot.net_revenue, tot.orders) == (30.0, 30.0, 0.0, 1)


def test_load_csv_text_roundtrip_keeps_states():
    """The canonical frame written and read back (as a workspace would) keeps the states."""
    ds = load(tmall_bytes(), filename="orders.csv")
    buf = io.BytesIO()
    ds.frame.to_parquet(buf)
    back = pd.read_parquet(io.BytesIO(buf.getvalue()))
    assert back["is_void"].dtype == bool
    assert ordrule.order_totals(back) == ordrule.order_totals(ds.frame)


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_states_match_a_row_by_row_decision(storage):
    """The builder (status scan beside the coercion, negative rows not looked up, IDs
    looked up in Arrow) against the rule decided row by row."""
    rng = np.random.default_rng(3)
    n = 3_000
    statuses = np.array(
        ["completed", "refunded", "cancelled", "pending", "交易关闭", "已退款", "交易成功", None],
        dtype=object,
    )
    status = statuses[rng.integers(0, len(statuses), n)]
    value = rng.integers(0, 90, n).astype(float)
    value[rng.random(n) < 0.05] = 0.0
    sign = np.where(rng.random(n) < 0.1, -1, 1)
    style = rng.integers(0, 3, n)
    amount = [
        (f"({v:.2f})" if s < 0 else f"{v:.2f}")
        if k == 0
        else (f"¥{s * v:,.2f}" if k == 1 else f"{s * v:.2f}")
        for v, s, k in zip(value, sign, style, strict=True)
    ]
    paid_at = np.where(rng.random(n) < 0.7, "2025-03-03 10:00:00", "")
    ids = np.char.add("A", rng.integers(0, 1_200, n).astype(str))
    # a refund row is later than its purchase; lines of one order share its time
    hour = rng.integers(0, 3, n)
    text = pd.StringDtype(storage)
    raw = pd.DataFrame(
        {
            "order_id": pd.array(ids, dtype=text),
            "order_time": [f"2025-03-03 {h + 9:02d}:00:00" for h in hour],
            "amount": pd.array(amount, dtype=text),
            "paid_time": pd.array(paid_at, dtype=text),
            "status": pd.array(status, dtype=text),
        }
    )
    mapping = {c: c for c in raw.columns}
    f = to_canonical(raw, "orders", mapping).frame
    # row by row. Order-level values missing on some lines of an order (status, payment
    # time) take the order's first given value, as the builder fills them
    first_status, first_paid = {}, {}
    for i, s, p in zip(ids, status, paid_at, strict=True):
        if s is not None:
            first_status.setdefault(i, s)
        if p:
            first_paid.setdefault(i, p)
    filled = [s if s is not None else first_status.get(i) for i, s in zip(ids, status, strict=True)]
    money = np.where(sign < 0, -value, value)
    code = np.array([al.order_state(s) if isinstance(s, str) else 0 for s in filled])
    paid = np.array([bool(p or first_paid.get(i)) for i, p in zip(ids, paid_at, strict=True)])
    neg = money < 0
    void = ((code == al.STATE_UNPAID) | ((code == al.STATE_CLOSED) & ~paid)) & ~neg
    void |= ~paid & (money == 0) & ~void & ~neg
    # a purchase row: an ordinary status (given or filled), not void, money not negative
    first_buy: dict[str, int] = {}
    for i, c, s, v, ng, h in zip(ids, code, filled, void, neg, hour, strict=True):
        if c == 0 and s is not None and not v and not ng:
            first_buy[i] = min(first_buy.get(i, 99), h)
    state = ((code == al.STATE_REFUND) | (code == al.STATE_CLOSED)) & ~void
    shared = np.array([first_buy.get(i, 99) < h for i, h in zip(ids, hour, strict=True)])
    want_return = neg | (state & shared)
    want_refund = np.where(state & ~neg & ~shared, np.abs(money), 0.0)
    assert f["is_void"].tolist() == void.tolist()
    assert f["is_return"].tolist() == want_return.tolist()
    assert f["refund_amount"].to_numpy() == pytest.approx(want_refund)
    assert f["amount"].to_numpy() == pytest.approx(np.where(want_return, -np.abs(money), money))


def test_line_level_status_is_a_refunded_line_not_a_credit_note():
    """Douyin / JD sub-orders: each line carries its own status and the order's time. A
    refunded line was bought and refunded (in GMV, in refunds); a refund row later than
    its purchase is the money going back (nets, not in GMV)."""
    raw = pd.DataFrame(
        [
            ["5001", "u1", "2025-03-03 20:00:00", "129.00", "已完成"],
            ["5001", "u1", "2025-03-03 20:00:00", "99.00", "已退款"],  # a refunded line
            ["5002", "u2", "2025-03-03 21:00:00", "60.00", "已完成"],
            ["5002", "u2", "2025-03-05 09:00:00", "60.00", "已退款"],  # refund row, later
        ],
        columns=["主订单编号", "用户ID", "订单提交时间", "订单应付金额", "订单状态"],
    )
    ds = to_canonical(raw, "orders", propose_mapping(raw, "orders"))
    f = ds.frame
    assert f["is_return"].tolist() == [False, False, False, True]
    assert f["amount"].tolist() == [129.0, 99.0, 60.0, -60.0]
    assert f["refund_amount"].tolist() == [0.0, 99.0, 0.0, 0.0]
    tot = ordrule.order_totals(f)
    # by hand: GMV 129 + 99 + 60; refunds 99 + 60; net 129
    assert (tot.gmv, tot.refunds, tot.net_revenue, tot.orders) == (288.0, 159.0, 129.0, 2)


def test_funnel_aov_and_price_weights_follow_the_rule():
    from analytics.funnel import average_order_value
    from analytics.pricing import sales_weights

    f = pd.DataFrame(
        {
            "order_id": ["1", "2", "3", "4"],
            "order_time": pd.to_datetime(["2025-03-03"] * 4),
            "product_name": ["Mug", "Mug", "Pen", "Pen"],
            "amount": [30.0, 50.0, 20.0, -5.0],
            "refund_amount": [0.0, 10.0, 0.0, 0.0],
            "is_return": [False, False, False, True],
            "is_void": [False, True, False, False],  # order 2 was never paid
        }
    )
    # by hand: sales lines 1 and 3: AOV (30 + 20) / 2
    assert average_order_value(f) == pytest.approx(25.0) == ordrule.order_totals(f).aov
    prices = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-03-03"] * 2),
            "product": ["Mug", "Pen"],
            "seller": ["me", "me"],
            "price": [10.0, 5.0],
        }
    )
    w = sales_weights(f, prices)
    # net revenue per product: Mug 30 (the void order adds nothing), Pen 20 - 5
    assert w.to_dict() == pytest.approx({"Mug": 30.0, "Pen": 15.0})


def test_real_chinese_orders_with_payment_states():
    """A public Chinese order table whose 支付状态 is 已支付 / 未支付 / 已取消 (the corpus
    beside the clone): GMV and orders are the paid ones, by pandas on the raw file."""
    path = CORPUS / "cn-orders-nanosecond-gyq-828" / "order_data.csv"
    if not path.is_file():
        pytest.skip(f"the real-export corpus is not beside this clone ({path})")
    mapping = {
        "order_id": "订单ID",
        "customer_id": "用户ID",
        "amount": "订单金额",
        "order_time": "下单时间",
        "status": "支付状态",
    }
    ds = load(path, kind="orders", mapping=mapping)
    raw = pd.read_csv(path, encoding="utf-8-sig")
    paid = raw["支付状态"] == "已支付"
    tot = ordrule.order_totals(ds.frame)
    assert tot.gmv == pytest.approx(raw.loc[paid, "订单金额"].sum())
    assert tot.orders == paid.sum()
    assert ds.report.reasons["unpaid_order"].count == (raw["支付状态"] == "未支付").sum()
    assert ds.report.reasons["closed_unpaid"].count == (raw["支付状态"] == "已取消").sum()
    per = raw[paid].groupby("用户ID")["订单ID"].nunique()
    assert tot.buyers == len(per)
    assert tot.repurchase == pytest.approx((per >= 2).mean())
