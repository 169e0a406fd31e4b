"""Imports run one way (STYLE.md): the domain never reaches for the UI or the database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "questionnaires": {
        "streamlit",
        "sqlmodel",
        "sqlalchemy",
        "scoring",
        "reports",
        "assessment",
        "ui",
        "plotly",
    },
    "scoring": {"streamlit", "sqlmodel", "sqlalchemy", "reports", "assessment", "ui", "plotly"},
    "reports": {"streamlit", "sqlmodel", "sqlalchemy", "assessment", "ui", "plotly"},
    "assessment": {"streamlit", "ui", "plotly"},
}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_layers_it_must_not_know(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_levels(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {file: names for file, names in offenders.items() if names} == {}
