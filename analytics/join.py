"""Datasets from several files: propose how raw tables relate, join them, report the join.

Marketplace exports and warehouse dumps split one dataset over several files:
orders in one, their payments (several rows per order), their line items and
their customers in others, related by a key such as ``order_id`` or
``customer_id``. This module

1. proposes a :class:`JoinPlan` (:func:`propose_join`): the *primary* table
   (the orders: it has the order time and the others refer to it), and for
   every other table a :class:`Link` naming the key column on both sides and
   the table's role. Keys are chosen from the data: the share of one side's
   distinct keys found in the other decides; same or similar column names only
   break ties;
2. joins the raw tables with pandas / pyarrow (:func:`join_tables`, no
   per-row Python) into one raw table that the usual import (kind, mapping,
   validation) then reads, with a :class:`JoinReport` saying what matched.

Roles
-----
``payments``
    several rows per key: money columns are summed per key, other columns
    kept as their distinct values joined with ``", "``, plus a row count.
``items``
    one row per order line: the result becomes line-level (order-level values
    repeated on each line; an order without lines is kept as one row), and the
    amount comes from the lines (quantity x unit price, or the line price).
    Lines without any money column are summed per order like payments
    instead, so that an order amount is never counted once per line.
``customers``
    one row per key (duplicates: the first is used, the others rejected);
    its columns are attached. A person-level ID (such as Olist's
    ``customer_unique_id``, one person for several per-order customer IDs)
    replaces the customer ID in the proposed mapping.
``details``
    like ``customers`` but without a customer meaning (one row per key).

Nothing is dropped silently: every primary row is kept (unmatched ones with
empty related values); related rows that match no primary row, have a blank
key, or repeat a key of a one-row-per-key table are left out and listed in
``JoinReport.rejected`` with a ``_reason``.

The ``join=`` spec of :func:`analytics.ingest.load` is the dict form of a plan
(:meth:`JoinPlan.from_spec`)::

    {"primary": "orders.csv",            # file name or 0-based position
     "links": [{"file": "payments.csv",  # file name or position
                "key": "order_id",       # column of the primary table
                "on": "order_id",        # column of this file (default: key)
                "role": "payments",      # optional: proposed when absent
                "person_id": None}]}     # optional (customers)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.schema import IngestError

__all__ = [
    "ROLES",
    "Link",
    "JoinPlan",
    "LinkReport",
    "JoinReport",
    "propose_join",
    "join_tables",
    "mapping_hints",
    "joined_raw",
    "joined_digest",
    "merge_mapping",
    "load_many",
]

ROLES: tuple[str, ...] = ("payments", "items", "customers", "details")
_SAMPLE_KEYS = 5_000  # distinct keys of one side looked up in the other when proposing
_MIN_OVERLAP = 0.5  # share of one side's keys found in the other for a key to be proposed
_EXAMPLES = 5
_TOKEN = re.compile(r"[a-z]+|\d+|[\u4e00-\u9fff]+")
_MONEY_TOKENS = {
    "value", "amount", "amt", "price", "total", "subtotal", "paid", "sum", "revenue", "sales",
    "cost", "fee", "fees", "freight", "shipping", "discount", "refund", "gmv", "money", "spend",
}  # fmt: skip
_MONEY_ZH = re.compile(r"金额|价|实付|费|收入|销售额|货款|实收")
_ITEM_HINT = re.compile(r"product|sku|item|quantity|qty|goods|商品|宝贝|货号|数量|件数|sku")
_PAY_HINT = re.compile(r"payment|pay|installment|instalment|支付|付款|分期|收款")
_CUSTOMER_HINT = re.compile(r"customer|client|buyer|user|member|shopper|客户|买家|会员|用户|顾客")
_PERSON_HINT = re.compile(r"unique|person|member|user|buyer|account|唯一|会员|买家|用户|账号")
_NOT_ID = re.compile(r"zip|postal|postcode|phone|mobile|tel|邮编|电话|手机")


def _frame(table: Any) -> pd.DataFrame:
    return table if isinstance(table, pd.DataFrame) else table.frame


def _tokens(name: str) -> set[str]:
    return set(_TOKEN.findall(str(name).lower()))


def _name_similarity(a: str, b: str) -> float:
    """1 for the same name (case, spaces and separators aside), else the token overlap."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    return len(ta & tb) / len(ta | tb)


def _is_key_type(s: pd.Series) -> bool:
    """Text or whole numbers: what a key can be (never floats with fractions, dates, flags)."""
    if s.dtype == bool or pd.api.types.is_datetime64_any_dtype(s.dtype):
        return False
    if pd.api.types.is_float_dtype(s.dtype):
        v = s.dropna().to_numpy()[:1000]
        return len(v) > 0 and bool(np.all(v == np.floor(v)))
    return True


