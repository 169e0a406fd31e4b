"""Members: who belongs to an organisation, with which role; instance admins; the signed-in actor.

People are known by the e-mail address their OpenID Connect sign-in gives, compared in
lower case. An organisation always keeps at least one owner.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from assessment.access import Action, Actor, Role, require_admin
from assessment.errors import ConflictError, InvalidInputError, NotFoundError
from assessment.models import InstanceAdmin, Member, MemberInput
from assessment.records import MemberInfo
from assessment.services.audit import record
from assessment.services.inputs import validated
from assessment.services.live import organisation_for
from assessment.settings import get_settings
from questionnaires.i18n import _


def actor_for(*, session: Session, email: str) -> Actor:
    """The signed-in person with this address, their roles and whether they are an admin."""
    address = _address(email)
    rows = session.exec(select(Member.organisation_id, Member.role).where(col(Member.email) == address)).all()
    return Actor.person(address, dict(rows), is_admin=is_admin(session=session, email=address))


def is_admin(*, session: Session, email: str) -> bool:
    address = _address(email)
    return address in get_settings().admins or session.get(InstanceAdmin, address) is not None


def add_member(*, session: Session, actor: Actor, organisation_id: int, email: str, role: Role) -> MemberInfo:
    """Give ``email`` a role in the organisation, or change the role they have."""
    organisation_for(session, actor, Action.MANAGE_MEMBERS, organisation_id)
    data = validated(MemberInput, email=_address(email), role=role)
    member = _member(session, organisation_id, data.email)
    if member is None:
        member = Member(organisation_id=organisation_id, email=data.email, role=data.role)
    elif member.role == "owner" and data.role != "owner":
        _keep_an_owner(session, organisation_id, leaving=member.email)
    member.role = data.role
    session.add(member)
    session.flush()
    _audit(session, actor, member, member.role)
    return _info(member)


def list_members(*, session: Session, actor: Actor, organisation_id: int) -> list[MemberInfo]:
    organisation_for(session, actor, Action.MANAGE_MEMBERS, organisation_id)
    members = session.exec(
        select(Member).where(col(Member.organisation_id) == organisation_id).order_by(Member.email)
    ).all()
    return [_info(member) for member in members]


def remove_member(*, session: Session, actor: Actor, organisation_id: int, email: str) -> None:
    """Take away the person's role; the last owner cannot be removed."""
    organisation_for(session, actor, Action.MANAGE_MEMBERS, organisation_id)
    member = _member(session, organisation_id, _address(email))
    if member is None:
        raise NotFoundError(_("{email} is not a member of this organisation").format(email=email))
    if member.role == "owner":
        _keep_an_owner(session, organisation_id, leaving=member.email)
    session.delete(member)
    _audit(session, actor, member, "removed")


def add_admin(*, session: Session, actor: Actor, email: str) -> None:
    require_admin(actor, _("name instance admins"))
    address = validated(MemberInput, email=_address(email), role="viewer").email
    if session.get(InstanceAdmin, address) is None:
        session.add(InstanceAdmin(email=address))
        record(session, actor, "member", "admin", detail=f"{address}: instance admin")


def remove_admin(*, session: Session, actor: Actor, email: str) -> None:
    require_admin(actor, _("remove instance admins"))
    admin = session.get(InstanceAdmin, _address(email))
    if admin is None:
        configured = _address(email) in get_settings().admins
        where = "WAYFINDER_ADMINS (change it there)" if configured else "the list of admins"
        raise NotFoundError(_("{email} is not in {where}").format(email=email, where=where))
    session.delete(admin)
    record(session, actor, "member", "admin", detail=f"{admin.email}: instance admin removed")


def list_admins(*, session: Session, actor: Actor) -> list[str]:
    require_admin(actor, _("list instance admins"))
    stored = session.exec(select(InstanceAdmin.email)).all()
    return sorted(set(stored) | get_settings().admins)


def _audit(session: Session, actor: Actor, member: Member, change: str) -> None:
    detail = f"{member.email}: {change}"
    record(
        session, actor, "member", "member", member.id, organisation_id=member.organisation_id, detail=detail
    )


def _member(session: Session, organisation_id: int, address: str) -> Member | None:
    return session.exec(
        select(Member).where(col(Member.organisation_id) == organisation_id, col(Member.email) == address)
    ).first()


def _keep_an_owner(session: Session, organisation_id: int, *, leaving: str) -> None:
    owners = session.exec(
        select(Member.email).where(
            col(Member.organisation_id) == organisation_id, col(Member.role) == "owner"
        )
    ).all()
    if set(owners) <= {leaving}:
        raise ConflictError(
            _("{leaving} is the organisation's last owner: name another owner first").format(leaving=leaving)
        )


def _address(email: str) -> str:
    address = email.strip().lower()
    if not address:
        raise InvalidInputError(_("give an e-mail address"))
    return address


def _info(member: Member) -> MemberInfo:
    return MemberInfo(member.organisation_id, member.email, member.role, member.created_at)  # type: ignore[arg-type]
