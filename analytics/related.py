"""A related file added to a dataset already loaded (issue 14 item 4, "add a related file").

A loaded :class:`~analytics.schema.Dataset` does not keep the file it was read from (the
session and the workspace hold the canonical frame, its mapping and its report). Its rows
as the file had them are rebuilt from what is kept (:func:`original_table`): the mapped
canonical columns go back under the file's column names, the columns the import derived
(``is_return``, an order ID made up for files without one ...) are left out, and the
file's unmapped columns are already there under their own names. Values are the ones the
import read (numbers, times in the zone chosen then), which the import reads again as
they are. That table then joins the related files like the main file of an upload
(:func:`analytics.join.propose_join` / :func:`~analytics.join.join_tables`), and
:func:`add_related` imports the result with the dataset's own mapping, plus what the join
implies (amount from the lines, a person-level customer ID), into a new dataset.

Rows the first import dropped are not in the dataset; the new report still counts them
(their reasons and example rows as the first report gave them), so that
``rows_read = rows_kept + rows_dropped`` keeps describing everything the user uploaded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analytics.join import JoinPlan, JoinReport, join_tables, joined_digest, merge_mapping
from analytics.schema import DTYPES, Dataset, ImportReport, IngestError

__all__ = ["original_table", "related_mapping", "add_related"]


def _frame(table: Any) -> pd.DataFrame:
    return table if isinstance(table, pd.DataFrame) else table.frame


def original_table(ds: Dataset) -> pd.DataFrame:
    """The dataset's kept rows under the file's column names.

    Mapped canonical columns are renamed back to the file column they came from (the
    first canonical column wins where two came from one file column); other canonical
    and derived columns (those of ``DTYPES[kind]`` not in the mapping, and wide-table
    keys) are left out; unmapped file columns are kept as they are. The frame is new (the
    dataset's frame is never changed).
    """
    canon = set(DTYPES[ds.kind])
    back: dict[str, str] = {}
    for key, col in ds.mapping.items():
        if key in canon and key in ds.frame.columns and str(col) not in back.values():
            back[key] = str(col)
    keep: dict[str, pd.Series] = {}
    for col in ds.frame.columns:
        name = str(col)
        if name in back:
            keep.setdefault(back[name], ds.frame[col])
        elif name not in canon and "[" not in name and name not in keep:
            keep[name] = ds.frame[col]
    return pd.DataFrame(keep, index=ds.frame.index).reset_index(drop=True)


def related_mapping(ds: Dataset, table: pd.DataFrame, join_mapping: dict[str, str]) -> dict:
    """The dataset's mapping with the join's hints that name a joined column (the amount
    from the lines or the payments, the product from the lines, a person-level customer
    ID) over it; hints that only re-propose the dataset's own columns are left out, so the
    mapping the user chose for the dataset stands."""
    own = {str(c) for c in table.columns}
    hints = {k: v for k, v in join_mapping.items() if str(v) not in own}
    return merge_mapping(dict(ds.mapping), hints)


def _carry(new: ImportReport, old: ImportReport) -> ImportReport:
    """``new`` with the rows the first import dropped counted again (reasons, rejected)."""
    if not old.rows_dropped:
        return new
    reasons = dict(new.reasons)
    for key, r in old.reasons.items():
        if not r.dropped:
            continue  # flags are worked out again on the kept rows
        mine = reasons.get(key)
        if mine is None:
            reasons[key] = r
        else:
            rows = tuple(dict.fromkeys((*mine.rows, *r.rows)))[:10]
            reasons[key] = dataclasses.replace(mine, count=mine.count + r.count, rows=rows)
    rejected = new.rejected
    if old.rejected is not None and len(old.rejected):
        parts = [f for f in (old.rejected, new.rejected) if f is not None and len(f)]
        rejected = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return dataclasses.replace(
        new,
        rows_read=new.rows_read + old.rows_dropped,
        rows_dropped=new.rows_dropped + old.rows_dropped,
        reasons=reasons,
        rejected=rejected,
    )


def _chain(first: JoinReport, then: JoinReport) -> JoinReport:
    """The report of a join made on an already joined table: its links after the first's."""
    parts = [f for f in (first.rejected, then.rejected) if f is not None and len(f)]
    return dataclasses.replace(
        then,
        primary=first.primary,
        primary_rows=first.primary_rows,
        links=(*first.links, *then.links),
        rejected=pd.concat(parts, ignore_index=True) if parts else None,
        notes=(*first.notes, *then.notes),
    )


def add_related(
    ds: Dataset,
    related: Sequence[Any],
    names: Sequence[str],
    plan: JoinPlan | None = None,
    digests: Sequence[str] | None = None,
) -> Dataset:
    """``ds`` joined with related files, as a new dataset.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (the join's main table: position 0).
    related : sequence of RawTable or DataFrame
        The related files as read (:func:`analytics.readers.read_table`).
    names : sequence of str
        Their file names (``len(related)``).
    plan : JoinPlan, optional
        How they join (tables numbered with the dataset first); proposed with
        :func:`analytics.join.propose_join` (``primary=0``) when None.
    digests : sequence of str, optional
        Content digests of the related files (:func:`analytics.ingest.source_digest`), for
        the new fingerprint; their names and sizes otherwise.

    Returns
    -------
    Dataset
        Of the same kind, imported from the joined table with :func:`related_mapping`;
        ``report.join`` is the join report (after the links of the dataset's own join
        report, if it was joined before), the report also counts the rows the first import
        dropped and notes ``related_added`` (then the first import's notes); the file name
        lists every file.
    """
    from analytics.ingest import to_canonical
    from analytics.join import propose_join

    if len(related) != len(names) or not related:
        raise IngestError("join_one_file")
    main = original_table(ds)
    base = ds.filename or ds.kind
    all_names = [base, *names]
    tables = [main, *related]
    if plan is None:
        plan = propose_join(tables, all_names, primary=0)
    if plan.primary != 0:
        raise IngestError("join_spec", detail=f"the main table must be {base}")
    frame, report = join_tables(tables, plan, all_names)
    mapping = related_mapping(ds, main, report.mapping) if ds.kind == "orders" else ds.mapping
    if digests is None:
        digests = [f"{n}:{len(_frame(t))}" for n, t in zip(names, related, strict=True)]
    out = to_canonical(
        frame,
        ds.kind,
        mapping,
        digest=joined_digest([ds.fingerprint, *digests], plan, all_names),
        filename=" + ".join([base, *(names[lk.table - 1] for lk in plan.links)]),
    )
    rep = _carry(out.report, ds.report)
    if ds.report.join is not None:  # a dataset joined before: one report of every join
        report = _chain(ds.report.join, report)
    note = ("related_added", {"dataset": base, "files": ", ".join(names), "rows": len(main)})
    # what the first import assumed (encoding, date order, offsets kept ...) still holds
    notes = [note, *ds.report.notes]
    notes += [n for n in rep.notes if n not in notes]
    rep = dataclasses.replace(rep, notes=tuple(notes), join=report)
    return dataclasses.replace(out, report=rep)
