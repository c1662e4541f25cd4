"""Import wizard cards: what was recognised in a file, and why (issue 14, recognition).

One function per card; the page calls :func:`recognition` once with the file as
read and the chosen kind. Column names and values are user data: they go into
``st.dataframe`` / ``st.caption`` only, never into markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import ingest
from analytics.recognise import Proposal
from ui.i18n import field_label, t

__all__ = ["recognition", "kind_card", "evidence_card"]


@st.cache_data(max_entries=16, show_spinner=False)
def _proposal(file_id: str, kind: str, columns: tuple[str, ...], _frame: pd.DataFrame) -> Proposal:
    return ingest.propose(_frame, kind=kind)


def kind_card(prop: Proposal) -> None:
    """The best kind's match, the runner-up's, and whether the file had a header row."""
    ranked = list(prop.ranked)
    if not ranked:
        return
    best, score = ranked[0]
    line = t("data.recog.kind", kind=t(f"kind.{best}"), score=f"{score:.0%}")
    if len(ranked) > 1:
        kind, score = ranked[1]
        line += " " + t("data.recog.runner_up", kind=t(f"kind.{kind}"), score=f"{score:.0%}")
    st.caption(line)
    if prop.headerless:
        st.caption(t("data.recog.headerless"))


def evidence_card(prop: Proposal) -> None:
    """One row per mapped field: the file column and why it was chosen."""
    if not prop.evidence:
        st.caption(t("data.recog.none"))
        return
    rows: dict[str, dict[str, str]] = {}
    for e in prop.evidence:
        row = rows.setdefault(e.field, {"column": e.column, "why": []})
        row["why"].append(t(f"recognise.evidence.{e.code}", **e.params))
    st.dataframe(
        pd.DataFrame(
            {
                t("data.map_field"): [field_label(f) for f in rows],
                t("data.map_column"): [r["column"] for r in rows.values()],
                t("data.recog.why"): ["; ".join(r["why"]) for r in rows.values()],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if prop.missing:
        st.caption(t("data.recog.missing", fields=", ".join(map(field_label, prop.missing))))


def recognition(raw_frame: pd.DataFrame, kind: str, file_id: str) -> None:
    """The kind step's match line and its "what was recognised, and why" expander
    (the evidence for the chosen ``kind``)."""
    prop = _proposal(file_id, kind, tuple(map(str, raw_frame.columns)), raw_frame)
    kind_card(prop)
    with st.expander(t("data.recog.title"), expanded=True):
        st.caption(t("data.recog.intro"))
        evidence_card(prop)
