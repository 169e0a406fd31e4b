"""Imports run one way (STYLE.md): the domain never reaches for the UI or the database, and
nothing imports in a circle.

Every check walks the source with ``ast`` (no code is imported) and is a function of a root
folder, so each one also runs against a small made-up tree that breaks its rule: a check that
stopped finding anything would fail there instead of passing quietly here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("questionnaires", "scoring", "reports", "assessment", "cli", "ui")
SCRIPTS = ("app.py",)
# Entry points start the program; they import the top layer by design and are left out of the
# package graph. ``assessment/__main__.py`` only hands over to ``cli.main``.
ENTRY_POINTS = frozenset({"app", "assessment.__main__"})
STREAMLIT_HOMES = ("ui", "app")  # the only modules that may import streamlit (with ui's submodules)

FORBIDDEN = {
    "questionnaires": {
        "streamlit",
        "sqlmodel",
        "sqlalchemy",
        "scoring",
        "reports",
        "assessment",
        "cli",
        "ui",
        "plotly",
    },
    "scoring": {"streamlit", "sqlmodel", "sqlalchemy", "reports", "assessment", "cli", "ui", "plotly"},
    "reports": {"streamlit", "sqlmodel", "sqlalchemy", "assessment", "cli", "ui", "plotly"},
    "assessment": {"streamlit", "ui", "plotly", "reports", "cli"},
    "cli": {"streamlit", "ui"},
}
ALLOWED = {"assessment.__main__": {"cli"}}  # module -> top-level names it may import despite FORBIDDEN


@dataclass(frozen=True)
class Import:
    """One name a module imports, absolute; ``type_only`` inside ``if TYPE_CHECKING:``."""

    name: str
    type_only: bool


# --- reading the source ----------------------------------------------------------------------


def first_party_modules(
    root: Path, packages: Iterable[str] = PACKAGES, scripts: Iterable[str] = SCRIPTS
) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file of ``packages`` and the ``scripts``.

    A package's ``__init__.py`` is the package itself. Where ``x.py`` and ``x/__init__.py``
    both exist, the package wins, as it does for Python's import system.
    """
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            elif (path.with_suffix("") / "__init__.py").is_file():
                continue
            modules[".".join(parts)] = path
    for script in scripts:
        if (root / script).is_file():
            modules[Path(script).stem] = root / script
    return modules


def imports_of(module: str, path: Path) -> list[Import]:
    """Everything ``module`` imports, anywhere in the file (functions too), relative ones made absolute.

    ``from a import b`` gives ``a`` and ``a.b``: which of them is a module is decided against
    the tree (:func:`resolve`).
    """
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, type_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(package, node.level, node.module)
            found.append(Import(base, type_only))
            found.extend(
                Import(f"{base}.{alias.name}", type_only) for alias in node.names if alias.name != "*"
            )
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(tree, False)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(package: str, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """The first-party module ``name`` is, or lives in (``a.b.f`` -> ``a.b``); None if third-party."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


# --- the graphs ------------------------------------------------------------------------------


def module_graph(modules: Mapping[str, Path], *, runtime_only: bool = True) -> dict[str, set[str]]:
    """Module -> the first-party modules it imports.

    ``runtime_only`` leaves out ``if TYPE_CHECKING:`` imports, which never run and are the
    sanctioned way to name a type without importing its module. A package's own parents are
    not edges: ``import a.b`` runs ``a/__init__.py`` first, but every package's modules do that.
    """
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for module, path in modules.items():
        for imported in imports_of(module, path):
            if runtime_only and imported.type_only:
                continue
            target = resolve(imported.name, modules)
            if target is not None and target != module:
                graph[module].add(target)
    return graph


def package_graph(
    modules: Mapping[str, Path], entry_points: Iterable[str] = ENTRY_POINTS
) -> dict[str, set[str]]:
    """Top-level package -> the other top-level packages it imports (type-only imports too)."""
    skipped = set(entry_points)
    graph: dict[str, set[str]] = {}
    for module, targets in module_graph(modules, runtime_only=False).items():
        if module in skipped:
            continue
        package = module.split(".")[0]
        graph.setdefault(package, set()).update(
            target.split(".")[0] for target in targets if target.split(".")[0] != package
        )
    return graph


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The graph's strongly connected components of more than one node, each sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(components)


def one_cycle(graph: Mapping[str, Iterable[str]], component: list[str]) -> list[str]:
    """A shortest cycle through the component's first node, as a path back to where it starts."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph.get(node, ())):
            if target == start:
                return [*paths[node], start]
            if target in members and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"{component} is not strongly connected")


