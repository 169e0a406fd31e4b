"""Plans: an assessment's backlog adopted as a unit's tracked plan, with history.

Three new tables (plan, plan_item, plan_change); no existing row changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", _TEXT(length=320), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_plan_unit_id_unit", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plan"),
        sa.UniqueConstraint("unit_id", name="uq_plan_unit_id"),
    )
    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", _TEXT(length=130), nullable=False),
        sa.Column("source_assessment_id", sa.Integer(), nullable=True),
        sa.Column("question_id", _TEXT(length=120), nullable=False),
        sa.Column("area", _TEXT(length=120), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=False),
        sa.Column("to_level", sa.Integer(), nullable=False),
        sa.Column("title", _TEXT(length=300), nullable=False),
        sa.Column("description", _TEXT(length=2000), nullable=False),
        sa.Column("effort", _TEXT(length=2), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("reason", _TEXT(length=2000), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("pillars", sa.JSON(), nullable=False),
        sa.Column("owner", _TEXT(length=200), nullable=False),
        sa.Column("status", _TEXT(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("acceptance", _TEXT(length=2000), nullable=False),
        sa.Column("notes", _TEXT(length=2000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("updated_by", _TEXT(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name="fk_plan_item_plan_id_plan", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_assessment_id"],
            ["assessment.id"],
            name="fk_plan_item_source_assessment_id_assessment",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plan_item"),
        sa.UniqueConstraint("plan_id", "key", name="uq_plan_item_plan_id_key"),
    )
    op.create_index("ix_plan_item_plan_id", "plan_item", ["plan_id"])
    op.create_table(
        "plan_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor", _TEXT(length=320), nullable=False),
        sa.Column("field", _TEXT(length=20), nullable=False),
        sa.Column("old", _TEXT(length=2000), nullable=True),
        sa.Column("new", _TEXT(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["plan_item.id"], name="fk_plan_change_item_id_plan_item", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plan_change"),
    )
    op.create_index("ix_plan_change_item_id", "plan_change", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_change_item_id", table_name="plan_change")
    op.drop_table("plan_change")
    op.drop_index("ix_plan_item_plan_id", table_name="plan_item")
    op.drop_table("plan_item")
    op.drop_table("plan")