def _akeys(s: pd.Series) -> pa.Array:
    """Key values as comparable Arrow text: trimmed strings, whole floats without ``.0``;
    blank -> null. No per-row Python."""
    if pd.api.types.is_float_dtype(s.dtype):
        v = s.to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isnan(v) | (v == np.floor(v))
        s = s.astype("Int64") if whole.all() else s.astype("string")
    try:
        arr = pa.array(s, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects
        arr = pa.array(s.astype("string"), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = pc.cast(arr, pa.string())
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr)


def _keys(s: pd.Series) -> pd.Series:
    """:func:`_akeys` as an object Series (None for blanks) with ``s``'s index."""
    return pd.Series(_akeys(s).to_numpy(zero_copy_only=False), dtype=object, index=s.index)


def _codes(keys: pa.Array, uniq: pa.Array) -> np.ndarray:
    """Position of each key in ``uniq`` (-1: blank or not there), one Arrow hashing pass."""
    return pc.fill_null(pc.index_in(keys, value_set=uniq), -1).to_numpy().astype(np.int64)


def _take(s: pd.Series, pos: np.ndarray) -> pd.Series:
    """``s`` at positions ``pos`` (-1 -> missing), keeping its dtype where it can hold it."""
    if isinstance(s.dtype, np.dtype):
        vals = pd.api.extensions.take(s.to_numpy(), pos, allow_fill=True)
    else:
        vals = s.array.take(pos, allow_fill=True)
    return pd.Series(vals, name=s.name)


@dataclass(frozen=True)
class Link:
    """How one related table joins the primary one.

    ``key`` is the primary table's column, ``other_key`` the related table's;
    ``found`` the share of the related table's distinct keys found in the
    primary, ``covered`` the share of the primary's distinct keys found in the
    related table (both measured on the data, on up to 5,000 distinct keys);
    ``person_id`` a person-level ID column of a ``customers`` table.
    """

    table: int
    role: str
    key: str
    other_key: str
    found: float = float("nan")
    covered: float = float("nan")
    person_id: str | None = None


@dataclass(frozen=True)
class JoinPlan:
    """The primary table (its position) and one :class:`Link` per related table."""

    primary: int
    links: tuple[Link, ...] = ()

    def to_spec(self, names: Sequence[str]) -> dict[str, Any]:
        """The plan as the ``join=`` dict of :func:`analytics.ingest.load` (files by name)."""
        return {
            "primary": names[self.primary],
            "links": [
                {
                    "file": names[lk.table],
                    "key": lk.key,
                    "on": lk.other_key,
                    "role": lk.role,
                    "person_id": lk.person_id,
                }
                for lk in self.links
            ],
        }

    @classmethod
    def from_spec(
        cls, spec: Mapping[str, Any], tables: Sequence[Any], names: Sequence[str]
    ) -> JoinPlan:
        """Read a ``join=`` dict (see the module docstring); missing roles are proposed.

        Raises ``IngestError`` (``join_spec``) naming what does not fit the files.
        """

        def pos(ref: Any) -> int:
            if isinstance(ref, int) and not isinstance(ref, bool) and 0 <= ref < len(tables):
                return ref
            if isinstance(ref, str) and ref in names:
                return list(names).index(ref)
            raise IngestError("join_spec", detail=f"no file {ref!r} among {', '.join(names)}")

        primary = pos(spec.get("primary", 0))
        pframe = _frame(tables[primary])
        links = []
        for item in spec.get("links", ()):
            t = pos(item.get("file"))
            key = item.get("key")
            on = item.get("on") or key
            rframe = _frame(tables[t])
            if t == primary or key not in pframe.columns or on not in rframe.columns:
                raise IngestError(
                    "join_spec",
                    detail=f"{names[t]}: key {key!r} / {on!r} is not a column of both files",
                )
            role = item.get("role") or _role(rframe, on)
            if role not in ROLES:
                raise IngestError("join_spec", detail=f"role {role!r}; expected {ROLES}")
            person = item.get("person_id")
            if person is not None and person not in rframe.columns:
                raise IngestError("join_spec", detail=f"{names[t]}: no column {person!r}")
            if role == "customers" and "person_id" not in item:
                person = _person_id(rframe, on)
            links.append(Link(t, role, str(key), str(on), person_id=person))
        return cls(primary, tuple(links))


@dataclass(frozen=True)
class LinkReport:
    """What joining one related file did (counts are rows unless named keys)."""

    file: str
    role: str
    key: str
    other_key: str
    rows: int  # rows in the related file
    rows_matched: int  # related rows joined to a primary row
    rows_unmatched: int  # related rows whose key is not in the primary table (rejected)
    unmatched_examples: tuple[str, ...]
    rows_blank_key: int  # related rows without a key (rejected)
    rows_duplicate: int  # extra rows of a repeated key in a one-row-per-key table (rejected)
    duplicate_keys: int  # distinct keys that appear more than once in the related file
    duplicate_examples: tuple[str, ...]
    primary_matched: int  # primary rows with at least one related row
    primary_unmatched: int  # primary rows with none (kept, related values empty)
    primary_unmatched_examples: tuple[str, ...]
    primary_duplicate_keys: int  # distinct keys repeated in the primary table
    person_id: str | None = None
    persons: int | None = None  # distinct person-level IDs among the matched rows
    customers: int | None = None  # distinct per-row customer IDs they replace


@dataclass(frozen=True)
class JoinReport:
    """The join of several files into one table.

    ``rows`` is the joined table's row count (the primary's rows, or its
    lines when an ``items`` file makes it line-level). ``rejected`` holds the
    related rows left out, as read, with ``_file``, ``_row`` (1 = first data
    row of that file) and ``_reason`` (``no_match``, ``blank_key``,
    ``duplicate_key``). ``mapping`` are the canonical orders columns the join
    implies (amount from the summed payments or the lines, customer ID from a
    person-level ID), applied over the proposed mapping. ``notes`` are
    ``(code, params)`` pairs (text: ``join.note.<code>``).
    """

    primary: str
    primary_rows: int
    rows: int
    links: tuple[LinkReport, ...]
    rejected: pd.DataFrame | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    notes: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def rows_rejected(self) -> int:
        return 0 if self.rejected is None else len(self.rejected)


# ---------------------------------------------------------------- proposal


@dataclass
class _Col:
    distinct: pa.Array  # distinct key texts (no null)
    unique_share: float  # distinct / non-blank


def _profile(frame: pd.DataFrame, cache: dict) -> dict[str, _Col]:
    fid = id(frame)
    if fid in cache:
        return cache[fid]
    out = {}
    for c in frame.columns:
        s = frame[c]
        if not _is_key_type(s):
            continue
        k = _akeys(s)
        nb = len(k) - k.null_count
        if nb == 0:
            continue
        d = pc.unique(k).drop_null()
        if len(d) < 2 and len(frame) > 2:
            continue
        out[str(c)] = _Col(d, len(d) / nb)
    cache[fid] = out
    return out


def _overlap(a: pa.Array, b: pa.Array) -> float:
    """Share of ``a``'s distinct keys (up to 5,000) found in ``b``."""
    part = a.slice(0, _SAMPLE_KEYS)
    return float(pc.mean(pc.is_in(part, value_set=b)).as_py()) if len(part) else 0.0


def _best_link(
    pframe: pd.DataFrame, rframe: pd.DataFrame, cache: dict
) -> tuple[str, str, float, float, float] | None:
    """(primary key, related key, found, covered, score) of the best key pair, or None."""
    pp, rp = _profile(pframe, cache), _profile(rframe, cache)
    best = None
    for pk, pcol in pp.items():
        for rk, rcol in rp.items():
            # one side must be (nearly) one row per key: never a join of two repeated codes
            if pcol.unique_share < 0.5 and rcol.unique_share < 0.9:
                continue
            found = _overlap(rcol.distinct, pcol.distinct)
            covered = _overlap(pcol.distinct, rcol.distinct)
            share = max(found, covered)
            if share < _MIN_OVERLAP:
                continue
            score = share + 0.25 * _name_similarity(pk, rk) + 0.1 * pcol.unique_share
            if best is None or score > best[4]:
                best = (pk, rk, found, covered, score)
    return best


def _money_columns(frame: pd.DataFrame, exclude: set[str]) -> list[str]:
    return [
        str(c)
        for c in frame.columns
        if str(c) not in exclude
        and pd.api.types.is_numeric_dtype(frame[c].dtype)
        and frame[c].dtype != bool
        and _is_money_name(str(c))
    ]


def _is_money_name(name: str) -> bool:
    return bool(_tokens(name) & _MONEY_TOKENS or _MONEY_ZH.search(name))


def _role(rframe: pd.DataFrame, key: str) -> str:
    """The role of a related table from its other columns' names and its key's repetition."""
    names = " ".join(str(c).lower() for c in rframe.columns if str(c) != key)
    keys = _akeys(rframe[key]).drop_null()
    mostly_unique = len(pc.unique(keys)) >= 0.95 * len(keys)
    customer_key = _CUSTOMER_HINT.search(str(key).lower()) and not _money_columns(rframe, {key})
    if customer_key and mostly_unique:  # one row per customer, whatever else it holds
        return "customers"
    if _PAY_HINT.search(names):
        return "payments"
    if _ITEM_HINT.search(names):
        return "items"
    if customer_key:
        return "customers"
    if mostly_unique:
        return "details"
    return "payments" if _money_columns(rframe, {key}) else "items"


def _person_id(rframe: pd.DataFrame, key: str) -> str | None:
    """A person-level ID in a one-row-per-key customers table: an ID-like column with fewer
    distinct values than the key (several per-order customer IDs -> one person)."""
    rframe = rframe[~_keys(rframe[key]).duplicated(keep="first").to_numpy()]  # first row per key
    keys = _keys(rframe[key])
    n_key = keys.nunique()
    best, best_score = None, 0.0
    for c in rframe.columns:
        name = str(c).lower()
        if str(c) == key or _NOT_ID.search(name) or not _is_key_type(rframe[c]):
            continue
        if not (_PERSON_HINT.search(name) or "id" in _tokens(name)):
            continue
        vals = _keys(rframe[c])
        n = vals[keys.notna()].nunique()
        if not (0.3 * n_key <= n <= n_key) or n == 0:
            continue
        # many-to-one: one key never has two persons
        per_key = pd.DataFrame({"k": keys, "v": vals}).dropna().drop_duplicates()
        if per_key["k"].duplicated().any():
            continue
        score = (2.0 if _PERSON_HINT.search(name) else 1.0) + _name_similarity(c, key)
        if score > best_score:
            best, best_score = str(c), score
    return best


def propose_join(
    tables: Sequence[Any], names: Sequence[str] | None = None, *, primary: int | None = None
) -> JoinPlan:
    """Propose how several raw tables relate.

    Parameters
    ----------
    tables : sequence of RawTable or DataFrame
        The files as read (:func:`analytics.readers.read_table`).
    names : sequence of str, optional
        Their file names (only for messages).
    primary : int, optional
        The primary table's position, when the user chose it.

    Returns
    -------
    JoinPlan
        The primary table: among tables with an order time (as
        :func:`analytics.ingest.propose_mapping` sees it), the one most other
        tables refer to with its side of the key one row per key (the parent),
        then the one with fewer rows. For each other table, the key pair with
        the highest share of one side's distinct keys found in the other (at
        least half; name similarity breaks ties) and the table's role (see the
        module docstring). Tables that share no key are left out of the plan.

    Raises
    ------
    IngestError
        ``join_one_file`` (fewer than two tables), ``join_no_key`` (no table
        shares a key with the others).
    """
    from analytics.ingest import propose_mapping

    frames = [_frame(t) for t in tables]
    names = list(names or [f"file {i + 1}" for i in range(len(frames))])
    if len(frames) < 2:
        raise IngestError("join_one_file")
    cache: dict = {}
    timed = [i for i, f in enumerate(frames) if "order_time" in propose_mapping(f, "orders")]
    candidates = [primary] if primary is not None else (timed or list(range(len(frames))))
    best_plan, best_rank = None, None
    for p in candidates:
        links = []
        parents = 0
        for r, rframe in enumerate(frames):
            if r == p:
                continue
            got = _best_link(frames[p], rframe, cache)
            if got is None:
                continue
            pk, rk, found, covered, _ = got
            role = _role(rframe, rk)
            person = _person_id(rframe, rk) if role == "customers" else None
            links.append(Link(r, role, pk, rk, round(found, 4), round(covered, 4), person))
            parents += _profile(frames[p], cache)[pk].unique_share >= 0.9
        rank = (parents, p in timed, len(links), -len(frames[p]))
        if best_rank is None or rank > best_rank:
            best_plan, best_rank = JoinPlan(p, tuple(links)), rank
    if best_plan is None or not best_plan.links:
        raise IngestError("join_no_key", files=", ".join(names))
    return best_plan


# ---------------------------------------------------------------- join


def _stem(name: str) -> str:
    base = str(name).rsplit("/", 1)[-1]
    return base.split(".", 1)[0] or base


def _examples(keys: pa.Array, mask: np.ndarray) -> tuple[str, ...]:
    """Up to 5 distinct keys where ``mask`` (blank keys left out)."""
    if not mask.any():
        return ()
    return tuple(pc.unique(keys.filter(pa.array(mask))).drop_null()[:_EXAMPLES].to_pylist())


def _rename(cols: Sequence[str], taken: set[str], stem: str) -> dict[str, str]:
    out = {}
    for c in cols:
        new = c if c not in taken else f"{c} ({stem})"
        i = 2
        while new in taken:
            new, i = f"{c} ({stem} {i})", i + 1
        out[c] = new
        taken.add(new)
    return out


def _aggregate(rframe: pd.DataFrame, keys: np.ndarray, key_col: str, stem: str) -> pd.DataFrame:
    """One row per key: money (and, without money, every numeric) column summed, other
    columns' distinct values joined with ", ", and the row count. Arrow group-by."""
    money = _money_columns(rframe, {key_col})
    if not money:  # lines without money: their counts (quantity) add up per key
        money = [
            str(c)
            for c in rframe.columns
            if str(c) != key_col
            and pd.api.types.is_numeric_dtype(rframe[c].dtype)
            and rframe[c].dtype != bool
            and _ITEM_HINT.search(str(c).lower())
        ]
    text = [str(c) for c in rframe.columns if str(c) != key_col and str(c) not in money]
    arrays = {"__key": pa.array(keys)}
    for c in money:
        arrays[c] = pa.array(rframe[c].to_numpy(dtype="float64", na_value=np.nan), from_pandas=True)
    for c in text:
        s = rframe[c]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            s = s.dt.strftime("%Y-%m-%d %H:%M:%S")
        try:
            arr = pa.array(s, from_pandas=True)
            arr = arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())
        except pa.ArrowException:  # mixed Python objects: their text instead
            arr = pa.array(s.astype("string"), from_pandas=True)
        arrays[c] = arr
    tbl = pa.table(arrays)
    valid = pc.CountOptions(mode="only_valid")
    aggs = [(c, "sum") for c in money] + [(c, "distinct", valid) for c in text]
    aggs.append(("__key", "count"))
    g = tbl.group_by("__key", use_threads=False).aggregate(aggs)
    out = {"__key": g.column("__key").to_numpy()}
    for c in money:
        out[c] = g.column(f"{c}_sum").to_numpy(zero_copy_only=False)
    for c in text:
        joined = pc.binary_join(g.column(f"{c}_distinct"), ", ")
        col = pd.Series(joined.to_numpy(zero_copy_only=False), dtype="str")
        out[c] = col.mask(col == "")
    out[f"{stem} rows"] = g.column("__key_count").to_numpy(zero_copy_only=False).astype("int64")
    return pd.DataFrame(out)


