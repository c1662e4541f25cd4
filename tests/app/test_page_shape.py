"""Issue 15 item 2, one page shape: every page file under views/ is a short router
(<= 250 lines) and no function anywhere in the app (views/, ui/, analytics/, app.py,
serve.py) is longer than 80 lines, its docstring and decorators included. The sample
generator (sample_data/) and the tests are not part of the app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_PAGE = 250
MAX_FUNCTION = 80


def _sources() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "serve.py"]
    for folder in ("views", "ui", "analytics"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if f.exists()]


def _functions(path: Path):
    """(qualified name, lines) of every function and method in ``path``, nested ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                yield f"{prefix}{child.name}", child.end_lineno - first + 1
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_sources_are_found():
    names = {_rel(p) for p in _sources()}
    assert {"app.py", "views/home.py", "ui/state.py", "analytics/kpi.py"} <= names


def test_page_files_are_short_routers():
    long = {}
    for path in sorted((ROOT / "views").glob("*.py")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_PAGE:
            long[_rel(path)] = n
    assert not long, f"page files over {MAX_PAGE} lines: {long}"


def test_no_function_is_longer_than_80_lines():
    long = {}
    for path in _sources():
        for name, n in _functions(path):
            where = f"{_rel(path)}:{name}"
            if n > MAX_FUNCTION:
                long[where] = n
    assert not long, f"functions over {MAX_FUNCTION} lines: {long}"


def test_the_measure_counts_a_whole_def(tmp_path):
    """The line count is the def from its first decorator to its last line (checked on a
    small file whose sizes are known by construction)."""
    body = "\n".join(f"    x{i} = {i}" for i in range(5))
    src = f'@dec\ndef f():\n    """doc\n    more"""\n{body}\n\n\nclass C:\n    def g(self):\n        return 1\n'
    path = tmp_path / "m.py"
    path.write_text(src, encoding="utf-8")
    sizes = dict(_functions(path))
    assert sizes == {"f": 1 + 1 + 2 + 5, "C.g": 2}
