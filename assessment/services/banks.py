"""Bank versions: each bank an assessment uses, stored once by its hash; tailored banks.

An assessment refers to its bank by version (``Assessment.bank_version``) and is scored,
reported and exported with that stored bank for ever, whatever is installed later. A version
never changes meaning, so :func:`bank_by_version` keeps rebuilt banks in a process cache keyed
on the version alone: safe across replicas and databases.

New assessments use their organisation's adopted (tailored) bank, else the installed bank
(``WAYFINDER_BANK_DIR``). Adopting needs the owner role; the bank is validated with the same
schema and rules as the shipped one and must keep the installed framework's guiding steps and
pillars, so reports stay comparable across organisations.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from assessment.access import Action, Actor, readable_organisations, require
from assessment.errors import NotFoundError
from assessment.models import Assessment, Organisation, StoredBank, Unit
from assessment.records import BankUse, BankVersionInfo
from assessment.services.audit import record
from assessment.services.inputs import current_bank
from assessment.services.live import assessment_is_live, live_organisation
from questionnaires import Bank, BankError, Problem
from questionnaires.versions import BankDiff, bank_from_json, bank_json, diff_banks
from scoring.results import Comparison

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_cache: dict[str, Bank] = {}
_cache_lock = threading.Lock()


def bank_by_version(session: Session, version: str) -> Bank:
    """The stored bank of ``version``, rebuilt once per process."""
    with _cache_lock:
        cached = _cache.get(version)
    if cached is not None:
        return cached
    row = session.get(StoredBank, version)
    if row is None:
        raise NotFoundError(f"question bank version {version} is not stored in this database")
    bank = bank_from_json(row.content)
    with _cache_lock:
        _cache[version] = bank
    return bank


def store_bank(session: Session, bank: Bank, *, origin: str, organisation_id: int | None = None) -> str:
    """Keep ``bank`` under its version unless it is kept already; returns the version."""
    if session.get(StoredBank, bank.version) is None:
        try:
            with session.begin_nested():  # another process may store the same version at once
                session.add(
                    StoredBank(
                        version=bank.version,
                        content=bank_json(bank),
                        origin=origin,
                        organisation_id=organisation_id,
                    )
                )
        except IntegrityError:
            pass
    return bank.version


def bank_for_new_assessment(session: Session, organisation_id: int, bank: Bank | None = None) -> Bank:
    """``bank`` if given, else the organisation's adopted bank, else the installed one; stored."""
    if bank is None:
        adopted = live_organisation(session, organisation_id).adopted_bank
        if adopted is not None:
            return bank_by_version(session, adopted)
        bank = current_bank()
    store_bank(session, bank, origin="installed")
    return bank


def bank_of_organisation(*, session: Session, actor: Actor, organisation_id: int) -> Bank:
    """The bank an organisation's new assessments use (its tailored bank, or the installed one)."""
    require(actor, Action.READ, organisation_id)
    adopted = live_organisation(session, organisation_id).adopted_bank
    return bank_by_version(session, adopted) if adopted is not None else current_bank()


def comparison_bank(*, session: Session, comparison: Comparison) -> Bank:
    """The bank that names a comparison's columns and questions: the newest version it spans."""
    versions = comparison.versions.versions if comparison.versions is not None else ()
    return bank_by_version(session, versions[-1]) if versions else current_bank()


def check_tailored_bank(bank: Bank) -> None:
    """A tailored bank keeps the installed framework's guiding steps and pillars (ids and names)."""
    installed = current_bank().framework
    problems = [
        Problem(
            "framework.yaml",
            None,
            f"{what} must be the framework's: {_listing(expected)} (found {_listing(found)})",
        )
        for what, expected, found in (
            ("guiding steps", installed.steps, bank.framework.steps),
            ("pillars", installed.pillars, bank.framework.pillars),
        )
        if [(r.id, r.name) for r in expected] != [(r.id, r.name) for r in found]
    ]
    if problems:
        raise BankError(problems)


def preview_adoption(*, session: Session, actor: Actor, organisation_id: int, bank: Bank) -> BankDiff:
    """What would change for the organisation's new assessments; nothing is stored."""
    require(actor, Action.MANAGE, organisation_id)
    check_tailored_bank(bank)
    return diff_banks(
        bank_of_organisation(session=session, actor=actor, organisation_id=organisation_id), bank
    )