def join_tables(
    tables: Sequence[Any], plan: JoinPlan, names: Sequence[str] | None = None
) -> tuple[pd.DataFrame, JoinReport]:
    """Join related tables into the primary one as ``plan`` says.

    Parameters
    ----------
    tables : sequence of RawTable or DataFrame
    plan : JoinPlan
        From :func:`propose_join` or :meth:`JoinPlan.from_spec`.
    names : sequence of str, optional
        File names (in the report and the names of renamed columns).

    Returns
    -------
    (DataFrame, JoinReport)
        The primary table's columns, in its row order, then each related
        file's columns (a name already taken gets `` (<file>)`` appended; the
        related key column is left out, its values being the primary's).
        ``customers`` / ``details``: one row per key attached; ``payments``:
        money summed per key, other columns' distinct values joined with
        ``", "``, and ``<file> rows`` (rows per key, 0 when none); ``items``
        last: one row per line, primary values repeated, a primary row
        without lines kept once. Keys compare as trimmed text.
    """
    frames = [_frame(t) for t in tables]
    names = list(names or [f"file {i + 1}" for i in range(len(frames))])
    primary = frames[plan.primary].reset_index(drop=True)
    st = _Joining(out=primary, taken={str(c) for c in primary.columns})
    order = {"customers": 0, "details": 1, "payments": 2, "items": 3}
    reports = [
        _join_link(st, frames[lk.table].reset_index(drop=True), names[lk.table], lk)
        for lk in sorted(plan.links, key=lambda lk: order.get(lk.role, 9))
    ]
    out, notes, hints = st.out, st.notes, st.hints
    if st.line_level:
        notes.append(("line_level", {"rows": len(out), "orders": len(primary)}))
    rej_frame = pd.concat(st.rejected, ignore_index=True) if st.rejected else None
    mapping = mapping_hints(primary, frames, plan, hints)
    amount_from = next((lr for lr in reports if lr.role == "payments"), None)
    if amount_from is not None and mapping.get("amount") == hints.get("__payments"):
        if amount_from.primary_unmatched:  # no amount: the import drops them, with that reason
            notes.append(
                ("no_payment", {"count": amount_from.primary_unmatched, "file": amount_from.file})
            )
    report = JoinReport(
        primary=names[plan.primary],
        primary_rows=len(primary),
        rows=len(out),
        links=tuple(reports),
        rejected=rej_frame,
        mapping=mapping,
        notes=tuple(notes),
    )
    return out.reset_index(drop=True), report


