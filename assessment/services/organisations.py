"""Organisations: the client agencies or ministries that own units and their assessments.

Each is a tenant: a person sees and changes only the organisations they are a member of.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from assessment.access import Action, Actor, may, readable_organisations, require_admin
from assessment.errors import ConflictError, InvalidInputError, NotFoundError
from assessment.models import Assessment, Member, NameInput, Organisation, Respondent, Unit, utcnow
from assessment.profiles import OrganisationProfile, checked_profile
from assessment.records import DeletedInfo, OrganisationInfo
from assessment.rules import ensure_confirmed
from assessment.services.audit import record
from assessment.services.inputs import validated
from assessment.services.live import authorise, live_organisation, organisation_for, unit_is_live
from questionnaires.i18n import _
from questionnaires.text import fold

MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 0, 3650


def create_organisation(
    *, session: Session, actor: Actor, name: str, owner: str | None = None
) -> OrganisationInfo:
    """A new organisation (instance admins only), with ``owner`` (an e-mail address) as its owner.

    A signed-in admin who names no owner becomes the owner themselves.
    """
    require_admin(actor, _("create organisations"))
    clean = validated(NameInput, name=name).name
    _ensure_name_free(session, clean)
    organisation = Organisation(name=clean)
    session.add(organisation)
    session.flush()
    owner = owner or actor.email
    if owner:
        session.add(Member(organisation_id=organisation.id, email=owner.strip().lower(), role="owner"))
        session.flush()
    record(session, actor, "create", "organisation", organisation.id, organisation_id=organisation.id)
    return _info(organisation, units=0, assessments=0)


def list_organisations(*, session: Session, actor: Actor) -> list[OrganisationInfo]:
    """The organisations ``actor`` belongs to (every one for the operator and instance admins)."""
    query = select(Organisation).where(col(Organisation.deleted_at).is_(None)).order_by(Organisation.name)
    readable = None if actor.sees_every_organisation() else readable_organisations(actor)
    if readable is not None:
        query = query.where(col(Organisation.id).in_(readable))
    organisations = session.exec(query).all()
    units = _count_by_organisation(session, select(Unit.organisation_id, func.count()).where(unit_is_live()))
    assessments = _count_by_organisation(
        session,
        select(Unit.organisation_id, func.count())
        .join(Assessment, col(Assessment.unit_id) == Unit.id)
        .where(unit_is_live(), col(Assessment.deleted_at).is_(None)),
    )
    return [
        _info(org, units=units.get(org.id, 0), assessments=assessments.get(org.id, 0))
        for org in organisations
    ]


def get_organisation(*, session: Session, actor: Actor, organisation_id: int) -> OrganisationInfo:
    organisation = _organisation(session, actor, organisation_id)
    return next(info for info in _all(session) if info.id == organisation.id)


def find_organisation(*, session: Session, actor: Actor, name: str) -> OrganisationInfo | None:
    """The organisation called ``name`` (case and spacing ignored) among those ``actor`` sees."""
    wanted = fold(name)
    organisations = list_organisations(session=session, actor=actor)
    return next((info for info in organisations if fold(info.name) == wanted), None)


def rename_organisation(
    *, session: Session, actor: Actor, organisation_id: int, name: str
) -> OrganisationInfo:
    organisation = organisation_for(session, actor, Action.MANAGE, organisation_id)
    clean = validated(NameInput, name=name).name
    _ensure_name_free(session, clean, except_id=organisation_id)
    organisation.name = clean
    session.add(organisation)
    session.flush()
    record(session, actor, "rename", "organisation", organisation_id, organisation_id=organisation_id)
    return get_organisation(session=session, actor=actor, organisation_id=organisation_id)


def delete_organisation(*, session: Session, actor: Actor, organisation_id: int, confirm: str) -> None:
    """Hide the organisation with its units and assessments; ``confirm`` must be its name."""
    organisation = organisation_for(session, actor, Action.MANAGE, organisation_id)
    ensure_confirmed(confirm, organisation.name, "organisation")
    organisation.deleted_at = utcnow()
    session.add(organisation)
    record(session, actor, "delete", "organisation", organisation_id, organisation_id=organisation_id)


def set_retention(*, session: Session, actor: Actor, organisation_id: int, days: int) -> OrganisationInfo:
    """How many days deleted data of the organisation stays restorable before it is purged (owners)."""
    organisation = organisation_for(session, actor, Action.MANAGE, organisation_id)
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise InvalidInputError(
            _(
                "keep deleted data between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} days, not {days}"
            ).format(MIN_RETENTION_DAYS=MIN_RETENTION_DAYS, MAX_RETENTION_DAYS=MAX_RETENTION_DAYS, days=days)
        )
    organisation.retention_days = days
    session.add(organisation)
    session.flush()
    record(
        session,
        actor,
        "settings",
        "organisation",
        organisation_id,
        organisation_id=organisation_id,
        detail=f"retention {days} days",
    )
    return get_organisation(session=session, actor=actor, organisation_id=organisation_id)


def organisation_profile(*, session: Session, actor: Actor, organisation_id: int) -> OrganisationProfile:
    """The organisation's size band and sourcing model (members), from which targets are proposed."""
    organisation = organisation_for(session, actor, Action.READ, organisation_id)
    return profile_of(organisation)


