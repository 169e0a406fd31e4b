"""Assessments: one round of questions for a unit, answered alone (self) or in a workshop."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, true, update
from sqlmodel import Session, col, select

from assessment.access import Action, Actor, may, readable_organisations
from assessment.errors import ConflictError, InvalidInputError, NotFoundError
from assessment.models import (
    CLOSED,
    JOIN_CODE_LENGTH,
    OPEN,
    Assessment,
    AssessmentInput,
    NameInput,
    Organisation,
    Respondent,
    Unit,
    utcnow,
)
from assessment.profiles import proposed_area_targets
from assessment.records import AssessmentInfo
from assessment.rules import ensure_answers_may_change, ensure_confirmed
from assessment.services.audit import record
from assessment.services.banks import bank_by_version, bank_for_new_assessment
from assessment.services.inputs import check_options, shipped_language, validated
from assessment.services.live import (
    assessment_for,
    assessment_is_live,
    authorise,
    live_organisation,
    live_unit,
    organisation_for,
    organisation_of_unit,
    respondent_is_live,
    unit_for,
)
from assessment.services.organisations import profile_of
from assessment.services.units import unit_paths
from questionnaires import Bank
from questionnaires.i18n import _, current_language
from questionnaires.text import fold

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1: read aloud in a room


def create_assessment(
    *,
    session: Session,
    actor: Actor,
    unit_id: int,
    title: str,
    mode: str,
    assessed_on: date,
    area_targets: Mapping[str, float] | None = None,
    question_targets: Mapping[str, int] | None = None,
    focus_steps: Iterable[str] = (),
    focus_pillars: Iterable[str] = (),
    anonymous: bool = False,
    bank: Bank | None = None,
    report_language: str | None = None,
) -> AssessmentInfo:
    """A new open assessment of a unit, answered and scored for ever with one stored bank.

    It reports in ``report_language``, by default the language of who starts it (the current one).

    That bank is ``bank`` when given, else the organisation's adopted bank, else the installed one.

    Without ``area_targets`` it starts with the targets proposed from the organisation's profile
    (``assessment/profiles.py``); an organisation without a profile gets the default targets.

    A workshop gets a join code participants type to add themselves; an ``anonymous`` one asks
    and stores no names (participants are numbered).
    """
    unit = unit_for(session, actor, Action.RUN, unit_id)
    bank = bank_for_new_assessment(session, unit.organisation_id, bank)
    data = validated(
        AssessmentInput,
        title=title,
        mode=mode,
        assessed_on=assessed_on,
        area_targets=dict(
            _proposed_targets(session, unit.organisation_id, bank) if area_targets is None else area_targets
        ),
        question_targets=dict(question_targets or {}),
        focus_steps=list(focus_steps),
        focus_pillars=list(focus_pillars),
    )
    check_options(
        bank,
        area_targets=data.area_targets,
        question_targets=data.question_targets,
        focus_steps=data.focus_steps,
        focus_pillars=data.focus_pillars,
    )
    assessment = Assessment(
        **data.model_dump(),
        unit_id=unit_id,
        bank_version=bank.version,
        anonymous=anonymous,
        report_language=shipped_language(report_language or current_language()),
    )
    if data.mode == "workshop":
        assessment.join_code = new_join_code(session)
    session.add(assessment)
    session.flush()
    _audit(session, actor, "create", assessment)
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment.id)


def list_assessments(
    *, session: Session, actor: Actor, organisation_id: int | None = None, unit_id: int | None = None
) -> list[AssessmentInfo]:
    """Live assessments ``actor`` may see, by organisation, unit and date; of one organisation or unit."""
    query = _info_query()
    if organisation_id is not None:
        organisation_for(session, actor, Action.READ, organisation_id)
        query = query.where(col(Unit.organisation_id) == organisation_id)
    if unit_id is not None:
        unit_for(session, actor, Action.READ, unit_id)
        query = query.where(col(Assessment.unit_id) == unit_id)
    readable = readable_organisations(actor)
    if readable is not None:
        query = query.where(col(Unit.organisation_id).in_(readable))
    rows = session.exec(query.order_by(Organisation.name, Assessment.assessed_on, Assessment.id)).all()
    paths = unit_paths(session, {row[2].id for row in rows})
    infos = [_for(actor, _info(*row, unit_path=paths[row[1].id])) for row in rows]
    return sorted(
        infos, key=lambda info: (fold(info.organisation), fold(info.unit), info.assessed_on, info.id)
    )


def get_assessment_info(*, session: Session, actor: Actor, assessment_id: int) -> AssessmentInfo:
    row = session.exec(_info_query().where(col(Assessment.id) == assessment_id)).first()
    if row is None:
        raise NotFoundError(
            _("there is no assessment with id {assessment_id}").format(assessment_id=assessment_id)
        )
    authorise(actor, Action.READ, row[2].id, missing=f"there is no assessment with id {assessment_id}")
    return _for(actor, _info(*row, unit_path=unit_paths(session, {row[2].id})[row[1].id]))


def rename_assessment(*, session: Session, actor: Actor, assessment_id: int, title: str) -> AssessmentInfo:
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    assessment.title = validated(NameInput, name=title).name
    session.add(assessment)
    session.flush()
    _audit(session, actor, "rename", assessment)
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)


def update_targets(
    *,
    session: Session,
    actor: Actor,
    assessment_id: int,
    area_targets: Mapping[str, float] | None = None,
    question_targets: Mapping[str, int] | None = None,
    focus_steps: Iterable[str] | None = None,
    focus_pillars: Iterable[str] | None = None,
    bank: Bank | None = None,
    expected_version: int | None = None,
) -> AssessmentInfo:
    """Change targets and focus of an open assessment; an argument left as None keeps what is stored.

    ``expected_version``: the ``targets_version`` the person saw. When someone saved targets
    since, :class:`ConflictError` says so and nothing changes (checked in the UPDATE itself,
    so two saves at the same moment cannot both pass).
    """
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    ensure_answers_may_change(assessment.status)
    # New containers, never in-place edits: JSON columns only save reassigned values.
    changed = {
        "area_targets": dict(assessment.area_targets if area_targets is None else area_targets),
        "question_targets": dict(
            assessment.question_targets if question_targets is None else question_targets
        ),
        "focus_steps": list(assessment.focus_steps if focus_steps is None else focus_steps),
        "focus_pillars": list(assessment.focus_pillars if focus_pillars is None else focus_pillars),
    }
    check_options(bank or bank_by_version(session, assessment.bank_version), **changed)
    unchanged_since = (
        true() if expected_version is None else col(Assessment.targets_version) == expected_version
    )
    saved = session.execute(
        update(Assessment)
        .where(col(Assessment.id) == assessment_id, unchanged_since)
        .values(**changed, targets_version=col(Assessment.targets_version) + 1)
        .execution_options(synchronize_session=False)
    )
    if saved.rowcount != 1:
        raise ConflictError(
            _(
                "someone else changed the targets and focus since you opened them: reload the page to see "
                "their change, then save yours again"
            )
        )
    session.expire(assessment)
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)


def close_assessment(*, session: Session, actor: Actor, assessment_id: int) -> AssessmentInfo:
    """Stop all changes to the answers; the join code stops working too."""
    return _set_status(session, actor, assessment_id, CLOSED)


def reopen_assessment(*, session: Session, actor: Actor, assessment_id: int) -> AssessmentInfo:
    return _set_status(session, actor, assessment_id, OPEN)


def rotate_join_code(*, session: Session, actor: Actor, assessment_id: int) -> AssessmentInfo:
    """A fresh join code for a workshop; the old one stops working at once."""
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    if assessment.mode != "workshop":
        raise InvalidInputError(_("only workshops have a join code"))
    assessment.join_code = new_join_code(session)
    session.add(assessment)
    session.flush()
    _audit(session, actor, "new join code", assessment)
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)


def delete_assessment(*, session: Session, actor: Actor, assessment_id: int, confirm: str) -> None:
    """Hide the assessment and its answers; ``confirm`` must be its title."""
    assessment = assessment_for(session, actor, Action.MANAGE, assessment_id)
    ensure_confirmed(confirm, assessment.title, "assessment")
    assessment.deleted_at = utcnow()
    assessment.join_code = None
    session.add(assessment)
    _audit(session, actor, "delete", assessment)


def restore_assessment(*, session: Session, actor: Actor, assessment_id: int) -> AssessmentInfo:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.deleted_at is None:
        raise NotFoundError(
            _("there is no deleted assessment with id {assessment_id}").format(assessment_id=assessment_id)
        )
    unit = live_unit(session, assessment.unit_id)
    authorise(
        actor,
        Action.MANAGE,
        unit.organisation_id,
        missing=f"there is no deleted assessment with id {assessment_id}",
    )
    assessment.deleted_at = None
    if assessment.mode == "workshop":
        assessment.join_code = new_join_code(session)
    session.add(assessment)
    session.flush()
    _audit(session, actor, "restore", assessment)
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)


def _proposed_targets(session: Session, organisation_id: int, bank: Bank) -> dict[str, float]:
    """The area targets proposed from the organisation's profile, for the areas ``bank`` has;
    none (every area at the default) when the organisation gave no profile."""
    profile = profile_of(live_organisation(session, organisation_id))
    if not profile.given:
        return {}
    proposed = proposed_area_targets(size=profile.size, sourcing=profile.sourcing)
    return {area.id: proposed[area.id].target for area in bank.framework.areas if area.id in proposed}


def _audit(session: Session, actor: Actor, action: str, assessment: Assessment) -> None:
    organisation_id = organisation_of_unit(session, assessment.unit_id)
    record(session, actor, action, "assessment", assessment.id, organisation_id=organisation_id)


def new_join_code(session: Session) -> str:
    """A join code no assessment uses yet."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if session.exec(select(Assessment.id).where(col(Assessment.join_code) == code)).first() is None:
            return code


