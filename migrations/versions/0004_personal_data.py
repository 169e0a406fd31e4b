"""Personal data: respondents deleted until purged, anonymous workshops, retention per
organisation, and the audit trail.

Adds columns (with defaults, so existing rows stay as they were) and one table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("respondent", sa.Column("deleted_at", UtcDateTime(), nullable=True))
    op.add_column(
        "assessment", sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "organisation",
        sa.Column("retention_days", sa.Integer(), nullable=False, server_default=sa.text("30")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("object_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_event"),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"])
    op.create_index("ix_audit_event_organisation_id", "audit_event", ["organisation_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_organisation_id", table_name="audit_event")
    op.drop_index("ix_audit_event_at", table_name="audit_event")
    op.drop_table("audit_event")
    for table, column in (("organisation", "retention_days"), ("assessment", "anonymous"), ("respondent", "deleted_at")):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