@dataclass
class _Joining:
    """The join so far: the table, the column names taken, hints, notes, rejected rows."""

    out: pd.DataFrame
    taken: set[str]
    hints: dict[str, str] = field(default_factory=dict)
    notes: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    line_level: bool = False


class _Match:
    """How one related file's keys meet the joined table's: codes, matches, reasons."""

    def __init__(self, out: pd.DataFrame, rframe: pd.DataFrame, lk: Link, first_only: bool):
        self.pkeys, self.rkeys = _akeys(out[lk.key]), _akeys(rframe[lk.other_key])
        uniq = pc.unique(self.pkeys).drop_null()
        self.pcode, self.rcode = _codes(self.pkeys, uniq), _codes(self.rkeys, uniq)
        n_keys = self.n_keys = len(uniq)
        self.blank = self.rkeys.is_null().to_numpy(zero_copy_only=False)
        self.found = self.rcode >= 0
        self.reason = np.full(len(rframe), "", dtype=object)
        self.reason[self.blank] = "blank_key"
        self.reason[~self.blank & ~self.found] = "no_match"
        self.extra = np.zeros(len(rframe), dtype=bool)
        if first_only:
            hit = np.flatnonzero(self.found)
            _, first = np.unique(self.rcode[hit], return_index=True)  # first row of each key
            self.extra[hit] = True
            self.extra[hit[first]] = False
            self.reason[self.extra] = "duplicate_key"
        self.use = self.found & ~self.extra
        has = np.zeros(n_keys + 1, dtype=bool)  # last slot: "no key"
        has[self.rcode[self.use]] = True
        self.slot = np.where(self.pcode >= 0, self.pcode, n_keys)  # each primary row's key
        self.pmatched = has[self.slot]
        counts = np.bincount(self.pcode[self.pcode >= 0], minlength=n_keys)
        self.pdup = int(np.count_nonzero(counts > 1))


