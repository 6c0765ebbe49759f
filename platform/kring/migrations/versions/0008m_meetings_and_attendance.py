"""Meetings and attendance: meetings, who came, guests, and members' calendar feeds.

Revision ID: 0008m
Revises: 0008p
Create Date: 2026-12-02 13:00:05.660225
"""
from alembic import op
import sqlalchemy as sa

import kring.core.db  # noqa: F401  custom column types

from kring.migrations.helpers import protect_tenant_table

revision = '0008m'
down_revision = '0008p'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_feed',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', kring.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', kring.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_meeting_feed_person_id_person', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_meeting_feed_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_feed')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_meeting_feed_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'token_hash', name=op.f('uq_meeting_feed_tenant_id_token_hash')),
    info={'kring.tenant_keys_added': True}
    )
    with op.batch_alter_table('meeting_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_feed_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_feed_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('meeting',
    sa.Column('circle_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', kring.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('series_id', sa.String(length=36), nullable=True),
    sa.Column('cancelled_at', kring.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', kring.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_meeting_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'circle_id'], ['circle.tenant_id', 'circle.id'], name='fk_meeting_circle_id_circle', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_meeting_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_meeting_tenant_id_id')),
    info={'kring.tenant_keys_added': True}
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_tenant_circle_start', ['tenant_id', 'circle_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('present', 'absent_with_notice', 'absent', name='attendancestatus', native_enum=False, length=20), nullable=False),
    sa.Column('recorded_at', kring.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_meeting_attendance_recorded_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meeting.tenant_id', 'meeting.id'], name='fk_meeting_attendance_meeting_id_meeting', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_meeting_attendance_person_id_person', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_meeting_attendance_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_meeting_attendance_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'meeting_id', 'person_id', name=op.f('uq_meeting_attendance_tenant_id_meeting_id_person_id')),
    info={'kring.tenant_keys_added': True}
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendance_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('meeting_guest',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=60), nullable=False),
    sa.Column('created_at', kring.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meeting.tenant_id', 'meeting.id'], name='fk_meeting_guest_meeting_id_meeting', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_meeting_guest_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_guest')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_meeting_guest_tenant_id_id')),
    info={'kring.tenant_keys_added': True}
    )
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_guest_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_guest_tenant_id'), ['tenant_id'], unique=False)

    for table in ('meeting', 'meeting_attendance', 'meeting_guest', 'meeting_feed'):
        protect_tenant_table(table)


def downgrade():
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_guest_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_guest_meeting_id'))

    op.drop_table('meeting_guest')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_person_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_tenant_id'))
        batch_op.drop_index('ix_meeting_tenant_circle_start')

    op.drop_table('meeting')
    with op.batch_alter_table('meeting_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_feed_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_feed_person_id'))

    op.drop_table('meeting_feed')
