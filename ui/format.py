"""How numbers and money are written everywhere: metrics, tables, charts and the report.

Pure functions (no Streamlit): the caller passes the shop currency (an ISO code such
as ``"CNY"``, see :mod:`ui.shop`) and the language. One rule set:

- **money**: the currency symbol in front (``¥1,234``); 2 decimals under 1,000
  (``¥441.05``), whole units from 1,000 up (``¥15,363``): cents do not matter on a
  figure in the thousands, and under 1,000 (a price, an order value) they do;
- **counts and other numbers**: thousands separators; whole numbers show no
  decimals (``115``), others get decimals by magnitude (``0.53``, ``12.4``, ``3,812``);
- **percentages** from fractions (``0.123`` -> ``12.3%``), **percentage points** for a
  difference of two percentages (``+1.2 pp`` / ``+1.2 个百分点``);
- a missing value (None, NaN, infinite) is an em dash, never "None" or "nan".

The same rules exist as printf formats for ``st.column_config.NumberColumn``
(:func:`column_format`) and as d3/Vega formats and label expressions for Altair
(:func:`d3_format`, :func:`axis_label_expr`). Rises and falls are coloured by a
setting (:func:`rise_fall_colours`; red means up in Chinese use).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "NA",
    "CURRENCIES",
    "SYMBOLS",
    "symbol",
    "is_na",
    "money_digits",
    "number_digits",
    "money",
    "number",
    "count",
    "pct",
    "pp",
    "signed",
    "compact",
    "metric",
    "metric_kind",
    "column_format",
    "d3_format",
    "axis_label_expr",
    "tooltip_title",
    "default_red_up",
    "rise_fall_colours",
    "delta_color",
    "UP_RED",
    "DOWN_GREEN",
]

NA = "—"

#: the currencies offered in the settings (ISO code -> symbol)
SYMBOLS: dict[str, str] = {
    "CNY": "¥",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "JP¥",
    "HKD": "HK$",
    "INR": "₹",
    "KRW": "₩",
}
CURRENCIES = tuple(SYMBOLS)

#: money from this size up is shown in whole units
_WHOLE_FROM = 1000.0

UP_RED = "#d62728"  # rises in red (Chinese convention) ...
DOWN_GREEN = "#2ca02c"  # ... and falls in green; swapped for the Western convention


def symbol(currency: str | None) -> str:
    """The symbol of ``currency`` (``"CNY"`` -> ``"¥"``); an unknown code is shown as itself."""
    if not currency:
        return ""
    return SYMBOLS.get(currency, f"{currency} ")


def is_na(x: Any) -> bool:
    """None, NaN, NaT, pd.NA and infinities are not numbers to show."""
    if x is None:
        return True
    try:
        f = float(x)
    except (TypeError, ValueError):
        try:
            return bool(x != x)  # NaT, pd.NA
        except (TypeError, ValueError):
            return True
    return not math.isfinite(f)


def money_digits(x: float) -> int:
    """2 decimals under 1,000, none from 1,000 up."""
    return 2 if abs(x) < _WHOLE_FROM else 0


def _magnitude_digits(ax: float) -> int:
    return 0 if ax >= 100 else 1 if ax >= 10 else 2


def number_digits(x: float) -> int:
    """Decimals of a plain number by magnitude: whole numbers and >= 100: 0; >= 10: 1; else 2."""
    return 0 if float(x).is_integer() else _magnitude_digits(abs(x))


def _sign(x: float, signed: bool) -> str:
    if x < 0:
        return "-"
    return "+" if signed and x > 0 else ""


def money(
    x: Any, currency: str | None = None, *, digits: int | None = None, signed: bool = False
) -> str:
    """``1234.6`` -> ``"¥1,235"``, ``441.053`` -> ``"¥441.05"``, ``-12`` -> ``"-¥12.00"``."""
    if is_na(x):
        return NA
    x = float(x)
    d = money_digits(round(x, 2)) if digits is None else digits  # 999.999 is ¥1,000
    body = f"{abs(x):,.{d}f}"
    if float(body.replace(",", "")) == 0:
        x = 0.0  # no "-¥0"
    return f"{_sign(x, signed)}{symbol(currency)}{body}"


def number(x: Any, digits: int | None = None, *, signed: bool = False) -> str:
    """``21120`` -> ``"21,120"``, ``115.0`` -> ``"115"``, ``2.5317`` -> ``"2.53"``."""
    if is_na(x):
        return NA
    x = float(x)
    d = number_digits(x) if digits is None else digits
    if round(x, d) == 0:
        x = 0.0  # no "-0.00" nor "+0"
    return f"{_sign(x, signed)}{abs(x):,.{d}f}"


def count(x: Any) -> str:
    """A whole count with thousands separators (``3811.6`` -> ``"3,812"``)."""
    return number(x, 0)


def pct(x: Any, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``0.1234`` -> ``"12.3%"`` (``"+12.3%"`` when ``signed``)."""
    if is_na(x):
        return NA
    v = float(x) * 100
    if round(v, digits) == 0:
        v = 0.0  # no "-0.0%"
    return f"{v:+,.{digits}f}%" if signed and v != 0 else f"{v:,.{digits}f}%"


