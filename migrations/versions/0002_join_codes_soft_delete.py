"""Workshop join codes, per-question targets, soft delete.

Only adds columns and an index, so SQLite needs no table copy and no row is touched
except to give existing assessments empty per-question targets.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("organisation", "unit", "assessment"):
        op.add_column(table, sa.Column("deleted_at", UtcDateTime(), nullable=True))
    op.add_column("assessment", sa.Column("join_code", sa.String(length=12), nullable=True))
    op.add_column(
        "assessment",
        sa.Column("question_targets", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )
    op.create_index("ix_assessment_join_code", "assessment", ["join_code"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_assessment_join_code", table_name="assessment")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("question_targets")
        batch.drop_column("join_code")
    for table in ("organisation", "unit", "assessment"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("deleted_at")
