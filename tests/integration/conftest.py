"""Databases for integration tests: a SQLite file always, PostgreSQL when 127.0.0.1:5432 answers.

Each test session gets its own throwaway PostgreSQL database (``wayfinder_test_<random>``,
created through the ``postgres`` database and dropped at the end), so CI runs start clean.
``WAYFINDER_TEST_POSTGRES_URL`` points at another server's maintenance database.
Tests use a small bank written to a temporary directory, so shipped content can change
without breaking them.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import yaml
from sqlalchemy import Engine, make_url, text

from assessment.db import create_db_engine, upgrade
from questionnaires import DEFAULT_BANK_DIR, Bank, load_bank

AREAS = ("culture", "devops", "architecture", "procurement", "skills")
QUESTIONS_PER_AREA = 3
POSTGRES_ADMIN_URL = os.environ.get(
    "WAYFINDER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))
TABLES = (
    "plan_change",
    "plan_item",
    "plan",
    "answer",
    "respondent",
    "assessment",
    "member",
    "unit",
    "organisation",
    "instance_admin",
    "person_preference",
    "join_attempt",
    "share_link",
    "audit_event",
    "stored_bank",
)


def question(question_id: str, number: int) -> dict:
    return {
        "id": question_id,
        "text": f"How far along is practice {number} of {question_id.split('.')[0]}?",
        "help": "Look at what happens, not at what is planned.",
        "weight": number,
        "levels": {level: f"State {level} of {question_id}." for level in range(1, 6)},
        "steps": {"devops-cloud": 1, "product-backlog": 0.5},
        "pillars": {"security": 0.5},
        "actions": {
            level: {"title": f"Lift {question_id} to {level}", "description": "Do it.", "effort": "M"}
            for level in range(2, 6)
        },
    }


@pytest.fixture(scope="session")
def bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("bank")
    (directory / "areas").mkdir()
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    for area in AREAS:
        questions = [question(f"{area}.q{n}", n) for n in range(1, QUESTIONS_PER_AREA + 1)]
        (directory / "areas" / f"{area}.yaml").write_text(
            yaml.safe_dump({"area": area, "questions": questions}, allow_unicode=True), "utf-8"
        )
    return directory


@pytest.fixture(scope="session")
def bank(bank_dir: Path) -> Bank:
    return load_bank(bank_dir)


@pytest.fixture(autouse=True)
def _test_bank_is_the_current_bank(monkeypatch: pytest.MonkeyPatch, bank_dir: Path) -> None:
    """Services that load the bank themselves (``current_bank()``) get the test bank too."""
    monkeypatch.setenv("WAYFINDER_BANK_DIR", str(bank_dir))


def _admin_connection() -> psycopg.Connection:
    url = make_url(POSTGRES_ADMIN_URL)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database,
        autocommit=True,
        connect_timeout=3,
    )


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[Callable[[], str]]:
    """A factory of fresh, empty PostgreSQL databases (URLs), all dropped at the end."""
    try:
        _admin_connection().close()
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at {make_url(POSTGRES_ADMIN_URL).host}:5432 is not reachable ({error})")
    created: list[str] = []

    def create() -> str:
        name = f"wayfinder_test_{secrets.token_hex(6)}"
        with _admin_connection() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    yield create
    with _admin_connection() as connection:
        for name in created:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_engine(postgres_databases: Callable[[], str]) -> Iterator[Engine]:
    engine = create_db_engine(postgres_databases())
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, fully migrated database on each backend."""
    if request.param == "sqlite":
        sqlite_engine = create_db_engine(f"sqlite:///{tmp_path / 'wayfinder.db'}")
        upgrade(sqlite_engine)
        yield sqlite_engine
        sqlite_engine.dispose()
        return
    postgres: Engine = request.getfixturevalue("postgres_engine")
    with postgres.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    yield postgres


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite database of its own, beside (not the same as) ``engine``."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'source.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()