def _join_link(st: _Joining, rframe: pd.DataFrame, name: str, lk: Link) -> LinkReport:
    """Attach one related file to the joined table as its link's role says; its report."""
    stem = _stem(name)
    role = lk.role
    if role == "items" and not _money_columns(rframe, {lk.other_key}):
        role = "payments"  # lines without money: summed per order, never repeated
        st.notes.append(("items_summed", {"file": name}))
    m = _Match(st.out, rframe, lk, first_only=role in ("customers", "details"))
    cols = [str(c) for c in rframe.columns if str(c) != lk.other_key]
    if role in ("customers", "details"):
        first_row = np.full(m.n_keys + 1, -1, dtype=np.int64)
        first_row[m.rcode[m.use]] = np.flatnonzero(m.use)
        ren = _rename(cols, st.taken, stem)
        added = {ren[c]: _take(rframe[c], first_row[m.slot]) for c in cols}
    elif role == "payments":
        ren, added = _attach_summed(st, rframe[m.use], m, lk, stem)
    else:
        ren, added = _attach_lines(st, rframe, m, cols, stem)
        if m.pdup:
            st.notes.append(("lines_primary_duplicates", {"file": name, "keys": m.pdup}))
    st.out = pd.concat([st.out, pd.DataFrame(added, index=st.out.index)], axis=1)
    person = lk.person_id if role == "customers" else None
    persons = customers = None
    if person:
        pcol = _rename_of(ren, person)
        persons = int(st.out[pcol].nunique())
        customers = int(st.out.loc[st.out[pcol].notna(), lk.key].nunique())
        st.hints["customer_id"] = pcol
        st.notes.append(
            ("person_id", {"column": person, "persons": persons, "customers": customers})
        )
    rej = ~m.use
    if rej.any():
        part = rframe[rej].astype("string")
        part.insert(0, "_reason", m.reason[rej])
        part.insert(0, "_row", np.flatnonzero(rej) + 1)
        part.insert(0, "_file", name)
        st.rejected.append(part)
    return _link_report(m, name, role, lk, len(rframe), person, persons, customers)


