"""The files the results page offers, each built only when its button is clicked.

``st.download_button(data=callable)`` runs the callable on a separate thread after the
click, so a builder takes everything it needs up front (the engine, not a session; the
result, not the page) and opens its own short session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from assessment.records import AssessmentInfo
from questionnaires import Bank
from reports.context import ReportContext
from reports.roadmap import build_roadmap_pdf
from scoring.results import AssessmentResult

MODE_NAMES = {"self": "Self-assessment", "workshop": "Workshop"}


@dataclass(frozen=True)
class Download:
    kind: str
    label: str
    file_name: str
    mime: str
    build: Callable[[], bytes]


def report_context(info: AssessmentInfo) -> ReportContext:
    """What the PDF cover says about the assessment, from its record."""
    return ReportContext(
        organisation=info.organisation,
        unit=info.unit,
        title=info.title,
        assessed_on=info.assessed_on,
        mode=MODE_NAMES.get(info.mode, info.mode),
        respondents=info.respondents,
        bank_version=info.bank_version,
    )


def file_stem(info: AssessmentInfo) -> str:
    """A safe file name stem: ``wayfinder-assessment-12-2025-03-01``."""
    return f"wayfinder-assessment-{info.id}-{info.assessed_on.isoformat()}"


def assessment_downloads(
    engine: Engine, info: AssessmentInfo, result: AssessmentResult, bank: Bank
) -> list[Download]:
    """The PDF roadmap and the CSV, XLSX and JSON exports of one assessment."""
    stem = file_stem(info)
    return [
        Download(
            "pdf",
            "PDF roadmap",
            f"{stem}.pdf",
            "application/pdf",
            lambda: build_roadmap_pdf(result, bank, report_context(info)),
        ),
    ]
