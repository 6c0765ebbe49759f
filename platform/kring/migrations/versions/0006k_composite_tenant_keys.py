"""the third wall: keys between tenant tables include the tenant

Every tenant table gets UNIQUE (tenant_id, id), and every foreign key from one tenant table to
another becomes (tenant_id, x_id) REFERENCES x (tenant_id, id), so the database refuses a row that
points into another tenant. Keys to tenant and user_account stay single-column.

circle_member.intake_by_id was ON DELETE SET NULL; a composite SET NULL would null tenant_id too,
so it becomes RESTRICT (the interviewer's own membership in the circle keeps the person anyway).
The downgrade restores SET NULL.

The constraints keep the names the single-column keys had (fk_<table>_<column>_<target>).
On PostgreSQL, adding a key checks the existing rows: a row that already points into another
tenant stops the migration, which is the point.

Revision ID: 0006k
Revises: 0005
Create Date: 2026-12-02 09:00:00.000000
"""
from alembic import op

revision = '0006k'
down_revision = '0005'
branch_labels = None
depends_on = None

# Parents before children: a key needs its target's UNIQUE (tenant_id, id) to exist first.
TENANT_TABLES = (
    'organisation',
    'neighbourhood',
    'person',
    'circle',
    'circle_member',
    'methodology_enablement',
    'role_grant',
    'training_record',
    'phase_transition',
    'member_status_change',
    'signal',
    'survey_response',
    'journal_entry',
    'outbox_message',
)

# table: [(column, target, ON DELETE before, ON DELETE after)]
KEYS = {
    'circle': [
        ('organisation_id', 'organisation', 'RESTRICT', 'RESTRICT'),
        ('neighbourhood_id', 'neighbourhood', 'RESTRICT', 'RESTRICT'),
    ],
    'circle_member': [
        ('circle_id', 'circle', 'CASCADE', 'CASCADE'),
        ('person_id', 'person', 'RESTRICT', 'RESTRICT'),
        ('intake_by_id', 'person', 'SET NULL', 'RESTRICT'),
    ],
    'methodology_enablement': [('organisation_id', 'organisation', 'CASCADE', 'CASCADE')],
    'role_grant': [('organisation_id', 'organisation', 'CASCADE', 'CASCADE')],
    'training_record': [('person_id', 'person', 'CASCADE', 'CASCADE')],
    'phase_transition': [('circle_id', 'circle', 'CASCADE', 'CASCADE')],
    'member_status_change': [('member_id', 'circle_member', 'CASCADE', 'CASCADE')],
    'signal': [('organisation_id', 'organisation', 'RESTRICT', 'RESTRICT')],
    'survey_response': [('person_id', 'person', 'CASCADE', 'CASCADE')],
}


def upgrade():
    for table in TENANT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(
                batch_op.f(f'uq_{table}_tenant_id_id'), ['tenant_id', 'id']
            )
            for column, target, _, ondelete in KEYS.get(table, ()):
                name = batch_op.f(f'fk_{table}_{column}_{target}')
                batch_op.drop_constraint(name, type_='foreignkey')
                batch_op.create_foreign_key(
                    name, target, ['tenant_id', column], ['tenant_id', 'id'], ondelete=ondelete
                )


def downgrade():
    for table in reversed(TENANT_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, target, ondelete, _ in KEYS.get(table, ()):
                name = batch_op.f(f'fk_{table}_{column}_{target}')
                batch_op.drop_constraint(name, type_='foreignkey')
                batch_op.create_foreign_key(name, target, [column], ['id'], ondelete=ondelete)
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_tenant_id_id'), type_='unique')
