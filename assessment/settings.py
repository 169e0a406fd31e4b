"""One settings object, read from the environment, with working defaults when nothing is set."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from questionnaires import DEFAULT_BANK_DIR

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'data' / 'wayfinder.db'}"
DEFAULT_IMPORT_LIMIT_MB = 20


@dataclass(frozen=True)
class Settings:
    """``WAYFINDER_DATABASE_URL``, ``WAYFINDER_BANK_DIR`` and ``WAYFINDER_IMPORT_LIMIT_MB``."""

    database_url: str = DEFAULT_DATABASE_URL
    bank_dir: Path = DEFAULT_BANK_DIR
    import_limit_bytes: int = DEFAULT_IMPORT_LIMIT_MB * 1024 * 1024

    @classmethod
    def from_env(cls) -> Settings:
        limit_mb = float(os.environ.get("WAYFINDER_IMPORT_LIMIT_MB") or DEFAULT_IMPORT_LIMIT_MB)
        return cls(
            database_url=os.environ.get("WAYFINDER_DATABASE_URL") or DEFAULT_DATABASE_URL,
            bank_dir=Path(os.environ.get("WAYFINDER_BANK_DIR") or DEFAULT_BANK_DIR),
            import_limit_bytes=int(limit_mb * 1024 * 1024),
        )


def get_settings() -> Settings:
    """The settings as the environment says now (read on every call, so tests can change it)."""
    return Settings.from_env()
