"""Restoring an organisation from its JSON backup (``assessment.backup``), exactly: also how an
organisation moves from SQLite to PostgreSQL.

Tokens and join codes are kept, unless the target database already uses one: those are
replaced, because two people must never share a secret link (the result counts them). A
restored organisation starts with no read-only results links.

A backup is checked with the app's own rules before anything is written (text that cannot
be stored, dates, nesting, answers, targets against the bank), every problem with its path
(the models it is read into: ``assessment/backup_data.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import (
    ValidationError,
)
from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Actor, require_admin
from assessment.backup import BACKUP_FORMAT
from assessment.backup_data import AssessmentData, BackupData, UnitData
from assessment.db import bulk_insert
from assessment.errors import ConflictError, InvalidInputError, NotFoundError
from assessment.models import (
    Assessment,
    Member,
    Organisation,
    Respondent,
    StoredBank,
    Unit,
)
from assessment.plan_backup import restore_plan
from assessment.records import OrganisationInfo
from assessment.services.audit import record
from assessment.services.banks import store_bank
from questionnaires import Bank
from questionnaires.i18n import _, ngettext
from questionnaires.problem_text import located, validation_message
from questionnaires.versions import bank_from_dict
from scoring.formatting import count_text

MAX_UNIT_DEPTH = 50  # far deeper than any organisation chart; bounds the restore's recursion
PROBLEMS_LISTED = 200  # of a damaged backup's problems; all are counted


@dataclass(frozen=True)
class RestoreResult:
    organisation: OrganisationInfo
    units: int
    assessments: int
    respondents: int
    answers: int
    replaced_secrets: int  # tokens and join codes already used in this database


def restore_organisation(*, session: Session, actor: Actor, data: Any) -> RestoreResult:
    """Recreate a backed-up organisation in this database; everything or nothing is written.

    Restoring creates an organisation: instance admins only; a signed-in admin becomes its owner.
    """
    require_admin(actor, _("restore organisations"))
    backup = _validated_backup(session, data)
    if services.find_organisation(session=session, actor=Actor.operator(), name=backup.organisation.name):
        raise ConflictError(
            _(
                "an organisation called '{name}' already exists here: rename or delete it before restoring"
            ).format(name=backup.organisation.name)
        )
    organisation = Organisation(
        name=backup.organisation.name,
        created_at=backup.organisation.created_at,
        size=backup.organisation.size,
        sourcing=backup.organisation.sourcing,
    )
    session.add(organisation)
    session.flush()
    if actor.email:
        session.add(Member(organisation_id=organisation.id, email=actor.email, role="owner"))
    for bank in _carried_banks(backup.banks).values():
        store_bank(session, bank, origin="restored")
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


class _Counter:
    def __init__(self) -> None:
        self.units = self.assessments = self.respondents = self.answers = self.replaced = 0


def _validated_backup(session: Session, data: Any) -> BackupData:
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise InvalidInputError(
            _(
                'not a Wayfinder organisation backup (expected "format": "{format}"); '
                "export one with: python -m assessment export --org NAME --format json"
            ).format(format=BACKUP_FORMAT)
        )
    _check_depth(data)
    carried = _carried_banks(data.get("banks"))
    try:
        return BackupData.model_validate(
            data,
            context={
                "bank_of": lambda version: (
                    carried[version] if version in carried else _bank_of(session, version)
                )
            },
        )
    except ValidationError as error:
        details = error.errors()
        listed = [
            located(".".join(map(str, detail["loc"])), validation_message(detail))
            for detail in details[:PROBLEMS_LISTED]
        ]
        raise InvalidInputError(_problems_text(listed, len(details))) from None


def _check_depth(data: dict[str, Any]) -> None:
    """Refuse units nested beyond ``MAX_UNIT_DEPTH`` before anything recurses through them."""
    organisation = data.get("organisation")
    pending = [(organisation.get("units"), "organisation.units", 1)] if isinstance(organisation, dict) else []
    while pending:
        units, path, depth = pending.pop()
        if not isinstance(units, list):
            continue
        if depth > MAX_UNIT_DEPTH:
            raise InvalidInputError(
                _(
                    "the backup has units nested more than {depth} deep (under {path}): nothing was restored"
                ).format(depth=MAX_UNIT_DEPTH, path=path.removesuffix(".units"))
            )
        pending.extend(
            (unit.get("units"), f"{path}.{index}.units", depth + 1)
            for index, unit in enumerate(units)
            if isinstance(unit, dict)
        )


def _carried_banks(banks: Any) -> dict[str, Bank]:
    """The banks a backup carries, each checked with the bank schema; every problem named."""
    if banks is None:
        return {}
    if not isinstance(banks, dict):
        raise InvalidInputError(_("the backup's banks must be an object: bank version → bank"))
    carried: dict[str, Bank] = {}
    problems: list[str] = []
    for version, data in banks.items():
        try:
            bank = bank_from_dict(data)
        except ValidationError as error:
            reason = _bank_problem(error)
        except (KeyError, TypeError, AttributeError) as error:
            reason = str(error)
        else:
            if bank.version == version:
                carried[version] = bank
                continue
            reason = None
        problems.append(
            _("banks.{version}: not a question bank ({reason})").format(version=version, reason=reason)
            if reason is not None
            else _("banks.{version}: holds bank version {found}").format(version=version, found=bank.version)
        )
    if problems:
        raise InvalidInputError(_problems_text(problems, len(problems)))
    return carried


def _bank_problem(error: ValidationError) -> str:
    """The first of a carried bank's problems, where it is and what (the rest follow from it)."""
    detail = error.errors()[0]
    where = ".".join(map(str, detail["loc"]))
    return located(where, validation_message(detail))


