"""Builders of database rows for tests: sensible defaults, override only what the test is about.

Every builder goes through the services (``from assessment import services``), so test data
passes the same validation as real data, and works inside the caller's session: nothing is
committed before the caller's ``session_scope`` ends. Names are unique within a test run
("Organisation 3", "Unit 7", "Respondent 12"), so builders never clash with each other; a
test that asserts on a name passes it. A parent left out is built too: ``make_respondent(session)``
makes an organisation, a unit, an assessment and its respondent.

Hand-made scoring results (no database) live in ``tests/unit/reports/factories.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from assessment import services
from assessment.access import Actor
from assessment.records import AssessmentInfo, OrganisationInfo, RespondentInfo, UnitInfo
from questionnaires import Bank

# Who set-up acts as: the local operator may do everything. Tests of roles build their own actors.
OPERATOR = Actor.operator()
ASSESSED_ON = date(2025, 3, 1)
_numbers = itertools.count(1)


def unique_name(prefix: str) -> str:
    """``prefix`` and a number not used before in this test run."""
    return f"{prefix} {next(_numbers)}"


def make_organisation(session: Session, **overrides: Any) -> OrganisationInfo:
    """An organisation with a unique name."""
    values: dict[str, Any] = {"name": unique_name("Organisation"), **overrides}
    return services.create_organisation(actor=OPERATOR, session=session, **values)


def make_unit(session: Session, organisation_id: int | None = None, **overrides: Any) -> UnitInfo:
    """A top-level unit (a team with ``parent_id``) of ``organisation_id``, or of a new organisation."""
    if organisation_id is None:
        organisation_id = make_organisation(session).id
    values: dict[str, Any] = {"name": unique_name("Unit"), **overrides}
    return services.create_unit(actor=OPERATOR, session=session, organisation_id=organisation_id, **values)


def make_assessment(
    session: Session,
    unit_id: int | None = None,
    *,
    organisation_id: int | None = None,
    organisation: str | None = None,
    unit: str | None = None,
    **overrides: Any,
) -> AssessmentInfo:
    """An open self-assessment titled "Baseline", dated 1 March 2025, of ``unit_id``.

    Without ``unit_id`` a new unit (called ``unit``) is made in ``organisation_id``, or in a
    new organisation (called ``organisation``). ``overrides`` go to ``create_assessment``
    (``mode="workshop"``, ``title``, ``assessed_on``, targets, focus, ``bank``).
    """
    if unit_id is None:
        if organisation_id is None:
            organisation_id = make_organisation(session, **_named(organisation)).id
        unit_id = make_unit(session, organisation_id, **_named(unit)).id
    elif organisation_id is not None or organisation is not None or unit is not None:
        raise TypeError("give unit_id or where to make the unit (organisation_id, organisation, unit)")
    values: dict[str, Any] = {"title": "Baseline", "mode": "self", "assessed_on": ASSESSED_ON, **overrides}
    return services.create_assessment(actor=OPERATOR, session=session, unit_id=unit_id, **values)


def make_respondent(
    session: Session, assessment_id: int | None = None, label: str | None = None, **overrides: Any
) -> RespondentInfo:
    """A respondent of ``assessment_id`` (or of a new self-assessment) with a unique label.

    ``label=""`` gives a numbered anonymous respondent ("Participant 1"), as the service does.
    """
    if assessment_id is None:
        assessment_id = make_assessment(session).id
    label = unique_name("Respondent") if label is None else label
    return services.add_respondent(
        actor=OPERATOR, session=session, assessment_id=assessment_id, label=label, **overrides
    )


def answer_all(
    session: Session,
    respondent_id: int,
    answers: int | str | Mapping[str, object],
    *,
    question_ids: Iterable[str] | None = None,
    notes: Mapping[str, str] | None = None,
    bank: Bank | None = None,
) -> dict[str, int | str]:
    """Save a respondent's answers in one go; returns them as stored.

    ``answers`` is either {question id: answer} or one answer (a level, "na", …) given to every
    question in ``question_ids`` — all questions of the current bank when they are left out.
    """
    if isinstance(answers, Mapping):
        given = dict(answers)
    else:
        if question_ids is None:
            question_ids = [question.id for question in services.current_bank(bank).questions]
        given = dict.fromkeys(question_ids, answers)
    if not given:
        return {}
    return services.save_answers(
        actor=OPERATOR, session=session, respondent_id=respondent_id, answers=given, notes=notes, bank=bank
    )


@dataclass(frozen=True)
class AnsweredAssessment:
    """An assessment as stored after its respondents answered, their ids in the order given."""

    assessment: AssessmentInfo
    respondent_ids: tuple[int, ...]

    @property
    def organisation_id(self) -> int:
        return self.assessment.organisation_id

    @property
    def unit_id(self) -> int:
        return self.assessment.unit_id


def make_answered_assessment(
    session: Session,
    answers: Mapping[str, Mapping[str, object]] | None = None,
    unit_id: int | None = None,
    **overrides: Any,
) -> AnsweredAssessment:
    """An assessment (``overrides`` as for :func:`make_assessment`) and its respondents' answers.

    ``answers`` maps a respondent label to {question id: answer}; each label becomes a respondent.
    """
    info = make_assessment(session, unit_id, **overrides)
    respondent_ids = []
    for label, given in (answers or {}).items():
        respondent = make_respondent(session, info.id, label)
        answer_all(session, respondent.id, given)
        respondent_ids.append(respondent.id)
    info = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=info.id)
    return AnsweredAssessment(info, tuple(respondent_ids))


def _named(name: str | None) -> dict[str, str]:
    return {} if name is None else {"name": name}


def make_person(session: Session, roles: Mapping[int, str], email: str | None = None) -> Actor:
    """A signed-in person with ``roles`` (organisation id → role), as the app would see them."""
    email = email or f"{unique_name('person').replace(' ', '')}@example.org"
    for organisation_id, role in roles.items():
        services.add_member(
            session=session, actor=OPERATOR, organisation_id=organisation_id, email=email, role=role
        )
    return services.actor_for(session=session, email=email)


def backup_of_a_deleted_organisation(session: Session, name: str) -> dict[str, Any]:
    """The backup of a small organisation (one unit, one assessment, one answer, a target),
    which is then deleted so that the backup can be restored."""
    from assessment.backup import organisation_backup

    organisation = make_organisation(session, name=name)
    unit = make_unit(session, organisation.id, name="Finance")
    assessment = make_assessment(session, unit.id, area_targets={"devops": 4.0})
    ada = make_respondent(session, assessment.id, "Ada")
    services.save_answers(actor=OPERATOR, session=session, respondent_id=ada.id, answers={"culture.q1": 2})
    data = organisation_backup(actor=OPERATOR, session=session, organisation_id=organisation.id)
    services.delete_organisation(
        actor=OPERATOR, session=session, organisation_id=organisation.id, confirm=name
    )
    return data
