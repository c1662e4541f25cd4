"""The Traffic page's sections (views/traffic.py is the router): the channel rules editor,
the period and comparison controls, notes and KPIs, the per-channel table and the mix over
time. The "why", efficiency and rules tabs are in ui/traffic_tabs.py. Each section takes
the page's TrafficContext."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from analytics import traffic as tr
from ui import format as fmt
from ui import shop, state
from ui.charts_traffic import PICK, mix_area
from ui.i18n import t
from ui.safe import user_error
from ui.widgets import cached, choice, download_buttons, fmt_money, fmt_num, fmt_pct

COMPARE = ["previous", "week", "month", "custom"]
# the table shows every metric but the share of spend (the efficiency view has it)
SHOW = [m for m in tr.METRICS if m != "spend_share"]
PCT = {"volume_share", "cr", "revenue_share", "roi", "spend_share"}
MONEY = {"revenue", "aov", "uv_value", "spend", "cpa"}


def channel_label(ch: object, overrides: dict | None = None) -> str:
    """The channel's name in the user's language (GA4 names translated, others as given)."""
    if overrides and ch in overrides:
        return overrides[ch]
    key = f"traffic.ch.{ch}"
    text = t(key)
    return str(ch) if text == key else text


def label_overrides(names: list[str]) -> dict[str, str]:
    """Labels kept unique: a translated GA4 name that equals a channel name from the file
    (自然搜索 in a 生意参谋 file and GA4's Organic Search in Chinese) gets a "(GA4)" mark."""
    raw = {n for n in names if t(f"traffic.ch.{n}") == f"traffic.ch.{n}"}
    out = {}
    for n in names:
        text = channel_label(n)
        if n not in raw and text in raw:
            out[n] = t("traffic.ga4_mark", name=text)
    return out


@dataclass(frozen=True)
class TrafficContext:
    """What the page's sections share: the mix, the periods, the channel table and the
    channel picked in any chart (highlighted in all of them)."""

    mix: tr.TrafficMix
    rules: pd.DataFrame
    version: int
    start: pd.Timestamp
    end: pd.Timestamp
    pstart: pd.Timestamp
    pend: pd.Timestamp
    table: pd.DataFrame
    has_prev: bool
    overrides: dict = field(default_factory=dict)
    picked: str | None = None

    @property
    def daily(self) -> pd.DataFrame:
        return self.mix.daily

    @property
    def vol_name(self) -> str:
        return self.mix.volume or "visitors"

    @property
    def channels(self) -> list:
        return [c for c in self.table.index if c != "Total"]

    @property
    def labels(self) -> list[str]:
        return [self.label(c) for c in self.channels]

    @property
    def picked_label(self) -> str | None:
        return self.label(self.picked) if self.picked in self.channels else None

    def label(self, ch: object) -> str:
        return channel_label(ch, self.overrides)


def take_pick(ctx: TrafficContext, event: object, key: str) -> None:
    """Remember the channel picked in chart ``key`` when its selection changed."""
    try:
        rows = event.selection.get(PICK, []) if event is not None else []
    except AttributeError:
        rows = []
    now = rows[0].get("label") if rows else None
    seen_key = f"traffic.pick_seen.{key}"
    if now != state.get(seen_key):
        state.put(seen_key, now)
        code = dict(zip(ctx.labels, ctx.channels, strict=True)).get(now) if now else None
        if code != ctx.picked:
            state.put("traffic.picked", code)
            st.rerun()


def rules_editor() -> tuple[pd.DataFrame, bool, int]:
    """The regroup toggle and the custom rules (drawn first in the rules tab, read first so
    the whole page follows them): (rules, regroup, editor version)."""
    base_rules = state.get("traffic.rules")
    if base_rules is None:
        base_rules = tr.default_custom_rules()
        state.put("traffic.rules", base_rules)
    version = state.get("traffic.rules_version", 0)
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
        placeholder=fmt.NA,
    )
    if st.button(t("traffic.rules.reset"), key="traffic.rules_reset"):
        state.put("traffic.rules", tr.default_custom_rules())
        state.put("traffic.rules_version", version + 1)
        st.rerun()
    rules = pd.DataFrame(edited, columns=["source", "medium", "channel"]).reset_index(drop=True)
    return rules, regroup, version


