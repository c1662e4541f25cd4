"""The Chinese-screen test: in 简体中文 no English word reaches the screen.

Every page runs with the sample data, with no data, and (Import page) with a broken
file. All visible text is collected: markdown, captions, headings, alerts, metric
labels, widget labels, tab and expander labels, table column headers, and the
titles, axis titles and tooltips of charts. An ASCII word of three letters or more
is a defect unless it is a data value (it occurs in the loaded data), a unit or a
proper name of the allow-list below.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.app.conftest import make_app, sample_datasets

PAGES = [
    "pages/home.py",
    "pages/data.py",
    "pages/traffic.py",
    "pages/funnel.py",
    "pages/retention.py",
    "pages/pricing.py",
    "pages/segments.py",
    "pages/budget.py",
    "pages/experiments.py",
]

# Proper names, abbreviations and units a Chinese analyst reads as they are.
ALLOWED = {
    "GMV",
    "AOV",
    "ROAS",
    "ROI",
    "CPA",
    "CPC",
    "CPM",
    "CTR",
    "CVR",
    "UV",
    "PV",
    "RFM",
    "CSV",
    "TSV",
    "Excel",
    "XLSX",
    "xlsx",
    "csv",
    "Parquet",
    "parquet",
    "JSON",
    "GA4",
    "GA360",
    "Shopify",
    "SKU",
    "SKUs",
    "ID",
    "URL",
    "PDF",
    "HTML",
    "k-means",
    "means",
    "KPI",
    "KPIs",
    "UTC",
    "GBK",
    "UTF",
    "Google",
    "Analytics",
    "Ads",
    "Meta",
    "Amazon",
    "Tmall",
    "Taobao",
    "WooCommerce",
    "Magento",
    "BigCommerce",
    "Streamlit",
    "Vega",
    "Altair",
    "Noto",
    "CJK",
    "fonts",
    "noto",
    "cjk",
    "MAPE",
    "SMAPE",
    "LTV",
    "CAC",
    "MoM",
    "YoY",
    "WoW",
    "Hill",
    # the Experiments page's methods, by their authors' and tools' names
    "Welch",
    "Holm",
    "Bonferroni",
    "Beta",
    "Delta",
    "Cohen",
    "Robbins",
    "Howard",
    "Waudby-Smith",
    "GrowthBook",
    "Statsig",
    "statsmodels",
    "NormalIndPower",
    "Tableau",
    "RGB",
    "MB",
    "KB",
    "GB",
    "utm",
    "UTM",
    "source",
    "medium",  # GA4 dimension names shown beside their Chinese label
    "TXT",
    "K-means",
    "log1p",
    "Keepa",
    "Prisync",
    "Dealavo",
    "adstock",
    "Fisher",
    "Shapley",
    "GB18030",
    "UTF-8",
    "UTF-16",
    "xls",
    "pandas",  # the engine names in the pages' caption
    "DuckDB",
    "PostgreSQL",
    "Spark",
    "BigQuery",
    "ClickHouse",
    "Wilson",
    "Mixpanel",
    "PostHog",
    "Amplitude",
    "BG",
    "NBD",
    "Gamma",
    "Gamma-Gamma",  # BG/NBD and Gamma-Gamma, the models' names
    "Online",
    "Retail",  # the public "Online Retail" data set
    "Unicode",
    "gb18030",
    "source_category",  # literal column headers a channel-rules file must have
    "channel",
    "view",
    "page_view",  # example event names in the step picker's help
}

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*[A-Za-z0-9]")


def _data_words(datasets) -> set[str]:
    """Every ASCII word that occurs in the loaded data (values and column names)."""
    words: set[str] = set()
    for ds in datasets:
        frame = ds.frame
        for col in frame.columns:
            words.update(WORD.findall(str(col)))
            if frame[col].dtype == object or str(frame[col].dtype) in ("string", "category"):
                for value in frame[col].dropna().astype(str).unique()[:5000]:
                    words.update(WORD.findall(value))
    return words


def _spec_texts(spec: dict) -> list[str]:
    """Titles, axis and legend titles and tooltip titles of a Vega-Lite spec."""
    out: list[str] = []

    skip = ("tooltip", "text", "detail", "order", "href", "key", "x2", "y2", "theta2", "radius2")

    def channel_titles(view: dict) -> dict[str, tuple[bool, list[str]]]:
        """Per channel of a view and its layers: (an explicit title exists, implicit titles).
        Vega-Lite titles an axis or legend by its field name when no layer gives a title."""
        acc: dict[str, tuple[bool, list[str]]] = {}
        for channel, v in (view.get("encoding") or {}).items():
            if channel in skip or not isinstance(v, dict) or "field" not in v:
                continue
            if ("axis" in v and v["axis"] is None) or ("legend" in v and v["legend"] is None):
                continue
            explicit, implicit = acc.get(channel, (False, []))
            if "title" in v:
                acc[channel] = (True, implicit)
            else:
                acc[channel] = (explicit, [*implicit, str(v["field"])])
        for sub in view.get("layer") or []:
            for channel, (e, imp) in channel_titles(sub).items():
                explicit, implicit = acc.get(channel, (False, []))
                acc[channel] = (explicit or e, implicit + imp)
        return acc

    def untitled(view: dict) -> None:
        for explicit, implicit in channel_titles(view).values():
            if not explicit:
                out.extend(implicit)

    def walk(node, key=None):
        if isinstance(node, dict):
            if ("encoding" in node or "layer" in node) and key != "layer":
                untitled(node)
            for k, v in node.items():
                if k in ("data", "datasets", "config", "params", "$schema"):
                    continue
                if k == "title" and isinstance(v, str | list):
                    out.extend(v if isinstance(v, list) else [v])
                elif k == "tooltip":
                    for tip in v if isinstance(v, list) else [v]:
                        if isinstance(tip, dict) and "field" in tip:
                            out.append(tip["title"] if "title" in tip else tip["field"])
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(spec)
    return [str(s) for s in out]


def _headers(el) -> list[str]:
    """The column headers a table shows: its column_config labels, else the names."""
    proto = getattr(el, "proto", None)
    columns = getattr(proto, "columns", "") if hasattr(proto, "column_order") else ""
    config = json.loads(columns) if columns else {}
    order = list(proto.column_order) if columns else []
    out = []
    for col in el.value.columns:
        conf = config.get(str(col)) or config.get(f"_pos:{list(el.value.columns).index(col)}", {})
        if conf.get("hidden") or (order and str(col) not in order):
            continue
        out.append(str(conf.get("label") or col))
    return out


def _charts(at) -> list:
    return [*at.get("vega_lite_chart"), *at.get("arrow_vega_lite_chart")]


def _texts(at) -> list[str]:
    """All visible text of the app's current run."""
    texts: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "info",
        "warning",
        "error",
        "success",
        "exception",
    ):
        for el in getattr(at, kind):
            texts.append(str(el.value))
    for m in at.metric:
        texts.append(m.label)
    for kind in (
        "button",
        "checkbox",
        "toggle",
        "selectbox",
        "multiselect",
        "radio",
        "slider",
        "select_slider",
        "number_input",
        "text_input",
        "date_input",
        "text_area",
    ):
        for el in getattr(at, kind):
            texts.append(str(getattr(el, "label", "") or ""))
            help_ = getattr(el, "help", None)
            if help_:
                texts.append(str(help_))
            if kind == "multiselect":  # an empty list's placeholder ("" = Streamlit's English)
                texts.append(str(el.proto.placeholder or "Choose options"))
    for el in at.get("download_button"):
        texts.append(str(el.proto.label))
    for kind in ("tabs", "expander"):
        for el in getattr(at, kind):
            texts.append(str(getattr(el, "label", "")))
    for el in [*at.dataframe, *at.table, *getattr(at, "data_editor", [])]:
        texts.extend(_headers(el))
        frame = el.value
        for col in frame.columns:  # "None"/"nan" cells are not data
            if frame[col].dtype == object:
                cells = frame[col].astype(str).unique()
                texts.extend(c for c in cells if c in ("None", "nan", "NaN", "NaT"))
    for chart in _charts(at):
        spec = json.loads(chart.proto.spec)
        texts.extend(_spec_texts(spec))
    return texts


