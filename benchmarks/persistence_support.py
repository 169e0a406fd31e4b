"""Shared by the persistence benchmarks: databases on both backends and a bank of any size.

Each benchmark runs on a fresh SQLite file and, when 127.0.0.1:5432 answers, on a throwaway
PostgreSQL database (``wayfinder_bench_<random>``) that is dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import yaml
from sqlalchemy import Engine, make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.db import create_db_engine, upgrade
from questionnaires import DEFAULT_BANK_DIR, Bank, load_bank

POSTGRES_ADMIN_URL = os.environ.get(
    "WAYFINDER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
AREAS = ("culture", "devops", "architecture", "procurement", "skills")


def bank_with(questions: int, directory: Path) -> Bank:
    """A valid bank of ``questions`` questions spread over the five areas, written to ``directory``."""
    (directory / "areas").mkdir(parents=True)
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    for area_index, area in enumerate(AREAS):
        count = questions // len(AREAS) + (1 if area_index < questions % len(AREAS) else 0)
        records = [
            {
                "id": f"{area}.q{number:03d}",
                "text": f"Question {number} of {area}?",
                "help": "Synthetic benchmark question.",
                "levels": {level: f"State {level}." for level in range(1, 6)},
                "steps": {"devops-cloud": 1.0},
                "pillars": {"security": 0.5},
                "actions": {
                    level: {"title": f"Reach {level}", "description": "Do it.", "effort": "M"}
                    for level in range(2, 6)
                },
            }
            for number in range(count)
        ]
        (directory / "areas" / f"{area}.yaml").write_text(
            yaml.safe_dump({"area": area, "questions": records})
        )
    return load_bank(directory)


def _admin() -> psycopg.Connection:
    url = make_url(POSTGRES_ADMIN_URL)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        dbname=url.database,
        autocommit=True,
        connect_timeout=3,
    )


def postgres_reason() -> str | None:
    """None when PostgreSQL answers, else why it is skipped."""
    try:
        _admin().close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL not reachable ({str(error).strip().splitlines()[0]})"
    return None


@contextmanager
def fresh_database(backend: str) -> Iterator[Engine]:
    """A migrated, empty database on ``backend`` ("sqlite" or "postgresql"), removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            engine = create_db_engine(f"sqlite:///{Path(directory) / 'bench.db'}")
            upgrade(engine)
            try:
                yield engine
            finally:
                engine.dispose()
        return
    name = f"wayfinder_bench_{secrets.token_hex(4)}"
    with _admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    engine = create_db_engine(make_url(POSTGRES_ADMIN_URL).set(database=name))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with _admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backends() -> list[str]:
    reason = postgres_reason()
    if reason:
        print(f"postgresql: skipped — {reason}")
        return ["sqlite"]
    return ["sqlite", "postgresql"]