def _attach_summed(
    st: _Joining, rpart: pd.DataFrame, m: _Match, lk: Link, stem: str
) -> tuple[dict[str, str], dict[str, pd.Series]]:
    """Payments: money summed per key, other values joined, ``<file> rows`` per key."""
    agg = _aggregate(rpart, m.rcode[m.use], lk.other_key, stem)
    acols = [c for c in agg.columns if c != "__key"]
    ren = _rename(acols, st.taken, stem)
    slot = np.full(m.n_keys + 1, -1, dtype=np.int64)
    slot[agg["__key"].to_numpy()] = np.arange(len(agg))
    pos = slot[m.slot]
    added = {ren[c]: _take(agg[c], pos) for c in acols}
    count = ren[f"{stem} rows"]
    added[count] = added[count].fillna(0).astype("int64")
    money = [ren[c] for c in _money_columns(rpart, {lk.other_key})]
    if money:
        st.hints.setdefault("__payments", _best_money(money))
    return ren, added


def _attach_lines(
    st: _Joining, rframe: pd.DataFrame, m: _Match, cols: list[str], stem: str
) -> tuple[dict[str, str], dict[str, pd.Series]]:
    """Items: one row per line (in file order within each order), primary values repeated.

    A primary row without lines is kept once; ``st.out`` is expanded in place.
    """
    rows = np.flatnonzero(m.use)
    codes = m.rcode[rows]
    order_ = rows[np.argsort(codes, kind="stable")]
    counts = np.bincount(codes, minlength=m.n_keys + 1)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    n_lines = counts[m.slot]
    rep = np.maximum(n_lines, 1)
    prow = np.repeat(np.arange(len(st.out)), rep)
    offs = np.arange(int(rep.sum())) - np.repeat(np.cumsum(rep) - rep, rep)
    with_line = np.repeat(n_lines > 0, rep)
    at = np.repeat(starts[m.slot], rep) + offs
    pos = np.full(len(prow), -1, dtype=np.int64)
    pos[with_line] = order_[at[with_line]]
    st.out = st.out.take(prow).reset_index(drop=True)
    ren = _rename(cols, st.taken, stem)
    added = {ren[c]: _take(rframe[c], pos) for c in cols}
    st.line_level = True
    st.hints["__items"] = stem
    st.hints.update({f"__item:{c}": ren[c] for c in cols})
    return ren, added


