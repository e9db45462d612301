"""The package's shape: the core never imports its shells, and no import cycle, not even through an import
placed inside a function.

Every `import` and `from … import` of audit/ and workers/ counts wherever it stands (module level or inside a
function); only imports under `if TYPE_CHECKING:` are left out (they never run). `from package import name`
counts as an import of the submodule when `name` is one, else of the package itself.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHELLS = ("audit.cli", "workers")   # the command line and the Celery workers: nothing of the core imports them


def modules() -> dict[str, Path]:
    """Dotted name → file, for every module of audit/ and workers/."""
    out = {}
    for path in sorted([*(ROOT / "audit").rglob("*.py"), *(ROOT / "workers").rglob("*.py")]):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _type_only(tree: ast.AST) -> set[int]:
    """Nodes under `if TYPE_CHECKING:`."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for part in node.body for n in ast.walk(part))
    return skip


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _known(name: str, mods: dict[str, Path]) -> str | None:
    """The module of ours a dotted name lies in (None: not ours)."""
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, path: Path, mods: dict[str, Path]) -> set[str]:
    """The modules of ours that `name` imports, wherever the import stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip, found = _type_only(tree), set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, name, path.name == "__init__.py")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
        else:
            continue
        found.update(t for t in map(lambda t: _known(t, mods), targets) if t and t != name)
    return found


def graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports."""
    mods = modules()
    return {name: imports(name, path, mods) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, todo = work[-1]
            nxt = next(todo, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_nothing_under_audit_imports_the_cli_or_the_workers() -> None:
    wrong = sorted((m, t) for m, targets in graph().items() for t in targets
                   if _inside(m, "audit") and not _inside(m, "audit.cli")
                   and any(_inside(t, shell) for shell in SHELLS))
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_walk_sees_imports_inside_functions_and_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    edges = graph()
    assert "audit.cli.progress" in edges["audit.cli.school"]          # at module level
    assert "audit.district" in edges["audit.report.files"]            # inside a function
    assert "audit.docgen.spec" not in edges["audit.docgen.layout"]    # under TYPE_CHECKING: never runs
