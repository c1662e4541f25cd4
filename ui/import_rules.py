"""Import page: the order rule (what counts as GMV, an order, a refund), said where the
user checks an orders import (issue 14 item 3)."""

from __future__ import annotations

import streamlit as st

from analytics import orders as ordrule
from analytics.schema import Dataset
from ui.i18n import t
from ui.widgets import cached


def order_rule_card(ds: Dataset) -> None:
    """For an orders import: the rule every page follows, and what it left out here."""
    if ds.kind != "orders":
        return
    with st.expander(t("data.rules.title"), icon=":material/rule:"):
        st.caption(t("data.rules.orders"))
    tot = cached(ordrule.order_totals, ds)  # by the fingerprint: once per import
    st.caption(
        t(
            "data.rules.summary",
            gmv=f"{tot.gmv:,.2f}",
            orders=f"{tot.orders:,}",
            refunds=f"{tot.refunds:,.2f}",
            net=f"{tot.net_revenue:,.2f}",
            void=f"{tot.void_orders:,}",
        )
    )
    if not ordrule.has_customers(ds.frame):
        st.info(t("data.rules.no_customers"))
