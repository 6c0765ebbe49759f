"""people paged by name within a tenant

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_person_tenant_name', 'person', ['tenant_id', 'name', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_person_tenant_name', table_name='person')
