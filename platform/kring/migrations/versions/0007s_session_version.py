"""a user's session version, raised to end every session they have

Revision ID: 0007s
Revises: 0006a
Create Date: 2026-12-02 01:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0007s'
down_revision = '0006a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(
            sa.Column('session_version', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('session_version')
