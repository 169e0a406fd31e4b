"""Plans: an assessment's backlog adopted as a unit's plan, edited, imported back, and reviewed.

One plan per unit. A facilitator adopts all or chosen items of an assessment's backlog; each
item keeps its source (question, step up, reason, priority) and gains an owner, a status, a due
date, acceptance criteria (pre-filled from the level the item aims for) and notes. Viewers read
the plan; facilitators edit it. Every change of every field is stored with who and when
(``plan_change``), adoption included. Saving is optimistic: an editor sends the ``version`` of
each item they started from, and if anyone saved that item since, nothing is saved and the
error names the item and who changed it, so two editors never silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlmodel import Session, col, select

from assessment.access import Action, Actor
from assessment.errors import ConflictError, InvalidInputError
from assessment.models import PLAN_STATUSES, Plan, PlanChange, PlanItem, PlanItemInput, utcnow
from assessment.records import ItemEdit, PlanChangeInfo, PlanInfo, PlanItemInfo, StatusRow
from assessment.rules import chronological
from assessment.services.assessments import get_assessment_info, list_assessments
from assessment.services.audit import actor_label, record
from assessment.services.inputs import current_bank, validated
from assessment.services.live import assessment_for, unit_for
from assessment.services.scores import score_assessment
from questionnaires import Bank
from questionnaires.i18n import _
from questionnaires.problem_text import listed, located
from scoring.progress import DoneItem, Progress, next_round, progress_since
from scoring.results import AssessmentResult, BacklogItem

EDITABLE = ("owner", "status", "due_on", "acceptance", "notes")
IN_PROGRESS, DONE = "in progress", "done"


def adopt_backlog(
    *,
    session: Session,
    actor: Actor,
    assessment_id: int,
    keys: Collection[str] | None = None,
    bank: Bank | None = None,
) -> PlanInfo:
    """Add the assessment's backlog items (all, or those whose key is in ``keys``) to its unit's plan.

    Items the plan already holds (by key) are left as they are. An unknown key is an error and
    nothing is added.
    """
    bank = current_bank(bank)
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    backlog = score_assessment(session=session, actor=actor, assessment_id=assessment_id).backlog
    if keys is not None:
        unknown = sorted(set(keys) - {item.key for item in backlog})
        if unknown:
            raise InvalidInputError(
                _("not in the backlog of assessment {id}: {keys}; nothing was adopted").format(
                    id=assessment_id, keys=", ".join(unknown)
                )
            )
        backlog = tuple(item for item in backlog if item.key in keys)
    plan = _plan_of(session, assessment.unit_id)
    who = actor_label(actor)
    if plan is None:
        plan = Plan(unit_id=assessment.unit_id, created_by=who)
        session.add(plan)
        session.flush()
    held = {item.key for item in _items(session, plan.id)}
    added = [_new_item(plan.id, assessment_id, item, bank, who) for item in backlog if item.key not in held]
    session.add_all(added)
    session.flush()
    session.add_all(PlanChange(item_id=item.id, actor=who, field="adopted", new=item.key) for item in added)
    unit = unit_for(session, actor, Action.RUN, assessment.unit_id)
    record(
        session,
        actor,
        "plan",
        "unit",
        unit.id,
        organisation_id=unit.organisation_id,
        detail=f"adopted {len(added)} item(s) from assessment {assessment_id}",
    )
    return _info(session, plan, unit.organisation_id)


def get_plan(*, session: Session, actor: Actor, unit_id: int) -> PlanInfo | None:
    """The unit's plan (viewers and up); None when nothing was adopted yet."""
    unit = unit_for(session, actor, Action.READ, unit_id)
    plan = _plan_of(session, unit_id)
    return None if plan is None else _info(session, plan, unit.organisation_id)


