"""What is live (not deleted) and who may touch it: the lookups every service starts with.

A deleted organisation hides its units, a deleted unit its assessments, a deleted assessment
its respondents: each lookup here checks the whole chain up, so a service never acts on
something a user can no longer see. The ``*_for`` lookups also check the actor's role
(:mod:`assessment.access`); someone with no role at all in the organisation is told it does
not exist, exactly as if it did not, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from assessment.access import Action, Actor, may, require
from assessment.errors import NotFoundError
from assessment.models import Assessment, Organisation, Respondent, Unit
from questionnaires.i18n import _


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
        raise NotFoundError(
            _("there is no organisation with id {organisation_id}").format(organisation_id=organisation_id)
        )
    return organisation


def live_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.deleted_at is not None:
        raise NotFoundError(_("there is no unit with id {unit_id}").format(unit_id=unit_id))
    live_organisation(session, unit.organisation_id)
    return unit


def live_assessment(session: Session, assessment_id: int) -> Assessment:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.deleted_at is not None:
        raise NotFoundError(
            _("there is no assessment with id {assessment_id}").format(assessment_id=assessment_id)
        )
    try:
        live_unit(session, assessment.unit_id)
    except NotFoundError:
        raise NotFoundError(
            _("there is no assessment with id {assessment_id}").format(assessment_id=assessment_id)
        ) from None
    return assessment


def respondent_is_live() -> Any:
    return col(Respondent.deleted_at).is_(None)


def live_respondent(session: Session, respondent_id: int) -> Respondent:
    respondent = session.get(Respondent, respondent_id)
    if respondent is None or respondent.deleted_at is not None:
        raise NotFoundError(
            _("there is no respondent with id {respondent_id}").format(respondent_id=respondent_id)
        )
    live_assessment(session, respondent.assessment_id)
    return respondent


def organisation_for(session: Session, actor: Actor, action: Action, organisation_id: int) -> Organisation:
    organisation = live_organisation(session, organisation_id)
    authorise(actor, action, organisation_id, missing=f"there is no organisation with id {organisation_id}")
    return organisation


def unit_for(session: Session, actor: Actor, action: Action, unit_id: int) -> Unit:
    unit = live_unit(session, unit_id)
    authorise(actor, action, unit.organisation_id, missing=f"there is no unit with id {unit_id}")
    return unit


def assessment_for(session: Session, actor: Actor, action: Action, assessment_id: int) -> Assessment:
    assessment = live_assessment(session, assessment_id)
    organisation_id = organisation_of_unit(session, assessment.unit_id)
    authorise(actor, action, organisation_id, missing=f"there is no assessment with id {assessment_id}")
    return assessment


def respondent_for(session: Session, actor: Actor, action: Action, respondent_id: int) -> Respondent:
    respondent = live_respondent(session, respondent_id)
    assessment = live_assessment(session, respondent.assessment_id)
    organisation_id = organisation_of_unit(session, assessment.unit_id)
    authorise(actor, action, organisation_id, missing=f"there is no respondent with id {respondent_id}")
    return respondent


def organisation_of_unit(session: Session, unit_id: int) -> int:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError(_("there is no unit with id {unit_id}").format(unit_id=unit_id))
    return unit.organisation_id


def authorise(actor: Actor, action: Action, organisation_id: int, *, missing: str) -> None:
    """:func:`~assessment.access.require`, but an outsider gets ``missing`` as a not-found error."""
    if may(actor, action, organisation_id):
        return
    if actor.role_in(organisation_id) is None and not actor.is_admin:
        raise NotFoundError(missing)
    require(actor, action, organisation_id)
