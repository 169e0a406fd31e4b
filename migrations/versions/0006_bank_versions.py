"""Bank versions: every bank an assessment uses, stored once by its content hash.

A new table ``stored_bank``; ``organisation.adopted_bank`` (a tailored bank for its new
assessments) and ``assessment.unkept_bank_version``. Assessments recorded before this revision
are attached to the bank shipped with it when the version they recorded is that bank's; the
others are flagged: their recorded version moves to ``unkept_bank_version`` and they are scored
with the shipped bank from now on.

The shipped bank comes from ``0006_shipped_bank.json`` beside this file, a frozen copy of
``questionnaires/bank/`` as it was when this revision was written: what the bank files, the
schema or the loader become later never changes what this revision does. It imports nothing
from the application but a column type.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED_BANK = Path(__file__).with_name("0006_shipped_bank.json")


def upgrade() -> None:
    stored_bank = op.create_table(
        "stored_bank",
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("stored_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_stored_bank"),
    )
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("adopted_bank", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(
            sa.Column("unkept_bank_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )

    content = SHIPPED_BANK.read_text("utf-8").strip()
    shipped = json.loads(content)["version"]
    op.bulk_insert(
        stored_bank,
        [{"version": shipped, "content": content, "origin": "shipped", "stored_at": datetime.now(UTC)}],
    )
    assessment = sa.table(
        "assessment",
        sa.column("bank_version", sa.String()),
        sa.column("unkept_bank_version", sa.String()),
    )
    op.execute(
        assessment.update()
        .where(assessment.c.bank_version != shipped)
        .values(unkept_bank_version=assessment.c.bank_version, bank_version=shipped)
    )


def downgrade() -> None:
    assessment = sa.table(
        "assessment",
        sa.column("bank_version", sa.String()),
        sa.column("unkept_bank_version", sa.String()),
    )
    op.execute(
        assessment.update()
        .where(assessment.c.unkept_bank_version.is_not(None))
        .values(bank_version=assessment.c.unkept_bank_version)
    )
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("unkept_bank_version")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("adopted_bank")
    op.drop_table("stored_bank")
