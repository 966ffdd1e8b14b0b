"""Schema version 2, "unknown is not none": facts a record may leave unrecorded are nullable.

A placement's contract and occupation, an employer's industry and ownership, a venture's
industry and a service period's branch and rank may be null ("not recorded"); placements gain
``occupation_title``. A version-1 row keeps its meaning: its contract was required, so a
``'none'`` stored there is still "no written contract", and its insurance count (0 for "no
scheme paid") still says so. Frozen.

Revision ID: v2
Revises: v1
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v2"
down_revision = "v1"
branch_labels = None
depends_on = None

#: The columns that became nullable, by table.
NULLABLE = {
    "employers": ("industry", "ownership"),
    "placements": ("contract", "occupation"),
    "ventures": ("industry",),
    "veterans_service": ("branch", "rank"),
}


def _version(version: int, schema: str | None) -> None:
    table = sa.table("schema_version", sa.column("version", sa.Integer()), schema=schema)
    op.execute(table.update().values(version=version))


def upgrade(schema: str | None = None) -> None:
    """Relax the columns to nullable and add ``placements.occupation_title``."""
    for name, columns in NULLABLE.items():
        with op.batch_alter_table(name, schema=schema) as batch:
            for column in columns:
                batch.alter_column(column, existing_type=sa.Text(), nullable=True)
            if name == "placements":
                batch.add_column(sa.Column("occupation_title", sa.Text(), nullable=True))
    _version(2, schema)


def downgrade(schema: str | None = None) -> None:
    """Back to version 1 (refused by the database if a row holds a null it cannot)."""
    for name, columns in NULLABLE.items():
        with op.batch_alter_table(name, schema=schema) as batch:
            if name == "placements":
                batch.drop_column("occupation_title")
            for column in columns:
                batch.alter_column(column, existing_type=sa.Text(), nullable=False)
    _version(1, schema)
