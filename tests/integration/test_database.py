from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import SQLModel, select

from assessment import services
from assessment.db import create_db_engine, current_revision, head_revision, session_scope, upgrade
from assessment.models import Organisation
from assessment.settings import PROJECT_DIR, Settings
from tests.factories import OPERATOR, make_organisation

from .conftest import BACKENDS

FIRST_REVISION = "0001"


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database without any schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    create: Callable[[], str] = request.getfixturevalue("postgres_databases")
    return create()


def test_the_default_database_is_a_sqlite_file_in_the_data_folder(monkeypatch):
    monkeypatch.delenv("WAYFINDER_DATABASE_URL", raising=False)
    assert Settings.from_env().database_url == f"sqlite:///{PROJECT_DIR / 'data' / 'wayfinder.db'}"


def test_imports_are_limited_to_twenty_megabytes_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("WAYFINDER_IMPORT_LIMIT_MB", raising=False)
    assert Settings.from_env().import_limit_bytes == 20 * 1024 * 1024
    monkeypatch.setenv("WAYFINDER_IMPORT_LIMIT_MB", "50")
    assert Settings.from_env().import_limit_bytes == 50 * 1024 * 1024


def test_the_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", "postgresql+psycopg://someone@db.example/wayfinder")
    assert Settings.from_env().database_url == "postgresql+psycopg://someone@db.example/wayfinder"


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(sqlite_engine):
    with sqlite_engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") >= 5000
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 1  # NORMAL


def test_a_sqlite_file_is_created_with_its_folder(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'w.db'}")
    upgrade(engine)
    assert (tmp_path / "new" / "folder" / "w.db").is_file()
    engine.dispose()


def test_upgrading_creates_exactly_the_schema_the_models_describe(fresh_url):
    engine = create_db_engine(fresh_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_upgrading_twice_changes_nothing_and_keeps_data(engine):
    with session_scope(engine) as session:
        make_organisation(session, name="Kept")
    upgrade(engine)
    with session_scope(engine, write=False) as session:
        assert [o.name for o in services.list_organisations(actor=OPERATOR, session=session)] == ["Kept"]


def test_several_processes_upgrading_at_once_all_succeed(fresh_url):
    engines = [create_db_engine(fresh_url) for _ in range(3)]
    errors: list[BaseException] = []

    def run(engine: Engine) -> None:
        try:
            upgrade(engine)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert current_revision(engines[0]) == head_revision()
    for engine in engines:
        engine.dispose()


def test_a_new_sqlite_file_waits_for_another_writer_before_switching_to_wal(tmp_path):
    # The switch to WAL writes the header from a read transaction, for which SQLite skips the
    # busy handler: without waiting, a second app server starting on a brand-new file failed
    # at once with "database is locked".
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE started_first (x)")
    threading.Timer(0.3, other.execute, args=("COMMIT",)).start()
    engine = create_db_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
    other.close()


def test_upgrading_a_database_of_the_first_schema_keeps_every_row(fresh_url, bank):
    engine = create_db_engine(fresh_url)
    upgrade(engine, FIRST_REVISION)
    created = datetime(2024, 5, 6, 7, 8, 9, 123456)
    questions = [question.id for question in bank.questions]
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
        run("INSERT INTO organisation (id, name, created_at) VALUES (1, 'Old Ministry', :t)", t=created)
        run(
            "INSERT INTO unit (id, organisation_id, name, created_at) VALUES (1, 1, 'Finance', :t)", t=created
        )
        run(
            "INSERT INTO unit (id, organisation_id, parent_id, name, created_at)"
            " VALUES (2, 1, 1, 'Payroll', :t)",
            t=created,
        )
        run(
            "INSERT INTO assessment (id, unit_id, title, assessed_on, mode, status, area_targets,"
            " focus_steps, focus_pillars, bank_version, created_at) VALUES (1, 2, 'Round 2024',"
            " '2024-05-06', 'workshop', 'closed', '{\"culture\": 3.5}', '[\"devops-cloud\"]', '[]',"
            " 'oldversion', :t)",
            t=created,
        )
        for respondent in (1, 2):
            run(
                "INSERT INTO respondent (id, assessment_id, label, role, token, created_at)"
                " VALUES (:id, 1, :label, 'staff', :token, :t)",
                id=respondent,
                label=f"Person {respondent}",
                token=f"token-{respondent}",
                t=created,
            )
        for index, question_id in enumerate(questions):
            for respondent in (1, 2):
                run(
                    "INSERT INTO answer (respondent_id, question_id, value, note, created_at, updated_at)"
                    " VALUES (:r, :q, :v, :n, :t, :t)",
                    r=respondent,
                    q=question_id,
                    v=str(1 + (index + respondent) % 5),
                    n=f"note {index}" if respondent == 1 else None,
                    t=created,
                )
        if engine.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in ("organisation", "unit", "assessment", "respondent"):
                run(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    with session_scope(engine, write=False) as session:
        info = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=1)
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=1)
        organisation = session.exec(select(Organisation)).one()
    assert (info.organisation, info.unit, info.title, info.status) == (
        "Old Ministry",
        "Finance / Payroll",
        "Round 2024",
        "closed",
    )
    assert dict(info.area_targets) == {"culture": 3.5}
    assert info.focus_steps == ("devops-cloud",)
    assert dict(info.question_targets) == {}
    assert info.join_code is None
    assert organisation.created_at == created.replace(tzinfo=UTC)
    assert len(answers) == 2 * len(questions)
    first = answers[answers["respondent"] == "Person 1"].set_index("question")
    assert first.loc[questions[0], "answer"] == 2
    assert first.loc[questions[3], "note"] == "note 3"
    # The upgraded database takes new work as usual.
    with session_scope(engine) as session:
        unit = services.create_unit(actor=OPERATOR, session=session, organisation_id=1, name="Legal")
    assert unit.id == 3
    engine.dispose()


def test_a_failing_session_rolls_back_everything_it_did(engine):
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        services.create_organisation(actor=OPERATOR, session=session, name="Half done")
        raise RuntimeError("crash")
    with session_scope(engine, write=False) as session:
        assert services.list_organisations(actor=OPERATOR, session=session) == []
