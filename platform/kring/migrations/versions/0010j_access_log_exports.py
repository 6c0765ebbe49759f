"""access log: exports

An export (an audit report, a quality report, a research export) is written to the access log
as one row: which file it was (``export``) and how many residents' records went into it
(``record_count``). Both are empty on the rows of ordinary reads. On PostgreSQL the columns are
added to the partitioned table, and so to every partition.

Revision ID: 0010j
Revises: 0010b
Create Date: 2026-12-02 18:47:07.581414
"""
from alembic import op
import sqlalchemy as sa

import kring.core.db  # noqa: F401  custom column types

revision = '0010j'
down_revision = '0010b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('export', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('record_count', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_column('record_count')
        batch_op.drop_column('export')
