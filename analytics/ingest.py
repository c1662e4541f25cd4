"""Raw file -> canonical :class:`~analytics.schema.Dataset` with a validation report.

The import runs in three steps, each public so the import wizard can show a
proposal, let the user edit it, and build the dataset without re-reading the
file:

1. :func:`analytics.readers.read_table` reads the bytes into a
   :class:`~analytics.readers.RawTable` (encoding, delimiter, sheets).
2. :func:`propose_kind` and :func:`propose_mapping` guess the dataset kind and
   map canonical columns to the file's columns, from English / Chinese aliases
   and known export layouts (:mod:`analytics.aliases`);
   :func:`missing_required` lists what a mapping still lacks.
3. :func:`to_canonical` coerces and validates (:mod:`analytics.coerce`) and
   returns the :class:`Dataset`.

:func:`load` does all three.

Mapping keys are canonical column names; values are the file's column names.
Two bracketed forms describe wide tables, which are pivoted long:
``"spend[tv]": "tv_S"`` (the spend of channel ``tv``; also
``impressions[tv]`` and ``clicks[tv]``) and ``"price[comp_1]": "comp_1"``
(the price at seller ``comp_1``; the seller ``own`` is the user's own price).

What :func:`to_canonical` makes of each kind of file (the dataset's ``frame``
holds the canonical columns, then the unmapped file columns):

- orders: line-level; ``amount`` = quantity x unit_price when there
  is no amount; no order ID -> each row is an order; lines of one
  order missing customer / time / status take the order's first
  line's values. Order states (:mod:`analytics.order_states`):
  ``is_void`` flags orders never paid (unpaid statuses such as
  等待买家付款 / pending; closed or cancelled such as 交易关闭 /
  cancelled with no sign of payment; no payment time and 0 paid),
  kept as read, never negated; ``is_return`` is True for Online
  Retail ``C`` invoices, negative quantities or amounts, and
  refund-status rows later than a purchase row of the same order,
  whose amount is made negative; a refunded order or line (its own
  row) keeps its amount and gets ``refund_amount`` (the file's, else
  the whole amount). All are kept and flagged. Rows without customer ID are
  kept (customer_id null) and flagged; rows without a readable time
  or amount are dropped.
- traffic: ``visitors`` from sessions when absent; with neither, the
  distinct visit / session IDs, else each row counts as one session;
  ``channel`` null where source / medium are given, else an empty
  channel is ``(not set)`` (flagged); GA4 "source / medium" is split.
- events: GA360 ``eCommerceAction_type`` codes become event names.
- prices / spend: wide tables are pivoted long (one row per file row
  and seller / channel); report counts stay in file rows.
- money in micros (GA360 exports) is divided by 1,000,000 (noted).

``report`` counts file rows: ``rows_read = rows_kept + rows_dropped``;
each reason has a count and up to 10 example row numbers (1 = first
data row); ``reasons`` is keyed by ``code`` or ``code:column`` (e.g.
``missing_value:price``); ``rejected`` holds the dropped rows as read,
with ``_row`` (file row number) and ``_reason`` (that key).

Import options of :func:`to_canonical` (and :func:`load`):

tz : str, optional
    A time zone (IANA name such as ``"Asia/Shanghai"``, or ``"UTC"``) to
    convert times that carry an offset to. By default such times are kept
    as the local time written (``2024-06-18 01:30+08:00`` ->
    ``2024-06-18 01:30``), a column with several offsets is converted to its
    most common one; each case is noted (see
    :func:`analytics.coerce.to_datetime`).
    Shown with the dataset (a year in it dates month-only values).
default_event : str
    Events without an event column: the event every row stands for
    ("view" by default; noted).
event_legend : dict, optional
    Events: raw event value -> event name (``{"1": "pv", "2": "fav", "3": "cart",
    "4": "buy"}``); values it does not name are kept as they are (noted).
own_seller : str
    Prices: the seller label of the user's own prices ("own" by default): every
    row of a file without a seller column, and a wide table's ``price[own]``.
year : int, optional
    The year of dates given without one (month-only, week-only, spend's month +
    day). When None: a year in the file name or a single-year column, else
    :data:`analytics.coerce.ASSUMED_YEAR`, said plainly in the report.
channel_label : str, optional
    Spend without a channel column: the channel every row is (noted). When None,
    the ad platform the file name or headers name clearly (``google_ads.csv`` ->
    "Google Ads", ``fb_campaign_id`` -> "Meta Ads"), else ``"all"``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from analytics import aliases as al
from analytics import kinds as kd
from analytics import order_states
from analytics import recognise as rc
from analytics.coerce import (
    arrow_strings,
    pool_empty,
    to_bool,
    to_datetime,
    to_money,
    to_number,
    to_text,
)
from analytics.schema import (
    ALTERNATIVES,
    COLUMNS,
    DTYPES,
    KINDS,
    REQUIRED,
    Dataset,
    ImportReport,
    IngestError,
    Kind,
    Reason,
)

__all__ = [
    "IngestError",
    "load",
    "propose",
    "propose_kind",
    "propose_mapping",
    "missing_required",
    "to_canonical",
    "source_digest",
    "wide_columns",
]

KIND_ZH = {
    "orders": "订单",
    "traffic": "流量",
    "events": "行为事件",
    "prices": "价格",
    "spend": "投放花费",
}
_MONEY = {"amount", "unit_price", "revenue", "price", "spend", "list_price"}
_COUNTS = {"visitors", "sessions", "orders", "buyers", "conversions", "new_visitors", "quantity"}
_WIDE_KEY = re.compile(r"^(?P<base>[a-z_]+)\[(?P<name>.+)\]$")
_SAMPLE = 500
_MAX_EXAMPLES = 10


# ---------------------------------------------------------------- helpers


def _raw_frame(raw: Any) -> pd.DataFrame:
    return raw if isinstance(raw, pd.DataFrame) else raw.frame


def _sample(s: pd.Series, n: int = _SAMPLE) -> pd.Series:
    """Up to ``n`` non-blank values from the first ``4n`` rows (from all rows when those
    are all blank)."""
    head = arrow_strings(s.iloc[: 4 * n])
    if head is not None:
        # the same steps in Arrow (a few calls instead of pandas' per-step overhead)
        head = head.drop_null()
        head = head.filter(pc.not_equal(pc.utf8_trim_whitespace(head), ""))
        if len(head):
            arr = pd.arrays.ArrowStringArray(head.slice(0, n).combine_chunks())
            return pd.Series(arr, dtype=s.dtype)
    head = s.iloc[: 4 * n].dropna()
    if pd.api.types.is_string_dtype(head):
        head = head[head.str.strip() != ""]
    if head.empty:
        head = s.dropna()
    return head.head(n).reset_index(drop=True)


def _bool_like(s: pd.Series, smp: pd.Series | None = None) -> bool:
    """Do the values read as booleans (``smp``: a sample of ``s`` already taken)?"""
    if pd.api.types.is_bool_dtype(s):
        return True
    if pd.api.types.is_numeric_dtype(s):
        return False
    smp = _sample(s, 200) if smp is None else smp.head(200)
    if smp.empty:
        return False
    _, bad = to_bool(smp)
    low = smp.astype("str").str.strip().str.lower()
    return not bad.any() and not low.isin(["0", "1", "0.0", "1.0"]).all()


def _mangled(s: pd.Series, smp: pd.Series | None = None) -> bool:
    """An ID column that Excel turned into floats (``2.81772E+18``); ``smp``: a sample of
    ``s`` already taken."""
    if pd.api.types.is_float_dtype(s):
        return bool(s.abs().max() >= 1e15)
    if pd.api.types.is_string_dtype(s):
        smp = _sample(s, 200) if smp is None else smp.head(200)
        return bool(len(smp)) and smp.str.match(al.MANGLED_ID_RE.pattern, case=False).mean() > 0.5
    return False


def _fits(
    frame: pd.DataFrame,
    col: str,
    kind: str,
    canon: str,
    min_ok: float = 0.5,
    cache: dict | None = None,
) -> bool:
    """Do the values of ``col`` suit canonical column ``canon`` (checked on a sample)?

    ``min_ok`` is the share of sample values that must convert: a header named
    by an alias needs half, a guess from the name alone needs 90%.
    """
    ctype = DTYPES[kind].get(canon)
    role = "count" if canon in _COUNTS - {"quantity"} else "id" if canon.endswith("_id") else ""
    key = (col, ctype, role, min_ok)
    if cache is not None and key in cache:
        return cache[key]
    if cache is not None:
        # one sample per column for all the kinds and roles it is tried for
        smp = cache.get(("sample", col))
        if smp is None:
            smp = cache[("sample", col)] = _sample(frame[col])
    else:
        smp = _sample(frame[col])
    ok = _fits_uncached(frame, col, ctype, canon, min_ok, smp)
    if cache is not None:
        cache[key] = ok
    return ok


def _fits_uncached(
    frame: pd.DataFrame, col: str, ctype: str | None, canon: str, min_ok: float, smp: pd.Series
) -> bool:
    s = frame[col]
    if smp.empty:
        return False  # an empty column is never proposed
    if ctype == "datetime":
        if pd.api.types.is_bool_dtype(smp):
            return False
        values, bad = to_datetime(smp, name=col)
        return values.notna().mean() >= min_ok
    if ctype in {"float", "int"}:
        if _bool_like(smp, smp):
            return canon in _COUNTS - {"quantity"}
        values, bad = to_number(smp)
        return values.notna().mean() >= min_ok
    if ctype == "bool":
        _, bad = to_bool(smp)
        return bad.mean() <= 0.1
    if canon.endswith("_id") or canon in {"order_id", "customer_id", "user_id", "session_id"}:
        return not _mangled(s, smp)
    return True


def _wide_name(key: str) -> tuple[str, str] | None:
    m = _WIDE_KEY.match(key)
    return (m["base"], m["name"]) if m else None


def wide_columns(mapping: Mapping[str, str], base: str) -> dict[str, str]:
    """The wide entries of ``mapping`` for ``base``: ``{"tv": "tv_S", ...}`` for ``base="spend"``."""
    out = {}
    for key, col in mapping.items():
        w = _wide_name(key)
        if w and w[0] == base:
            out[w[1]] = col
    return out


def _detect_wide_spend(
    frame: pd.DataFrame, used: set[str], cache: dict | None = None
) -> dict[str, str]:
    cols = [c for c in frame.columns if c not in used]
    found: dict[str, str] = {}
    spend_pats = al.WIDE_SPEND_PATTERNS

    def numeric(c: str) -> bool:
        return pd.api.types.is_numeric_dtype(frame[c]) or _fits(
            frame, c, "spend", "spend", cache=cache
        )

    # year / month / week columns and totals are never channels
    cols = [c for c in cols if not kd.is_date_part_name(c) and not kd.total_kind(c)]
    for c in cols:
        for pat in spend_pats:
            m = pat.match(str(c))
            if m and m.group("ch").strip(" _-") and numeric(c):
                found[f"spend[{m.group('ch').strip(' _-')}]"] = c
                break
    if len(found) >= 2:
        # channels not named as spend: a channel word among the header's words (GRP (OOH)),
        # or a column the total needs to add up
        measures = {
            c
            for c in cols
            for pat in (*al.WIDE_IMPRESSION_PATTERNS, *al.WIDE_CLICK_PATTERNS)
            if pat.match(str(c))
        }
        found.update(kd.more_channels(frame, found, used | measures, numeric))
        chans = {k[6:-1] for k in found}
        for pats, base in (
            (al.WIDE_IMPRESSION_PATTERNS, "impressions"),
            (al.WIDE_CLICK_PATTERNS, "clicks"),
        ):
            for c in cols:
                for pat in pats:
                    m = pat.match(str(c))
                    if m and m.group("ch").strip(" _-") in chans and numeric(c):
                        found.setdefault(f"{base}[{m.group('ch').strip(' _-')}]", c)
                        break
        return found
    # PyMC-Marketing: x1, x2, ... with outcome y
    xs = [c for c in cols if re.fullmatch(r"x\d+", str(c)) and numeric(c)]
    if xs and "y" in cols:
        return {f"spend[{c}]": c for c in xs}
    # one column per channel named by the channel alone (TV, Search, 抖音), maybe with a Total
    bare, _ = kd.bare_channel_columns(frame, used, numeric)
    return bare


def _web_addresses(s: pd.Series) -> bool:
    """Are (nearly) all of a sample of the column's values web addresses (``https://...``)?"""
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return False
    smp = _sample(s, 200)
    if smp.empty:
        return False
    return bool(smp.astype("str").str.match(r"\s*(https?://|www\.)\S+\s*$").mean() >= 0.9)


_DATED = "date:"  # wide price key of a column per date: ``price[date:2026-03-23]``