def set_organisation_profile(
    *, session: Session, actor: Actor, organisation_id: int, size: str | None, sourcing: str | None
) -> OrganisationProfile:
    """Set the organisation's size band and sourcing model (owners); None or "" clears one.

    Only assessments started afterwards get targets proposed from it: existing ones keep theirs.
    """
    organisation = organisation_for(session, actor, Action.MANAGE, organisation_id)
    profile = checked_profile(size=size, sourcing=sourcing)
    organisation.size, organisation.sourcing = profile.size, profile.sourcing
    session.add(organisation)
    session.flush()
    record(
        session,
        actor,
        "settings",
        "organisation",
        organisation_id,
        organisation_id=organisation_id,
        detail=f"profile size {profile.size or 'not given'}, sourcing {profile.sourcing or 'not given'}",
    )
    return profile


def profile_of(organisation: Organisation) -> OrganisationProfile:
    return OrganisationProfile(size=organisation.size, sourcing=organisation.sourcing)


def restore_organisation(*, session: Session, actor: Actor, organisation_id: int) -> OrganisationInfo:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is None:
        raise NotFoundError(
            _("there is no deleted organisation with id {organisation_id}").format(
                organisation_id=organisation_id
            )
        )
    authorise(
        actor,
        Action.MANAGE,
        organisation_id,
        missing=f"there is no deleted organisation with id {organisation_id}",
    )
    _ensure_name_free(session, organisation.name)
    organisation.deleted_at = None
    session.add(organisation)
    session.flush()
    record(session, actor, "restore", "organisation", organisation_id, organisation_id=organisation_id)
    return get_organisation(session=session, actor=actor, organisation_id=organisation_id)


def list_deleted(*, session: Session, actor: Actor, organisation_id: int) -> list[DeletedInfo]:
    """What was deleted in the organisation that ``actor`` may still restore, newest first.

    Facilitators get the removed or withdrawn respondents of live assessments; owners also the
    deleted assessments of live units and the deleted units whose parent is live (a unit's
    sub-units come back with it). Each says when the automatic purge may remove it for good.
    """
    organisation = organisation_for(session, actor, Action.RUN, organisation_id)
    keep = timedelta(days=organisation.retention_days)
    units = {u.id: u for u in session.exec(select(Unit).where(col(Unit.organisation_id) == organisation_id))}

    def chain(unit_id: int | None) -> list[Unit]:
        found = []
        while unit_id is not None and unit_id in units:
            found.append(units[unit_id])
            unit_id = units[unit_id].parent_id
        return found[::-1]

    def path(unit_id: int | None) -> str:
        return " / ".join(unit.name for unit in chain(unit_id))

    live_units = [unit_id for unit_id in units if all(u.deleted_at is None for u in chain(unit_id))]
    respondents = session.exec(
        select(Respondent, Assessment)
        .join(Assessment, col(Assessment.id) == Respondent.assessment_id)
        .where(
            col(Respondent.deleted_at).is_not(None),
            col(Assessment.deleted_at).is_(None),
            col(Assessment.unit_id).in_(live_units),
        )
    ).all()
    deleted = [
        DeletedInfo(
            "respondent", r.id, r.label, a.title, r.deleted_at, r.deleted_at + keep, assessment_id=a.id
        )
        for r, a in respondents
    ]
    if may(actor, Action.MANAGE, organisation_id):
        assessments = session.exec(
            select(Assessment).where(
                col(Assessment.deleted_at).is_not(None), col(Assessment.unit_id).in_(live_units)
            )
        ).all()
        deleted += [
            DeletedInfo("assessment", a.id, a.title, path(a.unit_id), a.deleted_at, a.deleted_at + keep)
            for a in assessments
        ]
        deleted += [
            DeletedInfo("unit", u.id, u.name, path(u.parent_id), u.deleted_at, u.deleted_at + keep)
            for u in units.values()
            if u.deleted_at is not None and (u.parent_id is None or u.parent_id in live_units)
        ]
    return sorted(deleted, key=lambda item: (item.deleted_at, item.id), reverse=True)


def deleted_organisations(*, session: Session, actor: Actor) -> list[DeletedInfo]:
    """The deleted organisations ``actor`` may restore (owners; the operator every one), newest first."""
    organisations = session.exec(
        select(Organisation)
        .where(col(Organisation.deleted_at).is_not(None))
        .order_by(col(Organisation.deleted_at).desc())
    ).all()
    return [
        DeletedInfo(
            "organisation",
            o.id,
            o.name,
            "",
            o.deleted_at,
            o.deleted_at + timedelta(days=o.retention_days),
        )
        for o in organisations
        if o.deleted_at is not None and may(actor, Action.MANAGE, o.id)
    ]


def _organisation(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    """The organisation, if ``actor`` may read it or manage its members (an instance admin)."""
    if actor.is_admin:
        return live_organisation(session, organisation_id)
    return organisation_for(session, actor, Action.READ, organisation_id)


def _all(session: Session) -> list[OrganisationInfo]:
    return list_organisations(session=session, actor=Actor.operator())


def _ensure_name_free(session: Session, name: str, except_id: int | None = None) -> None:
    """Names are unique on the whole server (not only among what the actor sees), so imports
    and backups name one organisation unambiguously; the message does not reveal the other's id."""
    wanted = fold(name)
    for existing in _all(session):
        if fold(existing.name) == wanted and existing.id != except_id:
            raise ConflictError(
                _("an organisation called '{name}' already exists: choose another name").format(
                    name=existing.name
                )
            )


def _count_by_organisation(session: Session, query: Select[Any]) -> dict[int, int]:
    return dict(session.exec(query.group_by(col(Unit.organisation_id))).all())


def _info(organisation: Organisation, *, units: int, assessments: int) -> OrganisationInfo:
    return OrganisationInfo(
        organisation.id,
        organisation.name,
        organisation.created_at,
        units,
        assessments,
        organisation.retention_days,
    )
