"""Column aliases (English and Chinese) and the header layouts of known exports.

:func:`norm` reduces a header to a comparison key (lower case, spaces,
underscores and punctuation removed): ``"Customer ID"``, ``"customer_id"`` and
``"CustomerID"`` all become ``"customerid"``. ``ALIASES[kind][canonical]`` lists
such keys in order of preference; :mod:`analytics.ingest` takes the first one a
file has (checking the values fit), so earlier aliases win.

The rule for adding a variant: contents decide what they can
(:mod:`analytics.recognise` tells times, IDs, money, counts, event words and
channel names from the values), so a header variant belongs here only where
the values cannot decide: which of several money columns is the amount
(``GROSS AMT`` against ``RATE``), which label column is the seller (``店名``),
which ID is the product (``auction_id``). Add the variants met in real
exports, never guesses.

``LAYOUTS`` describes exports people really have (Shopify, GA4, Taobao/Tmall,
JD, Douyin shop, 生意参谋, UCI Online Retail, REES46, GA360). A layout is
recognised by its signature headers and proposes its mapping directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "norm",
    "ALIASES",
    "Layout",
    "LAYOUTS",
    "RETURN_STATUS",
    "is_return_status",
    "GA360_ACTIONS",
    "GA360_HINTS",
    "MANGLED_ID_RE",
    "WIDE_SPEND_PATTERNS",
    "WIDE_IMPRESSION_PATTERNS",
    "WIDE_CLICK_PATTERNS",
    "COMPETITOR_PRICE_RE",
    "DATED_PRICE_RE",
]

_PUNCT = re.compile(r"[\s_\-./\\()（）:：,，'\"#*\[\]【】]+")


def norm(name: object) -> str:
    """Comparison key of a header: lower case without spaces, ``_ - . /`` or brackets."""
    return _PUNCT.sub("", str(name).strip().lower())


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(norm(n) for n in names))


ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "orders": {
        "order_id": _keys(
            "order_id",
            "order id",
            "order",
            "order no",
            "order number",
            "InvoiceNo",
            "Invoice",
            "invoice_no",
            "invoice_id",
            "transaction_id",
            "transactionId",
            "receipt_id",
            "bill_no",
            "订单编号",
            "订单号",
            "主订单编号",
            "订单ID",
            "父订单编号",
            "交易号",
            "单号",
            "子订单编号",
        ),
        "customer_id": _keys(
            "customer_id",
            "customer id",
            "CustomerID",
            "客户名称",
            "customer_name",
            "customer",
            "client_id",
            "buyer_id",
            "buyer",
            "member_id",
            "user_id",
            "userid",
            "account",
            "email",
            "customer_email",
            "customer_unique_id",
            "买家会员名",
            "买家会员ID",
            "买家ID",
            "买家账号",
            "下单帐号",
            "下单账号",
            "客户账号",
            "客户ID",
            "客户编号",
            "会员名",
            "会员ID",
            "用户ID",
            "用户名",
            "买家昵称",
            "用户昵称",
            "收件人手机号",
            "收货人手机号",
        ),
        "order_time": _keys(
            "order_time",
            "order_date",
            "order date",
            "order time",
            "created_at",
            "created at",
            "InvoiceDate",
            "order_purchase_timestamp",
            "purchase_date",
            "purchase_time",
            "transaction_date",
            "date",
            "paid_at",
            "paid at",
            "timestamp",
            "datetime",
            "time",
            "订单创建时间",
            "下单时间",
            "订单提交时间",
            "创建时间",
            "付款时间",
            "支付时间",
            "成交时间",
            "订单付款时间",
            "日期",
            "时间",
        ),
        "amount": _keys(
            "amount",
            "total_revenue",
            "gross_amt",
            "gross_amount",
            "order_amount",
            "total_amount",
            "total",
            "order_total",
            "sales",
            "revenue",
            "gmv",
            "value",
            "order_value",
            "payment_value",
            "dollar_value",
            "total_price",
            "line_total",
            "subtotal",
            "买家实际支付金额",
            "实付金额",
            "实付款",
            "订单应付金额",
            "应付金额",
            "订单金额",
            "支付金额",
            "实收款",
            "成交金额",
            "金额",
            "销售额",
            "总金额",
            "商品金额",
            "订单总金额",
        ),
        "channel": _keys(
            "channel",
            "sales_channel",
            "source",
            "utm_source",
            "traffic_source",
            "source_name",
            "流量来源",
            "流量渠道",
            "渠道",
            "来源",
            "订单来源",
            "销售渠道",
        ),
        "product_id": _keys(
            "product_id",
            "StockCode",
            "product_code",
            "sku",
            "item_id",
            "product_sku",
            "lineitem_sku",
            "asin",
            "商品ID",
            "商品编号",
            "商家编码",
            "商品编码",
            "宝贝ID",
            "货号",
            "SKU编码",
        ),
        "product_name": _keys(
            "product_name",
            "Description",
            "product",
            "product_title",
            "title",
            "item_name",
            "item",
            "lineitem_name",
            "宝贝标题",
            "商品名称",
            "选购商品",
            "商品标题",
            "商品",
            "商品名",
        ),
        "quantity": _keys(
            "quantity",
            "qty",
            "units_sold",
            "销售数量",
            "quantity_ordered",
            "pcs",
            "units",
            "unit_count",
            "number_of_cds",
            "lineitem_quantity",
            "items",
            "商品数量",
            "购买数量",
            "宝贝总数量",
            "数量",
            "订购数量",
            "件数",
        ),
        "unit_price": _keys(
            "unit_price",
            "UnitPrice",
            "price_each",
            "rate",
            "price",
            "item_price",
            "lineitem_price",
            "单价",
            "商品单价",
            "京东价",
            "商品价格",
            "价格",
            "售价",
        ),
        "status": _keys(
            "status",
            "order_status",
            "financial_status",
            "state",
            "订单状态",
            "交易状态",
            "支付状态",
            "售后状态",
            "退款状态",
        ),
        "country": _keys("country", "shipping_country", "billing_country", "国家", "国家地区"),
    },
    "traffic": {
        "date": _keys(
            "date",
            "day",
            "event_date",
            "report_date",
            "stat_date",
            "week",
            "date_week",
            "week_start",
            "month",
            "日期",
            "统计日期",
            "时间",
            "周",
            "月份",
        ),
        "channel": _keys(
            "channel",
            "channel_group",
            "default_channel_group",
            "session_default_channel_group",
            "session_default_channel_grouping",
            "first_user_default_channel_group",
            "channelGrouping",
            "channel_grouping",
            "primary_channel_group",
            "traffic_channel",
            "TrafficType",
            "traffic_type",
            "origin",
            "lead_source",
            "lead_type",
            "流量来源",
            "一级来源",
            "渠道",
            "流量渠道",
            "来源渠道",
            "渠道名称",
        ),
        "source": _keys(
            "source",
            "session_source",
            "first_user_source",
            "utm_source",
            "来源明细",
            "二级来源",
            "来源",
        ),
        "medium": _keys("medium", "session_medium", "first_user_medium", "utm_medium", "媒介"),
        "campaign": _keys(
            "campaign",
            "session_campaign",
            "session_campaign_name",
            "utm_campaign",
            "campaign_name",
            "活动",
            "推广计划",
            "计划名称",
        ),
        "visitors": _keys(
            "visitors",
            "users",
            "total_users",
            "active_users",
            "uv",
            "unique_visitors",
            "visitor",
            "访客数",
            "访客",
            "UV",
            "独立访客",
        ),
        "sessions": _keys(
            "sessions",
            "session_count",
            "sessions_start_count",
            "session_start",
            "visits",
            "会话数",
            "会话",
            "访问次数",
        ),
        "orders": _keys(
            "orders",
            "transactions",
            "purchases",
            "ecommerce_purchases",
            "conversions",
            "key_events",
            "支付订单数",
            "支付子订单数",
            "订单数",
            "下单笔数",
            "成交笔数",
        ),
        "buyers": _keys(
            "buyers",
            "purchasers",
            "total_purchasers",
            "customers",
            "支付买家数",
            "成交人数",
            "购买人数",
            "成交买家数",
        ),
        "revenue": _keys(
            "revenue",
            "total_revenue",
            "purchase_revenue",
            "sales",
            "gmv",
            "transaction_revenue",
            "totaltransactionrevenue",
            "支付金额",
            "成交金额",
            "销售额",
            "收入",
            "GMV",
        ),
        "spend": _keys("spend", "cost", "ad_cost", "ads_cost", "花费", "消耗", "推广花费"),
        "clicks": _keys("clicks", "点击量", "点击数"),
        "impressions": _keys("impressions", "展现量", "曝光量", "展示量"),
        "new_visitors": _keys("new_visitors", "new_users", "新访客数", "新访客", "新用户数"),
        "device": _keys(
            "device",
            "device_category",
            "devicecategory",
            "platform",
            "终端",
            "设备",
            "终端类型",
        ),
    },
    "events": {
        "user_id": _keys(
            "user_id",
            "userid",
            "user",
            "customer_id",
            "customerid",
            "visitor_id",
            "uid",
            "distinct_id",
            "anonymous_id",
            "client_id",
            "user_pseudo_id",
            "member_id",
            "fullVisitorId",
            "full_visitor_id",
            "visitId",
            "visit_id",
            "用户ID",
            "会员ID",
            "买家ID",
            "用户",
        ),
        "event_time": _keys(
            "event_time",
            "timestamp",
            "event_timestamp",
            "time",
            "datetime",
            "event_date",
            "created_at",
            "ts",
            "date",
            "时间",
            "行为时间",
            "事件时间",
            "日期",
        ),
        "event": _keys(
            "event_type",
            "event",
            "event_name",
            "action",
            "behavior_type",
            "behaviour_type",
            "eCommerceAction_type",
            "ecommerce_action_type",
            "type",
            "行为类型",
            "事件",
            "事件类型",
            "事件名称",
            "行为",
        ),
        "session_id": _keys(
            "session_id",
            "user_session",
            "session",
            "sessionid",
            "visitId",
            "visit_id",
            "ga_session_id",
            "会话ID",
        ),
        "channel": _keys(
            "channel",
            "channelGrouping",
            "channel_grouping",
            "source",
            "traffic_source",
            "utm_source",
            "渠道",
            "流量来源",
        ),
        "device": _keys("device", "device_category", "platform", "os", "设备", "终端"),
        "product_id": _keys(
            "product_id",
            "item_id",
            "sku",
            "productSKU",
            "auction_id",
            "product_sku",
            "商品ID",
            "商品编号",
        ),
        "category": _keys(
            "category_code",
            "category",
            "item_category",
            "category_id",
            "cat_id",
            "v2ProductCategory",
            "product_category",
            "category_name",
            "类目",
            "品类",
            "商品类目",
        ),
        "price": _keys("price", "productPrice", "product_price", "item_price", "价格", "售价"),
    },
    "prices": {
        "date": _keys(
            "date",
            "day",
            "byweek",
            "week",
            "month_year",
            "scraped_at",
            "crawl_date",
            "observed_at",
            "timestamp",
            "date_week",
            "日期",
            "采集时间",
            "采集日期",
            "抓取时间",
        ),
        "product": _keys(
            "product",
            "product_name",
            "product_title",
            "title",
            "item",
            "item_name",
            "name",
            "商品",
            "商品名称",
            "宝贝标题",
            "商品标题",
            "product_id",
            "sku",
            "model",
        ),
        "seller": _keys(
            "seller",
            "site",
            "marketplace",
            "store_name",
            "shop_name",
            "店名",
            "店铺名",
            "商家名称",
            "platform",
            "retailer",
            "store",
            "shop",
            "merchant",
            "competitor",
            "vendor",
            "channel",
            "seller_name",
            "店铺",
            "店铺名称",
            "商家",
            "卖家",
            "平台",
            "竞品店铺",
        ),
        "price": _keys(
            "price",
            "current_price",
            "new_price",
            "sale_price",
            "selling_price",
            "unit_price",
            "final_price",
            "价格",
            "售价",
            "到手价",
            "现价",
            "成交价",
        ),
        "product_id": _keys(
            "product_id", "model", "sku", "asin", "item_id", "商品ID", "型号", "货号", "id"
        ),
        "own": _keys("own", "is_own", "own_product", "自营", "本店"),
        "list_price": _keys(
            "list_price", "original_price", "old_price", "msrp", "regular_price", "原价", "划线价"
        ),
        "in_stock": _keys("in_stock", "instock", "available", "availability", "有货", "库存状态"),
        "promo": _keys("promo", "on_promo", "promotion", "on_sale", "促销", "是否促销"),
        "unit_size": _keys("unit_size", "size", "pack_size", "规格"),
        "url": _keys("url", "link", "product_url", "链接"),
    },
    "spend": {
        "date": _keys(
            "date",
            "day",
            "week",
            "date_week",
            "week_start",
            "time",
            "period",
            "month",
            "日期",
            "周",
            "月份",
        ),
        "channel": _keys(
            "channel", "media", "media_channel", "platform", "渠道", "媒体", "投放渠道"
        ),
        "spend": _keys(
            "spend",
            "cost",
            "ad_spend",
            "spent",
            "amount_spent",
            "media_spend",
            "花费",
            "消耗",
            "费用",
            "投放金额",
            "推广费用",
        ),
        "revenue": _keys(
            "revenue",
            "sales",
            "gmv",
            "total_revenue",
            "sale_amount",
            "purchases_conversion_value",
            "conversion_value",
            "sales_amount",
            "收入",
            "销售额",
            "成交金额",
        ),
        "conversions": _keys(
            "conversions",
            "orders",
            "total_conversion",
            "purchases",
            "installs",
            "转化数",
            "订单数",
        ),
        "impressions": _keys("impressions", "展现量", "曝光量"),
        "clicks": _keys("clicks", "点击量"),
    },
}

# --- issue 14 item 2 (helper "kinds"): seller headers of price scrapes (店名, marketplace, ...)
ALIASES["prices"]["seller"] = ALIASES["prices"]["seller"] + tuple(
    k
    for k in _keys(
        "店名",
        "店铺名",
        "店铺名字",
        "商家名称",
        "卖家名称",
        "卖家昵称",
        "店家",
        "网店",
        "门店",
        "电商平台",
        "销售平台",
        "渠道平台",
        "marketplace",
        "market_place",
        "platform_name",
        "retailer_name",
        "store_name",
        "shop_name",
        "merchant_name",
        "seller_nick",
        "sold_by",
        "sold by",
    )
    if k not in ALIASES["prices"]["seller"]
)


@dataclass(frozen=True)
class Layout:
    """A known export: its kind, signature headers (normalised) and proposed mapping.

    The layout is recognised when at least ``min_hits`` of ``signature`` are
    among the file's headers; ``mapping`` lists, per canonical column,
    candidate original headers in order of preference.
    """

    name: str
    kind: str
    signature: tuple[str, ...]
    mapping: dict[str, tuple[str, ...]]
    min_hits: int = 3


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "shopify_orders",
        "orders",
        _keys(
            "Name",
            "Email",
            "Financial Status",
            "Paid at",
            "Lineitem quantity",
            "Lineitem price",
            "Lineitem name",
            "Fulfillment Status",
            # the order-level columns of an export without line columns
            "Created at",
            "Subtotal",
            "Taxes",
            "Billing Province",
            "Billing Zip",
        ),
        {
            "order_id": ("Name",),
            "customer_id": ("Email", "Customer ID", "Billing Name"),
            "order_time": ("Created at", "Paid at"),
            # "Total" is the order's total on its first line only: line money
            # is quantity x price instead
            "amount": (),
            "quantity": ("Lineitem quantity",),
            "unit_price": ("Lineitem price",),
            "product_id": ("Lineitem sku",),
            "product_name": ("Lineitem name",),
            "status": ("Financial Status",),
            "channel": ("Source",),
            "country": ("Shipping Country", "Billing Country"),
        },
    ),
    Layout(
        "ga4_traffic_acquisition",
        "traffic",
        _keys(
            "Session source / medium",
            "Session default channel group",
            "Sessions",
            "Engaged sessions",
            "Total users",
            "Key events",
            "Conversions",
            "Total revenue",
            "Session primary channel group",
        ),
        {
            "date": ("Date",),
            "channel": (
                "Session default channel group",
                "Session primary channel group",
                "First user default channel group",
            ),
            "source": ("Session source / medium", "Session source", "First user source / medium"),
            "medium": ("Session source / medium", "Session medium", "First user source / medium"),
            "campaign": ("Session campaign",),
            "visitors": ("Total users", "Active users", "Users"),
            "sessions": ("Sessions",),
            "orders": ("Key events", "Conversions", "Ecommerce purchases", "Transactions"),
            "revenue": ("Total revenue", "Purchase revenue"),
            "new_visitors": ("New users",),
        },
    ),
    Layout(
        "taobao_orders",
        "orders",
        _keys(
            "订单编号",
            "买家会员名",
            "买家实际支付金额",
            "订单创建时间",
            "订单状态",
            "宝贝标题",
            "宝贝总数量",
            "订单付款时间",
        ),
        {
            "order_id": ("订单编号",),
            "customer_id": ("买家会员名",),
            "amount": ("买家实际支付金额", "总金额"),
            "order_time": ("订单创建时间", "订单付款时间"),
            "status": ("订单状态",),
            "product_name": ("宝贝标题",),
            "quantity": ("宝贝总数量",),
        },
    ),
    Layout(
        "jd_orders",
        "orders",
        _keys(
            "订单号",
            "下单帐号",
            "客户账号",
            "应付金额",
            "下单时间",
            "订单状态",
            "商品名称",
            "订购数量",
            "京东价",
        ),
        {
            "order_id": ("订单号",),
            "customer_id": ("下单帐号", "下单账号", "客户账号"),
            "amount": ("应付金额", "订单金额"),
            "order_time": ("下单时间",),
            "status": ("订单状态",),
            "product_id": ("商品ID", "商品编号"),
            "product_name": ("商品名称",),
            "quantity": ("订购数量", "商品数量"),
            "unit_price": ("京东价",),
        },
    ),
    Layout(
        "douyin_orders",
        "orders",
        _keys(
            "主订单编号",
            "子订单编号",
            "选购商品",
            "商品数量",
            "订单应付金额",
            "订单提交时间",
            "订单状态",
            "流量来源",
            "流量渠道",
        ),
        {
            "order_id": ("主订单编号",),
            "customer_id": ("用户ID", "买家昵称", "用户昵称", "收件人手机号", "收件人"),
            "amount": ("订单应付金额",),
            "order_time": ("订单提交时间",),
            "status": ("订单状态",),
            "product_id": ("商品ID",),
            "product_name": ("选购商品",),
            "quantity": ("商品数量",),
            "channel": ("流量来源", "流量渠道", "流量类型"),
        },
    ),
    Layout(
        "sycm_traffic",
        "traffic",
        _keys(
            "日期",
            "统计日期",
            "流量来源",
            "来源明细",
            "访客数",
            "浏览量",
            "支付买家数",
            "支付金额",
            "支付转化率",
            "下单买家数",
        ),
        {
            "date": ("日期", "统计日期"),
            "channel": ("流量来源", "一级来源"),
            "source": ("来源明细", "二级来源"),
            "visitors": ("访客数",),
            "buyers": ("支付买家数",),
            "revenue": ("支付金额",),
            "orders": ("支付子订单数", "支付订单数"),
            "new_visitors": ("新访客数",),
        },
    ),
    Layout(
        "uci_online_retail",
        "orders",
        _keys(
            "InvoiceNo",
            "Invoice",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "Price",
            "CustomerID",
            "Customer ID",
            "Country",
        ),
        {
            "order_id": ("InvoiceNo", "Invoice"),
            "customer_id": ("CustomerID", "Customer ID"),
            "order_time": ("InvoiceDate",),
            "quantity": ("Quantity",),
            "unit_price": ("UnitPrice", "Price"),
            "product_id": ("StockCode",),
            "product_name": ("Description",),
            "country": ("Country",),
        },
        min_hits=5,
    ),
    Layout(
        "rees46_events",
        "events",
        _keys(
            "event_time",
            "event_type",
            "product_id",
            "category_id",
            "category_code",
            "brand",
            "price",
            "user_id",
            "user_session",
        ),
        {
            "user_id": ("user_id",),
            "event_time": ("event_time",),
            "event": ("event_type",),
            "session_id": ("user_session",),
            "product_id": ("product_id",),
            "category": ("category_code",),
            "price": ("price",),
        },
        min_hits=6,
    ),
    Layout(
        "ga360_hits",
        "events",
        _keys(
            "fullVisitorId",
            "channelGrouping",
            "visitId",
            "eCommerceAction_type",
            "productSKU",
            "productPrice",
            "v2ProductCategory",
            "transactionId",
        ),
        {
            "user_id": ("visitId",),
            "event_time": ("date",),
            "event": ("eCommerceAction_type",),
            "channel": ("channelGrouping",),
            "product_id": ("productSKU",),
            "category": ("v2ProductCategory",),
            "price": ("productPrice",),
        },
        min_hits=4,
    ),
)

#: Order statuses meaning the money went back (cancellation / refund), en + zh.
RETURN_STATUS = re.compile(
    r"(?i)\b(refunded|refund|cancell?ed|cancel|voided|returned|return|chargeback)\b"
    r"|交易关闭|已退款|退款成功|退款|已取消|取消|退货|已关闭|售后完成|拒收"
)
_NOT_RETURN_STATUS = re.compile(r"(?i)partially[_ ]refunded|部分退款|退款中|申请退款|退款关闭")

#: GA360 ``eCommerceAction_type`` codes -> event names.
GA360_ACTIONS = {
    0: "page_view",
    1: "product_list_click",
    2: "product_detail_view",
    3: "add_to_cart",
    4: "remove_from_cart",
    5: "checkout",
    6: "purchase",
    7: "refund",
    8: "checkout_option",
}

#: Headers that mark a Google Analytics 360 (BigQuery) export, whose money is in micros.
GA360_HINTS = frozenset(
    _keys(
        "fullVisitorId",
        "full_visitor_id",
        "visitId",
        "visit_id",
        "channelGrouping",
        "channel_grouping",
        "eCommerceAction_type",
        "visit_start_time",
        "visitStartTime",
    )
)

#: IDs an Excel round trip turned into floats (``2.81772E+18``): useless as keys.
MANGLED_ID_RE = re.compile(r"^\d\.\d+E\+\d+$", re.I)

# Wide spend tables: one spend column per channel. Group "ch" is the channel.
WIDE_SPEND_PATTERNS = (
    re.compile(r"^(?P<ch>.+?)_S$"),  # Robyn: tv_S
    re.compile(r"^(?P<ch>.+?)[_ \-]?(spend|spends|cost|costs|spending)$", re.I),
    re.compile(r"^(spend|cost)[_ \-](?P<ch>.+)$", re.I),
    re.compile(r"^(?P<ch>.+?)(花费|消耗|费用|投放金额)$"),
)
WIDE_IMPRESSION_PATTERNS = (
    re.compile(r"^(?P<ch>.+?)_I$"),
    re.compile(r"^(?P<ch>.+?)[_ \-]?(impression|impressions|imps)$", re.I),
    re.compile(r"^(?P<ch>.+?)(展现量|曝光量)$"),
)
WIDE_CLICK_PATTERNS = (
    re.compile(r"^(?P<ch>.+?)_clicks(_P)?$", re.I),
    re.compile(r"^(?P<ch>.+?)(点击量)$"),
)
#: Competitor price columns of a wide price table (``comp_1``, ``competitor2_price``, ``竞品1价格``).
COMPETITOR_PRICE_RE = re.compile(
    r"^(?P<ch>(comp|competitor|rival)[_ \-]?\d+)([_ \-]?price)?$|^(?P<zh>竞品\d*)(价格)?$", re.I
)


# A wide price table with one column per date (``Price_2026-03-23``, ``2024-06-18价格``,
# ``2024/6/18``): the date is in the column name (issue 14, helper "fix").
DATED_PRICE_RE = re.compile(
    r"^\s*(?:(?:price|prices|价格|售价)[\s_\-:@]*)?"
    r"(?P<date>(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01]))"
    r"(?:[\s_\-]*(?:price|prices|价格|售价))?\s*$",
    re.I,
)


def is_return_status(status: str) -> bool:
    """True when an order status text means a cancellation or a full refund."""
    return bool(RETURN_STATUS.search(status)) and not _NOT_RETURN_STATUS.search(status)


# ---------------------------------------------------------------------------
# Order money and order states (issue 14 item 3; helper "states").
# New optional orders columns: the order's gross money, the money refunded on it
# and the time it was paid (see analytics.orders for the rule they feed).

ALIASES["orders"].update(
    {
        "gross_amount": _keys(
            "gross_amount",
            "gross",
            "gross_sales",
            "gross_amount_total",
            "order_gross",
            "total",
            "order_total",
            "total_price",
            "subtotal",
            "总金额",
            "订单总金额",
            "商品总价",
            "商品总金额",
            "订单原价",
            "原价总额",
            "应付金额",
            "订单应付金额",
        ),
        "refund_amount": _keys(
            "refund_amount",
            "refunded_amount",
            "amount_refunded",
            "refund_total",
            "total_refunded",
            "refunds",
            "退款金额",
            "退款总额",
            "退款金额元",
            "已退款金额",
            "售后退款金额",
        ),
        "paid_time": _keys(
            "paid_time",
            "paid_at",
            "paid at",
            "paid_date",
            "payment_time",
            "payment_date",
            "payment_datetime",
            "pay_time",
            "order_approved_at",
            "订单付款时间",
            "付款时间",
            "支付时间",
            "买家付款时间",
            "支付完成时间",
        ),
    }
)

#: Order states. ``order_state`` sorts a status text into one of these classes.
STATE_NONE, STATE_REFUND, STATE_CLOSED, STATE_UNPAID = 0, 1, 2, 3

#: Never paid: awaiting payment, payment failed, authorisation voided.
UNPAID_STATUS = re.compile(
    r"(?i)\b(pending|unpaid|not[ _-]?paid|awaiting[ _-]?payment|pending[ _-]?payment"
    r"|payment[ _-]?pending|on[ _-]?hold|voided|void|failed|payment[ _-]?failed"
    r"|draft|checkout[ _-]?draft)\b"
    r"|等待买家付款|等待付款|待付款|未付款|待支付|未支付|等待支付|支付失败|付款失败"
)
#: Closed or cancelled: never paid, unless the row shows a payment (then refunded).
CLOSED_STATUS = re.compile(
    r"(?i)\b(cancell?ed|cancel|cancellation)\b|交易关闭|订单关闭|已关闭|已取消|取消|关闭"
)
#: The money went back: a refunded order, or a refund line of an order.
REFUND_STATUS = re.compile(
    r"(?i)\b(refunded|refund|returned|return|chargeback|charged[ _-]?back)\b"
    r"|已退款|退款成功|退款完成|全额退款|退货|退款|售后完成|拒收"
)
#: Statuses that look like the ones above but are not: the order stands.
NOT_STATE_STATUS = re.compile(
    r"(?i)partially[ _-]?refunded|partial[ _-]?refund|partially[ _-]?paid"
    r"|refund[ _-]?(requested|pending|declined|failed|rejected)|return[ _-]?requested"
    r"|部分退款|退款中|申请退款|退款关闭|退款失败|拒绝退款|退货中|申请退货|买家已付款"
)


def order_state(status: str) -> int:
    """The class of an order status text (en + zh): ``STATE_UNPAID`` (never paid),
    ``STATE_REFUND`` (refunded), ``STATE_CLOSED`` (closed / cancelled) or ``STATE_NONE``.

    Partial refunds, refunds merely requested and refund requests closed are none.
    """
    s = status.strip()
    if not s or NOT_STATE_STATUS.search(s):
        return STATE_NONE
    if UNPAID_STATUS.search(s):
        return STATE_UNPAID
    if REFUND_STATUS.search(s):
        return STATE_REFUND
    if CLOSED_STATUS.search(s):
        return STATE_CLOSED
    return STATE_NONE


__all__ += [
    "STATE_NONE",
    "STATE_REFUND",
    "STATE_CLOSED",
    "STATE_UNPAID",
    "UNPAID_STATUS",
    "CLOSED_STATUS",
    "REFUND_STATUS",
    "order_state",
]
