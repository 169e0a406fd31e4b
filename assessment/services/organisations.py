"""Organisations: the client agencies or ministries that own units and their assessments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from assessment.errors import ConflictError, NotFoundError
from assessment.models import Assessment, NameInput, Organisation, Unit, utcnow
from assessment.records import OrganisationInfo
from assessment.rules import ensure_confirmed
from assessment.services.inputs import validated
from assessment.services.live import live_organisation, unit_is_live
from questionnaires.text import fold


def create_organisation(*, session: Session, name: str) -> OrganisationInfo:
    clean = validated(NameInput, name=name).name
    _ensure_name_free(session, clean)
    organisation = Organisation(name=clean)
    session.add(organisation)
    session.flush()
    return _info(organisation, units=0, assessments=0)


def list_organisations(*, session: Session) -> list[OrganisationInfo]:
    organisations = session.exec(
        select(Organisation).where(col(Organisation.deleted_at).is_(None)).order_by(Organisation.name)
    ).all()
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


def get_organisation(*, session: Session, organisation_id: int) -> OrganisationInfo:
    organisation = live_organisation(session, organisation_id)
    return next(info for info in list_organisations(session=session) if info.id == organisation.id)


def find_organisation(*, session: Session, name: str) -> OrganisationInfo | None:
    """The live organisation called ``name`` (case and spacing ignored), if any."""
    wanted = fold(name)
    return next((info for info in list_organisations(session=session) if fold(info.name) == wanted), None)


def rename_organisation(*, session: Session, organisation_id: int, name: str) -> OrganisationInfo:
    organisation = live_organisation(session, organisation_id)
    clean = validated(NameInput, name=name).name
    _ensure_name_free(session, clean, except_id=organisation_id)
    organisation.name = clean
    session.add(organisation)
    session.flush()
    return get_organisation(session=session, organisation_id=organisation_id)


def delete_organisation(*, session: Session, organisation_id: int, confirm: str) -> None:
    """Hide the organisation with its units and assessments; ``confirm`` must be its name."""
    organisation = live_organisation(session, organisation_id)
    ensure_confirmed(confirm, organisation.name, "organisation")
    organisation.deleted_at = utcnow()
    session.add(organisation)


def restore_organisation(*, session: Session, organisation_id: int) -> OrganisationInfo:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is None:
        raise NotFoundError(f"there is no deleted organisation with id {organisation_id}")
    _ensure_name_free(session, organisation.name)
    organisation.deleted_at = None
    session.add(organisation)
    session.flush()
    return get_organisation(session=session, organisation_id=organisation_id)


def _ensure_name_free(session: Session, name: str, except_id: int | None = None) -> None:
    existing = find_organisation(session=session, name=name)
    if existing is not None and existing.id != except_id:
        raise ConflictError(f"an organisation called '{existing.name}' already exists (id {existing.id})")


def _count_by_organisation(session: Session, query: Select[Any]) -> dict[int, int]:
    return dict(session.exec(query.group_by(col(Unit.organisation_id))).all())


def _info(organisation: Organisation, *, units: int, assessments: int) -> OrganisationInfo:
    return OrganisationInfo(organisation.id, organisation.name, organisation.created_at, units, assessments)
