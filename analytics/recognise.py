"""Recognise what a file's columns hold from their contents, not only their names.

Each column is profiled on a sample of its values (the first rows plus rows
spread evenly over the file: a few thousand values, whatever the file's size)
and given a confidence in [0, 1] for each *role* its values allow:

========== ==============================================================
role        values
========== ==============================================================
time        dates and times as text in many formats, ``YYYYMMDD`` numbers,
            Unix seconds / milliseconds (2000-2039), Excel serial days
id          codes with no arithmetic meaning: integers or text codes with
            many distinct values, leading zeros, hex / UUIDs
money       decimals with at most two places, currency signs
count       non-negative whole numbers
bool        true/false, yes/no, 是/否
event       an event vocabulary (view / pv / page_view / 浏览, cart / 加购,
            fav / 收藏, buy / purchase / 支付 ...)
event_code  a handful of small integer codes (1-4, 0-8): events through a
            legend the user can edit (:func:`event_legend`)
channel     channel names (GA4 default channel groups, utm sources, Chinese
            platform channels such as 直通车 / 淘宝客 / 手淘搜索)
name        free text with spaces or CJK characters (product names)
category    a few distinct labels (seller, status, device)
========== ==============================================================

:mod:`analytics.ingest` maps columns by their names first (aliases and known
export layouts) and lets these profiles decide the rest, score every kind
and explain the proposal (:class:`Evidence`, texts in
:mod:`analytics.messages` under ``recognise.evidence.<code>``).

Nothing here reads whole columns: the cost is fixed by :data:`SAMPLE`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.coerce import arrow_strings, to_bool, to_datetime, to_number

__all__ = [
    "SAMPLE",
    "ROLES",
    "SLOT_ROLES",
    "ColumnProfile",
    "Evidence",
    "Proposal",
    "sample_frame",
    "profile_column",
    "profile",
    "header_is_data",
    "event_legend",
    "EVENT_WORDS",
    "is_channel_name",
    "daily_by_channel",
]

#: Values looked at per column (half from the top, half spread over the file).
SAMPLE = 2000

ROLES = (
    "time",
    "id",
    "money",
    "count",
    "bool",
    "event",
    "event_code",
    "channel",
    "name",
    "category",
)

#: For each kind, the roles a canonical column's values may play (best first).
SLOT_ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "orders": {
        "order_time": ("time",),
        "amount": ("money",),
        "order_id": ("id",),
        "customer_id": ("id", "name"),
        "quantity": ("count",),
        "unit_price": ("money",),
        "product_id": ("id",),
        "product_name": ("name",),
        "status": ("category",),
        "channel": ("channel",),
        "country": ("category",),
    },
    "traffic": {
        "date": ("time",),
        "channel": ("channel",),
        "source": ("channel",),
        "medium": ("channel",),
        "visitors": ("count",),
        "sessions": ("count",),
        "orders": ("count",),
        "buyers": ("count", "bool"),
        "revenue": ("money",),
        "spend": ("money",),
        "clicks": ("count",),
        "impressions": ("count",),
        "new_visitors": ("count",),
    },
    "events": {
        "user_id": ("id",),
        "event_time": ("time",),
        "event": ("event", "event_code"),
        "session_id": ("id",),
        "channel": ("channel",),
        "device": ("category",),
        "product_id": ("id",),
        "category": ("id", "category"),
        "price": ("money",),
    },
    "prices": {
        "date": ("time",),
        "product": ("name", "id"),
        "seller": ("category",),
        "price": ("money",),
        "product_id": ("id",),
        "own": ("bool",),
        "list_price": ("money",),
        "in_stock": ("bool",),
        "promo": ("bool",),
    },
    "spend": {
        "date": ("time",),
        "channel": ("channel",),
        "spend": ("money",),
        "revenue": ("money",),
        "conversions": ("count",),
        "impressions": ("count",),
        "clicks": ("count",),
    },
}

# --------------------------------------------------------------------------- vocabularies

# event names people's logs use, lower case, -> the name the funnel page shows
_EVENTS: dict[str, str] = {}
for _canon, _words in {
    "view": (
        "view pv page_view pageview page view detail detail_view product_view view_item "
        "product_detail_view impression click 浏览 点击 查看 访问 曝光"
    ),
    "cart": "cart add_to_cart addtocart add-to-cart add_cart 加购 加购物车 加入购物车 购物车",
    "remove_from_cart": "remove_from_cart removefromcart remove_cart 移出购物车",
    "fav": "fav favorite favourite wishlist add_to_wishlist like collect 收藏 关注",
    "checkout": "checkout begin_checkout initiate_checkout 结算 下单 提交订单",
    "buy": "buy purchase purchased order transaction pay payment paid 支付 购买 成交 付款",
    "refund": "refund 退款 退货",
    "search": "search 搜索",
    "session_start": "session_start first_visit login signup register 登录 注册",
}.items():
    for _w in _words.split():
        _EVENTS[_w] = _canon
#: Event words recognised in an event column (lower case) -> canonical event name.
EVENT_WORDS: Mapping[str, str] = _EVENTS

# Legends proposed for numeric event codes (the user can edit them on import).
_LEGEND_TAOBAO = {"1": "view", "2": "fav", "3": "cart", "4": "buy"}  # Tianchi behavior_type
_LEGEND_GA = {
    "0": "page_view",
    "1": "product_list_click",
    "2": "product_detail_view",
    "3": "add_to_cart",
    "4": "remove_from_cart",
    "5": "checkout",
    "6": "purchase",
    "7": "refund",
    "8": "checkout_option",
}

_GA4_GROUPS = (
    "direct cross-network paid shopping paid search paid social paid video display paid other "
    "organic shopping organic social organic video organic search referral email affiliates "
    "audio sms mobile push notifications unassigned (none) (not set) (direct) organic cpc cpm "
    "social paid_search paid_social"
)
_CN_CHANNELS = (
    "直通车 淘宝客 手淘搜索 手淘首页 自然搜索 付费推广 直播 短视频 内容推广 站外广告 万相台 引力魔方 "
    "钻展 超级推荐 品销宝 直接访问 购物车 我的淘宝 收藏夹 淘宝搜索 京东搜索 抖音搜索 京东快车 "
    "巨量千川 千川 小红书 微信 微博 朋友圈 私域 会员/短信 短信 社群 达人带货 其他 其它 免费流量 "
    "付费流量 自主访问 站内 站外 搜索 推荐"
)


@lru_cache(maxsize=1)
def _channel_words() -> frozenset[str]:
    words = {"paid search", "paid social", "paid shopping", "paid video", "paid other"}
    words |= {"organic search", "organic social", "organic shopping", "organic video"}
    words |= {"cross-network", "mobile push notifications"}
    words |= set(_GA4_GROUPS.split()) | set(_CN_CHANNELS.split())
    data = Path(__file__).resolve().parent / "data"
    for name in ("ga4_source_categories.csv", "cn_source_categories.csv", "cn_source_channels.csv"):
        path = data / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#") or line.startswith("source,"):
                continue
            words.add(line.split(",", 1)[0].strip().lower())
    words |= {"google", "baidu", "bing", "facebook", "instagram", "tiktok", "youtube", "twitter"}
    words |= {"newsletter", "affiliate", "tv", "radio", "ooh", "print", "search", "sem", "seo"}
    return frozenset(w for w in words if w)


def is_channel_name(name: object) -> bool:
    """True when ``name`` is a channel or traffic-source name (``TV``, ``SEM``, ``直通车``,
    ``Organic Search``, ``google``): a wide spend table's column headers are such names."""
    return str(name).strip().lower() in _channel_words()


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class ColumnProfile:
    """What a column's sampled values look like.

    ``roles`` maps a role (see the module doc) to a confidence in [0, 1];
    ``filled`` is the share of non-blank cells among the sampled rows;
    ``distinct`` the number of distinct non-blank sampled values; ``detail``
    the facts the evidence quotes (``unit``, ``lo``/``hi`` dates, example
    ``values``, a proposed ``legend``).
    """

    column: str
    roles: dict[str, float]
    filled: float
    distinct: int
    n: int
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def role(self) -> str:
        """The most likely role ("empty" for a blank column, "text" when none fits)."""
        if self.n == 0:
            return "empty"
        best = max(self.roles.items(), key=lambda kv: kv[1], default=("text", 0.0))
        return best[0] if best[1] >= 0.3 else "text"

    def conf(self, role: str) -> float:
        return self.roles.get(role, 0.0)