def _english(texts: list[str], data_words: set[str]) -> list[tuple[str, str]]:
    bad = []
    for s in texts:
        if s in ("None", "nan", "NaN", "NaT"):
            bad.append((s, s))
            continue
        # user data is shown as inert Markdown (backslash escapes, word joiners): as displayed
        shown = re.sub(r"\\(.)", r"\1", s).replace("\u2060", "")
        # inline code and links are names the user typed or file names
        clean = re.sub(r"https?://\S+", " ", shown)
        # connection URLs, paths, settings files and environment variables are typed as shown
        clean = re.sub(r"\b[0-9a-f]{8,}\b", " ", clean)  # workspace ids (8+ hex digits)
        clean = re.sub(r"[a-z]+://[^\s、，。；）)]*", " ", clean)
        clean = re.sub(r"(?<![\w.])[./][\w.\-/*]+", " ", clean)
        clean = re.sub(r"\[[a-z_]+\] ?[a-z_]*|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", clean)
        clean = re.sub(r"[\w.\-/]+\.(csv|tsv|txt|xlsx|xls|parquet|gz|json|zip|toml)\b", " ", clean)
        for w in WORD.findall(clean):
            if len(w) < 3 or w in ALLOWED or w in data_words or w.isupper() and len(w) <= 4:
                continue
            if re.fullmatch(r"[0-9A-Fa-f]+", w) and any(ch.isdigit() for ch in w):
                continue
            bad.append((w, s[:120]))
    return bad


