"""Import wizard section: add a related file to an orders dataset already loaded (issue 14
item 4).

``section()`` draws, when the session holds an orders dataset, a card where the user picks
that dataset and uploads related files (payments, line items, customers). The dataset's rows
as the file had them (:func:`analytics.related.original_table`) are the main table of the
join, proposed and edited with the same cards as a multi-file upload (``ui.import_join``),
then imported again with the dataset's mapping (:func:`analytics.related.add_related`); a
button replaces the dataset with the joined one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import ingest, readers
from analytics.join import JoinPlan
from analytics.related import add_related, original_table
from analytics.schema import Dataset, IngestError
from ui import import_join, state
from ui.i18n import t, text
from ui.safe import inert, note_lines
from ui.widgets import row_counts

__all__ = ["section", "dataset_card", "result_card", "sidebar_button"]

_P = "data.rel"  # widget key prefix of this section
_PENDING = "data.rel.pending"  # a dataset picked from the sidebar list (not saved)


@st.cache_data(max_entries=4, show_spinner=False)
def _original(fingerprint: str, _ds: Dataset) -> readers.RawTable:
    # the dataset's rows under the file's names, as the join cards take a file as read
    return readers.RawTable(original_table(_ds), None, None, None, (), True, 1, ())


@st.cache_data(max_entries=4, show_spinner=False)
def _rejoin(
    fingerprint: str,
    ids: tuple[str, ...],
    spec: str,
    names: tuple[str, ...],
    _ds: Dataset,
    _raws: list,
    _plan: JoinPlan,
    _data: list,
) -> Dataset:
    digests = [ingest.source_digest(d) for d in _data]
    return add_related(_ds, _raws, list(names), _plan, digests)


def sidebar_button(ds_id: str) -> None:
    """In the loaded-dataset list: open this card on the Import page for ``ds_id``."""
    if st.button(
        t("data.rel.sidebar"),
        key=f"sidebar.related.{ds_id}",
        type="tertiary",
        icon=":material/attach_file:",
        help=t("data.rel.sidebar_help"),
    ):
        state.put(_PENDING, ds_id)
        st.switch_page("views/data.py")


def dataset_card(orders: dict[str, Dataset]) -> str:
    """The orders dataset to add to (the active one first); returns its id."""
    ids = list(orders)
    act = state.active_id("orders")
    lang = state.get_lang()  # options may be formatted outside the run: fixed here
    key = f"{_P}.dataset"
    if state.widget(key) not in ids:  # none yet, or a dataset since replaced: the active one
        state.set_widget(key, act if act in ids else ids[0])
    return st.selectbox(
        t("data.rel.dataset"),
        ids,
        format_func=lambda i: text(
            "data.rel.dataset_item",
            lang,
            name=orders[i].filename or i,
            rows=f"{len(orders[i].frame):,}",
        ),
        key=key,
    )


def result_card(new: Dataset, old_id: str, old: Dataset) -> None:
    """The joined dataset: rows, notes, preview, and the button that replaces the old one."""
    rep = new.report
    row_counts(rep)
    note_lines(rep.notes)
    if rep.reasons:
        st.dataframe(
            pd.DataFrame(
                {
                    t("data.reason"): [
                        t(f"ingest.reason.{r.code}", **r.params) for r in rep.reasons.values()
                    ],
                    t("data.count"): [r.count for r in rep.reasons.values()],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    with st.expander(t("data.preview")):
        st.dataframe(new.frame.head(200), width="stretch")
    if st.button(t("data.rel.replace"), key=f"{_P}.replace", type="primary"):
        new_id = state.add_dataset(new)
        if new_id != old_id:
            state.remove_dataset(old_id)
        state.flash(
            "success", "data.rel.replaced", name=old.filename or old_id, rows=f"{len(new.frame):,}"
        )
        st.rerun()
    st.caption(t("data.rel.replace_note"))


def section() -> None:
    """The card, when the session holds an orders dataset."""
    orders = {
        i: ds for i, ds in state.datasets().items() if ds.kind == "orders" and ds.live is None
    }
    if not orders:
        return
    pending = state.pop(_PENDING)
    if pending in orders:
        state.set_widget(f"{_P}.dataset", pending)
    with st.expander(t("data.rel.title"), expanded=pending in orders):
        st.caption(t("data.rel.intro"))
        ds_id = dataset_card(orders)
        # one uploader per dataset: once the dataset is replaced, its files are not offered again
        files = st.file_uploader(
            t("data.rel.upload"),
            accept_multiple_files=True,
            key=f"{_P}.upload.{ds_id}",
            help=t("data.rel.upload_help"),
        )
        ds = orders.get(ds_id)
        if not files or ds is None:
            return
        raws = []
        for up in files:
            try:
                raws.append(import_join._read(import_join._fid(up), up.name, up.getvalue()))
            except IngestError as err:
                st.error(t("data.read_error", file=inert(up.name), message=import_join._err(err)))
                return
        main = _original(ds.fingerprint, ds)
        base = ds.filename or ds.kind
        names = [base, *(up.name for up in files)]
        ids = (ds.fingerprint, *(import_join._fid(up) for up in files))
        plan = import_join._plan_card([main, *raws], names, ids, prefix=_P, primary=0)
        if plan is None:
            return
        try:
            new = _rejoin(
                ds.fingerprint,
                ids,
                repr(plan.to_spec(names)),
                tuple(names[1:]),
                ds,
                raws,
                plan,
                [up.getvalue() for up in files],
            )
        except (IngestError, ValueError, KeyError) as err:
            st.error(t("data.join.failed", message=import_join._err(err)))
            return
        import_join._report_card(new.report.join, prefix=_P)
        result_card(new, ds_id, ds)
