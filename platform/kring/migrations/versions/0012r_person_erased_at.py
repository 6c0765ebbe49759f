"""person erased at

A person whose data was erased keeps their row, under a pseudonym, so that attendance, scores
and counts keep adding up; ``erased_at`` says when (kring.privacy).

Revision ID: 0012r
Revises: 0012p
Create Date: 2026-12-03 10:28:21.789377
"""
from alembic import op
import sqlalchemy as sa

import kring.core.db  # noqa: F401  custom column types


revision = '0012r'
down_revision = '0012p'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', kring.core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
