"""outbox index of failed messages: the admin's page lists them whatever the outbox's size

Revision ID: 0009c
Revises: 0009a
Create Date: 2026-12-02 16:54:19.070120
"""
from alembic import op
import sqlalchemy as sa

revision = '0009c'
down_revision = '0009a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_failed', ['tenant_id', 'failed_at'], unique=False, postgresql_where=sa.text('failed_at IS NOT NULL AND sent_at IS NULL AND cancelled_at IS NULL'), sqlite_where=sa.text('failed_at IS NOT NULL AND sent_at IS NULL AND cancelled_at IS NULL'))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_failed', postgresql_where=sa.text('failed_at IS NOT NULL AND sent_at IS NULL AND cancelled_at IS NULL'), sqlite_where=sa.text('failed_at IS NOT NULL AND sent_at IS NULL AND cancelled_at IS NULL'))