def load_mix(datasets: dict, rules: pd.DataFrame, regroup: bool) -> tr.TrafficMix:
    """The traffic mix of the loaded datasets (stops the page with a message when it fails
    or has no rows)."""
    used = [(k, d) for k, d in datasets.items() if d]
    try:
        mix = cached(
            tr.build_mix_frames,
            *(d for _, d in used),
            kinds=tuple(k for k, _ in used),
            custom=rules,
            keep_channel=not regroup,
        )
    except ValueError as err:
        st.error(t("traffic.error.data", error=user_error(err)))
        st.stop()
    if mix.daily.empty:
        st.warning(t("traffic.error.data", error="0 rows"))
        st.stop()
    return mix


def _pick_dates(key: str, label: str, where, **kwargs) -> tuple[pd.Timestamp, pd.Timestamp]:
    picked = where.date_input(label, key=key, **kwargs)
    if not isinstance(picked, tuple | list) or len(picked) != 2:
        st.info(t("traffic.pick_range"))
        st.stop()
    return tuple(pd.Timestamp(d) for d in picked)


def period_controls(daily: pd.DataFrame) -> tuple[pd.Timestamp, ...]:
    """The period and comparison pickers and the periods line: (start, end, pstart, pend);
    stops the page when a range is incomplete or holds no data."""
    lo, hi = (d.date() for d in tr.day_span(daily))
    d_start, d_end = tr.default_window(lo, hi)
    c1, c2 = st.columns([2, 3])
    picked = c1.date_input(
        t("traffic.range"),
        value=(d_start.date(), d_end.date()),
        min_value=lo,
        max_value=hi,
        key="traffic.range",
    )
    how = choice(
        t("traffic.compare"),
        COMPARE,
        prefix="traffic.compare",
        default="previous",
        key="traffic.compare",
        where=c2,
    )
    if not isinstance(picked, tuple | list) or len(picked) != 2:
        st.info(t("traffic.pick_range"))
        st.stop()
    start, end = (pd.Timestamp(d) for d in picked)
    c3, c4 = st.columns([2, 3], vertical_alignment="center")
    if how == "custom":
        p_default = tr.previous_period(start, end)
        pstart, pend = _pick_dates(
            "traffic.compare_range",
            t("traffic.compare_range"),
            c3,
            value=(p_default[0].date(), p_default[1].date()),
        )
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
    if not tr.has_days(daily, start, end):
        st.warning(t("traffic.empty_range", lo=f"{lo:%Y-%m-%d}", hi=f"{hi:%Y-%m-%d}"))
        st.stop()
    return start, end, pstart, pend


def traffic_context(mix: tr.TrafficMix, rules: pd.DataFrame, version: int) -> TrafficContext:
    """The page's context: the periods picked (drawn here), the channel table for them,
    channel labels and the channel picked in a chart."""
    start, end, pstart, pend = period_controls(mix.daily)
    names = [str(c) for c in mix.daily["channel"].unique()] + list(tr.CHANNELS)
    return TrafficContext(
        mix,
        rules,
        version,
        start,
        end,
        pstart,
        pend,
        tr.channel_table(mix, start, end, pstart, pend),
        tr.has_days(mix.daily, pstart, pend),
        label_overrides(names),
        state.get("traffic.picked"),
    )


def notes_section(ctx: TrafficContext) -> None:
    """Notes that say what the numbers are (which file each figure comes from)."""
    mix = ctx.mix
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
    if not ctx.has_prev:
        st.caption(t("traffic.no_prev"))


def kpis_section(ctx: TrafficContext) -> None:
    """Four KPI cards for the period (volume, revenue, conversion, ROAS) with changes."""
    total, has_prev, lang = ctx.table.loc["Total"], ctx.has_prev, state.get_lang()
    k = st.columns(4)
    if ctx.mix.volume:
        k[0].metric(
            t(f"traffic.col.{ctx.vol_name}"),
            fmt_num(total["volume"]),
            delta=fmt_pct(total["volume_change"]) if has_prev else None,
            delta_color=shop.delta_color(),
            help=t(f"traffic.help.{ctx.vol_name}"),
        )
    k[1].metric(
        t("traffic.kpi.revenue"),
        fmt_money(total["revenue"], 0),
        delta=fmt_pct(total["revenue_change"]) if has_prev else None,
        delta_color=shop.delta_color(),
        help=t("traffic.help.revenue"),
    )
    k[2].metric(
        t("traffic.kpi.cr"),
        fmt_pct(total["cr"], 2),
        delta=fmt.pp(total["cr_change"], lang, 2)
        if has_prev and pd.notna(total["cr_change"])
        else None,
        delta_color=shop.delta_color(),
        help=t("traffic.help.cr"),
    )
    k[3].metric(
        t("traffic.kpi.roas"),
        fmt_num(total["roas"], 2),
        delta=fmt_pct(total["roas_change"])
        if has_prev and pd.notna(total["roas_change"])
        else None,
        delta_color=shop.delta_color(),
        help=t("traffic.help.roas"),
    )


