"""Declared state (issue 15 item 7): one table of the settings pages keep (ui/settings.py),
read by workspace saving and URL state; no import cycle in ui/; the mapping's header
passes to add_dataset explicitly."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import workspace as W
from ui import settings, urlstate

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"])


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, names: set[str]) -> set[str]:
    """The ui modules ``path`` imports anywhere in it (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found & names


def test_no_import_cycle_in_ui():
    """Each module's imports, followed breadth first, never lead back to it."""
    paths = {_module(p): p for p in (ROOT / "ui").rglob("*.py")}
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            node = todo.pop()
            assert node != start, f"{start} imports itself through {sorted(seen)}"
            if node not in seen:
                seen.add(node)
                todo.extend(graph[node])
    # the circle of the issue, named: the language list lives apart from both
    assert "ui.i18n" not in graph["ui.state"] and "ui.state" in graph["ui.i18n"]


def _part(value: ast.expr, consts: dict[str, str]) -> str:
    """A piece of an f-string key: its text, a module constant's value, else ``*``."""
    if isinstance(value, ast.Constant):
        return str(value.value)
    inner = getattr(value, "value", None)
    if isinstance(inner, ast.Name) and inner.id in consts:
        return consts[inner.id]
    return "*"


def _keys_used() -> dict[str, set[str]]:
    """Every literal session key passed to ui.state (f-strings as families ``prefix.*``)."""
    out: dict[str, set[str]] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        consts = {
            n.targets[0].id: n.value.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str)
        }
        for n in ast.walk(tree):
            if not (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == "state"
                and n.func.attr in ("put", "get", "pop", "set_widget", "widget")
                and n.args
            ):
                continue
            arg = n.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                key = arg.value
            elif isinstance(arg, ast.JoinedStr):
                key = "".join(_part(v, consts) for v in arg.values)
            elif isinstance(arg, ast.Name) and arg.id in consts:
                key = consts[arg.id]
            else:
                continue  # a key computed at run time: its literal is declared where it is made
            out.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return out


def test_every_key_the_code_uses_is_declared():
    used = _keys_used()
    assert len(used) > 30
    missing = {k: sorted(v) for k, v in used.items() if settings.find(k) is None}
    assert not missing, f"declare these in ui/settings.py: {missing}"
    # and the table declares nothing twice
    keys = [s.key for s in settings.TABLE]
    assert len(keys) == len(set(keys))


def test_url_state_reads_the_table():
    from_table = {
        s.page: [] for s in settings.TABLE if s.url and s.page != "app"
    }  # pages in table order
    for s in settings.TABLE:
        if s.url and s.page != "app":
            from_table[s.page].append((s.key, s.url))
    assert urlstate.REGISTRY == from_table
    assert urlstate.GLOBAL == [("meeting", "app.meeting", "bool")]
    assert set(urlstate.REGISTRY) == {
        "home",
        "traffic",
        "segments",
        "funnel",
        "retention",
        "pricing",
        "budget",
        "experiments",
    }


@pytest.mark.parametrize(
    ("key", "saved"),
    [
        ("traffic.rules", True),
        ("budget.ch.3", True),  # a family
        ("budget.flash", False),
        ("budget.grid_memo", False),
        ("app.lang", False),
        ("app.meeting", False),
        ("workspace.confirm", False),
        ("some.new_setting", True),  # undeclared: saved ...
        ("some.new_flash", False),  # ... unless its name says it passes
    ],
)
def test_saved_follows_the_table(key, saved):
    assert settings.saved(key) is saved


def _put_everything():
    import streamlit as st

    from ui import settings as declared
    from ui import state, workspace

    with workspace.session():
        if not state.get("test.done"):
            for s in declared.TABLE:
                if s.kind == "setting" and not s.key.endswith("*"):
                    state.put(s.key, 1)
            for key in ("shop.w.currency", "budget.total", "app.lang"):
                state.set_widget(key, "en")
            state.put("test.done", True)
        st.text("ok")


def test_the_workspace_holds_exactly_the_declared_saved_settings():
    at = AppTest.from_function(_put_everything)
    at.run()
    assert not at.exception
    value = at.query_params["ws"]
    ws_id = value[0] if isinstance(value, list) else value
    store = W.Store(os.environ["SHOPOPS_DATA_DIR"])
    items, problems = W.Workspace(store, ws_id, store.path(ws_id)).items()
    assert not problems
    on_disk = {n.partition("/")[2] for n in items if n.startswith("set/")}
    want = {s.key for s in settings.TABLE if s.kind == "setting" and s.saved and "*" not in s.key}
    assert on_disk == want | {"test.done"}
    widgets = {n.partition("/")[2] for n in items if n.startswith("w/")}
    assert widgets == {"budget.total"}  # preset and declared saved; the others are not
