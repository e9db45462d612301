"""Accounts carry a session version: logging out raises it, which ends every session of the account.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 16:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_version')
