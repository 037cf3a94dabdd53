"""The import rules of DESIGN.md section 2, checked on the source: layers only point one way."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "govcards"
MODULES = sorted(PACKAGE.rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def imported_modules(path: Path) -> set[str]:
    """Every absolute module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def top_names(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def offenders(package: str, allowed: tuple[str, ...]) -> list[str]:
    return [
        rel(path)
        for path in MODULES
        if package in top_names(path) and not rel(path).startswith(allowed)
    ]


def test_the_scan_sees_the_package() -> None:
    names = {rel(p) for p in MODULES}
    assert {"govcards/cli.py", "govcards/scheduler.py", "govcards/decks.py"} <= names
    assert any(n.startswith("govcards/store/") for n in names)
    assert "sqlalchemy" in top_names(PACKAGE / "store" / "collection.py")
    assert "typer" in top_names(PACKAGE / "cli.py")


@pytest.mark.parametrize("package", ["sqlalchemy", "alembic"])
def test_only_the_store_and_migrations_import_the_database_libraries(package: str) -> None:
    assert offenders(package, ("govcards/store/", "govcards/migrations/")) == []


def test_only_the_ui_and_the_cli_import_rich() -> None:
    assert offenders("rich", ("govcards/ui/", "govcards/cli.py")) == []


def test_only_the_cli_imports_typer() -> None:
    assert offenders("typer", ("govcards/cli.py",)) == []
    assert offenders("click", ("govcards/cli.py",)) == []


def test_the_scheduler_imports_only_the_standard_library() -> None:
    names = top_names(PACKAGE / "scheduler.py")
    assert names, "the scan found no imports in scheduler.py"
    outside = {n for n in names if n not in sys.stdlib_module_names and n != "__future__"}
    assert outside == set()


def clock_and_random_calls(path: Path) -> list[str]:
    """Calls of datetime.now()/today()/utcnow(), date.today(), time.time() and random."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = (
                owner.id
                if isinstance(owner, ast.Name)
                else owner.attr
                if isinstance(owner, ast.Attribute)
                else ""
            )
            call = f"{owner_name}.{node.func.attr}"
            if call in {
                "datetime.now",
                "datetime.today",
                "datetime.utcnow",
                "date.today",
                "time.time",
            } or owner_name in {"random", "secrets"}:
                found.append(f"{rel(path)}:{node.lineno}: {call}()")
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            for module in modules:
                if module and module.split(".")[0] in {"random", "secrets"}:
                    found.append(f"{rel(path)}:{node.lineno}: import {module}")
    return found


def test_the_detector_finds_clock_calls() -> None:
    assert clock_and_random_calls(PACKAGE / "runtime.py"), "runtime.py reads the clock"


def test_no_module_reads_the_clock_or_randomness_except_runtime() -> None:
    found = [
        hit
        for path in MODULES
        if rel(path) != "govcards/runtime.py"
        for hit in clock_and_random_calls(path)
    ]
    assert found == []
