"""What is live (not deleted): the query conditions and the lookups every service starts with.

A deleted organisation hides its units, a deleted unit its assessments, a deleted assessment
its respondents: each lookup here checks the whole chain up, so a service never acts on
something a user can no longer see.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from assessment.errors import NotFoundError
from assessment.models import Assessment, Organisation, Respondent, Unit


def unit_is_live() -> Any:
    return col(Unit.deleted_at).is_(None)


def assessment_is_live() -> Any:
    """For queries joining Assessment, Unit and Organisation."""
    return (
        col(Assessment.deleted_at).is_(None)
        & col(Unit.deleted_at).is_(None)
        & col(Organisation.deleted_at).is_(None)
    )


def live_assessment_ids() -> Any:
    """A subquery of every live assessment's id (narrow it with ``.where`` on Unit)."""
    return (
        select(Assessment.id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(assessment_is_live())
    )


def live_organisation(session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is not None:
        raise NotFoundError(f"there is no organisation with id {organisation_id}")
    return organisation


def live_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.deleted_at is not None:
        raise NotFoundError(f"there is no unit with id {unit_id}")
    live_organisation(session, unit.organisation_id)
    return unit


def live_assessment(session: Session, assessment_id: int) -> Assessment:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.deleted_at is not None:
        raise NotFoundError(f"there is no assessment with id {assessment_id}")
    try:
        live_unit(session, assessment.unit_id)
    except NotFoundError:
        raise NotFoundError(f"there is no assessment with id {assessment_id}") from None
    return assessment


def live_respondent(session: Session, respondent_id: int) -> Respondent:
    respondent = session.get(Respondent, respondent_id)
    if respondent is None:
        raise NotFoundError(f"there is no respondent with id {respondent_id}")
    live_assessment(session, respondent.assessment_id)
    return respondent