def _detect_dated_prices(frame: pd.DataFrame, used: set[str]) -> dict[str, str]:
    """One price column per date (``Price_2026-03-23``, ``Price_2026-03-24`` ...): at least
    two, with distinct dates -> ``price[date:<YYYY-MM-DD>]`` keys."""
    found: dict[str, str] = {}
    for c in frame.columns:
        if c in used:
            continue
        m = al.DATED_PRICE_RE.match(str(c))
        if m is None:
            continue
        day = pd.to_datetime(m["date"].replace("/", "-").replace(".", "-"), errors="coerce")
        if pd.isna(day) or not _fits(frame, c, "prices", "price"):
            continue
        found.setdefault(f"price[{_DATED}{day:%Y-%m-%d}]", c)
    return found if len(found) >= 2 else {}


def _detect_wide_prices(frame: pd.DataFrame, used: set[str]) -> dict[str, str]:
    found = {}
    for c in frame.columns:
        if c in used:
            continue
        m = al.COMPETITOR_PRICE_RE.match(str(c))
        if m and _fits(frame, c, "prices", "price"):
            found[f"price[{c}]"] = c
    return found


def _headerless(frame: pd.DataFrame) -> bool:
    names = [str(c).strip() for c in frame.columns]
    if not names:
        return False
    generic = all(re.fullmatch(r"(column|col|field|unnamed)[ _:]*\d+", n, re.I) for n in names)
    numeric = all(re.fullmatch(r"-?\d+([.,]\d+)?", n) for n in names)
    return generic or numeric or rc.header_is_data(frame)


def _fix_header(raw: Any, notes: list) -> pd.DataFrame:
    """A file without a header row.

    When its first line was taken as column names (all numbers), that line is
    put back as the first data row; the columns are named ``column_1``...
    """
    frame = _raw_frame(raw)
    if not _headerless(frame):
        return frame
    names = [str(c).strip() for c in frame.columns]
    new_names = [f"column_{i + 1}" for i in range(len(names))]
    out = frame.set_axis(new_names, axis=1)
    # text names that are all numbers: the first data line was read as the header
    # (integer labels, as from ``pd.read_csv(header=None)``, are positions only)
    if all(isinstance(c, str) for c in frame.columns) and (
        all(re.fullmatch(r"-?\d+([.,]\d+)?", n) for n in names) or rc.header_is_data(frame)
    ):
        first = {}
        for new, old in zip(new_names, names, strict=True):
            value: Any = old
            if pd.api.types.is_bool_dtype(out[new]):
                # (astype(bool) would read any text, "0" and "false" too, as True)
                value = {"true": True, "1": True, "false": False, "0": False}.get(old.lower(), old)
            elif pd.api.types.is_numeric_dtype(out[new]):
                value = pd.to_numeric(old, errors="coerce")
                if pd.api.types.is_integer_dtype(out[new]) and not float(value).is_integer():
                    out[new] = out[new].astype("float64")  # 2.5 over whole numbers: not 2
            try:
                if isinstance(value, str) and pd.api.types.is_bool_dtype(out[new]):
                    raise ValueError(value)
                first[new] = pd.Series([value]).astype(out[new].dtype)
            except (ValueError, TypeError, OverflowError):
                # (#14 item 5) the first line's value does not fit the column's type (an epoch
                # number over a column of dates, "1,5" over whole numbers): the column becomes
                # text and the coercion reads it like any other mixed column
                out[new] = out[new].astype("str").where(out[new].notna(), None)
                first[new] = pd.Series([old], dtype="str")
        out = pd.concat([pd.DataFrame(first), out], ignore_index=True)
    if not any(code == "no_header" for code, _ in notes):
        notes.append(("no_header", {"n": len(new_names), "columns": len(new_names)}))
    return out


def _by_values_orders(frame: pd.DataFrame) -> dict[str, str]:
    """Orders mapping for a file without header names, from the values alone."""
    cols = list(frame.columns)
    mapping: dict[str, str] = {}
    date_col = next((c for c in cols if _fits(frame, c, "orders", "order_time")), None)
    if date_col is None:
        return mapping
    mapping["order_time"] = date_col
    di = cols.index(date_col)
    ints = [
        c
        for c in cols
        if pd.api.types.is_integer_dtype(frame[c])
        or (
            pd.api.types.is_string_dtype(frame[c]) and _sample(frame[c]).str.fullmatch(r"\d+").all()
        )
    ]
    before = [c for c in ints if cols.index(c) < di]
    if before:
        mapping["customer_id"] = before[0]
    floats = [c for c in cols[di + 1 :] if pd.api.types.is_float_dtype(frame[c])]
    if floats:
        mapping["amount"] = floats[-1]
    after_ints = [c for c in ints if cols.index(c) > di and c not in mapping.values()]
    if after_ints:
        mapping["quantity"] = after_ints[0]
    return mapping


# ---------------------------------------------------------------- contents

# Per kind: the canonical columns that contents may fill when no header named
# them. Required ones are filled from any column left over; the optional ones
# listed here only from columns whose names say nothing (headerless files,
# ``col_a``...), or from a column whose values are a known vocabulary
# (events, channels), which names cannot contradict.
_CONTENT_OPTIONAL: dict[str, tuple[str, ...]] = {
    "orders": ("customer_id", "quantity", "product_name"),
    "traffic": (),
    "events": ("event", "product_id", "category", "price"),
    "prices": ("seller", "product_id"),
    "spend": ("channel",),
}
# The least confidence a role needs before contents alone fill a column.
_MIN_CONF = {
    "time": 0.6,
    "money": 0.45,
    "event": 0.6,
    "event_code": 0.5,
    "channel": 0.6,
    "id": 0.35,
}
# Optional columns ask for more: a wrong guess there costs more than a gap.
_MIN_CONF_OPTIONAL = 0.6
# Fill order: the most specific roles first, so a generic ID slot cannot take
# the column that holds the times or the events.
_FILL_ORDER = ("time", "event", "event_code", "money", "channel", "count", "id", "name", "category")


def _profiles(frame: pd.DataFrame, cache: dict) -> dict[str, rc.ColumnProfile]:
    key = ("profiles", tuple(map(str, frame.columns)), len(frame))
    got = cache.get(key)
    if got is None:
        smp = rc.sample_frame(frame)
        got = cache[key] = rc.profile(frame, sample=smp)
        cache[("daily_by_channel", *key[1:])] = rc.daily_by_channel(smp, got)
    return got


def _daily_by_channel(frame: pd.DataFrame, cache: dict) -> bool:
    _profiles(frame, cache)
    return cache[("daily_by_channel", tuple(map(str, frame.columns)), len(frame))]


@functools.lru_cache(maxsize=1)
def _alias_keys() -> frozenset[str]:
    keys = {k for per_kind in al.ALIASES.values() for aliases in per_kind.values() for k in aliases}
    keys |= {k for lay in al.LAYOUTS for k in lay.signature}
    return frozenset(keys)


_GENERIC_NAME = re.compile(
    r"(?i)^(col|column|field|var|variable|unnamed|attr|c|f|v)?[ _:.\-]*([a-z]|\d{1,3})$"
)


@functools.lru_cache(maxsize=1)
def _alias_fields() -> dict[str, frozenset[str]]:
    """Header key -> the canonical columns (of any kind) it is an alias of."""
    out: dict[str, set[str]] = {}
    for per_kind in al.ALIASES.values():
        for canon, keys in per_kind.items():
            for k in keys:
                out.setdefault(k, set()).add(canon)
    return {k: frozenset(v) for k, v in out.items()}


# canonical columns that mean the same thing in different kinds
_SAME_FIELD = (
    frozenset({"order_time", "event_time", "date"}),
    frozenset({"customer_id", "user_id"}),
    frozenset({"amount", "revenue", "price", "unit_price", "spend", "list_price"}),
    frozenset({"product", "product_name", "product_id"}),
    frozenset({"orders", "conversions", "buyers"}),
    frozenset({"channel", "source", "seller"}),
)


def _named_otherwise(col: object, canon: str) -> bool:
    """Does the header of ``col`` clearly name another canonical column than ``canon``
    (订单编号 is an order ID: never an events user; Total Revenue may be an amount)?"""
    fields = _alias_fields().get(al.norm(col))
    if not fields or canon in fields:
        return False
    same = set().union(*(g for g in _SAME_FIELD if canon in g)) or {canon}
    return not (fields & same)


def _neutral(col: object) -> bool:
    """A header that says nothing (``col_a``, ``column_3``, ``field3``, ``B``)."""
    name = str(col).strip()
    return al.norm(name) not in _alias_keys() and bool(_GENERIC_NAME.match(name))


def _slot_conf(kind: str, canon: str, p: rc.ColumnProfile | None) -> tuple[float, str]:
    """How well a column's values suit ``canon`` of ``kind``: (confidence, role)."""
    base = _wide_name(canon)
    canon = base[0] if base else canon
    roles = rc.SLOT_ROLES.get(kind, {}).get(canon)
    if p is None or roles is None:
        return 0.5, ""
    best = max(((p.conf(r), r) for r in roles), default=(0.0, ""))
    return best


def _by_contents(
    frame: pd.DataFrame,
    kind: str,
    mapping: dict[str, str],
    origin: dict[str, str],
    profiles: Mapping[str, rc.ColumnProfile],
    *,
    used: set[str] | None = None,
    neutral: bool = False,
    daily: bool = False,
) -> None:
    """Fill the canonical columns the names left open from the columns' values (in place);
    ``daily``: the file is one row per day and channel (:func:`rc.daily_by_channel`)."""
    used = set(mapping.values()) if used is None else used
    have = set(mapping)
    # the required columns still missing (alternatives count: quantity x unit price,
    # source for channel, wide tables; traffic visitors are counted, never guessed)
    slots = missing_required(kind, mapping)
    if kind == "traffic" and daily and not {"visitors", "sessions"} & have:
        slots.append("visitors")  # a day x channel table: its first count is the visitors
    if wide_columns(mapping, "price"):
        have.add("seller")  # the wide table's columns are the sellers
    if wide_columns(mapping, "spend"):
        have.add("channel")  # the wide table's columns are the channels
    optional = [c for c in _CONTENT_OPTIONAL[kind] if c not in have]
    roles_of = rc.SLOT_ROLES.get(kind, {})

    def rank(canon: str) -> int:
        roles = roles_of.get(canon, ("category",))
        return min(_FILL_ORDER.index(r) if r in _FILL_ORDER else 99 for r in roles)

    for canon in sorted([*slots, *optional], key=rank):
        required = canon in slots
        best_col, best_conf = None, 0.0
        for col in frame.columns:
            if col in used:
                continue
            p = profiles.get(col)
            if p is None or p.n == 0 or p.filled < 0.3:
                continue
            conf, role = _slot_conf(kind, canon, p)
            if not neutral and _named_otherwise(col, canon):
                continue  # names first: 订单编号 is an order ID, never an events user
            free = neutral or _neutral(col)
            if role == "event_code" and not free:
                continue  # small integer codes are events only where no name says otherwise
            vocab = role in {"event", "channel"} and conf >= 0.75
            if not (required or free or vocab):
                continue
            if required:
                need = _MIN_CONF.get(role, 0.5)
            elif free:
                need = max(_MIN_CONF.get(role, 0.5), 0.5)
            else:
                need = _MIN_CONF_OPTIONAL
            if conf < need:
                continue
            if roles_of.get(canon) == ("id",):
                # IDs: the leftmost that fits (files list user, item, category in that order)
                best_col, best_conf = col, conf
                break
            if conf > best_conf:
                best_col, best_conf = col, conf
        if best_col is not None:
            mapping[canon] = best_col
            origin[canon] = "contents"
            used.add(best_col)


# ---------------------------------------------------------------- proposals


def propose_mapping(
    raw_frame: pd.DataFrame, kind: Kind, *, _cache: dict | None = None
) -> dict[str, str]:
    """Propose canonical -> original column names for ``kind``.

    Known export layouts (Shopify, GA4, Taobao/Tmall, JD, Douyin, 生意参谋,
    UCI Online Retail, REES46, GA360) are recognised by their headers first;
    then each canonical column takes the first alias (English or Chinese, see
    :data:`analytics.aliases.ALIASES`) the file has, provided the values fit
    (dates parse, numbers are numbers, IDs were not mangled by Excel). A
    required date column falls back to any column whose name says date / time.
    Wide spend tables (``tv_S``, ``Channel0_spend``, PyMC ``x1, x2`` with ``y``)
    map to ``spend[<channel>]`` keys; wide price tables (own price plus
    ``comp_1..n``) map to ``price[own]`` and ``price[<competitor>]``.
    Required columns that no header names are then taken from the values
    (:mod:`analytics.recognise`: times, money, IDs, event words, channel
    names), and so are a few optional ones from columns whose names say
    nothing (``col_a``, headerless files).

    Parameters
    ----------
    raw_frame : DataFrame
        The file as read (``RawTable.frame``), original column names.
    kind : {"orders", "traffic", "events", "prices", "spend"}

    Returns
    -------
    dict
        Canonical column -> original column. Each original column is used
        once, except GA4's ``Session source / medium`` which feeds both
        ``source`` and ``medium``. A file without a header row (all names
        numbers or ``column_<n>``) is mapped by its values, with columns named
        ``column_1`` .. ``column_n`` as :func:`to_canonical` names them.
    """
    return _mapping_with_origin(raw_frame, kind, _cache)[0]


