"""Deterministic sample data for the app: one year (2025) of a small home & kitchen shop.

Five files, consistent with each other (see ``sample_data/README.md``):

- ``orders.csv``   order lines; refunds and cancellations as negative reversal lines
- ``traffic.csv``  day x channel (Chinese shop channels) and day x source / medium (GA4-style site)
- ``events.csv``   view / cart / checkout / purchase events of a tracked sample of users
- ``prices.csv``   own and competitor prices, twice a week, 40 products x 5 sellers
- ``spend.csv``    the paid shop channels' daily spend and results (equal to traffic.csv)

plus ``taobao_orders_gbk.csv``, a small Taobao-style order export (Chinese headers, GBK).

Run ``python sample_data/generate.py`` to rewrite the committed files (byte-identical on
every run), or ``python sample_data/generate.py --scale 20 --out bench/data`` /
``--orders 1000000 --events 10000000 --traffic 1000000 --prices 1000000`` for benchmark
inputs (events are written month by month, so 10M rows need little memory).

The generator functions (``generate_orders``, ``generate_traffic``, ``generate_spend``,
``generate_events`` / ``iter_events``, ``generate_prices``) are importable for benchmarks.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

__all__ = [
    "SEED",
    "START",
    "END",
    "CHANNELS",
    "PAID_CHANNELS",
    "GA4_ROWS",
    "PRODUCTS",
    "SELLERS",
    "OWN_SELLER",
    "OUTAGE_DAYS",
    "TRAFFIC_CRASH",
    "SAMPLE_NAMES",
    "TAOBAO_NAME",
    "World",
    "build_world",
    "generate_orders",
    "generate_traffic",
    "generate_spend",
    "generate_events",
    "iter_events",
    "generate_prices",
    "generate_taobao",
    "add_experiment",
    "write_samples",
    "write_large",
    "main",
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 618
START = pd.Timestamp("2025-01-01")
END = pd.Timestamp("2025-12-31")
SAMPLE_NAMES = {
    "orders": "orders.csv",
    "traffic": "traffic.csv",
    "events": "events.csv",
    "prices": "prices.csv",
    "spend": "spend.csv",
}
TAOBAO_NAME = "taobao_orders_gbk.csv"

# Shop channels as a Tmall / Douyin shop analyst names them.
CHANNELS: tuple[str, ...] = (
    "自然搜索",
    "付费推广",
    "推荐/猜你喜欢",
    "直播",
    "短视频",
    "社交分享",
    "会员/短信",
)
# Paid channels: revenue = Vmax * s^h / (K^h + s^h) (Hill), at scale 1, per day.
# ``spend`` is the typical daily spend; the saturation differs per channel.
PAID_CHANNELS: dict[str, dict[str, float]] = {
    "付费推广": {"vmax": 2600.0, "k": 520.0, "h": 1.2, "spend": 430.0, "ctr": 0.035},
    "直播": {"vmax": 3200.0, "k": 760.0, "h": 1.6, "spend": 880.0, "ctr": 0.06},
    "短视频": {"vmax": 1800.0, "k": 400.0, "h": 1.0, "spend": 320.0, "ctr": 0.018},
    "会员/短信": {"vmax": 1100.0, "k": 55.0, "h": 0.9, "spend": 50.0, "ctr": 0.09},
}
# Free channels: typical daily revenue at scale 1.
FREE_REVENUE: dict[str, float] = {"自然搜索": 1900.0, "推荐/猜你喜欢": 1150.0, "社交分享": 380.0}
# Conversion rate (buyers / visitors), share of returning customers, new-visitor share.
CHANNEL_CR = {
    "自然搜索": 0.042,
    "付费推广": 0.031,
    "推荐/猜你喜欢": 0.018,
    "直播": 0.058,
    "短视频": 0.022,
    "社交分享": 0.035,
    "会员/短信": 0.085,
}
CHANNEL_RETURNING = {
    "自然搜索": 0.3,
    "付费推广": 0.25,
    "推荐/猜你喜欢": 0.42,
    "直播": 0.48,
    "短视频": 0.2,
    "社交分享": 0.4,
    "会员/短信": 0.95,
}
CHANNEL_NEW_VISITORS = {
    "自然搜索": 0.72,
    "付费推广": 0.8,
    "推荐/猜你喜欢": 0.55,
    "直播": 0.5,
    "短视频": 0.82,
    "社交分享": 0.6,
    "会员/短信": 0.08,
}
# Events funnel per channel: view -> cart, cart -> checkout (checkout -> purchase is 0.72).
CHANNEL_FUNNEL = {
    "自然搜索": (0.3, 0.5),
    "付费推广": (0.26, 0.48),
    "推荐/猜你喜欢": (0.18, 0.45),
    "直播": (0.4, 0.58),
    "短视频": (0.2, 0.44),
    "社交分享": (0.26, 0.5),
    "会员/短信": (0.42, 0.6),
}
PAY_SUCCESS = 0.72

# GA4-style rows of the brand's own web store: (source, medium, campaign, visitors/day,
# conversion rate, average order value, spend/day or 0). Their ``channel`` is empty.
GA4_ROWS: tuple[tuple[str, str, str, float, float, float, float], ...] = (
    ("google", "cpc", "brand_search", 95, 0.034, 176.0, 60.0),
    ("google", "cpc", "generic_kitchen", 160, 0.014, 158.0, 120.0),
    ("google", "organic", "", 240, 0.022, 165.0, 0.0),
    ("baidu", "organic", "", 180, 0.019, 150.0, 0.0),
    ("baidu", "cpc", "brand_baidu", 70, 0.026, 160.0, 45.0),
    ("bing", "organic", "", 30, 0.02, 170.0, 0.0),
    ("(direct)", "(none)", "", 210, 0.03, 172.0, 0.0),
    ("newsletter", "email", "weekly_newsletter", 55, 0.05, 185.0, 0.0),
    ("facebook", "paid_social", "retargeting", 85, 0.017, 149.0, 70.0),
    ("weixin", "referral", "", 120, 0.021, 140.0, 0.0),
    ("xiaohongshu.com", "referral", "", 90, 0.016, 155.0, 0.0),
    ("instagram", "social", "", 40, 0.011, 145.0, 0.0),
    ("smzdm", "affiliate", "deals", 45, 0.028, 138.0, 0.0),
)

# About 40 products: (name, list price in CNY).
PRODUCTS: tuple[tuple[str, float], ...] = (
    ("保温杯500ml", 89),
    ("保温杯750ml", 109),
    ("焖烧杯", 129),
    ("玻璃水杯", 39),
    ("咖啡随行杯", 69),
    ("电热水壶", 159),
    ("养生壶", 199),
    ("空气炸锅", 399),
    ("电饭煲3L", 329),
    ("破壁机", 599),
    ("榨汁杯", 149),
    ("电煮锅", 139),
    ("不粘炒锅", 229),
    ("珐琅铸铁锅", 459),
    ("刀具套装", 199),
    ("竹砧板", 59),
    ("保鲜盒套装", 79),
    ("密封罐", 45),
    ("便当盒", 69),
    ("合金筷10双", 29),
    ("碗碟套装", 189),
    ("马克杯", 49),
    ("厨房置物架", 99),
    ("沥水篮", 35),
    ("硅胶铲套装", 59),
    ("厨房剪刀", 39),
    ("削皮器", 19),
    ("量杯量勺", 29),
    ("烘焙模具", 49),
    ("电动打蛋器", 89),
    ("厨房秤", 59),
    ("抹布10条", 25),
    ("洗碗刷", 19),
    ("收纳篮", 39),
    ("调料瓶套装", 49),
    ("玻璃油壶", 39),
    ("保温饭盒", 149),
    ("儿童餐具", 69),
    ("水果刀", 29),
    ("茶具套装", 259),
)
OWN_SELLER = "本店"
# seller -> (price level vs list price, share of products carried, promo depth, promos/year)
SELLERS: dict[str, tuple[float, float, float, float]] = {
    OWN_SELLER: (0.95, 1.0, 0.18, 2.0),
    "天猫旗舰店": (0.97, 0.95, 0.2, 2.0),
    "京东自营": (0.94, 0.88, 0.17, 2.5),
    "拼多多店": (0.82, 0.75, 0.12, 4.0),
    "抖音小店": (0.9, 0.68, 0.22, 3.0),
}
# Promotion windows: (first day, last day, demand multiplier at the peak day, peak day).
OUTAGE_DAYS = ("2025-09-16", "2025-09-17")  # payment outage: checkout -> purchase collapses
OUTAGE_SUCCESS = 0.12
TRAFFIC_CRASH = ("2025-04-09", "自然搜索", 0.18)  # search ranking glitch: visitors to 18%
DEVICES = ("app", "mobile", "desktop")
DEVICE_P = (0.62, 0.25, 0.13)
COUNTRIES = ("CN", "HK", "MO", "TW", "SG", "MY", "US")
COUNTRY_P = (0.955, 0.015, 0.004, 0.008, 0.008, 0.005, 0.005)

# Random streams: one per file, so changing one generator never shifts another.
_STREAM = {
    "world": 1,
    "orders": 2,
    "traffic": 3,
    "events": 4,
    "prices": 5,
    "taobao": 6,
    "ga4": 7,
    "customers": 8,
    "experiment": 9,
}


def _rng(seed: int, stream: str, *extra: int) -> np.random.Generator:
    return np.random.default_rng([seed, _STREAM[stream], *extra])


# --------------------------------------------------------------------------- calendar


def _days(start: pd.Timestamp = START, end: pd.Timestamp = END) -> pd.DatetimeIndex:
    return pd.date_range(start, end, freq="D")


def _season(days: pd.DatetimeIndex) -> np.ndarray:
    """Demand multiplier per day: weekly rhythm, festivals (618, 双11, ...), a mild trend."""
    n = len(days)
    dow = days.day_of_week.to_numpy()
    weekly = np.array([0.95, 0.96, 0.98, 1.0, 1.03, 1.14, 1.18])[dow]
    trend = 1.0 + 0.22 * np.arange(n) / max(n - 1, 1)
    mult = np.ones(n)

    def window(a: str, b: str, value: float) -> None:
        mask = (days >= pd.Timestamp(a)) & (days <= pd.Timestamp(b))
        mult[mask] = value

    window("2025-01-06", "2025-01-19", 1.22)  # 年货节
    window("2025-01-22", "2025-02-06", 0.58)  # Spring Festival: logistics pause
    window("2025-03-03", "2025-03-08", 1.3)  # 38 女王节
    window("2025-05-20", "2025-05-31", 1.2)  # 618 pre-sale
    window("2025-06-01", "2025-06-15", 1.45)
    window("2025-06-16", "2025-06-17", 2.4)
    window("2025-06-18", "2025-06-18", 4.6)  # 618
    window("2025-06-19", "2025-06-20", 1.1)
    window("2025-06-21", "2025-06-30", 0.86)
    window("2025-09-05", "2025-09-09", 1.18)  # 99 大促
    window("2025-10-01", "2025-10-07", 0.86)  # National Day holiday
    window("2025-10-20", "2025-10-21", 1.8)  # 双11 pre-sale opens
    window("2025-10-22", "2025-10-31", 1.35)
    window("2025-11-01", "2025-11-09", 1.6)
    window("2025-11-10", "2025-11-10", 2.8)
    window("2025-11-11", "2025-11-11", 7.0)  # 双11
    window("2025-11-12", "2025-11-13", 1.15)
    window("2025-11-14", "2025-11-25", 0.8)
    window("2025-12-10", "2025-12-11", 1.25)
    window("2025-12-12", "2025-12-12", 1.8)  # 双12
    return weekly * trend * mult


def _hour_profile(peak: bool) -> np.ndarray:
    """Probability of each hour of the day for an order (evening peak; 0 点 rush on 618/双11)."""
    # fmt: off
    p = np.array(
        [
            1.6, 0.8, 0.4, 0.25, 0.2, 0.25, 0.5, 1.0, 2.0, 3.5, 4.6, 4.4,
            3.8, 3.9, 4.0, 3.9, 3.8, 3.6, 3.8, 4.8, 6.2, 7.0, 6.4, 3.8,
        ]
    )
    # fmt: on
    if peak:
        p = p.copy()
        p[0] *= 9.0
        p[1] *= 3.0
        p[20] *= 1.8
    return p / p.sum()


# --------------------------------------------------------------------------- world


@dataclass(frozen=True)
class World:
    """Everything the files share: calendar, demand per channel-day, spend, own prices.

    ``lam`` is the expected number of shop orders per (channel, day) with the
    traffic crash but before the payment outage; ``pay`` is the share of demand
    that could pay per day (the outage); ``spend`` the paid channels' daily spend
    (zero for free channels); ``own_price`` / ``own_promo`` / ``own_stock`` the
    own shop's daily price, promotion flag and stock per (day, product).
    """

    seed: int
    scale: float
    days: pd.DatetimeIndex
    season: np.ndarray
    lam: np.ndarray  # (channels, days)
    lam_nocrash: np.ndarray  # (channels, days), for visitors before the crash
    crash: np.ndarray  # (channels, days) multiplier
    pay: np.ndarray  # (days,)
    spend: np.ndarray  # (channels, days)
    own_price: np.ndarray  # (days, products)
    own_promo: np.ndarray  # (days, products) bool
    own_stock: np.ndarray  # (days, products) bool
    popularity: np.ndarray  # (products,)
    aov: float


def _round_price(p: np.ndarray) -> np.ndarray:
    """Shop-style prices: whole yuan minus 0.1 (88.9), at least 9.9."""
    return np.maximum(np.round(p) - 0.1, 9.9)


def _price_path(
    rng: np.random.Generator,
    days: pd.DatetimeIndex,
    list_price: float,
    level: float,
    depth: float,
    promos_per_year: float,
    festival_p: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Daily price and promo flag of one product at one seller.

    The regular price is ``list_price * level`` (with small noise); temporary
    promotions lower it and return; festival promotions (618, 双11, 双12) apply
    with probability ``festival_p``; a lasting cut happens to some products.
    """
    n = len(days)
    regular = np.full(n, list_price * level * rng.lognormal(0.0, 0.04))
    if rng.random() < 0.18:  # lasting price cut
        at = rng.integers(60, n - 30)
        regular[at:] *= 1.0 - rng.uniform(0.08, 0.18)
    factor = np.ones(n)
    promo = np.zeros(n, dtype=bool)
    for _ in range(rng.poisson(promos_per_year)):
        start = rng.integers(0, n - 3)
        length = rng.integers(3, 12)
        factor[start : start + length] = np.minimum(
            factor[start : start + length], 1.0 - depth * rng.uniform(0.6, 1.2)
        )
        promo[start : start + length] = True
    for a, b, extra in (
        ("2025-05-30", "2025-06-20", 1.0),
        ("2025-10-20", "2025-11-12", 1.25),
        ("2025-12-10", "2025-12-13", 0.7),
    ):
        if rng.random() < festival_p:
            mask = np.asarray((days >= pd.Timestamp(a)) & (days <= pd.Timestamp(b)))
            factor[mask] = np.minimum(factor[mask], 1.0 - depth * extra * rng.uniform(0.8, 1.3))
            promo[mask] = True
    return _round_price(regular * factor), promo


