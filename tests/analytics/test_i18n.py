"""Both string tables are complete and agree on placeholders; every t() key exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import lang_from_locale, tables, text

ROOT = Path(__file__).resolve().parents[2]


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def test_tables_have_same_keys():
    tb = tables()
    assert set(tb["en"]) == set(tb["zh"])
    assert len(tb["en"]) > 50


@pytest.mark.parametrize("key", sorted(tables()["en"]))
def test_both_languages_filled_with_same_placeholders(key):
    en, zh = tables()["en"][key], tables()["zh"][key]
    assert en.strip() and zh.strip()
    assert _fields(en) == _fields(zh), key


def test_chinese_side_is_chinese_where_english_has_words():
    tb = tables()
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [
        k
        for k, en in tb["en"].items()
        if len(re.findall(r"[A-Za-z]{3,}", en)) >= 3 and not han.search(tb["zh"][k])
    ]
    assert not untranslated, untranslated[:10]


def test_every_literal_key_used_in_code_exists():
    keys = set(tables()["en"])
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "views").glob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        used |= set(
            re.findall(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z0-9_.]+)["']""", path.read_text("utf-8"))
        )
    missing = sorted(used - keys)
    assert not missing, missing


def test_unknown_key_shows_itself_and_params_fill():
    assert text("no.such.key", "en") == "no.such.key"
    assert text("sidebar.rows", "en", rows="1,000") == "1,000 rows"
    assert text("sidebar.rows", "zh", rows="1,000") == "1,000 行"


@pytest.mark.parametrize(
    "locale,lang",
    [
        ("zh-CN", "zh"),
        ("zh", "zh"),
        ("zh-Hans-CN", "zh"),
        ("en-US", "en"),
        (None, "en"),
        ("fr-FR", "en"),
    ],
)
def test_lang_from_browser_locale(locale, lang):
    assert lang_from_locale(locale) == lang
