"""Import wizard: upload, read, choose the kind, map columns, validate, preview, add."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import ingest, readers
from analytics.export import to_csv_bytes
from analytics.schema import COLUMNS, KINDS, REQUIRED, IngestError
from ui import (
    engine_panel,
    import_evidence,
    import_join,
    import_options,
    import_related,
    samples,
    state,
)
from ui.i18n import field_label, t
from ui.import_rules import order_rule_card
from ui.safe import inert, inert_all, note_lines
from ui.widgets import choice, row_counts
from ui.workspace import header_signature, recall_mapping

st.title(t("nav.data"))
st.caption(t("data.intro"))
st.caption(t("data.formats"))

MAX_MB = int(st.get_option("server.maxUploadSize"))


def _err_text(err: IngestError) -> str:
    return t(f"ingest.error.{err.code}", **inert_all(err.params)) if err.code else inert(err)


@st.cache_data(max_entries=8, show_spinner=False)
def _read(file_id: str, name: str, sheet: str | None, _data: bytes) -> readers.RawTable:
    return readers.read_table(_data, name, sheet=sheet)


@st.cache_data(max_entries=8, show_spinner=False)
def _build(
    file_id: str,
    name: str,
    sheet: str | None,
    kind: str,
    mapping: dict,
    _raw,
    _data: bytes,
    opts: dict | None = None,
):
    return ingest.to_canonical(
        _raw, kind, mapping, digest=ingest.source_digest(_data), filename=name, **(opts or {})
    )


# -- samples -----------------------------------------------------------------
with st.expander(t("data.samples"), expanded=not state.datasets()):
    st.caption(t("data.samples_intro"))
    cols = st.columns(len(samples.SAMPLE_FILES) + 1)
    if cols[0].button(t("common.load_samples"), key="data.samples.all", type="primary"):
        n = samples.load_samples_into_session()
        if n:
            state.flash("success", "common.samples_loaded", n=n)
            st.rerun()
    for col, kind in zip(cols[1:], samples.SAMPLE_FILES, strict=False):
        if col.button(t("data.sample_one", kind=t(f"kind.{kind}")), key=f"data.samples.{kind}"):
            if samples.load_samples_into_session(kinds=(kind,)):
                state.flash("success", "common.samples_loaded", n=1)
                st.rerun()

# -- upload ------------------------------------------------------------------
files = st.file_uploader(
    t("data.upload"),
    accept_multiple_files=True,
    help=t("data.upload_help"),
    key="data.upload",
)
import_related.section()  # add a related file to a loaded orders dataset
engine_panel.section()  # tables from a database or warehouse (issue 18)
if not files:
    st.stop()
files = import_join.section(files)  # several related files -> one joined upload

names = [f.name for f in files]
pick = st.selectbox(
    t("data.file"), range(len(files)), format_func=lambda i: names[i], key="data.file"
)
up = files[pick if pick is not None and pick < len(files) else 0]
file_id = getattr(up, "file_id", None) or f"{up.name}-{up.size}"

if up.size > MAX_MB * 1024 * 1024:
    st.error(t("data.too_big", file=inert(up.name), size=f"{up.size / 2**20:,.0f}", limit=MAX_MB))
    st.stop()

data = up.getvalue()

# 1. read
st.subheader(t("data.step_read"))
sheet = state.widget(f"data.sheet.{file_id}")
try:
    raw = _read(file_id, up.name, sheet, data)
except IngestError as err:
    st.error(t("data.read_error", file=inert(up.name), message=_err_text(err)))
    st.stop()

if len(raw.sheet_names) > 1:
    st.selectbox(t("data.sheet"), raw.sheet_names, key=f"data.sheet.{file_id}")
st.caption(t("data.read_info", rows=f"{len(raw.frame):,}", cols=len(raw.frame.columns)))
note_lines(raw.notes)
with st.expander(t("data.raw_preview")):
    st.dataframe(raw.frame.head(20), width="stretch")

# 2. kind
st.subheader(t("data.step_kind"))
proposals = ingest.propose_kind(raw.frame)
best = proposals[0][0] if proposals else "orders"
kind_key = f"data.kind.{file_id}"
if state.widget(kind_key) is None:
    state.set_widget(kind_key, best)
kind = choice(
    t("data.kind"),
    list(KINDS),
    prefix="kind",
    key=kind_key,
    fallback=best,
    help=t("data.kind_help"),
)
st.caption(t("data.kind_guess", kind=t(f"kind.{best}")))
import_evidence.recognition(raw.frame, kind, file_id)  # what was recognised, and why

# 3. mapping
st.subheader(t("data.step_map"))
st.caption(t("data.map_intro"))
none_label = t("data.map_none")
file_cols = [str(c) for c in raw.frame.columns]
# a header layout seen before gets the mapping used then
proposed = recall_mapping(
    up.name, file_cols, kind, import_join.hints(up, kind, ingest.propose_mapping(raw.frame, kind))
)


def _examples(col: str | None) -> str:
    if not col or col not in raw.frame:
        return ""
    vals = raw.frame[col].dropna().astype(str).unique()[:3]
    return " · ".join(v[:40] for v in vals)


# wide tables add keys such as spend[tv] -> tv_S (one column per channel or seller)
fields = [*COLUMNS[kind], *(k for k in proposed if "[" in k)]
table = pd.DataFrame(
    {
        "field": fields,
        "label": [field_label(f) for f in fields],
        "required": [c in REQUIRED[kind] for c in fields],
        "column": [proposed.get(c) or none_label for c in fields],
    }
)
table["examples"] = [_examples(c if c != none_label else None) for c in table["column"]]
edited = st.data_editor(
    table,
    key=f"data.map.{file_id}.{kind}",
    hide_index=True,
    width="stretch",
    disabled=["field", "label", "required", "examples"],
    column_config={
        "field": None,
        "label": st.column_config.TextColumn(t("data.map_field")),
        "required": st.column_config.CheckboxColumn(t("data.map_required")),
        "column": st.column_config.SelectboxColumn(
            t("data.map_column"), options=[none_label, *file_cols], required=True
        ),
        "examples": st.column_config.TextColumn(t("data.map_examples")),
    },
)
mapping = {
    f: c for f, c in zip(edited["field"], edited["column"], strict=True) if c and c != none_label
}
# the mapping in words (plain text: column names are user data)
st.text("  ·  ".join(f"{field_label(f)} ← {c}" for f, c in mapping.items()))
missing = ingest.missing_required(kind, mapping)
if missing:
    st.warning(t("data.missing_required", fields=", ".join(map(field_label, missing))))
    st.stop()

# 4. check and add
st.subheader(t("data.step_check"))
# event, seller, year, time zone
opts = import_options.cards(raw.frame, kind, mapping, up.name, file_id, raw.notes)
try:
    ds = _build(file_id, up.name, sheet, kind, mapping, raw, data, opts)
except IngestError as err:
    st.error(t("data.build_error", kind=t(f"kind.{kind}"), message=_err_text(err)))
    st.stop()
ds = import_join.attach(up, ds)

rep = ds.report
row_counts(rep)

if rep.reasons:
    st.dataframe(
        pd.DataFrame(
            {
                t("data.reason"): [
                    t(f"ingest.reason.{r.code}", **r.params) for r in rep.reasons.values()
                ],
                t("data.count"): [r.count for r in rep.reasons.values()],
                t("data.kept_or_dropped"): [
                    t("data.dropped") if r.dropped else t("data.kept") for r in rep.reasons.values()
                ],
                t("data.examples"): [", ".join(map(str, r.rows)) for r in rep.reasons.values()],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.success(t("data.no_issues"))
import_options.attention(rep)  # a wide table's total that does not add up
order_rule_card(ds)  # the order rule and its totals (issue 14 item 3)
if rep.notes:
    with st.expander(t("data.notes")):
        note_lines(rep.notes)
if rep.rejected is not None and len(rep.rejected):
    st.download_button(
        t("data.download_rejected"),
        data=to_csv_bytes(rep.rejected),
        file_name=f"{up.name.rsplit('.', 1)[0]}-rejected.csv",
        mime="text/csv",
        key=f"data.rejected.{file_id}",
    )

st.markdown(f"**{t('data.preview')}**")
st.dataframe(
    ds.frame.head(8).rename(columns=field_label), width="stretch"
)  # data never as Markdown
with st.expander(t("data.preview_more")):
    st.dataframe(ds.frame.head(1000).rename(columns=field_label), width="stretch")

if st.button(t("data.add"), key=f"data.add.{file_id}", type="primary"):
    state.add_dataset(ds, header=header_signature(file_cols))  # its mapping is remembered
    state.flash("success", "data.added", kind=t(f"kind.{kind}"), rows=f"{len(ds.frame):,}")
    st.rerun()
st.caption(t("data.replace_note", kind=t(f"kind.{kind}")))
