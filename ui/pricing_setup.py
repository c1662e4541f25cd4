"""The pricing page's setup tab: matching competitors' titles to ours, and product costs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import pricing as pr
from ui import format as fmt
from ui import state
from ui.i18n import t
from ui.pricing_sections import PricingContext, money_col
from ui.safe import user_error
from ui.widgets import cached, download_buttons

__all__ = ["setup_section"]


def _editor(frame: pd.DataFrame, disabled: list[str], colcfg: dict, key: str) -> pd.DataFrame:
    """An editable page-wide table: ``disabled`` columns read-only, "—" for missing values."""
    return st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=disabled,
        column_config=colcfg,
        key=key,
        placeholder=fmt.NA,
    )


def _proposals(proposed: pd.DataFrame) -> None:
    if proposed.empty:
        st.info(t("pricing.match_none"))
        return
    colcfg = {
        "seller": t("pricing.col.seller"),
        "product": t("pricing.col.their_title"),
        "match": t("pricing.col.our_title"),
        "score": st.column_config.NumberColumn(t("pricing.col.score"), format="%.0f"),
        "accept": st.column_config.CheckboxColumn(t("pricing.col.accept")),
    }
    edited = _editor(proposed, ["seller", "product", "score"], colcfg, "pricing.match_editor")
    b1, _b2 = st.columns(2)
    if b1.button(t("pricing.match_apply"), key="pricing.match_apply", type="primary"):
        state.put("pricing.matches", edited[edited["accept"].fillna(False)].copy())
        st.rerun()
    download_buttons(edited, "title_matches", key="pricing.dl_matches")


def _matching(ctx: PricingContext) -> None:
    st.subheader(t("pricing.match"))
    frame = ctx.ds.frame
    has_id = "product_id" in frame.columns and frame["product_id"].notna().any()
    st.caption(t("pricing.match_help_id" if has_id else "pricing.match_help"))
    threshold = st.slider(t("pricing.match_threshold"), 50, 100, 80, key="pricing.match_threshold")
    if st.button(t("pricing.match_propose"), key="pricing.match_propose"):
        state.put(
            "pricing.proposed",
            cached(pr.propose_matches, ctx.ds, own_seller=ctx.own, threshold=float(threshold)),
        )
    proposed = state.get("pricing.proposed")
    if proposed is not None:
        _proposals(proposed)
    if ctx.matches is not None and st.button(t("pricing.match_clear"), key="pricing.match_clear"):
        state.pop("pricing.matches")
        st.rerun()


def _cost_upload(ctx: PricingContext) -> None:
    upload = st.file_uploader(
        t("pricing.costs_upload"), type=["csv", "xlsx"], key="pricing.costs_upload"
    )
    if upload is None:
        return
    try:
        raw = (
            pd.read_excel(upload, engine="calamine")
            if upload.name.lower().endswith(".xlsx")
            else pd.read_csv(upload, sep=None, engine="python", encoding="utf-8-sig")
        )
        read = pr.read_costs(raw)
        if st.button(t("pricing.costs_use", n=len(read)), key="pricing.costs_use"):
            state.put("pricing.costs", {**ctx.costs, **read.to_dict()})
            st.rerun()
    except Exception as err:  # any unreadable file is the user's to fix
        st.warning(t("pricing.costs_bad", error=user_error(err)))


def _costs(ctx: PricingContext) -> None:
    st.subheader(t("pricing.costs"))
    st.caption(t("pricing.costs_help"))
    _cost_upload(ctx)
    pos = cached(pr.position, ctx.work, own_seller=ctx.own, freq=ctx.freq)
    colcfg = {c: t(f"pricing.col.{c}") for c in ("product", "title")}
    colcfg["our_price"] = money_col("pricing.col.our_price")
    colcfg["cost"] = money_col("pricing.col.cost", min_value=0.0)
    grid = pr.cost_grid(pos, ctx.costs)
    edited = _editor(grid, ["product", "title", "our_price"], colcfg, "pricing.cost_editor")
    if st.button(t("pricing.costs_save"), key="pricing.costs_save"):
        state.put("pricing.costs", pr.costs_from_grid(edited))
        st.rerun()
    if ctx.costs:
        st.caption(t("pricing.costs_count", n=len(ctx.costs)))


def setup_section(ctx: PricingContext) -> None:
    """Setup: match competitors' titles to our products, and enter or upload costs."""
    _matching(ctx)
    _costs(ctx)
