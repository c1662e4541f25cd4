"""User layering: RFM scores, named segments, k-means clusters, movement, campaign export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from analytics import clustering as cl
from analytics import orders as ordrule
from analytics import rfm
from ui import state
from ui.charts_segments import cluster_scatter, k_curve, rf_grid, segment_bars, transition_heatmap
from ui.i18n import error_text, t
from ui.widgets import cached, choice, download_buttons, fmt_money, fmt_num, fmt_pct, require

st.title(t("nav.segments"))
ds = require("orders")
st.caption(t("segments.intro"))
if not ordrule.has_customers(ds.frame):  # user layering needs a customer ID per order
    st.warning(t("segments.no_customers"))
    st.stop()

SCATTER_MAX = 5_000
pct = st.column_config.NumberColumn(format="percent")
money = st.column_config.NumberColumn(format="localized")
one = st.column_config.NumberColumn(format="%.1f")


def _fail(err: Exception) -> None:
    if isinstance(err, ValueError):
        st.warning(t("segments.cannot", error=error_text(err)))
    else:
        st.error(t("common.error_unexpected", error=type(err).__name__))


def seg_label(key: str) -> str:
    return t(f"segments.seg.{key}")


def cluster_label(row) -> str:
    name = t(f"segments.cluster.{row['name_key']}")
    if row["suffix"]:
        name = f"{name} ({row['suffix']})"
    return t("segments.cluster_label", cluster=row["cluster"], name=name)


def rename(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"segments.col.{c}") for c in frame.columns})


try:
    default_day = cached(rfm.default_as_of, ds)
    first_day = ds.date_range[0].normalize() if ds.date_range else None
except ValueError as err:
    _fail(err)
    st.stop()
if default_day is None or first_day is None:
    st.warning(t("segments.no_dates"))
    st.stop()

# ---- settings
c = st.columns([1.1, 0.8, 1.2, 1.5])
as_of_day = c[0].date_input(
    t("segments.as_of"),
    value=default_day.date(),
    min_value=(first_day + pd.Timedelta(days=1)).date(),
    max_value=max(default_day.date(), dt.date.today()),
    key="segments.as_of",
    help=t("segments.as_of_help"),
)
bins = choice(
    t("segments.bins"),
    [5, 4, 3],
    default=5,
    key="segments.bins",
    where=c[1],
    help=t("segments.bins_help"),
)
freq_mode = choice(
    t("segments.freq_mode"),
    ["orders", "days"],
    prefix="segments.freq",
    default="orders",
    key="segments.freq",
    where=c[2],
    help=t("segments.def.frequency"),
)
mon_mode = choice(
    t("segments.mon_mode"),
    ["net", "aov"],
    prefix="segments.mon",
    default="net",
    key="segments.mon",
    where=c[3],
    help=t("segments.def.monetary"),
)
c = st.columns([1.5, 0.9, 1.2, 1.0])
scheme = choice(
    t("segments.scheme"),
    ["rf", "value"],
    prefix="segments.scheme",
    default="rf",
    key="segments.scheme",
    where=c[0],
)
threshold = choice(
    t("segments.threshold"),
    ["mean", "median"],
    prefix="segments.threshold",
    default="mean",
    key="segments.threshold",
    where=c[1],
)
as_of = pd.Timestamp(as_of_day or default_day)
params = {"bins": bins, "frequency": freq_mode, "monetary": mon_mode, "threshold": threshold}

# the comparison date follows the analysis date (7 days earlier) until the user picks one
min_prev, max_prev = first_day.date(), (as_of - pd.Timedelta(days=1)).date()
current = state.widget("segments.previous")
if state.get("segments.previous_for") != as_of or not (
    isinstance(current, dt.date) and min_prev <= current <= max_prev
):
    week_before = (as_of - pd.Timedelta(days=7)).date()
    state.set_widget("segments.previous", min(max(week_before, min_prev), max_prev))
    state.put("segments.previous_for", as_of)
prev_day = c[2].date_input(
    t("segments.previous"),
    min_value=min_prev,
    max_value=max_prev,
    key="segments.previous",
    help=t("segments.previous_help"),
)
prev = pd.Timestamp(prev_day) if prev_day else None
if prev is not None and prev >= as_of:
    st.warning(t("segments.previous_invalid"))
    prev = None

with st.expander(t("segments.definitions")):
    st.markdown(
        f"- {t('segments.def.recency')}\n- {t('segments.def.frequency')}\n"
        f"- {t('segments.def.monetary')}\n- {t('segments.bins_help')}"
    )

try:
    an = cached(rfm.analyse, ds, as_of=as_of, compare=prev, **params)
except ValueError as err:
    _fail(err)
    st.stop()

scored = an.scored
m = st.columns(4)
m[0].metric(t("segments.m.customers"), fmt_num(len(scored)), help=t("segments.m.customers_help"))
m[1].metric(
    t("segments.m.no_customer"),
    fmt_num(an.rfm.lines_without_customer),
    help=t("segments.m.no_customer_help", orders=fmt_num(an.rfm.orders_without_customer)),
)
m[2].metric(t("segments.m.apart"), fmt_num(len(an.apart)), help=t("segments.m.apart_help"))
m[3].metric(t("segments.m.pareto"), fmt_pct(an.pareto), help=t("segments.m.pareto_help"))

if an.fallback_metrics:
    st.info(
        t(
            "segments.fallback",
            metrics=", ".join(t(f"segments.metric.{k}") for k in an.fallback_metrics),
        )
    )

if len(an.apart):
    with st.expander(t("segments.apart_title", n=fmt_num(len(an.apart)))):
        st.caption(t("segments.apart_caption"))
        st.dataframe(
            rename(an.apart.reset_index()),
            hide_index=True,
            column_config={t("segments.col.monetary"): money, t("segments.col.net_spend"): money},
        )

if scored.empty:
    st.warning(t("segments.no_scorable", date=f"{as_of:%Y-%m-%d}"))
    st.stop()

seg_col = "rf_segment" if scheme == "rf" else "value_segment"
summary = an.summary_rf if scheme == "rf" else an.summary_value

tabs = st.tabs(
    [
        t("segments.tab.segments"),
        t("segments.tab.scores"),
        t("segments.tab.kmeans"),
        t("segments.tab.movement"),
        t("segments.tab.export"),
    ]
)

# ---- 1. named segments
with tabs[0]:
    st.markdown(f"**{t('segments.pareto_line', share=fmt_pct(an.pareto))}**")
    table = summary.assign(
        label=summary["segment"].map(seg_label),
        description=summary["segment"].map(lambda k: t(f"segments.desc.{k}")),
        action=summary["segment"].map(lambda k: t(f"segments.action.{k}")),
    )
    shown = table[table["customers"] > 0]
    left, right = st.columns([1, 1])
    with left:
        st.altair_chart(
            segment_bars(
                shown,
                segment_title=t("segments.col.segment"),
                customers_title=t("segments.col.share"),
                revenue_title=t("segments.col.revenue_share"),
                measure_title=t("segments.chart.measure"),
            ),
            width="stretch",
        )
    with right:
        if scheme == "rf":
            st.markdown(f"**{t('segments.chart.grid')}**")
            grid = an.grid.assign(label=an.grid["segment"].map(seg_label))
            st.altair_chart(
                rf_grid(
                    grid,
                    r_title=t("segments.col.r_score"),
                    f_title=t("segments.col.f_score"),
                    customers_title=t("segments.col.customers"),
                    segment_title=t("segments.col.segment"),
                ),
                width="stretch",
            )
            st.caption(t("segments.grid_caption"))
        else:
            thr = an.thresholds
            st.caption(
                t(
                    "segments.value_caption",
                    threshold=t(f"segments.threshold.{threshold}").lower(),
                    threshold_cap=t(f"segments.threshold.{threshold}"),
                    r=fmt_num(thr.get("recency_days"), 1),
                    f=fmt_num(thr.get("frequency"), 2),
                    m=fmt_money(thr.get("monetary")),
                )
            )
    cols = [
        "label",
        "customers",
        "share",
        "revenue",
        "revenue_share",
        "recency_mean",
        "frequency_mean",
        "monetary_mean",
        "description",
        "action",
    ]
    st.dataframe(
        rename(table[cols].rename(columns={"label": "segment"})),
        hide_index=True,
        column_config={
            t("segments.col.share"): pct,
            t("segments.col.revenue_share"): pct,
            t("segments.col.revenue"): money,
            t("segments.col.recency_mean"): one,
            t("segments.col.frequency_mean"): one,
            t("segments.col.monetary_mean"): money,
        },
    )

# ---- 2. score edges
with tabs[1]:
    st.caption(t("segments.scores_caption"))
    cols3 = st.columns(3)
    for col, (metric, sb) in zip(cols3, an.bins.items(), strict=True):
        with col:
            st.markdown(f"**{t(f'segments.metric.{metric}')}**")
            bands = sb.bands.rename(columns={"score": "score", "low": "low", "high": "high"})
            st.dataframe(
                rename(bands),
                hide_index=True,
                column_config={t("segments.col.low"): money, t("segments.col.high"): money},
            )
            edges = ", ".join(fmt_num(e, 2) for e in sb.edges)
            st.caption(
                t("segments.edges_fallback" if sb.fallback else "segments.edges", edges=edges)
            )

# ---- 3. k-means
clusters = None
with tabs[2]:
    key = "|".join([ds.fingerprint, f"{as_of:%Y-%m-%d}", *(f"{k}={v}" for k, v in params.items())])
    features = dataclasses.replace(
        ds,
        frame=scored[["recency_days", "frequency", "monetary", "net_spend"]],
        fingerprint=hashlib.sha1(key.encode()).hexdigest(),
    )
    try:
        search = cached(cl.search_k, features)
    except ValueError:
        search = None
        st.warning(t("segments.kmeans_error"))
    if search is not None:
        # options are the shown labels (a format_func reading the language breaks AppTest)
        k_opts = {t("segments.k_auto", k=search.best_k): search.best_k}
        k_opts.update({str(int(k)): int(k) for k in search.curve["k"]})
        k_pick = st.columns([1, 2])[0].selectbox(
            t("segments.k"), list(k_opts), key="segments.k", help=t("segments.k_help")
        )
        k = k_opts.get(k_pick, search.best_k)
        try:
            clusters = cached(cl.cluster_customers, features, k=k)
        except ValueError:
            clusters = None
            st.warning(t("segments.kmeans_error"))
    if search is not None and clusters is not None:
        prof = clusters.profile.assign(label=clusters.profile.apply(cluster_label, axis=1))
        labels = dict(zip(prof["cluster"], prof["label"], strict=True))
        st.caption(
            t(
                "segments.k_search_caption",
                sample=fmt_num(search.sample_size),
                n=fmt_num(search.n_customers),
                sil=fmt_num(search.silhouette_size),
            )
        )
        a, b = st.columns(2)
        a.markdown(f"**{t('segments.chart.elbow')}**")
        b.markdown(f"**{t('segments.chart.silhouette')}**")
        a.altair_chart(
            k_curve(
                search.curve,
                y="inertia",
                y_title=t("segments.chart.inertia"),
                best_k=search.best_k,
                chosen_k=k,
            ),
            width="stretch",
        )
        b.altair_chart(
            k_curve(
                search.curve,
                y="silhouette",
                y_title=t("segments.chart.silhouette"),
                best_k=search.best_k,
                chosen_k=k,
            ),
            width="stretch",
        )
        st.markdown(f"**{t('segments.profile')}**")
        st.caption(t("segments.kmeans_fit_caption", fit=fmt_num(clusters.fit_size)))
        pcols = [
            "cluster",
            "label",
            "customers",
            "share",
            "revenue",
            "revenue_share",
            "recency_days_mean",
            "frequency_mean",
            "monetary_mean",
            "recency_days_median",
            "frequency_median",
            "monetary_median",
        ]
        ptable = prof[pcols].rename(
            columns={
                "label": "cluster_name",
                "frequency_mean": "frequency_mean_c",
                "monetary_mean": "monetary_mean_c",
            }
        )
        st.dataframe(
            rename(ptable),
            hide_index=True,
            column_config={
                t("segments.col.share"): pct,
                t("segments.col.revenue_share"): pct,
                t("segments.col.revenue"): money,
                t("segments.col.recency_days_mean"): one,
                t("segments.col.frequency_mean_c"): one,
                t("segments.col.monetary_mean_c"): money,
                t("segments.col.monetary_median"): money,
            },
        )
        pts = scored[["recency_days", "monetary"]].assign(
            label=clusters.labels.map(labels).to_numpy()
        )
        pts["recency_days"] = pts["recency_days"].astype("float64")
        if len(pts) > SCATTER_MAX:
            st.caption(
                t("segments.scatter_sampled", shown=fmt_num(SCATTER_MAX), n=fmt_num(len(pts)))
            )
            pts = pts.sample(n=SCATTER_MAX, random_state=0)
        st.markdown(f"**{t('segments.chart.scatter')}**")
        st.altair_chart(
            cluster_scatter(
                pts.reset_index(drop=True),
                recency_title=t("segments.col.recency_days"),
                monetary_title=t("segments.col.monetary"),
                cluster_title=t("segments.col.cluster"),
                order=list(prof["label"]),
            ),
            width="stretch",
        )
        st.markdown(f"**{t('segments.crosstab')}**")
        cross = pd.crosstab(
            clusters.labels.map(labels).rename(t("segments.col.cluster")),
            scored[seg_col].map(seg_label).astype(str).rename(t("segments.col.segment")),
        )
        cross = cross.reindex(index=list(prof["label"]))
        seg_order = [seg_label(s) for s in summary["segment"] if seg_label(s) in cross.columns]
        st.dataframe(cross[seg_order])

# ---- 4. movement
with tabs[3]:
    mv = an.movements[scheme] if an.movements else None
    if mv is None:
        st.info(t("segments.previous_help"))
    else:
        st.caption(t("segments.moved_caption", moved=fmt_num(mv.moved), stayed=fmt_num(mv.stayed)))
        mat = mv.matrix
        mat = mat.loc[mat.sum(axis=1) > 0, mat.sum(axis=0) > 0]
        cells = mat.stack().rename("customers").reset_index()
        cells.columns = ["source", "target", "customers"]
        cells["source"] = cells["source"].map(seg_label)
        cells["target"] = cells["target"].map(seg_label)
        st.markdown(f"**{t('segments.chart.movement')}**")
        st.altair_chart(
            transition_heatmap(
                cells,
                before_title=t("segments.chart.before", date=f"{mv.before:%Y-%m-%d}"),
                after_title=t("segments.chart.after", date=f"{mv.after:%Y-%m-%d}"),
                customers_title=t("segments.col.customers"),
                rows=[seg_label(s) for s in mat.index],
                cols=[seg_label(s) for s in mat.columns],
            ),
            width="stretch",
        )
        st.markdown(f"**{t('segments.flows_title')}**")
        if mv.flows.empty:
            st.caption(t("segments.no_flows"))
        for row in mv.flows.head(8).itertuples(index=False):
            key = (
                "segments.flow_new"
                if row.source == "_new"
                else "segments.flow_apart"
                if row.target == "_apart"
                else "segments.flow"
            )
            n = fmt_num(row.customers)
            text = t(key, n=n, source=seg_label(row.source), target=seg_label(row.target))
            st.markdown(f"- {text}")

# ---- 5. export a customer list
with tabs[4]:
    kinds = ["rf", "value"] + (["cluster"] if clusters is not None else [])
    group_by = choice(
        t("segments.export_kind"),
        kinds,
        prefix="segments.export_kind",
        default=scheme,
        key="segments.export_kind",
    )
    if group_by == "cluster" and clusters is not None:
        col = "cluster"
        options = {labels[c]: c for c in prof["cluster"]}
        keys = clusters.labels
    else:
        col = "rf_segment" if group_by == "rf" else "value_segment"
        src = an.summary_rf if group_by == "rf" else an.summary_value
        options = {
            seg_label(s): s for s, n in zip(src["segment"], src["customers"], strict=True) if n > 0
        }
        keys = scored[col].astype(str)
    picked = st.columns([1, 2])[0].selectbox(
        t("segments.export_what"), list(options), key="segments.export_group"
    )
    pick = options.get(picked)
    chosen = scored[(keys == pick).to_numpy()] if pick is not None else scored.iloc[:0]
    if chosen.empty:
        st.warning(t("segments.export_empty"))
    else:
        out = chosen.assign(
            rf_segment=chosen["rf_segment"].astype(str).map(seg_label),
            value_segment=chosen["value_segment"].astype(str).map(seg_label),
        )
        if clusters is not None:
            out["cluster"] = clusters.labels.loc[out.index].to_numpy()
            out["cluster_name"] = out["cluster"].map(labels)
        st.caption(t("segments.export_count", n=fmt_num(len(out))))
        out = rename(out.reset_index())
        st.dataframe(out.head(200), hide_index=True)
        download_buttons(out, f"customers_{group_by}_{pick}", key="segments.export")