def _stock_path(rng: np.random.Generator, n: int, p_out: float) -> np.ndarray:
    stock = np.ones(n, dtype=bool)
    for _ in range(rng.binomial(2, p_out)):
        start = rng.integers(0, n - 5)
        stock[start : start + rng.integers(5, 20)] = False
    return stock


def _hill(spend: np.ndarray, vmax: float, k: float, h: float) -> np.ndarray:
    s = np.maximum(spend, 0.0)
    return vmax * s**h / (k**h + s**h)


def _products(n_products: int) -> list[tuple[str, str, float]]:
    """(product_id, name, list price) for ``n_products`` (the catalogue repeats as variants)."""
    out = []
    for i in range(n_products):
        name, price = PRODUCTS[i % len(PRODUCTS)]
        if i >= len(PRODUCTS):
            name = f"{name}-{i // len(PRODUCTS) + 1}"
            price = round(price * (0.8 + 0.05 * (i // len(PRODUCTS) % 9)))
        out.append((f"P{i + 1:03d}", name, float(price)))
    return out


@lru_cache(maxsize=8)
def build_world(seed: int = SEED, scale: float = 1.0) -> World:
    """The shared state of all files for ``seed`` at ``scale`` times the sample's volume."""
    rng = _rng(seed, "world")
    days = _days()
    n = len(days)
    season = _season(days)
    products = _products(len(PRODUCTS))
    n_prod = len(products)

    # own prices, promotions and stock
    level, _, depth, promos = SELLERS[OWN_SELLER]
    own_price = np.empty((n, n_prod))
    own_promo = np.empty((n, n_prod), dtype=bool)
    own_stock = np.empty((n, n_prod), dtype=bool)
    for j, (_, _, lp) in enumerate(products):
        own_price[:, j], own_promo[:, j] = _price_path(rng, days, lp, level, depth, promos, 0.85)
        own_stock[:, j] = _stock_path(rng, n, 0.12)
    ranks = rng.permutation(n_prod) + 1
    popularity = 1.0 / ranks**0.85
    popularity = popularity / popularity.sum()
    mean_price = float((own_price.mean(axis=0) * popularity).sum())
    aov = mean_price * 1.12 * 1.3  # quantity and lines per order

    # spend: weekly budget levels (tests, pauses, pushes), more at festivals
    n_ch = len(CHANNELS)
    spend = np.zeros((n_ch, n))
    week = np.asarray((days - days[0]).days // 7)
    n_weeks = int(week.max()) + 1
    for c, ch in enumerate(CHANNELS):
        if ch not in PAID_CHANNELS:
            continue
        p = PAID_CHANNELS[ch]
        levels = rng.lognormal(0.0, 0.5, n_weeks)
        levels[rng.random(n_weeks) < 0.06] = 0.2  # paused weeks
        levels[rng.random(n_weeks) < 0.06] *= 2.2  # pushed weeks
        daily = p["spend"] * levels[week] * season**0.8 * rng.lognormal(0.0, 0.08, n)
        spend[c] = np.round(daily * scale, 2)

    lam = np.zeros((n_ch, n))
    for c, ch in enumerate(CHANNELS):
        if ch in PAID_CHANNELS:
            p = PAID_CHANNELS[ch]
            rev = _hill(spend[c] / scale, p["vmax"], p["k"], p["h"]) * season**0.5 * scale
        else:
            rev = FREE_REVENUE[ch] * season * rng.lognormal(0.0, 0.08, n) * scale
        lam[c] = rev / aov
    crash = np.ones((n_ch, n))
    cday, cch, cmult = TRAFFIC_CRASH
    crash[CHANNELS.index(cch), days.get_loc(pd.Timestamp(cday))] = cmult
    pay = np.ones(n)
    for d in OUTAGE_DAYS:
        pay[days.get_loc(pd.Timestamp(d))] = OUTAGE_SUCCESS
    return World(
        seed=seed,
        scale=scale,
        days=days,
        season=season,
        lam=lam * crash,
        lam_nocrash=lam,
        crash=crash,
        pay=pay,
        spend=spend,
        own_price=own_price,
        own_promo=own_promo,
        own_stock=own_stock,
        popularity=popularity,
        aov=aov,
    )


# Lines per order at scale 1, used to turn a row target into a scale.
_LINES_PER_ORDER = 1.40


def _scale_for_lines(n_lines: int, seed: int) -> float:
    base = build_world(seed, 1.0)
    expected = float((base.lam * base.pay).sum()) * _LINES_PER_ORDER
    return n_lines / expected


# --------------------------------------------------------------------------- orders


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width))


def _customers(
    rng: np.random.Generator, day_idx: np.ndarray, channel_idx: np.ndarray, n_days: int
) -> tuple[np.ndarray, int]:
    """Customer number (0..n-1, in order of first purchase) for each order (sorted by time).

    Each order is from a returning customer with a channel-specific probability
    (ramping up as the customer base grows); returning customers are drawn by
    their loyalty (most buyers are one-timers, a core buys again and again) and
    how recently they bought (interest fades with a ~150-day scale).
    """
    n = len(day_idx)
    p_ret = np.array([CHANNEL_RETURNING[ch] for ch in CHANNELS])[channel_idx]
    wants_ret = rng.random(n) < p_ret
    kind = rng.choice(3, size=n, p=[0.5, 0.38, 0.12])
    loyalty_all = np.where(
        kind == 0,
        0.03,
        np.where(kind == 1, rng.gamma(2.0, 0.6, n), rng.gamma(3.0, 1.2, n)),
    )
    customer = np.empty(n, dtype=np.int64)
    loyalty = np.empty(n)  # per customer number (at most one new customer per order)
    last = np.empty(n)
    n_cust = 0
    bounds = np.searchsorted(day_idx, np.arange(n_days + 1))
    expected_pool = max(n * 0.7, 1.0)
    for d in range(n_days):
        lo, hi = bounds[d], bounds[d + 1]
        if lo == hi:
            continue
        ramp = n_cust / (n_cust + 0.04 * expected_pool) if n_cust else 0.0
        ret = wants_ret[lo:hi] & (rng.random(hi - lo) < ramp)
        k = int(ret.sum())
        if k:
            w = loyalty[:n_cust] * np.exp(-(d - last[:n_cust]) / 150.0)
            picked = rng.choice(n_cust, size=k, p=w / w.sum())
            customer[lo:hi][ret] = picked
        new = np.flatnonzero(~ret) + lo
        ids = np.arange(n_cust, n_cust + len(new))
        customer[new] = ids
        loyalty[ids] = loyalty_all[new]
        n_cust += len(new)
        last[customer[lo:hi]] = d
    return customer, n_cust


def generate_orders(
    n_lines: int | None = None, seed: int = SEED, *, scale: float | None = None
) -> pd.DataFrame:
    """Order lines of the shop for 2025.

    Parameters
    ----------
    n_lines : approximate number of lines wanted (sets the scale); default the sample's size.
    seed : random seed; the same seed gives the same frame.
    scale : volume multiplier (overrides ``n_lines``).

    Returns
    -------
    DataFrame with ``order_id, customer_id, order_time, channel, product_id, product_name,
    quantity, unit_price, amount, status, country``. Paid lines have status ``completed``;
    a cancellation or refund is an extra line of the same order with negative quantity and
    amount and status ``cancelled`` / ``refunded`` at the time the money went back.
    """
    if scale is None:
        scale = 1.0 if n_lines is None else _scale_for_lines(n_lines, seed)
    w = build_world(seed, scale)
    rng = _rng(seed, "orders")
    n_days = len(w.days)
    counts = rng.poisson(w.lam * w.pay[None, :])  # (channels, days)
    ch_idx = np.repeat(np.tile(np.arange(len(CHANNELS)), n_days), counts.T.ravel())
    day_idx = np.repeat(np.repeat(np.arange(n_days), len(CHANNELS)), counts.T.ravel())
    n_orders = len(day_idx)

    # time of day: hourly profile (0 点 rush on 618 / 双11), then seconds
    peak_days = {w.days.get_loc(pd.Timestamp(d)) for d in ("2025-06-18", "2025-11-11")}
    is_peak = np.isin(day_idx, list(peak_days))
    hours = np.where(
        is_peak,
        rng.choice(24, size=n_orders, p=_hour_profile(True)),
        rng.choice(24, size=n_orders, p=_hour_profile(False)),
    )
    secs = day_idx * 86400 + hours * 3600 + rng.integers(0, 3600, n_orders)
    order = np.lexsort((ch_idx, secs))
    secs, ch_idx, day_idx = secs[order], ch_idx[order], day_idx[order]

    cust, n_cust = _customers(_rng(seed, "customers"), day_idx, ch_idx, n_days)
    width = max(6, len(str(n_cust)))
    country = rng.choice(len(COUNTRIES), size=n_cust, p=COUNTRY_P)

    # lines per order, products available that day, quantities
    n_lines_o = 1 + (rng.random(n_orders) < 0.24) + (rng.random(n_orders) < 0.09)
    line_order = np.repeat(np.arange(n_orders), n_lines_o)
    line_day = day_idx[line_order]
    weights = w.popularity[None, :] * w.own_stock
    cum = np.cumsum(weights, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(line_order))
    prod = np.empty(len(line_order), dtype=np.int64)
    for start in range(0, len(line_order), 200_000):
        sl = slice(start, start + 200_000)
        prod[sl] = (cum[line_day[sl]] < u[sl, None]).sum(axis=1)
    prod = np.minimum(prod, cum.shape[1] - 1)
    keep = ~pd.DataFrame({"o": line_order, "p": prod}).duplicated().to_numpy()
    line_order, line_day, prod = line_order[keep], line_day[keep], prod[keep]
    n_l = len(line_order)
    qty = 1 + (rng.random(n_l) < 0.12) + (rng.random(n_l) < 0.04)
    price = w.own_price[line_day, prod]
    amount = np.round(qty * price, 2)

    # cancellations (same day) and refunds (days later; more after 双11)
    after_11 = (w.days[day_idx] >= pd.Timestamp("2025-11-01")) & (
        w.days[day_idx] <= pd.Timestamp("2025-11-13")
    )
    r = rng.random(n_orders)
    p_refund = np.where(after_11, 0.085, 0.045)
    cancelled = r < 0.028
    refunded = (r >= 0.028) & (r < 0.028 + p_refund)
    first_line = np.r_[True, line_order[1:] != line_order[:-1]]
    rev_lines = cancelled[line_order] | (
        refunded[line_order] & (first_line | (rng.random(n_l) < 0.5))
    )
    delay = np.where(
        cancelled[line_order],
        rng.integers(300, 20 * 3600, n_l),
        rng.integers(3 * 86400, 21 * 86400, n_l),
    )
    last_sec = n_days * 86400 - 1
    rev_time = np.minimum(secs[line_order] + delay, last_sec)[rev_lines]

    products = _products(w.own_price.shape[1])
    pid = np.array([p[0] for p in products])
    pname = np.array([p[1] for p in products])
    base_line = {
        "order_id": _ids("SO", line_order + 1, max(7, len(str(n_orders)))),
        "customer_id": _ids("U", cust[line_order] + 1, width),
        "secs": secs[line_order],
        "channel": np.array(CHANNELS)[ch_idx[line_order]],
        "product_id": pid[prod],
        "product_name": pname[prod],
        "quantity": qty,
        "unit_price": price,
        "amount": amount,
        "status": np.full(n_l, "completed", dtype=object),
        "country": np.array(COUNTRIES)[country[cust[line_order]]],
    }
    lines = pd.DataFrame(base_line)
    rev = lines.loc[rev_lines].copy()
    rev["secs"] = rev_time
    rev["quantity"] = -rev["quantity"]
    rev["amount"] = -rev["amount"]
    rev["status"] = np.where(cancelled[line_order][rev_lines], "cancelled", "refunded")
    out = pd.concat([lines, rev], ignore_index=True)
    out = out.sort_values(["secs", "order_id", "status"], kind="stable", ignore_index=True)
    out.insert(2, "order_time", w.days[0] + pd.to_timedelta(out["secs"], unit="s"))
    return out.drop(columns="secs")


# --------------------------------------------------------------------------- traffic


def _paid_lines(orders: pd.DataFrame) -> pd.DataFrame:
    return orders[orders["status"].eq("completed")]


def _shop_results(orders: pd.DataFrame, days: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """Paid orders, buyers and revenue per (channel, day) from the orders frame."""
    paid = _paid_lines(orders)
    day = paid["order_time"].dt.normalize()
    g = paid.assign(day=day).groupby(["channel", "day"])
    res = pd.DataFrame(
        {
            "orders": g["order_id"].nunique(),
            "buyers": g["customer_id"].nunique(),
            "revenue": g["amount"].sum(),
        }
    )
    idx = pd.MultiIndex.from_product([list(CHANNELS), days], names=["channel", "day"])
    res = res.reindex(idx, fill_value=0)
    n = len(days)
    return {k: res[k].to_numpy().reshape(len(CHANNELS), n) for k in res.columns}


def _ga4_rows(seed: int, scale: float, days: pd.DatetimeIndex, n_extra: int = 0) -> pd.DataFrame:
    """The web store's day x source / medium / campaign rows (channel empty)."""
    rng = _rng(seed, "ga4")
    season = _season(days)
    n = len(days)
    week = np.asarray((days - days[0]).days // 7)
    rows = list(GA4_ROWS)
    # extra synthetic campaigns for benchmark-size files
    extra_sm = (
        ("google", "cpc"),
        ("baidu", "cpc"),
        ("facebook", "paid_social"),
        ("newsletter", "email"),
    )
    for i in range(n_extra):
        src, med = extra_sm[i % len(extra_sm)]
        rows.append((src, med, f"campaign_{i:05d}", 8.0, 0.02, 150.0, 6.0 if med != "email" else 0))
    frames = []
    for src, med, camp, vis, cr, aov, spend in rows:
        level = rng.lognormal(0.0, 0.3, int(week.max()) + 1)[week] if spend else 1.0
        visitors = np.round(
            vis * scale * season**0.6 * rng.lognormal(0.0, 0.12, n) * (level**0.7 if spend else 1)
        )
        orders = rng.poisson(visitors * cr)
        buyers = orders - rng.binomial(orders, 0.03)
        revenue = np.round(orders * aov * rng.lognormal(0.0, 0.15, n), 2)
        sp = np.round(spend * scale * season**0.8 * level * rng.lognormal(0.0, 0.1, n), 2)
        paid = spend > 0
        clicks = np.round(visitors * rng.uniform(1.05, 1.2, n)) if paid else np.full(n, np.nan)
        impressions = np.round(clicks / rng.uniform(0.015, 0.05)) if paid else np.full(n, np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "date": days,
                    "channel": "",
                    "source": src,
                    "medium": med,
                    "campaign": camp,
                    "visitors": visitors,
                    "orders": orders,
                    "buyers": buyers,
                    "revenue": revenue,
                    "spend": sp if paid else np.nan,
                    "clicks": clicks,
                    "impressions": impressions,
                    "new_visitors": np.round(visitors * rng.uniform(0.45, 0.8)),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def generate_traffic(
    n_rows: int | None = None,
    seed: int = SEED,
    *,
    orders: pd.DataFrame | None = None,
    scale: float = 1.0,
) -> pd.DataFrame:
    """Traffic by day: shop channel rows and GA4-style source / medium rows.

    Shop rows (``channel`` set, ``source`` / ``medium`` empty) take ``orders``,
    ``buyers`` and ``revenue`` from ``orders`` (paid orders created that day in that
    channel, revenue = their paid line amounts before any refund); ``visitors`` follow
    demand and the channel's conversion rate. GA4-style rows (the brand's own web store,
    whose orders are not in orders.csv) have an empty ``channel``. ``n_rows`` adds
    synthetic campaigns to reach about that many rows (for benchmarks).

    Returns
    -------
    DataFrame with ``date, channel, source, medium, campaign, visitors, orders, buyers,
    revenue, spend, clicks, impressions, new_visitors``, sorted by date.
    """
    w = build_world(seed, scale)
    if orders is None:
        orders = generate_orders(seed=seed, scale=scale)
    rng = _rng(seed, "traffic")
    days = w.days
    n = len(days)
    res = _shop_results(orders, days)
    dow = days.day_of_week.to_numpy()
    frames = []
    for c, ch in enumerate(CHANNELS):
        cr = CHANNEL_CR[ch] * np.where(dow >= 5, 0.93, 1.0) * rng.lognormal(0.0, 0.06, n)
        visitors = np.round(w.lam_nocrash[c] / cr * w.crash[c])
        visitors = np.maximum(visitors, res["buyers"][c])
        new_vis = np.round(visitors * CHANNEL_NEW_VISITORS[ch] * rng.lognormal(0.0, 0.05, n))
        new_vis = np.minimum(new_vis, visitors)
        if ch in PAID_CHANNELS:
            spend = w.spend[c]
            clicks = np.round(visitors * rng.uniform(1.05, 1.25, n))
            impressions = np.round(clicks / (PAID_CHANNELS[ch]["ctr"] * rng.lognormal(0, 0.1, n)))
        else:
            spend = np.full(n, np.nan)
            clicks = np.full(n, np.nan)
            impressions = (
                np.round(visitors / (0.05 * rng.lognormal(0, 0.1, n)))
                if ch == "自然搜索"
                else np.full(n, np.nan)
            )
        frames.append(
            pd.DataFrame(
                {
                    "date": days,
                    "channel": ch,
                    "source": "",
                    "medium": "",
                    "campaign": "",
                    "visitors": visitors,
                    "orders": res["orders"][c],
                    "buyers": res["buyers"][c],
                    "revenue": np.round(res["revenue"][c], 2),
                    "spend": spend,
                    "clicks": clicks,
                    "impressions": impressions,
                    "new_visitors": new_vis,
                }
            )
        )
    shop_rows = n * len(CHANNELS)
    n_extra = 0
    if n_rows is not None:
        n_extra = max(0, math.ceil((n_rows - shop_rows) / n) - len(GA4_ROWS))
    frames.append(_ga4_rows(seed, scale, days, n_extra))
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values("date", kind="stable", ignore_index=True)
    int_cols = ["visitors", "orders", "buyers", "clicks", "impressions", "new_visitors"]
    for col in int_cols:
        out[col] = out[col].astype("Int64")
    return out


def generate_spend(traffic: pd.DataFrame) -> pd.DataFrame:
    """Daily spend of the paid shop channels, equal to their rows in ``traffic``.

    Returns
    -------
    DataFrame with ``date, channel, spend, revenue, conversions, impressions, clicks``
    (conversions = paid orders). Revenue shows diminishing returns in spend (a Hill curve
    per channel, each with its own saturation) times the season.
    """
    paid = traffic[traffic["channel"].isin(list(PAID_CHANNELS))]
    out = paid[["date", "channel", "spend", "revenue", "orders", "impressions", "clicks"]]
    out = out.rename(columns={"orders": "conversions"})
    return out.sort_values(["date", "channel"], kind="stable", ignore_index=True)


# --------------------------------------------------------------------------- events


def _session_views(rng: np.random.Generator, n: int, mean_extra: float) -> np.ndarray:
    return 1 + rng.poisson(mean_extra, n)


def iter_events(
    seed: int = SEED,
    *,
    orders: pd.DataFrame | None = None,
    scale: float = 1.0,
    track_share: float = 0.17,
    chunk: str = "MS",
) -> Iterator[pd.DataFrame]:
    """Events (view, cart, checkout, purchase) chunk by chunk (a month by default).

    A ``track_share`` of customers is tracked (their every order is a purchase
    session: views, one cart per line, checkout, purchase at the order time);
    sessions that end at view, cart or checkout come from demand per channel and
    day, by tracked customers and by visitors who never buy. On the payment
    outage days most checkouts fail. Purchasing users are always customers of
    ``orders`` (same ids). The chunks together are sorted by time: a session that
    starts before a chunk boundary is held back and merged into the next chunk.
    """
    carry: pd.DataFrame | None = None
    sort_by = ["event_time", "session_id", "_step"]
    for frame, boundary in _event_chunks(seed, orders, scale, track_share, chunk):
        if carry is not None and len(carry):
            frame = pd.concat([carry, frame], ignore_index=True)
            frame = frame.sort_values(sort_by, kind="stable", ignore_index=True)
        # sessions last under an hour: events before (boundary - 1 h) are final
        ready = frame["event_time"] < boundary - pd.Timedelta(hours=1)
        carry = frame[~ready]
        out = frame[ready]
        if len(out):
            yield out.drop(columns="_step").reset_index(drop=True)
    if carry is not None and len(carry):
        yield carry.drop(columns="_step").reset_index(drop=True)


def _event_chunks(
    seed: int, orders: pd.DataFrame | None, scale: float, track_share: float, chunk: str
) -> Iterator[tuple[pd.DataFrame, pd.Timestamp]]:
    """(events of the sessions in one chunk, with a ``_step`` column; the chunk's end)."""
    w = build_world(seed, scale)
    if orders is None:
        orders = generate_orders(seed=seed, scale=scale)
    rng = _rng(seed, "events")
    days = w.days
    n_days = len(days)
    products = _products(w.own_price.shape[1])
    pid = np.array([p[0] for p in products])
    n_prod = len(pid)
    prod_index = {p: i for i, p in enumerate(pid)}

    customers = np.sort(orders["customer_id"].unique())
    tracked = customers[rng.random(len(customers)) < track_share]
    device_of = dict(zip(tracked, rng.choice(3, size=len(tracked), p=DEVICE_P), strict=True))
    paid = _paid_lines(orders)
    paid = paid[paid["customer_id"].isin(tracked)]
    first = paid.drop_duplicates("order_id")

    # non-purchase sessions per (channel, day): expected demand of tracked-share users
    demand = w.lam * track_share  # before the outage
    lost = demand * (1.0 - w.pay[None, :])  # would-be buyers stopped at payment
    n_ch = len(CHANNELS)
    p_cart = np.array([CHANNEL_FUNNEL[ch][0] for ch in CHANNELS])[:, None]
    p_co = np.array([CHANNEL_FUNNEL[ch][1] for ch in CHANNELS])[:, None]
    co_abandon = rng.poisson(demand * (1 / PAY_SUCCESS - 1) + lost * 0.95)
    cart_abandon = rng.poisson(demand / PAY_SUCCESS * (1 / p_co - 1))
    view_only = rng.poisson(demand / (PAY_SUCCESS * p_co) * (1 / p_cart - 1))
    n_customers = len(customers)
    width = len(customers[0]) - 1 if n_customers else 6
    visitor_pool = int((view_only.sum() + cart_abandon.sum() + co_abandon.sum()) * 0.55) + 1
    visitor_width = max(width, len(str(n_customers + visitor_pool)))

    pop_cum = np.cumsum(w.popularity)
    chunks = pd.date_range(days[0], days[-1] + pd.Timedelta(days=1), freq=chunk)
    edges = [days[0], *[c for c in chunks if c > days[0]]]
    if edges[-1] <= days[-1]:
        edges.append(days[-1] + pd.Timedelta(days=1))
    order_day = (first["order_time"].dt.normalize() - days[0]).dt.days.to_numpy()
    session_no = 0
    for lo_t, hi_t in zip(edges[:-1], edges[1:], strict=True):
        lo, hi = (lo_t - days[0]).days, min((hi_t - days[0]).days, n_days)
        # purchase sessions
        sel = (order_day >= lo) & (order_day < hi)
        f = first[sel]
        lines = paid[paid["order_id"].isin(f["order_id"])]
        n_p = len(f)
        t_buy = f["order_time"].to_numpy()
        users_p = f["customer_id"].to_numpy()
        ch_p = f["channel"].to_numpy()
        dev_p = np.array([device_of[u] for u in users_p], dtype=np.int64)
        # abandoned sessions
        kinds, ch_a, day_a = [], [], []
        for k, arr in ((1, view_only), (2, cart_abandon), (3, co_abandon)):
            cnt = arr[:, lo:hi]
            kinds.append(np.full(int(cnt.sum()), k))
            ch_a.append(np.repeat(np.tile(np.arange(n_ch), hi - lo), cnt.T.ravel()))
            day_a.append(np.repeat(np.repeat(np.arange(lo, hi), n_ch), cnt.T.ravel()))
        kind_a = np.concatenate(kinds)
        ch_a = np.concatenate(ch_a)
        day_a = np.concatenate(day_a)
        n_a = len(kind_a)
        is_cust = rng.random(n_a) < 0.3
        user_a = np.where(
            is_cust & (len(tracked) > 0),
            rng.integers(0, max(len(tracked), 1), n_a),
            -1 - rng.integers(0, visitor_pool, n_a),
        )
        users_a = np.where(
            user_a >= 0,
            tracked[np.maximum(user_a, 0)] if len(tracked) else "",
            _ids("U", n_customers + 1 - 1 - user_a, visitor_width),
        )
        dev_a = np.array([device_of[u] if u in device_of else -1 for u in users_a], dtype=np.int64)
        dev_a = np.where(dev_a < 0, rng.choice(3, size=n_a, p=DEVICE_P), dev_a)
        hours = rng.choice(24, size=n_a, p=_hour_profile(False))
        start_a = days[0].value // 10**9 + day_a * 86400 + hours * 3600 + rng.integers(0, 3600, n_a)
        # assemble per session: (user, start, channel, device, n_views, kind, buy time)
        views_p = _session_views(rng, n_p, 1.3)
        views_a = _session_views(rng, n_a, 0.45)
        t_buy_s = t_buy.astype("datetime64[s]").astype(np.int64)
        dur_p = rng.integers(120, 1800, n_p)
        t0 = days[0].value // 10**9  # sessions stay inside the calendar
        t_last = t0 + n_days * 86400 - 1
        start_p = np.maximum(t_buy_s - dur_p, np.minimum(t0, t_buy_s))
        sess_user = np.concatenate([users_p, users_a])
        sess_ch = np.concatenate([ch_p, np.array(CHANNELS)[ch_a]])
        sess_dev = np.concatenate([dev_p, dev_a])
        sess_start = np.concatenate([start_p, start_a])
        end_a = np.minimum(start_a + rng.integers(60, 1500, n_a), np.maximum(t_last, start_a))
        sess_end = np.concatenate([t_buy_s, end_a])
        sess_kind = np.concatenate([np.full(n_p, 4), kind_a])
        sess_views = np.concatenate([views_p, views_a])
        n_s = len(sess_kind)
        order_s = np.argsort(sess_start, kind="stable")
        sid = np.empty(n_s, dtype=np.int64)
        sid[order_s] = np.arange(session_no, session_no + n_s)
        session_no += n_s
        sess_id = _ids("s", sid + 1, 7)
        # the product a session is about: bought product, else by popularity
        focus = np.searchsorted(pop_cum, rng.random(n_s) * pop_cum[-1])
        focus = np.minimum(focus, n_prod - 1)
        if n_p:
            focus[:n_p] = [prod_index[p] for p in f["product_id"]]
        # views: spread over the first 70% of the session
        v_sess = np.repeat(np.arange(n_s), sess_views)
        v_first = np.cumsum(sess_views) - sess_views
        v_pos = np.arange(len(v_sess)) - v_first[v_sess]
        span = (sess_end - sess_start)[v_sess]
        v_time = sess_start[v_sess] + (span * 0.7 * v_pos / np.maximum(sess_views[v_sess], 1))
        v_prod = np.where(
            v_pos == sess_views[v_sess] - 1,
            focus[v_sess],
            np.minimum(np.searchsorted(pop_cum, rng.random(len(v_sess)) * pop_cum[-1]), n_prod - 1),
        )
        ev = [("view", v_sess, v_time.astype(np.int64), v_prod)]
        # carts: purchase sessions add one per bought line, others one
        has_cart = sess_kind >= 2
        c_sess = np.flatnonzero(has_cart[n_p:]) + n_p
        c_time = sess_start[c_sess] + (sess_end - sess_start)[c_sess] * 0.8
        ev.append(("cart", c_sess, c_time.astype(np.int64), focus[c_sess]))
        if n_p:
            ord_pos = pd.Series(np.arange(n_p), index=f["order_id"].to_numpy())
            l_sess = ord_pos.loc[lines["order_id"].to_numpy()].to_numpy()
            l_prod = np.array([prod_index[p] for p in lines["product_id"]], dtype=np.int64)
            l_rank = lines.groupby("order_id", sort=False).cumcount().to_numpy()
            l_span = (sess_end - sess_start)[l_sess]
            l_time = sess_start[l_sess] + l_span * (0.74 + 0.04 * l_rank)
            ev.append(("cart", l_sess, l_time.astype(np.int64), l_prod))
        k_sess = np.flatnonzero(sess_kind >= 3)
        k_span = (sess_end - sess_start)[k_sess]
        k_time = sess_end[k_sess] - np.where(sess_kind[k_sess] == 4, k_span * 0.06, 0)
        ev.append(("checkout", k_sess, k_time.astype(np.int64), focus[k_sess]))
        p_sess = np.arange(n_p)
        ev.append(("purchase", p_sess, sess_end[p_sess].astype(np.int64), focus[p_sess]))
        names = np.concatenate([np.full(len(s), e) for e, s, _, _ in ev])
        e_sess = np.concatenate([s for _, s, _, _ in ev])
        e_time = np.concatenate([t for _, _, t, _ in ev])
        e_prod = np.concatenate([p for _, _, _, p in ev])
        e_day = np.clip((e_time - days[0].value // 10**9) // 86400, 0, n_days - 1)
        price = w.own_price[e_day, e_prod]
        step = pd.Series(names).map({"view": 0, "cart": 1, "checkout": 2, "purchase": 3})
        frame = pd.DataFrame(
            {
                "user_id": sess_user[e_sess],
                "event_time": pd.to_datetime(e_time, unit="s"),
                "event": names,
                "session_id": sess_id[e_sess],
                "channel": sess_ch[e_sess],
                "device": np.array(DEVICES)[sess_dev[e_sess]],
                "product_id": pid[e_prod],
                "price": price,
                "_step": step.to_numpy(),
            }
        )
        frame = frame.sort_values(["event_time", "session_id", "_step"], kind="stable")
        yield frame.reset_index(drop=True), hi_t


def generate_events(
    n_rows: int | None = None,
    seed: int = SEED,
    *,
    orders: pd.DataFrame | None = None,
    scale: float | None = None,
    track_share: float = 0.17,
) -> pd.DataFrame:
    """All events in one frame (see :func:`iter_events`); ``n_rows`` sets the scale.

    Returns
    -------
    DataFrame with ``user_id, event_time, event, session_id, channel, device, product_id,
    price`` sorted by time; ``event`` is one of view, cart, checkout, purchase.
    """
    scale, track_share = _events_scale(n_rows, seed, scale, track_share)
    return pd.concat(
        list(iter_events(seed, orders=orders, scale=scale, track_share=track_share)),
        ignore_index=True,
    )


_EVENTS_PER_TRACKED_ORDER = 21.9


def _events_scale(
    n_rows: int | None, seed: int, scale: float | None, track_share: float
) -> tuple[float, float]:
    if scale is not None or n_rows is None:
        return (1.0 if scale is None else scale), track_share
    # all customers tracked at scale: rows ~ orders * 19
    w = build_world(seed, 1.0)
    base_orders = float((w.lam * w.pay).sum())
    return n_rows / (base_orders * _EVENTS_PER_TRACKED_ORDER), 1.0


# --------------------------------------------------------------------------- prices


def generate_prices(n_rows: int | None = None, seed: int = SEED) -> pd.DataFrame:
    """Prices of the shop's products at 5 sellers, observed Mondays and Thursdays.

    The own shop (``本店``, ``own`` true) shares its prices with orders.csv. Each
    competitor carries part of the range, runs temporary promotions (a dip and a
    return), joins 618 / 双11 / 双12, sometimes cuts a price for good, and runs out
    of stock now and then (``in_stock`` false, the last price still shown).
    ``n_rows`` adds product variants to reach about that many rows (benchmarks).

    Returns
    -------
    DataFrame with ``date, product, seller, price, product_id, own, list_price, in_stock,
    promo`` sorted by date, product and seller.
    """
    days = _days()
    obs = np.flatnonzero(np.isin(days.day_of_week, [0, 3]))
    n_prod = len(PRODUCTS)
    if n_rows is not None:
        per_product = len(obs) * sum(s[1] for s in SELLERS.values())
        n_prod = max(n_prod, math.ceil(n_rows / per_product))
    products = _products(n_prod)
    w = build_world(seed, 1.0)
    rng = _rng(seed, "prices")
    frames = []
    for seller, (level, carry, depth, promos) in SELLERS.items():
        own = seller == OWN_SELLER
        for j, (prod_id, name, lp) in enumerate(products):
            if own and j < w.own_price.shape[1]:
                price, promo, stock = w.own_price[:, j], w.own_promo[:, j], w.own_stock[:, j]
            else:
                if not own and rng.random() >= carry:
                    continue
                price, promo = _price_path(rng, days, lp, level, depth, promos, 0.7)
                stock = _stock_path(rng, len(days), 0.25)
            frames.append(
                pd.DataFrame(
                    {
                        "date": days[obs],
                        "product": name,
                        "seller": seller,
                        "price": price[obs],
                        "product_id": prod_id,
                        "own": own,
                        "list_price": lp,
                        "in_stock": stock[obs],
                        "promo": promo[obs],
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    seller_rank = {s: i for i, s in enumerate(SELLERS)}
    out["_s"] = out["seller"].map(seller_rank)
    out = out.sort_values(["date", "product_id", "_s"], kind="stable", ignore_index=True)
    return out.drop(columns="_s")


# --------------------------------------------------------------------------- taobao


_NICK_A = ("小", "大", "阿", "甜", "爱", "快乐", "开心", "安静的", "momo", "tb")
_NICK_B = ("猫", "鱼", "兔子", "橙子", "熊", "米粒", "豆豆", "星星", "木木", "糖")
_PROVINCES = (
    ("浙江省", "杭州市"),
    ("广东省", "深圳市"),
    ("广东省", "广州市"),
    ("江苏省", "南京市"),
    ("上海", "上海市"),
    ("北京", "北京市"),
    ("四川省", "成都市"),
    ("湖北省", "武汉市"),
    ("山东省", "青岛市"),
    ("福建省", "厦门市"),
)
_TITLE_TAGS = ("【双11狂欢】", "【官方正品】", "【现货速发】", "", "")


def generate_taobao(orders: pd.DataFrame, seed: int = SEED, n: int = 200) -> pd.DataFrame:
    """A Taobao-style order report (one row per order, Chinese headers) of ``n`` orders.

    Orders are taken from ``orders`` between 2025-11-01 and 2025-11-13. Columns follow
    the Taobao seller centre export: 订单编号 (19 digits), 买家会员名, 买家应付货款,
    买家应付邮费, 总金额, 买家实际支付金额, 订单状态, 订单创建时间, 订单付款时间, 宝贝标题,
    宝贝种类, 宝贝总数量, 店铺名称, 退款金额, 收货地址. Closed unpaid orders paid 0.00.
    """
    rng = _rng(seed, "taobao")
    paid = _paid_lines(orders)
    win = paid[
        (paid["order_time"] >= pd.Timestamp("2025-11-01"))
        & (paid["order_time"] < pd.Timestamp("2025-11-14"))
    ]
    ids = np.sort(win["order_id"].unique())
    chosen = np.sort(rng.choice(ids, size=min(n, len(ids)), replace=False))
    sub = win[win["order_id"].isin(chosen)]
    g = sub.groupby("order_id", sort=True)
    agg = pd.DataFrame(
        {
            "time": g["order_time"].first(),
            "goods": g["amount"].sum(),
            "kinds": g["product_id"].nunique(),
            "qty": g["quantity"].sum(),
            "title": g["product_name"].agg(lambda s: "，".join(s)),
        }
    )
    m = len(agg)
    postage = np.where(agg["goods"].to_numpy() < 49, 6.0, 0.0)
    total = agg["goods"].to_numpy() + postage
    coupon = np.where(total >= 199, 20.0, np.where(total >= 99, 10.0, 0.0))
    coupon = coupon * (rng.random(m) < 0.7)
    r = rng.random(m)
    status = np.select(
        [r < 0.04, r < 0.1, r < 0.18, r < 0.3],
        ["等待买家付款", "交易关闭", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"],
        "交易成功",
    )
    unpaid = (status == "等待买家付款") | ((status == "交易关闭") & (rng.random(m) < 0.5))
    actual = np.where(unpaid, 0.0, total - coupon)
    refund = np.where((status == "交易关闭") & ~unpaid, actual, 0.0)
    pay_time = agg["time"] + pd.to_timedelta(rng.integers(5, 600, m), unit="s")
    nick = [
        f"{_NICK_A[a]}{_NICK_B[b]}{k}" if rng.random() < 0.6 else f"tb{rng.integers(10**7, 10**8)}"
        for a, b, k in zip(
            rng.integers(0, 10, m), rng.integers(0, 10, m), rng.integers(1, 999, m), strict=True
        )
    ]
    addr = [" ".join(_PROVINCES[i]) for i in rng.integers(0, len(_PROVINCES), m)]
    tags = np.array(_TITLE_TAGS)[rng.integers(0, len(_TITLE_TAGS), m)]
    order_no = [str(rng.integers(10**18, 4 * 10**18)) for _ in range(m)]

    def money(x: np.ndarray) -> list[str]:
        return [f"{v:.2f}" for v in x]

    return pd.DataFrame(
        {
            "订单编号": order_no,
            "买家会员名": nick,
            "买家应付货款": money(agg["goods"].to_numpy()),
            "买家应付邮费": money(postage),
            "总金额": money(total),
            "买家实际支付金额": money(actual),
            "订单状态": status,
            "订单创建时间": agg["time"].dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(),
            "订单付款时间": np.where(unpaid, "", pay_time.dt.strftime("%Y-%m-%d %H:%M:%S")),
            "宝贝标题": [f"{t}{s}" for t, s in zip(tags, agg["title"], strict=True)],
            "宝贝种类": agg["kinds"].to_numpy(),
            "宝贝总数量": agg["qty"].astype(int).to_numpy(),
            "店铺名称": OWN_SELLER,
            "退款金额": money(refund),
            "收货地址": addr,
        }
    )


# --------------------------------------------------------------------------- writing


# --------------------------------------------------------------------------- experiment
EXPERIMENT = (pd.Timestamp("2025-07-01"), pd.Timestamp("2025-09-01"))  # a new detail page
EXPERIMENT_SHIFT = 0.12  # buyers in the test go to B 62% of the time, the others 48.7%


def add_experiment(events: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """``events`` with a ``variant`` column: an A/B test of a new detail page in July and August.

    Every user active in the window is assigned A or B once (their rows in the window carry
    it; rows outside are empty). The log's purchases are fixed, so the test's effect is made
    by assignment: users who buy in the window land in B with probability 0.5 +
    ``EXPERIMENT_SHIFT``, the others with the probability that keeps the split 50/50 on
    average (no sample ratio mismatch). Its own random stream leaves every other column as
    it was."""
    rng = _rng(seed, "experiment")
    t = events["event_time"]
    inside = (t >= EXPERIMENT[0]) & (t < EXPERIMENT[1])
    users = np.sort(events.loc[inside, "user_id"].unique())
    buyers = set(events.loc[inside & events["event"].eq("purchase"), "user_id"])
    is_buyer = np.array([u in buyers for u in users])
    share = is_buyer.mean() if len(users) else 0.0
    p_b = np.where(is_buyer, 0.5 + EXPERIMENT_SHIFT, 0.5 - EXPERIMENT_SHIFT * share / (1 - share))
    variant = np.where(rng.random(len(users)) < p_b, "B", "A")
    of = pd.Series(variant, index=users)
    col = events["user_id"].map(of).where(inside)
    return events.assign(variant=col.astype(object).where(col.notna(), ""))


def _to_arrow(frame: pd.DataFrame) -> pa.Table:
    """Text-ready Arrow table: dates as days or whole seconds, money rounded to cents."""
    columns = {}
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            arr = pa.array(s.to_numpy().astype("datetime64[s]"), from_pandas=True)
            if (s == s.dt.normalize()).all():
                arr = arr.cast(pa.date32())
        elif pd.api.types.is_float_dtype(s):
            arr = pa.array(s.round(2).to_numpy(), from_pandas=True)
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_integer_dtype(s):
            arr = pa.array(s, from_pandas=True)
        else:
            arr = pa.array(s.astype(object).to_numpy(), type=pa.string(), from_pandas=True)
        columns[col] = arr
    return pa.table(columns)


def _write_csv(frame: pd.DataFrame, path: Path, *, header: bool = True, mode: str = "w") -> None:
    """Plain CSV (UTF-8, LF, no quotes; booleans true / false); appends with ``mode="a"``."""
    with open(path, mode + "b") as fh:
        if header:
            fh.write((",".join(frame.columns) + "\n").encode())
        pacsv.write_csv(
            _to_arrow(frame),
            fh,
            pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65536),
        )


def write_samples(out: Path = HERE, seed: int = SEED) -> dict[str, Path]:
    """Write the five sample files and the Taobao GBK export into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    orders = generate_orders(seed=seed)
    traffic = generate_traffic(seed=seed, orders=orders)
    files = {
        "orders": orders,
        "traffic": traffic,
        "events": add_experiment(generate_events(seed=seed, orders=orders), seed=seed),
        "prices": generate_prices(seed=seed),
        "spend": generate_spend(traffic),
    }
    paths = {}
    for kind, frame in files.items():
        paths[kind] = out / SAMPLE_NAMES[kind]
        _write_csv(frame, paths[kind])
    taobao = generate_taobao(orders, seed=seed)
    paths["taobao"] = out / TAOBAO_NAME
    taobao.to_csv(paths["taobao"], index=False, encoding="gbk", lineterminator="\r\n")
    return paths


def write_large(
    out: Path,
    *,
    seed: int = SEED,
    scale: float | None = None,
    orders: int | None = None,
    events: int | None = None,
    traffic: int | None = None,
    prices: int | None = None,
    log=print,
) -> dict[str, Path]:
    """Benchmark files: every kind at ``scale`` times the sample, or to explicit row targets.

    With ``scale``, all five kinds are written (traffic and prices reach their size with
    extra campaigns / product variants; spend keeps its rows, with scaled money). With row
    targets, only the kinds asked for. Events are generated and appended chunk by chunk
    (a month, or a week for big files), so memory stays bounded.
    """
    out.mkdir(parents=True, exist_ok=True)
    base = build_world(seed, 1.0)
    base_orders = float((base.lam * base.pay).sum())
    if scale is None and not any((orders, events, traffic, prices)):
        scale = 10.0
    paths: dict[str, Path] = {}
    shared: pd.DataFrame | None = None
    if scale is not None or orders:
        o_scale = scale if scale is not None else orders / (base_orders * _LINES_PER_ORDER)
        shared = generate_orders(seed=seed, scale=o_scale)
        paths["orders"] = out / "orders.csv"
        _write_csv(shared, paths["orders"])
        log(f"orders: {len(shared):,} rows -> {paths['orders']}")
    if scale is not None or events:
        if scale is not None:
            e_scale, share, src = scale, 0.17, shared
        else:
            e_scale, share = _events_scale(events, seed, None, 0.17)
            src = generate_orders(seed=seed, scale=e_scale)
        expected = base_orders * e_scale * share * _EVENTS_PER_TRACKED_ORDER
        chunk = "MS" if expected < 2_000_000 else "W-MON"
        paths["events"] = out / "events.csv"
        n = 0
        it = iter_events(seed, orders=src, scale=e_scale, track_share=share, chunk=chunk)
        for i, part in enumerate(it):
            _write_csv(part, paths["events"], header=i == 0, mode="w" if i == 0 else "a")
            n += len(part)
        del src
        log(f"events: {n:,} rows -> {paths['events']}")
    if scale is not None or traffic:
        rows = int(len(base.days) * (len(CHANNELS) + len(GA4_ROWS)) * scale) if scale else traffic
        t_scale = scale if scale is not None else 1.0
        frame = generate_traffic(rows, seed=seed, scale=t_scale, orders=shared if scale else None)
        paths["traffic"] = out / "traffic.csv"
        _write_csv(frame, paths["traffic"])
        log(f"traffic: {len(frame):,} rows -> {paths['traffic']}")
        if scale is not None:
            spend = generate_spend(frame)
            paths["spend"] = out / "spend.csv"
            _write_csv(spend, paths["spend"])
            log(f"spend: {len(spend):,} rows -> {paths['spend']}")
    if scale is not None or prices:
        rows = int(len(generate_prices(seed=seed)) * scale) if scale else prices
        frame = generate_prices(rows, seed=seed)
        paths["prices"] = out / "prices.csv"
        _write_csv(frame, paths["prices"])
        log(f"prices: {len(frame):,} rows -> {paths['prices']}")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    parser.add_argument("--scale", type=float, default=None, help="N times the sample volume")
    parser.add_argument("--orders", type=int, default=None, help="order lines wanted")
    parser.add_argument("--events", type=int, default=None, help="event rows wanted")
    parser.add_argument("--traffic", type=int, default=None, help="traffic rows wanted")
    parser.add_argument("--prices", type=int, default=None, help="price rows wanted")
    args = parser.parse_args(argv)
    large = any(
        v is not None for v in (args.scale, args.orders, args.events, args.traffic, args.prices)
    )
    if large:
        out = args.out or ROOT / "bench" / "data"
        write_large(
            out,
            seed=args.seed,
            scale=args.scale,
            orders=args.orders,
            events=args.events,
            traffic=args.traffic,
            prices=args.prices,
        )
    else:
        for kind, path in write_samples(args.out or HERE, seed=args.seed).items():
            print(f"{kind}: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
