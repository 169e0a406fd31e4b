"""Fixtures of the report tests: a 100-question bank, hand-built results, and PDF readers."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date

import pytest

from questionnaires import Bank
from reports.context import ComparisonContext, ReportContext
from tests.unit.reports.factories import write_bank
from tests.unit.reports.reading import HOSTILE, PLACES


@pytest.fixture(scope="session")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    """Five areas of 20 questions each on the shipped framework."""
    return write_bank(tmp_path_factory.mktemp("reports") / "bank", questions_per_area=20)


@pytest.fixture(scope="session")
def small_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return write_bank(tmp_path_factory.mktemp("reports-small") / "bank", questions_per_area=2)


@pytest.fixture
def context() -> ReportContext:
    return ReportContext(
        organisation=f"Ministry of {HOSTILE}",
        unit="Digital unit of " + " ".join(PLACES),
        title="Roadmap 2026",
        assessed_on=date(2026, 3, 2),
        mode="Workshop",
        respondents=12,
        generated_on=date(2026, 3, 9),
    )


@pytest.fixture
def comparison_context() -> ComparisonContext:
    return ComparisonContext(organisation=f"Government of {HOSTILE}", generated_on=date(2026, 3, 9))


@pytest.fixture
def pdftotext(tmp_path) -> Callable[[bytes], str]:
    """poppler's pdftotext, a second, independent reader; skips when poppler-utils is missing."""
    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/system-deps.sh installs it")

    def read(pdf: bytes) -> str:
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [executable, "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout

    return read