def pp(x: Any, lang: str = "en", digits: int = 1) -> str:
    """A difference of two fractions in percentage points: ``0.012`` -> ``"+1.2 pp"``."""
    if is_na(x):
        return NA
    v = float(x) * 100
    body = f"{v:+,.{digits}f}" if round(v, digits) != 0 else f"{0:.{digits}f}"
    return f"{body} 个百分点" if lang == "zh" else f"{body} pp"


def signed(x: Any, digits: int | None = None) -> str:
    """A change with its sign (``+1,234``, ``-0.53``)."""
    return number(x, digits, signed=True)


_UNITS = {"en": ((1e9, "B"), (1e6, "M"), (1e3, "K")), "zh": ((1e8, "亿"), (1e4, "万"))}


def compact(x: Any, lang: str = "en", currency: str | None = None) -> str:
    """Short form for tight places: ``1234567`` -> ``"1.2M"`` (``"123.5万"`` in Chinese)."""
    if is_na(x):
        return NA
    x = float(x)
    for size, unit in _UNITS.get(lang, _UNITS["en"]):
        if abs(x) >= size:
            return f"{_sign(x, False)}{symbol(currency)}{abs(x) / size:,.1f}{unit}"
    return money(x, currency) if currency else number(x)


#: the KPI names (``analytics.kpi`` / the report) and how each is written
MONEY_METRICS = frozenset({"gmv", "aov", "spend", "refunds", "revenue", "cpa", "cpc", "arpu"})
PCT_METRICS = frozenset({"cr", "repurchase", "payment_success", "ctr", "refund_rate"})
COUNT_METRICS = frozenset(
    {"orders", "buyers", "visitors", "new_buyers", "returning_buyers", "sessions", "customers"}
)


def metric_kind(name: str) -> str:
    """``money``, ``pct``, ``count`` or ``number`` for a KPI name."""
    if name in MONEY_METRICS:
        return "money"
    if name in PCT_METRICS:
        return "pct"
    return "count" if name in COUNT_METRICS else "number"


def metric(name: str, value: Any, currency: str | None = None) -> str:
    """A KPI as shown on cards and in the report: ``metric("gmv", 275863.4, "CNY")`` ->
    ``"¥275,863"``, ``metric("cr", 0.0213)`` -> ``"2.13%"``, ``metric("roas", 2.5)`` -> ``"2.50"``."""
    kind = metric_kind(name)
    if kind == "money":
        return money(value, currency)
    if kind == "pct":
        return pct(value, 2)
    if kind == "count":
        return count(value)
    return number(value, 2)


# ---- tables (st.column_config.NumberColumn printf formats) ----------------------------


