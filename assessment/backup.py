"""The JSON backup of an organisation, and its exact restore (also: SQLite → PostgreSQL moves).

The backup holds data, not database ids: units nest by name, assessments sit in their unit,
respondents in their assessment, answers in their respondent, all in a stable order. A
restore followed by a new backup gives the same document again (apart from ``exported_at``).
Tokens and join codes are kept, unless the target database already uses one: those are
replaced, because two people must never share a secret link (the result counts them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Action, Actor, require_admin
from assessment.db import bulk_insert
from assessment.errors import ConflictError, InvalidInputError
from assessment.models import (
    EMAIL_LENGTH,
    JOIN_CODE_COLUMN_LENGTH,
    LABEL_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    TOKEN_LENGTH,
    AnswerRow,
    Assessment,
    Member,
    Organisation,
    Respondent,
    Unit,
    utcnow,
)
from assessment.records import OrganisationInfo
from assessment.services.audit import record
from assessment.services.live import organisation_for, respondent_is_live
from questionnaires.answers import Answer, from_stored

BACKUP_FORMAT = "wayfinder-organisation"
FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerData(_Strict):
    question: str = Field(min_length=1, max_length=120)
    answer: Answer
    note: str | None = Field(default=None, max_length=NOTE_LENGTH)
    created_at: AwareDatetime
    updated_at: AwareDatetime


class RespondentData(_Strict):
    label: str = Field(min_length=1, max_length=LABEL_LENGTH)
    role: str = Field(default="", max_length=LABEL_LENGTH)
    token: str = Field(min_length=16, max_length=TOKEN_LENGTH)
    email: str | None = Field(default=None, max_length=EMAIL_LENGTH)
    created_at: AwareDatetime
    answers: list[AnswerData] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_answer_per_question(self) -> RespondentData:
        _no_repeats([answer.question for answer in self.answers], "question")
        return self


class AssessmentData(_Strict):
    title: str = Field(min_length=1, max_length=NAME_LENGTH)
    assessed_on: date
    mode: Literal["self", "workshop"]
    status: Literal["open", "closed"]
    bank_version: str = Field(max_length=64)
    join_code: str | None = Field(default=None, max_length=JOIN_CODE_COLUMN_LENGTH)
    area_targets: dict[str, float] = Field(default_factory=dict)
    question_targets: dict[str, int] = Field(default_factory=dict)
    focus_steps: list[str] = Field(default_factory=list)
    focus_pillars: list[str] = Field(default_factory=list)
    created_at: AwareDatetime
    closed_at: AwareDatetime | None = None
    respondents: list[RespondentData] = Field(default_factory=list)
    result: dict[str, Any] | None = None  # scores written by the export; ignored on restore

    @model_validator(mode="after")
    def _labels_are_unique(self) -> AssessmentData:
        _no_repeats([respondent.label for respondent in self.respondents], "respondent label")
        return self


def _no_repeats(values: list[str], what: str) -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(f"{what} given more than once: {', '.join(repeated)}")


class UnitData(_Strict):
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    created_at: AwareDatetime
    assessments: list[AssessmentData] = Field(default_factory=list)
    units: list[UnitData] = Field(default_factory=list)


class OrganisationData(_Strict):
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    created_at: AwareDatetime
    units: list[UnitData] = Field(default_factory=list)


class BackupData(_Strict):
    format: Literal["wayfinder-organisation"]
    format_version: Literal[1]
    exported_at: AwareDatetime | None = None
    organisation: OrganisationData


@dataclass(frozen=True)
class RestoreResult:
    organisation: OrganisationInfo
    units: int
    assessments: int
    respondents: int
    answers: int
    replaced_secrets: int  # tokens and join codes already used in this database


def organisation_backup(
    *, session: Session, actor: Actor, organisation_id: int, results: Mapping[int, Any] | None = None
) -> dict[str, Any]:
    """The organisation's live units, assessments, respondents and answers as JSON-ready data.

    ``results`` (assessment id → JSON-ready scores) are written beside each assessment for
    readers; a restore ignores them. It holds names, notes and secret tokens: facilitators and
    owners only.
    """
    organisation_for(session, actor, Action.RUN, organisation_id)
    organisation = services.get_organisation(session=session, actor=actor, organisation_id=organisation_id)
    units = services.list_units(session=session, actor=actor, organisation_id=organisation_id)
    assessments = services.list_assessments(session=session, actor=actor, organisation_id=organisation_id)
    rows = _assessment_rows(session, [info.id for info in assessments])
    respondents = _respondents_by_assessment(session, [info.id for info in assessments])
    by_unit: dict[int, list[dict[str, Any]]] = {}
    for info in sorted(assessments, key=lambda a: (a.assessed_on, a.id)):
        data = _assessment_data(rows[info.id], respondents.get(info.id, []))
        if results is not None and info.id in results:
            data["result"] = results[info.id]
        by_unit.setdefault(info.unit_id, []).append(data)
    children: dict[int | None, list[dict[str, Any]]] = {}
    for unit in reversed(units):  # children before parents, so each parent finds its list filled
        data = {
            "name": unit.name,
            "created_at": _timestamp(unit.created_at),
            "assessments": by_unit.get(unit.id, []),
            "units": list(reversed(children.get(unit.id, []))),
        }
        children.setdefault(unit.parent_id, []).append(data)
    return {
        "format": BACKUP_FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _timestamp(utcnow()),
        "organisation": {
            "name": organisation.name,
            "created_at": _timestamp(organisation.created_at),
            "units": list(reversed(children.get(None, []))),
        },
    }


def restore_organisation(*, session: Session, actor: Actor, data: Any) -> RestoreResult:
    """Recreate a backed-up organisation in this database; everything or nothing is written.

    Restoring creates an organisation: instance admins only; a signed-in admin becomes its owner.
    """
    require_admin(actor, "restore organisations")
    backup = _validated_backup(data)
    if services.find_organisation(session=session, actor=Actor.operator(), name=backup.organisation.name):
        raise ConflictError(
            f"an organisation called '{backup.organisation.name}' already exists here: "
            "rename or delete it before restoring"
        )
    organisation = Organisation(name=backup.organisation.name, created_at=backup.organisation.created_at)
    session.add(organisation)
    session.flush()
    if actor.email:
        session.add(Member(organisation_id=organisation.id, email=actor.email, role="owner"))
    counter = _Counter()
    for unit in backup.organisation.units:
        _restore_unit(session, organisation.id, None, unit, counter)
    record(
        session,
        actor,
        "import",
        "organisation",
        organisation.id,
        organisation_id=organisation.id,
        detail="backup restored",
    )
    return RestoreResult(
        organisation=services.get_organisation(session=session, actor=actor, organisation_id=organisation.id),
        units=counter.units,
        assessments=counter.assessments,
        respondents=counter.respondents,
        answers=counter.answers,
        replaced_secrets=counter.replaced,
    )


# --- backup --------------------------------------------------------------------------------


def _assessment_rows(session: Session, ids: list[int]) -> dict[int, Assessment]:
    return {row.id: row for row in session.exec(select(Assessment).where(col(Assessment.id).in_(ids))).all()}


def _respondents_by_assessment(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    answers: dict[int, list[dict[str, Any]]] = {}
    for answer in session.exec(
        select(AnswerRow)
        .join(Respondent, col(Respondent.id) == AnswerRow.respondent_id)
        .where(respondent_is_live())
        .where(col(Respondent.assessment_id).in_(ids))
        .order_by(AnswerRow.id)
    ).all():
        answers.setdefault(answer.respondent_id, []).append(
            {
                "question": answer.question_id,
                "answer": from_stored(answer.value),
                "note": answer.note,
                "created_at": _timestamp(answer.created_at),
                "updated_at": _timestamp(answer.updated_at),
            }
        )
    respondents: dict[int, list[dict[str, Any]]] = {}
    for respondent in session.exec(
        select(Respondent)
        .where(col(Respondent.assessment_id).in_(ids), respondent_is_live())
        .order_by(Respondent.id)
    ).all():
        respondents.setdefault(respondent.assessment_id, []).append(
            {
                "label": respondent.label,
                "role": respondent.role,
                "token": respondent.token,
                "email": respondent.email,
                "created_at": _timestamp(respondent.created_at),
                "answers": answers.get(respondent.id, []),
            }
        )
    return respondents


def _assessment_data(assessment: Assessment, respondents: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "title": assessment.title,
        "assessed_on": assessment.assessed_on.isoformat(),
        "mode": assessment.mode,
        "status": assessment.status,
        "bank_version": assessment.bank_version,
        "join_code": assessment.join_code,
        "area_targets": dict(assessment.area_targets),
        "question_targets": dict(assessment.question_targets),
        "focus_steps": list(assessment.focus_steps),
        "focus_pillars": list(assessment.focus_pillars),
        "created_at": _timestamp(assessment.created_at),
        "closed_at": _timestamp(assessment.closed_at),
        "respondents": respondents,
    }


def _timestamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --- restore -------------------------------------------------------------------------------


class _Counter:
    def __init__(self) -> None:
        self.units = self.assessments = self.respondents = self.answers = self.replaced = 0


def _validated_backup(data: Any) -> BackupData:
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise InvalidInputError(
            f'not a Wayfinder organisation backup (expected "format": "{BACKUP_FORMAT}"); '
            "export one with: python -m assessment export --org NAME --format json"
        )
    try:
        return BackupData.model_validate(data)
    except ValidationError as error:
        problems = "\n".join(
            f"  - {'.'.join(map(str, detail['loc']))}: {detail['msg']}" for detail in error.errors()
        )
        raise InvalidInputError(f"the backup has {error.error_count()} problem(s):\n{problems}") from None


def _restore_unit(
    session: Session, organisation_id: int, parent_id: int | None, data: UnitData, counter: _Counter
) -> None:
    unit = Unit(
        organisation_id=organisation_id, parent_id=parent_id, name=data.name, created_at=data.created_at
    )
    session.add(unit)
    session.flush()
    counter.units += 1
    for assessment in data.assessments:
        _restore_assessment(session, unit.id, assessment, counter)
    for child in data.units:
        _restore_unit(session, organisation_id, unit.id, child, counter)


def _restore_assessment(session: Session, unit_id: int, data: AssessmentData, counter: _Counter) -> None:
    fields = data.model_dump(exclude={"respondents", "result", "join_code"})
    join_code = data.join_code
    if (
        join_code is not None
        and session.exec(select(Assessment.id).where(col(Assessment.join_code) == join_code)).first()
    ):
        join_code = services.new_join_code(session)
        counter.replaced += 1
    assessment = Assessment(**fields, unit_id=unit_id, join_code=join_code)
    session.add(assessment)
    session.flush()
    counter.assessments += 1
    if not data.respondents:
        return
    tokens = [respondent.token for respondent in data.respondents]
    taken = set(session.exec(select(Respondent.token).where(col(Respondent.token).in_(tokens))).all())
    counter.replaced += len(taken)
    bulk_insert(
        session,
        Respondent.__table__,
        [
            {
                "assessment_id": assessment.id,
                "label": respondent.label,
                "role": respondent.role,
                "token": services.new_token() if respondent.token in taken else respondent.token,
                "email": respondent.email,
                "created_at": respondent.created_at,
            }
            for respondent in data.respondents
        ],
    )
    ids = dict(
        session.exec(
            select(Respondent.label, Respondent.id).where(col(Respondent.assessment_id) == assessment.id)
        ).all()
    )
    counter.respondents += len(ids)
    answers = [
        services.NewAnswer(
            ids[respondent.label],
            answer.question,
            answer.answer,
            answer.note,
            answer.created_at,
            answer.updated_at,
        )
        for respondent in data.respondents
        for answer in respondent.answers
    ]
    services.write_answers(session=session, answers=answers, new_respondents=True)
    counter.answers += len(answers)
