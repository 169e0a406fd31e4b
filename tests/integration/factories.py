"""Small builders for test data: sensible defaults, override what the test is about."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from assessment import services
from assessment.records import AssessmentInfo, RespondentInfo


def make_assessment(session: Session, **overrides: Any) -> AssessmentInfo:
    """An assessment in a fresh organisation and unit unless ``unit_id`` is given."""
    if "unit_id" not in overrides:
        organisation = services.create_organisation(
            session=session, name=overrides.pop("organisation", "Ministry of Tests")
        )
        unit = services.create_unit(
            session=session, organisation_id=organisation.id, name=overrides.pop("unit", "Finance")
        )
        overrides["unit_id"] = unit.id
    values: dict[str, Any] = {"title": "Baseline", "mode": "self", "assessed_on": date(2025, 3, 1)}
    values.update(overrides)
    return services.create_assessment(session=session, **values)


def make_respondent(
    session: Session, assessment_id: int, label: str = "Ada", role: str = "CIO"
) -> RespondentInfo:
    return services.add_respondent(session=session, assessment_id=assessment_id, label=label, role=role)


def answer_all(session: Session, respondent_id: int, question_ids: list[str], level: int | str) -> None:
    for question_id in question_ids:
        services.save_answer(
            session=session, respondent_id=respondent_id, question_id=question_id, answer=level
        )