def column_format(
    kind: str,
    currency: str | None = None,
    values: Any = None,
    *,
    lang: str = "en",
    digits: int | None = None,
) -> str:
    """A printf format for a table column of ``kind``.

    ``money`` (``"¥%,.2f"``; whole units when the typical value is >= 1,000), ``count``
    (``"%,.0f"``), ``number`` (no decimals when all ``values`` are whole, else by the
    typical magnitude), ``pct`` (fractions, Streamlit's ``"percent"``), ``pct100``
    (values already in percent: ``"%.1f%%"``), ``pp`` (signed percentage points in
    ``lang``, values in percent units), ``delta`` (a signed number). ``digits`` fixes the
    decimals of money.
    """
    typical = _typical(values)
    if kind == "money":
        d = digits if digits is not None else 2 if typical is None else money_digits(typical)
        return f"{symbol(currency)}%,.{d}f"
    if kind == "count":
        return "%,.0f"
    if kind == "number":
        return f"%,.{_column_digits(values)}f"
    if kind == "pct":
        return "percent"
    if kind == "pct100":
        return "%.1f%%"
    if kind == "pp":
        return "%+.2f 个百分点" if lang == "zh" else "%+.2f pp"
    if kind == "delta":
        return "%+,.2f"
    raise ValueError(kind)


def _column_digits(values: Any) -> int:
    """One number of decimals for a column: 0 when every value is whole, else by magnitude."""
    vals = [float(v) for v in (values if values is not None else ()) if not is_na(v)]
    if vals and all(v.is_integer() for v in vals):
        return 0
    typical = _typical(vals)
    return 2 if typical is None else _magnitude_digits(typical)


def _typical(values: Any) -> float | None:
    """The median absolute finite value of ``values`` (None when there is none)."""
    if values is None:
        return None
    vals = [abs(float(v)) for v in values if not is_na(v)]
    if not vals:
        return None
    vals.sort()
    return vals[len(vals) // 2]


# ---- charts (Altair / Vega) ----------------------------------------------------------


def d3_format(kind: str, values: Any = None) -> str:
    """A d3 format for tooltips: ``money`` -> ``",.2f"`` (``",.0f"`` for large values),
    ``count`` -> ``",.0f"``, ``number`` -> by magnitude, ``pct`` -> ``".1%"``,
    ``pp`` -> ``"+.1f"``."""
    typical = _typical(values)
    if kind == "money":
        return f",.{2 if typical is None else money_digits(typical)}f"
    if kind == "count":
        return ",.0f"
    if kind == "number":
        return f",.{_column_digits(values)}f"
    if kind == "pct":
        return ".1%"
    if kind == "pp":
        return "+.1f"
    raise ValueError(kind)


def axis_label_expr(kind: str = "money", currency: str | None = None, lang: str = "en") -> str:
    """A Vega ``labelExpr`` writing axis ticks compactly and correctly.

    ``¥1.2M`` / ``¥120万``: never ``0k`` (zero is ``0``, numbers under 10,000 are written
    out with separators, no SI prefixes such as ``m`` for thousandths). ``kind`` is
    ``money`` (with the currency symbol) or ``count``/``number``.
    """
    sym = symbol(currency) if kind == "money" else ""
    sym = sym.replace("\\", "\\\\").replace("'", "\\'")
    v = "abs(datum.value)"
    out = f"format({v}, {v} < 10 && {v} != floor({v}) ? ',.2~f' : ',.0f')"
    for size, unit in reversed(_UNITS.get(lang, _UNITS["en"])):
        size_from = max(size, 1e4)  # thousands are written out up to 10,000
        out = f"{v} >= {size_from:.0f} ? format({v} / {size:.0f}, ',.3~r') + '{unit}' : ({out})"
    return f"(datum.value < 0 ? '-' : '') + '{sym}' + ({out})"


def tooltip_title(title: str, currency: str | None) -> str:
    """A tooltip / axis title naming the currency: ``"GMV (¥)"``."""
    s = symbol(currency).strip()
    return f"{title} ({s})" if s else title


# ---- rises and falls ------------------------------------------------------------------


def default_red_up(lang: str) -> bool:
    """Chinese readers (生意参谋 and most Chinese dashboards) read red as up; others green."""
    return lang == "zh"


def rise_fall_colours(red_up: bool) -> tuple[str, str]:
    """(colour of a rise, colour of a fall)."""
    return (UP_RED, DOWN_GREEN) if red_up else (DOWN_GREEN, UP_RED)


def delta_color(red_up: bool) -> str:
    """``st.metric(delta_color=...)``: Streamlit draws rises green in ``"normal"``; with red
    for rises the colours are swapped (``"inverse"``). The colour says the direction."""
    return "inverse" if red_up else "normal"
