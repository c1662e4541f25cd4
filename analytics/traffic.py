"""Traffic-source mix: channel grouping, per-channel table, mix over time, change split.

Channel grouping follows Google Analytics 4's *default channel group* rules,
applied first-match in Google's published order (Direct, Cross-network, Paid
Shopping, Paid Search, Paid Social, Paid Video, Display, Paid Other, Organic
Shopping, Organic Social, Organic Video, Organic Search, Referral, Email,
Affiliates, Audio, SMS, Mobile Push Notifications, else Unassigned), matched
case-insensitively. "Matches regex" is a full match, as in GA4. Source lists
come from Google's source-category list (``data/ga4_source_categories.csv``,
MIT, see ``data/LICENSE-ga4-categories.txt``) extended with the Chinese
platforms it lacks (``data/cn_source_categories.csv``). Source names of
Chinese shop back-ends (生意参谋: 直通车, 万相台, 猜你喜欢, ...) map straight
to a channel through a *custom mapping* (``data/cn_source_channels.csv``) that
is applied before the GA4 rules and that the user may edit.

Metrics follow the app's glossary: CR = buyers / visitors, AOV = revenue /
orders, UV value = revenue / visitors, ROAS = revenue / spend,
ROI = (revenue - spend) / spend, CPA = spend / orders. A metric that cannot
be computed (no spend, zero visitors) is NaN, never inf or 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import orders as ordrule
from analytics.messages import AnalyticsError

__all__ = [
    "CHANNELS",
    "CATEGORIES",
    "RULES",
    "channel_group",
    "match_rule",
    "default_categories",
    "default_custom_rules",
    "classify",
    "classify_rowwise",
    "TrafficMix",
    "build_mix",
    "channel_table",
    "mix_over_time",
    "Decomposition",
    "decompose",
    "lmdi",
    "efficiency",
    "suggestions",
    "unassigned_pairs",
    "previous_period",
    "waterfall_steps",
    "explain",
    "build_mix_frames",
    "METRICS",
]

DATA = Path(__file__).resolve().parent / "data"

CHANNELS: tuple[str, ...] = (
    "Direct",
    "Cross-network",
    "Paid Shopping",
    "Paid Search",
    "Paid Social",
    "Paid Video",
    "Display",
    "Paid Other",
    "Organic Shopping",
    "Organic Social",
    "Organic Video",
    "Organic Search",
    "Referral",
    "Email",
    "Affiliates",
    "Audio",
    "SMS",
    "Mobile Push Notifications",
    "Unassigned",
)
CATEGORIES: tuple[str, ...] = (
    "SOURCE_CATEGORY_SEARCH",
    "SOURCE_CATEGORY_SHOPPING",
    "SOURCE_CATEGORY_SOCIAL",
    "SOURCE_CATEGORY_VIDEO",
)
# Rule ids in evaluation order (after "file" = the row carried a channel, and
# "custom" = the editable mapping). The UI translates ``traffic.rule.<id>``.
RULES: tuple[str, ...] = (
    "file",
    "custom",
    "direct",
    "cross_network",
    "paid_shopping",
    "paid_search",
    "paid_social",
    "paid_video",
    "display",
    "paid_other",
    "organic_shopping",
    "organic_social",
    "organic_video",
    "organic_search",
    "referral",
    "email",
    "affiliates",
    "audio",
    "sms",
    "push",
    "unassigned",
)

_PAID = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$", re.IGNORECASE | re.DOTALL)
_SHOP_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$", re.IGNORECASE | re.DOTALL)
_VIDEO_MEDIUM = re.compile(r"^(.*video.*)$", re.IGNORECASE | re.DOTALL)
_DISPLAY = frozenset({"display", "banner", "expandable", "interstitial", "cpm"})
_SOCIAL_MEDIUM = frozenset(
    {"social", "social-network", "social-media", "sm", "social network", "social media"}
)
_REFERRAL = frozenset({"referral", "app", "link"})
_EMAIL = frozenset({"email", "e-mail", "e_mail", "e mail"})
_CHANNEL_CASE = {c.lower(): c for c in CHANNELS}


def _norm(value: object, missing: str = "") -> str:
    """Lower-case, stripped text; ``missing`` for None / NaN / empty."""
    if value is None:
        return missing
    if isinstance(value, float) and math.isnan(value):
        return missing
    if value is pd.NA or value is pd.NaT:
        return missing
    text = str(value).strip().lower()
    return text or missing


# --------------------------------------------------------------------------- tables


@cache
def _read_categories() -> pd.DataFrame:
    ga4 = pd.read_csv(DATA / "ga4_source_categories.csv", dtype=str, comment=None)
    ga4["origin"] = "GA4"
    cn = pd.read_csv(DATA / "cn_source_categories.csv", dtype=str, comment="#")
    cn["origin"] = "CN"
    out = pd.concat([ga4, cn], ignore_index=True)
    return out[["source", "source_category", "origin"]]


def default_categories() -> pd.DataFrame:
    """Google's source-category list plus the Chinese platforms it lacks.

    Returns
    -------
    DataFrame with ``source``, ``source_category`` (one of :data:`CATEGORIES`)
    and ``origin`` (``"GA4"`` or ``"CN"``).
    """
    return _read_categories().copy()


@cache
def _read_custom() -> pd.DataFrame:
    return pd.read_csv(DATA / "cn_source_channels.csv", dtype=str, comment="#")


def default_custom_rules() -> pd.DataFrame:
    """The default custom mapping: Chinese back-end source names -> channel.

    Returns
    -------
    DataFrame with ``source``, ``medium`` (``"*"`` = any) and ``channel``.
    These rows are checked before the GA4 rules; the page lets the user edit them.
    """
    return _read_custom().copy()


def _custom_key(custom: pd.DataFrame | None) -> tuple[tuple[str, str, str], ...]:
    if custom is None:
        custom = _read_custom()
    missing = {"source", "medium", "channel"} - set(custom.columns)
    if missing:
        raise AnalyticsError("analytics.traffic.custom_columns", missing=", ".join(sorted(missing)))
    rows = []
    for s, m, c in custom[["source", "medium", "channel"]].itertuples(index=False):
        s_, m_ = _norm(s, "*"), _norm(m, "*")
        c_ = "" if c is None or (isinstance(c, float) and math.isnan(c)) else str(c).strip()
        if c_ and not (s_ == "*" and m_ == "*"):
            rows.append((s_, m_, _CHANNEL_CASE.get(c_.lower(), c_)))
    return tuple(rows)


def _categories_key(categories: pd.DataFrame | None) -> tuple[tuple[str, str], ...] | None:
    if categories is None:
        return None
    if not {"source", "source_category"} <= set(categories.columns):
        raise AnalyticsError("analytics.traffic.category_columns")
    rows = []
    for s, c in categories[["source", "source_category"]].itertuples(index=False):
        s_, c_ = _norm(s), _norm(c).upper()
        if s_ and c_:
            if not c_.startswith("SOURCE_CATEGORY_"):
                c_ = "SOURCE_CATEGORY_" + c_
            rows.append((s_, c_))
    return tuple(rows)


class _Classifier:
    """The compiled rules: lookup dicts built once per (custom, categories)."""

    def __init__(self, custom: tuple, categories: tuple | None) -> None:
        if categories is None:
            cat = _read_categories()
            categories = tuple(
                (_norm(s), str(c).upper())
                for s, c in zip(cat["source"], cat["source_category"], strict=True)
            )
        self.category: dict[str, str] = {}
        for s, c in categories:
            self.category.setdefault(s, c)
        self.exact: dict[tuple[str, str], str] = {}
        self.by_source: dict[str, str] = {}
        self.by_medium: dict[str, str] = {}
        for s, m, c in custom:
            if s != "*" and m != "*":
                self.exact.setdefault((s, m), c)
            elif s != "*":
                self.by_source.setdefault(s, c)
            else:
                self.by_medium.setdefault(m, c)

    def _cat(self, source: str) -> str:
        c = self.category.get(source)
        if c is None and source.startswith("www."):
            c = self.category.get(source[4:])
        return c or ""

    def __call__(self, source: str, medium: str, campaign: str) -> tuple[str, str]:
        """(channel, rule id) of normalised ``source``, ``medium``, ``campaign``."""
        hit = (
            self.exact.get((source, medium))
            or self.by_source.get(source)
            or self.by_medium.get(medium)
        )
        if hit:
            return hit, "custom"
        cat = self._cat(source)
        paid = bool(_PAID.match(medium))
        shop = cat == "SOURCE_CATEGORY_SHOPPING" or bool(_SHOP_CAMPAIGN.match(campaign))
        if source == "(direct)" and medium in ("(not set)", "(none)"):
            return "Direct", "direct"
        if "cross-network" in campaign:
            return "Cross-network", "cross_network"
        if paid:
            if shop:
                return "Paid Shopping", "paid_shopping"
            if cat == "SOURCE_CATEGORY_SEARCH":
                return "Paid Search", "paid_search"
            if cat == "SOURCE_CATEGORY_SOCIAL":
                return "Paid Social", "paid_social"
            if cat == "SOURCE_CATEGORY_VIDEO":
                return "Paid Video", "paid_video"
        if medium in _DISPLAY:
            return "Display", "display"
        if paid:
            return "Paid Other", "paid_other"
        if shop:
            return "Organic Shopping", "organic_shopping"
        if cat == "SOURCE_CATEGORY_SOCIAL" or medium in _SOCIAL_MEDIUM:
            return "Organic Social", "organic_social"
        if cat == "SOURCE_CATEGORY_VIDEO" or _VIDEO_MEDIUM.match(medium):
            return "Organic Video", "organic_video"
        if cat == "SOURCE_CATEGORY_SEARCH" or medium == "organic":
            return "Organic Search", "organic_search"
        if medium in _REFERRAL:
            return "Referral", "referral"
        if source in _EMAIL or medium in _EMAIL:
            return "Email", "email"
        if medium == "affiliate":
            return "Affiliates", "affiliates"
        if medium == "audio":
            return "Audio", "audio"
        if source == "sms" or medium == "sms":
            return "SMS", "sms"
        if (
            medium.endswith("push")
            or "mobile" in medium
            or "notification" in medium
            or source == "firebase"
        ):
            return "Mobile Push Notifications", "push"
        return "Unassigned", "unassigned"


@lru_cache(maxsize=16)
def _classifier(custom: tuple, categories: tuple | None) -> _Classifier:
    return _Classifier(custom, categories)


def _get_classifier(custom: pd.DataFrame | None, categories: pd.DataFrame | None) -> _Classifier:
    return _classifier(_custom_key(custom), _categories_key(categories))


def match_rule(
    source: object,
    medium: object,
    campaign: object = None,
    *,
    custom: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
) -> tuple[str, str]:
    """The channel of one source / medium / campaign and the id of the rule that matched.

    Parameters
    ----------
    source, medium, campaign
        As in a GA4 export or UTM tags. Missing values count as ``"(not set)"``.
    custom
        The custom mapping (``source``, ``medium``, ``channel``; ``"*"`` = any),
        checked first; default :func:`default_custom_rules`. Pass an empty frame
        with those columns for the pure GA4 rules.
    categories
        The source-category table (``source``, ``source_category``); default
        :func:`default_categories`.

    Returns
    -------
    (channel, rule) where rule is one of :data:`RULES`.
    """
    clf = _get_classifier(custom, categories)
    return clf(_norm(source, "(not set)"), _norm(medium, "(not set)"), _norm(campaign, "(not set)"))


def channel_group(
    source: object,
    medium: object,
    campaign: object = None,
    *,
    custom: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
) -> str:
    """The GA4 default channel group (English name) of one source / medium / campaign.

    Examples
    --------
    >>> channel_group("google", "cpc")
    'Paid Search'
    >>> channel_group("(direct)", "(none)")
    'Direct'
    >>> channel_group("小红书", "social")
    'Organic Social'
    >>> channel_group("直通车", None)
    'Paid Search'
    """
    return match_rule(source, medium, campaign, custom=custom, categories=categories)[0]


def _column_or_missing(frame: pd.DataFrame, col: str) -> pd.Series:
    if col in frame.columns:
        return frame[col]
    return pd.Series(pd.NA, index=frame.index, dtype="object")


def _factorize(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    uniques = np.asarray(uniques, dtype=object)
    # code -1 (missing) -> an extra slot at the end holding None
    n = len(uniques)
    codes = np.where(codes < 0, n, codes)
    return codes, np.append(uniques, None)


def _compress(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of ``key`` and the position of each code's first row."""
    codes, uniques = pd.factorize(key)
    codes = np.asarray(codes, dtype=np.int64)
    first = np.full(len(uniques), -1, dtype=np.int64)
    # the first row of each code: scatter in reverse so the earliest row wins
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return codes, first


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _one(
    clf: _Classifier, source: object, medium: object, campaign: object, carried: object, keep: bool
) -> tuple[str, str]:
    """(channel, rule) of one row: a carried channel, else the rules."""
    given = _text(carried)
    if given and keep:
        return _CHANNEL_CASE.get(given.lower(), given), "file"
    src = _norm(source, "")
    if given and not src:
        # regroup a channel name given in the file (e.g. 生意参谋 source names)
        ch, rule = clf(given.lower(), _norm(medium, "(not set)"), _norm(campaign, "(not set)"))
        if rule == "unassigned":
            return _CHANNEL_CASE.get(given.lower(), given), "file"
        return ch, rule
    return clf(src or "(not set)", _norm(medium, "(not set)"), _norm(campaign, "(not set)"))


