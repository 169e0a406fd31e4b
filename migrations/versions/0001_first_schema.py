"""First schema: organisations, units, assessments, respondents, answers.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisation"),
    )
    op.create_index("ix_organisation_name", "organisation", ["name"])
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_unit_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["unit.id"], name="fk_unit_parent_id_unit", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_unit"),
    )
    op.create_index("ix_unit_organisation_id", "unit", ["organisation_id"])
    op.create_index("ix_unit_parent_id", "unit", ["parent_id"])
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("area_targets", sa.JSON(), nullable=False),
        sa.Column("focus_steps", sa.JSON(), nullable=False),
        sa.Column("focus_pillars", sa.JSON(), nullable=False),
        sa.Column("bank_version", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name="fk_assessment_unit_id_unit", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessment"),
    )
    op.create_index("ix_assessment_unit_id", "assessment", ["unit_id"])
    op.create_table(
        "respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_respondent_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_respondent"),
        sa.UniqueConstraint("assessment_id", "label", name="uq_respondent_assessment_id_label"),
        sa.UniqueConstraint("token", name="uq_respondent_token"),
    )
    op.create_index("ix_respondent_assessment_id", "respondent", ["assessment_id"])
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=120), nullable=False),
        sa.Column("value", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondent.id"],
            name="fk_answer_respondent_id_respondent",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_answer"),
        sa.UniqueConstraint("respondent_id", "question_id", name="uq_answer_respondent_id_question_id"),
    )
    op.create_index("ix_answer_question_id", "answer", ["question_id"])


def downgrade() -> None:
    for table in ("answer", "respondent", "assessment", "unit", "organisation"):
        op.drop_table(table)
