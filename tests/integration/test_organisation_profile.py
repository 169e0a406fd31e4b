"""The organisation profile on SQLite and PostgreSQL: who may set it, its audit row, the targets
new assessments start with, backups that carry it, and migration 0011."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import inspect, text
from sqlmodel import col, select

from assessment import services
from assessment.backup import organisation_backup
from assessment.db import create_db_engine, current_revision, head_revision, session_scope, upgrade
from assessment.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assessment.models import AuditEvent
from assessment.profiles import OrganisationProfile
from assessment.restore import restore_organisation
from assessment.services.organisations import organisation_profile, set_organisation_profile
from assessment.settings import PROJECT_DIR
from tests.factories import OPERATOR, make_assessment, make_organisation, make_person, make_unit

SMALL_BOUGHT = {"culture": 4.0, "devops": 3.0, "architecture": 3.0, "procurement": 4.0, "skills": 3.0}


def profiled(session, size: str | None = "small", sourcing: str | None = "bought") -> int:
    organisation = make_organisation(session)
    set_organisation_profile(
        session=session, actor=OPERATOR, organisation_id=organisation.id, size=size, sourcing=sourcing
    )
    return organisation.id


def test_an_owner_sets_the_profile_and_the_audit_trail_says_so(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        owner = make_person(session, {organisation.id: "owner"}, "olga@example.org")
        saved = set_organisation_profile(
            session=session, actor=owner, organisation_id=organisation.id, size="small", sourcing="bought"
        )
    with session_scope(engine, write=False) as session:
        read = organisation_profile(session=session, actor=OPERATOR, organisation_id=organisation.id)
        events = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.action) == "settings", col(AuditEvent.organisation_id) == organisation.id
            )
        ).all()
    assert saved == read == OrganisationProfile(size="small", sourcing="bought")
    assert [(e.actor, e.object_kind, e.object_id, e.detail) for e in events] == [
        ("olga@example.org", "organisation", organisation.id, "profile size small, sourcing bought")
    ]


@pytest.mark.parametrize("role", ["facilitator", "viewer"])
def test_only_owners_set_the_profile_and_a_refusal_changes_nothing(engine, role):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        someone = make_person(session, {organisation.id: role})
        outsider = make_person(session, {make_organisation(session).id: "owner"})
    # A member is refused; an outsider is told there is no such organisation (nothing revealed).
    for actor, refusal in ((someone, PermissionDeniedError), (outsider, NotFoundError)):
        with session_scope(engine) as session, pytest.raises(refusal):
            set_organisation_profile(
                session=session, actor=actor, organisation_id=organisation.id, size="large", sourcing="mixed"
            )
    with session_scope(engine, write=False) as session:
        assert not organisation_profile(session=session, actor=someone, organisation_id=organisation.id).given
        assert not session.exec(select(AuditEvent).where(col(AuditEvent.action) == "settings")).all()


def test_an_unknown_choice_is_refused_and_empty_clears_the_profile(engine):
    with session_scope(engine) as session:
        organisation_id = profiled(session)
        with pytest.raises(InvalidInputError, match="size 'huge' is not one of"):
            set_organisation_profile(
                session=session, actor=OPERATOR, organisation_id=organisation_id, size="huge", sourcing=None
            )
        cleared = set_organisation_profile(
            session=session, actor=OPERATOR, organisation_id=organisation_id, size="", sourcing=None
        )
    assert cleared == OrganisationProfile()


def test_a_new_assessment_starts_with_the_proposed_targets_and_existing_ones_keep_theirs(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        unit = make_unit(session, organisation.id)
        before = make_assessment(session, unit.id, title="Before the profile")
        set_organisation_profile(
            session=session, actor=OPERATOR, organisation_id=organisation.id, size="small", sourcing="bought"
        )
        after = make_assessment(session, unit.id, title="After the profile")
        chosen = make_assessment(session, unit.id, title="Own targets", area_targets={"devops": 5.0})
    with session_scope(engine, write=False) as session:
        stored = {
            info.title: dict(info.area_targets)
            for info in services.list_assessments(session=session, actor=OPERATOR, unit_id=unit.id)
        }
    assert stored == {
        before.title: {},
        after.title: SMALL_BOUGHT,
        chosen.title: {"devops": 5.0},  # targets given when starting are kept as given
    }


def test_without_a_profile_a_new_assessment_keeps_the_default_targets(engine):
    with session_scope(engine) as session:
        assert make_assessment(session).area_targets == {}


def test_a_backup_carries_the_profile_and_restores_it(engine):
    with session_scope(engine) as session:
        organisation_id = profiled(session, "medium", "mixed")
        make_assessment(session, organisation_id=organisation_id)
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=organisation_id)
        name = backup["organisation"]["name"]
        services.delete_organisation(
            session=session, actor=OPERATOR, organisation_id=organisation_id, confirm=name
        )
        restored = restore_organisation(session=session, actor=OPERATOR, data=backup)
        again = organisation_backup(session=session, actor=OPERATOR, organisation_id=restored.organisation.id)
        profile = organisation_profile(
            session=session, actor=OPERATOR, organisation_id=restored.organisation.id
        )
    assert (backup["organisation"]["size"], backup["organisation"]["sourcing"]) == ("medium", "mixed")
    assert profile == OrganisationProfile(size="medium", sourcing="mixed")
    assert again["organisation"] == backup["organisation"]


def test_a_backup_without_a_profile_reads_as_before_and_a_wrong_one_is_refused(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=organisation.id)
        assert set(backup["organisation"]) == {"name", "created_at", "units"}  # as older versions wrote
        services.delete_organisation(
            session=session, actor=OPERATOR, organisation_id=organisation.id, confirm=organisation.name
        )
        with pytest.raises(InvalidInputError, match=r"organisation\.size"):
            restore_organisation(
                session=session,
                actor=OPERATOR,
                data={**backup, "organisation": {**backup["organisation"], "size": "tiny"}},
            )
        restored = restore_organisation(session=session, actor=OPERATOR, data=backup)
        assert not organisation_profile(
            session=session, actor=OPERATOR, organisation_id=restored.organisation.id
        ).given


@pytest.fixture
def database_at_0010(tmp_path):
    """A SQLite database at revision 0010 with one organisation, as recorded before profiles."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0010")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organisation (id, name, retention_days, created_at) VALUES (1, 'Old', 30, :t)"),
            {"t": datetime(2025, 3, 1, 12)},
        )
    yield engine
    engine.dispose()


