"""Initial schema: app data, team records and the ingest manifest.

The tables of the first release's app.db (teams, nudges, events, deliveries, feed, transcripts)
and coach.db (ingest manifest, embedding cache), plus the typed team records: members, API keys,
OKR sets, objectives and key results, metric snapshots, meetings and the audit log.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-30 17:06:30.569494
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
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('actor_role', sa.String(length=16), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject_kind', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=120), nullable=False),
    sa.Column('before_text', sa.Text(), nullable=True),
    sa.Column('after_text', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_subject', ['subject_kind', 'subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_team'), ['team'], unique=False)

    op.create_table('deliveries',
    sa.Column('nudge_id', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('nudge_id', 'channel', name=op.f('pk_deliveries'))
    )
    op.create_table('embedding_cache',
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('model', 'content_hash', name=op.f('pk_embedding_cache'))
    )
    op.create_table('feed',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('nudge_id', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivered_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed')),
    sa.UniqueConstraint('nudge_id', name=op.f('uq_feed_nudge_id'))
    )
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_team'), ['team'], unique=False)

    op.create_table('ingest_chunks',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_chunks'))
    )
    with op.batch_alter_table('ingest_chunks', schema=None) as batch_op:
        batch_op.create_index('ix_ingest_chunks_file', ['team', 'path'], unique=False)

    op.create_table('ingest_files',
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('ingested_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('team', 'path', name=op.f('pk_ingest_files'))
    )
    op.create_table('scope_generations',
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('team', name=op.f('pk_scope_generations'))
    )
    op.create_table('teams',
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=True),
    sa.Column('vocabulary', sa.Text(), nullable=True),
    sa.Column('cycle_label', sa.String(length=64), nullable=True),
    sa.Column('cycle_start', sa.Date(), nullable=True),
    sa.Column('cycle_end', sa.Date(), nullable=True),
    sa.Column('webhook_url', sa.Text(), nullable=True),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_teams'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('user', sa.String(length=120), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('prefix', sa.String(length=24), nullable=False),
    sa.Column('hash', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('revoked_at', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['team'], ['teams.name'], name=op.f('fk_api_keys_team_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('hash', name=op.f('uq_api_keys_hash'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_team'), ['team'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('uploaded_at', sa.String(length=40), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('meta', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['team'], ['teams.name'], name=op.f('fk_meetings_team_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('team', 'path', name=op.f('uq_meetings_team'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_team'), ['team'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('user', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['team'], ['teams.name'], name=op.f('fk_members_team_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('team', 'display_name', name=op.f('uq_members_team'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_team'), ['team'], unique=False)

    op.create_table('metric_snapshots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('file', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('metric', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.Text(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['team'], ['teams.name'],
                            name=op.f('fk_metric_snapshots_team_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_snapshots'))
    )
    with op.batch_alter_table('metric_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_snapshots_team'), ['team'], unique=False)

    op.create_table('nudges',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('transcript', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('stance', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('original_text', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('practice', sa.Text(), nullable=True),
    sa.Column('practice_query', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.Column('delivered_at', sa.String(length=40), nullable=True),
    sa.Column('resolved_at', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['team'], ['teams.name'], name=op.f('fk_nudges_team_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nudges'))
    )
    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.create_index('ix_nudges_team_status', ['team', 'status'], unique=False)

    op.create_table('okr_sets',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('team', sa.String(length=63), nullable=False),
    sa.Column('file', sa.Text(), nullable=False),
    sa.Column('cycle', sa.String(length=64), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['team'], ['teams.name'], name=op.f('fk_okr_sets_team_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_okr_sets')),
    sa.UniqueConstraint('team', 'file', name=op.f('uq_okr_sets_team'))
    )
    with op.batch_alter_table('okr_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_okr_sets_team'), ['team'], unique=False)

    op.create_table('objectives',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('okr_set_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('initiatives', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['okr_set_id'], ['okr_sets.id'],
                            name=op.f('fk_objectives_okr_set_id_okr_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objectives'))
    )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objectives_okr_set_id'), ['okr_set_id'], unique=False)

    op.create_table('key_results',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('metric', sa.Text(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('direction', sa.String(length=16), nullable=True),
    sa.Column('baseline', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'],
                            name=op.f('fk_key_results_objective_id_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_results'))
    )
    with op.batch_alter_table('key_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_results_objective_id'), ['objective_id'], unique=False)



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('key_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_results_objective_id'))

    op.drop_table('key_results')
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectives_okr_set_id'))

    op.drop_table('objectives')
    with op.batch_alter_table('okr_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_okr_sets_team'))

    op.drop_table('okr_sets')
    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.drop_index('ix_nudges_team_status')

    op.drop_table('nudges')
    with op.batch_alter_table('metric_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_snapshots_team'))

    op.drop_table('metric_snapshots')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_team'))

    op.drop_table('members')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_team'))

    op.drop_table('meetings')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_team'))

    op.drop_table('api_keys')
    op.drop_table('teams')
    op.drop_table('scope_generations')
    op.drop_table('ingest_files')
    with op.batch_alter_table('ingest_chunks', schema=None) as batch_op:
        batch_op.drop_index('ix_ingest_chunks_file')

    op.drop_table('ingest_chunks')
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_team'))

    op.drop_table('feed')
    op.drop_table('embedding_cache')
    op.drop_table('deliveries')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_team'))
        batch_op.drop_index('ix_audit_log_subject')

    op.drop_table('audit_log')
