"""Import wizard section: several related files joined into one dataset (issue 14 item 4).

``section(files)`` runs before the wizard's read step: with two or more uploads it proposes
how they relate (``analytics.join``), lets the user edit the main file, keys and roles, shows
the join report, and hands the wizard one joined upload in place of the joined files. The
wizard then reads it like any file; ``hints`` and ``attach`` add what the join implies.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from analytics import readers
from analytics.export import to_csv_bytes
from analytics.join import ROLES, JoinPlan, JoinReport, join_tables, merge_mapping, propose_join
from analytics.schema import Dataset, IngestError
from ui import state
from ui.i18n import labels, t
from ui.safe import inert, inert_all, note_lines, user_error

__all__ = ["JoinedUpload", "section", "hints", "attach"]

_NONE = "none"  # role of a file left out of the join


@dataclass(frozen=True)
class JoinedUpload:
    """The joined table as the wizard's upload (Parquet bytes) with its join report."""

    name: str
    file_id: str
    data: bytes
    report: JoinReport

    @property
    def size(self) -> int:
        return len(self.data)

    def getvalue(self) -> bytes:
        return self.data


def _fid(up: Any) -> str:
    return getattr(up, "file_id", None) or f"{up.name}-{up.size}"


@st.cache_data(max_entries=16, show_spinner=False)
def _read(file_id: str, name: str, _data: bytes) -> readers.RawTable:
    return readers.read_table(_data, name)


@st.cache_data(max_entries=4, show_spinner=False)
def _join(ids: tuple[str, ...], spec: str, _raws, _plan: JoinPlan, names: tuple[str, ...]):
    frame, report = join_tables(_raws, _plan, names)
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue(), report


@st.cache_data(max_entries=8, show_spinner=False)
def _propose(ids: tuple[str, ...], names: tuple[str, ...], primary: int | None, _raws) -> JoinPlan:
    return propose_join(_raws, names, primary=primary)


def section(files: list) -> list:
    """With several uploads: the join cards; returns the uploads the wizard offers."""
    if len(files) < 2:
        return files
    st.subheader(t("data.join.title"))
    if not st.toggle(t("data.join.toggle"), value=True, key="data.join.on"):
        return files
    names = [f.name for f in files]
    raws = []
    for up in files:
        try:
            raws.append(_read(_fid(up), up.name, up.getvalue()))
        except IngestError as err:
            st.error(t("data.read_error", file=inert(up.name), message=_err(err)))
            return files
    plan = _plan_card(raws, names, tuple(_fid(f) for f in files))
    if plan is None:
        return files
    ids = tuple(_fid(f) for f in files)
    spec = repr(plan.to_spec(names))
    try:
        data, report = _join(ids, spec, raws, plan, tuple(names))
    except (IngestError, ValueError, KeyError) as err:
        st.error(t("data.join.failed", message=_err(err)))
        return files
    _report_card(report)
    used = {plan.primary, *(lk.table for lk in plan.links)}
    name = " + ".join(names[i] for i in sorted(used))
    key = hashlib.blake2b(repr((ids, spec)).encode(), digest_size=8).hexdigest()
    joined = JoinedUpload(name, f"join-{key}", data, report)
    kind_key = f"data.kind.{joined.file_id}"
    if state.widget(kind_key) is None:
        state.set_widget(kind_key, "orders")  # the main file of a join is the orders
    return [joined, *(f for i, f in enumerate(files) if i not in used)]


def _sig(names: list[str]) -> str:
    return hashlib.blake2b("\n".join(names).encode(), digest_size=4).hexdigest()


def _err(err: Exception) -> str:
    code = getattr(err, "code", None)
    return t(f"ingest.error.{code}", **inert_all(err.params)) if code else user_error(err)


def _plan_card(
    raws: list,
    names: list[str],
    ids: tuple[str, ...],
    *,
    prefix: str = "data.join",
    primary: int | None = None,
) -> JoinPlan | None:
    """Main file, and per related file its role and keys (proposed, editable). Widget keys
    start with ``prefix``; a given ``primary`` is the main file (no choice shown)."""
    st.caption(t("data.join.intro"))
    try:
        proposed = _propose(ids, tuple(names), primary, raws)
    except IngestError as err:
        st.warning(_err(err))
        return None
    if primary is None:
        primary = st.selectbox(
            t("data.join.primary"),
            range(len(names)),
            index=proposed.primary,
            format_func=lambda i: names[i],
            key=f"{prefix}.primary",
            help=t("data.join.primary_help"),
        )
    if primary != proposed.primary:
        try:
            proposed = _propose(ids, tuple(names), primary, raws)
        except IngestError as err:
            st.warning(_err(err))
            return None
    by_table = {lk.table: lk for lk in proposed.links}
    others = [i for i in range(len(names)) if i != primary]
    table, pcols, rcols = _links_table(raws, names, primary, others, by_table)
    role_label = labels("data.join.role")
    edited = st.data_editor(
        table,
        key=f"{prefix}.links.{primary}.{_sig(names)}",
        hide_index=True,
        width="stretch",
        disabled=["file", "found"],
        column_config={
            "file": st.column_config.TextColumn(t("data.join.file")),
            "role": st.column_config.SelectboxColumn(
                t("data.join.role"),
                options=[*ROLES, _NONE],
                required=True,
            ),
            "key": st.column_config.SelectboxColumn(
                t("data.join.key"), options=pcols, required=True
            ),
            "on": st.column_config.SelectboxColumn(t("data.join.on"), options=rcols, required=True),
            "found": st.column_config.ProgressColumn(
                t("data.join.found"), min_value=0.0, max_value=1.0, format="percent"
            ),
        },
    )
    st.caption("  ·  ".join(f"{r}: {role_label(r)}" for r in ROLES))  # what each role does
    spec_links = _spec_links(others, edited, by_table)
    if not spec_links:
        st.info(t("data.join.nothing"))
        return None
    try:
        return JoinPlan.from_spec({"primary": primary, "links": spec_links}, raws, names)
    except IngestError as err:
        st.error(_err(err))
        return None


