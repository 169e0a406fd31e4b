"""Alembic environment: the schema is ``SQLModel.metadata`` from ``assessment.models``.

``assessment.db.upgrade`` passes an open connection in ``config.attributes["connection"]``
(inside its own transaction and lock); the ``alembic`` command line connects by itself.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import assessment.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from assessment.db import create_db_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=str(create_db_engine().url), target_metadata=target_metadata, render_as_batch=True)
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
