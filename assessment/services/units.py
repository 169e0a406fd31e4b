"""Units: departments, and teams inside them, each assessed round after round."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from assessment.access import Action, Actor
from assessment.errors import ConflictError, InvalidInputError, NotFoundError
from assessment.models import NameInput, Unit, utcnow
from assessment.records import UnitInfo
from assessment.rules import ensure_confirmed
from assessment.services.audit import record
from assessment.services.inputs import validated
from assessment.services.live import (
    authorise,
    live_unit,
    organisation_for,
    unit_for,
    unit_is_live,
)
from questionnaires.i18n import _
from questionnaires.text import fold


def create_unit(
    *, session: Session, actor: Actor, organisation_id: int, name: str, parent_id: int | None = None
) -> UnitInfo:
    """A department (``parent_id`` None) or a team inside one (facilitators and owners)."""
    organisation_for(session, actor, Action.RUN, organisation_id)
    clean = validated(NameInput, name=name).name
    if parent_id is not None and live_unit(session, parent_id).organisation_id != organisation_id:
        raise InvalidInputError(
            _("unit {parent_id} belongs to another organisation").format(parent_id=parent_id)
        )
    _ensure_name_free(session, organisation_id, parent_id, clean)
    unit = Unit(organisation_id=organisation_id, parent_id=parent_id, name=clean)
    session.add(unit)
    session.flush()
    record(session, actor, "create", "unit", unit.id, organisation_id=organisation_id)
    return unit_infos(session, organisation_id)[unit.id]


def list_units(*, session: Session, actor: Actor, organisation_id: int) -> list[UnitInfo]:
    """The organisation's live units as a tree, depth first, siblings by name."""
    organisation_for(session, actor, Action.READ, organisation_id)
    return list(unit_infos(session, organisation_id).values())


def get_unit(*, session: Session, actor: Actor, unit_id: int) -> UnitInfo:
    unit = unit_for(session, actor, Action.READ, unit_id)
    return unit_infos(session, unit.organisation_id)[unit_id]


def find_unit(*, session: Session, actor: Actor, organisation_id: int, name: str) -> UnitInfo | None:
    """The live unit whose name or path ("Finance / Payroll") is ``name``; ambiguity is an error."""
    wanted = fold(name)
    units = list_units(session=session, actor=actor, organisation_id=organisation_id)
    matches = [u for u in units if fold(u.path) == wanted] or [u for u in units if fold(u.name) == wanted]
    if len(matches) > 1:
        paths = "; ".join(unit.path for unit in matches)
        raise InvalidInputError(
            _("several units are called '{name}' ({paths}): give the full path").format(
                name=name, paths=paths
            )
        )
    return matches[0] if matches else None


def rename_unit(*, session: Session, actor: Actor, unit_id: int, name: str) -> UnitInfo:
    unit = unit_for(session, actor, Action.MANAGE, unit_id)
    clean = validated(NameInput, name=name).name
    _ensure_name_free(session, unit.organisation_id, unit.parent_id, clean, except_id=unit_id)
    unit.name = clean
    session.add(unit)
    session.flush()
    record(session, actor, "rename", "unit", unit_id, organisation_id=unit.organisation_id)
    return get_unit(session=session, actor=actor, unit_id=unit_id)


def delete_unit(*, session: Session, actor: Actor, unit_id: int, confirm: str) -> None:
    """Hide the unit, its sub-units and their assessments; ``confirm`` must be the unit's name."""
    unit = unit_for(session, actor, Action.MANAGE, unit_id)
    ensure_confirmed(confirm, unit.name, "unit")
    now = utcnow()
    for descendant in _subtree(session, unit):
        descendant.deleted_at = now
        session.add(descendant)
    record(session, actor, "delete", "unit", unit_id, organisation_id=unit.organisation_id)


def restore_unit(*, session: Session, actor: Actor, unit_id: int) -> UnitInfo:
    """Bring back a deleted unit and the sub-units deleted with it."""
    unit = session.get(Unit, unit_id)
    if unit is None or unit.deleted_at is None:
        raise NotFoundError(_("there is no deleted unit with id {unit_id}").format(unit_id=unit_id))
    authorise(
        actor, Action.MANAGE, unit.organisation_id, missing=f"there is no deleted unit with id {unit_id}"
    )
    if unit.parent_id is not None:
        live_unit(session, unit.parent_id)
    _ensure_name_free(session, unit.organisation_id, unit.parent_id, unit.name)
    deleted_at = unit.deleted_at
    for descendant in _subtree(session, unit, deleted_at=deleted_at):
        descendant.deleted_at = None
        session.add(descendant)
    session.flush()
    record(session, actor, "restore", "unit", unit_id, organisation_id=unit.organisation_id)
    return get_unit(session=session, actor=actor, unit_id=unit_id)


def unit_infos(session: Session, organisation_id: int) -> dict[int, UnitInfo]:
    """The organisation's live units in tree order; a unit under a deleted parent is left out."""
    units = session.exec(
        select(Unit).where(col(Unit.organisation_id) == organisation_id, unit_is_live())
    ).all()
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    infos: dict[int, UnitInfo] = {}

    def visit(parent_id: int | None, prefix: str, depth: int) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: (fold(u.name), u.id)):
            path = f"{prefix}{unit.name}"
            infos[unit.id] = UnitInfo(
                unit.id, unit.organisation_id, unit.parent_id, unit.name, path, depth, unit.created_at
            )
            visit(unit.id, f"{path} / ", depth + 1)

    visit(None, "", 0)
    return infos


def unit_paths(session: Session, organisation_ids: Iterable[int]) -> dict[int, str]:
    """Unit id → its path ("Finance / Payroll"), for every live unit of these organisations."""
    return {
        unit_id: info.path
        for organisation_id in organisation_ids
        for unit_id, info in unit_infos(session, organisation_id).items()
    }


def _ensure_name_free(
    session: Session, organisation_id: int, parent_id: int | None, name: str, except_id: int | None = None
) -> None:
    siblings = session.exec(
        select(Unit).where(
            col(Unit.organisation_id) == organisation_id,
            col(Unit.parent_id).is_(None) if parent_id is None else col(Unit.parent_id) == parent_id,
            unit_is_live(),
        )
    ).all()
    for sibling in siblings:
        if fold(sibling.name) == fold(name) and sibling.id != except_id:
            raise ConflictError(
                _("a unit called '{name}' already exists there (id {id})").format(
                    name=sibling.name, id=sibling.id
                )
            )


def _subtree(session: Session, unit: Unit, deleted_at: datetime | None = None) -> list[Unit]:
    """The unit and its descendants; with ``deleted_at``, only those deleted at that moment."""
    units = session.exec(select(Unit).where(col(Unit.organisation_id) == unit.organisation_id)).all()
    children: dict[int | None, list[Unit]] = {}
    for candidate in units:
        children.setdefault(candidate.parent_id, []).append(candidate)
    found, pending = [], [unit]
    while pending:
        current = pending.pop()
        if current is unit or deleted_at is None or current.deleted_at == deleted_at:
            found.append(current)
            pending.extend(children.get(current.id, []))
    return found
