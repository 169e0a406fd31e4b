"""Organisation profile: its size band and sourcing model, from which area targets are proposed.

Two nullable columns; existing organisations have no profile, so their new assessments keep the
default targets as before, and no existing row changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("size", _TEXT(length=20), nullable=True))
        batch.add_column(sa.Column("sourcing", _TEXT(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("sourcing")
        batch.drop_column("size")
