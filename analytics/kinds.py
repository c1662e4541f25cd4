"""Import rules for files that lack a column an analysis could do without (issue 14, item 2).

Used by :mod:`analytics.ingest`'s builders for events, prices and spend:

- **Events without an event column**: every row is one named event (``default_event``,
  "view" unless the user picks another name). **Numeric event codes** (Tianchi's
  ``behavior_type`` 1..4) are named by a user-editable legend (raw value -> name);
  values the legend does not name are kept as they are, and the report says which.
- **Prices without a seller**: the file is the user's own price history; every row's
  seller is the user's own shop (``own_seller``, "own" by default) and ``own`` is True.
- **Spend dated by parts**: a year and a month, a year and a week (ISO weeks), or a
  month and a day whose year the user states (or the file's context gives: a year in
  the file name, or a year column with a single value). Mapping keys ``date[year]``,
  ``date[month]``, ``date[week]``, ``date[day]`` name the part columns.
- **Wide spend tables** with a total column (``Total``, ``合计``, ``Sum`` ...): the total is
  left out and checked (the channels must add up to it within rounding); subtotals
  are left out. Year / month / week columns are never channels.

Nothing here reads files; everything is vectorised over the distinct values of a
column (a legend, month names) or over whole columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import aliases as al
from analytics.coerce import _MONTHS, ASSUMED_YEAR, to_number

__all__ = [
    "ASSUMED_YEAR",
    "DEFAULT_EVENT",
    "OWN_SELLER",
    "DEFAULT_CHANNEL",
    "platform_channel",
    "DATE_PARTS",
    "date_parts",
    "detect_date_parts",
    "dates_from_parts",
    "year_from_context",
    "YEAR_NOTES",
    "apply_event_legend",
    "constant_text",
    "event_values",
    "numeric_codes",
    "total_kind",
    "is_date_part_name",
    "bare_channel_columns",
    "more_channels",
    "names_channel",
    "check_total",
    "parts_usable",
    "total_cells",
    "needs_year",
    "long_total_rows",
]

#: The event every row of a log without an event column stands for (unless chosen).
DEFAULT_EVENT = "view"
#: The seller label of a price file without a seller column (the user's own shop).
OWN_SELLER = "own"
#: Notes saying a year the file did not give was used (the year's source is noted too).
YEAR_NOTES = frozenset({"month_only_in_year", "week_of_year_in_year", "date_parts_in_year"})
#: Date parts a spend table may give instead of a date, in mapping-key order.
DATE_PARTS = ("year", "month", "week", "day")

_PART_NAMES = {
    "year": {"year", "yr", "yyyy", "fiscalyear", "年", "年份", "年度"},
    "month": {"month", "mon", "mth", "monthnumber", "monthno", "mm", "月", "月份", "月度"},
    "week": {"week", "wk", "weeknumber", "weekno", "weekofyear", "isoweek", "周", "周数", "周次"},
    "day": {"day", "dd", "dayofmonth", "日", "天", "日期号"},
}
_PART_RANGE = {"year": (1900, 2100), "month": (1, 12), "week": (1, 53), "day": (1, 31)}
_PART_KEY = re.compile(r"^date\[(year|month|week|day)\]$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")

# Totals (compared on the normalised header, see aliases.norm). A grand total is checked
# against the channels; a subtotal (a part of the channels) is only left out.
_GRAND_TOTAL = re.compile(
    r"^(grand)?totals?(spend|spends|cost|costs|budget|media|mediaspend|amount|investment|all)?$"
    r"|^(spend|cost|media|budget|amount)s?(grand)?totals?$"
    r"|^sum(of)?(spend|cost|all|allchannels)?$|^allchannels$|^全部渠道$|^所有渠道$"
    r"|^(合计|总计|汇总|总和|总额|总共)(花费|消耗|费用|金额|投放金额)?$"
    r"|^(花费|消耗|费用|金额|投放金额)(合计|总计|汇总|总额)$"
    r"|^总(花费|消耗|费用|金额|投放金额|投放)$"
)
_SUBTOTAL = re.compile(r"subtotal|小计|分计|total$|合计$|总计$|汇总$")

# Words that name a measure, not a channel (never taken as a wide channel column).
_MEASURES = re.compile(
    r"^(revenue|sales|gmv|income|profit|margin|orders?|conversions?|transactions?|units|qty|"
    r"quantity|visitors?|visits|sessions?|users?|clicks?|impressions?|views?|leads?|signups?|"
    r"installs?|y|target|kpi|roi|roas|cpa|cpc|cpm|ctr|cvr|cr|aov|price|rate|index|id|no|"
    r"收入|销售额|成交金额|营收|利润|订单数?|转化数?|访客数?|会话数?|点击量?|展现量?|曝光量?)$"
)

# Parts of an order's money (received / outstanding / paid amount, 已收金额 / 未收金额): they
# may add up to a total column, yet they are never channels.
_MONEY_PARTS = re.compile(
    r"(amount|amounts|amt|paid|payment|payments|balance|due|received|outstanding|refund|"
    r"refunds|金额|款|余额|欠款|应收|实收|已收|未收)$"
)

# Channel names seen as the header of a wide spend table's columns (paid media only:
# a bare "direct" or "organic" column is more likely traffic than spend).
_CHANNEL_WORDS = {
    al.norm(w)
    for w in (
        "tv",
        "television",
        "ctv",
        "ott",
        "radio",
        "print",
        "newspaper",
        "magazine",
        "press",
        "ooh",
        "outdoor",
        "dooh",
        "billboard",
        "cinema",
        "podcast",
        "audio",
        "direct mail",
        "search",
        "paid search",
        "sem",
        "ppc",
        "google",
        "google ads",
        "adwords",
        "bing",
        "microsoft ads",
        "baidu",
        "social",
        "paid social",
        "facebook",
        "fb",
        "meta",
        "instagram",
        "tiktok",
        "youtube",
        "snapchat",
        "pinterest",
        "linkedin",
        "twitter",
        "x",
        "reddit",
        "display",
        "programmatic",
        "video",
        "online video",
        "native",
        "affiliate",
        "affiliates",
        "email",
        "sms",
        "influencer",
        "influencers",
        "kol",
        "amazon",
        "amazon ads",
        "criteo",
        "apple search ads",
        "shopping",
        "pmax",
        "performance max",
        "抖音",
        "巨量引擎",
        "巨量千川",
        "千川",
        "快手",
        "磁力金牛",
        "小红书",
        "微信",
        "朋友圈",
        "广点通",
        "腾讯广告",
        "微博",
        "百度",
        "头条",
        "今日头条",
        "b站",
        "哔哩哔哩",
        "知乎",
        "直通车",
        "引力魔方",
        "万相台",
        "钻展",
        "品销宝",
        "淘宝客",
        "京东快车",
        "京准通",
        "拼多多",
        "多多搜索",
        "电视",
        "广播",
        "户外",
        "报纸",
        "杂志",
        "分众",
        "电梯",
        "影院",
        "搜索",
        "信息流",
        "达人",
        "直播",
        "短信",
        "邮件",
    )
}


# ---------------------------------------------------------------- events

_STR = pd.Series(["x"]).dtype


def constant_text(value: str, n: int) -> pd.Series:
    """A text column of ``n`` copies of ``value`` (built in Arrow: no list of ``n`` objects)."""
    text = str(value)
    # 32-bit offsets while the column's text fits in them (half the memory of large_string)
    kind = pa.string() if n * max(len(text.encode()), 1) < 2**31 - 1 else pa.large_string()
    arr = pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(n, np.int8)), pa.array([text], kind)
    ).dictionary_decode()
    return pd.Series(pd.arrays.ArrowStringArray(arr), dtype=_STR, copy=False)


def _code_text(values: pd.Series) -> pd.Series:
    """Distinct raw values as the text a legend is keyed by: trimmed, ``1.0`` -> ``1``."""
    t = values.astype("str").str.strip()
    return t.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)


def numeric_codes(values: pd.Series) -> bool:
    """Do the (non-empty) values all read as whole numbers, like ``behavior_type`` 1..4?"""
    v = values.dropna()
    if v.empty:
        return False
    return bool(_code_text(pd.Series(pd.unique(v))).str.fullmatch(r"-?\d+").all())


def event_values(frame: pd.DataFrame, column: str, limit: int = 50) -> pd.DataFrame:
    """The distinct values of an event column with their counts (most first), as text.

    For the import wizard's legend editor: columns ``value``, ``count``; at most
    ``limit`` rows.
    """
    s = frame[column].dropna()
    vc = _code_text(s).value_counts()
    out = pd.DataFrame({"value": vc.index.astype(object), "count": vc.to_numpy(np.int64)})
    return out.head(limit).reset_index(drop=True)


def apply_event_legend(
    events: pd.Series, legend: Mapping[Any, str]
) -> tuple[pd.Series, dict[str, str], list[str]]:
    """Name raw event values by ``legend`` (raw value -> event name).

    Keys and values are compared as trimmed text (``1``, ``1.0`` and `` 1 `` are one
    code). Values the legend does not name are kept as they are. Work is done on the
    distinct values only and spread back over the rows.

    Returns
    -------
    (Series, dict, list)
        The named events (text, missing stays missing), the legend entries that
        were used (code -> name) and the values the legend did not name (most
        frequent first).
    """
    keys = {}
    for k, v in legend.items():
        name = "" if v is None else str(v).strip()
        if name:
            keys[_code_text(pd.Series([k])).iloc[0]] = name
    codes, uniques = pd.factorize(events, use_na_sentinel=True)
    raw = _code_text(pd.Series(np.asarray(uniques, dtype=object)))
    named = raw.map(keys)
    out_u = named.where(named.notna(), raw).to_numpy(dtype=object)
    arr = np.append(out_u, np.array([None], dtype=object))
    result = pd.Series(arr[codes], index=events.index, dtype="str")
    used = {r: keys[r] for r in raw[named.notna()]}
    counts = np.bincount(codes[codes >= 0], minlength=len(raw)) if len(raw) else np.zeros(0)
    miss = [(int(counts[i]), r) for i, r in enumerate(raw) if pd.isna(named.iloc[i])]
    unmapped = [r for _, r in sorted(miss, key=lambda x: -x[0])]
    return result, used, unmapped


# ---------------------------------------------------------------- dates by parts


def is_date_part_name(name: object) -> str | None:
    """The date part a header names (``Year`` -> "year", ``月份`` -> "month"), or None."""
    key = al.norm(name)
    for part, names in _PART_NAMES.items():
        if key in names:
            return part
    return None


_PART_AFFIX = re.compile(r"^\s*(fy|w|wk|week|cw|kw|第)\s*|\s*(年|月|周|日|号)\s*$", re.I)


def _part_values(s: pd.Series, part: str) -> tuple[pd.Series, pd.Series]:
    """A part column as numbers (month names allowed for months) and its bad mask.

    Text parts may carry their unit: ``2024年``, ``FY2024``, ``W27``, ``第27周``, ``7月``,
    ``30日``.
    """
    if not pd.api.types.is_numeric_dtype(s) and not (
        part == "month" and s.dropna().astype("str").str.strip().str.lower().isin(_MONTHS).all()
    ):
        s = s.astype("str").str.replace(_PART_AFFIX, "", regex=True).where(s.notna(), None)
    if part == "month" and not pd.api.types.is_numeric_dtype(s):
        low = s.astype("str").str.strip().str.lower().str.rstrip(".")
        named = low.map(_MONTHS)
        v, bad = to_number(s.where(named.isna(), None))
        v = v.where(named.isna(), named.astype("float64"))
        bad = bad & named.isna()
    else:
        v, bad = to_number(s)
    lo, hi = _PART_RANGE[part]
    out = ((v < lo) | (v > hi) | (v != np.floor(v))) & v.notna()
    return v.where(~out), (bad | out).astype(bool)


def _fits_part(s: pd.Series, part: str) -> bool:
    smp = s.dropna().head(200)
    smp = smp[~total_cells(smp)]  # a sum row ("Total") is no evidence against the part
    if smp.empty:
        return False
    v, bad = _part_values(smp, part)
    return bool(v.notna().mean() >= 0.9)


def date_parts(mapping: Mapping[str, str]) -> dict[str, str]:
    """The ``date[part]`` entries of a mapping: part -> column."""
    out = {}
    for key, col in mapping.items():
        m = _PART_KEY.match(str(key))
        if m and col not in (None, ""):
            out[m.group(1)] = col
    return out


def parts_usable(parts: Mapping[str, str]) -> bool:
    """Do the parts make a date (year + month / year + week / month + day (+ year))?"""
    have = set(parts)
    return {"year", "month"} <= have or {"year", "week"} <= have or {"month", "day"} <= have


def detect_date_parts(
    frame: pd.DataFrame, used: set[str], date_col: str | None = None
) -> dict[str, str]:
    """Columns giving a date in parts (``date[year]`` -> ``Year`` ...), or {} when none do.

    Taken only when the parts make a date and no full date column is mapped
    (``date_col`` is None or is itself one of the parts, e.g. ``Month``).
    """
    found: dict[str, str] = {}
    for c in frame.columns:
        if c in used and c != date_col:
            continue
        part = is_date_part_name(c)
        if part and part not in found and _fits_part(frame[c], part):
            found[part] = c
    if not parts_usable(found):
        return {}
    if date_col is not None and date_col not in found.values():
        return {}
    if "week" in found and "month" in found:
        found.pop("week")  # a month and a day (or a year) say more than a week number
    if "day" in found and "month" not in found:
        found.pop("day")
    return {f"date[{p}]": found[p] for p in DATE_PARTS if p in found}


def year_from_context(
    filename: str | None, frame: pd.DataFrame | None = None, used: set[str] | None = None
) -> tuple[int | None, str]:
    """A year the file itself states: one year in its name (``spend_2023_monthly.csv``),
    else an unmapped year column holding a single year.

    Returns
    -------
    (int or None, str)
        The year and where it was found (the file name or the column's name); (None, "")
        when neither says.
    """
    years = set(_YEAR_IN_NAME.findall(str(filename or "")))
    if len(years) == 1:
        return int(years.pop()), str(filename)
    if frame is not None:
        for c in frame.columns:
            if used and c in used:
                continue
            if is_date_part_name(c) == "year":
                v, _ = _part_values(frame[c].head(10_000), "year")
                u = v.dropna().unique()
                if len(u) == 1:
                    return int(u[0]), str(c)
    return None, ""


def dates_from_parts(
    frame: pd.DataFrame, parts: Mapping[str, str], year: int | None
) -> tuple[pd.Series, pd.Series, str]:
    """Dates from part columns; returns (dates, bad mask, how) with ``how`` one of
    ``"month"`` (year + month: the 1st), ``"week"`` (year + ISO week: its Monday) and
    ``"day"`` (year or ``year`` + month + day)."""
    vals: dict[str, pd.Series] = {}
    bad = pd.Series(np.zeros(len(frame), dtype=bool))
    for part, col in parts.items():
        v, b = _part_values(frame[col].reset_index(drop=True), part)
        vals[part] = v
        bad = bad | b | v.isna()
    n = len(frame)
    y = vals.get("year")
    if y is None:
        y = pd.Series(np.full(n, float(year if year is not None else ASSUMED_YEAR)))
    if "month" in vals:
        how = "day" if "day" in vals else "month"
        day = vals.get("day", pd.Series(np.ones(n)))
        ok = ~bad
        dates = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
        if ok.any():
            parsed = pd.to_datetime(
                {"year": y[ok], "month": vals["month"][ok], "day": day[ok]}, errors="coerce"
            )
            dates.loc[ok] = parsed.astype("datetime64[us]")
    else:
        how = "week"
        ok = ~bad
        dates = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
        if ok.any():
            text = (
                y[ok].astype("Int64").astype("str")
                + "-"
                + vals["week"][ok].astype("Int64").astype("str")
                + "-1"
            )
            dates.loc[ok] = pd.to_datetime(text, format="%G-%V-%u", errors="coerce").astype(
                "datetime64[us]"
            )
    bad = (bad | dates.isna()).astype(bool)
    return dates, bad, how


# ---------------------------------------------------------------- spend of one channel

#: The channel of a spend file without a channel column when neither its name nor its
#: headers name one ad platform and the user chose no label.
DEFAULT_CHANNEL = "all"

# Ad platforms a spend file of one channel may be named after (file name or headers):
# label -> (words matched anywhere in the text, words matched as whole tokens only).
_PLATFORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Google Ads": (("google", "adwords"), ("gads",)),
    "Meta Ads": (("facebook", "instagram"), ("fb", "meta")),
    "TikTok Ads": (("tiktok",), ()),
    "巨量引擎": (("douyin", "oceanengine", "抖音", "巨量", "千川"), ()),
    "Microsoft Ads": (("microsoftads", "bingads"), ("bing",)),
    "Amazon Ads": (("amazonads", "sponsoredproducts", "sponsoredbrands"), ()),
    "LinkedIn Ads": (("linkedin",), ()),
    "Snapchat Ads": (("snapchat",), ()),
    "Pinterest Ads": (("pinterest",), ()),
    "百度推广": (("baidu", "百度"), ()),
    "腾讯广告": (("广点通", "腾讯广告"), ("gdt",)),
    "快手磁力": (("快手", "kuaishou", "磁力"), ()),
    "直通车": (("直通车",), ("ztc",)),
    "引力魔方": (("引力魔方",), ()),
    "万相台": (("万相台",), ()),
    "京东快车": (("京东快车", "京准通"), ("jdkc",)),
    "多多搜索": (("多多搜索", "多多推广"), ()),
}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _platforms_in(text: str) -> set[str]:
    """Ad platforms a text names (``GoogleAds_Sales.csv``, ``fb_campaign_id``, ``抖音投放``)."""
    split = _CAMEL.sub(" ", str(text))
    tokens = {w for w in _TOKEN_SPLIT.split(split.lower()) if w}
    flat = al.norm(text)
    out = set()
    for label, (anywhere, whole) in _PLATFORMS.items():
        if any(w in flat for w in anywhere) or tokens & set(whole):
            out.add(label)
    return out


def platform_channel(filename: str | None, columns: Any = ()) -> tuple[str | None, str]:
    """The ad platform a spend file without a channel column is from, where it is clear.

    The file name decides when it names exactly one platform (``google_ads.csv``,
    ``facebook_ads.csv``, ``抖音投放日报.xlsx``); else the headers, when together they name
    exactly one (Facebook's ``fb_campaign_id``). Several platforms, or none: not clear.

    Returns
    -------
    (str or None, str)
        The channel label (``"Google Ads"``, ``"Meta Ads"``, ``"TikTok Ads"``, ``"巨量引擎"``,
        ``"直通车"``, ``"京东快车"`` ...) and what named it (the file name or the header);
        (None, "") when not clear.
    """
    name = str(filename or "")
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    found = _platforms_in(stem)
    if len(found) == 1:
        return found.pop(), name
    if found:
        return None, ""
    hits: dict[str, str] = {}
    for c in columns:
        for label in _platforms_in(str(c)):
            hits.setdefault(label, str(c))
    if len(hits) == 1:
        label, col = hits.popitem()
        return label, col
    return None, ""


# ---------------------------------------------------------------- wide spend


def total_kind(name: object) -> str | None:
    """ "total" for a grand-total header (``Total``, ``合计``, ``Grand Total``, ``Sum``),
    "subtotal" for a part total (``Subtotal``, ``小计``, ``Digital total``), else None."""
    key = al.norm(name)
    if not key:
        return None
    if _GRAND_TOTAL.match(key):
        return "total"
    if _SUBTOTAL.search(key):
        return "subtotal"
    return None


def _decimals(v: np.ndarray) -> int:
    """Decimal places the values were rounded to (0..6)."""
    v = v[np.isfinite(v)]
    for k in range(7):
        scaled = v * 10.0**k
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1.0, np.abs(scaled))):
            return k
    return 6


def check_total(
    channels: Mapping[str, pd.Series], total: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Do the channels add up to the total on each row, within rounding?

    Each value is taken as rounded to the decimals its column shows, so a row's
    channels may differ from its total by up to half a unit of each column's last
    decimal, summed (plus 1e-9 relative). Rows where the total or every channel
    is empty are not checked.

    Returns
    -------
    (ok, sums, checked)
        ``ok``: True where the row adds up (or is not checked); ``sums``: the
        channels' sum per row; ``checked``: True where the row was compared.
    """
    t = pd.to_numeric(total, errors="coerce").to_numpy(dtype="float64")
    vals = [pd.to_numeric(v, errors="coerce").to_numpy(dtype="float64") for v in channels.values()]
    stack = np.vstack(vals) if vals else np.zeros((0, len(t)))
    present = ~np.isnan(stack)
    sums = np.where(present, stack, 0.0).sum(axis=0)
    tol = 0.5 * 10.0 ** -_decimals(t)
    for v in vals:
        tol = tol + 0.5 * 10.0 ** -_decimals(v)
    checked = ~np.isnan(t) & present.any(axis=0)
    ok = ~checked | (np.abs(sums - t) <= tol + 1e-9 * np.abs(t))
    return ok, sums, checked


_AD_AFFIX = re.compile(r"(ads|ad|advertising|media|广告|投放|推广)$")


def _channel_word(name: object) -> bool:
    """Is the header a paid-media channel name (``TV``, ``Facebook Ads``, ``抖音投放``)?"""
    key = al.norm(name)
    return key in _CHANNEL_WORDS or _AD_AFFIX.sub("", key) in _CHANNEL_WORDS


def _quick_numbers(s: pd.Series) -> pd.Series | None:
    """Plain numbers (``1,234.5``, ``¥99``) of a few rows, or None when most are not."""
    if pd.api.types.is_bool_dtype(s):
        return None
    if pd.api.types.is_numeric_dtype(s):
        return s.astype("float64").reset_index(drop=True)
    t = s.dropna().astype("str").str.strip()
    if t.empty:
        return None
    v = pd.to_numeric(t.str.replace(r"[,\s¥￥$€£]", "", regex=True), errors="coerce")
    if v.notna().mean() < 0.9:
        return None
    return v.reindex(s.index).reset_index(drop=True)


def bare_channel_columns(
    frame: pd.DataFrame, used: set[str], numeric: Any
) -> tuple[dict[str, str], list[str]]:
    """Wide spend columns named by the channel alone (``TV``, ``Facebook``, ``抖音``).

    Taken when a grand-total column exists and the other numeric columns add up to it
    on at least 90% of the rows it is given, or else when at least two headers are
    channel names (paid media: TV, Search, Facebook, 直通车 ...). Date parts, totals,
    measures (revenue, clicks ...) and used columns are never channels.

    Returns
    -------
    (dict, list)
        ``spend[<channel>]`` -> column, and the total / subtotal columns seen.
    """
    totals = [c for c in frame.columns if c not in used and total_kind(c)]
    # names first (cheap); the values are looked at only for columns that could qualify
    names = [
        c
        for c in frame.columns
        if c not in used
        and c not in totals
        and str(c).strip()
        and not is_date_part_name(c)
        and not _MEASURES.match(al.norm(c))
        and not _MONEY_PARTS.search(al.norm(c))
    ]
    grand = next((c for c in totals if total_kind(c) == "total"), None)
    if grand is not None and len(names) >= 2:
        # evidence first, cheaply (plain numbers of the first rows); the full checks of the
        # values only when the columns do add up to the total
        head = frame.head(500)
        quick = {c: _quick_numbers(head[c]) for c in [grand, *names]}
        cands = [c for c in names if quick[c] is not None]
        if len(cands) >= 2 and quick[grand] is not None:
            ok, _, checked = check_total({c: quick[c] for c in cands}, quick[grand])
            if (
                checked.any()
                and ok[checked].mean() >= 0.9
                and numeric(grand)
                and all(numeric(c) for c in cands)
            ):
                return {f"spend[{str(c).strip()}]": c for c in cands}, totals
    named = [c for c in names if _channel_word(c)]
    named = [c for c in named if numeric(c)] if len(named) >= 2 else []
    if len(named) >= 2:
        return {f"spend[{str(c).strip()}]": c for c in named}, totals
    return {}, totals


_TOKEN_SPLIT = re.compile(r"[\s_\-./\\()（）\[\]【】:：,，&+|]+")


def names_channel(name: object) -> bool:
    """Does the header name a paid-media channel, alone or as one of its words
    (``TV``, ``GRP (OOH)``, ``Facebook Ads``, ``抖音投放``)?"""
    if _channel_word(name):
        return True
    words = [w for w in _TOKEN_SPLIT.split(str(name).strip().lower()) if w]
    if len(words) < 2:
        return False
    if any(_MEASURES.match(w) for w in words):
        return False  # "TV clicks", "Search revenue": a measure of a channel, not its spend
    pairs = [a + b for a, b in zip(words, words[1:], strict=False)]
    return any(al.norm(w) in _CHANNEL_WORDS for w in [*words, *pairs])


def _channel_candidates(frame: pd.DataFrame, used: set[str]) -> list[str]:
    """Columns that could be a wide table's channel: named, and not a date part, a total,
    a measure (revenue, clicks ...) or a part of an order's money (received, due ...)."""
    return [
        c
        for c in frame.columns
        if c not in used
        and str(c).strip()
        and not str(c).strip().lower().startswith("unnamed")
        and not total_kind(c)
        and not is_date_part_name(c)
        and not _MEASURES.match(al.norm(c))
        and not _MONEY_PARTS.search(al.norm(c))
    ]


def more_channels(
    frame: pd.DataFrame, found: Mapping[str, str], used: set[str], numeric: Any
) -> dict[str, str]:
    """More channel columns of a wide spend table whose channels ``found`` (label -> column)
    were named as spend (``PPC Spend``, ``Display Spend``).

    A column is a channel too when its header names a channel among its words (``GRP
    (OOH)``), or, whatever its name, when with it the channels add up to a grand-total
    column (``total``) on at least 90% of the rows where they did not without it.

    Returns
    -------
    dict
        ``spend[<column>]`` -> column for each further channel.
    """
    taken = set(used) | set(found.values())
    cands = _channel_candidates(frame, taken)
    out = {f"spend[{str(c).strip()}]": c for c in cands if names_channel(c) and numeric(c)}
    grand = next((c for c in frame.columns if c not in taken and total_kind(c) == "total"), None)
    if grand is None:
        return out
    head = frame.head(500)
    tot = _quick_numbers(head[grand])
    if tot is None:
        return out
    chans = [*found.values(), *out.values()]
    quick = {c: _quick_numbers(head[c]) for c in chans}
    if any(v is None for v in quick.values()):
        return out

    def adds_up(extra: dict[str, pd.Series]) -> bool:
        ok, _, checked = check_total({**quick, **extra}, tot)
        return bool(checked.any() and ok[checked].mean() >= 0.9)

    if adds_up({}):
        return out
    rest = [c for c in cands if c not in out.values()]
    for c in rest:  # one column that completes the sum (the usual case: a channel not named)
        v = _quick_numbers(head[c])
        if v is not None and adds_up({c: v}) and numeric(c):
            out[f"spend[{str(c).strip()}]"] = c
            return out
    return out


def total_cells(s: pd.Series) -> np.ndarray:
    """Rows whose cell says Total / 合计 / 小计 (a table's sum row), judged per distinct value."""
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return np.zeros(len(s), dtype=bool)
    codes, uniques = pd.factorize(s)
    hit = np.array([isinstance(v, str) and bool(total_kind(v)) for v in uniques] + [False])
    return hit[codes]


_DATE_OF = {"orders": "order_time", "events": "event_time"}


def needs_year(frame: pd.DataFrame, kind: str, mapping: Mapping[str, str]) -> bool:
    """Would importing ``frame`` as ``kind`` with ``mapping`` need a year the dates lack?

    True for spend dated by month + day (no year part) and for a date column holding only
    months or week numbers (judged on a sample of its values, as the import reads them).
    """
    from analytics.coerce import to_datetime

    parts = date_parts(mapping)
    if parts and "year" not in parts and parts_usable(parts):
        return True
    col = mapping.get(_DATE_OF.get(kind, "date"))
    if col is None or col not in frame.columns:
        return False
    smp = frame[col].dropna().head(500)
    notes: list = []
    to_datetime(smp, name=str(col), notes=notes)
    return any(code in {"month_only", "week_of_year"} for code, _ in notes)


def long_total_rows(
    channel: pd.Series, date: pd.Series, spend: pd.Series, dropped: np.ndarray
) -> tuple[np.ndarray, tuple[str, dict[str, Any]] | None]:
    """Total rows of a long spend table (channel ``Total`` / ``合计`` on a date).

    Returns the rows to leave out and a note: ``total_left_out`` when on every date the
    other channels add up to the total row (within the rounding of the values' decimals),
    else ``total_mismatch`` naming the worst total row (file row numbers from 1).
    """
    hit = total_cells(channel)
    if not hit.any():
        return hit, None
    keep = ~hit & ~dropped
    v = pd.to_numeric(spend, errors="coerce").to_numpy(dtype="float64")
    d = pd.Series(date).reset_index(drop=True)
    parts = pd.Series(np.where(keep, v, np.nan)).groupby(d.where(keep)).sum(min_count=1)
    rows = np.flatnonzero(hit & ~dropped)
    tot = pd.Series(v[rows], index=rows)
    got = d.iloc[rows].map(parts).to_numpy(dtype="float64")
    n_parts = d.where(keep).value_counts()
    k = d.iloc[rows].map(n_parts).fillna(0).to_numpy(dtype="float64")
    tol = 0.5 * 10.0 ** -_decimals(v[np.isfinite(v)]) * (k + 1) + 1e-9 * np.abs(tot.to_numpy())
    checked = np.isfinite(tot.to_numpy()) & np.isfinite(got)
    bad = checked & (np.abs(got - tot.to_numpy()) > tol)
    col = str(channel.name) if channel.name is not None else "channel"
    if not checked.any():
        return hit, ("total_left_out_unchecked", {"column": col})
    if not bad.any():
        return hit, ("total_left_out", {"column": col, "rows": int(checked.sum())})
    diff = np.where(bad, np.abs(got - tot.to_numpy()), -1.0)
    w = int(np.argmax(diff))
    return hit, (
        "total_mismatch",
        {
            "column": col,
            "count": int(bad.sum()),
            "rows": int(checked.sum()),
            "row": int(rows[w]) + 1,
            "total": f"{tot.iloc[w]:,.2f}",
            "sum": f"{got[w]:,.2f}",
        },
    )