def _table_column(ctx: TrafficContext, view: pd.DataFrame, config: dict, c: str) -> None:
    """Add metric ``c`` (and its change when there is a previous period) to the table."""
    table, vol = ctx.table, ctx.vol_name
    name = t(f"traffic.col.{vol if c == 'volume' else c}")
    help_text = t(f"traffic.help.{vol if c == 'volume' else c}")
    vals = table[c].to_numpy()
    if c in PCT:
        view[name] = vals * 100
        config[name] = st.column_config.NumberColumn(name, help=help_text, format="%.1f%%")
    elif c in MONEY or c == "roas":
        view[name] = vals
        kind = "money" if c in MONEY else "number"
        form = fmt.column_format(kind, shop.currency(), vals)
        config[name] = st.column_config.NumberColumn(name, help=help_text, format=form)
    else:
        view[name] = vals
        config[name] = st.column_config.NumberColumn(name, help=help_text, format="%,.0f")
    if ctx.has_prev:
        dname = t("traffic.col.change", name=name)
        view[dname] = table[f"{c}_change"].to_numpy() * 100
        config[dname] = st.column_config.NumberColumn(
            dname,
            help=t("traffic.help.change"),
            format=fmt.column_format("pp", lang=state.get_lang()) if c in PCT else "%+.1f%%",
        )


def table_section(ctx: TrafficContext) -> None:
    """Tab 1: one row per channel, every metric and its change, with downloads."""
    table = ctx.table
    cols = [c for c in SHOW if table[c].notna().any()]
    if ctx.mix.volume is None:
        cols = [c for c in cols if c not in ("volume", "volume_share", "cr", "uv_value")]
    view = pd.DataFrame({t("traffic.col.channel"): [ctx.label(c) for c in table.index]})
    config: dict = {}
    for c in cols:
        _table_column(ctx, view, config, c)
    st.dataframe(
        view, hide_index=True, column_config=config, key="traffic.table", placeholder=fmt.NA
    )
    st.caption(t("traffic.download"))
    download_buttons(view, "traffic_channels", key="traffic.download")


def _mix_chart(ctx: TrafficContext, over: pd.DataFrame, value: str, common: dict) -> None:
    extra = {"fmt": ",.2f"} if value == "revenue" else {}
    title = "volume" if value == "volume" else "revenue"
    ev = st.altair_chart(
        mix_area(
            over,
            value=value,
            title=t(f"traffic.chart.mix_{title}"),
            value_title=t(f"traffic.col.{ctx.vol_name if value == 'volume' else 'revenue'}"),
            **extra,
            **common,
        ),
        width="stretch",
        on_select="rerun",
        selection_mode=PICK,
        key=f"traffic.mix_{value}_chart",
    )
    take_pick(ctx, ev, f"mix_{value}")


def mix_section(ctx: TrafficContext) -> None:
    """Tab 2: the channel mix over time (volume and revenue), days / weeks / months."""
    st.caption(t("traffic.chart.hint"))
    m1, m2 = st.columns(2)
    freq = choice(
        t("traffic.freq"),
        ["D", "W", "M"],
        prefix="traffic.freq",
        default=tr.default_freq(ctx.start, ctx.end),
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
    over = tr.mix_in_order(tr.mix_over_time(ctx.mix, ctx.start, ctx.end, freq), ctx.channels)
    over = over.assign(label=over["channel"].map(ctx.label))
    common = dict(
        labels=ctx.labels,
        normalize=stack == "pct",
        period_title=t("traffic.chart.period"),
        channel_title=t("traffic.col.channel"),
        share_title=t("traffic.chart.share"),
        time_unit={"D": "yearmonthdate", "W": "yearmonthdate", "M": "yearmonth"}[freq],
        picked=ctx.picked_label,
    )
    if ctx.mix.volume and "volume" in over:
        _mix_chart(ctx, over, "volume", common)
    if "revenue" in over:
        _mix_chart(ctx, over, "revenue", common)
