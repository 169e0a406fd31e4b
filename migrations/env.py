"""Alembic environment: the schema is ``SQLModel.metadata`` from ``assessment.models``.

``assessment.db.upgrade`` passes an open connection in ``config.attributes["connection"]``
(inside its own transaction and lock); the ``alembic`` command line connects by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.util import CommandError
from sqlalchemy import Connection
from sqlmodel import SQLModel

import assessment.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from assessment.db import create_db_engine

config = context.config
target_metadata = SQLModel.metadata


class DowngradeRefused(CommandError):
    """Raised before any downgrade step runs: see docs/operations.md, "Upgrades and backups"."""


def _upgrades_only(plan: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """The migration plan, refused when any step goes down.

    Downgrades lose rows: on SQLite the table copies cascade-delete every unit, assessment,
    respondent and answer; on PostgreSQL join codes, targets and deletions are dropped. Go
    back by restoring the backup taken before the upgrade instead.
    """

    def checked(heads: Any, migration_context: Any) -> list[Any]:
        steps = plan(heads, migration_context)
        if any(not step.is_upgrade for step in steps):
            raise DowngradeRefused(
                "Wayfinder's schema downgrades are refused: they would lose data. To go back to "
                "an earlier version, restore the database backup taken before the upgrade "
                "(docs/operations.md, 'Upgrades and backups'); nothing was changed."
            )
        return steps

    return checked


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    migration_context = context.get_context()
    migration_context._migrations_fn = _upgrades_only(migration_context._migrations_fn)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=str(create_db_engine().url), target_metadata=target_metadata, render_as_batch=True)
    offline_context = context.get_context()
    offline_context._migrations_fn = _upgrades_only(offline_context._migrations_fn)
    with context.begin_transaction():
        context.run_migrations()
elif (given := config.attributes.get("connection")) is not None:
    run_migrations(given)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    with create_db_engine().connect() as own_connection:
        run_migrations(own_connection)
        own_connection.commit()
