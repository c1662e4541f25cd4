"""Traffic sources: channel grouping, per-channel table, mix over time, why it changed, efficiency."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import traffic as tr
from ui import state
from ui.charts_traffic import PICK, effects_by_channel, efficiency_bubbles, mix_area, waterfall
from ui.i18n import error_text, t
from ui.widgets import cached, choice, download_buttons, fmt_money, fmt_num, fmt_pct, require

st.title(t("nav.traffic"))

traffic_ds = state.active("traffic")
orders_ds = state.active("orders")
spend_ds = state.active("spend")
if traffic_ds is None:
    if orders_ds is None:
        require("traffic")
    if "channel" not in orders_ds.frame.columns or orders_ds.frame["channel"].isna().all():
        st.warning(t("traffic.no_channel_anywhere"))
        require("traffic")
st.caption(t("traffic.intro"))
if traffic_ds is None:
    st.info(t("traffic.orders_only"))


_LABELS: dict[str, str] = {}


def label(ch: object) -> str:
    """The channel's name in the user's language (GA4 names translated, others as given)."""
    if ch in _LABELS:
        return _LABELS[ch]
    key = f"traffic.ch.{ch}"
    text = t(key)
    return str(ch) if text == key else text


def _fix_labels(names: list[str]) -> None:
    """Keep labels unique: a translated GA4 name that equals a channel name from the file
    (自然搜索 in a 生意参谋 file and GA4's Organic Search in Chinese) gets a "(GA4)" mark."""
    _LABELS.clear()
    raw = {n for n in names if t(f"traffic.ch.{n}") == f"traffic.ch.{n}"}
    for n in names:
        text = label(n)
        if n not in raw and text in raw:
            _LABELS[n] = t("traffic.ga4_mark", name=text)


def plain(text: str) -> str:
    """``text`` with markdown characters escaped (channel names can be user data)."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in text)


# ---- the mapping (drawn in the rules tab, read first so the whole page follows it)
controls = st.container()
tabs = st.tabs(
    [
        t("traffic.tab.table"),
        t("traffic.tab.mix"),
        t("traffic.tab.why"),
        t("traffic.tab.efficiency"),
        t("traffic.tab.rules"),
    ]
)
base_rules = state.get("traffic.rules")
if base_rules is None:
    base_rules = tr.default_custom_rules()
    state.put("traffic.rules", base_rules)
version = state.get("traffic.rules_version", 0)
with tabs[4]:
    regroup = st.toggle(
        t("traffic.rules.regroup"), key="traffic.regroup", help=t("traffic.rules.regroup_help")
    )
    st.caption(t("traffic.rules.intro"))
    edited = st.data_editor(
        base_rules,
        num_rows="dynamic",
        hide_index=True,
        key=f"traffic.rules_editor.{version}",
        column_config={
            "source": st.column_config.TextColumn(t("traffic.rules.source"), required=True),
            "medium": st.column_config.TextColumn(t("traffic.rules.medium"), default="*"),
            "channel": st.column_config.SelectboxColumn(
                t("traffic.rules.channel"), options=list(tr.CHANNELS), required=True
            ),
        },
        height=260,
    )
    if st.button(t("traffic.rules.reset"), key="traffic.rules_reset"):
        state.put("traffic.rules", tr.default_custom_rules())
        state.put("traffic.rules_version", version + 1)
        st.rerun()
rules = pd.DataFrame(edited, columns=["source", "medium", "channel"]).reset_index(drop=True)

used = [
    (k, d) for k, d in (("traffic", traffic_ds), ("orders", orders_ds), ("spend", spend_ds)) if d
]
try:
    mix = cached(
        tr.build_mix_frames,
        *(d for _, d in used),
        kinds=tuple(k for k, _ in used),
        custom=rules,
        keep_channel=not regroup,
    )
except ValueError as err:
    st.error(t("traffic.error.data", error=error_text(err)))
    st.stop()

daily = mix.daily
_fix_labels([str(c) for c in daily["channel"].unique()] + list(tr.CHANNELS))
if daily.empty:
    st.warning(t("traffic.error.data", error="0 rows"))
    st.stop()

with controls:
    # ---- period and comparison
    lo, hi = daily["date"].min().date(), daily["date"].max().date()
    span = (hi - lo).days + 1
    n_days = 28 if span >= 56 else 7 if span >= 14 else span
    default = (max(lo, hi - dt.timedelta(days=n_days - 1)), hi)
    c1, c2 = st.columns([2, 3])
    picked_range = c1.date_input(
        t("traffic.range"), value=default, min_value=lo, max_value=hi, key="traffic.range"
    )
    COMPARE = ["previous", "week", "month", "custom"]
    how = choice(
        t("traffic.compare"),
        COMPARE,
        prefix="traffic.compare",
        default="previous",
        key="traffic.compare",
        where=c2,
    )
    if not isinstance(picked_range, tuple | list) or len(picked_range) != 2:
        st.info(t("traffic.pick_range"))
        st.stop()
    start, end = (pd.Timestamp(d) for d in picked_range)
    c3, c4 = st.columns([2, 3], vertical_alignment="center")
    if how == "custom":
        p_default = tr.previous_period(start, end)
        p_range = c3.date_input(
            t("traffic.compare_range"),
            value=(p_default[0].date(), p_default[1].date()),
            key="traffic.compare_range",
        )
        if not isinstance(p_range, tuple | list) or len(p_range) != 2:
            st.info(t("traffic.pick_range"))
            st.stop()
        pstart, pend = (pd.Timestamp(d) for d in p_range)
    else:
        pstart, pend = tr.previous_period(start, end, how)
    (c4 if how == "custom" else c3).caption(
        t(
            "traffic.periods",
            start=f"{start:%Y-%m-%d}",
            end=f"{end:%Y-%m-%d}",
            pstart=f"{pstart:%Y-%m-%d}",
            pend=f"{pend:%Y-%m-%d}",
        )
    )

    in_range = daily[(daily["date"] >= start) & (daily["date"] <= end)]
    if in_range.empty:
        st.warning(t("traffic.empty_range", lo=f"{lo:%Y-%m-%d}", hi=f"{hi:%Y-%m-%d}"))
        st.stop()

    table = tr.channel_table(mix, start, end, pstart, pend)
    has_prev = bool(((daily["date"] >= pstart) & (daily["date"] <= pend)).any())
    vol_name = mix.volume or "visitors"

    # ---- notes that say what the numbers are
    if mix.volume == "visitors":
        st.caption(t("traffic.note.not_additive"))
    if mix.volume == "sessions":
        st.info(t("traffic.note.sessions"))
    for note in mix.notes:
        if note in ("revenue_from_orders", "orders_without_channel"):
            st.caption(t(f"traffic.note.{note}"))
    if mix.buyers_from == "orders":
        st.caption(t("traffic.note.buyers_are_orders"))
    if mix.spend_from is None:
        st.caption(t("traffic.note.no_spend"))
    elif mix.spend_from == "spend":
        st.caption(t("traffic.note.spend_from_dataset"))
    if not has_prev:
        st.caption(t("traffic.no_prev"))

# ---- channel picked in any chart (highlighted in all of them)
picked = state.get("traffic.picked")


def _take_pick(event: object, key: str) -> None:
    """Remember the channel picked in chart ``key`` when its selection changed."""
    global picked
    try:
        rows = event.selection.get(PICK, []) if event is not None else []
    except AttributeError:
        rows = []
    now = rows[0].get("label") if rows else None
    seen_key = f"traffic.pick_seen.{key}"
    if now != state.get(seen_key):
        state.put(seen_key, now)
        code = labels_to_code.get(now) if now else None
        if code != picked:
            state.put("traffic.picked", code)
            picked = code
            st.rerun()


with controls:
    # ---- KPIs
    total = table.loc["Total"]
    k = st.columns(4)
    if mix.volume:
        k[0].metric(
            t(f"traffic.col.{vol_name}"),
            fmt_num(total["volume"]),
            delta=fmt_pct(total["volume_change"]) if has_prev else None,
            help=t(f"traffic.help.{vol_name}"),
        )
    k[1].metric(
        t("traffic.kpi.revenue"),
        fmt_money(total["revenue"], 0),
        delta=fmt_pct(total["revenue_change"]) if has_prev else None,
        help=t("traffic.help.revenue"),
    )
    k[2].metric(
        t("traffic.kpi.cr"),
        fmt_pct(total["cr"], 2),
        delta=f"{total['cr_change'] * 100:+.2f} pp"
        if has_prev and pd.notna(total["cr_change"])
        else None,
        help=t("traffic.help.cr"),
    )
    k[3].metric(
        t("traffic.kpi.roas"),
        fmt_num(total["roas"], 2),
        delta=fmt_pct(total["roas_change"])
        if has_prev and pd.notna(total["roas_change"])
        else None,
        help=t("traffic.help.roas"),
    )

channels = [c for c in table.index if c != "Total"]
labels = [label(c) for c in channels]
labels_to_code = dict(zip(labels, channels, strict=True))
picked_label = label(picked) if picked in channels else None
if picked_label:
    controls.caption(t("traffic.highlighted", channel=picked_label))

# ---- 1. per-channel table
# the table shows every metric but the share of spend (the efficiency view has it)
SHOW = [m for m in tr.METRICS if m != "spend_share"]
PCT = {"volume_share", "cr", "revenue_share", "roi", "spend_share"}
MONEY = {"revenue", "aov", "uv_value", "spend", "cpa"}
with tabs[0]:
    cols = [c for c in SHOW if table[c].notna().any()]
    if mix.volume is None:
        cols = [c for c in cols if c not in ("volume", "volume_share", "cr", "uv_value")]
    view = pd.DataFrame({t("traffic.col.channel"): [label(c) for c in table.index]})
    config = {}
    for c in cols:
        name = t(f"traffic.col.{vol_name if c == 'volume' else c}")
        help_key = f"traffic.help.{vol_name if c == 'volume' else c}"
        vals = table[c].to_numpy()
        if c in PCT:
            view[name] = vals * 100
            config[name] = st.column_config.NumberColumn(name, help=t(help_key), format="%.1f%%")
        elif c in MONEY or c == "roas":
            view[name] = vals
            config[name] = st.column_config.NumberColumn(name, help=t(help_key), format="%,.2f")
        else:
            view[name] = vals
            config[name] = st.column_config.NumberColumn(name, help=t(help_key), format="%,.0f")
        if has_prev:
            dname = t("traffic.col.change", name=name)
            ch = table[f"{c}_change"].to_numpy() * 100
            view[dname] = ch
            fmt = "%+.2f pp" if c in PCT else "%+.1f%%"
            config[dname] = st.column_config.NumberColumn(
                dname, help=t("traffic.help.change"), format=fmt
            )
    st.dataframe(view, hide_index=True, column_config=config, key="traffic.table")
    st.caption(t("traffic.download"))
    download_buttons(view, "traffic_channels", key="traffic.download")

# ---- 2. mix over time
with tabs[1]:
    st.caption(t("traffic.chart.hint"))
    m1, m2 = st.columns(2)
    freq = choice(
        t("traffic.freq"),
        ["D", "W", "M"],
        prefix="traffic.freq",
        default="D" if (end - start).days <= 92 else "W" if (end - start).days <= 731 else "M",
        fallback="D",
        key="traffic.freq",
        where=m1,
    )
    stack = choice(
        t("traffic.stack"),
        ["abs", "pct"],
        prefix="traffic.stack",
        default="abs",
        key="traffic.stack",
        where=m2,
    )
    over = tr.mix_over_time(mix, start, end, freq)
    order = {c: i for i, c in enumerate(channels)}
    over = over[over["channel"].isin(order)].assign(
        label=lambda d: d["channel"].map(label),
        label_order=lambda d: d["channel"].map(order),
    )
    unit = {"D": "yearmonthdate", "W": "yearmonthdate", "M": "yearmonth"}[freq]
    common = dict(
        labels=labels,
        normalize=stack == "pct",
        period_title=t("traffic.chart.period"),
        channel_title=t("traffic.col.channel"),
        share_title=t("traffic.chart.share"),
        time_unit=unit,
        picked=picked_label,
    )
    if mix.volume and "volume" in over:
        ev = st.altair_chart(
            mix_area(
                over,
                value="volume",
                title=t("traffic.chart.mix_volume"),
                value_title=t(f"traffic.col.{vol_name}"),
                **common,
            ),
            width="stretch",
            on_select="rerun",
            selection_mode=PICK,
            key="traffic.mix_volume_chart",
        )
        _take_pick(ev, "mix_volume")
    if "revenue" in over:
        ev = st.altair_chart(
            mix_area(
                over,
                value="revenue",
                title=t("traffic.chart.mix_revenue"),
                value_title=t("traffic.col.revenue"),
                fmt=",.2f",
                **common,
            ),
            width="stretch",
            on_select="rerun",
            selection_mode=PICK,
            key="traffic.mix_revenue_chart",
        )
        _take_pick(ev, "mix_revenue")

# ---- 3. why did it change?
with tabs[2]:
    if "revenue" not in daily.columns:
        st.info(t("traffic.why.need_revenue"))
    elif not has_prev:
        st.info(t("traffic.no_prev"))
    else:
        dec = tr.decompose(mix, start, end, pstart, pend)
        ex = tr.explain(dec)
        change_pct = ex["pct"]
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
            if e["driver"] and len(channels) > 1 and abs(e["amount"]) > 0:
                parts.append(
                    t(
                        "traffic.why.part_driver",
                        effect=name,
                        pct=amount,
                        channel=plain(label(e["driver"])),
                    )
                )
            else:
                parts.append(t("traffic.why.part", effect=name, pct=amount))
        sep = "，" if state.get_lang() == "zh" else ", "
        if pd.notna(change_pct):
            sentence = t(
                "traffic.why.sentence",
                verb=verb,
                pct=f"{abs(change_pct) * 100:.1f}%",
                parts=sep.join(parts),
            )
        else:
            sentence = t(
                "traffic.why.sentence_abs",
                verb=verb,
                amount=f"{abs(ex['change']):,.0f}",
                parts=sep.join(parts),
            )
        # channel names can be user data: plain text, not markdown
        st.subheader(sentence, anchor=False)
        steps = tr.waterfall_steps(dec)
        names = {"previous": t("traffic.why.prev"), "current": t("traffic.why.cur")}
        steps = steps.assign(
            step=steps["step"].map(lambda s: names.get(s) or t(f"traffic.effect.{s}"))
        )
        st.altair_chart(
            waterfall(steps, title=t("traffic.why.chart"), amount_title=t("traffic.col.revenue")),
            width="stretch",
            key="traffic.waterfall_chart",
        )
        st.caption(t("traffic.why.method"))
        by = dec.by_channel
        long = (
            by[list(dec.factors)]
            .reset_index()
            .melt(id_vars="channel", var_name="effect", value_name="amount")
        )
        long = long.assign(
            label=long["channel"].map(label),
            effect=long["effect"].map(lambda f: t(f"traffic.effect.{f}")),
        )
        ev = st.altair_chart(
            effects_by_channel(
                long,
                labels=[label(c) for c in by.index],
                title=t("traffic.why.by_channel"),
                channel_title=t("traffic.col.channel"),
                effect_title=" ",
                amount_title=t("traffic.col.change_abs"),
                picked=picked_label,
            ),
            width="stretch",
            on_select="rerun",
            selection_mode=PICK,
            key="traffic.effects_chart",
        )
        _take_pick(ev, "effects")
        eff_view = pd.DataFrame(
            {
                t("traffic.col.channel"): [label(c) for c in by.index],
                t("traffic.col.revenue_prev"): by["revenue_prev"].to_numpy(),
                t("traffic.col.revenue"): by["revenue"].to_numpy(),
                t("traffic.col.change_abs"): by["change"].to_numpy(),
                **{t(f"traffic.effect.{f}"): by[f].to_numpy() for f in dec.factors},
            }
        )
        st.dataframe(
            eff_view,
            hide_index=True,
            column_config={
                c: st.column_config.NumberColumn(c, format="%,.2f") for c in eff_view.columns[1:]
            },
            key="traffic.effects_table",
        )
        st.subheader(t("traffic.why.cr_title"), anchor=False, help=t("traffic.why.cr_help"))
        if pd.isna(dec.cr_mix):
            st.caption(t("traffic.why.cr_na"))
        else:
            st.markdown(
                t(
                    "traffic.why.cr_sentence",
                    cr0=fmt_pct(dec.cr_prev, 2),
                    cr1=fmt_pct(dec.cr, 2),
                    delta=f"{(dec.cr - dec.cr_prev) * 100:+.2f} pp",
                    mix=f"{dec.cr_mix * 100:+.2f} pp",
                    rate=f"{dec.cr_rate * 100:+.2f} pp",
                )
            )
            crc = dec.cr_by_channel
            st.dataframe(
                pd.DataFrame(
                    {
                        t("traffic.col.channel"): [label(c) for c in crc.index],
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
            )

# ---- 4. efficiency
with tabs[3]:
    eff = tr.efficiency(mix, table, start, end)
    if eff.empty or "revenue" not in daily.columns:
        st.info(t("traffic.eff.no_spend"))
    else:
        y_metric = choice(
            t("traffic.eff.y"),
            ["roas", "roi"],
            prefix="traffic.col",
            default="roas",
            key="traffic.eff_metric",
            help=t(f"traffic.help.{state.widget('traffic.eff_metric') or 'roas'}"),
        )
        data = eff.reset_index().assign(label=lambda d: d["channel"].map(label))
        data = data.dropna(subset=[y_metric])
        ev = st.altair_chart(
            efficiency_bubbles(
                data,
                labels=labels,
                median_roas=float(data[y_metric].median()) if len(data) else float("nan"),
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
                picked=picked_label if picked_label in set(data["label"]) else None,
            ),
            width="stretch",
            on_select="rerun",
            selection_mode=PICK,
            key="traffic.eff_chart",
        )
        _take_pick(ev, "eff")
        st.subheader(
            t("traffic.eff.suggestions"), anchor=False, help=t("traffic.eff.marginal_help")
        )
        tips = tr.suggestions(eff)
        if not tips:
            st.caption(t("traffic.sugg.none"))
        for code, p in tips:
            # channel names can be user data: st.text, never markdown
            st.text(
                "• "
                + t(
                    f"traffic.sugg.{code}",
                    channel=label(p["channel"]),
                    roas=fmt_num(p["roas"], 2),
                    mroas=fmt_num(p["mroas"], 2),
                    spend_share=fmt_pct(p["spend_share"]),
                    revenue_share=fmt_pct(p["revenue_share"]),
                )
            )
        ev_view = pd.DataFrame(
            {
                t("traffic.col.channel"): [label(c) for c in eff.index],
                t("traffic.col.spend"): eff["spend"].to_numpy(),
                t("traffic.col.spend_share"): eff["spend_share"].to_numpy() * 100,
                t("traffic.col.revenue"): eff["revenue"].to_numpy(),
                t("traffic.col.roas"): eff["roas"].to_numpy(),
                t("traffic.col.marginal_roas"): eff["marginal_roas"].to_numpy(),
            }
        )
        st.dataframe(
            ev_view,
            hide_index=True,
            column_config={
                t("traffic.col.spend"): st.column_config.NumberColumn(format="%,.2f"),
                t("traffic.col.spend_share"): st.column_config.NumberColumn(format="%.1f%%"),
                t("traffic.col.revenue"): st.column_config.NumberColumn(format="%,.2f"),
                t("traffic.col.roas"): st.column_config.NumberColumn(format="%.2f"),
                t("traffic.col.marginal_roas"): st.column_config.NumberColumn(
                    format="%.2f", help=t("traffic.eff.marginal_help")
                ),
            },
            key="traffic.eff_table",
        )

# ---- 5. rules: which rule matched, unassigned drill-down, quick assign
with tabs[4]:
    pairs = mix.pairs
    if pairs.empty:
        st.caption(t("traffic.rules.no_pairs"))
    else:
        if (pairs["rule"] == "file").all():
            st.caption(t("traffic.rules.file_channels"))
        st.subheader(t("traffic.rules.unassigned"), anchor=False)
        un = tr.unassigned_pairs(mix)
        if un.empty:
            st.caption(t("traffic.rules.none_unassigned"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("traffic.rules.source"): un["source"].astype("string"),
                        t("traffic.rules.medium"): un["medium"].astype("string"),
                        t("traffic.rules.rows"): un["rows"].to_numpy(),
                        t(f"traffic.col.{vol_name}"): un["volume"].to_numpy(),
                        t("traffic.col.volume_share"): un["share"].to_numpy() * 100,
                    }
                ),
                hide_index=True,
                column_config={
                    t("traffic.col.volume_share"): st.column_config.NumberColumn(format="%.2f%%")
                },
                key="traffic.unassigned_table",
            )
        with st.form("traffic.assign_form", border=True):
            st.markdown(f"**{t('traffic.rules.assign')}**")
            top = pairs.drop_duplicates(["source", "medium"]).head(200)
            options = [
                f"{'' if pd.isna(s) else s} / {'' if pd.isna(m) else m}"
                for s, m in zip(top["source"], top["medium"], strict=True)
            ]
            a1, a2 = st.columns(2)
            pair = a1.selectbox(t("traffic.rules.assign_pair"), options, key="traffic.assign_pair")
            target = a2.selectbox(
                t("traffic.rules.assign_channel"),
                list(tr.CHANNELS),
                format_func=label,
                key="traffic.assign_channel",
            )
            if st.form_submit_button(t("traffic.rules.assign_button")) and pair:
                src, _, med = pair.partition(" / ")
                new = pd.DataFrame({"source": [src], "medium": [med or "*"], "channel": [target]})
                state.put("traffic.rules", pd.concat([new, rules], ignore_index=True))
                state.put("traffic.rules_version", version + 1)
                st.rerun()
        st.subheader(t("traffic.rules.pairs"), anchor=False)
        shown = pairs.head(500)
        st.dataframe(
            pd.DataFrame(
                {
                    t("traffic.rules.source"): shown["source"].astype("string"),
                    t("traffic.rules.medium"): shown["medium"].astype("string"),
                    t("traffic.rules.campaign"): shown["campaign"].astype("string"),
                    t("traffic.rules.channel"): shown["channel"].map(label),
                    t("traffic.rules.rule"): shown["rule"].map(lambda r: t(f"traffic.rule.{r}")),
                    t("traffic.rules.rows"): shown["rows"].to_numpy(),
                    t(f"traffic.col.{vol_name}"): shown["volume"].to_numpy(),
                }
            ),
            hide_index=True,
            key="traffic.pairs_table",
        )
