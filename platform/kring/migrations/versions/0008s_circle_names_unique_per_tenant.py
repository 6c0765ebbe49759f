"""circle names unique per tenant

Circles that already share a name in a tenant are told apart first: the oldest keeps its name,
the next become "Name (2)", "Name (3)" (a number no other circle of the tenant carries yet).

Revision ID: 0008s
Revises: 0008x
Create Date: 2026-12-02 13:02:42.595908
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0008s"
down_revision = "0008x"
branch_labels = None
depends_on = None

_circle = sa.table(
    "circle",
    sa.column("id", sa.Integer),
    sa.column("tenant_id", sa.Integer),
    sa.column("name", sa.String),
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # Row-level security is forced on the table, for its owner too: read every tenant's rows.
        bind.execute(sa.text("SELECT set_config('kring.system', 'on', true)"))
    rename_duplicates(bind)
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_circle_tenant_name", ["tenant_id", "name"])


def rename_duplicates(bind) -> None:
    """Give every circle but the oldest of a shared name a number: "Name (2)", "Name (3)"."""
    rows = bind.execute(
        sa.select(_circle.c.id, _circle.c.tenant_id, _circle.c.name).order_by(_circle.c.id)
    ).all()
    taken = defaultdict(set)
    for row in rows:
        taken[row.tenant_id].add(row.name)
    seen = defaultdict(set)
    for row in rows:
        if row.name not in seen[row.tenant_id]:
            seen[row.tenant_id].add(row.name)
            continue
        number = 2
        while f"{row.name} ({number})"[:200] in taken[row.tenant_id]:
            number += 1
        name = f"{row.name} ({number})"[:200]
        taken[row.tenant_id].add(name)
        bind.execute(sa.update(_circle).where(_circle.c.id == row.id).values(name=name))


def downgrade():
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.drop_constraint("uq_circle_tenant_name", type_="unique")