def _check(at, data_words):
    assert not at.exception, [e.value for e in at.exception]
    bad = _english(_texts(at), data_words)
    assert not bad, " | ".join(f"{w}: {s[:60]}" for w, s in sorted(dict(bad).items()))


@pytest.mark.parametrize("page", PAGES)
def test_chinese_with_sample_data(page):
    datasets = sample_datasets()
    at = make_app(page, lang="zh", datasets=datasets, timeout=120)
    at.run()
    _check(at, _data_words(datasets))
    if page != "pages/data.py":
        assert _charts(at), "the charts are read too"
    for chart in _charts(at):  # months, weekdays and dates in Chinese (Vega time locale)
        spec = json.loads(chart.proto.spec)
        if '"temporal"' in chart.proto.spec:
            config = spec.get("config", {})
            assert config.get("locale", {}).get("time", {}).get("shortMonths", [""])[0] == "1月"
            assert "年" in config.get("timeFormat", "")


@pytest.mark.parametrize("page", PAGES)
def test_chinese_without_data(page):
    at = make_app(page, lang="zh", timeout=60)
    at.run()
    _check(at, set())


def test_chinese_broken_file_on_import():
    at = make_app("pages/data.py", lang="zh", timeout=60)
    at.run()
    at.file_uploader(key="data.upload").set_value(
        ("broken.csv", b"a,b\n1,2,3,4\n\x00\x01\x02", "text/csv")
    ).run()
    _check(at, set())
    at.file_uploader(key="data.upload").set_value(
        ("junk.xlsx", bytes(range(256)) * 20, "application/vnd.ms-excel")
    ).run()
    _check(at, set())


