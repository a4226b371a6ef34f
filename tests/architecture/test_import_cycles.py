"""No import cycle in product code: the import graph of every product package, read with ``ast``.

Every import counts, at module level or inside a function (also under ``TYPE_CHECKING``):
a cycle is a knot a newcomer has to untie at once, whether Python resolves it or not.
``from pkg import name`` where ``pkg.name`` is a module counts as an import of that module;
otherwise as an import of ``pkg``. Relative imports are resolved.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "application", "projections", "web", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def product_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "node_modules" not in path.parts
    }


def imported(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The product modules that ``module`` imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in modules:
                    yield submodule
                elif base in modules:
                    yield base


def import_graph() -> dict[str, set[str]]:
    modules = product_modules()
    return {
        module: {target for target in imported(module, path, modules) if target != module}
        for module, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_finds_a_cycle_and_its_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_reads_every_kind_of_import(tmp_path: Path) -> None:
    modules = {name: tmp_path / f"{name}.py" for name in ("pkg", "pkg.a", "pkg.b", "pkg.c", "other")}
    source = (
        "import other\n"
        "from pkg import b\n"  # a submodule: an import of pkg.b
        "from pkg import NAME\n"  # a name of the package: an import of pkg
        "def later():\n"
        "    from . import c\n"  # function level, relative
    )
    path = tmp_path / "a.py"
    path.write_text(source)
    assert set(imported("pkg.a", path, modules)) == {"other", "pkg.b", "pkg", "pkg.c"}


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package: str) -> None:
    knots = [cycle for cycle in cycles(import_graph()) if any(m.split(".")[0] == package for m in cycle)]
    assert not knots, "import cycles: " + "; ".join(" <-> ".join(cycle) for cycle in knots)
