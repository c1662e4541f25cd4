"""Drawing the weekly report: its charts (the pages' builders, one palette), HTML and PDF.

:mod:`analytics.report` computes the figures (a :class:`~analytics.report.Report`
of sections, each with its chart's data); this module draws them. Charts are
Altair specs converted offline by ``vl-convert-python`` (SVG for the HTML, PNG
for the PDF); the PDF is written with ``fpdf2`` using a system font that covers
Chinese (Noto Sans CJK, WenQuanYi, ...) when one is found. Every user value is
HTML-escaped. No ``st`` calls here.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from analytics import kpi
from analytics import report as rep
from ui import format as fmt
from ui.charts import PALETTE, amount_axis, localise
from ui.charts_budget import curves_chart
from ui.charts_experiments import interval_chart
from ui.charts_funnel import funnel_chart
from ui.charts_pricing import index_line
from ui.charts_segments import segment_bars
from ui.i18n import channel_label, stage_name

__all__ = [
    "FONT_CANDIDATES",
    "report_style",
    "trend_chart",
    "tree_chart",
    "section_chart",
    "to_html",
    "to_pdf",
    "find_font",
    "build_files",
]

FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
)
_UP, _DOWN = PALETTE[4], PALETTE[2]


def report_style(lang: str = "en", currency: str | None = None) -> rep.Style:
    """How the report writes figures and names, as the pages do: money through
    :mod:`ui.format` with the shop ``currency``, channel and funnel-step names in ``lang``
    (:func:`ui.i18n.channel_label`, :func:`ui.i18n.stage_name`)."""
    return rep.Style(
        metric=lambda m, v: fmt.metric(m, v, currency),
        signed_money=lambda v: fmt.money(v, currency, signed=True),
        channel=lambda name: channel_label(name, lang),
        step=lambda label: stage_name(label, lang),
        currency=currency,
    )


# ---------------------------------------------------------------------------
# Charts (shared with the Overview page)


def trend_chart(
    daily: pd.DataFrame, metric: str, period: kpi.Period, label: str, *, weeks: int = 8
) -> alt.Chart:
    """The daily ``metric`` over the last ``weeks`` weeks to the period's end, the period shaded."""
    return _trend(rep.trend_frame(daily, metric, period, weeks), period, label)


def _trend(
    frame: pd.DataFrame, period: kpi.Period, label: str, axis: alt.Axis | None = None
) -> alt.Chart:
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%m-%d")),
        y=alt.Y("value:Q", title=label, axis=axis or alt.Axis()),
        tooltip=[alt.Tooltip("date:T"), alt.Tooltip("value:Q", format=",.2f", title=label)],
    )
    band = (
        alt.Chart(pd.DataFrame({"a": [period.start], "b": [period.end]}))
        .mark_rect(opacity=0.12, color=PALETTE[0])
        .encode(x="a:T", x2="b:T")
    )
    return (band + base.mark_line(color=PALETTE[0]) + base.mark_point(size=20)).properties(
        height=260
    )


def tree_chart(
    tree: pd.DataFrame,
    labels: Mapping[str, str],
    start: str,
    end: str,
    *,
    currency: str | None = None,
    lang: str = "en",
) -> alt.Chart:
    """A waterfall from the previous GMV through each driver's contribution to GMV now
    (amounts in ``currency`` on the axis)."""
    prev_gmv = float(np.prod(tree["previous"]))
    rows, level = [{"step": start, "lo": 0.0, "hi": prev_gmv, "kind": "total"}], prev_gmv
    for r in tree.itertuples():
        nxt = level + float(r.contribution)
        kind = "up" if r.contribution >= 0 else "down"
        rows.append({"step": labels.get(r.driver, r.driver), "lo": level, "hi": nxt, "kind": kind})
        level = nxt
    rows.append({"step": end, "lo": 0.0, "hi": level, "kind": "total"})
    frame = pd.DataFrame(rows)
    frame["amount"] = frame["hi"] - frame["lo"]
    order = frame["step"].tolist()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "step:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelAngle=-25, labelOverlap=False, labelLimit=160),
            ),
            y=alt.Y("lo:Q", title="GMV", axis=amount_axis(currency, lang)),
            y2="hi:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["total", "up", "down"], range=[PALETTE[0], _UP, _DOWN]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("step:N"), alt.Tooltip("amount:Q", format="+,.2f")],
        )
        .properties(height=280)
    )


