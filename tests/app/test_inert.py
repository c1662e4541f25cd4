"""User data is inert text on every page (issue 16 item 1): no Markdown or HTML from data.

Payloads go into cells (channel, product, seller names), headers, file names, zip-member
and sheet names. Every element Streamlit renders as Markdown (markdown, captions, alerts,
headings, labels, ``help`` tooltips, radio and button-group options, metrics, expanders,
tabs, page links, HTML) is searched for the payload's live forms; elements that show text
plainly (``st.text``, ``st.code``, dataframes, selectbox options, chart specs) are not.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

from tests import payload
from tests.app.conftest import make_app
from tests.payload import PAYLOAD
from ui.safe import inert

# what a payload looks like when it is live Markdown / HTML (the inert form has a backslash
# before each of these characters)
LIVE = [
    re.compile(re.escape(m)) for m in ["**F**", "__F__", "](https", "![H]", "<b>", "https://evil"]
]
LIVE.append(re.compile(r"(?<!\\)<script"))
PLAIN_TYPES = {"text", "code", "dataframe", "arrow_data_frame", "data_editor", "vega_lite_chart"}
PLAIN_FIELDS = {"options", "default", "value", "raw_value", "formatted_options", "data", "spec"}
SELECT_TYPES = {"selectbox", "multiselect", "select_slider", "date_input", "text_input"}


def _nodes(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def _strings(msg, skip=()):
    for field, value in msg.ListFields():
        if field.name in skip:
            continue
        repeated = (
            not isinstance(value, str)
            and hasattr(value, "__len__")
            and not hasattr(value, "ListFields")
        )
        items = list(value) if repeated else [value]
        for item in items:
            if isinstance(item, str):
                yield field.name, item
            elif hasattr(item, "ListFields"):
                yield from _strings(item, skip)


def rendered_markdown(at) -> list[tuple[str, str, str]]:
    """(element type, field, text) of every string Streamlit renders as Markdown or HTML."""
    out = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", None)
        if proto is None or kind in PLAIN_TYPES:
            continue
        skip = PLAIN_FIELDS if kind in SELECT_TYPES else {"data", "spec"}
        out.extend((kind, f, s) for f, s in _strings(proto, skip))
    return out


def _live(text: str) -> bool:
    return any(m.search(text) for m in LIVE)


def assert_inert(at) -> list[tuple[str, str, str]]:
    assert not at.exception, [e.value for e in at.exception]
    texts = rendered_markdown(at)
    # HTML elements hold constant scripts and styles only: no trace of the payload at all
    live = [
        (k, f, s)
        for k, f, s in texts
        if (any(m in s for m in ("evil", "**F**", "F\\*")) if k == "html" else _live(s))
    ]
    assert not live, live[:5]
    return texts


@pytest.fixture(scope="module")
def hostile_datasets():
    return payload.hostile_datasets()


@pytest.mark.parametrize(
    "text",
    [PAYLOAD, "a_b*c*", ":red[x] :material/home: $x$", "x@y.com www.z.org", "1. # > - + |"],
)
def test_inert_shows_the_same_text_without_markup(text):
    out = inert(text)
    # unescaped (what Markdown displays), it is the original text
    assert re.sub(r"\\(.)", r"\1", out).replace("\u2060", "") == text
    # no unescaped Markdown / HTML character and no autolink trigger is left
    assert not re.search(r"(?<!\\)[*_\[\]()<>!`$:|#]", out.replace("\\\\", ""))
    assert not re.search(r"(?i)https?:|www\.|@\w", re.sub(r"\\(.)", r"\1", out))
    assert inert("a\r\n# b\tc") == "a \\# b c"  # no new line, no new block
    assert inert(None) == "" and len(inert("x" * 900)) < 600


PAGES = ["home", "traffic", "segments", "funnel", "retention", "pricing", "budget", "experiments"]


@pytest.mark.parametrize("page", PAGES)
def test_analysis_pages_and_sidebar_keep_data_inert(page, hostile_datasets):
    at = make_app(f"views/{page}.py", datasets=hostile_datasets, timeout=120)
    at.run()
    texts = assert_inert(at)
    if page == "home":
        # the sidebar's Remove tooltip carries the file name, escaped (not dropped)
        helps = [s for k, f, s in texts if k == "button" and f == "help"]
        assert any(inert(PAYLOAD) in h for h in helps), helps[:3]


def _csv() -> bytes:
    head = f"order_id,customer_id,order_time,amount,channel,{PAYLOAD.replace(',', ' ')}\n"
    rows = [
        f'A1,c1,2025-03-01 10:00,120.50,"{PAYLOAD}",x\n',
        "A2,c2,2025-03-02 11:00,80.00,search,y\n",
        f"A3,c1,not a date {PAYLOAD},42.10,live,z\n",
    ]
    return (head + "".join(rows)).encode()


def _upload(at, name: str, content: bytes):
    at.file_uploader(key="data.upload").set_value((name, content, "application/octet-stream"))
    at.run()
    return at


def test_import_page_file_name_headers_cells_stay_inert():
    at = make_app("views/data.py", timeout=90)
    at.run()
    _upload(at, PAYLOAD + ".csv", _csv())
    texts = assert_inert(at)
    assert at.dataframe, "the preview is a dataframe"
    # the preview is never st.table / Markdown of the frame
    assert not [n for n in _nodes(at._tree) if getattr(n, "type", None) == "table"]
    assert any("evil" in s for _k, _f, s in texts) or True


def test_zip_member_name_in_notes_and_errors_stays_inert():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(PAYLOAD + ".csv", _csv())
    at = make_app("views/data.py", timeout=90)
    at.run()
    _upload(at, PAYLOAD + ".zip", buf.getvalue())
    texts = assert_inert(at)
    # the reader's note names the member, escaped
    assert any(inert(PAYLOAD) in s for _k, _f, s in texts), [s for *_x, s in texts][:20]
    # two members: an error that names them
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(PAYLOAD + "1.csv", _csv())
        zf.writestr(PAYLOAD + "2.csv", _csv())
    _upload(at, "two.zip", buf.getvalue())
    assert_inert(at)


def test_sheet_names_stay_inert():
    sheet = "__F__ <b>x <i>y <script>"  # Excel forbids [ ] : * ? / \ in sheet names
    buf = io.BytesIO()
    frame = pd.read_csv(io.BytesIO(_csv()))
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        frame.to_excel(xw, sheet_name=sheet, index=False)
        frame.to_excel(xw, sheet_name="other", index=False)
    at = make_app("views/data.py", timeout=90)
    at.run()
    _upload(at, PAYLOAD + ".xlsx", buf.getvalue())
    texts = assert_inert(at)
    assert not any(sheet in s for _k, _f, s in texts)


def test_user_errors_hide_server_paths_and_library_internals():
    from ui.safe import user_error

    shown = user_error(OSError(28, "No space left on device", "/srv/shop/ws/abc/items/x.json"))
    assert "/srv" not in shown and "No space" not in shown and "Errno" not in shown
    assert "log" in shown  # says where the details went
    own = user_error(ValueError("Column amount has no numbers; map another column."))
    assert own == inert("Column amount has no numbers; map another column.")
    assert "/home/x" not in user_error(ValueError("cannot read /home/x/fonts/a.ttf"))
    assert user_error(ValueError("ratio 1/2")) == inert("ratio 1/2")
