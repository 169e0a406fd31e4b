"""Share links: read-only links to one assessment's results, each stored as a hash.

One new table; no existing row changes, so an upgrade keeps every answer. A link goes with its
assessment (the foreign key cascades when an assessment is purged).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "share_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _TEXT(length=64), nullable=False),
        sa.Column("label", _TEXT(length=120), nullable=False),
        sa.Column("created_by", _TEXT(length=320), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_share_link_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_share_link"),
        sa.UniqueConstraint("token_hash", name="uq_share_link_token_hash"),
    )
    op.create_index("ix_share_link_assessment_id", "share_link", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_share_link_assessment_id", table_name="share_link")
    op.drop_table("share_link")