def save_plan_items(*, session: Session, actor: Actor, unit_id: int, edits: Sequence[ItemEdit]) -> PlanInfo:
    """Store the edits of several items at once (facilitators), or none of them.

    Each edit carries the version its editor read; an item saved by someone else since is a
    :class:`ConflictError` naming it, who saved it and when. Only fields that changed are stored,
    each as one history row.
    """
    unit = unit_for(session, actor, Action.RUN, unit_id)
    plan = _required_plan(session, unit_id)
    items = {item.id: item for item in _items(session, plan.id, lock=True)}
    unknown = [str(edit.item_id) for edit in edits if edit.item_id not in items]
    if unknown:
        raise InvalidInputError(
            _("no item {ids} in this plan; nothing was saved").format(ids=", ".join(unknown))
        )
    stale = [
        _("'{title}' (saved by {who} at {time} UTC)").format(
            title=items[edit.item_id].title,
            who=items[edit.item_id].updated_by,
            time=f"{items[edit.item_id].updated_at:%H:%M:%S}",
        )
        for edit in edits
        if items[edit.item_id].version != edit.version
    ]
    if stale:
        raise ConflictError(
            _(
                "someone saved these items after you opened them: {items}. "
                "Nothing was saved: reload the plan and make your changes again."
            ).format(items=listed(stale))
        )
    problems, clean = [], {}
    for edit in edits:
        try:
            clean[edit.item_id] = validated(PlanItemInput, **{name: getattr(edit, name) for name in EDITABLE})
        except InvalidInputError as error:
            problems.append(located(f"'{items[edit.item_id].title}'", str(error)))
    if problems:
        raise InvalidInputError(_("{problems}; nothing was saved").format(problems=listed(problems)))
    who = actor_label(actor)
    for item_id, values in clean.items():
        _apply(session, items[item_id], values.model_dump(), who)
    session.flush()
    return _info(session, plan, unit.organisation_id)


def import_statuses(*, session: Session, actor: Actor, unit_id: int, rows: Sequence[StatusRow]) -> list[str]:
    """Set the statuses a tool's export reports, by item key (facilitators); the keys changed.

    A row whose key is not in the plan, or a key given twice, is reported with its row number
    and nothing changes.
    """
    unit = unit_for(session, actor, Action.RUN, unit_id)
    plan = _required_plan(session, unit_id)
    items = {item.key: item for item in _items(session, plan.id, lock=True)}
    problems, seen = [], {}
    for row in rows:
        if row.key not in items:
            problems.append(
                _("row {row}: no item '{key}' in this unit's plan").format(row=row.row, key=row.key)
            )
        elif row.key in seen:
            problems.append(
                _("row {row}: item '{key}' is also on row {first}").format(
                    row=row.row, key=row.key, first=seen[row.key]
                )
            )
        elif row.status not in PLAN_STATUSES:
            problems.append(
                _("row {row}: '{status}' is not a plan status").format(row=row.row, status=row.status)
            )
        seen.setdefault(row.key, row.row)
    if problems:
        raise InvalidInputError(_("{problems}; nothing was changed").format(problems=listed(problems)))
    who = actor_label(actor)
    changed = [row.key for row in rows if items[row.key].status != row.status]
    for row in rows:
        item = items[row.key]
        _apply(session, item, {**{name: getattr(item, name) for name in EDITABLE}, "status": row.status}, who)
    session.flush()
    record(
        session,
        actor,
        "plan",
        "unit",
        unit_id,
        organisation_id=unit.organisation_id,
        detail=f"imported {len(rows)} status(es), {len(changed)} changed",
    )
    return changed


def plan_history(*, session: Session, actor: Actor, unit_id: int) -> list[PlanChangeInfo]:
    """Every stored change of the unit's plan, newest first (viewers and up)."""
    unit_for(session, actor, Action.READ, unit_id)
    plan = _plan_of(session, unit_id)
    if plan is None:
        return []
    rows = session.exec(
        select(PlanChange, PlanItem.key)
        .join(PlanItem, col(PlanItem.id) == PlanChange.item_id)
        .where(col(PlanItem.plan_id) == plan.id)
        .order_by(col(PlanChange.at).desc(), col(PlanChange.id).desc())
    ).all()
    return [
        PlanChangeInfo(
            change.id, change.item_id, key, change.at, change.actor, change.field, change.old, change.new
        )
        for change, key in rows
    ]


def review_round(
    *, session: Session, actor: Actor, assessment_id: int, result: AssessmentResult
) -> tuple[AssessmentResult, Progress | None]:
    """A later round of a unit with a plan: its result without the backlog items the plan already
    has in progress, and the progress of the items done since they were adopted.

    Only items adopted from an earlier round of the unit count; for the round a plan was
    adopted from (or a unit without a plan) the result comes back as it is, with None.
    """
    info = get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)
    plan = _plan_of(session, info.unit_id)
    if plan is None:
        return result, None
    rounds = {a.id: a for a in list_assessments(session=session, actor=actor, unit_id=info.unit_id)}
    earlier = [
        item
        for item in _items(session, plan.id)
        if item.source_assessment_id in rounds
        and chronological(rounds[item.source_assessment_id]) < chronological(info)
    ]
    if not earlier:
        return result, None
    in_progress = {item.key for item in earlier if item.status == IN_PROGRESS}
    trimmed, left_out = next_round(result, in_progress, info.scoring_options())
    done = [item for item in earlier if item.status == DONE]
    baselines = {
        str(source): score_assessment(session=session, actor=actor, assessment_id=source).questions
        for source in {item.source_assessment_id for item in done if item.source_assessment_id is not None}
    }
    items = progress_since(
        [
            DoneItem(i.key, i.title, i.question_id, i.from_level, i.to_level, str(i.source_assessment_id))
            for i in done
        ],
        baselines,
        result.questions,
    )
    return trimmed, Progress(items=items, left_out=left_out)


