"""The Traffic page's analysis tabs (views/traffic.py is the router): why revenue changed,
channel efficiency, and the rules tab's matches, unassigned pairs and quick assign."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import traffic as tr
from ui import format as fmt
from ui import shop, state
from ui.charts_traffic import PICK, effects_by_channel, efficiency_bubbles, waterfall
from ui.i18n import t
from ui.safe import inert
from ui.traffic_sections import TrafficContext, take_pick
from ui.widgets import choice, fmt_num, fmt_pct


def _why_sentence(ctx: TrafficContext, ex: dict) -> str:
    """ "Revenue fell 8%: traffic -12% (mostly Paid Search), ..." in the user's language."""
    verb = t(
        "traffic.why.rose"
        if ex["change"] > 0
        else "traffic.why.fell"
        if ex["change"] < 0
        else "traffic.why.flat"
    )
    parts = []
    for e in ex["effects"]:
        name = t(f"traffic.effect.{e['factor']}").lower()
        amount = f"{e['pct'] * 100:+.1f}%" if pd.notna(e["pct"]) else f"{e['amount']:+,.0f}"
        if e["driver"] and len(ctx.channels) > 1 and abs(e["amount"]) > 0:
            channel = inert(ctx.label(e["driver"]))
            parts.append(t("traffic.why.part_driver", effect=name, pct=amount, channel=channel))
        else:
            parts.append(t("traffic.why.part", effect=name, pct=amount))
    sep = "，" if state.get_lang() == "zh" else ", "
    if pd.notna(ex["pct"]):
        pct = f"{abs(ex['pct']) * 100:.1f}%"
        return t("traffic.why.sentence", verb=verb, pct=pct, parts=sep.join(parts))
    amount = f"{abs(ex['change']):,.0f}"
    return t("traffic.why.sentence_abs", verb=verb, amount=amount, parts=sep.join(parts))


def _effects(ctx: TrafficContext, dec: tr.Decomposition) -> None:
    """Each channel's part of each effect: chart and table."""
    by = dec.by_channel
    long = tr.effects_long(dec)
    long = long.assign(
        label=long["channel"].map(ctx.label),
        effect=long["effect"].map(lambda f: t(f"traffic.effect.{f}")),
    )
    ev = st.altair_chart(
        effects_by_channel(
            long,
            labels=[ctx.label(c) for c in by.index],
            title=t("traffic.why.by_channel"),
            channel_title=t("traffic.col.channel"),
            effect_title=" ",
            amount_title=t("traffic.col.change_abs"),
            picked=ctx.picked_label,
        ),
        width="stretch",
        on_select="rerun",
        selection_mode=PICK,
        key="traffic.effects_chart",
    )
    take_pick(ctx, ev, "effects")
    eff_view = pd.DataFrame(
        {
            t("traffic.col.channel"): [ctx.label(c) for c in by.index],
            t("traffic.col.revenue_prev"): by["revenue_prev"].to_numpy(),
            t("traffic.col.revenue"): by["revenue"].to_numpy(),
            t("traffic.col.change_abs"): by["change"].to_numpy(),
            **{t(f"traffic.effect.{f}"): by[f].to_numpy() for f in dec.factors},
        }
    )
    money_fmt = fmt.column_format("money", shop.currency(), by["revenue"])
    st.dataframe(
        eff_view,
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(c, format=money_fmt) for c in eff_view.columns[1:]
        },
        key="traffic.effects_table",
        placeholder=fmt.NA,
    )


def _conversion_split(ctx: TrafficContext, dec: tr.Decomposition) -> None:
    """The conversion change split into channel mix and channel rates."""
    st.subheader(t("traffic.why.cr_title"), anchor=False, help=t("traffic.why.cr_help"))
    if pd.isna(dec.cr_mix):
        st.caption(t("traffic.why.cr_na"))
        return
    lang = state.get_lang()
    st.markdown(
        t(
            "traffic.why.cr_sentence",
            cr0=fmt_pct(dec.cr_prev, 2),
            cr1=fmt_pct(dec.cr, 2),
            delta=fmt.pp(dec.cr - dec.cr_prev, lang, 2),
            mix=fmt.pp(dec.cr_mix, lang, 2),
            rate=fmt.pp(dec.cr_rate, lang, 2),
        )
    )
    crc = dec.cr_by_channel
    st.dataframe(
        pd.DataFrame(
            {
                t("traffic.col.channel"): [ctx.label(c) for c in crc.index],
                t("traffic.col.volume_share"): crc["share"].to_numpy() * 100,
                t("traffic.col.cr"): crc["cr"].to_numpy() * 100,
                t("traffic.col.mix"): crc["mix"].to_numpy() * 100,
                t("traffic.col.rate"): crc["rate"].to_numpy() * 100,
            }
        ),
        hide_index=True,
        column_config={
            t("traffic.col.volume_share"): st.column_config.NumberColumn(format="%.1f%%"),
            t("traffic.col.cr"): st.column_config.NumberColumn(format="%.2f%%"),
            t("traffic.col.mix"): st.column_config.NumberColumn(format="%+.3f"),
            t("traffic.col.rate"): st.column_config.NumberColumn(format="%+.3f"),
        },
        key="traffic.cr_table",
        placeholder=fmt.NA,
    )


