"""Overview: KPI cockpit, alerts, what changed, weekly report; page guide, loaded data, samples."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from analytics import kpi
from analytics import orders as ordrule
from analytics import report as rep
from ui import samples, state
from ui.charts import style
from ui.i18n import LANGS, error_text, labels, t, tables
from ui.widgets import cached, choice

PAGES = {  # page -> dataset kinds it needs (the first is required)
    "data": (),
    "traffic": ("traffic", "orders"),
    "segments": ("orders",),
    "funnel": ("events",),
    "pricing": ("prices",),
    "budget": ("spend", "traffic"),
}
CORE = ("orders", "traffic", "spend", "events")
PERIODS = ["week", "month", "custom"]
SPARK_WEEKS = 8
_MD = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$"})


def md_safe(text) -> str | None:
    """A user value (a channel name) made inert for Streamlit's markdown."""
    return None if text is None else str(text).translate(_MD)


def start_box() -> None:
    with st.container(border=True):
        st.subheader(t("home.start"))
        st.caption(t("home.start_text"))
        c1, c2 = st.columns(2)
        if c1.button(
            t("common.load_samples"), key="home.samples", type="primary", icon=":material/science:"
        ):
            n = samples.load_samples_into_session()
            if n:
                state.flash("success", "common.samples_loaded", n=n)
                st.rerun()
        c2.page_link("pages/data.py", label=t("common.go_data"), icon=":material/upload_file:")


def page_guide() -> None:
    st.subheader(t("home.pages"))
    cols = st.columns(3)
    for i, (page, kinds) in enumerate(PAGES.items()):
        with cols[i % 3].container(border=True):
            st.page_link(f"pages/{page}.py", label=t(f"nav.{page}"))
            st.caption(t(f"home.desc.{page}"))
            if kinds:
                have = [k for k in kinds if state.active(k) is not None]
                needs = " / ".join(t(f"kind.{k}") for k in kinds)
                badge = t("home.ready") if have else t("home.missing")
                st.caption(f"{t('home.needs', kinds=needs)} — {badge}")


