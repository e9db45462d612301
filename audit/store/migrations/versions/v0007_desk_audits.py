"""The desk as the front door: audits started on the web or the API (with their uploads), live progress on runs,
the kind of each batch (a school's own checks stay its own until submitted), school accounts, API tokens and
frozen submissions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 23:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('runs') as batch:
        batch.add_column(sa.Column('progress', sa.JSON(), nullable=True))
    with op.batch_alter_table('batches') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='registry'))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('school_id', sa.String(length=200), nullable=True))
        batch.drop_constraint(op.f('ck_users_role'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role'), "role IN ('admin', 'reviewer', 'school')")
    op.create_table(
        'audits',
        sa.Column('id', sa.String(length=200), nullable=False),
        sa.Column('school_id', sa.String(length=200), nullable=False),
        sa.Column('year', sa.String(length=9), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('self_scores', sa.Text(), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('uploads', sa.JSON(), nullable=False),
        sa.Column('previous_run_id', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['id'], ['batches.id'], name=op.f('fk_audits_id'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_audits_school_id')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audits')))
    op.create_index('ix_audits_school_year', 'audits', ['school_id', 'year'])
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('username', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')))
    op.create_table(
        'submissions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('school_id', sa.String(length=200), nullable=False),
        sa.Column('year', sa.String(length=9), nullable=False),
        sa.Column('audit_id', sa.String(length=200), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('district', sa.Text(), nullable=True),
        sa.Column('submitted_by', sa.String(length=100), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_submissions_school_id')),
        sa.ForeignKeyConstraint(['audit_id'], ['audits.id'], name=op.f('fk_submissions_audit_id')),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_submissions_run_id')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
        sa.UniqueConstraint('audit_id', name=op.f('uq_submissions_audit_id')))


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table('submissions')
    op.drop_table('api_tokens')
    op.drop_index('ix_audits_school_year', table_name='audits')
    op.drop_table('audits')
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role'), "role IN ('admin', 'reviewer')")
        batch.drop_column('school_id')
    with op.batch_alter_table('batches') as batch:
        batch.drop_column('kind')
    with op.batch_alter_table('runs') as batch:
        batch.drop_column('progress')
