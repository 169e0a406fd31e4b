"""One cheap reading of a live workshop, for the facilitator's screen that refreshes itself.

Every facilitator's live view reruns every few seconds, on whichever app server their browser
reaches. It reads this pulse first — one statement, whatever the number of people and answers
— and redraws from what it already holds while the pulse has not moved; only a changed pulse
costs the full reads. The pulse carries the reader's role as it is in the database now, so a
role taken away stops the view at the next refresh, not at the next full page run (a fragment's
rerun keeps the actor read when the page last ran in full).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from sqlalchemy import func, null, true
from sqlmodel import Session, col, select

from assessment.access import Action, Actor
from assessment.errors import NotFoundError
from assessment.models import AnswerRow, Assessment, Member, Organisation, Respondent, Unit
from assessment.services.live import authorise, respondent_is_live


@dataclass(frozen=True)
class WorkshopPulse:
    """What changes when someone joins, leaves, answers or the workshop opens or closes.

    Sums of ids change when the set of rows changes even if the count does not (one person
    removed, another joined); the latest change catches an answer changed in place.
    """

    assessment_id: int
    status: str
    respondents: int
    respondent_ids: int
    answers: int
    answer_ids: int
    latest_answer: datetime | None


def workshop_pulse(*, session: Session, actor: Actor, assessment_id: int) -> WorkshopPulse:
    """The pulse of a live workshop its facilitators may run; not found when it is gone."""
    respondents = (
        select(
            func.count(col(Respondent.id)).label("count"),
            func.coalesce(func.sum(col(Respondent.id)), 0).label("ids"),
        )
        .where(col(Respondent.assessment_id) == assessment_id, respondent_is_live())
        .subquery()
    )
    answers = (
        select(
            func.count(col(AnswerRow.id)).label("count"),
            func.coalesce(func.sum(col(AnswerRow.id)), 0).label("ids"),
            func.max(AnswerRow.updated_at).label("latest"),
        )
        .join(Respondent, col(Respondent.id) == AnswerRow.respondent_id)
        .where(col(Respondent.assessment_id) == assessment_id, respondent_is_live())
        .subquery()
    )
    role = (
        select(Member.role)
        .where(col(Member.organisation_id) == Unit.organisation_id, col(Member.email) == actor.email)
        .scalar_subquery()
        if actor.kind == "person"
        else null()
    )
    row = session.exec(
        select(
            Assessment.status,
            Unit.organisation_id,
            role,
            respondents.c.count,
            respondents.c.ids,
            answers.c.count,
            answers.c.ids,
            answers.c.latest,
        )
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .join(respondents, true())
        .join(answers, true())
        .where(
            col(Assessment.id) == assessment_id,
            col(Assessment.deleted_at).is_(None),
            col(Unit.deleted_at).is_(None),
            col(Organisation.deleted_at).is_(None),
        )
    ).first()
    missing = f"there is no assessment with id {assessment_id}"
    if row is None:
        raise NotFoundError(missing)
    status, organisation_id, role_now, joined, joined_ids, answered, answer_ids, latest = row
    authorise(_with_role_now(actor, organisation_id, role_now), Action.RUN, organisation_id, missing=missing)
    return WorkshopPulse(assessment_id, status, joined, int(joined_ids), answered, int(answer_ids), latest)


def _with_role_now(actor: Actor, organisation_id: int, role: str | None) -> Actor:
    """``actor`` with their role in the organisation as just read (a person only)."""
    if actor.kind != "person":
        return actor
    memberships = {org: held for org, held in actor.memberships.items() if org != organisation_id}
    if role is not None:
        memberships[organisation_id] = role
    return dataclasses.replace(actor, memberships=MappingProxyType(memberships))