# --- helpers --------------------------------------------------------------------------------


def _plan_of(session: Session, unit_id: int) -> Plan | None:
    return session.exec(select(Plan).where(col(Plan.unit_id) == unit_id)).first()


def _required_plan(session: Session, unit_id: int) -> Plan:
    plan = _plan_of(session, unit_id)
    if plan is None:
        raise InvalidInputError(_("this unit has no plan yet: adopt an assessment's backlog first"))
    return plan


def _items(session: Session, plan_id: int, *, lock: bool = False) -> list[PlanItem]:
    """The plan's items; ``lock`` holds their rows until the transaction ends (PostgreSQL: a second
    editor's save waits, then sees the first one's versions; SQLite writers are serial anyway)."""
    query = select(PlanItem).where(col(PlanItem.plan_id) == plan_id).order_by(col(PlanItem.id))
    return list(session.exec(query.with_for_update() if lock else query).all())


def _new_item(plan_id: int, assessment_id: int, item: BacklogItem, bank: Bank, who: str) -> PlanItem:
    return PlanItem(
        plan_id=plan_id,
        key=item.key,
        source_assessment_id=assessment_id,
        question_id=item.question_id,
        area=item.area,
        from_level=item.from_level,
        to_level=item.to_level,
        title=item.title,
        description=item.description,
        effort=item.effort,
        priority=item.priority,
        rank=item.rank,
        reason=item.reason,
        steps=list(item.steps),
        pillars=list(item.pillars),
        acceptance=_acceptance(item, bank),
        updated_by=who,
    )


def _acceptance(item: BacklogItem, bank: Bank) -> str:
    """Done when respondents can say what the level the item aims for describes; a find-out item
    is done when they can say at all which level describes the question."""
    if item.find_out:
        question = bank.question(item.question_id).text if bank.has_question(item.question_id) else None
        asked = f"“{question.strip()}”" if question else f"the question {item.question_id}"
        return (
            f"Found out where you stand: the people who know answered {asked} with a level, "
            'not "don\'t know", so its steps can be planned.'
        )
    level = f"level {item.to_level} ({bank.framework.level_name(item.to_level)})"
    if not bank.has_question(item.question_id):
        return f"The question {item.question_id} reaches {level}."
    return f"Reaches {level}: {bank.question(item.question_id).levels[item.to_level]}"


def _apply(session: Session, item: PlanItem, values: dict[str, object], who: str) -> None:
    """Store the fields of ``values`` that differ from ``item``, one history row each."""
    now = utcnow()
    changes = [
        PlanChange(
            item_id=item.id, at=now, actor=who, field=name, old=_text(getattr(item, name)), new=_text(value)
        )
        for name, value in values.items()
        if getattr(item, name) != value
    ]
    if not changes:
        return
    for name, value in values.items():
        setattr(item, name, value)
    item.version += 1
    item.updated_at, item.updated_by = now, who
    session.add(item)
    session.add_all(changes)


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _info(session: Session, plan: Plan, organisation_id: int) -> PlanInfo:
    return PlanInfo(
        plan.id,
        plan.unit_id,
        organisation_id,
        plan.created_at,
        plan.created_by,
        tuple(_item_info(item) for item in _items(session, plan.id)),
    )


def _item_info(item: PlanItem) -> PlanItemInfo:
    return PlanItemInfo(
        id=item.id,
        key=item.key,
        source_assessment_id=item.source_assessment_id,
        question_id=item.question_id,
        area=item.area,
        from_level=item.from_level,
        to_level=item.to_level,
        title=item.title,
        description=item.description,
        effort=item.effort,
        priority=item.priority,
        rank=item.rank,
        reason=item.reason,
        steps=tuple(item.steps),
        pillars=tuple(item.pillars),
        owner=item.owner,
        status=item.status,
        due_on=item.due_on,
        acceptance=item.acceptance,
        notes=item.notes,
        version=item.version,
        updated_at=item.updated_at,
        updated_by=item.updated_by,
    )