def loaded_table() -> None:
    loaded = state.datasets()
    if not loaded:
        return
    st.subheader(t("home.loaded"))
    rows = []
    for ds in loaded.values():
        rng = ds.date_range
        rows.append(
            {
                t("home.col_kind"): t(f"kind.{ds.kind}"),
                t("home.col_file"): ds.filename,
                t("home.col_rows"): len(ds.frame),
                t("home.col_from"): rng[0].date() if rng else None,
                t("home.col_to"): rng[1].date() if rng else None,
                t("home.col_dropped"): ds.report.rows_dropped,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def rules_editor() -> pd.DataFrame:
    """The editable alert rules (the editor's key changes on reset, which clears its edits)."""
    version = state.get("home.rules_version", 0)
    metrics = list(dict.fromkeys([*kpi.WATCHED, *kpi.METRICS]))
    edited = st.data_editor(
        kpi.default_rules(),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"home.rules_editor.{version}",
        column_config={
            "on": st.column_config.CheckboxColumn(t("home.rules.on"), default=True),
            "rule": st.column_config.SelectboxColumn(
                t("home.rules.rule"),
                options=list(kpi.RULE_TYPES),
                format_func=labels("home.rule"),
                required=True,
            ),
            "metric": st.column_config.SelectboxColumn(
                t("home.rules.metric"),
                options=metrics,
                format_func=labels("home.metric"),
                required=True,
            ),
            "threshold": st.column_config.NumberColumn(
                t("home.rules.threshold"), min_value=0.0, step=0.01, required=True
            ),
        },
    )
    if st.button(t("home.rules.reset"), key="home.rules_reset"):
        state.put("home.rules_version", version + 1)
        st.rerun()
    return edited


def data_span(datasets) -> tuple[dt.date, dt.date] | None:
    spans = [ds.date_range for ds in datasets if ds.date_range is not None]
    if not spans:
        return None
    return min(s[0] for s in spans).date(), max(s[1] for s in spans).date()


def metric_card(col, ov: kpi.Overview, m: str) -> None:
    row = ov.table.loc[m]
    cur = row["current"]
    if not math.isfinite(cur):
        return
    pct = row["pct"]
    delta = f"{pct * 100:+.1f}%" if math.isfinite(pct) else None
    yoy = row["yoy_pct"]
    yoy_txt = t("home.yoy", pct=f"{yoy * 100:+.1f}%") if math.isfinite(yoy) else t("home.no_yoy")
    spark = None
    if m in ov.daily.columns:
        lo = ov.period.end - pd.Timedelta(days=7 * SPARK_WEEKS - 1)
        ser = ov.daily[m].loc[lo : ov.period.end].dropna()
        if len(ser) > 2:
            spark = ser.round(4).tolist()
    # whole money units on the cards (the report and tables keep the cents)
    shown = f"{cur:,.0f}" if m in rep.MONEY and abs(cur) >= 1000 else rep.format_metric(m, cur)
    col.metric(
        t(f"home.metric.{m}"),
        shown,
        delta=delta,
        delta_color="off" if m == "spend" else "normal",
        help=f"{t(f'home.def.{m}')}\n\n{yoy_txt}",
        chart_data=spark,
        chart_type="line",
        border=True,
    )
    if math.isfinite(yoy):
        col.caption(yoy_txt)


def cockpit(dss: dict[str, object]) -> None:
    st.subheader(t("home.cockpit"))
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    period = choice(
        t("home.period"), PERIODS, prefix="home.period", default="week", key="home.period", where=c1
    )
    start = end = None
    if period == "custom":
        span = data_span(dss.values())
        if span is None:
            st.warning(t("home.need_data"))
            return
        lo, hi = span
        default = (max(lo, hi - dt.timedelta(days=27)), hi)
        picked = c2.date_input(
            t("home.range"), value=default, min_value=lo, max_value=hi, key="home.range"
        )
        if not isinstance(picked, tuple | list) or len(picked) != 2:
            st.info(t("home.pick_range"))
            return
        start, end = (pd.Timestamp(d) for d in picked)
    with c3.popover(t("home.rules"), icon=":material/tune:"):
        st.caption(t("home.rules_help"))
        rules = rules_editor()
        threshold = st.slider(t("home.sensitivity"), 2.5, 8.0, 4.0, 0.5, key="home.sensitivity")
    kinds = tuple(k for k in CORE if k in dss)
    try:
        ov = cached(
            kpi.overview,
            *(dss[k] for k in kinds),
            kinds=kinds,
            period=period,
            start=start,
            end=end,
            rules=rules,
            threshold=float(threshold),
        )
    except ValueError as err:
        st.error(t("home.error", error=error_text(err)))
        return
    per = ov.period
    st.caption(
        t(
            "home.period_caption",
            start=f"{per.start:%Y-%m-%d}",
            end=f"{per.end:%Y-%m-%d}",
            pstart=f"{per.prev_start:%Y-%m-%d}",
            pend=f"{per.prev_end:%Y-%m-%d}",
            ystart=f"{per.yoy_start:%Y-%m-%d}",
            yend=f"{per.yoy_end:%Y-%m-%d}",
        )
    )
    if "orders" in dss and not ordrule.has_customers(dss["orders"].frame):
        st.info(t("home.no_customers"))
    shown = [m for m in kpi.METRICS if math.isfinite(ov.table.loc[m, "current"])]
    for i in range(0, len(shown), 5):
        cols = st.columns(5)
        for col, m in zip(cols, shown[i : i + 5], strict=False):
            metric_card(col, ov, m)

    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('home.tree')}**", help=t("home.tree_help"))
        if len(ov.tree):
            names = {d: t(f"home.metric.{d}") for d in kpi.DRIVERS}
            chart = rep.tree_chart(ov.tree, names, t("home.tree.previous"), t("home.tree.current"))
            st.altair_chart(style(chart), width="stretch", key="home.tree_chart")
            total = float(ov.tree["contribution"].sum())
            prev = float(ov.table.loc["gmv", "previous"])
            st.caption(
                t(
                    "home.tree.caption",
                    total=f"{total:+,.2f}",
                    pct=f"{total / prev * 100:+.1f}%" if prev else "–",
                )
            )
            st.dataframe(
                pd.DataFrame(
                    {
                        t("home.col.driver"): [names[d] for d in ov.tree["driver"]],
                        t("home.col.previous"): [
                            rep.format_metric(d, v)
                            for d, v in zip(ov.tree["driver"], ov.tree["previous"], strict=True)
                        ],
                        t("home.col.current"): [
                            rep.format_metric(d, v)
                            for d, v in zip(ov.tree["driver"], ov.tree["current"], strict=True)
                        ],
                        t("home.col.pct"): ov.tree["pct"] * 100,
                        t("home.col.contribution"): ov.tree["contribution"],
                    }
                ),
                hide_index=True,
                width="stretch",
                column_config={
                    t("home.col.pct"): st.column_config.NumberColumn(format="%+.1f%%"),
                    t("home.col.contribution"): st.column_config.NumberColumn(format="%+,.2f"),
                },
            )
        else:
            st.info(t("home.tree_none"))
    with right:
        options = [m for m in kpi.WATCHED if m in ov.daily.columns]
        metric = st.selectbox(
            t("home.trend_metric"),
            options,
            format_func=labels("home.metric"),
            key="home.trend_metric",
        )
        if metric:
            chart = rep.trend_chart(ov.daily, metric, per, t(f"home.metric.{metric}"))
            st.markdown(f"**{t('home.trend')}**")
            st.altair_chart(style(chart), width="stretch", key="home.trend_chart")

    a, b = st.columns(2)
    with a:
        st.subheader(t("home.alerts"))
        if len(ov.alerts):
            for row in ov.alerts.to_dict("records"):
                row = {**row, "channel": md_safe(row["channel"])}
                st.warning(rep.alert_text(row, t), icon=":material/notifications:")
        else:
            st.success(t("home.no_alerts"))
        st.markdown(
            f"**{t('home.anomalies')}**", help=t("home.anomaly_method", threshold=f"{threshold:g}")
        )
        if len(ov.anomalies):
            for row in ov.anomalies.head(10).to_dict("records"):
                st.caption(rep.anomaly_text({**row, "group": md_safe(row["group"])}, t))
        else:
            st.caption(t("home.no_anomalies"))
    with b:
        st.subheader(t("home.changes"))
        if not ov.changes:
            st.caption(t("home.no_changes"))
        for item in ov.changes:
            with st.container(border=True):
                params = {**item["params"], "channel": md_safe(item["params"].get("channel"))}
                st.markdown(rep.describe_change({**item, "params": params}, t))
                page = item["page"]
                st.page_link(
                    f"pages/{page}.py",
                    label=t("home.explain", page=t(f"nav.{page}")),
                    icon=":material/arrow_forward:",
                )
    report_box(period, start, end, rules, float(threshold))


def report_box(period, start, end, rules, threshold) -> None:
    with st.container(border=True):
        st.subheader(t("home.report"))
        st.caption(t("home.report_text"))
        c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
        current = state.get_lang()
        view = (period, str(start), str(end), state.widget("home.report_lang", current))
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
                        rep.build_files,
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
                    )
            except (ValueError, OSError) as err:
                st.error(t("home.report.failed", error=error_text(err)))
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
                d2.warning(t("home.report.pdf_failed", error=pdf_error))


st.title(t("app.title"))
st.write(t("home.tagline"))

active = {k: state.active(k) for k in CORE}
active = {k: v for k, v in active.items() if v is not None}
has_core = any(k in active for k in ("orders", "traffic", "spend"))
if has_core:
    cockpit(active)
else:
    start_box()
    st.info(t("home.need_data"))

page_guide()
loaded_table()
if has_core:
    start_box()
