"""Members with roles per organisation, instance admins, wrong join codes per client, and the
signed-in person behind a respondent.

New tables and one new nullable column: no existing row changes, so an upgrade keeps every answer.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_member_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_member"),
        sa.UniqueConstraint("organisation_id", "email", name="uq_member_organisation_id_email"),
    )
    op.create_index("ix_member_organisation_id", "member", ["organisation_id"])
    op.create_index("ix_member_email", "member", ["email"])
    op.create_table(
        "instance_admin",
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email", name="pk_instance_admin"),
    )
    op.create_table(
        "join_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("attempted_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_join_attempt"),
    )
    op.create_index("ix_join_attempt_client", "join_attempt", ["client"])
    op.add_column("respondent", sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True))
    op.create_index("ix_respondent_email", "respondent", ["email"])


def downgrade() -> None:
    op.drop_index("ix_respondent_email", table_name="respondent")
    with op.batch_alter_table("respondent") as batch:
        batch.drop_column("email")
    op.drop_index("ix_join_attempt_client", table_name="join_attempt")
    op.drop_table("join_attempt")
    op.drop_table("instance_admin")
    op.drop_index("ix_member_email", table_name="member")
    op.drop_index("ix_member_organisation_id", table_name="member")
    op.drop_table("member")