def _channel_bars(
    data: pd.DataFrame, labels: Mapping[str, str], axis: alt.Axis | None = None
) -> alt.Chart:
    now, before = labels["now"], labels["before"]
    names = list(dict.fromkeys(data["channel"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=labels["value"], axis=axis or alt.Axis()),
            y=alt.Y("channel:N", sort=names, title=None, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("period:N", sort=[now, before]),
            color=alt.Color(
                "period:N",
                title=None,
                scale=alt.Scale(domain=[now, before], range=[PALETTE[0], PALETTE[9]]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
    )


def section_chart(
    sec: rep.Section,
    period: kpi.Period | None = None,
    *,
    currency: str | None = None,
    lang: str = "en",
):
    """The chart of a report section, drawn by the page builder of its kind (None without one);
    amounts on its axes in ``currency``."""
    lab, data = sec.labels, sec.data
    if not sec.chart or data is None or data.empty:
        return None
    money = amount_axis(currency, lang)
    if sec.chart == "trend":
        kind = fmt.metric_kind(lab.get("metric", ""))
        return _trend(data, period, lab["value"], money if kind == "money" else None)
    if sec.chart == "tree":
        names = dict(zip(data["driver"], data["label"], strict=True))
        return tree_chart(data, names, lab["start"], lab["end"], currency=currency, lang=lang)
    if sec.chart == "channel_bars":
        return _channel_bars(data, lab, money)
    if sec.chart == "segments":
        return segment_bars(
            data,
            segment_title=lab["segment"],
            customers_title=lab["customers"],
            revenue_title=lab["revenue"],
            measure_title=lab["measure"],
        )
    if sec.chart == "funnel":
        return funnel_chart(
            data, users_title=lab["users"], step_title=lab["step"], drop_label=lab["drop"]
        )
    if sec.chart == "experiment":
        return interval_chart(
            data,
            value="rate",
            low="rate_low",
            high="rate_high",
            variant_title=lab["variant"],
            value_title=lab["rate"],
        )
    if sec.chart == "price_index":
        return index_line(
            data, date_title="", index_title=lab["index"], products_title=lab["products"]
        )
    if sec.chart == "budget":
        return curves_chart(
            data,
            x_title=lab["spend"],
            y_title=lab["revenue"],
            columns=2,
            width=280,
            height=180,
            currency=currency,
            lang=lang,
        )
    return None


def _spec(chart: alt.TopLevelMixin, lang: str = "en") -> str:
    chart = (
        localise(chart, lang)
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_legend(labelFontSize=12, titleFontSize=13)
        .configure_range(category=PALETTE)
        .configure_view(strokeWidth=0)
    )
    if not isinstance(chart, alt.FacetChart):
        chart = chart.properties(width=640)
    return chart.to_json()


def _render(report: rep.Report, svg: bool = True, png: bool = True) -> dict[str, tuple]:
    """``{section key: (svg text, png bytes)}``, converted once per report (kept on it)."""
    import vl_convert as vlc

    done = report.__dict__.setdefault("_drawn", {})
    for sec in report.sections:
        got = done.get(sec.key)
        if got is None:
            cur = report.style.currency
            chart = section_chart(sec, report.period, currency=cur, lang=report.lang)
            if chart is None:
                done[sec.key] = ("", b"")
                continue
            got = done[sec.key] = (vlc.vegalite_to_svg(_spec(chart, report.lang)), b"")
        if png and got[0] and not got[1]:
            done[sec.key] = (got[0], vlc.svg_to_png(got[0], scale=1.5))
    return done


# ---------------------------------------------------------------------------
# Files

_CSS = """
body{font-family:-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",
Helvetica,Arial,sans-serif;margin:2rem auto;max-width:960px;color:#1f2937;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid
#4e79a7;padding-bottom:.2rem}.sub{color:#6b7280}.note{color:#4b5563;font-size:.92rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}th,td{border:1px solid #d1d5db;
padding:.3rem .6rem;text-align:right}th{background:#f3f4f6}td:first-child,th:first-child{text-align:left}
.chart svg{max-width:100%;height:auto}ul{padding-left:1.2rem}
"""


def to_html(report: rep.Report) -> str:
    """The report as one self-contained HTML document (inline SVG charts, no external files)."""
    drawn = _render(report, svg=True, png=False)
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if report.lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(report.title)}</h1><p class='sub'>{esc(report.subtitle)}</p>",
    ]
    for sec in report.sections:
        parts.append(f'<section id="{esc(sec.key)}" class="section"><h2>{esc(sec.title)}</h2>')
        if sec.note:
            parts.append(f"<p class='note'>{esc(sec.note)}</p>")
        svg = drawn[sec.key][0]
        if svg:
            # the SVG is produced by vl-convert from our own spec; text inside it is escaped by it
            parts.append(f"<div class='chart'>{svg}</div>")
        if sec.table is not None and len(sec.table):
            parts.append(sec.table.to_html(index=False, escape=True, border=0))
        if sec.lines:
            parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in sec.lines) + "</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def find_font() -> tuple[str, int] | None:
    """A system font file (and collection index) that covers Chinese, else DejaVu, else None."""
    for path, index in FONT_CANDIDATES:
        if Path(path).exists():
            return path, index
    return None


def to_pdf(report: rep.Report) -> bytes:
    """The same report as a PDF (A4, charts as PNG images).

    Raises ``ValueError`` when no Unicode font is found on the system.
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    drawn = _render(report, svg=False, png=True)
    font = find_font()
    if font is None:
        raise ValueError("no Unicode font found on this computer (install fonts-noto-cjk)")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("body", fname=font[0], collection_font_number=font[1])
    for face in pdf.fonts.values():  # the subset keeps the font's own bounding box: no
        face.ttfont.recalcBBoxes = False  # glyph-by-glyph recount of a CJK font (~1 s)
    pdf.set_title(report.title)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("body", size=18)
    pdf.multi_cell(width, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=9)
    pdf.multi_cell(width, 5, report.subtitle, new_x="LMARGIN", new_y="NEXT")
    for sec in report.sections:
        pdf.ln(3)
        pdf.set_font("body", size=14)
        pdf.multi_cell(width, 8, sec.title, new_x="LMARGIN", new_y="NEXT")
        if sec.note:
            pdf.set_font("body", size=9)
            pdf.multi_cell(width, 4.6, sec.note, new_x="LMARGIN", new_y="NEXT")
        png = drawn[sec.key][1]
        if png:
            pdf.image(io.BytesIO(png), w=min(width, 170))
        if sec.table is not None and len(sec.table):
            pdf.set_font("body", size=8)
            with pdf.table(
                text_align="LEFT",
                line_height=4.6,
                width=width,
                first_row_as_headings=True,
                # the font is loaded once, without a bold face (parsing a CJK font twice costs ~0.4 s)
                headings_style=FontFace(emphasis="NONE", fill_color=(243, 244, 246)),
            ) as table:
                table.row([str(c) for c in sec.table.columns])
                for row in sec.table.itertuples(index=False):
                    table.row([str(v) for v in row])
        if sec.lines:
            pdf.set_font("body", size=9)
            for line in sec.lines:
                pdf.multi_cell(width, 4.8, "• " + line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build_files(
    *frames: pd.DataFrame,
    kinds: Sequence[str],
    table: Mapping[str, str],
    lang: str = "en",
    period: kpi.PeriodKind = "week",
    start=None,
    end=None,
    rules: pd.DataFrame | None = None,
    threshold: float = 4.0,
    files: Sequence[str] = (),
    pdf: bool = True,
    traffic_rules: pd.DataFrame | None = None,
    regroup: bool = False,
    currency: str | None = None,
) -> tuple[str, bytes, bytes | None, str | None]:
    """The report files: ``(file name stem, HTML bytes, PDF bytes or None, PDF error or None)``.

    ``frames`` are canonical frames of ``kinds`` (orders, traffic, spend,
    events, prices); ``table`` the strings of the report's language; ``currency`` the
    shop currency (``ui.shop.currency()``) written on every money figure.
    """
    report = rep.build_report(
        dict(zip(kinds, frames, strict=True)),
        translate=rep.table_translator(table),
        lang=lang,
        period=period,
        start=start,
        end=end,
        rules=rules,
        threshold=threshold,
        files=files,
        traffic_rules=traffic_rules,
        regroup=regroup,
        style=report_style(lang, currency),
    )
    html_bytes = to_html(report).encode("utf-8")
    pdf_bytes, pdf_error = None, None
    if pdf:
        try:
            pdf_bytes = to_pdf(report)
        except (ValueError, RuntimeError, OSError) as err:
            pdf_error = str(err)
    return report.filename, html_bytes, pdf_bytes, pdf_error