def _set_status(session: Session, actor: Actor, assessment_id: int, status: str) -> AssessmentInfo:
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    assessment.status = status
    assessment.closed_at = utcnow() if status == CLOSED else None
    session.add(assessment)
    session.flush()
    _audit(session, actor, "close" if status == CLOSED else "reopen", assessment)
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)


def _for(actor: Actor, info: AssessmentInfo) -> AssessmentInfo:
    """The record as ``actor`` may see it: the join code only for those who run the workshop."""
    return info if may(actor, Action.RUN, info.organisation_id) else replace(info, join_code=None)


def _info_query() -> Any:
    respondents = (
        select(func.count(col(Respondent.id)))
        .where(col(Respondent.assessment_id) == Assessment.id, respondent_is_live())
        .scalar_subquery()
    )
    return (
        select(Assessment, Unit, Organisation, respondents)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(assessment_is_live())
    )


def _info(
    assessment: Assessment, unit: Unit, organisation: Organisation, respondents: int, *, unit_path: str
) -> AssessmentInfo:
    return AssessmentInfo(
        id=assessment.id,
        organisation_id=organisation.id,
        organisation=organisation.name,
        unit_id=unit.id,
        unit=unit_path,
        title=assessment.title,
        assessed_on=assessment.assessed_on,
        mode=assessment.mode,
        status=assessment.status,
        respondents=respondents,
        bank_version=assessment.bank_version,
        join_code=assessment.join_code,
        created_at=assessment.created_at,
        closed_at=assessment.closed_at,
        area_targets=dict(assessment.area_targets),
        question_targets=dict(assessment.question_targets),
        focus_steps=tuple(assessment.focus_steps),
        focus_pillars=tuple(assessment.focus_pillars),
        anonymous=assessment.anonymous,
        unkept_bank_version=assessment.unkept_bank_version,
        report_language=assessment.report_language,
        targets_version=assessment.targets_version,
    )