def describe_cycles(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """One line per cycle: a concrete loop, then everything caught in it."""
    return [
        f"{' -> '.join(one_cycle(graph, component))}   (all in this cycle: {', '.join(component)})"
        for component in strongly_connected(graph)
    ]


# --- the rules -------------------------------------------------------------------------------


def layer_offenders(
    root: Path,
    forbidden: Mapping[str, set[str]] = FORBIDDEN,
    allowed: Mapping[str, set[str]] = ALLOWED,
) -> dict[str, list[str]]:
    """File -> the top-level names it imports although its package must not know them."""
    modules = first_party_modules(root)
    offenders: dict[str, list[str]] = {}
    for module, path in modules.items():
        rule = forbidden.get(module.split(".")[0], set()) - allowed.get(module, set())
        names = _imported_top_levels(module, path) & rule
        if names:
            offenders[str(path.relative_to(root))] = sorted(names)
    return offenders


def streamlit_offenders(root: Path, homes: Iterable[str] = STREAMLIT_HOMES) -> list[str]:
    """First-party files outside ``ui/`` and ``app.py`` that import streamlit."""
    homes = tuple(homes)
    return sorted(
        str(path.relative_to(root))
        for module, path in first_party_modules(root).items()
        if module.split(".")[0] not in homes and "streamlit" in _imported_top_levels(module, path)
    )


def _imported_top_levels(module: str, path: Path) -> set[str]:
    return {imported.name.split(".")[0] for imported in imports_of(module, path) if imported.name}


# --- the real tree ---------------------------------------------------------------------------


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_layers_it_must_not_know(package):
    offenders = {
        file: names for file, names in layer_offenders(ROOT).items() if Path(file).parts[0] == package
    }
    assert offenders == {}


def test_only_the_ui_and_app_py_import_streamlit():
    assert streamlit_offenders(ROOT) == []


def test_no_module_imports_itself_in_a_circle():
    cycles = describe_cycles(module_graph(first_party_modules(ROOT)))
    assert not cycles, "import cycles between modules:\n" + "\n".join(cycles)


def test_no_package_imports_itself_in_a_circle():
    cycles = describe_cycles(package_graph(first_party_modules(ROOT)))
    assert not cycles, "import cycles between packages (entry points left out):\n" + "\n".join(cycles)


# --- the checks catch what they are for --------------------------------------------------------


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, "utf-8")
    return root


def test_the_cycle_check_finds_two_modules_importing_each_other(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "scoring/__init__.py": "",
            "scoring/a.py": "from scoring import b\n",  # a submodule named in ``from package import``
            "scoring/b.py": "def later():\n    from . import a\n",  # relative, inside a function
            "scoring/c.py": "import scoring.a\n",  # leads into the cycle but is not part of it
        },
    )
    graph = module_graph(first_party_modules(root, packages=["scoring"]))

    assert strongly_connected(graph) == [["scoring.a", "scoring.b"]]
    assert describe_cycles(graph) == [
        "scoring.a -> scoring.b -> scoring.a   (all in this cycle: scoring.a, scoring.b)"
    ]


def test_the_cycle_check_follows_names_into_modules_and_ignores_type_only_imports(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "reports/__init__.py": "from reports.charts import draw\n",
            "reports/charts.py": "from reports.styles import INK\ndef draw(): ...\n",
            "reports/styles.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from reports.charts import draw\n"
                "from reports import draw as again\n"  # the package, which runs charts
                "INK = 1\n"
            ),
        },
    )
    modules = first_party_modules(root, packages=["reports"])

    assert module_graph(modules)["reports.styles"] == {"reports"}
    assert strongly_connected(module_graph(modules)) == [["reports", "reports.charts", "reports.styles"]]
    assert module_graph(modules, runtime_only=False)["reports.styles"] == {"reports", "reports.charts"}


def test_the_package_check_finds_a_circle_of_packages_but_not_through_an_entry_point(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "assessment/__init__.py": "",
            "assessment/__main__.py": "from cli.main import main\n",
            "assessment/models.py": "",
            "cli/__init__.py": "",
            "cli/main.py": "from assessment import models\n",
            "scoring/__init__.py": "",
            "scoring/engine.py": "import reports.text\n",
            "reports/__init__.py": "",
            "reports/text.py": "",
            "reports/roadmap.py": "from scoring.engine import x\n",
        },
    )
    modules = first_party_modules(root, packages=["assessment", "cli", "scoring", "reports"])

    assert strongly_connected(module_graph(modules)) == []
    assert strongly_connected(package_graph(modules)) == [["reports", "scoring"]]
    assert "cli" not in package_graph(modules)["assessment"]
    assert strongly_connected(package_graph(modules, entry_points=())) == [
        ["assessment", "cli"],
        ["reports", "scoring"],
    ]


def test_the_layer_checks_find_forbidden_imports_and_let_the_entry_point_through(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "app.py": "import streamlit as st\n",
            "ui/pages/home.py": "import streamlit as st\n",
            "assessment/__init__.py": "",
            "assessment/__main__.py": "from cli.main import main\n",
            "assessment/exporting.py": "def pdf():\n    from reports.roadmap import build\n",
            "cli/__init__.py": "",
            "cli/main.py": "from ui import state\n",
            "scoring/__init__.py": "",
            "scoring/engine.py": "from streamlit import cache_data\n",
        },
    )

    assert layer_offenders(root) == {
        "assessment/exporting.py": ["reports"],
        "cli/main.py": ["ui"],
        "scoring/engine.py": ["streamlit"],
    }
    assert streamlit_offenders(root) == ["scoring/engine.py"]


def test_relative_imports_are_made_absolute():
    assert _absolute("assessment.services", 1, "units") == "assessment.services.units"
    assert _absolute("assessment.services", 2, "models") == "assessment.models"
    assert _absolute("assessment", 1, None) == "assessment"
    assert _absolute("cli", 0, "assessment.db") == "assessment.db"
