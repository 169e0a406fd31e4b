"""One settings object, read from the environment, with working defaults when nothing is set."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from questionnaires import DEFAULT_BANK_DIR

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'data' / 'wayfinder.db'}"
DEFAULT_IMPORT_LIMIT_MB = 20
# Connections one process (an app replica, a command) may hold on a server database: see
# docs/operations.md, "Several app servers", for the formula across replicas.
DEFAULT_DB_POOL_SIZE = 5
DEFAULT_DB_MAX_OVERFLOW = 10
DEFAULT_DB_POOL_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Settings:
    """What the environment sets, each with a working default.

    ``WAYFINDER_DATABASE_URL``, ``WAYFINDER_BANK_DIR``, ``WAYFINDER_IMPORT_LIMIT_MB``;
    ``WAYFINDER_ADMINS``: comma-separated e-mail addresses of instance admins;
    ``WAYFINDER_PUBLIC_URL``: the address people reach the app at (join links and QR codes),
    e.g. ``https://wayfinder.example.gov``; empty means the address the browser used.
    ``WAYFINDER_DB_POOL_SIZE``, ``WAYFINDER_DB_MAX_OVERFLOW``, ``WAYFINDER_DB_POOL_TIMEOUT``:
    a PostgreSQL engine's connection pool (kept open, opened on demand beyond that, and the
    seconds a page waits for a free connection before it fails).
    """

    database_url: str = DEFAULT_DATABASE_URL
    bank_dir: Path = DEFAULT_BANK_DIR
    import_limit_bytes: int = DEFAULT_IMPORT_LIMIT_MB * 1024 * 1024
    admins: frozenset[str] = frozenset()
    public_url: str = ""
    db_pool_size: int = DEFAULT_DB_POOL_SIZE
    db_max_overflow: int = DEFAULT_DB_MAX_OVERFLOW
    db_pool_timeout: float = DEFAULT_DB_POOL_TIMEOUT_S

    @classmethod
    def from_env(cls) -> Settings:
        limit_mb = float(os.environ.get("WAYFINDER_IMPORT_LIMIT_MB") or DEFAULT_IMPORT_LIMIT_MB)
        return cls(
            database_url=os.environ.get("WAYFINDER_DATABASE_URL") or DEFAULT_DATABASE_URL,
            bank_dir=Path(os.environ.get("WAYFINDER_BANK_DIR") or DEFAULT_BANK_DIR),
            import_limit_bytes=int(limit_mb * 1024 * 1024),
            admins=frozenset(
                email.strip().lower()
                for email in os.environ.get("WAYFINDER_ADMINS", "").split(",")
                if email.strip()
            ),
            public_url=os.environ.get("WAYFINDER_PUBLIC_URL", "").strip().rstrip("/"),
            db_pool_size=int(os.environ.get("WAYFINDER_DB_POOL_SIZE") or DEFAULT_DB_POOL_SIZE),
            db_max_overflow=int(os.environ.get("WAYFINDER_DB_MAX_OVERFLOW") or DEFAULT_DB_MAX_OVERFLOW),
            db_pool_timeout=float(os.environ.get("WAYFINDER_DB_POOL_TIMEOUT") or DEFAULT_DB_POOL_TIMEOUT_S),
        )


def get_settings() -> Settings:
    """The settings as the environment says now (read on every call, so tests can change it)."""
    return Settings.from_env()
