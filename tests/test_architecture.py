"""The package's shape: data flows one way, so no package (or module) imports in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newscorpus"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every newscorpus module ``path`` imports, at any depth of the file (inside functions too)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("newscorpus")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("newscorpus"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _unit(module: str) -> str:
    """The package a module belongs to: newscorpus.<sub> for a subpackage, else the module."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_package_imports_in_a_circle():
    units: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        units.setdefault(_unit(module), set()).update(_unit(t) for t in targets if _unit(t) != _unit(module))
    assert _cycle(units) is None, " -> ".join(_cycle(units) or [])


def test_the_command_line_is_imported_by_nothing():
    assert not [m for m, ts in _graph().items() if "newscorpus.cli" in ts and m != "newscorpus.cli"]
def test_no_module_imports_in_a_circle():
    graph = _graph()
    # a package's __init__ re-exports its modules: an edge from a module to its own package's
    # __init__ would make every such pair a circle, so compare modules only
    edges = {m: {t for t in ts if not (m.startswith(t + ".") and t.count(".") < m.count("."))} for m, ts in graph.items()}
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


