"""The command line answers ``--help`` and argument errors without loading the heavy libraries.

The parser lives in ``cli`` and every command imports pandas, the database layer or
reportlab only when it runs; these tests fail when someone adds such an import at the top
of a ``cli`` module. The time itself is measured by ``benchmarks/bench_cli_startup.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import choices

ROOT = Path(__file__).resolve().parents[2]

HEAVY = {"pandas", "numpy", "sqlalchemy", "sqlmodel", "reportlab", "openpyxl", "pydantic", "yaml"}
PROJECT = {"scoring", "reports", "questionnaires"}


def imported_modules(*arguments: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m assessment ARGUMENTS``; every module it imported, by name."""
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "assessment", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "WAYFINDER_LANGUAGE": "en"},  # English whatever the terminal speaks
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in process.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return process, names - {"package"}  # the header row: "import time: self [us] | cumulative | package"


@pytest.mark.parametrize(
    "arguments",
    [("--help",), ("export", "--help"), ("export",), ("export", "3", "--format", "pdf", "-o", "x")],
    ids=["help", "command help", "missing options", "invalid choice"],
)
def test_help_and_argument_errors_load_no_heavy_library_and_no_domain_package(arguments):
    process, modules = imported_modules(*arguments)
    assert "usage: python -m assessment" in process.stdout + process.stderr
    assert process.returncode == (0 if "--help" in arguments else 2)
    assert "cli.main" in modules  # the parser really was built in this process
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY | PROJECT) == []
    # ``python -m assessment`` imports the package (its ``__init__`` is a docstring), nothing under it.
    assert sorted(m for m in modules if m.split(".")[0] == "assessment") == ["assessment"]


def test_the_parsers_choices_are_those_of_the_modules_that_use_them():
    from assessment.access import ROLES
    from assessment.exporting import FORMATS, TABLES
    from assessment.models import MODES
    from assessment.plan_exchange import FORMATS as PLAN_FORMATS
    from questionnaires import DEFAULT_BANK_DIR

    assert choices.MODES == MODES
    assert choices.EXPORT_FORMATS == FORMATS
    assert choices.EXPORT_TABLES == TABLES
    assert choices.DEFAULT_BANK_DIR == DEFAULT_BANK_DIR
    assert choices.ROLES == ROLES
    assert choices.PLAN_FORMATS == PLAN_FORMATS