def test_chinese_import_of_chinese_headed_file():
    """A file with Chinese headers: the mapping, evidence and preview tables name the
    canonical fields in Chinese (``客户 ID``), never by their identifiers (``customer_id``)."""
    import pandas as pd

    from tests.app.conftest import ROOT

    path = ROOT / "sample_data" / "taobao_orders_gbk.csv"
    raw = pd.read_csv(path, encoding="gbk", dtype=str)
    words = {w for v in raw.stack().unique() for w in WORD.findall(str(v))}
    at = make_app("pages/data.py", lang="zh", timeout=90)
    at.run()
    at.file_uploader(key="data.upload").set_value((path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("arrow_data_frame") or at.dataframe, "the import tables are shown"
    bad = _english(_texts(at), words)
    assert not bad, " | ".join(f"{w}: {s[:60]}" for w, s in sorted(dict(bad).items()))


def test_saved_scenarios_follow_the_language():
    """The app's own budget scenarios made in English are named in Chinese after a switch."""
    from ui.i18n import text

    at = make_app("pages/budget.py", lang="en", datasets=sample_datasets("spend"), timeout=120)
    at.run()
    at.button(key="budget.run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    names = set(at.session_state["_settings"]["budget.scenarios"])
    assert {text("budget.sc.current", "en"), text("budget.sc.optimised", "en")} <= names
    at.session_state["app.lang"] = "zh"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    names = set(at.session_state["_settings"]["budget.scenarios"])
    assert {text("budget.sc.current", "zh"), text("budget.sc.optimised", "zh")} <= names
    assert not names & {text("budget.sc.current", "en"), text("budget.sc.optimised", "en")}
    _check(at, _data_words(sample_datasets("spend")))


def test_budget_error_details_in_chinese():
    """A BudgetError listing each channel's reason is Chinese all through (no English details)."""
    import pandas as pd

    from analytics import budget as bud
    from ui.i18n import text

    days = pd.date_range("2025-01-01", periods=3, freq="D")
    frame = pd.DataFrame({"date": days, "channel": "搜索", "spend": 100.0, "revenue": 300.0})
    with pytest.raises(bud.BudgetError) as info:
        bud.fit_curves(frame)
    err = info.value
    assert err.code == "no_channels" and err.params["problems"]
    code, params = err.params["problems"][0]
    # str(err) stays English for notebooks; each reason has its Chinese text
    assert str(bud.BudgetError(code, **params)) in str(err)
    zh = text(f"budget.err.{code}", "zh", **params)
    assert zh and not _english([zh], {"搜索"})


def test_analytics_errors_are_coded_in_both_languages():
    """Every AnalyticsError raised in analytics/ names a message with both texts and the
    same placeholders, and str() of the error is the English text."""
    import pathlib
    import string

    from analytics.messages import STRINGS, AnalyticsError

    root = pathlib.Path(__file__).resolve().parents[2] / "analytics"
    codes = set()
    for path in root.glob("*.py"):
        codes.update(re.findall(r'AnalyticsError\(\s*"([^"]+)"', path.read_text()))
    assert len(codes) >= 40
    for code in codes:
        assert code in STRINGS, code
        en, zh = STRINGS[code]
        names = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, zh)]
        assert names[0] == names[1], code
        assert not _english([re.sub(r"\{[^}]*\}", "", zh)], set()), (code, zh)
    err = AnalyticsError("analytics.kpi.orders_column", column="amount")
    assert isinstance(err, ValueError)
    assert str(err) == "The orders need a 'amount' column; map one on the Data page."
    import pickle

    again = pickle.loads(pickle.dumps(err))
    assert (again.code, again.params, str(again)) == (err.code, err.params, str(err))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_error_text_in_the_users_language(lang, monkeypatch):
    """error_text: a coded error in the user's language, field names included; an uncoded
    error never puts its English sentence on a Chinese screen."""
    from analytics.messages import STRINGS, AnalyticsError
    from ui import state
    from ui.i18n import error_text

    monkeypatch.setattr(state, "get_lang", lambda: lang)
    err = AnalyticsError("analytics.rfm.orders_columns", missing="customer_id, amount")
    shown = error_text(err)
    if lang == "en":  # the fields by the names the Import page shows
        assert shown == STRINGS[err.code][0].format(missing="Customer ID, Amount paid")
    else:
        template = STRINGS["analytics.rfm.orders_columns"][1]
        assert shown == template.format(missing="客户 ID、实付金额")
        assert not _english([shown], set())
    plain_err = ValueError("Some English sentence from a library.")
    assert (error_text(plain_err) == str(plain_err)) == (lang == "en")
    assert not _english([error_text(plain_err)], set()) or lang == "en"


def test_chinese_funnel_table_with_a_bad_file():
    """The Funnel page's own table upload: a file of words only is refused in Chinese."""
    from ui.i18n import text

    at = make_app("pages/funnel.py", lang="zh", timeout=60)
    at.run()
    at.radio(key="funnel.table_source").set_value(text("funnel.table.source.upload", "zh")).run()
    at.file_uploader(key="funnel.table_file").set_value(
        ("steps.csv", "步骤,说明\n浏览,首页\n加购,购物车\n".encode(), "text/csv")
    ).run()
    assert at.error, "the bad table is refused"
    _check(at, {"steps"})