def _layout_rule_applies(layout: Any, canon: str, by_norm: Mapping[str, str]) -> bool:
    """A layout leaves ``amount`` empty because its lines give quantity x unit price: that
    rule holds only where the file has those columns (an export without line columns
    takes its order total as the amount)."""
    if canon != "amount":
        return True
    return all(
        any(al.norm(c) in by_norm for c in layout.mapping.get(part, ()))
        for part in ("quantity", "unit_price")
    )


def _mapping_with_origin(
    raw_frame: pd.DataFrame, kind: Kind, _cache: dict | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """:func:`propose_mapping` and, per canonical column, how it was found
    (``layout:<name>``, ``alias``, ``hint``, ``wide`` or ``contents``)."""
    _check_kind(kind)
    frame = _fix_header(raw_frame, [])  # no header: columns are column_1 .. column_n
    cache = {} if _cache is None else _cache
    profiles = _profiles(frame, cache)
    if _headerless(frame):
        mapping = _by_values_orders(frame) if kind == "orders" else {}
        origin = dict.fromkeys(mapping, "contents")
        _by_contents(
            frame,
            kind,
            mapping,
            origin,
            profiles,
            neutral=True,
            daily=_daily_by_channel(frame, cache),
        )
        return mapping, origin
    m = _Mapper(frame, kind, cache)
    _map_layout(m)  # 1. known layouts
    if kind == "traffic":
        _map_source_medium(m)
    _map_aliases(m)  # 2. aliases
    _map_date_hint(m)  # 3. a required date that no alias named
    # 4. kind-specific
    if kind == "traffic":
        _map_conversion_flag(m)
    elif kind == "spend":
        _map_spend_shapes(m)
    elif kind == "prices":
        _map_price_shapes(m)
    elif kind == "orders":
        _map_price_as_amount(m)
    # 5. what the names left open, the contents decide
    _by_contents(
        frame,
        kind,
        m.mapping,
        m.origin,
        profiles,
        used=m.used,
        daily=_daily_by_channel(frame, cache),
    )
    return m.mapping, m.origin


def _check_kind(kind: Any) -> None:
    """An unknown dataset kind: say which kinds there are (coded, a ``ValueError``)."""
    if kind not in KINDS:
        raise IngestError("unknown_kind_name", kind=str(kind), kinds=", ".join(KINDS))


class _Mapper:
    """The mapping of one file's named columns being built: what is taken, and how."""

    def __init__(self, frame: pd.DataFrame, kind: Kind, cache: dict) -> None:
        self.frame, self.kind, self.cache = frame, kind, cache
        self.by_norm: dict[str, str] = {}
        for c in frame.columns:
            self.by_norm.setdefault(al.norm(c), c)
        self.mapping: dict[str, str] = {}
        self.origin: dict[str, str] = {}
        self.used: set[str] = set()
        self.blocked: set[str] = set()

    def take(self, canon: str, col: str, min_ok: float = 0.5, how: str = "alias") -> bool:
        """Map ``canon`` to ``col`` when both are free and the values fit."""
        if (
            canon in self.mapping
            or canon in self.blocked
            or col in self.used
            or not _fits(self.frame, col, self.kind, canon, min_ok, self.cache)
        ):
            return False
        self.set(canon, col, how)
        return True

    def set(self, canon: str, col: str, how: str) -> None:
        """Map ``canon`` to ``col`` without checks."""
        self.mapping[canon] = col
        self.origin[canon] = how
        self.used.add(col)


def _map_layout(m: _Mapper) -> None:
    """Columns of the best known export layout whose signature the headers carry."""
    best, best_hits = None, 0
    for lay in al.LAYOUTS:
        if lay.kind != m.kind:
            continue
        hits = sum(1 for k in lay.signature if k in m.by_norm)
        if hits >= lay.min_hits and hits > best_hits:
            best, best_hits = lay, hits
    if best is None:
        return
    for canon, cands in best.mapping.items():
        if not cands and _layout_rule_applies(best, canon, m.by_norm):
            m.blocked.add(canon)  # the layout's own rule (e.g. Shopify amount from lines)
        for cand in cands:
            col = m.by_norm.get(al.norm(cand))
            if col is None:
                continue
            if (
                canon == "medium"
                and m.mapping.get("source") == col
                and al.norm(col).endswith("sourcemedium")
            ):
                m.mapping["medium"] = col
                m.origin["medium"] = "layout:" + best.name
                break
            if m.take(canon, col, how="layout:" + best.name):
                break


def _map_source_medium(m: _Mapper) -> None:
    """GA4 "Session source / medium": one column feeds source and medium."""
    if "source" not in m.mapping:
        for key, col in m.by_norm.items():
            if key.endswith("sourcemedium") and col not in m.used:
                m.mapping["source"] = m.mapping["medium"] = col
                m.origin["source"] = m.origin["medium"] = "alias"
                m.used.add(col)
                break
    if m.mapping.get("source") is not None and m.mapping.get("source") == m.mapping.get("medium"):
        m.used.add(m.mapping["source"])


def _map_aliases(m: _Mapper) -> None:
    """Each canonical column from the first of its aliases among the headers."""
    for canon in COLUMNS[m.kind]:
        for alias in al.ALIASES.get(m.kind, {}).get(canon, ()):
            col = m.by_norm.get(alias)
            if col is not None and m.take(canon, col):
                break


def _map_date_hint(m: _Mapper) -> None:
    """A required date that no alias named: any column that says date / time."""
    for canon in REQUIRED[m.kind]:
        if canon in m.mapping or DTYPES[m.kind][canon] != "datetime":
            continue
        for hint in ("date", "日期", "time", "时间", "day", "week", "month"):
            col = next((c for c in m.frame.columns if hint in al.norm(c) and c not in m.used), None)
            if col is not None and m.take(canon, col, 0.9, how="hint"):
                break


def _map_conversion_flag(m: _Mapper) -> None:
    """Traffic: a conversion flag (Revenue TRUE/FALSE per session) counts buyers."""
    if "buyers" in m.mapping or "orders" in m.mapping:
        return
    for c in m.frame.columns:
        if (
            c not in m.used
            and al.norm(c) in {"revenue", "purchase", "purchased", "converted", "conversion"}
            and _bool_like(m.frame[c])
        ):
            m.set("buyers", c, "alias")
            break


def _map_spend_shapes(m: _Mapper) -> None:
    """Spend: a date in parts (Year + Month, Year + Week, Month + Day), one column per channel."""
    mapping, used = m.mapping, m.used
    parts = kd.detect_date_parts(m.frame, used, mapping.get("date"))
    if parts:
        used.discard(mapping.pop("date", None))
        mapping.update(parts)
        used.update(parts.values())
    if "spend" in mapping:
        return
    wide = _detect_wide_spend(m.frame, used, m.cache)
    if wide:
        mapping.pop("channel", None)
        mapping.update(wide)
        m.origin.update(dict.fromkeys(wide, "wide"))
        used.update(wide.values())
        if (
            "revenue" not in mapping
            and any(re.fullmatch(r"x\d+", k[6:-1]) for k in wide)
            and "y" in m.frame.columns
        ):
            mapping["revenue"] = "y"
            m.origin["revenue"] = "alias"


def _map_price_shapes(m: _Mapper) -> None:
    """Prices: a product-page column, one price column per date or per seller."""
    mapping, origin, used, frame = m.mapping, m.origin, m.used, m.frame
    if "url" not in mapping:
        # a column of web addresses is the product page, whatever its header (ASIN Link)
        col = next((c for c in frame.columns if c not in used and _web_addresses(frame[c])), None)
        if col is not None:
            m.set("url", col, "contents")
    if "date" not in mapping:
        dated = _detect_dated_prices(frame, used | {mapping.get("price")})
        if dated:
            used.discard(mapping.pop("price", None))
            mapping.update(dated)
            origin.pop("price", None)
            origin.update(dict.fromkeys(dated, "wide"))
            used.update(dated.values())
    if "seller" not in mapping and not _dated_prices(mapping):
        wide = _detect_wide_prices(frame, used)
        if wide:
            own = mapping.pop("price", None)
            if own is not None:
                mapping["price[own]"] = own
                origin["price[own]"] = origin.pop("price", "alias")
            mapping.update(wide)
            origin.update(dict.fromkeys(wide, "wide"))
            used.update(wide.values())


def _map_price_as_amount(m: _Mapper) -> None:
    """Orders: a line of an order with a price and no quantity is one unit.

    Its price is the line's amount (never another money column, such as freight,
    guessed from the values); without an order ID a price column is no sign of orders.
    """
    mapping = m.mapping
    if (
        "order_id" in mapping
        and "unit_price" in mapping
        and "amount" not in mapping
        and "quantity" not in mapping
    ):
        mapping["amount"] = mapping.pop("unit_price")
        m.origin["amount"] = m.origin.pop("unit_price", "alias")


def _dated_prices(mapping: Mapping[str, str]) -> dict[str, str]:
    """The per-date price columns of a mapping: ``YYYY-MM-DD`` -> column."""
    return {
        k[len(_DATED) :]: v
        for k, v in wide_columns(mapping, "price").items()
        if k.startswith(_DATED)
    }


def missing_required(kind: Kind, mapping: Mapping[str, str]) -> list[str]:
    """Required canonical columns of ``kind`` that ``mapping`` does not provide.

    Alternatives count (see :data:`analytics.schema.ALTERNATIVES`): orders'
    ``amount`` may come from ``quantity`` and ``unit_price``; a missing
    ``order_id`` means each row is an order; traffic's ``channel`` may come
    from ``source``; traffic's ``visitors`` from ``sessions``, or else each
    row counts as one session. Wide keys (``spend[tv]``, ``price[comp_1]``)
    provide ``spend`` / ``price`` and the ``channel`` / ``seller`` they name.

    Returns
    -------
    list of str
        Canonical names, in canonical order (empty when the mapping is usable).
    """
    _check_kind(kind)
    have = {k for k, v in mapping.items() if v not in (None, "")}
    if wide_columns(mapping, "spend"):
        have |= {"spend", "channel"}
    if _dated_prices(mapping):
        have |= {"price", "date"}
    elif wide_columns(mapping, "price"):
        have |= {"price", "seller"}
    if kind == "spend" and kd.parts_usable(kd.date_parts(mapping)):
        have.add("date")
    missing = []
    for col in REQUIRED[kind]:
        if col in have:
            continue
        if kind == "orders" and col == "amount" and {"quantity", "unit_price"} <= have:
            continue
        if kind == "traffic" and col == "channel" and have & {"source", "medium"}:
            continue
        if kind == "traffic" and col == "visitors":
            continue
        missing.append(col)
    return missing


def _covers_required(kind: Kind, mapping: Mapping[str, str]) -> bool:
    """Does ``mapping`` provide at least one required column of ``kind`` (directly, by
    date parts or by wide ``spend[...]`` / ``price[...]`` columns)?"""
    return bool(set(missing_required(kind, {})) - set(missing_required(kind, mapping)))


def _score(
    kind: Kind,
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    origin: Mapping[str, str] | None = None,
    profiles: Mapping[str, rc.ColumnProfile] | None = None,
    daily: bool = False,
) -> float:
    """Score of ``kind`` for a file: its required columns found, how well their
    values fit, optional columns, and the signs only that kind has.

    A required column named by a header counts 1 (less when its values say
    otherwise or it is mostly empty); one found from its values alone counts
    up to 0.85. Signs of a kind: event words for events; order or customer IDs
    for orders; visitor / session counts for traffic; sellers or competitor
    prices for prices; spend named as such for spend; channel names for
    traffic and spend. A known export layout adds 0.3.
    """
    sc = _Scoring(kind, mapping, origin or {}, profiles or {})
    base = _required_points(sc, frame) / len(REQUIRED[kind])
    optional = 0
    for k in mapping:
        if k in REQUIRED[kind] or _wide_name(k):
            continue
        p = sc.prof(k)
        if p is None or sc.conf(k) >= 0.3 or (p.n and p.role == "text"):
            optional += 1
    # what only this kind of file has: a bonus for strong signs, and a kind
    # with no sign at all (only a time and a number, say) is a weak guess
    sign, has_sign = _KIND_SIGNS[kind](sc)
    # one row per day and channel (rc.daily_by_channel): a table of totals, not a log
    if daily and kind in {"traffic", "spend"}:
        sign, has_sign = sign + 0.1, True
    elif daily and kind in {"orders", "events"}:
        sign -= 0.15
    if not has_sign:
        sign -= 0.15
    # times of day found from values alone: a log (orders, events), not a daily table
    tcol = {"orders": "order_time", "events": "event_time"}.get(kind, "date")
    tp = sc.prof(tcol)
    if kind in {"traffic", "prices", "spend"} and sc.origin.get(tcol) == "contents":
        if tp is not None and tp.detail.get("intraday"):
            sign -= 0.1
    by_norm = {al.norm(c) for c in frame.columns}
    layout = any(
        lay.kind == kind and sum(1 for k in lay.signature if k in by_norm) >= lay.min_hits
        for lay in al.LAYOUTS
    )
    return max(0.0, base + min(optional, 5) * 0.02 + sign + (0.3 if layout else 0.0))


class _Scoring:
    """One kind's mapping of a file with the profiles of its columns, as :func:`_score` reads it."""

    def __init__(
        self,
        kind: Kind,
        mapping: Mapping[str, str],
        origin: Mapping[str, str],
        profiles: Mapping[str, rc.ColumnProfile],
    ) -> None:
        self.kind, self.mapping, self.origin, self.profiles = kind, mapping, origin, profiles
        self.named = {k for k in mapping if origin.get(k) != "contents"}

    def prof(self, canon: str) -> rc.ColumnProfile | None:
        col = self.mapping.get(canon)
        return self.profiles.get(col) if col is not None else None

    def conf(self, canon: str) -> float:
        return _slot_conf(self.kind, canon, self.prof(canon))[0]

    def found(self, col: str) -> float:
        """How surely a mapped required column holds what it should (0..1)."""
        p = self.prof(col)
        c, role = _slot_conf(self.kind, col, p)
        if self.origin.get(col) == "contents":
            v = 0.85 * min(1.0, c / 0.9)
        else:
            v = 1.0
            if p is not None and p.n and c < 0.2 and p.role in {"time", "event", "money"}:
                v = 0.7  # the header says one thing, the values clearly another
        if p is not None:
            v *= min(1.0, p.filled / 0.5)  # a mostly empty column is a poor key
        return v


def _required_points(sc: _Scoring, frame: pd.DataFrame) -> float:
    """Points of the required columns found (one each at most)."""
    kind, mapping = sc.kind, sc.mapping
    missing = missing_required(kind, mapping)
    pts = 0.0
    for col in REQUIRED[kind]:
        if col in mapping:
            v = sc.found(col)
            # a required column may also be given by its alternative (traffic: channel
            # mostly empty where source / medium fill the other rows): the better counts
            for alt in ALTERNATIVES.get(kind, {}).get(col, ()):
                if alt and all(a in mapping for a in alt):
                    v = max(v, min(sc.found(a) for a in alt))
            pts += v
        elif col not in missing:
            if kind == "traffic" and col == "visitors":
                pts += 0.75 if "sessions" in mapping or _session_id_column(frame) else 0.5
            else:
                pts += 1
    return pts


def _orders_sign(sc: _Scoring) -> tuple[float, bool]:
    """Order or customer IDs named as such; an amount; or an ID column and money with cents."""
    ids = [k for k in ("order_id", "customer_id") if k in sc.mapping and sc.conf(k) >= 0.4]
    if any(k in sc.named for k in ids):
        return 0.1, True
    if "amount" in sc.named or {"quantity", "unit_price"} <= sc.named:
        return 0.0, True
    if (
        any((p := sc.prof(k)) is not None and p.conf("id") >= 0.6 for k in ids)
        and "amount" in sc.mapping
        and sc.conf("amount") >= 0.8
    ):
        return 0.0, True  # a headerless file: an ID column and money with cents
    return 0.0, False


def _events_sign(sc: _Scoring) -> tuple[float, bool]:
    """Event words (view, cart, purchase) or event codes."""
    if "event" in sc.mapping:
        ev, role = _slot_conf(sc.kind, "event", sc.prof("event"))
        if role == "event" and ev >= 0.6:
            return 0.25, True
        if "event" in sc.named or role == "event_code":
            return 0.1, True
    return 0.0, False


def _traffic_sign(sc: _Scoring) -> tuple[float, bool]:
    """Visitor / session counts; channel names."""
    sign, has_sign = 0.0, False
    if {"visitors", "sessions"} & sc.named:
        sign, has_sign = 0.1, True
    ch = sc.prof("channel")
    if ch is not None and ch.conf("channel") >= 0.6:
        sign, has_sign = sign + 0.05, True
    if {"channel", "source", "medium"} & sc.named:
        has_sign = True
    return sign, has_sign


def _prices_sign(sc: _Scoring) -> tuple[float, bool]:
    """Competitor price columns; sellers (not traffic channels); a price named as such."""
    if wide_columns(sc.mapping, "price"):
        return 0.2, True
    seller = sc.prof("seller")
    if "seller" in sc.mapping and (seller is None or seller.conf("channel") < 0.6):
        return 0.1, True  # sellers, not traffic channels under a "channel" header
    return 0.0, "price" in sc.named


def _spend_sign(sc: _Scoring) -> tuple[float, bool]:
    """Spend named as such (or one column per channel); channel names."""
    sign, has_sign = 0.0, False
    if wide_columns(sc.mapping, "spend"):
        sign, has_sign = 0.2, True
    elif "spend" in sc.named:
        sign, has_sign = 0.1, True
    ch = sc.prof("channel")
    if ch is not None and ch.conf("channel") >= 0.6:
        sign += 0.05
    return sign, has_sign


_KIND_SIGNS: dict[str, Callable[[_Scoring], tuple[float, bool]]] = {
    "orders": _orders_sign,
    "events": _events_sign,
    "traffic": _traffic_sign,
    "prices": _prices_sign,
    "spend": _spend_sign,
}


def _ranked(frame: pd.DataFrame, cache: dict) -> list[tuple[Kind, float, dict, dict]]:
    """Every kind with its raw score, mapping and mapping origins, best first."""
    profiles = _profiles(frame, cache)
    daily = _daily_by_channel(frame, cache)
    out = []
    for kind in KINDS:
        mapping, origin = _mapping_with_origin(frame, kind, cache)
        raw_score = _score(kind, frame, mapping, origin, profiles, daily) if mapping else 0.0
        out.append((kind, raw_score, mapping, origin))
    out.sort(key=lambda r: -r[1])  # stable: KINDS order breaks ties
    return out


def _norm_score(raw_score: float) -> float:
    return round(min(1.0, raw_score / 1.2), 3)


def propose_kind(
    raw_frame: pd.DataFrame, *, _cache: dict | None = None
) -> list[tuple[Kind, float]]:
    """Rank the dataset kinds for a file, best first.

    Each kind is scored by the share of its required columns that
    :func:`propose_mapping` finds (by name, or by their values), how well the
    values fit (a mostly empty column or values that contradict the header
    count less), a little for optional columns, the signs that only that kind
    has (event words, order IDs, visitor counts, sellers, spend, channel
    names) and a bonus when a known export layout of that kind is recognised.

    Parameters
    ----------
    raw_frame : DataFrame
        The file as read (``RawTable.frame``).

    Returns
    -------
    list of (kind, score)
        All five kinds, scores between 0 and 1 (1 = every required column
        found and more), highest first.
    """
    cache = {} if _cache is None else _cache
    frame = _fix_header(raw_frame, [])
    return [(k, _norm_score(s)) for k, s, _, _ in _ranked(frame, cache)]


def _evidence(
    kind: str,
    mapping: Mapping[str, str],
    origin: Mapping[str, str],
    profiles: Mapping[str, rc.ColumnProfile],
) -> tuple[rc.Evidence, ...]:
    out: list[rc.Evidence] = []
    for canon, col in mapping.items():
        how = origin.get(canon, "alias")
        p = profiles.get(col)
        col_s = str(col)
        if how.startswith("layout:"):
            out.append(
                rc.Evidence(
                    canon, col_s, "layout", {"column": col_s, "field": canon, "layout": how[7:]}
                )
            )
        elif how == "wide":
            out.append(rc.Evidence(canon, col_s, "wide", {"column": col_s, "field": canon}))
        elif how == "hint":
            out.append(rc.Evidence(canon, col_s, "hint", {"column": col_s, "field": canon}))
        elif how == "contents":
            out.append(rc.Evidence(canon, col_s, "contents", {"column": col_s, "field": canon}))
        else:
            out.append(rc.Evidence(canon, col_s, "header", {"column": col_s, "field": canon}))
        if p is None or not p.n:
            continue
        _, role = _slot_conf(kind, canon, p)
        d = p.detail
        if role == "time" and d.get("unit"):
            code = {
                "s": "unix_s",
                "ms": "unix_ms",
                "excel": "excel_serial",
                "yyyymmdd": "yyyymmdd",
            }.get(d["unit"], "dates")
            out.append(rc.Evidence(canon, col_s, code, {"lo": d["lo"], "hi": d["hi"]}))
        elif role == "event" and d.get("events"):
            out.append(rc.Evidence(canon, col_s, "events", {"values": d["events"]}))
        elif role == "event_code" and d.get("legend"):
            legend = ", ".join(f"{k} = {v}" for k, v in d["legend"].items())
            out.append(rc.Evidence(canon, col_s, "event_codes", {"legend": legend}))
        elif role == "channel" and d.get("channels"):
            out.append(rc.Evidence(canon, col_s, "channels", {"values": d["channels"]}))
        elif role == "money" and p.conf("money") >= 0.45:
            code = "currency" if d.get("currency") else "money"
            out.append(rc.Evidence(canon, col_s, code, {}))
        elif role == "id" and p.conf("id") >= 0.5:
            code = "leading_zero" if d.get("leading_zero") else "ids"
            out.append(rc.Evidence(canon, col_s, code, {"distinct": p.distinct, "n": p.n}))
        elif role == "count" and p.conf("count") >= 0.5:
            out.append(rc.Evidence(canon, col_s, "counts", {}))
        elif role == "name" and p.conf("name") >= 0.5:
            out.append(rc.Evidence(canon, col_s, "names", {"values": d.get("values", "")}))
        elif role == "bool" and p.conf("bool") >= 0.5:
            out.append(rc.Evidence(canon, col_s, "bools", {}))
        if p.filled < 0.5:
            out.append(rc.Evidence(canon, col_s, "sparse", {"share": f"{p.filled:.0%}"}))
    # what the file lacks and how the import reads it instead (#14: relaxed requirements)
    if kind == "events" and "event" not in mapping:
        out.append(rc.Evidence("event", "", "no_event", {}))
    if kind == "prices" and "seller" not in mapping and not wide_columns(mapping, "price"):
        out.append(rc.Evidence("seller", "", "no_seller", {}))
    if kind == "spend" and "channel" not in mapping and not wide_columns(mapping, "spend"):
        out.append(rc.Evidence("channel", "", "no_channel", {}))
    if kind == "orders" and "customer_id" not in mapping:
        out.append(rc.Evidence("customer_id", "", "no_customer", {}))
    return tuple(out)


def propose(raw_frame: pd.DataFrame, kind: Kind | None = None, *, _cache: dict | None = None):
    """Propose the kind and mapping of a file, with the evidence for each column.

    Parameters
    ----------
    raw_frame : DataFrame
        The file as read (``RawTable.frame``).
    kind : str, optional
        Explain this kind's mapping instead of the best one's (the ranking and
        runner-up are the same).

    Returns
    -------
    analytics.recognise.Proposal
        ``kind``, ``mapping`` (as :func:`propose_mapping`), ``score``,
        ``runner_up`` (kind, score), ``evidence`` (per mapped column: the
        header or layout that named it, or that its values decided, and what
        the values look like, e.g. Unix seconds from ... to ...), ``missing``
        required columns, ``matched`` canonical columns, ``ranked`` (every
        kind), ``event_legend`` (proposed for numeric event codes) and
        ``headerless``.
    """
    cache = {} if _cache is None else _cache
    notes: list = []
    frame = _fix_header(raw_frame, notes)
    ranked = _ranked(frame, cache)
    profiles = _profiles(frame, cache)
    pick = ranked[0] if kind is None else next(r for r in ranked if r[0] == kind)
    k, raw_score, mapping, origin = pick
    others = [r for r in ranked if r[0] != k]
    runner = (others[0][0], _norm_score(others[0][1])) if others else None
    legend = None
    ev_col = mapping.get("event") if k == "events" else None
    if ev_col is not None and ev_col in profiles:
        p = profiles[ev_col]
        if p.role == "event_code" or (p.conf("event") < 0.5 and "legend" in p.detail):
            legend = dict(p.detail.get("legend") or {}) or None
    return rc.Proposal(
        kind=k,
        mapping=dict(mapping),
        score=_norm_score(raw_score),
        runner_up=runner,
        evidence=_evidence(k, mapping, origin, profiles),
        missing=tuple(missing_required(k, mapping)),
        matched=tuple(mapping),
        ranked=tuple((r[0], _norm_score(r[1])) for r in ranked),
        event_legend=legend,
        headerless=any(code == "no_header" for code, _ in notes) or _headerless(frame),
    )


# ---------------------------------------------------------------- building


def _first_true(mask: np.ndarray, k: int) -> np.ndarray:
    """Positions of the first ``k`` True values (without listing all of them)."""
    n, step, start = len(mask), 4096, 0
    found: list[np.ndarray] = []
    have = 0
    while start < n and have < k:
        hit = np.flatnonzero(mask[start : start + step]) + start
        found.append(hit)
        have += len(hit)
        start += step
        step *= 4
    return np.concatenate(found)[:k] if found else np.zeros(0, dtype=np.intp)


@dataclass
class _Book:
    """Row bookkeeping of one import: drops, flags and notes."""

    n: int
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    reasons: dict[str, Reason] = field(default_factory=dict)
    dropped: np.ndarray = field(init=False)
    flagged: np.ndarray = field(init=False)
    # why each dropped row was dropped: an index into ``drop_keys`` (0 = kept)
    drop_code: np.ndarray = field(init=False)
    drop_keys: list[str] = field(default_factory=lambda: [""])
    dropped_any: bool = False
    # the time zone to convert times with offsets to (None: keep their local time)
    tz: str | None = None
    # canonical column -> {cause: mask}: bad cells with a reason of their own
    # (non_finite, decimal_conflict, date_out_of_range), set by _coerce_all
    causes: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    # import choices (default_event, event_legend, own_seller, year)
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.dropped = np.zeros(self.n, dtype=bool)
        self.flagged = np.zeros(self.n, dtype=bool)
        self.drop_code = np.zeros(self.n, dtype=np.uint16)

    def reason_of(self, rows: np.ndarray) -> np.ndarray:
        """The reason keys (``code`` or ``code:column``) of dropped ``rows``."""
        return np.asarray(self.drop_keys, dtype=object)[self.drop_code[rows]]

    def _add(
        self, code: str, mask: np.ndarray, dropped: bool, params: dict[str, Any]
    ) -> np.ndarray:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return mask
        if self.dropped_any:
            mask = np.greater(mask, self.dropped)  # mask & ~dropped, one pass
        count = int(np.count_nonzero(mask))
        if not count:
            return mask
        rows = tuple(int(i) + 1 for i in _first_true(mask, _MAX_EXAMPLES))
        key = f"{code}:{params['column']}" if "column" in params else code
        prev = self.reasons.get(key)
        if prev is not None:
            count += prev.count
            rows = tuple(sorted(set(prev.rows) | set(rows)))[:_MAX_EXAMPLES]
        self.reasons[key] = Reason(code, count, rows, dict(params), dropped)
        return mask

    def drop(self, code: str, mask: Any, **params: Any) -> None:
        mask = self._add(code, np.asarray(mask, dtype=bool), True, params)
        if not mask.any():
            return
        key = f"{code}:{params['column']}" if "column" in params else code
        if key not in self.drop_keys:
            self.drop_keys.append(key)
        self.drop_code[mask] = self.drop_keys.index(key)
        self.dropped |= mask
        self.dropped_any = True

    def flag(self, code: str, mask: Any, **params: Any) -> None:
        mask = self._add(code, np.asarray(mask, dtype=bool), False, params)
        if mask.any():
            self.flagged |= mask

    def note(self, code: str, **params: Any) -> None:
        if (code, params) not in self.notes:
            self.notes.append((code, params))


def _looks_micros(v: pd.Series) -> bool:
    nz = v[(v != 0) & v.notna()]
    if nz.empty:
        return False
    # micros of a currency: cents are multiples of 10,000; averages need not be
    return bool((np.mod(nz, 10_000) == 0).mean() > 0.5 and nz.abs().median() >= 1e5)


def _session_id_column(frame: pd.DataFrame) -> str | None:
    keys = {"visitid", "sessionid", "usersession", "session", "gasessionid", "会话id"}
    for c in frame.columns:
        if al.norm(c) in keys and not _mangled(frame[c]):
            return c
    return None


def _coerce(
    frame: pd.DataFrame,
    col: str,
    kind: str,
    canon: str,
    ga360: bool,
    tz: str | None = None,
    utc: bool = False,
    year: int | None = None,
) -> tuple[pd.Series, pd.Series | None, list[tuple[str, dict[str, Any]]], dict[str, np.ndarray]]:
    """One column to its canonical type: (values, bad mask or None for text, notes, causes:
    the bad cells that have a reason of their own, see :data:`analytics.coerce.Causes`).
    ``tz``: the time zone to convert times with offsets to; ``utc``: the reader found the
    column's times in UTC (``Z`` / ``UTC``), converted to ``tz`` when one is given;
    ``year``: the year of dates given without one."""
    notes: list[tuple[str, dict[str, Any]]] = []
    causes: dict[str, np.ndarray] = {}
    s = frame[col]
    ctype = DTYPES[kind].get(canon, "float")
    if ctype == "datetime":
        values, bad = to_datetime(s, name=str(col), notes=notes, tz=tz, causes=causes, year=year)
        if tz is not None and utc and values.dtype.kind == "M":
            values = values.dt.tz_localize("UTC").dt.tz_convert(tz).dt.tz_localize(None)
            notes.append(("tz_converted", {"column": str(col), "offsets": "+00:00", "tz": tz}))
    elif ctype in {"float", "int"}:
        if _bool_like(s):
            b, bad = to_bool(s)
            values = b.astype("float64")
        else:
            values, bad = to_money(s, notes=notes, causes=causes)
        if canon in _MONEY and (ga360 or "micros" in al.norm(col)) and _looks_micros(values):
            values = values / 1e6
            notes.append(("micros", {"column": str(col)}))
    elif ctype == "bool":
        values, bad = to_bool(s)
    else:
        return to_text(s).reset_index(drop=True), None, notes, causes  # text is never bad
    if "non_finite" in causes:
        notes.append(
            ("non_finite", {"column": str(col), "n": int(np.count_nonzero(causes["non_finite"]))})
        )
    if "decimal_conflict" in causes:
        mask = causes["decimal_conflict"]
        example = str(s.iloc[int(np.argmax(mask))]).strip()
        convention = "1.234,5" if any(c == "decimal_comma" for c, _ in notes) else "1,234.5"
        notes.append(
            (
                "decimal_conflict",
                {
                    "column": str(col),
                    "n": int(np.count_nonzero(mask)),
                    "example": example,
                    "convention": convention,
                },
            )
        )
    return values.reset_index(drop=True), bad.reset_index(drop=True), notes, causes


def _without_causes(book: _Book, canon: str, bad: np.ndarray) -> np.ndarray:
    """The bad cells of ``canon`` that have no reason of their own (see ``_Book.causes``)."""
    causes = book.causes.get(canon)
    if not causes:
        return bad
    rest = bad.copy()
    for mask in causes.values():
        rest &= ~mask
    return rest


def _require(
    book: _Book, cols: dict[str, pd.Series], bads: dict[str, pd.Series], canon: str, ctype: str
) -> None:
    v = cols[canon]
    bad = bads.get(canon)
    if not _has_missing(v) and (bad is None or not bad.any()):
        return
    null = v.isna().to_numpy()
    bad = bad.to_numpy() if bad is not None else np.zeros(book.n, dtype=bool)
    for cause, mask in book.causes.get(canon, {}).items():
        book.drop(cause, mask & bad, column=canon)  # non_finite, decimal_conflict, date range
    code = "bad_date" if ctype == "datetime" else "bad_number"
    book.drop(code, bad, column=canon)
    book.drop("missing_value", null & ~bad, column=canon)


def source_digest(data: bytes | str | os.PathLike) -> str:
    """XXH3-128 hex digest of the source bytes, or of the file at a path (the file part of a
    fingerprint: a content key, not a security check)."""
    if isinstance(data, (str, os.PathLike)):
        return _file_digest(Path(data))
    return xxhash.xxh3_128_hexdigest(data)


def _fingerprint(digest: str, kind: str, mapping: Mapping[str, str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(digest.encode())
    h.update(kind.encode())
    h.update(json.dumps({str(k): str(v) for k, v in mapping.items()}, sort_keys=True).encode())
    return h.hexdigest()


def _frame_digest(frame: pd.DataFrame) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(",".join(map(str, frame.columns)).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def to_canonical(
    raw: Any,
    kind: Kind,
    mapping: Mapping[str, str],
    *,
    digest: str | None = None,
    filename: str = "",
    tz: str | None = None,
    default_event: str = "view",
    event_legend: Mapping[Any, str] | None = None,
    own_seller: str = "own",
    year: int | None = None,
    channel_label: str | None = None,
) -> Dataset:
    """Coerce and validate a read file into a canonical :class:`Dataset`.

    Parameters
    ----------
    raw : RawTable or DataFrame
        The file as read by :func:`analytics.readers.read_table` (its
        encoding, delimiter and reader notes go into the report) or a bare
        frame with the file's columns.
    kind : {"orders", "traffic", "events", "prices", "spend"}
    mapping : dict
        Canonical -> original column (as from :func:`propose_mapping`, maybe
        edited by the user); wide keys ``spend[ch]`` / ``price[seller]``.
    digest : str, optional
        :func:`source_digest` of the file bytes; without it the frame is
        hashed (slower).
    filename : str
        Shown with the dataset.
    tz, default_event, event_legend, own_seller, year, channel_label
        Import options: see "Import options" in the module's docstring.

    Returns
    -------
    Dataset
        ``frame`` holds the canonical columns of ``kind`` (required ones, and
        optional ones the mapping provides or that are derived), then the
        unmapped file columns under their own names; the rules by kind, the
        report's counts and ``rejected`` are in the module's docstring.

    Raises
    ------
    IngestError
        ``unknown_column`` (mapping names a column the file lacks), ``missing_columns``,
        ``empty``, ``no_dates`` (no date readable), ``no_rows_left`` (every row dropped).
    """
    _check_kind(kind)
    _check_tz(tz)
    # the reader's notes (encoding, delimiter, ...) come first in the report
    notes = [(str(c), dict(p)) for c, p in getattr(raw, "notes", ()) or ()]
    frame = _fix_header(raw, notes).reset_index(drop=True)
    mapping = {str(k): v for k, v in mapping.items() if v not in (None, "")}
    _check_mapping(frame, kind, mapping)
    if len(frame) == 0:
        raise IngestError("empty")
    book = _Book(len(frame), notes=notes, tz=tz)
    year_from = "stated" if year is not None else ""
    if year is None:
        year, year_from = kd.year_from_context(filename, frame, set(mapping.values()))
    book.options = {"default_event": default_event, "event_legend": dict(event_legend or {})}
    book.options.update(own_seller=own_seller, year=year, channel_label=channel_label)
    book.options["filename"] = filename
    ga360 = bool({al.norm(c) for c in frame.columns} & al.GA360_HINTS)
    out, used = _BUILDERS[kind](frame, mapping, book, ga360)
    _settle_options(book, tz, year, year_from)
    _check_some_left(frame, kind, mapping, book)
    report = _report(frame, book, raw)
    out = _with_unmapped(out, frame, used, book)
    digest = digest or getattr(raw, "digest", None) or _frame_digest(frame)
    return Dataset(
        kind=kind,
        frame=out,
        mapping=dict(mapping),
        report=report,
        fingerprint=_fingerprint(digest, kind, {**mapping, **_option_keys(book.options)}),
        filename=filename or "",
    )


def _check_mapping(frame: pd.DataFrame, kind: Kind, mapping: Mapping[str, str]) -> None:
    """Every mapped column is in the file and every key is a column of ``kind``; none missing."""
    for canon, col in mapping.items():
        if col not in frame.columns:
            raise IngestError(
                "unknown_column",
                column=str(col),
                canonical=canon,
                columns=", ".join(map(str, frame.columns[:30])),
            )
        base = _wide_name(canon)
        if (base[0] if base else canon) not in COLUMNS[kind]:
            raise IngestError(
                "unknown_canonical", canonical=canon, kind=kind, kind_zh=KIND_ZH[kind]
            )
    missing = missing_required(kind, mapping)
    if missing:
        raise _missing_error(frame, kind, missing)


def _settle_options(book: _Book, tz: str | None, year: int | None, year_from: str) -> None:
    """Keep in the options (the fingerprint) only the zone and year the dates needed."""
    # a zone that converted times makes another dataset (not part of the fingerprint otherwise)
    book.options["tz"] = tz if any(code == "tz_converted" for code, _ in book.notes) else None
    if year is None or not any(code in kd.YEAR_NOTES for code, _ in book.notes):
        book.options["year"] = None  # no date needed a year: not part of the fingerprint
    elif year_from == "stated":
        book.note("year_stated", year=int(year))
    else:
        book.note("year_from_context", year=int(year), source=year_from)


def _check_some_left(
    frame: pd.DataFrame, kind: Kind, mapping: Mapping[str, str], book: _Book
) -> None:
    """Every date unreadable (a file problem, not a row problem), or every row dropped."""
    n = len(frame)
    date_col = {"orders": "order_time", "events": "event_time"}.get(kind, "date")
    if date_col in mapping:
        reason = [
            r
            for r in book.reasons.values()
            if r.code == "bad_date" and r.params.get("column") == date_col
        ]
        if reason and reason[0].count == n:
            src = frame[mapping[date_col]]
            raise IngestError(
                "no_dates", column=str(mapping[date_col]), example=str(_sample(src, 1).iloc[0])
            )
    kept = ~book.dropped if book.dropped_any else None
    if kept is not None and not kept.any():
        summary = "; ".join(
            f"{r.code} ({r.params.get('column', '')}): {r.count}" for r in book.reasons.values()
        )
        raise IngestError("no_rows_left", reasons=summary)


def _with_unmapped(out: pd.DataFrame, frame: pd.DataFrame, used: Any, book: _Book) -> pd.DataFrame:
    """The kept rows, with the unmapped file columns after the canonical ones."""
    kept = ~book.dropped if book.dropped_any else None
    extras = [c for c in frame.columns if c not in used]
    if "_file_row" in out.columns:
        rows = out.pop("_file_row").to_numpy()
        extra_frame = frame[extras].iloc[rows].reset_index(drop=True) if extras else None
        keep_long = ~book.dropped[rows] & out.pop("_keep").to_numpy()
        out = out[keep_long].reset_index(drop=True)
        if extra_frame is not None:
            extra_frame = extra_frame[keep_long].reset_index(drop=True)
    else:
        out = out[kept].reset_index(drop=True) if book.dropped_any else out
        extra_frame = (
            (frame.loc[kept, extras].reset_index(drop=True) if book.dropped_any else frame[extras])
            if extras
            else None
        )
    if extra_frame is not None:
        rename = {c: f"{c} (original)" for c in extra_frame.columns if c in out.columns}
        extra_frame = extra_frame.rename(columns=rename)
        out = pd.concat([out, extra_frame.set_axis(out.index)], axis=1)
    return out


def _check_tz(tz: str | None) -> None:
    if tz is None:
        return
    try:
        pd.Timestamp("2024-01-01", tz="UTC").tz_convert(tz)
    except (ValueError, TypeError, KeyError, LookupError) as exc:
        raise IngestError("unknown_tz", tz=str(tz), detail=str(exc)[:200]) from None


def _option_keys(options: Mapping[str, Any]) -> dict[str, str]:
    """Import choices that differ from the defaults, as fingerprint entries (the defaults
    add nothing, so datasets imported before these choices keep their fingerprints)."""
    out = {}
    if options.get("default_event") not in (None, "", kd.DEFAULT_EVENT):
        out["?default_event"] = str(options["default_event"])
    if options.get("event_legend"):
        out["?event_legend"] = json.dumps(
            {str(k): str(v) for k, v in options["event_legend"].items()}, sort_keys=True
        )
    if options.get("channel_label") not in (None, ""):
        out["?channel_label"] = str(options["channel_label"])
    if options.get("own_seller") not in (None, "", kd.OWN_SELLER):
        out["?own_seller"] = str(options["own_seller"])
    if options.get("year") is not None:
        out["?year"] = str(options["year"])
    if options.get("tz"):
        out["?tz"] = str(options["tz"])
    return out


def _report(frame: pd.DataFrame, book: _Book, raw: Any) -> ImportReport:
    dropped = book.dropped
    rejected = None
    if book.dropped_any:
        idx = np.flatnonzero(dropped)
        rejected = frame.iloc[idx].reset_index(drop=True)
        rejected.insert(0, "_reason", book.reason_of(idx))
        rejected.insert(0, "_row", idx + 1)
    n_drop = int(np.count_nonzero(dropped)) if book.dropped_any else 0
    return ImportReport(
        rows_read=book.n,
        rows_kept=book.n - n_drop,
        rows_dropped=n_drop,
        rows_flagged=int(np.count_nonzero(np.greater(book.flagged, dropped))),
        reasons=dict(book.reasons),
        notes=tuple(book.notes),
        rejected=rejected,
        encoding=getattr(raw, "encoding", None),
        delimiter=getattr(raw, "delimiter", None),
        sheet=getattr(raw, "sheet", None),
    )


def _plain(mapping: Mapping[str, str], kind: str) -> dict[str, str]:
    return {k: v for k, v in mapping.items() if k in DTYPES[kind]}


def _coerce_all(frame, mapping, kind, book, ga360, side=None):
    """Coerce every mapped column; big files use two threads (numpy and Arrow work
    release the GIL). ``side``: one more task for the same threads (its result is returned
    third)."""
    todo = {}
    for canon, col in _plain(mapping, kind).items():
        todo.setdefault(canon, col)
    side_result = None
    utc = {str(p.get("column")) for c, p in book.notes if c == "tz_utc"}
    year = book.options.get("year")
    if len(frame) >= 200_000 and len(todo) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:
            # the longest tasks first (the side task, then text), so both threads end together
            side_f = pool.submit(side) if side is not None else None
            order = sorted(todo, key=lambda c: DTYPES[kind].get(c, "float") != "str")
            futures = {
                c: pool.submit(
                    _coerce, frame, todo[c], kind, c, ga360, book.tz, str(todo[c]) in utc, year
                )
                for c in order
            }
            done = {c: futures[c].result() for c in todo}
            side_result = side_f.result() if side_f is not None else None
    else:
        done = {
            c: _coerce(frame, col, kind, c, ga360, book.tz, str(col) in utc, year)
            for c, col in todo.items()
        }
        side_result = side() if side is not None else None
    cols: dict[str, pd.Series] = {}
    bads: dict[str, pd.Series] = {}
    for canon, (values, bad, notes, causes) in done.items():  # notes in mapping order
        cols[canon] = values
        if causes:
            book.causes[canon] = causes
        if bad is not None:
            bads[canon] = bad
        for code, params in notes:
            book.note(code, **params)
    return cols, bads, side_result


def _optional_bad(book: _Book, bads: dict[str, pd.Series], required: tuple[str, ...]) -> None:
    for canon, bad in bads.items():
        if canon not in required and bad.any():
            bad = bad.to_numpy()
            for cause, mask in book.causes.get(canon, {}).items():
                book.flag(f"{cause}_optional", mask & bad, column=canon)
            book.flag("bad_optional", _without_causes(book, canon, bad), column=canon)


def _assemble(kind: str, cols: dict[str, pd.Series], n: int) -> pd.DataFrame:
    data = {}
    for canon in COLUMNS[kind]:
        if canon in cols:
            data[canon] = cols[canon]
    # copy=False: no stacking of same-typed columns into 2-D blocks (a copy of each)
    out = pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)
    for canon in COLUMNS[kind]:
        if canon not in out.columns:
            continue
        t = DTYPES[kind][canon]
        if t == "bool" and out[canon].dtype != bool:
            out[canon] = out[canon].astype("boolean").fillna(False).astype(bool)
        elif t == "float" and out[canon].dtype != "float64":
            out[canon] = out[canon].astype("float64")
    return out


_NONE = np.zeros(0, dtype=np.intp)


def _return_statuses(
    status: pd.Series,
    ids: pd.Series | None = None,
    signs: tuple[pd.Series, ...] = (),
    closed_may_be_paid: bool = True,
) -> order_states.StatusScan:
    """Each row's order state, the statuses met per state, and the order-ID look-up of
    the refund / closed rows.

    Returns a :class:`analytics.order_states.StatusScan`
    ``(codes, statuses, keys, rows)``: ``codes`` (uint8, one per row) is the
    :func:`analytics.aliases.order_state` class of the row's status (0 = none:
    also missing statuses), ``statuses`` maps a class to its status texts
    (trimmed) in the order met, ``keys`` is
    :func:`analytics.order_states.lookup_keys` on ``ids`` and the raw
    amount / quantity columns ``signs`` (None without ``ids`` or rows to look
    up), ``rows`` the positions with a state. Distinct statuses are few: each is
    classified once, then rows are coded by membership. Arrow strings are looked up in one
    hashing pass against the statuses of the first rows (those missing there are
    added and looked up again). Runs beside the column coercion.
    """
    arr = arrow_strings(status)
    if arr is None:
        names = [v for v in status.unique() if isinstance(v, str)]
        table = np.array([al.order_state(v) for v in names] + [0], dtype=np.uint8)
        if not table.any():
            return order_states.StatusScan(np.zeros(len(status), np.uint8), {}, None, _NONE)
        idx = pd.Index(names).get_indexer(status)  # -1 (missing) -> the trailing 0
        codes = table[idx]
    else:
        values = pc.unique(arr.slice(0, 10_000)).drop_null()
        idx = pc.index_in(arr, value_set=values)
        if idx.null_count > arr.null_count:  # statuses the first rows do not have
            unseen = pc.unique(arr.filter(pc.and_(pc.is_null(idx), pc.is_valid(arr))))
            values = pa.concat_arrays([values, unseen.cast(values.type)])
            idx = pc.index_in(arr, value_set=values)
        names = values.to_pylist()
        table = np.array([al.order_state(v) for v in names] + [0], dtype=np.uint8)
        if not table.any():
            return order_states.StatusScan(np.zeros(len(status), np.uint8), {}, None, _NONE)
        codes = table[pc.fill_null(idx, len(names)).to_numpy()]

    seen: dict[int, list[str]] = {}
    for v, c in zip(names, table[:-1].tolist(), strict=True):
        if c and v.strip() not in seen.setdefault(c, []):
            seen[c].append(v.strip())
    rows = np.flatnonzero(codes.view(bool))  # codes are 0..3: nonzero bytes
    keys = (
        order_states.lookup_keys(ids, codes, signs, rows, closed_may_be_paid)
        if ids is not None
        else None
    )
    return order_states.StatusScan(codes, seen, keys, rows)


def _orders(frame, mapping, book, ga360):
    kind = "orders"
    # the status scan (a hashing pass over every row) runs beside the column coercion
    status = frame[mapping["status"]] if "status" in mapping else None
    ids = frame[mapping["order_id"]] if "order_id" in mapping else None
    signs = tuple(frame[mapping[c]] for c in ("amount", "quantity") if c in mapping)
    paid_cols = "paid_time" in mapping or "refund_amount" in mapping
    cols, bads, ret_status = _coerce_all(
        frame,
        mapping,
        kind,
        book,
        ga360,
        side=(lambda: _return_statuses(status, ids, signs, paid_cols))
        if status is not None
        else None,
    )
    n = book.n
    used = set(_plain(mapping, kind).values())
    _order_ids_and_amounts(cols, bads, book)
    if "order_id" in mapping:
        ret_status = _fill_from_order(cols, bads, book, ret_status)
    for canon in ("order_time", "amount", "order_id"):
        _require(book, cols, bads, canon, DTYPES[kind][canon])
    if "customer_id" in cols:
        if _has_missing(cols["customer_id"]):
            book.flag("no_customer", cols["customer_id"].isna().to_numpy())
    else:
        cols["customer_id"] = pd.Series([None] * n, dtype="str")
    _optional_bad(book, bads, REQUIRED[kind])
    # returns and cancellations: kept, flagged, negative money
    ret = _cancelled_invoices(cols, book) if "order_id" in mapping else np.zeros(n, dtype=bool)
    # order states: never-paid rows (void), refund lines, refunded orders
    # (analytics.order_states; only a status, payment-time or refund column costs a pass)
    void = None
    if ret_status is not None or "paid_time" in cols or "refund_amount" in cols:
        ret, void = order_states.resolve(
            book,
            cols,
            _floats(cols["amount"]),
            ret,
            ret_status,
            by_order="order_id" in mapping,
        )
    _negative_returns(cols, book, ret, void)
    return _assemble(kind, cols, n), used


def _order_ids_and_amounts(cols: dict, bads: dict, book: _Book) -> None:
    """No order ID: each row is an order; no amount (or gaps in it): quantity x unit price."""
    if "order_id" not in cols:
        cols["order_id"] = pd.Series(np.arange(1, book.n + 1).astype(str), dtype="str")
        book.note("each_row_order")
    if "amount" not in cols:
        cols["amount"] = cols["quantity"] * cols["unit_price"]
        bads["amount"] = bads["quantity"] | bads["unit_price"]
        book.note("amount_from_lines")
    elif "quantity" in cols and "unit_price" in cols and _has_missing(cols["amount"]):
        fill = cols["amount"].isna() & ~bads["amount"]
        cols["amount"] = cols["amount"].where(~fill, cols["quantity"] * cols["unit_price"])


def _fill_from_order(cols: dict, bads: dict, book: _Book, ret_status: Any) -> Any:
    """Order-level values given on the first line only (Shopify): filled within the order.

    Returns the return statuses with the filled lines taking their order's state.
    """
    oid = cols["order_id"]
    for canon in ("customer_id", "order_time", "status", "channel", "country", "paid_time"):
        if canon not in cols:
            continue
        s = cols[canon]
        if not _has_missing(s):
            continue
        null = s.isna()
        if null.all():
            continue
        # only orders that have the value on some line and not on others
        mixed = oid.isin(oid[null].unique()) & oid.isin(oid[~null].unique())
        if not mixed.any():
            continue
        part = s[mixed]
        filled = s.copy()
        filled[mixed] = part.fillna(part.groupby(oid[mixed], sort=False).transform("first"))
        k = int(s.isna().sum() - filled.isna().sum())
        if k and canon == "status" and ret_status is not None:
            # the filled lines take the state of their order's status
            ret_status = order_states.refill(ret_status, filled, null.to_numpy())
        if k:
            cols[canon] = filled
            if canon in bads:
                bads[canon] = bads[canon] & filled.isna()
            book.note("filled_from_order", column=canon, count=k)
    return ret_status


def numeric_order_ids(ids: pd.Series) -> bool:
    """Most order IDs (of a sample) are digits only: the files where "C" + number is a
    cancellation (Online Retail)."""
    smp = pa.array(_sample(ids).array)
    return len(smp) > 0 and pc.mean(pc.match_substring_regex(smp, r"^\d+$")).as_py() > 0.5


def _cancelled_invoices(cols: dict, book: _Book) -> np.ndarray:
    """Online Retail convention: numeric invoice numbers, "C" + number = cancellation.

    (The sample decides first: other id styles need no scan of every row.)
    """
    ret = np.zeros(book.n, dtype=bool)
    ids = cols["order_id"]
    starts = ids.str.startswith(("C", "c"), na=False) if numeric_order_ids(ids) else None
    if starts is not None and starts.any():
        cinv = starts.to_numpy(dtype=bool).copy()
        idx = np.flatnonzero(cinv)
        cinv[idx] = ids.iloc[idx].str.fullmatch(r"[Cc]\d+", na=False).to_numpy(dtype=bool)
        book.flag("cancelled_invoice", cinv)
        ret |= cinv
    return ret


def _negative_returns(cols: dict, book: _Book, ret: np.ndarray, void: Any) -> None:
    """Negative amounts or quantities are returns; every return's amount is made negative."""
    n = book.n
    # (comparisons with NaN are False; in-place steps: no 1M-row temporaries)
    amount = _floats(cols["amount"])
    neg = np.less(amount, 0)
    if "quantity" in cols:
        np.logical_or(neg, np.less(_floats(cols["quantity"]), 0), out=neg)
    np.greater(neg, ret, out=neg)  # neg & ~ret
    if neg.any():
        book.flag("negative_quantity", neg)
        ret |= neg
    cols["is_return"] = pd.Series(ret)
    cols["is_void"] = pd.Series(void if void is not None else np.zeros(n, dtype=bool))
    if ret.any():
        amt = pool_empty(n, np.float64)
        np.copyto(amt, amount)
        rows = np.flatnonzero(ret)
        amt[rows] = -np.abs(amt[rows])
        cols["amount"] = pd.Series(amt, index=cols["amount"].index, copy=False)


def _has_missing(s: pd.Series) -> bool:
    """Any missing value, without a full-length mask: Arrow columns know their null count,
    and a min of floats or times is NaN / NaT exactly when one is."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "fM" and len(s):
        low = s.to_numpy().min()
        return bool(np.isnan(low) if s.dtype.kind == "f" else np.isnat(low))
    return bool(s.hasnans)


def _floats(s: pd.Series) -> np.ndarray:
    """The values as float64 (NaN for missing); no copy when they already are."""
    if s.dtype == np.float64:
        return s.to_numpy()
    return s.to_numpy(dtype="float64", na_value=np.nan)


def _traffic(frame, mapping, book, ga360):
    kind = "traffic"
    cols, bads, _ = _coerce_all(frame, mapping, kind, book, ga360)
    n = book.n
    used = set(_plain(mapping, kind).values())
    src, med = mapping.get("source"), mapping.get("medium")
    if src is not None and src == med:
        text = cols["source"]
        parts = text.str.split("/", n=1, expand=True)
        cols["source"] = parts[0].str.strip()
        cols["medium"] = (
            parts[1].str.strip() if parts.shape[1] > 1 else pd.Series([None] * n, dtype="str")
        )
        book.note("source_medium_split", column=str(src))
    if "visitors" not in cols:
        if "sessions" in cols:
            cols["visitors"] = cols["sessions"]
            bads["visitors"] = bads["sessions"]
            book.note("visitors_from_sessions", column=str(mapping["sessions"]))
        else:
            sid = _session_id_column(frame)
            if sid is not None:
                first = ~frame[sid].reset_index(drop=True).duplicated()
                cols["sessions"] = first.astype("float64")
                book.note("sessions_from_ids", column=str(sid))
            else:
                cols["sessions"] = pd.Series(np.ones(n))
                book.note("row_is_session")
            cols["visitors"] = cols["sessions"]
    _require(book, cols, bads, "date", "datetime")
    if "channel" in cols:
        ch = cols["channel"]
        empty = ch.isna()
        if "source" not in cols and empty.any():
            cols["channel"] = ch.fillna("(not set)")
            book.flag("no_channel", empty.to_numpy())
    else:
        cols["channel"] = pd.Series([None] * n, dtype="str")
    _require(book, cols, bads, "visitors", "float")
    _optional_bad(book, bads, REQUIRED[kind])
    return _assemble(kind, cols, n), used


def _events(frame, mapping, book, ga360):
    kind = "events"
    cols, bads, _ = _coerce_all(frame, mapping, kind, book, ga360)
    used = set(_plain(mapping, kind).values())
    ev_col = mapping.get("event")
    opts = book.options
    if ev_col is None:
        # no event column: every row is one named event (chosen on import, "view" by default)
        name = str(opts.get("default_event") or kd.DEFAULT_EVENT).strip() or kd.DEFAULT_EVENT
        cols["event"] = kd.constant_text(name, book.n)
        book.note("each_row_event", event=name)
    elif opts.get("event_legend"):
        named, hits, unmapped = kd.apply_event_legend(cols["event"], opts["event_legend"])
        cols["event"] = named
        if hits:
            book.note(
                "event_legend",
                column=str(ev_col),
                legend=", ".join(f"{k} = {v}" for k, v in list(hits.items())[:12]),
            )
        if unmapped:
            book.note(
                "event_unmapped",
                column=str(ev_col),
                count=len(unmapped),
                values=", ".join(unmapped[:8]),
            )
    elif kd.numeric_codes(_sample(cols["event"])) and al.norm(ev_col) not in {
        "ecommerceactiontype",
        "ecommerceaction",
    }:
        smp = _sample(cols["event"])
        book.note(
            "event_codes",
            column=str(ev_col),
            values=", ".join(sorted(map(str, smp.unique()), key=lambda v: (len(v), v))[:8]),
        )
    if (
        ev_col is not None
        and not opts.get("event_legend")  # the user's legend names the codes instead
        and al.norm(ev_col) in {"ecommerceactiontype", "ecommerceaction"}
    ):
        codes = pd.to_numeric(frame[ev_col], errors="coerce").reset_index(drop=True)
        names = codes.map(al.GA360_ACTIONS)
        if names.notna().mean() > 0.9:
            cols["event"] = (
                names.fillna(cols["event"])
                .astype("str")
                .where(names.notna() | cols["event"].notna(), None)
            )
            book.note("ga360_actions", column=str(ev_col))
    for canon in ("user_id", "event_time", "event"):
        _require(book, cols, bads, canon, DTYPES[kind][canon])
    _optional_bad(book, bads, REQUIRED[kind])
    return _assemble(kind, cols, book.n), used


def _long(
    kind: str,
    frame: pd.DataFrame,
    cols: dict[str, pd.Series],
    groups: dict[str, dict[str, pd.Series]],
    label: str,
    n: int,
) -> pd.DataFrame:
    """Stack per-channel (per-seller) columns: one row per file row and group."""
    pieces = []
    for name, values in groups.items():
        part = {c: v for c, v in cols.items()}
        part[label] = pd.Series([name] * n, dtype="str")
        part.update(values)
        df = pd.DataFrame(part)
        df["_file_row"] = np.arange(n)
        pieces.append(df)
    out = pd.concat(pieces, ignore_index=True)
    ordered = [c for c in COLUMNS[kind] if c in out.columns] + ["_file_row"]
    return out[ordered]


def _prices(frame, mapping, book, ga360):
    kind = "prices"
    cols, bads, _ = _coerce_all(frame, mapping, kind, book, ga360)
    n = book.n
    used = set(_plain(mapping, kind).values())
    wide = wide_columns(mapping, "price")
    dated = _dated_prices(mapping)
    for canon in ("date", "product") if not dated else ("product",):
        _require(book, cols, bads, canon, DTYPES[kind][canon])
    own_label = str(book.options.get("own_seller") or kd.OWN_SELLER).strip() or kd.OWN_SELLER
    if not wide:
        if "seller" not in cols:
            # no seller column: the file is the user's own price history
            cols["seller"] = kd.constant_text(own_label, n)
            if "own" not in cols:
                cols["own"] = pd.Series(np.ones(n, dtype=bool))
            book.note("own_prices", seller=own_label)
        for canon in ("seller", "price"):
            _require(book, cols, bads, canon, DTYPES[kind][canon])
        _optional_bad(book, bads, REQUIRED[kind])
        return _assemble(kind, cols, n), used
    if dated:
        return _dated_long(frame, cols, bads, dated, book, used, own_label), used
    groups = {}
    for seller, col in wide.items():
        values, bad = to_money(frame[col], notes=book.notes)
        # the key "own" marks the user's own price column; it is shown under own_label
        groups[own_label if seller == "own" else seller] = {
            "price": values.reset_index(drop=True),
            "own": pd.Series(np.full(n, seller == "own")),
        }
        used.add(col)
        book.flag("bad_optional", bad.to_numpy(), column=str(col))
    book.note(
        "wide_prices",
        sellers=", ".join(own_label if w == "own" else w for w in wide),
        own=own_label,
    )
    _optional_bad(book, bads, REQUIRED[kind])
    out = _long(kind, frame, cols, groups, "seller", n)
    _keep_filled(out, book, "price")
    for canon in ("own", "in_stock", "promo"):
        if canon in out.columns:
            out[canon] = out[canon].astype("boolean").fillna(False).astype(bool)
    return out, used


def _dated_long(frame, cols, bads, dated, book, used, own_label) -> pd.DataFrame:
    """A price table with one column per date, long: one row per file row and date (the
    date from the column name); without a seller column the prices are the user's own."""
    kind = "prices"
    n = book.n
    if "seller" not in cols:
        cols["seller"] = kd.constant_text(own_label, n)
        cols.setdefault("own", pd.Series(np.ones(n, dtype=bool)))
        book.note("own_prices", seller=own_label)
    pieces = []
    for day, col in dated.items():
        values, bad = to_money(frame[col], notes=book.notes)
        used.add(col)
        book.flag("bad_optional", bad.to_numpy(), column=str(col))
        part = dict(cols)
        part["date"] = pd.Series(np.full(n, np.datetime64(day, "us")))
        part["price"] = values.reset_index(drop=True)
        df = pd.DataFrame(part)
        df["_file_row"] = np.arange(n)
        pieces.append(df)
    out = pd.concat(pieces, ignore_index=True)
    out = out[[c for c in COLUMNS[kind] if c in out.columns] + ["_file_row"]]
    book.note("wide_dated_prices", count=len(dated), first=min(dated), last=max(dated))
    _optional_bad(book, bads, REQUIRED[kind])
    _keep_filled(out, book, "price")
    for canon in ("own", "in_stock", "promo"):
        if canon in out.columns:
            out[canon] = out[canon].astype("boolean").fillna(False).astype(bool)
    return out


def _keep_filled(out: pd.DataFrame, book: _Book, column: str) -> None:
    """A long table's ``_keep``: the cells of ``column`` filled (empty cells of kept rows noted)."""
    out["_keep"] = out[column].notna()
    missing_cells = int((~out["_keep"] & ~book.dropped[out["_file_row"].to_numpy()]).sum())
    if missing_cells:
        book.note("cells_missing", count=missing_cells, column=column)


def _spend(frame, mapping, book, ga360):
    kind = "spend"
    cols, bads, _ = _coerce_all(frame, mapping, kind, book, ga360)
    n = book.n
    used = set(_plain(mapping, kind).values())
    if "revenue" not in cols:
        _revenue_from_conversions(frame, mapping, cols, book)
    parts = kd.date_parts(mapping)
    if "date" not in cols and parts:
        _date_from_parts(frame, parts, cols, bads, used, book)
    _total_rows(frame, mapping, parts, book)
    _require(book, cols, bads, "date", "datetime")
    wide = wide_columns(mapping, "spend")
    if wide:
        return _wide_spend(frame, mapping, cols, bads, wide, used, book), used
    if "channel" not in cols:
        cols["channel"] = kd.constant_text(_one_channel(frame, book), n)
    if "channel" in mapping:
        # "Total" rows among the channels: left out (and checked against the channels)
        ch = cols["channel"].rename(str(mapping["channel"]))
        hit, note = kd.long_total_rows(ch, cols["date"], cols["spend"], book.dropped)
        if note is not None:
            book.note(note[0], **note[1])
            book.drop("total_row", hit, column=str(mapping["channel"]))
    _require(book, cols, bads, "channel", "str")
    _require(book, cols, bads, "spend", "float")
    _optional_bad(book, bads, REQUIRED[kind])
    return _assemble(kind, cols, n), used


def _revenue_from_conversions(frame, mapping, cols, book) -> None:
    """Spend without revenue: conversions x a revenue-per-conversion column, when both exist."""
    conv = mapping.get("conversions")
    rpc = next(
        (c for c in frame.columns if al.norm(c) in {"revenueperconversion", "valueperconversion"}),
        None,
    )
    if conv is not None and rpc is not None:
        per, _ = to_money(frame[rpc])
        cols["revenue"] = cols["conversions"] * per.reset_index(drop=True)
        book.note("revenue_from_conversions", column=str(rpc))


def _date_from_parts(frame, parts, cols, bads, used, book) -> None:
    """A date in parts: year + month / year + week / month + day (the year stated)."""
    year = book.options.get("year")
    cols["date"], bads["date"], how = kd.dates_from_parts(frame, parts, year)
    used.update(parts.values())
    names = {p: str(c) for p, c in parts.items()}
    if "year" in parts:
        book.note(f"date_from_{how}", **names)
    elif year is None:
        book.note("date_parts_year_assumed", year=kd.ASSUMED_YEAR, **names)
    else:
        book.note("date_parts_in_year", year=int(year), **names)


def _wide_spend(frame, mapping, cols, bads, wide, used, book) -> pd.DataFrame:
    """A spend table with one column per channel, long: one row per file row and channel."""
    kind = "spend"
    extra = {b: wide_columns(mapping, b) for b in ("impressions", "clicks")}
    # totals are never channels: left out (a grand total is checked against the channels)
    for ch, col in list(wide.items()):
        if kd.total_kind(ch) or kd.total_kind(col) or kd.is_date_part_name(col):
            wide.pop(ch)
            book.note("not_a_channel", column=str(col))
    if not wide:
        raise IngestError("missing_columns", kind=kind, kind_zh=KIND_ZH[kind], columns="spend")
    groups = {}
    for ch, col in wide.items():
        values, bad = to_money(frame[col], notes=book.notes)
        g = {"spend": values.reset_index(drop=True)}
        used.add(col)
        book.flag("bad_optional", bad.to_numpy(), column=str(col))
        for base, m in extra.items():
            if ch in m:
                v, _ = to_number(frame[m[ch]])
                g[base] = v.reset_index(drop=True)
                used.add(m[ch])
        groups[ch] = g
    # totals of the period (revenue, conversions) cannot be split by channel
    for canon in ("revenue", "conversions", "impressions", "clicks"):
        if canon in cols and canon not in next(iter(groups.values())):
            book.note("total_repeated", column=canon)
    _check_spend_totals(frame, mapping, groups, used, book)
    book.note("wide_spend", channels=", ".join(wide))
    _optional_bad(book, bads, REQUIRED[kind])
    out = _long(kind, frame, cols, groups, "channel", book.n)
    _keep_filled(out, book, "spend")
    return out


def _one_channel(frame: pd.DataFrame, book: _Book) -> str:
    """The channel of a spend file without a channel column (noted): the label chosen on
    import, else the ad platform the file name or headers name, else ``kd.DEFAULT_CHANNEL``."""
    label = str(book.options.get("channel_label") or "").strip()
    if label:
        book.note("one_channel_stated", channel=label)
        return label
    found, source = kd.platform_channel(book.options.get("filename"), frame.columns)
    if found is not None:
        book.note("one_channel_platform", channel=found, source=source)
        return found
    book.note("one_channel_default", channel=kd.DEFAULT_CHANNEL)
    return kd.DEFAULT_CHANNEL


def _total_rows(frame, mapping, parts, book) -> None:
    """Rows whose date cell says Total / 合计 (a table's sum row): dropped with that reason."""
    for col in list(parts.values()) or ([mapping["date"]] if "date" in mapping else []):
        hit = kd.total_cells(frame[col])
        if hit.any():
            book.drop("total_row", hit, column=str(col))


def _check_spend_totals(frame, mapping, groups, used, book) -> None:
    """Leave out a wide spend table's total and subtotal columns; check the grand total."""
    mapped = set(mapping.values())
    for col in frame.columns:
        if col in mapped or col in used:
            continue
        what = kd.total_kind(col)
        if what is None:
            continue
        used.add(col)  # left out of the canonical frame
        if what == "subtotal":
            book.note("subtotal_left_out", column=str(col))
            continue
        total, _ = to_money(frame[col])
        total = total.reset_index(drop=True)
        ok, sums, checked = kd.check_total({ch: g["spend"] for ch, g in groups.items()}, total)
        ok &= ~book.dropped
        checked &= ~book.dropped
        bad = checked & ~ok
        if not checked.any():
            book.note("total_left_out_unchecked", column=str(col))
        elif not bad.any():
            book.note("total_left_out", column=str(col), rows=int(checked.sum()))
        else:
            diff = np.where(bad, np.abs(sums - total.to_numpy(dtype="float64")), -1.0)
            worst = int(np.argmax(diff))
            book.note(
                "total_mismatch",
                column=str(col),
                count=int(bad.sum()),
                rows=int(checked.sum()),
                row=worst + 1,
                total=f"{total.iloc[worst]:,.2f}",
                sum=f"{sums[worst]:,.2f}",
            )


def _matched_text(mapping: Mapping[str, str]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in mapping.items()) or "-"


def _incomplete_error(prop: rc.Proposal) -> IngestError:
    """No kind is usable: name the best kind's missing and matched columns and the runner-up."""
    runner = prop.runner_up[0] if prop.runner_up else prop.kind
    return IngestError(
        "kind_incomplete",
        kind=prop.kind,
        kind_zh=KIND_ZH[prop.kind],
        missing=", ".join(prop.missing),
        matched=_matched_text(prop.mapping),
        runner_up=runner,
        runner_up_zh=KIND_ZH[runner],
    )


def _missing_error(frame: pd.DataFrame, kind: str, missing: list[str]) -> IngestError:
    ranked = propose_kind(frame)
    best = ranked[0][0] if ranked and ranked[0][1] > 0 else None
    best_ok = (
        best is not None
        and best != kind
        and not missing_required(best, propose_mapping(frame, best))
    )
    if best_ok:
        return IngestError(
            "wrong_kind",
            kind=kind,
            kind_zh=KIND_ZH[kind],
            guess=best,
            guess_zh=KIND_ZH[best],
            columns=", ".join(missing),
        )
    return IngestError(
        "missing_columns", kind=kind, kind_zh=KIND_ZH[kind], columns=", ".join(missing)
    )


# ---------------------------------------------------------------- load


def _file_digest(path: Path) -> str:
    # XXH3 hashes ~25 GB/s (SHA-1 ~2 GB/s): the digest runs beside the reader's two
    # parsing threads on a 2-core machine, so its CPU time is the reader's
    h = xxhash.xxh3_128()
    buf = bytearray(1 << 20)  # one buffer for every read: no fresh memory per chunk
    view = memoryview(buf)
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buf):
            h.update(view[:n])
    return h.hexdigest()


def _prepare_source(source: Any, filename: str | None) -> tuple[Any, str]:
    """(what to give the reader, file name): paths stay paths, file objects become bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return source, filename or ""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise IngestError("not_found", path=str(path))
        return path, filename or path.name
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError, io.UnsupportedOperation):
                pass
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = filename or os.path.basename(str(getattr(source, "name", "") or ""))
        return bytes(data), name
    raise IngestError("unknown", detail=f"unsupported source type {type(source).__name__}")


_BUILDERS: dict[str, Callable[..., tuple[pd.DataFrame, Any]]] = {
    "orders": _orders,
    "traffic": _traffic,
    "events": _events,
    "prices": _prices,
    "spend": _spend,
}


def load(
    source: str | os.PathLike | bytes | BinaryIO | list,
    filename: str | list[str] | None = None,
    kind: Kind | None = None,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | int | None = None,
    tz: str | None = None,
    limits: Any = None,
    default_event: str = "view",
    event_legend: Mapping[Any, str] | None = None,
    own_seller: str = "own",
    year: int | None = None,
    join: Mapping[str, Any] | None = None,
    channel_label: str | None = None,
) -> Dataset:
    """Read a file and return a canonical :class:`Dataset` with its import report.

    Parameters
    ----------
    source : path, bytes or binary file object, or a list of them
        The file (CSV / TSV / whitespace text in any common encoding, Excel,
        Parquet; gzip allowed, see :func:`analytics.readers.read_table`).
        A list: related files of one dataset (orders and their payments, line
        items, customers), joined on a proposed key (:mod:`analytics.join`)
        before the import; ``report.join`` then holds the join report.
    filename : str, optional
        Its name (the format is guessed from the extension); taken from the
        path or file object when not given. A list for a list of sources.
    kind : {"orders", "traffic", "events", "prices", "spend"}, optional
        Proposed by :func:`propose_kind` when not given.
    mapping : dict, optional
        Canonical -> original column; proposed by :func:`propose_mapping`
        when not given.
    sheet : str or int, optional
        Excel sheet (the first by default).
    tz : str, optional
        Convert times with a time-zone offset to this zone (see
        :func:`to_canonical`); by default they keep the local time written.
    limits : analytics.readers.Limits, optional
        Bounds on size, rows, compression ratio, line length and columns
        (defaults from the environment; see :class:`analytics.readers.Limits`).
    default_event, event_legend, own_seller, year, channel_label
        Import choices for files without an event column, with numeric event
        codes, without a seller column, with dates lacking a year, or spend
        without a channel column; see
        :func:`to_canonical`.
    join : dict, optional
        With several sources: how they relate (``{"primary": file, "links":
        [{"file", "key", "on", "role", "person_id"}]}``, files by name or
        position; see :class:`analytics.join.JoinPlan`); proposed when absent.

    Returns
    -------
    Dataset
        See :func:`to_canonical`; ``fingerprint`` hashes the source bytes,
        kind and mapping.

    Raises
    ------
    IngestError
        The file cannot be read or used: ``unknown_kind`` (no column matched
        any kind), ``kind_incomplete`` (the best kind lacks required columns:
        names them, the columns that did match and the runner-up kind),
        ``wrong_kind`` (it looks like another kind; names the missing
        columns), ``missing_columns``, ``no_dates``, ``empty``, reader errors.
    """
    options = {"tz": tz, "default_event": default_event, "event_legend": event_legend}
    options.update(own_seller=own_seller, year=year, channel_label=channel_label)
    if isinstance(source, (list, tuple)):
        from analytics.join import load_many

        return load_many(
            source, filename, kind, mapping, sheet=sheet, join=join, limits=limits, **options
        )
    raw, name, digest = _read_with_digest(source, filename, sheet, limits)
    kind, mapping, prop = _kind_and_mapping(raw, kind, mapping)
    ds = to_canonical(raw, kind, mapping, digest=digest, filename=name, **options)
    return replace(ds, recognition=prop) if prop is not None else ds


def _read_with_digest(source: Any, filename: Any, sheet: Any, limits: Any) -> tuple[Any, str, str]:
    """The file read (:func:`analytics.readers.read_table`), its name and its bytes' digest."""
    from analytics.readers import read_table

    src, name = _prepare_source(source, filename)
    # hashing releases the GIL: it runs beside the reader
    with ThreadPoolExecutor(max_workers=1) as pool:
        if isinstance(src, Path):
            hashing = pool.submit(_file_digest, src)
        else:
            hashing = pool.submit(source_digest, bytes(src))
        raw = read_table(src, name, sheet=sheet, limits=limits)
        digest = hashing.result()
    return raw, name, digest


def _kind_and_mapping(
    raw: Any, kind: Kind | None, mapping: Mapping[str, str] | None
) -> tuple[Kind, Mapping[str, str], Any]:
    """The kind and mapping given, or proposed (with the proposal that explains them)."""
    frame = raw.frame
    probe = _fix_header(raw, [])
    cache: dict = {}
    prop = None
    if kind is None:
        prop = propose(probe, _cache=cache)
        # too weak to name a kind (a stray label column, a lone date): say so plainly
        if prop.score < 0.3 or not _covers_required(prop.kind, prop.mapping):
            cols = ", ".join(map(str, frame.columns[:12]))
            raise IngestError("unknown_kind", columns=cols)
        if prop.missing:
            raise _incomplete_error(prop)
        kind = prop.kind
    else:
        _check_kind(kind)
    if mapping is None:
        mapping = prop.mapping if prop is not None else propose_mapping(probe, kind, _cache=cache)
    else:
        prop = None  # the caller's own mapping: the proposal does not explain it
    return kind, mapping, prop
