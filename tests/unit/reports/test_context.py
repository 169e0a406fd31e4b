from __future__ import annotations

from datetime import UTC, date, datetime

from assessment.records import AssessmentInfo
from reports.context import ReportContext


def test_a_stored_assessments_record_gives_the_facts_on_its_roadmap_cover():
    info = AssessmentInfo(
        id=7,
        organisation_id=1,
        organisation="City of Example",
        unit_id=3,
        unit="Digital / Platforms",
        title="Spring review",
        assessed_on=date(2025, 3, 14),
        mode="workshop",
        status="closed",
        respondents=6,
        bank_version="2025.1",
        join_code=None,
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
        closed_at=datetime(2025, 3, 20, tzinfo=UTC),
    )

    context = ReportContext.for_assessment(info)

    assert context == ReportContext(
        organisation="City of Example",
        unit="Digital / Platforms",
        title="Spring review",
        assessed_on=date(2025, 3, 14),
        mode="Workshop",
        respondents=6,
        bank_version="2025.1",
        generated_on=context.generated_on,
    )


def test_an_anonymous_workshops_record_makes_an_anonymous_cover():
    info = AssessmentInfo(
        id=8,
        organisation_id=1,
        organisation="City of Example",
        unit_id=3,
        unit="Digital",
        title="Open room",
        assessed_on=date(2025, 3, 14),
        mode="workshop",
        status="open",
        respondents=4,
        bank_version="2025.1",
        join_code="ABC234",
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
        closed_at=None,
        anonymous=True,
    )

    assert ReportContext.for_assessment(info).anonymous