def why_section(ctx: TrafficContext) -> None:
    """Tab 3: why revenue changed (sentence, waterfall, effects by channel, conversion)."""
    if "revenue" not in ctx.daily.columns:
        st.info(t("traffic.why.need_revenue"))
        return
    if not ctx.has_prev:
        st.info(t("traffic.no_prev"))
        return
    dec = tr.decompose(ctx.mix, ctx.start, ctx.end, ctx.pstart, ctx.pend)
    # channel names can be user data: plain text, not markdown
    st.subheader(_why_sentence(ctx, tr.explain(dec)), anchor=False)
    steps = tr.waterfall_steps(dec)
    names = {"previous": t("traffic.why.prev"), "current": t("traffic.why.cur")}
    steps = steps.assign(step=steps["step"].map(lambda s: names.get(s) or t(f"traffic.effect.{s}")))
    st.altair_chart(
        waterfall(
            steps,
            title=t("traffic.why.chart"),
            amount_title=t("traffic.col.revenue"),
            currency=shop.currency(),
            lang=state.get_lang(),
            rise_fall=shop.colours(),
        ),
        width="stretch",
        key="traffic.waterfall_chart",
    )
    st.caption(t("traffic.why.method"))
    _effects(ctx, dec)
    _conversion_split(ctx, dec)


def _suggestions(ctx: TrafficContext, eff: pd.DataFrame) -> None:
    st.subheader(t("traffic.eff.suggestions"), anchor=False, help=t("traffic.eff.marginal_help"))
    tips = tr.suggestions(eff)
    if not tips:
        st.caption(t("traffic.sugg.none"))
    for code, p in tips:
        # channel names can be user data: st.text, never markdown
        st.text(
            "• "
            + t(
                f"traffic.sugg.{code}",
                channel=ctx.label(p["channel"]),
                roas=fmt_num(p["roas"], 2),
                mroas=fmt_num(p["mroas"], 2),
                spend_share=fmt_pct(p["spend_share"]),
                revenue_share=fmt_pct(p["revenue_share"]),
            )
        )


def _efficiency_table(ctx: TrafficContext, eff: pd.DataFrame) -> None:
    money = fmt.column_format("money", shop.currency())
    st.dataframe(
        pd.DataFrame(
            {
                t("traffic.col.channel"): [ctx.label(c) for c in eff.index],
                t("traffic.col.spend"): eff["spend"].to_numpy(),
                t("traffic.col.spend_share"): eff["spend_share"].to_numpy() * 100,
                t("traffic.col.revenue"): eff["revenue"].to_numpy(),
                t("traffic.col.roas"): eff["roas"].to_numpy(),
                t("traffic.col.marginal_roas"): eff["marginal_roas"].to_numpy(),
            }
        ),
        hide_index=True,
        column_config={
            t("traffic.col.spend"): st.column_config.NumberColumn(format=money),
            t("traffic.col.spend_share"): st.column_config.NumberColumn(format="%.1f%%"),
            t("traffic.col.revenue"): st.column_config.NumberColumn(format=money),
            t("traffic.col.roas"): st.column_config.NumberColumn(format="%.2f"),
            t("traffic.col.marginal_roas"): st.column_config.NumberColumn(
                format="%.2f", help=t("traffic.eff.marginal_help")
            ),
        },
        key="traffic.eff_table",
        placeholder=fmt.NA,
    )


