"""What a PDF report needs to know about a stored assessment, beyond its scores."""

from __future__ import annotations

from assessment.records import AssessmentInfo
from reports.context import ReportContext


def report_context(info: AssessmentInfo) -> ReportContext:
    """The cover facts of an assessment's roadmap PDF, from its record."""
    return ReportContext(
        organisation=info.organisation,
        unit=info.unit,
        title=info.title,
        assessed_on=info.assessed_on,
        mode=info.mode_name,
        respondents=info.respondents,
        bank_version=info.bank_version,
    )
