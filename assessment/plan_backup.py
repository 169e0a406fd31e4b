"""A unit's plan in the organisation backup (``assessment/backup.py``): its items and their
whole history, so a restore loses nothing.

An item's source assessment is written as its position in the unit's ``assessments`` list of
the backup (``source``; None when that assessment is gone), because the backup holds no
database ids. The restore writes the rows as they were: versions, timestamps and history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, Field, model_validator
from sqlmodel import Session, col, select

from assessment.models import (
    ACTION_TITLE_LENGTH,
    EMAIL_LENGTH,
    ITEM_KEY_LENGTH,
    LABEL_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    Plan,
    PlanChange,
    PlanItem,
)
from assessment.strict_data import StrictData
from questionnaires.i18n import _


class PlanChangeData(StrictData):
    at: AwareDatetime
    actor: str = Field(max_length=EMAIL_LENGTH)
    field: str = Field(max_length=20)
    old: str | None = Field(default=None, max_length=NOTE_LENGTH)
    new: str | None = Field(default=None, max_length=NOTE_LENGTH)


class PlanItemData(StrictData):
    key: str = Field(min_length=3, max_length=ITEM_KEY_LENGTH)
    source: int | None = Field(default=None, ge=0)
    question_id: str = Field(min_length=1, max_length=120)
    area: str = Field(max_length=LABEL_LENGTH)
    from_level: int = Field(ge=1, le=5)
    to_level: int = Field(ge=1, le=5)
    title: str = Field(min_length=1, max_length=ACTION_TITLE_LENGTH)
    description: str = Field(default="", max_length=NOTE_LENGTH)
    effort: Literal["S", "M", "L"]
    priority: float
    rank: int = Field(ge=1)
    reason: str = Field(default="", max_length=NOTE_LENGTH)
    steps: list[str] = Field(default_factory=list)
    pillars: list[str] = Field(default_factory=list)
    owner: str = Field(default="", max_length=NAME_LENGTH)
    status: Literal["planned", "in progress", "done", "dropped"]
    due_on: date | None = None
    acceptance: str = Field(default="", max_length=NOTE_LENGTH)
    notes: str = Field(default="", max_length=NOTE_LENGTH)
    version: int = Field(ge=1)
    updated_at: AwareDatetime
    updated_by: str = Field(max_length=EMAIL_LENGTH)
    history: list[PlanChangeData] = Field(default_factory=list)


class PlanData(StrictData):
    created_at: AwareDatetime
    created_by: str = Field(max_length=EMAIL_LENGTH)
    items: list[PlanItemData] = Field(default_factory=list)

    @model_validator(mode="after")
    def _keys_are_unique(self) -> PlanData:
        keys = [item.key for item in self.items]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(_("plan item key given more than once: {keys}").format(keys=", ".join(repeated)))
        return self


def plan_backup(session: Session, unit_id: int, positions: Mapping[int, int]) -> dict[str, Any] | None:
    """The unit's plan as JSON-ready data (None without one); ``positions`` maps each of the
    unit's assessment ids to its place in the backup's list."""
    plan = session.exec(select(Plan).where(col(Plan.unit_id) == unit_id)).first()
    if plan is None:
        return None
    items = session.exec(
        select(PlanItem).where(col(PlanItem.plan_id) == plan.id).order_by(col(PlanItem.id))
    ).all()
    changes: dict[int, list[dict[str, Any]]] = {}
    for change in session.exec(
        select(PlanChange)
        .where(col(PlanChange.item_id).in_([item.id for item in items]))
        .order_by(col(PlanChange.id))
    ).all():
        changes.setdefault(change.item_id, []).append(
            {
                "at": change.at.isoformat(),
                "actor": change.actor,
                "field": change.field,
                "old": change.old,
                "new": change.new,
            }
        )
    return {
        "created_at": plan.created_at.isoformat(),
        "created_by": plan.created_by,
        "items": [_item_data(item, positions, changes.get(item.id, [])) for item in items],
    }


def restore_plan(session: Session, unit_id: int, data: PlanData, assessment_ids: Sequence[int]) -> None:
    """Write the plan of ``data`` for the restored unit; ``assessment_ids`` in the backup's order."""
    plan = Plan(unit_id=unit_id, created_at=data.created_at, created_by=data.created_by)
    session.add(plan)
    session.flush()
    for item_data in data.items:
        fields = item_data.model_dump(exclude={"source", "history"})
        source = item_data.source
        item = PlanItem(
            **fields,
            plan_id=plan.id,
            source_assessment_id=assessment_ids[source]
            if source is not None and source < len(assessment_ids)
            else None,
        )
        session.add(item)
        session.flush()
        session.add_all(PlanChange(item_id=item.id, **change.model_dump()) for change in item_data.history)


def _item_data(item: PlanItem, positions: Mapping[int, int], history: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "key": item.key,
        "source": positions.get(item.source_assessment_id) if item.source_assessment_id is not None else None,
        "question_id": item.question_id,
        "area": item.area,
        "from_level": item.from_level,
        "to_level": item.to_level,
        "title": item.title,
        "description": item.description,
        "effort": item.effort,
        "priority": item.priority,
        "rank": item.rank,
        "reason": item.reason,
        "steps": list(item.steps),
        "pillars": list(item.pillars),
        "owner": item.owner,
        "status": item.status,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "acceptance": item.acceptance,
        "notes": item.notes,
        "version": item.version,
        "updated_at": item.updated_at.isoformat(),
        "updated_by": item.updated_by,
        "history": history,
    }
