"""Runs record whether their crawl read every listing to the window's start (incremental nights do not).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 15:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('runs') as batch:
        batch.add_column(sa.Column('crawl_complete', sa.Boolean(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('runs') as batch:
        batch.drop_column('crawl_complete')
