"""Respondents: the leader of a self-assessment, or the participants who join a workshop.

Each holds a secret token: their personal link to come back and go on answering.
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from assessment.errors import AssessmentClosedError, ConflictError, InvalidInputError, NotFoundError
from assessment.models import OPEN, AnswerRow, Assessment, Organisation, Respondent, RespondentInput, Unit
from assessment.records import AssessmentInfo, RespondentInfo
from assessment.rules import ensure_confirmed
from assessment.services.assessments import create_assessment
from assessment.services.inputs import validated
from assessment.services.live import assessment_is_live, live_assessment, live_respondent
from questionnaires import Bank

TOKEN_BYTES = 24
ANONYMOUS_LABEL = "Participant"  # numbered: "Participant 1", "Participant 2", …
LEADER_LABEL = "Leader"  # a self-assessment's respondent when the leader gives no name
JOIN_ATTEMPTS = 20


def add_respondent(*, session: Session, assessment_id: int, label: str, role: str = "") -> RespondentInfo:
    """A named (or, with an empty label, numbered anonymous) respondent with a secret token."""
    live_assessment(session, assessment_id)
    data = validated(RespondentInput, label=label, role=role)
    if not data.label:
        return _insert(session, assessment_id, ANONYMOUS_LABEL, data.role, renumber=True)
    if data.label in _labels(session, assessment_id):
        raise ConflictError(f"this assessment already has a respondent called '{data.label}'")
    return _insert(session, assessment_id, data.label, data.role, renumber=False)


def start_self_assessment(
    *,
    session: Session,
    unit_id: int,
    title: str,
    assessed_on: date,
    leader: str,
    role: str = "",
    bank: Bank | None = None,
) -> tuple[AssessmentInfo, RespondentInfo]:
    """A new self-assessment and its one respondent, the leader (called "Leader" when unnamed)."""
    assessment = create_assessment(
        session=session, unit_id=unit_id, title=title, mode="self", assessed_on=assessed_on, bank=bank
    )
    label = leader.strip() or LEADER_LABEL
    respondent = add_respondent(session=session, assessment_id=assessment.id, label=label, role=role)
    return assessment, respondent


def join_workshop(*, session: Session, join_code: str, label: str = "", role: str = "") -> RespondentInfo:
    """Add yourself to an open workshop by its join code; a name already taken gets a number."""
    code = "".join(join_code.split()).upper()
    assessment = session.exec(
        select(Assessment)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Assessment.join_code) == code, assessment_is_live())
    ).first()
    if assessment is None or not code:
        raise NotFoundError(f"no workshop has the join code '{join_code}'")
    if assessment.status != OPEN:
        raise AssessmentClosedError("this workshop is closed: ask the facilitator to reopen it")
    data = validated(RespondentInput, label=label, role=role)
    return _insert(session, assessment.id, data.label or ANONYMOUS_LABEL, data.role, renumber=True)


def list_respondents(*, session: Session, assessment_id: int) -> list[RespondentInfo]:
    live_assessment(session, assessment_id)
    respondents = session.exec(
        select(Respondent).where(col(Respondent.assessment_id) == assessment_id).order_by(Respondent.id)
    ).all()
    return [respondent_info(respondent) for respondent in respondents]


def respondent_by_token(*, session: Session, token: str) -> RespondentInfo | None:
    """Whoever holds ``token``, if their assessment still exists; never raises on a bad token."""
    if not token or len(token) > 64:
        return None
    respondent = session.exec(
        select(Respondent)
        .join(Assessment, col(Assessment.id) == Respondent.assessment_id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Respondent.token) == token, assessment_is_live())
    ).first()
    return None if respondent is None else respondent_info(respondent)


def rename_respondent(
    *, session: Session, respondent_id: int, label: str, role: str | None = None
) -> RespondentInfo:
    respondent = live_respondent(session, respondent_id)
    data = validated(RespondentInput, label=label, role=respondent.role if role is None else role)
    if not data.label:
        raise InvalidInputError("a respondent's name cannot be empty")
    if data.label != respondent.label and data.label in _labels(session, respondent.assessment_id):
        raise ConflictError(f"this assessment already has a respondent called '{data.label}'")
    respondent.label, respondent.role = data.label, data.role
    session.add(respondent)
    session.flush()
    return respondent_info(respondent)


def delete_respondent(*, session: Session, respondent_id: int, confirm: str) -> None:
    """Remove a respondent and all their answers for good; ``confirm`` must be their label."""
    respondent = live_respondent(session, respondent_id)
    ensure_confirmed(confirm, respondent.label, "respondent")
    for answer in session.exec(select(AnswerRow).where(col(AnswerRow.respondent_id) == respondent_id)).all():
        session.delete(answer)
    session.delete(respondent)


def new_token() -> str:
    """A respondent's secret: 24 random bytes, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def respondent_info(respondent: Respondent) -> RespondentInfo:
    return RespondentInfo(
        respondent.id,
        respondent.assessment_id,
        respondent.label,
        respondent.role,
        respondent.token,
        respondent.created_at,
    )


def _insert(session: Session, assessment_id: int, label: str, role: str, *, renumber: bool) -> RespondentInfo:
    """Insert, guarded by the unique (assessment, label): people joining at the same moment
    with the same name get the next free number instead of an error (``renumber``)."""
    for _ in range(JOIN_ATTEMPTS):
        candidate = _free_label(session, assessment_id, label) if renumber else label
        respondent = Respondent(assessment_id=assessment_id, label=candidate, role=role, token=new_token())
        try:
            with session.begin_nested():
                session.add(respondent)
        except IntegrityError:
            if not renumber:
                raise ConflictError(f"this assessment already has a respondent called '{label}'") from None
            continue
        return respondent_info(respondent)
    raise ConflictError("too many people joined at the same moment: please try again")


def _labels(session: Session, assessment_id: int) -> set[str]:
    return set(
        session.exec(select(Respondent.label).where(col(Respondent.assessment_id) == assessment_id)).all()
    )


def _free_label(session: Session, assessment_id: int, label: str) -> str:
    """``label``, or "label 2", "label 3", … when taken (always numbered when anonymous)."""
    taken = _labels(session, assessment_id)
    if label not in taken and label != ANONYMOUS_LABEL:
        return label
    number = 1 if label == ANONYMOUS_LABEL else 2
    while f"{label} {number}" in taken:
        number += 1
    return f"{label} {number}"
