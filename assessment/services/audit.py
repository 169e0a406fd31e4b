"""The audit trail: who did what, when, to which object.

Services call :func:`record` in the same transaction as the change itself, so a change and
its audit row are stored together or not at all. The app only ever adds rows; owners read
their organisation's trail (:func:`audit_trail`). Details never carry a respondent's name or
note, and purging an object empties the details of its rows (``services.erasure``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlmodel import Session, col, select

from assessment.access import Action, Actor, require_admin
from assessment.models import AuditEvent
from assessment.records import AuditInfo
from assessment.services.live import organisation_for
from questionnaires.i18n import LazyText, _, lazy_gettext

# The audited actions, each with its name in the reader's language (the code is what is stored).
ACTIONS: Mapping[str, LazyText] = {
    "sign in": lazy_gettext("sign in"),
    "create": lazy_gettext("create"),
    "rename": lazy_gettext("rename"),
    "delete": lazy_gettext("delete"),
    "restore": lazy_gettext("restore"),
    "close": lazy_gettext("close"),
    "reopen": lazy_gettext("reopen"),
    "new join code": lazy_gettext("new join code"),
    "import": lazy_gettext("import"),
    "export": lazy_gettext("export"),
    "backup": lazy_gettext("backup"),
    "report": lazy_gettext("report"),
    "member": lazy_gettext("member"),
    "purge": lazy_gettext("purge"),
    "settings": lazy_gettext("settings"),
    "plan": lazy_gettext("plan"),
    "adopt bank": lazy_gettext("adopt bank"),
    "share link": lazy_gettext("share link"),
    "revoke link": lazy_gettext("revoke link"),
}
# What an action was done to, likewise.
OBJECT_KINDS: Mapping[str, LazyText] = {
    "organisation": lazy_gettext("organisation"),
    "unit": lazy_gettext("unit"),
    "assessment": lazy_gettext("assessment"),
    "respondent": lazy_gettext("respondent"),
    "person": lazy_gettext("person"),
    "admin": lazy_gettext("admin"),
    "member": lazy_gettext("member"),
    "database": lazy_gettext("database"),
}


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_kind: str,
    object_id: int | None = None,
    *,
    organisation_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add one row to the trail, in the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(_("'{action}' is not an audited action").format(action=action))
    session.add(
        AuditEvent(
            actor=actor_label(actor),
            action=action,
            object_kind=object_kind,
            object_id=object_id,
            organisation_id=organisation_id,
            detail=detail[:500] if detail else None,
        )
    )


def record_sign_in(*, session: Session, actor: Actor) -> None:
    """A person signed in (the app calls this once per browser session)."""
    record(session, actor, "sign in", "person")


def record_report(*, session: Session, actor: Actor, assessment_id: int, organisation_id: int) -> None:
    """A PDF report was built for someone (reports take results and never query, so the caller says so)."""
    organisation_for(session, actor, Action.READ, organisation_id)
    record(session, actor, "report", "assessment", assessment_id, organisation_id=organisation_id)


def audit_trail(
    *,
    session: Session,
    actor: Actor,
    organisation_id: int | None,
    action: str | None = None,
    since: datetime | None = None,
) -> list[AuditInfo]:
    """An organisation's trail (its owners), or with ``organisation_id`` None the server-wide one
    (sign-ins, instance admins, purges: instance admins and the operator); newest first,
    optionally of one action or since a moment."""
    if organisation_id is None:
        require_admin(actor, _("read the server-wide audit trail"))
        query = select(AuditEvent).where(col(AuditEvent.organisation_id).is_(None))
    else:
        organisation_for(session, actor, Action.MANAGE, organisation_id)
        query = select(AuditEvent).where(col(AuditEvent.organisation_id) == organisation_id)
    if action is not None:
        query = query.where(col(AuditEvent.action) == action)
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    events = session.exec(query.order_by(col(AuditEvent.id).desc())).all()
    return [
        AuditInfo(e.id, e.at, e.actor, e.action, e.object_kind, e.object_id, e.organisation_id, e.detail)
        for e in events
    ]


def actor_label(actor: Actor) -> str:
    if actor.kind == "person" and actor.email:
        return actor.email
    return {"operator": "local operator", "participant": "participant"}.get(actor.kind, "visitor")
