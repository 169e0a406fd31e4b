"""Languages: the language each person answers in and each assessment reports in.

Two new columns with safe defaults and one new table; no existing row changes meaning, so an
upgrade keeps every answer (existing assessments report in English, as they always did).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(
            sa.Column(
                "report_language",
                sqlmodel.sql.sqltypes.AutoString(length=12),
                nullable=False,
                server_default="en",
            )
        )
    with op.batch_alter_table("respondent") as batch:
        batch.add_column(sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))
    op.create_table(
        "person_preference",
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email", name="pk_person_preference"),
    )


def downgrade() -> None:
    op.drop_table("person_preference")
    with op.batch_alter_table("respondent") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("report_language")
