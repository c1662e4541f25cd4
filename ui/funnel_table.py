"""The Funnel page's aggregated-table input (step counts typed, taken from the traffic
dataset's columns, or uploaded) instead of an event log."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analytics import funnel as fn
from ui import format as fmt
from ui import state
from ui.funnel_sections import aov_source, plain, show_results
from ui.i18n import error_text, t


def _uploaded() -> pd.DataFrame | None:
    """Step counts read from an uploaded two-column file (None with a message when not)."""
    up = st.file_uploader(
        t("funnel.table.upload"),
        type=["csv", "txt", "tsv", "xlsx", "xls", "parquet"],
        key="funnel.table_file",
    )
    if up is None:
        st.info(t("funnel.table.upload_hint"))
        return None
    try:
        from analytics.readers import read_table

        raw = read_table(up).frame
        labels, counts = fn.parse_count_table(raw)
    except ValueError as err:
        st.error(t("funnel.table.bad", error=plain(error_text(err))))
        return None
    return pd.DataFrame({"step": labels, "count": counts})


def _from_traffic(traffic) -> pd.DataFrame | None:
    """One step per numeric column of the traffic dataset, counted over all its rows."""
    frame = traffic.frame
    numeric, default = fn.count_columns(frame)
    cols = st.multiselect(
        t("funnel.table.columns"),
        numeric,
        default=default[:10],
        key="funnel.table_cols",
        max_selections=10,
        placeholder=t("common.choose"),
    )
    if len(cols) < 2:
        st.info(t("funnel.table.pick_two"))
        return None
    base = fn.column_steps(frame, cols)
    st.caption(t("funnel.table.traffic_note"))
    return base


def _base(src: str, traffic) -> pd.DataFrame | None:
    if src == "upload":
        return _uploaded()
    if src == "traffic":
        return _from_traffic(traffic)
    return pd.DataFrame(
        {"step": [t(f"funnel.table.default.{i}") for i in range(4)], "count": [np.nan] * 4}
    )


def table_section() -> None:
    """The aggregated-table input: pick a source, edit the steps, see the results."""
    st.caption(t("funnel.table.intro"))
    traffic = state.active("traffic")
    sources = ["type"] + (["traffic"] if traffic is not None else []) + ["upload"]
    by_label = {t(f"funnel.table.source.{s}"): s for s in sources}
    picked = st.radio(
        t("funnel.table.source"), list(by_label), horizontal=True, key="funnel.table_source"
    )
    src = by_label.get(picked, "type")
    base = _base(src, traffic)
    if base is None:
        return
    edited = st.data_editor(
        base,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "step": st.column_config.TextColumn(t("funnel.col.step"), required=True),
            "count": st.column_config.NumberColumn(
                t("funnel.col.count"), min_value=0, required=True
            ),
        },
        key=f"funnel.table_edit.{src}",
        placeholder=fmt.NA,
    )
    problem, labels, counts = fn.typed_steps(edited)
    if problem == "fill":
        st.info(t("funnel.table.fill"))
        return
    if problem == "steps_range":
        st.warning(t("funnel.table.steps_range", n=len(labels)))
        return
    aov, _ = aov_source()
    table = fn.step_table(counts, labels, aov)
    show_results(
        table, per_user=False, aov_note=t("funnel.aov.orders") if aov else "", key="funnel.agg"
    )
    st.caption(t("funnel.table.limits"))