def _link_report(
    m: _Match, name: str, role: str, lk: Link, rows: int, person, persons, customers
) -> LinkReport:
    """The report of one link: rows matched, unmatched, blank, duplicate, with examples."""
    vc = pc.value_counts(m.rkeys.drop_null())
    dups = vc.field("values").filter(pc.greater(vc.field("counts"), 1))
    unmatched = ~m.blank & ~m.found
    return LinkReport(
        file=name,
        role=role,
        key=lk.key,
        other_key=lk.other_key,
        rows=rows,
        rows_matched=int(m.use.sum()),
        rows_unmatched=int(unmatched.sum()),
        unmatched_examples=_examples(m.rkeys, unmatched),
        rows_blank_key=int(m.blank.sum()),
        rows_duplicate=int(m.extra.sum()),
        duplicate_keys=len(dups),
        duplicate_examples=tuple(dups[:_EXAMPLES].to_pylist()),
        primary_matched=int(m.pmatched.sum()),
        primary_unmatched=int((~m.pmatched).sum()),
        primary_unmatched_examples=_examples(m.pkeys, ~m.pmatched),
        primary_duplicate_keys=m.pdup,
        person_id=person,
        persons=persons,
        customers=customers,
    )


def _rename_of(ren: Mapping[str, str], col: str) -> str:
    return ren.get(col, col)


def _best_money(cols: Sequence[str]) -> str:
    """The column most like a paid total among summed money columns."""
    for pat in (r"value|amount|paid|total|金额|实付|支付", r"."):
        for c in cols:
            if re.search(pat, c.lower()):
                return c
    return cols[0]


