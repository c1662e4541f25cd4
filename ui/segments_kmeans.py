"""The segments page's k-means tab and customer export."""

from __future__ import annotations

import dataclasses
import hashlib

import pandas as pd
import streamlit as st

from analytics import clustering as cl
from analytics import rfm
from ui import format as fmt
from ui.charts_segments import cluster_scatter, k_curve
from ui.i18n import t
from ui.segments_sections import SegmentsContext, columns, rename, seg_label
from ui.widgets import cached, choice_for, download_buttons, fmt_num, table, titles

__all__ = ["ClusterView", "export_section", "kmeans_section"]

SCATTER_MAX = 5_000


@dataclasses.dataclass(frozen=True)
class ClusterView:
    """The chosen clustering with each cluster's label (number and name) in the user's language."""

    clusters: cl.CustomerClusters
    profile: pd.DataFrame  # the clusters' profile with a ``label`` column
    labels: dict  # cluster -> label


def _cluster_label(row) -> str:
    name = t(f"segments.cluster.{row['name_key']}")
    if row["suffix"]:
        name = f"{name} ({row['suffix']})"
    return t("segments.cluster_label", cluster=row["cluster"], name=name)


def _features(ctx: SegmentsContext):
    key = "|".join(
        [ctx.ds.fingerprint, f"{ctx.as_of:%Y-%m-%d}", *(f"{k}={v}" for k, v in ctx.params.items())]
    )
    return dataclasses.replace(
        ctx.ds,
        frame=ctx.an.scored[["recency_days", "frequency", "monetary", "net_spend"]],
        fingerprint=hashlib.sha1(key.encode()).hexdigest(),
        live=None,  # the customers' features are in memory, even for a table in place
    )


def _fit(ctx: SegmentsContext) -> tuple[cl.KSearch, int, ClusterView] | None:
    """The k search, the k picked (the best by default) and its clusters; None on failure."""
    features = _features(ctx)
    try:
        search = cached(cl.search_k, features)
        # options are the shown labels (a format_func reading the language breaks AppTest)
        k_opts = {t("segments.k_auto", k=search.best_k): search.best_k}
        k_opts.update({str(int(k)): int(k) for k in search.curve["k"]})
        k_pick = st.columns([1, 2])[0].selectbox(
            t("segments.k"), list(k_opts), key="segments.k", help=t("segments.k_help")
        )
        k = k_opts.get(k_pick, search.best_k)
        clusters = cached(cl.cluster_customers, features, k=k)
    except ValueError:
        st.warning(t("segments.kmeans_error"))
        return None
    prof = clusters.profile.assign(label=clusters.profile.apply(_cluster_label, axis=1))
    labels = dict(zip(prof["cluster"], prof["label"], strict=True))
    return search, k, ClusterView(clusters, prof, labels)


def _k_charts(search: cl.KSearch, k: int) -> None:
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
    for where, y, title in ((a, "inertia", "inertia"), (b, "silhouette", "silhouette")):
        chart = k_curve(
            search.curve,
            y=y,
            y_title=t(f"segments.chart.{title}"),
            best_k=search.best_k,
            chosen_k=k,
        )
        where.altair_chart(chart, width="stretch")


_PROFILE_COLS = ["cluster", "label", "customers", "share", "revenue", "revenue_share"]
_PROFILE_COLS += ["recency_days_mean", "frequency_mean", "monetary_mean", "recency_days_median"]
_PROFILE_COLS += ["frequency_median", "monetary_median"]


def _profile(view: ClusterView) -> None:
    st.markdown(f"**{t('segments.profile')}**")
    st.caption(t("segments.kmeans_fit_caption", fit=fmt_num(view.clusters.fit_size)))
    names = {"label": "cluster_name", "frequency_mean": "frequency_mean_c"}
    ptable = view.profile[_PROFILE_COLS].rename(
        columns={**names, "monetary_mean": "monetary_mean_c"}
    )
    c = columns()
    formats = {"share": c["pct"], "revenue_share": c["pct"], "revenue": c["money"]}
    formats |= {"recency_days_mean": c["one"], "frequency_mean_c": c["one"]}
    formats |= {"monetary_mean_c": c["money"], "monetary_median": c["money"]}
    table(rename(ptable), column_config={t(f"segments.col.{k}"): v for k, v in formats.items()})


def _scatter_and_cross(ctx: SegmentsContext, view: ClusterView) -> None:
    scored, names = ctx.an.scored, view.clusters.labels.map(view.labels)
    if len(scored) > SCATTER_MAX:
        shown, n = fmt_num(SCATTER_MAX), fmt_num(len(scored))
        st.caption(t("segments.scatter_sampled", shown=shown, n=n))
    st.markdown(f"**{t('segments.chart.scatter')}**")
    axes = titles("segments.col", recency_title="recency_days", monetary_title="monetary")
    points = cl.scatter_points(scored, names, SCATTER_MAX)
    order = list(view.profile["label"])
    chart = cluster_scatter(points, **axes, cluster_title=t("segments.col.cluster"), order=order)
    st.altair_chart(chart, width="stretch")
    st.markdown(f"**{t('segments.crosstab')}**")
    segs = scored[ctx.seg_col].map(seg_label).astype(str).rename(t("segments.col.segment"))
    cross = cl.cross_counts(
        names.rename(t("segments.col.cluster")),
        segs,
        list(view.profile["label"]),
        [seg_label(s) for s in ctx.summary["segment"]],
    )
    st.dataframe(cross, placeholder=fmt.NA)


def kmeans_section(ctx: SegmentsContext) -> ClusterView | None:
    """k-means: the k search (elbow, silhouette), the clusters' profile, scatter, cross table."""
    fitted = _fit(ctx)
    if fitted is None:
        return None
    search, k, view = fitted
    _k_charts(search, k)
    _profile(view)
    _scatter_and_cross(ctx, view)
    return view


def export_section(ctx: SegmentsContext, view: ClusterView | None) -> None:
    """A customer list of one segment or cluster, to download for a campaign."""
    scored = ctx.an.scored
    kinds = ["rf", "value"] + (["cluster"] if view is not None else [])
    group_by = choice_for("segments.export_kind", kinds, ctx.scheme)
    if group_by == "cluster" and view is not None:
        options = {view.labels[c]: c for c in view.profile["cluster"]}
        keys = view.clusters.labels
    else:
        col = "rf_segment" if group_by == "rf" else "value_segment"
        src = ctx.an.summary_rf if group_by == "rf" else ctx.an.summary_value
        options = {seg_label(s): s for s in rfm.present_segments(src)}
        keys = scored[col].astype(str)
    picked = st.columns([1, 2])[0].selectbox(
        t("segments.export_what"), list(options), key="segments.export_group"
    )
    pick = options.get(picked)
    chosen = rfm.members(scored, keys, pick)
    if chosen.empty:
        st.warning(t("segments.export_empty"))
        return
    out = chosen.assign(
        rf_segment=chosen["rf_segment"].astype(str).map(seg_label),
        value_segment=chosen["value_segment"].astype(str).map(seg_label),
    )
    if view is not None:
        out["cluster"] = view.clusters.labels.loc[out.index].to_numpy()
        out["cluster_name"] = out["cluster"].map(view.labels)
    st.caption(t("segments.export_count", n=fmt_num(len(out))))
    out = rename(out.reset_index())
    table(out.head(200))
    download_buttons(out, f"customers_{group_by}_{pick}", key="segments.export")