def classify(
    traffic: pd.DataFrame,
    custom: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
    *,
    keep_channel: bool = True,
) -> pd.DataFrame:
    """Fill ``channel`` from ``source`` / ``medium`` / ``campaign`` (vectorised).

    Each distinct (source, medium, campaign, channel) combination is classified
    once with :func:`match_rule` and mapped back to the rows, so the cost grows
    with the number of distinct combinations, not rows.

    Parameters
    ----------
    traffic
        Canonical traffic frame; uses ``source``, ``medium``, ``campaign`` and
        ``channel`` where present.
    custom, categories
        As in :func:`match_rule`.
    keep_channel
        Rows that already carry a channel keep it (GA4 names are only re-cased),
        with rule ``"file"``. With False, the rules also regroup them: by
        source / medium where given, else the channel name is matched as a
        source (the custom mapping holds 生意参谋 names); a name no rule
        matches is kept.

    Returns
    -------
    A copy of ``traffic`` with ``channel`` filled and a ``rule`` column.
    """
    codes, triples = _classify_codes(traffic, custom, categories, keep_channel)
    out = traffic.copy()
    out["channel"] = triples["channel"].to_numpy(dtype=object)[codes]
    out["rule"] = triples["rule"].to_numpy(dtype=object)[codes]
    return out


