"""The JSON backup of an organisation (``assessment.restore`` restores it exactly: also how an
organisation moves from SQLite to PostgreSQL).

The backup holds data, not database ids: units nest by name, assessments sit in their unit,
respondents in their assessment, answers in their respondent, all in a stable order. A
restore followed by a new backup gives the same document again (apart from ``exported_at``).
Deleted units and assessments are kept with when they were deleted, so a restore keeps their
undo window. Read-only results links are not in a backup: only their hashes are stored, so a
restored copy could not hand them out anyway, and a link made for one server's board should
not start working on another.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Action, Actor
from assessment.models import (
    AnswerRow,
    Assessment,
    Respondent,
    StoredBank,
    Unit,
    utcnow,
)
from assessment.plan_backup import plan_backup
from assessment.services.live import live_organisation, organisation_for, respondent_is_live
from questionnaires.answers import from_stored
from questionnaires.text import fold

BACKUP_FORMAT = "wayfinder-organisation"
FORMAT_VERSION = 1


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


def _banks(session: Session, versions: set[str]) -> dict[str, Any]:
    """The stored banks of ``versions``, as JSON-ready data (restored by :func:`_carried_banks`)."""
    rows = session.exec(select(StoredBank).where(col(StoredBank.version).in_(sorted(versions)))).all()
    return {row.version: json.loads(row.content) for row in sorted(rows, key=lambda row: row.version)}
