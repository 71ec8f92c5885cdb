"""The publish and browse packages have no import circle (issue 13, item 6), counting imports
inside functions too (they are how a circle hides), and data flows one way: publish never
imports browse or the command line, and only ``catalogue`` lists the releases directory."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "newscorpus"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports, anywhere in it (top level or in functions)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("newscorpus")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("newscorpus"):
                if node.module:
                    found.add(module)
                found |= {f"{module}.{alias.name}" for alias in node.names}  # "from . import configs"
    return found


def _graph(*packages: str) -> dict[str, set[str]]:
    modules = {_module_name(p): p for pkg in packages for p in sorted((PACKAGE / pkg).glob("*.py"))}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_in_publish_or_browse():
    graph = _graph("publish", "browse")
    graph = {name: {m for m in deps if not m.endswith("__init__")} for name, deps in graph.items()}
    # the package __init__ re-exports; it may import every module, no module imports it
    inits = {"newscorpus.publish", "newscorpus.browse"}
    for name, deps in graph.items():
        if name not in inits:
            assert not deps & inits, f"{name} imports a package __init__: {deps & inits}"
    assert _cycle({n: d for n, d in graph.items() if n not in inits}) is None, _cycle(graph)


def test_publish_never_imports_browse_or_the_command_line():
    for path in sorted((PACKAGE / "publish").glob("*.py")):
        bad = {m for m in _imports(path) if m.startswith(("newscorpus.browse", "newscorpus.cli"))}
        assert not bad, f"{path.name} imports {bad}"


def test_only_the_catalogue_lists_the_releases_directory():
    for path in sorted((PACKAGE / "publish").glob("*.py")) + sorted((PACKAGE / "browse").glob("*.py")) + [PACKAGE / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        if path.name != "catalogue.py":
            assert "releases_dir.iterdir" not in text and "releases_dir.glob(\"*\")" not in text, path.name
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert "releases(" not in cli and "read_manifest" not in cli, "the command layer chooses no release itself"