def test_upgrading_to_0011_keeps_organisations_without_a_profile(database_at_0010):
    upgrade(database_at_0010)
    assert current_revision(database_at_0010) == head_revision()
    with session_scope(database_at_0010) as session:
        assert (
            organisation_profile(session=session, actor=OPERATOR, organisation_id=1) == OrganisationProfile()
        )
        unit = make_unit(session, 1)
        assert make_assessment(session, unit.id).area_targets == {}  # today's behaviour
        organisation = services.get_organisation(session=session, actor=OPERATOR, organisation_id=1)
    assert (organisation.name, organisation.created_at) == ("Old", datetime(2025, 3, 1, 12, tzinfo=UTC))


def test_the_downgrade_of_0011_drops_exactly_the_two_columns_and_keeps_the_rows(database_at_0010):
    upgrade(database_at_0010, "0011")
    spec = importlib.util.spec_from_file_location(
        "migration_0011", PROJECT_DIR / "migrations" / "versions" / "0011_organisation_profile.py"
    )
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    columns = lambda: {c["name"] for c in inspect(database_at_0010).get_columns("organisation")}  # noqa: E731
    assert {"size", "sourcing"} <= columns()
    with database_at_0010.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        migration.downgrade()
    assert not {"size", "sourcing"} & columns()
    with database_at_0010.connect() as connection:
        assert connection.execute(text("SELECT name FROM organisation")).scalars().all() == ["Old"]
