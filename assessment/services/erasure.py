"""Personal data: purging what was deleted, and giving a person everything stored about them.

Deleting (``delete_organisation``, ``delete_unit``, ``delete_assessment``, ``delete_respondent``,
``withdraw``) only hides: it can be undone until the data is purged. :func:`purge` removes for
good what was deleted long enough ago — each organisation's ``retention_days`` (30 by default),
or a period given by whoever runs it — in one transaction, so a crash leaves everything as it
was and a rerun finishes the work. Rows go with everything below them (the foreign keys
cascade: an organisation takes its units, assessments, respondents, answers and members).
The audit trail is kept, with the details of the purged objects' rows emptied. After the
transaction, :func:`assessment.db.scrub` makes sure the bytes are gone from the database file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, update
from sqlmodel import Session, col, select

from assessment.access import Actor, require_admin, require_respondent
from assessment.db import scrub, session_scope
from assessment.errors import NotFoundError
from assessment.models import (
    AnswerRow,
    Assessment,
    AuditEvent,
    Member,
    Organisation,
    Plan,
    PlanChange,
    PlanItem,
    Respondent,
    ShareLink,
    Unit,
    utcnow,
)
from assessment.services.audit import actor_label, record
from assessment.services.respondents import respondent_by_token
from questionnaires.i18n import _


@dataclass(frozen=True)
class PurgeReport:
    """How many deleted things were removed for good."""

    organisations: int
    units: int
    assessments: int
    respondents: int

    @property
    def total(self) -> int:
        return self.organisations + self.units + self.assessments + self.respondents


def purge(
    *, session: Session, actor: Actor, older_than_days: int | None = None, now: datetime | None = None
) -> PurgeReport:
    """Remove for good everything deleted at least ``older_than_days`` ago (0: everything deleted
    so far; None: each organisation's own retention period). Instance admins and the operator."""
    require_admin(actor, _("purge deleted data"))
    now = now or utcnow()
    retention = dict(session.exec(select(Organisation.id, Organisation.retention_days)).all())

    def expired(organisation_id: int, deleted_at: datetime) -> bool:
        days = retention.get(organisation_id, 0) if older_than_days is None else older_than_days
        return deleted_at <= now - timedelta(days=days)

    respondents = _expired(session, Respondent, expired)
    assessments = _expired(session, Assessment, expired)
    units = _expired(session, Unit, expired)
    organisations = [
        organisation.id
        for organisation in session.exec(
            select(Organisation).where(col(Organisation.deleted_at).is_not(None))
        )
        if expired(organisation.id, organisation.deleted_at)
    ]
    for model, ids in ((Respondent, respondents), (Assessment, assessments), (Unit, units)):
        _forget(session, model.__tablename__, ids)
        if ids:
            session.execute(delete(model).where(col(model.id).in_(ids)))
    if organisations:
        session.execute(
            update(AuditEvent).where(col(AuditEvent.organisation_id).in_(organisations)).values(detail=None)
        )
        session.execute(delete(Organisation).where(col(Organisation.id).in_(organisations)))
    report = PurgeReport(len(organisations), len(units), len(assessments), len(respondents))
    record(session, actor, "purge", "database", detail=json.dumps(report.__dict__))
    return report


def person_data(
    *, session: Session, actor: Actor, email: str | None = None, token: str | None = None
) -> dict[str, Any]:
    """Everything stored about one person, as JSON-ready data ("subject access").

    By ``token``: the respondent holding it, with their answers and notes (the holder may ask).
    By ``email``: their memberships, the respondents linked to their address with answers and
    notes, what the audit trail records them doing, the plan changes and the results links they
    made (instance admins and the operator).
    """
    if token is not None:
        respondent = respondent_by_token(session=session, token=token)
        if respondent is None:
            raise NotFoundError(_("this personal link is not valid (any more)"))
        require_respondent(actor, respondent.id)
        rows = [session.get(Respondent, respondent.id)]
        return {"respondents": [_respondent_data(session, row) for row in rows if row is not None]}
    if email is None:
        raise NotFoundError(_("give an e-mail address or a personal link's token"))
    require_admin(actor, _("read another person's data"))
    address = email.strip().lower()
    members = session.exec(select(Member).where(col(Member.email) == address)).all()
    respondents = session.exec(select(Respondent).where(col(Respondent.email) == address)).all()
    events = session.exec(
        select(AuditEvent).where(col(AuditEvent.actor) == address).order_by(AuditEvent.id)
    ).all()
    plan_changes = session.exec(
        select(PlanChange, PlanItem.key, Plan.unit_id)
        .join(PlanItem, col(PlanItem.id) == PlanChange.item_id)
        .join(Plan, col(Plan.id) == PlanItem.plan_id)
        .where(col(PlanChange.actor) == address)
        .order_by(PlanChange.id)
    ).all()
    share_links = session.exec(
        select(ShareLink).where(col(ShareLink.created_by) == address).order_by(ShareLink.id)
    ).all()
    return {
        "email": address,
        "memberships": [{"organisation_id": m.organisation_id, "role": m.role} for m in members],
        "respondents": [_respondent_data(session, respondent) for respondent in respondents],
        "audit": [
            {"at": e.at.isoformat(), "action": e.action, "object": e.object_kind, "object_id": e.object_id}
            for e in events
        ],
        "plan_changes": [
            {
                "at": c.at.isoformat(),
                "unit_id": unit_id,
                "item": key,
                "field": c.field,
                "old": c.old,
                "new": c.new,
            }
            for c, key, unit_id in plan_changes
        ],
        "share_links": [  # read-only results links they made (their secrets are not stored)
            {
                "assessment_id": link.assessment_id,
                "label": link.label,
                "created_at": link.created_at.isoformat(),
                "expires_at": link.expires_at.isoformat(),
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
            }
            for link in share_links
        ],
        "exported_by": actor_label(actor),
    }


def _expired(session: Session, model: Any, expired: Any) -> list[int]:
    """Ids of ``model`` rows deleted long enough ago, by their organisation's retention."""
    query = select(model.id, model.deleted_at, Unit.organisation_id).where(col(model.deleted_at).is_not(None))
    if model is Respondent:
        query = query.join(Assessment, col(Assessment.id) == Respondent.assessment_id).join(
            Unit, col(Unit.id) == Assessment.unit_id
        )
    elif model is Assessment:
        query = query.join(Unit, col(Unit.id) == Assessment.unit_id)
    return [
        row_id
        for row_id, deleted_at, organisation_id in session.exec(query)
        if expired(organisation_id, deleted_at)
    ]


def _forget(session: Session, kind: str, ids: list[int]) -> None:
    """Empty the audit details of purged objects (the rows themselves stay)."""
    if ids:
        session.execute(
            update(AuditEvent)
            .where(col(AuditEvent.object_kind) == kind, col(AuditEvent.object_id).in_(ids))
            .values(detail=None)
        )


def _respondent_data(session: Session, respondent: Respondent) -> dict[str, Any]:
    answers = session.exec(
        select(AnswerRow).where(col(AnswerRow.respondent_id) == respondent.id).order_by(AnswerRow.id)
    ).all()
    return {
        "assessment_id": respondent.assessment_id,
        "label": respondent.label,
        "role": respondent.role,
        "email": respondent.email,
        "created_at": respondent.created_at.isoformat(),
        "deleted_at": respondent.deleted_at.isoformat() if respondent.deleted_at else None,
        "answers": [
            {
                "question": a.question_id,
                "answer": a.value,
                "note": a.note,
                "updated_at": a.updated_at.isoformat(),
            }
            for a in answers
        ],
    }


def apply_retention(engine: Engine) -> PurgeReport:
    """The automatic purge: whatever each organisation's retention period allows, removed for
    good and scrubbed from the files. The app runs it when a server process starts, and
    ``python -m assessment init`` (which ``make run`` calls) runs it too."""
    with session_scope(engine) as session:
        report = purge(session=session, actor=Actor.operator())
    if report.total:
        scrub(engine)
    return report