def _problems_text(listed: list[str], total: int) -> str:
    """ "the backup has N problem(s):" and the first ``PROBLEMS_LISTED`` of them, one a line."""
    lines = [
        ngettext("the backup has {count} problem(s):", "the backup has {count} problem(s):", total).format(
            count=count_text(total)
        ),
        *(f"  - {problem}" for problem in listed),
    ]
    if total > len(listed):
        hidden = total - len(listed)
        lines.append(
            "  … " + ngettext("and {count} more", "and {count} more", hidden).format(count=count_text(hidden))
        )
    return "\n".join(lines)


def _kept_bank(session: Session, data: AssessmentData) -> dict[str, Any]:
    """The assessment's own bank when kept here; else the installed bank, flagged (as migration 0006 does)."""
    if session.get(StoredBank, data.bank_version) is not None:
        return {}
    installed = services.current_bank()
    store_bank(session, installed, origin="installed")
    return {
        "bank_version": installed.version,
        "unkept_bank_version": data.unkept_bank_version or data.bank_version,
    }


def _bank_of(session: Session, version: str) -> Any:
    """The bank an assessment was answered with; the current bank when this database lacks it."""
    try:
        return services.bank_by_version(session, version)
    except NotFoundError:
        return services.current_bank()


def _restore_unit(
    session: Session, organisation_id: int, parent_id: int | None, data: UnitData, counter: _Counter
) -> None:
    unit = Unit(
        organisation_id=organisation_id,
        parent_id=parent_id,
        name=data.name,
        created_at=data.created_at,
        deleted_at=data.deleted_at,
    )
    session.add(unit)
    session.flush()
    counter.units += 1
    for assessment in data.assessments:
        _restore_assessment(session, unit.id, assessment, counter)
    if data.plan is not None:
        restored = session.exec(
            select(Assessment.id).where(col(Assessment.unit_id) == unit.id).order_by(col(Assessment.id))
        ).all()
        restore_plan(session, unit.id, data.plan, restored)
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
    assessment = Assessment(**fields | _kept_bank(session, data), unit_id=unit_id, join_code=join_code)
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