def _links_table(
    raws: list, names: list[str], primary: int, others: list[int], by_table: dict
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The editable links (one row per related file, the proposal filled in) and the key
    columns each side offers."""
    pcols = [str(c) for c in raws[primary].frame.columns]
    rcols = sorted({str(c) for i in others for c in raws[i].frame.columns})
    table = pd.DataFrame(
        {
            "file": [names[i] for i in others],
            "role": [by_table[i].role if i in by_table else _NONE for i in others],
            "key": [by_table[i].key if i in by_table else pcols[0] for i in others],
            "on": [by_table[i].other_key if i in by_table else rcols[0] for i in others],
            "found": [by_table[i].found if i in by_table else None for i in others],
        }
    )
    return table, pcols, rcols


def _spec_links(others: list[int], edited: pd.DataFrame, by_table: dict) -> list[dict]:
    """The join spec's links from the edited table (a proposal left as it was keeps its
    person-level ID)."""
    spec_links = []
    for i, row in zip(others, edited.itertuples(index=False), strict=True):
        if row.role == _NONE:
            continue
        item = {"file": i, "key": row.key, "on": row.on, "role": row.role}
        lk = by_table.get(i)
        if lk is not None and (lk.key, lk.other_key, lk.role) == (row.key, row.on, row.role):
            item["person_id"] = lk.person_id
        spec_links.append(item)
    return spec_links


def _report_card(report: JoinReport, *, prefix: str = "data.join") -> None:
    """What the join matched, what it left unmatched on each side, the rejected rows."""
    m = st.columns(3)
    m[0].metric(t("data.join.primary_rows"), f"{report.primary_rows:,}")
    m[1].metric(t("data.join.rows"), f"{report.rows:,}")
    m[2].metric(t("data.join.rejected"), f"{report.rows_rejected:,}")
    role_label = labels("data.join.role")
    st.dataframe(
        pd.DataFrame(
            {
                t("data.join.file"): [lr.file for lr in report.links],
                t("data.join.role"): [role_label(lr.role) for lr in report.links],
                t("data.join.key"): [f"{lr.key} = {lr.other_key}" for lr in report.links],
                t("data.join.matched"): [lr.rows_matched for lr in report.links],
                t("data.join.unmatched"): [lr.rows_unmatched for lr in report.links],
                t("data.join.unmatched_examples"): [
                    ", ".join(lr.unmatched_examples) for lr in report.links
                ],
                t("data.join.main_unmatched"): [lr.primary_unmatched for lr in report.links],
                t("data.join.main_examples"): [
                    ", ".join(lr.primary_unmatched_examples) for lr in report.links
                ],
                t("data.join.duplicates"): [lr.duplicate_keys for lr in report.links],
                t("data.join.blank"): [lr.rows_blank_key for lr in report.links],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    note_lines(report.notes, "join.note")
    if report.rejected is not None and len(report.rejected):
        rej = report.rejected.assign(
            _reason=report.rejected["_reason"].map(lambda c: t(f"join.reason.{c}"))
        )
        st.download_button(
            t("data.join.download_rejected"),
            data=to_csv_bytes(rej),
            file_name="join-rejected.csv",
            mime="text/csv",
            key=f"{prefix}.rejected_download",
        )


def hints(up: Any, kind: str, proposed: dict) -> dict:
    """The proposed mapping with what the join implies (amount, person-level customer ID)."""
    if isinstance(up, JoinedUpload) and kind == "orders":
        return merge_mapping(proposed, up.report.mapping)
    return proposed


def attach(up: Any, ds: Dataset) -> Dataset:
    """The dataset with the join report in its import report."""
    if isinstance(up, JoinedUpload):
        return replace(ds, report=replace(ds.report, join=up.report))
    return ds
