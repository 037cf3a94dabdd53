"""The import rules of docs/architecture.md, checked on the source: layers only point one way,
and no module reaches itself through any chain of imports, deferred imports included."""

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
    assert offenders(package, ("govcards/store/",)) == []


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


# ---------------------------------------------------------------------------------------------
# Layers and circles over govcards' own modules (every import, at the top or in a function)

# The layer of each module or package, lowest first: a module may import only its own layer or
# lower ones. A new module must be placed here, so its place in the design is a decision.
LAYERS: dict[str, int] = {
    # pure building blocks: standard library (and small pure libraries) only
    "govcards": 0,
    "govcards.__init__": 0,
    "govcards.scheduler": 0,
    "govcards.clock": 0,
    "govcards.errors": 0,
    "govcards.literal": 0,
    "govcards.i18n": 0,
    "govcards.card_filter": 0,
    "govcards.listing": 1,
    "govcards.table_rows": 0,
    "govcards.fsrs_scheduler": 1,
    "govcards.plan": 2,
    "govcards.optimize": 2,
    "govcards.cram": 3,
    "govcards.model": 1,
    "govcards.settings": 1,
    "govcards.exporters.output_file": 1,
    "govcards.records": 2,
    "govcards.cards": 2,
    "govcards.deck_yaml": 2,
    "govcards.study_port": 2,
    # domain: decks, grading, search, reports, the study engine, exports, planning
    "govcards.decks": 3,
    "govcards.grading": 3,
    "govcards.stats": 3,
    "govcards.exporters.notebook": 3,
    "govcards.search": 4,
    "govcards.study": 4,
    "govcards.practice": 4,
    "govcards.exporters.anki": 4,
    "govcards.preview": 5,
    "govcards.exporters.tables": 5,
    "govcards.exporters": 5,
    # storage, behind one package
    "govcards.store": 6,
    # the use cases and the screens
    "govcards.runtime": 7,
    "govcards.exam_runtime": 7,
    "govcards.ui": 7,
    # the command line
    "govcards.usage": 7,
    "govcards.cli": 8,
    "govcards.__main__": 9,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


MODULE_NAMES = {module_name(p): p for p in MODULES}


def _typing_only(tree: ast.Module) -> set[ast.AST]:
    """Imports under ``if TYPE_CHECKING:``: names for the type checker, never executed."""
    blocks = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
    ]
    return {inner for block in blocks for stmt in block.body for inner in ast.walk(stmt)}


def own_imports(path: Path) -> set[str]:
    """The govcards modules a file imports at run time (``from X import Y`` counts Y when it is
    a module), at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _typing_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if node in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # ``from pkg import sub`` imports the module pkg.sub; any other name is pkg's own
            subs = {f"{node.module}.{a.name}" for a in node.names}
            modules = subs & MODULE_NAMES.keys()
            found.update(modules)
            if len(modules) < len(subs):
                found.add(node.module)
    me = module_name(path)
    return {name for name in found if name in MODULE_NAMES and name != me}


GRAPH = {name: own_imports(path) for name, path in MODULE_NAMES.items()}


def layer(name: str) -> int | None:
    """The layer of the nearest enclosing entry: ``govcards.store.schema`` is in the store.
    The package root covers only itself: every top-level module needs its own entry."""
    parts = name.split(".")
    for end in range(len(parts), 1, -1):
        rank = LAYERS.get(".".join(parts[:end]))
        if rank is not None:
            return rank
    return LAYERS.get(name)


def test_every_module_has_a_layer() -> None:
    assert [name for name in MODULE_NAMES if layer(name) is None] == []


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{name} ({layer(name)}) imports {target} ({layer(target)})"
        for name, targets in GRAPH.items()
        for target in sorted(targets)
        if (layer(target) or 0) > (layer(name) or 0)
    ]
    assert upward == []


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_anywhere_deferred_imports_included() -> None:
    assert circles(GRAPH) == []


def test_every_command_runs_inside_guard() -> None:
    """Each command's body opens ``with guard():``, so no failure ever reaches a learner as a
    traceback; a command added later without it fails here."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    commands = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr == "command"
            for d in node.decorator_list
        )
    ]
    assert len(commands) >= 15, "the scan found the commands"

    def guarded(fn: ast.FunctionDef) -> bool:
        body = [s for s in fn.body if not isinstance(s, ast.Expr)]  # a docstring may come first
        first = body[0] if body else None
        return isinstance(first, ast.With) and any(
            isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Name)
            and item.context_expr.func.id == "guard"
            for item in first.items
        )

    assert [fn.name for fn in commands if not guarded(fn)] == []
