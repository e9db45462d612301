"""Initial schema: schools, batches, runs, pages, snapshots, posts, counters, documents, results, decisions.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 14:06:40.947396
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('batches',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches'))
    )
    op.create_table('schools',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('rubric', sa.String(length=100), nullable=False),
    sa.Column('district', sa.Text(), nullable=True),
    sa.Column('self_scores', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools'))
    )
    op.create_table('snapshots',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_snapshots'))
    )
    op.create_table('batch_schools',
    sa.Column('batch_id', sa.String(length=200), nullable=False),
    sa.Column('school_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_schools_batch_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_batch_schools_school_id')),
    sa.PrimaryKeyConstraint('batch_id', 'school_id', name=op.f('pk_batch_schools'))
    )
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('school_id', sa.String(length=200), nullable=False),
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('criterion_id', sa.String(length=50), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reviewer', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('accept', 'keep_self', 'set')", name=op.f('ck_decisions_action')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_decisions_school_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    op.create_index('ix_decisions_school_year', 'decisions', ['school_id', 'year', 'criterion_id'], unique=False)
    op.create_table('runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('school_id', sa.String(length=200), nullable=False),
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('run_key', sa.String(length=200), nullable=False),
    sa.Column('batch_id', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('crawl_status', sa.String(length=16), nullable=True),
    sa.Column('start_url', sa.Text(), nullable=True),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('crawl_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('crawl_finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('crawl_failure', sa.Text(), nullable=True),
    sa.Column('crawl_errors', sa.JSON(), nullable=True),
    sa.CheckConstraint("status IN ('running', 'done', 'failed')", name=op.f('ck_runs_status')),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_runs_batch_id')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_runs_school_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runs')),
    sa.UniqueConstraint('school_id', 'year', 'run_key', name='uq_runs_school_year_key')
    )
    op.create_index(op.f('ix_runs_batch_id'), 'runs', ['batch_id'], unique=False)
    op.create_table('counter_readings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('school_id', sa.String(length=200), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('today', sa.Integer(), nullable=True),
    sa.Column('online', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_counter_readings_run_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_counter_readings_school_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_readings')),
    sa.UniqueConstraint('school_id', 'run_id', name='uq_counter_readings_school_run')
    )
    op.create_table('criterion_results',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=50), nullable=False),
    sa.Column('max_score', sa.Float(), nullable=False),
    sa.Column('self_score', sa.Float(), nullable=True),
    sa.Column('proposed', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_criterion_results_run_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_results')),
    sa.UniqueConstraint('run_id', 'criterion_id', name='uq_criterion_results_run_criterion')
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('file', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('doc_type', sa.String(length=20), nullable=True),
    sa.Column('number', sa.Text(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_documents_run_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('run_id', 'sha256', 'file', name='uq_documents_run_sha_file')
    )
    op.create_table('pages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_pages_run_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sha256'], ['snapshots.sha256'], name=op.f('fk_pages_sha256')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pages')),
    sa.UniqueConstraint('run_id', 'url', 'kind', name='uq_pages_run_url_kind')
    )
    op.create_index(op.f('ix_pages_sha256'), 'pages', ['sha256'], unique=False)
    op.create_table('posts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('school_id', sa.String(length=200), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('date_source', sa.String(length=20), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_run_id', sa.Integer(), nullable=False),
    sa.Column('last_run_id', sa.Integer(), nullable=False),
    sa.Column('missing_since', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['first_run_id'], ['runs.id'], name=op.f('fk_posts_first_run_id')),
    sa.ForeignKeyConstraint(['last_run_id'], ['runs.id'], name=op.f('fk_posts_last_run_id')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_posts_school_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts')),
    sa.UniqueConstraint('school_id', 'url', name='uq_posts_school_url')
    )
    op.create_index('ix_posts_school_published', 'posts', ['school_id', 'published'], unique=False)
    op.create_table('results',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('crawl_status', sa.String(length=16), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_results_run_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_results'))
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table('results')
    op.drop_index('ix_posts_school_published', table_name='posts')
    op.drop_table('posts')
    op.drop_index(op.f('ix_pages_sha256'), table_name='pages')
    op.drop_table('pages')
    op.drop_table('documents')
    op.drop_table('criterion_results')
    op.drop_table('counter_readings')
    op.drop_index(op.f('ix_runs_batch_id'), table_name='runs')
    op.drop_table('runs')
    op.drop_index('ix_decisions_school_year', table_name='decisions')
    op.drop_table('decisions')
    op.drop_table('batch_schools')
    op.drop_table('snapshots')
    op.drop_table('schools')
    op.drop_table('batches')
