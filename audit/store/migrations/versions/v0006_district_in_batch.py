"""Runs, batch memberships and decisions keep the district the school had then: who may see them follows that
district, not the school's current registration (re-registering a school elsewhere hands nothing over).
Rows from before are given the school's district at the time of this migration.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None
TABLES = ('runs', 'batch_schools', 'decisions')


def upgrade() -> None:
    """Apply this revision."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('district', sa.Text(), nullable=True))
        op.execute(f"UPDATE {table} SET district = (SELECT schools.district FROM schools "
                   f"WHERE schools.id = {table}.school_id)")


def downgrade() -> None:
    """Revert this revision."""
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('district')