@dataclass(frozen=True)
class Evidence:
    """Why a column was mapped, or why a kind was proposed, in both languages.

    ``code`` names the message ``recognise.evidence.<code>`` of
    :mod:`analytics.messages`; ``params`` fill it; ``field`` is the canonical
    column ("" for evidence about the whole file); ``column`` the file's.
    """

    field: str
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        from analytics.messages import text

        return text(f"recognise.evidence.{self.code}", lang, **self.params)


@dataclass(frozen=True)
class Proposal:
    """The proposed kind and mapping of a file, with the reasons.

    ``ranked`` scores every kind (best first, scores in [0, 1]);
    ``runner_up`` is the second (kind, score); ``missing`` lists the required
    canonical columns the mapping lacks (empty when usable); ``matched`` the
    canonical columns it found; ``evidence`` one or more :class:`Evidence`
    per mapped column; ``event_legend`` a proposed code -> event name legend
    when the event column holds numeric codes (pass it, edited, to
    ``analytics.ingest.load(event_legend=...)``); ``headerless`` is True when
    the first row of the file was data, not names.
    """

    kind: str
    mapping: dict[str, str]
    score: float
    runner_up: tuple[str, float] | None
    evidence: tuple[Evidence, ...]
    missing: tuple[str, ...]
    matched: tuple[str, ...]
    ranked: tuple[tuple[str, float], ...] = ()
    event_legend: dict[str, str] | None = None
    headerless: bool = False

    @property
    def usable(self) -> bool:
        return not self.missing

    def evidence_for(self, canon: str) -> list[Evidence]:
        return [e for e in self.evidence if e.field == canon]