def _classify_codes(
    traffic: pd.DataFrame,
    custom: pd.DataFrame | None,
    categories: pd.DataFrame | None,
    keep_channel: bool,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Row -> index into a table of the distinct (source, medium, campaign, channel) rows,
    each classified once: ``source``, ``medium``, ``campaign``, ``given``, ``channel``, ``rule``."""
    clf = _get_classifier(custom, categories)
    cols = ["source", "medium", "campaign", "channel"]
    parts = [_factorize(_column_or_missing(traffic, c)) for c in cols]
    key = np.zeros(len(traffic), dtype=np.int64)
    n_key = 1
    for codes, uniques in parts:
        size = len(uniques)
        if n_key * size >= 2**62:  # keep the combined key in int64
            key, first = _compress(key)
            n_key = len(first)
        key = key * size + codes
        n_key *= size
    inverse, first = _compress(key)
    vals = [u[c[first]] for c, u in parts]
    n = len(first)
    ch_out = np.empty(n, dtype=object)
    rule_out = np.empty(n, dtype=object)
    for j in range(n):
        ch_out[j], rule_out[j] = _one(
            clf, vals[0][j], vals[1][j], vals[2][j], vals[3][j], keep_channel
        )
    triples = pd.DataFrame(
        {
            "source": vals[0],
            "medium": vals[1],
            "campaign": vals[2],
            "given": vals[3],
            "channel": ch_out,
            "rule": rule_out,
        }
    )
    return inverse, triples


def classify_rowwise(
    traffic: pd.DataFrame,
    custom: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
    *,
    keep_channel: bool = True,
) -> pd.Series:
    """The obvious row-by-row ``apply`` of the rules (reference for tests and benchmarks)."""
    clf = _get_classifier(custom, categories)
    frame = traffic.assign(
        **{c: _column_or_missing(traffic, c) for c in ("source", "medium", "campaign", "channel")}
    )

    def one(row: pd.Series) -> str:
        return _one(
            clf, row["source"], row["medium"], row["campaign"], row["channel"], keep_channel
        )[0]

    return frame.apply(one, axis=1)


# --------------------------------------------------------------------------- daily mix

_SUM_COLS = ("visitors", "sessions", "buyers", "orders", "revenue", "spend")


@dataclass(frozen=True)
class TrafficMix:
    """Traffic (and sales) by day and channel, ready for every view of the page.

    Attributes
    ----------
    daily
        Columns ``date``, ``channel``, ``volume`` (visitors, else sessions),
        and where known ``buyers``, ``orders``, ``revenue``, ``spend``.
    pairs
        One row per distinct source / medium / campaign: ``source``, ``medium``,
        ``campaign``, ``channel``, ``rule``, ``rows``, ``volume``.
    volume
        ``"visitors"``, ``"sessions"`` or ``None`` (no traffic, orders only).
    revenue_from
        ``"traffic"``, ``"orders"`` or ``None``.
    spend_from
        ``"traffic"``, ``"spend"`` or ``None``.
    buyers_from
        ``"buyers"``, ``"orders"`` (orders stand in for buyers) or ``None``.
    """

    daily: pd.DataFrame
    pairs: pd.DataFrame
    volume: str | None
    revenue_from: str | None
    spend_from: str | None
    buyers_from: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has(self) -> dict[str, bool]:
        return {
            c: c in self.daily.columns for c in ("volume", "buyers", "orders", "revenue", "spend")
        }


def _usable(frame: pd.DataFrame | None, col: str) -> bool:
    return frame is not None and col in frame.columns and frame[col].notna().any()


def _day_index(dates: pd.Series) -> tuple[np.ndarray, np.datetime64 | None]:
    """Day number of each date from the first day (-1 for missing), and the first day."""
    d = np.asarray(pd.to_datetime(dates).to_numpy()).astype("datetime64[D]")
    ok = ~np.isnat(d)
    if not ok.any():
        return np.full(len(d), -1, dtype=np.int64), None
    first = d[ok].min()
    idx = np.where(ok, (d - first).astype(np.int64), -1)
    return idx, first


def _day_channel_sum(
    dates: pd.Series, ch_codes: np.ndarray, ch_names: np.ndarray, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Sum ``values`` by day and channel code (``ch_codes`` index ``ch_names``; -1 = none)."""
    day, first = _day_index(dates)
    n_c = max(len(ch_names), 1)
    ok = (day >= 0) & (ch_codes >= 0)
    if first is None or not ok.any():
        return pd.DataFrame({"date": pd.to_datetime([]), "channel": [], **{k: [] for k in values}})
    n_d = int(day[ok].max()) + 1
    key = day[ok] * n_c + ch_codes[ok]
    count = np.bincount(key, minlength=n_d * n_c)
    cells = np.flatnonzero(count)
    out = {
        "date": (first + (cells // n_c).astype("timedelta64[D]")).astype("datetime64[ns]"),
        "channel": pd.Series(np.asarray(ch_names, dtype=object)[cells % n_c], dtype=object),
    }
    for name, v in values.items():
        vv = np.nan_to_num(np.asarray(v, dtype=float)[ok], nan=0.0)
        out[name] = np.bincount(key, weights=vv, minlength=n_d * n_c)[cells]
    return pd.DataFrame(out)


def _labels_sum(
    dates: pd.Series, labels: np.ndarray, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    codes, names = pd.factorize(labels, use_na_sentinel=True)
    return _day_channel_sum(dates, np.asarray(codes, dtype=np.int64), np.asarray(names), values)


def _channel_of_labels(labels: pd.Series, clf: _Classifier, keep: bool) -> np.ndarray:
    """Channel names in another dataset (orders, spend), treated as a traffic file's own channel."""
    codes, uni = pd.factorize(labels, use_na_sentinel=True)
    mapped = np.empty(len(uni) + 1, dtype=object)
    for i, raw in enumerate(uni):
        mapped[i] = _one(clf, None, None, None, raw, keep)[0] if _text(raw) else None
    mapped[len(uni)] = None
    return mapped[np.where(np.asarray(codes) < 0, len(uni), codes)]


def build_mix(
    traffic: pd.DataFrame | None,
    orders: pd.DataFrame | None = None,
    spend: pd.DataFrame | None = None,
    *,
    custom: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
    keep_channel: bool = True,
) -> TrafficMix:
    """Classify traffic rows into channels and sum them by day and channel.

    Parameters
    ----------
    traffic
        Canonical traffic frame (``date``, ``channel`` or ``source``/``medium``,
        ``visitors`` or ``sessions``; optional ``buyers``, ``orders``,
        ``revenue``, ``spend``), or None when only orders are loaded.
    orders
        Canonical orders frame with ``channel``. Used for revenue, orders and
        buyers when the traffic frame has no revenue, by the order rule of
        :mod:`analytics.orders`: revenue = GMV (sum of the paid ``amount`` of
        sales lines: no never-paid ``is_void`` lines, no refund lines); orders
        = distinct ``order_id`` with a sales line; buyers = distinct
        ``customer_id`` (orders stand in for buyers when the orders have no
        customer IDs), per day and channel.
    spend
        Canonical spend frame (``date``, ``channel``, ``spend``), used when the
        traffic frame has no spend.
    custom, categories
        The mapping, as in :func:`match_rule`.
    keep_channel
        As in :func:`classify`; channel names of the orders and spend datasets
        are treated the same way, so all three line up.

    Returns
    -------
    :class:`TrafficMix`. Day-level counts are summed over days, as GA4 and
    生意参谋 daily exports are (a visitor on two days counts twice).
    """
    clf = _get_classifier(custom, categories)
    notes: list[str] = []
    frames = []
    volume = revenue_from = spend_from = buyers_from = None
    pairs = pd.DataFrame(
        columns=["source", "medium", "campaign", "channel", "rule", "rows", "volume"]
    )
    traffic_has_revenue = _usable(traffic, "revenue")
    if traffic is not None and len(traffic):
        volume = _volume_column(traffic, notes)
        sums, pairs = _traffic_sums(traffic, volume, custom, categories, keep_channel)
        frames.append(sums)
        values = set(sums.columns)
        if traffic_has_revenue:
            revenue_from = "traffic"
        if "spend" in values:
            spend_from = "traffic"
        if "buyers" in values:
            buyers_from = "buyers"
        elif "orders" in values:
            buyers_from = "orders"
    if not traffic_has_revenue and orders is not None and _usable(orders, "channel"):
        agg, with_customers = _orders_by_channel(orders, clf, keep_channel)
        if frames:  # the orders' sales replace the traffic file's
            frames[0] = frames[0].drop(columns=["revenue", "orders", "buyers"], errors="ignore")
        frames.append(agg)
        # without customer IDs each order stands in for a buyer
        revenue_from, buyers_from = "orders", ("buyers" if with_customers else "orders")
        notes.append("revenue_from_orders")
    elif not traffic_has_revenue and orders is not None:
        notes.append("orders_without_channel")
    if spend_from is None and spend is not None and _usable(spend, "spend") and "channel" in spend:
        ch = _channel_of_labels(spend["channel"], clf, keep_channel)
        amounts = {"spend": spend["spend"].to_numpy(dtype=float, na_value=np.nan)}
        frames.append(_labels_sum(spend["date"], ch, amounts))
        spend_from = "spend"
    if not frames:
        raise AnalyticsError("analytics.traffic.traffic_no_data")
    daily = _merge_daily(frames)
    return TrafficMix(daily, pairs, volume, revenue_from, spend_from, buyers_from, tuple(notes))


def _traffic_sums(traffic, volume, custom, categories, keep_channel):
    """The traffic file's volume (and buyers, orders, revenue, spend where usable) per day
    and channel, and the source / medium pairs with the channel each was given."""
    row_t, triples = _classify_codes(traffic, custom, categories, keep_channel)
    t_codes, ch_names = pd.factorize(triples["channel"])
    row_ch = np.asarray(t_codes, dtype=np.int64)[row_t]
    values = {"volume": traffic[volume].to_numpy(dtype=float, na_value=np.nan)}
    for col in ("buyers", "orders", "revenue", "spend"):
        if _usable(traffic, col):
            values[col] = traffic[col].to_numpy(dtype=float, na_value=np.nan)
    sums = _day_channel_sum(traffic["date"], row_ch, np.asarray(ch_names), values)
    return sums, _pairs(triples, row_t, values["volume"])


def _volume_column(traffic: pd.DataFrame, notes: list[str]) -> str:
    """The traffic volume column: visitors, else sessions (noted)."""
    if not ({"channel", "source"} & set(traffic.columns)):
        raise AnalyticsError("analytics.traffic.traffic_channel")
    sessions_only = (
        _usable(traffic, "sessions")
        and "visitors" in traffic.columns
        and traffic["visitors"].astype(float).equals(traffic["sessions"].astype(float))
    )  # the import filled visitors from sessions: the file had sessions only
    if _usable(traffic, "visitors") and not sessions_only:
        return "visitors"
    if _usable(traffic, "sessions"):
        notes.append("sessions_as_volume")
        return "sessions"
    raise AnalyticsError("analytics.traffic.traffic_visitors")


def _orders_by_channel(
    orders: pd.DataFrame, clf: _Classifier, keep_channel: bool
) -> tuple[pd.DataFrame, bool]:
    """Revenue, orders and buyers per day and channel by the order rule; customer IDs used?

    Sales lines only (:mod:`analytics.orders`: no void, no refund lines).
    """
    o = orders[ordrule.sale_mask(orders)]
    ch = _channel_of_labels(o["channel"], clf, keep_channel)
    day = pd.to_datetime(o["order_time"]).dt.normalize()
    g = pd.DataFrame({"date": day.to_numpy(), "channel": ch})
    g["amount"] = o["amount"].to_numpy(dtype=float, na_value=np.nan)
    g["order_id"] = o["order_id"].to_numpy() if "order_id" in o.columns else np.arange(len(o))
    with_customers = ordrule.has_customers(o)
    g["customer_id"] = o["customer_id"].to_numpy() if with_customers else g["order_id"].to_numpy()
    g = g.dropna(subset=["date", "channel"])
    agg = (
        g.groupby(["date", "channel"], sort=False)
        .agg(
            revenue=("amount", "sum"),
            orders=("order_id", "nunique"),
            buyers=("customer_id", "nunique"),
        )
        .reset_index()
    )
    for col in ("revenue", "orders", "buyers"):
        agg[col] = agg[col].astype(float)
    return agg, with_customers


def _merge_daily(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The day x channel sums of each source side by side (0 where a source has none)."""
    daily = frames[0]
    for extra in frames[1:]:
        daily = daily.merge(extra, on=["date", "channel"], how="outer")
    for col in ("volume", "buyers", "orders", "revenue", "spend"):
        if col in daily.columns:
            daily[col] = daily[col].astype(float).fillna(0.0)
    if "buyers" not in daily.columns and "orders" in daily.columns:
        daily["buyers"] = daily["orders"]
    if "orders" not in daily.columns and "buyers" in daily.columns:
        daily["orders"] = daily["buyers"]
    daily = daily.sort_values(["date", "channel"], kind="stable").reset_index(drop=True)
    # object, not arrow strings: the small frames built from it index faster
    daily["channel"] = daily["channel"].astype(object)
    daily["date"] = pd.to_datetime(daily["date"]).astype("datetime64[ns]")
    return daily


def _pairs(triples: pd.DataFrame, row_t: np.ndarray, volume: np.ndarray) -> pd.DataFrame:
    rows = np.bincount(row_t, minlength=len(triples))
    vol = np.bincount(row_t, weights=np.nan_to_num(volume, nan=0.0), minlength=len(triples))
    t = triples.assign(rows=rows, volume=vol)
    keys = ["source", "medium", "campaign", "channel", "rule"]
    out = t.groupby(keys, dropna=False, sort=False)[["rows", "volume"]].sum().reset_index()
    out = out[keys[:3] + ["channel", "rule", "rows", "volume"]]
    return out.sort_values("volume", ascending=False, kind="stable").reset_index(drop=True)


def unassigned_pairs(mix: TrafficMix, n: int = 20) -> pd.DataFrame:
    """The ``n`` commonest source / medium pairs no rule matched (by volume).

    Returns ``source``, ``medium``, ``rows``, ``volume``, ``share`` (of all volume).
    """
    p = mix.pairs
    total = float(p["volume"].sum()) if len(p) else 0.0
    un = p[p["channel"] == "Unassigned"]
    out = (
        un.groupby(["source", "medium"], dropna=False, sort=False)[["rows", "volume"]]
        .sum()
        .reset_index()
        .sort_values("volume", ascending=False, kind="stable")
        .head(n)
        .reset_index(drop=True)
    )
    out["share"] = out["volume"] / total if total > 0 else np.nan
    return out


# --------------------------------------------------------------------------- periods


def previous_period(
    start: pd.Timestamp, end: pd.Timestamp, how: str = "previous"
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The comparison period of ``[start, end]`` (both days included).

    ``how="previous"``: the same number of days just before. ``"week"``: 7
    days earlier. ``"month"``: one calendar month earlier. ``"year"``: one year earlier.
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if end < start:
        raise AnalyticsError("analytics.traffic.end_before_start")
    if how == "previous":
        days = (end - start).days + 1
        return start - pd.Timedelta(days=days), start - pd.Timedelta(days=1)
    if how == "week":
        return start - pd.Timedelta(days=7), end - pd.Timedelta(days=7)
    if how == "month":
        return start - pd.DateOffset(months=1), end - pd.DateOffset(months=1)
    if how == "year":
        return start - pd.DateOffset(years=1), end - pd.DateOffset(years=1)
    raise ValueError(f"Unknown comparison {how!r}; use previous, week, month or year.")


def _period_sums(daily: pd.DataFrame, start, end) -> pd.DataFrame:
    m = (daily["date"] >= pd.Timestamp(start)) & (daily["date"] <= pd.Timestamp(end))
    cols = [c for c in ("volume", "buyers", "orders", "revenue", "spend") if c in daily.columns]
    return daily.loc[m].groupby("channel", sort=False)[cols].sum()


def _div(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = a / b
    return np.where((b == 0) | ~np.isfinite(r), np.nan, r)


_RATE_METRICS = ("volume_share", "cr", "revenue_share", "roi", "spend_share")


def _metrics(s: pd.DataFrame, volume: str | None) -> dict[str, np.ndarray]:
    """Metric columns of per-channel sums ``s`` whose last row is the total."""
    has_vol = volume is not None and "volume" in s.columns
    nan = np.full(len(s), np.nan)

    def col(name: str) -> np.ndarray:
        return s[name].to_numpy(float) if name in s.columns else nan

    vol = col("volume") if has_vol else nan
    buyers, orders, revenue, spend = col("buyers"), col("orders"), col("revenue"), col("spend")
    tot_v = np.nansum(vol[:-1]) if has_vol else np.nan
    return {
        "volume": vol,
        "volume_share": _div(vol, tot_v) if has_vol else nan,
        "buyers": buyers,
        "orders": orders,
        "cr": _div(buyers, vol),
        "revenue": revenue,
        "revenue_share": _div(revenue, revenue[-1]) if len(revenue) else nan,
        "aov": _div(revenue, orders),
        "uv_value": _div(revenue, vol),
        "spend": spend,
        "spend_share": _div(spend, spend[-1] if len(spend) else np.nan),
        "roas": _div(revenue, spend),
        "roi": _div(revenue - spend, spend),
        # a channel without spend has no cost per order (n/a, not 0)
        "cpa": np.where(spend > 0, _div(spend, orders), np.nan),
    }


METRICS: tuple[str, ...] = (
    "volume",
    "volume_share",
    "buyers",
    "orders",
    "cr",
    "revenue",
    "revenue_share",
    "aov",
    "uv_value",
    "spend",
    "spend_share",
    "roas",
    "roi",
    "cpa",
)


def channel_table(
    mix: TrafficMix,
    start,
    end,
    prev_start=None,
    prev_end=None,
) -> pd.DataFrame:
    """Per-channel metrics for ``[start, end]`` and their change versus a comparison period.

    Parameters
    ----------
    mix
        From :func:`build_mix`.
    start, end
        The period (days included).
    prev_start, prev_end
        The comparison period; default the same number of days just before.

    Returns
    -------
    DataFrame indexed by ``channel`` (sorted by volume, then revenue; the last
    row is ``"Total"``) with, for each metric of :data:`METRICS`, the value,
    ``<metric>_prev`` and ``<metric>_change``: the relative change
    (cur / prev - 1) for counts and money, the difference in points for shares,
    CR and ROI. Definitions: ``volume`` = visitors (UV), else sessions;
    ``cr`` = buyers / volume; ``aov`` = revenue / orders; ``uv_value`` =
    revenue / volume; ``roas`` = revenue / spend; ``roi`` = (revenue - spend) /
    spend; ``cpa`` = spend / orders (n/a without spend). NaN where a metric cannot be computed or a
    column is absent.
    """
    if prev_start is None or prev_end is None:
        prev_start, prev_end = previous_period(start, end)
    daily = mix.daily
    cur = _period_sums(daily, start, end)
    prev = _period_sums(daily, prev_start, prev_end)
    channels = list(cur.index) + [c for c in prev.index if c not in cur.index]
    cur = cur.reindex(channels, fill_value=0.0)
    prev = prev.reindex(channels, fill_value=0.0)
    if mix.volume is None:
        cur = cur.drop(columns="volume", errors="ignore")
        prev = prev.drop(columns="volume", errors="ignore")
    cur.loc["Total"] = cur.sum()
    prev.loc["Total"] = prev.sum()
    m_cur = _metrics(cur, mix.volume)
    m_prev = _metrics(prev, mix.volume)
    cols: dict[str, np.ndarray] = {}
    for col in METRICS:
        cols[col] = m_cur[col]
        cols[f"{col}_prev"] = m_prev[col]
        if col in _RATE_METRICS:
            cols[f"{col}_change"] = m_cur[col] - m_prev[col]
        else:
            cols[f"{col}_change"] = _div(m_cur[col], m_prev[col]) - 1.0
    out = pd.DataFrame(cols, index=pd.Index(channels + ["Total"], name="channel", dtype=object))
    body = out.iloc[:-1]
    sort_keys = [c for c in ("volume", "revenue") if body[c].notna().any()]
    if sort_keys:
        body = body.sort_values(sort_keys, ascending=False, kind="stable", na_position="last")
    # channels with nothing in either period are left out
    keep = (
        body[["volume", "volume_prev", "revenue", "revenue_prev", "spend", "spend_prev"]]
        .fillna(0)
        .abs()
        .sum(axis=1)
        > 0
    )
    return pd.concat([body[keep], out.iloc[-1:]])


def mix_over_time(mix: TrafficMix, start=None, end=None, freq: str = "D") -> pd.DataFrame:
    """Visitors and revenue by period and channel, with each channel's share of the period.

    Parameters
    ----------
    freq
        ``"D"`` day, ``"W"`` week (starting Monday), ``"M"`` month.

    Returns
    -------
    Long DataFrame: ``period`` (start of the period), ``channel``, ``volume``,
    ``revenue`` (where known), ``volume_share``, ``revenue_share``.
    """
    daily = mix.daily
    if start is not None:
        daily = daily[daily["date"] >= pd.Timestamp(start)]
    if end is not None:
        daily = daily[daily["date"] <= pd.Timestamp(end)]
    if freq == "D":
        period = daily["date"]
    elif freq == "W":
        period = daily["date"] - pd.to_timedelta(daily["date"].dt.day_of_week, unit="D")
    elif freq == "M":
        period = daily["date"].dt.to_period("M").dt.start_time
    else:
        raise ValueError(f"Unknown frequency {freq!r}; use D, W or M.")
    cols = [c for c in ("volume", "revenue") if c in daily.columns]
    if mix.volume is None:
        cols = [c for c in cols if c != "volume"]
    g = (
        daily.assign(period=period)
        .groupby(["period", "channel"], sort=True)[cols]
        .sum()
        .reset_index()
    )
    for c in cols:
        tot = g.groupby("period")[c].transform("sum")
        g[f"{c}_share"] = _div(g[c], tot)
    return g


# --------------------------------------------------------------------------- decomposition


def _logmean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logarithmic mean L(a, b) = (a - b) / (ln a - ln b), L(a, a) = a (a, b > 0)."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (a - b) / (np.log(a) - np.log(b))
    same = np.isclose(a, b, rtol=1e-12, atol=0)
    return np.where(same, (a + b) / 2, r)


def lmdi(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Additive log-mean Divisia (LMDI-I) split of the change of a product of factors.

    Parameters
    ----------
    before, after
        Arrays of shape (n, k): k factors for n items; each item's value is the
        product of its factors.

    Returns
    -------
    Array (n, k) of effects whose row sums equal ``prod(after) - prod(before)``
    exactly (up to float rounding, then corrected onto the largest effect).
    Where a factor is zero, missing or negative in either period the log split
    is undefined: the whole change goes to the first such factor (a channel
    that appears or disappears changes through traffic).
    """
    x0 = np.asarray(before, dtype=float)
    x1 = np.asarray(after, dtype=float)
    if x0.shape != x1.shape or x0.ndim != 2:
        raise ValueError("before and after must be 2-D arrays of the same shape (items x factors).")
    v0 = np.prod(np.nan_to_num(x0, nan=0.0), axis=1)
    v1 = np.prod(np.nan_to_num(x1, nan=0.0), axis=1)
    dv = v1 - v0
    ok = np.isfinite(x0) & np.isfinite(x1) & (x0 > 0) & (x1 > 0)
    all_ok = ok.all(axis=1)
    eff = np.zeros_like(x0)
    if all_ok.any():
        L = _logmean(v1[all_ok], v0[all_ok])
        with np.errstate(divide="ignore", invalid="ignore"):
            eff[all_ok] = L[:, None] * np.log(x1[all_ok] / x0[all_ok])
    bad = np.flatnonzero(~all_ok)
    if len(bad):
        first = np.argmax(~ok[bad], axis=1)
        eff[bad, first] = dv[bad]
    # make each row sum exact in floating point: put the residual on the largest effect
    resid = dv - eff.sum(axis=1)
    big = np.argmax(np.abs(eff), axis=1)
    eff[np.arange(len(eff)), big] += resid
    return eff


@dataclass(frozen=True)
class Decomposition:
    """Why revenue changed between two periods.

    Attributes
    ----------
    by_channel
        Indexed by channel: ``revenue_prev``, ``revenue``, ``change`` and one
        column per effect of ``factors`` (they sum to ``change``).
    factors
        Effect names in order: ``"traffic"`` (visitors), ``"conversion"``
        (buyers / visitors), ``"frequency"`` (orders / buyers; only when buyers
        and orders differ), ``"value"`` (AOV = revenue / orders). Without
        visitors or orders the split is coarser (``"value"`` is then revenue per
        visitor or per order).
    total
        Series: ``revenue_prev``, ``revenue``, ``change`` and the effects summed
        over channels.
    drivers
        Effect -> the channel with the largest effect of the same sign as the
        total effect (None when the total effect is 0).
    cr_prev, cr, cr_mix, cr_rate
        Overall CR in each period and the split of its change into the
        channel-mix effect and the within-channel rate effect (a two-factor
        midpoint split: mix + rate = cr - cr_prev exactly). NaN without visitors.
    cr_by_channel
        Per channel: ``share_prev``, ``share``, ``cr_prev``, ``cr``, ``mix``, ``rate``.
    """

    by_channel: pd.DataFrame
    factors: tuple[str, ...]
    total: pd.Series
    drivers: dict[str, str | None]
    cr_prev: float
    cr: float
    cr_mix: float
    cr_rate: float
    cr_by_channel: pd.DataFrame


def decompose(mix: TrafficMix, start, end, prev_start=None, prev_end=None) -> Decomposition:
    """Split the change in revenue into traffic, conversion and order-value effects.

    GMV = UV x CR x AOV per channel (with orders per buyer as a fourth factor
    when the data has both buyers and orders and they differ). The effects
    come from an additive log-mean Divisia index (:func:`lmdi`) per channel and
    are summed over channels, so per channel and in total they add up exactly
    to the change in revenue.

    The change in the overall conversion rate (sum of buyers / sum of
    visitors) is split into a channel-mix effect (visitors moving between
    channels with different CRs) and a rate effect (CR moving within channels).
    """
    if "revenue" not in mix.daily.columns:
        raise AnalyticsError("analytics.traffic.no_revenue")
    if prev_start is None or prev_end is None:
        prev_start, prev_end = previous_period(start, end)
    cur = _period_sums(mix.daily, start, end)
    prev = _period_sums(mix.daily, prev_start, prev_end)
    chans = list(cur.index) + [c for c in prev.index if c not in cur.index]
    cur = cur.reindex(chans, fill_value=0.0)
    prev = prev.reindex(chans, fill_value=0.0)

    has_v = mix.volume is not None and "volume" in cur.columns
    has_o = "orders" in cur.columns
    has_freq = bool(
        has_o
        and mix.buyers_from == "buyers"
        and not (
            np.allclose(cur["buyers"].to_numpy(), cur["orders"].to_numpy())
            and np.allclose(prev["buyers"].to_numpy(), prev["orders"].to_numpy())
        )
    )
    names, x1 = _factors(cur, has_v, has_o, has_freq)
    _, x0 = _factors(prev, has_v, has_o, has_freq)
    r0 = prev["revenue"].to_numpy(float)
    r1 = cur["revenue"].to_numpy(float)
    # factor products must equal revenue; where a ratio is NaN the value factor carries revenue
    eff = lmdi(x0, x1)
    # where the factor product differs from revenue (revenue with zero orders),
    # the difference is an order-value effect; this also makes each row exact
    eff[:, -1] += (r1 - r0) - eff.sum(axis=1)
    by = pd.DataFrame(eff, index=pd.Index(chans, name="channel"), columns=names)
    by.insert(0, "change", r1 - r0)
    by.insert(0, "revenue", r1)
    by.insert(0, "revenue_prev", r0)
    by = by.sort_values("change", key=np.abs, ascending=False, kind="stable")
    total = by.sum()
    drivers: dict[str, str | None] = {}
    for n in names:
        t = total[n]
        col = by[n]
        same = col[np.sign(col) == np.sign(t)] if t != 0 else col.iloc[0:0]
        drivers[n] = str(same.abs().idxmax()) if len(same) else None
    if has_v and has_o:
        cr0, cr1, cr_mix, cr_rate, crc = _cr_split(prev, cur, chans)
    else:
        cr0 = cr1 = cr_mix = cr_rate = np.nan
        crc = pd.DataFrame(
            columns=["share_prev", "share", "cr_prev", "cr", "mix", "rate"],
            index=pd.Index([], name="channel"),
        )
    return Decomposition(
        by_channel=by,
        factors=tuple(names),
        total=total,
        drivers=drivers,
        cr_prev=float(cr0),
        cr=float(cr1),
        cr_mix=cr_mix,
        cr_rate=cr_rate,
        cr_by_channel=crc,
    )


def _factors(
    s: pd.DataFrame, has_v: bool, has_o: bool, has_freq: bool
) -> tuple[list[str], np.ndarray]:
    """The factors whose product is each channel's revenue (one column each), and their names."""
    r = s["revenue"].to_numpy(float)
    cols, names = [], []
    if has_v:
        v = s["volume"].to_numpy(float)
        cols.append(v)
        names.append("traffic")
        if has_o:
            b = s["buyers"].to_numpy(float) if has_freq else s["orders"].to_numpy(float)
            cols.append(_div(b, v))
            names.append("conversion")
    if has_o:
        o = s["orders"].to_numpy(float)
        if has_freq:
            b = s["buyers"].to_numpy(float)
            if not has_v:
                cols.append(b)
                names.append("traffic")
            cols.append(_div(o, b))
            names.append("frequency")
        elif not has_v:
            cols.append(o)
            names.append("traffic")
        cols.append(_div(r, o))
    else:
        cols.append(_div(r, s["volume"].to_numpy(float)) if has_v else r)
    names.append("value")
    return names, np.column_stack(cols)


def _cr_split(prev: pd.DataFrame, cur: pd.DataFrame, chans: list):
    """The overall CR in each period and its change split into channel mix and rate.

    A two-factor midpoint split: mix + rate = cr - cr_prev exactly; returns
    (cr_prev, cr, mix, rate, per-channel frame).
    """
    b_name = "buyers" if "buyers" in cur else "orders"
    v0, v1 = prev["volume"].to_numpy(float), cur["volume"].to_numpy(float)
    b0, b1 = prev[b_name].to_numpy(float), cur[b_name].to_numpy(float)
    tv0, tv1 = v0.sum(), v1.sum()
    s0 = _div(v0, tv0)
    s1 = _div(v1, tv1)
    c0 = _div(b0, v0)
    c1 = _div(b1, v1)
    s0 = np.nan_to_num(s0, nan=0.0)
    s1 = np.nan_to_num(s1, nan=0.0)
    c0f = np.where(np.isnan(c0), c1, c0)
    c1f = np.where(np.isnan(c1), c0f, c1)
    c0f = np.nan_to_num(c0f, nan=0.0)
    c1f = np.nan_to_num(c1f, nan=0.0)
    mix_e = (s1 - s0) * (c0f + c1f) / 2
    rate_e = (c1f - c0f) * (s0 + s1) / 2
    cr0 = b0.sum() / tv0 if tv0 > 0 else np.nan
    cr1 = b1.sum() / tv1 if tv1 > 0 else np.nan
    if np.isnan(cr0) or np.isnan(cr1):
        mix_e = np.full(len(chans), np.nan)
        rate_e = np.full(len(chans), np.nan)
    crc = pd.DataFrame(
        {"share_prev": s0, "share": s1, "cr_prev": c0, "cr": c1, "mix": mix_e, "rate": rate_e},
        index=pd.Index(chans, name="channel"),
    )
    return cr0, cr1, float(np.sum(mix_e)), float(np.sum(rate_e)), crc


# --------------------------------------------------------------------------- efficiency


def efficiency(mix: TrafficMix, table: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Channels with spend placed by ROAS against share of spend.

    Parameters
    ----------
    mix
        For the daily points behind the marginal ROAS.
    table
        From :func:`channel_table`.
    start, end
        The period of ``table``.

    Returns
    -------
    DataFrame indexed by channel (only channels with spend > 0): ``spend``,
    ``spend_share``, ``revenue``, ``revenue_share``, ``roas``, ``roi``,
    ``median_roas`` (over these channels), ``vs_median`` (``"above"`` /
    ``"below"``), ``elasticity`` and ``marginal_roas``: the slope of a log-log
    fit of daily revenue on daily spend (elasticity e) gives the revenue of the
    next unit of spend, e x ROAS; NaN with fewer than 8 days of spend or too
    little variation in spend.
    """
    body = table.drop(index="Total", errors="ignore")
    body = body[body["spend"].fillna(0) > 0]
    cols = ["spend", "spend_share", "revenue", "revenue_share", "roas", "roi"]
    out = body[cols].copy()
    med = float(out["roas"].median()) if len(out) and out["roas"].notna().any() else np.nan
    out["median_roas"] = med
    out["vs_median"] = np.where(out["roas"] >= med, "above", "below")
    el = []
    daily = mix.daily
    if start is not None:
        daily = daily[daily["date"] >= pd.Timestamp(start)]
    if end is not None:
        daily = daily[daily["date"] <= pd.Timestamp(end)]
    for ch in out.index:
        d = daily[(daily["channel"] == ch) & (daily["spend"] > 0)]
        if "revenue" in d.columns:
            d = d[d["revenue"] > 0]
        if len(d) < 8 or "revenue" not in d.columns:
            el.append(np.nan)
            continue
        ls, lr = np.log(d["spend"].to_numpy(float)), np.log(d["revenue"].to_numpy(float))
        if ls.std() < 0.05:
            el.append(np.nan)
            continue
        slope = float(np.polyfit(ls, lr, 1)[0])
        el.append(float(np.clip(slope, 0.0, 1.5)))
    out["elasticity"] = el
    out["marginal_roas"] = out["elasticity"] * out["roas"]
    return out


def suggestions(eff: pd.DataFrame) -> list[tuple[str, dict[str, object]]]:
    """Budget suggestions in words, as (message code, params) pairs.

    One message per channel with spend, ordered by spend. Codes: ``cut``
    (ROAS < 1: it earns less than it costs), ``scale`` (marginal ROAS > 1: the
    next unit of spend still earns more than it costs), ``hold`` (ROAS > 1 on
    average but marginal ROAS < 1), ``underfunded`` (margin unknown; ROAS above
    the median with a smaller share of spend than of revenue),
    ``unknown_margin`` (too few days of varying spend to judge the margin).
    """
    out: list[tuple[str, dict[str, object]]] = []
    for ch, r in eff.sort_values("spend", ascending=False).iterrows():
        p = {
            "channel": ch,
            "roas": r["roas"],
            "mroas": r["marginal_roas"],
            "spend_share": r["spend_share"],
            "revenue_share": r["revenue_share"],
        }
        if pd.notna(r["roas"]) and r["roas"] < 1:
            code = "cut"
        elif pd.notna(r["marginal_roas"]):
            code = "scale" if r["marginal_roas"] > 1 else "hold"
        elif (
            r["vs_median"] == "above"
            and pd.notna(r["revenue_share"])
            and r["spend_share"] < r["revenue_share"]
        ):
            code = "underfunded"
        else:
            code = "unknown_margin"
        out.append((code, p))
    return out


def waterfall_steps(dec: Decomposition) -> pd.DataFrame:
    """The bars of a revenue waterfall: previous revenue, each effect, this period's revenue.

    Returns ``step`` (``"previous"``, the factor names, ``"current"``),
    ``start``, ``end``, ``amount`` (signed) and ``kind`` (``"total"``, ``"up"``, ``"down"``).
    """
    r0 = float(dec.total["revenue_prev"])
    rows = [("previous", 0.0, r0, r0, "total")]
    run = r0
    for f in dec.factors:
        a = float(dec.total[f])
        rows.append((f, run, run + a, a, "up" if a >= 0 else "down"))
        run += a
    r1 = float(dec.total["revenue"])
    rows.append(("current", 0.0, r1, r1, "total"))
    return pd.DataFrame(rows, columns=["step", "start", "end", "amount", "kind"])


def explain(dec: Decomposition) -> dict[str, object]:
    """The numbers behind the sentence "Revenue fell 8%: traffic -12% (mostly Paid Search), ...".

    Returns ``change`` (money), ``pct`` (change / previous revenue; NaN when
    the previous revenue is 0) and ``effects``: a list of dicts ``factor``,
    ``amount``, ``pct`` (amount / previous revenue) and ``driver`` (the channel
    contributing most to that effect in its direction).
    """
    r0 = float(dec.total["revenue_prev"])
    change = float(dec.total["change"])
    pct = change / r0 if r0 > 0 else float("nan")
    effects = []
    for f in dec.factors:
        a = float(dec.total[f])
        effects.append(
            {
                "factor": f,
                "amount": a,
                "pct": a / r0 if r0 > 0 else float("nan"),
                "driver": dec.drivers.get(f),
            }
        )
    return {"change": change, "pct": pct, "effects": effects}


def build_mix_frames(
    *frames: pd.DataFrame,
    kinds: tuple[str, ...],
    custom: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
    keep_channel: bool = True,
) -> TrafficMix:
    """:func:`build_mix` with the frames given positionally and named by ``kinds``
    (``"traffic"``, ``"orders"``, ``"spend"``): the form cached page calls use."""
    if len(frames) != len(kinds):
        raise ValueError("Give one kind per frame.")
    by = dict(zip(kinds, frames, strict=True))
    return build_mix(
        by.get("traffic"),
        by.get("orders"),
        by.get("spend"),
        custom=custom,
        categories=categories,
        keep_channel=keep_channel,
    )


# ---- small figures the Traffic page shows (issue 15 item 2: no arithmetic in the page)


def default_window(lo, hi) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period the page opens on for data from day ``lo`` to ``hi``: the last 28 days
    when there are 8 weeks or more, the last 7 with 2 weeks or more, else every day."""
    lo, hi = pd.Timestamp(lo).normalize(), pd.Timestamp(hi).normalize()
    span = (hi - lo).days + 1
    n_days = 28 if span >= 56 else 7 if span >= 14 else span
    return max(lo, hi - pd.Timedelta(days=n_days - 1)), hi


def has_days(daily: pd.DataFrame, start, end) -> bool:
    """Whether ``daily`` has a row dated from ``start`` to ``end`` (both included)."""
    return bool(((daily["date"] >= start) & (daily["date"] <= end)).any())


def default_freq(start, end) -> str:
    """The mix chart's default bucket for a period: days up to about a quarter
    (92 days apart), weeks up to two years (731), months beyond."""
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return "D" if days <= 92 else "W" if days <= 731 else "M"


def mix_in_order(over: pd.DataFrame, channels: list) -> pd.DataFrame:
    """The rows of :func:`mix_over_time` for ``channels`` only, with ``label_order``
    (the channel's place in ``channels``) for the chart's stacking order."""
    order = {c: i for i, c in enumerate(channels)}
    kept = over[over["channel"].isin(order)]
    return kept.assign(label_order=kept["channel"].map(order))


def effects_long(dec: Decomposition) -> pd.DataFrame:
    """The per-channel effects of a :class:`Decomposition` in long form: one row per
    channel and factor with ``channel``, ``effect`` (the factor) and ``amount``."""
    by = dec.by_channel
    return (
        by[list(dec.factors)]
        .reset_index()
        .melt(id_vars="channel", var_name="effect", value_name="amount")
    )


def efficiency_points(eff: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, float]:
    """The efficiency chart's points (channels with a value of ``metric``, ``"roas"`` or
    ``"roi"``, as rows with a ``channel`` column) and the median of that metric over them
    (NaN when none)."""
    data = eff.reset_index().dropna(subset=[metric])
    return data, float(data[metric].median()) if len(data) else float("nan")


def _blank(value: object) -> str:
    return "" if pd.isna(value) else str(value)


def pair_options(pairs: pd.DataFrame, limit: int = 200) -> list[str]:
    """``"source / medium"`` for the first ``limit`` distinct pairs of ``mix.pairs``
    (a missing part written empty), as the quick-assign form lists them."""
    top = pairs.drop_duplicates(["source", "medium"]).head(limit)
    return [f"{_blank(s)} / {_blank(m)}" for s, m in zip(top["source"], top["medium"], strict=True)]


def add_rule(rules: pd.DataFrame, pair: str, channel: str) -> pd.DataFrame:
    """``rules`` with a first rule sending the ``"source / medium"`` ``pair`` (from
    :func:`pair_options`) to ``channel``; an empty medium matches any (``"*"``)."""
    src, _, med = pair.partition(" / ")
    new = pd.DataFrame({"source": [src], "medium": [med or "*"], "channel": [channel]})
    return pd.concat([new, rules], ignore_index=True)


def day_span(daily: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of a mix's ``daily`` frame."""
    return daily["date"].min(), daily["date"].max()
