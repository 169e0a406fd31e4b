"""Engines, sessions and schema upgrades for SQLite (the default) and PostgreSQL.

SQLite is tuned for many people saving at once: WAL (readers never block the writer), a
busy timeout (a writer waits its turn instead of failing) and ``BEGIN IMMEDIATE`` for write
sessions. The last matters: a deferred transaction that reads first and writes later cannot
wait for the lock when another writer got in between, and fails at once with "database is
locked" whatever the timeout. Taking the write lock at ``BEGIN`` makes writers queue.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from assessment.settings import PROJECT_DIR, get_settings

MIGRATIONS_DIR = PROJECT_DIR / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Any constant works: it only has to be the same for every Wayfinder process on a server.
_UPGRADE_LOCK_KEY = 0x57A1F1DE
_WRITE_OPTION = "wayfinder_write"


class DatabaseError(Exception):
    """The database cannot be used as it is (e.g. a broken schema); the message says why."""


def create_db_engine(url: str | URL | None = None) -> Engine:
    """An engine for ``url`` (default: ``WAYFINDER_DATABASE_URL`` or the SQLite file under data/)."""
    settings = get_settings()
    sa_url = make_url(url or settings.database_url)
    if sa_url.get_backend_name() == "sqlite":
        return _sqlite_engine(sa_url)
    # Bounded: a process never holds more than pool_size + max_overflow connections, so
    # replicas × that (plus the command line's) stays under the server's max_connections.
    return create_engine(
        sa_url,
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
    )


def _sqlite_engine(url: URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    if in_memory:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        Path(url.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=10,
            max_overflow=40,
        )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN, instead of pysqlite's own guesswork
        # (which also runs DDL outside any transaction).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            _switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros in the file, not merely unlinked: a purged
        # name must not stay readable in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, waiting like any writer when another connection holds a lock.

    The switch writes the file header from inside a read transaction, and SQLite skips the busy
    handler for such a lock upgrade (it could deadlock), failing at once with "database is
    locked". That happens only while a brand-new file is being set up by several connections at
    once (e.g. several app servers starting together), so waiting and trying again is enough.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on any exception.

    ``write=False`` for pages and reports that only read: on SQLite they then do not queue
    behind writers. Objects stay readable after commit, but hand out plain values, not rows.
    """
    with Session(engine, expire_on_commit=False) as session:
        if not write:
            session.connection(execution_options={_WRITE_OPTION: False})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows in the session's transaction, as fast as the backend allows.

    PostgreSQL gets ``COPY`` (one round trip instead of one per row). SQLite gets the
    driver's ``executemany``, each distinct value converted once by its column type (an
    import's rows share their timestamps). Rows all have the keys of the first row.
    """
    if not rows:
        return
    connection = session.connection()
    columns = list(rows[0])
    names = ", ".join(f'"{column}"' for column in columns)
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with driver.cursor().copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])
        return
    converters = [_converter(table.c[column].type, connection.dialect) for column in columns]
    placeholders = ", ".join("?" for _ in columns)
    driver.executemany(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({placeholders})',
        [
            tuple(
                row[column] if convert is None else convert(row[column])
                for convert, column in zip(converters, columns, strict=True)
            )
            for row in rows
        ],
    )


def _converter(column_type: Any, dialect: Any) -> Any:
    """The column type's bind conversion, remembering results: None when values pass as they are."""
    process = column_type._cached_bind_processor(dialect)
    if process is None:
        return None
    memory: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in memory:
            memory[value] = process(value)
        return memory[value]

    return convert


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise DatabaseError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at; None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` in one transaction; existing data is kept.

    Safe to call from several processes at once: on PostgreSQL an advisory lock, on SQLite
    ``BEGIN IMMEDIATE`` makes the others wait, after which they find nothing left to do.
    """
    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        if sqlite:
            # Batch migrations copy tables; with foreign keys on, dropping the old copy would
            # cascade-delete answers. The pragma only takes effect outside a transaction.
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK_KEY})
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise DatabaseError(f"the upgrade would leave broken references in {', '.join(tables)}")


def scrub(engine: Engine) -> None:
    """Make deleted rows unreadable in the database files themselves, after a purge committed.

    SQLite: deletes already zero their bytes (``secure_delete``), but the write-ahead log still
    holds earlier copies of the pages: a truncating checkpoint empties it, and ``VACUUM``
    rewrites the file without free pages. PostgreSQL: ``VACUUM`` frees the deleted row versions
    for reuse (their bytes go as pages are reused; the rows are gone from every query at once).
    """
    if engine.dialect.name == "sqlite":
        # On the raw driver connection: outside any transaction (the engine's "begin" hook
        # would open one), which a checkpoint and VACUUM need.
        raw = engine.raw_connection()
        try:
            for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                raw.driver_connection.execute(statement)
        finally:
            raw.close()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
