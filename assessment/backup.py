"""The JSON backup of an organisation, and its exact restore (also: SQLite → PostgreSQL moves).

The backup holds data, not database ids: units nest by name, assessments sit in their unit,
respondents in their assessment, answers in their respondent, all in a stable order. A
restore followed by a new backup gives the same document again (apart from ``exported_at``).
Tokens and join codes are kept, unless the target database already uses one: those are
replaced, because two people must never share a secret link (the result counts them).
Deleted units and assessments are kept with when they were deleted, so a restore keeps
their undo window. Read-only results links are not in a backup: only their hashes are stored,
so a restored copy could not hand them out anyway, and a link made for one server's board
should not start working on another (a restored organisation starts with none).

A backup is checked with the app's own rules before anything is written (text that cannot
be stored, dates, nesting, answers, targets against the bank), every problem with its path
(the models it is read into: ``assessment/backup_data.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import (
    ValidationError,
)
from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Action, Actor, require_admin
from assessment.backup_data import AssessmentData, BackupData, UnitData
from assessment.db import bulk_insert
from assessment.errors import ConflictError, InvalidInputError, NotFoundError
from assessment.models import (
    AnswerRow,
    Assessment,
    Member,
    Organisation,
    Respondent,
    StoredBank,
    Unit,
    utcnow,
)
from assessment.plan_backup import plan_backup, restore_plan
from assessment.records import OrganisationInfo
from assessment.services.audit import record
from assessment.services.banks import store_bank
from assessment.services.live import live_organisation, organisation_for, respondent_is_live
from questionnaires import Bank
from questionnaires.answers import from_stored
from questionnaires.i18n import _, ngettext
from questionnaires.problem_text import located, validation_message
from questionnaires.text import fold
from questionnaires.versions import bank_from_dict
from scoring.formatting import count_text

BACKUP_FORMAT = "wayfinder-organisation"
FORMAT_VERSION = 1
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
    stored = live_organisation(session, organisation_id)
    # Its profile only when given, so the backup of an organisation without one reads as before.
    profile = {name: value for name, value in (("size", stored.size), ("sourcing", stored.sourcing)) if value}
    units = _units_in_tree_order(session, organisation_id)  # deleted ones too: their undo window
    assessments = session.exec(
        select(Assessment).where(col(Assessment.unit_id).in_([unit.id for unit in units]))
    ).all()
    respondents = _respondents_by_assessment(session, [assessment.id for assessment in assessments])
    by_unit: dict[int, list[dict[str, Any]]] = {}
    positions: dict[int, dict[int, int]] = {}  # unit → assessment id → its place in the unit's list
    for assessment in sorted(assessments, key=lambda a: (a.assessed_on, a.id)):
        data = _assessment_data(assessment, respondents.get(assessment.id, []))
        if results is not None and assessment.id in results:
            data["result"] = results[assessment.id]
        listed = by_unit.setdefault(assessment.unit_id, [])
        positions.setdefault(assessment.unit_id, {})[assessment.id] = len(listed)
        listed.append(data)
    children: dict[int | None, list[dict[str, Any]]] = {}
    for unit in reversed(units):  # children before parents, so each parent finds its list filled
        data = {
            "name": unit.name,
            "created_at": _timestamp(unit.created_at),
            **_deleted(unit.deleted_at),
            "assessments": by_unit.get(unit.id, []),
            "units": list(reversed(children.get(unit.id, []))),
        }
        if (plan := plan_backup(session, unit.id, positions.get(unit.id, {}))) is not None:
            data["plan"] = plan
        children.setdefault(unit.parent_id, []).append(data)
    return {
        "format": BACKUP_FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _timestamp(utcnow()),
        "banks": _banks(session, {assessment.bank_version for assessment in assessments}),
        "organisation": {
            "name": organisation.name,
            "created_at": _timestamp(organisation.created_at),
            **profile,
            "units": list(reversed(children.get(None, []))),
        },
    }


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


def _units_in_tree_order(session: Session, organisation_id: int) -> list[Unit]:
    """Every unit of the organisation, deleted or not, depth first, siblings by name (as listed)."""
    children: dict[int | None, list[Unit]] = {}
    for unit in session.exec(select(Unit).where(col(Unit.organisation_id) == organisation_id)).all():
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[Unit] = []
    pending = sorted(children.get(None, []), key=_by_name, reverse=True)
    while pending:  # a loop, not recursion: depth is the data's to choose
        unit = pending.pop()
        ordered.append(unit)
        pending.extend(sorted(children.get(unit.id, []), key=_by_name, reverse=True))
    return ordered


def _by_name(unit: Unit) -> tuple[str, int]:
    return fold(unit.name), unit.id or 0


def _deleted(deleted_at: datetime | None) -> dict[str, str]:
    """``deleted_at`` for something deleted (restorable until purged); nothing for live ones."""
    return {} if deleted_at is None else {"deleted_at": deleted_at.isoformat()}


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
        **({"unkept_bank_version": assessment.unkept_bank_version} if assessment.unkept_bank_version else {}),
        "join_code": assessment.join_code,
        "area_targets": dict(assessment.area_targets),
        "question_targets": dict(assessment.question_targets),
        "focus_steps": list(assessment.focus_steps),
        "focus_pillars": list(assessment.focus_pillars),
        "created_at": _timestamp(assessment.created_at),
        "closed_at": _timestamp(assessment.closed_at),
        **_deleted(assessment.deleted_at),
        "respondents": respondents,
    }


def _timestamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --- restore -------------------------------------------------------------------------------


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


def _banks(session: Session, versions: set[str]) -> dict[str, Any]:
    """The stored banks of ``versions``, as JSON-ready data (restored by :func:`_carried_banks`)."""
    rows = session.exec(select(StoredBank).where(col(StoredBank.version).in_(sorted(versions)))).all()
    return {row.version: json.loads(row.content) for row in sorted(rows, key=lambda row: row.version)}


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