def adopt_bank(*, session: Session, actor: Actor, organisation_id: int, bank: Bank) -> BankDiff:
    """Make ``bank`` the one the organisation's new assessments use; owners only.

    Assessments already started keep their own bank. Returns the change against the bank used
    until now.
    """
    diff = preview_adoption(session=session, actor=actor, organisation_id=organisation_id, bank=bank)
    organisation = live_organisation(session, organisation_id)
    store_bank(session, bank, origin="tailored", organisation_id=organisation_id)
    organisation.adopted_bank = bank.version
    session.add(organisation)
    session.flush()
    record(
        session,
        actor,
        "adopt bank",
        "organisation",
        organisation_id,
        organisation_id=organisation_id,
        detail=f"bank version {bank.version}",
    )
    return diff


def stop_tailored_bank(*, session: Session, actor: Actor, organisation_id: int) -> None:
    """New assessments of the organisation use the installed bank again; owners only."""
    require(actor, Action.MANAGE, organisation_id)
    organisation = live_organisation(session, organisation_id)
    organisation.adopted_bank = None
    session.add(organisation)
    session.flush()
    record(
        session,
        actor,
        "adopt bank",
        "organisation",
        organisation_id,
        organisation_id=organisation_id,
        detail="the installed bank",
    )


def list_bank_versions(*, session: Session, actor: Actor) -> list[BankVersionInfo]:
    """Bank versions in use where ``actor`` may look, newest first, each with its assessments.

    The installed bank is always listed; a tailored bank only to those who see an organisation
    using it.
    """
    installed = current_bank()
    readable = readable_organisations(actor)
    uses = _uses(session, readable)
    adopters: dict[str, list[str]] = {}
    organisations = select(Organisation).where(
        col(Organisation.adopted_bank).is_not(None), col(Organisation.deleted_at).is_(None)
    )
    if readable is not None:
        organisations = organisations.where(col(Organisation.id).in_(readable))
    for organisation in session.exec(organisations).all():
        adopters.setdefault(str(organisation.adopted_bank), []).append(organisation.name)
    wanted = set(uses) | set(adopters) | {installed.version}
    rows = session.exec(select(StoredBank).where(col(StoredBank.version).in_(wanted))).all()
    infos = []
    for row in rows:
        bank = bank_by_version(session, row.version)
        infos.append(
            BankVersionInfo(
                version=row.version,
                origin=row.origin,
                stored_at=row.stored_at,
                questions=len(bank.questions),
                areas=len(bank.areas),
                installed=row.version == installed.version,
                adopted_by=tuple(sorted(adopters.get(row.version, []))),
                assessments=tuple(uses.get(row.version, [])),
            )
        )
    if installed.version not in {info.version for info in infos}:
        infos.append(
            BankVersionInfo(
                version=installed.version,
                origin="installed",
                stored_at=None,
                questions=len(installed.questions),
                areas=len(installed.areas),
                installed=True,
                adopted_by=(),
                assessments=(),
            )
        )
    # The installed bank first, then the newest stored first.
    return sorted(infos, key=lambda info: (not info.installed, -(info.stored_at or _EPOCH).timestamp()))


def bank_diff(*, session: Session, actor: Actor, old: str, new: str) -> BankDiff:
    """What changed from bank version ``old`` to ``new`` (both among those ``actor`` may see)."""
    visible = {info.version for info in list_bank_versions(session=session, actor=actor)}
    for version in (old, new):
        if version not in visible:
            raise NotFoundError(f"there is no question bank version {version} you may see")
    return diff_banks(_bank(session, old), _bank(session, new))


def _bank(session: Session, version: str) -> Bank:
    installed = current_bank()
    return installed if version == installed.version else bank_by_version(session, version)


def _uses(session: Session, readable: Iterable[int] | None) -> dict[str, list[BankUse]]:
    query = (
        select(Assessment, Unit.name, Organisation.name)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(assessment_is_live())
    )
    if readable is not None:
        query = query.where(col(Unit.organisation_id).in_(list(readable)))
    uses: dict[str, list[BankUse]] = {}
    for assessment, unit, organisation in session.exec(
        query.order_by(Organisation.name, Assessment.assessed_on, Assessment.id)
    ).all():
        uses.setdefault(assessment.bank_version, []).append(
            BankUse(
                assessment_id=int(assessment.id),
                organisation=organisation,
                unit=unit,
                title=assessment.title,
                assessed_on=assessment.assessed_on,
                unkept_bank_version=assessment.unkept_bank_version,
            )
        )
    return uses


def _listing(records: Iterable[object]) -> str:
    return ", ".join(str(getattr(record, "id", record)) for record in records) or "none"
