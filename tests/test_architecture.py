"""The package's shape: data flows one way, so no package (or module) imports in a circle, counting
imports inside functions too (they are how a circle hides); publish never imports browse or the
command line, and only ``publish/catalogue.py`` lists the releases directory."""

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
                if node.module:  # "from . import configs" imports the module configs, not the package
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




def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_its_own_package_init():
    """A package's __init__ re-exports its modules; a module importing it would be a circle."""
    for module, targets in _graph().items():
        package = module.rpartition(".")[0]
        if module.count(".") >= 2:
            assert package not in targets, f"{module} imports its package's __init__"


def test_publish_never_imports_browse_or_the_command_line():
    for module, targets in _graph().items():
        if module.startswith("newscorpus.publish"):
            bad = {t for t in targets if t.startswith(("newscorpus.browse", "newscorpus.cli"))}
            assert not bad, f"{module} imports {bad}"


def test_only_the_catalogue_lists_the_releases_directory():
    for path in sorted((PACKAGE / "publish").glob("*.py")) + sorted((PACKAGE / "browse").glob("*.py")) + [PACKAGE / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        if path.name != "catalogue.py":
            assert "releases_dir.iterdir" not in text and "releases_dir.glob(\"*\")" not in text, path.name
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert "releases(" not in cli and "read_manifest" not in cli, "the command layer chooses no release itself"