def mapping_hints(
    primary: pd.DataFrame,
    frames: Sequence[pd.DataFrame],
    plan: JoinPlan,
    hints: Mapping[str, str],
) -> dict[str, str]:
    """Canonical orders columns the join implies, over the proposed mapping.

    The primary table's own proposal (order time, order ID, status ...) first,
    so a related file's dates never become the order time; then the amount:
    from the lines (their amount, quantity x unit price, or their price) when
    an ``items`` file made the table line-level, else from the summed payments
    when the order file has none; the product columns from the lines; the
    person-level ID as ``customer_id``.
    """
    from analytics.ingest import propose_mapping

    out = {k: v for k, v in propose_mapping(primary, "orders").items() if "[" not in k}
    if "__items" in hints:
        lk = next(lk for lk in plan.links if lk.role == "items")
        lines = propose_mapping(frames[lk.table], "orders")
        ren = {k[len("__item:") :]: v for k, v in hints.items() if k.startswith("__item:")}
        money = _money_columns(frames[lk.table], {lk.other_key})
        for canon in ("amount", "quantity", "unit_price", "product_id", "product_name"):
            if lines.get(canon) in ren:
                out[canon] = ren[lines[canon]]
            elif canon in ("amount", "quantity", "unit_price"):
                out.pop(canon, None)
        if "amount" not in out and not ("quantity" in out and "unit_price" in out):
            col = out.pop("unit_price", None) or (ren[_best_money(money)] if money else None)
            if col:
                out["amount"] = col
    elif "amount" not in out and "__payments" in hints:
        out["amount"] = hints["__payments"]
    if "customer_id" in hints:
        out["customer_id"] = hints["customer_id"]
    return out


# ---------------------------------------------------------------- load


def joined_raw(raws: Sequence[Any], plan: JoinPlan, names: Sequence[str]) -> tuple[Any, JoinReport]:
    """The joined table as a raw table (the primary's reader notes, encoding ...) and the
    join report: what :func:`analytics.ingest.to_canonical` reads next."""
    frame, report = join_tables(raws, plan, names)
    first = raws[plan.primary]
    if isinstance(first, pd.DataFrame):
        return frame, report
    return dataclasses.replace(first, frame=frame), report


def joined_digest(digests: Sequence[str], plan: JoinPlan, names: Sequence[str]) -> str:
    """A content key for a joined dataset: the files' digests and the plan."""
    h = hashlib.blake2b(digest_size=16)
    for d in digests:
        h.update(d.encode())
    h.update(json.dumps(plan.to_spec(names), sort_keys=True, default=str).encode())
    return h.hexdigest()


_MONEY_GROUP = ("amount", "quantity", "unit_price")


def merge_mapping(proposed: Mapping[str, str], hints: Mapping[str, str]) -> dict[str, str]:
    """The proposed orders mapping with the join's hints over it; where the hints say how
    the amount is made (amount, or quantity and unit price), the proposal's money columns
    are left out so that they cannot contradict it."""
    out = dict(proposed)
    if any(k in hints for k in _MONEY_GROUP):
        out = {k: v for k, v in out.items() if k not in _MONEY_GROUP}
    out.update(hints)
    return out


def load_many(
    sources: Sequence[Any],
    filenames: Sequence[str] | str | None = None,
    kind: str | None = None,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | int | None = None,
    join: Mapping[str, Any] | None = None,
    limits: Any = None,
    **choices: Any,
):
    """:func:`analytics.ingest.load` for several related files (it calls this for a list).

    Each source is read as one file would be; the files are joined
    (``join`` spec, else :func:`propose_join`), then imported as one table of
    ``kind`` (orders by default), with the mapping the join implies
    (:attr:`JoinReport.mapping`) over the proposed one. ``report.join`` holds
    the :class:`JoinReport`; the dataset's file name lists the files.
    ``limits`` bounds each file's reading; ``choices`` (``tz``, ``default_event``,
    ``event_legend``, ``own_seller``, ``year``, ``channel_label``) go to
    :func:`to_canonical`.
    """
    from analytics.ingest import _prepare_source, propose_mapping, source_digest, to_canonical
    from analytics.readers import read_table

    if isinstance(filenames, str) or filenames is None:
        filenames = [filenames] * len(sources) if filenames is None else [filenames]
    if len(filenames) != len(sources):
        raise IngestError(
            "join_spec", detail=f"{len(sources)} sources but {len(filenames)} file names"
        )
    raws, names, digests = [], [], []
    for src_in, fname in zip(sources, filenames, strict=True):
        src, name = _prepare_source(src_in, fname)
        digests.append(source_digest(src))
        raws.append(read_table(src, name, sheet=sheet, limits=limits))
        names.append(name or f"file {len(names) + 1}")
    if len(raws) == 1 and join is None:
        raise IngestError("join_one_file")
    plan = JoinPlan.from_spec(join, raws, names) if join else propose_join(raws, names)
    raw, report = joined_raw(raws, plan, names)
    kind = kind or "orders"
    if mapping is None:
        mapping = propose_mapping(raw.frame, kind)
        if kind == "orders":
            mapping = merge_mapping(mapping, report.mapping)
    ds = to_canonical(
        raw,
        kind,
        mapping,
        digest=joined_digest(digests, plan, names),
        filename=" + ".join(names),
        **choices,
    )
    return dataclasses.replace(ds, report=dataclasses.replace(ds.report, join=report))