# --------------------------------------------------------------------------- sampling


def sample_frame(frame: pd.DataFrame, n: int = SAMPLE) -> pd.DataFrame:
    """Up to ``n`` rows: the first ``n/2`` and ten blocks spread evenly over the rest.

    The spread half sees the whole file (a log sorted by user shows many
    users, the last block ends on the last row); the cost does not grow with
    the file, and blocks are slices (no gather over a million rows).
    """
    rows = len(frame)
    if rows <= n:
        return frame.reset_index(drop=True)
    half = n // 2
    k = 10
    size = max(1, (n - half) // k)
    starts = np.linspace(half, rows - size, k).astype(np.int64)
    parts = [frame.iloc[:half], *(frame.iloc[a : a + size] for a in starts)]
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- profiling

_HINT_TIME = re.compile(r"(?i)date|time|day|日期|时间|stamp|created|_at$|\bts\b")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-:./#]{2,63}$")
_HEXISH = re.compile(r"^[0-9a-fA-F\-]{16,}$")
_NUM_CH = r"[\s()+\-¥￥$€£₩₹.,'\d%]"
_NUMISH = re.compile(
    rf"(?i){_NUM_CH}*\d{_NUM_CH}*(?:\s*(?:元|万|亿|千|k|m|rmb|cny|usd|eur|gbp|jpy))?{_NUM_CH}*"
)
_DATEISH = re.compile(
    r"(?i)\d{1,4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d\d|^\d{8}$|^\d{4}-?W\d|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d"
)

# the same patterns for Arrow (RE2 syntax, anchored)
_MANGLED_RE2 = r"(?i)^\d\.\d+E\+\d+$"
_NUMISH_RE2 = "^(?:" + _NUMISH.pattern + ")$"
_CURRENCY_RE2 = r"[¥￥$€£₩₹]|RMB|CNY|USD|EUR|GBP|JPY|元"
_DATEISH_RE2 = _DATEISH.pattern
_CODE_RE2 = _CODE.pattern
_HEXISH_RE2 = _HEXISH.pattern


@lru_cache(maxsize=1)
def _event_set() -> pa.Array:
    return pa.array(sorted(EVENT_WORDS), pa.string())


@lru_cache(maxsize=1)
def _channel_set() -> pa.Array:
    return pa.array(sorted(_channel_words()), pa.string())


_UNIX = (("s", 9.46e8, 2.21e9), ("ms", 9.46e11, 2.21e12))


def _fmt_day(ts: Any) -> str:
    try:
        return pd.Timestamp(ts).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        return str(ts)


def _intraday(times: pd.Series) -> bool:
    """Do most values carry a time of day (a log), not just a date (a daily table)?"""
    t = pd.to_datetime(times, errors="coerce").dropna()
    return bool(len(t)) and bool((t != t.dt.normalize()).mean() >= 0.5)


def _numeric_roles(
    x: np.ndarray, name: str, leading_zero: bool, currency: bool, detail: dict
) -> dict[str, float]:
    roles: dict[str, float] = {}
    n = len(x)
    lo, hi = float(x.min()), float(x.max())
    whole = bool(np.all(x == np.floor(x)))
    nonneg = lo >= 0
    distinct = len(np.unique(x))
    dr = distinct / n
    hint_time = bool(_HINT_TIME.search(name))
    # ---- times
    if whole and lo >= 19000101 and hi <= 21001231:
        months = (x // 100) % 100
        days = x % 100
        if np.all((months >= 1) & (months <= 12) & (days >= 1) & (days <= 31)):
            roles["time"] = 0.95
            detail.update(unit="yyyymmdd", lo=_fmt_day(str(int(lo))), hi=_fmt_day(str(int(hi))))
    if "time" not in roles and not leading_zero:
        for unit, a, b in _UNIX:
            if lo >= a and hi < b:
                roles["time"] = 0.9 if distinct > 1 or hint_time else 0.6
                detail.update(
                    unit=unit,
                    intraday=bool(np.mean(x % (86400 * (1000 if unit == "ms" else 1)) != 0) >= 0.5),
                    lo=_fmt_day(pd.to_datetime(lo, unit=unit)),
                    hi=_fmt_day(pd.to_datetime(hi, unit=unit)),
                )
                break
    if "time" not in roles and lo >= 25569 and hi <= 73051 and distinct > 1 and not leading_zero:
        # Excel serial days (1970-2099): numbers like these are often money too,
        # so only a name that says date makes them a time
        roles["time"] = 0.9 if hint_time else 0.25
        detail.update(
            unit="excel",
            intraday=bool(np.mean(x != np.floor(x)) >= 0.5),
            lo=_fmt_day(pd.Timestamp("1899-12-30") + pd.Timedelta(days=lo)),
            hi=_fmt_day(pd.Timestamp("1899-12-30") + pd.Timedelta(days=hi)),
        )
    is_time = roles.get("time", 0) >= 0.6
    k = min(n, SAMPLE // 2)
    row_no = whole and not leading_zero and k >= 3 and x[0] in (0.0, 1.0)
    if row_no and np.array_equal(x[:k], x[0] + np.arange(k)):
        # 0, 1, 2, ... in file order: a row number (a spreadsheet's index column)
        detail["row_number"] = True
        return {"id": 0.1, "count": 0.1, "money": 0.05}
    # ---- codes with no arithmetic meaning
    if whole and nonneg:
        if leading_zero:
            roles["id"] = 0.95
        else:
            roles["id"] = min(0.9, 0.35 + 0.5 * dr + (0.1 if hi >= 1e5 else 0.0))
            if is_time:
                roles["id"] = min(roles["id"], 0.4)
    # ---- amounts
    if currency:
        roles["money"] = 0.95
    elif not whole:
        cents = np.abs(x * 100 - np.round(x * 100)) < 1e-6
        roles["money"] = 0.8 if cents.mean() >= 0.95 else 0.3
    else:
        roles["money"] = 0.45 if not leading_zero else 0.05
    if is_time:
        roles["money"] = min(roles["money"], 0.1)
    if whole and nonneg and not leading_zero:
        roles["count"] = 0.3 if (hi >= 1e6 or is_time) else 0.65
    if whole and set(np.unique(x).tolist()) <= {0.0, 1.0} and distinct == 2:
        roles["bool"] = 0.5
    # ---- numeric event codes
    if whole and nonneg and 2 <= distinct <= 9 and hi <= 8 and n >= 4 * distinct:
        legend = event_legend([str(int(v)) for v in np.unique(x)])
        if legend:
            roles["event_code"] = 0.5
            detail["legend"] = legend
    return roles


def profile_column(s: pd.Series, name: str = "") -> ColumnProfile:
    """Profile one column from a sample of its values (see the module doc).

    Parameters
    ----------
    s : Series
        The sampled values (as read: text or numbers).
    name : str
        The column's name (a hint for Excel serial dates only).
    """
    name = str(name)
    total = len(s)
    typed = _typed_profile(s, name, total)
    if typed is not None:
        return typed
    arr = _clean_text(s)
    n = len(arr)
    if n == 0:
        return ColumnProfile(name, {}, 0.0, 0, 0)
    vc = pc.value_counts(arr)
    uniq, counts = vc.field("values"), vc.field("counts")
    distinct = len(uniq)
    filled = n / max(total, 1)
    detail: dict[str, Any] = {}
    head = uniq.slice(0, 500)
    if _share(head.slice(0, 20), _MANGLED_RE2) > 0.5:
        detail["mangled"] = True
        return ColumnProfile(name, {"number": 0.5}, filled, distinct, n, detail)
    # ---- numbers written as text (money with signs, codes with leading zeros);
    # to_number is the dear step: only for columns whose distinct values look numeric
    if _share(head, _NUMISH_RE2) >= 0.9:
        roles = _numbers_in_text(arr, name, detail)
        if roles is not None:
            return ColumnProfile(name, roles, filled, distinct, n, detail)
    roles = _time_role(uniq, name, detail)
    # ---- booleans
    if distinct <= 3:
        b, bad = to_bool(pd.Series(uniq.to_pylist(), dtype="str"))
        if not bad.any() and b.notna().all():
            roles["bool"] = 0.9
    order = pc.sort_indices(counts, sort_keys=[("", "descending")]) if distinct > 1 else None
    _vocabulary_roles(uniq, counts, order, n, roles, detail)
    if "time" not in roles:
        _label_roles(head, distinct, n, roles)
    detail.setdefault("values", ", ".join(v[:24] for v in _top(uniq, counts, None, order)[:4]))
    return ColumnProfile(name, roles, filled, distinct, n, detail)


def _share(values: pa.Array, pattern: str) -> float:
    """The share of ``values`` that match the regular expression ``pattern``."""
    return pc.mean(pc.match_substring_regex(values, pattern)).as_py() or 0.0


def _typed_profile(s: pd.Series, name: str, total: int) -> ColumnProfile | None:
    """The profile of a boolean, datetime or numeric column; None for text."""
    if pd.api.types.is_bool_dtype(s):
        v = s.dropna()
        return ColumnProfile(name, {"bool": 1.0}, len(v) / max(total, 1), v.nunique(), len(v))
    detail: dict[str, Any] = {}
    if pd.api.types.is_datetime64_any_dtype(s):
        v = s.dropna()
        if len(v):
            detail.update(
                unit="datetime",
                lo=_fmt_day(v.min()),
                hi=_fmt_day(v.max()),
                intraday=_intraday(v),
            )
        return ColumnProfile(
            name,
            {"time": 1.0} if len(v) else {},
            len(v) / max(total, 1),
            v.nunique(),
            len(v),
            detail,
        )
    if pd.api.types.is_numeric_dtype(s):
        v = s.dropna()
        x = v.to_numpy(dtype="float64", na_value=np.nan)
        x = x[np.isfinite(x)]
        if len(x) == 0:
            return ColumnProfile(name, {}, 0.0, 0, 0)
        roles = _numeric_roles(x, name, False, False, detail)
        return ColumnProfile(name, roles, len(x) / max(total, 1), len(np.unique(x)), len(x), detail)
    return None


def _clean_text(s: pd.Series) -> pa.Array:
    """The column as Arrow text, trimmed, without empty and "nan" values."""
    arr = arrow_strings(s)
    if arr is None:
        vals = [None if v is None or v != v else str(v) for v in s.tolist()]
        arr = pa.array(vals, pa.string())
    arr = pc.utf8_trim_whitespace(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr)
    keep = pc.and_(pc.not_equal(arr, ""), pc.not_equal(pc.utf8_lower(arr), "nan"))
    return arr.filter(pc.fill_null(keep, False))


def _numbers_in_text(arr: pa.Array, name: str, detail: dict[str, Any]) -> dict[str, float] | None:
    """The roles of numbers written as text; None when under 90% of them read as numbers."""
    t = pd.Series(arr.to_pylist(), dtype="str")
    nums = to_number(t)[0]
    if nums.notna().mean() < 0.9:
        return None
    x = nums.dropna().to_numpy(dtype="float64")
    x = x[np.isfinite(x)]
    if not len(x):
        return None
    leading = _share(arr, r"^0\d") > 0.2
    currency = _share(arr, _CURRENCY_RE2) > 0.5
    roles = _numeric_roles(x, name, leading, currency, detail)
    if currency:
        detail["currency"] = True
    if leading:
        detail["leading_zero"] = True
    return roles


def _time_role(uniq: pa.Array, name: str, detail: dict[str, Any]) -> dict[str, float]:
    """``{"time": rate}`` when 80% of the first distinct values read as dates, else empty."""
    roles: dict[str, float] = {}
    head300 = uniq.slice(0, 300)
    if _share(head300, _DATEISH_RE2) < 0.8:
        return roles
    try:
        parsed, _ = to_datetime(pd.Series(head300.to_pylist(), dtype="str"), name=name)
        rate = float(parsed.notna().mean())
    except (ValueError, TypeError, OverflowError):  # e.g. mixed time-zone offsets
        parsed, rate = None, 0.0
    if rate >= 0.8:
        roles["time"] = rate
        ok = parsed.dropna()
        detail.update(
            unit="text", lo=_fmt_day(ok.min()), hi=_fmt_day(ok.max()), intraday=_intraday(ok)
        )
    return roles


def _vocabulary_roles(
    uniq: pa.Array,
    counts: pa.Array,
    order: pa.Array | None,
    n: int,
    roles: dict[str, float],
    detail: dict[str, Any],
) -> None:
    """Event words (view, cart, ...) and channel names among the values."""
    distinct = len(uniq)
    lower = pc.utf8_lower(uniq)
    if distinct <= 60:
        mask = pc.is_in(lower, value_set=_event_set())
        hit = pc.sum(pc.if_else(mask, counts, 0)).as_py() or 0
        share_ev = hit / n
        words = _top(uniq, counts, mask, order)
        if share_ev >= 0.5:
            roles["event"] = min(1.0, 0.5 + share_ev / 2) if len(words) >= 2 else 0.6 * share_ev
            detail["events"] = ", ".join(words[:5])
    if distinct <= 300:
        mask = pc.is_in(lower, value_set=_channel_set())
        hit = pc.sum(pc.if_else(mask, counts, 0)).as_py() or 0
        share_ch = hit / n
        if share_ch >= 0.4:
            roles["channel"] = min(0.95, 0.4 + share_ch / 2)
            detail["channels"] = ", ".join(_top(uniq, counts, mask, order)[:4])


def _label_roles(head: pa.Array, distinct: int, n: int, roles: dict[str, float]) -> None:
    """Identifiers, free text (product names) and labels (categories)."""
    dr = distinct / n
    if _share(head, _CODE_RE2) >= 0.9 and _share(head, r"\d") >= 0.8:
        hexish = _share(head, _HEXISH_RE2) >= 0.9
        roles["id"] = 0.9 if hexish else min(0.9, 0.45 + 0.5 * dr)
    spaced = _share(head, r"[ 一-鿿]")
    lens = pc.utf8_length(head)
    median_len = float(np.median(lens.to_numpy(zero_copy_only=False))) if len(lens) else 0.0
    if spaced >= 0.5 and median_len >= 4:
        roles["name"] = 0.5 + 0.4 * min(1.0, dr * 4) if distinct >= 3 else 0.35
    if distinct <= max(30, n // 20):
        roles["category"] = 0.55 if distinct >= 2 else 0.3
        if "id" in roles:
            roles["category"] = 0.4  # codes (P001) are less likely labels than names


def _top(
    uniq: pa.Array, counts: pa.Array, mask: pa.Array | None, order: pa.Array | None
) -> list[str]:
    """Distinct values (where ``mask``), most frequent first."""
    idx = order if order is not None else pa.array(range(len(uniq)), pa.int64())
    vals = uniq.take(idx)
    if mask is not None:
        vals = vals.filter(mask.take(idx))
    return [str(v) for v in vals.slice(0, 8).to_pylist()]


def profile(
    frame: pd.DataFrame, n: int = SAMPLE, *, sample: pd.DataFrame | None = None
) -> dict[str, ColumnProfile]:
    """Profile every column of ``frame`` on a sample of ``n`` rows (see :func:`sample_frame`;
    ``sample``: one already taken)."""
    smp = sample_frame(frame, n) if sample is None else sample
    out: dict[str, ColumnProfile] = {}
    for i, c in enumerate(frame.columns):  # by position: duplicate names stay one column each
        out.setdefault(c, profile_column(smp.iloc[:, i], str(c)))
    return out


def event_legend(codes: list[str] | tuple[str, ...]) -> dict[str, str] | None:
    """A proposed legend for numeric event codes, or None when none fits.

    Codes within 1-4 read as Tianchi / Taobao ``behavior_type`` (1 view,
    2 fav, 3 cart, 4 buy); codes within 0-8 as Google Analytics
    ``eCommerceAction_type``. The user edits it on import; the builder applies
    it through ``analytics.ingest.load(event_legend=...)``.
    """
    keys = {str(c).strip() for c in codes}
    if keys and keys <= set(_LEGEND_TAOBAO):
        return {k: _LEGEND_TAOBAO[k] for k in sorted(keys)}
    if keys and keys <= set(_LEGEND_GA):
        return {k: _LEGEND_GA[k] for k in sorted(keys, key=int)}
    return None


# --------------------------------------------------------------------------- header row


def header_is_data(frame: pd.DataFrame) -> bool:
    """True when the column names look like the data below them (no header row).

    A name counts as data when it is a value of its column's kind: a number
    within the range of a numeric column, a date-like name over dates, an
    event word over events. The file has no header when at least two names
    are data and none is a word over a typed column (``amount`` over numbers
    is a header). Years over other numbers (a wide table's ``2023``, ``2024``)
    are headers. Cheap: nothing is profiled unless two names look numeric.
    """
    names = [str(c).strip() for c in frame.columns]
    if len(names) < 2 or not all(isinstance(c, str) for c in frame.columns) or frame.empty:
        return False
    numeric_names = [bool(re.fullmatch(r"[+-]?\d+([.,]\d+)?", n)) for n in names]
    if sum(numeric_names) < 2:
        return False
    smp = sample_frame(frame, 200)
    like = unlike = 0
    for c, name, numeric in zip(frame.columns, names, numeric_names, strict=True):
        p = profile_column(smp[c], name)
        if p.n == 0 or not name:
            continue
        role = p.role
        if role in {"time", "id", "money", "count", "event_code"}:
            if numeric:
                v = float(name.replace(",", "."))
                x, _ = to_number(smp[c].dropna().astype("str"))
                x = x.dropna()
                year = v.is_integer() and 1990 <= v <= 2100
                years_below = len(x) and ((x >= 1990) & (x <= 2100) & (x % 1 == 0)).mean() >= 0.5
                if year and not years_below:
                    unlike += 1  # a year over other numbers: a wide table's header
                elif len(x) and x.min() / 10 - 1 <= v <= x.max() * 10 + 1:
                    like += 1
                else:
                    unlike += 1
            elif role == "time" and _DATEISH.search(name):
                like += 1
            else:
                unlike += 1
        elif role == "event":
            if name.lower() in EVENT_WORDS:
                like += 1
            else:
                unlike += 1
    return like >= 2 and unlike == 0


def daily_by_channel(sample: pd.DataFrame, profiles: Mapping[str, ColumnProfile]) -> bool:
    """One row per day and channel: an aggregated table (traffic, spend), not a log.

    True when the sample has a date column without times of day, a column of
    channel names, each date repeated (several channels a day) and the
    (date, channel) pairs of the first rows almost all distinct.
    """
    times = [
        (p.conf("time"), c)
        for c, p in profiles.items()
        if p.conf("time") >= 0.6 and not p.detail.get("intraday")
    ]
    chans = [(p.conf("channel"), c) for c, p in profiles.items() if p.conf("channel") >= 0.6]
    if not times or not chans:
        return False
    tcol, ccol = max(times)[1], max(chans)[1]
    if tcol == ccol or tcol not in sample or ccol not in sample:
        return False
    head = sample[[tcol, ccol]].head(SAMPLE // 2).dropna()
    if len(head) < 4:
        return False
    dates = head[tcol].nunique()
    pairs = len(head.drop_duplicates())
    return dates < len(head) and pairs >= 0.95 * len(head)
