"""Import mappings: how an organisation's files from one survey form map to the bank.

One new table; no existing row changes, so an upgrade keeps every answer.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from assessment.models import UtcDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("headers_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_import_mapping_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_import_mapping"),
        sa.UniqueConstraint(
            "organisation_id", "headers_key", name="uq_import_mapping_organisation_id_headers_key"
        ),
    )
    op.create_index("ix_import_mapping_organisation_id", "import_mapping", ["organisation_id"])


def downgrade() -> None:
    op.drop_index("ix_import_mapping_organisation_id", table_name="import_mapping")
    op.drop_table("import_mapping")
