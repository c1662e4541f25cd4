"""The Overview's report card and reconciliation lines (Streamlit; the files come from
:mod:`ui.report_render`, the figures from :mod:`analytics.report`)."""

from __future__ import annotations

import streamlit as st

from analytics import kpi
from analytics import report as rep
from ui import report_render, shop, state
from ui.i18n import LANGS, t, tables
from ui.safe import user_error
from ui.widgets import cached

__all__ = ["reconciliation", "render", "style"]

CORE = ("orders", "traffic", "spend", "events")


def style() -> rep.Style:
    """How this session writes the report's sentences on a page (alerts, unusual days, what
    changed, reconciliation): money with the shop currency, names in the session's language."""
    return report_render.report_style(state.get_lang(), shop.currency())


def reconciliation(dss: dict[str, object], per: kpi.Period) -> None:
    """Figures that legitimately differ from the cards (the Traffic page's channel revenue
    and visits), each named, with how far apart they are and why."""
    if "traffic" not in dss:
        return
    args = [dss[k] for k in ("orders", "traffic") if k in dss]
    if "orders" in dss:
        rec = cached(kpi.reconcile, *args, start=per.start, end=per.end)
    else:
        rec = cached(_reconcile_traffic, *args, start=per.start, end=per.end)
    for line in rep.reconciliation_lines(rec, t, style()):
        st.caption(line)


def _reconcile_traffic(traffic, start, end) -> dict[str, float]:
    return kpi.reconcile(None, traffic, start, end)


def render(period, start, end, rules, threshold) -> None:
    """The weekly report card: language, build button, HTML and PDF downloads (same period,
    rules and sensitivity as the cockpit above it)."""
    with st.container(border=True):
        st.subheader(t("home.report"))
        st.caption(t("home.report_text"))
        c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
        current = state.get_lang()
        view = (
            period,
            str(start),
            str(end),
            state.widget("home.report_lang", current),
            shop.currency(),
        )
        lang = c1.selectbox(
            t("home.report.lang"),
            list(LANGS),
            index=list(LANGS).index(current),
            format_func=LANGS.get,
            key="home.report_lang",
        )
        if c2.button(t("home.report.build"), key="home.report_build", icon=":material/summarize:"):
            kinds = tuple(k for k in (*CORE, "prices") if state.active(k) is not None)
            dss = [state.active(k) for k in kinds]
            try:
                with st.spinner(t("home.report.build")):
                    files = cached(
                        report_render.build_files,
                        *dss,
                        kinds=kinds,
                        table=tables()[lang],
                        lang=lang,
                        period=period,
                        start=start,
                        end=end,
                        rules=rules,
                        threshold=threshold,
                        files=tuple(d.filename or d.kind for d in dss),
                        # the Traffic page's channel rules and regrouping, as it shows them
                        traffic_rules=state.get("traffic.rules"),
                        regroup=bool(state.widget("traffic.regroup", False)),
                        currency=shop.currency(),
                    )
            except (ValueError, OSError) as err:
                st.error(t("home.report.failed", error=user_error(err)))
                return
            # "pending": kept for this session only, never saved to the workspace
            state.put("home.report_pending", (view, files))
        built = state.get("home.report_pending")
        files = built[1] if built and built[0] == view else None  # only for the view shown
        if files:
            name, html_bytes, pdf_bytes, pdf_error = files
            st.caption(t("home.report.ready", name=name))
            d1, d2 = st.columns(2)
            d1.download_button(
                t("home.report.html"),
                data=html_bytes,
                file_name=f"{name}.html",
                mime="text/html",
                key="home.report_html",
                icon=":material/download:",
            )
            if pdf_bytes:
                d2.download_button(
                    t("home.report.pdf"),
                    data=pdf_bytes,
                    file_name=f"{name}.pdf",
                    mime="application/pdf",
                    key="home.report_pdf",
                    icon=":material/picture_as_pdf:",
                )
            elif pdf_error:
                d2.warning(t("home.report.pdf_failed", error=user_error(pdf_error)))