def efficiency_section(ctx: TrafficContext) -> None:
    """Tab 4: channels with spend by ROAS (or ROI) against share of spend, suggestions."""
    eff = tr.efficiency(ctx.mix, ctx.table, ctx.start, ctx.end)
    if eff.empty or "revenue" not in ctx.daily.columns:
        st.info(t("traffic.eff.no_spend"))
        return
    y_metric = choice(
        t("traffic.eff.y"),
        ["roas", "roi"],
        prefix="traffic.col",
        default="roas",
        key="traffic.eff_metric",
        help=t(f"traffic.help.{state.widget('traffic.eff_metric') or 'roas'}"),
    )
    data, median = tr.efficiency_points(eff, y_metric)
    data = data.assign(label=data["channel"].map(ctx.label))
    picked = ctx.picked_label
    ev = st.altair_chart(
        efficiency_bubbles(
            data,
            labels=ctx.labels,
            median_roas=median,
            y_field=y_metric,
            breakeven=1.0 if y_metric == "roas" else 0.0,
            title=t(f"traffic.eff.chart_{y_metric}"),
            x_title=t("traffic.col.spend_share"),
            y_title=t(f"traffic.col.{y_metric}"),
            size_title=t("traffic.col.revenue"),
            channel_title=t("traffic.col.channel"),
            median_title=t(f"traffic.eff.median_{y_metric}"),
            breakeven_title=t(f"traffic.eff.breakeven_{y_metric}"),
            # a picked channel without spend is not on this chart: dim nothing
            picked=picked if picked in set(data["label"]) else None,
        ),
        width="stretch",
        on_select="rerun",
        selection_mode=PICK,
        key="traffic.eff_chart",
    )
    take_pick(ctx, ev, "eff")
    _suggestions(ctx, eff)
    _efficiency_table(ctx, eff)


def _unassigned(ctx: TrafficContext) -> None:
    st.subheader(t("traffic.rules.unassigned"), anchor=False)
    un = tr.unassigned_pairs(ctx.mix)
    if un.empty:
        st.caption(t("traffic.rules.none_unassigned"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("traffic.rules.source"): un["source"].astype("string"),
                t("traffic.rules.medium"): un["medium"].astype("string"),
                t("traffic.rules.rows"): un["rows"].to_numpy(),
                t(f"traffic.col.{ctx.vol_name}"): un["volume"].to_numpy(),
                t("traffic.col.volume_share"): un["share"].to_numpy() * 100,
            }
        ),
        hide_index=True,
        column_config={
            t("traffic.col.volume_share"): st.column_config.NumberColumn(format="%.2f%%")
        },
        key="traffic.unassigned_table",
        placeholder=fmt.NA,
    )


def _assign_form(ctx: TrafficContext) -> None:
    """Send one source / medium pair to a channel (a new first rule)."""
    with st.form("traffic.assign_form", border=True):
        st.markdown(f"**{t('traffic.rules.assign')}**")
        options = tr.pair_options(ctx.mix.pairs, 200)
        a1, a2 = st.columns(2)
        pair = a1.selectbox(t("traffic.rules.assign_pair"), options, key="traffic.assign_pair")
        target = a2.selectbox(
            t("traffic.rules.assign_channel"),
            list(tr.CHANNELS),
            format_func=ctx.label,
            key="traffic.assign_channel",
        )
        if st.form_submit_button(t("traffic.rules.assign_button")) and pair:
            state.put("traffic.rules", tr.add_rule(ctx.rules, pair, target))
            state.put("traffic.rules_version", ctx.version + 1)
            st.rerun()


def rules_section(ctx: TrafficContext) -> None:
    """Tab 5 (below the editor): which rule matched each pair, unassigned pairs, assign."""
    pairs = ctx.mix.pairs
    if pairs.empty:
        st.caption(t("traffic.rules.no_pairs"))
        return
    if (pairs["rule"] == "file").all():
        st.caption(t("traffic.rules.file_channels"))
    _unassigned(ctx)
    _assign_form(ctx)
    st.subheader(t("traffic.rules.pairs"), anchor=False)
    shown = pairs.head(500)
    vol = t(f"traffic.col.{ctx.vol_name}")
    st.dataframe(
        pd.DataFrame(
            {
                t("traffic.rules.source"): shown["source"].astype("string"),
                t("traffic.rules.medium"): shown["medium"].astype("string"),
                t("traffic.rules.campaign"): shown["campaign"].astype("string"),
                t("traffic.rules.channel"): shown["channel"].map(ctx.label),
                t("traffic.rules.rule"): shown["rule"].map(lambda r: t(f"traffic.rule.{r}")),
                t("traffic.rules.rows"): shown["rows"].to_numpy(),
                vol: shown["volume"].to_numpy(),
            }
        ),
        hide_index=True,
        key="traffic.pairs_table",
        placeholder=fmt.NA,
        column_config={
            t("traffic.rules.rows"): st.column_config.NumberColumn(format="%,d"),
            vol: st.column_config.NumberColumn(format="%,.0f"),
        },
    )
