"""The import rules of docs/architecture.md, checked on the source with the ast module.

- ``relnotes.core`` imports only ``relnotes.core`` and ``relnotes.errors``;
- ``relnotes.notes`` adds ``relnotes.notes`` and PyYAML;
- only ``relnotes.cli`` imports click (``entry.py`` imports it lazily, through ``relnotes.cli``);
- core and notes never touch the file system, the clock or the environment: no ``os``, no
  ``open()``, no ``date.today()``/``datetime.now()``/``time.time()``, no Path methods that read
  or write, no subprocess, sqlite or shutil.

A rule broken in a new module shows here as ``path:line: what``, so the message says what to move.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "relnotes"

# layer -> the relnotes packages/modules it may import
ALLOWED = {
    "core": {"relnotes.core", "relnotes.errors"},
    "notes": {"relnotes.core", "relnotes.errors", "relnotes.notes"},
    "vault": {"relnotes", "relnotes.core", "relnotes.errors", "relnotes.notes", "relnotes.vault", "relnotes.config"},
    "agenda": {"relnotes.core", "relnotes.errors", "relnotes.notes", "relnotes.vault", "relnotes.config",
               "relnotes.agenda"},
    "drafts": {"relnotes", "relnotes.core", "relnotes.errors", "relnotes.notes", "relnotes.vault", "relnotes.config",
               "relnotes.drafts"},
    "config": {"relnotes.core", "relnotes.errors"},
    "errors": set(),
    # other tools' formats (vCard, CSV, iCalendar) as text in, text out: pure, like core and notes
    "interop": {"relnotes.core", "relnotes.errors", "relnotes.notes", "relnotes.interop"},
}
# modules outside the standard library each layer may import (besides relnotes itself)
THIRD_PARTY = {
    "core": {"rapidfuzz"},  # core.match: near spellings (SPEC 6.3) through a maintained library
    "notes": {"yaml"},
    "vault": {"yaml"},
    "agenda": {"watchdog"},
    "drafts": {"jinja2", "markupsafe", "yaml", "frontmatter"},
    "config": set(),
    "errors": set(),
    "interop": {"vobject", "icalendar"},  # maintained parsers for vCard and iCalendar (SPEC 7)
}
PURE = ("core", "notes", "interop")
IMPURE_MODULES = {"os", "io", "time", "subprocess", "shutil", "sqlite3", "tempfile", "glob", "socket", "fcntl",
                  "signal", "threading", "multiprocessing", "concurrent", "sys", "platform", "getpass", "locale"}
CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"),
               ("time", "time"), ("time", "monotonic"), ("time", "time_ns")}
FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "stat", "lstat", "exists",
                "is_file", "is_dir", "is_symlink", "iterdir", "glob", "rglob", "mkdir", "unlink", "rmdir",
                "rename", "replace", "touch", "resolve", "chmod", "readlink", "samefile", "expanduser", "cwd",
                "home", "absolute"}
STDLIB_SKIP = {"__future__"}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relnotes uses absolute imports only"
            found.append((node.lineno, node.module or ""))
    return found


def import_problems(path: Path) -> list[str]:
    layer = layer_of(path)
    if layer in ("cli", "entry", "__init__"):
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    allowed, third = ALLOWED[layer], THIRD_PARTY[layer]
    import sys

    for line, name in imported(tree):
        top = name.split(".")[0]
        where = f"{path.relative_to(PACKAGE.parent)}:{line}"
        if top == "click":
            problems.append(f"{where}: imports click (only relnotes.cli may)")
        elif top == "relnotes":
            if name == "relnotes" and "relnotes" in allowed:
                continue
            if not any(name == a or name.startswith(a + ".") for a in allowed if a != "relnotes"):
                problems.append(f"{where}: the {layer} layer may not import {name}")
        elif top in STDLIB_SKIP:
            continue
        elif top not in sys.stdlib_module_names and top not in third:
            problems.append(f"{where}: the {layer} layer may not import the third-party {name}")
        elif layer in PURE and top in IMPURE_MODULES:
            problems.append(f"{where}: the pure {layer} layer may not import {name}")
    return problems


def purity_problems(path: Path) -> list[str]:
    if layer_of(path) not in PURE:
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("open", "input", "print"):
            problems.append(f"{where}: calls {func.id}()")
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and (owner.id, func.attr) in CLOCK_CALLS:
                problems.append(f"{where}: reads the clock ({owner.id}.{func.attr}()); take today as a parameter")
            elif func.attr in FILE_METHODS and not (isinstance(owner, ast.Name) and owner.id in ("re", "str")):
                # str.replace and re's methods share names with Path's; a Path method call is on a path-ish name
                if func.attr == "replace" or (func.attr in ("open", "stat", "resolve") and _is_regex_or_text(owner)):
                    continue
                problems.append(f"{where}: calls .{func.attr}(), which touches the file system")
    return problems


def _is_regex_or_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path):
    assert import_problems(path) == []


@pytest.mark.parametrize("path", [p for p in modules() if layer_of(p) in PURE], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_and_notes_touch_no_disk_clock_or_environment(path):
    assert purity_problems(path) == []


def test_the_checks_catch_what_they_are_for(tmp_path, monkeypatch):
    """The rules above can fail: a planted module breaking each one is reported."""
    fake = tmp_path / "relnotes"
    (fake / "core").mkdir(parents=True)
    bad = fake / "core" / "bad.py"
    bad.write_text("import os\nimport click\nfrom relnotes.vault.files import write_note\nfrom datetime import date\n"
                   "def f(p):\n    open(p)\n    p.read_text()\n    return date.today()\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    problems = import_problems(bad) + purity_problems(bad)
    assert problems == [
        "relnotes/core/bad.py:1: the pure core layer may not import os",
        "relnotes/core/bad.py:2: imports click (only relnotes.cli may)",
        "relnotes/core/bad.py:3: the core layer may not import relnotes.vault.files",
        "relnotes/core/bad.py:6: calls open()",
        "relnotes/core/bad.py:7: calls .read_text(), which touches the file system",
        "relnotes/core/bad.py:8: reads the clock (date.today()); take today as a parameter",
    ]
