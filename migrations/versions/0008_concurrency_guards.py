"""Concurrency guards found by the adversarial tests: a version for each assessment's targets.

``assessment.targets_version`` counts saves of targets and focus, so a save made from an older
version is refused instead of silently undoing someone else's. A new column with a server
default: every existing row gets 0, and no row changes otherwise.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Adding a column with a constant default needs no table copy on SQLite or PostgreSQL.
    op.add_column(
        "assessment",
        sa.Column("targets_version", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    # Never reached through Wayfinder (migrations/env.py refuses downgrades); kept exact.
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("targets_version")
